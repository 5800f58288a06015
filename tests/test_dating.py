"""Dating a clause that names no date: the report's date, bounded by the clause's tense."""

from __future__ import annotations

import pytest

from helpers import code, one


@pytest.fixture(scope="module")
def an(analyzer):  # type: ignore[no-untyped-def]
    return analyzer


@pytest.mark.parametrize(
    ("sentence", "trigger", "earliest", "precision"),
    [
        # present-tense headline: the day of the report or the one before
        ("M23 rebels seize the town of Rubaya in eastern Congo", "seize", "2024-05-01", 2),
        (
            "Fighters of the Kachin Independence Army have captured the town of Bhamo.",
            "captured",
            "2024-05-01",
            2,
        ),
        ("Government troops are shelling the outskirts of Mekelle.", "shelling", "2024-05-01", 2),
        # simple past: the week before the report
        ("Al Shabaab militants attacked a military base near Jowhar.", "attacked", "2024-04-26", 2),
        # past perfect: background from the month before
        (
            "Islamist fighters had stormed the town of Menaka before the army arrived.",
            "stormed",
            "2024-04-02",
            3,
        ),
    ],
)
def test_undated_clause_is_dated_by_its_tense(an, sentence, trigger, earliest, precision) -> None:  # type: ignore[no-untyped-def]
    m = one(code(an, sentence, published="2024-05-02"), trigger)
    assert str(m.earliest) == earliest and str(m.latest) == "2024-05-02"
    assert m.time_precision == precision
    assert "dated_by_report" in m.flags and "undated" not in m.flags


def test_a_date_the_text_gives_keeps_its_own_precision(an) -> None:  # type: ignore[no-untyped-def]
    m = one(
        code(an, "Rebels captured the town of Goma in November 2012.", published="2024-05-02"),
        "captured",
    )
    assert str(m.earliest) == "2012-11-01" and str(m.latest) == "2012-11-30"
    assert m.time_precision == 3 and "dated_by_report" not in m.flags


def test_a_report_without_a_publication_date_stays_undated(an) -> None:  # type: ignore[no-untyped-def]
    from tadmor.model import Document

    text = "Rebels captured the town of Bunia, residents said."
    doc = Document(doc_id=Document.make_id(text), text=text, origin="undated.txt")
    [(_, ms)] = list(an.analyse([doc]))
    m = one(ms, "captured")
    assert "undated" in m.flags and m.earliest is None


def test_a_future_clause_is_not_dated_from_the_report(an) -> None:  # type: ignore[no-untyped-def]
    from tadmor.events.dating import report_lookback
    from tadmor.events.modality import Tree

    [(parsed, _)] = [(p, None) for p in _parse(an, "The rebels will attack the town of Uvira.")]
    sent = parsed.sentences[0]
    tree = Tree(parsed.tokens, sent)
    attack = next(t for t in parsed.tokens if t.text == "attack")
    assert report_lookback(tree, attack) is None
    seized = _parse(an, "The rebels seized the town of Uvira.")[0]
    tok = next(t for t in seized.tokens if t.text == "seized")
    assert report_lookback(Tree(seized.tokens, seized.sentences[0]), tok) == (6, 2)


def _parse(an, text: str):  # type: ignore[no-untyped-def]
    from tadmor.model import Document

    doc = Document(doc_id=Document.make_id(text), text=text, origin="test")
    return list(an.parser.parse([doc]))


def test_real_headlines_are_dated_to_their_report(an, shared) -> None:  # type: ignore[no-untyped-def]
    """UCDP GED's real news headlines carry their report's date: events coded from an undated
    headline end on that date and are not flagged undated."""
    import csv
    from datetime import date

    from tadmor.model import Document

    path = shared / "eval" / "events" / "ucdp_ged_iraq.csv"
    if not path.exists():
        pytest.skip("no UCDP GED file")
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("source_date", "")[:2] == "20"][:60]
    docs = [
        Document(
            doc_id=Document.make_id(r["id"] + r["source_headline"]),
            text=r["source_headline"],
            origin=r["id"],
            published=date.fromisoformat(r["source_date"][:10]),
        )
        for r in rows
        if r["source_headline"] and ";" not in r["source_headline"]
    ]
    by_id = {d.doc_id: d for d in docs}
    coded = [
        (by_id[doc.doc_id], m) for doc, ms in an.analyse(docs) for m in ms if m.modality.happened
    ]
    assert len(coded) > 20
    report_dated = [(d, m) for d, m in coded if "dated_by_report" in m.flags]
    assert len(report_dated) >= len(coded) // 2
    assert all(m.latest == d.published for d, m in report_dated)
    assert not any("undated" in m.flags for _, m in coded)


def test_a_habitual_clause_is_not_dated_from_the_report(an) -> None:  # type: ignore[no-untyped-def]
    ms = code(an, "Soldiers have repeatedly retaken the town of Kidal.", published="2024-05-02")
    assert all("dated_by_report" not in m.flags for m in ms)


def test_generic_actors_take_the_country_the_text_names(an) -> None:  # type: ignore[no-untyped-def]
    """No place resolves; the nationality the report names gives the forces their country."""
    ms = code(an, "Police fired tear gas to disperse a rally on Sunday, Nepali media said.")
    m = one(ms, "rally")
    assert (m.actor1, m.actor2) == ("Protesters (Nepal)", "Police Forces of Nepal")
