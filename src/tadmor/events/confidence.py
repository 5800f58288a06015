"""How sure the coder is that an event mention reports an event that happened.

A number in 0..1, from three things a reviewer can check:

* **trigger strength**: how specific the trigger word is. A word that names an act of
  political violence or protest on its own ("airstrike", "shelled", "protesters marched") is
  strong; a word that needs its arguments to be one ("killed", "shot", "took") is weak; a noun
  is weaker than a verb; a sentence with a strong relevance cue ("militants", "tear gas")
  makes any trigger stronger;
* **argument completeness**: an actor that did it, one it was done to, a place named in the
  sentence (a place taken from an earlier sentence counts less), a date in the text;
* **modality**: asserted by the reporter, attributed to one side ("the army said"), or not
  asserted at all (negated, planned, conditional: those are claims, kept low).

The resolve stage combines the mentions' confidences with the number of independent sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from tadmor.events.lexicon import TriggerDef
from tadmor.events.relevance import cues_of
from tadmor.model import Modality

WEAK_TRIGGER = 0.55
NOUN_TRIGGER = 0.65
VERB_TRIGGER = 0.75
SPECIFIC_TRIGGER = 0.8  # the entry asks for an object, a modifier or a word in its clause
STRONG_SENTENCE = 0.1  # added when the sentence holds a strong relevance cue
CLAIMED = 0.85  # factor when the report attributes the event to a party's claim
NOT_ASSERTED = 0.3  # factor for negated, hypothetical, planned... mentions


@dataclass(frozen=True, slots=True)
class Support:
    """What a mention rests on."""

    tdef: TriggerDef
    noun: bool
    sentence: str
    actor1: bool
    actor2: bool
    place: bool
    place_from_context: bool
    dated_in_text: bool
    modality: Modality
    claimed: bool


def trigger_strength(tdef: TriggerDef, *, noun: bool, sentence: str) -> float:
    if tdef.only_alone:
        base = WEAK_TRIGGER
    elif tdef.needs_object or tdef.modifiers or tdef.mentions or tdef.particles:
        base = SPECIFIC_TRIGGER
    elif noun:
        base = NOUN_TRIGGER
    else:
        base = VERB_TRIGGER
    cues = cues_of(sentence)
    if cues.strong or cues.uncancelled:
        base += STRONG_SENTENCE
    return min(base, 1.0)


def completeness(s: Support) -> float:
    score = 0.55
    score += 0.15 if s.actor1 else 0.0
    score += 0.1 if s.actor2 else 0.0
    if s.place:
        score += 0.07 if s.place_from_context else 0.15
    score += 0.05 if s.dated_in_text else 0.0
    return score


def mention_confidence(s: Support) -> float:
    """The confidence of one event mention, rounded to two decimals, within 0.01..0.99."""
    value = trigger_strength(s.tdef, noun=s.noun, sentence=s.sentence) * completeness(s)
    if s.modality is not Modality.ASSERTED:
        value *= NOT_ASSERTED
    elif s.claimed:
        value *= CLAIMED
    return round(min(0.99, max(0.01, value)), 2)
