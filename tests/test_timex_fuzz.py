"""Property tests: the time-expression finder never raises and keeps its evidence exact."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tadmor.nlp.timex import find_time_expressions, normalise

# The TIMEX3 value grammar, as far as this extractor writes values: calendar dates
# (possibly partial, with weeks, quarters, halves, seasons, weekends, parts of the day and
# clock times), durations, the REF values and the X-placeholders of sets.
_DATE = (
    r"(?:\d{2,4}|XXXX)(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?|-W(?:\d{2}|XX)(?:-(?:\d|WE))?"
    r"|-Q[1-4X]|-H[12]|-(?:SP|SU|FA|WI))?"
)
_TIME = r"T(?:\d{2}(?::\d{2})?|MO|AF|EV|NI)"
_DUR = r"P(?:(?:\d+(?:\.\d+)?|X)[YMWDQ]|(?:\d+)Y6M|1WE|(?:\d+(?:\.\d+)?|X)DE|(?:\d+|X)CE)"
_DUR_T = r"PT(?:(?:\d+(?:\.\d+)?|X)[HMS]|\d+H30M)"
VALUE = re.compile(
    rf"^(?:{_DATE}(?:{_TIME})?|XXXX-XX-XX{_TIME}|{_DUR}|{_DUR_T}|PAST_REF|PRESENT_REF|FUTURE_REF)$"
)

WORDS = [
    "on", "Sunday", "Friday's", "last", "next", "week", "month", "year", "ago", "earlier",
    "later", "the", "following", "day", "May", "March", "2015", "1990s", "summer", "fall",
    "-", "of", "in", "every", "two", "three-day", "a", "p.m.", "10", "31", "12/05/2014", ",",
    ".", "quarter", "third", "will", "attacked", "said", "that", "morning", "tonight", "since",
    "nineteen", "ninety-one", "half", "within", "over", "'s", "\n", "2015-05-03", "fiscal",
]  # fmt: skip

texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
)
dcts = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(text=texts, dct=dcts)
def test_never_raises_and_evidence_is_exact(text: str, dct: date | None) -> None:
    found = find_time_expressions(text, doc_id="fuzz", dct=dct)
    last = -1
    for e in found:
        assert 0 <= e.evidence.start < e.evidence.end <= len(text)
        assert e.evidence.quote == text[e.evidence.start : e.evidence.end]
        assert e.evidence.start >= last  # sorted, not overlapping
        last = e.evidence.end
        assert e.timex_type in ("DATE", "TIME", "DURATION", "SET")
        if e.value is not None:
            assert VALUE.match(e.value), e.value
        if e.earliest is not None and e.latest is not None:
            assert e.earliest <= e.latest


@settings(max_examples=200, deadline=None)
@given(text=texts, dct=dcts, tense=st.sampled_from(["", "past", "future"]))
def test_normalise_never_raises(text: str, dct: date | None, tense: str) -> None:
    e = normalise(text, dct=dct, tense=tense)
    if e is not None and e.value is not None:
        assert VALUE.match(e.value), e.value
