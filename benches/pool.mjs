// The worker pool (createWorkerPool, issue 15) in headless Chromium against the local
// Chatwoot stand-in: figures, not assertions.
//
//   node benches/pool.mjs                          # 1 000 000 events, every row once (~15 min)
//   node benches/pool.mjs --events 100000 --runs 3 # ~5 min
//   node benches/pool.mjs --rows pool-2,plain --latency 20
//
// The stand-in (www/server.mjs, in this process) simulates enough conversations over 180
// days for `--events` events (~4.85 a conversation) and serves them 25 a page, newest
// first, as Chatwoot does. Each row runs in a fresh headless Chromium started without
// Playwright (DevTools' network instrumentation costs every request about as much as the
// request itself, benches/README.md) on benches/pool.html, fetching every event of the
// account over HTTP and summarizing them (the last 30 days as the window):
//   pool-N   createWorkerPool({size: N}): the range across N workers, gathered in one
//   worker   connectWorker(): one worker's accountEvents (the API before the pool)
//   main     the library on the main thread: ReportingClient.accountEvents + summarize
//   plain    the same pages with fetch() + JSON.parse on the main thread, 6 in flight;
//            no validation, no sort, no summary (less work than every other row)
// Printed per row: the time to fetch (and gather), to summarize, the longest main-thread
// task the browser reported (PerformanceObserver 'longtask': only tasks over 50 ms exist
// there), the 99th-percentile and largest delays of a 10 ms timer on the main thread
// (freezes below 50 ms too, and waits for a core the main thread did not get), the CPU
// time of the renderer's main thread and of its worker threads (read from /proc),
// the stand-in's CPU over the row, and the machine's load before it. With `--runs N` the
// rows take turns (the order reversed every other run, as this machine drifts over
// minutes): times are medians, the longest task and the timer's delay the worst of the runs.
// Needs `bash scripts/build.sh` first.
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createAppServer } from '../www/server.mjs';
import { inChromium, serveBench } from './pool-chromium.mjs';

const { values: v } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    rows: { type: 'string', default: 'pool-1,pool-2,pool-4,worker,main,plain' },
    latency: { type: 'string', default: '0' },
    runs: { type: 'string', default: '1' },
    'row-timeout': { type: 'string', default: '1800' },
  },
});
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TOKEN = 'bench-token';
const END = Date.UTC(2026, 10, 1) / 1000;
const DAY = 86400;
/** What the stand-in's simulation writes per conversation on average (measured). */
const EVENTS_PER_CONVERSATION = 4.85;
const log = (...a) => console.error(...a); // progress on stderr, figures on stdout

/** The stand-in's account for about `events` events; built now, so no row pays for it. */
function buildStandin(events, latency) {
  const conversations = Math.ceil(events / EVENTS_PER_CONVERSATION);
  const server = createAppServer({ token: TOKEN, now: END, latency, data: { conversations, days: 180 } });
  const t0 = performance.now();
  const account = server.standin.dataset();
  const built = { conversations, events: account.events.length, ms: performance.now() - t0, heapMb: process.memoryUsage().heapUsed / 2 ** 20 };
  return { server, built };
}

const ms = (x) => (x === null || x === undefined ? '—' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
const pad = (s, n) => String(s).padEnd(n);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A row's runs as one: median times, load and stand-in CPU; the worst main-thread figures. */
function combine(list) {
  const failed = list.find((r) => r.error);
  if (failed) return failed;
  const of = (key) => list.map((r) => r[key]);
  return {
    ...list[0],
    fetchMs: median(of('fetchMs')),
    summaryMs: list[0].summaryMs === null ? null : median(of('summaryMs')),
    totalMs: median(list.map((r) => r.fetchMs + (r.summaryMs ?? 0))),
    totals: list.map((r) => r.fetchMs + (r.summaryMs ?? 0)),
    longTasks: Math.max(...of('longTasks')),
    longestTask: Math.max(...of('longestTask')),
    probeDelay: Math.max(...of('probeDelay')),
    probeP99: Math.max(...of('probeP99')),
    load: median(of('load')),
    standinCpu: median(of('standinCpu')),
    cpu: list.every((r) => r.cpu) ? { main: median(list.map((r) => r.cpu.main)), workers: median(list.map((r) => r.cpu.workers)) } : null,
  };
}

/**
 * The goals printed beside a row: no main-thread task over 50 ms (the worker rows), and a
 * pool of more workers faster than one (`base`: pool-1's row, when it ran).
 */
function goal(r, base) {
  if (r.row === 'main' || r.row === 'plain') return 'reference (main thread)';
  const task = `longest task ≤ 50 ms: ${r.longestTask <= 50 ? 'met' : 'NOT met'}`;
  if (!r.row.startsWith('pool-') || r.row === 'pool-1' || !base || base.error) return task;
  const speedup = base.totalMs / r.totalMs;
  return `${task}; faster than pool-1: ${speedup.toFixed(2)}× (${speedup > 1 ? 'met' : 'not met'}; ${availableParallelism()} cores here)`;
}

async function main() {
  const rows = v.rows.split(',').filter(Boolean);
  const { server: standin, built } = buildStandin(Number(v.events), Number(v.latency));
  log(`stand-in: ${built.conversations} conversations → ${built.events} events, built in ${ms(built.ms)} (heap ${Math.round(built.heapMb)} MB)`);
  const since = END - 181 * DAY;
  const expected = standin.standin.dataset().events.filter((e) => e.createdAt >= since && e.createdAt < END).length;
  const config = {
    client: { baseUrl: null, accountId: 1, apiAccessToken: TOKEN }, since, until: END, window: { since: END - 30 * DAY, until: END },
  };
  const web = await serveBench({ root: ROOT, api: standin.listeners('request')[0], config: () => config });
  config.client.baseUrl = web.url;
  const runs = new Map(rows.map((row) => [row, []]));
  try {
    for (let k = 0; k < Number(v.runs); k++) {
      for (const row of k % 2 ? [...rows].reverse() : rows) {
        const load = loadavg()[0];
        const cpu = process.cpuUsage();
        const t0 = performance.now();
        log(`${row} (run ${k + 1})…`);
        const r = await inChromium(web, `${web.url}/benches/pool.html?row=${row}`, row, Number(v['row-timeout']) * 1000).catch((e) => ({ row, error: e.message }));
        const used = process.cpuUsage(cpu);
        r.load = load;
        r.standinCpu = (used.user + used.system) / 1000 / (performance.now() - t0);
        if (!r.error && r.events !== expected) r.error = `${r.events} events, ${expected} expected`;
        log(r.error ? `  failed: ${r.error.split('\n')[0]}` : `  ${ms(r.fetchMs)} + ${ms(r.summaryMs)}, longest task ${ms(r.longestTask)}, timer late by ${ms(r.probeDelay)}`);
        runs.get(row).push(r);
      }
    }
  } finally {
    await web.close();
  }
  const results = rows.map((row) => combine(runs.get(row)));
  const ua = results.find((r) => r.userAgent)?.userAgent ?? '';
  console.log(`\nThe worker pool, ${expected} events (${Math.ceil(expected / 25)} pages of 25) fetched from the stand-in over HTTP (latency ${v.latency} ms), then summarized; ${v.runs} run(s) a row`);
  console.log(`Chromium ${/Chrome\/([\d.]+)/.exec(ua)?.[1] ?? '?'} headless, no DevTools attached; ` +
    `Node ${process.version}; ${availableParallelism()} cores; stand-in built in ${ms(built.ms)}\n`);
  const head = ['row', 'fetch + gather', 'summarize', 'total', 'longest task', 'timer late p99/max', 'CPU main/workers', 'stand-in CPU', 'load', 'goal'];
  const widths = [8, 15, 10, Number(v.runs) > 1 ? 34 : 10, 13, 20, 18, 13, 6, 0];
  console.log(head.map((h, i) => pad(h, widths[i])).join(''));
  for (const r of results) {
    if (r.error) {
      console.log(`${pad(r.row, widths[0])}failed: ${r.error.split('\n')[0]}`);
      continue;
    }
    const cells = [r.row, ms(r.fetchMs), ms(r.summaryMs), r.totals.length > 1 ? `${ms(r.totalMs)} (${r.totals.map(ms).join(', ')})` : ms(r.totalMs),
      r.longTasks ? `${ms(r.longestTask)} (${r.longTasks})` : 'none > 50 ms', `${ms(r.probeP99)} / ${ms(r.probeDelay)}`,
      r.cpu ? `${r.cpu.main.toFixed(1)} s / ${r.cpu.workers.toFixed(1)} s` : '—',
      `${Math.round(r.standinCpu * 100)} % core`, r.load.toFixed(2), goal(r, results.find((x) => x.row === 'pool-1'))];
    console.log(cells.map((c, i) => pad(c, widths[i])).join(''));
  }
  if (results.some((r) => r.error)) process.exitCode = 1;
}

await main();
