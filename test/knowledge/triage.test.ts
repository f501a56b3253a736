// Emergencies, clinical questions and requests for a person, read from typed text as tables of cases.
import { expect } from 'chai';
import { PhraseMatcher } from '../../knowledge/language/phrases.js';
import { tokenize } from '../../knowledge/language/tokenize.js';
import { Triage, type SafetyKind } from '../../knowledge/triage.js';

const triage = new Triage();

describe('Triage.safety', () => {
  const cases: [string, SafetyKind | undefined][] = [
    ["A resident has collapsed and isn't breathing", 'emergency'],
    ['Should we ring 111?', 'emergency'],
    ['call 999??', 'emergency'],
    ['resident is unresponsive and cold', 'emergency'],
    ['service user unconsious on the floor', 'emergency'],
    ['mr b has fallen and hit his head, theres a lot of blood', 'emergency'],
    ['she is not really breathing properly', 'emergency'],
    ['his lips have gone blue', 'emergency'],
    ['resident took too many of her tablets', 'emergency'],
    ['I think she is having a strok', 'emergency'],
    ['a client said he wants to kill himself', 'emergency'],
    ['what dose of paracetamol can I give', 'clinical'],
    ['resident has a high temperature and a rash, what should we do', 'clinical'],
    ['is it safe to give ibuprofen with her other meds', 'clinical'],
    ['urgent, I\'m locked out', undefined],
    ['URGENT my account is blocked and I need to email the hospital', undefined],
    ['its an emergency, I cannot log in to nhsmail', undefined],
    ['can I email a resident\'s medication list to the pharmacy?', undefined],
    ['Can I send patient information from NHSmail to someone\'s Gmail?', undefined],
    ['how do I set up the shared mailbox for the fitting room', undefined],
    ['my mailbox is dying, quota exceeded', undefined],
    ['', undefined],
  ];
  for (const [text, want] of cases) {
    it(`${JSON.stringify(text)} -> ${want ?? 'not a safety message'}`, () => expect(triage.safety(text)).to.equal(want));
  }
});

describe('Triage.wantsPerson', () => {
  const cases: [string, 'clearly' | 'maybe' | undefined][] = [
    ['can I speak to a real person', 'clearly'],
    ['agent', 'clearly'],
    ['Human!', 'clearly'],
    ['operator please', 'clearly'],
    ['i want to talk to a human', 'clearly'],
    ['is there a number I can ring', 'clearly'],
    ['can i talk to someone at the helpdesk', 'clearly'],
    ['who do I talk to about the DSPT', 'maybe'],
    ['this is useless', 'maybe'],
    ['how do I add a person to our shared mailbox', undefined],
    ['what is a local administrator', undefined],
    ['who is the registered manager', undefined],
  ];
  for (const [text, want] of cases) {
    it(`${JSON.stringify(text)} -> ${want ?? 'not asking for a person'}`, () => expect(triage.wantsPerson(text)).to.equal(want));
  }
});

describe('PhraseMatcher', () => {
  const m = new PhraseMatcher(['not breathing', 'chest pain', 'unconscious']);
  const find = (text: string) => m.find(m.normalise(tokenize(text)));
  it('finds a phrase with up to two words between its words', () => {
    expect(find('he is not really breathing')).to.equal('not breathing');
    expect(find('he is not at all well, breathing fast')).to.equal(undefined);
  });
  it('puts right one slip in a long word, never a real English word', () => {
    expect(find('he is unconscous')).to.equal('unconscious');
    expect(find('chest pian')).to.equal(undefined);
    expect(find('chest paint')).to.equal(undefined);
  });
});
