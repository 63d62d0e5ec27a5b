// A small, real Chatwoot for the issue-12 tests: a `node:http` server on a loopback address
// and a free port that answers the reporting-events routes as shared/CHATWOOT.md
// says real servers do, records every request with all its headers, and misbehaves on
// demand (a `handle` function per test). It also serves, under /__test/, the built package
// (pkg/) and the files of this folder, so a Chromium page can load the package from the
// same origin as the API it talks to.
//
//   const s = await startChatwoot({ token, handle: async (req, res, ctx) => { ... } });
//   t.after(() => s.close());
//   s.url        'http://127.0.0.1:PORT'
//   s.requests   every request except /__test/ files: {seq, method, url, host, headers, at}
//   s.gets()     the same without CORS preflights
//   s.streams    one entry per ctx.stream(): {status, written, closedEarly, ended, closedAt}
//
// `handle(req, res, ctx)` answers a request itself with the ctx helpers, or answers nothing
// and lets the default Chatwoot routes answer. ctx: {url (URL), token (the api_access_token
// header), rec (the request's record), json, text, hold, stream, delay, chatwoot}.
import { createServer } from 'node:http';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const PKG = new URL('../../../pkg/', import.meta.url);
const HERE = new URL('./', import.meta.url);
const TYPES = {
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json; charset=utf-8', '.html': 'text/html; charset=utf-8',
};
export const JSON_TYPE = 'application/json; charset=utf-8';
const PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>issue 12 tests</title></head><body></body></html>';

/** The keys of a reporting event in the order Chatwoot writes them. */
export const EVENT_KEYS = ['id', 'name', 'value', 'value_in_business_hours', 'event_start_time', 'event_end_time',
  'account_id', 'inbox_id', 'user_id', 'conversation_id', 'created_at', 'updated_at'];

const iso = (s) => new Date(s * 1000).toISOString();

/**
 * One reporting event as Chatwoot's JSON text (floats as Rails writes them: 120.0).
 * `t` is the end time in epoch seconds; `over` replaces fields with raw JSON texts.
 */
export function eventJson({ id, name, value, conv, inbox = 1, user = 1, account = 1, t, over = {} }) {
  const f = {
    id: String(id), name: JSON.stringify(name), value: value.toFixed(1), value_in_business_hours: value.toFixed(1),
    event_start_time: JSON.stringify(iso(t - value)), event_end_time: JSON.stringify(iso(t)),
    account_id: String(account), inbox_id: String(inbox), user_id: String(user), conversation_id: String(conv),
    created_at: JSON.stringify(iso(t + 1)), updated_at: JSON.stringify(iso(t + 1)),
    ...over,
  };
  return `{${EVENT_KEYS.map((k) => `${JSON.stringify(k)}:${f[k]}`).join(',')}}`;
}

const BASE_T = 1_775_000_000; // 2026-03-31

/** The events of one conversation (by display id): a first response and a resolution. */
export function conversationBody(displayId, account = 1) {
  const conv = displayId + 1000; // the internal id differs from the display id, as in Chatwoot
  const t = BASE_T + displayId * 3600;
  return `[${[
    eventJson({ id: displayId * 10 + 1, name: 'first_response', value: 60 * (displayId % 7 + 1), conv, t, account, user: displayId % 3 + 1 }),
    eventJson({ id: displayId * 10 + 2, name: 'conversation_resolved', value: 900 + displayId, conv, t: t + 600, account, user: displayId % 3 + 1 }),
  ].join(',')}]`;
}

/** Event k (0 = oldest) of the simulated account. */
function accountEvent(k, account) {
  return { k, t: BASE_T + k * 60, text: eventJson({ id: 100000 + k, name: k % 2 ? 'reply_time' : 'first_response', value: 30 + k, conv: 5000 + (k >> 2), t: BASE_T + k * 60, account }) };
}

/** One page of the account-wide endpoint (25 a page, newest first) as Chatwoot answers it. */
export function accountPageBody({ page, count, account = 1, totalPages }) {
  const pages = totalPages ?? Math.max(1, Math.ceil(count / 25));
  const items = [];
  for (let i = (page - 1) * 25; i < Math.min(page * 25, count); i++) items.push(accountEvent(count - 1 - i, account).text);
  return `{"payload":[${items.join(',')}],"meta":{"count":${count},"current_page":${page},"total_pages":${pages}}}`;
}

const INBOXES = JSON.stringify({
  payload: [{
    id: 1, name: 'Support', channel_type: 'Channel::WebWidget', working_hours_enabled: true, timezone: 'UTC',
    working_hours: [0, 1, 2, 3, 4, 5, 6].map((d) => ({
      day_of_week: d, closed_all_day: d === 0 || d === 6, open_all_day: false,
      open_hour: d === 0 || d === 6 ? null : 9, open_minutes: d === 0 || d === 6 ? null : 0,
      close_hour: d === 0 || d === 6 ? null : 17, close_minutes: d === 0 || d === 6 ? null : 0,
    })),
  }],
});

/** Maps /__test/<rest> to a file of pkg/ or of this folder, or null. */
function staticFile(path) {
  const rest = normalize(decodeURIComponent(path.slice('/__test/'.length)));
  if (rest.includes('..') || rest.startsWith('/')) return null;
  if (rest.startsWith('pkg/')) return new URL(rest.slice(4), PKG);
  if (/^[\w-]+\.mjs$/.test(rest)) return new URL(rest, HERE);
  return null;
}

/**
 * Starts the server. Options:
 * - token: the administrator token the default routes accept (others get Chatwoot's 401)
 * - accountId (1), accountEvents (60): the simulated account for the account-wide endpoint
 * - cors: answer preflights and add CORS headers (Chatwoot with ENABLE_API_CORS), any origin
 * - hosts: loopback addresses to listen on, all on the same port (['127.0.0.1'])
 * - handle(req, res, ctx): per-test behaviour (see the top of this file)
 */
export async function startChatwoot({ token = 'no-token-configured', accountId = 1, accountEvents = 60, cors = false,
  hosts = ['127.0.0.1'], handle } = {}) {
  const requests = [];
  const staticRequests = [];
  const streams = [];
  const sockets = new Set();
  const held = new Set();
  const t0 = Date.now();
  let closed = false;
  let seq = 0;

  const corsHeaders = (req) => (cors && req.headers.origin
    ? { 'Access-Control-Allow-Origin': req.headers.origin, 'Access-Control-Expose-Headers': 'Retry-After, Content-Length', Vary: 'Origin' }
    : {});

  async function serveStatic(req, res, path) {
    const file = staticFile(path);
    const isolated = path === '/__test/isolated.html';
    const headers = { 'Cache-Control': 'no-store' };
    if (isolated) Object.assign(headers, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    if (path === '/__test/blank.html' || isolated) {
      res.writeHead(200, { ...headers, 'Content-Type': TYPES['.html'] });
      return res.end(PAGE);
    }
    try {
      if (!file) throw new Error('no such file');
      const body = await readFile(fileURLToPath(file));
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file.pathname)] ?? 'application/octet-stream', 'Cross-Origin-Resource-Policy': 'same-origin' });
      res.end(body);
    } catch {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  }

  function makeCtx(req, res, rec, url) {
    const base = (headers = {}) => ({ ...corsHeaders(req), ...headers });
    const ctx = {
      url, rec, token: req.headers.api_access_token, touched: false,
      json(status, value, headers = {}) {
        ctx.touched = true;
        const body = typeof value === 'string' ? value : JSON.stringify(value);
        res.writeHead(status, base({ 'Content-Type': JSON_TYPE, 'Cache-Control': 'max-age=0, private, must-revalidate', ...headers }));
        res.end(body);
      },
      text(status, body, type = 'text/plain; charset=utf-8', headers = {}) {
        ctx.touched = true;
        res.writeHead(status, base(type ? { 'Content-Type': type, ...headers } : headers));
        res.end(body);
      },
      /** Never answers; the socket stays open until the client gives up or the server closes. */
      hold() {
        ctx.touched = true;
        held.add(res);
        return new Promise((resolve) => res.on('close', () => { held.delete(res); resolve(); }));
      },
      delay: (ms) => new Promise((r) => setTimeout(r, ms).unref()),
      /**
       * Streams a body of `total` bytes in `chunk`-byte writes, waiting for the socket to
       * drain (so `written` counts what the client could have received, give or take the
       * kernel's socket buffers), until done or the client closes the connection.
       * contentLength: true (announce total), a number (announce that), or false (chunked).
       * head: text the body starts with; the rest is filled with `fill` (a one-byte string).
       * paceMs: a pause after each write (the client then keeps up, so what it has not
       * read yet stays small and `written` measures when it stopped, not socket buffers).
       */
      async stream({ status = 200, total, chunk = 64 * 1024, contentLength = false, type = JSON_TYPE, head = '', fill = ' ', pauseAfter = Infinity, paceMs = 0 }) {
        ctx.touched = true;
        const entry = { status, total, written: 0, closedEarly: false, ended: false, closedAt: null, startedAt: Date.now() };
        streams.push(entry);
        const headers = base({ 'Content-Type': type });
        if (contentLength !== false) headers['Content-Length'] = String(contentLength === true ? total : contentLength);
        res.writeHead(status, headers);
        res.flushHeaders();
        const gone = new Promise((resolve) => res.on('close', () => {
          entry.closedAt = Date.now();
          if (!entry.ended) entry.closedEarly = true;
          resolve();
        }));
        const filler = Buffer.alloc(chunk, fill);
        let first = Buffer.from(head);
        while (entry.written < total && !res.destroyed && !res.writableEnded && entry.closedAt === null && !closed) {
          if (entry.written >= pauseAfter) { await ctx.hold(); break; }
          const n = Math.min(chunk, total - entry.written);
          let piece;
          if (first.length) { piece = Buffer.concat([first, filler]).subarray(0, n); first = first.subarray(Math.min(first.length, n)); } else piece = filler.subarray(0, n);
          const ok = res.write(piece);
          entry.written += piece.length;
          if (!ok) {
            // Wait for the socket to take it, or for the client to go away.
            await Promise.race([new Promise((r) => res.once('drain', r)), gone]);
          }
          await (paceMs > 0 ? ctx.delay(paceMs) : new Promise((r) => setImmediate(r)));
        }
        if (entry.written >= total && !res.destroyed && entry.closedAt === null) {
          entry.ended = true;
          res.end();
        }
        return entry;
      },
      /** The default Chatwoot answer for this request. */
      chatwoot: () => chatwoot(req, res, ctx),
    };
    return ctx;
  }

  /** Chatwoot's reporting routes, as real servers answer them. */
  function chatwoot(req, res, ctx) {
    const { url } = ctx;
    if (req.method !== 'GET' && req.method !== 'HEAD') return ctx.json(404, { error: 'Resource could not be found' });
    if (ctx.token !== token) return ctx.json(401, { error: 'Invalid Access Token' });
    let m = url.pathname.match(/^(?:\/[^/]+)*?\/api\/v1\/accounts\/(\d+)\/conversations\/(\d+)\/reporting_events$/);
    if (m) {
      if (Number(m[1]) !== accountId) return ctx.json(404, { error: 'Resource could not be found' });
      return ctx.json(200, conversationBody(Number(m[2]), accountId));
    }
    m = url.pathname.match(/^(?:\/[^/]+)*?\/api\/v1\/accounts\/(\d+)\/reporting_events$/);
    if (m) {
      if (Number(m[1]) !== accountId) return ctx.json(404, { error: 'Resource could not be found' });
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
      // Chatwoot's DateRangeHelper: a range with a blank end is ignored entirely.
      return ctx.json(200, accountPageBody({ page, count: accountEvents, account: accountId }));
    }
    m = url.pathname.match(/^(?:\/[^/]+)*?\/api\/v1\/accounts\/(\d+)\/inboxes$/);
    if (m) return ctx.json(200, INBOXES);
    return ctx.json(404, { error: 'Resource could not be found' });
  }

  async function onRequest(req, res) {
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/__test/') || path === '/favicon.ico') {
      staticRequests.push({ method: req.method, url: req.url, at: Date.now() - t0 });
      return serveStatic(req, res, path);
    }
    const rec = {
      seq: seq++, method: req.method, url: req.url, host: req.headers.host, headers: { ...req.headers },
      rawHeaders: [...req.rawHeaders], at: Date.now() - t0, local: req.socket.localAddress,
    };
    requests.push(rec);
    if (req.method === 'OPTIONS' && cors) {
      res.writeHead(204, {
        'Access-Control-Allow-Origin': req.headers.origin ?? '*',
        'Access-Control-Allow-Methods': 'GET, HEAD',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '',
        'Access-Control-Max-Age': '0',
      });
      return res.end();
    }
    // Absolute-form request lines (the server used as a proxy) still route by path.
    const url = new URL(/^https?:\/\//.test(req.url) ? req.url : `http://${req.headers.host ?? 'x'}${req.url}`);
    const ctx = makeCtx(req, res, rec, url);
    try {
      if (handle) await handle(req, res, ctx);
      if (!ctx.touched && !res.headersSent && !res.destroyed) chatwoot(req, res, ctx);
    } catch (e) {
      if (!res.headersSent) { res.writeHead(500, { 'Content-Type': 'text/plain' }); res.end(`test server handler failed: ${e}`); }
      else res.destroy();
    }
  }

  // Every address on one port: the first picks a free port, the others take the same one
  // (tried again from scratch when another process holds it on one of the addresses).
  let servers = [];
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    servers = [];
    port = 0;
    try {
      for (const host of hosts) {
        const server = createServer({ keepAliveTimeout: 1000 }, (req, res) => { onRequest(req, res); });
        server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
        server.on('clientError', (_e, socket) => socket.destroy());
        servers.push(server);
        server.listen(port, host);
        await Promise.race([once(server, 'listening'), once(server, 'error').then(([e]) => { throw e; })]);
        port = server.address().port;
      }
      break;
    } catch (e) {
      await Promise.all(servers.map((sv) => new Promise((r) => sv.close(() => r()))));
      if (e?.code !== 'EADDRINUSE' || attempt >= 10) throw e;
    }
  }
  const hostText = hosts[0].includes(':') ? `[${hosts[0]}]` : hosts[0];
  return {
    url: `http://${hostText}:${port}`, port, requests, staticRequests, streams,
    gets: () => requests.filter((r) => r.method !== 'OPTIONS'),
    /** Requests that carried the token anywhere (header name or value, URL). */
    withToken: (tok) => requests.filter((r) => r.url.includes(tok) || r.rawHeaders.some((h) => h.includes(tok))),
    openSockets: () => sockets.size,
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      for (const res of held) res.destroy();
      for (const s of sockets) s.destroy();
      return Promise.all(servers.map((s) => new Promise((r) => { s.closeAllConnections?.(); s.close(() => r()); })));
    },
  };
}

/** A random token of 42 characters: two letters and a digit, over and over, so that no
 *  six-character piece of it can turn up in English text or a stack trace by chance. */
export function makeToken() {
  const L = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let s = '';
  for (let i = 0; i < 14; i++) {
    s += L[Math.floor(Math.random() * L.length)] + L[Math.floor(Math.random() * L.length)] + String(Math.floor(Math.random() * 10));
  }
  return s;
}

/**
 * Where any six-character piece of `token` occurs in `strings`: a list of
 * {piece, where} (empty when nothing leaked).
 */
export function tokenLeaks(strings, token, min = 6) {
  const out = [];
  for (const s of strings) {
    if (typeof s !== 'string') continue;
    for (let i = 0; i + min <= token.length; i++) {
      const piece = token.slice(i, i + min);
      const at = s.indexOf(piece);
      if (at >= 0) {
        out.push({ piece, where: s.slice(Math.max(0, at - 40), at + 60) });
        break;
      }
    }
  }
  return out;
}
