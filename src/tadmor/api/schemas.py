"""Typed request and response bodies of the API (pydantic), and their builders."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tadmor.model import ControlPeriod, Document, Event, EventMention, Evidence, FieldEvidence


class EvidenceOut(BaseModel):
    doc_id: str
    start: int
    end: int
    quote: str

    @staticmethod
    def of(ev: Evidence) -> EvidenceOut:
        return EvidenceOut(doc_id=ev.doc_id, start=ev.start, end=ev.end, quote=ev.quote)


class FieldEvidenceOut(BaseModel):
    field: str
    evidence: EvidenceOut

    @staticmethod
    def of(fe: FieldEvidence) -> FieldEvidenceOut:
        return FieldEvidenceOut(field=fe.field, evidence=EvidenceOut.of(fe.evidence))


class EventOut(BaseModel):
    """An event in ACLED's fields, with Tadmor's own next to them."""

    event_id: str
    event_date: date | None
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    assoc_actor_1: str
    inter1: int
    actor2: str
    assoc_actor_2: str
    inter2: int
    interaction: int
    civilian_targeting: bool
    location: str
    admin1: str
    country: str
    iso: str
    latitude: float | None
    longitude: float | None
    geo_precision: int
    geonameid: int | None
    fatalities: int
    fatalities_low: int | None
    fatalities_high: int | None
    notes: str
    sources: list[str]
    source_names: list[str]
    flags: list[str]
    confidence: float
    corrected: bool = False

    @staticmethod
    def of(e: Event, *, confidence: float, corrected: bool = False) -> EventOut:
        return EventOut(
            event_id=e.event_id, event_date=e.event_date, time_precision=int(e.time_precision),
            event_type=e.event_type, sub_event_type=e.sub_event_type, actor1=e.actor1,
            assoc_actor_1=e.assoc_actor_1, inter1=e.inter1, actor2=e.actor2,
            assoc_actor_2=e.assoc_actor_2, inter2=e.inter2, interaction=e.interaction,
            civilian_targeting=e.civilian_targeting, location=e.location, admin1=e.admin1,
            country=e.country, iso=e.iso, latitude=e.latitude, longitude=e.longitude,
            geo_precision=e.geo_precision, geonameid=e.geonameid, fatalities=e.fatalities,
            fatalities_low=e.fatalities_range.low, fatalities_high=e.fatalities_range.high,
            notes=e.notes, sources=list(e.sources), source_names=list(e.source_names),
            flags=list(e.flags), confidence=confidence,
            corrected=corrected or any(f.startswith("corrected") for f in e.flags),
        )  # fmt: skip


class EventPage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[EventOut]


class MentionOut(BaseModel):
    """One source's report of the event, with the evidence of each field it gave."""

    mention_id: str
    doc_id: str
    title: str | None
    source: str | None
    published: date | None
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    place: str | None
    earliest: date | None
    latest: date | None
    fatalities: int | None
    modality: str
    claimant: str
    trigger: EvidenceOut
    sentence: EvidenceOut
    evidence: list[FieldEvidenceOut]
    flags: list[str]

    @staticmethod
    def of(m: EventMention, doc: Document | None) -> MentionOut:
        return MentionOut(
            mention_id=m.mention_id, doc_id=m.doc_id, title=doc.title if doc else None,
            source=doc.source if doc else None, published=doc.published if doc else None,
            event_type=m.event_type, sub_event_type=m.sub_event_type, actor1=m.actor1,
            actor2=m.actor2, place=m.place.name if m.place else None, earliest=m.earliest,
            latest=m.latest, fatalities=m.fatalities, modality=m.modality.value,
            claimant=m.claimant, trigger=EvidenceOut.of(m.trigger),
            sentence=EvidenceOut.of(m.sentence),
            evidence=[FieldEvidenceOut.of(fe) for fe in m.evidence], flags=list(m.flags),
        )  # fmt: skip


class EventDetail(BaseModel):
    event: EventOut
    evidence: list[FieldEvidenceOut]
    mentions: list[MentionOut]
    merge: list[str] = Field(description="Why the mentions were merged into this event.")
    record: dict[str, Any] = Field(description="The stored record, every field.")
    corrections: list[dict[str, Any]]


class PeriodOut(BaseModel):
    period_id: str
    geonameid: int
    place: str
    country_code: str
    controller: str
    start: date | None
    end: date | None
    start_event: str | None
    end_event: str | None
    inferred: bool
    latitude: float | None = None
    longitude: float | None = None
    evidence: list[EvidenceOut]

    @staticmethod
    def of(p: ControlPeriod, coords: tuple[float, float] | None = None) -> PeriodOut:
        return PeriodOut(
            period_id=p.period_id, geonameid=p.geonameid, place=p.place,
            country_code=p.country_code, controller=p.controller, start=p.start, end=p.end,
            start_event=p.start_event, end_event=p.end_event, inferred=p.inferred,
            latitude=coords[0] if coords else None, longitude=coords[1] if coords else None,
            evidence=[EvidenceOut.of(ev) for ev in p.evidence],
        )  # fmt: skip


class ClaimOut(BaseModel):
    claim_id: str
    modality: str
    claimant: str
    mention: MentionOut
    disputed_by: EvidenceOut | None


class ClaimPage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[ClaimOut]


class NameCount(BaseModel):
    name: str
    count: int
    detail: str = ""


class SpanOut(BaseModel):
    start: int
    end: int
    field: str
    event_id: str | None
    mention_id: str | None


class DocumentOut(BaseModel):
    doc_id: str
    title: str | None
    url: str | None
    source: str | None
    origin: str
    published: date | None
    date_source: str
    flags: list[str]
    text: str
    spans: list[SpanOut]


class DocumentIn(BaseModel):
    """A report to add: its text (plain, or HTML with ``html``) and what is known of it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: date | None = None
    html: bool = False


class DocumentAccepted(BaseModel):
    doc_id: str
    status: Literal["queued", "processing", "done", "exists", "rejected", "failed"]
    detail: str = ""


class ChangeOut(BaseModel):
    """One entry of the change feed: ``change`` is added, changed, merged (away, ``into``
    the event that now holds its mentions) or deleted; ``seq`` increases with each."""

    seq: int
    event_id: str
    change: str
    at: str
    into: str | None = None


class ChangesOut(BaseModel):
    since: str | None
    until: str
    items: list[ChangeOut]


CorrectionKind = Literal["field", "not_event", "merge", "split"]


class CorrectionIn(BaseModel):
    """An analyst's correction of one event."""

    model_config = ConfigDict(extra="forbid")

    kind: CorrectionKind
    field: str | None = Field(
        default=None, description="for kind=field: event_type, sub_event_type, actor1, actor2, "
        "assoc_actor_1, assoc_actor_2, location, event_date, fatalities, ..."
    )  # fmt: skip
    value: str | int | None = None
    other_event_id: str | None = Field(default=None, description="for kind=merge")
    mention_ids: list[str] = Field(
        default_factory=list, description="for kind=split: the mentions that leave"
    )
    author: str = Field(min_length=1, max_length=200)
    note: str = Field(default="", max_length=5000)


class CorrectionOut(BaseModel):
    correction_id: str
    event_id: str
    kind: str
    field: str | None
    before: Any
    after: Any
    author: str
    note: str
    at: str


class FacetsOut(BaseModel):
    """What the filters can take."""

    event_types: list[str]
    sub_event_types: dict[str, list[str]]
    countries: list[str]
    first: date | None
    last: date | None
    writable: bool


class InfoOut(BaseModel):
    version: str
    writable: bool
    max_upload_bytes: int
    events: int
