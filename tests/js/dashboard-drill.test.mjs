// Drill-down: every kind of number on the dashboard opens the conversations behind it — a
// key figure, an SLA card (its misses), a chart bucket (clicked on the canvas and in the
// table of numbers), a distribution bar, an agent row, an inbox row — checked against the
// same selection made in Node from the stand-in's events; links by display id where known;
// zoom on the trend; the drill-down's own CSV.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { conversationRows } from 'chatwoot-reporting';
import { launchChromium, newPage } from './chromium.mjs';
import { accountEvents, csvObjects, inWindow, open, PHONE, settled, start, WIDE, ARTIFACTS } from './dashboard-helpers.mjs';

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

/** Opens the drill-down with `click` and waits for its answer: {total, rows, spec}. */
async function drill(page, click) {
  await page.evaluate(() => { const d = document.querySelector('#drill-dialog'); if (d.open) d.close(); d.dataset.state = 'closed'; });
  await click();
  await page.waitForFunction(() => window.__dashboard.drill.state === 'ready', null, { timeout: 30000 });
  const out = await page.evaluate(() => window.__dashboard.drill);
  assert.equal(await page.isVisible('#drill-dialog'), true);
  assert.equal(await page.getAttribute('#drill-dialog', 'data-total'), String(out.total));
  return out;
}

/** The distinct internal conversation ids of events matching `keep`. */
const conversationsOf = (events, keep) => new Set(events.filter(keep).map((e) => e.conversation_id));

/** The drill-down found exactly `want` (a Set of internal ids): its total, and its rows among them. */
function same(out, want, label) {
  assert.equal(out.total, want.size, `${label}: ${out.total} conversations, Node ${want.size}`);
  for (const r of out.rows) assert.ok(want.has(r.conversationId), `${label}: ${r.conversationId} belongs`);
  assert.equal(out.rows.length, Math.min(200, want.size));
}

describe('drill-down from every kind of number', () => {
  let s;
  let page;
  let errors;
  let events; // the window's events
  let all;
  before(async () => {
    s = await start();
    ({ page, errors } = await newPage(browser));
    await page.goto(`${s.url}/www/blank.html`);
    await page.evaluate(() => localStorage.setItem('chatwoot-reporting.view', JSON.stringify({ sla: { firstResponse: 3600, resolution: null, replyTime: null } })));
    await open(page, s.url);
    const range = await page.evaluate(() => window.__dashboard.range);
    all = await accountEvents(s.url, range.fetchSince, range.until);
    events = inWindow(all, range);
  });
  after(() => s.close());
  const t = (e) => Date.parse(e.created_at) / 1000;

  test('key figures: each card lists the conversations it counts or measures', async () => {
    const rows = conversationRows(events, { limit: 100000 });
    const pick = (f) => new Set(rows.filter(f).map((r) => r.conversationId));
    const cases = [
      ['conversations', () => true], ['firstResponse', (r) => r.firstResponse !== null], ['reopensCount', (r) => r.reopens > 0],
      ['botHandoffsCount', (r) => r.botHandoff], ['resolutionsCount', (r) => r.resolutions > 0], ['replyTime', (r) => r.replies > 0],
    ];
    for (const [key, f] of cases) {
      const out = await drill(page, () => page.click(`[data-kpi="${key}"] .kpi-drill`));
      same(out, pick(f), key);
    }
    // Slowest first, by the figure's own measure.
    const out = await drill(page, () => page.click('[data-kpi="firstResponse"] .kpi-drill'));
    const fr = out.rows.map((r) => r.firstResponse);
    assert.deepEqual(fr, [...fr].sort((a, b) => b - a));
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-drill-kpi-1440.png` });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-drill-kpi-390.png` });
    await page.setViewportSize(WIDE);
    await page.click('#drill-close');
    assert.equal(await page.isVisible('#drill-dialog'), false);
  });

  test('an SLA card lists the conversations that missed the target', async () => {
    const out = await drill(page, () => page.click('[data-sla="firstResponse"] .kpi-drill'));
    same(out, conversationsOf(events, (e) => e.name === 'first_response' && e.value > 3600), 'first response over 1 h');
    assert.ok(out.rows.every((r) => r.firstResponse > 3600));
    assert.match(await page.textContent('#drill-title'), /First response over 1 Hr/);
  });

  test('a chart bucket, from the table of numbers and from a click on the canvas', async () => {
    const chart = await page.evaluate(() => window.__dashboard.chart);
    const range = await page.evaluate(() => window.__dashboard.range);
    const bucket = (i) => {
      const start = chart.timestamps[i];
      const end = chart.timestamps[i + 1] ?? range.until;
      return conversationsOf(events, (e) => e.name === 'first_response' && t(e) >= Math.max(start, range.since) && t(e) < Math.min(end, range.until));
    };
    await page.click('#drill-close').catch(() => {});
    await page.click('#trend-chart details summary');
    const i = chart.counts.findIndex((c, k) => c > 3 && k > 5);
    const fromTable = await drill(page, () => page.click(`#trend-chart button[data-bucket="${i}"]`));
    same(fromTable, bucket(i), `bucket ${i} (table)`);
    assert.equal(fromTable.spec.kind, 'bucket');
    // On the canvas: hover, then click the point.
    const j = chart.counts.findIndex((c, k) => c > 3 && k > 40);
    const at = await page.evaluate((k) => window.__dashboard.pointAt(k), j);
    const fromCanvas = await drill(page, async () => {
      await page.mouse.move(at.x, at.y);
      await page.mouse.click(at.x, at.y);
    });
    same(fromCanvas, bucket(j), `bucket ${j} (canvas)`);
    await page.click('#drill-close');
  });

  test('a distribution bar lists the conversations in that band', async () => {
    const bands = { '0-1h': [0, 3600], '1-4h': [3600, 14400], '8-24h': [28800, 86400] };
    for (const [key, [lo, hi]] of Object.entries(bands)) {
      const out = await drill(page, () => page.click(`#distribution li[data-bucket="${key}"] button`));
      same(out, conversationsOf(events, (e) => e.name === 'first_response' && e.value >= lo && e.value < hi), key);
    }
    await page.click('#drill-close');
  });

  test('an agent row and an inbox row list theirs; the drill-down\'s CSV has exactly those', async () => {
    const agent = await drill(page, () => page.click('#agents tbody button[data-pick="12"]'));
    same(agent, conversationsOf(events, (e) => e.user_id === 12), 'agent 12');
    assert.match(await page.textContent('#drill-title'), /^Bruno Silva: conversations/);
    const inbox = await drill(page, () => page.click('#inboxes tbody button[data-pick="5"]'));
    same(inbox, conversationsOf(events, (e) => e.inbox_id === 5), 'inbox 5');
    assert.match(await page.textContent('#drill-title'), /^Berlin office: conversations/);
    const n = await page.evaluate(() => window.__dashboard.downloads.length);
    await page.click('#drill-export');
    await page.waitForFunction((k) => window.__dashboard.downloads.length > k, n);
    const { name, csv } = await page.evaluate(() => window.__dashboard.downloads.at(-1));
    assert.match(name, /^chatwoot-conversations-berlin-office/);
    const rows = csvObjects(csv);
    assert.equal(rows.length, inbox.total, 'every conversation, not only the 200 shown');
    assert.deepEqual(new Set(rows.map((r) => Number(r.conversation_id))), conversationsOf(events, (e) => e.inbox_id === 5));
    assert.ok(rows.every((r) => r.inbox_name === 'Berlin office'));
    await page.click('#drill-close');
  });

  test('zoom: dragging across the trend narrows it; the button shows the whole range again', async () => {
    if (await page.isVisible('#drill-dialog')) await page.click('#drill-close');
    await page.locator('#trend-chart').scrollIntoViewIfNeeded();
    const area = (await page.evaluate(() => window.__dashboard.zoom)).area;
    const chart = await page.evaluate(() => window.__dashboard.chart);
    const y = area.top + area.height / 2;
    await page.mouse.move(area.left + area.width * 0.3, y);
    await page.mouse.down();
    await page.mouse.move(area.left + area.width * 0.5, y, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction(() => window.__dashboard.zoom.zoomed);
    const z = await page.evaluate(() => window.__dashboard.zoom);
    assert.ok(z.min > chart.timestamps[0] && z.max < chart.timestamps.at(-1), 'a narrower x range');
    assert.equal(await page.isVisible('#zoom-reset'), true);
    assert.equal(await page.isVisible('#drill-dialog'), false, 'a drag is not a click: no drill-down');
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-zoom-1440.png`, clip: { x: 0, y: Math.max(0, area.top - 200), width: 1440, height: 500 } });
    await page.click('#zoom-reset');
    await page.waitForFunction(() => !window.__dashboard.zoom.zoomed);
    assert.equal(await page.isHidden('#zoom-reset'), true);
    assert.deepEqual(errors, []);
  });
});

describe('links by display id', () => {
  test('loaded by display id, drill-down rows link to Chatwoot by display id (exact, no *)', async () => {
    const s = await start({ data: { conversations: 300 } });
    try {
      const { page, errors } = await newPage(browser);
      await open(page, s.url);
      await page.click('#connect');
      await page.check('#source-conversations');
      // The newest 150 conversations (display ids count up with creation), so they are in the range.
      const ids = await (await fetch(`${s.url}/__standin/conversations`)).json();
      const newest = ids.displayIds.filter((id) => !ids.emptyDisplayIds.includes(id)).slice(-150);
      await page.fill('#display-ids', `${newest[0]}-${newest.at(-1)}`);
      await page.click('#connect-form button[type="submit"]');
      await settled(page);
      const out = await drill(page, () => page.click('[data-kpi="conversations"] .kpi-drill'));
      assert.ok(out.total > 10);
      const links = await page.$$eval('#drill-table tbody a', (as) => as.map((a) => ({ href: a.href, text: a.textContent })));
      assert.equal(links.length, out.rows.length);
      for (const [k, l] of links.entries()) {
        assert.equal(l.text, `#${out.rows[k].displayId}`);
        assert.ok(l.href.endsWith(`/app/accounts/1/conversations/${out.rows[k].displayId}`));
        assert.ok(newest.includes(out.rows[k].displayId) || ids.emptyDisplayIds.includes(out.rows[k].displayId));
      }
      assert.doesNotMatch(await page.textContent('#drill-note'), /internal ids/);
      assert.deepEqual(errors, []);
    } finally {
      await s.close();
    }
  });
});
