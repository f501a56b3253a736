// npm run db:import: a DATA_DIR written by the file stores arrives in PostgreSQL whole, and a second run changes nothing.
import { expect } from 'chai';
import path from 'node:path';
import pg from 'pg';
import { ChannelRegistry } from '../../../bot/helpdesk/channelRegistry.js';
import { PgChannelRegistry } from '../../../bot/helpdesk/pgChannelRegistry.js';
import { importDataDir } from '../../../bot/storage/importDataDir.js';
import { PgTicketStore } from '../../../helpdesk/pgTicketStore.js';
import { HelpdeskService } from '../../../helpdesk/service.js';
import { LowTicketStore } from '../../../helpdesk/ticketStore.js';
import { FeedbackStore } from '../../../knowledge/feedbackStore.js';
import { PgFeedbackStore } from '../../../knowledge/pgFeedbackStore.js';
import { sampleRequest, tempDir } from '../../helpdesk/fixtures/tickets.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../../support/postgres.js';

describe('db:import: DATA_DIR into PostgreSQL', function () {
  this.timeout(30_000);
  let db: TestDatabase;
  let pool: pg.Pool;
  let tmp: ReturnType<typeof tempDir>;

  before(async function () {
    await requirePostgres(this);
    db = await createTestDatabase('import');
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
    tmp = tempDir('import-');
    // a one-machine install: five tickets (one changed, the newest resolved and purged), pending events, a channel, feedback
    const files = await LowTicketStore.open(path.join(tmp.dir, 'helpdesk', 'tickets'));
    const service = new HelpdeskService(files, { channels: () => ['webhook'] });
    for (let i = 0; i < 5; i++) await service.file(sampleRequest('locked-out', `u${i}`, `key-${i}`));
    await service.change('NHSM-000002', { status: 'in-progress', note: 'looking' }, 'agent');
    await service.change('NHSM-000005', { status: 'resolved' }, 'agent');
    await files.purgeResolved(new Date(Date.now() + 1000));
    await files.close();
    const registry = await ChannelRegistry.open(path.join(tmp.dir, 'helpdesk', 'channel.json'));
    await registry.set({ reference: { conversation: { id: '19:helpdesk@thread.tacv2' } as never }, registeredAt: '2026-11-01T09:00:00.000Z', registeredBy: 'sam' });
    const feedback = await FeedbackStore.open(tmp.dir);
    await feedback.recordGap('how do i wibble', 'unsure', ['a']);
    await feedback.recordFeedback('locked-out', false, 'locked out');
  });
  after(async () => {
    await pool?.end();
    await db?.drop();
    tmp?.remove();
  });

  it('copies tickets with history, pending events, the channel and feedback; a second run adds nothing', async () => {
    const first = await importDataDir(tmp.dir, pool);
    expect(first).to.deep.equal({
      tickets: { found: 4, added: 4 },
      events: { found: 5, added: 5 },
      lastSequence: 5,
      channel: 'added',
      feedback: { found: 2, added: 2 },
    });
    const second = await importDataDir(tmp.dir, pool);
    expect(second).to.deep.equal({ ...first, tickets: { found: 4, added: 0 }, events: { found: 5, added: 0 }, channel: 'kept existing', feedback: { found: 2, added: 0 } });

    const store = new PgTicketStore(pool);
    try {
      const t2 = await store.get('NHSM-000002');
      expect(t2?.history.map((h) => h.status)).to.deep.equal(['new', 'in-progress']);
      expect(t2?.version).to.equal(2);
      expect((await store.findByIdempotencyKey('key-2'))?.ref).to.equal('NHSM-000003');
      expect((await store.pendingEvents()).map((e) => e.id)).to.include.members(['NHSM-000002.v2.webhook', 'NHSM-000001.v1.webhook']);
      // the purged NHSM-000005 is never given out again
      const next = await new HelpdeskService(store).file(sampleRequest('leaver', 'new'));
      expect(next.ticket.ref).to.equal('NHSM-000006');
    } finally {
      await store.close();
    }
    const registry = await PgChannelRegistry.open(pool);
    expect(registry.stored?.registeredBy).to.equal('sam');
    await registry.close();
    const records = await new PgFeedbackStore(pool).readAll();
    expect(records.gaps.map((g) => g.question)).to.deep.equal(['how do i wibble']);
    expect(records.feedback.map((f) => f.entryId)).to.deep.equal(['locked-out']);
  });
});
