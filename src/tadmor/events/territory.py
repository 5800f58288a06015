"""Territorial events: what changed hands, and who held it before.

* **People are not places.** A take-over needs a place as what is taken. The *theme* of a
  territorial trigger is its direct object ("captured the town"), its passive subject ("the town
  was captured"), the subject of "fell" ("the town fell"), or the "of" phrase of a noun ("the fall
  of the town"). A theme that is a person or an armed group ("captured the leader's son", "the
  journalist was freed", "freed the soldiers") makes the trigger an arrest or abduction (when
  people are taken) or no event (when people are freed); a theme that is neither a place nor a
  person ("snow fell", "lost control of the car", "prices fell") makes it no event.
* **Who held it before.** "rebel-held", "government-held", "IS-controlled", "held by X",
  "controlled by X", "under X's control", "captured X from Y" name the prior holder; a verb of
  taking back ("retook", "recaptured", "regained") says the taker held the place before the
  loser did, which :func:`retaken` reports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from tadmor.actors import ActorSpan
from tadmor.events.modality import Tree
from tadmor.events.syntax import PLACE_NOUNS, subject
from tadmor.model import Actor, EventMention, Modality, ResolvedPlace, Token

TERRITORIAL_ROLES = frozenset({"gain", "loss", "fall"})

# words for people (and bodies of people) that can be captured, held or freed
PERSON_NOUNS = frozenset(
    {
        "man", "men", "woman", "women", "child", "children", "boy", "boys", "girl", "girls",
        "person", "people", "persons", "son", "sons", "daughter", "daughters", "brother",
        "brothers", "wife", "husband", "father", "mother", "family", "leader", "leaders",
        "commander", "commanders", "chief", "official", "officials", "journalist", "journalists",
        "reporter", "reporters", "photographer", "soldier", "soldiers", "troop", "troops",
        "officer", "officers", "policeman", "policemen", "fighter", "fighters", "militant",
        "militants", "rebel", "rebels", "member", "members", "hostage", "hostages", "captive",
        "captives", "prisoner", "prisoners", "detainee", "detainees", "pilot", "pilots", "crew",
        "sailor", "sailors", "worker", "workers", "student", "students", "activist",
        "activists", "civilian", "civilians", "villager", "villagers", "resident", "residents",
        "aid", "nun", "nuns", "priest", "priests", "tourist", "tourists", "national",
        "nationals", "citizen", "citizens", "suspect", "suspects", "deputy", "minister",
        "governor", "mayor", "president", "general", "colonel", "lieutenant", "captain",
        "sergeant", "guard", "guards", "bodyguard", "bodyguards", "spy", "spies", "migrant",
        "migrants", "refugee", "refugees", "farmer", "farmers", "teacher", "teachers",
        "doctor", "doctors", "engineer", "engineers", "contractor", "contractors", "staff",
        "employee", "employees", "passenger", "passengers", "driver", "drivers", "him", "her",
        "them", "body", "bodies", "kidnapper", "kidnappers", "gunman", "gunmen", "dozen",
        "dozens", "hundred", "hundreds", "thousand", "thousands", "nurse", "nurses", "cleric",
        "clerics", "monk", "monks", "pastor", "pastors", "imam", "imams", "elder", "elders",
        "relative", "relatives", "baby", "babies", "infant", "infants", "teenager",
        "teenagers", "youth", "youths", "hunter", "hunters", "herder", "herders", "fisherman",
        "fishermen", "trader", "traders", "merchant", "merchants", "businessman", "businessmen",
        "volunteer", "volunteers", "police", "policewoman", "inmate", "inmates", "convict",
        "convicts", "defector", "defectors", "wounded",
    }
)  # fmt: skip

# words for places beyond the extractor's PLACE_NOUNS ("Paletwa township", "the garrison")
PLACE_WORDS = frozenset(
    {
        "township", "townships", "county", "counties", "municipality", "commune", "locality",
        "settlement", "settlements", "neighbourhood", "neighborhood", "neighbourhoods",
        "neighborhoods", "suburb", "suburbs", "quarter", "outpost", "outposts", "post", "posts",
        "garrison", "barracks", "stronghold", "strongholds", "valley", "island", "islands",
        "mountain", "mountains", "hill", "hills", "road", "highway", "border", "crossing",
        "pass", "port", "oilfield", "refinery", "capital", "governorate", "prefecture", "zone",
        "department", "headquarters", "compound", "territory", "territories",
        "countryside", "enclave", "pocket", "front", "frontline", "line", "lines",
    }
)  # fmt: skip

NOT_FALLING = frozenset({"short", "apart", "off", "ill", "asleep", "silent", "victim", "back"})
NOT_FALLING_PREPS = frozenset({"under", "into", "behind", "below", "within"})

# what something falls to that is not a taker
NOT_TAKERS = frozenset(
    {"ground", "floor", "earth", "bottom", "level", "low", "lows", "percent", "%", "place",
     "position", "rank", "spot", "knees", "death", "temptation", "pressure", "zero"}
)  # fmt: skip

# verbs whose person object is taken (an arrest or an abduction), not freed
TAKING = frozenset({"capture", "seize", "overpower", "grab", "snatch"})


class Theme(str, Enum):
    PLACE = "place"
    PERSON = "person"
    OTHER = "other"  # a thing that is neither ("snow", "the car", "prices")
    NONE = "none"  # no theme found: the trigger is judged on the rest of the sentence


def theme_token(tree: Tree, trigger: Token, role: str) -> Token | None:
    """What the trigger says changed hands, if its parse names it."""
    kids = tree.children(trigger.i)
    if trigger.pos in ("NOUN", "PROPN"):
        of = next((c for c in kids if c.dep == "prep" and c.text.lower() == "of"), None)
        if of is None:
            return None
        return next((g for g in tree.children(of.i) if g.dep == "pobj"), None)
    if role == "fall":
        # "falls short", "fall under the contract", "fell behind": no place changes hands
        if any(
            (c.dep in ("advmod", "acomp", "prt") and c.lemma.lower() in NOT_FALLING)
            or (
                c.dep == "prep"
                and c.text.lower() in NOT_FALLING_PREPS
                # "fell under rebel control" is a take-over
                and not any(
                    g.lemma.lower() in ("control", "rule", "occupation")
                    for g in tree.children(c.i)
                )
            )
            for c in kids
        ):
            return tree.tokens[trigger.i]  # the trigger itself: a thing, not a place
        to = next((c for c in kids if c.dep == "prep" and c.text.lower() == "to"), None)
        if to is not None and trigger.pos not in ("NOUN", "PROPN"):
            goal = next((g for g in tree.children(to.i) if g.dep == "pobj"), None)
            if goal is not None and (goal.text[:1].isdigit() or goal.lemma.lower() in NOT_TAKERS):
                return goal  # "fell to 18th", "fell to the ground": a thing, no taker
        subj, _ = subject(tree, trigger)
        if subj is not None:
            return subj
        # "the falling of mortar shells": the "of" phrase
        of = next((c for c in kids if c.dep == "prep" and c.text.lower() == "of"), None)
        return next((g for g in tree.children(of.i) if g.dep == "pobj"), None) if of else None
    obj = next((c for c in kids if c.dep in ("dobj", "nsubjpass")), None)
    if obj is None and role == "gain" and trigger.lemma.lower() not in ("enter", "advance"):
        # "the man recovers": a verb of taking with nothing taken is no take-over; a name or
        # a place word after the verb that the parse did not attach as its object is judged
        # later ("seized with apparent ease the cities of ...")
        after = [tree.tokens[j] for j in tree.subtree(trigger.i) if j > trigger.i]
        placeish = any(
            t.pos == "PROPN" or t.lemma.lower() in PLACE_NOUNS or t.lemma.lower() in PLACE_WORDS
            for t in after
        )
        return None if placeish else trigger
    if obj is not None and obj.lemma.lower() == "control":
        # "took control of the city", "lost control of the car": the "of" phrase is the theme
        of = next(
            (c for c in tree.children(obj.i) if c.dep == "prep" and c.text.lower() == "of"), None
        )
        inner = next((g for g in tree.children(of.i) if g.dep == "pobj"), None) if of else None
        return inner if inner is not None else obj
    return obj


def theme_kind(
    tree: Tree,
    theme: Token | None,
    *,
    places: Sequence[ResolvedPlace],
    actors: Sequence[ActorSpan],
    objects: frozenset[str] = frozenset(),
    retaking: bool = False,
) -> Theme:
    """Whether the theme is a place, a person (or armed group), or some other thing. After a
    verb of taking back ("retake Anefis"), a bare name is a place even where the NER calls it
    a person: places are retaken, people are not."""
    if theme is None:
        return Theme.NONE
    lemma, low = theme.lemma.lower(), theme.text.lower()
    if any(p.mention.evidence.start <= theme.start < p.mention.evidence.end for p in places):
        return Theme.PLACE  # the theme's head word is a named place ("Mosul", "Tal Afar")
    end = tree.span(theme.i)[1]
    if (lemma in PLACE_NOUNS or lemma in PLACE_WORDS or lemma in objects) and any(
        theme.start <= p.mention.evidence.start < end for p in places
    ):
        return Theme.PLACE  # "the town of Sake"
    if (
        lemma in PLACE_NOUNS
        or low in PLACE_NOUNS
        or lemma in PLACE_WORDS
        or lemma in objects
        or low in objects
    ):
        return Theme.PLACE if lemma not in PERSON_NOUNS else Theme.PERSON
    if lemma == "control":
        return Theme.NONE  # "took control": judged on the rest of the sentence
    if retaking and theme.pos == "PROPN" and lemma not in PERSON_NOUNS:
        return Theme.PLACE
    if (
        theme.ent_type in ("PERSON", "NORP")
        or lemma in PERSON_NOUNS
        or low in PERSON_NOUNS
        or any(a.start <= theme.start < a.end for a in actors)
    ):
        return Theme.PERSON
    named = any(c.dep == "compound" and c.pos == "PROPN" for c in tree.children(theme.i))
    if (
        theme.pos == "PROPN"
        or theme.ent_type in ("GPE", "LOC", "FAC")
        or (named and lemma not in PERSON_NOUNS)
    ):
        return Theme.PLACE  # an unresolved name: kept, flagged no_location later
    if lemma in ("it", "which", "that", "they", "where"):
        return Theme.NONE
    return Theme.OTHER


@dataclass(frozen=True, slots=True)
class Holder:
    """The prior holder of a place as the text states it: the span of its words."""

    start: int
    end: int
    words: str


# "rebel-held", "IS-controlled", "government held"
_HELD = re.compile(
    r"\b(?P<who>(?-i:[A-Z][\w'.]*(?:\s+[A-Z][\w'.]*){0,3})|rebel|government|regime|militant|"
    r"jihadist|insurgent|opposition|army|militia|separatist|kurdish|loyalist)"
    r"[\s-](?:held|controlled|occupied|run)\b",
    re.IGNORECASE,
)
# "held by the rebels", "controlled by IS", "under the control of the army", "under IS control"
_BY = re.compile(
    r"\b(?:held|controlled|occupied|run|besieged)\s+by\s+(?P<who>(?:the\s+)?[\w'.-]+(?:\s+[\w'.-]+){0,4})"
    r"|\bunder\s+(?:the\s+)?control\s+of\s+(?P<who2>(?:the\s+)?[\w'.-]+(?:\s+[\w'.-]+){0,4})"
    r"|\bunder\s+(?P<who3>[\w'.-]+(?:\s+[\w'.-]+){0,2}?)(?:'s)?\s+control\b",
    re.IGNORECASE,
)
# "(captured / seized / recaptured) X from Y"
_FROM = re.compile(r"\bfrom\s+(?P<who>(?:the\s+)?[\w'.-]+(?:\s+[\w'.-]+){0,4})", re.IGNORECASE)

# verbs and nouns that say the taker held the place before
RETAKING = frozenset(
    {
        "retake", "retook", "retaken", "recapture", "regain", "reclaim", "recover",
        "recovery", "retaking", "reoccupy", "reenter", "re-enter", "re-take",
    }
)  # fmt: skip


def retaken(trigger: Token) -> bool:
    """The trigger says the taker takes back a place it held before."""
    return trigger.lemma.lower() in RETAKING or trigger.text.lower() in RETAKING


def holder_spans(text: str, start: int, end: int) -> list[Holder]:
    """Phrases in ``text[start:end]`` that name who held a place: "rebel-held", "held by X",
    "under X control", "from X" (document offsets of the holder's words)."""
    chunk = text[start:end]
    out: list[Holder] = []
    for m in _HELD.finditer(chunk):
        out.append(Holder(start + m.start("who"), start + m.end("who"), m.group("who")))
    for m in _BY.finditer(chunk):
        name = next(g for g in ("who", "who2", "who3") if m.group(g))
        out.append(Holder(start + m.start(name), start + m.end(name), m.group(name)))
    for m in _FROM.finditer(chunk):
        out.append(Holder(start + m.start("who"), start + m.end("who"), m.group("who")))
    return sorted(out, key=lambda h: h.start)


GENERIC_HOLDERS = {
    "rebel": "rebel",
    "rebels": "rebel",
    "insurgent": "rebel",
    "insurgents": "rebel",
    "opposition": "rebel",
    "separatist": "rebel",
    "separatists": "rebel",
    "militant": "militia",
    "militants": "militia",
    "militia": "militia",
    "jihadist": "jihadist",
    "jihadists": "jihadist",
    "government": "state",
    "regime": "state",
    "army": "state",
    "loyalist": "state",
}


def prior_holder(
    holders: Sequence[Holder],
    actor_at: Callable[[int, int], Actor | None],
    generic: Callable[[str], Actor | None],
    *,
    taker: str,
) -> Actor | None:
    """The first stated holder that is not the taker: the actor named in the holder's words,
    else the generic actor its word names ("rebel-held": the rebels of the place's country)."""
    for h in holders:
        actor = actor_at(h.start, h.end)
        if actor is None:
            word = h.words.lower().split()[-1] if h.words.strip() else ""
            kind = GENERIC_HOLDERS.get(word) or GENERIC_HOLDERS.get(h.words.lower().split()[0])
            actor = generic(kind) if kind else None
        if actor is not None and actor.name != taker:
            return actor
    return None


def losses_undone(mentions: Sequence[EventMention]) -> list[EventMention]:
    """Mark as background the losses a retaking in the same report undoes.

    "Government troops retook the town. The army lost it because it was overstretched": a
    retaking says its taker lost the place before; a loss by that taker at that place which the
    text does not date (dated only by the report) is that earlier loss, told as background, not
    a new change of control. Such a loss becomes ``HISTORICAL`` (a claim, not an event).
    """
    retakers = {
        (m.place.geonameid, m.actor1)
        for m in mentions
        if m.place is not None
        and m.actor1
        and m.territorial == "gain"
        and "retaken" in m.flags
        and m.modality is Modality.ASSERTED
    }
    if not retakers:
        return list(mentions)
    out: list[EventMention] = []
    for m in mentions:
        loser = m.actor2 if m.territorial in ("gain", "loss") else ""
        if (
            m.place is not None
            and loser
            and (m.place.geonameid, loser) in retakers
            and m.modality is Modality.ASSERTED
            and "dated_by_report" in m.flags
        ):
            m = replace(m, modality=Modality.HISTORICAL, flags=(*m.flags, "undone_by_retaking"))
        out.append(m)
    return out
