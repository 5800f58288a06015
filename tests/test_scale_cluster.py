"""Dask: a run on a LocalCluster of two worker processes, one of them killed mid-way, and a
dataset the workers read themselves. Skipped without the cluster extra."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from tadmor.pipeline import RunOptions, run
from tadmor.settings import Settings
from tadmor.store import DuckDBStore, open_store

distributed = pytest.importorskip("distributed")

REPORTS = [
    "Rebels of the Ember Coalition shelled the river town of Havik on Monday, killing three "
    "civilians, residents said.",
    "The town library reopened on Tuesday after a month of repairs to its roof.",
    "Army troops retook the hill post of Sorn from the Ember Coalition on Wednesday.",
    "Protesters blocked the main bridge of Havik on Thursday; police used tear gas.",
    "A car bomb exploded near a market in Lemta on Friday, wounding eleven people.",
    "The regional orchestra will play three concerts in the park this summer.",
    "Gunmen abducted two aid workers on the road between Sorn and Lemta on Saturday.",
    "Militants attacked an army base outside Havik overnight; two soldiers were killed.",
]


def _rows() -> list[dict[str, str]]:
    return [
        {"text": t, "published": f"2024-02-{i + 1:02d}", "source": "River Post"}
        for i, t in enumerate(REPORTS)
    ]


def _open(path: Path) -> DuckDBStore:
    s = open_store(str(path))
    assert isinstance(s, DuckDBStore)
    return s


def _content(store: DuckDBStore) -> tuple[list[str], list[tuple[str, str]], int]:
    """Documents, mentions (by document and trigger) and events, ignoring origins."""
    docs = sorted(d.doc_id for d in store.documents())
    mentions = sorted((m.doc_id, m.trigger.quote) for m in store.event_mentions())
    return docs, mentions, len(store.events())


@pytest.fixture(scope="module")
def client() -> Any:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("ref")
    feed = tmp / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in _rows()), encoding="utf-8")
    with _open(tmp / "ref.duckdb") as store:
        run([feed], settings=Settings.create(chunk_size=1, relevance_first=True), store=store)
        return _content(store)


def test_a_killed_worker_loses_and_duplicates_nothing(
    client: Any, reference: Any, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in _rows()), encoding="utf-8")
    killed: list[int] = []

    def progress(n: int) -> None:
        if not killed:  # the first result is in: kill a worker while others run
            pids = client.run(os.getpid)
            pid = sorted(pids.values())[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    with _open(tmp_path / "c.duckdb") as store:
        report = run(
            [feed],
            settings=Settings.create(chunk_size=1, relevance_first=True),
            store=store,
            options=RunOptions(cluster=client, progress=progress),
        )
        assert killed
        assert report.documents == len(REPORTS) and not report.rejected
        assert _content(store) == reference
        # the whole input again: nothing new
        again = run(
            [feed],
            settings=Settings.create(chunk_size=1, relevance_first=True),
            store=store,
            options=RunOptions(cluster=client),
        )
        assert again.documents == 0
        assert _content(store) == reference


def test_workers_read_a_jsonl_and_a_parquet_dataset(
    client: Any, reference: Any, tmp_path: Path
) -> None:
    import duckdb

    data = tmp_path / "data"
    data.mkdir()
    rows = _rows()
    (data / "part1.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows[:5]), encoding="utf-8"
    )
    staging = tmp_path / "rest.jsonl"
    staging.write_text("".join(json.dumps(r) + "\n" for r in rows[5:]), encoding="utf-8")
    with duckdb.connect() as conn:
        conn.execute(
            f"COPY (SELECT * FROM read_json_auto('{staging}')) TO '{data / 'part2.parquet'}' "
            "(FORMAT parquet)"
        )
    with _open(tmp_path / "d.duckdb") as store:
        report = run(
            [data],
            settings=Settings.create(chunk_size=1, relevance_first=True),
            store=store,
            options=RunOptions(cluster=client, dataset=True),
        )
        assert report.documents == len(REPORTS), report.rejected
        assert _content(store) == reference
        assert any("part2.parquet#" in d.origin for d in store.documents())
