"""Analysts' corrections through the API: the request is checked here, stored by the store
(which applies it on top of the machine coding on every read, and after every re-run)."""

from __future__ import annotations

from typing import Any

from tadmor.api.schemas import CorrectionIn, CorrectionOut
from tadmor.api.state import ApiState
from tadmor.errors import TadmorError
from tadmor.store.records import Correction, CorrectionKind, CorrectionRequest


def correction_out(c: Correction) -> CorrectionOut:
    """A stored correction as the API shows it: what changed, from what, to what."""
    before: Any = {ch.field: ch.before_value for ch in c.changes} if c.changes else None
    after: Any = {ch.field: ch.after_value for ch in c.changes} if c.changes else None
    if c.kind is CorrectionKind.MERGE:
        after = {"merged": c.other_event_id}
    elif c.kind is CorrectionKind.SPLIT:
        after = {"split_off": list(c.other_mention_ids)}
    elif c.kind is CorrectionKind.NOT_EVENT:
        before, after = {"event": True}, {"event": False}
    return CorrectionOut(
        correction_id=c.correction_id, event_id=c.event_id, kind=c.kind.value,
        field=", ".join(ch.field for ch in c.changes) or None, before=before, after=after,
        author=c.author, note=c.note, at=c.created.isoformat(),
    )  # fmt: skip


def request_of(event_id: str, body: CorrectionIn) -> CorrectionRequest:
    """The store's request for ``body``; TadmorError E922 when a kind lacks what it needs."""
    changes: tuple[tuple[str, Any], ...] = ()
    if body.kind == "field":
        if not body.field:
            raise TadmorError("E922", "a field correction needs 'field' and 'value'")
        changes = ((body.field, body.value),)
    if body.kind == "merge" and not body.other_event_id:
        raise TadmorError("E922", "a merge needs 'other_event_id', the event merged into this one")
    if body.kind == "split" and not body.mention_ids:
        raise TadmorError("E922", "a split needs 'mention_ids', the mentions that leave")
    return CorrectionRequest(
        kind=CorrectionKind(body.kind), event_id=event_id, author=body.author, note=body.note,
        changes=changes, other_event_id=body.other_event_id or "",
        split_mention_ids=tuple(body.mention_ids),
    )  # fmt: skip


def apply_correction(state: ApiState, event_id: str, body: CorrectionIn) -> CorrectionOut:
    """Store one correction of ``event_id`` (the store checks it: E311, E312)."""
    return correction_out(state.store.put_correction(request_of(event_id, body)))
