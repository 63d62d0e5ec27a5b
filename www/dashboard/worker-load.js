// (In the worker.) Getting events: the account-wide list through the package's event cache
// (cached events first, then only what the cache lacks, newest span first, each span
// stored and shown as it arrives), conversations by display id, or a saved file; and the
// account's inbox and agent names.
import { parseEvents, ReportingClient, ReportingError } from '../../pkg/web.js';
import { openEventCache, scopeKey } from '../../pkg/cache.js';

const DAY = 86400;
/** Span lengths in days, newest first: a short first span so the first figures come quickly. */
const SPAN_DAYS = [1, 3, 7];
/** A span with fewer events than this makes the next ones twice as long (quiet or empty stretches). */
const SPARSE = 100;
/** The longest span, in days. */
const MAX_SPAN_DAYS = 7 * 64;
/** Spans fetched at once: while one waits for its first page, the other's pages run. */
const LANES = 2;
/** Codes after which a span is asked once more before the load gives up. */
const RETRY_ONCE = new Set(['network', 'timeout', 'bad_response', 'server_error']);

let cachePromise = null;
/** The worker's event cache, or null where IndexedDB is unavailable (private modes). */
export function eventCache() {
  cachePromise ??= openEventCache({ name: 'chatwoot-reporting-dashboard' }).catch(() => null);
  return cachePromise;
}

/**
 * Cuts the missing ranges (newest first) into spans as they are asked for: 1, 3, then 7
 * days, and twice as long after each sparse span, so a stretch with no events (before the
 * account existed) costs a few requests, not one a week.
 */
export function spanCutter(ranges) {
  const todo = ranges.map((r) => ({ ...r }));
  let given = 0;
  let scale = 1;
  return {
    /** The next span, or null when all are given. */
    next() {
      const r = todo[0];
      if (!r) return null;
      const days = Math.min(MAX_SPAN_DAYS, SPAN_DAYS[Math.min(given, SPAN_DAYS.length - 1)] * scale);
      const span = { since: Math.max(r.since, r.until - days * DAY), until: r.until };
      r.until = span.since;
      if (r.until <= r.since) todo.shift();
      given += 1;
      return span;
    },
    /** A span came back with `events`: sparse ones widen the next. */
    saw(events) {
      if (events < SPARSE) scale = Math.min(scale * 2, 64);
    },
    /** What is not yet given out. */
    get left() { return todo.map((r) => ({ since: r.since, until: r.until })); },
  };
}

/** A span's extent {first, last} (created_at, epoch seconds) from its event objects. */
function extentOfEvents(list) {
  if (!list.length) return null;
  let first = Infinity;
  let last = -Infinity;
  for (const e of list) {
    const t = Date.parse(e.created_at) / 1000;
    if (t < first) first = t;
    if (t > last) last = t;
  }
  return { first, last };
}

/**
 * The extent of a JSON body in ascending created_at order (as EventCache.read gives), from
 * its first and last created_at alone: no event objects are built.
 */
function extentOfBody(body) {
  const key = '"created_at":"';
  const a = body.indexOf(key);
  const b = body.lastIndexOf(key);
  if (a < 0) return null;
  const at = (i) => Date.parse(body.slice(i + key.length, body.indexOf('"', i + key.length))) / 1000;
  return { first: at(a), last: at(b) };
}

const joinExtent = (a, b) => (!a ? b : !b ? a : { first: Math.min(a.first, b.first), last: Math.max(a.last, b.last) });

/**
 * The account-wide list for [since, until) through the cache. `show(loaded, phase)` is called
 * with the data so far: once with what the cache held (if anything), then after each span.
 * `keep` is the data the worker holds now: when it covers this range for the same account,
 * it is reused instead of reading the cache again (an auto-refresh).
 * Resolves to the complete data; on failure the rejection carries `loaded` (what arrived).
 */
export async function loadAccount(args, { signal, progress, show, keep }) {
  const cache = args.useCache === false ? null : await eventCache();
  const scope = scopeKey({ baseUrl: args.baseUrl, accountId: args.accountId });
  const { since, until } = args;
  const live = {
    set: null, source: 'account', scope, range: { since, until }, coverage: { since, until }, displayOf: null,
    failed: [], issues: [], extent: null, pending: [], cached: 0, requests: 0, cacheAvailable: Boolean(cache),
    // Where the worker's time went (ms), for the closing note's figures and for tuning.
    timing: { names: 0, fetch: 0, store: 0, merge: 0, spans: 0 },
  };
  const t0 = performance.now();

  // 1. What the device already holds.
  const reuse = keep?.scope === scope && keep.range.since <= since && keep.range.until >= until && !keep.pending?.length;
  if (reuse) {
    live.set = keep.set.filter({ since, until });
    live.extent = keep.extent;
    live.names = keep.names;
  } else if (cache) {
    const { body, count } = await cache.read(scope, since, until);
    live.set = parseEvents(body);
    live.cached = count;
    live.extent = extentOfBody(body);
    live.names = (await cache.describe(scope))?.info?.names ?? null;
  } else live.set = parseEvents('[]');
  live.cachedMs = Math.round(performance.now() - t0);

  // 2. What it lacks: only those parts are asked for.
  const missing = cache ? await cache.missing(scope, since, until) : [{ since, until }];
  const cutter = spanCutter(missing);
  const inFlightSpans = new Set();
  const pendingNow = () => [...inFlightSpans].map((x) => ({ since: x.since, until: x.until })).concat(cutter.left);
  live.pending = pendingNow();
  live.complete = missing.length === 0;
  if (live.set.length > 0 || live.complete) show(live, 'cached');
  if (live.complete && live.names) return live;

  const client = new ReportingClient({
    baseUrl: args.baseUrl, accountId: args.accountId, apiAccessToken: args.token,
    timeoutMs: args.timeoutMs, retries: args.retries, concurrency: args.concurrency,
  });
  try {
    // Names first (two small requests), so the first figures already carry them.
    if (!live.names || !live.complete) {
      const tn = performance.now();
      const names = await fetchNames(client, signal);
      live.timing.names = Math.round(performance.now() - tn);
      if (names.inboxes || names.agents || !live.names) live.names = { ...(live.names ?? {}), ...dropNulls(names) };
      live.requests += 2;
      if (cache && (names.inboxes || names.agents)) await cache.note(scope, { names: live.names }).catch(() => {});
    }
    const pages = new Map();
    // Progress in days of the window: what is loaded (cached or fetched) of all of it.
    const days = (until - since) / DAY;
    const daysLeft = () => live.pending.reduce((n, r) => n + (r.until - r.since), 0) / DAY;
    const report = () => {
      let d = 0;
      let t = 0;
      for (const [a, b] of pages.values()) { d += a; t += b; }
      progress(d, t, 'pages', { daysDone: Math.floor(days - daysLeft()), days: Math.round(days) });
    };
    progress(0, 0, 'pages', { daysDone: Math.floor(days - daysLeft()), days: Math.round(days) });
    let failure = null;
    let k = 0;
    const lane = async () => {
      for (let span = cutter.next(); span && !failure && !signal.aborted; span = failure || signal.aborted ? null : cutter.next()) {
        const key = k++;
        inFlightSpans.add(span);
        let set;
        const tf = performance.now();
        for (let attempt = 0; ; attempt++) {
          try {
            const fetchedAt = Date.now() / 1000;
            set = await client.accountEvents({
              since: span.since, until: span.until, signal, mode: 'lenient',
              onProgress: (d, t) => { pages.set(key, [d, t]); report(); },
            });
            span.fetchedAt = fetchedAt;
            break;
          } catch (err) {
            if (signal.aborted || failure) return;
            if (attempt === 0 && RETRY_ONCE.has(err?.code)) {
              await new Promise((r) => setTimeout(r, 800));
              continue;
            }
            failure = err;
            return;
          }
        }
        live.requests += pages.get(key)?.[1] ?? 1;
        const ts = performance.now();
        live.timing.fetch += ts - tf;
        live.timing.spans += 1;
        cutter.saw(set.length);
        const list = set.toArray();
        if (cache) await cache.put(scope, span.since, span.until, list, { fetchedAt: span.fetchedAt }).catch(() => { live.cacheFailed = true; });
        const tm = performance.now();
        live.timing.store += tm - ts;
        // The fresh span first: concat keeps the first copy of an id, so a re-read event wins.
        const merged = set.concat(live.set);
        live.set.free();
        live.issues.push(...set.issues);
        set.free();
        live.set = merged;
        live.extent = joinExtent(live.extent, extentOfEvents(list));
        live.timing.merge += performance.now() - tm;
        inFlightSpans.delete(span);
        live.pending = pendingNow();
        live.complete = live.pending.length === 0;
        show(live, 'span');
      }
    };
    await Promise.all(Array.from({ length: LANES }, lane));
    if (signal.aborted) throw Object.assign(new ReportingError('aborted', 'The request was aborted.'), { loaded: live });
    if (failure) throw Object.assign(failure, { loaded: live });
    return live;
  } finally {
    client.free();
  }
}

/** First and last created_at of a (sorted) set, reading only its two ends. */
export function extentFromSet(set) {
  const n = set.length;
  if (!n) return null;
  const ts = set.toArray();
  return { first: Date.parse(ts[0].created_at) / 1000, last: Date.parse(ts[n - 1].created_at) / 1000 };
}

const dropNulls = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));

/**
 * The account's inboxes (names, schedules) and agents (names). Optional: a failure gives
 * null for that list and the page shows ids.
 */
export async function fetchNames(client, signal) {
  const [inboxes, agents] = await Promise.all([
    client.inboxes({ signal }).catch(() => null),
    typeof client.agents === 'function' ? client.agents({ signal }).catch(() => null) : Promise.resolve(null),
  ]);
  return {
    inboxes: inboxes?.map(({ id, name, channelType, workingHours }) => ({
      id, name, channelType, timezone: workingHours?.timezone ?? null, workingHours,
      // No window on any day: Chatwoot stores 0 business seconds for every event of this inbox.
      hoursOff: Boolean(workingHours) && Object.values(workingHours.weekly ?? {}).every((w) => !w?.length),
    })) ?? null,
    agents: Array.isArray(agents) ? agents.map((a) => ({ id: a.id, name: a.name || a.available_name || `Agent #${a.id}`, role: a.role ?? null, email: a.email ?? null })) : null,
  };
}

/** A JSON file: a bare array (as the conversation endpoint answers) or one account page. */
export function loadFile(body, progress) {
  if (!(body instanceof ArrayBuffer)) throw new ReportingError('invalid_argument', 'No file was given.');
  progress(0, 1, 'parsing');
  let bytes = new Uint8Array(body);
  let i = 0;
  while (i < bytes.length && [0x20, 0x0a, 0x0d, 0x09, 0xef, 0xbb, 0xbf].includes(bytes[i])) i++;
  if (bytes[i] === 0x7b /* { */) {
    // {"payload": [...]} as the account-wide endpoint answers: unwrap it. Its pages are
    // newest first, so the events are put in ascending order first: an account page is
    // not "unsorted" data, it is Chatwoot's order for that endpoint.
    let value;
    try {
      value = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new ReportingError('invalid_data', 'The file is not valid JSON.');
    }
    if (!Array.isArray(value?.payload)) {
      throw new ReportingError('invalid_data', 'The file holds a JSON object without a "payload" array: expected Chatwoot reporting events.');
    }
    const at = (e) => (typeof e?.created_at === 'string' ? Date.parse(e.created_at) : NaN);
    const sorted = [...value.payload].sort((a, b) => (at(a) - at(b)) || ((a?.id ?? 0) - (b?.id ?? 0)));
    bytes = new TextEncoder().encode(JSON.stringify(sorted));
  }
  const set = parseEvents(bytes, { mode: 'lenient' });
  progress(1, 1, 'parsing');
  return {
    set, source: 'file', coverage: null, displayOf: null, failed: [], issues: set.issues,
    names: { inboxes: null, agents: null }, extent: extentFromSet(set), complete: true, pending: [],
  };
}

/** Codes after which the other conversations would fail the same way: stop asking. */
const FATAL = new Set(['unauthorized', 'forbidden', 'network', 'invalid_argument', 'rate_limited']);

/**
 * The events of many conversations by display id: one request per id, so each
 * conversation's internal id can be mapped back to the display id Chatwoot's URLs use.
 * Every id ends up loaded or in `failed`.
 */
export async function loadConversations(args, signal, progress) {
  const client = new ReportingClient({
    baseUrl: args.baseUrl, accountId: args.accountId, apiAccessToken: args.token,
    timeoutMs: args.timeoutMs, retries: args.retries, concurrency: args.concurrency,
  });
  try {
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
    const lane = async () => {
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
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, Math.min(args.concurrency ?? 6, total)) }, lane));
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    const freeAll = () => { for (const s of sets) s.free(); };
    if (signal.aborted) {
      freeAll();
      throw new ReportingError('aborted', 'The request was aborted.');
    }
    if (fatal) {
      freeAll();
      throw fatal;
    }
    if (total > 0 && failed.length === total) {
      freeAll();
      const f = failed[0];
      throw new ReportingError(f.code, f.message, { displayId: f.displayId });
    }
    let set;
    if (sets.length === 0) set = parseEvents('[]');
    else {
      set = sets[0].concat(...sets.slice(1));
      freeAll();
    }
    const names = await fetchNames(client, signal);
    return {
      set, source: 'conversations', coverage: { since: -Infinity, until: Infinity }, displayOf, failed, issues,
      requested: total, names, extent: extentFromSet(set), complete: true, pending: [],
    };
  } finally {
    client.free();
  }
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
