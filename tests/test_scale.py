"""Scale: workers, stdin, watch, relevance-first parsing, and killed runs.

Invented reports about invented places and groups (and ordinary local news the relevance
filter should leave unparsed)."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tadmor.cli import app
from tadmor.model import Document
from tadmor.pipeline import Analyzer, RunOptions, run
from tadmor.settings import Settings
from tadmor.store import DuckDBStore, open_store

SRC = str(Path(__file__).resolve().parents[1] / "src")

CONFLICT = [
    "Rebels of the Dawn Front shelled the town of Kessala on Monday, killing four civilians, "
    "a local official said.",
    "Government troops recaptured the border post of Marrak from the Dawn Front on Tuesday "
    "after two days of clashes.",
    "Hundreds of protesters marched through the capital on Friday demanding the release of "
    "detained journalists; police fired tear gas.",
    "A roadside bomb struck an army convoy near the village of Ulen on Sunday, wounding three "
    "soldiers.",
    "Militants ambushed a police patrol in the hills outside Darsa on Wednesday, killing two "
    "officers.",
    "Warplanes bombed a weapons depot held by the insurgents north of Kessala overnight.",
]
GENERAL = [
    "The city council approved a new budget for the public library on Tuesday after a long "
    "debate about opening hours.",
    "The high school basketball team won its third game of the season on Friday night.",
    "Heavy rain is expected across the valley this weekend, forecasters said.",
    "A bakery on Main Street celebrated its fiftieth anniversary with free bread for everyone.",
    "The county fair opens next week with a pie contest, pony rides and a tractor show.",
    "Volunteers planted two hundred trees along the river path on Saturday morning.",
]


def _records() -> list[dict[str, str]]:
    texts = [t for pair in zip(CONFLICT, GENERAL, strict=True) for t in pair]
    return [
        {"text": t, "published": f"2023-04-{i + 1:02d}", "source": "Valley Herald"}
        for i, t in enumerate(texts)
    ]


def _feed(path: Path, records: list[dict[str, str]] | None = None) -> Path:
    rows = _records() if records is None else records
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def snapshot(store: DuckDBStore) -> dict[str, Any]:
    return {
        "documents": sorted(d.doc_id for d in store.documents()),
        "mentions": sorted(repr(m) for m in store.event_mentions()),
        "events": sorted(repr(e) for e in store.events()),
        "rejected": sorted(repr(r) for r in store.rejected()),
    }


def _open(path: Path) -> DuckDBStore:
    s = open_store(str(path))
    assert isinstance(s, DuckDBStore)
    return s


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The store a plain one-process run makes of the feed."""
    tmp = tmp_path_factory.mktemp("ref")
    settings = Settings.create(chunk_size=3, relevance_first=True)
    with _open(tmp / "ref.duckdb") as store:
        report = run([_feed(tmp / "feed.jsonl")], settings=settings, store=store)
        snap = snapshot(store)
    assert report.documents == 12 and report.event_mentions > 0
    assert 0 < report.parsed_documents < 12  # relevance first: the general news is not parsed
    return snap


# --- relevance first ------------------------------------------------------------------


@pytest.fixture(scope="module")
def relevant_first(analyzer: Analyzer) -> Analyzer:
    """The session's Analyzer, parsing only relevant spans."""
    return dataclasses.replace(
        analyzer, settings=dataclasses.replace(analyzer.settings, relevance_first=True)
    )


def test_only_relevant_spans_are_parsed_and_evidence_quotes_the_document(
    relevant_first: Analyzer,
) -> None:
    analyzer = relevant_first
    text = (
        "The harbour festival drew large crowds on Saturday. Stalls sold fish and honey.\n\n"
        "Later that night gunmen attacked a checkpoint of the Coastal Guard outside Vell, "
        "killing two guards. The attackers fled into the marshes.\n\n"
        "The festival continues on Sunday with a boat race and a concert."
    )
    doc = Document(doc_id=Document.make_id(text), text=text, origin="test")
    spans = analyzer.spans_of(doc)
    assert spans and sum(e - s for s, e in spans) < len(text)
    [parsed] = analyzer.parser.parse_spans([(doc, spans)])
    assert parsed.tokens and all(
        any(s <= t.start and t.end <= e for s, e in spans) for t in parsed.tokens
    )
    assert all(text[t.start : t.end] == t.text for t in parsed.tokens)
    assert [t.i for t in parsed.tokens] == list(range(len(parsed.tokens)))
    [(_, mentions)] = list(analyzer.analyse([doc]))
    assert mentions
    for m in mentions:
        for ev in (m.trigger, m.sentence, *(f.evidence for f in m.evidence)):
            assert text[ev.start : ev.end] == ev.quote


def test_a_document_with_no_relevant_sentence_is_not_parsed(relevant_first: Analyzer) -> None:
    analyzer = relevant_first
    doc = Document(doc_id="d", text=GENERAL[0], origin="test")
    assert analyzer.spans_of(doc) == []
    [(_, mentions)] = list(analyzer.analyse([doc]))
    assert mentions == []


# --- every core -------------------------------------------------------------------------


def test_the_same_store_whatever_the_number_of_workers(
    tmp_path: Path, reference: dict[str, Any]
) -> None:
    settings = Settings.create(chunk_size=3, relevance_first=True)
    with _open(tmp_path / "w2.duckdb") as store:
        report = run(
            [_feed(tmp_path / "feed.jsonl")],
            settings=settings,
            store=store,
            options=RunOptions(workers=2),
        )
        assert report.documents == 12
        assert snapshot(store) == reference


def test_run_reads_json_lines_from_stdin(tmp_path: Path, reference: dict[str, Any]) -> None:
    feed = _feed(tmp_path / "feed.jsonl").read_text(encoding="utf-8")
    db = tmp_path / "stdin.duckdb"
    res = CliRunner().invoke(
        app,
        ["run", "-", "--store", str(db), "--workers", "1", "--chunk-size", "3", "-q"],
        input=feed,
    )
    assert res.exit_code == 0, res.output
    assert "documents analysed: 12" in res.output
    with _open(db) as store:
        snap = snapshot(store)
    # same documents and mentions; only the origins differ (<stdin>:N, not the file's)
    assert snap["documents"] == reference["documents"]
    assert len(snap["mentions"]) == len(reference["mentions"])


def test_watch_takes_new_files_once(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "watch.duckdb"
    rows = _records()
    _feed(inbox / "a.jsonl", rows[:6])
    (inbox / "b.jsonl.part").write_text("still being written", encoding="utf-8")
    args = ["watch", str(inbox), "--store", str(db), "--workers", "1", "--once"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "documents analysed: 6" in first.output
    _feed(inbox / "c.jsonl", rows[6:])
    second = CliRunner().invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "documents analysed: 6" in second.output  # only c.jsonl's documents are new
    third = CliRunner().invoke(app, args)
    assert "documents analysed: 0" in third.output
    with _open(db) as store:
        assert len(store.documents()) == 12


# --- killed runs ---------------------------------------------------------------------------


class _Killed(BaseException):
    """Stands for the process being killed between two transactions."""


def test_a_run_stopped_mid_way_and_run_again_loses_and_duplicates_nothing(
    tmp_path: Path, reference: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings.create(chunk_size=3, relevance_first=True)
    feed = _feed(tmp_path / "feed.jsonl")
    with _open(tmp_path / "k.duckdb") as store:
        real = store.put_batch
        calls = {"n": 0}

        def put_batch(*a: Any) -> None:
            calls["n"] += 1
            if calls["n"] == 3:
                raise _Killed
            real(*a)

        monkeypatch.setattr(store, "put_batch", put_batch)
        with pytest.raises(_Killed):
            run([feed], settings=settings, store=store)
        monkeypatch.undo()
        assert len(store.documents()) == 6  # two chunks of three stored, the third lost
        run([feed], settings=settings, store=store)
        assert snapshot(store) == reference


def test_a_killed_process_run_again_loses_and_duplicates_nothing(
    tmp_path: Path, reference: dict[str, Any]
) -> None:
    feed = _feed(tmp_path / "feed.jsonl")
    db = tmp_path / "sigkill.duckdb"
    cmd = [
        sys.executable, "-m", "tadmor.cli", "run", str(feed), "--store", str(db),
        "--workers", "1", "--chunk-size", "3",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": SRC}
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    assert proc.stderr is not None
    for line in proc.stderr:  # the first chunk is committed: kill it there
        if b"stored a chunk" in line:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=300)
    assert proc.returncode == -signal.SIGKILL
    with _open(db) as store:
        assert 3 <= len(store.documents()) < 12
    done = subprocess.run([*cmd, "-q"], env=env, capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr
    with _open(db) as store:
        assert snapshot(store) == reference


def test_an_input_of_one_chunk_starts_no_worker_process(
    tmp_path: Path, reference: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tadmor.scale.local as local

    def no_pool(*a: Any, **k: Any) -> None:
        raise AssertionError("a worker pool was started for one chunk")

    monkeypatch.setattr(local, "ProcessPoolExecutor", no_pool)
    settings = Settings.create(chunk_size=12, relevance_first=True)
    with _open(tmp_path / "one.duckdb") as store:
        report = run(
            [_feed(tmp_path / "feed.jsonl")],
            settings=settings,
            store=store,
            options=RunOptions(workers=2),
        )
        assert report.documents == 12
        assert snapshot(store)["documents"] == reference["documents"]
