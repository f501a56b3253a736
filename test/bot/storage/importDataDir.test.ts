// npm run db:import: a DATA_DIR written by the file stores arrives in PostgreSQL whole, and a second run changes nothing.
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { InsightEvent } from '../../../bot/insights/events.js';
import { FileInsightsStore } from '../../../bot/insights/fileStore.js';
import { PgInsightsStore } from '../../../bot/insights/pgStore.js';
import { createLogger } from '../../../bot/logger.js';
import { Database } from '../../../bot/storage/postgres.js';
import { ChannelRegistry } from '../../../bot/helpdesk/channelRegistry.js';
import { PgChannelRegistry } from '../../../bot/helpdesk/pgChannelRegistry.js';
import { importDataDir } from '../../../bot/storage/importDataDir.js';
import { PgTicketStore } from '../../../helpdesk/pgTicketStore.js';
import { HelpdeskService } from '../../../helpdesk/service.js';
import { LowTicketStore } from '../../../helpdesk/ticketStore.js';
import { sampleRequest, tempDir } from '../../helpdesk/fixtures/tickets.js';
import { turn } from '../../support/insightEvents.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../../support/postgres.js';

describe('db:import: DATA_DIR into PostgreSQL', function () {
  this.timeout(30_000);
  let db: TestDatabase;
  let pool: pg.Pool;
  let database: Database;
  let tmp: ReturnType<typeof tempDir>;
  let fileKey: Buffer;
  // two days of turns, a gap, a message answered in part and a ticket, as the bot recorded them on one machine
  const events: InsightEvent[] = [
    turn('2026-10-01T09:00:00.000Z', 1, 'answer', { entryId: 'locked-out' }),
    turn('2026-10-01T09:02:00.000Z', 4, 'answer', { entryId: 'mfa', unansweredParts: [{ question: 'can the fax wibble', outcome: 'unsure', entryId: 'web-access' }] }),
    turn('2026-10-01T09:05:00.000Z', 2, 'unsure', { entryId: 'mailbox-size', question: 'how do i wibble' }),
    turn('2026-10-02T10:00:00.000Z', 1, 'feedback', { entryId: 'locked-out', helpful: true }),
    { at: '2026-10-02T10:01:00.000Z', day: '2026-10-02', channel: 'webchat', conversation: null, person: 'P1', kind: 'ticketFiled', ref: 'NHSM-000001', requestType: 'leaver', status: 'new', filedAt: '2026-10-02T10:01:00.000Z' },
  ];
  const range = { from: '2026-10-01', to: '2026-10-02' };

  before(async function () {
    await requirePostgres(this);
    db = await createTestDatabase('import');
    database = new Database({ url: db.url, poolMax: 4, logger: createLogger('silent') });
    pool = database.pool;
    tmp = tempDir('import-');
    // a one-machine install: five tickets (one changed, the newest resolved and purged), pending events, a channel, an old feedback log
    const files = await LowTicketStore.open(path.join(tmp.dir, 'helpdesk', 'tickets'));
    const service = new HelpdeskService(files, { channels: () => ['webhook'] });
    for (let i = 0; i < 5; i++) await service.file(sampleRequest('locked-out', `u${i}`, `key-${i}`));
    await service.change('NHSM-000002', { status: 'in-progress', note: 'looking' }, 'agent');
    await service.change('NHSM-000005', { status: 'resolved' }, 'agent');
    await files.purgeResolved(new Date(Date.now() + 1000));
    await files.close();
    const registry = await ChannelRegistry.open(path.join(tmp.dir, 'helpdesk', 'channel.json'));
    await registry.set({ reference: { conversation: { id: '19:helpdesk@thread.tacv2' } as never }, registeredAt: '2026-11-01T09:00:00.000Z', registeredBy: 'sam' });
    fs.writeFileSync(
      path.join(tmp.dir, 'kb-feedback.jsonl'),
      `${JSON.stringify({ type: 'gap', at: '2026-09-01T09:00:00.000Z', question: 'how do i wibble', outcome: 'unsure', candidates: ['a'] })}\n`,
    );
    const insights = await FileInsightsStore.open(path.join(tmp.dir, 'insights'));
    await insights.append(events);
    fileKey = await insights.secret();
    await insights.close();
    // a write cut short by a crash, and an event that is not one
    const day2 = path.join(tmp.dir, 'insights', 'events', '2026-10-02.jsonl');
    fs.appendFileSync(day2, '{"at":"2026-10-02T11:00:00.000Z","day":"2026-10-02","kind":"answ\n');
    fs.appendFileSync(day2, `${JSON.stringify({ ...turn('2026-10-02T11:00:00.000Z', 3, 'answer'), kind: 'made-up' })}\n`);
  });
  after(async () => {
    await database?.close();
    await db?.drop();
    tmp?.remove();
  });

  it('copies tickets with history, pending events, the channel and insight events; a second run adds nothing', async () => {
    const first = await importDataDir(tmp.dir, database);
    expect(first).to.deep.equal({
      tickets: { found: 4, added: 4 },
      events: { found: 5, added: 5 },
      lastSequence: 5,
      channel: 'added',
      insights: { days: { found: 2, added: 2 }, events: { found: 5, added: 5 }, rejected: ['2026-10-02:3', '2026-10-02:4'], key: 'added' },
    });
    const second = await importDataDir(tmp.dir, database);
    expect(second).to.deep.equal({
      ...first,
      tickets: { found: 4, added: 0 },
      events: { found: 5, added: 0 },
      channel: 'kept existing',
      insights: { ...first.insights, days: { found: 2, added: 0 }, events: { found: 5, added: 0 }, key: 'kept existing' },
    });

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
    // the old feedback log is not copied; its table stays (with whatever an earlier version put there)
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM kb_feedback');
    expect(rows[0]!.n).to.equal(0);
  });

  it('gives the insights report the same figures from PostgreSQL as from the files, hashed with the same key', async () => {
    const files = await FileInsightsStore.open(path.join(tmp.dir, 'insights'));
    const pgStore = new PgInsightsStore(database);
    try {
      const metrics = ['answered', 'unanswered'];
      const [fromFiles, fromPg] = [await files.read(range, metrics), await pgStore.read(range, metrics)];
      expect(Object.fromEntries(fromPg.totals)).to.deep.equal(Object.fromEntries(fromFiles.totals)).and.not.be.empty;
      // the unanswered question and the part of a message left unanswered
      expect(fromPg.gaps).to.deep.equal(fromFiles.gaps).and.have.length(2);
      expect(fromPg.gaps.map((g) => [g.example, g.closest]).sort()).to.deep.equal([['can the fax wibble', 'web-access'], ['how do i wibble', 'mailbox-size']]);
      expect(await pgStore.tickets(range)).to.deep.equal(await files.tickets(range)).and.have.length(1);
      expect((await pgStore.secret()).equals(fileKey)).to.equal(true);
    } finally {
      await files.close();
    }
  });
});
