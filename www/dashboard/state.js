// The dashboard's state: where the data comes from (connection), how it is viewed (view),
// and the window of time. Only the view preferences are always remembered; the connection
// (and so the token) is written to localStorage only when the user ticks "remember".
const CONNECTION_KEY = 'chatwoot-reporting.connection';
const VIEW_KEY = 'chatwoot-reporting.view';

export const RANGES = [7, 30, 90, 180, 365];
export const GROUPS = ['hour', 'day', 'week', 'month'];
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

/** The stand-in's defaults: this server, account 1, its demo token, the account-wide list. */
export function defaultConnection() {
  return {
    target: 'self', baseUrl: '', accountId: 1, token: 'demo-token', source: 'account',
    displayIds: '', linkBase: '', timeoutSeconds: 30, remember: false,
  };
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

export function defaultView() {
  return {
    days: 90, timezone: browserZone(), businessHours: false, groupBy: 'day',
    metric: 'avg_first_response_time', stat: 'mean', rowsSortBy: 'resolutionTime', rowsOrder: 'desc',
  };
}

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

/** The remembered connection, else the defaults. */
export function loadConnection() {
  const saved = read(CONNECTION_KEY);
  if (!saved || typeof saved !== 'object') return defaultConnection();
  return { ...defaultConnection(), ...saved, remember: true };
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
  if (!GROUPS.includes(view.groupBy)) view.groupBy = 'day';
  if (!METRICS.some((m) => m.value === view.metric)) view.metric = 'avg_first_response_time';
  if (!STATS.some((s) => s.value === view.stat)) view.stat = 'mean';
  if (!timeZones().includes(view.timezone)) view.timezone = browserZone();
  view.businessHours = Boolean(view.businessHours);
  return view;
}

export function saveView(view) {
  const { days, timezone, businessHours, groupBy, metric, stat } = view;
  write(VIEW_KEY, { days, timezone, businessHours, groupBy, metric, stat });
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
