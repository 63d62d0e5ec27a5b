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
  | 'invalid_timestamp' | 'negative_value' | 'end_before_start'
  | 'duplicate_id' | 'account_mismatch' | 'too_large'
  // Warnings: the event is kept in either mode.
  | 'unsorted' | 'unknown_name'
  /** Business seconds above `value` by more than Chatwoot's 1 s rounding (its gem does this on DST days). */
  | 'business_exceeds_value'
  /** Data checks across one conversation's events. */
  | 'repeated_first_response' | 'repeated_bot_handoff' | 'reply_after_resolution' | 'resolution_decreased';

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
  /**
   * Default 512 MiB (about 1.6 million events, and just above the longest string V8 can
   * hold); larger bodies fail with code `too_large`.
   */
  maxBytes?: number;
}

/** A response body as Chatwoot sent it. */
export type Body = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/**
 * Bytes to a validated {@link EventSet}. Throws {@link ReportingError}. A key repeated in
 * an object keeps its last value, as `JSON.parse` does. Any typed array, DataView,
 * ArrayBuffer or SharedArrayBuffer is read the same way; a detached one is refused.
 */
export function parseEvents(body: Body, options?: ParseOptions): EventSet;

/**
 * A body decoded chunk by chunk as it arrives (e.g. `parseEventStream(response.body)`): the
 * same EventSet, issues and errors as {@link parseEvents} on the whole body, without ever
 * holding it whole; reading stops early once the body has failed (too large, invalid JSON).
 * A failing source rejects with code 'network'.
 */
export function parseEventStream(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | ArrayBuffer | ArrayBufferView | string>,
  options?: ParseOptions,
): Promise<EventSet>;

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
  /**
   * The events as plain objects with Chatwoot's keys. Throws `too_large` only when the engine
   * runs out of memory building them; {@link EventSet.toColumns} needs far less.
   */
  toArray(): ReportingEvent[];
  toJSON(): ReportingEvent[];
  filter(f: EventFilter): EventSet;
  /** Sorted by created_at, each id once (the first occurrence wins). Inputs stay usable. */
  concat(...others: EventSet[]): EventSet;
  /**
   * The events as typed arrays plus the name table ({@link EventColumns}): no object per
   * event. Each array has an ArrayBuffer of its own, so a Worker can transfer them:
   * `postMessage(cols, Object.values(cols).filter(ArrayBuffer.isView).map((a) => a.buffer))`.
   * Issues are not part of the columns.
   */
  toColumns(): EventColumns;
  /**
   * A set from columns (such as {@link EventSet.toColumns} gives, e.g. received from a
   * Worker), validated as a body is: the same checks, Issue codes and paths (`[row].field`),
   * strict (default: any error throws `invalid_data`) or lenient (rows with errors
   * dropped, listed in `issues`). `EventSet.fromColumns(set.toColumns())` is the same set,
   * bit for bit, with fresh issues (warnings such as `unknown_name` or, for an account
   * page read newest first, `unsorted`). Arrays of another kind, a key that is missing or
   * unknown, columns shorter or longer than `length`, and detached buffers throw
   * `invalid_argument`. The arrays are read, never kept or changed.
   *
   * Checked per row: whole ids within ±(2^53 − 1) (`wrong_type`), name codes inside
   * `names` (`wrong_type`), finite values (`wrong_type`), nulls (NaN) only where Chatwoot
   * allows them (`wrong_type`), times as whole epoch milliseconds from year 0000 to 9999
   * (`invalid_timestamp`), `negative_value`, `end_before_start`, `account_mismatch`
   * (with `accountId`), `business_exceeds_value` (warning); across rows: `duplicate_id`
   * (the later copy dropped), `unsorted` (created_at going backwards), the data checks and
   * `unknown_name` (warnings).
   */
  static fromColumns(columns: EventColumns, options?: FromColumnsOptions): EventSet;
  /** Optional: memory is also reclaimed when the set is garbage-collected. */
  free(): void;
}

/**
 * An EventSet column by column ({@link EventSet.toColumns}, {@link EventSet.fromColumns}):
 * entry `i` of every array is event `i`. Every array has exactly `length` entries. Null is
 * NaN; ids are exact (they are below 2^53); times are epoch **milliseconds** (UTC), as
 * `Date` takes them; durations are seconds.
 */
export interface EventColumns {
  /** The number of events. */
  length: number;
  /**
   * The name table: event `i` is named `names[name[i]]`. From `toColumns()`, entries 0–7
   * are always Chatwoot's eight names in this order: first_response, reply_time,
   * conversation_resolved, conversation_opened, conversation_bot_handoff,
   * conversation_bot_resolved, conversation_captain_inference_resolved,
   * conversation_captain_inference_handoff; unknown names follow. `fromColumns` takes any
   * table (any order, repeats allowed).
   */
  names: string[];
  /** Indices into `names`. */
  name: Uint32Array;
  id: Float64Array;
  /** Seconds. */
  value: Float64Array;
  /** Seconds; NaN for null. */
  valueInBusinessHours: Float64Array;
  /** Epoch ms; NaN for null. */
  eventStartTime: Float64Array;
  /** Epoch ms; NaN for null. */
  eventEndTime: Float64Array;
  accountId: Float64Array;
  /** NaN for null. */
  conversationId: Float64Array;
  /** NaN for null. */
  inboxId: Float64Array;
  /** NaN for null. */
  userId: Float64Array;
  /** Epoch ms. */
  createdAt: Float64Array;
  /** Epoch ms. */
  updatedAt: Float64Array;
}

/** Options of {@link EventSet.fromColumns}: those of {@link parseEvents} but `maxBytes`. */
export interface FromColumnsOptions {
  /** strict (default): any error throws `invalid_data`; lenient: rows with errors are dropped. */
  mode?: 'strict' | 'lenient';
  /** When given, events of another account are errors. */
  accountId?: number;
}

/** Options of {@link summarize}. */
export interface SummaryOptions {
  /** Use value_in_business_hours (nulls skipped, as SQL AVG does). */
  businessHours?: boolean;
  /** SLA thresholds in seconds. */
  sla?: { firstResponse?: number; resolution?: number; replyTime?: number };
  /** Window start, epoch seconds, inclusive (on created_at). With `until`, also fills `previous`. */
  since?: number;
  /** Window end, epoch seconds, exclusive. */
  until?: number;
  /**
   * Which events the window takes: 'activity' (default, as Chatwoot: events created in it)
   * or 'cohort' (every event of the conversations that began in it).
   */
  window?: 'activity' | 'cohort';
  /**
   * With businessHours: the schedule (or a function of the inbox id giving one) under which
   * resolutionPerCycle is measured in business time, which the events alone cannot give.
   */
  workingHours?: WorkingHours | ((inboxId: number | null) => WorkingHours | null | undefined);
}

/**
 * Descriptive statistics. Quantiles: linear interpolation between order statistics,
 * h = (n − 1)·p (as d3-array and simple-statistics). Empty: count 0, sum 0, the rest null.
 */
export interface Stats {
  count: number; sum: number;
  mean: number | null; min: number | null; max: number | null;
  median: number | null; p90: number | null; p95: number | null; p99: number | null;
  /**
   * A 95 % distribution-free confidence interval for the median (binomial order
   * statistics): two medians whose intervals do not overlap really differ. Null below 6
   * values, where no such interval reaches 95 %.
   */
  medianCi: [number, number] | null;
}

/** The figures reported overall and per agent or inbox. */
export interface Breakdown {
  /** first_response values. */
  firstResponse: Stats;
  /** conversation_resolved values: cumulative from the conversation's creation, as Chatwoot reports. */
  resolution: Stats;
  replyTime: Stats;
  /** conversation_resolved events (Chatwoot counts events). */
  resolutionsCount: number;
}

/** SLA attainment: `met` events at or under `threshold` out of `total`. */
export interface SlaResult { threshold: number; met: number; total: number; share: number | null }

/** What {@link summarize} reports. */
export interface Summary extends Breakdown {
  events: number;
  /** Distinct conversation_id. */
  conversations: number;
  /**
   * Each conversation_resolved measured from the end of the latest conversation_opened before it
   * in the same conversation, else from its own event_start_time. Wall-clock only: empty with businessHours.
   */
  resolutionPerCycle: Stats;
  /** Beyond Chatwoot (chatwoot#7679): resolution measured from the bot handoff where there was one. */
  resolutionWithoutBot: Stats;
  botResolutionsCount: number;
  /** Distinct conversations with a handoff. */
  botHandoffsCount: number;
  /** conversation_opened events that follow a resolution in the same conversation. */
  reopensCount: number;
  /** Half-open buckets on the raw value: [0,3600), [3600,14400), [14400,28800), [28800,86400), [86400,∞). */
  firstResponseDistribution: { '0-1h': number; '1-4h': number; '4-8h': number; '8-24h': number; '24h+': number };
  /** Present when thresholds were given. */
  sla?: { firstResponse?: SlaResult; resolution?: SlaResult; replyTime?: SlaResult };
  /**
   * Per conversation: its earliest conversation_resolved value (Zendesk's and Intercom's
   * first close). These per-conversation figures judge each conversation on its whole
   * history in the set and are counted in the window where that resolution was written:
   * a window's first resolutions never change, while a full resolution or a one touch
   * moves to a later window when the conversation is reopened and closed again there.
   */
  firstResolution: Stats;
  /** Per conversation: its latest conversation_resolved value (the full resolution time). */
  fullResolution: Stats;
  /** Per conversation: the customer's total wait, the sum of its first_response and reply_time values. */
  requesterWait: Stats;
  /**
   * Resolved conversations answered by exactly one human reply (a first_response and no
   * reply_time) and never reopened; share = count / conversations with a resolution.
   */
  oneTouch: { count: number; share: number | null };
  /** By the event's user_id; ascending, null last. */
  byAgent: Array<Breakdown & { userId: number | null }>;
  /** By inbox_id; ascending, null last. */
  byInbox: Array<Breakdown & { inboxId: number | null }>;
  /**
   * Beyond Chatwoot: the same figures for the window of equal length before [since, until), when
   * both are given and the events reach into it (fetch [since − (until − since), until) to get it).
   */
  previous?: Summary;
}

/** Chatwoot's report figures, exactly, and what Chatwoot cannot give. Accepts a set or plain events. */
export function summarize(events: EventSet | ReportingEvent[], options?: SummaryOptions): Summary;

/** One conversation's figures (durations in seconds, null where absent). */
export interface ConversationRow {
  /** The internal conversation id (not the display id). */
  conversationId: number;
  inboxId: number | null;
  /** Agent of the latest resolution, else of the first response, else of the latest event naming one. */
  userId: number | null;
  /** created_at of its first and latest events, epoch seconds. */
  firstEventAt: number; lastEventAt: number;
  events: number;
  firstResponse: number | null;
  resolutions: number;
  reopens: number;
  /** The latest resolution's value: the whole lifetime, as Chatwoot reports. */
  resolutionTime: number | null;
  /** Each resolution measured from the opening before it (empty with businessHours). */
  resolutionCycles: Array<number | null>;
  replies: number;
  replyTimeMedian: number | null;
  replyTimeMax: number | null;
  botHandoff: boolean;
  botResolved: boolean;
}

/** Options of {@link conversationRows} and {@link conversationsCsv}. */
export interface ConversationRowOptions {
  /** Epoch seconds, half-open [since, until): the conversations with events in the window (see `window`). */
  since?: number; until?: number;
  /** 'activity' (default): rows from the events created in the window; 'cohort': the conversations that began in it. */
  window?: 'activity' | 'cohort';
  businessHours?: boolean;
  /** Default 'resolutionTime'. Rows without a value in the column come last. */
  sortBy?: 'resolutionTime' | 'firstResponse' | 'replyTimeMax' | 'replyTimeMedian' | 'reopens' | 'resolutions' | 'lastEventAt' | 'conversationId';
  /** Default 'desc': the slowest first. */
  order?: 'asc' | 'desc';
  limit?: number;
}

/** One row per conversation (chatwoot#15243, #6887), to find the slowest. */
export function conversationRows(events: EventSet | ReportingEvent[], options?: ConversationRowOptions): ConversationRow[];

/** The same rows as RFC 4180 CSV: header row, CRLF, durations in seconds, UTC times. */
export function conversationsCsv(events: EventSet | ReportingEvent[], options?: ConversationRowOptions): string;

/** Options of {@link slaCurve}. */
export interface SlaCurveOptions {
  metric: 'firstResponse' | 'resolution' | 'replyTime';
  /** Use value_in_business_hours (nulls skipped); recompute it first with withWorkingHours for another schedule. */
  businessHours?: boolean;
  /** Seconds; default 1, 5, 15, 30 min, 1, 2, 4, 8, 12 h, 1, 2, 3, 7, 14, 30 days. Sorted, each once. */
  thresholds?: number[];
}

/** The share met at every threshold, ascending ("90 % answered within X"); `met` never falls. */
export function slaCurve(events: EventSet | ReportingEvent[], options: SlaCurveOptions): SlaResult[];

/** Options of {@link hourOfWeek}. */
export interface HourOfWeekOptions {
  /** Only events of this name (e.g. 'conversation_opened' for new conversations); all when absent. */
  name?: string;
  /** Hours east of UTC, or an IANA name; default UTC. */
  timezone?: number | string;
  /** The first row; default 'sunday', as Chatwoot. */
  weekStart?: 'sunday' | 'monday';
}

/** Events by local weekday (7 rows from weekStart) and hour (24 columns) of created_at. */
export function hourOfWeek(events: EventSet | ReportingEvent[], options?: HourOfWeekOptions): number[][];

/**
 * 'chatwoot' (default): exactly Chatwoot's report format, "45 Sec", "2 Min 5 Sec", "1 Hr 30 Min", "3 Day 4 Hr"
 * (no hours from 364 days on). 'compact': "45s", "2m 5s", "1h 30m", "3d 4h". null or NaN: "—".
 * 'report': Chatwoot's CSV exports, the two largest units in words ("1 day 1 second",
 * "2 hours 5 minutes"), "N/A" for 0, null or NaN. Beyond ±2^53 seconds: invalid_argument.
 */
export function formatDuration(seconds: number | null, style?: 'chatwoot' | 'compact' | 'report'): string;

/** Options of {@link timeseries}. */
export interface TimeseriesOptions {
  metric: 'avg_first_response_time' | 'avg_resolution_time' | 'reply_time'
        | 'resolutions_count' | 'bot_resolutions_count' | 'bot_handoffs_count';
  /** Default 'day'. */
  groupBy?: 'hour' | 'day' | 'week' | 'month' | 'year';
  /** Hours offset as Chatwoot's timezone_offset (may be fractional), or an IANA name such as 'Europe/Berlin'. Default UTC. */
  timezone?: number | string;
  /** Default 'sunday', as Chatwoot. */
  weekStart?: 'sunday' | 'monday';
  /** Epoch seconds, half-open [since, until) on created_at. Without them the range spans the data. */
  since?: number; until?: number;
  /** Use value_in_business_hours (nulls skipped). */
  businessHours?: boolean;
  /** For the average metrics; default 'mean'. */
  stat?: 'mean' | 'median' | 'p90' | 'p95' | 'p99';
  /** 'activity' (default, as Chatwoot) or 'cohort': every event of the conversations that began in [since, until). */
  window?: 'activity' | 'cohort';
}

/**
 * One bucket: its start in epoch seconds; `count` for the average metrics only. As in
 * Chatwoot, `count` counts every event in the bucket, also those whose business-hours value
 * is null (and so not in the average). A numeric `timezone` is a fixed offset here, while
 * Chatwoot resolves it to the first zone with that offset at request time.
 */
export interface SeriesPoint { timestamp: number; value: number; count?: number }

/**
 * Chatwoot's report time series: every bucket in the range present (empty ones 0), local
 * calendar buckets in the given zone (23- and 25-hour days across DST changes). At most
 * 100 000 buckets (hours over eleven years, days over 270): a longer range throws
 * `invalid_argument` naming the count.
 */
export function timeseries(events: EventSet | ReportingEvent[], options: TimeseriesOptions): SeriesPoint[];

/** A day key of {@link WorkingHours.weekly}. */
export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';

/**
 * A working-hours schedule. A window is open from when the wall clock first shows its
 * opening time until it first shows its closing time, so on a day when clocks change it is
 * as long as the wall clock says (01:00–04:00 is 2 h when clocks spring forward, 4 h when
 * they fall back).
 */
export interface WorkingHours {
  /** IANA name such as 'Europe/Berlin'; default 'UTC'. */
  timezone?: string;
  /**
   * 'HH:MM' windows per day, several a day, not overlapping. A window whose end is not after
   * its start runs past midnight into the next day (['22:00', '06:00']); '24:00' ends a
   * window at midnight. Missing days are closed.
   */
  weekly: Partial<Record<Weekday, Array<[string, string]>>>;
  /** Local dates 'YYYY-MM-DD' with no working time (including the part of an overnight window after their midnight). */
  holidays?: string[];
}

/** One entry of a Chatwoot inbox's `working_hours`. */
export interface ChatwootWorkingHour {
  /** 0 = Sunday … 6 = Saturday. */
  day_of_week: number;
  closed_all_day: boolean;
  /** Chatwoot stores it as 00:00–23:59: such a day counts 86 340 s. */
  open_all_day: boolean;
  open_hour: number | null; open_minutes: number | null;
  close_hour: number | null; close_minutes: number | null;
}

/** The fields of a Chatwoot inbox (GET /api/v1/accounts/{id}/inboxes) that decide its business hours; others are ignored. */
export interface ChatwootInbox {
  working_hours_enabled?: boolean | null;
  timezone?: string | null;
  working_hours?: ChatwootWorkingHour[] | null;
  [field: string]: unknown;
}

/**
 * Working seconds in [start, end) (epoch seconds) under `hours`; 0 when end <= start.
 * Throws {@link ReportingError} `invalid_argument` for an invalid schedule or unknown zone.
 */
export function businessSeconds(start: number, end: number, hours: WorkingHours, options?: WorkingHoursOptions): number;

/** Options of the working-hours functions. */
export interface WorkingHoursOptions {
  /**
   * Count as Chatwoot's working_hours gem stores values: whole seconds, wall-clock window
   * lengths on days when clocks change, negative for reversed spans. Off (default): the
   * exact working time that elapsed, to the millisecond.
   */
  chatwootCompat?: boolean;
}

/**
 * The schedule Chatwoot computes an inbox's value_in_business_hours under, as WorkingHours
 * (every weekday listed, closed ones empty). Working hours switched off, or switched on
 * with every day closed, give no windows: 0 everywhere, as Chatwoot's reports store
 * (only its SLA code falls back to Monday–Friday 09:00–17:00).
 */
export function fromChatwootInbox(inbox: ChatwootInbox): WorkingHours;

/**
 * A new EventSet (also when given an array) whose value_in_business_hours is recomputed
 * from each event's start and end: under one WorkingHours for every event, or under what
 * `hours(inboxId)` gives per inbox (called once per inbox; null or undefined keeps that
 * inbox's stored values). Events without a start or end keep theirs. Values are written
 * as Chatwoot stores them: whole seconds (half away from zero), and 0 for a conversation's
 * first `conversation_opened`.
 */
export function withWorkingHours(
  events: EventSet | ReportingEvent[],
  hours: WorkingHours | ((inboxId: number | null) => WorkingHours | null | undefined),
  options?: WorkingHoursOptions,
): EventSet;

/** Options of {@link ReportingClient}. */
export interface ReportingClientOptions {
  /**
   * e.g. 'https://app.chatwoot.com', or a same-origin proxy path such as '/chatwoot'
   * (resolved against the page; refused where it would leave the page's origin, and in
   * Node, which has no page). Decided on the URL as the engine parses it: plain http:// is
   * refused except to this machine (localhost, *.localhost, 127.0.0.0/8, [::1]).
   */
  baseUrl: string;
  accountId: number;
  /**
   * Sent only in the `api_access_token` header, only to baseUrl's origin; never in an error
   * or log. Refused at construction when empty or holding anything but visible ASCII.
   */
  apiAccessToken: string;
  /**
   * Per request; default 30 000. A request is never aborted sooner; requests starting within
   * 2 % of it (at most 100 ms) share one timer, so one may run up to that much longer.
   */
  timeoutMs?: number;
  /** For 429, 502, 503, 504, timeouts and network failures, with capped exponential backoff and jitter; default 3. */
  retries?: number;
  /** Requests in flight for the many-request methods; default 6. */
  concurrency?: number;
  /**
   * The largest answer body read, in bytes; default 64 MiB (an answer is one page of 25
   * events, ~8 KB, so this only stops a server that streams without end). A longer answer fails with
   * 'too_large' as soon as the limit is passed (the connection is closed; a declared
   * Content-Length above it is refused before reading). Error answers are read to 4 KB.
   */
  maxBytes?: number;
}

/** An agent of the account, as Chatwoot's `/agents` endpoint sends it (its own keys). */
export interface Agent {
  id: number; name: string; email: string; role: string;
  available_name?: string; availability_status?: string;
  [key: string]: unknown;
}

/** An inbox as {@link ReportingClient.inboxes} gives it. */
export interface Inbox {
  id: number; name: string; channelType: string;
  /** Whether the inbox has working hours switched on (off: Chatwoot stores 0 business seconds). */
  workingHoursEnabled: boolean;
  workingHours: WorkingHours | null;
}

/** Per-call options of the client's methods. */
export interface FetchOptions {
  signal?: AbortSignal;
  /** strict (default) or lenient, as {@link parseEvents}. */
  mode?: 'strict' | 'lenient';
}

/** Fetches reporting events from a Chatwoot server (Enterprise edition). Every failure is a {@link ReportingError}. */
export class ReportingClient {
  constructor(options: ReportingClientOptions);
  /** One conversation's events, by the display id shown in Chatwoot's UI. */
  conversationEvents(displayId: number, opts?: FetchOptions): Promise<EventSet>;
  /**
   * Many conversations, `concurrency` at a time. Every id ends up in `events` or in `failed`
   * (repeated ids are fetched once); aborting rejects with code 'aborted'.
   */
  conversationsEvents(displayIds: number[], opts?: FetchOptions & { onProgress?(done: number, total: number): void }):
    Promise<{ events: EventSet; failed: Array<{ displayId: number; error: ReportingError }> }>;
  /**
   * The account-wide endpoint (administrators): all pages, ascending created_at, each id
   * once. `since`/`until` are always sent together (Chatwoot ignores a range with one end):
   * `until` defaults to now, `since` to 0. The first failing page stops the call.
   */
  accountEvents(opts?: FetchOptions & {
    since?: number; until?: number; inboxId?: number; userId?: number; name?: string;
    onProgress?(done: number, total: number): void;
    /** Serve what the cache holds for the range and fetch only what it lacks (openEventCache). */
    cache?: import('./cache.js').EventCache;
  }): Promise<EventSet>;
  /** The account's inboxes with their schedules as {@link WorkingHours} (null where unreadable). */
  inboxes(opts?: { signal?: AbortSignal }): Promise<Inbox[]>;
  /** The account's agents (`GET /api/v1/accounts/{id}/agents`), for names in dashboards. */
  agents(opts?: { signal?: AbortSignal }): Promise<Agent[]>;
  /** `ReportingClient(<origin>, account <id>)`. */
  toString(): string;
  toJSON(): { baseUrl: string; accountId: number };
  free(): void;
}

/** One row of {@link summaryTable}: durations formatted, counts as numbers. */
export interface SummaryTableRow { count: number; mean?: string; median?: string; p90?: string; p95?: string }

/** A summary as rows for `console.table(summaryTable(summary))`, durations formatted. */
export function summaryTable(summary: Summary, style?: 'chatwoot' | 'compact'): Record<string, SummaryTableRow>;

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

export { openEventCache, scopeKey } from './cache.js';
export type { EventCache, EventCacheOptions, CoveredRange, MissingRange } from './cache.js';
