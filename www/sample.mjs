// A seeded simulator of Chatwoot conversations that writes reporting events the way
// Chatwoot does (CHATWOOT.md): one first_response per conversation ever, cumulative
// resolution values, reopenings, bot handoffs (opened + handoff), bot-only resolutions,
// AI-assistant events with null business hours, created_at a little after the action.
// Business hours follow each inbox's schedule and timezone as Chatwoot counts them (one
// window a weekday, open-all-day stored as 00:00–23:59, 0 when working hours are off);
// without `inboxes` it uses three inboxes on the default Mon–Fri 09:00–17:00 UTC schedule.
// Runs in the browser and in Node (no imports); the same options always give the same bytes.

/** Mulberry32: small, fast, deterministic. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86400;

/** Working seconds in [start, end) under Mon–Fri 09:00–17:00 UTC (whole seconds). */
export function defaultBusinessSeconds(start, end) {
  let total = 0;
  for (let day = Math.floor(start / DAY) * DAY; day < end; day += DAY) {
    const weekday = new Date(day * 1000).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const open = Math.max(start, day + 9 * 3600);
    const close = Math.min(end, day + 17 * 3600);
    if (close > open) total += close - open;
  }
  return total;
}

/**
 * A weekly schedule in the shape of Chatwoot's inbox JSON (`working_hours`, Sunday first).
 * Each of the seven entries is `null` (closed all day), `'all'` (open all day, which Chatwoot
 * stores as 00:00–23:59) or `'HH:MM-HH:MM'` (one window, not across midnight).
 * @param {Array<string|null>} days
 */
export function weeklySchedule(days) {
  if (days.length !== 7) throw new Error('a schedule has seven days, Sunday first');
  return days.map((d, day) => {
    if (d === null) {
      return { day_of_week: day, closed_all_day: true, open_hour: null, open_minutes: null, close_hour: null, close_minutes: null, open_all_day: false };
    }
    const m = d === 'all' ? [0, 0, 0, 23, 59] : /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(d)?.map(Number);
    if (!m || m[1] * 60 + m[2] >= m[3] * 60 + m[4] || m[1] > 23 || m[3] > 23 || m[2] > 59 || m[4] > 59) throw new Error(`bad window ${d}`);
    return { day_of_week: day, closed_all_day: false, open_hour: m[1], open_minutes: m[2], close_hour: m[3], close_minutes: m[4], open_all_day: d === 'all' };
  });
}

/** Chatwoot's default for a new inbox: Mon–Fri 09:00–17:00, closed at weekends. */
export const DEFAULT_WORKING_HOURS = weeklySchedule([null, ...Array(5).fill('09:00-17:00'), null]);

/** The simulator's inboxes when none are given: three on the default schedule in UTC. */
const DEFAULT_INBOXES = [1, 2, 3].map((id) => ({ id, working_hours_enabled: true, timezone: 'UTC', working_hours: DEFAULT_WORKING_HOURS }));

// Offsets from UTC in seconds, per zone, memoised per quarter hour: every zone offset in use
// today is a multiple of 15 minutes and changes on such a boundary, and Intl is slow enough
// (≈ 8 µs a call) that thousands of events would otherwise take seconds.
const zoneCache = new Map();
function zoneOffset(zone, epoch) {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  let z = zoneCache.get(zone);
  if (!z) {
    const fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    zoneCache.set(zone, (z = { fmt, offsets: new Map() }));
  }
  const key = Math.floor(epoch / 900);
  let off = z.offsets.get(key);
  if (off === undefined) {
    const p = {};
    for (const { type, value } of z.fmt.formatToParts(new Date(key * 900 * 1000))) p[type] = Number(value);
    off = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) / 1000 - key * 900;
    z.offsets.set(key, off);
  }
  return off;
}

/**
 * The UTC instant of a wall-clock time in `zone` (`wall`: seconds since the epoch, read as if
 * it were UTC). The offset is looked up again at the first guess, which settles times near a
 * change; a wall time inside a spring-forward gap lands an hour off, as no schedule here does.
 */
function wallToUtc(zone, wall) {
  return wall - zoneOffset(zone, wall - zoneOffset(zone, wall));
}

const counters = new WeakMap();

/**
 * Working seconds in [start, end) (epoch seconds) under an inbox's schedule, as Chatwoot
 * computes `value_in_business_hours`: 0 when `working_hours_enabled` is false; otherwise each
 * open weekday is one window between its local open and close times in the inbox's IANA
 * `timezone` (default UTC), so an open-all-day day counts 86 340 s (00:00–23:59), and a day on
 * which the clocks change counts the real seconds between its local opening and closing.
 * For the default schedule in UTC this equals `defaultBusinessSeconds`.
 * @param {{working_hours_enabled?: boolean, timezone?: string, working_hours?: object[]}} inbox
 */
export function businessSeconds(inbox, start, end) {
  if (inbox.working_hours_enabled === false) return 0;
  let counter = counters.get(inbox);
  if (!counter) counters.set(inbox, (counter = businessCounter(inbox)));
  return counter(start, end);
}

function businessCounter({ timezone = 'UTC', working_hours = DEFAULT_WORKING_HOURS }) {
  const byDay = new Map(working_hours.map((w) => [w.day_of_week, w]));
  const windows = new Map(); // local day number → [open, close] as UTC instants, or null
  const windowOf = (n) => {
    if (windows.has(n)) return windows.get(n);
    const w = byDay.get((((n + 4) % 7) + 7) % 7); // 1970-01-01 was a Thursday (4)
    let win = null;
    if (w && !w.closed_all_day) {
      win = [
        wallToUtc(timezone, n * DAY + w.open_hour * 3600 + w.open_minutes * 60),
        wallToUtc(timezone, n * DAY + w.close_hour * 3600 + w.close_minutes * 60),
      ];
    }
    windows.set(n, win);
    return win;
  };
  const localDay = (t) => Math.floor((t + zoneOffset(timezone, t)) / DAY);
  return (start, end) => {
    let total = 0;
    for (let n = localDay(start), last = localDay(end); n <= last; n++) {
      const win = windowOf(n);
      if (!win) continue;
      const open = Math.max(start, win[0]);
      const close = Math.min(end, win[1]);
      if (close > open) total += close - open;
    }
    return total;
  };
}

const iso = (s) => new Date(Math.round(s * 1000)).toISOString();
const float = (v) => (Number.isInteger(v) ? `${v}.0` : String(v));

/**
 * Simulated conversations as reporting events (objects, not yet sorted or numbered).
 * `inboxes` are inbox objects with Chatwoot's `id`, `working_hours_enabled`, `timezone` and
 * `working_hours` (default: three on the default schedule); business hours follow each.
 * `pending` adds conversations still waiting for a reply (no events yet), created in the
 * last day. Conversations are created until a day before `end` (so each has time to be
 * answered), or until `createdUntil` when given: the stand-in creates them up to its "now"
 * and leaves out what would be written later. Every conversation gets a display id, 1, 2, … in order of creation, as Chatwoot
 * numbers them per account; the internal `conversationId` is a different, global number.
 * @param {{conversations?: number, days?: number, seed?: number, accountId?: number, end?: number,
 *   inboxes?: object[], pending?: number, createdUntil?: number}} [o]
 * @returns {{events: object[], accountId: number,
 *   conversations: Array<{conversationId: number, displayId: number, inboxId: number, created: number}>}}
 */
export function simulate({
  conversations = 400, days = 30, seed = 42, accountId = 1, end = Date.UTC(2026, 10, 1) / 1000,
  inboxes = DEFAULT_INBOXES, pending = 0, createdUntil = end - DAY,
} = {}) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const between = (lo, hi) => lo + Math.floor(r() * (hi - lo));
  const agents = [11, 12, 13, 14, 15, 16];
  const events = [];
  const convs = [];
  const start = end - days * DAY;
  // The order of the r() calls below is what makes a seed's bytes: keep it when editing.
  for (let c = 0; c < conversations; c++) {
    const conversationId = 5000 + c * 3 + between(0, 3);
    const inbox = pick(inboxes);
    const agent = pick(agents);
    const created = between(start, createdUntil);
    convs.push({ conversationId, inboxId: inbox.id, created });
    const emit = (name, from, to, user, { bh = true } = {}) => {
      const value = Math.round(to - from);
      events.push({
        name, value,
        bh: bh ? Math.min(value, businessSeconds(inbox, Math.round(from), Math.round(from) + value)) : null,
        from, to, inbox: inbox.id, user, conversationId,
        at: to + 0.2 + r() * 3,
      });
    };
    let lastActivity = created;
    let t = created;
    const kind = r();
    if (kind < 0.05) {
      // Resolved by a bot with no human reply: the resolution and its bot copy.
      t = created + between(60, 1800);
      emit('conversation_resolved', created, t, null);
      emit('conversation_bot_resolved', created, t, null);
      continue;
    }
    if (kind < 0.10) {
      t = created + between(30, 900);
      emit('conversation_captain_inference_handoff', created, t, null, { bh: false });
    }
    if (kind < 0.30) {
      // A bot handled the start, then handed over: opened + handoff, written together.
      t = created + between(60, 3600);
      emit('conversation_opened', t, t, agent);
      emit('conversation_bot_handoff', created, t, agent);
      lastActivity = t;
    }
    t = lastActivity + Math.round(Math.exp(4 + r() * 7)); // seconds to minutes to hours
    emit('first_response', lastActivity, t, agent);
    const replies = between(0, 5);
    for (let i = 0; i < replies; i++) {
      const waitStart = t + between(60, 7200);
      t = waitStart + Math.round(Math.exp(3 + r() * 6));
      emit('reply_time', waitStart, t, agent);
    }
    t += between(600, 2 * DAY);
    emit('conversation_resolved', created, t, agent);
    if (r() < 0.15) {
      const resolvedAt = t;
      t += between(3600, 3 * DAY);
      emit('conversation_opened', resolvedAt, t, agent);
      const reopenedAt = t;
      t += between(300, DAY);
      emit('reply_time', reopenedAt, t, agent);
      t += between(600, DAY);
      emit('conversation_resolved', created, t, agent); // cumulative from creation
    }
  }
  for (let c = conversations; c < conversations + pending; c++) {
    const conversationId = 5000 + c * 3 + between(0, 3);
    convs.push({ conversationId, inboxId: pick(inboxes).id, created: between(end - DAY, end - 60) });
  }
  convs.sort((a, b) => a.created - b.created || a.conversationId - b.conversationId);
  convs.forEach((c, i) => { c.displayId = i + 1; });
  return { events, accountId, conversations: convs };
}

/** One event as Chatwoot writes it (its field order, floats with a decimal point). */
export function eventJson(e, id, accountId) {
  const at = iso(e.at);
  return `{"id":${id},"name":"${e.name}","value":${float(e.value)},` +
    `"value_in_business_hours":${e.bh === null ? 'null' : float(e.bh)},` +
    `"event_start_time":"${iso(e.from)}","event_end_time":"${iso(e.from + e.value)}",` +
    `"account_id":${accountId},"inbox_id":${e.inbox},"user_id":${e.user ?? 'null'},` +
    `"conversation_id":${e.conversationId},"created_at":"${at}","updated_at":"${at}"}`;
}

/** The simulated events as Chatwoot's JSON body: sorted by created_at, ids ascending. */
export function sampleBody(options) {
  const { events, accountId } = simulate(options);
  events.sort((a, b) => a.at - b.at);
  return `[${events.map((e, i) => eventJson(e, 100000 + i, accountId)).join(',')}]`;
}
