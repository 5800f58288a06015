"""API latency on a store of generated events (default 100,000).

    python bench/bench_api.py --events 100000 --requests 300 [--store /tmp/bench_api.duckdb]

Generates a DuckDB store of invented events (random places, actors, types, dates and
evidence quotes drawn from a few hundred generated documents), serves it with
``tadmor serve``'s app on uvicorn in a thread, and times real HTTP requests over loopback
with httpx: filtered pages of events (random combinations of ACLED's filters and sorts), one
event with its sources, autocompletion. Prints JSON with p50/p95/max per kind of request
and the time to the first answer (the app reads the events once). ``filtered_page_cpu``
is the CPU time the process (server and client) spent per request, which does not grow
when other programs share the machine.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from tadmor.api import ApiConfig, create_app
from tadmor.model import (
    Document,
    Event,
    EventMention,
    Evidence,
    Fatalities,
    FieldEvidence,
    TimePrecision,
)
from tadmor.settings import Settings
from tadmor.store import open_store

TYPES = {
    "Battles": [
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ],
    "Explosions/Remote violence": [
        "Shelling/artillery/missile attack",
        "Air/drone strike",
        "Remote explosive/landmine/IED",
    ],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Arrests", "Looting/property destruction", "Agreement"],
}
COUNTRIES = [
    ("Alphaland", "AA", 10.0, 20.0),
    ("Betania", "BB", -5.0, 35.0),
    ("Cetia", "CC", 30.0, 45.0),
    ("Deltora", "DD", 50.0, 10.0),
    ("Epsilon", "EE", 0.0, -60.0),
    ("Zetland", "ZZ", 15.0, 100.0),
]
ACTORS = [
    f"{kind} of {c[0]}"
    for c in COUNTRIES
    for kind in ("Military Forces", "Police Forces", "Rebels", "Militia", "Civilians")
]
WORDS = [
    "shelled",
    "attacked",
    "seized",
    "clashed",
    "protested",
    "arrested",
    "killed",
    "wounded",
    "burned",
    "looted",
    "village",
    "town",
    "market",
    "checkpoint",
    "convoy",
    "base",
    "district",
    "road",
    "bridge",
    "camp",
]


def _doc(i: int, rnd: random.Random) -> Document:
    text = " ".join(
        f"Sentence {j} says fighters {rnd.choice(WORDS)} the {rnd.choice(WORDS)} near place "
        f"{rnd.randrange(2000)}."
        for j in range(30)
    )
    return Document(
        doc_id=f"doc_{i:06d}",
        text=text,
        origin=f"bench/{i}.txt",
        source=f"Wire {i % 40}",
        published=date(2020, 1, 1) + timedelta(days=i % 1500),
    )


def generate(path: str, n_events: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    docs = [_doc(i, rnd) for i in range(max(n_events // 100, 10))]
    st = open_store(path)
    events: list[Event] = []
    mentions: list[EventMention] = []
    for i in range(n_events):
        doc = rnd.choice(docs)
        s = rnd.randrange(0, len(doc.text) - 80)
        quote = Evidence.of(doc, s, s + rnd.randrange(8, 60))
        etype = rnd.choice(list(TYPES))
        sub = rnd.choice(TYPES[etype])
        country, iso, lat0, lon0 = rnd.choice(COUNTRIES)
        place = rnd.randrange(300)
        d = date(2018, 1, 1) + timedelta(days=rnd.randrange(2500))
        mid = f"men_{i:07d}"
        fes = (FieldEvidence("event_type", quote), FieldEvidence("location", quote))
        mentions.append(
            EventMention(
                mention_id=mid,
                doc_id=doc.doc_id,
                trigger=quote,
                sentence=quote,
                event_type=etype,
                sub_event_type=sub,
                evidence=fes,
            )
        )
        events.append(
            Event(
                event_id=f"evt_{i:07d}",
                event_date=d,
                time_precision=TimePrecision(rnd.choice((1, 1, 2, 3))),
                event_type=etype,
                sub_event_type=sub,
                actor1=rnd.choice(ACTORS),
                assoc_actor_1="",
                inter1=rnd.randrange(1, 9),
                actor2=rnd.choice(ACTORS),
                assoc_actor_2="",
                inter2=rnd.randrange(0, 9),
                interaction=rnd.randrange(10, 90),
                civilian_targeting=False,
                location=f"{country} Town {place}",
                admin1=f"{country} Province {place % 12}",
                country=country,
                iso=iso,
                latitude=lat0 + (place % 20) * 0.3,
                longitude=lon0 + (place // 20) * 0.3,
                geo_precision=rnd.choice((1, 2, 3)),
                fatalities=rnd.choice((0, 0, 0, 1, 2, 3, 5, 10, 25)),
                fatalities_range=Fatalities(),
                notes=f"Reported by {doc.source}.",
                sources=(doc.doc_id,),
                source_names=(doc.source or "",),
                mentions=(mid,),
                evidence=fes,
                geonameid=1_000_000 + place,
            )
        )
    st.put_documents(docs)
    st.put_event_mentions(mentions)
    st.replace_resolution(events=events, claims=[], periods=[])
    st.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _query(rnd: random.Random) -> dict[str, Any]:
    q: dict[str, Any] = {"limit": 50}
    country = rnd.choice(COUNTRIES)
    choice = rnd.randrange(6)
    if choice == 0:
        q["country"] = country[0]
    elif choice == 1:
        q["event_type"] = rnd.choice(list(TYPES))
        q["country"] = country[1]
    elif choice == 2:
        start = date(2018, 1, 1) + timedelta(days=rnd.randrange(2000))
        q["since"], q["until"] = start.isoformat(), (start + timedelta(days=90)).isoformat()
    elif choice == 3:
        q["actor"] = rnd.choice(ACTORS).split(" of ")[0].lower()
        q["fatalities_min"] = 5
    elif choice == 4:
        q["q"] = rnd.choice(WORDS)
        q["country"] = country[0]
    else:
        q["bbox"] = f"{country[3]},{country[2]},{country[3] + 3},{country[2] + 3}"
    q["sort"] = rnd.choice(("event_date", "-event_date", "-fatalities", "location", "confidence"))
    q["offset"] = rnd.choice((0, 0, 50, 500))
    return q


def _stats(xs: list[float]) -> dict[str, float]:
    xs = sorted(xs)
    return {
        "n": len(xs),
        "p50_ms": round(statistics.median(xs) * 1000, 1),
        "p95_ms": round(xs[max(0, int(len(xs) * 0.95) - 1)] * 1000, 1),
        "max_ms": round(xs[-1] * 1000, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--store", default="/tmp/tadmor_bench_api.duckdb")
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)
    path = Path(args.store)
    t0 = time.perf_counter()
    if not path.exists():
        generate(str(path), args.events)
    gen_s = time.perf_counter() - t0
    st = open_store(str(path))
    port = _free_port()
    app = create_app(Settings.create(store=str(path)), st, ApiConfig(token=None, place_names=False))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    rnd = random.Random(args.seed)
    out: dict[str, Any] = {"events": args.events, "generate_s": round(gen_s, 1)}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as c:
        t = time.perf_counter()
        first = c.get("/api/events", params={"limit": 50})
        out["first_answer_s"] = round(time.perf_counter() - t, 2)
        out["total"] = first.json()["total"]
        for sort in ("event_date", "-event_date", "-fatalities", "location", "confidence"):
            c.get("/api/events", params={"limit": 1, "sort": sort})  # sort orders are built once
        pages: list[float] = []
        cpu: list[float] = []
        totals: list[int] = []
        for _ in range(args.requests):
            q = _query(rnd)
            t, c0 = time.perf_counter(), time.process_time()
            r = c.get("/api/events", params=q)
            pages.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c0)
            r.raise_for_status()
            totals.append(r.json()["total"])
        out["filtered_page"] = _stats(pages) | {"median_matches": statistics.median(totals)}
        # CPU time of this process (server and client) per request: what the wall-clock
        # figures would be on an idle core, whatever else the machine is running
        out["filtered_page_cpu"] = _stats(cpu)
        details: list[float] = []
        for _ in range(min(args.requests, 100)):
            eid = f"evt_{rnd.randrange(args.events):07d}"
            t = time.perf_counter()
            c.get(f"/api/events/{eid}").raise_for_status()
            details.append(time.perf_counter() - t)
        out["event_detail"] = _stats(details)
        comp: list[float] = []
        for _ in range(min(args.requests, 50)):
            t = time.perf_counter()
            c.get("/api/places", params={"q": rnd.choice(COUNTRIES)[0][:3]}).raise_for_status()
            comp.append(time.perf_counter() - t)
        out["places_autocomplete"] = _stats(comp)
    server.should_exit = True
    thread.join(timeout=10)
    st.close()
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
