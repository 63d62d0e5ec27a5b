// (In the worker.) CSV files of every table and of the series, for spreadsheets: RFC 4180
// (CRLF, quotes doubled), a UTF-8 byte-order mark so Excel reads names right, names beside
// ids, display ids where known, every duration twice (seconds, and Chatwoot's CSV wording
// from formatDuration(…, 'report')), and one column per resolution cycle, so each column
// sorts on its own.
import { formatDuration } from '../../pkg/web.js';
import { computeView, drill, rowsOf, withScope, withWindow } from './worker-view.js';

const BOM = '\uFEFF';

/** One CSV field: quoted when it holds a comma, a quote, or a line break. */
export function field(v) {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const csvOf = (header, rows) => BOM + [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
const iso = (t) => (t === null || t === undefined ? '' : new Date(t * 1000).toISOString());
/** A duration as two columns: seconds, and Chatwoot's words ("2 hours 5 minutes", "N/A"). */
const dur = (v) => [v ?? '', formatDuration(v ?? null, 'report')];

/** Names the CSV writers need: inbox and agent names, link base and account. */
function namer(d, args) {
  const inbox = new Map((d.names?.inboxes ?? []).map((i) => [i.id, i.name]));
  const agent = new Map((d.names?.agents ?? []).map((a) => [a.id, a.name]));
  return {
    inbox: (id) => (id === null ? '' : inbox.get(id) ?? ''),
    agent: (id) => (id === null ? '' : agent.get(id) ?? ''),
    link: (r) => (args.linkBase && r.displayId !== null ? `${args.linkBase}/app/accounts/${args.accountId}/conversations/${r.displayId}` : ''),
  };
}

/** Conversation rows (conversationRows + display ids) as CSV. */
function conversationsFile(d, args, rows) {
  const n = namer(d, args);
  const cycles = rows.reduce((m, r) => Math.max(m, r.resolutionCycles.length), 0);
  const header = [
    'conversation_id', 'display_id', 'link', 'inbox_id', 'inbox_name', 'agent_id', 'agent_name',
    'first_event_at', 'last_event_at', 'events',
    'first_response_seconds', 'first_response', 'resolutions', 'reopens', 'resolution_seconds', 'resolution',
  ];
  for (let c = 1; c <= cycles; c++) header.push(`resolution_cycle_${c}_seconds`, `resolution_cycle_${c}`);
  header.push('replies', 'reply_time_median_seconds', 'reply_time_median', 'reply_time_max_seconds', 'reply_time_max', 'bot_handoff', 'bot_resolved');
  const body = rows.map((r) => {
    const line = [
      r.conversationId, r.displayId ?? '', n.link(r), r.inboxId ?? '', n.inbox(r.inboxId), r.userId ?? '', n.agent(r.userId),
      iso(r.firstEventAt), iso(r.lastEventAt), r.events,
      ...dur(r.firstResponse), r.resolutions, r.reopens, ...dur(r.resolutionTime),
    ];
    for (let c = 0; c < cycles; c++) line.push(...(c < r.resolutionCycles.length ? dur(r.resolutionCycles[c]) : ['', '']));
    line.push(r.replies, ...dur(r.replyTimeMedian), ...dur(r.replyTimeMax), r.botHandoff, r.botResolved);
    return line;
  });
  return csvOf(header, body);
}

/** The agent or inbox table (a summary's byAgent / byInbox, with SLA shares when set). */
function groupsFile(d, args, groups, kind) {
  const n = namer(d, args);
  const [idKey, idCol, nameCol, nameOf] = kind === 'agents'
    ? ['userId', 'agent_id', 'agent_name', n.agent] : ['inboxId', 'inbox_id', 'inbox_name', n.inbox];
  const slaKeys = ['firstResponse', 'resolution', 'replyTime'].filter((k) => groups.some((g) => g.sla?.[k]));
  const snake = { firstResponse: 'first_response', resolution: 'resolution', replyTime: 'reply_time' };
  const header = [idCol, nameCol,
    'first_response_mean_seconds', 'first_response_mean', 'first_response_median_seconds', 'first_response_median', 'first_responses',
    'resolutions', 'resolution_mean_seconds', 'resolution_mean', 'resolution_median_seconds', 'resolution_median',
    'reply_time_mean_seconds', 'reply_time_mean', 'reply_time_median_seconds', 'reply_time_median', 'replies'];
  for (const k of slaKeys) header.push(`${snake[k]}_sla_threshold_seconds`, `${snake[k]}_sla_met`, `${snake[k]}_sla_total`, `${snake[k]}_sla_share`);
  const body = groups.map((g) => {
    const line = [g[idKey] ?? '', nameOf(g[idKey]),
      ...dur(g.firstResponse.mean), ...dur(g.firstResponse.median), g.firstResponse.count,
      g.resolutionsCount, ...dur(g.resolution.mean), ...dur(g.resolution.median),
      ...dur(g.replyTime.mean), ...dur(g.replyTime.median), g.replyTime.count];
    for (const k of slaKeys) {
      const s = g.sla?.[k];
      line.push(s?.threshold ?? '', s?.met ?? '', s?.total ?? '', s?.share ?? '');
    }
    return line;
  });
  return csvOf(header, body);
}

/** The time series: bucket start in UTC and in the zone, value, and events averaged. */
function seriesFile(series) {
  const duration = ['avg_first_response_time', 'avg_resolution_time', 'reply_time'].includes(series.metric);
  const local = new Intl.DateTimeFormat('sv-SE', {
    timeZone: typeof series.timezone === 'string' ? series.timezone : 'UTC',
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
  const header = ['bucket_start_utc', `bucket_start_local (${series.timezone})`, 'metric', 'statistic',
    ...(duration ? ['value_seconds', 'value', 'events'] : ['value'])];
  const body = series.timestamps.map((t, i) => {
    const empty = duration && series.counts[i] === 0;
    const base = [iso(t), local.format(new Date(t * 1000)), series.metric, duration ? series.stat : 'count'];
    return duration ? [...base, empty ? '' : series.values[i], empty ? 'N/A' : formatDuration(series.values[i], 'report'), series.counts[i]] : [...base, series.values[i]];
  });
  return csvOf(header, body);
}

const DAYS_FROM = { sunday: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] };
DAYS_FROM.monday = [...DAYS_FROM.sunday.slice(1), 'Sunday'];

/** The heatmap: one row per weekday and hour (sortable by count). */
function heatmapFile(h) {
  const header = ['weekday', 'hour', `events (${h.name || 'all'}, ${h.timezone})`];
  const body = [];
  h.grid.forEach((row, d) => row.forEach((n, hour) => body.push([DAYS_FROM[h.weekStart][d], hour, n])));
  return csvOf(header, body);
}

/**
 * A CSV file of one table: args.table is 'conversations' (every conversation of the window),
 * 'drill' (args.spec), 'agents', 'inboxes', 'series' or 'heatmap'; the rest of args is the
 * view. Answers {csv, rows}.
 */
export function exportCsv(d, args) {
  let csv;
  let rows;
  switch (args.table) {
    case 'agents':
    case 'inboxes': {
      const { summary } = computeView(d, { ...args, parts: ['summary'] });
      const groups = args.table === 'agents' ? summary.byAgent : summary.byInbox;
      csv = groupsFile(d, args, groups, args.table);
      rows = groups.length;
      break;
    }
    case 'series': {
      const { series } = computeView(d, { ...args, parts: ['series'] });
      csv = seriesFile(series);
      rows = series.timestamps.length;
      break;
    }
    case 'heatmap': {
      const { heatmap } = computeView(d, { ...args, parts: ['heatmap'] });
      csv = heatmapFile(heatmap);
      rows = 7 * 24;
      break;
    }
    case 'drill': {
      const out = drill(d, { ...args, limit: Infinity });
      csv = conversationsFile(d, args, out.rows);
      rows = out.rows.length;
      break;
    }
    default: {
      const all = withScope(d, args, (base) => withWindow(base, args, (w) => rowsOf(d, w, args, 0)));
      csv = conversationsFile(d, args, all);
      rows = all.length;
    }
  }
  return { csv, rows };
}
