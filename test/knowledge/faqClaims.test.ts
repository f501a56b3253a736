// Issue 11's unsupported claims stay out of the knowledge base, and the entries it asked for say what they must.
import { expect } from 'chai';
import { normalise } from '../../knowledge/check.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import type { FaqEntry } from '../../knowledge/schema.js';
import { KnowledgeSearch } from '../../knowledge/search.js';

const kb = loadKnowledge();
const search = new KnowledgeSearch(kb.entries, kb.lexicon);
const textOf = (e: FaqEntry) => `${e.answer}\n${e.more ?? ''}`;
const quotesOf = (e: FaqEntry) => e.evidence.map((ev) => (typeof ev === 'string' ? { source: e.source, quote: ev } : ev));
const entry = (id: string) => {
  const e = kb.byId.get(id);
  if (!e) throw new Error(`no entry ${id}`);
  return e;
};

/** Wording the answers once used that no source page supports. */
const UNSUPPORTED = [
  'runs its own NHSmail service',
  'has its own service',
  'run separately',
  'Scottish NHSmail team',
  'apply on paper',
  'as of 20',
  'registered manager has changed',
  'instead, so you keep',
];

describe('FAQ claims (issue 11)', () => {
  it('no answer repeats a claim no source supports', () => {
    const found = kb.entries.flatMap((e) => UNSUPPORTED.filter((w) => normalise(textOf(e)).includes(normalise(w))).map((w) => `${e.id}: "${w}"`));
    expect(found).to.deep.equal([]);
  });

  it('no reply of the bot\'s own (the eligibility outcomes, prompts) repeats one either', () => {
    const found = Object.entries(kb.replies.templates('')).flatMap(([k, text]) => UNSUPPORTED.filter((w) => normalise(text).includes(normalise(w))).map((w) => `${k}: "${w}"`));
    expect(found).to.deep.equal([]);
  });

  it('an answer that offers the One Time Passcode quotes a page that has it', () => {
    const unbacked = kb.entries
      .filter((e) => /one[ -]time passcode|\bOTP\b/i.test(textOf(e)))
      .filter((e) => !quotesOf(e).some((q) => /one[ -]time passcode|\bOTP\b/i.test(q.quote)))
      .map((e) => e.id);
    expect(unbacked).to.deep.equal([]);
  });

  it('an answer that names an integrated care board says it was formerly the CCG, as the pages call it', () => {
    const bare = kb.entries.filter((e) => /integrated care board|\bICB\b/i.test(textOf(e)) && !/formerly the CCG/i.test(textOf(e))).map((e) => e.id);
    expect(bare).to.deep.equal([]);
  });

  it('dspt-renewal: the DSPT is renewed every year, and questions about renewing find it', () => {
    const e = entry('dspt-renewal');
    expect(e.answer).to.match(/each year|every year/i);
    expect(e.answer).to.match(/Approaching Standards/);
    for (const q of ['do we have to renew the dspt every year', 'our dspt has lapsed, will we lose nhsmail']) {
      const out = search.search(q);
      expect(out.kind === 'answer' ? out.best.entry.id : out.kind, q).to.equal('dspt-renewal');
    }
  });

  it('pharmacy-users: the short answer gives the registration limit of 3 users who do not already have NHSmail', () => {
    const { answer } = entry('pharmacy-users');
    expect(answer).to.match(/up to (3|three) staff/i);
    expect(answer).to.match(/not already have NHSmail/i);
  });

  it('existing-account-holders offers the request that tells the helpdesk someone moved provider', () => {
    expect(entry('existing-account-holders').helpdesk).to.equal('leaver');
  });
});
