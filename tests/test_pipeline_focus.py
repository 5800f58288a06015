"""`tadmor run` learns each source's focus: a local paper's bare town name is its own town.

Invented reports of an invented paper about western Massachusetts; the last one names only
"Springfield", whose largest namesake is in Missouri.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tadmor.pipeline import run
from tadmor.settings import Settings
from tadmor.store import open_store

_REPORTS = [
    "Holyoke firefighters put out a blaze at a paper mill on Friday, Massachusetts officials said.",
    "Chicopee and Holyoke schools closed after the storm, the mayor of Westfield told reporters.",
    "Police in Westfield, Massachusetts, arrested two men after a car chase through Chicopee.",
    "Gunmen attacked a police station in Springfield on Tuesday, killing two officers, police said.",
]


def _feed(tmp_path: Path, source: str | None) -> Path:
    path = tmp_path / "feed.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(_REPORTS):
            record = {"text": text, "published": f"2021-03-0{i + 1}"}
            if source:
                record["source"] = source
            fh.write(json.dumps(record) + "\n")
    return path


@pytest.mark.parametrize(
    ("source", "focus", "province"),
    [
        ("Valley Courier", True, "Massachusetts"),
        ("Valley Courier", False, "Missouri"),
        (None, True, "Missouri"),
    ],
)
def test_run_places_a_bare_town_where_its_source_reports(
    tmp_path: Path, source: str | None, focus: bool, province: str
) -> None:
    store = open_store(str(tmp_path / "t.duckdb"))
    try:
        run([_feed(tmp_path, source)], settings=Settings.create(source_focus=focus), store=store)
        attacks = [e for e in store.events() if e.location == "Springfield"]
        assert attacks, [(e.event_type, e.location) for e in store.events()]
        assert {e.admin1 for e in attacks} == {province}
    finally:
        store.close()


def test_the_cli_turns_the_focus_off(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tadmor.cli import app

    feed = _feed(tmp_path, "Valley Courier")
    for flag, province in (("--source-focus", "Massachusetts"), ("--no-source-focus", "Missouri")):
        db = str(tmp_path / f"{flag}.duckdb")
        result = CliRunner().invoke(app, ["run", str(feed), "--store", db, "--quiet", flag])
        assert result.exit_code == 0, result.output
        store = open_store(db)
        try:
            assert {e.admin1 for e in store.events() if e.location == "Springfield"} == {province}
        finally:
            store.close()
