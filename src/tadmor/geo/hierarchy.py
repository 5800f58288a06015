"""The text's own hierarchy of places, and one normaliser for transliterated names.

Conflict reports place a village inside the areas they name: "Taji town, Baghdad governorate,
Iraq", "Latifiya in Baghdad province", "the Shaab district of Baghdad", "X, near Y". The
resolver (:mod:`tadmor.geo.resolve`) keeps only the readings of X inside the named area; when
none is there it looks for the name under another spelling inside that area
(:func:`fold` and :func:`skeleton`, matched by :class:`FuzzyIndex`), and when that fails too,
X still gets a location: the smallest named area that contains it, with ACLED's geo_precision
(2 for a district or a nearby town, 3 for a province or a country) and the name as written,
as ACLED does for villages it cannot find (:func:`fallback_place`).

Transliteration: the same Arabic, Persian, Pashto, Somali or Hausa name is written many ways
(Latifiya / Latifiyah / Al-Latifiyah, Madain / Madaen / Al-Mada'in, Muqdadiyah / Maqdadiyah,
Balad Ruz / Baladruz, Garma / Karma, Beledweyne / Beled Weyne, Dhuluiya / Ad Duluiyah).
:func:`fold` removes articles, apostrophes, hyphens and spaces, folds digraphs (dh, th, kh,
gh, sh, ou), q/k/g/c, Somali x/h, e/a and o/u, the -iya/-iyah/-iyeh endings and doubled letters;
:func:`skeleton` then drops the vowels after the first letter. Neither is used on its own: a
fuzzy match is only looked for inside an area or a country the text names.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from tadmor.geo.gazetteer import Gazetteer
from tadmor.geo.normalize import CITY_DESIGNATIONS, name_key
from tadmor.model import Place

__all__ = ["NESTED_LABEL", "FuzzyIndex", "fallback_place", "fold", "fuzzy_index", "skeleton"]

# Designations of places below a town, and of towns, that a name may carry ("Shaab district").
_SUFFIX = re.compile(r"(?:iyyah|iyyeh|iyah|iyeh|iyya|iyye|iya|iye|yah|yeh)$")
_DIGRAPHS = (
    ("ou", "u"),
    ("ee", "i"),
    ("oo", "u"),
    ("dh", "d"),
    ("th", "t"),
    ("kh", "k"),
    ("gh", "k"),
    ("sh", "s"),
    ("ch", "s"),
    ("ph", "f"),
    ("ck", "k"),
)
_LETTERS = str.maketrans({"q": "k", "g": "k", "c": "k", "x": "h", "e": "a", "o": "u", "w": "u"})
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aiu]")
MIN_SKELETON = 3  # shorter skeletons ("Hit" -> "ht") match too much; fold must match then


@lru_cache(maxsize=65_536)
def fold(name: str) -> str:
    """A spelling-independent form of a transliterated name: "Al-Latifiyah", "Latifiya" and
    "Latifiyeh" give "latify"; "Balad Ruz" and "Baladruz" give "baladruz"."""
    words = name_key(name).split()
    if len(words) > 1 and words[-1] in CITY_DESIGNATIONS:
        words = words[:-1]
    s = "".join(words)
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    s = s.translate(_LETTERS)
    s = _SUFFIX.sub("i", s)
    if len(s) > 3 and s.endswith("h") and s[-2] in "aiu":
        s = s[:-1]
    return _DOUBLE.sub(r"\1", s.replace("y", "i"))  # "Izium" / "Izyum"


@lru_cache(maxsize=65_536)
def skeleton(name: str) -> str:
    """:func:`fold` without the vowels after the first letter: "Muqdadiyah", "Maqdadiyah" and
    "Miqdadiya" give "mkdy"; "Madain", "Madaen", "Al-Mada'in" give "mdn"."""
    f = fold(name)
    return _DOUBLE.sub(r"\1", f[:1] + _VOWELS.sub("", f[1:]))


class FuzzyIndex:
    """A country's places by :func:`fold` and :func:`skeleton` of their names."""

    def __init__(self, keys: list[tuple[str, Place]]) -> None:
        self.by_fold: dict[str, list[Place]] = {}
        self.by_skeleton: dict[str, list[Place]] = {}
        for key, p in keys:  # most populous first
            for table, form in ((self.by_fold, fold(key)), (self.by_skeleton, skeleton(key))):
                seen = table.setdefault(form, [])
                if all(q.geonameid != p.geonameid for q in seen):
                    seen.append(p)

    def find(self, name: str, admin1: str = "") -> list[Place]:
        """The places whose name folds as ``name`` does; inside province ``admin1``, when
        given, also those whose skeleton is the same (of at least ``MIN_SKELETON`` letters)."""
        for table, form in ((self.by_fold, fold(name)), (self.by_skeleton, skeleton(name))):
            if table is self.by_skeleton and (len(form) < MIN_SKELETON or not admin1):
                break  # a skeleton matches too much in a whole country ("Madain", "Madinah")
            hits = [p for p in table.get(form, ()) if not admin1 or p.admin1 == admin1]
            if hits:
                return hits
        return []


def fallback_place(name: str, area: Place) -> Place:
    """The location of a place the gazetteer does not know inside a known area: the area's
    point, the name as written."""
    return replace(area, name=name)


# The label of a mention the recogniser took only because the text puts it inside a named
# area ("Sakrana village, Anbar province"): its name may be missing from the gazetteer.
NESTED_LABEL = "nested"

_INDEXES: dict[tuple[str, str], FuzzyIndex] = {}


def fuzzy_index(gazetteer: Gazetteer, iso2: str) -> FuzzyIndex:
    """The :class:`FuzzyIndex` of a country, built once per gazetteer file and country."""
    key = (str(gazetteer.path), iso2)
    hit = _INDEXES.get(key)
    if hit is None:
        if len(_INDEXES) > 64:
            _INDEXES.clear()
        hit = _INDEXES[key] = FuzzyIndex(gazetteer.country_keys(iso2))
    return hit


_ART = r"(?:(?:[Aa]l|[Ee]l|[Aa][dnrstz]|[Aa]sh)[-‐ ])?"
_WORD = _ART + r"[A-Z][\w'’‘`-]*"
_INNER = r"(?:(?:al|el|ad|ar|as|ash|at|az|an|bin|ibn|abu|umm|bani|wa|de)\s+)?"
_NAME = rf"{_WORD}(?:\s+{_INNER}{_WORD}){{0,3}}"
_KIND = (
    r"town|village|city|district|sub-?district|area|neighbou?rhood|camp|county|locality"
    r"|settlement|suburb|quarter|hamlet"
)
# "in Sakrana village, " / "Sakrana in " / "attacked Sakrana village in the " / "X, near "
_BEFORE = re.compile(
    rf"(?P<loc>\b(?:in|near|at|from|of|outside|into|around|on|to|toward|towards)\s+)?"
    rf"(?:the\s+)?(?P<name>{_NAME})(?P<kind>\s+(?:{_KIND}))?"
    r"(?P<gap>\s*,\s*(?:near\s+)?(?:the\s+)?|\s+(?:in|near|of)\s+(?:the\s+)?)"
    r"(?:(?:[Aa]l|[Ee]l|[Aa][dnrstz]|[Aa]sh)[-‐ ])?$"  # the container's article: "As Sulaymaniyah"
)
# "the Shaab district of " / "the Sadr City neighbourhood of "
_OF_AREA = re.compile(
    rf"\bthe\s+(?P<name>{_NAME})(?P<kind>\s+(?:{_KIND}))\s+(?:of|in)\s+(?:the\s+)?"
    r"(?:(?:[Aa]l|[Ee]l|[Aa][dnrstz]|[Aa]sh)[-‐ ])?$"
)
_LOOK_BACK = 120


def nested_names(
    text: str, containers: list[tuple[int, int, int]], skip: frozenset[str]
) -> list[tuple[int, int]]:
    """Spans of names the text puts inside (or near) a place it names, whether or not the
    gazetteer knows them: "Sakrana village, Anbar province", "in Sakrana, Anbar province",
    "Sakrana in Anbar province", "the Shaab district of Baghdad", "Sakrana, near Ramadi".
    ``containers``: (start, end, level) of the recognised places, level 2 for a designated
    area or a country ("Marib province", "Mali"), 1 for another area ("Marib"), 0 for a town;
    a nesting needs an area unless the text says "near". A name needs a locative word before
    it, a designation after it ("village", "district", "airport"), "near" or a level-2
    container. ``skip``: lowercase words that open no name ("the", months, titles): they are
    dropped from its start."""
    out: list[tuple[int, int]] = []
    for start, _end, level in containers:
        head = text[max(0, start - _LOOK_BACK) : start]
        base = start - len(head)
        m = _OF_AREA.search(head) if level else None
        if m is None:
            m = _BEFORE.search(head)
            if m is None:
                continue
            near = "near" in m.group("gap")
            if not (level or near):
                continue
            if not (
                m.group("loc")
                or m.group("kind")
                or near
                or level == 2
                or facility_stem(name_key(m.group("name")))
            ):
                continue
        s, e = m.start("name"), m.end("kind") if m.group("kind") else m.end("name")
        words = text[base + s : base + e].split()
        while words and words[0].lower().strip(",.") in skip:
            s += len(words[0]) + 1
            words = words[1:]
        if not any(c.isupper() for w in words for c in w[:4]):
            continue
        out.append((base + s, base + e))
    return out


# Named facilities that armies fight over, after the name of the town they are named for:
# "Qayyarah air base", "Haditha Dam", "Mosul airport", "Badush prison", "Rumaila oil field".
_FACILITY = re.compile(
    r"\s+(?:(?:military|air|airforce|naval|army)\s+base|airbase|base|air\s*(?:port|field|strip)"
    r"|airstrip|dam|(?:oil|gas)\s*field|refinery|prison|jail|(?:border\s+)?crossing"
    r"|checkpoint|bridge|power\s+(?:plant|station)|barracks|camp|port|pipeline|junction"
    r"|roundabout|square|market|hospital|university|stadium|palace)$"
)


def facility_stem(key: str) -> str:
    """The town a facility's name starts with, or "": "qayyara air base" -> "qayyara"."""
    m = _FACILITY.search(key)
    return key[: m.start()] if m is not None and m.start() > 0 else ""


# "the road between Hit and Ramadi", "on the Baghdad-Kut highway": a road between two towns
ROAD_BEFORE = re.compile(
    r"\b(?:road|highway|motorway)\s+(?:between|linking|connecting|from)\s+(?:the\s+)?"
    r"(?:(?:town|city|village)\s+of\s+)?$",
    re.IGNORECASE,
)
ROAD_GAP = re.compile(
    r"^(?:\s+(?:town|city|village))?\s+(?:and|to)\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?$"
    r"|^\s*[-–]\s*$",
    re.IGNORECASE,
)
ROAD_AFTER = re.compile(
    r"^(?:\s+(?:town|city|village))?\s*[-–]?\s*(?:road|highway|motorway)\b", re.I
)


def midpoint(a: Place, b: Place, name: str) -> Place:
    """A point halfway between two places (fine at the scale of a road between towns)."""
    return replace(
        a,
        name=name,
        latitude=round((a.latitude + b.latitude) / 2, 6),
        longitude=round((a.longitude + b.longitude) / 2, 6),
    )
