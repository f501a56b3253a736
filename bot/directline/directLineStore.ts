// What the local Direct Line keeps (conversations, the tokens bound to them, each one's activity queue with a watermark),
// as one interface with two homes: this process's memory (files mode) and PostgreSQL (several instances).
import { createHash, randomBytes } from 'node:crypto';

export interface DirectLineStoreOptions {
  /** how long a token is valid after it is issued or refreshed */
  tokenTtlMs: number;
  /** a conversation with no traffic for this long is forgotten */
  conversationIdleMs: number;
  /** started conversations at most; starting another is refused until some expire */
  maxConversations: number;
  /** a conversation whose token was made but which was never started is forgotten after this long */
  unstartedMs: number;
  /** conversations not yet started at most; beyond this the oldest of them is forgotten (never a started one) */
  maxUnstarted: number;
  /** serialized bytes kept in all queues together; beyond this the least recently used queues lose their oldest activities */
  maxTotalBytes: number;
  /** activities kept per conversation; the oldest are dropped beyond this */
  maxActivities: number;
  /** serialized bytes kept per conversation; the oldest are dropped beyond this */
  maxQueueBytes: number;
  now: () => number;
}

export const DEFAULT_STORE_OPTIONS: DirectLineStoreOptions = {
  tokenTtlMs: 30 * 60_000,
  conversationIdleMs: 2 * 60 * 60_000,
  maxConversations: 2_000,
  unstartedMs: 3 * 60_000,
  maxUnstarted: 5_000,
  maxTotalBytes: 64 * 1024 * 1024,
  maxActivities: 200,
  maxQueueBytes: 512 * 1024,
  now: () => Date.now(),
};

/** After a refresh the old token keeps working this long, so a poll already in flight does not fail. */
export const REFRESH_GRACE_MS = 60_000;
/** How often generate() sweeps expired conversations on its way. */
export const SWEEP_EVERY_MS = 60_000;
const TOKEN_BYTES = 32;

/** An activity as Direct Line hands it to the client; only the fields the store itself sets are typed. */
export interface QueuedActivity {
  id: string;
  [key: string]: unknown;
}

export interface TokenGrant {
  conversationId: string;
  token: string;
  /** seconds, as Direct Line reports it */
  expiresIn: number;
}

export type AuthResult =
  | { ok: true; conversationId: string; userId: string }
  | { ok: false; reason: 'missing' | 'unknown' | 'expired' | 'forbidden' };

/** A page of activities after a watermark, and the watermark to send next time. */
export interface ActivityPage {
  activities: QueuedActivity[];
  watermark: string;
}

/** How long since() may hold on when there is nothing new, and what ends the wait early (the client going away). */
export interface LongPoll {
  ms: number;
  signal?: AbortSignal;
}

export interface DirectLineStats {
  /** started conversations still live */
  started: number;
  /** conversations made by generate() and not started yet */
  unstarted: number;
  /** serialized bytes in all queues together */
  queuedBytes: number;
}

export class StoreFullError extends Error {
  constructor() {
    super('too many started conversations');
    this.name = 'StoreFullError';
  }
}

/** The local Direct Line's state; every instance behind a load balancer sees the same one when it lives in PostgreSQL. */
export interface DirectLineStore {
  /**
   * Creates a conversation (not yet started) and a token bound to it, as Direct Line's tokens/generate does.
   * Never refused for want of room: past the cap for unstarted conversations the oldest of them is forgotten.
   */
  generate(): Promise<TokenGrant & { userId: string }>;
  /**
   * Marks the conversation started; true only the first time, so the greeting is sent once.
   * Rejects with StoreFullError when as many conversations are started as the store allows.
   */
  start(conversationId: string): Promise<boolean>;
  isStarted(conversationId: string): Promise<boolean>;
  /** Checks a bearer token; when a conversation id is given the token must be bound to it. */
  authorize(token: string | undefined, conversationId?: string): Promise<AuthResult>;
  /** Issues a fresh token for the same conversation; the old one stops working shortly after (REFRESH_GRACE_MS). */
  refresh(token: string | undefined): Promise<TokenGrant | undefined>;
  has(conversationId: string): Promise<boolean>;
  /**
   * Adds an activity to the conversation's queue and gives it the next id (conversationId|0000007), waking the
   * polls waiting on it. Undefined when the conversation does not exist or has expired.
   */
  append(conversationId: string, activity: Omit<QueuedActivity, 'id'>): Promise<QueuedActivity | undefined>;
  /** True when the activity is still in the conversation's queue. */
  contains(conversationId: string, activityId: string): Promise<boolean>;
  /**
   * A bot's update to an activity it sent earlier: the new version is queued again under the same id, so
   * a client that already has the old one receives it on its next poll (Web Chat replaces by id). The old
   * version leaves the queue. False when this conversation never issued that id.
   */
  update(conversationId: string, activityId: string, activity: Omit<QueuedActivity, 'id'>): Promise<boolean>;
  /**
   * Activities after the watermark, oldest first, and the watermark to send next time. A missing or unreadable
   * watermark means "from the start of what is kept". With `wait`, an empty answer is held until an activity is
   * appended to the conversation (on any instance) or `wait.ms` passes. Undefined when the conversation is gone.
   */
  since(conversationId: string, watermark: string | undefined, wait?: LongPoll): Promise<ActivityPage | undefined>;
  /** Forgets expired conversations and tokens. */
  sweep(): Promise<void>;
  stats(): Promise<DirectLineStats>;
  /** Ends every wait (they answer what they have) and lets go of connections; the store is not used again. */
  close(): Promise<void>;
}

export function newId(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

export function newToken(): string {
  return newId(TOKEN_BYTES);
}

export function newUserId(): string {
  return `dl_${newId(12)}`;
}

/** Tokens are kept only as hashes, so the store cannot leak them and lookups do not compare secrets. */
export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** The id of the activity at `seq` in a conversation: conversationId|0000007. */
export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

/** The sequence number in an activity id this conversation issued, or undefined for any other id. */
export function seqOf(conversationId: string, id: string): number | undefined {
  const m = /\|(\d{7,15})$/.exec(id);
  return id.startsWith(`${conversationId}|`) && m ? Number(m[1]) : undefined;
}

/** The sequence number after which a client wants activities; -1 (from the start) for a missing or unreadable watermark. */
export function afterWatermark(watermark: string | undefined): number {
  return watermark !== undefined && /^\d{1,15}$/.test(watermark) ? Number(watermark) : -1;
}

/** What a watermark says after `nextSeq` activities were numbered: the last number given, or '' before any. */
export function watermarkAt(nextSeq: number): string {
  return nextSeq > 0 ? String(nextSeq - 1) : '';
}

/** An activity's size as the budgets count it. */
export function sizeOf(activity: QueuedActivity): number {
  return Buffer.byteLength(JSON.stringify(activity));
}
