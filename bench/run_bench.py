"""End-to-end throughput: documents/s and words/s of `tadmor run` over a JSONL corpus.

    python bench/make_corpus.py --docs 2000 --out bench/corpus.jsonl --seed 7
    python bench/run_bench.py bench/corpus.jsonl [--limit N] [--workers N] [--relevance-first]

Prints one JSON object. The gazetteer index is built before timing starts.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

from tadmor.geo import Gazetteer
from tadmor.pipeline import RunOptions, run
from tadmor.settings import Settings
from tadmor.store import open_store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N documents")
    ap.add_argument("--n-process", type=int, default=1)
    ap.add_argument("--workers", type=int, default=1, help="analysis processes (tadmor run -w)")
    ap.add_argument(
        "--relevance-first", action="store_true", help="parse only relevant spans, as tadmor run"
    )
    args = ap.parse_args()
    settings = Settings.create(n_process=args.n_process, relevance_first=args.relevance_first)
    Gazetteer.open(settings)  # build/load the index outside the timing
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if args.limit:
            corpus = Path(tmp) / "corpus.jsonl"
            with args.corpus.open(encoding="utf-8") as src:
                lines = [line for _, line in zip(range(args.limit), src, strict=False)]
            corpus.write_text("".join(lines), encoding="utf-8")
        words = sum(
            len(json.loads(line).get("text", "").split())
            for line in corpus.read_text(encoding="utf-8").splitlines()
            if line.strip()
        )
        store = open_store(str(Path(tmp) / "bench.duckdb"))
        t0 = time.perf_counter()
        report = run(
            [corpus], settings=settings, store=store, options=RunOptions(workers=args.workers)
        )
        elapsed = time.perf_counter() - t0
        store.close()
    print(
        json.dumps(
            {
                "documents": report.documents,
                "words": words,
                "seconds": round(elapsed, 2),
                "docs_per_s": round(report.documents / elapsed, 2),
                "words_per_s": round(words / elapsed, 1),
                "event_mentions": report.event_mentions,
                "events": report.events,
                "n_process": args.n_process,
                "workers": args.workers,
                "relevance_first": args.relevance_first,
                "parsed_documents": report.parsed_documents,
                "python": platform.python_version(),
                "machine": platform.machine(),
            }
        )
    )


if __name__ == "__main__":
    main()
