// Issue 12, the boundary: nothing a caller hands the package can kill the wasm instance,
// read wasm memory it should not, or make it throw anything but a ReportingError.
// - the fuzzer (servers/fuzz.mjs) in Node and in Chromium, FUZZ_SECONDS each (default 15),
//   seeded by FUZZ_SEED (default 12012), then the same instance must compute exactly what
//   it computed before;
// - the known killers repeated thousands of times; freed, forged and foreign handles;
//   strict options (an unknown key names itself and the accepted keys); last duplicate key
//   wins; shared buffers; out-of-range durations; plain result objects;
// - in Chromium, pkg/web.js before `await init()` and after a failed init().
//   node --test tests/js/boundary-fuzz.test.mjs      (FUZZ_SECONDS=5 for a quick run)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { sampleBody } from '../../www/sample.mjs';
import { startChatwoot, makeToken } from './servers/chatwoot.mjs';
import { Worker } from 'node:worker_threads';
import { launch, PKG_NODE } from './servers/envs.mjs';

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 15);
const SEED = Number(process.env.FUZZ_SEED ?? 12012);
const m = await import('../../pkg/node.js');
const { parseEvents, summarize, EventSet, ReportingError, ReportingClient } = m;
const BODY = sampleBody({ conversations: 40, seed: 12 });
const HOURS = { timezone: 'UTC', weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']] } };
// Sets and clients the synchronous tests made, freed when the file ends.
const cleanups = [];
const t_after = (fn) => cleanups.push(fn);
after(() => { for (const fn of cleanups) { try { fn(); } catch { /* freed already */ } } });

/** What `fn()` threw, or 'returned' when it did not throw. */
function thrown(fn) {
  try {
    fn();
    return 'returned';
  } catch (e) {
    return e;
  }
}

const what = (e) => (e === 'returned' ? 'returned normally' : `${e?.constructor?.name}(${e?.code ?? ''}): ${String(e?.message ?? e).slice(0, 160)}`);

/** Asserts that fn() throws ReportingError invalid_argument; returns the error. */
function assertInvalid(fn, label) {
  const e = thrown(fn);
  assert.ok(e instanceof ReportingError && e.code === 'invalid_argument', `${label}: expected ReportingError invalid_argument, got ${what(e)}`);
  return e;
}

/** The figures the checks compare: the same as the fuzzer's. */
function figures() {
  const s = parseEvents(BODY);
  try {
    return JSON.stringify([s.length, summarize(s), m.conversationRows(s, { limit: 10 }), m.timeseries(s, { metric: 'resolutions_count', groupBy: 'week' })]);
  } finally {
    s.free();
  }
}

function formatReport(r, env) {
  const mib = (b) => (b === null || b === undefined ? '?' : (b / 2 ** 20).toFixed(1));
  const lines = [`${env} fuzzer, seed ${r.seed} (rerun: FUZZ_SEED=${r.seed} FUZZ_SECONDS=${r.seconds}), ${r.calls} calls (${r.asyncCalls} async), ${r.failureCount} failures`,
    `wasm memory ${mib(r.memoryBefore)} -> ${mib(r.memoryAfter)} MiB; parse+summarize ${r.canonMsBefore?.toFixed(1)} -> ${r.canonMsAfter?.toFixed(1)} ms${r.isolated === undefined ? '' : `; cross-origin isolated: ${r.isolated}`}`];
  if (Object.keys(r.failuresByFunction).length) lines.push(`failures by function: ${JSON.stringify(r.failuresByFunction)}`);
  lines.push(`distinct problems (first call of each, ×count):`);
  for (const f of r.failures) lines.push(`  #${f.call} ${f.fn}(${f.args}) -> ${f.kind}: ${f.detail}  ×${f.count}`);
  const steps = [...(r.growth ?? [])].sort((a, b) => b.bytes - a.bytes);
  if (steps.length) lines.push(`wasm memory grew in ${steps.length} steps; the largest:`);
  for (const g of steps.slice(0, 5)) lines.push(`  +${mib(g.bytes)} MiB at #${g.call} ${g.fn}(${g.args})`);
  if (r.finalError) lines.push(`afterwards the instance failed: ${r.finalError}`);
  if (r.figuresDiff) lines.push(`afterwards the figures differ at ${r.figuresDiff.at}: expected …${r.figuresDiff.expected}… got …${r.figuresDiff.got}…`);
  for (const n of r.notes.slice(0, 5)) lines.push(`note: ${n}`);
  return lines.join('\n');
}

function assertFuzzReport(r, env) {
  const text = formatReport(r, env);
  // The header and where memory grew, pass or fail: a step that nears the ceiling shows here first.
  console.log(text.split('\n').filter((l, i) => i < 2 || /^ {2}\+|grew in/.test(l)).join('\n'));
  assert.ok(r.calls > 500, `${env}: only ${r.calls} calls in ${r.seconds} s\n${text}`);
  assert.equal(r.failureCount, 0, text);
  assert.equal(r.sameFigures, true, `the same instance no longer computes the known figures\n${text}`);
  const slower = Math.max(5 * r.canonMsBefore, r.canonMsBefore + 50);
  assert.ok(r.canonMsAfter <= slower, `parse + summarize took ${r.canonMsBefore.toFixed(1)} ms before fuzzing, ${r.canonMsAfter.toFixed(1)} ms after\n${text}`);
  if (r.memoryBefore !== null && r.memoryAfter !== null) {
    const grew = r.memoryAfter - r.memoryBefore;
    assert.ok(grew <= 16 * 2 ** 20, `wasm memory grew by ${(grew / 2 ** 20).toFixed(1)} MiB during fuzzing (from ${(r.memoryBefore / 2 ** 20).toFixed(1)} MiB)\n${text}`);
  }
}

test('a freed EventSet: every use is a ReportingError invalid_argument, free() twice is harmless', () => {
  const s = parseEvents(BODY);
  const other = parseEvents(BODY);
  t_after(() => other.free());
  s.free();
  const uses = [
    ['summarize(s)', () => summarize(s)], ['s.filter({})', () => s.filter({})], ['s.length', () => s.length],
    ['s.issues', () => s.issues], ['s.toArray()', () => s.toArray()], ['s.toJSON()', () => s.toJSON()],
    ['JSON.stringify(s)', () => JSON.stringify(s)], ['withWorkingHours(s, hours)', () => m.withWorkingHours(s, HOURS)],
    ['s.concat(other)', () => s.concat(other)], ['other.concat(s)', () => other.concat(s)],
    ["timeseries(s, {metric: 'resolutions_count'})", () => m.timeseries(s, { metric: 'resolutions_count' })],
    ['conversationRows(s)', () => m.conversationRows(s)], ['conversationsCsv(s)', () => m.conversationsCsv(s)],
  ];
  const problems = [];
  for (const [label, fn] of uses) {
    const e = thrown(fn);
    if (!(e instanceof ReportingError && e.code === 'invalid_argument')) problems.push(`${label}: ${what(e)}`);
    else if (!/\S/.test(e.message) || /null pointer|__wbg|\brust\b|unreachable\.?$|borrowed/i.test(e.message)) problems.push(`${label}: message not for a person: ${e.message}`);
  }
  const twice = thrown(() => s.free());
  if (twice !== 'returned') problems.push(`free() twice: ${what(twice)}`);
  assert.deepEqual(problems, [], problems.join('\n'));
  assert.equal(other.length > 0, true, 'the other set still works');
});

test('forged and foreign handles (any __wbg_ptr, even a live one) are ReportingError invalid_argument, never a read of wasm memory', () => {
  const live = parseEvents(BODY);
  const liveClient = new ReportingClient({ baseUrl: 'https://chatwoot.example', accountId: 1, apiAccessToken: 'tok12345' });
  t_after(() => { live.free(); liveClient.free(); });
  const forged = (ptr) => Object.assign(Object.create(EventSet.prototype), { __wbg_ptr: ptr });
  const fakes = [
    ['Object.create(EventSet.prototype) __wbg_ptr=8', forged(8)],
    ['… __wbg_ptr=0', forged(0)], ['… __wbg_ptr=1024', forged(1024)], ['… __wbg_ptr=-8', forged(-8)],
    ['… __wbg_ptr=2**31', forged(2 ** 31)], ['… __wbg_ptr=live set\'s', forged(live.__wbg_ptr)],
    ['plain {__wbg_ptr: 123}', { __wbg_ptr: 123 }], ['plain {__wbg_ptr: live set\'s}', { __wbg_ptr: live.__wbg_ptr }],
    ['Object.create(EventSet.prototype)', Object.create(EventSet.prototype)],
    ['a ReportingClient', liveClient],
  ];
  const problems = [];
  for (const [label, fake] of fakes) {
    const uses = [
      ['summarize(x)', () => summarize(fake)], ['conversationRows(x)', () => m.conversationRows(fake)],
      ["timeseries(x, …)", () => m.timeseries(fake, { metric: 'resolutions_count' })],
      ['withWorkingHours(x, hours)', () => m.withWorkingHours(fake, HOURS)], ['live.concat(x)', () => live.concat(fake)],
      ['x.length', () => Reflect.apply(Object.getOwnPropertyDescriptor(EventSet.prototype, 'length').get, fake, [])],
      ['x.toArray()', () => Reflect.apply(EventSet.prototype.toArray, fake, [])],
      ['x.filter({})', () => Reflect.apply(EventSet.prototype.filter, fake, [{}])],
      ['x.concat(live)', () => Reflect.apply(EventSet.prototype.concat, fake, [live])],
    ];
    for (const [use, fn] of uses) {
      const e = thrown(fn);
      if (!(e instanceof ReportingError && e.code === 'invalid_argument')) problems.push(`${label}, ${use}: ${what(e)}`);
    }
  }
  // A forged client: its methods reject, they do not send anything.
  const fakeClient = Object.assign(Object.create(ReportingClient.prototype), { __wbg_ptr: 8 });
  const e = thrown(() => String(fakeClient));
  if (!(e instanceof ReportingError && e.code === 'invalid_argument')) problems.push(`String(forged ReportingClient): ${what(e)}`);
  assert.deepEqual(problems, [], problems.join('\n'));
  assert.equal(live.length, JSON.parse(BODY).length, 'the live set is untouched');
});

test('callbacks and getters that throw, free the set or re-enter: a readable ReportingError, and the set is still usable or cleanly freed', () => {
  const INTERNAL = /unreachable\.?$|memory access out of bounds|null pointer|recursive use|borrowed|\brust\b/i;
  const throwingIds = () => Object.defineProperty([1, 2], 0, { get() { throw new Error('hostile getter'); }, enumerable: true });
  const cases = [
    ['filter({conversationIds: ids whose getter throws})', (s) => s.filter({ conversationIds: throwingIds() })],
    ['filter({names: a Proxy whose get throws})', (s) => s.filter({ names: new Proxy(['x'], { get() { throw new Error('hostile proxy'); } }) })],
    ['filter({userIds: ids whose getter frees the set})', (s) => s.filter({ userIds: Object.defineProperty([1], 0, { get() { s.free(); return 1; }, enumerable: true }) })],
    ['withWorkingHours(s, a function that throws)', (s) => m.withWorkingHours(s, () => { throw new Error('hostile callback'); })],
    ['withWorkingHours(s, a function that throws 42)', (s) => m.withWorkingHours(s, () => { throw 42; })], // eslint-disable-line no-throw-literal
    ['withWorkingHours(s, a function that frees s)', (s) => m.withWorkingHours(s, () => { s.free(); return HOURS; })],
    ['withWorkingHours(s, a function that re-enters withWorkingHours(s))', (s) => m.withWorkingHours(s, () => { m.withWorkingHours(s, HOURS).free(); return HOURS; })],
    ['summarize(s, {businessHours, workingHours: a function that frees s})', (s) => summarize(s, { businessHours: true, workingHours: () => { s.free(); return HOURS; } })],
    ['summarize(s, options whose getter frees s)', (s) => summarize(s, Object.defineProperty({}, 'businessHours', { get() { s.free(); return true; }, enumerable: true }))],
    ['timeseries(s, options whose getter throws)', (s) => m.timeseries(s, Object.defineProperty({ metric: 'resolutions_count' }, 'groupBy', { get() { throw new Error('hostile getter'); }, enumerable: true }))],
  ];
  const problems = [];
  for (const [label, call] of cases) {
    const s = parseEvents(BODY);
    const e = thrown(() => { const r = call(s); if (r instanceof EventSet) r.free(); });
    if (e !== 'returned' && !(e instanceof ReportingError)) problems.push(`${label}: ${what(e)}`);
    else if (e !== 'returned' && INTERNAL.test(e.message)) problems.push(`${label}: message not for a person: ${e.message}`);
    // Afterwards the set either works or is freed: its length reads or is invalid_argument,
    // and free() never throws (a borrow left behind by an unwound call shows up here).
    const len = thrown(() => s.length);
    if (len !== 'returned' && !(len instanceof ReportingError && len.code === 'invalid_argument')) problems.push(`${label}, then s.length: ${what(len)}`);
    const fr = thrown(() => s.free());
    if (fr !== 'returned') problems.push(`${label}, then s.free(): ${what(fr)}`);
  }
  assert.deepEqual(problems, [], problems.join('\n'));
  assert.equal(figures().length > 0, true);
});

test('strict options: an unknown key is invalid_argument naming the key and the accepted keys', () => {
  const s = parseEvents(BODY);
  t_after(() => s.free());
  const cases = [
    ['parseEvents', 'mdoe', 'mode', () => parseEvents('[]', { mdoe: 'lenient' })],
    ['validateEvents', 'maxbytes', 'maxBytes', () => m.validateEvents('[]', { maxbytes: 5 })],
    ['summarize', 'businesHours', 'businessHours', () => summarize(s, { businesHours: true })],
    ['summarize sla', 'firstRespons', 'firstResponse', () => summarize(s, { sla: { firstRespons: 60 } })],
    ['conversationRows', 'sortby', 'sortBy', () => m.conversationRows(s, { sortby: 'firstResponse' })],
    ['conversationsCsv', 'limt', 'limit', () => m.conversationsCsv(s, { limt: 1 })],
    ['timeseries', 'groupby', 'groupBy', () => m.timeseries(s, { metric: 'resolutions_count', groupby: 'week' })],
    ['EventSet.filter', 'name', 'names', () => s.filter({ name: ['first_response'] })],
    ['withWorkingHours', 'timezon', 'timezone', () => m.withWorkingHours(s, { weekly: {}, timezon: 'UTC' })],
    ['businessSeconds', 'holiday', 'holidays', () => m.businessSeconds(0, 3600, { weekly: {}, holiday: [] })],
    ['businessSeconds weekly', 'monday', 'mon', () => m.businessSeconds(0, 3600, { weekly: { monday: [['09:00', '17:00']] } })],
    ['new ReportingClient', 'maxbytes', 'maxBytes', () => new ReportingClient({ baseUrl: 'https://chatwoot.example', accountId: 1, apiAccessToken: 'tok12345', maxbytes: 10 })],
    ['new ReportingClient', 'timeout', 'timeoutMs', () => new ReportingClient({ baseUrl: 'https://chatwoot.example', accountId: 1, apiAccessToken: 'tok12345', timeout: 10 })],
  ];
  const problems = [];
  for (const [fn, bad, good, call] of cases) {
    const e = thrown(call);
    if (!(e instanceof ReportingError && e.code === 'invalid_argument')) problems.push(`${fn} with unknown key \`${bad}\`: ${what(e)}`);
    else if (!e.message.includes(bad) || !e.message.includes(good)) problems.push(`${fn}: the message should name \`${bad}\` and the accepted \`${good}\`: ${e.message}`);
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('a duplicated key keeps the last value, as JSON.parse does', () => {
  const ev = (dup) => `[{"id":1,"name":"first_response","value":120.0,"value_in_business_hours":60.0,"event_start_time":"2026-04-07T14:00:00.000Z","event_end_time":"2026-04-07T14:02:00.000Z","account_id":1,"inbox_id":2,${dup},"conversation_id":4,"created_at":"2026-04-07T14:02:01.000Z","updated_at":"2026-04-07T14:02:01.000Z"}]`;
  for (const [dup, key] of [['"user_id":12,"user_id":null', 'user_id'], ['"user_id":null,"user_id":12', 'user_id']]) {
    const text = ev(dup);
    const want = JSON.parse(text)[0][key];
    const s = parseEvents(text);
    const got = s.toArray()[0][key];
    s.free();
    assert.equal(got, want, `${dup}: JSON.parse gives ${want}, parseEvents gave ${got}`);
  }
  const names = ev('"user_id":3').replace('"name":"first_response"', '"name":"reply_time","name":"first_response"');
  const s = parseEvents(names);
  assert.equal(s.toArray()[0].name, 'first_response', 'the last "name" wins');
  s.free();
});

test('a DataView and a Uint8Array over the same SharedArrayBuffer are treated alike', () => {
  const bytes = new TextEncoder().encode(BODY);
  const sab = new SharedArrayBuffer(bytes.length);
  new Uint8Array(sab).set(bytes);
  const outcome = (body) => {
    try {
      const s = parseEvents(body);
      const n = s.length;
      s.free();
      return `read ${n} events`;
    } catch (e) {
      return e instanceof ReportingError ? `ReportingError ${e.code}` : `threw ${what(e)}`;
    }
  };
  const views = {
    'Uint8Array(sab)': outcome(new Uint8Array(sab)), 'DataView(sab)': outcome(new DataView(sab)),
    'Uint8Array(sab, 0, n)': outcome(new Uint8Array(sab, 0, bytes.length)), 'DataView(sab, 0, n)': outcome(new DataView(sab, 0, bytes.length)),
  };
  const kinds = new Set(Object.values(views));
  assert.equal(kinds.size, 1, `the views disagree: ${JSON.stringify(views)}`);
  const [only] = kinds;
  assert.ok(only.startsWith('read') || only === 'ReportingError invalid_argument', `neither read nor refused as invalid_argument: ${only}`);
});

test('formatDuration refuses durations no clock can show (1e300, ±Infinity); null and NaN stay "—"', () => {
  for (const v of [1e300, -1e300, Infinity, -Infinity]) {
    for (const style of [undefined, 'compact']) assertInvalid(() => m.formatDuration(v, style), `formatDuration(${v}, ${style})`);
  }
  assert.equal(m.formatDuration(null), '—');
  assert.equal(m.formatDuration(NaN), '—');
  assert.equal(m.formatDuration(3725), '1 Hr 2 Min');
});

test('results are plain objects (not Maps), null where empty, with exactly the declared keys (guard for the serde boundary)', () => {
  const STATS = ['count', 'sum', 'mean', 'min', 'max', 'median', 'p90', 'p95', 'p99'];
  const STATS_EXTRA = ['medianCi'];
  const BREAKDOWN = ['firstResponse', 'resolution', 'replyTime', 'resolutionsCount'];
  const SUMMARY = [...BREAKDOWN, 'events', 'conversations', 'resolutionPerCycle', 'resolutionWithoutBot', 'botResolutionsCount',
    'botHandoffsCount', 'reopensCount', 'firstResponseDistribution', 'byAgent', 'byInbox'];
  const SUMMARY_OPTIONAL = ['sla', 'previous', 'firstResolution', 'fullResolution', 'requesterWait', 'oneTouch'];
  const ROW = ['conversationId', 'inboxId', 'userId', 'firstEventAt', 'lastEventAt', 'events', 'firstResponse', 'resolutions', 'reopens',
    'resolutionTime', 'resolutionCycles', 'replies', 'replyTimeMedian', 'replyTimeMax', 'botHandoff', 'botResolved'];
  const problems = [];
  const plain = (v, where) => {
    if (v === undefined) problems.push(`${where} is undefined (null expected)`);
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) problems.push(`${where} is a ${v.constructor?.name}, not a plain object`);
  };
  const keys = (o, required, optional, where) => {
    plain(o, where);
    if (!o || typeof o !== 'object') return;
    const have = Object.keys(o);
    for (const k of required) if (!have.includes(k)) problems.push(`${where}.${k} missing`);
    for (const k of have) if (!required.includes(k) && !optional.includes(k)) problems.push(`${where}.${k} is not declared`);
    for (const k of have) plain(o[k], `${where}.${k}`);
  };
  const s = parseEvents(BODY);
  t_after(() => s.free());
  const empty = summarize([]);
  const sum = summarize(s, { sla: { firstResponse: 3600 }, since: 1775000000, until: 1775600000 });
  for (const [where, x] of [['summary', sum], ['empty summary', empty]]) {
    keys(x, SUMMARY, SUMMARY_OPTIONAL, where);
    for (const k of ['firstResponse', 'resolution', 'replyTime', 'resolutionPerCycle', 'resolutionWithoutBot']) keys(x[k], STATS, STATS_EXTRA, `${where}.${k}`);
    keys(x.firstResponseDistribution, ['0-1h', '1-4h', '4-8h', '8-24h', '24h+'], [], `${where}.firstResponseDistribution`);
    for (const a of x.byAgent) keys(a, [...BREAKDOWN, 'userId'], [], `${where}.byAgent[]`);
    for (const a of x.byInbox) keys(a, [...BREAKDOWN, 'inboxId'], [], `${where}.byInbox[]`);
  }
  assert.equal(empty.firstResponse.mean, null);
  keys(sum.sla, ['firstResponse'], ['resolution', 'replyTime'], 'summary.sla');
  keys(sum.sla?.firstResponse, ['threshold', 'met', 'total', 'share'], [], 'summary.sla.firstResponse');
  for (const r of m.conversationRows(s, { limit: 5 })) keys(r, ROW, [], 'conversationRows()[]');
  for (const p of m.timeseries(s, { metric: 'avg_first_response_time', groupBy: 'week' })) keys(p, ['timestamp', 'value', 'count'], [], 'timeseries(avg)[]');
  for (const p of m.timeseries(s, { metric: 'resolutions_count', groupBy: 'week' })) keys(p, ['timestamp', 'value'], [], 'timeseries(count)[]');
  const wh = m.fromChatwootInbox({ working_hours_enabled: true, timezone: 'UTC', working_hours: [{ day_of_week: 1, closed_all_day: false, open_all_day: false, open_hour: 9, open_minutes: 0, close_hour: 17, close_minutes: 0 }] });
  keys(wh, ['timezone', 'weekly'], ['holidays'], 'fromChatwootInbox()');
  keys(wh.weekly, ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], [], 'fromChatwootInbox().weekly');
  keys(s.toArray()[0], ['id', 'name', 'value', 'value_in_business_hours', 'event_start_time', 'event_end_time', 'account_id', 'inbox_id', 'user_id', 'conversation_id', 'created_at', 'updated_at'], [], 'toArray()[0]');
  for (const i of m.validateEvents('[{"id":1}]')) keys(i, ['path', 'code', 'message', 'severity'], [], 'validateEvents()[]');
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('the killers of issue 12, thousands of times each, leave the instance computing the same figures', () => {
  const expected = figures();
  const enc = new TextEncoder();
  const live = parseEvents(BODY);
  t_after(() => live.free());
  const freed = parseEvents('[]');
  freed.free();
  const killers = [
    ['a detached ArrayBuffer body', () => { const b = enc.encode('[]').buffer; structuredClone(b, { transfer: [b] }); return parseEvents(b); }],
    ['a Uint8Array over a detached buffer', () => { const u = enc.encode('[]'); structuredClone(u.buffer, { transfer: [u.buffer] }); return parseEvents(u); }],
    ['a DataView with a spoofed byteLength', () => parseEvents(Object.defineProperty(new DataView(enc.encode('[]').buffer), 'byteLength', { get: () => 1e9 }))],
    ['summarize(freed set)', () => summarize(freed)],
    ['freed.filter({})', () => freed.filter({})],
    ['withWorkingHours(freed set, hours)', () => m.withWorkingHours(freed, HOURS)],
    ['live.filter({conversationIds: ids with a throwing getter})', () => live.filter({ conversationIds: Object.defineProperty([1, 2], 0, { get() { throw new Error('getter'); } }) })],
    ['live.filter({conversationIds: Proxy})', () => live.filter({ conversationIds: new Proxy([1, 2], { get() { throw new Error('proxy'); } }) })],
    ['live.filter({names: [a revoked Proxy]})', () => { const p = Proxy.revocable({}, {}); p.revoke(); return live.filter({ names: [p.proxy] }); }],
    ['summarize(live, options with a throwing getter)', () => summarize(live, Object.defineProperty({}, 'businessHours', { get() { throw new Error('getter'); }, enumerable: true }))],
    ['withWorkingHours(live, a function that throws)', () => m.withWorkingHours(live, () => { throw new Error('callback'); })],
  ];
  const problems = [];
  for (const [label, fn] of killers) {
    const kinds = new Map();
    for (let i = 0; i < 3000; i++) {
      const e = thrown(fn);
      if (e !== 'returned' && !(e instanceof ReportingError)) {
        const k = what(e);
        kinds.set(k, (kinds.get(k) ?? 0) + 1);
      }
    }
    if (kinds.size) problems.push(`${label}: ${[...kinds].map(([k, n]) => `${n}× ${k}`).join('; ')}`);
    let now;
    try { now = figures(); } catch (e) { now = `threw ${what(e)}`; }
    if (now !== expected) {
      problems.push(`after 3000× ${label} the instance ${now.startsWith('threw') ? now : 'computes different figures'}`);
      break;
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

test(`fuzz (Node): ${SECONDS} s of hostile values at every export and method, one instance, only ReportingError, same figures after`, async (t) => {
  const token = makeToken();
  const server = await startChatwoot({ token });
  // A worker thread: an instance of its own, so a dead one cannot fail the other tests.
  const worker = new Worker(new URL('./servers/fuzz-worker.mjs', import.meta.url), {
    workerData: { pkg: PKG_NODE, seed: SEED, seconds: SECONDS, body: BODY, apiBase: server.url, token },
  });
  t.after(async () => { await worker.terminate(); await server.close(); });
  const report = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the fuzzer did not finish within ${SECONDS + 40} s (seed ${SEED})`)), (SECONDS + 40) * 1000);
    worker.once('message', (r) => { clearTimeout(timer); resolve(r); });
    worker.once('error', (e) => { clearTimeout(timer); reject(new Error(`the fuzzer's worker died (seed ${SEED}): ${e?.stack ?? e}`)); });
    worker.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the fuzzer's worker exited with ${code} before reporting (seed ${SEED})`)); });
  });
  assertFuzzReport(report, 'Node');
});

test(`fuzz (Chromium): ${SECONDS} s of hostile values at pkg/web.js in a cross-origin-isolated page, same checks`, async (t) => {
  const token = makeToken();
  const server = await startChatwoot({ token });
  const browser = await launch();
  t.after(async () => { await browser.close(); await server.close(); });
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.url}/__test/isolated.html`);
  const limit = (SECONDS + 60) * 1000;
  let timer;
  const report = await Promise.race([new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`the page's fuzzer did not finish within ${limit / 1000} s (seed ${SEED})`)), limit); }), page.evaluate(async ({ seed, seconds, body, token: tok }) => {
    const pkg = await import('/__test/pkg/web.js');
    await pkg.init();
    let memory = () => null;
    try {
      const w = await (await import('/__test/pkg/wasm/chatwoot_reporting.js')).default();
      if (w?.memory?.buffer) memory = () => w.memory.buffer.byteLength;
    } catch { /* the glue changed: no memory figure */ }
    const { fuzz: run } = await import('/__test/fuzz.mjs');
    const r = await run(pkg, { seed, seconds, body, apiBase: location.origin, token: tok, memory });
    r.isolated = globalThis.crossOriginIsolated;
    return r;
  }, { seed: SEED, seconds: SECONDS, body: BODY, token })]).finally(() => clearTimeout(timer));
  if (!report.isolated) report.notes.push('the page was not cross-origin isolated');
  assertFuzzReport(report, 'Chromium');
  assert.deepEqual(errors, [], 'uncaught page errors');
});

test('Chromium, pkg/web.js: calls before `await init()` work or say to await init(); a failed init() rejects with a ReportingError and can be retried', async (t) => {
  const server = await startChatwoot({});
  const browser = await launch();
  t.after(async () => { await browser.close(); await server.close(); });
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.url}/__test/blank.html`);
  const r = await page.evaluate(async () => {
    const m = await import('/__test/pkg/web.js');
    const probe = (fn) => {
      try {
        const v = fn();
        return { ok: true, v: typeof v === 'object' ? v?.constructor?.name : String(v) };
      } catch (e) {
        return { ok: false, reporting: e instanceof m.ReportingError, ctor: e?.constructor?.name, code: e?.code, message: String(e?.message) };
      }
    };
    const before = {
      parseEvents: probe(() => m.parseEvents('[]')),
      validateEvents: probe(() => m.validateEvents('[]')),
      summarize: probe(() => m.summarize([])),
      formatDuration: probe(() => m.formatDuration(5)),
      ReportingClient: probe(() => new m.ReportingClient({ baseUrl: 'https://chatwoot.example', accountId: 1, apiAccessToken: 'tok12345' })),
    };
    const settle = (p) => Promise.resolve(p).then(() => ({ ok: true }), (e) => ({ ok: false, reporting: e instanceof m.ReportingError, ctor: e?.constructor?.name, code: e?.code, message: String(e?.message) }));
    const missing = await settle(m.init('/__test/pkg/does-not-exist.wasm'));
    const garbage = await settle(m.init(new Uint8Array([0, 1, 2, 3])));
    const retry = await settle(m.init());
    let afterwards;
    try { afterwards = m.parseEvents('[]').length; } catch (e) { afterwards = `threw ${e}`; }
    return { before, missing, garbage, retry, afterwards };
  });
  const problems = [];
  for (const [fn, p] of Object.entries(r.before)) {
    if (!p.ok && !(p.reporting && /await init\(\)/.test(p.message))) problems.push(`${fn} before init: ${p.ctor}(${p.code ?? ''}) ${p.message}`);
  }
  for (const [label, p] of [['init(\'/__test/pkg/does-not-exist.wasm\')', r.missing], ['init(garbage bytes)', r.garbage]]) {
    if (p.ok) problems.push(`${label} resolved`);
    else if (!p.reporting) problems.push(`${label} rejected with ${p.ctor}: ${p.message}`);
  }
  if (!r.retry.ok) problems.push(`init() after a failed init rejected: ${r.retry.ctor} ${r.retry.message}`);
  if (r.afterwards !== 0) problems.push(`parseEvents after init: ${r.afterwards}`);
  assert.deepEqual(problems, [], problems.join('\n'));
});
