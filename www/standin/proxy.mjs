// Proxy mode: /api/v1/… requests are forwarded to a real Chatwoot (`--upstream URL`) and the
// answer streamed back, so the demo page (same origin as this server) can read a real
// account without CORS on the Chatwoot side. Only GET and HEAD are forwarded, with only the
// headers a reporting read needs: the token passes through, cookies and Origin never do
// (a browser's Chatwoot session cookie must not ride along).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { json, TOKEN_HEADER } from './http.mjs';

const FORWARDED_REQUEST = [TOKEN_HEADER, 'accept', 'accept-encoding', 'accept-language', 'if-none-match', 'if-modified-since'];
// Hop-by-hop headers, cookies and the upstream's own CORS headers stay behind: this
// server applies its own CORS policy.
const FORWARDED_RESPONSE = ['content-type', 'content-length', 'content-encoding', 'etag', 'last-modified',
  'cache-control', 'retry-after', 'location', 'www-authenticate', 'vary', 'x-request-id'];

/**
 * Creates the forwarder: `(req, url, signal) => Promise<response value>` whose value carries the
 * upstream body as a stream. Upstream failures become a 502 (or 504 on timeout) with a JSON
 * body naming only the error code: no message, no header, so no token, can leak.
 * @param {{upstream: string, timeoutMs?: number}} o  e.g. 'https://chatwoot.example.com'
 *   (a path prefix, e.g. 'https://example.com/chatwoot', is kept).
 */
export function createProxy({ upstream, timeoutMs = 60000 }) {
  const base = new URL(upstream);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error('--upstream must be an http(s) URL');
  const prefix = base.pathname.replace(/\/+$/, '');
  const send = base.protocol === 'https:' ? httpsRequest : httpRequest;

  return function forward(req, url, signal) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return Promise.resolve(json(405, { error: 'The stand-in proxy forwards GET and HEAD only' }, { Allow: 'GET, HEAD' }));
    }
    const headers = { 'user-agent': 'chatwoot-reporting-standin' };
    for (const h of FORWARDED_REQUEST) if (req.headers[h] !== undefined) headers[h] = req.headers[h];
    const target = new URL(prefix + url.pathname + url.search, base);
    return new Promise((resolve) => {
      // `signal` aborts when the client goes away, taking the upstream request with it.
      const up = send(target, { method: req.method, headers, timeout: timeoutMs, signal }, (upRes) => {
        const out = {};
        for (const h of FORWARDED_RESPONSE) if (upRes.headers[h] !== undefined) out[h] = upRes.headers[h];
        resolve({ status: upRes.statusCode, headers: out, stream: upRes });
      });
      up.on('timeout', () => up.destroy(Object.assign(new Error('upstream timeout'), { code: 'ETIMEDOUT' })));
      up.on('error', (e) => {
        const code = typeof e.code === 'string' ? e.code : 'EUPSTREAM';
        resolve(json(code === 'ETIMEDOUT' ? 504 : 502, { error: `The upstream Chatwoot could not be reached (${code})` }));
      });
      up.end();
    });
  };
}
