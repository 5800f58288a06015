"""Relevance: cheap, parse-free decision whether text may report political violence,
protest or a strategic development. Sentences written for these tests (other conflicts),
plus real local news from ../shared when present."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tadmor.events.relevance import relevant_spans, sentence_relevance, sentence_spans

CONFLICT = [
    "Army troops recaptured the town of Kidal from separatist fighters on Tuesday.",
    "An airstrike on a market in Sagaing killed 12 people, residents said.",
    "Hundreds of protesters gathered outside the parliament in Colombo demanding fuel.",
    "Police fired tear gas at demonstrators in Nairobi.",
    "Gunmen ambushed a convoy near Djibo, killing four soldiers.",
    "A car bomb exploded outside a police station in Mogadishu.",
    "Militants seized control of two villages in Cabo Delgado.",
    "Bombings kill 14 across the capital.",
    "The rebel-held district came under heavy shelling overnight.",
]

GENERAL = [
    "Snow fell across the county overnight, closing three schools.",
    "The driver lost control of the car and struck a tree on Route 9.",
    "The Tigers scored twice in the final inning to win the championship game.",
    "Shares of the company fell 4 percent after weak quarterly sales.",
    "The council approved the budget for road repairs on Tuesday.",
    "A 34-year-old man was charged with burglary after a break-in on Elm Street.",
    "Firefighters battled a blaze at a warehouse; no one was injured.",
    "The foreign ministers met in Geneva to discuss trade tariffs.",
]


@pytest.mark.parametrize("sentence", CONFLICT)
def test_conflict_sentences_are_relevant(sentence: str) -> None:
    assert sentence_relevance(sentence)
    assert relevant_spans(sentence) == [(0, len(sentence))]


@pytest.mark.parametrize("sentence", GENERAL)
def test_general_news_is_not_relevant(sentence: str) -> None:
    assert not sentence_relevance(sentence)
    assert relevant_spans(sentence) == []


def test_spans_hold_context_and_document_coordinates() -> None:
    text = (
        "The mayor opened a new library. It has 4,000 books. "
        "On Friday rebels attacked an army base near the border. "
        "Two soldiers were killed. The library opens daily at nine. "
        "Parking is free on weekends."
    )
    spans = relevant_spans(text)
    assert len(spans) == 1
    start, end = spans[0]
    chunk = text[start:end]
    # the relevant sentences plus one of context each side, whole sentences
    assert chunk.startswith("It has 4,000 books.")
    assert chunk.endswith("The library opens daily at nine.")
    assert "Parking" not in chunk and "mayor" not in chunk


def test_title_makes_the_lead_relevant() -> None:
    text = "Residents said they heard several explosions. Markets stayed shut."
    assert relevant_spans(text) == []
    spans = relevant_spans(text, title="Insurgents storm army post in northern province")
    assert spans and spans[0][0] == 0


def test_sentence_spans_skip_abbreviations_and_trim() -> None:
    text = "  Gen. Ortiz said the U.S. envoy left.\nTroops moved in.  "
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Gen. Ortiz said the U.S. envoy left.",
        "Troops moved in.",
    ]


LGL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "geoparsing" / "LGL.xml"


@pytest.mark.skipif(not LGL.exists(), reason="../shared/eval/geoparsing/LGL.xml not present")
def test_real_local_news_is_mostly_skipped() -> None:
    root = ET.parse(LGL).getroot()
    texts = [(a.findtext("title"), a.findtext("text") or "") for a in root.iter("article")]
    kept = [t for t in texts if relevant_spans(t[1], title=t[0])]
    # local news: almost no conflict; the relevance filter must drop most of it
    assert len(kept) < 0.2 * len(texts)
    share = sum(e - s for title, text in texts for s, e in relevant_spans(text, title=title)) / sum(
        len(text) for _, text in texts
    )
    assert share < 0.1
    json.dumps(share)
