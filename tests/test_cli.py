"""The command line, end to end on a small invented corpus, and its documentation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tadmor.cli import app

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()

REPORT_A = (
    "Rebels take Kidal\n\n"
    "KIDAL — Fighters of the Coordination of Azawad Movements seized the town of Kidal on Monday "
    "after Malian soldiers withdrew, residents said. At least 4 soldiers were killed.\n"
)
REPORT_B = (
    "Malian soldiers recaptured Kidal from the Coordination of Azawad Movements on Saturday, "
    "the army said. The army had vowed to retake Anefis as well.\n"
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    (root / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (root / "b.txt").write_text(REPORT_B, encoding="utf-8")
    (root / "empty.txt").write_text("", encoding="utf-8")
    (root / "blob.txt").write_bytes(bytes(range(256)) * 8)
    (root / "nav.html").write_text(
        "<html><body><nav><a href='/'>Home</a></nav><footer>(c)</footer></body></html>",
        encoding="utf-8",
    )
    good = {
        "text": "On Saturday the Malian army drove CMA fighters out of Kidal, a military source said.",
        "published": "2023-11-20",
        "source": "Sahel Daily",
    }
    (root / "dump.jsonl").write_text(
        json.dumps(good) + "\n" + '{"text": "unterminated\n', encoding="utf-8"
    )
    (root / "metadata.jsonl").write_text(
        json.dumps({"file": "a.txt", "published": "2023-11-15", "source": "Desert Wire"})
        + "\n"
        + json.dumps({"file": "b.txt", "published": "2023-11-20", "source": "Niger Bend"})
        + "\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def store(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("store") / "t.duckdb")
    result = runner.invoke(app, ["run", str(corpus), "--store", path, "--quiet"])
    assert result.exit_code == 2, result.output  # bad inputs were skipped, the rest went on
    for name, code in [
        ("empty.txt", "E101"),
        ("blob.txt", "E102"),
        ("nav.html", "E107"),
        ("dump.jsonl:2", "E105"),
    ]:
        assert re.search(rf"{re.escape(name)}\S*: \[{code}\]", result.output), (name, result.output)
    assert "documents analysed: 3" in result.output
    return path


def test_events_json(store: str) -> None:
    result = runner.invoke(app, ["events", "--store", store, "--format", "json"])
    assert result.exit_code == 0, result.output
    events = json.loads(result.output)
    subs = {(e["sub_event_type"], e["actor1"]) for e in events}
    assert ("Non-state actor overtakes territory", "CMA - Coordination of Azawad Movements") in subs
    assert ("Government regains territory", "Military Forces of Mali") in subs


def test_timeline(store: str) -> None:
    result = runner.invoke(app, ["timeline", "Kidal", "--store", store])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Kidal")]
    assert [line.split(":")[1].split("  ")[0].strip() for line in lines] == [
        "Military Forces of Mali (inferred)",
        "CMA - Coordination of Azawad Movements",
        "Military Forces of Mali",
    ]
    assert "2023-11-13" in result.output and "2023-11-18" in result.output


def test_unknown_place_timeline_fails(store: str) -> None:
    assert runner.invoke(app, ["timeline", "Atlantis", "--store", store]).exit_code == 1


def test_claims_and_rejected(store: str) -> None:
    result = runner.invoke(app, ["claims", "--store", store])
    assert "[future]" in result.output
    result = runner.invoke(app, ["rejected", "--store", store])
    assert "E101" in result.output


@pytest.mark.parametrize("fmt", ["csv", "json", "geojson", "parquet"])
def test_export(store: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"events.{fmt}"
    result = runner.invoke(app, ["export", "--store", store, "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    if fmt == "csv":
        header = out.read_text(encoding="utf-8").splitlines()[0]
        assert header.startswith("event_id_cnty,event_date,year,time_precision")


def test_report(store: str, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", "--store", store, "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Kidal" in html and "<svg" in html


def test_eval_seeds_on_own_expected(corpus: Path, tmp_path: Path) -> None:
    expected = tmp_path / "expected.json"
    expected.write_text(
        json.dumps(
            {
                "changes": [
                    {
                        "place": "Kidal",
                        "lat": 18.44,
                        "lon": 1.41,
                        "date": "2023-11-13",
                        "window_days": 1,
                        "from": "Malian army",
                        "to": "Coordination of Azawad Movements",
                    },
                    {
                        "place": "Kidal",
                        "lat": 18.44,
                        "lon": 1.41,
                        "date": "2023-11-18",
                        "window_days": 1,
                        "from": "Coordination of Azawad Movements",
                        "to": "Malian troops",
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["eval", "seeds", str(expected), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output[result.output.index("{") :])
    assert scores["recall"] == 1.0 and scores["precision"] == 1.0


def test_every_command_is_documented_in_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")

    def name(c) -> str:  # type: ignore[no-untyped-def]
        return str(c.name or c.callback.__name__.replace("_", "-"))

    commands = {name(c) for c in app.registered_commands}
    for g in app.registered_groups:
        assert g.typer_instance is not None
        commands |= {f"{g.name} {name(c)}" for c in g.typer_instance.registered_commands}
    missing = [
        c for c in sorted(commands) if not re.search(rf"tadmor {re.escape(str(c))}\b", readme)
    ]
    assert not missing, f"undocumented commands: {missing}"
