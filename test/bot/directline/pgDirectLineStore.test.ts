// The PostgreSQL Direct Line store: the store contract, then what only a shared database gives: two instances (two pools)
// on one conversation, a long-poll on one woken by an append on the other, and unique rising ids under concurrent appends.
import { expect } from 'chai';
import { PgDirectLineStore } from '../../../bot/directline/pgDirectLineStore.js';
import { createLogger } from '../../../bot/logger.js';
import { Database } from '../../../bot/storage/postgres.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../../support/postgres.js';
import { directLineStoreContract } from './directLineStoreContract.js';

const silent = createLogger('silent');

describe('PgDirectLineStore', function () {
  let db: TestDatabase;
  /** the contract's stores share one pool, as an instance's parts do */
  let shared: Database;
  const databases: Database[] = [];
  const stores: PgDirectLineStore[] = [];
  before(async function () {
    await requirePostgres(this);
    db = await createTestDatabase('pgdl');
    shared = new Database({ url: db.url, poolMax: 4, logger: silent });
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await Promise.all(databases.splice(0).map((d) => d.close()));
  });
  after(async () => {
    await shared?.close();
    await db?.drop();
  });

  /** An instance: its own pool and store on the shared database. */
  function instance(options: ConstructorParameters<typeof PgDirectLineStore>[1] = { logger: silent }): PgDirectLineStore {
    const database = new Database({ url: db.url, poolMax: 4, logger: silent });
    databases.push(database);
    const store = new PgDirectLineStore(database, options);
    stores.push(store);
    return store;
  }

  /** Deletes rather than truncates: the triggers keep the byte total, and a few rows go faster this way. */
  async function empty(): Promise<void> {
    await shared.query('DELETE FROM directline_conversations');
  }

  directLineStoreContract('PostgreSQL', async (options) => {
    await empty();
    return new PgDirectLineStore(shared, { ...options, logger: silent });
  });

  describe('two instances on one database', () => {
    beforeEach(empty);

    it('serves a conversation started on one from the other, and wakes a long-poll on the first within a second of an append on the second', async () => {
      const a = instance();
      const b = instance();
      const grant = await a.generate();
      expect(await a.start(grant.conversationId)).to.equal(true);
      expect(await b.authorize(grant.token, grant.conversationId)).to.deep.include({ ok: true });
      expect(await b.start(grant.conversationId), 'started once, wherever asked').to.equal(false);

      const t0 = Date.now();
      const held = a.since(grant.conversationId, undefined, { ms: 8_000 });
      await new Promise((r) => setTimeout(r, 300));
      expect(a.waiting).to.equal(1);
      const appended = (await b.append(grant.conversationId, { type: 'message', text: 'from b' }))!;
      const appendedAt = Date.now();
      const page = (await held)!;
      expect(page.activities).to.deep.equal([appended]);
      expect(Date.now() - appendedAt, 'woken by NOTIFY, not by the time limit').to.be.lessThan(1_000);
      expect(Date.now() - t0).to.be.lessThan(2_000);
      expect(a.waiting).to.equal(0);
    });

    it('gives unique, rising ids and watermarks under concurrent appends from both', async () => {
      const a = instance();
      const b = instance();
      const { conversationId: id } = await a.generate();
      const sent = await Promise.all(
        Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).append(id, { type: 'message', text: `m${i}` })),
      );
      const ids = sent.map((s) => s!.id);
      expect(new Set(ids).size).to.equal(60);
      const page = (await b.since(id, undefined))!;
      expect(page.watermark).to.equal('59');
      const seqs = page.activities.map((x) => Number(x.id.split('|')[1]));
      expect(seqs).to.deep.equal([...seqs].sort((x, y) => x - y));
      expect(seqs).to.deep.equal(Array.from({ length: 60 }, (_, i) => i));
      expect(page.activities.map((x) => x.text).sort()).to.deep.equal(sent.map((s) => s!.text).sort());
    });

    it('a poller reading while both append never skips an activity behind its watermark', async () => {
      const a = instance();
      const b = instance();
      const { conversationId: id } = await a.generate();
      const seen: string[] = [];
      let watermark: string | undefined;
      let writing = true;
      const writers = Promise.all([a, b].map(async (s, w) => {
        for (let i = 0; i < 40; i++) await s.append(id, { type: 'message', text: `${w}-${i}` });
      })).finally(() => (writing = false));
      while (writing) {
        const page = (await a.since(id, watermark))!;
        seen.push(...page.activities.map((x) => x.id));
        watermark = page.watermark;
      }
      await writers;
      const rest = (await b.since(id, watermark))!;
      seen.push(...rest.activities.map((x) => x.id));
      expect(seen).to.have.length(80);
      expect(new Set(seen).size).to.equal(80);
    });

    it('holds the live cap across instances: two starting the last place at once, one is refused', async () => {
      const a = instance({ logger: silent, maxConversations: 1 });
      const b = instance({ logger: silent, maxConversations: 1 });
      const one = await a.generate();
      const two = await b.generate();
      const results = await Promise.allSettled([a.start(one.conversationId), b.start(two.conversationId)]);
      expect(results.filter((r) => r.status === 'fulfilled' && r.value === true)).to.have.length(1);
      expect(results.filter((r) => r.status === 'rejected')).to.have.length(1);
    });

    it('sweeps safely from both at once, and keeps the byte total in step with what is queued', async () => {
      const clock = { t: 5_000_000 };
      const a = instance({ logger: silent, now: () => clock.t, conversationIdleMs: 10_000 });
      const b = instance({ logger: silent, now: () => clock.t, conversationIdleMs: 10_000 });
      for (let i = 0; i < 20; i++) {
        const { conversationId } = await a.generate();
        await a.start(conversationId);
        await b.append(conversationId, { type: 'message', text: 'x'.repeat(100) });
      }
      expect((await a.stats()).queuedBytes).to.be.greaterThan(2_000);
      clock.t += 10_000;
      await Promise.all([a.sweep(), b.sweep(), a.sweep()]);
      expect(await b.stats()).to.deep.equal({ started: 0, unstarted: 0, queuedBytes: 0 });
      const { rows } = await shared.query<{ n: number }>('SELECT (SELECT count(*) FROM directline_conversations)::int + (SELECT count(*) FROM directline_tokens)::int AS n');
      expect(rows[0]!.n).to.equal(0);
    });
  });
});
