// ReportingError codes as messages a support lead understands: a headline naming the real
// cause, what to do, and the package's own sentence (which never contains the token) as
// the detail. Chatwoot's 401 and 404 bodies tell several causes apart (CHATWOOT.md): a
// suspended account, a bot's token, a user outside the account, a policy refusal, a wrong
// account id (JSON 404) versus a server without the route (HTML 404: Community edition).

/**
 * @param {{code: string, message: string, status?: number}} err
 * @param {{origin?: string, source?: string, target?: string, hasData?: boolean, accountId?: number}} ctx
 * @returns {{title: string, hints: string[], detail: string, tone: 'error'|'info', cause: string}}
 */
export function describeError(err, ctx = {}) {
  const code = err?.code ?? 'internal';
  const detail = String(err?.message ?? err ?? '');
  const where = ctx.origin ? ` at ${ctx.origin}` : '';
  const account = ctx.accountId ? `account ${ctx.accountId}` : 'this account';
  const kept = ctx.hasData ? ' The figures shown are what arrived before; what was fetched is kept on this device.' : '';
  const say = (cause, title, hints, tone = 'error') => ({ cause, tone, title, hints, detail });
  switch (code) {
    case 'aborted':
      return say('aborted', 'Loading cancelled.', [ctx.hasData ? 'The figures shown are from what was loaded. Press Refresh to load the rest.' : 'Press Refresh to load again, or Connect… to load from elsewhere.'], 'info');
    case 'unauthorized':
    case 'forbidden':
      if (/account is suspended/i.test(detail)) {
        return say('suspended', `Chatwoot says ${account} is suspended.`, [
          'A suspended account answers no API request. Its administrator (or the Chatwoot operator) can reactivate it.',
          'Connect to another account with Connect….']);
      }
      if (/not authorized for bots/i.test(detail)) {
        return say('bot', 'This is an agent bot\'s access token: bots may not read reports.', [
          'Use a person\'s token: in Chatwoot, open Profile settings → Access token.']);
      }
      if (/not authorized to access this account/i.test(detail)) {
        return say('other_account', `The token's user is not a member of ${account}.`, [
          'Check the account id: it is the number after /app/accounts/ in Chatwoot\'s address bar.',
          'Or use the token of a user of that account.']);
      }
      if (/not authorized to do this action/i.test(detail)) {
        if (ctx.source === 'account') {
          return say('not_admin', 'This access token may not read the account-wide report.', [
            'The account-wide list of events is for administrators only.',
            'Use an administrator\'s token, or choose "Conversations by display id" under Connect.']);
        }
        return say('policy', 'Chatwoot does not let this user see these conversations.', [
          'An agent sees only the conversations of their inboxes and teams. Use an administrator\'s token.']);
      }
      return say('token', `Chatwoot refused the access token${where} (unauthorized).`, [
        'Check the token: in Chatwoot, open Profile settings → Access token and copy it again.',
        'A token is sent only in the api_access_token header: a proxy that drops headers with underscores (nginx without underscores_in_headers on) makes every token look wrong.']);
    case 'not_found':
      if (/Resource could not be found/i.test(detail)) {
        return say('account_id', `Chatwoot${where} has no ${account} (404).`, [
          'Check the account id: it is the number after /app/accounts/ in Chatwoot\'s address bar.',
          ...(ctx.source === 'conversations' ? ['Or a display id does not exist in this account.'] : [])]);
      }
      return say('community', `No reporting-events API${where} (404).`, [
        'The reporting-events API exists only in Chatwoot\'s Enterprise edition: a Community server has no such route.',
        'Or the address is not Chatwoot\'s (a path such as /app/… or a wrong prefix).']);
    case 'network':
      return say('network', `Could not reach Chatwoot${where}.`, [
        'The server may be down or the address mistyped.',
        'A Chatwoot on another origin must allow this page (CORS: ENABLE_API_CORS=true), or run `node www/server.mjs --upstream https://your-chatwoot` and choose "This server" under Connect.',
        ...(kept ? [kept.trim()] : [])]);
    case 'timeout':
      return say('timeout', 'Chatwoot took too long to answer (timeout).', [
        `Try again, choose a shorter time range, or allow more time per request under Connect.${kept}`]);
    case 'rate_limited':
      return say('rate_limited', 'Chatwoot is rate-limiting these requests (429).', [
        `Wait a minute and press Refresh: only what is still missing is asked for.${kept}`]);
    case 'server_error':
      return say('server_error', `Chatwoot had a server error${err.status ? ` (${err.status})` : ''}.`, [
        `This is on the server's side, or a proxy in front of it. Try again in a moment.${kept}`]);
    case 'http_error':
      if (/redirect/i.test(detail)) {
        const status = err.status ?? /\((3\d\d)\)/.exec(detail)?.[1];
        return say('redirect', `Chatwoot's address${where} answered with a redirect${status ? ` (${status})` : ''}.`, [
          'Redirects are not followed, so the token never goes elsewhere. A login page or single sign-on in front of the API, or http:// instead of https://, redirects.',
          'Use the address the redirect names as Chatwoot\'s address (see the details), or the API\'s own host.']);
      }
      return say('http_error', `Chatwoot answered with an unexpected status${err.status ? ` (${err.status})` : ''}.`, ['See the details below.']);
    case 'bad_response':
      if (/HTML page|login screen/i.test(detail)) {
        return say('html', 'A web page answered instead of Chatwoot\'s API.', [
          'Check Chatwoot\'s address: e.g. https://app.chatwoot.com, without /app/….',
          'A proxy or a login page may be answering instead of Chatwoot.']);
      }
      if (/not valid JSON/i.test(detail)) {
        return say('truncated', 'A page of events arrived cut short.', [
          `The connection dropped in the middle of an answer (it was asked twice). Press Refresh: only what is still missing is asked for.${kept}`]);
      }
      return say('bad_response', 'The answer did not look like Chatwoot\'s API.', [
        'Check Chatwoot\'s address and the proxy in front of it.']);
    case 'invalid_data':
    case 'too_large':
      return say(code, code === 'too_large' ? 'The data is too large to load.' : 'The data is not valid Chatwoot reporting events.',
        code === 'too_large' ? ['Choose a shorter time range.'] : ['See the details below.']);
    case 'invalid_argument':
      return say('invalid_argument', 'These settings cannot be used.', []);
    default:
      return say('internal', 'Something went wrong.', ['Reload the page and try again.']);
  }
}
