"""`tadmor eval events --format negatives`: texts that report no event, and the false events
coded for them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tadmor.errors import TadmorError
from tadmor.eval.events_negatives import evaluate_negatives, read_negatives

TEXTS = [
    "The county fair opened on Friday with a pie contest and a tractor parade.",
    "Shares of the bakery chain rose 3 percent after strong holiday sales.",
    "Gunmen ambushed an army convoy near Djibo on Sunday, killing six soldiers.",
]


def test_three_layouts_read_the_same_texts(tmp_path: Path) -> None:
    txt = tmp_path / "n.txt"
    txt.write_text("\n".join(TEXTS) + "\n\n", encoding="utf-8")
    jsonl = tmp_path / "n.jsonl"
    jsonl.write_text(
        "\n".join(
            f'{{"text": "{t}", "title": "T{i}", "date": "2024-05-0{i + 1}"}}'
            for i, t in enumerate(TEXTS)
        ),
        encoding="utf-8",
    )
    csv = tmp_path / "n.csv"
    csv.write_text(
        "id,text\n" + "\n".join(f'{i},"{t}"' for i, t in enumerate(TEXTS)), encoding="utf-8"
    )
    for path in (txt, jsonl, csv):
        assert [t.text for t in read_negatives(path)] == TEXTS
    rows = read_negatives(jsonl)
    assert rows[1].title == "T1" and str(rows[1].published) == "2024-05-02"


def test_bad_files_give_coded_errors(tmp_path: Path) -> None:
    no_column = tmp_path / "x.csv"
    no_column.write_text("id,body\n1,hello\n", encoding="utf-8")
    with pytest.raises(TadmorError) as err:
        read_negatives(no_column)
    assert err.value.code == "E422"
    bad_json = tmp_path / "x.jsonl"
    bad_json.write_text('{"text": "ok"}\n{"body": 1}\n', encoding="utf-8")
    with pytest.raises(TadmorError) as err:
        read_negatives(bad_json)
    assert err.value.code == "E424" and ":2:" in str(err.value)


def test_false_events_are_counted_and_listed(analyzer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "n.txt"
    path.write_text("\n".join(TEXTS), encoding="utf-8")
    s = evaluate_negatives(path, analyzer=analyzer)
    assert s.texts == 3
    # the ambush is an event: in a file of non-events it counts as a false one
    assert s.texts_coded == 1
    assert s.events >= 1 and s.events_per_100 == pytest.approx(100 * s.events / 3)
    assert all(c.line == 3 for c in s.coded)
    assert s.to_json()["share_coded"] == pytest.approx(1 / 3, abs=1e-4)
