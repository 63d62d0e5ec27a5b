// The benchmark rows and the timing loop, shared by Node (run.mjs) and Chromium (browser.mjs).
//
// A row is an entry of OPS:
//   {
//     id:       stable key (used by --only and in results JSON),
//     label:    what the table prints,
//     input:    'string' | 'bytes' | 'set' | 'fetch' — which reference row its ratio is taken
//               against ('string' → JSON.parse(string), 'bytes' and 'set' → TextDecoder +
//               JSON.parse, 'fetch' → the fetch + JSON.parse loop),
//     cases:    the cases it runs on (default ['big', 'small']; the fetch rows: ['fetch']),
//     requires: names `env.lib` must export, else the row is reported as skipped,
//     goal:     optional: the issue-7 goal printed beside the row, a string (every case) or
//               `{ big, small }` (text per case),
//     prepare(env, data) → { run(): number | Promise<number>, verify?(), cleanup?() }
//   }
// `data` holds one case. Parse cases: `{ texts: string[], bytes: Uint8Array[], events }` (one
// body for the big case, many for the per-conversation case). The fetch case: `{ ids,
// events, baseUrl, accountId, token, concurrency }` (the stand-in's display ids). `run()`
// processes every body (or fetches every id) once and returns how many events it saw
// (checked against `data.events` before timing, so a row that silently does nothing is
// caught). Work done in `prepare` is not timed; a row that must agree with the library
// checks that there, once, and throws if not. `verify()`, when given, runs after timing.
// `env`: `{ lib, baseline, report, validate, accountId, probe? }` — the package's exports,
// baseline.mjs, baseline-report.mjs, the ajv validator compiled once, the account id every
// generated event carries, and for the fetch rows an async CPU probe
// (`{ server, client }` in µs, either null where unknown).
//
// Rows whose `requires` are not exported yet are listed as skipped rather than failing.

/** The time-series options the issue-7 goal names. */
export const TS_OPTIONS = Object.freeze({ metric: 'avg_first_response_time', groupBy: 'day', timezone: 'Europe/Berlin' });

/**
 * IANA zones with Europe/Berlin's rules over the generated 90 days (CET/CEST, EU change
 * dates): the "first call" row takes a new one each run, so every timed call meets cold
 * zone caches (the package's formatter and offset caches are keyed by zone name) and still
 * computes the same series as Europe/Berlin (checked after timing).
 */
export const BERLIN_LIKE_ZONES = [
  'Europe/Amsterdam', 'Europe/Andorra', 'Europe/Belgrade', 'Europe/Bratislava', 'Europe/Brussels',
  'Europe/Budapest', 'Europe/Busingen', 'Europe/Copenhagen', 'Europe/Gibraltar', 'Europe/Ljubljana',
  'Europe/Luxembourg', 'Europe/Madrid', 'Europe/Malta', 'Europe/Monaco', 'Europe/Oslo', 'Europe/Paris',
  'Europe/Podgorica', 'Europe/Prague', 'Europe/Rome', 'Europe/San_Marino', 'Europe/Sarajevo',
  'Europe/Skopje', 'Europe/Stockholm', 'Europe/Tirane', 'Europe/Vaduz', 'Europe/Vatican',
  'Europe/Vienna', 'Europe/Warsaw', 'Europe/Zagreb', 'Europe/Zurich', 'Arctic/Longyearbyen',
  'Africa/Ceuta',
];

const parseSets = (env, bytes) => bytes.map((b) => env.lib.parseEvents(b, { accountId: env.accountId }));
const freeAll = (sets) => {
  for (const s of sets) s.free();
};
/** Throws with the first differences when `diffs` is not empty. */
function agree(what, diffs) {
  if (diffs.length) throw new Error(`${what} differ from the library: ${diffs.slice(0, 3).join('; ')}${diffs.length > 3 ? ` (+${diffs.length - 3} more)` : ''}`);
}

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
    goal: { small: 'faster than the ajv (Uint8Array) row' },
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
  // Summaries (issue 3): the library on a set parsed beforehand vs the same figures in plain
  // JS from JSON.parse'd objects (also parsed beforehand), then both end to end from bytes.
  {
    id: 'summarize',
    label: 'summarize(EventSet) (parsed beforehand)',
    input: 'set',
    requires: ['parseEvents', 'summarize'],
    prepare(env, { bytes, events }) {
      const sets = parseSets(env, bytes);
      return {
        run() {
          for (const s of sets) env.lib.summarize(s);
          return events;
        },
        cleanup: () => freeAll(sets),
      };
    },
  },
  {
    // Issue 16: a plain array goes into columns in JavaScript (js/objects.js), not through
    // JSON.stringify and the decoder; compare with the d3 row below, on the same objects.
    id: 'summarize-array',
    label: 'summarize(array of objects) (JSON.parse\'d beforehand)',
    input: 'set',
    cases: ['big'],
    requires: ['parseEvents', 'summarize'],
    goal: 'no JSON.stringify round trip',
    prepare(env, { texts }) {
      const arrays = texts.map((t) => JSON.parse(t));
      return {
        run() {
          let n = 0;
          for (const a of arrays) n += env.lib.summarize(a).events;
          return n;
        },
      };
    },
  },
  {
    id: 'd3-summary',
    label: 'plain JS + d3-array summary (JSON.parse\'d beforehand)',
    input: 'set',
    cases: ['big'],
    requires: ['parseEvents', 'summarize'],
    prepare(env, { texts, bytes }) {
      const arrays = texts.map((t) => JSON.parse(t));
      // Once, before timing: the same figures as the library, exactly.
      const sets = parseSets(env, bytes);
      try {
        sets.forEach((s, i) => agree('JS summary figures', env.report.diffSummary(env.lib.summarize(s), env.report.summarizeJs(arrays[i]))));
      } finally {
        freeAll(sets);
      }
      return {
        run() {
          let n = 0;
          for (const a of arrays) n += env.report.summarizeJs(a).events;
          return n;
        },
      };
    },
  },
  {
    id: 'e2e-lib',
    label: 'bytes → parseEvents → summarize',
    input: 'bytes',
    cases: ['big'],
    requires: ['parseEvents', 'summarize'],
    goal: '≤ 0.33×; the row below ≥ 10× slower',
    prepare(env, { bytes }) {
      const opts = { accountId: env.accountId };
      return {
        run() {
          let n = 0;
          for (const b of bytes) {
            const set = env.lib.parseEvents(b, opts);
            n += env.lib.summarize(set).events;
            set.free();
          }
          return n;
        },
      };
    },
  },
  {
    id: 'e2e-js',
    label: 'bytes → TextDecoder + JSON.parse + ajv + checks + d3 summary',
    input: 'bytes',
    cases: ['big'],
    prepare(env, { bytes }) {
      const { parseAndValidate } = env.baseline;
      const opts = { accountId: env.accountId };
      const dec = new TextDecoder();
      return {
        run() {
          let n = 0;
          for (const b of bytes) n += env.report.summarizeJs(parseAndValidate(dec.decode(b), env.validate, opts).events).events;
          return n;
        },
      };
    },
  },
  // Time series (issue 7: day buckets in an IANA zone over 90 days).
  {
    id: 'timeseries',
    label: "timeseries(EventSet, {metric: 'avg_first_response_time'}) UTC",
    input: 'set',
    requires: ['parseEvents', 'timeseries'],
    prepare(env, { bytes, events }) {
      const sets = parseSets(env, bytes);
      const opts = { metric: 'avg_first_response_time', groupBy: 'day' };
      return {
        run() {
          for (const s of sets) env.lib.timeseries(s, opts);
          return events;
        },
        cleanup: () => freeAll(sets),
      };
    },
  },
  {
    id: 'ts-berlin-first',
    label: "timeseries(…, day, 'Europe/Berlin') first call for the zone",
    input: 'set',
    cases: ['big'],
    requires: ['parseEvents', 'timeseries'],
    goal: '≤ 5 ms',
    prepare(env, { bytes, events }) {
      const sets = parseSets(env, bytes);
      const zones = [...BERLIN_LIKE_ZONES];
      const outputs = []; // [zone, series] of every call, checked after timing
      return {
        run() {
          const timezone = zones.shift();
          if (timezone === undefined) throw new Error(`more runs than zones with Berlin's rules (${BERLIN_LIKE_ZONES.length})`);
          for (const s of sets) outputs.push([timezone, env.lib.timeseries(s, { ...TS_OPTIONS, timezone })]);
          return events;
        },
        verify() {
          const reference = sets.map((s) => env.lib.timeseries(s, TS_OPTIONS));
          outputs.forEach(([zone, series], k) => agree(`${zone} series`, env.report.diffSeries(reference[k % sets.length], series)));
        },
        cleanup: () => freeAll(sets),
      };
    },
  },
  {
    id: 'ts-berlin-warm',
    label: "timeseries(…, day, 'Europe/Berlin') warm",
    input: 'set',
    cases: ['big'],
    requires: ['parseEvents', 'timeseries'],
    goal: '≤ 5 ms',
    prepare(env, { bytes, events }) {
      const sets = parseSets(env, bytes);
      return {
        run() {
          for (const s of sets) env.lib.timeseries(s, TS_OPTIONS);
          return events;
        },
        cleanup: () => freeAll(sets),
      };
    },
  },
  {
    id: 'hours-recompute',
    label: "withWorkingHours(set, Mon–Fri 09–17 'Europe/Berlin') warm",
    input: 'set',
    cases: ['big'],
    requires: ['parseEvents', 'withWorkingHours'],
    // Issue 6: recompute value_in_business_hours of every event under a schedule.
    prepare(env, { bytes, events }) {
      const sets = parseSets(env, bytes);
      const day = [['09:00', '17:00']];
      const hours = { timezone: 'Europe/Berlin', weekly: { mon: day, tue: day, wed: day, thu: day, fri: day } };
      sets.forEach((s) => env.lib.withWorkingHours(s, hours).free()); // the zone's Intl look-ups once
      return {
        run() {
          for (const s of sets) env.lib.withWorkingHours(s, hours).free();
          return events;
        },
        cleanup: () => freeAll(sets),
      };
    },
  },
  {
    id: 'ts-js',
    label: 'plain JS: Intl day buckets (cached per day) + d3.mean',
    input: 'set',
    cases: ['big'],
    requires: ['parseEvents', 'timeseries'],
    prepare(env, { texts, bytes }) {
      const arrays = texts.map((t) => JSON.parse(t));
      const timeZone = TS_OPTIONS.timezone;
      // Once, before timing: the same buckets, counts and values as the library.
      const sets = parseSets(env, bytes);
      try {
        sets.forEach((s, i) => agree('JS series', env.report.diffSeries(env.lib.timeseries(s, TS_OPTIONS), env.report.timeseriesJs(arrays[i], { timeZone }))));
      } finally {
        freeAll(sets);
      }
      return {
        run() {
          let n = 0;
          for (const a of arrays) {
            env.report.timeseriesJs(a, { timeZone });
            n += a.length;
          }
          return n;
        },
      };
    },
  },
  // Fetching (issue 4): N conversations from the local stand-in, `concurrency` in flight.
  {
    id: 'fetch-raw',
    label: 'fetch + arrayBuffer, no parsing (transport only)',
    input: 'fetch',
    cases: ['fetch'],
    prepare(env, d) {
      return {
        async run() {
          await env.report.fetchLoop({ ...d, parse: false });
          return d.events; // bodies not read: the JSON rows check the count
        },
      };
    },
  },
  {
    id: 'fetch-json',
    label: 'fetch + JSON.parse loop',
    input: 'fetch',
    cases: ['fetch'],
    prepare(env, d) {
      return { run: () => env.report.fetchLoop(d) };
    },
  },
  {
    id: 'fetch-lib',
    label: 'client.conversationsEvents(ids)',
    input: 'fetch',
    cases: ['fetch'],
    requires: ['ReportingClient'],
    goal: '≥ 0.95× throughput',
    prepare(env, d) {
      // Same concurrency and token header as the loop; no retries, as the loop has none.
      const client = new env.lib.ReportingClient({
        baseUrl: d.baseUrl, accountId: d.accountId, apiAccessToken: d.token, concurrency: d.concurrency, retries: 0,
      });
      return {
        async run() {
          const { events, failed } = await client.conversationsEvents(d.ids);
          if (failed.length) throw new Error(`${failed.length} conversations failed, e.g. ${failed[0].displayId}: ${failed[0].error.code}`);
          const n = events.length;
          events.free();
          return n;
        },
        cleanup: () => client.free(),
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

/** Calls `fn`, awaiting its promise if it returns one. */
async function call(fn) {
  const r = fn();
  if (r && typeof r.then === 'function') await r;
}

/**
 * The times (and CPU, with a probe) of one row's timed calls, and their summary. With a
 * probe (async, → `{ server, client }` CPU µs or null), the result also has
 * `serverCpuShare` (server CPU time / timed wall time: 1 = one core busy throughout) and
 * `clientCpuMs` (client CPU per run, GC before the run excluded).
 */
function accumulator() {
  const acc = {
    times: [],
    server: 0,
    client: 0,
    result(runs, probe) {
      const { times, server, client } = acc;
      const out = { median: median(times), min: Math.min(...times), max: Math.max(...times), times };
      if (probe) {
        const wall = times.reduce((a, b) => a + b, 0);
        out.serverCpuShare = server == null ? null : server / 1000 / wall;
        out.clientCpuMs = client == null ? null : client / 1000 / runs;
      }
      return out;
    },
  };
  return acc;
}

/**
 * One timed call of `fn` (sync, or async: its promise is awaited inside the timed span)
 * into `acc`, after a full GC when `gc` is given (so one run does not pay for the previous
 * run's garbage); CPU is sampled just outside the timed span.
 */
async function timeOnce(fn, acc, { gc, probe }) {
  gc?.();
  const p0 = probe ? await probe() : null;
  const t0 = performance.now();
  await call(fn);
  acc.times.push(performance.now() - t0);
  if (probe) {
    const p1 = await probe();
    acc.server = p0.server == null || acc.server == null ? null : acc.server + (p1.server - p0.server);
    acc.client = p0.client == null || acc.client == null ? null : acc.client + (p1.client - p0.client);
  }
}

/**
 * Runs every applicable row on every case. Returns
 * `[{ case, op, label, input, median, min, max, runs, skipped?, error? }]` (times in ms).
 * `cases`: `[{ id, data, warmup, runs }]`; `only`: optional substring filter on row ids.
 */
export async function runSuite({ env, cases, ops = OPS, only, gc, log = () => {} }) {
  const results = [];
  for (const c of cases) {
    const rows = [];
    for (const op of ops) {
      if (!(op.cases ?? ['big', 'small']).includes(c.id)) continue;
      if (only && !only.some((o) => op.id.includes(o))) continue;
      const base = { case: c.id, op: op.id, label: op.label, input: op.input };
      const missing = (op.requires ?? []).filter((name) => typeof env.lib?.[name] !== 'function');
      if (missing.length) results.push({ ...base, skipped: `not exported: ${missing.join(', ')}` });
      else rows.push({ op, base });
    }
    // The fetch rows take turns, run by run (alternating which goes first), so that the
    // machine's drift over the seconds each run takes hits them alike: their ratios are
    // the figures that matter. The other rows run one after the other.
    const together = rows.length > 0 && rows.every((r) => r.op.input === 'fetch');
    if (together) results.push(...(await runTogether({ env, c, rows, gc, log })));
    else for (const row of rows) results.push(...(await runTogether({ env, c, rows: [row], gc, log })));
  }
  return results;
}

/**
 * Prepares `rows` on case `c`, checks each one's first run (also the first warm-up), then
 * times them in turns: a result per row, timings or the error that stopped it.
 */
async function runTogether({ env, c, rows, gc, log }) {
  const ready = [];
  const failed = [];
  const fail = (row, e) => {
    failed.push({ ...row.base, error: String(e?.message ?? e).slice(0, 300) });
    log(`  ${c.id} ${row.op.label}: ERROR ${e?.message ?? e}`);
  };
  for (const row of rows) {
    try {
      row.prepared = row.op.prepare(env, c.data);
      const seen = await row.prepared.run();
      if (seen !== c.data.events) throw new Error(`saw ${seen} events, expected ${c.data.events}`);
      row.probe = row.op.input === 'fetch' ? env.probe : undefined;
      row.acc = accumulator();
      ready.push(row);
    } catch (e) {
      fail(row, e);
      cleanup(row);
    }
  }
  let live = ready;
  for (let i = 0; i < Math.max(0, c.warmup - 1); i++) {
    live = await eachRow(live, i, (row) => call(row.prepared.run), fail);
  }
  for (let i = 0; i < c.runs; i++) {
    live = await eachRow(live, i, (row) => timeOnce(row.prepared.run, row.acc, { gc, probe: row.probe }), fail);
  }
  const results = [];
  for (const row of ready) {
    try {
      if (live.includes(row)) {
        await row.prepared.verify?.();
        const m = row.acc.result(c.runs, row.probe);
        results.push({ ...row.base, ...m, runs: c.runs });
        log(`  ${c.id} ${row.op.label}: ${m.median.toFixed(2)} ms`);
      }
    } catch (e) {
      fail(row, e);
    } finally {
      cleanup(row);
    }
  }
  // Let pending finalizers and the event loop run between rows.
  await new Promise((r) => setTimeout(r, 0));
  return [...results, ...failed];
}

/** `step(row)` for each row, in reverse order on odd turns; the rows that did not throw. */
async function eachRow(rows, turn, step, fail) {
  const ok = [];
  for (const row of turn % 2 ? [...rows].reverse() : rows) {
    try {
      await step(row);
      ok.push(row);
    } catch (e) {
      fail(row, e);
    }
  }
  return rows.filter((r) => ok.includes(r));
}

function cleanup(row) {
  try {
    row.prepared?.cleanup?.();
  } catch {
    /* ignore */
  }
}

/**
 * WebAssembly.Memory size before and after holding the events of `bytes` in one EventSet,
 * then after `summarize` and the Europe/Berlin `timeseries` of that set (the pipeline the
 * goal is about). Memory never shrinks, so each size is the peak reached so far. Call on a
 * fresh instance, before anything else parses. Also times that first `timeseries` call:
 * the first use of the engine's time-zone data in the process or page.
 */
export function measureMemory(lib, memory, bytes, accountId) {
  const before = memory.buffer.byteLength;
  const set = lib.parseEvents(bytes, { accountId });
  const held = memory.buffer.byteLength;
  const events = set.length;
  let pipeline = null;
  let firstTimeseriesMs = null;
  if (typeof lib.summarize === 'function' && typeof lib.timeseries === 'function') {
    lib.summarize(set);
    const t0 = performance.now();
    lib.timeseries(set, TS_OPTIONS);
    firstTimeseriesMs = performance.now() - t0;
    pipeline = memory.buffer.byteLength;
  }
  set.free();
  return { before, held, pipeline, events, bodyBytes: bytes.byteLength, firstTimeseriesMs };
}
