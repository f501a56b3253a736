// The local Direct Line's conversations and tokens: binding, expiry, refresh, watermarks and caps.
import { expect } from 'chai';
import { DirectLineStore, StoreFullError, type DirectLineStoreOptions } from '../../../bot/directline/directLineStore.js';

function storeAt(options: Partial<DirectLineStoreOptions> = {}) {
  const clock = { t: 1_000_000 };
  const store = new DirectLineStore({ now: () => clock.t, ...options });
  return { store, clock };
}

describe('DirectLineStore', () => {
  describe('tokens', () => {
    it('issues long random tokens bound to one new conversation', () => {
      const { store } = storeAt();
      const a = store.generate();
      const b = store.generate();
      expect(Buffer.from(a.token, 'base64url').length).to.be.at.least(32);
      expect(a.token).to.not.equal(b.token);
      expect(a.conversationId).to.not.equal(b.conversationId);
      expect(a.userId).to.match(/^dl_/);
      expect(store.authorize(a.token, a.conversationId)).to.deep.equal({ ok: true, conversationId: a.conversationId, userId: a.userId });
    });

    it('refuses a token for any other conversation', () => {
      const { store } = storeAt();
      const a = store.generate();
      const b = store.generate();
      expect(store.authorize(a.token, b.conversationId)).to.deep.equal({ ok: false, reason: 'forbidden' });
      expect(store.authorize(b.token, a.conversationId)).to.deep.equal({ ok: false, reason: 'forbidden' });
    });

    const refusals: [string, string | undefined, string][] = [
      ['no token', undefined, 'missing'],
      ['an empty token', '', 'missing'],
      ['a made-up token', 'x'.repeat(43), 'unknown'],
    ];
    for (const [name, token, reason] of refusals) {
      it(`refuses ${name}`, () => {
        const { store } = storeAt();
        const a = store.generate();
        expect(store.authorize(token, a.conversationId)).to.deep.equal({ ok: false, reason });
      });
    }

    it('expires a token after its time to live', () => {
      const { store, clock } = storeAt({ tokenTtlMs: 60_000 });
      const a = store.generate();
      expect(a.expiresIn).to.equal(60);
      clock.t += 59_999;
      expect(store.authorize(a.token).ok).to.equal(true);
      clock.t += 1;
      expect(store.authorize(a.token)).to.deep.equal({ ok: false, reason: 'expired' });
    });

    it('refresh gives a new token for the same conversation; the old one lapses after a short grace', () => {
      const { store, clock } = storeAt({ tokenTtlMs: 30 * 60_000 });
      const a = store.generate();
      store.start(a.conversationId);
      clock.t += 15 * 60_000;
      const b = store.refresh(a.token)!;
      expect(b.conversationId).to.equal(a.conversationId);
      expect(b.token).to.not.equal(a.token);
      expect(store.authorize(a.token).ok, 'old token during grace').to.equal(true);
      clock.t += 61_000;
      expect(store.authorize(a.token).ok, 'old token after grace').to.equal(false);
      clock.t += 20 * 60_000;
      expect(store.authorize(b.token).ok, 'new token outlives the old expiry').to.equal(true);
    });

    it('will not refresh an expired or unknown token', () => {
      const { store, clock } = storeAt({ tokenTtlMs: 1000 });
      const a = store.generate();
      clock.t += 1000;
      expect(store.refresh(a.token)).to.equal(undefined);
      expect(store.refresh('nope')).to.equal(undefined);
      expect(store.refresh(undefined)).to.equal(undefined);
    });
  });

  describe('conversations', () => {
    it('starts once', () => {
      const { store } = storeAt();
      const a = store.generate();
      expect(store.start(a.conversationId)).to.equal(true);
      expect(store.start(a.conversationId)).to.equal(false);
      expect(store.start('unknown')).to.equal(false);
    });

    it('forgets an idle conversation and its tokens; traffic keeps it alive', () => {
      const { store, clock } = storeAt({ conversationIdleMs: 10_000, tokenTtlMs: 60_000 });
      const a = store.generate();
      store.start(a.conversationId);
      clock.t += 9_000;
      store.since(a.conversationId, undefined);
      clock.t += 9_000;
      expect(store.has(a.conversationId)).to.equal(true);
      clock.t += 10_000;
      expect(store.has(a.conversationId)).to.equal(false);
      expect(store.authorize(a.token)).to.deep.equal({ ok: false, reason: 'unknown' });
      expect(store.append(a.conversationId, { type: 'message' })).to.equal(undefined);
      expect(store.since(a.conversationId, '0')).to.equal(undefined);
    });

    it('refuses to start more conversations when full, until idle ones expire', () => {
      const { store, clock } = storeAt({ maxConversations: 2, conversationIdleMs: 10_000 });
      store.start(store.generate().conversationId);
      store.start(store.generate().conversationId);
      const third = store.generate();
      expect(() => store.start(third.conversationId)).to.throw(StoreFullError);
      clock.t += 10_000;
      const fourth = store.generate();
      expect(store.start(fourth.conversationId)).to.equal(true);
      expect(store.startedCount).to.equal(1);
    });

    it('forgets a conversation never started after its short life, with its token', () => {
      const { store, clock } = storeAt({ unstartedMs: 60_000, conversationIdleMs: 3_600_000 });
      const idle = store.generate();
      const begun = store.generate();
      store.start(begun.conversationId);
      clock.t += 60_000;
      expect(store.authorize(idle.token).ok).to.equal(false);
      expect(store.has(idle.conversationId)).to.equal(false);
      expect(store.authorize(begun.token).ok).to.equal(true);
    });

    it('never lets conversations that were not started take a started one\'s place: past their cap the oldest goes', () => {
      const { store } = storeAt({ maxConversations: 2, maxUnstarted: 3 });
      const live = store.generate();
      store.start(live.conversationId);
      const unstarted = Array.from({ length: 1000 }, () => store.generate());
      expect(store.unstartedCount).to.equal(3);
      expect(store.size).to.equal(4);
      expect(store.authorize(unstarted[0]!.token).ok).to.equal(false);
      expect(store.authorize(unstarted[999]!.token).ok).to.equal(true);
      expect(store.authorize(live.token).ok).to.equal(true);
      expect(store.start(unstarted[999]!.conversationId)).to.equal(true);
    });
  });

  describe('activity queue', () => {
    it('numbers activities and returns those after the watermark', () => {
      const { store } = storeAt();
      const { conversationId: id } = store.generate();
      expect(store.since(id, undefined)).to.deep.equal({ activities: [], watermark: '' });
      const first = store.append(id, { type: 'message', text: 'one' })!;
      store.append(id, { type: 'message', text: 'two' });
      expect(first.id).to.equal(`${id}|0000000`);
      const all = store.since(id, undefined)!;
      expect(all.activities.map((a) => a.text)).to.deep.equal(['one', 'two']);
      expect(all.watermark).to.equal('1');
      expect(store.since(id, '0')!.activities.map((a) => a.text)).to.deep.equal(['two']);
      expect(store.since(id, '1')).to.deep.equal({ activities: [], watermark: '1' });
    });

    const oddWatermarks = ['', 'abc', '-1', '1e3', '9'.repeat(40)];
    for (const w of oddWatermarks) {
      it(`reads watermark ${JSON.stringify(w.slice(0, 12))} as "from the start"`, () => {
        const { store } = storeAt();
        const { conversationId: id } = store.generate();
        store.append(id, { type: 'message', text: 'one' });
        expect(store.since(id, w)!.activities).to.have.length(1);
      });
    }

    it('keeps the queue within its count and byte caps, dropping the oldest', () => {
      const { store } = storeAt({ maxActivities: 3, maxQueueBytes: 10_000 });
      const { conversationId: id } = store.generate();
      for (let i = 0; i < 5; i++) store.append(id, { type: 'message', text: `m${i}` });
      expect(store.since(id, undefined)!.activities.map((a) => a.text)).to.deep.equal(['m2', 'm3', 'm4']);

      const small = storeAt({ maxActivities: 100, maxQueueBytes: 2_500 }).store;
      const c = small.generate().conversationId;
      for (let i = 0; i < 5; i++) small.append(c, { type: 'message', text: 'x'.repeat(1000) });
      expect(small.since(c, undefined)!.activities).to.have.length(2);
      expect(small.since(c, undefined)!.watermark).to.equal('4');
    });

    it('keeps all queues within the memory budget, taking the oldest activities of the longest-idle conversations first', () => {
      const { store, clock } = storeAt({ maxTotalBytes: 20_000, maxQueueBytes: 512 * 1024 });
      const ids = Array.from({ length: 4 }, () => store.generate().conversationId);
      const big = (i: number) => ({ type: 'message', text: 'x'.repeat(1000), n: i });
      for (const [k, id] of ids.entries()) {
        clock.t += 1000;
        for (let i = 0; i < 5; i++) store.append(id, big(k * 10 + i));
      }
      expect(store.queuedBytes).to.be.at.most(20_000);
      const kept = ids.map((id) => store.since(id, undefined)!.activities.length);
      expect(kept[3], 'the newest conversation keeps everything').to.equal(5);
      expect(kept[0], 'the longest idle loses first').to.be.lessThan(kept[2]!);
      for (let i = 0; i < 200; i++) store.append(ids[i % 4]!, big(i));
      expect(store.queuedBytes).to.be.at.most(20_000);
    });

    it('re-delivers an updated activity under the same id, after the watermark, dropping the old version', () => {
      const { store } = storeAt();
      const { conversationId: id } = store.generate();
      const a = store.append(id, { type: 'message', text: 'old' })!;
      store.append(id, { type: 'message', text: 'next' });
      const seen = store.since(id, undefined)!.watermark;
      expect(store.update(id, a.id, { type: 'message', text: 'new' })).to.equal(true);
      expect(store.since(id, seen)!.activities).to.deep.equal([{ type: 'message', text: 'new', id: a.id }]);
      expect(store.since(id, undefined)!.activities.map((x) => x.text)).to.deep.equal(['next', 'new']);
      expect(store.contains(id, a.id)).to.equal(true);
    });

    it('refuses to update an id this conversation never issued', () => {
      const { store } = storeAt();
      const { conversationId: id } = store.generate();
      const other = store.generate().conversationId;
      const mine = store.append(id, { type: 'message' })!;
      expect(store.update(id, `${id}|9999999`, { type: 'message' })).to.equal(false);
      expect(store.update(other, mine.id, { type: 'message' })).to.equal(false);
      expect(store.update(id, 'made-up', { type: 'message' })).to.equal(false);
      expect(store.contains(id, `${id}|9999999`)).to.equal(false);
    });
  });
});
