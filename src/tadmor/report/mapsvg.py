"""Inline SVG figures for the briefing: the event map, the timeline and the control chart.

All output is deterministic (records are sorted, numbers printed with fixed decimals) and
self-contained: no external resource is referenced; links only point inside the page.
Country outlines come from ``assets/countries_110m.json`` (Natural Earth, public domain);
the map is drawn without them when that file is missing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from html import escape
from importlib import resources

from tadmor.model import ControlPeriod, Event, TimePrecision

EVENT_TYPE_COLOURS: dict[str, str] = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#8c564b",
    "Strategic developments": "#1f77b4",
}
_EXTRA_COLOURS = ("#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939")
_CONTROLLER_COLOURS = (
    "#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1",
    "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac",
)  # fmt: skip
_LABEL_CHAR = 5.7  # estimated width of a 10px label character, in pixels
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _f(x: float) -> str:
    """A coordinate with one decimal and no negative zero."""
    s = f"{x:.1f}"
    return "0.0" if s == "-0.0" else s


def _rect(cls: str, x: float, y: float, w: float, h: float) -> str:
    return f'<rect class="{cls}" x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}"/>'


def _line(cls: str, x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line class="{cls}" x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}"/>'


def _text(cls: str, x: float, y: float, where: str, content: str) -> str:
    """An SVG text; ``content`` must already be escaped."""
    return f'<text class="{cls}" x="{_f(x)}" y="{_f(y)}" text-anchor="{where}">{content}</text>'


def _svg_open(cls: str, width: float, height: float, label: str) -> str:
    return (
        f'<svg class="{cls}" viewBox="0 0 {_f(width)} {_f(height)}" width="{_f(width)}" '
        f'height="{_f(height)}" role="img" aria-label="{_e(label)}">'
    )


def anchor(prefix: str, key: str) -> str:
    """A safe, stable HTML id for a record id (ids come from data and may hold anything)."""
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "_-") else "_" for ch in key)
    if safe != key or not safe:
        safe = f"{safe[:40]}_{sum((i + 1) * ord(c) for i, c in enumerate(key)) % 1000003:x}"
    return f"{prefix}-{safe}"


def type_colours(types: Iterable[str]) -> dict[str, str]:
    """Colour per event type: ACLED's six types fixed, any other type from a spare palette."""
    out: dict[str, str] = {}
    extra = 0
    for t in sorted(set(types)):
        if t in EVENT_TYPE_COLOURS:
            out[t] = EVENT_TYPE_COLOURS[t]
        else:
            out[t] = _EXTRA_COLOURS[extra % len(_EXTRA_COLOURS)]
            extra += 1
    return out


def controller_colours(names: Iterable[str]) -> dict[str, str]:
    return {
        n: _CONTROLLER_COLOURS[i % len(_CONTROLLER_COLOURS)]
        for i, n in enumerate(sorted(set(names)))
    }


def legend(colours: dict[str, str], *, title: str) -> str:
    items = "".join(
        f'<li><span class="swatch" style="background:{c}"></span>{_e(name)}</li>'
        for name, c in sorted(colours.items())
    )
    return f'<ul class="legend" aria-label="{_e(title)}">{items}</ul>'


# --- Map ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Country:
    name: str
    bbox: tuple[float, float, float, float]  # degrees: min lon, min lat, max lon, max lat
    rings: tuple[tuple[tuple[float, float], ...], ...]


@lru_cache(maxsize=1)
def load_outlines() -> tuple[_Country, ...]:
    """Country outlines shipped with the package; empty when the asset is missing."""
    try:
        raw = (resources.files("tadmor.report") / "assets" / "countries_110m.json").read_text(
            encoding="ascii"
        )
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return ()
    data = json.loads(raw)
    scale = float(data["scale"])
    out: list[_Country] = []
    for c in data["countries"]:
        rings = tuple(
            tuple((r[i] / scale, r[i + 1] / scale) for i in range(0, len(r) - 1, 2))
            for r in c["rings"]
        )
        b = c["bbox"]
        out.append(
            _Country(
                str(c["name"]), (b[0] / scale, b[1] / scale, b[2] / scale, b[3] / scale), rings
            )
        )
    return tuple(out)


def _nice_step(span: float, target: int = 6) -> float:
    raw = span / target
    for step in (0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 15, 20, 30, 45, 60):
        if step >= raw:
            return float(step)
    return 90.0


def _deg_label(value: float, step: float, pos: str, neg: str) -> str:
    decimals = 0 if step >= 1 else (1 if step >= 0.1 else 2)
    hemi = pos if value > 0 else (neg if value < 0 else "")
    return f"{abs(value):.{decimals}f}°{hemi}"


@dataclass(frozen=True, slots=True)
class _View:
    lon0: float
    lon1: float
    lat0: float
    lat1: float
    kx: float  # cos(mid latitude): equirectangular with true scale at the centre
    scale: float  # pixels per degree of latitude
    margin: float

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self.margin + (lon - self.lon0) * self.kx * self.scale,
            self.margin + (self.lat1 - lat) * self.scale,
        )


def _fences(values: Sequence[float], *, floor: float) -> tuple[float, float]:
    """Tukey's far-out fences (3 x the interquartile range, at least ``floor`` wide)."""
    v = sorted(values)
    q1, q3 = v[len(v) // 4], v[(3 * len(v)) // 4]
    spread = max(q3 - q1, floor)
    return q1 - 3 * spread, q3 + 3 * spread


def bulk_of(lats: Sequence[float], lons: Sequence[float]) -> list[int]:
    """Indices of the points that form the bulk: all of them, less the far outliers in
    latitude or longitude (a few misplaced points must not force a world view). Fewer than
    five points are all kept."""
    if len(lats) < 5:
        return list(range(len(lats)))
    lat_lo, lat_hi = _fences(lats, floor=1.0)
    lon_lo, lon_hi = _fences(lons, floor=1.0)
    keep = [
        i for i, (la, lo) in enumerate(zip(lats, lons, strict=True))
        if lat_lo <= la <= lat_hi and lon_lo <= lo <= lon_hi
    ]  # fmt: skip
    return keep if len(keep) * 2 > len(lats) else list(range(len(lats)))


def _fit_view(lats: Sequence[float], lons: Sequence[float], *, width: int, height: int) -> _View:
    margin = 34.0
    lat_min, lat_max, lon_min, lon_max = min(lats), max(lats), min(lons), max(lons)
    pad_lat = max((lat_max - lat_min) * 0.15, 0.6)
    pad_lon = max((lon_max - lon_min) * 0.15, 0.6)
    lat0, lat1 = max(lat_min - pad_lat, -89.9), min(lat_max + pad_lat, 89.9)
    lon0, lon1 = max(lon_min - pad_lon, -180.0), min(lon_max + pad_lon, 180.0)
    kx = max(math.cos(math.radians((lat0 + lat1) / 2)), 0.2)
    inner_w, inner_h = width - 2 * margin, height - 2 * margin
    w_deg, h_deg = (lon1 - lon0) * kx, lat1 - lat0
    if w_deg / h_deg < inner_w / inner_h:  # too tall: widen the longitude range
        extra = (h_deg * inner_w / inner_h / kx - (lon1 - lon0)) / 2
        lon0, lon1 = lon0 - extra, lon1 + extra
    else:  # too wide: heighten the latitude range
        extra = (w_deg * inner_h / inner_w - h_deg) / 2
        lat0, lat1 = lat0 - extra, lat1 + extra
    scale = inner_h / (lat1 - lat0)
    return _View(lon0, lon1, lat0, lat1, kx, scale, margin)


def _outline_paths(view: _View) -> tuple[str, list[str]]:
    paths: list[str] = []
    labels: list[str] = []
    pad_lon = (view.lon1 - view.lon0) * 0.1
    pad_lat = (view.lat1 - view.lat0) * 0.1
    for country in sorted(load_outlines(), key=lambda c: c.name):
        b = country.bbox
        if b[2] < view.lon0 - pad_lon or b[0] > view.lon1 + pad_lon:
            continue
        if b[3] < view.lat0 - pad_lat or b[1] > view.lat1 + pad_lat:
            continue
        d: list[str] = []
        for ring in country.rings:
            xs = [p[0] for p in ring]
            ys = [p[1] for p in ring]
            if max(xs) < view.lon0 - pad_lon or min(xs) > view.lon1 + pad_lon:
                continue
            if max(ys) < view.lat0 - pad_lat or min(ys) > view.lat1 + pad_lat:
                continue
            pts: list[tuple[float, float]] = []
            for lon, lat in ring:
                x, y = view.xy(lon, lat)
                if not pts or abs(x - pts[-1][0]) + abs(y - pts[-1][1]) >= 0.8:
                    pts.append((x, y))
            if len(pts) >= 3:
                d.append("M" + "L".join(f"{_f(x)} {_f(y)}" for x, y in pts) + "Z")
        if not d:
            continue
        paths.append(
            f'<path class="country" d="{"".join(d)}"><title>{_e(country.name)}</title></path>'
        )
        biggest = max(country.rings, key=len)
        cx = sum(p[0] for p in biggest) / len(biggest)
        cy = sum(p[1] for p in biggest) / len(biggest)
        x, y = view.xy(cx, cy)
        half = 4.4 * len(country.name)  # 11px capitals with wide letter spacing
        x_max, y_max = view.xy(view.lon1, view.lat0)
        if view.margin + half < x < x_max - half and view.margin + 12 < y < y_max - 4:
            labels.append(
                f'<text class="country-label" x="{_f(x)}" y="{_f(y)}" text-anchor="middle">'
                f"{_e(country.name.upper())}</text>"
            )
    return "".join(paths), labels


def _graticule(view: _View, width: float, height: float) -> str:
    m = view.margin
    step = _nice_step(max(view.lon1 - view.lon0, view.lat1 - view.lat0))
    parts: list[str] = []
    lon = math.ceil(view.lon0 / step) * step
    while lon <= view.lon1 + 1e-9:
        x, _ = view.xy(lon, 0.0)
        parts.append(_line("grat", x, m, x, height - m))
        parts.append(
            f'<text class="grat-label" x="{_f(x)}" y="{_f(height - m + 14)}" text-anchor="middle">'
            f"{_deg_label(round(lon, 6), step, 'E', 'W')}</text>"
        )
        lon += step
    lat = math.ceil(view.lat0 / step) * step
    while lat <= view.lat1 + 1e-9:
        _, y = view.xy(0.0, lat)
        parts.append(_line("grat", m, y, width - m, y))
        parts.append(
            f'<text class="grat-label" x="{_f(m - 4)}" y="{_f(y + 3)}" text-anchor="end">'
            f"{_deg_label(round(lat, 6), step, 'N', 'S')}</text>"
        )
        lat += step
    return "".join(parts)


def _overlaps(
    box: tuple[float, float, float, float], boxes: list[tuple[float, float, float, float]]
) -> bool:
    x0, y0, x1, y1 = box
    return any(not (x1 < a0 or x0 > a1 or y1 < b0 or y0 > b1) for a0, b0, a1, b1 in boxes)


def _tooltip(e: Event) -> str:
    when = e.event_date.isoformat() if e.event_date else "undated"
    actors = " vs ".join(a for a in (e.actor1, e.actor2) if a)
    return f"{when} · {e.event_type} / {e.sub_event_type} · {actors} · {e.location}"


def render_map(events: Sequence[Event], *, width: int = 900, height: int = 540) -> str:
    """An SVG map of the events with coordinates (one circle per event) and a legend."""
    located = sorted(
        (e for e in events if e.latitude is not None and e.longitude is not None),
        key=lambda e: e.event_id,
    )
    missing = len(events) - len(located)
    note = (
        f'<p class="note">{missing} event(s) without coordinates are not mapped.</p>'
        if missing
        else ""
    )
    if not located:
        return '<p class="empty">No event has coordinates, so there is nothing to map.</p>' + note
    lats = [float(e.latitude or 0.0) for e in located]
    lons = [float(e.longitude or 0.0) for e in located]
    bulk = bulk_of(lats, lons)
    view = _fit_view([lats[i] for i in bulk], [lons[i] for i in bulk], width=width, height=height)
    kept = set(bulk)
    outside = sorted(
        {e.location or e.country or e.event_id for i, e in enumerate(located) if i not in kept}
    )
    if outside:
        note += (
            f'<p class="note">The map shows the bulk of the events; {len(located) - len(bulk)} '
            f"far from it lie outside: {_e(', '.join(outside[:12]))}"
            f"{' …' if len(outside) > 12 else ''}.</p>"
        )
    m = view.margin
    outlines, country_labels = _outline_paths(view)
    colours = type_colours(e.event_type for e in located)
    groups: dict[tuple[float, float], list[Event]] = {}
    for e in (located[i] for i in bulk):  # the outliers are named in the note, not drawn
        groups.setdefault(
            (round(float(e.latitude or 0.0), 4), round(float(e.longitude or 0.0), 4)), []
        ).append(e)
    points: list[str] = []
    labels: list[str] = []
    boxes: list[tuple[float, float, float, float]] = []
    order = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for (lat, lon), members in order:
        cx, cy = view.xy(lon, lat)
        k = len(members)
        ring = min(max(7.0, float(k)), 40.0) if k > 1 else 0.0
        radius = "5" if k <= 12 else "3.5"
        for i, e in enumerate(members):
            dx = dy = 0.0
            if k > 1:  # co-located events sit on a small ring around the place
                angle = 2 * math.pi * i / k
                dx, dy = ring * math.cos(angle), ring * math.sin(angle)
            points.append(
                f'<a href="#{anchor("ev", e.event_id)}"><circle class="ev-point" '
                f'cx="{_f(cx + dx)}" cy="{_f(cy + dy)}" r="{radius}" '
                f'fill="{colours[e.event_type]}" '
                f'data-event-id="{_e(e.event_id)}" data-lat="{float(e.latitude or 0.0):.5f}" '
                f'data-lon="{float(e.longitude or 0.0):.5f}" data-type="{_e(e.event_type)}">'
                f"<title>{_e(_tooltip(e))}</title></circle></a>"
            )
        name = sorted({e.location for e in members if e.location})
        if not name:
            continue
        text = name[0] + (f" ({k})" if k > 1 else "")
        tw, off = 6.2 * len(text), ring + 8.0
        for lx, ly, anchor_pos in (
            (cx + off, cy + 4, "start"),
            (cx - off, cy + 4, "end"),
            (cx, cy - off - 2, "middle"),
        ):
            x0 = lx if anchor_pos == "start" else (lx - tw if anchor_pos == "end" else lx - tw / 2)
            box = (x0, ly - 10, x0 + tw, ly + 2)
            if x0 < m or x0 + tw > width - m or _overlaps(box, boxes):
                continue
            boxes.append(box)
            labels.append(
                f'<text class="place-label" x="{_f(lx)}" y="{_f(ly)}" text-anchor="{anchor_pos}">'
                f"{_e(text)}</text>"
            )
            break
    svg = (
        f'<svg class="map" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="Map of {len(located)} events">'
        f'<defs><clipPath id="map-clip"><rect x="{_f(m)}" y="{_f(m)}" width="{_f(width - 2 * m)}" '
        f'height="{_f(height - 2 * m)}"/></clipPath></defs>'
        f"{_rect('sea', m, m, width - 2 * m, height - 2 * m)}"
        f'<g clip-path="url(#map-clip)">{outlines}{"".join(country_labels)}</g>'
        f"{_graticule(view, width, height)}"
        f"{_rect('frame', m, m, width - 2 * m, height - 2 * m)}"
        f'<g class="points">{"".join(points)}</g><g class="labels">{"".join(labels)}</g></svg>'
    )
    credit = "Equirectangular projection, true scale at the centre latitude." + (
        " Country outlines: Natural Earth 1:110m (public domain)." if outlines else ""
    )
    return (
        f'<figure class="figure">{svg}<figcaption>{legend(colours, title="Event types")}'
        f'<p class="note">{credit}</p>{note}</figcaption></figure>'
    )


# --- Time axis -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _TimeScale:
    d0: date
    d1: date
    x0: float
    x1: float

    def x(self, d: date) -> float:
        span = max((self.d1 - self.d0).days, 1)
        return self.x0 + (d - self.d0).days / span * (self.x1 - self.x0)

    def ticks(self) -> list[tuple[date, str]]:
        days = (self.d1 - self.d0).days
        out: list[tuple[date, str]] = []
        if days <= 45:
            step = max(1, math.ceil(days / 10))
            d = self.d0
            while d <= self.d1:
                out.append((d, f"{d.day} {_MONTH_ABBR[d.month - 1]}"))
                d += timedelta(days=step)
            return out
        if days <= 365 * 3:
            months = max(1, math.ceil(days / 30.4 / 10))
            months = next(s for s in (1, 2, 3, 4, 6, 12) if s >= months)
            y, mo = self.d0.year, self.d0.month
            while True:
                d = date(y, mo, 1)
                if d > self.d1:
                    return out
                if d >= self.d0 and (mo - 1) % months == 0:
                    out.append((d, f"{_MONTH_ABBR[mo - 1]} {y}"))
                y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
        step = max(1, math.ceil(days / 365.25 / 10))
        for y in range(self.d0.year + 1, self.d1.year + 1):
            if y % step == 0:
                out.append((date(y, 1, 1), str(y)))
        return out


def _time_domain(dates: Iterable[date]) -> tuple[date, date] | None:
    ds = sorted(dates)
    if not ds:
        return None
    lo, hi = ds[0], ds[-1]
    pad = max(timedelta(days=2), (hi - lo) * 0.04)
    return lo - pad, hi + pad


def _axis(scale: _TimeScale, top: float, bottom: float) -> str:
    parts = [_line("axis", scale.x0, bottom, scale.x1, bottom)]
    for d, label in scale.ticks():
        x = scale.x(d)
        parts.append(_line("tick", x, top, x, bottom))
        parts.append(_text("tick-label", x, bottom + 14, "middle", _e(label)))
    return "".join(parts)


def _precision_window(e: Event) -> tuple[date, date] | None:
    d = e.event_date
    if d is None or e.time_precision == TimePrecision.DAY:
        return None
    if e.time_precision == TimePrecision.WEEK:
        return d - timedelta(days=3), d + timedelta(days=3)
    nxt = date(d.year + 1, 1, 1) if d.month == 12 else date(d.year, d.month + 1, 1)
    return date(d.year, d.month, 1), nxt - timedelta(days=1)


def render_timeline(events: Sequence[Event], *, width: int = 900) -> str:
    """Events on a time axis, one row per event type; week/month precision shown as a band."""
    dated = sorted(
        (e for e in events if e.event_date is not None),
        key=lambda e: (e.event_date or date.min, e.event_id),
    )
    undated = len(events) - len(dated)
    note = f'<p class="note">{undated} undated event(s) are not shown.</p>' if undated else ""
    if not dated:
        return '<p class="empty">No dated event to place on a timeline.</p>' + note
    window_dates = [d for e in dated for d in (_precision_window(e) or ())]
    domain = _time_domain([e.event_date for e in dated if e.event_date] + window_dates)
    assert domain is not None
    left, right = 200.0, 20.0
    scale = _TimeScale(domain[0], domain[1], left, width - right)
    colours = type_colours(e.event_type for e in dated)
    order = {t: i for i, t in enumerate(EVENT_TYPE_COLOURS)}
    types = sorted(colours, key=lambda t: (order.get(t, len(order)), t))
    rows: list[str] = []
    y = 10.0
    for t in types:
        members = [e for e in dated if e.event_type == t]
        lane_end: list[float] = []
        placed: list[tuple[Event, float, int]] = []
        for e in members:
            x = scale.x(e.event_date or domain[0])
            lane = next((i for i, end in enumerate(lane_end) if end < x - 9), len(lane_end))
            if lane == len(lane_end):
                lane_end.append(x)
            lane_end[lane] = x
            placed.append((e, x, lane))
        row_h = max(26.0, 12.0 * len(lane_end) + 14.0)
        rows.append(_rect("row-bg", 0, y, width, row_h))
        rows.append(_text("row-label", left - 8, y + row_h / 2 + 4, "end", _e(t)))
        for e, x, lane in placed:
            cy = y + 13.0 + 12.0 * lane
            win = _precision_window(e)
            if win is not None:
                wx0, wx1 = scale.x(win[0]), scale.x(win[1])
                rows.append(
                    _rect("tl-window", wx0, cy - 4, max(wx1 - wx0, 2.0), 8).replace(
                        "/>", f' fill="{colours[t]}"/>'
                    )
                )
            rows.append(
                f'<a href="#{anchor("ev", e.event_id)}"><circle class="tl-point" '
                f'cx="{_f(x)}" cy="{_f(cy)}" r="4.5" '
                f'fill="{colours[t]}" data-event-id="{_e(e.event_id)}" '
                f'data-date="{(e.event_date or domain[0]).isoformat()}">'
                f"<title>{_e(_tooltip(e))}</title></circle></a>"
            )
        y += row_h + 4
    height = y + 24
    svg = (
        _svg_open("timeline", width, height, f"Timeline of {len(dated)} events")
        + _axis(scale, 6.0, y)
        + "".join(rows)
        + "</svg>"
    )
    return (
        f'<figure class="figure">{svg}<figcaption>{legend(colours, title="Event types")}'
        '<p class="note">Bands show week- or month-level date precision.</p>'
        f"{note}</figcaption></figure>"
    )


# --- Control chart ----------------------------------------------------------------------


def _period_title(p: ControlPeriod, fmt: Callable[[date], str]) -> str:
    start = fmt(p.start) if p.start else "before the first evidence"
    end = fmt(p.end) if p.end else "the last evidence (still held)"
    inferred = " (controller inferred)" if p.inferred else ""
    return f"{p.controller} held {p.place} from {start} to {end}{inferred}"


def render_control_chart(
    periods: Sequence[ControlPeriod], events: Sequence[Event] = (), *, width: int = 900
) -> str:
    """Per place, one horizontal bar per control period, coloured by controller."""
    if not periods:
        return '<p class="empty">No control periods were derived.</p>'
    by_place: dict[tuple[str, int], list[ControlPeriod]] = {}
    for p in periods:
        by_place.setdefault((p.place, p.geonameid), []).append(p)
    known = [d for p in periods for d in (p.start, p.end) if d is not None]
    domain = _time_domain(known + [e.event_date for e in events if e.event_date is not None])
    left, right = 200.0, 30.0
    if domain is None:
        scale = _TimeScale(date(2000, 1, 1), date(2000, 1, 2), left, width - right)
    else:
        scale = _TimeScale(domain[0], domain[1], left, width - right)
    colours = controller_colours(p.controller for p in periods)
    rows: list[str] = []
    y = 8.0
    row_h = 50.0
    for (place, geonameid), group in sorted(by_place.items()):
        cc = group[0].country_code
        label = f"{place} ({cc})" if cc else place
        rows.append(_rect("row-bg", 0, y, width, row_h))
        rows.append(
            f'<text class="row-label" x="{_f(left - 8)}" y="{_f(y + 27)}" text-anchor="end" '
            f'data-geonameid="{geonameid}">{_e(label)}</text>'
        )
        top_free = bottom_free = 0.0  # labels are left out where they would overlap
        for p in sorted(group, key=lambda p: (p.start or date.min, p.end or date.max, p.period_id)):
            x0 = scale.x(p.start) if p.start else scale.x0
            x1 = scale.x(p.end) if p.end else scale.x1
            x1 = max(x1, x0 + 3.0)
            by = y + 17.0
            cls = "period-bar inferred" if p.inferred else "period-bar"
            colour = colours[p.controller]
            title = _period_title(p, lambda d: d.isoformat())
            rows.append(
                f'<rect class="{cls}" x="{_f(x0)}" y="{_f(by)}" width="{_f(x1 - x0)}" height="16" '
                f'fill="{colour}" data-period-id="{_e(p.period_id)}" '
                f'data-controller="{_e(p.controller)}"><title>{_e(title)}</title></rect>'
            )
            if p.start is None:
                rows.append(
                    f'<path class="open-end" d="M{_f(x0)} {_f(by)}l-7 8l7 8Z" fill="{colour}"/>'
                )
            if p.end is None:
                rows.append(
                    f'<path class="open-end" d="M{_f(x1)} {_f(by)}l7 8l-7 8Z" fill="{colour}"/>'
                )
            start_label = p.start.isoformat() if p.start else "… (held before)"
            end_label = p.end.isoformat() if p.end else "ongoing …"
            for text in (f"{p.controller}: {start_label}", start_label):
                if x0 >= top_free and x0 + _LABEL_CHAR * len(text) <= width:
                    rows.append(_text("bar-label", x0, by - 3, "start", _e(text)))
                    top_free = x0 + _LABEL_CHAR * len(text) + 6
                    break
            if x1 - _LABEL_CHAR * len(end_label) >= bottom_free:
                rows.append(_text("bar-label", x1, by + 28, "end", _e(end_label)))
                bottom_free = x1 + 6
        y += row_h + 4
    height = y + 24
    axis = _axis(scale, 4.0, y) if domain is not None else ""
    svg = (
        _svg_open("control", width, height, f"Control periods of {len(by_place)} places")
        + axis
        + "".join(rows)
        + "</svg>"
    )
    return (
        f'<figure class="figure">{svg}<figcaption>{legend(colours, title="Controllers")}'
        '<p class="note">Arrows mark open ends: held before the first evidence, or still held at '
        "the last. Faded bars: controller inferred.</p></figcaption></figure>"
    )
