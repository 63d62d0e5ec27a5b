// Issue 12, the HTTP edges of ReportingClient, in Node and in headless Chromium, against
// real local servers (servers/chatwoot.mjs) that record every request:
// bounded reads (maxBytes, Content-Length, huge error bodies), the first failing answer
// stops the whole call, timeouts retried, redirects refused at once, statuses as received,
// since/until always together, out-of-range numbers and unknown keys refused before any
// request, no progress "done" for an aborted call.
//   node --test tests/js/http-edges.test.mjs          (TEST_ENVS=node for Node only)
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { startChatwoot, accountPageBody, makeToken } from './servers/chatwoot.mjs';
import { nodeEnv, chromiumEnv } from './servers/envs.mjs';
import { brief } from './servers/harness.mjs';

const WANT = (process.env.TEST_ENVS ?? 'node,chromium').split(',');
const envs = [];
if (WANT.includes('node')) envs.push(await nodeEnv());
if (WANT.includes('chromium')) envs.push(await chromiumEnv());
after(() => Promise.all(envs.map((e) => e.close())));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(pred, ms = 3000) {
  const end = Date.now() + ms;
  while (!pred() && Date.now() < end) await sleep(20);
  return pred();
}
const MB = 1e6;
const CONV = /\/conversations\/(\d+)\/reporting_events/;

/** Starts a server for one test and closes it when the test ends. */
async function server(t, options) {
  const s = await startChatwoot(options);
  t.after(() => s.close());
  return s;
}
const clientOptions = (s, token, extra = {}) => ({ baseUrl: s.url, accountId: 1, apiAccessToken: token, ...extra });

for (const env of envs) {
  describe(`${env.name}`, () => {
    test('a 2xx body far above maxBytes fails as too_large, and the client stops reading at about maxBytes', async (t) => {
      const token = makeToken();
      const s = await server(t, { token, handle: (req, res, ctx) => ctx.stream({ total: 24 * MB, head: '[', paceMs: 2 }) });
      const r = await env.run(s, { client: clientOptions(s, token, { maxBytes: 1_000_000, retries: 0, timeoutMs: 30000 }), call: 'conversationEvents', args: [7], settleMs: 25000 });
      await waitFor(() => s.streams[0]?.closedAt != null);
      const st = s.streams[0];
      const seen = `${brief(r)}; the server wrote ${st?.written} bytes, closed early: ${st?.closedEarly}`;
      assert.equal(r.constructError, null, seen);
      assert.equal(r.error?.code, 'too_large', seen);
      assert.ok(r.error?.reporting, seen);
      assert.ok(st.closedEarly, `the client read the whole body: ${seen}`);
      assert.ok(st.written < 8 * MB, `the server could write ${st.written} bytes before the client stopped (maxBytes 1 000 000): ${seen}`);
      assert.equal(s.gets().length, 1, 'too_large is not retried');
    });

    test('a Content-Length above maxBytes fails as too_large before the body is read', async (t) => {
      const token = makeToken();
      // Announces 50 MB, writes 64 KB, then waits: only a client that reads the header stops.
      const s = await server(t, { token, handle: (req, res, ctx) => ctx.stream({ total: 50 * MB, contentLength: true, pauseAfter: 64 * 1024, head: '[' }) });
      const r = await env.run(s, { client: clientOptions(s, token, { maxBytes: 1_000_000, retries: 0, timeoutMs: 4000 }), call: 'conversationEvents', args: [7], settleMs: 8000 });
      await waitFor(() => s.streams[0]?.closedAt != null, 6000);
      const st = s.streams[0];
      const seen = `${brief(r)}; the server wrote ${st?.written} bytes, connection closed: ${st?.closedAt != null}`;
      assert.equal(r.error?.code, 'too_large', seen);
      assert.ok(r.elapsedMs < 3000, `took ${r.elapsedMs} ms: ${seen}`);
      assert.ok(st.closedAt != null, `the client left the connection open: ${seen}`);
    });

    test('a 500 with a huge body is server_error with a short excerpt, after reading only a little of it', async (t) => {
      const token = makeToken();
      const s = await server(t, {
        token,
        // Chatwoot's error shape, then 24 MB of (valid JSON) whitespace: the excerpt is in the
        // first bytes, the rest must never be read.
        handle: (req, res, ctx) => ctx.stream({ status: 500, total: 24 * MB, head: '{"error":"Internal failure: the database is on fire."}', fill: ' ', paceMs: 2 }),
      });
      const r = await env.run(s, { client: clientOptions(s, token, { retries: 0, timeoutMs: 30000 }), call: 'conversationEvents', args: [7], settleMs: 25000 });
      await waitFor(() => s.streams[0]?.closedAt != null);
      const st = s.streams[0];
      const seen = `${brief(r)}; the server wrote ${st?.written} bytes`;
      assert.equal(r.error?.code, 'server_error', seen);
      assert.equal(r.error?.status, 500, seen);
      assert.ok(st.written < 8 * MB, `the server could write ${st.written} bytes of an error body: ${seen}`);
      assert.ok(r.error.message.length < 1000, `message of ${r.error.message.length} characters: ${seen}`);
      assert.match(r.error.message, /Internal failure/, `no excerpt of the body in the message: ${seen}`);
    });

    test('accountEvents: after page 2 answers 401 no further page is requested, and the call rejects unauthorized', async (t) => {
      const token = makeToken();
      const concurrency = 4;
      const s = await server(t, {
        token,
        handle: async (req, res, ctx) => {
          if (!/\/reporting_events$/.test(ctx.url.pathname)) return;
          const page = Number(ctx.url.searchParams.get('page') ?? 1);
          if (page === 1) return ctx.json(200, accountPageBody({ page: 1, count: 2_500_000, totalPages: 100_000 }));
          if (page === 2) { await ctx.delay(50); return ctx.json(401, { error: 'Invalid Access Token' }); }
          await ctx.delay(400);
          return ctx.json(200, accountPageBody({ page, count: 2_500_000, totalPages: 100_000 }));
        },
      });
      const r = await env.run(s, { client: clientOptions(s, token, { concurrency, retries: 0 }), call: 'accountEvents', settleMs: 5000 });
      const atSettle = s.gets().length;
      await sleep(500);
      const later = s.gets().length;
      const seen = `${brief(r)}; ${atSettle} requests when the call settled, ${later} 500 ms later`;
      assert.equal(r.settled, true, `the call was still running after 5 s: ${seen}`);
      assert.equal(r.error?.code, 'unauthorized', seen);
      assert.equal(r.error?.status, 401, seen);
      assert.ok(atSettle <= concurrency + 2, `more requests than page 1 + the pages in flight: ${seen}`);
      assert.equal(later, atSettle, `requests after the rejection: ${seen}`);
    });

    test('a timeout is retried like a network failure: the second answer wins', async (t) => {
      const token = makeToken();
      let n = 0;
      const s = await server(t, { token, handle: (req, res, ctx) => (++n === 1 ? ctx.hold() : undefined) });
      const r = await env.run(s, { client: clientOptions(s, token, { timeoutMs: 300, retries: 2 }), call: 'conversationEvents', args: [7], settleMs: 10000 });
      const seen = `${brief(r)}; ${s.gets().length} requests`;
      assert.equal(r.ok, true, seen);
      assert.equal(r.value.length, 2, seen);
      assert.equal(s.gets().length, 2, seen);
    });

    test('timeouts every time: code timeout after retries + 1 requests', async (t) => {
      const token = makeToken();
      const s = await server(t, { token, handle: (req, res, ctx) => ctx.hold() });
      const r = await env.run(s, { client: clientOptions(s, token, { timeoutMs: 300, retries: 2 }), call: 'conversationEvents', args: [7], settleMs: 10000 });
      const seen = `${brief(r)}; ${s.gets().length} requests`;
      assert.equal(r.error?.code, 'timeout', seen);
      assert.equal(s.gets().length, 3, seen);
    });

    test('a redirect fails at once (one request, not followed, not retried) as http_error saying what to put in baseUrl', async (t) => {
      const token = makeToken();
      const other = await server(t, { token, cors: true });
      const statuses = [301, 302, 307, 308];
      const s = await server(t, {
        token,
        handle: (req, res, ctx) => {
          if (ctx.url.pathname.startsWith('/moved/')) return undefined; // following it would succeed
          const id = Number(ctx.url.pathname.match(CONV)?.[1]);
          const status = statuses[(id - 1) % 4];
          const target = id <= 4 ? `${s.url}/moved` : other.url;
          return ctx.text(status, '', null, { Location: `${target}/api/v1/accounts/1/conversations/${id}/reporting_events` });
        },
      });
      const problems = [];
      for (let id = 1; id <= 8; id++) {
        const before = s.gets().length;
        const r = await env.run(s, { client: clientOptions(s, token, { retries: 2 }), call: 'conversationEvents', args: [id], settleMs: 8000 });
        const label = `${statuses[(id - 1) % 4]} to ${id <= 4 ? 'the same origin' : 'another origin'}`;
        const asked = s.gets().length - before;
        if (r.error?.code !== 'http_error') problems.push(`${label}: ${brief(r)}`);
        else if (!/baseUrl/.test(r.error.message)) problems.push(`${label}: the message does not mention baseUrl: ${r.error.message}`);
        if (env.name === 'node' && r.error?.status !== statuses[(id - 1) % 4]) problems.push(`${label}: status ${r.error?.status}, not the redirect's`);
        if (env.name === 'chromium' && r.error?.status !== undefined && r.error.status !== statuses[(id - 1) % 4]) problems.push(`${label}: status ${r.error.status}`);
        if (asked !== 1) problems.push(`${label}: ${asked} requests (retried or followed)`);
      }
      if (s.gets().some((q) => q.url.startsWith('/moved/'))) problems.push('a same-origin redirect was followed');
      if (other.requests.length) problems.push(`the other origin got ${other.requests.length} requests (${other.withToken(token).length} with the token)`);
      assert.deepEqual(problems, [], problems.join('\n'));
    });

    test('a 204 is bad_response with status 204, as received', async (t) => {
      const token = makeToken();
      const s = await server(t, { token, handle: (req, res, ctx) => ctx.text(204, '', null) });
      for (const [call, args] of [['conversationEvents', [7]], ['inboxes', []]]) {
        const r = await env.run(s, { client: clientOptions(s, token, { retries: 0 }), call, args });
        assert.equal(r.error?.code, 'bad_response', `${call}: ${brief(r)}`);
        assert.equal(r.error?.status, 204, `${call}: ${brief(r)}`);
      }
    });

    test('accountEvents sends since and until together (until defaults to now), never one without the other', async (t) => {
      const token = makeToken();
      const s = await server(t, { token, accountEvents: 60 });
      const since = Math.floor(Date.now() / 1000) - 7 * 86400;
      const r = await env.run(s, { client: clientOptions(s, token), call: 'accountEvents', opts: { since } });
      const nowS = Date.now() / 1000;
      assert.equal(r.ok, true, brief(r));
      const q = s.gets().map((g) => new URL(g.url, s.url).searchParams);
      const lone = q.filter((p) => p.has('since') !== p.has('until')).map((p) => `?${p}`);
      assert.deepEqual(lone, [], `requests with only one end of the range: ${lone.join(' ')}`);
      assert.equal(q[0].get('since'), String(since));
      const until = Number(q[0].get('until'));
      assert.ok(Math.abs(until - nowS) < 120, `until=${q[0].get('until')}, now is ${Math.floor(nowS)}`);
      // Both given: both sent as given; none given: none sent.
      const n = s.gets().length;
      await env.run(s, { client: clientOptions(s, token), call: 'accountEvents', opts: { since, until: since + 86400 } });
      const both = new URL(s.gets()[n].url, s.url).searchParams;
      assert.deepEqual([both.get('since'), both.get('until')], [String(since), String(since + 86400)]);
      const m = s.gets().length;
      await env.run(s, { client: clientOptions(s, token), call: 'accountEvents', opts: {} });
      const none = new URL(s.gets()[m].url, s.url).searchParams;
      assert.deepEqual([none.has('since'), none.has('until')], [false, false]);
    });

    test('numbers outside what the API can mean are invalid_argument, and nothing is sent', async (t) => {
      const token = makeToken();
      const s = await server(t, { token });
      const problems = [];
      const construct = [['accountId: 1.5', { accountId: 1.5 }], ['accountId: 0', { accountId: 0 }], ['accountId: 2**53', { accountId: 2 ** 53 }],
        ['concurrency: 0', { concurrency: 0 }], ['concurrency: 1e300', { concurrency: 1e300 }], ['timeoutMs: 1e300', { timeoutMs: 1e300 }],
        ['timeoutMs: 0', { timeoutMs: 0 }], ['retries: -1', { retries: -1 }], ['retries: 1e300', { retries: 1e300 }],
        ['maxBytes: -1', { maxBytes: -1 }], ['maxBytes: 0.5', { maxBytes: 0.5 }]];
      for (const [label, extra] of construct) {
        const r = await env.run(s, { client: clientOptions(s, token, extra), call: null });
        if (r.constructError?.code !== 'invalid_argument' || !r.constructError.reporting) problems.push(`new ReportingClient({${label}}): ${brief(r)}`);
      }
      const calls = [
        ['accountEvents({since: 1e300})', 'accountEvents', [], { since: 1e300 }], ['accountEvents({since: -1e300})', 'accountEvents', [], { since: -1e300 }],
        ['accountEvents({since: NaN})', 'accountEvents', [], { since: NaN }], ['accountEvents({until: Infinity})', 'accountEvents', [], { until: Infinity }],
        ['accountEvents({since: 0, until: 1e300})', 'accountEvents', [], { since: 0, until: 1e300 }], ['accountEvents({inboxId: 1.5})', 'accountEvents', [], { inboxId: 1.5 }],
        ['accountEvents({userId: 1e300})', 'accountEvents', [], { userId: 1e300 }],
        ['conversationEvents(1e300)', 'conversationEvents', [1e300]], ['conversationEvents(1.5)', 'conversationEvents', [1.5]],
        ['conversationEvents(0)', 'conversationEvents', [0]], ['conversationsEvents([7, 1e300])', 'conversationsEvents', [[7, 1e300]]],
      ];
      for (const [label, call, args, opts] of calls) {
        const before = s.gets().length;
        const r = await env.run(s, { client: clientOptions(s, token, { retries: 0 }), call, args, opts });
        if (r.error?.code !== 'invalid_argument' || !r.error.reporting) problems.push(`${label}: ${brief(r)}`);
        if (s.gets().length !== before) problems.push(`${label}: ${s.gets().length - before} requests sent`);
      }
      assert.deepEqual(problems, [], problems.join('\n'));
    });

    test('unknown option keys of the client and its methods are invalid_argument naming the key, and nothing is sent', async (t) => {
      const token = makeToken();
      const s = await server(t, { token });
      const problems = [];
      for (const [key, extra] of [['maxbytes', { maxbytes: 10 }], ['timeout', { timeout: 10 }], ['token', { token: 'x' }]]) {
        const r = await env.run(s, { client: clientOptions(s, token, extra), call: null });
        if (r.constructError?.code !== 'invalid_argument' || !r.constructError.message.includes(key)) problems.push(`new ReportingClient({…, ${key}}): ${brief(r)}`);
      }
      for (const [key, call, args, opts] of [['sinse', 'accountEvents', [], { sinse: 1775000000 }], ['mdoe', 'conversationEvents', [7], { mdoe: 'lenient' }],
        ['concurency', 'conversationsEvents', [[7, 8]], { concurency: 2 }], ['inboxid', 'accountEvents', [], { inboxid: 1 }]]) {
        const before = s.gets().length;
        const r = await env.run(s, { client: clientOptions(s, token, { retries: 0 }), call, args, opts });
        if (r.error?.code !== 'invalid_argument' || !r.error.message.includes(key)) problems.push(`${call}({${key}}): ${brief(r)}`);
        if (s.gets().length !== before) problems.push(`${call}({${key}}): ${s.gets().length - before} requests sent`);
      }
      assert.deepEqual(problems, [], problems.join('\n'));
    });

    test('onProgress never reports done === total for an aborted call', async (t) => {
      const token = makeToken();
      const s = await server(t, { token, handle: async (req, res, ctx) => { await ctx.delay(150); } });
      const ids = Array.from({ length: 50 }, (_, i) => i + 1);
      const r = await env.run(s, { client: clientOptions(s, token, { retries: 0 }), call: 'conversationsEvents', args: [ids], progress: true, abortAfterMs: 500, afterMs: 700, settleMs: 15000 });
      const all = [...r.progress, ...r.progressAfterSettle];
      const seen = `${brief(r)}; progress ${JSON.stringify(all.map(([d, n]) => `${d}/${n}`))}`;
      assert.equal(r.error?.code, 'aborted', seen);
      assert.ok(all.length > 0, `no progress at all before the abort: ${seen}`);
      assert.ok(!all.some(([done, total]) => done === total), `reported done for an aborted call: ${seen}`);
    });
  });
}
