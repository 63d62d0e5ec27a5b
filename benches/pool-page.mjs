// The page side of `node benches/pool.mjs` (loaded by pool.html): runs one row, named by
// `?row=`, against the stand-in the bench server hands /api/ to, watches the main thread
// while it runs (between a POST to /__bench/start-<row> and the result), and POSTs the
// result to /__bench/result-<row>.
//
// Rows: `pool-N` (createWorkerPool({size: N}): accountEvents across N workers, then
// summarize in the gathering worker), `worker` (connectWorker(): one worker's
// accountEvents, the API before the pool), `main` (the library on the main thread) and
// `plain` (the same pages with fetch() + JSON.parse on the main thread, 6 requests in flight
// as the client's default; no validation, no sort, no summary: less work than the others).
import { createWorkerPool, connectWorker } from '../pkg/worker-client.js';

/** The timer probe's period: its largest delay beyond this is the longest the page froze. */
const PROBE_MS = 10;

/**
 * Starts watching the main thread: long tasks (> 50 ms, from the browser) and a 10 ms timer
 * whose delays show freezes below 50 ms too, and waits for a core that the main thread did
 * not get (no task of its own runs then). `stop()` gives the long tasks and the timer's
 * largest and 99th-percentile delays.
 */
function watchMainThread() {
  const tasks = [];
  const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
  observer.observe({ type: 'longtask' });
  const delays = [];
  let [last, timer] = [performance.now(), 0];
  const tick = () => {
    const now = performance.now();
    delays.push(Math.max(0, now - last - PROBE_MS));
    last = now;
    timer = setTimeout(tick, PROBE_MS);
  };
  timer = setTimeout(tick, PROBE_MS);
  return async () => {
    clearTimeout(timer);
    await new Promise((r) => setTimeout(r, 200)); // long-task entries are delivered late
    tasks.push(...observer.takeRecords());
    observer.disconnect();
    const sorted = Float64Array.from(delays).sort();
    return {
      longTasks: tasks.length, longestTask: Math.max(0, ...tasks.map((t) => t.duration)),
      probeDelay: sorted.at(-1) ?? 0, probeP99: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
    };
  };
}

const range = (c) => ({ since: c.since, until: c.until, onProgress: () => {} });

/** A row over the worker API (one worker or a pool): the set and the summary stay there. */
async function remoteRow(api, c) {
  const client = await api.createClient(c.client); // every worker has loaded the module
  return { fetch: () => client.accountEvents(range(c)), summarize: (set) => api.summarize(set, c.window), done: () => api.terminate() };
}

/** The account's pages with fetch() + JSON.parse, 6 in flight; the payloads kept in order. */
async function plainFetch(c) {
  const url = (page) => `/api/v1/accounts/${c.client.accountId}/reporting_events?page=${page}&since=${c.since}&until=${c.until}`;
  const get = async (page) => {
    const res = await fetch(url(page), { headers: { api_access_token: c.client.apiAccessToken } });
    if (!res.ok) throw new Error(`page ${page}: HTTP ${res.status}`);
    return JSON.parse(await res.text());
  };
  const first = await get(1);
  const pages = [first.payload];
  let next = 2;
  const loop = async () => {
    for (let p = next++; p <= first.meta.total_pages; p = next++) pages[p - 1] = (await get(p)).payload;
  };
  await Promise.all(Array.from({ length: 6 }, loop));
  return { length: pages.reduce((n, p) => n + p.length, 0) };
}

/** Each row, set up untimed: `fetch()` → something with a length, `summarize(it)` or null, `done()`. */
const ROWS = {
  pool: (c, size) => remoteRow(createWorkerPool({ size }), c),
  worker: (c) => remoteRow(connectWorker(), c),
  async main(c) {
    const lib = await import('../pkg/web.js');
    await lib.init();
    const client = new lib.ReportingClient(c.client);
    return { fetch: () => client.accountEvents(range(c)), summarize: (set) => lib.summarize(set, c.window), done: () => client.free() };
  },
  plain: (c) => ({ fetch: () => plainFetch(c), summarize: null, done: () => {} }),
};

async function runRow(name, config) {
  const [kind, size] = name.split('-');
  if (!ROWS[kind]) throw new Error(`unknown row ${name}`);
  const row = await ROWS[kind](config, Number(size));
  // The runner reads the renderer's threads' CPU time now and again at the result.
  await fetch(`/__bench/start-${name}`, { method: 'POST' });
  const stop = watchMainThread();
  const t0 = performance.now();
  const set = await row.fetch();
  const t1 = performance.now();
  await row.summarize?.(set);
  const t2 = performance.now();
  const main = await stop();
  await row.done();
  return {
    row: name, events: set.length, fetchMs: t1 - t0, summaryMs: row.summarize ? t2 - t1 : null, ...main,
    userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency,
  };
}

const row = new URLSearchParams(location.search).get('row');
let result;
try {
  const config = await (await fetch('/__bench/pool-config.json')).json();
  result = await runRow(row, config);
} catch (e) {
  result = { row, error: String(e?.stack ?? e) };
}
document.querySelector('#out').textContent = JSON.stringify(result, null, 2);
await fetch(`/__bench/result-${row}`, { method: 'POST', body: JSON.stringify(result) });
