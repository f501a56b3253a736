// deferred(): a promise settled later by whoever holds its resolve or reject.
import { expect } from 'chai';
import { deferred } from '../../lib/deferred.js';

describe('lib/deferred', () => {
  it('resolves with the value given later', async () => {
    const d = deferred<number>();
    setImmediate(() => d.resolve(42));
    expect(await d.promise).to.equal(42);
  });

  it('rejects with the reason given later', async () => {
    const d = deferred();
    d.reject(new Error('no'));
    const err = await d.promise.then(() => undefined, (e: unknown) => e);
    expect((err as Error).message).to.equal('no');
  });
});
