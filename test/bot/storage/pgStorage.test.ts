// PgStorage beyond the shared contract: instances racing on one row, and a database that cannot be reached.
import { expect } from 'chai';
import { createLogger } from '../../../bot/logger.js';
import { ETagConflictError } from '../../../bot/storage/eTagConflict.js';
import { PgStorage } from '../../../bot/storage/pgStorage.js';
import { Database, isUnavailable } from '../../../bot/storage/postgres.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../../support/postgres.js';

const silent = createLogger('silent');
const DAY = 86_400_000;

describe('PgStorage', function () {
  let db: TestDatabase;
  const databases: Database[] = [];
  const connect = () => {
    const d = new Database({ url: db.url, poolMax: 4, logger: silent });
    databases.push(d);
    return d;
  };
  before(async function () {
    await requirePostgres(this);
    db = await createTestDatabase('pgstorage');
  });
  after(async () => {
    await Promise.all(databases.map((d) => d.close()));
    await db?.drop();
  });

  it('lets exactly one of many instances holding the same eTag write, each on its own pool', async () => {
    const instances = Array.from({ length: 6 }, () => new PgStorage(connect(), { ttlMs: DAY }));
    await instances[0]!.write({ race: { n: 0 } });
    const reads = await Promise.all(instances.map((s) => s.read(['race'])));
    const results = await Promise.allSettled(instances.map((s, i) => s.write({ race: { ...reads[i]!['race'], n: i + 1 } })));
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i + 1] : []));
    expect(won).to.have.length(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).to.be.instanceOf(ETagConflictError);
    expect((await instances[3]!.read(['race']))['race'].n).to.equal(won[0]);
  });

  it('sees another instance remove a row and keeps no stale copy of it', async () => {
    const [a, b] = [new PgStorage(connect(), { ttlMs: DAY }), new PgStorage(connect(), { ttlMs: DAY })];
    await a.write({ gone: { n: 1 } });
    expect(await b.read(['gone'])).to.have.property('gone');
    await a.delete(['gone']);
    expect(await b.read(['gone'])).to.deep.equal({});
  });

  it('fails reads and writes with an error isUnavailable() recognises when the database cannot be reached', async () => {
    const down = new Database({ url: 'postgres://postgres@127.0.0.1:1/none', poolMax: 1, logger: silent, connectTimeoutMs: 500 });
    databases.push(down);
    const s = new PgStorage(down, { ttlMs: DAY });
    for (const op of [() => s.read(['k']), () => s.write({ k: { n: 1 } }), () => s.delete(['k']), () => s.sweep()]) {
      const err = await op().then(() => undefined, (e: unknown) => e);
      expect(isUnavailable(err)).to.equal(true);
    }
  });
});
