"""Scale benchmark, one run, side by side: bare spaCy vs Tadmor end to end, the mixed real
stream at 1, 2 and N workers and on a Dask LocalCluster, and what relevance-first parsing
skips and costs in recall.

    python bench/bench_scale.py [--shared ../shared] [--limit N] [--skip-cluster]
        [--synthetic N] [--out result.json]

Corpora (read from ../shared, never copied into the repository):
  local news  the 788 real articles of eval/geoparsing (LGL + GeoWebNews), ~337 words each;
  conflict    real conflict reporting: the UCDP GED Iraq headlines (source_headline, with
              their date and outlet) and the seed articles;
  synthetic   conflict-like reports from bench/make_corpus.py (invented happenings, real
              names), long-form conflict news where every article is relevant;
  mixed       local news + conflict, interleaved.
Every figure gives wall seconds and CPU seconds (this process and its children, from
getrusage: robust to other processes sharing the machine, unlike wall time).
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from tadmor.eval.geo import read_gritta_xml
from tadmor.pipeline import RunOptions, run
from tadmor.scale import default_workers
from tadmor.scale.work import _ANALYZERS, analyzer_for
from tadmor.settings import Settings
from tadmor.store import DuckDBStore, open_store

HERE = Path(__file__).resolve().parent


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def local_news(shared: Path) -> list[dict[str, str]]:
    rows = []
    for name in ("LGL.xml", "GeoWebNews.xml"):
        for a in read_gritta_xml(shared / "eval" / "geoparsing" / name).articles:
            rows.append({"text": a.text, "source": a.source or "", "id": f"{name}:{a.doc_id}"})
    return rows


def conflict(shared: Path) -> list[dict[str, str]]:
    rows = []
    with (shared / "eval" / "events" / "ucdp_ged_iraq.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            head = (r.get("source_headline") or "").strip()
            if head and not head.startswith("#"):
                rows.append(
                    {"text": head, "published": r["source_date"], "source": r["source_office"]}
                )
    seeds = shared / "seeds"
    for meta in (seeds / "metadata.jsonl").read_text(encoding="utf-8").splitlines():
        m = json.loads(meta)
        text = (seeds / m["file"]).read_text(encoding="utf-8")
        rows.append({"text": text, "published": m["published"]})
    return rows


def synthetic(n: int, tmp: Path) -> list[dict[str, str]]:
    out = tmp / "synthetic.jsonl"
    subprocess.run(
        [sys.executable, str(HERE / "make_corpus.py"), "--docs", str(n), "--out", str(out),
         "--seed", "7"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def words(rows: list[dict[str, str]]) -> int:
    return sum(len(r["text"].split()) for r in rows)


def write(rows: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    w0, c0 = time.perf_counter(), _cpu()
    out = fn()
    return out, time.perf_counter() - w0, _cpu() - c0


def bare_spacy(settings: Settings, rows: list[dict[str, str]]) -> dict[str, Any]:
    """The spaCy pipeline Tadmor loads (all its components), alone, over the whole texts."""
    nlp = analyzer_for(settings).parser._load()
    texts = [r["text"] for r in rows]

    def go() -> int:
        return sum(len(d) for d in nlp.pipe(texts, batch_size=settings.batch_size))

    _, wall, cpu = timed(go)
    n = words(rows)
    return {"docs": len(rows), "words": n, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "words_per_s": round(n / wall), "words_per_cpu_s": round(n / cpu)}  # fmt: skip


def tadmor_run(
    settings: Settings, rows: list[dict[str, str]], tmp: Path, name: str, **opts: Any
) -> tuple[dict[str, Any], Path]:
    feed = write(rows, tmp / f"{name}.jsonl")
    db = tmp / f"{name}.duckdb"
    store = open_store(str(db))
    try:
        report, wall, cpu = timed(
            lambda: run([feed], settings=settings, store=store, options=RunOptions(**opts))
        )
    finally:
        store.close()
    n = words(rows)
    return {
        "docs": report.documents, "words": n, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
        "docs_per_s": round(report.documents / wall, 1),
        "docs_per_cpu_s": round(report.documents / cpu, 1),
        "words_per_s": round(n / wall), "words_per_cpu_s": round(n / cpu),
        "cpu_ms_per_doc": round(1000 * cpu / max(1, report.documents), 2),
        "event_mentions": report.event_mentions, "events": report.events,
        "parsed_docs": report.parsed_documents,
        "parsed_char_share": round(report.parsed_chars / max(1, report.text_chars), 3),
        "rejected": len(report.rejected),
    }, db  # fmt: skip


def recall(all_text: Path, relevant: Path) -> dict[str, Any]:
    """What relevance-first loses against parsing everything: mentions (by document and
    trigger offset) and documents with a mention."""

    def keys(db: Path) -> set[tuple[str, int]]:
        s = open_store(str(db))
        assert isinstance(s, DuckDBStore)
        try:
            return {(m.doc_id, m.trigger.start) for m in s.event_mentions()}
        finally:
            s.close()

    full, kept = keys(all_text), keys(relevant)
    docs_full = {d for d, _ in full}
    docs_kept = {d for d, _ in kept}
    return {
        "mentions_all_text": len(full), "mentions_relevance_first": len(kept),
        "mention_recall": round(len(full & kept) / max(1, len(full)), 3),
        "docs_with_mentions_all_text": len(docs_full),
        "doc_recall": round(len(docs_full & docs_kept) / max(1, len(docs_full)), 3),
    }  # fmt: skip


def interleave(a: list[dict[str, str]], b: list[dict[str, str]]) -> Iterator[dict[str, str]]:
    rng = random.Random(7)
    rows = a + b
    rng.shuffle(rows)
    yield from rows


class _Logged(dict[str, Any]):
    """The result, each figure also written to stderr as it comes (a long run shows progress)."""

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        print(f"{time.strftime('%H:%M:%S')} {key}: {json.dumps(value)}", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--limit", type=int, default=0, help="at most N documents per corpus")
    ap.add_argument("--synthetic", type=int, default=300, help="synthetic conflict reports")
    ap.add_argument("--workers", type=int, default=default_workers(), help="N of the N run")
    ap.add_argument("--skip-cluster", action="store_true")
    ap.add_argument(
        "--conflict-only", action="store_true", help="only bare spaCy vs Tadmor on conflict news"
    )
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    settings = Settings.create(relevance_first=True)
    all_text = replace(settings, relevance_first=False)
    warm = analyzer_for(settings)  # load the model and gazetteer before timing
    warm.parser._load()
    _ANALYZERS[all_text] = replace(warm, settings=all_text)  # the same, parsing everything
    res: dict[str, Any] = _Logged({
        "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "loadavg_start": os.getloadavg(), "cores": os.cpu_count(),
        "python": platform.python_version(),
    })  # fmt: skip
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        local = local_news(args.shared)
        confl = conflict(args.shared)
        synth = synthetic(args.synthetic, tmp)
        if args.limit:
            local, confl, synth = local[: args.limit], confl[: args.limit], synth[: args.limit]
        mixed = list(interleave(local, confl))
        # conflict news: bare spaCy vs Tadmor end to end (relevance first, then all text)
        for name, rows in (("synthetic_conflict", synth), ("local_news", local)):
            res[f"{name}_spacy"] = bare_spacy(settings, rows)
            res[f"{name}_tadmor"], db_rel = tadmor_run(settings, rows, tmp, f"{name}_r")
            res[f"{name}_tadmor_all_text"], db_all = tadmor_run(all_text, rows, tmp, f"{name}_a")
            res[f"{name}_ratio"] = round(
                res[f"{name}_tadmor"]["words_per_cpu_s"] / res[f"{name}_spacy"]["words_per_cpu_s"],
                2,
            )
            res[f"{name}_ratio_all_text"] = round(
                res[f"{name}_tadmor_all_text"]["words_per_cpu_s"]
                / res[f"{name}_spacy"]["words_per_cpu_s"],
                2,
            )
            res[f"{name}_recall"] = recall(db_all, db_rel)
            if args.conflict_only:
                break
        if args.conflict_only:
            print(json.dumps(res, indent=1))
            return
        _, db_all = tadmor_run(all_text, confl, tmp, "ucdp_a")
        res["ucdp_tadmor"], db_rel = tadmor_run(settings, confl, tmp, "ucdp_r")
        res["ucdp_recall"] = recall(db_all, db_rel)
        # the mixed real stream on 1, 2 and N workers
        for n in sorted({1, 2, args.workers}):
            res[f"mixed_workers_{n}"], _ = tadmor_run(settings, mixed, tmp, f"mixed_{n}", workers=n)
        if not args.skip_cluster:
            from distributed import Client, LocalCluster

            with (
                LocalCluster(
                    n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
                ) as cluster,
                Client(cluster) as client,
            ):
                res["mixed_localcluster_2"], _ = tadmor_run(
                    settings, mixed, tmp, "mixed_dask", cluster=client
                )
    one = res["mixed_workers_1"]["wall_s"]
    res["speedup_2_workers"] = round(one / res["mixed_workers_2"]["wall_s"], 2)
    res["loadavg_end"] = os.getloadavg()
    text = json.dumps(res, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
