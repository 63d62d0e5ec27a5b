// Fault injection for the stand-in's /api/ routes: what goes wrong between a dashboard and a
// real Chatwoot (rate limits, proxies failing, connections dropping, bodies cut short or
// slow, redirects to a login page), scripted per request or drawn at random.
//
// A fault is written as a spec string: `kind[:option[:option…]]`, an option being
// `key=value` or a bare flag. Kinds:
//   200 | ok             the real answer (with `delay=MS`, a slow one)
//   latency[:ms=N]       the real answer after N ms (default 1000)
//   429[:retry-after=S]  Rack::Attack's throttle answer, Retry-After S seconds (default 1);
//                        `retry-after=none` omits it, `retry-after-date=S` sends an HTTP date
//   400…599              an error status: Chatwoot-like JSON, or with `html` nginx's HTML
//                        page, or with `empty` no body (500, 502, 503, 504 are the usual)
//   reset                the connection is destroyed before any answer
//   truncate[:bytes=N][:abort]  the real answer cut after N bytes (default half)
//   html200              a 200 whose body is an HTML page (a proxy or the web app answering)
//   trickle[:chunk=N][:every=MS]  the real answer in N-byte pieces every MS ms (64, 50)
//   redirect[:status=302][:location=URL]  a redirect to another origin (a login page)
// Options for every kind: `delay=MS` (wait first), `nocors` (no CORS headers even with
// --cors, as on an error page nginx writes itself).
import { STATUS_CODES } from 'node:http';
import { rng } from '../sample.mjs';
import { json, nginxPage, result, HTML_TYPE } from './http.mjs';

/** The random mix of `--fault-rate` when no `--fault-kinds` are given: one of each kind. */
export const RANDOM_FAULTS = Object.freeze([
  'latency:ms=1500', '429:retry-after=1', '500', '502:html', '503', '504:html',
  'reset', 'truncate', 'html200', 'trickle:chunk=256:every=20', 'redirect',
]);

const OPTIONS = {
  pass: [], latency: ['ms'], rate: ['retry-after', 'retry-after-date'], status: ['html', 'empty'],
  reset: [], truncate: ['bytes', 'abort'], html200: [], trickle: ['chunk', 'every'],
  redirect: ['status', 'location'],
};
const ALIASES = { ok: 'pass', 200: 'pass', slow: 'trickle', html: 'html200' };
const NUMERIC = new Set(['ms', 'bytes', 'chunk', 'every', 'delay', 'retry-after-date', 'status']);

/**
 * Parses a spec string into `{spec, kind, status?, delay, cors, opts}`; throws an Error
 * with a plain message for anything it does not understand.
 */
export function parseFault(spec) {
  if (typeof spec !== 'string' || !spec.trim()) throw new Error('a fault is a non-empty string such as "503" or "429:retry-after=2"');
  const text = spec.trim();
  const colon = text.indexOf(':');
  const head = (colon < 0 ? text : text.slice(0, colon)).toLowerCase();
  let rest = colon < 0 ? '' : text.slice(colon + 1);
  let kind = ALIASES[head] ?? head;
  let status;
  if (/^\d{3}$/.test(head) && kind !== 'pass') {
    status = Number(head);
    if (status < 400 || status > 599) throw new Error(`fault "${spec}": only 200 and 400–599 are statuses here`);
    kind = status === 429 ? 'rate' : 'status';
  }
  if (!(kind in OPTIONS)) throw new Error(`fault "${spec}": unknown kind "${head}"`);
  const opts = {};
  while (rest) {
    // A location is a URL with colons of its own: it takes the rest of the spec.
    const part = rest.startsWith('location=') ? rest : rest.split(':')[0];
    rest = rest.slice(part.length + 1);
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? true : part.slice(eq + 1);
    if (!OPTIONS[kind].includes(key) && key !== 'delay' && key !== 'nocors') {
      throw new Error(`fault "${spec}": "${key}" is not an option of ${head}`);
    }
    if (NUMERIC.has(key) && !(typeof value === 'string' && /^\d+$/.test(value))) {
      throw new Error(`fault "${spec}": ${key} takes a whole number`);
    }
    opts[key] = NUMERIC.has(key) ? Number(value) : value;
  }
  if (kind === 'rate' && opts['retry-after'] !== undefined && opts['retry-after'] !== 'none' && !/^\d+$/.test(String(opts['retry-after']))) {
    throw new Error(`fault "${spec}": retry-after takes whole seconds or "none"`);
  }
  if (kind === 'redirect' && opts.status !== undefined && ![301, 302, 303, 307, 308].includes(opts.status)) {
    throw new Error(`fault "${spec}": a redirect status is 301, 302, 303, 307 or 308`);
  }
  const delay = (opts.delay ?? 0) + (kind === 'latency' ? opts.ms ?? 1000 : 0);
  return { spec: text, kind, status, delay, cors: !opts.nocors, opts };
}

/** Whether the real answer is produced (and possibly altered) rather than replaced. */
export const usesRealAnswer = (f) => ['pass', 'latency', 'truncate', 'trickle'].includes(f.kind);

/** How `deliver` (http.mjs) should alter the real answer for this fault. */
export function deliveryOf(f) {
  if (f?.kind === 'truncate') return { truncate: { bytes: f.opts.bytes, abort: Boolean(f.opts.abort) } };
  if (f?.kind === 'trickle') return { trickle: { chunk: f.opts.chunk || 64, every: f.opts.every ?? 50 } };
  return {};
}

/**
 * The answer that replaces the real one, for the kinds that do (not pass, latency,
 * truncate, trickle; not reset, which has no answer).
 */
export function faultAnswer(f, url) {
  switch (f.kind) {
    case 'rate': {
      // Rack::Attack's default throttled response, plus the header clients should honour.
      const headers = {};
      if (f.opts['retry-after-date'] !== undefined) {
        headers['Retry-After'] = new Date(Date.now() + f.opts['retry-after-date'] * 1000).toUTCString();
      } else if (f.opts['retry-after'] !== 'none') {
        headers['Retry-After'] = String(f.opts['retry-after'] ?? 1);
      }
      return result(429, 'Retry later\n', 'text/plain', headers);
    }
    case 'status': {
      if (f.opts.html) return nginxPage(f.status);
      if (f.opts.empty) return result(f.status, '', 'text/plain');
      if (f.status === 401) return json(401, { error: 'Invalid Access Token' });
      if (f.status === 404) return json(404, { error: 'Resource could not be found' });
      // The OpenAPI file's documented shape for 403, which clients must also understand.
      if (f.status === 403) {
        return json(403, { description: 'Access denied', errors: [{ field: '', message: 'You are not authorized to do this action', code: 'forbidden' }] });
      }
      // What Rails renders for an unhandled error on a JSON request.
      return json(f.status, { status: f.status, error: STATUS_CODES[f.status] ?? 'Error' });
    }
    case 'html200':
      // What a misrouted proxy gives: the web app's own page, with a 200.
      return result(200, '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Chatwoot</title></head>\n' +
        '<body><div id="app"></div><noscript>This app works best with JavaScript enabled.</noscript></body></html>\n', HTML_TYPE);
    case 'redirect': {
      const location = f.opts.location ?? `https://sso.example.invalid/login?return_to=${encodeURIComponent(url.pathname)}`;
      return result(f.opts.status ?? 302, `<html><body>You are being <a href="${location.replace(/[<>"&]/g, '')}">redirected</a>.</body></html>`,
        HTML_TYPE, { Location: location });
    }
    default:
      throw new Error(`fault kind ${f.kind} has no answer of its own`);
  }
}

/**
 * The fault plan of one server: scripted queues (from POST /__standin/faults) first, then
 * random faults at `rate` drawn with a seeded generator, so a run can be replayed.
 * @param {{rate?: number, seed?: number, kinds?: string[]}} [o]
 */
export function createFaults({ rate = 0, seed = 1, kinds = RANDOM_FAULTS } = {}) {
  if (!(rate >= 0 && rate <= 1)) throw new Error('the fault rate is a probability between 0 and 1');
  const random = kinds.map(parseFault);
  if (rate > 0 && random.length === 0) throw new Error('random faults need at least one kind');
  const draw = rng(seed);
  let rules = [];
  const norm = (p) => (p === undefined || p === '*' ? '*' : `/${String(p).replace(/^\/+|\/+$/g, '')}`);
  return {
    rate,
    /**
     * Queues scripted outcomes: each rule `{path, responses}` applies to request paths
     * ending with `path` (at a "/"; "*" or no path: every API request). Every spec of every
     * rule is parsed first, so a bad one queues nothing. Returns the rules as queued.
     */
    add(list) {
      const parsed = list.map(({ path, responses } = {}) => {
        if (path !== undefined && typeof path !== 'string') throw new Error('"path" is a string');
        if (!Array.isArray(responses) || responses.length === 0) throw new Error('"responses" is a non-empty array of fault specs');
        return { path: norm(path), queue: responses.map(parseFault) };
      });
      rules.push(...parsed);
      return parsed.map((r) => ({ path: r.path, responses: r.queue.map((f) => f.spec) }));
    },
    clear() {
      rules = [];
    },
    /** What is still queued, for GET /__standin/faults. */
    list() {
      return rules.map((r) => ({ path: r.path, responses: r.queue.map((f) => f.spec) }));
    },
    /** The fault for the next request to `pathname`, or null for a normal answer. */
    next(pathname) {
      const path = pathname.replace(/\/+$/, '');
      const rule = rules.find((r) => r.path === '*' || path === r.path || path.endsWith(r.path));
      if (rule) {
        const f = rule.queue.shift();
        if (rule.queue.length === 0) rules = rules.filter((r) => r !== rule);
        return f;
      }
      if (rate > 0 && draw() < rate) return random[Math.floor(draw() * random.length)];
      return null;
    },
  };
}
