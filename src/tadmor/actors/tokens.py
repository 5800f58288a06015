"""Word tokens with offsets, and phrase tables looked up by hash, token by token.

Actor matching reads a text once into tokens and looks each phrase up in dictionaries keyed
by token tuples, indexed by first token (longest phrase first). This replaces alternations of
thousands of aliases in one regular expression, whose cost grew with the dictionary at every
character of the text.

A token is a word (letters, digits, inner apostrophes: "Da'esh"), an initialism with dots
("U.S."), or a possessive ending ("'s"). A hyphen and a space separate words alike, as
they do in aliases ("al-Qaeda" = "al Qaeda"); other punctuation ends a phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["PhraseTable", "Tok", "key_of", "tokenize"]

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|['’]s\b|\w+(?:['’](?!s\b)\w+)*")

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Tok:
    start: int
    end: int
    text: str  # as written, with ’ read as '
    low: str
    joined: bool  # attached to the previous token by a hyphen ("Saudi-led", "al-Qaeda")
    hyphen: bool  # the gap before it is exactly one hyphen
    linked: bool  # the gap before it is only spaces and hyphens (or nothing, before "'s")


def tokenize(text: str) -> list[Tok]:
    out: list[Tok] = []
    prev_end = -1
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        word = m.group(0).replace("’", "'")
        if prev_end < 0:
            joined = linked = hyphen = False
        else:
            gap = text[prev_end:s]
            # "al-Qaeda", "-police" (a wire's attribution): the hyphen binds the word to the left
            joined = gap.endswith("-") and gap.strip() == "-"
            hyphen = gap == "-"
            linked = (
                gap == "-"
                or (gap == "" and word == "'s")
                or (gap.isspace() and gap != "")
                # a plural possessive: "Kurdistan Workers' Party"
                or (gap[:1] in ("'", "’") and gap[1:].isspace() and out[-1].low.endswith("s"))
            )
        out.append(Tok(s, e, word, word.lower(), joined, hyphen, linked))
        prev_end = e
    return out


def key_of(phrase: str, *, fold: bool = True) -> tuple[str, ...]:
    """The token tuple a phrase is looked up by (lower-cased unless ``fold`` is False)."""
    return tuple(t.low if fold else t.text for t in tokenize(phrase))


class PhraseTable(Generic[V]):
    """Phrases (token tuples) to values, with a first-token index of phrase lengths."""

    def __init__(self, *, fold: bool = True) -> None:
        self.fold = fold
        self.table: dict[tuple[str, ...], list[V]] = {}
        self.index: dict[str, tuple[int, ...]] = {}  # first word -> phrase lengths, longest first

    def add(self, phrase: str | tuple[str, ...], value: V) -> None:
        key = phrase if isinstance(phrase, tuple) else key_of(phrase, fold=self.fold)
        if not key:
            return
        values = self.table.setdefault(key, [])
        if value not in values:
            values.append(value)
        lens = set(self.index.get(key[0], ())) | {len(key)}
        self.index[key[0]] = tuple(sorted(lens, reverse=True))

    def update(self, phrases: Iterable[str], value: V) -> None:
        for p in phrases:
            self.add(p, value)

    def __contains__(self, phrase: tuple[str, ...]) -> bool:
        return phrase in self.table

    def get(self, phrase: tuple[str, ...]) -> list[V]:
        return self.table.get(phrase, [])

    def matches(self, toks: Sequence[Tok], i: int, *, boundary: bool = True) -> Iterable[int]:
        """Ends (exclusive token index) of phrases starting at token ``i``, longest first.

        With ``boundary`` a phrase must not continue a hyphenated word on either side
        ("al-Qaeda-linked" holds no "al-Qaeda").
        """
        lens = self.index.get(toks[i].low if self.fold else toks[i].text)
        if lens is None or (boundary and toks[i].joined):
            return
        n = len(toks)
        for length in lens:
            j = i + length
            if j > n:
                continue
            if any(not toks[k].linked for k in range(i + 1, j)):
                continue
            if boundary and j < n and toks[j].hyphen:
                continue
            words = tuple(t.low if self.fold else t.text for t in toks[i:j])
            if words in self.table:
                yield j

    def longest(self, toks: Sequence[Tok], i: int, *, boundary: bool = True) -> int:
        """End of the longest phrase at ``i``, or ``i`` when none starts there."""
        if (toks[i].low if self.fold else toks[i].text) not in self.index:
            return i  # the common case, answered by one hash lookup
        return next(iter(self.matches(toks, i, boundary=boundary)), i)
