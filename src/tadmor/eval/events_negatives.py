"""Score the false-event rate on texts that report no ACLED event.

The gold file holds texts that a coder should code no event for: general news (weather,
traffic, sport, business, ordinary crime, accidents, disasters, diplomacy), or conflict
reporting that tells no event (plans, appeals, denials). Three layouts:

* ``.jsonl`` / ``.json`` lines: one object per line with a ``text`` (and optional ``title``
  and ``date``, ``YYYY-MM-DD``);
* ``.csv``: a ``text`` (else ``notes``) column, optional ``title`` and ``date`` / ``event_date``;
* anything else: plain text, one text per non-blank line.

Each text is coded on its own as one :class:`~tadmor.model.Document` (as ``eval events``
codes ACLED notes); only asserted, merged events count. Measures: ``texts``,
``texts_coded`` (texts with at least one event), ``share_coded`` (``texts_coded / texts``),
``events`` and ``events_per_100`` (events per 100 texts). ``coded`` lists what was coded
(line, type, sub-event type, the trigger sentence) so that each false event can be read.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from tadmor.errors import TadmorError
from tadmor.eval.events import _code, _document
from tadmor.model import Document
from tadmor.pipeline import Analyzer

MAX_LISTED = 1000


@dataclass(frozen=True, slots=True)
class NegativeText:
    line: int
    text: str
    title: str | None = None
    published: date | None = None


@dataclass(frozen=True, slots=True)
class CodedFalse:
    line: int
    event_type: str
    sub_event_type: str
    quote: str


@dataclass(frozen=True, slots=True)
class NegativeScores:
    texts: int
    texts_coded: int
    events: int
    coded: tuple[CodedFalse, ...]
    errors: tuple[tuple[int, str], ...] = ()

    @property
    def share_coded(self) -> float:
        return self.texts_coded / self.texts if self.texts else 0.0

    @property
    def events_per_100(self) -> float:
        return 100.0 * self.events / self.texts if self.texts else 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "texts": self.texts,
            "texts_coded": self.texts_coded,
            "share_coded": round(self.share_coded, 4),
            "events": self.events,
            "events_per_100": round(self.events_per_100, 2),
            "coded": [
                {
                    "line": c.line,
                    "event_type": c.event_type,
                    "sub_event_type": c.sub_event_type,
                    "quote": c.quote,
                }
                for c in self.coded[:MAX_LISTED]
            ],
            "errors": [{"line": n, "reason": r} for n, r in self.errors],
        }


def read_negatives(path: Path) -> list[NegativeText]:
    """The texts of a negatives file (see the module docstring for the layouts)."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TadmorError("E421", f"cannot read negatives file {path}: {exc}") from exc
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".json"}:
        return _from_jsonl(raw, path)
    if suffix == ".csv":
        return _from_csv(raw, path)
    return [
        NegativeText(line=n, text=" ".join(line.split()))
        for n, line in enumerate(raw.splitlines(), start=1)
        if line.strip()
    ]


def _from_jsonl(raw: str, path: Path) -> list[NegativeText]:
    out: list[NegativeText] = []
    for n, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TadmorError("E424", f"{path}:{n}: not a JSON object ({exc.msg})") from exc
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            raise TadmorError("E424", f'{path}:{n}: a negatives line needs a "text" string')
        title = rec.get("title")
        if rec["text"].strip():
            out.append(
                NegativeText(
                    line=n,
                    text=rec["text"],
                    title=title if isinstance(title, str) and title.strip() else None,
                    published=_date(rec.get("date")),
                )
            )
    return out


def _from_csv(raw: str, path: Path) -> list[NegativeText]:
    reader = csv.DictReader(raw.splitlines())
    header = [h.strip() for h in reader.fieldnames or []]
    column = "text" if "text" in header else "notes" if "notes" in header else ""
    if not column:
        raise TadmorError("E422", f"{path} is not a negatives CSV: it has no text or notes column")
    reader.fieldnames = header
    out: list[NegativeText] = []
    for rec in reader:
        text = (rec.get(column) or "").strip()
        if text:
            title = (rec.get("title") or "").strip() or None
            when = _date(rec.get("date") or rec.get("event_date"))
            out.append(NegativeText(line=reader.line_num, text=text, title=title, published=when))
    return out


def _date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def evaluate_negatives(
    path: Path, *, analyzer: Analyzer, limit: int | None = None
) -> NegativeScores:
    """Code every text of a negatives file and count the events coded (all of them false)."""
    if limit is not None and limit < 1:
        raise TadmorError("E423", f"limit must be at least 1 (got {limit})")
    texts = read_negatives(path)[:limit]
    docs = [_doc(t, path) for t in texts]
    coded = _code(analyzer, docs)
    listed: list[CodedFalse] = []
    errors: list[tuple[int, str]] = []
    n_coded = n_events = 0
    for t, c in zip(texts, coded, strict=True):
        if c.error:
            errors.append((t.line, c.error))
        if c.events:
            n_coded += 1
            n_events += len(c.events)
        for e in c.events:
            trigger = next((f.evidence.quote for f in e.evidence if f.field == "event_type"), "")
            quote = next((f.evidence.quote for f in e.evidence if f.field == "notes"), e.notes)
            listed.append(
                CodedFalse(t.line, e.event_type, e.sub_event_type, f"[{trigger}] {quote[:300]}")
            )
    return NegativeScores(
        texts=len(texts),
        texts_coded=n_coded,
        events=n_events,
        coded=tuple(listed),
        errors=tuple(errors),
    )


def _doc(t: NegativeText, path: Path) -> Document:
    doc = _document(t.text, origin=f"{path}:{t.line}", published=t.published)
    return replace(doc, title=t.title) if t.title else doc
