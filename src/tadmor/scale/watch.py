"""Watch a folder: analyse files as they arrive, so a crawler can feed Tadmor continuously.

Polling, no platform file events: every ``interval`` seconds the folder is listed; a file
is taken once its size and modification time are the same on two polls in a row (a file
still being written waits), except with ``once``, which takes what is there and stops.
A file taken again after it changed is read again; documents already stored are skipped by
the run itself, so watching is idempotent: a restarted watch stores nothing twice.
Hidden files and names ending in .part, .tmp or .crdownload are never taken.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tadmor.errors import TadmorError

Signature = tuple[int, int]  # size, mtime in ns
_TEMPORARY = (".part", ".tmp", ".crdownload", ".partial")


@dataclass
class FolderWatch:
    """The files of ``folder`` that are ready to read, poll after poll."""

    folder: Path
    taken: dict[Path, Signature] = field(default_factory=dict)
    _last: dict[Path, Signature] = field(default_factory=dict)

    def _listing(self) -> dict[Path, Signature]:
        if not self.folder.is_dir():
            raise TadmorError("E123", f"{self.folder} is not a folder (tadmor watch)")
        found: dict[Path, Signature] = {}
        for p in sorted(self.folder.rglob("*")):
            rel = p.relative_to(self.folder).parts
            if any(part.startswith(".") for part in rel) or p.name.endswith(_TEMPORARY):
                continue
            try:
                st = p.stat()
            except OSError:  # removed between listing and stat
                continue
            if p.is_file():
                found[p] = (st.st_size, st.st_mtime_ns)
        return found

    def ready(self, *, settle: bool = True) -> list[Path]:
        """Files new or changed since they were taken; with ``settle``, only those unchanged
        since the previous poll."""
        now = self._listing()
        out = [
            p
            for p, sig in now.items()
            if self.taken.get(p) != sig and (not settle or self._last.get(p) == sig)
        ]
        self._last = now
        return out

    def take(self, paths: list[Path]) -> None:
        for p in paths:
            if p in self._last:
                self.taken[p] = self._last[p]


def watch_folder(
    folder: Path,
    *,
    process: Callable[[list[Path]], None],
    interval: float = 2.0,
    once: bool = False,
    max_polls: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Poll ``folder`` and call ``process`` with each poll's ready files, in path order.
    Stops after one pass with ``once``, after ``max_polls`` polls, or on KeyboardInterrupt
    (between passes); returns the number of files processed."""
    w = FolderWatch(folder)
    n = 0
    for _ in _polls(max_polls):
        files = w.ready(settle=not once)
        if files:
            process(files)
            w.take(files)
            n += len(files)
        if once:
            break
        sleep(interval)
    return n


def _polls(limit: int | None) -> Iterator[int]:
    i = 0
    while limit is None or i < limit:
        yield i
        i += 1
