// Time-zone offsets from the JavaScript engine's own time-zone database (Intl), for the
// wasm time-series engine: shipping tzdata inside the wasm module would multiply its size,
// and every browser, Web Worker and Node 20 already carries one. Imported by the
// wasm-bindgen glue (src/bindings/series.rs); plain ES module, no dependencies.

/** Formatters are costly to build and immutable: one per zone name. */
const formatters = new Map();

/**
 * Recent answers: a dashboard draws several metrics over the same events, range and zone,
 * and each asks for the same offsets. Keyed by zone and range; the oldest goes first.
 */
const answers = new Map();
const MAX_ANSWERS = 256;

/** Samples this far apart find every change: real zones never change twice in 6 hours. */
const STEP_SECONDS = 6 * 3600;

function formatter(timeZone) {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    // Throws a RangeError for a zone the engine does not know; the caller reports it.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      // 'h23', not hour12:false: some engines then print midnight as 24.
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (as src/timestamp.rs). */
function daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

// en-US with these options reads "3/29/2026 AD, 03:00:00". Matching the string is about
// three times faster than formatToParts; any other shape falls back to formatToParts.
const SHAPE = /^(\d+)\/(\d+)\/(\d+) (\S+), (\d+):(\d+):(\d+)$/;

function fields(f, date) {
  const m = SHAPE.exec(f.format(date));
  if (m !== null) {
    return [m[4], +m[3], +m[1], +m[2], +m[5], +m[6], +m[7]];
  }
  const p = {};
  for (const { type, value } of f.formatToParts(date)) p[type] = value;
  return [p.era, +p.year, +p.month, +p.day, +p.hour, +p.minute, +p.second];
}

/** Seconds east of UTC in force at `t` (whole epoch seconds). */
function offsetAt(f, t) {
  const [era, year, month, day, hour, minute, second] = fields(f, new Date(t * 1000));
  // Years before 1 AD are written "1 BC" (= year 0), "2 BC" (= -1), ...
  const y = era === 'BC' || era === 'B' ? 1 - year : year;
  const local = daysFromCivil(y, month, day) * 86400 + (hour % 24) * 3600 + minute * 60 + second;
  return local - t;
}

/**
 * The offsets of `timeZone` (an IANA name such as 'Europe/Berlin') over the epoch seconds
 * [fromSec, toSec], as a Float64Array of flattened pairs [utcFrom0, offset0, utcFrom1,
 * offset1, ...]: the first pair is the offset at fromSec, each further pair the first
 * second of a new offset, in seconds east of UTC. Offsets are sampled every 6 hours and
 * each change is located to the second by binary search.
 * Throws the engine's RangeError for an unknown zone.
 */
export function zoneTransitions(timeZone, fromSec, toSec) {
  const f = formatter(timeZone);
  const from = Math.floor(fromSec);
  const to = Math.max(from, Math.ceil(toSec));
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    throw new RangeError('zoneTransitions needs finite epoch seconds.');
  }
  const key = `${timeZone}\u0000${from}\u0000${to}`;
  const known = answers.get(key);
  if (known !== undefined) return known.slice();
  const found = transitions(f, from, to);
  if (answers.size >= MAX_ANSWERS) answers.delete(answers.keys().next().value);
  answers.set(key, found);
  return found.slice();
}

/** The uncached work of zoneTransitions over whole seconds from..to. */
function transitions(f, from, to) {
  let prevT = from;
  let prevOff = offsetAt(f, from);
  const out = [from, prevOff];
  while (prevT < to) {
    const t = Math.min(prevT + STEP_SECONDS, to);
    const off = offsetAt(f, t);
    if (off === prevOff) {
      prevT = t;
      continue;
    }
    // prevOff holds at lo, something else at hi: find the first second of the change.
    let lo = prevT;
    let hi = t;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(f, mid) === prevOff) lo = mid;
      else hi = mid;
    }
    prevOff = hi === t ? off : offsetAt(f, hi);
    out.push(hi, prevOff);
    // Resume from the change, so a second change before t is not missed.
    prevT = hi;
  }
  return new Float64Array(out);
}

/**
 * The points of a time series as plain objects, built on the JavaScript side because one
 * object literal per point is far cheaper than setting properties across the wasm
 * boundary. `counts` is undefined for count metrics, whose points have no `count`.
 */
export function seriesPoints(timestamps, values, counts) {
  const n = timestamps.length;
  const out = new Array(n);
  if (counts === undefined || counts === null) {
    for (let i = 0; i < n; i++) out[i] = { timestamp: timestamps[i], value: values[i] };
  } else {
    for (let i = 0; i < n; i++) {
      out[i] = { timestamp: timestamps[i], value: values[i], count: counts[i] };
    }
  }
  return out;
}
