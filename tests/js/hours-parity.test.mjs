// Working hours end to end: the stand-in stores value_in_business_hours the way Chatwoot
// does (each inbox's schedule and zone); reading the schedules back with
// client.inboxes() and recomputing with withWorkingHours must reproduce every stored value.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ReportingClient, withWorkingHours, summarize } from 'chatwoot-reporting';
import { createAppServer, listen } from '../../www/server.mjs';

let server;
let client;
before(async () => {
  server = createAppServer({ token: 'hours-token', now: '2026-11-01T00:00:00Z' });
  const base = await listen(server, { port: 0 });
  client = new ReportingClient({ baseUrl: base, accountId: 1, apiAccessToken: 'hours-token', concurrency: 8 });
});
after(() => {
  server.close();
  server.closeAllConnections?.();
});

test('recomputing under the inboxes\' own schedules reproduces every stored business value', { timeout: 120_000 }, async () => {
  const inboxes = await client.inboxes();
  assert.equal(inboxes.length, 7);
  const byId = new Map(inboxes.map((i) => [i.id, i.workingHours]));
  assert.ok(inboxes.every((i) => i.workingHours && typeof i.name === 'string'));
  const events = await client.accountEvents();
  const stored = events.toArray();
  const recomputed = withWorkingHours(events, (inboxId) => byId.get(inboxId)).toArray();
  assert.equal(recomputed.length, stored.length);
  let compared = 0;
  const mismatches = [];
  for (let k = 0; k < stored.length; k++) {
    const [a, b] = [stored[k], recomputed[k]];
    if (a.event_start_time === null || a.value_in_business_hours === null) {
      assert.equal(b.value_in_business_hours, a.value_in_business_hours, 'kept where it cannot be recomputed');
      continue;
    }
    compared++;
    if (Math.abs(a.value_in_business_hours - b.value_in_business_hours) > 1) mismatches.push([a.id, a.inbox_id, a.value_in_business_hours, b.value_in_business_hours]);
  }
  assert.ok(compared > 10_000, `compared ${compared}`);
  assert.deepEqual(mismatches.slice(0, 5), [], `${mismatches.length} of ${compared} differ`);
});

test('summarize with workingHours fills per-cycle resolution in business time', async () => {
  const inboxes = await client.inboxes();
  const byId = new Map(inboxes.map((i) => [i.id, i.workingHours]));
  const events = await client.accountEvents({ since: 1791072000, until: 1791676800 });
  const plain = summarize(events, { businessHours: true });
  assert.equal(plain.resolutionPerCycle.count, 0, 'without a schedule it stays empty');
  const s = summarize(events, { businessHours: true, workingHours: (id) => byId.get(id) });
  assert.equal(s.resolutionPerCycle.count, s.resolutionsCount);
  assert.ok(s.resolutionPerCycle.max <= s.resolution.max + 1, 'a cycle never exceeds the lifetime');
  const wall = summarize(events, { workingHours: (id) => byId.get(id) });
  assert.deepEqual(wall.resolutionPerCycle, summarize(events).resolutionPerCycle, 'wall clock ignores the schedule');
});
