// The support dashboard: wires the page (index.html) to the worker (dashboard/worker.js),
// which fetches, parses and summarizes; this thread only renders plain objects.
// Opens on the server it is served from (the local Chatwoot stand-in: account 1, token
// demo-token, the last 90 days of the account-wide list). Server strings are set as text,
// never as HTML (dashboard/dom.js).
import { $, h, replace } from './dashboard/dom.js';
import { count, formatReady, range as formatRange } from './dashboard/format.js';
import { startWorker } from './dashboard/worker-client.js';
import {
  baseUrlOf, linkBaseOf, loadConnection, loadView, METRICS, parseDisplayIds, RANGES, saveConnection, saveView,
  STATS, timeZones,
} from './dashboard/state.js';
import { describeError } from './dashboard/errors.js';
import { renderKpis } from './dashboard/kpis.js';
import { createTrendChart, renderDistribution, renderQuantiles } from './dashboard/charts.js';
import { createAgentsTable, createInboxesTable, createSlowestTable, renderIssues } from './dashboard/panels.js';
import { setupConnect } from './dashboard/connect.js';
import { createHoursPanel } from './dashboard/hours-panel.js';

const DAY = 86400;
const ROWS_LIMIT = 25;

const worker = startWorker(new URL('./dashboard/worker.js', import.meta.url));
let conn = loadConnection();
const view = loadView();
/** What /__standin says about this server ({mode: 'local'|'proxy', …}), or null. */
let serverInfo = null;
/** The last successful load: the worker's answer plus where it came from and its anchor time. */
let loaded = null;
/** The window shown: {since, until}, epoch seconds, half-open. */
let shown = null;
let loadController = null;
let viewSeq = 0;
const stale = new Set();
const last = { summary: null, series: null, rows: null };

// ---------------------------------------------------------------- debug handle (tests) --
const debug = {
  renders: 0,
  get state() { return document.body.dataset.state; },
  get range() { return shown && { ...shown, days: view.days, fetchSince: shown.since - view.days * DAY }; },
  get view() { return { ...view }; },
  get loaded() {
    return loaded && {
      source: loaded.source, events: loaded.events, coverage: loaded.coverage, extent: loaded.extent,
      anchor: loaded.anchor, displayIds: loaded.displayIds,
    };
  },
  get chart() { return last.series && structuredClone(last.series); },
  get summary() { return last.summary && structuredClone(last.summary); },
  get rows() { return last.rows && structuredClone(last.rows); },
  /** The working-hours editor: {state, computed, figures, schedule, inboxIds, error}. */
  get hours() { return structuredClone(hoursPanel.debug); },
};
window.__dashboard = debug;

// ----------------------------------------------------------------------------- status --
const setState = (s) => { document.body.dataset.state = s; };
const setStatus = (text) => { $('#status').textContent = text; };

function showAlert(err) {
  const origin = loadOrigin(conn);
  const d = describeError(err, { origin, source: conn.source, target: conn.target, hasData: Boolean(loaded) });
  const box = $('#alert');
  box.dataset.code = err?.code ?? 'internal';
  box.className = `alert ${d.tone}`;
  $('#alert-title').textContent = d.title;
  replace($('#alert-hints'), d.hints.map((t) => h('li', { text: t })));
  $('#alert-detail').textContent = d.detail;
  $('#alert-details').hidden = !d.detail;
  box.hidden = false;
}

function hideAlert() {
  $('#alert').hidden = true;
  delete $('#alert').dataset.code;
}

function loadOrigin(c) {
  if (c.target === 'self') return location.host;
  try {
    return new URL(c.baseUrl).host;
  } catch {
    return c.baseUrl;
  }
}

// ---------------------------------------------------------------------------- loading --
const progress = $('#progress');
let progressShownAt = 0;

function showLoading(label) {
  $('#progress-label').textContent = label;
  progress.removeAttribute('value');
  $('#progress-text').textContent = '';
  $('#loading').hidden = false;
  $('#cancel').disabled = false;
}

function onProgress({ done, total, phase }) {
  if (total > 0) {
    progress.max = total;
    progress.value = done;
  } else progress.removeAttribute('value');
  const now = performance.now();
  // The text changes at most 8 times a second: enough to see it move, calm for assistive tech.
  if (now - progressShownAt < 120 && done !== total) return;
  progressShownAt = now;
  const what = phase === 'conversations' ? 'conversations' : phase === 'parsing' ? 'files' : 'pages';
  $('#progress-text').textContent = total > 0 ? `${count(done)} of ${count(total)} ${what}` : 'Asking for the first page…';
}

/** Starts a load from the server (or the Chatwoot) of `conn`; a running one is cancelled. */
async function loadFromServer() {
  loadController?.abort();
  const ctl = new AbortController();
  loadController = ctl;
  hideAlert();
  const until = Math.floor(Date.now() / 1000);
  const since = until - view.days * DAY;
  const fetchSince = since - view.days * DAY; // the window before, for the trend arrows
  let displayIds = null;
  try {
    if (conn.source === 'conversations') displayIds = parseDisplayIds(conn.displayIds);
  } catch (err) {
    showAlert({ code: 'invalid_argument', message: err.message });
    return;
  }
  const target = conn.target === 'self' ? (serverInfo?.mode === 'local' ? 'the local stand-in' : location.host) : loadOrigin(conn);
  showLoading(conn.source === 'conversations' ? `Loading conversations from ${target}…` : `Loading the last ${view.days} days (and the ${view.days} before, for the trends) from ${target}…`);
  setState('loading');
  setStatus(`Loading events from ${target}…`);
  const snapshot = { ...conn };
  try {
    const result = await worker.call('load', {
      source: conn.source, baseUrl: baseUrlOf(conn), accountId: conn.accountId, token: conn.token,
      since: fetchSince, until, displayIds, timeoutMs: conn.timeoutSeconds * 1000, retries: 3, concurrency: 6,
    }, { signal: ctl.signal, onProgress });
    if (ctl !== loadController) return;
    loaded = {
      ...result, anchor: until, linkBase: linkBaseOf(snapshot), accountId: snapshot.accountId,
      target: snapshot.target, label: describeSource(snapshot, result),
    };
    saveConnection(snapshot);
    shown = { since, until };
    await afterLoad();
  } catch (err) {
    if (ctl !== loadController) return; // replaced by a newer load
    failed(err);
  } finally {
    if (ctl === loadController) {
      loadController = null;
      $('#loading').hidden = true;
    }
  }
}

/** Loads a saved JSON body in the worker; the window ends at the day after its last event. */
async function loadFromFile(file) {
  loadController?.abort();
  const ctl = new AbortController();
  loadController = ctl;
  hideAlert();
  showLoading(`Reading ${file.name}…`);
  setState('loading');
  setStatus(`Reading ${file.name}…`);
  try {
    const body = await file.arrayBuffer();
    const result = await worker.call('load', { source: 'file', body }, { signal: ctl.signal, onProgress, transfer: [body] });
    if (ctl !== loadController) return;
    const lastAt = result.extent?.last ?? Date.now() / 1000;
    const until = Math.floor(lastAt / DAY) * DAY + DAY;
    loaded = { ...result, anchor: until, linkBase: '', accountId: null, target: 'file', label: `File ${file.name}` };
    shown = { since: until - view.days * DAY, until };
    await afterLoad();
  } catch (err) {
    if (ctl !== loadController) return;
    failed(err);
  } finally {
    if (ctl === loadController) {
      loadController = null;
      $('#loading').hidden = true;
    }
  }
}

function failed(err) {
  showAlert(err);
  if (err?.code === 'aborted') {
    setState(loaded ? 'ready' : 'cancelled');
    setStatus(loaded ? 'Loading cancelled: showing the previous figures.' : 'Loading cancelled.');
  } else {
    setState('error');
    setStatus(loaded ? 'Loading failed: showing the previous figures.' : 'Loading failed.');
  }
}

function describeSource(c, result) {
  const where = c.target === 'self'
    ? (serverInfo?.mode === 'local' ? 'Local stand-in (simulated data)' : serverInfo?.mode === 'proxy' ? `Chatwoot via ${location.host}` : location.host)
    : loadOrigin(c);
  const how = result.source === 'conversations' ? `${count(result.requested)} conversations by display id` : 'account-wide list';
  return `${where} · account ${c.accountId} · ${how}`;
}

async function afterLoad() {
  renderIssues($('#issues'), loaded);
  $('#content').hidden = false;
  $('#export').disabled = false;
  hoursPanel.dataChanged();
  await refresh(['summary', 'series', 'rows']);
}

// ------------------------------------------------------------------------------- views --
/**
 * Asks the worker for the parts that changed and renders them. Parts asked by a call that
 * a newer one overtook stay stale and are asked again by the newer one.
 */
async function refresh(parts) {
  if (!loaded || !shown) return;
  for (const p of parts) stale.add(p);
  const asked = [...stale];
  const seq = ++viewSeq;
  document.body.dataset.busy = 'true';
  try {
    const out = await worker.call('view', {
      ...shown, businessHours: view.businessHours, timezone: view.timezone, groupBy: view.groupBy,
      metric: view.metric, stat: view.stat, rowsSortBy: view.rowsSortBy, rowsOrder: view.rowsOrder,
      rowsLimit: ROWS_LIMIT, parts: asked,
    });
    if (seq !== viewSeq) return;
    for (const p of asked) stale.delete(p);
    render(out);
    debug.renders += 1;
    const state = document.body.dataset.state;
    if (state !== 'error' || $('#alert').hidden) setState('ready');
    if (state === 'loading' || state === 'starting' || state === 'ready') {
      setStatus(`${count(loaded.events)} events loaded; figures computed in ${count(out.ms)} ms.`);
    }
  } catch (err) {
    if (seq !== viewSeq) return;
    showAlert(err);
  } finally {
    if (seq === viewSeq) delete document.body.dataset.busy;
  }
}

const agents = createAgentsTable($('#agents'));
const inboxes = createInboxesTable($('#inboxes'), () => loaded?.inboxes ?? null);
const inboxName = (id) => {
  if (id === null) return '—';
  const inbox = loaded?.inboxes?.find((i) => i.id === id);
  return inbox?.name ?? `Inbox #${id}`;
};
const slowest = createSlowestTable($('#slowest'), {
  sort: { key: view.rowsSortBy, dir: view.rowsOrder },
  onSort: (key, dir) => {
    view.rowsSortBy = key;
    view.rowsOrder = dir;
    refresh(['rows']);
  },
  ctx: () => ({ linkBase: loaded?.linkBase, accountId: loaded?.accountId, timezone: view.timezone, inboxName }),
});
const chart = createTrendChart($('#trend-chart'));
const hoursPanel = createHoursPanel({ worker, context: () => ({ loaded, shown }) });

function render(out) {
  if (out.summary) {
    last.summary = out.summary;
    renderKpis($('#kpis'), out.summary, { days: view.days, businessHours: view.businessHours });
    renderDistribution($('#distribution'), out.summary.firstResponseDistribution);
    renderQuantiles($('#quantiles'), out.summary.firstResponse);
    $('#quantiles-note').textContent = `First response time, ${view.businessHours ? 'in business hours' : 'wall-clock'}:`;
    $('#dist-note').textContent = `Conversations by time to the first human reply, in wall-clock time${view.businessHours ? ' (also with business hours on)' : ''}.`;
    agents.update(out.summary.byAgent);
    inboxes.update(out.summary.byInbox);
    const prevEvents = out.summary.previous?.events ?? 0;
    $('#kpi-note').textContent = `Last ${view.days} days: ${formatRange(shown.since, shown.until, view.timezone)} (${view.timezone}), `
      + `${count(out.summary.events)} events in ${count(out.summary.conversations)} conversations. `
      + `Arrows compare with the ${view.days} days before (${count(prevEvents)} events).`
      + (view.businessHours ? ' Durations in business hours (each inbox\'s working hours).' : '');
    $('#source-line').textContent = loaded.label;
    hoursPanel.windowChanged();
  }
  if (out.series) {
    last.series = out.series;
    const metric = METRICS.find((m) => m.value === out.series.metric);
    const statLabel = metric.kind === 'duration' ? `${STATS.find((s) => s.value === out.series.stat)?.label ?? 'Mean'} ` : '';
    chart.update(out.series, { kind: metric.kind, label: `${statLabel}${metric.kind === 'duration' ? metric.label.toLowerCase() : metric.label}` });
  }
  if (out.rows) {
    last.rows = out.rows;
    slowest.update(out.rows);
    const notes = [];
    if (loaded.source === 'account') notes.push('* The account-wide list gives internal conversation ids, not the display ids Chatwoot\'s addresses use: links marked * may open another conversation. Load by display id (Connect) for exact links.');
    if (loaded.source === 'file') notes.push('Loaded from a file: no links.');
    if (loaded.target === 'self' && serverInfo?.mode === 'local') notes.push('The local stand-in has no Chatwoot app: links point where a real Chatwoot\'s would.');
    $('#slowest-note').textContent = notes.join(' ');
  }
}

// ---------------------------------------------------------------------------- controls --
function fillControls() {
  const zones = timeZones();
  const tz = $('#timezone');
  const frag = document.createDocumentFragment();
  for (const z of zones) frag.append(h('option', { value: z, text: z.replaceAll('_', ' ') }));
  tz.append(frag);
  tz.value = view.timezone;
  $('#range').value = String(view.days);
  $('#business-hours').checked = view.businessHours;
  for (const m of METRICS) $('#metric').append(h('option', { value: m.value, text: m.label }));
  $('#metric').value = view.metric;
  for (const s of STATS) $('#stat').append(h('option', { value: s.value, text: s.label }));
  $('#stat').value = view.stat;
  $(`#group-${view.groupBy}`).checked = true;
  syncStat();
}

function syncStat() {
  $('#stat').disabled = METRICS.find((m) => m.value === view.metric)?.kind !== 'duration';
}

function changeRange() {
  view.days = Number($('#range').value);
  if (!RANGES.includes(view.days)) view.days = 90;
  saveView(view);
  if (!loaded) return;
  const until = loaded.anchor;
  const since = until - view.days * DAY;
  const need = since - view.days * DAY;
  const c = loaded.coverage;
  // Already loaded (with the window before it): only recompute. Otherwise fetch.
  if (c === null || (c.since <= need && c.until >= until)) {
    shown = { since, until };
    refresh(['summary', 'series', 'rows']);
  } else if (loaded.source === 'file') {
    shown = { since, until };
    refresh(['summary', 'series', 'rows']);
  } else loadFromServer();
}

async function exportCsv() {
  if (!loaded || !shown) return;
  const button = $('#export');
  button.disabled = true;
  try {
    const { csv, rows } = await worker.call('csv', { ...shown, businessHours: view.businessHours });
    const blob = new Blob([csv], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const day = (t) => new Date(t * 1000).toISOString().slice(0, 10);
    const a = h('a', { href: url, download: `chatwoot-conversations-${day(shown.since)}-to-${day(shown.until - 1)}${view.businessHours ? '-business-hours' : ''}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    setStatus(`Exported ${count(rows)} conversations as CSV.`);
  } catch (err) {
    showAlert(err);
  } finally {
    button.disabled = false;
  }
}

function wire() {
  $('#range').addEventListener('change', changeRange);
  $('#timezone').addEventListener('change', (e) => {
    view.timezone = e.target.value;
    saveView(view);
    refresh(['summary', 'series', 'rows']);
  });
  $('#business-hours').addEventListener('change', (e) => {
    view.businessHours = e.target.checked;
    saveView(view);
    refresh(['summary', 'series', 'rows']);
  });
  $('#metric').addEventListener('change', (e) => {
    view.metric = e.target.value;
    syncStat();
    saveView(view);
    refresh(['series']);
  });
  $('#stat').addEventListener('change', (e) => {
    view.stat = e.target.value;
    saveView(view);
    refresh(['series']);
  });
  $('#chart-controls').addEventListener('change', (e) => {
    if (e.target.name !== 'groupBy') return;
    view.groupBy = e.target.value;
    saveView(view);
    refresh(['series']);
  });
  for (const form of [$('#toolbar'), $('#chart-controls')]) form.addEventListener('submit', (e) => e.preventDefault());
  $('#refresh').addEventListener('click', () => {
    if (loaded?.source === 'file') return refresh(['summary', 'series', 'rows']);
    return loadFromServer();
  });
  $('#cancel').addEventListener('click', () => {
    $('#cancel').disabled = true;
    loadController?.abort();
  });
  $('#export').addEventListener('click', exportCsv);
  const connect = setupConnect({
    onSubmit: (c) => {
      conn = c;
      if (!c.remember) saveConnection(c); // forget a previously remembered token right away
      loadFromServer();
    },
    onFile: (file) => loadFromFile(file),
  });
  const open = () => connect.open(conn, serverInfo);
  $('#connect').addEventListener('click', open);
  $('#alert-connect').addEventListener('click', open);
}

/** What this server is: the stand-in's own route; absent on other servers (then null). */
async function probeServer() {
  try {
    const res = await fetch('/__standin', { headers: { accept: 'application/json' } });
    if (!res.ok) return null;
    const body = await res.json();
    return typeof body?.mode === 'string' ? body : null;
  } catch {
    return null;
  }
}

async function main() {
  fillControls();
  wire();
  [serverInfo] = await Promise.all([probeServer(), formatReady]);
  await loadFromServer();
}

main().catch((err) => {
  showAlert({ code: 'internal', message: String(err?.message ?? err) });
  setState('error');
});
