"""One Event from a cluster of mentions: ACLED's fields, the merge record and a confidence."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date

from tadmor.actors import interaction_code, is_unidentified
from tadmor.model import (
    Claim,
    Document,
    Event,
    EventMention,
    Fatalities,
    FieldEvidence,
    TimePrecision,
)
from tadmor.resolve.merge import Cluster, ClusterIndex, breadth, merge_order, split_claims

DEFAULT_MENTION_CONFIDENCE = 0.5  # a mention the extractor gave no confidence


def _precision(earliest: date | None, latest: date | None) -> TimePrecision:
    if earliest is None or latest is None:
        return TimePrecision.MONTH
    days = (latest - earliest).days
    if days == 0:
        return TimePrecision.DAY
    if days <= 7:
        return TimePrecision.WEEK
    return TimePrecision.MONTH


def _most_common(values: Sequence[str]) -> str:
    vals = [v for v in values if v]
    named = [v for v in vals if not is_unidentified(v)]
    vals = named or vals
    if not vals:
        return ""
    counts = Counter(vals)
    first: dict[str, int] = {}
    for i, v in enumerate(vals):
        first.setdefault(v, i)
    return max(counts, key=lambda v: (counts[v], -first[v]))


def event_confidence(
    mentions: Sequence[EventMention],
    documents: Mapping[str, Document],
    flags: set[str],
) -> float:
    """How much to trust an event, 0..1.

    Each independent source (outlet, else document) counts once, with the best confidence of
    its mentions; sources combine as independent witnesses (1 - prod(1 - c)). An event no
    source states in its own voice (every report attributes it to a claimant) is discounted,
    as are events with no place or dated only by their report.
    """
    best: dict[str, float] = {}
    for m in mentions:
        doc = documents.get(m.doc_id)
        source = doc.source if doc is not None and doc.source else m.doc_id
        c = m.confidence if m.confidence > 0 else DEFAULT_MENTION_CONFIDENCE
        best[source] = max(best.get(source, 0.0), min(c, 0.99))
    doubt = 1.0
    for c in best.values():
        doubt *= 1.0 - c
    conf = 1.0 - doubt
    if "claimed" in flags and all(m.claimant for m in mentions):
        conf *= 0.8
    if "no_location" in flags:
        conf *= 0.7
    if "undated" in flags:
        conf *= 0.8
    return round(conf, 3)


def build_event(c: Cluster, documents: Mapping[str, Document]) -> Event:
    """The Event of a cluster; its id is the cluster's (that of its founding mention)."""
    ms = c.mentions
    territorial = [m for m in ms if m.territorial == "gain"] or [m for m in ms if m.territorial]
    core = territorial or ms
    head = core[0]
    # a report that names both sides weighs double: "A clashed with B" over "B fighters died"
    actor1 = _most_common([m.actor1 for m in core if m.actor2] + [m.actor1 for m in core])
    actor2 = _most_common([m.actor2 for m in core if m.actor2 != actor1])
    if not actor2:
        actor2 = _most_common([m.actor2 for m in ms if m.actor2 != actor1])
    assoc1 = sorted({a for m in core for a in m.assoc_actor_1.split("; ") if a and a != actor1})
    assoc2 = sorted({a for m in core for a in m.assoc_actor_2.split("; ") if a and a != actor2})
    inter = {m.actor1: m.inter1 for m in ms if m.actor1} | {
        m.actor2: m.inter2 for m in ms if m.actor2
    }
    inter1, inter2 = inter.get(actor1, 0), inter.get(actor2, 0)
    event_type = _most_common([m.event_type for m in core])
    subs = [m.sub_event_type for m in core if m.event_type == event_type]
    sub = _most_common(subs)
    if core is territorial and actor1:
        sub = (
            "Government regains territory" if inter1 == 1 else "Non-state actor overtakes territory"
        )
        if head.sub_event_type == "Non-violent transfer of territory" and all(
            m.sub_event_type == head.sub_event_type for m in core
        ):
            sub = head.sub_event_type
    # the most specific place any report gives ("Ariha" over "Idlib province" over "Syria")
    head_gid = head.place.geonameid if head.place else 0
    place = min(
        (m.place for m in ms if m.place is not None),
        key=lambda p: (breadth(p), p.geonameid != head_gid),
        default=None,
    )
    all_undated = all("undated" in m.flags for m in ms)
    by_report = all("undated" in m.flags or "dated_by_report" in m.flags for m in ms)
    earliest, latest = c.earliest, c.latest
    if earliest is not None and latest is not None and by_report:
        earliest = latest  # dated by the publication only: the report's date, low precision
    precision = _precision(c.earliest, c.latest)
    if by_report:
        precision = max(m.time_precision for m in ms)  # as sure as the clauses' tenses allow
    per_doc: dict[str, int] = {}
    for m in ms:
        if m.fatalities is not None:
            per_doc[m.doc_id] = min(per_doc.get(m.doc_id, m.fatalities), m.fatalities)
    figures = sorted(per_doc.values())
    fat_range = (
        Fatalities(low=figures[0], best=int(statistics.median_low(figures)), high=figures[-1])
        if figures
        else Fatalities()
    )
    doc_ids = sorted({m.doc_id for m in ms})
    outlets = sorted(
        {documents[d].source or documents[d].origin for d in doc_ids if d in documents}
    )
    flags: set[str] = set()
    if all_undated:
        flags.add("undated")
    elif by_report:
        flags.add("dated_by_report")
    if place is None:
        flags.add("no_location")
    if all("location_from_context" in m.flags for m in ms if m.place is not None) and place:
        flags.add("location_from_context")
    if any(m.claimant for m in ms):
        flags.add("claimed")
    evidence: list[FieldEvidence] = []
    seen: set[tuple[str, str, int, int]] = set()
    core_ids = {m.mention_id for m in core}
    # the mentions that decided the event's type come first (the control timeline cites them)
    for m in sorted(ms, key=lambda m: (m.mention_id not in core_ids, m.mention_id)):
        for f in m.evidence:
            key = (f.field, f.evidence.doc_id, f.evidence.start, f.evidence.end)
            if key not in seen:
                seen.add(key)
                evidence.append(f)
    notes = head.sentence.quote.strip()
    if len(notes) > 400:
        notes = notes[:397].rstrip() + "..."
    holder = _most_common([m.prior_holder for m in core if m.prior_holder and m.territorial])
    cue = next(
        (
            f.evidence.quote
            for m in core
            if m.prior_holder == holder
            for f in m.evidence
            if f.field == "prior_holder"
        ),
        "",
    )
    return Event(
        event_id=c.event_id,
        event_date=earliest,
        time_precision=precision,
        event_type=event_type,
        sub_event_type=sub,
        actor1=actor1,
        assoc_actor_1="; ".join(assoc1),
        inter1=inter1,
        actor2=actor2,
        assoc_actor_2="; ".join(assoc2),
        inter2=inter2,
        interaction=interaction_code(inter1, inter2),
        civilian_targeting=event_type == "Violence against civilians" or inter2 == 7,
        location=place.name if place else "",
        admin1=place.admin1 if place else "",
        country=place.country if place else "",
        iso=place.country_code if place else "",
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        geo_precision=min((m.geo_precision for m in ms if m.place is not None), default=0),
        fatalities=fat_range.low or 0,
        fatalities_range=fat_range,
        notes=notes,
        sources=tuple(doc_ids),
        source_names=tuple(outlets),
        mentions=tuple(sorted(m.mention_id for m in ms)),
        evidence=tuple(evidence),
        territorial="gain" if territorial and actor1 else (head.territorial if territorial else ""),
        geonameid=place.geonameid if place else None,
        flags=tuple(sorted(flags)),
        merge_links=tuple(c.links),
        merged_from=tuple(sorted(set(c.merged_from))),
        confidence=event_confidence(ms, documents, flags),
        prior_holder=holder if holder != actor1 else "",
        prior_holder_cue=cue if holder and holder != actor1 else "",
    )


def merge_mentions(
    mentions: Sequence[EventMention],
    *,
    documents: Mapping[str, Document],
    window_days: int = 3,
) -> tuple[list[Event], list[Claim]]:
    """Merge asserted mentions across documents; return events and claims, deterministically."""
    asserted, claims = split_claims(mentions)
    index = ClusterIndex(window_days=window_days, documents=documents)
    for m in merge_order(asserted, documents):
        index.add(m)
    events = [build_event(c, documents) for c in index.clusters if not c.dead]
    events.sort(key=lambda e: (e.event_date or date.min, e.event_id))
    return events, claims
