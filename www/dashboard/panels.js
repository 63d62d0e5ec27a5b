// The tables below the charts: per agent, per inbox, the slowest conversations (with links
// back to Chatwoot) and the data checks (validation issues, conversations that failed).
import { h, replace } from './dom.js';
import { count, dateTime, duration } from './format.js';
import { createSortableTable } from './tables.js';

const agentName = (id) => (id === null ? 'No agent' : `Agent #${id}`);

/** Columns shared by the agent and inbox tables (a Breakdown each). */
function breakdownColumns() {
  return [
    { key: 'frMean', label: 'First response (mean)', numeric: true, value: (r) => r.firstResponse.mean, render: (r) => duration(r.firstResponse.mean) },
    { key: 'frMedian', label: 'First response (median)', numeric: true, value: (r) => r.firstResponse.median, render: (r) => duration(r.firstResponse.median) },
    { key: 'frCount', label: 'First responses', numeric: true, value: (r) => r.firstResponse.count, render: (r) => count(r.firstResponse.count) },
    { key: 'resolutions', label: 'Resolutions', numeric: true, value: (r) => r.resolutionsCount, render: (r) => count(r.resolutionsCount) },
    { key: 'resMean', label: 'Resolution (mean)', numeric: true, value: (r) => r.resolution.mean, render: (r) => duration(r.resolution.mean) },
    { key: 'replyMean', label: 'Reply time (mean)', numeric: true, value: (r) => r.replyTime.mean, render: (r) => duration(r.replyTime.mean) },
    { key: 'replies', label: 'Replies', numeric: true, value: (r) => r.replyTime.count, render: (r) => count(r.replyTime.count) },
  ];
}

/** Creates the agent table in `container`; returns {update(byAgent)}. */
export function createAgentsTable(container) {
  return createSortableTable(container, {
    caption: 'Per agent (by the event\'s user), in the selected range',
    columns: [{ key: 'agent', label: 'Agent', value: (r) => r.userId ?? Infinity, render: (r) => agentName(r.userId) }, ...breakdownColumns()],
    sort: { key: 'resolutions', dir: 'desc' },
    empty: 'No agent events in this range.',
  });
}

/** Creates the inbox table; `names()` gives the inboxes answered by Chatwoot (or null). */
export function createInboxesTable(container, names) {
  const nameOf = (id) => {
    if (id === null) return 'No inbox';
    const inbox = names()?.find((i) => i.id === id);
    return inbox?.name ? `${inbox.name} (#${id})` : `Inbox #${id}`;
  };
  return createSortableTable(container, {
    caption: 'Per inbox, in the selected range',
    columns: [{ key: 'inbox', label: 'Inbox', value: (r) => nameOf(r.inboxId), render: (r) => nameOf(r.inboxId) }, ...breakdownColumns()],
    sort: { key: 'resolutions', dir: 'desc' },
    empty: 'No inbox events in this range.',
  });
}

/**
 * The slowest conversations (conversationRows). Sorting asks the worker again (the rows are
 * the top of the whole range by the chosen column, not a re-sort of the shown ones).
 * ctx(): {linkBase, accountId, timezone, inboxName(id)}.
 */
export function createSlowestTable(container, { sort, onSort, ctx }) {
  const link = (r) => {
    const c = ctx();
    const id = r.displayId ?? r.conversationId;
    if (!c.linkBase) return h('span', { text: `#${r.conversationId}`, attrs: { title: `Internal conversation id ${r.conversationId}` } });
    // An asterisk marks a link made with the internal id (see the note above the table).
    const text = r.displayId !== null ? `#${r.displayId}` : `#${r.conversationId}*`;
    const a = h('a', {
      text, href: `${c.linkBase}/app/accounts/${encodeURIComponent(c.accountId)}/conversations/${encodeURIComponent(id)}`,
      attrs: { target: '_blank', rel: 'noopener noreferrer' },
    });
    a.title = r.displayId !== null
      ? `Open conversation ${r.displayId} in Chatwoot (new tab)`
      : `Internal id ${r.conversationId}: the account-wide list does not give the display id Chatwoot's addresses use, so this link may open another conversation. Load by display id (Connect) for exact links.`;
    return a;
  };
  return createSortableTable(container, {
    caption: 'Conversations with events in the range, slowest first',
    columns: [
      { key: 'conversationId', label: 'Conversation', render: link },
      { key: 'resolutionTime', label: 'Resolution (latest)', numeric: true, render: (r) => duration(r.resolutionTime) },
      { key: 'firstResponse', label: 'First response', numeric: true, render: (r) => duration(r.firstResponse) },
      { key: 'replyTimeMax', label: 'Longest wait', numeric: true, render: (r) => duration(r.replyTimeMax) },
      { key: 'replyTimeMedian', label: 'Median wait', numeric: true, render: (r) => duration(r.replyTimeMedian) },
      { key: 'resolutions', label: 'Resolutions', numeric: true, render: (r) => count(r.resolutions) },
      { key: 'reopens', label: 'Reopens', numeric: true, render: (r) => count(r.reopens) },
      { key: 'inbox', label: 'Inbox', sortable: false, render: (r) => ctx().inboxName(r.inboxId) },
      { key: 'agent', label: 'Agent', sortable: false, render: (r) => agentName(r.userId) },
      { key: 'lastEventAt', label: 'Last event', numeric: true, render: (r) => dateTime(r.lastEventAt, ctx().timezone) },
    ],
    sort, onSort, empty: 'No conversations in this range.',
  });
}

/** The data checks: conversations that could not be loaded, then grouped validation issues. */
export function renderIssues(box, { issues, issueCount, failed, events, requested }) {
  const parts = [];
  if (failed?.length) {
    parts.push(h('h3', { text: `${count(failed.length)} of ${count(requested ?? failed.length)} conversations could not be loaded` }));
    parts.push(h('ul', { class: 'issues' }, failed.slice(0, 20).map((f) => h('li', { class: 'issue error' },
      h('span', { class: 'badge error', text: f.code }), ` Conversation ${f.displayId}: `, h('span', { text: f.message })))));
    if (failed.length > 20) parts.push(h('p', { class: 'note', text: `…and ${count(failed.length - 20)} more.` }));
  }
  if (!issues?.length) {
    parts.push(h('p', { class: 'ok', text: `No validation issues in ${count(events)} events.` }));
  } else {
    parts.push(h('p', { text: `${count(issueCount)} ${issueCount === 1 ? 'finding' : 'findings'} in ${count(events)} events, grouped. Errors drop the event; warnings keep it.` }));
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
