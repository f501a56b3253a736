// Words typed without the spaces between them, read as the words they are: the cutting itself, and the readers using it.
import { expect } from 'chai';
import { RunTogether } from '../../knowledge/language/runTogether.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import { KnowledgeSearch } from '../../knowledge/search.js';
import { Triage } from '../../knowledge/triage.js';

describe('RunTogether', () => {
  const words = new Set(['can', 'speak', 'someone', 'put', 'through', 'talk', 'human', 'help', 'desk', 'helpdesk', 'count', 'password', 'reset']);
  const cutter = new RunTogether((w) => words.has(w));
  it('cuts a word into the known words it is made of, short function words included', () => {
    expect(cutter.split('canispeak')).to.deep.equal(['can', 'i', 'speak']);
    expect(cutter.split('putmethrough')).to.deep.equal(['put', 'me', 'through']);
    expect(cutter.split('talktoahuman')).to.deep.equal(['talk', 'to', 'a', 'human']);
    expect(cutter.split('passwordreset')).to.deep.equal(['password', 'reset']);
  });
  it('prefers the fewest pieces ("helpdesk" over "help desk" when both are known)', () => {
    expect(cutter.split('helpdeskpassword')).to.deep.equal(['helpdesk', 'password']);
  });
  it('leaves a word that cannot be cut exactly into known words, a short one, or one with digits or capitals', () => {
    expect(cutter.split('speakx')).to.equal(undefined);
    expect(cutter.split('cani')).to.equal(undefined);
    expect(cutter.split('speak2someone')).to.equal(undefined);
    expect(cutter.split('CanISpeak')).to.equal(undefined);
    // a rare two-letter word is no piece ("ab", "st")
    expect(cutter.split('abspeak')).to.equal(undefined);
  });
  it('is not read as one piece: a known word alone, and a slip that happens to cut ("acount"), are for the caller', () => {
    expect(cutter.split('someone')).to.equal(undefined);
    // (the callers ask the spelling corrector first: see "leaves slips" below)
    expect(cutter.split('acount')).to.deep.equal(['a', 'count']);
  });
});

describe('run-together words in what people type', () => {
  const kb = loadKnowledge();
  const triage = new Triage(kb.language);
  const search = new KnowledgeSearch(kb.entries, kb.lexicon);
  it('a request for a person typed without spaces is one ("canispeak to someone", "putmethrough", "talktoahuman")', () => {
    for (const text of ['canispeak to someone', 'putmethrough', 'talktoahuman', 'thisbotisuseless get me a person']) expect(triage.wantsPerson(text), text).to.equal('clearly');
  });
  it('an emergency typed without spaces is one', () => {
    expect(triage.safety('shes notbreathing')).to.equal('emergency');
  });
  it('the search reads such words apart, and leaves slips, names and known words as typed', () => {
    expect(search.analyzer.apart('howdoi get nhsmail')).to.equal('how do i get nhsmail');
    expect(search.analyzer.apart('passwordreset not working')).to.equal('password reset not working');
    expect(search.analyzer.apart('sharedmailbox access')).to.equal('shared mailbox access');
    expect(search.analyzer.apart('my acount is locked')).to.equal('my acount is locked');
    expect(search.analyzer.apart('Jonesmith has left')).to.equal('Jonesmith has left');
    expect(search.analyzer.apart('nhsmail')).to.equal('nhsmail');
  });
  it('so a question typed so is answered as it would be with the spaces', () => {
    const spaced = search.search('how do i reset my password');
    const run = search.search('howdoi reset my password');
    expect(run.kind).to.equal('answer');
    expect(run.kind === 'answer' && spaced.kind === 'answer' && run.best.entry.id).to.equal(spaced.kind === 'answer' && spaced.best.entry.id);
  });
});
