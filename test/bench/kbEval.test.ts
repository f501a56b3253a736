// bench:kb --confusion: held-out phrasings ranked wrongly, gathered into the entry pairs they confuse.
import { expect } from 'chai';
import type { Hit, KnowledgeSearch, SearchOutcome } from '../../knowledge/search.js';
import { confusedPairs, type PhrasingFold, scoreFolds } from './kbEval.js';

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

describe('scoreFolds', () => {
  it('tells answered right, answered wrong and not answered apart (bench:kb:calibrate weighs a wrong answer above "not sure")', () => {
    const hit = (id: string) => ({ entry: { id }, coverage: 1, score: 1 }) as unknown as Hit;
    const outcomes: Record<string, SearchOutcome> = {
      right: { kind: 'answer', best: hit('leaver'), others: [] },
      wrong: { kind: 'answer', best: hit('joiner-new-provider'), others: [] },
      offered: { kind: 'unsure', candidates: [hit('leaver')] },
      refused: { kind: 'offTopic', candidates: [], markers: [] },
    };
    const search = { search: (q: string) => outcomes[q] } as unknown as KnowledgeSearch;
    const fold: PhrasingFold = { search, held: Object.keys(outcomes).map((q) => ({ q, expect: 'leaver' })) };
    const h = scoreFolds([fold]);
    expect([h.n, h.ranked1, h.answered, h.answeredWrong, h.unsure]).to.deep.equal([4, 2, 1, 1, 2]);
    expect(h.answeredRight).to.deep.equal([true, false, false, false]);
  });
});
