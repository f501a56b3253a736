// Two bots on one DATABASE_URL share the helpdesk: a ticket filed through one is seen, changed and announced through the other.
import { expect } from 'chai';
import { PgTicketStore } from '../../helpdesk/pgTicketStore.js';
import { tempDir } from '../helpdesk/fixtures/tickets.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../support/postgres.js';
import { api, eventually, FakeConnector, fileViaChat, startBot, WEBHOOK_SECRET, WebhookReceiver, type Bot } from './helpdeskHarness.js';

describe('helpdesk on PostgreSQL: two instances, one database', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let connector: FakeConnector;
  let hook: WebhookReceiver;
  const bots: Bot[] = [];
  const dirs: ReturnType<typeof tempDir>[] = [];

  before(async function () {
    await requirePostgres(this);
    db = await createTestDatabase('pghelpdesk', { migrated: false });
    connector = await new FakeConnector().start();
    hook = await new WebhookReceiver().start();
    for (let i = 0; i < 2; i++) {
      const dir = tempDir('pg-helpdesk-');
      dirs.push(dir);
      // the first to start migrates the empty database
      bots.push(await startBot(dir.dir, { DATABASE_URL: db.url, HELPDESK_WEBHOOK_URL: hook.url, HELPDESK_WEBHOOK_SECRET: WEBHOOK_SECRET }));
    }
  });
  after(async () => {
    for (const b of bots) await b.close();
    await connector?.close();
    await hook?.close();
    for (const d of dirs) d.remove();
    await db?.drop();
  });

  it('files through one instance, lists and changes through the other, numbering from one sequence, each event delivered once', async () => {
    const [a, b] = bots as [Bot, Bot];
    expect(a.app.deps.helpdesk.store).to.be.instanceOf(PgTicketStore);
    const first = await fileViaChat(a.url, connector.url, { user: 'ann', conversation: 'ann-1' });
    const second = await fileViaChat(b.url, connector.url, { user: 'bob', conversation: 'bob-1' });
    expect([first, second]).to.deep.equal(['NHSM-000001', 'NHSM-000002']);
    const listed = await api(b.url, 'GET', '/api/tickets');
    expect((listed.body['tickets'] as { ref: string }[]).map((t) => t.ref)).to.deep.equal([first, second]);
    const changed = await api(b.url, 'PATCH', `/api/tickets/${first}`, { body: { status: 'in-progress' }, user: 'sam' });
    expect(changed.status).to.equal(200);
    expect((await a.app.deps.helpdesk.service.get(first))?.status).to.equal('in-progress');
    await eventually(async () => (await a.app.deps.helpdesk.store.pendingCount()) === 0, 10_000);
    const ids = hook.received.map((h) => h.eventId);
    expect(ids.sort()).to.deep.equal([`${first}.v1.webhook`, `${first}.v2.webhook`, `${second}.v1.webhook`]);
  });
});
