"""Store query latency on generated events (DuckDB or PostgreSQL).

    python bench/bench_store.py --events 100000 --store /tmp/bench.duckdb
    python bench/bench_store.py --events 100000 --store postgresql://postgres@127.0.0.1:5432/db

Generates ``--events`` events (invented places, actors and notes; real country codes so
that ISO/region lookups do real work), stores them with ``replace_resolution``, then times
each query of :data:`QUERIES` ``--repeat`` times and prints p50/p95/max in milliseconds, plus
the time to write the events, to add a correction, and to read the change feed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

from tadmor.model import Event, Evidence, Fatalities, FieldEvidence, TimePrecision
from tadmor.store import CorrectionKind, CorrectionRequest, EventQuery, Store, open_store
from tadmor.store.sql import utc_now

COUNTRIES = [("SY", "Syria"), ("IQ", "Iraq"), ("AF", "Afghanistan"), ("YE", "Yemen"),
             ("ML", "Mali"), ("NG", "Nigeria"), ("UA", "Ukraine"), ("MM", "Myanmar")]  # fmt: skip
TYPES = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Strategic developments", "Arrests"),
]
WORDS = (
    "convoy", "market", "checkpoint", "village", "ridge", "bridge", "depot", "clinic",
    "district", "road", "airport", "camp", "base", "hill", "river", "school", "mosque",
)  # fmt: skip


def make_events(n: int, seed: int) -> list[Event]:
    rnd = random.Random(seed)
    start = date(2019, 1, 1)
    events: list[Event] = []
    for i in range(n):
        iso, country = COUNTRIES[rnd.randrange(len(COUNTRIES))]
        etype, sub = TYPES[rnd.randrange(len(TYPES))]
        place = rnd.randrange(2000)
        words = " ".join(rnd.choice(WORDS) for _ in range(12))
        quote = f"fighters attacked the {rnd.choice(WORDS)} near Place {place}"
        doc = f"doc_{rnd.randrange(n):08d}"
        fat = rnd.choice([0, 0, 0, 1, 2, 3, 5, 8, 13, 40])
        events.append(
            Event(
                event_id=f"evt_{i:08d}",
                event_date=start + timedelta(days=rnd.randrange(365 * 6)),
                time_precision=TimePrecision.DAY,
                event_type=etype,
                sub_event_type=sub,
                actor1=f"Group {rnd.randrange(300)}",
                assoc_actor_1="",
                inter1=2,
                actor2=f"Military Forces of {country}",
                assoc_actor_2="",
                inter2=1,
                interaction=12,
                civilian_targeting=etype == "Violence against civilians",
                location=f"Place {place}",
                admin1=f"Province {place % 40}",
                country=country,
                iso=iso,
                latitude=rnd.uniform(-40, 60),
                longitude=rnd.uniform(-20, 100),
                geo_precision=1,
                fatalities=fat,
                fatalities_range=Fatalities(fat, fat, fat),
                notes=f"On that day {words}.",
                sources=(doc,),
                source_names=("Reuters",),
                mentions=(f"em_{i:08d}",),
                evidence=(FieldEvidence("location", Evidence(doc, 0, len(quote), quote)),),
                geonameid=9_000_000 + place,
            )
        )
    return events


QUERIES: dict[str, EventQuery] = {
    "first page, no filter": EventQuery(limit=50),
    "country": EventQuery(country="Syria", limit=50),
    "country + date range": EventQuery(
        country="IQ", since=date(2021, 1, 1), until=date(2021, 6, 30), limit=50
    ),
    "place name": EventQuery(place="Place 17", limit=50),
    "bounding box": EventQuery(bbox=(30.0, 30.0, 40.0, 40.0), limit=50),
    "actor": EventQuery(actor="Group 42", limit=50),
    "type + fatalities >= 5": EventQuery(event_type="Battles", fatalities_min=5, limit=50),
    "text in evidence": EventQuery(text="near place 1999", limit=50),
    "sort by fatalities desc": EventQuery(sort="fatalities", descending=True, limit=50),
    "deep page (offset 50,000)": EventQuery(limit=50, offset=50_000),
    "admin1 + sub-type": EventQuery(
        admin1="Province 7", sub_event_type="Air/drone strike", limit=50
    ),
}


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def report(name: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(f"{name:32s} p50 {statistics.median(ms):8.1f}  p95 {p95:8.1f}  max {ms[-1]:8.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--store", required=True, help="DuckDB path or postgresql:// URL (fresh)")
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    events = make_events(args.events, args.seed)
    store: Store = open_store(args.store)
    t = time.perf_counter()
    store.replace_resolution(events=events, claims=[], periods=[])
    print(f"write {len(events)} events: {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    store.replace_resolution(events=events, claims=[], periods=[])
    print(f"re-run, nothing changed: {time.perf_counter() - t:.1f} s")
    for name, q in QUERIES.items():
        total = store.query_events(q).total
        report(f"{name} ({total})", timed(lambda q=q: store.query_events(q), args.repeat))
    report(
        "one event by id", timed(lambda: store.event(f"evt_{args.events // 3:08d}"), args.repeat)
    )
    mark = utc_now()
    ms = []
    for i in range(5):
        req = CorrectionRequest(
            kind=CorrectionKind.FIELD,
            event_id=f"evt_{i * (args.events // 5):08d}",
            author="bench",
            changes=(("fatalities", 3),),
        )
        t = time.perf_counter()
        store.put_correction(req)
        ms.append((time.perf_counter() - t) * 1000)
    report("put_correction (5)", ms)
    report("changes since (feed)", timed(lambda: store.changes(since=mark), args.repeat))
    store.close()


if __name__ == "__main__":
    main()
