"""Syntactic helpers for the event extractor: subjects, agents, places near a trigger, dating cues.

Pure functions over a sentence :class:`~tadmor.events.modality.Tree` and the other stages'
records; no state.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

from tadmor.actors import ActorSpan
from tadmor.events.modality import Tree
from tadmor.model import ResolvedPlace, TimeExpression, Token

T = TypeVar("T")

PLACE_NOUNS = frozenset(
    {
        "city",
        "town",
        "village",
        "area",
        "district",
        "province",
        "region",
        "base",
        "airport",
        "airbase",
        "camp",
        "outskirts",
        "stronghold",
        "neighbourhood",
        "neighborhood",
        "citadel",
    }
)


def inside(s: int, e: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= s and e <= b for a, b in spans)


def has_place(tree: Tree, i: int, places: Sequence[ResolvedPlace]) -> bool:
    s, e = tree.span(i)
    return any(s <= p.mention.evidence.start < e for p in places)


def has_actor(tree: Tree, i: int, actors: Sequence[ActorSpan]) -> bool:
    s, e = tree.span(i)
    return any(s <= a.start < e for a in actors)


def overlaps_time(tok: Token, times: Sequence[TimeExpression]) -> bool:
    return any(t.evidence.start <= tok.start < t.evidence.end for t in times)


def subject(tree: Tree, t: Token) -> tuple[Token | None, bool]:
    """The subject of a verb trigger, inherited through xcomp/conj/advcl chains."""
    cur = t
    for _ in range(4):
        kids = tree.children(cur.i)
        subj = next((c for c in kids if c.dep in ("nsubj", "nsubjpass", "csubj")), None)
        passive = any(c.dep in ("nsubjpass", "auxpass") for c in kids)
        if subj is not None:
            return subj, passive
        if cur.dep in ("xcomp", "conj", "advcl", "pcomp") and cur.head != cur.i:
            cur = tree.tokens[cur.head]
            continue
        if cur.dep in ("relcl", "acl") and cur.head != cur.i:
            # "rebels killed 18 civilians" misread as a reduced relative: a participle with a
            # direct object is active
            has_object = any(c.dep == "dobj" for c in tree.children(cur.i))
            return tree.tokens[cur.head], cur.tag == "VBN" and not has_object
        break
    return None, any(c.dep == "auxpass" for c in tree.children(t.i))


def agent(tree: Tree, t: Token) -> Token | None:
    return next((c for c in tree.children(t.i) if c.dep == "agent"), None)


def to_actor(tree: Tree, t: Token, actors_in: Callable[[tuple[int, int]], list[T]]) -> list[T]:
    """'fell to X', 'fell under X control', 'X's capture of': the taker."""
    for c in tree.children(t.i):
        if c.dep == "prep" and c.text.lower() in ("to", "under", "into", "by"):
            found = actors_in(tree.span(c.i))
            if found:
                return found
        if c.dep == "poss" or (c.dep == "prep" and c.text.lower() == "by"):
            found = actors_in(tree.span(c.i))
            if found:
                return found
    return []


def drop_containers(places: list[ResolvedPlace]) -> list[ResolvedPlace]:
    """'Ramadi in Iraq': Iraq only locates Ramadi. Keep the most specific places."""
    specific = [
        p
        for p in places
        if p.place.feature_class == "P" or p.place.feature_code not in ("PCLI", "PCL", "ADM1")
    ]
    chosen = specific or places[:1]
    seen: set[int] = set()
    out = []
    for p in chosen:
        if p.place.geonameid not in seen:
            seen.add(p.place.geonameid)
            out.append(p)
    return out


_DATELINE = re.compile(r"^[ \t]*[A-Z][\w'’.\- ]{1,40}(?:,[^\n—–]{0,60})?\s+[—–-]{1,2}\s")


def dateline(text: str, p: ResolvedPlace) -> bool:
    """'GOMA — ...', 'BAMAKO, 13 February — ...': where the reporter filed, not the event."""
    start = p.mention.evidence.start
    line_start = text.rfind("\n", 0, start) + 1
    if start - line_start > 3:
        return False
    return _DATELINE.match(text, line_start) is not None


def coordinated(
    tree: Tree, places: list[ResolvedPlace], local: list[ResolvedPlace]
) -> list[ResolvedPlace]:
    """One trigger, several targets only when coordinated ('Hit and Sukhnah'), else the first.

    The parser may hang the second town on the first one's container ('Hit in Iraq and
    Sukhnah'), so containers count as part of the first target.
    """
    if len(places) <= 1:
        return places
    by_token: dict[int, ResolvedPlace] = {}
    for p in local:
        for i in range(tree.sentence.token_start, tree.sentence.token_end):
            tok = tree.tokens[i]
            if p.mention.evidence.start <= tok.start < p.mention.evidence.end:
                by_token[i] = p
    first = places[0]
    keep = [first]
    containers = [p for p in local if p not in places]
    kept_tokens = {i for i, p in by_token.items() if p is first or p in containers}
    for p in places[1:]:
        toks = [i for i, q in by_token.items() if q is p]
        if any(
            (tree.tokens[i].dep == "conj" and conj_root(tree, i) in kept_tokens)
            or (conj_root(tree, i) in kept_tokens and tree.tokens[i].dep == "conj")
            for i in toks
        ):
            keep.append(p)
            kept_tokens.update(toks)
    return keep


def conj_root(tree: Tree, i: int) -> int:
    """Follow conj links up to the first conjunct."""
    cur = tree.tokens[i]
    for _ in range(10):
        if cur.dep != "conj" or cur.head == cur.i:
            break
        cur = tree.tokens[cur.head]
    return cur.i


def after_marker(tree: Tree, t: Token) -> Token | None:
    """The 'after' that subordinates the trigger's clause, if any."""
    for tok in [t, *tree.ancestors(t.i)[:3]]:
        for c in tree.children(tok.i):
            if c.text.lower() == "after" and c.dep in ("mark", "prep") and c.i < t.i:
                return c
        if tok.text.lower() == "after":
            return tok
        if tok.dep in ("ROOT", "ccomp"):
            break
    return None


_DURATION_DAYS = {"D": 1, "W": 7, "M": 30, "Y": 365}


def duration_before(times: Sequence[TimeExpression], marker: Token) -> int | None:
    """Days in a duration written just before 'after' ('two and a half weeks after')."""
    for t in times:
        if t.timex_type == "DURATION" and t.value and 0 <= marker.start - t.evidence.end <= 2:
            m = re.fullmatch(r"P(\d+(?:\.\d+)?)([DWMY])", t.value)
            if m:
                return round(float(m.group(1)) * _DURATION_DAYS[m.group(2)])
    return None


def anaphoric_object(tree: Tree, t: Token, places: Sequence[ResolvedPlace]) -> bool:
    """'took over the city': a definite place noun with no name refers back, not forward."""
    for c in tree.children(t.i):
        if c.dep in ("dobj", "nsubjpass", "pobj") and c.lemma.lower() in PLACE_NOUNS:
            det = [d.text.lower() for d in tree.children(c.i) if d.dep in ("det", "poss")]
            if (
                det
                and det[0] in ("the", "its", "this", "that")
                and not has_place(tree, c.i, places)
            ):
                return True
    return False


def near_cue(text: str, pos: int) -> bool:
    before = text[max(0, pos - 40) : pos].lower()
    return any(
        cue in before
        for cue in (
            " near ",
            "outskirts of",
            "north of",
            "south of",
            "east of",
            "west of",
            "northeast of",
            "northwest of",
            "southeast of",
            "southwest of",
            "outside ",
            "around ",
            "close to",
            "near the",
        )
    )


def now_word(tree: Tree, trigger: Token) -> tuple[int, int] | None:
    for j in [*tree.subtree(trigger.i)]:
        tok = tree.tokens[j]
        if tok.text.lower() in ("now", "currently", "today") and tok.dep in ("advmod", "npadvmod"):
            return tok.start, tok.end
    return None


def main_country(places: Sequence[ResolvedPlace]) -> str:
    counts = Counter(p.place.country_code for p in places if p.place.country_code)
    return counts.most_common(1)[0][0] if counts else ""


def nearest_country(pos: int, places: Sequence[ResolvedPlace]) -> str:
    best = min(places, key=lambda p: abs(p.mention.evidence.start - pos), default=None)
    if best is None or abs(best.mention.evidence.start - pos) > 200:
        return ""
    return best.place.country_code
