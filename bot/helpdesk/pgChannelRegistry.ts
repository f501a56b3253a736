// The helpdesk channel registration in PostgreSQL, so a channel registered through one instance gets cards from every instance.
import type pg from 'pg';
import { isTeamAllowed, type AllowedTeam } from './allowList.js';
import type { HelpdeskChannelRegistry, Registration } from './channelRegistry.js';

export interface PgChannelRegistryOptions {
  /** how often to read a registration another instance made (default 5 s) */
  refreshMs?: number;
  /** a refresh that fails (the database is down) keeps the last registration read */
  onRefreshError?: (err: unknown) => void;
}

/**
 * One row in helpdesk_channel. `current` and `stored` answer from the last read, refreshed on a
 * timer: a move made through another instance is seen within refreshMs; one made here at once.
 */
export class PgChannelRegistry implements HelpdeskChannelRegistry {
  private registration: Registration | undefined;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly allowList: readonly AllowedTeam[],
  ) {}

  static async open(pool: pg.Pool, allowList: readonly AllowedTeam[] = [], options: PgChannelRegistryOptions = {}): Promise<PgChannelRegistry> {
    const registry = new PgChannelRegistry(pool, allowList);
    await registry.refresh();
    registry.timer = setInterval(() => {
      registry.refresh().catch((err: unknown) => options.onRefreshError?.(err));
    }, options.refreshMs ?? 5_000);
    registry.timer.unref();
    return registry;
  }

  get current(): Registration | undefined {
    const r = this.registration;
    return r && isTeamAllowed(this.allowList, r.team) ? r : undefined;
  }

  get stored(): Registration | undefined {
    return this.registration;
  }

  /** Reads the registration again. */
  async refresh(): Promise<void> {
    const { rows } = await this.pool.query<{ registration: Registration }>('SELECT registration FROM helpdesk_channel WHERE id = 1');
    this.registration = rows[0]?.registration;
  }

  async set(registration: Registration): Promise<void> {
    await this.pool.query(
      'INSERT INTO helpdesk_channel (id, registration, updated_at) VALUES (1, $1, now()) ON CONFLICT (id) DO UPDATE SET registration = EXCLUDED.registration, updated_at = now()',
      [registration],
    );
    this.registration = registration;
  }

  /** Keeps `registration` unless one is already stored (copying a DATA_DIR in never overwrites a newer one); true when kept. */
  static async importRegistration(pool: pg.Pool, registration: Registration): Promise<boolean> {
    const { rowCount } = await pool.query('INSERT INTO helpdesk_channel (id, registration) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [registration]);
    return (rowCount ?? 0) > 0;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
  }
}
