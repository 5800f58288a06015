"""Exports of events: ACLED's current and legacy CSV layouts, and Tadmor's own layout as
CSV, JSON, GeoJSON and Parquet.

``acled`` has exactly ACLED's 31 current columns, ``acled-legacy`` exactly the 31 of its
older exports (dates written ``21 March 2020``); Tadmor's own columns (fatality range,
sources, flags, corrections, confidence) are only in its own layout (``csv``, ``json``,
``geojson``, ``parquet``). A column has the same type in every format (``iso`` is ACLED's
numeric code everywhere). Every export carries its provenance, in ``FILE.provenance.json``
beside it and, where the format has room, inside it. Text cells of every CSV are made safe
for spreadsheets (:func:`csv_safe`). Files are written to a temporary name and renamed, and
the same events always give byte-identical files.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from tadmor.errors import StoreError
from tadmor.model import Event
from tadmor.store import acled
from tadmor.store.corrections import CORRECTED_FLAG
from tadmor.store.records import StoredEvent

if TYPE_CHECKING:
    from tadmor.store.base import Store

FORMATS = ("csv", "acled", "acled-legacy", "json", "geojson", "parquet")

ACLED_CURRENT = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
ACLED_LEGACY = (
    "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year",
    "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
    "actor2", "assoc_actor_2", "inter2", "interaction", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "timestamp", "iso3",
)  # fmt: skip
TADMOR_EXTRA = (
    "iso3", "fatalities_low", "fatalities_high", "sources", "flags", "corrections",
    "confidence", "geonameid",
)  # fmt: skip
TADMOR_LAYOUT = ACLED_CURRENT + TADMOR_EXTRA
COLUMN_NAMES = TADMOR_LAYOUT  # the columns of the csv, json, geojson and parquet exports
LAYOUTS: dict[str, tuple[str, ...]] = {"acled": ACLED_CURRENT, "acled-legacy": ACLED_LEGACY}

_INT_COLUMNS = (
    "year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
    "fatalities", "fatalities_low", "fatalities_high", "corrections",
)  # fmt: skip
# Every column's type, the same in every format.
TYPES: dict[str, str] = {
    **dict.fromkeys(ACLED_CURRENT + ACLED_LEGACY + TADMOR_EXTRA, "VARCHAR"),
    **dict.fromkeys(_INT_COLUMNS, "INTEGER"),
    **dict.fromkeys(("data_id", "event_id_no_cnty", "timestamp", "geonameid"), "BIGINT"),
    **dict.fromkeys(("latitude", "longitude", "confidence"), "DOUBLE"),
    "event_date": "DATE",
}

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_FILE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".ndjson", ".csv", ".json")

Value = str | int | float | date | None
Pubs = Mapping[str, str] | None


def disorder_type(event_type: str) -> str:
    """ACLED's disorder type of an event type ("" for an unknown type)."""
    return _DISORDER.get(event_type, "")


def iso_code(iso2: str) -> int | None:
    """ACLED's numeric ISO 3166 code for an ISO2 code (None if unknown)."""
    return acled.iso_numeric(iso2) if iso2 else None


def csv_safe(text: str) -> str:
    """A CSV text cell a spreadsheet shows as text: one starting with ``=``, ``+``, ``-``,
    ``@``, tab or carriage return gets a leading ``'`` (OWASP, CSV injection); the CSV
    writer quotes the cell and doubles its quotes."""
    return "'" + text if text.startswith(_SPREADSHEET_TRIGGERS) else text


def number_id(event_id: str) -> int:
    """A stable whole number for an event id (ACLED's numeric ``data_id``), below 2**52."""
    return int(hashlib.sha256(event_id.encode("utf-8")).hexdigest()[:13], 16)


def _stored(e: Event | StoredEvent) -> StoredEvent:
    return e if isinstance(e, StoredEvent) else StoredEvent(event=e, timestamp=0)


def _looks_like_path(name: str) -> bool:
    return "/" in name or "\\" in name or name.lower().endswith(_FILE_SUFFIXES)


def source_names(e: Event, publishers: Mapping[str, str] | None = None) -> str:
    """ACLED's ``source``: the event's publishers, ``; ``-separated. With ``publishers``
    (doc id -> publisher) they come from the documents; otherwise from the event's outlet
    names, leaving out file paths (a document without a source is named by its file)."""
    if publishers is not None:
        names = sorted({publishers.get(d, "") for d in e.sources} - {""})
    else:
        names = [n for n in e.source_names if n and not _looks_like_path(n)]
    return "; ".join(names)


def row(se: StoredEvent, publishers: Mapping[str, str] | None = None) -> dict[str, Value]:
    """Every column of every layout for one event, typed as :data:`TYPES` says."""
    e = se.event
    source = source_names(e, publishers)
    country = e.country
    confidence = getattr(e, "confidence", None)
    return {
        "data_id": number_id(e.event_id),
        "event_id_cnty": e.event_id,
        "event_id_no_cnty": number_id(e.event_id),
        "event_date": e.event_date,
        "year": e.event_date.year if e.event_date else None,
        "time_precision": int(e.time_precision),
        "disorder_type": disorder_type(e.event_type),
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": acled.actor_name(e.actor1, country),
        "assoc_actor_1": acled.actor_list(e.assoc_actor_1, country),
        "inter1": e.inter1,
        "actor2": acled.actor_name(e.actor2, country),
        "assoc_actor_2": acled.actor_list(e.assoc_actor_2, country),
        "inter2": e.inter2,
        "interaction": e.interaction,
        "civilian_targeting": "Civilian targeting" if e.civilian_targeting else "",
        "iso": iso_code(e.iso),
        "region": acled.region(e.iso) if e.iso else "",
        "country": country,
        "admin1": e.admin1,
        "admin2": str(getattr(e, "admin2", "") or ""),
        "admin3": str(getattr(e, "admin3", "") or ""),
        "location": e.location,
        "latitude": None if e.latitude is None else float(e.latitude),
        "longitude": None if e.longitude is None else float(e.longitude),
        "geo_precision": e.geo_precision,
        "source": source,
        "source_scale": acled.source_scale(tuple(source.split("; "))),
        "notes": e.notes,
        "fatalities": e.fatalities,
        "tags": "tadmor=analyst corrected" if CORRECTED_FLAG in e.flags else "",
        "timestamp": se.timestamp,
        "iso3": acled.iso3(e.iso) if e.iso else "",
        "fatalities_low": e.fatalities_range.low,
        "fatalities_high": e.fatalities_range.high,
        "sources": ";".join(e.sources),
        "flags": ";".join(e.flags),
        "corrections": len(se.corrections),
        "confidence": None if confidence is None else float(confidence),
        "geonameid": e.geonameid,
    }


def sort_events(events: Sequence[Event | StoredEvent]) -> list[StoredEvent]:
    """Events by date (undated last), then id."""

    def key(s: StoredEvent) -> tuple[bool, date, str]:
        return (s.event.event_date is None, s.event.event_date or date.min, s.event.event_id)

    return sorted((_stored(e) for e in events), key=key)


# --- provenance ----------------------------------------------------------------------


def tadmor_version() -> str:
    try:
        return metadata.version("tadmor")
    except metadata.PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an export's events come from."""

    tadmor_version: str
    resolved_at: datetime | None = None  # UTC: the run that last changed the events
    input_documents: int = 0
    input_hash: str = ""  # SHA-256 over the stored documents' content-hash ids
    corrections: int = 0  # analysts' corrections in the store


def provenance_of(store: Store) -> Provenance:
    digest, n_docs = store.input_hash()
    return Provenance(
        tadmor_version=tadmor_version(),
        resolved_at=store.resolved_at(),
        input_documents=n_docs,
        input_hash=digest,
        corrections=len(store.corrections()),
    )


def _provenance_json(
    prov: Provenance, *, fmt: str, columns: tuple[str, ...], events: list[StoredEvent]
) -> dict[str, Any]:
    return {
        "tadmor_version": prov.tadmor_version,
        "run_time_utc": prov.resolved_at.isoformat() + "Z" if prov.resolved_at else None,
        "input_documents": prov.input_documents,
        "input_hash_sha256": prov.input_hash,
        "corrections_in_store": prov.corrections,
        "format": fmt,
        "columns": list(columns),
        "events": len(events),
        "corrected_events": [
            s.event.event_id for s in events if CORRECTED_FLAG in s.event.flags or s.corrections
        ],
    }


# --- writers ------------------------------------------------------------------------


def _csv_cell(v: Value, *, legacy_dates: bool) -> str:
    if v is None:
        return ""
    if isinstance(v, date):
        return acled.acled_date(v) if legacy_dates else v.isoformat()
    if isinstance(v, str):
        return csv_safe(v)
    return str(v)


def _csv_text(
    events: list[StoredEvent], columns: tuple[str, ...], pubs: Pubs, *, legacy: bool
) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180; and a CR in a cell is quoted
    w.writerow(columns)
    for s in events:
        r = row(s, pubs)
        w.writerow([_csv_cell(r[c], legacy_dates=legacy) for c in columns])
    return buf.getvalue()


def json_row(
    s: StoredEvent, columns: tuple[str, ...] = TADMOR_LAYOUT, pubs: Pubs = None
) -> dict[str, Any]:
    """One event's row as JSON values (dates as ``YYYY-MM-DD``), in ``columns``' order."""
    r = row(s, pubs)
    out: dict[str, Any] = {}
    for c in columns:
        v = r[c]
        out[c] = v.isoformat() if isinstance(v, date) else v
    return out


def _line(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def _json_list(items: list[str]) -> str:
    """A JSON array with one item per line: readable, diffable, and fast to write."""
    return "[\n" + ",\n".join(items) + "\n]" if items else "[]"


def _json_text(events: list[StoredEvent], prov: dict[str, Any], pubs: Pubs) -> str:
    rows = _json_list([_line(json_row(s, pubs=pubs)) for s in events])
    return '{"provenance": ' + _line(prov) + ',\n"events": ' + rows + "}\n"


def _geojson_text(events: list[StoredEvent], prov: dict[str, Any], pubs: Pubs) -> str:
    features: list[str] = []
    skipped = 0
    for s in events:
        e = s.event
        if e.latitude is None or e.longitude is None:
            skipped += 1
            continue
        feature = {
            "type": "Feature",
            "id": e.event_id,
            "geometry": {"type": "Point", "coordinates": [float(e.longitude), float(e.latitude)]},
            "properties": json_row(s, pubs=pubs),
        }
        features.append(_line(feature))
    return (
        '{"type": "FeatureCollection",\n"provenance": '
        + _line(prov)
        + ',\n"skipped_no_coordinates": '
        + str(skipped)
        + ',\n"features": '
        + _json_list(features)
        + "}\n"
    )


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


def _write_parquet(path: Path, events: list[StoredEvent], prov: dict[str, Any], pubs: Pubs) -> None:
    tmp = path.with_name(path.name + ".tmp")
    cols = TADMOR_LAYOUT
    conn = duckdb.connect(":memory:")
    try:
        conn.execute("SET threads = 1")  # one writer thread: deterministic row groups
        conn.execute("CREATE TABLE t (" + ", ".join(f'"{c}" {TYPES[c]}' for c in cols) + ")")
        if events:
            rows = [tuple(row(s, pubs)[c] for c in cols) for s in events]
            select = ", ".join(f'unnest(?::{TYPES[c]}[]) AS "{c}"' for c in cols)
            values = [list(v) for v in zip(*rows, strict=True)]
            conn.execute(f"INSERT INTO t SELECT {select}", values)
        meta = json.dumps(prov, ensure_ascii=False).replace("'", "''")
        options = f"FORMAT PARQUET, KV_METADATA {{tadmor_provenance: '{meta}'}}"
        conn.execute(f"COPY (SELECT * FROM t) TO ? ({options})", [str(tmp)])
    except duckdb.Error as e:
        raise StoreError("E310", f"could not write Parquet file {path}: {e}") from e
    finally:
        conn.close()
    os.replace(tmp, path)


def provenance_path(path: Path) -> Path:
    return path.with_name(path.name + ".provenance.json")


def export_events(
    events: Sequence[Event | StoredEvent],
    *,
    path: Path,
    fmt: str,
    provenance: Provenance | None = None,
    publishers: Mapping[str, str] | None = None,
) -> Path:
    """Write ``events`` to ``path`` as ``fmt`` (one of :data:`FORMATS`); return the path.

    ``acled`` and ``acled-legacy`` are CSV files in ACLED's layouts; ``csv`` and
    ``parquet`` have Tadmor's layout (ACLED's current columns, then :data:`TADMOR_EXTRA`);
    ``json`` is ``{"provenance": ..., "events": [rows]}`` and ``geojson`` a
    FeatureCollection of Points (with ``provenance`` and ``skipped_no_coordinates``), both
    with the same rows. ``FILE.provenance.json`` is written beside every export.
    ``publishers`` (doc id -> publisher, :meth:`Store.publishers`) names each event's
    sources in ACLED's ``source`` column.
    """
    kind = fmt.strip().lower().lstrip(".")
    if kind not in FORMATS:
        raise StoreError("E309", f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    path = Path(path)
    ordered = sort_events(events)
    columns = LAYOUTS.get(kind, TADMOR_LAYOUT)
    prov = _provenance_json(
        provenance or Provenance(tadmor_version=tadmor_version()),
        fmt=kind,
        columns=columns,
        events=ordered,
    )
    writers: dict[str, Callable[[], str]] = {
        "csv": lambda: _csv_text(ordered, columns, publishers, legacy=False),
        "acled": lambda: _csv_text(ordered, columns, publishers, legacy=False),
        "acled-legacy": lambda: _csv_text(ordered, columns, publishers, legacy=True),
        "json": lambda: _json_text(ordered, prov, publishers),
        "geojson": lambda: _geojson_text(ordered, prov, publishers),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "parquet":
            _write_parquet(path, ordered, prov, publishers)
        else:
            _write_text(path, writers[kind]())
        _write_text(provenance_path(path), json.dumps(prov, ensure_ascii=False, indent=2) + "\n")
    except OSError as e:
        raise StoreError("E310", f"could not write export {path}: {e}") from e
    return path
