// Delivers ticket events to the helpdesk (webhook, Teams channel, the requester) from a persisted outbox, retrying with backoff until each is accepted.
import type { ChannelCardRef, StoredTicket } from './model.js';

export const EVENT_TYPES = ['ticket.created', 'ticket.updated', 'ticket.status'] as const;
export type OutboxEventType = (typeof EVENT_TYPES)[number];

/** What a filing or change asks to be announced, and where. */
export interface OutboxEventDraft {
  /** 'webhook', 'teams', 'requester', or another registered channel */
  channel: string;
  type: OutboxEventType;
}

/** One pending delivery, stored beside its ticket so both are written together. */
export interface OutboxEvent extends OutboxEventDraft {
  /** unique and stable across retries: receivers de-duplicate on it (with the ticket ref) */
  id: string;
  ref: string;
  /** the ticket version this event announces */
  version: number;
  createdAt: string;
  attempts: number;
  /** epoch ms before which it is not tried again */
  nextAttemptAt: number;
  lastError?: string;
}

export function eventId(ref: string, version: number, channel: string): string {
  return `${ref}.v${version}.${channel}`;
}

export type DeliveryResult =
  | { ok: true; channelCard?: ChannelCardRef }
  /** retryAfterMs: the receiver asked us to wait (429 Retry-After); drop: retrying cannot help */
  | { ok: false; error: string; retryAfterMs?: number; drop?: boolean };

export type Deliverer = (event: OutboxEvent, ticket: StoredTicket) => Promise<DeliveryResult>;

/** What the worker needs from the store. */
export interface OutboxStore {
  /** every pending event, oldest first (kept in memory, so this is cheap) */
  pendingEvents(): readonly OutboxEvent[];
  get(ref: string): Promise<StoredTicket | undefined>;
  markDelivered(event: OutboxEvent, channelCard?: ChannelCardRef): Promise<void>;
  markFailed(event: OutboxEvent, nextAttemptAt: number, error: string): Promise<void>;
  /** called whenever events are added, so the worker can start at once */
  onEnqueue(listener: () => void): void;
}

export interface OutboxLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface OutboxOptions {
  now?: () => number;
  random?: () => number;
  timers?: Timers;
  /** first retry waits up to this long (full jitter), doubling each failure */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** a Retry-After longer than this is capped */
  maxRetryAfterMs?: number;
  concurrency?: number;
  logger?: OutboxLogger;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** "Full jitter" exponential backoff: a random wait between 0 and base * 2^(failures-1), capped. */
export function backoffDelay(failures: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.max(Math.min(50, ceiling), Math.floor(random() * ceiling));
}

interface ChannelState {
  failures: number;
  pausedUntil: number;
}

/**
 * Delivers pending events at least once. Events for one ticket and channel go in order; a channel
 * that fails is paused with backoff (a 429 pauses it for its Retry-After), since an unreachable
 * endpoint is unreachable for every event. Delivery never runs inside a user's turn.
 */
export class OutboxWorker {
  private readonly deliverers = new Map<string, Deliverer>();
  private readonly channels = new Map<string, ChannelState>();
  /** event id -> channel, for deliveries under way */
  private readonly inFlight = new Map<string, string>();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly timers: Timers;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly concurrency: number;
  private timer: unknown;
  private timerAt = Infinity;
  private running?: Promise<void>;
  private rerun = false;
  private started = false;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  /** events "retry now" asked for, tried once whatever their schedule */
  private readonly forced = new Set<string>();

  constructor(
    private readonly store: OutboxStore,
    private readonly options: OutboxOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.timers = options.timers ?? realTimers;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 10 * 60_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60 * 60_000;
    this.concurrency = options.concurrency ?? 4;
    store.onEnqueue(() => this.kick());
  }

  /** Adds (or replaces) the deliverer for a channel. */
  register(channel: string, deliverer: Deliverer): void {
    this.deliverers.set(channel, deliverer);
    this.kick();
  }

  start(): void {
    if (this.stopped) return;
    this.started = true;
    this.kick();
  }

  /** Stops scheduling and waits for deliveries under way to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    await this.running;
    this.wakeIdle();
  }

  /** Runs now if anything is due (called after each enqueue). */
  kick(): void {
    if (!this.started || this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
      if (this.rerun && !this.stopped) {
        this.rerun = false;
        this.kick();
      } else {
        this.schedule();
      }
    });
  }

  /** Forgets every backoff and tries everything pending once now (an operator's "retry now"). */
  retryNow(): void {
    for (const s of this.channels.values()) s.pausedUntil = 0;
    for (const e of this.store.pendingEvents()) this.forced.add(e.id);
    this.kick();
  }

  /** Resolves when nothing is due or being delivered (later retries may still be scheduled). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Pending events, for health reporting. */
  pendingCount(): number {
    return this.store.pendingEvents().length;
  }

  private isIdle(): boolean {
    return !this.running && this.inFlight.size === 0 && this.due(this.now()).length === 0;
  }

  private async loop(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const batch = this.due(this.now()).slice(0, this.concurrency);
      if (!batch.length) return;
      await Promise.all(batch.map((e) => this.deliver(e)));
    }
  }

  /**
   * Events that may be tried now: due, channel not paused, deliverer known, none earlier for the
   * same ticket and channel. A channel that has been failing gets one probe at a time.
   */
  private due(now: number): OutboxEvent[] {
    const out: OutboxEvent[] = [];
    const blocked = new Set<string>();
    const probing = new Set<string>();
    for (const e of this.store.pendingEvents()) {
      const lane = `${e.ref}\u0000${e.channel}`;
      if (blocked.has(lane)) continue;
      blocked.add(lane);
      if (this.inFlight.has(e.id) || !this.deliverers.has(e.channel)) continue;
      const state = this.channels.get(e.channel);
      if (!this.forced.has(e.id) && (e.nextAttemptAt > now || (state?.pausedUntil ?? 0) > now)) continue;
      if (state?.failures) {
        if (probing.has(e.channel) || [...this.inFlight.values()].includes(e.channel)) continue;
        probing.add(e.channel);
      }
      out.push(e);
    }
    return out;
  }



  private async deliver(event: OutboxEvent): Promise<void> {
    const deliverer = this.deliverers.get(event.channel);
    if (!deliverer) return;
    this.inFlight.set(event.id, event.channel);
    this.forced.delete(event.id);
    const log = { event: event.id, channel: event.channel, attempt: event.attempts + 1 };
    try {
      const ticket = await this.store.get(event.ref);
      if (!ticket) {
        // purged by retention before it could be delivered: nothing left to announce
        await this.store.markDelivered(event);
        return;
      }
      let result: DeliveryResult;
      try {
        result = await deliverer(event, ticket);
      } catch (e) {
        result = { ok: false, error: e instanceof Error ? e.name : 'error' };
      }
      const state = this.channelState(event.channel);
      if (result.ok) {
        state.failures = 0;
        state.pausedUntil = 0;
        await this.store.markDelivered(event, result.channelCard);
        if (event.attempts > 0) this.options.logger?.info(log, 'outbox: delivered after retries');
        return;
      }
      if (result.drop) {
        this.options.logger?.error({ ...log, error: result.error }, 'outbox: event dropped, retrying cannot help');
        await this.store.markDelivered(event);
        return;
      }
      // failures of events tried together count once: the channel is down, not each event
      if (state.pausedUntil <= this.now()) state.failures++;
      const wait =
        result.retryAfterMs !== undefined
          ? Math.min(this.maxRetryAfterMs, Math.max(0, result.retryAfterMs))
          : backoffDelay(state.failures, this.baseDelayMs, this.maxDelayMs, this.random);
      const next = this.now() + wait;
      state.pausedUntil = Math.max(state.pausedUntil, next);
      this.options.logger?.warn({ ...log, error: result.error, retryInMs: wait }, 'outbox: delivery failed, will retry');
      await this.store.markFailed(event, next, result.error);
    } catch (e) {
      // the store could not record the outcome; the event stays pending and is tried again later
      this.options.logger?.error({ ...log, err: e }, 'outbox: could not record delivery outcome');
      const state = this.channelState(event.channel);
      state.pausedUntil = Math.max(state.pausedUntil, this.now() + this.baseDelayMs);
    } finally {
      this.inFlight.delete(event.id);
    }
  }

  private channelState(channel: string): ChannelState {
    let s = this.channels.get(channel);
    if (!s) {
      s = { failures: 0, pausedUntil: 0 };
      this.channels.set(channel, s);
    }
    return s;
  }

  /** Sets one timer for the earliest moment something becomes due. */
  private schedule(): void {
    if (this.stopped || !this.started) return;
    let earliest = Infinity;
    const seen = new Set<string>();
    for (const e of this.store.pendingEvents()) {
      const lane = `${e.ref}\u0000${e.channel}`;
      if (seen.has(lane)) continue;
      seen.add(lane);
      if (!this.deliverers.has(e.channel)) continue;
      const at = Math.max(e.nextAttemptAt, this.channels.get(e.channel)?.pausedUntil ?? 0);
      if (at < earliest) earliest = at;
    }
    if (earliest === Infinity) {
      this.clearTimer();
    } else if (earliest !== this.timerAt) {
      this.clearTimer();
      this.timerAt = earliest;
      this.timer = this.timers.setTimeout(() => {
        this.timer = undefined;
        this.timerAt = Infinity;
        this.kick();
      }, Math.max(0, earliest - this.now()));
    }
    if (this.isIdle()) this.wakeIdle();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
