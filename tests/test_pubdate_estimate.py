"""Publication-date estimates for documents without metadata, HTML or URL dates."""

from __future__ import annotations

from datetime import date

import pytest

from tadmor.ingest.pubdate import date_from_text
from tadmor.ingest.readers import document_from_record
from tadmor.model import DateSource, Document
from tadmor.settings import Settings

S = Settings.create()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks began on 3 May 2015 and resumed on 9 May 2015.", date(2015, 5, 9)),
        ("The ceasefire of March 4, 2016 held until April 2, 2016.", date(2016, 4, 2)),
        ("A statement dated 2014-11-20 was read out.", date(2014, 11, 20)),
        ("Fighting resumed on the 2nd of June, 2017 near the dam.", date(2017, 6, 2)),
        ("Troops entered the town in May 2015.", None),  # no day: not a full date
        ("Nothing dated here at all.", None),
        ("Militias met on 31 February 2015.", None),  # impossible day
    ],
)
def test_latest_full_date_in_the_body(text: str, expected: date | None) -> None:
    assert date_from_text(text) == expected


def test_captions_credits_and_stamps_are_left_out() -> None:
    text = "\n".join(
        [
            "Shelling hit the market on 12 August 2018, residents said.",
            "Photo: a damaged street, 20 September 2019 (Example Agency)",
            "© Example Wire 21 October 2019",
            "Updated 22 October 2019",
            "Accessed on November 3, 2019",
        ]
    )
    assert date_from_text(text) == date(2018, 8, 12)


def test_future_dates_are_not_an_estimate() -> None:
    assert date_from_text("A vote is planned for 1 January 2999.") is None


BODY = (
    "Gunmen attacked a checkpoint outside the village of Dorvan on 14 March 2021, "
    "killing two guards, a local official said. A second attack followed on "
    "16 March 2021 near the river crossing, according to residents reached by phone."
)


def test_undated_document_gets_an_estimate_flagged_as_such() -> None:
    doc = document_from_record(text=BODY, origin="o", settings=S)
    assert isinstance(doc, Document)
    assert doc.published == date(2021, 3, 16)
    assert doc.date_source is DateSource.TEXT
    assert "date_estimated" in doc.flags and "undated" not in doc.flags


def test_metadata_date_wins_over_the_estimate() -> None:
    doc = document_from_record(text=BODY, origin="o", published="2021-03-18", settings=S)
    assert isinstance(doc, Document)
    assert (doc.published, doc.date_source) == (date(2021, 3, 18), DateSource.METADATA)
    assert "date_estimated" not in doc.flags


def test_no_full_date_stays_undated() -> None:
    text = BODY.replace("14 March 2021", "mid-March").replace("16 March 2021", "Tuesday")
    doc = document_from_record(text=text, origin="o", settings=S)
    assert isinstance(doc, Document)
    assert doc.published is None and doc.date_source is DateSource.NONE
    assert "undated" in doc.flags
