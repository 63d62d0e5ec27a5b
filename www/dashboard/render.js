// The page's figures: asks the worker for the parts of the view that changed and renders
// them (key figures and SLA cards, trend, distribution, SLA curve, heatmap, agent, inbox and
// conversation tables), with the notes that say what the numbers cover. Every number that
// stands for conversations opens them (drill.js).
import { $ } from './dom.js';
import { date, dateTime, plural, range as formatRange } from './format.js';
import { METRICS, STATS } from './state.js';
import { renderKpis, renderSlaCards } from './kpis.js';
import { bucketBounds, createTrendChart, renderDistribution, renderQuantiles } from './charts.js';
import { createGroupTable, createSlowestTable } from './panels.js';
import { renderHeatmap } from './heatmap.js';
import { renderCurve } from './sla.js';
import { coverageOf } from './window.js';
import { createDrill } from './drill.js';

const ROWS_LIMIT = 25;
const ALL_PARTS = ['summary', 'series', 'rows', 'curve', 'heatmap'];
const DAY = 86400;

/** "90 days", "1 day", "13.5 days": how a window's length reads. */
export const periodOf = (length) => {
  const days = length / DAY;
  return Number.isInteger(days) ? plural(days, 'day') : `${Math.round(days * 10) / 10} days`;
};

/**
 * @param {object} app  the page's shared state: {worker, view, loaded, shown, debug, serverInfo,
 *   setState, setStatus, showAlert, onRendered, download}
 */
export function createRenderer(app) {
  const { worker, view } = app;
  let viewSeq = 0;
  const stale = new Set();
  const last = { summary: null, series: null, rows: null, curve: null, heatmap: null };

  const agentName = (id) => {
    if (id === null || id === undefined) return 'No agent';
    return app.loaded?.names?.agents?.find((a) => a.id === id)?.name ?? `Agent #${id}`;
  };
  const inboxName = (id) => {
    if (id === null || id === undefined) return 'No inbox';
    return app.loaded?.names?.inboxes?.find((i) => i.id === id)?.name ?? `Inbox #${id}`;
  };
  const tableCtx = () => ({ linkBase: app.loaded?.linkBase, accountId: app.loaded?.accountId, timezone: view.timezone, inboxName, agentName });

  /** The window, filters and settings every worker call shares. */
  const viewArgs = () => ({
    since: app.shown.since, until: app.shown.until, businessHours: view.businessHours, excludeHoursOff: view.excludeHoursOff,
    filters: { inboxId: view.inboxId, userId: view.userId }, timezone: view.timezone, weekStart: view.weekStart,
    groupBy: app.groupBy, metric: view.metric, stat: view.stat, sla: view.sla, curveMetric: view.curveMetric,
    heatmapName: view.heatmapName, rowsSortBy: view.rowsSortBy, rowsOrder: view.rowsOrder, rowsLimit: ROWS_LIMIT,
    linkBase: app.loaded?.linkBase ?? '', accountId: app.loaded?.accountId ?? null,
  });

  const drill = createDrill({ worker, viewArgs, ctx: tableCtx, download: (...a) => app.download(...a) });
  const pick = (spec) => drill.open(spec, headingOf(spec));
  function headingOf(spec) {
    const scope = `${formatRange(app.shown.since, app.shown.until, view.timezone)}${view.businessHours ? ', business hours' : ''}`;
    switch (spec.kind) {
      case 'bucket': return `${METRICS.find((m) => m.value === spec.metric)?.label}: ${spec.label} (${view.timezone})`;
      case 'distribution': return `First response ${spec.label.toLowerCase()}, ${scope}`;
      case 'agent': return `${agentName(spec.userId)}: conversations, ${scope}`;
      case 'inbox': return `${inboxName(spec.inboxId)}: conversations, ${scope}`;
      default: return `${spec.label}: conversations, ${scope}`;
    }
  }

  const agents = createGroupTable($('#agents'), 'agents', { nameOf: agentName, onPick: (userId) => pick({ kind: 'agent', userId }) });
  const inboxes = createGroupTable($('#inboxes'), 'inboxes', { nameOf: inboxName, onPick: (inboxId) => pick({ kind: 'inbox', inboxId }) });
  const slowest = createSlowestTable($('#slowest'), {
    sort: { key: view.rowsSortBy, dir: view.rowsOrder },
    onSort: (key, dir) => {
      view.rowsSortBy = key;
      view.rowsOrder = dir;
      refresh(['rows']);
    },
    ctx: tableCtx,
  });
  const chart = createTrendChart($('#trend-chart'), {
    onPick: (i) => {
      const s = last.series;
      if (!s) return;
      const { start, end } = bucketBounds(s, i);
      const label = s.groupBy === 'hour' ? `hour of ${dateTime(start, s.timezone)}` : `${s.groupBy} of ${date(start, s.timezone)}`;
      pick({ kind: 'bucket', metric: s.metric, start, end, label });
    },
    onZoom: (zoomed) => { $('#zoom-reset').hidden = !zoomed; },
  });

  /**
   * Asks the worker for the parts that changed and renders them. Parts asked by a call that
   * a newer one overtook stay stale and are asked again by the newer one.
   */
  async function refresh(parts = ALL_PARTS) {
    if (!app.loaded || !app.shown) return;
    for (const p of parts) stale.add(p);
    const asked = [...stale];
    const seq = ++viewSeq;
    document.body.dataset.busy = 'true';
    try {
      const out = await worker.call('view', { ...viewArgs(), parts: asked });
      if (seq !== viewSeq) return;
      for (const p of asked) stale.delete(p);
      render(out);
      app.debug.renders += 1;
      app.onRendered?.(out);
    } catch (err) {
      if (seq !== viewSeq) return;
      app.showAlert(err);
    } finally {
      if (seq === viewSeq) delete document.body.dataset.busy;
    }
  }

  function render(out) {
    const { loaded, shown } = app;
    const period = periodOf(shown.length);
    if (out.summary) {
      const s = out.summary;
      last.summary = s;
      const previousCoverage = coverageOf({ since: shown.fetchSince, until: shown.since }, { fetchedSince: loaded.fetched?.since ?? -Infinity, first: loaded.extent?.first ?? null });
      const currentCoverage = coverageOf(shown, { fetchedSince: loaded.fetched?.since ?? -Infinity, first: loaded.extent?.first ?? null });
      app.debug.previousCoverage = previousCoverage;
      renderKpis($('#kpis'), s, { period, businessHours: view.businessHours, previousCoverage: loaded.source === 'account' ? previousCoverage : null, timezone: view.timezone, onPick: pick });
      renderSla(s);
      renderDistribution($('#distribution'), s.firstResponseDistribution, (bucket) => pick({
        kind: 'distribution', bucket, label: $(`#distribution li[data-bucket="${bucket}"] .dist-label`).textContent,
      }));
      renderQuantiles($('#quantiles'), s.firstResponse);
      $('#quantiles-note').textContent = `First response time, ${view.businessHours ? 'in business hours' : 'wall-clock'}:`;
      $('#dist-note').textContent = `Conversations by time to the first human reply, in wall-clock time${view.businessHours ? ' (also with business hours on)' : ''}.`;
      const slaKeys = ['firstResponse', 'resolution', 'replyTime'].filter((k) => view.sla[k]);
      agents.update(s.byAgent, slaKeys);
      inboxes.update(s.byInbox, slaKeys);
      $('#kpi-note').textContent = `${view.custom ? 'Custom range' : `Last ${period}`}: ${formatRange(shown.since, shown.until, view.timezone)} (${view.timezone}), `
        + `${plural(s.events, 'event')} in ${plural(s.conversations, 'conversation')}${filterText()}. `
        + `Arrows compare with the ${period} before (${plural(s.previous?.events ?? 0, 'event')}).`
        + (view.businessHours ? ' Durations in business hours (each inbox\'s working hours).' : '');
      renderCoverage(previousCoverage, currentCoverage, period);
      renderHoursOff(s);
      $('#source-line').textContent = loaded.label;
      app.hoursPanel?.windowChanged();
    }
    if (out.series) {
      last.series = out.series;
      const metric = METRICS.find((m) => m.value === out.series.metric);
      const statLabel = metric.kind === 'duration' ? `${STATS.find((x) => x.value === out.series.stat)?.label ?? 'Mean'} ` : '';
      chart.update(out.series, { kind: metric.kind, label: `${statLabel}${metric.kind === 'duration' ? metric.label.toLowerCase() : metric.label}` });
    }
    if (out.rows) {
      last.rows = out.rows;
      slowest.update(out.rows);
      const notes = [];
      if (loaded.source === 'account') notes.push('* The account-wide list gives internal conversation ids, not the display ids Chatwoot\'s addresses use: links marked * may open another conversation. Load by display id (Connect) for exact links.');
      if (loaded.source === 'file') notes.push('Loaded from a file: no links.');
      if (loaded.target === 'self' && app.serverInfo?.mode === 'local') notes.push('The local stand-in has no Chatwoot app: links point where a real Chatwoot\'s would.');
      $('#slowest-note').textContent = notes.join(' ');
    }
    if (out.curve) {
      last.curve = out.curve;
      renderCurve($('#sla-curve'), $('#curve-note'), out.curve, view.sla[out.curve.metric]);
    }
    if (out.heatmap) {
      last.heatmap = out.heatmap;
      renderHeatmap($('#heatmap'), out.heatmap);
      const total = out.heatmap.grid.flat().reduce((a, b) => a + b, 0);
      $('#heatmap-note').textContent = `${plural(total, 'event')} by the hour they were written (created_at), ${view.timezone}, weeks from ${view.weekStart === 'monday' ? 'Monday' : 'Sunday'}.`;
    }
  }

  function filterText() {
    const parts = [];
    if (view.inboxId !== null) parts.push(`inbox ${inboxName(view.inboxId)}`);
    if (view.userId !== null) parts.push(`agent ${agentName(view.userId)}`);
    return parts.length ? ` (only ${parts.join(', ')})` : '';
  }

  function renderSla(s) {
    const any = Object.values(view.sla).some(Boolean);
    $('#sla-note').textContent = any
      ? `Targets from Settings, ${view.businessHours ? 'in business hours' : 'wall-clock'}; each card lists the conversations that missed it.`
      : 'No targets set: choose Settings… to set first response, resolution and reply targets and see the share met here and per agent and inbox.';
    renderSlaCards($('#sla-cards'), s, view.sla, { period: periodOf(app.shown.length), previousCoverage: null, timezone: view.timezone, onPick: pick });
  }

  /** Says when the window or the one before it is only partly covered by data. */
  function renderCoverage(previous, current, period) {
    const box = $('#coverage-note');
    const parts = [];
    if (app.loaded.source === 'account' && app.loaded.complete === false) {
      const left = (app.loaded.pending ?? []).reduce((n, r) => n + (r.until - r.since), 0) / DAY;
      parts.push(`Still loading, newest first: ${plural(Math.ceil(left), 'day')} of events to come; the figures grow as they arrive.`);
    }
    if (app.loaded.source === 'account' && current) {
      parts.push(`The account has no events before ${date(current.from, view.timezone)}: only ${Math.round(current.share * 100)} % of this range has data.`);
    } else if (app.loaded.source === 'account' && previous) {
      parts.push(previous.share === 0
        ? `No events in the ${period} before: no trend arrows.`
        : `The ${period} before are only partly covered (data from ${date(previous.from, view.timezone)}, ${Math.round(previous.share * 100)} %): trend arrows are marked "partial".`);
    }
    box.textContent = parts.join(' ');
    box.hidden = parts.length === 0;
  }

  /** With business hours: which inboxes have working hours off (their values are all 0). */
  function renderHoursOff(s) {
    const off = (app.loaded.names?.inboxes ?? []).filter((i) => i.hoursOff);
    const note = $('#hours-off-note');
    const row = $('#exclude-off-row');
    row.hidden = !view.businessHours || off.length === 0;
    if (!view.businessHours || !off.length) {
      note.hidden = true;
      return;
    }
    const present = off.filter((i) => s.byInbox.some((g) => g.inboxId === i.id));
    const names = off.map((i) => i.name || `Inbox #${i.id}`).join(', ');
    note.textContent = view.excludeHoursOff
      ? `Left out: ${names} (working hours off in Chatwoot, so every business-hours value there is 0).`
      : `${names} ${off.length === 1 ? 'has' : 'have'} working hours off in Chatwoot: every business-hours value there is 0, which pulls medians toward 0 Sec${present.length ? '' : ' (no events in this range)'}. "Leave out inboxes with working hours off" excludes ${off.length === 1 ? 'it' : 'them'}.`;
    note.hidden = false;
  }

  return {
    refresh, render, viewArgs, agentName, inboxName, chart, drill, last,
    /** Drops the figures (a new connection is being loaded). */
    clear() {
      for (const k of Object.keys(last)) last[k] = null;
    },
  };
}

export { ALL_PARTS };
