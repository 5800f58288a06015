"""A source's spatial focus: the provinces its reports are about (a "local lexicon").

A local paper's "Paris" is its own town: The Paris News means Paris, Texas, without ever
writing "Texas", because its readers know. A single report does not say so, but the source's
other reports do: they name Lamar County, Reno and Texas. :class:`SourceLexicon` collects, for
every source, the provinces its documents' places were resolved to, and
:meth:`SourceLexicon.focus` gives a document the provinces that a large share of the *other*
documents of its source place their names in (leave one out: a document's own readings never
vote for themselves). The resolver adds that share to candidates in those provinces, a soft
preference that a document's own evidence ("Paris, France", "the French capital") overrides.

This is the idea of Lieberman, Samet and Sankaranarayanan (2010), "Geotagging with local
lexicons to build indexes for textually-specified spatial data", for which LGL was built.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tadmor.model import Document, Place, ResolvedPlace

FOCUS_CONFIDENCE = 0.5  # a place resolved with less confidence does not vote
FOCUS_MIN_DOCS = 2  # other documents of the source needed before it has a focus
FOCUS_MIN_SHARE = 0.3  # share of those documents that must name a province for it to count
_WIDE = ("PCLI", "CONT", "RGN")  # a country or continent says nothing of a local focus

Province = tuple[str, str]  # (country code, admin1 name)


def source_key(doc: Document) -> str | None:
    """Who published the document: its ``source`` (publisher, outlet), else its URL's host
    without "www."; casefolded. None for a document that says neither."""
    if doc.source and doc.source.strip():
        key = doc.source.strip().casefold()
    elif doc.url:
        try:
            key = (urlsplit(doc.url.strip()).hostname or "").casefold()
        except ValueError:  # a URL that does not parse names no host
            key = ""
    else:
        return None
    key = key.removeprefix("www.")
    return key or None


def provinces_of(places: Sequence[ResolvedPlace]) -> frozenset[Province]:
    """The provinces a document's confidently resolved places lie in (or are)."""
    return frozenset(
        (r.place.country_code, r.place.admin1)
        for r in places
        if r.confidence >= FOCUS_CONFIDENCE and r.place.admin1 and r.place.feature_code not in _WIDE
    )


@dataclass(frozen=True, slots=True)
class SourceFocus:
    """The provinces a source's other documents are about, each with the share of those
    documents that place a name in it."""

    source: str
    documents: int  # how many other documents of the source it was learned from
    provinces: tuple[tuple[Province, float], ...]  # most shared first

    def share(self, place: Place) -> float:
        """The share of the province ``place`` lies in; 0.0 outside the focus."""
        where = (place.country_code, place.admin1)
        return next((s for p, s in self.provinces if p == where), 0.0)


@dataclass
class SourceLexicon:
    """Per source, the provinces each of its documents' places were resolved to.

    Learned as documents are resolved (:meth:`add`), over a run or an evaluation; adding a
    document again replaces what it added before, so a second pass changes no count."""

    _docs: dict[str, dict[str, frozenset[Province]]] = field(default_factory=dict)
    _counts: dict[str, Counter[Province]] = field(default_factory=dict)

    def add(self, source: str, doc_id: str, places: Sequence[ResolvedPlace]) -> None:
        docs = self._docs.setdefault(source, {})
        counts = self._counts.setdefault(source, Counter())
        old = docs.get(doc_id)
        if old is not None:
            counts.subtract(old)
        new = provinces_of(places)
        docs[doc_id] = new
        counts.update(new)

    def focus(self, source: str, doc_id: str) -> SourceFocus | None:
        """The focus of ``source`` learned from its documents other than ``doc_id``; None
        while fewer than FOCUS_MIN_DOCS other documents are known or none shares a province."""
        docs = self._docs.get(source)
        if not docs:
            return None
        own = docs.get(doc_id, frozenset())
        others = len(docs) - (1 if doc_id in docs else 0)
        if others < FOCUS_MIN_DOCS:
            return None
        shares = [
            (p, (n - (1 if p in own else 0)) / others) for p, n in self._counts[source].items()
        ]
        kept = sorted(
            ((p, round(s, 4)) for p, s in shares if s >= FOCUS_MIN_SHARE),
            key=lambda ps: (-ps[1], ps[0]),
        )
        if not kept:
            return None
        return SourceFocus(source=source, documents=others, provinces=tuple(kept))
