"""Event coding on invented reports: triggers, arguments, modality, fatalities.

Every sentence here is written for the tests; none comes from the seed reports.
"""

from __future__ import annotations

import pytest

from helpers import code, one
from tadmor.model import Modality


@pytest.fixture(scope="module")
def an(analyzer):  # type: ignore[no-untyped-def]
    return analyzer


def test_takeover_with_actors_place_and_day(an) -> None:  # type: ignore[no-untyped-def]
    ms = code(
        an,
        "On Tuesday, Al Shabaab fighters seized the town of Jalalaqsi after government troops withdrew.",
        published="2023-05-25",
    )
    m = one(ms, "seized")
    assert m.modality is Modality.ASSERTED
    assert m.actor1 == "Al Shabaab"
    assert m.actor2 == "Military Forces of Somalia"
    assert m.place is not None and m.place.country_code == "SO"
    assert str(m.earliest) == "2023-05-23" and m.time_precision == 1
    assert m.sub_event_type == "Non-state actor overtakes territory"
    assert m.territorial == "gain"


def test_government_recapture_is_government_regains(an) -> None:  # type: ignore[no-untyped-def]
    ms = code(
        an,
        "Malian troops recaptured Tenenkou from JNIM militants on Sunday.",
        published="2023-03-01",
    )
    m = one(ms, "recaptured")
    assert m.actor1 == "Military Forces of Mali"
    assert m.actor2.startswith("Jama'at Nusrat")
    assert m.sub_event_type == "Government regains territory"
    assert str(m.earliest) == "2023-02-26"


def test_fall_to(an) -> None:  # type: ignore[no-untyped-def]
    ms = code(
        an, "Harib fell to the Houthis on Thursday after days of fighting.", published="2021-04-17"
    )
    m = one(ms, "fell")
    assert m.actor1 == "Houthis (Ansar Allah)"
    assert m.place is not None and m.place.country_code == "YE"
    assert m.territorial == "gain"


def test_generic_forces_take_the_country_of_each_place(an) -> None:  # type: ignore[no-untyped-def]
    text = (
        "This week the Islamic State seized the towns of Hit in Iraq and Sukhnah in Syria, "
        "routing government forces in both."
    )
    ms = [m for m in code(an, text, published="2019-06-14") if m.trigger.quote == "seized"]
    by_country = {m.place.country_code: m.actor2 for m in ms if m.place is not None}
    assert by_country.get("IQ") == "Military Forces of Iraq"
    assert by_country.get("SY") == "Military Forces of Syria"


@pytest.mark.parametrize(
    ("sentence", "trigger", "modality"),
    [
        ("The rebels almost captured Kafranbel in 2019.", "captured", Modality.NEAR_MISS),
        ("Government troops nearly lost Marib last year.", "lost", Modality.NEAR_MISS),
        (
            "The militants did not capture the airport at Gao on Monday.",
            "capture",
            Modality.NEGATED,
        ),
        ("JNIM failed to seize Youwarou on Monday.", "seize", Modality.NEGATED),
        (
            "If the army retakes Jalalaqsi, the road to the coast will reopen.",
            "retakes",
            Modality.HYPOTHETICAL,
        ),
        ("The army vowed to recapture Tenenkou in the coming weeks.", "recapture", Modality.FUTURE),
        (
            "Officials said the army will retake Bunia by the end of the month.",
            "retake",
            Modality.FUTURE,
        ),
        (
            "Kanyabayonga might have fallen had reinforcements not arrived.",
            "fallen",
            Modality.COUNTERFACTUAL,
        ),
        (
            "The rebels could have captured Goma in 2012 but chose not to.",
            "captured",
            Modality.COUNTERFACTUAL,
        ),
        (
            "They are trying to reach the border much as the French abandoned Paris in 1940.",
            "abandoned",
            Modality.ANALOGY,
        ),
        (
            "The commanders pushed north as Napoleon did before the fall of Moscow.",
            "fall",
            Modality.ANALOGY,
        ),
        (
            "The army launched an operation to evict the Houthis from Harib.",
            "evict",
            Modality.INTENDED,
        ),
        ("Analysts warn of the imminent fall of Marib.", "fall", Modality.FUTURE),
        ("Many doubt the militias would ever retake Sirte.", "retake", Modality.HYPOTHETICAL),
        (
            "On Monday there was speculation online that rebels had seized Mora.",
            "seized",
            Modality.DISPUTED,
        ),
    ],
)
def test_modality(an, sentence: str, trigger: str, modality: Modality) -> None:  # type: ignore[no-untyped-def]
    m = one(code(an, sentence, published="2021-06-11"), trigger)
    assert m.modality is modality, (sentence, m.modality)


def test_disputed_claim_keeps_claimant(an) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Residents' accounts belied state television's claim that soldiers had withdrawn from "
        "Rutshuru in good order."
    )
    m = one(code(an, text, published="2022-07-02"), "withdrawn")
    assert m.modality is Modality.DISPUTED
    assert "state television" in m.claimant


def test_reported_claim_is_asserted_with_claimant(an) -> None:  # type: ignore[no-untyped-def]
    text = "A local official said M23 rebels captured Rutshuru on Thursday."
    m = one(code(an, text, published="2022-07-02"), "captured")
    assert m.modality is Modality.ASSERTED
    assert m.claimant == "A local official"
    assert m.actor1 == "M23: March 23 Movement"


def test_factive_subject_clause_with_could_is_asserted(an) -> None:  # type: ignore[no-untyped-def]
    text = "That Iraqi troops could retake Tal Afar within a week is not surprising."
    m = one(code(an, text, published="2017-08-31"), "retake")
    assert m.modality is Modality.ASSERTED


def test_anaphoric_city_refers_back(an) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Fighting raged around Bakhmut for months. On Saturday the Wagner Group took control of "
        "the city, officials said."
    )
    m = one(code(an, text, published="2023-05-22"), "took")
    assert m.place is not None and m.place.country_code == "UA"
    assert "location_from_context" in m.flags


def test_non_place_object_is_not_a_takeover(an) -> None:  # type: ignore[no-untyped-def]
    ms = code(an, "The Houthis seized the opportunity in Marib to regroup.", published="2021-04-17")
    assert not [m for m in ms if m.trigger.quote == "seized"]


def test_fatalities_are_conservative_and_exclude_missing(an) -> None:  # type: ignore[no-untyped-def]
    ms = code(
        an,
        "Gunmen attacked the village of Ogossagou on Saturday, killing at least 21 villagers.",
        published="2023-01-23",
    )
    m = one(ms, "attacked")
    assert m.fatalities == 21
    assert m.event_type == "Violence against civilians"
    ms = code(
        an,
        "Al Shabaab stormed a base near Kismayo on Friday; over 40 soldiers were killed or are "
        "still missing.",
        published="2022-03-06",
    )
    assert all(x.fatalities is None for x in ms)


def test_undated_event_is_dated_to_the_report_by_its_tense(an) -> None:  # type: ignore[no-untyped-def]
    ms = code(an, "Houthi forces shelled Taiz, killing three civilians.", published="2022-02-10")
    m = one(ms, "shelled")
    assert "undated" not in m.flags and "dated_by_report" in m.flags
    assert str(m.earliest) == "2022-02-04" and str(m.latest) == "2022-02-10"
    assert m.time_precision == 2 and m.date_from_context
    assert m.sub_event_type == "Shelling/artillery/missile attack"


def test_every_evidence_quote_matches_the_text(an) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On Sunday, Islamic State militants overran the town of Qayyarah, killing 12 policemen, "
        "a security source told reporters."
    )
    ms = code(an, text, published="2016-08-23")
    assert ms
    for m in ms:
        for f in m.evidence:
            assert text[f.evidence.start : f.evidence.end] == f.evidence.quote


def test_undated_document_gives_events_without_dates(an) -> None:  # type: ignore[no-untyped-def]
    from tadmor.model import Document

    text = "Houthi fighters captured the town of Harib on Thursday, officials said."
    doc = Document(doc_id=Document.make_id(text), text=text, origin="undated.txt")
    [(_, ms)] = list(an.analyse([doc]))
    m = one(ms, "captured")
    assert m.earliest is None and m.latest is None
    assert "undated" in m.flags
    assert m.actor1 == "Houthis (Ansar Allah)"


def test_odd_text_never_crashes(an) -> None:  # type: ignore[no-untyped-def]
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    words = st.sampled_from(
        [
            "seized",
            "the",
            "town",
            "IS",
            "Daesh",
            "of",
            "fell",
            "to",
            "not",
            "almost",
            "if",
            "killing",
            "12",
            "dozens",
            "Mosul",
            "Harib",
            "on",
            "Sunday",
            "?",
            ",",
            ".",
            "—",
            "\n",
            "“",
            "”",
            "al-",
            "would",
            "have",
            "army",
            "civilians",
            "from",
            "retook",
            "strike",
            "US",
            "é",
            "\u200b",
        ]
    )

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(words, min_size=0, max_size=40).map(" ".join))
    def run(text: str) -> None:
        for m in code(an, text or ".", published="2020-01-01"):
            for f in m.evidence:
                assert text[f.evidence.start : f.evidence.end] == f.evidence.quote

    run()


def _estimated(an, text: str):  # type: ignore[no-untyped-def]
    """Code ``text`` as a document whose publication date is only estimated from its body."""
    from datetime import date

    from tadmor.model import DateSource, Document

    doc = Document(
        doc_id=Document.make_id(text),
        text=text,
        origin="test",
        published=date(2021, 6, 11),
        date_source=DateSource.TEXT,
        flags=("date_estimated",),
    )
    [(_, mentions)] = list(an.analyse([doc]))
    return one(mentions, "seized")


def test_event_dated_from_an_estimated_publication_date_is_flagged(an) -> None:  # type: ignore[no-untyped-def]
    m = _estimated(an, "Rebels seized the town of Walikale on Sunday, residents said.")
    assert "date_estimated" in m.flags
    assert m.time_precision == 2  # a day relative to a not-before bound is not a known day
    m2 = _estimated(an, "Rebels seized the town of Walikale on 6 June 2021, residents said.")
    assert "date_estimated" not in m2.flags and m2.time_precision == 1


def test_a_sentence_without_a_date_takes_its_paragraphs_last_date(an) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On Tuesday, Al Shabaab militants attacked the town of Jowhar. They burned the market.\n\n"
        "The army retook the town."
    )
    ms = code(an, text, published="2021-06-11")
    burned = one(ms, "burned")
    assert str(burned.earliest) == "2021-06-08" and burned.date_from_context
    assert burned.actor1 == "Al Shabaab"
    retook = one(ms, "retook")  # a new paragraph: the Tuesday does not carry over
    assert "dated_by_report" in retook.flags and str(retook.earliest) == "2021-06-05"


def test_a_definite_noun_without_arguments_refers_back(an) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Government troops withdrew from Tessit on Monday, officials said. "
        "The withdrawal has angered some in the capital."
    )
    ms = code(an, text, published="2021-06-11")
    assert [m.trigger.quote for m in ms] == ["withdrew"]


def test_a_bare_toll_sentence_is_the_previous_events_toll(an) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Rebels attacked an army post near Beni on Monday. Four soldiers were killed, "
        "the army said."
    )
    ms = code(an, text, published="2021-06-11")
    assert [m.trigger.quote for m in ms] == ["attacked"]
    assert ms[0].fatalities == 4
    assert any(f.field == "fatalities" and f.evidence.quote == "Four" for f in ms[0].evidence)


def test_a_place_is_not_what_a_protest_holds(an) -> None:  # type: ignore[no-untyped-def]
    ms = code(an, "Jilib has been held by Al Shabaab for more than a decade.")
    assert not [m for m in ms if m.event_type == "Protests"]
