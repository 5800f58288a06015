"""The built-in dictionary of named armed groups: invented sentences, alias hygiene."""

from __future__ import annotations

import pytest

from tadmor.actors import ActorDictionary, ActorMatcher
from tadmor.actors.match import _is_acronym, _key


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return ActorDictionary.load()


@pytest.fixture(scope="module")
def matcher(dictionary: ActorDictionary) -> ActorMatcher:
    return ActorMatcher(dictionary)


def _named(matcher: ActorMatcher, text: str) -> list[str]:
    return [s.actor.name for s in matcher.find(text) if s.actor is not None]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "CODECO militiamen attacked a camp for displaced people.",
            "CODECO: Cooperative for Development of Congo",
        ),
        ("ISKP claimed the bombing of a minibus.", "Islamic State (Afghanistan)"),
        ("An ISIS-K cell was dismantled.", "Islamic State (Afghanistan)"),
        ("Arakan Army fighters seized the town after a siege.", "AA: Arakan Army"),
        ("Fano militiamen ambushed a convoy on the highway.", "Fano Militia"),
        (
            "The Tehrik-e-Taliban Pakistan said it raided a checkpoint.",
            "TTP: Tehreek-i-Taliban Pakistan",
        ),
        ("The Pakistani Taliban denied involvement.", "TTP: Tehreek-i-Taliban Pakistan"),
        ("Mai-Mai fighters burned a health post.", "Mai-Mai Militia"),
        ("Kataib Hezbollah launched drones at a base.", "Kataib Hezbollah"),
        (
            "Al-Qaeda in the Arabian Peninsula claimed the raid.",
            "AQAP: Al Qaeda in the Arabian Peninsula",
        ),
        ("People's Defence Forces overran a police station.", "PDF: People's Defense Force"),
        ("Anti-balaka militiamen looted the market.", "Anti-Balaka"),
        ("3R rebels attacked a mining site.", "3R: Return, Reclamation, Rehabilitation"),
        ("ELN rebels bombed an oil pipeline.", "ELN: National Liberation Army"),
        ("FARC dissidents kidnapped two soldiers.", "FARC Dissidents"),
        ("The Clan del Golfo imposed a curfew.", "Clan del Golfo"),
        (
            "Gunmen of the Jalisco New Generation Cartel torched vehicles.",
            "CJNG: Jalisco New Generation Cartel",
        ),
        (
            "SPLM-IO forces shelled the barracks.",
            "SPLM/A-IO: Sudan People's Liberation Movement/Army in Opposition",
        ),
        ("Palestinian Islamic Jihad fired rockets.", "Palestinian Islamic Jihad"),
        ("The PKK claimed an attack on a patrol.", "PKK: Kurdistan Workers' Party"),
        ("Naxals triggered a roadside bomb.", "CPI (Maoist): Communist Party of India (Maoist)"),
        ("Amba Boys set fire to a school.", "Ambazonian Separatists"),
        (
            "Monusco peacekeepers returned fire.",
            "MONUSCO: United Nations Organization Stabilization Mission in the Democratic Republic of Congo (2010-)",
        ),
    ],
)
def test_sentence_names_group(matcher: ActorMatcher, sentence: str, expected: str) -> None:
    assert expected in _named(matcher, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The biggest worry is Somalia.",  # no lower-case "is ..." alias
        "Download the PDF version of the report.",  # PDF is not Myanmar's PDF here
        "The Sea of Azov coast was quiet.",  # a sea, not the Azov unit
        "Let them know that hope is not a plan.",  # LeT is not listed
        "The resistance front held for a week.",  # bare common words
    ],
)
def test_ordinary_text_names_no_group(matcher: ActorMatcher, sentence: str) -> None:
    assert _named(matcher, sentence) == []


def test_longest_alias_wins_over_parent_group(matcher: ActorMatcher) -> None:
    assert _named(matcher, "Islamic State Khorasan Province fighters") == [
        "Islamic State (Afghanistan)"
    ]
    assert _named(matcher, "Islamic State fighters") == ["Islamic State"]


def test_an_alias_two_actors_share_belongs_to_two_countries(dictionary: ActorDictionary) -> None:
    """A shared alias is resolved by the country in context, so the actors sharing it must be
    of different, named countries ("SNA": Somalia's army, Syria's National Army)."""
    owners: dict[str, set[tuple[str, str]]] = {}
    for actor in dictionary.actors:
        for alias in (*actor.aliases, actor.name):
            owners.setdefault(_key(alias), set()).add((actor.name, actor.country))
    for alias, isos in dictionary.state_forces.items():
        for iso in isos.split(","):
            owners.setdefault(_key(alias), set()).add((f"state forces of {iso}", iso))
    clashes = [
        f"{alias!r}: {sorted(owned)}"
        for alias, owned in owners.items()
        if len(owned) > 1
        and (len({c for _, c in owned}) < len(owned) or "" in {c for _, c in owned})
    ]
    assert clashes == []


def test_actor_names_are_unique(dictionary: ActorDictionary) -> None:
    names = [a.name for a in dictionary.actors]
    assert len(names) == len(set(names))


# single common words and phrases that must never be a case-insensitive alias
RISKY_WORDS = frozenset(
    [
        "state",
        "army",
        "front",
        "unity",
        "hope",
        "base",
        "force",
        "forces",
        "group",
        "movement",
        "alliance",
        "union",
        "council",
        "resistance",
        "liberation",
        "national",
        "people",
        "popular",
        "coalition",
        "brigade",
        "brigades",
        "battalion",
        "corps",
        "militia",
        "rebels",
        "cartel",
        "clan",
        "legion",
        "command",
        "let",
        "amal",
        "is",
        "its",
        "as",
        "us",
        "it",
        "an",
        "jihad",
        "security",
        "defence",
        "defense",
        "revolution",
        "freedom",
        "justice",
        "islam",
        "azov",
        "shane",
        "pdf",
        "aa",
        "fact",
        "mai",
    ]
) | {"the resistance", "the resistance front", "security belt", "sinai province"}
# acronyms that are ordinary words or other organisations in news text
RISKY_ACRONYMS = frozenset(
    ["PDF", "AA", "FACT", "CNA", "NAS", "PCC", "CPC", "MPC", "CJTF", "NRF", "US", "IT", "UN"]
)


def test_no_alias_is_a_risky_common_word(dictionary: ActorDictionary) -> None:
    bad = [
        alias
        for actor in dictionary.actors
        for alias in actor.aliases
        if (not _is_acronym(alias) and _key(alias) in RISKY_WORDS) or alias in RISKY_ACRONYMS
    ]
    assert bad == []


def test_entries_are_well_formed(dictionary: ActorDictionary) -> None:
    kinds = {
        "state",
        "rebel",
        "militia",
        "jihadist",
        "external",
        "civilians",
        "protesters",
        "rioters",
    }
    for actor in dictionary.actors:
        assert actor.kind in kinds, actor.name
        assert actor.country == "" or (len(actor.country) == 2 and actor.country.isupper()), (
            actor.name
        )
        assert actor.country == "" or actor.country in dictionary.countries, actor.name
        assert all(a.strip() == a and a for a in actor.aliases), actor.name


def test_the_dictionary_covers_many_groups(dictionary: ActorDictionary) -> None:
    armed = [a for a in dictionary.actors if a.inter in (2, 3, 4, 8)]
    assert len(armed) >= 150
    assert {a.country for a in armed} >= {"CD", "CF", "ET", "MM", "PK", "CO", "MX", "IQ", "SD"}
