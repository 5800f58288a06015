"""A set of character spans that answers "does this span overlap one of them?" in time that
does not grow with the number of spans (issue 17: a hostile document with tens of thousands of
names must not make recognition quadratic)."""

from __future__ import annotations

from collections.abc import Iterable

_WIDTH = 64  # characters per bucket


class SpanSet:
    """Half-open spans ``(start, end)``, bucketed by position; a span is filed under every
    bucket it covers, so adding and asking cost O(span length / 64 + spans in those buckets)."""

    __slots__ = ("_buckets",)

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._buckets: dict[int, list[tuple[int, int]]] = {}
        for span in spans:
            self.add(span)

    def add(self, span: tuple[int, int]) -> None:
        start, end = span
        for b in range(start // _WIDTH, max(start, end - 1) // _WIDTH + 1):
            self._buckets.setdefault(b, []).append(span)

    def overlaps(self, span: tuple[int, int]) -> bool:
        start, end = span
        for b in range(start // _WIDTH, max(start, end - 1) // _WIDTH + 1):
            for a0, a1 in self._buckets.get(b, ()):
                if a0 < end and start < a1:
                    return True
        return False

    def covers(self, pos: int) -> bool:
        """Whether a span contains the position ``pos``."""
        return any(a0 <= pos < a1 for a0, a1 in self._buckets.get(pos // _WIDTH, ()))
