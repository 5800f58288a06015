"""Incremental resolution: time to resolve 1,000 new mentions against stores of growing size.

    python bench/bench_resolve.py [--sizes 10000 100000 1000000] [--batches 3] [--dir DIR]
    python bench/bench_resolve.py --lines 20000

``--lines N``: one document reporting the same shelling of one town N times (a hostile
input: ``'Shelling.\n' * N``), merged with ``merge_mentions`` from scratch; prints the time.

A synthetic news stream: 1,000 mentions a day over 20,000 towns in 40 countries (500 towns and
25 regions each), ten kinds of event (one in ten a territorial change), six actors per
country. A store of N mentions holds N/1,000 days of that stream, already resolved (merged twenty
days at a time). Each timed batch is the next day's 1,000 mentions: they are stored, then
``resolve_incremental`` merges them into the stored events of their country and window.

Timed per batch: ``resolve_s`` (``resolve_incremental`` on the new mentions, what
``tadmor run`` does after it stores a batch: neighbourhood query, seeding, merging, writing
back the changed events and control periods) and ``pending_s`` (finding the store's
unresolved mentions, which ``tadmor run`` does once per run, so an interrupted run's mentions
are resolved too). Prints one JSON object per store size.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from tadmor.model import Document, EventMention, Evidence, FieldEvidence, Place, TimePrecision
from tadmor.resolve.build import build_event
from tadmor.resolve.incremental import resolve_incremental
from tadmor.resolve.merge import ClusterIndex
from tadmor.store import open_store

PER_DAY = 1000
START = date(2015, 1, 1)
KINDS = [
    ("Battles", "Armed clash", ""),
    ("Battles", "Armed clash", ""),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", ""),
    ("Explosions/Remote violence", "Air/drone strike", ""),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", ""),
    ("Violence against civilians", "Attack", ""),
    ("Protests", "Peaceful protest", ""),
    ("Riots", "Violent demonstration", ""),
    ("Strategic developments", "Arrests", ""),
    ("Battles", "Non-state actor overtakes territory", "gain"),
]


def _places() -> list[Place]:
    out = []
    for c in range(40):
        cc = f"X{c:02d}"
        for t in range(500):
            out.append(
                Place(
                    geonameid=1_000_000 + c * 1000 + t,
                    name=f"Town {c}-{t}",
                    country_code=cc,
                    country=f"Country {cc}",
                    admin1=f"Region {c}-{t % 25}",
                    latitude=10.0 + c + t / 1000,
                    longitude=20.0 + c + (t % 25) / 25,
                )
            )
    return out


PLACES = _places()


def _mentions(day: int, rng: random.Random) -> list[EventMention]:
    d = START + timedelta(days=day)
    doc = f"doc_{day:06d}"
    ev = Evidence(doc_id=doc, start=0, end=8, quote="Fighting")
    out = []
    for i in range(PER_DAY):
        place = rng.choice(PLACES)
        event_type, sub, territorial = rng.choice(KINDS)
        side = rng.randrange(6)
        vague = rng.random() < 0.3  # dated by the report only: the week before it
        out.append(
            EventMention(
                mention_id=f"men_{day:06d}_{i:04d}",
                doc_id=doc,
                trigger=ev,
                sentence=ev,
                event_type=event_type,
                sub_event_type=sub,
                actor1=f"Group {place.country_code}-{side}",
                actor2=f"Military Forces of {place.country}" if side % 2 else "",
                inter1=2,
                inter2=1 if side % 2 else 0,
                place=place,
                geo_precision=1,
                earliest=d - timedelta(days=6) if vague else d,
                latest=d,
                time_precision=TimePrecision.WEEK if vague else TimePrecision.DAY,
                territorial=territorial,
                evidence=(FieldEvidence("event_type", ev),),
                flags=("undated",) if vague else (),
                confidence=0.6,
            )
        )
    return out


def _document(day: int) -> Document:
    return Document(
        doc_id=f"doc_{day:06d}",
        text="Fighting",
        origin=f"day{day}.jsonl",
        source=f"Outlet {day % 7}",
        published=START + timedelta(days=day),
    )


def _fill(store_path: str, days: int, rng: random.Random, chunk_days: int = 20) -> float:
    """A store of ``days`` days of the stream, resolved ``chunk_days`` at a time (set-up,
    not timed in the figures)."""
    t0 = time.perf_counter()
    store = open_store(store_path)
    for first in range(0, days, chunk_days):
        span = range(first, min(days, first + chunk_days))
        ms = [m for day in span for m in _mentions(day, rng)]
        docs = {d.doc_id: d for d in (_document(day) for day in span)}
        index = ClusterIndex(window_days=3, documents=docs)
        for m in ms:
            index.add(m)
        events = [build_event(c, docs) for c in index.clusters if not c.dead]
        store.put_batch(list(docs.values()), ms, [])
        store.update_resolution(events=events, removed=(), claims=(), periods=(), places=())
    store.close()
    return time.perf_counter() - t0


def _lines(n: int) -> None:
    from tadmor.resolve import merge_mentions

    place = PLACES[0]
    day = START
    doc = _document(0)
    ev = Evidence(doc_id=doc.doc_id, start=0, end=8, quote="Shelling")
    ms = [
        EventMention(
            mention_id=f"men_{i:06d}",
            doc_id=doc.doc_id,
            trigger=ev,
            sentence=ev,
            event_type="Explosions/Remote violence",
            sub_event_type="Shelling/artillery/missile attack",
            place=place,
            geo_precision=1,
            earliest=day - timedelta(days=6),
            latest=day,
            time_precision=TimePrecision.WEEK,
            flags=("dated_by_report",),
        )
        for i in range(n)
    ]
    t0 = time.perf_counter()
    events, _ = merge_mentions(ms, documents={doc.doc_id: doc})
    took = time.perf_counter() - t0
    print(json.dumps({"mentions": n, "events": len(events), "merge_s": round(took, 2)}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--batches", type=int, default=3)
    ap.add_argument("--dir", type=Path, default=None)
    ap.add_argument("--lines", type=int, default=0)
    args = ap.parse_args()
    if args.lines:
        _lines(args.lines)
        return
    base = args.dir or Path(tempfile.mkdtemp(prefix="bench_resolve_"))
    for size in args.sizes:
        rng = random.Random(size)
        days = size // PER_DAY
        path = str(base / f"store_{size}.duckdb")
        fill_s = _fill(path, days, rng)
        store = open_store(path)
        resolve_s: list[float] = []
        pending_s: list[float] = []
        neighbourhood: list[int] = []
        for b in range(args.batches):
            day = days + b
            ms = _mentions(day, rng)
            doc = _document(day)
            store.put_batch([doc], ms, [])
            t0 = time.perf_counter()
            pending = store.unresolved_mentions()
            t1 = time.perf_counter()
            delta = resolve_incremental(store, pending, window_days=3, documents=[doc])
            t2 = time.perf_counter()
            assert delta.mentions == len(ms), (delta, len(ms))
            pending_s.append(t1 - t0)
            resolve_s.append(t2 - t1)
            neighbourhood.append(delta.neighbourhood)
        store.close()
        print(
            json.dumps(
                {
                    "store_mentions": size,
                    "new_mentions_per_batch": PER_DAY,
                    "batches": args.batches,
                    "resolve_s_median": round(statistics.median(resolve_s), 3),
                    "resolve_s": [round(x, 3) for x in resolve_s],
                    "pending_s_median": round(statistics.median(pending_s), 3),
                    "neighbourhood_events_median": statistics.median(neighbourhood),
                    "fill_s": round(fill_s, 1),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
