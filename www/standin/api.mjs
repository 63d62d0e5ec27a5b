// The Chatwoot API the stand-in answers, over the simulated account (data.mjs), with the
// status codes and bodies real servers send (../shared/CHATWOOT.md):
//   GET /api/v1/accounts/{account_id}/conversations/{display_id}/reporting_events
//   GET /api/v1/accounts/{account_id}/reporting_events?page=&since=&until=&inbox_id=&user_id=&name=
//   GET /api/v1/accounts/{account_id}/inboxes
//   GET /api/v1/accounts/{account_id}/agents        (a bare array, as Chatwoot's agents index)
// Anything else under /api/ gets the HTML 404 page Rails serves for an unknown route.
import { json, railsNotFound, TOKEN_HEADER } from './http.mjs';

/**
 * Tokens that stand for the other ways Chatwoot refuses a valid-looking request, so a
 * client can be tested against each 401 body. `agent-token` is an agent who is not an
 * administrator: conversations and inboxes work, the account-wide list is refused.
 */
export const SPECIAL_TOKENS = Object.freeze({
  'bot-token': 'Access to this endpoint is not authorized for bots',
  'other-account-token': 'You are not authorized to access this account',
  'suspended-token': 'Account is suspended',
  'denied-token': 'You are not authorized to do this action',
  'agent-token': null,
});

const unauthorized = (error) => json(401, { error });
const notFound = () => json(404, { error: 'Resource could not be found' });
const POLICY = 'You are not authorized to do this action';

/** Ruby's String#to_i, as Rails casts query values to integers: leading digits, else 0. */
function toI(s) {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

/** decodeURIComponent that gives null for a malformed escape instead of throwing. */
function decode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/**
 * Creates the API handler: `(req, url) => response value` (see http.mjs) for any /api/ path.
 * @param {{data: () => object, token: string, edition?: 'enterprise'|'community'}} o
 *   `data` is called on first use (building the account takes a fraction of a second, and
 *   the demo page never needs it).
 */
export function createApi({ data, token, edition = 'enterprise' }) {
  /** Chatwoot's checks in its order: token, bot, account (404), suspended, membership. */
  function authorize(req, accountParam) {
    const given = req.headers[TOKEN_HEADER];
    if (typeof given !== 'string' || (given !== token && !Object.hasOwn(SPECIAL_TOKENS, given))) {
      return { refused: unauthorized('Invalid Access Token') };
    }
    if (given === 'bot-token') return { refused: unauthorized(SPECIAL_TOKENS[given]) };
    const account = data();
    // Account.find(params[:account_id]): Rails casts "1abc" to 1, as to_i does.
    if (!/^\d/.test(accountParam) || toI(accountParam) !== account.accountId) return { refused: notFound() };
    if (given === 'suspended-token' || given === 'other-account-token') {
      return { refused: unauthorized(SPECIAL_TOKENS[given]) };
    }
    return { account, role: given === token ? 'administrator' : given === 'agent-token' ? 'agent' : 'denied' };
  }

  return function handle(req, url) {
    // m[1] account id; m[2] "inboxes" or "agents"; m[3] display id (absent: the account-wide list).
    const m = /^\/api\/v1\/accounts\/([^/]+)\/(?:(inboxes|agents)|reporting_events|conversations\/([^/]+)\/reporting_events)\/?$/.exec(url.pathname);
    // Rails routes GET and HEAD alike; other methods have no route here. The reporting
    // routes are Enterprise-only: a Community server has no such route at all.
    if (!m || (req.method !== 'GET' && req.method !== 'HEAD') || (edition === 'community' && !m[2])) {
      return railsNotFound();
    }
    const { refused, account, role } = authorize(req, decode(m[1]) ?? '');
    if (refused) return refused;

    if (m[2]) {
      if (role === 'denied') return unauthorized(POLICY);
      // Inboxes come wrapped in {"payload"}; agents as a bare array (CHATWOOT.md).
      return m[2] === 'agents' ? json(200, account.agents) : json(200, { payload: account.inboxes });
    }
    if (m[3] !== undefined) {
      // find_by!(display_id:) comes before the policy check, so an unknown id is a 404 for anyone.
      const raw = decode(m[3]) ?? '';
      const body = /^\d+$/.test(raw) ? account.conversationBody(Number(raw)) : null;
      if (body === null) return notFound();
      if (role === 'denied') return unauthorized(POLICY);
      return json(200, body);
    }
    // The account-wide list: administrators only.
    if (role !== 'administrator') return unauthorized(POLICY);
    // Rails skips a filter whose parameter is blank (`.present?`).
    const param = (k) => {
      const v = url.searchParams.get(k)?.trim();
      return v ? v : undefined;
    };
    const query = { page: url.searchParams.has('page') ? toI(url.searchParams.get('page')) : 1 };
    // DateRangeHelper#range: only when both ends are given; DateTime.strptime(x, '%s')
    // raises on anything but an integer, which Rails turns into a 500.
    const [since, until] = [param('since'), param('until')];
    if (since !== undefined && until !== undefined) {
      if (!/^-?\d+$/.test(since) || !/^-?\d+$/.test(until)) return json(500, { status: 500, error: 'Internal Server Error' });
      Object.assign(query, { since: Number(since), until: Number(until) });
    }
    if (param('inbox_id') !== undefined) query.inboxId = toI(param('inbox_id'));
    if (param('user_id') !== undefined) query.userId = toI(param('user_id'));
    // CHATWOOT.md names the filter `name`; some Chatwoot versions read `event_name` instead.
    const name = param('name') ?? param('event_name');
    if (name !== undefined) query.name = name;
    return json(200, account.accountPage(query));
  };
}
