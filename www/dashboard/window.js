// Time windows: the range shown ([since, until), epoch seconds) from a preset counted back
// from the data's "as of" time or from custom local dates in the chosen zone; the window
// fetched (the shown one plus the one of equal length before, for trend arrows); the
// group-by choices each length allows; and how much of the previous window has data.

const DAY = 86400;

const offsetFormats = new Map();
/** The zone's UTC offset (seconds) at `epoch`, from Intl. */
export function zoneOffset(zone, epoch) {
  if (zone === 'UTC') return 0;
  let f = offsetFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    offsetFormats.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(epoch * 1000)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second) / 1000 - epoch;
}

/** Local midnight of 'YYYY-MM-DD' in `zone`, as epoch seconds (DST-safe: offset read twice). */
export function zoneMidnight(date, zone) {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d) / 1000;
  let t = wall - zoneOffset(zone, wall);
  t = wall - zoneOffset(zone, t);
  return t;
}

/** 'YYYY-MM-DD' of epoch seconds in `zone`. */
export function localDate(epoch, zone) {
  return new Date((epoch + zoneOffset(zone, epoch)) * 1000).toISOString().slice(0, 10);
}

/** The next calendar date after 'YYYY-MM-DD'. */
export function nextDate(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * The window a view shows: a preset ends at `anchor` (the time the data is as of) and
 * reaches `days` back; custom dates run from local midnight of `from` to local midnight
 * after `to`. `fetchSince` adds the window of equal length before, for the trend arrows.
 */
export function windowOf(view, anchor) {
  let since;
  let until;
  if (view.custom) {
    since = zoneMidnight(view.from, view.timezone);
    until = zoneMidnight(nextDate(view.to), view.timezone);
  } else {
    until = anchor;
    since = until - view.days * DAY;
  }
  const length = until - since;
  return { since, until, fetchSince: since - length, length, days: length / DAY, custom: Boolean(view.custom) };
}

/**
 * The groupings offered for a window of `days`, as Chatwoot's report filters offer them
 * (hours only for short ranges: an hourly chart of 90 days has 2 160 unreadable buckets).
 */
export function groupsFor(days) {
  if (days <= 2) return ['hour', 'day'];
  if (days <= 8) return ['hour', 'day', 'week'];
  if (days <= 31) return ['day', 'week'];
  if (days <= 93) return ['day', 'week', 'month'];
  if (days <= 366) return ['day', 'week', 'month'];
  return ['week', 'month', 'year'];
}

/** The grouping to use: the one asked for when offered, else the nearest offered one. */
export function groupFor(wanted, days) {
  const offered = groupsFor(days);
  if (offered.includes(wanted)) return wanted;
  const order = ['hour', 'day', 'week', 'month', 'year'];
  const i = order.indexOf(wanted);
  return [...offered].sort((a, b) => Math.abs(order.indexOf(a) - i) - Math.abs(order.indexOf(b) - i))[0];
}

/**
 * How much of a window [since, until) has data, from what was fetched: when the fetch
 * reached back to `fetchedSince` and the earliest event found is at `first`, nothing
 * exists before it (the fetch would have found it), so the window's covered part is
 * [max(since, first), until). Returns {share, from} (share 0…1) or null when fully covered.
 */
export function coverageOf({ since, until }, { fetchedSince, first }) {
  if (first === null || first === undefined) return { share: 0, from: null };
  if (fetchedSince > since) return null; // not fetched that far back: unknown, not missing
  const from = Math.max(since, first);
  // A small gap at the start counts as covered (events cluster in working hours, and the
  // first ones of an account come a little after it starts): at most a day or 5 %.
  if (from - since <= Math.max(DAY, 0.05 * (until - since))) return null;
  return { share: Math.max(0, (until - from) / (until - since)), from };
}
