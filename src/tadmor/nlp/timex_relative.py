"""The rules of :mod:`.timex` for expressions read against the DCT or another time.

Seasons, weekdays, "today"/"tonight", "last week", "two months ago", "in recent days",
durations ("a four-day offensive"), sets ("every Friday"), clock times, and the anaphoric
expressions ("that month", "a year earlier") whose value :mod:`.timex_anchor` fills in.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tadmor.model import TimePrecision
from tadmor.nlp import timex_lexicon as lx
from tadmor.nlp import timex_rules as tr
from tadmor.nlp.timex_lexicon import Anchor, Resolved
from tadmor.nlp.timex_rules import RuleContext

_F = re.IGNORECASE
MAX_SHIFT_DAYS = 200_000  # "two hundred years ago" resolves; "ninety centuries ago" does not

# --- rules: seasons ----------------------------------------------------------------------

_SEASON_CONTEXT = re.compile(
    r"\b(?:over|during|in|since|until|till|by|through|throughout|this|last|next|early|late|mid"
    r"|past|coming|before|after|of|for|the)[\s-]+$",
    _F,
)


def season(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    s1, s2 = m["s"], m["s2"]
    if s1[0].isupper() and re.search(r"[A-Z]\w*\s+$", ctx.left(m.start("s"), 20)):
        return None  # "Arab Spring"
    code1 = lx.SEASONS[s1.lower()]
    code2 = lx.SEASONS[s2.lower()] if s2 else code1
    if not m["y"]:
        if re.match(r"\s+of\s+(?!\d)", ctx.right(m.end(), 8)):
            return None  # "the fall of Mosul"
        has_ctx = m["the"] or m["pos"] or _SEASON_CONTEXT.search(ctx.left(m.start(), 12))
        if not has_ctx or (code1 in ("SP", "FA") and not (m["the"] or m["pos"])):
            return None

    def make(y: int) -> tuple[date, date]:
        a = lx.season_range(y, code1)[0]
        b = lx.season_range(y, code2)[1]
        if b < a:
            b = lx.season_range(y + 1, code2)[1]
        return a, b

    if m["y"]:
        y = lx.year_int(m["y"])
        a, b = make(y)
        if code2 != code1 and lx.season_range(y, code2)[0] < lx.season_range(y, code1)[0]:
            a, b = make(y - 1)  # "winter-spring 2015"
    else:
        rng = tr.year_from_dct(ctx, m, make, 0)
        if rng is None:
            return lx.unknown(grain="M")
        a, b = rng
    value = f"{a.year}-{code1}" if code1 == code2 else lx.value_for_range(a, b)
    if m["pos"]:
        a, b = lx.position_range(a, b, m["pos"].lower(), ctx.dct)
    return lx.span_of(value, a, b)


# --- rules: days relative to the DCT ------------------------------------------------------

_WEEKDAY_VETO_LEFT = re.compile(
    r"\b(?:Black|Bloody|Good|Holy|Ash|Super|Cyber|Palm|Easter|Maundy|Mail\s+on)\s+$"
)
_WEEKDAY_VETO_RIGHT = re.compile(
    r"^\s+(?-i:Times|Telegraph|Express|Mirror|Post|Herald|Mail|Independent|Star|Tribune"
    r"|Night\s+Live|Prayers?)\b"
)


def weekday(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    if not m["rel"] and _WEEKDAY_VETO_LEFT.search(ctx.left(m.start("wd"), 12)):
        return None
    if _WEEKDAY_VETO_RIGHT.match(ctx.right(m.end("wd"))):
        return None
    wd = lx.WEEKDAYS[m["wd"].lower()]
    if m["pl"]:  # "on Fridays"
        return Resolved("SET", f"XXXX-WXX-{wd + 1}", None, None, None)
    rel = " ".join((m["rel"] or "").lower().split())
    part = lx.DAY_PARTS[m["part"].lower()] if m["part"] else ""
    timex_type = "TIME" if part else "DATE"
    if rel in ("following", "previous"):
        step = 1 if rel == "following" else -1
        return lx.unknown(timex_type, anchor=Anchor("weekday", "D", step, part, wd))
    if ctx.dct is None:
        return lx.unknown(timex_type)
    dct = ctx.dct
    back = (dct.weekday() - wd) % 7  # days back to the latest such weekday <= DCT
    if rel in ("last", "past", "this past"):
        d = dct - timedelta(days=back or 7)
    elif rel in ("next", "coming", "this coming"):
        d = dct + timedelta(days=(wd - dct.weekday()) % 7 or 7)
    elif rel == "this":
        d = lx.week_start(dct) + timedelta(days=wd)
    elif not m["poss"] and ctx.tense_at(m.start(), m.end()) == "future":
        d = dct + timedelta(days=(wd - dct.weekday()) % 7)
    else:
        d = dct - timedelta(days=back)
    return lx.day_of(d, timex_type, f"T{part}" if part else "")


_REL_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "overnight": -1}


def relday(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    w = " ".join(m["w"].lower().split())
    word = m["part"] or m["part0"]  # "yesterday afternoon", "mid-afternoon yesterday"
    part = lx.DAY_PARTS[word.lower()] if word else ""
    if w in ("tonight", "overnight"):
        part = part or "NI"
    timex_type = "TIME" if part else "DATE"
    if ctx.dct is None:
        return lx.unknown(timex_type)
    if w.startswith("the day before"):
        off = -2
    elif w.startswith("the day after"):
        off = 2
    else:
        off = _REL_DAYS[w]
    return lx.day_of(ctx.dct + timedelta(days=off), timex_type, f"T{part}" if part else "")


def daypart(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    rel, part = m["rel"].lower(), lx.DAY_PARTS[m["part"].lower()]
    if rel == "that" or ctx.dct is None:
        return lx.unknown("TIME")
    if rel == "last" and part in ("NI", "EV"):
        return lx.day_of(ctx.dct - timedelta(days=1), "TIME", f"T{part}")
    if rel == "last":
        return None  # "last morning" is not said
    return lx.day_of(ctx.dct, "TIME", f"T{part}")


# --- rules: weeks, months, years relative to the DCT ---------------------------------------


def _season_rel(code: str, rel: str, dct: date) -> tuple[date, date]:
    cands = [lx.season_range(y, code) for y in range(dct.year - 2, dct.year + 2)]
    if rel in ("last", "past", "previous"):
        return [c for c in cands if c[1] < dct][-1]
    if rel in ("next", "coming"):
        return next(c for c in cands if c[0] > dct)
    containing = [c for c in cands if c[0] <= dct <= c[1]]
    return containing[0] if containing else lx.season_range(dct.year, code)


_ANAPHORIC_REL = {"that": "same", "same": "same", "following": "next", "previous": "prev"}


def rel_period(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    rel = m["rel"].lower()
    u = " ".join(m["u"].lower().split()).replace("fiscal ", "")
    pos = (m["pos"] or "").lower()
    season = lx.SEASONS.get(u)
    unit = lx.UNITS[u][0] if u in lx.UNITS else ""
    if rel in _ANAPHORIC_REL:
        spec = Anchor(_ANAPHORIC_REL[rel], unit) if unit and not pos else None
        return lx.unknown(grain=unit or "M", anchor=spec)
    if ctx.dct is None:
        return lx.unknown(grain=unit or "M")
    dct = ctx.dct
    if m["the"] and rel in ("past", "last") and not season and not pos:
        if u == "weekend":
            return None
        a = lx.shift(dct, unit, -1) + timedelta(days=1)  # "the past week" ends at the DCT
        return Resolved("DURATION", f"P1{unit}", a, dct)
    if rel == "past" and not m["the"]:
        rel = "last"
    step = {"last": -1, "next": 1, "coming": 1}.get(rel, 0)
    if season:
        a, b = _season_rel(season, rel, dct)
        value: str | None = f"{a.year}-{season}"
    elif u == "weekend":
        s = lx.week_start(dct + timedelta(weeks=step)) + timedelta(days=5)
        a, b, value = s, s + timedelta(days=1), lx.week_value(s) + "-WE"
    else:
        value, a, b = lx.period_of(lx.shift(dct, unit, step), unit)
    if pos:
        a, b = lx.position_range(a, b, pos, dct)
    return lx.span_of(value, a, b)


def the_weekend(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    if ctx.dct is None:
        return lx.unknown(grain="W")
    dct = ctx.dct
    sat = lx.week_start(dct) + timedelta(days=5)
    if ctx.tense_at(m.start(), m.end()) == "future":
        if dct.weekday() == 6:
            sat += timedelta(weeks=1)
    elif dct.weekday() < 5:
        sat -= timedelta(weeks=1)
    return lx.span_of(lx.week_value(sat) + "-WE", sat, sat + timedelta(days=1))


def period_edge(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    """ "the end of the year", "the beginning of the month": the DCT's period."""
    if ctx.dct is None:
        return lx.unknown(grain="M")
    unit = lx.UNITS[m["u"].lower()][0]
    value, a, b = lx.period_of(ctx.dct, unit)
    a, b = lx.position_range(a, b, m["pos"].lower(), ctx.dct)
    return lx.span_of(value, a, b)


def ago(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    key = lx.unit_key(m["u"])
    if key not in lx.UNITS:
        return None
    unit, clock, _days = lx.UNITS[key]
    n = lx.parse_number(m["n"])
    direction = m["dir"].lower()
    if not direction.startswith(("ago", "from")):  # "two days later": from another time
        spec = None
        if not clock and n is not None and n == int(n) and n * _days <= MAX_SHIFT_DAYS:
            spec = Anchor("shift", unit, int(n) * (-1 if direction == "earlier" else 1))
        return lx.unknown(grain="D" if clock or unit == "D" else unit, anchor=spec)
    if ctx.dct is None:
        return lx.unknown(grain="D" if clock or unit == "D" else unit)
    sign = -1 if direction == "ago" else 1
    dct = ctx.dct
    if clock:
        return lx.day_of(dct)
    if n is None:  # "a few weeks ago": a rough range, no single period
        if unit in ("Y", "DE", "CE"):
            return Resolved("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
        near, far = lx.shift(dct, unit, 2 * sign), lx.shift(dct, unit, 9 * sign)
        a, b = (far, near) if sign < 0 else (near, far)
        return lx.span_of("PAST_REF" if sign < 0 else "FUTURE_REF", a, b)
    if n != int(n) or n * lx.UNITS[key][2] > MAX_SHIFT_DAYS:
        return None
    d = lx.shift(dct, unit, int(n) * sign)
    gran = {"DE": "Y", "CE": "Y", "WE": "W", "Q": "M"}.get(unit, unit)
    value, a, b = lx.period_of(d, gran)
    spec = Anchor("compare", "Y", int(n) * sign) if unit == "Y" and sign < 0 else None
    return Resolved("DATE", value, a, b, anchor=spec)


_RECENT = {"days": 6, "weeks": 30, "months": 180}  # how far back "recent days" reach


def recent(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    """ "in recent days", "the coming weeks": a vague duration that ends (starts) at the DCT."""
    u, future = m["u"].lower(), m["rel"].lower() != "recent"
    value = _duration_value(None, lx.unit_key(u))
    if ctx.dct is None or u not in _RECENT:
        return Resolved("DURATION", value)
    span = timedelta(days=_RECENT[u])
    a, b = (ctx.dct, ctx.dct + span) if future else (ctx.dct - span, ctx.dct)
    return Resolved("DURATION", value, a, b)


_REFS = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "at present": "PRESENT_REF", "right now": "PRESENT_REF",
    "these days": "PRESENT_REF", "recently": "PAST_REF", "lately": "PAST_REF",
    "the past": "PAST_REF", "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "soon": "FUTURE_REF",
}  # fmt: skip
_REF_RANGE = frozenset(("now", "currently", "at present", "right now"))


def ref(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    w = " ".join(m.group(0).lower().split())
    value = _REFS[w]
    if w == "soon" and (
        re.match(r"\s+(?:after|afterwards|thereafter|before)\b", ctx.right(m.end()), _F)
        or re.search(r"\bas\s+$", ctx.left(m.start(), 5), _F)
    ):
        return None  # "soon after the attack" is anchored on the attack
    if w == "now" and re.match(r"-", ctx.right(m.end(), 1)):
        return None  # "now-defunct"
    if ctx.dct is None:
        return Resolved("DATE", None)
    if w in _REF_RANGE:
        return lx.span_of(value, ctx.dct, ctx.dct)
    return Resolved("DATE", value)


def comparison(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    """ "the year-earlier quarter", "year-ago results": the anchor moved back one unit."""
    unit = lx.UNITS[m["u"].lower()][0]
    at = "Q" if (m["k"] or "").lower() == "quarter" else ""  # "the year-ago quarter": a quarter
    return lx.unknown(grain=unit, anchor=Anchor("shift", unit, -1, grain=at))


def latest_period(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    """ "the latest quarter": the last whole one before the DCT's."""
    if ctx.dct is None:
        return lx.unknown(grain="M")
    u = " ".join(m["u"].lower().split()).replace("fiscal ", "")
    unit = "Q" if u == "period" else lx.UNITS[u][0]  # "the latest period" of a report
    value, a, b = lx.period_of(lx.shift(ctx.dct, unit, -1), unit)
    return lx.span_of(value, a, b)


def full_year(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    """ "the full year" of a report: the year its figures are for."""
    if ctx.dct is None:
        return lx.unknown(grain="Y")
    value, a, b = lx.period_of(ctx.dct - timedelta(days=tr.REPORT_LAG), "Y")
    return lx.span_of(value, a, b)


_ANAPHORA_KIND = {
    "that": "same", "same": "same", "following": "next", "next": "next", "previous": "prev",
    "preceding": "prev", "prior": "prev", "before": "prev", "after": "next",
}  # fmt: skip


_ENDED = re.compile(
    rf"\s+(?:ended|ending)\s+(?P<mon>{lx.MONTH_ANY})\s+(?P<d>[0-3]?\d)(?:,?\s+(?P<y>{lx.YEAR}))?"
)


def _quarter_ended(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    """ "the quarter ended Sept. 30": the calendar quarter holding most of those three months."""
    e = _ENDED.match(ctx.text, m.end(), ctx.hi)
    if e is None:
        return None
    month, day = lx.month_of(e["mon"]), int(e["d"])
    if e["y"]:
        years = [lx.year_int(e["y"])]
    elif ctx.dct is not None:
        years = [ctx.dct.year, ctx.dct.year - 1]
    else:
        return None
    for y in years:
        end = lx.safe_date(y, month, day)
        if end is not None and (ctx.dct is None or e["y"] or end <= ctx.dct + timedelta(days=30)):
            value, a, b = lx.period_of(end - timedelta(days=45), "Q")
            return lx.span_of(value, a, b)
    return None


def anaphora(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    words = m.group(0).lower().split()
    last = words[-1] if words[-1] not in ("before", "after") else words[-2]
    kind = _ANAPHORA_KIND.get(words[-1]) or (
        _ANAPHORA_KIND.get(words[1]) if len(words) > 2 else None
    )
    if words[0] == "that":
        kind = "same"
    if words[0] == "the" and len(words) == 2 and last in ("year", "quarter"):
        kind = "same"  # "the quarter": the one just mentioned
    if words[0] != "the" and words[0] != "that":
        kind = None  # "its first day"
    if words == ["the", "year"] and re.match(r"\s+(?:ended|ending)\b", ctx.right(m.end(), 10)):
        return Resolved("DURATION", "P1Y")  # "the year ended March 31": a year's accounts
    if words == ["the", "quarter"] and (got := _quarter_ended(m, ctx)) is not None:
        return got
    if words == ["the", "day"]:
        kind = "same"  # "later in the day": the day just mentioned, or the DCT
    if last in lx.DAY_PARTS:
        part = lx.DAY_PARTS[last]
        spec = Anchor(kind, "D", part=part) if kind else None
        return lx.unknown("TIME", anchor=spec)
    unit = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}.get(last, "")
    spec = Anchor(kind, unit) if kind and unit else None
    got = lx.unknown(grain={"day": "D", "week": "W", "weekend": "W"}.get(last, "M"), anchor=spec)
    if len(words) == 2 and ctx.dct is not None and last in ("day", "quarter", "year"):
        # with no time before it, "the quarter" of a report is the one just reported on,
        # "the year" the current one, "(later) in the day" the day of the report
        d = ctx.dct - timedelta(days=tr.REPORT_LAG) if last == "quarter" else ctx.dct
        value, a, b = lx.period_of(d, unit)
        return Resolved(got.timex_type, None, grain=got.grain, anchor=spec,
                        fallback=lx.span_of(value, a, b))  # fmt: skip
    return got


_CURRENT_VETO = re.compile(r"\s+(?:accounts?|affairs|events|assets|liabilities|flows?)\b")


def current(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    """ "current" as an adjective ("the current talks"): now; "then-current": a past time."""
    if _CURRENT_VETO.match(ctx.right(m.end(), 14)):
        return None
    return Resolved("DATE", "PAST_REF" if m["then"] else "PRESENT_REF")


# --- rules: durations, sets and clock times ---------------------------------------------------


_HALVES = {("Y", False): "P{}Y6M", ("D", False): "P{}DT12H", ("H", True): "PT{}H30M",
           ("M", True): "PT{}M30S"}  # fmt: skip
_MODAL_LEFT = re.compile(r"\b(?:will|would|may|might|could|can|shall)\s+$", _F)


def _duration_value(n: float | None, key: str) -> str:
    unit, clock, _ = lx.UNITS[key]
    if key == "fortnight":
        n, unit = (None if n is None else 2 * n), "W"
    elif unit in ("DE", "CE"):  # ISO 8601 has no decades: "two decades" is P20Y
        n, unit = (None if n is None else n * (10 if unit == "DE" else 100)), "Y"
    half = _HALVES.get((unit, clock))
    if n is not None and n != int(n) and n * 2 == int(n * 2) and half:
        return half.format(int(n))  # "2 1/2 years" is P2Y6M
    num = "X" if n is None else lx.format_number(n)
    return f"PT{num}{unit}" if clock else f"P{num}{unit}"


_RATE_LEFT = re.compile(
    r"(?:\d|\b(?:million|billion|percent|times|once|twice|hours|days|weeks))\W{0,2}\s+$", _F
)


def duration(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    key = lx.unit_key(m["u"])
    if key not in lx.UNITS:
        return None
    n_txt = " ".join(m["n"].lower().split())
    n = lx.parse_number(n_txt)
    if n is not None and (m["half"] or m["half2"]):
        n += 0.5
    hyphen = m["sep"] != " " and m["sep"].strip() == "-"
    mod = " ".join((m["mod"] or "").lower().split())
    plural = m["u"].lower().endswith("s")
    if (hyphen and plural) or (m["adj"] or "").lower() == "-old" or (n == 1 and plural):
        return None  # ages ("a 44-year-old") are not time expressions
    if plural and re.match(r"\s+(?:old|of\s+age)\b", ctx.right(m.end(), 10)):
        return None  # "52 years old"
    if n_txt in ("a", "an") and not mod and _RATE_LEFT.search(ctx.left(m.start(), 16)):
        return None  # a rate: "$2 million a year", "24 hours a day", "three times a week"
    one_day = n_txt == "one" and key == "day" and not (mod or hyphen or m["half2"])
    if one_day and _MODAL_LEFT.search(ctx.left(m.start(), 8)):
        return Resolved("DATE", "FUTURE_REF")  # "it will one day be": some future day
    if key in ("second", "night") and (n_txt in ("a", "an", "one") or not (plural or hyphen)):
        return None  # "a second attack", "a night raid"
    if key == "quarter" and not mod.startswith(("the", "past", "last", "next", "first")):
        return None  # "a quarter of the city"
    singular_ok = hyphen or n_txt == "a" or re.search(r"\b(?:a|an|the)\s+$", ctx.left(m.start(), 5))
    if n is not None and (n == 0 or (n > 1 and not plural and not singular_ok)):
        return None  # "10 day" is not English; "10-day" and "a two day rally" are
    value = _duration_value(n, key)
    if mod in ("the past", "the last", "past", "last", "the next", "next", "the coming"):
        unit, clock, days = lx.UNITS[key]
        if ctx.dct and not clock and n is not None and n == int(n) and n * days < MAX_SHIFT_DAYS:
            future = "next" in mod or "coming" in mod
            other = lx.shift(ctx.dct, unit, int(n) if future else -int(n))
            one = timedelta(days=1)  # "the past two weeks": 14 days, the DCT included
            a, b = (ctx.dct, other - one) if future else (other + one, ctx.dct)
            return Resolved("DURATION", value, a, b)
    return Resolved("DURATION", value)


def bare_units(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    key = lx.unit_key(m["u"])
    if key not in lx.UNITS or key in ("second", "quarter", "night"):
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


def every(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
    if m["adv"]:
        return Resolved("SET", _SET_ADV[m["adv"].lower()])
    u = m["u"] or m["u2"]
    low = u.lower()
    if low.rstrip("s") in lx.WEEKDAYS:
        return Resolved("SET", f"XXXX-WXX-{lx.WEEKDAYS[low.rstrip('s')] + 1}")
    if low.rstrip("s") in lx.DAY_PARTS:
        return Resolved("SET", f"XXXX-XX-XXT{lx.DAY_PARTS[low.rstrip('s')]}")
    key = lx.unit_key(u)
    if key not in lx.UNITS:
        return None
    n = lx.parse_number(m["n"]) if m["n"] else 1.0
    if m["other"] and n is not None:
        n *= 2
    return Resolved("SET", _duration_value(n, key))


def clock(m: re.Match[str], ctx: RuleContext) -> Resolved | None:
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
        elif (
            m["h2"]
            and not m["tz"]
            and not re.search(
                r"\b(?:at|around|about|by|until|till|from|before|after|since)\s+$",
                ctx.left(m.start(), 8),
                _F,
            )
        ):
            return None  # "3:16" could be a score or a verse
    return Resolved("TIME", f"XXXX-XX-XXT{hh:02d}:{mm:02d}", None, None, TimePrecision.DAY)
