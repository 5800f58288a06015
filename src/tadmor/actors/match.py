"""Find actor mentions in text: named actors, state-force names, generic descriptions, anaphors."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from tadmor.actors.dictionary import ActorDictionary, GenericActor
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


_QUALIFIERS = (
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
)


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(alias) <= 6


def _alternation(phrases: Sequence[str]) -> str:
    parts = sorted({p for p in phrases if p}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"[\s\-]+") for p in parts)


class ActorMatcher:
    """Compiled matchers over one ActorDictionary (build once, reuse for every document)."""

    def __init__(self, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary

    @cached_property
    def _named(self) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, Actor]]:
        table: dict[str, Actor] = {}
        exact: list[str] = []
        folded: list[str] = []
        for actor in self.dictionary.actors:
            for alias in (*actor.aliases, actor.name):
                key = _key(alias)
                table.setdefault(key, actor)
                (exact if _is_acronym(alias) else folded).append(alias)
        for alias, iso in self.dictionary.state_forces.items():
            state = self.dictionary.state_forces_of(iso)
            table.setdefault(_key(alias), state)
            (exact if _is_acronym(alias) else folded).append(alias)
        exact_re = re.compile(rf"(?<![\w'’-])(?:{_alternation(exact)})(?![\w-])")
        folded_re = re.compile(rf"(?<![\w-])(?:{_alternation(folded)})(?![\w-])", re.IGNORECASE)
        return exact_re, folded_re, table

    @cached_property
    def _generic(self) -> tuple[re.Pattern[str], dict[str, GenericActor], dict[str, GenericActor]]:
        heads: dict[str, GenericActor] = {}
        standalone: dict[str, GenericActor] = {}
        for g in self.dictionary.generics:
            for h in g.heads:
                heads.setdefault(h.lower(), g)
            for s in g.standalone:
                standalone.setdefault(s.lower(), g)
        demonyms = _alternation([d for d in self.dictionary.demonyms if len(d) > 3])
        # short forms (US, U.S., UK, UAE) only in capitals: "us" is a pronoun
        acronyms = [
            n
            for names in _country_forms(self.dictionary)
            for n in names
            if 2 <= len(n) <= 4 and n.replace(".", "").isupper()
        ]
        if acronyms:
            demonyms = f"{demonyms}|(?-i:{_alternation(acronyms)})"
        quals = _alternation(list(_QUALIFIERS))
        all_heads = _alternation(list(heads) + list(standalone))
        pattern = re.compile(
            # "Irish nationalist guerrillas", "Saudi-led forces"; not "New Jersey police"
            rf"(?<![\w-])(?<!New\s)(?:(?P<adj0>{demonyms})\s+and\s+(?=\S+\s+\S))?"
            rf"(?:(?P<adj>{demonyms})(?:-led)?(?:'s|’s)?\s+"
            rf"(?:(?P<mod>{_MODIFIER})\s+)?)?"
            rf"(?:(?P<qual>(?:{quals})(?:[\s-]+(?:{quals}))?)\s+)?"
            rf"(?P<head>{all_heads})(?![\w-])(?!{_NOT_AN_ACTOR})",
            re.IGNORECASE,
        )
        return pattern, heads, standalone

    @cached_property
    def _anaphor(self) -> re.Pattern[str]:
        bare = sorted({a.lower().removeprefix("the ") for a in self.dictionary.anaphors})
        return re.compile(rf"(?<![\w-])(?:the\s+)?(?:{_alternation(bare)})(?![\w-])", re.IGNORECASE)

    def find(self, text: str) -> list[ActorSpan]:
        """All actor mentions, non-overlapping, longest first, in text order."""
        exact_re, folded_re, table = self._named
        spans: list[ActorSpan] = []
        taken: list[tuple[int, int]] = []

        def free(s: int, e: int) -> bool:
            return all(e <= a or s >= b for a, b in taken)

        named = [(m.start(), m.end(), m.group(0)) for m in exact_re.finditer(text)]
        named += [(m.start(), m.end(), m.group(0)) for m in folded_re.finditer(text)]
        for s, e, surface in sorted(named, key=lambda x: (-(x[1] - x[0]), x[0])):
            actor = table.get(_key(surface))
            if actor is None or not free(s, e):
                continue
            tail = _GROUP_NOUN.match(text, e)
            if tail is not None:
                e = tail.end()  # "LOV fighters" is one mention of LOV
            hint = ""
            adj = _preceding_word(text, s)
            if actor.kind == "state" and adj:
                hint = self.dictionary.demonyms.get(adj.lower(), "")
            spans.append(ActorSpan(start=s, end=e, text=text[s:e], actor=actor, country_hint=hint))
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

        pattern, heads, standalone = self._generic
        for m in pattern.finditer(text):
            s, e = m.span()
            head = " ".join(m.group("head").lower().replace("-", " ").split())
            adj = (m.group("adj") or "").lower()
            qual = (m.group("qual") or "").lower()
            phrase = " ".join(x for x in (qual, head) if x)
            generic = None
            if adj and head in heads:
                generic = heads[head]
            elif phrase in standalone:
                generic = standalone[phrase]
            elif head in standalone and (qual or _preceded_by_determiner(text, m.start("head"))):
                generic = standalone[head]
            elif qual and head in heads and heads[head].kind == "state":
                generic = heads[head]  # "army forces", "government aircraft"
            if generic is None:
                continue
            if not adj:
                s = m.start("qual") if qual else m.start("head")
            if not free(s, e):
                continue
            adj0 = m.group("adj0")
            if adj0 and adj:
                # "US and British warplanes": two countries' forces, one head
                s = m.start("adj")
                parts = [(*m.span("adj0"), adj0.lower()), (s, e, adj)]
            else:
                parts = [(s, e, adj)]
            for ps, pe, nationality in parts:
                spans.append(
                    ActorSpan(
                        start=ps,
                        end=pe,
                        text=text[ps:pe],
                        generic=generic,
                        country_hint=self.dictionary.demonyms.get(nationality, ""),
                    )
                )
                taken.append((ps, pe))

        for m in self._anaphor.finditer(text):
            s, e = m.span()
            if free(s, e):
                spans.append(ActorSpan(start=s, end=e, text=m.group(0), anaphor=True))
                taken.append((s, e))
        spans.sort(key=lambda a: a.start)
        return spans

    def normalise(self, phrase: str) -> Actor | None:
        """The actor a free-standing phrase names ("Syrian government forces" -> Syria's military).

        Canonical names, including instantiated generic ones ("Military Forces of Iraq"),
        map to themselves.
        """
        wanted = " ".join(phrase.split())
        for actor in self.dictionary.actors:
            if actor.name.lower() == wanted.lower():
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


# one descriptive word between a nationality and the head ("Irish nationalist guerrillas",
# "Afghan tribal militiamen"): adjective-like endings or a few nouns used as modifiers,
# lower case only, so that a verb ("Britain mobilized army") is never taken for one
_MODIFIER = (
    r"(?-i:[a-z][a-z\-]*(?:ist|ian|ic|al|ary|ive|ese|ish|-led|-backed|-aligned)"
    r"|rebel|militia|army|security|border|opposition|armed|riot|elite|tribal|clan|youth"
    r"|attack|combat|fighter|kamikaze|reconnaissance|armoured|armored|naval|air|ground)"
)

# "local government area", "government officials said", "army spokesman": the head names an
# institution's part or voice, not forces that act
_NOT_AN_ACTOR = (
    r"\s+(?:area|areas|official|officials|spokesman|spokeswoman|spokesperson|statement|"
    r"building|buildings|office|offices|house|employees|workers|ministers?|media|sources?|"
    r"critics|supporters|headquarters|hospital|camp|base|barracks|chief|commander)\b"
)

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
    r"(?:'s|’s)?\s+(?:fighters|militants|forces|troops|rebels|members|insurgents|jihadists|"
    r"gunmen|units|militia|militiamen|suicide\s+bombers?|bombers?|commanders?|leaders?|"
    r"snipers?|attackers|cells?|operatives|loyalists|supporters)\b",
    re.IGNORECASE,
)


def _country_forms(dictionary: ActorDictionary) -> list[list[str]]:
    """Surface forms of each country as written (not lower-cased), for acronyms."""
    by_iso: dict[str, list[str]] = {}
    for form, iso in dictionary.demonym_forms.items():
        by_iso.setdefault(iso, []).append(form)
    return list(by_iso.values())


def _key(alias: str) -> str:
    return " ".join(alias.replace("’", "'").replace("-", " ").split()).lower()


def _preceding_word(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z][\w.]*)\s+$", text[max(0, pos - 30) : pos])
    return m.group(1) if m else ""


def _preceded_by_determiner(text: str, pos: int) -> bool:
    w = _preceding_word(text, pos).lower()
    return w in {"the", "its", "their", "his", "her", "whose", "by", "of"}
