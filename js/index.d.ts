// Type declarations of chatwoot-reporting, written from the API contract (API.md).

/** Instantiates the WebAssembly module. Safe to call many times; a no-op once loaded. */
export function init(wasm?: RequestInfo | URL | Response | BufferSource | WebAssembly.Module): Promise<void>;

/** Event names Chatwoot writes today; any other name is kept as text. */
export type EventName =
  | 'first_response' | 'reply_time' | 'conversation_resolved' | 'conversation_opened'
  | 'conversation_bot_handoff' | 'conversation_bot_resolved'
  | 'conversation_captain_inference_resolved' | 'conversation_captain_inference_handoff'
  | (string & {});

/** One reporting event, with Chatwoot's own keys and JSON types. */
export interface ReportingEvent {
  id: number;
  name: EventName;
  /** Seconds between event_start_time and event_end_time. */
  value: number;
  /** Working seconds under the inbox's schedule; null for AI-assistant events. */
  value_in_business_hours: number | null;
  event_start_time: string | null;
  event_end_time: string | null;
  account_id: number;
  /** The internal conversation id, not the display id shown in Chatwoot's UI. */
  conversation_id: number | null;
  inbox_id: number | null;
  user_id: number | null;
  /** UTC, `YYYY-MM-DDTHH:MM:SS.sssZ`. */
  created_at: string;
  updated_at: string;
}

/** Stable machine codes of validation issues. */
export type IssueCode =
  | 'invalid_json' | 'not_an_array' | 'not_an_object' | 'missing_field' | 'wrong_type'
  | 'invalid_timestamp' | 'negative_value' | 'end_before_start' | 'business_exceeds_value'
  | 'unsorted' | 'duplicate_id' | 'account_mismatch' | 'unknown_name' | 'too_large';

/** One finding of validation. */
export interface Issue {
  /** Where: "" for the whole body, "[3]" for an event, "[3].value" for a field. */
  path: string;
  code: IssueCode | (string & {});
  /** One plain sentence for a person. */
  message: string;
  severity: 'error' | 'warning';
}

/** Options of {@link parseEvents} and {@link validateEvents}. */
export interface ParseOptions {
  /** strict (default): any error throws `invalid_data`; lenient: events with errors are dropped. */
  mode?: 'strict' | 'lenient';
  /** When given, events of another account are errors. */
  accountId?: number;
  /** Default 64 MiB; larger bodies fail with code `too_large`. */
  maxBytes?: number;
}

/** A response body as Chatwoot sent it. */
export type Body = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/** Bytes to a validated {@link EventSet}. Throws {@link ReportingError}. */
export function parseEvents(body: Body, options?: ParseOptions): EventSet;

/** Every issue in a body; bad data never throws (bad JSON is an Issue). */
export function validateEvents(body: Body, options?: ParseOptions): Issue[];

/** Criteria of {@link EventSet.filter}; every given one must match. */
export interface EventFilter {
  names?: string[];
  conversationIds?: number[];
  inboxIds?: (number | null)[];
  userIds?: (number | null)[];
  /** Epoch seconds, inclusive, on created_at. */
  since?: number;
  /** Epoch seconds, exclusive, on created_at. */
  until?: number;
}

/** Events held column by column in wasm memory. */
export class EventSet {
  private constructor();
  readonly length: number;
  /** What validation found: warnings, and in lenient mode the errors of dropped events. */
  readonly issues: Issue[];
  toArray(): ReportingEvent[];
  toJSON(): ReportingEvent[];
  filter(f: EventFilter): EventSet;
  /** Sorted by created_at, each id once (the first occurrence wins). Inputs stay usable. */
  concat(...others: EventSet[]): EventSet;
  /** Optional: memory is also reclaimed when the set is garbage-collected. */
  free(): void;
  [Symbol.dispose](): void;
}

/** Stable failure codes. */
export type ErrorCode =
  | 'invalid_data' | 'too_large' | 'unauthorized' | 'forbidden' | 'not_found'
  | 'rate_limited' | 'server_error' | 'http_error' | 'bad_response'
  | 'network' | 'timeout' | 'aborted' | 'invalid_argument';

/** Every failure of this package. A real `Error` subclass. */
export class ReportingError extends Error {
  constructor(code: ErrorCode, message: string, extra?: { status?: number; issues?: Issue[]; displayId?: number; cause?: unknown });
  readonly name: 'ReportingError';
  code: ErrorCode;
  /** HTTP status where there was one. */
  status?: number;
  /** For invalid_data and too_large. */
  issues?: Issue[];
  /** For per-conversation failures. */
  displayId?: number;
}
