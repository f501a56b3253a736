// The contract every DirectLineStore keeps (memory and PostgreSQL alike): binding, expiry, refresh, watermarks, caps, long-polls.
import { expect } from 'chai';
import { StoreFullError, type DirectLineStore, type DirectLineStoreOptions } from '../../../bot/directline/directLineStore.js';

export interface StoreUnderTest {
  store: DirectLineStore;
  clock: { t: number };
}

/** Makes an empty store with these options and a clock the test moves; the suite closes what it makes. */
export type MakeStore = (options: Partial<DirectLineStoreOptions>) => Promise<DirectLineStore>;

export function directLineStoreContract(name: string, make: MakeStore): void {
  describe(`DirectLineStore contract: ${name}`, () => {
    const made: DirectLineStore[] = [];
    afterEach(async () => {
      await Promise.all(made.splice(0).map((s) => s.close()));
    });

    async function storeAt(options: Partial<DirectLineStoreOptions> = {}): Promise<StoreUnderTest> {
      const clock = { t: 1_000_000 };
      const store = await make({ now: () => clock.t, ...options });
      made.push(store);
      return { store, clock };
    }

    describe('tokens', () => {
      it('issues long random tokens bound to one new conversation', async () => {
        const { store } = await storeAt();
        const a = await store.generate();
        const b = await store.generate();
        expect(Buffer.from(a.token, 'base64url').length).to.be.at.least(32);
        expect(a.token).to.not.equal(b.token);
        expect(a.conversationId).to.not.equal(b.conversationId);
        expect(a.userId).to.match(/^dl_/);
        expect(await store.authorize(a.token, a.conversationId)).to.deep.equal({ ok: true, conversationId: a.conversationId, userId: a.userId });
      });

      it('refuses a token for any other conversation', async () => {
        const { store } = await storeAt();
        const a = await store.generate();
        const b = await store.generate();
        expect(await store.authorize(a.token, b.conversationId)).to.deep.equal({ ok: false, reason: 'forbidden' });
        expect(await store.authorize(b.token, a.conversationId)).to.deep.equal({ ok: false, reason: 'forbidden' });
      });

      const refusals: [string, string | undefined, string][] = [
        ['no token', undefined, 'missing'],
        ['an empty token', '', 'missing'],
        ['a made-up token', 'x'.repeat(43), 'unknown'],
      ];
      for (const [what, token, reason] of refusals) {
        it(`refuses ${what}`, async () => {
          const { store } = await storeAt();
          const a = await store.generate();
          expect(await store.authorize(token, a.conversationId)).to.deep.equal({ ok: false, reason });
        });
      }

      it('expires a token after its time to live', async () => {
        const { store, clock } = await storeAt({ tokenTtlMs: 60_000 });
        const a = await store.generate();
        expect(a.expiresIn).to.equal(60);
        clock.t += 59_999;
        expect((await store.authorize(a.token)).ok).to.equal(true);
        clock.t += 1;
        expect(await store.authorize(a.token)).to.deep.equal({ ok: false, reason: 'expired' });
      });

      it('refresh gives a new token for the same conversation; the old one lapses after a short grace', async () => {
        const { store, clock } = await storeAt({ tokenTtlMs: 30 * 60_000 });
        const a = await store.generate();
        await store.start(a.conversationId);
        clock.t += 15 * 60_000;
        const b = (await store.refresh(a.token))!;
        expect(b.conversationId).to.equal(a.conversationId);
        expect(b.token).to.not.equal(a.token);
        expect((await store.authorize(a.token)).ok, 'old token during grace').to.equal(true);
        clock.t += 61_000;
        expect((await store.authorize(a.token)).ok, 'old token after grace').to.equal(false);
        clock.t += 20 * 60_000;
        expect((await store.authorize(b.token)).ok, 'new token outlives the old expiry').to.equal(true);
      });

      it('will not refresh an expired or unknown token', async () => {
        const { store, clock } = await storeAt({ tokenTtlMs: 1000 });
        const a = await store.generate();
        clock.t += 1000;
        expect(await store.refresh(a.token)).to.equal(undefined);
        expect(await store.refresh('nope')).to.equal(undefined);
        expect(await store.refresh(undefined)).to.equal(undefined);
      });
    });

    describe('conversations', () => {
      it('starts once', async () => {
        const { store } = await storeAt();
        const a = await store.generate();
        expect(await store.isStarted(a.conversationId)).to.equal(false);
        expect(await store.start(a.conversationId)).to.equal(true);
        expect(await store.start(a.conversationId)).to.equal(false);
        expect(await store.isStarted(a.conversationId)).to.equal(true);
        expect(await store.start('unknown')).to.equal(false);
      });

      it('forgets an idle conversation and its tokens; traffic keeps it alive', async () => {
        const { store, clock } = await storeAt({ conversationIdleMs: 10_000, tokenTtlMs: 60_000 });
        const a = await store.generate();
        await store.start(a.conversationId);
        clock.t += 9_000;
        await store.since(a.conversationId, undefined);
        clock.t += 9_000;
        expect(await store.has(a.conversationId)).to.equal(true);
        clock.t += 10_000;
        expect(await store.has(a.conversationId)).to.equal(false);
        const auth = await store.authorize(a.token);
        expect(auth.ok).to.equal(false);
        // both read the same to the client (403 token_expired): memory forgets on sight, PostgreSQL on its sweep
        expect(auth.ok === false && auth.reason).to.be.oneOf(['unknown', 'expired']);
        expect(await store.append(a.conversationId, { type: 'message' })).to.equal(undefined);
        expect(await store.since(a.conversationId, '0')).to.equal(undefined);
        await store.sweep();
        expect(await store.authorize(a.token)).to.deep.equal({ ok: false, reason: 'unknown' });
      });

      it('refuses to start more conversations when full, until idle ones expire', async () => {
        const { store, clock } = await storeAt({ maxConversations: 2, conversationIdleMs: 10_000 });
        await store.start((await store.generate()).conversationId);
        await store.start((await store.generate()).conversationId);
        const third = await store.generate();
        const refused = await store.start(third.conversationId).catch((e: unknown) => e);
        expect(refused).to.be.instanceOf(StoreFullError);
        clock.t += 10_000;
        const fourth = await store.generate();
        expect(await store.start(fourth.conversationId)).to.equal(true);
        expect((await store.stats()).started).to.equal(1);
      });

      it('forgets a conversation never started after its short life, with its token', async () => {
        const { store, clock } = await storeAt({ unstartedMs: 60_000, conversationIdleMs: 3_600_000 });
        const idle = await store.generate();
        const begun = await store.generate();
        await store.start(begun.conversationId);
        clock.t += 60_000;
        expect((await store.authorize(idle.token)).ok).to.equal(false);
        expect(await store.has(idle.conversationId)).to.equal(false);
        expect((await store.authorize(begun.token)).ok).to.equal(true);
      });

      it("never lets conversations that were not started take a started one's place: past their cap the oldest goes", async () => {
        const { store, clock } = await storeAt({ maxConversations: 2, maxUnstarted: 3 });
        const live = await store.generate();
        await store.start(live.conversationId);
        const unstarted = [];
        for (let i = 0; i < 30; i++) {
          clock.t += 1;
          unstarted.push(await store.generate());
        }
        expect(await store.stats()).to.deep.include({ started: 1, unstarted: 3 });
        expect((await store.authorize(unstarted[0]!.token)).ok).to.equal(false);
        expect((await store.authorize(unstarted[29]!.token)).ok).to.equal(true);
        expect((await store.authorize(live.token)).ok).to.equal(true);
        expect(await store.start(unstarted[29]!.conversationId)).to.equal(true);
      });
    });

    describe('activity queue', () => {
      it('numbers activities and returns those after the watermark', async () => {
        const { store } = await storeAt();
        const { conversationId: id } = await store.generate();
        expect(await store.since(id, undefined)).to.deep.equal({ activities: [], watermark: '' });
        const first = (await store.append(id, { type: 'message', text: 'one' }))!;
        await store.append(id, { type: 'message', text: 'two' });
        expect(first).to.deep.equal({ type: 'message', text: 'one', id: `${id}|0000000` });
        const all = (await store.since(id, undefined))!;
        expect(all.activities.map((a) => a.text)).to.deep.equal(['one', 'two']);
        expect(all.watermark).to.equal('1');
        expect((await store.since(id, '0'))!.activities.map((a) => a.text)).to.deep.equal(['two']);
        expect(await store.since(id, '1')).to.deep.equal({ activities: [], watermark: '1' });
      });

      it('keeps what the bot sent exactly, whatever the text holds', async () => {
        const { store } = await storeAt();
        const { conversationId: id } = await store.generate();
        const odd = { type: 'message', text: 'quote " slash \\ nul \u0000 lone \ud800 emoji 🩺', value: { nested: [1, null, 'x'] } };
        const stored = (await store.append(id, odd))!;
        expect((await store.since(id, undefined))!.activities).to.deep.equal([stored]);
        expect(stored).to.deep.equal({ ...odd, id: `${id}|0000000` });
      });

      const oddWatermarks = ['', 'abc', '-1', '1e3', '9'.repeat(40)];
      for (const w of oddWatermarks) {
        it(`reads watermark ${JSON.stringify(w.slice(0, 12))} as "from the start"`, async () => {
          const { store } = await storeAt();
          const { conversationId: id } = await store.generate();
          await store.append(id, { type: 'message', text: 'one' });
          expect((await store.since(id, w))!.activities).to.have.length(1);
        });
      }

      it('keeps the queue within its count and byte caps, dropping the oldest', async () => {
        const { store } = await storeAt({ maxActivities: 3, maxQueueBytes: 10_000 });
        const { conversationId: id } = await store.generate();
        for (let i = 0; i < 5; i++) await store.append(id, { type: 'message', text: `m${i}` });
        expect((await store.since(id, undefined))!.activities.map((a) => a.text)).to.deep.equal(['m2', 'm3', 'm4']);

        const small = (await storeAt({ maxActivities: 100, maxQueueBytes: 2_500 })).store;
        const c = (await small.generate()).conversationId;
        for (let i = 0; i < 5; i++) await small.append(c, { type: 'message', text: 'x'.repeat(1000) });
        expect((await small.since(c, undefined))!.activities).to.have.length(2);
        expect((await small.since(c, undefined))!.watermark).to.equal('4');
      });

      it('keeps all queues within the budget, taking the oldest activities of the longest-idle conversations first', async () => {
        const { store, clock } = await storeAt({ maxTotalBytes: 20_000, maxQueueBytes: 512 * 1024 });
        const ids: string[] = [];
        for (let i = 0; i < 4; i++) ids.push((await store.generate()).conversationId);
        const big = (i: number) => ({ type: 'message', text: 'x'.repeat(1000), n: i });
        for (const [k, id] of ids.entries()) {
          clock.t += 1000;
          for (let i = 0; i < 5; i++) await store.append(id, big(k * 10 + i));
        }
        expect((await store.stats()).queuedBytes).to.be.at.most(20_000);
        const kept: number[] = [];
        for (const id of ids) kept.push((await store.since(id, undefined))!.activities.length);
        expect(kept[3], 'the newest conversation keeps everything').to.equal(5);
        expect(kept[0], 'the longest idle loses first').to.be.lessThan(kept[2]!);
        for (let i = 0; i < 60; i++) await store.append(ids[i % 4]!, big(i));
        expect((await store.stats()).queuedBytes).to.be.at.most(20_000);
      });

      it('re-delivers an updated activity under the same id, after the watermark, dropping the old version', async () => {
        const { store } = await storeAt();
        const { conversationId: id } = await store.generate();
        const a = (await store.append(id, { type: 'message', text: 'old' }))!;
        await store.append(id, { type: 'message', text: 'next' });
        const seen = (await store.since(id, undefined))!.watermark;
        expect(await store.update(id, a.id, { type: 'message', text: 'new' })).to.equal(true);
        expect((await store.since(id, seen))!.activities).to.deep.equal([{ type: 'message', text: 'new', id: a.id }]);
        expect((await store.since(id, undefined))!.activities.map((x) => x.text)).to.deep.equal(['next', 'new']);
        expect(await store.contains(id, a.id)).to.equal(true);
      });

      it('refuses to update an id this conversation never issued', async () => {
        const { store } = await storeAt();
        const { conversationId: id } = await store.generate();
        const other = (await store.generate()).conversationId;
        const mine = (await store.append(id, { type: 'message' }))!;
        expect(await store.update(id, `${id}|9999999`, { type: 'message' })).to.equal(false);
        expect(await store.update(other, mine.id, { type: 'message' })).to.equal(false);
        expect(await store.update(id, 'made-up', { type: 'message' })).to.equal(false);
        expect(await store.contains(id, `${id}|9999999`)).to.equal(false);
      });
    });

    describe('long-poll', () => {
      it('answers at once when there is something new, and holds an empty answer until the next activity', async () => {
        const { store } = await storeAt();
        const { conversationId: id } = await store.generate();
        await store.append(id, { type: 'message', text: 'one' });
        const t0 = Date.now();
        expect((await store.since(id, undefined, { ms: 5_000 }))!.activities).to.have.length(1);
        expect(Date.now() - t0).to.be.lessThan(1_000);
        const held = store.since(id, '0', { ms: 5_000 });
        await new Promise((r) => setTimeout(r, 100));
        await store.append(id, { type: 'message', text: 'two' });
        const page = (await held)!;
        expect(page.activities.map((a) => a.text)).to.deep.equal(['two']);
        expect(Date.now() - t0).to.be.lessThan(2_000);
      });

      it('gives up after its time with nothing, and ends early when the client goes or the store closes', async () => {
        const { store } = await storeAt();
        const { conversationId: id } = await store.generate();
        let t0 = Date.now();
        expect(await store.since(id, undefined, { ms: 200 })).to.deep.equal({ activities: [], watermark: '' });
        expect(Date.now() - t0).to.be.within(150, 1_500);
        const gone = new AbortController();
        t0 = Date.now();
        const abandoned = store.since(id, undefined, { ms: 10_000, signal: gone.signal });
        setTimeout(() => gone.abort(), 100);
        expect((await abandoned)!.activities).to.deep.equal([]);
        t0 = Date.now();
        const held = store.since(id, undefined, { ms: 10_000 });
        setTimeout(() => void store.close(), 100);
        expect((await held)!.activities).to.deep.equal([]);
        expect(Date.now() - t0).to.be.lessThan(2_000);
      });

      it('is not woken by another conversation', async () => {
        const { store } = await storeAt();
        const a = (await store.generate()).conversationId;
        const b = (await store.generate()).conversationId;
        const t0 = Date.now();
        const held = store.since(a, undefined, { ms: 400 });
        await new Promise((r) => setTimeout(r, 50));
        await store.append(b, { type: 'message' });
        expect((await held)!.activities).to.deep.equal([]);
        expect(Date.now() - t0).to.be.at.least(350);
      });
    });
  });
}
