"""ACLED event typing: from a trigger's type and its actors to the final type and sub-type.

The trigger lexicon gives a first type ("killed" -> Violence against civilians / Attack). The
rules here refine it with what the sentence says, following ACLED's codebook:

* territory: "Government regains territory" when the taker is a state force, else "Non-state
  actor overtakes territory"; a takeover "without a fight" is a Non-violent transfer of territory;
* instruments: a generic attack or killing done with aircraft, artillery, a roadside bomb, a
  suicide bomber, a grenade or a chemical agent is Explosions/Remote violence of that kind,
  whoever the victims are (civilian targeting is then read from actor2);
* targets: an attack on an armed actor is a battle, a battle against civilians is violence
  against civilians;
* protests: violence by the demonstrators makes a Riot (Mob violence when a mob acts); force
  used against peaceful demonstrators makes a Protest with intervention, or Excessive force
  against protesters when it kills or wounds; arrests at a protest are an intervention.

:func:`assign_type` also says who is actor1: ACLED puts the protesters first in a protest with
intervention, the force first when it uses excessive force, and never civilians first in an
act of violence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tadmor.events.lexicon import Cues
from tadmor.model import Actor

__all__ = ["TypeDecision", "TypingInput", "assign_type"]

_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_STATE, _RIOTERS, _PROTESTERS, _CIVILIANS = 1, 5, 6, 7


@dataclass(frozen=True, slots=True)
class TypingInput:
    """What typing looks at: the trigger's entry, the actors in their roles, the words around."""

    event_type: str
    sub_event_type: str
    trigger_lemma: str
    trigger_text: str  # lower case
    actor1: Sequence[Actor]  # the doers as the syntax reads them
    actor2: Sequence[Actor]  # the patients
    others: Sequence[Actor]  # other actors named in the sentence
    territorial: str  # "gain", "loss" or ""
    clause: frozenset[str]  # lemmas and lower-case words of the trigger's clause and subject
    sentence: frozenset[str]  # the same for the whole sentence


@dataclass(frozen=True, slots=True)
class TypeDecision:
    event_type: str
    sub_event_type: str
    actor1: tuple[Actor, ...]
    actor2: tuple[Actor, ...]


def assign_type(x: TypingInput, cues: Cues) -> TypeDecision:
    """The ACLED type and sub-type of one event mention, and its actors in ACLED's order."""
    event_type, sub = x.event_type, x.sub_event_type
    a1, a2 = tuple(x.actor1), tuple(x.actor2)
    if sub == "@territory":
        sub = _territory(a1, a2)
        if x.territorial == "gain" and _no_fight(x.clause, cues):
            event_type, sub = "Strategic developments", "Non-violent transfer of territory"
        return TypeDecision(event_type, sub, a1, a2)

    crowd_doer = bool(a1) and a1[0].inter in (_PROTESTERS, _RIOTERS)
    crowd_target = any(a.inter == _PROTESTERS for a in a2)
    force = [a for a in (*a1, *a2, *x.others) if a.inter == _STATE]

    rioting = event_type in _VIOLENT | {"Riots"} or sub == "Looting/property destruction"
    if event_type == "Protests" or (crowd_doer and rioting):
        return _protest(x, cues, a1, a2, force)
    gathering = bool(x.sentence & cues.gathering) and not any(a.inter in (2, 3, 4, 8) for a in a2)
    if sub == "Arrests" and gathering and x.sentence & cues.intervention - {"arrest", "detain"}:
        # "police fired tear gas and detained dozens who gathered in defiance of a ban"
        return TypeDecision("Protests", "Protest with intervention", (), a1 or tuple(force[:1]))
    if crowd_target and (event_type in _VIOLENT or sub == "Arrests"):
        crowd = tuple(a for a in a2 if a.inter == _PROTESTERS)
        doers = a1 or tuple(force[:1])
        if event_type in _VIOLENT and x.sentence & cues.lethal:
            return TypeDecision("Protests", "Excessive force against protesters", doers, crowd)
        return TypeDecision("Protests", "Protest with intervention", crowd, doers)
    if event_type == "Riots":
        if x.sentence & cues.mob:
            sub = "Mob violence"
        return TypeDecision(event_type, sub, a1, a2)

    if event_type in _VIOLENT:
        instrument = _instrument(x, cues)
        if instrument:
            event_type, sub = "Explosions/Remote violence", instrument
    if (
        event_type == "Violence against civilians"
        and sub == "Attack"
        and a1
        and a1[0].inter == _CIVILIANS
    ):
        # "residents beat two men they accused of theft": a mob, not an armed group
        return TypeDecision("Riots", "Mob violence", (), a2)
    # civilians are the targets of violence, never its perpetrators
    if event_type in _VIOLENT and a1 and a1[0].inter == _CIVILIANS:
        a1, a2 = (), a2 or a1
    if event_type in _VIOLENT and not a2:
        # "15 civilians were killed when a jet bombed a market": the victims named elsewhere
        # in the sentence
        a2 = tuple(a for a in x.others if a.inter == _CIVILIANS)[:1]
    target_civilian = bool(a2) and a2[0].inter == _CIVILIANS
    if (
        event_type == "Violence against civilians"
        and sub == "Attack"
        and a2
        and not target_civilian
    ):
        event_type, sub = "Battles", "Armed clash"
    if event_type == "Battles" and sub == "Armed clash" and target_civilian:
        event_type, sub = "Violence against civilians", "Attack"
    return TypeDecision(event_type, sub, a1, a2)


def _territory(a1: Sequence[Actor], a2: Sequence[Actor]) -> str:
    if a1:
        return (
            "Government regains territory"
            if a1[0].inter == _STATE
            else ("Non-state actor overtakes territory")
        )
    if a2 and a2[0].inter != _STATE:
        return "Government regains territory"
    return "Non-state actor overtakes territory"


def _no_fight(words: frozenset[str], cues: Cues) -> bool:
    """'entered the town unopposed', 'took it without a fight'."""
    plain = cues.no_fight - {"without"}
    if words & plain:
        return True
    return "without" in words and bool(words & cues.no_fight_objects)


def _instrument(x: TypingInput, cues: Cues) -> str:
    """The Explosions/Remote violence sub-type a generic attack's instrument implies, or ''.

    Only generic triggers are refined ("killed", "attacked", "bomb"); "shelled" or "airstrike"
    already say how. The trigger word itself is not an instrument. The clause is read first;
    a killing whose clause names no instrument reads the rest of its sentence ("15 civilians
    were killed when a jet bombed a market").
    """
    if x.trigger_lemma not in cues.generic_violence:
        return ""
    own = {x.trigger_lemma, x.trigger_text}
    scopes = [x.clause - own]
    if x.event_type != "Explosions/Remote violence":
        scopes.append(x.sentence - own)
    for words_here in scopes:
        for sub, words in cues.instruments:
            if words_here & words:
                return sub
    return ""


def _protest(
    x: TypingInput,
    cues: Cues,
    a1: tuple[Actor, ...],
    a2: tuple[Actor, ...],
    force: list[Actor],
) -> TypeDecision:
    crowd = tuple(a for a in (*a1, *a2) if a.inter in (_PROTESTERS, _RIOTERS)) or tuple(
        a for a in a1 if a.inter != _STATE
    )
    state = tuple(a for a in (*a1, *a2, *force) if a.inter == _STATE)[:1]
    violent = x.event_type != "Protests"  # the crowd itself did something violent
    if violent or (x.clause & cues.rioting and not x.sub_event_type.startswith("Protest with")):
        sub = "Mob violence" if x.sentence & cues.mob else "Violent demonstration"
        others = tuple(a for a in a2 if a not in crowd) or (
            state if x.sentence & (cues.intervention | cues.rioting) - {"burn", "set"} else ()
        )
        return TypeDecision("Riots", sub, crowd, others)
    if state and x.sentence & cues.lethal and x.sentence & (cues.intervention | {"fire", "open"}):
        return TypeDecision("Protests", "Excessive force against protesters", state, crowd)
    if state and (
        x.sentence & cues.intervention or x.sub_event_type == "Protest with intervention"
    ):
        return TypeDecision("Protests", "Protest with intervention", crowd, state)
    if x.sub_event_type == "Protest with intervention":
        return TypeDecision("Protests", x.sub_event_type, crowd, state)
    return TypeDecision("Protests", "Peaceful protest", crowd, ())
