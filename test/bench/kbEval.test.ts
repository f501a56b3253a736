// bench:kb --confusion: held-out phrasings ranked wrongly, gathered into the entry pairs they confuse.
import { expect } from 'chai';
import { confusedPairs } from './kbEval.js';

describe('confusedPairs', () => {
  it('counts a pair whichever way round it is confused, most confused first, and lists the phrasings', () => {
    const pairs = confusedPairs([
      { q: 'staff member left', expect: 'leaver', got: 'account-lifecycle' },
      { q: 'shared inbox for the team', expect: 'shared-mailbox', got: 'account-allowance' },
      { q: 'what happens to old accounts', expect: 'account-lifecycle', got: 'leaver' },
      { q: 'xyz', expect: 'leaver', got: undefined },
    ]);
    expect(pairs.map((p) => [p.a, p.b, p.count])).to.deep.equal([
      ['account-lifecycle', 'leaver', 2],
      ['(none)', 'leaver', 1],
      ['account-allowance', 'shared-mailbox', 1],
    ]);
    expect(pairs[0]?.phrasings).to.deep.equal([
      '"staff member left" (leaver -> account-lifecycle)',
      '"what happens to old accounts" (account-lifecycle -> leaver)',
    ]);
  });
});
