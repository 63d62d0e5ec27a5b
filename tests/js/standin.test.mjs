// The local Chatwoot stand-in (www/server.mjs, www/standin/): real HTTP on ephemeral
// loopback ports. Status codes and bodies as ../shared/CHATWOOT.md describes real servers,
// pagination and filters, the 401 variants, CORS, every fault kind, scripted and random
// faults, proxy mode against a second instance, and the simulator's rules.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createAppServer, listen } from '../../www/server.mjs';
import { createDataset, FIXED_END } from '../../www/standin/data.mjs';
import { parseFault } from '../../www/standin/faults.mjs';
import { businessSeconds, defaultBusinessSeconds, sampleBody, weeklySchedule, DEFAULT_WORKING_HOURS } from '../../www/sample.mjs';

const TOKEN = 'demo-token';
const A = '/api/v1/accounts/1';
const EVENT_KEYS = ['id', 'name', 'value', 'value_in_business_hours', 'event_start_time', 'event_end_time',
  'account_id', 'inbox_id', 'user_id', 'conversation_id', 'created_at', 'updated_at'];
// Quicker than the default 6000 over 180 days, same shape; a fixed clock (the simulation's
// "now") so a test can rebuild the very account the server holds.
const SMALL = { conversations: 600, days: 90, end: FIXED_END };

/** Starts a stand-in on an ephemeral port; `logs` collects its log lines. */
async function start(options = {}) {
  const logs = [];
  const server = createAppServer({ log: (l) => logs.push(l), data: SMALL, ...options });
  const url = await listen(server, { port: 0 });
  return {
    url, logs, server,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

/**
 * One HTTP request without connection reuse (faults destroy sockets). Resolves to
 * {status, headers, text, chunks, ms}; rejects on a reset or a body cut off mid-way.
 */
function request(url, { method = 'GET', headers = {}, body, token = TOKEN } = {}) {
  const h = { ...headers };
  if (token !== null) h.api_access_token = token;
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: h, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', (e) => reject(Object.assign(e, { status: res.statusCode, headers: res.headers, received: Buffer.concat(chunks) })));
      res.on('end', () => resolve({
        status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'),
        chunks: chunks.length, ms: Date.now() - t0,
      }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const getJson = async (url, opts) => {
  const r = await request(url, opts);
  return { ...r, body: JSON.parse(r.text) };
};
const fault = (base, rules) => request(`${base}/__standin/faults`, { method: 'POST', body: JSON.stringify(rules), token: null });

describe('Chatwoot routes, status codes and bodies', () => {
  let s;
  let ids;
  before(async () => {
    s = await start();
    ids = (await getJson(`${s.url}/__standin/conversations`, { token: null })).body;
  });
  after(() => s.close());

  test('the helper route lists the account and its display ids, and says it is not Chatwoot', () => {
    assert.equal(ids.accountId, 1);
    assert.equal(ids.displayIds.length, 640); // 600 with events + 40 still waiting
    assert.deepEqual(ids.displayIds, [...ids.displayIds].sort((a, b) => a - b));
    assert.equal(ids.emptyDisplayIds.length, 40);
    assert.match(ids.note, /Not part of Chatwoot's API/);
  });

  test('conversation events: a bare array, ascending created_at, Chatwoot field order, internal ids differ', async () => {
    for (const id of ids.displayIds.filter((i) => !ids.emptyDisplayIds.includes(i)).slice(0, 40)) {
      const r = await getJson(`${s.url}${A}/conversations/${id}/reporting_events`);
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
      assert.ok(Array.isArray(r.body) && r.body.length > 0);
      const created = r.body.map((e) => Date.parse(e.created_at));
      assert.deepEqual(created, [...created].sort((a, b) => a - b));
      for (const e of r.body) {
        assert.deepEqual(Object.keys(e), EVENT_KEYS);
        assert.equal(e.account_id, 1);
        assert.notEqual(e.conversation_id, id);
        assert.equal(e.conversation_id, r.body[0].conversation_id);
        assert.match(e.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
      assert.match(r.text, /"value":\d+\.\d/); // floats as Rails writes them: 120.0
    }
  });

  test('a conversation without events gives []', async () => {
    const r = await request(`${s.url}${A}/conversations/${ids.emptyDisplayIds[0]}/reporting_events`);
    assert.equal(r.status, 200);
    assert.equal(r.text, '[]');
  });

  test('unknown display id or account: 404 {"error":"Resource could not be found"}', async () => {
    const max = Math.max(...ids.displayIds);
    for (const path of [`${A}/conversations/${max + 1}/reporting_events`, `${A}/conversations/0/reporting_events`,
      `${A}/conversations/abc/reporting_events`, '/api/v1/accounts/2/conversations/1/reporting_events',
      '/api/v1/accounts/2/reporting_events', '/api/v1/accounts/2/inboxes']) {
      const r = await request(`${s.url}${path}`);
      assert.equal(r.status, 404, path);
      assert.equal(r.text, '{"error":"Resource could not be found"}', path);
    }
  });

  test('401 for a missing or bad token, before anything else', async () => {
    for (const token of [null, '', 'nope', `${TOKEN}x`, 'toString', 'constructor']) {
      for (const path of [`${A}/conversations/1/reporting_events`, `${A}/reporting_events`, `${A}/inboxes`, '/api/v1/accounts/2/inboxes']) {
        const r = await request(`${s.url}${path}`, { token });
        assert.equal(r.status, 401);
        assert.equal(r.text, '{"error":"Invalid Access Token"}');
      }
    }
  });

  test('special tokens give each of Chatwoot\'s other 401 bodies', async () => {
    const cases = {
      'bot-token': 'Access to this endpoint is not authorized for bots',
      'other-account-token': 'You are not authorized to access this account',
      'suspended-token': 'Account is suspended',
      'denied-token': 'You are not authorized to do this action',
    };
    for (const [token, error] of Object.entries(cases)) {
      for (const path of [`${A}/conversations/1/reporting_events`, `${A}/reporting_events`, `${A}/inboxes`]) {
        const r = await getJson(`${s.url}${path}`, { token });
        assert.equal(r.status, 401, `${token} ${path}`);
        assert.deepEqual(r.body, { error });
      }
    }
    // The policy runs after the lookup: an unknown conversation is a 404 even when denied.
    assert.equal((await request(`${s.url}${A}/conversations/999999/reporting_events`, { token: 'denied-token' })).status, 404);
    // An agent reads conversations and inboxes, but the account-wide list is for administrators.
    assert.equal((await request(`${s.url}${A}/conversations/1/reporting_events`, { token: 'agent-token' })).status, 200);
    assert.equal((await request(`${s.url}${A}/inboxes`, { token: 'agent-token' })).status, 200);
    const admin = await getJson(`${s.url}${A}/reporting_events`, { token: 'agent-token' });
    assert.equal(admin.status, 401);
    assert.deepEqual(admin.body, { error: 'You are not authorized to do this action' });
  });

  test('inboxes: payload with working hours as Chatwoot writes them', async () => {
    const r = await getJson(`${s.url}${A}/inboxes`);
    assert.equal(r.status, 200);
    const inboxes = r.body.payload;
    assert.ok(inboxes.length >= 4);
    for (const i of inboxes) {
      for (const k of ['id', 'name', 'channel_type', 'working_hours_enabled', 'timezone', 'working_hours']) assert.ok(k in i, k);
      assert.deepEqual(i.working_hours.map((w) => w.day_of_week), [0, 1, 2, 3, 4, 5, 6]);
      for (const w of i.working_hours) {
        assert.deepEqual(Object.keys(w), ['day_of_week', 'closed_all_day', 'open_hour', 'open_minutes', 'close_hour', 'close_minutes', 'open_all_day']);
        if (w.closed_all_day) assert.deepEqual([w.open_hour, w.open_minutes, w.close_hour, w.close_minutes], [null, null, null, null]);
        if (w.open_all_day) assert.deepEqual([w.open_hour, w.open_minutes, w.close_hour, w.close_minutes], [0, 0, 23, 59]);
      }
    }
    const defaults = inboxes.filter((i) => i.working_hours_enabled && i.timezone === 'UTC' && JSON.stringify(i.working_hours) === JSON.stringify(DEFAULT_WORKING_HOURS));
    assert.ok(defaults.length > inboxes.length / 2, 'most inboxes use the default schedule');
    assert.ok(inboxes.some((i) => i.working_hours_enabled && i.timezone !== 'UTC'), 'one inbox in another zone');
    assert.ok(inboxes.some((i) => !i.working_hours_enabled), 'one inbox with working hours off');
    assert.ok(inboxes.some((i) => i.working_hours.some((w) => w.open_all_day)), 'one open-all-day day');
    // Every event's inbox is one of them.
    const events = (await getJson(`${s.url}${A}/reporting_events`)).body.payload;
    assert.ok(events.every((e) => inboxes.some((i) => i.id === e.inbox_id)));
  });

  test('agents: a bare array with Chatwoot\'s keys and a name for every user id on the events', async () => {
    const r = await getJson(`${s.url}${A}/agents`);
    assert.equal(r.status, 200);
    assert.ok(Array.isArray(r.body), 'a bare array, no payload wrapper');
    for (const a of r.body) {
      for (const k of ['id', 'account_id', 'availability_status', 'auto_offline', 'confirmed', 'email', 'provider', 'available_name', 'name', 'role', 'thumbnail']) assert.ok(k in a, k);
      assert.equal(a.account_id, 1);
      assert.match(a.name, /^\S+ \S+/);
      assert.ok(['agent', 'administrator'].includes(a.role));
    }
    const named = new Set(r.body.map((a) => a.id));
    const users = new Set(createDataset(SMALL).events.map((e) => e.userId).filter((u) => u !== null));
    assert.ok(users.size >= 6);
    for (const u of users) assert.ok(named.has(u), `user ${u} has a name`);
    assert.equal((await request(`${s.url}${A}/agents`, { token: 'agent-token' })).status, 200, 'any member may list the agents');
    assert.deepEqual((await getJson(`${s.url}${A}/agents`, { token: 'wrong' })).body, { error: 'Invalid Access Token' });
    assert.equal((await request(`${s.url}/api/v1/accounts/2/agents`)).status, 404);
  });

  test('unknown /api/ routes and other methods get Rails\' HTML 404; HEAD works like GET', async () => {
    for (const [method, path] of [['GET', `${A}/no_such_route`], ['GET', '/api/v2/x'], ['POST', `${A}/reporting_events`], ['DELETE', `${A}/inboxes`]]) {
      const r = await request(`${s.url}${path}`, { method });
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.match(r.headers['content-type'], /^text\/html/);
    }
    const head = await request(`${s.url}${A}/inboxes`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    assert.equal(Number(head.headers['content-length']), (await request(`${s.url}${A}/inboxes`)).text.length);
  });

  test('a Community server has no reporting_events route at all', async () => {
    const c = await start({ edition: 'community' });
    try {
      for (const path of [`${A}/conversations/1/reporting_events`, `${A}/reporting_events`]) {
        const r = await request(`${c.url}${path}`);
        assert.equal(r.status, 404);
        assert.match(r.headers['content-type'], /^text\/html/);
      }
      assert.equal((await request(`${c.url}${A}/inboxes`)).status, 200);
    } finally {
      await c.close();
    }
  });

  test('the token never reaches the log: paths and statuses only', async () => {
    const secret = 'a-very-secret-token-42';
    const t = await start({ token: secret });
    try {
      await request(`${t.url}${A}/inboxes?page=1`, { token: secret });
      await request(`${t.url}${A}/inboxes`, { token: 'wrong-secret-99' });
      await request(`${t.url}/api/v1/accounts/1/conversations/${secret}/reporting_events`, { token: secret });
      assert.equal(t.logs.length, 3);
      assert.match(t.logs[0], /^GET \/api\/v1\/accounts\/1\/inboxes 200 /);
      assert.match(t.logs[1], / 401 /);
      for (const l of t.logs) {
        assert.ok(!l.includes(secret) && !l.includes('wrong-secret-99') && !l.includes('?page'), l);
      }
    } finally {
      await t.close();
    }
  });
});

describe('account-wide list: pagination and filters', () => {
  let s;
  let data; // the same simulated account the server builds, to compare against
  before(async () => {
    s = await start();
    data = createDataset(SMALL).events.map((e) => JSON.parse(e.json));
  });
  after(() => s.close());
  const page = (q) => getJson(`${s.url}${A}/reporting_events?${q}`);

  test('25 a page, newest first, meta count/current_page/total_pages', async () => {
    const one = await page('');
    assert.equal(one.status, 200);
    assert.deepEqual(Object.keys(one.body), ['payload', 'meta']);
    assert.equal(one.body.payload.length, 25);
    assert.deepEqual(one.body.meta, { count: data.length, current_page: 1, total_pages: Math.ceil(data.length / 25) });
    assert.deepEqual(one.body.payload.map((e) => e.id), data.slice(-25).reverse().map((e) => e.id));
    const two = await page('page=2');
    assert.equal(two.body.meta.current_page, 2);
    assert.ok(Date.parse(two.body.payload[0].created_at) <= Date.parse(one.body.payload[24].created_at));
    const last = await page(`page=${one.body.meta.total_pages}`);
    assert.equal(last.body.payload.length, data.length - 25 * (one.body.meta.total_pages - 1));
    assert.equal(last.body.payload.at(-1).id, data[0].id);
    const beyond = await page(`page=${one.body.meta.total_pages + 1}`);
    assert.deepEqual(beyond.body.payload, []);
    assert.equal(beyond.body.meta.count, data.length);
  });

  test('walking every page of a filter gives its events exactly once, newest first', async () => {
    const want = data.filter((e) => e.inbox_id === 5 && e.name === 'first_response').reverse();
    const got = [];
    for (let p = 1; ; p++) {
      const r = await page(`inbox_id=5&name=first_response&page=${p}`);
      assert.equal(r.body.meta.count, want.length);
      if (r.body.payload.length === 0) break;
      got.push(...r.body.payload);
    }
    assert.deepEqual(got, want);
  });

  test('filters: inbox_id, user_id, name (and event_name), blank ones ignored', async () => {
    const count = async (q) => (await page(q)).body.meta.count;
    assert.equal(await count('inbox_id=2'), data.filter((e) => e.inbox_id === 2).length);
    assert.equal(await count('user_id=13'), data.filter((e) => e.user_id === 13).length);
    assert.equal(await count('name=reply_time'), data.filter((e) => e.name === 'reply_time').length);
    assert.equal(await count('event_name=reply_time'), data.filter((e) => e.name === 'reply_time').length);
    assert.equal(await count('inbox_id=3&user_id=11&name=conversation_resolved'),
      data.filter((e) => e.inbox_id === 3 && e.user_id === 11 && e.name === 'conversation_resolved').length);
    assert.equal(await count('inbox_id=&user_id=&name='), data.length);
    assert.equal(await count('inbox_id=999'), 0);
  });

  test('since/until: epoch seconds, half-open [since, until) on created_at, only with both ends', async () => {
    // Events written on a whole second let the test hit both boundaries exactly.
    const whole = data.filter((e) => e.created_at.endsWith('.000Z'));
    assert.ok(whole.length >= 2, 'the sample has events on whole seconds');
    const since = Date.parse(whole[0].created_at) / 1000;
    const until = Date.parse(whole.at(-1).created_at) / 1000;
    const inRange = data.filter((e) => Date.parse(e.created_at) / 1000 >= since && Date.parse(e.created_at) / 1000 < until);
    const r = await page(`since=${since}&until=${until}`);
    assert.equal(r.body.meta.count, inRange.length);
    const all = [];
    for (let p = 1; p <= r.body.meta.total_pages; p++) all.push(...(await page(`since=${since}&until=${until}&page=${p}`)).body.payload);
    const got = new Set(all.map((e) => e.id));
    assert.ok(got.has(whole[0].id), 'since is included');
    assert.ok(!got.has(whole.at(-1).id), 'until is excluded');
    assert.equal((await page(`since=${since}`)).body.meta.count, data.length, 'one end alone filters nothing');
    assert.equal((await page(`since=${until}&until=${since}`)).body.meta.count, 0);
    const bad = await page('since=yesterday&until=today');
    assert.equal(bad.status, 500, 'DateTime.strptime raises on a non-integer, as in Rails');
  });
});

describe('CORS', () => {
  const origin = 'http://dashboard.example';
  const preflight = (url, method = 'GET', headers = 'api_access_token') => request(url, {
    method: 'OPTIONS', token: null,
    headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': headers },
  });

  test('refused for other origins by default, as a stock Chatwoot; the demo stays same-origin', async () => {
    const s = await start();
    try {
      const r = await request(`${s.url}${A}/inboxes`, { headers: { Origin: origin } });
      assert.equal(r.status, 200);
      assert.equal(r.headers['access-control-allow-origin'], undefined);
      const p = await preflight(`${s.url}${A}/conversations/1/reporting_events`);
      assert.equal(p.status, 404);
      assert.ok(!Object.keys(p.headers).some((h) => h.startsWith('access-control-')));
      const c = await preflight(`${s.url}/__standin/faults`, 'POST', 'content-type');
      assert.ok(!Object.keys(c.headers).some((h) => h.startsWith('access-control-')));
      const root = await request(`${s.url}/`, { token: null });
      assert.equal(root.status, 302);
      assert.equal(root.headers.location, '/www/');
      const page = await request(`${s.url}/www/`, { token: null });
      assert.equal(page.status, 200);
      assert.match(page.headers['content-type'], /^text\/html/);
      assert.equal((await request(`${s.url}/www/sample.mjs`, { token: null })).status, 200);
      assert.equal((await request(`${s.url}/www/standin/data.mjs`, { token: null })).status, 200);
      assert.equal(page.headers['access-control-allow-origin'], undefined, 'the page itself is not shared');
    } finally {
      await s.close();
    }
  });

  test('the built package (/pkg/) may be imported by a page of any origin: the console recipe', async () => {
    const s = await start();
    try {
      const r = await request(`${s.url}/pkg/package.json`, { token: null, headers: { Origin: origin } });
      assert.equal(r.status, 200);
      assert.equal(r.headers['access-control-allow-origin'], '*');
      assert.equal(r.headers['cross-origin-resource-policy'], 'cross-origin');
      const p = await preflight(`${s.url}/pkg/single.js`, 'GET', '');
      assert.equal(p.status, 204);
      assert.equal(p.headers['access-control-allow-origin'], '*');
      assert.equal((await request(`${s.url}/pkg/nothing-here.js`, { token: null })).headers['access-control-allow-origin'], '*');
      assert.equal((await request(`${s.url}${A}/inboxes`, { headers: { Origin: origin } })).headers['access-control-allow-origin'], undefined, 'not the API');
    } finally {
      await s.close();
    }
  });

  test('with cors: any origin, preflight for api_access_token, Retry-After exposed, errors too', async () => {
    const s = await start({ cors: true });
    try {
      const p = await preflight(`${s.url}${A}/conversations/1/reporting_events`);
      assert.equal(p.status, 200);
      assert.equal(p.headers['access-control-allow-origin'], '*');
      assert.match(p.headers['access-control-allow-methods'], /\bGET\b/);
      assert.match(p.headers['access-control-allow-headers'], /\bapi_access_token\b/);
      for (const [path, status, token] of [[`${A}/inboxes`, 200, TOKEN], [`${A}/inboxes`, 401, 'bad'], [`${A}/conversations/0/reporting_events`, 404, TOKEN]]) {
        const r = await request(`${s.url}${path}`, { token, headers: { Origin: origin } });
        assert.equal(r.status, status);
        assert.equal(r.headers['access-control-allow-origin'], '*');
        assert.match(r.headers['access-control-expose-headers'], /Retry-After/i);
      }
      await fault(s.url, { path: '/inboxes', responses: ['429:retry-after=3', '503:html:nocors'] });
      const limited = await request(`${s.url}${A}/inboxes`, { headers: { Origin: origin } });
      assert.equal(limited.status, 429);
      assert.equal(limited.headers['access-control-allow-origin'], '*');
      assert.equal(limited.headers['retry-after'], '3');
      const proxyPage = await request(`${s.url}${A}/inboxes`, { headers: { Origin: origin } });
      assert.equal(proxyPage.status, 503);
      assert.equal(proxyPage.headers['access-control-allow-origin'], undefined, 'nocors: as nginx\'s own error page');
      // The control route answers CORS too, preflight included.
      const cp = await preflight(`${s.url}/__standin/faults`, 'POST', 'content-type');
      assert.equal(cp.status, 200);
      assert.match(cp.headers['access-control-allow-methods'], /POST/);
      assert.match(cp.headers['access-control-allow-headers'], /content-type/);
      const cr = await request(`${s.url}/__standin/faults`, { method: 'DELETE', token: null, headers: { Origin: origin } });
      assert.equal(cr.headers['access-control-allow-origin'], '*');
    } finally {
      await s.close();
    }
  });
});

describe('CORS in a real browser (Chromium)', { skip: !existsSync(process.env.CHROMIUM ?? '/usr/bin/chromium') && 'no Chromium' }, () => {
  let page;
  let browser;
  let site;
  before(async () => {
    const { launchChromium, newPage } = await import('./chromium.mjs');
    browser = await launchChromium();
    site = await start(); // the dashboard's origin
    ({ page } = await newPage(browser));
    await page.goto(`${site.url}/www/blank.html`);
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });
  // Another port is another origin: the stand-in's API seen from the dashboard's page.
  const read = (api, path) => page.evaluate(async ({ url, token }) => {
    try {
      const r = await fetch(url, { headers: { api_access_token: token } });
      return { status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.text() };
    } catch (e) {
      return { error: e.name };
    }
  }, { url: `${api.url}${path}`, token: TOKEN });

  test('a stock stand-in is refused cross-origin; with cors the preflight passes and Retry-After is readable', async () => {
    const refused = await start();
    const open = await start({ cors: true });
    try {
      assert.deepEqual(await read(refused, `${A}/inboxes`), { error: 'TypeError' });
      const ok = await read(open, `${A}/conversations/1/reporting_events`);
      assert.equal(ok.status, 200);
      assert.ok(Array.isArray(JSON.parse(ok.body)));
      await fault(open.url, { path: '/inboxes', responses: ['429:retry-after=4', '502:html:nocors'] });
      const limited = await read(open, `${A}/inboxes`);
      assert.deepEqual([limited.status, limited.retryAfter], [429, '4']);
      assert.deepEqual(await read(open, `${A}/inboxes`), { error: 'TypeError' }, 'a proxy page without CORS headers');
      // Same origin needs no CORS at all: the demo page's case.
      assert.equal((await read(site, `${A}/inboxes`)).status, 200);
    } finally {
      await refused.close();
      await open.close();
    }
  });
});

describe('faults', () => {
  let s;
  let real; // the real body of the conversation used below
  const path = `${A}/conversations/7/reporting_events`;
  before(async () => {
    s = await start();
    real = (await request(`${s.url}${path}`)).text;
  });
  after(() => s.close());
  const get = () => request(`${s.url}${path}`);

  test('5xx as Chatwoot-like JSON or nginx HTML, 429 with Retry-After in each form', async () => {
    await fault(s.url, { path: '/conversations/7/reporting_events', responses: ['500', '502', '503', '504', '500:html', '502:html', '503:html', '504:html', '502:empty', '403', '429', '429:retry-after=7', '429:retry-after=none', '429:retry-after-date=60'] });
    for (const status of [500, 502, 503, 504]) {
      const r = await get();
      assert.equal(r.status, status);
      assert.equal(JSON.parse(r.text).status, status);
    }
    for (const status of [500, 502, 503, 504]) {
      const r = await get();
      assert.equal(r.status, status);
      assert.match(r.headers['content-type'], /^text\/html/);
      assert.match(r.text, new RegExp(`<title>${status} .*</title>.*nginx`, 's'));
    }
    const empty = await get();
    assert.deepEqual([empty.status, empty.text], [502, '']);
    const forbidden = await getJsonFrom(await get());
    assert.equal(forbidden.status, 403);
    assert.ok(Array.isArray(forbidden.body.errors), 'the OpenAPI bad_request_error shape');
    const plain = await get();
    assert.deepEqual([plain.status, plain.headers['retry-after'], plain.text], [429, '1', 'Retry later\n']);
    assert.equal((await get()).headers['retry-after'], '7');
    assert.equal((await get()).headers['retry-after'], undefined);
    const dated = await get();
    const when = Date.parse(dated.headers['retry-after']);
    assert.ok(when > Date.now() + 50000 && when < Date.now() + 70000, dated.headers['retry-after']);
    assert.equal((await get()).text, real, 'the queue is used up: normal answers again');
  });

  test('reset destroys the connection before any answer', async () => {
    await fault(s.url, { path: '/conversations/7/reporting_events', responses: ['reset'] });
    await assert.rejects(get(), (e) => ['ECONNRESET', 'EPIPE'].includes(e.code) || /socket hang up/.test(e.message));
    assert.match(s.logs.at(-1), / closed \(fault reset\)/);
  });

  test('truncate: a 200 with the first bytes only; with abort the connection drops mid-body', async () => {
    await fault(s.url, { path: '/conversations/7/reporting_events', responses: ['truncate', 'truncate:bytes=10', 'truncate:abort'] });
    const half = await get();
    assert.equal(half.status, 200);
    assert.equal(half.text, real.slice(0, Math.floor(real.length / 2)));
    assert.throws(() => JSON.parse(half.text));
    assert.equal((await get()).text, real.slice(0, 10));
    await assert.rejects(get(), (e) => e.status === 200 && Number(e.headers['content-length']) === real.length && e.received.length < real.length);
  });

  test('html200: an HTML page with status 200', async () => {
    await fault(s.url, { path: '/conversations/7/reporting_events', responses: ['html200'] });
    const r = await get();
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^text\/html/);
    assert.match(r.text, /^<!DOCTYPE html>/);
  });

  test('trickle: the real body in small pieces, slowly', async () => {
    await fault(s.url, { path: '/conversations/7/reporting_events', responses: ['trickle:chunk=200:every=30'] });
    const r = await get();
    assert.equal(r.text, real);
    const pieces = Math.ceil(real.length / 200);
    assert.ok(r.chunks >= Math.min(pieces, 3), `${r.chunks} chunks`);
    assert.ok(r.ms >= (pieces - 1) * 30, `${r.ms} ms`);
  });

  test('redirect: 302 to another origin (clients must not follow it)', async () => {
    await fault(s.url, { path: '/conversations/7/reporting_events', responses: ['redirect', 'redirect:status=307:location=http://127.0.0.1:9/elsewhere?x=1'] });
    const r = await get();
    assert.equal(r.status, 302);
    assert.notEqual(new URL(r.headers.location).origin, s.url);
    const r2 = await get();
    assert.deepEqual([r2.status, r2.headers.location], [307, 'http://127.0.0.1:9/elsewhere?x=1']);
  });

  test('latency and delay: the real answer, later', async () => {
    await fault(s.url, { path: '/conversations/7/reporting_events', responses: ['latency:ms=300', '200:delay=200', '503:delay=200'] });
    let r = await get();
    assert.ok(r.ms >= 290 && r.text === real, `${r.ms}`);
    r = await get();
    assert.ok(r.ms >= 190 && r.text === real);
    r = await get();
    assert.ok(r.ms >= 190 && r.status === 503);
  });

  test('scripted queues: in order, per path, "*" for all; GET lists, DELETE clears; preflight consumes nothing', async () => {
    await fault(s.url, [
      { path: '/conversations/7/reporting_events', responses: ['503', '429:retry-after=1', '200'] },
      { path: '/inboxes', responses: ['502'] },
    ]);
    const listed = JSON.parse((await request(`${s.url}/__standin/faults`, { token: null })).text);
    assert.deepEqual(listed.queued.map((q) => q.responses.length), [3, 1]);
    // A request to another conversation is untouched.
    assert.equal((await request(`${s.url}${A}/conversations/8/reporting_events`)).status, 200);
    await request(`${s.url}${path}`, { method: 'OPTIONS', token: null, headers: { Origin: 'http://x', 'Access-Control-Request-Method': 'GET' } });
    assert.deepEqual([(await get()).status, (await get()).status, (await get()).status, (await get()).status], [503, 429, 200, 200]);
    assert.equal((await request(`${s.url}${A}/inboxes`)).status, 502);
    await fault(s.url, { responses: ['504', '504'] });
    assert.equal((await request(`${s.url}${A}/reporting_events`)).status, 504);
    const cleared = await request(`${s.url}/__standin/faults`, { method: 'DELETE', token: null });
    assert.deepEqual(JSON.parse(cleared.text).queued, []);
    assert.equal((await request(`${s.url}${A}/reporting_events`)).status, 200);
  });

  test('a bad spec is a 400 and queues nothing', async () => {
    for (const body of [{ responses: ['999'] }, { responses: [] }, { path: 7, responses: ['503'] }, { responses: ['503', 'explode'] }, { responses: ['429:retry-after=soon'] }]) {
      const r = await fault(s.url, [{ responses: ['503'] }, body]);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(JSON.parse(r.text).error, /./);
    }
    assert.equal((await request(`${s.url}/__standin/faults`, { method: 'POST', token: null, body: '{' })).status, 400);
    assert.deepEqual(JSON.parse((await request(`${s.url}/__standin/faults`, { token: null })).text).queued, []);
    assert.equal((await get()).status, 200);
  });

  test('parseFault reads options, aliases and URLs with colons', () => {
    assert.deepEqual(parseFault('slow').kind, 'trickle');
    assert.deepEqual(parseFault('ok').kind, 'pass');
    assert.equal(parseFault('redirect:status=301:location=https://a.example:8443/x').opts.location, 'https://a.example:8443/x');
    assert.equal(parseFault('latency').delay, 1000);
    assert.throws(() => parseFault('503:retry-after=1'), /not an option/);
  });

  test('--latency delays every /api/ answer; random faults are seeded and replayable', async () => {
    const slow = await start({ latency: 300 });
    try {
      assert.ok((await request(`${slow.url}${A}/inboxes`)).ms >= 290);
      assert.ok((await request(`${slow.url}/www/`, { token: null })).ms < 250, 'static files are not delayed');
    } finally {
      await slow.close();
    }
    const all = await start({ faultRate: 1, faultKinds: ['503'] });
    try {
      for (let i = 0; i < 5; i++) assert.equal((await request(`${all.url}${A}/inboxes`)).status, 503);
      assert.equal((await request(`${all.url}/__standin/conversations`, { token: null })).status, 200, 'helpers are never faulted');
    } finally {
      await all.close();
    }
    const run = async () => {
      const r = await start({ faultRate: 0.5, seed: 99, faultKinds: ['500', '429', 'html200', 'redirect'] });
      try {
        const out = [];
        for (let i = 0; i < 24; i++) {
          const x = await request(`${r.url}${A}/inboxes`);
          out.push(`${x.status}${x.headers['content-type'].startsWith('text/html') ? 'h' : ''}`);
        }
        return out;
      } finally {
        await r.close();
      }
    };
    const first = await run();
    assert.deepEqual(await run(), first);
    assert.ok(first.filter((x) => x === '200').length >= 4 && first.filter((x) => x !== '200').length >= 4, first.join(' '));
    // The default mix contains every kind, including the ones with no answer at all.
    const mix = await start({ faultRate: 1, seed: 3 });
    try {
      const seen = new Set();
      // In parallel: the draws follow arrival order, and the slow kinds overlap.
      await Promise.all(Array.from({ length: 60 }, () => request(`${mix.url}${A}/conversations/7/reporting_events`).catch(() => {})));
      for (const l of mix.logs) seen.add(/\(fault ([a-z0-9]+)/.exec(l)?.[1]);
      for (const k of ['latency', '429', '500', '502', '503', '504', 'reset', 'truncate', 'html200', 'trickle', 'redirect']) assert.ok(seen.has(k), k);
    } finally {
      await mix.close();
    }
  });
});

async function getJsonFrom(r) {
  return { ...r, body: JSON.parse(r.text) };
}

describe('proxy mode', () => {
  const secret = 'upstream-secret-token-7f3a';
  let upstream;
  let proxy;
  before(async () => {
    upstream = await start({ token: secret });
    proxy = await start({ upstream: upstream.url, cors: true });
  });
  after(async () => {
    await proxy.close();
    await upstream.close();
  });

  test('forwards /api/v1/ with the token, streams the answer back, and logs no token', async () => {
    for (const path of [`${A}/conversations/3/reporting_events`, `${A}/reporting_events?page=2&inbox_id=1`, `${A}/inboxes`]) {
      const direct = await request(`${upstream.url}${path}`, { token: secret });
      const via = await request(`${proxy.url}${path}`, { token: secret, headers: { Origin: 'http://dash.example' } });
      assert.equal(via.status, 200);
      assert.equal(via.text, direct.text);
      assert.equal(via.headers['content-type'], direct.headers['content-type']);
      assert.equal(via.headers['access-control-allow-origin'], '*', 'the proxy applies its own CORS policy');
    }
    const refused = await request(`${proxy.url}${A}/inboxes`, { token: 'not-the-secret' });
    assert.deepEqual([refused.status, refused.text], [401, '{"error":"Invalid Access Token"}']);
    assert.equal((await request(`${proxy.url}${A}/inboxes`, { token: null })).status, 401);
    const bot = await request(`${proxy.url}${A}/inboxes`, { token: 'bot-token' });
    assert.equal(JSON.parse(bot.text).error, 'Access to this endpoint is not authorized for bots');
    const missing = await request(`${proxy.url}${A}/conversations/999999/reporting_events`, { token: secret });
    assert.equal(missing.status, 404);
    assert.ok(proxy.logs.some((l) => / 200 \(upstream\)/.test(l)));
    for (const l of [...proxy.logs, ...upstream.logs]) assert.ok(!l.includes(secret), l);
  });

  test('GET and HEAD only; faults still apply; no local account in proxy mode', async () => {
    const post = await request(`${proxy.url}${A}/inboxes`, { method: 'POST', token: secret });
    assert.equal(post.status, 405);
    assert.equal((await request(`${proxy.url}${A}/inboxes`, { method: 'HEAD', token: secret })).status, 200);
    await fault(proxy.url, { path: '/inboxes', responses: ['503', 'truncate:bytes=5'] });
    assert.equal((await request(`${proxy.url}${A}/inboxes`, { token: secret })).status, 503);
    assert.equal((await request(`${proxy.url}${A}/inboxes`, { token: secret })).text, '{"pay');
    assert.equal((await request(`${proxy.url}/__standin/conversations`, { token: null })).status, 404);
  });

  test('passes only the headers a read needs: the token yes, cookies and Origin no', async () => {
    let seen;
    const capture = createServer((req, res) => {
      seen = { url: req.url, method: req.method, headers: req.headers };
      res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': 'session=x', 'Access-Control-Allow-Origin': 'https://evil.example' });
      res.end('[]');
    });
    const url = await listen(capture, { port: 0 });
    const p = await start({ upstream: `${url}/prefix/` });
    try {
      const r = await request(`${p.url}${A}/conversations/5/reporting_events?x=1`, {
        token: secret, headers: { Cookie: '_chatwoot_session=abc', Origin: 'http://dash.example', Accept: 'application/json' },
      });
      assert.equal(r.status, 200);
      assert.equal(seen.url, `/prefix${A}/conversations/5/reporting_events?x=1`);
      assert.equal(seen.headers.api_access_token, secret);
      assert.equal(seen.headers.accept, 'application/json');
      assert.equal(seen.headers.cookie, undefined);
      assert.equal(seen.headers.origin, undefined);
      assert.equal(r.headers['set-cookie'], undefined);
      assert.equal(r.headers['access-control-allow-origin'], undefined, 'the upstream\'s CORS headers stay behind');
      for (const l of p.logs) assert.ok(!l.includes(secret), l);
    } finally {
      await p.close();
      capture.closeAllConnections();
      await new Promise((r) => capture.close(r));
    }
  });

  test('an unreachable upstream is a 502 with a JSON body naming only the error code', async () => {
    const dead = createServer();
    const url = await listen(dead, { port: 0 });
    await new Promise((r) => dead.close(r));
    const p = await start({ upstream: url });
    try {
      const r = await request(`${p.url}${A}/inboxes`, { token: secret });
      assert.equal(r.status, 502);
      assert.match(JSON.parse(r.text).error, /ECONNREFUSED/);
      assert.ok(!r.text.includes(secret));
    } finally {
      await p.close();
    }
  });
});

describe('the simulator: Chatwoot\'s rules in the stand-in data', () => {
  // The account the demo used to have: 3000 conversations over the 90 days before
  // 2026-11-01 (a fixed clock, so Berlin's DST change on 2026-10-25 is always in range).
  const d = createDataset({ conversations: 3000, days: 90, end: FIXED_END });
  const events = d.events.map((e) => JSON.parse(e.json));
  const inboxes = new Map(d.inboxes.map((i) => [i.id, i]));
  const byConversation = new Map();
  for (const e of events) byConversation.set(e.conversation_id, [...(byConversation.get(e.conversation_id) ?? []), e]);
  const secs = (t) => Date.parse(t) / 1000;

  test('the default sample body is byte for byte what it was (the demo shows 1958 events)', () => {
    const body = sampleBody();
    assert.equal(JSON.parse(body).length, 1958);
    assert.equal(createHash('sha256').update(body).digest('hex'), '46ecb5ab86fa5b7a5cfeeda7c1efb6ea2fc36b454f6d4012c22dcfad49631e48');
  });

  test('a few thousand conversations over 90 days, deterministic, display ids by creation', () => {
    assert.ok(d.conversations.length >= 3000);
    const span = (secs(events.at(-1).created_at) - secs(events[0].created_at)) / 86400;
    assert.ok(span > 85 && span < 100, `${span} days`);
    assert.deepEqual(createDataset({ conversations: 3000, days: 90, end: FIXED_END }).conversationBody(42), d.conversationBody(42));
    const created = [...d.conversations].sort((a, b) => a.displayId - b.displayId).map((c) => c.created);
    assert.deepEqual(created, [...created].sort((a, b) => a - b));
    assert.ok(d.conversations.every((c) => c.displayId !== c.conversationId));
  });

  test('the simulation ends at its clock: nothing written after it, busy up to it, the same bytes for the same clock', () => {
    const last = secs(events.at(-1).created_at);
    assert.ok(last < FIXED_END, 'no event after "now"');
    assert.ok(FIXED_END - last < 3600, `the newest event is ${FIXED_END - last} s old`);
    const lastDay = events.filter((e) => secs(e.created_at) >= FIXED_END - 86400).length;
    assert.ok(lastDay > 50, `${lastDay} events in the last day`);
    // Conversations resolved after "now" are still open: fewer resolutions than conversations.
    const resolved = new Set(events.filter((e) => e.name === 'conversation_resolved').map((e) => e.conversation_id));
    assert.ok(resolved.size < d.conversations.length - 40);
    const later = createDataset({ conversations: 3000, days: 90, end: FIXED_END + 7 * 86400 });
    assert.ok(secs(JSON.parse(later.events.at(-1).json).created_at) > FIXED_END + 6 * 86400, 'another clock moves the data with it');
  });

  test('the default clock is the moment the server starts, and /__standin says so', async () => {
    const before = Math.floor(Date.now() / 1000);
    const s = await start({ data: { conversations: 200, days: 30 } });
    try {
      const info = (await getJson(`${s.url}/__standin`, { token: null })).body;
      assert.ok(info.dataEnd >= before && info.dataEnd <= Date.now() / 1000 + 1, `${info.dataEnd}`);
      const newest = (await getJson(`${s.url}${A}/reporting_events`)).body.payload[0];
      const age = info.dataEnd - secs(newest.created_at);
      assert.ok(age >= 0 && age < 6 * 3600, `the newest event is ${age} s old`);
      // 7 days back from today has data, and so has the day before today.
      const week = (await getJson(`${s.url}${A}/reporting_events?since=${info.dataEnd - 7 * 86400}&until=${info.dataEnd}`)).body.meta.count;
      assert.ok(week > 100, `${week}`);
      const fixed = await start({ now: '2026-11-01T00:00:00Z', data: { conversations: 200, days: 30 } });
      try {
        assert.equal((await getJson(`${fixed.url}/__standin`, { token: null })).body.dataEnd, FIXED_END);
      } finally {
        await fixed.close();
      }
    } finally {
      await s.close();
    }
  });

  test('one first_response per conversation, and never a reply_time before it', () => {
    for (const [id, list] of byConversation) {
      const firsts = list.filter((e) => e.name === 'first_response');
      assert.ok(firsts.length <= 1, `conversation ${id}`);
      const replies = list.filter((e) => e.name === 'reply_time');
      if (replies.length) assert.equal(firsts.length, 1);
      for (const r of replies) assert.ok(secs(r.event_start_time) >= secs(firsts[0].event_end_time));
    }
  });

  test('re-resolution: each conversation_resolved is cumulative from creation', () => {
    let reResolved = 0;
    for (const list of byConversation.values()) {
      const resolved = list.filter((e) => e.name === 'conversation_resolved');
      for (const e of resolved) assert.equal(e.value, secs(e.event_end_time) - secs(e.event_start_time));
      if (resolved.length < 2) continue;
      reResolved++;
      assert.ok(resolved.every((e) => e.event_start_time === resolved[0].event_start_time), 'all start at creation');
      assert.ok(resolved[1].value > resolved[0].value);
      const reopen = list.find((e) => e.name === 'conversation_opened' && e.value > 0);
      assert.ok(reopen, 'a reopening between them');
      assert.equal(reopen.event_start_time, resolved[0].event_end_time);
    }
    assert.ok(reResolved > 100, `${reResolved}`);
  });

  test('a bot handoff writes conversation_opened and conversation_bot_handoff together', () => {
    let handoffs = 0;
    for (const list of byConversation.values()) {
      const h = list.filter((e) => e.name === 'conversation_bot_handoff');
      assert.ok(h.length <= 1, 'once per conversation');
      if (!h.length) continue;
      handoffs++;
      const opened = list.find((e) => e.name === 'conversation_opened' && e.event_end_time === h[0].event_end_time);
      assert.ok(opened, 'an opened event at the handoff');
      assert.equal(opened.value, 0);
    }
    assert.ok(handoffs > 300, `${handoffs}`);
  });

  test('business hours: ≤ value, null only for the AI-assistant events, 0 where working hours are off', () => {
    for (const e of events) {
      const captain = e.name.startsWith('conversation_captain_inference_');
      assert.equal(e.value_in_business_hours === null, captain, `${e.id} ${e.name}`);
      if (captain) continue;
      assert.ok(e.value_in_business_hours >= 0 && e.value_in_business_hours <= e.value);
      if (!inboxes.get(e.inbox_id).working_hours_enabled) assert.equal(e.value_in_business_hours, 0);
    }
  });

  test('default-schedule inboxes: exactly defaultBusinessSeconds', () => {
    let n = 0;
    for (const e of events) {
      const inbox = inboxes.get(e.inbox_id);
      if (e.value_in_business_hours === null || inbox.timezone !== 'UTC' || !inbox.working_hours_enabled) continue;
      if (JSON.stringify(inbox.working_hours) !== JSON.stringify(DEFAULT_WORKING_HOURS)) continue;
      const start = secs(e.event_start_time);
      assert.equal(e.value_in_business_hours, defaultBusinessSeconds(start, start + e.value), `${e.id}`);
      n++;
    }
    assert.ok(n > 5000, `${n}`);
  });

  /** An independent count: minute by minute, the local weekday and time from Intl. */
  function bruteForce(inbox, start, end) {
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: inbox.timezone, hourCycle: 'h23', weekday: 'short', hour: 'numeric', minute: 'numeric' });
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    let total = 0;
    for (let t = start; t < end;) {
      const next = Math.min(end, (Math.floor(t / 60) + 1) * 60);
      const p = Object.fromEntries(fmt.formatToParts(new Date(t * 1000)).map((x) => [x.type, x.value]));
      const w = inbox.working_hours[days.indexOf(p.weekday)];
      const m = Number(p.hour) * 60 + Number(p.minute);
      if (!w.closed_all_day && m >= w.open_hour * 60 + w.open_minutes && m < w.close_hour * 60 + w.close_minutes) total += next - t;
      t = next;
    }
    return total;
  }

  test('inboxes in other zones: each schedule in its own zone, DST and open-all-day included', () => {
    for (const inbox of d.inboxes.filter((i) => i.working_hours_enabled && i.timezone !== 'UTC')) {
      const mine = events.filter((e) => e.inbox_id === inbox.id && e.value_in_business_hours !== null);
      const sample = mine.filter((e, i) => i % 40 === 0 && e.value < 3 * 86400);
      // Berlin's clocks go back on Sunday 2026-10-25, an open-all-day (25-hour) day there.
      const dst = mine.filter((e) => secs(e.event_start_time) < Date.UTC(2026, 9, 24, 22) / 1000 && secs(e.event_end_time) > Date.UTC(2026, 9, 25, 23) / 1000);
      for (const e of [...sample, ...dst.slice(0, 3)]) {
        const start = secs(e.event_start_time);
        assert.equal(e.value_in_business_hours, bruteForce(inbox, start, start + e.value), `inbox ${inbox.id} event ${e.id}`);
      }
      assert.ok(sample.length >= 20);
      if (inbox.timezone === 'Europe/Berlin') assert.ok(dst.length > 0, 'an event across the DST change');
    }
  });

  test('businessSeconds: Chatwoot\'s examples and rules', () => {
    const utc = { working_hours_enabled: true, timezone: 'UTC', working_hours: DEFAULT_WORKING_HOURS };
    assert.equal(businessSeconds(utc, Date.UTC(2022, 2, 20) / 1000, Date.UTC(2022, 2, 26, 23, 59) / 1000), 144000);
    const allDay = { timezone: 'UTC', working_hours: weeklySchedule(Array(7).fill('all')) };
    assert.equal(businessSeconds(allDay, Date.UTC(2022, 2, 21) / 1000, Date.UTC(2022, 2, 22) / 1000), 86340);
    assert.equal(businessSeconds({ ...utc, working_hours_enabled: false }, 0, 86400 * 7), 0);
    const kolkata = { timezone: 'Asia/Kolkata', working_hours: DEFAULT_WORKING_HOURS };
    // 09:00 IST is 03:30 UTC.
    assert.equal(businessSeconds(kolkata, Date.UTC(2026, 9, 26, 3) / 1000, Date.UTC(2026, 9, 26, 4) / 1000), 1800);
    const berlin = { timezone: 'Europe/Berlin', working_hours: weeklySchedule(Array(7).fill('all')) };
    assert.equal(businessSeconds(berlin, Date.UTC(2026, 9, 24, 22) / 1000, Date.UTC(2026, 9, 25, 23) / 1000), 86340 + 3600);
    assert.throws(() => weeklySchedule(['17:00-09:00', null, null, null, null, null, null]), /bad window/);
  });
});
