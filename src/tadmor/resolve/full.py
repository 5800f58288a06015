"""Merging every stored mention again, keeping the stored events' ids."""

from __future__ import annotations

from datetime import date

from tadmor.model import Claim, ControlPeriod, Document, Event
from tadmor.resolve.build import build_event
from tadmor.resolve.merge import ClusterIndex, merge_order, split_claims
from tadmor.resolve.timeline import control_timeline
from tadmor.store.base import Store


def resolve_all(
    store: Store, *, window_days: int
) -> tuple[list[Event], list[Claim], list[ControlPeriod]]:
    """Merge every stored mention, keeping the stored events' ids: a new event that holds an
    old event's founding mention takes that event's id, and the other old events it holds
    are recorded as merged away into it (``Event.merged_from``)."""
    docs: dict[str, Document] = {d.doc_id: d for d in store.documents()}
    asserted, claims = split_claims(store.event_mentions())
    index = ClusterIndex(window_days=window_days, documents=docs)
    for m in merge_order(asserted, docs):
        index.add(m)
    founders = {
        (e.merge_links[0].mention_id if e.merge_links else min(e.mentions, default="")): e
        for e in store.events()
    }
    for c in index.clusters:
        olds = [founders[m.mention_id] for m in c.mentions if m.mention_id in founders]
        if not olds:
            continue
        keep = olds[0]  # the earliest-merged founder's event keeps its id
        ids = {x for o in olds for x in (o.event_id, *o.merged_from)}
        c.event_id = keep.event_id
        c.merged_from = sorted(ids - {keep.event_id})
    events = [build_event(c, docs) for c in index.clusters if not c.dead]
    events.sort(key=lambda e: (e.event_date or date.min, e.event_id))
    return events, claims, control_timeline(events)
