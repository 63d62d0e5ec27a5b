// The stand-in's account: inboxes with their working hours, and the simulated conversations
// and reporting events behind them, indexed for the three Chatwoot routes the stand-in
// answers. Pure data, no Node imports, so a page under /www/ can import it too.
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

/**
 * The simulated account, indexed for the API.
 * @param {{accountId?: number, conversations?: number, days?: number, seed?: number,
 *   end?: number, pending?: number, inboxes?: object[]}} [o]
 *   defaults: account 1, 3000 conversations over the 90 days before 2026-11-01, seed 2024,
 *   40 conversations still waiting (no events), `defaultInboxes()`.
 */
export function createDataset({
  accountId = 1, conversations = 3000, days = 90, seed = 2024, end = Date.UTC(2026, 10, 1) / 1000,
  pending = 40, inboxes = defaultInboxes(),
} = {}) {
  const sim = simulate({ conversations, days, seed, accountId, end, inboxes, pending });
  sim.events.sort((a, b) => a.at - b.at);
  // Ids ascending in created_at order, as a database sequence would give them.
  const events = sim.events.map((e, i) => ({
    // created_at as written (to the millisecond), so range filters agree with the bodies.
    createdAt: Math.round(e.at * 1000) / 1000, inboxId: e.inbox, userId: e.user, name: e.name, conversationId: e.conversationId,
    json: eventJson(e, 100000 + i, accountId),
  }));
  const byInternal = new Map(sim.conversations.map((c) => [c.conversationId, []]));
  for (const e of events) byInternal.get(e.conversationId).push(e.json);
  const byDisplay = new Map(sim.conversations.map((c) => [c.displayId, byInternal.get(c.conversationId)]));
  return {
    accountId,
    inboxes,
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
      const hits = [];
      for (let i = events.length - 1; i >= 0; i--) {
        const e = events[i];
        if (since !== undefined && (e.createdAt < since || e.createdAt >= until)) continue;
        if (inboxId !== undefined && e.inboxId !== inboxId) continue;
        if (userId !== undefined && e.userId !== userId) continue;
        if (name !== undefined && e.name !== name) continue;
        hits.push(e.json);
      }
      const offset = perPage * Math.max(0, page - 1);
      return `{"payload":[${hits.slice(offset, offset + perPage).join(',')}],` +
        `"meta":{"count":${hits.length},"current_page":${page},"total_pages":${Math.ceil(hits.length / perPage)}}}`;
    },
  };
}
