// The demo page: loads the package, decodes the bundled sample body and shows what it holds.
// Server and event strings are only ever set as text, never as HTML.
import { init, parseEvents, ReportingError } from '../pkg/web.js';
import { sampleBody } from './sample.mjs';

const $ = (sel) => document.querySelector(sel);

function el(tag, text) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = String(text);
  return e;
}

function kpi(label, value) {
  const d = el('div');
  d.append(el('dt', label), el('dd', value));
  $('#kpis').append(d);
}

async function main() {
  await init();
  const body = new TextEncoder().encode(sampleBody());
  const t0 = performance.now();
  const events = parseEvents(body, { mode: 'lenient' });
  const ms = performance.now() - t0;

  const rows = events.toArray();
  const conversations = new Set(rows.map((e) => e.conversation_id)).size;
  const firstResponses = events.filter({ names: ['first_response'] }).toArray();
  const meanFirst = firstResponses.reduce((s, e) => s + e.value, 0) / (firstResponses.length || 1);
  kpi('Events', events.length.toLocaleString());
  kpi('Conversations', conversations.toLocaleString());
  kpi('Mean first response', `${Math.round(meanFirst / 60)} min`);
  kpi('Decoded and validated in', `${ms.toFixed(1)} ms`);

  const counts = new Map();
  for (const e of rows) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
  for (const [name, n] of [...counts].sort((a, b) => b[1] - a[1])) {
    const tr = el('tr');
    tr.append(el('td', name), el('td', n.toLocaleString()));
    $('#names tbody').append(tr);
  }
  const issues = events.issues;
  if (issues.length === 0) $('#issues').append(el('li', 'None.'));
  for (const i of issues) $('#issues').append(el('li', `${i.severity} ${i.code} at ${i.path || 'body'}: ${i.message}`));
  $('#status').textContent = `${body.length.toLocaleString()} bytes of sample data.`;
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  $('#status').className = 'error';
  $('#status').textContent = e instanceof ReportingError ? `${e.code}: ${e.message}` : `Unexpected error: ${e}`;
  document.body.dataset.ready = 'error';
});
