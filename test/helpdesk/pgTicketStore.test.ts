// PostgreSQL only: instances sharing one database file without repeats and deliver every event, once when nothing fails.
import { expect } from 'chai';
import pg from 'pg';
import { OutboxWorker, type OutboxEvent } from '../../helpdesk/outbox.js';
import { PgTicketStore } from '../../helpdesk/pgTicketStore.js';
import { FilingLimitError, HelpdeskService, OpenDuplicateError } from '../../helpdesk/service.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../support/postgres.js';
import { sampleRequest } from './fixtures/tickets.js';

describe('PgTicketStore: several instances on one database', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let pools: pg.Pool[] = [];
  let stores: PgTicketStore[] = [];
  let workers: OutboxWorker[] = [];

  /** an "instance": its own pool and store */
  const instance = () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 6 });
    const store = new PgTicketStore(pool);
    pools.push(pool);
    stores.push(store);
    return store;
  };

  before(async function () {
    await requirePostgres(this);
    db = await createTestDatabase('pgtickets');
  });
  beforeEach(async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    await pool.query('TRUNCATE tickets, outbox_events RESTART IDENTITY; ALTER SEQUENCE ticket_ref_seq RESTART');
    await pool.end();
  });
  afterEach(async () => {
    for (const w of workers) await w.stop();
    for (const s of stores) await s.close();
    for (const p of pools) await p.end();
    workers = [];
    stores = [];
    pools = [];
  });
  after(async () => {
    await db?.drop();
  });

  it('gives 200 filings from two instances at once 200 unique references, and one ticket per idempotency key', async () => {
    const services = [instance(), instance()].map((s) => new HelpdeskService(s, { channels: () => ['webhook'] }));
    // 150 distinct filings, and 50 keys each filed once by each instance
    const filings = [
      ...Array.from({ length: 150 }, (_, i) => services[i % 2]!.file(sampleRequest('locked-out', `u${i}`))),
      ...Array.from({ length: 50 }, (_, i) => services[0]!.file(sampleRequest('leaver', `k${i}`, `key-${i}`))),
      ...Array.from({ length: 50 }, (_, i) => services[1]!.file(sampleRequest('leaver', `k${i}`, `key-${i}`))),
    ];
    const results = await Promise.all(filings);
    const created = results.filter((r) => r.created);
    expect(created).to.have.length(200);
    expect(new Set(created.map((r) => r.ticket.ref)).size).to.equal(200);
    for (let i = 0; i < 50; i++) expect(results[150 + i]!.ticket.ref).to.equal(results[200 + i]!.ticket.ref);
    expect(await stores[0]!.count()).to.equal(200);
    expect(await stores[1]!.pendingCount()).to.equal(200);
  });

  it('holds the duplicate check and the filing limit across instances filing in parallel', async () => {
    const limit = { max: 3, windowMs: 600_000 };
    const services = [instance(), instance()].map((s) => new HelpdeskService(s, { filingLimit: limit }));
    // the same request from both instances at once: one files, the other is offered it
    const same = await Promise.allSettled(services.map((s) => s.file({ ...sampleRequest('locked-out', 'dup'), duplicates: 'offer' })));
    expect(same.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    expect(same.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)[0]).to.be.instanceOf(OpenDuplicateError);
    // ten different requests by one person, spread over both: only `max` are filed
    const many = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => services[i % 2]!.file({ ...sampleRequest('locked-out', 'busy'), fields: { ...sampleRequest().fields, name: `Person ${'x'.repeat(i + 1)}` } })),
    );
    expect(many.filter((r) => r.status === 'fulfilled')).to.have.length(3);
    expect(many.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof FilingLimitError)).to.equal(true);
  });

  it('delivers every event exactly once with two workers on one database when nothing fails', async () => {
    const [a, b] = [instance(), instance()];
    const seen: string[] = [];
    for (const store of [a, b]) {
      const worker = new OutboxWorker(store, { concurrency: 4, pollIntervalMs: 50 });
      worker.register('webhook', async (e: OutboxEvent) => {
        seen.push(e.id);
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        return { ok: true };
      });
      worker.start();
      workers.push(worker);
    }
    const services = [a, b].map((s) => new HelpdeskService(s, { channels: () => ['webhook'] }));
    const tickets = await Promise.all(Array.from({ length: 60 }, (_, i) => services[i % 2]!.file(sampleRequest('locked-out', `w${i}`))));
    // a second version of each: must come after the first
    await Promise.all(tickets.map((t, i) => services[i % 2]!.change(t.ticket.ref, { status: 'in-progress' }, 'agent')));
    const until = Date.now() + 20_000;
    while ((await a.pendingCount()) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(await a.pendingCount()).to.equal(0);
    expect(seen).to.have.length(120);
    expect(new Set(seen).size).to.equal(120);
    for (const t of tickets) expect(seen.indexOf(`${t.ticket.ref}.v1.webhook`)).to.be.below(seen.indexOf(`${t.ticket.ref}.v2.webhook`));
  });

  it('hands a dead instance\'s claims to another after the lease: delivered at least once', async () => {
    const [dead, alive] = [instance(), instance()];
    const service = new HelpdeskService(dead, { channels: () => ['webhook'] });
    const refs = [];
    for (let i = 0; i < 5; i++) refs.push((await service.file(sampleRequest('locked-out', `d${i}`))).ticket.ref);
    // the first instance claims everything, then "dies" without reporting
    const claimed = await dead.claim({ channel: 'webhook', limit: 10, now: Date.now(), leaseMs: 300 });
    expect(claimed).to.have.length(5);
    const seen: string[] = [];
    const worker = new OutboxWorker(alive, { leaseMs: 300, pollIntervalMs: 100 });
    worker.register('webhook', async (e) => {
      seen.push(e.id);
      return { ok: true };
    });
    workers.push(worker);
    worker.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).to.deep.equal([]);
    const until = Date.now() + 5_000;
    while ((await alive.pendingCount()) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(seen.sort()).to.deep.equal(refs.map((r) => `${r}.v1.webhook`).sort());
  });
});
