"""Time expressions: find them in news text and normalise them against the publication date.

A small rule grammar (regular expressions over words, not a parser). Every rule proposes
candidate spans; the longest non-overlapping ones win. Each candidate is normalised to a
TIMEX3 type and value plus the range of calendar days it denotes.

Conventions (the DCT is the publication date):

* Readings are chosen the way a news reader would. An undated weekday is the latest such
  day on or before the DCT ("Friday" in a Friday report is that day), the next one when the
  nearest verb is in the future tense ("will meet on Monday"). An undated day-month or month
  is the latest one beginning no more than 60 days after the DCT; in a past-tense clause, no
  more than 30 days (days) or 0 days (months) after it; in a future-tense clause, the
  earliest one not over before the DCT. Seasons and quarters: the latest one begun by the DCT.
* ``earliest``/``latest`` are the days the value denotes ("a month ago": the whole month,
  "two weeks ago": the ISO week). "early/mid/late", "the end of", "earlier this year" narrow
  the range and keep the value. Durations have no range, except those anchored at the DCT
  ("the past two weeks", "in recent days", "the coming days").
* ``precision`` is DAY for one day, WEEK for up to seven, MONTH otherwise; for an
  expression without a range it is the grain of the expression ("the same day": DAY).
* Expressions whose value depends on another time in the text ("that month", "two days
  later", "a year earlier", "the following day") take it from the nearest preceding
  calendar expression (:mod:`.timex_anchor`); without a usable one they keep the text and
  get value None, as do relative expressions when the DCT is unknown, and ambiguous
  numeric dates ("05/04/2015"). Exceptions read against the DCT: "the quarter" (the one
  last reported on), "the year" (the DCT's), "(later) in the day" (the DCT).
* Holidays with a fixed rule (Christmas, New Year's, Easter, US Thanksgiving) are read
  like day-months. "current" (an adjective) is PRESENT_REF, "then-current" PAST_REF.
* The tense is read from text cues: the nearest verb-ish marker, a "to"-infinitive after
  "agreed"/"decided"/... (looks ahead), "had been scheduled" (past), "since" (past),
  "until"/"as soon as" (future); a fronted "On Tuesday, ..." takes its clause's verb.

Layout: :mod:`.timex_lexicon` (words, regex pieces, calendar arithmetic),
:mod:`.timex_rules` (rule context, tense, calendar-date rules), :mod:`.timex_relative`
(DCT-relative rules, durations, sets, clock times, anaphora), :mod:`.timex_anchor`
(values of anaphoric expressions); this module holds the rule table and the public API.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from tadmor.model import Evidence, TimeExpression
from tadmor.nlp import timex_lexicon as lx
from tadmor.nlp import timex_relative as rx
from tadmor.nlp import timex_rules as tr
from tadmor.nlp.timex_anchor import resolve_anchors
from tadmor.nlp.timex_lexicon import Resolved, precision_of
from tadmor.nlp.timex_rules import RuleContext

__all__ = ["find_time_expressions", "normalise"]


@dataclass(frozen=True, slots=True)
class _Cand:
    start: int
    end: int
    res: Resolved
    rank: int  # lower wins among candidates of the same length


_F = re.IGNORECASE


# --- the rule table --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[re.Pattern[str], tr.Rule], ...]:
    """Compiled once, on first use. Earlier rules win ties between candidates of equal length."""
    mon = rf"{lx.MONTH_ANY}(?![A-Za-z])"
    wd = lx.WEEKDAY
    y = lx.YEAR
    dn = r"[0-3]?\d(?:st|nd|rd|th)?"
    table: list[tuple[tr.Rule, str]] = [
        (
            tr.iso_date,
            rf"\b(?P<y>{y})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
            r"(?:T(?P<H>[0-2]\d):(?P<M>[0-5]\d)(?::[0-5]\d)?)?(?![\d-])",
        ),
        (
            tr.numeric_date,
            rf"(?<![\d/.-])(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>{y})"
            r"(?![\d/-]|\.\d)",
        ),
        (
            tr.month_day,
            rf"\b(?:{wd},?\s+)?(?P<mon>{mon})\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?"
            rf"(?:\s*[-–]\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?)?"
            r"(?!\d|:\d|[.,]\d|\s*(?:%|percent|per\s*cent))"
            rf"(?:,?\s+(?P<y>{y})(?!\d|,\d))?",
        ),
        (
            tr.month_day,
            rf"\b(?:{wd},?\s+)?(?:the\s+)?(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?"
            rf"(?:\s*[-–]\s*(?P<d2>{dn}))?\s+(?:of\s+)?(?P<mon>{mon})"
            rf"(?:,?\s+(?P<y>{y})(?!\d|,\d))?",
        ),
        (
            tr.month_year,
            rf"\b(?P<mon>{mon})(?:\s*[-–/]\s*(?P<mon2>{mon}))?,?\s+(?:of\s+)?(?P<y>{y})(?!\d|,\d)",
        ),
        (tr.month_rel_year, rf"\b(?P<mon>{mon})(?:\s+of)?\s+(?P<rel>this|last|next)\s+year\b"),
        (
            tr.month_name,
            r"\b(?:(?P<rel>last|next|this|past|coming|previous|following)\s+)?"
            rf"(?P<mon>{lx.MONTH_FULL}|(?-i:Sept?|Jan|Feb|Aug|Oct|Nov|Dec)\.)(?![A-Za-z])",
        ),
        (
            tr.year,
            rf"(?<![\d,.$£€])\b(?:(?P<ty>the\s+year)\s+)?(?:fiscal\s+)?(?P<y>{y})(?:\s*[-–/]\s*(?P<y2>{y}|\d\d))?"
            r"(?![\d,.]\d|\s*(?:%|percent))\b",
        ),
        (
            tr.decade,
            r"\b(?:(?P<the>the)\s+)?(?:(?P<pos>early|mid|late)[\s-]+)?"
            r"(?:(?P<dec>(?:1[5-9]|20)\d0)['’]?s|['’](?P<dec2>\d0)s"
            rf"|(?P<decw>{'|'.join(lx.DECADE_WORDS)}))(?![A-Za-z])",
        ),
        (
            tr.century,
            r"\b(?:the\s+)?(?P<n>\d\d(?:st|nd|rd|th)|eighteenth|nineteenth|twentieth"
            r"|twenty-first)[\s-]+century\b",
        ),
        (
            tr.quarter,
            rf"\b(?:the\s+)?(?:(?P<y0>{y})\s+)?(?:fiscal[\s-]+)?"
            r"(?P<o>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?"
            rf"(?P<k>quarter|half)(?:\s+of\s+(?:fiscal\s+)?(?P<y>{y})|,?\s+(?P<y2>{y}))?"
            r"(?![A-Za-z])",
        ),
        (
            rx.season,
            r"\b(?:(?P<the>the)\s+)?(?:(?P<pos>early|mid|late)[\s-]+)?"
            rf"(?P<s>{lx.SEASON})(?:\s*(?:[-–/]|to|and)\s*(?:the\s+)?(?P<s2>{lx.SEASON}))?"
            rf"(?:,?\s+(?:of\s+)?(?P<y>{y})(?!\d|,\d))?(?![A-Za-z])",
        ),
        (
            rx.weekday,
            r"\b(?P<x>(?:(?P<rel>this\s+past|this\s+coming|last|next|this|past|coming|previous"
            r"|following)\s+)?(?:(?:early|late)\s+)?"
            rf"(?P<wd>{wd})(?P<pl>s)?(?![A-Za-z])(?:\s+(?P<part>{lx.DAY_PART}))?)(?P<poss>['’]s)?",
        ),
        (
            rx.relday,
            r"\b(?:(?:early|late|earlier|later)\s+|(?:early|mid|late)[\s-]*"
            r"(?P<part0>morning|afternoon|evening)\s+)?(?P<w>the\s+day\s+before\s+yesterday"
            r"|the\s+day\s+after\s+tomorrow|today|yesterday|tomorrow|tonight|overnight)"
            rf"(?![A-Za-z])(?:\s+(?P<part>{lx.DAY_PART}))?",
        ),
        (
            rx.daypart,
            r"\b(?:(?:early|late|earlier|later)\s+)?(?P<rel>this|last|that)\s+"
            rf"(?P<part>{lx.DAY_PART})(?![A-Za-z])",
        ),
        (
            rx.rel_period,
            r"\b(?:(?P<the>the)\s+)?(?:(?P<pos>early|mid|late|earlier|later)[\s-]+)?"
            r"(?P<rel>this|last|next|past|coming|previous|current|following|same|that)\s+"
            r"(?P<u>week|weekend|month|year|quarter|decade|century|fiscal\s+year"
            rf"|{lx.SEASON})(?![A-Za-z])",
        ),
        (rx.the_weekend, r"\bthe\s+weekend\b"),
        (
            rx.period_edge,
            r"\bthe\s+(?P<pos>beginning|start|end|middle)\s+of\s+the\s+(?P<u>week|month|year)\b",
        ),
        (
            rx.ago,
            r"\b(?:(?:more\s+than|less\s+than|nearly|almost|about|around|some|roughly|just"
            rf"|only|at\s+least|over)\s+)?(?P<n>{lx.QUANT})\s+(?P<u>{lx.UNIT_PL})\s+"
            r"(?:or\s+so\s+)?(?P<dir>ago|earlier|later|from\s+now|hence)\b",
        ),
        (rx.recent, r"\b(?:the\s+)?(?P<rel>recent|coming)\s+(?P<u>days|weeks|months|years)\b"),
        (
            rx.duration,
            r"\b(?:(?P<mod>more\s+than|less\s+than|fewer\s+than|nearly|almost|about|around"
            r"|at\s+least|some|roughly|approximately|up\s+to|just|only|the\s+(?:past|last|next"
            r"|first|previous|coming|final|following|other)|past|last|next|first|final)\s+)?"
            rf"(?P<n>{lx.QUANT})(?P<half>\s+1/2|\s+and\s+a\s+half)?(?P<sep>\s+|\s*-\s*)"
            r"(?:(?:more|additional|extra|further)\s+)?"
            rf"(?P<u>{lx.UNIT_PL})(?P<adj>-(?:long|old))?(?P<half2>\s+and\s+a\s+half)?"
            r"(?![A-Za-z])",
        ),
        (
            rx.bare_units,
            r"(?:\b(?:for|within|over|after|in|took|lasting|lasted)\s+|(?<=\bthe\s)(?=\w+\s+"
            r"(?:before|after|since|following|leading|that|ahead))|(?=\w+-long\b))"
            r"(?P<x>(?P<u>years|months|weeks|days|hours|decades|centuries|minutes|(?P<one>day"
            r"|week|month|year))(?:-long)?)\b",
        ),
        (
            rx.every,
            r"\b(?:(?:every|each)\s+(?P<other>other\s+)?(?:(?P<n>" + lx.NUM + r")\s+)?"
            rf"(?P<u>{lx.UNIT_PL}|{wd}|{lx.DAY_PART}s?)"
            r"|(?P<adv>(?-i:daily|weekly|monthly|yearly|annually|nightly|hourly|fortnightly"
            r"|biweekly))|(?:once|twice|three\s+times|\d+\s+times|several\s+times)"
            rf"\s+(?:a|an|per|each|every)\s+(?P<u2>{lx.UNIT}))(?![A-Za-z])",
        ),
        (
            rx.clock,
            r"(?<![\d:.,])(?:(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*"
            r"(?P<ap>[ap]\.?\s?m\.?(?![A-Za-z]))|(?P<h2>[01]?\d|2[0-3]):(?P<m2>[0-5]\d)(?![\d:])"
            r"|(?P<h3>[01]\d|2[0-3])(?P<m3>[0-5]\d)(?=\s*(?:GMT|UTC|hrs|hours|local\s+time))"
            r"|\b(?P<word>noon|midday|midnight)\b)(?:\s*(?P<tz>GMT|UTC|(?-i:[ECMP][SD]T)"
            r"|local\s+time|\(\s*\d{3,4}\s*GMT\s*\)))?",
        ),
        (
            rx.ref,
            r"\b(?:now|currently|nowadays|at\s+present|right\s+now|these\s+days"
            r"|recently|lately|soon|the\s+past|the\s+(?:near\s+)?future)\b(?!-)",
        ),
        (
            rx.comparison,
            r"\b(?:(?:the|its|their)\s+)?(?:comparable\s+)?(?P<u>year|quarter|month|week)-"
            r"(?:earlier|ago)(?:\s+(?:(?:first|second|third|fourth)[\s-]+)?(?P<k>quarter|period))?"
            r"(?![A-Za-z-])",
        ),
        (
            rx.latest_period,
            r"\b(?:the\s+)?(?:latest|most\s+recent|last\s+completed)\s+"
            r"(?P<u>quarter|month|week|period|fiscal\s+year)\b",
        ),
        (rx.full_year, r"\bthe\s+full\s+year\b(?![\s-]+(?:ago|earlier))"),
        (
            tr.holiday,
            r"\b(?:(?P<rel>last|next|this)\s+)?(?P<h>(?-i:Thanksgiving(?:\s+Day)?"
            r"|Christmas(?:\s+Day|\s+Eve)?|New\s+Year['’]s(?:\s+Day|\s+Eve)?"
            r"|Easter(?:\s+Sunday|\s+Monday|\s+[Ww]eek)?))(?![A-Za-z])"
            rf"(?:,?\s+(?P<y>{y})(?!\d))?",
        ),
        (rx.current, r"\b(?P<then>then[\s-]+)?current(?=\s+[a-z])"),
        (
            rx.anaphora,
            r"\b(?:(?:that(?:\s+same)?|the\s+same|the\s+following|the\s+next|the\s+previous"
            r"|the\s+preceding|the\s+prior)\s+(?:day|week|weekend|month|quarter|year|morning|afternoon"
            r"|evening|night)|the\s+(?:day|week|month|year)\s+(?:before|after)|the\s+night\s+before|the\s+eve"
            r"|the\s+(?:year|week|month|quarter)(?![\s-]+(?:long|old|earlier|ago|before|after|\d))"
            r"|(?<=\bin\s)the\s+day|(?<=\bat\s)the\s+time"
            r"|(?:the|its|his|her|their)\s+(?:first|second|third|fourth|fifth|sixth|seventh"
            r"|eighth|ninth|tenth|final|last|\d+(?:st|nd|rd|th))\s+(?:day|week|month|year))"
            r"(?![A-Za-z-])",
        ),
    ]
    return tuple((re.compile(p, re.IGNORECASE), rule) for rule, p in table)


# Cheap tests per rule, on the lowercased span: a span holding none of these words cannot
# hold a match of the rule ("M:" words are tested case-sensitively on the span itself).
_UNITS = ("second", "minute", "hour", "day", "night", "week", "fortnight", "month", "quarter",
          "year", "decade", "centur")  # fmt: skip
_MONTHS = ("M:Jan", "M:Feb", "M:Mar", "M:Apr", "M:May", "M:Jun", "M:Jul", "M:Aug", "M:Sep",
           "M:Oct", "M:Nov", "M:Dec")  # fmt: skip
_DIGITS = tuple("0123456789")
_SEASONS = ("spring", "summer", "autumn", "fall", "winter")
_HINTS: dict[str, tuple[str, ...]] = {
    "iso_date": _DIGITS, "numeric_date": _DIGITS, "month_day": _MONTHS, "month_year": _MONTHS,
    "month_rel_year": _MONTHS, "month_name": _MONTHS,
    "year": (*_DIGITS, "nineteen", "twenty", "thousand"),
    "decade": ("0s", "0's", "0’s", "ties"), "century": ("century",), "quarter": ("quarter", "half"),
    "season": _SEASONS, "weekday": ("day",), "relday": ("today", "tomorrow", "tonight",
    "yesterday", "overnight"), "daypart": ("morning", "afternoon", "evening", "night"),
    "rel_period": ("week", "month", "year", "quarter", "decade", "century", *_SEASONS),
    "the_weekend": ("weekend",), "period_edge": ("of the",), "recent": ("recent", "coming"),
    "ago": ("ago", "earlier", "later", "from now", "hence"), "duration": _UNITS,
    "bare_units": _UNITS, "every": ("every", "each", "ly", "once", "twice", "times"),
    "clock": (*_DIGITS, "noon", "midday", "midnight"),
    "ref": ("now", "current", "present", "these", "recent", "lately", "soon", "past", "future"),
    "comparison": ("-earlier", "-ago"), "latest_period": ("latest", "recent", "completed"),
    "full_year": ("full year",), "current": ("current",),
    "holiday": ("M:Thanksgiving", "M:Christmas", "M:New Year", "M:Easter"),
    "anaphora": ("day", "week", "month", "quarter", "year", "morning", "afternoon", "evening",
                 "night", "eve", "time"),
}  # fmt: skip
# Rules whose matches end near a unit word: searched only in windows around those words.
_UNIT_ANCHOR = re.compile(
    r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur)",
    re.IGNORECASE,
)
_ANCHORED = frozenset(("duration", "ago", "bare_units"))


def _windows(ctx: RuleContext) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _UNIT_ANCHOR.finditer(ctx.text, ctx.lo, ctx.hi):
        a, b = max(ctx.lo, m.start() - 80), min(ctx.hi, m.end() + 24)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _hinted(words: tuple[str, ...], low: str, raw: str) -> bool:
    return any((w[2:] in raw) if w.startswith("M:") else (w in low) for w in words)


# --- candidates, post-processing and the public API --------------------------------------------

_POSITION = re.compile(
    r"(?:\b(?P<p>early|mid|late)[\s-]+|\bthe\s+(?P<q>beginning|start|end|middle|first\s+half"
    r"|second\s+half)\s+of\s+)$",
    re.IGNORECASE,
)
_TIME_DAY_GAP = re.compile(r"^[\s,]*(?:on\s+)?$", re.IGNORECASE)
_DAY_TIME_GAP = re.compile(r"^[\s,]*(?:at|around|about|by|from|after|before|until|till)?\s*$")


def _candidates(ctx: RuleContext) -> list[_Cand]:
    found: list[_Cand] = []
    raw = ctx.text[ctx.lo : ctx.hi]
    low = raw.lower()
    windows: list[tuple[int, int]] | None = None
    for rank, (pattern, rule) in enumerate(_rules()):
        name = rule.__name__
        if not _hinted(_HINTS[name], low, raw):
            continue
        if name in _ANCHORED:
            if windows is None:
                windows = _windows(ctx)
            matches = [m for a, b in windows for m in pattern.finditer(ctx.text, a, b)]
        else:
            matches = list(pattern.finditer(ctx.text, ctx.lo, ctx.hi))
        for m in matches:
            res = rule(m, ctx)
            if res is None:
                continue
            s, e = (m.start("x"), m.end("x")) if "x" in pattern.groupindex else m.span()
            if e > s:
                found.append(_Cand(s, e, res, rank))
    found.sort(key=lambda c: (c.start - c.end, c.rank, c.start))
    taken: list[_Cand] = []
    for c in found:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    taken.sort(key=lambda c: c.start)
    return _attach_times(_widen_positions(taken, ctx), ctx)


def _widen_positions(cands: list[_Cand], ctx: RuleContext) -> list[_Cand]:
    """ "early March", "mid-2015", "the end of May": narrow the range, keep the value."""
    out: list[_Cand] = []
    prev_end = ctx.lo
    for c in cands:
        r = c.res
        m = _POSITION.search(ctx.text, max(prev_end, c.start - 40), c.start)
        wide = r.earliest is not None and r.latest is not None and r.latest > r.earliest
        if m and m.end() == c.start and wide and r.timex_type == "DATE":
            pos = " ".join((m["p"] or m["q"]).lower().split())
            assert r.earliest is not None and r.latest is not None
            a, b = lx.position_range(r.earliest, r.latest, pos, ctx.dct)
            c = _Cand(m.start(), c.end, Resolved(r.timex_type, r.value, a, b, r.grain), c.rank)
        out.append(c)
        prev_end = c.end
    return out


def _attach_times(cands: list[_Cand], ctx: RuleContext) -> list[_Cand]:
    """Give a clock time the day it is attached to: "10 p.m. Wednesday", "Friday at 3 p.m."."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        v = c.res.value or ""
        if c.res.timex_type != "TIME" or not v.startswith("XXXX-XX-XXT"):
            out.append(c)
            i += 1
            continue
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        prev = out[-1] if out else None
        day: _Cand | None = None
        end = c.end
        if nxt and _is_day(nxt) and _TIME_DAY_GAP.match(ctx.text[c.end : nxt.start]):
            day, end = nxt, nxt.end
            i += 1
        elif prev and _is_day(prev) and _DAY_TIME_GAP.match(ctx.text[prev.end : c.start]):
            day = prev
        else:
            day = next((p for p in reversed(out) if _is_day(p)), None)
        if day is not None and day.res.earliest is not None:
            d = day.res.earliest
            res = Resolved("TIME", d.isoformat() + v[10:], d, d)
            c = _Cand(c.start, end, res, c.rank)
        out.append(c)
        i += 1
    return out


def _is_day(c: _Cand) -> bool:
    r = c.res
    return r.earliest is not None and r.earliest == r.latest and r.timex_type in ("DATE", "TIME")


def _to_expression(c: _Cand, text: str, doc_id: str, offset: int = 0) -> TimeExpression:
    r = c.res
    precision = precision_of(r.earliest, r.latest) if r.earliest else r.grain
    if r.timex_type == "SET":
        precision = None
    quote = text[c.start : c.end]
    ev = Evidence(doc_id=doc_id, start=c.start + offset, end=c.end + offset, quote=quote)
    return TimeExpression(ev, r.timex_type, r.value, r.earliest, r.latest, precision)


MAX_SHIFT_DAYS = 200_000  # "two hundred years ago" resolves; "ninety centuries ago" does not


def _usable(dct: date | None) -> date | None:
    """A DCT far outside history is treated as unknown (calendar arithmetic stays in range)."""
    return dct if dct is not None and 1000 <= dct.year <= 9000 else None


def find_time_expressions(
    text: str,
    *,
    doc_id: str,
    dct: date | None,
    spans: Sequence[tuple[int, int]] | None = None,
) -> list[TimeExpression]:
    """Every time expression in ``text`` (or in the given sentence spans), normalised.

    ``dct`` is the publication date: relative expressions ("on Sunday", "last month")
    are resolved against it, and get no value when it is None (or outside the years
    1000-9000). The tense that steers readings is read from the nearest verb in the same
    sentence. Results are sorted by offset; each evidence quote equals
    ``text[start:end]``.
    """
    n = len(text)
    bounds = [(0, n)] if spans is None else sorted({(max(0, a), min(n, b)) for a, b in spans})
    kept: list[_Cand] = []
    last_end = 0
    for lo, hi in bounds:
        if hi <= lo:
            continue
        ctx = RuleContext(text, lo, hi, _usable(dct), None)
        for c in _candidates(ctx):
            if c.start >= last_end:
                kept.append(c)
                last_end = c.end
    resolved = resolve_anchors([c.res for c in kept])
    return [
        _to_expression(_Cand(c.start, c.end, r, c.rank), text, doc_id)
        for c, r in zip(kept, resolved, strict=True)
    ]


def normalise(expression: str, *, dct: date | None, tense: str = "") -> TimeExpression | None:
    """Normalise one bare expression ("last Friday", "the summer of 2015").

    ``tense`` ("past", "future" or "") steers year-less and weekday readings. Returns the
    longest expression found in the string (offsets relative to it), or None.
    """
    ctx = RuleContext(expression, 0, len(expression), _usable(dct), tense)
    cands = _candidates(ctx)
    if not cands:
        return None
    best = max(cands, key=lambda c: (c.end - c.start, -c.start))
    return _to_expression(best, expression, "")
