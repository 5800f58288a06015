"""Read a descriptive noun phrase that names forces: nationality, modifiers, head.

"US and British warplanes", "Saudi-led coalition jets", "Libyan rebel troops", "the regime's
forces", "pro-government militias". The phrase is read over tokens: an optional second
nationality joined by "and", a nationality (with "-led" or "'s"), one descriptive word after
it, up to two qualifiers ("pro-government", "rebel", "regime"), then the head noun. The words
before the head decide whose forces they are: a non-state qualifier ("rebel troops",
"opposition soldiers") makes the phrase a rebel force whatever the head, where the head alone
("troops") would be a state's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tadmor.actors.tokens import PhraseTable, Tok

__all__ = ["NON_STATE_QUALIFIERS", "STATE_QUALIFIERS", "NounPhrase", "PhraseReader"]

STATE_QUALIFIERS = (
    "government",
    "regime",
    "state",
    "pro-government",
    "pro-regime",
    "loyalist",
    "national",
    "federal",
    "army",
    "elite",
    "special",
    "allied",
    "junta",
)
# words before a head that make the forces non-state ("rebel troops" are not the army)
NON_STATE_QUALIFIERS = (
    "rebel",
    "opposition",
    "insurgent",
    "separatist",
    "guerrilla",
    "guerilla",
    "anti-government",
    "anti-regime",
    "anti-junta",
    "dissident",
    "mutinous",
    "mutineer",
    "breakaway",
    "renegade",
    "secessionist",
    "resistance",
)

# one descriptive word between a nationality and the head ("Irish nationalist guerrillas",
# "Afghan tribal militiamen"): adjective-like endings or a few nouns used as modifiers,
# lower case only, so that a verb ("Britain mobilized army") is never taken for one
_MODIFIER = re.compile(
    r"[a-z][a-z\-]*(?:ist|ian|ic|al|ary|ive|ese|ish|-led|-backed|-aligned)"
    r"|rebel|militia|army|security|border|opposition|armed|riot|elite|tribal|clan|youth"
    r"|attack|combat|fighter|kamikaze|reconnaissance|armoured|armored|naval|air|ground"
)
NON_STATE_MODIFIERS = frozenset({"rebel", "opposition", "separatist", "insurgent", "guerrilla"})

# "local government area", "government officials said", "army spokesman": the head names an
# institution's part or voice, not forces that act
NOT_AN_ACTOR = frozenset(
    [
        "area",
        "areas",
        "official",
        "officials",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "statement",
        "building",
        "buildings",
        "office",
        "offices",
        "house",
        "employees",
        "workers",
        "minister",
        "ministers",
        "media",
        "source",
        "sources",
        "critics",
        "supporters",
        "headquarters",
        "hospital",
        "camp",
        "base",
        "barracks",
        "chief",
        "commander",
    ]
)


@dataclass(frozen=True, slots=True)
class NounPhrase:
    start: int  # token indices, end exclusive
    end: int
    head: tuple[str, ...]  # lower-cased head words
    adj: tuple[int, int] | None  # token span of the nationality
    adj_iso: str
    adj0: tuple[int, int] | None  # "US and British ...": the first nationality
    adj0_iso: str
    quals: tuple[str, ...]  # lower-cased qualifiers, hyphens as spaces
    modifier: str
    head_start: int


class PhraseReader:
    """Reads noun phrases at token positions against the dictionary's tables."""

    def __init__(
        self,
        *,
        heads: PhraseTable[str],
        demonyms: PhraseTable[str],
        acronyms: PhraseTable[str],
    ) -> None:
        self.heads = heads
        self.demonyms = demonyms
        self.acronyms = acronyms
        self.quals: PhraseTable[str] = PhraseTable()
        self.quals.update(STATE_QUALIFIERS, "state")
        self.quals.update(NON_STATE_QUALIFIERS, "rebel")
        # words a phrase can start with: anything else is answered by one lookup
        self._first_low = set(heads.index) | set(demonyms.index) | set(self.quals.index)
        self._first_exact = set(acronyms.index)

    def nationality(self, toks: Sequence[Tok], i: int) -> tuple[int, str]:
        """End of a nationality at ``i`` ("Syrian", "South Sudanese", "U.S.") and its ISO2."""
        if i >= len(toks):
            return i, ""
        j = self.demonyms.longest(toks, i, boundary=False)
        if j > i and (j < len(toks) and toks[j].hyphen and toks[j].low != "led"):
            j = i  # "Syrian-born", "Iraqi-Kurdish": not a nationality before a head
        table = self.demonyms
        if j == i:
            j = self.acronyms.longest(toks, i, boundary=False)
            if j < len(toks) and toks[j].hyphen and toks[j].low != "led":
                j = i
            table = self.acronyms
        if j == i:
            return i, ""
        words = tuple(t.low if table.fold else t.text for t in toks[i:j])
        return j, table.get(words)[0]

    def read(self, toks: Sequence[Tok], i: int) -> NounPhrase | None:
        """The phrase that starts at token ``i``, read as the longest structure first."""
        n = len(toks)
        tok = toks[i]
        if tok.joined or (tok.low not in self._first_low and tok.text not in self._first_exact):
            return None
        if i > 0 and toks[i - 1].low == "new" and toks[i].linked and not toks[i].joined:
            return None  # "New Jersey police", "New Mexico"
        adj0: tuple[int, int] | None = None
        adj0_iso = ""
        k, iso = self.nationality(toks, i)
        if k > i and k + 2 < n and toks[k].low == "and" and toks[k].linked:
            adj0, adj0_iso = (i, k), iso
            start_adj = k + 1
        else:
            start_adj = i
        for with_adj in (True, False):
            if with_adj:
                a_end, a_iso = self.nationality(toks, start_adj)
                if a_end == start_adj:
                    continue
                adj: tuple[int, int] | None = (start_adj, a_end)
                p = a_end
                if p < n and toks[p].hyphen and toks[p].low == "led":
                    p += 1
                if p < n and toks[p].low == "'s":
                    p += 1
                mods: list[tuple[int, str]] = [(p, "")]
                if p < n and toks[p].linked and _MODIFIER.fullmatch(toks[p].text):
                    mods.insert(0, (p + 1, toks[p].text))
            else:
                adj, a_iso = None, ""
                mods = [(start_adj if adj0 is None else i, "")]
            for q0, modifier in mods:
                if q0 >= n or (q0 > i and not toks[q0].linked):
                    continue
                found = self._quals_and_head(toks, q0)
                if found is None:
                    continue
                quals, h0, h1 = found
                start = i if (with_adj and adj0 is not None) else (start_adj if with_adj else q0)
                return NounPhrase(
                    start=start,
                    end=h1,
                    head=tuple(t.low for t in toks[h0:h1]),
                    adj=adj,
                    adj_iso=a_iso,
                    adj0=adj0 if with_adj else None,
                    adj0_iso=adj0_iso if with_adj else "",
                    quals=quals,
                    modifier=modifier,
                    head_start=h0,
                )
        return None

    def _quals_and_head(
        self, toks: Sequence[Tok], q0: int
    ) -> tuple[tuple[str, ...], int, int] | None:
        """Up to two qualifiers (and a possessive "'s") then a head, longest first."""
        n = len(toks)
        options: list[tuple[tuple[str, ...], int]] = []
        q1 = self.quals.longest(toks, q0, boundary=False)
        if q1 > q0:
            quals1 = (" ".join(t.low for t in toks[q0:q1]),)
            q2 = self.quals.longest(toks, q1, boundary=False) if q1 < n and toks[q1].linked else q1
            if q2 > q1:
                options.append(((*quals1, " ".join(t.low for t in toks[q1:q2])), q2))
            options.append((quals1, q1))
        options.append(((), q0))
        for quals, h0 in options:
            if h0 < n and toks[h0].low == "'s" and quals:
                h0 += 1  # "the regime's forces"
            if h0 >= n or (h0 > q0 and not toks[h0].linked):
                continue
            for h1 in self.heads.matches(toks, h0):
                if h1 < n and toks[h1].linked and toks[h1].low in NOT_AN_ACTOR:
                    continue
                return quals, h0, h1
        return None
