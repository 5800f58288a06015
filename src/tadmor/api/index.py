"""Event queries for the API: ACLED's filters, sorting and paging over the store's events.

The events of a store are read once into an :class:`EventIndex` (a few flat columns per
event plus a lower-cased search text), so that a filtered page of 100,000 events costs one
pass over plain Python values, not a query that decodes every record. The app builds a new
index after each write it makes; :meth:`EventIndex.stale` also notices writes from other
processes when the store can tell its last change time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

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

    def contains(self, lat: float | None, lon: float | None) -> bool:
        if lat is None or lon is None:
            return False
        if not self.south <= lat <= self.north:
            return False
        if self.west <= self.east:
            return self.west <= lon <= self.east
        return lon >= self.west or lon <= self.east  # crosses the antimeridian


@dataclass(frozen=True, slots=True)
class EventQuery:
    """ACLED's filters. Text filters match case-insensitively; ``place`` matches the location,
    any name in ``place_ids`` (GeoNames ids of places with that name) or the GeoNames id."""

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
    ids: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Page:
    total: int
    offset: int
    limit: int
    events: list[Event]


def _low(s: str | None) -> str | None:
    s = (s or "").strip().lower()
    return s or None


@dataclass(slots=True)
class _Row:
    event: Event
    country: str
    iso: str
    admin1: str
    location: str
    actors: str
    event_type: str
    sub_event_type: str
    text: str
    confidence: float


def _row(e: Event) -> _Row:
    quotes = " \x1f ".join(fe.evidence.quote for fe in e.evidence)
    actors = "\x1f".join((e.actor1, e.assoc_actor_1, e.actor2, e.assoc_actor_2)).lower()
    return _Row(
        event=e,
        country=e.country.lower(),
        iso=e.iso.lower(),
        admin1=e.admin1.lower(),
        location=e.location.lower(),
        actors=actors,
        event_type=e.event_type.lower(),
        sub_event_type=e.sub_event_type.lower(),
        text=f"{quotes} \x1f {e.notes}".lower(),
        confidence=event_confidence(e),
    )


def _sort_value(name: str) -> Callable[[_Row], Any]:
    if name == "event_date":
        return lambda r: (r.event.event_date is None, r.event.event_date or date.min)
    if name == "fatalities":
        return lambda r: r.event.fatalities
    if name == "sources":
        return lambda r: len(set(r.event.sources))
    if name == "confidence":
        return lambda r: r.confidence
    if name == "event_id":
        return lambda r: r.event.event_id
    return lambda r: str(getattr(r.event, name)).lower()


@dataclass
class EventIndex:
    """All events of a store, ready to be filtered, sorted and paged."""

    rows: list[_Row]
    version: object = None
    by_id: dict[str, _Row] = field(init=False)
    _orders: dict[str, list[int]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.rows.sort(key=lambda r: r.event.event_id)
        self.by_id = {r.event.event_id: r for r in self.rows}

    @classmethod
    def build(cls, events: Sequence[Event], *, version: object = None) -> EventIndex:
        return cls(rows=[_row(e) for e in events], version=version)

    def get(self, event_id: str) -> Event | None:
        row = self.by_id.get(event_id)
        return row.event if row else None

    def events(self) -> list[Event]:
        return [r.event for r in self.rows]

    def _order(self, sort: str) -> list[int]:
        """Row positions sorted by ``sort`` ascending (ties by event id), computed once."""
        if sort not in self._orders:
            key = _sort_value(sort)
            self._orders[sort] = sorted(range(len(self.rows)), key=lambda i: key(self.rows[i]))
        return self._orders[sort]

    def _matcher(self, q: EventQuery) -> Callable[[_Row], bool]:
        tests: list[Callable[[_Row], bool]] = []
        if (c := _low(q.country)) is not None:
            tests.append(lambda r: r.country == c or r.iso == c)
        if (a1 := _low(q.admin1)) is not None:
            tests.append(lambda r: r.admin1 == a1)
        if (pl := _low(q.place)) is not None:
            ids = q.place_ids | ({int(pl)} if pl.isdigit() else set())
            tests.append(lambda r: r.location == pl or r.event.geonameid in ids)
        if q.bbox is not None:
            box = q.bbox
            tests.append(lambda r: box.contains(r.event.latitude, r.event.longitude))
        if (ac := _low(q.actor)) is not None:
            tests.append(lambda r: ac in r.actors)
        if (et := _low(q.event_type)) is not None:
            tests.append(lambda r: r.event_type == et)
        if (st := _low(q.sub_event_type)) is not None:
            tests.append(lambda r: r.sub_event_type == st)
        if q.since is not None:
            since = q.since
            tests.append(lambda r: r.event.event_date is not None and r.event.event_date >= since)
        if q.until is not None:
            until = q.until
            tests.append(lambda r: r.event.event_date is not None and r.event.event_date <= until)
        if q.fatalities_min is not None:
            lo = q.fatalities_min
            tests.append(lambda r: r.event.fatalities >= lo)
        if q.fatalities_max is not None:
            hi = q.fatalities_max
            tests.append(lambda r: r.event.fatalities <= hi)
        if (tx := _low(q.text)) is not None:
            tests.append(lambda r: tx in r.text)
        if q.ids:
            wanted = q.ids
            tests.append(lambda r: r.event.event_id in wanted)
        return lambda r: all(t(r) for t in tests)

    def query(
        self, q: EventQuery, *, sort: str = "event_date", descending: bool = False,
        offset: int = 0, limit: int = 50,
    ) -> Page:  # fmt: skip
        """One page of the events that match ``q``, sorted by ``sort`` (ties by event id)."""
        if sort not in SORT_KEYS:
            raise ValueError(f"unknown sort key {sort!r}; use one of {', '.join(SORT_KEYS)}")
        match = self._matcher(q)
        order = self._order(sort)
        if descending:
            order = order[::-1] if sort == "event_id" else _reverse_stable(order, self, sort)
        hits = [i for i in order if match(self.rows[i])]
        page = [self.rows[i].event for i in hits[offset : offset + limit]]
        return Page(total=len(hits), offset=offset, limit=limit, events=page)

    def confidence(self, event_id: str) -> float:
        row = self.by_id.get(event_id)
        return row.confidence if row else 0.0


def _reverse_stable(order: list[int], index: EventIndex, sort: str) -> list[int]:
    """Descending by the key, ties still by ascending event id."""
    cache_key = f"-{sort}"
    if cache_key not in index._orders:
        key = _sort_value(sort)
        rows = index.rows
        groups: list[list[int]] = []
        last: object = object()
        for i in order:
            k = key(rows[i])
            if not groups or k != last:
                groups.append([])
                last = k
            groups[-1].append(i)
        index._orders[cache_key] = [i for g in reversed(groups) for i in g]
    return index._orders[cache_key]
