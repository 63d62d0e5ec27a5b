// ReportingError codes as messages a support lead understands: a headline, what to do,
// and the package's own sentence (which never contains the token) as the detail.

/**
 * @param {{code: string, message: string, status?: number}} err
 * @param {{origin: string, source: string, target: string}} ctx  what was being loaded
 * @returns {{title: string, hints: string[], detail: string, tone: 'error'|'info'}}
 */
export function describeError(err, ctx = {}) {
  const code = err?.code ?? 'internal';
  const detail = String(err?.message ?? err ?? '');
  const where = ctx.origin ? ` at ${ctx.origin}` : '';
  const notAdmin = /not authorized to do this action/i.test(detail);
  switch (code) {
    case 'aborted':
      return {
        tone: 'info', title: 'Loading cancelled.',
        hints: [ctx.hasData ? 'The figures shown are from the previous load. Press Refresh to load again.' : 'Press Refresh to load again, or Connect… to load from elsewhere.'],
        detail: '',
      };
    case 'unauthorized':
    case 'forbidden':
      if (notAdmin && ctx.source === 'account') {
        return {
          tone: 'error', title: 'This access token may not read the account-wide report.',
          hints: ['The account-wide list of events is for administrators only.',
            'Use an administrator\'s token, or choose "Conversations by display id" under Connect.'],
          detail,
        };
      }
      return {
        tone: 'error', title: `Chatwoot refused the access token${where} (unauthorized).`,
        hints: ['Check the token: in Chatwoot, open Profile settings → Access token and copy it again.',
          'Check the account id: it is the number after /app/accounts/ in Chatwoot\'s address bar.'],
        detail,
      };
    case 'not_found':
      return {
        tone: 'error', title: `No reporting-events API${where} (404).`,
        hints: ['The reporting-events API exists only in Chatwoot\'s Enterprise edition: a Community server answers 404.',
          'Or the account id (or a conversation\'s display id) is wrong.'],
        detail,
      };
    case 'network':
      return {
        tone: 'error', title: `Could not reach Chatwoot${where}.`,
        hints: ['The server may be down or the address mistyped.',
          'A Chatwoot on another origin must allow this page (CORS: ENABLE_API_CORS=true), or run `node www/server.mjs --upstream https://your-chatwoot` and choose "This server" under Connect.',
          'A redirect (for example to a login page) is refused so that the token never follows it.'],
        detail,
      };
    case 'timeout':
      return {
        tone: 'error', title: 'Chatwoot took too long to answer (timeout).',
        hints: ['Try again, choose a shorter time range, or allow more time per request under Connect.'],
        detail,
      };
    case 'rate_limited':
      return {
        tone: 'error', title: 'Chatwoot is rate-limiting these requests (429).',
        hints: ['Wait a minute and press Refresh. A shorter time range needs fewer requests.'],
        detail,
      };
    case 'server_error':
      return {
        tone: 'error', title: `Chatwoot had a server error${err.status ? ` (${err.status})` : ''}.`,
        hints: ['This is on the server\'s side, or a proxy in front of it. Try again in a moment.'],
        detail,
      };
    case 'http_error':
      // The client never follows a redirect (the token would go with it): say so.
      if (/redirected/.test(err.message ?? '')) {
        return {
          tone: 'error', title: 'Chatwoot answered with a redirect, which the token does not follow.',
          hints: ['Set the base URL to the address it redirects to (often the https:// form, or the host with or without www). A login page in front of the API also redirects.'],
          detail,
        };
      }
    // falls through
    case 'bad_response':
      return {
        tone: 'error', title: 'The answer did not look like Chatwoot\'s API.',
        hints: ['Check the base URL: it should be Chatwoot\'s address, e.g. https://app.chatwoot.com, without /app/….',
          'A proxy or a login page may be answering instead of Chatwoot.'],
        detail,
      };
    case 'invalid_data':
    case 'too_large':
      return {
        tone: 'error', title: code === 'too_large' ? 'The data is too large to load.' : 'The data is not valid Chatwoot reporting events.',
        hints: code === 'too_large' ? ['Choose a shorter time range.'] : ['See the details below.'],
        detail,
      };
    case 'invalid_argument':
      return { tone: 'error', title: 'These settings cannot be used.', hints: [], detail };
    default:
      return { tone: 'error', title: 'Something went wrong.', hints: ['Reload the page and try again.'], detail };
  }
}
