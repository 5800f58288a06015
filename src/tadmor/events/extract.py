"""Event detection: triggers, arguments (actors, place, date, fatalities), modality.

Input: a ParsedDoc plus the mentions the other stages found (actor spans, resolved places,
time expressions). Output: EventMention records, one per trigger and target place, each
field backed by Evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from tadmor.actors import ActorDictionary, ActorMatcher, ActorSpan, is_unidentified
from tadmor.events.attribution import attribute, responsibility_claims
from tadmor.events.context import (
    ARMED_KINDS,
    HISTORICAL_YEARS,
    LOCATIVE,
    PRONOUNS,
    UNDATED_LOOKBACK_DAYS,
    Arg,
    DocInputs,
    Words,
    home_country,
    last_armed,
    lemmas,
    previous_sentence,
    span_tokens,
)
from tadmor.events.dating import event_time
from tadmor.events.fatalities import find_fatalities
from tadmor.events.lexicon import IRREGULAR, Lexicon, TriggerDef
from tadmor.events.modality import Tree, read_modality
from tadmor.events.syntax import (
    PLACE_NOUNS,
    agent,
    anaphoric_object,
    coordinated,
    dateline,
    drop_containers,
    has_actor,
    has_place,
    inside,
    main_country,
    near_cue,
    nearest_country,
    overlaps_time,
    subject,
    to_actor,
)
from tadmor.events.typology import TypingInput, assign_type
from tadmor.model import (
    Actor,
    EventMention,
    Evidence,
    FieldEvidence,
    Modality,
    ParsedDoc,
    Place,
    ResolvedPlace,
    Sentence,
    TimePrecision,
    Token,
    stable_id,
)

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
_DESTINATION = re.compile(
    r"\b(?:to|towards?|into)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}(?:of\s+(?:the\s+)?)?$"
)


def _with_toll(
    out: list[EventMention], event: EventMention, toll: list[EventMention]
) -> list[EventMention]:
    """``out`` with ``event`` given the fatality figure and victims of ``toll`` it lacked."""
    updated = event
    figure = next((m for m in toll if m.fatalities is not None), None)
    if figure is not None and event.fatalities is None:
        ev = [f for f in figure.evidence if f.field == "fatalities"]
        updated = replace(updated, fatalities=figure.fatalities, evidence=(*updated.evidence, *ev))
    victims = next((m for m in toll if m.actor2), None)
    if victims is not None and not event.actor2:
        # "12 residents were killed": the victims of the event told before
        ev = [f for f in victims.evidence if f.field == "actor2"]
        updated = replace(
            updated,
            actor2=victims.actor2,
            inter2=victims.inter2,
            evidence=(*updated.evidence, *ev),
        )
    return [updated if m is event else m for m in out]


class EventExtractor:
    """Finds event mentions in parsed documents. Build once; call :meth:`extract` per document."""

    def __init__(self, *, lexicon: Lexicon, actors: ActorDictionary) -> None:
        self.lexicon = lexicon
        self.actors = actors
        self._countries = ActorMatcher(actors)  # the country a text names most

    # -- public -----------------------------------------------------------------
    def extract(self, inputs: DocInputs) -> list[EventMention]:
        parsed = inputs.parsed
        # the country most places are in, else the one most actors are named after, else the
        # one the text names most ("Hong Kong police fired tear gas": no place resolved)
        doc_country = (
            main_country(inputs.places)
            or home_country(inputs.actors)
            or self._countries.text_country(parsed.doc.text)
        )
        resolved_actors = self._resolve_actor_spans(inputs.actors, inputs.places, doc_country)
        out: list[EventMention] = []
        previous: list[EventMention] = []  # the asserted mentions of the sentence before
        for sent in parsed.sentences:
            tree = Tree(parsed.tokens, sent)
            triggers = self._triggers(parsed, tree, sent, inputs)
            here: list[EventMention] = []
            for tok, tdef in triggers:
                found = self._assemble(
                    inputs=inputs,
                    tree=tree,
                    trigger=tok,
                    tdef=tdef,
                    resolved_actors=resolved_actors,
                    doc_country=doc_country,
                    n_triggers=len(triggers),
                )
                told = bool(previous) and len(previous_sentence(parsed, sent)) > 0
                if tdef.only_alone and told and all(not m.actor1 for m in found):
                    # "Two soldiers were killed and five wounded, it said.": the toll of the
                    # event the sentence before told, not a new event
                    out = _with_toll(out, previous[-1], found)
                    continue
                here.extend(found)
            out.extend(here)
            previous = [m for m in here if m.modality is Modality.ASSERTED]
        claims = responsibility_claims(parsed, list(resolved_actors.values()))
        return attribute(out, parsed=parsed, claims=claims, actors=self.actors)

    # -- actors -------------------------------------------------------------------
    def _resolve_actor_spans(
        self, spans: Sequence[ActorSpan], places: Sequence[ResolvedPlace], doc_country: str
    ) -> dict[tuple[int, int], Arg]:
        """Each span's actor.

        Generics take the country of the nearest place; anaphors the last armed group named.
        """
        out: dict[tuple[int, int], Arg] = {}
        last_armed: Actor | None = None
        for span in spans:
            actor: Actor | None
            if span.actor is not None:
                actor = span.actor
            elif span.generic is not None:
                country = span.country_hint or nearest_country(span.start, places) or doc_country
                actor = self.actors.instantiate(span.generic, country)
            else:
                actor = last_armed
                if actor is None:
                    actor = self.actors.instantiate(
                        self.actors.generics_by_kind("militia"), doc_country
                    )
            floating = span.generic if not span.country_hint else None
            out[(span.start, span.end)] = Arg(actor, (span.start, span.end), floating)
            # "the militants", "the jihadists" refer back to a non-state armed group
            if actor.inter in (2, 3) and actor.kind in ARMED_KINDS and not span.anaphor:
                last_armed = actor
        return out

    # -- triggers -------------------------------------------------------------------
    def _triggers(
        self, parsed: ParsedDoc, tree: Tree, sent: Sentence, inputs: DocInputs
    ) -> list[tuple[Token, TriggerDef]]:
        found: list[tuple[Token, TriggerDef]] = []
        actor_spans = [(a.start, a.end) for a in inputs.actors]
        for i in range(sent.token_start, sent.token_end):
            tok = parsed.tokens[i]
            pos = "VERB" if tok.pos in ("VERB", "AUX") else tok.pos
            if pos == "PROPN":
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
    def _assemble(
        self,
        *,
        inputs: DocInputs,
        tree: Tree,
        trigger: Token,
        tdef: TriggerDef,
        resolved_actors: dict[tuple[int, int], Arg],
        doc_country: str,
        n_triggers: int,
    ) -> list[EventMention]:
        parsed = inputs.parsed
        doc = parsed.doc
        text = doc.text
        sent = tree.sentence
        reading = read_modality(tree, trigger, text=text)

        subj_tok, passive = subject(tree, trigger)
        agent_tok = agent(tree, trigger)
        subj_span = tree.span(subj_tok.i) if subj_tok is not None else None
        if subj_span is not None and subj_span[0] <= trigger.start < subj_span[1]:
            # a reduced relative ("ADF rebels killed 18 civilians"): the subject phrase ends
            # where the trigger's clause begins
            subj_span = (subj_span[0], tree.span(trigger.i)[0])
        sent_actors = [a for a in inputs.actors if sent.start <= a.start < sent.end]
        if passive and agent_tok is None:
            # the small model reads "IS seized" as the auxiliary "is": an actor name tagged as
            # a passive auxiliary or passive subject right before the verb is its subject
            for c in tree.children(trigger.i):
                if (
                    c.dep in ("auxpass", "nsubjpass")
                    and any(a.start <= c.start < a.end for a in sent_actors)
                    and c.i < trigger.i
                    and c.dep == "auxpass"
                ):
                    passive, subj_tok = False, c
                    subj_span = (c.start, c.end)

        def actors_in(span: tuple[int, int] | None) -> list[Arg]:
            if span is None:
                return []
            found = [
                (a.anaphor, resolved_actors[(a.start, a.end)])
                for a in sent_actors
                if span[0] <= a.start and a.end <= span[1]
            ]
            # "fighters from JNIM": the named group, not the description, leads
            found.sort(key=lambda x: (x[0], is_unidentified(x[1].actor.name)))
            return [arg for _, arg in found]

        doer: list[Arg] = []
        patient: list[Arg] = []
        if trigger.pos in ("NOUN", "PROPN"):
            by = next((c for c in tree.children(trigger.i) if c.text.lower() == "by"), None)
            poss = next((c for c in tree.children(trigger.i) if c.dep == "poss"), None)
            if by is not None:
                doer = actors_in(tree.span(by.i))
            elif poss is not None:
                doer = actors_in(tree.span(poss.i))
            else:
                doer = [
                    resolved_actors[(a.start, a.end)]
                    for a in sent_actors
                    if a.end == trigger.end and a.start < trigger.start
                ]
            if not doer and not patient and trigger.dep == "pobj":
                # "50 militants killed in clashes", "troops died during an ambush": the
                # participants are the governing verb's arguments
                verb = tree.tokens[tree.tokens[trigger.head].head]
                if verb.pos in ("VERB", "AUX") and tree.tokens[trigger.head].text.lower() in (
                    "in",
                    "during",
                    "amid",
                ):
                    verb_subj, verb_passive = subject(tree, verb)
                    args = actors_in(tree.span(verb_subj.i)) if verb_subj is not None else []
                    if verb_passive:
                        patient = args
                    else:
                        doer = args
                        obj = next((c for c in tree.children(verb.i) if c.dep == "dobj"), None)
                        patient = actors_in(tree.span(obj.i)) if obj is not None else []
            if not doer:
                # "fighting between the army and the RSF", "fighting broke out ... between"
                hosts = (
                    [trigger, tree.tokens[trigger.head]] if trigger.dep == "nsubj" else [trigger]
                )
                between = next(
                    (
                        c
                        for h in hosts
                        for c in tree.children(h.i)
                        if c.dep == "prep" and c.text.lower() == "between"
                    ),
                    None,
                )
                sides = actors_in(tree.span(between.i)) if between is not None else []
                doer, patient = sides[:1], sides[1:2]
            if not doer and trigger.dep == "dobj":
                # "Israel mounted an invasion", "the army launched an offensive": the light
                # verb's subject is the doer
                verb_subj, verb_passive = subject(tree, tree.tokens[trigger.head])
                if verb_subj is not None and not verb_passive:
                    doer = actors_in(tree.span(verb_subj.i)) or self._country_actor(
                        tree, verb_subj, inputs.places
                    )
        elif passive:
            doer = actors_in(tree.span(agent_tok.i)) if agent_tok is not None else []
            patient = actors_in(subj_span)
        else:
            doer = actors_in(subj_span)
        if not doer:
            # "Israel mounted an invasion", "attacked by Burundi": a country acts through its
            # state forces
            doer_tok = agent_tok if passive else subj_tok
            doer = self._country_actor(tree, doer_tok, inputs.places)
        if not doer and not passive and subj_tok is not None and subj_tok.text.lower() in PRONOUNS:
            # "They executed 20 civilians": the last armed actor named before the sentence
            doer = last_armed(resolved_actors, before=sent.start)
        if not doer and not passive and trigger.pos not in ("NOUN", "PROPN"):
            left = [a for a in sent_actors if a.end <= trigger.start]
            if left and trigger.start - left[-1].end < 160:
                a = left[-1]
                doer = [resolved_actors[(a.start, a.end)]]
        trig_span = tree.span(trigger.i)
        if not patient:
            patient = [
                x
                for x in actors_in(trig_span)
                if x.span[0] > trigger.start and all(x.actor != d.actor for d in doer)
            ]
        if not doer and not patient:
            # the parse gave nothing (headlines: "Eight Iraqi soldiers killed in Anbar
            # fighting"): the nearest actor before the trigger acts, the nearest after suffers
            left = [a for a in sent_actors if a.end <= trigger.start]
            right = [a for a in sent_actors if a.start >= trigger.end]
            if left and trigger.start - left[-1].end < 80:
                doer = [resolved_actors[(left[-1].start, left[-1].end)]]
            if right and right[0].start - trigger.end < 80:
                arg = resolved_actors[(right[0].start, right[0].end)]
                patient = [arg] if all(arg.actor != d.actor for d in doer) else []

        if tdef.victim_subject and not passive:
            doer, patient = [], doer
        places, place_from_context, near = self._places(
            inputs=inputs,
            tree=tree,
            trigger=trigger,
            subj_span=subj_span,
            passive=passive,
            tdef=tdef,
        )
        times = event_time(inputs, tree, trigger)
        fatal = self._fatalities(tree, trigger, text, n_triggers)

        role = tdef.role
        actor1: list[Arg] = doer
        actor2: list[Arg] = patient
        territorial = ""
        if role == "gain" or role == "expel":
            territorial = "gain"
        elif role == "loss":
            # the subject is the loser; the taker, if named, is another actor in the sentence
            losers = doer or patient
            if losers and all(x.actor.inter in (6, 7) for x in losers):
                return []  # civilians fleeing is displacement, not a change of control
            takers = [a for a in patient if all(a.actor != x.actor for x in losers)] if doer else []
            actor1, actor2 = takers, losers
            territorial = "gain" if takers else "loss"
        elif role == "fall":
            takers = to_actor(tree, trigger, actors_in)
            actor1 = takers
            actor2 = []
            territorial = "gain" if takers else "loss"
        if territorial and not actor2 and trigger.pos == "VERB" and role in ("gain", "expel"):
            others = [
                resolved_actors[(a.start, a.end)]
                for a in sent_actors
                if a.start > trigger.start
                and all(resolved_actors[(a.start, a.end)].actor != x.actor for x in actor1)
                and resolved_actors[(a.start, a.end)].actor.kind in ARMED_KINDS
                and not (subj_span and subj_span[0] <= a.start < subj_span[1] and role != "loss")
            ]
            actor2 = others[:1]

        words = Words(
            clause=lemmas(
                tree,
                [*tree.subtree(trigger.i), *span_tokens(tree, subj_span)]
                + ([*tree.subtree(agent_tok.i)] if agent_tok is not None else []),
            ),
            sentence=lemmas(tree, range(sent.token_start, sent.token_end)),
        )
        out: list[EventMention] = []
        targets: list[ResolvedPlace | None] = list(places) or [None]
        for rp in targets:
            place = rp.place if rp is not None else None
            a1 = self._localise(actor1, place)
            a2 = self._localise(actor2, place)
            if a1 and a2 and a1[0].actor == a2[0].actor:
                a2 = a2[1:]
            event_type, sub, a1, a2 = self._typed(
                tdef=tdef,
                trigger=trigger,
                a1=a1,
                a2=a2,
                others=self._localise(
                    [resolved_actors[(a.start, a.end)] for a in sent_actors], place
                ),
                territorial=territorial,
                words=words,
                place=place,
                doc_country=doc_country,
            )
            earliest, latest, precision, time_ev, from_ctx = times
            flags: list[str] = []
            modality = reading.modality
            if earliest is None and latest is None and doc.published is not None:
                latest = doc.published
                earliest = doc.published - timedelta(days=UNDATED_LOOKBACK_DAYS)
                precision = TimePrecision.MONTH
                from_ctx = True
                flags.append("undated")
            elif earliest is None and latest is None:
                flags.append("undated")  # no date in the text and none on the document
            elif time_ev is None and from_ctx:
                flags.append("dated_by_report")  # no date in the text: the report's, by tense
            if (
                "date_estimated" in doc.flags
                and earliest is not None
                and not (
                    time_ev is not None and re.search(r"\b\d{4}\b", text[time_ev[0] : time_ev[1]])
                )
            ):
                # dated from a publication date that is itself only a not-before estimate
                flags.append("date_estimated")
                if precision is TimePrecision.DAY:
                    precision = TimePrecision.WEEK
            if (
                latest is not None
                and doc.published is not None
                and (doc.published - latest).days > 365 * HISTORICAL_YEARS
                and modality is Modality.ASSERTED
            ):
                modality = Modality.HISTORICAL
            if rp is None:
                flags.append("no_location")
            elif place_from_context:
                flags.append("location_from_context")
            ev: list[FieldEvidence] = [
                FieldEvidence("event_type", Evidence.of(doc, trigger.start, trigger.end)),
                FieldEvidence("notes", Evidence.of(doc, sent.start, sent.end)),
            ]
            for name, args in (("actor1", a1), ("actor2", a2)):
                if args:
                    ev.append(FieldEvidence(name, Evidence.of(doc, *args[0].span)))
                for extra in args[1:]:
                    ev.append(FieldEvidence(f"assoc_{name}", Evidence.of(doc, *extra.span)))
            if rp is not None:
                e = rp.mention.evidence
                ev.append(FieldEvidence("location", Evidence.of(doc, e.start, e.end)))
            if time_ev is not None:
                ev.append(FieldEvidence("event_date", Evidence.of(doc, *time_ev)))
            if fatal is not None:
                ev.append(FieldEvidence("fatalities", Evidence.of(doc, fatal[1], fatal[2])))
            if reading.claimant_span is not None:
                ev.append(FieldEvidence("claimant", Evidence.of(doc, *reading.claimant_span)))
            if reading.disputed_span is not None:
                ev.append(FieldEvidence("disputed_by", Evidence.of(doc, *reading.disputed_span)))
            mention_id = stable_id(
                doc.doc_id, trigger.start, place.geonameid if place else "", prefix="men_"
            )
            out.append(
                EventMention(
                    mention_id=mention_id,
                    doc_id=doc.doc_id,
                    trigger=Evidence.of(doc, trigger.start, trigger.end),
                    sentence=Evidence.of(doc, sent.start, sent.end),
                    event_type=event_type,
                    sub_event_type=sub,
                    actor1=a1[0].actor.name if a1 else "",
                    assoc_actor_1="; ".join(x.actor.name for x in a1[1:]),
                    actor2=a2[0].actor.name if a2 else "",
                    assoc_actor_2="; ".join(x.actor.name for x in a2[1:]),
                    inter1=a1[0].actor.inter if a1 else 0,
                    inter2=a2[0].actor.inter if a2 else 0,
                    place=place,
                    geo_precision=(2 if near else rp.geo_precision) if rp is not None else 0,
                    earliest=earliest,
                    latest=latest,
                    time_precision=precision,
                    date_from_context=from_ctx,
                    fatalities=fatal[0] if fatal is not None else None,
                    modality=modality,
                    claimant=reading.claimant,
                    territorial=territorial,
                    evidence=tuple(ev),
                    flags=tuple(flags),
                )
            )
        return out

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


__all__ = ["DocInputs", "EventExtractor"]
