"""Actor matching speed on real news: ActorMatcher.find over the geoparsing corpora's articles.

    taskset -c 0 python bench/bench_actors.py ../shared/eval/geoparsing/LGL.xml \
        ../shared/eval/geoparsing/GeoWebNews.xml --repeat 3

Prints documents, words, actor spans found, and wall and CPU seconds per pass (CPU time is
the steadier figure on a shared machine). No parsing: actor matching reads the raw text.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tadmor.actors import ActorDictionary, ActorMatcher
from tadmor.eval.geo import read_gritta_xml


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    texts = [a.text for p in args.paths for a in read_gritta_xml(p).articles]
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    matcher = ActorMatcher(ActorDictionary.load())
    matcher.find("warm up: Syrian troops and Islamic State fighters")
    build = time.perf_counter() - t0
    print(f"documents {len(texts)}, words {words}, build {build:.2f} s")
    for r in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        spans = sum(len(matcher.find(t)) for t in texts)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(
            f"pass {r + 1}: {spans} spans, wall {secs:.2f} s, cpu {cpu:.2f} s, "
            f"{len(texts) / cpu:.0f} docs/s of cpu, {words / cpu:,.0f} words/s of cpu"
        )


if __name__ == "__main__":
    main()
