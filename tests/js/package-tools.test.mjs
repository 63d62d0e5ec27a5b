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

/** The console recipe of js/README.md: the code block after "In the browser console". */
async function consoleRecipe() {
  const readme = await readFile(new URL('../../js/README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## In the browser console'));
  return /```js\n([\s\S]*?)\n```/.exec(section)[1];
}

test('the README\'s console recipe, pasted on a page of another origin, imports single.js from the demo server and sends since and until', async () => {
  const recipe = await consoleRecipe();
  assert.match(recipe, /await import\('http:\/\/127\.0\.0\.1:8080\/pkg\/single\.js'\)/);
  // "Chatwoot": a second stand-in on its own origin (localhost, not 127.0.0.1), whose page
  // the console belongs to. The demo server (`server`) only provides single.js.
  const chatwoot = await startServer();
  try {
    const chatwootUrl = chatwoot.url.replace('127.0.0.1', 'localhost');
    const { page, errors } = await newPage(browser);
    const tables = [];
    const api = [];
    page.on('console', (m) => { if (m.type() === 'table') tables.push(m); });
    page.on('request', (r) => { if (r.url().includes('/api/')) api.push(new URL(r.url())); });
    await page.goto(`${chatwootUrl}/www/blank.html`);
    const code = recipe.replace('http://127.0.0.1:8080', server.url).replace("'YOUR_TOKEN'", "'demo-token'");
    // The console runs top-level await; an async function body is the closest a test gets.
    await page.evaluate(`(async () => { ${code} })()`);
    assert.equal(tables.length, 1, 'console.table was called');
    const rows = await tables[0].args()[0].jsonValue();
    assert.deepEqual(Object.keys(rows).slice(0, 2), ['First response', 'Resolution']);
    assert.match(rows['First response'].median, /^\d+ (Sec|Min|Hr|Day)/);
    assert.ok(rows.Resolutions.count > 0, 'a week of the stand-in\'s present-day data');
    assert.ok(api.length > 1);
    for (const u of api) {
      assert.equal(u.origin, new URL(chatwootUrl).origin, 'the API is asked on the page\'s own origin');
      assert.ok(u.searchParams.has('since') && u.searchParams.has('until'), `both ends: ${u.search}`);
      assert.equal(Number(u.searchParams.get('until')) - Number(u.searchParams.get('since')), 7 * 86400);
    }
    assert.deepEqual(errors, []);
  } finally {
    await chatwoot.close();
  }
});

test('single.js loads in Node 20, which has no Uint8Array.fromBase64', async () => {
  const script = "const m = await import(process.argv[1]); await m.init(); console.log(typeof Uint8Array.fromBase64, m.formatDuration(125), m.parseEvents('[]').length);";
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, new URL('../../pkg/single.js', import.meta.url).href]);
  const [fromBase64, ...rest] = stdout.trim().split(' ');
  if (process.versions.node.startsWith('20.')) assert.equal(fromBase64, 'undefined', 'Node 20 lacks it: the fallback ran');
  assert.equal(rest.join(' '), '2 Min 5 Sec 0');
});

test('single.js loads in a browser without Uint8Array.fromBase64 (Chrome < 140, Safari < 18.2)', async () => {
  const { page, errors } = await newPage(browser);
  await page.addInitScript(() => { delete Uint8Array.fromBase64; });
  await page.goto(`${server.url}/www/blank.html`);
  const result = await page.evaluate(async () => {
    const gone = typeof Uint8Array.fromBase64;
    const m = await import('/pkg/single.js');
    await m.init();
    return { gone, text: m.formatDuration(3725), n: m.parseEvents('[]').length };
  });
  assert.deepEqual(result, { gone: 'undefined', text: '1 Hr 2 Min', n: 0 });
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
