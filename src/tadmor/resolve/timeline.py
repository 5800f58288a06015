"""Control timeline: who held each place, from when to when, on what evidence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tadmor.model import ControlPeriod, Event, Evidence, stable_id

UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ControlChange:
    """One change of hands read off consecutive control periods."""

    geonameid: int
    place: str
    country_code: str
    latitude: float
    longitude: float
    date: date
    from_actor: str
    to_actor: str
    event_id: str


def _taker(e: Event) -> str:
    """The side that holds the place after the event.

    A foreign force helping a state's army take a town does not itself hold it: when the
    taking side includes the state forces of the place's own country, they are the holder.
    """
    side = [e.actor1, *[a for a in e.assoc_actor_1.split("; ") if a]]
    if e.territorial == "gain":
        for a in side:
            if a.startswith("Military Forces of ") and e.country and a.endswith(e.country):
                return a
        return e.actor1 or UNKNOWN
    return UNKNOWN


def _state(e: Event) -> str:
    """The holder before a non-state takeover that names no loser nor prior holder: the
    state's forces (ACLED: a non-state actor acquires territory, most often from the state).
    Only a presumption: the period it opens is marked inferred, and a report that names the
    loser or a prior holder ("rebel-held") always wins over it."""
    if e.sub_event_type == "Non-state actor overtakes territory" and e.country:
        return f"Military Forces of {e.country}"
    return ""


def _evidence(e: Event, *, prior: bool = False) -> tuple[Evidence, ...]:
    keep: tuple[str, ...] = ("event_type", "location", "event_date", "actor1", "actor2")
    if prior:
        keep = (*keep, "prior_holder")
    return tuple(f.evidence for f in e.evidence if f.field in keep)


def control_timeline(events: Sequence[Event]) -> list[ControlPeriod]:
    """Control periods per place, from territorial events with a date (those the text does
    not date carry their report's date, as ACLED dates them, at low precision)."""
    by_place: dict[int, list[Event]] = defaultdict(list)
    for e in events:
        if e.territorial and e.geonameid is not None and e.event_date is not None:
            # control is of towns and sites; a whole country or region (geo_precision 3)
            # changing hands in one event is not something a report establishes
            if e.geo_precision >= 3:
                continue
            # a change dated only by its report counts when it says who took the place,
            # and names the place itself (not a place read from the report's context)
            by_report = "undated" in e.flags or "dated_by_report" in e.flags
            if by_report and (_taker(e) == UNKNOWN or "location_from_context" in e.flags):
                continue
            by_place[e.geonameid].append(e)
    periods: list[ControlPeriod] = []
    for gid in sorted(by_place):
        periods.extend(_place_periods(gid, by_place[gid]))
    return periods


@dataclass
class _Open:
    """The period being built for one place."""

    controller: str
    start: date | None
    start_event: str | None
    evidence: tuple[Evidence, ...]
    inferred: bool

    def close(self, first: Event, end: date | None, end_event: str | None) -> ControlPeriod:
        gid = first.geonameid or 0
        return ControlPeriod(
            period_id=stable_id(gid, self.controller, self.start, self.start_event, prefix="ctl_"),
            geonameid=gid,
            place=first.location,
            country_code=first.iso,
            controller=self.controller,
            start=self.start,
            end=end,
            start_event=self.start_event,
            end_event=end_event,
            evidence=self.evidence,
            inferred=self.inferred,
        )


def _place_periods(gid: int, place_events: list[Event]) -> list[ControlPeriod]:
    evs = sorted(place_events, key=lambda e: (e.event_date or date.min, e.event_id))
    first = evs[0]
    out: list[ControlPeriod] = []
    cur: _Open | None = None
    for e in evs:
        taker = _taker(e)
        loser = e.actor2 if e.territorial == "gain" else (e.actor2 or e.actor1)
        if cur is None:
            # the first report names who lost the place, or its wording says who held it
            # ("rebel-held", "retook"): they held it before (an inferred period)
            before = loser if loser and loser != taker else (e.prior_holder or _state(e))
            if before and before != taker:
                out.append(
                    _Open(before, None, None, _evidence(e, prior=True), True).close(
                        first, e.event_date, e.event_id
                    )
                )
        elif taker == cur.controller and taker != UNKNOWN:
            cur.evidence = cur.evidence + _evidence(e)  # corroborates the holder's hold
            continue
        else:
            out.append(cur.close(first, e.event_date, e.event_id))
        cur = _Open(taker, e.event_date, e.event_id, _evidence(e), taker == UNKNOWN)
    if cur is not None:
        out.append(cur.close(first, None, None))
    return out


def control_changes(
    periods: Sequence[ControlPeriod], events: Sequence[Event]
) -> list[ControlChange]:
    """The changes of hands: each period that starts with an event, with its predecessor."""
    by_id = {e.event_id: e for e in events}
    by_place: dict[int, list[ControlPeriod]] = defaultdict(list)
    for p in periods:
        by_place[p.geonameid].append(p)
    out: list[ControlChange] = []
    for gid, ps in sorted(by_place.items()):
        ps.sort(key=lambda p: p.start or date.min)
        prev: ControlPeriod | None = None
        for p in ps:
            ev = by_id.get(p.start_event or "")
            if ev is not None and p.start is not None and ev.latitude is not None:
                out.append(
                    ControlChange(
                        geonameid=gid,
                        place=p.place,
                        country_code=p.country_code,
                        latitude=ev.latitude,
                        longitude=ev.longitude or 0.0,
                        date=p.start,
                        from_actor=prev.controller if prev is not None else UNKNOWN,
                        to_actor=p.controller,
                        event_id=ev.event_id,
                    )
                )
            prev = p
    return out
