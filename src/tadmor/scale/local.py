"""Engines that analyse work units on this machine: in this process, or in worker processes.

A work unit is a :class:`~tadmor.scale.work.Chunk` of documents read by the main process,
or a :class:`~tadmor.scale.dataset.Partition` of a dataset that the worker reads itself.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from tadmor.scale.dataset import Partition, analyse_partition, lost_partition
from tadmor.scale.work import Chunk, ChunkResult, analyse_here, analyzer_for, lost_chunk
from tadmor.settings import Settings

MAX_TRIES = 3  # a unit whose worker dies this often is given up (its documents rejected)

Unit = Chunk | Partition


def analyse_unit(settings: Settings, unit: Unit) -> ChunkResult:
    """Analyse one work unit in this process (what every worker runs)."""
    if isinstance(unit, Partition):
        return analyse_partition(settings, unit)
    return analyse_here(settings, unit)


def lost_unit(unit: Unit, reason: str) -> ChunkResult:
    if isinstance(unit, Partition):
        return lost_partition(unit, reason)
    return lost_chunk(unit, reason)


class Engine:
    """Analyses work units and yields their results. This one runs them here, in order."""

    workers = 1

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def results(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        return self._map(chunks)

    def partition_results(self, parts: Iterable[Partition]) -> Iterator[ChunkResult]:
        return self._map(parts)

    def _map(self, units: Iterable[Unit]) -> Iterator[ChunkResult]:
        for unit in units:
            yield analyse_unit(self.settings, unit)

    def close(self) -> None:
        return None

    def __enter__(self) -> Engine:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _init_worker(settings: Settings) -> None:
    analyzer_for(settings)  # load the model and the gazetteer once, before the first unit


class ProcessEngine(Engine):
    """Units analysed by ``workers`` processes (started with "spawn": no state inherited
    from this process), each building its Analyzer once (an input of one unit is analysed
    in this process instead: no start-up to repay). At most two units per worker are
    in flight, so input is read as fast as it is analysed; results come back in input order.
    A worker that dies takes the pool with it: the pool is started again and the units in
    flight are analysed again (at most MAX_TRIES times each)."""

    def __init__(self, settings: Settings, workers: int) -> None:
        super().__init__(settings)
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def _submit(self, unit: Unit) -> Future[ChunkResult]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(self.settings,),
            )
        return self._pool.submit(analyse_unit, self.settings, unit)

    def _map(self, units: Iterable[Unit]) -> Iterator[ChunkResult]:
        todo = iter(units)
        first, second = next(todo, None), next(todo, None)
        if first is None:
            return
        if second is None and self._pool is None:
            # one unit: starting worker processes would cost more than it saves
            yield analyse_unit(self.settings, first)
            return
        todo = itertools.chain([first] if second is None else [first, second], todo)
        window = 2 * self.workers
        flying: dict[Future[ChunkResult], Unit] = {}
        tries: dict[int, int] = {}
        done: dict[int, ChunkResult] = {}
        order: list[int] = []  # indices in input order, not yet yielded
        exhausted = False
        while True:
            while not exhausted and len(flying) < window:
                unit = next(todo, None)
                if unit is None:
                    exhausted = True
                    break
                order.append(unit.index)
                flying[self._submit(unit)] = unit
            if not flying:
                break
            finished, _ = wait(list(flying), return_when=FIRST_COMPLETED)
            broken: list[Unit] = []
            for fut in finished:
                unit = flying.pop(fut)
                try:
                    done[unit.index] = fut.result()
                except BrokenProcessPool:
                    broken.append(unit)
            if broken:
                self._restart(flying, broken, tries, done)
            while order and order[0] in done:
                yield done.pop(order.pop(0))

    def _restart(
        self,
        flying: dict[Future[ChunkResult], Unit],
        broken: list[Unit],
        tries: dict[int, int],
        done: dict[int, ChunkResult],
    ) -> None:
        """A worker died: every unit still in flight is lost with the pool; run them again
        on a new pool, giving up on those that have been tried MAX_TRIES times."""
        lost = broken + list(flying.values())
        flying.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        for unit in sorted(lost, key=lambda u: u.index):
            tries[unit.index] = tries.get(unit.index, 0) + 1
            if tries[unit.index] >= MAX_TRIES:
                done[unit.index] = lost_unit(unit, "its worker process died")
            else:
                flying[self._submit(unit)] = unit

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


EngineFactory = Callable[[Settings], Engine]
