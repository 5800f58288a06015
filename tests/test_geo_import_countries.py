"""GeoNames' per-country files (``IQ.zip``, ``AF.zip``...) are a first-class import: every
village is kept, with or without a population, and the hierarchy rules find them. The files
are written here in GeoNames' exact layout (19 tab-separated columns, the table inside a zip
under the country's name); every place in them is invented (ids from 91000000 on)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tadmor.geo import Gazetteer
from tadmor.geo.importer import country_file, import_geonames
from tadmor.settings import Settings
from test_geo import by_surface, geoparse

_COLUMNS = 19


def _row(
    gid: int, name: str, alt: str, lat: float, lon: float, fcode: str, cc: str, a1: str, pop: int
) -> str:
    fclass = "A" if fcode.startswith(("ADM", "PCL")) else "P"
    fields = [
        str(gid),
        name,
        name,
        alt,
        f"{lat}",
        f"{lon}",
        fclass,
        fcode,
        cc,
        "",
        a1,
        "",
        "",
        "",
        str(pop),
        "",
        "100",
        "Asia/Baghdad",
        "2026-01-01",
    ]
    assert len(fields) == _COLUMNS
    return "\t".join(fields)


def _country_zip(folder: Path, cc: str, rows: list[str]) -> Path:
    path = folder / f"{cc}.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{cc}.txt", "\n".join(rows) + "\n")
    return path


def _files(folder: Path) -> list[Path]:
    iq = _country_zip(
        folder,
        "IQ",
        [
            _row(91000001, "Iraq", "", 33.0, 44.0, "PCLI", "IQ", "00", 40_000_000),
            _row(
                91000002,
                "Qarmat Sabah Governorate",
                "Qarmat Sabah",
                34.0,
                43.5,
                "ADM1",
                "IQ",
                "31",
                900_000,
            ),
            _row(91000003, "Tell Zunbur", "Tal Zanbour", 34.2, 43.6, "PPL", "IQ", "31", 0),
            _row(91000004, "Hayy al-Warid", "", 34.1, 43.55, "PPLX", "IQ", "31", 0),
            _row(91000005, "Qarmat Sabah", "", 34.05, 43.52, "PPLA", "IQ", "31", 250_000),
        ],
    )
    af = _country_zip(
        folder,
        "AF",
        [
            _row(91000101, "Afghanistan", "", 33.0, 66.0, "PCLI", "AF", "00", 38_000_000),
            _row(
                91000102,
                "Nawar Dasht Province",
                "Nawar Dasht",
                33.5,
                67.5,
                "ADM1",
                "AF",
                "41",
                500_000,
            ),
            _row(91000103, "Kalay Sorkh", "Qalay-e Surkh", 33.6, 67.6, "PPL", "AF", "41", 0),
        ],
    )
    admin1 = folder / "admin1CodesASCII.txt"
    admin1.write_text(
        "IQ.31\tQarmat Sabah\tQarmat Sabah\t91000002\nAF.41\tNawar Dasht\tNawar Dasht\t91000102\n",
        encoding="utf-8",
    )
    return [iq, af, admin1]


def test_country_files_are_recognised() -> None:
    assert country_file(Path("IQ.zip")) and country_file(Path("/x/SY.txt"))
    assert not country_file(Path("allCountries.zip")) and not country_file(Path("cities500.zip"))


def test_per_country_files_keep_every_village(tmp_path: Path) -> None:
    files = _files(tmp_path)
    g = Gazetteer(import_geonames(files, settings=Settings(cache_dir=tmp_path)).path)
    try:
        assert [p.geonameid for p in g.lookup("Tell Zunbur")] == [91000003]  # population 0
        assert [p.geonameid for p in g.lookup("Tal Zanbour")] == [91000003]  # alternate
        assert g.lookup("Hayy al-Warid")[0].feature_code == "PPLX"  # a neighbourhood
        assert g.lookup("Kalay Sorkh")[0].country_code == "AF"
        text = "A roadside bomb hit a police patrol in Tell Zunbur village, Qarmat Sabah governorate, Iraq."
        r = by_surface(geoparse(text, g))["Tell Zunbur village"]
        assert (r.place.geonameid, r.geo_precision) == (91000003, 1)
        # another spelling, found inside the named province
        text = "Taliban fighters attacked Qala Surkh, Nawar Dasht province, Afghanistan."
        r = by_surface(geoparse(text, g))["Qala Surkh"]
        assert r.place.geonameid == 91000103
    finally:
        g.close()


def test_a_renamed_country_table_keeps_only_populated_places(tmp_path: Path) -> None:
    iq, _, admin1 = _files(tmp_path)
    other = tmp_path / "iraq-extract.zip"  # not a per-country file name: population needed
    iq.rename(other)
    g = Gazetteer(import_geonames([other, admin1], settings=Settings(cache_dir=tmp_path)).path)
    try:
        assert g.lookup("Tell Zunbur") == []
        assert g.lookup("Qarmat Sabah")
    finally:
        g.close()
    out = tmp_path / "villages.sqlite"
    stats = import_geonames(
        [other, admin1], settings=Settings(cache_dir=tmp_path), output=out, villages=True
    )
    g = Gazetteer(stats.path)
    try:
        assert [p.geonameid for p in g.lookup("Tell Zunbur")] == [91000003]
    finally:
        g.close()
