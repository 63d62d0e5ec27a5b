// The package in a real browser: Debian's Chromium loading pkg/ with <script type="module">,
// and the demo page served by the local server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { launchChromium, newPage, startServer } from './chromium.mjs';

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

test('pkg/web.js loads with <script type="module"> and no bundler', async () => {
  const { page, errors } = await newPage(browser);
  await page.goto(`${server.url}/www/blank.html`);
  const result = await page.evaluate(async () => {
    const m = await import('/pkg/web.js');
    await m.init();
    await m.init();
    const set = m.parseEvents(new TextEncoder().encode('[{"id":1,"name":"first_response","value":120.0,"value_in_business_hours":60.0,"event_start_time":"2026-04-07T14:00:00.000Z","event_end_time":"2026-04-07T14:02:00.000Z","account_id":1,"inbox_id":2,"user_id":3,"conversation_id":4,"created_at":"2026-04-07T14:02:01.000Z","updated_at":"2026-04-07T14:02:01.000Z"}]'));
    let error;
    try { m.parseEvents('<html>502</html>'); } catch (e) { error = { isError: e instanceof Error, isReporting: e instanceof m.ReportingError, code: e.code }; }
    return { length: set.length, first: set.toArray()[0], error };
  });
  assert.equal(result.length, 1);
  assert.equal(result.first.value_in_business_hours, 60);
  assert.equal(result.first.created_at, '2026-04-07T14:02:01.000Z');
  assert.deepEqual(result.error, { isError: true, isReporting: true, code: 'invalid_data' });
  assert.deepEqual(errors, []);
});

test('the demo dashboard loads the stand-in\'s events under its Content-Security-Policy', async () => {
  const { page, errors } = await newPage(browser);
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => ['ready', 'error', 'cancelled'].includes(document.body.dataset.state)
    && !document.body.dataset.busy, null, { timeout: 60000 });
  assert.equal(await page.getAttribute('body', 'data-state'), 'ready', await page.textContent('#status'));
  assert.match(await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content'), /script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'/);
  const loaded = await page.evaluate(() => window.__dashboard.loaded);
  assert.equal(loaded.source, 'account');
  assert.ok(loaded.events > 1000, `${loaded.events} events`);
  assert.ok(await page.locator('#kpis .kpi').count() >= 8, 'the eight key figures (and more once the package reports them)');
  assert.ok(Number((await page.getAttribute('[data-field="conversations"]', 'data-value'))) > 300);
  assert.equal(await page.locator('#trend-chart canvas').count(), 1);
  assert.ok((await page.$$('#agents tbody tr')).length >= 6);
  assert.deepEqual(errors, []);
  await mkdir('artifacts', { recursive: true });
  await page.screenshot({ path: 'artifacts/demo-1100.png', fullPage: true });
});
