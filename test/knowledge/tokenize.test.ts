// "and" as text-speak types it ("n after that?", "& how long", "mfa + passwords") is read as "and".
import { expect } from 'chai';
import { casedWords, clauseTokens, tokenize } from '../../knowledge/language/tokenize.js';

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

  it('reads "n" standing alone between two words as "and"', () => {
    expect(tokenize('wot r the terms n conditions')).to.deep.equal(['wot', 'r', 'the', 'terms', 'and', 'conditions']);
    expect(tokenize('wots nhsmail n who uses it')).to.deep.equal(['wots', 'nhsmail', 'and', 'who', 'uses', 'it']);
    expect(tokenize('leavers N joiners')).to.deep.equal(['leavers', 'and', 'joiners']);
    // (not before Northern Ireland, nor after a single letter or at the end: "type n", "plan b n")
    expect(tokenize('homes in england n ireland')).to.deep.equal(['homes', 'in', 'england', 'n', 'ireland']);
    expect(tokenize('is it y or n')).to.deep.equal(['is', 'it', 'y', 'or', 'n']);
  });

  it('leaves a lone "n" (no), "n/a", "n ireland", "a & e" and phone numbers as they were', () => {
    expect(tokenize('n')).to.deep.equal(['n']);
    expect(tokenize('n/a')).to.deep.equal(['n', 'a']);
    expect(tokenize('n ireland care home')).to.deep.equal(['n', 'ireland', 'care', 'home']);
    expect(tokenize('sent to a & e')).to.deep.equal(['sent', 'to', 'a', 'e']);
    expect(tokenize('+44 7700 900000')).to.deep.equal(['44', '7700', '900000']);
  });
});


describe('tokenize: sizes typed as one word', () => {
  it('splits a figure from its storage unit ("50gb" is "50 gb"), and leaves other words with digits whole', () => {
    expect(tokenize('can we get 50gb')).to.deep.equal(['can', 'we', 'get', '50', 'gb']);
    expect(tokenize('my 4GB mailbox')).to.deep.equal(['my', '4', 'gb', 'mailbox']);
    expect(tokenize('100MB attachment')).to.deep.equal(['100', 'mb', 'attachment']);
    expect(tokenize('dcb1596 and p60 and 3am')).to.deep.equal(['dcb1596', 'and', 'p60', 'and', '3am']);
    expect(tokenize('gb 50 kb')).to.deep.equal(['gb', '50', 'kb']);
  });
});

describe('casedWords', () => {
  it('keeps the case of the words tokenize splits, and marks those opening a sentence', () => {
    expect(casedWords("Our carer Mary's left. Can you help? yes")).to.deep.equal([
      { word: 'Our', opens: true },
      { word: 'carer', opens: false },
      { word: 'Marys', opens: false },
      { word: 'left', opens: false },
      { word: 'Can', opens: true },
      { word: 'you', opens: false },
      { word: 'help', opens: false },
      { word: 'yes', opens: true },
    ]);
    for (const text of ['Can we get 50GB & more', 'n after that?', 'nhs.net for Jane']) expect(casedWords(text).map((c) => c.word.toLowerCase()), text).to.deep.equal(tokenize(text));
  });
});

describe('tokenize: "I\'d"', () => {
  it('reads "I\'d" as "i would", never the "id" of an ODS or CQC ID; "id" typed without an apostrophe stays', () => {
    expect(tokenize("I'd like to explain")).to.deep.equal(['i', 'would', 'like', 'to', 'explain']);
    expect(tokenize('I’d rather ring')).to.deep.equal(['i', 'would', 'rather', 'ring']);
    expect(casedWords("Hi, I'd like Mary to have access").map((w) => w.word)).to.deep.equal(['Hi', 'I', 'would', 'like', 'Mary', 'to', 'have', 'access']);
    expect(tokenize('our cqc location id is wrong')).to.include('id');
  });
});
