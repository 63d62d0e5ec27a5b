// The dashboard's Web Worker: fetching, caching, parsing and every summary run here, so the
// page stays responsive on 100 000 events. It keeps the loaded EventSet in its own wasm
// memory and answers with plain objects (structured-cloneable).
//
// Protocol (worker-client.js is the other side):
//   page → worker  {id, op, args}          op: load | view | drill | csv | hours | clear | forget
//                  {op: 'cancel', target}  aborts the load whose id is `target`
//   worker → page  {id, progress: {done, total, phase, …}}   any number, while loading
//                  {id, partial: description}                 while loading: the data so far is
//                                                             the worker's data now (cached
//                                                             events first, then each span)
//                  {id, ok: true, result}                     exactly one answer per id…
//                  {id, ok: false, error: {code, message, status?, displayId?, partial?}}  …or this
// The access token arrives in a 'load' message, is handed to ReportingClient, and is never
// stored (not in the cache either) nor put in any answer.
import { init, ReportingError } from '../../pkg/web.js';
import { compareHours } from './hours-compute.js';
import { eventCache, loadAccount, loadConversations, loadFile } from './worker-load.js';
import { computeView, drill } from './worker-view.js';
import { exportCsv } from './worker-csv.js';

const ready = init();

/** The loaded data: {set, source, scope?, range?, coverage, displayOf, failed, issues, names, schedules, extent, pending, complete}. */
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
  let out;
  if (err instanceof ReportingError || (err?.name === 'ReportingError' && err.code)) {
    out = { code: err.code, message: err.message };
    if (err.status !== undefined) out.status = err.status;
    if (err.displayId !== undefined) out.displayId = err.displayId;
    if (err.issues) out.issues = err.issues.slice(0, 20);
  } else if (err?.name === 'AbortError') out = { code: 'aborted', message: 'The request was aborted.' };
  else out = { code: 'internal', message: `The dashboard's worker failed: ${err?.message ?? err}` };
  if (err?.loaded) out.partial = describe(err.loaded);
  return out;
}

/** Makes `loaded` the worker's data (freeing the previous set unless it is the same). */
function adopt(loaded) {
  if (data && data !== loaded && data.set !== loaded.set) data.set.free();
  loaded.schedules = new Map((loaded.names?.inboxes ?? []).filter((i) => i.workingHours).map((i) => [i.id, i.workingHours]));
  loaded.inboxIdList = null;
  data = loaded;
}

const OPS = {
  /**
   * Fetches (or parses) a data set and makes it the worker's. args: {source: 'account' |
   * 'conversations' | 'file', baseUrl, accountId, token, since, until (the fetch window),
   * displayIds?, body?, timeoutMs?, retries?, concurrency?, useCache?}. For the account-wide
   * list the data so far is posted as `partial` messages while the load runs.
   */
  async load(args, id) {
    const controller = new AbortController();
    inFlight.set(id, controller);
    const { signal } = controller;
    const progress = (done, total, phase, extra = {}) => self.postMessage({ id, progress: { done, total, phase, ...extra } });
    try {
      let loaded;
      if (args.source === 'file') loaded = loadFile(args.body, progress);
      else if (args.source === 'conversations') loaded = await loadConversations(args, signal, progress);
      else if (args.source === 'account') {
        const keep = data;
        loaded = await loadAccount(args, {
          signal, progress, keep,
          show: (live) => {
            if (signal.aborted) return;
            adopt(live);
            self.postMessage({ id, partial: describe(live) });
          },
        });
      } else throw new ReportingError('invalid_argument', `Unknown source "${args.source}".`);
      if (signal.aborted) throw new ReportingError('aborted', 'The request was aborted.');
      adopt(loaded);
      return describe(data);
    } finally {
      inFlight.delete(id);
    }
  },

  /** What the page shows for one window and view (see worker-view.js computeView). */
  view(args) {
    return computeView(need(), args);
  },

  /** The conversations behind one number (see worker-view.js drill). */
  drill(args) {
    const d = need();
    const out = drill(d, args);
    return { ...out, displayIds: d.displayOf !== null };
  },

  /** A CSV file of one table or of the series: {csv, rows}. */
  csv(args) {
    return exportCsv(need(), args);
  },

  /**
   * Business-hours figures under Chatwoot's stored values and recomputed under an edited
   * schedule (withWorkingHours): args {since, until, hours: WorkingHours, inboxIds}.
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

  /** Empties the event cache on this device (all accounts). */
  async forget() {
    const cache = await eventCache();
    await cache?.clear();
    return { cleared: Boolean(cache) };
  },
};

function need() {
  if (!data) throw new ReportingError('invalid_argument', 'No events are loaded yet.');
  return data;
}

/** What the page needs to know about the loaded data. */
function describe(d) {
  return {
    source: d.source,
    events: d.set.length,
    range: d.range ?? null,
    coverage: d.coverage,
    extent: d.extent,
    failed: d.failed,
    issues: groupIssues(d.issues),
    issueCount: d.issues.length,
    names: d.names ?? null,
    inboxes: d.names?.inboxes ?? null,
    displayIds: d.displayOf !== null,
    requested: d.requested ?? null,
    complete: d.complete !== false,
    pending: d.pending ?? [],
    cached: d.cached ?? 0,
    cachedMs: d.cachedMs ?? null,
    cacheAvailable: d.cacheAvailable ?? false,
    requests: d.requests ?? null,
    timing: d.timing ? Object.fromEntries(Object.entries(d.timing).map(([k, v]) => [k, Math.round(v)])) : null,
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
