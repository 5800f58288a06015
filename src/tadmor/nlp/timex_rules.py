"""The rule context and the calendar-date rules of :mod:`.timex`.

The context a rule sees (text, DCT, the tense of the clause) and the rules for dates
written with a month or a year ("May 20", "March 2015", "in 2013", "the 1990s").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from tadmor.nlp.timex_lexicon import (
    DECADE_WORDS,
    ORDINALS,
    Resolved,
    day_of,
    easter,
    month_end,
    month_of,
    pick_candidate,
    position_range,
    quarter_range,
    safe_date,
    span_of,
    thanksgiving,
    unknown,
    value_for_range,
    week_start,
    week_value,
    year_int,
)

# --- what a rule sees -------------------------------------------------------------------


@dataclass(slots=True)
class RuleContext:
    """What a rule may look at: the document text, the span searched, the DCT and tense."""

    text: str
    lo: int
    hi: int
    dct: date | None
    forced_tense: str | None
    _markers: list[tuple[int, str]] | None = field(default=None)
    _positions: list[int] = field(default_factory=list)
    _ends: list[int] = field(default_factory=list)

    def tense_at(self, start: int, end: int) -> str:
        """The tense of the nearest verb-ish marker within the span ("past", "future", "")."""
        if self.forced_tense is not None:
            return self.forced_tense
        if self._markers is None:
            self._markers = []
            for m in _TENSE_RE.finditer(self.text, self.lo, self.hi):
                kind = _marker_kind(self.text, m, self.lo, self.hi)
                if kind:
                    self._markers.append((m.start(), kind))
            self._positions = [p for p, _ in self._markers]
            self._ends = [m.end() for m in _SENTENCE_END.finditer(self.text, self.lo, self.hi)]
        k = bisect.bisect_right(self._ends, start)
        s_lo = self._ends[k - 1] if k else self.lo
        s_hi = self._ends[k] if k < len(self._ends) else self.hi
        i = bisect.bisect_left(self._positions, start)
        if _PAST_PREP.search(self.text, max(s_lo, start - 8), start):
            return "past"  # "since March"
        prep = _FUTURE_PREP.search(self.text, max(s_lo, start - 34), start)
        if prep:  # "until Tuesday", "as soon as Monday"; "had been due to end Friday": past
            perfect = _PAST_PERFECT.search(self.text, max(s_lo, prep.start() - 12), prep.start())
            return "past" if perfect else "future"
        best, best_d = "", 120
        for j in range(i - 1, -1, -1):
            pos, tense = self._markers[j]
            if pos < s_lo or start - pos >= best_d:
                break
            if pos + 3 <= start and (tense != "report" or start - pos < 40):
                best, best_d = tense, start - pos
                break
        # a fronted adverbial ("On Tuesday, the league plans ...") takes the clause's verb
        fronted = _FRONTED.match(self.text, s_lo, start) is not None and self.text.startswith(
            ",", end
        )
        weight, reach = (1, 3 * _AFTER_REACH) if fronted else (2, _AFTER_REACH)
        for j in range(i, len(self._markers)):
            pos, tense = self._markers[j]
            if pos >= s_hi or weight * (pos - end) >= min(best_d, weight * reach):
                break  # a verb after the expression counts at twice its distance
            if pos >= end and (tense != "report" or pos - end < 6):
                d = weight * (pos - end)
                if not fronted and _CLAUSE_BREAK.search(self.text, end, pos):
                    d += 60  # "talks due to end by May, invited him": another clause
                if d < best_d:
                    best, best_d = tense, d
                break
        return "past" if best == "report" else best

    def left(self, start: int, width: int = 30) -> str:
        return self.text[max(self.lo, start - width) : start]

    def right(self, end: int, width: int = 30) -> str:
        return self.text[end : min(self.hi, end + width)]


_IRREGULAR_PAST = (
    "was were had did came went took began fought seized left held saw found made"
    " fell met led sent struck shot fled gave got won lost brought bought sold spent stood broke"
    " rose drove flew wrote spoke chose threw ran caught built became kept felt heard knew thought"
    " retook overran withdrew drew ago"
)
_AFTER_REACH = 50  # a verb further than this after an expression does not set its tense
_TENSE_RE = re.compile(
    r"\b(?P<f>will|shall|won't|wo\s+n't|going\s+to|plans?\s+to|planning\s+to|planned|intends?\s+to|expected"
    r"|scheduled|set\s+(?:to|for)|supposed\s+to|is\s+to|are\s+to|would|must|should|may|might"
    r"|can|upcoming|as\s+soon\s+as)\b|(?P<f2>'ll)\b"
    r"|\b(?P<r>said|says|told|announced|reported|added|stated)\b"
    rf"|\b(?P<p>{'|'.join(_IRREGULAR_PAST.split())}|(?!(?:ne|spe|inde|hundr|se|b|r|bre"
    r"|proce|exce|succe|fe|we|sh|unit|sp|ble)ed\b)[a-z]{3,}ed)\b",
)
# verbs whose "to"-infinitive looks ahead of them ("agreed to buy it in February")
_LOOK_AHEAD = (
    "decided agreed promised pledged vowed threatened refused hoped wanted intended voted"
    " offered proposed aimed sought prepared arranged ordered urged asked planned chose"
)
_LOOK_AHEAD_SET = frozenset(_LOOK_AHEAD.split())
_PAST_PERFECT = re.compile(r"\bhad\s+(?:been\s+)?$", re.IGNORECASE)
_INFINITIVE = re.compile(
    r"\s+(?:(?:him|her|them|us|it|me)\s+)?to\s+(?!(?:the|a|an|his|her|its|their|our|prison|jail"
    r"|hospital|court|power|death|work|date|office|light|life)\b)[a-z]{2,}\b"
)
_OBJ_INFINITIVE = re.compile(
    r"\s+(?:him|her|them|us|me)\s+to\s+(?!(?:the|a|an|his|her|its|their|our|prison|jail"
    r"|hospital|court|power|death|work|date|office|light|life)\b)[a-z]{2,}\b"
)
_WAS_AHEAD = re.compile(
    r"\s+(?:planning|going|expected|scheduled|due|set|supposed|about|slated)\b", re.IGNORECASE
)
_BE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+$", re.IGNORECASE)


def _marker_kind(text: str, m: re.Match[str], lo: int, hi: int) -> str:
    """The tense a verb-ish marker sets: "past", "future", "report", or "" (none)."""
    if m.group("r"):
        return "report"
    left = text[max(lo, m.start() - 12) : m.start()]
    right = text[m.end() : min(hi, m.end() + 40)]
    word = m.group(0).lower()
    if m.group("p"):
        if _NON_FINITE.search(left[-7:]):
            return ""  # "will be returned", "is heard": not a past event
        if word in ("was", "were") and _WAS_AHEAD.match(right):
            return ""  # "were planning to march": the next marker decides
        if word in _LOOK_AHEAD_SET and _INFINITIVE.match(right):
            return "future"  # "agreed to buy it in February"
        if word.endswith("ed") and _OBJ_INFINITIVE.match(right):
            return "future"  # "summoned him to testify on Feb. 10"
        return "past"
    if _PAST_PERFECT.search(left) and word.startswith(("scheduled", "set", "planned")):
        return "past"  # "had been scheduled to end Friday": the plan is over
    if word == "planned" and not (_BE_BEFORE.search(left) or re.match(r"\s+(?:to|for)\b", right)):
        return "past"  # "as planned Saturday night"
    return "future"


_FRONTED = re.compile(
    r"[\s\"'“‘(]*(?:(?:on|by|also|and|but|then|early|late|as\s+of|starting|from|until|till"
    r"|since|after|before|through)\s+)*$",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,;:]|--")
_PAST_PREP = re.compile(r"\b(?:since|ever\s+since)\s+$", re.IGNORECASE)
_FUTURE_PREP = re.compile(
    r"\b(?:until|till|as\s+soon\s+as|starting|payable|effective|due|of\s+record)\s"
    r"(?:[ap]\.m\.|[^.;,]){0,14}$"
)
# a participle after these is no finite past verb ("will be returned", "the reduced dividend")
_NON_FINITE = re.compile(
    r"\b(?:be|being|been|to|is|are|am|the|a|an|its|their|his|her|our|this|these|those)\s+$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\b(?:Mr|Dr|St|Jr|Sr|No|Lt|vs))(?<!\b(?:Mrs|Gen|Sen|Rep|Col|Gov|Sgt|Jan"
    r"|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec))(?<!\b(?:Capt|Sept|Prof))(?<![ap]\.m)"
    r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(]?[A-Z])"
)

_F = re.IGNORECASE

Rule = Callable[[re.Match[str], RuleContext], Resolved | None]


def year_from_dct(
    ctx: RuleContext,
    m: re.Match[str],
    make: Callable[[int], tuple[date, date] | None],
    ahead: int,
    slack: int = 0,
) -> tuple[date, date] | None:
    """The reading of a year-less period ("May 20", "March", "the summer") nearest the DCT."""
    if ctx.dct is None:
        return None
    cands = [r for y in range(ctx.dct.year - 2, ctx.dct.year + 2) if (r := make(y)) is not None]
    if not cands:
        return None
    tense = ctx.tense_at(m.start(), m.end())
    return pick_candidate(cands, dct=ctx.dct, tense=tense, ahead_days=ahead, past_slack=slack)


# --- rules: absolute and year-less calendar dates ---------------------------------------


def iso_date(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    d = safe_date(year_int(m["y"]), int(m["m"]), int(m["d"]))
    if d is None:
        return None
    if m["H"]:
        return Resolved("TIME", f"{d.isoformat()}T{m['H']}:{m['M']}", d, d)
    return day_of(d)


def numeric_date(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    a, b, y = int(m["a"]), int(m["b"]), year_int(m["y"])
    readings = {r for r in (safe_date(y, b, a), safe_date(y, a, b)) if r is not None}
    if len(readings) > 1 and ctx.dct is not None:  # 04/05/2015: keep a reading only if the
        dct = ctx.dct  # other one lies in the future of the report
        readings = {r for r in readings if r <= dct + timedelta(days=1)}
    if len(readings) == 1:
        return day_of(readings.pop())
    return unknown() if len(readings) > 1 else None


def month_day(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    month, d1 = month_of(m["mon"]), int(m["d1"])
    d2 = int(m["d2"]) if m["d2"] else d1
    if not (1 <= d1 <= d2 <= 31):
        return None
    if m["y"]:
        y = year_int(m["y"])
        a, b = safe_date(y, month, d1), safe_date(y, month, d2)
        if a is None or b is None:
            return None
        rng = (a, b)
    else:

        def make(y: int) -> tuple[date, date] | None:
            a, b = safe_date(y, month, d1), safe_date(y, month, d2)
            return None if a is None or b is None else (a, b)

        if make(2000) is None:  # February 30
            return None
        found = year_from_dct(ctx, m, make, _DAY_AHEAD, 30)
        if found is None:
            return unknown()
        rng = found
    return span_of(value_for_range(*rng), *rng)


def month_year(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    y, m1 = year_int(m["y"]), month_of(m["mon"])
    m2 = month_of(m["mon2"]) if m["mon2"] else m1
    a = date(y if m2 >= m1 else y - 1, m1, 1)
    b = month_end(y, m2)
    return span_of(value_for_range(a, b), a, b)


def month_rel_year(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    """ "June last year", "January this year"."""
    if ctx.dct is None:
        return unknown(grain="M")
    y = ctx.dct.year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    month = month_of(m["mon"])
    return span_of(f"{y:04d}-{month:02d}", date(y, month, 1), month_end(y, month))


_MARCH_VETO = re.compile(r"\s+(?:for|of|on|to|against|through)\b")
_DAY_AHEAD = 60  # an undated day-month within this many days after the DCT is upcoming
_MONTH_AHEAD = 60  # an undated month that begins within this many days of the DCT is upcoming
_MONTH_CONTEXT = re.compile(
    r"\b(?:in|since|until|till|by|of|from|through|during|before|after|early|mid|late|to|and"
    r"|between|throughout|around|end|beginning|start|middle|last|next|this|or)[\s-]+$",
    _F,
)


def month_name(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    month, rel = month_of(m["mon"]), (m["rel"] or "").lower()
    right = ctx.right(m.end(), 14)
    if re.match(r"\s*\d", right):
        return None  # "last Oct. 23": the day-month rule reads it
    has_ctx = bool(rel) or _MONTH_CONTEXT.search(ctx.left(m.start())) is not None
    if month == 5 and not has_ctx:
        return None  # "May" the verb or the name needs "in"/"since"/... before it
    if month == 3 and not has_ctx and _MARCH_VETO.match(right):
        return None  # "the March for Life"
    if rel in ("following", "previous"):
        return unknown(grain="M")
    if ctx.dct is None:
        return unknown(grain="M")
    dct = ctx.dct
    cands = [(date(y, month, 1), month_end(y, month)) for y in range(dct.year - 2, dct.year + 2)]
    if rel in ("last", "past"):
        rng = [c for c in cands if c[1] < date(dct.year, dct.month, 1)][-1]
    elif rel in ("next", "coming"):
        rng = next(c for c in cands if c[0] > dct)
    elif rel == "this":
        rng = cands[2]
    else:
        tense = ctx.tense_at(m.start(), m.end())
        rng = pick_candidate(cands, dct=dct, tense=tense, ahead_days=_MONTH_AHEAD)
    return span_of(value_for_range(*rng), *rng)


_YEAR_STRONG = re.compile(
    r"\b(?:in|since|until|till|by|during|before|after|through|throughout|early|mid|late|fiscal"
    r"|year|spring|summer|autumn|fall|winter|circa|about|around|of|from|to|and|between|or"
    r"|the|end|beginning|start|middle|half|quarter|a|an|its|his|her|their|our|that|this|whose"
    r"|post|pre|into|for|both)[\s-]+$|(?:\b(?:19|20)\d\d,|['’]s)\s+$|^$",
    _F,
)
_YEAR_WEAK = frozenset(
    ("of", "from", "to", "and", "between", "or", "around", "about", "for", "both")
)
_YEAR_DET = frozenset(
    ("the", "a", "an", "its", "his", "her", "their", "our", "that", "this", "whose", "'s", "’s")
)
_YEAR_OK_AFTER = re.compile(
    r"^(?:\s*$|\s*[^\w\s]|\s+(?:and|or|to|until|when|while|after|before|as|but|that|which|the"
    r"|a|an|in|on|at|by|for|with|was|were|is|are|had|has|have|through|till|where|amid"
    r"|saw|brought|it|they|he|she|we|there|its|their|his|her|this|these|those|during)\b"
    r"|\s+[A-Z])"
)
_YEAR_VETO = re.compile(
    r"^\s+(?:people|men|women|children|civilians|persons|soldiers|troops|fighters|homes|houses"
    r"|families|refugees|members|militants|km|kilometres|kilometers|miles|metres|meters|feet"
    r"|tons|tonnes|dollars|euros|pounds|rounds|votes|units|cases|deaths|dead|killed|square"
    r"|more|others|other|new|additional|extra|of|percent|residents|students|workers|prisoners"
    r"|detainees|police|policemen|officers|personnel|jobs|pieces|times|years|days|hours)\b",
    _F,
)


def year(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    left, right = ctx.left(m.start(), 14), ctx.right(m.end(), 14)
    ctx_m = _YEAR_STRONG.search(left)
    if (ctx_m is None and not m["ty"]) or _YEAR_VETO.match(right):
        return None
    word = ctx_m.group(0).strip(" -").lower() if ctx_m else ""
    if (
        word in _YEAR_WEAK
        and not m["y2"]
        and not right.startswith(("'s", "’s"))
        and not _YEAR_OK_AFTER.match(right)
    ):
        return None
    if word in _YEAR_DET and not re.match(r"\s+[A-Za-z]", right):
        return None  # "the 2014 offensive"; a quantity noun was vetoed above
    if m["ty"]:
        pass  # "the year two thousand"
    elif word == "" and not (ctx.lo == m.start() and re.match(r"\s*[,:]", right)):
        return None  # a bare year: only at the start of a span, as in "2014: the year of ..."
    y1 = year_int(m["y"])
    if not 1900 <= y1 <= 2100:
        return None  # a bare number: a year only in the modern range
    y2 = y1
    if m["y2"]:
        y2 = year_int(m["y2"]) if len(m["y2"]) > 2 else y1 // 100 * 100 + int(m["y2"])
        if y2 <= y1 or y2 - y1 > 50:
            return None
    a, b = date(y1, 1, 1), date(y2, 12, 31)
    return span_of(value_for_range(a, b), a, b)


def decade(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    if m["dec"]:
        y0 = int(m["dec"])
    elif m["dec2"]:
        y0 = 1900 + int(m["dec2"]) if int(m["dec2"]) >= 20 else 2000 + int(m["dec2"])
    else:
        if not m["the"]:
            return None  # "in their forties" is an age
        y0 = 1900 + 10 * DECADE_WORDS[m["decw"].lower()]
    a, b = date(y0, 1, 1), date(y0 + 9, 12, 31)
    if m["pos"]:
        a, b = position_range(a, b, m["pos"].lower(), None)
    return span_of(f"{y0 // 10:03d}", a, b)


_CENTURIES = {"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21}


def century(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    n = m["n"].lower()
    c = int(n[:-2]) if n[:-2].isdigit() else _CENTURIES.get(n, 0)
    if not 1 <= c <= 22:
        return None
    a, b = date(max(1, (c - 1) * 100), 1, 1), date((c - 1) * 100 + 99, 12, 31)
    return span_of(f"{c - 1:02d}", a, b)


REPORT_LAG = 45  # days from the end of a quarter to the report of its results


def quarter(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    o = m["o"].lower()
    n = ORDINALS.get(o, 0) if not o.isdigit() else int(o)
    half = m["k"].lower() == "half"
    if not (1 <= n <= (2 if half else 4)):
        return None
    y_txt = m["y"] or m["y0"] or m["y2"]

    def make(y: int) -> tuple[date, date]:
        if half:
            return (date(y, 1, 1), date(y, 6, 30)) if n == 1 else (date(y, 7, 1), date(y, 12, 31))
        return quarter_range(y, n)

    if y_txt:
        y = year_int(y_txt)
        rng: tuple[date, date] | None = make(y)
    elif half:
        return None  # "the second half" of a match
    elif ctx.dct is None:
        rng = None
    elif ctx.tense_at(m.start(), m.end()) == "future":
        # results for a quarter come out weeks after it ends: "will report third-quarter
        # earnings" in October is the quarter just ended
        cut = ctx.dct - timedelta(days=REPORT_LAG)
        cands = [make(y) for y in range(ctx.dct.year - 1, ctx.dct.year + 2)]
        rng = next(c for c in cands if c[1] >= cut)
    else:
        rng = year_from_dct(ctx, m, make, 0)
    if rng is None:
        return unknown(grain="M")
    return span_of(f"{rng[0].year}-{'H' if half else 'Q'}{n}", *rng)


_HOLIDAY_DAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's": (1, 1), "new year's day": (1, 1), "new year's eve": (12, 31),
}  # fmt: skip
_HOLIDAY_CONTEXT = re.compile(
    r"\b(?:on|at|since|before|after|until|till|by|over|of|from|through|during|around|for|to"
    r"|until|last|next|this|that|since)\s+$",
    _F,
)
_HOLIDAY_VETO = re.compile(r"\s+(?-i:Islands?|Rising|Offensive|[a-z]+s\b)")


def holiday(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    """Holidays with a fixed rule: Christmas, New Year's, Easter, (US) Thanksgiving."""
    name = " ".join(m["h"].lower().replace("’", "'").split())
    rel = (m["rel"] or "").lower()
    marked = (" " in name and not name.startswith("new year's")) or name.endswith(("day", "eve"))
    if not (rel or m["y"] or marked or _HOLIDAY_CONTEXT.search(ctx.left(m.start(), 10))):
        return None  # "Christmas shopping", "an Easter egg"
    if _HOLIDAY_VETO.match(ctx.right(m.end(), 12)):
        return None  # "Easter Island", "Christmas presents"
    base = name.split()[0]
    week = name.endswith("week")

    def make(y: int) -> tuple[date, date]:
        if base == "easter":
            d = easter(y) + timedelta(days=1 if name.endswith("monday") else 0)
            return (week_start(d), week_start(d) + timedelta(days=6)) if week else (d, d)
        if base == "thanksgiving":
            return thanksgiving(y), thanksgiving(y)
        d = date(y, *_HOLIDAY_DAYS[name])
        return d, d

    if m["y"]:
        rng: tuple[date, date] | None = make(year_int(m["y"]))
    elif ctx.dct is None:
        return unknown(grain="W" if week else "D")
    elif rel:
        cands = [make(y) for y in range(ctx.dct.year - 1, ctx.dct.year + 2)]
        if rel == "last":
            rng = [c for c in cands if c[1] < ctx.dct][-1]
        elif rel == "next":
            rng = next(c for c in cands if c[0] > ctx.dct)
        else:
            rng = make(ctx.dct.year)
    else:
        rng = year_from_dct(ctx, m, make, _DAY_AHEAD, 30)
    if rng is None:
        return unknown(grain="W" if week else "D")
    if week:
        return span_of(week_value(rng[0]), *rng)
    return day_of(rng[0])
