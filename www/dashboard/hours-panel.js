// The "Working hours" panel: pick an inbox (or all), see its Chatwoot schedule, edit a copy
// (hours-editor.js), and compare the business-hours figures under Chatwoot's stored values
// with the same figures recomputed under the copy. Recomputed in the worker (op 'hours':
// withWorkingHours + summarize) on each edit, debounced; an invalid schedule shows the
// package's message and leaves the last figures in place.
import { $, h, replace } from './dom.js';
import { change, duration, signedPercent } from './format.js';
import { createHoursEditor } from './hours-editor.js';
import { describeWeek, fieldOfMessage, humanMessage, scheduleOf } from './hours-model.js';

const DEBOUNCE_MS = 250;
const ROWS = [
  { key: 'firstResponse', label: 'First response' },
  { key: 'resolution', label: 'Resolution' },
  { key: 'resolutionPerCycle', label: 'Resolution per cycle' },
  { key: 'replyTime', label: 'Reply time' },
];

/**
 * @param {{worker: {call}, context: () => ({loaded, shown})}} o
 * Returns {dataChanged(), windowChanged(), debug}.
 */
export function createHoursPanel({ worker, context }) {
  const panel = $('#hours-panel');
  const body = $('#hours-body');
  const toggle = $('#hours-toggle');
  const inboxSelect = $('#hours-inbox');
  const errorBox = $('#hours-error');
  const status = $('#hours-status');
  const compare = $('#hours-compare');
  // Until the copy is edited there is nothing to compare: Chatwoot's stored figures are shown
  // alone (a recomputation under the same schedule may differ by rounding, which would read
  // as a change nobody made).
  let edited = false;
  const editor = createHoursEditor(body, { onChange: () => { edited = true; debug.edited = true; schedule(); } });

  let timer = 0;
  let seq = 0;
  let lastKey = '';
  const debug = { state: 'closed', computed: 0, figures: null, schedule: null, inboxIds: null, error: null, edited: false };
  const setState = (s) => {
    debug.state = s;
    panel.dataset.hoursState = s;
  };
  setState('closed');

  toggle.addEventListener('click', () => {
    const open = body.hidden;
    body.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'Close the editor' : 'Edit working hours…';
    if (open) {
      if (!inboxSelect.options.length) fillInboxes();
      startDraft();
      inboxSelect.focus();
    } else {
      clearTimeout(timer);
      seq += 1; // answers still on their way are ignored
      setState('closed');
    }
  });
  inboxSelect.addEventListener('change', startDraft);
  $('#hours-reset').addEventListener('click', startDraft);
  $('#hours-form').addEventListener('submit', (e) => e.preventDefault());

  const inboxes = () => context().loaded?.inboxes ?? [];
  const choice = () => (inboxSelect.value === 'all' ? 'all' : Number(inboxSelect.value));

  function fillInboxes() {
    const keep = inboxSelect.value;
    const list = inboxes();
    replace(inboxSelect,
      h('option', { value: 'all', text: 'All inboxes' }),
      list.map((i) => h('option', { value: String(i.id), text: i.name || `Inbox #${i.id}` })));
    const values = [...inboxSelect.options].map((o) => o.value);
    inboxSelect.value = values.includes(keep) ? keep : (list.find((i) => i.workingHours)?.id ?? 'all').toString();
  }

  /** Chatwoot's schedule of the chosen inbox, or null (all inboxes, a file, none readable). */
  function chatwootHours() {
    const c = choice();
    return c === 'all' ? null : inboxes().find((i) => i.id === c)?.workingHours ?? null;
  }

  function showChatwoot() {
    const c = choice();
    const hours = chatwootHours();
    const note = $('#hours-chatwoot-note');
    const list = $('#hours-chatwoot');
    if (c === 'all') {
      note.textContent = inboxes().length
        ? 'Each inbox has its own schedule in Chatwoot: pick one to see it. The copy starts from Chatwoot\'s default (Monday–Friday 09:00–17:00, UTC) and applies to every inbox.'
        : 'No inbox schedules with this data (a file has none). The copy starts from Chatwoot\'s default (Monday–Friday 09:00–17:00, UTC) and applies to every event.';
      replace(list);
      return;
    }
    if (!hours) {
      note.textContent = 'Chatwoot\'s schedule of this inbox could not be read; the copy starts from Chatwoot\'s default (Monday–Friday 09:00–17:00, UTC).';
      replace(list);
      return;
    }
    note.textContent = `Time zone ${hours.timezone ?? 'UTC'}. Other inboxes keep their own Chatwoot schedule.`;
    replace(list, describeWeek(hours).map(({ day, text }) => h('div', {}, h('dt', { text: day.short, attrs: { title: day.label } }), h('dd', { text }))));
  }

  function startDraft() {
    showChatwoot();
    editor.set(chatwootHours());
    edited = false;
    debug.edited = false;
    schedule(0);
  }

  function schedule(delay = DEBOUNCE_MS) {
    clearTimeout(timer);
    if (body.hidden) return;
    setState('pending');
    timer = setTimeout(compute, delay);
  }

  async function compute() {
    const { loaded, shown } = context();
    if (!loaded || !shown || body.hidden) return;
    const hours = scheduleOf(editor.draft());
    const c = choice();
    const inboxIds = c === 'all' ? 'all' : [c];
    const mine = ++seq;
    setState('computing');
    status.textContent = 'Recomputing…';
    try {
      const out = await worker.call('hours', { since: shown.since, until: shown.until, hours, inboxIds });
      if (mine !== seq) return;
      lastKey = `${shown.since}|${shown.until}`;
      hideError();
      renderCompare(out, edited);
      Object.assign(debug, { figures: out, schedule: hours, inboxIds, error: null });
      debug.computed += 1;
      const who = c === 'all' ? 'every inbox' : `${inboxSelect.selectedOptions[0]?.textContent}; the other inboxes keep Chatwoot's schedules`;
      status.textContent = edited
        ? `Recomputed in the worker in ${out.ms} ms, the edited schedule for ${who}.`
        : 'Chatwoot\'s stored figures. Edit the copy (a window, the zone, a holiday) to see them recomputed under it.';
      setState('ready');
    } catch (err) {
      if (mine !== seq) return;
      showError(err);
      debug.error = { code: err.code, message: err.message };
      status.textContent = debug.figures ? 'The figures below are still those of the last valid schedule.' : '';
      setState('invalid');
    }
  }

  function showError(err) {
    replace(errorBox,
      h('p', { text: err.code === 'invalid_argument' ? 'This schedule cannot be used:' : 'The figures could not be recomputed:' }),
      h('p', { class: 'hours-error-message', text: humanMessage(err.message) }));
    errorBox.hidden = false;
    editor.markInvalid(fieldOfMessage(err.message));
  }

  function hideError() {
    errorBox.hidden = true;
    replace(errorBox);
    editor.markInvalid(null);
  }

  function cell(fig, field, source) {
    const v = fig[field];
    return h('td', { class: 'num', data: { field, source, value: v === null ? '' : String(v) }, text: duration(v) });
  }

  function renderCompare({ stored, edited }, anyEdit) {
    const rows = [];
    for (const r of ROWS) {
      for (const stat of ['mean', 'median']) {
        const field = `${r.key}.${stat}`;
        const c = anyEdit ? change(edited[field], stored[field]) : null;
        rows.push(h('tr', {},
          h('th', { attrs: { scope: 'row' }, text: `${r.label}, ${stat}` }),
          cell(stored, field, 'stored'),
          anyEdit ? cell(edited, field, 'edited') : h('td', { class: 'num muted', data: { field, source: 'edited', value: '' }, text: 'no edit yet' }),
          h('td', { class: 'num', text: c === null ? '—' : signedPercent(c) })));
      }
    }
    const table = h('table', { attrs: { id: 'hours-table' } },
      h('caption', { attrs: { id: 'hours-table-cap' }, text: 'Business-hours figures: Chatwoot\'s stored values and the edited schedule' }),
      h('thead', {}, h('tr', {},
        h('th', { attrs: { scope: 'col' }, text: 'Figure' }),
        h('th', { attrs: { scope: 'col' }, class: 'num', text: 'Stored by Chatwoot' }),
        h('th', { attrs: { scope: 'col' }, class: 'num', text: 'Edited schedule' }),
        h('th', { attrs: { scope: 'col' }, class: 'num', text: 'Change' }))),
      h('tbody', {}, rows));
    replace(compare,
      h('div', { class: 'table-wrap', attrs: { role: 'region', 'aria-labelledby': 'hours-table-cap', tabindex: '0' } }, table),
      h('p', { class: 'note', text: 'Chatwoot stores no per-cycle resolution (it is measured from each reopening, which needs a schedule): "—" in its column.' }));
  }

  return {
    /** New data was loaded: new inbox list; recompute when open. */
    dataChanged() {
      const before = inboxSelect.value;
      fillInboxes();
      lastKey = '';
      if (body.hidden) return;
      if (inboxSelect.value !== before) startDraft(); // the inbox is gone: start again
      else {
        showChatwoot(); // keep the edits, recompute on the new data
        schedule(0);
      }
    },
    /** The window may have changed: recompute when open and it did. */
    windowChanged() {
      const { shown } = context();
      if (body.hidden || !shown || `${shown.since}|${shown.until}` === lastKey) return;
      schedule(0);
    },
    debug,
  };
}
