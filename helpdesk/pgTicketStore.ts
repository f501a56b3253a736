// Keeps tickets and their outbox in PostgreSQL, so several instances share one helpdesk: references from a sequence, claims with SKIP LOCKED.
import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  formatRef,
  parseRef,
  resolvedAt,
  MAX_DELIVERY_FAILURES,
  type ChannelCardRef,
  type DeliveryFailure,
  type StoredTicket,
} from './model.js';
import { eventId, type ClaimRequest, type OutboxEvent, type OutboxEventDraft } from './outbox.js';
import { KeyedQueue } from '../lib/keyedQueue.js';
import {
  CursorError,
  newTicket,
  StoreClosedError,
  type FilingScope,
  type FilingWho,
  type NewTicket,
  type RecentFilings,
  type TicketMutation,
  type TicketPage,
  type TicketQuery,
  type TicketStore,
} from './ticketStore.js';

/** A pool or one of its clients (inside a transaction). */
type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

export interface PgTicketStoreOptions {
  now?: () => Date;
}

interface TicketRow {
  data: StoredTicket;
}

interface EventRow {
  id: string;
  ticket_seq: string;
  channel: string;
  type: OutboxEvent['type'];
  version: number;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  pos: string;
}

/** What counted where: per-requester and per-conversation keys (text in PostgreSQL cannot hold the NUL of model.requesterKey). */
const whoKey = (channelId: string, id: string) => JSON.stringify([channelId, id]);
const clone = <T>(v: T): T => structuredClone(v);

function toEvent(r: EventRow): OutboxEvent {
  return {
    id: r.id,
    ref: formatRef(Number(r.ticket_seq)),
    channel: r.channel,
    type: r.type,
    version: r.version,
    createdAt: r.created_at,
    attempts: r.attempts,
    nextAttemptAt: Number(r.next_attempt_at),
    ...(r.last_error !== null ? { lastError: r.last_error } : {}),
  };
}

/** A 64-bit advisory lock id for a key (hashed here: keys may hold characters PostgreSQL text refuses). */
function lockId(key: string): string {
  return createHash('sha256').update(`nhsmail:${key}`).digest().readBigInt64BE(0).toString();
}

const SEQ = 'ticket_ref_seq';
const EARLIER_IN_LANE = 'EXISTS (SELECT 1 FROM outbox_events p WHERE p.ticket_seq = e.ticket_seq AND p.channel = e.channel AND p.pos < e.pos)';

/**
 * The PostgreSQL TicketStore. A ticket and the events announcing it are written in one transaction;
 * references come from a sequence (a filing rolled back leaves a gap, never a repeat); an idempotency
 * key is unique in the table, so a second filing with it returns the first ticket whichever instance
 * takes it. Outbox events are claimed with FOR UPDATE SKIP LOCKED and a lease. Errors are pg's own.
 */
export class PgTicketStore implements TicketStore {
  private readonly listeners: (() => void)[] = [];
  private readonly turns = new KeyedQueue();
  private readonly work = new Set<Promise<unknown>>();
  private readonly now: () => Date;
  /** who holds a claim, for an operator reading the table */
  readonly instanceId = randomUUID();
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    options: PgTicketStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  // ---- tickets -------------------------------------------------------------------------------

  create(draft: NewTicket, events: readonly OutboxEventDraft[]): Promise<{ ticket: StoredTicket; created: boolean }> {
    return this.transaction((c, enqueued) => this.createOn(c, draft, events, enqueued));
  }

  async get(ref: string): Promise<StoredTicket | undefined> {
    const seq = parseRef(ref);
    if (seq === undefined || !/^NHSM-\d{1,9}$/i.test(ref)) return undefined;
    const { rows } = await this.pool.query<TicketRow>('SELECT data FROM tickets WHERE seq = $1', [seq]);
    return rows[0]?.data;
  }

  findByIdempotencyKey(key: string): Promise<StoredTicket | undefined> {
    return this.findByKeyOn(this.pool, key);
  }

  async list(query: TicketQuery): Promise<TicketPage> {
    const limit = Math.min(200, Math.max(1, Math.floor(query.limit ?? 50)));
    let after = 0;
    if (query.cursor !== undefined) {
      const seq = parseRef(query.cursor);
      if (seq === undefined || formatRef(seq) !== query.cursor) throw new CursorError();
      after = seq;
    }
    const { rows } = await this.pool.query<TicketRow>(
      `SELECT data FROM tickets WHERE seq > $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR type = $3)
       ORDER BY seq LIMIT $4`,
      [after, query.status ?? null, query.type ?? null, limit + 1],
    );
    const tickets = rows.slice(0, limit).map((r) => r.data);
    const last = tickets[tickets.length - 1];
    return { tickets, ...(rows.length > limit && last ? { nextCursor: last.ref } : {}) };
  }

  listByRequester(channelId: string, userId: string): Promise<StoredTicket[]> {
    return this.listByRequesterOn(this.pool, channelId, userId);
  }

  recentFilings(who: FilingWho, since: Date): Promise<RecentFilings> {
    return this.recentFilingsOn(this.pool, who, since);
  }

  /** Takes turns in this process first (so waiting filings hold no connection), then holds an advisory lock for the transaction. */
  exclusive<T>(key: string, work: (scope: FilingScope) => Promise<T>): Promise<T> {
    const run = () =>
      this.transaction(async (c, enqueued) => {
        await c.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockId(key)]);
        return work({
          create: (draft, events) => this.createOn(c, draft, events, enqueued),
          findByIdempotencyKey: (k) => this.findByKeyOn(c, k),
          listByRequester: (channelId, userId) => this.listByRequesterOn(c, channelId, userId),
          recentFilings: (who, since) => this.recentFilingsOn(c, who, since),
        });
      });
    return this.turns.run(key, run);
  }

  update(ref: string, mutate: TicketMutation): Promise<StoredTicket | undefined> {
    const seq = parseRef(ref);
    if (seq === undefined) return Promise.resolve(undefined);
    return this.transaction(async (c, enqueued) => {
      const { rows } = await c.query<TicketRow>('SELECT data FROM tickets WHERE seq = $1 FOR UPDATE', [seq]);
      const current = rows[0]?.data;
      if (!current) return undefined;
      const next = clone(current);
      const drafts = mutate(next);
      if (drafts === false) return current;
      next.ref = current.ref;
      next.seq = current.seq;
      next.version = current.version + 1;
      next.requester = current.requester;
      const changed = await c.query(
        'UPDATE tickets SET data = $2, version = $3, status = $4, resolved_at = $5 WHERE seq = $1 AND version = $6',
        [seq, next, next.version, next.status, resolvedAt(next) ?? null, current.version],
      );
      if (changed.rowCount !== 1) throw new Error(`ticket ${ref} changed under a row lock`);
      await this.insertEvents(c, next, drafts, enqueued);
      return next;
    });
  }

  async purgeResolved(before: Date): Promise<number> {
    this.assertOpen();
    const { rowCount } = await this.pool.query("DELETE FROM tickets WHERE status = 'resolved' AND resolved_at < $1", [before]);
    return rowCount ?? 0;
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets');
    return rows[0]?.n ?? 0;
  }

  /**
   * Copies tickets (with their history) and pending events in as they are, keeping their references;
   * those already present are left alone, so importing twice changes nothing. The sequence carries on
   * after `lastSeq` (or the highest reference, if higher). Returns how many rows were new.
   */
  async importTickets(tickets: readonly StoredTicket[], events: readonly OutboxEvent[], lastSeq = 0): Promise<{ tickets: number; events: number }> {
    return this.transaction(async (c) => {
      let newTickets = 0;
      for (const t of tickets) {
        const r = await c.query(
          `INSERT INTO tickets (seq, ref, version, type, status, requester_key, conversation_key, idempotency_key, created_at, resolved_at, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
          this.ticketValues(t),
        );
        newTickets += r.rowCount ?? 0;
      }
      let newEvents = 0;
      for (const e of events) {
        const seq = parseRef(e.ref);
        const r = await c.query(
          `INSERT INTO outbox_events (id, ticket_seq, channel, type, version, created_at, attempts, next_attempt_at, last_error)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE EXISTS (SELECT 1 FROM tickets WHERE seq = $2) ON CONFLICT DO NOTHING`,
          [e.id, seq, e.channel, e.type, e.version, e.createdAt, e.attempts, e.nextAttemptAt, e.lastError ?? null],
        );
        newEvents += r.rowCount ?? 0;
      }
      const { rows } = await c.query<{ top: string | null; called: boolean; last: string }>(
        `SELECT (SELECT max(seq) FROM tickets) AS top, is_called AS called, last_value AS last FROM ${SEQ}`,
      );
      const row = rows[0];
      const top = Math.max(lastSeq, Number(row?.top ?? 0), row?.called ? Number(row.last) : 0);
      if (top > 0) await c.query(`SELECT setval('${SEQ}', $1, true)`, [top]);
      return { tickets: newTickets, events: newEvents };
    });
  }

  /** Writes `count` tickets into an empty database quickly (benchmarks, tests); `make` receives each sequence number. */
  async bulkImport(count: number, make: (seq: number) => StoredTicket, batch = 500): Promise<void> {
    for (let from = 1; from <= count; from += batch) {
      const tickets: StoredTicket[] = [];
      for (let seq = from; seq < Math.min(count + 1, from + batch); seq++) tickets.push(make(seq));
      await this.importTickets(tickets, [], tickets[tickets.length - 1]?.seq ?? 0);
    }
  }

  // ---- outbox --------------------------------------------------------------------------------

  async pendingEvents(): Promise<OutboxEvent[]> {
    const { rows } = await this.pool.query<EventRow>('SELECT * FROM outbox_events ORDER BY pos');
    return rows.map(toEvent);
  }

  async pendingCount(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_events');
    return rows[0]?.n ?? 0;
  }

  async hasNewerEvent(event: OutboxEvent): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM outbox_events WHERE ticket_seq = $1 AND channel = $2 AND version > $3 LIMIT 1', [
      parseRef(event.ref),
      event.channel,
      event.version,
    ]);
    return (rowCount ?? 0) > 0;
  }

  async claim(request: ClaimRequest): Promise<OutboxEvent[]> {
    if (this.closed || request.limit <= 0) return [];
    const { rows } = await this.pool.query<EventRow>(
      `WITH due AS (
         SELECT e.pos FROM outbox_events e
         WHERE e.channel = $1
           AND (e.claimed_until IS NULL OR e.claimed_until <= $2)
           AND (e.id = ANY($4::text[]) OR (NOT $5 AND e.next_attempt_at <= $2))
           AND NOT ${EARLIER_IN_LANE}
         ORDER BY e.pos LIMIT $3
         FOR UPDATE SKIP LOCKED
       )
       UPDATE outbox_events o SET claimed_until = $2::bigint + $6::bigint, claimed_by = $7
       FROM due WHERE o.pos = due.pos
       RETURNING o.*`,
      [request.channel, request.now, request.limit, [...(request.force ?? [])], request.forcedOnly ?? false, request.leaseMs, this.instanceId],
    );
    return rows.sort((a, b) => Number(a.pos) - Number(b.pos)).map(toEvent);
  }

  async nextDue(channels: readonly string[], exclude: ReadonlySet<string>): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ channel: string; at: string }>(
      `SELECT e.channel, min(greatest(e.next_attempt_at, coalesce(e.claimed_until, 0))) AS at
       FROM outbox_events e
       WHERE e.channel = ANY($1::text[]) AND NOT (e.id = ANY($2::text[])) AND NOT ${EARLIER_IN_LANE}
       GROUP BY e.channel`,
      [[...channels], [...exclude]],
    );
    return new Map(rows.map((r) => [r.channel, Number(r.at)]));
  }

  onEnqueue(listener: () => void): void {
    this.listeners.push(listener);
  }

  async markDelivered(event: OutboxEvent, channelCard?: ChannelCardRef): Promise<void> {
    if (this.closed) return;
    await this.transaction(async (c) => {
      await c.query('DELETE FROM outbox_events WHERE id = $1', [event.id]);
      if (channelCard) await c.query("UPDATE tickets SET data = jsonb_set(data, '{channelCard}', $2::jsonb) WHERE seq = $1", [parseRef(event.ref), channelCard]);
    });
  }

  async markFailed(event: OutboxEvent, nextAttemptAt: number, error: string): Promise<void> {
    if (this.closed) return;
    await this.track(
      this.pool.query(
        'UPDATE outbox_events SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3, claimed_until = NULL, claimed_by = NULL WHERE id = $1',
        [event.id, nextAttemptAt, error.slice(0, 200)],
      ),
    );
  }

  async markGivenUp(event: OutboxEvent, failure: DeliveryFailure): Promise<void> {
    if (this.closed) return;
    await this.transaction(async (c) => {
      await c.query('DELETE FROM outbox_events WHERE id = $1', [event.id]);
      const { rows } = await c.query<TicketRow>('SELECT data FROM tickets WHERE seq = $1 FOR UPDATE', [parseRef(event.ref)]);
      const ticket = rows[0]?.data;
      if (!ticket) return;
      ticket.deliveryFailures = [...(ticket.deliveryFailures ?? []), { ...failure }].slice(-MAX_DELIVERY_FAILURES);
      await c.query('UPDATE tickets SET data = $2 WHERE seq = $1', [ticket.seq, ticket]);
    });
  }

  /** Waits for work under way, then refuses further changes. The pool is the caller's to end. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.work.size) await Promise.allSettled([...this.work]);
  }

  // ---- internals -----------------------------------------------------------------------------

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  private async track<T>(p: Promise<T>): Promise<T> {
    this.work.add(p);
    try {
      return await p;
    } finally {
      this.work.delete(p);
    }
  }

  /** BEGIN ... COMMIT on one client; listeners hear of enqueued events only once they are committed. */
  private transaction<T>(work: (client: pg.PoolClient, enqueued: () => void) => Promise<T>): Promise<T> {
    this.assertOpen();
    return this.track(
      (async () => {
        const client = await this.pool.connect();
        let events = false;
        let broken: unknown;
        try {
          await client.query('BEGIN');
          const result = await work(client, () => (events = true));
          await client.query('COMMIT');
          if (events) for (const l of this.listeners) queueMicrotask(l);
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch((e: unknown) => (broken = e));
          throw err;
        } finally {
          client.release(broken instanceof Error ? broken : undefined);
        }
      })(),
    );
  }

  private async createOn(
    c: pg.PoolClient,
    draft: NewTicket,
    drafts: readonly OutboxEventDraft[],
    enqueued: () => void,
  ): Promise<{ ticket: StoredTicket; created: boolean }> {
    const key = draft.idempotencyKey;
    if (key !== undefined) {
      const existing = await this.findByKeyOn(c, key);
      if (existing) return { ticket: existing, created: false };
    }
    const { rows } = await c.query<{ seq: string }>(`SELECT nextval('${SEQ}') AS seq`);
    const seq = Number(rows[0]!.seq);
    const ticket = newTicket(seq, draft, this.now().toISOString());
    // a filing with the same key committed meanwhile (another instance) wins: this one returns it
    const inserted = await c.query(
      `INSERT INTO tickets (seq, ref, version, type, status, requester_key, conversation_key, idempotency_key, created_at, resolved_at, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (idempotency_key) DO NOTHING`,
      this.ticketValues(ticket),
    );
    if (inserted.rowCount === 0 && key !== undefined) {
      const first = await this.findByKeyOn(c, key);
      if (first) return { ticket: first, created: false };
    }
    await this.insertEvents(c, ticket, drafts, enqueued);
    return { ticket, created: true };
  }

  private ticketValues(t: StoredTicket): unknown[] {
    return [
      t.seq,
      t.ref,
      t.version,
      t.type,
      t.status,
      whoKey(t.requester.channelId, t.requester.userId),
      t.conversationId === undefined ? null : whoKey(t.requester.channelId, t.conversationId),
      t.idempotencyKey ?? null,
      t.createdAt,
      resolvedAt(t) ?? null,
      t,
    ];
  }

  private async insertEvents(c: pg.PoolClient, t: StoredTicket, drafts: readonly OutboxEventDraft[], enqueued: () => void): Promise<void> {
    if (!drafts.length) return;
    const at = this.now().toISOString();
    for (const d of drafts) {
      await c.query(
        'INSERT INTO outbox_events (id, ticket_seq, channel, type, version, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING',
        [eventId(t.ref, t.version, d.channel), t.seq, d.channel, d.type, t.version, at],
      );
    }
    enqueued();
  }

  private async findByKeyOn(q: Queryable, key: string): Promise<StoredTicket | undefined> {
    const { rows } = await q.query<TicketRow>('SELECT data FROM tickets WHERE idempotency_key = $1', [key]);
    return rows[0]?.data;
  }

  private async listByRequesterOn(q: Queryable, channelId: string, userId: string): Promise<StoredTicket[]> {
    const { rows } = await q.query<TicketRow>('SELECT data FROM tickets WHERE requester_key = $1 ORDER BY seq DESC', [whoKey(channelId, userId)]);
    return rows.map((r) => r.data);
  }

  private async recentFilingsOn(q: Queryable, who: FilingWho, since: Date): Promise<RecentFilings> {
    const times = async (column: string, key: string | undefined) => {
      if (key === undefined) return [];
      const { rows } = await q.query<{ at: Date }>(`SELECT created_at AS at FROM tickets WHERE ${column} = $1 AND created_at >= $2 ORDER BY created_at`, [key, since]);
      return rows.map((r) => r.at.getTime());
    };
    return {
      byRequester: await times('requester_key', whoKey(who.channelId, who.userId)),
      byConversation: await times('conversation_key', who.conversationId === undefined ? undefined : whoKey(who.channelId, who.conversationId)),
    };
  }
}
