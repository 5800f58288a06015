"""Cues in the text around a capitalised word that say it is no place name here.

* a person: the word is part of a longer person name elsewhere in the document ("Ann Moore"
  ... "Moore"), or a speech verb follows or precedes it ("Moore said", "said Moore");
* part of a longer proper name: the word ends a run of capitalised words that is no place
  name as a whole ("Concordia College", "Census Bureau", "United Russia", "Memorial Park"),
  unless the words before it only qualify a place ("Northern Virginia", "Downtown Dallas");
  or it opens the name of an institution ("Lee Academy", "Cornell University"), which is
  often a person's name.

A weakly supported candidate with such a cue is dropped by the recogniser; the cues never
decide for a name the text marks as a place ("Moore County", "in Moore").
"""

from __future__ import annotations

import re

from tadmor.model import ParsedDoc

# Verbs of saying that follow or precede a speaker's surname.
SPEECH_VERBS = frozenset(
    {"said", "says", "told", "added", "explained", "noted", "stated", "recalled", "asked"}
    | {"wrote", "argued", "insisted", "replied", "continued", "acknowledged", "agreed"}
    | {"testified", "commented", "exclaimed", "remarked", "announced", "warned", "believes"}
)
# Words that qualify a place name before it without making a new name ("Northern Virginia").
QUALIFIERS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"}
    | {"northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern"}
    | {"southeastern", "southwestern", "greater", "downtown", "metro", "metropolitan", "upper"}
    | {"lower", "inner", "outer", "mid", "middle", "upstate", "downstate", "rural", "urban"}
    | {"suburban", "coastal", "old", "new", "historic", "occupied", "liberated", "uptown"}
)
# Words that follow a place name in the name of an office or a body, never in a person's name
# ("Anderson County Sheriff Greg Taylor", "Huntsville Fire Chief Tom Grisham").
OFFICES = frozenset(
    {"sheriff", "police", "fire", "county", "city", "state", "school", "schools", "district"}
    | {"commissioner", "commissioners", "council", "councilman", "councilwoman", "deputy"}
    | {"attorney", "prosecutor", "coroner", "clerk", "treasurer", "superintendent", "board"}
    | {"township", "borough", "village", "town", "parish", "trooper", "troopers", "officer"}
    | {"mayor", "chief", "judge", "governor", "senator", "superior", "municipal", "circuit"}
    | {"court", "courts"}
)
# Head words of institutions' names that a founder's or a patron's name may open ("Lee
# Academy", "Loyola University"): a town of that name needs support from elsewhere in the text.
INSTITUTIONS = frozenset(
    {"academy", "university", "college", "institute", "seminary", "foundation", "memorial"}
    | {"corporation", "corp", "company", "inc", "stadium", "theater", "theatre", "auditorium"}
)
_NAME_POS = frozenset({"PROPN", "NOUN", "X"})
# Function words that start a sentence capitalised ("In Alexandria, ...").
_FUNCTION = frozenset(
    {"in", "at", "on", "for", "from", "to", "the", "a", "an", "of", "by", "with", "and", "but"}
    | {"or", "as", "near", "into", "outside", "inside", "across", "around", "this", "that"}
    | {"when", "while", "after", "before", "since", "if", "so", "then", "there", "here"}
)
# Names of days and months, in full (the recogniser adds their abbreviations and feasts).
DAYS_AND_MONTHS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january"}
    | {"february", "march", "april", "may", "june", "july", "august", "september", "october"}
    | {"november", "december"}
)
# Days and months before a name are no part of it ("Sunday Alexandria police went ...").
_CALENDAR = DAYS_AND_MONTHS | {"today", "yesterday", "tonight"}
_WORD = re.compile(r"[A-Za-z][\w'’.-]*$")


def person_words(parsed: ParsedDoc) -> frozenset[str]:
    """Lowercased words of the document's multi-word person names ("ann", "moore")."""
    out: set[str] = set()
    for e in parsed.entities:
        if e.label != "PERSON":
            continue
        words = [w.strip("'’.,") for w in e.evidence.quote.split()]
        words = [w for w in words if w and w[:1].isupper()]
        if any(w.lower() in OFFICES for w in words):
            continue  # "Huntsville Fire" is an office's name mistagged as a person
        if len(words) >= 2:
            out.update(w.lower().removesuffix("'s").removesuffix("’s") for w in words)
    return frozenset(out)


def speech_cue(parsed: ParsedDoc, *, first: int, last: int) -> bool:
    """A verb of saying right after the name ("Moore said") or right before it, at a clause
    start ("..., said Moore")."""
    toks = parsed.tokens
    after = last + 1
    if after < len(toks) and toks[after].text in {"'s", "’s"}:
        return False
    if after < len(toks) and toks[after].text.lower() in SPEECH_VERBS:
        return True
    before = first - 1
    return (
        before >= 1
        and toks[before].text.lower() in SPEECH_VERBS
        and toks[before - 1].text in {",", '"', "”", "“", "'"}
    )


def opens_institution(parsed: ParsedDoc, *, last: int) -> bool:
    """The name's last token is followed, one space on, by a capitalised institution word
    ("Lee Academy", "Cornell University")."""
    toks = parsed.tokens
    nxt = last + 1
    if nxt >= len(toks) or toks[nxt].start - toks[last].end != 1:
        return False
    word = toks[nxt].text
    return word[:1].isupper() and word.lower().rstrip(".") in INSTITUTIONS


def inside_longer_name(parsed: ParsedDoc, *, first: int, sentence_start: int) -> bool:
    """The name ends a run of capitalised words that is no place name as a whole: the word
    right before it (same spacing, same sentence) is a capitalised noun or name that is no
    qualifier ("Census Bureau", "United Russia")."""
    if first <= sentence_start:
        return False
    toks = parsed.tokens
    prev = toks[first - 1]
    if toks[first].start - prev.end != 1 or not _WORD.match(prev.text):
        return False
    if not prev.text[:1].isupper() or (prev.text.isupper() and len(prev.text) <= 3):
        return False
    low = prev.text.lower().rstrip(".")
    if low in QUALIFIERS or low in _FUNCTION or low in _CALENDAR or prev.pos not in _NAME_POS:
        return False
    # a sentence's first word is capitalised anyway: only a name if tagged one
    return not (first - 1 == sentence_start and prev.pos != "PROPN")
