"""Throughput of time-expression normalisation, in sentences/s on one core.

    python bench/bench_time.py [CORPUS.jsonl] [--repeat N]

CORPUS is a JSONL file of documents with "text" and "published" (ISO date) fields, as
written by bench/make_corpus.py (default: bench/corpus.jsonl). Each document is split into
sentences with a simple regex (outside the timing); the timed part is
``find_time_expressions`` over every document, with the sentence spans and the
publication date as DCT, the way the pipeline calls it. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import time
from datetime import date
from pathlib import Path

from tadmor.nlp.timex import find_time_expressions

_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def _load(path: Path) -> list[tuple[str, date | None, list[tuple[int, int]]]]:
    docs: list[tuple[str, date | None, list[tuple[int, int]]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        text = str(rec.get("text", ""))
        try:
            dct: date | None = date.fromisoformat(str(rec.get("published", ""))[:10])
        except ValueError:
            dct = None
        spans = [m.span() for m in _SENT.finditer(text) if m.group(0).strip()]
        docs.append((text, dct, spans))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    default = Path(__file__).resolve().parent / "corpus.jsonl"
    ap.add_argument("corpus", type=Path, nargs="?", default=default)
    ap.add_argument("--repeat", type=int, default=3, help="best of N timed passes")
    args = ap.parse_args()
    docs = _load(args.corpus)
    sentences = sum(len(s) for _, _, s in docs)
    find_time_expressions("warm-up on Friday, 3 May 2015", doc_id="w", dct=date(2015, 5, 3))
    best = float("inf")
    expressions = 0
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        n = 0
        for i, (text, dct, spans) in enumerate(docs):
            n += len(find_time_expressions(text, doc_id=str(i), dct=dct, spans=spans))
        best = min(best, time.perf_counter() - t0)
        expressions = n
    print(
        json.dumps(
            {
                "corpus": str(args.corpus),
                "documents": len(docs),
                "sentences": sentences,
                "expressions": expressions,
                "seconds": round(best, 3),
                "sentences_per_s": round(sentences / best, 1),
                "python": platform.python_version(),
            }
        )
    )


if __name__ == "__main__":
    main()
