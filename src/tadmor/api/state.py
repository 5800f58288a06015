"""What one running app holds: the store, its settings, the event index, the write token,
and the jobs that analyse uploaded documents in the background."""

from __future__ import annotations

import hmac
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tadmor.api.index import EventIndex
from tadmor.errors import TadmorError
from tadmor.model import Event
from tadmor.settings import Settings
from tadmor.store import Store

if TYPE_CHECKING:
    from tadmor.geo import Gazetteer
    from tadmor.pipeline import Analyzer

TOKEN_ENV = "TADMOR_API_TOKEN"
DEFAULT_MAX_UPLOAD_BYTES = 5_000_000
CATCH_UP_LIMIT = 2_000  # more changes than this at once: read every event again


@dataclass(frozen=True, slots=True)
class ApiConfig:
    """How the app is served. ``token`` None: read-only (every write answers 403)."""

    token: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    place_names: bool = True  # resolve place filters through the gazetteer's names
    # how often the change feed is read for writes by other processes (this app's own
    # writes are seen at once)
    feed_interval_s: float = 1.0

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
    _seq: int = 0
    _checked_at: float = 0.0

    def index(self) -> EventIndex:
        """The event index, up to date with the store: the change feed says which events
        were added, changed, merged away or deleted since the index last looked, by this app
        or by another process, and only those are read again."""
        with self._lock:
            if self._index is None:
                return self._rebuild()
            now = time.monotonic()
            if now - self._checked_at < self.config.feed_interval_s:
                return self._index
            self._checked_at = now
            fresh = self.store.changes(after_seq=self._seq, limit=CATCH_UP_LIMIT + 1)
            if not fresh:
                return self._index
            if len(fresh) > CATCH_UP_LIMIT:
                return self._rebuild()
            self._seq = fresh[-1].seq
            changed: list[Event] = []
            removed: list[str] = []
            for eid in sorted({c.event_id for c in fresh}):
                served = self.store.event(eid)
                if served is None:
                    removed.append(eid)
                else:
                    changed.append(served.event)
            self._index = self._index.replace(changed, removed, version=self._seq)
            return self._index

    def _rebuild(self) -> EventIndex:
        feed = self.store.changes(after_seq=self._seq)
        if feed:
            self._seq = feed[-1].seq  # read first: what changes while reading is read again
        self._index = EventIndex.build(self.store.events(), version=self._seq)
        return self._index

    def invalidate(self) -> None:
        """Forget the index (the next request reads every event again)."""
        with self._lock:
            self._index = None

    def wrote(self) -> None:
        """This app just wrote: the next request reads the change feed at once."""
        with self._lock:
            self._checked_at = 0.0

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

    def events_of_document(self, doc_id: str) -> list[Event]:
        return self.index().of_document(doc_id)

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

        return [to_json(c) for c in self.store.corrections(event_id)]

    def changes(self, since: datetime | None) -> tuple[str, list[dict[str, Any]]]:
        """Now (ISO, UTC) and the change feed's entries since ``since``, oldest first."""
        now = datetime.now(UTC).isoformat()
        items = [
            {"event_id": c.event_id, "change": c.kind.value, "at": c.at.isoformat(),
             "into": c.into or None, "seq": c.seq}
            for c in self.store.changes(since)
        ]  # fmt: skip
        return now, items
