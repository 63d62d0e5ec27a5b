// CSV files of every table and of the series, parsed back and checked against the package
// in Node on the stand-in's events: names beside ids, durations in seconds and in
// Chatwoot's report words (formatDuration(…, 'report')), SLA columns when targets are set,
// one column per resolution cycle (a spreadsheet sorts each on its own).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, summarize, timeseries } from 'chatwoot-reporting';
import { launchChromium, newPage } from './chromium.mjs';
import { accountEvents, close, csvObjects, inWindow, open, parseCsv, rerender, start } from './dashboard-helpers.mjs';

let browser;
let s;
let page;
let errors;
let range;
let events;
before(async () => {
  browser = await launchChromium();
  s = await start();
  ({ page, errors } = await newPage(browser));
  await page.goto(`${s.url}/www/blank.html`);
  await page.evaluate(() => localStorage.setItem('chatwoot-reporting.view', JSON.stringify({ sla: { firstResponse: 3600, resolution: null, replyTime: 900 } })));
  await open(page, s.url);
  range = await page.evaluate(() => window.__dashboard.range);
  events = await accountEvents(s.url, range.fetchSince, range.until);
});
after(async () => {
  await browser?.close();
  await s?.close();
});

/** Clicks `button` and returns the CSV the page made: {name, csv}. */
async function download(button) {
  const n = await page.evaluate(() => window.__dashboard.downloads.length);
  await page.click(button);
  await page.waitForFunction((k) => window.__dashboard.downloads.length > k, n);
  return page.evaluate(() => window.__dashboard.downloads.at(-1));
}

const secs = (v) => (v === '' ? null : Number(v));
const words = (v) => formatDuration(v, 'report');

test('agents and inboxes: a row per group with names, both duration forms and SLA columns, as summarize()', async () => {
  const sla = { firstResponse: 3600, replyTime: 900 };
  const want = summarize(events, { since: range.since, until: range.until, sla });
  const agents = await (await fetch(`${s.url}/api/v1/accounts/1/agents`, { headers: { api_access_token: 'demo-token' } })).json();
  const inboxes = (await (await fetch(`${s.url}/api/v1/accounts/1/inboxes`, { headers: { api_access_token: 'demo-token' } })).json()).payload;
  const win = inWindow(events, range);
  for (const [button, groups, idCol, nameCol, idKey, names, eventKey] of [
    ['#export-agents', want.byAgent, 'agent_id', 'agent_name', 'userId', agents, 'user_id'],
    ['#export-inboxes', want.byInbox, 'inbox_id', 'inbox_name', 'inboxId', inboxes, 'inbox_id'],
  ]) {
    const { name, csv } = await download(button);
    assert.match(name, /^chatwoot-(agents|inboxes)-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    assert.ok(csv.startsWith('\uFEFF'), 'a byte-order mark, so spreadsheets read UTF-8 names');
    const rows = csvObjects(csv);
    assert.equal(rows.length, groups.length);
    for (const g of groups) {
      const r = rows.find((x) => x[idCol] === (g[idKey] === null ? '' : String(g[idKey])));
      assert.ok(r, `${idCol} ${g[idKey]}`);
      assert.equal(r[nameCol], g[idKey] === null ? '' : names.find((x) => x.id === g[idKey]).name);
      assert.ok(close(secs(r.first_response_mean_seconds), g.firstResponse.mean));
      assert.equal(r.first_response_mean, words(g.firstResponse.mean));
      assert.ok(close(secs(r.resolution_median_seconds) ?? -1, g.resolution.median ?? -1));
      assert.equal(r.resolution_median, words(g.resolution.median));
      assert.equal(Number(r.resolutions), g.resolutionsCount);
      assert.equal(Number(r.replies), g.replyTime.count);
      const mine = summarize(win.filter((e) => e[eventKey] === g[idKey]), { sla }).sla;
      for (const [k, col] of [['firstResponse', 'first_response'], ['replyTime', 'reply_time']]) {
        assert.equal(r[`${col}_sla_threshold_seconds`], mine?.[k]?.total ? String(sla[k]) : (mine?.[k] ? String(sla[k]) : ''));
        if (mine?.[k]?.total) {
          assert.equal(Number(r[`${col}_sla_met`]), mine[k].met);
          assert.ok(close(Number(r[`${col}_sla_share`]), mine[k].share));
        }
      }
      assert.ok(!('resolution_sla_met' in r), 'no column for a target that is not set');
    }
  }
  assert.deepEqual(errors, []);
});

test('the series: one row per bucket, UTC and local starts, value in seconds and in words, as timeseries()', async () => {
  await rerender(page, () => page.selectOption('#timezone', 'Europe/Berlin'));
  await rerender(page, () => page.selectOption('#stat', 'median'));
  const { name, csv } = await download('#export-series');
  assert.match(name, /^chatwoot-series-avg_first_response_time-by-day-/);
  const want = timeseries(events, { metric: 'avg_first_response_time', groupBy: 'day', timezone: 'Europe/Berlin', since: range.since, until: range.until, stat: 'median' });
  const rows = csvObjects(csv);
  assert.equal(rows.length, want.length);
  rows.forEach((r, i) => {
    assert.equal(r.bucket_start_utc, new Date(want[i].timestamp * 1000).toISOString());
    assert.match(r['bucket_start_local (Europe/Berlin)'], /^\d{4}-\d{2}-\d{2} 00:00$/, 'local midnight in the zone');
    assert.equal(r.statistic, 'median');
    assert.equal(Number(r.events), want[i].count);
    if (want[i].count === 0) assert.deepEqual([r.value_seconds, r.value], ['', 'N/A']);
    else {
      assert.ok(close(Number(r.value_seconds), want[i].value));
      assert.equal(r.value, words(want[i].value));
    }
  });
  await rerender(page, () => page.selectOption('#metric', 'resolutions_count'));
  const counts = csvObjects((await download('#export-series')).csv);
  const wantCounts = timeseries(events, { metric: 'resolutions_count', groupBy: 'day', timezone: 'Europe/Berlin', since: range.since, until: range.until });
  assert.deepEqual(counts.map((r) => Number(r.value)), wantCounts.map((p) => p.value));
  assert.ok(!('value_seconds' in counts[0]), 'a count has no duration columns');
  assert.deepEqual(errors, []);
});

test('the heatmap: one sortable row per weekday and hour, as shown', async () => {
  const { csv } = await download('#export-heatmap');
  const rows = parseCsv(csv);
  assert.equal(rows.length, 1 + 7 * 24);
  assert.match(rows[0][2], /^events \(all, Europe\/Berlin\)$/);
  const shown = await page.$$eval('table.heatmap tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.dataset.count))));
  for (const [k, [day, hour, n]] of rows.slice(1).entries()) {
    assert.equal(Number(n), shown[Math.floor(k / 24)][Number(hour)], `${day} ${hour}`);
  }
  assert.equal(rows[1][0], 'Sunday');
  assert.deepEqual(errors, []);
});
