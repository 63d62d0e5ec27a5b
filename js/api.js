// The package's API surface, shared by every entry point (web.js, node.js, single.js).
// Every public function checks or copies its arguments through guard.js before calling
// the wasm-bindgen glue, and lets only ReportingError out.
import * as wasm from './wasm/chatwoot_reporting.js';
import { ReportingError } from './reporting-error.js';
import { toColumns as eventColumns } from './objects.js';
import { scopeKey as cacheScopeKey } from './cache-scope.js';
import {
  asReportingError, body, callback, checkSet, ensureLoaded, guarded, hoursArgs, number, numbers,
  options, plain, signal,
} from './guard.js';

const { EventSet } = wasm;
export { EventSet, ReportingError };

/** `parseEvents(body, options)`: bytes to a validated EventSet; see index.d.ts. */
export function parseEvents(input, opts) {
  ensureLoaded();
  return guarded(() => wasm.parseEvents(bytesOf(body(input)), options(opts, 'The parse options')), 'parseEvents');
}

/** `validateEvents(body, options)`: every Issue; never throws for bad data. */
export function validateEvents(input, opts) {
  ensureLoaded();
  return guarded(() => wasm.validateEvents(bytesOf(body(input)), options(opts, 'The parse options')), 'validateEvents');
}

let utf8;
/**
 * A string body as UTF-8 bytes. The engine's TextEncoder is native code; the glue's own
 * string passing walks the string in JavaScript one character at a time while it is
 * ASCII, which for a 32 MB body took 108 ms against 41 for encode + the bytes path (Node,
 * issue 16). Lone surrogates become U+FFFD either way.
 */
function bytesOf(b) {
  if (typeof b !== 'string') return b;
  utf8 ??= new TextEncoder();
  return utf8.encode(b);
}

/**
 * `parseEventStream(source, options)`: a body decoded chunk by chunk as it arrives, from a
 * `ReadableStream<Uint8Array>` (a fetch response's `body`) or any async iterable of byte
 * chunks; the same EventSet (and the same errors) as `parseEvents` on the whole body,
 * without ever holding it whole. Reading stops early once the body has failed (too large,
 * invalid JSON).
 */
export async function parseEventStream(source, opts) {
  ensureLoaded();
  const o = options(opts, 'The parse options');
  let readable = false;
  let iterable = false;
  try {
    readable = typeof source?.getReader === 'function';
    iterable = !readable && typeof source?.[Symbol.asyncIterator] === 'function';
  } catch {
    // a revoked Proxy: refused below
  }
  if (!readable && !iterable) {
    throw new ReportingError('invalid_argument', 'parseEventStream takes a ReadableStream of bytes (such as response.body) or an async iterable of Uint8Array chunks.');
  }
  const parser = guarded(() => new wasm._StreamParser(o), 'parseEventStream');
  const push = (chunk) => {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : body(chunk);
    parser.push(bytes);
    return parser.failed;
  };
  try {
    if (readable) {
      const reader = guarded(() => source.getReader(), 'parseEventStream');
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done || push(value)) break;
        }
      } finally {
        try {
          await reader.cancel();
        } catch {
          // already closed
        }
      }
    } else {
      for await (const chunk of source) {
        if (push(chunk)) break;
      }
    }
    return parser.finish();
  } catch (e) {
    if (e instanceof ReportingError) throw e;
    throw new ReportingError('network', `The stream of the body failed: ${e instanceof Error ? e.message : 'it threw'}.`, { cause: e });
  } finally {
    parser.free();
  }
}

/**
 * `set.concat(...others)`: one new set, sorted by created_at, each id once (the first
 * occurrence in argument order wins). Defined here because a Rust method cannot take a
 * variable number of borrowed EventSets; the inputs stay usable.
 */
EventSet.prototype.concat = function concat(...others) {
  checkSet(this, 'This EventSet');
  others.forEach((o, i) => checkSet(o, `Argument ${i + 1} of concat()`));
  const out = this._copy();
  for (const o of others) out._append(o);
  out._sortDedup();
  return out;
};

// ---- Columns ------------------------------------------------------------------------------

// The typed-array keys of EventColumns (index.d.ts), in the order the wasm side takes and
// gives them, with the kind each must be.
const COLUMNS = [
  ['name', Uint32Array, 'Uint32Array'],
  ['id', Float64Array, 'Float64Array'],
  ['value', Float64Array, 'Float64Array'],
  ['valueInBusinessHours', Float64Array, 'Float64Array'],
  ['eventStartTime', Float64Array, 'Float64Array'],
  ['eventEndTime', Float64Array, 'Float64Array'],
  ['accountId', Float64Array, 'Float64Array'],
  ['conversationId', Float64Array, 'Float64Array'],
  ['inboxId', Float64Array, 'Float64Array'],
  ['userId', Float64Array, 'Float64Array'],
  ['createdAt', Float64Array, 'Float64Array'],
  ['updatedAt', Float64Array, 'Float64Array'],
];
const COLUMN_KEYS = ['length', 'names', ...COLUMNS.map(([key]) => key)];

// The glue's method is reachable on the prototype: like guard.js does for the others, it
// is replaced by one that checks `this` (a forged pointer must never reach wasm).
const toColumnsParts = EventSet.prototype._toColumns;
EventSet.prototype._toColumns = function () {
  checkSet(this, 'This EventSet');
  return guarded(() => toColumnsParts.call(this), 'EventSet.toColumns()');
};

/**
 * `set.toColumns()`: the events as typed arrays (each over an ArrayBuffer of its own, so
 * transferable to a Worker) and the name table; see index.d.ts `EventColumns`.
 */
EventSet.prototype.toColumns = function toColumns() {
  checkSet(this, 'This EventSet');
  // The original, not `this._toColumns`: an own property of the caller's could shadow it.
  const parts = guarded(() => toColumnsParts.call(this), 'EventSet.toColumns()');
  const out = { length: parts[2].length, names: parts[0] };
  COLUMNS.forEach(([key], i) => {
    out[key] = parts[i + 1];
  });
  return out;
};

// The engine's own readers of a typed array's slots: they ignore own properties and
// subclass getters (a spoofed `length` would make the glue reserve too little wasm memory
// for what it then copies) and return undefined, or throw, for anything else.
const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const slot = (key) => Object.getOwnPropertyDescriptor(typedArrayPrototype, key).get;
const [kindOf, bufferOf, offsetOf, lengthOf] = [Symbol.toStringTag, 'buffer', 'byteOffset', 'length'].map(slot);

/**
 * One column of `EventSet.fromColumns` as a fresh view of the kind `Kind` over the
 * caller's memory (no copy: the glue copies it once into wasm memory), or a
 * ReportingError naming the key.
 */
function column(value, Kind, kindName, key, length) {
  const kind = kindOf.call(value);
  if (kind !== kindName) {
    let found = kind ? `a ${kind}` : `a ${typeof value}`;
    if (value === undefined) found = 'missing';
    else if (value === null) found = 'null';
    else if (!kind && typeof value === 'object') found = 'another kind of object';
    throw new ReportingError('invalid_argument', `The column \`${key}\` must be a ${kindName}; it is ${found}.`);
  }
  let view;
  try {
    view = new Kind(bufferOf.call(value), offsetOf.call(value), lengthOf.call(value));
  } catch {
    throw new ReportingError('invalid_argument', `The column \`${key}\`'s buffer was detached (transferred elsewhere) and can no longer be read.`);
  }
  if (view.length !== length) {
    throw new ReportingError('invalid_argument', `The column \`${key}\` has ${view.length} entries, but \`length\` is ${length}: every column must have \`length\` entries.`);
  }
  return view;
}

/**
 * `EventSet.fromColumns(columns, options)`: a set from columns such as `toColumns()`
 * gives (for instance received from a Worker), validated as a body is; see index.d.ts.
 * Every key is read once, here, before anything reaches wasm.
 */
EventSet.fromColumns = function fromColumns(columns, opts) {
  ensureLoaded();
  if (typeof columns !== 'object' || columns === null) {
    throw new ReportingError('invalid_argument', 'EventSet.fromColumns takes an object of columns such as set.toColumns() returns.');
  }
  const raw = {};
  try {
    for (const key of Object.keys(columns)) {
      if (!COLUMN_KEYS.includes(key)) {
        throw new ReportingError('invalid_argument', `The columns have an unknown key \`${key}\`; the keys are ${COLUMN_KEYS.map((k) => `\`${k}\``).join(', ')}.`);
      }
    }
    for (const key of COLUMN_KEYS) raw[key] = columns[key];
  } catch (e) {
    throw asReportingError(e, 'Reading the columns');
  }
  const { length } = raw;
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new ReportingError('invalid_argument', 'The column `length` must be the number of events (a whole number, 0 or more).');
  }
  const o = options(opts, 'The options of fromColumns');
  // parseEvents' options but maxBytes, which has no meaning for arrays already in memory
  // (the wasm side reads the rest with parseEvents' reader).
  const key = o ? Object.keys(o).find((k) => k !== 'mode' && k !== 'accountId') : undefined;
  if (key !== undefined) {
    throw new ReportingError('invalid_argument', `The options of fromColumns: \`${key}\` is not one of them; they are \`mode\` and \`accountId\`.`);
  }
  const names = plain(raw.names, 'The column `names`');
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
    throw new ReportingError('invalid_argument', 'The column `names` must be an array of strings (the name table: `name` holds indices into it).');
  }
  // The views last, then straight into wasm: no caller code (a getter in the options or
  // the names) runs between their checks and the glue's copy, so none can detach or
  // shrink a buffer in between.
  const views = COLUMNS.map(([k, Kind, kindName]) => column(raw[k], Kind, kindName, k, length));
  return guarded(() => wasm._fromColumns(names, ...views, o), 'EventSet.fromColumns()');
};

/**
 * Runs `fn` on an EventSet: the one given, or one made from an array of event objects
 * (validated like a response body, then freed). Plain, well-typed events go straight into
 * columns (js/objects.js); any other array takes the JSON path, whose decoder reads and
 * words everything a body can hold. Both give the same set, issues and errors.
 */
function withSet(events, fn) {
  ensureLoaded();
  let isArray = false;
  try {
    isArray = Array.isArray(events);
  } catch {
    isArray = false; // a revoked Proxy: refused by checkSet below
  }
  if (!isArray) return guarded(() => fn(checkSet(events)));
  let columns = null;
  try {
    columns = eventColumns(events);
  } catch {
    columns = null; // a getter or Proxy that throws: the JSON path reports it as it always has
  }
  const set = columns ? EventSet.fromColumns(columns) : viaJson(events);
  try {
    return guarded(() => fn(set));
  } finally {
    set.free();
  }
}

/** `events` through JSON text and the decoder. */
function viaJson(events) {
  let json;
  try {
    json = JSON.stringify(events);
  } catch (cause) {
    throw new ReportingError('invalid_argument', 'The array of events could not be serialized as JSON.', { cause });
  }
  return parseEvents(json);
}

/**
 * `set` checked once more right before it enters wasm: the caller's getters and
 * working-hours functions, run while the arguments were copied, may have freed it.
 */
const live = (set) => checkSet(set, 'The events (freed while the call was being prepared)');

/** Chatwoot's report figures and more; see index.d.ts `Summary`. */
export function summarize(events, opts) {
  return withSet(events, (set) => {
    if (opts !== undefined && opts !== null && typeof opts !== 'object') {
      throw new ReportingError('invalid_argument', 'The options of summarize must be an object.');
    }
    // Working hours may be a function: it is called here, not copied as data.
    const { workingHours, ...rest } = opts ?? {};
    const [single, inboxes, answers] = hoursArgs(set, workingHours, 'The option `workingHours`');
    const o = options(rest, 'The options of summarize');
    return wasm._summarize(live(set), o, single, inboxes, answers);
  });
}

/** One row per conversation, slowest first by default; see index.d.ts `ConversationRow`. */
export function conversationRows(events, opts) {
  const a = withSet(events, (set) => {
    const o = options(opts, 'The options of conversationRows');
    return wasm._conversationRows(live(set), o);
  });
  // The flat layout src/bindings/summary.rs `push_row` writes (NaN = null).
  let i = 0;
  const num = () => a[i++];
  const opt = () => {
    const v = a[i++];
    return Number.isNaN(v) ? null : v;
  };
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
export function conversationsCsv(events, opts) {
  return withSet(events, (set) => {
    const o = options(opts, 'The options of conversationsCsv');
    return wasm._conversationsCsv(live(set), o);
  });
}

/**
 * Chatwoot's report time series (bucketed on created_at, every bucket present), with IANA
 * time zones bucketed correctly across DST changes and per-bucket medians/percentiles.
 */
export function timeseries(events, opts) {
  return withSet(events, (set) => {
    const o = options(opts, 'The options of timeseries');
    return wasm._timeseries(live(set), o);
  });
}

/**
 * A new EventSet (also for an array) whose value_in_business_hours is recomputed from each
 * event's start and end under `hoursOrFn`: one WorkingHours for every event, or a function
 * (inboxId) => WorkingHours | null | undefined, called once per inbox (null keeps that
 * inbox's stored values). The input is not changed.
 */
export function withWorkingHours(events, hoursOrFn, opts) {
  return withSet(events, (set) => {
    if (hoursOrFn === undefined || hoursOrFn === null) {
      throw new ReportingError('invalid_argument', 'The working hours must be an object { timezone, weekly, holidays } or a function (inboxId) => WorkingHours | null.');
    }
    const [single, inboxes, answers] = hoursArgs(set, hoursOrFn);
    const o = options(opts, 'The options of withWorkingHours');
    return wasm._withWorkingHours(live(set), single, inboxes, answers, o);
  });
}

/**
 * Working seconds in [start, end) (epoch seconds) under a WorkingHours object; with
 * `{ chatwootCompat: true }`, as Chatwoot stores them (whole seconds, its gem's DST days).
 */
export function businessSeconds(start, end, hours, opts) {
  ensureLoaded();
  number(start, '`start` must be a finite number of epoch seconds.');
  number(end, '`end` must be a finite number of epoch seconds.');
  const h = options(hours, 'The working hours');
  const o = options(opts, 'The options of businessSeconds');
  return guarded(() => wasm.businessSeconds(start, end, h, o), 'businessSeconds');
}

/** The share met at each threshold, ascending ("90 % answered within X"); see index.d.ts. */
export function slaCurve(events, opts) {
  return withSet(events, (set) => {
    const o = options(opts, 'The options of slaCurve');
    return wasm._slaCurve(live(set), o);
  });
}

/** Events per weekday (7 rows from weekStart) and local hour (24 columns), by created_at. */
export function hourOfWeek(events, opts) {
  return withSet(events, (set) => {
    const o = options(opts, 'The options of hourOfWeek');
    return wasm._hourOfWeek(live(set), o);
  });
}

/** The WorkingHours Chatwoot uses for an inbox object of its /inboxes API. */
export function fromChatwootInbox(inbox) {
  ensureLoaded();
  return guarded(() => wasm.fromChatwootInbox(options(inbox, 'The inbox')), 'fromChatwootInbox');
}

/** A duration in seconds as Chatwoot's UI writes it ('chatwoot'), compactly, or as its CSV exports ('report'). */
export function formatDuration(seconds, style) {
  ensureLoaded();
  if (!(seconds === null || seconds === undefined || typeof seconds === 'number')) {
    throw new ReportingError('invalid_argument', 'formatDuration takes a number of seconds or null.');
  }
  if (!(style === undefined || style === null || typeof style === 'string')) {
    throw new ReportingError('invalid_argument', "The style must be 'chatwoot', 'compact' or 'report'.");
  }
  const s = seconds === undefined || seconds === null || Number.isNaN(seconds) ? undefined : seconds;
  return guarded(() => wasm._formatDuration(s, style ?? undefined), 'formatDuration');
}

/** The per-call options split into data (checked by the wasm side) and the parts that are not. */
function callArgs(opts, method) {
  if (opts !== undefined && opts !== null && typeof opts !== 'object') {
    throw new ReportingError('invalid_argument', `The options of ${method} must be an object.`);
  }
  let rest;
  let s;
  let progress;
  try {
    ({ signal: s, onProgress: progress, ...rest } = opts ?? {});
  } catch (e) {
    throw asReportingError(e, `The options of ${method} could not be read; reading them`);
  }
  return [options(rest, `The options of ${method}`), signal(s), callback(progress)];
}

/** Runs `fn`, which returns a promise; a throw becomes a rejection with a ReportingError. */
async function promised(fn, what) {
  try {
    return await fn();
  } catch (e) {
    throw asReportingError(e, what);
  }
}

/**
 * A client for one Chatwoot account (see index.d.ts). The wasm object holding the token is
 * private to this wrapper: nothing outside can reach it, swap it or read its memory.
 */
export class ReportingClient {
  #inner;

  constructor(opts) {
    ensureLoaded();
    if (typeof opts !== 'object' || opts === null) {
      throw new ReportingError('invalid_argument', 'ReportingClient needs an options object {baseUrl, accountId, apiAccessToken}.');
    }
    const o = options(opts, 'The options of ReportingClient');
    this.#inner = guarded(() => new wasm.ReportingClient(o), 'new ReportingClient()');
  }

  /** The wasm client, for a genuine and live `this`. */
  static #of(self) {
    if (typeof self !== 'object' || self === null || !(#inner in self)) {
      throw new ReportingError('invalid_argument', 'This method must be called on a ReportingClient made with new ReportingClient(…).');
    }
    return self.#live();
  }

  #live() {
    if (!this.#inner || this.#inner.__wbg_ptr === 0) {
      throw new ReportingError('invalid_argument', 'This ReportingClient was freed with free() and can no longer be used.');
    }
    return this.#inner;
  }

  /** The events of one conversation, by the display id shown in Chatwoot's UI. */
  conversationEvents(displayId, opts) {
    return promised(() => {
      const inner = ReportingClient.#of(this);
      number(displayId, 'A display id must be a positive whole number.');
      const [o, s] = callArgs(opts, 'conversationEvents');
      return inner.conversationEvents(displayId, o, s);
    }, 'conversationEvents');
  }

  /** Many conversations' events, `concurrency` at a time; see index.d.ts. */
  conversationsEvents(displayIds, opts) {
    return promised(() => {
      const inner = ReportingClient.#of(this);
      const ids = numbers(displayIds, 'conversationsEvents takes an array of display ids (positive whole numbers).');
      const [o, s, progress] = callArgs(opts, 'conversationsEvents');
      return inner.conversationsEvents(new Float64Array(ids), o, s, progress);
    }, 'conversationsEvents');
  }

  /** The account-wide endpoint's events (administrators, Enterprise); see index.d.ts. */
  accountEvents(opts) {
    return promised(() => {
      const inner = ReportingClient.#of(this);
      const [o, s, progress] = callArgs(opts, 'accountEvents');
      return inner.accountEvents(o, s, progress);
    }, 'accountEvents');
  }

  /** The account's inboxes with their working hours; see index.d.ts `Inbox`. */
  inboxes(opts) {
    return promised(() => {
      const inner = ReportingClient.#of(this);
      const [o, s] = callArgs(opts, 'inboxes');
      return inner.inboxes(o, s);
    }, 'inboxes');
  }

  /** The account's agents, with Chatwoot's own keys; see index.d.ts `Agent`. */
  agents(opts) {
    return promised(() => {
      const inner = ReportingClient.#of(this);
      const [o, s] = callArgs(opts, 'agents');
      return inner.agents(o, s);
    }, 'agents');
  }

  /** Frees the client's memory now (also reclaimed automatically); later calls fail. */
  free() {
    if (typeof this !== 'object' || this === null || !(#inner in this)) {
      throw new ReportingError('invalid_argument', 'free() must be called on a ReportingClient.');
    }
    const inner = this.#inner;
    this.#inner = undefined;
    if (inner && inner.__wbg_ptr !== 0) inner.free();
  }

  /** `ReportingClient(<origin>, account <id>)`: never the token. */
  toString() {
    if (typeof this !== 'object' || this === null || !(#inner in this)) {
      throw new ReportingError('invalid_argument', 'toString() must be called on a ReportingClient.');
    }
    return this.#inner && this.#inner.__wbg_ptr !== 0 ? this.#inner.toString() : 'ReportingClient(freed)';
  }

  /** What `JSON.stringify(client)` shows: the base URL and account, never the token. */
  toJSON() {
    const inner = ReportingClient.#of(this);
    return { baseUrl: inner.baseUrl, accountId: inner.accountId };
  }
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
  if (typeof summary !== 'object' || summary === null) {
    throw new ReportingError('invalid_argument', 'summaryTable takes a Summary from summarize().');
  }
  return guarded(() => {
    const f = (v) => formatDuration(typeof v === 'number' ? v : null, style);
    const rows = {};
    for (const [label, key] of TABLE_ROWS) {
      const s = summary[key];
      if (!s) continue;
      rows[label] = { count: s.count, mean: f(s.mean), median: f(s.median), p90: f(s.p90), p95: f(s.p95) };
    }
    for (const [label, key] of [['Resolutions', 'resolutionsCount'], ['Reopens', 'reopensCount'], ['Bot handoffs', 'botHandoffsCount'], ['Bot resolutions', 'botResolutionsCount']]) {
      rows[label] = { count: summary[key] };
    }
    return rows;
  }, 'summaryTable');
}

// accountEvents({ cache }): what an EventCache (openEventCache) holds is served, only the
// rest fetched (js/cache.js; IndexedDB in browsers and workers). That module loads on first
// use, not with the package: a page that never caches never fetches it (issue 16).
let cacheModule;
const loadCache = () => (cacheModule ??= import('./cache.js'));

/** An IndexedDB-backed EventCache (see js/cache.js); every failure is a ReportingError. */
export async function openEventCache(options) {
  try {
    const { openEventCache: open } = await loadCache();
    return await open(options);
  } catch (e) {
    throw asReportingError(e, 'openEventCache');
  }
}

// Without `cache`, the client's own method, unchanged.
const uncachedAccountEvents = ReportingClient.prototype.accountEvents;
ReportingClient.prototype.accountEvents = function accountEvents(opts) {
  let cache;
  try {
    cache = opts?.cache;
  } catch {
    // A hostile options object: the plain method refuses it with a ReportingError.
    return uncachedAccountEvents.call(this, opts);
  }
  if (cache === undefined || cache === null) return uncachedAccountEvents.call(this, opts);
  const loaded = loadCache().catch((e) => {
    throw asReportingError(e, 'accountEvents');
  });
  return loaded.then(({ cachedAccountEvents }) => cachedAccountEvents(this, (o) => uncachedAccountEvents.call(this, o), opts));
};

/** The cache scope of a client's account and filters (see js/cache.js). */
export function scopeKey(client, filters) {
  return guarded(() => cacheScopeKey(client, filters), 'scopeKey');
}
