"""Finding place names in a parsed document.

spaCy's small model mislabels many places (Palmyra as PERSON, al-Bab as ORG), so candidates
come from two sources: the NER's GPE/LOC/FAC entities, and a gazetteer matcher over runs of
capitalised words (1-4 words, lowercase articles and connectors allowed inside: "Deir ez-Zor",
"Ras al-Ain", "Dayr az Zawr"; a trailing designation: "Anbar province"). Candidates are then
filtered: common English words, months and weekdays, nationality adjectives, titles and person
names, spans claimed by actor names. A candidate with weak support (only the matcher found it,
or the NER called it a person) is kept when its name has strong support elsewhere in the
document, when it names a large place, or when one of its places lies in a country the
document talks about.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tadmor.geo.gazetteer import Gazetteer
from tadmor.geo.hierarchy import NESTED_LABEL, nested_names
from tadmor.geo.namecues import (
    DAYS_AND_MONTHS,
    OFFICES,
    inside_longer_name,
    opens_institution,
    person_words,
    speech_cue,
)
from tadmor.geo.normalize import (
    DESIGNATIONS,
    demonym_continent,
    demonym_country,
    name_key,
    normalize_name,
    singular,
    split_designation,
)
from tadmor.geo.spans import SpanSet
from tadmor.geo.worlddata import ca_province_name, us_state_code
from tadmor.model import Evidence, Mention, MentionKind, ParsedDoc, Place, Token

MAX_WORDS = 4
LARGE_PLACE = 100_000  # population above which a weakly supported name is still taken
_HYPHENS = frozenset({"-", "‐", "‑", "–"})
_HYPHEN_PIECES = re.compile("[^" + "".join(re.escape(h) for h in sorted(_HYPHENS)) + "]+")
_NER_PLACE = frozenset({"GPE", "LOC", "FAC"})
# Lowercase words allowed inside a multi-word name.
_CONNECTORS = frozenset(
    {"al", "el", "ul", "ad", "ar", "as", "at", "az", "ash", "an", "ed", "er", "es", "ez", "et"}
    | {"en", "de", "del", "da", "di", "du", "la", "le", "les", "los", "las", "bin", "ibn"}
    | {"bani", "abu", "umm", "wa", "y", "sur", "am", "upon", "on"}
)
# Connectors that are also English words: a name never starts with them ("At Raqqa").
_ENGLISH_CONNECTORS = frozenset(
    {"at", "as", "an", "en", "et", "on", "upon", "am", "la", "le", "de", "da", "di", "du", "y"}
    | {"wa", "sur", "des", "del", "los", "las", "les", "bin", "ibn", "abu", "umm", "bani"}
)
_LOCATIVE = frozenset(
    {"in", "near", "at", "from", "to", "into", "outside", "around", "toward", "towards", "across"}
    | {"inside", "through", "within", "via", "of", "between", "entered", "captured", "seized"}
    | {"retook", "besieged", "stormed", "shelled", "bombed", "hit", "reached", "took", "recaptured"}
)
# Locative words that also take people ("the wife of Jones", "a letter to Brown"): against a
# person cue they make a name a place unless a word that takes people comes before them.
_WEAK_LOCATIVE = frozenset({"of", "from", "to", "between", "took"})
# Words after which "of", "from" and "to" take people ("the wife of Jones", "said of Moore").
_PERSON_NOUNS = frozenset(
    {"wife", "husband", "son", "daughter", "mother", "father", "brother", "sister", "family"}
    | {"friend", "friends", "widow", "children", "parents", "lawyer", "attorney", "statement"}
    | {"letter", "death", "arrest", "appointment", "campaign", "supporters", "said", "spoke"}
    | {"thought", "heard", "wrote", "asked", "told", "talked", "spoken", "written", "sent"}
    | {"behalf", "memory", "honor", "honour", "office", "aide", "aides", "spokesman", "team"}
)
_TITLES = frozenset(
    {"president", "mr", "mrs", "ms", "miss", "dr", "gen", "general", "col", "colonel", "lt"}
    | {"lieutenant", "maj", "major", "capt", "captain", "sgt", "sergeant", "adm", "admiral"}
    | {"commander", "cmdr", "minister", "premier", "king", "queen", "prince", "princess"}
    | {"sheikh", "shaikh", "sheik", "emir", "imam", "ayatollah", "mullah", "pope", "bishop", "rev"}
    | {"reverend", "father", "sen", "senator", "rep", "gov", "governor", "mayor", "spokesman"}
    | {"spokeswoman", "spokesperson", "chairman", "secretary", "envoy", "ambassador", "judge"}
    | {"sultan", "caliph", "pm", "chief", "leader", "saint", "brig", "brigadier", "marshal"}
    | {"sir", "lord", "lady", "dame", "mufti", "cleric", "journalist", "reporter", "correspondent"}
    | {"coach", "pastor", "detective", "deputy", "officer", "trooper", "attorney", "dean"}
    | {"professor", "prof", "sister", "brother", "nurse", "doctor", "coroner", "councilman"}
    | {"councilwoman", "commissioner", "superintendent", "principal", "manager", "director"}
)
_CALENDAR = DAYS_AND_MONTHS | (
    {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
    | {"mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun"}
    | {"ramadan", "eid", "christmas", "easter", "spring", "summer", "autumn", "winter"}
    | {"passover", "pentecost", "lent", "advent", "hanukkah", "thanksgiving", "halloween"}
)
# Common English words (and conflict vocabulary) that GeoNames also knows as places.
_STOP_WORDS = """of the a an and or but in on at to for from by with as is was are be it its
    he she they we
    you i this that these those there here then than so if no not yes all any some many much more
    most few one two three four five six seven eight nine ten first second third last next new
    old man men woman women people police army military forces force troops mission victory aid
    hope peace war battle front state government regime rebels rebel opposition council ministry
    minister president general security defence defense interior national union coalition alliance
    brigade brigades division corps guard guards party movement group islamic islam muslim
    christian arab arabs kurds kurdish sunni shia shiite alawite jihad daesh news press agency
    times post media observatory report north south east west northern southern eastern western
    central middle upper lower day night today yesterday tomorrow morning evening week month year
    god allah prophet mosque church city town village province district region country capital
    border road highway airport base camp hospital school university market bridge river lake
    mountain valley desert sea gulf island bay port station field oil gas water power energy fire
    air land home house world global international united nations red white black green blue gold
    golden silver star sun moon liberty freedom justice independence unity progress republic
    kingdom democratic federal royal supreme high great grand little big long good best free
    mount fort cape point said says told added according however meanwhile also while after before
    during since until when where why how what who which mr mrs dr sir king queen prince sheikh
    imam pope father mother son daughter brother sister family friend friends official officials
    source sources witness witnesses resident residents fighter fighters commander leader chief
    spokesman video photo images image statement twitter telegram facebook online internet
    english arabic french turkish persian russian hebrew kurdish page pages read more share
    ceasefire truce deal talks conference summit convoy offensive operation attack attacks strike
    strikes airstrike airstrikes raid raids clash clashes siege control support joint special
    republican democrat democrats republicans liberal conservative labour socialist communist
    independent green greens western eastern orient occidental union
    arctic atlantic pacific mediterranean caribbean levant
    balkans caucasus sahel maghreb orient east west
    northeast northwest southeast southwest metro commerce mart
    northeastern northwestern southeastern southwestern"""
_STOP = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True, slots=True)
class _Word:
    """A run of tokens joined by hyphens with no space ("al-Raqqa", "ez-Zor")."""

    start: int
    end: int
    text: str
    first_token: int


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    key: str
    ner: str = ""  # NER place label that supports it
    strong: bool = False
    n_words: int = 1
    cue: bool = False  # a person or longer-name cue ("Moore said", "Ann Moore" elsewhere)
    # opens an institution's name ("Lee Academy"): no place unless the name is one elsewhere,
    # yet still a hint of the country the text is about ("Members of the Muskingum College")
    institution: bool = False


def _words(parsed: ParsedDoc) -> list[_Word]:
    toks = parsed.tokens
    text = parsed.doc.text
    out: list[_Word] = []
    i = 0
    while i < len(toks):
        j = i
        while (
            j + 2 < len(toks)
            and toks[j + 1].text in _HYPHENS
            and toks[j + 1].start == toks[j].end
            and toks[j + 2].start == toks[j + 1].end
            and toks[j + 2].text[:1].isalpha()
        ):
            j += 2
        start, end = toks[i].start, toks[j].end
        # "Raqqa-based": a trailing lowercase part that is no article is not part of the name
        if j > i and toks[j].text.islower() and toks[j].text not in _CONNECTORS:
            while j > i and toks[j].text.islower() and toks[j].text not in _CONNECTORS:
                j -= 2
            end = toks[j].end
            out.append(_Word(start, end, text[start:end], i))
            i = j + 1
            continue
        out.append(_Word(start, end, text[start:end], i))
        i = j + 1
    return out


def _core(word: str) -> str:
    """The word without a leading article: "al-Raqqa" -> "Raqqa"."""
    head, sep, rest = word.partition("-")
    if sep and head.lower() in _CONNECTORS and rest:
        return rest
    return word


def _capitalised(word: str) -> bool:
    core = _core(word)
    return core[:1].isupper() and any(c.isalpha() for c in core)


def _alnum(word: str) -> bool:
    return word[:1].isalnum()


# English words inside a few names of countries and provinces: "Trinidad and Tobago",
# "Newfoundland and Labrador", "Saint Vincent and the Grenadines".
_INNER_WORDS = frozenset({"and", "the"})


def _matcher(parsed: ParsedDoc, words: list[_Word], gazetteer: Gazetteer) -> list[_Candidate]:
    out: list[_Candidate] = []
    text = parsed.doc.text
    i = 0
    while i < len(words):
        low = words[i].text.lower()
        if (
            not _capitalised(words[i].text)
            or low in _ENGLISH_CONNECTORS
            or low == "the"  # "The Winston-Salem": the name starts after the article
            or (low in _CONNECTORS and i + 1 < len(words) and not _capitalised(words[i + 1].text))
        ):
            i += 1
            continue
        found: _Candidate | None = None
        last = min(len(words), i + MAX_WORDS)
        span = [i]
        for j in range(i + 1, last):  # extend over capitalised words and connectors
            w = words[j].text
            if not _alnum(w) or words[j].start - words[j - 1].end > 1:
                break
            inner = w.lower() in _INNER_WORDS and j + 1 < last and _capitalised(words[j + 1].text)
            if not (
                _capitalised(w) or w.lower() in _CONNECTORS or w.lower() in DESIGNATIONS or inner
            ):
                break
            span.append(j)
        for j in reversed(span):
            w = words[j].text
            if j > i and not (_capitalised(w) or w.lower() in DESIGNATIONS):
                continue
            key = normalize_name(text[words[i].start : words[j].end])
            if key and gazetteer.has_key(key):
                found = _Candidate(words[i].start, words[j].end, key, n_words=j - i + 1)
                i = j
                break
        if found is not None:
            out.append(found)
        i += 1
    return out


# A place's own office or body after its name: "DeKalb City Council", "Alexandria Police",
# "Illinois State Police", "Torrington firefighters", "Northern Illinois University"; and its
# people, as local headlines write them ("Lancaster woman wins", "Sycamore family serving").
_OFFICE_AFTER = re.compile(
    r"\s(?:(?:City|County|State|Town|Village|Township|Borough|Parish)\s+)?"
    r"(?:Police|Sheriff|Fire|Council|Commission(?:ers?)?|Mayor|School|Schools|University"
    r"|College|Board|Department|Courthouse|City Hall|firefighters|police|officials|residents"
    r"|council|schools|man|woman|men|women|teen|teens|boy|girl|family|couple|native|students"
    r"|Superior Court|Municipal Court|Circuit Court|District Court|Court|Elementary"
    r"|High School|Middle School|attorney|mayor|pub)\b"
)
_NEXT_WORD = re.compile(r"\s[A-Z][\w'’-]*")
_PARTY_TAGS = frozenset({"D", "R", "I", "DFL", "GOP", "Ind", "Dem", "Rep"})


def _hyphen_parts(
    parsed: ParsedDoc, words: list[_Word], gazetteer: Gazetteer, found: list[_Candidate]
) -> list[_Candidate]:
    """Names inside hyphenated words that are no name as a whole: "Fargo-Moorhead",
    "EU-Israel summit", and a legislator's home town after a party tag ("R-Elbow Lake",
    "D-Columbus", taken as places)."""
    text = parsed.doc.text
    out: list[_Candidate] = []
    claimed = SpanSet((c.start, c.end) for c in found)
    for i, w in enumerate(words):
        if "-" not in w.text or claimed.covers(w.start):
            continue
        pieces = list(_HYPHEN_PIECES.finditer(w.text))
        if len(pieces) < 2 or not all(_capitalised(m.group()) for m in pieces):
            continue
        if pieces[0].group() in _PARTY_TAGS:
            start = w.start + pieces[1].start()
            best: _Candidate | None = None
            for j in range(i, min(len(words), i + MAX_WORDS)):
                gap = words[j].start - words[j - 1].end if j > i else 0
                if j > i and (not _capitalised(words[j].text) or gap > 1):
                    break
                key = normalize_name(text[start : words[j].end])
                if key and gazetteer.has_key(key):
                    best = _Candidate(start, words[j].end, key, strong=True, n_words=j - i + 1)
            if best is not None:
                out.append(best)
            continue
        for m in pieces:
            key = normalize_name(m.group())
            if len(m.group()) > 1 and key and gazetteer.has_key(key):
                out.append(_Candidate(w.start + m.start(), w.start + m.end(), key))
    return out


def _ner_candidates(parsed: ParsedDoc, gazetteer: Gazetteer) -> list[_Candidate]:
    out = []
    for e in parsed.entities:
        if e.label not in _NER_PLACE:
            continue
        quote, start = e.evidence.quote, e.evidence.start
        if quote[:4] in ("The ", "the ") and len(quote) > 4:  # "The Winston-Salem"
            quote, start = quote[4:], start + 4
        key = normalize_name(quote)
        if key and gazetteer.has_key(key):
            n = len(quote.split())
            out.append(_Candidate(start, e.evidence.end, key, ner=e.label, n_words=n))
    return out


def _merge(cands: list[_Candidate]) -> list[_Candidate]:
    """Longest span first, NER-supported first on ties; overlapping shorter ones dropped.

    The kept spans never overlap, so they are kept sorted by start: the only kept span that
    can overlap a new one is the last that starts before the new one ends (its end is the
    largest of those). O(n log n) plus list inserts, not O(n^2) comparisons."""
    order = sorted(cands, key=lambda c: (-(c.end - c.start), c.ner == "", c.start))
    starts: list[int] = []
    kept: list[_Candidate] = []  # sorted by start, pairwise disjoint
    for c in order:
        k = bisect.bisect_left(starts, c.end)
        clash = kept[k - 1] if k and kept[k - 1].end > c.start else None
        if clash is None:
            starts.insert(k, c.start)
            kept.insert(k, c)
        elif clash.start == c.start and clash.end == c.end and c.ner and not clash.ner:
            clash.ner = c.ner
    return kept


def _firm_locative(text: str, start: int, end: int, prev: str) -> bool:
    """The word before the name makes it a place even against a person cue: "in Moore said",
    "the edge of Beledweyne"; a weak locative not before a possessive ("said of Jones'
    appointment") nor after a word that takes people ("the wife of Jones", "a letter to Brown")."""
    if prev not in _LOCATIVE:
        return False
    if prev not in _WEAK_LOCATIVE:
        return True
    if text.startswith(("'", "’"), end):
        return False
    before = text[max(0, start - 60) : start].rstrip()
    before = before[: len(before) - len(prev)].rstrip() if before.lower().endswith(prev) else ""
    words = before.split()
    return not (words and words[-1].lower().strip(",.\"'“”") in _PERSON_NOUNS)


def _prev_word(text: str, start: int) -> str:
    before = text[max(0, start - 40) : start].rstrip()
    parts = before.replace(".", " ").split()
    return parts[-1].lower().strip("\"'“”‘’(") if parts else ""


def document_countries(parsed: ParsedDoc, gazetteer: Gazetteer) -> dict[str, int]:
    """ISO2 -> how often the document names the country or its nationality ("Syrian army")."""
    counts: dict[str, int] = {}
    toks = parsed.tokens
    for k, t in enumerate(toks):
        if not t.text[:1].isupper():
            continue
        cc = None
        if k + 1 < len(toks) and toks[k + 1].text[:1].isupper():
            cc = demonym_country(f"{t.text} {toks[k + 1].text}")
        cc = cc or demonym_country(t.text)
        if cc:
            counts[cc] = counts.get(cc, 0) + 1
    for e in parsed.entities:
        if e.label in _NER_PLACE:
            p = gazetteer.country_by_name(e.evidence.quote)
            if p is not None:
                counts[p.country_code] = counts.get(p.country_code, 0) + 1
    return counts


def find_toponyms(
    parsed: ParsedDoc,
    gazetteer: Gazetteer,
    *,
    exclude: Sequence[tuple[int, int]] = (),
    demonyms: bool = False,
) -> list[Mention]:
    """Place-name mentions (kind PLACE, ``norm`` = the gazetteer key) in document order.

    US state abbreviations count right after "Town, " ("Wichita, Kan."). With ``demonyms``,
    nationality and continent adjectives ("Iraqi", "European") are mentions too (label
    ``"demonym"``; the resolver gives them the country or continent): gold corpora annotate
    them as toponyms, while event locations should not come from them."""
    text = parsed.doc.text
    words = _words(parsed)
    matched = _matcher(parsed, words, gazetteer)
    matched += _hyphen_parts(parsed, words, gazetteer, matched)
    cands = _merge(_ner_candidates(parsed, gazetteer) + matched)
    by_start: dict[int, Token] = {t.start: t for t in parsed.tokens}
    sentence_starts = {s.start for s in parsed.sentences}
    lower_words = {t.text for t in parsed.tokens if t.text.islower()}
    persons = _Persons(
        [
            (e.evidence.start, e.evidence.end, e.evidence.quote)
            for e in parsed.entities
            if e.label == "PERSON"
        ]
    )
    by_end: dict[int, Token] = {t.end: t for t in parsed.tokens}
    pwords = person_words(parsed)
    excluded = SpanSet(exclude)
    kept: list[_Candidate] = []
    for c in cands:
        span = (c.start, c.end)
        surface = text[c.start : c.end]
        if excluded.overlaps(span):
            continue
        if c.key in _STOP or c.key in _CALENDAR or demonym_country(c.key):
            continue
        if surface.lower() in _CONNECTORS:  # a lone article ("Al Habbaniya town") is no Ål
            continue
        nxt = _NEXT_WORD.match(text, c.end)
        if nxt and demonym_country(text[c.start : nxt.end()]):
            continue  # "Sri" of "Sri Lankan" is no town
        dateline = _dateline(text, c.start, c.end)
        if surface.isupper() and len(surface) <= 4 and not _is_area(c.key, gazetteer):
            continue  # acronyms ("EU", "SA") are organisations, not towns
        prev = _prev_word(text, c.start)
        if prev in _TITLES:
            continue
        if dateline or c.strong:  # "BEIRUT:", "TORRINGTON --"; "Rep. Ann Lee, R-Elbow Lake"
            c.strong = True
            kept.append(c)
            continue
        if _inside_person(span, persons, text):
            continue
        tok = by_start.get(c.start)
        first_of_sentence = c.start in sentence_starts or (
            tok is not None and tok.i > 0 and parsed.tokens[tok.i - 1].text in {'"', "“", "'"}
        )
        single = c.n_words == 1 and " " not in c.key
        if single and surface.lower() in lower_words and not c.ner:
            continue  # "Mission" where the text also says "mission"
        office = _OFFICE_AFTER.match(text, c.end) is not None
        pos = tok.pos if tok is not None and single and not c.ner and not office else "PROPN"
        if first_of_sentence and pos != "PROPN":
            continue
        if pos in _NON_NAME_POS:
            continue
        person_tagged = tok is not None and tok.ent_type == "PERSON"
        designated = split_designation(surface).designation != ""
        end_tok = by_end.get(c.end)
        if tok is not None and end_tok is not None and not designated:
            sent = parsed.sentence_of(c.start)
            s0 = sent.token_start if sent else 0
            # "Census Bureau", "United Russia"; "Moore said", "Ann Moore" ... "Moore"
            c.institution = (
                not c.ner
                and opens_institution(parsed, last=end_tok.i)
                and not _large_or_area(c.key, gazetteer)
            )
            c.cue = (not c.ner and inside_longer_name(parsed, first=tok.i, sentence_start=s0)) or (
                single
                and not (_firm_locative(text, c.start, c.end, prev) and not first_of_sentence)
                and (
                    (
                        speech_cue(parsed, first=tok.i, last=end_tok.i)
                        and not _speaks(c.key, gazetteer)
                    )
                    or (c.key in pwords and not c.ner)
                    # "Brown" tagged a person: a small town only where the text makes it one
                    or (
                        person_tagged
                        and not c.ner
                        and not office  # "Elkins Fire Chief Dan Hale" tagged a person
                        and not _large_or_area(c.key, gazetteer)
                    )
                )
            )
        c.strong = not c.cue and (
            (bool(c.ner) and not person_tagged)
            or designated
            or (prev in _LOCATIVE and not first_of_sentence)
            or gazetteer.country_by_name(surface) is not None
            or office
        )
        kept.append(c)
    kept = _support(kept, parsed, gazetteer)
    kept = _nested(parsed, kept, gazetteer, excluded, persons)
    # a state abbreviation beats a weak town of the same letters ("Mobile, Ala." is no Ala)
    abbreviations = _abbreviations(parsed, [c for c in kept if c.strong], exclude)
    spans = [(a.start, a.end) for a in abbreviations]
    abbreviated = SpanSet(spans)
    kept = [c for c in kept if not abbreviated.overlaps((c.start, c.end))]
    kept += abbreviations
    if demonyms:
        kept += _demonyms(parsed, kept, gazetteer, exclude)
    kept.sort(key=lambda c: c.start)
    return [
        Mention(
            kind=MentionKind.PLACE,
            evidence=Evidence.of(parsed.doc, c.start, c.end),
            label=c.ner or "gazetteer",
            norm=c.key,
        )
        for c in kept
    ]


def _nested(
    parsed: ParsedDoc,
    kept: list[_Candidate],
    gazetteer: Gazetteer,
    excluded: SpanSet,
    persons: _Persons,
) -> list[_Candidate]:
    """Names the text puts inside a named area or near a named place that the gazetteer
    does not know by that spelling ("Sakrana village, Anbar province"): the resolver looks
    for them under other spellings there, else places them at that area."""
    text = parsed.doc.text
    containers = [(c.start, c.end, _level(c, text, gazetteer)) for c in kept if c.strong or c.ner]
    spans: list[tuple[int, int]] = []
    for start, end in nested_names(text, containers, _NO_NAME_START):
        key = normalize_name(text[start:end])
        if not key or key in _STOP or key in _CALENDAR or demonym_country(key):
            continue
        first = key.split()[0]
        if first in _COMMUNITIES or demonym_country(first):  # "a Shiite-populated village"
            continue
        if excluded.overlaps((start, end)) or _inside_person((start, end), persons, text):
            continue
        spans.append((start, end))
    if not spans:
        return kept
    # a known word inside a longer nested name is part of it ("Wadi" of "Wadi Sakran")
    ends: dict[int, int] = {}
    for s, e in spans:
        ends[s] = max(e, ends.get(s, 0))

    def within_longer(c: _Candidate) -> bool:
        for s in range(max(0, c.start - MAX_NESTED), c.start + 1):
            e = ends.get(s, -1)
            if c.end <= e and (s, e) != (c.start, c.end):
                return True
        return False

    kept = [c for c in kept if not within_longer(c)]
    taken = SpanSet((c.start, c.end) for c in kept)
    out: list[_Candidate] = []
    for span in spans:
        if not taken.overlaps(span):
            taken.add(span)
            key = normalize_name(text[span[0] : span[1]])
            out.append(_Candidate(span[0], span[1], key, ner=NESTED_LABEL, strong=True))
    return kept + out


def _level(c: _Candidate, text: str, gazetteer: Gazetteer) -> int:
    """2: a designated area or a country ("Marib province", "Mali"); 1: another area; 0."""
    if split_designation(text[c.start : c.end]).designation in ("admin1", "admin"):
        return 2
    if gazetteer.country_by_name(text[c.start : c.end]) is not None:
        return 2
    return 1 if _is_area(c.key, gazetteer) else 0


# Words for communities that open descriptions, not names ("a Shiite-populated village").
_COMMUNITIES = frozenset(
    {"shiite", "shia", "sunni", "alawite", "kurdish", "christian", "muslim", "arab", "yazidi"}
    | {"druze", "turkmen", "assyrian", "chaldean", "tribal", "pashtun", "tajik", "hazara"}
    | {"somali", "fulani", "hausa", "tuareg", "arab-populated", "government", "rebel", "army"}
)
MAX_NESTED = 160  # characters: a nested name is shorter (hierarchy.nested_names looks 120 back)
_NO_NAME_START = _STOP | _CALENDAR | _TITLES | {"on", "in", "at", "the"}

# The gap between two names of a list: ", ", ", and ", " and ", " or ".
COORDINATION = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)$")
_NON_NAME_POS = frozenset(
    {"ADJ", "VERB", "ADV", "ADP", "DET", "PRON", "AUX", "CCONJ", "SCONJ", "NUM", "PART", "INTJ"}
)


def _is_area(key: str, gazetteer: Gazetteer) -> bool:
    return any(
        p.feature_class == "A" or p.feature_code in ("CONT", "RGN")
        for p in gazetteer.lookup_key(key)
    )


def _large_or_area(key: str, gazetteer: Gazetteer) -> bool:
    """A city of at least ``LARGE_PLACE`` people, a province or a country: "Boston University"
    still names Boston, "Lee Academy" no town Lee."""
    return any(
        p.feature_code in ("ADM1", "PCLI") or p.population >= LARGE_PLACE
        for p in gazetteer.lookup_key(key)
    )


def _speaks(key: str, gazetteer: Gazetteer) -> bool:
    """A country or province can say things through its government ("Georgia said")."""
    return any(p.feature_code in ("PCLI", "ADM1") for p in gazetteer.lookup_key(key))


_FIRST_WORD = re.compile(r"\s*(\S+)")


class _Persons:
    """The document's PERSON entities, sorted by start, for overlap queries in O(log n), each
    with its end without a trailing "'s" ("Sri Lanka's" tagged as a person) and whether it has
    two or more name words (connectors aside), both computed once per entity.

    spaCy's entities do not overlap, so their ends are sorted too: the entities that overlap a
    span are a run that ends with the last one starting before the span ends."""

    def __init__(self, persons: Sequence[tuple[int, int, str]]) -> None:
        self.items: list[tuple[int, int, bool]] = []
        for start, end, quote in sorted(persons):
            if quote.endswith(("'s", "’s")):
                quote, end = quote[:-2], end - 2
            n = 0
            for w in quote.replace("-", " ").split():
                n += w.lower() not in _CONNECTORS
                if n >= 2:
                    break
            self.items.append((start, end, n >= 2))
        self.starts = [p[0] for p in self.items]
        self.ends = list(itertools.accumulate((p[1] for p in self.items), max))

    def overlapping(self, span: tuple[int, int]) -> list[tuple[int, int, bool]]:
        k = bisect.bisect_left(self.starts, span[1])
        first = bisect.bisect_right(self.ends, span[0], 0, k)
        return [p for p in self.items[first:k] if p[1] > span[0]]


def _inside_person(span: tuple[int, int], persons: _Persons, text: str) -> bool:
    """Part of a longer person name ("Bashar al-Assad"), unless it is the whole entity or an
    office follows it ("Anderson County Sheriff Greg Taylor", "Huntsville Fire Chief")."""
    for start, end, two_words in persons.overlapping(span):
        if start < span[0] or end > span[1]:
            nxt = _FIRST_WORD.match(text, span[1], max(span[1], end))
            if nxt and nxt.group(1).lower().strip(".,") in OFFICES | _TITLES:
                return False
            if two_words and start <= span[0] and span[1] <= end:
                return True
    return False


_DATELINE_AFTER = re.compile(
    r"(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*(?:\([A-Za-z. ]{1,20}\))?\s*(?::|--|—|–|\x97|-\s)"
)


def _dateline(text: str, start: int, end: int) -> bool:
    """An upper-case name that opens a line or a sentence and is followed by a colon or a dash,
    maybe after ", State" and an agency: a dateline ("BEIRUT:", "PARIS, Texas (AP) --")."""
    surface = text[start:end]
    if not surface.isupper() or len(surface) < 3:
        return False
    before = text[max(0, start - 3) : start].rstrip(" ")
    if before and not before.endswith((".", "\n", "!", "?", *"0123456789")):
        return False  # after a sentence, a line, or a byline's date ("March 29, 2009 PATASKALA --")
    return _DATELINE_AFTER.match(text, end) is not None


def _support(cands: list[_Candidate], parsed: ParsedDoc, gazetteer: Gazetteer) -> list[_Candidate]:
    """Keep weak candidates whose name is strong elsewhere, large, or in a context country."""
    text = parsed.doc.text
    for a, b in itertools.pairwise(cands):  # "shelled Dayr az Zawr and Ras al-Ain"
        if a.strong and not b.strong and COORDINATION.match(text[a.end : b.start]):
            b.strong = True
    strong_keys = {c.key for c in cands if c.strong and not c.institution}
    countries = set(document_countries(parsed, gazetteer))
    for c in cands:
        if c.strong:
            places = gazetteer.lookup_key(c.key)
            countries |= {p.country_code for p in places if p.feature_code == "PCLI"}
            if places:  # the country of the most populous place of a strong name
                countries.add(places[0].country_code)
    out = []
    for c in cands:
        if c.cue or c.institution:  # "Moore said": a place only where the text calls it one
            if c.key in strong_keys:
                out.append(c)
            continue
        if c.strong or c.key in strong_keys:
            out.append(c)
            continue
        places = gazetteer.lookup_key(c.key)
        if any(
            (p.population >= LARGE_PLACE and p.feature_class == "P")
            or p.feature_code in ("CONT", "RGN")
            for p in places
        ) or any(p.country_code in countries for p in places):
            out.append(c)
    return out


_AFTER_TOWN = re.compile(r"[A-Z][\w.'-]*,\s*$")
_ABBREVIATION = re.compile(r"(?:[A-Z][a-z]{0,4}\.?(?:\s?[A-Z][a-z]?\.)?|[A-Z]{2})(?![\w])")
_INITIALS = re.compile(r"[A-Z]\.\s?[A-Z][a-z]?\.$")  # "S.C.", "N.J.", "W. Va."
_NEAR_NUMBER = re.compile(r"\d\s*(?:B\.?C\.?)|(?:B\.?C\.?)\s*\d")  # "500 BC", "BC 44"
_LOWER_NEXT = re.compile(r" [a-z]{3,}\b")  # "Mass. legislators", "avoiding Ind. tax"
_PARTY_TAG = re.compile(r"\b[DRI]-$")  # "Rep. James Clyburn, D-S.C."


# Cities written with their initials (the regular expression above reads two letters).
_CITY_INITIALS = {"L.A.": "Los Angeles"}


def _abbreviations(
    parsed: ParsedDoc, kept: list[_Candidate], exclude: Sequence[tuple[int, int]]
) -> list[_Candidate]:
    """US state abbreviations: right after "Town, " ("Wichita, Kan.", "Elkins, W. Va."), in a
    party tag ("D-Mass."), after a locative word ("in Ga."), and dotted initials anywhere
    ("the S.C. Highway Patrol", "Washington D.C."); and cities' initials ("L.A.")."""
    text = parsed.doc.text
    taken = SpanSet([(c.start, c.end) for c in kept] + list(exclude))
    out: list[_Candidate] = []
    for k in range(len(parsed.tokens)):
        t = parsed.tokens[k]
        if not t.text[:1].isupper():
            continue  # abbreviations are capitalised, party tags too ("D-Mass.")
        start = t.start
        if _PARTY_TAG.search(text[max(0, start - 3) : start]) is None and "-" in t.text[:2]:
            start += t.text.index("-") + 1  # "D-S.C." as one token
        m = _ABBREVIATION.match(text, start)
        if m is None or not text[start : start + 1].isupper():
            continue
        surface = m.group().rstrip()
        city = _CITY_INITIALS.get(surface)
        if city is not None:  # "L.A. police"
            span = (start, start + len(surface))
            if not taken.overlaps(span):
                taken.add(span)
                out.append(_Candidate(span[0], span[1], normalize_name(city), strong=True))
            continue
        code = us_state_code(surface)
        province = ca_province_name(surface)
        if code is None and province is None:
            continue
        before = text[max(0, start - 40) : start]
        prev = parsed.tokens[k - 1].text if k else ""
        if province is not None and code is None:
            alone = province == "British Columbia" and not _NEAR_NUMBER.search(
                text[max(0, start - 6) : start + len(surface) + 6]
            )
            if not (alone or (prev == "," and _AFTER_TOWN.search(before))):
                continue
        elif not (
            (prev == "," and _AFTER_TOWN.search(before))
            or _PARTY_TAG.search(before)
            or (_INITIALS.match(surface) and not before.rstrip().endswith(tuple("0123456789")))
            or ("." in surface and prev.lower() in {"in", "of", "from", "to", "near"})
            or ("." in surface and _LOWER_NEXT.match(text, start + len(surface)) is not None)
        ):
            continue
        span = (start, start + len(surface))
        if taken.overlaps(span):
            continue
        taken.add(span)
        out.append(_Candidate(span[0], span[1], normalize_name(surface), ner="", strong=True))
    return out


_WATERS = frozenset({"Ocean", "Sea", "Gulf", "Peninsula", "Desert"})


def _demonyms(
    parsed: ParsedDoc,
    kept: list[_Candidate],
    gazetteer: Gazetteer,
    exclude: Sequence[tuple[int, int]],
) -> list[_Candidate]:
    """Nationality and continent adjectives ("Syrian", "South African", "European"), also
    inside actor names ("the Syrian army"), and country names inside actor names ("US
    forces"): the country such a name modifies is a toponym to the gold corpora."""
    toks = parsed.tokens
    taken = SpanSet((c.start, c.end) for c in kept)
    excluded = SpanSet(exclude)
    out: list[_Candidate] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        if not t.text[:1].isupper():
            k += 1
            continue
        end, n = t.end, 1
        if k + 1 < len(toks) and toks[k + 1].text[:1].isupper():
            two = f"{t.text} {toks[k + 1].text}"
            if (
                demonym_country(two)
                or demonym_continent(two)
                or (gazetteer.country_by_name(two) is not None and excluded.covers(t.start))
            ):
                end, n = toks[k + 1].end, 2
        surface = parsed.doc.text[t.start : end]
        if k + n < len(toks) and toks[k + n].text in _WATERS:
            k += n  # "Indian Ocean", "Arabian Sea": no nationality
            continue
        adjective = bool(demonym_country(surface) or demonym_continent(surface))
        adjective = adjective or province_demonym(surface, gazetteer) is not None
        country = (
            not adjective
            and excluded.covers(t.start)
            and gazetteer.country_by_name(surface) is not None
        )
        if (adjective or country) and not taken.overlaps((t.start, end)):
            label = "demonym" if adjective else "modifier"
            out.append(_Candidate(t.start, end, normalize_name(surface), ner=label))
        k += n
    return out


# Words shaped like a province's people that mean something else ("Victorian houses").
_NOT_PROVINCE_PEOPLE = frozenset({"victorian", "victorians", "christian", "christians", "roman"})
_PEOPLE_SUFFIXES = ("ian", "an", "n", "er")
PEOPLE_PROVINCE = 1_000_000  # only provinces this large have a word for their people here
_STEM_ENDINGS = ("", "a", "o", "s", "y", "ia", "io")


def province_demonym(word: str, gazetteer: Gazetteer) -> Place | None:
    """The first-level province whose people a word names, or None: "Ohioans" -> Ohio,
    "Texan" -> Texas, "Kentuckian" -> Kentucky, "Ontarians" -> Ontario (the most populous
    province of that name, of a million people or more). Countries' nationality words and
    words that are place names themselves ("Sudan") are not provinces' people."""
    w = word.strip()
    if not w[:1].isupper() or w.lower() in _NOT_PROVINCE_PEOPLE or demonym_country(w):
        return None
    if gazetteer.has_key(normalize_name(w)):  # "Sudan", "Jordan" are places themselves
        return None
    w = singular(w) or w
    for suffix in _PEOPLE_SUFFIXES:
        if not w.endswith(suffix) or len(w) - len(suffix) < 3:
            continue
        stem = w[: -len(suffix)]
        for ending in _STEM_ENDINGS:
            provinces = [
                p
                for p in gazetteer.lookup(stem + ending)
                if p.feature_code == "ADM1"
                and p.population >= PEOPLE_PROVINCE
                and name_key(p.name) == name_key(stem + ending)
            ]
            if provinces:
                return max(provinces, key=lambda p: p.population)
    return None
