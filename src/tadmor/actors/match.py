"""Find actor mentions in text: named actors, leaders' forces, descriptions, anaphors."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from tadmor.actors.dictionary import ActorDictionary, GenericActor
from tadmor.actors.phrase import (
    NON_STATE_MODIFIERS,
    NON_STATE_QUALIFIERS,
    NounPhrase,
    PhraseReader,
)
from tadmor.actors.tokens import PhraseTable, Tok, key_of, tokenize
from tadmor.model import Actor


@dataclass(frozen=True, slots=True)
class ActorSpan:
    """An actor mention. Exactly one of ``actor``/``generic`` is set, or ``anaphor`` is True.

    ``country_hint`` is the ISO2 code named in the phrase ("Syrian troops" -> "SY").
    """

    start: int
    end: int
    text: str
    actor: Actor | None = None
    generic: GenericActor | None = None
    country_hint: str = ""
    anaphor: bool = False


def _alternation(phrases: Sequence[str]) -> str:
    parts = sorted({p for p in phrases if p}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"[\s\-]+") for p in parts)


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(alias) <= 6


@dataclass(frozen=True, slots=True)
class _Tables:
    exact: PhraseTable[Actor]  # acronyms, as written
    folded: PhraseTable[Actor]  # other aliases, any case
    leaders: PhraseTable[str]  # leader names -> actor name or "state:ISO2"
    demonyms: PhraseTable[str]
    acronyms: PhraseTable[str]
    reader: PhraseReader
    head_generic: dict[tuple[str, ...], GenericActor]
    standalone: dict[tuple[str, ...], GenericActor]


class ActorMatcher:
    """Phrase tables over one ActorDictionary (build once, reuse for every document).

    Matching reads the text's tokens once and looks phrases up by hash: named actors (longest
    alias first), leaders' forces ("Kadafi's forces"), descriptive noun phrases ("Libyan rebel
    troops"), ethnic militias and anaphors. An alias that several actors share is resolved by
    the country in context: the ``country`` given, else the country the text names most.
    """

    def __init__(self, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary

    @cached_property
    def _tables(self) -> _Tables:
        d = self.dictionary
        exact: PhraseTable[Actor] = PhraseTable(fold=False)
        folded: PhraseTable[Actor] = PhraseTable()
        for actor in d.actors:
            for alias in (*actor.aliases, actor.name):
                (exact if _is_acronym(alias) else folded).add(alias, actor)
        for alias, isos in d.state_forces.items():
            for iso in isos.split(","):  # "FDS": the forces of several states, by context
                (exact if _is_acronym(alias) else folded).add(alias, d.state_forces_of(iso.strip()))
        leaders: PhraseTable[str] = PhraseTable()
        for name, target in d.leaders.items():
            leaders.add(name, target)
        heads: PhraseTable[str] = PhraseTable()
        head_generic: dict[tuple[str, ...], GenericActor] = {}
        standalone: dict[tuple[str, ...], GenericActor] = {}
        for g in d.generics:
            for h in g.heads:
                head_generic.setdefault(key_of(h), g)
                heads.add(h, "head")
            for h in g.standalone:
                standalone.setdefault(key_of(h), g)
                heads.add(h, "standalone")
        demonyms: PhraseTable[str] = PhraseTable()
        for name, iso in d.demonyms.items():
            if len(name) > 3:
                demonyms.add(name, iso)
        # short forms (US, U.S., UK, UAE) only in capitals: "us" is a pronoun
        acronyms: PhraseTable[str] = PhraseTable(fold=False)
        for form, iso in d.demonym_forms.items():
            if 2 <= len(form) <= 4 and form.replace(".", "").isupper():
                acronyms.add(form, iso)
        reader = PhraseReader(heads=heads, demonyms=demonyms, acronyms=acronyms)
        return _Tables(exact, folded, leaders, demonyms, acronyms, reader, head_generic, standalone)

    @cached_property
    def _anaphor(self) -> re.Pattern[str]:
        bare = sorted({a.lower().removeprefix("the ") for a in self.dictionary.anaphors})
        return re.compile(rf"(?<![\w-])(?:the\s+)?(?:{_alternation(bare)})(?![\w-])", re.IGNORECASE)

    def text_country(self, text: str) -> str:
        """The country a text names most (nationality words and country names), "" if none."""
        return _main_country(self._tables, tokenize(text))

    def find(self, text: str, *, country: str = "") -> list[ActorSpan]:
        """All actor mentions, non-overlapping, longest first, in text order.

        ``country`` (ISO2) settles aliases shared by groups of several countries; without it
        the country the text names most does.
        """
        tables = self._tables
        toks = tokenize(text)
        spans: list[ActorSpan] = []
        taken: list[tuple[int, int]] = []

        def free(s: int, e: int) -> bool:
            return all(e <= a or s >= b for a, b in taken)

        known: list[str] = [country] if country else []

        def context_country() -> str:
            if not known:
                known.append(_main_country(tables, toks))
            return known[0]

        named: list[tuple[int, int, list[Actor]]] = []
        for i in range(len(toks)):
            # "pro-Houthi troops": the forces of the group named after "pro-"
            pro = toks[i].joined and i > 0 and toks[i - 1].low == "pro"
            for table in (tables.exact, tables.folded):
                j = table.longest(toks, i, boundary=not pro)
                if j == i:
                    continue
                words = tuple(t.low if table.fold else t.text for t in toks[i:j])
                if pro:
                    tail = _GROUP_NOUN.match(text, toks[j - 1].end)
                    if tail is not None and not tail.group(0).startswith(("'", "’")):
                        named.append((toks[i - 1].start, tail.end(), table.get(words)))
                elif not (j < len(toks) and toks[j].hyphen):
                    named.append((toks[i].start, toks[j - 1].end, table.get(words)))
        named.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
        for s, e, candidates in named:
            if not free(s, e):
                continue
            actor = self._choose(candidates, context_country)
            tail = _GROUP_NOUN.match(text, e)
            if tail is not None:
                e = tail.end()  # "LOV fighters" is one mention of LOV
            hint = ""
            adj = _preceding_word(text, s)
            if actor.kind == "state" and adj:
                hint = self.dictionary.demonyms.get(adj.lower(), "")
            spans.append(ActorSpan(start=s, end=e, text=text[s:e], actor=actor, country_hint=hint))
            taken.append((s, e))

        for s, e, actor in self._leaders(text, toks):
            if free(s, e):
                hint = actor.country if actor.kind == "state" else ""
                spans.append(
                    ActorSpan(start=s, end=e, text=text[s:e], actor=actor, country_hint=hint)
                )
                taken.append((s, e))

        for m in _ETHNIC_MILITIA.finditer(text):
            s, e = m.span()
            name = m.group("eth")
            if not free(s, e) or name in _NOT_ETHNIC or name.lower() in self.dictionary.demonyms:
                continue
            # "Fulani militiamen" -> ACLED's "Fulani Ethnic Militia (Mali)", an identity militia
            ethnic = GenericActor(
                template=f"{name} Ethnic Militia ({{country}})",
                inter=4,
                kind="militia",
                heads=(),
                standalone=(),
            )
            spans.append(ActorSpan(start=s, end=e, text=text[s:e], generic=ethnic))
            taken.append((s, e))

        for start, end, generic, hint in self._descriptions(text, toks):
            if free(start, end):
                spans.append(
                    ActorSpan(
                        start=start,
                        end=end,
                        text=text[start:end],
                        generic=generic,
                        country_hint=hint,
                    )
                )
                taken.append((start, end))

        for m in self._anaphor.finditer(text):
            s, e = m.span()
            if free(s, e):
                spans.append(ActorSpan(start=s, end=e, text=m.group(0), anaphor=True))
                taken.append((s, e))
        spans.sort(key=lambda a: a.start)
        return spans

    def _choose(self, candidates: Sequence[Actor], country: Callable[[], str]) -> Actor:
        """One actor for an alias: the one of the country in context, else a transnational one,
        else the first listed; then that actor's branch in the country in context, if any
        ("Islamic State" in a report about Libya is ACLED's "Islamic State (Libya)")."""
        actor = candidates[0]
        if len(candidates) > 1:
            iso = country()
            actor = next(
                (a for a in candidates if a.country == iso),
                next((a for a in candidates if not a.country), actor),
            )
        if actor.name in self._parents:
            iso = country()
            branch = self.dictionary.branches.get((actor.name, iso)) if iso else None
            if branch is not None:
                actor = self.dictionary.by_name(branch) or actor
        return actor

    def _leaders(self, text: str, toks: Sequence[Tok]) -> Iterator[tuple[int, int, Actor]]:
        """ "Kadafi's forces", "Assad loyalists", "pro-Haftar fighters": whose forces they are."""
        table = self._tables.leaders
        for i in range(len(toks)):
            pro = toks[i].joined and i > 0 and toks[i - 1].low == "pro"
            for j in table.matches(toks, i, boundary=not pro):
                tail = _GROUP_NOUN.match(text, toks[j - 1].end)
                if tail is None:
                    continue
                target = table.get(tuple(t.low for t in toks[i:j]))[0]
                actor = self._target(target)
                if actor is not None:
                    start = toks[i - 1].start if pro else toks[i].start
                    yield start, tail.end(), actor
                break

    def _target(self, target: str) -> Actor | None:
        if target.startswith("state:"):
            return self.dictionary.state_forces_of(target.removeprefix("state:"))
        return self.dictionary.by_name(target)

    def _descriptions(
        self, text: str, toks: Sequence[Tok]
    ) -> Iterator[tuple[int, int, GenericActor, str]]:
        """Descriptive noun phrases: (start, end, generic actor, nationality ISO2)."""
        reader = self._tables.reader
        i = 0
        n = len(toks)
        while i < n:
            np = reader.read(toks, i)
            if np is None:
                i += 1
                continue
            generic = self._generic_of(np, text, toks)
            if generic is None:
                i = np.end  # "Border Police are searching": read, and not a force on its own
                continue
            e = toks[np.end - 1].end
            s = toks[np.start].start if np.adj is None else toks[np.adj[0]].start
            if np.adj0 is not None and np.adj is not None:
                # "US and British warplanes": two countries' forces, one head
                yield toks[np.adj0[0]].start, toks[np.adj0[1] - 1].end, generic, np.adj0_iso
            yield s, e, generic, np.adj_iso
            i = np.end

    def _generic_of(self, np: NounPhrase, text: str, toks: Sequence[Tok]) -> GenericActor | None:
        t = self._tables
        head = np.head
        phrase = tuple(w for q in np.quals for w in q.split()) + head
        generic = None
        if np.adj is not None and head in t.head_generic:
            generic = t.head_generic[head]
        elif phrase in t.standalone:
            generic = t.standalone[phrase]
        elif head in t.standalone and (
            np.quals or _preceded_by_determiner(text, toks[np.head_start].start)
        ):
            generic = t.standalone[head]
        elif np.quals and head in t.head_generic and t.head_generic[head].kind == "state":
            generic = t.head_generic[head]  # "army forces", "government aircraft"
        # "rebel troops", "Libyan opposition soldiers": whose forces the words before the head say
        non_state = any(q in _NON_STATE for q in np.quals) or np.modifier in NON_STATE_MODIFIERS
        if non_state:
            base = generic or t.head_generic.get(head) or t.standalone.get(head)
            if base is not None and base.kind in ("state", "militia"):
                generic = self._rebel_generic or generic
        return generic

    @cached_property
    def _parents(self) -> frozenset[str]:
        return frozenset(parent for parent, _ in self.dictionary.branches)

    @cached_property
    def _rebel_generic(self) -> GenericActor | None:
        return next((g for g in self.dictionary.generics if g.kind == "rebel"), None)

    def normalise(self, phrase: str) -> Actor | None:
        """The actor a free-standing phrase names ("Syrian government forces" -> Syria's military).

        Canonical names, including instantiated generic ones ("Military Forces of Iraq"),
        map to themselves.
        """
        wanted = " ".join(phrase.split())
        actor = self.dictionary.by_name(wanted)
        if actor is not None:
            return actor
        low = wanted.lower()
        for actor in self.dictionary.actors:
            if actor.name.lower() == low:
                return actor
        for generic in self.dictionary.generics:
            head, _, tail = generic.template.partition("{country}")
            if wanted.startswith(head) and wanted.endswith(tail) and len(wanted) > len(head + tail):
                country = wanted[len(head) : len(wanted) - len(tail)].removeprefix("the ")
                iso = self.dictionary.demonyms.get(country.lower())
                if iso is not None:
                    return self.dictionary.instantiate(generic, iso)
        for span in self.find(phrase):
            if span.actor is not None:
                return span.actor
            if span.generic is not None:
                return self.dictionary.instantiate(span.generic, span.country_hint)
        return None


_NON_STATE = frozenset(q.replace("-", " ") for q in NON_STATE_QUALIFIERS)


def _main_country(tables: _Tables, toks: Sequence[Tok]) -> str:
    counts: Counter[str] = Counter()
    for i in range(len(toks)):
        for table in (tables.demonyms, tables.acronyms):
            j = table.longest(toks, i)
            if j > i:
                words = tuple(t.low if table.fold else t.text for t in toks[i:j])
                counts[table.get(words)[0]] += 1
                break
    return counts.most_common(1)[0][0] if counts else ""


_ETHNIC_MILITIA = re.compile(
    r"(?<![\w-])(?P<eth>[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)\s+(?:ethnic\s+|communal\s+)?"
    r"(?:militia|militias|militiamen|vigilantes|self-defen[cs]e\s+(?:groups?|forces|militias?))\b"
)
# capitalised words before "militia" that name no community
_NOT_ETHNIC = frozenset(
    {
        "The",
        "A",
        "An",
        "Local",
        "Armed",
        "Rival",
        "Allied",
        "Tribal",
        "Community",
        "Government",
        "Pro",
        "Islamist",
        "Jihadist",
        "Christian",
        "Muslim",
        "Militia",
        "Some",
        "Several",
        "Two",
        "Three",
        "Many",
        "Other",
        "Its",
        "Their",
        "His",
        "Her",
        "Suspected",
        "Unidentified",
        "Village",
        "Youth",
        "Civilian",
        "Private",
        "Shia",
        "Shiite",
        "Sunni",
        "Popular",
    }
)

_GROUP_NOUN = re.compile(
    r"(?:'s|’s)?\s+(?:fighters|militants|forces|troops|soldiers|rebels|members|insurgents|jihadists|"
    r"gunmen|units|militia|militiamen|suicide\s+bombers?|bombers?|commanders?|leaders?|"
    r"snipers?|attackers|cells?|operatives|loyalists|supporters)\b",
    re.IGNORECASE,
)


def _key(alias: str) -> str:
    return " ".join(alias.replace("’", "'").replace("-", " ").split()).lower()


def _preceding_word(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z][\w.]*)\s+$", text[max(0, pos - 30) : pos])
    return m.group(1) if m else ""


def _preceded_by_determiner(text: str, pos: int) -> bool:
    w = _preceding_word(text, pos).lower()
    return w in {"the", "its", "their", "his", "her", "whose", "by", "of"}
