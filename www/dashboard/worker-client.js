// The page's side of the worker protocol (see worker.js): each call is a promise, progress
// arrives through a callback, and an AbortSignal cancels a load in the worker (whose
// fetches then stop), rejecting the promise with code 'aborted'.

/** An error answered by the worker: the ReportingError's code, message and status. */
export class WorkerError extends Error {
  constructor({ code, message, status, displayId, issues, partial }) {
    super(message);
    this.name = 'ReportingError';
    this.code = code;
    if (status !== undefined) this.status = status;
    if (displayId !== undefined) this.displayId = displayId;
    if (issues !== undefined) this.issues = issues;
    if (partial !== undefined) this.partial = partial; // what a failed load had loaded
  }
}

/**
 * Starts the worker. Returns {call(op, args, {onProgress, onPartial, signal, transfer}),
 * terminate()}. `onPartial(description)` gets the data so far while a load runs.
 */
export function startWorker(url = new URL('./worker.js', import.meta.url)) {
  const worker = new Worker(url, { type: 'module', name: 'chatwoot-reporting' });
  let seq = 0;
  const pending = new Map();

  worker.onmessage = (event) => {
    const msg = event.data;
    const p = pending.get(msg?.id);
    if (!p) return; // an answer to a call nobody waits for any more
    if (msg.progress) {
      p.onProgress?.(msg.progress);
      return;
    }
    if (msg.partial) {
      p.onPartial?.(msg.partial);
      return;
    }
    pending.delete(msg.id);
    p.cleanup();
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new WorkerError(msg.error));
  };
  // The worker script failed to load or threw outside a call: fail everything waiting.
  const fail = (event) => {
    event.preventDefault?.();
    const error = new WorkerError({ code: 'internal', message: `The dashboard's worker stopped: ${event.message ?? 'it could not be started'}.` });
    for (const p of pending.values()) {
      p.cleanup();
      p.reject(error);
    }
    pending.clear();
  };
  worker.onerror = fail;
  worker.onmessageerror = fail;

  function call(op, args = {}, { onProgress, onPartial, signal, transfer = [] } = {}) {
    const id = ++seq;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new WorkerError({ code: 'aborted', message: 'The request was aborted.' }));
        return;
      }
      const onAbort = () => worker.postMessage({ op: 'cancel', target: id });
      signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => signal?.removeEventListener('abort', onAbort);
      pending.set(id, { resolve, reject, onProgress, onPartial, cleanup });
      worker.postMessage({ id, op, args }, transfer);
    });
  }

  return { call, terminate: () => worker.terminate() };
}
