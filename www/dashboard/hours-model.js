// The working-hours editor's data: a draft copy of a WorkingHours schedule (the package's
// shape: {timezone, weekly: {mon: [['09:00', '17:00']], …}, holidays: ['YYYY-MM-DD']}) and
// how it reads as text. Validation is left to the package (in the worker), so the page
// shows the package's own ReportingError message.

export const DAYS = [
  { key: 'mon', label: 'Monday', short: 'Mon' }, { key: 'tue', label: 'Tuesday', short: 'Tue' },
  { key: 'wed', label: 'Wednesday', short: 'Wed' }, { key: 'thu', label: 'Thursday', short: 'Thu' },
  { key: 'fri', label: 'Friday', short: 'Fri' }, { key: 'sat', label: 'Saturday', short: 'Sat' },
  { key: 'sun', label: 'Sunday', short: 'Sun' },
];

/** Chatwoot's default for an inbox without a readable schedule: Mon–Fri 09:00–17:00, UTC. */
export function defaultSchedule() {
  const weekly = {};
  for (const d of DAYS) weekly[d.key] = ['sat', 'sun'].includes(d.key) ? [] : [['09:00', '17:00']];
  return { timezone: 'UTC', weekly, holidays: [] };
}

/** A deep copy with every weekday listed, so the editor can change it freely. */
export function draftOf(hours) {
  const src = hours ?? defaultSchedule();
  const weekly = {};
  for (const d of DAYS) weekly[d.key] = (src.weekly?.[d.key] ?? []).map(([a, b]) => [a, b]);
  return { timezone: src.timezone ?? 'UTC', weekly, holidays: [...(src.holidays ?? [])] };
}

/** The draft as the package takes it (trimmed text; holidays sorted, each once). */
export function scheduleOf(draft) {
  const weekly = {};
  for (const d of DAYS) weekly[d.key] = draft.weekly[d.key].map(([a, b]) => [a.trim(), b.trim()]);
  return { timezone: draft.timezone, weekly, holidays: [...new Set(draft.holidays)].sort() };
}

/** "08:00–16:30, 22:00–06:00 (to the next day)" or "closed". */
export function windowsText(windows) {
  if (!windows?.length) return 'closed';
  return windows.map(([a, b]) => `${a}–${b}${b !== '24:00' && b <= a ? ' (next day)' : ''}`).join(', ');
}

/** One line per weekday: [{day, text}], Monday first. */
export function describeWeek(hours) {
  return DAYS.map((d) => ({ day: d, text: windowsText(hours?.weekly?.[d.key]) }));
}

const DAY_KEYS_BY_NAME = { Sunday: 'sun', Monday: 'mon', Tuesday: 'tue', Wednesday: 'wed', Thursday: 'thu', Friday: 'fri', Saturday: 'sat' };
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
/** "third" → 2, "12th" → 11. */
const indexOf = (word) => (ORDINALS.includes(word) ? ORDINALS.indexOf(word) : Number.parseInt(word, 10) - 1);

/**
 * Which control a package message names, from its words (the package says "Monday's
 * second window", "The first holiday"): the first window named → {day: 'mon', index: 1},
 * a holiday → {holiday: 0}, a zone message → {timezone: true}; else null.
 */
export function fieldOfMessage(message) {
  const text = message ?? '';
  const w = /(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)'s (\w+) window/.exec(text);
  if (w) return { day: DAY_KEYS_BY_NAME[w[1]], index: indexOf(w[2]) };
  const hd = /[Tt]he (\w+) holiday/.exec(text);
  if (hd) return { holiday: indexOf(hd[1]) };
  if (/time zone/i.test(text)) return { timezone: true };
  return null;
}

/**
 * A package message as a person reads it. Current packages write days and windows in words
 * ("Monday's second window"); one built before that wrote paths ("weekly.mon[1]"), which
 * this turns into words too ("Monday, window 2"), so a person never sees a path.
 */
export function humanMessage(message) {
  const day = (key) => DAYS.find((d) => d.key === key)?.label ?? key;
  return String(message ?? '')
    .replace(/weekly\.(mon|tue|wed|thu|fri|sat|sun)\[(\d+)\](?:\[(\d)\])?/g, (_m, d, i, end) => `${day(d)}, window ${Number(i) + 1}${end === undefined ? '' : end === '0' ? ' (start)' : ' (end)'}`)
    .replace(/weekly\.(mon|tue|wed|thu|fri|sat|sun)\b/g, (_m, d) => day(d))
    .replace(/holidays\[(\d+)\]/g, (_m, i) => `Holiday ${Number(i) + 1}`)
    .replace(/\btimezone\b/g, 'time zone');
}
