// (In the worker.) What the page shows for one window and view, from the loaded EventSet:
// the summary (with SLA shares overall, per agent and per inbox), the time series, the
// slowest conversations, the SLA curve, the hour-of-week heatmap, and the conversations
// behind any one number (drill-down). Answers are plain objects.
import * as pkg from '../../pkg/web.js';
import { hourOfWeekJs, slaCurveJs, SLA_LADDER } from './fallbacks.js';

const { summarize, timeseries, conversationRows } = pkg;

/** Event names behind each series metric (what a chart bucket counts or averages). */
export const METRIC_EVENTS = {
  avg_first_response_time: ['first_response'],
  avg_resolution_time: ['conversation_resolved'],
  reply_time: ['reply_time'],
  resolutions_count: ['conversation_resolved'],
  bot_resolutions_count: ['conversation_bot_resolved'],
  bot_handoffs_count: ['conversation_bot_handoff'],
};

/** First-response distribution buckets: half-open ranges of the raw value, as summarize. */
export const DISTRIBUTION = { '0-1h': [0, 3600], '1-4h': [3600, 14400], '4-8h': [14400, 28800], '8-24h': [28800, 86400], '24h+': [86400, Infinity] };

/**
 * The events the view looks at: the loaded set narrowed by the inbox and agent filters and,
 * with business hours, without the inboxes whose working hours are off (when asked). Runs
 * `fn(set)` and frees what it made.
 */
export function withScope(d, args, fn) {
  const f = {};
  const inboxId = args.filters?.inboxId ?? null;
  const userId = args.filters?.userId ?? null;
  if (inboxId !== null) f.inboxIds = [inboxId];
  if (userId !== null) f.userIds = [userId];
  if (args.businessHours && args.excludeHoursOff) {
    const off = new Set((d.names?.inboxes ?? []).filter((i) => i.hoursOff).map((i) => i.id));
    if (off.size) {
      const all = inboxIdsOf(d);
      f.inboxIds = (f.inboxIds ?? all).filter((id) => !off.has(id));
    }
  }
  if (!Object.keys(f).length) return fn(d.set);
  const set = d.set.filter(f);
  try {
    return fn(set);
  } finally {
    set.free();
  }
}

/** Every inbox id present in the loaded data (and null when an event has none). */
function inboxIdsOf(d) {
  if (!d.inboxIdList) {
    const ids = new Set();
    for (const e of d.set.toArray()) ids.add(e.inbox_id);
    d.inboxIdList = [...ids];
  }
  return d.inboxIdList;
}

/** Runs fn on [since, until) of `set`, freeing the copy. */
export function withWindow(set, { since, until }, fn) {
  const w = set.filter({ since, until });
  try {
    return fn(w);
  } finally {
    w.free();
  }
}

const slaOf = (sla) => {
  if (!sla) return undefined;
  const out = {};
  for (const k of ['firstResponse', 'resolution', 'replyTime']) if (Number.isFinite(sla[k]) && sla[k] > 0) out[k] = sla[k];
  return Object.keys(out).length ? out : undefined;
};

/** The page's view: args {since, until, businessHours, timezone, groupBy, metric, stat, weekStart, parts, filters, excludeHoursOff, sla, curveMetric, heatmapName, rows…}. */
export function computeView(d, args) {
  const parts = new Set(args.parts ?? ['summary', 'series', 'rows']);
  const out = {};
  const t0 = performance.now();
  const sla = slaOf(args.sla);
  withScope(d, args, (base) => {
    if (parts.has('summary')) {
      const options = { since: args.since, until: args.until, businessHours: Boolean(args.businessHours) };
      if (sla) options.sla = sla;
      // With the inboxes' schedules, per-cycle resolution can be measured in business time too.
      if (options.businessHours && d.schedules?.size) options.workingHours = (inboxId) => d.schedules.get(inboxId) ?? null;
      out.summary = summarize(base, options);
      out.summary.perCycleBusinessHours = Boolean(options.workingHours);
      if (sla) withWindow(base, args, (w) => groupSla(w, out.summary, sla, options.businessHours));
    }
    if (parts.has('series')) {
      // A statistic applies to the average metrics only (the package refuses it for counts).
      const average = ['avg_first_response_time', 'avg_resolution_time', 'reply_time'].includes(args.metric);
      const points = timeseries(base, {
        metric: args.metric, groupBy: args.groupBy, timezone: args.timezone, since: args.since, until: args.until,
        businessHours: Boolean(args.businessHours), weekStart: args.weekStart ?? 'sunday', ...(average ? { stat: args.stat } : {}),
      });
      out.series = {
        metric: args.metric, groupBy: args.groupBy, timezone: args.timezone, stat: args.stat, weekStart: args.weekStart ?? 'sunday',
        businessHours: Boolean(args.businessHours), since: args.since, until: args.until,
        timestamps: points.map((p) => p.timestamp), values: points.map((p) => p.value), counts: points.map((p) => p.count ?? null),
      };
    }
    if (parts.has('rows') || parts.has('curve') || parts.has('heatmap')) {
      withWindow(base, args, (w) => {
        if (parts.has('rows')) out.rows = rowsOf(d, w, args, args.rowsLimit ?? 25);
        if (parts.has('curve')) out.curve = curve(w, args);
        if (parts.has('heatmap')) out.heatmap = heatmap(w, args);
      });
    }
  });
  out.ms = Math.round(performance.now() - t0);
  return out;
}

/** SLA shares per agent and per inbox, written onto the summary's groups as `sla`. */
function groupSla(windowSet, summary, sla, businessHours) {
  for (const [list, key, filterKey] of [[summary.byAgent, 'userId', 'userIds'], [summary.byInbox, 'inboxId', 'inboxIds']]) {
    for (const g of list) {
      const one = windowSet.filter({ [filterKey]: [g[key]] });
      try {
        g.sla = summarize(one, { businessHours, sla }).sla ?? null;
      } finally {
        one.free();
      }
    }
  }
}

/** Conversation rows with the display id where known. */
export function rowsOf(d, set, args, limit) {
  return conversationRows(set, {
    businessHours: Boolean(args.businessHours), sortBy: args.rowsSortBy ?? 'resolutionTime', order: args.rowsOrder ?? 'desc',
    ...(limit ? { limit } : {}),
  }).map((r) => ({ ...r, displayId: d.displayOf?.get(r.conversationId) ?? null }));
}

/** The share met at each threshold of a ladder (the package's slaCurve where it has one). */
function curve(w, args) {
  const metric = args.curveMetric ?? 'firstResponse';
  const businessHours = Boolean(args.businessHours);
  // The ladder, plus the user's own target for this figure so its share is read off exactly.
  const target = args.sla?.[metric];
  const thresholds = [...new Set([...SLA_LADDER, ...(Number.isFinite(target) && target > 0 ? [target] : [])])].sort((a, b) => a - b);
  const points = typeof pkg.slaCurve === 'function'
    ? pkg.slaCurve(w, { metric, businessHours, thresholds })
    : slaCurveJs(w.toArray(), { metric, businessHours, thresholds });
  return { metric, businessHours, points, source: typeof pkg.slaCurve === 'function' ? 'package' : 'page' };
}

/** Events by hour of week in the chosen zone (the package's hourOfWeek where it has one). */
function heatmap(w, args) {
  const opts = { timezone: args.timezone, weekStart: args.weekStart ?? 'sunday' };
  if (args.heatmapName) opts.name = args.heatmapName;
  const grid = typeof pkg.hourOfWeek === 'function' ? pkg.hourOfWeek(w, opts) : hourOfWeekJs(w.toArray(), opts);
  return { ...opts, name: args.heatmapName ?? '', grid, source: typeof pkg.hourOfWeek === 'function' ? 'package' : 'page' };
}

/**
 * The conversations behind one number. spec.kind:
 *   'bucket' {metric, start, end}  a chart bucket: conversations with that metric's event in it
 *   'distribution' {bucket}         first responses in that distribution bucket (wall-clock)
 *   'agent' {userId} | 'inbox' {inboxId}   conversations with an event of that agent / inbox
 *   'kpi' {key}                     the conversations a key figure counts or measures
 *   'sla' {metric, threshold}       conversations whose value missed the threshold
 * Answers {rows (slowest first, at most `limit`), total, title}.
 */
export function drill(d, args) {
  const spec = args.spec ?? {};
  return withScope(d, args, (base) => withWindow(base, args, (w) => {
    let ids = null; // internal conversation ids, or null for "every row matching `keep`"
    let keep = () => true;
    let sortBy = 'resolutionTime';
    let title = '';
    const idsOf = (f) => {
      const s = w.filter(f);
      try {
        return [...new Set(s.toArray().map((e) => e.conversation_id).filter((x) => x !== null))];
      } finally {
        s.free();
      }
    };
    const values = (names) => {
      const s = w.filter({ names });
      try {
        return s.toArray();
      } finally {
        s.free();
      }
    };
    switch (spec.kind) {
      case 'bucket': {
        const names = METRIC_EVENTS[spec.metric] ?? [];
        ids = idsOf({ names, since: Math.max(spec.start, args.since), until: Math.min(spec.end, args.until) });
        sortBy = sortFor(names[0]);
        break;
      }
      case 'distribution': {
        const [lo, hi] = DISTRIBUTION[spec.bucket] ?? [0, 0];
        ids = [...new Set(values(['first_response']).filter((e) => e.value >= lo && e.value < hi).map((e) => e.conversation_id))];
        sortBy = 'firstResponse';
        break;
      }
      case 'agent':
        ids = idsOf({ userIds: [spec.userId ?? null] });
        break;
      case 'inbox':
        ids = idsOf({ inboxIds: [spec.inboxId ?? null] });
        break;
      case 'sla': {
        const name = { firstResponse: 'first_response', resolution: 'conversation_resolved', replyTime: 'reply_time' }[spec.metric];
        const v = (e) => (args.businessHours ? e.value_in_business_hours : e.value);
        ids = [...new Set(values([name]).filter((e) => v(e) !== null && v(e) > spec.threshold).map((e) => e.conversation_id))];
        sortBy = sortFor(name);
        title = 'missed';
        break;
      }
      case 'kpi':
      default: {
        const k = spec.key;
        const rules = {
          firstResponse: [(r) => r.firstResponse !== null, 'firstResponse'],
          resolution: [(r) => r.resolutions > 0, 'resolutionTime'],
          resolutionPerCycle: [(r) => r.resolutions > 0, 'resolutionTime'],
          replyTime: [(r) => r.replies > 0, 'replyTimeMax'],
          resolutionsCount: [(r) => r.resolutions > 0, 'resolutionTime'],
          reopensCount: [(r) => r.reopens > 0, 'reopens'],
          botHandoffsCount: [(r) => r.botHandoff, 'resolutionTime'],
          conversations: [() => true, 'resolutionTime'],
          requesterWait: [(r) => r.firstResponse !== null || r.replies > 0, 'replyTimeMax'],
          firstResolution: [(r) => r.resolutions > 0, 'resolutionTime'],
          fullResolution: [(r) => r.resolutions > 0, 'resolutionTime'],
          oneTouch: [(r) => r.resolutions > 0 && r.firstResponse !== null && r.replies === 0 && r.reopens === 0, 'resolutionTime'],
        };
        [keep, sortBy] = rules[k] ?? rules.conversations;
      }
    }
    let set = w;
    let made = null;
    if (ids) {
      made = w.filter({ conversationIds: ids.length ? ids : [-1] });
      set = made;
    }
    try {
      const all = rowsOf(d, set, { ...args, rowsSortBy: sortBy, rowsOrder: 'desc' }).filter(keep);
      return { rows: all.slice(0, args.limit ?? 200), total: all.length, sortBy, title };
    } finally {
      made?.free();
    }
  }));
}

const sortFor = (name) => ({ first_response: 'firstResponse', reply_time: 'replyTimeMax' }[name] ?? 'resolutionTime');
