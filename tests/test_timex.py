"""Time expressions: finding, normalising against the DCT, and not mistaking numbers for dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tadmor.model import TimeExpression, TimePrecision
from tadmor.nlp.timex import find_time_expressions, normalise

FRI = date(2015, 5, 22)  # a Friday
MON = date(2016, 12, 12)  # a Monday

DAY, WEEK, MONTH = TimePrecision.DAY, TimePrecision.WEEK, TimePrecision.MONTH


def find(text: str, dct: date | None = FRI) -> list[TimeExpression]:
    found = find_time_expressions(text, doc_id="doc", dct=dct)
    for t in found:
        assert t.evidence.quote == text[t.evidence.start : t.evidence.end]
        assert t.evidence.doc_id == "doc"
    return found


def one(text: str, dct: date | None = FRI) -> TimeExpression:
    found = find(text, dct)
    assert len(found) == 1, [t.evidence.quote for t in found]
    return found[0]


def d(s: str) -> date:
    return date.fromisoformat(s)


# --- the cases named in the brief ------------------------------------------------------------

# (text, dct, quote, type, value, earliest, latest, precision)
CASES = [
    ("Troops fled after Wednesday's rout.", FRI, "Wednesday", "DATE", "2015-05-20",
     "2015-05-20", "2015-05-20", DAY),
    ("Rebels took the hill on Sunday.", MON, "Sunday", "DATE", "2016-12-11", "2016-12-11",
     "2016-12-11", DAY),
    ("Shelling resumed this morning.", MON, "this morning", "TIME", "2016-12-12TMO",
     "2016-12-12", "2016-12-12", DAY),
    ("The siege began a month ago.", MON, "a month ago", "DATE", "2016-11", "2016-11-01",
     "2016-11-30", MONTH),
    ("The town fell in May 2015.", FRI, "May 2015", "DATE", "2015-05", "2015-05-01",
     "2015-05-31", MONTH),
    ("They advanced over the summer of 2015.", FRI, "the summer of 2015", "DATE", "2015-SU",
     "2015-06-01", "2015-08-31", MONTH),
    ("Raids in summer-fall 2015 emptied the valley.", FRI, "summer-fall 2015", "DATE", "2015",
     "2015-06-01", "2015-11-30", MONTH),
    ("A photo of the bridge, April 1.", MON, "April 1", "DATE", "2016-04-01", "2016-04-01",
     "2016-04-01", DAY),
    ("It was signed on May 20, 2015 in the capital.", FRI, "May 20, 2015", "DATE", "2015-05-20",
     "2015-05-20", "2015-05-20", DAY),
    ("It was signed on 20 May 2015.", FRI, "20 May 2015", "DATE", "2015-05-20", "2015-05-20",
     "2015-05-20", DAY),
    ("Report dated 2015-05-20.", FRI, "2015-05-20", "DATE", "2015-05-20", "2015-05-20",
     "2015-05-20", DAY),
    ("Report dated 20/05/2015.", FRI, "20/05/2015", "DATE", "2015-05-20", "2015-05-20",
     "2015-05-20", DAY),
    ("The raid on May 20 killed four.", FRI, "May 20", "DATE", "2015-05-20", "2015-05-20",
     "2015-05-20", DAY),
    ("They met last Friday.", FRI, "last Friday", "DATE", "2015-05-15", "2015-05-15",
     "2015-05-15", DAY),
    ("Talks open next Monday.", FRI, "next Monday", "DATE", "2015-05-25", "2015-05-25",
     "2015-05-25", DAY),
    ("The army said it retreated on Friday.", FRI, "Friday", "DATE", "2015-05-22",
     "2015-05-22", "2015-05-22", DAY),
    ("The convoy arrived yesterday.", FRI, "yesterday", "DATE", "2015-05-21", "2015-05-21",
     "2015-05-21", DAY),
    ("Heavy fire was heard last night.", FRI, "last night", "TIME", "2015-05-21TNI",
     "2015-05-21", "2015-05-21", DAY),
    ("Aid arrived this week.", FRI, "this week", "DATE", "2015-W21", "2015-05-18", "2015-05-24",
     WEEK),
    ("Aid arrived last week.", FRI, "last week", "DATE", "2015-W20", "2015-05-11", "2015-05-17",
     WEEK),
    ("Prices rose last month.", FRI, "last month", "DATE", "2015-04", "2015-04-01",
     "2015-04-30", MONTH),
    ("The base fell earlier this year.", FRI, "earlier this year", "DATE", "2015", "2015-01-01",
     "2015-05-22", MONTH),
    ("The bridge was blown up two weeks ago.", FRI, "two weeks ago", "DATE", "2015-W19",
     "2015-05-04", "2015-05-10", WEEK),
    ("Clashes broke out 3 days ago.", FRI, "3 days ago", "DATE", "2015-05-19", "2015-05-19",
     "2015-05-19", DAY),
    ("Fighting has intensified in recent days.", FRI, "recent days", "DURATION", "PXD",
     "2015-05-16", "2015-05-22", WEEK),
    ("Fighting has intensified over the past week.", FRI, "the past week", "DURATION", "P1W",
     "2015-05-16", "2015-05-22", WEEK),
    ("The offensive started in March.", FRI, "March", "DATE", "2015-03", "2015-03-01",
     "2015-03-31", MONTH),
    ("The group was founded in 2013.", FRI, "2013", "DATE", "2013", "2013-01-01", "2013-12-31",
     MONTH),
    ("They withdrew in June 2014.", FRI, "June 2014", "DATE", "2014-06", "2014-06-01",
     "2014-06-30", MONTH),
    ("The front was quiet over the summer.", FRI, "the summer", "DATE", "2014-SU", "2014-06-01",
     "2014-08-31", MONTH),
    ("The front was quiet over the summer.", date(2015, 7, 10), "the summer", "DATE", "2015-SU",
     "2015-06-01", "2015-08-31", MONTH),
    ("A ceasefire was agreed by mid-2015.", FRI, "mid-2015", "DATE", "2015", None, None, MONTH),
    ("Shelling resumed in early March.", FRI, "early March", "DATE", "2015-03", "2015-03-01",
     "2015-03-10", MONTH),
    ("Elections are due in late 2016.", FRI, "late 2016", "DATE", "2016", "2016-09-01",
     "2016-12-31", MONTH),
    ("The dispute dates to the 1990s.", FRI, "the 1990s", "DATE", "199", "1990-01-01",
     "1999-12-31", MONTH),
    ("The truce held until the third quarter of 2014.", FRI, "the third quarter of 2014",
     "DATE", "2014-Q3", "2014-07-01", "2014-09-30", MONTH),
    ("Militants attacked on Sunday night.", MON, "Sunday night", "TIME", "2016-12-11TNI",
     "2016-12-11", "2016-12-11", DAY),
    ("Aid workers left over the weekend.", FRI, "the weekend", "DATE", "2015-W20-WE",
     "2015-05-16", "2015-05-17", WEEK),
    ("Three villages were taken between May 20-22, 2015.", FRI, "May 20-22, 2015", "DATE",
     "2015-05", "2015-05-20", "2015-05-22", WEEK),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "dct", "quote", "ttype", "value", "earliest", "latest", "precision"), CASES
)
def test_normalised_against_the_dct(
    text: str,
    dct: date,
    quote: str,
    ttype: str,
    value: str,
    earliest: str | None,
    latest: str | None,
    precision: TimePrecision,
) -> None:
    t = one(text, dct)
    assert (t.evidence.quote, t.timex_type, t.value) == (quote, ttype, value)
    if earliest is not None and latest is not None:
        assert (t.earliest, t.latest) == (d(earliest), d(latest))
    assert t.precision == precision


@pytest.mark.parametrize(
    ("text", "quote", "value"),
    [
        ("a four-day offensive", "four-day", "P4D"),
        ("they must leave within three weeks", "three weeks", "P3W"),
        ("the town was held for two years", "two years", "P2Y"),
        ("a 48 hours truce", "48 hours", "PT48H"),
        ("the siege lasted several months", "several months", "PXM"),
        ("talks dragged on for 2 1/2 years", "2 1/2 years", "P2Y6M"),
        ("a decades-long feud", "decades-long", "PXY"),
        ("after almost two decades of rule", "almost two decades", "P20Y"),
    ],
)
def test_durations(text: str, quote: str, value: str) -> None:
    t = one(text)
    assert (t.evidence.quote, t.timex_type, t.value) == (quote, "DURATION", value)
    assert t.earliest is None and t.latest is None and t.precision is None


@pytest.mark.parametrize(
    ("text", "quote", "value"),
    [
        ("Convoys cross every day.", "every day", "P1D"),
        ("The council meets weekly.", "weekly", "P1W"),
        ("Salaries are paid each month.", "each month", "P1M"),
        ("Markets close on Fridays.", "Fridays", "XXXX-WXX-5"),
        ("Patrols pass twice a week.", "twice a week", "P1W"),
    ],
)
def test_sets(text: str, quote: str, value: str) -> None:
    t = one(text)
    assert (t.evidence.quote, t.timex_type, t.value) == (quote, "SET", value)


def test_clock_times_take_the_day_they_are_attached_to() -> None:
    found = find("The blast came on Friday at 3 pm, and a second one at 3:30 a.m. Saturday.")
    got = [(t.evidence.quote, t.timex_type, t.value) for t in found]
    assert got == [
        ("Friday", "DATE", "2015-05-22"),
        ("3 pm", "TIME", "2015-05-22T15:00"),
        ("3:30 a.m. Saturday", "TIME", "2015-05-16T03:30"),
    ]


def test_a_lone_clock_time_has_no_day() -> None:
    t = one("The curfew starts at 10 p.m.")
    assert (t.timex_type, t.value, t.earliest) == ("TIME", "XXXX-XX-XXT22:00", None)


@pytest.mark.parametrize(
    "text",
    ["that month", "that year", "the same day", "two days later", "the following week",
     "a year earlier", "the day before", "at the time"],
)  # fmt: skip
def test_anaphoric_expressions_keep_the_text_but_get_no_value(text: str) -> None:
    t = one(f"Troops came back {text}.")
    assert t.timex_type in ("DATE", "TIME")
    assert t.value is None and t.earliest is None and t.latest is None


@pytest.mark.parametrize(
    "text",
    [
        "Some 70,000 people fled the fighting.",
        "Over 800 men and 250 regular soldiers defend the city.",
        "The attacks of 9/11 changed the war.",
        "The column moved along Route 66.",
        "Officials counted 1,500 displaced families.",
        "A force of 2000 fighters massed nearby.",
        "After the fall of the city, the militia regrouped.",
        "Theresa May said the talks would go on.",
        "Protests recalled the Arab Spring.",
        "A 44-year-old man was detained.",
        "Shops were busy on Black Friday.",
        "A second attack hit the market.",
        "Clashes spread to the Christian quarter.",
        "Prices fall when supply grows.",
        "Unemployment rose 12.5 percent.",
        "The convoy carried 1990 tonnes of flour.",
        "It may rain.",
    ],
)
def test_numbers_and_names_are_not_dates(text: str) -> None:
    assert find(text) == []


def test_years_only_in_a_date_context() -> None:
    assert [t.value for t in find("Since 2011 the city changed hands twice.")] == ["2011"]
    assert [t.value for t in find("The 2014 offensive failed.")] == ["2014"]
    assert [t.value for t in find("Between 2012 and 2014 it was besieged.")] == ["2012", "2014"]
    assert find("There were 2013 recorded incidents.") == []
    assert find("In 1850 nothing happened.") == []  # too early for a bare year
    assert [t.evidence.quote for t in find("in the year 2015")] == ["the year 2015"]


def test_ambiguous_numeric_dates_get_no_value() -> None:
    t = one("The 05/04/2015 attack.")
    assert t.value is None and t.precision == DAY
    # only one reading lies before the report: 6 April, not 4 June
    assert one("The 04/06/2015 attack.").value == "2015-04-06"


def test_year_of_an_undated_day_month() -> None:
    assert one("The deadline is July 1.").value == "2015-07-01"  # within two months: upcoming
    assert one("Fighting resumed on September 3.").value == "2014-09-03"
    assert one("The town was retaken on July 1.").value == "2014-07-01"  # past tense
    assert one("Elections will be held on January 10.").value == "2016-01-10"


def test_tense_steers_weekdays_and_months() -> None:
    assert one("The envoy will arrive on Monday.").value == "2015-05-25"
    assert one("The envoy arrived on Monday.").value == "2015-05-18"
    assert one("The army retook it in June.").value == "2014-06"


def test_without_a_dct_only_absolute_expressions_get_values() -> None:
    found = find("On Sunday, May 20, 2015, and again last week, in 2013.", dct=None)
    got = [(t.evidence.quote, t.value) for t in found]
    assert got == [("Sunday, May 20, 2015", "2015-05-20"), ("last week", None), ("2013", "2013")]


def test_spans_restrict_the_search() -> None:
    text = "Rebels attacked on Sunday. Troops answered on Monday. Talks resumed on Tuesday."
    spans = [(0, 26), (54, len(text))]
    found = find_time_expressions(text, doc_id="doc", dct=MON, spans=spans)
    assert [t.evidence.quote for t in found] == ["Sunday", "Tuesday"]
    for t in found:
        assert t.evidence.quote == text[t.evidence.start : t.evidence.end]


def test_normalise_a_bare_expression() -> None:
    t = normalise("last Friday", dct=FRI)
    assert t is not None and t.value == "2015-05-15"
    assert (t.evidence.start, t.evidence.end) == (0, 11)
    monday = normalise("Monday", dct=FRI, tense="future")
    assert monday is not None and monday.value == "2015-05-25"
    summer = normalise("over the summer", dct=FRI, tense="future")
    assert summer is not None and summer.value == "2015-SU"
    march = normalise("March", dct=FRI)
    assert march is not None and march.value == "2015-03"
    assert normalise("seventy thousand people", dct=FRI) is None
    assert normalise("", dct=None) is None


_WORDS = st.sampled_from(
    ["on", "Sunday", "May", "20", "2015", ",", "last", "week", "ago", "two", "days", "the",
     "summer", "of", "in", "mid-", "early", "3", "pm", "a.m.", "/", "-", "every", "that",
     "year", "1990s", "4-day", "next", "Friday's", "night", "fall", "12:30", "30/04/2016", " "]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(st.text(max_size=200), st.lists(_WORDS, max_size=40).map(" ".join)),
    dct=st.one_of(st.none(), st.dates(min_value=date(1, 3, 1), max_value=date(9998, 10, 1))),
    tense=st.sampled_from(["", "past", "future"]),
)
def test_never_raises_and_quotes_match(text: str, dct: date | None, tense: str) -> None:
    found = find_time_expressions(text, doc_id="x", dct=dct)
    for t in found:
        assert t.evidence.quote == text[t.evidence.start : t.evidence.end]
        assert t.evidence.end > t.evidence.start
        if t.earliest is not None and t.latest is not None:
            assert t.earliest <= t.latest
    assert [t.evidence.start for t in found] == sorted(t.evidence.start for t in found)
    n = normalise(text, dct=dct, tense=tense)
    if n is not None:
        assert n.evidence.quote == text[n.evidence.start : n.evidence.end]


def test_repeated_comparisons_share_one_anchor() -> None:
    text = (
        "Revenue for the second quarter of 2014 rose to $5 million from $4 million a year "
        "earlier. Costs fell to $2 million from $3 million a year earlier."
    )
    found = find_time_expressions(text, doc_id="t", dct=date(2014, 8, 1))
    assert [(e.evidence.quote, e.value) for e in found] == [
        ("the second quarter of 2014", "2014-Q2"),
        ("a year earlier", "2013-Q2"),
        ("a year earlier", "2013-Q2"),
    ]


def test_a_year_ago_follows_a_quarter_but_not_a_day() -> None:
    dct = date(2014, 8, 1)
    q = "Profit in the second quarter of 2014 was double that of a year ago."
    assert [e.value for e in find_time_expressions(q, doc_id="t", dct=dct)] == [
        "2014-Q2",
        "2013-Q2",
    ]
    d = "The town fell on 3 May 2014. A year ago the front was quiet."
    assert [e.value for e in find_time_expressions(d, doc_id="t", dct=dct)] == [
        "2014-05-03",
        "2013",
    ]


def test_the_quarter_ended() -> None:
    e = normalise("the quarter ended Sept. 30", dct=date(2014, 10, 20))
    assert e is not None and e.value == "2014-Q3"
