// Charts: the time series (uPlot, vendored into www/vendor/ by the build) and the
// first-response distribution (plain HTML bars, readable without a canvas). The chart's
// data is also published on the container (data-buckets, …) and as a table for screen
// readers and keyboard users.
import uPlot from '../vendor/uPlot.esm.js';
import { h, replace } from './dom.js';
import { count, date, dateTime, duration, durationCompact, percent } from './format.js';

// Round durations for the y axis: 1 min … 30 days.
const DURATION_INCRS = [1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 14400, 21600, 43200,
  86400, 172800, 259200, 604800, 1209600, 2592000];
const COLORS = { line: '#1d5fbf', fill: 'rgba(29, 95, 191, 0.14)', axis: '#3d4652', grid: '#e3e7ec' };

/**
 * Time-axis labels in the chosen zone, day before month ("26 Aug"), 24-hour clock: uPlot's
 * default is the US order, which reads 8/9 as August the 9th.
 */
function timeAxisValues(timeZone) {
  const f = (o) => new Intl.DateTimeFormat('en-GB', { timeZone, ...o });
  const hm = f({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const dm = f({ day: 'numeric', month: 'short' });
  const my = f({ month: 'short', year: 'numeric' });
  return (_u, splits, _axis, _space, incr) => splits.map((ts, i) => {
    if (ts === null) return '';
    const d = new Date(ts * 1000);
    if (incr < 86400) {
      const day = dm.format(d);
      return i === 0 || day !== dm.format(new Date(splits[i - 1] * 1000)) ? `${hm.format(d)}\n${day}` : hm.format(d);
    }
    if (incr < 28 * 86400) return dm.format(d);
    return my.format(d);
  });
}

/**
 * The time-series chart in `container` (a <figure> holding .chart-plot, figcaption and a
 * <details> data table). `update(series, meta)` redraws it: series from the worker's
 * 'view' ({timestamps, values, counts, groupBy, timezone, …}), meta {label, kind:
 * 'duration'|'count'}.
 */
export function createTrendChart(container) {
  const plot = container.querySelector('.chart-plot');
  const caption = container.querySelector('figcaption');
  const tableBox = container.querySelector('.chart-table');
  let chart = null;
  let lastArgs = null;

  const size = () => {
    const width = Math.max(260, Math.floor(plot.clientWidth || container.clientWidth || 600));
    return { width, height: width < 560 ? 220 : 280 };
  };

  function draw(series, meta) {
    chart?.destroy();
    chart = null;
    replace(plot);
    const n = series.timestamps.length;
    const tz = series.timezone;
    const fmt = meta.kind === 'duration' ? duration : count;
    const opts = {
      ...size(),
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), tz),
      scales: {
        x: { time: true },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
      },
      axes: [
        { stroke: COLORS.axis, grid: { stroke: COLORS.grid, width: 1 }, ticks: { stroke: COLORS.grid }, values: timeAxisValues(tz), space: 60 },
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
      cursor: { drag: { x: false, y: false } },
    };
    // An average over no events is not 0 s (Chatwoot draws it so): leave those buckets blank.
    const values = meta.kind === 'duration' ? series.values.map((v, i) => (series.counts[i] === 0 ? null : v)) : series.values;
    chart = new uPlot(opts, [series.timestamps, values], plot);
  }

  function describe(series, meta) {
    const n = series.timestamps.length;
    const fmt = meta.kind === 'duration' ? duration : count;
    const tz = series.timezone;
    const when = (ts) => (series.groupBy === 'hour' ? dateTime(ts, tz) : date(ts, tz));
    let text = `${meta.label} by ${series.groupBy}, ${count(n)} ${n === 1 ? 'bucket' : 'buckets'}, time zone ${tz}${series.businessHours ? ', business hours' : ''}.`;
    if (meta.kind === 'duration' && series.counts.some((c) => c === 0)) text += ' Buckets without events are left blank.';
    if (n > 0) {
      let hi = 0;
      for (let i = 1; i < n; i++) if (series.values[i] > series.values[hi]) hi = i;
      text += ` Highest: ${fmt(series.values[hi])} (${when(series.timestamps[hi])}).`;
    }
    caption.textContent = text;
    // The numbers behind the chart; built only when opened (hourly series are long).
    const details = tableBox.closest('details');
    const build = () => {
      const rows = series.timestamps.map((ts, i) => h('tr', {},
        h('th', { attrs: { scope: 'row' }, text: when(ts) }),
        h('td', { class: 'num', text: meta.kind === 'duration' && series.counts[i] === 0 ? '—' : fmt(series.values[i]) }),
        ...(series.counts.some((c) => c !== null) ? [h('td', { class: 'num', text: count(series.counts[i]) })] : [])));
      replace(tableBox, h('div', { class: 'table-wrap', attrs: { tabindex: '0', role: 'region', 'aria-label': 'Chart data' } },
        h('table', {},
          h('thead', {}, h('tr', {},
            h('th', { attrs: { scope: 'col' }, text: series.groupBy === 'hour' ? 'Hour starting' : `${series.groupBy[0].toUpperCase()}${series.groupBy.slice(1)} starting` }),
            h('th', { attrs: { scope: 'col' }, class: 'num', text: meta.label }),
            ...(series.counts.some((c) => c !== null) ? [h('th', { attrs: { scope: 'col' }, class: 'num', text: 'Events' })] : []))),
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
      lastArgs = [series, meta];
      Object.assign(container.dataset, {
        buckets: String(series.timestamps.length), groupBy: series.groupBy, timezone: series.timezone,
        businessHours: String(series.businessHours), metric: series.metric,
      });
      describe(series, meta);
      draw(series, meta);
    },
    redraw() {
      if (lastArgs) draw(...lastArgs);
    },
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

/** The first-response distribution as labelled horizontal bars with counts and shares. */
export function renderDistribution(list, distribution) {
  const total = BUCKETS.reduce((s, [k]) => s + (distribution?.[k] ?? 0), 0);
  const max = Math.max(1, ...BUCKETS.map(([k]) => distribution?.[k] ?? 0));
  replace(list, BUCKETS.map(([key, label]) => {
    const n = distribution?.[key] ?? 0;
    const fill = h('span', { class: 'dist-fill' });
    fill.style.width = `${(100 * n) / max}%`; // CSSOM, allowed under style-src 'self'
    return h('li', { data: { bucket: key, count: String(n) } },
      h('span', { class: 'dist-label', text: label }),
      h('span', { class: 'dist-bar', attrs: { 'aria-hidden': 'true' } }, fill),
      h('span', { class: 'dist-value', text: `${count(n)} (${percent(total ? n / total : null)})` }));
  }));
}
