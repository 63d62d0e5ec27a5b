// The plain-JavaScript competitor: what a dashboard author would write without this library.
//
//   (a) JSON.parse alone;
//   (b) JSON.parse + ajv (with ajv-formats' `date-time`) validating a JSON Schema of the event
//       array, then the same cross-field and whole-body checks the library runs.
//
// Runs in Node (bare `ajv` / `ajv-formats` imports resolve to node_modules) and in the browser
// (run.mjs serves a small CommonJS bundle of both and maps the bare names with an import map).
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';

// Both packages are CommonJS whose module.exports also carries `.default`.
const Ajv = AjvModule.default ?? AjvModule;
const addFormats = addFormatsModule.default ?? addFormatsModule;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const id = { type: 'integer', minimum: -MAX_SAFE, maximum: MAX_SAFE };
const nullableId = { type: ['integer', 'null'], minimum: -MAX_SAFE, maximum: MAX_SAFE };
const time = { type: 'string', format: 'date-time' };
const nullableTime = { type: ['string', 'null'], format: 'date-time' };

/**
 * JSON Schema (draft-07) of the body: what the library's decoder enforces per field. Unknown
 * event names and unknown keys are accepted (the library keeps / skips them).
 */
export const EVENTS_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'array',
  items: {
    type: 'object',
    required: ['id', 'name', 'value', 'account_id', 'created_at', 'updated_at'],
    properties: {
      id,
      name: { type: 'string' },
      value: { type: 'number' },
      value_in_business_hours: { type: ['number', 'null'] },
      event_start_time: nullableTime,
      event_end_time: nullableTime,
      account_id: id,
      inbox_id: nullableId,
      user_id: nullableId,
      conversation_id: nullableId,
      created_at: time,
      updated_at: time,
    },
  },
};

/** Compiles the schema once (call outside any timed loop). */
export function compileValidator() {
  const ajv = new Ajv(); // defaults: first error only, as most code uses it
  addFormats(ajv, ['date-time']); // full mode: RFC 3339 date-time with offsets
  return ajv.compile(EVENTS_SCHEMA);
}

/** (a) JSON.parse alone. */
export function jsonParseOnly(text) {
  return JSON.parse(text);
}

/** Same tolerance as the library: business seconds may exceed wall-clock by 1 s (rounding). */
const BUSINESS_TOLERANCE = 1;

/**
 * (b) JSON.parse + schema validation + the library's cross-field checks. Returns
 * `{ events, issues }`; with `strict` (the default, as parseEvents) any error throws.
 * Checks: value ≥ 0; value_in_business_hours ≥ 0 and ≤ value + 1; event_end_time ≥
 * event_start_time; duplicate ids; account id match (when `accountId` is given); created_at
 * ascending (a warning).
 */
export function parseAndValidate(text, validate, { accountId, strict = true } = {}) {
  const events = JSON.parse(text);
  const issues = [];
  if (!validate(events)) {
    for (const e of validate.errors) {
      issues.push({ path: e.instancePath, code: 'schema', message: e.message, severity: 'error' });
    }
    if (strict) throw new Error('invalid_data: ' + issues[0].path + ' ' + issues[0].message);
    return { events, issues };
  }
  const seen = new Set();
  let prevCreated = -Infinity;
  let unsorted = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.value < 0) issues.push({ path: `[${i}].value`, code: 'negative_value', severity: 'error' });
    const bh = e.value_in_business_hours;
    if (bh != null) {
      if (bh < 0) issues.push({ path: `[${i}].value_in_business_hours`, code: 'negative_value', severity: 'error' });
      if (bh > e.value + BUSINESS_TOLERANCE) {
        issues.push({ path: `[${i}].value_in_business_hours`, code: 'business_exceeds_value', severity: 'error' });
      }
    }
    if (e.event_start_time != null && e.event_end_time != null) {
      if (Date.parse(e.event_end_time) < Date.parse(e.event_start_time)) {
        issues.push({ path: `[${i}].event_end_time`, code: 'end_before_start', severity: 'error' });
      }
    }
    if (accountId !== undefined && e.account_id !== accountId) {
      issues.push({ path: `[${i}].account_id`, code: 'account_mismatch', severity: 'error' });
    }
    if (seen.has(e.id)) issues.push({ path: `[${i}].id`, code: 'duplicate_id', severity: 'error' });
    else seen.add(e.id);
    const created = Date.parse(e.created_at);
    if (created < prevCreated) unsorted++;
    prevCreated = created;
  }
  if (unsorted) issues.push({ path: '', code: 'unsorted', severity: 'warning' });
  if (strict && issues.some((x) => x.severity === 'error')) {
    throw new Error('invalid_data: ' + issues[0].path + ' ' + issues[0].code);
  }
  return { events, issues };
}
