// Runs the TicketStore contract against both backends: the lowdb files and PostgreSQL.
import pg from 'pg';
import { PgTicketStore } from '../../helpdesk/pgTicketStore.js';
import { LowTicketStore, type TicketStore } from '../../helpdesk/ticketStore.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../support/postgres.js';
import { tempDir } from './fixtures/tickets.js';
import { ticketStoreContract, type StoreHarness } from './ticketStoreContract.js';

describe('TicketStore contract: LowTicketStore', () => {
  let tmp: ReturnType<typeof tempDir> | undefined;
  let open: TicketStore[] = [];
  const harness: StoreHarness = {
    async open(now) {
      tmp = tempDir();
      const store = await LowTicketStore.open(tmp.dir, { shardSize: 10, now });
      open.push(store);
      return store;
    },
    async reopen(now) {
      // one process owns the folder: the one before is closed first
      for (const s of open) await s.close();
      const store = await LowTicketStore.open(tmp!.dir, { shardSize: 10, now });
      open.push(store);
      return store;
    },
    async reset() {
      for (const s of open) await s.close();
      open = [];
      tmp?.remove();
    },
  };
  ticketStoreContract(() => harness);
});

describe('TicketStore contract: PgTicketStore', function () {
  let db: TestDatabase;
  let pools: pg.Pool[] = [];
  let open: TicketStore[] = [];
  const pool = () => {
    const p = new pg.Pool({ connectionString: db.url, max: 5 });
    pools.push(p);
    return p;
  };
  const harness: StoreHarness = {
    async open(now) {
      const p = pool();
      await p.query('TRUNCATE tickets, outbox_events RESTART IDENTITY; ALTER SEQUENCE ticket_ref_seq RESTART');
      const store = new PgTicketStore(p, { now });
      open.push(store);
      return store;
    },
    async reopen(now) {
      // another instance on its own pool
      const store = new PgTicketStore(pool(), { now });
      open.push(store);
      return store;
    },
    async reset() {
      for (const s of open) await s.close();
      for (const p of pools) await p.end();
      open = [];
      pools = [];
    },
  };
  before(async function () {
    await requirePostgres(this);
    db = await createTestDatabase('contract');
  });
  after(async () => {
    await db?.drop();
  });
  ticketStoreContract(() => harness);
});
