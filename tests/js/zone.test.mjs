// js/zone.js on its own (no build needed): offsets from Intl, changes located to the second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zoneTransitions, seriesPoints } from '../../js/zone.js';

const sec = (iso) => Date.parse(iso) / 1000;
const pairs = (a) => {
  const out = [];
  for (let i = 0; i < a.length; i += 2) out.push([a[i], a[i + 1]]);
  return out;
};

test('Europe/Berlin 2026: +1 → +2 at 03-29T01:00Z, +2 → +1 at 10-25T01:00Z', () => {
  const t = zoneTransitions('Europe/Berlin', sec('2026-01-01T00:00:00Z'), sec('2027-01-01T00:00:00Z'));
  assert.ok(t instanceof Float64Array);
  assert.deepEqual(pairs(t), [
    [sec('2026-01-01T00:00:00Z'), 3600],
    [sec('2026-03-29T01:00:00Z'), 7200],
    [sec('2026-10-25T01:00:00Z'), 3600],
  ]);
});

test('America/New_York 2026: −5 → −4 at 03-08T07:00Z, −4 → −5 at 11-01T06:00Z', () => {
  const t = zoneTransitions('America/New_York', sec('2026-01-01T00:00:00Z'), sec('2027-01-01T00:00:00Z'));
  assert.deepEqual(pairs(t), [
    [sec('2026-01-01T00:00:00Z'), -18000],
    [sec('2026-03-08T07:00:00Z'), -14400],
    [sec('2026-11-01T06:00:00Z'), -18000],
  ]);
});

test('zones without changes, half-hour changes, a skipped day, local mean time', () => {
  assert.deepEqual(Array.from(zoneTransitions('Asia/Kolkata', 0, 86400 * 400)), [0, 19800]);
  assert.deepEqual(Array.from(zoneTransitions('UTC', 5, 5)), [5, 0]);
  const lordHowe = pairs(zoneTransitions('Australia/Lord_Howe', sec('2026-01-01T00:00:00Z'), sec('2026-12-31T00:00:00Z')));
  assert.deepEqual(lordHowe.map((p) => p[1]), [39600, 37800, 39600]);
  assert.equal(lordHowe[1][0], sec('2026-04-04T15:00:00Z'));
  assert.deepEqual(pairs(zoneTransitions('Pacific/Apia', sec('2011-12-29T00:00:00Z'), sec('2011-12-31T00:00:00Z'))), [
    [sec('2011-12-29T00:00:00Z'), -36000],
    [sec('2011-12-30T10:00:00Z'), 50400],
  ]);
  // Year 0 (1 BC) reads back correctly: Berlin's local mean time is +0:53:28.
  const y0 = sec('0000-01-01T00:00:00Z');
  assert.deepEqual(Array.from(zoneTransitions('Europe/Berlin', y0, y0 + 86400)), [y0, 3208]);
});

test('an unknown zone throws the engine RangeError', () => {
  assert.throws(() => zoneTransitions('Mars/Olympus', 0, 10), RangeError);
});

test('seriesPoints builds plain objects with and without count', () => {
  const ts = new Float64Array([0, 86400]);
  const v = new Float64Array([1.5, 0]);
  assert.deepEqual(seriesPoints(ts, v, new Float64Array([2, 0])), [
    { timestamp: 0, value: 1.5, count: 2 },
    { timestamp: 86400, value: 0, count: 0 },
  ]);
  assert.deepEqual(seriesPoints(ts, v, undefined), [
    { timestamp: 0, value: 1.5 },
    { timestamp: 86400, value: 0 },
  ]);
  assert.deepEqual(Object.keys(seriesPoints(ts, v, new Float64Array([1, 1]))[0]), ['timestamp', 'value', 'count']);
});
