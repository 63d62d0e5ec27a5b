// `toArrow` against plain JavaScript, in Node: figures only, no assertions.
//
//   node benches/arrow.mjs                    # 100 000 and 1 000 000 events (~3 min)
//   node benches/arrow.mjs --events 100000 --runs 7
//
// Per size, on the same generated body (benches/generate.mjs, seed 1), median of the runs:
// - toArrow(set): the stream from a set already parsed, and its bytes;
// - set.toColumns(): the typed arrays it is built from;
// - parseEvents(bytes) + toArrow: from the body's bytes to the stream;
// - the plain-JS baseline: JSON.parse(string) + apache-arrow's tableFromJSON + tableToIPC
//   (types inferred: numbers as float64, strings, timestamps included, as dictionaries),
//   and its bytes.
// Needs `bash scripts/build.sh` first. Re-runs itself with a larger heap (the baseline holds
// a million parsed objects and their Arrow builders at once) and `gc()`, run before each
// timed call so that one call's garbage is not collected in the next one's time.
import { spawnSync } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';
import { fileURLToPath } from 'node:url';

const HEAP_MB = 12_000;
if (getHeapStatistics().heap_size_limit < HEAP_MB * 2 ** 20 * 0.9 || !globalThis.gc) {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const { parseEvents } = await import('chatwoot-reporting');
const { toArrow } = await import('chatwoot-reporting/arrow');
const { tableFromJSON, tableToIPC } = await import('apache-arrow');
const { generateBody } = await import('./generate.mjs');

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : process.argv[i + 1];
};
const sizes = arg('events', '100000,1000000').split(',').map(Number);

/** Median time in ms of `runs` calls of fn (after one untimed call), and fn's last result. */
function time(fn, runs) {
  let out = fn();
  const ms = [];
  for (let i = 0; i < runs; i++) {
    globalThis.gc?.();
    const t = performance.now();
    out = fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return [ms[ms.length >> 1], out];
}

const f = (ms) => (ms < 100 ? ms.toFixed(1) : ms.toFixed(0));
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
console.log(`Node ${process.version}, ${(await import('node:os')).cpus()[0]?.model ?? '?'}; medians in ms`);
console.log('| events | body MB | toArrow | stream MiB | toColumns | parseEvents + toArrow | JSON.parse + tableFromJSON + tableToIPC | its stream MiB | baseline / parseEvents + toArrow |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const n of sizes) {
  const runs = Number(arg('runs', n > 200_000 ? 3 : 7));
  const text = generateBody(n, 1);
  const bytes = new TextEncoder().encode(text);
  const set = parseEvents(bytes, { maxBytes: 2 ** 31 });
  const [arrowMs, stream] = time(() => toArrow(set), runs);
  const [columnsMs] = time(() => set.toColumns(), runs);
  const [endMs] = time(() => {
    const s = parseEvents(bytes, { maxBytes: 2 ** 31 });
    try {
      return toArrow(s);
    } finally {
      s.free();
    }
  }, runs);
  set.free();
  const [baseMs, baseStream] = time(() => tableToIPC(tableFromJSON(JSON.parse(text)), 'stream'), runs);
  console.log(`| ${n.toLocaleString('en')} | ${mb(bytes.length)} | ${f(arrowMs)} | ${mb(stream.length)} | ${f(columnsMs)} | ${f(endMs)} | ${f(baseMs)} | ${mb(baseStream.length)} | ${(baseMs / endMs).toFixed(1)}× |`);
}
