// The traffic heatmap: events by hour of week (7 rows from the week's first day × 24
// hours) in the chosen zone, as a table whose cells are shaded by count. The count is in
// every cell as text (for screen readers and tests: data-count), so colour is never the
// only cue.
import { h, replace } from './dom.js';
import { count, plural } from './format.js';

const SUNDAY_FIRST = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The weekday names in the heatmap's row order. */
export const weekdays = (weekStart) => (weekStart === 'monday' ? [...SUNDAY_FIRST.slice(1), 'Sunday'] : SUNDAY_FIRST);

/**
 * @param {HTMLElement} box
 * @param {{grid: number[][], weekStart: string, timezone: string, name: string}} heatmap
 */
export function renderHeatmap(box, heatmap) {
  const { grid } = heatmap;
  const max = Math.max(1, ...grid.flat());
  const total = grid.flat().reduce((a, b) => a + b, 0);
  const days = weekdays(heatmap.weekStart);
  const head = h('tr', {}, h('th', { attrs: { scope: 'col' }, text: 'Day' }),
    Array.from({ length: 24 }, (_x, hour) => h('th', { attrs: { scope: 'col', title: `${String(hour).padStart(2, '0')}:00–${String(hour + 1).padStart(2, '0')}:00` }, class: 'num', text: String(hour) })));
  const rows = grid.map((row, d) => h('tr', { data: { day: days[d] } },
    h('th', { attrs: { scope: 'row' }, text: days[d].slice(0, 3), title: days[d] }),
    row.map((n, hour) => {
      const td = h('td', {
        class: 'heat', data: { count: String(n), hour: String(hour) },
        attrs: { title: `${days[d]} ${String(hour).padStart(2, '0')}:00: ${plural(n, 'event')}` }, text: n ? count(n) : '',
      });
      // Shade by share of the busiest hour, in 6 steps (CSS classes: no inline styles under the CSP).
      td.classList.add(`heat-${n === 0 ? 0 : Math.min(5, 1 + Math.floor((n / max) * 5))}`);
      return td;
    })));
  replace(box, h('div', { class: 'table-wrap heatmap-wrap', attrs: { role: 'region', 'aria-labelledby': 'heatmap-title', tabindex: '0' } },
    h('table', { class: 'heatmap', data: { total: String(total), weekStart: heatmap.weekStart, timezone: String(heatmap.timezone) } },
      h('caption', { text: `Events by hour of week, ${heatmap.timezone}` }),
      h('thead', {}, head), h('tbody', {}, rows))));
}
