// parseEventStream (issue 15): the same EventSet, issues and errors as parseEvents on the
// whole body, whatever the chunks, from a ReadableStream or an async iterable; reading
// stops once the body has failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import * as m from '../../pkg/node.js';
import { sampleBody } from '../../www/sample.mjs';

/** A seeded generator of chunk sizes from 1 to `max`. */
function sizes(seed, max) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return 1 + (x % max);
  };
}

/** `bytes` as chunks (cut anywhere: inside strings, escapes, numbers and UTF-8). */
function chunks(bytes, seed, max) {
  const next = sizes(seed, max);
  const out = [];
  for (let at = 0; at < bytes.length;) {
    const n = next();
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

const readable = (parts) => new ReadableStream({
  start(c) {
    for (const p of parts) c.enqueue(p);
    c.close();
  },
});
async function* iterate(parts) {
  for (const p of parts) yield p;
}

const outcome = (f) => {
  try {
    const set = f();
    return { events: set.toArray(), issues: set.issues };
  } catch (e) {
    return { code: e.code, message: e.message, issues: e.issues };
  }
};
const outcomeAsync = async (f) => {
  try {
    const set = await f();
    return { events: set.toArray(), issues: set.issues };
  } catch (e) {
    return { code: e.code, message: e.message, issues: e.issues };
  }
};

test('a realistic body in random chunks gives exactly what parseEvents gives', async () => {
  // Non-ASCII names and escapes make chunk cuts land inside UTF-8 sequences and escapes.
  const text = sampleBody({ conversations: 60, seed: 5 }).replace('"first_response"', '"caf\\u00e9 \u00e9t\u00e9 \ud83d\ude00"');
  const bytes = new TextEncoder().encode(text);
  const whole = outcome(() => m.parseEvents(bytes, { mode: 'lenient' }));
  assert.ok(whole.events.length > 100);
  for (const [seed, max] of [[1, 1], [2, 7], [3, 64], [4, 4096], [5, 65536]]) {
    const parts = chunks(bytes, seed, max);
    assert.deepEqual(await outcomeAsync(() => m.parseEventStream(readable(parts), { mode: 'lenient' })), whole, `stream, chunks ≤ ${max}`);
    assert.deepEqual(await outcomeAsync(() => m.parseEventStream(iterate(parts), { mode: 'lenient' })), whole, `iterable, chunks ≤ ${max}`);
  }
});

test('bad bodies fail the same way, and a body past maxBytes stops the reading', async () => {
  const good = sampleBody({ conversations: 5, seed: 9 });
  for (const body of ['', '[', '{"payload": 3}', good.slice(0, -40), good.replace('"value":', '"value":"x",'), `${good} trailing`]) {
    const bytes = new TextEncoder().encode(body);
    const whole = outcome(() => m.parseEvents(bytes));
    assert.deepEqual(await outcomeAsync(() => m.parseEventStream(readable(chunks(bytes, 7, 13)))), whole, JSON.stringify(body.slice(0, 40)));
  }
  // 1 000 chunks of 1 KB against maxBytes 10 000: it stops after about ten of them.
  let pulled = 0;
  const endless = new ReadableStream({
    pull(c) {
      pulled += 1;
      c.enqueue(new TextEncoder().encode(pulled === 1 ? `[${' '.repeat(1023)}` : ' '.repeat(1024)));
      if (pulled === 1000) c.close();
    },
  });
  const e = await m.parseEventStream(endless, { maxBytes: 10_000 }).then(() => assert.fail('resolved'), (x) => x);
  assert.ok(e instanceof m.ReportingError);
  assert.equal(e.code, 'too_large');
  assert.ok(pulled < 20, `pulled ${pulled} chunks`);
});

test('wrong sources and failing streams are ReportingError', async () => {
  for (const bad of [null, 42, '[]', {}, new Uint8Array(2)]) {
    const e = await m.parseEventStream(bad).then(() => assert.fail('resolved'), (x) => x);
    assert.ok(e instanceof m.ReportingError && e.code === 'invalid_argument', String(bad));
  }
  const failing = new ReadableStream({ pull(c) { c.error(new Error('connection reset')); } });
  const e = await m.parseEventStream(failing).then(() => assert.fail('resolved'), (x) => x);
  assert.ok(e instanceof m.ReportingError && e.code === 'network', e.message);
  const e2 = await m.parseEventStream(iterate([new Uint8Array([91]), 7])).then(() => assert.fail('resolved'), (x) => x);
  assert.ok(e2 instanceof m.ReportingError && e2.code === 'invalid_argument', e2.message);
});
