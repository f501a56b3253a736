// The local Direct Line's memory: conversations, the tokens bound to them, and each one's activity queue with a watermark.
import { createHash, randomBytes } from 'node:crypto';

export interface DirectLineStoreOptions {
  /** how long a token is valid after it is issued or refreshed */
  tokenTtlMs: number;
  /** a conversation with no traffic for this long is forgotten */
  conversationIdleMs: number;
  /** live conversations at most; starting another is refused until some expire */
  maxConversations: number;
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
  maxActivities: 200,
  maxQueueBytes: 512 * 1024,
  now: () => Date.now(),
};

/** After a refresh the old token keeps working this long, so a poll already in flight does not fail. */
const REFRESH_GRACE_MS = 60_000;
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

interface Conversation {
  id: string;
  userId: string;
  started: boolean;
  lastUsed: number;
  nextSeq: number;
  bytes: number;
  queue: { seq: number; size: number; activity: QueuedActivity }[];
}

interface TokenRecord {
  conversationId: string;
  expiresAt: number;
}

export class StoreFullError extends Error {
  constructor() {
    super('too many live conversations');
    this.name = 'StoreFullError';
  }
}

function newId(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** Tokens are kept only as hashes, so the map cannot leak them and lookups do not compare secrets. */
function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export class DirectLineStore {
  private readonly options: DirectLineStoreOptions;
  private readonly conversations = new Map<string, Conversation>();
  private readonly tokens = new Map<string, TokenRecord>();
  private lastSweep = 0;

  constructor(options: Partial<DirectLineStoreOptions> = {}) {
    this.options = { ...DEFAULT_STORE_OPTIONS, ...options };
  }

  get size(): number {
    return this.conversations.size;
  }

  /** Creates a conversation (not yet started) and a token bound to it, as Direct Line's tokens/generate does. */
  generate(): TokenGrant & { userId: string } {
    this.sweepIfDue();
    if (this.conversations.size >= this.options.maxConversations) {
      this.sweep();
      if (this.conversations.size >= this.options.maxConversations) throw new StoreFullError();
    }
    const conversation: Conversation = {
      id: newId(16),
      userId: `dl_${newId(12)}`,
      started: false,
      lastUsed: this.options.now(),
      nextSeq: 0,
      bytes: 0,
      queue: [],
    };
    this.conversations.set(conversation.id, conversation);
    return { ...this.issueToken(conversation.id), userId: conversation.userId };
  }

  /** Marks the conversation started; true only the first time, so the greeting is sent once. */
  start(conversationId: string): boolean {
    const c = this.live(conversationId);
    if (!c || c.started) return false;
    c.started = true;
    c.lastUsed = this.options.now();
    return true;
  }

  /** Checks a bearer token; when a conversation id is given the token must be bound to it. */
  authorize(token: string | undefined, conversationId?: string): AuthResult {
    if (!token) return { ok: false, reason: 'missing' };
    const record = this.tokens.get(tokenKey(token));
    if (!record) return { ok: false, reason: 'unknown' };
    const now = this.options.now();
    const conversation = this.live(record.conversationId);
    if (record.expiresAt <= now || !conversation) {
      this.tokens.delete(tokenKey(token));
      return { ok: false, reason: 'expired' };
    }
    if (conversationId !== undefined && conversationId !== record.conversationId) return { ok: false, reason: 'forbidden' };
    return { ok: true, conversationId: conversation.id, userId: conversation.userId };
  }

  /** Issues a fresh token for the same conversation; the old one stops working shortly after. */
  refresh(token: string | undefined): TokenGrant | undefined {
    const auth = this.authorize(token);
    if (!auth.ok) return undefined;
    const old = this.tokens.get(tokenKey(token!))!;
    old.expiresAt = Math.min(old.expiresAt, this.options.now() + REFRESH_GRACE_MS);
    return this.issueToken(auth.conversationId);
  }

  has(conversationId: string): boolean {
    return this.live(conversationId) !== undefined;
  }

  userIdOf(conversationId: string): string | undefined {
    return this.live(conversationId)?.userId;
  }

  /**
   * Adds an activity to the conversation's queue and gives it the next id (conversationId|0000007).
   * Returns undefined when the conversation does not exist or has expired.
   */
  append(conversationId: string, activity: Omit<QueuedActivity, 'id'>): QueuedActivity | undefined {
    const c = this.live(conversationId);
    if (!c) return undefined;
    const seq = c.nextSeq++;
    const stored: QueuedActivity = { ...activity, id: `${c.id}|${String(seq).padStart(7, '0')}` };
    const size = Buffer.byteLength(JSON.stringify(stored));
    c.queue.push({ seq, size, activity: stored });
    c.bytes += size;
    this.trim(c);
    c.lastUsed = this.options.now();
    return stored;
  }

  /** Drops the oldest activities beyond the count and byte caps (the newest is always kept). */
  private trim(c: Conversation): void {
    while (c.queue.length > 1 && (c.queue.length > this.options.maxActivities || c.bytes > this.options.maxQueueBytes)) {
      c.bytes -= c.queue.shift()!.size;
    }
  }

  /** True when the activity is still in the conversation's queue. */
  contains(conversationId: string, activityId: string): boolean {
    return this.live(conversationId)?.queue.some((q) => q.activity.id === activityId) ?? false;
  }

  /**
   * A bot's update to an activity it sent earlier: the new version is queued again under the same id, so
   * a client that already has the old one receives it on its next poll (Web Chat replaces by id). The old
   * version leaves the queue. False when this conversation never issued that id.
   */
  update(conversationId: string, activityId: string, activity: Omit<QueuedActivity, 'id'>): boolean {
    const c = this.live(conversationId);
    if (!c) return false;
    const m = /\|(\d{7,})$/.exec(activityId);
    if (!activityId.startsWith(`${c.id}|`) || !m || Number(m[1]) >= c.nextSeq) return false;
    const old = c.queue.findIndex((q) => q.activity.id === activityId);
    if (old >= 0) c.bytes -= c.queue.splice(old, 1)[0]!.size;
    const stored: QueuedActivity = { ...activity, id: activityId };
    const size = Buffer.byteLength(JSON.stringify(stored));
    c.queue.push({ seq: c.nextSeq++, size, activity: stored });
    c.bytes += size;
    this.trim(c);
    c.lastUsed = this.options.now();
    return true;
  }

  /**
   * Activities after the watermark, oldest first, and the watermark to send next time.
   * A missing or unreadable watermark means "from the start of what is kept".
   */
  since(conversationId: string, watermark: string | undefined): { activities: QueuedActivity[]; watermark: string } | undefined {
    const c = this.live(conversationId);
    if (!c) return undefined;
    c.lastUsed = this.options.now();
    const after = watermark !== undefined && /^\d{1,15}$/.test(watermark) ? Number(watermark) : -1;
    const activities = c.queue.filter((q) => q.seq > after).map((q) => q.activity);
    return { activities, watermark: c.nextSeq > 0 ? String(c.nextSeq - 1) : '' };
  }

  /** Forgets expired conversations and tokens. */
  sweep(): void {
    const now = this.options.now();
    this.lastSweep = now;
    for (const [id, c] of this.conversations) {
      if (now - c.lastUsed >= this.options.conversationIdleMs) this.conversations.delete(id);
    }
    for (const [key, t] of this.tokens) {
      if (t.expiresAt <= now || !this.conversations.has(t.conversationId)) this.tokens.delete(key);
    }
  }

  private sweepIfDue(): void {
    if (this.options.now() - this.lastSweep >= 60_000) this.sweep();
  }

  private live(conversationId: string): Conversation | undefined {
    const c = this.conversations.get(conversationId);
    if (!c) return undefined;
    if (this.options.now() - c.lastUsed >= this.options.conversationIdleMs) {
      this.conversations.delete(conversationId);
      return undefined;
    }
    return c;
  }

  private issueToken(conversationId: string): TokenGrant {
    const token = newId(TOKEN_BYTES);
    this.tokens.set(tokenKey(token), { conversationId, expiresAt: this.options.now() + this.options.tokenTtlMs });
    return { conversationId, token, expiresIn: Math.floor(this.options.tokenTtlMs / 1000) };
  }
}
