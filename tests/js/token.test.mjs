// Issue 12, the token: it goes to one origin, over https or to a loopback host, only in the
// api_access_token header, and no string of any error ever holds it (or any six characters
// of it), whatever a server echoes. In Node and in headless Chromium, against real local
// servers that record every request:
// - "evil" hosts (*.example) are routed to a recording server: in Chromium as its proxy
//   (--proxy-server; loopback hosts bypass it), in Node by a fetch() wrapper installed
//   before the package is loaded (Node cannot resolve *.example or *.localhost itself);
// - loopback hosts (127.0.0.1, 127.5.6.7, localhost, foo.localhost, [::1]) reach the
//   test's own server, bound to 127.0.0.1, ::1 and 127.5.6.7.
//   node --test tests/js/token.test.mjs              (TEST_ENVS=node for Node only)
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { startChatwoot, makeToken, tokenLeaks, conversationBody, eventJson, accountPageBody } from './servers/chatwoot.mjs';
import { nodeEnv, chromiumEnv } from './servers/envs.mjs';
import { brief } from './servers/harness.mjs';

// --- where the token went: the recording "evil" server and, in Node, the fetch wrapper ----
const evil = await startChatwoot({ token: 'unused', cors: true, handle: (req, res, ctx) => ctx.json(200, '[]') });
const fetchLog = [];
const realFetch = globalThis.fetch;
globalThis.fetch = function recordingFetch(input, init) {
  let req;
  try {
    req = new Request(input, init);
  } catch {
    fetchLog.push({ url: String(input?.url ?? input), headers: [], unparsable: true });
    return realFetch(input, init);
  }
  fetchLog.push({ url: req.url, headers: [...req.headers] });
  const u = new URL(req.url);
  let target = null;
  if (/(^|\.)example$/i.test(u.hostname)) target = `http://127.0.0.1:${evil.port}`;
  else if (/\.localhost$/i.test(u.hostname)) target = `http://127.0.0.1:${u.port}`; // what a browser does for *.localhost
  if (!target) return realFetch(req);
  const headers = new Headers(req.headers);
  headers.set('x-test-original-url', req.url);
  return realFetch(`${target}${u.pathname}${u.search}`, { method: req.method, headers, signal: req.signal, redirect: req.redirect });
};
const WANT = (process.env.TEST_ENVS ?? 'node,chromium').split(',');
const envs = [];
if (WANT.includes('node')) envs.push(await nodeEnv());
if (WANT.includes('chromium')) envs.push(await chromiumEnv({ extraArgs: [`--proxy-server=http://127.0.0.1:${evil.port}`] }));
after(async () => {
  await Promise.all(envs.map((e) => e.close()));
  await evil.close();
  globalThis.fetch = realFetch;
});

/** Requests the evil server got that the package made (not the browser's own traffic). */
const evilHits = () => evil.requests.filter((r) => /example/i.test(`${r.host} ${r.url}`) || r.headers.api_access_token !== undefined);

async function server(t, options) {
  const s = await startChatwoot(options);
  t.after(() => s.close());
  return s;
}

/** Where the token shows up in a recorded request other than the api_access_token header. */
function misplaced(rec, token) {
  const out = [];
  if (tokenLeaks([decodeURIComponent(rec.url)], token).length) out.push(`in the URL ${rec.url}`);
  for (let i = 0; i < rec.rawHeaders.length; i += 2) {
    const [name, value] = [rec.rawHeaders[i], rec.rawHeaders[i + 1]];
    if (name.toLowerCase() === 'api_access_token') {
      if (value !== token) out.push(`api_access_token header is ${JSON.stringify(value)}`);
    } else if (tokenLeaks([name, value], token).length) out.push(`in the header ${name}`);
  }
  return out;
}

const leaksIn = (info, token) => (info ? tokenLeaks(info.strings ?? [], token) : []);

for (const env of envs) {
  describe(env.name, () => {
    test('plain http: only loopback hosts (by the parsed host) get the token, only in the api_access_token header', async (t) => {
      const token = makeToken();
      const s = await server(t, { token, cors: true, hosts: ['127.0.0.1', '::1', '127.5.6.7'] });
      const P = s.port;
      const allowed = [`http://127.0.0.1:${P}`, `http://127.5.6.7:${P}`, `http://localhost:${P}`, `http://foo.localhost:${P}`, `http://[::1]:${P}`];
      const refused = [`http://127.evil.example:${P}`, `http://evil.example\\.localhost:${P}`, `http://localhost.evil.example:${P}`,
        `http://127.0.0.1.evil.example:${P}`, `http://LOCALHOST.evil.example:${P}`, `http://evil.example:${P}`, `http://127.0.0.1@evil.example:${P}`];
      const problems = [];
      const evilBefore = evilHits().length;
      const logBefore = fetchLog.length;
      for (const baseUrl of refused) {
        const r = await env.run(s, { client: { baseUrl, accountId: 1, apiAccessToken: token, retries: 0, timeoutMs: 3000 }, call: 'conversationEvents', args: [7] });
        if (r.constructError?.code !== 'invalid_argument' || !r.constructError.reporting) problems.push(`${baseUrl} was not refused at construction: ${brief(r)}`);
        for (const l of leaksIn(r.constructError, token)) problems.push(`${baseUrl}: the refusal quotes the token: …${l.where}…`);
      }
      const hits = evilHits().slice(evilBefore);
      for (const h of hits) problems.push(`a refused base URL sent ${h.method} ${h.url} (Host ${h.host})${h.headers.api_access_token === token ? ' WITH THE TOKEN' : ''}`);
      if (env.name === 'node') {
        for (const f of fetchLog.slice(logBefore)) if (/example/i.test(f.url)) problems.push(`fetch() was called for ${f.url}`);
      }
      for (const baseUrl of allowed) {
        const host = new URL(baseUrl).host;
        const before = s.requests.length;
        const r = await env.run(s, { client: { baseUrl, accountId: 1, apiAccessToken: token, retries: 0, timeoutMs: 5000 }, call: 'conversationEvents', args: [7] });
        if (!r.ok) { problems.push(`${baseUrl} failed: ${brief(r)}`); continue; }
        const got = s.gets().filter((q) => q.seq >= before);
        if (!got.length) problems.push(`${baseUrl}: no request reached the server`);
        for (const q of got) {
          if (q.headers['x-test-original-url'] ? !q.headers['x-test-original-url'].startsWith(baseUrl) : q.host !== host) problems.push(`${baseUrl}: a request for Host ${q.host}`);
          if (q.headers.api_access_token !== token) problems.push(`${baseUrl}: the request has no api_access_token header`);
          for (const m of misplaced(q, token)) problems.push(`${baseUrl}: the token ${m}`);
        }
        for (const q of s.requests.filter((x) => x.seq >= before && x.method === 'OPTIONS')) {
          for (const m of misplaced(q, token)) problems.push(`${baseUrl}: preflight: the token ${m}`);
        }
      }
      assert.deepEqual(problems, [], problems.join('\n'));
    });

    test('every method sends the token only in the api_access_token header, only to the base URL; toString and toJSON never show it', async (t) => {
      const token = makeToken();
      const s = await server(t, { token, accountEvents: 70 });
      const client = { baseUrl: s.url, accountId: 1, apiAccessToken: token };
      const problems = [];
      for (const [call, args, opts] of [['conversationEvents', [7]], ['conversationsEvents', [[1, 2, 3]]], ['accountEvents', [], { since: 1775000000, until: 1776000000 }], ['inboxes', []]]) {
        const r = await env.run(s, { client, call, args, opts });
        if (!r.ok) problems.push(`${call}: ${brief(r)}`);
        for (const l of tokenLeaks([r.clientText ?? ''], token)) problems.push(`String(client)/JSON.stringify(client) shows the token: ${l.where}`);
      }
      if (s.gets().length < 8) problems.push(`only ${s.gets().length} requests`);
      for (const q of s.requests) {
        if (q.method !== 'OPTIONS' && q.headers.api_access_token !== token) problems.push(`${q.method} ${q.url} without the token header`);
        for (const m of misplaced(q, token)) problems.push(`${q.method} ${q.url}: the token ${m}`);
      }
      // This test passes on today's code by design: it guards the rewrite of the transport.
      assert.deepEqual(problems, [], problems.join('\n'));
    });

    test('a relative baseUrl must resolve to the page\'s own origin (in Node, with no page, any relative baseUrl is refused)', async (t) => {
      const token = makeToken();
      const other = await server(t, { token, cors: true });
      const s = await server(t, { token, cors: true });
      const B = other.port;
      const sneaky = [`/\\127.0.0.1:${B}`, `/\t/127.0.0.1:${B}`, `/\n/127.0.0.1:${B}`, `/\r/127.0.0.1:${B}`, `/\\\\127.0.0.1:${B}`, `/\\/127.0.0.1:${B}`];
      const sameOrigin = ['/chatwoot', '/'];
      const problems = [];
      const logBefore = fetchLog.length;
      for (const baseUrl of env.name === 'node' ? [...sneaky, ...sameOrigin] : sneaky) {
        const r = await env.run(s, { client: { baseUrl, accountId: 1, apiAccessToken: token, retries: 0, timeoutMs: 3000 }, call: 'conversationEvents', args: [7] });
        if (r.constructError?.code !== 'invalid_argument' || !r.constructError.reporting) problems.push(`${JSON.stringify(baseUrl)} was not refused at construction: ${brief(r)}`);
      }
      if (env.name === 'chromium') {
        for (const baseUrl of sameOrigin) {
          const before = s.requests.length;
          const r = await env.run(s, { client: { baseUrl, accountId: 1, apiAccessToken: token, retries: 0 }, call: 'conversationEvents', args: [7] });
          if (!r.ok) problems.push(`${baseUrl} (same origin) failed: ${brief(r)}`);
          const got = s.gets().filter((q) => q.seq >= before);
          const prefix = baseUrl === '/' ? '/api/' : `${baseUrl}/api/`;
          if (got.length !== 1 || !got[0].url.startsWith(prefix) || got[0].headers.api_access_token !== token) problems.push(`${baseUrl}: requests ${JSON.stringify(got.map((q) => q.url))}`);
        }
      }
      for (const q of other.requests) problems.push(`the other origin got ${q.method} ${q.url}${q.headers.api_access_token === token ? ' WITH THE TOKEN' : ''}`);
      if (env.name === 'node') for (const f of fetchLog.slice(logBefore)) problems.push(`fetch() was called for ${f.url}`);
      assert.deepEqual(problems, [], problems.join('\n'));
    });

    test('a token that is empty or holds characters a header value cannot carry is refused at construction, without quoting it', async (t) => {
      const s = await server(t, { token: 'x' });
      const a = makeToken();
      const b = makeToken();
      const bad = [['empty', ''], ['a space inside', `${a} ${b}`], ['a tab', `${a}\t${b}`], ['CR', `${a}\r${b}`], ['LF', `${a}\n${b}`],
        ['NUL', `${a}\0${b}`], ['DEL', `${a}\x7f${b}`], ['non-ASCII', `${a}ö${b}`], ['U+2028', `${a}\u2028${b}`], ['no-break space', `${a}\u00a0${b}`],
        ['a leading space', ` ${a}`], ['a trailing space', `${a} `], ['only spaces', '   '], ['an emoji', `${a}\u{1F511}`]];
      const notStrings = [['a number', 12345678], ['null', null], ['an array', [a]], ['an object', { token: a }], ['true', true]];
      const problems = [];
      for (const [label, tok] of [...bad, ...notStrings]) {
        const r = await env.run(s, { client: { baseUrl: s.url, accountId: 1, apiAccessToken: tok, retries: 0 }, call: null });
        if (r.constructError?.code !== 'invalid_argument' || !r.constructError.reporting) problems.push(`token with ${label}: not refused at construction: ${brief(r)}`);
        for (const piece of [a, b]) for (const l of leaksIn(r.constructError, piece)) problems.push(`token with ${label}: the refusal quotes it: …${l.where}…`);
      }
      // Every visible ASCII character is fine.
      const visible = `${a}-_.~+/=!#$%&'*^\`|:;<>?@[]{}(),"\\`;
      const r = await env.run(s, { client: { baseUrl: s.url, accountId: 1, apiAccessToken: visible, retries: 0 }, call: 'conversationEvents', args: [7] });
      if (r.constructError) problems.push(`a token of visible ASCII was refused: ${brief(r)}`);
      const sent = s.gets().at(-1);
      if (sent?.headers.api_access_token !== visible) problems.push(`the visible-ASCII token was sent as ${JSON.stringify(sent?.headers.api_access_token)}`);
      assert.deepEqual(problems, [], problems.join('\n'));
    });

    test('a server that echoes the token in any kind of body: no string of any error holds six characters of it', async (t) => {
      const token = makeToken();
      // Scenario k answers conversation k (and page k of the account endpoint).
      const pad = (n) => 'x'.repeat(n);
      const ev = (over) => `[${eventJson({ id: 1, name: 'first_response', value: 60, conv: 1001, t: 1775000000, over })}]`;
      const scenarios = [
        ['401 {"error": token}', (tok) => [401, 'json', JSON.stringify({ error: `Invalid Access Token ${tok}` })]],
        ['401 {"error"} token at 190', (tok) => [401, 'json', JSON.stringify({ error: `${pad(190)}${tok}` })]],
        ['401 {"error"} token at 195', (tok) => [401, 'json', JSON.stringify({ error: `${pad(195)}${tok}` })]],
        ['401 {"error"} token at 199', (tok) => [401, 'json', JSON.stringify({ error: `${pad(199)}${tok}` })]],
        ['401 {"error"} token at 320', (tok) => [401, 'json', JSON.stringify({ error: `${pad(320)}${tok}` })]],
        ['401 {"error"} token at 2000', (tok) => [401, 'json', JSON.stringify({ error: `${pad(2000)}${tok}` })]],
        ['403 OpenAPI shape', (tok) => [403, 'json', JSON.stringify({ description: `denied for ${tok}`, errors: [{ field: tok, message: tok, code: tok }] })]],
        ['404 {"error": token}', (tok) => [404, 'json', JSON.stringify({ error: tok })]],
        ['404 {"message": token} at 150', (tok) => [404, 'json', JSON.stringify({ message: `${pad(150)}${tok}` })]],
        ['400 {"description": token}', (tok) => [400, 'json', JSON.stringify({ description: tok })]],
        ['418 plain text', (tok) => [418, 'text', `I am a teapot, your token is ${tok}`]],
        ['500 HTML page', (tok) => [500, 'html', `<html><head><title>${tok}</title></head><body><h1>Error for ${tok}</h1></body></html>`]],
        ['500 plain text, token at 190', (tok) => [500, 'text', `${pad(190)}${tok}${pad(50)}`]],
        ['500 plain text, token at 330', (tok) => [500, 'text', `${pad(330)}${tok}`]],
        ['502 plain text', (tok) => [502, 'text', `Bad gateway (upstream said ${tok})`]],
        ['503 JSON with Retry-After: token', (tok) => [503, 'json', JSON.stringify({ error: tok }), { 'Retry-After': tok }]],
        ['429 JSON with Retry-After: token', (tok) => [429, 'json', JSON.stringify({ error: `slow down ${tok}` }), { 'Retry-After': tok }]],
        ['302 with the token in Location', (tok) => [302, 'text', '', { Location: `http://127.0.0.1:1/${tok}/api?token=${tok}` }]],
        ['200 HTML page', (tok) => [200, 'html', `<!doctype html><title>Login</title><p>${tok}</p>`]],
        ['200 plain text', (tok) => [200, 'text', `token=${tok}`]],
        ['200 JSON object {"error": token}', (tok) => [200, 'json', JSON.stringify({ error: tok })]],
        ['200 invalid JSON around the token', (tok) => [200, 'json', `[{"id":1,"name":"${tok}`]],
        ['200 invalid JSON, token at 190', (tok) => [200, 'json', `[{"id":1,"name":"${pad(180)}${tok}"},]`]],
        ['200 event: created_at = token', (tok) => [200, 'json', ev({ created_at: JSON.stringify(tok) })]],
        ['200 event: value = token', (tok) => [200, 'json', ev({ value: JSON.stringify(tok) })]],
        ['200 event: account_id = token', (tok) => [200, 'json', ev({ account_id: JSON.stringify(tok) })]],
        ['200 event: event_start_time = token', (tok) => [200, 'json', ev({ event_start_time: JSON.stringify(tok) })]],
        ['200 event: name = token, value negative', (tok) => [200, 'json', ev({ name: JSON.stringify(tok), value: '-1.0' })]],
        ['200 event: user_id = long text with the token at 190', (tok) => [200, 'json', ev({ user_id: JSON.stringify(`${pad(190)}${tok}`) })]],
        ['200 event: conversation_id = token as a number-like key', (tok) => [200, 'json', ev({ conversation_id: `{"${tok}":1}` })]],
        ['200 a bare string', (tok) => [200, 'json', JSON.stringify(tok)]],
      ];
      const answer = (ctx, k) => {
        const [status, type, body, headers = {}] = scenarios[k - 1][1](ctx.token ?? 'no token sent');
        const types = { json: 'application/json; charset=utf-8', text: 'text/plain; charset=utf-8', html: 'text/html; charset=utf-8' };
        return ctx.text(status, body, types[type], headers);
      };
      const s = await server(t, {
        token,
        handle: (req, res, ctx) => {
          const conv = ctx.url.pathname.match(/\/conversations\/(\d+)\//);
          if (conv) return answer(ctx, Number(conv[1]));
          // The account endpoint: pages 1 and 3 are fine, page 2 is scenario <inbox_id>.
          const page = Number(ctx.url.searchParams.get('page') ?? 1);
          if (page !== 2) return ctx.json(200, accountPageBody({ page, count: 75 }));
          return answer(ctx, Number(ctx.url.searchParams.get('inbox_id')));
        },
      });
      const client = { baseUrl: s.url, accountId: 1, apiAccessToken: token, retries: 0, timeoutMs: 5000 };
      const problems = [];
      for (let k = 1; k <= scenarios.length; k++) {
        const r = await env.run(s, { client, call: 'conversationEvents', args: [k] });
        if (r.ok) { problems.push(`${scenarios[k - 1][0]}: resolved (${brief(r)})`); continue; }
        if (!r.error?.reporting) problems.push(`${scenarios[k - 1][0]}: not a ReportingError: ${brief(r)}`);
        for (const l of leaksIn(r.error, token)) problems.push(`${scenarios[k - 1][0]}: "${l.piece}" in …${l.where}…`);
      }
      // The same answers as per-conversation failures of conversationsEvents …
      const ids = scenarios.map((_, i) => i + 1);
      const many = await env.run(s, { client, call: 'conversationsEvents', args: [ids] });
      if (!many.ok) problems.push(`conversationsEvents: ${brief(many)}`);
      for (const f of many.value?.failed ?? []) for (const l of leaksIn(f.error, token)) problems.push(`conversationsEvents failed[${f.displayId}] (${scenarios[f.displayId - 1][0]}): "${l.piece}" in …${l.where}…`);
      // … and as page 2 of the account endpoint.
      for (let k = 1; k <= scenarios.length; k++) {
        const r = await env.run(s, { client, call: 'accountEvents', opts: { inboxId: k } });
        if (r.ok) problems.push(`accountEvents, page 2 = ${scenarios[k - 1][0]}: resolved`);
        for (const l of leaksIn(r.error, token)) problems.push(`accountEvents, page 2 = ${scenarios[k - 1][0]}: "${l.piece}" in …${l.where}…`);
      }
      assert.deepEqual(problems, [], problems.join('\n'));
    });

    test('lenient mode: the issues of a fetched set do not quote the token either', async (t) => {
      const token = makeToken();
      const s = await server(t, {
        token,
        handle: (req, res, ctx) => ctx.json(200, `[${eventJson({ id: 1, name: 'first_response', value: 60, conv: 1001, t: 1775000000, over: { created_at: JSON.stringify(ctx.token) } })},${conversationBody(3).slice(1)}`),
      });
      const r = await env.run(s, { client: { baseUrl: s.url, accountId: 1, apiAccessToken: token }, call: 'conversationEvents', args: [3], opts: { mode: 'lenient' } });
      assert.equal(r.ok, true, brief(r));
      assert.ok(r.value.issues.length > 0, 'the bad event is reported as an issue');
      const leaks = tokenLeaks(r.value.strings ?? [], token);
      assert.deepEqual(leaks, [], `set.issues quote the token: ${leaks.map((l) => l.where).join(' | ')}`);
    });
  });
}
