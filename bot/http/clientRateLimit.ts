// Per-client token buckets for the anonymous endpoints, so one client cannot use up what everyone shares.
import { isIP, type Socket } from 'node:net';
import { LRUCache } from 'lru-cache';
import type { Request, Response } from 'restify';
import { ERRORS, httpError } from './errors.js';
import { sendOutcome } from './server.js';

export interface RateLimitOptions {
  /** requests a client may make in a burst; the bucket refills at this many per minute */
  perMinute: number;
  /** clients remembered at most; the least recently seen is forgotten first, so memory stays bounded */
  maxClients?: number;
  now?: () => number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per client key (restify's throttle plugin was the installed candidate, but it sends no
 * Retry-After, its message cannot be changed, and with `xff` it keys on the whole client-supplied header).
 */
export class ClientRateLimiter {
  private readonly buckets: LRUCache<string, Bucket>;
  private readonly capacity: number;
  private readonly perMs: number;
  private readonly now: () => number;

  constructor(options: RateLimitOptions) {
    this.capacity = options.perMinute;
    this.perMs = options.perMinute / 60_000;
    this.buckets = new LRUCache({ max: options.maxClients ?? 10_000 });
    this.now = options.now ?? Date.now;
  }

  get clients(): number {
    return this.buckets.size;
  }

  /** Takes one request from the client's bucket, or says how many seconds until it may try again. */
  take(client: string): RateDecision {
    const now = this.now();
    const known = this.buckets.get(client);
    const bucket = known ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
    bucket.at = now;
    if (!known) this.buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }
}

/**
 * Who is asking: the socket's remote address, or, only when the operator says a trusted proxy sits in
 * front (TRUST_PROXY), the first address in X-Forwarded-For when it is a valid IP.
 */
export function clientAddress(req: Request, trustProxy: boolean): string {
  const socketAddress = ((req.socket as Socket | undefined)?.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
  if (!trustProxy) return socketAddress;
  const first = String(req.header('x-forwarded-for') ?? '').split(',')[0]?.trim().replace(/^::ffff:/, '') ?? '';
  return isIP(first) ? first : socketAddress;
}

/** Takes one request from the client's allowance; false (with a 429 and Retry-After sent) when it has none left. */
export function allowOrRefuse(limiter: ClientRateLimiter, req: Request, res: Response, trustProxy: boolean, what: 'chats' | 'messages'): boolean {
  const decision = limiter.take(clientAddress(req, trustProxy));
  if (decision.ok) return true;
  sendOutcome(res, { ...httpError(ERRORS.tooManyRequests, what), retryAfter: decision.retryAfterSeconds });
  return false;
}
