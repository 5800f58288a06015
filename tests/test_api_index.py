"""The API's event index: filters, sorts and pages like a plain Python filter would, and an
updated index answers as one built from scratch."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from tadmor.api.index import BBox, EventIndex, EventQuery
from tadmor.model import Event, Evidence, Fatalities, FieldEvidence, TimePrecision

PLACES = [("Pemba", "Mozambique", "MZ", -12.97, 40.52), ("Beira", "Mozambique", "MZ", -19.84, 34.84),
          ("Goma", "DR Congo", "CD", -1.68, 29.22), ("Mopti", "Mali", "ML", 14.49, -4.19)]
TYPES = [("Battles", "Armed clash"), ("Protests", "Peaceful protest"),
         ("Violence against civilians", "Attack")]
ACTORS = ["Police Forces of Mozambique", "M23: March 23 Movement", "Protesters (Mali)", ""]


def _events(n: int, seed: int = 3) -> list[Event]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        name, country, iso, lat, lon = rnd.choice(PLACES)
        et, st = rnd.choice(TYPES)
        quote = rnd.choice(["troops clashed", "crowd marched", "gunmen shot"])
        ev = Evidence(doc_id=f"d{i % 7}", start=0, end=len(quote), quote=quote)
        out.append(Event(
            event_id=f"e{i:04d}", event_date=None if i % 11 == 0 else date(2021, 1, 1) + timedelta(days=rnd.randrange(400)),
            time_precision=TimePrecision.DAY, event_type=et, sub_event_type=st,
            actor1=rnd.choice(ACTORS), assoc_actor_1="", inter1=0, actor2=rnd.choice(ACTORS),
            assoc_actor_2="", inter2=0, interaction=0, civilian_targeting=False, location=name,
            admin1="", country=country, iso=iso, latitude=None if i % 13 == 0 else lat,
            longitude=None if i % 13 == 0 else lon, geo_precision=1, fatalities=rnd.randrange(6),
            fatalities_range=Fatalities(), notes="", sources=(f"d{i % 7}",), source_names=(),
            mentions=(), evidence=(FieldEvidence("event_type", ev),), geonameid=PLACES.index(rnd.choice(PLACES)),
        ))  # fmt: skip
    return out


def _plain(events: list[Event], q: EventQuery) -> set[str]:
    def ok(e: Event) -> bool:
        if q.country and q.country.lower() not in (e.country.lower(), e.iso.lower()):
            return False
        if q.event_type and e.event_type.lower() != q.event_type.lower():
            return False
        if q.actor and not any(q.actor.lower() in a.lower() for a in (e.actor1, e.actor2)):
            return False
        if q.since and (e.event_date is None or e.event_date < q.since):
            return False
        if q.fatalities_min is not None and e.fatalities < q.fatalities_min:
            return False
        if q.text and not any(q.text in fe.evidence.quote for fe in e.evidence):
            return False
        if q.bbox is None:
            return True
        b = q.bbox
        return e.latitude is not None and e.longitude is not None and (
            b.south <= e.latitude <= b.north and b.west <= e.longitude <= b.east
        )

    return {e.event_id for e in events if ok(e)}


QUERIES = [
    EventQuery(),
    EventQuery(country="mz"),
    EventQuery(country="Mali", event_type="protests"),
    EventQuery(actor="m23"),
    EventQuery(since=date(2021, 6, 1), fatalities_min=3),
    EventQuery(text="clashed"),
    EventQuery(bbox=BBox(west=25, south=-5, east=35, north=0)),
    EventQuery(country="Atlantis"),
]


@pytest.mark.parametrize("q", QUERIES)
def test_filters_match_a_plain_filter(q: EventQuery) -> None:
    events = _events(300)
    page = EventIndex.build(events).query(q, limit=1000)
    assert {e.event_id for e in page.events} == _plain(events, q)
    assert page.total == len(page.events)


def test_sorts_and_pages() -> None:
    idx = EventIndex.build(_events(200))
    by_date = idx.query(EventQuery(), sort="event_date", limit=500).events
    dated = [e.event_date for e in by_date if e.event_date]
    assert dated == sorted(dated) and by_date[-1].event_date is None  # undated last
    newest = idx.query(EventQuery(), sort="event_date", descending=True, limit=500).events
    assert newest[0].event_date == max(dated) and newest[-1].event_date is None
    deaths = [e.fatalities for e in idx.query(EventQuery(), sort="fatalities", descending=True, limit=500).events]
    assert deaths == sorted(deaths, reverse=True)
    pages = [idx.query(EventQuery(), sort="location", offset=o, limit=30).events for o in range(0, 200, 30)]
    assert [e.event_id for p in pages for e in p] == [e.event_id for e in idx.query(EventQuery(), sort="location", limit=500).events]
    with pytest.raises(ValueError, match="unknown sort key"):
        idx.query(EventQuery(), sort="colour")


def test_an_updated_index_answers_as_a_rebuilt_one() -> None:
    events = _events(150)
    idx = EventIndex.build(events)
    idx.query(EventQuery(), sort="fatalities")  # an order cached before the update
    moved = [replace(events[4], fatalities=40, country="Mali", iso="ML"),
             replace(events[9], event_date=date(2020, 1, 1), actor1="M23: March 23 Movement")]
    quick = idx.replace(moved, [], version=2)
    assert quick is not idx and quick.version == 2 and idx.get(events[4].event_id) == events[4]
    new_name = [replace(events[5], location="Nowhere New")]  # not in the vocabulary: rebuilt
    gone = ["e0001"]
    for updated, expected in (
        (quick, {e.event_id: e for e in events} | {m.event_id: m for m in moved}),
        (idx.replace(new_name, gone, version=3),
         {e.event_id: e for e in events if e.event_id not in gone} | {new_name[0].event_id: new_name[0]}),
    ):
        rebuilt = EventIndex.build(list(expected.values()))
        for q in [*QUERIES, EventQuery(place="nowhere new")]:
            for sort in ("event_date", "fatalities", "country", "actor1"):
                a = updated.query(q, sort=sort, descending=True, limit=1000)
                b = rebuilt.query(q, sort=sort, descending=True, limit=1000)
                assert [e.event_id for e in a.events] == [e.event_id for e in b.events], (q, sort)
