"""Cross-document merging and the control timeline, on hand-made mentions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tadmor.model import (
    Document,
    EventMention,
    Evidence,
    FieldEvidence,
    Modality,
    Place,
    TimePrecision,
)
from tadmor.resolve import control_changes, control_timeline, merge_mentions

TOWN = Place(
    geonameid=1,
    name="Tenenkou",
    country_code="ML",
    country="Mali",
    admin1="Mopti",
    latitude=14.45,
    longitude=-4.92,
)
OTHER = Place(
    geonameid=2,
    name="Youwarou",
    country_code="ML",
    country="Mali",
    admin1="Mopti",
    latitude=15.37,
    longitude=-4.26,
)
ARMY, JNIM = "Military Forces of Mali", "JNIM"


def doc(i: int, published: str) -> Document:
    text = f"Report {i}: something happened in the town."
    return Document(
        doc_id=f"d{i}",
        text=text,
        origin=f"f{i}.txt",
        source=f"Outlet {i}",
        published=date.fromisoformat(published),
    )


def mention(
    i: int,
    *,
    day: str,
    until: str | None = None,
    a1: str = JNIM,
    a2: str = ARMY,
    place: Place | None = TOWN,
    fatal: int | None = None,
    modality: Modality = Modality.ASSERTED,
    flags: tuple[str, ...] = (),
    territorial: str = "gain",
) -> EventMention:
    ev = Evidence(doc_id=f"d{i}", start=0, end=6, quote="Report")
    d0, d1 = date.fromisoformat(day), date.fromisoformat(until or day)
    return EventMention(
        mention_id=f"m{i}-{day}-{a1}",
        doc_id=f"d{i}",
        trigger=ev,
        sentence=ev,
        event_type="Battles",
        sub_event_type="Non-state actor overtakes territory"
        if a1 == JNIM
        else "Government regains territory",
        actor1=a1,
        actor2=a2,
        inter1=2 if a1 == JNIM else 1,
        inter2=1 if a2 == ARMY else (2 if a2 else 0),
        place=place,
        geo_precision=1,
        earliest=d0,
        latest=d1,
        time_precision=TimePrecision.DAY if d0 == d1 else TimePrecision.WEEK,
        fatalities=fatal,
        modality=modality,
        territorial=territorial,
        evidence=(FieldEvidence("event_type", ev),),
        flags=flags,
    )


DOCS = {f"d{i}": doc(i, "2023-03-02") for i in range(1, 8)}


def test_two_reports_of_one_takeover_merge_with_fatality_range() -> None:
    events, claims = merge_mentions(
        [mention(1, day="2023-02-12", fatal=12), mention(2, day="2023-02-12", fatal=17)],
        documents=DOCS,
    )
    assert claims == []
    [e] = events
    assert e.sources == ("d1", "d2")
    assert e.source_names == ("Outlet 1", "Outlet 2")
    assert (e.fatalities_range.low, e.fatalities_range.high) == (12, 17)
    assert e.fatalities == 12  # ACLED: the most conservative figure
    assert e.event_date == date(2023, 2, 12) and e.time_precision is TimePrecision.DAY


def test_week_precision_report_narrows_to_the_day() -> None:
    events, _ = merge_mentions(
        [mention(1, day="2023-02-06", until="2023-02-12"), mention(2, day="2023-02-12")],
        documents=DOCS,
    )
    [e] = events
    assert e.event_date == date(2023, 2, 12)
    assert e.time_precision is TimePrecision.DAY


def test_different_places_or_far_dates_do_not_merge() -> None:
    events, _ = merge_mentions(
        [
            mention(1, day="2023-02-12"),
            mention(2, day="2023-02-12", place=OTHER),
            mention(3, day="2023-04-20"),
        ],
        documents=DOCS,
    )
    assert len(events) == 3


def test_opposite_directions_do_not_merge() -> None:
    events, _ = merge_mentions(
        [mention(1, day="2023-02-12"), mention(2, day="2023-02-13", a1=ARMY, a2=JNIM)],
        documents=DOCS,
    )
    assert len(events) == 2


def test_not_happened_mentions_become_claims() -> None:
    events, claims = merge_mentions(
        [mention(1, day="2023-02-12", modality=Modality.NEAR_MISS)], documents=DOCS
    )
    assert events == []
    assert [c.modality for c in claims] == [Modality.NEAR_MISS]


def test_undated_mention_corroborates_a_dated_change_within_its_window() -> None:
    events, _ = merge_mentions(
        [
            mention(1, day="2023-02-12"),
            mention(2, day="2023-02-09", until="2023-02-16", flags=("undated",)),
        ],
        documents=DOCS,
    )
    [e] = events
    assert e.sources == ("d1", "d2")
    assert e.event_date == date(2023, 2, 12)
    assert [lk.rule for lk in e.merge_links] == ["founding", "same_place"]
    assert e.merge_links[1].joined == e.merge_links[0].mention_id


def test_undated_mention_does_not_join_a_change_weeks_before_its_report() -> None:
    # the town fell in February; a report of early March without a date is not that fall
    events, _ = merge_mentions(
        [
            mention(1, day="2023-02-12"),
            mention(2, day="2023-02-23", until="2023-03-02", flags=("undated",)),
        ],
        documents=DOCS,
    )
    assert len(events) == 2


def test_ids_are_stable_and_order_independent() -> None:
    ms = [mention(1, day="2023-02-12", fatal=12), mention(2, day="2023-02-12", fatal=17)]
    a, _ = merge_mentions(ms, documents=DOCS)
    b, _ = merge_mentions(list(reversed(ms)), documents=DOCS)
    assert [e.event_id for e in a] == [e.event_id for e in b]


def test_timeline_periods_and_changes() -> None:
    events, _ = merge_mentions(
        [mention(1, day="2023-02-12"), mention(2, day="2023-02-28", a1=ARMY, a2=JNIM)],
        documents=DOCS,
    )
    periods = control_timeline(events)
    assert [(p.controller, p.start, p.end) for p in periods] == [
        (ARMY, None, date(2023, 2, 12)),
        (JNIM, date(2023, 2, 12), date(2023, 2, 28)),
        (ARMY, date(2023, 2, 28), None),
    ]
    assert periods[0].inferred and not periods[1].inferred
    changes = control_changes(periods, events)
    assert [(c.from_actor, c.to_actor, c.date) for c in changes] == [
        (ARMY, JNIM, date(2023, 2, 12)),
        (JNIM, ARMY, date(2023, 2, 28)),
    ]


def test_foreign_backer_does_not_become_holder() -> None:
    m = mention(1, day="2016-03-27", a1="Military Forces of Russia", a2="Islamic State")
    from dataclasses import replace

    m = replace(m, assoc_actor_1=ARMY, place=TOWN)
    events, _ = merge_mentions([m], documents=DOCS)
    periods = control_timeline(events)
    assert periods[-1].controller == ARMY


def test_region_only_report_merges_into_the_town_report() -> None:
    region = Place(
        geonameid=3,
        name="Mopti",
        country_code="ML",
        country="Mali",
        admin1="Mopti",
        latitude=14.4,
        longitude=-3.9,
        feature_class="A",
        feature_code="ADM1",
    )
    country = Place(
        geonameid=4,
        name="Mali",
        country_code="ML",
        country="Mali",
        admin1="",
        latitude=17.0,
        longitude=-4.0,
        feature_class="A",
        feature_code="PCLI",
    )
    events, _ = merge_mentions(
        [
            mention(1, day="2023-02-12", place=region, fatal=17),
            mention(2, day="2023-02-12", fatal=12),
            # the country alone joins only from within a report of the town (its headline)
            replace(mention(3, day="2023-02-12", place=country), doc_id="d2"),
            mention(4, day="2023-02-12", place=country),
        ],
        documents=DOCS,
    )
    e, country_only = sorted(events, key=lambda e: -len(e.mentions))
    assert e.location == "Tenenkou" and len(e.mentions) == 3
    assert (e.fatalities_range.low, e.fatalities_range.high) == (12, 17)
    assert country_only.location == "Mali"


def test_town_in_another_region_does_not_merge() -> None:
    region = Place(
        geonameid=3,
        name="Gao",
        country_code="ML",
        country="Mali",
        admin1="Gao",
        latitude=16.3,
        longitude=-0.05,
        feature_class="A",
        feature_code="ADM1",
    )
    events, _ = merge_mentions(
        [mention(1, day="2023-02-12", place=region), mention(2, day="2023-02-12")], documents=DOCS
    )
    assert len(events) == 2
