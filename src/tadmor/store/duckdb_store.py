"""The DuckDB implementation of :class:`tadmor.store.base.Store`: one file, no server."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from tadmor.errors import StoreError
from tadmor.store import rows as rowmod
from tadmor.store.migrations import MIGRATIONS, Migration, apply_migrations
from tadmor.store.sql import SqlStore

_MEMORY = ":memory:"


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


class _DuckTx:
    """A DuckDB connection as the shared SQL layer's :class:`~tadmor.store.sql.Tx`."""

    dialect = "duckdb"

    def __init__(self, conn: Any, types: dict[str, dict[str, str]]) -> None:
        self.conn = conn
        self._types = types

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(sql, list(params))

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        found: list[tuple[Any, ...]] = self.conn.execute(sql, list(params)).fetchall()
        return found

    def _column_types(self, table: str) -> dict[str, str]:
        if table not in self._types:
            found = self.conn.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? AND table_schema = 'main'",
                [table],
            ).fetchall()
            self._types[table] = {str(n): str(t) for n, t in found}
        return self._types[table]

    def stage(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        cols = rowmod.COLUMNS[table]
        types = self._column_types(table)
        select = ", ".join(f"unnest(?::{types[c]}[]) AS {c}" for c in cols)
        self.conn.execute(
            f"CREATE OR REPLACE TEMP TABLE _stage AS SELECT {select}",
            [list(col) for col in zip(*rows, strict=True)],
        )


class DuckDBStore(SqlStore):
    """A :class:`~tadmor.store.base.Store` in a DuckDB file (or ``":memory:"``).

    Safe to share between threads of one process (calls are serialised); DuckDB lets only
    one process open a file for writing at a time.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        migrations: tuple[Migration, ...] = MIGRATIONS,
        must_exist: bool = False,
    ):
        target = str(path)
        if target != _MEMORY:
            p = Path(target).expanduser()
            if p.is_dir():
                raise StoreError("E302", f"{p} is a directory, not a DuckDB store file")
            if must_exist and not p.is_file():
                raise StoreError(
                    "E314",
                    f"no store at {p}: run `tadmor run INPUTS --store {p}` first, or point "
                    "--store at an existing store",
                )
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError("E302", f"cannot create the directory of store {p}: {e}") from e
            target = str(p)
        self.path = target
        self._lock = threading.RLock()
        self._local = threading.local()  # each thread's reading cursor
        self._readers: list[Any] = []
        self._readers_lock = threading.Lock()  # not the write lock: reads never wait for it
        self._conn: Any = _connect(target)
        self._types: dict[str, dict[str, str]] = {}
        try:
            self.applied_migrations = apply_migrations(_DuckTx(self._conn, {}), migrations)
        except duckdb.Error as e:
            self._conn.close()
            raise StoreError("E307", f"could not set up the schema of store {target}: {e}") from e
        except BaseException:
            self._conn.close()
            raise

    @contextmanager
    def _transaction(self) -> Iterator[_DuckTx]:
        with self._lock:
            conn = self._live()
            conn.execute("BEGIN TRANSACTION")
            try:
                yield _DuckTx(conn, self._types)
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

    def _reader(self) -> Any:
        """This thread's own cursor: reads see the last commit and never wait for a write."""
        with self._readers_lock:
            conn = self._live()
            cursor = getattr(self._local, "cursor", None)
            if cursor is None or getattr(self._local, "of", None) is not conn:
                cursor = conn.cursor()
                self._readers.append(cursor)
                self._local.cursor, self._local.of = cursor, conn
            return cursor

    @contextmanager
    def _reading(self) -> Iterator[_DuckTx]:
        try:
            yield _DuckTx(self._reader(), self._types)
        except duckdb.Error as e:
            raise StoreError("E307", f"read from store {self.path} failed: {e}") from e
