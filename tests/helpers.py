"""Small helpers for tests that code invented sentences."""

from __future__ import annotations

from datetime import date

from tadmor.model import Document, EventMention


def code(analyzer, text: str, published: str = "2021-06-11") -> list[EventMention]:  # type: ignore[no-untyped-def]
    doc = Document(
        doc_id=Document.make_id(text),
        text=text,
        origin="test",
        published=date.fromisoformat(published),
    )
    [(_, mentions)] = list(analyzer.analyse([doc]))
    return mentions


def one(mentions: list[EventMention], trigger: str) -> EventMention:
    found = [m for m in mentions if m.trigger.quote.lower() == trigger.lower()]
    assert found, f"no mention with trigger {trigger!r}: {[m.trigger.quote for m in mentions]}"
    return found[0]
