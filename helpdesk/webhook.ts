// Sends ticket events to the helpdesk's webhook as signed JSON, and reads the receiver's answer as "done", "retry" or "retry after".
import { createHmac, timingSafeEqual } from 'node:crypto';
import { publicTicket } from './model.js';
import type { Deliverer, DeliveryResult, OutboxEvent } from './outbox.js';
import type { StoredTicket } from './model.js';

export const SIGNATURE_HEADER = 'X-Helpdesk-Signature';

/** `sha256=<hex HMAC-SHA256 of the raw body>`. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** For receivers (and tests): true when the header is the body's signature, compared in constant time. */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Retry-After as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The JSON the webhook receives: the same bytes on every retry of an event. */
export function webhookBody(event: OutboxEvent, ticket: StoredTicket): string {
  return JSON.stringify({ id: event.id, type: event.type, at: event.createdAt, ticket: publicTicket(ticket) });
}

export interface WebhookOptions {
  url: string;
  secret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** A Deliverer that POSTs each event; 2xx is done, anything else is retried (429/503 after Retry-After). */
export function webhookDeliverer(options: WebhookOptions): Deliverer {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  return async (event, ticket, outboxSignal): Promise<DeliveryResult> => {
    const body = webhookBody(event, ticket);
    let res: Response;
    try {
      res = await doFetch(options.url, {
        method: 'POST',
        body,
        redirect: 'error',
        signal: AbortSignal.any([AbortSignal.timeout(options.timeoutMs ?? 10_000), ...(outboxSignal ? [outboxSignal] : [])]),
        headers: {
          'Content-Type': 'application/json',
          [SIGNATURE_HEADER]: signBody(options.secret, body),
          'X-Helpdesk-Event-Id': event.id,
          'X-Helpdesk-Event': event.type,
          'User-Agent': 'nhsmail-assistant-helpdesk/1',
        },
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
      const why = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined;
      return { ok: false, error: (why ?? (e instanceof Error ? e.name : 'network error')).slice(0, 100) };
    }
    await res.body?.cancel().catch(() => undefined);
    if (res.ok) return { ok: true };
    const retryAfterMs = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after'), now()) : undefined;
    return { ok: false, error: `HTTP ${res.status}`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  };
}
