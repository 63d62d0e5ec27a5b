// set.toColumns() and EventSet.fromColumns() (issue 15): the exact shape index.d.ts
// declares (and tsc --strict on a use of it), transferable arrays (to a worker_threads Worker and back; structuredClone's
// transfer in Chromium), an exact round trip, validation as parseEvents validates the same
// events as a body, and the guard: anything but well-formed typed arrays is a
// ReportingError('invalid_argument') decided in JavaScript, and the instance keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';

import * as m from '../../pkg/node.js';
import { sampleBody } from '../../www/sample.mjs';
import { generateBody } from '../../benches/generate.mjs';
import { launchChromium, newPage, startServer } from './chromium.mjs';

const { EventSet, ReportingError, parseEvents, summarize } = m;
const run = promisify(execFile);
const BODY = sampleBody({ conversations: 60, seed: 15 });

/** Asserts that fn() throws ReportingError invalid_argument; returns it. */
function invalid(fn, label) {
  let e;
  try {
    fn();
  } catch (x) {
    e = x;
  }
  assert.ok(e instanceof ReportingError, `${label}: expected a ReportingError, got ${e === undefined ? 'no throw' : `${e?.constructor?.name}: ${e?.message}`}`);
  assert.equal(e.code, 'invalid_argument', `${label}: ${e.message}`);
  return e;
}

/** The members EventColumns declares in the built pkg/index.d.ts: key → type text. */
function declaredColumns() {
  const dts = readFileSync(new URL('../../pkg/index.d.ts', import.meta.url), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const at = dts.indexOf('export interface EventColumns {');
  assert.ok(at >= 0, 'index.d.ts declares EventColumns');
  const body = dts.slice(dts.indexOf('{', at) + 1, dts.indexOf('}', at));
  return new Map(body.split(';').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [k, t] = s.split(':').map((x) => x.trim());
    return [k, t];
  }));
}

test('toColumns has exactly the declared keys, each array of its declared kind and length, over a buffer of its own', () => {
  const set = parseEvents(BODY);
  const cols = set.toColumns();
  const declared = declaredColumns();
  assert.deepEqual(Object.keys(cols).sort(), [...declared.keys()].sort());
  assert.equal(cols.length, set.length);
  const buffers = new Set();
  for (const [key, type] of declared) {
    const v = cols[key];
    if (type === 'number') assert.equal(typeof v, 'number', key);
    else if (type === 'string[]') assert.ok(Array.isArray(v) && v.every((s) => typeof s === 'string'), key);
    else {
      assert.equal(Object.prototype.toString.call(v), `[object ${type}]`, key);
      assert.equal(v.length, cols.length, key);
      // Its own whole buffer: transferring it moves nothing else.
      assert.equal(v.byteOffset, 0, key);
      assert.equal(v.buffer.byteLength, v.byteLength, key);
      assert.ok(!buffers.has(v.buffer), `${key} shares a buffer`);
      buffers.add(v.buffer);
    }
  }
  // The known names always have codes 0–7, in Chatwoot's order.
  assert.deepEqual(cols.names.slice(0, 8), ['first_response', 'reply_time', 'conversation_resolved', 'conversation_opened',
    'conversation_bot_handoff', 'conversation_bot_resolved', 'conversation_captain_inference_resolved', 'conversation_captain_inference_handoff']);
  // The same events as toArray(), field by field (NaN = null, times in epoch ms).
  const rows = set.toArray();
  const ms = (t) => (t === null ? NaN : Date.parse(t));
  const nul = (v) => (v === null ? NaN : v);
  rows.forEach((e, i) => {
    assert.deepEqual(
      [cols.id[i], cols.names[cols.name[i]], cols.value[i], cols.valueInBusinessHours[i], cols.eventStartTime[i], cols.eventEndTime[i],
        cols.accountId[i], cols.conversationId[i], cols.inboxId[i], cols.userId[i], cols.createdAt[i], cols.updatedAt[i]],
      [e.id, e.name, e.value, nul(e.value_in_business_hours), ms(e.event_start_time), ms(e.event_end_time),
        e.account_id, nul(e.conversation_id), nul(e.inbox_id), nul(e.user_id), ms(e.created_at), ms(e.updated_at)],
      `event ${i}`,
    );
  });
  set.free();
});

/** Asserts two sets hold the same events, columns compared bit for bit. */
function assertSame(a, b) {
  const x = a.toColumns();
  const y = b.toColumns();
  assert.equal(y.length, x.length);
  assert.deepEqual(y.names, x.names);
  for (const key of Object.keys(x)) {
    if (!ArrayBuffer.isView(x[key])) continue;
    assert.deepEqual(new Uint8Array(y[key].buffer), new Uint8Array(x[key].buffer), key);
  }
}

test('fromColumns(toColumns()) is the same set: events, name table, summaries', () => {
  const lenient = '[{"id":1,"name":"new_kind","value":5.0,"value_in_business_hours":null,"event_start_time":null,"event_end_time":null,"account_id":1,"inbox_id":null,"user_id":null,"conversation_id":7,"created_at":"2026-01-01T00:00:00.000Z","updated_at":"2026-01-01T00:00:00.000Z"},'
    + '{"id":2,"name":"dropped_kind","value":-1.0,"value_in_business_hours":null,"event_start_time":null,"event_end_time":null,"account_id":1,"inbox_id":null,"user_id":null,"conversation_id":7,"created_at":"2026-01-02T00:00:00.000Z","updated_at":"2026-01-02T00:00:00.000Z"}]';
  const sets = [
    parseEvents(BODY),
    parseEvents(generateBody(20_000, 3)),
    parseEvents(lenient, { mode: 'lenient' }),
    parseEvents('[]'),
  ];
  sets.push(sets[0].filter({ names: ['first_response'] }));
  for (const set of sets) {
    const back = EventSet.fromColumns(set.toColumns());
    assertSame(set, back);
    assert.deepEqual(back.toArray(), set.toArray());
    assert.deepEqual(summarize(back), summarize(set));
    back.free();
  }
  // The name table keeps a name only a dropped event had.
  assert.deepEqual(sets[2].toColumns().names.slice(8), ['new_kind', 'dropped_kind']);
  for (const s of sets) s.free();
});

test('columns transferred to a Worker and back rebuild the same set', async () => {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData.pkg).then((m) => {
      const set = m.parseEvents(workerData.body);
      const cols = set.toColumns();
      const buffers = Object.values(cols).filter(ArrayBuffer.isView).map((a) => a.buffer);
      parentPort.postMessage(cols, buffers);
      // Transferred: the worker's arrays are detached now.
      parentPort.postMessage({ after: cols.id.length, again: (() => { try { m.EventSet.fromColumns(cols); return 'accepted'; } catch (e) { return e.code + ': ' + e.message; } })() });
    });`;
  const worker = new Worker(source, { eval: true, workerData: { pkg: new URL('../../pkg/node.js', import.meta.url).href, body: BODY } });
  const messages = [];
  await new Promise((resolve, reject) => {
    worker.on('message', (msg) => {
      messages.push(msg);
      if (messages.length === 2) resolve();
    });
    worker.on('error', reject);
  });
  await worker.terminate();
  const [cols, report] = messages;
  assert.equal(report.after, 0, 'the sender\'s arrays were transferred, not copied');
  assert.match(report.again, /^invalid_argument: The column `name`'s buffer was detached/);
  const set = parseEvents(BODY);
  const back = EventSet.fromColumns(cols);
  assertSame(set, back);
  assert.deepEqual(summarize(back), summarize(set));
  set.free();
  back.free();
});

test('columns are validated as the same events in a body: issues, strict and lenient, accountId', () => {
  const set = parseEvents(BODY);
  const cols = set.toColumns();
  const rows = set.toArray();
  set.free();
  // Faults each column and its body counterpart can carry.
  const faults = [
    [3, 'value', -5, -5],
    [4, 'valueInBusinessHours', 1e9, 1e9],
    [5, 'eventEndTime', cols.eventStartTime[5] - 1000, new Date(cols.eventStartTime[5] - 1000).toISOString()],
    [6, 'id', cols.id[2], cols.id[2]],
    [7, 'id', 1.5, 1.5],
    [8, 'accountId', NaN, null],
    [9, 'conversationId', 2 ** 60, 2 ** 60],
    [10, 'createdAt', NaN, null],
    [11, 'value', Infinity, 1e400],
    [12, 'createdAt', cols.createdAt[0] - 1000, new Date(cols.createdAt[0] - 1000).toISOString()],
  ];
  const keyOf = { valueInBusinessHours: 'value_in_business_hours', eventEndTime: 'event_end_time', accountId: 'account_id', conversationId: 'conversation_id', createdAt: 'created_at' };
  for (const [i, key, col, json] of faults) {
    cols[key][i] = col;
    rows[i][keyOf[key] ?? key] = json;
  }
  const body = JSON.stringify(rows).replace('"value":null', '"value":1e400');
  const fromBody = m.validateEvents(body);
  const lenient = EventSet.fromColumns(cols, { mode: 'lenient' });
  const key = (x) => `${x.path} ${x.code} ${x.severity}`;
  assert.deepEqual(lenient.issues.map(key), fromBody.map(key));
  for (const code of ['negative_value', 'business_exceeds_value', 'end_before_start', 'duplicate_id', 'wrong_type', 'unsorted']) {
    assert.ok(lenient.issues.some((x) => x.code === code), code);
  }
  assertSame(parseEvents(body, { mode: 'lenient' }), lenient);
  // Strict: invalid_data with every issue, as parseEvents.
  let strict;
  try {
    EventSet.fromColumns(cols);
  } catch (e) {
    strict = e;
  }
  assert.ok(strict instanceof ReportingError && strict.code === 'invalid_data', String(strict));
  assert.deepEqual(strict.issues, lenient.issues);
  // Codes outside the name table have no body counterpart.
  const clean = parseEvents(BODY).toColumns();
  clean.name[1] = clean.names.length;
  const e = EventSet.fromColumns(clean, { mode: 'lenient' });
  assert.deepEqual(e.issues.map(key), ['[1].name wrong_type error']);
  assert.equal(e.length, clean.length - 1);
  // accountId: another account is an error, as in parseEvents.
  const other = parseEvents(BODY).toColumns();
  other.accountId[0] = other.accountId[0] + 1;
  const byAccount = EventSet.fromColumns(other, { mode: 'lenient', accountId: other.accountId[1] });
  assert.deepEqual(byAccount.issues.map(key), ['[0].account_id account_mismatch error']);
  invalid(() => EventSet.fromColumns(other, { maxBytes: 10 }), 'maxBytes');
  invalid(() => EventSet.fromColumns(other, { mode: 'lax' }), 'a mode typo');
});

test('anything but well-formed columns is refused in JavaScript, and the instance keeps working', () => {
  const before_ = JSON.stringify(summarize(parseEvents(BODY)));
  const good = () => parseEvents(BODY).toColumns();
  const with_ = (patch) => ({ ...good(), ...patch });
  const n = good().length;
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const throwing = Object.defineProperty({ ...good() }, 'id', { enumerable: true, get() { throw new Error('boom'); } });
  class Spoofed extends Float64Array {
    get length() {
      return 1e9;
    }
  }
  const spoofedLength = new Float64Array(good().id);
  Object.defineProperty(spoofedLength, 'length', { value: 1e9 });
  const detached = good();
  structuredClone(detached.value, { transfer: [detached.value.buffer] });
  const emptyDetached = parseEvents('[]').toColumns();
  structuredClone(emptyDetached.userId, { transfer: [emptyDetached.userId.buffer] });
  const cases = [
    ['undefined', undefined],
    ['a string', 'columns'],
    ['an array', [good()]],
    ['a revoked Proxy', revoked.proxy],
    ['a throwing getter', throwing],
    ['a Proxy that throws on ownKeys', new Proxy(good(), { ownKeys() { throw new Error('no'); } })],
    ['an unknown key', with_({ valueInBusinesHours: good().valueInBusinessHours })],
    ['a missing column', (() => { const c = good(); delete c.userId; return c; })()],
    ['length as a string', with_({ length: String(n) })],
    ['length -1', with_({ length: -1 })],
    ['length 1.5', with_({ length: 1.5 })],
    ['length NaN', with_({ length: NaN })],
    ['length one more', with_({ length: n + 1 })],
    ['a plain array column', with_({ value: Array.from(good().value) })],
    ['a Float32Array column', with_({ value: new Float32Array(n) })],
    ['a BigInt64Array id', with_({ id: new BigInt64Array(n) })],
    ['an Int32Array name', with_({ name: new Int32Array(n) })],
    ['a Float64Array name', with_({ name: new Float64Array(n) })],
    ['a DataView column', with_({ value: new DataView(new ArrayBuffer(n * 8)) })],
    ['a Proxy of a Float64Array', with_({ value: new Proxy(good().value, {}) })],
    ['an object posing as a Float64Array', with_({ value: { length: n, [Symbol.toStringTag]: 'Float64Array', buffer: new ArrayBuffer(n * 8) } })],
    ['a shorter column (subarray)', with_({ createdAt: good().createdAt.subarray(1) })],
    ['a subclass whose length lies, one entry short', with_({ id: Spoofed.from(good().id.subarray(1)) })],
    ['names not an array', with_({ names: 'first_response' })],
    ['names with a number', with_({ names: [...good().names, 7] })],
    ['names with a throwing getter', with_({ names: Object.defineProperty([...good().names], 0, { get() { throw new Error('x'); } }) })],
    ['a detached column', detached],
    ['a detached empty column', emptyDetached],
  ];
  for (const [label, arg] of cases) invalid(() => EventSet.fromColumns(arg), label);
  invalid(() => EventSet.fromColumns(good(), 'lenient'), 'options not an object');
  invalid(() => EventSet.fromColumns(good(), { get mode() { throw new Error('x'); } }), 'options with a throwing getter');
  // A subclass or an own `length` that lies is read by its real length (what the glue
  // copies), so it is accepted when that is right, and the set is the right one.
  for (const [label, id] of [['a Spoofed subclass', Spoofed.from(good().id)], ['an own length', spoofedLength]]) {
    const s = EventSet.fromColumns(with_({ id }));
    assert.equal(s.length, n, label);
    s.free();
  }
  // Columns over a SharedArrayBuffer and views at an offset are read like any others.
  const shared = good();
  for (const key of Object.keys(shared)) {
    const v = shared[key];
    if (!ArrayBuffer.isView(v)) continue;
    const sab = new v.constructor(new SharedArrayBuffer(v.byteLength + 16), 8, v.length);
    sab.set(v);
    shared[key] = sab;
  }
  const s = EventSet.fromColumns(shared);
  assertSame(parseEvents(BODY), s);
  // toColumns on what is not a live set of this package.
  const freed = parseEvents(BODY);
  freed.free();
  const forged = Object.assign(Object.create(EventSet.prototype), { __wbg_ptr: 8 });
  for (const [label, x] of [['a freed set', freed], ['a forged set', forged], ['null', null], ['a plain object', {}]]) {
    invalid(() => EventSet.prototype.toColumns.call(x), `toColumns on ${label}`);
    invalid(() => EventSet.prototype._toColumns.call(x), `_toColumns on ${label}`);
  }
  // An own `_toColumns` on a set does not change what toColumns gives.
  const shadowed = parseEvents(BODY);
  shadowed._toColumns = () => 'junk';
  assert.equal(shadowed.toColumns().length, n);
  assert.equal(JSON.stringify(summarize(parseEvents(BODY))), before_);
});

test('the declarations type-check a Worker hand-off and toArrow under tsc --strict, and refuse wrong arrays', async () => {
  // In target/ (build output), so that 'chatwoot-reporting' resolves through node_modules.
  const dir = new URL('../../target/columns-types/', import.meta.url);
  await mkdir(dir, { recursive: true });
  await writeFile(new URL('tsconfig.json', dir), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'] },
    files: ['example.ts'],
  }));
  await writeFile(new URL('example.ts', dir), `
import { parseEvents, EventSet, type EventColumns, type FromColumnsOptions } from 'chatwoot-reporting';
import { toArrow } from 'chatwoot-reporting/arrow';
const set: EventSet = parseEvents('[]');
const cols: EventColumns = set.toColumns();
const transfer: ArrayBuffer[] = [cols.name.buffer as ArrayBuffer, cols.id.buffer as ArrayBuffer];
const opts: FromColumnsOptions = { mode: 'lenient', accountId: 1 };
const back: EventSet = EventSet.fromColumns(cols, opts);
const first: string = cols.names[cols.name[0]];
const start: number = cols.eventStartTime[0];
const ipc: Uint8Array = toArrow(back);
// @ts-expect-error: name codes are a Uint32Array
EventSet.fromColumns({ ...cols, name: new Float64Array(0) });
// @ts-expect-error: maxBytes is not an option of fromColumns
EventSet.fromColumns(cols, { maxBytes: 1 });
// @ts-expect-error: toArrow takes an EventSet, not columns
toArrow(cols);
export { transfer, first, start, ipc };
`);
  await run('node_modules/.bin/tsc', ['-p', new URL('tsconfig.json', dir).pathname]);
});

// ---- Chromium ------------------------------------------------------------------------------

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('in Chromium: columns moved with structuredClone\'s transfer rebuild the same set; the moved-from arrays are refused', async () => {
  const { page, errors } = await newPage(browser);
  await page.goto(`${server.url}/www/blank.html`);
  const result = await page.evaluate(async (body) => {
    const m = await import('/pkg/web.js');
    await m.init();
    const set = m.parseEvents(body);
    const cols = set.toColumns();
    const moved = structuredClone(cols, { transfer: Object.values(cols).filter(ArrayBuffer.isView).map((a) => a.buffer) });
    const back = m.EventSet.fromColumns(moved);
    let again;
    try {
      m.EventSet.fromColumns(cols);
    } catch (e) {
      again = [e instanceof m.ReportingError, e.code];
    }
    return {
      same: JSON.stringify(back.toArray()) === JSON.stringify(set.toArray()),
      summary: JSON.stringify(m.summarize(back)) === JSON.stringify(m.summarize(set)),
      length: back.length,
      detached: cols.id.length,
      again,
    };
  }, BODY);
  assert.deepEqual(result, { same: true, summary: true, length: parseEvents(BODY).length, detached: 0, again: [true, 'invalid_argument'] });
  assert.deepEqual(errors, []);
});
