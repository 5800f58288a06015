"""The :class:`~tadmor.store.base.Store` over SQL, shared by the DuckDB and PostgreSQL stores.

A backend supplies connections (:class:`Tx`: run a statement, fetch rows, stage rows in a
temporary table) and transactions; everything else, the upserts, corrections, change feed
and queries, is written once here, in SQL both backends run (``?`` parameters).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from tadmor.errors import StoreError
from tadmor.model import Claim, ControlPeriod, Document, Event, EventMention, Rejected
from tadmor.store import codec, resolution
from tadmor.store import rows as rowmod
from tadmor.store.corrections import apply_corrections, make_correction, merge_two
from tadmor.store.query import order_clause, page_clause, sort_column, where_clause
from tadmor.store.records import (
    ChangeKind,
    Correction,
    CorrectionKind,
    CorrectionRequest,
    EventChange,
    EventPage,
    EventQuery,
    StoredEvent,
)

R = TypeVar("R")
_IN_LIMIT = 10_000  # ids per IN list
_PAGE_IN_TWO_STEPS = 1000  # pages up to this size fetch ids first, then their records


class Tx(Protocol):
    """One connection of a backend, inside a transaction or not."""

    dialect: str

    def run(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def stage(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """Create the temporary table ``_stage`` with ``table``'s insert columns and ``rows``."""
        ...


def utc_now() -> datetime:
    """Now, in UTC, without a time zone (as TIMESTAMP columns hold it), to the microsecond."""
    return datetime.now(UTC).replace(tzinfo=None)


def epoch(ts: datetime | None) -> int:
    return 0 if ts is None else int(ts.replace(tzinfo=UTC).timestamp())


def _in(values: Sequence[Any]) -> str:
    return "(" + ", ".join("?" for _ in values) + ")"


class SqlStore:
    """Everything a store does, over a backend's :class:`Tx` (see the two subclasses)."""

    path: str
    # set by each backend's __init__: its connection (None once closed), the write lock, and
    # the per-thread readers with their own lock (reads never wait for the write lock)
    _conn: Any
    _lock: threading.RLock
    _readers: list[Any]
    _readers_lock: threading.Lock

    def _transaction(self) -> AbstractContextManager[Tx]:
        raise NotImplementedError

    def _reading(self) -> AbstractContextManager[Tx]:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        with self._lock, self._readers_lock:
            for reader in self._readers:
                reader.close()
            self._readers.clear()
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _live(self) -> Any:
        if self._conn is None:
            raise StoreError("E308", f"store {self.path} is closed")
        return self._conn

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._reading() as tx:
            return tx.rows(sql, params)

    # --- upsert ---------------------------------------------------------------------

    def _upsert(
        self,
        tx: Tx,
        *,
        table: str,
        rows: Sequence[tuple[Any, ...]],
        replace_all: bool = False,
        track: bool = False,
    ) -> tuple[list[str], list[str]]:
        """Write ``rows`` (key first) so that the table holds them; rows already stored with
        the same content are left untouched, so re-running the same input writes nothing.
        With ``replace_all`` rows whose key is not among ``rows`` are deleted too. With
        ``track`` returns the keys added and the keys changed."""
        cols = rowmod.COLUMNS[table]
        key = cols[0]
        if not rows:
            if replace_all:
                tx.run(f"DELETE FROM {table}")
            return [], []
        unique = list({r[0]: r for r in rows}.values())  # one row per key: the last one
        tx.stage(table, unique)
        added: list[str] = []
        changed_keys: list[str] = []
        changed = " OR ".join(f"s.{c} IS DISTINCT FROM t.{c}" for c in rowmod.CONTENT[table])
        stale = f"SELECT s.{key} FROM _stage s JOIN {table} t ON s.{key} = t.{key} WHERE {changed}"
        missing = f"NOT EXISTS (SELECT 1 FROM {table} t WHERE t.{key} = s.{key})"
        if track:
            added = [r[0] for r in tx.rows(f"SELECT s.{key} FROM _stage s WHERE {missing}")]
            changed_keys = [r[0] for r in tx.rows(stale)]
        tx.run(f"DELETE FROM {table} WHERE {key} IN ({stale})")
        if replace_all:
            tx.run(
                f"DELETE FROM {table} WHERE NOT EXISTS "
                f"(SELECT 1 FROM _stage s WHERE s.{key} = {table}.{key})"
            )
        names = ", ".join(cols)
        tx.run(f"INSERT INTO {table} ({names}) SELECT {names} FROM _stage s WHERE {missing}")
        tx.run("DROP TABLE _stage")
        return added, changed_keys

    def _put(
        self, table: str, *, records: Sequence[R], row: Callable[[R], tuple[Any, ...]]
    ) -> None:
        encoded = [row(r) for r in records]  # encode before the transaction starts
        if not encoded:
            return
        with self._transaction() as tx:
            self._upsert(tx, table=table, rows=encoded)

    # --- writes ---------------------------------------------------------------------

    def put_documents(self, docs: Sequence[Document]) -> None:
        self._put("documents", records=docs, row=rowmod.document_row)

    def put_rejected(self, rejected: Sequence[Rejected]) -> None:
        self._put("rejected", records=rejected, row=rowmod.rejected_row)

    def put_event_mentions(self, mentions: Sequence[EventMention]) -> None:
        self._put("event_mentions", records=mentions, row=rowmod.mention_row)

    def put_batch(
        self,
        documents: Sequence[Document],
        mentions: Sequence[EventMention],
        rejected: Sequence[Rejected],
    ) -> None:
        """Documents, their mentions and the batch's rejected inputs in one transaction."""
        batches = (  # encode before the transaction starts
            ("event_mentions", [rowmod.mention_row(m) for m in mentions]),
            ("documents", [rowmod.document_row(d) for d in documents]),
            ("rejected", [rowmod.rejected_row(r) for r in rejected]),
        )
        if not any(encoded for _, encoded in batches):
            return
        with self._transaction() as tx:
            for table, encoded in batches:
                self._upsert(tx, table=table, rows=encoded)

    def replace_resolution(
        self,
        *,
        events: Sequence[Event],
        claims: Sequence[Claim],
        periods: Sequence[ControlPeriod],
    ) -> None:
        """Replace the machine's events, claims and control periods in one transaction; the
        events served are the machine's with every correction applied again, and what
        changed for clients goes into the change feed."""
        machine = list({e.event_id: e for e in events}.values())
        records = {id(e): codec.dumps(e) for e in machine}  # encoded once, used twice
        batches = (
            ("machine_events", [rowmod.machine_event_row(e, records[id(e)]) for e in machine]),
            ("claims", [rowmod.claim_row(c) for c in claims]),
            ("control_periods", [rowmod.period_row(p) for p in periods]),
        )
        now = utc_now()
        with self._transaction() as tx:
            for table, encoded in batches:
                self._upsert(tx, table=table, rows=encoded, replace_all=True)
            tx.run("DELETE FROM event_members")
            resolution.write_members(tx, self, machine)
            tx.run(
                "UPDATE event_mentions SET resolved = (mention_id IN "
                "(SELECT mention_id FROM event_members UNION SELECT mention_id FROM claims))"
            )
            corrections = self._load_corrections(tx)
            served, applied = apply_corrections(
                machine, corrections, rebuild=lambda ids: self._rebuild(tx, ids)
            )
            self._serve(tx, served, applied, now=now, scope=None, records=records)
            self._record_resolution(tx, now)

    # --- incremental resolution (see tadmor.store.resolution) ------------------------

    def update_resolution(
        self,
        *,
        events: Sequence[Event],
        removed: Sequence[str],
        claims: Sequence[Claim],
        periods: Sequence[ControlPeriod],
        places: Sequence[int],
    ) -> None:
        resolution.update(
            self, events=events, removed=removed, claims=claims, periods=periods, places=places
        )

    def unresolved_mentions(self) -> list[EventMention]:
        return resolution.unresolved(self)

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
        return resolution.events_near(
            self,
            countries=countries,
            since=since,
            until=until,
            geonameids=geonameids,
            regions=regions,
            whole_countries=whole_countries,
            territorial_only=territorial_only,
        )

    def put_correction(self, request: CorrectionRequest) -> Correction:
        """Record an analyst's correction and apply it; returns it with its id, time, the
        event's mention ids and the values before. E312: no such event; E311: invalid."""
        now = utc_now()
        with self._transaction() as tx:
            ids = [request.event_id, request.other_event_id]
            current = {
                e.event_id: e
                for e in (
                    codec.loads(Event, r[0])
                    for r in tx.rows(f"SELECT record FROM events WHERE event_id IN {_in(ids)}", ids)
                )
            }
            correction = make_correction(request, current=current, created=now)
            self._upsert(tx, table="corrections", rows=[rowmod.correction_row(correction)])
            corrections = self._load_corrections(tx)
            machine, scope = self._affected(tx, corrections)
            served, applied = apply_corrections(
                machine, corrections, rebuild=lambda ids: self._rebuild(tx, ids)
            )
            took = (
                correction.event_id not in served
                if correction.kind is CorrectionKind.NOT_EVENT
                else any(correction.correction_id in ids for ids in applied.values())
            )
            if not took:  # e.g. a split whose part holds only claims: nothing is stored
                raise StoreError(
                    "E311",
                    f"the {correction.kind.value} correction of {correction.event_id!r} "
                    "cannot be applied to the stored reports",
                )
            self._serve(tx, served, applied, now=now, scope=scope)
        return correction

    # --- corrections and the change feed, inside a transaction ---------------------

    def _load_corrections(self, tx: Tx) -> list[Correction]:
        sql = "SELECT record FROM corrections ORDER BY created, correction_id"
        return [codec.loads(Correction, r[0]) for r in tx.rows(sql)]

    def _affected(self, tx: Tx, corrections: Sequence[Correction]) -> tuple[list[Event], set[str]]:
        """The machine events any correction may touch, and the served event ids it may
        have touched (so only those are rewritten when a correction is added)."""
        ids = sorted({i for c in corrections for i in (c.event_id, c.other_event_id) if i})
        mentions = sorted({m for c in corrections for m in (*c.mention_ids, *c.other_mention_ids)})
        where = [f"event_id IN {_in(ids)}"] if ids else []
        where += ["strpos(mentions, ?) > 0" for _ in mentions]
        params: list[Any] = [*ids, *(json.dumps(m) for m in mentions)]
        machine: list[Event] = []
        if where:
            sql = "SELECT record FROM machine_events WHERE " + " OR ".join(where)
            machine = [codec.loads(Event, r[0]) for r in tx.rows(sql, params)]
        scope = {e.event_id for e in machine}
        scope |= {r[0] for r in tx.rows("SELECT event_id FROM events WHERE correction_ids <> '[]'")}
        return machine, scope

    def _rebuild(self, tx: Tx, mention_ids: tuple[str, ...]) -> Event | None:
        """An event coded by the machine from some stored mentions (for splits)."""
        from tadmor.resolve import merge_mentions  # resolve imports the store's records

        found = tx.rows(
            f"SELECT record FROM event_mentions WHERE mention_id IN {_in(mention_ids)}",
            list(mention_ids),
        )
        mentions = [codec.loads(EventMention, r[0]) for r in found]
        doc_ids = sorted({m.doc_id for m in mentions})
        docs = {}
        if doc_ids:
            sql = f"SELECT text, record FROM documents WHERE doc_id IN {_in(doc_ids)}"
            docs = {d.doc_id: d for d in (rowmod.document(t, r) for t, r in tx.rows(sql, doc_ids))}
        built, _ = merge_mentions(mentions, documents=docs, window_days=100_000)
        if not built:
            return None
        first = built[0]
        for other in built[1:]:
            first = merge_two(first, other)
        return first

    def _serve(
        self,
        tx: Tx,
        served: dict[str, Event],
        applied: dict[str, tuple[str, ...]],
        *,
        now: datetime,
        scope: set[str] | None,
        records: dict[int, str] | None = None,
    ) -> None:
        """Write the served events (all of them, or those in ``scope``) and record in the
        change feed which were added, changed, merged away (into which event) or deleted."""
        known = records or {}
        encoded = [
            rowmod.event_row(e, applied.get(i, ()), now, known.get(id(e)))
            for i, e in served.items()
        ]
        if scope is None:
            gone_ids = [r[0] for r in tx.rows("SELECT event_id FROM events") if r[0] not in served]
        else:
            gone_ids = sorted(i for i in scope if i not in served)
        gone: list[tuple[str, list[str]]] = []
        for chunk in _chunks(gone_ids, 500):
            sql = f"SELECT event_id, record FROM events WHERE event_id IN {_in(chunk)}"
            found = tx.rows(sql, chunk)
            gone += [(i, list(codec.loads(Event, r).mentions)) for i, r in found]
        added, changed = self._upsert(tx, table="events", rows=encoded, track=True)
        for chunk in _chunks([i for i, _ in gone], 500):
            tx.run(f"DELETE FROM events WHERE event_id IN {_in(chunk)}", chunk)
        owner = {m: e.event_id for e in served.values() for m in e.mentions}
        feed: list[tuple[str, str, str]] = [(i, ChangeKind.ADDED.value, "") for i in added]
        feed += [(i, ChangeKind.CHANGED.value, "") for i in changed]
        for event_id, mentions in gone:
            into = _most_common([owner[m] for m in mentions if m in owner])
            gone_kind = ChangeKind.MERGED if into else ChangeKind.DELETED
            feed.append((event_id, gone_kind.value, into))
        ordered = sorted(feed)
        for start in range(0, len(ordered), 200):  # many rows a statement, in feed order
            part = ordered[start : start + 200]
            tx.run(
                "INSERT INTO event_changes (event_id, kind, into_id, changed_at) VALUES "
                + ", ".join("(?, ?, ?, ?)" for _ in part),
                [v for event_id, kind, into in part for v in (event_id, kind, into, now)],
            )

    def _record_resolution(self, tx: Tx, now: datetime) -> None:
        doc_ids = [r[0] for r in tx.rows("SELECT doc_id FROM documents ORDER BY doc_id")]
        digest = hashlib.sha256("\n".join(doc_ids).encode()).hexdigest()
        n_events = tx.rows("SELECT count(*) FROM events")[0][0]
        last = tx.rows(
            "SELECT input_hash, events FROM resolutions ORDER BY resolved_at DESC LIMIT 1"
        )
        changed = tx.rows("SELECT count(*) FROM event_changes WHERE changed_at = ?", [now])[0][0]
        if last and last[0] == (digest, n_events) and not changed:
            return  # the same inputs gave the same events: this run changed nothing
        tx.run(
            "INSERT INTO resolutions (resolved_at, events, documents, input_hash) "
            "VALUES (?, ?, ?, ?)",
            [now, n_events, len(doc_ids), digest],
        )

    # --- reads ----------------------------------------------------------------------

    def documents(self) -> list[Document]:
        found = self._query("SELECT text, record FROM documents ORDER BY doc_id")
        return [rowmod.document(text, rec) for text, rec in found]

    def document(self, doc_id: str) -> Document | None:
        found = self._query("SELECT text, record FROM documents WHERE doc_id = ?", [doc_id])
        return rowmod.document(found[0][0], found[0][1]) if found else None

    def has_document(self, doc_id: str) -> bool:
        return bool(self._query("SELECT 1 FROM documents WHERE doc_id = ?", [doc_id]))

    def event_mentions(
        self, *, ids: Sequence[str] | None = None, doc_id: str | None = None
    ) -> list[EventMention]:
        if ids is not None and len(ids) > _IN_LIMIT:  # PostgreSQL takes 65,535 parameters
            parts = [
                self.event_mentions(ids=part, doc_id=doc_id) for part in _chunks(ids, _IN_LIMIT)
            ]
            return sorted((m for p in parts for m in p), key=lambda m: (m.doc_id, m.mention_id))
        where: list[str] = []
        params: list[Any] = []
        if ids is not None:
            if not ids:
                return []
            where.append(f"mention_id IN {_in(ids)}")
            params += list(ids)
        if doc_id is not None:
            where.append("doc_id = ?")
            params.append(doc_id)
        sql = "SELECT record FROM event_mentions"
        if where:
            sql += " WHERE " + " AND ".join(where)
        found = self._query(sql + " ORDER BY doc_id, mention_id", params)
        return [codec.loads(EventMention, r[0]) for r in found]

    def events(
        self,
        *,
        place: str | None = None,
        country: str | None = None,
        since: date | None = None,
        until: date | None = None,
        event_type: str | None = None,
    ) -> list[Event]:
        q = EventQuery(
            place=place, country=country, since=since, until=until, event_type=event_type
        )
        return [s.event for s in self.query_events(q).items]

    def query_events(self, query: EventQuery) -> EventPage:
        """Events matching ``query``, corrections applied, sorted and paged (see
        :class:`~tadmor.store.records.EventQuery`); ``total`` counts every match."""
        where, params = where_clause(query)
        order = order_clause(query)
        page, page_params = page_clause(query)
        with self._reading() as tx:
            columns = "record, updated_at, correction_ids"
            if query.limit is None or query.limit > _PAGE_IN_TWO_STEPS:
                found = tx.rows(f"SELECT {columns} FROM events{where}{order}{page}",
                                [*params, *page_params])  # fmt: skip
            else:  # a page: its ids first (narrow columns sort fast), then only its records
                ids = [r[0] for r in tx.rows(_page_ids_sql(query, where, order, page),
                                             [*params, *page_params])]  # fmt: skip
                by_id = {
                    r[0]: r[1:]
                    for r in tx.rows(
                        f"SELECT event_id, {columns} FROM events WHERE event_id IN {_in(ids)}", ids
                    )
                } if ids else {}  # fmt: skip
                found = [by_id[i] for i in ids if i in by_id]
            if query.limit is None and not query.offset:
                total = len(found)
            else:
                total = int(tx.rows(f"SELECT count(*) FROM events{where}", params)[0][0])
        items = tuple(_stored(*r) for r in found)
        return EventPage(
            items=items, total=total, offset=query.offset, limit=query.limit,
            sort=query.sort, descending=query.descending,
        )  # fmt: skip

    def event(self, event_id: str) -> StoredEvent | None:
        """One served event by id (None if there is none, e.g. merged away: see changes)."""
        found = self._query(
            "SELECT record, updated_at, correction_ids FROM events WHERE event_id = ?", [event_id]
        )
        return _stored(*found[0]) if found else None

    def machine_event(self, event_id: str) -> Event | None:
        """The event as the machine coded it, before any correction."""
        found = self._query("SELECT record FROM machine_events WHERE event_id = ?", [event_id])
        return codec.loads(Event, found[0][0]) if found else None

    def corrections(self, event_id: str | None = None) -> list[Correction]:
        """Every correction (oldest first), or those made on ``event_id`` or applied to it."""
        if event_id is None:
            return self._load_corrections_read()
        found = self._query("SELECT correction_ids FROM events WHERE event_id = ?", [event_id])
        applied = set(json.loads(found[0][0] or "[]")) if found else set()
        return [
            c
            for c in self._load_corrections_read()
            if c.event_id == event_id or c.correction_id in applied
        ]

    def _load_corrections_read(self) -> list[Correction]:
        with self._reading() as tx:
            return self._load_corrections(tx)

    def changes(
        self, since: datetime | None = None, *, after_seq: int = 0, limit: int | None = None
    ) -> list[EventChange]:
        """The change feed: events added, changed, merged away or deleted after ``since``
        (UTC; naive times are taken as UTC) and after sequence number ``after_seq``."""
        sql = "SELECT seq, event_id, kind, into_id, changed_at FROM event_changes WHERE seq > ?"
        params: list[Any] = [after_seq]
        if since is not None:
            if since.tzinfo is not None:
                since = since.astimezone(UTC).replace(tzinfo=None)
            sql += " AND changed_at > ?"
            params.append(since)
        sql += " ORDER BY seq"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(0, limit))
        return [
            EventChange(seq=int(s), event_id=e, kind=ChangeKind(k), at=t, into=i)
            for s, e, k, i, t in self._query(sql, params)
        ]

    def resolved_at(self) -> datetime | None:
        """When the events were last resolved with a change (UTC), None if never."""
        found = self._query("SELECT max(resolved_at) FROM resolutions")
        return found[0][0] if found else None

    def input_hash(self) -> tuple[str, int]:
        """A SHA-256 over the stored documents' content-hash ids, and how many there are."""
        doc_ids = [r[0] for r in self._query("SELECT doc_id FROM documents ORDER BY doc_id")]
        return hashlib.sha256("\n".join(doc_ids).encode()).hexdigest(), len(doc_ids)

    def publishers(self) -> dict[str, str]:
        """Each stored document's publisher: its ``source``, else its URL's host, else ""."""
        found = self._query("SELECT doc_id, source, url FROM documents")
        return {d: (src or "").strip() or _host(url) for d, src, url in found}

    def claims(self) -> list[Claim]:
        found = self._query("SELECT record FROM claims ORDER BY claim_id")
        return [codec.loads(Claim, r[0]) for r in found]

    def control_periods(self, *, place: str | None = None) -> list[ControlPeriod]:
        sql = "SELECT record FROM control_periods"
        params: list[Any] = []
        if place is not None:
            sql += " WHERE lower(place) = lower(?) OR CAST(geonameid AS VARCHAR) = ?"
            params = [place.strip(), place.strip()]
        sql += " ORDER BY lower(place), geonameid, start_date NULLS FIRST, period_id"
        return [codec.loads(ControlPeriod, r[0]) for r in self._query(sql, params)]

    def rejected(self) -> list[Rejected]:
        sql = "SELECT origin, code, reason FROM rejected ORDER BY origin, code, reason"
        return [Rejected(origin=o, code=c, reason=r) for o, c, r in self._query(sql)]


def _stored(record: str, updated_at: datetime | None, correction_ids: str | None) -> StoredEvent:
    return StoredEvent(
        event=codec.loads(Event, record),
        timestamp=epoch(updated_at),
        corrections=tuple(json.loads(correction_ids or "[]")),
    )


def _page_ids_sql(query: EventQuery, where: str, order: str, page: str) -> str:
    """The ids of a page. With filters, the matches are found first and then sorted (the
    ``OFFSET 0`` keeps PostgreSQL from walking the date index through every row to find
    a few rare matches in order); without, the sort can use the date index."""
    if not where:
        return f"SELECT event_id FROM events{order}{page}"
    column = sort_column(query)
    keep = "event_id" if column == "event_id" else f"event_id, {column}"
    return f"SELECT event_id FROM (SELECT {keep} FROM events{where} OFFSET 0) m{order}{page}"


def _host(url: str | None) -> str:
    from urllib.parse import urlsplit

    if not url:
        return ""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _most_common(values: Sequence[str]) -> str:
    if not values:
        return ""
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return max(sorted(counts), key=lambda k: counts[k])


def _chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


__all__ = ["SqlStore", "StoreError", "Tx", "epoch", "utc_now"]
