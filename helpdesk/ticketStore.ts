// Keeps tickets and their outbox on disk with lowdb, in small shard files, so filing costs the same at 1,000 or 100,000 tickets.
import fs from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { syncDir } from '../lib/atomicWrite.js';
import { deferred } from '../lib/deferred.js';
import { PRIVATE_FILE, makePrivateDir, tightenTree } from '../lib/privateFiles.js';
import { DurableJSONFile } from './durableFile.js';
import { KeyedQueue } from '../lib/keyedQueue.js';
import {
  formatRef,
  parseRef,
  requesterKey,
  resolvedAt,
  MAX_DELIVERY_FAILURES,
  type ChannelCardRef,
  type DeliveryFailure,
  type Requester,
  type StoredTicket,
  type TicketFields,
  type TicketStatus,
  type TicketType,
} from './model.js';
import { eventId, type ClaimRequest, type OutboxEvent, type OutboxEventDraft, type OutboxStore } from './outbox.js';

export interface NewTicket {
  type: TicketType;
  fields: TicketFields;
  summary: string;
  requester: Requester;
  /** the same key filed twice (a retried activity, a double click) gives back the first ticket */
  idempotencyKey?: string;
  /** who filed it, for the first history entry */
  by: string;
  /** a note for the helpdesk on the first history entry (what the requester asked the bot before) */
  note?: string;
  /** the conversation it is filed from (the per-conversation filing limit counts it) */
  conversationId?: string;
}

/** Whose recent filings to count. */
export interface FilingWho {
  channelId: string;
  userId: string;
  conversationId?: string;
}

/** When recent filings were made (epoch ms, oldest first), by the requester and from the conversation. */
export interface RecentFilings {
  byRequester: number[];
  byConversation: number[];
}

/** What a filing may read and write while it holds its requester's turn (see TicketStore.exclusive). */
export interface FilingScope {
  create(draft: NewTicket, events: readonly OutboxEventDraft[]): Promise<{ ticket: StoredTicket; created: boolean }>;
  findByIdempotencyKey(key: string): Promise<StoredTicket | undefined>;
  listByRequester(channelId: string, userId: string): Promise<StoredTicket[]>;
  /** tickets filed by this requester, and from this conversation, since `since` */
  recentFilings(who: FilingWho, since: Date): Promise<RecentFilings>;
}

export interface TicketQuery {
  status?: TicketStatus;
  type?: TicketType;
  /** 1 to 200, default 50 */
  limit?: number;
  /** the nextCursor of the previous page */
  cursor?: string;
}

export interface TicketPage {
  tickets: StoredTicket[];
  nextCursor?: string;
}

/**
 * Changes a copy of the ticket in place and returns the events the change announces, or false
 * when there is nothing to change (nothing is written then).
 */
export type TicketMutation = (ticket: StoredTicket) => readonly OutboxEventDraft[] | false;

/** A filing as first stored: version 1, status new, one history entry. */
export function newTicket(seq: number, draft: NewTicket, at: string): StoredTicket {
  return {
    ref: formatRef(seq),
    seq,
    version: 1,
    type: draft.type,
    status: 'new',
    createdAt: at,
    updatedAt: at,
    summary: draft.summary,
    fields: structuredClone(draft.fields),
    history: [{ at, status: 'new', by: draft.by, ...(draft.note ? { note: draft.note } : {}) }],
    requester: structuredClone(draft.requester),
    ...(draft.idempotencyKey !== undefined ? { idempotencyKey: draft.idempotencyKey } : {}),
    ...(draft.conversationId !== undefined ? { conversationId: draft.conversationId } : {}),
  };
}

export class CursorError extends Error {
  constructor() {
    super('cursor is not one this API returned');
    this.name = 'CursorError';
  }
}

export class StoreClosedError extends Error {
  constructor() {
    super('ticket store is closed');
    this.name = 'StoreClosedError';
  }
}

/** Where tickets live. Every method that resolves has made its change durable first. */
export interface TicketStore extends OutboxStore, FilingScope {
  /**
   * Runs `work` while no other work under `key` runs, in this process or in any other sharing the
   * store, so a check-then-file (duplicate, limit) cannot race another instance. What `work` does
   * through `scope` is one unit: filed together or not at all.
   */
  exclusive<T>(key: string, work: (scope: FilingScope) => Promise<T>): Promise<T>;
  create(draft: NewTicket, events: readonly OutboxEventDraft[]): Promise<{ ticket: StoredTicket; created: boolean }>;
  get(ref: string): Promise<StoredTicket | undefined>;
  /** the ticket filed under this idempotency key, if any */
  findByIdempotencyKey(key: string): Promise<StoredTicket | undefined>;
  list(query: TicketQuery): Promise<TicketPage>;
  /** a requester's tickets, newest first */
  listByRequester(channelId: string, userId: string): Promise<StoredTicket[]>;
  update(ref: string, mutate: TicketMutation): Promise<StoredTicket | undefined>;
  /** removes tickets resolved before `before`, with any events still pending for them; returns how many */
  purgeResolved(before: Date): Promise<number>;
  count(): Promise<number>;
  close(): Promise<void>;
}

interface ShardData {
  version: 1;
  shard: number;
  /** tickets per shard in this store: fixed when the store is first written */
  size: number;
  /** the highest sequence number ever given out in this shard (survives purges) */
  lastSeq: number;
  tickets: Record<string, StoredTicket>;
  outbox: OutboxEvent[];
}

interface Batch {
  undos: (() => void)[];
  promise: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

interface Shard {
  db: Low<ShardData>;
  /** operations holding the shard (it is not evicted while any do) */
  busy: number;
  /** changes made since the write under way started; they are written together next */
  batch?: Batch;
  writing: boolean;
}

function newBatch(): Batch {
  return { undos: [], ...deferred() };
}

interface IndexEntry {
  type: TicketType;
  status: TicketStatus;
  requester: string;
  createdAt: number;
  conversation?: string;
  resolvedAt?: number;
}

export interface LowTicketStoreOptions {
  /** tickets per shard file for a new store (an existing one keeps its own); bounds a filing's cost */
  shardSize?: number;
  /** shard files kept in memory */
  cacheShards?: number;
  /** flush each write to disk before it counts as done (default true) */
  fsync?: boolean;
  now?: () => Date;
}

const SHARD_FILE = /^shard-(\d{6,})\.json$/;
const shardName = (n: number) => `shard-${String(n).padStart(6, '0')}.json`;
const emptyShard = (n: number, size: number): ShardData => ({ version: 1, shard: n, size, lastSeq: 0, tickets: {}, outbox: [] });
const clone = <T>(v: T): T => structuredClone(v);

function addTo(map: Map<string, Set<number>>, key: string, seq: number): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(seq);
}

function removeFrom(map: Map<string, Set<number>>, key: string, seq: number): void {
  const set = map.get(key);
  set?.delete(seq);
  if (set && !set.size) map.delete(key);
}

/**
 * The lowdb TicketStore. lowdb rewrites a whole file on every write, so tickets are split by
 * sequence number into shard files of `shardSize`: a filing rewrites only the newest shard.
 * Outbox events are kept in the same shard as their ticket, so a ticket and the events announcing
 * it are written together or not at all. References come from a counter in memory, rebuilt at open
 * from the shards' `lastSeq`; one process owns the folder (lowdb has one writer per file).
 */
export class LowTicketStore implements TicketStore {
  private readonly index = new Map<number, IndexEntry>();
  private readonly byKey = new Map<string, number>();
  private readonly byRequester = new Map<string, Set<number>>();
  private readonly byConversation = new Map<string, Set<number>>();
  private readonly turns = new KeyedQueue();
  private readonly pending = new Map<string, OutboxEvent>();
  /** event id -> when its claim runs out (claims are not written: a restarted process starts with none) */
  private readonly claims = new Map<string, number>();
  private readonly shards = new Map<number, Shard>();
  private readonly loading = new Map<number, Promise<void>>();
  private readonly inflightKeys = new Map<string, Promise<StoredTicket>>();
  private readonly writes = new Set<Promise<unknown>>();
  private readonly listeners: (() => void)[] = [];
  private shardSize: number;
  private readonly cacheShards: number;
  private readonly now: () => Date;
  private lastSeq = 0;
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly options: LowTicketStoreOptions,
  ) {
    this.shardSize = options.shardSize ?? 100;
    this.cacheShards = options.cacheShards ?? 32;
    this.now = options.now ?? (() => new Date());
  }

  /** The highest sequence number ever given out (purged tickets included), so a copy of the store can carry on after it. */
  get lastSequence(): number {
    return this.lastSeq;
  }

  /** Opens (creating if need be) the store in `dir`, reading every shard to rebuild the indexes. */
  static async open(dir: string, options: LowTicketStoreOptions = {}): Promise<LowTicketStore> {
    const store = new LowTicketStore(dir, options);
    await makePrivateDir(dir);
    await tightenTree(dir);
    await store.rebuild();
    return store;
  }

  /**
   * Writes `count` tickets straight into an empty store folder, a shard at a time (for benchmarks
   * and tests that need a large store quickly). `make` receives each sequence number.
   */
  static async bulkImport(dir: string, count: number, make: (seq: number) => StoredTicket, shardSize = 100): Promise<void> {
    await makePrivateDir(dir);
    if ((await fs.readdir(dir)).some((f) => SHARD_FILE.test(f))) throw new Error(`bulkImport: ${dir} already holds tickets`);
    let shard: ShardData | undefined;
    const flush = async () => {
      if (shard) await fs.writeFile(path.join(dir, shardName(shard.shard)), JSON.stringify(shard), { mode: PRIVATE_FILE });
    };
    for (let seq = 1; seq <= count; seq++) {
      const n = Math.floor(seq / shardSize);
      if (!shard || shard.shard !== n) {
        await flush();
        shard = emptyShard(n, shardSize);
      }
      const t = make(seq);
      shard.tickets[t.ref] = t;
      shard.lastSeq = seq;
    }
    await flush();
  }

  // ---- tickets -------------------------------------------------------------------------------

  async create(draft: NewTicket, events: readonly OutboxEventDraft[]): Promise<{ ticket: StoredTicket; created: boolean }> {
    this.assertOpen();
    const key = draft.idempotencyKey;
    if (key !== undefined) {
      const inflight = this.inflightKeys.get(key);
      if (inflight) return { ticket: clone(await inflight), created: false };
      const seq = this.byKey.get(key);
      const existing = seq === undefined ? undefined : await this.get(formatRef(seq));
      if (existing) return { ticket: existing, created: false };
    }
    const filing = this.insert(draft, events);
    if (key !== undefined) {
      this.inflightKeys.set(key, filing);
      void filing.then(
        () => this.inflightKeys.delete(key),
        () => this.inflightKeys.delete(key),
      );
    }
    return { ticket: clone(await filing), created: true };
  }

  private async insert(draft: NewTicket, drafts: readonly OutboxEventDraft[]): Promise<StoredTicket> {
    const seq = ++this.lastSeq;
    const ref = formatRef(seq);
    const at = this.now().toISOString();
    const ticket = newTicket(seq, draft, at);
    const events = drafts.map((d) => this.makeEvent(ticket, d, at));
    await this.withShard(this.shardOf(seq), (data) => {
      data.tickets[ref] = ticket;
      data.outbox.push(...events);
      data.lastSeq = Math.max(data.lastSeq, seq);
      return () => {
        if (data.tickets[ref] === ticket) delete data.tickets[ref];
        data.outbox = data.outbox.filter((e) => !events.includes(e));
      };
    });
    this.indexTicket(ticket);
    this.enqueued(events);
    return ticket;
  }

  async get(ref: string): Promise<StoredTicket | undefined> {
    const seq = parseRef(ref);
    if (seq === undefined || !/^NHSM-\d{1,9}$/i.test(ref) || !this.index.has(seq)) return undefined;
    return this.read(this.shardOf(seq), (data) => data.tickets[formatRef(seq)]);
  }

  async findByIdempotencyKey(key: string): Promise<StoredTicket | undefined> {
    const inflight = this.inflightKeys.get(key);
    if (inflight) return clone(await inflight);
    const seq = this.byKey.get(key);
    return seq === undefined ? undefined : this.get(formatRef(seq));
  }

  /** One process owns the folder, so taking turns in memory is enough. */
  exclusive<T>(key: string, work: (scope: FilingScope) => Promise<T>): Promise<T> {
    return this.turns.run(key, () => work(this));
  }

  async recentFilings(who: FilingWho, since: Date): Promise<RecentFilings> {
    const after = (seqs: Set<number> | undefined) =>
      [...(seqs ?? [])]
        .map((s) => this.index.get(s)?.createdAt ?? -Infinity)
        .filter((t) => t >= since.getTime())
        .sort((a, b) => a - b);
    return {
      byRequester: after(this.byRequester.get(requesterKey(who.channelId, who.userId))),
      byConversation: who.conversationId === undefined ? [] : after(this.byConversation.get(requesterKey(who.channelId, who.conversationId))),
    };
  }

  async list(query: TicketQuery): Promise<TicketPage> {
    const limit = Math.min(200, Math.max(1, Math.floor(query.limit ?? 50)));
    let from = 1;
    if (query.cursor !== undefined) {
      const seq = parseRef(query.cursor);
      if (seq === undefined || formatRef(seq) !== query.cursor) throw new CursorError();
      from = seq + 1;
    }
    const seqs: number[] = [];
    let more = false;
    for (let s = from; s <= this.lastSeq; s++) {
      const e = this.index.get(s);
      if (!e || (query.status && e.status !== query.status) || (query.type && e.type !== query.type)) continue;
      if (seqs.length === limit) {
        more = true;
        break;
      }
      seqs.push(s);
    }
    const tickets = await this.readMany(seqs);
    const last = seqs[seqs.length - 1];
    return { tickets, ...(more && last !== undefined ? { nextCursor: formatRef(last) } : {}) };
  }

  async listByRequester(channelId: string, userId: string): Promise<StoredTicket[]> {
    const seqs = [...(this.byRequester.get(requesterKey(channelId, userId)) ?? [])].sort((a, b) => b - a);
    return this.readMany(seqs);
  }

  async update(ref: string, mutate: TicketMutation): Promise<StoredTicket | undefined> {
    this.assertOpen();
    const seq = parseRef(ref);
    if (seq === undefined || !this.index.has(seq)) return undefined;
    const key = formatRef(seq);
    let result: StoredTicket | undefined;
    let events: OutboxEvent[] = [];
    await this.withShard(this.shardOf(seq), (data) => {
      const current = data.tickets[key];
      if (!current) return undefined;
      const next = clone(current);
      const drafts = mutate(next);
      if (drafts === false) {
        result = current;
        return undefined;
      }
      next.ref = current.ref;
      next.seq = current.seq;
      next.version = current.version + 1;
      next.requester = current.requester;
      events = drafts.map((d) => this.makeEvent(next, d, this.now().toISOString()));
      data.tickets[key] = next;
      data.outbox.push(...events);
      result = next;
      return () => {
        if (data.tickets[key] === next) data.tickets[key] = current;
        data.outbox = data.outbox.filter((e) => !events.includes(e));
      };
    });
    if (!result) return undefined;
    this.indexTicket(result);
    this.enqueued(events);
    return clone(result);
  }

  async purgeResolved(before: Date): Promise<number> {
    this.assertOpen();
    const cutoff = before.getTime();
    const byShard = new Map<number, number[]>();
    for (const [seq, e] of this.index) {
      if (e.status === 'resolved' && e.resolvedAt !== undefined && e.resolvedAt < cutoff) {
        const n = this.shardOf(seq);
        byShard.set(n, [...(byShard.get(n) ?? []), seq]);
      }
    }
    let purged = 0;
    for (const [n, seqs] of byShard) {
      const gone: StoredTicket[] = [];
      await this.withShard(n, (data) => {
        for (const seq of seqs) {
          const t = data.tickets[formatRef(seq)];
          // re-checked here: the ticket may have been reopened since the index was read
          const at = t && resolvedAt(t);
          if (!t || !at || Date.parse(at) >= cutoff) continue;
          gone.push(t);
          delete data.tickets[t.ref];
        }
        if (!gone.length) return undefined;
        const refs = new Set(gone.map((t) => t.ref));
        const dropped = data.outbox.filter((e) => refs.has(e.ref));
        data.outbox = data.outbox.filter((e) => !refs.has(e.ref));
        return () => {
          for (const t of gone) data.tickets[t.ref] ??= t;
          data.outbox.push(...dropped);
        };
      });
      for (const t of gone) this.unindexTicket(t);
      purged += gone.length;
    }
    return purged;
  }

  async count(): Promise<number> {
    return this.index.size;
  }

  // ---- outbox --------------------------------------------------------------------------------

  async pendingEvents(): Promise<OutboxEvent[]> {
    return [...this.pending.values()].map((e) => ({ ...e }));
  }

  async pendingCount(): Promise<number> {
    return this.pending.size;
  }

  async hasNewerEvent(event: OutboxEvent): Promise<boolean> {
    for (const e of this.pending.values()) if (e.ref === event.ref && e.channel === event.channel && e.version > event.version) return true;
    return false;
  }

  async claim(request: ClaimRequest): Promise<OutboxEvent[]> {
    const out: OutboxEvent[] = [];
    const lanes = new Set<string>();
    for (const e of this.pending.values()) {
      if (out.length >= request.limit) break;
      if (e.channel !== request.channel) continue;
      if (lanes.has(e.ref)) continue;
      lanes.add(e.ref);
      if ((this.claims.get(e.id) ?? 0) > request.now) continue;
      const forced = request.force?.has(e.id) ?? false;
      if (!forced && (request.forcedOnly || e.nextAttemptAt > request.now)) continue;
      this.claims.set(e.id, request.now + request.leaseMs);
      out.push({ ...e });
    }
    return out;
  }

  async nextDue(channels: readonly string[], exclude: ReadonlySet<string>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const lanes = new Set<string>();
    for (const e of this.pending.values()) {
      const lane = `${e.ref}\u0000${e.channel}`;
      if (lanes.has(lane)) continue;
      lanes.add(lane);
      if (!channels.includes(e.channel) || exclude.has(e.id)) continue;
      const at = Math.max(e.nextAttemptAt, this.claims.get(e.id) ?? 0);
      out.set(e.channel, Math.min(at, out.get(e.channel) ?? Infinity));
    }
    return out;
  }

  onEnqueue(listener: () => void): void {
    this.listeners.push(listener);
  }

  async markDelivered(event: OutboxEvent, channelCard?: ChannelCardRef): Promise<void> {
    await this.settle(
      event,
      channelCard &&
        ((ticket) => {
          const card = ticket.channelCard;
          ticket.channelCard = channelCard;
          return () => {
            if (card) ticket.channelCard = card;
            else delete ticket.channelCard;
          };
        }),
    );
  }

  async markGivenUp(event: OutboxEvent, failure: DeliveryFailure): Promise<void> {
    await this.settle(event, (ticket) => {
      const before = ticket.deliveryFailures;
      ticket.deliveryFailures = [...(before ?? []), { ...failure }].slice(-MAX_DELIVERY_FAILURES);
      return () => {
        if (before) ticket.deliveryFailures = before;
        else delete ticket.deliveryFailures;
      };
    });
  }

  /**
   * Takes an event out of its shard's outbox and applies `change` (which returns its undo) to the event's ticket in
   * the same write; both are undone if the write fails. The event is no longer pending either way.
   */
  private async settle(event: OutboxEvent, change?: (ticket: StoredTicket) => () => void): Promise<void> {
    if (this.closed) return;
    const seq = parseRef(event.ref);
    if (seq !== undefined && this.index.has(seq)) {
      await this.withShard(this.shardOf(seq), (data) => {
        const i = data.outbox.findIndex((e) => e.id === event.id);
        const ticket = data.tickets[event.ref];
        if (i < 0 && !(change && ticket)) return undefined;
        const removed = i >= 0 ? data.outbox.splice(i, 1)[0] : undefined;
        const undo = change && ticket ? change(ticket) : undefined;
        return () => {
          if (removed) data.outbox.splice(i, 0, removed);
          undo?.();
        };
      });
    }
    this.forget(event.id);
  }

  async markFailed(event: OutboxEvent, nextAttemptAt: number, error: string): Promise<void> {
    if (this.closed) return;
    const seq = parseRef(event.ref);
    const live = this.pending.get(event.id);
    if (seq === undefined || !live) return;
    const lastError = error.slice(0, 200);
    await this.withShard(this.shardOf(seq), (data) => {
      const stored = data.outbox.find((e) => e.id === event.id);
      if (!stored) return undefined;
      const before = { ...stored };
      stored.attempts++;
      stored.nextAttemptAt = nextAttemptAt;
      stored.lastError = lastError;
      return () => Object.assign(stored, before);
    });
    live.attempts++;
    live.nextAttemptAt = nextAttemptAt;
    live.lastError = lastError;
    this.claims.delete(event.id);
  }

  /** Waits for writes under way, then refuses further changes. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.writes.size) await Promise.allSettled([...this.writes]);
    this.shards.clear();
  }

  // ---- internals -----------------------------------------------------------------------------

  private shardOf(seq: number): number {
    return Math.floor(seq / this.shardSize);
  }

  private fileOf(n: number): string {
    return path.join(this.dir, shardName(n));
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  private makeEvent(t: StoredTicket, d: OutboxEventDraft, at: string): OutboxEvent {
    return {
      id: eventId(t.ref, t.version, d.channel),
      ref: t.ref,
      channel: d.channel,
      type: d.type,
      version: t.version,
      createdAt: at,
      attempts: 0,
      nextAttemptAt: 0,
    };
  }

  private forget(id: string): void {
    this.pending.delete(id);
    this.claims.delete(id);
  }

  private enqueued(events: readonly OutboxEvent[]): void {
    if (!events.length) return;
    for (const e of events) this.pending.set(e.id, { ...e });
    for (const l of this.listeners) queueMicrotask(l);
  }

  private indexTicket(t: StoredTicket): void {
    const requester = requesterKey(t.requester.channelId, t.requester.userId);
    const at = resolvedAt(t);
    const conversation = t.conversationId === undefined ? undefined : requesterKey(t.requester.channelId, t.conversationId);
    this.index.set(t.seq, {
      type: t.type,
      status: t.status,
      requester,
      createdAt: Date.parse(t.createdAt),
      ...(conversation !== undefined ? { conversation } : {}),
      ...(at ? { resolvedAt: Date.parse(at) } : {}),
    });
    if (t.idempotencyKey !== undefined) this.byKey.set(t.idempotencyKey, t.seq);
    addTo(this.byRequester, requester, t.seq);
    if (conversation !== undefined) addTo(this.byConversation, conversation, t.seq);
  }

  private unindexTicket(t: StoredTicket): void {
    this.index.delete(t.seq);
    if (t.idempotencyKey !== undefined && this.byKey.get(t.idempotencyKey) === t.seq) this.byKey.delete(t.idempotencyKey);
    removeFrom(this.byRequester, requesterKey(t.requester.channelId, t.requester.userId), t.seq);
    if (t.conversationId !== undefined) removeFrom(this.byConversation, requesterKey(t.requester.channelId, t.conversationId), t.seq);
    for (const [id, e] of this.pending) if (e.ref === t.ref) this.forget(id);
  }

  /** Reads every shard file once, at open, to rebuild the counter and the indexes. */
  private async rebuild(): Promise<void> {
    const files = (await fs.readdir(this.dir)).filter((f) => SHARD_FILE.test(f)).sort();
    const events: OutboxEvent[] = [];
    const BATCH = 16;
    for (let i = 0; i < files.length; i += BATCH) {
      const datas = await Promise.all(
        files.slice(i, i + BATCH).map(async (f) => {
          const data = await new DurableJSONFile<ShardData>(path.join(this.dir, f)).read().catch((e: unknown) => {
            throw new Error(`ticket store: cannot read ${path.join(this.dir, f)}: ${e instanceof Error ? e.message : String(e)}`);
          });
          if (!data || typeof data.tickets !== 'object' || !Array.isArray(data.outbox) || !(data.size > 0)) {
            throw new Error(`ticket store: ${path.join(this.dir, f)} is not a ticket shard`);
          }
          return data;
        }),
      );
      for (const [j, data] of datas.entries()) {
        if (i + j === 0) this.shardSize = data.size;
        else if (data.size !== this.shardSize) throw new Error(`ticket store: ${files[i + j]} has shard size ${data.size}, not ${this.shardSize}`);
        this.lastSeq = Math.max(this.lastSeq, data.lastSeq);
        for (const t of Object.values(data.tickets)) {
          this.lastSeq = Math.max(this.lastSeq, t.seq);
          this.indexTicket(t);
        }
        events.push(...data.outbox);
      }
    }
    events.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (parseRef(a.ref) ?? 0) - (parseRef(b.ref) ?? 0) || a.version - b.version);
    for (const e of events) this.pending.set(e.id, { ...e });
    await syncDir(this.dir);
  }

  private async acquire(n: number): Promise<Shard> {
    for (;;) {
      const shard = this.shards.get(n);
      if (shard) {
        shard.busy++;
        this.shards.delete(n);
        this.shards.set(n, shard);
        return shard;
      }
      let loading = this.loading.get(n);
      if (!loading) {
        loading = (async () => {
          const db = new Low<ShardData>(new DurableJSONFile(this.fileOf(n), { fsync: this.options.fsync ?? true }), emptyShard(n, this.shardSize));
          await db.read();
          this.shards.set(n, { db, busy: 0, writing: false });
        })().finally(() => this.loading.delete(n));
        this.loading.set(n, loading);
      }
      await loading;
    }
  }

  private release(n: number, shard: Shard): void {
    shard.busy--;
    if (this.shards.size <= this.cacheShards) return;
    for (const [k, s] of this.shards) {
      if (this.shards.size <= this.cacheShards) break;
      if (s.busy === 0 && k !== n) this.shards.delete(k);
    }
  }

  private async read<T>(n: number, pick: (data: ShardData) => T | undefined): Promise<T | undefined> {
    const shard = await this.acquire(n);
    try {
      const v = pick(shard.db.data);
      return v === undefined ? undefined : clone(v);
    } finally {
      this.release(n, shard);
    }
  }

  private async readMany(seqs: readonly number[]): Promise<StoredTicket[]> {
    const out: StoredTicket[] = [];
    for (const seq of seqs) {
      const t = await this.read(this.shardOf(seq), (d) => d.tickets[formatRef(seq)]);
      if (t) out.push(t);
    }
    return out;
  }

  /**
   * Applies a synchronous change to one shard and waits until it is on disk. `change` returns how
   * to undo itself, or undefined when it changed nothing and no write is needed.
   */
  private async withShard(n: number, change: (data: ShardData) => (() => void) | undefined): Promise<void> {
    const shard = await this.acquire(n);
    try {
      const undo = change(shard.db.data);
      if (!undo) return;
      let batch = shard.batch;
      if (!batch) batch = shard.batch = newBatch();
      batch.undos.push(undo);
      if (!shard.writing) void this.flush(shard);
      await batch.promise;
    } finally {
      this.release(n, shard);
    }
  }

  /**
   * Group commit: one write at a time per shard, each carrying every change made while the one
   * before it was under way. If a write fails, its changes are undone (newest first) and every
   * caller in it gets the error, so nobody is shown a reference that is not on disk.
   */
  private async flush(shard: Shard): Promise<void> {
    shard.writing = true;
    const run = (async () => {
      while (shard.batch) {
        const batch = shard.batch;
        shard.batch = undefined;
        try {
          await shard.db.write();
          batch.resolve();
        } catch (e) {
          for (const undo of batch.undos.reverse()) undo();
          batch.reject(e);
        }
      }
    })();
    this.writes.add(run);
    try {
      await run;
    } finally {
      this.writes.delete(run);
      shard.writing = false;
    }
  }
}
