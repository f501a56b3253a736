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

/** Which due events a worker asks to take for one channel. */
export interface ClaimRequest {
  channel: string;
  /** at most this many */
  limit: number;
  /** the worker's clock, epoch ms: events with nextAttemptAt <= now are due */
  now: number;
  /** the claim holds this long; an event whose claim has run out (its worker died) may be claimed again */
  leaseMs: number;
  /** event ids tried now whatever their schedule (an operator's "retry now") */
  force?: ReadonlySet<string>;
  /** only the forced ids qualify (the channel is paused) */
  forcedOnly?: boolean;
}

/**
 * What the worker needs from the store. Workers claim events, so several workers (one per instance)
 * can share one store: an event is claimed by one at a time, and never while an earlier event for the
 * same ticket and channel is still pending. A claim ends with markDelivered, markFailed or markGivenUp,
 * or runs out after its lease.
 */
export interface OutboxStore {
  /** takes up to `limit` due, unclaimed events on a channel, oldest first, each the first pending of its ticket and channel */
  claim(request: ClaimRequest): Promise<OutboxEvent[]>;
  /** per channel, the earliest moment an event (other than those in `exclude`) may become claimable: its retry time or its claim's end */
  nextDue(channels: readonly string[], exclude: ReadonlySet<string>): Promise<Map<string, number>>;
  /** every pending event, oldest first */
  pendingEvents(): Promise<OutboxEvent[]>;
  pendingCount(): Promise<number>;
  /** whether a later event for the same ticket and channel is pending (a newer change is on its way) */
  hasNewerEvent(event: OutboxEvent): Promise<boolean>;
  get(ref: string): Promise<StoredTicket | undefined>;
  markDelivered(event: OutboxEvent, channelCard?: ChannelCardRef): Promise<void>;
  /** ends the claim and schedules the next attempt */
  markFailed(event: OutboxEvent, nextAttemptAt: number, error: string): Promise<void>;
  /** removes the event and records the failure on its ticket */
  markGivenUp(event: OutboxEvent, failure: DeliveryFailure): Promise<void>;
  /** called whenever events are added in this process, so the worker can start at once */
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
  /** how long a claim holds; a claim of a worker that died returns to the pool after it (default: twice the delivery timeout, at least 60 s) */
  leaseMs?: number;
  /** look for work this often even when nothing was enqueued here (events of other instances, expired claims); default: never */
  pollIntervalMs?: number;
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
 * Events are claimed from the store with a lease, so one worker per instance can share a store.
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
  private readonly leaseMs: number;
  private timer: unknown;
  private timerAt = Infinity;
  private poller: unknown;
  private started = false;
  private stopped = false;
  private givenUp = 0;
  private pending = 0;
  /** a round of claiming under way, and whether another was asked for meanwhile */
  private pumping?: Promise<void>;
  private again = false;
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
    this.leaseMs = options.leaseMs ?? Math.max(60_000, 2 * this.deliveryTimeoutMs);
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
    const every = this.options.pollIntervalMs;
    if (every !== undefined && this.poller === undefined) {
      const poll = () => {
        this.poller = this.timers.setTimeout(poll, every);
        this.kick();
      };
      this.poller = this.timers.setTimeout(poll, every);
    }
    this.kick();
  }

  /** Stops scheduling and waits for deliveries under way to finish (each within its time limit). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    if (this.poller !== undefined) this.timers.clearTimeout(this.poller);
    this.poller = undefined;
    await this.pumping;
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight.values()].map((f) => f.done));
    this.wakeIdle();
  }

  /** Claims whatever is due on every channel, up to each channel's concurrency, and sets the timer for the rest. */
  kick(): void {
    if (!this.started || this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = (async () => {
      do {
        this.again = false;
        try {
          await this.round();
        } catch (e) {
          // the store is unreachable: try again after a pause, nothing is lost (events stay pending)
          this.options.logger?.warn({ err: e }, 'outbox: could not read pending events, will retry');
          this.setTimer(this.now() + this.baseDelayMs);
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.pumping = undefined;
      if (this.isIdle()) this.wakeIdle();
    });
  }

  /** Forgets every backoff and tries everything pending once now (an operator's "retry now"). */
  async retryNow(): Promise<void> {
    for (const s of this.channels.values()) s.pausedUntil = 0;
    for (const e of await this.store.pendingEvents()) if (this.deliverers.has(e.channel)) this.forced.add(e.id);
    this.kick();
  }

  /** Resolves when nothing is due or being delivered (later retries may still be scheduled). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Pending events when the worker last looked, for health reporting. */
  pendingCount(): number {
    return this.pending;
  }

  /** Events given up since start, for health reporting (each is also recorded on its ticket). */
  givenUpCount(): number {
    return this.givenUp;
  }

  private isIdle(): boolean {
    return this.inFlight.size === 0 && this.pumping === undefined;
  }

  /**
   * One round: on each channel, claims what may be tried now (due, channel not paused, none earlier for
   * the same ticket and channel; a channel that has been failing gets one probe at a time), starts it,
   * then sets the timer for the earliest moment something else becomes due.
   */
  private async round(): Promise<void> {
    const now = this.now();
    for (const channel of this.deliverers.keys()) {
      if (this.stopped) return;
      const busy = [...this.inFlight.values()].filter((f) => f.channel === channel).length;
      const state = this.channels.get(channel);
      const limit = state?.failures ? (busy ? 0 : 1) : this.concurrency - busy;
      if (limit <= 0) continue;
      const paused = (state?.pausedUntil ?? 0) > now;
      if (paused && !this.forced.size) continue;
      const events = await this.store.claim({ channel, limit, now, leaseMs: this.leaseMs, force: this.forced, forcedOnly: paused });
      for (const event of events) this.begin(event);
    }
    await this.schedule();
  }

  private begin(event: OutboxEvent): void {
    const done = this.deliver(event).finally(() => {
      this.inFlight.delete(event.id);
      this.kick();
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
  private async schedule(): Promise<void> {
    if (this.stopped || !this.started) return;
    const now = this.now();
    const next = await this.store.nextDue([...this.deliverers.keys()], new Set(this.inFlight.keys()));
    this.pending = await this.store.pendingCount();
    let earliest = Infinity;
    for (const [channel, due] of next) {
      const at = Math.max(due, this.channels.get(channel)?.pausedUntil ?? 0);
      if (at > now && at < earliest) earliest = at;
    }
    if (earliest === Infinity) this.clearTimer();
    else this.setTimer(earliest);
  }

  private setTimer(at: number): void {
    if (this.stopped || at === this.timerAt) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.kick();
    }, Math.max(0, at - this.now()));
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
