// Shared by the dashboard's browser tests (dashboard*.test.mjs): a stand-in on an ephemeral
// port with its log, faults, the account's events read straight from the stand-in (to
// compare the page with the package run in Node), and waiting for the page to settle.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { createAppServer, listen } from '../../www/server.mjs';

export const TOKEN = 'demo-token';
/** Screenshots go here (looked at by a person; not in git). */
export const ARTIFACTS = 'artifacts';
export const WIDE = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };
export const A = '/api/v1/accounts/1';
export const DAY = 86400;
/** A smaller account than the demo's default (same shape, 180 days), so tests load quickly. */
export const TEST_DATA = { conversations: 2000, days: 180 };

await mkdir(ARTIFACTS, { recursive: true });

/** A stand-in on an ephemeral port; `logs` collects its log lines (method, path, status). */
export async function start(options = {}) {
  const logs = [];
  const server = createAppServer({ log: (l) => logs.push(l), data: TEST_DATA, ...options });
  const url = await listen(server, { port: 0 });
  return {
    url, logs, server,
    /** Account-wide list requests served so far. */
    pages: () => logs.filter((l) => /\/reporting_events \d/.test(l) && !l.includes('/conversations/')).length,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

/** Scripts faults on the stand-in (POST /__standin/faults); `null` clears them. */
export async function faults(base, rules) {
  if (rules === null) return fetch(`${base}/__standin/faults`, { method: 'DELETE' });
  const res = await fetch(`${base}/__standin/faults`, { method: 'POST', body: JSON.stringify(rules) });
  assert.equal(res.status, 200, await res.text());
  return res;
}

/** Every event of [since, until) from the account-wide route, ascending created_at (as accountEvents gives). */
export async function accountEvents(base, since, until, token = TOKEN) {
  const out = [];
  let page = 1;
  let pages = 1;
  do {
    const res = await fetch(`${base}${A}/reporting_events?page=${page}&since=${since}&until=${until}`, { headers: { api_access_token: token } });
    assert.equal(res.status, 200);
    const body = await res.json();
    out.push(...body.payload);
    pages = body.meta.total_pages;
    page += 1;
  } while (page <= pages);
  return out.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id);
}

export const inWindow = (events, { since, until }) => events.filter((e) => {
  const t = Date.parse(e.created_at) / 1000;
  return t >= since && t < until;
});

/** Opens the dashboard and waits until it has loaded and rendered (or failed). */
export async function open(page, url, { size = WIDE, path = '/' } = {}) {
  await page.setViewportSize(size);
  await page.goto(`${url}${path}`);
  await settled(page);
}

/** Waits until no load or recomputation is under way. */
export async function settled(page, timeout = 90000) {
  await page.waitForFunction(() => ['ready', 'error', 'cancelled', 'connect'].includes(document.body.dataset.state)
    && !document.body.dataset.busy && document.querySelector('#loading').hidden, null, { timeout });
}

/**
 * Waits until the clock has passed the end of what the page fetched. Ranges end at a whole
 * second (exclusive), so a refresh clicked within the same second rightly finds nothing new
 * to ask the server for; tests that need the refresh to reach the server wait for this.
 */
export async function afterFetchedEdge(page) {
  await page.waitForFunction(() => Math.floor(Date.now() / 1000) > (window.__dashboard.loaded?.fetched?.until ?? 0), null, { timeout: 5000 });
}

/** Runs `action`, then waits for the next render of the figures. */
export async function rerender(page, action) {
  const before = await page.evaluate(() => window.__dashboard.renders);
  await action();
  await page.waitForFunction((n) => window.__dashboard.renders > n && !document.body.dataset.busy, before, { timeout: 60000 });
}

export const get = (obj, path) => path.split('.').reduce((o, k) => o?.[k], obj);
export const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
export const shot = (page, name) => page.screenshot({ path: `${ARTIFACTS}/dashboard-${name}.png`, fullPage: true });

/** Browser-side noise that is the expected outcome of a test (a refused request), not a page bug. */
export const expectedNetworkNoise = (text) => /Failed to load resource: the server responded with a status of (401|404|429|50\d)/.test(text)
  || /Access to fetch at .* has been blocked by CORS policy/.test(text) || /net::ERR_/.test(text);

/** RFC 4180 CSV text (a leading byte-order mark allowed) as rows of fields. */
export function parseCsv(text) {
  const s = text.replace(/^\uFEFF/, '');
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && s[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** CSV rows as objects keyed by the header row. */
export function csvObjects(text) {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}
