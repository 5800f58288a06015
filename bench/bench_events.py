"""Event coding throughput after parsing, in sentences/s on one process.

    python bench/bench_events.py bench/corpus.jsonl [--limit N]

The documents are parsed by spaCy first, outside the timing. Two figures are timed over the
parsed documents:

* ``coding``: the event extractor alone (triggers, arguments, modality, typing, fatalities)
  on inputs prepared beforehand;
* ``after_parse``: everything after parsing (actor matching, toponyms and their resolution,
  time expressions, then the extractor), what one worker does per parsed document.

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from datetime import date
from pathlib import Path

from tadmor.model import Document
from tadmor.pipeline import Analyzer
from tadmor.settings import Settings


def _documents(path: Path, limit: int) -> list[Document]:
    docs: list[Document] = []
    with path.open(encoding="utf-8") as src:
        for line in src:
            if limit and len(docs) >= limit:
                break
            if not line.strip():
                continue
            rec = json.loads(line)
            text = str(rec.get("text", ""))
            published = rec.get("published") or rec.get("date")
            docs.append(
                Document(
                    doc_id=Document.make_id(text),
                    text=text,
                    origin=str(path),
                    published=date.fromisoformat(str(published)[:10]) if published else None,
                )
            )
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=500, help="use only the first N documents")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the best one counts")
    args = ap.parse_args()
    analyzer = Analyzer.create(Settings.create(n_process=1))
    parsed = list(analyzer.parser.parse(_documents(args.corpus, args.limit)))
    sentences = sum(len(p.sentences) for p in parsed)
    inputs = [analyzer.inputs(p) for p in parsed]

    def best(fn: object) -> float:
        assert callable(fn)
        times = []
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    mentions = sum(len(analyzer.extractor.extract(x)) for x in inputs)
    coding = best(lambda: [analyzer.extractor.extract(x) for x in inputs])
    after_parse = best(lambda: [analyzer.extractor.extract(analyzer.inputs(p)) for p in parsed])
    print(
        json.dumps(
            {
                "documents": len(parsed),
                "sentences": sentences,
                "event_mentions": mentions,
                "coding_seconds": round(coding, 3),
                "coding_sentences_per_s": round(sentences / coding, 1),
                "after_parse_seconds": round(after_parse, 3),
                "after_parse_sentences_per_s": round(sentences / after_parse, 1),
                "python": platform.python_version(),
            }
        )
    )


if __name__ == "__main__":
    main()
