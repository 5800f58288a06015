"""The TimeML reader and the TempEval-3 style timex scorer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tadmor.eval.timeml import evaluate_timeml, read_timeml

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

DOC = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2016-12-12" temporalFunction="false" functionInDocument="CREATION_TIME">2016-12-12</TIMEX3></DCT>
<TEXT>
Militia fighters <EVENT eid="e1" class="OCCURRENCE">shelled</EVENT> the old bridge <TIMEX3 tid="t1" type="DATE" value="2016-12-11" functionInDocument="NONE">on Sunday</TIMEX3>, residents said.
The road had been closed for <TIMEX3 tid="t2" type="DURATION" value="P3W" functionInDocument="NONE">three weeks</TIMEX3> &amp; more.
Repairs began in <TIMEX3 tid="t3" type="DATE" value="2016-03" functionInDocument="NONE">March</TIMEX3>.
Nobody expects a solution <TIMEX3 tid="t4" type="DATE" value="FUTURE_REF" functionInDocument="NONE">any time soon</TIMEX3>.
</TEXT>
</TimeML>
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_read_timeml_offsets_and_dct(tmp_path: Path) -> None:
    doc = read_timeml(_write(tmp_path, "a.tml", DOC))
    assert doc.doc_id == "TEST001"
    assert doc.dct == date(2016, 12, 12)
    assert [t.text for t in doc.timexes] == ["on Sunday", "three weeks", "March", "any time soon"]
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text
    assert "&" in doc.text and "<EVENT" not in doc.text
    assert [t.value for t in doc.timexes][:2] == ["2016-12-11", "P3W"]


def test_evaluate_one_document(tmp_path: Path) -> None:
    s = evaluate_timeml(_write(tmp_path, "a.tml", DOC))
    assert (s.docs, s.timex_gold) == (1, 4)
    # found: "Sunday" (inside "on Sunday": relaxed only), "three weeks" (exact), "March"
    # (exact, value 2016-03), "soon" (inside "any time soon", FUTURE_REF)
    assert s.timex_pred == 4
    assert s.extent_relaxed_f1 == pytest.approx(1.0)
    assert s.extent_strict_f1 == pytest.approx(0.5)
    assert s.value_f1 == pytest.approx(1.0)
    assert s.type_accuracy == pytest.approx(1.0)


def test_folder_with_a_broken_file_reports_it(tmp_path: Path) -> None:
    _write(tmp_path, "a.tml", DOC)
    _write(tmp_path, "b.tml", "<TimeML><TEXT>unclosed")
    _write(tmp_path, "c.tml", "<TimeML><DOCID>X</DOCID></TimeML>")
    s = evaluate_timeml(tmp_path)
    assert s.docs == 1
    assert sorted(Path(k.path).name for k in s.skipped) == ["b.tml", "c.tml"]
    assert all(k.reason for k in s.skipped)


def test_empty_folder_scores_zero(tmp_path: Path) -> None:
    s = evaluate_timeml(tmp_path)
    assert (s.docs, s.timex_gold, s.timex_pred, s.value_f1) == (0, 0, 0, 0.0)


def test_tbaq_cleaned_scores() -> None:
    corpus = SHARED / "eval" / "time" / "TBAQ-cleaned"
    if not corpus.is_dir():
        pytest.skip("TBAQ-cleaned not available")
    s = evaluate_timeml(corpus)
    assert s.docs >= 250 and s.timex_gold > 1500
    assert s.extent_relaxed_f1 >= 0.88
    assert s.value_f1 >= 0.70
    assert s.type_accuracy >= 0.90
