"""Spatial coherence between the names of one document.

The places a news story names tend to lie together: "Paris" beside "Henry County" is the Paris
inside Henry County, Tennessee, not the French capital. :func:`mutual_support` gives each
candidate place of each name a support in [0, 1] from the other names that have a candidate
near it (within ``radius_km``) or a province candidate that contains it, before any name is
resolved. A name with many candidates ("Springfield") lends little support to each, so a
common name does not pull places towards itself by chance.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from tadmor.geo.gazetteer import haversine_km
from tadmor.model import Place

RADIUS_KM = 100.0
# a reading with less than this share of its name's largest population lends no support: a
# name's obscure readings would pull places towards themselves by chance; every reading
# receives support from towns near it ("Lebanon" beside two towns of Boone County, Indiana),
# an obscure one not from its province alone
MINOR_SHARE = 0.01
_CELL_DEG = 1.0


def _cell(p: Place) -> tuple[int, int]:
    return math.floor(p.latitude / _CELL_DEG), math.floor(p.longitude / _CELL_DEG)


def _point(p: Place) -> bool:
    """A place small enough that its point says where it is (a town, a county)."""
    return p.feature_class == "P" or p.feature_code == "ADM2"


def mutual_support(
    candidates: Sequence[Sequence[Place]], *, radius_km: float = RADIUS_KM
) -> list[dict[int, float]]:
    """For each name (its candidate places), geonameid -> support from the other names.

    The support of a town or county is the sum, over the other names with a candidate near
    it or a first-level province containing it (of a province: a candidate inside it), of
    ``1 / sqrt(n)`` (``n``: that name's number of candidates), capped at 1. Readings with
    less than ``MINOR_SHARE`` of their name's largest population lend none."""
    cells: dict[tuple[int, int], list[tuple[int, Place]]] = {}
    provinces: dict[tuple[str, str], set[int]] = {}  # names with a province candidate
    inside: dict[tuple[str, str], set[int]] = {}  # names with a candidate inside a province
    weight: list[float] = []
    tops = [max((p.population for p in places), default=0) for places in candidates]
    for gi, places in enumerate(candidates):
        weight.append(1.0 / math.sqrt(max(1, len(places))))
        top = tops[gi]
        for p in places:
            if p.population < top * MINOR_SHARE:
                continue  # a name's obscure readings lend no support
            if _point(p):
                cells.setdefault(_cell(p), []).append((gi, p))
                inside.setdefault((p.country_code, p.admin1), set()).add(gi)
            elif p.feature_code == "ADM1":
                provinces.setdefault((p.country_code, p.admin1), set()).add(gi)
    out: list[dict[int, float]] = []
    for gi, places in enumerate(candidates):
        support: dict[int, float] = {}
        for p in places:
            minor = p.population < tops[gi] * MINOR_SHARE
            if p.feature_code == "ADM1":  # "Oklahoma" beside Tulsa and Norman
                around = inside.get((p.country_code, p.admin1), set()) - {gi}
                if around:
                    support[p.geonameid] = min(1.0, sum(weight[h] for h in around))
                continue
            if not _point(p):
                continue
            # an obscure reading is supported by towns near it, not by its province alone
            # ("Boston" beside "Ohio" is no village of Ohio)
            near: set[int] = (
                set()
                if minor
                else {h for h in provinces.get((p.country_code, p.admin1), ()) if h != gi}
            )
            la, lo = _cell(p)
            for dla in (-1, 0, 1):
                for dlo in (-1, 0, 1):
                    for h, q in cells.get((la + dla, lo + dlo), ()):
                        if h != gi and h not in near and haversine_km(p, q) <= radius_km:
                            near.add(h)
            if near:
                support[p.geonameid] = min(1.0, sum(weight[h] for h in near))
        out.append(support)
    return out
