// chatwoot-reporting/worker: the package's API in a Web Worker, promise-based, over one
// worker (connectWorker) or several (createWorkerPool).
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
  /** Stops the worker; every handle becomes invalid; calls under way and later ones reject with `aborted`. */
  terminate(): void;
}

/**
 * Starts the package's module worker (or uses `worker`) and returns the API in promise form.
 * If the worker's module cannot be loaded, every call rejects with `network`.
 */
export function connectWorker(worker?: Worker): WorkerApi;

/** Options of {@link createWorkerPool}. */
export interface WorkerPoolOptions {
  /**
   * How many workers, 1 to 16. Default: `navigator.hardwareConcurrency`, at most 4 (past
   * that, fetching waits on the server, and each worker holds a wasm instance of its own).
   */
  size?: number;
  /** Makes each worker; default: the package's `worker.js` as a module worker. */
  worker?: () => Worker;
}

/** Options of {@link PoolClient.accountEvents}: those of RemoteClient's, with both ends required. */
export interface PoolAccountOptions extends FetchOptions {
  /** Epoch seconds, inclusive (on created_at). Required: the range is cut into spans across the workers. */
  since: number;
  /** Epoch seconds, exclusive. Required, as `since`. */
  until: number;
  inboxId?: number;
  userId?: number;
  name?: string;
  /**
   * Pages done and in all, across every span. A span's page count is known after its first
   * page; until every span has started, the others are counted at the mean of those that
   * have, so `total` is an estimate at first and exact from then on (`done === total` at the end).
   */
  onProgress?(done: number, total: number): void;
}

/** A ReportingClient in every worker of a pool. Every failure is a ReportingError. */
export interface PoolClient {
  /** One conversation's events, fetched by the least busy worker (the set lives there). */
  conversationEvents(displayId: number, opts?: FetchOptions): Promise<RemoteEventSet>;
  /** Many conversations, fetched by the least busy worker, `concurrency` requests at a time. */
  conversationsEvents(displayIds: number[], opts?: FetchOptions & { onProgress?(done: number, total: number): void }):
    Promise<{ events: RemoteEventSet; failed: Array<{ displayId: number; error: ReportingError }> }>;
  /**
   * The account-wide endpoint's events of `[since, until)`, fetched across every worker:
   * the range is cut into spans of whole seconds (4 per worker) handed to whichever worker
   * is free, each span's events moved as columns (buffers transferred, never copied) to one
   * worker and merged there. The result is the same set as `client.accountEvents` over the
   * same range gives (same events, same order), living in that worker, so `summarize` sees
   * every event at once. `issues` lists each span's issues, oldest span first.
   *
   * Aborting `signal` cancels every span and rejects with `aborted`; the first failing span
   * stops the others and rejects with its ReportingError. Either way nothing is left behind
   * in the workers. `since` or `until` missing is `invalid_argument`.
   */
  accountEvents(opts: PoolAccountOptions): Promise<RemoteEventSet>;
  /** Frees the client in every worker. */
  free(): Promise<void>;
}

/**
 * The package's API over several workers: a call about a RemoteEventSet runs in the worker
 * holding it, any other in the least busy worker.
 */
export interface WorkerPool extends Omit<WorkerApi, 'createClient' | 'stats'> {
  /** How many workers. */
  readonly size: number;
  /** A client in every worker, each made with `options` (the token is sent to each, in memory only). */
  createClient(options: ReportingClientOptions): Promise<PoolClient>;
  /** The sets and clients held in all, and per worker. */
  stats(): Promise<WorkerStats & { workers: WorkerStats[] }>;
}

/**
 * Starts a pool of module workers running the package and returns its API in promise form.
 * Its client fetches an account's range across all workers and gathers the events in one:
 *
 * ```js
 * const pool = createWorkerPool();                       // navigator.hardwareConcurrency, at most 4
 * const client = await pool.createClient({ baseUrl, accountId, apiAccessToken });
 * const events = await client.accountEvents({ since, until, signal, onProgress });
 * const summary = await pool.summarize(events, { since, until });
 * ```
 * Bad options are `invalid_argument`, thrown at once.
 */
export function createWorkerPool(options?: WorkerPoolOptions): WorkerPool;
