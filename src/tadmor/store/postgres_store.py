"""The PostgreSQL implementation of :class:`tadmor.store.base.Store` (``postgresql://`` URLs).

Needs the ``postgres`` extra (``pip install 'tadmor[postgres]'``, psycopg 3). Many
processes may use one database at once: a run writes while servers and CLI commands read
(each reads the last committed state; PostgreSQL's MVCC never makes a reader wait).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from tadmor.errors import StoreError
from tadmor.store import rows as rowmod
from tadmor.store.migrations import MIGRATIONS, Migration, apply_migrations
from tadmor.store.sql import SqlStore

# one migrating process at a time: a fixed key for pg_advisory_lock
_MIGRATION_LOCK = 0x7AD303


def _pg_sql(sql: str) -> str:
    """``?`` parameters as psycopg's ``%s`` (a literal ``%`` doubled first)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _redact(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@/]*@", r"//\1:***@", url)


class _PgTx:
    dialect = "postgresql"

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(_pg_sql(sql), list(params))

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cur = self.conn.execute(_pg_sql(sql), list(params))
        return list(cur.fetchall()) if cur.description is not None else []

    def stage(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        cols = ", ".join(rowmod.COLUMNS[table])
        self.conn.execute("DROP TABLE IF EXISTS _stage")
        self.conn.execute(f"CREATE TEMP TABLE _stage AS SELECT {cols} FROM {table} WITH NO DATA")
        with self.conn.cursor() as cur, cur.copy(f"COPY _stage ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


class PostgresStore(SqlStore):
    """A :class:`~tadmor.store.base.Store` in a PostgreSQL database.

    Safe to share between threads of one process (calls are serialised on its connection).
    """

    def __init__(self, url: str, *, migrations: tuple[Migration, ...] = MIGRATIONS) -> None:
        try:
            import psycopg
        except ImportError as e:
            raise StoreError(
                "E301",
                "the PostgreSQL store needs psycopg: pip install 'tadmor[postgres]'",
            ) from e
        self._psycopg = psycopg
        self.path = _redact(url)
        self._url = url
        self._lock = threading.RLock()
        self._local = threading.local()  # each thread's reading connection
        self._readers: list[Any] = []
        self._readers_lock = threading.Lock()  # not the write lock: reads never wait for it
        try:
            self._conn: Any = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as e:
            raise StoreError(
                "E302", f"cannot connect to the PostgreSQL store {self.path}: {e}"
            ) from e
        try:
            self._conn.execute("SELECT pg_advisory_lock(%s)", [_MIGRATION_LOCK])
            try:
                self.applied_migrations = apply_migrations(_PgTx(self._conn), migrations)
            finally:
                self._conn.execute("SELECT pg_advisory_unlock(%s)", [_MIGRATION_LOCK])
        except psycopg.Error as e:
            self._conn.close()
            raise StoreError(
                "E307", f"could not set up the schema of store {self.path}: {e}"
            ) from e
        except BaseException:
            self._conn.close()
            raise

    @contextmanager
    def _transaction(self) -> Iterator[_PgTx]:
        with self._lock:
            conn = self._live()
            try:
                with conn.transaction():
                    yield _PgTx(conn)
            except self._psycopg.Error as e:
                raise StoreError("E307", f"write to store {self.path} failed: {e}") from e

    def _reader(self) -> Any:
        """This thread's own connection: reads see the last commit, never wait for a write."""
        with self._readers_lock:
            conn = self._live()
            reader = getattr(self._local, "conn", None)
            if reader is None or reader.closed or getattr(self._local, "of", None) is not conn:
                try:
                    reader = self._psycopg.connect(self._url, autocommit=True, connect_timeout=10)
                except self._psycopg.Error as e:
                    raise StoreError(
                        "E302", f"cannot connect to the PostgreSQL store {self.path}: {e}"
                    ) from e
                self._readers.append(reader)
                self._local.conn, self._local.of = reader, conn
            return reader

    @contextmanager
    def _reading(self) -> Iterator[_PgTx]:
        try:
            yield _PgTx(self._reader())
        except self._psycopg.Error as e:
            raise StoreError("E307", f"read from store {self.path} failed: {e}") from e
