// summarize, conversation rows, CSV and formatDuration through the built package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEvents, summarize, conversationRows, conversationsCsv, formatDuration, timeseries, ReportingError } from 'chatwoot-reporting';
import { sampleBody } from '../../www/sample.mjs';

const body = sampleBody({ conversations: 300, days: 30, seed: 11 });
const set = parseEvents(body);
const STATS_KEYS = ['count', 'sum', 'mean', 'min', 'max', 'median', 'p90', 'p95', 'p99', 'medianCi'];

test('the Summary has exactly the shape of API.md, plus the documented extras', () => {
  const s = summarize(set, { sla: { firstResponse: 3600, resolution: 86400 } });
  for (const k of ['firstResponse', 'resolution', 'replyTime', 'resolutionPerCycle', 'resolutionWithoutBot']) {
    assert.deepEqual(Object.keys(s[k]), STATS_KEYS, k);
  }
  assert.deepEqual(Object.keys(s.firstResponseDistribution), ['0-1h', '1-4h', '4-8h', '8-24h', '24h+']);
  const dist = Object.values(s.firstResponseDistribution).reduce((a, b) => a + b, 0);
  assert.equal(dist, s.firstResponse.count);
  assert.equal(s.events, set.length);
  assert.equal(s.resolutionsCount, set.filter({ names: ['conversation_resolved'] }).length);
  assert.deepEqual(Object.keys(s.sla), ['firstResponse', 'resolution']);
  assert.deepEqual(Object.keys(s.sla.firstResponse), ['threshold', 'met', 'total', 'share']);
  assert.equal(s.sla.firstResponse.total, s.firstResponse.count);
  assert.ok(s.byAgent.every((a) => 'userId' in a && Object.keys(a.firstResponse).length === STATS_KEYS.length));
  assert.ok(s.byInbox.every((a) => 'inboxId' in a));
  assert.equal(s.previous, undefined);
});

test('a plain array of events gives the same summary as the EventSet', () => {
  assert.deepEqual(summarize(set.toArray(), { businessHours: true }), summarize(set, { businessHours: true }));
});

test('plain JavaScript over the same events agrees with the mean, median and counts', () => {
  const rows = set.toArray();
  const fr = rows.filter((e) => e.name === 'first_response').map((e) => e.value).sort((a, b) => a - b);
  const s = summarize(set);
  const mean = fr.reduce((a, b) => a + b, 0) / fr.length;
  assert.ok(Math.abs(s.firstResponse.mean - mean) < 1e-6);
  const h = (fr.length - 1) * 0.5;
  const median = fr[Math.floor(h)] + (h - Math.floor(h)) * (fr[Math.ceil(h)] - fr[Math.floor(h)]);
  assert.equal(s.firstResponse.median, median);
  const handoffs = new Set(rows.filter((e) => e.name === 'conversation_bot_handoff').map((e) => e.conversation_id));
  assert.equal(s.botHandoffsCount, handoffs.size);
});

test('since/until window and the previous window', () => {
  const times = set.toArray().map((e) => Date.parse(e.created_at) / 1000);
  const until = Math.ceil(Math.max(...times)) + 1;
  const since = until - 10 * 86400;
  const s = summarize(set, { since, until });
  assert.equal(s.events, times.filter((t) => t >= since && t < until).length);
  assert.equal(s.previous.events, times.filter((t) => t >= since - 10 * 86400 && t < since).length);
  assert.throws(() => summarize(set, { since: until, until: since }), (e) => e instanceof ReportingError && e.code === 'invalid_argument');
});

test('empty input: null statistics, never NaN, never a throw', () => {
  const s = summarize([]);
  assert.equal(s.events, 0);
  assert.deepEqual(s.firstResponse, { count: 0, sum: 0, mean: null, min: null, max: null, median: null, p90: null, p95: null, p99: null, medianCi: null });
  assert.deepEqual(s.byAgent, []);
});

test('conversation rows: slowest first, one per conversation, CSV with a header', () => {
  const rows = conversationRows(set);
  assert.equal(rows.length, summarize(set).conversations);
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].resolutionTime !== null) assert.ok(rows[i - 1].resolutionTime >= rows[i].resolutionTime);
  }
  const csv = conversationsCsv(set, { limit: 5, sortBy: 'firstResponse', order: 'asc' });
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines.length, 6);
  assert.equal(lines[0].split(',')[6], 'first_response_seconds');
  assert.throws(() => conversationRows(set, { sortBy: 'nope' }), (e) => e.code === 'invalid_argument');
});

test('formatDuration: Chatwoot style and compact', () => {
  assert.equal(formatDuration(120), '2 Min');
  assert.equal(formatDuration(3600), '1 Hr');
  assert.equal(formatDuration(125, 'chatwoot'), '2 Min 5 Sec');
  assert.equal(formatDuration(3 * 86400 + 4 * 3600), '3 Day 4 Hr');
  assert.equal(formatDuration(364 * 86400 + 4 * 3600), '364 Day');
  assert.equal(formatDuration(5400, 'compact'), '1h 30m');
  assert.equal(formatDuration(null), '—');
  assert.equal(formatDuration(NaN, 'compact'), '—');
  assert.throws(() => formatDuration(5, 'long'), (e) => e instanceof ReportingError && e.code === 'invalid_argument');
  assert.throws(() => formatDuration('5'), (e) => e.code === 'invalid_argument');
});

test('summaries reject what is not events', () => {
  assert.throws(() => summarize('[]'), (e) => e instanceof ReportingError && e.code === 'invalid_argument');
  assert.throws(() => summarize([{ id: 1 }]), (e) => e instanceof ReportingError && e.code === 'invalid_data');
  const cyclic = [{}];
  cyclic[0].self = cyclic;
  assert.throws(() => summarize(cyclic), (e) => e instanceof ReportingError && e.code === 'invalid_argument');
  assert.throws(() => summarize(set, { sla: { firstResponse: -1 } }), (e) => e.code === 'invalid_argument');
});

test('timeseries: UTC day buckets agree with plain JavaScript bucketing, and cover the range', () => {
  const rows = set.toArray().filter((e) => e.name === 'conversation_resolved');
  const expected = new Map();
  for (const e of rows) {
    const day = Math.floor(Date.parse(e.created_at) / 86400000) * 86400;
    expected.set(day, (expected.get(day) ?? 0) + 1);
  }
  const points = timeseries(set, { metric: 'resolutions_count' });
  for (let i = 1; i < points.length; i++) assert.equal(points[i].timestamp - points[i - 1].timestamp, 86400);
  assert.equal(points.reduce((a, p) => a + p.value, 0), rows.length);
  for (const p of points) assert.equal(p.value, expected.get(p.timestamp) ?? 0);
  const avg = timeseries(set.toArray(), { metric: 'avg_first_response_time', groupBy: 'week', timezone: 'America/New_York', stat: 'median' });
  assert.ok(avg.every((p) => 'count' in p && Number.isFinite(p.value)));
  assert.throws(() => timeseries(set, { metric: 'resolutions_count', timezone: 'Nowhere/Land' }), (e) => e instanceof ReportingError && e.code === 'invalid_argument');
});
