"""Streaming removal of exact and near-identical articles.

Near-duplicates are found by exact Jaccard similarity of word 5-shingle sets. Candidate pairs
come from *prefix filtering* (Chaudhuri et al. 2006; Bayardo et al. 2007): under one global
order of shingles, two sets with Jaccard >= t share at least one of the first
``|A| - ceil(t * |A|) + 1`` elements of each. Only those prefixes are indexed, so a document is
compared with the few earlier documents that share a prefix shingle, not with all of them; the
Jaccard of each candidate is then computed exactly. The first document in input order is kept.

Shingles are hashed as tuples of per-run word ids, which is deterministic for a given input
(Python does not randomise the hash of integer tuples).
"""

from __future__ import annotations

import itertools
import math
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tadmor.model import Document, Rejected

__all__ = ["SHINGLE_SIZE", "dedup_documents", "jaccard", "shingles"]

SHINGLE_SIZE = 5
_WORD = re.compile(r"\w+")
_EPS = 1e-9


class _Vocabulary:
    """Word -> int id, in order of first use (ids are unique; the counter may skip numbers)."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._next = itertools.count()

    def ids(self, text: str) -> list[int]:
        return list(map(self._ids.setdefault, _WORD.findall(text.lower()), self._next))


def _shingle_hashes(word_ids: list[int], k: int = SHINGLE_SIZE) -> set[int]:
    if not word_ids:
        return set()
    if len(word_ids) < k:
        return {hash(tuple(word_ids))}
    return set(map(hash, zip(*(word_ids[i:] for i in range(k)), strict=False)))


def shingles(text: str, k: int = SHINGLE_SIZE) -> set[tuple[str, ...]]:
    """The word k-shingles of a text (lower-cased ``\\w+`` words); the whole text if shorter."""
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {tuple(words)} if words else set()
    return set(zip(*(words[i:] for i in range(k)), strict=False))


def jaccard(a: set[int] | set[tuple[str, ...]], b: set[int] | set[tuple[str, ...]]) -> float:
    if not a and not b:
        return 1.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


@dataclass(frozen=True, slots=True)
class _Kept:
    doc_id: str
    origin: str
    shingles: array[int]  # sorted shingle hashes


def _prefix_length(n: int, threshold: float) -> int:
    return n - math.ceil(threshold * n - _EPS) + 1


def dedup_documents(
    docs: Iterable[Document | Rejected], *, threshold: float
) -> Iterator[Document | Rejected]:
    """Yield each document, or a Rejected (code W201) for a duplicate of an earlier one.

    Exact duplicates (same ``doc_id``) and near-duplicates (word 5-shingle Jaccard >=
    ``threshold``) are rejected; the earlier document wins. Rejected inputs pass through.
    Memory: the sorted shingle hashes of kept documents (8 bytes each) plus an index of
    their prefixes.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    vocab = _Vocabulary()
    by_id: dict[str, _Kept] = {}
    kept: list[_Kept] = []
    index: dict[int, list[int]] = {}
    for doc in docs:
        if isinstance(doc, Rejected):
            yield doc
            continue
        same = by_id.get(doc.doc_id)
        if same is not None:
            yield Rejected(
                doc.origin,
                "W201",
                f"{doc.origin}: near-duplicate of {same.doc_id} ({same.origin}), "
                "Jaccard 1.00 (identical text)",
            )
            continue
        hashes = sorted(_shingle_hashes(vocab.ids(doc.text)))
        match = _best_match(hashes, threshold=threshold, kept=kept, index=index)
        if match is not None:
            other, score = match
            yield Rejected(
                doc.origin,
                "W201",
                f"{doc.origin}: near-duplicate of {other.doc_id} ({other.origin}), "
                f"Jaccard {score:.2f}",
            )
            continue
        entry = _Kept(doc.doc_id, doc.origin, array("q", hashes))
        position = len(kept)
        kept.append(entry)
        by_id[doc.doc_id] = entry
        for h in hashes[: _prefix_length(len(hashes), threshold)]:
            index.setdefault(h, []).append(position)
        yield doc


def _best_match(
    hashes: list[int], *, threshold: float, kept: list[_Kept], index: dict[int, list[int]]
) -> tuple[_Kept, float] | None:
    n = len(hashes)
    if n == 0:
        return None
    candidates: set[int] = set()
    for h in hashes[: _prefix_length(n, threshold)]:
        candidates.update(index.get(h, ()))
    if not candidates:
        return None
    mine = set(hashes)
    best: tuple[_Kept, float] | None = None
    for position in sorted(candidates):
        other = kept[position]
        m = len(other.shingles)
        if m < threshold * n - _EPS or n < threshold * m - _EPS:
            continue  # length filter: the Jaccard cannot reach the threshold
        inter = len(mine.intersection(other.shingles))
        score = inter / (n + m - inter)
        if score + _EPS >= threshold and (best is None or score > best[1]):
            best = (other, score)
    return best
