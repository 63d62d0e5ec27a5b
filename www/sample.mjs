// A seeded simulator of Chatwoot conversations that writes reporting events the way
// Chatwoot does (CHATWOOT.md): one first_response per conversation ever, cumulative
// resolution values, reopenings, bot handoffs (opened + handoff), bot-only resolutions,
// AI-assistant events with null business hours, business hours under the default
// Mon–Fri 09:00–17:00 UTC schedule, created_at a little after the action.
// Runs in the browser and in Node; the same seed always gives the same bytes.

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

const iso = (s) => new Date(Math.round(s * 1000)).toISOString();
const float = (v) => (Number.isInteger(v) ? `${v}.0` : String(v));

/**
 * Simulated conversations as reporting events (objects, not yet sorted or numbered).
 * @param {{conversations?: number, days?: number, seed?: number, accountId?: number, end?: number}} [o]
 */
export function simulate({ conversations = 400, days = 30, seed = 42, accountId = 1, end = Date.UTC(2026, 10, 1) / 1000 } = {}) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const between = (lo, hi) => lo + Math.floor(r() * (hi - lo));
  const inboxes = [1, 2, 3];
  const agents = [11, 12, 13, 14, 15, 16];
  const events = [];
  const start = end - days * DAY;
  for (let c = 0; c < conversations; c++) {
    const conversationId = 5000 + c * 3 + between(0, 3);
    const inbox = pick(inboxes);
    const agent = pick(agents);
    const created = between(start, end - DAY);
    const emit = (name, from, to, user, { bh = true } = {}) => {
      const value = Math.round(to - from);
      events.push({
        name, value,
        bh: bh ? Math.min(value, defaultBusinessSeconds(Math.round(from), Math.round(from) + value)) : null,
        from, to, inbox, user, conversationId,
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
  return { events, accountId };
}

/** The simulated events as Chatwoot's JSON body: sorted by created_at, ids ascending. */
export function sampleBody(options) {
  const { events, accountId } = simulate(options);
  events.sort((a, b) => a.at - b.at);
  const parts = events.map((e, i) => {
    const at = iso(e.at);
    return `{"id":${100000 + i},"name":"${e.name}","value":${float(e.value)},` +
      `"value_in_business_hours":${e.bh === null ? 'null' : float(e.bh)},` +
      `"event_start_time":"${iso(e.from)}","event_end_time":"${iso(e.from + e.value)}",` +
      `"account_id":${accountId},"inbox_id":${e.inbox},"user_id":${e.user ?? 'null'},` +
      `"conversation_id":${e.conversationId},"created_at":"${at}","updated_at":"${at}"}`;
  });
  return `[${parts.join(',')}]`;
}
