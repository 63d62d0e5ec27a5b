// Declarations of chatwoot-reporting's event cache (cache.js): `openEventCache()` and the
// `cache` option of `client.accountEvents` (API.md, Additions: "A cache that survives reloads").
import type { EventSet, ReportingEvent, ReportingClient } from './index.js';

/** Options of {@link openEventCache}. */
export interface EventCacheOptions {
  /** The IndexedDB database's name; default 'chatwoot-reporting'. */
  name?: string;
  /**
   * Seconds of a fetch's newest edge that the next request asking for anything newer reads
   * again, because Chatwoot writes events from background jobs, a little after the fact.
   * Default 900.
   */
  settleSeconds?: number;
  /** The IndexedDB to use; default `globalThis.indexedDB`. */
  indexedDB?: IDBFactory;
}

/** A covered time range of one scope, epoch seconds, half-open; `fetchedAt` of its newest edge. */
export interface CoveredRange { since: number; until: number; fetchedAt: number }

/** A time range still to fetch, epoch seconds, half-open. */
export interface MissingRange { since: number; until: number }

/**
 * Account-wide reporting events that survive reloads (IndexedDB, in browsers and Web
 * Workers), per Chatwoot base URL, account and request filters, with the time ranges they
 * cover. The access token is never stored. Pass it as `client.accountEvents({ cache })`.
 */
export interface EventCache {
  /** Forgets everything the cache holds. */
  clear(): Promise<void>;
  /** Closes the database; the cache cannot be used afterwards. */
  close(): void;

  /** Beyond API.md, for dashboards that show cached figures before fetching: */
  readonly settleSeconds: number;
  /** The covered ranges of a scope ({@link scopeKey}), ascending. */
  coverage(scope: string): Promise<CoveredRange[]>;
  /** What a request for [since, until) must still fetch, newest first. */
  missing(scope: string, since: number, until: number): Promise<MissingRange[]>;
  /**
   * Stores the events fetched for [since, until) (they replace what the cache held there)
   * and marks the range covered; resolves once written.
   */
  put(scope: string, since: number, until: number, events: EventSet | ReportingEvent[],
      options?: { fetchedAt?: number; info?: Record<string, unknown> }): Promise<void>;
  /** The cached events of [since, until) as one JSON body for `parseEvents`, ascending, each id once. */
  read(scope: string, since: number, until: number): Promise<{ body: string; count: number }>;
  /** A scope's record: coverage, event and chunk counts, `info`; null when it holds nothing. */
  describe(scope: string): Promise<{ scope: string; covered: CoveredRange[]; events: number; chunks: number; updatedAt: number; info?: Record<string, unknown> } | null>;
  /** Merges small facts (e.g. names) into a scope's `info`, kept beside its events. */
  note(scope: string, info: Record<string, unknown>): Promise<void>;
  /** Forgets one scope. */
  forget(scope: string): Promise<void>;
}

/**
 * Opens (or creates) the cache. Throws {@link ReportingError} `invalid_argument` where there is
 * no IndexedDB (Node), or when the browser refuses storage.
 */
export function openEventCache(options?: EventCacheOptions): Promise<EventCache>;

/** The key under which a client's account (and filters) is cached: `scopeKey(client.toJSON())`. */
export function scopeKey(where: { baseUrl: string; accountId: number }, filters?: { inboxId?: number; userId?: number; name?: string }): string;

/** Teaches `ReportingClient.prototype.accountEvents` the `cache` option (idempotent). */
export function withCacheOption(client: typeof ReportingClient): void;
