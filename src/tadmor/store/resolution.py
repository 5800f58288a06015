"""Incremental resolution in the SQL stores (both backends): the neighbourhood of new
mentions, their pending flags, and writing back only the events that changed.

The events table holds the events served (corrections applied) and machine_events the
machine's own; event_members maps each resolved mention to its machine event, and
event_mentions.resolved says whether a resolution has taken a mention yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from tadmor.model import Claim, ControlPeriod, Event, EventMention
from tadmor.store import codec
from tadmor.store import rows as rowmod
from tadmor.store.corrections import apply_corrections

if TYPE_CHECKING:
    from tadmor.store.sql import SqlStore, Tx

_CHUNK = 500


def _in(values: Sequence[Any]) -> str:
    return "(" + ", ".join("?" for _ in values) + ")"


def _chunks(items: Sequence[Any]) -> list[list[Any]]:
    return [list(items[i : i + _CHUNK]) for i in range(0, len(items), _CHUNK)]


def unresolved(store: SqlStore) -> list[EventMention]:
    sql = "SELECT record FROM event_mentions WHERE NOT resolved ORDER BY doc_id, mention_id"
    return [codec.loads(EventMention, r[0]) for r in store._query(sql)]


def events_near(
    store: SqlStore,
    *,
    countries: Sequence[str],
    since: date,
    until: date,
    geonameids: Sequence[int],
    regions: Sequence[str],
    whole_countries: Sequence[str],
    territorial_only: bool,
) -> list[Event]:
    """The machine events the store's filter columns place near new mentions."""
    if not countries:
        return []
    cs, gids, regs, whole = (
        sorted(set(countries)),
        sorted(set(geonameids)) or [-1],
        sorted(set(regions)) or [""],
        sorted(set(whole_countries)) or [""],
    )
    where = [
        f"e.iso IN {_in(cs)}",
        "e.event_date <= ?",
        "e.event_date >= ? - CASE e.time_precision WHEN 1 THEN 0 WHEN 2 THEN 7 ELSE 62 END",
    ]
    params: list[Any] = [*cs, until, since]
    if territorial_only:
        where.append("e.territorial <> ''")
    out: dict[str, Event] = {}
    for chunk in _chunks(gids):
        place = (
            f"(e.iso IN {_in(whole)} OR e.geonameid IN {_in(chunk)} OR e.admin1 IN {_in(regs)} "
            "OR e.admin1 = '' OR lower(e.location) = lower(e.admin1))"
        )
        sql = (
            "SELECT m.record FROM events e JOIN machine_events m ON m.event_id = e.event_id "
            f"WHERE {' AND '.join([*where, place])}"
        )
        for r in store._query(sql, [*params, *whole, *chunk, *regs]):
            e = codec.loads(Event, r[0])
            out[e.event_id] = e
    return [out[k] for k in sorted(out)]


def write_members(tx: Tx, store: SqlStore, events: Sequence[Event]) -> None:
    """Record which event each mention of ``events`` belongs to (one event a mention)."""
    members = {m: e.event_id for e in events for m in e.mentions}
    store._upsert(tx, table="event_members", rows=sorted(members.items()))


def mark_resolved(tx: Tx, mention_ids: Sequence[str]) -> None:
    for chunk in _chunks(sorted(set(mention_ids))):
        tx.run(
            f"UPDATE event_mentions SET resolved = true WHERE mention_id IN {_in(chunk)} "
            "AND NOT resolved",
            chunk,
        )


def update(
    store: SqlStore,
    *,
    events: Sequence[Event],
    removed: Sequence[str],
    claims: Sequence[Claim],
    periods: Sequence[ControlPeriod],
    places: Sequence[int],
) -> None:
    from tadmor.store.sql import utc_now

    machine = list({e.event_id: e for e in events}.values())
    gone = sorted(set(removed) - {e.event_id for e in machine})
    machine_rows = [rowmod.machine_event_row(e) for e in machine]
    claim_rows = [rowmod.claim_row(c) for c in claims]
    period_rows = [rowmod.period_row(p) for p in periods]
    now = utc_now()
    with store._transaction() as tx:
        for chunk in _chunks(gone):
            tx.run(f"DELETE FROM machine_events WHERE event_id IN {_in(chunk)}", chunk)
        for chunk in _chunks(sorted({e.event_id for e in machine} | set(gone))):
            tx.run(f"DELETE FROM event_members WHERE event_id IN {_in(chunk)}", chunk)
        store._upsert(tx, table="machine_events", rows=machine_rows)
        write_members(tx, store, machine)
        store._upsert(tx, table="claims", rows=claim_rows)
        for chunk in _chunks(sorted(set(places))):
            tx.run(f"DELETE FROM control_periods WHERE geonameid IN {_in(chunk)}", chunk)
        store._upsert(tx, table="control_periods", rows=period_rows)
        # the events served: these machine events (and any a correction touches) with every
        # correction applied again; the change feed says what was added, changed, merged
        corrections = store._load_corrections(tx)
        affected, scope = store._affected(tx, corrections)
        pool = {e.event_id: e for e in affected} | {e.event_id: e for e in machine}
        for i in gone:
            pool.pop(i, None)
        served, applied = apply_corrections(
            list(pool.values()), corrections, rebuild=lambda ids: store._rebuild(tx, ids)
        )
        store._serve(tx, served, applied, now=now, scope=scope | set(pool) | set(gone))
        mark_resolved(
            tx, [m for e in machine for m in e.mentions] + [c.mention.mention_id for c in claims]
        )
        changed = tx.rows("SELECT count(*) FROM event_changes WHERE changed_at = ?", [now])
        if changed[0][0]:
            n_events = tx.rows("SELECT count(*) FROM events")[0][0]
            n_docs = tx.rows("SELECT count(*) FROM documents")[0][0]
            tx.run(
                "INSERT INTO resolutions (resolved_at, events, documents, input_hash) "
                "VALUES (?, ?, ?, ?)",
                [now, n_events, n_docs, "incremental"],
            )
