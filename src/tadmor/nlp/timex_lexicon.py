"""Lexicon and calendar arithmetic for time expressions (:mod:`.timex`).

The words a time expression is made of (months, weekdays, number words, units), the regex
pieces built from them, the record a rule returns (:class:`Resolved`) and the arithmetic
that turns "the summer of 2015" or "two weeks ago" into a TIMEX3 value and a range of
calendar days.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
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
    "(?-i:January|February|March|April|May|June|July|August|September|October|November|December)"
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
SPOKEN_YEAR = (
    rf"(?:(?:nineteen|twenty)[\s-]+(?:(?:{_alt(_TENS)})(?:[\s-]+(?:{_alt(_UNITS_SMALL[1:10])}))?"
    rf"|(?:{_alt(_UNITS_SMALL[10:])})|oh[\s-]+(?:{_alt(_UNITS_SMALL[1:10])}))"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{_alt(_UNITS_SMALL[1:])}))?)(?![\w-])"
)
YEAR = rf"(?:1[89]\d\d|20\d\d|{SPOKEN_YEAR})"
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


def year_int(text: str) -> int:
    """A year written in digits or spoken ("nineteen ninety-six", "two thousand and one")."""
    if text.isdigit():
        return int(text)
    words = text.lower().replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        return 2000 + sum(NUMBER_WORDS.get(w, 0) for w in words[2:] if w != "and")
    century = NUMBER_WORDS.get(words[0], 0) * 100
    return century + sum(NUMBER_WORDS.get(w, 0) for w in words[1:] if w != "oh")


def format_number(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


# --- the result of a rule -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Anchor:
    """How an expression's value follows from an earlier time in the text.

    ``kind``: "shift" (``n`` units from the anchor, at the anchor's granularity: "a year
    earlier"), "same" (the ``unit`` period holding the anchor: "that month"), "next" /
    "prev" (the ``unit`` period after / before it: "the following day"), "weekday"
    (the ``weekday`` after (n=1) or before (n=-1) the anchor day: "the previous Friday").
    ``part`` is a part of the day ("MO", "NI") added to a day value. ``grain`` makes a
    shift coarser ("the year-ago quarter" after "Sept. 30" is a quarter).
    """

    kind: str
    unit: str
    n: int = 0
    part: str = ""
    weekday: int = -1
    grain: str = ""  # for "shift": the granularity of the result, if coarser than the anchor's


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a rule made of a match, before it becomes a TimeExpression."""

    timex_type: str
    value: str | None
    earliest: date | None = None
    latest: date | None = None
    grain: TimePrecision | None = None  # precision when there is no range (anaphora)
    anchor: Anchor | None = None  # set when the value depends on an earlier time
    fallback: Resolved | None = None  # the reading taken when no anchor gives a value


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


def day_of(d: date, timex_type: str = "DATE", suffix: str = "") -> Resolved:
    return Resolved(timex_type, d.isoformat() + suffix, d, d)


def span_of(value: str | None, a: date, b: date, timex_type: str = "DATE") -> Resolved:
    return Resolved(timex_type, value, a, b)


def unknown(timex_type: str = "DATE", grain: str = "D", anchor: Anchor | None = None) -> Resolved:
    g = {"D": TimePrecision.DAY, "W": TimePrecision.WEEK}.get(grain, TimePrecision.MONTH)
    return Resolved(timex_type, None, None, None, g, anchor)


def month_of(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l7 = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l7) // 451
    month, day = divmod(h + l7 - 7 * m + 114, 31)
    return date(year, month, day + 1)


def thanksgiving(year: int) -> date:
    """US Thanksgiving: the fourth Thursday of November."""
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
