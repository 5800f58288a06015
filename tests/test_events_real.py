"""Issue 13 mechanisms: relevance inside the coder, people are not places, the prior holder
of a place, fatalities by ACLED's rules, confidence.

Sentences are written for these tests about conflicts other than the seeds', except the
``REAL`` ones, which are short real news leads (public pages, cited by address) that the
mechanism was checked on.
"""

from __future__ import annotations

import pytest

from helpers import code, one
from tadmor.events.fatalities import find_fatalities
from tadmor.model import Modality


@pytest.fixture(scope="module")
def an(analyzer):  # type: ignore[no-untyped-def]
    return analyzer


# --- relevance: general news codes nothing ------------------------------------------

GENERAL_NEWS = [
    "Snow fell across the valley overnight and the pass was closed to lorries.",
    "The driver lost control of his pickup and crashed into a tree near the school.",
    "Police arrested a 40-year-old man after a fight outside a bar left one man dead.",
    "The visiting side took control of the match after the break and won 3-1.",
    "A magnitude 6.2 earthquake killed at least 40 people in the mountain villages.",
    "The two foreign ministers met in Lisbon and signed a trade agreement.",
    "A bus plunged into a ravine, killing 14 passengers, police said.",
]


@pytest.mark.parametrize("text", GENERAL_NEWS)
def test_general_news_gives_no_event(an, text: str) -> None:  # type: ignore[no-untyped-def]
    assert code(an, text) == []


# --- people are not places --------------------------------------------------------


def test_person_captured_is_an_arrest_not_a_takeover(an) -> None:  # type: ignore[no-untyped-def]
    ms = code(an, "Colombian troops captured the rebel commander's son near Tumaco on Friday.")
    assert all(m.territorial == "" for m in ms)
    m = one(ms, "captured")
    assert m.sub_event_type == "Arrests"


def test_person_captured_by_rebels_is_an_abduction(an) -> None:  # type: ignore[no-untyped-def]
    ms = code(an, "ADF rebels captured two nurses near Oicha on Monday, residents said.")
    assert all(m.territorial == "" for m in ms)
    m = one(ms, "captured")
    assert m.sub_event_type == "Abduction/forced disappearance"


def test_freed_person_is_no_territory(an) -> None:  # type: ignore[no-untyped-def]
    ms = code(an, "The kidnapped journalist Maria Lopez was freed by the army in Cauca province.")
    assert all(m.territorial == "" for m in ms)
    ms = code(
        an, "Commandos raided the camp in Zamfara and used the cover of night to free the soldiers."
    )
    assert all(m.territorial == "" for m in ms)


def test_place_captured_is_still_a_takeover(an) -> None:  # type: ignore[no-untyped-def]
    m = one(code(an, "M23 rebels captured the town of Rubaya on Tuesday."), "captured")
    assert m.territorial == "gain"
    assert m.sub_event_type == "Non-state actor overtakes territory"


def test_things_that_fall_are_not_places(an) -> None:  # type: ignore[no-untyped-def]
    text = "Six civilians were killed by the falling of mortar shells on a market in Mogadishu."
    assert all(m.territorial == "" for m in code(an, text))


# --- prior holder -------------------------------------------------------------------


def test_rebel_held_names_the_prior_holder(an) -> None:  # type: ignore[no-untyped-def]
    m = one(
        code(an, "Sudanese army troops captured the RSF-held town of Um Rawaba on Saturday."),
        "captured",
    )
    assert m.territorial == "gain"
    assert "Rapid Support Forces" in m.prior_holder
    assert not m.prior_holder_inferred


def test_retaken_from_names_the_loser_and_flags_retaken(an) -> None:  # type: ignore[no-untyped-def]
    m = one(
        code(an, "Somali troops retook the town of Bulo Burte from al-Shabaab on Monday."), "retook"
    )
    assert m.sub_event_type == "Government regains territory"
    assert m.prior_holder == "Al Shabaab"
    assert "retaken" in m.flags


def test_generic_held_word_gives_the_countrys_group(an) -> None:  # type: ignore[no-untyped-def]
    m = one(
        code(an, "Government forces captured the rebel-held village of Kibirizi in North Kivu."),
        "captured",
    )
    assert m.prior_holder != ""
    assert m.prior_holder != m.actor1


# --- fatalities by ACLED's rules ----------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("Between 13 and 46 villagers were killed in the raid.", 13),
        ("At least 13 and as many as 46 civilians were killed.", 13),
        ("Seven fighters and three soldiers were killed in the clash.", 10),
        ("Two soldiers died and another five were wounded when the mine exploded.", 2),
        ("Twenty civilians, including four children, were killed in the strike.", 20),
        ("An angry mob lynched a suspected cattle thief in the market.", 1),
    ],
)
def test_fatality_figures(sentence: str, count: int) -> None:
    figures = find_fatalities(sentence)
    assert figures and min(f.count for f in figures) == count


@pytest.mark.parametrize(
    "sentence",
    [
        "Several people were killed in the shelling.",
        "Six civilians were killed or wounded by the blast.",
        "Twelve people were wounded in the attack.",
    ],
)
def test_no_fatality_figure(sentence: str) -> None:
    assert find_fatalities(sentence) == []


# --- confidence ---------------------------------------------------------------------


def test_confidence_orders_mentions(an) -> None:  # type: ignore[no-untyped-def]
    strong = one(
        code(an, "Houthi forces shelled the port of Mokha on Monday, killing three fishermen."),
        "shelled",
    )
    planned = code(an, "Houthi leaders said they would attack ships near Mokha next month.")
    assert 0.0 < strong.confidence <= 0.99
    for m in planned:
        assert m.modality is not Modality.ASSERTED
        assert m.confidence < strong.confidence


# --- real news leads (public pages) -------------------------------------------------

REAL = [
    # https://thedefensepost.com/2021/02/24/nigerian-troops-reclaim-marte/
    (
        "Nigerian soldiers backed by fighter jets on Tuesday recaptured a town in the restive "
        "northeast seized last week by jihadists after they overran a military base, the army "
        "said.",
        "recaptured",
        "Government regains territory",
    ),
    # https://www.macaubusiness.com/nigerian-villagers-say-gunmen-staged-mass-kidnapping/
    (
        'Gunmen known in Nigeria as "bandits" kidnapped no fewer than 52 people, including a '
        "local chief, in a northwestern village, residents said on Monday.",
        "kidnapped",
        "Abduction/forced disappearance",
    ),
    # https://www.rt.com/newsline/417909-damascus-mortar-attacks-ghouta/
    (
        "Two civilians were killed and 13 others wounded on Monday after shelling attacks by "
        "armed groups which targeted Damascus and its suburbs, SANA reports.",
        "shelling",
        "Shelling/artillery/missile attack",
    ),
]

REAL_NEGATIVE = [
    # https://www.fox13news.com/news/murder-suspect-arrested-after-argument-ends-in-fatal-stabbing-police-say
    "Tampa police have arrested a man they say fatally stabbed another man Tuesday night "
    "following a fight.",
    # https://www.claimsjournal.com/topics/bus-falls/
    "An official says that a bus in northern India fell down a steep gorge in dense fog, "
    "killing 12 people and injuring 13 others.",
]


@pytest.mark.parametrize(("text", "trigger", "sub"), REAL)
def test_real_leads(an, text: str, trigger: str, sub: str) -> None:  # type: ignore[no-untyped-def]
    m = one(code(an, text), trigger)
    assert m.sub_event_type == sub


@pytest.mark.parametrize("text", REAL_NEGATIVE)
def test_real_general_news(an, text: str) -> None:  # type: ignore[no-untyped-def]
    assert code(an, text) == []
