// The event cache (js/cache.js → pkg/cache.js): openEventCache() and
// client.accountEvents({ cache }) in Debian's Chromium with its real IndexedDB, against the
// stand-in, counting the requests the server sees; the range arithmetic in Node.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createAppServer, listen } from '../../www/server.mjs';
import { FIXED_END } from '../../www/standin/data.mjs';
import { launchChromium, newPage } from './chromium.mjs';

const cache = await import('../../pkg/cache.js');
const DAY = 86400;

describe('range arithmetic', () => {
  const { mergeIntervals, missingRanges, splitSpans, scopeKey } = cache;

  test('covered intervals merge when they overlap or touch; the end keeps its fetch time', () => {
    assert.deepEqual(mergeIntervals([
      { since: 10, until: 20, fetchedAt: 100 }, { since: 0, until: 10, fetchedAt: 50 },
      { since: 15, until: 30, fetchedAt: 200 }, { since: 40, until: 50, fetchedAt: 60 }, { since: 45, until: 45, fetchedAt: 1 },
    ]), [{ since: 0, until: 30, fetchedAt: 200 }, { since: 40, until: 50, fetchedAt: 60 }]);
  });

  test('missing: the holes, newest first; nothing for a covered past range', () => {
    const covered = [{ since: 100, until: 200, fetchedAt: 10_000 }, { since: 300, until: 400, fetchedAt: 10_000 }];
    assert.deepEqual(missingRanges(covered, 150, 350, 900), [{ since: 200, until: 300 }]);
    assert.deepEqual(missingRanges(covered, 0, 500, 900), [{ since: 400, until: 500 }, { since: 200, until: 300 }, { since: 0, until: 100 }]);
    assert.deepEqual(missingRanges(covered, 110, 190, 900), []);
    assert.deepEqual(missingRanges([], 5, 9), [{ since: 5, until: 9 }]);
  });

  test('missing: the unsettled newest edge is read again, but only by a request that reaches past it', () => {
    const covered = [{ since: 0, until: 10_000, fetchedAt: 10_000 }]; // fetched up to "now"
    assert.deepEqual(missingRanges(covered, 0, 10_000, 900), [], 'the same range again: nothing');
    assert.deepEqual(missingRanges(covered, 0, 10_600, 900), [{ since: 9_100, until: 10_600 }], 'newer: from now − settle');
    // A range fetched long after its end is settled: only the new part.
    assert.deepEqual(missingRanges([{ since: 0, until: 5_000, fetchedAt: 10_000 }], 0, 6_000, 900), [{ since: 5_000, until: 6_000 }]);
  });

  test('spans: at most a week, newest first, covering the ranges exactly', () => {
    const spans = splitSpans([{ since: 0, until: 20 * DAY }, { since: -DAY, until: -DAY + 5 }]);
    assert.deepEqual(spans.map((s) => [s.since / DAY, s.until / DAY]).slice(0, 3), [[13, 20], [6, 13], [0, 6]]);
    assert.deepEqual(spans[3], { since: -DAY, until: -DAY + 5 });
  });

  test('scopes: per base URL (without a trailing slash), account and filters; no token in them', () => {
    assert.equal(scopeKey({ baseUrl: 'https://x.example/', accountId: 1 }), scopeKey({ baseUrl: 'https://x.example', accountId: 1 }));
    assert.notEqual(scopeKey({ baseUrl: 'https://x.example', accountId: 1 }), scopeKey({ baseUrl: 'https://x.example', accountId: 2 }));
    assert.notEqual(scopeKey({ baseUrl: 'https://x.example', accountId: 1 }), scopeKey({ baseUrl: 'https://x.example', accountId: 1 }, { inboxId: 3 }));
  });

  test('in Node (no IndexedDB) openEventCache is a ReportingError', async () => {
    await assert.rejects(cache.openEventCache(), (e) => e.name === 'ReportingError' && e.code === 'invalid_argument' && /IndexedDB/.test(e.message));
  });
});

/** A stand-in whose log lines say which account-wide pages it served. */
async function start(options) {
  const logs = [];
  const server = createAppServer({ log: (l) => logs.push(l), token: 'secret-token-value', ...options });
  const url = await listen(server, { port: 0 });
  return {
    url, logs,
    /** Account-wide requests logged since the last call. */
    requests: (() => { let seen = 0; return () => { const n = logs.filter((l) => /reporting_events 200/.test(l)).length; const d = n - seen; seen = n; return d; }; })(),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

/** Defines window.T in the page: the package with the cache option, and a few helpers. */
async function prepare(page, base) {
  await page.goto(`${base}/www/blank.html`);
  await page.evaluate(async () => {
    const m = await import('/pkg/web.js');
    await m.init();
    const c = await import('/pkg/cache.js');
    const client = new m.ReportingClient({ baseUrl: location.origin, accountId: 1, apiAccessToken: 'secret-token-value', concurrency: 4 });
    window.T = {
      m, c, client,
      open: () => c.openEventCache({ name: 'test-cache' }),
      ids: (set) => set.toArray().map((e) => e.id),
      scope: () => c.scopeKey(client.toJSON()),
    };
  });
}

describe('accountEvents({ cache }) in Chromium\'s IndexedDB', () => {
  let s;
  let browser;
  let context;
  before(async () => {
    s = await start({ now: FIXED_END, data: { conversations: 900, days: 60 } });
    browser = await launchChromium();
    context = await browser.newContext();
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  test('the same events as without the cache; again (another tab): no request at all', async () => {
    const page = await context.newPage();
    await prepare(page, s.url);
    const range = { since: FIXED_END - 20 * DAY, until: FIXED_END - 5 * DAY };
    s.requests();
    const r = await page.evaluate(async ({ since, until }) => {
      const { client, open, ids } = window.T;
      const plain = await client.accountEvents({ since, until });
      const cache = await open();
      const cached = await client.accountEvents({ since, until, cache });
      return { plain: JSON.stringify(plain.toArray()), cached: JSON.stringify(cached.toArray()), n: ids(cached).length, unique: new Set(ids(cached)).size };
    }, range);
    assert.ok(r.n > 300, `${r.n} events`);
    assert.equal(r.cached, r.plain, 'same events, same order, same fields');
    assert.equal(r.unique, r.n, 'each id once');
    const first = s.requests();
    assert.ok(first > 2 * Math.ceil(r.n / 25) - 5, `${first} requests: once without, once to fill the cache`);

    const again = await context.newPage(); // a reload: a new page, the same IndexedDB
    await prepare(again, s.url);
    const n = await again.evaluate(async ({ since, until }) => {
      const { client, open, ids } = window.T;
      return ids(await client.accountEvents({ since, until, cache: await open() })).length;
    }, range);
    assert.equal(n, r.n);
    assert.equal(s.requests(), 0, 'a covered range in the past needs no request');
    await page.close();
    await again.close();
  });

  test('widening fetches only the new part, and filters are cached apart', async () => {
    const page = await context.newPage();
    await prepare(page, s.url);
    s.requests();
    const asked = [];
    page.on('request', (q) => { if (q.url().includes('reporting_events')) asked.push(new URL(q.url()).searchParams); });
    const r = await page.evaluate(async ({ since, until, wider }) => {
      const { client, open } = window.T;
      const cache = await open();
      const narrow = await client.accountEvents({ since, until, cache }); // covered by the previous test
      const wide = await client.accountEvents({ since: wider, until, cache });
      const plain = await client.accountEvents({ since: wider, until });
      const inbox = await client.accountEvents({ since: wider, until, inboxId: 3, cache });
      const inboxPlain = await client.accountEvents({ since: wider, until, inboxId: 3 });
      return {
        narrow: narrow.length, wide: wide.length, same: JSON.stringify(wide.toArray()) === JSON.stringify(plain.toArray()),
        inbox: inbox.length, inboxSame: JSON.stringify(inbox.toArray()) === JSON.stringify(inboxPlain.toArray()),
        newPart: plain.length - narrow.length,
      };
    }, { since: FIXED_END - 20 * DAY, until: FIXED_END - 5 * DAY, wider: FIXED_END - 40 * DAY });
    assert.ok(r.wide > r.narrow);
    assert.ok(r.same, 'the widened result equals an uncached fetch');
    assert.ok(r.inboxSame && r.inbox > 0 && r.inbox < r.wide);
    // The cached requests of the widening: only [wider, since), in spans of at most a week.
    const widening = asked.slice(0, asked.findIndex((q, i) => i > 0 && q.get('page') === '1' && Number(q.get('since')) === FIXED_END - 40 * DAY && Number(q.get('until')) === FIXED_END - 5 * DAY));
    assert.ok(widening.length > 0);
    for (const q of widening) {
      assert.ok(Number(q.get('since')) >= FIXED_END - 40 * DAY && Number(q.get('until')) <= FIXED_END - 20 * DAY, `asked ${q}`);
      assert.ok(Number(q.get('until')) - Number(q.get('since')) <= 7 * DAY);
    }
    const pagesOfNewPart = widening.length;
    assert.ok(pagesOfNewPart <= Math.ceil(r.newPart / 25) + 3 + 3, `${pagesOfNewPart} requests for ${r.newPart} new events`);
    await page.close();
  });

  test('a re-read span replaces the events held for it: each id once, the fresh copy kept', async () => {
    const page = await context.newPage();
    await prepare(page, s.url);
    const r = await page.evaluate(async () => {
      const { c } = window.T;
      const cache = await c.openEventCache({ name: 'unit-cache' });
      const ev = (id, at, value) => ({ id, name: 'first_response', value, value_in_business_hours: value, event_start_time: null, event_end_time: null, account_id: 1, inbox_id: 1, user_id: 11, conversation_id: 7, created_at: new Date(at * 1000).toISOString(), updated_at: new Date(at * 1000).toISOString() });
      const scope = 'unit';
      await cache.put(scope, 0, 1000, [ev(1, 100, 1), ev(2, 500, 2), ev(3, 900, 3)], { fetchedAt: 1000 });
      await cache.put(scope, 400, 1200, [ev(2, 500, 20), ev(4, 1100, 4)], { fetchedAt: 1200 });
      const all = JSON.parse((await cache.read(scope, 0, 2000)).body);
      const out = { all: all.map((e) => [e.id, e.value]), coverage: await cache.coverage(scope), missing: await cache.missing(scope, 0, 1500) };
      const d = await cache.describe(scope);
      out.chunks = d.chunks;
      await cache.forget(scope);
      out.after = await cache.describe(scope);
      cache.close();
      return out;
    });
    assert.deepEqual(r.all, [[1, 1], [2, 20], [4, 4]], 'event 3 (in the re-read span, gone from the server) is dropped, 2 is the fresh copy');
    assert.deepEqual(r.coverage, [{ since: 0, until: 1200, fetchedAt: 1200 }]);
    assert.deepEqual(r.missing, [{ since: 300, until: 1500 }], 'the newest 900 s are read again by a newer request');
    assert.ok(r.chunks >= 1);
    assert.equal(r.after, null);
  });

  test('the token is never written to IndexedDB', async () => {
    const page = await context.newPage();
    await prepare(page, s.url);
    const dump = await page.evaluate(async () => {
      const db = await new Promise((res, rej) => { const q = indexedDB.open('test-cache'); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
      const out = [];
      for (const name of db.objectStoreNames) {
        const all = await new Promise((res) => { const q = db.transaction(name).objectStore(name).getAll(); q.onsuccess = () => res(q.result); });
        out.push(JSON.stringify(all));
      }
      db.close();
      return out.join('\n');
    });
    assert.ok(dump.length > 100_000, 'events are there');
    assert.ok(dump.includes(s.url), 'the base URL names the scope');
    assert.ok(!dump.includes('secret-token-value'), 'no token');
    await page.close();
  });
});

describe('a killed tab loses nothing it fetched', () => {
  test('spans stored before the renderer crashed stay; the next request fetches only the rest', { timeout: 120_000 }, async () => {
    const s = await start({ now: FIXED_END, latency: 120, data: { conversations: 900, days: 60 } });
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      const victim = await context.newPage();
      await prepare(victim, s.url);
      await victim.evaluate(async (range) => {
        const { client, open } = window.T;
        window.fetching = client.accountEvents({ ...range, cache: await open() }); // not awaited
      }, { since: FIXED_END - 56 * DAY, until: FIXED_END });
      const watcher = await context.newPage();
      await prepare(watcher, s.url);
      const stored = await watcher.evaluate(async () => {
        const { open, scope } = window.T;
        const cache = await open();
        for (;;) {
          const d = await cache.describe(scope());
          if (d && d.covered.reduce((n, r) => n + r.until - r.since, 0) >= 2 * 7 * 86400) return d.covered;
          await new Promise((r) => setTimeout(r, 50));
        }
      });
      // Kill the renderer mid-fetch (not a polite close).
      const cdp = await context.newCDPSession(victim);
      // The renderer dies; the command never gets its answer, so do not wait for one.
      cdp.send('Page.crash').catch(() => {});
      await new Promise((r) => setTimeout(r, 500));
      s.requests();
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(s.requests(), 0, 'the killed tab asks nothing more');
      const after = await watcher.evaluate(async () => {
        const { open, scope } = window.T;
        return (await (await open()).describe(scope())).covered;
      });
      const length = (list) => list.reduce((n, r) => n + r.until - r.since, 0);
      assert.ok(length(after) >= length(stored), 'what was stored before the crash is still there');
      assert.ok(length(after) < 56 * 86400, 'the fetch was cut short');
      const asked = [];
      watcher.on('request', (q) => { if (q.url().includes('reporting_events')) asked.push(new URL(q.url()).searchParams); });
      const cachedJson = await watcher.evaluate(async (range) => {
        const { client, open } = window.T;
        return JSON.stringify((await client.accountEvents({ ...range, cache: await open() })).toArray());
      }, { since: FIXED_END - 56 * DAY, until: FIXED_END });
      const cachedAsks = asked.splice(0);
      const plainJson = await watcher.evaluate(async (range) => JSON.stringify((await window.T.client.accountEvents(range)).toArray()),
        { since: FIXED_END - 56 * DAY, until: FIXED_END });
      assert.equal(cachedJson, plainJson, 'completed: the same events as an uncached fetch');
      assert.ok(cachedAsks.length > 0);
      for (const q of cachedAsks) {
        const a = Number(q.get('since'));
        const b = Number(q.get('until'));
        assert.ok(!after.some((c) => a < c.until && b > c.since), `asked again for a stored span ${a}–${b}`);
      }
      const total = asked.length; // the uncached fetch: every page of the 56 days
      assert.ok(cachedAsks.length < total - 5, `${cachedAsks.length} requests with the cache, ${total} without`);
    } finally {
      await browser.close();
      await s.close();
    }
  });
});

describe('the newest edge', () => {
  test('a newer request re-reads only the last minutes before the previous fetch', { timeout: 60_000 }, async () => {
    const s = await start({ data: { conversations: 600, days: 30 } }); // the clock is now
    const browser = await launchChromium();
    try {
      const { page } = await newPage(browser);
      await prepare(page, s.url);
      const asked = [];
      page.on('request', (q) => { if (q.url().includes('reporting_events')) asked.push(new URL(q.url()).searchParams); });
      const now = Math.floor(Date.now() / 1000);
      await page.evaluate(async ({ since, until }) => {
        const { client, open } = window.T;
        await client.accountEvents({ since, until, cache: await open() });
      }, { since: now - 3 * DAY, until: now });
      asked.length = 0;
      const later = now + 120;
      const n = await page.evaluate(async ({ since, until }) => {
        const { client, open } = window.T;
        return (await client.accountEvents({ since, until, cache: await open() })).length;
      }, { since: now - 3 * DAY, until: later });
      assert.ok(n > 100);
      assert.ok(asked.length >= 1 && asked.length <= 3, `${asked.length} requests`);
      for (const q of asked) {
        assert.ok(Number(q.get('since')) >= now - 900 - 5, `re-read from ${now - Number(q.get('since'))} s before`);
        assert.equal(Number(q.get('until')), later);
      }
    } finally {
      await browser.close();
      await s.close();
    }
  });
});
