// The PostgreSQL connection pool every store shares when DATABASE_URL is set, its schema migrations, and how its failures read.
import path from 'node:path';
import pg from 'pg';
import { runner } from 'node-pg-migrate';
import { PROJECT_ROOT } from '../../lib/paths.js';
import type { Logger } from '../logger.js';

/** SQL migrations ("-- Up Migration" / "-- Down Migration"), read from the source tree from tsx and from dist/ alike. */
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'bot', 'storage', 'migrations');
const MIGRATIONS_TABLE = 'pgmigrations';

export interface DatabaseOptions {
  url: string;
  poolMax: number;
  logger: Logger;
  /** how long to wait for a connection from the pool before the caller gets DatabaseUnavailableError */
  connectTimeoutMs?: number;
}

/** PostgreSQL could not be reached or is restarting: not the caller's fault, worth retrying (HTTP 503 with Retry-After). */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the database is unavailable', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** Connection-level SQLSTATE classes and Node network errors that mean "down or restarting", not "bad query". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  '57P01', '57P02', '57P03', // admin shutdown, crash shutdown, cannot connect now
  '53300', // too many connections
]);

/**
 * True when an error from pg means the database is down or restarting (class 08 is "connection exception"), also
 * when it arrives wrapped: in an Error's `cause`, or in botbuilder-dialogs' DialogContextError (its `error`).
 */
export function isUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    if (isUnavailableItself(e)) return true;
    const wrapper = e as { cause?: unknown; error?: unknown };
    e = wrapper.cause ?? wrapper.error;
  }
  return false;
}

/** An HTTP client's error (a channel's connector, a key or webhook fetch) shares Node's network codes but is not the database. */
function isHttpClientError(err: object): boolean {
  const name = (err as { name?: unknown }).name;
  return name === 'RestError' || name === 'FetchError' || name === 'AbortError' || 'request' in err || 'response' in err;
}

function isUnavailableItself(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  if (typeof err === 'object' && err !== null && isHttpClientError(err)) return false;
  const e = err as { code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (UNAVAILABLE_CODES.has(code) || code.startsWith('08')) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /timeout exceeded when trying to connect|Connection terminated|connection .* closed|Client has encountered a connection error/i.test(message);
}

/** The pool, plus health and shutdown. pg's Pool reconnects by itself: a broken client is dropped and the next checkout connects anew. */
export class Database {
  readonly pool: pg.Pool;
  private closed = false;

  constructor(private readonly options: DatabaseOptions) {
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      idleTimeoutMillis: 30_000,
      application_name: 'nhsmail-assistant',
    });
    // An idle client whose server went away emits 'error' on the pool; unhandled, it would kill the process.
    this.pool.on('error', (err) => options.logger.warn({ err }, 'an idle database connection failed; the pool will reconnect'));
  }

  /** Runs one query; a connection failure becomes DatabaseUnavailableError. */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (err) {
      throw isUnavailable(err) ? new DatabaseUnavailableError(err) : err;
    }
  }

  /** Runs `work` in one transaction on one client (BEGIN ... COMMIT, ROLLBACK on a throw). */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw isUnavailable(err) ? new DatabaseUnavailableError(err) : err;
    }
    // A connection that drops mid-transaction rejects the running query and also emits 'error' on the client; the
    // pool only listens to idle clients, so without this listener that event would be an uncaught exception.
    let broken: Error | undefined;
    const onError = (err: Error) => (broken = err);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      if (!broken) await client.query('ROLLBACK').catch(() => undefined);
      throw isUnavailable(err) ? new DatabaseUnavailableError(err) : err;
    } finally {
      client.removeListener('error', onError);
      // a broken connection is destroyed rather than handed to the next caller
      client.release(broken);
    }
  }

  /** true when a trivial query answers (for /health and /ready). */
  async isUp(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** Brings the schema up to date; node-pg-migrate holds an advisory lock, so instances starting together take turns. */
  async migrate(): Promise<void> {
    await migrate(this.options.url, this.options.logger);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** Applies every pending migration in MIGRATIONS_DIR to the database at `url`. */
export async function migrate(url: string, logger: Pick<Logger, 'info' | 'debug'>): Promise<void> {
  const applied = await runner({
    databaseUrl: url,
    dir: MIGRATIONS_DIR,
    migrationsTable: MIGRATIONS_TABLE,
    direction: 'up',
    checkOrder: true,
    // instances starting together take turns on node-pg-migrate's advisory lock (its default, 'fail', stops all but one)
    advisoryLockMode: 'wait',
    log: (msg: string) => logger.debug({ msg }, 'migration'),
  });
  if (applied.length) logger.info({ applied: applied.map((m) => m.name) }, 'database schema migrated');
}
