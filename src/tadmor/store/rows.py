"""Records as table rows, the same for every SQL backend.

Each table's first column is its key; ``CONTENT`` names the columns that hold a row's
whole content (the rest are derived from them), so an upsert can leave unchanged rows alone.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from tadmor.model import Claim, ControlPeriod, Document, Event, EventMention, Rejected, stable_id
from tadmor.store import codec
from tadmor.store.records import Correction

# Insert order of each table's columns.
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": (
        "doc_id", "origin", "title", "url", "source", "published", "date_source",
        "language", "text", "record",
    ),
    "rejected": ("rejected_id", "origin", "code", "reason"),
    "event_mentions": (
        "mention_id", "doc_id", "event_type", "sub_event_type", "actor1", "actor2",
        "geonameid", "earliest", "latest", "modality", "fatalities", "record",
    ),
    "events": (
        "event_id", "event_date", "time_precision", "event_type", "sub_event_type",
        "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
        "interaction", "civilian_targeting", "location", "admin1", "country", "iso",
        "latitude", "longitude", "geo_precision", "fatalities", "fatalities_low",
        "fatalities_high", "geonameid", "territorial", "notes", "record",
        "evidence_text", "correction_ids", "updated_at",
    ),
    "machine_events": ("event_id", "mentions", "record"),
    "event_members": ("mention_id", "event_id"),
    "claims": ("claim_id", "mention_id", "doc_id", "modality", "claimant", "record"),
    "control_periods": (
        "period_id", "geonameid", "place", "country_code", "controller", "start_date",
        "end_date", "start_event", "end_event", "inferred", "record",
    ),
    "corrections": ("correction_id", "event_id", "kind", "author", "created", "record"),
}  # fmt: skip
CONTENT: dict[str, tuple[str, ...]] = {
    "documents": ("text", "record"),
    "rejected": ("origin", "code", "reason"),
    "event_mentions": ("record",),
    "events": ("record", "correction_ids"),
    "machine_events": ("record",),
    "event_members": ("event_id",),
    "claims": ("record",),
    "control_periods": ("record",),
    "corrections": ("record",),
}
# How far a text field may be before it is cut for SQL filters (the record keeps it whole).
_EVIDENCE_TEXT_MAX = 20_000


def _float(x: float | None) -> float | None:
    return None if x is None else float(x)


def _int(x: int | None) -> int | None:
    """Integers beyond a 64-bit column become NULL in the filter column (the record keeps them)."""
    return x if x is None or -(2**63) <= x < 2**63 else None


def _i32(x: int | None) -> int | None:
    return x if x is None or -(2**31) <= x < 2**31 else None


def _c32(x: int) -> int:
    """An integer clamped into a 32-bit column (for NOT NULL columns)."""
    return max(-(2**31), min(2**31 - 1, x))


def document_row(d: Document) -> tuple[Any, ...]:
    rec = codec.to_json(d)
    del rec["text"]  # stored once, in its own column
    return (
        d.doc_id, d.origin, d.title, d.url, d.source, d.published, d.date_source.value,
        d.language, d.text, json.dumps(rec, ensure_ascii=False, separators=(",", ":")),
    )  # fmt: skip


def document(text: str, record: str) -> Document:
    try:
        data = json.loads(record)
    except json.JSONDecodeError as e:
        raise codec.CodecError(f"stored Document is not valid JSON: {e}") from e
    data["text"] = text
    return codec.from_json(Document, data)


def rejected_row(r: Rejected) -> tuple[Any, ...]:
    return (stable_id(r.origin, r.code, r.reason, prefix="rej_"), r.origin, r.code, r.reason)


def mention_row(m: EventMention) -> tuple[Any, ...]:
    return (
        m.mention_id, m.doc_id, m.event_type, m.sub_event_type, m.actor1, m.actor2,
        _int(m.place.geonameid) if m.place else None, m.earliest, m.latest, m.modality.value,
        _i32(m.fatalities), codec.dumps(m),
    )  # fmt: skip


def evidence_text(e: Event) -> str:
    """What the ``text`` filter searches: the notes and every evidence quote, lower-cased."""
    parts = [e.notes, *(fe.evidence.quote for fe in e.evidence)]
    return "\n".join(parts).lower()[:_EVIDENCE_TEXT_MAX]


def event_row(
    e: Event, corrections: tuple[str, ...], now: datetime, record: str | None = None
) -> tuple[Any, ...]:
    """The row of a served event; ``record`` is ``codec.dumps(e)`` when already known."""
    return (
        e.event_id, e.event_date, int(e.time_precision), e.event_type, e.sub_event_type,
        e.actor1, e.assoc_actor_1, _c32(e.inter1), e.actor2, e.assoc_actor_2, _c32(e.inter2),
        _c32(e.interaction), e.civilian_targeting, e.location, e.admin1, e.country, e.iso,
        _float(e.latitude), _float(e.longitude), _c32(e.geo_precision), _c32(e.fatalities),
        _i32(e.fatalities_range.low), _i32(e.fatalities_range.high), _int(e.geonameid),
        e.territorial, e.notes, record or codec.dumps(e), evidence_text(e),
        json.dumps(list(corrections)),
        now,
    )  # fmt: skip


def machine_event_row(e: Event, record: str | None = None) -> tuple[Any, ...]:
    mentions = json.dumps(list(e.mentions), ensure_ascii=False)
    return (e.event_id, mentions, record or codec.dumps(e))


def claim_row(c: Claim) -> tuple[Any, ...]:
    return (
        c.claim_id, c.mention.mention_id, c.mention.doc_id, c.modality.value, c.claimant,
        codec.dumps(c),
    )  # fmt: skip


def period_row(p: ControlPeriod) -> tuple[Any, ...]:
    return (
        p.period_id, _int(p.geonameid), p.place, p.country_code, p.controller, p.start, p.end,
        p.start_event, p.end_event, p.inferred, codec.dumps(p),
    )  # fmt: skip


def correction_row(c: Correction) -> tuple[Any, ...]:
    return (c.correction_id, c.event_id, c.kind.value, c.author, c.created, codec.dumps(c))
