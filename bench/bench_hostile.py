"""Peak memory and counts of `tadmor run` on hostile input, and on a large clean corpus.

    python bench/bench_hostile.py hostile --big        # the hostile suite at the issue's sizes
    python bench/bench_hostile.py hostile              # the same families at the test suite's sizes
    python bench/bench_hostile.py corpus bench/corpus10k.jsonl

Each run is a fresh `tadmor run` subprocess on a fresh store; peak RSS is the child's
``ru_maxrss`` (one child per invocation of this script, so it is that run's peak). Prints one
JSON object: wall seconds, peak RSS in MiB, exit code, documents stored, rejected by code and,
for the hostile suite, valid reports lost and hostile inputs without the expected verdict.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))


def _run(inputs: Path, store: Path, limits: str | None) -> tuple[float, float, int]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-m", "tadmor.cli", "run", str(inputs), "--store", str(store), "-q"]
    if limits:
        cmd += ["--limit", limits]
    start = time.monotonic()
    proc = subprocess.run(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    wall = time.monotonic() - start
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak_mib, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("what", choices=("hostile", "corpus"))
    ap.add_argument("path", nargs="?", help="corpus: a file or folder to run")
    ap.add_argument("--big", action="store_true", help="hostile: the issue's sizes")
    ap.add_argument("--hostile", type=int, default=1000, help="hostile: size of each family")
    ap.add_argument("--valid", type=int, default=60)
    ap.add_argument("--limit", default=None, help="passed to tadmor run --limit")
    args = ap.parse_args()

    from tadmor.ingest.textfix import display_path
    from tadmor.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "bench.duckdb"
        manifest = None
        if args.what == "hostile":
            from hostile_gen import generate

            inputs = Path(tmp) / "inputs"
            manifest = generate(
                inputs, seed=17, valid=args.valid, hostile=args.hostile, big=args.big
            )
        else:
            inputs = Path(args.path)
        wall, peak, rc = _run(inputs, store, args.limit)
        st = open_store(str(store))
        try:
            docs = {d.origin for d in st.documents()}
            rejected = st.rejected()
        finally:
            st.close()
        result: dict[str, object] = {
            "what": args.what + (" --big" if args.big else ""),
            "wall_s": round(wall, 1),
            "peak_rss_mib": round(peak),
            "exit_code": rc,
            "documents": len(docs),
            "rejected": dict(sorted(Counter(r.code for r in rejected).items())),
        }
        if manifest is not None:
            by_origin: dict[str, set[str]] = {}
            for r in rejected:
                by_origin.setdefault(r.origin, set()).add(r.code)
            lost = [v for v in manifest.valid if display_path(v) not in docs]
            unmet = [
                o
                for o, codes in manifest.hostile.items()
                if not (by_origin.get(display_path(o), set()) & codes)
                and not ("ANALYSED" in codes and display_path(o) in docs)
            ]
            result |= {
                "inputs": manifest.total,
                "valid": len(manifest.valid),
                "hostile": len(manifest.hostile),
                "categories": len(manifest.categories),
                "valid_lost": len(lost),
                "hostile_without_expected_verdict": len(unmet),
                "examples": [display_path(o) for o in unmet[:5]],
            }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
