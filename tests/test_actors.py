from __future__ import annotations

from pathlib import Path

import pytest

from tadmor.actors import ActorDictionary, ActorMatcher, interaction_code
from tadmor.errors import TadmorError


@pytest.fixture(scope="module")
def matcher() -> ActorMatcher:
    return ActorMatcher(ActorDictionary.load())


@pytest.mark.parametrize(
    "alias", ["Islamic State", "IS", "ISIS", "ISIL", "Daesh", "Islamic State group"]
)
def test_islamic_state_aliases_are_one_actor(matcher: ActorMatcher, alias: str) -> None:
    spans = matcher.find(f"Yesterday {alias} fighters moved in.")
    assert spans and spans[0].actor is not None
    assert spans[0].actor.name == "Islamic State"


def test_lowercase_is_is_not_an_actor(matcher: ActorMatcher) -> None:
    assert matcher.find("The town is quiet and it is late.") == []


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Syrian government forces", "Military Forces of Syria"),
        ("Iraqi troops", "Military Forces of Iraq"),
        ("Malian soldiers", "Military Forces of Mali"),
        ("the Syrian Arab Army", "Military Forces of Syria"),
        ("SAA", "Military Forces of Syria"),
        ("Military Forces of Yemen", "Military Forces of Yemen"),
        ("Houthi rebels", "Houthis (Ansar Allah)"),
        ("al-Shabaab", "Al Shabaab"),
        ("Nigerian police", "Police Forces of Nigeria"),
    ],
)
def test_normalise(matcher: ActorMatcher, phrase: str, expected: str) -> None:
    actor = matcher.normalise(phrase)
    assert actor is not None and actor.name == expected


def test_generic_without_country_is_marked_generic(matcher: ActorMatcher) -> None:
    [span] = matcher.find("Government forces withdrew overnight.")
    assert span.generic is not None and span.country_hint == ""
    assert span.generic.inter == 1


def test_anaphor_and_civilians(matcher: ActorMatcher) -> None:
    spans = matcher.find("The militants shot three villagers.")
    assert spans[0].anaphor
    assert spans[1].generic is not None and spans[1].generic.inter == 7


def test_user_dictionary_extends_builtin(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "actors:\n  - name: Lions of the Valley\n    inter: 3\n    country: ML\n"
        "    aliases: [Lions of the Valley, LOV]\n",
        encoding="utf-8",
    )
    matcher = ActorMatcher(ActorDictionary.load([extra]))
    [span] = matcher.find("LOV fighters")
    assert span.actor is not None and span.actor.name == "Lions of the Valley"
    assert matcher.normalise("Daesh") is not None  # built-ins kept


def test_bad_dictionary_is_a_coded_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - name: X\n    inter: 12\n", encoding="utf-8")
    with pytest.raises(TadmorError) as exc:
        ActorDictionary.load([bad])
    assert exc.value.code == "E006"


def test_interaction_codes() -> None:
    assert interaction_code(2, 1) == 12
    assert interaction_code(1, 7) == 17
    assert interaction_code(2, 0) == 20
    assert interaction_code(0, 0) == 0


def _found(matcher: ActorMatcher, text: str) -> list[tuple[str, str, str]]:
    out = []
    for s in matcher.find(text):
        name = s.actor.name if s.actor else (s.generic.template if s.generic else "anaphor")
        out.append((text[s.start : s.end], name, s.country_hint))
    return out


def test_ethnic_militia_is_an_identity_militia(matcher: ActorMatcher) -> None:
    [(surface, template, _)] = _found(matcher, "Hema militiamen attacked a village.")
    assert surface == "Hema militiamen" and template == "Hema Ethnic Militia ({country})"
    assert all("Ethnic" not in t for _, t, _ in _found(matcher, "The militia attacked a village."))


def test_two_nationalities_share_one_head(matcher: ActorMatcher) -> None:
    found = _found(matcher, "US and British warplanes struck the port.")
    assert [(s, h) for s, _, h in found] == [("US", "US"), ("British warplanes", "GB")]


def test_a_descriptive_word_between_nationality_and_head(matcher: ActorMatcher) -> None:
    found = _found(
        matcher, "A Russian attack drone hit a block; Britain mobilized army reservists."
    )
    assert ("Russian attack drone", "Military Forces of {country}", "RU") in found
    assert all("mobilized" not in s for s, _, _ in found)


def test_institutional_words_are_not_forces(matcher: ActorMatcher) -> None:
    assert _found(matcher, "in Anka local government area, an army spokesman said") == []
