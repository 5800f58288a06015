"""An event's date: the time expression that governs its clause, else its paragraph's, else
the report's own date read through the clause's tense.

:func:`event_time` returns the earliest and latest day, the ACLED time precision, the
expression's character span (the evidence) and whether the date came from context rather
than from an expression that governs the clause.

A news sentence that names no date reports something from the days before publication, as
ACLED codes it: dated to the report, with a precision that says how sure that is. The tense of
the clause bounds how far back: a present, progressive or present-perfect clause ("rebels
seize", "are shelling", "have taken") the day of the report or the one before; a simple past
("rebels seized") within the week before; a past perfect ("had seized") the month before. A
future, conditional or habitual ("regularly") clause is not dated from the report. Such a
date has no evidence span (``None``), counts as taken from context, and the extractor flags
the mention ``dated_by_report``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tadmor.events.context import DocInputs, paragraph_time
from tadmor.events.modality import Tree
from tadmor.events.syntax import after_marker, duration_before, now_word
from tadmor.model import TimePrecision, Token

__all__ = ["event_time", "report_lookback"]

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "would", "could", "might", "may", "should"})
_HAVE = frozenset({"has", "have", "'ve", "having"})
_HABITUAL = frozenset(
    [
        "regularly",
        "often",
        "frequently",
        "repeatedly",
        "usually",
        "routinely",
        "always",
        "sometimes",
        "occasionally",
        "never",
        "seldom",
        "rarely",
        "typically",
        "generally",
        "habitually",
    ]
)
_RECENT = (1, TimePrecision.WEEK)
_PAST = (6, TimePrecision.WEEK)
_PLUPERFECT = (30, TimePrecision.MONTH)


def _governing_verb(tree: Tree, trigger: Token) -> Token | None:
    """The trigger if it is a verb, else the nearest verb above it in the clause."""
    if trigger.pos in ("VERB", "AUX"):
        return trigger
    for anc in tree.ancestors(trigger.i):
        if anc.pos in ("VERB", "AUX"):
            return anc
    return None


# past forms the tagger reads as present or infinitive ("The army retook the town": VB)
_IRREGULAR_PAST = frozenset(
    [
        "took",
        "retook",
        "overtook",
        "overran",
        "ran",
        "fought",
        "struck",
        "blew",
        "stole",
        "fled",
        "led",
        "drove",
        "threw",
        "broke",
        "held",
        "beat",
        "shot",
        "began",
        "sent",
        "brought",
        "caught",
        "fell",
        "withdrew",
        "rode",
        "sank",
        "slew",
        "swept",
        "tore",
        "burnt",
    ]
)


def _past_form(verb: Token) -> bool:
    word = verb.text.lower()
    if verb.tag not in ("VB", "VBP", "NN", "JJ"):
        return False
    return word in _IRREGULAR_PAST or (word.endswith("ed") and len(word) > 4)


def report_lookback(tree: Tree, trigger: Token) -> tuple[int, TimePrecision] | None:
    """How many days before publication an undated clause reaches, by its tense; None: not news.

    "Militants storm a village" / "have stormed" / "are storming": 1 day, week precision;
    "stormed": 6 days, week precision; "had stormed": 30 days, month precision; "will storm",
    "could storm", "is going to storm": None. A noun trigger ("clashes in the town") takes its
    verb's tense; a clause with no verb (a headline "Clashes in the north") is recent.
    """
    verb = _governing_verb(tree, trigger)
    if verb is None:
        return _RECENT
    aux = [c for c in tree.children(verb.i) if c.dep in ("aux", "auxpass")]
    words = [a.text.lower() for a in aux]
    if any(w in _FUTURE_AUX for w in words) or verb.tag == "MD":
        return None
    if any(c.text.lower() in _HABITUAL for c in tree.children(verb.i)):
        return None  # "has regularly retaken towns": a habit, not one event of these days
    if "going" in words or any(c.text.lower() == "going" for c in tree.ancestors(verb.i)[:1]):
        return None
    if "had" in words:
        return _PLUPERFECT
    if any(w in _HAVE for w in words):
        return _RECENT
    if any(a.tag in ("VBZ", "VBP") for a in aux):
        return _RECENT  # "is shelling", "are reported", "is captured"
    if any(a.tag == "VBD" for a in aux) or verb.tag == "VBD" or _past_form(verb):
        return _PAST  # "was captured", "seized"
    if verb.tag in ("VBZ", "VBP", "VBG"):
        return _RECENT
    if verb.tag == "VBN" and not aux:
        return _RECENT  # headline passive: "Town captured by rebels"
    if verb.tag == "VB" and not aux:
        return _RECENT  # imperative-looking headline verb ("Rebels seize town" mis-tagged)
    return _PAST


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
        if published is not None:
            back = report_lookback(tree, trigger)
            if back is not None:
                days, prec = back
                return published - timedelta(days=days), published, prec, None, True
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
