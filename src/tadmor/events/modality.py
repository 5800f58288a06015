"""Modality and claims: did the report assert that the event happened, and on whose word?

Rules read the dependency tree around a trigger; they are general (negation, modals,
conditionals, purpose clauses, near-miss adverbs, comparisons, speech verbs), never
lists of sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tadmor.model import Modality, Sentence, Token

NEAR_MISS_ADVERBS = frozenset({"almost", "nearly", "narrowly", "practically", "virtually"})
MODALS_HYPOTHETICAL = frozenset({"would", "could", "might", "may", "should", "can", "must", "'d"})
MODALS_FUTURE = frozenset({"will", "shall", "'ll", "wo"})
FUTURE_GOVERNORS = frozenset(
    {
        "plan",
        "vow",
        "threaten",
        "pledge",
        "promise",
        "intend",
        "prepare",
        "expect",
        "foresee",
        "predict",
        "anticipate",
        "fear",
        "warn",
        "aim",
        "announce",
        "order",
        "decide",
        "plot",
    }
)
INTENT_GOVERNORS = frozenset(
    {
        "try",
        "attempt",
        "seek",
        "struggle",
        "want",
        "hope",
        "push",
        "strive",
        "bid",
        "effort",
        "operation",
        "campaign",
        "drive",
        "offensive",
        "plan",
        "battle",
        "fight",
        "move",
        "mission",
    }
)
NEGATING_GOVERNORS = frozenset({"fail", "refuse", "deny", "avoid", "prevent", "stop", "halt"})
FUTURE_ADJECTIVES = frozenset(
    {
        "imminent",
        "impending",
        "planned",
        "expected",
        "looming",
        "possible",
        "potential",
        "likely",
        "future",
        "anticipated",
        "prospective",
        "eventual",
        "feared",
    }
)
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "provided", "suppose", "supposing"})
TEMPORAL_FUTURE_MARKS = frozenset({"once", "when", "until", "till", "before", "after", "as"})
SPEECH_VERBS = frozenset(
    {
        "say",
        "claim",
        "declare",
        "report",
        "announce",
        "allege",
        "tell",
        "state",
        "insist",
        "assert",
        "confirm",
        "quote",
        "add",
        "accuse",
        "boast",
        "acknowledge",
        "admit",
        "write",
        "tweet",
        "post",
        "publish",
    }
)
CLAIM_NOUNS = frozenset(
    {
        "claim",
        "allegation",
        "assertion",
        "report",
        "statement",
        "story",
        "idea",
        "narrative",
        "notion",
        "suggestion",
        "version",
        "account",
    }
)
DISPUTING_VERBS = frozenset(
    {
        "belie",
        "deny",
        "refute",
        "contradict",
        "dismiss",
        "reject",
        "debunk",
        "disprove",
        "dispute",
        "undermine",
    }
)
DISPUTING_ADVERBS = frozenset({"falsely", "incorrectly", "wrongly", "erroneously", "mistakenly"})
DISPUTING_PREDICATES = frozenset(
    {
        "false",
        "untrue",
        "wrong",
        "incorrect",
        "baseless",
        "myth",
        "fabrication",
        "lie",
        "unfounded",
        "mistaken",
        "fiction",
    }
)
FACTIVE_PREDICATES = frozenset(
    {
        "surprising",
        "suggest",
        "show",
        "mean",
        "prove",
        "reveal",
        "indicate",
        "remarkable",
        "notable",
        "unsurprising",
        "clear",
        "demonstrate",
        "confirm",
    }
)
ANALOGY_CUES = (
    "reminiscent of",
    "just as",
    "much as",
    "similar to",
    "analogous to",
    "echoes of",
    "like the",
    "recalling",
)


_PURPOSE_DEPS = frozenset({"xcomp", "advcl", "acl", "relcl", "ccomp", "conj", "pcomp"})
# nouns whose clause reports talk nobody vouches for
HEARSAY_NOUNS = frozenset(
    {
        "rumour",
        "rumor",
        "rumours",
        "rumors",
        "speculation",
        "allegation",
        "hearsay",
        "conjecture",
        "hoax",
        "misinformation",
        "disinformation",
        "gossip",
    }
)

# "managed to", and means used to an end ("used tear gas to disperse", "opened fire to
# disperse"): news reports the purpose of a means as done
_REALISED_GOVERNORS = frozenset(
    {"manage", "succeed", "begin", "start", "continue", "go", "use", "employ", "fire", "open"}
)


@dataclass(frozen=True, slots=True)
class ModalityReading:
    modality: Modality
    cue: str = ""  # the word(s) that decided it
    claimant: str = ""
    claimant_span: tuple[int, int] | None = None  # char span of the claimant phrase
    disputed_span: tuple[int, int] | None = None  # char span of the words that dispute it


class Tree:
    """Dependency helpers over the tokens of one sentence."""

    def __init__(self, tokens: Sequence[Token], sentence: Sentence) -> None:
        self.tokens = tokens
        self.sentence = sentence
        self._children: dict[int, list[int]] = {}
        for i in range(sentence.token_start, sentence.token_end):
            h = tokens[i].head
            if h != i:
                self._children.setdefault(h, []).append(i)

    def children(self, i: int) -> list[Token]:
        return [self.tokens[c] for c in self._children.get(i, [])]

    def ancestors(self, i: int) -> list[Token]:
        out: list[Token] = []
        seen = {i}
        cur = self.tokens[i]
        while cur.head != cur.i and cur.head not in seen:
            seen.add(cur.head)
            cur = self.tokens[cur.head]
            out.append(cur)
        return out

    def subtree(self, i: int) -> list[int]:
        out = [i]
        stack = [i]
        while stack:
            for c in self._children.get(stack.pop(), []):
                out.append(c)
                stack.append(c)
        return sorted(out)

    def span(self, i: int) -> tuple[int, int]:
        sub = self.subtree(i)
        return self.tokens[sub[0]].start, self.tokens[sub[-1]].end

    def text(self, i: int, full_text: str) -> str:
        s, e = self.span(i)
        return full_text[s:e]


def _clause_chain(tree: Tree, t: Token) -> list[Token]:
    """The trigger and the heads it depends on, up to the first finite clause (inclusive)."""
    chain = [t]
    cur = t
    for anc in tree.ancestors(t.i):
        if cur.dep in (
            "xcomp",
            "pobj",
            "pcomp",
            "prep",
            "dobj",
            "nsubj",
            "nsubjpass",
            "conj",
            "compound",
            "poss",
            "amod",
            "appos",
            "attr",
            "acl",
            "nmod",
            "npadvmod",
        ):
            chain.append(anc)
            cur = anc
            continue
        break
    return chain


def _aux_words(tree: Tree, tok: Token) -> list[str]:
    return [c.text.lower() for c in tree.children(tok.i) if c.dep in ("aux", "auxpass")]


def read_modality(tree: Tree, trigger: Token, *, text: str) -> ModalityReading:
    """Decide the modality of the event a trigger denotes, and who claims it."""
    t = trigger
    chain = _clause_chain(tree, t)
    ancestors = tree.ancestors(t.i)
    sent_text = text[tree.sentence.start : tree.sentence.end]

    # near-miss: "almost lost", "came close to capturing"
    for tok in chain[:2]:
        for c in tree.children(tok.i):
            if c.dep == "advmod" and c.text.lower() in NEAR_MISS_ADVERBS:
                return ModalityReading(Modality.NEAR_MISS, cue=c.text)
    for anc in ancestors[:3]:
        if anc.lemma == "come" and any(c.text.lower() == "close" for c in tree.children(anc.i)):
            return ModalityReading(Modality.NEAR_MISS, cue="came close")

    # negation on the trigger or the verb that carries it
    for tok in chain:
        for c in tree.children(tok.i):
            if c.dep == "neg" or (c.dep == "det" and c.text.lower() == "no"):
                return ModalityReading(Modality.NEGATED, cue=c.text)
        if tok is not t and tok.lemma in NEGATING_GOVERNORS:
            return ModalityReading(Modality.NEGATED, cue=tok.text)
    if any(anc.text.lower() == "without" for anc in ancestors[:2]):
        return ModalityReading(Modality.NEGATED, cue="without")

    # comparisons: "as Stalin did in 1945", "reminiscent of"
    for anc in [t, *ancestors]:
        if anc.lemma == "do" and any(
            c.dep == "mark" and c.text.lower() in ("as", "like") for c in tree.children(anc.i)
        ):
            return ModalityReading(Modality.ANALOGY, cue="as ... did")
    low = sent_text.lower()
    trig_rel = t.start - tree.sentence.start
    for cue in ANALOGY_CUES:
        k = low.find(cue)
        if 0 <= k < trig_rel and cue != "like the":
            return ModalityReading(Modality.ANALOGY, cue=cue)

    # disputed claims
    disputed = _disputed(tree, t, ancestors)
    claimant, claimant_span = _claimant(tree, t, ancestors, text=text)
    if disputed is not None:
        return ModalityReading(
            Modality.DISPUTED,
            cue="disputed",
            claimant=claimant,
            claimant_span=claimant_span,
            disputed_span=disputed,
        )

    # unverified talk: "rumours that the town had fallen", "speculation that ..."
    for anc in ancestors[:3]:
        if anc.pos == "NOUN" and anc.lemma.lower() in HEARSAY_NOUNS:
            return ModalityReading(
                Modality.DISPUTED,
                cue=anc.text,
                claimant=claimant,
                claimant_span=claimant_span,
                disputed_span=(anc.start, anc.end),
            )

    # the finite verb that carries tense/mood for the trigger
    verb = next((tok for tok in chain if tok.pos in ("VERB", "AUX")), None)
    factive = _factive_context(tree, t, ancestors)
    if verb is not None:
        aux = _aux_words(tree, verb)
        if any(a in MODALS_FUTURE for a in aux) or (
            "going" in aux and any(c.text.lower() == "to" for c in tree.children(verb.i))
        ):
            return ModalityReading(Modality.FUTURE, cue=" ".join(aux))
        modal = [a for a in aux if a in MODALS_HYPOTHETICAL]
        if modal:
            if "have" in aux and verb.tag == "VBN":
                return ModalityReading(Modality.COUNTERFACTUAL, cue=f"{modal[0]} have")
            if not (factive and modal[0] in ("can", "could")):
                return ModalityReading(Modality.HYPOTHETICAL, cue=modal[0])

    # conditional / temporal-future subordinate clauses
    for anc in [t, *ancestors]:
        marks = [c.text.lower() for c in tree.children(anc.i) if c.dep == "mark"]
        if any(m in CONDITIONAL_MARKS for m in marks):
            return ModalityReading(Modality.HYPOTHETICAL, cue=marks[0])
        present = anc.tag in ("VBZ", "VBP") and "has" not in _aux_words(tree, anc)
        if present and any(m in TEMPORAL_FUTURE_MARKS for m in marks):
            return ModalityReading(Modality.FUTURE, cue=marks[0])
        if anc.dep in ("ROOT",):
            break

    # nominal triggers take the mood of the clause they sit in ("would ... after Aleppo's fall")
    if t.pos in ("NOUN", "PROPN"):
        for c in tree.children(t.i):
            if c.dep == "amod" and c.text.lower().split("-")[-1] in FUTURE_ADJECTIVES:
                return ModalityReading(Modality.FUTURE, cue=c.text)
        gov = next((a for a in ancestors if a.pos in ("VERB", "AUX")), None)
        if gov is not None:
            aux = _aux_words(tree, gov)
            if any(a in MODALS_FUTURE for a in aux):
                return ModalityReading(Modality.FUTURE, cue=" ".join(aux))
            if any(a in MODALS_HYPOTHETICAL for a in aux) and not factive:
                if "have" in aux:
                    return ModalityReading(Modality.COUNTERFACTUAL, cue=" ".join(aux))
                return ModalityReading(Modality.HYPOTHETICAL, cue=" ".join(aux))

    # purpose and intention: "an operation to evict", "struck off to recover", "sought to end"
    for tok in chain:
        if (
            tok.pos == "VERB"
            and tok.tag == "VB"
            and any(c.dep == "aux" and c.text.lower() == "to" for c in tree.children(tok.i))
        ):
            head = tree.tokens[tok.head]
            if head.lemma in FUTURE_GOVERNORS:
                return ModalityReading(Modality.FUTURE, cue=f"{head.text} to")
            if tok.dep in _PURPOSE_DEPS and head.lemma not in _REALISED_GOVERNORS:
                return ModalityReading(Modality.INTENDED, cue=f"{head.text} to")
    for anc in ancestors[:4]:
        if anc.lemma in FUTURE_GOVERNORS and anc.pos == "VERB":
            return ModalityReading(Modality.FUTURE, cue=anc.text)
        if (
            anc.lemma in INTENT_GOVERNORS
            and anc.pos == "VERB"
            and anc.lemma not in ("fight", "battle", "push", "move", "drive")
        ):
            return ModalityReading(Modality.INTENDED, cue=anc.text)

    if sent_text.rstrip().rstrip("”\"'’ ").endswith("?"):
        return ModalityReading(Modality.HYPOTHETICAL, cue="?")

    return ModalityReading(Modality.ASSERTED, claimant=claimant, claimant_span=claimant_span)


def _factive_context(tree: Tree, t: Token, ancestors: list[Token]) -> bool:
    """A clausal subject ("That X could ... is not surprising") is presupposed true."""
    first = tree.tokens[tree.sentence.token_start]
    for tok in [t, *ancestors]:
        if tok.dep == "csubj":
            return True
        if tok.dep == "ccomp" and first.text.lower() == "that" and t.i > first.i:
            head = tree.tokens[tok.head]
            if head.dep == "ROOT" and tok.i < head.i:
                return True
            if head.lemma in FACTIVE_PREDICATES or any(
                c.lemma in FACTIVE_PREDICATES for c in tree.children(head.i)
            ):
                return True
    return False


def _disputed(tree: Tree, t: Token, ancestors: list[Token]) -> tuple[int, int] | None:
    for anc in ancestors:
        if anc.lemma in CLAIM_NOUNS:
            # the parser often misattaches the disputing verb: look just before the claim noun
            for j in range(max(tree.sentence.token_start, anc.i - 8), anc.i):
                tok = tree.tokens[j]
                if tok.lemma.lower() in DISPUTING_VERBS or tok.text.lower() in (
                    "belied",
                    "belies",
                    "denied",
                    "refuted",
                    "contradicted",
                    "dismissed",
                    "rejected",
                ):
                    return (tok.start, tok.end)
            for j in range(anc.i + 1, min(tree.sentence.token_end, anc.i + 3)):
                tok = tree.tokens[j]
                if tok.lemma.lower() in DISPUTING_PREDICATES:
                    return (tok.start, tok.end)
        # "... belied state media's claim that troops had withdrawn"
        if anc.lemma in CLAIM_NOUNS:
            gov = tree.tokens[anc.head]
            if gov.lemma in DISPUTING_VERBS:
                return (gov.start, gov.end)
            # "the idea of X's fall ... is false"
            for c in tree.children(gov.i):
                if c.dep in ("acomp", "attr") and c.lemma in DISPUTING_PREDICATES:
                    return (c.start, c.end)
        if anc.lemma in SPEECH_VERBS:
            for c in tree.children(anc.i):
                if c.dep == "advmod" and c.text.lower() in DISPUTING_ADVERBS:
                    return (c.start, c.end)
        if anc.lemma in DISPUTING_VERBS and anc.lemma != "undermine":
            return (anc.start, anc.end)
    return None


def _claimant(
    tree: Tree, t: Token, ancestors: list[Token], *, text: str
) -> tuple[str, tuple[int, int] | None]:
    prev = t
    for anc in ancestors:
        if anc.lemma in SPEECH_VERBS and prev.dep in ("ccomp", "xcomp", "parataxis", "dobj"):
            subj = next((c for c in tree.children(anc.i) if c.dep in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.pos != "PRON":
                return tree.text(subj.i, text), tree.span(subj.i)
            if subj is not None:
                return subj.text, (subj.start, subj.end)
        if anc.lemma in CLAIM_NOUNS:
            poss = next((c for c in tree.children(anc.i) if c.dep == "poss"), None)
            if poss is not None:
                s, e = tree.span(poss.i)
                while e > s and text[e - 1] in "’'s" and text[s:e].endswith(("’s", "'s")):
                    e -= 2
                return text[s:e], (s, e)
        prev = anc
    # "according to X"
    for i in range(tree.sentence.token_start, tree.sentence.token_end - 2):
        tok = tree.tokens[i]
        if tok.text.lower() == "according" and tree.tokens[i + 1].text.lower() == "to":
            obj = next((c for c in tree.children(i + 1) if c.dep == "pobj"), None)
            if obj is not None:
                return tree.text(obj.i, text), tree.span(obj.i)
    return "", None
