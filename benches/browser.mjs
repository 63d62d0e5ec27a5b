// The page side of the Chromium run (loaded by bench.html). Exposes `window.runBench(config)`,
// which run.mjs calls through Playwright; `bench.html?run` runs it by hand with the config the
// server holds at /__bench/config.json.
import * as lib from '../pkg/web.js';
import initGlue from '../pkg/wasm/chatwoot_reporting.js';
import * as baseline from './baseline.mjs';
import * as report from './baseline-report.mjs';
import { runSuite, measureMemory } from './ops.mjs';

/**
 * The fetch case: the first `n` display ids with events, from the stand-in's helper route
 * (served same-origin by the bench server).
 */
async function fetchCase(c) {
  const res = await fetch('/__standin/conversations');
  if (!res.ok) throw new Error(`GET /__standin/conversations: ${res.status}`);
  const { displayIds, emptyDisplayIds } = await res.json();
  const empty = new Set(emptyDisplayIds);
  const ids = displayIds.filter((id) => !empty.has(id)).slice(0, c.n);
  if (ids.length < c.n) throw new Error(`the stand-in has ${ids.length} conversations with events, ${c.n} asked`);
  const { token, accountId, concurrency, events } = c;
  return { ...c, data: { ids, events, baseUrl: location.origin, token, accountId, concurrency } };
}

/** CPU time (µs) of the runner's process, which hosts the stand-in during the page's run. */
async function probe() {
  const { user, system } = await (await fetch('/__bench/cpu.json')).json();
  return { server: user + system, client: null };
}

/** Fetches every case's bodies, so timed code starts from data the page already holds. */
async function loadCases(config) {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const cases = [];
  for (const c of config.cases) {
    if (c.kind === 'fetch') {
      cases.push(await fetchCase(c));
      continue;
    }
    const res = await fetch(`/__bench/${c.file}`);
    if (!res.ok) throw new Error(`GET ${c.file}: ${res.status}`);
    let texts, bytes;
    if (c.many) {
      texts = await res.json(); // an array of bodies
      bytes = texts.map((t) => enc.encode(t));
    } else {
      bytes = [new Uint8Array(await res.arrayBuffer())];
      texts = [dec.decode(bytes[0])];
    }
    cases.push({ ...c, data: { texts, bytes, events: c.events } });
  }
  return cases;
}

window.runBench = async (config) => {
  await lib.init();
  const wasm = await initGlue(); // already instantiated: returns the exports (with `memory`)
  const cases = await loadCases(config);
  const big = cases.find((c) => c.id === config.memoryCase) ?? cases.find((c) => c.data.bytes);
  // First parse on this fresh instance: the Memory size afterwards is the peak for one body.
  const memory = big ? measureMemory(lib, wasm.memory, big.data.bytes[0], config.accountId) : null;
  const env = { lib, baseline, report, validate: baseline.compileValidator(), accountId: config.accountId, probe };
  const results = await runSuite({
    env,
    cases,
    only: config.only,
    gc: typeof globalThis.gc === 'function' ? () => globalThis.gc() : undefined,
    log: (m) => console.log(m),
  });
  return {
    userAgent: navigator.userAgent,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    gc: typeof globalThis.gc === 'function',
    memory,
    results,
  };
};

// `bench.html?run`: runs the suite with the config the server holds (`&config=NAME`, default
// config.json), prints it, and with `&report=NAME` POSTs the result (or `{ error }`) to
// /__bench/NAME: how run.mjs reads a page run in a Chromium with no DevTools attached.
const params = new URLSearchParams(location.search);
if (params.has('run')) {
  const out = document.getElementById('out');
  out.textContent = 'running…';
  let result;
  try {
    const config = await (await fetch(`/__bench/${params.get('config') || 'config.json'}`)).json();
    result = await window.runBench(config);
    out.textContent = result.results
      .map((x) => `${x.case}\t${x.label}\t${x.median?.toFixed(2) ?? x.skipped ?? x.error}`)
      .join('\n');
  } catch (e) {
    result = { error: String(e?.stack ?? e) };
    out.textContent = result.error;
  }
  if (params.get('report')) {
    await fetch(`/__bench/${params.get('report')}`, { method: 'POST', body: JSON.stringify(result) });
  }
}
window.benchReady = true;
