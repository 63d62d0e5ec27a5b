// The page side of one module worker running worker.js: a channel of requests and answers,
// the handles of what lives in the worker (RemoteEventSet, RemoteClient), and the package's
// API in promise form over one or more channels. Shared by connectWorker() (worker-client.js)
// and createWorkerPool() (worker-pool.js). Imports no wasm: the page never loads the module.
import { ReportingError } from './reporting-error.js';

/** A ReportingError rebuilt from the plain data worker.js sends (structured clone drops the class). */
export function toError(d) {
  return new ReportingError(d.code, d.message, { status: d.status, issues: d.issues, displayId: d.displayId });
}

/**
 * Starts the package's module worker (next to this file). Written as bundlers look for it
 * (`new Worker(new URL(…, import.meta.url))`), so Vite and webpack emit worker.js too.
 */
export const startWorker = () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });

export const abortedError = () => new ReportingError('aborted', 'The request was aborted.');

/**
 * Requests to one worker. `call(method, args, {signal, onProgress, transfer})` posts
 * `{id, method, args}` and settles with the answer; ArrayBuffers among `args` and the
 * buffers in `transfer` are moved, not copied. `pending` counts the calls under way, so a
 * pool can hand new work to the least busy worker.
 * @param {Worker} worker a module worker running chatwoot-reporting's worker.js
 */
export function openChannel(worker) {
  let nextId = 1;
  const pending = new Map();
  let stopped = null; // once the worker is gone: what every call under way and later gets
  const stop = (error) => {
    stopped ??= error;
    for (const p of [...pending.values()]) p.reject(stopped);
  };
  worker.onmessage = ({ data }) => {
    const p = pending.get(data.id);
    if (!p) return;
    if (data.progress) return p.onProgress?.(...data.progress);
    if ('error' in data) p.reject(toError(data.error));
    else p.resolve(data.result);
  };
  // worker.js answers every call, even a failing one: an error event means the module did
  // not load (or broke outside a call), and nothing would ever answer.
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    stop(new ReportingError('network', 'The worker stopped: its module could not be loaded (check that worker.js and the .wasm are served), or it failed outside a call.'));
  });
  const call = (method, args, { signal, onProgress, transfer = [] } = {}) => new Promise((resolve, reject) => {
    if (stopped) return reject(stopped);
    if (signal?.aborted) return reject(abortedError());
    const id = nextId++;
    const cancel = () => worker.postMessage({ id: nextId++, method: 'cancel', args: [id] });
    // Settled once, by the answer or by the worker's end; the signal is let go either way.
    const settle = (fn) => (v) => {
      if (!pending.delete(id)) return;
      signal?.removeEventListener('abort', cancel);
      fn(v);
    };
    pending.set(id, { resolve: settle(resolve), reject: settle(reject), onProgress });
    try {
      worker.postMessage({ id, method, args }, [...args.filter((a) => a instanceof ArrayBuffer), ...transfer]);
    } catch {
      // DataCloneError's text can quote the value (a function's source): not repeated here.
      pending.get(id).reject(new ReportingError('invalid_argument',
        `The arguments of ${method} cannot be sent to a worker: only plain data, typed arrays and ArrayBuffers can.`));
      return;
    }
    signal?.addEventListener('abort', cancel, { once: true });
  });
  return {
    call,
    get pending() { return pending.size; },
    /** Stops the worker; calls under way and later ones reject with `aborted` instead of never settling. */
    terminate() {
      worker.terminate();
      stop(new ReportingError('aborted', 'The worker was stopped with terminate().'));
    },
  };
}

/**
 * The ArrayBuffers of a columns object, each once, that can be transferred (not shared, not
 * already detached); whatever cannot be read gives none, and the worker's fromColumns says why.
 */
export function columnBuffers(columns) {
  try {
    const buffers = Object.values(columns).filter((v) => ArrayBuffer.isView(v)).map((v) => v.buffer);
    return [...new Set(buffers)].filter((b) => b instanceof ArrayBuffer && b.byteLength > 0);
  } catch {
    return [];
  }
}

/** An EventSet living in a worker; `length` and `issues` are copied, the rest is async. */
export class RemoteEventSet {
  constructor(channel, handle) {
    this._channel = channel;
    this.$set = handle.$set;
    this.length = handle.length;
    this.issues = handle.issues;
  }
  toArray() { return this._channel.call('toArray', [this.ref()]); }
  toJSON() { return this.toArray(); }
  /** The events as columns; the worker's arrays are moved to the page, not copied. */
  toColumns() { return this._channel.call('toColumns', [this.ref()]); }
  async filter(f) { return new RemoteEventSet(this._channel, await this._channel.call('filter', [this.ref(), f])); }
  async concat(...others) {
    const refs = others.map((o) => refIn(o, this._channel, 'concat()'));
    return new RemoteEventSet(this._channel, await this._channel.call('concat', [this.ref(), ...refs]));
  }
  free() { return this._channel.call('free', [this.ref()]); }
  ref() { return { $set: this.$set }; }
}

/**
 * A set's handle for a call to `channel`. Handles are numbered per worker, so the handle of
 * a set in another worker would name some other set there: refused instead.
 */
function refIn(set, channel, what) {
  if (!(set instanceof RemoteEventSet)) {
    throw new ReportingError('invalid_argument', `The arguments of ${what} must be RemoteEventSets.`);
  }
  if (set._channel !== channel) {
    throw new ReportingError('invalid_argument',
      `An EventSet given to ${what} lives in another worker: move it with toColumns() and fromColumns() first.`);
  }
  return set.ref();
}

/** A ReportingClient living in a worker. */
export class RemoteClient {
  constructor(channel, handle) {
    this._channel = channel;
    this.$client = handle.$client;
  }
  async conversationEvents(displayId, opts = {}) {
    return new RemoteEventSet(this._channel, await this._channel.call('conversationEvents', [this.ref(), displayId, plain(opts)], opts));
  }
  async conversationsEvents(ids, opts = {}) {
    const r = await this._channel.call('conversationsEvents', [this.ref(), ids, plain(opts)], opts);
    return { events: new RemoteEventSet(this._channel, r.events), failed: r.failed.map((f) => ({ displayId: f.displayId, error: toError(f.error) })) };
  }
  async accountEvents(opts = {}) {
    return new RemoteEventSet(this._channel, await this._channel.call('accountEvents', [this.ref(), plain(opts)], opts));
  }
  free() { return this._channel.call('freeClient', [this.ref()]); }
  ref() { return { $client: this.$client }; }
}

/** Options without what cannot cross to the worker (the signal and callback are relayed). */
function plain({ signal, onProgress, ...rest } = {}) {
  return rest;
}

/**
 * The package's functions in promise form. A call about a RemoteEventSet goes to the worker
 * holding it; any other goes to the channel `pick()` gives.
 * @param {() => ReturnType<typeof openChannel>} pick
 */
export function remoteApi(pick) {
  const about = (method) => (events, options) => {
    const channel = events instanceof RemoteEventSet ? events._channel : pick();
    return channel.call(method, [events instanceof RemoteEventSet ? events.ref() : events, options]);
  };
  const made = (method, transfer) => async (input, options) => {
    const channel = pick();
    return new RemoteEventSet(channel, await channel.call(method, [input, options], { transfer: transfer(input) }));
  };
  return {
    parseEvents: made('parseEvents', () => []),
    validateEvents: (body, options) => pick().call('validateEvents', [body, options]),
    fromColumns: made('fromColumns', columnBuffers),
    summarize: about('summarize'),
    timeseries: about('timeseries'),
    conversationRows: about('conversationRows'),
    conversationsCsv: about('conversationsCsv'),
    formatDuration: (seconds, style) => pick().call('formatDuration', [seconds, style]),
  };
}
