// The Web Worker side of chatwoot-reporting/worker: runs the package off the main thread.
// Started by `connectWorker()` (worker-client.js); speaks a small request/response
// protocol: {id, method, args} in, {id, result} or {id, error} out, plus {id, progress}.
// Event sets and clients stay in the worker; the page holds handles ({$set}, {$client}).
// A method may answer with a `Moved` value: its buffers are then transferred to the page,
// not copied (a set's columns, e.g. on their way to another worker of a pool).
import * as api from './web.js';

const sets = new Map();
const clients = new Map();
const controllers = new Map();
let nextHandle = 1;

function setHandle(set) {
  const $set = nextHandle++;
  sets.set($set, set);
  return { $set, length: set.length, issues: set.issues };
}

function resolveSet(v) {
  if (v && typeof v === 'object' && '$set' in v) {
    const set = sets.get(v.$set);
    if (!set) throw new api.ReportingError('invalid_argument', 'This EventSet was freed.');
    return set;
  }
  return v;
}

function client(h) {
  const c = clients.get(h?.$client);
  if (!c) throw new api.ReportingError('invalid_argument', 'This ReportingClient was freed.');
  return c;
}

/** Call options with request `id`'s AbortSignal and progress messages. */
function callOptions(id, o = {}) {
  return { ...o, signal: controllers.get(id).signal, onProgress: (done, total) => postMessage({ id, progress: [done, total] }) };
}

/** An answer whose `buffers` are transferred with it (postMessage's transfer list). */
class Moved {
  constructor(value, buffers) {
    this.value = value;
    this.buffers = buffers;
  }
}

/** A set's columns, their buffers moved to the page (each array has a buffer of its own). */
function movedColumns(set) {
  const cols = set.toColumns();
  return new Moved(cols, Object.values(cols).filter(ArrayBuffer.isView).map((a) => a.buffer));
}

/** One set of `handles`' events in order (concat: sorted, each id once); the parts are freed. */
function merge(handles) {
  const parts = Array.isArray(handles) ? handles.map(resolveSet) : [];
  if (parts.length === 0 || !parts.every((p) => p instanceof api.EventSet)) {
    throw new api.ReportingError('invalid_argument', 'merge takes a non-empty array of EventSets of this worker.');
  }
  const out = parts.length === 1 ? parts[0] : parts[0].concat(...parts.slice(1));
  for (const h of handles) {
    if (sets.get(h.$set) !== out) sets.get(h.$set)?.free();
    sets.delete(h.$set);
  }
  return setHandle(out);
}

const methods = {
  parseEvents: (_, body, o) => setHandle(api.parseEvents(body, o)),
  validateEvents: (_, body, o) => api.validateEvents(body, o),
  summarize: (_, e, o) => api.summarize(resolveSet(e), o),
  timeseries: (_, e, o) => api.timeseries(resolveSet(e), o),
  conversationRows: (_, e, o) => api.conversationRows(resolveSet(e), o),
  conversationsCsv: (_, e, o) => api.conversationsCsv(resolveSet(e), o),
  formatDuration: (_, s, style) => api.formatDuration(s, style),
  toArray: (_, h) => resolveSet(h).toArray(),
  toColumns: (_, h) => movedColumns(resolveSet(h)),
  fromColumns: (_, cols, o) => setHandle(api.EventSet.fromColumns(cols, o)),
  merge: (_, handles) => merge(handles),
  filter: (_, h, f) => setHandle(resolveSet(h).filter(f)),
  concat: (_, h, ...others) => setHandle(resolveSet(h).concat(...others.map(resolveSet))),
  free: (_, h) => { resolveSet(h).free(); sets.delete(h.$set); },
  createClient: (_, options) => {
    const $client = nextHandle++;
    clients.set($client, new api.ReportingClient(options));
    return { $client };
  },
  freeClient: (_, h) => { client(h).free(); clients.delete(h.$client); },
  conversationEvents: async (id, h, displayId, o) => setHandle(await client(h).conversationEvents(displayId, callOptions(id, o))),
  conversationsEvents: async (id, h, ids, o) => {
    const { events, failed } = await client(h).conversationsEvents(ids, callOptions(id, o));
    return { events: setHandle(events), failed: failed.map((f) => ({ displayId: f.displayId, error: errorData(f.error) })) };
  },
  accountEvents: async (id, h, o) => setHandle(await client(h).accountEvents(callOptions(id, o))),
  cancel: (_, target) => controllers.get(target)?.abort(),
  /** What this worker holds, so a page (or a test) can see that nothing leaks. */
  stats: () => ({ sets: sets.size, clients: clients.size }),
};

/** A ReportingError as plain data (structured clone drops the class). */
function errorData(e) {
  if (e instanceof api.ReportingError) {
    return { name: e.name, code: e.code, message: e.message, status: e.status, issues: e.issues, displayId: e.displayId };
  }
  return { name: 'ReportingError', code: 'invalid_argument', message: String(e?.message ?? e) };
}

self.onmessage = async ({ data }) => {
  const { id, method, args = [] } = data ?? {};
  // Registered before the first await: a cancel that arrives while the module is still
  // loading must find it, or the call would run to its end.
  if (method !== 'cancel') controllers.set(id, new AbortController());
  try {
    await api.init();
    const fn = methods[method];
    if (!fn) throw new api.ReportingError('invalid_argument', `Unknown method ${String(method)}.`);
    const result = await fn(id, ...args);
    if (result instanceof Moved) postMessage({ id, result: result.value }, result.buffers);
    else postMessage({ id, result });
  } catch (e) {
    postMessage({ id, error: errorData(e) });
  } finally {
    controllers.delete(id);
  }
};
