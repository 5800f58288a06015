/* Tadmor web UI: the event page (fields and their evidence, sources with the evidence
   highlighted in their text, why the mentions merged, corrections) and the document page. */
'use strict';
(function () {
  var el = T.el;
  var FIELDS = ['event_date', 'event_type', 'sub_event_type', 'actor1', 'assoc_actor_1', 'actor2',
    'assoc_actor_2', 'location', 'admin1', 'country', 'fatalities', 'geo_precision', 'time_precision', 'notes'];
  var CORRECTABLE = ['event_type', 'sub_event_type', 'actor1', 'assoc_actor_1', 'actor2', 'assoc_actor_2',
    'location', 'event_date', 'fatalities', 'time_precision', 'notes'];

  /* The text with each span wrapped in <mark>; overlapping spans are cut at their edges. */
  T.highlight = function (text, spans, focus) {
    var cuts = [0, text.length];
    spans.forEach(function (s) { cuts.push(s.start, s.end); });
    cuts = cuts.filter(function (c, i, a) { return c >= 0 && c <= text.length && a.indexOf(c) === i; }).sort(function (a, b) { return a - b; });
    var out = el('div', { cls: 'doctext' });
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1];
      var piece = text.slice(a, b);
      var over = spans.filter(function (s) { return s.start <= a && b <= s.end; });
      if (!over.length) { out.appendChild(document.createTextNode(piece)); continue; }
      var labels = over.map(function (s) { return s.field; }).filter(function (x, j, arr) { return arr.indexOf(x) === j; });
      var isFocus = focus && over.some(function (s) { return s.start === focus[0] && s.end === focus[1]; });
      out.appendChild(el('mark', { title: labels.join(', '), 'data-fields': labels.join(' '), cls: isFocus ? 'focus' : null, text: piece }));
    }
    return out;
  };

  function valueText(ev, f) {
    var v = ev[f];
    if (f === 'fatalities' && ev.fatalities_low !== null && ev.fatalities_high !== null && ev.fatalities_low !== ev.fatalities_high) {
      return v + ' (' + ev.fatalities_low + '–' + ev.fatalities_high + ')';
    }
    return v === null || v === undefined || v === '' ? '—' : String(v);
  }

  function quoteLink(fe) {
    var e = fe.evidence;
    return el('a', { cls: 'quote', href: '#/doc/' + encodeURIComponent(e.doc_id) + '?s=' + e.start + '&e=' + e.end, title: e.doc_id + ' [' + e.start + ':' + e.end + ']' }, '“' + e.quote + '”');
  }

  T.showEvent = function (id) {
    var view = T.clear(document.getElementById('view-event'));
    view.appendChild(el('p', { cls: 'muted', text: 'Loading…' }));
    T.api('/api/events/' + encodeURIComponent(id)).then(function (d) { renderEvent(view, d); })
      .catch(function (err) { T.clear(view).appendChild(el('p', { cls: 'error', text: err.message })); });
  };

  function renderEvent(view, d) {
    var ev = d.event;
    T.clear(view);
    view.appendChild(el('p', {}, el('a', { href: '#/', text: '‹ All events' })));
    view.appendChild(el('h1', { text: (ev.sub_event_type || ev.event_type) + ' · ' + (ev.location || 'unknown place') + ' · ' + T.fmtDate(ev.event_date) }));
    view.appendChild(el('p', { cls: 'muted' }, 'Event ', el('code', { text: ev.event_id }), ' · confidence ' + ev.confidence.toFixed(2) + ' · ' + ev.sources.length + ' source(s)',
      ev.corrected ? el('span', { cls: 'badge', text: 'corrected' }) : null, ev.flags.length ? ' · flags: ' + ev.flags.join(', ') : ''));
    var byField = {};
    d.evidence.forEach(function (fe) { (byField[fe.field] = byField[fe.field] || []).push(fe); });
    var rows = FIELDS.map(function (f) {
      return el('tr', { 'data-field': f }, el('th', { scope: 'row', text: f }), el('td', { cls: 'value', text: valueText(ev, f) }),
        el('td', {}, (byField[f] || []).map(quoteLink)));
    });
    Object.keys(byField).forEach(function (f) {
      if (FIELDS.indexOf(f) < 0) { rows.push(el('tr', { 'data-field': f }, el('th', { scope: 'row', text: f }), el('td', { text: '' }), el('td', {}, byField[f].map(quoteLink)))); }
    });
    view.appendChild(el('div', { cls: 'table-wrap' }, el('table', { cls: 'fields' },
      el('thead', {}, el('tr', {}, el('th', { text: 'Field' }), el('th', { text: 'Value' }), el('th', { text: 'Evidence' }))), el('tbody', {}, rows))));
    view.appendChild(el('h2', { text: 'Why these reports are one event' }));
    view.appendChild(el('ul', { cls: 'merge' }, d.merge.map(function (m) { return el('li', { text: m }); })));
    view.appendChild(el('h2', { text: 'Sources' }));
    var docs = {};
    d.mentions.forEach(function (m) { (docs[m.doc_id] = docs[m.doc_id] || []).push(m); });
    d.evidence.forEach(function (fe) { docs[fe.evidence.doc_id] = docs[fe.evidence.doc_id] || []; });
    Object.keys(docs).forEach(function (docId) { view.appendChild(sourceBox(docId, docs[docId], d)); });
    view.appendChild(correctionsBox(d));
  }

  function sourceBox(docId, mentions, d) {
    var m0 = mentions[0] || {};
    var box = el('article', { cls: 'source', 'data-doc': docId });
    box.appendChild(el('h3', {}, el('a', { href: '#/doc/' + encodeURIComponent(docId), text: m0.title || docId }),
      el('span', { cls: 'muted', text: ' ' + [m0.source, m0.published].filter(Boolean).join(' · ') })));
    mentions.forEach(function (m) {
      box.appendChild(el('p', { cls: 'mention' }, el('span', { cls: 'badge', text: m.modality }), ' ' + m.sub_event_type + ': ',
        el('q', { text: m.sentence.quote }), m.claimant ? el('span', { cls: 'muted', text: ' (according to ' + m.claimant + ')' }) : null));
    });
    var holder = el('div', { cls: 'textbox', text: 'Loading the text…' });
    box.appendChild(holder);
    T.api('/api/documents/' + encodeURIComponent(docId)).then(function (doc) {
      var mine = {};
      mentions.forEach(function (m) { mine[m.mention_id] = true; });
      var spans = doc.spans.filter(function (s) { return s.event_id === d.event.event_id || (s.mention_id && mine[s.mention_id]); });
      d.evidence.forEach(function (fe) { if (fe.evidence.doc_id === docId) { spans.push({ start: fe.evidence.start, end: fe.evidence.end, field: fe.field }); } });
      T.clear(holder).appendChild(T.highlight(doc.text, spans, null));
      var first = holder.querySelector('mark');
      if (first) { holder.scrollTop = Math.max(0, first.offsetTop - holder.offsetTop - 40); }
    }).catch(function (err) { holder.textContent = err.message; });
    return box;
  }

  function correctionsBox(d) {
    var ev = d.event;
    var box = el('section', { cls: 'corrections', id: 'corrections' });
    box.appendChild(el('h2', { text: 'Corrections' }));
    if (d.corrections.length) {
      box.appendChild(el('ul', {}, d.corrections.map(function (c) {
        var what = c.kind === 'field' ? (c.changes || []).map(function (ch) { return ch.field + ': ' + ch.before + ' → ' + ch.after; }).join('; ') : c.kind;
        return el('li', { text: (c.created || '') + ' ' + (c.author || '') + ': ' + what + (c.note ? ' — ' + c.note : '') });
      })));
    } else { box.appendChild(el('p', { cls: 'muted', text: 'No correction yet.' })); }
    var field = el('select', { name: 'field', 'aria-label': 'field to correct' }, CORRECTABLE.map(function (f) { return el('option', { value: f, text: f }); }));
    var value = el('input', { name: 'value', 'aria-label': 'new value', placeholder: 'new value' });
    field.addEventListener('change', function () { value.value = ev[field.value] === null ? '' : String(ev[field.value]); });
    value.value = String(ev[field.value] || '');
    var note = el('input', { name: 'note', 'aria-label': 'note', placeholder: 'note: why (optional)' });
    var status = el('p', { cls: 'status', role: 'status' });
    function send(body) {
      function go() {
        body.author = T.author() || 'analyst';
        body.note = note.value;
        return T.api('/api/events/' + encodeURIComponent(ev.event_id) + '/corrections', { method: 'POST', body: body, auth: true });
      }
      var first = T.token() ? go() : T.askToken().then(go);
      first.catch(function (err) {
        if (err.status === 401) { return T.askToken().then(go); }
        throw err;
      }).then(function () {
        status.textContent = 'Saved.';
        var target = body.kind === 'not_event' ? null : ev.event_id;
        if (target) { T.showEvent(target); } else { location.hash = '#/review'; }
      }).catch(function (err) { status.textContent = 'Not saved: ' + err.message; status.classList.add('error'); });
    }
    var fieldForm = el('form', { cls: 'cform', id: 'correct-field' }, el('strong', { text: 'Change a field' }), field, value,
      el('button', { type: 'submit', text: 'Save correction' }));
    fieldForm.addEventListener('submit', function (e) {
      e.preventDefault();
      var v = value.value.trim();
      var typed = (field.value === 'fatalities' || field.value === 'time_precision') && /^\d+$/.test(v) ? Number(v) : v;
      send({ kind: 'field', field: field.value, value: typed });
    });
    var other = el('input', { name: 'other', placeholder: 'id of the other event', 'aria-label': 'event to merge into this one' });
    var mergeForm = el('form', { cls: 'cform' }, el('strong', { text: 'Same happening as' }), other, el('button', { type: 'submit', text: 'Merge into this event' }));
    mergeForm.addEventListener('submit', function (e) { e.preventDefault(); send({ kind: 'merge', other_event_id: other.value.trim() }); });
    var checks = d.mentions.map(function (m) {
      return el('label', { cls: 'check' }, el('input', { type: 'checkbox', value: m.mention_id }), ' ' + (m.title || m.doc_id) + ': ' + m.trigger.quote);
    });
    var splitForm = el('form', { cls: 'cform' }, el('strong', { text: 'Split off the checked reports' }), checks, el('button', { type: 'submit', text: 'Split' }));
    splitForm.addEventListener('submit', function (e) {
      e.preventDefault();
      var ids = Array.prototype.map.call(splitForm.querySelectorAll('input:checked'), function (c) { return c.value; });
      send({ kind: 'split', mention_ids: ids });
    });
    var notEvent = el('button', { type: 'button', cls: 'danger', text: 'Not an event' });
    notEvent.addEventListener('click', function () { send({ kind: 'not_event' }); });
    box.appendChild(el('div', { cls: 'cforms' }, note, fieldForm, mergeForm, d.mentions.length > 1 ? splitForm : null, el('div', { cls: 'cform' }, notEvent), status));
    return box;
  }

  T.showDocument = function (id, query) {
    var view = T.clear(document.getElementById('view-doc'));
    var p = new URLSearchParams(query || '');
    var focus = p.get('s') !== null ? [Number(p.get('s')), Number(p.get('e'))] : null;
    T.api('/api/documents/' + encodeURIComponent(id)).then(function (doc) {
      view.appendChild(el('p', {}, el('a', { href: '#/', text: '‹ All events' })));
      view.appendChild(el('h1', { text: doc.title || doc.doc_id }));
      var meta = [doc.source, doc.published ? doc.published + ' (date from ' + doc.date_source + ')' : 'undated', doc.origin].filter(Boolean).join(' · ');
      view.appendChild(el('p', { cls: 'muted', text: meta }));
      if (doc.url) { view.appendChild(el('p', {}, 'URL: ', /^https?:\/\//i.test(doc.url) ? el('a', { href: doc.url, rel: 'noreferrer noopener', target: '_blank', text: doc.url }) : el('span', { text: doc.url }))); }
      var spans = doc.spans.slice();
      if (focus) { spans.push({ start: focus[0], end: focus[1], field: 'cited' }); }
      var events = {};
      doc.spans.forEach(function (s) { if (s.event_id) { events[s.event_id] = true; } });
      view.appendChild(el('p', {}, 'Events from this report: ', Object.keys(events).map(function (e) { return el('a', { cls: 'pill', href: '#/event/' + encodeURIComponent(e), text: e }); })));
      var text = T.highlight(doc.text, spans, focus);
      view.appendChild(text);
      var target = text.querySelector('mark.focus');
      if (target) { target.scrollIntoView({ block: 'center' }); }
    }).catch(function (err) { view.appendChild(el('p', { cls: 'error', text: err.message })); });
  };
}());
