#!/usr/bin/env node
// Benchmark runner: chatwoot-reporting (pkg/) against plain JavaScript, in Node and in
// headless Chromium. See benches/README.md.
//
//   node benches/run.mjs [--quick] [--runs N] [--warmup N] [--events N] [--calls N]
//                        [--seed S] [--only id,id] [--no-node] [--no-browser] [--json FILE]
//                        [--serve]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync, constants as zc } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';

import { generateBody, generateConversationBody, ACCOUNT_ID } from './generate.mjs';
import { OPS, runSuite, measureMemory } from './ops.mjs';

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
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 7).join('\n'));
  process.exit(0);
}
const quick = flag('quick');
const cfg = {
  events: Number(opt('events', 100_000)),
  calls: Number(opt('calls', 1000)),
  smallEvents: Number(opt('small-events', 20)),
  seed: Number(opt('seed', 1)),
  bigRuns: Number(opt('runs', quick ? 3 : 15)),
  bigWarmup: Number(opt('warmup', quick ? 1 : 3)),
  smallRuns: Number(opt('runs', quick ? 5 : 25)),
  smallWarmup: Number(opt('warmup', quick ? 1 : 5)),
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

// ---------------------------------------------------------------------------------------
// Node

async function runNode(cases) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  const lib = await import(pathToFileURL(join(PKG, 'node.js')).href);
  const glue = await import(pathToFileURL(join(PKG, 'wasm', 'chatwoot_reporting.js')).href);
  const wasm = glue.initSync({ module: readFileSync(join(PKG, 'wasm', 'chatwoot_reporting_bg.wasm')) }); // no-op: returns the exports
  const baseline = await import('./baseline.mjs');
  const memory = measureMemory(lib, wasm.memory, cases[0].data.bytes[0], ACCOUNT_ID);
  log(`Node ${process.version}: timing…`);
  const env = { lib, baseline, validate: baseline.compileValidator(), accountId: ACCOUNT_ID };
  const results = await runSuite({ env, cases, only: cfg.only, gc, log });
  return { version: process.version, memory, results };
}

// ---------------------------------------------------------------------------------------
// Chromium

function browserConfig(cases) {
  return {
    accountId: ACCOUNT_ID,
    only: cfg.only,
    memoryCase: 'big',
    cases: cases.map(({ id, file, many, events, warmup, runs }) => ({ id, file, many, events, warmup, runs })),
  };
}

async function startBenchServer(cases) {
  const { startServer } = await import('./serve.mjs');
  const virtual = new Map();
  for (const c of cases) {
    virtual.set(c.file, { type: 'application/json; charset=utf-8', body: c.served });
  }
  virtual.set('config.json', { type: 'application/json', body: JSON.stringify(browserConfig(cases)) });
  return startServer({ root: ROOT, virtual });
}

async function runChromium(cases) {
  const { chromium } = await import('playwright-core');
  const server = await startBenchServer(cases);
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
    await server.close();
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

function ratio(results, r) {
  if (!r || r.median == null) return '';
  const refId = r.input === 'string' ? 'json-string' : 'json-bytes';
  const ref = results.find((x) => x.case === r.case && x.op === refId);
  if (!ref?.median) return '';
  return `${(r.median / ref.median).toFixed(2)}×`;
}

function printTables(cases, node, chromium) {
  const lines = [];
  const W = Math.max(...OPS.map((o) => o.label.length), 30) + 2;
  for (const c of cases) {
    lines.push('');
    lines.push(`Case "${c.id}": ${c.title}; median of ${c.runs} runs after ${c.warmup} warm-up`);
    const head =
      pad('operation', W) + lpad('Node ms', 11) + lpad('Chromium ms', 13) + lpad('Node ×', 10) + lpad('Chromium ×', 12);
    lines.push(head);
    lines.push('-'.repeat(head.length));
    for (const op of OPS) {
      const n = node?.results.find((x) => x.case === c.id && x.op === op.id);
      const b = chromium?.results?.find((x) => x.case === c.id && x.op === op.id);
      if (!n && !b) continue;
      lines.push(
        pad(op.label, W) +
          lpad(fmtMs(n), 11) +
          lpad(fmtMs(b), 13) +
          lpad(ratio(node?.results ?? [], n), 10) +
          lpad(ratio(chromium?.results ?? [], b), 12),
      );
    }
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

function printMemory(label, m) {
  if (!m) return [];
  return [
    `${pad(label, 10)} WebAssembly.Memory ${fmtMB(m.before)} at start → ${fmtMB(m.held)} holding ` +
      `${fmtInt(m.events)} events; body ${fmtMB(m.bodyBytes)}; peak/body ${(m.held / m.bodyBytes).toFixed(2)}×, ` +
      `growth/body ${((m.held - m.before) / m.bodyBytes).toFixed(2)}×`,
  ];
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

  if (cfg.serve) {
    const server = await startBenchServer(cases);
    console.log(`serving ${ROOT} at ${server.url}/benches/bench.html?run (Ctrl-C to stop)`);
    return;
  }

  const node = cfg.node ? await runNode(cases) : null;
  let chromium = null;
  let chromiumError = null;
  if (cfg.browser) {
    try {
      chromium = await runChromium(cases);
    } catch (e) {
      chromiumError = e.message;
      log(`Chromium run failed: ${e.message}`);
    }
  }

  const out = [];
  const cpu = os.cpus();
  out.push('chatwoot-reporting benchmark');
  out.push(
    `machine: ${cpu.length} × ${cpu[0]?.model?.trim() ?? 'cpu'}, ${os.platform()} ${os.arch()}; ` +
      `Node ${process.version}; Chromium ${chromium?.version ?? (chromiumError ? 'failed' : 'not run')}` +
      (chromium ? ` (crossOriginIsolated ${chromium.crossOriginIsolated}, gc ${chromium.gc})` : ''),
  );
  out.push(
    `CPU busy in the second before the run: ${(busyAtStart * 100).toFixed(0)}% of ${os.cpus().length} cores` +
      (busyAtStart > 0.15 ? ' — other processes are running: expect noise' : ''),
  );
  out.push(`data: generate.mjs seed ${cfg.seed}; every call validates strictly with accountId ${ACCOUNT_ID}`);
  out.push(...printTables(cases, node, chromium));
  out.push('');
  out.push('"×" = median / median of the JSON.parse row with the same input: string rows vs JSON.parse(string),');
  out.push('Uint8Array rows (and rows on parsed sets) vs TextDecoder.decode + JSON.parse. Uint8Array rows include the');
  out.push('decode (baseline) or the copy into wasm memory (parseEvents); the page/process already holds the bytes.');
  out.push('');
  out.push('Package size (zlib level 9)');
  for (const r of sizes()) out.push(`  ${pad(fmtKB(r.raw), 11)} raw  ${lpad(fmtKB(r.gz), 10)} gzip  ${r.what}`);
  out.push('');
  out.push(`Memory after one parseEvents(Uint8Array) of case "${cases[0].id}" on a fresh instance (Memory never shrinks: this is the peak)`);
  out.push(...printMemory('Node', node?.memory));
  out.push(...printMemory('Chromium', chromium?.memory));
  if (chromiumError) out.push(`Chromium: FAILED: ${chromiumError}`);
  if (chromium?.pageErrors?.length) out.push(`Chromium page errors: ${chromium.pageErrors.join(' | ')}`);
  out.push('');
  out.push(`total time ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(out.join('\n'));

  if (cfg.json) {
    writeFileSync(cfg.json, JSON.stringify({ cfg, node, chromium, chromiumError, sizes: sizes() }, null, 2));
    log(`wrote ${cfg.json}`);
  }
  if (chromiumError || [node, chromium].some((r) => r?.results.some((x) => x.error))) process.exitCode = 1;
}

await main();
