// The benchmark rows and the timing loop, shared by Node (run.mjs) and Chromium (browser.mjs).
//
// A row is an entry of OPS:
//   {
//     id:       stable key (used by --only and in results JSON),
//     label:    what the table prints,
//     input:    'string' | 'bytes' | 'set' — which JSON.parse row its ratio is taken against
//               ('string' → JSON.parse(string), 'bytes' and 'set' → TextDecoder + JSON.parse),
//     requires: names `env.lib` must export, else the row is reported as skipped,
//     prepare(env, data) → { run(): number, cleanup?() }
//   }
// `data` holds one case: `{ texts: string[], bytes: Uint8Array[], events: number }` (one body
// for the big case, many for the per-conversation case). `run()` processes every body of the
// case once and returns how many events it saw (checked against `data.events` before timing,
// so a row that silently does nothing is caught). Work done in `prepare` is not timed.
// `env`: `{ lib, baseline, validate, accountId }` — the package's exports, baseline.mjs, the
// ajv validator compiled once, and the account id every event carries.
//
// To add a row (summarize, timeseries, fetch, ...), append an entry; rows whose `requires`
// are not exported yet are listed as skipped rather than failing the run.

export const OPS = [
  {
    id: 'json-string',
    label: 'JSON.parse(string)',
    input: 'string',
    prepare(env, { texts }) {
      return {
        run() {
          let n = 0;
          for (const t of texts) n += JSON.parse(t).length;
          return n;
        },
      };
    },
  },
  {
    id: 'json-bytes',
    label: 'TextDecoder + JSON.parse(Uint8Array)',
    input: 'bytes',
    prepare(env, { bytes }) {
      const dec = new TextDecoder();
      return {
        run() {
          let n = 0;
          for (const b of bytes) n += JSON.parse(dec.decode(b)).length;
          return n;
        },
      };
    },
  },
  {
    id: 'ajv-string',
    label: 'JSON.parse + ajv + checks (string)',
    input: 'string',
    prepare(env, { texts }) {
      const { parseAndValidate } = env.baseline;
      const opts = { accountId: env.accountId };
      return {
        run() {
          let n = 0;
          for (const t of texts) n += parseAndValidate(t, env.validate, opts).events.length;
          return n;
        },
      };
    },
  },
  {
    id: 'ajv-bytes',
    label: 'TextDecoder + JSON.parse + ajv + checks (Uint8Array)',
    input: 'bytes',
    prepare(env, { bytes }) {
      const { parseAndValidate } = env.baseline;
      const opts = { accountId: env.accountId };
      const dec = new TextDecoder();
      return {
        run() {
          let n = 0;
          for (const b of bytes) n += parseAndValidate(dec.decode(b), env.validate, opts).events.length;
          return n;
        },
      };
    },
  },
  {
    id: 'lib-bytes',
    label: 'parseEvents(Uint8Array)',
    input: 'bytes',
    requires: ['parseEvents'],
    prepare(env, { bytes }) {
      const opts = { accountId: env.accountId };
      return {
        run() {
          let n = 0;
          for (const b of bytes) {
            const set = env.lib.parseEvents(b, opts);
            n += set.length;
            set.free();
          }
          return n;
        },
      };
    },
  },
  {
    id: 'lib-string',
    label: 'parseEvents(string)',
    input: 'string',
    requires: ['parseEvents'],
    prepare(env, { texts }) {
      const opts = { accountId: env.accountId };
      return {
        run() {
          let n = 0;
          for (const t of texts) {
            const set = env.lib.parseEvents(t, opts);
            n += set.length;
            set.free();
          }
          return n;
        },
      };
    },
  },
  {
    id: 'lib-bytes-toarray',
    label: 'parseEvents(Uint8Array) + toArray()',
    input: 'bytes',
    requires: ['parseEvents'],
    prepare(env, { bytes }) {
      const opts = { accountId: env.accountId };
      return {
        run() {
          let n = 0;
          for (const b of bytes) {
            const set = env.lib.parseEvents(b, opts);
            n += set.toArray().length;
            set.free();
          }
          return n;
        },
      };
    },
  },
  {
    id: 'lib-validate',
    label: 'validateEvents(Uint8Array)',
    input: 'bytes',
    requires: ['validateEvents'],
    prepare(env, { bytes, events }) {
      const opts = { accountId: env.accountId };
      return {
        run() {
          let issues = 0;
          for (const b of bytes) issues += env.lib.validateEvents(b, opts).length;
          if (issues !== 0) throw new Error(`validateEvents found ${issues} issues in generated data`);
          return events; // nothing to count; the body is known to hold `events`
        },
      };
    },
  },
  // Rows for later API (API.md): measured on sets parsed outside the timer; skipped until
  // the package exports the function.
  {
    id: 'summarize',
    label: 'summarize(EventSet) (parsed beforehand)',
    input: 'set',
    requires: ['parseEvents', 'summarize'],
    prepare(env, { bytes, events }) {
      const sets = bytes.map((b) => env.lib.parseEvents(b, { accountId: env.accountId }));
      return {
        run() {
          for (const s of sets) env.lib.summarize(s);
          return events;
        },
        cleanup() {
          for (const s of sets) s.free();
        },
      };
    },
  },
  {
    id: 'timeseries',
    label: "timeseries(EventSet, {metric: 'avg_first_response_time'})",
    input: 'set',
    requires: ['parseEvents', 'timeseries'],
    prepare(env, { bytes, events }) {
      const sets = bytes.map((b) => env.lib.parseEvents(b, { accountId: env.accountId }));
      const opts = { metric: 'avg_first_response_time', groupBy: 'day' };
      return {
        run() {
          for (const s of sets) env.lib.timeseries(s, opts);
          return events;
        },
        cleanup() {
          for (const s of sets) s.free();
        },
      };
    },
  },
];

/** Median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Times `fn` after `warmup` untimed calls: `runs` timed calls, each preceded by a full GC
 * when `gc` is given (so one run does not pay for the previous run's garbage).
 */
export function measure(fn, { warmup, runs, gc, now = () => performance.now() }) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    gc?.();
    const t0 = now();
    fn();
    times.push(now() - t0);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), times };
}

/**
 * Runs every applicable row on every case. Returns
 * `[{ case, op, label, input, median, min, max, runs, skipped?, error? }]` (times in ms).
 * `cases`: `[{ id, data, warmup, runs }]`; `only`: optional substring filter on row ids.
 */
export async function runSuite({ env, cases, ops = OPS, only, gc, log = () => {} }) {
  const results = [];
  for (const c of cases) {
    for (const op of ops) {
      if (only && !only.some((o) => op.id.includes(o))) continue;
      const base = { case: c.id, op: op.id, label: op.label, input: op.input };
      const missing = (op.requires ?? []).filter((name) => typeof env.lib?.[name] !== 'function');
      if (missing.length) {
        results.push({ ...base, skipped: `not exported: ${missing.join(', ')}` });
        continue;
      }
      let prepared;
      try {
        prepared = op.prepare(env, c.data);
        const seen = prepared.run(); // also the first warm-up
        if (seen !== c.data.events) throw new Error(`saw ${seen} events, expected ${c.data.events}`);
        const m = measure(prepared.run, { warmup: Math.max(0, c.warmup - 1), runs: c.runs, gc });
        results.push({ ...base, ...m, runs: c.runs });
        log(`  ${c.id} ${op.label}: ${m.median.toFixed(2)} ms`);
      } catch (e) {
        results.push({ ...base, error: String(e?.message ?? e).slice(0, 200) });
        log(`  ${c.id} ${op.label}: ERROR ${e?.message ?? e}`);
      } finally {
        try {
          prepared?.cleanup?.();
        } catch {
          /* ignore */
        }
      }
      // Let pending finalizers and the event loop run between rows.
      await new Promise((r) => setTimeout(r, 0));
    }
  }
  return results;
}

/**
 * WebAssembly.Memory size before and after holding the events of `bytes` in one EventSet.
 * Memory never shrinks, so the size afterwards is the peak reached while parsing (the input
 * copy plus the columns). Call on a fresh instance, before anything else parses.
 */
export function measureMemory(lib, memory, bytes, accountId) {
  const before = memory.buffer.byteLength;
  const set = lib.parseEvents(bytes, { accountId });
  const held = memory.buffer.byteLength;
  const events = set.length;
  set.free();
  return { before, held, events, bodyBytes: bytes.byteLength };
}
