// "and" as text-speak types it ("n after that?", "& how long", "mfa + passwords") is read as "and".
import { expect } from 'chai';
import { clauseTokens, tokenize } from '../../knowledge/language/tokenize.js';

describe('tokenize: "and" in text-speak', () => {
  it('reads a message opening with "n", "&" or "+" before more words as opening with "and"', () => {
    expect(tokenize('n after that?')).to.deep.equal(['and', 'after', 'that']);
    expect(tokenize('N whos our local admin')).to.deep.equal(['and', 'whos', 'our', 'local', 'admin']);
    expect(tokenize('& how long')).to.deep.equal(['and', 'how', 'long']);
    expect(tokenize('+ who do we email')).to.deep.equal(['and', 'who', 'do', 'we', 'email']);
    expect(clauseTokens('n when do we get the logins').raw[0]).to.equal('and');
  });

  it('reads "&" or "+" standing alone between words as "and"', () => {
    expect(tokenize('mfa & passwords')).to.deep.equal(['mfa', 'and', 'passwords']);
    expect(tokenize('leavers + joiners')).to.deep.equal(['leavers', 'and', 'joiners']);
  });

  it('leaves a lone "n" (no), "n/a", "n ireland", "a & e" and phone numbers as they were', () => {
    expect(tokenize('n')).to.deep.equal(['n']);
    expect(tokenize('n/a')).to.deep.equal(['n', 'a']);
    expect(tokenize('n ireland care home')).to.deep.equal(['n', 'ireland', 'care', 'home']);
    expect(tokenize('sent to a & e')).to.deep.equal(['sent', 'to', 'a', 'e']);
    expect(tokenize('+44 7700 900000')).to.deep.equal(['44', '7700', '900000']);
  });
});

describe('tokenize: the words of a text are kept', () => {
  it('gives the same words for the same text, as one shared array that cannot be changed', () => {
    const first = tokenize('How do I reset my password?');
    const again = tokenize('How do I reset my password?');
    expect(again).to.equal(first);
    expect(first).to.deep.equal(['how', 'do', 'i', 'reset', 'my', 'password']);
    // a reader that changed the shared words would change them for every later reader: it is refused instead
    expect(() => (first as string[]).push('extra')).to.throw(TypeError);
    expect(tokenize('How do I reset my password?')).to.deep.equal(['how', 'do', 'i', 'reset', 'my', 'password']);
  });

  it('reads many different texts without growing without bound, and still reads each right', () => {
    for (let i = 0; i < 5_000; i++) expect(tokenize(`question number ${i}`)).to.deep.equal(['question', 'number', String(i)]);
    expect(tokenize('question number 7')).to.deep.equal(['question', 'number', '7']);
  });
});

describe('clauseTokens: the clause words of a text are kept', () => {
  it('gives the same tokens for the same text, shared and frozen', () => {
    const first = clauseTokens("We don't have an ODS code, we're a care home");
    expect(clauseTokens("We don't have an ODS code, we're a care home")).to.equal(first);
    expect(first.words).to.deep.equal(['we', 'do', 'not', 'have', 'an', 'ods', 'code', '|', 'we', 'are', 'a', 'care', 'home']);
    expect(() => (first.words as string[]).push('x')).to.throw(TypeError);
    expect(() => (first.raw as string[]).pop()).to.throw(TypeError);
  });
});
