// Memory and streamed parsing (issue 15): what an EventSet holds per event, the peak of
// wasm memory while a body is parsed (given whole, and streamed in 64 KiB chunks), whether
// a second parse of the same size grows memory, and streamed vs whole-body parse time —
// each beside its goal and beside plain JavaScript (JSON.parse) on the same bytes.
//
//   node benches/memory.mjs                 # 100 000 and 1 000 000 events
//   node benches/memory.mjs --events 100000 # one size
//
// Each measurement runs in a child process of its own, so that it starts from a fresh
// wasm instance (wasm memory never shrinks: its size is the peak reached so far).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { ACCOUNT_ID, generateBody } from './generate.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const PKG = join(HERE, '..', 'pkg');
const CHUNK = 64 * 1024;
const GOALS = { heldPerEvent: 64, streamedPeakPerBody: 0.5 };

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};

/** One measurement in this process (a child): prints one JSON line. */
async function child(kind, events) {
  const glue = await import(pathToFileURL(join(PKG, 'wasm', 'chatwoot_reporting.js')).href);
  const lib = await import(pathToFileURL(join(PKG, 'node.js')).href);
  await lib.init();
  const { memory } = glue.initSync({ module: readFileSync(join(PKG, 'wasm', 'chatwoot_reporting_bg.wasm')) });
  const bytes = new TextEncoder().encode(generateBody(events));
  const size = () => memory.buffer.byteLength;
  if (kind === 'json') {
    // Plain JavaScript: the heap JSON.parse's objects hold (after a full GC).
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc');
    const text = new TextDecoder().decode(bytes);
    gc();
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const parsed = JSON.parse(text);
    const ms = performance.now() - t0;
    gc();
    const held = process.memoryUsage().heapUsed - before;
    console.log(JSON.stringify({ kind, events: parsed.length, body: bytes.length, held, ms }));
    return;
  }
  if (kind === 'speed') {
    // Streamed vs whole-body parse time, alternating, medians (after one warm-up each).
    const whole = () => lib.parseEvents(bytes, { accountId: ACCOUNT_ID });
    const streamed = async () => {
      async function* chunks() {
        for (let i = 0; i < bytes.length; i += CHUNK) yield bytes.subarray(i, i + CHUNK);
      }
      return lib.parseEventStream(chunks(), { accountId: ACCOUNT_ID });
    };
    const text = new TextDecoder().decode(bytes);
    const times = { whole: [], streamed: [], json: [] };
    const runs = events >= 1_000_000 ? 4 : 12;
    for (let r = -1; r < runs; r++) {
      for (const k of r % 2 ? ['whole', 'streamed', 'json'] : ['json', 'streamed', 'whole']) {
        const t0 = performance.now();
        if (k === 'json') JSON.parse(text);
        else (k === 'whole' ? whole() : await streamed()).free();
        if (r >= 0) times[k].push(performance.now() - t0);
      }
    }
    const median = (a) => a.sort((x, y) => x - y)[a.length >> 1];
    console.log(JSON.stringify({ kind, whole: median(times.whole), streamed: median(times.streamed), json: median(times.json) }));
    return;
  }
  const parse = async () => {
    if (kind === 'whole') return lib.parseEvents(bytes, { accountId: ACCOUNT_ID });
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += CHUNK) yield bytes.subarray(i, i + CHUNK);
    }
    return lib.parseEventStream(chunks(), { accountId: ACCOUNT_ID });
  };
  const base = size();
  const t0 = performance.now();
  const first = await parse();
  const ms = performance.now() - t0;
  const afterFirst = size();
  const count = first.length;
  // Keeping the first: the second grows memory by what one set holds (the first parse's
  // transient memory is free again and reused).
  const second = await parse();
  const afterSecond = size();
  const third = await parse();
  const afterThird = size();
  // Freed: parsing the same size again must find its room in what was freed.
  first.free();
  second.free();
  third.free();
  const again = await parse();
  const afterAgain = size();
  again.free();
  console.log(JSON.stringify({
    kind, events: count, body: bytes.length, ms,
    peak: afterFirst - base, held: (afterThird - afterFirst) / 2, secondKept: afterSecond - afterFirst, secondFreed: afterAgain - afterThird,
  }));
}

function run(kind, events) {
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(import.meta.url), '--child', kind, '--events', String(events)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1));
}

const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;

if (process.argv.includes('--child')) {
  await child(arg('--child'), Number(arg('--events')));
} else {
  const sizes = arg('--events') ? [Number(arg('--events'))] : [100_000, 1_000_000];
  const rows = [];
  for (const n of sizes) {
    process.stderr.write(`measuring ${n} events…\n`);
    const whole = run('whole', n);
    const streamed = run('streamed', n);
    const json = run('json', n);
    const speed = run('speed', n);
    rows.push({ n, whole, streamed, json, speed });
  }
  console.log('| events | body | held B/event (goal ≤ 64) | JSON.parse heap B/event | peak, streamed (goal ≤ 0.5× body) | peak, whole body | 2nd parse after free (goal 0) | parse ms (median): streamed in 64 KiB chunks / whole body / JSON.parse of the string |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const { n, whole, streamed, json, speed } of rows) {
    const per = (x) => (x / n).toFixed(1);
    console.log(`| ${n.toLocaleString('en')} | ${mb(whole.body)} | ${per(streamed.held)} (whole: ${per(whole.held)}) | ${per(json.held)} | ${mb(streamed.peak)} = ${(streamed.peak / streamed.body).toFixed(2)}× | ${mb(whole.peak)} = ${(whole.peak / whole.body).toFixed(2)}× | streamed +${mb(streamed.secondFreed)}, whole +${mb(whole.secondFreed)} | ${speed.streamed.toFixed(0)} / ${speed.whole.toFixed(0)} / ${speed.json.toFixed(0)} |`);
  }
  console.log(`\nWasm memory grows in 64 KiB pages and never shrinks: "held" is the growth per set when sets are kept (two more after the first), "peak" the growth of the first parse from a fresh instance. Goals: held ≤ ${GOALS.heldPerEvent} B/event, streamed peak ≤ ${GOALS.streamedPeakPerBody}× the body.`);
}
