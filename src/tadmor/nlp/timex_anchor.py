"""Values for expressions anchored on another time in the text ("a year earlier", "that day").

After every expression of a document has been read, the anaphoric ones (those whose
:class:`~tadmor.nlp.timex_lexicon.Resolved` carries an :class:`Anchor`) take their value
from the nearest preceding expression with a calendar value (a day, week, month, quarter,
half, season or year), the way TimeML anchors them. A resolved "that day" or "the following week"
becomes the anchor of the next one; a comparison ("a year earlier") does not, so that
repeated comparisons ("..., up from $2 a year earlier; sales ... a year earlier") share
one anchor.

Rules of the arithmetic:

* "a year earlier", "two days later": the anchor moved by that many units, at the
  anchor's own granularity (a quarter a year earlier is a quarter), provided the anchor is
  no coarser than the unit ("two days later" after "in 2015" stays unresolved).
* "that month", "the same day": the period of that unit holding the anchor.
* "the following year", "the next morning", "the day before": the period of that unit
  after or before the one holding the anchor.
* "the previous Friday": the weekday before (after) the anchor day.
* "a year ago" (kind "compare") keeps its reading against the DCT unless the anchor is a
  quarter or a half-year: figures for a quarter compared with "a year ago" are those of
  the same quarter a year before.

Without a usable anchor the expression keeps its text and gets no value, unless its rule
gave a reading against the DCT to fall back on ("the quarter", "the year", "in the day").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from tadmor.nlp import timex_lexicon as lx
from tadmor.nlp.timex_lexicon import Anchor, Resolved

__all__ = ["anchor_grain", "resolve_anchors", "resolve_one"]

_RANK = {"D": 0, "W": 1, "M": 2, "Q": 3, "S": 3, "H": 4, "Y": 5}
_GRAIN = (
    (re.compile(r"^\d{4}-\d\d-\d\d(?:T|$)"), "D"),
    (re.compile(r"^\d{4}-W\d\d(?:-WE)?$"), "W"),
    (re.compile(r"^\d{4}-\d\d$"), "M"),
    (re.compile(r"^\d{4}-Q[1-4]$"), "Q"),
    (re.compile(r"^\d{4}-H[12]$"), "H"),
    (re.compile(r"^\d{4}-(?:SP|SU|FA|WI)$"), "S"),
    (re.compile(r"^\d{4}$"), "Y"),
)


def anchor_grain(res: Resolved) -> str | None:
    """The granularity of a calendar value that may anchor others, or None."""
    if res.timex_type not in ("DATE", "TIME") or res.value is None or res.earliest is None:
        return None
    for pattern, grain in _GRAIN:
        if pattern.match(res.value):
            return grain
    return None


def _period(d: date, grain: str, season: str = "") -> tuple[str, date, date] | None:
    if grain == "S":
        a, b = lx.season_range(d.year, season)
        return f"{d.year}-{season}", a, b
    if grain == "H":
        first = d.month <= 6
        a = date(d.year, 1 if first else 7, 1)
        b = date(d.year, 6, 30) if first else date(d.year, 12, 31)
        return f"{d.year}-H{1 if first else 2}", a, b
    if grain in ("D", "W", "M", "Q", "Y"):
        return lx.period_of(d, grain)
    return None


def _day_result(d: date, part: str) -> Resolved:
    if part:
        return Resolved("TIME", f"{d.isoformat()}T{part}", d, d)
    return lx.day_of(d)


def resolve_one(spec: Anchor, anchor: Resolved) -> Resolved | None:
    """The value of an anaphoric expression given its anchor; None when it cannot be had."""
    grain = anchor_grain(anchor)
    if grain is None or anchor.earliest is None or anchor.value is None:
        return None
    d = anchor.earliest
    unit = spec.unit
    if unit not in _RANK or _RANK[grain] > _RANK[unit]:
        return None  # the anchor is too coarse: "two days later" after "in 2015"
    if spec.kind == "weekday":
        if grain != "D" or spec.weekday < 0:
            return None
        if spec.n > 0:
            d = d + timedelta(days=(spec.weekday - d.weekday()) % 7 or 7)
        else:
            d = d - timedelta(days=(d.weekday() - spec.weekday) % 7 or 7)
        return _day_result(d, spec.part)
    if spec.kind == "shift":
        if grain in ("S", "H") and unit != "Y":
            return None
        moved = lx.shift(d, unit, spec.n)
        out_grain = grain
        if spec.grain in _RANK and _RANK[spec.grain] > _RANK[grain]:
            out_grain = spec.grain
    elif spec.kind in ("same", "next", "prev"):
        step = {"same": 0, "next": 1, "prev": -1}[spec.kind]
        moved = lx.shift(d, unit, step) if step else d
        out_grain = unit
    else:
        return None
    if out_grain == "D":
        return _day_result(moved, spec.part)
    season = anchor.value[5:] if grain == "S" else ""
    period = _period(moved, out_grain, season)
    if period is None:
        return None
    value, a, b = period
    return lx.span_of(value, a, b)


def resolve_anchors(items: Sequence[Resolved]) -> list[Resolved]:
    """Fill in the anaphoric expressions of a document, in text order."""
    out: list[Resolved] = []
    last: Resolved | None = None
    for res in items:
        spec = res.anchor
        comparison = spec is not None and spec.kind in ("shift", "compare")
        if spec is not None and last is not None:
            got: Resolved | None = None
            if spec.kind == "compare":
                if anchor_grain(last) in ("Q", "H"):  # "sales rose from $2m a year ago"
                    got = resolve_one(Anchor("shift", spec.unit, spec.n), last)
            elif res.value is None:
                got = resolve_one(spec, last)
            if got is not None:
                res = got
        if res.value is None and res.fallback is not None:
            res = res.fallback  # "the quarter" with nothing before it: the DCT's reading
        if not comparison and anchor_grain(res) is not None:
            last = res
        out.append(res)
    return out
