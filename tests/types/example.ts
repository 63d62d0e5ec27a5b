// A typed dashboard snippet, checked with `tsc --strict` (tests/js/package-tools.test.mjs):
// the declarations must be precise enough that this compiles and the @ts-expect-error
// lines do not.
import {
  init, parseEvents, validateEvents, summarize, timeseries, conversationRows, conversationsCsv,
  formatDuration, summaryTable, ReportingClient, ReportingError, EventSet,
  type Summary, type Stats, type Issue, type ReportingEvent, type SeriesPoint, type ConversationRow,
} from 'chatwoot-reporting';
import { connectWorker, type RemoteEventSet } from 'chatwoot-reporting/worker';

export async function dashboard(bytes: Uint8Array, token: string): Promise<string> {
  await init();
  const events: EventSet = parseEvents(bytes, { mode: 'lenient', accountId: 1, maxBytes: 1 << 20 });
  const warnings: Issue[] = events.issues.filter((i) => i.severity === 'warning');
  const rows: ReportingEvent[] = events.toArray();
  const firstName: string = rows[0]?.name ?? 'none';
  const bh: number | null = rows[0]?.value_in_business_hours ?? null;
  const summary: Summary = summarize(events, { businessHours: true, sla: { firstResponse: 3600 }, since: 0, until: 1e9 });
  const fr: Stats = summary.firstResponse;
  const median: number | null = fr.median;
  const share: number | null | undefined = summary.sla?.firstResponse?.share;
  const previous: Summary | undefined = summary.previous;
  const agents: Array<number | null> = summary.byAgent.map((a) => a.userId);
  const series: SeriesPoint[] = timeseries(events, { metric: 'avg_first_response_time', groupBy: 'week', timezone: 'Europe/Berlin', stat: 'p90' });
  const slowest: ConversationRow[] = conversationRows(events, { sortBy: 'firstResponse', order: 'desc', limit: 10 });
  const csv: string = conversationsCsv(rows, { businessHours: true });
  const table = summaryTable(summary, 'compact');
  const client = new ReportingClient({ baseUrl: 'https://chatwoot.example.com', accountId: 1, apiAccessToken: token, retries: 2 });
  const controller = new AbortController();
  const { events: many, failed } = await client.conversationsEvents([1, 2, 3], {
    signal: controller.signal,
    onProgress: (done: number, total: number) => void (done / total),
  });
  const codes: string[] = failed.map((f) => f.error.code);
  const account: EventSet = await client.accountEvents({ since: 0, until: 100, inboxId: 3, name: 'first_response' });
  const issues: Issue[] = validateEvents('[]');
  const worker = connectWorker();
  const remote: RemoteEventSet = await worker.parseEvents(bytes.buffer as ArrayBuffer);
  const remoteSummary: Summary = await worker.summarize(remote);
  try {
    parseEvents('nope');
  } catch (e) {
    if (e instanceof ReportingError) {
      const code: 'invalid_data' | 'too_large' | string = e.code;
      const status: number | undefined = e.status;
      void [code, status, e.issues?.length];
    }
  }
  // @ts-expect-error: the metric must be one of Chatwoot's
  timeseries(events, { metric: 'avg_everything' });
  // @ts-expect-error: Stats fields are number | null, never string
  const wrong: string = fr.mean;
  void [warnings, firstName, bh, median, share, previous, agents, series, slowest, csv, table, many, codes, account, issues, remoteSummary, wrong];
  return formatDuration(median, 'chatwoot');
}
