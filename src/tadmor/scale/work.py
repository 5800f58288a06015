"""Work units of a run: chunks of documents in, analysed documents and rejections out.

A chunk is analysed the same way wherever it runs (this process, a worker process, a Dask
worker): with one source-focus lexicon of its own, so its result depends only on its
documents. Each process builds its :class:`~tadmor.pipeline.Analyzer` once
(:func:`analyzer_for`) and reuses it for every chunk it is given.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from tadmor.geo import SourceLexicon
from tadmor.ingest.guard import guard_batch
from tadmor.model import Document, EventMention, Rejected
from tadmor.pipeline import Analyzer, ParseStats
from tadmor.settings import Settings


@dataclass(frozen=True, slots=True)
class Chunk:
    """Documents to analyse together; ``index`` is the chunk's place in the input."""

    index: int
    documents: tuple[Document, ...]


@dataclass(frozen=True, slots=True)
class Analysed:
    document: Document
    mentions: tuple[EventMention, ...]


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """What analysing one chunk gave: its documents with their mentions (input order), the
    inputs rejected on the way, what relevance-first parsing kept, and the CPU seconds the
    analysis took in its process."""

    index: int
    analysed: tuple[Analysed, ...]
    rejected: tuple[Rejected, ...]
    parsed_documents: int
    text_chars: int
    parsed_chars: int
    cpu_seconds: float


def chunked(docs: Iterable[Document], size: int, *, start: int = 0) -> Iterator[Chunk]:
    """Cut a stream of documents into chunks of ``size``, numbered from ``start``."""
    batch: list[Document] = []
    index = start
    for d in docs:
        batch.append(d)
        if len(batch) >= size:
            yield Chunk(index, tuple(batch))
            index += 1
            batch = []
    if batch:
        yield Chunk(index, tuple(batch))


def analyse_chunk(analyzer: Analyzer, chunk: Chunk) -> ChunkResult:
    """Analyse one chunk. A document whose analysis fails, breaks a limit or runs out of
    time is rejected (tadmor.ingest.guard: E190, E112, E113...) and the others are kept."""
    t0 = time.process_time()
    settings = analyzer.settings
    stats = ParseStats()
    lexicon = SourceLexicon() if settings.source_focus else None

    def analyse(docs: Sequence[Document]) -> Iterator[tuple[Document, list[EventMention]]]:
        return analyzer.analyse(docs, lexicon=lexicon, stats=stats)

    def reset() -> None:  # before the documents are analysed again one by one
        nonlocal stats, lexicon
        stats = ParseStats()
        lexicon = SourceLexicon() if settings.source_focus else None

    # every failure of one document (an error, a limit, its time budget) is its Rejected
    guarded = guard_batch(chunk.documents, analyse, settings=settings, reset=reset)
    results, rejected = guarded.analysed, guarded.rejected
    return ChunkResult(
        index=chunk.index,
        analysed=tuple(Analysed(d, tuple(ms)) for d, ms in results),
        rejected=tuple(rejected),
        parsed_documents=stats.parsed_documents,
        text_chars=stats.text_chars,
        parsed_chars=stats.parsed_chars,
        cpu_seconds=time.process_time() - t0,
    )


def lost_chunk(chunk: Chunk, reason: str) -> ChunkResult:
    """The result of a chunk that could not be analysed at all (its worker kept dying):
    every document rejected (E191), so the run goes on and names them."""
    return ChunkResult(
        index=chunk.index,
        analysed=(),
        rejected=tuple(
            Rejected(origin=d.origin, code="E191", reason=f"analysis lost: {reason}")
            for d in chunk.documents
        ),
        parsed_documents=0,
        text_chars=0,
        parsed_chars=0,
        cpu_seconds=0.0,
    )


_ANALYZERS: dict[Settings, Analyzer] = {}


def analyzer_for(settings: Settings) -> Analyzer:
    """This process's Analyzer for ``settings``, built on first use."""
    found = _ANALYZERS.get(settings)
    if found is None:
        found = _ANALYZERS[settings] = Analyzer.create(settings)
    return found


def analyse_here(settings: Settings, chunk: Chunk) -> ChunkResult:
    """Analyse a chunk with this process's Analyzer (what a worker process runs)."""
    return analyse_chunk(analyzer_for(settings), chunk)


def merge_counts(results: Sequence[ChunkResult]) -> tuple[int, int, int]:
    """Parsed documents, text characters and parsed characters over ``results``."""
    return (
        sum(r.parsed_documents for r in results),
        sum(r.text_chars for r in results),
        sum(r.parsed_chars for r in results),
    )
