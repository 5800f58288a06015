"""The read API: events with ACLED's filters, one event with its sources, the control
timeline, claims, autocompletion, documents with their evidence spans, and the change feed."""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Response

from tadmor.api.deps import get_state
from tadmor.api.index import SORT_KEYS, BBox, EventQuery
from tadmor.api.schemas import (
    ChangeOut,
    ChangesOut,
    ClaimOut,
    ClaimPage,
    DocumentAccepted,
    DocumentOut,
    EventDetail,
    EventOut,
    EventPage,
    EvidenceOut,
    FacetsOut,
    FieldEvidenceOut,
    MentionOut,
    NameCount,
    PeriodOut,
    SpanOut,
)
from tadmor.api.state import ApiState
from tadmor.model import Event, EventMention
from tadmor.store import export_events, to_json

router = APIRouter(prefix="/api", tags=["read"])
State = Annotated[ApiState, Depends(get_state)]


def _bbox(text: str | None) -> BBox | None:
    if not text:
        return None
    try:
        w, s, e, n = (float(x) for x in text.split(","))
    except ValueError as exc:
        raise HTTPException(
            422, "bbox must be four numbers: west,south,east,north (degrees)"
        ) from exc
    if not (-90 <= s <= n <= 90 and -180 <= w <= 180 and -180 <= e <= 180):
        raise HTTPException(422, "bbox out of range: west,south,east,north with south <= north")
    return BBox(west=w, south=s, east=e, north=n)


def _query(
    state: ApiState,
    country: str | None,
    admin1: str | None,
    place: str | None,
    bbox: str | None,
    actor: str | None,
    event_type: str | None,
    sub_event_type: str | None,
    since: date | None,
    until: date | None,
    fatalities_min: int | None,
    fatalities_max: int | None,
    q: str | None,
) -> EventQuery:
    return EventQuery(
        country=country, admin1=admin1, place=place,
        place_ids=state.place_ids(place) if place else frozenset(), bbox=_bbox(bbox),
        actor=actor, event_type=event_type, sub_event_type=sub_event_type, since=since,
        until=until, fatalities_min=fatalities_min, fatalities_max=fatalities_max, text=q,
    )  # fmt: skip


def _out(state: ApiState, e: Event) -> EventOut:
    return EventOut.of(e, confidence=state.index().confidence(e.event_id))


def _export_body(events: list[Event], fmt: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = export_events(events, path=Path(tmp) / f"events.{fmt}", fmt=fmt)
        return path.read_text(encoding="utf-8")


SortKey = Literal[
    "event_date", "-event_date", "fatalities", "-fatalities", "country", "-country",
    "admin1", "-admin1", "location", "-location", "event_type", "-event_type",
    "sub_event_type", "-sub_event_type", "actor1", "-actor1", "actor2", "-actor2",
    "sources", "-sources", "confidence", "-confidence", "event_id", "-event_id",
]  # fmt: skip
assert {k.lstrip("-") for k in SortKey.__args__} == set(SORT_KEYS)  # type: ignore[attr-defined]


@router.get(
    "/events",
    response_model=EventPage,
    responses={200: {"content": {"text/csv": {}, "application/geo+json": {}}}},
)
def list_events(
    state: State,
    country: Annotated[str | None, Query(description="country name or ISO2")] = None,
    admin1: str | None = None,
    place: Annotated[str | None, Query(description="any name of the place, or its GeoNames id")] = None,  # noqa: E501
    bbox: Annotated[str | None, Query(description="west,south,east,north")] = None,
    actor: Annotated[str | None, Query(description="part of an actor's name")] = None,
    event_type: str | None = None,
    sub_event_type: str | None = None,
    since: date | None = None,
    until: date | None = None,
    fatalities_min: Annotated[int | None, Query(ge=0)] = None,
    fatalities_max: Annotated[int | None, Query(ge=0)] = None,
    q: Annotated[str | None, Query(description="text in the evidence or notes")] = None,
    sort: SortKey = "event_date",
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 50,
    format: Literal["json", "csv", "geojson"] = "json",
) -> Any:
    """Events matching ACLED's filters, one page at a time, as JSON, CSV or GeoJSON."""
    query = _query(
        state, country, admin1, place, bbox, actor, event_type, sub_event_type, since, until,
        fatalities_min, fatalities_max, q,
    )  # fmt: skip
    index = state.index()
    page = index.query(
        query, sort=sort.lstrip("-"), descending=sort.startswith("-"), offset=offset, limit=limit
    )
    if format != "json":
        media = "text/csv; charset=utf-8" if format == "csv" else "application/geo+json"
        return Response(
            _export_body(page.events, format),
            media_type=media,
            headers={"X-Total-Count": str(page.total)},
        )
    return EventPage(
        total=page.total, offset=page.offset, limit=page.limit,
        items=[EventOut.of(e, confidence=index.confidence(e.event_id)) for e in page.events],
    )  # fmt: skip


_RULES = {
    "founding": "the founding mention (the event's id comes from it)",
    "same_place": "the same place",
    "place_in_region": "a place within the other's region",
    "place_in_country": "the country of the other's place",
    "merged_event": "came with an event merged into this one",
}


def _link_reason(link: dict[str, Any]) -> str:
    rule = str(link.get("rule", ""))
    head = f"mention {link.get('mention_id', '?')}: "
    if rule == "founding" or not link.get("joined"):
        return head + _RULES.get(rule, rule)
    km, days = link.get("km"), link.get("days")
    return head + (
        f"joined mention {link['joined']}: {_RULES.get(rule, rule)}, "
        f"{'distance unknown' if km is None else f'{km:g} km apart'}, "
        f"{'no dates' if days is None else f'dates {days} days apart'} "
        f"(window {link.get('window_days', 0)} days)"
    )


def _merge_reasons(record: dict[str, Any], e: Event, mentions: list[EventMention]) -> list[str]:
    """Why the mentions form one event: the resolver's merge records when the event has them
    (one line per mention, and the events merged away into it), else what they share."""
    links = record.get("merge_links") or []
    reasons = [_link_reason(link) for link in links if isinstance(link, dict)]
    if record.get("merged_from"):
        reasons.append("events merged away into it: " + ", ".join(map(str, record["merged_from"])))
    if reasons:
        return reasons
    if len(mentions) < 2:
        return ["one report only"]
    docs = {m.doc_id for m in mentions}
    return [
        f"{len(mentions)} mentions from {len(docs)} document(s) share the sub-event type "
        f"{e.sub_event_type!r}, the place {e.location or 'unknown'!r} and dates within the "
        "merge window"
    ]


@router.get("/events/{event_id}", response_model=EventDetail)
def get_event(event_id: str, state: State) -> EventDetail:
    """One event: every source mention, the evidence of each field, why the mentions merged."""
    e = state.index().get(event_id)
    if e is None:
        raise HTTPException(404, f"no event {event_id!r}")
    mentions = state.store.event_mentions(ids=list(e.mentions))
    docs = {d: state.store.document(d) for d in {m.doc_id for m in mentions}}
    record = to_json(e)
    return EventDetail(
        event=_out(state, e),
        evidence=[FieldEvidenceOut.of(fe) for fe in e.evidence],
        mentions=[MentionOut.of(m, docs.get(m.doc_id)) for m in mentions],
        merge=_merge_reasons(record, e, mentions),
        record=record,
        corrections=state.corrections_of(event_id),
    )


@router.get("/timeline", response_model=list[PeriodOut])
def timeline(
    state: State,
    place: Annotated[str | None, Query(description="any name of the place, or its GeoNames id")] = None,  # noqa: E501
    day: Annotated[date | None, Query(description="only the periods that cover this day")] = None,
) -> list[PeriodOut]:
    """Who held which place, from when to when, on what evidence."""
    periods = state.store.control_periods()
    if place:
        key = place.strip().lower()
        ids = state.place_ids(place) | ({int(key)} if key.isdigit() else set())
        periods = [p for p in periods if p.place.lower() == key or p.geonameid in ids]
    if day is not None:
        periods = [
            p for p in periods
            if (p.start is None or p.start <= day) and (p.end is None or day < p.end)
        ]  # fmt: skip
    coords = state.coordinates()
    return [PeriodOut.of(p, coords.get(p.geonameid)) for p in periods]


@router.get("/claims", response_model=ClaimPage)
def claims(
    state: State,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
) -> ClaimPage:
    """Reports not coded as events (negated, hypothetical, disputed...), with their claimants."""
    all_claims = state.store.claims()
    page = all_claims[offset : offset + limit]
    docs = {d: state.store.document(d) for d in {c.mention.doc_id for c in page}}
    return ClaimPage(
        total=len(all_claims), offset=offset, limit=limit,
        items=[
            ClaimOut(
                claim_id=c.claim_id, modality=c.modality.value,
                claimant=c.claimant or c.mention.claimant,
                mention=MentionOut.of(c.mention, docs.get(c.mention.doc_id)),
                disputed_by=EvidenceOut.of(c.disputed_by) if c.disputed_by else None,
            )
            for c in page
        ],
    )  # fmt: skip


@lru_cache(maxsize=200_000)
def _folded(s: str) -> str:
    from unidecode import unidecode

    return unidecode(s).lower()


def _complete(counts: Counter[str], detail: dict[str, str], q: str, limit: int) -> list[NameCount]:
    """Names that contain ``q`` (accents and case aside), those starting with it first, then
    the most frequent."""
    key = _folded(q.strip())
    names = [n for n in counts if n and (not key or key in _folded(n))]
    names.sort(key=lambda n: (not _folded(n).startswith(key), -counts[n], n))
    return [NameCount(name=n, count=counts[n], detail=detail.get(n, "")) for n in names[:limit]]


@router.get("/places", response_model=list[NameCount])
def places(
    state: State, q: str = "", limit: Annotated[int, Query(ge=1, le=1000)] = 20
) -> list[NameCount]:
    """Places of events whose name contains ``q`` (accents and case aside)."""
    counts, detail = state.index().counts("places")
    return _complete(counts, detail, q, limit)


@router.get("/actors", response_model=list[NameCount])
def actors(
    state: State, q: str = "", limit: Annotated[int, Query(ge=1, le=1000)] = 20
) -> list[NameCount]:
    """Actors of events whose name contains ``q``, most frequent first."""
    counts, _ = state.index().counts("actors")
    return _complete(counts, {}, q, limit)


@router.get("/documents/{doc_id}", response_model=DocumentOut)
def get_document(doc_id: str, state: State) -> DocumentOut:
    """A document's text and the spans of it that events and mentions rest on."""
    doc = state.store.document(doc_id)
    if doc is None:
        job = state.jobs.get(doc_id)
        detail = f" (upload {job.status}{': ' + job.detail if job.detail else ''})" if job else ""
        raise HTTPException(404, f"no document {doc_id!r}{detail}")
    spans: dict[tuple[int, int, str, str | None, str | None], None] = {}
    for m in state.store.event_mentions(doc_id=doc_id):
        spans[(m.trigger.start, m.trigger.end, "trigger", None, m.mention_id)] = None
        for fe in m.evidence:
            if fe.evidence.doc_id == doc_id:
                spans[(fe.evidence.start, fe.evidence.end, fe.field, None, m.mention_id)] = None
    for e in state.events_of_document(doc_id):
        for fe in e.evidence:
            if fe.evidence.doc_id == doc_id:
                spans[(fe.evidence.start, fe.evidence.end, fe.field, e.event_id, None)] = None
    return DocumentOut(
        doc_id=doc.doc_id, title=doc.title, url=doc.url, source=doc.source, origin=doc.origin,
        published=doc.published, date_source=doc.date_source.value, flags=list(doc.flags),
        text=doc.text,
        spans=[
            SpanOut(start=s, end=t, field=f, event_id=ev, mention_id=mi)
            for s, t, f, ev, mi in sorted(spans, key=lambda k: (k[0], k[1], k[2], k[3] or ""))
        ],
    )  # fmt: skip


@router.get("/changes", response_model=ChangesOut)
def changes(
    state: State,
    since: Annotated[
        datetime | None, Query(description="ISO time; omitted: every change recorded")
    ] = None,
) -> ChangesOut:
    """Events added, changed, merged away or deleted since a time, oldest first."""
    now, items = state.changes(since)
    return ChangesOut(
        since=since.isoformat() if since else None,
        until=now,
        items=[ChangeOut(**i) for i in items],
    )


@router.get("/facets", response_model=FacetsOut)
def facets(state: State) -> FacetsOut:
    """What the filters can take: event types and their sub-types, countries, date range."""
    subs: dict[str, set[str]] = {}
    countries: set[str] = set()
    dates = []
    for e in state.index().events():
        if e.event_type:
            subs.setdefault(e.event_type, set()).add(e.sub_event_type)
        if e.country:
            countries.add(e.country)
        if e.event_date is not None:
            dates.append(e.event_date)
    return FacetsOut(
        event_types=sorted(subs),
        sub_event_types={k: sorted(v - {""}) for k, v in sorted(subs.items())},
        countries=sorted(countries),
        first=min(dates) if dates else None,
        last=max(dates) if dates else None,
        writable=state.config.token is not None,
    )


@router.get("/jobs/{doc_id}", response_model=DocumentAccepted)
def job_status(doc_id: str, state: State) -> DocumentAccepted:
    """Where the analysis of an uploaded document stands."""
    job = state.jobs.get(doc_id)
    if job is None:
        if state.store.has_document(doc_id):
            return DocumentAccepted(doc_id=doc_id, status="exists")
        raise HTTPException(404, f"no upload {doc_id!r}")
    return DocumentAccepted(doc_id=doc_id, status=job.status, detail=job.detail)  # type: ignore[arg-type]
