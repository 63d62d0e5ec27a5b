// The built package (pkg/) as a Node user gets it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { sampleBody } from '../../www/sample.mjs';

const pkgDir = new URL('../../pkg/', import.meta.url);
const api = await import('chatwoot-reporting'); // through the exports map (node_modules link)
const { init, parseEvents, validateEvents, EventSet, ReportingError } = api;

test('the bare name resolves through the exports map to the Node entry', async () => {
  const direct = await import(new URL('node.js', pkgDir).href);
  assert.equal(api.parseEvents, direct.parseEvents);
  const manifest = JSON.parse(await readFile(new URL('package.json', pkgDir), 'utf8'));
  assert.equal(manifest.name, 'chatwoot-reporting');
  assert.equal(manifest.exports['.'].node, './node.js');
  assert.equal(manifest.exports['.'].browser, './web.js');
});

test('require(<path>/pkg) loads the same module (Node 20.19+ require of ESM)', () => {
  const require = createRequire(import.meta.url);
  const viaRequire = require(new URL('.', pkgDir).pathname);
  assert.equal(viaRequire.parseEvents, parseEvents);
});

test('init() is safe to call again and again', async () => {
  await init();
  await init();
  assert.equal(parseEvents('[]').length, 0);
});

test('a sample body round-trips through toArray and JSON.stringify', () => {
  const body = sampleBody({ conversations: 50, seed: 7 });
  const set = parseEvents(body);
  assert.ok(set instanceof EventSet);
  assert.ok(set.length > 50);
  assert.deepEqual(set.issues, []);
  assert.deepEqual(JSON.parse(JSON.stringify(set)), JSON.parse(body));
  assert.equal(parseEvents(JSON.stringify(set)).length, set.length);
  set.free();
});

test('ReportingError is an Error subclass with code and issues, and the package throws nothing else', () => {
  let caught;
  try { parseEvents('{"error":"Invalid Access Token"}'); } catch (e) { caught = e; }
  assert.ok(caught instanceof ReportingError);
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, 'ReportingError');
  assert.equal(caught.code, 'invalid_data');
  assert.equal(caught.issues[0].code, 'not_an_array');
  assert.match(caught.message, /Invalid Access Token/);
  assert.match(caught.stack, /ReportingError/);
  for (const bad of [undefined, 1, {}, [], Symbol.iterator]) {
    assert.throws(() => parseEvents(bad), (e) => e instanceof ReportingError && e.code === 'invalid_argument');
  }
  assert.throws(() => parseEvents('[]', { mode: 'fast' }), (e) => e.code === 'invalid_argument');
});

test('validateEvents returns issues for bad data instead of throwing', () => {
  assert.deepEqual(validateEvents('[]'), []);
  const [issue] = validateEvents('[{"id":1');
  assert.equal(issue.code, 'invalid_json');
  assert.equal(issue.path, '');
  assert.equal(issue.severity, 'error');
  assert.equal(validateEvents('x'.repeat(10), { maxBytes: 5 })[0].code, 'too_large');
});

test('concat takes any number of sets, sorts, keeps the first of each id, and consumes none', () => {
  const body = sampleBody({ conversations: 20, seed: 3 });
  const all = parseEvents(body);
  const firsts = all.filter({ names: ['first_response'] });
  const replies = all.filter({ names: ['reply_time'] });
  const merged = replies.concat(firsts, firsts, replies);
  assert.equal(merged.length, firsts.length + replies.length);
  const created = merged.toArray().map((e) => Date.parse(e.created_at));
  assert.deepEqual(created, [...created].sort((a, b) => a - b));
  assert.ok(firsts.length > 0 && replies.length > 0, 'inputs still usable');
  assert.throws(() => all.concat({}), (e) => e instanceof ReportingError && e.code === 'invalid_argument');
});

test('filter by ids, null users and a half-open time range', () => {
  const set = parseEvents(sampleBody({ conversations: 30, seed: 5 }));
  const rows = set.toArray();
  const t = Date.parse(rows[10].created_at) / 1000;
  const after = set.filter({ since: t });
  assert.equal(after.length, rows.filter((e) => Date.parse(e.created_at) / 1000 >= t).length);
  const before = set.filter({ until: t });
  assert.equal(before.length + after.length, set.length);
  const nullUsers = set.filter({ userIds: [null] });
  assert.equal(nullUsers.length, rows.filter((e) => e.user_id === null).length);
  const conv = rows[0].conversation_id;
  assert.ok(set.filter({ conversationIds: [conv] }).toArray().every((e) => e.conversation_id === conv));
});

test('lenient mode drops events with errors and reports them; warnings never drop', () => {
  const body = JSON.stringify([
    { id: 1, name: 'first_response', value: -1, value_in_business_hours: 0, event_start_time: null, event_end_time: null, account_id: 1, inbox_id: null, user_id: null, conversation_id: 1, created_at: '2026-01-01T00:00:01Z', updated_at: '2026-01-01T00:00:01Z' },
    { id: 2, name: 'brand_new_event', value: 0, value_in_business_hours: null, event_start_time: null, event_end_time: null, account_id: 1, inbox_id: null, user_id: null, conversation_id: 1, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' },
  ]);
  assert.throws(() => parseEvents(body), (e) => e.code === 'invalid_data' && e.issues.some((i) => i.code === 'negative_value'));
  const set = parseEvents(body, { mode: 'lenient' });
  assert.equal(set.length, 1);
  assert.deepEqual(set.issues.map((i) => i.code).sort(), ['negative_value', 'unknown_name']);
});

test('a same-origin baseUrl in Node (no page to resolve it) is refused at construction, before any request', () => {
  // Refused before any request: fetch would reject the path, as a network error retried.
  const saved = globalThis.fetch;
  let fetched = 0;
  globalThis.fetch = (...args) => {
    fetched += 1;
    return saved(...args);
  };
  try {
    assert.throws(
      () => new api.ReportingClient({ baseUrl: '/chatwoot', accountId: 1, apiAccessToken: 'tok-LEAKCHECK-4b1d', retries: 3 }),
      (e) => e instanceof ReportingError && e.code === 'invalid_argument' && !e.message.includes('LEAKCHECK'),
    );
  } finally {
    globalThis.fetch = saved;
  }
  assert.equal(fetched, 0);
});

test('with no fetch() at all, a call rejects with a network error and the module keeps working', async () => {
  const client = new api.ReportingClient({ baseUrl: 'https://chatwoot.example', accountId: 1, apiAccessToken: 'tok-LEAKCHECK-4b1d', retries: 0 });
  const saved = globalThis.fetch;
  delete globalThis.fetch;
  let e;
  try {
    e = await client.conversationEvents(7).then(() => assert.fail('resolved'), (x) => x);
  } finally {
    globalThis.fetch = saved;
  }
  assert.ok(e instanceof ReportingError, String(e));
  assert.equal(e.code, 'network');
  // The futures queue still runs: a later call settles, and parsing still works.
  const again = await client.conversationsEvents([7], { signal: AbortSignal.abort() }).then(() => 'resolved', (x) => x.code);
  assert.equal(again, 'aborted');
  assert.equal(parseEvents('[]').length, 0);
  client.free();
});

test('without AbortSignal.timeout and AbortSignal.any (older engines), timeouts and aborts still settle', { timeout: 10_000 }, async () => {
  const http = await import('node:http');
  const server = http.createServer(() => {}); // never answers
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  const client = new api.ReportingClient({ baseUrl, accountId: 1, apiAccessToken: 'tok-LEAKCHECK-4b1d', retries: 0, timeoutMs: 150 });
  const saved = { timeout: AbortSignal.timeout, any: AbortSignal.any };
  delete AbortSignal.timeout;
  delete AbortSignal.any;
  try {
    const timedOut = await client.conversationEvents(7).then(() => 'resolved', (e) => e.code);
    assert.equal(timedOut, 'timeout');
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 30);
    const aborted = await client.conversationsEvents([7, 8], { signal: caller.signal }).then(() => 'resolved', (e) => e.code);
    assert.equal(aborted, 'aborted');
  } finally {
    Object.assign(AbortSignal, saved);
    client.free();
    server.closeAllConnections();
    server.close();
  }
});
