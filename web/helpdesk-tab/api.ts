// The helpdesk tab's client for the ticket API (see the ticket contract); its words for types and statuses come from the page's config.
// DOM-free: fetch is passed in, so it can be unit-tested.
import type { TicketStatus, TicketView } from '../../helpdesk/vocabulary.js';
import type { Say } from '../shared/pageText.js';

export type { TicketLabels, TicketStatus, TicketType } from '../../helpdesk/vocabulary.js';
/** A ticket as the API returns it: the server's own public shape (a type-only import: nothing of the server is bundled). */
export type Ticket = TicketView;

export interface TicketPage {
  tickets: Ticket[];
  nextCursor?: string;
}

export interface TicketFilter {
  status?: string;
  type?: string;
  cursor?: string;
  limit?: number;
}

export interface TicketChange {
  status?: TicketStatus;
  assignee?: string;
  note?: string;
}

/** A failed call: 401 means the credentials were refused; message is safe to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Fetch = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

export function label<T extends string>(labels: Record<T, string>, value: string): string {
  return (labels as Record<string, string>)[value] ?? value;
}

export class TicketApi {
  constructor(
    private readonly fetchFn: Fetch,
    private readonly credential: () => Promise<string>,
    /** the page's words (replies page.helpdeskTab.*), for the errors it shows */
    private readonly t: Say,
    /** who is working, for the ticket history (sent as X-Helpdesk-User; SSO callers are named by their token) */
    private readonly user: () => string | undefined = () => undefined,
    private readonly base = '/api/tickets',
  ) {}

  list(filter: TicketFilter = {}): Promise<TicketPage> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') q.set(k, String(v));
    const qs = q.toString();
    return this.call<TicketPage>('GET', qs ? `${this.base}?${qs}` : this.base);
  }

  get(ref: string): Promise<Ticket> {
    return this.call<Ticket>('GET', `${this.base}/${encodeURIComponent(ref)}`);
  }

  update(ref: string, change: TicketChange): Promise<Ticket> {
    return this.call<Ticket>('PATCH', `${this.base}/${encodeURIComponent(ref)}`, change);
  }

  private async call<T>(method: string, url: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${await this.credential()}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const user = this.user()?.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, '').trim();
    if (user) headers['x-helpdesk-user'] = user.slice(0, 120);
    let res;
    try {
      res = await this.fetchFn(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch {
      throw new ApiError(0, this.t('page.helpdeskTab.error.unreachable'));
    }
    const json = (await res.json().catch(() => undefined)) as { error?: { message?: unknown } } | undefined;
    if (!res.ok) {
      if (res.status === 401) throw new ApiError(401, this.t('page.helpdeskTab.error.signInRefused'));
      const message = typeof json?.error?.message === 'string' ? json.error.message : this.t('page.helpdeskTab.error.failed', { status: res.status });
      throw new ApiError(res.status, res.status >= 500 ? this.t('page.helpdeskTab.error.server') : message);
    }
    return json as T;
  }
}
