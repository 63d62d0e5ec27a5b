// The TypeScript declarations and the runtime objects agree key for key (issue 12): every
// object a function returns has exactly the keys its interface in pkg/index.d.ts declares
// (optional ones may be absent), read from the built declarations, not from a second list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import * as m from '../../pkg/node.js';
import { sampleBody } from '../../www/sample.mjs';

const dts = readFileSync(new URL('../../pkg/index.d.ts', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

/** The `{ … }` text starting at `open` (an index of '{'), braces balanced. */
function block(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error('unbalanced braces');
}

/** The members of an object type body: name → { optional, type }, nested braces skipped. */
function members(body) {
  const out = new Map();
  let depth = 0;
  let start = 0;
  const flush = (end) => {
    const part = body.slice(start, end).trim();
    start = end + 1;
    const match = /^(readonly\s+)?('[^']+'|[A-Za-z_$][\w$]*)(\?)?\s*:\s*([\s\S]*)$/.exec(part);
    if (match) out.set(match[2].replace(/'/g, ''), { optional: Boolean(match[3]), type: match[4].trim() });
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '{' || c === '(' || c === '<' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === '>' || c === ']') depth--;
    else if ((c === ';' || c === '\n') && depth === 0) flush(i);
  }
  flush(body.length);
  return out;
}

/** An interface's members, with those of the interfaces it extends. */
function iface(name) {
  const re = new RegExp(`export interface ${name}\\b(?:\\s+extends\\s+([\\w\\s,]+))?\\s*\\{`);
  const found = re.exec(dts);
  assert.ok(found, `index.d.ts declares ${name}`);
  const own = members(block(dts, found.index + found[0].length - 1));
  const inherited = (found[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).flatMap((p) => [...iface(p)]);
  return new Map([...inherited, ...own]);
}

/** An inline object type (`{ a: number; b?: X }`) as members. */
const inline = (type) => members(block(type, type.indexOf('{')));

function agree(value, declared, where, problems) {
  if (value === null || typeof value !== 'object') {
    problems.push(`${where} is ${value === null ? 'null' : typeof value}, not an object`);
    return;
  }
  for (const [key, { optional }] of declared) {
    if (!optional && !(key in value)) problems.push(`${where}.${key} is declared but missing`);
  }
  for (const key of Object.keys(value)) {
    if (!declared.has(key)) problems.push(`${where}.${key} is returned but not declared`);
  }
}

test('summarize, timeseries, conversationRows, issues, events and working hours have exactly their declared keys', () => {
  const set = m.parseEvents(sampleBody({ conversations: 40, seed: 7 }));
  const first = set.toArray()[0].created_at;
  const since = Math.floor(Date.parse(first) / 1000);
  const problems = [];
  const summary = m.summarize(set, { since, until: since + 30 * 86400, sla: { firstResponse: 3600, resolution: 86400, replyTime: 600 } });
  const S = iface('Summary');
  const stats = iface('Stats');
  agree(summary, S, 'summary', problems);
  for (const [key, { type }] of S) {
    if (type === 'Stats' && summary[key]) agree(summary[key], stats, `summary.${key}`, problems);
  }
  agree(summary.firstResponseDistribution, inline(S.get('firstResponseDistribution').type), 'summary.firstResponseDistribution', problems);
  agree(summary.sla, inline(S.get('sla').type), 'summary.sla', problems);
  agree(summary.sla.firstResponse, iface('SlaResult'), 'summary.sla.firstResponse', problems);
  const breakdown = iface('Breakdown');
  const withKey = (key) => new Map([...breakdown, [key, { optional: false }]]);
  for (const a of summary.byAgent) agree(a, withKey('userId'), 'summary.byAgent[]', problems);
  for (const i of summary.byInbox) agree(i, withKey('inboxId'), 'summary.byInbox[]', problems);
  for (const p of m.timeseries(set, { metric: 'avg_first_response_time' })) agree(p, iface('SeriesPoint'), 'timeseries()[]', problems);
  for (const r of m.conversationRows(set, { limit: 20 })) agree(r, iface('ConversationRow'), 'conversationRows()[]', problems);
  agree(set.toArray()[0], iface('ReportingEvent'), 'toArray()[0]', problems);
  for (const i of m.validateEvents('[{"id":1}]')) agree(i, iface('Issue'), 'validateEvents()[]', problems);
  const hours = m.fromChatwootInbox({
    working_hours_enabled: true, timezone: 'UTC',
    working_hours: [{ day_of_week: 1, closed_all_day: false, open_all_day: false, open_hour: 9, open_minutes: 0, close_hour: 17, close_minutes: 0 }],
  });
  agree(hours, iface('WorkingHours'), 'fromChatwootInbox()', problems);
  set.free();
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('the declaration reader sees a key that is missing or extra (the check can fail)', () => {
  const problems = [];
  agree({ count: 1 }, iface('Stats'), 'x', problems);
  assert.ok(problems.some((p) => p.includes('x.sum is declared but missing')));
  agree({ ...Object.fromEntries([...iface('SlaResult').keys()].map((k) => [k, 0])), extra: 1 }, iface('SlaResult'), 'y', problems);
  assert.ok(problems.some((p) => p.includes('y.extra is returned but not declared')));
});
