// chatwoot-reporting/worker: the same API, promise-based, running in a Web Worker so that
// parsing and summaries never freeze the page.
//
//   import { connectWorker } from 'chatwoot-reporting/worker';
//   const reporting = connectWorker();
//   const events = await reporting.parseEvents(bytes);            // a RemoteEventSet
//   const summary = await reporting.summarize(events, { businessHours: true });
import { ReportingError } from './reporting-error.js';

/** An EventSet living in the worker; `length` and `issues` are copied, the rest is async. */
class RemoteEventSet {
  constructor(call, handle) {
    this._call = call;
    this.$set = handle.$set;
    this.length = handle.length;
    this.issues = handle.issues;
  }
  toArray() { return this._call('toArray', [this.ref()]); }
  toJSON() { return this.toArray(); }
  async filter(f) { return new RemoteEventSet(this._call, await this._call('filter', [this.ref(), f])); }
  async concat(...others) {
    return new RemoteEventSet(this._call, await this._call('concat', [this.ref(), ...others.map((o) => o.ref())]));
  }
  free() { return this._call('free', [this.ref()]); }
  ref() { return { $set: this.$set }; }
}

/** A ReportingClient living in the worker. */
class RemoteClient {
  constructor(call, handle) {
    this._call = call;
    this.$client = handle.$client;
  }
  async conversationEvents(displayId, opts = {}) {
    return new RemoteEventSet(this._call, await this._call('conversationEvents', [this.ref(), displayId, plain(opts)], opts));
  }
  async conversationsEvents(ids, opts = {}) {
    const r = await this._call('conversationsEvents', [this.ref(), ids, plain(opts)], opts);
    return { events: new RemoteEventSet(this._call, r.events), failed: r.failed.map((f) => ({ displayId: f.displayId, error: toError(f.error) })) };
  }
  async accountEvents(opts = {}) {
    return new RemoteEventSet(this._call, await this._call('accountEvents', [this.ref(), plain(opts)], opts));
  }
  free() { return this._call('freeClient', [this.ref()]); }
  ref() { return { $client: this.$client }; }
}

/** Options without what cannot cross to the worker (the signal and callback are relayed). */
function plain({ signal, onProgress, ...rest } = {}) {
  return rest;
}

function toError(d) {
  return new ReportingError(d.code, d.message, { status: d.status, issues: d.issues, displayId: d.displayId });
}

const arg = (e) => (e instanceof RemoteEventSet ? e.ref() : e);

/**
 * Starts the worker (or uses `worker`) and returns the package's API in promise form.
 * @param {Worker} [worker] a module worker running chatwoot-reporting's worker.js
 */
export function connectWorker(worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' })) {
  let nextId = 1;
  const pending = new Map();
  worker.onmessage = ({ data }) => {
    const p = pending.get(data.id);
    if (!p) return;
    if (data.progress) return p.onProgress?.(...data.progress);
    pending.delete(data.id);
    if ('error' in data) p.reject(toError(data.error));
    else p.resolve(data.result);
  };
  const call = (method, args, { signal, onProgress } = {}) => new Promise((resolve, reject) => {
    const id = nextId++;
    if (signal?.aborted) return reject(new ReportingError('aborted', 'The request was aborted.'));
    pending.set(id, { resolve, reject, onProgress });
    signal?.addEventListener('abort', () => worker.postMessage({ id: nextId++, method: 'cancel', args: [id] }), { once: true });
    // Byte bodies are transferred, not copied.
    const transfer = args.filter((a) => a instanceof ArrayBuffer);
    worker.postMessage({ id, method, args }, transfer);
  });
  return {
    async parseEvents(body, options) { return new RemoteEventSet(call, await call('parseEvents', [body, options])); },
    validateEvents: (body, options) => call('validateEvents', [body, options]),
    summarize: (events, options) => call('summarize', [arg(events), options]),
    timeseries: (events, options) => call('timeseries', [arg(events), options]),
    conversationRows: (events, options) => call('conversationRows', [arg(events), options]),
    conversationsCsv: (events, options) => call('conversationsCsv', [arg(events), options]),
    formatDuration: (seconds, style) => call('formatDuration', [seconds, style]),
    async createClient(options) { return new RemoteClient(call, await call('createClient', [options])); },
    /** Stops the worker; every handle becomes invalid. */
    terminate: () => worker.terminate(),
  };
}
