// Plain arrays of events go into columns without a JSON.stringify round trip (issue 16),
// and that path gives exactly what the JSON path gives: the same set, issues and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEvents, summarize, timeseries, conversationRows, EventSet } from 'chatwoot-reporting';
import { toColumns } from '../../pkg/objects.js';
import { sampleBody } from '../../www/sample.mjs';

const events = JSON.parse(sampleBody({ conversations: 400, days: 30, seed: 5 }));

/** A base event in Chatwoot's form; `over` replaces fields. */
const ev = (i, over = {}) => ({
  id: 1000 + i, name: 'first_response', value: 120 + i, value_in_business_hours: 60,
  event_start_time: '2026-04-07T14:00:00.000Z', event_end_time: '2026-04-07T14:02:00.000Z',
  account_id: 1, inbox_id: 2, user_id: 12, conversation_id: 40 + i,
  created_at: `2026-04-07T14:02:0${i}.000Z`, updated_at: `2026-04-07T14:02:0${i}.000Z`,
  ...over,
});

/** What a call gives: its result, or the error's class, code and message. */
function outcome(call) {
  try {
    return { result: call() };
  } catch (e) {
    return { error: `${e?.constructor?.name} ${e?.code}: ${e?.message}` };
  }
}

/** The set the JSON path makes of `array`, as events and issues. */
function viaJson(array, opts) {
  return outcome(() => {
    const s = parseEvents(JSON.stringify(array), opts);
    try {
      return { events: s.toArray(), issues: s.issues };
    } finally {
      s.free();
    }
  });
}

/** The set the columns path makes of `array` (null: it leaves the array to the JSON path). */
function viaColumns(array, opts) {
  const columns = toColumns(array);
  if (columns === null) return null;
  return outcome(() => {
    const s = EventSet.fromColumns(columns, opts);
    try {
      return { events: s.toArray(), issues: s.issues };
    } finally {
      s.free();
    }
  });
}

test('summarize and timeseries on a plain array make no JSON.stringify round trip', () => {
  const stringify = JSON.stringify;
  let calls = 0;
  JSON.stringify = (...args) => {
    calls += 1;
    return stringify(...args);
  };
  try {
    summarize(events);
    timeseries(events, { metric: 'avg_first_response_time' });
    conversationRows(events);
  } finally {
    JSON.stringify = stringify;
  }
  assert.equal(calls, 0, 'JSON.stringify was called');
});

test('the columns path gives the same figures as the JSON path on real-looking data', () => {
  const set = parseEvents(JSON.stringify(events));
  try {
    assert.deepEqual(summarize(events, { businessHours: true }), summarize(set, { businessHours: true }));
    assert.deepEqual(timeseries(events, { metric: 'avg_resolution_time', groupBy: 'week' }),
      timeseries(set, { metric: 'avg_resolution_time', groupBy: 'week' }));
    assert.deepEqual(conversationRows(events), conversationRows(set));
  } finally {
    set.free();
  }
});

// Each case: events the columns path takes (`columns: true`) or must leave to the JSON path.
const CASES = [
  ['well-formed', [ev(0), ev(1), ev(2)], true],
  ['nulls where the columns allow them', [ev(0, { user_id: null, inbox_id: null, value_in_business_hours: null, event_start_time: null, event_end_time: null, conversation_id: null })], true],
  ['a negative value (an error)', [ev(0), ev(1, { value: -5 })], true],
  ['business seconds above the value (a warning)', [ev(0, { value: 10, value_in_business_hours: 70 })], true],
  ['a repeated id', [ev(0), ev(1, { id: 1000 })], true],
  ['created_at out of order', [ev(2), ev(1)], true],
  ['an unknown name', [ev(0, { name: 'conversation_snoozed' })], true],
  ['end before start', [ev(0, { event_end_time: '2026-04-07T13:00:00.000Z' })], true],
  ['another account', [ev(0, { account_id: 2 })], true],
  ['a leap second', [ev(0, { created_at: '2026-04-07T14:02:60.000Z', updated_at: '2026-04-07T14:02:60.000Z' })], true],
  ['29 February of a leap year', [ev(0, { created_at: '2028-02-29T10:00:00.000Z', updated_at: '2028-02-29T10:00:00.000Z' })], true],
  ['years 0000 and 0099', [ev(0, { event_start_time: '0000-01-01T00:00:00.000Z', event_end_time: '0099-03-01T00:00:00.000Z' })], true],
  ['year 9999', [ev(0, { created_at: '9999-12-31T23:59:59.999Z', updated_at: '9999-12-31T23:59:59.999Z' })], true],
  ['-0 as a value', [ev(0, { value: -0, value_in_business_hours: -0 })], true],
  ['extra fields', [ev(0, { conversation: { id: 4 }, extra: 'x' })], true],
  // Left to the decoder, which words each of these.
  ['29 February of another year', [ev(0, { created_at: '2026-02-29T10:00:00.000Z' })], false],
  ['an offset timestamp', [ev(0, { created_at: '2026-04-07T16:02:00.000+02:00' })], false],
  ['no fraction', [ev(0, { created_at: '2026-04-07T14:02:00Z' })], false],
  ['hour 24', [ev(0, { created_at: '2026-04-07T24:00:00.000Z' })], false],
  ['a missing field', [(({ user_id: _, ...rest }) => rest)(ev(0))], false],
  ['a string id', [ev(0, { id: '1000' })], false],
  ['a fractional id', [ev(0, { id: 1.5 })], false],
  ['an id beyond 2^53', [ev(0, { id: 2 ** 53 })], false],
  ['NaN as a value', [ev(0, { value: NaN })], false],
  ['null as a value', [ev(0, { value: null })], false],
  ['a Date as a timestamp', [ev(0, { created_at: new Date('2026-04-07T14:02:00.000Z') })], false],
  ['a toJSON method', [{ ...ev(0), toJSON: () => ev(1) }], false],
  ['a class instance', [Object.assign(new (class Event {})(), ev(0))], false],
  ['not an object', [ev(0), 7], false],
];

test('the columns path takes only what it reads exactly as the decoder does', () => {
  const problems = [];
  for (const [label, array, columns] of CASES) {
    if ((toColumns(array) !== null) !== columns) problems.push(`${label}: expected the ${columns ? 'columns' : 'JSON'} path`);
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('what the columns path takes, it makes into the same set, issues and errors as the JSON path', () => {
  const problems = [];
  for (const [label, array, columns] of CASES) {
    if (!columns) continue;
    for (const opts of [undefined, { mode: 'lenient' }, { mode: 'lenient', accountId: 1 }, { accountId: 1 }]) {
      const fast = viaColumns(array, opts);
      const slow = viaJson(array, opts);
      try {
        assert.deepEqual(fast, slow);
      } catch {
        problems.push(`${label} ${JSON.stringify(opts)}:\n  columns ${JSON.stringify(fast)}\n  JSON    ${JSON.stringify(slow)}`);
      }
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('summarize on an array gives what it gives on the JSON path, result or error', () => {
  const problems = [];
  for (const [label, array] of CASES) {
    const fast = outcome(() => summarize(array));
    const slow = outcome(() => {
      const s = parseEvents(JSON.stringify(array));
      try {
        return summarize(s);
      } finally {
        s.free();
      }
    });
    try {
      assert.deepEqual(fast, slow);
    } catch {
      problems.push(`${label}:\n  array ${JSON.stringify(fast)}\n  JSON  ${JSON.stringify(slow)}`);
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});
