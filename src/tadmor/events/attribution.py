"""Who did it, when the sentence that tells the attack does not say.

ACLED codes the perpetrator a report names anywhere: "A bomb exploded on a minibus in Kabul,
killing seven. Islamic State later claimed the bombing." is an IED attack by Islamic State. An
attack whose perpetrator nobody names is coded to an "Unidentified Armed Group" of the event's
country.

:func:`responsibility_claims` finds the claims ("X claimed (responsibility for) the attack",
"X said it carried out the bombing"); :func:`attribute` fills the empty actor1 of the violent
mentions of the same document with the claimant, else with an unidentified armed group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from tadmor.actors import ActorDictionary, is_unidentified
from tadmor.events.context import ARMED_KINDS, Arg
from tadmor.events.modality import Tree
from tadmor.model import Actor, EventMention, Evidence, FieldEvidence, Modality, ParsedDoc

__all__ = ["Responsibility", "attribute", "responsibility_claims"]

_CLAIM_VERBS = frozenset({"claim", "admit", "acknowledge"})
# "police blamed Boko Haram for planting the device": the object is the perpetrator
_BLAME_VERBS = frozenset({"blame", "accuse", "attribute"})
_ATTACK_WORDS = frozenset(
    {
        "responsibility",
        "attack",
        "attacks",
        "bombing",
        "bombings",
        "blast",
        "explosion",
        "killing",
        "killings",
        "assault",
        "ambush",
        "raid",
        "abduction",
        "kidnapping",
        "assassination",
        "massacre",
        "it",
    }
)
# violent types whose perpetrator ACLED always names, if only as unidentified
_NEEDS_PERPETRATOR = frozenset(
    {
        ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ("Explosions/Remote violence", "Suicide bomb"),
        ("Explosions/Remote violence", "Grenade"),
        ("Violence against civilians", "Attack"),
        ("Violence against civilians", "Abduction/forced disappearance"),
        ("Violence against civilians", "Sexual violence"),
    }
)


@dataclass(frozen=True, slots=True)
class Responsibility:
    """An armed actor claiming an attack, with the words that name it."""

    actor: Actor
    span: tuple[int, int]


def responsibility_claims(parsed: ParsedDoc, args: Sequence[Arg]) -> list[Responsibility]:
    """Armed actors that claim an attack in the document, in text order."""
    out: list[Responsibility] = []
    for sent in parsed.sentences:
        tree = Tree(parsed.tokens, sent)
        for i in range(sent.token_start, sent.token_end):
            tok = parsed.tokens[i]
            lemma = tok.lemma.lower()
            if tok.pos != "VERB" or lemma not in _CLAIM_VERBS | _BLAME_VERBS:
                continue
            if lemma in _BLAME_VERBS:
                obj = next((c for c in tree.children(i) if c.dep == "dobj"), None)
                found = _armed_in(tree.span(obj.i), args) if obj is not None else None
                if found is not None:
                    out.append(found)
                continue
            objects = {
                parsed.tokens[j].lemma.lower()
                for c in tree.children(i)
                if c.dep in ("dobj", "prep", "ccomp")
                for j in tree.subtree(c.i)
            }
            if not objects & _ATTACK_WORDS:
                continue
            subj = next((c for c in tree.children(i) if c.dep == "nsubj"), None)
            if subj is None:
                continue
            found = _armed_in(tree.span(subj.i), args)
            if found is not None:
                out.append(found)
    return out


def _armed_in(span: tuple[int, int], args: Sequence[Arg]) -> Responsibility | None:
    """The first named non-state armed actor inside ``span``."""
    for a in args:
        if (
            span[0] <= a.span[0] < span[1]
            and a.actor.kind in ARMED_KINDS
            and a.actor.inter != 1
            and not is_unidentified(a.actor.name)
        ):
            return Responsibility(actor=a.actor, span=a.span)
    return None


def attribute(
    mentions: Sequence[EventMention],
    *,
    parsed: ParsedDoc,
    claims: Sequence[Responsibility],
    actors: ActorDictionary,
) -> list[EventMention]:
    """Fill an attack's empty actor1 with the document's claimant, else an unidentified group.

    A claim covers the attacks told before it and in its own sentence; with several claims,
    the nearest one before or after counts. Events that are not asserted are left alone, and
    so are types ACLED does not always attribute (battles, air strikes, shelling).
    """
    doc = parsed.doc
    out: list[EventMention] = []
    for m in mentions:
        violent = (m.event_type, m.sub_event_type) in _NEEDS_PERPETRATOR
        unknown_doer = not m.actor1 or is_unidentified(m.actor1)
        if not unknown_doer or not violent or m.modality is not Modality.ASSERTED:
            out.append(m)
            continue
        claim = min(claims, key=lambda c: abs(c.span[0] - m.trigger.start), default=None)
        if claim is not None:
            ev = FieldEvidence("actor1", Evidence.of(doc, *claim.span))
            out.append(
                replace(
                    m,
                    actor1=claim.actor.name,
                    inter1=claim.actor.inter,
                    evidence=(*(f for f in m.evidence if f.field != "actor1"), ev),
                    flags=(*m.flags, "actor1_from_claim"),
                )
            )
            continue
        country = m.place.country_code if m.place is not None else ""
        if m.actor1 or not country:
            out.append(m)
            continue
        unknown = actors.instantiate(actors.generics_by_kind("militia"), country)
        out.append(
            replace(
                m,
                actor1=unknown.name,
                inter1=unknown.inter,
                evidence=(*m.evidence, FieldEvidence("actor1", m.trigger)),
                flags=(*m.flags, "actor1_unidentified"),
            )
        )
    return out
