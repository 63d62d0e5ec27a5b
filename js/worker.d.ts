// chatwoot-reporting/worker: the package's API in a Web Worker, promise-based.
import type {
  Body, ParseOptions, Issue, ReportingEvent, EventFilter, SummaryOptions, Summary,
  TimeseriesOptions, SeriesPoint, ConversationRowOptions, ConversationRow,
  ReportingClientOptions, FetchOptions, ReportingError,
} from './index.js';

/** An EventSet that lives in the worker: `length` and `issues` are copied, the rest is async. */
export interface RemoteEventSet {
  readonly length: number;
  readonly issues: Issue[];
  toArray(): Promise<ReportingEvent[]>;
  toJSON(): Promise<ReportingEvent[]>;
  filter(f: EventFilter): Promise<RemoteEventSet>;
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

/** The package's API, each call answered by the worker. Errors are ReportingError, as in the main thread. */
export interface WorkerApi {
  parseEvents(body: Body, options?: ParseOptions): Promise<RemoteEventSet>;
  validateEvents(body: Body, options?: ParseOptions): Promise<Issue[]>;
  summarize(events: RemoteEventSet | ReportingEvent[], options?: SummaryOptions): Promise<Summary>;
  timeseries(events: RemoteEventSet | ReportingEvent[], options: TimeseriesOptions): Promise<SeriesPoint[]>;
  conversationRows(events: RemoteEventSet | ReportingEvent[], options?: ConversationRowOptions): Promise<ConversationRow[]>;
  conversationsCsv(events: RemoteEventSet | ReportingEvent[], options?: ConversationRowOptions): Promise<string>;
  formatDuration(seconds: number | null, style?: 'chatwoot' | 'compact'): Promise<string>;
  createClient(options: ReportingClientOptions): Promise<RemoteClient>;
  /** Stops the worker; every handle becomes invalid. */
  terminate(): void;
}

/** Starts the package's module worker (or uses `worker`) and returns the API in promise form. */
export function connectWorker(worker?: Worker): WorkerApi;
