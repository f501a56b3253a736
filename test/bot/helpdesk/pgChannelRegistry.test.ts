// The helpdesk channel registration in PostgreSQL: set through one instance, seen by another after its refresh, allow-list applied.
import { expect } from 'chai';
import pg from 'pg';
import { PgChannelRegistry } from '../../../bot/helpdesk/pgChannelRegistry.js';
import type { Registration } from '../../../bot/helpdesk/channelRegistry.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../../support/postgres.js';

const TEAM = { tenantId: 'tenant-1', teamId: '19:team@thread.tacv2' };
const registration = (by: string): Registration => ({
  reference: { conversation: { id: '19:general@thread.tacv2' } as never },
  registeredAt: '2026-11-21T10:00:00.000Z',
  registeredBy: by,
  team: TEAM,
});

describe('PgChannelRegistry', function () {
  let db: TestDatabase;
  let pool: pg.Pool;
  before(async function () {
    await requirePostgres(this);
    db = await createTestDatabase('registry');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  after(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('shares one registration between instances, used only while its team is allowed', async () => {
    const here = await PgChannelRegistry.open(pool, [TEAM], { refreshMs: 20 });
    const there = await PgChannelRegistry.open(pool, [], { refreshMs: 20 });
    try {
      expect(here.stored).to.equal(undefined);
      await here.set(registration('sam'));
      expect(here.current?.registeredBy).to.equal('sam');
      await new Promise((r) => setTimeout(r, 80));
      expect(there.stored?.registeredBy).to.equal('sam');
      expect(there.current).to.equal(undefined);
      await there.set(registration('kim'));
      await here.refresh();
      expect(here.current?.registeredBy).to.equal('kim');
      expect(await PgChannelRegistry.importRegistration(pool, registration('old'))).to.equal(false);
    } finally {
      await here.close();
      await there.close();
    }
  });
});
