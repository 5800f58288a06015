/* Tadmor web UI: shared helpers. Every string from the data goes into the page as text
   (textContent, DOM nodes), never as HTML; links from data are only followed when http(s). */
'use strict';
var T = window.T = {};

T.el = function (tag, attrs) {
  var node = document.createElement(tag);
  var a = attrs || {};
  Object.keys(a).forEach(function (k) {
    var v = a[k];
    if (v === null || v === undefined || v === false) { return; }
    if (k === 'text') { node.textContent = String(v); }
    else if (k === 'cls') { node.className = v; }
    else if (k === 'on') { Object.keys(v).forEach(function (ev) { node.addEventListener(ev, v[ev]); }); }
    else if (k === 'href') { node.setAttribute('href', T.safeHref(v)); }
    else { node.setAttribute(k, v === true ? '' : String(v)); }
  });
  for (var i = 2; i < arguments.length; i++) {
    var c = arguments[i];
    if (c === null || c === undefined || c === false) { continue; }
    if (Array.isArray(c)) { c.forEach(function (x) { if (x) { node.appendChild(typeof x === 'string' ? document.createTextNode(x) : x); } }); }
    else { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); }
  }
  return node;
};

/* Only in-app fragments, same-origin paths and http(s) URLs become links. */
T.safeHref = function (url) {
  var s = String(url || '').trim();
  if (s.charAt(0) === '#' || (s.charAt(0) === '/' && s.charAt(1) !== '/')) { return s; }
  if (/^https?:\/\//i.test(s)) { return s; }
  return '#';
};

T.clear = function (node) { while (node.firstChild) { node.removeChild(node.firstChild); } return node; };

T.api = function (path, opts) {
  var o = opts || {};
  var headers = o.headers || {};
  if (o.body !== undefined && !(o.body instanceof FormData)) { headers['Content-Type'] = 'application/json'; }
  if (o.auth) { headers.Authorization = 'Bearer ' + (T.token() || ''); }
  return fetch(path, {
    method: o.method || 'GET', headers: headers,
    body: o.body === undefined ? undefined : (o.body instanceof FormData ? o.body : JSON.stringify(o.body))
  }).then(function (r) {
    return r.json().catch(function () { return {}; }).then(function (data) {
      if (!r.ok) { var e = new Error(data.detail || ('HTTP ' + r.status)); e.status = r.status; throw e; }
      return data;
    });
  });
};

T.qs = function (params) {
  var parts = [];
  Object.keys(params).forEach(function (k) {
    var v = params[k];
    if (v !== '' && v !== null && v !== undefined) { parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(v)); }
  });
  return parts.join('&');
};

T.token = function () { return sessionStorage.getItem('tadmor-token') || ''; };
T.author = function () { return localStorage.getItem('tadmor-author') || ''; };

/* Ask for the token (and the analyst's name) once per browser session. */
T.askToken = function () {
  return new Promise(function (resolve, reject) {
    var dlg = document.getElementById('token-dialog');
    var input = document.getElementById('token-input');
    var author = document.getElementById('author-input');
    input.value = T.token();
    author.value = T.author();
    function done(ok) {
      document.getElementById('token-ok').removeEventListener('click', okh);
      document.getElementById('token-cancel').removeEventListener('click', cancel);
      dlg.close();
      if (ok && input.value) {
        sessionStorage.setItem('tadmor-token', input.value);
        localStorage.setItem('tadmor-author', author.value || 'analyst');
        resolve(input.value);
      } else { reject(new Error('no token given')); }
    }
    function okh(ev) { ev.preventDefault(); done(true); }
    function cancel() { done(false); }
    document.getElementById('token-ok').addEventListener('click', okh);
    document.getElementById('token-cancel').addEventListener('click', cancel);
    dlg.showModal();
  });
};

T.colours = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
T.colourOf = (function () {
  var known = {};
  var fixed = {
    'Battles': '#d62728', 'Explosions/Remote violence': '#ff7f0e', 'Violence against civilians': '#9467bd',
    'Protests': '#2ca02c', 'Riots': '#8c564b', 'Strategic developments': '#1f77b4'
  };
  return function (name) {
    if (fixed[name]) { return fixed[name]; }
    if (!known[name]) { known[name] = T.colours[Object.keys(known).length % T.colours.length]; }
    return known[name];
  };
}());

/* Fit a map to the bulk of the points: the 5th to 95th percentile of latitude and
   longitude (all points when there are few), so a few outliers do not force a world view. */
T.bulkBounds = function (points) {
  if (!points.length) { return null; }
  var lats = points.map(function (p) { return p[0]; }).sort(function (a, b) { return a - b; });
  var lons = points.map(function (p) { return p[1]; }).sort(function (a, b) { return a - b; });
  var cut = points.length >= 20 ? Math.floor(points.length * 0.05) : 0;
  var lo = cut, hi = points.length - 1 - cut;
  var s = lats[lo], n = lats[hi], w = lons[lo], e = lons[hi];
  var pad = 0.3;
  return L.latLngBounds([s - pad, w - pad], [n + pad, e + pad]);
};

T.basemap = function (map) {
  return fetch('/api/basemap').then(function (r) { return r.json(); }).then(function (gj) {
    L.geoJSON(gj, { pane: 'basemap', style: { color: '#b9b2a1', weight: 0.8, fillColor: '#f7f4ec', fillOpacity: 1 }, interactive: false }).addTo(map);
  }).catch(function () { /* the map works without outlines */ });
};

T.newMap = function (id) {
  var map = L.map(id, { worldCopyJump: true, minZoom: 2, maxZoom: 14, attributionControl: true, preferCanvas: false });
  map.attributionControl.setPrefix('Leaflet');
  map.attributionControl.addAttribution('Outlines: Natural Earth');
  map.getContainer().style.background = '#eef4fa';
  map.setView([20, 20], 2);
  map.createPane('basemap').style.zIndex = '250';  /* under the events, whenever it loads */
  T.basemap(map);
  return map;
};

T.fmtDate = function (s) { return s || 'undated'; };
T.dayIndex = function (iso) { return Math.round(Date.parse(iso + 'T00:00:00Z') / 86400000); };
T.isoOf = function (day) { return new Date(day * 86400000).toISOString().slice(0, 10); };
