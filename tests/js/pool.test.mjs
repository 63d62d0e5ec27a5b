// createWorkerPool() (chatwoot-reporting/worker, issue 15): in Debian's Chromium, real module
// workers fetching from the stand-in over HTTP. The pool at 1, 2 and 4 workers gives the
// same events, in the same order, and the same summary as one ReportingClient over the same
// range; every worker takes part; abort and a failing span reject with a ReportingError
// (never showing the token), leave nothing behind in the workers and leave the pool usable;
// and 100 000 events fetched, gathered and summarized through 2 workers leave the page's
// main thread without a single long task (> 50 ms).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { launchChromium, newPage } from './chromium.mjs';
import { DAY, expectedNetworkNoise, faults, start } from './dashboard-helpers.mjs';

const run = promisify(execFile);
/** A token no stand-in default has, so finding it in an error is a finding. */
const TOKEN = 'pool-secret-7Qx93Lm';
/** The simulation's fixed "now", so every run sees the same events. */
const END = Date.UTC(2026, 10, 1) / 1000;
const ACCOUNT_PATH = '/api/v1/accounts/1/reporting_events';

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

/** A blank page of the stand-in; `errors` keeps console errors that are not expected refusals. */
async function blankPage(s) {
  const { page, errors } = await newPage(browser);
  await page.goto(`${s.url}/www/blank.html`);
  return { page, errors: () => errors.filter((e) => !expectedNetworkNoise(e)) };
}

/** Events of the stand-in's account with created_at in [since, until). */
const countIn = (s, since, until) => s.server.standin.dataset().events.filter((e) => e.createdAt >= since && e.createdAt < until).length;

describe('the same events as one client', () => {
  let s;
  // ~5 900 events: 240 pages of 25 for one client.
  before(async () => { s = await start({ token: TOKEN, now: END, data: { conversations: 1200, days: 180 } }); });
  after(() => s.close());

  test('at 1, 2 and 4 workers: the same events in the same order, the same summary, every worker fetching, nothing left behind', async () => {
    // Uneven ends (not whole days), a range narrower in seconds than the spans asked for,
    // and an empty one (since = until), which is not cut.
    const busy = s.server.standin.dataset().events.find((e) => e.createdAt > END - 90 * DAY).createdAt;
    const ranges = [[END - 170 * DAY + 12_345, END - 3 * DAY + 777], [Math.floor(busy) - 3, Math.floor(busy) + 4], [END - DAY, END - DAY]];
    assert.ok(countIn(s, ...ranges[0]) > 5000, `${countIn(s, ...ranges[0])} events in the wide range`);
    assert.ok(countIn(s, ...ranges[1]) >= 1, 'the narrow range holds an event');
    for (const size of [1, 2, 4]) {
      const { page, errors } = await blankPage(s);
      const result = await page.evaluate(async ({ token, ranges, size }) => {
        const m = await import('/pkg/web.js');
        await m.init();
        const { createWorkerPool } = await import('/pkg/worker-client.js');
        const options = { baseUrl: location.origin, accountId: 1, apiAccessToken: token };
        const single = new m.ReportingClient(options);
        const pool = createWorkerPool({ size });
        window.pool = pool;
        const client = await pool.createClient(options);
        const out = [];
        for (const [since, until] of ranges) {
          const want = await single.accountEvents({ since, until });
          const progress = [];
          const set = await client.accountEvents({ since, until, onProgress: (d, t) => progress.push([d, t]) });
          const got = await set.toArray();
          const wanted = want.toArray();
          // A window inside a wide range (its `previous` reaches before it); none in the others.
          const figures = until - since > 60 * 86400 ? { since: since + 30 * 86400, until, sla: { firstResponse: 3600 } } : {};
          out.push({
            length: [set.length, want.length],
            firstDiff: wanted.findIndex((e, i) => JSON.stringify(e) !== JSON.stringify(got[i])),
            sameEvents: JSON.stringify(got) === JSON.stringify(wanted),
            sameSummary: JSON.stringify(await pool.summarize(set, figures)) === JSON.stringify(m.summarize(want, figures)),
            sameIssues: JSON.stringify(set.issues) === JSON.stringify(want.issues),
            progressRises: progress.every(([d, t], i) => d <= t && (i === 0 || d >= progress[i - 1][0])),
            lastProgress: progress.at(-1),
            held: (await pool.stats()).sets,
          });
          await set.free();
          want.free();
        }
        await client.free();
        return { out, perWorker: (await pool.stats()).workers, size: pool.size };
      }, { token: TOKEN, ranges, size });
      // Every worker of the pool fetched part of the range: its own resource timing entries.
      const fetchedBy = await Promise.all(page.workers().map((w) => w.evaluate(() => performance.getEntriesByType('resource')
        .filter((e) => e.name.includes('/reporting_events?')).length)));
      await page.evaluate(() => window.pool.terminate());
      await page.close();
      assert.equal(result.size, size);
      result.out.forEach((r, k) => {
        const label = `size ${size}, range ${k}`;
        assert.equal(r.length[0], r.length[1], `${label}: length`);
        assert.equal(r.firstDiff, -1, `${label}: the first event that differs`);
        assert.ok(r.sameEvents && r.sameSummary && r.sameIssues, `${label}: ${JSON.stringify(r)}`);
        assert.ok(r.progressRises, `${label}: progress never goes back and never passes its total`);
        assert.equal(r.lastProgress[0], r.lastProgress[1], `${label}: progress ends at its total`);
        assert.equal(r.held, 1, `${label}: only the result is held until it is freed`);
      });
      assert.equal(result.out[0].length[0], countIn(s, ...ranges[0]));
      assert.deepEqual(result.perWorker, Array(size).fill({ sets: 0, clients: 0 }), `size ${size}: every set and client freed`);
      assert.equal(fetchedBy.length, size, `size ${size}: ${fetchedBy.length} workers on the page`);
      assert.ok(fetchedBy.every((n) => n > 0), `size ${size}: pages fetched per worker ${fetchedBy}`);
      assert.deepEqual(errors(), []);
    }
  });

  test('columns move between workers (the sender\'s arrays emptied, the same set rebuilt); a set is never used in another worker', async () => {
    const { page, errors } = await blankPage(s);
    const r = await page.evaluate(async ({ token, since, until }) => {
      const { connectWorker, createWorkerPool } = await import('/pkg/worker-client.js');
      const pool = createWorkerPool({ size: 2 });
      const client = await pool.createClient({ baseUrl: location.origin, accountId: 1, apiAccessToken: token });
      const set = await client.accountEvents({ since, until });
      const cols = await set.toColumns();
      const lengthBefore = cols.id.length;
      const back = await pool.fromColumns(cols);
      const same = JSON.stringify(await back.toArray()) === JSON.stringify(await set.toArray());
      // Handles are numbered per worker: $set 1 of one worker is not $set 1 of another.
      const [one, two] = [connectWorker(), connectWorker()];
      const a = await one.parseEvents(new TextEncoder().encode('[]').buffer);
      const b = await two.parseEvents(new TextEncoder().encode('[]').buffer);
      let across;
      try { await a.concat(b); across = 'accepted'; } catch (e) { across = `${e.name} ${e.code}`; }
      for (const w of [pool, one, two]) w.terminate();
      return { lengthBefore, after: cols.id.length, n: set.length, same, across };
    }, { token: TOKEN, since: END - 30 * DAY, until: END });
    assert.ok(r.lengthBefore === r.n && r.n > 500, JSON.stringify(r));
    assert.equal(r.after, 0, 'the page\'s arrays were transferred to the worker, not copied');
    assert.equal(r.same, true);
    assert.equal(r.across, 'ReportingError invalid_argument');
    assert.deepEqual(errors(), []);
  });
});

describe('abort and failures', () => {
  let s;
  // 8 ms an answer, so that a fetch is still under way when the test stops it.
  before(async () => { s = await start({ token: TOKEN, now: END, latency: 8, data: { conversations: 1200, days: 180 } }); });
  after(() => s.close());
  const apiRequests = () => s.logs.filter((l) => l.includes(ACCOUNT_PATH)).length;

  /**
   * In the page: a pool of `size` fetching 180 days, aborted once `abortAfter` pages are done
   * (null: never); what the rejection was and what the workers still hold. The pool stays
   * in `window.pool` for `fetchAgain`.
   */
  function failOnce(page, { size, abortAfter }) {
    return page.evaluate(async ({ token, size, abortAfter, since, until }) => {
      const m = await import('/pkg/web.js');
      await m.init();
      const { createWorkerPool } = await import('/pkg/worker-client.js');
      window.pool = createWorkerPool({ size });
      window.client = await window.pool.createClient({ baseUrl: location.origin, accountId: 1, apiAccessToken: token });
      const controller = new AbortController();
      let pagesAtAbort = null;
      let abortedAt = null;
      let heldAtAbort = null;
      const onProgress = (done) => {
        if (abortAfter !== null && done >= abortAfter && pagesAtAbort === null) {
          pagesAtAbort = done;
          // What the workers hold just before the abort: spans already fetched, to be freed.
          window.pool.stats().then((held) => {
            heldAtAbort = held.sets;
            abortedAt = performance.now();
            controller.abort();
          });
        }
      };
      try {
        await window.client.accountEvents({ since, until, signal: controller.signal, onProgress });
        return { error: null };
      } catch (e) {
        const error = { isReportingError: e instanceof m.ReportingError, name: e.name, code: e.code, status: e.status, message: e.message, text: `${e} ${JSON.stringify(e)} ${e.stack}` };
        const msAfterAbort = abortedAt === null ? null : performance.now() - abortedAt;
        return { error, pagesAtAbort, heldAtAbort, msAfterAbort, held: await window.pool.stats() };
      }
    }, { token: TOKEN, size, abortAfter, since: END - 180 * DAY, until: END });
  }

  /** In the same page, the same pool afterwards: `range` compared with one client's. */
  function fetchAgain(page, range) {
    return page.evaluate(async ({ token, range }) => {
      const m = await import('/pkg/web.js');
      const want = await new m.ReportingClient({ baseUrl: location.origin, accountId: 1, apiAccessToken: token }).accountEvents(range);
      const set = await window.client.accountEvents(range);
      const same = JSON.stringify(await set.toArray()) === JSON.stringify(want.toArray());
      window.pool.terminate();
      return { same, length: set.length };
    }, { token: TOKEN, range });
  }

  test('abort mid-fetch: rejected at once, every span stopped, nothing left in the workers, the pool still usable', async () => {
    const { page, errors } = await blankPage(s);
    const before_ = apiRequests();
    // 8 spans of ~30 pages: at 80 pages two spans are done and two under way.
    const r = await failOnce(page, { size: 2, abortAfter: 80 });
    const afterCall = apiRequests();
    const again = await fetchAgain(page, { since: END - 20 * DAY, until: END });
    assert.deepEqual(
      [r.error?.isReportingError, r.error?.name, r.error?.code, r.error?.message],
      [true, 'ReportingError', 'aborted', 'The request was aborted.'], JSON.stringify(r.error));
    assert.ok(r.pagesAtAbort >= 80 && r.heldAtAbort >= 1, `aborted mid-fetch, with a finished span held: ${JSON.stringify(r)}`);
    assert.ok(r.msAfterAbort < 1000, `rejected ${r.msAfterAbort} ms after the abort`);
    assert.deepEqual(r.held, { sets: 0, clients: 2, workers: [{ sets: 0, clients: 1 }, { sets: 0, clients: 1 }] }, 'no span\'s set left behind');
    assert.ok(again.same && again.length > 100, `the pool works after the abort: ${JSON.stringify(again)}`);
    // No span went on: beyond the pages done, only those in flight (6 a worker) and those
    // begun while the abort travelled. Spans left to finish would have asked for ~40 more.
    const beyond = afterCall - before_ - r.pagesAtAbort;
    assert.ok(beyond <= 2 * 6 + 6, `${beyond} requests beyond the ${r.pagesAtAbort} pages done at the abort`);
    assert.deepEqual(errors(), []);
  });

  test('an already aborted signal rejects before any request', async () => {
    const { page, errors } = await blankPage(s);
    const before_ = apiRequests();
    const r = await page.evaluate(async ({ token, since, until }) => {
      const { createWorkerPool } = await import('/pkg/worker-client.js');
      const pool = createWorkerPool({ size: 2 });
      const client = await pool.createClient({ baseUrl: location.origin, accountId: 1, apiAccessToken: token });
      try {
        await client.accountEvents({ since, until, signal: AbortSignal.abort() });
        return 'resolved';
      } catch (e) {
        return `${e.name} ${e.code}`;
      } finally {
        pool.terminate();
      }
    }, { token: TOKEN, since: END - DAY, until: END });
    assert.equal(r, 'ReportingError aborted');
    assert.equal(apiRequests(), before_);
    assert.deepEqual(errors(), []);
  });

  for (const [label, responses, code, status] of [
    // After 120 good pages several of the 16 spans are done (and held): they must be freed.
    ['a 401 after 120 good pages', [...Array(120).fill('200'), '401'], 'unauthorized', 401],
    ['a persistent 500 after 120 good pages', [...Array(120).fill('200'), ...Array(80).fill('500')], 'server_error', 500],
  ]) {
    test(`a span failing (${label}) rejects with its ReportingError, without the token; nothing left behind`, async () => {
      const { page, errors } = await blankPage(s);
      await faults(s.url, [{ path: ACCOUNT_PATH, responses }]);
      const before_ = apiRequests();
      let r;
      try {
        r = await failOnce(page, { size: 4, abortAfter: null });
      } finally {
        await faults(s.url, null);
      }
      const during = apiRequests() - before_;
      const again = await fetchAgain(page, { since: END - 10 * DAY, until: END });
      assert.deepEqual([r.error?.isReportingError, r.error?.code, r.error?.status], [true, code, status], JSON.stringify(r.error));
      assert.ok(!r.error.text.includes(TOKEN), `the token appears in the error: ${r.error.text}`);
      assert.match(r.error.message, /^[A-Z].*\.$/, 'one plain sentence');
      assert.deepEqual(r.held.workers, Array(4).fill({ sets: 0, clients: 1 }), 'no span\'s set left behind');
      // 250 pages across 16 spans: the others stopped at the failure (24 in flight at most).
      assert.ok(during <= 121 + 4 * 6 + 6, `${during} requests for a fetch that failed after 120 pages`);
      assert.ok(again.same && again.length > 50, `the pool works after the failure: ${JSON.stringify(again)}`);
      assert.deepEqual(errors(), []);
    });
  }
});

test('100 000 events fetched, gathered and summarized through 2 workers: no long task on the main thread', { timeout: 300_000 }, async () => {
  // ~4.85 events a conversation: 21 000 give just over 100 000 events, 4 000 pages.
  const s = await start({ token: TOKEN, now: END, data: { conversations: 21_000, days: 180 } });
  try {
    const since = END - 181 * DAY;
    const inRange = countIn(s, since, END); // builds the account before the page starts
    assert.ok(inRange >= 100_000, `${inRange} events`);
    const { page, errors } = await blankPage(s);
    // A long task is wall time: on this shared 2-core machine the system can hold a 1 ms
    // task off its core for more than 50 ms (seen at a load average of 8). So up to three
    // fetches, and one must pass with no long task at all; a task that really blocks (the
    // library on the main thread: 88–940 ms at every run) shows up in all three.
    const attempts = [];
    for (let k = 0; k < 3 && !(attempts.at(-1)?.during.length === 0); k++) {
      attempts.push(await page.evaluate(async ({ token, since, until }) => {
        const { createWorkerPool } = await import('/pkg/worker-client.js');
        const pool = createWorkerPool({ size: 2 });
        const client = await pool.createClient({ baseUrl: location.origin, accountId: 1, apiAccessToken: token }); // both workers loaded
        const tasks = [];
        const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => ({ start: e.startTime, duration: e.duration }))));
        observer.observe({ type: 'longtask', buffered: true });
        let reports = 0;
        const t0 = performance.now();
        const set = await client.accountEvents({ since, until, onProgress: () => { reports += 1; } });
        const summary = await pool.summarize(set, { since: until - 30 * 86400, until });
        const t1 = performance.now();
        // The control: a 120 ms task of the page's own must be seen, or the observer proves nothing.
        await new Promise((r) => setTimeout(r, 0));
        const busy = performance.now() + 120;
        while (performance.now() < busy);
        await new Promise((r) => setTimeout(r, 300));
        observer.disconnect();
        pool.terminate();
        return {
          length: set.length, reports, ms: t1 - t0, resolved: summary.resolutionsCount,
          during: tasks.filter((t) => t.start >= t0 && t.start < t1), control: tasks.filter((t) => t.start >= t1).length,
        };
      }, { token: TOKEN, since, until: END }));
    }
    for (const r of attempts) {
      assert.equal(r.length, inRange);
      assert.ok(r.resolved > 1000 && r.reports > 1000, JSON.stringify(r));
      assert.ok(r.control >= 1, 'the observer saw the page\'s own 120 ms task');
    }
    const clean = attempts.find((r) => r.during.length === 0);
    assert.ok(clean, `long tasks on the main thread in every fetch: ${attempts.map((r) => `${JSON.stringify(r.during)} in ${Math.round(r.ms)} ms`).join('; ')}`);
    assert.deepEqual(errors(), []);
  } finally {
    await s.close();
  }
});

test('options are read strictly and refused with invalid_argument; only ReportingError is thrown', async () => {
  const s = await start({ token: TOKEN, now: END, data: { conversations: 50, days: 30 } });
  try {
    const { page, errors } = await blankPage(s);
    const r = await page.evaluate(async ({ token }) => {
      const { createWorkerPool } = await import('/pkg/worker-client.js');
      const outcome = async (fn) => {
        try {
          await fn();
          return 'accepted';
        } catch (e) {
          return `${e.name} ${e.code}: ${e.message}`;
        }
      };
      const pool = createWorkerPool({ size: 2 });
      const client = await pool.createClient({ baseUrl: location.origin, accountId: 1, apiAccessToken: token });
      const now = Math.floor(Date.now() / 1000);
      const results = {
        sizeZero: await outcome(() => createWorkerPool({ size: 0 })),
        sizeHalf: await outcome(() => createWorkerPool({ size: 1.5 })),
        typo: await outcome(() => createWorkerPool({ sise: 2 })),
        factory: await outcome(() => createWorkerPool({ size: 1, worker: () => ({}) })),
        notObject: await outcome(() => createWorkerPool(3)),
        noUntil: await outcome(() => client.accountEvents({ since: now - 86400 })),
        noOptions: await outcome(() => client.accountEvents()),
        badSignal: await outcome(() => client.accountEvents({ since: 0, until: now, signal: {} })),
        badProgress: await outcome(() => client.accountEvents({ since: 0, until: now, onProgress: 1 })),
        optionTypo: await outcome(() => client.accountEvents({ since: 0, until: now, inboxID: 1 })),
        notCloneable: await outcome(() => client.accountEvents({ since: 0, until: now, cache: { get: () => 1 } })),
        throwingGetter: await outcome(() => client.accountEvents(Object.defineProperty({}, 'since', { enumerable: true, get() { throw new Error('x'); } }))),
        negative: await outcome(() => client.accountEvents({ since: -5, until: now })),
        badClient: await outcome(() => pool.createClient({ baseUrl: location.origin, accountId: 1, apiAccessToken: '' })),
        held: await pool.stats(),
        defaultSize: (() => {
          const p = createWorkerPool();
          p.terminate();
          return p.size;
        })(),
      };
      pool.terminate();
      return results;
    }, { token: TOKEN });
    for (const [key, text] of Object.entries(r)) {
      if (key === 'held' || key === 'defaultSize') continue;
      assert.match(text, /^ReportingError invalid_argument: [A-Z].*\.$/, `${key}: ${text}`);
      assert.ok(!text.includes(TOKEN), key);
    }
    assert.match(r.noUntil, /needs both `since` and `until`/);
    assert.match(r.typo, /`sise`/);
    // What the client itself says of an end before 1970, as without the pool.
    assert.match(r.negative, /`since` must be epoch seconds/);
    assert.deepEqual(r.held, { sets: 0, clients: 2, workers: [{ sets: 0, clients: 1 }, { sets: 0, clients: 1 }] });
    assert.ok(r.defaultSize >= 1 && r.defaultSize <= 4);
    assert.deepEqual(errors(), []);
  } finally {
    await s.close();
  }
});

test('calls reject instead of never settling: a worker whose module cannot load, a pool stopped during a fetch and after', { timeout: 30_000 }, async () => {
  const s = await start({ token: TOKEN, now: END, latency: 20, data: { conversations: 300, days: 30 } });
  try {
    const { page } = await blankPage(s);
    const r = await page.evaluate(async ({ token, since, until }) => {
      const { createWorkerPool } = await import('/pkg/worker-client.js');
      const outcome = (p) => p.then(() => 'resolved', (e) => `${e.name} ${e.code}: ${e.message}`);
      const broken = createWorkerPool({ size: 2, worker: () => new Worker('/pkg/no-such-worker.js', { type: 'module' }) });
      const pool = createWorkerPool({ size: 2 });
      const client = await pool.createClient({ baseUrl: location.origin, accountId: 1, apiAccessToken: token });
      const fetching = outcome(client.accountEvents({ since, until }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      pool.terminate();
      return {
        broken: await outcome(broken.formatDuration(5)),
        during: await fetching,
        after: await outcome(pool.formatDuration(5)),
      };
    }, { token: TOKEN, since: END - 30 * DAY, until: END });
    assert.match(r.broken, /^ReportingError network: The worker stopped: its module could not be loaded/);
    assert.equal(r.during, 'ReportingError aborted: The worker was stopped with terminate().');
    assert.equal(r.after, r.during);
  } finally {
    await s.close();
  }
});

test('the declarations type-check a pool under tsc --strict, and refuse a range without until', async () => {
  // In target/ (build output); the paths map points at this checkout's pkg/.
  const dir = new URL('../../target/pool-types/', import.meta.url);
  await mkdir(dir, { recursive: true });
  await writeFile(new URL('tsconfig.json', dir), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'dom'],
      paths: { 'chatwoot-reporting/worker': ['../../pkg/worker.d.ts'] },
    },
    files: ['example.ts'],
  }));
  await writeFile(new URL('example.ts', dir), `
import { createWorkerPool, connectWorker, type WorkerPool, type PoolClient, type RemoteEventSet, type WorkerStats } from 'chatwoot-reporting/worker';
import type { EventColumns, Summary } from '../../pkg/index.js';
export async function run(token: string): Promise<void> {
  const pool: WorkerPool = createWorkerPool({ size: 2, worker: () => new Worker('worker.js', { type: 'module' }) });
  const size: number = pool.size;
  const client: PoolClient = await pool.createClient({ baseUrl: 'https://c.example', accountId: 1, apiAccessToken: token });
  const events: RemoteEventSet = await client.accountEvents({ since: 0, until: 86400, onProgress: (done: number, total: number) => done / total });
  const summary: Summary = await pool.summarize(events, { since: 0, until: 86400 });
  const cols: EventColumns = await events.toColumns();
  const again: RemoteEventSet = await connectWorker().fromColumns(cols);
  const held: WorkerStats & { workers: WorkerStats[] } = await pool.stats();
  // @ts-expect-error: the pool needs both ends of the range
  await client.accountEvents({ since: 0 });
  // @ts-expect-error: size is a number
  createWorkerPool({ size: '2' });
  console.log(size, summary, again.length, held.workers.length);
  pool.terminate();
}
`);
  await run('node_modules/.bin/tsc', ['-p', new URL('tsconfig.json', dir).pathname]);
});
