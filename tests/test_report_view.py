"""The report's map fits the bulk of the events, its filters reach the map and the timeline,
it fits a phone's width, and no link in it comes from input."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from tadmor.model import Document
from tadmor.report import ReportInput, render_report
from tadmor.report.mapsvg import bulk_of, render_map
from test_report import DOC_A, build_input, make_event


def _cluster(n: int) -> list[tuple[float, float]]:
    """n points within a degree or so of a town in the Sahel (invented positions)."""
    return [(14.0 + 0.1 * (i % 7), -3.0 + 0.13 * (i % 5)) for i in range(n)]


def test_bulk_leaves_out_far_outliers_only() -> None:
    pts = [*_cluster(18), (60.1, -150.0), (-41.0, 174.8)]
    lats, lons = [p[0] for p in pts], [p[1] for p in pts]
    assert bulk_of(lats, lons) == list(range(18))
    # a spread-out set (two real theatres) is kept whole
    two = _cluster(6) + [(34.0 + 0.1 * i, 40.0 + 0.1 * i) for i in range(6)]
    assert bulk_of([p[0] for p in two], [p[1] for p in two]) == list(range(12))
    assert bulk_of([1.0, 80.0], [1.0, 170.0]) == [0, 1]  # too few to call one an outlier


def _viewbox_degrees(svg: str) -> list[tuple[float, float]]:
    return [(float(a), float(b)) for a, b in re.findall(r'data-lat="([-\d.]+)" data-lon="([-\d.]+)"', svg)]


def test_two_misplaced_points_do_not_force_a_world_view() -> None:
    events = [
        make_event(f"ev{i}", latitude=la, longitude=lo, location=f"Town {i}")
        for i, (la, lo) in enumerate(_cluster(18))
    ]
    events += [
        make_event("far1", latitude=60.1, longitude=-150.0, location="Farplace"),
        make_event("far2", latitude=-41.0, longitude=174.8, location="Otherfar"),
    ]
    svg = render_map(events)
    drawn = _viewbox_degrees(svg)
    assert len(drawn) == 18 and (60.1, -150.0) not in drawn
    assert "2 far from it lie outside: Farplace, Otherfar" in svg
    xs = [float(x) for x in re.findall(r'class="ev-point" cx="([\d.]+)"', svg)]
    # the cluster spans a good part of the 900 px frame, not a few pixels of a world map
    assert max(xs) - min(xs) > 100  # a world view would put them within 2 px
    grat = re.findall(r'class="grat-label"[^>]*>([^<]+)<', svg)
    assert not any(lbl.startswith(("120", "150", "60°S")) for lbl in grat), grat


def test_filters_reach_the_map_and_timeline_and_the_page_fits_a_phone() -> None:
    page = render_report(build_input())
    rows = re.findall(r'<tr id="ev-[^"]+" data-type="[^"]*" data-event-id="([^"]+)"', page)
    assert rows and set(rows) == set(re.findall(r'class="ev-point"[^>]*data-event-id="([^"]+)"', page)) | set(rows)
    assert "follow(visible" in page and "svg.map" in page  # the filter JS moves map + timeline
    assert '<div class="chart-wrap"><figure class="figure"><svg class="timeline"' in page
    assert "@media (max-width:700px)" in page
    assert "flex-wrap:wrap" in page.split(".controls{", 1)[1].split("}", 1)[0]
    assert "min-width:516" not in page


def test_no_link_comes_from_input() -> None:
    data = build_input()
    bad = Document(
        doc_id="doc_bad",
        text=DOC_A.text,
        origin="javascript:alert(1)",
        title='<img src=x onerror="alert(1)">',
        url="javascript:alert(document.cookie)",
        source="data:text/html,<script>alert(1)</script>",
        published=date(2016, 3, 9),
    )
    ev = replace(data.events[0], sources=("doc_bad",), source_names=("javascript:void(0)",))
    page = render_report(ReportInput(events=[ev], periods=[], claims=[], documents=[bad]))
    hrefs = re.findall(r'href="([^"]*)"', page) + re.findall(r"href='([^']*)'", page)
    assert hrefs and all(h.startswith("#") for h in hrefs), hrefs
    assert re.search(r"(?i)(href|src)\s*=\s*[\"']?\s*(javascript|data):", page) is None
    assert "<img" not in page and "&lt;img src=x" in page
