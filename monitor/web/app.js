// ontwatch dashboard: a NOC's view of the daemon's /api/v1 (docs/api.md), served by the
// daemon itself. Plain DOM, hash routing, no dependencies: the page must keep working under
// the daemon's Content-Security-Policy (default-src 'self'), so every element is built with
// createElement (no inline handlers or style attributes; colours go through the CSSOM).

const API = '/api/v1';
const TOKEN_KEY = 'ontwatch.token';
const REFRESH_MS = 30000;
const SVGNS = 'http://www.w3.org/2000/svg';
const STATES = ['faulty', 'at_risk', 'warning', 'offline', 'healthy'];
const STATE_TEXT = {
  faulty: 'faulty', at_risk: 'at risk', warning: 'warning', offline: 'offline', healthy: 'healthy',
};

// ---------------------------------------------------------------------------------------
// API access

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

async function api(path, { method = 'GET', body } = {}) {
  const t = token();
  if (!t) throw new ApiError(401, 'no token given');
  const opts = { method, cache: 'no-store', headers: { Authorization: `Bearer ${t}` } };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  let r;
  try {
    r = await fetch(API + path, opts);
  } catch (e) {
    throw new ApiError(0, `the daemon cannot be reached (${e.message})`);
  }
  let j = null;
  try {
    j = await r.json();
  } catch {
    j = null;
  }
  if (!r.ok) throw new ApiError(r.status, (j && j.error) || r.statusText || 'request failed');
  return j;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

// ---------------------------------------------------------------------------------------
// DOM helpers

function add(el, kids) {
  for (const k of kids.flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'style') Object.assign(el.style, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  return el;
}

function h(tag, attrs, ...kids) {
  return add(setAttrs(document.createElement(tag), attrs), kids);
}

function s(tag, attrs, ...kids) {
  return add(setAttrs(document.createElementNS(SVGNS, tag), attrs), kids);
}

function dash(v) {
  return v === null || v === undefined || v === '' ? '\u2013' : v;
}

function num(v, digits = 1) {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '\u2013';
}

// "2026-11-22T14:05:00Z" -> "2026-11-22 14:05Z"; local times keep their offset.
function when(iso) {
  if (!iso) return '\u2013';
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::\d\d)?(Z|[+-]\d\d:\d\d)?$/.exec(iso);
  return m ? `${m[1]} ${m[2]}${m[3] === 'Z' ? 'Z' : m[3] ? ` ${m[3]}` : ''}` : iso;
}

function ago(iso) {
  if (!iso) return '';
  const sec = (Date.now() - Date.parse(iso)) / 1000;
  if (!Number.isFinite(sec)) return '';
  if (Math.abs(sec) < 90) return sec >= 0 ? `${Math.round(sec)} s ago` : `in ${Math.round(-sec)} s`;
  const min = sec / 60;
  if (Math.abs(min) < 90) return min >= 0 ? `${Math.round(min)} min ago` : `in ${Math.round(-min)} min`;
  const hr = min / 60;
  if (Math.abs(hr) < 48) return hr >= 0 ? `${Math.round(hr)} h ago` : `in ${Math.round(-hr)} h`;
  const d = hr / 24;
  return d >= 0 ? `${Math.round(d)} d ago` : `in ${Math.round(-d)} d`;
}

function stateBadge(state) {
  return h('span', { class: `badge state-${state}` }, STATE_TEXT[state] || state || 'unknown');
}

function healthBadge(health) {
  return h('span', { class: `badge health-${health}` }, health || 'unknown');
}

function prio(p) {
  return typeof p === 'number' ? h('span', { class: `badge prio-${p}` }, `P${p}`) : '\u2013';
}

function section(title, id, ...kids) {
  return h('section', { class: 'card', 'aria-labelledby': `${id}-title`, id },
    h('h2', { id: `${id}-title` }, title), kids);
}

function table(caption, headers, rows, attrs = {}) {
  return h('table', attrs,
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows));
}

function empty(cols, text) {
  return h('tr', {}, h('td', { colspan: cols, class: 'empty' }, text));
}

// ---------------------------------------------------------------------------------------
// Rx colour scale: fixed (never relative to the data), so colours mean the same on every
// port and a port whose every ONT lost light shows as a whole row in warm colours.

const RX_SCALE = [
  { min: -8, color: '#7b3294', label: 'above \u22128 (overload)' },
  { min: -17, color: '#1a9850', label: '\u221217 to \u22128' },
  { min: -20, color: '#66bd63', label: '\u221220 to \u221217' },
  { min: -23, color: '#a6d96a', label: '\u221223 to \u221220' },
  { min: -25, color: '#fee08b', label: '\u221225 to \u221223' },
  { min: -27, color: '#fdae61', label: '\u221227 to \u221225' },
  { min: -29, color: '#f46d43', label: '\u221229 to \u221227' },
  { min: -Infinity, color: '#a50026', label: 'below \u221229' },
];
const OFFLINE_COLOR = '#9e9e9e';

function rxColor(rx) {
  for (const b of RX_SCALE) if (rx >= b.min) return b.color;
  return RX_SCALE[RX_SCALE.length - 1].color;
}

function legend() {
  const items = RX_SCALE.map((b) => h('li', {}, h('span', { class: 'swatch', style: { background: b.color } }), b.label));
  items.push(h('li', {}, h('span', { class: 'swatch', style: { background: OFFLINE_COLOR } }), 'offline'));
  items.push(h('li', {}, h('span', { class: 'swatch nodata' }), 'no reading'));
  return h('div', { class: 'legend', id: 'rx-legend' }, h('span', { class: 'legend-title' }, 'ONT Rx (dBm):'),
    h('ul', {}, items));
}

// ---------------------------------------------------------------------------------------
// Views. Each view builds its frame once and returns load(), which fetches and fills in the
// data; the router calls load() at once and on every refresh, so forms and opened details
// survive the 30 s refresh.

function viewOverview(root) {
  const head = h('p', { class: 'muted', id: 'daemon-line' });
  const oltBody = h('tbody');
  const oltSummary = h('p', { id: 'olt-summary' });
  const tiles = h('ul', { class: 'tiles', id: 'ont-states' });
  const causes = h('tbody');
  const ordersLine = h('p', { id: 'orders-open' });
  add(root, [
    h('h2', { class: 'view-title' }, 'Fleet overview'), head,
    h('div', { class: 'grid' },
      section('OLTs', 'olts', oltSummary,
        h('table', { id: 'olt-table' }, h('thead', {}, h('tr', {},
          ['OLT', 'Vendor', 'Host', 'Health', 'ONTs', 'Last poll', 'Duration', 'Errors', 'Last success',
            'Failures', 'Next poll'].map((x) => h('th', { scope: 'col' }, x)))), oltBody)),
      section('ONTs by state', 'states', tiles),
      section('Open orders by cause', 'causes', ordersLine,
        h('table', { id: 'cause-table' }, h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Cause'), h('th', { scope: 'col', class: 'n' }, 'Open orders'))), causes))),
  ]);
  return async () => {
    const [st, o] = await Promise.all([api('/status'), api('/olts')]);
    head.replaceChildren(`ontwatchd ${dash(st.version)}, up since ${when(st.started_at)}; `,
      `${st.silences_active ?? 0} active silences, outbox backlog ${st.outbox_backlog ?? 0}, `,
      `${st.dead_letters ?? 0} dead letters`,
      st.last_reload ? `; last reload ${when(st.last_reload.at)} ${st.last_reload.ok ? 'ok' : 'FAILED'}` : '');
    const olts = o.olts || [];
    const failing = olts.filter((x) => x.health !== 'ok').length;
    oltSummary.replaceChildren(h('strong', {}, `${olts.length} OLTs`),
      failing ? h('span', { class: 'bad' }, `, ${failing} not healthy`) : ', all polled ok');
    oltBody.replaceChildren(...(olts.length ? olts.map((x) => h('tr', { 'data-olt': x.name, 'data-health': x.health },
      h('th', { scope: 'row' }, x.name), h('td', {}, dash(x.vendor)), h('td', {}, dash(x.host)),
      h('td', {}, healthBadge(x.health)), h('td', { class: 'n' }, dash(x.onts)),
      h('td', { title: x.last_poll ? x.last_poll.started_at : '' }, x.last_poll ? ago(x.last_poll.started_at) : 'never'),
      h('td', { class: 'n' }, x.last_poll ? `${num(x.last_poll.duration, 2)} s` : '\u2013'),
      h('td', { class: 'n' }, x.last_poll ? (x.last_poll.ok ? dash(x.last_poll.errors) : h('span', { class: 'bad' },
        dash(x.last_poll.error))) : '\u2013'),
      h('td', {}, when(x.last_success_at)), h('td', { class: 'n' }, dash(x.failures)),
      h('td', {}, `${when(x.next_poll_at)}${x.backoff ? ' (backing off)' : ''}`)))
      : [empty(11, 'No OLTs configured.')]));
    const by = st.onts_by_state || {};
    tiles.replaceChildren(
      h('li', { class: 'tile total' }, h('span', { class: 'count', id: 'ont-total' }, dash(st.onts)), h('span', {}, 'ONTs')),
      ...STATES.map((k) => h('li', { class: `tile state-${k}`, 'data-state': k },
        h('a', { href: k === 'healthy' || k === 'offline' ? '#/heatmap' : '#/risk' },
          h('span', { class: 'count' }, dash(by[k] ?? 0)), h('span', {}, STATE_TEXT[k])))));
    ordersLine.replaceChildren(h('a', { href: '#/orders' }, `${st.orders_open ?? 0} open orders`));
    const bc = Object.entries(st.orders_by_cause || {}).sort((a, b) => b[1] - a[1]);
    causes.replaceChildren(...(bc.length ? bc.map(([c, n]) => h('tr', {},
      h('th', { scope: 'row' }, h('a', { href: `#/orders?cause=${encodeURIComponent(c)}` }, c)),
      h('td', { class: 'n' }, n))) : [empty(2, 'No open orders.')]));
  };
}

function median(a) {
  if (!a.length) return null;
  const b = [...a].sort((x, y) => x - y);
  const m = b.length >> 1;
  return b.length % 2 ? b[m] : (b[m - 1] + b[m]) / 2;
}

function viewHeatmap(root) {
  const body = h('tbody');
  const info = h('p', { class: 'muted' });
  add(root, [
    h('h2', { class: 'view-title' }, 'PON ports: downstream Rx of every ONT'),
    h('p', {}, 'One row per PON port, one square per ONT, coloured by the ONT\u2019s receive level on a fixed ',
      'scale. A feeder or splitter fault shows as a whole row turning warm; a single warm square is one drop.'),
    legend(), info,
    h('table', { id: 'heatmap', class: 'heatmap' },
      h('thead', {}, h('tr', {}, ['OLT', 'Port', 'ONTs', 'Median Rx', 'Lowest Rx', 'ONTs by ONT number']
        .map((x) => h('th', { scope: 'col' }, x)))), body),
  ]);
  return async () => {
    const r = await api(`/onts${query({ sort: 'name', limit: 10000 })}`);
    const ports = new Map();
    for (const o of r.onts || []) {
      const k = `${o.olt}\u0000${o.port}`;
      if (!ports.has(k)) ports.set(k, { olt: o.olt, port: o.port, onts: [] });
      ports.get(k).onts.push(o);
    }
    info.replaceChildren(`${r.total ?? (r.onts || []).length} ONTs on ${ports.size} PON ports.`);
    const rows = [];
    for (const p of ports.values()) {
      const rx = p.onts.filter((o) => o.state !== 'offline' && typeof o.rx_dbm === 'number').map((o) => o.rx_dbm);
      const drops = p.onts.filter((o) => typeof o.drop_db === 'number');
      // a port-wide loss: most ONTs with a baseline lost 2 dB or more together
      const wide = drops.length >= 3 && drops.filter((o) => o.drop_db >= 2).length >= 0.75 * drops.length;
      const med = median(rx);
      rows.push(h('tr', { class: wide ? 'port-wide' : null, 'data-olt': p.olt, 'data-port': p.port },
        h('td', {}, p.olt), h('th', { scope: 'row' }, p.port,
          wide ? h('span', { class: 'badge state-at_risk', title: 'most ONTs on this port lost 2 dB or more' }, 'port-wide loss') : null),
        h('td', { class: 'n' }, p.onts.length),
        h('td', { class: 'n' }, med === null ? '\u2013' : num(med)),
        h('td', { class: 'n' }, rx.length ? num(Math.min(...rx)) : '\u2013'),
        h('td', { class: 'cells' }, h('div', { class: 'strip' }, p.onts.map((o) => {
          const off = o.state === 'offline';
          const has = typeof o.rx_dbm === 'number';
          const label = `ONT ${o.ont} ${o.serial}: ${off ? 'offline' : has ? `${num(o.rx_dbm)} dBm` : 'no reading'}, ${STATE_TEXT[o.state] || o.state}`;
          return h('a', {
            class: `cell${!off && !has ? ' nodata' : ''}${o.state !== 'healthy' && !off ? ' flagged' : ''}`,
            href: `#/ont/${encodeURIComponent(o.serial)}`, title: label, 'aria-label': label,
            'data-rx': has ? o.rx_dbm : null, 'data-state': o.state,
            style: { background: off ? OFFLINE_COLOR : has ? rxColor(o.rx_dbm) : '' },
          });
        })))));
    }
    body.replaceChildren(...(rows.length ? rows : [empty(6, 'No ONTs known yet.')]));
  };
}

function viewRisk(root) {
  const body = h('tbody');
  const info = h('p', { id: 'risk-summary' });
  add(root, [
    h('h2', { class: 'view-title' }, 'ONTs at risk, soonest impact first'), info,
    h('table', { id: 'risk-table', class: 'clickable' },
      h('thead', {}, h('tr', {}, ['Serial', 'OLT / port / ONT', 'State', 'Cause', 'Rx dBm', 'Drop dB',
        'Slope dB/day', 'Hours to impact'].map((x) => h('th', { scope: 'col' }, x)))), body),
  ]);
  return async () => {
    const r = await api(`/onts${query({ state: 'at_risk,faulty,warning', sort: 'impact', limit: 1000 })}`);
    const onts = r.onts || [];
    const n = (st) => onts.filter((o) => o.state === st).length;
    info.replaceChildren(`${r.total ?? onts.length} ONTs: ${n('faulty')} faulty, ${n('at_risk')} at risk, ${n('warning')} warning`,
      r.total > onts.length ? ` (first ${onts.length} shown)` : '');
    body.replaceChildren(...(onts.length ? onts.map((o) => {
      const href = `#/ont/${encodeURIComponent(o.serial)}`;
      return h('tr', { 'data-serial': o.serial, onclick: (e) => { if (!e.target.closest('a')) location.hash = href; } },
        h('th', { scope: 'row' }, h('a', { href }, o.serial)),
        h('td', {}, `${o.olt} ${o.port} ONT ${o.ont}`, o.description ? h('span', { class: 'muted' }, ` ${o.description}`) : null),
        h('td', {}, stateBadge(o.state)), h('td', {}, dash(o.cause)),
        h('td', { class: 'n' }, num(o.rx_dbm)), h('td', { class: 'n' }, num(o.drop_db)),
        h('td', { class: 'n' }, num(o.slope_db_day, 2)),
        h('td', { class: 'n', title: o.impact_at ? `impact predicted at ${o.impact_at}` : '' },
          typeof o.hours_to_impact === 'number' ? num(o.hours_to_impact) : o.state === 'faulty' ? 'now' : '\u2013'));
    }) : [empty(8, 'No ONT is at risk.')]));
  };
}

// --- ONT page and its chart

const RANGES = [['24 h', 24], ['7 days', 168], ['30 days', 720]];

function niceStep(span, target) {
  const raw = span / target;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (raw <= m * p) return m * p;
  return 10 * p;
}

// Hand-written SVG line chart: ONT Rx and OLT Rx against time, the ONT's thresholds and
// baseline as horizontal lines, and the forecast from the last reading to the impact level.
function chart(ont, hist) {
  const W = 960, H = 340, L = 48, R = 128, T = 14, B = 30;
  const th = ont.thresholds || {};
  const pts = (hist.points || []).map((p) => ({ ...p, x: Date.parse(p.t) / 1000 })).filter((p) => Number.isFinite(p.x));
  const lastRx = [...pts].reverse().find((p) => typeof p.rx_dbm === 'number');
  const impactAt = ont.impact_at ? Date.parse(ont.impact_at) / 1000 : null;
  let x0 = pts.length ? pts[0].x : Date.parse(hist.from) / 1000;
  let x1 = pts.length ? pts[pts.length - 1].x : Date.parse(hist.to) / 1000;
  if (!(x1 > x0)) { x0 -= 1800; x1 += 1800; }
  let clipped = false;
  if (lastRx && impactAt && typeof th.impact_rx_dbm === 'number' && impactAt > x1) {
    // show the forecast without squashing the history: at most as long again as the history
    const cap = x1 + (x1 - x0);
    clipped = impactAt > cap;
    x1 = Math.min(impactAt, cap);
  }
  const levels = [];
  for (const p of pts) for (const v of [p.rx_dbm, p.olt_rx_dbm]) if (typeof v === 'number') levels.push(v);
  const lines = [
    ['warning', th.warning_rx_dbm, 'warning'], ['critical', th.critical_rx_dbm, 'critical'],
    ['impact', th.impact_rx_dbm, 'impact'], ['olt-warning', th.olt_warning_rx_dbm, 'OLT warning'],
    ['olt-critical', th.olt_critical_rx_dbm, 'OLT critical'], ['baseline', ont.baseline_dbm, 'baseline'],
  ].filter((l) => typeof l[1] === 'number');
  for (const l of lines) levels.push(l[1]);
  let y0 = levels.length ? Math.min(...levels) : -30, y1 = levels.length ? Math.max(...levels) : -10;
  y0 = Math.floor(y0 - 1); y1 = Math.ceil(y1 + 1);
  const sx = (t) => L + ((t - x0) / (x1 - x0)) * (W - L - R);
  const sy = (v) => T + ((y1 - v) / (y1 - y0)) * (H - T - B);
  const g = [];
  // grid and axes
  const ys = niceStep(y1 - y0, 6);
  for (let v = Math.ceil(y0 / ys) * ys; v <= y1; v += ys) {
    g.push(s('line', { class: 'grid', x1: L, x2: W - R, y1: sy(v), y2: sy(v) }));
    g.push(s('text', { class: 'tick', x: L - 6, y: sy(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  const span = x1 - x0;
  const xs = [3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400]
    .find((st) => span / st <= 8) || 60 * 86400;
  for (let t = Math.ceil(x0 / xs) * xs; t <= x1; t += xs) {
    const d = new Date(t * 1000).toISOString();
    const label = xs >= 86400 ? d.slice(5, 10) : `${d.slice(5, 10)} ${d.slice(11, 16)}`;
    g.push(s('line', { class: 'grid', x1: sx(t), x2: sx(t), y1: T, y2: H - B }));
    g.push(s('text', { class: 'tick', x: sx(t), y: H - B + 16, 'text-anchor': 'middle' }, label));
  }
  g.push(s('text', { class: 'axis-label', x: 12, y: T + (H - T - B) / 2, transform: `rotate(-90 12 ${T + (H - T - B) / 2})`, 'text-anchor': 'middle' }, 'dBm'));
  g.push(s('rect', { class: 'frame', x: L, y: T, width: W - L - R, height: H - T - B }));
  // threshold and baseline lines, labelled in the right margin (labels pushed apart)
  const labels = [];
  for (const [cls, v, text] of lines) {
    g.push(s('line', { class: `level level-${cls}`, 'data-level': cls, x1: L, x2: W - R, y1: sy(v), y2: sy(v) },
      s('title', {}, `${text} ${v} dBm`)));
    labels.push({ cls, y: sy(v), text: `${text} ${num(v)}` });
  }
  labels.sort((a, b) => a.y - b.y);
  for (let i = 1; i < labels.length; i++) labels[i].y = Math.max(labels[i].y, labels[i - 1].y + 12);
  for (const l of labels) g.push(s('text', { class: `level-label level-${l.cls}`, x: W - R + 6, y: l.y + 4 }, l.text));
  // the series: a gap (no level) breaks the line
  const series = (key, cls, name) => {
    let d = '', n = 0, pen = false;
    for (const p of pts) {
      const v = p[key];
      if (typeof v !== 'number') { pen = false; continue; }
      d += `${pen ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(v).toFixed(1)}`;
      pen = true;
      n++;
    }
    if (n === 1) d += 'h1'; // a single reading still shows
    return n ? s('path', { class: `series ${cls}`, d, 'data-points': n }, s('title', {}, `${name}: ${n} readings`)) : null;
  };
  g.push(series('olt_rx_dbm', 'series-olt-rx', 'OLT Rx'));
  g.push(series('rx_dbm', 'series-rx', 'ONT Rx'));
  // readings without light (LOS, dying gasp, offline) as marks on the time axis
  for (const p of pts) if (p.status && p.status !== 'online') {
    g.push(s('rect', { class: `mark mark-${p.status}`, x: sx(p.x) - 1.5, y: H - B - 6, width: 3, height: 6 }, s('title', {}, `${p.t}: ${p.status}`)));
  }
  if (lastRx && impactAt && typeof th.impact_rx_dbm === 'number') {
    const tEnd = Math.min(impactAt, x1);
    const vEnd = lastRx.rx_dbm + (th.impact_rx_dbm - lastRx.rx_dbm) * ((tEnd - lastRx.x) / (impactAt - lastRx.x || 1));
    g.push(s('line', { class: 'forecast', x1: sx(lastRx.x), y1: sy(lastRx.rx_dbm), x2: sx(tEnd), y2: sy(vEnd) },
      s('title', {}, `forecast: ${th.impact_rx_dbm} dBm at ${ont.impact_at}`)));
    g.push(s('circle', { class: 'forecast-end', cx: sx(tEnd), cy: sy(vEnd), r: 4 }));
    g.push(s('text', { class: 'forecast-label', x: Math.min(sx(tEnd), W - R) - 4, y: sy(vEnd) - 8, 'text-anchor': 'end' },
      `impact ${when(ont.impact_at)}${clipped ? ' (beyond the chart)' : ''}`));
  }
  const desc = pts.length
    ? `${pts.length} points from ${when(pts[0].t)} to ${when(pts[pts.length - 1].t)}${hist.step ? `, ${Math.round(hist.step / 60)} min buckets` : ''}.`
    : 'No readings in this range.';
  return s('svg', { class: 'chart', id: 'ont-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'chart-title chart-desc' },
    s('title', { id: 'chart-title' }, `Rx of ONT ${ont.serial} over time`), s('desc', { id: 'chart-desc' }, desc), g);
}

function chartLegend() {
  const item = (cls, text) => h('li', {}, s('svg', { width: 26, height: 10, 'aria-hidden': 'true' },
    s('line', { class: cls, x1: 1, x2: 25, y1: 5, y2: 5 })), text);
  return h('ul', { class: 'chart-legend' }, item('series series-rx', 'ONT Rx'), item('series series-olt-rx', 'OLT Rx'),
    item('level level-baseline', 'baseline'), item('level level-warning', 'warning'), item('level level-critical', 'critical'),
    item('level level-impact', 'impact'), item('forecast', 'forecast to impact'));
}

function ordersTable(list, id) {
  return table(null, ['Priority', 'Cause', 'Severity', 'State', 'Summary', 'Due by'], list.length ? list.map((o) => h('tr', {},
    h('td', {}, prio(o.priority)), h('td', {}, dash(o.cause)), h('td', {}, dash(o.severity)),
    h('td', {}, dash(o.state)), h('td', {}, h('a', { href: `#/orders?open=${encodeURIComponent(o.id)}` }, o.summary || o.id)),
    h('td', {}, when(o.visit && o.visit.due_by))))
    : [empty(6, 'No open order.')], { id });
}

function viewOnt(root, params) {
  const serial = params[0];
  let hours = 168;
  const title = h('h2', { class: 'view-title' }, `ONT ${serial}`);
  const sub = h('p', { id: 'ont-where' });
  const chartBox = h('div', { class: 'chart-box' });
  const rangeNav = h('div', { class: 'range', role: 'group', 'aria-label': 'Time range' });
  const findings = h('div', { id: 'findings' });
  const orders = h('div', { id: 'ont-orders' });
  let reload;
  for (const [text, hr] of RANGES) {
    rangeNav.append(h('button', { type: 'button', 'aria-pressed': String(hr === hours), onclick: (e) => {
      hours = hr;
      for (const b of rangeNav.children) b.setAttribute('aria-pressed', String(b === e.currentTarget));
      reload().catch(showError);
    } }, text));
  }
  add(root, [h('p', {}, h('a', { href: '#/risk' }, '\u2190 at-risk list')), title, sub,
    section('Levels', 'levels', rangeNav, chartBox, chartLegend()),
    h('div', { class: 'grid2' }, section('Findings', 'finding', findings), section('Open orders', 'orders-of-ont', orders))]);
  reload = async () => {
    const ont = await api(`/onts/${encodeURIComponent(serial)}`);
    // the range ends at the last reading, so an ONT that went quiet still shows its history
    const end = ont.last_seen_at ? Date.parse(ont.last_seen_at) / 1000 : Date.now() / 1000;
    const to = Math.ceil(Math.max(end, 0)) + 60;
    const hist = await api(`/onts/${encodeURIComponent(serial)}/history${query({ from: to - hours * 3600 - 60, to, points: 500 })}`);
    title.replaceChildren(`ONT ${ont.serial} `, stateBadge(ont.state));
    sub.replaceChildren(`${ont.olt} port ${ont.port} ONT ${ont.ont}`, ont.description ? ` \u2014 ${ont.description}` : '',
      `; status ${dash(ont.status)}, last seen ${when(ont.last_seen_at)}`);
    chartBox.replaceChildren(chart(ont, hist));
    const th = ont.thresholds || {};
    const row = (k, v) => [h('dt', {}, k), h('dd', {}, v)];
    findings.replaceChildren(h('dl', { class: 'facts' },
      row('State', stateBadge(ont.state)), row('Cause', dash(ont.cause)), row('Severity', dash(ont.severity)),
      row('Rules', (ont.rules || []).length ? h('ul', { class: 'rules' }, ont.rules.map((r) => h('li', {}, h('code', {}, r)))) : 'none'),
      row('Rx', `${num(ont.rx_dbm)} dBm (baseline ${num(ont.baseline_dbm)}, drop ${num(ont.drop_db)} dB)`),
      row('OLT Rx', `${num(ont.olt_rx_dbm)} dBm`),
      row('Tx / bias / temp', `${num(ont.tx_dbm)} dBm / ${num(ont.bias_ma)} mA / ${num(ont.temp_c)} \u00b0C`),
      row('Slope', `${num(ont.slope_db_day, 2)} dB/day`),
      row('Impact', ont.impact_at ? `${when(ont.impact_at)} (in ${num(ont.hours_to_impact)} h)` : 'not predicted'),
      row('LOS events', dash(ont.los_events)),
      row('Thresholds', `${dash(th.profile)}: warning ${num(th.warning_rx_dbm)}, critical ${num(th.critical_rx_dbm)}, ` +
        `impact ${num(th.impact_rx_dbm)}; OLT warning ${num(th.olt_warning_rx_dbm)}, critical ${num(th.olt_critical_rx_dbm)} dBm`)));
    orders.replaceChildren(ordersTable(ont.open_orders || [], 'ont-order-table'));
  };
  return () => reload();
}

// --- order queue

function visitCell(v) {
  if (!v) return '\u2013';
  const w = v.windows || [];
  return [h('div', {}, `from ${when(v.earliest_start)}`), h('div', {}, `due ${when(v.due_by)}`, v.reactive ? ' (reactive)' : ''),
    w.length ? h('div', { class: 'muted' }, `${w.length} window${w.length > 1 ? 's' : ''}, first ${when(w[0].start)}`) : null];
}

function orderDetail(o, d) {
  const v = o.visit || {};
  return h('div', { class: 'detail' },
    h('dl', { class: 'facts' },
      h('dt', {}, 'Order'), h('dd', {}, h('code', {}, o.id), ` (${dash(o.key)})`),
      h('dt', {}, 'Priority'), h('dd', {}, dash(o.priority_reason)),
      h('dt', {}, 'Predicted impact'), h('dd', {}, when(o.predicted_impact_at)),
      h('dt', {}, 'ONTs'), h('dd', {}, (o.onts || []).map((x, i) => [i ? ', ' : '',
        x.serial ? h('a', { href: `#/ont/${encodeURIComponent(x.serial)}` }, x.serial) : `${x.olt} ${x.port} ${x.ont}`])),
      h('dt', {}, 'Visit windows'), h('dd', {}, (v.windows || []).length
        ? h('ul', {}, v.windows.map((w) => h('li', {}, `${when(w.start)} \u2013 ${when(w.end)}`))) : 'none'),
      v.customer_message ? [h('dt', {}, 'Customer message'), h('dd', {}, v.customer_message)] : null,
      o.silenced ? [h('dt', {}, 'Silenced'), h('dd', {}, `by ${o.silenced.id} until ${when(o.silenced.until)}`)] : null),
    table('Events', ['#', 'Time', 'Event', 'State', 'Note'], (d.events || []).map((e) => h('tr', {},
      h('td', { class: 'n' }, e.seq), h('td', {}, when(e.time)), h('td', {}, e.event), h('td', {}, dash(e.state)),
      h('td', {}, dash(e.note)))), { class: 'events' }));
}

function viewOrders(root, params, q) {
  const open = new Set(q.get('open') ? [q.get('open')] : []);
  const f = { state: 'open', silenced: 'false', cause: q.get('cause') || '' };
  const body = h('tbody');
  const info = h('p', { id: 'orders-summary' });
  const sel = (name, label, opts) => h('label', {}, `${label} `, h('select', { name, onchange: (e) => { f[name] = e.target.value; load().catch(showError); } },
    opts.map(([v, t]) => h('option', { value: v, selected: f[name] === v }, t))));
  add(root, [h('h2', { class: 'view-title' }, 'Order queue'),
    h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
      sel('state', 'State', [['open', 'open (not closed)'], ['all', 'all'], ['acknowledged', 'acknowledged'],
        ['dispatched', 'dispatched'], ['in_progress', 'in progress'], ['completed', 'completed']]),
      sel('silenced', 'Silenced', [['false', 'hide held by a silence'], ['true', 'only held by a silence'], ['any', 'both']]),
      f.cause ? h('span', {}, `cause ${f.cause} `, h('a', { href: '#/orders' }, '(all causes)')) : null),
    info,
    h('table', { id: 'order-table', class: 'clickable' }, h('thead', {}, h('tr', {},
      ['Priority', 'Cause', 'Severity', 'State', 'Where', 'Summary', 'Opened', 'Visit', ''].map((x) => h('th', { scope: 'col' }, x)))), body)]);
  async function toggle(o, tr, btn) {
    const next = tr.nextElementSibling;
    if (next && next.classList.contains('detail-row')) {
      next.remove();
      open.delete(o.id);
      btn.setAttribute('aria-expanded', 'false');
      return;
    }
    open.add(o.id);
    btn.setAttribute('aria-expanded', 'true');
    const cell = h('td', { colspan: 9 }, 'loading\u2026');
    tr.after(h('tr', { class: 'detail-row', 'data-order': o.id }, cell));
    try {
      const d = await api(`/orders/${encodeURIComponent(o.id)}`);
      cell.replaceChildren(orderDetail(d.order || o, d));
    } catch (e) {
      cell.replaceChildren(h('span', { class: 'bad' }, `events: ${e.message}`));
      if (e.status === 401 || e.status === 403) showError(e);
    }
  }
  async function load() {
    const r = await api(`/orders${query({ state: f.state, silenced: f.silenced, cause: f.cause, limit: 500 })}`);
    // a queue: most urgent first (the API answers newest first)
    const list = [...(r.orders || [])].sort((a, b) => (a.priority ?? 9) - (b.priority ?? 9) ||
      String(b.opened_at).localeCompare(String(a.opened_at)));
    const total = r.total ?? list.length;
    info.replaceChildren(`${total} order${total === 1 ? '' : 's'}`, r.total > list.length ? ` (first ${list.length} shown)` : '',
      '. Select a row for its events.');
    const rows = [];
    for (const o of list) {
      const btn = h('button', { type: 'button', class: 'linkish', 'aria-expanded': 'false', 'aria-label': `events of ${o.id}` }, 'Events');
      const tr = h('tr', { 'data-order': o.id, 'data-olt': o.olt, 'data-port': o.port },
        h('td', {}, prio(o.priority)), h('td', {}, dash(o.cause)), h('td', {}, dash(o.severity)),
        h('td', {}, dash(o.state), o.silenced ? h('span', { class: 'badge silenced' }, 'silenced') : null),
        h('td', {}, `${o.olt} ${o.port}`, o.splitter ? h('div', { class: 'muted' }, `splitter ${o.splitter}`) : null),
        h('td', { class: 'summary' }, dash(o.summary)), h('td', {}, when(o.opened_at)),
        h('td', { class: 'visit' }, visitCell(o.visit)), h('td', {}, btn));
      tr.addEventListener('click', () => toggle(o, tr, btn));
      rows.push(tr);
    }
    body.replaceChildren(...(rows.length ? rows : [empty(9, 'No orders.')]));
    for (const tr of rows) if (open.has(tr.dataset.order)) {
      open.delete(tr.dataset.order);
      tr.click();
    }
  }
  return load;
}

// --- silences

function matchText(x) {
  const m = [];
  if (x.olt) m.push(`OLT ${x.olt}`);
  if (x.port) m.push(`port ${x.port}`);
  if (x.splitter) m.push(`splitter ${x.splitter}`);
  if (x.serial) m.push(`ONT ${x.serial}`);
  return m.join(', ') || '\u2013';
}

function viewSilences(root) {
  let all = false;
  const body = h('tbody');
  const msg = h('p', { id: 'silence-message', role: 'status' });
  const field = (id, label, input, hint) => h('div', { class: 'field', 'data-field': id },
    h('label', { for: `si-${id}` }, label), input, hint ? h('small', {}, hint) : null);
  const oltSel = h('select', { id: 'si-olt', name: 'olt' });
  const portIn = h('input', { id: 'si-port', name: 'port', list: 'si-ports', placeholder: '0/1/0', autocomplete: 'off' });
  const portList = h('datalist', { id: 'si-ports' });
  const splitIn = h('input', { id: 'si-splitter', name: 'splitter', autocomplete: 'off' });
  const serialIn = h('input', { id: 'si-serial', name: 'serial', placeholder: 'HWTC1A2B3C4D', autocomplete: 'off' });
  const what = h('select', { id: 'si-what', name: 'what' },
    [['olt', 'a whole OLT'], ['port', 'a PON port'], ['splitter', 'a splitter'], ['serial', 'one ONT']]
      .map(([v, t]) => h('option', { value: v, selected: v === 'port' }, t)));
  const dur = h('select', { id: 'si-duration', name: 'duration' },
    [['1h', '1 hour'], ['4h', '4 hours'], ['8h', '8 hours'], ['1d', '1 day'], ['2d', '2 days'], ['7d', '7 days']]
      .map(([v, t]) => h('option', { value: v, selected: v === '4h' }, t)));
  const reason = h('input', { id: 'si-reason', name: 'reason', required: true, placeholder: 'splitter swap, change CHG-1234' });
  const author = h('input', { id: 'si-author', name: 'author', placeholder: 'the token\u2019s name', autocomplete: 'off' });
  const fields = {
    olt: field('olt', 'OLT', oltSel), port: field('port', 'PON port', [portIn, portList]),
    splitter: field('splitter', 'Splitter', splitIn), serial: field('serial', 'ONT serial', serialIn),
  };
  const shown = { olt: ['olt'], port: ['olt', 'port'], splitter: ['splitter'], serial: ['serial'] };
  const sync = () => {
    for (const [k, el] of Object.entries(fields)) el.hidden = !shown[what.value].includes(k);
  };
  what.addEventListener('change', sync);
  let portsOf = new Map();
  const fillPorts = () => portList.replaceChildren(...(portsOf.get(oltSel.value) || []).map((p) => h('option', { value: p })));
  oltSel.addEventListener('change', fillPorts);
  const form = h('form', { id: 'silence-form', class: 'form' },
    field('what', 'Silence', what), fields.olt, fields.port, fields.splitter, fields.serial,
    field('duration', 'For', dur), field('reason', 'Reason', reason, 'required; say why and the change number'),
    field('author', 'Author', author, 'optional'),
    h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Add silence')), msg);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const b = { duration: dur.value, reason: reason.value.trim() };
    for (const k of shown[what.value]) {
      const v = { olt: oltSel.value, port: portIn.value.trim(), splitter: splitIn.value.trim(), serial: serialIn.value.trim() }[k];
      if (!v) {
        msg.replaceChildren(h('span', { class: 'bad' }, `Give the ${k === 'serial' ? 'ONT serial' : k}.`));
        return;
      }
      b[k] = v;
    }
    if (author.value.trim()) b.author = author.value.trim();
    try {
      const r = await api('/silences', { method: 'POST', body: b });
      const si = r.silence || r;
      msg.replaceChildren(`Added ${si.id}: ${matchText(si)} until ${when(si.ends_at)}.`);
      reason.value = '';
      await load();
    } catch (err) {
      msg.replaceChildren(h('span', { class: 'bad' }, `Not added: ${err.message} (HTTP ${err.status})`));
      if (err.status === 401 || err.status === 403) showError(err);
    }
  });
  sync();
  const allBox = h('input', { type: 'checkbox', id: 'si-all', onchange: (e) => { all = e.target.checked; load().catch(showError); } });
  add(root, [h('h2', { class: 'view-title' }, 'Silences'),
    h('p', {}, 'A silence holds back new orders for an OLT, PON port, splitter or ONT while planned work is under way. ',
      'Orders already open are not touched; held orders are released if still open when the silence ends.'),
    h('div', { class: 'grid2 silences' },
      section('New silence', 'new-silence', form),
      section('Current silences', 'silence-list', h('label', { class: 'check' }, allBox, ' also show those expired in the last 7 days'),
        h('table', { id: 'silence-table' }, h('thead', {}, h('tr', {}, ['Matches', 'Starts', 'Ends', 'State', 'Reason', 'Author',
          'Held', ''].map((x) => h('th', { scope: 'col' }, x)))), body)))]);
  async function load() {
    const [r, o, onts] = await Promise.all([api(`/silences${all ? '?all=true' : ''}`), api('/olts'),
      portsOf.size ? null : api(`/onts${query({ sort: 'name', limit: 10000 })}`)]);
    if (onts) {
      portsOf = new Map();
      for (const x of onts.onts || []) {
        if (!portsOf.has(x.olt)) portsOf.set(x.olt, []);
        const l = portsOf.get(x.olt);
        if (!l.includes(x.port)) l.push(x.port);
      }
    }
    const cur = oltSel.value;
    oltSel.replaceChildren(...(o.olts || []).map((x) => h('option', { value: x.name, selected: x.name === cur }, x.name)));
    fillPorts();
    const list = r.silences || [];
    body.replaceChildren(...(list.length ? list.map((x) => h('tr', { 'data-silence': x.id, 'data-state': x.state },
      h('th', { scope: 'row' }, matchText(x), h('div', { class: 'muted' }, h('code', {}, x.id))),
      h('td', {}, when(x.starts_at)), h('td', {}, when(x.ends_at), h('div', { class: 'muted' }, ago(x.ends_at))),
      h('td', {}, h('span', { class: `badge silence-${x.state}` }, x.state)), h('td', {}, dash(x.reason)),
      h('td', {}, dash(x.author)), h('td', { class: 'n' }, dash(x.held_orders)),
      h('td', {}, x.state === 'expired' ? '' : h('button', { type: 'button', 'aria-label': `expire silence ${x.id}`, onclick: async () => {
        try {
          await api(`/silences/${encodeURIComponent(x.id)}`, { method: 'DELETE' });
          msg.replaceChildren(`Expired ${x.id}.`);
          await load();
        } catch (err) {
          msg.replaceChildren(h('span', { class: 'bad' }, `Not expired: ${err.message} (HTTP ${err.status})`));
          if (err.status === 401 || err.status === 403) showError(err);
        }
      } }, 'Expire'))))
      : [empty(8, 'No silences.')]));
  }
  return load;
}

// ---------------------------------------------------------------------------------------
// Router, sign-in, refresh

const VIEWS = [
  [/^\/?$/, 'overview', viewOverview], [/^\/heatmap$/, 'heatmap', viewHeatmap], [/^\/risk$/, 'risk', viewRisk],
  [/^\/ont\/([^/]+)$/, 'risk', viewOnt], [/^\/orders$/, 'orders', viewOrders], [/^\/silences$/, 'silences', viewSilences],
];
let current = null; // { load, gen }
let generation = 0;

function banner(text, kind) {
  const b = document.getElementById('banner');
  b.hidden = !text;
  b.className = kind || '';
  b.replaceChildren(text || '');
}

function showError(e) {
  if (e.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    banner(`The daemon refused the token (HTTP 401: ${e.message}). Enter a valid API token.`, 'auth');
    showLogin();
  } else if (e.status === 403) {
    banner(`This token may not do that (HTTP 403: ${e.message}). Adding or expiring silences needs a write token.`, 'auth');
  } else if (e.status === 0) {
    banner(`${e.message}; retrying every ${REFRESH_MS / 1000} s.`, 'error');
  } else {
    banner(`Error ${e.status || ''}: ${e.message}`, 'error');
  }
}

function showLogin() {
  document.getElementById('login').hidden = false;
  document.getElementById('main').hidden = true;
  document.getElementById('token').focus();
}

async function refresh() {
  if (!current || !token()) return;
  const gen = current.gen;
  try {
    await current.load();
    if (gen !== generation) return;
    if (document.getElementById('banner').className !== 'auth') banner('');
    document.getElementById('updated').textContent = `updated ${new Date().toISOString().slice(11, 19)} UTC`;
  } catch (e) {
    if (gen === generation) showError(e);
  }
}

function route() {
  const [path, qs] = (location.hash.replace(/^#/, '') || '/').split('?');
  const q = new URLSearchParams(qs || '');
  let hit = null;
  for (const [re, nav, fn] of VIEWS) {
    const m = re.exec(path);
    if (m) { hit = { nav, fn, params: m.slice(1).map(decodeURIComponent) }; break; }
  }
  for (const a of document.querySelectorAll('nav a')) {
    if (hit && a.dataset.view === hit.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const main = document.getElementById('main');
  main.replaceChildren();
  generation++;
  document.querySelector('header .session').hidden = !token();
  if (!token()) {
    current = null;
    showLogin();
    return;
  }
  document.getElementById('login').hidden = true;
  main.hidden = false;
  banner('');
  if (!hit) {
    current = null;
    main.append(h('h2', {}, 'Not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the fleet overview')));
    return;
  }
  current = { load: hit.fn(main, hit.params, q), gen: generation };
  document.title = `ontwatch \u2014 ${main.querySelector('h2') ? main.querySelector('h2').textContent : ''}`;
  refresh();
}

function start() {
  document.getElementById('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const t = document.getElementById('token').value.trim();
    if (!t) return;
    sessionStorage.setItem(TOKEN_KEY, t);
    document.getElementById('token').value = '';
    banner('');
    route();
  });
  document.getElementById('logout').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    banner('');
    route();
  });
  document.getElementById('refresh').addEventListener('click', refresh);
  window.addEventListener('hashchange', route);
  setInterval(refresh, REFRESH_MS);
  route();
}

start();
