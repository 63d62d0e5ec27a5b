// The stand-in's account: inboxes with their working hours, agents, and the simulated
// conversations and reporting events behind them, indexed for the Chatwoot routes the
// stand-in answers. Pure data, no Node imports, so a page under /www/ can import it too.
import { eventJson, simulate, weeklySchedule, DEFAULT_WORKING_HOURS } from '../sample.mjs';

/**
 * Builds one inbox as Chatwoot's inbox JSON (`GET …/inboxes`) writes it: the fields this
 * project reads (`id`, `name`, `channel_type`, `working_hours_enabled`, `timezone`,
 * `working_hours`) and a few of the others, so clients see a realistic, wider object.
 */
function inbox(id, name, channel_type, { timezone = 'UTC', working_hours = DEFAULT_WORKING_HOURS, working_hours_enabled = true } = {}) {
  return {
    id, avatar_url: '', channel_id: id, name, channel_type,
    greeting_enabled: false, greeting_message: null,
    working_hours_enabled, enable_email_collect: true, csat_survey_enabled: false,
    enable_auto_assignment: true, auto_assignment_config: {},
    out_of_office_message: null, working_hours, timezone,
    callback_webhook_url: null, allow_messages_after_resolved: true,
    lock_to_single_conversation: false, sender_name_type: 'friendly', business_name: null,
  };
}

/**
 * The stand-in's default inboxes. Most follow Chatwoot's default (Mon–Fri 09:00–17:00 UTC);
 * two use other IANA zones (Berlin has a DST change inside the default 90 days and an
 * open-all-day Sunday, so 00:00–23:59 on a 25-hour day is exercised; Kolkata is +05:30),
 * and one has working hours switched off, so its business values are all 0.
 */
export function defaultInboxes() {
  return [
    inbox(1, 'Website', 'Channel::WebWidget'),
    inbox(2, 'Support email', 'Channel::Email'),
    inbox(3, 'WhatsApp', 'Channel::Whatsapp'),
    inbox(4, 'Facebook', 'Channel::FacebookPage'),
    inbox(5, 'Berlin office', 'Channel::Api', {
      timezone: 'Europe/Berlin', working_hours: weeklySchedule(['all', ...Array(5).fill('08:00-16:30'), null]),
    }),
    inbox(6, 'India desk', 'Channel::Telegram', {
      timezone: 'Asia/Kolkata', working_hours: weeklySchedule([null, ...Array(6).fill('10:00-19:00')]),
    }),
    inbox(7, 'Legacy API', 'Channel::Api', { working_hours_enabled: false }),
  ];
}

/** The user ids the simulator gives agents (sample.mjs), with the names the stand-in lists. */
const AGENT_NAMES = [
  [11, 'Amara Okafor', 'administrator'], [12, 'Bruno Silva', 'agent'], [13, 'Chen Wei', 'agent'],
  [14, 'Dana Kowalski', 'agent'], [15, 'Eitan Levi', 'agent'], [16, 'Farah Haddad', 'administrator'],
];

/**
 * The account's agents as Chatwoot's `GET …/agents` writes them (a bare array, CHATWOOT.md):
 * one for every user id the simulation puts on events.
 */
export function defaultAgents(accountId = 1) {
  return AGENT_NAMES.map(([id, name, role], i) => ({
    id, account_id: accountId, availability_status: ['online', 'busy', 'offline'][i % 3], auto_offline: true,
    confirmed: true, email: `${name.split(' ')[0].toLowerCase()}@example.com`, provider: 'email',
    available_name: name.split(' ')[0], name, role, thumbnail: '',
  }));
}

/** Where the simulation used to end; tests pass it as a fixed clock for the same bytes as before. */
export const FIXED_END = Date.UTC(2026, 10, 1) / 1000;

/**
 * The simulated account, indexed for the API.
 * @param {{accountId?: number, conversations?: number, days?: number, seed?: number,
 *   end?: number, pending?: number, inboxes?: object[], agents?: object[]}} [o]
 *   defaults: account 1, 6000 conversations over the 180 days before `end`, seed 2024,
 *   40 conversations still waiting (no events), `defaultInboxes()`, `defaultAgents()`.
 *   `end` (epoch seconds) is the simulation's "now", by default the moment of the call: the
 *   demo lives in the present, so every range counted back from today has data. Events that
 *   would be written after it are not there yet (a conversation may still be open), as on a
 *   real server. The same options, `end` included, always give the same bytes.
 */
export function createDataset({
  accountId = 1, conversations = 6000, days = 180, seed = 2024, end = Math.floor(Date.now() / 1000),
  pending = 40, inboxes = defaultInboxes(), agents = defaultAgents(accountId),
} = {}) {
  // Conversations are created right up to "now"; what they would write later is left out.
  const sim = simulate({ conversations, days, seed, accountId, end, inboxes, pending, createdUntil: end });
  // No event is written after "now" (resolutions and replies still to come).
  sim.events = sim.events.filter((e) => e.at < end);
  sim.events.sort((a, b) => a.at - b.at);
  // Ids ascending in created_at order, as a database sequence would give them.
  const events = sim.events.map((e, i) => ({
    // created_at as written (to the millisecond), so range filters agree with the bodies.
    createdAt: Math.round(e.at * 1000) / 1000, inboxId: e.inbox, userId: e.user, name: e.name, conversationId: e.conversationId,
    json: eventJson(e, 100000 + i, accountId),
  }));
  /** The first index whose created_at is at or after t. */
  const lowerBound = (t) => {
    let a = 0;
    let b = events.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (events[m].createdAt < t) a = m + 1;
      else b = m;
    }
    return a;
  };
  const byInternal = new Map(sim.conversations.map((c) => [c.conversationId, []]));
  for (const e of events) byInternal.get(e.conversationId).push(e.json);
  const byDisplay = new Map(sim.conversations.map((c) => [c.displayId, byInternal.get(c.conversationId)]));
  return {
    accountId,
    inboxes,
    agents,
    /** The simulation's "now" and its first day, epoch seconds. */
    end,
    start: end - days * 86400,
    conversations: sim.conversations,
    events,
    /** Display ids in ascending order. */
    displayIds: [...byDisplay.keys()].sort((a, b) => a - b),
    /** The bare-array body of one conversation (ascending created_at), or null if unknown. */
    conversationBody(displayId) {
      const list = byDisplay.get(displayId);
      return list ? `[${list.join(',')}]` : null;
    },
    /**
     * One page of the account-wide list as its JSON body: newest first, 25 a page, filters as Chatwoot applies
     * them (the time range only when both ends are given, half-open on created_at).
     * @param {{page: number, since?: number, until?: number, inboxId?: number, userId?: number, name?: string}} q
     */
    accountPage({ page, since, until, inboxId, userId, name }, perPage = 25) {
      const offset = perPage * Math.max(0, page - 1);
      if (inboxId === undefined && userId === undefined && name === undefined) {
        // No filter but the range: the events are sorted by created_at, so the page is a
        // slice found by binary search (a busy demo asks for a thousand pages).
        const lo = since === undefined ? 0 : lowerBound(since);
        const hi = since === undefined ? events.length : Math.max(lo, lowerBound(until));
        const count = hi - lo;
        const top = hi - offset; // newest first
        const slice = [];
        for (let i = top - 1; i >= Math.max(lo, top - perPage); i--) slice.push(events[i].json);
        return `{"payload":[${slice.join(',')}],` +
          `"meta":{"count":${count},"current_page":${page},"total_pages":${Math.ceil(count / perPage)}}}`;
      }
      const hits = [];
      for (let i = events.length - 1; i >= 0; i--) {
        const e = events[i];
        if (since !== undefined && (e.createdAt < since || e.createdAt >= until)) continue;
        if (inboxId !== undefined && e.inboxId !== inboxId) continue;
        if (userId !== undefined && e.userId !== userId) continue;
        if (name !== undefined && e.name !== name) continue;
        hits.push(e.json);
      }
      return `{"payload":[${hits.slice(offset, offset + perPage).join(',')}],` +
        `"meta":{"count":${hits.length},"current_page":${page},"total_pages":${Math.ceil(hits.length / perPage)}}}`;
    },
  };
}
