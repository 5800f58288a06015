"""Store backends for the store tests: DuckDB always, PostgreSQL when a server is configured.

Set ``TADMOR_TEST_PG_URL`` (e.g. ``postgresql://postgres@127.0.0.1:55432/postgres``) to run
the same tests against a PostgreSQL server; ``.ci/run`` starts one and sets it. Each test
gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tadmor.store import Store, open_store

PG_ENV = "TADMOR_TEST_PG_URL"
BACKENDS = ("duckdb", "postgresql")


def pg_admin_url() -> str:
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        pytest.skip(f"no PostgreSQL server configured: set {PG_ENV} (.ci/run starts one)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed: pip install 'tadmor[postgres]'")
    return url


def _with_schema(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


class PgSchema:
    """A fresh schema on the configured server; ``url`` opens stores in it."""

    def __init__(self) -> None:
        import psycopg

        self.admin = pg_admin_url()
        self.name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {self.name}")
        self.url = _with_schema(self.admin, self.name)

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {self.name} CASCADE")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store location (DuckDB file or PostgreSQL URL) that no store has opened yet."""
    if request.param == "duckdb":
        yield str(tmp_path / "t.duckdb")
        return
    schema = PgSchema()
    try:
        yield schema.url
    finally:
        schema.drop()


@pytest.fixture
def any_store(backend: str) -> Iterator[Store]:
    s = open_store(backend)
    try:
        yield s
    finally:
        s.close()
