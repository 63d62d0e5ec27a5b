// `chatwoot-reporting/arrow` (issue 15): toArrow's stream read back by apache-arrow (field
// names, types, nullability, Arrow nulls), then loaded into a real DuckDB, whose SQL must
// give what `summarize` gives on the same events: counts, means, medians and the other
// quantiles, sums, per-agent and per-inbox counts.
//
// The DuckDB is DuckDB itself compiled to WebAssembly (@duckdb/duckdb-wasm, in process, its
// blocking Node build), whose Arrow IPC reader is built in. The native @duckdb/node-api
// (DuckDB 1.5.6) reads Arrow IPC only through the community `nanoarrow` extension, which
// DuckDB downloads at run time from its own extension server, out of reach of this
// machine and of CI (the INSTALL fails: "Failed to download extension"); the SQL and the
// aggregate functions are the same engine code.
//
// Median: DuckDB's `median(x)` is `quantile_cont(x, 0.5)` for numbers: linear interpolation
// between the order statistics at h = (n − 1)·p, so for an even n the mean of the two middle
// values, the package's definition (API.md). Checked below on four values, then on all.
//
// Size: the 1 000 000 events, which fit (ARROW_EVENTS overrides). Measured on this
// 2-core machine: 15 to 33 s for the whole file as the machine is busy (generating the
// 311 MB body 9–20 s, parseEvents 2.4–4.8 s, toArrow 0.3–0.4 s, DuckDB's start 1 s,
// loading the 88 MiB stream 0.7–2.3 s, the SQL and checks 1–3 s), 2.5 GB peak memory.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { tableFromIPC } from 'apache-arrow';

import { parseEvents, summarize, EventSet, ReportingError } from 'chatwoot-reporting';
import { toArrow } from 'chatwoot-reporting/arrow';
import { generateBody } from '../../benches/generate.mjs';

const N = Number(process.env.ARROW_EVENTS ?? 1_000_000);
const require = createRequire(import.meta.url);
const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');

let db;
before(async () => {
  const dist = new URL('../../node_modules/@duckdb/duckdb-wasm/dist/', import.meta.url).pathname;
  db = await duckdb.createDuckDB({
    mvp: { mainModule: `${dist}duckdb-mvp.wasm`, mainWorker: `${dist}duckdb-node-mvp.worker.cjs` },
    eh: { mainModule: `${dist}duckdb-eh.wasm`, mainWorker: `${dist}duckdb-node-eh.worker.cjs` },
  }, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
});

/** The rows of a query as plain objects, BIGINT as numbers. */
function rows(conn, sql) {
  return conn.query(sql).toArray().map((r) => Object.fromEntries(
    Object.entries(r.toJSON()).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]),
  ));
}

/** `a` and `b` equal, or within `rel` of each other (sums in another order). */
function close(a, b, rel, what) {
  if (a === b) return 0;
  const d = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  assert.ok(d <= rel, `${what}: ${a} vs ${b} (relative ${d})`);
  return d;
}

test('the stream has Chatwoot\'s field names, the declared types and nullability, and Arrow nulls where the set has null', () => {
  const set = parseEvents(generateBody(2_000, 5));
  const cols = set.toColumns();
  const table = tableFromIPC(toArrow(set));
  assert.deepEqual(table.schema.fields.map((f) => `${f.name} ${f.type} ${f.nullable ? 'null' : 'not null'}`), [
    'id Int64 not null', 'name Dictionary<Int32, Utf8> not null', 'value Float64 not null',
    'value_in_business_hours Float64 null', 'event_start_time Timestamp<MILLISECOND, UTC> null',
    'event_end_time Timestamp<MILLISECOND, UTC> null', 'account_id Int64 not null', 'inbox_id Int64 null',
    'user_id Int64 null', 'conversation_id Int64 null', 'created_at Timestamp<MILLISECOND, UTC> not null',
    'updated_at Timestamp<MILLISECOND, UTC> not null',
  ]);
  assert.equal(table.numRows, set.length);
  const nulls = (a) => a.reduce((k, x) => k + (Number.isNaN(x) ? 1 : 0), 0);
  assert.ok(nulls(cols.userId) > 0 && nulls(cols.valueInBusinessHours) > 0, 'the sample has nulls to check');
  for (const [field, key] of [['user_id', 'userId'], ['value_in_business_hours', 'valueInBusinessHours'], ['event_start_time', 'eventStartTime']]) {
    assert.equal(table.getChild(field).nullCount, nulls(cols[key]), field);
  }
  // Every value, row by row, as toArray() has it.
  const events = set.toArray();
  const ms = (t) => (t === null ? null : Date.parse(t));
  events.forEach((e, i) => {
    const r = table.get(i);
    assert.deepEqual(
      [Number(r.id), r.name, r.value, r.value_in_business_hours, r.event_start_time, r.event_end_time, Number(r.account_id),
        r.inbox_id === null ? null : Number(r.inbox_id), r.user_id === null ? null : Number(r.user_id),
        r.conversation_id === null ? null : Number(r.conversation_id), r.created_at, r.updated_at],
      [e.id, e.name, e.value, e.value_in_business_hours, ms(e.event_start_time), ms(e.event_end_time), e.account_id,
        e.inbox_id, e.user_id, e.conversation_id, ms(e.created_at), ms(e.updated_at)],
      `row ${i}`,
    );
  });
  // Negative and large ids and times survive the two-word int64 writing.
  const edge = EventSet.fromColumns({
    length: 2, names: ['reply_time'], name: new Uint32Array(2), id: new Float64Array([-(2 ** 53 - 1), 2 ** 53 - 1]),
    value: new Float64Array([1, 2]), valueInBusinessHours: new Float64Array([NaN, 0]),
    eventStartTime: new Float64Array([-62167219200000, NaN]), eventEndTime: new Float64Array([NaN, 253402300799999]),
    accountId: new Float64Array([-1, 4294967296]), conversationId: new Float64Array([-4294967297, NaN]),
    inboxId: new Float64Array([2 ** 31, NaN]), userId: new Float64Array([NaN, -(2 ** 31)]),
    createdAt: new Float64Array([-1, 0]), updatedAt: new Float64Array([1, 2]),
  });
  const t = tableFromIPC(toArrow(edge));
  assert.deepEqual(t.getChild('id').toArray(), new BigInt64Array([-(2n ** 53n - 1n), 2n ** 53n - 1n]));
  assert.deepEqual([...t.getChild('account_id').toArray()], [-1n, 4294967296n]);
  assert.deepEqual(t.getChild('conversation_id').get(0), -4294967297n);
  assert.deepEqual([t.getChild('inbox_id').get(0), t.getChild('user_id').get(1)], [2n ** 31n, -(2n ** 31n)]);
  assert.deepEqual([t.getChild('event_start_time').get(0), t.getChild('event_end_time').get(1), t.getChild('created_at').get(0)],
    [-62167219200000, 253402300799999, -1]);
  // Only live sets of this package.
  for (const bad of [undefined, {}, set.toColumns(), [set]]) {
    assert.throws(() => toArrow(bad), (e) => e instanceof ReportingError && e.code === 'invalid_argument');
  }
  const empty = tableFromIPC(toArrow(parseEvents('[]')));
  assert.equal(empty.numRows, 0);
  assert.equal(empty.schema.fields.length, 12);
});

test('DuckDB\'s median is the package\'s: the mean of the two middle values for an even count', () => {
  const set = EventSet.fromColumns({
    length: 4, names: ['first_response'], name: new Uint32Array(4), id: new Float64Array([1, 2, 3, 4]),
    value: new Float64Array([10, 1, 3, 2]), valueInBusinessHours: new Float64Array(4).fill(NaN),
    eventStartTime: new Float64Array(4).fill(NaN), eventEndTime: new Float64Array(4).fill(NaN),
    accountId: new Float64Array(4).fill(1), conversationId: new Float64Array([1, 2, 3, 4]),
    inboxId: new Float64Array(4).fill(NaN), userId: new Float64Array(4).fill(NaN),
    createdAt: new Float64Array([1, 2, 3, 4]), updatedAt: new Float64Array([1, 2, 3, 4]),
  });
  const conn = db.connect();
  conn.insertArrowFromIPCStream(toArrow(set), { name: 'four' });
  const [r] = rows(conn, 'select median(value) m, quantile_cont(value, 0.5) q, quantile_cont(value, 0.9) p90 from four');
  const s = summarize(set).firstResponse;
  assert.deepEqual([r.m, r.q, r.p90], [2.5, 2.5, s.p90]);
  assert.equal(s.median, 2.5);
  conn.close();
});

test(`${N.toLocaleString('en')} events in DuckDB: SQL gives summarize's counts, means, medians and per-agent counts`, (t) => {
  const times = [];
  let clock = performance.now();
  const lap = (what) => {
    const now = performance.now();
    times.push(`${what} ${((now - clock) / 1000).toFixed(1)} s`);
    clock = now;
  };
  const body = generateBody(N, 2026);
  lap('generate');
  // No options: the default limit (512 MiB) takes a million events' body (~325 MB).
  const set = parseEvents(body);
  lap('parseEvents');
  assert.equal(set.length, N);
  const ipc = toArrow(set);
  lap('toArrow');
  const conn = db.connect();
  conn.insertArrowFromIPCStream(ipc, { name: 'events' });
  lap('into DuckDB');
  const s = summarize(set);
  const business = summarize(set, { businessHours: true });
  lap('summarize ×2');

  const [all] = rows(conn, `select count(*) n, count(distinct conversation_id) conversations,
    epoch_ms(min(created_at)) first_ms, epoch_ms(max(updated_at)) last_ms,
    count(*) filter (where user_id is null) no_user from events`);
  assert.equal(all.n, N);
  assert.equal(all.n, s.events);
  assert.equal(all.conversations, s.conversations);
  const cols = set.toColumns();
  assert.equal(all.first_ms, cols.createdAt.reduce((a, b) => Math.min(a, b)));
  assert.equal(all.last_ms, cols.updatedAt.reduce((a, b) => Math.max(a, b)));
  assert.equal(all.no_user, cols.userId.filter(Number.isNaN).length);

  const figures = [];
  let worstMean = 0;
  let worstQuantile = 0;
  for (const [metric, name] of [['firstResponse', 'first_response'], ['resolution', 'conversation_resolved'], ['replyTime', 'reply_time']]) {
    const [q] = rows(conn, `select count(value) n, sum(value) total, avg(value) mean, median(value) median,
        quantile_cont(value, 0.5) q50, quantile_cont(value, 0.9) p90, quantile_cont(value, 0.95) p95, quantile_cont(value, 0.99) p99,
        min(value) lo, max(value) hi, avg(value_in_business_hours) business_mean,
        quantile_cont(value_in_business_hours, 0.5) business_median
      from events where name = '${name}'`);
    const st = s[metric];
    assert.ok(st.count > 1000, `${metric}: ${st.count} values`);
    assert.equal(q.n, st.count, `${metric} count`);
    assert.equal(q.median, q.q50, 'DuckDB: median is quantile_cont(0.5)');
    // The median of whole seconds is exact in both (a middle value, or the mean of two);
    // other quantiles interpolate at a fraction, where the two round differently in the
    // last bit (same definition, another order of the operations).
    assert.deepEqual([q.median, q.lo, q.hi], [st.median, st.min, st.max], `${metric} median, min, max`);
    assert.equal(q.business_median, business[metric].median, `${metric} business median`);
    for (const p of ['p90', 'p95', 'p99']) worstQuantile = Math.max(worstQuantile, close(q[p], st[p], 1e-14, `${metric} ${p}`));
    worstMean = Math.max(worstMean, close(q.mean, st.mean, 1e-12, `${metric} mean`), close(q.total, st.sum, 1e-12, `${metric} sum`),
      close(q.business_mean, business[metric].mean, 1e-12, `${metric} business mean (nulls skipped, as SQL AVG)`));
    figures.push(`${metric}: n ${q.n}, mean ${q.mean} / ${st.mean}, median ${q.median} / ${st.median}, p99 ${q.p99} / ${st.p99}, business mean ${q.business_mean} / ${business[metric].mean}`);
  }

  // Per agent (user_id, null its own group) and per inbox: the three metrics' counts and
  // the resolutions, for every group summarize lists.
  const group = (key) => new Map(rows(conn, `select ${key} k,
      count(*) filter (where name = 'first_response') fr, count(*) filter (where name = 'conversation_resolved') res,
      count(*) filter (where name = 'reply_time') rt
    from events where name in ('first_response', 'conversation_resolved', 'reply_time') group by ${key}`).map((r) => [r.k, r]));
  for (const [label, list, sql, key] of [['agent', s.byAgent, group('user_id'), 'userId'], ['inbox', s.byInbox, group('inbox_id'), 'inboxId']]) {
    assert.equal(list.length, sql.size, `${label}s`);
    assert.ok(list.length > 5, `${list.length} ${label}s`);
    for (const b of list) {
      const r = sql.get(b[key]);
      assert.ok(r, `${label} ${b[key]} in DuckDB`);
      assert.deepEqual([r.fr, r.res, r.rt], [b.firstResponse.count, b.resolutionsCount, b.replyTime.count], `${label} ${b[key]}`);
      assert.equal(b.resolution.count, b.resolutionsCount);
    }
  }
  // Counts by name, through the dictionary.
  const byName = rows(conn, 'select name, count(*) n from events group by name');
  assert.equal(byName.find((r) => r.name === 'conversation_resolved').n, s.resolutionsCount);
  assert.equal(byName.find((r) => r.name === 'conversation_bot_resolved')?.n ?? 0, s.botResolutionsCount);

  lap('SQL and checks');
  t.diagnostic(`${N} events, body ${(body.length / 2 ** 20).toFixed(0)} MB, stream ${(ipc.length / 2 ** 20).toFixed(1)} MiB; ${times.join(', ')}`);
  t.diagnostic(`largest relative difference of a mean or sum ${worstMean.toExponential(2)}, of p90/p95/p99 ${worstQuantile.toExponential(2)}; medians, min, max and counts identical`);
  for (const f of figures) t.diagnostic(f);
  t.diagnostic(`${s.byAgent.length} agents and ${s.byInbox.length} inboxes: counts identical`);
  conn.close();
  set.free();
});
