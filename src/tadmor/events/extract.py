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
from tadmor.events.arguments import ArgumentReader
from tadmor.events.attribution import attribute, responsibility_claims
from tadmor.events.confidence import Support, mention_confidence
from tadmor.events.context import (
    ARMED_KINDS,
    HISTORICAL_YEARS,
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
from tadmor.events.lexicon import Lexicon, TriggerDef
from tadmor.events.modality import Tree, read_modality
from tadmor.events.relevance import Gate, cues_of, relevant_spans, sentence_relevance
from tadmor.events.syntax import (
    agent,
    main_country,
    nearest_country,
    subject,
    to_actor,
)
from tadmor.events.territory import (
    losses_undone,
    retaken,
)
from tadmor.events.triggers import TriggerFinder
from tadmor.model import (
    Actor,
    EventMention,
    Evidence,
    FieldEvidence,
    Modality,
    ResolvedPlace,
    TimePrecision,
    Token,
    stable_id,
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


# inter codes of armed actors: state forces, rebels, political and identity militias, external
ARMED_INTER = frozenset({1, 2, 3, 4, 8})


def _armed_clash(a1: list[Arg], a2: list[Arg], sentence: str) -> bool:
    """An armed clash is fought by organised armed groups: one side is an armed actor, or the
    sentence names the fighting in words of war ("clashes", "militants", "shelling"), or is
    relevant by its cues ("attacks kill 26") with no general-news word ("firefighters")."""
    if any(x.actor.inter in ARMED_INTER for x in (*a1, *a2)):
        return True
    cues = cues_of(sentence)
    return cues.strong > 0 or cues.uncancelled > 0 or (cues.relevant and not cues.general)


def _war_words(sentence: str) -> bool:
    cues = cues_of(sentence)
    return cues.strong > 0 or cues.uncancelled > 0


# words that make an arrest political: who is arrested, or why
_POLITICAL = re.compile(
    r"\b(?:activists?|opposition|protest\w*|demonstrat\w*|dissidents?|journalists?|militants?|"
    r"insurgents?|rebels?|jihadis\w*|terror\w*|extremis\w*|separatists?|members? of|"
    r"politicians?|lawmakers?|party|supporters|leaders?|commanders?|fighters?|spy|spying|"
    r"coup|plot\w*|treason|sedition|riot\w*|unrest|curfew|militias?|gunmen|bandits|"
    r"kidnappers|suspected (?:\w+ )?(?:members?|fighters?|militants?))\b",
    re.IGNORECASE,
)


def _ordinary_crime(event_type: str, sub: str, a1: list[Arg], a2: list[Arg], sentence: str) -> bool:
    """Crime news, not political violence: an arrest of nobody political, or violence against
    a person by no organised armed actor, in a sentence without words of war. ACLED codes
    neither."""
    if _war_words(sentence) or cues_of(sentence).actors:
        return False  # words of war, or armed men named in the sentence ("armed gang members")
    armed = any(x.actor.inter in ARMED_INTER and x.actor.inter != 1 for x in a1)
    if sub == "Arrests":
        political = any(x.actor.inter in (2, 3, 4, 5, 6) for x in a2)
        return not political and not _POLITICAL.search(sentence)
    if event_type == "Violence against civilians" and sub != "Abduction/forced disappearance":
        return not armed and not any(x.actor.inter == 1 for x in a1)
    if sub == "Abduction/forced disappearance":
        return not armed and not any(x.actor.inter == 1 for x in a1)
    return False


class EventExtractor(TriggerFinder, ArgumentReader):
    """Finds event mentions in parsed documents. Build once; call :meth:`extract` per document."""

    def __init__(self, *, lexicon: Lexicon, actors: ActorDictionary) -> None:
        self.lexicon = lexicon
        self.actors = actors
        self._countries = ActorMatcher(actors)  # the country a text names most
        # exact names and aliases, for names the matcher does not see inside a word
        # ("RSF-held"); where two groups share an alias, the one of the place's country wins
        self._by_alias: dict[str, list[Actor]] = {}
        for a in actors.actors:
            for alias in (a.name, *a.aliases):
                self._by_alias.setdefault(alias, []).append(a)

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
        # general news gives no events: only sentences that may report political violence,
        # protest or a strategic development (with their context sentences) are coded
        spans = relevant_spans(parsed.doc.text, title=parsed.doc.title)
        armed = [
            span
            for span, arg in resolved_actors.items()
            if arg.actor.inter in ARMED_INTER and not arg.actor.name.startswith("Police Forces")
        ]
        for sent in parsed.sentences:
            gate = Gate(
                cues=sentence_relevance(parsed.doc.text[sent.start : sent.end]),
                near=any(s < sent.end and sent.start < e for s, e in spans),
                armed=any(sent.start <= s < sent.end for s, _ in armed),
                general=cues_of(parsed.doc.text[sent.start : sent.end]).general > 0,
                continues=bool(previous),
            )
            if not gate.near and not gate.armed and gate.general:
                previous = []
                continue
            tree = Tree(parsed.tokens, sent)
            triggers = self._triggers(parsed, tree, sent, inputs, gate)
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
        out = attribute(out, parsed=parsed, claims=claims, actors=self.actors)
        return losses_undone(out)

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
        sent_text = text[sent.start : sent.end]

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
            if not losers and tdef.event_type != "Battles" and not _war_words(sent_text):
                return []  # "the suspect fled the area": no armed side leaves anything
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
            if sub == "Armed clash" and not _armed_clash(a1, a2, sent_text):
                continue  # "teens started fighting", "fighting the fire": no armed groups
            if not tdef.only_alone and _ordinary_crime(event_type, sub, a1, a2, sent_text):
                continue  # "police arrested a man", "he kidnapped his former partner"
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
            holder, holder_inferred = self._prior_holder(
                territorial=territorial,
                role=role,
                a1=a1,
                a2=a2,
                text=text,
                sent=sent,
                resolved_actors=resolved_actors,
                country=(place.country_code if place is not None else "") or doc_country,
            )
            if territorial and retaken(trigger):
                flags.append("retaken")  # the taker held the place before the loser did
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
                    prior_holder=holder,
                    prior_holder_inferred=holder_inferred,
                    confidence=mention_confidence(
                        Support(
                            tdef=tdef,
                            noun=trigger.pos in ("NOUN", "PROPN"),
                            sentence=text[sent.start : sent.end],
                            actor1=bool(a1),
                            actor2=bool(a2),
                            place=rp is not None,
                            place_from_context=place_from_context,
                            dated_in_text=time_ev is not None,
                            modality=modality,
                            claimed=bool(reading.claimant),
                        )
                    ),
                )
            )
        return out


__all__ = ["DocInputs", "EventExtractor"]
