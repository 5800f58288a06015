"""Analysts' corrections through the API: the request is checked here, stored by the store
(which applies it on top of the machine coding on every read)."""

from __future__ import annotations

from typing import Any

from tadmor.api.schemas import CorrectionIn, CorrectionOut
from tadmor.api.state import ApiState
from tadmor.errors import TadmorError


def _correction_out(c: Any) -> CorrectionOut:
    changes = list(getattr(c, "changes", ()))
    field = ", ".join(ch.field for ch in changes) or None
    before: Any = {ch.field: ch.before_value for ch in changes} if changes else None
    after: Any = {ch.field: ch.after_value for ch in changes} if changes else None
    if c.kind.value == "merge":
        after = {"merged": c.other_event_id}
    elif c.kind.value == "split":
        after = {"split_off": list(c.other_mention_ids)}
    elif c.kind.value == "not_event":
        before, after = {"event": True}, {"event": False}
    return CorrectionOut(
        correction_id=c.correction_id, event_id=c.event_id, kind=c.kind.value, field=field,
        before=before, after=after, author=c.author, note=c.note, at=c.created.isoformat(),
    )  # fmt: skip


def apply_correction(state: ApiState, event_id: str, body: CorrectionIn) -> CorrectionOut:
    """Store one correction of ``event_id``; TadmorError with a message when it cannot be."""
    correct = getattr(state.store, "correct", None)
    if not callable(correct):
        raise TadmorError("E921", "this store cannot record corrections")
    import importlib

    records: Any = importlib.import_module("tadmor.store.records")
    CorrectionKind, CorrectionRequest = records.CorrectionKind, records.CorrectionRequest

    changes: tuple[tuple[str, Any], ...] = ()
    if body.kind == "field":
        if not body.field:
            raise TadmorError("E922", "a field correction needs 'field' and 'value'")
        changes = ((body.field, body.value),)
    if body.kind == "merge" and not body.other_event_id:
        raise TadmorError("E922", "a merge needs 'other_event_id', the event merged into this one")
    if body.kind == "split" and not body.mention_ids:
        raise TadmorError("E922", "a split needs 'mention_ids', the mentions that leave")
    request = CorrectionRequest(
        kind=CorrectionKind(body.kind), event_id=event_id, author=body.author, note=body.note,
        changes=changes, other_event_id=body.other_event_id or "",
        split_mention_ids=tuple(body.mention_ids),
    )  # fmt: skip
    return _correction_out(correct(request))
