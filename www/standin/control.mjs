// The stand-in's own routes under /__standin/. NOT part of Chatwoot's API: they exist for
// tests and the demo, to find valid display ids and to script faults.
//   GET    /__standin                 what this server is (mode, edition, routes, tokens)
//   GET    /__standin/conversations   {"accountId", "displayIds", "emptyDisplayIds"}
//   GET    /__standin/faults          the scripted fault queues still pending
//   POST   /__standin/faults          {"path", "responses": [spec…]} (or an array of them)
//   DELETE /__standin/faults          clears every queue
import { json, readBody } from './http.mjs';
import { SPECIAL_TOKENS } from './api.mjs';

const NOTE = 'Not part of Chatwoot\'s API: a helper of the local stand-in (www/server.mjs).';

/**
 * Creates the handler: `(req, url) => Promise<response value>`.
 * @param {{faults: object, data: (() => object) | null, info: object}} o
 *   `data` is null in proxy mode (there is no local account then).
 */
export function createControl({ faults, data, info }) {
  return async function control(req, url) {
    const route = url.pathname.replace(/\/+$/, '');
    if (route === '/__standin' && req.method === 'GET') {
      return json(200, {
        note: NOTE, ...info, specialTokens: Object.keys(SPECIAL_TOKENS),
        routes: ['/api/v1/accounts/{account_id}/conversations/{display_id}/reporting_events',
          '/api/v1/accounts/{account_id}/reporting_events', '/api/v1/accounts/{account_id}/inboxes',
          '/api/v1/accounts/{account_id}/agents', '/__standin/conversations', '/__standin/faults'],
      });
    }
    if (route === '/__standin/conversations' && req.method === 'GET') {
      if (!data) return json(404, { note: NOTE, error: 'In proxy mode the conversations are the upstream\'s: there is no local list.' });
      const d = data();
      return json(200, {
        note: NOTE,
        accountId: d.accountId,
        displayIds: d.displayIds,
        emptyDisplayIds: d.displayIds.filter((id) => d.conversationBody(id) === '[]'),
      });
    }
    if (route === '/__standin/faults') {
      if (req.method === 'GET') return json(200, { note: NOTE, rate: faults.rate, queued: faults.list() });
      if (req.method === 'DELETE') {
        faults.clear();
        return json(200, { note: NOTE, queued: [] });
      }
      if (req.method === 'POST') {
        try {
          const body = JSON.parse(await readBody(req));
          const rules = Array.isArray(body) ? body : [body];
          if (rules.some((r) => !r || typeof r !== 'object')) throw new Error('each rule is an object {"path", "responses"}');
          const added = faults.add(rules);
          return json(200, { note: NOTE, added, queued: faults.list() });
        } catch (e) {
          return json(400, { note: NOTE, error: e.message });
        }
      }
      return json(405, { note: NOTE, error: 'GET, POST or DELETE' }, { Allow: 'GET, POST, DELETE' });
    }
    return json(404, { note: NOTE, error: 'No such stand-in route' });
  };
}
