"""Resolution-only throughput: documents/s of toponym recognition + resolution on one core.

    python bench/bench_geo.py [CORPUS.jsonl | GRITTA.xml] [--limit N] [--repeat R]

Default corpus: bench/corpus.jsonl. Documents are parsed with the spaCy parser once, before
timing; then ``find_toponyms`` + ``resolve_documents`` run over all of them ``--repeat`` times
(the first pass warms the gazetteer's lookup caches and is timed separately as ``cold``), in
batches of ``settings.batch_size`` with a fresh source lexicon each pass, as the pipeline
does: documents whose source (JSONL "source", LGL's <domain>) has a focus are resolved twice.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

from tadmor.geo import Gazetteer, SourceLexicon, find_toponyms, resolve_documents
from tadmor.model import Document, Mention, ParsedDoc
from tadmor.settings import Settings

DEFAULT = Path(__file__).resolve().parent / "corpus.jsonl"


def _documents(path: Path, limit: int) -> list[Document]:
    texts: list[tuple[str, str | None]] = []
    if path.suffix == ".xml":
        from tadmor.eval.geo import read_gritta_xml

        texts = [(a.text, a.source) for a in read_gritta_xml(path, limit=limit or None).articles]
    else:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    record = json.loads(line)
                    texts.append((record.get("text", ""), record.get("source")))
                if limit and len(texts) >= limit:
                    break
    return [
        Document(doc_id=f"bench:{i}", text=t, origin=str(path), source=source)
        for i, (t, source) in enumerate(texts)
    ]


def _pass(parsed: list[ParsedDoc], gazetteer: Gazetteer, batch_size: int) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = 0
    lexicon = SourceLexicon()
    for b in range(0, len(parsed), batch_size):
        items: list[tuple[ParsedDoc, list[Mention]]] = [
            (p, find_toponyms(p, gazetteer)) for p in parsed[b : b + batch_size]
        ]
        n += sum(len(places) for places in resolve_documents(items, gazetteer, lexicon=lexicon))
    return time.perf_counter() - t0, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", type=Path, nargs="?", default=DEFAULT)
    ap.add_argument("--limit", type=int, default=500, help="first N documents (0: all)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):  # one core, as the target says
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from tadmor.nlp import Parser

    settings = Settings.create()
    gazetteer = Gazetteer.open(settings)
    docs = _documents(args.corpus, args.limit)
    parsed = list(Parser(settings).parse(docs))
    cold, places = _pass(parsed, gazetteer, settings.batch_size)
    warm = [_pass(parsed, gazetteer, settings.batch_size)[0] for _ in range(max(1, args.repeat))]
    best = min(warm)
    print(
        json.dumps(
            {
                "corpus": str(args.corpus),
                "docs": len(parsed),
                "words": sum(len(d.text.split()) for d in docs),
                "places": places,
                "cold_docs_per_s": round(len(parsed) / cold, 1),
                "docs_per_s": round(len(parsed) / best, 1),
                "target_docs_per_s": 200,
                "gazetteer": gazetteer.source,
                "python": platform.python_version(),
                "cpu": platform.processor() or platform.machine(),
            }
        )
    )


if __name__ == "__main__":
    main()
