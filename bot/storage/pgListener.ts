// One LISTEN connection per instance, outside the pool: NOTIFYs from any instance reach this one's waiters; a lost
// connection is re-made on the next need, and whoever relies on it is told that notifications may have been missed.
import pg from 'pg';
import type { Logger } from '../logger.js';

/** after a failed connect, this long passes before the next try (callers go on without notifications meanwhile) */
const RETRY_AFTER_MS = 1_000;

export interface PgListenerOptions {
  /** connection settings: those of the shared pool (pool.options) */
  connection: pg.ClientConfig;
  channel: string;
  onNotify: (payload: string) => void;
  /** the connection was lost: anything sent meanwhile was missed */
  onLost: () => void;
  logger: Pick<Logger, 'warn'>;
}

export class PgListener {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private lastFailure = 0;
  private closed = false;

  constructor(private readonly options: PgListenerOptions) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.channel)) throw new Error(`not a plain channel name: ${options.channel}`);
  }

  /** Resolves once LISTEN is in place, or at once when it cannot be (closed, or the database was just unreachable); never rejects. */
  ready(): Promise<void> {
    if (this.closed || this.client) return Promise.resolve();
    if (this.connecting) return this.connecting;
    if (Date.now() - this.lastFailure < RETRY_AFTER_MS) return Promise.resolve();
    this.connecting = this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ ...this.options.connection, connectionTimeoutMillis: this.options.connection.connectionTimeoutMillis ?? 5_000 });
    const lost = (err?: Error): void => {
      if (this.client !== client) return;
      this.client = undefined;
      if (!this.closed) this.options.logger.warn({ err }, `LISTEN ${this.options.channel}: connection lost; it is re-made on the next wait`);
      client.end().catch(() => undefined);
      this.options.onLost();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (msg) => {
      if (msg.channel === this.options.channel && msg.payload) this.options.onNotify(msg.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.options.channel}`);
      if (this.closed) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
    } catch (err) {
      this.lastFailure = Date.now();
      this.options.logger.warn({ err }, `LISTEN ${this.options.channel}: could not connect; waits go on without notifications`);
      await client.end().catch(() => undefined);
    }
  }
}
