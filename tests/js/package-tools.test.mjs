// The package as JavaScript developers use it: type-checked with tsc --strict, built into
// an app by Vite, the single-file build in the browser console, and the Web Worker API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, extname } from 'node:path';
import { launchChromium, newPage, startServer } from './chromium.mjs';

const run = promisify(execFile);
let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the declarations pass tsc --strict on a typed dashboard example', async () => {
  await run('node_modules/.bin/tsc', ['-p', 'tests/types/tsconfig.json']);
});

test('a Vite production build of an app importing the package runs in Chromium', { timeout: 120_000 }, async () => {
  const out = await mkdtemp(join(tmpdir(), 'vite-app-'));
  try {
    await run('node_modules/.bin/vite', ['build', 'tests/vite-app', '--outDir', out, '--emptyOutDir', '--logLevel', 'error']);
    const assets = await readdir(join(out, 'assets'));
    assert.ok(assets.some((f) => f.endsWith('.wasm')), `the .wasm is emitted as an asset: ${assets}`);
    const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
    const static_ = createServer(async (req, res) => {
      const path = join(out, req.url === '/' ? 'index.html' : decodeURIComponent(req.url));
      try {
        const body = await readFile(path);
        res.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise((r) => static_.listen(0, '127.0.0.1', r));
    const { page, errors } = await newPage(browser);
    await page.goto(`http://127.0.0.1:${static_.address().port}/`);
    await page.waitForFunction(() => document.querySelector('#out').textContent !== 'loading');
    assert.equal(await page.textContent('#out'), '2 Min 5 Sec');
    assert.deepEqual(errors, []);
    static_.close();
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test('the three-line console recipe works on a same-origin page with the single-file build', async () => {
  const { page, errors } = await newPage(browser);
  const tables = [];
  page.on('console', (m) => { if (m.type() === 'table') tables.push(m); });
  await page.goto(`${server.url}/www/blank.html`);
  // The recipe of README.md, with the stand-in's token and a week of its data.
  const rows = await page.evaluate(async () => {
    const { init, ReportingClient, summarize, summaryTable } = await import('/pkg/single.js'); await init();
    const client = new ReportingClient({ baseUrl: location.origin, accountId: 1, apiAccessToken: 'demo-token' });
    const table = summaryTable(summarize(await client.accountEvents({ since: 1791072000, until: 1791676800 }))); console.table(table);
    return table;
  });
  assert.equal(tables.length, 1);
  assert.deepEqual(Object.keys(rows).slice(0, 2), ['First response', 'Resolution']);
  assert.match(rows['First response'].median, /^\d+ (Sec|Min|Hr|Day)/);
  assert.ok(rows.Resolutions.count > 0);
  assert.deepEqual(errors, []);
});

test('the Web Worker API gives the same answers as the main thread, and relays errors', async () => {
  const { page, errors } = await newPage(browser);
  await page.goto(`${server.url}/www/blank.html`);
  const result = await page.evaluate(async () => {
    const main = await import('/pkg/web.js');
    await main.init();
    const { connectWorker } = await import('/pkg/worker-client.js');
    const { sampleBody } = await import('/www/sample.mjs');
    const body = new TextEncoder().encode(sampleBody({ conversations: 200, seed: 5 }));
    const worker = connectWorker();
    const remote = await worker.parseEvents(body.slice().buffer);
    const inWorker = await worker.summarize(remote, { businessHours: true });
    const inPage = main.summarize(main.parseEvents(body), { businessHours: true });
    const filtered = await remote.filter({ names: ['first_response'] });
    const client = await worker.createClient({ baseUrl: location.origin, accountId: 1, apiAccessToken: 'wrong' });
    let error;
    try { await client.conversationEvents(1); } catch (e) { error = { isReporting: e instanceof main.ReportingError, code: e.code, status: e.status }; }
    const progress = [];
    const good = await worker.createClient({ baseUrl: location.origin, accountId: 1, apiAccessToken: 'demo-token' });
    const { events, failed } = await good.conversationsEvents([1, 2, 3], { onProgress: (d, t) => progress.push([d, t]) });
    worker.terminate();
    return { same: JSON.stringify(inWorker) === JSON.stringify(inPage), length: remote.length, firsts: filtered.length, error, progress, fetched: events.length, failed: failed.length };
  });
  assert.equal(result.same, true);
  assert.ok(result.length > 200 && result.firsts > 0);
  assert.deepEqual(result.error, { isReporting: true, code: 'unauthorized', status: 401 });
  assert.deepEqual(result.progress.at(-1), [3, 3]);
  assert.ok(result.fetched > 0);
  assert.equal(result.failed, 0);
  assert.deepEqual(errors, []);
});
