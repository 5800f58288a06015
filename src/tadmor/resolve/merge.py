"""Cross-document merging: every report of one happening becomes one Event with all its sources.

Mentions that are not asserted as having happened (negated, hypothetical, near-miss, disputed,
...) become Claims instead, keeping their claimant.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from tadmor.actors import interaction_code, is_unidentified
from tadmor.model import (
    Claim,
    Document,
    Event,
    EventMention,
    Fatalities,
    FieldEvidence,
    Modality,
    Place,
    TimePrecision,
    stable_id,
)

TERRITORIAL_SUBS = frozenset(
    {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
    }
)


@dataclass
class _Cluster:
    mentions: list[EventMention] = field(default_factory=list)
    earliest: date | None = None
    latest: date | None = None

    @property
    def head(self) -> EventMention:
        return self.mentions[0]


def split_claims(mentions: Sequence[EventMention]) -> tuple[list[EventMention], list[Claim]]:
    """Asserted mentions (to be merged into events) and Claims for everything else.

    Asserted mentions with a claimant also get a Claim record, so the claimant is kept.
    """
    asserted: list[EventMention] = []
    claims: list[Claim] = []
    for m in mentions:
        if m.modality is Modality.ASSERTED:
            asserted.append(m)
        if m.modality is not Modality.ASSERTED or m.claimant:
            disputed = next((f.evidence for f in m.evidence if f.field == "disputed_by"), None)
            claims.append(
                Claim(
                    claim_id=stable_id(m.mention_id, prefix="clm_"),
                    mention=m,
                    modality=m.modality,
                    claimant=m.claimant,
                    disputed_by=disputed,
                )
            )
    claims.sort(key=lambda c: c.claim_id)
    return asserted, claims


def merge_mentions(
    mentions: Sequence[EventMention],
    *,
    documents: Mapping[str, Document],
    window_days: int = 3,
) -> tuple[list[Event], list[Claim]]:
    """Merge asserted mentions across documents; return events and claims, deterministically."""
    asserted, claims = split_claims(mentions)
    dated = [m for m in asserted if "undated" not in m.flags]
    undated = [m for m in asserted if "undated" in m.flags]
    dated.sort(key=lambda m: (_width(m), m.earliest or date.min, m.mention_id))
    clusters: list[_Cluster] = []
    for m in dated:
        target = next((c for c in clusters if _compatible(c, m, window_days)), None)
        if target is None:
            clusters.append(_Cluster([m], m.earliest, m.latest))
        else:
            target.mentions.append(m)
            _narrow(target, m)
    undated.sort(key=lambda m: m.mention_id)
    for m in undated:
        # an undated report of a change corroborates the latest matching dated one before it
        published = documents[m.doc_id].published if m.doc_id in documents else None
        fits = [
            c
            for c in clusters
            if c.head.place is not None
            and m.place is not None
            and all(_same_place(o.place, m.place) for o in c.mentions)
            and _family(c.head) == _family(m)
            and _actors_agree(c.mentions, m)
            and (published is None or (c.earliest or date.min) <= published)
        ]
        if fits:
            max(fits, key=lambda c: c.earliest or date.min).mentions.append(m)
        else:
            clusters.append(_Cluster([m], m.earliest, m.latest))
    events = [_event(c, documents) for c in clusters]
    events.sort(key=lambda e: (e.event_date or date.min, e.event_id))
    return events, claims


def _width(m: EventMention) -> int:
    if m.earliest is None or m.latest is None:
        return 10_000
    return (m.latest - m.earliest).days


def _family(m: EventMention) -> str:
    if m.territorial or m.sub_event_type in TERRITORIAL_SUBS:
        return "territory"
    if m.event_type == "Battles":
        return "territory"  # a battle at the place and time of a takeover is part of it
    return m.event_type


def _compatible(c: _Cluster, m: EventMention, window: int) -> bool:
    h = c.head
    if not all(_same_place(o.place, m.place) for o in c.mentions):
        return False
    if _family(h) != _family(m):
        return False
    if h.event_type != m.event_type and _family(h) != "territory":
        return False
    if not _overlap(c.earliest, c.latest, m.earliest, m.latest, window):
        return False
    return _actors_agree(c.mentions, m)


def _actors_agree(members: Sequence[EventMention], m: EventMention) -> bool:
    """Known takers must not be the other's losers; known actor1s must agree."""
    for o in members:
        if _same_sides(o, m):
            continue  # "A fought B" and "B attacked A": one clash, told from either side
        differ = o.actor1 != m.actor1 and o.actor1 not in m.assoc_actor_1.split("; ")
        unnamed = is_unidentified(o.actor1) or is_unidentified(m.actor1)
        both = bool(o.actor1 and m.actor1)
        if both and differ and m.actor1 not in o.assoc_actor_1.split("; ") and not unnamed:
            return False
        if o.actor1 and o.actor1 == m.actor2 and m.territorial and o.territorial:
            return False
        if m.actor1 and m.actor1 == o.actor2 and m.territorial and o.territorial:
            return False
    return True


def _same_sides(o: EventMention, m: EventMention) -> bool:
    """Two battle reports whose sides are the same actors in the other order."""
    if o.territorial or m.territorial or o.event_type != "Battles" or m.event_type != "Battles":
        return False
    return (
        bool(o.actor1 and m.actor1)
        and o.actor1 == m.actor2
        and (not o.actor2 or o.actor2 == m.actor1)
    )


def _breadth(p: Place) -> int:
    """0 a town or site, 1 a first-level region, 2 a country."""
    if p.feature_class != "A":
        return 0
    return 2 if p.feature_code.startswith("PCL") else 1


def _same_place(a: Place | None, b: Place | None) -> bool:
    """The same place, or one report names only the region or country the other's town is in.

    A headline's "Idlib" and the body's "Ariha, in Idlib province" are one happening.
    """
    if a is None or b is None:
        return False
    if a.geonameid == b.geonameid:
        return True
    big, small = (a, b) if _breadth(a) > _breadth(b) else (b, a)
    if _breadth(big) == _breadth(small) or big.country_code != small.country_code:
        return False
    if _breadth(big) == 2:
        return True
    return bool(small.admin1) and small.admin1 in (big.name, big.admin1)


def _overlap(a0: date | None, a1: date | None, b0: date | None, b1: date | None, w: int) -> bool:
    if a0 is None or a1 is None or b0 is None or b1 is None:
        return False
    pad = timedelta(days=w)
    return a0 - pad <= b1 and b0 - pad <= a1


def _narrow(c: _Cluster, m: EventMention) -> None:
    if c.earliest is None or c.latest is None or m.earliest is None or m.latest is None:
        return
    lo, hi = max(c.earliest, m.earliest), min(c.latest, m.latest)
    if lo <= hi:
        c.earliest, c.latest = lo, hi


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
    return max(counts, key=lambda v: (counts[v], -vals.index(v)))


def _event(c: _Cluster, documents: Mapping[str, Document]) -> Event:
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
    place = min(
        (m.place for m in ms if m.place is not None),
        key=lambda p: (_breadth(p), p.geonameid != (head.place.geonameid if head.place else 0)),
        default=None,
    )
    earliest, latest = c.earliest, c.latest
    by_report = all("undated" in m.flags or "dated_by_report" in m.flags for m in ms)
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
    if all("undated" in m.flags for m in ms):
        flags.add("undated")
    if place is None:
        flags.add("no_location")
    if all("location_from_context" in m.flags for m in ms if m.place is not None) and place:
        flags.add("location_from_context")
    if any(m.claimant for m in ms):
        flags.add("claimed")
    evidence: list[FieldEvidence] = []
    seen: set[tuple[str, str, int, int]] = set()
    # the mentions that decided the event's type come first (the control timeline cites them)
    for m in sorted(ms, key=lambda m: (m not in core, m.mention_id)):
        for f in m.evidence:
            key = (f.field, f.evidence.doc_id, f.evidence.start, f.evidence.end)
            if key not in seen:
                seen.add(key)
                evidence.append(f)
    notes = head.sentence.quote.strip()
    if len(notes) > 400:
        notes = notes[:397].rstrip() + "..."
    mention_ids = tuple(sorted(m.mention_id for m in ms))
    return Event(
        event_id=stable_id(*mention_ids, prefix="evt_"),
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
        mentions=mention_ids,
        evidence=tuple(evidence),
        territorial="gain" if territorial and actor1 else (head.territorial if territorial else ""),
        geonameid=place.geonameid if place else None,
        flags=tuple(sorted(flags)),
    )
