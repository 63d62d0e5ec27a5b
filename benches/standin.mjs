// The local Chatwoot stand-in (www/server.mjs) for the fetch rows.
//
// - `standinOptions(cfg)`: the createAppServer options both environments use (same token,
//   same seeded account), so Node and Chromium fetch the same bytes.
// - `startStandinChild(cfg)`: runs it in a child Node process (Node's fetch rows), so the
//   process being timed runs only the client; resolves to `{ url, cpu(), close() }`, where
//   `cpu()` is the child's `process.cpuUsage()` (µs), to show how busy the server was.
// - `conversationIds(baseUrl, n)`: the first n display ids with events (helper route).
// - `expectedEvents(server, ids)`: the events the given display ids hold.
// Run as a script, this file is the child: it starts the server and talks over IPC.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const STANDIN_TOKEN = 'bench-token';
/** The stand-in's account (www/standin/data.mjs default). */
export const STANDIN_ACCOUNT = 1;

/** createAppServer options for `cfg` = { conversations, latency }. */
export function standinOptions({ conversations, latency = 0 }) {
  return {
    token: STANDIN_TOKEN,
    latency,
    cors: false, // same origin in Chromium (served through the bench server), none needed in Node
    log: () => {},
    data: { conversations },
  };
}

/** The number of events of `ids` in the stand-in's account (builds the account if needed). */
export function expectedEvents(server, ids) {
  const account = server.standin.dataset();
  let n = 0;
  for (const id of ids) n += JSON.parse(account.conversationBody(id)).length;
  return n;
}

/**
 * The first `n` display ids with events, from the stand-in's helper route (as a test or the
 * demo page gets them). Throws when there are fewer.
 */
export async function conversationIds(baseUrl, n) {
  const res = await fetch(`${baseUrl}/__standin/conversations`);
  if (!res.ok) throw new Error(`GET /__standin/conversations: HTTP ${res.status}`);
  const { displayIds, emptyDisplayIds } = await res.json();
  const empty = new Set(emptyDisplayIds);
  const ids = displayIds.filter((id) => !empty.has(id)).slice(0, n);
  if (ids.length < n) throw new Error(`the stand-in has ${ids.length} conversations with events, ${n} asked`);
  return ids;
}

/** Starts the stand-in in a child process. */
export function startStandinChild(cfg) {
  const child = fork(fileURLToPath(import.meta.url), ['--child'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'json',
  });
  let seq = 0;
  const waiting = new Map();
  child.on('message', (m) => {
    const w = waiting.get(m.seq);
    if (!w) return;
    waiting.delete(m.seq);
    if (m.error) w.reject(new Error(m.error));
    else w.resolve(m.value);
  });
  const ask = (what, arg) =>
    new Promise((resolve, reject) => {
      const s = ++seq;
      waiting.set(s, { resolve, reject });
      child.send({ seq: s, what, arg });
    });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.once('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`stand-in child exited (${code})`));
    waiting.clear();
  });
  return ask('start', cfg).then(({ url }) => ({
    url,
    cpu: () => ask('cpu'),
    close: async () => {
      if (child.exitCode === null) child.kill();
      await exited;
    },
  }));
}

// ---------------------------------------------------------------------------------------
// The child

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--child')) {
  const { createAppServer, listen } = await import('../www/server.mjs');
  let server = null;
  process.on('message', async ({ seq, what, arg }) => {
    try {
      let value;
      if (what === 'start') {
        server = createAppServer(standinOptions(arg));
        server.standin.dataset(); // build the account now, not on the first timed request
        value = { url: await listen(server, { port: 0 }) };
      } else if (what === 'cpu') {
        value = process.cpuUsage();
      } else {
        throw new Error(`unknown request ${what}`);
      }
      process.send({ seq, value });
    } catch (e) {
      process.send({ seq, error: String(e?.message ?? e) });
    }
  });
  process.on('disconnect', () => process.exit(0)); // the parent went away
}
