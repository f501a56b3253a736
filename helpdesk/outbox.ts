// Delivers ticket events to the helpdesk (webhook, Teams channel, the requester) from a persisted outbox, retrying with backoff until each is accepted.
import type { ChannelCardRef, DeliveryFailure, StoredTicket } from './model.js';

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

/** `signal` is aborted when the outbox stops waiting for the attempt (it timed out). */
export type Deliverer = (event: OutboxEvent, ticket: StoredTicket, signal?: AbortSignal) => Promise<DeliveryResult>;

/** What the worker needs from the store. */
export interface OutboxStore {
  /** every pending event, oldest first (kept in memory, so this is cheap) */
  pendingEvents(): readonly OutboxEvent[];
  get(ref: string): Promise<StoredTicket | undefined>;
  markDelivered(event: OutboxEvent, channelCard?: ChannelCardRef): Promise<void>;
  markFailed(event: OutboxEvent, nextAttemptAt: number, error: string): Promise<void>;
  /** removes the event and records the failure on its ticket */
  markGivenUp(event: OutboxEvent, failure: DeliveryFailure): Promise<void>;
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
  /** deliveries under way at once, per channel (each channel runs on its own) */
  concurrency?: number;
  /** a delivery not settled after this long counts as a failed attempt (default 30 s) */
  deliveryTimeoutMs?: number;
  /** an event still failing this long after it was created is given up (default 72 h) */
  maxAgeMs?: number;
  /** an event that has failed this many times is given up (default: no limit but age) */
  maxAttempts?: number;
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

/** What a delivery attempt came to, the timeout included. */
const TIMED_OUT: DeliveryResult = { ok: false, error: 'timeout' };

/**
 * Delivers pending events at least once. Each channel (webhook, Teams channel, requester) is its own
 * lane with its own concurrency, so a channel that hangs or fails never holds up another. Events for
 * one ticket and channel go in order; a channel that fails is paused with backoff (a 429 pauses it for
 * its Retry-After), since an unreachable endpoint is unreachable for every event. Every attempt has a
 * time limit, and an event that keeps failing is given up after a limit and recorded on its ticket.
 * Delivery never runs inside a user's turn.
 */
export class OutboxWorker {
  private readonly deliverers = new Map<string, Deliverer>();
  private readonly channels = new Map<string, ChannelState>();
  /** event id -> its channel and the attempt under way */
  private readonly inFlight = new Map<string, { channel: string; done: Promise<void> }>();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly timers: Timers;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly concurrency: number;
  private readonly deliveryTimeoutMs: number;
  private readonly maxAgeMs: number;
  private readonly maxAttempts: number;
  private timer: unknown;
  private timerAt = Infinity;
  private started = false;
  private stopped = false;
  private givenUp = 0;
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
    this.deliveryTimeoutMs = options.deliveryTimeoutMs ?? 30_000;
    this.maxAgeMs = options.maxAgeMs ?? 72 * 3_600_000;
    this.maxAttempts = options.maxAttempts ?? Infinity;
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

  /** Stops scheduling and waits for deliveries under way to finish (each within its time limit). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight.values()].map((f) => f.done));
    this.wakeIdle();
  }

  /** Starts whatever is due on every channel, up to each channel's concurrency, and sets the timer for the rest. */
  kick(): void {
    if (!this.started || this.stopped) return;
    const busy = new Map<string, number>();
    for (const f of this.inFlight.values()) busy.set(f.channel, (busy.get(f.channel) ?? 0) + 1);
    for (const event of this.due(this.now())) {
      const n = busy.get(event.channel) ?? 0;
      if (n >= this.concurrency) continue;
      busy.set(event.channel, n + 1);
      this.begin(event);
    }
    this.schedule();
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

  /** Events given up since start, for health reporting (each is also recorded on its ticket). */
  givenUpCount(): number {
    return this.givenUp;
  }

  private isIdle(): boolean {
    return this.inFlight.size === 0 && (this.stopped || this.due(this.now()).length === 0);
  }

  /**
   * Events that may be tried now: due, channel not paused, deliverer known, none earlier for the
   * same ticket and channel. A channel that has been failing gets one probe at a time.
   */
  private due(now: number): OutboxEvent[] {
    const out: OutboxEvent[] = [];
    const blocked = new Set<string>();
    const probing = new Set<string>();
    for (const f of this.inFlight.values()) probing.add(f.channel);
    for (const e of this.store.pendingEvents()) {
      const lane = `${e.ref}\u0000${e.channel}`;
      if (blocked.has(lane)) continue;
      blocked.add(lane);
      if (this.inFlight.has(e.id) || !this.deliverers.has(e.channel)) continue;
      const state = this.channels.get(e.channel);
      if (!this.forced.has(e.id) && (e.nextAttemptAt > now || (state?.pausedUntil ?? 0) > now)) continue;
      if (state?.failures) {
        if (probing.has(e.channel)) continue;
        probing.add(e.channel);
      }
      out.push(e);
    }
    return out;
  }

  private begin(event: OutboxEvent): void {
    const done = this.deliver(event).finally(() => {
      this.inFlight.delete(event.id);
      this.kick();
      if (this.isIdle()) this.wakeIdle();
    });
    this.inFlight.set(event.id, { channel: event.channel, done });
  }

  /** Runs the deliverer with a time limit; a deliverer that throws or hangs is a failed attempt. */
  private attempt(deliverer: Deliverer, event: OutboxEvent, ticket: StoredTicket): Promise<DeliveryResult> {
    const abort = new AbortController();
    let timer: unknown;
    const timedOut = new Promise<DeliveryResult>((resolve) => {
      timer = this.timers.setTimeout(() => {
        abort.abort();
        resolve(TIMED_OUT);
      }, this.deliveryTimeoutMs);
    });
    const run = Promise.resolve()
      .then(() => deliverer(event, ticket, abort.signal))
      .catch((e: unknown): DeliveryResult => ({ ok: false, error: e instanceof Error ? e.name : 'error' }));
    return Promise.race([run, timedOut]).finally(() => this.timers.clearTimeout(timer));
  }

  private async deliver(event: OutboxEvent): Promise<void> {
    const deliverer = this.deliverers.get(event.channel);
    if (!deliverer) return;
    this.forced.delete(event.id);
    const log = { event: event.id, channel: event.channel, attempt: event.attempts + 1 };
    try {
      const ticket = await this.store.get(event.ref);
      if (!ticket) {
        // purged by retention before it could be delivered: nothing left to announce
        await this.store.markDelivered(event);
        return;
      }
      const result = await this.attempt(deliverer, event, ticket);
      const state = this.channelState(event.channel);
      if (result.ok) {
        state.failures = 0;
        state.pausedUntil = 0;
        await this.store.markDelivered(event, result.channelCard);
        if (event.attempts > 0) this.options.logger?.info(log, 'outbox: delivered after retries');
        return;
      }
      const attempts = event.attempts + 1;
      const tooOld = this.now() - Date.parse(event.createdAt) >= this.maxAgeMs;
      if (result.drop || attempts >= this.maxAttempts || tooOld) {
        const why = result.drop ? 'retrying cannot help' : tooOld ? 'too old' : 'too many attempts';
        this.givenUp++;
        this.options.logger?.error({ ...log, ref: event.ref, error: result.error, why }, 'outbox: delivery given up');
        await this.store.markGivenUp(event, {
          at: new Date(this.now()).toISOString(),
          channel: event.channel,
          event: event.id,
          attempts,
          error: result.error.slice(0, 200),
        });
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

  /** Sets one timer for the earliest moment something not under way becomes due. */
  private schedule(): void {
    if (this.stopped || !this.started) return;
    let earliest = Infinity;
    const seen = new Set<string>();
    for (const e of this.store.pendingEvents()) {
      const lane = `${e.ref}\u0000${e.channel}`;
      if (seen.has(lane)) continue;
      seen.add(lane);
      if (!this.deliverers.has(e.channel) || this.inFlight.has(e.id)) continue;
      const at = Math.max(e.nextAttemptAt, this.channels.get(e.channel)?.pausedUntil ?? 0);
      if (at > this.now() && at < earliest) earliest = at;
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
