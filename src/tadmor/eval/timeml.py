"""Score :func:`tadmor.nlp.timex.find_time_expressions` on TimeML (TempEval-3) documents.

Reads ``.tml`` files (the TBAQ-cleaned layout: a ``<DCT>`` TIMEX3 with
``functionInDocument="CREATION_TIME"`` and a ``<TEXT>`` element with inline TIMEX3 tags),
runs the extractor on the plain text of ``<TEXT>`` with the DCT, and computes the
TempEval-3 task A timex measures: extent F1 with strict (same characters) and relaxed
(overlapping) matching, and, over the relaxed matches, value F1 and type accuracy.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tadmor.nlp.timex import find_time_expressions

__all__ = ["GoldTimex", "TimeMLDoc", "TimexScores", "evaluate_timeml", "read_timeml"]


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    timex_type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimeMLDoc:
    doc_id: str
    dct: date | None
    text: str
    timexes: tuple[GoldTimex, ...]


@dataclass(frozen=True, slots=True)
class SkippedFile:
    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class TimexScores:
    docs: int
    timex_gold: int
    timex_pred: int
    extent_strict_f1: float
    extent_relaxed_f1: float
    relaxed_precision: float
    relaxed_recall: float
    value_f1: float
    value_accuracy: float  # correct values among relaxed matches
    type_accuracy: float  # correct types among relaxed matches
    skipped: tuple[SkippedFile, ...] = ()


def _parse_dct(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_timeml(path: Path) -> TimeMLDoc:
    """One TimeML file: its DCT, the plain text of ``<TEXT>`` and the gold TIMEX3 spans.

    Raises ``ET.ParseError`` or ``ValueError`` when the file is not usable TimeML.
    """
    root = ET.parse(path).getroot()
    dct: date | None = None
    for tx in root.iter("TIMEX3"):
        if tx.get("functionInDocument") == "CREATION_TIME":
            dct = _parse_dct(tx.get("value", ""))
            break
    text_el = root.find("TEXT")
    if text_el is None:
        raise ValueError("no <TEXT> element")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3" and el.get("functionInDocument") != "CREATION_TIME":
            raw = "".join(parts)[start:pos]
            lead = len(raw) - len(raw.lstrip())
            s, e = start + lead, start + len(raw.rstrip())
            if e > s:
                gold.append(GoldTimex(s, e, raw.strip(), el.get("type", ""), el.get("value", "")))

    walk(text_el)
    doc_id_el = root.find("DOCID")
    doc_id = (doc_id_el.text or "").strip() if doc_id_el is not None else path.stem
    return TimeMLDoc(doc_id or path.stem, dct, "".join(parts), tuple(gold))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def evaluate_timeml(path: Path) -> TimexScores:
    """Score the extractor on one ``.tml`` file or every ``.tml`` file under a folder."""
    files = [path] if path.is_file() else sorted(path.rglob("*.tml"))
    n_gold = n_pred = strict = relaxed = value_ok = type_ok = docs = 0
    skipped: list[SkippedFile] = []
    for f in files:
        try:
            doc = read_timeml(f)
        except (ET.ParseError, ValueError, OSError) as exc:
            skipped.append(SkippedFile(str(f), f"not usable TimeML: {exc}"))
            continue
        docs += 1
        pred = find_time_expressions(doc.text, doc_id=doc.doc_id, dct=doc.dct)
        n_gold += len(doc.timexes)
        n_pred += len(pred)
        used: set[int] = set()
        for g in doc.timexes:
            best, best_overlap = -1, 0
            for i, p in enumerate(pred):
                ov = min(g.end, p.evidence.end) - max(g.start, p.evidence.start)
                if i not in used and ov > best_overlap:
                    best, best_overlap = i, ov
            if best < 0:
                continue
            used.add(best)
            p = pred[best]
            relaxed += 1
            strict += int((p.evidence.start, p.evidence.end) == (g.start, g.end))
            value_ok += int(p.value == g.value)
            type_ok += int(p.timex_type == g.timex_type)
    p_strict, r_strict = _ratio(strict, n_pred), _ratio(strict, n_gold)
    p_relaxed, r_relaxed = _ratio(relaxed, n_pred), _ratio(relaxed, n_gold)
    return TimexScores(
        docs=docs,
        timex_gold=n_gold,
        timex_pred=n_pred,
        extent_strict_f1=_f1(p_strict, r_strict),
        extent_relaxed_f1=_f1(p_relaxed, r_relaxed),
        relaxed_precision=p_relaxed,
        relaxed_recall=r_relaxed,
        value_f1=_f1(_ratio(value_ok, n_pred), _ratio(value_ok, n_gold)),
        value_accuracy=_ratio(value_ok, relaxed),
        type_accuracy=_ratio(type_ok, relaxed),
        skipped=tuple(skipped),
    )
