// Plain-JavaScript stand-ins for two package functions of API.md's "Additions" that an older
// build of the package may not have yet: slaCurve and hourOfWeek. The worker uses the
// package's own function whenever it exists; these follow the contract's words exactly.

/** A sensible ladder of thresholds (seconds): 5 min … 2 days. */
export const SLA_LADDER = [300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800];

const NAME_OF = { firstResponse: 'first_response', resolution: 'conversation_resolved', replyTime: 'reply_time' };

/**
 * slaCurve(events, {metric, businessHours, thresholds}): the share met at each threshold.
 * @param {object[]} events  event objects (already limited to the window)
 */
export function slaCurveJs(events, { metric, businessHours = false, thresholds = SLA_LADDER }) {
  const name = NAME_OF[metric];
  const values = [];
  for (const e of events) {
    if (e.name !== name) continue;
    const v = businessHours ? e.value_in_business_hours : e.value;
    if (v !== null && v !== undefined) values.push(v);
  }
  return thresholds.map((threshold) => {
    let met = 0;
    for (const v of values) if (v <= threshold) met++;
    return { threshold, met, total: values.length, share: values.length ? met / values.length : null };
  });
}

const WEEKDAY = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/**
 * hourOfWeek(events, {name, timezone, weekStart}): 7 rows (from weekStart) × 24 hours,
 * events by created_at in the zone (an IANA name or an hour offset).
 */
export function hourOfWeekJs(events, { name, timezone = 'UTC', weekStart = 'sunday' } = {}) {
  const grid = Array.from({ length: 7 }, () => new Array(24).fill(0));
  const shift = weekStart === 'monday' ? 1 : 0;
  let place;
  if (typeof timezone === 'number') {
    place = (ms) => {
      const d = new Date(ms + timezone * 3600_000);
      return [d.getUTCDay(), d.getUTCHours()];
    };
  } else {
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
    const memo = new Map(); // per UTC quarter hour: every zone offset in use is a multiple of 15 min
    place = (ms) => {
      const key = Math.floor(ms / 900_000);
      let v = memo.get(key);
      if (!v) {
        const p = Object.fromEntries(fmt.formatToParts(new Date(key * 900_000)).map((x) => [x.type, x.value]));
        v = [WEEKDAY[p.weekday], Number(p.hour) % 24];
        memo.set(key, v);
      }
      return v;
    };
  }
  for (const e of events) {
    if (name && e.name !== name) continue;
    const [day, hour] = place(Date.parse(e.created_at));
    grid[(day - shift + 7) % 7][hour] += 1;
  }
  return grid;
}
