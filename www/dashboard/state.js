// The dashboard's state: where the data comes from (connection), how it is viewed (view),
// and the window of time. Only the view preferences are always remembered; the connection
// (and so the token) is written to localStorage only when the user ticks "remember".
const CONNECTION_KEY = 'chatwoot-reporting.connection';
const VIEW_KEY = 'chatwoot-reporting.view';

export const RANGES = [7, 30, 90, 180, 365];
export const GROUPS = ['hour', 'day', 'week', 'month', 'year'];
export const SLA_KEYS = ['firstResponse', 'resolution', 'replyTime'];
export const CURVE_METRICS = ['firstResponse', 'resolution', 'replyTime'];
export const HEATMAP_NAMES = ['', 'first_response', 'conversation_resolved', 'reply_time', 'conversation_opened'];
/** Minutes between automatic refreshes. */
export const AUTO_REFRESH_MINUTES = 5;
export const METRICS = [
  { value: 'avg_first_response_time', label: 'First response time', kind: 'duration' },
  { value: 'avg_resolution_time', label: 'Resolution time', kind: 'duration' },
  { value: 'reply_time', label: 'Reply time', kind: 'duration' },
  { value: 'resolutions_count', label: 'Resolutions', kind: 'count' },
  { value: 'bot_resolutions_count', label: 'Bot resolutions', kind: 'count' },
  { value: 'bot_handoffs_count', label: 'Bot handoffs', kind: 'count' },
];
export const STATS = [
  { value: 'mean', label: 'Mean' }, { value: 'median', label: 'Median' },
  { value: 'p90', label: '90th percentile' }, { value: 'p95', label: '95th percentile' },
];

/**
 * The stand-in's defaults: this server, account 1, its demo token, the account-wide list.
 * `token` is '' where the demo token means nothing (a real Chatwoot behind --upstream).
 */
export function defaultConnection({ demoToken = true } = {}) {
  return {
    target: 'self', baseUrl: '', accountId: 1, token: demoToken ? 'demo-token' : '', source: 'account',
    displayIds: '', linkBase: '', timeoutSeconds: 30, remember: false,
  };
}

/** Whether a connection was remembered on this device (then it opens without asking). */
export function hasSavedConnection() {
  return read(CONNECTION_KEY) !== null;
}

// Chromium's ICU lists some zones under their old names; people (and Chatwoot's inbox
// settings) use the current IANA ones, so "Kolkata" is found where it is looked for.
const RENAMED = {
  'Asia/Calcutta': 'Asia/Kolkata', 'Asia/Katmandu': 'Asia/Kathmandu', 'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh', 'Europe/Kiev': 'Europe/Kyiv', 'America/Godthab': 'America/Nuuk',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires', 'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Cordoba': 'America/Argentina/Cordoba', 'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Mendoza': 'America/Argentina/Mendoza', 'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville', 'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Pacific/Enderbury': 'Pacific/Kanton', 'Pacific/Ponape': 'Pacific/Pohnpei', 'Pacific/Truk': 'Pacific/Chuuk',
};

/** The current IANA name of `zone` when the browser knows it under an older one. */
function currentName(zone) {
  const renamed = RENAMED[zone];
  if (!renamed) return zone;
  try {
    new Intl.DateTimeFormat('en', { timeZone: renamed }); // eslint-disable-line no-new
    return renamed;
  } catch {
    return zone;
  }
}

let zoneList = null;
/** IANA zones the browser knows (Intl.supportedValuesOf), current names, UTC first. */
export function timeZones() {
  if (zoneList) return zoneList;
  let zones = [];
  try {
    zones = Intl.supportedValuesOf('timeZone').map(currentName);
  } catch {
    zones = [];
  }
  zoneList = ['UTC', ...[...new Set(zones)].filter((z) => z !== 'UTC').sort()];
  return zoneList;
}

/** The browser's own zone when it is in the list, else UTC. */
export function browserZone(zones = timeZones()) {
  const z = currentName(Intl.DateTimeFormat().resolvedOptions().timeZone);
  return zones.includes(z) ? z : 'UTC';
}

/**
 * The view: range (a preset of `days` counted back from now, or `custom` local dates
 * `from`..`to`, both included, in `timezone`), filters, how figures are computed and
 * shown, SLA targets (seconds, null for none) and auto-refresh. All saved on this device;
 * none of it is secret.
 */
export function defaultView() {
  return {
    days: 90, custom: false, from: '', to: '', timezone: browserZone(), weekStart: 'sunday',
    businessHours: false, excludeHoursOff: false, inboxId: null, userId: null, groupBy: 'day',
    metric: 'avg_first_response_time', stat: 'mean', rowsSortBy: 'resolutionTime', rowsOrder: 'desc',
    sla: { firstResponse: null, resolution: null, replyTime: null }, curveMetric: 'firstResponse',
    heatmapName: '', autoRefresh: true,
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const idOrNull = (v) => (Number.isInteger(v) ? v : null);

function read(key) {
  try {
    const raw = localStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null; // storage disabled or a damaged entry: start from the defaults
  }
}

function write(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or disabled: the dashboard works without it
  }
}

/** The remembered connection, else the defaults (`options` as defaultConnection). */
export function loadConnection(options) {
  const saved = read(CONNECTION_KEY);
  if (!saved || typeof saved !== 'object') return defaultConnection(options);
  return { ...defaultConnection(options), ...saved, remember: true };
}

/** Remembers the connection (token included) only when asked; otherwise forgets any saved one. */
export function saveConnection(conn) {
  if (!conn.remember) {
    write(CONNECTION_KEY, null);
    return;
  }
  const { remember, ...rest } = conn;
  write(CONNECTION_KEY, rest);
}

export function loadView() {
  const saved = read(VIEW_KEY);
  const view = { ...defaultView(), ...(saved && typeof saved === 'object' ? saved : {}) };
  if (!RANGES.includes(view.days)) view.days = 90;
  view.custom = Boolean(view.custom) && DATE.test(view.from) && DATE.test(view.to) && view.from <= view.to;
  if (!GROUPS.includes(view.groupBy)) view.groupBy = 'day';
  if (!METRICS.some((m) => m.value === view.metric)) view.metric = 'avg_first_response_time';
  if (!STATS.some((s) => s.value === view.stat)) view.stat = 'mean';
  if (!timeZones().includes(view.timezone)) view.timezone = browserZone();
  if (!['sunday', 'monday'].includes(view.weekStart)) view.weekStart = 'sunday';
  if (!CURVE_METRICS.includes(view.curveMetric)) view.curveMetric = 'firstResponse';
  if (!HEATMAP_NAMES.includes(view.heatmapName)) view.heatmapName = '';
  view.businessHours = Boolean(view.businessHours);
  view.excludeHoursOff = Boolean(view.excludeHoursOff);
  view.autoRefresh = view.autoRefresh !== false;
  view.inboxId = idOrNull(view.inboxId);
  view.userId = idOrNull(view.userId);
  const sla = {};
  for (const k of SLA_KEYS) {
    const v = view.sla?.[k];
    sla[k] = Number.isFinite(v) && v > 0 ? v : null;
  }
  view.sla = sla;
  return view;
}

/** Saves the view (everything in it: ranges, filters, SLA targets, switches). */
export function saveView(view) {
  const keys = Object.keys(defaultView());
  write(VIEW_KEY, Object.fromEntries(keys.map((k) => [k, view[k]])));
}

/** The base URL the client gets: this page's origin, or the one typed in. */
export function baseUrlOf(conn) {
  return conn.target === 'self' ? location.origin : conn.baseUrl.trim().replace(/\/+$/, '');
}

/** Where conversation links point: the address given for links, else the base URL. */
export function linkBaseOf(conn) {
  const given = conn.linkBase?.trim().replace(/\/+$/, '');
  return given || baseUrlOf(conn);
}

/**
 * "1-200, 305 310" → [1, …, 200, 305, 310]. Throws an Error with a plain message for
 * anything else. Empty text gives null (the stand-in's own list is used then).
 */
export function parseDisplayIds(text, max = 20000) {
  const parts = String(text ?? '').split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) return null;
  const ids = [];
  for (const p of parts) {
    const m = /^(\d+)(?:\s*[-–]\s*(\d+))?$/.exec(p);
    if (!m) throw new Error(`"${p}" is not a display id or a range like 1-200.`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new Error(`The range "${p}" runs backwards.`);
    if (ids.length + (b - a + 1) > max) throw new Error(`At most ${max.toLocaleString('en-US')} conversations at a time.`);
    for (let i = a; i <= b; i++) ids.push(i);
  }
  return ids;
}
