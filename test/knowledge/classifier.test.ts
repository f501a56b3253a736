// The learned topic signal: a naive Bayes model over analysed terms, trained on every example wording of each entry.
import { expect } from 'chai';
import { DEFAULT_CLASSIFIER, TermClassifier } from '../../knowledge/classifier.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import { DEFAULT_TUNING, DEFAULT_WEIGHTS, KnowledgeSearch } from '../../knowledge/search.js';

const words = (s: string) => s.split(' ');
const argmax = (p: Float64Array) => p.indexOf(Math.max(...p));

describe('TermClassifier', () => {
  // Three topics, each with a few example wordings.
  const examples = [
    ['password forgot reset', 'locked out account', 'cannot log in password'].map(words),
    ['shared mailbox access', 'add colleague shared mailbox', 'mailbox permission'].map(words),
    ['leaver account close', 'staff left close account', 'member staff leaving'].map(words),
  ];
  const model = new TermClassifier(examples);

  it('ranks a new wording first when its words come from different examples of one topic', () => {
    // "reset" is in one example of topic 0 and "locked" in another: no single example holds both
    const p = model.posterior(words('reset locked'));
    expect(argmax(p)).to.equal(0);
    expect(argmax(model.posterior(words('colleague permission')))).to.equal(1);
    expect(argmax(model.posterior(words('staff leaving close')))).to.equal(2);
  });

  it('gives probabilities that sum to one, and a flat posterior when it knows none of the words', () => {
    const p = model.posterior(words('reset locked'));
    expect([...p].reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-9);
    const flat = model.posterior(words('weather football'));
    for (const x of flat) expect(x).to.be.closeTo(1 / 3, 1e-9);
    expect(model.knows('mailbox')).to.equal(true);
    expect(model.knows('football')).to.equal(false);
  });

  it('handles no classes and empty examples', () => {
    expect(new TermClassifier([]).posterior(['x']).length).to.equal(0);
    // a class with no usable example gets the smoothed, even distribution: finite, and the posterior still sums to one
    const p = new TermClassifier([[[]], [words('a b')]]).posterior(['a']);
    expect([...p].every(Number.isFinite)).to.equal(true);
    expect(p[0]! + p[1]!).to.be.closeTo(1, 1e-9);
  });

  it('gives the same output for the same training data', () => {
    const again = new TermClassifier(examples);
    expect([...again.posterior(words('account close password'))]).to.deep.equal([...model.posterior(words('account close password'))]);
  });
});

describe('KnowledgeSearch with the learned signal', () => {
  const kb = loadKnowledge();
  const search = new KnowledgeSearch(kb.entries, kb.lexicon, DEFAULT_TUNING, DEFAULT_WEIGHTS, 0);

  it('reports the model probability of each hit, highest for the clear topic', () => {
    const out = search.search('who do I phone at the nhsmail helpdesk');
    expect(out.kind).to.equal('answer');
    if (out.kind !== 'answer') return;
    expect(out.best.entry.id).to.equal('helpdesk-contacts');
    expect(out.best.learned).to.be.greaterThan(0.5);
    for (const h of out.others) expect(h.learned).to.be.lessThan(out.best.learned);
  });

  it('adds the probability to the score by its weight, and leaves it out at weight 0', () => {
    const off = new KnowledgeSearch(kb.entries, kb.lexicon, DEFAULT_TUNING, { ...DEFAULT_WEIGHTS, learned: 0 }, 0);
    const q = 'who do I phone at the nhsmail helpdesk';
    const a = search.search(q);
    const b = off.search(q);
    if (a.kind !== 'answer' || b.kind !== 'answer') throw new Error('expected answers');
    expect(b.best.learned).to.equal(0);
    expect(a.best.score - b.best.score).to.be.closeTo(DEFAULT_WEIGHTS.learned * a.best.learned, 1e-9);
  });

  it('trains the model with the smoothing it is given (bench:kb:sweep tries others), the default when given none', () => {
    const q = 'who do I phone at the nhsmail helpdesk';
    const learned = (s: KnowledgeSearch) => {
      const out = s.search(q);
      if (out.kind !== 'answer') throw new Error('expected an answer');
      return out.best.learned;
    };
    const smoother = new KnowledgeSearch(kb.entries, kb.lexicon, DEFAULT_TUNING, DEFAULT_WEIGHTS, 0, { alpha: 10 * DEFAULT_CLASSIFIER.alpha });
    const stated = new KnowledgeSearch(kb.entries, kb.lexicon, DEFAULT_TUNING, DEFAULT_WEIGHTS, 0, DEFAULT_CLASSIFIER);
    // more smoothing pulls every posterior towards even: the clear topic's probability falls
    expect(learned(smoother)).to.be.lessThan(learned(search) - 0.01);
    expect(learned(stated)).to.equal(learned(search));
  });

  it("trains on the questions people asked (examples.yaml) as well as on the entries' own wordings", () => {
    const asked = kb.entries.flatMap((e) => e.asked ?? []);
    expect(asked.length).to.be.greaterThan(1000);
    const unasked = new KnowledgeSearch(
      kb.entries.map(({ asked: _, ...e }) => e),
      kb.lexicon,
      DEFAULT_TUNING,
      DEFAULT_WEIGHTS,
      0,
    );
    // a question in none of them (dev set 3), in a writer's words that only people's questions taught the model: a home
    // with no registered manager asking for another way than the contact ID, which is the One Time Passcode (B70's
    // "dental receptionist... who can help me with it" was the example here until the twentieth session, and a
    // second-language writer's "code they give you one time" until the twenty-first, when it became an example itself)
    const q = 'we dont have a registered manager at the moment so we got no contact id can we use something else';
    const top = (s: KnowledgeSearch) => {
      const out = s.search(q);
      return out.kind === 'answer' ? out.best.entry.id : out.kind;
    };
    expect(top(search)).to.equal('one-time-passcode');
    expect(top(unasked)).to.not.equal('one-time-passcode');
  });

  it('is the same for the same knowledge base', () => {
    const again = new KnowledgeSearch(kb.entries, kb.lexicon, DEFAULT_TUNING, DEFAULT_WEIGHTS, 0);
    const q = 'my account got shut down after months of not using it';
    const a = search.search(q);
    const b = again.search(q);
    expect(JSON.stringify(a)).to.equal(JSON.stringify(b));
  });
});
