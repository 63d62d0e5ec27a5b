// The demo dashboard (www/index.html, www/demo.js, www/dashboard/) in Debian's Chromium,
// served by the local Chatwoot stand-in (www/server.mjs) started in-process. The figures
// on screen are checked against the package run in Node on the same response bodies.
// Screenshots of the main states at 1440 and 390 px go to artifacts/ (not in git). The
// cache, drill-down, settings and exports have their own dashboard-*.test.mjs files.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  conversationRows, formatDuration, ReportingClient, summarize, timeseries, validateEvents, withWorkingHours,
} from 'chatwoot-reporting';
import { createDataset, defaultInboxes } from '../../www/standin/data.mjs';
import { humanMessage } from '../../www/dashboard/hours-model.js';
import { launchChromium, newPage } from './chromium.mjs';
import {
  A, afterFetchedEdge, ARTIFACTS, accountEvents, close, csvObjects, DAY, expectedNetworkNoise, faults, get, inWindow, open, PHONE, rerender,
  settled, shot, start, TOKEN, WIDE,
} from './dashboard-helpers.mjs';

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

describe('the dashboard on the stand-in (a 180-day account, the default 90 days shown)', () => {
  let s;
  before(async () => { s = await start(); });
  after(() => s.close());

  test('opens with no setup and its KPI numbers equal summarize() in Node on the same bodies', async () => {
    const { page, errors } = await newPage(browser);
    await open(page, s.url);
    assert.equal(await page.getAttribute('body', 'data-state'), 'ready', await page.textContent('#status'));
    assert.ok(page.url().endsWith('/www/'), page.url());
    const range = await page.evaluate(() => window.__dashboard.range);
    const loaded = await page.evaluate(() => window.__dashboard.loaded);
    assert.equal(range.until - range.since, 90 * 86400);
    assert.equal(range.fetchSince, range.since - 90 * 86400, 'the window before is fetched too, for the trend arrows');
    assert.equal(loaded.source, 'account');

    const events = await accountEvents(s.url, range.fetchSince, range.until);
    assert.equal(loaded.events, events.length);
    const expected = summarize(events, { since: range.since, until: range.until });
    assert.ok(expected.previous, 'the previous window is filled');
    assert.ok(expected.events > 1000);

    const shown = await page.$$eval('#kpis [data-field]', (els) => els.map((e) => ({ field: e.dataset.field, value: e.dataset.value, text: e.textContent })));
    const fields = shown.map((f) => f.field);
    for (const k of ['firstResponse', 'resolution', 'resolutionPerCycle', 'replyTime']) {
      assert.ok(fields.includes(`${k}.mean`) && fields.includes(`${k}.median`), k);
    }
    for (const k of ['resolutionsCount', 'reopensCount', 'botHandoffsCount', 'conversations']) assert.ok(fields.includes(k), k);
    for (const { field, value, text } of shown) {
      const want = get(expected, field);
      if (field.endsWith('.share')) {
        assert.ok(close(Number(value), want), `${field}: page ${value}, Node ${want}`);
      } else if (field.includes('.')) {
        assert.ok(close(Number(value), want), `${field}: page ${value}, Node ${want}`);
        assert.equal(text, formatDuration(want), field);
      } else {
        assert.equal(Number(value), want, field);
        assert.equal(text, want.toLocaleString('en-US'), field);
      }
    }
    // Trend arrows against `previous`, in the right direction.
    for (const key of ['firstResponse', 'resolutionsCount', 'reopensCount']) {
      const cur = typeof expected[key] === 'number' ? expected[key] : expected[key].mean;
      const prev = typeof expected.previous[key] === 'number' ? expected.previous[key] : expected.previous[key].mean;
      const dir = await page.getAttribute(`[data-kpi="${key}"] .kpi-trend`, 'data-trend');
      const pct = Math.round(((cur - prev) / prev) * 100);
      assert.equal(dir, pct === 0 ? 'flat' : cur > prev ? 'up' : 'down', key);
    }
    // The distribution, the agent and inbox tables.
    const dist = await page.$$eval('#distribution li', (lis) => Object.fromEntries(lis.map((li) => [li.dataset.bucket, Number(li.dataset.count)])));
    assert.deepEqual(dist, expected.firstResponseDistribution);
    assert.equal(await page.locator('#agents tbody tr').count(), expected.byAgent.length);
    assert.equal(await page.locator('#inboxes tbody tr').count(), expected.byInbox.length);
    const inboxText = await page.textContent('#inboxes tbody');
    for (const name of ['Website', 'Support email', 'Berlin office']) assert.ok(inboxText.includes(name), `inbox names from GET /inboxes: ${name}`);
    // Agents by name (GET /agents), never "Agent #16"; "No agent" for bot-resolved events.
    const agents = await (await fetch(`${s.url}${A}/agents`, { headers: { api_access_token: TOKEN } })).json();
    const agentCells = await page.$$eval('#agents tbody th', (ths) => ths.map((th) => th.textContent));
    for (const g of expected.byAgent) {
      const name = g.userId === null ? 'No agent' : agents.find((a) => a.id === g.userId).name;
      assert.ok(agentCells.includes(name), `agent ${g.userId} shown as ${name}`);
    }
    assert.ok(!(await page.textContent('#agents')).includes('Agent #'));
    assert.ok((await page.textContent('#slowest tbody')).includes(agents[0].name.split(' ')[0]), 'names in the conversation table too');
    // The demo lives in the present: the newest events are from today, and the figures say when they were brought up to date.
    assert.ok(range.until - loaded.extent.last < DAY, 'data up to today');
    assert.match(await page.textContent('#updated'), /^Updated \d\d:\d\d$/);
    assert.ok(Math.abs(Number(await page.getAttribute('#updated', 'data-at')) - range.until) < 1);
    assert.equal(await page.isChecked('#auto-refresh'), true, 'auto-refresh is on by default');
    assert.equal(await page.isHidden('#coverage-note'), true, 'both windows fully covered: nothing to warn about');
    // The slowest conversations link back to Chatwoot, saying the id is the internal one.
    const link = page.locator('#slowest tbody a').first();
    const rows = await page.evaluate(() => window.__dashboard.rows);
    assert.equal(rows.length, 25);
    assert.equal(await link.getAttribute('href'), `${s.url}/app/accounts/1/conversations/${rows[0].conversationId}`);
    assert.match(await link.getAttribute('title'), /Internal id/);
    assert.equal(await page.locator('#issues .ok, #issues .issue').count() > 0, true);
    assert.deepEqual(errors, []);
    await shot(page, 'ready-1440');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(200);
    await shot(page, 'ready-390');
  });

  test('group-by, time zone and business hours redraw the chart with the right buckets', async () => {
    const { page, errors } = await newPage(browser);
    await open(page, s.url);
    const range = await page.evaluate(() => window.__dashboard.range);
    const events = await accountEvents(s.url, range.fetchSince, range.until);
    const check = async (label) => {
      const chart = await page.evaluate(() => window.__dashboard.chart);
      const r = await page.evaluate(() => window.__dashboard.range);
      const want = timeseries(events, {
        metric: chart.metric, groupBy: chart.groupBy, timezone: chart.timezone, since: r.since, until: r.until,
        businessHours: chart.businessHours, stat: chart.stat, weekStart: chart.weekStart,
      });
      assert.equal(chart.timestamps.length, want.length, `${label}: buckets`);
      assert.equal(await page.getAttribute('#trend-chart', 'data-buckets'), String(want.length), label);
      assert.deepEqual(chart.timestamps, want.map((p) => p.timestamp), `${label}: bucket starts`);
      want.forEach((p, i) => assert.ok(close(chart.values[i], p.value), `${label}: bucket ${i}`));
      assert.equal(await page.locator('#trend-chart canvas').count(), 1, `${label}: drawn`);
      return want.length;
    };
    // Every zone offered is one the package accepts, under its current IANA name.
    const zones = await page.$$eval('#timezone option', (os) => os.map((o) => o.value));
    assert.equal(zones[0], 'UTC');
    assert.ok(zones.length > 300 && zones.includes('Asia/Kolkata') && zones.includes('Europe/Kyiv'));
    for (const timezone of zones) timeseries(events.slice(0, 1), { metric: 'resolutions_count', timezone });
    if ((await page.inputValue('#timezone')) !== 'UTC') await rerender(page, () => page.selectOption('#timezone', 'UTC'));
    assert.equal(await check('day, UTC'), 91); // 90 days from a time of day: a partial day at each end
    // 90 days offer day, week and month, as Chatwoot's reports do; not 2 161 hourly buckets.
    const offered = () => page.$$eval('#group-by input', (is) => is.filter((i) => !i.disabled).map((i) => i.value));
    assert.deepEqual(await offered(), ['day', 'week', 'month']);
    assert.equal(await page.isHidden('label[for="group-hour"]'), true);
    const counts = {};
    for (const g of ['week', 'month', 'day']) {
      await rerender(page, () => page.click(`label[for="group-${g}"]`));
      assert.equal(await page.getAttribute('#trend-chart', 'data-group-by'), g);
      counts[g] = await check(g);
    }
    assert.ok(counts.week >= 13 && counts.week <= 15, `week buckets: ${counts.week}`);
    assert.ok(counts.month >= 3 && counts.month <= 4, `month buckets: ${counts.month}`);
    // Weeks: the axis ticks sit on the buckets' starts (Sunday, then Monday when chosen).
    await rerender(page, () => page.click('label[for="group-week"]'));
    for (const [weekStart, weekday] of [['sunday', 0], ['monday', 1]]) {
      if (weekStart === 'monday') await rerender(page, () => page.selectOption('#week-start', 'monday'));
      await check(`weeks from ${weekStart}`);
      const chart = await page.evaluate(() => window.__dashboard.chart);
      const { ticks } = await page.evaluate(() => window.__dashboard.zoom);
      assert.ok(ticks.length >= 3, `${ticks.length} ticks`);
      for (const t of ticks) assert.ok(chart.timestamps.includes(t), `tick ${t} is a bucket start`);
      for (const t of chart.timestamps.slice(1)) assert.equal(new Date(t * 1000).getUTCDay(), weekday, `${weekStart} buckets`);
      assert.ok(ticks.slice(1).every((t, i) => (t - ticks[i]) % (7 * DAY) === 0), 'ticks a whole number of weeks apart');
    }
    await rerender(page, () => page.click('label[for="group-day"]'));
    // 7 days offer hours (168 buckets).
    await rerender(page, () => page.selectOption('#range', '7'));
    assert.deepEqual(await offered(), ['hour', 'day', 'week']);
    await rerender(page, () => page.click('label[for="group-hour"]'));
    counts.hour = await check('hour, 7 days');
    assert.ok(counts.hour >= 7 * 24 && counts.hour <= 7 * 24 + 1, `hour buckets: ${counts.hour}`);
    // Back to 90 days: hours are not offered, the nearest grouping (day) is used.
    await rerender(page, () => page.selectOption('#range', '90'));
    assert.equal(await page.getAttribute('#trend-chart', 'data-group-by'), 'day');
    for (const tz of ['Asia/Kolkata', 'America/New_York', 'Pacific/Chatham']) {
      await rerender(page, () => page.selectOption('#timezone', tz));
      assert.equal(await page.getAttribute('#trend-chart', 'data-timezone'), tz);
      await check(`day, ${tz}`);
    }
    await rerender(page, () => page.click('label[for="group-week"]'));
    await check('week, Pacific/Chatham');
    await rerender(page, () => page.click('label[for="group-day"]'));
    // Business hours: the chart and the KPIs switch to value_in_business_hours.
    await rerender(page, () => page.check('#business-hours'));
    assert.equal(await page.getAttribute('#trend-chart', 'data-business-hours'), 'true');
    await check('day, business hours');
    // Per-cycle resolution in business time needs the inboxes' schedules (GET /inboxes).
    const client = new ReportingClient({ baseUrl: s.url, accountId: 1, apiAccessToken: TOKEN });
    const schedules = new Map((await client.inboxes()).map((i) => [i.id, i.workingHours]));
    client.free();
    const bh = summarize(events, { since: range.since, until: range.until, businessHours: true, workingHours: (id) => schedules.get(id) ?? null });
    for (const field of ['firstResponse.mean', 'resolution.median', 'replyTime.mean', 'resolutionPerCycle.mean', 'resolutionPerCycle.median']) {
      const v = await page.getAttribute(`[data-field="${field}"]`, 'data-value');
      assert.ok(close(Number(v), get(bh, field)), `business hours, ${field}: ${v} vs ${get(bh, field)}`);
    }
    assert.ok(bh.resolutionPerCycle.count > 0);
    assert.match(await page.textContent('[data-kpi="resolutionPerCycle"]'), /Business time under each inbox's working hours/);
    // A count metric and a percentile.
    await rerender(page, () => page.selectOption('#metric', 'resolutions_count'));
    assert.equal(await page.isDisabled('#stat'), true, 'no statistic for a count');
    await check('resolutions count');
    await rerender(page, () => page.selectOption('#metric', 'reply_time'));
    await rerender(page, () => page.selectOption('#stat', 'p90'));
    await check('reply time p90');
    await shot(page, 'business-hours-1440');
    assert.deepEqual(errors, []);
  });

  test('a shorter range is recomputed from the loaded events; a longer one fetches only what it adds', async () => {
    const { page, errors } = await newPage(browser);
    const asked = [];
    page.on('request', (q) => { if (q.url().includes('/reporting_events')) asked.push(new URL(q.url()).searchParams); });
    await open(page, s.url);
    const first = await page.evaluate(() => window.__dashboard.range);
    const events = await accountEvents(s.url, first.fetchSince, first.until);
    const before = s.pages();
    await rerender(page, () => page.selectOption('#range', '30'));
    const r30 = await page.evaluate(() => window.__dashboard.range);
    assert.equal(r30.until, first.until);
    assert.equal(r30.until - r30.since, 30 * 86400);
    assert.equal(s.pages(), before, 'no request for a window already loaded');
    const want = summarize(events, { since: r30.since, until: r30.until });
    assert.equal(Number(await page.getAttribute('[data-field="resolutionsCount"]', 'data-value')), want.resolutionsCount);
    assert.ok(close(Number(await page.getAttribute('[data-field="replyTime.median"]', 'data-value')), want.replyTime.median));
    assert.equal(await page.getAttribute('[data-kpi="resolutionsCount"] .kpi-trend', 'data-trend'),
      want.resolutionsCount > want.previous.resolutionsCount ? 'up' : want.resolutionsCount < want.previous.resolutionsCount ? 'down' : 'flat');
    assert.match(await page.textContent('#kpi-note'), /^Last 30 days/);
    // 180 days (and the 180 before): only [until − 360 d, until − 180 d) is asked for; the
    // account's simulated history is 180 days, so it holds nothing, and a few widening
    // spans find that out.
    asked.length = 0;
    await page.selectOption('#range', '180');
    await settled(page);
    const r180 = await page.evaluate(() => window.__dashboard.range);
    assert.equal(r180.until - r180.since, 180 * 86400);
    assert.equal(r180.until, first.until, 'the same moment: nothing newer is asked for');
    assert.ok(asked.length > 0 && asked.length <= 8, `${asked.length} requests for 180 empty days`);
    for (const q of asked) {
      assert.ok(Number(q.get('since')) >= r180.fetchSince && Number(q.get('until')) <= first.fetchSince, `only the new part: ${q}`);
    }
    // The previous window has no data at all: no arrows, and the page says so.
    assert.equal(await page.getAttribute('[data-kpi="resolutionsCount"] .kpi-trend', 'data-trend'), 'none');
    assert.match(await page.textContent('#coverage-note'), /No events in the 180 days before/);
    // 365 days: the account's events start ~180 days back, so most of the range is empty: said.
    await page.selectOption('#range', '365');
    await settled(page);
    assert.match(await page.textContent('#coverage-note'), /has no events before .*only \d+ % of this range has data/);
    assert.deepEqual(errors, []);
  });

  test('the conversation CSV downloads one sortable row per conversation, as conversationRows()', async () => {
    const { page, errors } = await newPage(browser);
    await open(page, s.url);
    const range = await page.evaluate(() => window.__dashboard.range);
    const events = await accountEvents(s.url, range.fetchSince, range.until);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    assert.match(download.suggestedFilename(), /^chatwoot-conversations-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = csvObjects(await readFile(await download.path(), 'utf8'));
    const want = conversationRows(inWindow(events, range), { limit: 100000 });
    assert.equal(rows.length, want.length);
    assert.equal(rows.length, summarize(events, { since: range.since, until: range.until }).conversations, 'one row per conversation in the window');
    const byId = new Map(rows.map((r) => [Number(r.conversation_id), r]));
    for (const w of want) {
      const r = byId.get(w.conversationId);
      assert.ok(r, `conversation ${w.conversationId}`);
      assert.equal(r.first_response_seconds, w.firstResponse === null ? '' : String(w.firstResponse));
      assert.equal(r.first_response, formatDuration(w.firstResponse, 'report'));
      assert.equal(r.resolution_seconds, w.resolutionTime === null ? '' : String(w.resolutionTime));
      w.resolutionCycles.forEach((c, i) => assert.equal(r[`resolution_cycle_${i + 1}_seconds`], c === null ? '' : String(c), `cycle ${i + 1}`));
    }
    assert.match(await page.textContent('#status'), /Exported [\d,]+ rows/);
    assert.deepEqual(errors, []);
  });

  test('sortable tables work with the keyboard and keep focus on the heading', async () => {
    const { page, errors } = await newPage(browser);
    await open(page, s.url);
    const header = page.locator('#agents thead th', { hasText: 'First responses' });
    const button = header.locator('button');
    await button.focus();
    await page.keyboard.press('Enter');
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    const column = async () => page.$$eval('#agents tbody tr', (trs, i) => trs.map((tr) => Number(tr.children[i].textContent.replace(/,/g, ''))),
      await header.evaluate((th) => th.cellIndex));
    const desc = await column();
    assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
    await page.keyboard.press('Space');
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    const asc = await column();
    assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
    assert.equal(await button.evaluate((b) => b === document.activeElement), true, 'focus stays on the heading');
    // The slowest table asks the worker for the top rows by the chosen column.
    const fr = page.locator('#slowest thead th', { hasText: 'First response' }).locator('button');
    await fr.focus();
    await rerender(page, () => page.keyboard.press('Enter'));
    const rows = await page.evaluate(() => window.__dashboard.rows);
    const values = rows.map((r) => r.firstResponse);
    assert.deepEqual(values, [...values].sort((a, b) => b - a));
    assert.equal(await fr.evaluate((b) => b === document.activeElement), true);
    // Visible focus: the focused heading has an outline.
    const outline = await fr.evaluate((b) => getComputedStyle(b).outlineStyle);
    assert.notEqual(outline, 'none');
    assert.deepEqual(errors, []);
  });

  test('a wrong token shows the unauthorized message, and the token is not kept', async () => {
    const { page, errors } = await newPage(browser);
    await open(page, s.url);
    await page.click('#connect');
    assert.equal(await page.isVisible('#connect-dialog'), true);
    assert.equal(await page.inputValue('#token'), TOKEN);
    assert.equal(await page.getAttribute('#token', 'type'), 'password');
    await page.fill('#token', 'not-the-token-5c1d');
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-connect-1440.png` });
    await page.click('#connect-form button[type="submit"]');
    await page.waitForSelector('#alert[data-code="unauthorized"]');
    await settled(page);
    assert.equal(await page.getAttribute('body', 'data-state'), 'error');
    assert.match(await page.textContent('#alert-title'), /refused the access token .*\(unauthorized\)/);
    assert.match(await page.textContent('#alert-hints'), /Access token/);
    assert.match(await page.textContent('#alert-detail'), /Invalid Access Token/);
    assert.ok(!(await page.textContent('body')).includes('not-the-token-5c1d'), 'the token is never shown');
    assert.equal(await page.evaluate(() => JSON.stringify(localStorage).includes('not-the-token')), false, 'not remembered');
    assert.equal(await page.isVisible('#kpis'), true, 'the previous figures stay');
    await shot(page, 'unauthorized-1440');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-unauthorized-390.png` });
    assert.deepEqual(errors.filter((e) => !expectedNetworkNoise(e)), []);
  });

  test('"remember" keeps the connection (and token) in localStorage; unticking forgets it', async () => {
    const { page, errors } = await newPage(browser);
    await open(page, s.url);
    await page.click('#connect');
    await page.check('#remember');
    await page.click('#connect-form button[type="submit"]');
    await settled(page);
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('chatwoot-reporting.connection')));
    assert.equal(saved.token, TOKEN);
    await page.reload();
    await settled(page);
    await page.click('#connect');
    assert.equal(await page.isChecked('#remember'), true);
    await page.uncheck('#remember');
    await page.click('#connect-form button[type="submit"]');
    await settled(page);
    assert.equal(await page.evaluate(() => localStorage.getItem('chatwoot-reporting.connection')), null);
    assert.deepEqual(errors, []);
  });

  test('Cancel stops a long fetch: no more requests, the figures loaded so far kept', async () => {
    const { page, errors } = await newPage(browser);
    await open(page, s.url);
    // Page 1 of the next load hangs for 20 s; the client needs it before asking for the others.
    await faults(s.url, { path: `${A}/reporting_events`, responses: ['latency:ms=20000'] });
    await afterFetchedEdge(page);
    await page.click('#refresh');
    await page.waitForSelector('#loading:not([hidden])');
    await page.waitForFunction(() => document.querySelector('#progress-text').textContent !== '');
    await shot(page, 'loading-1440');
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-loading-390.png` });
    await page.setViewportSize(WIDE);
    const t0 = Date.now();
    await page.click('#cancel');
    await page.waitForSelector('#alert[data-code="aborted"]', { timeout: 3000 });
    assert.ok(Date.now() - t0 < 3000);
    assert.equal(await page.isHidden('#loading'), true);
    assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
    assert.match(await page.textContent('#status'), /cancelled/i);
    assert.ok(Number(await page.getAttribute('[data-field="conversations"]', 'data-value')) > 100, 'the figures stay');
    // The hanging request was dropped by the browser, and nothing else was asked for.
    await new Promise((r) => setTimeout(r, 1500));
    const api = s.logs.filter((l) => l.includes('/reporting_events'));
    const last = api.at(-1);
    assert.match(last, /GET \/api\/v1\/accounts\/1\/reporting_events (reset|closed) \(fault latency:ms=20000\)/, 'the browser dropped the request');
    const count = api.length;
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(s.logs.filter((l) => l.includes('/reporting_events')).length, count, 'no request after the cancel');
    await shot(page, 'cancelled-1440');
    // A new load works.
    await rerender(page, () => page.click('#refresh'));
    assert.equal(await page.isHidden('#alert'), true);
    assert.deepEqual(errors, []);
  });

  test('at phone width: no sideways scrolling, every control labelled and reachable', async () => {
    const { page, errors } = await newPage(browser);
    await open(page, s.url, { size: PHONE });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'the page itself does not scroll sideways (wide tables scroll in their own region)');
    for (const sel of ['#range', '#timezone', '#business-hours', '#refresh', '#export', '#connect', '#metric', 'label[for="group-week"]']) {
      const box = await page.locator(sel).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width + 0.5, `${sel} within the screen`);
    }
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
      .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || (e.tagName === 'BUTTON' && e.textContent.trim())))
      .map((e) => e.outerHTML.slice(0, 80)));
    assert.deepEqual(unlabelled, []);
    const regions = await page.$$eval('.table-wrap', (ws) => ws.map((w) => w.getAttribute('tabindex') === '0' && Boolean(w.getAttribute('aria-labelledby') || w.getAttribute('aria-label'))));
    assert.ok(regions.every(Boolean), 'scrollable tables are focusable, named regions');
    // Keyboard: Tab from the top reaches the toolbar in order.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'range');
    await page.click('#connect');
    await page.waitForTimeout(100);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-connect-390.png` });
    await page.keyboard.press('Escape');
    assert.equal(await page.isVisible('#connect-dialog'), false);
    assert.deepEqual(errors, []);
  });
});

describe('the working-hours editor', () => {
  let s;
  before(async () => { s = await start(); });
  after(() => s.close());

  const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const FIELDS = ['firstResponse', 'resolution', 'resolutionPerCycle', 'replyTime'].flatMap((k) => [`${k}.mean`, `${k}.median`]);
  /** A schedule as the editor hands it to the worker: every weekday listed, holidays sorted. */
  const norm = (hs) => ({
    timezone: hs.timezone ?? 'UTC',
    weekly: Object.fromEntries(DAY_KEYS.map((d) => [d, (hs.weekly[d] ?? []).map(([a, b]) => [a, b])])),
    holidays: [...(hs.holidays ?? [])].sort(),
  });
  /** Waits until the worker has answered for exactly `schedule` (or until the editor shows an error). */
  const computedFor = (page, schedule) => page.waitForFunction((want) => {
    const d = window.__dashboard.hours;
    return d.state === 'ready' && JSON.stringify(d.schedule) === want;
  }, JSON.stringify(schedule), { timeout: 30000 });
  const invalid = (page) => page.waitForFunction(() => window.__dashboard.hours.state === 'invalid', null, { timeout: 30000 });
  /** The comparison table: {stored: {field: value}, edited: {field: value}} from data-value. */
  const table = (page) => page.$$eval('#hours-table td[data-field]', (tds) => {
    const out = { stored: {}, edited: {} };
    for (const td of tds) out[td.dataset.source][td.dataset.field] = td.dataset.value === '' ? null : Number(td.dataset.value);
    return out;
  });
  const same = (a, b) => (a === null || b === null ? a === b : close(a, b));

  test('opens with the inbox\'s Chatwoot schedule; overnight windows and holidays are recomputed as withWorkingHours in Node; invalid ones show the package\'s message', async () => {
    const { page, errors } = await newPage(browser);
    await open(page, s.url);
    const range = await page.evaluate(() => window.__dashboard.range);
    const events = await accountEvents(s.url, range.fetchSince, range.until);
    const client = new ReportingClient({ baseUrl: s.url, accountId: 1, apiAccessToken: TOKEN });
    const inboxes = await client.inboxes();
    client.free();
    const chatwoot = new Map(inboxes.map((i) => [i.id, i.workingHours]));
    const BERLIN = 5;
    const berlin = norm(chatwoot.get(BERLIN));
    /** summarize in Node with `hours` for the chosen inboxes (all: null) and Chatwoot's for the others. */
    const expect = (hours, chosen) => {
      const fn = (id) => (chosen === null || chosen.includes(id) ? hours : chatwoot.get(id) ?? null);
      return summarize(withWorkingHours(events, fn), { since: range.since, until: range.until, businessHours: true, workingHours: fn });
    };
    const stored = summarize(events, { since: range.since, until: range.until, businessHours: true });
    const check = async (want, label) => {
      const t = await table(page);
      for (const f of FIELDS) {
        const node = get(want, f.split('.')[0]).count ? get(want, f) : null;
        assert.ok(same(t.edited[f], node), `${label}, edited ${f}: page ${t.edited[f]}, Node ${node}`);
        const st = get(stored, f.split('.')[0]).count ? get(stored, f) : null;
        assert.ok(same(t.stored[f], st), `${label}, stored ${f}: page ${t.stored[f]}, Node ${st}`);
      }
      return t;
    };

    // Closed at first; the toggle opens it with focus on the inbox choice.
    assert.equal(await page.isVisible('#hours-body'), false);
    await page.click('#hours-toggle');
    assert.equal(await page.getAttribute('#hours-toggle', 'aria-expanded'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'hours-inbox');
    const options = await page.$$eval('#hours-inbox option', (os) => os.map((o) => o.textContent));
    assert.deepEqual(options, ['All inboxes', ...inboxes.map((i) => i.name)]);
    await page.selectOption('#hours-inbox', String(BERLIN));
    await computedFor(page, berlin);

    // The editor holds a copy of Chatwoot's schedule of that inbox.
    for (const d of DAY_KEYS) {
      const shown = await page.$$eval(`#hours-days [data-day="${d}"] li.hours-window`, (lis) => lis.map((li) => [...li.querySelectorAll('input')].map((i) => i.value)));
      assert.deepEqual(shown, berlin.weekly[d], `editor, ${d}`);
    }
    assert.equal(await page.inputValue('#hours-timezone'), 'Europe/Berlin');
    const summaryText = await page.textContent('#hours-chatwoot');
    assert.match(summaryText, /Mon08:00–16:30/);
    assert.match(summaryText, /Satclosed/);
    assert.match(await page.textContent('#hours-chatwoot-note'), /Europe\/Berlin/);
    // Before any edit only Chatwoot's stored figures are shown: nothing reads as a change
    // nobody made. The stored per-cycle resolution is "—" (Chatwoot stores none).
    const t0 = await table(page);
    for (const f of FIELDS) {
      assert.equal(t0.edited[f], null, `no edited ${f} before an edit`);
      const st = get(stored, f.split('.')[0]).count ? get(stored, f) : null;
      assert.ok(same(t0.stored[f], st), `stored ${f}: page ${t0.stored[f]}, Node ${st}`);
    }
    assert.equal(await page.locator('#hours-table td[data-source="edited"]', { hasText: 'no edit yet' }).count(), FIELDS.length);
    assert.match(await page.textContent('#hours-status'), /Edit the copy/);
    assert.equal(await page.textContent('#hours-table td[data-source="stored"][data-field="resolutionPerCycle.mean"]'), '—');
    const underChatwoot = expect(berlin, [BERLIN]);

    // An overnight window on Wednesday and a holiday (a weekday in the range).
    await page.click('button[data-action="add"][data-day="wed"]');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.edge), 'start', 'focus moves to the new window');
    await page.fill('input[data-day="wed"][data-index="1"][data-edge="start"]', '22:00');
    await page.fill('input[data-day="wed"][data-index="1"][data-edge="end"]', '06:00');
    let holiday = range.until - 10 * 86400;
    while ([0, 6].includes(new Date(holiday * 1000).getUTCDay())) holiday -= 86400;
    const date = new Date(holiday * 1000).toISOString().slice(0, 10);
    await page.fill('#hours-holiday', date);
    await page.click('#hours-holiday-add');
    const edited = norm({ ...berlin, weekly: { ...berlin.weekly, wed: [...berlin.weekly.wed, ['22:00', '06:00']] }, holidays: [date] });
    await computedFor(page, edited);
    const t1 = await check(expect(edited, [BERLIN]), 'overnight + holiday');
    const changed = FIELDS.filter((f) => !same(t1.edited[f], get(underChatwoot, f.split('.')[0]).count ? get(underChatwoot, f) : null));
    assert.ok(changed.length > 0, 'the edit changes the recomputed figures');
    assert.notEqual(await page.textContent('#hours-table td[data-source="edited"][data-field="resolutionPerCycle.mean"]'), '—');
    assert.deepEqual(t1.stored, t0.stored, 'the stored figures do not move');
    assert.match(await page.textContent('#hours-holidays'), new RegExp(date));
    assert.equal(await page.isHidden('#hours-error'), true);
    await page.locator('#hours-panel').screenshot({ path: `${ARTIFACTS}/dashboard-hours-1440.png` });

    // Invalid: '25:00', then overlapping windows. The package's message is shown next to
    // the editor, the field is marked, and the figures stay those of the last valid schedule.
    const before = await page.textContent('#hours-compare');
    const messageFor = (hours) => {
      try {
        withWorkingHours([], hours);
      } catch (err) {
        return err.message;
      }
      return null;
    };
    await page.fill('input[data-day="wed"][data-index="1"][data-edge="end"]', '25:00');
    await invalid(page);
    const bad = norm({ ...edited, weekly: { ...edited.weekly, wed: [...berlin.weekly.wed, ['22:00', '25:00']] } });
    const msg25 = messageFor(bad);
    assert.match(msg25, /'25:00' is not a time/);
    assert.equal(await page.isVisible('#hours-error'), true);
    // The package's sentence, naming the day and window in words, never a path such as weekly.wed[1].
    const shown25 = await page.textContent('#hours-error .hours-error-message');
    assert.equal(shown25, humanMessage(msg25));
    assert.match(shown25, /Wednesday('s second window|, window 2)/);
    assert.doesNotMatch(shown25, /weekly\.|\[\d\]/);
    assert.equal(await page.getAttribute('input[data-day="wed"][data-index="1"][data-edge="end"]', 'aria-invalid'), 'true');
    assert.equal(await page.textContent('#hours-compare'), before, 'figures unchanged');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(200);
    await page.locator('#hours-panel').screenshot({ path: `${ARTIFACTS}/dashboard-hours-invalid-390.png` });
    await page.setViewportSize(WIDE);
    await page.fill('input[data-day="wed"][data-index="1"][data-edge="end"]', '06:00');
    await computedFor(page, edited);
    assert.equal(await page.isHidden('#hours-error'), true);
    assert.equal(await page.locator('#hours-panel [aria-invalid]').count(), 0);
    await page.click('button[data-action="add"][data-day="mon"]');
    await page.fill('input[data-day="mon"][data-index="1"][data-edge="start"]', '12:00');
    await page.fill('input[data-day="mon"][data-index="1"][data-edge="end"]', '18:00');
    await invalid(page);
    const overlapping = norm({ ...edited, weekly: { ...edited.weekly, mon: [...berlin.weekly.mon, ['12:00', '18:00']] } });
    const msgOverlap = messageFor(overlapping);
    assert.match(msgOverlap, /overlaps/);
    await page.waitForFunction((m) => document.querySelector('#hours-error .hours-error-message')?.textContent === m, humanMessage(msgOverlap));
    assert.match(humanMessage(msgOverlap), /Monday/);
    assert.equal(await page.textContent('#hours-compare'), before, 'figures unchanged');
    await page.click('button[data-action="remove"][data-day="mon"][data-index="1"]');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'add', 'focus goes to the day\'s Add button');
    await computedFor(page, edited);
    await check(expect(edited, [BERLIN]), 'after removing the overlap');

    // All inboxes: the copy starts from Chatwoot's default and applies to every inbox.
    await page.selectOption('#hours-inbox', 'all');
    const def = norm({ timezone: 'UTC', weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] } });
    await computedFor(page, def);
    await page.selectOption('#hours-timezone', 'Asia/Kolkata');
    await page.fill('input[data-day="fri"][data-index="0"][data-edge="end"]', '24:00');
    const allEdited = norm({ ...def, timezone: 'Asia/Kolkata', weekly: { ...def.weekly, fri: [['09:00', '24:00']] } });
    await computedFor(page, allEdited);
    await check(expect(allEdited, null), 'all inboxes');
    await page.selectOption('#hours-inbox', String(BERLIN));
    await computedFor(page, berlin);

    // At phone width: no sideways scrolling, every control labelled.
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('#hours-panel input, #hours-panel select, #hours-panel button')]
      .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || (e.tagName === 'BUTTON' && e.textContent.trim())))
      .map((e) => e.outerHTML.slice(0, 80)));
    assert.deepEqual(unlabelled, []);
    await page.locator('#hours-panel').screenshot({ path: `${ARTIFACTS}/dashboard-hours-390.png` });
    assert.deepEqual(errors, []);
  });
});

describe('error messages a person understands', () => {
  let s;
  before(async () => { s = await start({ data: { conversations: 300 } }); });
  after(() => s.close());

  // Each headline names the real cause; faults are queued generously, as the client retries
  // (429, 5xx, network) and the dashboard asks a failed span once more.
  const cases = [
    { name: 'rate limiting', faults: Array(12).fill('429:retry-after=0'), code: 'rate_limited', title: /rate-limiting/ },
    { name: 'a server error behind nginx', faults: Array(12).fill('502:html'), code: 'server_error', title: /server error \(502\)/ },
    { name: 'a login page instead of the API', faults: Array(4).fill('html200'), code: 'bad_response', cause: 'html', title: /A web page answered instead of Chatwoot's API/ },
    { name: 'a redirect (to a login page), which the token must not follow', faults: Array(4).fill('redirect'), code: 'http_error', cause: 'redirect', title: /answered with a redirect/ },
    { name: 'a page cut short: the truncation, not the base URL', faults: Array(4).fill('truncate'), code: 'bad_response', cause: 'truncated', title: /A page of events arrived cut short/, not: /base URL|address/ },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const { page, errors } = await newPage(browser);
      await open(page, s.url);
      await faults(s.url, null); // nothing left over from another case
      await faults(s.url, { path: `${A}/reporting_events`, responses: c.faults });
      await afterFetchedEdge(page);
      await page.click('#refresh');
      await page.waitForSelector(`#alert[data-code="${c.code}"]`, { timeout: 60000 });
      assert.match(await page.textContent('#alert-title'), c.title);
      if (c.cause) assert.equal(await page.getAttribute('#alert', 'data-cause'), c.cause);
      if (c.not) assert.doesNotMatch(await page.textContent('#alert-hints'), c.not);
      assert.equal(await page.getAttribute('#alert', 'role'), 'alert');
      await faults(s.url, null);
      assert.deepEqual(errors.filter((e) => !expectedNetworkNoise(e)), []);
    });
  }

  /** Connects with `token` (and `accountId`) through the Connect dialog. */
  async function connectWith(page, { token, accountId = 1 }) {
    await page.click('#connect');
    await page.fill('#token', token);
    await page.fill('#account-id', String(accountId));
    await page.click('#connect-form button[type="submit"]');
  }

  const refusals = [
    { name: 'a suspended account', token: 'suspended-token', cause: 'suspended', title: /account 1 is suspended/ },
    { name: 'an agent bot\'s token', token: 'bot-token', cause: 'bot', title: /agent bot's access token/ },
    { name: 'a user of another account', token: 'other-account-token', cause: 'other_account', title: /not a member of account 1/ },
    { name: 'a wrong account id (not "Enterprise only")', token: TOKEN, accountId: 7, code: 'not_found', cause: 'account_id', title: /has no account 7 \(404\)/, not: /Enterprise/ },
    { name: 'a wrong token', token: 'nope-token', cause: 'token', title: /refused the access token/ },
  ];
  for (const c of refusals) {
    test(`the headline says the cause: ${c.name}`, async () => {
      const { page, errors } = await newPage(browser);
      await open(page, s.url);
      await connectWith(page, c);
      await page.waitForSelector(`#alert[data-code="${c.code ?? 'unauthorized'}"]`, { timeout: 30000 });
      assert.equal(await page.getAttribute('#alert', 'data-cause'), c.cause);
      assert.match(await page.textContent('#alert-title'), c.title);
      if (c.not) assert.doesNotMatch(`${await page.textContent('#alert-title')} ${await page.textContent('#alert-hints')}`, c.not);
      if (c.cause === 'suspended') await shot(page, 'suspended-1440');
      assert.deepEqual(errors.filter((e) => !expectedNetworkNoise(e)), []);
    });
  }

  test('a timeout, with the time allowed set in the connect form', async () => {
    const { page, errors } = await newPage(browser);
    await open(page, s.url);
    await faults(s.url, { path: `${A}/reporting_events`, responses: Array(12).fill('latency:ms=3000') });
    await page.click('#connect');
    await page.click('.advanced summary');
    await page.fill('#timeout', '1');
    await page.click('#connect-form button[type="submit"]');
    await page.waitForSelector('#alert[data-code="timeout"]', { timeout: 60000 });
    assert.match(await page.textContent('#alert-title'), /took too long/);
    await faults(s.url, null);
    assert.deepEqual(errors.filter((e) => !expectedNetworkNoise(e)), []);
  });

  test('an agent token on the account-wide list suggests loading by display id, which then works with exact links', async () => {
    const { page, errors } = await newPage(browser);
    await open(page, s.url);
    await page.click('#connect');
    await page.fill('#token', 'agent-token');
    await page.click('#connect-form button[type="submit"]');
    await page.waitForSelector('#alert[data-code="unauthorized"]');
    assert.match(await page.textContent('#alert'), /administrators only.*Conversations by display id/s);
    await page.click('#alert-connect');
    await page.check('#source-conversations');
    await page.fill('#display-ids', '1-40, 45, 999999');
    await page.click('#connect-form button[type="submit"]');
    await settled(page);
    assert.equal(await page.getAttribute('body', 'data-state'), 'ready', await page.textContent('#status'));
    const loaded = await page.evaluate(() => window.__dashboard.loaded);
    assert.equal(loaded.source, 'conversations');
    assert.equal(loaded.displayIds, true);
    const rows = await page.evaluate(() => window.__dashboard.rows);
    const ids = await (await fetch(`${s.url}/__standin/conversations`)).json();
    const wanted = [...Array(40).keys()].map((i) => i + 1).concat(45).filter((id) => ids.displayIds.includes(id));
    for (const r of rows) assert.ok(wanted.includes(r.displayId), `row display id ${r.displayId}`);
    // The unknown id is reported under the data checks, the others are loaded.
    const checks = await page.textContent('#issues');
    assert.match(checks, new RegExp(`${42 - wanted.length} of 42 conversations could not be loaded`));
    assert.match(checks, /Conversation 999999: .*404/);
    if (rows.length) {
      const a = page.locator('#slowest tbody a').first();
      assert.equal(await a.getAttribute('href'), `${s.url}/app/accounts/1/conversations/${rows[0].displayId}`);
      assert.match(await a.getAttribute('title'), /Open conversation/);
    }
    assert.deepEqual(errors.filter((e) => !expectedNetworkNoise(e)), []);
  });

  test('the whole stand-in by display id (its helper list), with progress', async () => {
    const { page, errors } = await newPage(browser);
    await open(page, s.url);
    await page.click('#connect');
    await page.check('#source-conversations');
    await page.click('#connect-form button[type="submit"]');
    await settled(page);
    const ids = await (await fetch(`${s.url}/__standin/conversations`)).json();
    const loaded = await page.evaluate(() => window.__dashboard.loaded);
    const sum = ids.displayIds.length;
    assert.match(await page.textContent('#source-line'), new RegExp(`${sum.toLocaleString('en-US')} conversations by display id`));
    const total = ids.displayIds.map((id) => s.server.standin.dataset().conversationBody(id)).reduce((n, b) => n + JSON.parse(b).length, 0);
    assert.equal(loaded.events, total);
    assert.deepEqual(errors, []);
  });
});

describe('other servers', () => {
  test('a Community edition server: the 404 names the Enterprise edition', async () => {
    const s = await start({ edition: 'community', data: { conversations: 50 } });
    try {
      const { page, errors } = await newPage(browser);
      await open(page, s.url);
      await page.waitForSelector('#alert[data-code="not_found"]');
      assert.match(await page.textContent('#alert-title'), /No reporting-events API at 127\.0\.0\.1:\d+ \(404\)/);
      assert.match(await page.textContent('#alert-hints'), /Enterprise edition/);
      assert.equal(await page.getAttribute('body', 'data-state'), 'error');
      await shot(page, 'community-404-1440');
      assert.deepEqual(errors.filter((e) => !expectedNetworkNoise(e)), []);
    } finally {
      await s.close();
    }
  });

  test('another origin: refused without CORS (network message), loaded with CORS', async () => {
    const page0 = await start({ data: { conversations: 50 } });
    const plain = await start({ data: { conversations: 80 } });
    const cors = await start({ data: { conversations: 80 }, cors: true });
    try {
      const { page, errors } = await newPage(browser);
      await open(page, page0.url);
      const other = (u) => u.replace('127.0.0.1', 'localhost'); // another origin, still loopback (plain http allowed)
      await page.click('#connect');
      await page.check('#target-url');
      await page.fill('#base-url', other(plain.url));
      await page.click('#connect-form button[type="submit"]');
      await page.waitForSelector('#alert[data-code="network"]', { timeout: 30000 });
      assert.match(await page.textContent('#alert-title'), /Could not reach Chatwoot at localhost:\d+/);
      assert.match(await page.textContent('#alert-hints'), /CORS.*--upstream/s);
      await shot(page, 'cors-1440');
      await page.click('#alert-connect');
      await page.fill('#base-url', `${other(cors.url)}/app/accounts/1/dashboard`); // a pasted page address means its origin
      await page.click('#connect-form button[type="submit"]');
      await settled(page);
      assert.equal(await page.getAttribute('body', 'data-state'), 'ready', await page.textContent('#status'));
      assert.match(await page.textContent('#source-line'), /localhost:\d+ · account 1/);
      const range = await page.evaluate(() => window.__dashboard.range);
      const events = await accountEvents(cors.url, range.fetchSince, range.until);
      assert.equal(await page.evaluate(() => window.__dashboard.loaded.events), events.length);
      assert.deepEqual(errors.filter((e) => !expectedNetworkNoise(e)), []);
    } finally {
      await Promise.all([page0.close(), plain.close(), cors.close()]);
    }
  });

  test('proxy mode: the page opens the Connect dialog (no demo token, no 401), then reads the upstream Chatwoot', async () => {
    const upstream = await start({ token: 'upstream-secret', data: { conversations: 90, seed: 7 } });
    const proxy = await start({ upstream: upstream.url });
    try {
      const { page, errors } = await newPage(browser);
      await open(page, proxy.url);
      assert.equal(await page.getAttribute('body', 'data-state'), 'connect');
      assert.equal(await page.isVisible('#connect-dialog'), true, 'the Connect dialog is open');
      assert.equal(await page.inputValue('#token'), '', 'no demo token filled in');
      assert.match(await page.textContent('#target-self-label'), /forwards to a real Chatwoot/);
      assert.equal(proxy.logs.filter((l) => l.includes('/api/')).length, 0, 'nothing asked before the user typed a token');
      assert.equal(await page.isHidden('#alert'), true, 'no error greets the user');
      await page.screenshot({ path: `${ARTIFACTS}/dashboard-proxy-connect-1440.png` });
      await page.fill('#token', 'upstream-secret');
      await page.click('#connect-form button[type="submit"]');
      await settled(page);
      assert.equal(await page.getAttribute('body', 'data-state'), 'ready', await page.textContent('#status'));
      assert.match(await page.textContent('#source-line'), /^Chatwoot via 127\.0\.0\.1:\d+ · account 1/);
      const range = await page.evaluate(() => window.__dashboard.range);
      const events = await accountEvents(upstream.url, range.fetchSince, range.until, 'upstream-secret');
      assert.equal(await page.evaluate(() => window.__dashboard.loaded.events), events.length);
      assert.ok(proxy.logs.some((l) => /reporting_events 200 \(upstream\)/.test(l)), 'forwarded');
      assert.ok(!proxy.logs.join('\n').includes('upstream-secret') && !upstream.logs.join('\n').includes('upstream-secret'), 'no token in a log');
      assert.deepEqual(errors, []);
    } finally {
      await Promise.all([proxy.close(), upstream.close()]);
    }
  });

  test('server strings are shown as text, never as HTML', async () => {
    const inboxes = defaultInboxes();
    inboxes[0].name = '<img src=x onerror="document.title=\'pwned\'">Web<b>site</b>';
    const s = await start({ data: { conversations: 120, inboxes } });
    try {
      const { page, errors } = await newPage(browser);
      await open(page, s.url);
      assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
      assert.ok((await page.textContent('#inboxes tbody')).includes('<img src=x onerror='));
      assert.equal(await page.locator('#inboxes img, #inboxes b, #slowest img').count(), 0);
      assert.notEqual(await page.title(), 'pwned');
      assert.deepEqual(errors, []);
    } finally {
      await s.close();
    }
  });
});

describe('data checks', () => {
  test('validation issues of a file are listed, grouped, errors first; bad events are dropped', async () => {
    const s = await start({ data: { conversations: 50 } });
    const d = createDataset({ conversations: 40 });
    const events = d.events.map((e) => JSON.parse(e.json));
    events[3].value = -5; // an error: the event is dropped
    events[5].name = 'agent_participation'; // a name this package does not know: a warning, kept
    events[6].name = 'agent_participation';
    events.push({ ...events[10] }); // the same id twice
    const body = JSON.stringify(events);
    const file = join(tmpdir(), `dashboard-issues-${process.pid}.json`);
    await writeFile(file, body);
    try {
      const { page, errors } = await newPage(browser);
      await open(page, s.url);
      await rerender(page, () => page.setInputFiles('#file-input', file));
      const found = validateEvents(body);
      assert.ok(found.some((i) => i.severity === 'error'));
      const items = await page.$$eval('#issues li.issue', (lis) => lis.map((li) => ({ severity: li.querySelector('.badge').textContent, code: li.querySelector('code').textContent, text: li.textContent })));
      assert.equal(items[0].severity, 'error', 'errors first');
      const codes = new Set(found.map((i) => i.code));
      assert.deepEqual(new Set(items.map((i) => i.code)), codes);
      for (const i of found) assert.ok(items.some((it) => it.code === i.code && it.text.includes(i.message)), `${i.code} shown with its message`);
      const loaded = await page.evaluate(() => window.__dashboard.loaded);
      assert.ok(loaded.events < events.length, 'the erroneous event is dropped (lenient mode)');
      assert.deepEqual(errors, []);
    } finally {
      await rm(file, { force: true });
      await s.close();
    }
  });

  test('a saved account page (newest first, as Chatwoot sends it) opens without an "unsorted" warning', async () => {
    const s = await start({ data: { conversations: 60 } });
    const file = join(tmpdir(), `dashboard-page-${process.pid}.json`);
    try {
      const res = await fetch(`${s.url}${A}/reporting_events?page=1`, { headers: { api_access_token: TOKEN } });
      const body = await res.text();
      const payload = JSON.parse(body).payload;
      assert.ok(validateEvents(JSON.stringify(payload)).some((i) => i.code === 'unsorted'), 'the raw payload is newest first');
      await writeFile(file, body);
      const { page, errors } = await newPage(browser);
      await open(page, s.url);
      await rerender(page, () => page.setInputFiles('#file-input', file));
      await settled(page);
      assert.equal((await page.evaluate(() => window.__dashboard.loaded)).events, payload.length);
      assert.doesNotMatch(await page.textContent('#issues'), /unsorted/);
      assert.match(await page.textContent('#issues'), /No validation issues in 25 events/);
      assert.deepEqual(errors, []);
    } finally {
      await rm(file, { force: true });
      await s.close();
    }
  });
});

describe('100 000 events', () => {
  let s;
  let file;
  let body;
  before(async () => {
    s = await start({ data: { conversations: 50 } });
    const d = createDataset({ conversations: 21000 });
    body = `[${d.events.map((e) => e.json).join(',')}]`;
    file = join(tmpdir(), `dashboard-100k-${process.pid}.json`);
    await writeFile(file, body);
  });
  after(async () => {
    await s.close();
    await rm(file, { force: true });
  });

  test('parsed and summarized in the worker: the page never freezes, figures as in Node', async (t) => {
    const events = JSON.parse(body);
    assert.ok(events.length >= 100000, `${events.length} events`);
    const { page, errors } = await newPage(browser);
    await open(page, s.url);
    // A heartbeat on the main thread: the longest gap between 10 ms ticks while loading.
    await page.evaluate(() => {
      window.__gaps = [];
      let t = performance.now();
      window.__beat = setInterval(() => {
        const n = performance.now();
        window.__gaps.push(n - t);
        t = n;
      }, 10);
    });
    const t0 = Date.now();
    await rerender(page, () => page.setInputFiles('#file-input', file));
    const loadMs = Date.now() - t0;
    const loaded = await page.evaluate(() => window.__dashboard.loaded);
    assert.equal(loaded.events, events.length);
    assert.equal(loaded.source, 'file');
    await rerender(page, () => page.check('#business-hours'));
    await rerender(page, () => page.click('label[for="group-week"]'));
    const gaps = await page.evaluate(() => {
      clearInterval(window.__beat);
      return window.__gaps;
    });
    const worst = Math.max(...gaps);
    t.diagnostic(`${events.length} events: loaded and drawn in ${loadMs} ms; longest main-thread gap ${Math.round(worst)} ms`);
    assert.ok(worst < 250, `the main thread stalled for ${Math.round(worst)} ms (load took ${loadMs} ms)`);
    const range = await page.evaluate(() => window.__dashboard.range);
    const expected = summarize(events, { since: range.since, until: range.until, businessHours: true });
    const mean = await page.getAttribute('[data-field="replyTime.mean"]', 'data-value');
    assert.ok(close(Number(mean), expected.replyTime.mean));
    assert.equal(Number(await page.getAttribute('[data-field="conversations"]', 'data-value')), expected.conversations);
    assert.match(await page.textContent('#source-line'), /File dashboard-100k/);
    await shot(page, 'file-100k-1440');
    assert.deepEqual(errors, []);
  });
});
