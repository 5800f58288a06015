"""The overlap structures that keep recognition linear (issue 17) answer as the brute force."""

from __future__ import annotations

import random

from tadmor.geo.recognize import _Candidate, _merge, _Persons
from tadmor.geo.spans import SpanSet


def _brute(spans: list[tuple[int, int]], q: tuple[int, int]) -> bool:
    return any(a < q[1] and q[0] < b for a, b in spans)


def test_span_set_answers_as_the_brute_force() -> None:
    rng = random.Random(7)
    for _ in range(200):
        spans = []
        for _ in range(rng.randrange(0, 30)):
            a = rng.randrange(0, 400)
            spans.append((a, a + rng.randrange(1, 150)))
        s = SpanSet(spans)
        for _ in range(50):
            a = rng.randrange(0, 500)
            q = (a, a + rng.randrange(1, 80))
            assert s.overlaps(q) == _brute(spans, q)
            assert s.covers(a) == any(x <= a < y for x, y in spans)


def test_span_set_grows() -> None:
    s = SpanSet()
    assert not s.overlaps((0, 10))
    s.add((5, 200))
    assert s.overlaps((150, 151)) and not s.overlaps((200, 300)) and s.covers(199)


def test_persons_overlapping_is_exact() -> None:
    rng = random.Random(3)
    for _ in range(200):
        persons, pos = [], 0
        for _ in range(rng.randrange(0, 20)):
            pos += rng.randrange(0, 30)
            end = pos + rng.randrange(1, 40)
            persons.append((pos, end, "Ali Hassan"))
            pos = end
        index = _Persons(persons)
        for _ in range(30):
            a = rng.randrange(0, max(1, pos + 10))
            q = (a, a + rng.randrange(1, 20))
            got = [(s, e) for s, e, _ in index.overlapping(q)]
            assert got == [(s, e) for s, e, _ in persons if s < q[1] and q[0] < e]


def test_merge_keeps_longest_and_matches_the_brute_force() -> None:
    rng = random.Random(11)
    for _ in range(200):
        cands = []
        for _ in range(rng.randrange(0, 40)):
            a = rng.randrange(0, 300)
            cands.append(_Candidate(a, a + rng.randrange(1, 30), "k", ner=rng.choice(["", "GPE"])))
        order = sorted(cands, key=lambda c: (-(c.end - c.start), c.ner == "", c.start))
        expected: list[tuple[int, int]] = []
        for c in order:
            if not any(s < c.end and c.start < e for s, e in expected):
                expected.append((c.start, c.end))
        got = _merge([_Candidate(c.start, c.end, c.key, ner=c.ner) for c in cands])
        assert [(c.start, c.end) for c in got] == sorted(expected)
