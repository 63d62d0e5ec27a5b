// The package's API surface, shared by every entry point (web.js, node.js). Re-exports the
// wasm-bindgen glue and adds what is simpler in JavaScript.
import {
  EventSet, parseEvents, _summarize, _conversationRows, _conversationsCsv, _timeseries,
  _withWorkingHours,
} from './wasm/chatwoot_reporting.js';
import { ReportingError } from './reporting-error.js';
import { formatDuration } from './wasm/chatwoot_reporting.js';

export { parseEvents, validateEvents, EventSet, formatDuration, ReportingClient } from './wasm/chatwoot_reporting.js';
export { businessSeconds, fromChatwootInbox } from './wasm/chatwoot_reporting.js';
export { ReportingError };

/**
 * `set.concat(...others)`: one new set, sorted by created_at, each id once (the first
 * occurrence in argument order wins). Defined here because a Rust method cannot take a
 * variable number of borrowed EventSets; the inputs stay usable.
 */
EventSet.prototype.concat = function concat(...others) {
  for (const o of others) {
    if (!(o instanceof EventSet)) {
      throw new ReportingError('invalid_argument', 'concat() takes EventSet arguments only.');
    }
  }
  const out = this._copy();
  for (const o of others) out._append(o);
  out._sortDedup();
  return out;
};

/**
 * Runs `fn` on an EventSet: the one given, or one decoded from an array of event objects
 * (validated like a response body, then freed).
 */
function withSet(events, fn) {
  if (events instanceof EventSet) return fn(events);
  if (!Array.isArray(events)) {
    throw new ReportingError('invalid_argument', 'Expected an EventSet or an array of event objects.');
  }
  let json;
  try {
    json = JSON.stringify(events);
  } catch (cause) {
    throw new ReportingError('invalid_argument', 'The array of events could not be serialized as JSON.', { cause });
  }
  const set = parseEvents(json);
  try {
    return fn(set);
  } finally {
    set.free();
  }
}

/**
 * Reads the flat Float64Array the wasm side writes (src/bindings/summary.rs: one array
 * instead of a property set across the boundary per field). NaN there means null.
 */
function reader(a) {
  let i = 0;
  const num = () => a[i++];
  const opt = () => {
    const v = a[i++];
    return Number.isNaN(v) ? null : v;
  };
  const stats = () => ({
    count: num(), sum: num(), mean: opt(), min: opt(), max: opt(),
    median: opt(), p90: opt(), p95: opt(), p99: opt(),
  });
  return { num, opt, stats };
}

function readSummary(r) {
  const { num, opt, stats } = r;
  const breakdown = (o) => {
    o.firstResponse = stats();
    o.resolution = stats();
    o.replyTime = stats();
    o.resolutionsCount = num();
    return o;
  };
  const groups = (key) => {
    const list = new Array(num());
    for (let g = 0; g < list.length; g++) list[g] = breakdown({ [key]: opt() });
    return list;
  };
  const s = breakdown({ events: num(), conversations: num() });
  s.resolutionPerCycle = stats();
  s.resolutionWithoutBot = stats();
  s.botResolutionsCount = num();
  s.botHandoffsCount = num();
  s.reopensCount = num();
  s.firstResponseDistribution = { '0-1h': num(), '1-4h': num(), '4-8h': num(), '8-24h': num(), '24h+': num() };
  s.byAgent = groups('userId');
  s.byInbox = groups('inboxId');
  const mask = num();
  if (mask & 1) {
    s.sla = {};
    for (const [bit, key] of [[2, 'firstResponse'], [4, 'resolution'], [8, 'replyTime']]) {
      if (mask & bit) s.sla[key] = { threshold: num(), met: num(), total: num(), share: opt() };
    }
  }
  if (num() === 1) s.previous = readSummary(r);
  return s;
}

/** Chatwoot's report figures and more; see index.d.ts `Summary`. */
export function summarize(events, options) {
  return withSet(events, (set) => readSummary(reader(_summarize(set, options))));
}

/** One row per conversation, slowest first by default; see index.d.ts `ConversationRow`. */
export function conversationRows(events, options) {
  const { num, opt } = reader(withSet(events, (set) => _conversationRows(set, options)));
  const rows = new Array(num());
  for (let k = 0; k < rows.length; k++) {
    const row = {
      conversationId: opt(), inboxId: opt(), userId: opt(),
      firstEventAt: num(), lastEventAt: num(), events: num(),
      firstResponse: opt(), resolutions: num(), reopens: num(), resolutionTime: opt(),
    };
    const cycles = new Array(num());
    for (let c = 0; c < cycles.length; c++) cycles[c] = opt();
    row.resolutionCycles = cycles;
    row.replies = num();
    row.replyTimeMedian = opt();
    row.replyTimeMax = opt();
    row.botHandoff = num() === 1;
    row.botResolved = num() === 1;
    rows[k] = row;
  }
  return rows;
}

/** The rows of `conversationRows` as RFC 4180 CSV (header, CRLF, seconds). */
export function conversationsCsv(events, options) {
  return withSet(events, (set) => _conversationsCsv(set, options));
}

/**
 * Chatwoot's report time series (bucketed on created_at, every bucket present), with IANA
 * time zones bucketed correctly across DST changes and per-bucket medians/percentiles.
 */
export function timeseries(events, options) {
  return withSet(events, (set) => _timeseries(set, options));
}

/**
 * A new EventSet (also for an array) whose value_in_business_hours is recomputed from each
 * event's start and end under `hoursOrFn`: one WorkingHours for every event, or a function
 * (inboxId) => WorkingHours | null | undefined, called once per inbox (null keeps that
 * inbox's stored values). The input is not changed.
 */
export function withWorkingHours(events, hoursOrFn) {
  return withSet(events, (set) => _withWorkingHours(set, hoursOrFn));
}

const TABLE_ROWS = [
  ['First response', 'firstResponse'],
  ['Resolution', 'resolution'],
  ['Resolution per cycle', 'resolutionPerCycle'],
  ['Resolution without bot', 'resolutionWithoutBot'],
  ['Reply time', 'replyTime'],
];

/**
 * A summary as rows for `console.table`: one row per duration metric with count, mean,
 * median, p90 and p95 formatted as durations, then the counts.
 */
export function summaryTable(summary, style = 'chatwoot') {
  const f = (v) => formatDuration(v, style);
  const rows = {};
  for (const [label, key] of TABLE_ROWS) {
    const s = summary[key];
    rows[label] = { count: s.count, mean: f(s.mean), median: f(s.median), p90: f(s.p90), p95: f(s.p95) };
  }
  for (const [label, key] of [['Resolutions', 'resolutionsCount'], ['Reopens', 'reopensCount'], ['Bot handoffs', 'botHandoffsCount'], ['Bot resolutions', 'botResolutionsCount']]) {
    rows[label] = { count: summary[key] };
  }
  return rows;
}
