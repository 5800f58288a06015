"""Corrections, the change feed and event queries, on DuckDB and on PostgreSQL."""

from __future__ import annotations

import dataclasses
import threading
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tadmor.errors import StoreError
from tadmor.model import Event, EventMention, Fatalities, Modality, TimePrecision
from tadmor.store import (
    ChangeKind,
    CorrectionKind,
    CorrectionRequest,
    EventQuery,
    Store,
    open_store,
)
from tadmor.store.sql import SqlStore
from test_store import (
    DOC_A,
    DOC_B,
    EV1,
    EV2,
    EV3,
    KERROW,
    MENTION_A,
    TEXT_B,
    make_event,
    span,
)

# A second asserted report in DOC_B of a shelling near Vossa (invented), so that an event
# can hold two reports and be split.
MENTION_C = EventMention(
    mention_id="em_c",
    doc_id=DOC_B.doc_id,
    trigger=span(DOC_B, "shelled"),
    sentence=span(DOC_B, TEXT_B),
    event_type="Explosions/Remote violence",
    sub_event_type="Shelling/artillery/missile attack",
    actor1="Lantern Brigade",
    place=dataclasses.replace(KERROW, geonameid=9000002, name="Vossa"),
    geo_precision=2,
    earliest=date(2021, 3, 4),
    latest=date(2021, 3, 4),
    time_precision=TimePrecision.DAY,
    fatalities=0,
    modality=Modality.ASSERTED,
)
# the shared fixtures' events, each with reports of its own
E2 = dataclasses.replace(EV2, mentions=("em_b2",))
E3 = dataclasses.replace(EV3, mentions=("em_b3",))
EV_AC = make_event("ev_ac", mentions=("em_a", "em_c"), sources=(DOC_A.doc_id, DOC_B.doc_id))


def setup(store: Store, events: tuple[Event, ...] = (EV1, E2, E3)) -> None:
    store.put_documents([DOC_A, DOC_B])
    store.put_event_mentions([MENTION_A, MENTION_C])
    store.replace_resolution(events=events, claims=[], periods=[])


def field(event_id: str, author: str = "analyst", **changes: Any) -> CorrectionRequest:
    return CorrectionRequest(
        kind=CorrectionKind.FIELD,
        event_id=event_id,
        author=author,
        note="checked the source",
        changes=tuple(changes.items()),
    )


def served(store: Store, event_id: str) -> Event:
    got = store.event(event_id)
    assert got is not None, event_id
    return got.event


# --- corrections ---------------------------------------------------------------------


def test_field_correction_records_who_when_before_after(any_store: Store) -> None:
    setup(any_store)
    before = datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=1)
    c = any_store.put_correction(field("ev_1", fatalities=5, event_type="Riots"))
    assert c.author == "analyst" and c.note == "checked the source" and c.created >= before
    assert c.mention_ids == EV1.mentions
    assert {(ch.field, ch.before_value, ch.after_value) for ch in c.changes} == {
        ("fatalities", 2, 5),
        ("event_type", "Battles", "Riots"),
    }
    e = served(any_store, "ev_1")
    assert e.fatalities == 5 and e.fatalities_range == Fatalities(5, 5, 5)
    assert e.event_type == "Riots" and "corrected" in e.flags
    assert any_store.machine_event("ev_1") == EV1  # the machine's coding is kept
    assert [x.correction_id for x in any_store.corrections("ev_1")] == [c.correction_id]
    assert any_store.corrections("ev_2") == []
    stored = any_store.event("ev_1")
    assert stored is not None and stored.corrections == (c.correction_id,)
    # the filters see the corrected values
    assert [e.event_id for e in any_store.events(event_type="riots")] == ["ev_1"]


def test_corrections_survive_a_rerun_and_a_remerge(any_store: Store) -> None:
    setup(any_store)
    any_store.put_correction(field("ev_1", actor1="Valley Guard", event_date="2021-03-01"))
    any_store.replace_resolution(events=[EV1, E2, E3], claims=[], periods=[])  # re-run
    assert served(any_store, "ev_1").actor1 == "Valley Guard"
    # a re-merge gives the same reports another id: the correction follows its mentions
    remerged = dataclasses.replace(EV1, event_id="ev_1b", notes="re-merged")
    any_store.replace_resolution(events=[remerged, E2, E3], claims=[], periods=[])
    assert any_store.event("ev_1") is None
    e = served(any_store, "ev_1b")
    assert (
        e.actor1 == "Valley Guard" and e.event_date == date(2021, 3, 1) and e.notes == "re-merged"
    )


def test_not_an_event_and_merge(any_store: Store) -> None:
    setup(any_store)
    any_store.put_correction(
        CorrectionRequest(kind=CorrectionKind.NOT_EVENT, event_id="ev_3", author="a")
    )
    assert any_store.event("ev_3") is None
    assert [e.event_id for e in any_store.events()] == ["ev_1", "ev_2"]
    any_store.put_correction(
        CorrectionRequest(
            kind=CorrectionKind.MERGE, event_id="ev_1", other_event_id="ev_2", author="b"
        )
    )
    assert any_store.event("ev_2") is None
    e = served(any_store, "ev_1")
    assert set(e.sources) == {DOC_A.doc_id, DOC_B.doc_id} and "Valley Post" in e.source_names
    kinds = {(c.event_id, c.kind, c.into) for c in any_store.changes()}
    assert ("ev_3", ChangeKind.DELETED, "") in kinds
    # ev_2's mention is now ev_1's: merged away into ev_1
    assert ("ev_2", ChangeKind.MERGED, "ev_1") in kinds and (
        "ev_1",
        ChangeKind.CHANGED,
        "",
    ) in kinds
    # both survive a re-run of the machine
    any_store.replace_resolution(events=[EV1, E2, E3], claims=[], periods=[])
    assert [e.event_id for e in any_store.events()] == ["ev_1"]


def test_split(any_store: Store) -> None:
    setup(any_store, events=(EV_AC,))
    c = any_store.put_correction(
        CorrectionRequest(
            kind=CorrectionKind.SPLIT, event_id="ev_ac", author="a", split_mention_ids=("em_c",)
        )
    )
    events = {e.event_id: e for e in any_store.events()}
    assert len(events) == 2 and "ev_ac" in events
    kept = events.pop("ev_ac")
    [(new_id, new)] = events.items()
    assert kept.mentions == ("em_a",) and kept.event_type == "Strategic developments"
    assert new.mentions == ("em_c",) and new.location == "Vossa" and new.actor1 == "Lantern Brigade"
    assert new.event_date == date(2021, 3, 4) and "corrected" in new.flags
    assert any(ch.event_id == new_id and ch.kind is ChangeKind.ADDED for ch in any_store.changes())
    assert [x.correction_id for x in any_store.corrections(new_id)] == [c.correction_id]


@pytest.mark.parametrize(
    "request_, code",
    [
        (field("ev_missing", fatalities=1), "E312"),
        (field("ev_1", fatalities=-1), "E311"),
        (field("ev_1", fatalities="many"), "E311"),
        (field("ev_1", event_type="Battels"), "E311"),
        (field("ev_1", event_date="yesterday"), "E311"),
        (field("ev_1", sources=["x"]), "E311"),
        (field("ev_1", author=" ", fatalities=1), "E311"),
        (CorrectionRequest(kind=CorrectionKind.FIELD, event_id="ev_1", author="a"), "E311"),
        (
            CorrectionRequest(
                kind=CorrectionKind.MERGE, event_id="ev_1", other_event_id="ev_1", author="a"
            ),
            "E312",
        ),
        (
            CorrectionRequest(
                kind=CorrectionKind.SPLIT, event_id="ev_1", split_mention_ids=("em_a",), author="a"
            ),
            "E311",
        ),
    ],
)
def test_invalid_corrections(any_store: Store, request_: CorrectionRequest, code: str) -> None:
    setup(any_store)
    with pytest.raises(StoreError) as e:
        any_store.put_correction(request_)
    assert e.value.code == code
    assert any_store.corrections() == [] and any_store.events() == [EV1, E2, E3]


# --- change feed and timestamps -----------------------------------------------------


def test_change_feed_and_timestamps(any_store: Store) -> None:
    setup(any_store)
    first = any_store.changes()
    assert {(c.event_id, c.kind) for c in first} == {
        (i, ChangeKind.ADDED) for i in ("ev_1", "ev_2", "ev_3")
    }
    stamps = {s.event.event_id: s.timestamp for s in any_store.query_events(EventQuery()).items}
    assert all(t > 1_700_000_000 for t in stamps.values())
    resolved = any_store.resolved_at()
    time.sleep(1.1)
    setup(any_store)  # the same input again: nothing changes, not even the times
    assert any_store.changes(after_seq=first[-1].seq) == []
    assert any_store.resolved_at() == resolved
    mark = datetime.now(UTC)
    time.sleep(0.01)
    # a re-run merges ev_2 into ev_1 (ev_1 now holds ev_2's report), changes ev_3 and
    # adds ev_4
    ev1 = dataclasses.replace(EV1, mentions=("em_a", "em_b2"))
    ev3 = dataclasses.replace(E3, fatalities=9)
    ev4 = make_event("ev_4", mentions=("em_z",))
    any_store.replace_resolution(events=[ev1, ev3, ev4], claims=[], periods=[])
    got = {(c.event_id, c.kind, c.into) for c in any_store.changes(since=mark)}
    assert got == {
        ("ev_1", ChangeKind.CHANGED, ""),
        ("ev_2", ChangeKind.MERGED, "ev_1"),
        ("ev_3", ChangeKind.CHANGED, ""),
        ("ev_4", ChangeKind.ADDED, ""),
    }
    now = {s.event.event_id: s.timestamp for s in any_store.query_events(EventQuery()).items}
    assert now["ev_1"] > stamps["ev_1"] and now["ev_3"] > stamps["ev_3"]
    any_store.replace_resolution(events=[ev1], claims=[], periods=[])
    tail = any_store.changes(since=mark)[-2:]
    assert {(c.event_id, c.kind) for c in tail} == {
        ("ev_3", ChangeKind.DELETED),
        ("ev_4", ChangeKind.DELETED),
    }
    assert any_store.resolved_at() != resolved
    changed = any_store.query_events(EventQuery(changed_since=mark.replace(tzinfo=None)))
    assert [s.event.event_id for s in changed.items] == ["ev_1"]


# --- queries ------------------------------------------------------------------------


def _ids(store: Store, **kw: Any) -> list[str]:
    return [s.event.event_id for s in store.query_events(EventQuery(**kw)).items]


def test_query_filters(any_store: Store) -> None:
    ev4 = make_event(
        "ev_4",
        event_date=date(2021, 4, 1),
        actor1="Hill 40% Brigade",
        assoc_actor_1="Kerrow Youth; Lantern Brigade",
        sub_event_type="Government regains territory",
        latitude=-10.0,
        longitude=179.5,
        admin1="Far Isles",
        fatalities=40,
        country="Fiji",
        iso="FJ",
    )
    setup(any_store, events=(EV1, E2, E3, ev4))
    assert _ids(any_store, country="SYR") == ["ev_1", "ev_2"]  # ISO3
    assert _ids(any_store, country="fj") == ["ev_4"]
    assert _ids(any_store, admin1="far isles") == ["ev_4"]
    assert _ids(any_store, place="kerrow") == ["ev_1", "ev_2", "ev_4"]
    assert _ids(any_store, geonameids=(KERROW.geonameid + 1,)) == ["ev_3"]
    assert _ids(any_store, place="Palmyra", geonameids=(KERROW.geonameid + 1, 5)) == ["ev_3"]
    assert _ids(any_store, bbox=(38.0, 34.0, 39.0, 35.0)) == ["ev_1", "ev_2"]
    assert _ids(any_store, bbox=(179.0, -11.0, -179.0, -9.0)) == ["ev_4"]  # antimeridian
    assert _ids(any_store, actor="lantern brigade") == ["ev_4"]  # an associated actor
    assert _ids(any_store, actor="Civilians (Syria)") == ["ev_2"]
    assert _ids(any_store, actor="hill 40% brigade") == ["ev_4"]
    assert _ids(any_store, actor="40%") == []  # no wildcard from the input
    assert _ids(any_store, sub_event_type="GOVERNMENT REGAINS TERRITORY") == ["ev_4"]
    assert _ids(any_store, fatalities_min=3) == ["ev_4"]
    assert _ids(any_store, fatalities_max=2, since=date(2021, 3, 3)) == ["ev_2"]
    assert _ids(any_store, text='TWO" KILLED') == ["ev_1", "ev_2", "ev_4", "ev_3"]
    assert _ids(any_store, text="kerrow") == ["ev_1", "ev_2", "ev_4", "ev_3"]  # evidence quote
    assert _ids(any_store, text="_") == []
    assert _ids(any_store, text="100%") == []


def test_query_sort_and_pages(any_store: Store) -> None:
    events = tuple(
        make_event(f"ev_{i:02d}", event_date=date(2021, 1, 1 + i % 7), fatalities=i)
        for i in range(20)
    )
    setup(any_store, events=events)
    page = any_store.query_events(EventQuery(sort="fatalities", descending=True, limit=5, offset=5))
    assert page.total == 20 and [s.event.fatalities for s in page.items] == [14, 13, 12, 11, 10]
    by_date = _ids(any_store, limit=3)
    assert by_date == ["ev_00", "ev_07", "ev_14"]  # date, then id
    everything = [
        s.event.event_id for s in any_store.query_events(EventQuery(sort="event_id")).items
    ]
    assert everything == sorted(e.event_id for e in events)
    with pytest.raises(StoreError) as e:
        any_store.query_events(EventQuery(sort="secret_column; DROP TABLE events"))
    assert e.value.code == "E313"
    assert any_store.query_events(EventQuery(limit=0)).total == 20


# --- concurrency -----------------------------------------------------------------------


def test_readers_keep_working_while_a_run_writes(backend: str, monkeypatch: Any) -> None:
    """A reader in another connection sees the last committed state while a long write
    transaction is open, without waiting for it (PostgreSQL only: DuckDB allows one
    process per file, and one store object serialises its calls)."""
    if not backend.startswith("postgresql"):
        pytest.skip("DuckDB: one process per store file (see E304)")
    writer = open_store(backend)
    reader = open_store(backend)
    setup(writer)
    inside, release = threading.Event(), threading.Event()
    real = SqlStore._serve

    def slow(self: SqlStore, tx: Any, *args: Any, **kw: Any) -> Any:
        real(self, tx, *args, **kw)
        inside.set()
        release.wait(30)

    monkeypatch.setattr(SqlStore, "_serve", slow)
    t = threading.Thread(
        target=writer.replace_resolution, kwargs={"events": [EV1], "claims": [], "periods": []}
    )
    t.start()
    try:
        assert inside.wait(30)
        started = time.monotonic()
        assert [e.event_id for e in reader.events()] == ["ev_1", "ev_2", "ev_3"]
        assert time.monotonic() - started < 5  # it did not wait for the writer
    finally:
        release.set()
        t.join(30)
    assert [e.event_id for e in reader.events()] == ["ev_1"]
    writer.close()
    reader.close()


def test_one_store_reads_while_it_writes(any_store: Store, monkeypatch: Any) -> None:
    """In one process (the web server's), a read in another thread answers from the last
    commit while a long write transaction is open on the same store, on both backends."""
    setup(any_store)
    inside, release = threading.Event(), threading.Event()
    real = SqlStore._serve

    def slow(self: SqlStore, tx: Any, *args: Any, **kw: Any) -> Any:
        real(self, tx, *args, **kw)
        inside.set()
        release.wait(30)

    monkeypatch.setattr(SqlStore, "_serve", slow)
    t = threading.Thread(
        target=any_store.replace_resolution, kwargs={"events": [EV1], "claims": [], "periods": []}
    )
    t.start()
    try:
        assert inside.wait(30)
        got: list[list[str]] = []
        reader = threading.Thread(
            target=lambda: got.append([e.event_id for e in any_store.events()])
        )
        reader.start()
        reader.join(5)
        assert not reader.is_alive(), "the read waited for the write"
        assert got == [["ev_1", "ev_2", "ev_3"]]
    finally:
        release.set()
        t.join(30)
    assert [e.event_id for e in any_store.events()] == ["ev_1"]


def test_a_correction_that_cannot_apply_is_refused(any_store: Store) -> None:
    ev = make_event("ev_x", mentions=("em_a", "em_gone"))  # em_gone's report is not stored
    setup(any_store, events=(ev,))
    with pytest.raises(StoreError) as e:
        any_store.put_correction(
            CorrectionRequest(
                kind=CorrectionKind.SPLIT,
                event_id="ev_x",
                author="a",
                split_mention_ids=("em_gone",),
            )
        )
    assert e.value.code == "E311"
    assert any_store.corrections() == [] and any_store.events() == [ev]
