// Gives each PostgreSQL test suite a fresh database on the machine's server, and says loudly when there is none (CI must have one).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../bot/storage/postgres.js';

/** A database the tests may create databases from; .ci/run sets it, a developer's machine has the default. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const quiet = { info: () => undefined, debug: () => undefined };
let reachable: Promise<boolean> | undefined;

/** Whether the test server answers (asked once per run). */
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

export interface TestDatabase {
  url: string;
  /** drops the database (closing whatever still holds it) */
  drop(): Promise<void>;
}

/** How long a drop waits for the database's own sessions to close before it ends them. */
const DROP_GRACE_MS = 2_000;

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database with the bot's schema migrated in, named for the suite. */
export async function createTestDatabase(label = 'test', options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `nhsmail_${label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db: TestDatabase = {
    url: url.toString(),
    drop: () =>
      admin(async (c) => {
        // pg-pool's end() resolves once its clients are told to end, not once they have gone: a client still closing
        // when FORCE ends it gets the server's "terminating connection" as an uncaught error. Give them a moment.
        const until = Date.now() + DROP_GRACE_MS;
        for (;;) {
          const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (!rows[0]?.n || Date.now() >= until) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
  if (options.migrated !== false) await migrate(db.url, quiet);
  return db;
}

/**
 * A mocha `before` hook body for PostgreSQL suites: skips the suite with a loud warning when no server answers,
 * except under CI, where a missing server is a failure.
 */
export async function requirePostgres(context: Mocha.Context): Promise<void> {
  if (await postgresReachable()) return;
  const why = `PostgreSQL is not reachable at ${ADMIN_URL.replace(/\/\/[^@]*@/, '//')} (set TEST_DATABASE_URL)`;
  if (process.env.CI) throw new Error(`${why}: CI must run the PostgreSQL tests`);
  console.warn(`\n  !!! SKIPPING PostgreSQL tests: ${why}\n`);
  context.skip();
}
