"""Incremental resolution: new mentions join the stored events they can touch, and no others.

A run resolves only its new mentions. For each country they lie in, the stored events of the
time window they could join are read (an indexed query, not a scan of every event), seeded
into a :class:`~tadmor.resolve.merge.ClusterIndex` with their mentions and merge records, and
the new mentions are added. Only the events that changed are written back, with the control
periods of their places. Events keep their ids (the founding mention's); an event that a new
report shows to be the same happening as another is merged away, and its id is kept in the
absorbing event's ``merged_from`` (the change feed reports it). The cost of a run follows its
new mentions and their neighbourhood, not the size of the store.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from tadmor.model import ControlPeriod, Document, Event, EventMention
from tadmor.resolve.build import build_event
from tadmor.resolve.merge import (
    ClusterIndex,
    breadth,
    family,
    mention_span,
    merge_order,
    split_claims,
)
from tadmor.resolve.timeline import control_timeline
from tadmor.store.base import Store

_EVER = (date(1000, 1, 1), date(9999, 1, 1))  # every date, for a place's whole timeline


@dataclass(frozen=True, slots=True)
class ResolutionDelta:
    """What one incremental resolution wrote."""

    mentions: int  # new mentions resolved
    events_written: int  # events added or changed
    events_removed: tuple[str, ...]  # ids merged away
    claims: int
    neighbourhood: int  # stored events read to resolve them
    periods: int  # control periods rewritten


class StoreDocuments(Mapping[str, Document]):
    """Documents read from a store on first use, then kept."""

    def __init__(self, store: Store, preload: Sequence[Document] = ()) -> None:
        self._store = store
        self._cache: dict[str, Document | None] = {d.doc_id: d for d in preload}

    def __getitem__(self, doc_id: str) -> Document:
        if doc_id not in self._cache:
            self._cache[doc_id] = self._store.document(doc_id)
        doc = self._cache[doc_id]
        if doc is None:
            raise KeyError(doc_id)
        return doc

    def __iter__(self) -> Iterator[str]:
        return iter([k for k, v in self._cache.items() if v is not None])

    def __len__(self) -> int:
        return sum(1 for v in self._cache.values() if v is not None)


def resolve_incremental(
    store: Store,
    mentions: Sequence[EventMention],
    *,
    window_days: int,
    documents: Sequence[Document] = (),
) -> ResolutionDelta:
    """Merge ``mentions`` (already stored) into the store's events; see the module doc."""
    docs = StoreDocuments(store, documents)
    asserted, claims = split_claims(mentions)
    index = ClusterIndex(window_days=window_days, documents=docs)
    neighbours = _neighbourhood(store, asserted, docs, window_days)
    known: set[str] = set()
    if neighbours:
        stored = {m.mention_id: m for m in store.event_mentions(ids=
            [mid for e in neighbours for mid in e.mentions]
        )}  # fmt: skip
        pending = {m.mention_id for m in asserted}
        for e in neighbours:
            c = index.seed(e, [stored[mid] for mid in e.mentions if mid in stored])
            known.update(e.mentions)
            # a stored event holding a mention stored again (changed) is rebuilt from it
            c.changed = not pending.isdisjoint(e.mentions)
    fresh = [m for m in merge_order(asserted, docs) if m.mention_id not in known]
    for m in fresh:
        index.add(m)
    removed = tuple(sorted(c.event_id for c in index.clusters if c.dead))
    events = [build_event(c, docs) for c in index.clusters if c.changed and not c.dead]
    places, periods = _periods(store, events, removed)
    store.update_resolution(
        events=events, removed=removed, claims=claims, periods=periods, places=places
    )
    return ResolutionDelta(
        mentions=len(fresh),
        events_written=len(events),
        events_removed=removed,
        claims=len(claims),
        neighbourhood=len(neighbours),
        periods=len(periods),
    )


def _neighbourhood(
    store: Store,
    mentions: Sequence[EventMention],
    docs: Mapping[str, Document],
    window_days: int,
) -> list[Event]:
    """The stored events that new mentions could join: in their country, at their places
    (or naming only their region or country), dated within reach of the window."""

    @dataclass
    class Reach:
        lo: date
        hi: date
        gids: set[int]
        regions: set[str]
        fams: set[str]
        whole: bool = False

    reach: dict[str, Reach] = {}
    for m in mentions:
        span = mention_span(m, docs)
        if m.place is None or span is None:
            continue
        p = m.place
        r = reach.setdefault(p.country_code, Reach(span[0], span[1], set(), set(), set()))
        r.lo, r.hi = min(r.lo, span[0]), max(r.hi, span[1])
        r.gids.add(p.geonameid)
        r.fams.add(family(m))
        b = breadth(p)
        # a town: events there, and those naming only a region or the country (the store
        # gives those whatever the region); a region: every event in it
        if b == 1:
            r.regions.update(x for x in (p.name, p.admin1) if x)
        elif b == 2:
            r.whole = True
    if not reach:
        return []
    pad = timedelta(days=window_days)
    near = store.events_near(
        countries=sorted(reach),
        since=min(r.lo for r in reach.values()) - pad,
        until=max(r.hi for r in reach.values()) + pad,
        geonameids=sorted(g for r in reach.values() for g in r.gids),
        regions=sorted(x for r in reach.values() for x in r.regions),
        whole_countries=sorted(cc for cc, r in reach.items() if r.whole),
    )
    out: list[Event] = []
    for e in near:
        kind = "territory" if e.territorial or e.event_type == "Battles" else e.event_type
        if e.iso in reach and kind in reach[e.iso].fams:
            out.append(e)
    return out


def _periods(
    store: Store, changed: Sequence[Event], removed: Sequence[str]
) -> tuple[list[int], list[ControlPeriod]]:
    """The places whose control timeline the changed events touch, and their new periods."""
    gids = sorted({e.geonameid for e in changed if e.territorial and e.geonameid is not None})
    if not gids:
        return [], []
    by_id = {e.event_id: e for e in changed}
    gone = set(removed)
    per_place: dict[int, dict[str, Event]] = {gid: {} for gid in gids}
    stored = store.events_near(
        countries=sorted({e.iso for e in changed if e.geonameid in per_place}),
        since=_EVER[0],
        until=_EVER[1],
        geonameids=gids,
        territorial_only=True,
    )
    for e in stored:
        if e.geonameid in per_place and e.event_id not in gone:
            per_place[e.geonameid][e.event_id] = e
    for e in changed:
        if e.geonameid in per_place:
            per_place[e.geonameid][e.event_id] = by_id[e.event_id]
    events = [e for gid in gids for e in per_place[gid].values()]
    return gids, control_timeline(events)

