// The insights page's client for /api/insights: the report for a date range and each table's CSV, with the helpdesk
// key or the Teams SSO token. DOM-free: fetch is passed in, so it can be unit-tested.
import type { DateRange, InsightsReport } from '../../bot/insights/report.js';
import type { TableId } from '../../bot/insights/tables.js';
import type { Say } from '../shared/pageText.js';

export type { DateRange, InsightsReport };

/** A failed call: 401 means the credentials were refused, 403 a Teams user without the helpdesk role; message is safe to show. */
export class InsightsError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'InsightsError';
  }
}

export type Fetch = (url: string, init: { method: string; headers: Record<string, string> }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  blob(): Promise<Blob>;
}>;

/** The query string for a range; none when the server should choose (the last 30 days). */
export function rangeQuery(range?: DateRange): string {
  return range ? `?${new URLSearchParams({ from: range.from, to: range.to }).toString()}` : '';
}

export function csvUrl(id: TableId, range?: DateRange, base = '/api/insights'): string {
  return `${base}/${id}.csv${rangeQuery(range)}`;
}

export class InsightsApi {
  constructor(
    private readonly fetchFn: Fetch,
    private readonly credential: () => Promise<string>,
    /** the page's words (replies page.insights.*), for the errors it shows */
    private readonly t: Say,
    private readonly base = '/api/insights',
  ) {}

  report(range?: DateRange): Promise<InsightsReport> {
    return this.call(`${this.base}${rangeQuery(range)}`, 'application/json').then((res) => res.json() as Promise<InsightsReport>);
  }

  csv(id: TableId, range?: DateRange): Promise<Blob> {
    return this.call(csvUrl(id, range, this.base), 'text/csv').then((res) => res.blob());
  }

  private async call(url: string, accept: string): Promise<Awaited<ReturnType<Fetch>>> {
    const headers = { accept, authorization: `Bearer ${await this.credential()}` };
    let res;
    try {
      res = await this.fetchFn(url, { method: 'GET', headers });
    } catch {
      throw new InsightsError(0, this.t('page.insights.error.unreachable'));
    }
    if (res.ok) return res;
    if (res.status === 401) throw new InsightsError(401, this.t('page.insights.error.signInRefused'));
    const json = (await res.json().catch(() => undefined)) as { error?: { message?: unknown } } | undefined;
    const message = typeof json?.error?.message === 'string' ? json.error.message : this.t('page.insights.error.failed', { status: res.status });
    throw new InsightsError(res.status, res.status >= 500 && res.status !== 503 ? this.t('page.insights.error.server') : message);
  }
}
