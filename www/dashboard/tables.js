// Sortable tables: each column header is a button (reachable with Tab, activated with Enter
// or Space) and the header cell carries aria-sort, as the WAI-ARIA sortable-table pattern.
// Only the body is redrawn on a sort, so keyboard focus stays on the header button.
import { h, replace } from './dom.js';

let uid = 0;

/**
 * @param {HTMLElement} container  emptied and filled with the table
 * @param {{caption: string, columns: Array<{key: string, label: string, numeric?: boolean,
 *   sortable?: boolean, title?: string, value?: (row) => any, render?: (row) => Node|string}>,
 *   sort?: {key: string, dir: 'asc'|'desc'}, onSort?: (key, dir) => void, empty?: string,
 *   rowHeader?: boolean}} o
 *   With `onSort`, sorting is left to the caller (who calls update with re-sorted rows);
 *   without, the table sorts its rows itself.
 */
export function createSortableTable(container, { caption, columns, sort, onSort, empty = 'No rows.', rowHeader = true }) {
  const id = `table-${++uid}`;
  let rows = [];
  let current = sort ?? { key: columns[0].key, dir: 'asc' };
  const headers = new Map();

  const tbody = h('tbody');
  const headRow = h('tr');
  for (const col of columns) {
    const th = h('th', { attrs: { scope: 'col', title: col.title }, class: col.numeric ? 'num' : '' });
    if (col.sortable === false) th.textContent = col.label;
    else {
      const arrow = h('span', { class: 'sort-arrow', attrs: { 'aria-hidden': 'true' } });
      const button = h('button', { type: 'button', class: 'sort', on: { click: () => sortBy(col) } }, col.label, arrow);
      th.append(button);
      headers.set(col.key, { th, arrow });
    }
    headRow.append(th);
  }
  const table = h('table', { attrs: { id } }, h('caption', { text: caption }), h('thead', {}, headRow), tbody);
  // A focusable, labelled scroll region, so keyboard users can scroll a wide table on a phone.
  const wrap = h('div', { class: 'table-wrap', attrs: { role: 'region', 'aria-labelledby': `${id}-cap`, tabindex: '0' } }, table);
  table.querySelector('caption').id = `${id}-cap`;
  replace(container, wrap);

  function sortBy(col) {
    const dir = current.key === col.key ? (current.dir === 'asc' ? 'desc' : 'asc') : (col.numeric ? 'desc' : 'asc');
    current = { key: col.key, dir };
    markHeaders();
    if (onSort) onSort(col.key, dir);
    else drawBody();
  }

  function markHeaders() {
    for (const [key, { th, arrow }] of headers) {
      if (key === current.key) {
        th.setAttribute('aria-sort', current.dir === 'asc' ? 'ascending' : 'descending');
        arrow.textContent = current.dir === 'asc' ? ' ▲' : ' ▼';
      } else {
        th.removeAttribute('aria-sort');
        arrow.textContent = '';
      }
    }
  }

  function sorted() {
    if (onSort) return rows;
    const col = columns.find((c) => c.key === current.key);
    const value = col?.value ?? ((r) => r[current.key]);
    const sign = current.dir === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      const na = va === null || va === undefined || Number.isNaN(va);
      const nb = vb === null || vb === undefined || Number.isNaN(vb);
      if (na || nb) return na === nb ? 0 : na ? 1 : -1; // empty cells last, either way
      if (typeof va === 'string' || typeof vb === 'string') return sign * String(va).localeCompare(String(vb));
      return sign * (va - vb);
    });
  }

  function drawBody() {
    if (rows.length === 0) {
      replace(tbody, h('tr', {}, h('td', { class: 'empty', colSpan: columns.length, text: empty })));
      return;
    }
    replace(tbody, sorted().map((row) => h('tr', {}, columns.map((col, i) => {
      const content = col.render ? col.render(row) : String(row[col.key] ?? '—');
      const cell = h(i === 0 && rowHeader ? 'th' : 'td', { class: col.numeric ? 'num' : '' }, content);
      if (i === 0 && rowHeader) cell.setAttribute('scope', 'row');
      return cell;
    }))));
  }

  markHeaders();
  return {
    element: wrap,
    get sort() { return { ...current }; },
    update(newRows) {
      rows = newRows ?? [];
      drawBody();
    },
  };
}
