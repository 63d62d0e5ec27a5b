// Small HTTP helpers shared by the stand-in's modules: responses as plain values, the CORS
// policy, delivery of a response (whole, cut short, or trickled), and token redaction.
import { STATUS_CODES } from 'node:http';

export const JSON_TYPE = 'application/json; charset=utf-8';
export const HTML_TYPE = 'text/html; charset=utf-8';

/** The header Chatwoot reads the token from (lower case, as Node hands headers over). */
export const TOKEN_HEADER = 'api_access_token';

/**
 * A response as a value: `{status, headers, body}` (body a string or Buffer), or with
 * `stream` (a readable, from the proxy) instead of `body`. Handlers return these, so
 * faults can alter how any of them is delivered.
 */
export function result(status, body, type = JSON_TYPE, headers = {}) {
  return { status, headers: { 'Content-Type': type, ...headers }, body };
}

/** A JSON response; Rails adds this Cache-Control to every API answer. */
export function json(status, value, headers = {}) {
  const body = typeof value === 'string' ? value : JSON.stringify(value);
  return result(status, body, JSON_TYPE, { 'Cache-Control': 'max-age=0, private, must-revalidate', ...headers });
}

/** The page Rails serves for a route that does not exist (Chatwoot's public/404.html, shortened). */
export function railsNotFound() {
  return result(404, '<!DOCTYPE html>\n<html><head><title>The page you were looking for doesn\'t exist (404)</title></head>\n' +
    '<body><h1>The page you were looking for doesn\'t exist.</h1><p>You may have mistyped the address or the page may have moved.</p></body></html>\n', HTML_TYPE);
}

/** The error page nginx writes itself, e.g. for 502 when Chatwoot's app server is down. */
export function nginxPage(status) {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return result(status, `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`, HTML_TYPE);
}

/**
 * CORS headers for a response, as rack-cors writes them when Chatwoot runs with
 * ENABLE_API_CORS (any origin, no credentials). Off (the default) gives none, as a stock
 * Chatwoot does for /api/*. Like rack-cors, only requests that carry an Origin get them.
 * Retry-After is exposed so a browser client can honour it on 429.
 */
export function corsHeaders(req, enabled) {
  if (!enabled || !req.headers.origin) return {};
  return { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Retry-After' };
}

/**
 * The answer to a CORS preflight (OPTIONS with Access-Control-Request-Method). With CORS
 * on: 200 allowing the asked method and headers (so `api_access_token` passes). With it
 * off: the 404 page Rails gives for an OPTIONS it has no route for, with no allow headers,
 * so the browser refuses the real request.
 */
export function preflight(req, enabled, methods) {
  if (!enabled) return railsNotFound();
  return result(200, '', 'text/plain; charset=utf-8', {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': methods,
    'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '',
    'Access-Control-Max-Age': '7200',
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Collects a readable stream into one Buffer. */
async function collect(stream) {
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks);
}

/**
 * Writes a response value to `res`. `how` alters the delivery (faults):
 * - `{truncate: {bytes, abort}}`: only the first `bytes` of the body (default half). Without
 *   `abort` the answer ends cleanly (chunked, no Content-Length), so the client gets a 200
 *   with broken JSON; with `abort` the full Content-Length is announced and the socket is
 *   destroyed after the part, so the client sees the connection drop mid-body.
 * - `{trickle: {chunk, every}}`: the body in `chunk`-byte pieces, one every `every` ms.
 * A streamed body (proxy) is piped as it comes, or collected first when it must be altered.
 */
export async function deliver(res, value, how = {}) {
  if (res.destroyed) { // the client left while the answer was being made (latency, upstream)
    value.stream?.destroy();
    return;
  }
  if (value.stream && !how.truncate && !how.trickle) {
    res.writeHead(value.status, value.headers);
    value.stream.on('error', () => res.destroy());
    value.stream.pipe(res);
    return;
  }
  // The length is set below from what is really sent; a proxied answer's own goes (any case).
  const headers = Object.fromEntries(Object.entries(value.headers).filter(([k]) => k.toLowerCase() !== 'content-length'));
  // For HEAD, Node sends the headers (the GET's length included) and drops the body itself.
  const body = value.stream ? await collect(value.stream) : Buffer.from(value.body ?? '');
  if (how.truncate) {
    const cut = Math.min(body.length, how.truncate.bytes ?? Math.floor(body.length / 2));
    if (how.truncate.abort) {
      res.writeHead(value.status, { ...headers, 'Content-Length': String(body.length) });
      res.write(body.subarray(0, cut));
      // Give the part time to leave before the reset, so the client sees headers then a drop.
      await sleep(20);
      res.destroy();
      return;
    }
    res.writeHead(value.status, headers);
    res.end(body.subarray(0, cut));
    return;
  }
  if (how.trickle) {
    const { chunk = 64, every = 50 } = how.trickle;
    res.writeHead(value.status, headers);
    for (let i = 0; i < body.length && !res.destroyed; i += chunk) {
      res.write(body.subarray(i, i + chunk));
      await sleep(every);
    }
    res.end();
    return;
  }
  res.writeHead(value.status, { ...headers, 'Content-Length': String(body.length) });
  res.end(body);
}

/**
 * Replaces every secret in a line by "[redacted]". The loggers run every line through it,
 * so a token can never reach a log even if a path or an error message happened to carry it.
 * Secrets shorter than 4 characters are left alone: they would blank ordinary words.
 */
export function redact(line, secrets) {
  let out = String(line);
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}

/** Reads a small request body as UTF-8 text (control routes only); rejects past `limit`. */
export async function readBody(req, limit = 64 * 1024) {
  let size = 0;
  const chunks = [];
  for await (const c of req) {
    size += c.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}
