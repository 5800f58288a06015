"""A broad table of hand-written time expressions, each with its DCT and TIMEX3 reading.

Every sentence is invented. The DCT of each case is stated in the row; weekdays are noted
where they matter (2015-05-20 is a Wednesday).
"""

from __future__ import annotations

from datetime import date

import pytest

from tadmor.nlp.timex import find_time_expressions, normalise

WED = date(2015, 5, 20)  # a Wednesday
FRI = date(2015, 5, 22)  # a Friday
MON = date(2015, 5, 25)  # a Monday

# (text, DCT, quote, TIMEX3 type, value)
CASES: list[tuple[str, date, str, str, str | None]] = [
    # weekdays: direction from tense and the DCT
    ("Rebels attacked the base on Sunday.", WED, "Sunday", "DATE", "2015-05-17"),
    ("Rebels will attack the base on Sunday.", WED, "Sunday", "DATE", "2015-05-24"),
    ("After Wednesday's rout, the army regrouped.", FRI, "Wednesday", "DATE", "2015-05-20"),
    ("The envoy arrived Friday.", FRI, "Friday", "DATE", "2015-05-22"),
    ("Talks resume next Tuesday.", WED, "next Tuesday", "DATE", "2015-05-26"),
    ("Shells fell last Thursday.", WED, "last Thursday", "DATE", "2015-05-14"),
    # days, weeks, months relative to the DCT
    ("The fighting started yesterday.", WED, "yesterday", "DATE", "2015-05-19"),
    ("The talks start tomorrow.", WED, "tomorrow", "DATE", "2015-05-21"),
    ("Talks are under way this week.", WED, "this week", "DATE", "2015-W21"),
    ("The town fell last week.", WED, "last week", "DATE", "2015-W20"),
    ("The town fell a month ago.", WED, "a month ago", "DATE", "2015-04"),
    ("It fell three weeks ago.", MON, "three weeks ago", "DATE", "2015-W19"),
    ("Elections are due next month.", MON, "next month", "DATE", "2015-06"),
    ("Shelling resumed this morning.", WED, "this morning", "TIME", "2015-05-20TMO"),
    ("The group took the town earlier this year.", WED, "earlier this year", "DATE", "2015"),
    # months, years, seasons, quarters
    ("The town fell in May 2015.", date(2016, 1, 10), "May 2015", "DATE", "2015-05"),
    ("The siege began in March.", WED, "March", "DATE", "2015-03"),
    ("It happened on May 20.", MON, "May 20", "DATE", "2015-05-20"),
    ("The vote is set for June 3.", MON, "June 3", "DATE", "2015-06-03"),
    ("Refugees fled in late 2013.", MON, "late 2013", "DATE", "2013"),
    ("Fighting raged over the summer.", date(2015, 10, 1), "the summer", "DATE", "2015-SU"),
    ("They left during the winter of 2014.", MON, "the winter of 2014", "DATE", "2014-WI"),
    ("Fighting eased in the third quarter.", date(2015, 11, 2), "the third quarter", "DATE",
     "2015-Q3"),
    ("The dispute dates to the 1990s.", MON, "the 1990s", "DATE", "199"),
    ("In nineteen ninety-one the war ended.", MON, "nineteen ninety-one", "DATE", "1991"),
    # durations and sets
    ("It was a four-day offensive.", WED, "four-day", "DURATION", "P4D"),
    ("They vowed to retake it within three weeks.", WED, "three weeks", "DURATION", "P3W"),
    ("The clashes lasted two and a half years.", MON, "two and a half years", "DURATION",
     "P2Y6M"),
    ("The rebels have held it for years.", MON, "years", "DURATION", "PXY"),
    ("Markets close every Friday.", WED, "every Friday", "SET", "XXXX-WXX-5"),
    ("Patrols pass daily.", WED, "daily", "SET", "P1D"),
    # clock times take the day they are attached to
    ("The attack came at 10 p.m. on Friday.", MON, "10 p.m. on Friday", "TIME",
     "2015-05-22T22:00"),
    # anchored on another time in the text
    ("The dam fell on 3 March 2014. A year earlier, the army had held it.", WED,
     "A year earlier", "DATE", "2013-03-03"),
    ("The convoy left on 12 June 2015. The following day it was ambushed.", date(2015, 7, 1),
     "The following day", "DATE", "2015-06-13"),
    ("Troops arrived on 12 June 2015. Two days later they withdrew.", date(2015, 7, 1),
     "Two days later", "DATE", "2015-06-14"),
    ("The town fell in August 2014. That month, hundreds fled.", date(2015, 7, 1),
     "That month", "DATE", "2014-08"),
    ("Profit rose in the third quarter of 2014 from $2 million a year earlier.", MON,
     "a year earlier", "DATE", "2013-Q3"),
    ("The bridge was cut on Monday, 4 May 2015. The previous Friday it had been shelled.", MON,
     "previous Friday", "DATE", "2015-05-01"),
    # no anchor, or an anchor too coarse: the text is kept, the value left out
    ("Two days later they withdrew.", date(2015, 7, 1), "Two days later", "DATE", None),
    ("The offensive began in 2014. Two days later they withdrew.", date(2015, 7, 1),
     "Two days later", "DATE", None),
    ("They met on the previous Friday.", MON, "previous Friday", "DATE", None),
    ("The ledger says 05/04/2015.", MON, "05/04/2015", "DATE", None),  # day or month first?
    # tense from text-level cues
    ("On Tuesday, the national association of former army volunteers plans to hold a rally.",
     MON, "Tuesday", "DATE",
     "2015-05-26"),  # a fronted adverbial takes the clause's verb
    ("The curfew was extended until 9 a.m. Tuesday.", MON, "9 a.m. Tuesday", "TIME",
     "2015-05-26T09:00"),
    ("The truce had been scheduled to end Friday.", MON, "Friday", "DATE", "2015-05-22"),
    ("A rally is called for Saturday and activists were planning to march.", FRI, "Saturday",
     "DATE", "2015-05-23"),
    ("Talks are supposed to end by June, insisted the envoy.", date(2015, 3, 22), "June",
     "DATE", "2015-06"),
    ("The ministry agreed to buy the jets in February.", date(2015, 10, 30), "February", "DATE",
     "2016-02"),
    ("A judge summoned him to testify on Aug. 10.", MON, "Aug. 10", "DATE", "2015-08-10"),
    ("The frigate, on patrol since March, is scheduled to leave soon.", date(2015, 8, 13),
     "March", "DATE", "2015-03"),
    ("Observers can attend the summit in April.", date(2015, 12, 5), "April", "DATE", "2016-04"),
    # adjectives, holidays, report periods
    ("The current talks are stalled.", MON, "current", "DATE", "PRESENT_REF"),
    ("Bonds were sold at the then-current price.", MON, "then-current", "DATE", "PAST_REF"),
    ("The boy was rescued on Thanksgiving Day.", date(2016, 1, 6), "Thanksgiving Day", "DATE",
     "2015-11-26"),
    ("Pilgrims gathered as Easter week began.", date(2015, 4, 6), "Easter week", "DATE",
     "2015-W14"),
    ("Shops were looted on Christmas Eve.", date(2015, 12, 28), "Christmas Eve", "DATE",
     "2015-12-24"),
    ("Sales rose in the latest period.", date(2015, 11, 2), "the latest period", "DATE",
     "2015-Q3"),
    ("It expects a loss for the full year.", date(2015, 11, 2), "the full year", "DATE", "2015"),
    ("Revenue rose 4% in the quarter.", date(2015, 11, 2), "the quarter", "DATE", "2015-Q3"),
    ("Shares hit a high for the year.", date(2015, 11, 2), "the year", "DATE", "2015"),
    ("He reached the capital later in the day.", WED, "the day", "DATE", "2015-05-20"),
    ("The raid began on 3 May 2015. Later in the day the town fell.", WED, "the day", "DATE",
     "2015-05-03"),
    ("The books closed on Sept. 30, 2015, and profit beat the year-ago quarter.", MON,
     "the year-ago quarter", "DATE", "2014-Q3"),
    ("Shelling resumed at mid-afternoon yesterday.", WED, "mid-afternoon yesterday", "TIME",
     "2015-05-19TAF"),
    ("The sirens wailed for a minute and a half.", WED, "a minute and a half", "DURATION",
     "PT1M30S"),
    ("The march took a day and a half.", WED, "a day and a half", "DURATION", "P1DT12H"),
    ("The city will one day be rebuilt.", WED, "one day", "DATE", "FUTURE_REF"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "dct", "quote", "timex_type", "value"), CASES)
def test_case(text: str, dct: date, quote: str, timex_type: str, value: str | None) -> None:
    found = {e.evidence.quote: e for e in find_time_expressions(text, doc_id="t", dct=dct)}
    assert quote in found, f"{quote!r} not found in {sorted(found)}"
    e = found[quote]
    assert (e.timex_type, e.value) == (timex_type, value)
    assert text[e.evidence.start : e.evidence.end] == quote


def test_summer_fall_range() -> None:
    e = normalise("the summer-fall 2015 campaign", dct=date(2016, 2, 1))
    assert e is not None
    assert (e.earliest, e.latest) == (date(2015, 6, 1), date(2015, 11, 30))


@pytest.mark.parametrize(
    "text",
    [
        "He is 52 years old.",
        "Sales were $2 million a year.",
        "The bridge is 300 metres long.",
        "She may visit.",  # "may" the verb
        "The Arab Spring changed the region.",
        "A second attack followed.",
        "Christmas shopping was slow.",
        "The ship anchored off Easter Island.",
        "The current account deficit grew.",
    ],
)
def test_not_time_expressions(text: str) -> None:
    assert find_time_expressions(text, doc_id="t", dct=MON) == []


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\x00\x01", "on", "1/1/1", "99999999", "Friday" * 50, "the the the", "👍 May"],
)
def test_odd_strings_do_not_crash(text: str) -> None:
    for e in find_time_expressions(text, doc_id="t", dct=MON):
        assert text[e.evidence.start : e.evidence.end] == e.evidence.quote
    normalise(text, dct=None)


def test_without_a_dct_relative_expressions_have_no_value() -> None:
    found = find_time_expressions("The town fell last week, on Sunday.", doc_id="t", dct=None)
    assert [e.value for e in found] == [None, None]
