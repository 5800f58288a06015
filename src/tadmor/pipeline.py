"""The main job: documents in, events, claims and a control timeline out, into a Store.

Each stage is a plain function or small class over typed records; this module only wires
them together. The input is cut, in input order, into chunks of ``settings.chunk_size``
documents; each chunk is analysed on its own (in this process, in worker processes or on a
Dask cluster: :mod:`tadmor.scale`), so the same input gives the same store whatever the
number of workers. Each chunk's documents, mentions and rejected inputs are committed in
one transaction (``Store.put_batch``), so an interrupted run loses nothing already done,
and documents already in the store are skipped, so re-running changes nothing.

Relevance first, parsing second: with ``settings.relevance_first`` only the spans of a
document that :func:`tadmor.events.relevance.relevant_spans` keeps (sentences that may
report political violence, protest or a strategic development, with their context) are
parsed and analysed; a document with none is stored without mentions and never parsed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tadmor.actors import ActorDictionary, ActorMatcher
from tadmor.actors.match import ActorSpan
from tadmor.events import DocInputs, EventExtractor, default_lexicon
from tadmor.events.relevance import relevant_spans, sentence_spans
from tadmor.geo import Gazetteer, SourceLexicon, find_toponyms, resolve_documents, source_key
from tadmor.model import Document, EventMention, Mention, ParsedDoc, Rejected, RunReport
from tadmor.nlp import Parser
from tadmor.nlp.timex import find_time_expressions
from tadmor.resolve import resolve_all, resolve_incremental
from tadmor.settings import Settings
from tadmor.store import Store

if TYPE_CHECKING:
    from tadmor.scale import Engine

Progress = Callable[[int], None]
Spans = Sequence[tuple[int, int]]


@dataclass
class Analyzer:
    """Everything needed to turn Documents into EventMentions; build once, reuse."""

    settings: Settings
    parser: Parser
    gazetteer: Gazetteer
    actors: ActorDictionary
    matcher: ActorMatcher
    extractor: EventExtractor

    @classmethod
    def create(cls, settings: Settings) -> Analyzer:
        actors = ActorDictionary.load(settings.actor_files)
        return cls(
            settings=settings,
            parser=Parser(settings),
            gazetteer=Gazetteer.open(settings),
            actors=actors,
            matcher=ActorMatcher(actors),
            extractor=EventExtractor(lexicon=default_lexicon(), actors=actors),
        )

    def spans_of(self, doc: Document) -> list[tuple[int, int]]:
        """The spans of ``doc`` to parse: the relevant ones with ``settings.relevance_first``
        (``[]`` when the document is not relevant), else the whole text."""
        if not self.settings.relevance_first:
            return [(0, len(doc.text))] if doc.text else []
        return relevant_spans(doc.text, title=doc.title)

    def inputs(self, parsed: ParsedDoc) -> DocInputs:
        """The inputs of event extraction for one document, resolved on its own."""
        return self.inputs_batch([parsed])[0]

    def inputs_batch(
        self,
        parsed: Sequence[ParsedDoc],
        *,
        lexicon: SourceLexicon | None = None,
        spans: Sequence[Spans | None] | None = None,
        learn_only: Sequence[ParsedDoc] = (),
    ) -> list[DocInputs]:
        """The inputs of event extraction for a batch of documents. With a ``lexicon`` the
        places of each document draw on what its source's other documents are about.
        ``spans``: per document, the spans that were parsed (None: the whole text); actors
        and times are looked for only there. ``learn_only``: documents whose places only
        teach the lexicon their source's focus."""
        per_doc = list(spans) if spans is not None else [None] * len(parsed)
        found: list[tuple[ParsedDoc, list[Mention]]] = []
        actor_spans = []
        for p, sp in zip(parsed, per_doc, strict=True):
            actors = self._actors(p.doc.text, sp)
            actor_spans.append(actors)
            found.append(
                (p, find_toponyms(p, self.gazetteer, exclude=[(a.start, a.end) for a in actors]))
            )
        if lexicon is not None:
            found += [(p, find_toponyms(p, self.gazetteer)) for p in learn_only]
        places = resolve_documents(found, self.gazetteer, lexicon=lexicon)[: len(parsed)]
        return [
            DocInputs(
                parsed=p,
                actors=actors,
                places=pl,
                times=find_time_expressions(
                    p.doc.text, doc_id=p.doc.doc_id, dct=p.doc.published, spans=sp
                ),
            )
            for p, actors, pl, sp in zip(parsed, actor_spans, places, per_doc, strict=True)
        ]

    def _actors(self, text: str, spans: Spans | None) -> list[ActorSpan]:
        if spans is None:
            return self.matcher.find(text)
        out: list[ActorSpan] = []
        for s, e in spans:
            out.extend(
                dataclasses.replace(a, start=a.start + s, end=a.end + s)
                for a in self.matcher.find(text[s:e])
            )
        return out

    def analyse(
        self,
        docs: Iterable[Document],
        *,
        lexicon: SourceLexicon | None = None,
        stats: ParseStats | None = None,
    ) -> Iterator[tuple[Document, list[EventMention]]]:
        """Event mentions of each document, in input order. The documents are parsed (their
        relevant spans only, see :meth:`spans_of`) and their places resolved a batch
        (settings.batch_size) at a time; ``lexicon``: see :meth:`inputs_batch`; ``stats``
        counts what was parsed."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= self.settings.batch_size:
                yield from self._analyse_batch(batch, lexicon, stats)
                batch = []
        yield from self._analyse_batch(batch, lexicon, stats)

    def _analyse_batch(
        self, docs: list[Document], lexicon: SourceLexicon | None, stats: ParseStats | None
    ) -> Iterator[tuple[Document, list[EventMention]]]:
        if not docs:
            return
        spans = [self.spans_of(d) for d in docs]
        todo = [(i, s) for i, s in enumerate(spans) if s]
        parsed = list(self.parser.parse_spans((docs[i], s) for i, s in todo))
        # documents left unparsed still teach their source's focus, from a light reading
        learn = [d for d, s in zip(docs, spans, strict=True) if not s and lexicon and source_key(d)]
        light = self.parser.tokenize(learn, [sentence_spans(d.text) for d in learn])
        inputs = self.inputs_batch(
            parsed,
            lexicon=lexicon,
            spans=[None if list(s) == [(0, len(docs[i].text))] else s for i, s in todo],
            learn_only=list(light),
        )
        found: list[list[EventMention]] = [[] for _ in docs]
        for (i, _), inp in zip(todo, inputs, strict=True):
            found[i] = self.extractor.extract(inp)
        if stats is not None:
            stats.add(docs, spans)
        yield from zip(docs, found, strict=True)


@dataclass
class ParseStats:
    """What relevance-first parsing left out: documents and characters seen and parsed."""

    documents: int = 0
    parsed_documents: int = 0
    text_chars: int = 0
    parsed_chars: int = 0

    def add(self, docs: Sequence[Document], spans: Sequence[Spans]) -> None:
        for d, sp in zip(docs, spans, strict=True):
            self.documents += 1
            self.parsed_documents += bool(sp)
            self.text_chars += len(d.text)
            self.parsed_chars += sum(e - s for s, e in sp)


@dataclass
class RunOptions:
    reprocess: bool = False  # re-analyse documents already in the store
    progress: Progress | None = None
    on_rejected: Callable[[Rejected], None] | None = None
    workers: int = 1  # analysis processes on this machine (1: in this process)
    cluster: Any = None  # a Dask scheduler address (or a distributed.Client): analyse there
    dataset: bool = False  # with ``cluster``: the workers read the inputs themselves


def run(
    paths: Sequence[Path | str],
    *,
    settings: Settings,
    store: Store,
    options: RunOptions | None = None,
    engine: Engine | None = None,
) -> RunReport:
    """Read, analyse and store every input, then recompute events and the timeline.

    A path ``-`` reads JSON lines from standard input. The analysis runs on ``engine``
    when given (kept by the caller across runs, e.g. by ``tadmor watch``), else on one made
    for this run from ``options.workers`` and ``options.cluster``."""
    from tadmor.scale import engine_for, store_results

    opts = options or RunOptions()
    if engine is not None:
        counts = store_results(paths, engine=engine, settings=settings, store=store, options=opts)
    else:
        with engine_for(settings, workers=opts.workers, cluster=opts.cluster) as own:
            counts = store_results(paths, engine=own, settings=settings, store=store, options=opts)
    if opts.reprocess:
        n_events, n_claims, n_periods = resolve_store(store, settings=settings)
    else:
        # only what this run (or an interrupted one) stored: cost follows the new mentions
        delta = resolve_incremental(
            store, store.unresolved_mentions(), window_days=settings.merge_window_days
        )
        n_events, n_claims, n_periods = delta.events_written, delta.claims, delta.periods
    return RunReport(
        documents=counts.documents,
        rejected=tuple(counts.rejected),
        event_mentions=counts.event_mentions,
        events=n_events,
        claims=n_claims,
        control_periods=n_periods,
        parsed_documents=counts.parsed_documents,
        text_chars=counts.text_chars,
        parsed_chars=counts.parsed_chars,
    )


def resolve_store(store: Store, *, settings: Settings) -> tuple[int, int, int]:
    """Merge all stored mentions into events and claims again, rebuild the control timeline
    (stored events keep their ids; see :func:`tadmor.resolve.resolve_all`)."""
    events, claims, periods = resolve_all(store, window_days=settings.merge_window_days)
    store.replace_resolution(events=events, claims=claims, periods=periods)
    return len(events), len(claims), len(periods)
