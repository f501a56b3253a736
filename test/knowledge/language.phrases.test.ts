// Which listed phrase stands at a place in the words (`phraseAt`), and whether a phrase is one of a list (`isListed`):
// the several-question and follow-up readers ask both at every word.
import { expect } from 'chai';
import { isListed, phraseAt } from '../../knowledge/language/phrases.js';
import { loadLanguage } from '../../knowledge/loader.js';

const words = ['oh', 'and', 'also', 'how', 'do', 'i'];

describe('phraseAt', () => {
  it('finds nothing in an empty list', () => {
    expect(phraseAt(words, 0, [])).to.equal(undefined);
    expect(phraseAt([], 0, [])).to.equal(undefined);
  });

  it('finds the phrase whose words stand at the place, word for word, and nothing where they do not', () => {
    const list = [['and', 'also'], ['how']];
    expect(phraseAt(words, 1, list)).to.deep.equal(['and', 'also']);
    expect(phraseAt(words, 3, list)).to.deep.equal(['how']);
    expect(phraseAt(words, 0, list)).to.equal(undefined);
    // "also how" is in the words, but not from 1
    expect(phraseAt(words, 1, [['also', 'how']])).to.equal(undefined);
  });

  it('finds no phrase that runs past the end of the words', () => {
    expect(phraseAt(words, 4, [['do', 'i', 'need']])).to.equal(undefined);
    expect(phraseAt(words, 4, [['do', 'i']])).to.deep.equal(['do', 'i']);
    expect(phraseAt(words, 6, [['i']])).to.equal(undefined);
    expect(phraseAt([], 0, [['and']])).to.equal(undefined);
  });

  it('takes the first of the list where several stand there, so the list\'s order decides', () => {
    expect(phraseAt(words, 1, [['and'], ['and', 'also']])).to.deep.equal(['and']);
    expect(phraseAt(words, 1, [['and', 'also'], ['and']])).to.deep.equal(['and', 'also']);
    expect(phraseAt(words, 0, [['oh', 'and', 'also', 'how', 'do', 'i', 'x'], ['oh', 'and'], ['oh']])).to.deep.equal(['oh', 'and']);
  });

  it('gives the listed phrase itself', () => {
    const list = [['how', 'do']];
    expect(phraseAt(words, 3, list)).to.equal(list[0]);
  });

  it('reads the shipped joiners as split.ts does: in the file\'s order, or longest first', () => {
    const { joiners, joinersLongestFirst } = loadLanguage().phraseWords;
    expect(phraseAt(words, 1, joiners)).to.deep.equal(['and']);
    expect(phraseAt(words, 1, joinersLongestFirst)).to.deep.equal(['and', 'also']);
    expect(phraseAt(['and', 'another', 'thing'], 0, joinersLongestFirst)).to.deep.equal(['and', 'another', 'thing']);
  });
});

describe('isListed', () => {
  const list = [['also'], ['and', 'also'], ['as', 'well', 'as']];

  it('is true only of a phrase the list holds, word for word', () => {
    expect(isListed(['also'], list)).to.equal(true);
    expect(isListed(['and', 'also'], list)).to.equal(true);
    expect(isListed(['as', 'well', 'as'], list)).to.equal(true);
    expect(isListed(['and'], list)).to.equal(false);
    expect(isListed(['also', 'and'], list)).to.equal(false);
  });

  it('is false of the start of a listed phrase, or of one that runs on past it', () => {
    expect(isListed(['as', 'well'], list)).to.equal(false);
    expect(isListed(['and', 'also', 'how'], list)).to.equal(false);
  });

  it('is false for an empty list, and of the empty phrase (a cut at a comma has no joiner)', () => {
    expect(isListed(['also'], [])).to.equal(false);
    expect(isListed([], list)).to.equal(false);
  });
});
