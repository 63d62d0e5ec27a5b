// The dashboard's Web Worker: fetching, parsing and every summary run here, so the page
// stays responsive on 100 000 events. It keeps the loaded EventSet in its own wasm memory
// and answers with plain objects (structured-cloneable): summary, series points, rows,
// issues, CSV text.
//
// Protocol (worker-client.js is the other side):
//   page → worker  {id, op, args}          op: 'load' | 'view' | 'csv' | 'clear'
//                  {op: 'cancel', target}  aborts the load whose id is `target`
//   worker → page  {id, progress: {done, total, phase}}   any number, while loading
//                  {id, ok: true, result}                  exactly one answer per id…
//                  {id, ok: false, error: {code, message, status?, displayId?}}  …or this
// The access token arrives in a 'load' message, is handed to ReportingClient and to the
// inboxes request, and is never stored past the load nor put in any answer.
import {
  init, parseEvents, summarize, timeseries, conversationRows, conversationsCsv,
  ReportingClient, ReportingError,
} from '../../pkg/web.js';
import { compareHours } from './hours-compute.js';

const ready = init();

/** The loaded data: {set, source, coverage, displayOf, failed, issues, inboxes, extent}. */
let data = null;
/** AbortControllers of the loads in flight, by message id. */
const inFlight = new Map();

self.onmessage = (event) => {
  const msg = event.data;
  if (msg?.op === 'cancel') {
    inFlight.get(msg.target)?.abort();
    return;
  }
  handle(msg);
};

async function handle({ id, op, args }) {
  try {
    await ready;
    const fn = OPS[op];
    if (!fn) throw new ReportingError('invalid_argument', `The worker has no operation "${op}".`);
    const result = await fn(args ?? {}, id);
    self.postMessage({ id, ok: true, result });
  } catch (err) {
    self.postMessage({ id, ok: false, error: plainError(err) });
  }
}

/** A ReportingError (or anything else thrown) as a plain, cloneable object. */
function plainError(err) {
  if (err instanceof ReportingError) {
    const out = { code: err.code, message: err.message };
    if (err.status !== undefined) out.status = err.status;
    if (err.displayId !== undefined) out.displayId = err.displayId;
    if (err.issues) out.issues = err.issues.slice(0, 20);
    return out;
  }
  if (err?.name === 'AbortError') return { code: 'aborted', message: 'The request was aborted.' };
  return { code: 'internal', message: `The dashboard's worker failed: ${err?.message ?? err}` };
}

const OPS = {
  /**
   * Fetches (or parses) a new data set and keeps it, replacing the previous one only on
   * success. args: {source: 'account'|'conversations'|'file', baseUrl, accountId, token,
   * since, until (the fetch window, epoch seconds), displayIds?: number[], body?: ArrayBuffer,
   * timeoutMs?, retries?, concurrency?}. Answers what was loaded (no events).
   */
  async load(args, id) {
    const controller = new AbortController();
    inFlight.set(id, controller);
    const { signal } = controller;
    const progress = (done, total, phase) => self.postMessage({ id, progress: { done, total, phase } });
    try {
      let loaded;
      if (args.source === 'file') loaded = loadFile(args.body, progress);
      else loaded = await loadRemote(args, signal, progress);
      if (signal.aborted) throw new ReportingError('aborted', 'The request was aborted.');
      data?.set.free();
      data = loaded;
      return describe(data);
    } finally {
      inFlight.delete(id);
    }
  },

  /**
   * Computes what the page shows for one window and view. args: {since, until,
   * businessHours, timezone, groupBy, metric, stat, weekStart, rowsSortBy, rowsOrder,
   * rowsLimit, parts?: ['summary', 'series', 'rows']} (default: all three).
   */
  view(args) {
    const d = need();
    const parts = new Set(args.parts ?? ['summary', 'series', 'rows']);
    const out = {};
    const t0 = performance.now();
    if (parts.has('summary')) {
      const options = { since: args.since, until: args.until, businessHours: Boolean(args.businessHours) };
      // With the inboxes' schedules, per-cycle resolution can be measured in business time
      // too (the events alone cannot give it).
      if (options.businessHours && d.schedules?.size) options.workingHours = (inboxId) => d.schedules.get(inboxId) ?? null;
      out.summary = summarize(d.set, options);
      out.summary.perCycleBusinessHours = Boolean(options.workingHours);
    }
    if (parts.has('series')) {
      const points = timeseries(d.set, {
        metric: args.metric, groupBy: args.groupBy, timezone: args.timezone, since: args.since, until: args.until,
        businessHours: Boolean(args.businessHours), stat: args.stat, weekStart: args.weekStart,
      });
      // Columns, as uPlot wants them.
      out.series = {
        metric: args.metric, groupBy: args.groupBy, timezone: args.timezone, stat: args.stat,
        businessHours: Boolean(args.businessHours),
        timestamps: points.map((p) => p.timestamp),
        values: points.map((p) => p.value),
        counts: points.map((p) => p.count ?? null),
      };
    }
    if (parts.has('rows')) {
      withWindow(d, args, (set) => {
        out.rows = conversationRows(set, {
          businessHours: Boolean(args.businessHours), sortBy: args.rowsSortBy, order: args.rowsOrder, limit: args.rowsLimit ?? 25,
        }).map((r) => ({ ...r, displayId: d.displayOf?.get(r.conversationId) ?? null }));
      });
    }
    out.ms = Math.round(performance.now() - t0);
    return out;
  },

  /** One CSV row per conversation with events in [since, until): {csv, rows}. */
  csv(args) {
    const d = need();
    return withWindow(d, args, (set) => {
      const csv = conversationsCsv(set, { businessHours: Boolean(args.businessHours) });
      return { csv, rows: Math.max(0, csv.split('\r\n').filter(Boolean).length - 1) };
    });
  },

  /**
   * Business-hours figures under Chatwoot's stored values and recomputed under an edited
   * schedule (withWorkingHours): args {since, until, hours: WorkingHours, inboxIds: number[]
   * | 'all'}. The edited schedule applies to those inboxes, each other one keeps its
   * Chatwoot schedule. An invalid schedule throws the package's ReportingError.
   */
  hours(args) {
    return compareHours(need(), args);
  },

  /** Forgets the loaded data. */
  clear() {
    data?.set.free();
    data = null;
    return {};
  },
};

function need() {
  if (!data) throw new ReportingError('invalid_argument', 'No events are loaded yet.');
  return data;
}

/** Runs `fn` on the events of [since, until), freeing the filtered copy afterwards. */
function withWindow(d, { since, until }, fn) {
  const set = d.set.filter({ since, until });
  try {
    return fn(set);
  } finally {
    set.free();
  }
}

/** What the page needs to know about the loaded data. */
function describe(d) {
  return {
    source: d.source,
    events: d.set.length,
    coverage: d.coverage,
    extent: d.extent,
    failed: d.failed,
    issues: groupIssues(d.issues),
    issueCount: d.issues.length,
    inboxes: d.inboxes,
    displayIds: d.displayOf !== null,
    requested: d.requested ?? null,
  };
}

/**
 * Issues grouped by severity, code and message, errors first, each with its count and the
 * first few places, so 580 identical warnings (one per page) read as one line.
 */
function groupIssues(issues) {
  const groups = new Map();
  for (const i of issues) {
    const key = `${i.severity}|${i.code}|${i.message}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { severity: i.severity, code: i.code, message: i.message, count: 0, paths: [] }));
    g.count += 1;
    if (g.paths.length < 5) g.paths.push(i.path);
  }
  return [...groups.values()].sort((a, b) => (a.severity === b.severity ? b.count - a.count : a.severity === 'error' ? -1 : 1));
}

/** First and last created_at (epoch seconds) of a set, or null when it is empty. */
function extentOf(set) {
  if (set.length === 0) return null;
  // The set is sorted by created_at; reading only the two ends keeps this cheap.
  const all = set.toArray();
  const t = (e) => Date.parse(e.created_at) / 1000;
  let first = Infinity;
  let last = -Infinity;
  for (const e of all) {
    const v = t(e);
    if (v < first) first = v;
    if (v > last) last = v;
  }
  return { first, last };
}

/** A JSON file: a bare array (as the conversation endpoint answers) or one account page. */
function loadFile(body, progress) {
  if (!(body instanceof ArrayBuffer)) throw new ReportingError('invalid_argument', 'No file was given.');
  progress(0, 1, 'parsing');
  let bytes = new Uint8Array(body);
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)) i++;
  if (bytes[i] === 0x7b /* { */) {
    // {"payload": [...]} as the account-wide endpoint answers: unwrap it.
    let value;
    try {
      value = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new ReportingError('invalid_data', 'The file is not valid JSON.');
    }
    if (!Array.isArray(value?.payload)) {
      throw new ReportingError('invalid_data', 'The file holds a JSON object without a "payload" array: expected Chatwoot reporting events.');
    }
    bytes = new TextEncoder().encode(JSON.stringify(value.payload));
  }
  const set = parseEvents(bytes, { mode: 'lenient' });
  progress(1, 1, 'parsing');
  return {
    set, source: 'file', coverage: null, displayOf: null, failed: [], issues: set.issues,
    inboxes: null, schedules: new Map(), extent: extentOf(set),
  };
}

/** Fetches from Chatwoot (or the stand-in) with the package's ReportingClient. */
async function loadRemote(args, signal, progress) {
  const client = new ReportingClient({
    baseUrl: args.baseUrl, accountId: args.accountId, apiAccessToken: args.token,
    timeoutMs: args.timeoutMs, retries: args.retries, concurrency: args.concurrency,
  });
  try {
    let loaded;
    if (args.source === 'account') {
      progress(0, 0, 'pages');
      const set = await client.accountEvents({
        since: args.since, until: args.until, signal, mode: 'lenient',
        onProgress: (done, total) => progress(done, total, 'pages'),
      });
      loaded = {
        set, source: 'account', coverage: { since: args.since, until: args.until }, displayOf: null,
        failed: [], issues: set.issues,
      };
    } else if (args.source === 'conversations') {
      loaded = await loadConversations(client, args, signal, progress);
    } else {
      throw new ReportingError('invalid_argument', `Unknown source "${args.source}".`);
    }
    loaded.extent = extentOf(loaded.set);
    const inboxes = await fetchInboxes(client, signal);
    loaded.inboxes = inboxes?.map(({ id, name, channelType, workingHours }) => ({ id, name, channelType, timezone: workingHours?.timezone ?? null, workingHours })) ?? null;
    loaded.schedules = new Map((inboxes ?? []).filter((i) => i.workingHours).map((i) => [i.id, i.workingHours]));
    return loaded;
  } finally {
    client.free();
  }
}

/** Codes after which the other conversations would fail the same way: stop asking. */
const FATAL = new Set(['unauthorized', 'forbidden', 'network', 'invalid_argument', 'rate_limited']);

/**
 * The events of many conversations by display id. Like client.conversationsEvents, but one
 * request per id by hand, so each conversation's internal id can be mapped back to the
 * display id Chatwoot's URLs use. Every id ends up loaded or in `failed`.
 */
async function loadConversations(client, args, signal, progress) {
  let ids = args.displayIds;
  if (!ids) ids = await standinDisplayIds(args.baseUrl, signal);
  ids = [...new Set(ids)];
  const total = ids.length;
  const sets = [];
  const issues = [];
  const failed = [];
  const displayOf = new Map();
  let done = 0;
  let next = 0;
  let fatal = null;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  progress(0, total, 'conversations');
  async function lane() {
    while (next < ids.length && !fatal && !signal.aborted) {
      const displayId = ids[next++];
      try {
        const set = await client.conversationEvents(displayId, { signal: stop.signal, mode: 'lenient' });
        if (set.length > 0) {
          const first = set.toArray()[0];
          if (first.conversation_id !== null) displayOf.set(first.conversation_id, displayId);
        }
        for (const i of set.issues) issues.push({ ...i, path: `conversation ${displayId} ${i.path}`.trim() });
        sets.push(set);
      } catch (err) {
        if (err?.code === 'aborted') break;
        if (FATAL.has(err?.code) && !fatal) {
          fatal = err;
          stop.abort();
          break;
        }
        failed.push({ displayId, code: err?.code ?? 'internal', message: String(err?.message ?? err) });
        // Ten failures and not one success (a Community server's 404s, a wrong account):
        // the rest would fail the same way.
        if (failed.length >= 10 && sets.length === 0 && !fatal) {
          fatal = err;
          stop.abort();
          break;
        }
      }
      done += 1;
      progress(done, total, 'conversations');
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(args.concurrency ?? 6, total)) }, lane));
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (signal.aborted) {
    for (const s of sets) s.free();
    throw new ReportingError('aborted', 'The request was aborted.');
  }
  if (fatal) {
    for (const s of sets) s.free();
    throw fatal;
  }
  if (total > 0 && failed.length === total) {
    for (const s of sets) s.free();
    const f = failed[0];
    throw new ReportingError(f.code, f.message, { displayId: f.displayId });
  }
  let set;
  if (sets.length === 0) set = parseEvents('[]');
  else {
    set = sets[0].concat(...sets.slice(1));
    for (const s of sets) s.free();
  }
  return {
    set, source: 'conversations', coverage: { since: -Infinity, until: Infinity }, displayOf, failed, issues,
    requested: total,
  };
}

/**
 * The display ids the local stand-in knows (its helper route, not Chatwoot's API). Used
 * only when no ids were given; a real Chatwoot has no such list.
 */
async function standinDisplayIds(baseUrl, signal) {
  let res;
  try {
    res = await fetch(new URL('/__standin/conversations', baseUrl), { signal, redirect: 'error' });
  } catch (err) {
    if (signal.aborted) throw new ReportingError('aborted', 'The request was aborted.');
    throw new ReportingError('network', 'The list of conversations could not be fetched: give the display ids to load.', { cause: err });
  }
  const body = res.ok ? await res.json().catch(() => null) : null;
  if (!Array.isArray(body?.displayIds)) {
    throw new ReportingError('invalid_argument', 'This server has no list of conversations (only the local stand-in has one): give the display ids to load.');
  }
  return body.displayIds;
}

/**
 * The account's inboxes (names for the per-inbox table, schedules for business time), from
 * ReportingClient.inboxes. Optional: any failure gives null and the table shows ids.
 */
async function fetchInboxes(client, signal) {
  try {
    return await client.inboxes({ signal });
  } catch {
    return null;
  }
}
