// chatwoot-reporting/worker: the package's API in a Web Worker, promise-based.
import type {
  Body, ParseOptions, Issue, ReportingEvent, EventFilter, SummaryOptions, Summary,
  TimeseriesOptions, SeriesPoint, ConversationRowOptions, ConversationRow,
  ReportingClientOptions, FetchOptions, ReportingError, EventColumns, FromColumnsOptions,
} from './index.js';

/** An EventSet that lives in a worker: `length` and `issues` are copied, the rest is async. */
export interface RemoteEventSet {
  readonly length: number;
  readonly issues: Issue[];
  toArray(): Promise<ReportingEvent[]>;
  toJSON(): Promise<ReportingEvent[]>;
  /**
   * The events as columns ({@link EventColumns}): the arrays the worker makes are moved to
   * the page (transferred, not copied), so this costs the page no work per event. The set
   * stays in the worker.
   */
  toColumns(): Promise<EventColumns>;
  filter(f: EventFilter): Promise<RemoteEventSet>;
  /** Sets of the same worker only (`invalid_argument` otherwise: move one with toColumns and fromColumns). */
  concat(...others: RemoteEventSet[]): Promise<RemoteEventSet>;
  free(): Promise<void>;
}

/** A ReportingClient that lives in the worker; `signal` and `onProgress` are relayed. */
export interface RemoteClient {
  conversationEvents(displayId: number, opts?: FetchOptions): Promise<RemoteEventSet>;
  conversationsEvents(displayIds: number[], opts?: FetchOptions & { onProgress?(done: number, total: number): void }):
    Promise<{ events: RemoteEventSet; failed: Array<{ displayId: number; error: ReportingError }> }>;
  accountEvents(opts?: FetchOptions & { since?: number; until?: number; inboxId?: number; userId?: number; name?: string;
    onProgress?(done: number, total: number): void }): Promise<RemoteEventSet>;
  free(): Promise<void>;
}

/** What a worker holds: sets and clients not yet freed. */
export interface WorkerStats {
  sets: number;
  clients: number;
}

/** The package's API, each call answered by the worker. Errors are ReportingError, as in the main thread. */
export interface WorkerApi {
  /** Bytes given as an ArrayBuffer are transferred to the worker (the caller's becomes empty). */
  parseEvents(body: Body, options?: ParseOptions): Promise<RemoteEventSet>;
  validateEvents(body: Body, options?: ParseOptions): Promise<Issue[]>;
  /**
   * `EventSet.fromColumns` in the worker. The arrays' buffers are transferred, not copied:
   * the caller's arrays are empty afterwards.
   */
  fromColumns(columns: EventColumns, options?: FromColumnsOptions): Promise<RemoteEventSet>;
  summarize(events: RemoteEventSet | ReportingEvent[], options?: SummaryOptions): Promise<Summary>;
  timeseries(events: RemoteEventSet | ReportingEvent[], options: TimeseriesOptions): Promise<SeriesPoint[]>;
  conversationRows(events: RemoteEventSet | ReportingEvent[], options?: ConversationRowOptions): Promise<ConversationRow[]>;
  conversationsCsv(events: RemoteEventSet | ReportingEvent[], options?: ConversationRowOptions): Promise<string>;
  formatDuration(seconds: number | null, style?: 'chatwoot' | 'compact'): Promise<string>;
  createClient(options: ReportingClientOptions): Promise<RemoteClient>;
  /** The sets and clients the worker holds (freed ones are gone). */
  stats(): Promise<WorkerStats>;
  /** Stops the worker; every handle becomes invalid and calls under way reject with `aborted`. */
  terminate(): void;
}

/** Starts the package's module worker (or uses `worker`) and returns the API in promise form. */
export function connectWorker(worker?: Worker): WorkerApi;
