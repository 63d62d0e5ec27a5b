// The plain-JavaScript competitor for what comes after parsing: what a dashboard author would
// write without this library, on the objects `JSON.parse` returns.
//
//   summarizeJs(events)            the figures of `summarize` that a dashboard shows, with
//                                  d3-array's mean / quantileSorted (type 7, as API.md)
//   timeseriesJs(events, {timeZone})  avg_first_response_time by local day in an IANA zone:
//                                  Intl.DateTimeFormat for the day boundaries (cached per
//                                  UTC day) and d3.mean per bucket
//   fetchLoop({...})               fetch + JSON.parse of many conversations, N at a time
//   diffSummary(lib, js), diffSeries(lib, js)   the figures that differ (for the one-time
//                                  equality check before timing)
//
// Runs in Node (bare `d3-array` resolves to node_modules) and in the page (an import map
// points it at node_modules/d3-array/dist/d3-array.mjs).
import { mean, quantileSorted, sum } from 'd3-array';

// ---------------------------------------------------------------------------------------
// Summary

const emptyStats = () => ({ count: 0, sum: 0, mean: null, min: null, max: null, median: null, p90: null, p95: null, p99: null });

/** count, sum, mean, min, max and the type-7 quantiles of `values` (sorted once). */
export function stats(values) {
  const n = values.length;
  if (n === 0) return emptyStats();
  const s = Float64Array.from(values).sort(); // typed-array sort is numeric
  return {
    count: n,
    sum: sum(s),
    mean: mean(s),
    min: s[0],
    max: s[n - 1],
    median: quantileSorted(s, 0.5),
    p90: quantileSorted(s, 0.9),
    p95: quantileSorted(s, 0.95),
    p99: quantileSorted(s, 0.99),
  };
}

/** The values of one group (overall, an agent, an inbox) while scanning. */
function collector() {
  return { firstResponse: [], resolution: [], replyTime: [], resolutions: 0 };
}
function breakdown(c) {
  return {
    firstResponse: stats(c.firstResponse),
    resolution: stats(c.resolution),
    replyTime: stats(c.replyTime),
    resolutionsCount: c.resolutions,
  };
}
function groupOf(map, key) {
  let c = map.get(key);
  if (c === undefined) map.set(key, (c = collector()));
  return c;
}
/** Groups ascending by id, the null group last, as `summarize` orders them. */
function groups(map, idKey) {
  const keys = [...map.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b));
  return keys.map((k) => ({ [idKey]: k, ...breakdown(map.get(k)) }));
}

const METRIC = { first_response: 'firstResponse', conversation_resolved: 'resolution', reply_time: 'replyTime' };
const DISTRIBUTION = ['0-1h', '1-4h', '4-8h', '8-24h', '24h+'];

/**
 * The figures of `summarize(events)` (wall clock, no window) that a dashboard shows:
 * events, distinct conversations, first response / resolution / reply time statistics,
 * resolution, bot-resolution, distinct-conversation handoff and reopen counts, the
 * first-response distribution, and the per-agent and per-inbox breakdowns. Not computed:
 * resolutionPerCycle and resolutionWithoutBot (which `summarize` also does). `events`
 * is in the server's order (ascending created_at), which decides what is a reopen.
 */
export function summarizeJs(events) {
  const overall = collector();
  const agents = new Map();
  const inboxes = new Map();
  const conversations = new Set();
  const handoffs = new Set();
  const resolved = new Set(); // conversations with a resolution so far
  const distribution = [0, 0, 0, 0, 0];
  let handoffsWithoutConversation = 0;
  let botResolutions = 0;
  let reopens = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const conv = e.conversation_id;
    if (conv !== null) conversations.add(conv);
    const name = e.name;
    const metric = METRIC[name];
    if (metric !== undefined) {
      const v = e.value;
      const isResolution = name === 'conversation_resolved';
      for (const c of [overall, groupOf(agents, e.user_id), groupOf(inboxes, e.inbox_id)]) {
        c[metric].push(v);
        if (isResolution) c.resolutions++;
      }
      if (name === 'first_response') {
        distribution[v < 3600 ? 0 : v < 14400 ? 1 : v < 28800 ? 2 : v < 86400 ? 3 : 4]++;
      } else if (isResolution && conv !== null) {
        resolved.add(conv);
      }
    } else if (name === 'conversation_bot_resolved') {
      botResolutions++;
    } else if (name === 'conversation_bot_handoff') {
      if (conv !== null) handoffs.add(conv);
      else handoffsWithoutConversation++;
    } else if (name === 'conversation_opened') {
      if (conv !== null && resolved.has(conv)) reopens++;
    }
  }
  return {
    events: events.length,
    conversations: conversations.size,
    ...breakdown(overall),
    botResolutionsCount: botResolutions,
    botHandoffsCount: handoffs.size + handoffsWithoutConversation,
    reopensCount: reopens,
    firstResponseDistribution: Object.fromEntries(DISTRIBUTION.map((k, i) => [k, distribution[i]])),
    byAgent: groups(agents, 'userId'),
    byInbox: groups(inboxes, 'inboxId'),
  };
}

/**
 * Paths where `js` differs from `lib` (exact equality), over every key `js` has: the
 * figures summarizeJs computes. Empty when they agree.
 */
export function diffSummary(lib, js, path = '', out = []) {
  if (js !== null && typeof js === 'object') {
    if (lib === null || typeof lib !== 'object') {
      out.push(`${path || '.'}: library has ${JSON.stringify(lib)}`);
      return out;
    }
    if (Array.isArray(js) && js.length !== lib.length) out.push(`${path}.length: library ${lib.length}, JS ${js.length}`);
    for (const k of Object.keys(js)) diffSummary(lib[k], js[k], Array.isArray(js) ? `${path}[${k}]` : `${path}.${k}`, out);
    return out;
  }
  if (!Object.is(lib, js)) out.push(`${path}: library ${lib}, JS ${js}`);
  return out;
}

// ---------------------------------------------------------------------------------------
// Time series

const HOUR = 3_600_000;
const DAY = 86_400_000;
const formatters = new Map(); // one Intl.DateTimeFormat per zone, as any careful page keeps

function formatter(timeZone) {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local [year, month, day, hour, minute, second] of instant `ms` in the formatter's zone. */
function localFields(f, ms) {
  const p = {};
  for (const { type, value } of f.formatToParts(ms)) p[type] = value;
  return [+p.year, +p.month, +p.day, +p.hour, +p.minute, +p.second];
}

/** Milliseconds east of UTC in force at `ms`. */
function offsetAt(f, ms) {
  const [y, mo, d, h, mi, s] = localFields(f, ms);
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000;
}

/** The instant of local midnight starting y-m-d (d may overflow, as Date.UTC allows). */
function localMidnight(f, y, m, d) {
  const wall = Date.UTC(y, m - 1, d);
  const guess = wall - offsetAt(f, wall);
  return wall - offsetAt(f, guess); // again at the guess: right across an offset change
}

/**
 * `startOf(ms)`: the start of the local day holding `ms`. Each UTC day holds one local
 * midnight, so the two local days it touches are computed once per UTC day and cached.
 */
function localDays(timeZone) {
  const f = formatter(timeZone);
  const cache = new Map(); // UTC day number → [start of the local day at its start, next local midnight]
  return function startOf(ms) {
    const k = Math.floor(ms / DAY);
    let c = cache.get(k);
    if (c === undefined) {
      const [y, m, d] = localFields(f, k * DAY);
      c = [localMidnight(f, y, m, d), localMidnight(f, y, m, d + 1)];
      cache.set(k, c);
    }
    return ms >= c[1] ? c[1] : c[0];
  };
}

/**
 * `timeseries(events, {metric: 'avg_first_response_time', groupBy: 'day', timezone})` in
 * plain JS: first_response values bucketed by the local day of created_at, d3.mean per
 * day, every day from the first to the last event present (empty: value 0, count 0).
 * The range comes from the first and last events (the server sends them ascending).
 */
export function timeseriesJs(events, { timeZone }) {
  const out = [];
  if (events.length === 0) return out;
  const startOf = localDays(timeZone);
  const buckets = new Map(); // local day start (ms) → values
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.name !== 'first_response') continue;
    const day = startOf(Date.parse(e.created_at));
    let values = buckets.get(day);
    if (values === undefined) buckets.set(day, (values = []));
    values.push(e.value);
  }
  const last = Date.parse(events[events.length - 1].created_at);
  // A local day lasts 23 to 25 hours: 30 hours after a day's start is inside the next one.
  for (let day = startOf(Date.parse(events[0].created_at)); day <= last; day = startOf(day + 30 * HOUR)) {
    const values = buckets.get(day);
    out.push(values === undefined
      ? { timestamp: day / 1000, value: 0, count: 0 }
      : { timestamp: day / 1000, value: mean(values), count: values.length });
  }
  return out;
}

/** Buckets where two series differ (timestamp, value or count, exactly). */
export function diffSeries(lib, js) {
  const out = [];
  if (lib.length !== js.length) out.push(`length: library ${lib.length}, JS ${js.length}`);
  for (let i = 0; i < Math.min(lib.length, js.length); i++) {
    for (const k of ['timestamp', 'value', 'count']) {
      if (!Object.is(lib[i][k], js[i][k])) out.push(`[${i}].${k}: library ${lib[i][k]}, JS ${js[i][k]}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Fetching

/**
 * Fetches `ids` from the per-conversation endpoint, `concurrency` requests in flight,
 * each body read as text and `JSON.parse`d (no validation). Returns the number of events;
 * throws on the first non-2xx answer.
 */
export async function fetchLoop({ baseUrl, accountId, token, ids, concurrency, parse = true }) {
  const bodies = new Array(ids.length);
  let next = 0;
  let events = 0;
  const headers = { api_access_token: token };
  async function worker() {
    while (next < ids.length) {
      const k = next++;
      const res = await fetch(`${baseUrl}/api/v1/accounts/${accountId}/conversations/${ids[k]}/reporting_events`, { headers });
      if (!res.ok) throw new Error(`conversation ${ids[k]}: HTTP ${res.status}`);
      if (parse) {
        const list = JSON.parse(await res.text());
        bodies[k] = list;
        events += list.length;
      } else {
        bodies[k] = await res.arrayBuffer();
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return events;
}
