"""What the event extractor reads around a trigger: the other stages' inputs, the words of the
clause and its neighbours, the paragraph's date, the actors named before.

Plain records and pure functions; :mod:`tadmor.events.extract` uses them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tadmor.actors import ActorSpan, GenericActor
from tadmor.events.modality import Tree
from tadmor.model import Actor, ParsedDoc, ResolvedPlace, Sentence, TimeExpression

LOCATIVE = frozenset({"in", "at", "near", "outside", "around", "inside", "within", "across"})
PRONOUNS = frozenset({"they", "he", "she", "it"})
HOME_KINDS = frozenset({"protesters", "rioters", "rebel"})
ARMED_KINDS = frozenset({"jihadist", "rebel", "militia", "state", "external"})
UNDATED_LOOKBACK_DAYS = 7
HISTORICAL_YEARS = 5


@dataclass(frozen=True, slots=True)
class DocInputs:
    """What the other stages found in one document."""

    parsed: ParsedDoc
    actors: Sequence[ActorSpan]
    places: Sequence[ResolvedPlace]
    times: Sequence[TimeExpression]


@dataclass(frozen=True, slots=True)
class Words:
    clause: frozenset[str]
    sentence: frozenset[str]


def lemmas(tree: Tree, indices: Iterable[int]) -> frozenset[str]:
    out: set[str] = set()
    for j in indices:
        tok = tree.tokens[j]
        out.add(tok.lemma.lower())
        out.add(tok.text.lower())
    return frozenset(out)


def paragraph_time(inputs: DocInputs, sent: Sentence) -> TimeExpression | None:
    """The last dated expression in the two sentences before ``sent``, same paragraph."""
    sentences = inputs.parsed.sentences
    idx = next((i for i, x in enumerate(sentences) if x.start == sent.start), 0)
    text = inputs.parsed.doc.text
    for prev in reversed(sentences[max(0, idx - 2) : idx]):
        if "\n" in text[prev.end : sent.start] or "\n" in text[prev.start : prev.end].strip():
            return None  # a line break ends the paragraph (and the headline)
        dated = [
            t
            for t in inputs.times
            if prev.start <= t.evidence.start < prev.end
            and t.timex_type in ("DATE", "TIME")
            and t.earliest is not None
        ]
        if dated:
            return dated[-1]
    return None


def last_armed(resolved: dict[tuple[int, int], Arg], *, before: int) -> list[Arg]:
    earlier = [
        arg
        for (start, _), arg in sorted(resolved.items())
        if start < before and arg.actor.kind in ARMED_KINDS
    ]
    return earlier[-1:]


def home_country(spans: Sequence[ActorSpan]) -> str:
    """The country of actors that act at home (police, protesters, rebels), by count."""
    counts = Counter(
        s.country_hint
        for s in spans
        if s.country_hint
        and s.generic is not None
        and (s.generic.kind in HOME_KINDS or s.generic.template.startswith("Police"))
    )
    return counts.most_common(1)[0][0] if counts else ""


def previous_sentence(parsed: ParsedDoc, sent: Sentence) -> range:
    """Token indices of the sentence before ``sent`` when no line break parts them."""
    idx = next((i for i, x in enumerate(parsed.sentences) if x.start == sent.start), 0)
    if idx == 0:
        return range(0)
    prev = parsed.sentences[idx - 1]
    if "\n" in parsed.doc.text[prev.start : sent.start]:
        return range(0)
    return range(prev.token_start, prev.token_end)


def span_tokens(tree: Tree, span: tuple[int, int] | None) -> list[int]:
    if span is None:
        return []
    sent = tree.sentence
    return [
        j
        for j in range(sent.token_start, sent.token_end)
        if span[0] <= tree.tokens[j].start < span[1]
    ]


@dataclass(frozen=True, slots=True)
class Arg:
    actor: Actor
    span: tuple[int, int]
    generic: GenericActor | None = None  # set when no country was named in the phrase
