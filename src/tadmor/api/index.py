"""Event queries for the API: ACLED's filters, sorting and paging over the store's events.

The events of a store are read once into an :class:`EventIndex`: one numpy column per
filterable field (text fields as codes into a sorted vocabulary), and one precomputed order
per sort key, so that a filtered page of 100,000 events costs a few vector operations, not
a query that decodes every record. The app updates the index after each write it makes.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from tadmor.model import Event

SORT_KEYS = (
    "event_date",
    "fatalities",
    "country",
    "admin1",
    "location",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "sources",
    "confidence",
    "event_id",
)

Mask = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]


def event_confidence(e: Event) -> float:
    """The event's confidence in [0, 1]: the resolver's figure when the model has one, else
    an estimate from what the coding rests on (sources, date and place precision, flags)."""
    value = getattr(e, "confidence", None)
    if isinstance(value, int | float):
        return float(value)
    score = 0.35 + 0.15 * min(len(set(e.sources)), 3)
    score -= 0.1 * (int(e.time_precision) - 1)
    score -= 0.05 * max(e.geo_precision - 1, 0)
    if e.latitude is None:
        score -= 0.15
    if e.event_date is None:
        score -= 0.15
    score -= 0.05 * len(e.flags)
    return round(min(max(score, 0.0), 1.0), 3)


@dataclass(frozen=True, slots=True)
class BBox:
    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True, slots=True)
class EventQuery:
    """ACLED's filters. Text filters match case-insensitively; ``place`` matches the location,
    any id in ``place_ids`` (GeoNames ids of places with that name) or the GeoNames id."""

    country: str | None = None
    admin1: str | None = None
    place: str | None = None
    place_ids: frozenset[int] = frozenset()
    bbox: BBox | None = None
    actor: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    since: date | None = None
    until: date | None = None
    fatalities_min: int | None = None
    fatalities_max: int | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    total: int
    offset: int
    limit: int
    events: list[Event]


def _low(s: str | None) -> str | None:
    s = (s or "").strip().lower()
    return s or None


class _Column:
    """A text column as codes into its sorted, lower-cased vocabulary."""

    def __init__(self, values: Iterable[str]) -> None:
        vocab, codes = np.unique(np.array([v.lower() for v in values] or [""], dtype=object),
                                 return_inverse=True)  # fmt: skip
        self.vocab: list[str] = [str(v) for v in vocab]
        self.codes: Ints = codes.astype(np.int64)
        self.code_of = {v: i for i, v in enumerate(self.vocab)}

    def equals(self, value: str) -> Mask:
        code = self.code_of.get(value)
        if code is None:
            return np.zeros(len(self.codes), dtype=bool)
        same: Mask = self.codes == code
        return same

    def contains(self, part: str) -> Mask:
        hits = [i for i, v in enumerate(self.vocab) if part in v]
        return np.isin(self.codes, np.array(hits, dtype=np.int64))


_UNDATED = np.iinfo(np.int64).max


@dataclass
class EventIndex:
    """All events of a store, ready to be filtered, sorted and paged."""

    events_by_pos: list[Event]
    version: object = None
    by_id: dict[str, int] = field(init=False)
    _orders: dict[tuple[str, bool], Ints] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        ev = self.events_by_pos
        ev.sort(key=lambda e: e.event_id)
        self.by_id = {e.event_id: i for i, e in enumerate(ev)}
        self.country = _Column(e.country for e in ev)
        self.iso = _Column(e.iso for e in ev)
        self.admin1 = _Column(e.admin1 for e in ev)
        self.location = _Column(e.location for e in ev)
        self.event_type = _Column(e.event_type for e in ev)
        self.sub_event_type = _Column(e.sub_event_type for e in ev)
        self.actor1 = _Column(e.actor1 for e in ev)
        self.actor2 = _Column(e.actor2 for e in ev)
        self.actors = _Column(
            "\x1f".join((e.actor1, e.assoc_actor_1, e.actor2, e.assoc_actor_2)) for e in ev
        )
        self.day = np.array(
            [e.event_date.toordinal() if e.event_date else _UNDATED for e in ev], dtype=np.int64
        )
        self.fatalities = np.array([e.fatalities for e in ev], dtype=np.int64)
        self.lat = np.array([np.nan if e.latitude is None else e.latitude for e in ev], float)
        self.lon = np.array([np.nan if e.longitude is None else e.longitude for e in ev], float)
        self.geonameid = np.array([-1 if e.geonameid is None else e.geonameid for e in ev],
                                  dtype=np.int64)  # fmt: skip
        self.n_sources = np.array([len(set(e.sources)) for e in ev], dtype=np.int64)
        self.conf = np.array([event_confidence(e) for e in ev], dtype=float)
        self._texts: list[str] | None = None
        self._by_doc: dict[str, list[int]] | None = None
        self._counts: dict[str, tuple[Counter[str], dict[str, str]]] = {}

    @classmethod
    def build(cls, events: Sequence[Event], *, version: object = None) -> EventIndex:
        return cls(events_by_pos=list(events), version=version)

    def __len__(self) -> int:
        return len(self.events_by_pos)

    def get(self, event_id: str) -> Event | None:
        pos = self.by_id.get(event_id)
        return None if pos is None else self.events_by_pos[pos]

    def events(self) -> list[Event]:
        return self.events_by_pos

    def confidence(self, event_id: str) -> float:
        pos = self.by_id.get(event_id)
        return 0.0 if pos is None else float(self.conf[pos])

    def of_document(self, doc_id: str) -> list[Event]:
        """The events that cite document ``doc_id`` (the table is built on first use)."""
        if self._by_doc is None:
            by_doc: dict[str, list[int]] = {}
            for pos, e in enumerate(self.events_by_pos):
                for d in set(e.sources):
                    by_doc.setdefault(d, []).append(pos)
            self._by_doc = by_doc
        return [self.events_by_pos[i] for i in self._by_doc.get(doc_id, ())]

    def counts(self, kind: str) -> tuple[Counter[str], dict[str, str]]:
        """How many events name each place (``kind`` "places", with its admin1 and country)
        or each actor ("actors"); counted once per index."""
        if kind not in self._counts:
            counts: Counter[str] = Counter()
            detail: dict[str, str] = {}
            for e in self.events_by_pos:
                if kind == "places" and e.location:
                    counts[e.location] += 1
                    detail.setdefault(e.location, ", ".join(x for x in (e.admin1, e.country) if x))
                elif kind == "actors":
                    counts.update(
                        a for a in {e.actor1, e.assoc_actor_1, e.actor2, e.assoc_actor_2} if a
                    )
            self._counts[kind] = (counts, detail)
        return self._counts[kind]

    def texts(self) -> list[str]:
        """Per event, its evidence quotes and notes, lower-cased (built on first use)."""
        if self._texts is None:
            self._texts = [
                (" \x1f ".join(fe.evidence.quote for fe in e.evidence) + " \x1f " + e.notes).lower()
                for e in self.events_by_pos
            ]
        return self._texts

    def _key(self, sort: str, descending: bool) -> npt.NDArray[np.float64] | Ints:
        if sort == "event_date":  # undated last, both ways
            return np.where(self.day == _UNDATED, _UNDATED, -self.day if descending else self.day)
        sign = -1 if descending else 1
        if sort == "fatalities":
            return sign * self.fatalities
        if sort == "sources":
            return sign * self.n_sources
        if sort == "confidence":
            return sign * self.conf
        if sort == "event_id":
            positions = np.arange(len(self), dtype=np.int64)
            return sign * positions
        column: _Column = getattr(self, sort)
        return sign * column.codes

    def order(self, sort: str, descending: bool) -> Ints:
        """Positions sorted by ``sort`` (ties by event id), computed once per key."""
        if (sort, descending) not in self._orders:
            ties = np.arange(len(self), dtype=np.int64)
            self._orders[sort, descending] = np.lexsort((ties, self._key(sort, descending)))
        return self._orders[sort, descending]

    def mask(self, q: EventQuery) -> Mask:
        m = np.ones(len(self), dtype=bool)
        if (c := _low(q.country)) is not None:
            m &= self.country.equals(c) | self.iso.equals(c)
        if (a1 := _low(q.admin1)) is not None:
            m &= self.admin1.equals(a1)
        if (pl := _low(q.place)) is not None:
            ids = set(q.place_ids) | ({int(pl)} if pl.isdigit() else set())
            m &= self.location.equals(pl) | np.isin(self.geonameid, np.array(sorted(ids), np.int64))
        if q.bbox is not None:
            b = q.bbox
            with np.errstate(invalid="ignore"):
                inside = (self.lat >= b.south) & (self.lat <= b.north)
                if b.west <= b.east:
                    inside &= (self.lon >= b.west) & (self.lon <= b.east)
                else:  # crosses the antimeridian
                    inside &= (self.lon >= b.west) | (self.lon <= b.east)
            m &= inside
        if (ac := _low(q.actor)) is not None:
            m &= self.actors.contains(ac)
        if (et := _low(q.event_type)) is not None:
            m &= self.event_type.equals(et)
        if (st := _low(q.sub_event_type)) is not None:
            m &= self.sub_event_type.equals(st)
        if q.since is not None:
            m &= (self.day >= q.since.toordinal()) & (self.day != _UNDATED)
        if q.until is not None:
            m &= self.day <= q.until.toordinal()
        if q.fatalities_min is not None:
            m &= self.fatalities >= q.fatalities_min
        if q.fatalities_max is not None:
            m &= self.fatalities <= q.fatalities_max
        if (tx := _low(q.text)) is not None:
            texts = self.texts()
            candidates = np.flatnonzero(m)
            hits = [int(i) for i in candidates if tx in texts[i]]
            m = np.zeros(len(self), dtype=bool)
            m[hits] = True
        return m

    def query(
        self, q: EventQuery, *, sort: str = "event_date", descending: bool = False,
        offset: int = 0, limit: int = 50,
    ) -> Page:  # fmt: skip
        """One page of the events that match ``q``, sorted by ``sort`` (ties by event id)."""
        if sort not in SORT_KEYS:
            raise ValueError(f"unknown sort key {sort!r}; use one of {', '.join(SORT_KEYS)}")
        m = self.mask(q)
        order = self.order(sort, descending)
        hits = order[m[order]]
        page = [self.events_by_pos[int(i)] for i in hits[offset : offset + limit]]
        return Page(total=len(hits), offset=offset, limit=limit, events=page)

    def replace(
        self, changed: Iterable[Event], removed: Iterable[str], *, version: object
    ) -> EventIndex:
        """An index with ``changed`` events put in (by id) and ``removed`` ids left out.

        When only known events change and their text values are already in the columns'
        vocabularies (a corrected field, a re-dated event), their rows are updated in copies
        of the columns; otherwise the index is built again."""
        changed, removed = list(changed), list(removed)
        quick = self._updated(changed, version) if changed and not removed else None
        if quick is not None:
            return quick
        by_id = {e.event_id: e for e in self.events_by_pos}
        for eid in removed:
            by_id.pop(eid, None)
        for e in changed:
            by_id[e.event_id] = e
        return EventIndex.build(list(by_id.values()), version=version)

    def _updated(self, changed: list[Event], version: object) -> EventIndex | None:
        positions = [self.by_id.get(e.event_id) for e in changed]
        if any(p is None for p in positions):
            return None
        pos = np.array(positions, dtype=np.int64)
        new = copy.copy(self)
        for name in _TEXT_COLUMNS:
            col: _Column = getattr(self, name)
            codes = [col.code_of.get(_text_of(e, name).lower()) for e in changed]
            if any(c is None for c in codes):
                return None
            fresh = copy.copy(col)
            fresh.codes = col.codes.copy()
            fresh.codes[pos] = np.array(codes, dtype=np.int64)
            setattr(new, name, fresh)
        for name, value in _NUMERIC_COLUMNS.items():
            arr = getattr(self, name).copy()
            arr[pos] = [value(e) for e in changed]
            setattr(new, name, arr)
        new.events_by_pos = list(self.events_by_pos)
        for p, e in zip(positions, changed, strict=True):
            assert p is not None
            new.events_by_pos[p] = e
        new.version = version
        new._orders = {}
        new._by_doc = None
        new._counts = {}
        new._texts = None
        return new


_TEXT_COLUMNS = (
    "country", "iso", "admin1", "location", "event_type", "sub_event_type", "actor1", "actor2",
    "actors",
)  # fmt: skip


def _text_of(e: Event, name: str) -> str:
    if name == "actors":
        return "\x1f".join((e.actor1, e.assoc_actor_1, e.actor2, e.assoc_actor_2))
    return str(getattr(e, name))


_NUMERIC_COLUMNS: dict[str, Callable[[Event], float | int]] = {
    "day": lambda e: e.event_date.toordinal() if e.event_date else _UNDATED,
    "fatalities": lambda e: e.fatalities,
    "lat": lambda e: np.nan if e.latitude is None else e.latitude,
    "lon": lambda e: np.nan if e.longitude is None else e.longitude,
    "geonameid": lambda e: -1 if e.geonameid is None else e.geonameid,
    "n_sources": lambda e: len(set(e.sources)),
    "conf": event_confidence,
}
