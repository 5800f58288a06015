"""Typed records of the store's own: analysts' corrections, the change feed, event queries.

These sit beside :mod:`tadmor.model` (the pipeline's records) because only the store and
the programs over it (CLI, API) use them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from tadmor.model import Event

# --- corrections -------------------------------------------------------------------


class CorrectionKind(str, Enum):
    FIELD = "field"  # change one or more fields of an event
    NOT_EVENT = "not_event"  # the event did not happen / is not an event: drop it
    MERGE = "merge"  # ``other_event_id`` reports the same happening as ``event_id``
    SPLIT = "split"  # ``other_mention_ids`` are another happening than the rest of the event


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field's value before and after a correction, each as JSON text."""

    field: str
    before: str
    after: str

    @property
    def after_value(self) -> Any:
        return json.loads(self.after)

    @property
    def before_value(self) -> Any:
        return json.loads(self.before)


@dataclass(frozen=True, slots=True)
class Correction:
    """An analyst's correction, applied on top of the machine coding on every read.

    ``mention_ids`` are the event's mentions when the correction was made: after a re-run
    merges mentions differently, the correction re-attaches to the event that now holds
    most of them (when ``event_id`` itself is gone).
    """

    correction_id: str
    kind: CorrectionKind
    event_id: str
    mention_ids: tuple[str, ...]
    author: str
    created: datetime  # UTC
    note: str = ""
    changes: tuple[FieldChange, ...] = ()  # FIELD
    other_event_id: str = ""  # MERGE: the event merged into ``event_id``
    other_mention_ids: tuple[str, ...] = ()  # MERGE: its mentions; SPLIT: the mentions split off


@dataclass(frozen=True, slots=True)
class CorrectionRequest:
    """What an analyst asks for; the store fills in ids, times, mention ids and before values.

    ``changes`` maps field names (see :data:`tadmor.store.corrections.CORRECTABLE`) to new
    values as JSON values (dates as ``YYYY-MM-DD`` text).
    """

    kind: CorrectionKind
    event_id: str
    author: str
    note: str = ""
    changes: tuple[tuple[str, Any], ...] = ()
    other_event_id: str = ""  # MERGE
    split_mention_ids: tuple[str, ...] = ()  # SPLIT


# --- change feed ---------------------------------------------------------------------


class ChangeKind(str, Enum):
    ADDED = "added"
    CHANGED = "changed"
    MERGED = "merged"  # merged away into ``into``
    DELETED = "deleted"


@dataclass(frozen=True, slots=True)
class EventChange:
    """One entry of the change feed; ``seq`` increases with every change recorded."""

    seq: int
    event_id: str
    kind: ChangeKind
    at: datetime  # UTC
    into: str = ""  # MERGED: the event that now holds this one's mentions


# --- queries ----------------------------------------------------------------------

SORT_KEYS = (
    "event_date",
    "timestamp",
    "fatalities",
    "country",
    "admin1",
    "location",
    "event_type",
    "sub_event_type",
    "actor1",
    "event_id",
)


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters, sort and page of an event listing. Every filter is optional; text filters
    match case-insensitively.

    ``place`` matches the location's stored name or its GeoNames id; ``geonameids`` adds
    the ids of every place a name may denote (callers look the name up in the gazetteer,
    so ``Palmyra`` finds events stored under ``Tadmur``). ``bbox`` is (west, south, east,
    north) in degrees. ``actor`` matches actor1, actor2 or one of the associated actors.
    ``text`` is a substring of the notes or of any evidence quote.
    """

    country: str | None = None  # name, ISO2 or ISO3
    admin1: str | None = None
    place: str | None = None
    geonameids: tuple[int, ...] = ()
    bbox: tuple[float, float, float, float] | None = None
    actor: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    since: date | None = None
    until: date | None = None
    fatalities_min: int | None = None
    fatalities_max: int | None = None
    text: str | None = None
    changed_since: datetime | None = None  # timestamp filter (UTC)
    sort: str = "event_date"  # one of SORT_KEYS
    descending: bool = False
    limit: int | None = None  # None: every match
    offset: int = 0


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event as the store serves it: corrections applied, with its last-change time."""

    event: Event
    timestamp: int  # Unix seconds of the last change (machine or analyst), as ACLED's
    corrections: tuple[str, ...] = ()  # ids of the corrections applied to it


@dataclass(frozen=True, slots=True)
class EventPage:
    items: tuple[StoredEvent, ...]
    total: int  # matches before paging
    offset: int = 0
    limit: int | None = None
    sort: str = "event_date"
    descending: bool = False
