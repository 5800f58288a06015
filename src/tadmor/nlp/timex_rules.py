"""Lexicon, calendar arithmetic, rule context and the calendar-date rules of :mod:`.timex`.

The words a time expression is made of (months, weekdays, number words, units), the
arithmetic that turns "the summer of 2015" or "two weeks ago" into a TIMEX3 value and a
range of calendar days, the context a rule sees (text, DCT, the tense of the clause), and
the rules for dates written with a month or a year ("May 20", "March 2015", "in 2013").
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from tadmor.model import TimePrecision

# --- lexicon -----------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI",
}  # fmt: skip
DAY_PARTS: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}  # fmt: skip
_UNITS_SMALL = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNITS_SMALL)}
NUMBER_WORDS.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
NUMBER_WORDS.update({"a": 1, "an": 1, "single": 1, "dozen": 12, "hundred": 100, "couple": 2})
ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "final": 4, "last": 4,
}  # fmt: skip
DECADE_WORDS: dict[str, int] = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip
# unit word -> (TIMEX3 unit letter, is a clock unit (PT...), length in days, roughly)
UNITS: dict[str, tuple[str, bool, float]] = {
    "second": ("S", True, 1 / 86400), "minute": ("M", True, 1 / 1440), "hour": ("H", True, 1 / 24),
    "day": ("D", False, 1), "night": ("D", False, 1), "week": ("W", False, 7),
    "weekend": ("WE", False, 2), "fortnight": ("W", False, 14), "month": ("M", False, 30.44),
    "quarter": ("Q", False, 91.3), "year": ("Y", False, 365.25), "decade": ("DE", False, 3652.5),
    "century": ("CE", False, 36525), "centurie": ("CE", False, 36525),
}  # fmt: skip


def _alt(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation that tries longer words first ("seventeen" before "seven")."""
    return "|".join(sorted(words, key=len, reverse=True))


# --- regex pieces --------------------------------------------------------------------
# Month and weekday names are matched case-sensitively ("May" the month, "may" the verb).

MONTH_FULL = (
    "(?-i:January|February|March|April|May|June|July|August|September|October|November|"
    "December)"
)
MONTH_ABBR = r"(?-i:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
MONTH_ANY = rf"(?:{MONTH_FULL}|{MONTH_ABBR})"
WEEKDAY = "(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
NUM_WORD = rf"(?:(?:{_alt(_TENS)})(?:[- ](?:{_alt(_UNITS_SMALL[1:10])}))?|{_alt(_UNITS_SMALL)})"
NUM = rf"(?:\d{{1,3}}(?:\.\d+)?|{NUM_WORD}|a\s+dozen|dozen|a\s+hundred|hundred|single)"
VAGUE = r"(?:several|a\s+few|few|many|a\s+couple\s+of|a\s+couple|couple\s+of|some|numerous)"
QUANT = rf"(?:{NUM}|an?|{VAGUE})"
UNIT = "(?:second|minute|hour|day|night|weekend|week|fortnight|month|quarter|year|decade|centur)"
UNIT_PL = rf"(?:{UNIT}(?:y|ies)?s?)"
DAY_PART = "(?:morning|afternoon|evening|night)"
YEAR = r"(?:1[89]\d\d|20\d\d)"
SEASON = "(?:spring|summer|autumn|fall|winter)"


def unit_key(word: str) -> str:
    """Normalise a matched unit word ("Centuries", "days") to a key of :data:`UNITS`."""
    w = word.lower()
    if w.startswith("centur"):
        return "century"
    return w[:-1] if w.endswith("s") and w[:-1] in UNITS else w


def parse_number(text: str) -> float | None:
    """A number written in digits or words ("48", "twenty-five", "a dozen"); None if vague."""
    t = " ".join(text.lower().replace("-", " ").split())
    if t.startswith("a "):
        t = t[2:]
    t = t.removesuffix(" of")
    try:
        return float(t)
    except ValueError:
        pass
    total = 0
    for part in t.split():
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return float(total)


def format_number(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


# --- the result of a rule -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a rule made of a match, before it becomes a TimeExpression."""

    timex_type: str
    value: str | None
    earliest: date | None = None
    latest: date | None = None
    grain: TimePrecision | None = None  # precision when there is no range (anaphora)


def precision_of(earliest: date | None, latest: date | None) -> TimePrecision | None:
    """ACLED precision of a range of days: one day, up to a week, or coarser."""
    if earliest is None or latest is None:
        return None
    days = (latest - earliest).days + 1
    if days <= 1:
        return TimePrecision.DAY
    if days <= 7:
        return TimePrecision.WEEK
    return TimePrecision.MONTH


# --- calendar arithmetic --------------------------------------------------------------


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def add_years(d: date, years: int) -> date:
    return add_months(d, 12 * years)


def week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def week_value(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def season_range(year: int, code: str) -> tuple[date, date]:
    """Meteorological seasons; winter YEAR runs from December YEAR to February YEAR+1."""
    if code == "SP":
        return date(year, 3, 1), date(year, 5, 31)
    if code == "SU":
        return date(year, 6, 1), date(year, 8, 31)
    if code == "FA":
        return date(year, 9, 1), date(year, 11, 30)
    return date(year, 12, 1), month_end(year + 1, 2)


def quarter_range(year: int, q: int) -> tuple[date, date]:
    return date(year, 3 * q - 2, 1), month_end(year, 3 * q)


def year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def value_for_range(a: date, b: date) -> str | None:
    """The finest TIMEX3 value whose period contains the whole range a..b."""
    if a == b:
        return a.isoformat()
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.year:04d}-{a.month:02d}"
    if a.year == b.year:
        return f"{a.year:04d}"
    if a.year // 10 == b.year // 10:
        return f"{a.year // 10:03d}"
    if a.year // 100 == b.year // 100:
        return f"{a.year // 100:02d}"
    return None


def pick_candidate(
    candidates: list[tuple[date, date]],
    *,
    dct: date,
    tense: str,
    ahead_days: int,
    past_slack: int = 0,
) -> tuple[date, date]:
    """Choose among the same calendar period in several years, as a news reader would.

    ``candidates`` are sorted by start. Past tense: the latest that has begun by the DCT.
    Future tense: the earliest that has not ended before the DCT. Otherwise the latest that
    begins no more than ``ahead_days`` after the DCT. ``past_slack`` lets a past-tense
    reading begin a few days after the DCT (a report dated a day early).
    """
    if tense == "future":
        for a, b in candidates:
            if b >= dct:
                return a, b
        return candidates[-1]
    limit = dct + timedelta(days=min(ahead_days, past_slack) if tense == "past" else ahead_days)
    best = candidates[0]
    for a, b in candidates:
        if a <= limit:
            best = (a, b)
    return best


def position_range(a: date, b: date, position: str, dct: date | None) -> tuple[date, date]:
    """Narrow a period to its early / middle / late part ("early March", "mid-2015").

    ``earlier``/``later`` cut the period at the DCT ("earlier this year").
    """
    n = (b - a).days + 1
    third = max(1, round(n / 3))
    half = max(1, n // 2)
    if position in ("early", "beginning", "start"):
        return a, a + timedelta(days=third - 1)
    if position in ("mid", "middle"):
        return a + timedelta(days=third), b - timedelta(days=third)
    if position in ("late", "end"):
        return b - timedelta(days=third - 1), b
    if position == "first half":
        return a, a + timedelta(days=half - 1)
    if position == "second half":
        return a + timedelta(days=half), b
    if position == "earlier" and dct is not None and a <= dct <= b:
        return a, dct
    if position == "later" and dct is not None and a <= dct <= b:
        return dct, b
    return a, b


def shift(d: date, unit: str, n: int) -> date:
    """``d`` moved by ``n`` units (negative: into the past)."""
    if unit in ("D", "WE"):
        return d + timedelta(days=n)
    if unit == "W":
        return d + timedelta(weeks=n)
    if unit == "M":
        return add_months(d, n)
    if unit == "Q":
        return add_months(d, 3 * n)
    if unit == "Y":
        return add_years(d, n)
    if unit == "DE":
        return add_years(d, 10 * n)
    return add_years(d, 100 * n)


def period_of(d: date, unit: str) -> tuple[str, date, date]:
    """The calendar period of granularity ``unit`` that contains ``d``: value and range."""
    if unit in ("D", "H", "S"):
        return d.isoformat(), d, d
    if unit in ("W", "WE"):
        s = week_start(d)
        return week_value(d), s, s + timedelta(days=6)
    if unit == "M":
        return f"{d.year:04d}-{d.month:02d}", date(d.year, d.month, 1), month_end(d.year, d.month)
    if unit == "Q":
        q = (d.month - 1) // 3 + 1
        return f"{d.year:04d}-Q{q}", *quarter_range(d.year, q)
    if unit == "DE":
        y0 = d.year // 10 * 10
        return f"{d.year // 10:03d}", date(y0, 1, 1), date(y0 + 9, 12, 31)
    if unit == "CE":
        y0 = d.year // 100 * 100
        return f"{d.year // 100:02d}", date(max(1, y0), 1, 1), date(y0 + 99, 12, 31)
    return f"{d.year:04d}", *year_range(d.year)


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
                if m.group("p") and _NON_FINITE.search(
                    self.text, max(self.lo, m.start() - 7), m.start()
                ):
                    continue  # "will be returned", "is heard": not a past event
                kind = "future" if m.group("f") or m.group("f2") else "past"
                self._markers.append((m.start(), "report" if m.group("r") else kind))
            self._positions = [p for p, _ in self._markers]
            self._ends = [m.end() for m in _SENTENCE_END.finditer(self.text, self.lo, self.hi)]
        k = bisect.bisect_right(self._ends, start)
        s_lo = self._ends[k - 1] if k else self.lo
        s_hi = self._ends[k] if k < len(self._ends) else self.hi
        i = bisect.bisect_left(self._positions, start)
        if _FUTURE_PREP.search(self.text, max(s_lo, start - 30), start):
            return "future"  # "until Tuesday", "as soon as Monday"
        best, best_d = "", 120
        for j in range(i - 1, -1, -1):
            pos, tense = self._markers[j]
            if pos < s_lo or start - pos >= best_d:
                break
            if pos + 3 <= start and (tense != "report" or start - pos < 40):
                best, best_d = tense, start - pos
                break
        for j in range(i, len(self._markers)):
            pos, tense = self._markers[j]
            if pos >= s_hi or pos - end >= best_d:
                break
            if pos >= end and (tense != "report" or pos - end < 6):
                best, best_d = tense, pos - end
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
_TENSE_RE = re.compile(
    r"\b(?P<f>will|shall|won't|wo\s+n't|going\s+to|plans?\s+to|planned|intends?\s+to|expected"
    r"|scheduled|set\s+(?:to|for)|is\s+to|are\s+to|would|must|should|may|might"
    r"|upcoming|as\s+soon\s+as)\b|(?P<f2>'ll)\b"
    r"|\b(?P<r>said|says|told|announced|reported|added|stated)\b"
    rf"|\b(?P<p>{'|'.join(_IRREGULAR_PAST.split())}|(?!(?:ne|spe|indee|hundr|se|b|r|bre"
    r"|procee|excee|succee|fe|we|sh|unit)ed\b)[a-z]{3,}ed)\b",
)
_FUTURE_PREP = re.compile(r"\b(?:until|till|as\s+soon\s+as|starting)\s[^.;,]{0,14}$")
_NON_FINITE = re.compile(r"\b(?:be|being|been|to|is|are|am)\s+$")
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\b(?:Mr|Dr|St|Jr|Sr|No|Lt|vs))(?<!\b(?:Mrs|Gen|Sen|Rep|Col|Gov|Sgt|Jan"
    r"|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec))(?<!\b(?:Capt|Sept|Prof))(?<![ap]\.m)"
    r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(]?[A-Z])"
)

_F = re.IGNORECASE

Rule = Callable[[re.Match[str], RuleContext], Resolved | None]


def day_of(d: date, timex_type: str = "DATE", suffix: str = "") -> Resolved:
    return Resolved(timex_type, d.isoformat() + suffix, d, d)


def span_of(value: str | None, a: date, b: date, timex_type: str = "DATE") -> Resolved:
    return Resolved(timex_type, value, a, b)


def unknown(timex_type: str = "DATE", grain: str = "D") -> Resolved:
    g = {"D": TimePrecision.DAY, "W": TimePrecision.WEEK}.get(grain, TimePrecision.MONTH)
    return Resolved(timex_type, None, None, None, g)


def month_of(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


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
    d = safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if d is None:
        return None
    if m["H"]:
        return Resolved("TIME", f"{d.isoformat()}T{m['H']}:{m['M']}", d, d)
    return day_of(d)


def numeric_date(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
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
        y = int(m["y"])
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
    y, m1 = int(m["y"]), month_of(m["mon"])
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
    if ctx_m is None or _YEAR_VETO.match(right):
        return None
    word = ctx_m.group(0).strip(" -").lower()
    if (
        word in _YEAR_WEAK
        and not m["y2"]
        and not right.startswith(("'s", "’s"))
        and not _YEAR_OK_AFTER.match(right)
    ):
        return None
    if word in _YEAR_DET and not re.match(r"\s+[A-Za-z]", right):
        return None  # "the 2014 offensive"; a quantity noun was vetoed above
    if word == "" and not (ctx.lo == m.start() and re.match(r"\s*[,:]", right)):
        return None  # a bare year: only at the start of a span, as in "2014: the year of ..."
    y1 = int(m["y"])
    if not 1900 <= y1 <= 2100:
        return None  # a bare number: a year only in the modern range
    y2 = y1
    if m["y2"]:
        y2 = int(m["y2"]) if len(m["y2"]) == 4 else y1 // 100 * 100 + int(m["y2"])
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
        y = int(y_txt)
        rng: tuple[date, date] | None = make(y)
    elif half:
        return None  # "the second half" of a match
    else:
        rng = year_from_dct(ctx, m, make, 0)
    if rng is None:
        return unknown(grain="M")
    return span_of(f"{rng[0].year}-{'H' if half else 'Q'}{n}", *rng)
