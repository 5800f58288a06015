"""Event-coding scorers (ACLED, PLOVER, UCDP GED) on small invented gold files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import pytest

from tadmor.errors import TadmorError
from tadmor.eval.events import (
    ACLED_TO_PLOVER,
    PLOVER_SCOPE,
    PRF,
    EventScores,
    cameo_country,
    clean_actor_name,
    evaluate_acled,
    evaluate_plover,
    evaluate_ucdp,
    plover_type,
)
from tadmor.eval.events_formats import (
    clean_headlines,
    parse_acled_date,
    read_acled,
    read_plover,
    read_ucdp,
)
from tadmor.model import Document, EventMention
from tadmor.pipeline import Analyzer
from tadmor.settings import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "eval"
ACLED = FIXTURES / "acled_sample.csv"
PLOVER = FIXTURES / "plover_sample.json"
UCDP = FIXTURES / "ucdp_sample.csv"
SHARED_EVENTS = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "events"


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer.create(Settings.create())


# --- pure helpers ---------------------------------------------------------------


def test_plover_mapping() -> None:
    assert plover_type("Battles", "Armed clash") == "FIGHT"
    assert plover_type("Explosions/Remote violence", "Air/drone strike") == "FIGHT"
    assert plover_type("Explosions/Remote violence", "Suicide bomb") == "ASSAULT"
    assert plover_type("Violence against civilians", "Attack") == "ASSAULT"
    assert plover_type("Violence against civilians", "Abduction/forced disappearance") == "COERCE"
    assert plover_type("Riots", "Violent demonstration") == "PROTEST"
    assert plover_type("Strategic developments", "Arrests") == "COERCE"
    assert plover_type("Strategic developments", "Non-violent transfer of territory") == "RETREAT"
    # an unknown sub-type falls back to its type's default; an unknown type has no PLOVER type
    assert plover_type("Battles", "Something new") == "FIGHT"
    assert plover_type("Strategic developments", "Something new") == ""
    assert plover_type("Weather", "Rain") == ""
    assert "AGREE" in PLOVER_SCOPE and "" not in PLOVER_SCOPE
    assert all(isinstance(k, tuple) and len(k) == 2 for k in ACLED_TO_PLOVER)


def test_helpers() -> None:
    assert clean_actor_name("Military Forces of Syria (2000-)") == "Military Forces of Syria"
    assert clean_actor_name(" Police Forces of Iraq  (2003-2011) ") == "Police Forces of Iraq"
    assert clean_actor_name("Civilians (Syria)") == "Civilians (Syria)"
    assert cameo_country("SYR") == "SY"
    assert cameo_country("JAP") == "JP"
    assert cameo_country("IGO") == ""
    assert parse_acled_date("2015-05-20") == date(2015, 5, 20)
    assert parse_acled_date("20 May 2015") == date(2015, 5, 20)
    assert parse_acled_date("20-May-2015") == date(2015, 5, 20)
    assert parse_acled_date("soon") is None
    assert clean_headlines("UPDATE 3-Town falls;Town falls; WRAPUP 1-Army moves") == (
        "Town falls\nArmy moves"
    )
    assert PRF.of(right_pred=1, pred=2, right_gold=1, gold=4) == PRF(0.5, 0.25, 1 / 3)
    assert PRF.of(right_pred=0, pred=0, right_gold=0, gold=0) == PRF(0.0, 0.0, 0.0)


def test_readers() -> None:
    acled = read_acled(ACLED)
    assert [r.line for r in acled.rows] == [2, 3, 4, 6]
    assert acled.rows[1].event_date == date(2018, 6, 9)
    assert [(s.line, "event_date" in s.reason) for s in acled.skipped] == [(5, True)]
    plover = read_plover(PLOVER)
    assert len(plover.rows) == 6  # the DOCUMENT record is not an event
    assert plover.rows[2].targets == () and plover.rows[3].sources == ()
    ucdp = read_ucdp(UCDP, since_year=2014)
    assert [r.row_id for r in ucdp.rows] == ["9001", "9002", "9003"]
    assert ucdp.rows[0].headline == "Iraqi forces retake Ramadi from Islamic State"
    assert len(ucdp.skipped) == 1 and ucdp.skipped[0].line == 8
    assert len(read_ucdp(UCDP, since_year=2009, until_year=2015).rows) == 2


def test_bad_files(tmp_path: Path, analyzer: Analyzer) -> None:
    with pytest.raises(TadmorError) as err:
        read_acled(tmp_path / "missing.csv")
    assert err.value.code == "E421"
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(TadmorError) as err:
        read_ucdp(bad, since_year=2014)
    assert err.value.code == "E422"
    (tmp_path / "bad.json").write_text('{"not": "a list"}', encoding="utf-8")
    with pytest.raises(TadmorError) as err:
        read_plover(tmp_path / "bad.json")
    assert err.value.code == "E422"
    with pytest.raises(TadmorError) as err:
        evaluate_acled(ACLED, analyzer=analyzer, limit=0)
    assert err.value.code == "E423"


# --- scorers on invented gold (the coder is the real one) -----------------------------


def test_acled_scores(analyzer: Analyzer) -> None:
    s = evaluate_acled(ACLED, analyzer=analyzer)
    # rows: a clash coded right; a council meeting (no event); a protest by residents (coded
    # "Protesters (Iraq)", as ACLED does); an attack on civilians located 25+ km from the gold
    # point; one unreadable date
    assert s.rows == 4
    assert s.extra["found_rows"] == 3 and s.extra["coded_events"] == 3
    assert s.event.recall == pytest.approx(0.75)
    assert s.event.precision == pytest.approx(1.0)
    assert s.fields == pytest.approx(
        {
            "event_type": 0.75,
            "sub_event_type": 0.75,
            "actor1": 0.75,
            "actor2": 0.75,
            "location_25km": 0.5,
            "date": 0.75,
            "fatalities": 0.75,
        }
    )
    assert s.extra["actors_unordered"] == pytest.approx(0.75)
    assert s.extra["skipped"] == 1 and len(s.skipped) == 1
    one = evaluate_acled(ACLED, analyzer=analyzer, limit=1)
    assert one.rows == 1 and all(v == 1.0 for v in one.fields.values())


def test_plover_scores(analyzer: Analyzer) -> None:
    s = evaluate_plover(PLOVER, analyzer=analyzer)
    # a clash (FIGHT, actors right); a diplomatic agreement to reopen embassies (AGREE in PLOVER,
    # but diplomacy is no ACLED event: nothing coded); a threat (nothing coded); a protest (type
    # and source right); a roadside bomb (Remote explosive, so ASSAULT): ASSAULT in one gold
    # record, FIGHT in another with the same sentence, which is coded once
    assert s.rows == 6
    assert s.extra["coded_events"] == 3
    assert s.fields["event_type"] == pytest.approx(3 / 6)
    assert s.event.precision == 1.0 and s.event.recall == pytest.approx(3 / 6)
    assert s.event.f1 == pytest.approx(2 / 3)
    assert s.extra["source_precision"] == 1.0
    assert s.extra["source_recall"] == pytest.approx(0.4)
    assert s.fields["source_f1"] == pytest.approx(2 * 0.4 / 1.4)
    assert s.fields["target_f1"] == pytest.approx(1.0)
    assert s.extra["in_scope_rows"] == 5
    assert s.extra["in_scope_event_type"] == pytest.approx(0.6)
    assert s.extra["in_scope_found"] == pytest.approx(0.8)
    assert s.extra["out_of_scope_false_alarm"] == 0.0
    assert s.extra["event_type_FIGHT"] == 0.5 and s.extra["event_type_ASSAULT"] == 1.0
    # in scope, the threat's source no longer counts: 2 of 4 gold sources, none coded wrongly
    assert s.extra["in_scope_source_f1"] == pytest.approx(2 / 3)
    assert s.extra["in_scope_target_f1"] == pytest.approx(1.0)


def test_ucdp_scores(analyzer: Analyzer) -> None:
    s = evaluate_ucdp(UCDP, analyzer=analyzer)
    # a retaking (right but for deaths), a massacre (all right), a headline with no event;
    # a 2010 row, a row without headline and a row with a bad date are not scored
    assert s.rows == 3
    assert s.event.recall == pytest.approx(2 / 3)
    assert s.event.precision == pytest.approx(1.0)
    assert s.fields == pytest.approx(
        {
            "side_a": 2 / 3,
            "side_b": 2 / 3,
            "place_25km": 2 / 3,
            "date": 2 / 3,
            "deaths_best": 1 / 3,
            "deaths_in_range": 1 / 3,
        }
    )
    assert s.extra["violence_type"] == pytest.approx(2 / 3)
    assert s.extra["skipped"] == 1
    assert evaluate_ucdp(UCDP, analyzer=analyzer, since_year=2009).rows == 4


def test_to_json(analyzer: Analyzer) -> None:
    out = evaluate_ucdp(UCDP, analyzer=analyzer, limit=2).to_json()
    assert set(out) == {"rows", "event", "fields", "extra", "skipped", "errors"}
    assert out["rows"] == 2
    event = out["event"]
    assert isinstance(event, dict) and set(event) == {"precision", "recall", "f1"}


# --- the real shared gold data, when present ----------------------------------------


def _check_ranges(s: EventScores, rows: int, fields: set[str]) -> None:
    assert s.rows == rows
    assert set(s.fields) == fields
    values = [s.event.precision, s.event.recall, s.event.f1, *s.fields.values()]
    assert all(0.0 <= v <= 1.0 for v in values)


def test_shared_gold(analyzer: Analyzer) -> None:
    if not SHARED_EVENTS.is_dir():
        pytest.skip("../shared/eval/events is not present")
    plover = evaluate_plover(SHARED_EVENTS / "PLOVER_GSR_CAMEO.txt", analyzer=analyzer, limit=20)
    _check_ranges(plover, 20, {"event_type", "source_f1", "target_f1"})
    ucdp = evaluate_ucdp(SHARED_EVENTS / "ucdp_ged_iraq.csv", analyzer=analyzer, limit=20)
    _check_ranges(
        ucdp,
        20,
        {"side_a", "side_b", "place_25km", "date", "deaths_best", "deaths_in_range"},
    )
    assert ucdp.extra["found_rows"] <= 20


def test_analysis_failure_is_recorded(analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch) -> None:
    real = analyzer.analyse

    def fragile(docs: Iterable[Document]) -> Iterator[tuple[Document, list[EventMention]]]:
        docs = list(docs)
        if any("council" in d.text for d in docs):
            raise RuntimeError("parser broke")
        return real(docs)

    monkeypatch.setattr(analyzer, "analyse", fragile)
    s = evaluate_acled(ACLED, analyzer=analyzer)
    assert s.rows == 4 and s.extra["analysis_errors"] == 1
    assert [(e.line, "parser broke" in e.reason) for e in s.errors] == [(3, True)]
    assert s.extra["found_rows"] == 3  # the other rows were still coded, one by one
