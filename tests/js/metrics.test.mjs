// Issue 13's metrics checked against plain JavaScript written from the definitions in
// index.d.ts, API.md ("Additions") and CHATWOOT.md, on the seeded simulator's data (Node),
// and the same figures from pkg/web.js in Debian's Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseEvents, validateEvents, summarize, slaCurve, hourOfWeek, formatDuration,
  withWorkingHours, businessSeconds,
} from 'chatwoot-reporting';
import { sampleBody, rng } from '../../www/sample.mjs';
import { launchChromium, newPage } from './chromium.mjs';

// ---------------------------------------------------------------------------------------
// Data: an autumn month (Europe/Berlin leaves DST on 2026-10-25, New York on 2026-11-01)
// and a spring one (New York on 2026-03-08, Berlin on 2026-03-29).
const DAY = 86400;
const AUTUMN_END = Date.UTC(2026, 10, 1) / 1000;
const SPRING_END = Date.UTC(2026, 3, 10) / 1000;
const autumnBody = sampleBody({ conversations: 400, days: 30, seed: 2024, end: AUTUMN_END });
const springBody = sampleBody({ conversations: 250, days: 40, seed: 99, end: SPRING_END });
const autumn = parseEvents(autumnBody);
const spring = parseEvents(springBody);
const autumnRows = JSON.parse(autumnBody);
const springRows = JSON.parse(springBody);

const T = (iso) => Date.parse(iso) / 1000;

// ---------------------------------------------------------------------------------------
// Reference computations (plain JavaScript, from the written definitions only).

/** Stats as index.d.ts defines them: quantiles by linear interpolation, h = (n − 1)·p. */
function refStats(values) {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  if (n === 0) return { count: 0, sum: 0, mean: null, min: null, max: null, median: null, p90: null, p95: null, p99: null };
  const q = (p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.ceil(h);
    return v[lo] + (h - lo) * (v[hi] - v[lo]);
  };
  const sum = v.reduce((a, b) => a + b, 0);
  return { count: n, sum, mean: sum / n, min: v[0], max: v[n - 1], median: q(0.5), p90: q(0.9), p95: q(0.95), p99: q(0.99) };
}

function assertStats(actual, expected, label) {
  for (const [k, e] of Object.entries(expected)) {
    const a = actual[k];
    if (e === null || k === 'count') assert.equal(a, e, `${label}.${k}`);
    else assert.ok(Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e)), `${label}.${k}: library ${a}, reference ${e}`);
  }
}

/** Event time (CHATWOOT.md: pair a conversation's events by event time, not by write time). */
function byEventTime(a, b) {
  const end = (e) => T(e.event_end_time ?? e.created_at);
  const start = (e) => T(e.event_start_time ?? e.created_at);
  return end(a) - end(b) || start(a) - start(b) || T(a.created_at) - T(b.created_at) || a.id - b.id;
}

function byConversation(rows) {
  const m = new Map();
  for (const e of rows) {
    if (e.conversation_id === null) continue;
    if (!m.has(e.conversation_id)) m.set(e.conversation_id, []);
    m.get(e.conversation_id).push(e);
  }
  for (const evs of m.values()) evs.sort(byEventTime);
  return m;
}

/**
 * firstResolution / fullResolution: per conversation, its earliest / latest conversation_resolved
 * value by event time. requesterWait: per conversation, the sum of its first_response and
 * reply_time values. oneTouch: resolved conversations with exactly one first_response, no
 * reply_time and no conversation_opened after a resolution; share over resolved conversations.
 * With businessHours, value_in_business_hours with nulls skipped.
 */
function refMetrics(rows, { businessHours = false } = {}) {
  const val = (e) => (businessHours ? e.value_in_business_hours : e.value);
  const first = [];
  const full = [];
  const wait = [];
  let resolved = 0;
  let oneTouch = 0;
  for (const evs of byConversation(rows).values()) {
    const res = evs.filter((e) => e.name === 'conversation_resolved');
    const resValued = res.filter((e) => val(e) !== null);
    if (resValued.length) {
      first.push(val(resValued[0]));
      full.push(val(resValued.at(-1)));
    }
    const waits = evs.filter((e) => (e.name === 'first_response' || e.name === 'reply_time') && val(e) !== null);
    if (waits.length) wait.push(waits.reduce((a, e) => a + val(e), 0));
    if (res.length) {
      resolved++;
      const firstResponses = evs.filter((e) => e.name === 'first_response').length;
      const replies = evs.filter((e) => e.name === 'reply_time').length;
      const reopened = evs.some((e, i) => e.name === 'conversation_opened'
        && evs.slice(0, i).some((r) => r.name === 'conversation_resolved'));
      if (firstResponses === 1 && replies === 0 && !reopened) oneTouch++;
    }
  }
  return {
    firstResolution: refStats(first),
    fullResolution: refStats(full),
    requesterWait: refStats(wait),
    oneTouch: { count: oneTouch, share: resolved ? oneTouch / resolved : null },
  };
}

function assertMetrics(summary, ref, label) {
  assertStats(summary.firstResolution, ref.firstResolution, `${label} firstResolution`);
  assertStats(summary.fullResolution, ref.fullResolution, `${label} fullResolution`);
  assertStats(summary.requesterWait, ref.requesterWait, `${label} requesterWait`);
  assertOneTouch(summary.oneTouch, ref.oneTouch, label);
}

function assertOneTouch(actual, expected, label) {
  assert.equal(actual.count, expected.count, `${label} oneTouch.count`);
  if (expected.share === null) assert.equal(actual.share, null, `${label} oneTouch.share`);
  else assert.ok(Math.abs(actual.share - expected.share) < 1e-12, `${label} oneTouch.share ${actual.share} ≠ ${expected.share}`);
}

/** Runs every check, then fails once with all the messages (so one test reports every mismatch). */
function allOf(checks) {
  const failures = [];
  for (const [label, fn] of checks) {
    try { fn(); } catch (e) { failures.push(`${label}: ${e.message.split('\n')[0]}`); }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${checks.length} checks failed:\n${failures.join('\n')}`);
}

/** 'activity': the events created in [since, until). */
const activity = (rows, since, until) => rows.filter((e) => T(e.created_at) >= since && T(e.created_at) < until);

/**
 * 'cohort': every event of the conversations that began in [since, until). A conversation
 * begins when it is created, which is the event_start_time of its resolutions and handoffs
 * (CHATWOOT.md's table) and bounds every other start: the earliest start of its events.
 */
function cohort(rows, since, until) {
  const began = new Map();
  for (const e of rows) {
    const t = T(e.event_start_time ?? e.created_at);
    if (!began.has(e.conversation_id) || t < began.get(e.conversation_id)) began.set(e.conversation_id, t);
  }
  return rows.filter((e) => began.get(e.conversation_id) >= since && began.get(e.conversation_id) < until);
}

/** Every Stats object anywhere in a summary (top level, byAgent, byInbox, previous). */
function allStats(obj, path = 'summary', out = []) {
  if (obj && typeof obj === 'object') {
    if ('count' in obj && 'medianCi' in obj) out.push([path, obj]);
    else for (const [k, v] of Object.entries(obj)) allStats(v, `${path}.${k}`, out);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Hand-built bodies.
const BASE = Date.UTC(2026, 3, 6, 10) / 1000; // Monday 2026-04-06 10:00 UTC
const iso = (s) => new Date(Math.round(s * 1000)).toISOString();
/** One event, times in seconds after BASE; value = end − start, written a second after the end. */
function ev(name, conv, start, end, extra = {}) {
  const { created = end + 1, ...fields } = extra;
  return {
    id: 0, name, value: end - start, value_in_business_hours: end - start,
    event_start_time: iso(BASE + start), event_end_time: iso(BASE + end),
    account_id: 1, inbox_id: 1, user_id: 7, conversation_id: conv,
    created_at: iso(BASE + created), updated_at: iso(BASE + created), ...fields,
  };
}
/** Ids 1, 2, … in the given order, which must already be ascending created_at. */
function numbered(events) {
  events.forEach((e, i) => { e.id = i + 1; });
  for (let i = 1; i < events.length; i++) assert.ok(events[i - 1].created_at <= events[i].created_at, 'hand-built body sorted');
  return events;
}
const bodyOf = (events) => JSON.stringify(numbered(events));

// =======================================================================================
// summarize: firstResolution, fullResolution, requesterWait, oneTouch

test('summarize: firstResolution, fullResolution, requesterWait and oneTouch equal plain JavaScript on the whole simulated month', () => {
  for (const businessHours of [false, true]) {
    const s = summarize(autumn, { businessHours });
    assertMetrics(s, refMetrics(autumnRows, { businessHours }), businessHours ? 'business' : 'wall');
    assert.deepEqual(summarize(autumnRows, { businessHours }), s, 'a plain array gives the same summary');
  }
  // The data must make the four differ from the simpler figures they could be confused with.
  const s = summarize(autumn);
  assert.ok(s.fullResolution.sum > s.firstResolution.sum, 'some conversations were reopened and resolved again');
  assert.ok(s.fullResolution.count < s.resolution.count, 'fewer conversations than resolutions');
  assert.ok(s.requesterWait.sum > s.firstResponse.sum, 'reply times add to the wait');
  assert.ok(s.oneTouch.count > 0 && s.oneTouch.count < s.fullResolution.count, `oneTouch ${s.oneTouch.count}`);
});

const ACTIVITY_WINDOWS = [
  [AUTUMN_END - 20 * DAY, AUTUMN_END - 13 * DAY],
  [AUTUMN_END - 13 * DAY, AUTUMN_END - 6 * DAY],
  [AUTUMN_END - 9 * DAY + 13 * 3600 + 37 * 60 + 11, AUTUMN_END - 5 * DAY],
];

/** For each activity window (and its previous window), wall-clock and business hours: [label, summary, reference]. */
function activityCases() {
  const out = [];
  for (const [since, until] of ACTIVITY_WINDOWS) {
    const label = `activity [${iso(since)}, ${iso(until)})`;
    for (const businessHours of [false, true]) {
      const s = summarize(autumn, { since, until, businessHours });
      const b = businessHours ? ' business' : '';
      out.push([`${label}${b}`, s, refMetrics(activity(autumnRows, since, until), { businessHours })]);
      out.push([`${label}${b} previous`, s.previous, refMetrics(activity(autumnRows, 2 * since - until, since), { businessHours })]);
    }
  }
  return out;
}

test('summarize with {since, until} (activity): events, and requesterWait over the events created in the window (and in the previous one)', () => {
  for (const [since, until] of ACTIVITY_WINDOWS) {
    const s = summarize(autumn, { since, until });
    assert.equal(s.events, activity(autumnRows, since, until).length);
    assert.ok(s.previous, 'previous present');
    assert.equal(s.previous.events, activity(autumnRows, 2 * since - until, since).length);
  }
  allOf(activityCases().map(([label, s, ref]) => [label, () => assertStats(s.requesterWait, ref.requesterWait, 'requesterWait')]));
});

/**
 * The activity window's per-conversation figures, as index.d.ts documents them: each
 * conversation is judged on its whole history in the set (its first close is its first,
 * its full resolution its latest, one touch means never reopened), and each figure is
 * counted in the window where that resolution was written. So a window's first
 * resolutions never change when later data arrives, while a full resolution or a one
 * touch can move to a later window when the conversation is reopened and closed again,
 * as in Zendesk and Intercom.
 */
function refActivityHistory(rows, since, until, { businessHours = false } = {}) {
  const val = (e) => (businessHours ? e.value_in_business_hours : e.value);
  const inWindow = (e) => T(e.created_at) >= since && T(e.created_at) < until;
  const first = [];
  const full = [];
  let resolved = 0;
  let oneTouch = 0;
  for (const evs of byConversation(rows).values()) {
    const res = evs.filter((e) => e.name === 'conversation_resolved');
    const resValued = res.filter((e) => val(e) !== null);
    if (resValued.length && inWindow(resValued[0])) first.push(val(resValued[0]));
    if (resValued.length && inWindow(resValued.at(-1))) full.push(val(resValued.at(-1)));
    if (res.some(inWindow)) {
      resolved++;
      const firstResponses = evs.filter((e) => e.name === 'first_response').length;
      const replies = evs.filter((e) => e.name === 'reply_time').length;
      const reopened = evs.some((e, i) => e.name === 'conversation_opened'
        && evs.slice(0, i).some((r) => r.name === 'conversation_resolved'));
      if (firstResponses === 1 && replies === 0 && !reopened) oneTouch++;
    }
  }
  return {
    firstResolution: refStats(first),
    fullResolution: refStats(full),
    oneTouch: { count: oneTouch, share: resolved ? oneTouch / resolved : null },
  };
}

test('summarize with {since, until} (activity): firstResolution, fullResolution and oneTouch judged on each conversation\'s history, counted where the resolution was written', () => {
  const checks = [];
  for (const [since, until] of ACTIVITY_WINDOWS) {
    for (const businessHours of [false, true]) {
      const label = `activity [${iso(since)}, ${iso(until)})${businessHours ? ' business' : ''}`;
      const s = summarize(autumn, { since, until, businessHours });
      const ref = refActivityHistory(autumnRows, since, until, { businessHours });
      checks.push([`${label} firstResolution`, () => assertStats(s.firstResolution, ref.firstResolution, 'firstResolution')]);
      checks.push([`${label} fullResolution`, () => assertStats(s.fullResolution, ref.fullResolution, 'fullResolution')]);
      checks.push([`${label} oneTouch`, () => assertOneTouch(s.oneTouch, ref.oneTouch, 'oneTouch')]);
    }
  }
  allOf(checks);
});

test("summarize with window: 'cohort' equals plain JavaScript on every event of the conversations that began in the window", () => {
  for (const [since, until] of [[AUTUMN_END - 20 * DAY, AUTUMN_END - 13 * DAY], [AUTUMN_END - 13 * DAY, AUTUMN_END - 6 * DAY]]) {
    const label = `cohort [${iso(since)}, ${iso(until)})`;
    const rows = cohort(autumnRows, since, until);
    const s = summarize(autumn, { since, until, window: 'cohort' });
    assert.equal(s.events, rows.length, `${label} events`);
    assert.equal(s.conversations, new Set(rows.map((e) => e.conversation_id)).size, `${label} conversations`);
    assertMetrics(s, refMetrics(rows), label);
    assertMetrics(s.previous, refMetrics(cohort(autumnRows, 2 * since - until, since)), `${label} previous`);
    // The two windows must really differ on this data, else the test would not tell them apart.
    const a = summarize(autumn, { since, until });
    assert.notEqual(a.events, s.events, `${label}: cohort and activity differ`);
    assert.ok(rows.some((e) => T(e.created_at) >= until), `${label}: the cohort reaches past the window`);
  }
});

test('summarize: event-time pairing, first openings, reopenings and bot-only resolutions in a hand-built body', () => {
  const events = [
    // Conversation 1: resolved at 1000 (value 1000), reopened at 2000, resolved at 5000
    // (value 5000); the jobs landed out of order, so by created_at the later close comes first.
    ev('first_response', 1, 0, 100),
    ev('conversation_opened', 1, 1000, 2000, { created: 2001 }),
    ev('conversation_resolved', 1, 0, 5000, { created: 5005 }),
    ev('conversation_resolved', 1, 0, 1000, { created: 5010 }),
    // Conversation 2: a bot handoff (its first opening, value 0) then one human reply: one touch.
    ev('conversation_bot_handoff', 2, 0, 600, { created: 6000 }),
    ev('conversation_opened', 2, 600, 600, { created: 6000.5, value: 0, value_in_business_hours: 0 }),
    ev('first_response', 2, 600, 900, { created: 6001 }),
    ev('conversation_resolved', 2, 0, 7000, { created: 7001 }),
    // Conversation 3: one reply, resolved, reopened without another reply, resolved: not one touch.
    ev('first_response', 3, 7000, 7100),
    ev('conversation_resolved', 3, 7000, 7500),
    ev('conversation_opened', 3, 7500, 8000),
    ev('conversation_resolved', 3, 7000, 9000),
    // Conversation 4: resolved by a bot, no human reply: in the denominator only.
    ev('conversation_resolved', 4, 9000, 9500),
    ev('conversation_bot_resolved', 4, 9000, 9500, { created: 9501.5 }),
    // Conversation 5: answered, with replies, not resolved.
    ev('first_response', 5, 10000, 10030),
    ev('reply_time', 5, 10100, 10200),
    ev('reply_time', 5, 10300, 10350),
  ];
  const body = bodyOf(events);
  const set = parseEvents(body);
  assert.deepEqual(set.issues, [], 'a consistent body (out-of-order writes included) raises no data check');
  const s = summarize(set);
  assertMetrics(s, refMetrics(JSON.parse(body)), 'hand-built');
  // The same figures written out, so a wrong reference cannot pass unnoticed.
  assert.deepEqual([s.firstResolution.count, s.firstResolution.sum], [4, 1000 + 7000 + 500 + 500]);
  assert.deepEqual([s.fullResolution.count, s.fullResolution.sum], [4, 5000 + 7000 + 2000 + 500]);
  assert.deepEqual([s.requesterWait.count, s.requesterWait.sum], [4, 100 + 300 + 100 + (30 + 100 + 50)]);
  assert.deepEqual(s.oneTouch, { count: 1, share: 1 / 4 });
});

// =======================================================================================
// medianCi

test('medianCi: contains the median whenever non-null, null below 6 values, its ends are values of the data', () => {
  const summaries = [
    summarize(autumn), summarize(autumn, { businessHours: true }),
    summarize(autumn, { since: AUTUMN_END - 4 * DAY, until: AUTUMN_END - 2 * DAY }),
    summarize(autumn, { since: AUTUMN_END - 4 * DAY, until: AUTUMN_END - 2 * DAY, window: 'cohort' }),
  ];
  let small = 0;
  let large = 0;
  for (const s of summaries) {
    for (const [path, st] of allStats(s)) {
      if (st.count < 6) {
        small++;
        assert.equal(st.medianCi, null, `${path}: count ${st.count}`);
        continue;
      }
      large++;
      assert.ok(Array.isArray(st.medianCi) && st.medianCi.length === 2, `${path}: an interval at count ${st.count}`);
      const [lo, hi] = st.medianCi;
      assert.ok(st.min <= lo && lo <= st.median && st.median <= hi && hi <= st.max, `${path}: ${lo} ≤ ${st.median} ≤ ${hi}`);
    }
  }
  assert.ok(small > 0 && large > 0, `both cases met (${small} small, ${large} large)`);
  const s = summarize(autumn);
  for (const [key, name] of [['firstResponse', 'first_response'], ['replyTime', 'reply_time'], ['resolution', 'conversation_resolved']]) {
    const values = new Set(autumnRows.filter((e) => e.name === name).map((e) => e.value));
    assert.ok(values.has(s[key].medianCi[0]) && values.has(s[key].medianCi[1]), `${key}: order statistics`);
    assert.ok(s[key].medianCi[1] - s[key].medianCi[0] < s[key].max - s[key].min, `${key}: narrower than the range`);
  }
  // n = 5: no interval of order statistics reaches 95 % (1 − 2/32); n = 6: only [x(1), x(6)] does (1 − 2/64).
  const sample = (n) => summarize(parseEvents(bodyOf(Array.from({ length: n }, (_, i) => ev('first_response', 100 + i, i * 1000, i * 1000 + 60 * (i * 7 % 11 + 1))))));
  assert.equal(sample(5).firstResponse.medianCi, null);
  const six = sample(6).firstResponse;
  assert.deepEqual(six.medianCi, [six.min, six.max]);
  assert.equal(summarize([]).firstResponse.medianCi, null);
});

test('medianCi covers the true median about 95 % of the time (400 exponential samples of 30, built as bodies)', () => {
  const r = rng(20260413);
  const mean = 3600;
  const trueMedian = mean * Math.LN2; // exponential: median = ln 2 / λ
  const samples = 400;
  let covered = 0;
  for (let k = 0; k < samples; k++) {
    const events = [];
    for (let i = 0; i < 30; i++) {
      const v = Math.round(-Math.log(1 - r()) * mean * 1000) / 1000;
      const start = k * 1e5 + i * 3000;
      events.push(ev('first_response', i + 1, start, start + v));
    }
    events.sort((a, b) => a.created_at.localeCompare(b.created_at));
    const set = parseEvents(bodyOf(events));
    const ci = summarize(set).firstResponse.medianCi;
    assert.ok(ci, `sample ${k}: an interval`);
    if (ci[0] <= trueMedian && trueMedian <= ci[1]) covered++;
  }
  const rate = covered / samples;
  assert.ok(rate >= 0.92 && rate <= 0.99, `coverage ${rate}`);
});

// =======================================================================================
// slaCurve

const LADDER = [60, 300, 900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800, 259200, 604800, 1209600, 2592000];
const METRICS = { firstResponse: 'first_response', resolution: 'conversation_resolved', replyTime: 'reply_time' };

function refCurve(rows, metric, thresholds, businessHours = false) {
  const values = rows.filter((e) => e.name === METRICS[metric])
    .map((e) => (businessHours ? e.value_in_business_hours : e.value)).filter((v) => v !== null);
  return thresholds.map((threshold) => {
    const met = values.filter((v) => v <= threshold).length;
    return { threshold, met, total: values.length, share: values.length ? met / values.length : null };
  });
}

function assertCurve(actual, expected, label) {
  assert.equal(actual.length, expected.length, `${label}: points`);
  expected.forEach((e, i) => {
    const a = actual[i];
    assert.deepEqual([a.threshold, a.met, a.total], [e.threshold, e.met, e.total], `${label} at ${e.threshold}`);
    if (e.share === null) assert.equal(a.share, null, `${label} share at ${e.threshold}`);
    else assert.ok(Math.abs(a.share - e.share) < 1e-12, `${label} share at ${e.threshold}`);
  });
  for (let i = 1; i < actual.length; i++) {
    assert.ok(actual[i].threshold > actual[i - 1].threshold, `${label}: thresholds ascending, each once`);
    assert.ok(actual[i].met >= actual[i - 1].met, `${label}: met never falls`);
  }
}

test('slaCurve: every point is a plain count, the default ladder, sorted unique thresholds, business hours skip nulls', () => {
  for (const metric of Object.keys(METRICS)) {
    for (const businessHours of [false, true]) {
      const curve = slaCurve(autumn, { metric, businessHours });
      assert.deepEqual(curve.map((p) => p.threshold), LADDER, `${metric}: the default ladder`);
      assertCurve(curve, refCurve(autumnRows, metric, LADDER, businessHours), `${metric}${businessHours ? ' business' : ''}`);
      assert.ok(curve.some((p) => p.met > 0 && p.met < p.total), `${metric}: the data spans the ladder`);
    }
  }
  const given = slaCurve(autumnRows, { metric: 'firstResponse', thresholds: [7200, 60, 3600, 60, 0, 3 * DAY, 7200] });
  assert.deepEqual(given.map((p) => p.threshold), [0, 60, 3600, 7200, 3 * DAY]);
  assertCurve(given, refCurve(autumnRows, 'firstResponse', [0, 60, 3600, 7200, 3 * DAY]), 'given thresholds');
  // Exactly at a threshold counts as met.
  const at = autumnRows.find((e) => e.name === 'reply_time').value;
  assertCurve(slaCurve(autumn, { metric: 'replyTime', thresholds: [at - 1, at] }), refCurve(autumnRows, 'replyTime', [at - 1, at]), 'at the threshold');

  // Business hours: null values are skipped, not counted as met or as missed.
  const withNulls = autumnRows.map((e, i) => (e.name === 'first_response' && i % 3 === 0 ? { ...e, value_in_business_hours: null } : e));
  const nullSet = parseEvents(JSON.stringify(withNulls));
  const bh = slaCurve(nullSet, { metric: 'firstResponse', businessHours: true });
  const expected = refCurve(withNulls, 'firstResponse', LADDER, true);
  assert.ok(expected[0].total < withNulls.filter((e) => e.name === 'first_response').length, 'some nulls');
  assertCurve(bh, expected, 'business hours with nulls');
  assert.equal(slaCurve(nullSet, { metric: 'firstResponse' })[0].total, withNulls.filter((e) => e.name === 'first_response').length, 'wall clock keeps them');

  // Nothing to measure: total 0, share null.
  const none = slaCurve(autumn.filter({ names: ['first_response'] }), { metric: 'replyTime', thresholds: [60, 3600] });
  assert.deepEqual(none, [{ threshold: 60, met: 0, total: 0, share: null }, { threshold: 3600, met: 0, total: 0, share: null }]);
});

// =======================================================================================
// hourOfWeek

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const formatters = new Map();
function localWeekdayHour(ms, timezone) {
  if (typeof timezone === 'number') {
    const d = new Date(ms + timezone * 3600000);
    return [d.getUTCDay(), d.getUTCHours()];
  }
  let fmt = formatters.get(timezone);
  if (!fmt) formatters.set(timezone, (fmt = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' })));
  const p = Object.fromEntries(fmt.formatToParts(ms).map(({ type, value }) => [type, value]));
  return [WEEKDAYS.indexOf(p.weekday), Number(p.hour)];
}

function refHourOfWeek(rows, { name, timezone = 'UTC', weekStart = 'sunday' } = {}) {
  const grid = Array.from({ length: 7 }, () => Array(24).fill(0));
  for (const e of rows) {
    if (name !== undefined && e.name !== name) continue;
    const [day, hour] = localWeekdayHour(Date.parse(e.created_at), timezone);
    grid[weekStart === 'monday' ? (day + 6) % 7 : day][hour]++;
  }
  return grid;
}

test('hourOfWeek equals a plain Intl.DateTimeFormat count in UTC, Europe/Berlin and America/New_York across DST changes, both week starts, by name', () => {
  const sum = (grid) => grid.flat().reduce((a, b) => a + b, 0);
  // The data straddle each change, and a fixed offset would count differently.
  const straddles = (rows, at) => rows.some((e) => T(e.created_at) < at) && rows.some((e) => T(e.created_at) >= at);
  assert.ok(straddles(autumnRows, Date.UTC(2026, 9, 25, 1) / 1000) && straddles(autumnRows, Date.UTC(2026, 10, 1, 6) / 1000));
  assert.ok(straddles(springRows, Date.UTC(2026, 2, 29, 1) / 1000) && straddles(springRows, Date.UTC(2026, 2, 8, 7) / 1000));
  for (const [rows, fixed] of [[autumnRows, [['Europe/Berlin', 1, 2], ['America/New_York', -5, -4]]], [springRows, [['Europe/Berlin', 1, 2], ['America/New_York', -5, -4]]]]) {
    for (const [zone, winter, summer] of fixed) {
      const ref = refHourOfWeek(rows, { timezone: zone });
      assert.notDeepEqual(ref, refHourOfWeek(rows, { timezone: winter }), `${zone}: not a fixed ${winter}`);
      assert.notDeepEqual(ref, refHourOfWeek(rows, { timezone: summer }), `${zone}: not a fixed ${summer}`);
    }
  }
  let cases = 0;
  for (const [set, rows, season] of [[autumn, autumnRows, 'autumn'], [spring, springRows, 'spring']]) {
    for (const timezone of [undefined, 'UTC', 'Europe/Berlin', 'America/New_York', 5.5, -3]) {
      for (const weekStart of [undefined, 'sunday', 'monday']) {
        for (const name of [undefined, 'conversation_opened', 'first_response', 'no_such_event']) {
          const options = {};
          if (timezone !== undefined) options.timezone = timezone;
          if (weekStart !== undefined) options.weekStart = weekStart;
          if (name !== undefined) options.name = name;
          const label = `${season} ${JSON.stringify(options)}`;
          const grid = hourOfWeek(set, options);
          assert.equal(grid.length, 7, label);
          assert.ok(grid.every((row) => row.length === 24), label);
          assert.deepEqual(grid, refHourOfWeek(rows, options), label);
          assert.equal(sum(grid), rows.filter((e) => name === undefined || e.name === name).length, `${label}: sum`);
          cases++;
        }
      }
    }
  }
  assert.equal(cases, 2 * 6 * 3 * 4);
  assert.deepEqual(hourOfWeek(autumnRows, { timezone: 'Europe/Berlin', weekStart: 'monday' }), hourOfWeek(autumn, { timezone: 'Europe/Berlin', weekStart: 'monday' }), 'a plain array gives the same grid');
});

// =======================================================================================
// Data checks in set.issues

/** One warning at the event `index`, no event dropped, in both modes and in validateEvents. */
function assertOneWarning(events, index, label) {
  const body = bodyOf(events);
  for (const mode of ['strict', 'lenient']) {
    const set = parseEvents(body, { mode });
    assert.equal(set.length, events.length, `${label} (${mode}): no event dropped`);
    assert.equal(set.issues.length, 1, `${label} (${mode}): ${JSON.stringify(set.issues)}`);
    const [w] = set.issues;
    assert.equal(w.severity, 'warning', `${label}: severity`);
    assert.match(w.path, /^\[\d+\](\.[a-z_]+)?$/, `${label}: path`);
    assert.equal(w.path.match(/^\[(\d+)\]/)[1], String(index), `${label}: names the later event`);
    assert.equal(typeof w.code, 'string');
    assert.ok(w.code.length > 0, `${label}: a code`);
    assert.equal(typeof w.message, 'string');
    assert.match(w.message, /^[A-Z`][^\n]{15,}[.!]$/, `${label}: one plain sentence: ${w.message}`);
  }
  assert.deepEqual(validateEvents(body), parseEvents(body).issues, `${label}: validateEvents reports it too`);
}

test('data checks: a warning each for a second first_response, a second bot handoff, a reply after the last resolution, a shrinking resolution; none for clean bodies', () => {
  assertOneWarning([ev('first_response', 1, 0, 100), ev('first_response', 1, 200, 300)], 1, 'two first_response');
  assertOneWarning([
    ev('conversation_bot_handoff', 1, 0, 60),
    ev('conversation_opened', 1, 60, 60, { created: 61.5, value: 0, value_in_business_hours: 0 }),
    ev('first_response', 1, 60, 200),
    ev('conversation_bot_handoff', 1, 0, 400),
  ], 3, 'a second conversation_bot_handoff');
  assertOneWarning([
    ev('first_response', 1, 0, 100), ev('conversation_resolved', 1, 0, 1000), ev('reply_time', 1, 1500, 1600),
  ], 2, 'reply_time after the last resolution, no reopening');
  assertOneWarning([
    ev('first_response', 1, 0, 100), ev('conversation_resolved', 1, 0, 5000),
    ev('conversation_opened', 1, 5000, 6000), ev('conversation_resolved', 1, 6000, 9000),
  ], 3, 'resolution values that shrink across a reopening');

  // Clean: the same shapes done right, Chatwoot's 1 s rounding, and the simulator's data.
  const clean = [
    [ev('first_response', 1, 0, 100), ev('reply_time', 1, 200, 300)],
    [ev('first_response', 1, 0, 100), ev('conversation_resolved', 1, 0, 1000), ev('conversation_opened', 1, 1000, 2000),
      ev('reply_time', 1, 2000, 2100), ev('conversation_resolved', 1, 0, 3000)],
    [ev('conversation_bot_handoff', 1, 0, 60), ev('first_response', 1, 60, 200), ev('conversation_bot_handoff', 2, 0, 400)],
    [ev('first_response', 1, 0, 100, { value_in_business_hours: 101 })],
  ];
  for (const events of clean) {
    const set = parseEvents(bodyOf(events));
    assert.deepEqual(set.issues, [], JSON.stringify(events.map((e) => e.name)));
  }
  assert.deepEqual(autumn.issues, []);
  assert.deepEqual(spring.issues, []);
});

test('data check: business seconds above the value by more than 1 s is a warning that keeps the event (README, issue 13)', () => {
  // CHATWOOT.md: stored business seconds are rounded, so they may exceed `value` by 1; more is
  // suspicious. The data checks are warnings that never drop an event.
  allOf([
    ['2 s above value', () => assertOneWarning([ev('first_response', 1, 0, 100, { value_in_business_hours: 102 })], 0, 'business seconds 2 s above value')],
    ['what Chatwoot stores across the spring change', () => {
      // The working_hours gem under an open-all-day Europe/Berlin inbox, for Sun 2026-03-29
      // 00:00 → Mon 01:00 (86 400 s elapsed): 86 340 for Sunday's 00:00–23:59 window on the
      // wall clock, then 3 600 on Monday = 89 940. A real server sends this; the package's own
      // withWorkingHours({ chatwootCompat }) writes it.
      const all = { timezone: 'Europe/Berlin', weekly: Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['00:00', '23:59']]])) };
      const stored = withWorkingHours([{
        id: 1, name: 'first_response', value: 86400, value_in_business_hours: 0,
        event_start_time: '2026-03-28T23:00:00.000Z', event_end_time: '2026-03-29T23:00:00.000Z', account_id: 1, inbox_id: 1,
        user_id: 2, conversation_id: 3, created_at: '2026-03-29T23:00:01.000Z', updated_at: '2026-03-29T23:00:01.000Z',
      }], all, { chatwootCompat: true }).toArray();
      assert.equal(stored[0].value_in_business_hours, 89940);
      assertOneWarning(stored, 0, 'stored by Chatwoot');
    }],
  ]);
});

// =======================================================================================
// formatDuration 'report'

/** Reports::TimeFormatPresenter as API.md/CHATWOOT.md describe it: the two largest non-zero units, plurals, N/A for 0. */
function refReport(seconds) {
  if (seconds === null || Number.isNaN(seconds) || seconds === 0) return 'N/A';
  let rest = seconds;
  const parts = [];
  for (const [unit, size] of [['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]]) {
    const q = Math.floor(rest / size);
    rest -= q * size;
    if (q) parts.push(`${q} ${unit}${q === 1 ? '' : 's'}`);
  }
  return parts.slice(0, 2).join(' ');
}

test("formatDuration(s, 'report'): Chatwoot's CSV style", () => {
  const fixed = {
    90061: '1 day 1 hour', 3601: '1 hour 1 second', 125: '2 minutes 5 seconds', 1: '1 second',
    86401: '1 day 1 second', 7500: '2 hours 5 minutes', 60: '1 minute', 120: '2 minutes', 3600: '1 hour',
    172800: '2 days', 7201: '2 hours 1 second', 59: '59 seconds', [400 * 86400 + 3600]: '400 days 1 hour',
  };
  for (const [s, text] of Object.entries(fixed)) assert.equal(formatDuration(Number(s), 'report'), text, s);
  for (const s of [0, null, NaN]) assert.equal(formatDuration(s, 'report'), 'N/A', String(s));
  const r = rng(77);
  const sweep = [59, 61, 3599, 86399, 86400 + 59, 2 * 86400 + 3600 + 60 + 1];
  for (let i = 0; i < 3000; i++) sweep.push(1 + Math.floor(r() ** 3 * 1e8));
  for (const s of sweep) assert.equal(formatDuration(s, 'report'), refReport(s), String(s));
  assert.notEqual(formatDuration(125, 'report'), formatDuration(125), 'report differs from the UI style');
});

// =======================================================================================
// chatwootCompat

test('businessSeconds and withWorkingHours with chatwootCompat: whole seconds and the working_hours gem on DST days; exact time without it', () => {
  const S = (d) => Date.parse(d) / 1000;
  const sundays = { timezone: 'Europe/Berlin', weekly: { sun: [['00:00', '23:59']] } };
  const compat = { chatwootCompat: true };
  // The whole local day, midnight to midnight (CHATWOOT.md "More facts"): the gem takes
  // min(elapsed span, wall-clock rest of the window) = 82 800 in spring, 86 340 in autumn.
  const springDay = [S('2026-03-28T23:00:00Z'), S('2026-03-29T22:00:00Z')]; // 23 h
  const autumnDay = [S('2026-10-24T22:00:00Z'), S('2026-10-25T23:00:00Z')]; // 25 h
  const plainDay = [S('2026-04-04T22:00:00Z'), S('2026-04-05T22:00:00Z')];
  assert.equal(businessSeconds(...springDay, sundays, compat), 82800);
  assert.equal(businessSeconds(...autumnDay, sundays, compat), 86340);
  assert.equal(businessSeconds(...plainDay, sundays, compat), 86340);
  // Exact: the time that elapsed between 00:00 and 23:59 on the wall clock.
  assert.equal(businessSeconds(...springDay, sundays), 22 * 3600 + 59 * 60);
  assert.equal(businessSeconds(...autumnDay, sundays), 24 * 3600 + 59 * 60);
  assert.equal(businessSeconds(...plainDay, sundays), 86340);
  // A span well past the day: the gem takes the window's wall-clock length (86 340) on both days.
  assert.equal(businessSeconds(S('2026-03-28T12:00:00Z'), S('2026-03-30T12:00:00Z'), sundays, compat), 86340);
  assert.equal(businessSeconds(S('2026-03-28T12:00:00Z'), S('2026-03-30T12:00:00Z'), sundays), 82740);
  // Whole seconds and reversed spans.
  const t0 = S('2026-04-05T10:00:00Z');
  assert.equal(businessSeconds(t0 + 0.4, t0 + 10, sundays), 9.6);
  assert.equal(businessSeconds(t0 + 0.4, t0 + 10, sundays, compat), 10);
  assert.equal(businessSeconds(t0 + 10, t0, sundays, compat), -10);
  assert.equal(businessSeconds(t0 + 10, t0, sundays), 0);

  const event = (id, name, [start, end], conv = id, value = end - start) => ({
    id, name, value, value_in_business_hours: 0, event_start_time: iso(start), event_end_time: iso(end),
    account_id: 1, inbox_id: 1, user_id: 2, conversation_id: conv, created_at: iso(end + 1 + id), updated_at: iso(end + 1 + id),
  });
  const events = [
    event(1, 'first_response', springDay),
    event(2, 'conversation_resolved', [t0 - 7200, t0 - 3600], 5),
    event(3, 'reply_time', [t0 + 0.4, t0 + 10]),
    // A first opening: value 0 even though start and end differ (CHATWOOT.md), so 0 business seconds.
    event(4, 'conversation_opened', [t0 - 3600, t0 + 20], 4, 0),
    // A reopening (after conversation 5's resolution): measured like any other span.
    event(5, 'conversation_opened', [t0 - 3600, t0 + 30], 5),
    event(6, 'first_response', autumnDay),
  ];
  const bh = (set) => set.toArray().map((e) => e.value_in_business_hours);
  assert.deepEqual(bh(withWorkingHours(events, sundays, compat)), [82800, 3600, 10, 0, 3630, 86340]);
  assert.deepEqual(bh(withWorkingHours(events, sundays)), [82740, 3600, 10, 0, 3630, 89940]);
  assert.deepEqual(bh(withWorkingHours(events, () => sundays, compat)), [82800, 3600, 10, 0, 3630, 86340], 'per-inbox form');
});

// =======================================================================================
// Chromium: pkg/web.js gives the same figures as Node

const PKG = fileURLToPath(new URL('../../pkg/', import.meta.url));
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html' };
const PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>metrics</title></head><body></body></html>';

let server;
let url;
let browser;
before(async () => {
  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    const file = normalize(join(PKG, path.replace(/^\/pkg\//, '')));
    if (!path.startsWith('/pkg/') || !file.startsWith(PKG.endsWith(sep) ? PKG : PKG + sep)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const data = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(data);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

/** The figures, computed by whichever module `m` is (Node's or the page's). Also stringified into the page. */
function figures(m, body, autumnEnd) {
  const set = m.parseEvents(body);
  const since = autumnEnd - 13 * 86400;
  const until = autumnEnd - 6 * 86400;
  const H = { timezone: 'Europe/Berlin', weekly: { sun: [['00:00', '23:59']] } };
  const pick = (s) => ({ firstResolution: s.firstResolution, fullResolution: s.fullResolution, requesterWait: s.requesterWait, oneTouch: s.oneTouch, firstResponse: s.firstResponse, previous: s.previous && pick(s.previous) });
  return {
    length: set.length,
    issues: set.issues,
    summary: pick(m.summarize(set)),
    business: pick(m.summarize(set, { businessHours: true })),
    activity: pick(m.summarize(set, { since, until })),
    cohort: pick(m.summarize(set, { since, until, window: 'cohort' })),
    full: m.summarize(set),
    sla: ['firstResponse', 'resolution', 'replyTime'].map((metric) => m.slaCurve(set, { metric })),
    slaBusiness: m.slaCurve(set, { metric: 'firstResponse', businessHours: true, thresholds: [3600, 60, 86400] }),
    hours: [
      m.hourOfWeek(set),
      m.hourOfWeek(set, { timezone: 'Europe/Berlin', weekStart: 'monday' }),
      m.hourOfWeek(set, { timezone: 'America/New_York', name: 'conversation_opened' }),
    ],
    report: [90061, 3601, 125, 1, 0, null, NaN].map((s) => m.formatDuration(s, 'report')),
    compat: [
      m.businessSeconds(1774738800, 1774821600, H, { chatwootCompat: true }),
      m.businessSeconds(1792879200, 1792969200, H, { chatwootCompat: true }),
      m.businessSeconds(1774738800, 1774821600, H),
    ],
  };
}

test('pkg/web.js in headless Chromium gives the same figures as Node', async () => {
  browser = await launchChromium();
  const { page, errors } = await newPage(browser);
  await page.goto(`${url}/`);
  const body = sampleBody({ conversations: 250, days: 30, seed: 2024, end: AUTUMN_END });
  const inPage = await page.evaluate(async ({ body, autumnEnd, source }) => {
    const m = await import('/pkg/web.js');
    await m.init();
    // eslint-disable-next-line no-new-func
    const run = new Function(`return (${source})`)();
    return JSON.stringify(run(m, body, autumnEnd));
  }, { body, autumnEnd: AUTUMN_END, source: figures.toString() });
  const inNode = JSON.stringify(figures(await import('chatwoot-reporting'), body, AUTUMN_END));
  const browserFigures = JSON.parse(inPage);
  assert.ok(browserFigures.summary.oneTouch.count > 0 && browserFigures.length > 1000, 'real figures');
  assert.deepEqual(browserFigures, JSON.parse(inNode));
  assert.equal(inPage, inNode, 'byte for byte');
  assert.deepEqual(errors, []);
});
