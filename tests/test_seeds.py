"""The development check on ../shared/seeds: all four changes of control, and the traps.

Skipped where ../shared is absent. Nothing here copies the seeds' text: assertions name
places, dates and actors, and check that the evidence quotes are the document's own text.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tadmor.actors import ActorDictionary, ActorMatcher
from tadmor.eval.control import load_expected, score_changes
from tadmor.model import Modality
from tadmor.pipeline import run
from tadmor.resolve import control_changes
from tadmor.settings import Settings
from tadmor.store import open_store


@pytest.fixture(scope="module")
def seeded(shared: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    store = open_store(str(tmp_path_factory.mktemp("seeds") / "seeds.duckdb"))
    report = run([shared / "seeds"], settings=Settings.create(), store=store)
    yield store, report
    store.close()


def test_all_four_changes_found(seeded, shared: Path) -> None:  # type: ignore[no-untyped-def]
    store, _ = seeded
    expected = load_expected(shared / "seeds" / "expected_control.json")
    events = store.events()
    predicted = control_changes(store.control_periods(), events)
    scores = score_changes(expected, predicted, matcher=ActorMatcher(ActorDictionary.load()))
    assert scores.recall == 1.0, scores.matches
    assert scores.precision >= 0.75, [
        f"{p.place} {p.date} {p.from_actor}->{p.to_actor}" for p in predicted
    ]


def test_changes_rest_on_evidence_in_the_right_sentences(seeded, shared: Path) -> None:  # type: ignore[no-untyped-def]
    store, _ = seeded
    docs = {d.doc_id: d for d in store.documents()}
    meta = {
        json.loads(line)["file"]: date.fromisoformat(json.loads(line)["published"])
        for line in (shared / "seeds" / "metadata.jsonl").read_text().splitlines()
        if line.strip()
    }
    events = {e.event_id: e for e in store.events()}
    for change in control_changes(store.control_periods(), list(events.values())):
        event = events[change.event_id]
        triggers = [f.evidence for f in event.evidence if f.field == "event_type"]
        assert triggers
        for ev in event.evidence:
            assert (
                docs[ev.evidence.doc_id].text[ev.evidence.start : ev.evidence.end]
                == ev.evidence.quote
            )
        # the sentence that codes the change names the place (or refers to it) and is in a
        # report published on or after the change
        notes = [f.evidence for f in event.evidence if f.field == "notes"]
        assert any(
            change.date <= docs[n.doc_id].published for n in notes if docs[n.doc_id].published
        )
        assert {docs[t.doc_id].origin.rsplit("/", 1)[-1] for t in triggers} <= set(meta)


def test_near_miss_and_conditional_are_not_events(seeded) -> None:  # type: ignore[no-untyped-def]
    store, _ = seeded
    located = {(e.location, e.sub_event_type) for e in store.events()}
    # nothing happened at Homs, Deir ez-Zor or Raqqa in these reports
    for e in store.events():
        assert e.location not in {"Homs", "Deir ez-Zor", "Ar Raqqah"}, (e.location, e.notes)
    claims = store.claims()
    near = [c for c in claims if c.modality is Modality.NEAR_MISS]
    assert {c.mention.place.name for c in near if c.mention.place} >= {"Homs"}
    hyp = [c for c in claims if c.modality in (Modality.HYPOTHETICAL, Modality.INTENDED)]
    assert hyp
    assert located


def test_rerun_changes_nothing(seeded, shared: Path) -> None:  # type: ignore[no-untyped-def]
    store, _ = seeded
    before = (store.events(), store.claims(), store.control_periods())
    again = run([shared / "seeds"], settings=Settings.create(), store=store)
    assert again.documents == 0  # all already stored
    assert (store.events(), store.claims(), store.control_periods()) == before


def test_event_days_from_weekdays_and_no_caption_date(seeded) -> None:  # type: ignore[no-untyped-def]
    """The first fall is dated Wednesday 20 May 2015 (report of the 22nd), the last one Sunday
    11 December 2016 (report of the 12th); the photo caption's "April 1" dates no event."""
    store, _ = seeded
    falls = {
        e.event_date
        for e in store.events()
        if e.location in ("Palmyra", "Tadmur")
        and e.sub_event_type == "Non-state actor overtakes territory"
        and e.time_precision == 1
    }
    assert {date(2015, 5, 20), date(2016, 12, 11)} <= falls, falls
    for e in store.events():
        assert e.event_date != date(2016, 4, 1), e.notes
        for f in e.evidence:
            if f.field == "event_date":
                assert "April 1" not in f.evidence.quote
