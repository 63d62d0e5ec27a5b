// JavaScript half of the bindings: what is simpler or only possible in JS.
// wasm-bindgen copies this file into the package and the Rust side imports from it.

/**
 * Every failure of chatwoot-reporting. A real `Error` subclass, so `instanceof Error`,
 * stacks and `console.error` work as usual.
 */
export class ReportingError extends Error {
  /**
   * @param {string} code stable machine code (see API.md)
   * @param {string} message a sentence for a person
   * @param {{status?: number, issues?: object[], displayId?: number, cause?: unknown}} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'ReportingError';
    this.code = code;
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.issues !== undefined) this.issues = extra.issues;
    if (extra.displayId !== undefined) this.displayId = extra.displayId;
  }
}

/** Called from Rust: a ReportingError with optional status, issues and display id. */
export function makeError(code, message, status, issues, displayId) {
  return new ReportingError(code, message, {
    status: status ?? undefined,
    issues: issues ?? undefined,
    displayId: displayId ?? undefined,
  });
}

const iso = (ms) => (Number.isNaN(ms) ? null : new Date(ms).toISOString());
const orNull = (v) => (Number.isNaN(v) ? null : v);

/**
 * Called from Rust: event objects from columns (NaN marks null), keys in Chatwoot's order.
 * Building objects here rather than through per-field Reflect calls keeps the boundary
 * crossings to one per column.
 */
export function buildEvents(id, code, names, value, bh, start, end, account, conv, inbox, user, created, updated) {
  const n = id.length;
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      id: id[i],
      name: names[code[i]],
      value: value[i],
      value_in_business_hours: orNull(bh[i]),
      event_start_time: iso(start[i]),
      event_end_time: iso(end[i]),
      account_id: account[i],
      inbox_id: orNull(inbox[i]),
      user_id: orNull(user[i]),
      conversation_id: orNull(conv[i]),
      created_at: iso(created[i]),
      updated_at: iso(updated[i]),
    };
  }
  return out;
}
