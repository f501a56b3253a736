// The local Direct Line's state in this process's memory: the files-mode (one instance) home of DirectLineStore.
import { ActivityWaiters } from './activityWaiters.js';
import {
  DEFAULT_STORE_OPTIONS,
  REFRESH_GRACE_MS,
  SWEEP_EVERY_MS,
  StoreFullError,
  activityId,
  afterWatermark,
  newId,
  newToken,
  newUserId,
  seqOf,
  sizeOf,
  tokenKey,
  watermarkAt,
  type ActivityPage,
  type AuthResult,
  type DirectLineStats,
  type DirectLineStore,
  type DirectLineStoreOptions,
  type LongPoll,
  type QueuedActivity,
  type TokenGrant,
} from './directLineStore.js';

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

/**
 * Conversations are kept in least-recently-used order (touching one moves it to the end), so the memory
 * budget takes from the longest-idle queues first. Conversations not yet started are also listed in
 * `unstarted`, oldest first: they have their own short life and cap and never take a started one's place.
 * Every method does its work synchronously; the promises are the interface's, shared with PostgreSQL.
 */
export class MemoryDirectLineStore implements DirectLineStore {
  private readonly options: DirectLineStoreOptions;
  private readonly conversations = new Map<string, Conversation>();
  private readonly unstarted = new Set<Conversation>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly waiters = new ActivityWaiters();
  private totalBytes = 0;
  private lastSweep = 0;

  constructor(options: Partial<DirectLineStoreOptions> = {}) {
    this.options = { ...DEFAULT_STORE_OPTIONS, ...options };
  }

  async stats(): Promise<DirectLineStats> {
    return { started: this.conversations.size - this.unstarted.size, unstarted: this.unstarted.size, queuedBytes: this.totalBytes };
  }

  async generate(): Promise<TokenGrant & { userId: string }> {
    this.sweepIfDue();
    while (this.unstarted.size >= this.options.maxUnstarted) {
      const oldest = this.unstarted.values().next().value;
      if (!oldest) break;
      this.forget(oldest);
    }
    const now = this.options.now();
    const conversation: Conversation = {
      id: newId(16),
      userId: newUserId(),
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

  async start(conversationId: string): Promise<boolean> {
    const c = this.live(conversationId);
    if (!c || c.started) return false;
    if (this.conversations.size - this.unstarted.size >= this.options.maxConversations) {
      this.sweepNow();
      if (this.conversations.size - this.unstarted.size >= this.options.maxConversations) throw new StoreFullError();
    }
    c.started = true;
    this.unstarted.delete(c);
    this.touch(c);
    return true;
  }

  async isStarted(conversationId: string): Promise<boolean> {
    return this.live(conversationId)?.started ?? false;
  }

  async authorize(token: string | undefined, conversationId?: string): Promise<AuthResult> {
    return this.check(token, conversationId);
  }

  async refresh(token: string | undefined): Promise<TokenGrant | undefined> {
    const auth = this.check(token);
    if (!auth.ok) return undefined;
    const old = this.tokens.get(tokenKey(token!))!;
    old.expiresAt = Math.min(old.expiresAt, this.options.now() + REFRESH_GRACE_MS);
    return this.issueToken(this.conversations.get(auth.conversationId)!);
  }

  async has(conversationId: string): Promise<boolean> {
    return this.live(conversationId) !== undefined;
  }

  async append(conversationId: string, activity: Omit<QueuedActivity, 'id'>): Promise<QueuedActivity | undefined> {
    const c = this.live(conversationId);
    if (!c) return undefined;
    const seq = c.nextSeq++;
    const stored: QueuedActivity = { ...activity, id: activityId(c.id, seq) };
    this.enqueue(c, seq, stored);
    return stored;
  }

  async contains(conversationId: string, id: string): Promise<boolean> {
    return this.live(conversationId)?.queue.some((q) => q.activity.id === id) ?? false;
  }

  async update(conversationId: string, id: string, activity: Omit<QueuedActivity, 'id'>): Promise<boolean> {
    const c = this.live(conversationId);
    if (!c) return false;
    const seq = seqOf(c.id, id);
    if (seq === undefined || seq >= c.nextSeq) return false;
    const old = c.queue.findIndex((q) => q.activity.id === id);
    if (old >= 0) this.dropBytes(c, c.queue.splice(old, 1)[0]!.size);
    this.enqueue(c, c.nextSeq++, { ...activity, id });
    return true;
  }

  async since(conversationId: string, watermark: string | undefined, wait?: LongPoll): Promise<ActivityPage | undefined> {
    const page = this.page(conversationId, watermark);
    if (!page || page.activities.length || !wait || wait.ms <= 0) return page;
    await this.waiters.wait(conversationId, wait.ms, wait.signal).woken;
    return this.page(conversationId, watermark);
  }

  async sweep(): Promise<void> {
    this.sweepNow();
  }

  async close(): Promise<void> {
    this.waiters.close();
  }

  private page(conversationId: string, watermark: string | undefined): ActivityPage | undefined {
    const c = this.live(conversationId);
    if (!c) return undefined;
    this.touch(c);
    const after = afterWatermark(watermark);
    const activities = c.queue.filter((q) => q.seq > after).map((q) => q.activity);
    return { activities, watermark: watermarkAt(c.nextSeq) };
  }

  private check(token: string | undefined, conversationId?: string): AuthResult {
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

  private sweepNow(): void {
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
    if (this.options.now() - this.lastSweep >= SWEEP_EVERY_MS) this.sweepNow();
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
    const size = sizeOf(activity);
    c.queue.push({ seq, size, activity });
    c.bytes += size;
    this.totalBytes += size;
    this.trim(c);
    this.touch(c);
    this.keepWithinBudget(c);
    this.waiters.wake(c.id);
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
    const token = newToken();
    const key = tokenKey(token);
    this.tokens.set(key, { conversationId: c.id, expiresAt: this.options.now() + this.options.tokenTtlMs });
    c.tokens.add(key);
    return { conversationId: c.id, token, expiresIn: Math.floor(this.options.tokenTtlMs / 1000) };
  }
}
