"""Finding event triggers in a parsed sentence: the lexicon's candidates for each word, kept
when their particles, modifiers, objects and own arguments fit; territorial triggers whose
theme is a person or a thing are dropped or turned into arrests (:mod:`tadmor.events.territory`).
"""

from __future__ import annotations

from tadmor.events.context import LOCATIVE, DocInputs
from tadmor.events.lexicon import Lexicon, TriggerDef
from tadmor.events.modality import Tree
from tadmor.events.relevance import Gate
from tadmor.events.syntax import has_actor, has_place, inside, overlaps_time
from tadmor.events.territory import (
    TAKING,
    TERRITORIAL_ROLES,
    Theme,
    retaken,
    theme_kind,
    theme_token,
)
from tadmor.model import ParsedDoc, Sentence, Token

# verbs that only say an event took place: its place, time and sides hang on them
_HAPPEN_VERBS = frozenset(
    {
        "break",
        "erupt",
        "rage",
        "continue",
        "flare",
        "resume",
        "intensify",
        "occur",
        "take",
        "escalate",
        "spread",
        "begin",
        "start",
        "ensue",
    }
)

# people taken by a verb of taking over ("captured the commander"): an arrest by state forces,
# an abduction by anyone else (ArgumentReader._typed)
PERSON_TAKEN = TriggerDef(
    lemmas=TAKING,
    pos=frozenset({"VERB"}),
    role="act",
    event_type="Strategic developments",
    sub_event_type="Arrests",
)


class TriggerFinder:
    """The trigger-finding part of :class:`~tadmor.events.extract.EventExtractor`."""

    lexicon: Lexicon

    def _triggers(
        self, parsed: ParsedDoc, tree: Tree, sent: Sentence, inputs: DocInputs, gate: Gate
    ) -> list[tuple[Token, TriggerDef]]:
        found: list[tuple[Token, TriggerDef]] = []
        actor_spans = [(a.start, a.end) for a in inputs.actors]
        words = [t for t in parsed.tokens[sent.token_start : sent.token_end] if t.text.isalpha()]
        titled = sum(t.text[:1].isupper() for t in words) > 0.6 * max(len(words), 1)
        for i in range(sent.token_start, sent.token_end):
            tok = parsed.tokens[i]
            pos = "VERB" if tok.pos in ("VERB", "AUX") else tok.pos
            if pos == "PROPN":
                if tok.text[:1].isupper() and i > sent.token_start and not titled:
                    continue  # a name ("Mr. Lynch"), unless the sentence is a Title Case headline
                pos = "NOUN"
            lemma = tok.lemma.lower()
            cands = self.lexicon.candidates(lemma, pos) or self.lexicon.candidates(
                tok.text.lower(), pos
            )
            if not cands:
                continue
            # "Russian air strikes" names both the actor and the event: a noun that ends an
            # actor mention may still be a trigger; other words inside actor names may not
            heads = pos == "NOUN" and any(e == tok.end for _, e in actor_spans)
            if inside(tok.start, tok.end, actor_spans) and not heads:
                continue
            for tdef in cands:
                kind = Theme.NONE
                if tdef.role in TERRITORIAL_ROLES:
                    kind = theme_kind(
                        tree,
                        theme_token(tree, tok, tdef.role),
                        places=inputs.places,
                        actors=inputs.actors,
                        objects=tdef.objects,
                        retaking=retaken(tok),
                    )
                    if kind is Theme.PERSON and pos == "VERB" and lemma in TAKING:
                        # "forces captured the leader's son": people taken, not a place
                        if self._accept(tree, tok, PERSON_TAKEN, inputs):
                            found.append((tok, PERSON_TAKEN))
                            break
                        continue
                    if kind in (Theme.PERSON, Theme.OTHER):
                        continue  # "the journalist was freed", "snow fell", "lost control"
                if not gate.admits(territorial_place=kind is Theme.PLACE, toll=tdef.only_alone):
                    continue
                if self._accept(tree, tok, tdef, inputs):
                    found.append((tok, tdef))
                    break
        if len(found) > 1:
            found = [(t, d) for t, d in found if not d.only_alone]
            # "arrested three members in a raid": the raid is how the arrest was made
            verbs = {t.i for t, d in found if t.pos != "NOUN" and d.event_type != "Battles"}
            found = [
                (t, d)
                for t, d in found
                if not (
                    t.pos in ("NOUN", "PROPN")
                    and t.dep == "pobj"
                    and tree.tokens[t.head].head in verbs
                )
            ]
        return found

    def _accept(self, tree: Tree, tok: Token, tdef: TriggerDef, inputs: DocInputs) -> bool:
        children = tree.children(tok.i)
        lowers = {c.text.lower() for c in children}
        if tdef.particles and not (lowers & tdef.particles):
            return False
        if tdef.modifiers:
            prev = tree.tokens[tok.i - 1].text.lower() if tok.i > tree.sentence.token_start else ""
            mods = lowers | {prev} | {c.lemma.lower() for c in children}
            if not mods & tdef.modifiers and not any(m in tok.text.lower() for m in tdef.modifiers):
                return False
        if tdef.mentions and not any(
            tree.tokens[j].lemma.lower() in tdef.mentions
            or tree.tokens[j].text.lower() in tdef.mentions
            for j in tree.subtree(tok.i)
        ):
            return False
        if tdef.needs_object:
            return self._object_fits(tree, tok, tdef, inputs)
        if tdef.objects:
            dobj = next((c for c in children if c.dep == "dobj"), None)
            if dobj is not None and dobj.lemma.lower() not in tdef.objects:
                named = [(p.mention.evidence.start, p.mention.evidence.end) for p in inputs.places]
                named += [(x.start, x.end) for x in inputs.actors]
                # an unresolved proper name still counts: the event is kept, flagged no_location
                if dobj.pos != "PROPN" and not any(s <= dobj.start < e for s, e in named):
                    return False
        if tok.pos in ("NOUN", "PROPN") and tok.dep == "compound":
            return False  # "attack drones", "assault rifles": a modifier, not an event
        if tok.pos in ("NOUN", "PROPN"):
            sub = tree.subtree(tok.i)
            place_named = has_place(tree, tok.i, inputs.places)
            if tdef.needs_of_place and not place_named:
                return False
            own_args = (
                place_named
                or has_actor(tree, tok.i, inputs.actors)
                or any(overlaps_time(tree.tokens[j], inputs.times) for j in sub)
            )
            definite = any(
                c.dep == "det" and c.text.lower() in ("the", "this", "that", "these", "those")
                for c in children
            )
            if definite and not own_args:
                return False  # "The withdrawal has angered some": refers back to a told event
            head = tree.tokens[tok.head]
            if not own_args and tok.dep == "nsubj" and head.lemma.lower() in _HAPPEN_VERBS:
                # "heavy fighting broke out in El Fasher on Saturday": the verb carries them
                own_args = (
                    has_place(tree, head.i, inputs.places)
                    or has_actor(tree, head.i, inputs.actors)
                    or any(
                        overlaps_time(tree.tokens[j], inputs.times) for j in tree.subtree(head.i)
                    )
                )
            if not own_args and tdef.event_type == "Protests" and tok.dep == "pobj":
                # "thousands turned out in Lima for an anti-government protest": the verb
                # the phrase hangs on carries its place and time
                verb = tree.tokens[head.head]
                own_args = verb.pos in ("VERB", "AUX") and (
                    has_place(tree, verb.i, inputs.places)
                    or any(
                        overlaps_time(tree.tokens[j], inputs.times) for j in tree.subtree(verb.i)
                    )
                )
            if tdef.noun_needs_context and not own_args:
                return False
        return True

    def _object_fits(self, tree: Tree, tok: Token, tdef: TriggerDef, inputs: DocInputs) -> bool:
        """The verb's object (direct, passive subject, or of its first preposition) is one of
        the entry's objects, or a named place ("surrendered the town", "lost Palmyra")."""
        children = tree.children(tok.i)
        objs = [c for c in children if c.dep in ("dobj", "nsubjpass", "oprd", "attr")]
        if not objs:
            objs = [
                g
                for c in children
                if c.dep in ("prep", "dative", "prt")
                # "surrendered in Soroti": where it happened, not what was given up
                and c.text.lower() not in LOCATIVE
                for g in tree.children(c.i)
                if g.dep == "pobj"
            ][:1]
        for obj in objs:
            words = {obj.lemma.lower(), obj.text.lower()}
            for c in tree.children(obj.i):
                if c.dep in ("compound", "amod", "nmod"):
                    words |= {c.lemma.lower(), c.text.lower()}
                elif c.dep == "prep" and c.text.lower() == "of":
                    words |= {g.lemma.lower() for g in tree.children(c.i) if g.dep == "pobj"}
            if words & tdef.objects:
                return True
            if tdef.role != "act" and any(
                p.mention.evidence.start <= obj.start < p.mention.evidence.end
                for p in inputs.places
            ):
                return True  # "lost Palmyra", "handed over Gao": a place is what changed hands
        return False

    # -- arguments ------------------------------------------------------------------
