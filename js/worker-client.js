// chatwoot-reporting/worker: the same API, promise-based, running in a Web Worker so that
// parsing and summaries never freeze the page.
//
//   import { connectWorker } from 'chatwoot-reporting/worker';
//   const reporting = connectWorker();
//   const events = await reporting.parseEvents(bytes);            // a RemoteEventSet
//   const summary = await reporting.summarize(events, { businessHours: true });
//
// createWorkerPool() (worker-pool.js) runs the same API over several workers and fetches
// an account's range across them.
import { openChannel, remoteApi, RemoteClient, startWorker } from './worker-remote.js';

export { createWorkerPool } from './worker-pool.js';

/**
 * Starts the worker (or uses `worker`) and returns the package's API in promise form.
 * @param {Worker} [worker] a module worker running chatwoot-reporting's worker.js
 */
export function connectWorker(worker = startWorker()) {
  const channel = openChannel(worker);
  return {
    ...remoteApi(() => channel),
    async createClient(options) { return new RemoteClient(channel, await channel.call('createClient', [options])); },
    /** How many sets and clients the worker holds (to see that nothing leaks). */
    stats: () => channel.call('stats', []),
    /** Stops the worker; every handle becomes invalid. */
    terminate: () => channel.terminate(),
  };
}
