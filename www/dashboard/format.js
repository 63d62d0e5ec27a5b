// Formatting for the page: durations with the package's formatDuration (Chatwoot's own
// "1 Hr 30 Min" style, so the numbers read as in Chatwoot's reports), counts, dates in the
// chosen time zone, and changes against the previous window.
// The main thread loads the wasm module only for formatDuration; the heavy work is in the
// worker (worker.js), which has its own instance.
import { init, formatDuration } from '../../pkg/web.js';

/** Resolves once formatDuration can be called. */
export const formatReady = init();

/** "2 Hr 27 Min" (Chatwoot's style), "—" for null. */
export const duration = (seconds) => formatDuration(seconds ?? null);

/** "2h 27m", for chart axes and tight spots. */
export const durationCompact = (seconds) => formatDuration(seconds ?? null, 'compact');

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** "14,499"; "—" for null. */
export const count = (n) => (n === null || n === undefined || Number.isNaN(n) ? '—' : integer.format(n));

/** "1 conversation", "3 conversations": a count with its noun in the right number. */
export const plural = (n, noun, nouns = `${noun}s`) => `${count(n)} ${n === 1 ? noun : nouns}`;

/** "2 Hours 5 Minutes"-style words as Chatwoot's CSV exports write them ("N/A" for none). */
export const durationReport = (seconds) => formatDuration(seconds ?? null, 'report');

/** "12.5"; "—" for null. */
export const number1 = (n) => (n === null || n === undefined || Number.isNaN(n) ? '—' : decimal.format(n));

/** "42 %"-style share, from a 0…1 fraction. */
export const percent = (share) => (share === null || share === undefined ? '—' : `${decimal.format(share * 100)} %`);

const dateFormats = new Map();
/** A cached Intl.DateTimeFormat for `timeZone` ('UTC' or an IANA name). */
function dateFormat(timeZone, withTime) {
  const key = `${timeZone}|${withTime}`;
  if (!dateFormats.has(key)) {
    dateFormats.set(key, new Intl.DateTimeFormat('en-GB', {
      timeZone, year: 'numeric', month: 'short', day: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    }));
  }
  return dateFormats.get(key);
}

const clocks = new Map();
/** "14:27" in `timeZone`, from epoch seconds. */
export function clock(epochSeconds, timeZone) {
  if (!clocks.has(timeZone)) clocks.set(timeZone, new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
  return clocks.get(timeZone).format(new Date(epochSeconds * 1000));
}

/** "7 Apr 2026, 14:27" in `timeZone`, from epoch seconds. */
export const dateTime = (epochSeconds, timeZone) => dateFormat(timeZone, true).format(new Date(epochSeconds * 1000));

/** "7 Apr 2026" in `timeZone`, from epoch seconds. */
export const date = (epochSeconds, timeZone) => dateFormat(timeZone, false).format(new Date(epochSeconds * 1000));

/** "7 Apr 2026 – 5 Jul 2026", the half-open [since, until) window as a person reads it. */
export const range = (since, until, timeZone) => `${date(since, timeZone)} – ${date(until - 1, timeZone)}`;

/**
 * The change from `previous` to `current` as a fraction (0.12 for +12 %), or null when
 * there is nothing to compare with.
 */
export function change(current, previous) {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  if (previous === 0) return current === 0 ? 0 : null;
  return (current - previous) / previous;
}

/** "+12 %", "−3 %", "±0 %" for a fraction from `change`. */
export function signedPercent(fraction) {
  const p = Math.round(fraction * 100);
  if (p === 0) return '±0 %';
  return `${p > 0 ? '+' : '−'}${integer.format(Math.abs(p))} %`;
}
