// Loading, on the page's side: asks the worker for the events of the window (and the one
// before it), shows what the device already holds at once, then the figures growing as
// spans arrive (re-rendered at most once a second, in place), "Updated HH:MM" when done,
// and an automatic refresh every few minutes that fetches only what is new.
import { $ } from './dom.js';
import { clock, count, plural } from './format.js';
import { AUTO_REFRESH_MINUTES, baseUrlOf, linkBaseOf, parseDisplayIds, saveConnection } from './state.js';
import { windowOf } from './window.js';

const RENDER_EVERY_MS = 1000;
const UPDATED_KEY = 'chatwoot-reporting.updated';

/** When each account's figures were last brought up to date on this device: {scope: epoch seconds}. */
function readUpdated() {
  try {
    return JSON.parse(localStorage.getItem(UPDATED_KEY) ?? '{}') ?? {};
  } catch {
    return {};
  }
}
function writeUpdated(key, at) {
  try {
    localStorage.setItem(UPDATED_KEY, JSON.stringify({ ...readUpdated(), [key]: at }));
  } catch {
    // storage disabled: the next load simply fetches the newest minutes again
  }
}

/**
 * @param {object} app  shared page state (see demo.js); uses app.renderer.refresh
 * Returns {load({anchor?, reason}), loadFile(file), cancel(), scheduleAutoRefresh(), anchorFor(conn)}.
 */
export function createLoader(app) {
  const { worker, view } = app;
  const progress = $('#progress');
  let controller = null;
  let progressShownAt = 0;
  let renderTimer = 0;
  let lastRenderAt = 0;
  let pendingRender = false;
  let rendering = null;
  let lastRenderTook = 0;
  let autoTimer = 0;
  let firstNumbersAt = null;

  const scopeOf = (c) => `${baseUrlOf(c)}|${c.accountId}|${c.source}`;

  function showLoading(label) {
    $('#progress-label').textContent = label;
    progress.removeAttribute('value');
    $('#progress-text').textContent = '';
    $('#loading').hidden = false;
    $('#cancel').disabled = false;
  }

  function onProgress({ done, total, phase, daysDone, days }) {
    if (total > 0) {
      progress.max = total;
      progress.value = done;
    } else progress.removeAttribute('value');
    const now = performance.now();
    // The text changes at most 8 times a second: enough to see it move, calm for assistive tech.
    if (now - progressShownAt < 120 && done !== total) return;
    progressShownAt = now;
    const what = phase === 'conversations' ? 'conversations' : phase === 'parsing' ? 'files' : 'pages';
    const spanText = days ? ` · ${count(daysDone)} of ${plural(days, 'day')} loaded, newest first` : '';
    $('#progress-text').textContent = total > 0 ? `${count(done)} of ${count(total)} ${what}${spanText}` : `Asking for the first page…${spanText}`;
  }

  /** The data so far (cached events, then each span): shown now, then at most once a second. */
  function onPartial(base, description) {
    app.loaded = { ...base, ...description };
    app.contentShown();
    pendingRender = true;
    if (!renderTimer && !rendering) scheduleRender();
  }

  /**
   * One render when due: the first at once, the next a second after the previous one ended
   * (or three times as long as it took, when that is more: the worker that draws is also the
   * one taking the pages in). While loading only the key figures and the chart are redrawn;
   * the tables, the curve and the heatmap follow when the load ends.
   */
  function scheduleRender() {
    const gap = Math.max(RENDER_EVERY_MS, 3 * lastRenderTook);
    const wait = lastRenderAt === 0 ? 0 : Math.max(0, gap - (performance.now() - lastRenderAt));
    renderTimer = setTimeout(async () => {
      renderTimer = 0;
      pendingRender = false;
      const t0 = performance.now();
      rendering = app.renderer.refresh(lastRenderAt === 0 && !app.debug.renders ? undefined : ['summary', 'series']);
      await rendering;
      rendering = null;
      lastRenderAt = performance.now();
      lastRenderTook = lastRenderAt - t0;
      if (pendingRender && controller) scheduleRender();
    }, wait);
  }

  /** Stops the partial renders (the final one follows). */
  function stopRenders() {
    clearTimeout(renderTimer);
    renderTimer = 0;
    pendingRender = false;
  }

  /**
   * The moment a preset range counts back from: now, or — when this account's figures were
   * brought up to date less than the refresh interval ago — that moment, so a reload shows
   * the same figures from the device without asking the server anything.
   */
  function anchorFor(c) {
    const now = Math.floor(Date.now() / 1000);
    const at = readUpdated()[scopeOf(c)];
    return Number.isFinite(at) && now - at < AUTO_REFRESH_MINUTES * 60 && now >= at ? at : now;
  }

  /** Loads the window of the view from the connection's server; a running load is cancelled. */
  async function load({ anchor = Math.floor(Date.now() / 1000), reason = 'load' } = {}) {
    controller?.abort();
    clearTimeout(autoTimer);
    const ctl = new AbortController();
    controller = ctl;
    stopRenders();
    app.hideAlert();
    const conn = app.conn;
    const win = windowOf(view, anchor);
    // Nothing after now exists yet: a custom range ending in the future is fetched to now.
    const until = Math.min(win.until, Math.max(anchor, Math.floor(Date.now() / 1000)));
    let displayIds = null;
    try {
      if (conn.source === 'conversations') displayIds = parseDisplayIds(conn.displayIds);
    } catch (err) {
      app.showAlert({ code: 'invalid_argument', message: err.message });
      return;
    }
    const target = conn.target === 'self' ? (app.serverInfo?.mode === 'local' ? 'the local stand-in' : location.host) : app.originOf(conn);
    const sameScope = app.loaded && app.loaded.scopeKey === scopeOf(conn);
    if (!sameScope) {
      app.loaded = null;
      app.renderer.clear();
    }
    showLoading(conn.source === 'conversations' ? `Loading conversations from ${target}…`
      : reason === 'refresh' ? `Fetching what is new from ${target}…` : `Loading ${win.custom ? 'the chosen dates' : `the last ${win.days} days`} (and the ${win.days} before) from ${target}…`);
    if (!app.loaded) app.setState('loading');
    app.setStatus(`Loading events from ${target}…`);
    const snapshot = { ...conn };
    const base = {
      anchor, linkBase: linkBaseOf(snapshot), accountId: snapshot.accountId, target: snapshot.target,
      scopeKey: scopeOf(snapshot), fetched: { since: win.fetchSince, until },
    };
    const t0 = performance.now();
    firstNumbersAt = null;
    lastRenderAt = 0;
    app.shown = win;
    app.debug.timings = { started: t0, firstNumbersMs: null, completeMs: null, reason };
    try {
      const result = await worker.call('load', {
        source: conn.source, baseUrl: baseUrlOf(conn), accountId: conn.accountId, token: conn.token,
        since: win.fetchSince, until, displayIds, timeoutMs: conn.timeoutSeconds * 1000, retries: 3, concurrency: 6,
      }, {
        signal: ctl.signal, onProgress,
        onPartial: (d) => { if (ctl === controller) onPartial({ ...base, label: app.describeSource(snapshot, d) }, d); },
      });
      if (ctl !== controller) return;
      stopRenders();
      await rendering;
      app.loaded = { ...base, ...result, label: app.describeSource(snapshot, result) };
      saveConnection(snapshot);
      if (conn.source === 'account') writeUpdated(scopeOf(snapshot), anchor);
      app.contentShown();
      await app.renderer.refresh();
      app.debug.timings.completeMs = Math.round(performance.now() - t0);
      app.debug.timings.requests = result.requests;
      showUpdated(anchor);
      const fetched = result.requests ? ` (${plural(result.requests, 'request')})` : ' (all from this device)';
      app.setStatus(`${plural(result.events, 'event')} loaded${conn.source === 'account' ? fetched : ''}.`);
      app.setState('ready');
    } catch (err) {
      if (ctl !== controller) return;
      stopRenders();
      await rendering;
      if (err.partial) {
        app.loaded = { ...base, ...err.partial, label: app.describeSource(snapshot, err.partial) };
        app.contentShown();
        await app.renderer.refresh();
      }
      failed(err);
    } finally {
      if (ctl === controller) {
        controller = null;
        $('#loading').hidden = true;
        scheduleAutoRefresh();
      }
    }
  }

  /** Loads a saved JSON body in the worker; the window ends at the day after its last event. */
  async function loadFile(file) {
    controller?.abort();
    clearTimeout(autoTimer);
    const ctl = new AbortController();
    controller = ctl;
    app.hideAlert();
    showLoading(`Reading ${file.name}…`);
    app.setState('loading');
    app.setStatus(`Reading ${file.name}…`);
    try {
      const body = await file.arrayBuffer();
      const result = await worker.call('load', { source: 'file', body }, { signal: ctl.signal, onProgress, transfer: [body] });
      if (ctl !== controller) return;
      const lastAt = result.extent?.last ?? Date.now() / 1000;
      const anchor = Math.floor(lastAt / 86400) * 86400 + 86400;
      app.loaded = { ...result, anchor, linkBase: '', accountId: null, target: 'file', label: `File ${file.name}`, scopeKey: `file:${file.name}`, fetched: { since: -Infinity, until: anchor } };
      app.shown = windowOf(view, anchor);
      app.contentShown();
      await app.renderer.refresh();
      showUpdated(null);
      app.setStatus(`${plural(result.events, 'event')} read from ${file.name}.`);
      app.setState('ready');
    } catch (err) {
      if (ctl !== controller) return;
      failed(err);
    } finally {
      if (ctl === controller) {
        controller = null;
        $('#loading').hidden = true;
      }
    }
  }

  function failed(err) {
    app.showAlert(err);
    if (err?.code === 'aborted') {
      app.setState(app.loaded ? 'ready' : 'cancelled');
      app.setStatus(app.loaded ? 'Loading cancelled: showing what was loaded.' : 'Loading cancelled.');
    } else {
      app.setState('error');
      app.setStatus(app.loaded ? 'Loading stopped: showing what was loaded.' : 'Loading failed.');
    }
  }

  function showUpdated(at) {
    const el = $('#updated');
    el.dataset.at = at === null ? '' : String(at);
    el.textContent = at === null ? '' : `Updated ${clock(at, view.timezone)}`;
    el.title = at === null ? '' : new Date(at * 1000).toString();
  }

  /** The next automatic refresh, when switched on and the data is the account-wide list. */
  function scheduleAutoRefresh() {
    clearTimeout(autoTimer);
    const box = $('#auto-refresh');
    box.checked = view.autoRefresh;
    if (!view.autoRefresh || app.loaded?.source !== 'account') return;
    const at = app.loaded.anchor + AUTO_REFRESH_MINUTES * 60;
    const wait = Math.max(1000, at * 1000 - Date.now());
    autoTimer = setTimeout(() => {
      if (controller || document.hidden) return scheduleAutoRefresh();
      return load({ reason: 'refresh' });
    }, wait);
    app.debug.nextRefreshAt = at;
  }

  return {
    load, loadFile, anchorFor, scheduleAutoRefresh, showUpdated,
    cancel() {
      $('#cancel').disabled = true;
      controller?.abort();
    },
    get busy() { return controller !== null; },
    /** For tests: when the first figures of the last load were drawn. */
    noteRendered(out) {
      if (firstNumbersAt !== null || !out.summary || !app.debug.timings) return;
      if (!(out.summary.events > 0)) return;
      firstNumbersAt = performance.now();
      app.debug.timings.firstNumbersMs = Math.round(firstNumbersAt - app.debug.timings.started);
    },
  };
}
