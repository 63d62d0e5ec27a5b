// The package's API surface, shared by every entry point (web.js, node.js, single.js).
// Every public function checks or copies its arguments through guard.js before calling
// the wasm-bindgen glue, and lets only ReportingError out.
import * as wasm from './wasm/chatwoot_reporting.js';
import { ReportingError } from './reporting-error.js';
import {
  asReportingError, body, callback, checkSet, ensureLoaded, guarded, hoursArgs, number, numbers,
  options, signal,
} from './guard.js';

const { EventSet } = wasm;
export { EventSet, ReportingError };

/** `parseEvents(body, options)`: bytes to a validated EventSet; see index.d.ts. */
export function parseEvents(input, opts) {
  ensureLoaded();
  return guarded(() => wasm.parseEvents(body(input), options(opts, 'The parse options')), 'parseEvents');
}

/** `validateEvents(body, options)`: every Issue; never throws for bad data. */
export function validateEvents(input, opts) {
  ensureLoaded();
  return guarded(() => wasm.validateEvents(body(input), options(opts, 'The parse options')), 'validateEvents');
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

/**
 * Runs `fn` on an EventSet: the one given, or one decoded from an array of event objects
 * (validated like a response body, then freed).
 */
function withSet(events, fn) {
  ensureLoaded();
  if (!Array.isArray(events)) return guarded(() => fn(checkSet(events)));
  let json;
  try {
    json = JSON.stringify(events);
  } catch (cause) {
    throw new ReportingError('invalid_argument', 'The array of events could not be serialized as JSON.', { cause });
  }
  const set = parseEvents(json);
  try {
    return guarded(() => fn(set));
  } finally {
    set.free();
  }
}

/** Chatwoot's report figures and more; see index.d.ts `Summary`. */
export function summarize(events, opts) {
  return withSet(events, (set) => {
    if (opts !== undefined && opts !== null && typeof opts !== 'object') {
      throw new ReportingError('invalid_argument', 'The options of summarize must be an object.');
    }
    // Working hours may be a function: it is called here, not copied as data.
    const { workingHours, ...rest } = opts ?? {};
    const [single, inboxes, answers] = hoursArgs(set, workingHours, 'The option `workingHours`');
    return wasm._summarize(set, options(rest, 'The options of summarize'), single, inboxes, answers);
  });
}

/** One row per conversation, slowest first by default; see index.d.ts `ConversationRow`. */
export function conversationRows(events, opts) {
  const a = withSet(events, (set) => wasm._conversationRows(set, options(opts, 'The options of conversationRows')));
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
  return withSet(events, (set) => wasm._conversationsCsv(set, options(opts, 'The options of conversationsCsv')));
}

/**
 * Chatwoot's report time series (bucketed on created_at, every bucket present), with IANA
 * time zones bucketed correctly across DST changes and per-bucket medians/percentiles.
 */
export function timeseries(events, opts) {
  return withSet(events, (set) => wasm._timeseries(set, options(opts, 'The options of timeseries')));
}

/**
 * A new EventSet (also for an array) whose value_in_business_hours is recomputed from each
 * event's start and end under `hoursOrFn`: one WorkingHours for every event, or a function
 * (inboxId) => WorkingHours | null | undefined, called once per inbox (null keeps that
 * inbox's stored values). The input is not changed.
 */
export function withWorkingHours(events, hoursOrFn) {
  return withSet(events, (set) => {
    if (hoursOrFn === undefined || hoursOrFn === null) {
      throw new ReportingError('invalid_argument', 'The working hours must be an object { timezone, weekly, holidays } or a function (inboxId) => WorkingHours | null.');
    }
    const [single, inboxes, answers] = hoursArgs(set, hoursOrFn);
    return wasm._withWorkingHours(set, single, inboxes, answers);
  });
}

/** Working seconds in [start, end) (epoch seconds) under a WorkingHours object. */
export function businessSeconds(start, end, hours) {
  ensureLoaded();
  number(start, '`start` must be a finite number of epoch seconds.');
  number(end, '`end` must be a finite number of epoch seconds.');
  return guarded(() => wasm.businessSeconds(start, end, options(hours, 'The working hours')), 'businessSeconds');
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

  #live() {
    if (!this.#inner || this.#inner.__wbg_ptr === 0) {
      throw new ReportingError('invalid_argument', 'This ReportingClient was freed with free() and can no longer be used.');
    }
    return this.#inner;
  }

  /** The events of one conversation, by the display id shown in Chatwoot's UI. */
  conversationEvents(displayId, opts) {
    return promised(() => {
      const inner = this.#live();
      number(displayId, 'A display id must be a positive whole number.');
      const [o, s] = callArgs(opts, 'conversationEvents');
      return inner.conversationEvents(displayId, o, s);
    }, 'conversationEvents');
  }

  /** Many conversations' events, `concurrency` at a time; see index.d.ts. */
  conversationsEvents(displayIds, opts) {
    return promised(() => {
      const inner = this.#live();
      const ids = numbers(displayIds, 'conversationsEvents takes an array of display ids (positive whole numbers).');
      const [o, s, progress] = callArgs(opts, 'conversationsEvents');
      return inner.conversationsEvents(new Float64Array(ids), o, s, progress);
    }, 'conversationsEvents');
  }

  /** The account-wide endpoint's events (administrators, Enterprise); see index.d.ts. */
  accountEvents(opts) {
    return promised(() => {
      const inner = this.#live();
      const [o, s, progress] = callArgs(opts, 'accountEvents');
      return inner.accountEvents(o, s, progress);
    }, 'accountEvents');
  }

  /** The account's inboxes with their working hours; see index.d.ts `Inbox`. */
  inboxes(opts) {
    return promised(() => {
      const inner = this.#live();
      const [o, s] = callArgs(opts, 'inboxes');
      return inner.inboxes(o, s);
    }, 'inboxes');
  }

  /** The account's agents, with Chatwoot's own keys; see index.d.ts `Agent`. */
  agents(opts) {
    return promised(() => {
      const inner = this.#live();
      const [o, s] = callArgs(opts, 'agents');
      return inner.agents(o, s);
    }, 'agents');
  }

  /** Frees the client's memory now (also reclaimed automatically); later calls fail. */
  free() {
    const inner = this.#inner;
    this.#inner = undefined;
    if (inner && inner.__wbg_ptr !== 0) inner.free();
  }

  /** `ReportingClient(<origin>, account <id>)`: never the token. */
  toString() {
    return this.#inner ? this.#inner.toString() : 'ReportingClient(freed)';
  }

  /** What `JSON.stringify(client)` shows: the base URL and account, never the token. */
  toJSON() {
    const inner = this.#live();
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
