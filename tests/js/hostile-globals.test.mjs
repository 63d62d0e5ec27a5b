// The globals the wasm module calls into (`fetch`, `URL`, `Error`'s prototype) belong to the
// page, and a page can wrap or replace them. Whatever they throw must come back as a failed
// call, never as an exception unwinding through wasm frames (which leaks the wasm stack:
// enough of them kill the instance), and the instance must compute the same figures after.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as m from '../../pkg/node.js';
import { sampleBody } from '../../www/sample.mjs';
import { startChatwoot, makeToken } from './servers/chatwoot.mjs';

const { ReportingClient, ReportingError, parseEvents, summarize } = m;
const BODY = sampleBody({ conversations: 20, seed: 3 });
const figures = () => {
  const s = parseEvents(BODY);
  try { return JSON.stringify(summarize(s)); } finally { s.free(); }
};
const EXPECTED = figures();
const token = makeToken();
const server = await startChatwoot({ token });
after(() => server.close());

/** Runs `fn` with `globalThis[name]` replaced by `value`, restoring it afterwards. */
async function withGlobal(name, value, fn) {
  const saved = globalThis[name];
  globalThis[name] = value;
  try {
    return await fn();
  } finally {
    globalThis[name] = saved;
  }
}

/** How a promise settled within `ms`: {ok, value} or {ok: false, error}, or 'pending'. */
function settle(promise, ms = 5000) {
  return Promise.race([
    promise.then((value) => ({ ok: true, value }), (error) => ({ ok: false, error })),
    new Promise((r) => setTimeout(() => r('pending'), ms)),
  ]);
}

// In a browser a Proxy around a Response (some fetch instrumentation returns one) passes
// `instanceof Response`, but every getter throws "Illegal invocation" on the brand check.
// Node's Response is lenient there, so the Proxy here throws as a browser's would.
// (`then` is read by the promise that resolves to it, and a Response has none.)
const asBrowserProxy = (response) => new Proxy(response, {
  get(_, key) {
    if (key === 'then') return undefined;
    throw new TypeError('Illegal invocation');
  },
});

test('a fetch that answers with a Proxy around the Response: each call fails as a network ReportingError, the instance lives on', async () => {
  const realFetch = globalThis.fetch;
  const client = new ReportingClient({ baseUrl: server.url, accountId: 1, apiAccessToken: token, retries: 0 });
  try {
    await withGlobal('fetch', async (...args) => asBrowserProxy(await realFetch(...args)), async () => {
      for (let i = 0; i < 200; i++) {
        const r = await settle(client.conversationEvents(7));
        assert.notEqual(r, 'pending', `call ${i}: the promise never settled`);
        assert.equal(r.ok, false, `call ${i}: a Proxy's getters cannot be read, so the call cannot succeed`);
        assert.ok(r.error instanceof ReportingError, `call ${i}: ${r.error?.constructor?.name}: ${r.error?.message}`);
        assert.equal(r.error.code, 'network');
      }
    });
    const fine = await client.conversationEvents(7);
    assert.ok(fine.length > 0, 'with the real fetch back, the same client reads the conversation');
    fine.free();
  } finally {
    client.free();
  }
  assert.equal(figures(), EXPECTED);
});

test('a URL whose getters throw: the client refuses the baseUrl with a ReportingError, thousands of times, and the instance lives on', async () => {
  class HostileURL extends URL {
    get hostname() { throw new Error('hostile hostname'); }
  }
  await withGlobal('URL', HostileURL, () => {
    for (let i = 0; i < 5000; i++) {
      let e;
      try {
        new ReportingClient({ baseUrl: 'https://chatwoot.example', accountId: 1, apiAccessToken: 'tok12345' }).free();
      } catch (x) {
        e = x;
      }
      assert.ok(e instanceof ReportingError && e.code === 'invalid_argument', `call ${i}: ${e?.constructor?.name}: ${e?.message}`);
    }
  });
  new ReportingClient({ baseUrl: 'https://chatwoot.example', accountId: 1, apiAccessToken: 'tok12345' }).free();
  assert.equal(figures(), EXPECTED);
});

test('an Error prototype whose `code` setter throws: each failing call throws what the setter threw, thousands of times, and the instance lives on', async () => {
  const marker = new Error('hostile code setter');
  Object.defineProperty(Error.prototype, 'code', { set() { throw marker; }, configurable: true });
  try {
    for (let i = 0; i < 5000; i++) {
      let e;
      try {
        parseEvents('[1]');
      } catch (x) {
        e = x;
      }
      assert.equal(e, marker, `call ${i}: ${e?.constructor?.name}: ${e?.message}`);
    }
  } finally {
    delete Error.prototype.code;
  }
  assert.equal(figures(), EXPECTED);
  assert.throws(() => parseEvents('[1]'), (e) => e instanceof ReportingError && e.code === 'invalid_data');
});
