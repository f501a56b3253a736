// Instances starting together on one database: a migration run that finds another under way waits its turn instead of failing start-up.
import { expect } from 'chai';
import { PG_MIGRATE_LOCK_ID } from 'node-pg-migrate';
import pg from 'pg';
import { createLogger } from '../../../bot/logger.js';
import { migrate } from '../../../bot/storage/postgres.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../../support/postgres.js';

describe('PostgreSQL migrations at start, several instances at once', function () {
  let db: TestDatabase;
  before(async function () {
    await requirePostgres(this);
    db = await createTestDatabase('migratetogether', { migrated: false });
  });
  after(async () => {
    await db?.drop();
  });

  it('waits while another instance holds the migration lock, then migrates', async () => {
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [PG_MIGRATE_LOCK_ID]);
      let settled: 'resolved' | Error | undefined;
      const run = migrate(db.url, createLogger('silent')).then(
        () => (settled = 'resolved'),
        (err: Error) => (settled = err),
      );
      // long enough for a run that does not wait to have failed (it fails on its first query after connecting)
      await new Promise((r) => setTimeout(r, 1_000));
      expect(settled, 'still waiting for the lock').to.equal(undefined);
      await other.query('SELECT pg_advisory_unlock($1)', [PG_MIGRATE_LOCK_ID]);
      await run;
      expect(settled).to.equal('resolved');
      const { rows } = await other.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'conversation_state'");
      expect(rows[0]?.n).to.equal(1);
    } finally {
      await other.end();
    }
  });
});
