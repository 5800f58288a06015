"""Scale: a run's analysis over every core of this machine or over a Dask cluster.

The main process reads the inputs, cuts them into work units and stores the results, one
transaction per unit; engines analyse the units: here (:class:`Engine`), in worker
processes (:class:`ProcessEngine`, ``--workers N``) or on a Dask cluster
(:class:`~tadmor.scale.cluster.DaskEngine`, ``--cluster ADDRESS``, an extra).
"""

from __future__ import annotations

import os
from typing import Any

from tadmor.errors import TadmorError
from tadmor.scale.dataset import Partition, partitions
from tadmor.scale.local import Engine, ProcessEngine, analyse_unit
from tadmor.scale.runner import RunCounts, read_documents, store_results
from tadmor.scale.work import Analysed, Chunk, ChunkResult, analyse_chunk, chunked
from tadmor.settings import Settings

__all__ = [
    "Analysed",
    "Chunk",
    "ChunkResult",
    "Engine",
    "Partition",
    "ProcessEngine",
    "RunCounts",
    "analyse_chunk",
    "analyse_unit",
    "chunked",
    "default_workers",
    "engine_for",
    "partitions",
    "read_documents",
    "store_results",
]


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def engine_for(settings: Settings, *, workers: int = 1, cluster: Any = None) -> Engine:
    """The engine for a run: a Dask cluster's (``cluster``: an address or a Client), worker
    processes (``workers`` > 1), or this process."""
    if workers < 1:
        raise TadmorError("E022", f"--workers must be at least 1, got {workers}")
    if cluster is not None:
        from tadmor.scale.cluster import DaskEngine

        return DaskEngine(settings, cluster)
    if workers > 1:
        return ProcessEngine(settings, workers)
    return Engine(settings)
