// For benches/pool.mjs: the server of the bench page (its two files, pkg/, the stand-in's
// /api/ routes, and what the page POSTs), and one headless Chromium per row, started
// without Playwright, whose renderer threads' CPU time is read from /proc (Linux) between
// the page's two marks.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };

/**
 * Serves `root`'s pkg/ and benches/pool* files, `/__bench/pool-config.json` (`config()`),
 * hands /api/ to `api` (the stand-in's listener) and resolves `next(name)` with the body of
 * the next POST to /__bench/<name>. Not cross-origin isolated, as a dashboard usually is
 * not (the timings here are of seconds: performance.now()'s coarser steps do not matter).
 */
export async function serveBench({ root, api, config }) {
  const waiting = new Map();
  const send = (res, status, type, body) => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(body);
  };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://bench').pathname;
    if (path.startsWith('/api/')) return api(req, res);
    if (req.method === 'POST' && path.startsWith('/__bench/')) {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      waiting.get(path.slice('/__bench/'.length))?.(Buffer.concat(chunks).toString('utf8'));
      return send(res, 204, 'text/plain', '');
    }
    if (path === '/__bench/pool-config.json') return send(res, 200, 'application/json', JSON.stringify(config()));
    if (!/^\/(pkg\/[\w./-]+|benches\/pool[\w.-]*)$/.test(path) || path.includes('..')) return send(res, 404, 'text/plain', 'not found');
    try {
      send(res, 200, TYPES[extname(path)] ?? 'application/octet-stream', await readFile(join(root, path)));
    } catch {
      send(res, 404, 'text/plain', 'not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    next: (name) => new Promise((resolve) => waiting.set(name, resolve)),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/** CPU seconds of each thread of `pid`, by thread name ('chromium' is the main thread). */
function threadCpu(pid) {
  const out = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const name = tid === String(pid) ? 'main' : readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
    out.set(name, (out.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100); // utime + stime, in ticks of 1/100 s
  }
  return out;
}

/** The renderers (not the WebUI one) of the browser whose profile is `profile`: pid → threads' CPU. */
function renderers(profile) {
  const found = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes('--type=renderer') && cmd.includes(profile) && !cmd.includes('top-chrome-webui')) found.set(pid, threadCpu(pid));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/**
 * The page's main-thread and worker-thread CPU seconds between two `renderers()` samples:
 * the renderer whose main thread worked most (a spare renderer does nothing).
 */
function cpuBetween(before, after) {
  let best = null;
  for (const [pid, end] of after) {
    const start = before.get(pid) ?? new Map();
    const delta = (name) => (end.get(name) ?? 0) - (start.get(name) ?? 0);
    const cpu = { main: delta('main'), workers: delta('DedicatedWorker') };
    if (!best || cpu.main > best.main) best = cpu;
  }
  return best;
}

/**
 * Opens `url` in a headless Chromium of its own (own profile, own process group, no
 * DevTools) and resolves to what the page POSTs as `result-<row>`, with `cpu`: the
 * renderer's main and worker threads between the page's `start-<row>` mark and its result.
 */
export async function inChromium(bench, url, row, timeoutMs) {
  const profile = mkdtempSync(join(tmpdir(), 'pool-bench-'));
  const started = bench.next(`start-${row}`).then(() => renderers(profile));
  const reported = bench.next(`result-${row}`).then(async (text) => ({ text, before: await started, after: renderers(profile) }));
  const browser = spawn('/usr/bin/chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows', `--user-data-dir=${profile}`, url,
  ], { stdio: 'ignore', detached: true });
  const exit = new Promise((resolve) => browser.once('exit', resolve));
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no result after ${timeoutMs / 1000} s`)), timeoutMs); });
  try {
    const { text, before, after } = await Promise.race([reported, late, exit.then((code) => { throw new Error(`Chromium exited (${code}) first`); })]);
    return { ...JSON.parse(text), cpu: cpuBetween(before, after) };
  } finally {
    clearTimeout(timer);
    try {
      process.kill(-browser.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await exit;
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}
