"""Persistence of a run's records, and exports of its events.

>>> store = open_store("out/tadmor.duckdb")   # doctest: +SKIP
>>> store.put_documents(docs); store.close()  # doctest: +SKIP
"""

from __future__ import annotations

from tadmor.errors import StoreError
from tadmor.store.base import Store
from tadmor.store.codec import CodecError, from_json, to_json
from tadmor.store.duckdb_store import DuckDBStore
from tadmor.store.export import FORMATS, export_events
from tadmor.store.migrations import MIGRATIONS, Migration
from tadmor.store.records import (
    ChangeKind,
    Correction,
    CorrectionKind,
    CorrectionRequest,
    EventChange,
    EventPage,
    EventQuery,
    FieldChange,
    StoredEvent,
)

__all__ = [
    "FORMATS",
    "MIGRATIONS",
    "ChangeKind",
    "CodecError",
    "Correction",
    "CorrectionKind",
    "CorrectionRequest",
    "DuckDBStore",
    "EventChange",
    "EventPage",
    "EventQuery",
    "FieldChange",
    "Migration",
    "Store",
    "StoreError",
    "StoredEvent",
    "export_events",
    "from_json",
    "is_postgres_url",
    "open_store",
    "to_json",
]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+")


def is_postgres_url(target: str) -> bool:
    return target.strip().lower().startswith(_POSTGRES_SCHEMES)


def open_store(url_or_path: str, *, must_exist: bool = False) -> Store:
    """Open the store at a path or URL, applying missing schema migrations.

    A file path (any name; ``*.duckdb`` by convention), ``duckdb://PATH`` or ``:memory:``
    opens a :class:`DuckDBStore`, creating the file and its directories unless
    ``must_exist`` (then a missing file is E314, naming the path: read commands use it).
    A ``postgresql://`` URL opens a :class:`~tadmor.store.postgres_store.PostgresStore`
    (the database must exist; its tables are created).
    """
    target = str(url_or_path).strip()
    if not target:
        raise StoreError("E302", "no store path given")
    if is_postgres_url(target):
        from tadmor.store.postgres_store import PostgresStore

        url = target.replace("postgresql+psycopg://", "postgresql://", 1)
        return PostgresStore(url)
    if target.lower().startswith("duckdb://"):
        target = target[len("duckdb://") :] or ":memory:"
    elif "://" in target:
        scheme = target.split("://", 1)[0]
        raise StoreError(
            "E301", f"store URL scheme {scheme!r} is not supported; use a DuckDB file path"
        )
    return DuckDBStore(target, must_exist=must_exist)
