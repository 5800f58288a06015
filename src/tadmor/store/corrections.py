"""Analysts' corrections applied on top of the machine coding, as a pure function.

The store keeps the machine's events as the resolver wrote them and the corrections as
analysts made them; the events it serves are ``apply_corrections(machine, corrections)``.
So a re-run or a re-merge changes the machine coding and the corrections still apply:
each finds its event by id, or else by the mentions the event had when it was corrected.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tadmor.errors import StoreError
from tadmor.model import Event, Fatalities, TimePrecision, stable_id
from tadmor.store import codec
from tadmor.store.records import Correction, CorrectionKind, CorrectionRequest, FieldChange

CORRECTED_FLAG = "corrected"

_TEXT = (
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2",
    "location", "admin1", "country", "iso", "notes", "territorial",
)  # fmt: skip
_INT = ("inter1", "inter2", "interaction", "fatalities", "geo_precision")
# Fields an analyst may change, and what their JSON values must be.
CORRECTABLE: tuple[str, ...] = (
    *_TEXT, *_INT, "time_precision", "event_date", "latitude", "longitude", "geonameid",
    "civilian_targeting",
)  # fmt: skip
EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)

# A function that builds a machine-coded event from some mention ids (None if it cannot).
Rebuild = Callable[[tuple[str, ...]], Event | None]


def _bad(name: str, value: Any, expected: str) -> StoreError:
    return StoreError("E311", f"correction of {name!r}: {value!r} is not {expected}")


def check_value(name: str, value: Any) -> Any:
    """The value a correction sets ``name`` to, checked and in its JSON form; E311 if bad."""
    if name not in CORRECTABLE:
        raise StoreError(
            "E311", f"field {name!r} cannot be corrected; correctable: {', '.join(CORRECTABLE)}"
        )
    if name in _TEXT:
        if not isinstance(value, str):
            raise _bad(name, value, "text")
        value = value.strip()
        if name == "event_type" and value not in EVENT_TYPES:
            raise _bad(name, value, f"an ACLED event type ({', '.join(EVENT_TYPES)})")
        return value
    if name in _INT or name == "time_precision" or name == "geonameid":
        if name == "geonameid" and value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 2**62:
            raise _bad(name, value, "a whole number >= 0")
        if name == "time_precision" and value not in (1, 2, 3):
            raise _bad(name, value, "1, 2 or 3")
        if name == "fatalities" and value > 10_000_000:
            raise _bad(name, value, "a plausible number of deaths")
        return value
    if name == "event_date":
        if value is None:
            return None
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise _bad(name, value, "a YYYY-MM-DD date") from None
    if name in ("latitude", "longitude"):
        if value is None:
            return None
        limit = 90.0 if name == "latitude" else 180.0
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _bad(name, value, "a number")
        if not -limit <= float(value) <= limit:
            raise _bad(name, value, f"between -{limit:g} and {limit:g}")
        return float(value)
    if not isinstance(value, bool):  # civilian_targeting
        raise _bad(name, value, "true or false")
    return value


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def field_json(event: Event, name: str) -> str:
    return _dump(codec.to_json(getattr(event, name)))


def _with_fields(event: Event, values: Mapping[str, str]) -> Event:
    """``event`` with fields set from JSON texts; fatalities keep their range consistent."""
    kwargs: dict[str, Any] = {}
    for name, text in values.items():
        value = json.loads(text)
        if name == "event_date":
            kwargs[name] = None if value is None else date.fromisoformat(value)
        elif name == "time_precision":
            kwargs[name] = TimePrecision(value)
        else:
            kwargs[name] = value
    if "fatalities" in kwargs:
        n = kwargs["fatalities"]
        kwargs["fatalities_range"] = Fatalities(low=n, best=n, high=n)
    return _flag(dataclasses.replace(event, **kwargs))


def _flag(event: Event) -> Event:
    if CORRECTED_FLAG in event.flags:
        return event
    return dataclasses.replace(event, flags=(*event.flags, CORRECTED_FLAG))


def _union(a: Iterable[Any], b: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys([*a, *b]))


def merge_two(a: Event, b: Event) -> Event:
    """``a`` with ``b``'s reports joined to it (``a``'s coding wins where they differ)."""
    fa, fb = a.fatalities_range, b.fatalities_range
    lows = [x for x in (fa.low, fb.low) if x is not None]
    highs = [x for x in (fa.high, fb.high) if x is not None]
    both = [x for x in (a.fatalities, b.fatalities) if x > 0]
    return _flag(
        dataclasses.replace(
            a,
            mentions=_union(a.mentions, b.mentions),
            sources=_union(a.sources, b.sources),
            source_names=_union(a.source_names, b.source_names),
            evidence=_union(a.evidence, b.evidence),
            fatalities=min(both) if both else 0,  # ACLED: the most conservative report
            fatalities_range=Fatalities(
                low=min(lows) if lows else None,
                best=min(both) if both else fa.best,
                high=max(highs) if highs else None,
            ),
        )
    )


def split_id(event_id: str, mention_ids: Sequence[str]) -> str:
    return stable_id("split", event_id, *sorted(mention_ids), prefix="evt_")


@dataclass
class _State:
    events: dict[str, Event]
    owner: dict[str, str]  # mention id -> event id
    overrides: dict[str, dict[str, str]] = field(default_factory=dict)  # FIELD values set
    applied: dict[str, list[str]] = field(default_factory=dict)

    def put(self, e: Event) -> None:
        self.events[e.event_id] = e
        for m in e.mentions:
            self.owner[m] = e.event_id

    def drop(self, event_id: str) -> None:
        e = self.events.pop(event_id)
        for m in e.mentions:
            if self.owner.get(m) == event_id:
                del self.owner[m]

    def find(self, event_id: str, mention_ids: Sequence[str]) -> str | None:
        if event_id in self.events:
            return event_id
        counts: dict[str, int] = {}
        for m in mention_ids:
            if m in self.owner:
                counts[self.owner[m]] = counts.get(self.owner[m], 0) + 1
        if not counts:
            return None
        return max(sorted(counts), key=lambda k: counts[k])

    def note(self, event_id: str, correction_id: str) -> None:
        self.applied.setdefault(event_id, []).append(correction_id)


def apply_corrections(
    machine: Iterable[Event], corrections: Sequence[Correction], *, rebuild: Rebuild
) -> tuple[dict[str, Event], dict[str, tuple[str, ...]]]:
    """The events an analyst sees: ``machine`` with ``corrections`` applied in order.

    Returns events by id and, per event id, the ids of the corrections applied to it. A
    correction whose event cannot be found (neither its id nor any of its mentions is in
    ``machine`` any more) is skipped.
    """
    state = _State(events={}, owner={})
    for e in machine:
        state.put(e)
    for c in sorted(corrections, key=lambda c: (c.created, c.correction_id)):
        target = state.find(c.event_id, c.mention_ids)
        if target is None:
            continue
        if c.kind is CorrectionKind.FIELD:
            values = {ch.field: ch.after for ch in c.changes}
            state.overrides.setdefault(target, {}).update(values)
            state.put(_with_fields(state.events[target], values))
            state.note(target, c.correction_id)
        elif c.kind is CorrectionKind.NOT_EVENT:
            state.drop(target)
        elif c.kind is CorrectionKind.MERGE:
            other = state.find(c.other_event_id, c.other_mention_ids)
            if other is None or other == target:
                continue
            joined = merge_two(state.events[target], state.events[other])
            done = state.applied.pop(other, [])
            state.drop(other)
            state.put(joined)
            state.applied.setdefault(target, []).extend(done)
            state.note(target, c.correction_id)
        elif c.kind is CorrectionKind.SPLIT:
            _split(state, target, c, rebuild)
    applied = {k: tuple(v) for k, v in state.applied.items() if k in state.events}
    return state.events, applied


def _split(state: _State, target: str, c: Correction, rebuild: Rebuild) -> None:
    event = state.events[target]
    moved = tuple(m for m in event.mentions if m in set(c.other_mention_ids))
    rest = tuple(m for m in event.mentions if m not in set(moved))
    if not moved or not rest:
        return
    new, kept = rebuild(moved), rebuild(rest)
    if new is None or kept is None:
        return
    new = _flag(dataclasses.replace(new, event_id=split_id(c.event_id, c.other_mention_ids)))
    kept = dataclasses.replace(kept, event_id=target)
    values = state.overrides.get(target, {})
    kept = _with_fields(kept, values) if values else _flag(kept)
    state.drop(target)
    state.put(kept)
    state.put(new)
    state.note(target, c.correction_id)
    state.note(new.event_id, c.correction_id)


def make_correction(
    req: CorrectionRequest, *, current: Mapping[str, Event], created: Any
) -> Correction:
    """A :class:`Correction` for ``req`` against the events an analyst sees now (E312 when
    the event is unknown, E311 when the request is not a valid correction)."""
    event = current.get(req.event_id)
    if event is None:
        raise StoreError("E312", f"no event {req.event_id!r} in the store")
    author = req.author.strip()
    if not author:
        raise StoreError("E311", "a correction needs an author (who made it)")
    changes: tuple[FieldChange, ...] = ()
    other_id = ""
    other_mentions: tuple[str, ...] = ()
    if req.kind is CorrectionKind.FIELD:
        if not req.changes:
            raise StoreError("E311", "a field correction needs at least one field to change")
        checked = [(name, _dump(check_value(name, value))) for name, value in req.changes]
        changes = tuple(FieldChange(n, field_json(event, n), after) for n, after in checked)
    elif req.kind is CorrectionKind.MERGE:
        other = current.get(req.other_event_id)
        if other is None or other.event_id == event.event_id:
            raise StoreError(
                "E312",
                f"cannot merge {req.event_id!r} with {req.other_event_id!r}: "
                "the other event must be another event in the store",
            )
        other_id, other_mentions = other.event_id, other.mentions
    elif req.kind is CorrectionKind.SPLIT:
        moved = tuple(m for m in req.split_mention_ids if m in event.mentions)
        if (
            not moved
            or len(set(moved)) >= len(event.mentions)
            or len(moved) != len(req.split_mention_ids)
        ):
            raise StoreError(
                "E311",
                f"a split of {req.event_id!r} needs some, not all, of its mentions "
                f"({', '.join(event.mentions)})",
            )
        other_mentions = moved
    correction_id = stable_id(
        req.kind.value, event.event_id, author, str(created), repr(req.changes),
        other_id, *other_mentions, prefix="cor_",
    )  # fmt: skip
    return Correction(
        correction_id=correction_id,
        kind=req.kind,
        event_id=event.event_id,
        mention_ids=event.mentions,
        author=author,
        created=created,
        note=req.note,
        changes=changes,
        other_event_id=other_id,
        other_mention_ids=other_mentions,
    )
