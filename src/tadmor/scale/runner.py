"""A run's main process: read the inputs, hand chunks to an engine, store what comes back.

Store writes stay here, one transaction per chunk (``Store.put_batch``): a chunk's
documents with their mentions, and the inputs rejected since the previous write.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tadmor.ingest import dedup_documents, read_inputs
from tadmor.ingest.readers import read_jsonl_lines
from tadmor.model import Document, EventMention, Rejected
from tadmor.scale.work import Chunk, ChunkResult, chunked
from tadmor.settings import Settings
from tadmor.store import Store

if TYPE_CHECKING:
    from tadmor.pipeline import RunOptions
    from tadmor.scale.local import Engine

STDIN = "-"


@dataclass
class RunCounts:
    documents: int = 0
    event_mentions: int = 0
    parsed_documents: int = 0
    text_chars: int = 0
    parsed_chars: int = 0
    cpu_seconds: float = 0.0
    rejected: list[Rejected] = field(default_factory=list)


def read_documents(
    paths: Sequence[Path | str], *, settings: Settings
) -> Iterator[Document | Rejected]:
    """Documents of every input in order; ``-`` is JSON lines on standard input."""
    group: list[Path | str] = []
    for p in paths:
        if str(p) == STDIN:
            yield from read_inputs(group, settings=settings)
            group = []
            yield from read_jsonl_lines(sys.stdin.buffer, name="<stdin>", settings=settings)
        else:
            group.append(p)
    if group:
        yield from read_inputs(group, settings=settings)


def fresh_chunks(
    items: Iterable[Document | Rejected],
    *,
    settings: Settings,
    store: Store,
    reprocess: bool,
    note: Callable[[Rejected], None],
) -> Iterator[Chunk]:
    """Chunks of the documents to analyse: duplicates and unreadable inputs noted as
    rejected, documents already stored left out (unless ``reprocess``)."""

    def fresh() -> Iterator[Document]:
        for item in dedup_documents(items, threshold=settings.near_duplicate_threshold):
            if isinstance(item, Rejected):
                note(item)
            elif reprocess or not store.has_document(item.doc_id):
                yield item

    return chunked(fresh(), settings.chunk_size)


def store_results(
    paths: Sequence[Path | str],
    *,
    engine: Engine,
    settings: Settings,
    store: Store,
    options: RunOptions,
) -> RunCounts:
    """Analyse every input with ``engine`` and store the results as they come back."""
    counts = RunCounts()
    pending: list[Rejected] = []

    def note(r: Rejected) -> None:
        pending.append(r)
        counts.rejected.append(r)
        if options.on_rejected is not None:
            options.on_rejected(r)

    results: Iterable[ChunkResult]
    if options.dataset:
        from tadmor.scale.dataset import partitions

        results = engine.partition_results(partitions(paths, settings=settings))
    else:
        items = read_documents(paths, settings=settings)
        results = engine.results(
            fresh_chunks(
                items, settings=settings, store=store, reprocess=options.reprocess, note=note
            )
        )
    for res in results:
        for r in res.rejected:
            note(r)
        docs: list[Document] = []
        mentions: list[EventMention] = []
        for a in res.analysed:
            if options.dataset and not options.reprocess and store.has_document(a.document.doc_id):
                continue  # the workers read the inputs: only here is the store known
            docs.append(a.document)
            mentions.extend(a.mentions)
        store.put_batch(docs, mentions, pending)
        pending.clear()
        counts.documents += len(docs)
        counts.event_mentions += len(mentions)
        counts.parsed_documents += res.parsed_documents
        counts.text_chars += res.text_chars
        counts.parsed_chars += res.parsed_chars
        counts.cpu_seconds += res.cpu_seconds
        if options.progress is not None:
            options.progress(len(res.analysed))
    store.put_batch([], [], pending)
    return counts
