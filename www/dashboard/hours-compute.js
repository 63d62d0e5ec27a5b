// Worker side of the working-hours editor: recomputes value_in_business_hours under an
// edited schedule (withWorkingHours) and summarizes it beside Chatwoot's stored values.
// Runs in the worker (imported by worker.js), never on the page's thread.
import { summarize, withWorkingHours } from '../../pkg/web.js';

/** The figures the editor compares (paths into a Summary). */
export const FIELDS = [
  'firstResponse.mean', 'firstResponse.median', 'resolution.mean', 'resolution.median',
  'resolutionPerCycle.mean', 'resolutionPerCycle.median', 'replyTime.mean', 'replyTime.median',
];

const pick = (summary) => {
  const out = {};
  for (const f of FIELDS) {
    const [k, stat] = f.split('.');
    out[f] = summary[k]?.count ? summary[k][stat] ?? null : null;
  }
  for (const k of ['firstResponse', 'resolution', 'resolutionPerCycle', 'replyTime']) out[`${k}.count`] = summary[k]?.count ?? 0;
  if (summary.sla) out.sla = summary.sla;
  return out;
};

/** The stored figures of the last window asked for, so an edit only recomputes one side. */
let storedCache = null;

/**
 * @param {{set, schedules: Map<number, object>}} data  the worker's loaded data
 * @param {{since: number, until: number, hours: object, inboxIds: number[] | 'all'}} args
 */
export function compareHours(data, { since, until, hours, inboxIds }) {
  const t0 = performance.now();
  const chosen = inboxIds === 'all' ? null : new Set(inboxIds);
  const scheduleOf = (inboxId) => (chosen === null || chosen.has(inboxId) ? hours : data.schedules?.get(inboxId) ?? null);
  // Validates the schedule first (an empty set costs nothing): a ReportingError goes back as is.
  withWorkingHours([], hours).free();
  const key = `${since}|${until}`;
  if (storedCache?.set !== data.set || storedCache.key !== key) {
    storedCache = { set: data.set, key, figures: pick(summarize(data.set, { since, until, businessHours: true })) };
  }
  // As Chatwoot's working_hours gem counts (its DST days included), so that the comparison
  // with the stored values shows only what the edit changed (issue 13).
  const recomputed = withWorkingHours(data.set, scheduleOf, { chatwootCompat: true });
  let edited;
  try {
    edited = pick(summarize(recomputed, { since, until, businessHours: true, workingHours: scheduleOf }));
  } finally {
    recomputed.free();
  }
  return { stored: storedCache.figures, edited, ms: Math.round(performance.now() - t0) };
}
