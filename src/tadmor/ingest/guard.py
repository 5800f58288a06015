"""The per-document guard: one document's failure is that document's Rejected, never the batch's.

:func:`guard_batch` analyses a batch of Documents with any callable that maps documents to their
event mentions (``Analyzer.analyse`` in the pipeline and in the workers). Before analysis each
document is checked against the limits in :class:`~tadmor.settings.Settings`; the batch is
analysed together under a time budget; when it fails or runs out of time, each document is
analysed on its own under ``settings.doc_time_budget_s``, and every document that still fails
becomes a Rejected with a code, its origin and the reason:

- E112 a line longer than ``max_line_chars`` (checked before analysis)
- E113 analysis took longer than ``doc_time_budget_s`` (the document is abandoned, not waited for)
- E190 analysis raised an error (its type and message are the reason)

Numbers leaving analysis are bounded too: a fatality figure above ``max_fatalities`` is
dropped and the mention flagged ``fatalities_out_of_range``.

The time budget interrupts analysis with ``SIGALRM`` where it can (POSIX, main thread); in
other threads it is checked when the document's analysis returns.
"""

from __future__ import annotations

import dataclasses
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from tadmor.model import Document, EventMention, Rejected
from tadmor.settings import Settings

__all__ = [
    "Analyse",
    "BudgetExceeded",
    "GuardedBatch",
    "bound_mentions",
    "check_document",
    "guard_batch",
    "time_budget",
]

Analyse = Callable[[Sequence[Document]], Iterable[tuple[Document, list[EventMention]]]]

# a batch analysed together may take this many seconds per document beyond one budget
_BATCH_SECONDS_PER_DOC = 1.0


class BudgetExceeded(BaseException):
    """Raised inside analysis when its time budget is spent (a BaseException, so that the
    ``except Exception`` of third-party code cannot swallow it)."""


@dataclass(frozen=True, slots=True)
class GuardedBatch:
    analysed: list[tuple[Document, list[EventMention]]]
    rejected: list[Rejected]


def _can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise BudgetExceeded in this block after ``seconds`` (POSIX main thread, no outer
    budget running), else when the block returns late. Restores any previous handler."""
    start = time.monotonic()
    if not _can_interrupt() or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        # another thread, or inside an outer budget (whose timer stays): checked afterwards
        yield
        if time.monotonic() - start > seconds:
            raise BudgetExceeded
        return

    def _expired(signum: int, frame: FrameType | None) -> None:
        raise BudgetExceeded

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_document(doc: Document, settings: Settings) -> Rejected | None:
    """The limits a document must meet before it is analysed (None when it meets them)."""
    if len(doc.text) > settings.max_doc_chars:
        return Rejected(
            doc.origin,
            "E104",
            f"{doc.origin}: {len(doc.text):,} characters, more than "
            f"max_doc_chars={settings.max_doc_chars:,}",
        )
    longest = max((len(line) for line in doc.text.split("\n")), default=0)
    if longest > settings.max_line_chars:
        return Rejected(
            doc.origin,
            "E112",
            f"{doc.origin}: a line of {longest:,} characters, more than "
            f"max_line_chars={settings.max_line_chars:,} (raise it with "
            f"--limit max_line_chars=N)",
        )
    return None


def bound_mentions(mentions: Iterable[EventMention], settings: Settings) -> list[EventMention]:
    """Mentions with every number inside the limits the store and exports can hold."""
    out: list[EventMention] = []
    for m in mentions:
        if m.fatalities is not None and not 0 <= m.fatalities <= settings.max_fatalities:
            m = dataclasses.replace(m, fatalities=None, flags=(*m.flags, "fatalities_out_of_range"))
        out.append(m)
    return out


def _failure(doc: Document, exc: BaseException, settings: Settings) -> Rejected:
    if isinstance(exc, BudgetExceeded):
        return Rejected(
            doc.origin,
            "E113",
            f"{doc.origin}: analysis took longer than doc_time_budget_s="
            f"{settings.doc_time_budget_s:g} s and was abandoned (raise it with "
            f"--limit doc_time_budget_s=SECONDS)",
        )
    detail = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return Rejected(
        doc.origin,
        "E190",
        f"{doc.origin}: analysis failed ({type(exc).__name__}{': ' + detail if detail else ''})",
    )


def _run(
    analyse: Analyse, docs: Sequence[Document], seconds: float, settings: Settings
) -> list[tuple[Document, list[EventMention]]]:
    with time_budget(seconds):
        results = list(analyse(docs))
    return [(d, bound_mentions(ms, settings)) for d, ms in results]


def guard_batch(
    docs: Sequence[Document],
    analyse: Analyse,
    *,
    settings: Settings,
    reset: Callable[[], None] | None = None,
) -> GuardedBatch:
    """Analyse ``docs`` with ``analyse``; every failure of one document becomes its Rejected.

    The batch is first analysed together under ``doc_time_budget_s`` plus 1 s a document; if
    that raises or runs out of time, ``reset`` is called (to drop what the failed attempt
    accumulated) and each document is analysed alone under ``doc_time_budget_s``. Results
    keep the order of ``docs``.
    """
    rejected: list[Rejected] = []
    ok: list[Document] = []
    for doc in docs:
        problem = check_document(doc, settings)
        if problem is None:
            ok.append(doc)
        else:
            rejected.append(problem)
    if not ok:
        return GuardedBatch([], rejected)
    budget = settings.doc_time_budget_s
    if len(ok) > 1:
        try:
            seconds = budget + _BATCH_SECONDS_PER_DOC * len(ok)
            return GuardedBatch(_run(analyse, ok, seconds, settings), rejected)
        except (Exception, BudgetExceeded):
            pass  # find the document(s) at fault: each alone, each under its own budget
        if reset is not None:
            reset()
    analysed: list[tuple[Document, list[EventMention]]] = []
    for doc in ok:
        try:
            analysed.extend(_run(analyse, [doc], budget, settings))
        except (Exception, BudgetExceeded) as exc:
            rejected.append(_failure(doc, exc, settings))
    return GuardedBatch(analysed, rejected)
