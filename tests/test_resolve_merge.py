"""Merging with a time limit, merge records, confidence, incremental resolution and ids.

Hand-made mentions about Mali, Somalia and Sudan (no seed place, actor or sentence).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from tadmor.model import (
    Document,
    EventMention,
    Evidence,
    FieldEvidence,
    Place,
    TimePrecision,
)
from tadmor.resolve import control_changes, control_timeline, merge_mentions
from tadmor.resolve.full import resolve_all
from tadmor.resolve.incremental import resolve_incremental
from tadmor.store import open_store

KIDAL = Place(2455290, "Kidal", "ML", "Mali", "Kidal", 18.44, 1.41)
TESSALIT = Place(2449893, "Tessalit", "ML", "Mali", "Kidal", 20.20, 1.01)
KIDAL_REGION = Place(2455289, "Kidal", "ML", "Mali", "Kidal", 19.6, 1.2, "A", "ADM1")
BAIDOA = Place(64013, "Baidoa", "SO", "Somalia", "Bay", 3.11, 43.65)
ARMY, CSP = "Military Forces of Mali", "CSP-DPA"


def doc(i: int, published: str, source: str | None = None) -> Document:
    return Document(
        doc_id=f"d{i}",
        text="Fighting was reported near the town.",
        origin=f"f{i}.txt",
        source=source if source is not None else f"Outlet {i}",
        published=date.fromisoformat(published),
    )


def mention(
    i: int,
    day: str,
    until: str | None = None,
    *,
    kind: str = "takeover",
    place: Place = KIDAL,
    a1: str = ARMY,
    a2: str = CSP,
    doc_id: str | None = None,
    confidence: float = 0.0,
) -> EventMention:
    ev = Evidence(doc_id=doc_id or f"d{i}", start=0, end=8, quote="Fighting")
    d0, d1 = date.fromisoformat(day), date.fromisoformat(until or day)
    types = {
        "takeover": ("Battles", "Government regains territory", "gain"),
        "clash": ("Battles", "Armed clash", ""),
        "protest": ("Protests", "Peaceful protest", ""),
        "strike": ("Explosions/Remote violence", "Air/drone strike", ""),
    }
    event_type, sub, territorial = types[kind]
    width = (d1 - d0).days
    return EventMention(
        mention_id=f"m{i:03d}",
        doc_id=doc_id or f"d{i}",
        trigger=ev,
        sentence=ev,
        event_type=event_type,
        sub_event_type=sub,
        actor1=a1,
        actor2=a2,
        inter1=1 if a1 == ARMY else 2,
        inter2=2 if a2 == CSP else (1 if a2 else 0),
        place=place,
        geo_precision=1,
        earliest=d0,
        latest=d1,
        time_precision=TimePrecision.DAY
        if width == 0
        else (TimePrecision.WEEK if width <= 7 else TimePrecision.MONTH),
        territorial=territorial,
        evidence=(FieldEvidence("event_type", ev),),
        confidence=confidence,
    )


DOCS = {f"d{i}": doc(i, "2023-11-20") for i in range(0, 40)}


def test_a_takeover_never_merges_with_a_protest_or_an_air_strike_there() -> None:
    events, _ = merge_mentions(
        [
            mention(1, "2023-11-14"),
            mention(2, "2023-11-14", kind="protest", a1="Protesters (Mali)", a2=""),
            mention(3, "2023-11-14", kind="strike", a1=ARMY, a2=""),
            mention(4, "2023-11-14", kind="clash"),  # the fighting that took the town: part of it
        ],
        documents=DOCS,
    )
    kinds = sorted((e.event_type, len(e.mentions)) for e in events)
    assert kinds == [("Battles", 2), ("Explosions/Remote violence", 1), ("Protests", 1)]


def test_window_follows_time_precision() -> None:
    # "in November" may be any day of the month: it corroborates the 14th
    month = mention(2, "2023-11-01", "2023-11-30")
    # two day-precise reports ten days apart are two happenings
    later = mention(3, "2023-11-24")
    # "in 2023" is too vague to be any one of them
    year = mention(4, "2023-01-01", "2023-12-31")
    events, _ = merge_mentions([mention(1, "2023-11-14"), month, later, year], documents=DOCS)
    groups = sorted(tuple(e.mentions) for e in events)
    assert groups == [("m001", "m002"), ("m003",), ("m004",)]


def test_merge_links_say_who_joined_whom_how_far_and_by_which_rule() -> None:
    events, _ = merge_mentions(
        [mention(1, "2023-11-14"), mention(2, "2023-11-16", place=KIDAL_REGION)],
        documents=DOCS,
    )
    [e] = events
    founding, joined = e.merge_links
    assert (founding.mention_id, founding.rule) == ("m001", "founding")
    assert e.event_id.startswith("evt_")
    assert joined.mention_id == "m002" and joined.joined == "m001"
    assert joined.rule == "place_in_region" and joined.days == 2 and joined.window_days == 3
    assert joined.km is not None and 100 < joined.km < 160  # town to the region's centre


def test_event_id_is_the_founding_mention_s_and_stays_when_reports_join() -> None:
    one, _ = merge_mentions([mention(1, "2023-11-14")], documents=DOCS)
    two, _ = merge_mentions(
        [mention(1, "2023-11-14"), mention(2, "2023-11-15"), mention(3, "2023-11-14")],
        documents=DOCS,
    )
    assert one[0].event_id == two[0].event_id
    assert len(two[0].mentions) == 3


def test_confidence_grows_with_independent_sources_not_with_repeats() -> None:
    docs = dict(DOCS) | {"d1": doc(1, "2023-11-20", "Wire"), "d2": doc(2, "2023-11-20", "Wire")}
    docs["d3"] = doc(3, "2023-11-20", "Radio")
    single, _ = merge_mentions([mention(1, "2023-11-14", confidence=0.6)], documents=docs)
    same_outlet, _ = merge_mentions(
        [mention(1, "2023-11-14", confidence=0.6), mention(2, "2023-11-14", confidence=0.6)],
        documents=docs,
    )
    two_outlets, _ = merge_mentions(
        [mention(1, "2023-11-14", confidence=0.6), mention(3, "2023-11-14", confidence=0.6)],
        documents=docs,
    )
    assert single[0].confidence == same_outlet[0].confidence == 0.6
    assert two_outlets[0].confidence > 0.8


def test_twenty_thousand_identical_lines_merge_in_linear_time() -> None:
    # one document shelling the same town 20,000 times: one cluster, checked by its
    # distinct members, not each of them (this used to take minutes)
    ms = [
        replace(mention(i % 900, "2023-11-14", kind="strike", a2=""), mention_id=f"s{i:05d}")
        for i in range(20_000)
    ]
    events, _ = merge_mentions(ms, documents=DOCS)
    assert len(events) == 1 and len(events[0].mentions) == 20_000


def test_prior_holder_gives_the_first_change_its_loser() -> None:
    cue = Evidence("d1", 0, 8, "Fighting")
    m = replace(
        mention(1, "2023-11-14", a2=""),
        prior_holder=CSP,
        evidence=(FieldEvidence("event_type", cue), FieldEvidence("prior_holder", cue)),
    )
    events, _ = merge_mentions([m], documents=DOCS)
    assert events[0].prior_holder == CSP and events[0].prior_holder_cue == "Fighting"
    periods = control_timeline(events)
    assert [(p.controller, p.inferred) for p in periods] == [(CSP, True), (ARMY, False)]
    [change] = control_changes(periods, events)
    assert (change.from_actor, change.to_actor) == (CSP, ARMY)


def _stored(tmp_path, mentions, docs):  # type: ignore[no-untyped-def]
    store = open_store(str(tmp_path / "s.duckdb"))
    store.put_event_mentions(mentions)
    store.put_documents(list(docs))
    return store


def test_full_remerge_keeps_ids_and_records_the_event_merged_away(tmp_path) -> None:  # type: ignore[no-untyped-def]
    a, b = mention(1, "2023-11-10"), mention(2, "2023-11-16")
    store = _stored(tmp_path, [a, b], [DOCS["d1"], DOCS["d2"]])
    events, claims = merge_mentions([a, b], documents=DOCS)
    store.replace_resolution(events=events, claims=claims, periods=control_timeline(events))
    ids = sorted(e.event_id for e in store.events())
    assert len(ids) == 2
    # a re-analysis dates the second report to the 11th: one happening after all
    store.put_event_mentions([replace(b, earliest=date(2023, 11, 11), latest=date(2023, 11, 11))])
    events, _, periods = resolve_all(store, window_days=3)
    [e] = events
    assert e.event_id in ids and e.merged_from == tuple(i for i in ids if i != e.event_id)
    assert [p.controller for p in periods][-1] == ARMY
    store.close()


def test_incremental_resolution_joins_stored_events_and_keeps_their_ids(tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = [mention(1, "2023-11-14"), mention(2, "2023-11-14", place=BAIDOA, a1="Al Shabaab")]
    store = _stored(tmp_path, first, [DOCS["d1"], DOCS["d2"]])
    d1 = resolve_incremental(store, store.unresolved_mentions(), window_days=3)
    assert d1.events_written == 2 and store.unresolved_mentions() == []
    before = {e.location: e.event_id for e in store.events()}
    late = [mention(3, "2023-11-15"), mention(4, "2023-11-30")]
    store.put_event_mentions(late)
    store.put_documents([DOCS["d3"], DOCS["d4"]])
    d2 = resolve_incremental(store, store.unresolved_mentions(), window_days=3)
    # only the Kidal event of mid-November was read; the one in Somalia was never touched
    assert d2.neighbourhood == 1 and d2.events_written == 2
    events = store.events()
    kidal = [e for e in events if e.location == "Kidal"]
    assert sorted(len(e.mentions) for e in kidal) == [1, 2]
    assert before["Kidal"] in {e.event_id for e in kidal}
    assert before["Baidoa"] in {e.event_id for e in events}
    # the same, merged from scratch, groups the mentions the same way with the same ids
    full, _, _ = resolve_all(store, window_days=3)
    assert {(e.event_id, e.mentions) for e in full} == {(e.event_id, e.mentions) for e in events}
    # nothing new: nothing written
    d3 = resolve_incremental(store, store.unresolved_mentions(), window_days=3)
    assert d3.events_written == 0 and store.events() == events
    store.close()


def test_incremental_cost_follows_new_mentions_not_store_size(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(str(tmp_path / "big.duckdb"))
    old = [
        mention(i, (date(2020, 1, 1) + timedelta(days=3 * i)).isoformat(), doc_id="d0")
        for i in range(300)
    ]
    store.put_event_mentions(old)
    store.put_documents([DOCS["d0"]])
    resolve_incremental(store, store.unresolved_mentions(), window_days=3)
    new = [replace(mention(900, "2023-11-14", doc_id="d0"), mention_id="new")]
    store.put_event_mentions(new)
    delta = resolve_incremental(store, store.unresolved_mentions(), window_days=3)
    assert delta.mentions == 1 and delta.neighbourhood <= 12  # 300 events stored
    store.close()


def test_mentions_of_an_interrupted_run_are_resolved_by_the_next(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = _stored(tmp_path, [mention(1, "2023-11-14"), mention(2, "2023-11-15")], DOCS.values())
    # the run stored its batch and was killed before resolving it
    assert [m.mention_id for m in store.unresolved_mentions()] == ["m001", "m002"]
    resolve_incremental(store, store.unresolved_mentions(), window_days=3)
    assert store.unresolved_mentions() == []
    [e] = store.events()
    # a re-analysis stores one mention again with another figure: only it is pending, and
    # the event it belongs to is rebuilt from it
    store.put_event_mentions([replace(mention(2, "2023-11-15"), fatalities=9)])
    assert [m.mention_id for m in store.unresolved_mentions()] == ["m002"]
    resolve_incremental(store, store.unresolved_mentions(), window_days=3)
    [again] = store.events()
    assert again.event_id == e.event_id and again.fatalities == 9
    assert store.unresolved_mentions() == []
    store.close()


def test_a_store_resolved_before_the_members_table_upgrades_resolved(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tadmor.store import rows
    from tadmor.store.duckdb_store import DuckDBStore
    from tadmor.store.migrations import MIGRATIONS

    path = tmp_path / "old.duckdb"
    old = DuckDBStore(path, migrations=MIGRATIONS[:3])
    events, _ = merge_mentions([mention(1, "2023-11-14")], documents=DOCS)
    old.put_event_mentions([mention(1, "2023-11-14")])
    with old._transaction() as tx:  # what a resolution wrote before the upgrade
        old._upsert(tx, table="machine_events", rows=[rows.machine_event_row(events[0])])
    old.close()
    new = DuckDBStore(path)
    assert 4 in new.applied_migrations
    assert new.unresolved_mentions() == []
    assert [m.mention_id for m in new.event_mentions(ids=events[0].mentions)] == ["m001"]
    new.close()


def test_incremental_resolution_on_every_backend(any_store) -> None:  # type: ignore[no-untyped-def]
    store = any_store
    store.put_documents(list(DOCS.values()))
    store.put_event_mentions([mention(1, "2023-11-14"), mention(2, "2023-11-14", place=BAIDOA)])
    resolve_incremental(store, store.unresolved_mentions(), window_days=3)
    first = {e.location: e.event_id for e in store.events()}
    store.put_event_mentions([mention(3, "2023-11-15"), mention(4, "2023-11-15", place=TESSALIT)])
    delta = resolve_incremental(store, store.unresolved_mentions(), window_days=3)
    assert delta.neighbourhood == 1 and store.unresolved_mentions() == []
    events = {e.location: e for e in store.events()}
    assert events["Kidal"].event_id == first["Kidal"] and len(events["Kidal"].mentions) == 2
    assert set(events) == {"Kidal", "Baidoa", "Tessalit"}
    assert [m.mention_id for m in store.event_mentions(ids=events["Kidal"].mentions)] == [
        "m001",
        "m003",
    ]
    kinds = {(c.event_id, c.kind.value) for c in store.changes()}
    assert (first["Kidal"], "changed") in kinds and (events["Tessalit"].event_id, "added") in kinds
    assert [p.controller for p in store.control_periods(place="Kidal")][-1] == ARMY
