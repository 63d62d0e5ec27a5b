// The support dashboard: wires the page (index.html) to the worker (dashboard/worker.js),
// which fetches, caches, parses and summarizes; this thread only renders plain objects.
// Opens on the server it is served from (the local Chatwoot stand-in: account 1, token
// demo-token, the last 90 days of the account-wide list); in proxy mode (--upstream) it
// asks for the connection first. Server strings are set as text, never as HTML
// (dashboard/dom.js).
import { $, h, replace } from './dashboard/dom.js';
import { count, formatReady } from './dashboard/format.js';
import { startWorker } from './dashboard/worker-client.js';
import {
  hasSavedConnection, loadConnection, loadView, METRICS, RANGES, saveConnection, saveView, STATS, timeZones,
} from './dashboard/state.js';
import { describeError } from './dashboard/errors.js';
import { setupConnect } from './dashboard/connect.js';
import { renderIssues } from './dashboard/panels.js';
import { createHoursPanel } from './dashboard/hours-panel.js';
import { createRenderer } from './dashboard/render.js';
import { createLoader } from './dashboard/load-control.js';
import { slaForm } from './dashboard/sla.js';
import { groupFor, groupsFor, localDate, windowOf } from './dashboard/window.js';

const worker = startWorker(new URL('./dashboard/worker.js', import.meta.url));

/** The page's shared state, handed to the renderer and the loader. */
const app = {
  worker,
  conn: loadConnection(),
  view: loadView(),
  /** What /__standin says about this server ({mode: 'local'|'proxy', …}), or null. */
  serverInfo: null,
  /** The loaded data: the worker's description plus where it came from and its anchor time. */
  loaded: null,
  /** The window shown: {since, until, fetchSince, length, days, custom}. */
  shown: null,
  /** The grouping in use (the view's, or the nearest one the range offers). */
  groupBy: 'day',
  debug: null,
};
const { view } = app;

// ---------------------------------------------------------------- debug handle (tests) --
app.debug = {
  renders: 0,
  /** Every render of the figures: {at (performance.now()), events, complete}. */
  renderLog: [],
  timings: null,
  get state() { return document.body.dataset.state; },
  get range() { return app.shown && { ...app.shown }; },
  get view() { return structuredClone(view); },
  get groupBy() { return app.groupBy; },
  get loaded() {
    const l = app.loaded;
    return l && {
      source: l.source, events: l.events, coverage: l.coverage, extent: l.extent, anchor: l.anchor, displayIds: l.displayIds,
      complete: l.complete, pending: l.pending, cached: l.cached, requests: l.requests, fetched: l.fetched, names: l.names, timing: l.timing,
    };
  },
  get chart() { return renderer.last.series && structuredClone(renderer.last.series); },
  get summary() { return renderer.last.summary && structuredClone(renderer.last.summary); },
  get rows() { return renderer.last.rows && structuredClone(renderer.last.rows); },
  get curve() { return renderer.last.curve && structuredClone(renderer.last.curve); },
  get heatmap() { return renderer.last.heatmap && structuredClone(renderer.last.heatmap); },
  get zoom() { return { zoomed: renderer.chart.zoomed, ...renderer.chart.xRange, ticks: renderer.chart.ticks, area: renderer.chart.area }; },
  /** Where the chart draws bucket i (page coordinates). */
  pointAt: (i) => renderer.chart.pointAt(i),
  /** The drill-down dialog: {state, spec, rows, total}. */
  get drill() { return structuredClone(renderer.drill.debug); },
  /** The working-hours editor: {state, computed, figures, schedule, inboxIds, error, edited}. */
  get hours() { return structuredClone(hoursPanel.debug); },
  /** CSV files made, newest last: [{name, csv}]. */
  downloads: [],
};
window.__dashboard = app.debug;

// ----------------------------------------------------------------------------- status --
app.setState = (s) => { document.body.dataset.state = s; };
app.setStatus = (text) => { $('#status').textContent = text; };
app.originOf = (c) => {
  if (c.target === 'self') return location.host;
  try {
    return new URL(c.baseUrl).host;
  } catch {
    return c.baseUrl;
  }
};
app.showAlert = (err) => {
  const d = describeError(err, {
    origin: app.originOf(app.conn), source: app.conn.source, target: app.conn.target,
    hasData: Boolean(app.loaded), accountId: app.conn.accountId,
  });
  const box = $('#alert');
  box.dataset.code = err?.code ?? 'internal';
  box.dataset.cause = d.cause;
  box.className = `alert ${d.tone}`;
  $('#alert-title').textContent = d.title;
  replace($('#alert-hints'), d.hints.map((t) => h('li', { text: t })));
  $('#alert-detail').textContent = d.detail;
  $('#alert-details').hidden = !d.detail;
  box.hidden = false;
};
app.hideAlert = () => {
  $('#alert').hidden = true;
  delete $('#alert').dataset.code;
  delete $('#alert').dataset.cause;
};
app.describeSource = (c, result) => {
  const where = c.target === 'self'
    ? (app.serverInfo?.mode === 'local' ? 'Local stand-in (simulated data)' : app.serverInfo?.mode === 'proxy' ? `Chatwoot via ${location.host}` : location.host)
    : app.originOf(c);
  const how = result.source === 'conversations' ? `${count(result.requested)} conversations by display id` : 'account-wide list';
  return `${where} · account ${c.accountId} · ${how}`;
};
/** Called when data is there to show: the figures' section, the filters and names. */
app.contentShown = () => {
  $('#content').hidden = false;
  $('#export').disabled = false;
  fillFilters();
  renderIssues($('#issues'), app.loaded);
  hoursPanel.dataChanged();
};
app.onRendered = (out) => {
  loader.noteRendered(out);
  app.debug.renderLog.push({ at: performance.now(), events: out.summary?.events ?? null, complete: app.loaded?.complete !== false });
  const state = document.body.dataset.state;
  if (state === 'starting') app.setState('ready');
};

/** Downloads a CSV of one table from the worker (the current view's window and filters). */
app.download = async (table, extra = {}, name = table) => {
  if (!app.loaded || !app.shown) return;
  try {
    const { csv, rows } = await worker.call('csv', { ...renderer.viewArgs(), table, ...extra });
    const day = (t) => new Date(t * 1000).toISOString().slice(0, 10);
    const file = `chatwoot-${name}-${day(app.shown.since)}-to-${day(app.shown.until - 1)}${view.businessHours ? '-business-hours' : ''}.csv`;
    app.debug.downloads.push({ name: file, csv });
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = h('a', { href: url, download: file });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    app.setStatus(`Exported ${count(rows)} rows as ${file}.`);
  } catch (err) {
    app.showAlert(err);
  }
};

const renderer = createRenderer(app);
app.renderer = renderer;
const loader = createLoader(app);
const hoursPanel = createHoursPanel({ worker, context: () => ({ loaded: app.loaded, shown: app.shown }) });
app.hoursPanel = hoursPanel;

// ---------------------------------------------------------------------------- controls --
function fillControls() {
  const tz = $('#timezone');
  const frag = document.createDocumentFragment();
  for (const z of timeZones()) frag.append(h('option', { value: z, text: z.replaceAll('_', ' ') }));
  tz.append(frag);
  tz.value = view.timezone;
  $('#range').value = view.custom ? 'custom' : String(view.days);
  $('#custom-range').hidden = !view.custom;
  $('#range-from').value = view.from;
  $('#range-to').value = view.to;
  $('#week-start').value = view.weekStart;
  $('#business-hours').checked = view.businessHours;
  $('#exclude-off').checked = view.excludeHoursOff;
  $('#auto-refresh').checked = view.autoRefresh;
  for (const m of METRICS) $('#metric').append(h('option', { value: m.value, text: m.label }));
  $('#metric').value = view.metric;
  for (const s of STATS) $('#stat').append(h('option', { value: s.value, text: s.label }));
  $('#stat').value = view.stat;
  $('#curve-metric').value = view.curveMetric;
  $('#heatmap-name').value = view.heatmapName;
  syncStat();
}

/** The inbox and agent filters, with the names the worker found (ids where none). */
function fillFilters() {
  const names = app.loaded?.names ?? {};
  const fill = (select, list, all, selected) => {
    const options = (list ?? []).map((x) => h('option', { value: String(x.id), text: x.name || `#${x.id}` }));
    replace(select, h('option', { value: '', text: all }), options);
    select.value = selected === null ? '' : String(selected);
    if (select.value === '' && selected !== null) {
      select.append(h('option', { value: String(selected), text: `#${selected}` }));
      select.value = String(selected);
    }
  };
  fill($('#filter-inbox'), names.inboxes, 'All inboxes', view.inboxId);
  fill($('#filter-agent'), names.agents, 'All agents', view.userId);
}

function syncStat() {
  $('#stat').disabled = METRICS.find((m) => m.value === view.metric)?.kind !== 'duration';
}

/** Offers the groupings the range allows (as Chatwoot does) and picks the one to use. */
function syncGroups() {
  const days = windowOf(view, app.loaded?.anchor ?? Math.floor(Date.now() / 1000)).days;
  const offered = groupsFor(days);
  for (const g of ['hour', 'day', 'week', 'month', 'year']) {
    const input = $(`#group-${g}`);
    input.disabled = !offered.includes(g);
    input.closest('fieldset').querySelector(`label[for="group-${g}"]`).hidden = !offered.includes(g);
    input.hidden = !offered.includes(g);
  }
  app.groupBy = groupFor(view.groupBy, days);
  $(`#group-${app.groupBy}`).checked = true;
}

/** The range or its dates changed: recompute from what is loaded, or fetch what is missing. */
function changeWindow() {
  saveView(view);
  const anchor = app.loaded?.anchor ?? Math.floor(Date.now() / 1000);
  const win = windowOf(view, anchor);
  syncGroups();
  if (!app.loaded) return;
  const f = app.loaded.fetched;
  const covered = app.loaded.source === 'file' || app.loaded.source === 'conversations'
    || (f && f.since <= win.fetchSince && f.until >= Math.min(win.until, anchor) && app.loaded.complete !== false);
  if (covered && !(view.custom && win.until > anchor + 60)) {
    app.shown = win;
    renderer.refresh();
  } else loader.load({ anchor: view.custom ? Math.floor(Date.now() / 1000) : anchor });
}

function wire() {
  $('#range').addEventListener('change', (e) => {
    if (e.target.value === 'custom') {
      $('#custom-range').hidden = false;
      if (!$('#range-from').value) {
        const until = app.shown?.until ?? Math.floor(Date.now() / 1000);
        $('#range-to').value = localDate(until - 1, view.timezone);
        $('#range-from').value = localDate(until - view.days * 86400, view.timezone);
      }
      $('#range-from').focus();
      return;
    }
    view.custom = false;
    view.days = RANGES.includes(Number(e.target.value)) ? Number(e.target.value) : 90;
    $('#custom-range').hidden = true;
    changeWindow();
  });
  $('#range-apply').addEventListener('click', () => {
    const from = $('#range-from').value;
    const to = $('#range-to').value;
    for (const el of [$('#range-from'), $('#range-to')]) el.removeAttribute('aria-invalid');
    if (!from || !to || from > to) {
      $(from ? '#range-to' : '#range-from').setAttribute('aria-invalid', 'true');
      app.setStatus('Choose a start date on or before the end date.');
      return;
    }
    Object.assign(view, { custom: true, from, to });
    changeWindow();
  });
  const rerender = (parts) => () => { saveView(view); renderer.refresh(parts); };
  $('#filter-inbox').addEventListener('change', (e) => { view.inboxId = e.target.value === '' ? null : Number(e.target.value); rerender()(); });
  $('#filter-agent').addEventListener('change', (e) => { view.userId = e.target.value === '' ? null : Number(e.target.value); rerender()(); });
  $('#timezone').addEventListener('change', (e) => {
    view.timezone = e.target.value;
    if (view.custom) return changeWindow(); // custom dates are local dates of the zone
    return rerender()();
  });
  $('#week-start').addEventListener('change', (e) => { view.weekStart = e.target.value; rerender(['series', 'heatmap'])(); });
  $('#business-hours').addEventListener('change', (e) => { view.businessHours = e.target.checked; rerender()(); });
  $('#exclude-off').addEventListener('change', (e) => { view.excludeHoursOff = e.target.checked; rerender()(); });
  $('#auto-refresh').addEventListener('change', (e) => {
    view.autoRefresh = e.target.checked;
    saveView(view);
    loader.scheduleAutoRefresh();
  });
  $('#metric').addEventListener('change', (e) => {
    view.metric = e.target.value;
    syncStat();
    rerender(['series'])();
  });
  $('#stat').addEventListener('change', (e) => { view.stat = e.target.value; rerender(['series'])(); });
  $('#chart-controls').addEventListener('change', (e) => {
    if (e.target.name !== 'groupBy') return;
    view.groupBy = e.target.value;
    app.groupBy = e.target.value;
    rerender(['series'])();
  });
  $('#curve-metric').addEventListener('change', (e) => { view.curveMetric = e.target.value; rerender(['curve'])(); });
  $('#heatmap-name').addEventListener('change', (e) => { view.heatmapName = e.target.value; rerender(['heatmap'])(); });
  for (const form of [$('#toolbar'), $('#chart-controls'), $('#curve-controls'), $('#heatmap-controls')]) form.addEventListener('submit', (e) => e.preventDefault());
  $('#zoom-reset').addEventListener('click', () => renderer.chart.resetZoom());
  $('#refresh').addEventListener('click', () => {
    if (app.loaded?.source === 'file') return renderer.refresh();
    return loader.load({ reason: 'refresh' });
  });
  $('#cancel').addEventListener('click', () => loader.cancel());
  $('#export').addEventListener('click', () => app.download('conversations', {}, 'conversations'));
  $('#export-agents').addEventListener('click', () => app.download('agents', {}, 'agents'));
  $('#export-inboxes').addEventListener('click', () => app.download('inboxes', {}, 'inboxes'));
  $('#export-series').addEventListener('click', () => app.download('series', {}, `series-${view.metric}-by-${app.groupBy}`));
  $('#export-heatmap').addEventListener('click', () => app.download('heatmap', {}, 'hour-of-week'));
  wireSettings();
  const connect = setupConnect({
    onSubmit: (c) => {
      app.conn = c;
      if (!c.remember) saveConnection(c); // forget a previously remembered token right away
      // Connecting always asks the server (at least for what is new), so a token is tried at once.
      loader.load();
    },
    onFile: (file) => loader.loadFile(file),
  });
  app.openConnect = () => connect.open(app.conn, app.serverInfo);
  $('#connect').addEventListener('click', app.openConnect);
  $('#alert-connect').addEventListener('click', app.openConnect);
}

/** The settings dialog: SLA targets (saved with the view) and forgetting the saved events. */
function wireSettings() {
  const dialog = $('#settings-dialog');
  const form = slaForm();
  const errors = $('#settings-errors');
  $('#settings').addEventListener('click', () => {
    form.fill(view.sla);
    errors.hidden = true;
    dialog.showModal();
  });
  $('#settings-cancel').addEventListener('click', () => dialog.close());
  $('#settings-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const out = form.read();
    if (out.problems) {
      replace(errors, h('ul', {}, out.problems.map((p) => h('li', { text: p.message }))));
      errors.hidden = false;
      out.problems[0].input.focus();
      return;
    }
    view.sla = out.sla;
    saveView(view);
    dialog.close();
    renderer.refresh(['summary', 'curve']);
  });
  $('#cache-clear').addEventListener('click', async () => {
    const { cleared } = await worker.call('forget');
    try { localStorage.removeItem('chatwoot-reporting.updated'); } catch { /* storage disabled */ }
    $('#cache-info').textContent = cleared ? 'The saved events are forgotten: the next load asks the server for everything again.' : 'This browser keeps no events (no IndexedDB here).';
  });
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
  syncGroups();
  wire();
  [app.serverInfo] = await Promise.all([probeServer(), formatReady]);
  // Behind --upstream the demo token means nothing to the real Chatwoot: ask first, rather
  // than greet the user with a refused token.
  if (app.serverInfo?.mode === 'proxy' && !hasSavedConnection()) {
    app.conn = loadConnection({ demoToken: false });
    app.setState('connect');
    app.setStatus(`This server forwards to a real Chatwoot: connect with your account id and access token.`);
    app.openConnect();
    return;
  }
  await loader.load({ anchor: loader.anchorFor(app.conn) });
}

main().catch((err) => {
  app.showAlert({ code: 'internal', message: String(err?.message ?? err) });
  app.setState('error');
});
