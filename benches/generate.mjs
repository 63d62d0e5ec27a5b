// Seeded generator of realistic Chatwoot reporting-event bodies (see /work/shared/CHATWOOT.md).
//
// Runs in Node and in browsers (no Node imports at module level; the CLI at the bottom
// loads node:fs lazily).
//
//   import { generateBody, generateConversationBody } from './generate.mjs';
//   generateBody(100_000, 1)          // one account's events over 90 days, ~33 MB
//   generateConversationBody(20, 7)   // one conversation's events (the per-conversation endpoint)
//
//   node benches/generate.mjs --events 100000 --seed 1 --out /tmp/events.json
//   node benches/generate.mjs --conversation --events 20 --seed 7 --out /tmp/conv.json
//
// Semantics modelled (CHATWOOT.md):
// - conversations created over 90 days (weekday/daytime weighted in each inbox's timezone);
// - `conversation_opened` with value 0 at creation (start = end = creation); on a reopen, value
//   = time since the last resolution (start = that resolution);
// - bot inboxes start conversations pending: the bot either resolves (`conversation_resolved`
//   + its copy `conversation_bot_resolved`, no human reply, user null) or hands off
//   (`conversation_opened` + `conversation_bot_handoff`, created → handoff, once per conversation);
// - a few conversations go through the AI assistant (`conversation_captain_inference_resolved` /
//   `_handoff`, value_in_business_hours null);
// - exactly one `first_response` per conversation, measured from the last non-human activity
//   (latest handoff/(re)opening end, else last bot resolution, else creation); the first
//   reply produces no `reply_time`; later replies each produce a `reply_time` (customer began
//   waiting → reply);
// - every resolution writes `conversation_resolved` measured from creation (cumulative across
//   reopenings);
// - value_in_business_hours = working seconds between start and end under the inbox's
//   schedule (one window per weekday, fixed-offset timezones without DST), 0 for inboxes with
//   working hours off, null for captain events; always ≤ value;
// - created_at = the action time + background-job latency; updated_at = created_at; the body
//   is a snapshot at the end of the 90 days, sorted by created_at ascending, with event ids
//   ascending in insertion (created_at) order and gaps (the table is shared by accounts);
// - fields in the server's order, compact JSON, values written as floats (`120.0`),
//   timestamps `YYYY-MM-DDTHH:MM:SS.sssZ`. Values are whole seconds (rounded), as in practice.

export const ACCOUNT_ID = 17;
/** The 90-day window conversations are created in; the body is a snapshot at its end. */
export const WINDOW_START_MS = Date.UTC(2026, 0, 1); // 2026-01-01T00:00:00.000Z
export const WINDOW_DAYS = 90;
export const WINDOW_END_MS = WINDOW_START_MS + WINDOW_DAYS * 86_400_000;

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

// Weekday schedules, index 0 = Sunday: [openMinute, closeMinute] or null (closed).
const w = (h1, m1, h2, m2) => [h1 * 60 + m1, h2 * 60 + m2];
const MON_FRI_9_17 = [null, w(9, 0, 17, 0), w(9, 0, 17, 0), w(9, 0, 17, 0), w(9, 0, 17, 0), w(9, 0, 17, 0), null];

/**
 * The account's inboxes. `tz`/`offsetMin`: fixed-offset IANA zones (no DST), so business
 * time is exact with a constant offset. `hours: null` = working hours switched off.
 */
export const INBOXES = [
  { id: 3, name: 'Website', channel: 'Channel::WebWidget', tz: 'UTC', offsetMin: 0, hours: MON_FRI_9_17, bot: false, captain: 0.12, weight: 34 },
  { id: 4, name: 'Support email', channel: 'Channel::Email', tz: 'America/Sao_Paulo', offsetMin: -180, hours: null, bot: false, captain: 0, weight: 20 },
  { id: 7, name: 'WhatsApp', channel: 'Channel::Whatsapp', tz: 'Asia/Kolkata', offsetMin: 330,
    hours: [null, w(10, 0, 19, 30), w(10, 0, 19, 30), w(10, 0, 19, 30), w(10, 0, 19, 30), w(10, 0, 19, 30), w(10, 0, 14, 0)], bot: true, captain: 0, weight: 22 },
  { id: 9, name: 'API bot', channel: 'Channel::Api', tz: 'Asia/Singapore', offsetMin: 480,
    hours: [null, w(8, 30, 18, 0), w(8, 30, 18, 0), w(8, 30, 18, 0), w(8, 30, 18, 0), w(8, 30, 18, 0), null], bot: true, captain: 0, weight: 12 },
  { id: 12, name: 'Facebook', channel: 'Channel::FacebookPage', tz: 'UTC', offsetMin: 0, hours: null, bot: false, captain: 0, weight: 7 },
  { id: 15, name: 'Telegram 24/7', channel: 'Channel::Telegram', tz: 'Africa/Lagos', offsetMin: 60,
    // open all day is stored as 00:00–23:59 (86 340 s a day)
    hours: [w(0, 0, 23, 59), w(0, 0, 23, 59), w(0, 0, 23, 59), w(0, 0, 23, 59), w(0, 0, 23, 59), w(0, 0, 23, 59), w(0, 0, 23, 59)], bot: false, captain: 0, weight: 5 },
];

// ---------------------------------------------------------------------------------------
// Deterministic PRNG: splitmix32 to seed, sfc32 to draw.

function splitmix32(a) {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    t ^= t >>> 15;
    return t >>> 0;
  };
}

/** A seeded random source with the draws the simulation needs. */
export function rng(seed) {
  const sm = splitmix32((Number(seed) >>> 0) ^ 0x5eed1234);
  let a = sm(), b = sm(), c = sm(), d = sm();
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    normal() {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    /** Log-normal with the given median and log-space sigma. */
    lognormal: (median, sigma) => median * Math.exp(sigma * r.normal()),
    weighted(items, weightOf) {
      let total = 0;
      for (const it of items) total += weightOf(it);
      let x = next() * total;
      for (const it of items) {
        x -= weightOf(it);
        if (x < 0) return it;
      }
      return items[items.length - 1];
    },
  };
  return r;
}

// ---------------------------------------------------------------------------------------
// Business time.

/**
 * Working milliseconds in [startMs, endMs] under a weekly schedule (index 0 = Sunday,
 * [openMinute, closeMinute] or null) in a fixed UTC offset.
 */
export function businessMs(startMs, endMs, schedule, offsetMin) {
  if (!schedule || !(endMs > startMs)) return 0;
  const s = startMs + offsetMin * MIN;
  const e = endMs + offsetMin * MIN;
  let total = 0;
  for (let day = Math.floor(s / DAY) * DAY; day < e; day += DAY) {
    const win = schedule[(Math.floor(day / DAY) + 4) % 7]; // 1970-01-01 was a Thursday
    if (!win) continue;
    const lo = Math.max(s, day + win[0] * MIN);
    const hi = Math.min(e, day + win[1] * MIN);
    if (hi > lo) total += hi - lo;
  }
  return total;
}

/** Whether `ms` falls inside the inbox's working window. */
function isOpen(ms, inbox) {
  if (!inbox.hours) return true;
  const local = ms + inbox.offsetMin * MIN;
  const win = inbox.hours[(Math.floor(local / DAY) + 4) % 7];
  if (!win) return false;
  const m = (local - Math.floor(local / DAY) * DAY) / MIN;
  return m >= win[0] && m < win[1];
}

/** The next window opening at or after `ms` (ms itself when open). */
function nextOpening(ms, inbox) {
  if (isOpen(ms, inbox)) return ms;
  const local = ms + inbox.offsetMin * MIN;
  let day = Math.floor(local / DAY) * DAY;
  for (let k = 0; k < 8; k++, day += DAY) {
    const win = inbox.hours[(Math.floor(day / DAY) + 4) % 7];
    if (!win) continue;
    const open = day + win[0] * MIN;
    if (open >= local) return open - inbox.offsetMin * MIN;
  }
  return ms;
}

// ---------------------------------------------------------------------------------------
// Simulation.

function makeAccount(r) {
  // Agents: user ids as a real account has them (sparse, shared users table).
  const agentIds = new Set();
  while (agentIds.size < 24) agentIds.add(r.int(2, 480));
  const agents = [...agentIds].sort((a, b) => a - b);
  const teams = new Map();
  for (const inbox of INBOXES) {
    const k = r.int(4, 9);
    const team = new Set();
    while (team.size < k) team.add(r.pick(agents));
    teams.set(inbox.id, [...team]);
  }
  return { agents, teams };
}

/** Arrival-intensity weighted creation time in [from, to), in the inbox's local day. */
function creationTime(r, inbox, from, to) {
  for (;;) {
    const t = from + r.next() * (to - from);
    const local = t + inbox.offsetMin * MIN;
    const wd = (Math.floor(local / DAY) + 4) % 7;
    const hour = (local - Math.floor(local / DAY) * DAY) / HOUR;
    const weekday = wd === 0 || wd === 6 ? 0.35 : 1;
    const daytime = hour >= 8 && hour < 20 ? 1 : hour >= 6 && hour < 23 ? 0.45 : 0.12;
    if (r.next() < weekday * daytime) return Math.floor(t);
  }
}

/** How long an agent takes to answer a waiting customer, respecting working hours. */
function agentDelay(r, inbox, waitingSince) {
  let t = waitingSince;
  if (inbox.hours && !isOpen(t, inbox)) t = nextOpening(t, inbox) + r.lognormal(25 * MIN, 0.9);
  const median = inbox.channel === 'Channel::Email' ? 3 * HOUR : 9 * MIN;
  t += Math.min(r.lognormal(median, 1.25), 6 * DAY);
  return Math.floor(t) + r.int(0, 999);
}

/**
 * Simulates one conversation. Returns its events as plain records with ms times (no ids
 * yet); `opts.long` forces many replies and reopenings (for the per-conversation body).
 */
function simulateConversation(r, acct, inbox, convId, t0, opts = {}) {
  const out = [];
  const team = acct.teams.get(inbox.id);
  const assignee0 = r.chance(0.06) ? null : r.pick(team);
  let assignee = inbox.bot ? null : assignee0; // bots hold pending conversations unassigned
  const jobLag = () => Math.max(15, Math.floor(r.lognormal(280, 0.8)));

  const push = (name, start, end, user, bh = 'compute') => {
    const value = start == null || end == null ? 0 : Math.round((end - start) / 1000);
    let vbh;
    if (bh === null) vbh = null;
    else if (start == null || end == null) vbh = 0;
    else vbh = Math.round(businessMs(start, end, inbox.hours, inbox.offsetMin) / 1000);
    const created = (end ?? start ?? t0) + jobLag();
    out.push({ name, value, vbh, start, end, inbox: inbox.id, user, conv: convId, created });
    return created;
  };

  let lastNonHuman = t0;
  let hadFirstResponse = false;
  let now = t0;
  let cycles = 0;
  const maxCycles = opts.long ? 1e9 : 4;
  const enough = () => opts.long && out.length >= opts.minEvents;

  // Captain (AI assistant) or bot phase: the conversation starts pending.
  const captain = inbox.captain > 0 && r.chance(inbox.captain);
  if (captain || inbox.bot) {
    now = t0 + Math.floor(r.lognormal(captain ? 90_000 : 4 * MIN, 1.1)) + r.int(0, 999);
    const botResolves = !opts.long && r.chance(captain ? 0.4 : 0.42);
    if (botResolves) {
      if (captain) push('conversation_captain_inference_resolved', t0, now, null, null);
      push('conversation_resolved', t0, now, null);
      if (!captain) push('conversation_bot_resolved', t0, now, null);
      cycles = 1;
      if (!r.chance(0.16)) return out; // most bot-resolved conversations stay resolved
      // The customer writes again: reopened, human takes over.
      const reopened = now + Math.floor(r.lognormal(5 * HOUR, 1.4));
      assignee = assignee0;
      push('conversation_opened', now, reopened, assignee);
      lastNonHuman = reopened;
      now = reopened;
    } else {
      assignee = assignee0;
      if (captain) push('conversation_captain_inference_handoff', t0, now, assignee, null);
      push('conversation_opened', t0, now, assignee);
      push('conversation_bot_handoff', t0, now, assignee);
      lastNonHuman = now;
    }
  } else {
    push('conversation_opened', t0, t0, assignee);
  }

  for (;;) {
    // Human phase of one cycle: replies, then (usually) a resolution.
    const abandoned = !opts.long && r.chance(cycles === 0 ? 0.05 : 0.1); // resolved with no reply
    if (!abandoned) {
      const replier = r.chance(0.85) || !assignee ? r.pick(team) : assignee;
      if (assignee === null) assignee = replier; // self-assigned by replying
      const reply = agentDelay(r, inbox, now);
      if (!hadFirstResponse) {
        push('first_response', lastNonHuman, reply, replier); // the replying agent
        hadFirstResponse = true;
      } else {
        push('reply_time', now, reply, assignee);
      }
      now = reply;
      const exchanges = opts.long ? r.int(3, 7) : Math.floor(-Math.log(1 - r.next()) * 1.6);
      for (let i = 0; i < exchanges; i++) {
        const customerWrites = now + Math.floor(r.lognormal(7 * MIN, 1.3)) + r.int(0, 999);
        const answer = agentDelay(r, inbox, customerWrites);
        push('reply_time', customerWrites, answer, assignee);
        now = answer;
      }
    }
    if (!opts.long && r.chance(0.07)) return out; // still open
    if (!opts.long && r.chance(0.015)) {
      // an agent picks it up later: reassignment, no event; just more waiting
      assignee = r.pick(team);
    }
    const resolvedAt = now + Math.floor(r.lognormal(40 * MIN, 1.2)) + r.int(0, 999);
    push('conversation_resolved', t0, resolvedAt, assignee); // cumulative from creation
    now = resolvedAt;
    cycles++;
    if (enough() || cycles >= maxCycles || !(opts.long || r.chance(0.14))) return out;
    // Reopened by a new customer message.
    const reopened = now + Math.floor(r.lognormal(20 * HOUR, 1.3)) + r.int(0, 999);
    push('conversation_opened', now, reopened, assignee);
    lastNonHuman = reopened;
    now = reopened;
  }
}

const f1 = (v) => (Number.isInteger(v) ? v + '.0' : String(v));
const iso = (ms) => new Date(ms).toISOString();

/** Serializes records (already sorted, with ids) in the server's field order. */
function serialize(records) {
  const parts = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const e = records[i];
    const created = iso(e.created);
    parts[i] =
      '{"id":' + e.id +
      ',"name":"' + e.name +
      '","value":' + f1(e.value) +
      ',"value_in_business_hours":' + (e.vbh === null ? 'null' : f1(e.vbh)) +
      ',"event_start_time":' + (e.start == null ? 'null' : '"' + iso(e.start) + '"') +
      ',"event_end_time":' + (e.end == null ? 'null' : '"' + iso(e.end) + '"') +
      ',"account_id":' + ACCOUNT_ID +
      ',"inbox_id":' + (e.inbox ?? 'null') +
      ',"user_id":' + (e.user ?? 'null') +
      ',"conversation_id":' + (e.conv ?? 'null') +
      ',"created_at":"' + created +
      '","updated_at":"' + created + '"}';
  }
  return '[' + parts.join(',') + ']';
}

/** Sorts by created_at (stable), assigns ascending ids with gaps. */
function finish(r, records, firstId) {
  records.sort((a, b) => a.created - b.created);
  let id = firstId;
  for (const e of records) {
    e.id = id;
    id += r.chance(0.7) ? 1 : r.int(2, 40);
  }
  return records;
}

/**
 * Event records (plain objects, ms times) for `nEvents` events of one account over 90 days.
 * Exactly `nEvents` unless the window cannot hold them (it can, to tens of millions).
 */
export function generateRecords(nEvents, seed = 1) {
  nEvents = Math.max(0, Math.floor(nEvents));
  if (nEvents === 0) return [];
  let conversations = Math.ceil(nEvents / 4.4) + 2;
  for (let attempt = 0; ; attempt++) {
    const r = rng(seed);
    const acct = makeAccount(r);
    const starts = [];
    for (let i = 0; i < conversations; i++) {
      const inbox = r.weighted(INBOXES, (x) => x.weight);
      starts.push({ inbox, t0: creationTime(r, inbox, WINDOW_START_MS, WINDOW_END_MS) });
    }
    starts.sort((a, b) => a.t0 - b.t0); // internal ids ascend with creation
    let convId = 48_000 + r.int(0, 999);
    let records = [];
    for (const s of starts) {
      for (const e of simulateConversation(r, acct, s.inbox, convId, s.t0)) {
        if (e.created < WINDOW_END_MS) records.push(e); // snapshot at the window's end
      }
      convId += r.chance(0.6) ? 1 : r.int(2, 25);
    }
    // Aim for just over nEvents, so the cut below keeps (nearly) the whole 90 days.
    const fits = records.length >= nEvents && records.length <= nEvents * 1.02 + 50;
    if (fits || (attempt > 8 && records.length >= nEvents) || attempt > 12) {
      records.sort((a, b) => a.created - b.created);
      records = records.slice(0, nEvents); // an earlier snapshot: every prefix is consistent
      return finish(r, records, 3_100_000 + r.int(0, 99_999));
    }
    conversations = Math.ceil(((conversations * nEvents) / Math.max(1, records.length)) * 1.005) + 1;
  }
}

/** A body of `nEvents` events of one account over 90 days (~330 bytes an event). */
export function generateBody(nEvents, seed = 1) {
  return serialize(generateRecords(nEvents, seed));
}

/**
 * The body of the per-conversation endpoint: one conversation's first `nEvents` events
 * (a long conversation: replies, resolutions and reopenings until there are enough).
 */
export function generateConversationBody(nEvents, seed = 1) {
  const r = rng((Number(seed) >>> 0) ^ 0xc0417e55);
  const acct = makeAccount(r);
  const inbox = r.weighted(INBOXES, (x) => x.weight);
  const t0 = creationTime(r, inbox, WINDOW_START_MS, WINDOW_END_MS - 20 * DAY);
  const convId = 48_000 + r.int(0, 30_000);
  let records = simulateConversation(r, acct, inbox, convId, t0, { long: true, minEvents: nEvents });
  records.sort((a, b) => a.created - b.created);
  records = records.slice(0, Math.max(0, nEvents));
  return serialize(finish(r, records, 3_100_000 + r.int(0, 900_000)));
}

// ---------------------------------------------------------------------------------------
// CLI

const isMain =
  typeof process !== 'undefined' &&
  process.argv?.[1] &&
  import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href;

if (isMain) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return dflt;
    return args[i].includes('=') ? args[i].slice(args[i].indexOf('=') + 1) : args[i + 1];
  };
  if (args.includes('--help') || args.includes('-h')) {
    console.log('usage: node benches/generate.mjs [--events N=100000] [--seed S=1] [--conversation] [--out FILE]');
    process.exit(0);
  }
  const n = Number(opt('events', 100_000));
  const seed = Number(opt('seed', 1));
  const out = opt('out', null);
  const body = args.includes('--conversation') ? generateConversationBody(n, seed) : generateBody(n, seed);
  if (out) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(out, body);
    console.error(`wrote ${out}: ${n} events, ${body.length} bytes (seed ${seed})`);
  } else {
    process.stdout.write(body);
  }
}
