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

__all__ = [
    "FORMATS",
    "MIGRATIONS",
    "CodecError",
    "DuckDBStore",
    "Migration",
    "Store",
    "StoreError",
    "export_events",
    "from_json",
    "open_store",
    "to_json",
]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+")


def open_store(url_or_path: str) -> Store:
    """Open (creating if needed) the store at a path or URL.

    A file path (any name; ``*.duckdb`` by convention), ``duckdb://PATH`` or ``:memory:``
    opens a :class:`DuckDBStore`, creating missing directories and applying missing schema
    migrations. ``postgresql://`` URLs are reserved for the PostgreSQL backend (E301).
    """
    target = str(url_or_path).strip()
    if not target:
        raise StoreError("E302", "no store path given")
    if target.lower().startswith(_POSTGRES_SCHEMES):
        raise StoreError(
            "E301",
            "the PostgreSQL store is not available yet; use a DuckDB file path "
            "(e.g. --store out/tadmor.duckdb)",
        )
    if target.lower().startswith("duckdb://"):
        target = target[len("duckdb://") :] or ":memory:"
    elif "://" in target:
        scheme = target.split("://", 1)[0]
        raise StoreError(
            "E301", f"store URL scheme {scheme!r} is not supported; use a DuckDB file path"
        )
    return DuckDBStore(target)
