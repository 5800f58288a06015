"""Publication dates: from metadata values, from HTML (htmldate), from URL patterns, and
an estimate from the article body for documents that have none of these.

None of these functions ever falls back to today's date: a document whose date cannot be
established is undated.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

__all__ = ["date_from_html", "date_from_text", "date_from_url", "parse_date"]

_MIN_YEAR = 1900

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?\s*$")
_YMD = re.compile(r"^\s*(\d{4})[/.](\d{1,2})[/.](\d{1,2})\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_DMY_NUMERIC = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_TEXT_FORMATS = (
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d-%b-%Y",
    "%d-%B-%Y",
    "%A, %d %B %Y",
    "%A, %B %d, %Y",
    "%a, %d %b %Y",
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def _plausible(d: date) -> date | None:
    if d.year < _MIN_YEAR or d > date.today() + timedelta(days=2):
        return None
    return d


def _ymd(y: str, m: str, d: str) -> date | None:
    try:
        return _plausible(date(int(y), int(m), int(d)))
    except ValueError:
        return None


def parse_date(value: str | date | None) -> date | None:
    """Parse a metadata publication date in one of several common formats; None if it can't.

    ISO dates and timestamps keep the calendar day they are written in (no time-zone shift).
    Numeric ``12/05/2015`` is read day first. Relative phrases ("yesterday") are refused:
    a usable value must name its year.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return _plausible(value.date())
    if isinstance(value, date):
        return _plausible(value)
    s = " ".join(str(value).split())
    if not s:
        return None
    for pattern in (_ISO_DATE, _YMD, _COMPACT):
        m = pattern.match(s)
        if m:
            return _ymd(m.group(1), m.group(2), m.group(3))
    m = _DMY_NUMERIC.match(s)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), m.group(3)
        day, month = (b, a) if b > 12 >= a else (a, b)  # day first unless that is impossible
        return _ymd(year, str(month), str(day))
    for fmt in _TEXT_FORMATS:
        try:
            return _plausible(datetime.strptime(s, fmt).date())
        except ValueError:
            continue
    if not _YEAR.search(s):
        return None  # "yesterday", "3 hours ago": never resolved against today
    try:
        return _plausible(parsedate_to_datetime(s).date())
    except (TypeError, ValueError, IndexError):
        pass
    return _dateparser_date(s)


@lru_cache(maxsize=1)
def _dateparser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PREFER_DAY_OF_MONTH": "first",
            "DATE_ORDER": "DMY",
        },
    )


def _dateparser_date(s: str) -> date | None:
    try:
        data = _dateparser().get_date_data(s)
    except (ValueError, TypeError, OverflowError):
        return None
    dt = getattr(data, "date_obj", None)
    if not isinstance(dt, datetime):
        return None
    return _plausible(dt.date())


# --- URL --------------------------------------------------------------------------------------

_URL_PATTERNS = (
    re.compile(r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?=/|$|[?#._\-])"),
    re.compile(r"[/_\-]((?:19|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?=/|$|[?#._\-])"),
    re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=/|$|[?#._\-])"),
)


def date_from_url(url: str | None) -> date | None:
    """A full date written in the URL path: ``/2015/05/22/``, ``-2015-05-22``, ``/20150522/``."""
    if not url:
        return None
    for pattern in _URL_PATTERNS:
        m = pattern.search(url)
        if m:
            d = _ymd(m.group(1), m.group(2), m.group(3))
            if d is not None:
                return d
    return None


# --- HTML -------------------------------------------------------------------------------------


def date_from_html(html: str) -> date | None:
    """The original publication date declared in the page (meta tags, JSON-LD, time elements).

    htmldate runs without its extensive search (which guesses from the text and can land on
    the crawl day) and without the URL (URL dates are reported as such by :func:`date_from_url`).
    """
    from htmldate import find_date

    try:
        found = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return None
    if not found:
        return None
    return parse_date(str(found))


# --- the article body ---------------------------------------------------------------------------

_MONTH_NAMES = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_FULL_DATES = (
    # 3 May 2015, 3rd of May, 2015
    re.compile(
        rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH_NAMES}),?\s+(?P<y>(?:19|20)\d\d)\b"
    ),
    # May 3, 2015
    re.compile(
        rf"\b(?P<m>{_MONTH_NAMES})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b"
    ),
    # 2015-05-03
    re.compile(r"(?<![\d-])(?P<y>(?:19|20)\d\d)-(?P<mn>[01]\d)-(?P<d>[0-3]\d)(?![\d-])"),
)
# Lines whose dates say nothing about when the article was written: photo captions and
# credits, copyright and archive notices, "updated"/"accessed" stamps, references.
_NOT_BODY = re.compile(
    r"^\s*(?:\(?(?:photo|picture|image|file\s+photo|caption|credit|source|illustration"
    r"|video|graphic|map)\b|\[)|©|\bcopyright\b|\ball\s+rights\s+reserved\b"
    r"|\b(?:getty\s+images|afp\s+photo|reuters\s*/|ap\s+photo|epa\s*/)"
    r"|\b(?:updated|modified|accessed|retrieved|archived|posted|published|first\s+published)\b"
    r"|\bcited\s+in\b",
    re.IGNORECASE,
)
_MONTH_NUM = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip


def date_from_text(text: str) -> date | None:
    """An estimate of the publication date of an undated article, from its body.

    The latest explicit full date (day, month and year: "3 May 2015", "May 3, 2015",
    "2015-05-03") written in the body, leaving out lines that look like photo captions,
    credits, copyright notices or "updated"/"accessed" stamps. The article was written on
    or after that day, so the result is a *not-before* bound, not a point estimate: the
    Document model has no range field, so readers store it as ``published`` with
    ``date_source=TEXT`` and the flag "date_estimated". None when the body names no full
    date (partial dates such as "in May" or "2015" are not enough).
    """
    best: date | None = None
    for line in text.splitlines():
        if not line.strip() or _NOT_BODY.search(line):
            continue
        for pattern in _FULL_DATES:
            for m in pattern.finditer(line):
                month = int(m["mn"]) if "mn" in pattern.groupindex else _month_num(m["m"])
                found = _ymd(m["y"], str(month), m["d"]) if month else None
                if found is not None and (best is None or found > best):
                    best = found
    return best


def _month_num(name: str) -> int:
    return _MONTH_NUM.get(name.lower().rstrip(".")[:3], 0)
