"""Score event locations on conflict reporting: UCDP GED's place names and coordinates.

UCDP GED (the Uppsala Conflict Data Program's georeferenced event dataset) gives each event the
place as its coders wrote it (``where_coordinates``: "Bayjī town", "Road between Hit town and
Ramadi town", "Qaḑā’ Dibis"), its province (``adm_1``: "Şalāḩ ad Dīn province"), the
precision of the point (``where_prec``: 1 the exact place, 2 within 25 km, 3 a second-level
area, 4 a first-level area, 5 a larger area or a line between places, 6 the country) and the
point. Each distinct (place, province) pair becomes three short reports, in the shapes conflict
databases write:

* ``gtd``: a terrorism-database summary, "... in Taji town, Baghdad governorate, Iraq.";
* ``acled``: an ACLED note, "On 3 May 2016, IS militants attacked an Iraqi army checkpoint in
  Taji, Baghdad." (the place without UCDP's "town"/"village");
* ``news``: a wire sentence that names no country, "Gunmen killed five people in Taji in
  Baghdad province, police said."

Names are written in plain ASCII (diacritics and hamza/ayn marks dropped), as the press writes
them. Each report's predicted location is its most specific resolved place: the lowest ACLED
geo_precision, then the first in the text; a country only when nothing else was found.

Measures, per shape and over all: ``within_25km`` over the places UCDP puts within 25 km
(where_prec 1-2; a report with no place counts as wrong), ``within_25km_area`` over the
second- and first-level areas and lines (where_prec 3-5, at 50 km), and ``abroad``: the reports
placed outside the country the data is about, which no report's text ever names. Places are
split by a stable hash of their name into two halves (``--split dev`` / ``test``), so rules can
be tuned on one half and measured on the other.
"""

from __future__ import annotations

import csv
import time
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tadmor.errors import TadmorError
from tadmor.geo import Gazetteer, distance_km
from tadmor.model import Document, Mention, ParsedDoc, ResolvedPlace
from tadmor.settings import Settings

__all__ = [
    "SHAPES",
    "ConflictPlace",
    "ConflictScores",
    "ShapeScores",
    "evaluate_ucdp_places",
    "read_ucdp_places",
    "report_text",
]

SHAPES = ("gtd", "acled", "news")
NEAR_KM = 25.0
AREA_KM = 50.0
_COUNTRY_NAMES = {"IRQ": "Iraq", "SYR": "Syria", "AFG": "Afghanistan", "YEM": "Yemen"}
_DEMONYMS = {"IRQ": "Iraqi", "SYR": "Syrian", "AFG": "Afghan", "YEM": "Yemeni"}


@dataclass(frozen=True, slots=True)
class ConflictPlace:
    """One distinct place of the gold data, with its first row's point."""

    name: str  # as UCDP writes it, diacritics kept
    province: str
    where_prec: int
    latitude: float
    longitude: float
    iso3: str
    country: str
    rows: int  # gold rows with this place

    @property
    def split(self) -> str:
        return "dev" if zlib.crc32(self.name.encode()) % 2 == 0 else "test"


@dataclass(frozen=True, slots=True)
class ShapeScores:
    shape: str
    places: int  # where_prec 1-2
    within_25km: float
    areas: int  # where_prec 3-5
    within_25km_area: float  # at AREA_KM
    unplaced: int  # reports with no place at all
    abroad: int  # reports placed outside the data's country


@dataclass(frozen=True)
class ConflictScores:
    split: str
    places: int
    within_25km: float
    within_25km_area: float
    abroad: int
    reports: int
    by_shape: tuple[ShapeScores, ...]
    seconds: float = 0.0
    misses: tuple[str, ...] = field(default_factory=tuple)  # "shape\tname\tkm\tpredicted"


def _ascii(s: str) -> str:
    s = s.replace("‘", "").replace("’", "").replace("ʻ", "").replace("ʼ", "")
    s = unicodedata.normalize("NFKD", s)
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).split())


def read_ucdp_places(path: Path, *, split: str = "all") -> list[ConflictPlace]:
    """The distinct places (name, province) of a UCDP GED CSV export, in first-seen order.
    A second header row of HXL tags ("#date+year") is skipped. ``split``: dev, test or all."""
    if split not in ("dev", "test", "all"):
        raise TadmorError("E402", f"unknown split {split!r}: use dev, test or all")
    try:
        with Path(path).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError) as exc:
        raise TadmorError("E402", f"cannot read {path}: {exc}") from exc
    need = {"where_coordinates", "adm_1", "where_prec", "latitude", "longitude", "iso3"}
    if rows and not need <= set(rows[0]):
        raise TadmorError("E402", f"{path}: not a UCDP GED export (needs {sorted(need)})")
    seen: dict[tuple[str, str], ConflictPlace] = {}
    counts: dict[tuple[str, str], int] = {}
    for r in rows:
        if r["where_prec"].startswith("#") or r["latitude"].startswith("#"):
            continue  # HXL tag row
        try:
            prec, lat, lon = int(r["where_prec"]), float(r["latitude"]), float(r["longitude"])
        except ValueError:
            continue
        key = (" ".join(r["where_coordinates"].split()), " ".join(r["adm_1"].split()))
        counts[key] = counts.get(key, 0) + 1
        if key not in seen and key[0] and prec <= 5:
            seen[key] = ConflictPlace(
                key[0], key[1], prec, lat, lon, r["iso3"], r.get("country", ""), 0
            )
    out = [
        ConflictPlace(
            p.name, p.province, p.where_prec, p.latitude, p.longitude, p.iso3, p.country, counts[k]
        )
        for k, p in seen.items()
    ]
    return [p for p in out if split == "all" or p.split == split]


_DESIGNATION_WORDS = ("town", "village", "city", "camp", "neighbourhood", "neighborhood")


def _bare(name: str) -> str:
    words = name.split()
    if len(words) > 1 and words[-1].lower() in _DESIGNATION_WORDS:
        words = words[:-1]
    return " ".join(words)


def _province_bare(province: str) -> str:
    words = province.split()
    if len(words) > 1 and words[-1].lower() in ("province", "governorate"):
        words = words[:-1]
    return " ".join(words)


def report_text(place: ConflictPlace, shape: str) -> str:
    """The report of ``shape`` (see the module docstring) about ``place``."""
    name, province = _ascii(place.name), _ascii(place.province)
    country = place.country or _COUNTRY_NAMES.get(place.iso3, place.iso3)
    road = name.lower().startswith("road between ")
    if shape == "gtd":
        where = f"on the r{name[1:]}" if road else f"in {name}"
        gov = province.replace(" province", " governorate")
        tail = f", {gov}, {country}" if gov else f", {country}"
        return f"An explosives-laden vehicle detonated {where}{tail}. At least four people died."
    bare = name if road else _bare(name)
    pbare = _province_bare(province)
    if shape == "acled":
        where = f"on the r{bare[1:]}" if road else f"in {bare}"
        tail = f", {pbare}" if pbare else ""
        demonym = _DEMONYMS.get(place.iso3, "")
        return f"On 3 May 2016, IS militants attacked an {demonym} army checkpoint {where}{tail}."
    if shape == "news":
        where = f"on the r{bare[1:]}" if road else f"in {bare}"
        tail = f" in {pbare} province" if pbare else ""
        return f"Gunmen killed five people {where}{tail}, police said on Tuesday."
    raise TadmorError("E402", f"unknown report shape {shape!r}")


def location_of(places: Sequence[ResolvedPlace]) -> ResolvedPlace | None:
    """A report's location: its most specific place (lowest geo_precision, then the first in
    the text); a country only when nothing else was found."""
    inland = [rp for rp in places if rp.place.feature_code != "PCLI"]
    pool = inland or list(places)
    if not pool:
        return None
    return min(pool, key=lambda rp: (rp.geo_precision, rp.mention.evidence.start))


def evaluate_ucdp_places(
    path: Path, *, settings: Settings, split: str = "all", limit: int | None = None
) -> ConflictScores:
    """Write each distinct place of a UCDP GED export as three reports (:func:`report_text`),
    run recognition and resolution on them as the pipeline does, and score the locations."""
    from tadmor.geo import SourceLexicon, find_toponyms, resolve_documents
    from tadmor.pipeline import Analyzer

    t0 = time.perf_counter()
    gold = read_ucdp_places(path, split=split)[:limit]
    analyzer = Analyzer.create(settings)
    docs = [
        Document(doc_id=f"ucdp:{i}:{shape}", text=report_text(p, shape), origin=p.name)
        for i, p in enumerate(gold)
        for shape in SHAPES
    ]
    lexicon = SourceLexicon() if settings.source_focus else None
    items: list[tuple[ParsedDoc, Sequence[Mention]]] = []
    for parsed in analyzer.parser.parse(docs):
        actors = analyzer.matcher.find(parsed.doc.text)
        ms = find_toponyms(parsed, analyzer.gazetteer, exclude=[(a.start, a.end) for a in actors])
        items.append((parsed, ms))
    resolved = resolve_documents(items, analyzer.gazetteer, lexicon=lexicon)
    country = {p.iso3: p for p in gold}
    iso2 = {
        iso3: _iso2(analyzer.gazetteer, p.country or _COUNTRY_NAMES.get(iso3, ""))
        for iso3, p in country.items()
    }
    shapes: dict[str, list[int]] = {s: [0, 0, 0, 0, 0, 0] for s in SHAPES}
    misses: list[str] = []
    for k, places in enumerate(resolved):
        p = gold[k // len(SHAPES)]
        shape = SHAPES[k % len(SHAPES)]
        t = shapes[shape]
        loc = location_of(places)
        km = (
            distance_km(p.latitude, p.longitude, loc.place.latitude, loc.place.longitude)
            if loc is not None
            else float("inf")
        )
        area = p.where_prec >= 3
        t[2 if area else 0] += 1
        ok = km <= (AREA_KM if area else NEAR_KM)
        t[3 if area else 1] += ok
        t[4] += loc is None
        t[5] += loc is not None and loc.place.country_code != iso2.get(p.iso3)
        if not ok:
            got = (
                f"{loc.place.name} ({loc.place.admin1}, {loc.place.country_code}) "
                f"p{loc.geo_precision} '{loc.mention.evidence.quote}'"
                if loc is not None
                else "-"
            )
            misses.append(
                f"{p.split}\t{shape}\t{p.where_prec}\t{p.name}\t{p.province}\t{km:.0f}\t{got}"
            )
    by_shape = tuple(
        ShapeScores(s, t[0], _share(t[1], t[0]), t[2], _share(t[3], t[2]), t[4], t[5])
        for s, t in shapes.items()
    )
    n = sum(t[0] for t in shapes.values())
    na = sum(t[2] for t in shapes.values())
    return ConflictScores(
        split=split,
        places=len(gold),
        within_25km=_share(sum(t[1] for t in shapes.values()), n),
        within_25km_area=_share(sum(t[3] for t in shapes.values()), na),
        abroad=sum(t[5] for t in shapes.values()),
        reports=len(docs),
        by_shape=by_shape,
        seconds=round(time.perf_counter() - t0, 2),
        misses=tuple(misses),
    )


def _share(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def _iso2(gazetteer: Gazetteer, name: str) -> str:
    p = gazetteer.country_by_name(name)
    return p.country_code if p is not None else ""
