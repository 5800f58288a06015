"""Event arguments after the triggers: a country's state forces, generic actors localised to
the event's country, ACLED typing with its actor reordering, the prior holder of a place, the
event's places and its fatality figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tadmor.actors import ActorDictionary
from tadmor.events.context import Arg, DocInputs, Words
from tadmor.events.fatalities import find_fatalities
from tadmor.events.lexicon import IRREGULAR, Lexicon, TriggerDef
from tadmor.events.modality import Tree
from tadmor.events.syntax import (
    PLACE_NOUNS,
    anaphoric_object,
    coordinated,
    dateline,
    drop_containers,
    near_cue,
)
from tadmor.events.territory import holder_spans, prior_holder
from tadmor.events.triggers import PERSON_TAKEN
from tadmor.events.typology import TypingInput, assign_type
from tadmor.model import Actor, Place, ResolvedPlace, Sentence, Token

_DESTINATION = re.compile(
    r"\b(?:to|towards?|into)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}(?:of\s+(?:the\s+)?)?$"
)


class ArgumentReader:
    """The argument-reading part of :class:`~tadmor.events.extract.EventExtractor`."""

    lexicon: Lexicon
    actors: ActorDictionary
    _by_alias: dict[str, list[Actor]]

    def _prior_holder(
        self,
        *,
        territorial: str,
        role: str,
        a1: list[Arg],
        a2: list[Arg],
        text: str,
        sent: Sentence,
        resolved_actors: dict[tuple[int, int], Arg],
        country: str,
    ) -> tuple[str, bool]:
        """Who held the place before a territorial change, and whether that was inferred."""
        if not territorial:
            return "", False
        taker = a1[0].actor.name if a1 else ""

        def actor_at(start: int, end: int) -> Actor | None:
            found = next(
                (arg.actor for (s, e), arg in resolved_actors.items() if s < end and start < e),
                None,
            )
            named = self._by_alias.get(text[start:end].strip(), [])
            if found is None and named:
                found = next((a for a in named if a.country == country), named[0])
            return found

        def generic(kind: str) -> Actor | None:
            if not country:
                return None
            if kind == "state":
                return self.actors.state_forces_of(country)
            return self.actors.instantiate(self.actors.generics_by_kind(kind), country)

        stated = prior_holder(
            holder_spans(text, sent.start, sent.end), actor_at, generic, taker=taker
        )
        if stated is not None:
            return stated.name, False
        if a2 and role in ("loss", "fall"):
            return a2[0].actor.name, False  # the subject lost it: the text says who held it
        if a2:
            return a2[0].actor.name, True  # another armed actor of the sentence: likely the loser
        return "", False

    def _country_actor(
        self, tree: Tree, tok: Token | None, places: Sequence[ResolvedPlace]
    ) -> list[Arg]:
        """The state forces of the country that heads the phrase at ``tok`` ("Israel", "by
        Britain"), if the phrase's head word is a country's name."""
        if tok is None:
            return []
        if tok.dep == "agent":
            tok = next((c for c in tree.children(tok.i) if c.dep == "pobj"), tok)
        for p in places:
            ev = p.mention.evidence
            if (
                ev.start <= tok.start < ev.end
                and p.place.feature_code.startswith("PCL")
                and p.place.country_code
            ):
                return [Arg(self.actors.state_forces_of(p.place.country_code), (ev.start, ev.end))]
        return []

    def _localise(self, args: list[Arg], place: Place | None) -> list[Arg]:
        """Generic state forces named without a country take the event place's country."""
        out: list[Arg] = []
        seen: set[str] = set()
        for a in args:
            actor = a.actor
            if place is not None and a.generic is not None and place.country_code:
                actor = self.actors.instantiate(a.generic, place.country_code)
            if actor.name not in seen:
                seen.add(actor.name)
                out.append(Arg(actor, a.span, a.generic))
        return out

    def _typed(
        self,
        *,
        tdef: TriggerDef,
        trigger: Token,
        a1: list[Arg],
        a2: list[Arg],
        others: list[Arg],
        territorial: str,
        words: Words,
        place: Place | None,
        doc_country: str,
    ) -> tuple[str, str, list[Arg], list[Arg]]:
        """Type and sub-type by ACLED's rules (:mod:`tadmor.events.typing`), actors reordered."""
        named = {id(x.actor): x for x in (*others, *a2, *a1)}
        decision = assign_type(
            TypingInput(
                event_type=tdef.event_type,
                sub_event_type=tdef.sub_event_type,
                trigger_lemma=IRREGULAR.get(trigger.lemma.lower(), trigger.lemma.lower()),
                trigger_text=trigger.text.lower(),
                actor1=[x.actor for x in a1],
                actor2=[x.actor for x in a2],
                others=[x.actor for x in others if all(x.actor != y.actor for y in (*a1, *a2))],
                territorial=territorial,
                clause=words.clause,
                sentence=words.sentence,
            ),
            self.lexicon.cues,
        )
        new1 = [named[id(a)] for a in decision.actor1]
        new2 = [named[id(a)] for a in decision.actor2]
        gone = {"whereabouts", "disappear", "disappeared", "incommunicado"}
        if tdef is PERSON_TAKEN and new1 and (new1[0].actor.inter != 1 or words.sentence & gone):
            # people taken by an armed group are abducted, not arrested; people taken by state
            # forces to a place unknown are forcibly disappeared
            return (
                "Violence against civilians",
                "Abduction/forced disappearance",
                new1,
                new2,
            )
        kind = {"Protests": "protesters", "Riots": "rioters"}.get(decision.event_type)
        if decision.sub_event_type == "Excessive force against protesters" and not new2:
            # "fired live ammunition at people protesting": the crowd is the target
            country = (place.country_code if place is not None else "") or doc_country
            if country:
                crowd = self.actors.instantiate(self.actors.generics_by_kind("protesters"), country)
                new2 = [Arg(crowd, (trigger.start, trigger.end), None)]
            kind = None
        if kind and not new1:
            country = (place.country_code if place is not None else "") or doc_country
            generic = self.actors.generics_by_kind(kind)
            if country:
                crowd = self.actors.instantiate(generic, country)
                span = (trigger.start, trigger.end)
                new1 = [Arg(crowd, span, None)]
        return decision.event_type, decision.sub_event_type, new1, new2

    # -- place ----------------------------------------------------------------------
    def _places(
        self,
        *,
        inputs: DocInputs,
        tree: Tree,
        trigger: Token,
        subj_span: tuple[int, int] | None,
        passive: bool,
        tdef: TriggerDef,
    ) -> tuple[list[ResolvedPlace], bool, bool]:
        sent = tree.sentence
        text = inputs.parsed.doc.text
        in_sent = [
            p
            for p in inputs.places
            if sent.start <= p.mention.evidence.start < sent.end and not dateline(text, p)
        ]
        if tdef.role == "loss":
            # "withdrew to the eastern bank of the Dnipro": where they went, not what they left
            in_sent = [
                p
                for p in in_sent
                if not _DESTINATION.search(
                    text[max(sent.start, p.mention.evidence.start - 40) : p.mention.evidence.start]
                )
            ]
        subtree = tree.span(trigger.i)
        subject_side = tdef.role == "fall" or passive
        if trigger.pos in ("NOUN", "PROPN"):
            local = [p for p in in_sent if subtree[0] <= p.mention.evidence.start < subtree[1]]
        elif subject_side:
            local = [
                p
                for p in in_sent
                if subj_span is not None and subj_span[0] <= p.mention.evidence.start < subj_span[1]
            ]
        else:
            local = [
                p
                for p in in_sent
                if subtree[0] <= p.mention.evidence.start < subtree[1]
                and not (subj_span and subj_span[0] <= p.mention.evidence.start < subj_span[1])
            ]
        if not local and not subject_side:
            local = [p for p in in_sent if p.mention.evidence.start > trigger.start]
            local = local[:4]
        if not local:
            # nearest place in the sentence, towns before the regions that contain them
            local = sorted(
                in_sent,
                key=lambda p: (
                    p.place.feature_class == "A",
                    abs(p.mention.evidence.start - trigger.start),
                ),
            )[:1]
        chosen = coordinated(tree, drop_containers(local), local)
        near = any(near_cue(inputs.parsed.doc.text, p.mention.evidence.start) for p in chosen)
        if chosen and not anaphoric_object(tree, trigger, inputs.places):
            return chosen, False, near
        # anaphora: "the city", "it" -> the last populated place named before this sentence
        before = [
            p
            for p in inputs.places
            if p.mention.evidence.start < sent.start and p.place.feature_class == "P"
        ]
        words = {tree.tokens[j].lemma.lower() for j in tree.subtree(trigger.i)}
        words |= {tree.tokens[j].lemma.lower() for j in range(sent.token_start, sent.token_end)}
        if before and (words & PLACE_NOUNS or "it" in words or tdef.role != "act"):
            return [before[-1]], True, bool(words & {"near", "northeast", "outskirts"})
        if before:
            idx = inputs.parsed.sentences.index(sent)
            if (
                idx > 0
                and before[-1].mention.evidence.start >= inputs.parsed.sentences[idx - 1].start
            ):
                return [before[-1]], True, False
        return [], False, False

    # -- time -----------------------------------------------------------------------
    def _fatalities(
        self, tree: Tree, trigger: Token, text: str, n_triggers: int
    ) -> tuple[int, int, int] | None:
        sent = tree.sentence
        figures = find_fatalities(text[sent.start : sent.end])
        if not figures:
            return None
        if n_triggers > 1:
            nearest = min(figures, key=lambda f: abs(sent.start + f.start - trigger.start))
            figures = [nearest]
        f = min(figures, key=lambda f: f.count)
        return f.count, sent.start + f.start, sent.start + f.end
