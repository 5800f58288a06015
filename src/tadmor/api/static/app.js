/* Tadmor web UI: the events view (filters, map, time slider, timeline, table), the control
   map, the review queue, and the router. Event and document pages are in event.js. */
'use strict';
(function () {
  var el = T.el;
  var PAGE = 50;
  var MAP_LIMIT = 5000;
  var S = { sort: 'event_date', offset: 0, total: 0, points: [], days: null, map: null, cluster: null,
    markers: {}, facets: null, cmap: null, clayer: null, periods: null, roffset: 0 };

  function filters() {
    var f = document.getElementById('filters');
    var out = {};
    ['country', 'admin1', 'place', 'actor', 'event_type', 'sub_event_type', 'since', 'until',
      'fatalities_min', 'fatalities_max', 'q'].forEach(function (k) { out[k] = f.elements[k].value.trim(); });
    if (S.days && Number(document.getElementById('t-end').value) < S.days[1]) {
      var cut = T.isoOf(Number(document.getElementById('t-end').value));
      if (!out.until || out.until > cut) { out.until = cut; }
    }
    if (f.elements.in_view.checked && S.map) {
      var b = S.map.getBounds();
      out.bbox = [Math.max(b.getWest(), -180), Math.max(b.getSouth(), -90), Math.min(b.getEast(), 180), Math.min(b.getNorth(), 90)]
        .map(function (x) { return x.toFixed(4); }).join(',');
    }
    return out;
  }

  function setFacets(fc) {
    S.facets = fc;
    var f = document.getElementById('filters');
    var types = f.elements.event_type;
    fc.event_types.forEach(function (t) { types.appendChild(el('option', { value: t, text: t })); });
    fillSubtypes();
    var dl = document.getElementById('dl-countries');
    fc.countries.forEach(function (c) { dl.appendChild(el('option', { value: c })); });
    if (fc.first && fc.last) {
      S.days = [T.dayIndex(fc.first), T.dayIndex(fc.last)];
      var r = document.getElementById('t-end');
      r.min = S.days[0]; r.max = S.days[1]; r.value = S.days[1];
      document.getElementById('t-label').textContent = fc.last;
    }
    document.getElementById('mode').textContent = fc.writable ? 'corrections on (token needed)' : 'read-only';
  }

  function fillSubtypes() {
    var f = document.getElementById('filters');
    var sel = f.elements.sub_event_type;
    var keep = sel.value;
    T.clear(sel).appendChild(el('option', { value: '', text: 'all' }));
    var t = f.elements.event_type.value;
    var subs = [];
    Object.keys(S.facets.sub_event_types).forEach(function (k) {
      if (!t || k === t) { subs = subs.concat(S.facets.sub_event_types[k]); }
    });
    subs.sort().forEach(function (s) { sel.appendChild(el('option', { value: s, text: s, selected: s === keep })); });
  }

  function loadTable() {
    var q = filters();
    q.sort = S.sort; q.offset = S.offset; q.limit = PAGE;
    return T.api('/api/events?' + T.qs(q)).then(function (page) {
      S.total = page.total;
      var body = T.clear(document.querySelector('#events-table tbody'));
      page.items.forEach(function (e) {
        var link = el('a', { href: '#/event/' + encodeURIComponent(e.event_id), text: T.fmtDate(e.event_date) });
        var row = el('tr', { 'data-id': e.event_id, tabindex: '0' },
          el('td', {}, link),
          el('td', {}, el('span', { cls: 'swatch', style: 'background:' + T.colourOf(e.event_type) }), e.sub_event_type || e.event_type),
          el('td', { text: e.actor1 }), el('td', { text: e.actor2 }),
          el('td', { text: e.location }), el('td', { text: e.country }),
          el('td', { cls: 'num', text: String(e.fatalities) }),
          el('td', { cls: 'num', text: e.confidence.toFixed(2) }));
        if (e.corrected) { row.classList.add('corrected'); }
        row.addEventListener('click', function (ev) { if (ev.target.tagName !== 'A') { focusEvent(e.event_id); } });
        body.appendChild(row);
      });
      document.getElementById('count').textContent = page.total + ' events match' + (page.total ? '' : ' — clear a filter');
      document.getElementById('pageinfo').textContent = page.total ? (S.offset + 1) + '–' + (S.offset + page.items.length) + ' of ' + page.total : '';
      document.getElementById('prev').disabled = S.offset === 0;
      document.getElementById('next').disabled = S.offset + PAGE >= page.total;
      document.querySelectorAll('#events-table th').forEach(function (th) {
        th.removeAttribute('aria-sort');
        if (th.dataset.sort === S.sort.replace('-', '')) { th.setAttribute('aria-sort', S.sort.charAt(0) === '-' ? 'descending' : 'ascending'); }
      });
    }).catch(showError);
  }

  function loadMap(fit) {
    var q = filters();
    delete q.bbox;
    q.limit = MAP_LIMIT; q.sort = 'event_date';
    return T.api('/api/events?' + T.qs(q)).then(function (page) {
      S.points = page.items;
      S.cluster.clearLayers();
      S.markers = {};
      var pts = [];
      page.items.forEach(function (e) {
        if (e.latitude === null || e.longitude === null) { return; }
        var m = L.circleMarker([e.latitude, e.longitude], { radius: 7, color: '#fff', weight: 1.5, fillColor: T.colourOf(e.event_type), fillOpacity: 0.9 });
        m.bindPopup(function () { return popup(e); });
        m.bindTooltip(el('span', { text: (e.event_date || 'undated') + ' · ' + e.sub_event_type + ' · ' + e.location }));
        S.markers[e.event_id] = m;
        S.cluster.addLayer(m);
        pts.push([e.latitude, e.longitude]);
      });
      var note = page.total > MAP_LIMIT ? ' (map shows the first ' + MAP_LIMIT + ')' : '';
      document.getElementById('map').setAttribute('data-points', String(pts.length));
      document.getElementById('map').title = pts.length + ' events on the map' + note;
      if (fit && pts.length) { S.map.fitBounds(T.bulkBounds(pts), { maxZoom: 7, padding: [24, 24] }); }
      drawTimeline();
    }).catch(showError);
  }

  function popup(e) {
    return el('div', { cls: 'popup' },
      el('strong', { text: e.sub_event_type || e.event_type }),
      el('div', { text: T.fmtDate(e.event_date) + ' · ' + e.location + (e.country ? ', ' + e.country : '') }),
      el('div', { text: [e.actor1, e.actor2].filter(Boolean).join(' vs ') }),
      el('div', { text: e.fatalities + ' fatalities · ' + e.sources.length + ' source(s)' }),
      el('a', { href: '#/event/' + encodeURIComponent(e.event_id), text: 'Open event ›' }));
  }

  function focusEvent(id) {
    var m = S.markers[id];
    if (!m) { location.hash = '#/event/' + encodeURIComponent(id); return; }
    S.cluster.zoomToShowLayer(m, function () { m.openPopup(); });
  }

  /* Events per bin (a week, or a month for spans over two years), SVG bars; a line marks the slider. */
  function drawTimeline() {
    var svg = T.clear(document.getElementById('timeline'));
    var dated = S.points.filter(function (e) { return e.event_date; });
    var W = svg.clientWidth || 600, H = 90, NS = 'http://www.w3.org/2000/svg';
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    if (!dated.length || !S.days) { return; }
    var d0 = S.days[0], d1 = Math.max(S.days[1], d0 + 1);
    var bin = (d1 - d0) > 730 ? 30 : ((d1 - d0) > 120 ? 7 : 1);
    var n = Math.floor((d1 - d0) / bin) + 1, counts = new Array(n).fill(0);
    dated.forEach(function (e) {
      var i = Math.floor((T.dayIndex(e.event_date) - d0) / bin);
      if (i >= 0 && i < n) { counts[i] += 1; }
    });
    var max = Math.max.apply(null, counts), bw = (W - 8) / n;
    counts.forEach(function (c, i) {
      if (!c) { return; }
      var h = Math.max(2, (H - 22) * c / max);
      var r = document.createElementNS(NS, 'rect');
      r.setAttribute('x', String(4 + i * bw)); r.setAttribute('y', String(H - 16 - h));
      r.setAttribute('width', String(Math.max(bw - 1, 1))); r.setAttribute('height', String(h));
      r.setAttribute('class', 'bar');
      var t = document.createElementNS(NS, 'title');
      t.textContent = T.isoOf(d0 + i * bin) + ': ' + c + ' event(s)';
      r.appendChild(t);
      r.addEventListener('click', function () { setSlider(Math.min(d0 + (i + 1) * bin - 1, S.days[1])); });
      svg.appendChild(r);
    });
    [[d0, 'start'], [d1, 'end']].forEach(function (p) {
      var tx = document.createElementNS(NS, 'text');
      tx.setAttribute('x', p[1] === 'start' ? '4' : String(W - 4)); tx.setAttribute('y', String(H - 3));
      tx.setAttribute('text-anchor', p[1]); tx.setAttribute('class', 'tick');
      tx.textContent = T.isoOf(p[0]);
      svg.appendChild(tx);
    });
    var cur = Number(document.getElementById('t-end').value);
    var x = 4 + (cur - d0) / bin * bw;
    var ln = document.createElementNS(NS, 'line');
    ln.setAttribute('x1', String(x)); ln.setAttribute('x2', String(x)); ln.setAttribute('y1', '0'); ln.setAttribute('y2', String(H - 14));
    ln.setAttribute('class', 'cursor');
    svg.appendChild(ln);
  }

  function setSlider(day) {
    var r = document.getElementById('t-end');
    r.value = String(day);
    sliderChanged();
  }

  var sliderTimer = null;
  function sliderChanged() {
    document.getElementById('t-label').textContent = T.isoOf(Number(document.getElementById('t-end').value));
    clearTimeout(sliderTimer);
    sliderTimer = setTimeout(function () { S.offset = 0; loadTable(); loadMap(false); }, 150);
  }

  var playing = null;
  function play() {
    var r = document.getElementById('t-end');
    if (playing) { clearInterval(playing); playing = null; return; }
    if (Number(r.value) >= S.days[1]) { r.value = String(S.days[0]); }
    var step = Math.max(1, Math.round((S.days[1] - S.days[0]) / 40));
    playing = setInterval(function () {
      var v = Math.min(Number(r.value) + step, S.days[1]);
      setSlider(v);
      if (v >= S.days[1]) { clearInterval(playing); playing = null; }
    }, 400);
  }

  function refresh(fit) { S.offset = 0; writeHash(); loadTable(); loadMap(fit); }

  function writeHash() {
    var f = filters();
    delete f.bbox;
    var q = T.qs(f);
    history.replaceState(null, '', '#/' + (q ? '?' + q : ''));
  }

  function readHash() {
    var h = location.hash.replace(/^#\/?/, '');
    var q = h.indexOf('?') >= 0 ? h.slice(h.indexOf('?') + 1) : '';
    var f = document.getElementById('filters');
    new URLSearchParams(q).forEach(function (v, k) { if (f.elements[k] && k !== 'in_view') { f.elements[k].value = v; } });
  }

  var typing = null;
  function initEvents() {
    S.map = T.newMap('map');
    S.cluster = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false });
    S.map.addLayer(S.cluster);
    S.map.on('moveend', function () { if (document.getElementById('filters').elements.in_view.checked) { S.offset = 0; loadTable(); } });
    var f = document.getElementById('filters');
    f.addEventListener('input', function (ev) {
      if (ev.target.name === 'event_type') { fillSubtypes(); }
      clearTimeout(typing);
      typing = setTimeout(function () { refresh(true); }, 250);
    });
    f.addEventListener('submit', function (ev) { ev.preventDefault(); refresh(true); });
    f.addEventListener('reset', function () {
      setTimeout(function () { if (S.days) { document.getElementById('t-end').value = S.days[1]; } refresh(true); }, 0);
    });
    f.elements.place.addEventListener('input', function () { complete('places', f.elements.place.value, 'dl-places'); });
    f.elements.actor.addEventListener('input', function () { complete('actors', f.elements.actor.value, 'dl-actors'); });
    document.getElementById('t-end').addEventListener('input', sliderChanged);
    document.getElementById('t-play').addEventListener('click', play);
    document.querySelectorAll('#events-table th[data-sort]').forEach(function (th) {
      th.addEventListener('click', function () {
        var k = th.dataset.sort;
        S.sort = S.sort === k ? '-' + k : k;
        S.offset = 0; loadTable();
      });
    });
    document.getElementById('prev').addEventListener('click', function () { S.offset = Math.max(0, S.offset - PAGE); loadTable(); });
    document.getElementById('next').addEventListener('click', function () { S.offset += PAGE; loadTable(); });
    window.addEventListener('resize', drawTimeline);
    document.getElementById('upload-form').addEventListener('submit', upload);
    readHash();
    return T.api('/api/facets').then(function (fc) { setFacets(fc); readHash(); refresh(true); });
  }

  /* Add a report: JSON for pasted text, a multipart upload for a file; the server analyses
     it in the background and /api/jobs says when it is done. */
  function upload(ev) {
    ev.preventDefault();
    var f = document.getElementById('upload-form');
    var status = document.getElementById('upload-status');
    var file = f.elements.file.files[0];
    var meta = { title: f.elements.title.value.trim(), source: f.elements.source.value.trim(),
      published: f.elements.published.value };
    var body;
    if (file) {
      body = new FormData();
      body.append('file', file);
      Object.keys(meta).forEach(function (k) { if (meta[k]) { body.append(k, meta[k]); } });
    } else {
      body = { text: f.elements.text.value };
      Object.keys(meta).forEach(function (k) { if (meta[k]) { body[k] = meta[k]; } });
    }
    function send() { return T.api('/api/documents', { method: 'POST', body: body, auth: true }); }
    status.classList.remove('error');
    status.textContent = 'Sending…';
    var first = T.token() ? send() : T.askToken().then(send);
    first.catch(function (err) { if (err.status === 401) { return T.askToken().then(send); } throw err; })
      .then(function (job) { status.textContent = 'Report ' + job.doc_id + ': ' + job.status; poll(job.doc_id, status); })
      .catch(function (err) { status.textContent = 'Not added: ' + err.message; status.classList.add('error'); });
  }

  function poll(docId, status) {
    T.api('/api/jobs/' + encodeURIComponent(docId)).then(function (job) {
      status.textContent = 'Report ' + docId + ': ' + job.status + (job.detail ? ' (' + job.detail + ')' : '');
      if (job.status === 'queued' || job.status === 'processing') { setTimeout(function () { poll(docId, status); }, 1000); }
      else if (job.status === 'done') { refresh(false); }
    }).catch(function (err) { status.textContent = err.message; });
  }

  function complete(kind, text, listId) {
    T.api('/api/' + kind + '?' + T.qs({ q: text, limit: 12 })).then(function (items) {
      var dl = T.clear(document.getElementById(listId));
      items.forEach(function (it) { dl.appendChild(el('option', { value: it.name, label: it.detail ? it.name + ' — ' + it.detail : it.name })); });
    }).catch(function () {});
  }

  /* --- control map -------------------------------------------------------------- */
  function initControl() {
    if (S.cmap) { S.cmap.invalidateSize(); return; }
    S.cmap = T.newMap('cmap');
    S.clayer = L.layerGroup().addTo(S.cmap);
    T.api('/api/timeline').then(function (periods) {
      S.periods = periods;
      var days = [];
      periods.forEach(function (p) { if (p.start) { days.push(T.dayIndex(p.start)); } if (p.end) { days.push(T.dayIndex(p.end)); } });
      var r = document.getElementById('c-day');
      if (days.length) {
        r.min = Math.min.apply(null, days); r.max = Math.max.apply(null, days); r.value = r.max;
      }
      r.addEventListener('input', drawControl);
      var pts = periods.filter(function (p) { return p.latitude !== null; }).map(function (p) { return [p.latitude, p.longitude]; });
      if (pts.length) { S.cmap.fitBounds(T.bulkBounds(pts), { maxZoom: 8, padding: [24, 24] }); }
      drawControl();
    }).catch(showError);
  }

  function drawControl() {
    var day = T.isoOf(Number(document.getElementById('c-day').value));
    document.getElementById('c-label').textContent = day;
    S.clayer.clearLayers();
    var body = T.clear(document.querySelector('#control-table tbody'));
    var legend = T.clear(document.getElementById('c-legend'));
    var seen = {};
    S.periods.filter(function (p) { return (!p.start || p.start <= day) && (!p.end || day < p.end); }).forEach(function (p) {
      var colour = T.colourOf('ctl:' + p.controller);
      if (!seen[p.controller]) {
        seen[p.controller] = true;
        legend.appendChild(el('li', {}, el('span', { cls: 'swatch', style: 'background:' + colour }), p.controller));
      }
      if (p.latitude !== null) {
        var m = L.circleMarker([p.latitude, p.longitude], { radius: 9, color: '#333', weight: p.inferred ? 1 : 2, dashArray: p.inferred ? '3 2' : null, fillColor: colour, fillOpacity: 0.85 });
        m.bindTooltip(el('span', { text: p.place + ': ' + p.controller + (p.inferred ? ' (inferred)' : '') }), { permanent: false });
        S.clayer.addLayer(m);
      }
      body.appendChild(el('tr', {}, el('td', { text: p.place }), el('td', { text: p.controller + (p.inferred ? ' (inferred)' : '') }),
        el('td', { text: p.start || 'before the first report' }), el('td', { text: p.end || 'last report' })));
    });
    if (!body.rows.length) { body.appendChild(el('tr', {}, el('td', { colspan: '4', cls: 'muted', text: 'No place is known to be held on this day.' }))); }
  }

  /* --- review queue -------------------------------------------------------------- */
  function loadReview() {
    T.api('/api/events?' + T.qs({ sort: 'confidence', offset: S.roffset, limit: PAGE })).then(function (page) {
      var body = T.clear(document.querySelector('#review-table tbody'));
      page.items.forEach(function (e) {
        body.appendChild(el('tr', { cls: e.corrected ? 'corrected' : null },
          el('td', { cls: 'num', text: e.confidence.toFixed(2) }),
          el('td', {}, el('a', { href: '#/event/' + encodeURIComponent(e.event_id), text: T.fmtDate(e.event_date) })),
          el('td', { text: e.sub_event_type }), el('td', { text: [e.actor1, e.actor2].filter(Boolean).join(' vs ') }),
          el('td', { text: e.location }), el('td', { cls: 'num', text: String(e.sources.length) }),
          el('td', { text: e.flags.join(', ') })));
      });
      document.getElementById('r-info').textContent = page.total ? (S.roffset + 1) + '–' + (S.roffset + page.items.length) + ' of ' + page.total : 'no events';
      document.getElementById('r-prev').disabled = S.roffset === 0;
      document.getElementById('r-next').disabled = S.roffset + PAGE >= page.total;
    }).catch(showError);
  }
  document.getElementById('r-prev').addEventListener('click', function () { S.roffset = Math.max(0, S.roffset - PAGE); loadReview(); });
  document.getElementById('r-next').addEventListener('click', function () { S.roffset += PAGE; loadReview(); });

  function showError(err) {
    var box = document.getElementById('count');
    box.textContent = 'Error: ' + err.message;
    box.classList.add('error');
  }
  T.showError = showError;

  /* --- router -------------------------------------------------------------------- */
  var started = false;
  function route() {
    var h = location.hash.replace(/^#\/?/, '');
    var path = h.split('?')[0];
    var parts = path.split('/');
    var view = 'events';
    if (parts[0] === 'event' && parts[1]) { view = 'event'; }
    else if (parts[0] === 'doc' && parts[1]) { view = 'doc'; }
    else if (parts[0] === 'control') { view = 'control'; }
    else if (parts[0] === 'review') { view = 'review'; }
    document.querySelectorAll('.view').forEach(function (v) { v.hidden = v.id !== 'view-' + view; });
    document.querySelectorAll('[data-nav]').forEach(function (a) { a.classList.toggle('active', a.dataset.nav === view); });
    if (view === 'events') {
      if (!started) { started = true; initEvents(); } else { S.map.invalidateSize(); loadTable(); }
    } else if (view === 'event') { T.showEvent(decodeURIComponent(parts[1])); }
    else if (view === 'doc') { T.showDocument(decodeURIComponent(parts[1]), h.split('?')[1] || ''); }
    else if (view === 'control') { initControl(); }
    else if (view === 'review') { loadReview(); }
    window.scrollTo(0, 0);
  }
  window.addEventListener('hashchange', route);
  document.addEventListener('DOMContentLoaded', route);
}());
