// The drill-down dialog: the conversations behind one number (a key figure, an SLA miss, a
// chart bucket, a distribution bar, an agent or an inbox), asked from the worker, with
// links to Chatwoot and a CSV of exactly those conversations.
import { $ } from './dom.js';
import { plural } from './format.js';
import { createConversationTable } from './panels.js';

/**
 * @param {{worker, viewArgs: () => object, ctx: () => object, download: (table, extra, name) => Promise}} o
 *   viewArgs(): the current window, filters and business-hours setting; ctx(): names and links.
 * Returns {open(spec, title), debug}.
 */
export function createDrill({ worker, viewArgs, ctx, download }) {
  const dialog = $('#drill-dialog');
  const title = $('#drill-title');
  const note = $('#drill-note');
  const table = createConversationTable($('#drill-table'), { sort: { key: 'resolutionTime', dir: 'desc' }, ctx });
  const debug = { state: 'closed', spec: null, rows: null, total: 0 };
  let seq = 0;
  let current = null;

  $('#drill-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => { debug.state = 'closed'; dialog.dataset.state = 'closed'; });
  $('#drill-export').addEventListener('click', () => {
    if (current) download('drill', { spec: current.spec }, `conversations-${current.slug}`);
  });

  async function open(spec, heading) {
    const mine = ++seq;
    current = { spec, slug: slugOf(heading) };
    title.textContent = heading;
    note.textContent = 'Finding the conversations…';
    table.update([]);
    debug.state = 'loading';
    dialog.dataset.state = 'loading';
    if (!dialog.open) dialog.showModal();
    try {
      const out = await worker.call('drill', { ...viewArgs(), spec, limit: 200 });
      if (mine !== seq) return;
      table.update(out.rows);
      const shown = out.rows.length < out.total ? `, the ${out.rows.length} slowest shown (the CSV has all)` : '';
      note.textContent = `${plural(out.total, 'conversation')}${shown}.${out.displayIds ? '' : ' Links marked * use internal ids (see the note under "Slowest conversations").'}`;
      Object.assign(debug, { state: 'ready', spec, rows: out.rows, total: out.total });
      dialog.dataset.state = 'ready';
      dialog.dataset.total = String(out.total);
    } catch (err) {
      if (mine !== seq) return;
      note.textContent = `The conversations could not be found: ${err.message}`;
      debug.state = 'error';
      dialog.dataset.state = 'error';
    }
  }

  return { open, debug };
}

const slugOf = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'drill';
