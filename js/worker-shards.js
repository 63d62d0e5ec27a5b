// A pool client's accountEvents: the range [since, until) cut into spans, more spans than
// workers, handed out one at a time to whichever worker is free (so a busy week does not
// leave the others idle), each worker fetching with its own ReportingClient. Each span's
// set moves as columns to one gathering worker (its buffers transferred worker → page →
// worker, never copied, never turned into objects) and is merged there with concat: the
// result is one set, so a summary over it is exact (quantiles, distinct conversations,
// per-cycle figures need the events together; summaries cannot be merged).
import { ReportingError } from './reporting-error.js';
import { abortedError, columnBuffers, RemoteEventSet } from './worker-remote.js';

/**
 * Spans per worker: enough that the last spans even out uneven days, few enough that each
 * span's first page (fetched alone, to learn its page count) costs little.
 */
export const SPANS_PER_WORKER = 4;

const invalid = (message) => new ReportingError('invalid_argument', message);

/**
 * `[since, until)` cut into at most `count` adjacent spans of whole seconds, oldest first.
 * The client floors both ends and Chatwoot's range is half-open on created_at, so each
 * event of the range falls in exactly one span. A range that cannot be cut (ends before
 * 1970 or not numbers of seconds, or since ≥ until) stays whole, so the client's own check
 * (or the server) answers exactly as without the pool.
 */
export function cutRange(since, until, count) {
  const [s, u] = [Math.floor(since), Math.floor(until)];
  if (!(Number.isFinite(s) && Number.isFinite(u) && s >= 0 && u > s)) return [[since, until]];
  const n = Math.min(count, u - s);
  const edge = (i) => s + Math.floor(((u - s) * i) / n);
  return Array.from({ length: n }, (_, i) => [edge(i), edge(i + 1)]);
}

/** The options, read once (a Proxy or a getter is read here, not again per span). */
function readOptions(opts) {
  let o;
  try {
    o = { ...opts };
  } catch {
    throw invalid('The options of accountEvents could not be read.');
  }
  const { since, until, signal, onProgress, ...rest } = o;
  if (typeof since !== 'number' || typeof until !== 'number') {
    throw invalid('The pool\'s accountEvents needs both `since` and `until` (epoch seconds): the range is cut into spans across the workers.');
  }
  if (signal !== undefined && signal !== null && !(signal instanceof AbortSignal)) {
    throw invalid('The option `signal` must be an AbortSignal.');
  }
  if (onProgress !== undefined && onProgress !== null && typeof onProgress !== 'function') {
    throw invalid('The option `onProgress` must be a function (done, total) => void.');
  }
  return { since, until, signal: signal ?? undefined, onProgress: onProgress ?? undefined, rest };
}

/**
 * `(span, done, total)` → `onProgress(pages done, pages in all)` across the spans. A span's
 * page count is known after its first page; spans not yet started are counted at the mean
 * of those that have (so the bar does not jump back), exact once every span has started.
 */
function progressAcross(count, onProgress) {
  const done = new Float64Array(count);
  const total = new Float64Array(count);
  let [sumDone, sumTotal, known] = [0, 0, 0];
  return (i, d, t) => {
    if (total[i] === 0) known += 1;
    sumDone += d - done[i];
    sumTotal += t - total[i];
    [done[i], total[i]] = [d, t];
    try {
      onProgress?.(sumDone, Math.max(sumDone, Math.round(sumTotal + ((count - known) * sumTotal) / known)));
    } catch {
      // The caller's bug must not break the fetch.
    }
  };
}

/** A set moved to `channel`'s worker as columns (buffers transferred); the source is freed. */
async function moveTo(set, channel) {
  let cols;
  try {
    cols = await set.toColumns();
  } finally {
    set.free().catch(() => {});
  }
  return new RemoteEventSet(channel, await channel.call('fromColumns', [cols], { transfer: columnBuffers(cols) }));
}

/**
 * The pool's accountEvents (worker.d.ts, PoolClient): the spans fetched by `clients` (one
 * per worker), gathered in `home`'s worker. The first failing span stops the others and
 * rejects with its ReportingError; an abort rejects with `aborted`. Either way, every set
 * made on the way is freed before the call settles.
 */
export async function accountEventsAcross(clients, home, opts) {
  const { since, until, signal, onProgress, rest } = readOptions(opts);
  if (signal?.aborted) throw abortedError();
  const spans = cutRange(since, until, clients.length * SPANS_PER_WORKER);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const progress = progressAcross(spans.length, onProgress);
  const parts = []; // per span: a promise of its set in home's worker
  const issues = []; // per span: what its fetch found
  let failure;
  const fail = (e) => {
    failure ??= e;
    stop.abort();
  };
  let next = 0;
  const fetchSpans = async (client) => {
    while (next < spans.length && !stop.signal.aborted) {
      const i = next++;
      const [s, u] = spans[i];
      try {
        const set = await client.accountEvents({ ...rest, since: s, until: u, signal: stop.signal, onProgress: (d, t) => progress(i, d, t) });
        issues[i] = set.issues;
        parts[i] = set._channel === home._channel ? Promise.resolve(set) : moveTo(set, home._channel);
        parts[i].catch(fail);
      } catch (e) {
        fail(e);
      }
    }
  };
  try {
    await Promise.all(clients.map(fetchSpans));
    const sets = (await Promise.allSettled(parts)).map((r) => r.value).filter(Boolean);
    if (failure || signal?.aborted) {
      await Promise.allSettled(sets.map((s) => s.free()));
      throw signal?.aborted ? abortedError() : failure;
    }
    let merged;
    try {
      merged = await home._channel.call('merge', [sets.map((s) => s.ref())]);
    } catch (e) {
      await Promise.allSettled(sets.map((s) => s.free()));
      throw e;
    }
    return new RemoteEventSet(home._channel, { ...merged, issues: issues.flat() });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
