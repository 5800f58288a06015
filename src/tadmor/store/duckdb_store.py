"""The DuckDB implementation of :class:`tadmor.store.base.Store`: one file, no server."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import duckdb

from tadmor.errors import StoreError
from tadmor.model import (
    Claim,
    ControlPeriod,
    Document,
    Event,
    EventMention,
    Rejected,
    stable_id,
)
from tadmor.store import codec
from tadmor.store.migrations import MIGRATIONS, Migration, apply_migrations

R = TypeVar("R")

_MEMORY = ":memory:"

# Insert order of each table's columns; their SQL types are read from the schema.
_COLUMNS: dict[str, tuple[str, ...]] = {
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
    ),
    "claims": ("claim_id", "mention_id", "doc_id", "modality", "claimant", "record"),
    "control_periods": (
        "period_id", "geonameid", "place", "country_code", "controller", "start_date",
        "end_date", "start_event", "end_event", "inferred", "record",
    ),
}  # fmt: skip
# Columns that hold a row's whole content (the others are derived from them, or are the key).
_CONTENT: dict[str, tuple[str, ...]] = {
    "documents": ("text", "record"),
    "rejected": ("origin", "code", "reason"),
    "event_mentions": ("record",),
    "events": ("record",),
    "claims": ("record",),
    "control_periods": ("record",),
}


def _float(x: float | None) -> float | None:
    return None if x is None else float(x)


def _document_row(d: Document) -> tuple[Any, ...]:
    rec = codec.to_json(d)
    del rec["text"]  # stored once, in its own column
    return (
        d.doc_id, d.origin, d.title, d.url, d.source, d.published, d.date_source.value,
        d.language, d.text, json.dumps(rec, ensure_ascii=False, separators=(",", ":")),
    )  # fmt: skip


def _rejected_row(r: Rejected) -> tuple[Any, ...]:
    return (stable_id(r.origin, r.code, r.reason, prefix="rej_"), r.origin, r.code, r.reason)


def _mention_row(m: EventMention) -> tuple[Any, ...]:
    return (
        m.mention_id, m.doc_id, m.event_type, m.sub_event_type, m.actor1, m.actor2,
        m.place.geonameid if m.place else None, m.earliest, m.latest, m.modality.value,
        m.fatalities, codec.dumps(m),
    )  # fmt: skip


def _event_row(e: Event) -> tuple[Any, ...]:
    return (
        e.event_id, e.event_date, int(e.time_precision), e.event_type, e.sub_event_type,
        e.actor1, e.assoc_actor_1, e.inter1, e.actor2, e.assoc_actor_2, e.inter2,
        e.interaction, e.civilian_targeting, e.location, e.admin1, e.country, e.iso,
        _float(e.latitude), _float(e.longitude), e.geo_precision, e.fatalities,
        e.fatalities_range.low, e.fatalities_range.high, e.geonameid, e.territorial,
        e.notes, codec.dumps(e),
    )  # fmt: skip


def _claim_row(c: Claim) -> tuple[Any, ...]:
    return (
        c.claim_id, c.mention.mention_id, c.mention.doc_id, c.modality.value, c.claimant,
        codec.dumps(c),
    )  # fmt: skip


def _period_row(p: ControlPeriod) -> tuple[Any, ...]:
    return (
        p.period_id, p.geonameid, p.place, p.country_code, p.controller, p.start, p.end,
        p.start_event, p.end_event, p.inferred, codec.dumps(p),
    )  # fmt: skip


def _connect(target: str) -> Any:
    try:
        return duckdb.connect(target)
    except duckdb.Error as e:
        text = str(e)
        if "lock" in text.lower():
            raise StoreError(
                "E304",
                f"store {target} is in use by another process; close it there or use "
                f"another store path ({text})",
            ) from e
        raise StoreError(
            "E302",
            f"{target} cannot be opened as a DuckDB store: it exists but is not a DuckDB "
            f"database (or one written by an incompatible DuckDB). Point --store at a new "
            f"path or at a Tadmor store ({text})",
        ) from e


class DuckDBStore:
    """A :class:`~tadmor.store.base.Store` in a DuckDB file (or ``":memory:"``).

    Safe to share between threads of one process (calls are serialised); DuckDB lets only
    one process open a file for writing at a time.
    """

    def __init__(self, path: str | Path, *, migrations: tuple[Migration, ...] = MIGRATIONS):
        target = str(path)
        if target != _MEMORY:
            p = Path(target).expanduser()
            if p.is_dir():
                raise StoreError("E302", f"{p} is a directory, not a DuckDB store file")
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError("E302", f"cannot create the directory of store {p}: {e}") from e
            target = str(p)
        self.path = target
        self._lock = threading.RLock()
        self._conn: Any = _connect(target)
        self._types: dict[str, dict[str, str]] = {}
        try:
            self.applied_migrations = apply_migrations(self._conn, migrations)
        except duckdb.Error as e:
            self._conn.close()
            raise StoreError("E307", f"could not set up the schema of store {target}: {e}") from e
        except BaseException:
            self._conn.close()
            raise

    # --- plumbing -----------------------------------------------------------------

    def __enter__(self) -> DuckDBStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _live(self) -> Any:
        if self._conn is None:
            raise StoreError("E308", f"store {self.path} is closed")
        return self._conn

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        with self._lock:
            conn = self._live()
            conn.execute("BEGIN TRANSACTION")
            try:
                yield conn
            except duckdb.Error as e:
                conn.execute("ROLLBACK")
                raise StoreError("E307", f"write to store {self.path} failed: {e}") from e
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except duckdb.Error as e:
                raise StoreError("E307", f"commit to store {self.path} failed: {e}") from e

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                rows: list[tuple[Any, ...]] = self._live().execute(sql, list(params)).fetchall()
            except duckdb.Error as e:
                raise StoreError("E307", f"read from store {self.path} failed: {e}") from e
            return rows

    def _column_types(self, conn: Any, table: str) -> dict[str, str]:
        if table not in self._types:
            rows = conn.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? AND table_schema = 'main'",
                [table],
            ).fetchall()
            self._types[table] = {str(n): str(t) for n, t in rows}
        return self._types[table]

    def _upsert(
        self, conn: Any, *, table: str, rows: Sequence[tuple[Any, ...]], replace_all: bool = False
    ) -> None:
        """Write ``rows`` (key first) so that the table holds them; rows already stored with
        the same content are left untouched, so re-running the same input writes nothing.

        With ``replace_all`` rows whose key is not among ``rows`` are deleted too.
        """
        cols = _COLUMNS[table]
        key = cols[0]
        if not rows:
            if replace_all:
                conn.execute(f"DELETE FROM {table}")
            return
        unique = list({r[0]: r for r in rows}.values())  # one row per key: the last one
        types = self._column_types(conn, table)
        select = ", ".join(f"unnest(?::{types[c]}[]) AS {c}" for c in cols)
        conn.execute(
            f"CREATE OR REPLACE TEMP TABLE _stage AS SELECT {select}",
            [list(col) for col in zip(*unique, strict=True)],
        )
        changed = " OR ".join(f"s.{c} IS DISTINCT FROM t.{c}" for c in _CONTENT[table])
        stale = f"SELECT s.{key} FROM _stage s JOIN {table} t USING ({key}) WHERE {changed}"
        conn.execute(f"DELETE FROM {table} WHERE {key} IN ({stale})")
        if replace_all:
            conn.execute(f"DELETE FROM {table} WHERE {key} NOT IN (SELECT {key} FROM _stage)")
        names = ", ".join(cols)
        conn.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM _stage "
            f"WHERE {key} NOT IN (SELECT {key} FROM {table})"
        )
        conn.execute("DROP TABLE _stage")

    def _put(
        self, table: str, *, records: Sequence[R], row: Callable[[R], tuple[Any, ...]]
    ) -> None:
        rows = [row(r) for r in records]  # encode before the transaction starts
        if not rows:
            return
        with self._transaction() as conn:
            self._upsert(conn, table=table, rows=rows)

    # --- writes -------------------------------------------------------------------

    def put_documents(self, docs: Sequence[Document]) -> None:
        self._put("documents", records=docs, row=_document_row)

    def put_rejected(self, rejected: Sequence[Rejected]) -> None:
        self._put("rejected", records=rejected, row=_rejected_row)

    def put_event_mentions(self, mentions: Sequence[EventMention]) -> None:
        self._put("event_mentions", records=mentions, row=_mention_row)

    def put_batch(
        self,
        documents: Sequence[Document],
        mentions: Sequence[EventMention],
        rejected: Sequence[Rejected],
    ) -> None:
        batches = (  # encode before the transaction starts
            ("event_mentions", [_mention_row(m) for m in mentions]),
            ("documents", [_document_row(d) for d in documents]),
            ("rejected", [_rejected_row(r) for r in rejected]),
        )
        if not any(rows for _, rows in batches):
            return
        with self._transaction() as conn:
            for table, rows in batches:
                self._upsert(conn, table=table, rows=rows)

    def replace_resolution(
        self,
        *,
        events: Sequence[Event],
        claims: Sequence[Claim],
        periods: Sequence[ControlPeriod],
    ) -> None:
        batches = (
            ("events", [_event_row(e) for e in events]),
            ("claims", [_claim_row(c) for c in claims]),
            ("control_periods", [_period_row(p) for p in periods]),
        )
        with self._transaction() as conn:
            for table, rows in batches:
                self._upsert(conn, table=table, rows=rows, replace_all=True)

    # --- reads --------------------------------------------------------------------

    def documents(self) -> list[Document]:
        rows = self._query("SELECT text, record FROM documents ORDER BY doc_id")
        return [_document(text, rec) for text, rec in rows]

    def document(self, doc_id: str) -> Document | None:
        rows = self._query("SELECT text, record FROM documents WHERE doc_id = ?", [doc_id])
        return _document(rows[0][0], rows[0][1]) if rows else None

    def has_document(self, doc_id: str) -> bool:
        return bool(self._query("SELECT 1 FROM documents WHERE doc_id = ?", [doc_id]))

    def event_mentions(self) -> list[EventMention]:
        rows = self._query("SELECT record FROM event_mentions ORDER BY doc_id, mention_id")
        return [codec.loads(EventMention, r[0]) for r in rows]

    def events(
        self,
        *,
        place: str | None = None,
        country: str | None = None,
        since: date | None = None,
        until: date | None = None,
        event_type: str | None = None,
    ) -> list[Event]:
        where: list[str] = []
        params: list[Any] = []
        if place is not None:
            where.append("(lower(location) = lower(?) OR CAST(geonameid AS VARCHAR) = ?)")
            params += [place.strip(), place.strip()]
        if country is not None:
            where.append("(lower(country) = lower(?) OR upper(iso) = upper(?))")
            params += [country.strip(), country.strip()]
        if since is not None:
            where.append("event_date >= ?")
            params.append(since)
        if until is not None:
            where.append("event_date <= ?")
            params.append(until)
        if event_type is not None:
            where.append("lower(event_type) = lower(?)")
            params.append(event_type.strip())
        sql = "SELECT record FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY event_date NULLS LAST, event_id"
        return [codec.loads(Event, r[0]) for r in self._query(sql, params)]

    def claims(self) -> list[Claim]:
        rows = self._query("SELECT record FROM claims ORDER BY claim_id")
        return [codec.loads(Claim, r[0]) for r in rows]

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
        rows = self._query(sql)
        return [Rejected(origin=o, code=c, reason=r) for o, c, r in rows]


def _document(text: str, record: str) -> Document:
    try:
        data = json.loads(record)
    except json.JSONDecodeError as e:
        raise codec.CodecError(f"stored Document is not valid JSON: {e}") from e
    data["text"] = text
    return codec.from_json(Document, data)
