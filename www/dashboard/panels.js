// The tables below the charts: per agent and per inbox (names, SLA shares when targets are
// set; a name opens that agent's or inbox's conversations), the conversation tables (the
// slowest, and a drill-down's), with links back to Chatwoot, and the data checks.
import { h, replace } from './dom.js';
import { count, dateTime, duration, percent, plural } from './format.js';
import { createSortableTable } from './tables.js';

const SLA_LABELS = { firstResponse: 'First response', resolution: 'Resolution', replyTime: 'Reply' };

/** Columns shared by the agent and inbox tables (a Breakdown each). */
function breakdownColumns(slaKeys) {
  const cols = [
    { key: 'frMean', label: 'First response (mean)', numeric: true, value: (r) => r.firstResponse.mean, render: (r) => duration(r.firstResponse.mean) },
    { key: 'frMedian', label: 'First response (median)', numeric: true, value: (r) => r.firstResponse.median, render: (r) => duration(r.firstResponse.median) },
    { key: 'frCount', label: 'First responses', numeric: true, value: (r) => r.firstResponse.count, render: (r) => count(r.firstResponse.count) },
    { key: 'resolutions', label: 'Resolutions', numeric: true, value: (r) => r.resolutionsCount, render: (r) => count(r.resolutionsCount) },
    { key: 'resMean', label: 'Resolution (mean)', numeric: true, value: (r) => r.resolution.mean, render: (r) => duration(r.resolution.mean) },
    { key: 'replyMean', label: 'Reply time (mean)', numeric: true, value: (r) => r.replyTime.mean, render: (r) => duration(r.replyTime.mean) },
    { key: 'replies', label: 'Replies', numeric: true, value: (r) => r.replyTime.count, render: (r) => count(r.replyTime.count) },
  ];
  for (const k of slaKeys) {
    cols.push({
      key: `sla-${k}`, label: `${SLA_LABELS[k]} SLA met`, numeric: true, title: `Share of ${SLA_LABELS[k].toLowerCase()} times within the target`,
      value: (r) => r.sla?.[k]?.share ?? null,
      render: (r) => {
        const s = r.sla?.[k];
        return h('span', { data: { sla: k, share: s?.share ?? '', met: s?.met ?? '', total: s?.total ?? '' }, text: s?.total ? `${percent(s.share)} (${count(s.met)}/${count(s.total)})` : '—' });
      },
    });
  }
  return cols;
}

/**
 * The agent ('agents') or inbox ('inboxes') table in `container`. `nameOf(id)` gives the
 * shown name; `onPick(id)` opens that group's conversations. `update(groups, slaKeys)`.
 */
export function createGroupTable(container, kind, { nameOf, onPick }) {
  const idKey = kind === 'agents' ? 'userId' : 'inboxId';
  let table = null;
  let shape = '';
  let sort = { key: 'resolutions', dir: 'desc' };
  const build = (slaKeys) => {
    const first = {
      key: 'name', label: kind === 'agents' ? 'Agent' : 'Inbox', value: (r) => nameOf(r[idKey]),
      render: (r) => h('button', {
        type: 'button', class: 'link-button', text: nameOf(r[idKey]), data: { pick: String(r[idKey]) },
        attrs: { title: `Show the conversations of ${nameOf(r[idKey])}` }, on: { click: () => onPick(r[idKey]) },
      }),
    };
    table = createSortableTable(container, {
      caption: kind === 'agents' ? 'Per agent (by the event\'s user), in the selected range' : 'Per inbox, in the selected range',
      columns: [first, ...breakdownColumns(slaKeys)],
      sort, empty: kind === 'agents' ? 'No agent events in this range.' : 'No inbox events in this range.',
    });
  };
  return {
    update(groups, slaKeys = []) {
      const next = slaKeys.join(',');
      if (!table || next !== shape) {
        if (table) sort = table.sort;
        shape = next;
        build(slaKeys);
      }
      table.update(groups);
    },
  };
}

/** A link to the conversation in Chatwoot, by display id where known (see the note above tables). */
function conversationLink(r, c) {
  const id = r.displayId ?? r.conversationId;
  if (!c.linkBase) return h('span', { text: `#${r.conversationId}`, attrs: { title: `Internal conversation id ${r.conversationId}` } });
  const text = r.displayId !== null ? `#${r.displayId}` : `#${r.conversationId}*`;
  const a = h('a', {
    text, href: `${c.linkBase}/app/accounts/${encodeURIComponent(c.accountId)}/conversations/${encodeURIComponent(id)}`,
    attrs: { target: '_blank', rel: 'noopener noreferrer' },
  });
  a.title = r.displayId !== null
    ? `Open conversation ${r.displayId} in Chatwoot (new tab)`
    : `Internal id ${r.conversationId}: the account-wide list does not give the display id Chatwoot's addresses use, so this link may open another conversation. Load by display id (Connect) for exact links.`;
  return a;
}

/** Columns of a conversation table (conversationRows + displayId). ctx(): {linkBase, accountId, timezone, inboxName, agentName}. */
function conversationColumns(ctx) {
  return [
    { key: 'conversationId', label: 'Conversation', value: (r) => r.displayId ?? r.conversationId, render: (r) => conversationLink(r, ctx()) },
    { key: 'resolutionTime', label: 'Resolution (latest)', numeric: true, value: (r) => r.resolutionTime, render: (r) => duration(r.resolutionTime) },
    { key: 'firstResponse', label: 'First response', numeric: true, value: (r) => r.firstResponse, render: (r) => duration(r.firstResponse) },
    { key: 'replyTimeMax', label: 'Longest wait', numeric: true, value: (r) => r.replyTimeMax, render: (r) => duration(r.replyTimeMax) },
    { key: 'replyTimeMedian', label: 'Median wait', numeric: true, value: (r) => r.replyTimeMedian, render: (r) => duration(r.replyTimeMedian) },
    { key: 'resolutions', label: 'Resolutions', numeric: true, value: (r) => r.resolutions, render: (r) => count(r.resolutions) },
    { key: 'reopens', label: 'Reopens', numeric: true, value: (r) => r.reopens, render: (r) => count(r.reopens) },
    { key: 'inbox', label: 'Inbox', sortable: false, render: (r) => ctx().inboxName(r.inboxId) },
    { key: 'agent', label: 'Agent', sortable: false, render: (r) => ctx().agentName(r.userId) },
    { key: 'lastEventAt', label: 'Last event', numeric: true, value: (r) => r.lastEventAt, render: (r) => dateTime(r.lastEventAt, ctx().timezone) },
  ];
}

/**
 * The slowest conversations (conversationRows). Sorting asks the worker again (the rows are
 * the top of the whole range by the chosen column, not a re-sort of the shown ones).
 */
export function createSlowestTable(container, { sort, onSort, ctx }) {
  return createSortableTable(container, {
    caption: 'Conversations with events in the range, slowest first',
    columns: conversationColumns(ctx), sort, onSort, empty: 'No conversations in this range.',
  });
}

/** A drill-down's conversations: sorted in the page (all of them are there). */
export function createConversationTable(container, { sort, ctx }) {
  return createSortableTable(container, {
    caption: 'The conversations behind the chosen figure',
    columns: conversationColumns(ctx), sort, empty: 'No conversations.',
  });
}

/** The data checks: conversations that could not be loaded, then grouped validation issues. */
export function renderIssues(box, { issues, issueCount, failed, events, requested }) {
  const parts = [];
  if (failed?.length) {
    parts.push(h('h3', { text: `${count(failed.length)} of ${plural(requested ?? failed.length, 'conversation')} could not be loaded` }));
    parts.push(h('ul', { class: 'issues' }, failed.slice(0, 20).map((f) => h('li', { class: 'issue error' },
      h('span', { class: 'badge error', text: f.code }), ` Conversation ${f.displayId}: `, h('span', { text: f.message })))));
    if (failed.length > 20) parts.push(h('p', { class: 'note', text: `…and ${count(failed.length - 20)} more.` }));
  }
  if (!issues?.length) {
    parts.push(h('p', { class: 'ok', text: `No validation issues in ${plural(events, 'event')}.` }));
  } else {
    parts.push(h('p', { text: `${plural(issueCount, 'finding')} in ${plural(events, 'event')}, grouped. Errors drop the event; warnings keep it.` }));
    parts.push(h('ul', { class: 'issues' }, issues.slice(0, 50).map((g) => h('li', { class: `issue ${g.severity}` },
      h('span', { class: `badge ${g.severity}`, text: g.severity }), ' ',
      h('code', { text: g.code }), g.count > 1 ? ` ×${count(g.count)}` : '', ': ',
      h('span', { text: g.message }),
      g.paths.length && g.paths.some(Boolean)
        ? h('span', { class: 'issue-where', text: ` (at ${g.paths.filter(Boolean).join(', ')}${g.count > g.paths.length ? ', …' : ''})` })
        : null))));
  }
  replace(box, parts);
}
