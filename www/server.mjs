// The local server: the demo dashboard (www/) and the built package (pkg/), same origin,
// and a faithful local stand-in for Chatwoot's reporting API in front of simulated data
// (or, with --upstream, a proxy to a real Chatwoot). Started by scripts/demo.sh and the tests.
//
//   node www/server.mjs [--port 8080] [--host 127.0.0.1] [--quiet]
//                       [--token demo-token] [--cors] [--edition enterprise|community]
//                       [--latency MS] [--fault-rate P] [--seed S] [--fault-kinds SPEC,SPEC…]
//                       [--upstream https://chatwoot.example.com] [--upstream-timeout MS]
//                       [--account-id 1] [--conversations 6000] [--days 180] [--data-seed 2024]
//                       [--now 2026-11-01T00:00:00Z]
//
// Routes
//   /                      302 to /www/ (the demo page); /www/…, /pkg/… static files
//   GET /api/v1/accounts/{account_id}/conversations/{display_id}/reporting_events
//                          bare array, ascending created_at; 404 for an unknown id or account
//   GET /api/v1/accounts/{account_id}/reporting_events?page=&since=&until=&inbox_id=&user_id=&name=
//                          {"payload", "meta": {"count", "current_page", "total_pages"}}, 25 a
//                          page, newest first, [since, until) on created_at; administrators only
//   GET /api/v1/accounts/{account_id}/inboxes
//                          {"payload": [inbox…]} with working hours and timezones
//   GET /api/v1/accounts/{account_id}/agents
//                          [agent…], a bare array: id, name, email, role, available_name, …
//   /__standin/…           helpers that are NOT Chatwoot's API (www/standin/control.mjs):
//                          GET conversations (valid display ids), GET/POST/DELETE faults
// The /api/ routes check the `api_access_token` header as Chatwoot does: the configured token
// (default demo-token) is an administrator; missing or other tokens get 401 "Invalid Access
// Token"; bot-token, other-account-token, suspended-token and denied-token get Chatwoot's other
// 401 bodies; agent-token is an agent (no account-wide list). See www/README.md.
//
// Flags
//   --cors            allow any origin on /api/ and /__standin/ (preflight for api_access_token,
//                     Retry-After exposed), as Chatwoot with ENABLE_API_CORS; off by default,
//                     as a stock Chatwoot, so other origins are refused
//   --latency MS      delay every /api/ answer
//   --fault-rate P    fault a share P of /api/ requests at random, drawn with --seed S, among
//                     --fault-kinds (fault specs, see www/standin/faults.mjs; default: all kinds)
//   --upstream URL    forward /api/v1/… (GET, HEAD; the token header passed through) to a real
//                     Chatwoot and stream its answers back; faults and CORS still apply here
//   --edition community   no reporting_events routes (plain 404), as a Community server
//   --account-id, --conversations, --days, --data-seed   shape the simulated account
//   --now TIME        when the simulation ends (ISO 8601 or epoch seconds); by default the
//                     moment the server starts, so the demo lives in the present. A fixed
//                     value gives the same bytes on every run (tests)
// Faults (www/standin/faults.mjs), scripted per request path, consumed in order:
//   curl -X POST localhost:8080/__standin/faults \
//     -d '{"path": "/conversations/7/reporting_events", "responses": ["503", "429:retry-after=1", "200"]}'
//   kinds: 200 | latency:ms=N | 429[:retry-after=S|none] | 400…599[:html|:empty] | reset
//          | truncate[:bytes=N][:abort] | html200 | trickle[:chunk=N][:every=MS]
//          | redirect[:status=302][:location=URL]; on any kind: delay=MS, nocors
//
// It binds to loopback by default, serves files only below www/ and pkg/, and logs method,
// path (no query) and status: never a header, so never a token.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApi } from './standin/api.mjs';
import { createControl } from './standin/control.mjs';
import { createDataset } from './standin/data.mjs';
import { createFaults, deliveryOf, faultAnswer, usesRealAnswer } from './standin/faults.mjs';
import { corsHeaders, deliver, json, preflight, railsNotFound, redact, sleep, TOKEN_HEADER } from './standin/http.mjs';
import { createProxy } from './standin/proxy.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};
const SERVED = ['www', 'pkg'];

/**
 * Headers that let a page of another origin import the built package, e.g. the browser
 * console on a Chatwoot page running `await import('http://127.0.0.1:8080/pkg/single.js')`
 * (module scripts are fetched in CORS mode). Public files only: never on /api/ or /www/.
 */
const PACKAGE_CORS = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };

/** Maps a URL path to a file below one of the served folders, or null. */
function resolvePath(urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null; // a malformed %-escape
  }
  const rel = normalize(p).replace(/^[/\\]+/, '');
  const top = rel.split(sep)[0];
  if (!SERVED.includes(top) || rel.includes('..')) return null;
  return join(ROOT, rel);
}

/** Serves the demo page and the package, as before the stand-in existed. */
async function serveStatic(req, res) {
  const cors = /^\/pkg\//.test(req.url ?? '') ? PACKAGE_CORS : {};
  const send = (status, body, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...cors });
    res.end(body);
  };
  if (req.method === 'OPTIONS' && cors['Access-Control-Allow-Origin']) {
    res.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET, HEAD' });
    res.end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed\n');
  if (req.url === '/' || req.url === '/www') {
    // The dashboard's relative URLs (demo.js, ../pkg/) need it served from /www/.
    res.writeHead(302, { Location: '/www/' });
    res.end();
    return;
  }
  const file = resolvePath(req.url ?? '/');
  if (!file) return send(404, 'Not found\n');
  try {
    let path = file;
    if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
    const body = await readFile(path);
    send(200, req.method === 'HEAD' ? undefined : body, TYPES[extname(path)] ?? 'application/octet-stream');
  } catch {
    send(404, 'Not found\n');
  }
}


/** `--now`: epoch seconds, or an ISO 8601 time; a Date or a number passes through. */
export function parseNow(value) {
  if (value === undefined || value === null || value === '') return undefined;
  if (value instanceof Date) return Math.floor(value.getTime() / 1000);
  if (typeof value === 'number' || /^\d+(\.\d+)?$/.test(value)) return Math.floor(Number(value));
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`--now takes epoch seconds or an ISO 8601 time, not "${value}"`);
  return Math.floor(ms / 1000);
}

/**
 * Creates the server (not yet listening).
 * @param {{log?: (line: string) => void, token?: string, cors?: boolean, latency?: number,
 *   faultRate?: number, seed?: number, faultKinds?: string[], upstream?: string,
 *   upstreamTimeoutMs?: number, edition?: 'enterprise'|'community', now?: number|string|Date,
 *   data?: object}} [options]
 *   `now`: when the simulation ends (epoch seconds, ISO text or a Date); default: when the
 *   server is created. `data`: options of createDataset (www/standin/data.mjs): accountId,
 *   conversations, days, seed, end (overrides `now`), pending, inboxes, agents. The account
 *   is built on the first /api/ request.
 * @returns {import('node:http').Server & {standin: {faults: object, dataset: () => object}}}
 */
export function createAppServer({
  log = () => {}, token = 'demo-token', cors = false, latency = 0, faultRate = 0, seed = 1,
  faultKinds, upstream, upstreamTimeoutMs, edition = 'enterprise', now, data: dataOptions = {},
} = {}) {
  let dataset = null;
  // Fixed here, not when the account is first asked for: all of a server's answers share one "now".
  const end = dataOptions.end ?? parseNow(now) ?? Math.floor(Date.now() / 1000);
  const data = () => (dataset ??= createDataset({ ...dataOptions, end }));
  const faults = createFaults({ rate: faultRate, seed, kinds: faultKinds });
  const forward = upstream ? createProxy({ upstream, timeoutMs: upstreamTimeoutMs }) : null;
  const api = createApi({ data, token, edition });
  const control = createControl({
    faults, data: forward ? null : data,
    info: {
      mode: forward ? 'proxy' : 'local', edition, cors, latency, faultRate,
      // The simulation's "now" (epoch seconds): what the dashboard shows as the data's end.
      ...(forward ? {} : { dataEnd: end }),
    },
  });

  async function handleApi(req, res, url, tags) {
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      return deliver(res, preflight(req, cors, 'GET, HEAD, OPTIONS')); // never faulted
    }
    const fault = faults.next(url.pathname);
    if (fault) tags.push(`fault ${fault.spec}`);
    const delay = latency + (fault?.delay ?? 0);
    if (delay > 0) await sleep(delay);
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    let value;
    if (fault && !usesRealAnswer(fault)) value = faultAnswer(fault, url);
    else if (forward && url.pathname.startsWith('/api/v1/')) {
      tags.push('upstream');
      const abort = new AbortController();
      res.once('close', () => { if (!res.writableFinished) abort.abort(); });
      value = await forward(req, url, abort.signal);
    } else value = forward ? railsNotFound() : api(req, url); // only /api/v1/ is forwarded
    // An error page a proxy writes itself carries no CORS headers: `nocors` faults mimic it.
    if (!fault || fault.cors) value.headers = { ...value.headers, ...corsHeaders(req, cors) };
    return deliver(res, value, deliveryOf(fault));
  }

  async function handleControl(req, res, url) {
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      return deliver(res, preflight(req, cors, 'GET, POST, DELETE, OPTIONS'));
    }
    const value = await control(req, url);
    value.headers = { ...value.headers, ...corsHeaders(req, cors) };
    return deliver(res, value);
  }

  const server = createServer((req, res) => {
    const started = Date.now();
    let url;
    try {
      // Concatenated, not resolved: "//host/x" must stay a path, not become another host.
      url = new URL(`http://stand.in${(req.url ?? '/').startsWith('/') ? '' : '/'}${req.url ?? '/'}`);
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Bad request\n');
      return;
    }
    const tags = [];
    const given = req.headers[TOKEN_HEADER];
    res.once('close', () => {
      const status = res.headersSent ? res.statusCode : 'closed'; // no answer: reset, or the client left
      const extra = tags.length ? ` (${tags.join(', ')})` : '';
      log(redact(`${req.method} ${url.pathname} ${status}${extra} ${Date.now() - started}ms`, [token, given]));
    });
    let handled;
    if (url.pathname === '/__standin' || url.pathname.startsWith('/__standin/')) handled = handleControl(req, res, url);
    else if (url.pathname === '/api' || url.pathname.startsWith('/api/')) handled = handleApi(req, res, url, tags);
    else handled = serveStatic(req, res);
    handled.catch((e) => {
      // A bug here must not take the server down; the message names no header, hence no token.
      tags.push(`error ${e?.code ?? e?.name ?? 'Error'}`);
      if (res.headersSent) res.destroy();
      else deliver(res, json(500, { status: 500, error: 'Internal Server Error' })).catch(() => res.destroy());
    });
  });
  server.standin = { faults, dataset: data };
  return server;
}

/** Starts listening; resolves to the base URL. Port 0 picks a free one. */
export function listen(server, { port = 0, host = '127.0.0.1' } = {}) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const a = server.address();
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${a.port}`);
    });
  });
}

/** The command line: flags as documented at the top of this file. */
async function main(argv) {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' },
      quiet: { type: 'boolean', default: false }, help: { type: 'boolean', default: false },
      token: { type: 'string', default: 'demo-token' }, cors: { type: 'boolean', default: false },
      edition: { type: 'string', default: 'enterprise' }, latency: { type: 'string', default: '0' },
      'fault-rate': { type: 'string', default: '0' }, seed: { type: 'string', default: '1' },
      'fault-kinds': { type: 'string' }, upstream: { type: 'string' },
      'upstream-timeout': { type: 'string', default: '60000' },
      'account-id': { type: 'string', default: '1' }, conversations: { type: 'string', default: '6000' },
      days: { type: 'string', default: '180' }, 'data-seed': { type: 'string', default: '2024' },
      now: { type: 'string' },
    },
  });
  if (v.help) {
    const head = (await readFile(fileURLToPath(import.meta.url), 'utf8')).split('\nimport ')[0];
    console.log(head.replace(/^\/\/ ?/gm, ''));
    return;
  }
  const num = (name) => {
    const n = Number(v[name]);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} takes a non-negative number`);
    return n;
  };
  if (!['enterprise', 'community'].includes(v.edition)) throw new Error('--edition is enterprise or community');
  const server = createAppServer({
    log: v.quiet ? () => {} : (l) => console.log(l),
    token: v.token, cors: v.cors, edition: v.edition, latency: num('latency'),
    faultRate: num('fault-rate'), seed: num('seed'),
    faultKinds: v['fault-kinds']?.split(',').map((s) => s.trim()).filter(Boolean),
    upstream: v.upstream, upstreamTimeoutMs: num('upstream-timeout'), now: parseNow(v.now),
    data: { accountId: num('account-id'), conversations: num('conversations'), days: num('days'), seed: num('data-seed') },
  });
  const url = await listen(server, { port: num('port'), host: v.host });
  const account = num('account-id');
  console.log(`\nchatwoot-reporting demo: ${url}/   (Ctrl-C to stop)`);
  if (v.upstream) {
    console.log(`Chatwoot API proxied to ${new URL(v.upstream).origin} at ${url}/api/v1/…`);
  } else {
    const tokenNote = v.token === 'demo-token' ? 'api_access_token: demo-token' : 'api_access_token: the one given with --token';
    console.log(`Chatwoot stand-in: ${url}/api/v1/accounts/${account}/…   (${tokenNote}; ids: ${url}/__standin/conversations)`);
  }
  console.log(`CORS ${v.cors ? 'allowed for any origin' : 'refused for other origins'}${num('fault-rate') > 0 ? `; random faults at ${num('fault-rate')}` : ''}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`server.mjs: ${e.message}`);
    process.exit(2);
  });
}
