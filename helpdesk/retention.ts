// Deletes resolved tickets once they are older than the retention period, so personal data is not kept longer than needed.
import type { TicketStore } from './ticketStore.js';

export const DAY_MS = 86_400_000;

export interface RetentionOptions {
  /** resolved tickets are kept this many days after they were resolved */
  days: number;
  now?: () => Date;
  /** how often to sweep; default every 6 hours */
  intervalMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  onError?: (e: unknown) => void;
  onPurged?: (count: number) => void;
}

export class RetentionSweeper {
  private handle: unknown;
  private running?: Promise<number>;

  constructor(
    private readonly store: Pick<TicketStore, 'purgeResolved'>,
    private readonly options: RetentionOptions,
  ) {}

  /** The moment before which a resolution is old enough to purge. */
  cutoff(): Date {
    const now = (this.options.now ?? (() => new Date()))();
    return new Date(now.getTime() - this.options.days * DAY_MS);
  }

  /** Purges once now; returns how many tickets went. */
  runOnce(): Promise<number> {
    this.running ??= this.store
      .purgeResolved(this.cutoff())
      .then((n) => {
        if (n) this.options.onPurged?.(n);
        return n;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** Sweeps now and then every interval until stop(). */
  start(): void {
    if (this.handle !== undefined) return;
    const tick = () => void this.runOnce().catch((e: unknown) => this.options.onError?.(e));
    const every = this.options.intervalMs ?? 6 * 3_600_000;
    const set = this.options.setInterval ?? ((fn, ms) => setInterval(fn, ms).unref());
    this.handle = set(tick, every);
    tick();
  }

  async stop(): Promise<void> {
    if (this.handle !== undefined) (this.options.clearInterval ?? ((h) => clearInterval(h as NodeJS.Timeout)))(this.handle);
    this.handle = undefined;
    await this.running?.catch(() => undefined);
  }
}
