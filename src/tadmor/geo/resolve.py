"""Resolving toponym mentions to gazetteer places.

Each distinct name of a document (its key plus the designation the text gave it: "Homs" and
"Homs province" are two names) is resolved once, so every mention of it gets the same place
(one sense per discourse). Candidates are scored on

* population (log) and feature class (a bare name prefers the town over the province of the
  same name, a designated name the province; a country name the country),
* the countries the document talks about (country names, nationality adjectives),
* explicit nesting ("X, Iraq", "X in Homs Governorate", "X, a village in upstate New York"),
* in a second pass, the countries, provinces and distances of the names resolved confidently
  in the first pass,
* the focus of the document's source, when given: the provinces its other reports are about
  (a local paper's bare "Paris" is its own town; see :mod:`tadmor.geo.focus`).

The confidence is the winning candidate's softmax share of the scores. ACLED geo_precision is 1
for a populated place, 3 for a province or a country, and 2 when the text places the event near
a town ("a village northeast of X", "near X", "on the outskirts of X", "X's outskirts").
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from tadmor.geo.coherence import mutual_support
from tadmor.geo.focus import SourceFocus, SourceLexicon, source_key
from tadmor.geo.gazetteer import Gazetteer, arc_km, haversine_km
from tadmor.geo.hierarchy import (
    NESTED_LABEL,
    ROAD_AFTER,
    ROAD_BEFORE,
    ROAD_GAP,
    facility_stem,
    fallback_place,
    fuzzy_index,
    midpoint,
)
from tadmor.geo.normalize import (
    city_stem,
    demonym_continent,
    demonym_country,
    name_key,
    normalize_name,
    split_designation,
    strip_designation_words,
)
from tadmor.geo.recognize import COORDINATION, document_countries, province_demonym
from tadmor.geo.worlddata import ca_province_name, us_state_code
from tadmor.model import Mention, MentionKind, ParsedDoc, Place, ResolvedPlace

MAX_CANDIDATES = 40
# a town smaller than this found under an alternate name unlike its own ("Commissioner" for
# McIntyre, Georgia; "Fox" for Victor, Idaho) is no reading of a name the NER does not call a
# place: such alternates are mostly old names, and the common words among them match by chance.
# A larger town keeps its other names ("Echmiadzin" for Vagharshapat, 46,000 people)
ODD_POP = 10_000
ODD_RATIO = 0.5  # difflib similarity of the two name keys below which an alternate is unlike
W_POP = 2.5
W_COUNTRY_NAME = 2.5
W_COUNTRY = 1.5  # the document names the candidate's country
W_ANCHOR_COUNTRY = 1.0  # share of confidently resolved names in the candidate's country
W_ADMIN = 1.0  # the candidate lies in a province the document names
W_NEST = 3.0  # "X, <container>" / "X in <container>"
W_COUNTY = 1.5  # a town and the county it lies in are both named ("Paris" ... "Henry County")
W_PROXIMITY = 2.0
W_ALTERNATE = 1.0  # the candidate has the name only as an alternate name
W_MUTUAL = 1.0  # other names of the document have candidates near this one
W_FOCUS = 1.5  # times the share of the source's other reports that name the candidate's province
PROXIMITY_KM = 150.0
# share of a name's most populous reading below which the document's countries, and the
# countries of its confident places, lend a reading no support
MINOR_COUNTRY = 0.01
MINOR_ANCHOR_COUNTRY = 0.001
MINOR_FOCUS = 0.001  # nor does a source's focus ("Brussels" is not a hamlet of the paper's state)
ANCHOR_SHARE = 0.15  # pass-1 share above which a name is an anchor for pass 2
STRAY_KM = 1000.0  # an alternate-name winner this far from every other place is a stray
TOWN_SHARE = 0.03  # a town this large beside its same-named province is what a bare name means

_NEAR_BEFORE = re.compile(
    r"(?:\bnear(?:by)?|\boutside(?:\s+of)?|\baround|\boutskirts\s+of|\bsuburbs?\s+of"
    r"|\bvicinity\s+of|\bcountryside\s+of|\benvirons\s+of|\bclose\s+to|\bperiphery\s+of"
    r"|\b(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?"
    r"\s+(?:outskirts\s+|countryside\s+|suburbs\s+|edge\s+)?of"
    r"|\b\d+(?:[.,]\d+)?\s*(?:km|kms|kilomet(?:er|re)s?|miles?)\s+(?:[a-z-]+\s+)?"
    r"(?:from|of|outside))"
    r"\s+(?:the\s+)?(?:(?:town|city|village|district)\s+of\s+)?$",
    re.IGNORECASE,
)
_NEAR_AFTER = re.compile(
    r"^(?:['’]s?)?\s+(?:(?:north|south|east|west)[a-z-]*\s+)?"
    r"(?:outskirts|countryside|suburbs?|environs|surroundings|periphery|hinterland)\b",
    re.IGNORECASE,
)
# A designation written once after a list of names: "Idlib, Hama and Daraa provinces".
_SHARED_DESIGNATION = re.compile(
    r"(?:\s*,\s*[A-Z][\w'-]*(?:\s[A-Z][\w'-]*)?)*,?\s+(?:and|&)\s+[A-Z][\w'-]*"
    r"(?:\s[A-Z][\w'-]*)?\s+(provinces|governorates|counties|districts)\b"
    r"|\s+(counties|districts)\b"
)
_ADMIN_BEFORE = re.compile(r"\b(?:province|governorate|state)\s+of\s+(?:the\s+)?$", re.I)
_NEST_GAP = re.compile(
    r"^(?:\s*,\s*|\s*\(\s*|\s+)(?:(?:a|an|the)\s+)?(?:[a-z][\w'-]*\s+){0,3}?(?:in|of)\s+"
    r"(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}$|^\s*,\s*$|^\s*\(\s*$"
    r"|^\s*,\s*(?:Al|El|A[dnrstz]|Ash)[-‐ ]$"  # "Khurmal town, As Sulaymaniyah governorate"
    r"|^\s+(?:town|village|city|district|area|camp)\s*,\s*(?:(?:Al|El|A[dnrstz]|Ash)[-‐ ])?$"
)
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|at|outside|into)\s+(?:the\s+)?$")
_TIGHT_GAP = re.compile(
    r"^\s*,\s*(?:(?:Al|El|A[dnrstz]|Ash)[-‐ ])?$|^\s+(?:in|of)\s+(?:the\s+)?$|^\s*\(\s*$"
    r"|^\s+(?:town|village|city|district|area|camp)\s*,\s*(?:(?:Al|El|A[dnrstz]|Ash)[-‐ ])?$"
)
# the name's own designation written before the comma: "Taji town, Baghdad governorate"
_KIND_GAP = re.compile(r"^\s+(?:town|village|city|district|area|camp)\s*,")
_LIST_AFTER = re.compile(r"^\s*(?:,|\band\b|\bor\b)\s*$")
_NEAR_GAP = re.compile(
    r"^\s*,?\s*(?:near|outside|close\s+to|north|south|east|west)\s+(?:of\s+)?(?:the\s+)?"
    r"(?:(?:town|city|village)\s+of\s+)?$"
)
LARGE_ABROAD = 100_000  # a place this large abroad is no namesake, whatever the text names
MAX_ABOUT = 3  # a document that names more countries is about none in particular
MAX_FUZZY_PLACES = 20_000  # the embedded United States: its index would cost seconds to build
ROAD_KM = 600.0  # two towns farther apart are no road's ends


@dataclass(slots=True)
class _Group:
    """All mentions of one name (key + designation) in the document."""

    key: str
    designation: str
    members: list[int] = field(default_factory=list)
    candidates: list[Place] = field(default_factory=list)
    scopes: set[tuple[str, str]] = field(default_factory=set)  # nesting containers
    # containers that are only towns ("Mayfair, London"): their scope is the province of the
    # town they resolve to, known after the first pass
    town_containers: list[int] = field(default_factory=list)
    alternate: frozenset[int] = frozenset()  # candidates found only under an alternate name
    mutual: dict[int, float] = field(default_factory=dict)  # support from the other names
    paired: set[int] = field(default_factory=set)  # towns in a named county, counties of one
    ner: bool = False
    best: Place | None = None
    share: float = 0.0
    scores: list[float] = field(default_factory=list)  # of the candidates, at the last decision

    top_population: int = 0  # of the most populous candidate
    # containers the text puts this name inside with a firm cue ("Taji town, Baghdad
    # governorate", "X in Anbar province", "X, Iraq"): readings outside them are dropped
    hard: list[int] = field(default_factory=list)
    near_of: int = -1  # "X, near Y": the group of Y
    # no reading inside the named area: located at that group's place, the name as written
    fallback: int = -1
    fallback_near: bool = False  # the fallback is a town the text puts the place near
    facility: bool = False  # an unknown facility read as the town it is named for
    demonym: bool = False  # a nationality or continent adjective ("Iraqi")


def _designation(text: str, m: Mention) -> str:
    d = split_designation(m.evidence.quote).designation
    if not d and _ADMIN_BEFORE.search(text[max(0, m.evidence.start - 30) : m.evidence.start]):
        return "admin1"
    if not d:  # "Idlib and Hama provinces", "Hitchcock and Hayes counties"
        shared = _SHARED_DESIGNATION.match(text, m.evidence.end)
        if shared is not None:
            kind = shared.group(1) or shared.group(2)
            return "admin1" if kind.startswith(("province", "governorate")) else "admin"
    return d


def _filter(places: list[Place], designation: str) -> list[Place]:
    if designation == "admin1":
        keep = [p for p in places if p.feature_code == "ADM1"]
    elif designation == "admin":  # "Walker County", "Manbij District": second level first
        keep = [p for p in places if p.feature_code == "ADM2"]
        keep = keep or [p for p in places if p.feature_code == "ADM1"]
    elif designation == "city":
        keep = [p for p in places if p.feature_class == "P"]
    else:
        keep = places
    keep = keep or places
    top = keep[:MAX_CANDIDATES]
    top += [p for p in keep[MAX_CANDIDATES:] if p.feature_class == "A"]
    return top


def _near(text: str, m: Mention, sentence_start: int) -> bool:
    start = max(sentence_start, m.evidence.start - 80)
    if _NEAR_BEFORE.search(text[start : m.evidence.start]):
        return True
    return bool(_NEAR_AFTER.match(text[m.evidence.end : m.evidence.end + 40]))


def _in_scope(p: Place, scopes: set[tuple[str, str]]) -> bool:
    return (p.country_code, "") in scopes or (p.country_code, p.admin1) in scopes


def _scopes_of(places: list[Place]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    has_area = any(p.feature_class == "A" for p in places)
    for p in places:
        if p.feature_code == "PCLI":
            out.add((p.country_code, ""))
        elif p.feature_code == "ADM1" or (p.admin1 and not has_area):
            out.add((p.country_code, p.admin1))
    return out


@dataclass(frozen=True, slots=True)
class _Context:
    countries: dict[str, int]
    admins: set[tuple[str, str]]
    anchors: list[tuple[int, Place]]  # (group index, place)
    tops: list[tuple[int, Place]] = field(default_factory=list)  # every pass-1 winner
    named: dict[str, int] = field(default_factory=dict)  # countries the text itself names
    focus: SourceFocus | None = None  # the provinces the document's source reports on


def _support(gi: int, cc: str, ctx: _Context) -> int:
    """How often the text names country ``cc`` plus the other names' pass-1 winners in it."""
    return ctx.named.get(cc, 0) + sum(1 for j, a in ctx.tops if j != gi and a.country_code == cc)


def _province_over_country(gi: int, g: _Group, ctx: _Context) -> str:
    """The country whose province a country's name means here, or "": "Georgia" in a text
    about the United States (the name's own mentions aside, nothing supports the country
    Georgia, while other names lie in the United States)."""
    country = next((q for q in g.candidates if q.feature_code == "PCLI"), None)
    if country is None or g.designation:
        return ""
    if _support(gi, country.country_code, ctx) - len(g.members) > 0:
        return ""
    for q in g.candidates:
        if (
            q.feature_code == "ADM1"
            and q.country_code != country.country_code  # "Mexico" is no Mexican state
            and _support(gi, q.country_code, ctx) > 0
        ):
            return q.country_code
    return ""


@dataclass(frozen=True, slots=True)
class _GroupView:
    """What scoring one name's candidates needs of the others, computed once per name."""

    province_of: str  # see _province_over_country
    towns: frozenset[str]  # countries where a candidate is a town or a province
    largest_town: dict[str, int]  # per country, the population of its largest town candidate
    n_others: int  # anchors other than this name
    others_in: dict[str, int]  # those anchors per country
    other_admins: frozenset[tuple[str, str]]  # their provinces
    points: tuple[tuple[int, float, float, float], ...]  # (id, lat, lon radians, cos lat)


def _view(gi: int, g: _Group, ctx: _Context) -> _GroupView:
    others = [a for j, a in ctx.anchors if j != gi]
    largest: dict[str, int] = {}
    for q in g.candidates:
        if q.feature_class == "P":
            largest[q.country_code] = max(largest.get(q.country_code, 0), q.population)
    counts: dict[str, int] = {}
    for a in others:
        counts[a.country_code] = counts.get(a.country_code, 0) + 1
    return _GroupView(
        province_of=_province_over_country(gi, g, ctx) if ctx.tops else "",
        towns=frozenset(
            q.country_code
            for q in g.candidates
            if q.feature_class == "P" or q.feature_code == "ADM1"
        ),
        largest_town=largest,
        n_others=len(others),
        others_in=counts,
        other_admins=frozenset((a.country_code, a.admin1) for a in others),
        points=tuple(
            (
                a.geonameid,
                math.radians(a.latitude),
                math.radians(a.longitude),
                math.cos(math.radians(a.latitude)),
            )
            for a in others
        ),
    )


def _nearest_km(p: Place, points: tuple[tuple[int, float, float, float], ...]) -> float:
    """Haversine distance from ``p`` to the nearest of ``points`` that is not ``p`` itself."""
    la, lo = math.radians(p.latitude), math.radians(p.longitude)
    cos_la = math.cos(la)
    best = math.inf
    for gid, la2, lo2, cos2 in points:
        if gid != p.geonameid:
            best = min(best, arc_km(la, cos_la, lo, la2, cos2, lo2))
    return best


def _focus_bonus(g: _Group, p: Place, focus: SourceFocus) -> float:
    if p.feature_code == "PCLI" or p.population < MINOR_FOCUS * g.top_population:
        return 0.0
    return W_FOCUS * focus.share(p)


def _score(g: _Group, p: Place, ctx: _Context, v: _GroupView) -> float:
    s = W_POP * math.log10(p.population + 10) / 7.0
    if p.feature_code == "PCLI":  # a country's name means the country, whatever the context
        s += W_COUNTRY_NAME if not g.designation else -1.0
        if v.province_of:
            s -= W_COUNTRY_NAME + W_COUNTRY
    elif p.feature_code == "ADM2" and not g.designation:
        # a bare "Walker" is a town; a county is named with its designation
        s -= 1.5 if p.country_code in v.towns else 0.5
    elif p.feature_code == "ADM1" and not g.designation:
        # "Homs" is the town, not its province; "Texas" is the state, not Texas City
        town = v.largest_town.get(p.country_code, -1) >= max(1000, TOWN_SHARE * p.population)
        s -= 1.5 if town else 0.3
        if v.province_of == p.country_code:
            s += W_COUNTRY
    if p.geonameid in g.alternate:  # "Berea" is an old name of Aleppo, "Boni" one of Bonn
        s -= W_ALTERNATE
    s += W_MUTUAL * g.mutual.get(p.geonameid, 0.0)
    # by how much the text talks about that country; a country named somewhere in the text
    # does not make a reading a hundred times smaller than the name's main one win ("London"
    # in a story that mentions the United States is still the British capital)
    if p.country_code in ctx.countries and p.population >= MINOR_COUNTRY * g.top_population:
        s += W_COUNTRY * ctx.countries[p.country_code] / max(ctx.countries.values())
    if v.n_others and p.population >= MINOR_ANCHOR_COUNTRY * g.top_population:
        s += W_ANCHOR_COUNTRY * v.others_in.get(p.country_code, 0) / v.n_others
    if p.feature_code != "PCLI" and (
        (p.country_code, p.admin1) in ctx.admins or (p.country_code, p.admin1) in v.other_admins
    ):
        s += W_ADMIN
    if g.scopes and _in_scope(p, g.scopes) and p.feature_code != "PCLI":
        s += W_NEST
    if p.geonameid in g.paired:
        s += W_COUNTY
    if ctx.focus is not None:
        s += _focus_bonus(g, p, ctx.focus)
    if v.points and p.feature_code != "PCLI":
        d = _nearest_km(p, v.points)
        if d < math.inf:
            s += W_PROXIMITY * math.exp(-d / PROXIMITY_KM)
    return s


def _stray_alternate(gi: int, g: _Group, ctx: _Context) -> bool:
    """The winner has the name only as an alternate name and lies in a country nothing else
    in the document points to, far from every other place the names resolved to: "Boni" in
    a story about Mali is no old name of Bonn. Such a name is left unresolved."""
    p = g.best
    if p is None or p.geonameid not in g.alternate or p.feature_code in ("PCLI", "CONT", "RGN"):
        return False
    if name_key(p.name).startswith(g.key + " "):  # "New York" for New York City: a short form
        return False
    others = [a for j, a in ctx.tops if j != gi]
    if not others or _support(gi, p.country_code, ctx) > 0:
        return False
    return min(haversine_km(p, a) for a in others) > STRAY_KM


def _decide(groups: list[_Group], ctx: _Context) -> None:
    for gi, g in enumerate(groups):
        view = _view(gi, g, ctx)
        scores = [_score(g, p, ctx, view) for p in g.candidates]
        g.scores = scores
        top = max(scores)
        weights = [math.exp(s - top) for s in scores]
        k = scores.index(top)
        best = g.candidates[k]
        # the province or country that contains the winner does not compete with it
        agree = sum(w for w, q in zip(weights, g.candidates, strict=True) if _contains(q, best))
        g.best = best
        g.share = (weights[k] + agree) / sum(weights)


def _pair_counties(groups: list[_Group], gazetteer: Gazetteer) -> None:
    """Mark the readings that pair a town with the county it lies in, when the text names both:
    "Paris" and "Henry County" are Paris and Henry County, Tennessee. Only a name written as a
    county ("X County", "X District") stands for a county here: a bare "Lee" is no county;
    and the town's name must be another name than the county's."""
    named: dict[int, list[_Group]] = {}
    for g in groups:
        if g.designation == "admin":
            for p in g.candidates:
                if p.feature_code == "ADM2":
                    named.setdefault(p.geonameid, []).append(g)
    if not named:
        return
    for g in groups:
        for p in g.candidates:
            if p.feature_class != "P" or p.geonameid in g.alternate:
                continue  # an old or other name of a town in the county pairs by chance
            county = gazetteer.county_of(p)
            # "Scott" beside "Scott County" is one name twice, not a town and its county
            holders = [h for h in named.get(county, ()) if h.key != g.key] if county else []
            if holders:
                g.paired.add(p.geonameid)
                for h in holders:
                    h.paired.add(county)


def _odd_alternate(p: Place, key: str, alternate: frozenset[int]) -> bool:
    """A small town that has the name ``key`` only as an alternate name unlike its own."""
    if p.geonameid not in alternate or p.feature_class != "P" or p.population >= ODD_POP:
        return False
    return SequenceMatcher(None, name_key(p.name), key).ratio() < ODD_RATIO


def _contains(area: Place, p: Place) -> bool:
    if area.geonameid == p.geonameid or area.country_code != p.country_code:
        return False
    if area.feature_code == "PCLI":
        return True
    return area.feature_code == "ADM1" and p.feature_class == "P" and area.admin1 == p.admin1


_COMMA = re.compile(r"^\s*,\s*$")


def _key_of(m: Mention) -> str:
    return m.norm or split_designation(m.evidence.quote).key


def _province_by_context(
    text: str, mentions: Sequence[Mention], mi: int, gazetteer: Gazetteer
) -> bool:
    """A name that is both a province and a town ("New York", "Washington") means the province
    right after a town of that province ("Rego Park, New York")."""
    m = mentions[mi]
    provinces = [p for p in gazetteer.lookup_key(_key_of(m)) if p.feature_code == "ADM1"]
    if not provinces:
        return False
    areas = {(p.country_code, p.admin1) for p in provinces}
    before = mentions[mi - 1] if mi > 0 else None
    after = mentions[mi + 1] if mi + 1 < len(mentions) else None
    gap_before = text[before.evidence.end : m.evidence.start] if before else "."
    gap_after = text[m.evidence.end : after.evidence.start] if after else "."
    if before is not None and _COMMA.match(gap_before) and not COORDINATION.match(gap_after):
        towns = gazetteer.lookup_key(_key_of(before))
        if any(q.feature_class == "P" and (q.country_code, q.admin1) in areas for q in towns):
            return True
    return False


def _groups(
    parsed: ParsedDoc, mentions: Sequence[Mention], gazetteer: Gazetteer
) -> tuple[list[_Group], list[int]]:
    text = parsed.doc.text
    index: dict[tuple[str, str], int] = {}
    groups: list[_Group] = []
    member_group: list[int] = []
    for mi, m in enumerate(mentions):
        key = _key_of(m)
        designation = _designation(text, m)
        if not designation and _province_by_context(text, mentions, mi, gazetteer):
            designation = "admin1"
        gk = (key, designation)
        if gk not in index:
            places = _special(text, m, gazetteer)
            stem = ""
            if places is None:
                found = gazetteer.lookup_key(key)
                if not found and gk[1] == "city":  # "Homs city": the town Homs
                    found = gazetteer.lookup_key(city_stem(key))
                stem = "" if found else facility_stem(key)
                if stem:  # "Qayyarah air base" unknown: the town it is named for, near it
                    found = [p for p in gazetteer.lookup_key(stem) if p.feature_class == "P"]
                places = _filter(found, gk[1])
            index[gk] = len(groups)
            alternate = gazetteer.alternate_ids(key) if places else frozenset()
            top = max((p.population for p in places), default=0)
            groups.append(
                _Group(
                    key=key,
                    designation=gk[1],
                    candidates=places,
                    alternate=alternate,
                    top_population=top,
                    facility=bool(stem) and bool(places),
                )
            )
        g = groups[index[gk]]
        g.scopes |= _trailing_scope(text, m.evidence.end, gazetteer)
        g.members.append(mi)
        g.ner = g.ner or m.label in ("GPE", "LOC", "FAC")
        g.demonym = (
            g.demonym
            or m.label in ("demonym", "modifier")
            or bool(demonym_country(m.evidence.quote))
        )
        member_group.append(index[gk])
    for g in groups:  # odd alternates read only where the NER calls the name a place
        if g.alternate and not g.ner:
            g.candidates = [p for p in g.candidates if not _odd_alternate(p, g.key, g.alternate)]
            g.top_population = max((p.population for p in g.candidates), default=0)
    # explicit nesting: "X, Iraq", "X in Homs Governorate", "X (Idlib)"
    for a in range(len(mentions) - 1):
        b = a + 1
        ma, mb = mentions[a], mentions[b]
        ga, gb = groups[member_group[a]], groups[member_group[b]]
        if ga is gb or not gb.candidates:
            continue
        sa = parsed.sentence_of(ma.evidence.start)
        if sa is not None and sa.end < mb.evidence.start:
            continue
        gap = text[ma.evidence.end : mb.evidence.start]
        if _NEAR_GAP.match(gap):  # "Sharqat, near Tikrit"
            ga.near_of = member_group[b]
            continue
        if not _NEST_GAP.match(gap):
            continue
        is_country = any(p.feature_code == "PCLI" for p in gb.candidates)
        listed = False
        if b + 1 < len(mentions):
            after = text[mb.evidence.end : mentions[b + 1].evidence.start]
            # "Taji town, Baghdad governorate, Iraq" is a chain, not a list
            listed = (
                _LIST_AFTER.match(after) is not None
                and not gb.designation
                and not _country_only(groups[member_group[b + 1]])
            )
            if listed and not is_country:
                continue  # "Raqqa, Aleppo and Homs" is a list, not a nesting
        # the name's own designation ("Taji town, "), not one inside a name ("Cape Town")
        designated = _KIND_GAP.match(gap) is not None or (
            bool(ga.designation) and not gazetteer.has_key(normalize_name(ma.evidence.quote))
        )
        tight = _TIGHT_GAP.match(gap) is not None  # ", " / " in " / " (": no clause between
        # a country or a people is inside no other country ("German, Irish and other")
        inner_country = ma.label in ("demonym", "modifier") or any(
            p.feature_code in ("PCLI", "CONT", "RGN") for p in ga.candidates
        )
        if any(p.feature_class == "A" for p in gb.candidates):
            ga.scopes |= _scopes_of(gb.candidates)
            if (
                not listed
                and not inner_country
                and tight
                and (
                    gb.designation in ("admin1", "admin")
                    or (
                        is_country
                        and _COMMA.match(gap) is not None
                        # "Cairo, Alexandria, Sudan and ...": a list element is in nothing
                        and not text[: ma.evidence.start].rstrip().endswith(",")
                    )
                    or designated
                    or ma.label == NESTED_LABEL
                    # "attacked a checkpoint in Rabiah, Nineveh": a province after a comma
                    or (
                        gb.candidates[0].feature_code == "ADM1"
                        and _COMMA.match(gap) is not None
                        and _LOCATIVE_BEFORE.search(text[: ma.evidence.start][-20:]) is not None
                    )
                )
            ):
                ga.hard.append(member_group[b])
        else:  # "After Paris, London is ...": not every London's province is Paris' scope
            ga.town_containers.append(member_group[b])
            if tight and (designated or ma.label == NESTED_LABEL):  # "Shaab district, Baghdad"
                ga.hard.append(member_group[b])
    confine(groups, gazetteer)
    return groups, member_group


def _country_only(g: _Group) -> bool:
    return bool(g.candidates) and all(p.feature_code == "PCLI" for p in g.candidates[:1])


def _area_scope(q: Place) -> tuple[str, str]:
    if q.feature_code == "PCLI" or not q.admin1:
        return (q.country_code, "")
    return (q.country_code, q.admin1)


def _fuzzy(key: str, scope: set[tuple[str, str]], gazetteer: Gazetteer) -> list[Place]:
    """Readings of ``key`` under another spelling (:func:`~tadmor.geo.hierarchy.fold`,
    :func:`~tadmor.geo.hierarchy.skeleton`) inside the areas of ``scope`` only."""
    out: list[Place] = []
    for cc, admin1 in sorted(scope):
        if gazetteer.country_size(cc) > MAX_FUZZY_PLACES:
            continue  # a country this large is no transliterated one: exact names only
        index = fuzzy_index(gazetteer, cc)
        out += [p for p in index.find(key, admin1) if p.feature_code != "PCLI" and p not in out]
    return out


def confine(groups: list[_Group], gazetteer: Gazetteer) -> None:
    """Keep each name's readings inside the areas the text puts it in ("Taji town, Baghdad
    governorate, Iraq"); with none there, its readings under another spelling inside them;
    with none either, no reading: the name falls back to the innermost named area. Containers
    are narrowed first (a chain is read from its end)."""
    order = sorted(range(len(groups)), key=lambda i: -groups[i].members[0])
    for gi in order:
        g = groups[gi]
        if not g.hard:
            continue
        scope: set[tuple[str, str]] = set()
        for c in g.hard:
            cands = groups[c].candidates
            areas = [q for q in cands if q.feature_class == "A"] or cands  # "Anbar" no Ambar
            scope |= {_area_scope(q) for q in areas}
        inside = [p for p in g.candidates if p.feature_code != "PCLI" and _in_scope(p, scope)]
        found = inside or _fuzzy(g.key, scope, gazetteer)
        if found:
            if not inside:
                g.alternate = frozenset()
            g.candidates = found
            g.scopes |= scope
            g.top_population = max(p.population for p in found)
        else:
            g.candidates = []
            g.fallback = g.hard[0]
    for g in groups:  # "X, near Y" with no reading of X: located at Y, near it
        if not g.candidates and g.fallback < 0 and g.near_of >= 0:
            g.fallback, g.fallback_near = g.near_of, True


def shun_abroad(groups: list[_Group], countries: dict[str, int], gazetteer: Gazetteer) -> None:
    """No namesake abroad: when the text names a country (or a nationality, or a designated
    area: "Baghdad governorate"), a name whose readings are all small places (under
    ``LARGE_ABROAD`` people) outside the countries the document is about gets its readings
    under another spelling in those countries, else none. The document is about the
    countries it names, those of its designated areas, and those where a large place, a
    province or two or more of its names have their main reading."""
    about: set[str] = set()
    mains: dict[str, int] = {}  # country -> names whose most populous reading lies there
    for g in groups:
        if g.hard or g.designation in ("admin1", "admin"):
            ccs = {p.country_code for p in g.candidates}
            if len(ccs) == 1:
                about |= ccs
        elif g.candidates and g.candidates[0].feature_code == "PCLI" and not g.demonym:
            about.add(g.candidates[0].country_code)
    if not about:  # no country or designated area named ("a Japanese man"): about none
        return
    named = set(about)  # where another spelling may be looked for
    about |= set(countries)
    for g in groups:
        if g.candidates:
            top = g.candidates[0]
            mains[top.country_code] = mains.get(top.country_code, 0) + 1
            if top.population >= LARGE_ABROAD or top.feature_code in ("ADM1", "PCLI"):
                about.add(top.country_code)
    # a country where two or more names have their main reading ("Danbury", "New Milford")
    about |= {cc for cc, n in mains.items() if n >= 2}
    if not about or len(about) > MAX_ABOUT:
        return
    for g in groups:
        if g.hard or not g.candidates or g.fallback >= 0:
            continue
        if any(
            p.country_code in about or p.population >= LARGE_ABROAD or p.feature_class != "P"
            for p in g.candidates
        ):
            continue
        g.candidates = _fuzzy(g.key, {(cc, "") for cc in named}, gazetteer)
        g.alternate = frozenset()
        g.top_population = max((p.population for p in g.candidates), default=0)


_TRAILING = re.compile(r"\s*,\s*((?:[A-Z][\w.'-]*\.?)(?:\s[A-Z][\w.'-]*){0,2})")


_LIST_NEXT = re.compile(r"\s*(?:,\s*[A-Z]|and\b|or\b)")


def _special(text: str, m: Mention, gazetteer: Gazetteer) -> list[Place] | None:
    """Candidates of a nationality or continent adjective ("Iraqi" -> Iraq, "European" ->
    Europe) and of a US state abbreviation after "Town, " ("Kan."); None for other names."""
    quote = m.evidence.quote
    cc = demonym_country(quote)
    if cc:
        country = gazetteer.country(cc)
        return [country] if country else []
    continent = demonym_continent(quote)
    if continent:
        return [p for p in gazetteer.lookup(continent) if p.feature_code in ("CONT", "RGN")]
    if m.label == "demonym":  # "Ohioans", "Texan": the province's people
        province = province_demonym(quote, gazetteer)
        return [province] if province else []
    ca_name = ca_province_name(quote)
    if ca_name and us_state_code(quote) is None:  # "London, Ont.", "B.C."
        return [p for p in gazetteer.lookup(ca_name) if p.feature_code == "ADM1"][:1]
    code = us_state_code(quote)
    if code and (
        "." in quote or quote.isupper() or text[: m.evidence.start].rstrip().endswith(",")
    ):
        state = gazetteer.admin1_by_code("US", code)
        return [state] if state else []
    return None


def _trailing_scope(text: str, end: int, gazetteer: Gazetteer) -> set[tuple[str, str]]:
    """The province or country written right after a name: "Paris, Texas", "Wichita, Kan."."""
    m = _TRAILING.match(text, end)
    if m is None:
        return set()
    words = m.group(1).split()
    for n in range(len(words), 0, -1):
        surface = " ".join(words[:n])
        code = us_state_code(surface)
        if code:
            state = gazetteer.admin1_by_code("US", code)
            return {(state.country_code, state.admin1)} if state else set()
        areas = [
            p for p in gazetteer.lookup(surface.rstrip(".")) if p.feature_code in ("ADM1", "PCLI")
        ]
        if areas:
            after = text[m.start(1) + len(surface) : m.start(1) + len(surface) + 8]
            listed = _LIST_NEXT.match(after) is not None
            if listed and not any(p.feature_code == "PCLI" for p in areas):
                return set()  # "Raqqa, Aleppo and Homs" is a list, not a nesting
            return _scopes_of(areas)
    return set()


def _refined(
    groups: list[_Group],
    countries: dict[str, int],
    admins: set[tuple[str, str]],
    named: dict[str, int],
    focus: SourceFocus | None,
) -> _Context:
    """The context of a refining pass, from the names' current winners: countries they
    resolved to count as named, provinces they resolved to are context, and the confident
    winners are anchors for the others. ``countries`` and ``admins`` are not changed."""
    countries = dict(countries)
    admins = set(admins)
    for g in groups:  # countries named in the text count as document context
        if g.best is not None and g.best.feature_code == "PCLI" and g.share >= ANCHOR_SHARE:
            countries[g.best.country_code] = countries.get(g.best.country_code, 0) + 1
    # provinces the names resolved to are context for the others ("Alexandria" ... "Virginia")
    admins |= {
        (g.best.country_code, g.best.admin1)
        for g in groups
        if g.best is not None and g.best.feature_code == "ADM1"
    }
    anchors = [
        (gi, g.best)
        for gi, g in enumerate(groups)
        if g.best is not None
        and g.share >= ANCHOR_SHARE
        and g.best.feature_code != "PCLI"
        # a lone reading in a country nothing else in the text points to is no anchor
        and (g.best.country_code in countries or g.mutual.get(g.best.geonameid, 0.0) > 0)
    ]
    tops = [
        (gi, g.best)
        for gi, g in enumerate(groups)
        if g.best is not None and g.best.feature_code != "PCLI"
    ]
    return _Context(countries, admins, anchors, tops, named, focus)


@dataclass(slots=True)
class _Prepared:
    """A document's names with their candidates and everything the text alone says of them;
    :func:`_finish` decides them, as often as needed (with or without a source's focus)."""

    parsed: ParsedDoc
    mentions: list[Mention]  # PLACE mentions in text order
    groups: list[_Group]
    member_group: list[int]
    live: list[_Group]  # the groups with candidates
    scopes: list[set[tuple[str, str]]]  # each live group's nesting scopes from the text
    countries: dict[str, int]
    admins: set[tuple[str, str]]


def _prepare(parsed: ParsedDoc, mentions: Sequence[Mention], gazetteer: Gazetteer) -> _Prepared:
    ms = sorted(
        (m for m in mentions if m.kind is MentionKind.PLACE), key=lambda m: m.evidence.start
    )
    groups, member_group = _groups(parsed, ms, gazetteer)
    countries = document_countries(parsed, gazetteer) if groups else {}
    shun_abroad(groups, countries, gazetteer)
    live = [g for g in groups if g.candidates]
    for g, near in zip(live, mutual_support([g.candidates for g in live]), strict=True):
        g.mutual = near
    _pair_counties(live, gazetteer)
    admins: set[tuple[str, str]] = set()
    for g in live:
        if g.designation == "admin1":
            admins |= {(p.country_code, p.admin1) for p in g.candidates if p.feature_code == "ADM1"}
    return _Prepared(
        parsed=parsed,
        mentions=ms,
        groups=groups,
        member_group=member_group,
        live=live,
        scopes=[set(g.scopes) for g in live],
        countries=countries,
        admins=admins,
    )


def _touched(prep: _Prepared, focus: SourceFocus) -> bool:
    """Whether the focus could make another reading win a name: one in the focus whose score
    plus the focus' bonus passes the winner's. If none can, the document's places stand (the
    winners' own bonus would only raise their confidence)."""
    for g in prep.live:
        if g.best is None or not g.scores:
            continue
        k = g.candidates.index(g.best)
        bar = g.scores[k] + _focus_bonus(g, g.best, focus)
        for p, sc in zip(g.candidates, g.scores, strict=True):
            if p is not g.best and sc + _focus_bonus(g, p, focus) > bar:
                return True
    return False


def resolve_toponyms(
    parsed: ParsedDoc,
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    *,
    focus: SourceFocus | None = None,
) -> list[ResolvedPlace]:
    """Resolve PLACE mentions (from :func:`find_toponyms`) to places, in mention order.

    ``focus``: the provinces the document's source reports on (from
    :meth:`~tadmor.geo.focus.SourceLexicon.focus`), a soft preference for readings there.
    A mention whose name has no gazetteer entry is left out."""
    return _finish(_prepare(parsed, mentions, gazetteer), focus)


def _finish(prep: _Prepared, focus: SourceFocus | None) -> list[ResolvedPlace]:
    live, groups = prep.live, prep.groups
    if not live:
        return []  # a fallback needs a container with a reading
    text = prep.parsed.doc.text
    parsed, ms, member_group = prep.parsed, prep.mentions, prep.member_group
    for g, scopes in zip(live, prep.scopes, strict=True):
        g.scopes = set(scopes)  # what an earlier decision added from town containers goes
    countries = dict(prep.countries)
    admins = prep.admins
    named = dict(countries)
    ctx = _Context(countries, admins, [], [], named, focus)
    _decide(live, ctx)
    for g in live:  # a town container's scope is the province of the town it resolved to
        for c in g.town_containers:
            container = groups[c].best
            if container is not None and container.admin1:
                g.scopes.add((container.country_code, container.admin1))
    pass1 = [g.best for g in live]
    final = _refined(live, countries, admins, named, focus)
    _decide(live, final)
    # a country's name that the final pass read as a province ("Georgia" beside towns of the
    # United States) is that province, not that country, as context for the other names
    flipped = [
        (g, first)
        for g, first in zip(live, pass1, strict=True)
        if first is not None
        and first.feature_code == "PCLI"
        and g.best is not None
        and g.best.feature_code == "ADM1"
    ]
    if flipped:
        for g, first in flipped:
            for counts in (countries, named):
                left = counts.get(first.country_code, 0) - len(g.members)
                if left > 0:
                    counts[first.country_code] = left
                else:
                    counts.pop(first.country_code, None)
        final = _refined(live, countries, admins, named, focus)
        _decide(live, final)
    for gi, g in enumerate(live):
        if g.best is not None and _stray_alternate(gi, g, final):
            g.best = None

    out: list[ResolvedPlace] = []
    for mi, m in enumerate(ms):
        g = groups[member_group[mi]]
        if g.best is None:
            fell = _fallback(m, g, groups)
            if fell is not None:
                out.append(fell)
            continue
        p = g.best
        sent = parsed.sentence_of(m.evidence.start)
        if p.feature_class == "A" or p.feature_code in ("CONT", "RGN"):
            precision = 3
        elif _near(text, m, sent.start if sent else 0) or g.designation == "admin" or g.facility:
            precision = 2
        else:
            precision = 1
        support = 1.0 if g.ner else 0.9
        out.append(
            ResolvedPlace(
                mention=m,
                place=p,
                confidence=round(min(1.0, max(0.0, g.share * support)), 3),
                geo_precision=precision,
            )
        )
    return _roads(text, out)


def _roads(text: str, out: list[ResolvedPlace]) -> list[ResolvedPlace]:
    """Two towns of a road ("the road between Hit and Ramadi", "the Baghdad-Kut highway"):
    both mentions are located at the midpoint, geo_precision 2."""
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        ea, eb = a.mention.evidence, b.mention.evidence
        if a.place.feature_class != "P" or b.place.feature_class != "P":
            continue
        if haversine_km(a.place, b.place) > ROAD_KM:
            continue  # "flights from Kuala Lumpur to Beijing" are no road
        gap = text[ea.end : eb.start]
        between = ROAD_BEFORE.search(text[max(0, ea.start - 60) : ea.start]) is not None
        if not (
            (between and ROAD_GAP.match(gap) and "-" not in gap and "–" not in gap)
            or (gap.strip() in ("-", "–") and ROAD_AFTER.match(text[eb.end : eb.end + 30]))
        ):
            continue
        name = f"{strip_designation_words(ea.quote)}-{strip_designation_words(eb.quote)} road"
        mid = midpoint(a.place, b.place, name)
        conf = min(a.confidence, b.confidence)
        out[k] = ResolvedPlace(a.mention, mid, conf, 2)
        out[k + 1] = ResolvedPlace(b.mention, mid, conf, 2)
    return out


def _fallback(m: Mention, g: _Group, groups: list[_Group]) -> ResolvedPlace | None:
    """The location of a name with no reading inside the area the text puts it in: that
    area's place (following a chain of such names), the name as written; geo_precision 2
    for a district or a town it lies near, 3 for a province or a country."""
    seen = {id(g)}
    c = g
    near = g.fallback_near
    while c.best is None and c.fallback >= 0 and id(groups[c.fallback]) not in seen:
        c = groups[c.fallback]
        seen.add(id(c))
    area = c.best
    if area is None or c is g:
        return None
    name = strip_designation_words(m.evidence.quote) or m.evidence.quote
    town = area.feature_class == "P" and c.designation not in ("admin1", "admin")
    precision = 2 if near or town or area.feature_code == "ADM2" else 3
    return ResolvedPlace(
        mention=m,
        place=fallback_place(name, area),
        confidence=round(min(1.0, c.share * 0.8), 3),
        geo_precision=precision,
    )


def resolve_documents(
    items: Sequence[tuple[ParsedDoc, Sequence[Mention]]],
    gazetteer: Gazetteer,
    *,
    lexicon: SourceLexicon | None = None,
) -> list[list[ResolvedPlace]]:
    """Resolve the toponyms of a batch of documents, one list of places per document.

    With a ``lexicon``, each document's places are added to what it knows of the document's
    source (its ``source``, else its URL's host), and a document whose source has a focus,
    learned from the source's other documents of this batch and of earlier ones, is resolved
    again with that focus. Without one, or for documents that name no source, this is
    :func:`resolve_toponyms` document by document."""
    prepared = [_prepare(parsed, ms, gazetteer) for parsed, ms in items]
    first = [_finish(prep, None) for prep in prepared]
    if lexicon is None:
        return first
    keys = [source_key(prep.parsed.doc) for prep in prepared]
    for prep, key, places in zip(prepared, keys, first, strict=True):
        if key is not None:
            lexicon.add(key, prep.parsed.doc.doc_id, places)
    out: list[list[ResolvedPlace]] = []
    for prep, key, places in zip(prepared, keys, first, strict=True):
        focus = lexicon.focus(key, prep.parsed.doc.doc_id) if key is not None else None
        if focus is not None and _touched(prep, focus):
            places = _finish(prep, focus)
        out.append(places)
    return out
