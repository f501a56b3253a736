import { expect } from 'chai';
import { createLogger } from '../../../bot/logger.js';
import { Database, DatabaseUnavailableError, isUnavailable, migrate } from '../../../bot/storage/postgres.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../../support/postgres.js';

const silent = createLogger('silent');

describe('PostgreSQL: pool, migrations, failures', function () {
  let db: TestDatabase;
  before(async function () {
    await requirePostgres(this);
    db = await createTestDatabase('pgbase', { migrated: false });
  });
  after(async () => {
    await db?.drop();
  });

  it('migrates an empty database, and a second run (another instance starting) changes nothing', async () => {
    await migrate(db.url, silent);
    await migrate(db.url, silent);
    const database = new Database({ url: db.url, poolMax: 2, logger: silent });
    try {
      const { rows } = await database.query<{ name: string }>('SELECT name FROM pgmigrations ORDER BY id');
      expect(rows.map((r) => r.name)).to.include('0001_conversation_state');
      const tables = await database.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      expect(tables.rows.map((r) => r.table_name)).to.include('conversation_state');
    } finally {
      await database.close();
    }
  });

  it('runs a transaction, and rolls it back when the work throws', async () => {
    const database = new Database({ url: db.url, poolMax: 2, logger: silent });
    try {
      await database.query('CREATE TABLE IF NOT EXISTS tx_probe (n int)');
      await database.transaction((c) => c.query('INSERT INTO tx_probe VALUES (1)'));
      await database
        .transaction(async (c) => {
          await c.query('INSERT INTO tx_probe VALUES (2)');
          throw new Error('boom');
        })
        .catch(() => undefined);
      const { rows } = await database.query<{ n: number }>('SELECT n FROM tx_probe');
      expect(rows.map((r) => r.n)).to.deep.equal([1]);
      expect(await database.isUp()).to.equal(true);
    } finally {
      await database.close();
    }
  });

  it('turns a connection killed mid-transaction into DatabaseUnavailableError, with no uncaught error, and carries on', async () => {
    const database = new Database({ url: db.url, poolMax: 2, logger: silent });
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    const mochaHandlers = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', onUncaught);
    try {
      const err = await database
        .transaction(async (c) => {
          const { rows } = await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          // another session ends this one while its transaction is open, as a server restart or a dropped link would
          await database.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
          await c.query('SELECT 1');
        })
        .catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(err).to.be.instanceOf(DatabaseUnavailableError);
      expect(uncaught).to.deep.equal([]);
      // the broken client was not handed back: the next transaction works
      expect((await database.transaction((c) => c.query<{ one: number }>('SELECT 1 AS one'))).rows[0]!.one).to.equal(1);
    } finally {
      process.removeListener('uncaughtException', onUncaught);
      for (const h of mochaHandlers) process.on('uncaughtException', h);
      await database.close();
    }
  });

  it('turns an unreachable server into DatabaseUnavailableError, and says it is down', async () => {
    const database = new Database({ url: 'postgres://postgres@127.0.0.1:1/none', poolMax: 1, logger: silent, connectTimeoutMs: 1_000 });
    try {
      const err = await database.query('SELECT 1').catch((e: unknown) => e);
      expect(err).to.be.instanceOf(DatabaseUnavailableError);
      expect(isUnavailable(err)).to.equal(true);
      expect(await database.isUp()).to.equal(false);
    } finally {
      await database.close();
    }
  });

  it('tells connection failures from query errors', () => {
    const cases: [unknown, boolean][] = [
      [{ code: 'ECONNREFUSED' }, true],
      [{ code: '57P01' }, true],
      [{ code: '08006' }, true],
      [{ message: 'timeout exceeded when trying to connect' }, true],
      [{ code: '23505' }, false],
      [{ code: '42P01' }, false],
      [new Error('syntax'), false],
      // a channel connector's or fetch's network failure is not the database
      [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { name: 'RestError', code: 'ECONNREFUSED' }), false],
      [Object.assign(new TypeError('fetch failed'), { name: 'FetchError', code: 'ECONNREFUSED' }), false],
      [undefined, false],
    ];
    for (const [err, expected] of cases) expect(isUnavailable(err), JSON.stringify(err)).to.equal(expected);
  });
});
