#!/usr/bin/env node
// Benchmark runner: chatwoot-reporting (pkg/) against plain JavaScript, in Node and in
// headless Chromium. See benches/README.md.
//
//   node benches/run.mjs [--quick] [--runs N] [--warmup N] [--events N] [--calls N]
//                        [--seed S] [--only id,id] [--no-node] [--no-browser] [--json FILE]
//                        [--fetch-n N] [--fetch-concurrency N] [--fetch-latency MS]
//                        [--fetch-runs N] [--no-fetch] [--serve]
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { gzipSync, constants as zc } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';

import { generateBody, generateConversationBody, ACCOUNT_ID } from './generate.mjs';
import { OPS, runSuite, measureMemory } from './ops.mjs';
import { STANDIN_ACCOUNT, STANDIN_TOKEN, conversationIds, expectedEvents, standinOptions, startStandinChild } from './standin.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const PKG = join(ROOT, 'pkg');

// ---------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
function opt(name, dflt) {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return dflt;
  return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
}
if (flag('help') || flag('h')) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 9).join('\n'));
  process.exit(0);
}
const quick = flag('quick');
const cfg = {
  events: Number(opt('events', 100_000)),
  calls: Number(opt('calls', 1000)),
  smallEvents: Number(opt('small-events', 20)),
  seed: Number(opt('seed', 1)),
  bigRuns: Number(opt('runs', quick ? 3 : 9)),
  bigWarmup: Number(opt('warmup', quick ? 1 : 2)),
  smallRuns: Number(opt('runs', quick ? 5 : 11)),
  smallWarmup: Number(opt('warmup', quick ? 1 : 2)),
  fetch: !flag('no-fetch'),
  fetchN: Number(opt('fetch-n', quick ? 500 : 2000)),
  fetchConcurrency: Number(opt('fetch-concurrency', 16)),
  fetchLatency: Number(opt('fetch-latency', 0)),
  fetchRuns: Number(opt('fetch-runs', opt('runs', quick ? 3 : 4))),
  fetchWarmup: Number(opt('warmup', 1)),
  only: opt('only', null)?.split(',').filter(Boolean) ?? null,
  node: !flag('no-node'),
  browser: !flag('no-browser'),
  json: opt('json', null),
  serve: flag('serve'),
};

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-gpu',
  '--no-first-run',
  '--js-flags=--expose-gc', // a full GC before each timed run, as in Node
];

const log = (...a) => console.error(...a); // progress on stderr, results on stdout

// ---------------------------------------------------------------------------------------
// Data

function makeCases() {
  let t0 = performance.now();
  const bigText = generateBody(cfg.events, cfg.seed);
  const bigBuf = Buffer.from(bigText, 'utf8');
  const smallTexts = [];
  for (let i = 0; i < cfg.calls; i++) smallTexts.push(generateConversationBody(cfg.smallEvents, cfg.seed * 100_003 + i));
  const smallBytes = smallTexts.map((t) => new Uint8Array(Buffer.from(t, 'utf8')));
  log(`generated data in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const smallTotal = smallBytes.reduce((s, b) => s + b.byteLength, 0);
  return [
    {
      id: 'big',
      file: 'big.json',
      many: false,
      title: `one body of ${fmtInt(cfg.events)} events (${fmtMB(bigBuf.byteLength)}), ms per body`,
      events: cfg.events,
      bodyBytes: bigBuf.byteLength,
      warmup: cfg.bigWarmup,
      runs: cfg.bigRuns,
      data: {
        texts: [bigText],
        bytes: [new Uint8Array(bigBuf.buffer, bigBuf.byteOffset, bigBuf.byteLength)],
        events: cfg.events,
      },
      served: bigBuf,
    },
    {
      id: 'small',
      file: 'small.json',
      many: true,
      title:
        `${fmtInt(cfg.calls)} calls on ${cfg.smallEvents}-event bodies (per-conversation endpoint; ` +
        `${fmtInt(Math.round(smallTotal / cfg.calls))} B each), ms per ${fmtInt(cfg.calls)} calls` +
        (cfg.calls === 1000 ? ' = µs per call' : ''),
      events: cfg.calls * cfg.smallEvents,
      bodyBytes: smallTotal,
      warmup: cfg.smallWarmup,
      runs: cfg.smallRuns,
      data: { texts: smallTexts, bytes: smallBytes, events: cfg.calls * cfg.smallEvents },
      served: JSON.stringify(smallTexts),
    },
  ];
}

/**
 * The fetch case, from the in-process stand-in (which serves the page's requests; the Node
 * run gets a child process with the same options, hence the same bytes): the first N
 * conversations with events, their event count and total body size.
 */
function makeFetchCase(standin) {
  const account = standin.standin.dataset();
  const ids = account.displayIds.filter((id) => account.conversationBody(id) !== '[]').slice(0, cfg.fetchN);
  if (ids.length < cfg.fetchN) throw new Error(`the stand-in has ${ids.length} conversations with events, --fetch-n ${cfg.fetchN}`);
  const bytes = ids.reduce((s, id) => s + Buffer.byteLength(account.conversationBody(id)), 0);
  const events = expectedEvents(standin, ids);
  return {
    id: 'fetch',
    kind: 'fetch',
    title:
      `${fmtInt(ids.length)} conversations from the local stand-in (${fmtInt(events)} events, ` +
      `${fmtInt(Math.round(bytes / ids.length))} B a body on average), ${cfg.fetchConcurrency} requests in flight` +
      (cfg.fetchLatency ? `, ${cfg.fetchLatency} ms added latency` : ', no added latency') + ', ms for all of them',
    n: ids.length,
    ids,
    events,
    bodyBytes: bytes,
    warmup: cfg.fetchWarmup,
    runs: cfg.fetchRuns,
    token: STANDIN_TOKEN,
    accountId: STANDIN_ACCOUNT,
    concurrency: cfg.fetchConcurrency,
  };
}

/** The stand-in options the fetch case uses in both environments. */
const standinConfig = () => ({ conversations: Math.max(3000, cfg.fetchN), latency: cfg.fetchLatency });

/** Whether any fetch row passes --only. */
const wantsFetch = () => cfg.fetch && OPS.some((o) => o.input === 'fetch' && (!cfg.only || cfg.only.some((x) => o.id.includes(x))));

// ---------------------------------------------------------------------------------------
// Node

async function runNode(cases) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  const lib = await import(pathToFileURL(join(PKG, 'node.js')).href);
  const glue = await import(pathToFileURL(join(PKG, 'wasm', 'chatwoot_reporting.js')).href);
  const wasm = glue.initSync({ module: readFileSync(join(PKG, 'wasm', 'chatwoot_reporting_bg.wasm')) }); // no-op: returns the exports
  const baseline = await import('./baseline.mjs');
  const report = await import('./baseline-report.mjs');
  const memory = measureMemory(lib, wasm.memory, cases[0].data.bytes[0], ACCOUNT_ID);
  // The fetch rows talk to a stand-in in a child process: this process runs only the client.
  let child = null;
  const fc = cases.find((c) => c.kind === 'fetch');
  if (fc) {
    child = await startStandinChild(standinConfig());
    const ids = await conversationIds(child.url, fc.n);
    if (ids.join() !== fc.ids.join()) throw new Error('the child stand-in lists other conversations than the in-process one');
    const { token, accountId, concurrency, events } = fc;
    cases = cases.map((c) => (c === fc ? { ...c, data: { ids, events, baseUrl: child.url, token, accountId, concurrency } } : c));
  }
  const probe = async () => {
    const s = await child.cpu();
    const c = process.cpuUsage();
    return { server: s.user + s.system, client: c.user + c.system };
  };
  log(`Node ${process.version}: timing…`);
  const env = { lib, baseline, report, validate: baseline.compileValidator(), accountId: ACCOUNT_ID, probe };
  try {
    const results = await runSuite({ env, cases, only: cfg.only, gc, log });
    return { version: process.version, memory, results };
  } finally {
    await child?.close();
  }
}

// ---------------------------------------------------------------------------------------
// Chromium

function browserConfig(cases) {
  return {
    accountId: ACCOUNT_ID,
    only: cfg.only,
    memoryCase: 'big',
    cases: cases.map((c) =>
      c.kind === 'fetch'
        ? (({ id, kind, n, events, warmup, runs, token, accountId, concurrency }) => ({ id, kind, n, events, warmup, runs, token, accountId, concurrency }))(c)
        : (({ id, file, many, events, warmup, runs }) => ({ id, file, many, events, warmup, runs }))(c),
    ),
  };
}

/**
 * The page's server: files, case bodies, config, the runner's CPU time (`cpu.json`), and the
 * in-process stand-in under /api/ and /__standin/ (same origin as the page).
 */
async function startBenchServer(cases, standin, served = false) {
  const { startServer } = await import('./serve.mjs');
  const virtual = new Map();
  for (const c of cases) {
    if (c.served !== undefined) virtual.set(c.file, { type: 'application/json; charset=utf-8', body: c.served });
  }
  // Playwright's page runs the parse cases, a Chromium without DevTools the fetch case;
  // `--serve` (a browser opened by hand) gets every case in config.json.
  const parse = cases.filter((c) => c.kind !== 'fetch');
  virtual.set('config.json', { type: 'application/json', body: JSON.stringify(browserConfig(served ? cases : parse)) });
  virtual.set('config-fetch.json', { type: 'application/json', body: JSON.stringify(browserConfig(cases.filter((c) => c.kind === 'fetch'))) });
  virtual.set('cpu.json', { type: 'application/json', body: () => JSON.stringify(process.cpuUsage()) });
  const api = standin ? standin.listeners('request')[0] : null;
  const reports = new Map(); // name → resolve, for pages that POST their result
  const receive = (name, text) => reports.get(name)?.(text);
  const server = await startServer({ root: ROOT, virtual, api, receive });
  /** Resolves to the text the page POSTs to /__bench/<name>. */
  server.report = (name) => new Promise((resolve) => reports.set(name, resolve));
  return server;
}

/**
 * Runs the page in a Chromium started without Playwright (no DevTools protocol attached:
 * Playwright's network instrumentation roughly doubles the cost of every fetch in the page)
 * and returns the result it POSTs back.
 */
async function runDetached(server, config, report, timeoutMs) {
  const profile = mkdtempSync(join(os.tmpdir(), 'bench-chromium-'));
  const args = [
    '--headless', ...CHROMIUM_ARGS, '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
    '--disable-backgrounding-occluded-windows', `--user-data-dir=${profile}`,
    `${server.url}/benches/bench.html?run&config=${config}&report=${report}`,
  ];
  // Its own process group, so that the browser and its helper processes can be ended together.
  const child = spawn(CHROMIUM, args, { stdio: 'ignore', detached: true });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let timer;
  try {
    const text = await Promise.race([
      server.report(report),
      exited.then((code) => Promise.reject(new Error(`Chromium exited (${code}) before reporting`))),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no result after ${timeoutMs / 1000} s`)), timeoutMs))),
    ]);
    const out = JSON.parse(text);
    if (out.error) throw new Error(`page: ${out.error.split('\n')[0]}`);
    return out;
  } finally {
    clearTimeout(timer);
    const group = () => {
      try {
        process.kill(-child.pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    if (group()) process.kill(-child.pid, 'SIGTERM');
    await exited;
    for (let i = 0; i < 50 && group(); i++) await new Promise((r) => setTimeout(r, 100));
    try {
      // Chromium's helper processes may still be writing for a moment after it exits.
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (e) {
      log(`could not remove ${profile}: ${e.message}`);
    }
  }
}

async function runChromium(cases, standin) {
  const server = await startBenchServer(cases, standin);
  const parse = cases.filter((c) => c.kind !== 'fetch');
  const fetchCase = cases.find((c) => c.kind === 'fetch');
  let pw = { results: [], pageErrors: [] };
  let detached = null;
  try {
    const parseRows = OPS.some((o) => o.input !== 'fetch' && (!cfg.only || cfg.only.some((x) => o.id.includes(x))));
    if (parse.length && parseRows) pw = await runPlaywright(server, parse);
    if (fetchCase) {
      log('Chromium without DevTools attached: fetch case…');
      const budget = 120_000 + (fetchCase.warmup + fetchCase.runs) * 3 * fetchCase.n * 20; // 20 ms a request is far too slow
      detached = await runDetached(server, 'config-fetch.json', 'result-fetch', budget);
      for (const r of detached.results) log(`  ${r.case} ${r.label}: ${r.median?.toFixed(2) ?? r.skipped ?? r.error}`);
    }
  } finally {
    await server.close();
  }
  const version = pw.version ?? /Chrome\/([\d.]+)/.exec(detached?.userAgent ?? '')?.[1];
  return {
    ...pw,
    version,
    results: [...pw.results, ...(detached?.results ?? [])],
    fetch: detached && { userAgent: detached.userAgent, crossOriginIsolated: detached.crossOriginIsolated, gc: detached.gc },
  };
}

/** The parse cases in a Playwright-driven page (console output and page errors collected). */
async function runPlaywright(server, cases) {
  const { chromium } = await import('playwright-core');
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400) pageErrors.push(`HTTP ${r.status()} ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
      else log(m.text());
    });
    await page.goto(`${server.url}/benches/bench.html`);
    try {
      await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 });
    } catch (e) {
      throw new Error(`bench page did not load: ${pageErrors.join(' | ') || e.message}`);
    }
    log(`Chromium ${browser.version()}: timing…`);
    const out = await page.evaluate((config) => window.runBench(config), browserConfig(cases));
    return { version: browser.version(), ...out, pageErrors };
  } finally {
    await browser?.close();
  }
}

// ---------------------------------------------------------------------------------------
// Sizes

const gz = (buf) => gzipSync(buf, { level: 9 }).byteLength;

/** The files a JS entry loads: follows relative static imports. */
function importGraph(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    const re = /(?:\bfrom\s*|\bimport\s*\(?\s*)(["'])(\.{1,2}\/[^"']+)\1/g;
    for (const m of src.matchAll(re)) visit(join(dirname(file), m[2]));
  };
  visit(entry);
  return [...seen];
}

function sizes() {
  const wasmFile = join(PKG, 'wasm', 'chatwoot_reporting_bg.wasm');
  const rows = [];
  const wasm = readFileSync(wasmFile);
  rows.push({ what: relative(ROOT, wasmFile), raw: wasm.byteLength, gz: gz(wasm) });
  const group = (label, entry) => {
    const files = importGraph(join(PKG, entry));
    const bufs = files.map((f) => readFileSync(f));
    const concat = Buffer.concat(bufs);
    rows.push({
      what: `${label}: ${files.map((f) => relative(PKG, f)).join(' + ')}`,
      raw: concat.byteLength,
      gz: bufs.reduce((s, b) => s + gz(b), 0),
      files: files.length,
    });
    return bufs.reduce((s, b) => s + gz(b), 0);
  };
  const webJs = group('browser JS (pkg/web.js and its imports, each file gzipped)', 'web.js');
  group('Node JS (pkg/node.js and its imports, each file gzipped)', 'node.js');
  rows.push({ what: 'browser total: wasm + browser JS', raw: null, gz: rows[0].gz + webJs });
  return rows;
}

/** Share of all cores' time spent busy over `ms` (other processes make timings noisy). */
async function cpuBusy(ms) {
  const sample = () => os.cpus().reduce(
    (a, c) => {
      const t = c.times;
      a.total += t.user + t.nice + t.sys + t.idle + t.irq;
      a.idle += t.idle;
      return a;
    },
    { total: 0, idle: 0 },
  );
  const a = sample();
  await new Promise((r) => setTimeout(r, ms));
  const b = sample();
  const total = b.total - a.total;
  return total > 0 ? 1 - (b.idle - a.idle) / total : 0;
}

// ---------------------------------------------------------------------------------------
// Output

function fmtInt(n) {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
function fmtMB(n) {
  return `${(n / 1e6).toFixed(1)} MB`;
}
function fmtKB(n) {
  return n == null ? '' : `${(n / 1024).toFixed(1)} KiB`;
}
function fmtMs(r) {
  if (!r) return '—';
  if (r.skipped) return 'skipped';
  if (r.error) return 'ERROR';
  return r.median >= 100 ? r.median.toFixed(1) : r.median.toFixed(2);
}
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

const REF = { string: 'json-string', bytes: 'json-bytes', set: 'json-bytes', fetch: 'fetch-json' };
const goalOf = (op, caseId) => (typeof op.goal === 'string' ? op.goal : op.goal?.[caseId]);

/** The median of row `op` in case `caseId`, or undefined. */
function med(env, caseId, op) {
  return env?.results?.find((x) => x.case === caseId && x.op === op)?.median;
}

/** Parse cases: median / the reference JSON.parse row. Fetch: reference time / median (throughput). */
function ratio(results, r) {
  if (!r || r.median == null) return '';
  const ref = results.find((x) => x.case === r.case && x.op === REF[r.input]);
  if (!ref?.median) return '';
  return `${(r.input === 'fetch' ? ref.median / r.median : r.median / ref.median).toFixed(2)}×`;
}

function printTables(cases, node, chromium) {
  const lines = [];
  const W = Math.max(...OPS.map((o) => o.label.length), 30) + 2;
  for (const c of cases) {
    const fetchCase = c.kind === 'fetch';
    lines.push('');
    lines.push(`Case "${c.id}": ${c.title}; median of ${c.runs} runs after ${c.warmup} warm-up`);
    const head =
      pad('operation', W) + lpad('Node ms', 11) + lpad('Chromium ms', 13) +
      (fetchCase ? lpad('Node conv/s', 13) + lpad('Chromium conv/s', 17) : '') +
      lpad('Node ×', 10) + lpad('Chromium ×', 12) + '  goal (issue 7)';
    lines.push(head);
    lines.push('-'.repeat(head.length));
    const perSecond = (r) => (r?.median ? fmtInt((c.n / r.median) * 1000) : '');
    for (const op of OPS) {
      const n = node?.results.find((x) => x.case === c.id && x.op === op.id);
      const b = chromium?.results?.find((x) => x.case === c.id && x.op === op.id);
      if (!n && !b) continue;
      lines.push(
        pad(op.label, W) +
          lpad(fmtMs(n), 11) +
          lpad(fmtMs(b), 13) +
          (fetchCase ? lpad(perSecond(n), 13) + lpad(perSecond(b), 17) : '') +
          lpad(ratio(node?.results ?? [], n), 10) +
          lpad(ratio(chromium?.results ?? [], b), 12) +
          (goalOf(op, c.id) ? `  ${goalOf(op, c.id)}` : ''),
      );
    }
    if (fetchCase) lines.push(...printFetchCpu(c, node, chromium, W));
  }
  const notes = new Set();
  for (const [env, r] of [['Node', node], ['Chromium', chromium]]) {
    for (const x of r?.results ?? []) {
      if (x.error) notes.add(`${env} ${x.case} "${x.label}": ${x.error}`);
      if (x.skipped) notes.add(`"${x.label}" skipped: ${x.skipped}`);
    }
  }
  if (notes.size) {
    lines.push('');
    lines.push(...[...notes].map((n) => `note: ${n}`));
  }
  return lines;
}

/** CPU use during the fetch rows' timed runs: is the stand-in the bottleneck? */
function printFetchCpu(c, node, chromium, W) {
  const lines = ['', pad('CPU during the timed runs', W) + lpad('stand-in, Node run', 20) + lpad('Node client', 16) + lpad('stand-in (runner), Chromium', 30)];
  const share = (r) => (r?.serverCpuShare == null ? '' : `${(r.serverCpuShare * 100).toFixed(0)}% of a core`);
  for (const op of OPS.filter((o) => o.input === 'fetch')) {
    const n = node?.results.find((x) => x.case === c.id && x.op === op.id);
    const b = chromium?.results?.find((x) => x.case === c.id && x.op === op.id);
    if (!n?.median && !b?.median) continue;
    lines.push(
      pad(op.label, W) + lpad(share(n), 20) +
        lpad(n?.clientCpuMs == null ? '' : `${(n.clientCpuMs / c.n * 1000).toFixed(0)} µs/conv`, 16) + lpad(share(b), 30),
    );
  }
  return lines;
}

function printMemory(label, m) {
  if (!m) return [];
  const peak = Math.max(m.held, m.pipeline ?? 0);
  return [
    `${pad(label, 10)} WebAssembly.Memory ${fmtMB(m.before)} at start → ${fmtMB(m.held)} holding ` +
      `${fmtInt(m.events)} events` +
      (m.pipeline != null ? ` → ${fmtMB(m.pipeline)} after summarize + timeseries` : '') +
      `; body ${fmtMB(m.bodyBytes)}; peak/body ${(peak / m.bodyBytes).toFixed(2)}×, ` +
      `growth/body ${((peak - m.before) / m.bodyBytes).toFixed(2)}×`,
  ];
}

/** `a / b` of two medians as "N.NN×", or '—'. */
function div(a, b) {
  return a && b ? a / b : null;
}
const x2 = (v) => (v == null ? '—' : `${v.toFixed(2)}×`);

/** Plain JS vs the library, head to head: plain median / library median (> 1: the library is faster). */
function printHeadToHead(node, chromium) {
  const pairs = [
    ['big', 'parse + validate, 100k-event body', 'ajv-bytes', 'lib-bytes'],
    ['small', 'parse + validate, 1 000 × 20-event bodies', 'ajv-bytes', 'lib-bytes'],
    ['big', 'summary of parsed events', 'd3-summary', 'summarize'],
    ['big', 'bytes → summary, end to end', 'e2e-js', 'e2e-lib'],
    ['big', "day series, 'Europe/Berlin', warm", 'ts-js', 'ts-berlin-warm'],
    ['big', "day series, 'Europe/Berlin', first call for the zone", 'ts-js', 'ts-berlin-first'],
    ['fetch', 'fetch N conversations', 'fetch-json', 'fetch-lib'],
  ];
  const W = 58;
  const lines = ['', 'Library vs plain JavaScript: plain median / library median (> 1: the library is faster)'];
  lines.push(pad('comparison', W) + lpad('Node', 9) + lpad('Chromium', 11));
  for (const [c, what, plain, ours] of pairs) {
    const n = div(med(node, c, plain), med(node, c, ours));
    const b = div(med(chromium, c, plain), med(chromium, c, ours));
    if (n == null && b == null) continue;
    lines.push(pad(what, W) + lpad(x2(n), 9) + lpad(x2(b), 11));
  }
  return lines;
}

/** The goals of issue 7, each with the value reached in each environment. */
function printGoals(node, chromium, sizeRows) {
  const KB = 41_000;
  const verdict = (v, ok) => (v == null ? '—' : `${v} ${ok ? 'met' : 'NOT met'}`);
  const perEnv = (f) => [node, chromium].map((env) => (env ? f(env) : '—'));
  const goals = [
    ['bytes → validated EventSet → summarize vs TextDecoder + JSON.parse', '≤ 0.33×', perEnv((e) => {
      const v = div(med(e, 'big', 'e2e-lib'), med(e, 'big', 'json-bytes'));
      return verdict(v == null ? null : x2(v), v <= 0.33);
    })],
    ['  the same vs JSON.parse(string) alone', '≤ 0.33×', perEnv((e) => {
      const v = div(med(e, 'big', 'e2e-lib'), med(e, 'big', 'json-string'));
      return verdict(v == null ? null : x2(v), v <= 0.33);
    })],
    ['… vs JSON.parse + ajv + checks + d3 summary (speed-up)', '≥ 10×', perEnv((e) => {
      const v = div(med(e, 'big', 'e2e-js'), med(e, 'big', 'e2e-lib'));
      return verdict(v == null ? null : x2(v), v >= 10);
    })],
    ["timeseries day buckets, 'Europe/Berlin', 90 days, warm", '≤ 5 ms', perEnv((e) => {
      const v = med(e, 'big', 'ts-berlin-warm');
      return verdict(v == null ? null : `${v.toFixed(2)} ms`, v <= 5);
    })],
    ['  the same, first call for the zone', '≤ 5 ms', perEnv((e) => {
      const v = med(e, 'big', 'ts-berlin-first');
      return verdict(v == null ? null : `${v.toFixed(2)} ms`, v <= 5);
    })],
    ['small bodies 1 000 × 20: parseEvents vs JSON.parse + ajv (time)', '< 1× (faster)', perEnv((e) => {
      const v = div(med(e, 'small', 'lib-bytes'), med(e, 'small', 'ajv-bytes'));
      return verdict(v == null ? null : x2(v), v < 1);
    })],
    ['.wasm + browser JS, gzip -9 (per file, summed)', '≤ 41 KB', (() => {
      const total = sizeRows.find((r) => r.what.startsWith('browser total'))?.gz;
      const v = total == null ? null : `${(total / 1000).toFixed(1)} KB`;
      return [verdict(v, total <= KB), '(same files)'];
    })()],
    ['peak WebAssembly.Memory / body (parse + summarize + timeseries)', '≤ 1.5×', perEnv((e) => {
      const m = e.memory;
      const v = m ? Math.max(m.held, m.pipeline ?? 0) / m.bodyBytes : null;
      return verdict(v == null ? null : x2(v), v <= 1.5);
    })],
    ['conversationsEvents vs fetch + JSON.parse loop (throughput)', '≥ 0.95×', perEnv((e) => {
      const v = div(med(e, 'fetch', 'fetch-json'), med(e, 'fetch', 'fetch-lib'));
      return verdict(v == null ? null : x2(v), v >= 0.95);
    })],
  ];
  const W = 68;
  const lines = ['', 'Goals (issue 7)'];
  lines.push(pad('goal', W) + pad('target', 15) + pad('Node', 20) + 'Chromium');
  for (const [what, target, [n, b]] of goals) lines.push(pad(what, W) + pad(target, 15) + pad(n, 20) + b);
  return lines;
}

// ---------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(join(PKG, 'node.js')) || !existsSync(join(PKG, 'wasm', 'chatwoot_reporting_bg.wasm'))) {
    console.error(`pkg/ is not built (${relative(process.cwd(), PKG) || PKG}/node.js missing). Build it first.`);
    process.exit(2);
  }
  const started = performance.now();
  const busyAtStart = await cpuBusy(1000);
  const cases = makeCases();
  // The in-process stand-in: serves the page's fetches (same origin) and gives the expected
  // ids and event count; Node's fetch rows use a child process with the same options.
  let standin = null;
  if (wantsFetch()) {
    const { createAppServer } = await import('../www/server.mjs');
    standin = createAppServer(standinOptions(standinConfig()));
    cases.push(makeFetchCase(standin));
  }

  if (cfg.serve) {
    const server = await startBenchServer(cases, standin, true);
    console.log(`serving ${ROOT} at ${server.url}/benches/bench.html?run (Ctrl-C to stop)`);
    return;
  }

  const node = cfg.node ? await runNode(cases) : null;
  let chromium = null;
  let chromiumError = null;
  if (cfg.browser) {
    try {
      chromium = await runChromium(cases, standin);
    } catch (e) {
      chromiumError = e.message;
      log(`Chromium run failed: ${e.message}`);
    }
  }
  const sizeRows = sizes();

  const out = [];
  const cpu = os.cpus();
  out.push('chatwoot-reporting benchmark');
  out.push(
    `machine: ${cpu.length} × ${cpu[0]?.model?.trim() ?? 'cpu'}, ${os.platform()} ${os.arch()}; ` +
      `Node ${process.version}; Chromium ${chromium?.version ?? (chromiumError ? 'failed' : 'not run')}` +
      (chromium?.results?.length
        ? ` (crossOriginIsolated ${chromium.crossOriginIsolated ?? chromium.fetch?.crossOriginIsolated}, gc ${chromium.gc ?? chromium.fetch?.gc}` +
          (chromium.fetch ? '; fetch case in a Chromium started without Playwright/DevTools' : '') + ')'
        : ''),
  );
  out.push(
    `CPU busy in the second before the run: ${(busyAtStart * 100).toFixed(0)}% of ${os.cpus().length} cores` +
      (busyAtStart > 0.15 ? ' — other processes are running: expect noise' : ''),
  );
  out.push(`data: generate.mjs seed ${cfg.seed}; every call validates strictly with accountId ${ACCOUNT_ID}`);
  out.push(...printTables(cases, node, chromium));
  out.push('');
  out.push('"×" = median / median of the JSON.parse row with the same input: string rows vs JSON.parse(string),');
  out.push('Uint8Array rows (and rows on parsed sets or parsed objects) vs TextDecoder.decode + JSON.parse. Uint8Array rows');
  out.push('include the decode (baseline) or the copy into wasm memory (parseEvents); the page/process already holds the bytes.');
  out.push('Fetch case: "×" = throughput relative to the fetch + JSON.parse loop (its median / the row\'s median).');
  out.push('Plain-JS summary and series rows were checked once against the library before timing: the same numbers exactly.');
  const first = [['Node', node], ['Chromium', chromium]]
    .filter(([, e]) => e?.memory?.firstTimeseriesMs != null)
    .map(([l, e]) => `${l} ${e.memory.firstTimeseriesMs.toFixed(1)} ms`);
  if (first.length) {
    out.push(`The very first timeseries call of the process/page (loads the engine's time-zone data; one sample): ${first.join(', ')}.`);
  }
  out.push(...printHeadToHead(node, chromium));
  out.push('');
  out.push('Package size (zlib level 9)');
  for (const r of sizeRows) out.push(`  ${pad(fmtKB(r.raw), 11)} raw  ${lpad(fmtKB(r.gz), 10)} gzip  ${r.what}`);
  out.push('');
  out.push(`Memory on a fresh instance: one parseEvents(Uint8Array) of case "${cases[0].id}", then summarize and timeseries on it (Memory never shrinks: these are peaks)`);
  out.push(...printMemory('Node', node?.memory));
  out.push(...printMemory('Chromium', chromium?.memory));
  out.push(...printGoals(node, chromium, sizeRows));
  if (chromiumError) out.push(`Chromium: FAILED: ${chromiumError}`);
  if (chromium?.pageErrors?.length) out.push(`Chromium page errors: ${chromium.pageErrors.join(' | ')}`);
  out.push('');
  out.push(`total time ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(out.join('\n'));

  if (cfg.json) {
    writeFileSync(cfg.json, JSON.stringify({ cfg, node, chromium, chromiumError, sizes: sizeRows }, null, 2));
    log(`wrote ${cfg.json}`);
  }
  if (chromiumError || [node, chromium].some((r) => r?.results.some((x) => x.error))) process.exitCode = 1;
}

await main();
