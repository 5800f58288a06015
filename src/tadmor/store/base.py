"""The one storage interface, implemented by the DuckDB and the PostgreSQL store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol, runtime_checkable

from tadmor.model import Claim, ControlPeriod, Document, Event, EventMention, Rejected
from tadmor.store.records import (
    Correction,
    CorrectionRequest,
    EventChange,
    EventPage,
    EventQuery,
    StoredEvent,
)


@runtime_checkable
class Store(Protocol):
    """Where a run's records live.

    Every record is keyed by its content-hash id and written by upsert, so putting the same
    records again changes nothing. Each ``put_*`` call is one transaction: an interrupted
    run keeps every call that returned. Reads return records equal (``==``) to those put,
    in a deterministic order.
    """

    def put_documents(self, docs: Sequence[Document]) -> None: ...

    def put_rejected(self, rejected: Sequence[Rejected]) -> None: ...

    def put_event_mentions(self, mentions: Sequence[EventMention]) -> None: ...

    def put_batch(
        self,
        documents: Sequence[Document],
        mentions: Sequence[EventMention],
        rejected: Sequence[Rejected],
    ) -> None:
        """Store a batch of analysed documents, their event mentions and the batch's rejected
        inputs in ONE transaction: a document is stored with all its mentions or not at all,
        so a run killed mid-way never leaves a document marked done without its mentions."""
        ...

    def replace_resolution(
        self,
        *,
        events: Sequence[Event],
        claims: Sequence[Claim],
        periods: Sequence[ControlPeriod],
    ) -> None:
        """Replace all events, claims and control periods at once, in one transaction."""
        ...

    def update_resolution(
        self,
        *,
        events: Sequence[Event],
        removed: Sequence[str],
        claims: Sequence[Claim],
        periods: Sequence[ControlPeriod],
        places: Sequence[int],
    ) -> None:
        """Incremental resolution, in one transaction: upsert ``events`` (and record which
        event each of their mentions belongs to), delete the events whose ids are in
        ``removed`` (merged away into another), upsert ``claims``, and replace the control
        periods of the places ``places`` (GeoNames ids) by ``periods``."""
        ...

    def events_near(
        self,
        *,
        countries: Sequence[str],
        since: date,
        until: date,
        geonameids: Sequence[int],
        regions: Sequence[str] = (),
        whole_countries: Sequence[str] = (),
        territorial_only: bool = False,
    ) -> list[Event]:
        """Events that new reports of ``since..until`` could join, in one query: in one of
        ``countries`` (ISO2), dated so that their range (the event date plus a day, a week or
        up to 62 days by its time precision) reaches ``since``, and no later than ``until``;
        lying at one of ``geonameids``, or in one of ``regions`` (admin1 names), or naming
        only a region (location equal to its admin1) or only the country (no admin1), or
        anywhere in one of ``whole_countries``. ``territorial_only``: territorial events
        only. Sorted by event id."""
        ...

    def unresolved_mentions(self) -> list[EventMention]:
        """Stored mentions no resolution has taken yet (new, or changed since), by doc and
        mention id. A mention is resolved once it is among the mentions of an event or has
        a claim written by ``update_resolution`` or ``replace_resolution``."""
        ...

    def documents(self) -> list[Document]: ...

    def document(self, doc_id: str) -> Document | None: ...

    def has_document(self, doc_id: str) -> bool: ...

    def event_mentions(
        self, *, ids: Sequence[str] | None = None, doc_id: str | None = None
    ) -> list[EventMention]:
        """Stored event mentions by document and id; only those with one of ``ids`` and/or
        of document ``doc_id`` when given."""
        ...

    def events(
        self,
        *,
        place: str | None = None,
        country: str | None = None,
        since: date | None = None,
        until: date | None = None,
        event_type: str | None = None,
    ) -> list[Event]:
        """Events (corrections applied) sorted by date (undated last) then id.

        ``place`` matches the location name case-insensitively or the GeoNames id;
        ``country`` matches the country name case-insensitively or the ISO2 code;
        ``since``/``until`` bound the event date inclusively (undated events never match);
        ``event_type`` matches case-insensitively.
        """
        ...

    def claims(self) -> list[Claim]: ...

    def control_periods(self, *, place: str | None = None) -> list[ControlPeriod]:
        """Periods sorted by place, start (open start first) and id; ``place`` matches the
        place name case-insensitively or the GeoNames id."""
        ...

    def rejected(self) -> list[Rejected]: ...

    # --- serving: queries, corrections, change feed -----------------------------------

    def query_events(self, query: EventQuery) -> EventPage:
        """Events matching ``query`` (filters, sort, page), corrections applied."""
        ...

    def event(self, event_id: str) -> StoredEvent | None:
        """One event as served (corrections applied), None if there is none."""
        ...

    def machine_event(self, event_id: str) -> Event | None:
        """One event as the machine coded it, before corrections."""
        ...

    def put_correction(self, request: CorrectionRequest) -> Correction:
        """Record and apply an analyst's correction (E311 invalid, E312 no such event)."""
        ...

    def corrections(self, event_id: str | None = None) -> list[Correction]:
        """All corrections, oldest first, or those made on or applied to ``event_id``."""
        ...

    def changes(
        self, since: datetime | None = None, *, after_seq: int = 0, limit: int | None = None
    ) -> list[EventChange]:
        """Events added, changed, merged away (into which id) or deleted after ``since``."""
        ...

    def resolved_at(self) -> datetime | None:
        """When the served events last changed by a resolution (UTC), None if never."""
        ...

    def publishers(self) -> dict[str, str]:
        """Each document's publisher (its source, else its URL's host, else ""), by doc id."""
        ...

    def input_hash(self) -> tuple[str, int]:
        """A SHA-256 over the stored documents' ids, and how many documents there are."""
        ...

    def close(self) -> None: ...
