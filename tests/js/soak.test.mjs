// Soak: 5 000 conversations through ReportingClient.conversationsEvents at concurrency 16
// against the stand-in with 10 % of requests faulted at random (every kind it has). Every
// id must end up in events or failed exactly once, memory must stay flat from the first
// half to the second, and the throughput is printed (a figure, not a gate).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ReportingClient } from 'chatwoot-reporting';
import { createAppServer, listen } from '../../www/server.mjs';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

function memory() {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

test('5 000 conversations, 10 % faults, concurrency 16: every id once, memory flat', { timeout: 240_000 }, async () => {
  // The simulation ends at `now`: a conversation begun just before it may have no event yet.
  // Which ones, from the same seeded data served without faults.
  const data = { conversations: 5000, pending: 0 };
  const now = '2026-11-01T00:00:00Z';
  const quiet = createAppServer({ token: 'soak-token', seed: 7, now, data });
  const quietBase = await listen(quiet, { port: 0 });
  const emptyIds = new Set();
  try {
    const { displayIds } = await (await fetch(`${quietBase}/__standin/conversations`)).json();
    for (const id of displayIds) {
      const r = await fetch(`${quietBase}/api/v1/accounts/1/conversations/${id}/reporting_events`, { headers: { api_access_token: 'soak-token' } });
      if ((await r.json()).length === 0) emptyIds.add(id);
    }
  } finally {
    quiet.close();
    quiet.closeAllConnections?.();
  }
  const server = createAppServer({ token: 'soak-token', faultRate: 0.1, seed: 7, now, data });
  const base = await listen(server, { port: 0 });
  try {
    const { displayIds } = await (await fetch(`${base}/__standin/conversations`)).json();
    assert.equal(displayIds.length, 5000);
    const client = new ReportingClient({ baseUrl: base, accountId: 1, apiAccessToken: 'soak-token', concurrency: 16, timeoutMs: 10_000 });
    const halves = [displayIds.slice(0, 2500), displayIds.slice(2500)];
    const after = [];
    let seconds = 0;
    let failures = 0;
    let events = 0;
    for (const ids of halves) {
      const start = performance.now();
      const { events: set, failed } = await client.conversationsEvents(ids);
      seconds += (performance.now() - start) / 1000;
      // Every id is in exactly one place: its events (by conversation) or failed.
      const failedIds = failed.map((f) => f.displayId);
      assert.equal(new Set(failedIds).size, failedIds.length, 'no id fails twice');
      const conversations = new Set(set.toArray().map((e) => e.conversation_id));
      const failedSet = new Set(failedIds);
      const fetched = ids.filter((id) => !failedSet.has(id) && !emptyIds.has(id)).length;
      assert.equal(conversations.size, fetched, 'every fetched id contributes its conversation once');
      for (const f of failed) {
        assert.equal(f.error.name, 'ReportingError');
        assert.ok(// http_error: the stand-in's redirect fault, refused at once (never followed).
        ['server_error', 'bad_response', 'network', 'rate_limited', 'timeout', 'http_error'].includes(f.error.code), f.error.code);
      }
      failures += failed.length;
      events += set.length;
      set.free();
      after.push(memory());
    }
    const growth = (after[1] - after[0]) / after[0];
    console.log(`soak: 5000 conversations, ${events} events, ${failures} failed after retries, ` +
      `${(5000 / seconds).toFixed(0)} conversations/s, memory ${(after[0] / 1e6).toFixed(1)} MB → ${(after[1] / 1e6).toFixed(1)} MB`);
    assert.ok(failures < 500, 'most faults are retried away');
    assert.ok(growth < 0.25, `memory flat between halves (grew ${(growth * 100).toFixed(1)} %)`);
  } finally {
    server.close();
    server.closeAllConnections?.();
  }
});
