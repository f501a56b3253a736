// The local Direct Line's memory: conversations, the tokens bound to them, and each one's activity queue with a watermark.
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
  createdAt: number;
  lastUsed: number;
  /** hashes of the tokens bound to it, forgotten with it */
  tokens: Set<string>;
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
    super('too many started conversations');
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

/**
 * Conversations are kept in least-recently-used order (touching one moves it to the end), so the memory
 * budget takes from the longest-idle queues first. Conversations not yet started are also listed in
 * `unstarted`, oldest first: they have their own short life and cap and never take a started one's place.
 */
export class DirectLineStore {
  private readonly options: DirectLineStoreOptions;
  private readonly conversations = new Map<string, Conversation>();
  private readonly unstarted = new Set<Conversation>();
  private readonly tokens = new Map<string, TokenRecord>();
  private totalBytes = 0;
  private lastSweep = 0;

  constructor(options: Partial<DirectLineStoreOptions> = {}) {
    this.options = { ...DEFAULT_STORE_OPTIONS, ...options };
  }

  /** every conversation held, started or not */
  get size(): number {
    return this.conversations.size;
  }

  get startedCount(): number {
    return this.conversations.size - this.unstarted.size;
  }

  get unstartedCount(): number {
    return this.unstarted.size;
  }

  /** serialized bytes in all queues together */
  get queuedBytes(): number {
    return this.totalBytes;
  }

  /**
   * Creates a conversation (not yet started) and a token bound to it, as Direct Line's tokens/generate does.
   * Never refused for want of room: past the cap for unstarted conversations the oldest of them is forgotten.
   */
  generate(): TokenGrant & { userId: string } {
    this.sweepIfDue();
    while (this.unstarted.size >= this.options.maxUnstarted) {
      const oldest = this.unstarted.values().next().value;
      if (!oldest) break;
      this.forget(oldest);
    }
    const now = this.options.now();
    const conversation: Conversation = {
      id: newId(16),
      userId: `dl_${newId(12)}`,
      started: false,
      createdAt: now,
      lastUsed: now,
      tokens: new Set(),
      nextSeq: 0,
      bytes: 0,
      queue: [],
    };
    this.conversations.set(conversation.id, conversation);
    this.unstarted.add(conversation);
    return { ...this.issueToken(conversation), userId: conversation.userId };
  }

  /**
   * Marks the conversation started; true only the first time, so the greeting is sent once.
   * Throws StoreFullError when as many conversations are started as the store allows.
   */
  start(conversationId: string): boolean {
    const c = this.live(conversationId);
    if (!c || c.started) return false;
    if (this.startedCount >= this.options.maxConversations) {
      this.sweep();
      if (this.startedCount >= this.options.maxConversations) throw new StoreFullError();
    }
    c.started = true;
    this.unstarted.delete(c);
    this.touch(c);
    return true;
  }

  isStarted(conversationId: string): boolean {
    return this.live(conversationId)?.started ?? false;
  }

  /** Checks a bearer token; when a conversation id is given the token must be bound to it. */
  authorize(token: string | undefined, conversationId?: string): AuthResult {
    if (!token) return { ok: false, reason: 'missing' };
    const key = tokenKey(token);
    const record = this.tokens.get(key);
    if (!record) return { ok: false, reason: 'unknown' };
    const now = this.options.now();
    const conversation = this.live(record.conversationId);
    if (record.expiresAt <= now || !conversation) {
      this.tokens.delete(key);
      conversation?.tokens.delete(key);
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
    return this.issueToken(this.conversations.get(auth.conversationId)!);
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
    this.enqueue(c, seq, stored);
    return stored;
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
    if (old >= 0) this.dropBytes(c, c.queue.splice(old, 1)[0]!.size);
    this.enqueue(c, c.nextSeq++, { ...activity, id: activityId });
    return true;
  }

  /**
   * Activities after the watermark, oldest first, and the watermark to send next time.
   * A missing or unreadable watermark means "from the start of what is kept".
   */
  since(conversationId: string, watermark: string | undefined): { activities: QueuedActivity[]; watermark: string } | undefined {
    const c = this.live(conversationId);
    if (!c) return undefined;
    this.touch(c);
    const after = watermark !== undefined && /^\d{1,15}$/.test(watermark) ? Number(watermark) : -1;
    const activities = c.queue.filter((q) => q.seq > after).map((q) => q.activity);
    return { activities, watermark: c.nextSeq > 0 ? String(c.nextSeq - 1) : '' };
  }

  /** Forgets expired conversations and tokens. */
  sweep(): void {
    const now = this.options.now();
    this.lastSweep = now;
    for (const c of this.conversations.values()) {
      if (this.expired(c, now)) this.forget(c);
    }
    for (const [key, t] of this.tokens) {
      if (t.expiresAt <= now) {
        this.tokens.delete(key);
        this.conversations.get(t.conversationId)?.tokens.delete(key);
      }
    }
  }

  private sweepIfDue(): void {
    if (this.options.now() - this.lastSweep >= 60_000) this.sweep();
  }

  private expired(c: Conversation, now: number): boolean {
    if (!c.started && now - c.createdAt >= this.options.unstartedMs) return true;
    return now - c.lastUsed >= this.options.conversationIdleMs;
  }

  private live(conversationId: string): Conversation | undefined {
    const c = this.conversations.get(conversationId);
    if (!c) return undefined;
    if (this.expired(c, this.options.now())) {
      this.forget(c);
      return undefined;
    }
    return c;
  }

  /** Drops a conversation with its tokens and its queue's bytes. */
  private forget(c: Conversation): void {
    this.conversations.delete(c.id);
    this.unstarted.delete(c);
    for (const key of c.tokens) this.tokens.delete(key);
    this.totalBytes -= c.bytes;
  }

  /** Marks the conversation used now and moves it to the most recently used end. */
  private touch(c: Conversation): void {
    c.lastUsed = this.options.now();
    this.conversations.delete(c.id);
    this.conversations.set(c.id, c);
  }

  private enqueue(c: Conversation, seq: number, activity: QueuedActivity): void {
    const size = Buffer.byteLength(JSON.stringify(activity));
    c.queue.push({ seq, size, activity });
    c.bytes += size;
    this.totalBytes += size;
    this.trim(c);
    this.touch(c);
    this.keepWithinBudget(c);
  }

  private dropBytes(c: Conversation, size: number): void {
    c.bytes -= size;
    this.totalBytes -= size;
  }

  /** Drops the oldest activities beyond the count and byte caps (the newest is always kept). */
  private trim(c: Conversation): void {
    while (c.queue.length > 1 && (c.queue.length > this.options.maxActivities || c.bytes > this.options.maxQueueBytes)) {
      this.dropBytes(c, c.queue.shift()!.size);
    }
  }

  /**
   * Over the memory budget, the least recently used conversations lose their oldest activities first (a
   * client that polls has already had them); the one just written to goes last and keeps its newest.
   */
  private keepWithinBudget(current: Conversation): void {
    if (this.totalBytes <= this.options.maxTotalBytes) return;
    for (const c of this.conversations.values()) {
      if (c === current) continue;
      while (c.queue.length && this.totalBytes > this.options.maxTotalBytes) this.dropBytes(c, c.queue.shift()!.size);
      if (this.totalBytes <= this.options.maxTotalBytes) return;
    }
    while (current.queue.length > 1 && this.totalBytes > this.options.maxTotalBytes) this.dropBytes(current, current.queue.shift()!.size);
  }

  private issueToken(c: Conversation): TokenGrant {
    const token = newId(TOKEN_BYTES);
    const key = tokenKey(token);
    this.tokens.set(key, { conversationId: c.id, expiresAt: this.options.now() + this.options.tokenTtlMs });
    c.tokens.add(key);
    return { conversationId: c.id, token, expiresIn: Math.floor(this.options.tokenTtlMs / 1000) };
  }
}
