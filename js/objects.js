// Plain event objects (what JSON.parse gives for a body) as the columns of
// `EventSet.fromColumns`, so `summarize(array)`, `timeseries(array)` and the other
// functions that take an array need no JSON.stringify round trip (issue 16).
//
// The columns path must give exactly what `parseEvents(JSON.stringify(array))` gives: the
// same set, the same issues, the same errors. fromColumns already applies the decoder's
// checks with the decoder's codes and paths (src/columns.rs); what it cannot see is how a
// value was written. So this reads only what has one unambiguous reading in both paths:
// plain objects with every field present and of the type the decoder asks for, and
// timestamps in the exact form Chatwoot writes (`2026-04-07T14:27:20.123Z`). Anything
// else (a missing field, a string id, an offset timestamp, a toJSON method, a class
// instance) makes `toColumns` answer `null`, and the caller takes the JSON path, whose
// decoder words each issue as it always has.

// The date of the last timestamp read and its day number: an event's four timestamps,
// and neighbouring events, mostly share a date (the decoder keeps the same cache).
// (0 matches no digit, so the first timestamp always computes its day.)
const lastCodes = new Uint16Array(10);
let lastDays = 0;

/** Two ASCII digits of `s` at `i` as a number, or -1. */
function two(s, i) {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Days from 1970-01-01 to a valid date `YYYY-MM-DD` at the start of `s`, or NaN. */
function dayNumber(s) {
  const hi = two(s, 0);
  const lo = two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  if (hi < 0 || lo < 0 || month < 1 || month > 12 || day < 1 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const year = hi * 100 + lo;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const length = month === 2 ? (leap ? 29 : 28) : (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
  if (day > length) return NaN;
  // Days from civil (H. Hinnant), as src/timestamp.rs counts them.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** Epoch ms of `s` if it is exactly `YYYY-MM-DDTHH:MM:SS.sssZ` with valid fields, else NaN. */
function chatwootTime(s) {
  if (typeof s !== 'string' || s.length !== 24) return NaN;
  let days = lastDays;
  // The date part compared with the last one read, code unit by code unit.
  for (let i = 0; i < 10; i++) {
    if (s.charCodeAt(i) !== lastCodes[i]) {
      days = dayNumber(s);
      if (Number.isNaN(days)) return NaN;
      for (let j = 0; j < 10; j++) lastCodes[j] = s.charCodeAt(j);
      lastDays = days;
      break;
    }
  }
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  const centis = two(s, 20);
  const milli = s.charCodeAt(22) - 48;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60 || centis < 0
    || !(milli >= 0 && milli <= 9) || s.charCodeAt(10) !== 84 /* T */ || s.charCodeAt(13) !== 58 /* : */
    || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46 /* . */ || s.charCodeAt(23) !== 90 /* Z */) return NaN;
  // A leap second (60) counts into the next minute, as the decoder counts it.
  return (((days * 24 + hour) * 60 + minute) * 60 + second) * 1000 + centis * 10 + milli;
}

/** `v` if it is a safe integer (the decoder's ids), else NaN. `-0` is read as 0, as JSON writes it. */
const id = (v) => (Number.isSafeInteger(v) ? v + 0 : NaN);
/** `v` if it is a finite number, else NaN. */
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v + 0 : NaN);

/**
 * `events` (an array) as `{ length, names, ...typed columns }` for `EventSet.fromColumns`,
 * or `null` when any event has something only the JSON path reads the same way.
 */
export function toColumns(events) {
  if (events.toJSON !== undefined) return null;
  const n = events.length;
  const f = () => new Float64Array(n);
  const c = {
    length: n, names: [], name: new Uint32Array(n),
    id: f(), value: f(), valueInBusinessHours: f(), eventStartTime: f(), eventEndTime: f(),
    accountId: f(), conversationId: f(), inboxId: f(), userId: f(), createdAt: f(), updatedAt: f(),
  };
  const codes = new Map();
  // Cleared by the first NaN that does not stand for null; checked once per event.
  let plain = true;
  const must = (v) => {
    if (Number.isNaN(v)) plain = false;
    return v;
  };
  const orNull = (v, read) => (v === null ? NaN : must(read(v)));
  for (let i = 0; i < n; i++) {
    const e = events[i];
    if (typeof e !== 'object' || e === null) return null;
    const proto = Object.getPrototypeOf(e);
    if ((proto !== Object.prototype && proto !== null) || e.toJSON !== undefined) return null;
    // Each field read once (a getter runs once, as JSON.stringify runs it); NaN stands
    // for null where the columns allow null, and any other NaN sends the array to the
    // JSON path.
    const { name } = e;
    if (typeof name !== 'string') return null;
    let code = codes.get(name);
    if (code === undefined) {
      code = c.names.length;
      codes.set(name, code);
      c.names.push(name);
    }
    c.name[i] = code;
    c.id[i] = must(id(e.id));
    c.value[i] = must(num(e.value));
    c.valueInBusinessHours[i] = orNull(e.value_in_business_hours, num);
    c.eventStartTime[i] = orNull(e.event_start_time, chatwootTime);
    c.eventEndTime[i] = orNull(e.event_end_time, chatwootTime);
    c.accountId[i] = must(id(e.account_id));
    c.conversationId[i] = orNull(e.conversation_id, id);
    c.inboxId[i] = orNull(e.inbox_id, id);
    c.userId[i] = orNull(e.user_id, id);
    c.createdAt[i] = must(chatwootTime(e.created_at));
    c.updatedAt[i] = must(chatwootTime(e.updated_at));
    if (!plain) return null;
  }
  return c;
}
