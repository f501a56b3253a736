// The conversation-state contract every backend keeps (botbuilder's Storage with eTags, the persist option, expiry, concurrent writers), run against each.
import { expect } from 'chai';
import type { ConversationStore } from '../../../bot/storage/backend.js';
import { ETagConflictError } from '../../../bot/storage/eTagConflict.js';

export interface StoreOptions {
  ttlMs: number;
  persist?: (item: Readonly<Record<string, unknown>>) => boolean;
}

/** One backend under test: fresh backing per test, and stores opened on it (a second one is a restart or another instance). */
export interface ContractBackend {
  open(options: StoreOptions): Promise<ConversationStore>;
  /** whether the key has a durable copy (a file, a row), after a flush */
  isStored(key: string): Promise<boolean>;
  close(): Promise<void>;
}

const DAY = 86_400_000;
const KEY = 'webchat/conversations/c1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const worthKeeping = (item: Readonly<Record<string, unknown>>) => item['keep'] === true;

async function settle(write: Promise<void>): Promise<'ok' | 'conflict'> {
  try {
    await write;
    return 'ok';
  } catch (err) {
    expect(err).to.be.instanceOf(ETagConflictError);
    return 'conflict';
  }
}

/** Registers the contract's tests in the calling describe; `makeBackend` runs before each test. */
export function storageContract(makeBackend: () => Promise<ContractBackend>): void {
  let backend: ContractBackend;
  const opened: ConversationStore[] = [];
  const open = async (options: Partial<StoreOptions> = {}) => {
    const store = await backend.open({ ttlMs: DAY, ...options });
    opened.push(store);
    return store;
  };
  beforeEach(async () => {
    backend = await makeBackend();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.flush()));
    await backend.close();
  });

  describe('read, write, delete', () => {
    it('writes, reads back with an eTag, and deletes', async () => {
      const s = await open();
      await s.write({ [KEY]: { dialogState: { step: 2, facts: ['a', 'b'] } } });
      const got = (await s.read([KEY]))[KEY];
      expect(got).to.deep.include({ dialogState: { step: 2, facts: ['a', 'b'] } });
      expect(got.eTag).to.be.a('string').and.not.equal('*');
      await s.delete([KEY]);
      expect(await s.read([KEY])).to.deep.equal({});
      await s.flush();
      expect(await backend.isStored(KEY)).to.equal(false);
    });

    it('leaves missing keys out, and deletes a key never written without complaint', async () => {
      const s = await open();
      await s.write({ present: { n: 1 } });
      expect(Object.keys(await s.read(['present', 'absent']))).to.deep.equal(['present']);
      await s.delete(['never-written']);
    });

    it('returns copies: changing what was read or written does not change what is stored', async () => {
      const s = await open();
      const item = { list: [1, 2] };
      await s.write({ [KEY]: item });
      item.list.push(3);
      const first = (await s.read([KEY]))[KEY];
      first.list.push(4);
      expect((await s.read([KEY]))[KEY].list).to.deep.equal([1, 2]);
    });

    it('keeps what it wrote for the next store on the same backing (a restart, another instance)', async () => {
      const s = await open();
      await s.write({ [KEY]: { text: 'caf\u00e9 \u0000 \u{1F600}', n: 1.5, nested: { deep: [null, true] } } });
      await s.flush();
      const again = await open();
      expect((await again.read([KEY]))[KEY]).to.deep.include({ text: 'caf\u00e9 \u0000 \u{1F600}', n: 1.5, nested: { deep: [null, true] } });
    });
  });

  describe('eTags (botbuilder: absent or "*" is last write wins, a stale one is refused)', () => {
    it('accepts the current eTag and issues a new one', async () => {
      const s = await open();
      await s.write({ [KEY]: { n: 1 } });
      const read = (await s.read([KEY]))[KEY];
      await s.write({ [KEY]: { ...read, n: 2 } });
      const after = (await s.read([KEY]))[KEY];
      expect(after.n).to.equal(2);
      expect(after.eTag).to.not.equal(read.eTag);
    });

    it('refuses a stale eTag with ETagConflictError and keeps the newer item', async () => {
      const s = await open();
      await s.write({ [KEY]: { n: 1 } });
      const stale = (await s.read([KEY]))[KEY];
      await s.write({ [KEY]: { ...stale, n: 2 } });
      const err = await s.write({ [KEY]: { ...stale, n: 3 } }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ETagConflictError);
      expect((await s.read([KEY]))[KEY].n).to.equal(2);
    });

    it('lets "*" and an absent eTag overwrite whatever is stored', async () => {
      const s = await open();
      await s.write({ [KEY]: { n: 1 } });
      await s.write({ [KEY]: { n: 2, eTag: '*' } });
      expect((await s.read([KEY]))[KEY].n).to.equal(2);
      await s.write({ [KEY]: { n: 3 } });
      expect((await s.read([KEY]))[KEY].n).to.equal(3);
    });

    it('writes an item with an eTag to a key that has nothing (as MemoryStorage does)', async () => {
      const s = await open();
      await s.write({ [KEY]: { n: 1, eTag: 'from-a-deleted-item' } });
      expect((await s.read([KEY]))[KEY].n).to.equal(1);
    });
  });

  describe('the persist option', () => {
    it('keeps an item not worth keeping in memory only: readable now, no durable copy, gone after a restart', async () => {
      const s = await open({ persist: worthKeeping });
      await s.write({ [KEY]: { keep: false, lastAnswer: 'x' } });
      expect((await s.read([KEY]))[KEY]).to.include({ lastAnswer: 'x' });
      await s.flush();
      expect(await backend.isStored(KEY)).to.equal(false);
      const restarted = await open({ persist: worthKeeping });
      expect(await restarted.read([KEY])).to.deep.equal({});
    });

    it('removes the durable copy when an item stops being worth keeping, and checks eTags across both', async () => {
      const s = await open({ persist: worthKeeping });
      await s.write({ [KEY]: { keep: true, step: 1 } });
      await s.flush();
      expect(await backend.isStored(KEY)).to.equal(true);
      const kept = (await s.read([KEY]))[KEY];
      await s.write({ [KEY]: { ...kept, keep: false } });
      await s.flush();
      expect(await backend.isStored(KEY)).to.equal(false);
      const err = await s.write({ [KEY]: { ...kept, keep: true, step: 9 } }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ETagConflictError);
      const current = (await s.read([KEY]))[KEY];
      expect(current.keep).to.equal(false);
      await s.write({ [KEY]: { ...current, keep: true, step: 2 } });
      await s.flush();
      expect(await backend.isStored(KEY)).to.equal(true);
      expect((await s.read([KEY]))[KEY].step).to.equal(2);
    });
  });

  describe('expiry', () => {
    it('treats state idle past the TTL as gone, and the sweep removes it but nothing fresher', async () => {
      const s = await open({ ttlMs: 300 });
      await s.write({ old: { n: 1 } });
      await s.flush();
      await sleep(400);
      await s.write({ fresh: { n: 2 } });
      await s.flush();
      expect(Object.keys(await s.read(['old', 'fresh']))).to.deep.equal(['fresh']);
      expect(await s.sweep()).to.be.at.least(1);
      expect(await backend.isStored('old')).to.equal(false);
      expect(await backend.isStored('fresh')).to.equal(true);
    });
  });

  describe('concurrent writers', () => {
    it('lets exactly one of two writers holding the same eTag win', async () => {
      const s = await open();
      await s.write({ [KEY]: { n: 0 } });
      const read = (await s.read([KEY]))[KEY];
      const outcomes = await Promise.all([settle(s.write({ [KEY]: { ...read, n: 1 } })), settle(s.write({ [KEY]: { ...read, n: 2 } }))]);
      expect([...outcomes].sort()).to.deep.equal(['conflict', 'ok']);
      expect((await s.read([KEY]))[KEY].n).to.equal(outcomes[0] === 'ok' ? 1 : 2);
    });

    it('serves flush() and sweep() at any time', async () => {
      const s = await open();
      await s.flush();
      expect(await s.sweep()).to.equal(0);
    });
  });
}
