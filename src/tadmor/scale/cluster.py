"""Analysis on a Dask cluster: the same work units, run on the cluster's workers.

``tadmor run --cluster tcp://scheduler:8786`` connects to a running scheduler (Dask
distributed, the ``cluster`` extra: ``pip install 'tadmor[cluster]'``). Each work unit is a
task; every worker builds its Analyzer once and keeps it. At most two units per worker are
in flight and results are stored as they arrive, in whatever order. A worker that dies
loses its running and finished-but-unfetched units: the scheduler runs them again on the
other workers; since the main process stores each unit's records by their content-hash ids,
in one transaction, a unit run twice is stored once (nothing lost, nothing duplicated).
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from tadmor.errors import TadmorError
from tadmor.scale.local import MAX_TRIES, Engine, Unit, analyse_unit, lost_unit
from tadmor.scale.work import ChunkResult
from tadmor.settings import Settings


def _distributed() -> Any:
    """The ``distributed`` module (untyped, hence Any), or a coded error when missing."""
    try:
        return importlib.import_module("distributed")
    except ImportError as exc:
        raise TadmorError(
            "E020",
            "--cluster needs Dask distributed, which is not installed: "
            "pip install 'tadmor[cluster]'",
        ) from exc


def _client(address: Any) -> Any:
    dist = _distributed()
    if isinstance(address, dist.Client):
        return address
    try:
        return dist.Client(address, set_as_default=False, timeout="30s")
    except (OSError, TimeoutError) as exc:
        raise TadmorError("E021", f"cannot reach the Dask scheduler at {address}: {exc}") from exc


class DaskEngine(Engine):
    """Work units analysed on the workers of a Dask cluster (``address``: the scheduler's
    address, or a ``distributed.Client``)."""

    def __init__(self, settings: Settings, address: Any) -> None:
        super().__init__(settings)
        self._own = not hasattr(address, "submit")
        self._client = _client(address)
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))
        self._run = uuid.uuid4().hex[:12]

    def _map(self, units: Iterable[Unit]) -> Iterator[ChunkResult]:
        todo = iter(units)
        window = 2 * self.workers
        pending = _distributed().as_completed()
        flying: dict[str, Unit] = {}

        def submit() -> bool:
            unit = next(todo, None)
            if unit is None:
                return False
            fut = self._client.submit(
                analyse_unit,
                self.settings,
                unit,
                key=f"tadmor-{self._run}-{unit.index}",
                pure=False,
                retries=MAX_TRIES,
            )
            flying[fut.key] = unit
            pending.add(fut)
            return True

        while len(flying) < window and submit():
            pass
        for fut in pending:
            unit = flying.pop(fut.key)
            try:
                result: ChunkResult = fut.result()
            except Exception as exc:  # KilledWorker, a worker that cannot import tadmor
                result = lost_unit(unit, f"{type(exc).__name__}: {exc}")
            fut.release()
            yield result
            submit()

    def close(self) -> None:
        if self._own:
            self._client.close()
