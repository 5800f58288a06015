"""Resolution of ambiguous names, on invented texts.

Two gazetteers: the invented GeoNames-format files of fixtures/geonames (imported), where
"Qasr Nabil" is a town in Syria and a village in Iraq, and a real embedded index restricted to
a few countries (United States, Georgia, Syria, Iraq).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tadmor.geo import Gazetteer, distance_km, find_toponyms, resolve_toponyms
from tadmor.geo.gazetteer import build_index
from tadmor.geo.importer import import_geonames
from tadmor.geo.worlddata import central_point, us_state_code
from tadmor.settings import Settings
from test_geo import by_surface, geoparse, make_parsed

FIX = Path(__file__).parent / "fixtures" / "geonames"


@pytest.fixture(scope="module")
def invented(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    settings = Settings(cache_dir=tmp_path_factory.mktemp("imported"))
    files = [FIX / "places.zip", FIX / "alternateNamesV2.zip", FIX / "admin1CodesASCII.txt"]
    g = Gazetteer(import_geonames(files, settings=settings).path)
    yield g
    g.close()


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    settings = Settings(cache_dir=tmp_path_factory.mktemp("embedded"))
    g = Gazetteer(build_index(settings, countries=("US", "GE", "SY", "IQ")).path)
    yield g
    g.close()


def test_same_name_in_two_countries(invented: Gazetteer) -> None:
    bare = by_surface(geoparse("Shelling was reported in Qasr Nabil on Sunday.", invented))
    assert bare["Qasr Nabil"].place.country_code == "SY"  # the larger town, on population
    iraq = "Iraqi police said gunmen stormed Qasr Nabil, a village in Iraq."
    found = by_surface(geoparse(iraq, invented))
    assert found["Qasr Nabil"].place.geonameid == 90000002
    assert found["Qasr Nabil"].place.country_code == "IQ"


def test_town_and_its_province_in_the_invented_gazetteer(invented: Gazetteer) -> None:
    text = "Troops left Wadi Sarab for the south of Sarab Governorate."
    found = by_surface(geoparse(text, invented))
    assert found["Wadi Sarab"].place.feature_code == "PPLA"
    assert found["Wadi Sarab"].geo_precision == 1
    province = found["Sarab Governorate"]
    assert province.place.feature_code == "ADM1" and province.geo_precision == 3


def test_village_northeast_of_a_town_is_the_towns_point(invented: Gazetteer) -> None:
    text = "A drone struck a village 12 km northeast of Wadi Sarab on Monday."
    r = by_surface(geoparse(text, invented))["Wadi Sarab"]
    town = invented.lookup("Wadi Sarab")[0]
    assert r.geo_precision == 2
    assert (r.place.latitude, r.place.longitude) == (town.latitude, town.longitude)


def test_features_resolve(invented: Gazetteer) -> None:
    found = by_surface(geoparse("Workers fled the Nabil Gas Field near Sarab Dam.", invented))
    assert found["Nabil Gas Field"].place.feature_code == "GASF"
    assert found["Sarab Dam"].place.feature_code == "DAM"


def test_georgia_the_state_in_a_text_about_the_united_states(real: Gazetteer) -> None:
    us = "Storms hit Atlanta and Savannah overnight, and the governor of Georgia asked for aid."
    ge = "Russian troops stayed in Georgia after the war, officials in Tbilisi said."
    state = by_surface(geoparse(us, real, entities=[("Georgia", "GPE")]))["Georgia"]
    country = by_surface(geoparse(ge, real, entities=[("Georgia", "GPE")]))["Georgia"]
    assert (state.place.feature_code, state.place.country_code) == ("ADM1", "US")
    assert (country.place.feature_code, country.place.country_code) == ("PCLI", "GE")


def test_state_abbreviation_after_a_town(real: Gazetteer) -> None:
    text = "A tornado damaged homes in Wichita, Kan., and in Elkins, W. Va., on Tuesday."
    found = by_surface(geoparse(text, real))
    assert found["Kan."].place.name == "Kansas" and found["Kan."].place.feature_code == "ADM1"
    assert found["W. Va."].place.name == "West Virginia"
    assert found["Wichita"].place.admin1 == "Kansas"
    assert found["Elkins"].place.admin1 == "West Virginia"
    assert us_state_code("Miss.") == "MS" and us_state_code("miss") is None
    assert "Kan" not in by_surface(geoparse("Kan said the vote was close.", real))


def test_state_written_after_a_town_scopes_it(real: Gazetteer) -> None:
    # "Paris" alone is a small US town here (no France in this index): Texas picks its own
    found = by_surface(geoparse("The fair opened in Paris, Texas, on Friday.", real))
    assert found["Paris"].place.admin1 == "Texas"


def test_demonyms_only_when_asked(real: Gazetteer) -> None:
    parsed = make_parsed("Iraqi and Syrian officials met American envoys.")
    assert not find_toponyms(parsed, real)
    found = find_toponyms(parsed, real, demonyms=True)
    assert [m.evidence.quote for m in found] == ["Iraqi", "Syrian", "American"]
    places = resolve_toponyms(parsed, found, real)
    assert [(p.place.country_code, p.geo_precision) for p in places] == [
        ("IQ", 3),
        ("SY", 3),
        ("US", 3),
    ]


def test_country_and_state_points_are_central(real: Gazetteer) -> None:
    us = real.country("US")
    assert us is not None
    assert distance_km(us.latitude, us.longitude, 39.8, -98.6) < 161  # not Washington
    texas = next(p for p in real.lookup("Texas") if p.feature_code == "ADM1")
    assert distance_km(texas.latitude, texas.longitude, 31.2, -99.3) < 161
    assert central_point([(0.0, 170.0), (0.0, -170.0)]) == (0.0, 180.0)
