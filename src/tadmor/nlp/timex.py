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
  later", "the day before") keep the text and get value None, as do relative expressions
  when the DCT is unknown, and ambiguous numeric dates ("05/04/2015").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from tadmor.model import Evidence, TimeExpression, TimePrecision
from tadmor.nlp import timex_rules as tr
from tadmor.nlp.timex_rules import Resolved, RuleContext, precision_of

__all__ = ["find_time_expressions", "normalise"]


@dataclass(frozen=True, slots=True)
class _Cand:
    start: int
    end: int
    res: Resolved
    rank: int  # lower wins among candidates of the same length


_F = re.IGNORECASE


# --- rules: seasons ----------------------------------------------------------------------

_SEASON_CONTEXT = re.compile(
    r"\b(?:over|during|in|since|until|till|by|through|throughout|this|last|next|early|late|mid"
    r"|past|coming|before|after|of|for|the)[\s-]+$",
    _F,
)


def _season(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    s1, s2 = m["s"], m["s2"]
    if s1[0].isupper() and re.search(r"[A-Z]\w*\s+$", ctx.left(m.start("s"), 20)):
        return None  # "Arab Spring"
    code1 = tr.SEASONS[s1.lower()]
    code2 = tr.SEASONS[s2.lower()] if s2 else code1
    if not m["y"]:
        if re.match(r"\s+of\s+(?!\d)", ctx.right(m.end(), 8)):
            return None  # "the fall of Mosul"
        has_ctx = m["the"] or m["pos"] or _SEASON_CONTEXT.search(ctx.left(m.start(), 12))
        if not has_ctx or (code1 in ("SP", "FA") and not (m["the"] or m["pos"])):
            return None

    def make(y: int) -> tuple[date, date]:
        a = tr.season_range(y, code1)[0]
        b = tr.season_range(y, code2)[1]
        if b < a:
            b = tr.season_range(y + 1, code2)[1]
        return a, b

    if m["y"]:
        y = int(m["y"])
        a, b = make(y)
        if code2 != code1 and tr.season_range(y, code2)[0] < tr.season_range(y, code1)[0]:
            a, b = make(y - 1)  # "winter-spring 2015"
    else:
        rng = tr.year_from_dct(ctx, m, make, 0)
        if rng is None:
            return tr.unknown(grain="M")
        a, b = rng
    value = f"{a.year}-{code1}" if code1 == code2 else tr.value_for_range(a, b)
    if m["pos"]:
        a, b = tr.position_range(a, b, m["pos"].lower(), ctx.dct)
    return tr.span_of(value, a, b)


# --- rules: days relative to the DCT ------------------------------------------------------

_WEEKDAY_VETO_LEFT = re.compile(
    r"\b(?:Black|Bloody|Good|Holy|Ash|Super|Cyber|Palm|Easter|Maundy|Mail\s+on)\s+$"
)
_WEEKDAY_VETO_RIGHT = re.compile(
    r"^\s+(?-i:Times|Telegraph|Express|Mirror|Post|Herald|Mail|Independent|Star|Tribune"
    r"|Night\s+Live|Prayers?)\b"
)


def _weekday(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    if not m["rel"] and _WEEKDAY_VETO_LEFT.search(ctx.left(m.start("wd"), 12)):
        return None
    if _WEEKDAY_VETO_RIGHT.match(ctx.right(m.end("wd"))):
        return None
    wd = tr.WEEKDAYS[m["wd"].lower()]
    if m["pl"]:  # "on Fridays"
        return Resolved("SET", f"XXXX-WXX-{wd + 1}", None, None, None)
    rel = " ".join((m["rel"] or "").lower().split())
    part = tr.DAY_PARTS[m["part"].lower()] if m["part"] else ""
    timex_type = "TIME" if part else "DATE"
    if rel in ("following", "previous") or ctx.dct is None:
        return tr.unknown(timex_type)
    dct = ctx.dct
    back = (dct.weekday() - wd) % 7  # days back to the latest such weekday <= DCT
    if rel in ("last", "past", "this past"):
        d = dct - timedelta(days=back or 7)
    elif rel in ("next", "coming", "this coming"):
        d = dct + timedelta(days=(wd - dct.weekday()) % 7 or 7)
    elif rel == "this":
        d = tr.week_start(dct) + timedelta(days=wd)
    elif not m["poss"] and ctx.tense_at(m.start(), m.end()) == "future":
        d = dct + timedelta(days=(wd - dct.weekday()) % 7)
    else:
        d = dct - timedelta(days=back)
    return tr.day_of(d, timex_type, f"T{part}" if part else "")


_REL_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "overnight": -1}


def _relday(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    w = " ".join(m["w"].lower().split())
    part = tr.DAY_PARTS[m["part"].lower()] if m["part"] else ""
    if w in ("tonight", "overnight"):
        part = part or "NI"
    timex_type = "TIME" if part else "DATE"
    if ctx.dct is None:
        return tr.unknown(timex_type)
    if w.startswith("the day before"):
        off = -2
    elif w.startswith("the day after"):
        off = 2
    else:
        off = _REL_DAYS[w]
    return tr.day_of(ctx.dct + timedelta(days=off), timex_type, f"T{part}" if part else "")


def _daypart(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    rel, part = m["rel"].lower(), tr.DAY_PARTS[m["part"].lower()]
    if rel == "that" or ctx.dct is None:
        return tr.unknown("TIME")
    if rel == "last" and part in ("NI", "EV"):
        return tr.day_of(ctx.dct - timedelta(days=1), "TIME", f"T{part}")
    if rel == "last":
        return None  # "last morning" is not said
    return tr.day_of(ctx.dct, "TIME", f"T{part}")


# --- rules: weeks, months, years relative to the DCT ---------------------------------------


def _season_rel(code: str, rel: str, dct: date) -> tuple[date, date]:
    cands = [tr.season_range(y, code) for y in range(dct.year - 2, dct.year + 2)]
    if rel in ("last", "past", "previous"):
        return [c for c in cands if c[1] < dct][-1]
    if rel in ("next", "coming"):
        return next(c for c in cands if c[0] > dct)
    containing = [c for c in cands if c[0] <= dct <= c[1]]
    return containing[0] if containing else tr.season_range(dct.year, code)


def _rel_period(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    rel = m["rel"].lower()
    u = " ".join(m["u"].lower().split()).replace("fiscal ", "")
    pos = (m["pos"] or "").lower()
    season = tr.SEASONS.get(u)
    unit = tr.UNITS[u][0] if u in tr.UNITS else ""
    if rel in ("that", "same", "following", "previous") or ctx.dct is None:
        return tr.unknown(grain=unit or "M")
    dct = ctx.dct
    if m["the"] and rel in ("past", "last") and not season and not pos:
        if u == "weekend":
            return None
        a = tr.shift(dct, unit, -1) + timedelta(days=1)  # "the past week" ends at the DCT
        return Resolved("DURATION", f"P1{unit}", a, dct)
    if rel == "past" and not m["the"]:
        rel = "last"
    step = {"last": -1, "next": 1, "coming": 1}.get(rel, 0)
    if season:
        a, b = _season_rel(season, rel, dct)
        value: str | None = f"{a.year}-{season}"
    elif u == "weekend":
        s = tr.week_start(dct + timedelta(weeks=step)) + timedelta(days=5)
        a, b, value = s, s + timedelta(days=1), tr.week_value(s) + "-WE"
    else:
        value, a, b = tr.period_of(tr.shift(dct, unit, step), unit)
    if pos:
        a, b = tr.position_range(a, b, pos, dct)
    return tr.span_of(value, a, b)


def _the_weekend(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    if ctx.dct is None:
        return tr.unknown(grain="W")
    dct = ctx.dct
    sat = tr.week_start(dct) + timedelta(days=5)
    if ctx.tense_at(m.start(), m.end()) == "future":
        if dct.weekday() == 6:
            sat += timedelta(weeks=1)
    elif dct.weekday() < 5:
        sat -= timedelta(weeks=1)
    return tr.span_of(tr.week_value(sat) + "-WE", sat, sat + timedelta(days=1))


def _period_edge(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    """ "the end of the year", "the beginning of the month": the DCT's period."""
    if ctx.dct is None:
        return tr.unknown(grain="M")
    unit = tr.UNITS[m["u"].lower()][0]
    value, a, b = tr.period_of(ctx.dct, unit)
    a, b = tr.position_range(a, b, m["pos"].lower(), ctx.dct)
    return tr.span_of(value, a, b)


def _ago(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    key = tr.unit_key(m["u"])
    if key not in tr.UNITS:
        return None
    unit, clock, _days = tr.UNITS[key]
    n = tr.parse_number(m["n"])
    direction = m["dir"].lower()
    if not direction.startswith(("ago", "from")) or ctx.dct is None:
        return tr.unknown(grain="D" if clock or unit == "D" else unit)  # "two days later"
    sign = -1 if direction == "ago" else 1
    dct = ctx.dct
    if clock:
        return tr.day_of(dct)
    if n is None:  # "a few weeks ago": a rough range, no single period
        if unit in ("Y", "DE", "CE"):
            return Resolved("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
        near, far = tr.shift(dct, unit, 2 * sign), tr.shift(dct, unit, 9 * sign)
        a, b = (far, near) if sign < 0 else (near, far)
        return tr.span_of("PAST_REF" if sign < 0 else "FUTURE_REF", a, b)
    if n != int(n) or n * tr.UNITS[key][2] > _MAX_SHIFT_DAYS:
        return None
    d = tr.shift(dct, unit, int(n) * sign)
    gran = {"DE": "Y", "CE": "Y", "WE": "W", "Q": "M"}.get(unit, unit)
    value, a, b = tr.period_of(d, gran)
    return tr.span_of(value, a, b)


_RECENT = {"days": 6, "weeks": 30, "months": 180}  # how far back "recent days" reach


def _recent(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    """ "in recent days", "the coming weeks": a vague duration that ends (starts) at the DCT."""
    u, future = m["u"].lower(), m["rel"].lower() != "recent"
    value = _duration_value(None, tr.unit_key(u))
    if ctx.dct is None or u not in _RECENT:
        return Resolved("DURATION", value)
    span = timedelta(days=_RECENT[u])
    a, b = (ctx.dct, ctx.dct + span) if future else (ctx.dct - span, ctx.dct)
    return Resolved("DURATION", value, a, b)


_REFS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "at present": "PRESENT_REF", "presently": "PRESENT_REF", "right now": "PRESENT_REF",
    "these days": "PRESENT_REF", "recently": "PAST_REF", "lately": "PAST_REF",
    "previously": "PAST_REF", "formerly": "PAST_REF", "the past": "PAST_REF",
    "soon": "FUTURE_REF", "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
}  # fmt: skip
_REF_RANGE = frozenset(("now", "currently", "at present", "right now"))


def _ref(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    w = " ".join(m.group(0).lower().split())
    value = _REFS[w]
    if w == "soon" and (
        re.match(r"\s+(?:after|afterwards|thereafter|before)\b", ctx.right(m.end()), _F)
        or re.search(r"\bas\s+$", ctx.left(m.start(), 5), _F)
    ):
        return None
    if w == "now" and re.match(r"-", ctx.right(m.end(), 1)):
        return None  # "now-defunct"
    if ctx.dct is None:
        return Resolved("DATE", None)
    if w in _REF_RANGE:
        return tr.span_of(value, ctx.dct, ctx.dct)
    return Resolved("DATE", value)


def _anaphora(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    words = m.group(0).lower().split()
    last = words[-1] if words[-1] not in ("before", "after") else words[-2]
    if last in tr.DAY_PARTS:
        return tr.unknown("TIME")
    return tr.unknown(grain={"day": "D", "week": "W", "weekend": "W"}.get(last, "M"))


# --- rules: durations, sets and clock times ---------------------------------------------------


def _duration_value(n: float | None, key: str) -> str:
    unit, clock, _ = tr.UNITS[key]
    if key == "fortnight":
        n, unit = (None if n is None else 2 * n), "W"
    elif unit in ("DE", "CE"):  # ISO 8601 has no decades: "two decades" is P20Y
        n, unit = (None if n is None else n * (10 if unit == "DE" else 100)), "Y"
    if n is not None and n != int(n) and n * 2 == int(n * 2) and unit in ("Y", "H"):
        small = "6M" if unit == "Y" else "30M"  # "2 1/2 years" is P2Y6M
        return f"PT{int(n)}H{small}" if clock else f"P{int(n)}Y{small}"
    num = "X" if n is None else tr.format_number(n)
    return f"PT{num}{unit}" if clock else f"P{num}{unit}"


def _duration(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    key = tr.unit_key(m["u"])
    if key not in tr.UNITS:
        return None
    n_txt = " ".join(m["n"].lower().split())
    n = tr.parse_number(n_txt)
    if n is not None and m["half"]:
        n += 0.5
    hyphen = m["sep"] != " " and m["sep"].strip() == "-"
    mod = " ".join((m["mod"] or "").lower().split())
    plural = m["u"].lower().endswith("s")
    if (hyphen and plural) or (m["adj"] or "").lower() == "-old" or (n == 1 and plural):
        return None  # ages ("a 44-year-old") are not time expressions
    if key in ("second", "night") and (n_txt in ("a", "an", "one") or not (plural or hyphen)):
        return None  # "a second attack", "a night raid"
    if key == "quarter" and not mod.startswith(("the", "past", "last", "next", "first")):
        return None  # "a quarter of the city"
    singular_ok = hyphen or n_txt == "a" or re.search(r"\b(?:a|an|the)\s+$", ctx.left(m.start(), 5))
    if n is not None and (n == 0 or (n > 1 and not plural and not singular_ok)):
        return None  # "10 day" is not English; "10-day" and "a two day rally" are
    value = _duration_value(n, key)
    if mod in ("the past", "the last", "past", "last", "the next", "next", "the coming"):
        unit, clock, days = tr.UNITS[key]
        if ctx.dct and not clock and n is not None and n == int(n) and n * days < _MAX_SHIFT_DAYS:
            future = "next" in mod or "coming" in mod
            other = tr.shift(ctx.dct, unit, int(n) if future else -int(n))
            one = timedelta(days=1)  # "the past two weeks": 14 days, the DCT included
            a, b = (ctx.dct, other - one) if future else (other + one, ctx.dct)
            return Resolved("DURATION", value, a, b)
    return Resolved("DURATION", value)


def _bare_units(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    key = tr.unit_key(m["u"])
    if key not in tr.UNITS or key in ("second", "quarter", "night"):
        return None
    if m["one"]:
        if not m["x"].lower().endswith("-long"):
            return None
        return Resolved("DURATION", _duration_value(1, key))
    return Resolved("DURATION", _duration_value(None, key))


_SET_ADV = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
    "nightly": "XXXX-XX-XXTNI", "hourly": "PT1H", "fortnightly": "P2W", "biweekly": "P2W",
}  # fmt: skip


def _set(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    if m["adv"]:
        return Resolved("SET", _SET_ADV[m["adv"].lower()])
    u = m["u"] or m["u2"]
    low = u.lower()
    if low.rstrip("s") in tr.WEEKDAYS:
        return Resolved("SET", f"XXXX-WXX-{tr.WEEKDAYS[low.rstrip('s')] + 1}")
    if low.rstrip("s") in tr.DAY_PARTS:
        return Resolved("SET", f"XXXX-XX-XXT{tr.DAY_PARTS[low.rstrip('s')]}")
    key = tr.unit_key(u)
    if key not in tr.UNITS:
        return None
    n = tr.parse_number(m["n"]) if m["n"] else 1.0
    if m["other"] and n is not None:
        n *= 2
    return Resolved("SET", _duration_value(n, key))


def _clock(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    if m["word"]:
        w = m["word"].lower()
        hh, mm = (24, 0) if w == "midnight" else (12, 0)
    else:
        hh = int(m["h"] or m["h2"] or m["h3"])
        mm = int(m["mi"] or m["m2"] or m["m3"] or 0)
        if m["ap"]:
            if not 1 <= hh <= 12:
                return None
            pm = m["ap"].lower().startswith("p")
            hh = hh % 12 + (12 if pm else 0)
        elif m["h2"] and not m["tz"] and not re.search(
            r"\b(?:at|around|about|by|until|till|from|before|after|since)\s+$",
            ctx.left(m.start(), 8),
            _F,
        ):
            return None  # "3:16" could be a score or a verse
    return Resolved("TIME", f"XXXX-XX-XXT{hh:02d}:{mm:02d}", None, None, TimePrecision.DAY)


# --- the rule table --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[re.Pattern[str], tr.Rule], ...]:
    """Compiled once, on first use. Earlier rules win ties between candidates of equal length."""
    mon = rf"{tr.MONTH_ANY}(?![A-Za-z])"
    wd = tr.WEEKDAY
    y = tr.YEAR
    dn = r"[0-3]?\d(?:st|nd|rd|th)?"
    table: list[tuple[tr.Rule, str]] = [
        (tr.iso_date,
         rf"\b(?P<y>{y})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
         r"(?:T(?P<H>[0-2]\d):(?P<M>[0-5]\d)(?::[0-5]\d)?)?(?![\d-])"),
        (tr.numeric_date,
         rf"(?<![\d/.-])(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>{y})"
         r"(?![\d/-]|\.\d)"),
        (tr.month_day,
         rf"\b(?:{wd},?\s+)?(?P<mon>{mon})\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?"
         rf"(?:\s*[-–]\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?)?"
         r"(?!\d|:\d|[.,]\d|\s*(?:%|percent|per\s*cent))"
         rf"(?:,?\s+(?P<y>{y})(?!\d|,\d))?"),
        (tr.month_day,
         rf"\b(?:{wd},?\s+)?(?:the\s+)?(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?"
         rf"(?:\s*[-–]\s*(?P<d2>{dn}))?\s+(?:of\s+)?(?P<mon>{mon})"
         rf"(?:,?\s+(?P<y>{y})(?!\d|,\d))?"),
        (tr.month_year,
         rf"\b(?P<mon>{mon})(?:\s*[-–/]\s*(?P<mon2>{mon}))?,?\s+(?:of\s+)?(?P<y>{y})(?!\d|,\d)"),
        (tr.month_rel_year,
         rf"\b(?P<mon>{mon})(?:\s+of)?\s+(?P<rel>this|last|next)\s+year\b"),
        (tr.month_name,
         r"\b(?:(?P<rel>last|next|this|past|coming|previous|following)\s+)?"
         rf"(?P<mon>{tr.MONTH_FULL}|(?-i:Sept?|Jan|Feb|Aug|Oct|Nov|Dec)\.)(?![A-Za-z])"),
        (tr.year,
         rf"(?<![\d,.$£€])\b(?:fiscal\s+)?(?P<y>{y})(?:\s*[-–/]\s*(?P<y2>{y}|\d\d))?"
         r"(?![\d,.]\d|\s*(?:%|percent))\b"),
        (tr.decade,
         r"\b(?:(?P<the>the)\s+)?(?:(?P<pos>early|mid|late)[\s-]+)?"
         r"(?:(?P<dec>(?:1[5-9]|20)\d0)['’]?s|['’](?P<dec2>\d0)s"
         rf"|(?P<decw>{'|'.join(tr.DECADE_WORDS)}))(?![A-Za-z])"),
        (tr.century,
         r"\b(?:the\s+)?(?P<n>\d\d(?:st|nd|rd|th)|eighteenth|nineteenth|twentieth"
         r"|twenty-first)[\s-]+century\b"),
        (tr.quarter,
         rf"\b(?:the\s+)?(?:(?P<y0>{y})\s+)?(?:fiscal[\s-]+)?"
         r"(?P<o>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?"
         rf"(?P<k>quarter|half)(?:\s+of\s+(?:fiscal\s+)?(?P<y>{y})|,?\s+(?P<y2>{y}))?"
         r"(?![A-Za-z])"),
        (_season,
         r"\b(?:(?P<the>the)\s+)?(?:(?P<pos>early|mid|late)[\s-]+)?"
         rf"(?P<s>{tr.SEASON})(?:\s*(?:[-–/]|to|and)\s*(?:the\s+)?(?P<s2>{tr.SEASON}))?"
         rf"(?:,?\s+(?:of\s+)?(?P<y>{y})(?!\d|,\d))?(?![A-Za-z])"),
        (_weekday,
         r"\b(?P<x>(?:(?P<rel>this\s+past|this\s+coming|last|next|this|past|coming|previous"
         r"|following)\s+)?(?:(?:early|late)\s+)?"
         rf"(?P<wd>{wd})(?P<pl>s)?(?![A-Za-z])(?:\s+(?P<part>{tr.DAY_PART}))?)(?P<poss>['’]s)?"),
        (_relday,
         r"\b(?:(?:early|late|earlier|later)\s+)?(?P<w>the\s+day\s+before\s+yesterday"
         r"|the\s+day\s+after\s+tomorrow|today|yesterday|tomorrow|tonight|overnight)"
         rf"(?![A-Za-z])(?:\s+(?P<part>{tr.DAY_PART}))?"),
        (_daypart,
         r"\b(?:(?:early|late|earlier|later)\s+)?(?P<rel>this|last|that)\s+"
         rf"(?P<part>{tr.DAY_PART})(?![A-Za-z])"),
        (_rel_period,
         r"\b(?:(?P<the>the)\s+)?(?:(?P<pos>early|mid|late|earlier|later)[\s-]+)?"
         r"(?P<rel>this|last|next|past|coming|previous|current|following|same|that)\s+"
         r"(?P<u>week|weekend|month|year|quarter|decade|century|fiscal\s+year"
         rf"|{tr.SEASON})(?![A-Za-z])"),
        (_the_weekend, r"\bthe\s+weekend\b"),
        (_period_edge,
         r"\bthe\s+(?P<pos>beginning|start|end|middle)\s+of\s+the\s+(?P<u>week|month|year)\b"),
        (_ago,
         r"\b(?:(?:more\s+than|less\s+than|nearly|almost|about|around|some|roughly|just"
         rf"|only|at\s+least|over)\s+)?(?P<n>{tr.QUANT})\s+(?P<u>{tr.UNIT_PL})\s+"
         r"(?:or\s+so\s+)?(?P<dir>ago|earlier|later|from\s+now|hence)\b"),
        (_recent, r"\b(?:the\s+)?(?P<rel>recent|coming)\s+(?P<u>days|weeks|months|years)\b"),
        (_duration,
         r"\b(?:(?P<mod>more\s+than|less\s+than|fewer\s+than|nearly|almost|about|around"
         r"|at\s+least|some|roughly|approximately|up\s+to|just|only|the\s+(?:past|last|next"
         r"|first|previous|coming|final|following|other)|past|last|next|first|final)\s+)?"
         rf"(?P<n>{tr.QUANT})(?P<half>\s+1/2|\s+and\s+a\s+half)?(?P<sep>\s+|\s*-\s*)"
         r"(?:(?:more|additional|extra|further)\s+)?"
         rf"(?P<u>{tr.UNIT_PL})(?P<adj>-(?:long|old))?"
         r"(?![A-Za-z])"),
        (_bare_units,
         r"(?:\b(?:for|within|over|after|in|took|lasting|lasted)\s+|(?<=\bthe\s)(?=\w+\s+"
         r"(?:before|after|since|following|leading|that|ahead))|(?=\w+-long\b))"
         r"(?P<x>(?P<u>years|months|weeks|days|hours|decades|centuries|minutes|(?P<one>day"
         r"|week|month|year))(?:-long)?)\b"),
        (_set,
         r"\b(?:(?:every|each)\s+(?P<other>other\s+)?(?:(?P<n>" + tr.NUM + r")\s+)?"
         rf"(?P<u>{tr.UNIT_PL}|{wd}|{tr.DAY_PART}s?)"
         r"|(?P<adv>(?-i:daily|weekly|monthly|yearly|annually|nightly|hourly|fortnightly"
         r"|biweekly))|(?:once|twice|three\s+times|\d+\s+times|several\s+times)"
         rf"\s+(?:a|an|per|each|every)\s+(?P<u2>{tr.UNIT}))(?![A-Za-z])"),
        (_clock,
         r"(?<![\d:.,])(?:(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*"
         r"(?P<ap>[ap]\.?\s?m\.?(?![A-Za-z]))|(?P<h2>[01]?\d|2[0-3]):(?P<m2>[0-5]\d)(?![\d:])"
         r"|(?P<h3>[01]\d|2[0-3])(?P<m3>[0-5]\d)(?=\s*(?:GMT|UTC|hrs|hours|local\s+time))"
         r"|\b(?P<word>noon|midday|midnight)\b)(?:\s*(?P<tz>GMT|UTC|(?-i:[ECMP][SD]T)"
         r"|local\s+time|\(\s*\d{3,4}\s*GMT\s*\)))?"),
        (_ref,
         r"\b(?:now|currently|nowadays|at\s+present|presently|right\s+now|these\s+days"
         r"|recently|lately|previously|formerly|soon|the\s+past|the\s+(?:near\s+)?future)\b(?!-)"),
        (_anaphora,
         r"\b(?:(?:that(?:\s+same)?|the\s+same|the\s+following|the\s+next|the\s+previous"
         r"|the\s+preceding|the\s+prior)\s+(?:day|week|weekend|month|year|morning|afternoon"
         r"|evening|night)|the\s+(?:day|week|month|year)\s+(?:before|after)|the\s+night\s+before|the\s+eve"
         r"|the\s+(?:year|week|month)(?![\s-]+(?:long|old|earlier|ago|before|after|\d))"
         r"|(?<=\bin\s)the\s+day|(?<=\bat\s)the\s+time"
         r"|(?:the|its|his|her|their)\s+(?:first|second|third|fourth|fifth|sixth|seventh"
         r"|eighth|ninth|tenth|final|last|\d+(?:st|nd|rd|th))\s+(?:day|week|month|year))"
         r"(?![A-Za-z-])"),
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
    "month_rel_year": _MONTHS, "month_name": _MONTHS, "year": _DIGITS,
    "decade": ("0s", "0's", "0’s", "ties"), "century": ("century",), "quarter": ("quarter", "half"),
    "_season": _SEASONS, "_weekday": ("day",), "_relday": ("today", "tomorrow", "tonight",
    "yesterday", "overnight"), "_daypart": ("morning", "afternoon", "evening", "night"),
    "_rel_period": ("week", "month", "year", "quarter", "decade", "century", *_SEASONS),
    "_the_weekend": ("weekend",), "_period_edge": ("of the",), "_recent": ("recent", "coming"),
    "_ago": ("ago", "earlier", "later", "from now", "hence"), "_duration": _UNITS,
    "_bare_units": _UNITS, "_set": ("every", "each", "ly", "once", "twice", "times"),
    "_clock": (*_DIGITS, "noon", "midday", "midnight"),
    "_ref": ("now", "current", "present", "these", "recent", "lately", "previous", "formerly",
             "soon", "past", "future"),
    "_anaphora": ("day", "week", "month", "year", "morning", "afternoon", "evening", "night",
                  "eve", "time"),
}  # fmt: skip
# Rules whose matches end near a unit word: searched only in windows around those words.
_UNIT_ANCHOR = re.compile(
    r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur)",
    re.IGNORECASE,
)
_ANCHORED = frozenset(("_duration", "_ago", "_bare_units"))


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
            a, b = tr.position_range(r.earliest, r.latest, pos, ctx.dct)
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


_MAX_SHIFT_DAYS = 200_000  # "two hundred years ago" resolves; "ninety centuries ago" does not


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
    out: list[TimeExpression] = []
    last_end = 0
    for lo, hi in bounds:
        if hi <= lo:
            continue
        ctx = RuleContext(text, lo, hi, _usable(dct), None)
        for c in _candidates(ctx):
            if c.start >= last_end:
                out.append(_to_expression(c, text, doc_id))
                last_end = c.end
    return out


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
