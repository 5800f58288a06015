"""The main job: documents in, events, claims and a control timeline out, into a Store.

Each stage is a plain function or small class over typed records; this module only wires
them together. Work is committed per batch, so an interrupted run loses nothing already
done, and documents already in the store are skipped, so re-running changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tadmor.actors import ActorDictionary, ActorMatcher
from tadmor.events import DocInputs, EventExtractor, default_lexicon
from tadmor.geo import Gazetteer, SourceLexicon, find_toponyms, resolve_documents
from tadmor.ingest import dedup_documents, read_inputs
from tadmor.model import Document, EventMention, Mention, ParsedDoc, Rejected, RunReport
from tadmor.nlp import Parser
from tadmor.nlp.timex import find_time_expressions
from tadmor.resolve import control_timeline, merge_mentions
from tadmor.settings import Settings
from tadmor.store import Store

Progress = Callable[[int], None]


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

    def inputs(self, parsed: ParsedDoc) -> DocInputs:
        """The inputs of event extraction for one document, resolved on its own."""
        return self.inputs_batch([parsed])[0]

    def inputs_batch(
        self, parsed: Sequence[ParsedDoc], *, lexicon: SourceLexicon | None = None
    ) -> list[DocInputs]:
        """The inputs of event extraction for a batch of documents. With a ``lexicon`` the
        places of each document draw on what its source's other documents are about."""
        found: list[tuple[ParsedDoc, list[Mention]]] = []
        actor_spans = []
        for p in parsed:
            actors = self.matcher.find(p.doc.text)
            actor_spans.append(actors)
            found.append(
                (p, find_toponyms(p, self.gazetteer, exclude=[(a.start, a.end) for a in actors]))
            )
        places = resolve_documents(found, self.gazetteer, lexicon=lexicon)
        return [
            DocInputs(
                parsed=p,
                actors=actors,
                places=pl,
                times=find_time_expressions(p.doc.text, doc_id=p.doc.doc_id, dct=p.doc.published),
            )
            for p, actors, pl in zip(parsed, actor_spans, places, strict=True)
        ]

    def analyse(
        self, docs: Iterable[Document], *, lexicon: SourceLexicon | None = None
    ) -> Iterator[tuple[Document, list[EventMention]]]:
        """Event mentions of each document. The documents are parsed and their places resolved
        a batch (settings.batch_size) at a time; ``lexicon``: see :meth:`inputs_batch`."""
        batch: list[ParsedDoc] = []
        for parsed in self.parser.parse(docs):
            batch.append(parsed)
            if len(batch) >= self.settings.batch_size:
                yield from self._extract(batch, lexicon)
                batch = []
        yield from self._extract(batch, lexicon)

    def _extract(
        self, batch: list[ParsedDoc], lexicon: SourceLexicon | None
    ) -> Iterator[tuple[Document, list[EventMention]]]:
        for inputs in self.inputs_batch(batch, lexicon=lexicon):
            yield inputs.parsed.doc, self.extractor.extract(inputs)


@dataclass
class RunOptions:
    reprocess: bool = False  # re-analyse documents already in the store
    progress: Progress | None = None
    on_rejected: Callable[[Rejected], None] | None = None


def run(
    paths: Sequence[Path | str],
    *,
    settings: Settings,
    store: Store,
    options: RunOptions | None = None,
) -> RunReport:
    """Read, analyse and store every input, then recompute events and the timeline."""
    opts = options or RunOptions()
    analyzer = Analyzer.create(settings)
    lexicon = SourceLexicon() if settings.source_focus else None
    rejected: list[Rejected] = []
    n_docs = 0
    n_mentions = 0

    def note(r: Rejected) -> None:
        rejected.append(r)
        if opts.on_rejected is not None:
            opts.on_rejected(r)

    def fresh_documents() -> Iterator[Document]:
        stream = dedup_documents(
            _only_documents(read_inputs(paths, settings=settings), note),
            threshold=settings.near_duplicate_threshold,
        )
        for item in stream:
            if isinstance(item, Rejected):
                note(item)
            elif opts.reprocess or not store.has_document(item.doc_id):
                yield item

    batch_docs: list[Document] = []
    batch_mentions: list[EventMention] = []
    n_stored_rejected = 0
    for doc, mentions in _guarded(analyzer, fresh_documents(), note, lexicon):
        batch_docs.append(doc)
        batch_mentions.extend(mentions)
        n_docs += 1
        n_mentions += len(mentions)
        if opts.progress is not None:
            opts.progress(1)
        if len(batch_docs) >= settings.batch_size:
            # one transaction: the documents, their mentions and the rejected inputs so far
            store.put_batch(batch_docs, batch_mentions, rejected[n_stored_rejected:])
            n_stored_rejected = len(rejected)
            batch_docs, batch_mentions = [], []
    store.put_batch(batch_docs, batch_mentions, rejected[n_stored_rejected:])
    n_events, n_claims, n_periods = resolve_store(store, settings=settings)
    return RunReport(
        documents=n_docs,
        rejected=tuple(rejected),
        event_mentions=n_mentions,
        events=n_events,
        claims=n_claims,
        control_periods=n_periods,
    )


def resolve_store(store: Store, *, settings: Settings) -> tuple[int, int, int]:
    """Merge all stored mentions into events and claims, rebuild the control timeline."""
    documents = {d.doc_id: d for d in store.documents()}
    events, claims = merge_mentions(
        store.event_mentions(), documents=documents, window_days=settings.merge_window_days
    )
    periods = control_timeline(events)
    store.replace_resolution(events=events, claims=claims, periods=periods)
    return len(events), len(claims), len(periods)


def _only_documents(
    items: Iterable[Document | Rejected], note: Callable[[Rejected], None]
) -> Iterator[Document]:
    for item in items:
        if isinstance(item, Rejected):
            note(item)
        else:
            yield item


def _guarded(
    analyzer: Analyzer,
    docs: Iterable[Document],
    note: Callable[[Rejected], None],
    lexicon: SourceLexicon | None,
) -> Iterator[tuple[Document, list[EventMention]]]:
    """Analyse documents; one that fails is recorded as Rejected (E190) and the batch goes on."""
    pending: list[Document] = []
    for doc in docs:
        pending.append(doc)
        if len(pending) >= analyzer.settings.batch_size:
            yield from _analyse_batch(analyzer, pending, note, lexicon)
            pending = []
    yield from _analyse_batch(analyzer, pending, note, lexicon)


def _analyse_batch(
    analyzer: Analyzer,
    docs: list[Document],
    note: Callable[[Rejected], None],
    lexicon: SourceLexicon | None,
) -> Iterator[tuple[Document, list[EventMention]]]:
    if not docs:
        return
    try:
        results = list(analyzer.analyse(docs, lexicon=lexicon))
    except Exception:
        results = []
        for doc in docs:
            try:
                results.extend(analyzer.analyse([doc], lexicon=lexicon))
            except Exception as exc:
                note(
                    Rejected(
                        origin=doc.origin,
                        code="E190",
                        reason=f"analysis failed ({type(exc).__name__}: {exc})",
                    )
                )
    yield from results
