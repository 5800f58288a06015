"""Event typing: every ACLED event type and sub-event type, on invented sentences.

Each sentence is written for the tests (none comes from the seed reports or the gold data).
A case passes when the coder finds an asserted event of the expected type and sub-type.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import code
from tadmor.eval.events_formats import ACLED_TO_PLOVER
from tadmor.model import Modality

SUB_EVENT_TYPES = [
    (
        "Rebel fighters clashed with army troops near Bunia on Monday, leaving six dead.",
        "Battles",
        "Armed clash",
    ),
    (
        "On Friday Nigerian troops recaptured the town of Damasak from ISWAP fighters.",
        "Battles",
        "Government regains territory",
    ),
    (
        "Al Shabaab militants seized the town of Bulo Burde on Saturday after heavy fighting.",
        "Battles",
        "Non-state actor overtakes territory",
    ),
    (
        "Government helicopters dropped chlorine-filled barrels on the village of Kafr Zita on Monday, residents said, in a chemical attack that choked dozens.",
        "Explosions/Remote violence",
        "Chemical weapon",
    ),
    (
        "Russian warplanes bombed a market in Maarat al-Numan on Tuesday, killing 12 civilians.",
        "Explosions/Remote violence",
        "Air/drone strike",
    ),
    (
        "A suicide bomber blew himself up at a checkpoint in Kirkuk on Sunday, killing four policemen.",
        "Explosions/Remote violence",
        "Suicide bomb",
    ),
    (
        "Rebels shelled the outskirts of Goma on Wednesday, wounding three residents.",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    ),
    (
        "A roadside bomb killed two soldiers near Gao on Thursday.",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    (
        "Unidentified attackers threw a grenade into a bar in Bujumbura on Saturday night, wounding seven people.",
        "Explosions/Remote violence",
        "Grenade",
    ),
    (
        "Soldiers raped at least ten women in the village of Minova on Friday, a UN report said.",
        "Violence against civilians",
        "Sexual violence",
    ),
    (
        "Gunmen killed eight villagers in an attack on Kaura on Tuesday.",
        "Violence against civilians",
        "Attack",
    ),
    (
        "Boko Haram militants abducted 40 farmers near Maiduguri on Sunday.",
        "Violence against civilians",
        "Abduction/forced disappearance",
    ),
    (
        "Hundreds of students protested peacefully in Khartoum on Monday against rising bread prices.",
        "Protests",
        "Peaceful protest",
    ),
    (
        "Police fired tear gas to disperse demonstrators in Harare on Wednesday.",
        "Protests",
        "Protest with intervention",
    ),
    (
        "Security forces opened fire on protesters in Baghdad on Friday, killing three.",
        "Protests",
        "Excessive force against protesters",
    ),
    (
        "Demonstrators threw stones at police and burned tyres in Nairobi on Tuesday during a riot over fuel prices.",
        "Riots",
        "Violent demonstration",
    ),
    (
        "A mob lynched two men accused of theft in the town of Kisumu on Saturday.",
        "Riots",
        "Mob violence",
    ),
    (
        "The army and the rebels signed a ceasefire agreement in Juba on Monday.",
        "Strategic developments",
        "Agreement",
    ),
    (
        "Police arrested twelve opposition activists in Kampala on Thursday.",
        "Strategic developments",
        "Arrests",
    ),
    (
        "Two armed factions merged into a new group in Idlib on Sunday, a statement said.",
        "Strategic developments",
        "Change to group/activity",
    ),
    (
        "Army engineers defused a car bomb near the central market of Mogadishu on Tuesday.",
        "Strategic developments",
        "Disrupted weapons use",
    ),
    (
        "Wagner fighters established a base at the airport of Tessalit on Monday.",
        "Strategic developments",
        "Headquarters or base established",
    ),
    (
        "Militiamen looted shops and torched houses in the town of Djugu on Wednesday.",
        "Strategic developments",
        "Looting/property destruction",
    ),
    (
        "Government troops withdrew from the town of Kidal on Sunday without a fight.",
        "Strategic developments",
        "Non-violent transfer of territory",
    ),
    (
        "The authorities imposed a curfew in the city of Jos on Friday after days of unrest.",
        "Strategic developments",
        "Other",
    ),
]


@pytest.fixture(scope="module")
def an(analyzer):  # type: ignore[no-untyped-def]
    return analyzer


def test_the_table_covers_all_25_sub_event_types() -> None:
    assert len({(e, s) for _, e, s in SUB_EVENT_TYPES}) == 25
    assert {(e, s) for _, e, s in SUB_EVENT_TYPES} <= set(ACLED_TO_PLOVER)


@pytest.mark.parametrize(("sentence", "event_type", "sub_event_type"), SUB_EVENT_TYPES)
def test_sub_event_type(an, sentence: str, event_type: str, sub_event_type: str) -> None:  # type: ignore[no-untyped-def]
    ms = code(an, sentence)
    got = [(m.event_type, m.sub_event_type) for m in ms if m.modality is Modality.ASSERTED]
    assert (event_type, sub_event_type) in got, got


def _only(an, sentence: str, sub_event_type: str):  # type: ignore[no-untyped-def]
    found = [m for m in code(an, sentence) if m.sub_event_type == sub_event_type]
    assert found, [(m.event_type, m.sub_event_type) for m in code(an, sentence)]
    return found[0]


def test_intervention_puts_protesters_first(an) -> None:  # type: ignore[no-untyped-def]
    m = _only(
        an,
        "Police fired tear gas to disperse demonstrators in Harare on Wednesday.",
        "Protest with intervention",
    )
    assert (m.actor1, m.actor2) == ("Protesters (Zimbabwe)", "Police Forces of Zimbabwe")
    assert (m.inter1, m.inter2) == (6, 1)


def test_excessive_force_puts_the_force_first(an) -> None:  # type: ignore[no-untyped-def]
    m = _only(
        an,
        "Security forces opened fire on protesters in Baghdad on Friday, killing three.",
        "Excessive force against protesters",
    )
    assert (m.actor1, m.actor2) == ("Military Forces of Iraq", "Protesters (Iraq)")


def test_air_strike_on_civilians_stays_remote_violence(an) -> None:  # type: ignore[no-untyped-def]
    m = _only(
        an,
        "Government warplanes bombed a market in Idlib on Tuesday, killing 12 civilians.",
        "Air/drone strike",
    )
    assert m.event_type == "Explosions/Remote violence"
    assert m.actor2 == "Civilians (Syria)" and m.inter2 == 7  # civilian targeting


def test_killing_by_a_roadside_bomb_is_an_ied_not_an_attack(an) -> None:  # type: ignore[no-untyped-def]
    ms = code(an, "A roadside bomb killed two soldiers near Gao on Thursday.")
    assert {(m.event_type, m.sub_event_type) for m in ms} == {
        ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    }


def test_a_country_acts_through_its_forces(an) -> None:  # type: ignore[no-untyped-def]
    m = _only(
        an, "Chad mounted an offensive against Boko Haram near Lake Chad on Monday.", "Armed clash"
    )
    assert m.actor1 == "Military Forces of Chad" and m.actor2 == "Boko Haram"


def test_participants_of_a_battle_named_by_the_verb(an) -> None:  # type: ignore[no-untyped-def]
    m = _only(
        an,
        "Over 30 Boko Haram fighters were killed in clashes near Gwoza on Sunday.",
        "Armed clash",
    )
    assert "Boko Haram" in (m.actor1, m.actor2)


def test_takeover_without_a_fight_is_non_violent(an) -> None:  # type: ignore[no-untyped-def]
    m = _only(
        an,
        "Rebels entered and seized the town of Kidal unopposed on Monday.",
        "Non-violent transfer of territory",
    )
    assert m.event_type == "Strategic developments"


def test_agreement_needs_a_conflict_object(an) -> None:  # type: ignore[no-untyped-def]
    ms = code(
        an, "The two ministers agreed on Monday that trade between their countries should grow."
    )
    assert not [m for m in ms if m.sub_event_type == "Agreement"]


def test_arrests_at_a_protest_are_an_intervention(an) -> None:  # type: ignore[no-untyped-def]
    m = _only(
        an,
        "Police arrested dozens of protesters during a rally in Kampala on Thursday.",
        "Protest with intervention",
    )
    assert m.actor1 == "Protesters (Uganda)" and m.actor2 == "Police Forces of Uganda"


WORDS = [
    "rebels",
    "seized",
    "the town of",
    "Goma",
    "police",
    "protesters",
    "killed",
    "not",
    "could have",
    "almost",
    "bomb",
    "airstrike",
    "on Monday",
    "said",
    "agreed",
    "ceasefire",
    "withdrew",
    "without",
    "a fight",
    "mob",
    "lynched",
    "arrested",
    "grenade",
    "chlorine",
    ",",
    ".",
    "\n",
    "Islamic State",
    "army",
    "fell to",
    "if",
    "who",
    "?",
    "'s",
    "–",
    "é",
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(" ".join)
    | st.text(alphabet=string.printable + "éءб—“”", max_size=200)
)
def test_odd_sentences_never_crash_and_evidence_matches(an, text: str) -> None:  # type: ignore[no-untyped-def]
    for m in code(an, text):
        for f in m.evidence:
            assert text[f.evidence.start : f.evidence.end] == f.evidence.quote
        assert m.trigger.quote == text[m.trigger.start : m.trigger.end]


def test_pronoun_subject_takes_the_last_armed_actor(an) -> None:  # type: ignore[no-untyped-def]
    text = "Al Shabaab fighters entered Jowhar on Monday. They executed six civilians on Tuesday."
    m = _only(an, text, "Attack")
    assert m.actor1 == "Al Shabaab" and m.actor2 == "Civilians (Somalia)"
    actor_ev = next(f.evidence for f in m.evidence if f.field == "actor1")
    assert actor_ev.quote.startswith("Al Shabaab")


def test_headline_without_a_usable_parse_takes_actors_by_position(an) -> None:  # type: ignore[no-untyped-def]
    ms = code(an, "Nine Malian soldiers killed in Gao fighting: officials")
    m = next(m for m in ms if m.event_type == "Battles")
    assert "Military Forces of Mali" in (m.actor1, m.actor2)


def test_a_claim_of_responsibility_names_the_perpetrator(an) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A bomb hidden in a cart exploded at a market in Borama on 3 May 2021, killing four "
        "traders. Al Shabaab later claimed responsibility for the attack."
    )
    m = _only(an, text, "Remote explosive/landmine/IED")
    assert m.actor1 == "Al Shabaab" and "actor1_from_claim" in m.flags
    ev = next(f.evidence for f in m.evidence if f.field == "actor1")
    assert ev.quote == "Al Shabaab"


def test_an_unclaimed_attack_is_an_unidentified_armed_groups(an) -> None:  # type: ignore[no-untyped-def]
    m = _only(
        an,
        "A roadside bomb killed two soldiers near Gao on Thursday.",
        "Remote explosive/landmine/IED",
    )
    assert m.actor1 == "Unidentified Armed Group (Mali)" and m.actor2 == "Military Forces of Mali"
    assert "actor1_unidentified" in m.flags


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        (
            "Police fired tear gas and detained dozens of traders who gathered outside the "
            "market hall in Kano on 4 May 2022.",
            "Protest with intervention",
        ),
        (
            "Villagers beat and tied up three men they accused of stealing cattle near Kitgum "
            "on 2 June 2022.",
            "Mob violence",
        ),
        (
            "Soldiers safely detonated a roadside bomb found near Dori on 9 June 2022.",
            "Disrupted weapons use",
        ),
        (
            "Air defences shot down four attack drones over Erbil on 12 June 2022.",
            "Disrupted weapons use",
        ),
        (
            "Workers uncovered a mass grave outside the town of Tawergha on 5 July 2022.",
            "Other",
        ),
    ],
)
def test_refinements(an, sentence: str, sub_event_type: str) -> None:  # type: ignore[no-untyped-def]
    ms = [m for m in code(an, sentence) if m.modality is Modality.ASSERTED]
    assert sub_event_type in {m.sub_event_type for m in ms}, [
        (m.event_type, m.sub_event_type) for m in ms
    ]


def test_an_arrest_made_in_a_raid_is_one_arrest(an) -> None:  # type: ignore[no-untyped-def]
    ms = code(
        an, "Police arrested four Boko Haram members in a raid on a house in Kano on 3 May 2022."
    )
    assert {m.sub_event_type for m in ms} == {"Arrests"}


def test_withdrawal_destination_is_not_the_place_left(an) -> None:  # type: ignore[no-untyped-def]
    m = _only(
        an,
        "Government troops withdrew from Bentiu to the town of Rubkona on 3 May 2022.",
        "Non-violent transfer of territory",
    )
    assert m.place is not None and m.place.name.startswith("Bentiu")


def test_written_date_beside_a_relative_one_wins(an) -> None:  # type: ignore[no-untyped-def]
    ms = code(
        an,
        "Drones struck a fuel depot in Odesa overnight into 15 March 2022.",
        published="2022-03-16",
    )
    m = next(m for m in ms if m.event_type == "Explosions/Remote violence")
    assert str(m.earliest) == "2022-03-15"


def test_beaten_to_death_counts_one(an) -> None:  # type: ignore[no-untyped-def]
    ms = code(an, "A mob beat a man to death at a bus station in Jos on 3 May 2022.")
    assert any(m.fatalities == 1 for m in ms)
