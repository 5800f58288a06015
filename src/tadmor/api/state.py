"""What one running app holds: the store, its settings, the event index, the write token,
and the jobs that analyse uploaded documents in the background."""

from __future__ import annotations

import hmac
import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tadmor.api.index import EventIndex
from tadmor.errors import TadmorError
from tadmor.model import Event, EventMention
from tadmor.settings import Settings
from tadmor.store import Store

if TYPE_CHECKING:
    from tadmor.geo import Gazetteer
    from tadmor.pipeline import Analyzer

TOKEN_ENV = "TADMOR_API_TOKEN"
DEFAULT_MAX_UPLOAD_BYTES = 5_000_000


@dataclass(frozen=True, slots=True)
class ApiConfig:
    """How the app is served. ``token`` None: read-only (every write answers 403)."""

    token: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    place_names: bool = True  # resolve place filters through the gazetteer's names

    @classmethod
    def from_env(cls, **overrides: Any) -> ApiConfig:
        token = os.environ.get(TOKEN_ENV, "").strip() or None
        return cls(**{"token": token, **overrides})

    def token_ok(self, given: str | None) -> bool:
        if self.token is None or not given:
            return False
        return hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))


@dataclass
class Job:
    doc_id: str
    status: str  # queued, processing, done, rejected, failed
    detail: str = ""


@dataclass
class ApiState:
    settings: Settings
    store: Store
    config: ApiConfig
    _index: EventIndex | None = None
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _write_lock: threading.Lock = field(default_factory=threading.Lock)
    _gazetteer: Gazetteer | None = None
    _gazetteer_failed: bool = False
    _analyzer: Analyzer | None = None
    jobs: dict[str, Job] = field(default_factory=dict)
    _mentions: tuple[EventIndex, dict[str, EventMention]] | None = None

    def index(self) -> EventIndex:
        """The event index, rebuilt when the store has changed since it was built."""
        with self._lock:
            version = self._store_version()
            if self._index is None or (version is not None and version != self._index.version):
                self._index = EventIndex.build(self.store.events(), version=version)
            return self._index

    def invalidate(self) -> None:
        with self._lock:
            self._index = None

    def _store_version(self) -> object:
        """The store's last change time, when it can tell (writes by other processes)."""
        probe = getattr(self.store, "last_change", None)
        if callable(probe):
            try:
                return probe()
            except TadmorError:
                return None
        return None

    def place_ids(self, name: str) -> frozenset[int]:
        """GeoNames ids of the places that have ``name`` among their names (any spelling)."""
        if not self.config.place_names or not name.strip() or name.strip().isdigit():
            return frozenset()
        gaz = self.gazetteer()
        if gaz is None:
            return frozenset()
        try:
            return frozenset(p.geonameid for p in gaz.lookup(name))
        except TadmorError:
            return frozenset()

    def gazetteer(self) -> Gazetteer | None:
        with self._lock:
            if self._gazetteer is None and not self._gazetteer_failed:
                from tadmor.geo import Gazetteer

                try:
                    self._gazetteer = Gazetteer.open(self.settings)
                except TadmorError:
                    self._gazetteer_failed = True
            return self._gazetteer

    def analyzer(self) -> Analyzer:
        with self._lock:
            if self._analyzer is None:
                from tadmor.pipeline import Analyzer

                self._analyzer = Analyzer.create(self.settings)
            return self._analyzer

    def writing(self) -> threading.Lock:
        """Held while the app writes to the store: one write at a time."""
        return self._write_lock

    # --- derived reads, cached with the index ------------------------------------------

    def mentions(self) -> dict[str, EventMention]:
        """Every stored event mention by id (read once per index)."""
        with self._lock:
            index = self.index()
            if self._mentions is None or self._mentions[0] is not index:
                self._mentions = (index, {m.mention_id: m for m in self.store.event_mentions()})
            return self._mentions[1]

    def events_of_document(self, doc_id: str) -> list[Event]:
        return [e for e in self.index().events() if doc_id in e.sources]

    def coordinates(self) -> dict[int, tuple[float, float]]:
        """Latitude and longitude of each place events are coded at, by GeoNames id."""
        out: dict[int, tuple[float, float]] = {}
        for e in self.index().events():
            if e.geonameid is not None and e.latitude is not None and e.longitude is not None:
                out.setdefault(e.geonameid, (e.latitude, e.longitude))
        return out

    def corrections_of(self, event_id: str) -> list[dict[str, Any]]:
        """The analysts' corrections of an event, oldest first, as JSON objects."""
        from tadmor.store import to_json

        reader = getattr(self.store, "corrections", None)
        if not callable(reader):
            return []
        return [to_json(c) for c in reader(event_id=event_id)]

    def changes(self, since: datetime | None) -> tuple[str, list[dict[str, Any]]]:
        """Now (ISO, UTC) and the change feed's entries since ``since``, oldest first."""
        now = datetime.now(UTC).isoformat()
        reader = getattr(self.store, "changes", None)
        if not callable(reader):
            raise TadmorError("E920", "this store keeps no change feed")
        items = []
        for c in reader(since=since):
            items.append(
                {"event_id": c.event_id, "change": c.kind.value, "at": c.at.isoformat(),
                 "into": c.into or None}
            )  # fmt: skip
        return now, items
