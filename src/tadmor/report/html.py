"""The HTML briefing: one self-contained, deterministic page.

No network: CSS and a little vanilla JS are inline, figures are inline SVG, and a
Content-Security-Policy forbids loading anything else. Everything that comes from documents
is HTML-escaped. The same input always gives byte-identical output (records are sorted and
nothing is read from the clock).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from html import escape
from pathlib import Path

from tadmor.errors import TadmorError
from tadmor.model import Claim, Document, Event, FieldEvidence, TimePrecision
from tadmor.report.mapsvg import (
    anchor,
    render_control_chart,
    render_map,
    render_timeline,
    type_colours,
)
from tadmor.report.summary import (
    Citation,
    ReportInput,
    SummarySentence,
    mention_phrase,
    modality_reason,
    summarise,
)

_CSS = """
:root{--ink:#1d2433;--muted:#5b6475;--line:#d9dee7;--bg:#fff;--soft:#f4f6f9;--accent:#2457a6}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
color:var(--ink);background:var(--bg)}
header{padding:24px 32px 12px;border-bottom:1px solid var(--line);background:var(--soft)}
header h1{margin:0 0 4px;font-size:26px}
header p{margin:0;color:var(--muted)}
nav{padding:8px 32px;border-bottom:1px solid var(--line);font-size:14px;display:flex;
flex-wrap:wrap;gap:4px 14px}
main{padding:8px 32px 48px;max-width:1400px}
section{margin-top:28px}
h2{font-size:20px;border-bottom:2px solid var(--line);padding-bottom:4px}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
dl.figures{display:flex;flex-wrap:wrap;gap:8px 28px;margin:12px 0}
dl.figures div{min-width:90px}
dl.figures dt{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
dl.figures dd{margin:0;font-size:20px;font-weight:600}
ol.summary li{margin:6px 0}
sup.cite a{font-size:11px;margin-left:1px}
ol.citations{font-size:13px;color:var(--muted)}
ol.citations li{margin:4px 0}
q,.quote{font-style:italic;color:var(--ink)}
.empty{color:var(--muted);font-style:italic}
.note{color:var(--muted);font-size:12px;margin:4px 0}
.figure{margin:0}
.figure svg{max-width:100%;height:auto;font-size:11px;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
.sea{fill:#eef4fa}.frame{fill:none;stroke:#9aa6b8}
.country{fill:#f7f4ec;stroke:#b9b2a1;stroke-width:.8}
.country-label{fill:#a39b88;font-size:11px;letter-spacing:.12em}
.grat{stroke:#c8d3e0;stroke-width:.6;stroke-dasharray:3 3}
.grat-label,.tick-label{fill:var(--muted);font-size:10px}
.ev-point,.tl-point{stroke:#fff;stroke-width:1.4;fill-opacity:.9}
.place-label{fill:var(--ink);font-size:11px;paint-order:stroke;stroke:#fff;stroke-width:3px}
.row-bg{fill:var(--soft);fill-opacity:.7}
.row-label{fill:var(--ink);font-size:12px}
.axis{stroke:#7d8798}.tick{stroke:#e1e5ec}
.tl-window{opacity:.25}
.period-bar{stroke:#fff;stroke-width:1}
.period-bar.inferred{opacity:.55;stroke-dasharray:3 2;stroke:#333}
.bar-label{fill:var(--ink);font-size:10px}
ul.legend{list-style:none;padding:0;margin:6px 0;display:flex;flex-wrap:wrap;gap:4px 16px;
font-size:13px}
.swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.controls{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:center;margin:8px 0;font-size:14px}
.controls input,.controls select{font:inherit;padding:3px 6px;max-width:100%}
.controls label{max-width:100%}
.chart-wrap{overflow-x:auto;max-width:100%}
.ev-point,.tl-point,.place-label{transition:opacity .2s}
.filtered-out{display:none}
@media (max-width:700px){
header,nav,main,footer{padding-left:12px;padding-right:12px}
header h1{font-size:21px}
.chart-wrap svg{max-width:none;width:900px}
.figure svg.map{max-width:100%}
}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:5px 6px;text-align:left;vertical-align:top}
th{background:var(--soft);position:sticky;top:0;white-space:nowrap}
th[data-type]{cursor:pointer}
th[aria-sort=ascending]::after{content:" \\25B2"}
th[aria-sort=descending]::after{content:" \\25BC"}
td.num{text-align:right;white-space:nowrap}
tr:target{background:#fff6d6}
.assoc{display:block;color:var(--muted);font-size:12px}
details summary{cursor:pointer;color:var(--accent)}
details ul{margin:4px 0;padding-left:18px}
.field{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;color:var(--muted)}
.docid{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
footer{padding:16px 32px;color:var(--muted);font-size:12px;border-top:1px solid var(--line)}
"""

_JS = """
(function () {
  var table = document.getElementById('events-table');
  if (!table) { return; }
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  function key(row, col) {
    var cell = row.cells[col];
    var v = cell.getAttribute('data-sort');
    return v === null ? cell.textContent.trim().toLowerCase() : v;
  }
  Array.prototype.forEach.call(heads, function (th, col) {
    if (!th.hasAttribute('data-type')) { return; }
    th.addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      var num = th.getAttribute('data-type') === 'num';
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, col), y = key(b, col), c;
        if (num) { c = (parseFloat(x) || 0) - (parseFloat(y) || 0); }
        else { c = x < y ? -1 : (x > y ? 1 : 0); }
        if (c === 0) { c = a.id < b.id ? -1 : (a.id > b.id ? 1 : 0); }
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  var text = document.getElementById('ev-filter');
  var type = document.getElementById('ev-type');
  var count = document.getElementById('ev-count');
  var map = document.querySelector('svg.map');
  var home = map ? map.getAttribute('viewBox') : null;
  function points(sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); }
  /* The events left by the filters, and nothing else, on the map and the timeline; the map
     zooms to them (its frame is the bulk of all events) and back out when the filter clears. */
  function follow(visible, all) {
    points('.ev-point, .tl-point').forEach(function (c) {
      var link = c.parentNode;
      var off = !visible[c.getAttribute('data-event-id')];
      link.setAttribute('class', off ? 'filtered-out' : '');
    });
    if (!map) { return; }
    var vb = home.split(' ').map(Number), box = null;
    points('.ev-point').forEach(function (c) {
      if (!visible[c.getAttribute('data-event-id')]) { return; }
      var x = Number(c.getAttribute('cx')), y = Number(c.getAttribute('cy'));
      box = box ? [Math.min(box[0], x), Math.min(box[1], y),
        Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
    });
    var view = vb;
    if (box && !all) {
      var w = Math.max(box[2] - box[0], vb[2] / 8), h = Math.max(box[3] - box[1], vb[3] / 8);
      var ratio = vb[2] / vb[3];
      if (w / h < ratio) { w = h * ratio; } else { h = w / ratio; }
      w *= 1.3; h *= 1.3;
      var cx = (box[0] + box[2]) / 2, cy = (box[1] + box[3]) / 2;
      view = [cx - w / 2, cy - h / 2, w, h];
    }
    var k = view[2] / vb[2];
    map.setAttribute('viewBox', view.map(function (v) { return v.toFixed(1); }).join(' '));
    points('.ev-point').forEach(function (c) {
      c.setAttribute('r', String(5 * k)); c.style.strokeWidth = String(1.4 * k);
    });
    points('svg.map text, svg.map .frame, svg.map .grat').forEach(function (n) {
      n.style.display = k < 0.999 ? 'none' : '';
    });
  }
  function apply() {
    var q = text.value.trim().toLowerCase(), t = type.value, shown = 0, visible = {};
    Array.prototype.forEach.call(body.rows, function (r) {
      var ok = (!t || r.getAttribute('data-type') === t) &&
        (!q || r.textContent.toLowerCase().indexOf(q) !== -1);
      r.hidden = !ok;
      if (ok) { shown += 1; visible[r.getAttribute('data-event-id')] = true; }
    });
    count.textContent = shown + ' of ' + body.rows.length + ' events shown';
    follow(visible, shown === body.rows.length);
  }
  text.addEventListener('input', apply);
  type.addEventListener('change', apply);
  apply();
}());
"""

_PRECISION = {
    TimePrecision.DAY: "1 (day)",
    TimePrecision.WEEK: "2 (week)",
    TimePrecision.MONTH: "3 (month)",
}
_GEO_PRECISION = {1: "1 (town)", 2: "2 (near / part of region)", 3: "3 (region)"}


def _geo_precision(value: int) -> str:
    return _GEO_PRECISION.get(value, str(value))


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _csp() -> str:
    digest = base64.b64encode(hashlib.sha256(_JS.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def _doc_link(doc_id: str, docs: Mapping[str, Document]) -> str:
    if doc_id in docs:
        return f'<a class="docid" href="#{anchor("doc", doc_id)}">{_e(doc_id)}</a>'
    return f'<span class="docid" title="document not in this report">{_e(doc_id)}</span>'


def _event_key(e: Event) -> tuple[date, str]:
    return (e.event_date or date.max, e.event_id)


# --- Sections -----------------------------------------------------------------------------


def _figures(data: ReportInput, events: Sequence[Event]) -> str:
    dates = sorted(e.event_date for e in events if e.event_date is not None)
    span = f"{dates[0].isoformat()} – {dates[-1].isoformat()}" if dates else "–"
    countries = {e.country for e in events if e.country}
    items = [
        ("Events", str(len(events))),
        ("Fatalities", str(sum(e.fatalities for e in events))),
        ("Countries", str(len(countries))),
        ("Places held", str(len({p.geonameid for p in data.periods}))),
        ("Claims", str(len(data.claims))),
        ("Documents", str(len(data.documents))),
        ("Dates", span),
    ]
    body = "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in items)
    return f'<dl class="figures">{body}</dl>'


def _summary(sentences: Sequence[SummarySentence], docs: Mapping[str, Document]) -> str:
    if not sentences:
        return (
            '<p class="empty">No summary sentence could be written: there is no coded event, '
            "control change or claim whose evidence matches a document in this report.</p>"
        )
    numbers: dict[tuple[str, int, int], int] = {}
    cited: list[Citation] = []
    items: list[str] = []
    for s in sentences:
        marks: list[str] = []
        for c in s.citations:
            k = (c.doc_id, c.start, c.end)
            if k not in numbers:
                numbers[k] = len(numbers) + 1
                cited.append(c)
            n = numbers[k]
            marks.append(
                f'<sup class="cite"><a href="#cite-{n}" title="{_e(c.quote)}">[{n}]</a></sup>'
            )
        items.append(f'<li data-kind="{_e(s.kind)}">{_e(s.text)}{"".join(marks)}</li>')
    notes: list[str] = []
    for i, c in enumerate(cited, start=1):
        title = f"{_e(c.title)}, " if c.title and c.title != c.source else ""
        notes.append(
            f'<li id="cite-{i}"><q>{_e(c.quote)}</q> — {title}{_e(c.source)}, '
            f"{_doc_link(c.doc_id, docs)}, characters {c.start}–{c.end}</li>"
        )
    return (
        f'<ol class="summary">{"".join(items)}</ol>'
        f'<h3>Quotes cited</h3><ol class="citations">{"".join(notes)}</ol>'
    )


def _evidence_list(evidence: Iterable[FieldEvidence], docs: Mapping[str, Document]) -> str:
    rows = sorted(
        evidence, key=lambda fe: (fe.field, fe.evidence.doc_id, fe.evidence.start, fe.evidence.end)
    )
    return "".join(
        f'<li><span class="field">{_e(fe.field)}</span> <q>{_e(fe.evidence.quote)}</q> '
        f"{_doc_link(fe.evidence.doc_id, docs)}</li>"
        for fe in rows
    )


def _fatalities_cell(e: Event) -> str:
    rng = e.fatalities_range
    text = str(e.fatalities)
    if rng.low is not None and rng.high is not None and rng.low != rng.high:
        text += f" ({rng.low}–{rng.high})"
    return f'<td class="num" data-sort="{e.fatalities}">{_e(text)}</td>'


def _actor_cell(actor: str, assoc: str) -> str:
    extra = f'<span class="assoc">with {_e(assoc)}</span>' if assoc else ""
    return f"<td>{_e(actor)}{extra}</td>"


def _event_row(e: Event, docs: Mapping[str, Document], colour: str) -> str:
    when = e.event_date.isoformat() if e.event_date else ""
    sources = sorted(set(e.sources))
    names = ", ".join(sorted(set(e.source_names)))
    src_html = (f"{_e(names)}<br>" if names else "") + " ".join(_doc_link(d, docs) for d in sources)
    details = _evidence_list(e.evidence, docs)
    extra = ""
    if e.notes:
        extra += f'<p class="note">Notes: {_e(e.notes)}</p>'
    if e.flags:
        extra += f'<p class="note">Flags: {_e(", ".join(sorted(e.flags)))}</p>'
    ev_cell = (
        f"<details><summary>{len(e.evidence)} quote(s)</summary><ul>{details}</ul>{extra}</details>"
        if e.evidence or extra
        else '<span class="empty">none</span>'
    )
    return (
        f'<tr id="{anchor("ev", e.event_id)}" data-type="{_e(e.event_type)}" '
        f'data-event-id="{_e(e.event_id)}">'
        f'<td data-sort="{when or "9999-99-99"}">{_e(when or "undated")}</td>'
        f'<td data-sort="{int(e.time_precision)}">{_e(_PRECISION.get(e.time_precision, ""))}</td>'
        f'<td><span class="swatch" style="background:{colour}"></span>{_e(e.event_type)}</td>'
        f"<td>{_e(e.sub_event_type)}</td>"
        f"{_actor_cell(e.actor1, e.assoc_actor_1)}{_actor_cell(e.actor2, e.assoc_actor_2)}"
        f"<td>{_e(e.location)}</td><td>{_e(e.admin1)}</td><td>{_e(e.country)}</td>"
        f'<td data-sort="{e.geo_precision}">{_e(_geo_precision(e.geo_precision))}</td>'
        f"{_fatalities_cell(e)}<td>{src_html}</td><td>{ev_cell}</td></tr>"
    )


_EVENT_COLUMNS = (
    ("Date", "text"), ("Precision", "num"), ("Type", "text"), ("Sub-type", "text"),
    ("Actor 1", "text"), ("Actor 2", "text"), ("Location", "text"), ("Admin1", "text"),
    ("Country", "text"), ("Geo precision", "num"), ("Fatalities", "num"), ("Sources", "text"),
    ("Evidence", ""),
)  # fmt: skip


def _event_table(events: Sequence[Event], docs: Mapping[str, Document]) -> str:
    if not events:
        return '<p class="empty">No events were coded from these documents.</p>'
    colours = type_colours(e.event_type for e in events)
    options = "".join(f'<option value="{_e(t)}">{_e(t)}</option>' for t in sorted(colours))
    heads = "".join(
        f'<th data-type="{kind}" scope="col">{_e(name)}</th>'
        if kind
        else f'<th scope="col">{_e(name)}</th>'
        for name, kind in _EVENT_COLUMNS
    )
    rows = "".join(_event_row(e, docs, colours[e.event_type]) for e in events)
    return (
        '<div class="controls"><label>Filter <input type="search" id="ev-filter" '
        'placeholder="actor, place, quote…"></label><label>Type <select id="ev-type">'
        f'<option value="">all</option>{options}</select></label><span id="ev-count" class="note">'
        f"{len(events)} events</span></div>"
        f'<div class="table-wrap"><table id="events-table"><thead><tr>{heads}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
        '<p class="note">Click a column header to sort.</p>'
    )


def _claim_key(c: Claim) -> tuple[str, str]:
    return (c.mention.doc_id, c.claim_id)


def _claims_table(claims: Sequence[Claim], docs: Mapping[str, Document]) -> str:
    if not claims:
        return '<p class="empty">No claims left uncoded.</p>'
    rows: list[str] = []
    for c in sorted(claims, key=_claim_key):
        m = c.mention
        claimant = c.claimant or m.claimant
        quote = m.sentence.quote or m.trigger.quote
        disputed = (
            f"<q>{_e(c.disputed_by.quote)}</q> {_doc_link(c.disputed_by.doc_id, docs)}"
            if c.disputed_by is not None
            else ""
        )
        rows.append(
            f'<tr id="{anchor("claim", c.claim_id)}"><td>{_e(c.modality.value)}'
            f'<span class="assoc">{_e(modality_reason(c.modality))}</span></td>'
            f"<td>{_e(claimant) if claimant else '<span class=empty>reporter</span>'}</td>"
            f"<td>{_e(mention_phrase(m))}</td><td><q>{_e(quote)}</q></td>"
            f"<td>{_doc_link(m.doc_id, docs)}</td><td>{disputed}</td></tr>"
        )
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in ("Modality", "Claimant", "What is claimed", "Quote", "Document", "Disputed by")
    )
    return (
        f'<div class="table-wrap"><table id="claims-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _sources_table(documents: Sequence[Document]) -> str:
    if not documents:
        return '<p class="empty">No documents.</p>'
    rows: list[str] = []
    for d in documents:
        published = d.published.isoformat() if d.published else "unknown"
        rows.append(
            f'<tr id="{anchor("doc", d.doc_id)}"><td class="docid">{_e(d.doc_id)}</td>'
            f"<td>{_e(d.title or '')}</td><td>{_e(d.source or '')}</td>"
            f"<td>{_e(published)}"
            f'<span class="assoc">date from {_e(d.date_source.value)}</span></td>'
            f"<td>{_e(d.origin)}</td><td>{_e(d.url or '')}</td>"
            f"<td>{_e(', '.join(sorted(d.flags)))}</td></tr>"
        )
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in ("Doc id", "Title", "Source", "Published", "Origin", "URL (not linked)", "Flags")
    )
    return (
        f'<div class="table-wrap"><table id="sources-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _chart(figure: str) -> str:
    """A wide chart scrolls sideways on a phone instead of shrinking its labels away."""
    return f'<div class="chart-wrap">{figure}</div>'


def _section(sid: str, title: str, body: str) -> str:
    return f'<section id="{sid}"><h2>{_e(title)}</h2>{body}</section>'


def render_report(data: ReportInput) -> str:
    """The whole briefing as one self-contained HTML string (byte-identical for equal input)."""
    events = sorted(data.events, key=_event_key)
    documents = sorted(data.documents, key=lambda d: (d.published or date.max, d.doc_id))
    docs = {d.doc_id: d for d in sorted(data.documents, key=lambda d: d.doc_id)}
    periods = sorted(
        data.periods, key=lambda p: (p.place, p.geonameid, p.start or date.min, p.period_id)
    )
    sentences = summarise(data)
    sections = [
        _section("summary", "Summary", _figures(data, events) + _summary(sentences, docs)),
        _section("map", "Map", render_map(events)),
        _section("timeline", "Timeline", _chart(render_timeline(events))),
        _section(
            "control", "Who held what, when", _chart(render_control_chart(periods, events))
        ),
        _section("events", "Events", _event_table(events, docs)),
        _section("claims", "Claims not coded as events", _claims_table(data.claims, docs)),
        _section("sources", "Sources", _sources_table(documents)),
    ]
    nav = "".join(
        f'<a href="#{sid}">{name}</a>'
        for sid, name in (
            ("summary", "Summary"), ("map", "Map"), ("timeline", "Timeline"),
            ("control", "Control"), ("events", "Events"), ("claims", "Claims"),
            ("sources", "Sources"),
        )
    )  # fmt: skip
    subtitle = f"Generated from {_e(data.generated_from)}. " if data.generated_from else ""
    subtitle += (
        f"{len(events)} events, {len(data.periods)} control periods, {len(data.claims)} claims, "
        f"{len(data.documents)} documents."
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_csp()}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_e(data.title)}</title><style>{_CSS}</style></head>\n<body>"
        f"<header><h1>{_e(data.title)}</h1><p>{subtitle}</p></header>"
        f"<nav>{nav}</nav><main>{''.join(sections)}</main>"
        "<footer>Every summary sentence cites quotes from the documents listed under Sources. "
        "Produced offline by Tadmor; this page loads nothing from the network.</footer>"
        f"<script>{_JS}</script></body></html>\n"
    )


def write_report(data: ReportInput, *, path: Path) -> Path:
    """Render the briefing and write it (UTF-8) to ``path``; returns the path."""
    text = render_report(data)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise TadmorError("E801", f"cannot write the report to {path}: {exc}") from exc
    return path
