// The KPI cards: mean and median of each duration, the counts, and a trend arrow against
// the window of equal length before (summary.previous), marked when that window is only
// partly covered by data; and the SLA cards ("% met" for each target). Each shown number
// carries its raw value in data-value, so tests (and curious users) can read the exact
// figure; each card has a button opening the conversations behind it.
import { h, replace, srOnly } from './dom.js';
import { change, count, date, duration, percent, plural, signedPercent } from './format.js';

const CARDS = [
  { key: 'firstResponse', label: 'First response', kind: 'stats', better: 'lower', note: 'Time to the first human reply' },
  { key: 'resolution', label: 'Resolution', kind: 'stats', better: 'lower', note: 'From creation, as Chatwoot reports' },
  { key: 'resolutionPerCycle', label: 'Resolution per cycle', kind: 'stats', better: 'lower', note: 'From the latest (re)opening' },
  { key: 'replyTime', label: 'Reply time', kind: 'stats', better: 'lower', note: 'Customer waits after the first reply' },
  { key: 'resolutionsCount', label: 'Resolutions', kind: 'count', better: 'higher', note: 'Resolve events' },
  { key: 'reopensCount', label: 'Reopens', kind: 'count', better: 'lower', note: 'Opened again after a resolution' },
  { key: 'botHandoffsCount', label: 'Bot handoffs', kind: 'count', better: 'neutral', note: 'Conversations a bot handed over' },
  { key: 'conversations', label: 'Conversations', kind: 'count', better: 'neutral', note: 'With events in the window' },
  // Shown once the package reports them (API.md, Additions): per conversation, what
  // Zendesk and Intercom show.
  { unit: 'conversation', key: 'requesterWait', label: 'Requester wait', kind: 'stats', better: 'lower', note: 'First response plus every later wait, per conversation', optional: true },
  { unit: 'conversation', key: 'firstResolution', label: 'First resolution', kind: 'stats', better: 'lower', note: 'Each conversation\'s first resolution', optional: true },
  { unit: 'conversation', key: 'fullResolution', label: 'Full resolution', kind: 'stats', better: 'lower', note: 'Each conversation\'s last resolution', optional: true },
  { key: 'oneTouch', label: 'One-touch resolutions', kind: 'share', better: 'higher', note: 'Resolved with one human reply, never reopened', optional: true },
];

const SLA_CARDS = [
  { key: 'firstResponse', label: 'First response' },
  { key: 'resolution', label: 'Resolution' },
  { key: 'replyTime', label: 'Reply' },
];

/**
 * @param {HTMLElement} list  the <ul> of cards
 * @param {object} summary    from the worker (summarize with since/until)
 * @param {{period: string, businessHours: boolean, previousCoverage: {share, from}|null,
 *   timezone: string, onPick: (key) => void}} ctx
 *   period: how the window reads in "the … before" ("90 days", "13 days").
 */
export function renderKpis(list, summary, ctx) {
  const prev = summary.previous ?? null;
  replace(list, CARDS.filter((card) => !card.optional || summary[card.key]).map((card) => {
    const li = h('li', { class: 'kpi', data: { kpi: card.key } }, h('h3', { class: 'kpi-label', text: card.label }));
    if (card.kind === 'share') {
      const v = summary[card.key];
      li.append(
        h('p', { class: 'kpi-value' }, h('span', { data: { field: `${card.key}.share`, value: String(v?.share ?? '') }, text: percent(v?.share ?? null) })),
        h('p', { class: 'kpi-sub', text: `${plural(v?.count ?? 0, 'conversation')} · ${card.note}` }),
        trend(v?.share ?? null, prev?.[card.key]?.share ?? null, card, ctx, percent, true),
      );
    } else if (card.kind === 'stats') {
      const s = summary[card.key];
      const empty = !s || s.count === 0;
      li.append(
        h('p', { class: 'kpi-value' },
          h('span', { data: { field: `${card.key}.mean`, value: String(s?.mean ?? '') }, text: duration(s?.mean) }),
          empty ? null : h('span', { class: 'kpi-unit', text: ' mean' })),
        h('p', { class: 'kpi-sub' }, 'median ',
          h('span', { data: { field: `${card.key}.median`, value: String(s?.median ?? '') }, text: duration(s?.median) }),
          s?.medianCi ? h('span', { class: 'kpi-ci', attrs: { title: '95 % interval for the median' }, text: ` (${duration(s.medianCi[0])}–${duration(s.medianCi[1])})` }) : null,
          ` · ${plural(s?.count ?? 0, card.unit ?? 'event')}`),
      );
      if (empty && card.key === 'resolutionPerCycle' && ctx.businessHours) {
        li.append(h('p', { class: 'kpi-note', text: 'Needs the inboxes\' working hours, not available for this data.' }));
      } else {
        li.append(trend(s?.mean ?? null, prev?.[card.key]?.count ? prev[card.key].mean : null, card, ctx, duration));
        if (card.key === 'resolutionPerCycle' && ctx.businessHours) li.append(h('p', { class: 'kpi-note', text: 'Business time under each inbox\'s working hours.' }));
      }
    } else {
      const v = summary[card.key] ?? 0;
      li.append(
        h('p', { class: 'kpi-value' }, h('span', { data: { field: card.key, value: String(v) }, text: count(v) })),
        h('p', { class: 'kpi-sub', text: card.note }),
        trend(v, prev ? prev[card.key] ?? null : null, card, ctx, count),
      );
    }
    li.append(drillButton(`${card.label}: show the conversations`, () => ctx.onPick({ kind: 'kpi', key: card.key, label: card.label })));
    li.title = card.note;
    return li;
  }));
}

/**
 * The SLA cards: for each target set, the share met, the counts, a trend against the
 * window before, and a button listing the conversations that missed it.
 */
export function renderSlaCards(list, summary, targets, ctx) {
  const cards = SLA_CARDS.filter((c) => targets[c.key]);
  replace(list, cards.map((card) => {
    const s = summary.sla?.[card.key] ?? { threshold: targets[card.key], met: 0, total: 0, share: null };
    const p = summary.previous?.sla?.[card.key] ?? null;
    const li = h('li', { class: 'kpi sla', data: { sla: card.key } },
      h('h3', { class: 'kpi-label', text: `${card.label} within ${duration(s.threshold)}` }),
      h('p', { class: 'kpi-value' },
        h('span', { data: { field: `sla.${card.key}.share`, value: String(s.share ?? '') }, text: percent(s.share) }),
        s.total ? h('span', { class: 'kpi-unit', text: ' met' }) : null),
      h('p', { class: 'kpi-sub', text: `${count(s.met)} of ${plural(s.total, 'event')} · ${plural(s.total - s.met, 'miss', 'misses')}` }),
      trend(s.share, p?.total ? p.share : null, { better: 'higher' }, ctx, percent, true),
      drillButton(`${card.label} target missed: show the conversations`, () => ctx.onPick({ kind: 'sla', metric: card.key, threshold: s.threshold, label: `${card.label} over ${duration(s.threshold)}` }), 'Missed'));
    return li;
  }));
}

function drillButton(label, onClick, text = 'Conversations') {
  return h('button', { type: 'button', class: 'kpi-drill', text: `${text} →`, attrs: { 'aria-label': label }, on: { click: onClick } });
}

/**
 * "▲ +12 %" with a word for colour-blind users and a sentence for screen readers. With a
 * partly covered previous window the comparison is shown but marked, and counts get no
 * better/worse verdict (fewer days hold fewer events).
 */
function trend(current, previous, card, ctx, fmt, points = false) {
  const p = h('p', { class: 'kpi-trend' });
  const partial = ctx.previousCoverage && ctx.previousCoverage.share < 1;
  if (partial && ctx.previousCoverage.share === 0) {
    p.classList.add('flat');
    p.dataset.trend = 'none';
    p.textContent = `No data in the ${ctx.period} before`;
    return p;
  }
  const c = points ? (current === null || previous === null ? null : current - previous) : change(current, previous);
  if (c === null) {
    p.classList.add('flat');
    p.textContent = previous === null ? `No data in the ${ctx.period} before` : 'No comparison';
    return p;
  }
  const rounded = points ? Math.round(c * 1000) : Math.round(c * 100);
  const dir = rounded === 0 ? 'flat' : c > 0 ? 'up' : 'down';
  let verdict = 'neutral';
  if (dir !== 'flat' && card.better !== 'neutral' && !(partial && card.kind === 'count')) verdict = (dir === 'down') === (card.better === 'lower') ? 'better' : 'worse';
  p.classList.add(dir, verdict);
  p.dataset.trend = dir;
  const arrow = dir === 'up' ? '▲' : dir === 'down' ? '▼' : '●';
  const delta = points ? `${c >= 0 ? '+' : '−'}${(Math.abs(c) * 100).toFixed(1)} pt` : signedPercent(c);
  p.append(
    h('span', { attrs: { 'aria-hidden': 'true' }, text: `${arrow} ${delta}` }),
    srOnly(`${dir === 'flat' ? 'Unchanged' : dir === 'up' ? 'Up' : 'Down'} ${delta.replace(/^[+−]/, '')} from ${fmt(previous)} in the previous ${ctx.period}${verdict === 'neutral' ? '' : `, ${verdict}`}.`),
    h('span', { class: 'kpi-prev', attrs: { 'aria-hidden': 'true' }, text: ` vs ${fmt(previous)}${verdict === 'neutral' ? '' : ` · ${verdict}`}` }),
  );
  if (partial) {
    p.dataset.partial = 'true';
    p.append(h('span', {
      class: 'kpi-partial',
      text: ` · previous window ${Math.round(ctx.previousCoverage.share * 100)} % covered (data from ${date(ctx.previousCoverage.from, ctx.timezone)})`,
    }));
  }
  return p;
}
