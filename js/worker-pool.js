// createWorkerPool(): the API of connectWorker() over several module workers. Work about a
// RemoteEventSet runs in the worker holding it; other work goes to the least busy worker;
// a pool client fetches an account's range across all of them (worker-shards.js) and
// gathers the events in one worker, so one summary sees them all.
import { ReportingError } from './reporting-error.js';
import { openChannel, remoteApi, RemoteClient, startWorker } from './worker-remote.js';
import { accountEventsAcross } from './worker-shards.js';

/** More workers than this only add memory: each holds a wasm instance and its own fetches. */
export const MAX_POOL_SIZE = 16;

const invalid = (message) => new ReportingError('invalid_argument', message);

/** The item whose worker has the fewest calls under way (the first of equals). */
const leastBusy = (items, channelOf = (x) => x) => items.reduce((a, b) => (channelOf(b).pending < channelOf(a).pending ? b : a));

/** `navigator.hardwareConcurrency`, at most 4 (fetching is bound by the server sooner than that), at least 1. */
export function defaultPoolSize() {
  const cores = globalThis.navigator?.hardwareConcurrency;
  return Math.max(1, Math.min(4, Number.isInteger(cores) ? cores : 2));
}

/** `{size, worker}` read strictly: a typo is refused, naming the accepted keys. */
function poolOptions(options) {
  if (options === undefined || options === null) return { size: defaultPoolSize(), factory: startWorker };
  if (typeof options !== 'object') throw invalid('The options of createWorkerPool must be an object {size, worker}.');
  let size;
  let worker;
  try {
    const unknown = Object.keys(options).filter((k) => k !== 'size' && k !== 'worker');
    if (unknown.length) throw invalid(`The options of createWorkerPool have no \`${unknown[0]}\`: they are size and worker.`);
    ({ size = defaultPoolSize(), worker = startWorker } = options);
  } catch (e) {
    throw e instanceof ReportingError ? e : invalid('The options of createWorkerPool could not be read.');
  }
  if (!Number.isInteger(size) || size < 1 || size > MAX_POOL_SIZE) {
    throw invalid(`The option \`size\` must be a whole number from 1 to ${MAX_POOL_SIZE}.`);
  }
  if (typeof worker !== 'function') throw invalid('The option `worker` must be a function that returns a new Worker.');
  return { size, factory: worker };
}

/** `size` workers from `factory`; if one cannot be made, the others are stopped. */
function startWorkers(size, factory) {
  const workers = [];
  try {
    for (let i = 0; i < size; i++) {
      const w = factory();
      if (!['postMessage', 'terminate', 'addEventListener'].every((k) => typeof w?.[k] === 'function')) {
        throw invalid('The option `worker` must return a Worker running chatwoot-reporting\'s worker.js.');
      }
      workers.push(w);
    }
  } catch (e) {
    for (const w of workers) w.terminate();
    throw e instanceof ReportingError ? e : invalid('The option `worker` threw instead of returning a Worker.');
  }
  return workers;
}

/** A ReportingClient in every worker of a pool (see worker.d.ts PoolClient). */
class PoolClient {
  #clients;
  #idlest;

  constructor(clients) {
    this.#clients = clients;
    this.#idlest = () => leastBusy(clients, (c) => c._channel);
  }

  /** One conversation's events, fetched by the least busy worker (the set lives there). */
  conversationEvents(displayId, opts) { return this.#idlest().conversationEvents(displayId, opts); }

  /** Many conversations, fetched by the least busy worker (`concurrency` requests at a time). */
  conversationsEvents(displayIds, opts) { return this.#idlest().conversationsEvents(displayIds, opts); }

  /** The account's range fetched across every worker and gathered in one; see worker-shards.js. */
  accountEvents(opts) { return accountEventsAcross(this.#clients, this.#idlest(), opts); }

  /** Frees the client in every worker. */
  async free() { await Promise.all(this.#clients.map((c) => c.free())); }
}

/**
 * Starts `size` module workers (default: the cores, at most 4) and returns the package's
 * API in promise form over them, plus `size`; see worker.d.ts.
 * @param {{size?: number, worker?: () => Worker}} [options]
 */
export function createWorkerPool(options) {
  const { size, factory } = poolOptions(options);
  const channels = startWorkers(size, factory).map(openChannel);
  const idlest = () => leastBusy(channels);
  return {
    ...remoteApi(idlest),
    size,
    /** A client in every worker, all with `options` (which each worker checks). */
    async createClient(clientOptions) {
      const made = await Promise.allSettled(channels.map((ch) => ch.call('createClient', [clientOptions])));
      const clients = made.map((r, i) => (r.status === 'fulfilled' ? new RemoteClient(channels[i], r.value) : null));
      const failed = made.find((r) => r.status === 'rejected');
      if (failed) {
        await Promise.allSettled(clients.filter(Boolean).map((c) => c.free()));
        throw failed.reason;
      }
      return new PoolClient(clients);
    },
    /** The sets and clients held, in all and per worker (to see that nothing leaks). */
    async stats() {
      const workers = await Promise.all(channels.map((ch) => ch.call('stats', [])));
      const sum = (key) => workers.reduce((n, w) => n + w[key], 0);
      return { sets: sum('sets'), clients: sum('clients'), workers };
    },
    /** Stops every worker; every handle becomes invalid. */
    terminate() { for (const ch of channels) ch.terminate(); },
  };
}
