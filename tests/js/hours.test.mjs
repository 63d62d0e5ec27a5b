// Working hours through the built package: businessSeconds, fromChatwootInbox,
// withWorkingHours (object and per-inbox function), and invalid schedules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  businessSeconds, fromChatwootInbox, withWorkingHours, parseEvents, EventSet, ReportingError,
} from 'chatwoot-reporting';

const sec = (iso) => Date.parse(iso) / 1000;

/** A Chatwoot inbox as GET /api/v1/accounts/{id}/inboxes lists it (a representative subset of its fields). */
function inbox(overrides = {}) {
  const day = (d, open) => (open
    ? { day_of_week: d, closed_all_day: false, open_hour: 9, open_minutes: 0, close_hour: 17, close_minutes: 0, open_all_day: false }
    : { day_of_week: d, closed_all_day: true, open_hour: null, open_minutes: null, close_hour: null, close_minutes: null, open_all_day: false });
  return {
    id: 3,
    avatar_url: '',
    channel_id: 2,
    name: 'Website',
    channel_type: 'Channel::WebWidget',
    greeting_enabled: false,
    greeting_message: null,
    working_hours_enabled: true,
    enable_email_collect: true,
    csat_survey_enabled: false,
    enable_auto_assignment: true,
    auto_assignment_config: {},
    out_of_office_message: 'We are away',
    working_hours: [0, 1, 2, 3, 4, 5, 6].map((d) => day(d, d >= 1 && d <= 5)),
    timezone: 'UTC',
    callback_webhook_url: null,
    allow_messages_after_resolved: true,
    lock_to_single_conversation: false,
    sender_name_type: 'friendly',
    business_name: null,
    widget_color: '#1f93ff',
    website_url: 'https://example.com',
    ...overrides,
  };
}

const NINE_TO_FIVE = [['09:00', '17:00']];
const WEEKDAYS = { mon: NINE_TO_FIVE, tue: NINE_TO_FIVE, wed: NINE_TO_FIVE, thu: NINE_TO_FIVE, fri: NINE_TO_FIVE };

/** Asserts `fn` throws a ReportingError invalid_argument whose message contains `text`. */
function throwsInvalid(fn, text) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof ReportingError, `not a ReportingError: ${e}`);
    assert.equal(e.code, 'invalid_argument');
    assert.ok(e.message.includes(text), `"${e.message}" lacks "${text}"`);
    return true;
  });
}

test("businessSeconds: Chatwoot's example, overnight windows, holidays, DST", () => {
  assert.equal(businessSeconds(sec('2022-03-20T00:00:00Z'), sec('2022-03-26T23:59:00Z'), { weekly: WEEKDAYS }), 144000);
  const night = { weekly: { fri: [['22:00', '06:00']], sun: [['20:00', '04:00']] } };
  assert.equal(businessSeconds(sec('2026-04-03T20:00:00Z'), sec('2026-04-06T12:00:00Z'), night), 16 * 3600);
  const easter = { weekly: WEEKDAYS, holidays: ['2026-04-06'] };
  assert.equal(businessSeconds(sec('2026-04-05T00:00:00Z'), sec('2026-04-12T00:00:00Z'), easter), 4 * 28800);
  // Intl's Europe/Berlin: 01:00–04:00 is two hours on 2026-03-29 and four on 2026-10-25.
  const early = { timezone: 'Europe/Berlin', weekly: { sun: [['01:00', '04:00']] } };
  assert.equal(businessSeconds(sec('2026-03-28T00:00:00Z'), sec('2026-03-30T00:00:00Z'), early), 7200);
  assert.equal(businessSeconds(sec('2026-10-24T00:00:00Z'), sec('2026-10-26T00:00:00Z'), early), 14400);
  const ny = { timezone: 'America/New_York', weekly: { sun: [['01:00', '04:00']] } };
  assert.equal(businessSeconds(sec('2026-03-07T00:00:00Z'), sec('2026-03-09T12:00:00Z'), ny), 7200);
  assert.equal(businessSeconds(sec('2026-10-31T00:00:00Z'), sec('2026-11-02T12:00:00Z'), ny), 14400);
  // Empty and reversed spans are 0; fractions of seconds are kept.
  assert.equal(businessSeconds(sec('2026-04-06T10:00:00Z'), sec('2026-04-06T10:00:00Z'), { weekly: WEEKDAYS }), 0);
  assert.equal(businessSeconds(sec('2026-04-06T12:00:00Z'), sec('2026-04-06T10:00:00Z'), { weekly: WEEKDAYS }), 0);
  assert.equal(businessSeconds(sec('2026-04-06T10:00:00Z'), sec('2026-04-06T10:00:00.250Z'), { weekly: WEEKDAYS }), 0.25);
  // Ten years in an IANA zone: exact and quick (the offsets come from Intl once).
  const started = performance.now();
  const tenYears = businessSeconds(sec('2016-01-01T00:00:00Z'), sec('2026-01-01T00:00:00Z'), { timezone: 'Europe/Berlin', weekly: WEEKDAYS });
  assert.equal(tenYears, 2609 * 28800);
  assert.ok(performance.now() - started < 2000);
});

test('fromChatwootInbox: a realistic inbox, open all day, disabled, the fallback', () => {
  const hours = fromChatwootInbox(inbox({ timezone: 'America/Los_Angeles' }));
  assert.deepEqual(hours, {
    timezone: 'America/Los_Angeles',
    weekly: { sun: [], mon: NINE_TO_FIVE, tue: NINE_TO_FIVE, wed: NINE_TO_FIVE, thu: NINE_TO_FIVE, fri: NINE_TO_FIVE, sat: [] },
    holidays: [],
  });
  const utc = fromChatwootInbox(inbox());
  assert.equal(businessSeconds(sec('2022-03-20T00:00:00Z'), sec('2022-03-26T23:59:00Z'), utc), 144000);
  // Open all day is stored as 00:00–23:59: 86 340 s a day.
  const allDay = inbox();
  allDay.working_hours[6] = { day_of_week: 6, closed_all_day: false, open_hour: 0, open_minutes: 0, close_hour: 23, close_minutes: 59, open_all_day: true };
  const sat = fromChatwootInbox(allDay);
  assert.deepEqual(sat.weekly.sat, [['00:00', '23:59']]);
  assert.equal(businessSeconds(sec('2026-04-04T00:00:00Z'), sec('2026-04-05T00:00:00Z'), sat), 86340);
  // Working hours switched off: no windows, 0 everywhere.
  const off = fromChatwootInbox(inbox({ working_hours_enabled: false, timezone: 'Asia/Kolkata' }));
  assert.equal(off.timezone, 'Asia/Kolkata');
  assert.ok(Object.values(off.weekly).every((w) => w.length === 0));
  assert.equal(businessSeconds(0, sec('2026-01-01T00:00:00Z'), off), 0);
  // Enabled with every day closed: 0, as Chatwoot's reports store (reporting_event_helper.rb
  // returns 0 for a blank table of open days; only its SLA code falls back to 9–17).
  const closed = inbox({ working_hours: inbox().working_hours.map((d) => ({ ...d, closed_all_day: true })) });
  assert.ok(Object.values(fromChatwootInbox(closed).weekly).every((w) => w.length === 0));
  assert.equal(businessSeconds(sec('2026-03-30T09:00:00Z'), sec('2026-03-30T17:00:00Z'), fromChatwootInbox(closed)), 0);
  // Bad inboxes.
  throwsInvalid(() => fromChatwootInbox(inbox({ timezone: 'Mars/Olympus' })), "'Mars/Olympus' is not known");
  const late = inbox();
  late.working_hours[1] = { ...late.working_hours[1], open_hour: 18 };
  throwsInvalid(() => fromChatwootInbox(late), "Monday close at '17:00', not after they open at '18:00'");
  throwsInvalid(() => fromChatwootInbox('inbox'), 'The inbox must be an object');
});

/** Four events: inboxes 1 and 2 with the same 08:00–10:00Z Monday span, one without a start, one without an inbox. */
function events() {
  const e = (id, inbox, start, end, bh) => ({
    id, name: 'first_response', value: start && end ? (Date.parse(end) - Date.parse(start)) / 1000 : 60,
    value_in_business_hours: bh, event_start_time: start, event_end_time: end, account_id: 1,
    inbox_id: inbox, user_id: 5, conversation_id: 100 + id,
    created_at: '2026-04-06T10:00:01.000Z', updated_at: '2026-04-06T10:00:01.000Z',
  });
  return [
    e(1, 1, '2026-04-06T08:00:00.000Z', '2026-04-06T10:00:00.000Z', 0),
    e(2, 2, '2026-04-06T08:00:00.000Z', '2026-04-06T10:00:00.000Z', 0),
    e(3, 2, null, null, 42),
    e(4, null, '2026-04-06T08:00:00.000Z', '2026-04-06T10:00:00.000Z', 0),
  ];
}

test('withWorkingHours with one WorkingHours object, on an EventSet and on an array', () => {
  const set = parseEvents(JSON.stringify(events()));
  const out = withWorkingHours(set, { weekly: WEEKDAYS });
  assert.ok(out instanceof EventSet);
  assert.notEqual(out, set);
  assert.deepEqual(out.toArray().map((e) => e.value_in_business_hours), [3600, 3600, 42, 3600]);
  // The input set is unchanged and still usable.
  assert.deepEqual(set.toArray().map((e) => e.value_in_business_hours), [0, 0, 42, 0]);
  // Everything but value_in_business_hours is the same.
  const strip = (rows) => rows.map(({ value_in_business_hours, ...rest }) => rest);
  assert.deepEqual(strip(out.toArray()), strip(set.toArray()));
  // An array gives the same set.
  const fromArray = withWorkingHours(events(), { timezone: 'Europe/Berlin', weekly: WEEKDAYS });
  // 09:00 CEST is 07:00Z: both hours of 08–10Z are working time.
  assert.deepEqual(fromArray.toArray().map((e) => e.value_in_business_hours), [7200, 7200, 42, 7200]);
});

test('withWorkingHours with a function: called once per inbox, null keeps stored values', () => {
  const calls = [];
  const perInbox = (inboxId) => {
    calls.push(inboxId);
    if (inboxId === 1) return { timezone: 'America/New_York', weekly: { mon: [['03:00', '05:00']] } };
    if (inboxId === 2) return fromChatwootInbox(inbox({ working_hours_enabled: false }));
    return undefined;
  };
  const out = withWorkingHours(parseEvents(JSON.stringify(events())), perInbox);
  // Inbox 1: 03:00–05:00 EDT is 07:00–09:00Z, an hour of 08–10Z; inbox 2 switched off: 0;
  // no start: kept; no inbox (the function got null, answered undefined): kept.
  assert.deepEqual(out.toArray().map((e) => e.value_in_business_hours), [3600, 0, 42, 0]);
  assert.deepEqual(calls.sort(), [1, 2, null].sort());
  // Per-inbox errors name the inbox; a throwing function becomes a ReportingError.
  throwsInvalid(
    () => withWorkingHours(events(), (id) => (id === 2 ? { weekly: { mon: [['09:00', '17:00'], ['16:00', '18:00']] } } : null)),
    "The working hours for inbox 2: Monday's first window ['09:00', '17:00'] overlaps Monday's second window ['16:00', '18:00']",
  );
  throwsInvalid(() => withWorkingHours(events(), () => { throw new Error('no such inbox'); }), 'threw for inbox');
  throwsInvalid(() => withWorkingHours(events(), () => 'all day'), 'The working hours for inbox');
});

test('invalid schedules are ReportingError invalid_argument with a message that names the problem', () => {
  const at = sec('2026-04-06T00:00:00Z');
  const cases = [
    [{ weekly: { mon: [['09:00', '17:00'], ['25:00', '26:00']] } }, "Monday's second window: '25:00' is not a time"],
    [{ weekly: { mon: [['9am', '5pm']] } }, "Monday's first window: '9am' is not a time"],
    [{ weekly: { mon: [['09:00', '09:00']] } }, "Monday's first window: ['09:00', '09:00'] is empty"],
    [{ weekly: { mon: [['09:00']] } }, "Monday's first window must be a pair of 'HH:MM' times"],
    [{ weekly: { mon: [['22:00', '06:00']], tue: [['05:00', '09:00']] } }, 'once the overnight window runs past midnight into Tuesday'],
    [{ weekly: { Monday: NINE_TO_FIVE } }, "`weekly` has 'Monday', which is not a day"],
    [{ weekly: WEEKDAYS, holidays: ['2026-02-30'] }, "The first holiday, '2026-02-30', is not a date"],
    [{ weekly: WEEKDAYS, holidays: '2026-12-25' }, '`holidays` must be a list'],
    [{ weekly: WEEKDAYS, timezone: 'Europe/Berlinn' }, "time zone 'Europe/Berlinn' is not known"],
    [{ timezone: 'UTC' }, 'The working hours need `weekly`'],
    [{ weekly: WEEKDAYS, holiday: [] }, "unknown field `holiday`, expected one of `timezone`, `weekly`, `holidays`"],
    [null, 'The working hours must be an object'],
  ];
  for (const [hours, message] of cases) {
    throwsInvalid(() => businessSeconds(at, at + 86400, hours), message);
    throwsInvalid(() => withWorkingHours(events(), hours), message);
  }
  throwsInvalid(() => businessSeconds('yesterday', at, { weekly: WEEKDAYS }), '`start` must be a finite number');
  throwsInvalid(() => businessSeconds(at, Infinity, { weekly: WEEKDAYS }), '`end` must be a finite number');
  throwsInvalid(() => businessSeconds(-1e12, 1e12, { timezone: 'Europe/Berlin', weekly: WEEKDAYS }), 'more than 400 years');
  const cyclic = { weekly: WEEKDAYS };
  cyclic.self = cyclic;
  throwsInvalid(() => businessSeconds(at, at + 1, cyclic), 'could not be serialized');
  throwsInvalid(() => withWorkingHours({}, { weekly: WEEKDAYS }), 'must be an EventSet made by this package');
});
