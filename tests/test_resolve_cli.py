"""`tadmor eval timeline`, `tadmor events --explain` and incremental runs, end to end.

An invented Somali corpus (no seed place, actor or sentence): two outlets report the same
recapture, a third reports it later, and a run adds a report to a store already resolved.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tadmor.cli import app
from tadmor.store import open_store

runner = CliRunner()

REPORTS = {
    "a.txt": (
        "Somali troops recapture Baidoa\n\n"
        "Somali government forces recaptured the town of Baidoa from al-Shabaab fighters on "
        "Sunday, a military commander said. At least 6 militants were killed.\n",
        "2019-04-15",
        "Horn Wire",
    ),
    "b.txt": (
        "Government soldiers retook Baidoa from al-Shabaab on Sunday, residents said.\n",
        "2019-04-15",
        "Bay Radio",
    ),
}
LATE = (
    "Al-Shabaab fighters captured the town of Baidoa on Friday after Somali troops withdrew, "
    "elders said.\n",
    "2019-06-08",
    "Horn Wire",
)


def _write(root: Path, reports: dict[str, tuple[str, str, str]]) -> None:
    meta = []
    for name, (text, published, source) in reports.items():
        (root / name).write_text(text, encoding="utf-8")
        meta.append(json.dumps({"file": name, "published": published, "source": source}))
    (root / "metadata.jsonl").write_text("\n".join(meta) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, set[str]]:
    root = tmp_path_factory.mktemp("somalia")
    first, second = root / "first", root / "second"
    first.mkdir()
    second.mkdir()
    _write(first, REPORTS)
    _write(second, {"c.txt": LATE})
    store = str(root / "s.duckdb")
    ids: set[str] = set()
    for corpus in (first, second):
        result = runner.invoke(app, ["run", str(corpus), "--store", store])
        assert result.exit_code == 0, result.output
        if not ids:
            st = open_store(store)
            ids = {e.event_id for e in st.events()}
            st.close()
    return store, root, ids


def test_second_run_keeps_the_first_run_s_event_and_its_id(
    runs: tuple[str, Path, set[str]],
) -> None:
    store, _, first_ids = runs
    st = open_store(store)
    events = [e for e in st.events() if e.territorial]
    st.close()
    recapture = [e for e in events if len(e.sources) == 2]
    assert len(recapture) == 1, [(e.event_date, e.actor1, e.sources) for e in events]
    [e] = recapture
    assert e.event_id in first_ids
    assert e.merge_links[0].rule == "founding"
    assert {lk.rule for lk in e.merge_links[1:]} == {"same_place"}
    assert e.confidence > 0.5
    # the June fall at the same town is another event: two months apart
    assert any(e.event_date is not None and e.event_date.month == 6 for e in events)


def test_events_explain_prints_mentions_reasons_and_evidence(
    runs: tuple[str, Path, set[str]],
) -> None:
    store, _, _ = runs
    st = open_store(store)
    [e] = [e for e in st.events() if e.territorial and len(e.sources) == 2]
    st.close()
    result = runner.invoke(app, ["events", "--store", store, "--explain", e.event_id])
    assert result.exit_code == 0, result.output
    text = result.output
    assert e.event_id in text and "founding mention" in text and "joined mention" in text
    assert "Horn Wire" in text and "Bay Radio" in text
    assert "evidence by field:" in text and "'recaptured'" in text
    missing = runner.invoke(app, ["events", "--store", store, "--explain", "evt_nothing"])
    assert missing.exit_code == 1 and "E312" in missing.output


def test_eval_timeline_and_eval_seeds_give_the_same_scores(
    runs: tuple[str, Path, set[str]],
) -> None:
    _, root, _ = runs
    gold = root / "GOLD.json"
    gold.write_text(
        json.dumps(
            {
                "changes": [
                    {
                        "place": "Baidoa",
                        "lat": 3.11,
                        "lon": 43.65,
                        "date": "2019-04-14",
                        "window_days": 1,
                        "from": ["al-Shabaab", "Al Shabaab"],
                        "to": "Somali government forces",
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    outputs = []
    for command in ("timeline", "seeds"):
        result = runner.invoke(app, ["eval", command, str(gold), "--corpus", str(root / "first")])
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(result.output[result.output.index("{") :]))
    assert outputs[0] == outputs[1]
    assert outputs[0]["recall"] == 1.0, outputs[0]
