// The support lead's settings: SLA targets (saved on the device, surviving a reload) with
// "% met" cards, per-agent and per-inbox SLA columns and the SLA curve; inbox and agent
// filters; custom dates; leaving out inboxes whose working hours are off; the hour-of-week
// heatmap. Every figure is checked against the package (summarize) or plain JavaScript run
// in Node on the stand-in's own events.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from 'chatwoot-reporting';
import { launchChromium, newPage } from './chromium.mjs';
import {
  accountEvents, ARTIFACTS, close, DAY, inWindow, open, PHONE, rerender, settled, shot, start, WIDE,
} from './dashboard-helpers.mjs';

let browser;
let s;
before(async () => {
  browser = await launchChromium();
  s = await start();
});
after(async () => {
  await browser?.close();
  await s?.close();
});

const num = async (page, sel, attr = 'data-value') => Number(await page.getAttribute(sel, attr));

describe('SLA targets', () => {
  test('set in Settings, kept across a reload; % met cards, per-agent and per-inbox columns and the curve match summarize()', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await open(page, s.url);
      assert.match(await page.textContent('#sla-note'), /No targets set/);
      await page.click('#settings');
      await page.fill('#sla-firstResponse', '45');
      await page.selectOption('#sla-firstResponse-unit', '60');
      await page.fill('#sla-resolution', '1');
      await page.selectOption('#sla-resolution-unit', '86400');
      await page.fill('#sla-replyTime', '0.5');
      await page.selectOption('#sla-replyTime-unit', '3600');
      await page.screenshot({ path: `${ARTIFACTS}/dashboard-settings-1440.png` });
      await rerender(page, () => page.click('#settings-form button[type="submit"]'));
      const sla = { firstResponse: 2700, resolution: 86400, replyTime: 1800 };
      const check = async (label) => {
        const range = await page.evaluate(() => window.__dashboard.range);
        const events = await accountEvents(s.url, range.fetchSince, range.until);
        const want = summarize(events, { since: range.since, until: range.until, sla });
        for (const k of Object.keys(sla)) {
          assert.ok(close(await num(page, `[data-field="sla.${k}.share"]`), want.sla[k].share), `${label}: ${k} share`);
          assert.match(await page.textContent(`[data-sla="${k}"] .kpi-sub`), new RegExp(`${want.sla[k].met.toLocaleString('en-US')} of ${want.sla[k].total.toLocaleString('en-US')}`));
        }
        // Per agent and per inbox: the same shares from summarize on that agent's or inbox's events.
        const win = inWindow(events, range);
        for (const [table, key] of [['agents', 'user_id'], ['inboxes', 'inbox_id']]) {
          const cells = await page.$$eval(`#${table} tbody tr`, (trs) => trs.map((tr) => ({
            id: tr.querySelector('button[data-pick]').dataset.pick,
            shares: Object.fromEntries([...tr.querySelectorAll('[data-sla]')].map((c) => [c.dataset.sla, c.dataset.share === '' ? null : Number(c.dataset.share)])),
          })));
          assert.ok(cells.length >= 6);
          for (const c of cells) {
            const id = c.id === 'null' ? null : Number(c.id);
            const w = summarize(win.filter((e) => e[key] === id), { sla }).sla;
            for (const k of Object.keys(sla)) {
              if (w?.[k]?.total) assert.ok(close(c.shares[k], w[k].share), `${label}: ${table} ${id} ${k}: ${c.shares[k]} vs ${w[k].share}`);
              else assert.equal(c.shares[k], null);
            }
          }
        }
        // The curve (first response): the share met at each threshold, in plain JavaScript.
        const values = win.filter((e) => e.name === 'first_response').map((e) => e.value);
        const curve = await page.$$eval('#sla-curve li', (lis) => lis.map((li) => ({ threshold: Number(li.dataset.threshold), share: Number(li.dataset.share), target: li.classList.contains('target') })));
        assert.ok(curve.length >= 8);
        for (const p of curve) assert.ok(close(p.share, values.filter((v) => v <= p.threshold).length / values.length), `${label}: curve at ${p.threshold}`);
        assert.deepEqual(curve.filter((p) => p.target).map((p) => p.threshold), [2700], 'the target is on the curve, marked');
      };
      await check('after saving');
      await shot(page, 'sla-1440');
      // Kept on this device: a reload shows the same targets (and the form is filled with them).
      await page.reload();
      await settled(page);
      await check('after a reload');
      await page.click('#settings');
      assert.equal(await page.inputValue('#sla-firstResponse'), '45');
      assert.equal(await page.inputValue('#sla-firstResponse-unit'), '60');
      assert.equal(await page.inputValue('#sla-resolution'), '1');
      assert.equal(await page.inputValue('#sla-resolution-unit'), '86400');
      assert.equal(await page.inputValue('#sla-replyTime'), '30');
      // A bad value is refused with a sentence, and nothing changes.
      await page.fill('#sla-replyTime', '-3');
      await page.click('#settings-form button[type="submit"]');
      assert.equal(await page.isVisible('#settings-errors'), true);
      assert.match(await page.textContent('#settings-errors'), /Reply within: a positive number/);
      await page.click('#settings-cancel');
      assert.deepEqual((await page.evaluate(() => window.__dashboard.view)).sla, sla);
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(200);
      await shot(page, 'sla-390');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('filters and ranges', () => {
  test('inbox and agent filters: the figures are those of that inbox\'s / agent\'s events', async () => {
    const { page, errors } = await newPage(browser);
    await open(page, s.url);
    const range = await page.evaluate(() => window.__dashboard.range);
    const events = await accountEvents(s.url, range.fetchSince, range.until);
    const options = await page.$$eval('#filter-agent option', (os) => os.map((o) => o.textContent));
    assert.deepEqual(options.slice(0, 3), ['All agents', 'Amara Okafor', 'Bruno Silva']);
    const check = async (keep, label) => {
      const want = summarize(events.filter(keep), { since: range.since, until: range.until });
      assert.equal(await num(page, '[data-field="conversations"]'), want.conversations, `${label}: conversations`);
      assert.ok(close(await num(page, '[data-field="firstResponse.mean"]'), want.firstResponse.mean), `${label}: first response`);
      assert.equal(await num(page, '[data-field="resolutionsCount"]'), want.resolutionsCount, `${label}: resolutions`);
    };
    await rerender(page, () => page.selectOption('#filter-inbox', '5'));
    await check((e) => e.inbox_id === 5, 'inbox 5');
    assert.match(await page.textContent('#kpi-note'), /only inbox Berlin office/);
    await rerender(page, () => page.selectOption('#filter-agent', '12'));
    await check((e) => e.inbox_id === 5 && e.user_id === 12, 'inbox 5, agent 12');
    await rerender(page, () => page.selectOption('#filter-inbox', ''));
    await check((e) => e.user_id === 12, 'agent 12');
    assert.equal(await page.locator('#agents tbody tr').count(), 1, 'the agent table narrows too');
    await shot(page, 'filter-agent-1440');
    await rerender(page, () => page.selectOption('#filter-agent', ''));
    await check(() => true, 'everything');
    assert.deepEqual(errors, []);
  });

  test('custom dates: local midnights in the chosen zone, figures as summarize on [from, to + 1 day)', async () => {
    const { page, errors } = await newPage(browser);
    await open(page, s.url);
    await rerender(page, () => page.selectOption('#timezone', 'Asia/Kolkata'));
    const first = await page.evaluate(() => window.__dashboard.range);
    const day = (t) => new Date((t + 5.5 * 3600) * 1000).toISOString().slice(0, 10); // Kolkata has no DST
    const from = day(first.since + 20 * DAY);
    const to = day(first.since + 40 * DAY);
    await page.selectOption('#range', 'custom');
    assert.equal(await page.isVisible('#range-from'), true);
    await page.fill('#range-from', from);
    await page.fill('#range-to', to);
    const before = s.pages();
    await rerender(page, () => page.click('#range-apply'));
    await settled(page);
    const r = await page.evaluate(() => window.__dashboard.range);
    assert.equal(r.since, Date.parse(`${from}T00:00:00+05:30`) / 1000);
    assert.equal(r.until, Date.parse(`${to}T00:00:00+05:30`) / 1000 + DAY, 'the end date is included');
    assert.equal(s.pages(), before, 'inside what is loaded: nothing fetched');
    const events = await accountEvents(s.url, r.fetchSince, r.until);
    const want = summarize(events, { since: r.since, until: r.until });
    assert.equal(await num(page, '[data-field="conversations"]'), want.conversations);
    assert.ok(close(await num(page, '[data-field="resolution.median"]'), want.resolution.median));
    assert.match(await page.textContent('#kpi-note'), /^Custom range: /);
    const view = await page.evaluate(() => window.__dashboard.view);
    assert.deepEqual([view.custom, view.from, view.to], [true, from, to]);
    // A start after the end is refused.
    await page.fill('#range-from', to);
    await page.fill('#range-to', from);
    await page.click('#range-apply');
    assert.equal(await page.getAttribute('#range-to', 'aria-invalid'), 'true');
    await shot(page, 'custom-range-1440');
    assert.deepEqual(errors, []);
  });

  test('business hours without the inboxes whose working hours are off (0 s everywhere), and a note saying so', async () => {
    const { page, errors } = await newPage(browser);
    await open(page, s.url);
    const range = await page.evaluate(() => window.__dashboard.range);
    const events = await accountEvents(s.url, range.fetchSince, range.until);
    assert.equal(await page.isHidden('#exclude-off-row'), true, 'only offered with business hours');
    await rerender(page, () => page.check('#business-hours'));
    assert.equal(await page.isVisible('#exclude-off-row'), true);
    assert.match(await page.textContent('#hours-off-note'), /Legacy API has working hours off in Chatwoot: every business-hours value there is 0/);
    const all = summarize(events, { since: range.since, until: range.until, businessHours: true });
    assert.ok(close(await num(page, '[data-field="firstResponse.median"]'), all.firstResponse.median));
    await rerender(page, () => page.check('#exclude-off'));
    const without = summarize(events.filter((e) => e.inbox_id !== 7), { since: range.since, until: range.until, businessHours: true });
    assert.ok(close(await num(page, '[data-field="firstResponse.median"]'), without.firstResponse.median));
    assert.ok(close(await num(page, '[data-field="replyTime.mean"]'), without.replyTime.mean));
    assert.ok(!(await page.textContent('#inboxes tbody')).includes('Legacy API'));
    assert.match(await page.textContent('#hours-off-note'), /Left out: Legacy API/);
    assert.equal((await page.evaluate(() => window.__dashboard.view)).excludeHoursOff, true);
    await shot(page, 'hours-off-1440');
    assert.deepEqual(errors, []);
  });
});

describe('heatmap', () => {
  test('events by hour of week in the chosen zone and week start, as plain JavaScript counts them', async () => {
    const { page, errors } = await newPage(browser);
    await open(page, s.url);
    const range = await page.evaluate(() => window.__dashboard.range);
    const win = inWindow(await accountEvents(s.url, range.fetchSince, range.until), range);
    /** The plain count: the local weekday and hour of each created_at, from Intl. */
    const plain = (timeZone, weekStart, name) => {
      const fmt = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
      const days = weekStart === 'monday' ? ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] : ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
      const grid = days.map(() => Array(24).fill(0));
      for (const e of win) {
        if (name && e.name !== name) continue;
        const p = Object.fromEntries(fmt.formatToParts(new Date(e.created_at)).map((x) => [x.type, x.value]));
        grid[days.indexOf(p.weekday)][Number(p.hour) % 24] += 1;
      }
      return grid;
    };
    const shown = () => page.$$eval('table.heatmap tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.dataset.count))));
    if ((await page.inputValue('#timezone')) !== 'UTC') await rerender(page, () => page.selectOption('#timezone', 'UTC'));
    assert.deepEqual(await shown(), plain('UTC', 'sunday'), 'UTC, weeks from Sunday');
    await rerender(page, () => page.selectOption('#timezone', 'Asia/Kolkata'));
    await rerender(page, () => page.selectOption('#week-start', 'monday'));
    assert.deepEqual(await shown(), plain('Asia/Kolkata', 'monday'), 'Kolkata (+05:30), weeks from Monday');
    assert.deepEqual(await page.$$eval('table.heatmap tbody th', (ths) => ths.map((t) => t.textContent)), ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    await rerender(page, () => page.selectOption('#heatmap-name', 'first_response'));
    assert.deepEqual(await shown(), plain('Asia/Kolkata', 'monday', 'first_response'), 'first responses only');
    await rerender(page, () => page.selectOption('#timezone', 'America/New_York'));
    assert.deepEqual(await shown(), plain('America/New_York', 'monday', 'first_response'), 'a zone with DST in the range');
    await page.locator('#heatmap-title').scrollIntoViewIfNeeded();
    await page.locator('table.heatmap').screenshot({ path: `${ARTIFACTS}/dashboard-heatmap-1440.png` });
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'the heatmap scrolls in its own region');
    await page.locator('#heatmap-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-heatmap-390.png` });
    await page.setViewportSize(WIDE);
    assert.deepEqual(errors, []);
  });
});
