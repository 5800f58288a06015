"""Build ``countries_110m.json`` (country outlines for the briefing map) from Natural Earth.

Source: the ``naturalearth_lowres`` shapefile shipped as data inside the PyPI wheel
``geopandas==0.14.4`` (``geopandas/datasets/naturalearth_lowres/``), itself Natural Earth
1:110m Cultural Vectors, Admin 0 - Countries. Natural Earth is in the public domain
(see the Natural Earth terms of use); geopandas is BSD-3-Clause.

Run once, by hand (not at run time, never from tests)::

    pip download geopandas==0.14.4 --no-deps -d /tmp/ne
    unzip -o /tmp/ne/geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*' -d /tmp/ne
    python make_outlines.py /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres \
        countries_110m.json

Output: ``{"source", "licence", "scale", "countries": [{"name", "iso_a3", "bbox", "rings"}]}``
where every ring is a flat list ``[x0, y0, x1, y1, ...]`` of integers, degrees times ``scale``.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

SCALE = 100  # hundredths of a degree (about 1 km): ample for a 1:110m outline


def read_dbf(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    n_records, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields: list[tuple[str, int]] = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos : pos + 11].split(b"\0", 1)[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    rows: list[dict[str, str]] = []
    for i in range(n_records):
        rec = data[header_len + i * record_len : header_len + (i + 1) * record_len]
        off = 1  # deletion flag
        row: dict[str, str] = {}
        for name, length in fields:
            row[name] = rec[off : off + length].decode("latin-1").strip()
            off += length
        rows.append(row)
    return rows


def read_shp(path: Path) -> list[list[list[tuple[float, float]]]]:
    data = path.read_bytes()
    pos = 100
    shapes: list[list[list[tuple[float, float]]]] = []
    while pos < len(data):
        _num, content_words = struct.unpack(">ii", data[pos : pos + 8])
        content = data[pos + 8 : pos + 8 + content_words * 2]
        pos += 8 + content_words * 2
        (shape_type,) = struct.unpack("<i", content[:4])
        if shape_type == 0:
            shapes.append([])
            continue
        if shape_type not in (5, 15, 25):
            raise ValueError(f"unsupported shape type {shape_type}")
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44 : 44 + 4 * n_parts]))
        pts_off = 44 + 4 * n_parts
        coords = struct.unpack(f"<{2 * n_points}d", content[pts_off : pts_off + 16 * n_points])
        points = [(coords[2 * k], coords[2 * k + 1]) for k in range(n_points)]
        bounds = [*parts, n_points]
        shapes.append([points[bounds[j] : bounds[j + 1]] for j in range(n_parts)])
    return shapes


def encode_ring(ring: list[tuple[float, float]]) -> list[int]:
    flat: list[int] = []
    last: tuple[int, int] | None = None
    for x, y in ring:
        p = (round(x * SCALE), round(y * SCALE))
        if p != last:
            flat.extend(p)
            last = p
    return flat


def build(stem: Path) -> dict[str, object]:
    rows = read_dbf(stem.with_suffix(".dbf"))
    shapes = read_shp(stem.with_suffix(".shp"))
    countries: list[dict[str, object]] = []
    for row, rings in zip(rows, shapes, strict=True):
        encoded = [r for r in (encode_ring(ring) for ring in rings) if len(r) >= 6]
        if not encoded:
            continue
        xs = [v for r in encoded for v in r[0::2]]
        ys = [v for r in encoded for v in r[1::2]]
        countries.append(
            {
                "name": row.get("name", ""),
                "iso_a3": row.get("iso_a3", ""),
                "bbox": [min(xs), min(ys), max(xs), max(ys)],
                "rings": encoded,
            }
        )
    countries.sort(key=lambda c: (str(c["iso_a3"]), str(c["name"])))
    return {
        "source": "Natural Earth 1:110m Admin 0 - Countries, via the naturalearth_lowres "
        "data shipped in the PyPI wheel geopandas==0.14.4",
        "licence": "Natural Earth: public domain",
        "scale": SCALE,
        "countries": countries,
    }


def main(argv: list[str]) -> int:
    stem, out = Path(argv[1]), Path(argv[2])
    text = json.dumps(build(stem), separators=(",", ":"), ensure_ascii=True, sort_keys=True)
    out.write_text(text + "\n", encoding="ascii")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
