"""The one storage interface. DuckDB implements it now; PostgreSQL will later."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol, runtime_checkable

from tadmor.model import Claim, ControlPeriod, Document, Event, EventMention, Rejected


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

    def documents(self) -> list[Document]: ...

    def document(self, doc_id: str) -> Document | None: ...

    def has_document(self, doc_id: str) -> bool: ...

    def event_mentions(self) -> list[EventMention]: ...

    def events(
        self,
        *,
        place: str | None = None,
        country: str | None = None,
        since: date | None = None,
        until: date | None = None,
        event_type: str | None = None,
    ) -> list[Event]:
        """Events sorted by date (undated last) then id.

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

    def close(self) -> None: ...
