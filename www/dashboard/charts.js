// Charts: the time series (uPlot, vendored into www/vendor/ by the build) and the
// first-response distribution (plain HTML bars, readable without a canvas). The chart's
// data is also published on the container (data-buckets, …) and as a table for screen
// readers and keyboard users. Dragging across the chart zooms; a click on a bucket (or a
// row of the table, or a bar) asks for the conversations behind it.
import uPlot from '../vendor/uPlot.esm.js';
import { h, replace } from './dom.js';
import { count, date, dateTime, duration, durationCompact, percent, plural } from './format.js';

// Round durations for the y axis: 1 min … 30 days.
const DURATION_INCRS = [1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 14400, 21600, 43200,
  86400, 172800, 259200, 604800, 1209600, 2592000];
const COLORS = { line: '#1d5fbf', fill: 'rgba(29, 95, 191, 0.14)', axis: '#3d4652', grid: '#e3e7ec' };
/** Minimum pixels between two labelled ticks on the time axis. */
const TICK_SPACE = 64;

/**
 * Time-axis labels in the chosen zone, day before month ("26 Aug"), 24-hour clock: uPlot's
 * default is the US order, which reads 8/9 as August the 9th.
 */
function timeAxisValues(timeZone, groupBy) {
  const f = (o) => new Intl.DateTimeFormat('en-GB', { timeZone, ...o });
  const hm = f({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const dm = f({ day: 'numeric', month: 'short' });
  const my = f({ month: 'short', year: 'numeric' });
  const y = f({ year: 'numeric' });
  return (_u, splits, _axis, _space, incr) => splits.map((ts, i) => {
    if (ts === null) return '';
    const d = new Date(ts * 1000);
    if (groupBy === 'year') return y.format(d);
    if (groupBy === 'month') return my.format(d);
    if (groupBy === 'week') return dm.format(d);
    if (incr < 86400) {
      const day = dm.format(d);
      return i === 0 || day !== dm.format(new Date(splits[i - 1] * 1000)) ? `${hm.format(d)}\n${day}` : hm.format(d);
    }
    if (incr < 28 * 86400) return dm.format(d);
    return my.format(d);
  });
}

/**
 * Ticks on the buckets themselves for week, month and year groupings (uPlot's own ticks
 * fall on round day counts, which drift off the weeks' starts), thinned to fit.
 */
function bucketSplits(timestamps) {
  return (u, _axisIdx, min, max) => {
    const inView = timestamps.filter((t) => t >= min && t <= max);
    if (inView.length < 2) return inView;
    const px = (u.bbox.width / devicePixelRatio) / inView.length;
    const step = Math.max(1, Math.ceil(TICK_SPACE / Math.max(1, px)));
    return inView.filter((_t, i) => i % step === 0);
  };
}

/** An average over no events is not 0 s (Chatwoot draws it so): those buckets are left blank. */
const plotted = (series, meta) => (meta.kind === 'duration' ? series.values.map((v, i) => (series.counts[i] === 0 ? null : v)) : series.values);

/** The start and end of bucket i (the next bucket's start, or the window's end). */
export function bucketBounds(series, i) {
  return { start: series.timestamps[i], end: series.timestamps[i + 1] ?? series.until };
}

/**
 * The time-series chart in `container` (a <figure> holding .chart-plot, figcaption and a
 * <details> data table). `update(series, meta)` redraws it: series from the worker's
 * 'view' ({timestamps, values, counts, groupBy, timezone, …}), meta {label, kind:
 * 'duration'|'count'}. `onPick(i)` is called with a bucket's index; `onZoom(zoomed)` when
 * the x range changes.
 */
export function createTrendChart(container, { onPick = () => {}, onZoom = () => {} } = {}) {
  const plot = container.querySelector('.chart-plot');
  const caption = container.querySelector('figcaption');
  const tableBox = container.querySelector('.chart-table');
  let chart = null;
  let lastArgs = null;
  let zoomed = false;

  const size = () => {
    const width = Math.max(260, Math.floor(plot.clientWidth || container.clientWidth || 600));
    return { width, height: width < 560 ? 220 : 280 };
  };

  function setZoomed(z) {
    if (z === zoomed) return;
    zoomed = z;
    container.dataset.zoomed = String(z);
    onZoom(z);
  }

  function draw(series, meta) {
    chart?.destroy();
    chart = null;
    setZoomed(false);
    replace(plot);
    const n = series.timestamps.length;
    const tz = series.timezone;
    const fmt = meta.kind === 'duration' ? duration : count;
    const calendar = ['week', 'month', 'year'].includes(series.groupBy);
    let down = null;
    const opts = {
      ...size(),
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), tz),
      scales: {
        x: { time: true },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
      },
      axes: [
        {
          stroke: COLORS.axis, grid: { stroke: COLORS.grid, width: 1 }, ticks: { stroke: COLORS.grid },
          values: timeAxisValues(tz, series.groupBy), space: TICK_SPACE,
          ...(calendar ? { splits: bucketSplits(series.timestamps) } : {}),
        },
        {
          stroke: COLORS.axis, grid: { stroke: COLORS.grid, width: 1 }, ticks: { stroke: COLORS.grid }, size: 64,
          ...(meta.kind === 'duration' ? { incrs: DURATION_INCRS } : {}),
          values: (_u, splits) => splits.map((v) => (meta.kind === 'duration' ? durationCompact(v) : count(v))),
        },
      ],
      series: [
        {
          label: `${series.groupBy[0].toUpperCase()}${series.groupBy.slice(1)}`,
          value: (_u, ts) => (ts === null ? '—' : (series.groupBy === 'hour' ? dateTime(ts, tz) : date(ts, tz))),
        },
        {
          label: meta.label, stroke: COLORS.line, width: 2, fill: COLORS.fill,
          points: { show: n <= 120, size: 5 },
          value: (_u, v) => (v === null || v === undefined ? '—' : fmt(v)),
          ...(meta.kind === 'count' ? { paths: uPlot.paths.bars({ size: [0.8, 48] }), points: { show: false } } : {}),
        },
      ],
      legend: { show: true, live: true },
      // Drag across to zoom on x; a double click (or the button) shows the whole range.
      cursor: { drag: { x: true, y: false, setScale: true } },
      hooks: {
        setScale: [(u, key) => {
          if (key !== 'x' || !n) return;
          const { min, max } = u.scales.x;
          setZoomed(min > series.timestamps[0] + 1 || max < series.timestamps[n - 1] - 1);
        }],
        ready: [(u) => {
          u.over.addEventListener('mousedown', (e) => { down = [e.clientX, e.clientY]; });
          u.over.addEventListener('click', (e) => {
            const still = down && Math.abs(e.clientX - down[0]) < 4 && Math.abs(e.clientY - down[1]) < 4;
            down = null;
            const i = u.cursor.idx;
            if (still && i !== null && i !== undefined) onPick(i);
          });
        }],
      },
    };
    chart = new uPlot(opts, [series.timestamps, plotted(series, meta)], plot);
    plot.style.cursor = 'crosshair';
  }

  function describe(series, meta) {
    const n = series.timestamps.length;
    const fmt = meta.kind === 'duration' ? duration : count;
    const tz = series.timezone;
    const when = (ts) => (series.groupBy === 'hour' ? dateTime(ts, tz) : date(ts, tz));
    let text = `${meta.label} by ${series.groupBy}, ${plural(n, 'bucket')}, time zone ${tz}${series.businessHours ? ', business hours' : ''}`
      + `${series.groupBy === 'week' ? `, weeks from ${series.weekStart === 'monday' ? 'Monday' : 'Sunday'}` : ''}.`;
    if (meta.kind === 'duration' && series.counts.some((c) => c === 0)) text += ' Buckets without events are left blank.';
    if (n > 0) {
      let hi = 0;
      for (let i = 1; i < n; i++) if (series.values[i] > series.values[hi]) hi = i;
      text += ` Highest: ${fmt(series.values[hi])} (${when(series.timestamps[hi])}).`;
    }
    caption.textContent = text;
    // The numbers behind the chart; built only when opened (hourly series are long).
    const details = tableBox.closest('details');
    const withCounts = series.counts.some((c) => c !== null);
    const build = () => {
      const rows = series.timestamps.map((ts, i) => h('tr', {},
        h('th', { attrs: { scope: 'row' } }, h('button', {
          type: 'button', class: 'link-button', text: when(ts), data: { bucket: String(i) },
          attrs: { 'aria-label': `${when(ts)}: show its conversations` }, on: { click: () => onPick(i) },
        })),
        h('td', { class: 'num', text: meta.kind === 'duration' && series.counts[i] === 0 ? '—' : fmt(series.values[i]) }),
        ...(withCounts ? [h('td', { class: 'num', text: count(series.counts[i]) })] : [])));
      replace(tableBox, h('div', { class: 'table-wrap', attrs: { tabindex: '0', role: 'region', 'aria-label': 'Chart data' } },
        h('table', {},
          h('thead', {}, h('tr', {},
            h('th', { attrs: { scope: 'col' }, text: series.groupBy === 'hour' ? 'Hour starting' : `${series.groupBy[0].toUpperCase()}${series.groupBy.slice(1)} starting` }),
            h('th', { attrs: { scope: 'col' }, class: 'num', text: meta.label }),
            ...(withCounts ? [h('th', { attrs: { scope: 'col' }, class: 'num', text: 'Events' })] : []))),
          h('tbody', {}, rows))));
    };
    replace(tableBox);
    details.ontoggle = () => { if (details.open && !tableBox.firstChild) build(); };
    if (details.open) build();
  }

  const observer = new ResizeObserver(() => {
    if (chart) chart.setSize(size());
  });
  observer.observe(container);

  return {
    update(series, meta) {
      const before = lastArgs;
      lastArgs = [series, meta];
      Object.assign(container.dataset, {
        buckets: String(series.timestamps.length), groupBy: series.groupBy, timezone: series.timezone,
        businessHours: String(series.businessHours), metric: series.metric, weekStart: series.weekStart,
      });
      describe(series, meta);
      // The same buckets with new values (more events arrived): redraw in place, keeping any
      // zoom, rather than rebuilding the chart (no flicker while pages arrive).
      const [s0, m0] = before ?? [];
      const sameShape = chart && s0 && ['groupBy', 'timezone', 'metric', 'stat', 'businessHours', 'weekStart'].every((k) => s0[k] === series[k])
        && m0.kind === meta.kind && s0.timestamps.length === series.timestamps.length && s0.timestamps[0] === series.timestamps[0];
      if (sameShape) chart.setData([series.timestamps, plotted(series, meta)], !zoomed);
      else draw(series, meta);
    },
    redraw() {
      if (lastArgs) draw(...lastArgs);
    },
    /** Zooms the x axis to [min, max] (epoch seconds), as a drag does. */
    zoom(min, max) {
      chart?.setScale('x', { min, max });
    },
    /** Shows the whole range again. */
    resetZoom() {
      if (!chart || !lastArgs) return;
      const ts = lastArgs[0].timestamps;
      if (ts.length) chart.setScale('x', { min: ts[0], max: ts[ts.length - 1] });
    },
    get zoomed() { return zoomed; },
    /** Where bucket i is drawn, in page coordinates (for tests that click it). */
    pointAt(i) {
      if (!chart || !lastArgs) return null;
      const r = chart.over.getBoundingClientRect();
      const v = lastArgs[0].values[i] ?? 0;
      return { x: r.left + chart.valToPos(lastArgs[0].timestamps[i], 'x'), y: r.top + chart.valToPos(v, 'y') };
    },
    /** The plotting area in page coordinates. */
    get area() {
      if (!chart) return null;
      const r = chart.over.getBoundingClientRect();
      return { left: r.left, top: r.top, width: r.width, height: r.height };
    },
    /** The time-axis ticks drawn (epoch seconds), for tests. */
    get ticks() { return chart?.axes?.[0]?._splits ? [...chart.axes[0]._splits] : null; },
    /** The x range shown (epoch seconds), for tests. */
    get xRange() { return chart ? { min: chart.scales.x.min, max: chart.scales.x.max } : null; },
  };
}

const BUCKETS = [
  ['0-1h', 'Under 1 hour'], ['1-4h', '1 to 4 hours'], ['4-8h', '4 to 8 hours'], ['8-24h', '8 to 24 hours'], ['24h+', '24 hours or more'],
];

/** Median and upper percentiles of a Stats object, as a description list. */
export function renderQuantiles(list, stats) {
  const items = [['Median', stats?.median], ['90th percentile', stats?.p90], ['95th percentile', stats?.p95], ['Longest', stats?.max]];
  replace(list, items.map(([label, v]) => h('div', {}, h('dt', { text: label }), h('dd', { text: duration(v) }))));
}

/**
 * The first-response distribution as labelled horizontal bars with counts and shares; each
 * bar is a button asking for its conversations (`onPick(bucketKey)`).
 */
export function renderDistribution(list, distribution, onPick = () => {}) {
  const total = BUCKETS.reduce((s, [k]) => s + (distribution?.[k] ?? 0), 0);
  const max = Math.max(1, ...BUCKETS.map(([k]) => distribution?.[k] ?? 0));
  replace(list, BUCKETS.map(([key, label]) => {
    const n = distribution?.[key] ?? 0;
    const fill = h('span', { class: 'dist-fill' });
    fill.style.width = `${(100 * n) / max}%`; // CSSOM, allowed under style-src 'self'
    return h('li', { data: { bucket: key, count: String(n) } },
      h('button', {
        type: 'button', class: 'dist-button', on: { click: () => onPick(key) },
        attrs: { 'aria-label': `${label}: ${plural(n, 'conversation')} (${percent(total ? n / total : null)}). Show them.` },
      },
      h('span', { class: 'dist-label', text: label }),
      h('span', { class: 'dist-bar', attrs: { 'aria-hidden': 'true' } }, fill),
      h('span', { class: 'dist-value', text: `${count(n)} (${percent(total ? n / total : null)})` })));
  }));
}
