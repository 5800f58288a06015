"""An event's date: the time expression that governs its clause, else its paragraph's.

:func:`event_time` returns the earliest and latest day, the ACLED time precision, the
expression's character span (the evidence) and whether the date came from context rather
than from an expression that governs the clause.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tadmor.events.context import DocInputs, paragraph_time
from tadmor.events.modality import Tree
from tadmor.events.syntax import after_marker, duration_before, now_word
from tadmor.model import TimePrecision, Token

__all__ = ["event_time"]


def event_time(
    inputs: DocInputs, tree: Tree, trigger: Token
) -> tuple[date | None, date | None, TimePrecision, tuple[int, int] | None, bool]:
    sent = tree.sentence
    usable = [
        t
        for t in inputs.times
        if sent.start <= t.evidence.start < sent.end
        and t.timex_type in ("DATE", "TIME")
        and t.earliest is not None
    ]
    if not usable:
        now = now_word(tree, trigger)
        published = inputs.parsed.doc.published
        if now is not None and published is not None:
            return (published - timedelta(days=6), published, TimePrecision.WEEK, now, False)
        carried = paragraph_time(inputs, sent)
        if carried is not None:
            # "On Tuesday militants attacked X. They burned the market.": the paragraph's
            # last date governs a sentence that names none
            prec = carried.precision or TimePrecision.MONTH
            span = (carried.evidence.start, carried.evidence.end)
            return carried.earliest, carried.latest, prec, span, True
        return None, None, TimePrecision.MONTH, None, True
    sub = tree.span(trigger.i)
    inside = [t for t in usable if sub[0] <= t.evidence.start < sub[1]]
    pool = inside or usable
    best = min(pool, key=lambda t: abs(t.evidence.start - trigger.start))
    # "overnight into 15 March 2024": the written date beside a relative one wins
    text = inputs.parsed.doc.text
    beside = [
        t
        for t in usable
        if t is not best
        and (
            0 <= t.evidence.start - best.evidence.end <= 8
            or 0 <= best.evidence.start - t.evidence.end <= 8
        )
        and re.search(r"\b\d{4}\b", text[t.evidence.start : t.evidence.end])
        and not re.search(r"\b\d{4}\b", text[best.evidence.start : best.evidence.end])
    ]
    if beside:
        best = beside[0]
    prec = best.precision or TimePrecision.MONTH
    earliest, latest = best.earliest, best.latest
    # "after the militants had taken the city", dated by the main clause: before it;
    # "two weeks after it fell": the duration says how long before
    after = after_marker(tree, trigger)
    if after is not None and not inside and earliest is not None and latest is not None:
        gap = duration_before(inputs.times, after)
        if gap is not None:
            earliest = latest = earliest - timedelta(days=gap)
            slack = max(1, gap // 7)
            earliest, latest = earliest - timedelta(days=slack), latest + timedelta(days=slack)
            prec = TimePrecision.WEEK
        else:
            earliest, latest = earliest - timedelta(days=30), earliest
            prec = TimePrecision.MONTH
    return earliest, latest, prec, (best.evidence.start, best.evidence.end), False
