// Records insight events off the turn's path: each turn or ticket change becomes an event in memory (keyed hashes, no
// personal details), and the buffer is written to the store in batches by a timer or when it fills; a failed write
// never fails a turn, it is logged once and counted.
import { createHmac } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { StoredTicket } from '../../helpdesk/model.js';
import type { TicketObserver } from '../../helpdesk/service.js';
import { redact } from '../../knowledge/redact.js';
import type { Logger } from '../logger.js';
import { channelOf, dayOf, type InsightEvent } from './events.js';
import type { InsightsStore } from './store.js';
import { describeTurn, UNANSWERED } from './turnKinds.js';

/** What the bot saw of one turn: who (as ids, hashed here), what it sent (the reply metas) and the question typed. */
export interface TurnRecord {
  at: Date;
  channelId?: string;
  conversationId?: string;
  userId?: string;
  /** `channelData.nhsmail` of each message sent, undefined for a reply without one */
  metas: readonly (Readonly<Record<string, unknown>> | undefined)[];
  /** the text typed (or the question a button asked); kept, redacted, only when the knowledge base could not answer */
  question?: string;
  journeyBefore: boolean;
  journeyAfter: boolean;
}

export interface RecorderOptions {
  logger: Logger;
  /** how often the buffer is written */
  flushMs?: number;
  /** a buffer this full is written at once */
  batchSize?: number;
  /** events kept while the store cannot be written; beyond this the oldest are dropped (and counted) */
  maxBuffered?: number;
}

export interface RecorderStats {
  buffered: number;
  written: number;
  dropped: number;
  failedWrites: number;
}

/** The longest redacted question kept. */
const MAX_QUESTION = 300;

/** Ids whose keyed hashes are kept: a conversation's turns, and its sender, hash the same ids again and again. */
const HASHES_KEPT = 10_000;

export class InsightsRecorder implements TicketObserver {
  private buffer: InsightEvent[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private soon = false;
  private failing = false;
  private readonly counts = { written: 0, dropped: 0, failedWrites: 0 };
  private readonly hashes = new LRUCache<string, string>({ max: HASHES_KEPT });
  private readonly flushMs: number;
  private readonly batchSize: number;
  private readonly maxBuffered: number;

  constructor(
    private readonly store: InsightsStore,
    private readonly key: Buffer,
    private readonly options: RecorderOptions,
  ) {
    this.flushMs = options.flushMs ?? 1_000;
    this.batchSize = options.batchSize ?? 500;
    this.maxBuffered = options.maxBuffered ?? 50_000;
  }

  /** The keyed hash of an id (HMAC-SHA256, 128 bits): the same id always gives the same key, and the key cannot be turned back into the id without the secret. */
  hash(...parts: string[]): string {
    const id = parts.join('\u0000');
    let hashed = this.hashes.get(id);
    if (hashed === undefined) {
      hashed = createHmac('sha256', this.key).update(id).digest('base64url').slice(0, 22);
      this.hashes.set(id, hashed);
    }
    return hashed;
  }

  /** The person key a turn's sender and a ticket's requester share. */
  personKey(channelId: string, userId: string): string {
    return this.hash('person', channelId, userId);
  }

  /** Adds one turn's event; never throws. */
  recordTurn(turn: TurnRecord): void {
    try {
      const described = describeTurn(turn.metas, turn);
      if (!described) return;
      const channelId = turn.channelId ?? '';
      const event: InsightEvent = {
        at: turn.at.toISOString(),
        day: dayOf(turn.at),
        channel: channelOf(channelId),
        conversation: turn.conversationId ? this.hash('conversation', channelId, turn.conversationId) : null,
        person: turn.userId ? this.personKey(channelId, turn.userId) : null,
        ...described,
      };
      if (event.unansweredParts) {
        // the parts left unanswered are the gaps; the whole message (answered in part) is not kept
        event.unansweredParts = event.unansweredParts.map((p) => ({ ...p, question: redact(p.question).text.slice(0, MAX_QUESTION) }));
      } else if (UNANSWERED.has(event.kind) && turn.question) event.question = redact(turn.question).text.slice(0, MAX_QUESTION);
      this.push(event);
    } catch (err) {
      this.options.logger.warn({ err }, 'a turn could not be recorded for insights');
    }
  }

  filed(ticket: StoredTicket): void {
    this.pushTicket('ticketFiled', ticket, ticket.createdAt);
  }

  changed(ticket: StoredTicket, at: string): void {
    this.pushTicket('ticketChanged', ticket, at);
  }

  /** Adds events as they are (benchmarks, imports): the same path as recorded ones. */
  push(event: InsightEvent): void {
    this.buffer.push(event);
    if (this.buffer.length > this.maxBuffered) {
      const over = this.buffer.length - this.maxBuffered;
      this.buffer.splice(0, over);
      this.counts.dropped += over;
    }
    if (this.buffer.length >= this.batchSize && !this.soon) {
      this.soon = true;
      setImmediate(() => {
        this.soon = false;
        void this.flush();
      });
    }
  }

  /** Writes what is buffered (one write at a time); resolves once it is written or has failed. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => (this.buffer.length ? this.flush() : undefined));
    if (!this.buffer.length) return Promise.resolve();
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.store
      .append(batch)
      .then(
        () => {
          this.counts.written += batch.length;
          if (this.failing) this.options.logger.info('insight events are being written again');
          this.failing = false;
        },
        (err: unknown) => {
          this.counts.failedWrites++;
          if (!this.failing) this.options.logger.error({ err, events: batch.length }, 'insight events could not be written; keeping them to retry');
          this.failing = true;
          this.buffer = batch.concat(this.buffer);
          if (this.buffer.length > this.maxBuffered) {
            const over = this.buffer.length - this.maxBuffered;
            this.buffer.splice(0, over);
            this.counts.dropped += over;
          }
        },
      )
      .finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  stats(): RecorderStats {
    return { buffered: this.buffer.length, ...this.counts };
  }

  private pushTicket(kind: 'ticketFiled' | 'ticketChanged', ticket: StoredTicket, at: string): void {
    try {
      this.push({
        at,
        day: dayOf(at),
        channel: channelOf(ticket.requester.channelId),
        conversation: null,
        person: this.personKey(ticket.requester.channelId, ticket.requester.userId),
        kind,
        ref: ticket.ref,
        requestType: ticket.type,
        status: ticket.status,
        filedAt: ticket.createdAt,
      });
    } catch (err) {
      this.options.logger.warn({ err }, 'a ticket change could not be recorded for insights');
    }
  }
}
