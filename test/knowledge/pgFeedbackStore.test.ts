// Gap and feedback records in PostgreSQL: redacted before they are written, read back in order, imported once.
import { expect } from 'chai';
import pg from 'pg';
import { PgFeedbackStore } from '../../knowledge/pgFeedbackStore.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../support/postgres.js';

describe('PgFeedbackStore', function () {
  let db: TestDatabase;
  let pool: pg.Pool;
  before(async function () {
    await requirePostgres(this);
    db = await createTestDatabase('feedback');
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  after(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('records gaps and feedback without phone numbers, and imports a log once', async () => {
    let t = Date.parse('2026-11-21T10:00:00Z');
    const store = new PgFeedbackStore(pool, () => new Date((t += 1000)));
    await store.recordGap('call me on 07700 900123 about wibbles', 'unsure', ['a', 'b']);
    await store.recordFeedback('locked-out', false, 'still locked out');
    const gap = { at: '2026-01-01T00:00:00.000Z', question: 'old question', outcome: 'offTopic' as const, candidates: [] };
    expect(await store.importRecords([gap], [])).to.equal(1);
    expect(await store.importRecords([gap], [])).to.equal(0);
    const { gaps, feedback } = await store.readAll();
    expect(gaps.map((g) => g.question)).to.deep.equal(['old question', gaps[1]!.question]);
    expect(gaps[1]!.question).to.not.contain('07700');
    expect(gaps[1]).to.deep.include({ outcome: 'unsure', candidates: ['a', 'b'] });
    expect(feedback).to.deep.equal([{ at: '2026-11-21T10:00:02.000Z', entryId: 'locked-out', helpful: false, question: 'still locked out' }]);
  });
});
