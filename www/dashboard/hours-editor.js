// The working-hours editor's form: per weekday any number of 'HH:MM'–'HH:MM' windows (add,
// remove; an end not after the start runs past midnight; '24:00' ends at midnight), the
// schedule's time zone and holidays (local dates). It edits a draft (hours-model.js) and
// calls onChange after each edit; it does not validate (the package does, in the worker).
import { $, h, replace } from './dom.js';
import { DAYS, draftOf } from './hours-model.js';
import { timeZones } from './state.js';

/**
 * @param {HTMLElement} root  the panel (index.html #hours-body)
 * @param {{onChange: (draft) => void}} o
 * Returns {set(hours), draft(), markInvalid(field | null)}.
 */
/** A starting point for a new window: 09:00–17:00 on a closed day, else the hour after the last one. */
function nextWindow(list) {
  if (list.length === 0) return ['09:00', '17:00'];
  const m = /^(\d\d):(\d\d)$/.exec(list[list.length - 1][1].trim());
  const from = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!(from < 23 * 60)) return ['', ''];
  const hhmm = (t) => `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
  return [hhmm(from), hhmm(from + 60)];
}

export function createHoursEditor(root, { onChange }) {
  const days = $('#hours-days', root);
  const zone = $('#hours-timezone', root);
  const holidayInput = $('#hours-holiday', root);
  const holidayList = $('#hours-holidays', root);
  let draft = draftOf(null);

  const zones = timeZones();
  const frag = document.createDocumentFragment();
  for (const z of zones) frag.append(h('option', { value: z, text: z.replaceAll('_', ' ') }));
  zone.append(frag);

  zone.addEventListener('change', () => {
    draft.timezone = zone.value;
    onChange(draft);
  });

  // One listener for every time field: the draft follows what is typed.
  days.addEventListener('input', (e) => {
    const t = e.target;
    if (!t.matches('input.hours-time')) return;
    draft.weekly[t.dataset.day][Number(t.dataset.index)][t.dataset.edge === 'start' ? 0 : 1] = t.value;
    onChange(draft);
  });
  days.addEventListener('click', (e) => {
    const b = e.target.closest('button');
    if (!b) return;
    const day = b.dataset.day;
    if (b.dataset.action === 'add') {
      const list = draft.weekly[day];
      list.push(nextWindow(list));
      drawDays();
      $(`input[data-day="${day}"][data-index="${list.length - 1}"][data-edge="start"]`, days).focus();
    } else if (b.dataset.action === 'remove') {
      draft.weekly[day].splice(Number(b.dataset.index), 1);
      drawDays();
      $(`button[data-action="add"][data-day="${day}"]`, days).focus();
    } else return;
    onChange(draft);
  });

  $('#hours-holiday-add', root).addEventListener('click', addHoliday);
  holidayInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      addHoliday();
    }
  });
  function addHoliday() {
    const v = holidayInput.value;
    if (!v) {
      holidayInput.focus();
      return;
    }
    if (!draft.holidays.includes(v)) {
      draft.holidays.push(v);
      draft.holidays.sort();
    }
    holidayInput.value = '';
    drawHolidays();
    onChange(draft);
  }
  holidayList.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-holiday]');
    if (!b) return;
    draft.holidays = draft.holidays.filter((d) => d !== b.dataset.holiday);
    drawHolidays();
    holidayInput.focus();
    onChange(draft);
  });

  function timeInput(day, index, edge, value, n) {
    return h('input', {
      type: 'text', class: 'hours-time', value,
      data: { day: day.key, index: String(index), edge },
      attrs: {
        'aria-label': `${day.label}, window ${n}, ${edge === 'start' ? 'opens' : 'closes'} (HH:MM)`,
        inputmode: 'numeric', maxlength: '5', placeholder: 'HH:MM', autocomplete: 'off', spellcheck: 'false',
        'aria-describedby': 'hours-help',
      },
    });
  }

  function drawDays() {
    replace(days, DAYS.map((day) => {
      const windows = draft.weekly[day.key];
      const nameId = `hours-day-${day.key}`;
      return h('div', { class: 'hours-day', data: { day: day.key }, attrs: { role: 'group', 'aria-labelledby': nameId } },
        h('span', { class: 'hours-day-name', id: nameId, text: day.label }),
        h('ul', { class: 'hours-windows' },
          windows.length === 0 ? h('li', { class: 'hours-closed', text: 'Closed' }) : null,
          windows.map(([a, b], i) => h('li', { class: 'hours-window', data: { index: String(i) } },
            timeInput(day, i, 'start', a, i + 1),
            h('span', { class: 'hours-dash', attrs: { 'aria-hidden': 'true' }, text: '–' }),
            timeInput(day, i, 'end', b, i + 1),
            h('button', {
              type: 'button', class: 'hours-remove', text: 'Remove',
              data: { action: 'remove', day: day.key, index: String(i) },
              attrs: { 'aria-label': `Remove ${day.label} window ${i + 1}` },
            })))),
        h('button', {
          type: 'button', class: 'hours-add', text: 'Add window',
          data: { action: 'add', day: day.key }, attrs: { 'aria-label': `Add a window on ${day.label}` },
        }));
    }));
  }

  function drawHolidays() {
    replace(holidayList, draft.holidays.length === 0
      ? h('li', { class: 'hours-closed', text: 'No holidays.' })
      : draft.holidays.map((d) => h('li', { class: 'hours-holiday', data: { date: d } },
        h('span', { text: d }),
        h('button', { type: 'button', class: 'hours-remove', text: 'Remove', data: { holiday: d }, attrs: { 'aria-label': `Remove holiday ${d}` } }))));
  }

  return {
    /** Starts editing a copy of `hours` (null: Chatwoot's default). Does not call onChange. */
    set(hours) {
      draft = draftOf(hours);
      if (![...zone.options].some((o) => o.value === draft.timezone)) zone.append(h('option', { value: draft.timezone, text: draft.timezone }));
      zone.value = draft.timezone;
      drawDays();
      drawHolidays();
    },
    draft: () => draft,
    /** Marks the control a package message names (aria-invalid), clearing the others. */
    markInvalid(field) {
      for (const el of root.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
      if (!field) return;
      if (field.timezone) zone.setAttribute('aria-invalid', 'true');
      else if (field.holiday !== undefined) holidayList.querySelectorAll('li.hours-holiday span')[field.holiday]?.setAttribute('aria-invalid', 'true');
      else for (const el of days.querySelectorAll(`input[data-day="${field.day}"][data-index="${field.index}"]`)) el.setAttribute('aria-invalid', 'true');
    },
  };
}
