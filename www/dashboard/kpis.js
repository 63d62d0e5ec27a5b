// The KPI cards: mean and median of each duration, the counts, and a trend arrow against
// the window of equal length before (summary.previous). Each shown number carries its raw
// value in data-value, so tests (and curious users) can read the exact figure.
import { h, replace, srOnly } from './dom.js';
import { change, count, duration, signedPercent } from './format.js';

const CARDS = [
  { key: 'firstResponse', label: 'First response', kind: 'stats', better: 'lower', note: 'Time to the first human reply' },
  { key: 'resolution', label: 'Resolution', kind: 'stats', better: 'lower', note: 'From creation, as Chatwoot reports' },
  { key: 'resolutionPerCycle', label: 'Resolution per cycle', kind: 'stats', better: 'lower', note: 'From the latest (re)opening' },
  { key: 'replyTime', label: 'Reply time', kind: 'stats', better: 'lower', note: 'Customer waits after the first reply' },
  { key: 'resolutionsCount', label: 'Resolutions', kind: 'count', better: 'higher', note: 'Resolve events' },
  { key: 'reopensCount', label: 'Reopens', kind: 'count', better: 'lower', note: 'Opened again after a resolution' },
  { key: 'botHandoffsCount', label: 'Bot handoffs', kind: 'count', better: 'neutral', note: 'Conversations a bot handed over' },
  { key: 'conversations', label: 'Conversations', kind: 'count', better: 'neutral', note: 'With events in the window' },
];

/**
 * @param {HTMLElement} list  the <ul> of cards
 * @param {object} summary    from the worker (summarize with since/until)
 * @param {{days: number, businessHours: boolean}} ctx
 */
export function renderKpis(list, summary, { days, businessHours }) {
  const prev = summary.previous ?? null;
  replace(list, CARDS.map((card) => {
    const li = h('li', { class: 'kpi', data: { kpi: card.key } }, h('h3', { class: 'kpi-label', text: card.label }));
    if (card.kind === 'stats') {
      const s = summary[card.key];
      const empty = !s || s.count === 0;
      li.append(
        h('p', { class: 'kpi-value' },
          h('span', { data: { field: `${card.key}.mean`, value: String(s?.mean ?? '') }, text: duration(s?.mean) }),
          empty ? null : h('span', { class: 'kpi-unit', text: ' mean' })),
        h('p', { class: 'kpi-sub' }, 'median ',
          h('span', { data: { field: `${card.key}.median`, value: String(s?.median ?? '') }, text: duration(s?.median) }),
          ` · ${count(s?.count ?? 0)} ${s?.count === 1 ? 'event' : 'events'}`),
      );
      if (empty && card.key === 'resolutionPerCycle' && businessHours) {
        li.append(h('p', { class: 'kpi-note', text: 'Needs the inboxes\' working hours, not available for this data.' }));
      } else {
        li.append(trend(s?.mean ?? null, prev?.[card.key]?.count ? prev[card.key].mean : null, card, days, duration));
        if (card.key === 'resolutionPerCycle' && businessHours) li.append(h('p', { class: 'kpi-note', text: 'Business time under each inbox\'s working hours.' }));
      }
    } else {
      const v = summary[card.key] ?? 0;
      li.append(
        h('p', { class: 'kpi-value' }, h('span', { data: { field: card.key, value: String(v) }, text: count(v) })),
        h('p', { class: 'kpi-sub', text: card.note }),
        trend(v, prev ? prev[card.key] ?? null : null, card, days, count),
      );
    }
    li.title = card.note;
    return li;
  }));
}

/** "▲ +12 %" with a word for colour-blind users and a sentence for screen readers. */
function trend(current, previous, card, days, fmt) {
  const p = h('p', { class: 'kpi-trend' });
  const c = change(current, previous);
  if (c === null) {
    p.classList.add('flat');
    p.textContent = previous === null ? `No data in the ${days} days before` : 'No comparison';
    return p;
  }
  const dir = Math.round(c * 100) === 0 ? 'flat' : c > 0 ? 'up' : 'down';
  let verdict = 'neutral';
  if (dir !== 'flat' && card.better !== 'neutral') verdict = (dir === 'down') === (card.better === 'lower') ? 'better' : 'worse';
  p.classList.add(dir, verdict);
  p.dataset.trend = dir;
  const arrow = dir === 'up' ? '▲' : dir === 'down' ? '▼' : '●';
  p.append(
    h('span', { attrs: { 'aria-hidden': 'true' }, text: `${arrow} ${signedPercent(c)}` }),
    srOnly(`${dir === 'flat' ? 'Unchanged' : dir === 'up' ? 'Up' : 'Down'} ${signedPercent(Math.abs(c)).replace(/^[+−]/, '')} from ${fmt(previous)} in the previous ${days} days${verdict === 'neutral' ? '' : `, ${verdict}`}.`),
    h('span', { class: 'kpi-prev', attrs: { 'aria-hidden': 'true' }, text: ` vs ${fmt(previous)}${verdict === 'neutral' ? '' : ` · ${verdict}`}` }),
  );
  return p;
}
