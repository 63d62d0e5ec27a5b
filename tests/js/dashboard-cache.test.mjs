// The dashboard on the event cache (pkg/cache.js, IndexedDB in the worker), in Debian's
// Chromium: a reload shows the figures from the device with zero requests, a refresh asks
// only for what is new, widening asks only for the added days, a killed tab loses nothing
// it fetched, figures grow as spans arrive (throttled, drawn in place), "Updated HH:MM" and
// the auto-refresh that can be switched off. Requests are counted by the stand-in's log and
// by the browser's own request events.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from 'chatwoot-reporting';
import { launchChromium } from './chromium.mjs';
import {
  accountEvents, afterFetchedEdge, close, DAY, faults, A, open, settled, shot, start, WIDE, PHONE,
} from './dashboard-helpers.mjs';

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

/** A page in `context` whose account-wide requests (their since/until) are recorded in `asked`. */
async function recordingPage(context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const asked = [];
  page.on('request', (q) => {
    if (q.url().includes('/reporting_events')) {
      const p = new URL(q.url()).searchParams;
      asked.push({ since: Number(p.get('since')), until: Number(p.get('until')), page: Number(p.get('page') ?? 1) });
    }
  });
  return { page, errors, asked };
}

const kpiValues = (page) => page.$$eval('#kpis [data-field]', (els) => els.map((e) => `${e.dataset.field}=${e.dataset.value}`));

describe('reload, refresh and widening', () => {
  let s;
  before(async () => { s = await start(); });
  after(() => s.close());

  test('a reload shows the same figures from the device with zero requests; Refresh asks only for the newest minutes', async () => {
    const context = await browser.newContext();
    try {
      const one = await recordingPage(context);
      await open(one.page, s.url);
      const first = await one.page.evaluate(() => window.__dashboard.loaded);
      assert.equal(first.cached, 0, 'an empty cache at first');
      const pagesFirst = s.pages();
      assert.ok(pagesFirst > 100, `${pagesFirst} pages the first time`);
      const figures = await kpiValues(one.page);
      const updated = await one.page.textContent('#updated');
      const apiBefore = s.logs.filter((l) => l.includes('/api/')).length;

      await one.page.reload();
      await settled(one.page);
      assert.equal(s.logs.filter((l) => l.includes('/api/')).length, apiBefore, 'no request at all: events, inboxes and agents all from the device');
      const again = await one.page.evaluate(() => window.__dashboard.loaded);
      assert.equal(again.events, first.events);
      assert.equal(again.cached, first.events, 'every event from the cache');
      assert.deepEqual(await kpiValues(one.page), figures, 'the same figures');
      assert.equal(await one.page.textContent('#updated'), updated, 'as of the same moment');
      assert.ok((await one.page.textContent('#agents tbody')).includes('Amara Okafor'), 'names from the device too');
      const t = await one.page.evaluate(() => window.__dashboard.timings);
      assert.ok(t.firstNumbersMs !== null && t.firstNumbersMs < 5000, `first numbers after ${t.firstNumbersMs} ms`);

      // Refresh: the window moves to now; only the newest edge (the last 15 minutes before the
      // previous fetch, up to now) is asked for: one page.
      one.asked.length = 0;
      await afterFetchedEdge(one.page);
      await one.page.click('#refresh');
      await settled(one.page);
      const range = await one.page.evaluate(() => window.__dashboard.range);
      assert.ok(one.asked.length >= 1 && one.asked.length <= 2, `${one.asked.length} requests`);
      for (const q of one.asked) {
        assert.ok(q.since >= range.until - 900 - 120 && q.until === range.until, `only the newest minutes: ${JSON.stringify(q)}`);
      }
      const events = await accountEvents(s.url, range.fetchSince, range.until);
      assert.equal(await one.page.evaluate(() => window.__dashboard.loaded.events), events.length);
      const want = summarize(events, { since: range.since, until: range.until });
      assert.equal(Number(await one.page.getAttribute('[data-field="conversations"]', 'data-value')), want.conversations);
      assert.ok(close(Number(await one.page.getAttribute('[data-field="firstResponse.mean"]', 'data-value')), want.firstResponse.mean));
      assert.deepEqual(one.errors, []);
    } finally {
      await context.close();
    }
  });

  test('the device\'s figures come before any request answers; then the new ones', async () => {
    const context = await browser.newContext();
    try {
      const { page, errors } = await recordingPage(context);
      await open(page, s.url);
      const figures = await kpiValues(page);
      // A later visit (the figures are older than the refresh interval): the server is slow now.
      await page.evaluate(() => localStorage.removeItem('chatwoot-reporting.updated'));
      await faults(s.url, { path: `${A}/reporting_events`, responses: ['latency:ms=4000'] });
      const t0 = Date.now();
      await page.reload();
      await page.waitForFunction(() => window.__dashboard.renders > 0 && Number(document.querySelector('[data-field="conversations"]')?.dataset.value) > 0, null, { timeout: 3500 });
      const shownAfter = Date.now() - t0;
      assert.ok(shownAfter < 3500, `figures after ${shownAfter} ms, before the 4 s request answered`);
      assert.equal(await page.isVisible('#loading'), true, 'still fetching what is new');
      assert.deepEqual(await kpiValues(page), figures, 'the device\'s figures, for the same window');
      await settled(page);
      await faults(s.url, null);
      assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('widening 30 → 90 days asks only for the added 120 days (counted), in spans newest first', async () => {
    const context = await browser.newContext();
    try {
      const { page, errors, asked } = await recordingPage(context);
      await page.goto(`${s.url}/www/blank.html`);
      await page.evaluate(() => localStorage.setItem('chatwoot-reporting.view', JSON.stringify({ days: 30 })));
      await open(page, s.url);
      const r30 = await page.evaluate(() => window.__dashboard.range);
      assert.equal(r30.length, 30 * DAY);
      asked.length = 0;
      await page.selectOption('#range', '90');
      await settled(page);
      const r90 = await page.evaluate(() => window.__dashboard.range);
      assert.equal(r90.until, r30.until, 'the same moment');
      const added = await accountEvents(s.url, r90.fetchSince, r30.fetchSince);
      const minimum = Math.ceil(added.length / 25);
      assert.ok(asked.length >= minimum, `${asked.length} requests, at least ${minimum} pages`);
      // Each span costs at most one page more than its events fill (its first page says how many follow).
      const spans = new Set(asked.map((q) => `${q.since}-${q.until}`));
      assert.ok(asked.length <= minimum + spans.size, `${asked.length} requests for ${added.length} new events in ${spans.size} spans`);
      for (const q of asked) assert.ok(q.since >= r90.fetchSince && q.until <= r30.fetchSince, `not the part already held: ${JSON.stringify(q)}`);
      const firsts = asked.filter((q) => q.page === 1).map((q) => q.until);
      assert.ok(firsts[0] === r30.fetchSince, 'the newest span first');
      const events = await accountEvents(s.url, r90.fetchSince, r90.until);
      assert.equal(await page.evaluate(() => window.__dashboard.loaded.events), events.length);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('while spans arrive', () => {
  test('figures grow as spans arrive, newest first: at most once a second, the chart drawn in place', { timeout: 180_000 }, async () => {
    const s = await start({ latency: 60 });
    const context = await browser.newContext();
    try {
      const { page, errors } = await recordingPage(context);
      await page.setViewportSize(WIDE);
      await page.goto(`${s.url}/`);
      await page.waitForFunction(() => window.__dashboard.renders > 0 && document.querySelector('#trend-chart canvas'), null, { timeout: 60000 });
      // Mark the canvas: drawing in place keeps it; rebuilding the chart would replace it.
      await page.evaluate(() => { document.querySelector('#trend-chart canvas').dataset.mark = 'first'; });
      const early = await page.evaluate(() => ({ loaded: window.__dashboard.loaded, note: document.querySelector('#coverage-note').textContent }));
      assert.equal(early.loaded.complete, false, 'figures shown before the load ended');
      assert.match(early.note, /Still loading, newest first/);
      await shot(page, 'loading-partial-1440');
      await settled(page, 150000);
      const log = await page.evaluate(() => window.__dashboard.renderLog);
      const partial = log.filter((r) => !r.complete);
      assert.ok(partial.length >= 2, `${partial.length} renders while loading`);
      for (let i = 1; i < partial.length; i++) assert.ok(partial[i].at - partial[i - 1].at >= 900, `renders ${Math.round(partial[i].at - partial[i - 1].at)} ms apart`);
      const counts = log.map((r) => r.events);
      assert.ok(counts.every((n, i) => i === 0 || n >= counts[i - 1]), `the events only grow: ${counts}`);
      assert.equal(await page.getAttribute('#trend-chart canvas', 'data-mark'), 'first', 'the chart was updated in place');
      assert.equal(await page.isHidden('#coverage-note'), true);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await s.close();
    }
  });

  test('a killed tab loses nothing it fetched: the next visit starts from it and asks only for the rest', { timeout: 180_000 }, async () => {
    const s = await start({ latency: 80 });
    const context = await browser.newContext();
    try {
      const victim = await recordingPage(context);
      await victim.page.goto(`${s.url}/`);
      // Wait until a good part is in, then crash the renderer (not a polite close).
      await victim.page.waitForFunction(() => {
        const l = window.__dashboard.loaded;
        return l && l.events > 1500 && l.complete === false;
      }, null, { timeout: 120000 });
      const before = await victim.page.evaluate(() => window.__dashboard.loaded.events);
      const cdp = await context.newCDPSession(victim.page);
      cdp.send('Page.crash').catch(() => {});
      await new Promise((r) => setTimeout(r, 500));
      const pagesAtCrash = s.pages();
      await new Promise((r) => setTimeout(r, 700));
      assert.ok(s.pages() - pagesAtCrash <= 12, 'the killed tab stops asking (requests in flight may still land)');

      const next = await recordingPage(context);
      const held = await next.page.goto(`${s.url}/www/blank.html`).then(() => next.page.evaluate(async (base) => {
        const c = await import('/pkg/cache.js');
        const cache = await c.openEventCache({ name: 'chatwoot-reporting-dashboard' });
        const d = await cache.describe(c.scopeKey({ baseUrl: base, accountId: 1 }));
        cache.close();
        return d;
      }, s.url));
      assert.ok(held.events >= before - 200, `${held.events} events kept on the device (${before} shown at the crash)`);
      await next.page.goto(`${s.url}/`);
      await next.page.waitForFunction(() => window.__dashboard.renders > 0, null, { timeout: 10000 });
      const firstRender = await next.page.evaluate(() => window.__dashboard.renderLog[0]);
      assert.ok(firstRender.events > 0, 'the kept events are shown at once');
      await settled(next.page, 150000);
      const newest = Math.max(...held.covered.map((r) => r.until));
      for (const q of next.asked) {
        const overlapsHeld = held.covered.some((r) => q.since < r.until && q.until > r.since);
        const newestEdge = q.since >= newest - 900 - 120;
        assert.ok(!overlapsHeld || newestEdge, `asked again for held events: ${JSON.stringify(q)}`);
      }
      const range = await next.page.evaluate(() => window.__dashboard.range);
      const events = await accountEvents(s.url, range.fetchSince, range.until);
      assert.equal(await next.page.evaluate(() => window.__dashboard.loaded.events), events.length, 'complete and exact');
      assert.deepEqual(next.errors, []);
    } finally {
      await context.close();
      await s.close();
    }
  });
});

describe('freshness', () => {
  test('"Updated HH:MM", an auto-refresh every 5 minutes that fetches only what is new, and switching it off', { timeout: 120_000 }, async () => {
    const s = await start();
    const context = await browser.newContext();
    try {
      const { page, errors, asked } = await recordingPage(context);
      await page.clock.install();
      await open(page, s.url);
      const at = Number(await page.getAttribute('#updated', 'data-at'));
      const clock = new Intl.DateTimeFormat('en-GB', { timeZone: await page.inputValue('#timezone'), hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      assert.equal(await page.textContent('#updated'), `Updated ${clock.format(new Date(at * 1000))}`);
      asked.length = 0;
      await page.clock.fastForward('05:01');
      await page.waitForFunction((t) => Number(document.querySelector('#updated').dataset.at) > t, at, { timeout: 30000 });
      await settled(page);
      const at2 = Number(await page.getAttribute('#updated', 'data-at'));
      assert.ok(at2 - at >= 300, 'the window moved on by the refresh interval');
      assert.ok(asked.length >= 1 && asked.length <= 2, `${asked.length} requests for the new minutes`);
      for (const q of asked) assert.ok(q.since >= at - 900 - 120, `only what is new: ${JSON.stringify(q)}`);
      // Off: nothing more is asked, however long the page stays open; the choice is kept.
      await page.uncheck('#auto-refresh');
      asked.length = 0;
      await page.clock.fastForward('11:00');
      await page.waitForTimeout(1500);
      assert.equal(asked.length, 0, 'no refresh when switched off');
      assert.equal(Number(await page.getAttribute('#updated', 'data-at')), at2);
      assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('chatwoot-reporting.view')).autoRefresh), false);
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: 'artifacts/dashboard-freshness-390.png' });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await s.close();
    }
  });
});
