from __future__ import annotations

from pathlib import Path

import pytest

from store_backends import any_store, backend  # noqa: F401  (store fixtures: DuckDB, PostgreSQL)
from tadmor.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.create()


@pytest.fixture(scope="session")
def analyzer(settings: Settings):  # type: ignore[no-untyped-def]
    from tadmor.pipeline import Analyzer

    return Analyzer.create(settings)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not present")
    return SHARED
