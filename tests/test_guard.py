"""The per-document guard, the limits in Settings, and the parser's linear line-break step."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Sequence

import pytest

from tadmor.errors import TadmorError
from tadmor.ingest.guard import BudgetExceeded, bound_mentions, guard_batch, time_budget
from tadmor.model import Document, EventMention, Evidence, Rejected
from tadmor.settings import LIMITS, Settings, parse_limits

BODY = (
    "Militia fighters fired mortars at the ferry landing of Qorvet on Monday, "
    "and two fishermen were wounded, a port official said."
)


def _doc(text: str, origin: str) -> Document:
    return Document(doc_id=Document.make_id(text), text=text, origin=origin)


def _mention(doc: Document, fatalities: int | None) -> EventMention:
    ev = Evidence.of(doc, 0, 7)
    return EventMention(
        mention_id=f"m_{doc.origin}",
        doc_id=doc.doc_id,
        trigger=ev,
        sentence=ev,
        event_type="Battles",
        sub_event_type="Armed clash",
        fatalities=fatalities,
    )


def test_parse_limits_and_validation() -> None:
    assert parse_limits(["max_doc_chars=2_000_000,doc_time_budget_s=1.5"]) == {
        "max_doc_chars": 2_000_000,
        "doc_time_budget_s": 1.5,
    }
    with pytest.raises(TadmorError) as exc:
        parse_limits(["max_bananas=3"])
    assert exc.value.code == "E008" and "max_json_depth" in exc.value.message
    with pytest.raises(TadmorError):
        parse_limits(["max_line_chars=lots"])
    for name in LIMITS:
        with pytest.raises(TadmorError) as exc:
            Settings.create(**{name: 0})
        assert exc.value.code in ("E002", "E008")
    s = Settings.create(**parse_limits(["max_line_chars=500000"]))
    assert s.max_line_chars == 500_000


def test_one_failing_document_is_rejected_and_the_rest_analysed() -> None:
    docs = [_doc(BODY + f" Report {i}.", f"r{i}.txt") for i in range(5)]

    def analyse(batch: Sequence[Document]) -> Iterable[tuple[Document, list[EventMention]]]:
        for d in batch:
            if d.origin == "r2.txt":
                raise RecursionError("maximum recursion depth exceeded")
            yield d, [_mention(d, 3)]

    out = guard_batch(docs, analyse, settings=Settings.create())
    assert [d.origin for d, _ in out.analysed] == ["r0.txt", "r1.txt", "r3.txt", "r4.txt"]
    assert out.rejected == [
        Rejected(
            "r2.txt",
            "E190",
            "r2.txt: analysis failed (RecursionError: maximum recursion depth exceeded)",
        )
    ]


def test_a_document_over_its_time_budget_is_abandoned_not_waited_for() -> None:
    settings = Settings.create(doc_time_budget_s=0.3)
    docs = [_doc(BODY, "slow.txt"), _doc(BODY + " Again.", "fast.txt")]

    def analyse(batch: Sequence[Document]) -> Iterable[tuple[Document, list[EventMention]]]:
        for d in batch:
            if d.origin == "slow.txt":
                while True:  # a quadratic step on a hostile document, forever
                    sum(range(1000))
            yield d, []

    start = time.monotonic()
    out = guard_batch(docs, analyse, settings=settings)
    waited = time.monotonic() - start
    assert [d.origin for d, _ in out.analysed] == ["fast.txt"]
    assert [(r.origin, r.code) for r in out.rejected] == [("slow.txt", "E113")]
    assert "doc_time_budget_s=0.3" in out.rejected[0].reason
    assert waited < 30  # batch budget (0.3 + 2 x 1 s) plus one document's budget, not forever


def test_time_budget_restores_the_previous_handler() -> None:
    with pytest.raises(BudgetExceeded), time_budget(0.05):
        while True:
            sum(range(100))
    with time_budget(5):
        pass  # no alarm left behind
    time.sleep(0.1)


def test_limits_checked_before_analysis() -> None:
    settings = Settings.create(max_line_chars=1000)
    long_line = "Shelling reported near the dam " * 100
    docs = [_doc(long_line, "long.txt"), _doc(BODY, "ok.txt")]
    seen: list[str] = []

    def analyse(batch: Sequence[Document]) -> Iterable[tuple[Document, list[EventMention]]]:
        seen.extend(d.origin for d in batch)
        return [(d, []) for d in batch]

    out = guard_batch(docs, analyse, settings=settings)
    assert seen == ["ok.txt"]
    assert out.rejected[0].code == "E112" and "max_line_chars=1,000" in out.rejected[0].reason


def test_fatalities_beyond_the_limit_are_dropped_and_flagged() -> None:
    d = _doc(BODY, "n.txt")
    big, ok = bound_mentions([_mention(d, 2**40), _mention(d, 12)], Settings.create())
    assert big.fatalities is None and "fatalities_out_of_range" in big.flags
    assert ok.fatalities == 12 and not ok.flags


@pytest.mark.parametrize(
    "text",
    [
        "!?.,;:" * 4000,
        "(" * 20000 + "x" + ")" * 20000,
        "Shelling.\n" * 4000,
        "Sniper fire " + "x" * 3000 + " and " + "!?" * 700 + "\nthen calm.",
    ],
    ids=["punctuation", "parentheses", "lines", "mixed"],
)
def test_parser_keeps_offsets_and_bounds_sentences(analyzer, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(text, "hostile.txt")
    parsed = analyzer.parser.parse_one(doc)
    assert all(text[t.start : t.end] == t.text for t in parsed.tokens)
    limit = analyzer.settings.max_sentence_tokens
    assert max(s.token_end - s.token_start for s in parsed.sentences) <= limit
    if "\n" in text:
        starts = {s.start for s in parsed.sentences}
        assert all(
            i + 1 in starts for i, c in enumerate(text[:-1]) if c == "\n" and text[i + 1] != "\n"
        )


def test_line_break_component_marks_every_line(analyzer) -> None:  # type: ignore[no-untyped-def]
    from tadmor.nlp.parse import _LineBreaks

    nlp = analyzer.parser._load()
    small = nlp.make_doc("Shelling.\n" * 500)
    large = nlp.make_doc("Shelling.\n" * 5000)
    for sdoc in (small, large):
        _LineBreaks(250)(sdoc)
        assert sum(1 for t in sdoc if t.is_sent_start) == sdoc.text.count("\n")


@pytest.mark.parametrize(
    "text",
    [
        "a" * 50_000,
        "Shelling.\n" * 5000,
        "Rebels fired on the post. " * 3000,
        "x y " * 20000,
        "short text",
    ],
    ids=["one-run", "lines", "sentences", "words", "short"],
)
def test_pieces_cover_the_text_and_cut_at_breaks(text: str) -> None:
    from tadmor.nlp.parse import PIECE_CHARS, pieces

    cuts = pieces(text)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(cuts))
    assert all(0 < b - a <= PIECE_CHARS for a, b in cuts)
    for _, end in cuts[:-1]:
        if "\n" in text:
            assert text[end - 1] == "\n"
        elif ". " in text:
            assert text[end - 2 : end] == ". "
        elif " " in text:
            assert text[end - 1] == " "


def test_a_long_document_parsed_in_pieces_keeps_document_coordinates(analyzer) -> None:  # type: ignore[no-untyped-def]
    import random

    from hostile_gen import valid_report

    rng = random.Random(5)
    text = "\n\n".join(valid_report(rng, i) for i in range(70))  # about 50,000 characters
    doc = _doc(text, "long.txt")
    parsed = analyzer.parser.parse_one(doc)
    tokens = parsed.tokens
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert [t.i for t in tokens] == list(range(len(tokens)))
    assert all(0 <= t.head < len(tokens) for t in tokens)
    assert all(tokens[s.token_start].start == s.start for s in parsed.sentences)
    assert all(text[e.evidence.start : e.evidence.end] == e.evidence.quote for e in parsed.entities)
    # the same sentences as each report parsed alone: no sentence spans a cut
    assert not any("\n\n" in text[s.start : s.end].strip() for s in parsed.sentences)
