"""Tests for the HTML briefing (tadmor.report) on small invented data."""

from __future__ import annotations

import base64
import hashlib
import random
import re
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tadmor.model import (
    Claim,
    ControlPeriod,
    Document,
    Event,
    EventMention,
    Evidence,
    Fatalities,
    FieldEvidence,
    Modality,
    Place,
    TimePrecision,
)
from tadmor.report import ReportInput, render_report, summarise, write_report
from tadmor.report.mapsvg import anchor, load_outlines

TEXT_A = (
    "Militants of the Northern Front captured Al-Qaryatayn on Monday after two days of "
    "fighting with the army, a monitoring group said. At least 14 soldiers were killed. "
    "Separately, jets struck positions near Ramadi. A local official said the town of "
    "Hit would fall within a week. <script>alert('x')</script> was found in a comment."
)
TEXT_B = (
    "Two days later the army shelled Al-Qaryatayn again, killing three civilians. "
    "In Iraq, gunmen attacked a checkpoint near Baiji and killed five police officers."
)

DOC_A = Document(
    doc_id="doc_a",
    text=TEXT_A,
    origin="seed/a.html",
    title="Front takes desert town",
    url="https://example.org/news/a",
    source="Example Wire",
    published=date(2016, 3, 8),
)
DOC_B = Document(
    doc_id="doc_b",
    text=TEXT_B,
    origin="seed/b.html",
    title="Shelling resumes",
    source="Other Daily",
    published=date(2016, 3, 10),
)


def span(doc: Document, needle: str) -> Evidence:
    start = doc.text.index(needle)
    return Evidence.of(doc, start, start + len(needle))


def fe(field: str, doc: Document, needle: str) -> FieldEvidence:
    return FieldEvidence(field, span(doc, needle))


def make_event(event_id: str, **kw: object) -> Event:
    base = Event(
        event_id=event_id,
        event_date=date(2016, 3, 7),
        time_precision=TimePrecision.DAY,
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="",
        assoc_actor_1="",
        inter1=0,
        actor2="",
        assoc_actor_2="",
        inter2=0,
        interaction=0,
        civilian_targeting=False,
        location="",
        admin1="",
        country="",
        iso="",
        latitude=None,
        longitude=None,
        geo_precision=1,
        fatalities=0,
        fatalities_range=Fatalities(),
        notes="",
        sources=(),
        source_names=(),
        mentions=(),
        evidence=(),
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def build_input() -> ReportInput:
    take = make_event(
        "ev_take",
        sub_event_type="Non-state actor overtakes territory",
        actor1="Northern Front",
        actor2="Military Forces of Syria",
        location="Al-Qaryatayn",
        admin1="Homs",
        country="Syria",
        iso="760",
        latitude=34.2297,
        longitude=37.2406,
        fatalities=14,
        fatalities_range=Fatalities(low=10, best=14, high=20),
        territorial="gain",
        sources=("doc_a",),
        source_names=("Example Wire",),
        evidence=(
            fe("event_type", DOC_A, "Militants of the Northern Front captured Al-Qaryatayn"),
            fe("fatalities", DOC_A, "At least 14 soldiers were killed"),
            fe("location", DOC_A, "Al-Qaryatayn"),
        ),
    )
    strike = make_event(
        "ev_strike",
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        actor1="Unidentified Military Forces",
        location="Ramadi",
        admin1="Anbar",
        country="Iraq",
        iso="368",
        latitude=33.4258,
        longitude=43.2994,
        geo_precision=2,
        time_precision=TimePrecision.WEEK,
        sources=("doc_a",),
        source_names=("Example Wire",),
        evidence=(
            fe("event_type", DOC_A, "jets struck positions near Ramadi"),
            fe("notes", DOC_A, "<script>alert('x')</script>"),
        ),
    )
    shell = make_event(
        "ev_shell",
        event_date=date(2016, 3, 9),
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        actor1="Military Forces of Syria",
        location="Al-Qaryatayn",
        admin1="Homs",
        country="Syria",
        latitude=34.2297,
        longitude=37.2406,
        fatalities=3,
        fatalities_range=Fatalities(low=3, best=3, high=3),
        civilian_targeting=True,
        sources=("doc_b",),
        source_names=("Other Daily",),
        evidence=(
            fe("event_type", DOC_B, "the army shelled Al-Qaryatayn again, killing three civilians"),
            fe("fatalities", DOC_B, "killing three civilians"),
        ),
    )
    ambush = make_event(
        "ev_ambush",
        event_date=date(2016, 3, 9),
        event_type="Violence against civilians",
        sub_event_type="Attack",
        actor1="Unidentified Armed Group (Iraq)",
        actor2="Police Forces of Iraq",
        location="Baiji",
        admin1="Salah al-Din",
        country="Iraq",
        latitude=34.9311,
        longitude=43.4869,
        fatalities=5,
        fatalities_range=Fatalities(low=5, best=5, high=5),
        sources=("doc_b",),
        source_names=("Other Daily",),
        evidence=(
            fe("event_type", DOC_B, "gunmen attacked a checkpoint near Baiji"),
            fe("fatalities", DOC_B, "killed five police officers"),
        ),
    )
    unplaced = make_event(
        "ev_unplaced",
        event_date=None,
        event_type="Strategic developments",
        sub_event_type="Other",
        actor1="Northern Front",
        sources=("doc_a",),
    )
    periods = [
        ControlPeriod(
            period_id="cp_army",
            geonameid=170000,
            place="Al-Qaryatayn",
            country_code="SY",
            controller="Military Forces of Syria",
            start=None,
            end=date(2016, 3, 7),
            end_event="ev_take",
            evidence=(span(DOC_A, "fighting with the army"),),
            inferred=True,
        ),
        ControlPeriod(
            period_id="cp_front",
            geonameid=170000,
            place="Al-Qaryatayn",
            country_code="SY",
            controller="Northern Front",
            start=date(2016, 3, 7),
            end=None,
            start_event="ev_take",
            evidence=(span(DOC_A, "Militants of the Northern Front captured Al-Qaryatayn"),),
        ),
    ]
    hit = Place(170001, "Hit", "IQ", "Iraq", "Anbar", 33.64, 42.83)
    mention = EventMention(
        mention_id="m_hit",
        doc_id="doc_a",
        trigger=span(DOC_A, "fall"),
        sentence=span(DOC_A, "A local official said the town of Hit would fall within a week."),
        event_type="Battles",
        sub_event_type="Non-state actor overtakes territory",
        place=hit,
        modality=Modality.FUTURE,
        claimant="A local official",
    )
    claims = [Claim("cl_hit", mention, Modality.FUTURE, claimant="A local official")]
    return ReportInput(
        events=[take, strike, shell, ambush, unplaced],
        periods=periods,
        claims=claims,
        documents=[DOC_A, DOC_B],
        title="Test <briefing>",
        generated_from="tests",
    )


class StrictChecker(HTMLParser):
    """Fails on end tags that do not close the innermost open element."""

    VOID = frozenset({"meta", "br", "input", "link", "img", "hr", "col", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}>, open: {self.stack[-3:]}")
        else:
            self.stack.pop()


def check(html: str) -> StrictChecker:
    parser = StrictChecker()
    parser.feed(html)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    return parser


@pytest.fixture(scope="module")
def data() -> ReportInput:
    return build_input()


@pytest.fixture(scope="module")
def page(data: ReportInput) -> str:
    return render_report(data)


def test_html_is_well_formed(page: str) -> None:
    parser = check(page)
    assert page.startswith("<!DOCTYPE html>")
    names = [t for t, _ in parser.tags]
    for section in ("summary", "map", "timeline", "control", "events", "claims", "sources"):
        assert ("section", {"id": section}) in parser.tags
    assert names.count("script") == 1
    lxml_html = pytest.importorskip("lxml.html")
    root = lxml_html.document_fromstring(page)
    assert root.find(".//main") is not None


def test_no_remote_resources(page: str) -> None:
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:[a-z]+:)?//""", page, re.I)
    assert not re.search(r"\bsrc\s*=", page, re.I)
    assert "@import" not in page
    assert not re.search(r"url\((?!#)", page)
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(h.startswith("#") for h in hrefs)
    # the document URL is shown as text, never as a link
    assert "https://example.org/news/a" in page
    assert 'href="https://example.org' not in page


def test_csp_allows_exactly_the_inline_script(page: str) -> None:
    script = re.search(r"<script>(.*?)</script>", page, re.S)
    assert script is not None
    digest = base64.b64encode(hashlib.sha256(script.group(1).encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page
    assert "default-src 'none'" in page


def test_every_summary_sentence_is_cited(data: ReportInput, page: str) -> None:
    sentences = summarise(data)
    assert len(sentences) >= 4
    docs = {d.doc_id: d for d in data.documents}
    for s in sentences:
        assert s.citations, s.text
        for c in s.citations:
            assert docs[c.doc_id].text[c.start : c.end] == c.quote
            assert c.source in ("Example Wire", "Other Daily")
    texts = [s.text for s in sentences]
    change = (
        "On 7 March 2016 Northern Front took Al-Qaryatayn (Homs, Syria) "
        "from Military Forces of Syria, with 14 reported fatalities "
        "(reports range from 10 to 20)."
    )
    assert change in texts
    assert any("Police Forces of Iraq" in t and "5 reported fatalities" in t for t in texts)
    assert any(t.startswith("A local official spoke of a takeover in Hit") for t in texts)
    # the control change cites both the period's quote and the fatality figure
    take = next(s for s in sentences if s.text == change)
    assert {c.quote for c in take.citations} >= {
        "Militants of the Northern Front captured Al-Qaryatayn",
        "At least 14 soldiers were killed",
    }
    # every sentence is rendered with footnote links to quotes that exist in the page
    summary = page.split('<ol class="summary">', 1)[1].split("</ol>", 1)[0]
    items = re.findall(r"<li[^>]*>(.*?)</li>", summary)
    assert len(items) == len(sentences)
    for item in items:
        refs = re.findall(r'href="#(cite-\d+)"', item)
        assert refs
        for ref in refs:
            assert f'id="{ref}"' in page


def test_bad_evidence_is_not_cited(data: ReportInput) -> None:
    wrong = Evidence("doc_b", 0, 9, "not there")
    missing = Evidence("doc_zzz", 0, 3, "abc")
    lonely = make_event(
        "ev_lonely",
        fatalities=99,
        location="Nowhere",
        evidence=(FieldEvidence("event_type", wrong), FieldEvidence("location", missing)),
    )
    out = summarise(replace(data, events=[*data.events, lonely]))
    assert all("Nowhere" not in s.text for s in out)
    assert all(c.doc_id != "doc_zzz" for s in out for c in s.citations)


def test_map_has_one_point_per_located_event(data: ReportInput, page: str) -> None:
    mapsec = page.split('<section id="map">', 1)[1].split("</section>", 1)[0]
    points = re.findall(
        r'<circle class="ev-point" cx="([\d.]+)" cy="([\d.]+)"[^>]*'
        r'data-event-id="([^"]+)" data-lat="([-\d.]+)" data-lon="([-\d.]+)"',
        mapsec,
    )
    located = {e.event_id: e for e in data.events if e.latitude is not None}
    assert sorted(p[2] for p in points) == sorted(located)
    for _cx, _cy, eid, lat, lon in points:
        assert float(lat) == pytest.approx(located[eid].latitude)
        assert float(lon) == pytest.approx(located[eid].longitude)
    # west is left, north is up
    xy = {p[2]: (float(p[0]), float(p[1])) for p in points}
    assert xy["ev_take"][0] < xy["ev_strike"][0]
    assert xy["ev_ambush"][1] < xy["ev_strike"][1]
    assert "1 event(s) without coordinates" in mapsec
    assert 'class="grat"' in mapsec
    assert 'class="place-label"' in mapsec and "Baiji" in mapsec
    if load_outlines():
        assert '<path class="country"' in mapsec and "<title>Syria</title>" in mapsec


def test_outline_asset_is_small_and_present() -> None:
    asset = Path(__file__).resolve().parents[1] / "src/tadmor/report/assets/countries_110m.json"
    assert asset.stat().st_size < 300_000
    names = {c.name for c in load_outlines()}
    assert {"Syria", "Iraq", "France"} <= names


def test_timeline_and_control_chart(data: ReportInput, page: str) -> None:
    timeline = page.split('<section id="timeline">', 1)[1].split("</section>", 1)[0]
    assert timeline.count('class="tl-point"') == 4  # the undated event is left out
    assert "1 undated event(s)" in timeline
    assert timeline.count('class="tl-window"') == 1  # the week-precision strike
    control = page.split('<section id="control">', 1)[1].split("</section>", 1)[0]
    bars = re.findall(r'<rect class="period-bar[^"]*"[^>]*data-period-id="([^"]+)"', control)
    assert sorted(bars) == sorted(p.period_id for p in data.periods)
    assert control.count('class="open-end"') == 2  # open start of one, open end of the other
    assert "2016-03-07" in control and "ongoing" in control and "held before" in control
    assert 'class="period-bar inferred"' in control


def test_event_table(data: ReportInput, page: str) -> None:
    events = page.split('<section id="events">', 1)[1].split("</section>", 1)[0]
    heads = re.findall(r"<th[^>]*>([^<]*)</th>", events)
    for col in ("Date", "Precision", "Type", "Sub-type", "Actor 1", "Actor 2", "Location"):
        assert col in heads
    for col in ("Admin1", "Country", "Geo precision", "Fatalities", "Sources", "Evidence"):
        assert col in heads
    rows = re.findall(r'<tr id="(ev-[^"]+)"', events)
    assert sorted(rows) == sorted(anchor("ev", e.event_id) for e in data.events)
    assert "14 (10–20)" in events
    assert "<details><summary>3 quote(s)</summary>" in events
    assert '<span class="field">fatalities</span>' in events
    assert 'href="#doc-doc_a"' in events
    claims = page.split('<section id="claims">', 1)[1].split("</section>", 1)[0]
    assert "A local official" in claims and "future" in claims
    assert "would fall within a week" in claims
    sources = page.split('<section id="sources">', 1)[1].split("</section>", 1)[0]
    assert 'id="doc-doc_a"' in sources and "Front takes desert town" in sources
    assert "2016-03-08" in sources and "seed/a.html" in sources


def test_untrusted_text_is_escaped(page: str) -> None:
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<title>Test &lt;briefing&gt;</title>" in page


def test_output_is_deterministic(data: ReportInput, page: str) -> None:
    rng = random.Random(7)
    again = replace(
        data,
        events=rng.sample(list(data.events), len(data.events)),
        periods=list(reversed(data.periods)),
        claims=list(data.claims),
        documents=list(reversed(data.documents)),
    )
    assert render_report(again) == page
    assert render_report(build_input()) == page


def test_empty_report_renders_with_messages() -> None:
    html = render_report(ReportInput(events=[], periods=[], claims=[], documents=[]))
    check(html)
    assert "No events were coded" in html
    assert "No summary sentence could be written" in html
    assert "nothing to map" in html
    assert "No control periods" in html
    assert summarise(ReportInput(events=[], periods=[], claims=[], documents=[])) == []


def test_write_report(tmp_path: Path, data: ReportInput, page: str) -> None:
    out = write_report(data, path=tmp_path / "sub" / "briefing.html")
    assert out.read_text(encoding="utf-8") == page


def test_single_point_and_undated_periods() -> None:
    e = make_event("solo", location="Solo", latitude=10.0, longitude=20.0)
    p = ControlPeriod("cp", 1, "Solo", "", "Someone", None, None)
    html = render_report(ReportInput(events=[e], periods=[p], claims=[], documents=[]))
    check(html)
    assert html.count('class="ev-point"') == 1
    assert html.count('class="period-bar"') == 1


def test_long_time_axis_and_month_precision() -> None:
    events = [
        make_event(f"y{i}", event_date=date(2011 + i, 6, 15), time_precision=TimePrecision.MONTH)
        for i in range(5)
    ]
    html = render_report(ReportInput(events=events, periods=[], claims=[], documents=[]))
    check(html)
    timeline = html.split('<section id="timeline">', 1)[1].split("</section>", 1)[0]
    assert timeline.count('class="tl-window"') == 5
    for year in ("2012", "2013", "2014", "2015"):
        assert f">{year}</text>" in timeline
    assert "nothing to map" in html


_TEXT = st.text(alphabet=st.sampled_from(list("ab <>&\"'/=;script")) | st.characters(), max_size=30)


@settings(max_examples=40, deadline=None)
@given(title=_TEXT, quote_text=_TEXT, actor=_TEXT, place=_TEXT, source=_TEXT)
def test_arbitrary_text_stays_escaped(
    title: str, quote_text: str, actor: str, place: str, source: str
) -> None:
    text = "x " + quote_text + " <script>bad()</script> y"
    doc = Document(doc_id="d" + source, text=text, origin=place, title=title, source=source)
    ev = FieldEvidence("actor1", Evidence.of(doc, 0, len(text)))
    e = make_event(
        "e" + actor,
        actor1=actor,
        location=place,
        latitude=1.0,
        longitude=2.0,
        sources=(doc.doc_id,),
        evidence=(ev,),
    )
    p = ControlPeriod("p" + place, 5, place, "", actor or "x", date(2020, 1, 1), None)
    html = render_report(ReportInput(events=[e], periods=[p], claims=[], documents=[doc]))
    check(html)
    assert html.count("<script") == 1
    assert "<script>bad()" not in html
