// A cache of account-wide reporting events that survives reloads: IndexedDB, in browsers
// and Web Workers. It holds, per Chatwoot (base URL) and account (and filters, when a
// request has them), the events and the time ranges they cover, so a request fetches only
// what the cache lacks. Written for `client.accountEvents({ cache })` (API.md, Additions),
// and usable directly by a dashboard that wants figures before the fetch ends.
//
// What is stored: base URL, account id, filters, time ranges, and each event's JSON as the
// server sent it. Never the access token (the client keeps it in wasm memory; this module
// never sees it).
//
// Freshness: Chatwoot writes reporting events from background jobs, so a row can appear a
// little after the moment its created_at says. The newest `settleSeconds` (default 15 min)
// of what a fetch covered are therefore read again by the next request that asks for
// anything newer; a request for an already covered range in the past asks for nothing.
//
// Storage: one record per fetched span ("chunk": its events' JSON, ids and times), chunks of
// one scope never overlapping in time: a fresher span replaces the part of older chunks it
// covers, so each id is kept once and a re-read event replaces the old copy. A span is
// written as soon as it arrives, so closing the tab loses nothing already fetched.
import { parseEvents } from './api.js'; // api.js loads this module on first use (openEventCache, accountEvents({ cache }))
import { scopeKey } from './cache-scope.js';
import { ReportingError } from './reporting-error.js';

export { scopeKey };

const DB_VERSION = 1;
const CHUNKS = 'chunks';
const SCOPES = 'scopes';
/** Default seconds of a fetch's newest edge that are read again later (rows land late). */
export const SETTLE_SECONDS = 900;
/** Spans a gap is cut into for fetching: at most this long, so each is stored on arrival. */
const SPAN_SECONDS = 7 * 86400;
/** Chunks smaller than this are merged into a neighbour instead of staying on their own. */
const SMALL_CHUNK = 500;

// ------------------------------------------------------------------ IndexedDB basics --

/** An IDBRequest as a promise. */
function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * The chunks of `scope` overlapping [since, until), ascending. Chunks never overlap each
 * other, so walking back from `until` can stop at the first one that ends by `since`:
 * older chunks (the rest of the account's history) are never read.
 */
function overlapping(store, scope, since, until) {
  return new Promise((resolve, reject) => {
    const out = [];
    const request = store.openCursor(IDBKeyRange.bound([scope, -Infinity], [scope, until], false, true), 'prev');
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor || cursor.value.until <= since) {
        resolve(out.reverse());
        return;
      }
      out.push(cursor.value);
      cursor.continue();
    };
    request.onerror = () => reject(request.error);
  });
}

/** The chunk of `scope` just before `at` (the one with the greatest since < at), or undefined. */
function chunkBefore(store, scope, at) {
  return new Promise((resolve, reject) => {
    const request = store.openCursor(IDBKeyRange.bound([scope, -Infinity], [scope, at], false, true), 'prev');
    request.onsuccess = () => resolve(request.result?.value);
    request.onerror = () => reject(request.error);
  });
}

/** Resolves when a transaction has committed (so its writes survive a closed tab). */
function committed(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
    tx.onerror = () => reject(tx.error);
  });
}

/** A failure of IndexedDB itself (quota, private mode, a blocked upgrade) as a ReportingError. */
function storageError(err, what) {
  if (err instanceof ReportingError) return err;
  const why = err?.name === 'QuotaExceededError' ? 'the browser\'s storage quota is full' : (err?.message || err?.name || String(err));
  return new ReportingError('invalid_argument', `The event cache could not ${what}: ${why}.`, { cause: err });
}

// ------------------------------------------------------------------- ranges (seconds) --

/**
 * Covered intervals `{since, until, fetchedAt}` merged: sorted, non-overlapping, adjacent
 * ones joined. `fetchedAt` is kept from the interval that provides the end (it decides how
 * much of the newest edge is still unsettled).
 */
export function mergeIntervals(list) {
  const sorted = list.filter((r) => r.until > r.since).sort((a, b) => a.since - b.since);
  const out = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.since <= last.until) {
      if (r.until > last.until || (r.until === last.until && r.fetchedAt > last.fetchedAt)) {
        last.until = r.until;
        last.fetchedAt = r.fetchedAt;
      }
    } else out.push({ since: r.since, until: r.until, fetchedAt: r.fetchedAt });
  }
  return out;
}

/**
 * The parts of [since, until) a request must fetch, newest first: what no interval covers,
 * plus, where the request reaches past an interval's end, that interval's unsettled tail
 * (the last `settle` seconds before the moment it was fetched).
 */
export function missingRanges(intervals, since, until, settle = SETTLE_SECONDS) {
  const gaps = [];
  let cursor = since;
  for (const r of mergeIntervals(intervals)) {
    if (r.until <= since || r.since >= until) continue;
    if (r.since > cursor) gaps.push({ since: cursor, until: r.since });
    if (r.until < until) {
      // Newer data is asked for: re-read the part of this interval that may still gain rows.
      const tail = Math.max(r.since, since, r.fetchedAt - settle);
      if (tail < r.until) gaps.push({ since: tail, until: r.until });
    }
    cursor = Math.max(cursor, r.until);
  }
  if (cursor < until) gaps.push({ since: cursor, until });
  const merged = [];
  for (const g of gaps.sort((a, b) => a.since - b.since)) {
    const last = merged.at(-1);
    if (last && g.since <= last.until) last.until = Math.max(last.until, g.until);
    else merged.push({ ...g });
  }
  return merged.reverse();
}

/** Cuts ranges into spans of at most `length` seconds, newest first. */
export function splitSpans(ranges, length = SPAN_SECONDS) {
  const out = [];
  for (const r of ranges) {
    for (let u = r.until; u > r.since; u -= length) out.push({ since: Math.max(r.since, u - length), until: u });
  }
  return out;
}

// ------------------------------------------------------------------------- the cache --

/** Epoch seconds of an event object's created_at. */
const createdAt = (e) => Date.parse(e.created_at) / 1000;

/**
 * Opens (or creates) the cache.
 * @param {{name?: string, settleSeconds?: number, indexedDB?: IDBFactory}} [options]
 *   name: the IndexedDB database (default 'chatwoot-reporting'); settleSeconds: how much of
 *   a fetch's newest edge the next newer request reads again (default 900).
 * @returns {Promise<EventCache>}
 */
export async function openEventCache(options = {}) {
  const { name = 'chatwoot-reporting', settleSeconds = SETTLE_SECONDS } = options ?? {};
  const factory = options?.indexedDB ?? globalThis.indexedDB;
  if (!factory) {
    throw new ReportingError('invalid_argument', 'openEventCache() needs IndexedDB, which browsers and Web Workers have and Node does not.');
  }
  if (typeof name !== 'string' || !name) throw new ReportingError('invalid_argument', 'The cache\'s name must be a non-empty string.');
  let db;
  try {
    const request = factory.open(name, DB_VERSION);
    request.onupgradeneeded = () => {
      const d = request.result;
      if (!d.objectStoreNames.contains(CHUNKS)) d.createObjectStore(CHUNKS, { keyPath: ['scope', 'since'] });
      if (!d.objectStoreNames.contains(SCOPES)) d.createObjectStore(SCOPES, { keyPath: 'scope' });
    };
    request.onblocked = () => {};
    db = await done(request);
  } catch (err) {
    throw storageError(err, 'be opened');
  }
  // Another tab upgrading the database (a newer version of this package) asks us to let go.
  db.onversionchange = () => db.close();
  return new EventCache(db, settleSeconds);
}

/** Events per scope with the time ranges they cover. Made by {@link openEventCache}. */
export class EventCache {
  /** @param {IDBDatabase} db */
  constructor(db, settleSeconds) {
    this._db = db;
    this.settleSeconds = settleSeconds;
  }

  /** The covered intervals of a scope: [{since, until, fetchedAt}] (epoch seconds), ascending. */
  async coverage(scope) {
    try {
      const tx = this._db.transaction(SCOPES, 'readonly');
      const rec = await done(tx.objectStore(SCOPES).get(scope));
      return rec?.covered ? mergeIntervals(rec.covered) : [];
    } catch (err) {
      throw storageError(err, 'be read');
    }
  }

  /** What a request for [since, until) must still fetch, newest first. */
  async missing(scope, since, until) {
    return missingRanges(await this.coverage(scope), since, until, this.settleSeconds);
  }

  /**
   * Stores the events fetched for [since, until) at `fetchedAt` (epoch seconds, default now):
   * they replace whatever the cache held for that span, and the span counts as covered.
   * Resolves once written to disk.
   * @param {string} scope  from {@link scopeKey}
   * @param {EventSet | object[]} events  ascending created_at, as accountEvents returns them
   */
  async put(scope, since, until, events, { fetchedAt = Date.now() / 1000, info } = {}) {
    const list = Array.isArray(events) ? events : events.toArray();
    const fresh = { scope, since, until, ids: [], times: [], events: [] };
    for (const e of list) {
      const t = createdAt(e);
      if (t < since || t >= until) continue; // outside what was asked: not ours to keep
      fresh.ids.push(e.id);
      fresh.times.push(t);
      fresh.events.push(JSON.stringify(e));
    }
    try {
      const tx = this._db.transaction([CHUNKS, SCOPES], 'readwrite');
      const chunks = tx.objectStore(CHUNKS);
      const scopes = tx.objectStore(SCOPES);
      // Chunks overlapping [since, until) lose that part: the fresh span replaces it.
      for (const c of await overlapping(chunks, scope, since, until)) {
        await done(chunks.delete([scope, c.since]));
        for (const piece of [cut(c, c.since, since), cut(c, until, c.until)]) {
          if (piece) await done(chunks.put(piece));
        }
      }
      await this._insertMerged(chunks, scope, fresh);
      const rec = (await done(scopes.get(scope))) ?? { scope, covered: [] };
      rec.covered = mergeIntervals([...rec.covered, { since, until, fetchedAt }]);
      rec.updatedAt = Date.now() / 1000;
      if (info) rec.info = info;
      await done(scopes.put(rec));
      await committed(tx);
    } catch (err) {
      throw storageError(err, 'store the events');
    }
  }

  /** Puts `fresh`, joined with a touching neighbour when either is small (few records, fast reads). */
  async _insertMerged(chunks, scope, fresh) {
    let chunk = fresh;
    const before = await chunkBefore(chunks, scope, chunk.since);
    if (before && before.until === chunk.since && (before.ids.length < SMALL_CHUNK || chunk.ids.length < SMALL_CHUNK)) {
      await done(chunks.delete([scope, before.since]));
      chunk = join(before, chunk);
    }
    const after = await done(chunks.get([scope, chunk.until]));
    if (after && (after.ids.length < SMALL_CHUNK || chunk.ids.length < SMALL_CHUNK)) {
      await done(chunks.delete([scope, after.since]));
      chunk = join(chunk, after);
    }
    await done(chunks.put(chunk));
  }

  /**
   * The cached events of [since, until) as one JSON body (an array, ascending created_at,
   * each id once) and their count. Parse it with `parseEvents`.
   */
  async read(scope, since, until) {
    let list;
    try {
      const tx = this._db.transaction(CHUNKS, 'readonly');
      list = await overlapping(tx.objectStore(CHUNKS), scope, since, until);
    } catch (err) {
      throw storageError(err, 'be read');
    }
    const parts = [];
    const seen = new Set();
    for (const c of list) {
      for (let i = 0; i < c.ids.length; i++) {
        const t = c.times[i];
        if (t < since || t >= until || seen.has(c.ids[i])) continue;
        seen.add(c.ids[i]);
        parts.push(c.events[i]);
      }
    }
    return { body: `[${parts.join(',')}]`, count: parts.length };
  }

  /** Everything a scope holds: its record (coverage, info) and event count; null if none. */
  async describe(scope) {
    try {
      const tx = this._db.transaction([SCOPES, CHUNKS], 'readonly');
      const rec = await done(tx.objectStore(SCOPES).get(scope));
      if (!rec) return null;
      const range = IDBKeyRange.bound([scope, -Infinity], [scope, Infinity]);
      const chunks = await done(tx.objectStore(CHUNKS).getAll(range));
      return { ...rec, covered: mergeIntervals(rec.covered), events: chunks.reduce((n, c) => n + c.ids.length, 0), chunks: chunks.length };
    } catch (err) {
      throw storageError(err, 'be read');
    }
  }

  /**
   * Keeps small facts about a scope beside its events (merged into its `info`), e.g. a
   * dashboard's inbox and agent names, so a reload can show them before any request.
   */
  async note(scope, info) {
    try {
      const tx = this._db.transaction(SCOPES, 'readwrite');
      const store = tx.objectStore(SCOPES);
      const rec = (await done(store.get(scope))) ?? { scope, covered: [] };
      rec.info = { ...(rec.info ?? {}), ...info };
      await done(store.put(rec));
      await committed(tx);
    } catch (err) {
      throw storageError(err, 'store the note');
    }
  }

  /** Forgets one scope (its events and ranges). */
  async forget(scope) {
    try {
      const tx = this._db.transaction([CHUNKS, SCOPES], 'readwrite');
      tx.objectStore(CHUNKS).delete(IDBKeyRange.bound([scope, -Infinity], [scope, Infinity]));
      tx.objectStore(SCOPES).delete(scope);
      await committed(tx);
    } catch (err) {
      throw storageError(err, 'be cleared');
    }
  }

  /** Forgets everything the cache holds. */
  async clear() {
    try {
      const tx = this._db.transaction([CHUNKS, SCOPES], 'readwrite');
      tx.objectStore(CHUNKS).clear();
      tx.objectStore(SCOPES).clear();
      await committed(tx);
    } catch (err) {
      throw storageError(err, 'be cleared');
    }
  }

  /** Closes the database; the cache cannot be used afterwards. */
  close() {
    this._db.close();
  }
}

/** The part of chunk `c` in [from, to), or null when empty. */
function cut(c, from, to) {
  if (to <= from) return null;
  const out = { scope: c.scope, since: from, until: to, ids: [], times: [], events: [] };
  for (let i = 0; i < c.ids.length; i++) {
    if (c.times[i] >= from && c.times[i] < to) {
      out.ids.push(c.ids[i]);
      out.times.push(c.times[i]);
      out.events.push(c.events[i]);
    }
  }
  return out;
}

/** Two touching chunks (a before b) as one. */
function join(a, b) {
  return {
    scope: a.scope, since: a.since, until: b.until,
    ids: a.ids.concat(b.ids), times: a.times.concat(b.times), events: a.events.concat(b.events),
  };
}

// ---------------------------------------------------- client.accountEvents({ cache }) --

/**
 * `client.accountEvents({ ..., cache })`: serves what the cache holds for [since, until) and
 * fetches only the rest with `plain` (the client's own accountEvents), newest span first,
 * storing each span as it arrives. Same events as without the cache, ascending created_at,
 * each id once. A request without `until` ends now; without `since`, at the epoch.
 * @param {object} client  a ReportingClient (its toJSON() names the scope)
 * @param {(opts: object) => Promise<object>} plain  the uncached accountEvents, bound to client
 * @param {object} opts  accountEvents' options with `cache`
 */
export async function cachedAccountEvents(client, plain, opts) {
  const { cache, since = 0, until = Math.ceil(Date.now() / 1000), onProgress, signal, mode, inboxId, userId, name, ...rest } = opts;
  if (!(cache instanceof EventCache)) throw new ReportingError('invalid_argument', 'The option `cache` must come from openEventCache().');
  if (!Number.isFinite(since) || !Number.isFinite(until)) throw new ReportingError('invalid_argument', 'since and until are epoch seconds.');
  const filters = { inboxId, userId, name };
  const scope = scopeKey(client.toJSON(), filters);
  const spans = splitSpans(await cache.missing(scope, Math.floor(since), Math.floor(until)));
  const pages = new Map(); // span index → [done, total]
  const report = () => {
    if (!onProgress) return;
    let d = 0;
    let t = 0;
    for (const [a, b] of pages.values()) { d += a; t += b; }
    onProgress(d, t);
  };
  // Two spans at a time: while one waits for its first page (which says how many follow),
  // the other's pages keep the connection busy. A failure stops both (what was stored stays).
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (next < spans.length && !failed) {
      const k = next++;
      const span = spans[k];
      const fetchedAt = Date.now() / 1000;
      let set;
      try {
        set = await plain({
          ...rest, since: span.since, until: span.until, signal, mode, inboxId, userId, name,
          onProgress: (d, t) => { pages.set(k, [d, t]); report(); },
        });
      } catch (err) {
        failed = true;
        throw err;
      }
      try {
        await cache.put(scope, span.since, span.until, set, { fetchedAt, info: { ...client.toJSON(), ...filters } });
      } finally {
        set.free?.();
      }
    }
  };
  await Promise.all([lane(), lane()]);
  const { body } = await cache.read(scope, Math.floor(since), Math.floor(until));
  return parseEvents(body, mode ? { mode } : undefined);
}
