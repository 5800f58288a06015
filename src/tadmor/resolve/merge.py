"""Cross-document merging: every report of one happening becomes one Event with all its sources.

Mentions that are not asserted as having happened (negated, hypothetical, near-miss, disputed,
...) become Claims instead, keeping their claimant.

Two mentions merge only when their places are the same (or one names the region or country
the other's town lies in), their date ranges overlap within a window that follows both
mentions' time precision, they are the same kind of event (a territorial change never merges
with anything but a territorial change) and their actors agree. Clusters are found through an
index keyed by place cell, kind of event and week, so each mention is compared only with the
clusters it could join: merging is linear in the number of mentions, not quadratic. Every
merge is recorded as a :class:`~tadmor.model.MergeLink` (which member it joined, how far
apart, by which rule), and an event's id is that of its founding mention, so it stays the
same when later reports join it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from tadmor.actors import is_unidentified
from tadmor.geo import distance_km
from tadmor.model import (
    Claim,
    Document,
    Event,
    EventMention,
    MergeLink,
    Modality,
    Place,
    stable_id,
)

TERRITORIAL_SUBS = frozenset(
    {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
    }
)
BUCKET_DAYS = 7  # the time cell of the index
MAX_SPAN_DAYS = 62  # a mention dated more vaguely than this (a year, a season) merges with none


def event_id_for(founding_mention_id: str) -> str:
    """An event's id: that of its founding mention, so later reports leave it unchanged."""
    return stable_id(founding_mention_id, prefix="evt_")


@dataclass
class Cluster:
    """Mentions of one happening, as they are being merged."""

    event_id: str
    mentions: list[EventMention] = field(default_factory=list)
    links: list[MergeLink] = field(default_factory=list)
    earliest: date | None = None
    latest: date | None = None
    merged_from: list[str] = field(default_factory=list)
    # distinct places and actor signatures: checks cost what is distinct, not the member count
    places: dict[int, Place] = field(default_factory=dict)
    first_at: dict[int, EventMention] = field(default_factory=dict)
    sides: dict[tuple[str, str, str, str], EventMention] = field(default_factory=dict)
    kinds: dict[tuple[str, bool], EventMention] = field(default_factory=dict)
    docs: set[str] = field(default_factory=set)
    changed: bool = True
    dead: bool = False  # merged away into another cluster

    @property
    def head(self) -> EventMention:
        return self.mentions[0]

    def reps(self) -> list[EventMention]:
        """One mention per distinct place, actor signature and kind: all a check needs."""
        seen: dict[str, EventMention] = {}
        for group in (self.first_at, self.sides, self.kinds):
            for m in group.values():
                seen.setdefault(m.mention_id, m)
        return list(seen.values())

    def take(self, m: EventMention, link: MergeLink, span: tuple[date, date] | None) -> None:
        self.mentions.append(m)
        self.links.append(link)
        self.changed = True
        if m.place is not None:
            self.places.setdefault(m.place.geonameid, m.place)
            self.first_at.setdefault(m.place.geonameid, m)
        self.sides.setdefault((m.actor1, m.assoc_actor_1, m.actor2, m.territorial), m)
        self.kinds.setdefault((m.event_type, territorial(m)), m)
        self.docs.add(m.doc_id)
        if span is None:
            return
        if self.earliest is None or self.latest is None:
            self.earliest, self.latest = span
            return
        lo, hi = max(self.earliest, span[0]), min(self.latest, span[1])
        if lo <= hi:  # the more precise report narrows the date
            self.earliest, self.latest = lo, hi


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


def merge_order(
    mentions: Sequence[EventMention], documents: Mapping[str, Document]
) -> list[EventMention]:
    """Dated before undated, precise before vague, then by date and id: the order in which
    the founding mention of each event is chosen, independent of the input order."""

    def key(m: EventMention) -> tuple[bool, int, date, str]:
        span = mention_span(m, documents)
        width = (span[1] - span[0]).days if span else 10_000
        return ("undated" in m.flags, width, span[0] if span else date.min, m.mention_id)

    return sorted(mentions, key=key)


def mention_span(m: EventMention, documents: Mapping[str, Document]) -> tuple[date, date] | None:
    """The days a mention may refer to: its own range, else the week before its report."""
    if m.earliest is not None and m.latest is not None:
        return (m.earliest, m.latest)
    doc = documents.get(m.doc_id)
    if doc is not None and doc.published is not None:
        return (doc.published - timedelta(days=7), doc.published)
    return None


def territorial(m: EventMention) -> bool:
    return bool(m.territorial) or m.sub_event_type in TERRITORIAL_SUBS


def family(m: EventMention) -> str:
    """The index cell's kind of event: territorial changes with the battles they end."""
    if territorial(m) or m.event_type == "Battles":
        return "territory"
    return m.event_type


def _kind_fits(c: Cluster, m: EventMention) -> bool:
    """A mention is of the cluster's kind of event: the same event type, or a territorial
    change joining one (reported once as a battle, once as a strategic development). A
    territorial change never merges with another type of event: a clash at a town is part
    of its fall (ACLED codes both as Battles), a protest or an air strike there is not."""
    changes = any(t for _, t in c.kinds)
    if territorial(m):
        return changes or all(et == "Battles" for et, _ in c.kinds)
    if changes:
        return m.event_type == "Battles"
    return all(et == m.event_type for et, _ in c.kinds)


class ClusterIndex:
    """Clusters indexed by (kind of event, place cell, week): adding a mention looks only at
    the clusters it could join, so merging n mentions costs about n lookups."""

    def __init__(self, *, window_days: int, documents: Mapping[str, Document]) -> None:
        self.window_days = window_days
        self.documents = documents
        self.clusters: list[Cluster] = []
        self._cells: dict[tuple[str, tuple[object, ...], int], list[int]] = {}
        self._order: dict[str, int] = {}  # event id -> position in self.clusters

    def seed(self, event: Event, mentions: Sequence[EventMention]) -> Cluster:
        """An existing event, with its mentions and links as stored: it keeps its id."""
        by_id = {m.mention_id: m for m in mentions}
        c = Cluster(event_id=event.event_id, merged_from=list(event.merged_from), changed=False)
        links = {lk.mention_id: lk for lk in event.merge_links}
        order = [lk.mention_id for lk in event.merge_links if lk.mention_id in by_id]
        order += sorted(set(by_id) - set(order))
        for mid in order:
            m = by_id[mid]
            rule = "stored" if c.mentions else "founding"
            link = links.get(mid) or MergeLink(mention_id=mid, rule=rule)
            c.take(m, link, mention_span(m, self.documents))
        c.changed = False
        self._register(c)
        return c

    def add(self, m: EventMention) -> Cluster:
        """Put a mention into the first cluster it is compatible with, else found a new one."""
        span = mention_span(m, self.documents)
        fits: list[Cluster] = []
        if span is not None and m.place is not None and (span[1] - span[0]).days <= MAX_SPAN_DAYS:
            fits = [c for c in self._candidates(m, span) if self._fits(c, m, span)]
        if not fits or span is None:
            c = Cluster(event_id=event_id_for(m.mention_id))
            c.take(m, MergeLink(mention_id=m.mention_id, rule="founding"), span)
            self._register(c)
            return c
        target = fits[0]
        target.take(m, self._link(target, m, span), span)
        self._register(target, only=m)
        for other in fits[1:]:
            # the new report bridges two events that are one happening: the later founded
            # one is merged away into the first, and its id is kept in merged_from
            if all(self._fits(target, o, mention_span(o, self.documents)) for o in other.reps()):
                self._absorb(target, other, via=m)
        return target

    def _absorb(self, target: Cluster, other: Cluster, *, via: EventMention) -> None:
        target.merged_from.extend([other.event_id, *other.merged_from])
        for o, link in zip(other.mentions, other.links, strict=True):
            if link.rule == "founding":
                link = MergeLink(
                    mention_id=o.mention_id, rule="merged_event", joined=via.mention_id
                )
            target.take(o, link, mention_span(o, self.documents))
            self._register(target, only=o)
        other.mentions, other.links, other.dead = [], [], True

    # --- the index ------------------------------------------------------------------

    def _register(self, c: Cluster, only: EventMention | None = None) -> None:
        if c.event_id not in self._order:
            self._order[c.event_id] = len(self.clusters)
            self.clusters.append(c)
        pos = self._order[c.event_id]
        for m in [only] if only is not None else c.mentions:
            span = mention_span(m, self.documents)
            if m.place is None or span is None:
                continue
            for key in _publish_keys(m.place):
                for b in self._buckets(span):
                    cell = self._cells.setdefault((family(m), key, b), [])
                    if not cell or cell[-1] != pos:
                        cell.append(pos)

    def _buckets(self, span: tuple[date, date]) -> range:
        if self.window_days > MAX_SPAN_DAYS:
            return range(1)  # a window wider than any span: time does not partition clusters
        pad = self.window_days
        lo = (span[0].toordinal() - pad) // BUCKET_DAYS
        hi = (span[1].toordinal() + pad) // BUCKET_DAYS
        return range(lo, min(hi, lo + MAX_SPAN_DAYS // BUCKET_DAYS + 2) + 1)

    def _candidates(self, m: EventMention, span: tuple[date, date]) -> Iterator[Cluster]:
        assert m.place is not None
        fam = family(m)
        found: set[int] = set()
        for key in _query_keys(m.place):
            for b in self._buckets(span):
                found.update(self._cells.get((fam, key, b), ()))
        for pos in sorted(found):  # the earliest founded cluster first, as a scan would
            if not self.clusters[pos].dead:
                yield self.clusters[pos]

    def _fits(self, c: Cluster, m: EventMention, span: tuple[date, date] | None) -> bool:
        if c.dead or span is None or c.earliest is None or c.latest is None:
            return False
        pad = timedelta(days=self.window_days)
        if not (c.earliest - pad <= span[1] and span[0] - pad <= c.latest):
            return False
        if not _kind_fits(c, m):
            return False
        if not all(same_place(p, m.place) for p in c.places.values()):
            return False
        if m.doc_id not in c.docs and _country_vs_town(c.places.values(), m.place):
            return False
        return actors_agree(c.sides.values(), m)

    def _link(self, c: Cluster, m: EventMention, span: tuple[date, date]) -> MergeLink:
        assert m.place is not None
        other = c.first_at.get(m.place.geonameid) or next(
            (o for o in c.mentions if o.place is not None), c.head
        )
        rule = "same_place"
        km = None
        if other.place is not None:
            km = round(
                distance_km(
                    other.place.latitude, other.place.longitude,
                    m.place.latitude, m.place.longitude,
                ),
                1,
            )  # fmt: skip
            if other.place.geonameid != m.place.geonameid:
                wide = max(breadth(other.place), breadth(m.place))
                rule = "place_in_country" if wide == 2 else "place_in_region"
        ospan = mention_span(other, self.documents)
        days = None
        if ospan is not None:
            days = max(0, (span[0] - ospan[1]).days, (ospan[0] - span[1]).days)
        return MergeLink(
            mention_id=m.mention_id,
            rule=rule,
            joined=other.mention_id,
            km=km,
            days=days,
            window_days=self.window_days,
        )


def _publish_keys(p: Place) -> list[tuple[object, ...]]:
    """The cells a place is found under: itself, what contains it, its country."""
    keys: list[tuple[object, ...]] = [("g", p.geonameid), ("any", p.country_code)]
    b = breadth(p)
    if b == 0 and p.admin1:
        keys.append(("in", p.country_code, p.admin1))
    elif b == 1:
        keys.append(("reg", p.country_code, p.name))
        if p.admin1 and p.admin1 != p.name:
            keys.append(("reg", p.country_code, p.admin1))
    elif b == 2:
        keys.append(("country", p.country_code))
    return keys


def _query_keys(p: Place) -> list[tuple[object, ...]]:
    """The cells holding every place :func:`same_place` may accept with ``p``."""
    keys: list[tuple[object, ...]] = [("g", p.geonameid), ("country", p.country_code)]
    b = breadth(p)
    if b == 0 and p.admin1:
        keys.append(("reg", p.country_code, p.admin1))
    elif b == 1:
        keys.append(("in", p.country_code, p.name))
        if p.admin1 and p.admin1 != p.name:
            keys.append(("in", p.country_code, p.admin1))
    elif b == 2:
        keys.append(("any", p.country_code))
    return keys


def _country_vs_town(places: Iterable[Place], p: Place | None) -> bool:
    """One side names only the country, the other a place in it. Within one report that is
    the headline and its body; across reports "in Libya" says too little to be the same
    happening as one in a given town."""
    if p is None:
        return False
    places = list(places)
    if breadth(p) == 2:
        return any(breadth(q) < 2 for q in places)
    if any(q.geonameid == p.geonameid for q in places):
        return False  # the very town is already in the event
    return any(breadth(q) == 2 for q in places)


def actors_agree(members: Iterable[EventMention], m: EventMention) -> bool:
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


def breadth(p: Place) -> int:
    """0 a town or site, 1 a first-level region, 2 a country."""
    if p.feature_class != "A":
        return 0
    return 2 if p.feature_code.startswith("PCL") else 1


def same_place(a: Place | None, b: Place | None) -> bool:
    """The same place, or one report names only the region or country the other's town is in.

    A headline's "Idlib" and the body's "Ariha, in Idlib province" are one happening.
    """
    if a is None or b is None:
        return False
    if a.geonameid == b.geonameid:
        return True
    big, small = (a, b) if breadth(a) > breadth(b) else (b, a)
    if breadth(big) == breadth(small) or big.country_code != small.country_code:
        return False
    if breadth(big) == 2:
        return True
    return bool(small.admin1) and small.admin1 in (big.name, big.admin1)
