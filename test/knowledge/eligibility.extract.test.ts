// What extractFacts() reads from free text: organisation type, sites, country, CQC, DSPT, IT, sponsor, commissioner...
import { expect } from 'chai';
import type { Answers, Field } from '../../knowledge/eligibility/answers.js';
import { extractFacts, numberAt } from '../../knowledge/eligibility/extract.js';
import { clauseTokens as tokenize } from '../../knowledge/language/tokenize.js';
import { defaultEligibility } from '../../knowledge/eligibility/loader.js';

const content = defaultEligibility();

interface Case {
  text: string;
  facts: Answers;
  /** fields that must not be read from this text */
  absent?: Field[];
}

const CASES: Case[] = [
  // the issue's own example
  { text: 'we run 3 care homes in Leeds, CQC registered, DSPT approaching standards', facts: { orgType: 'care-provider', sites: 3, country: 'england', cqcRegistered: true, dspt: 'approaching' } },
  // organisation types and their synonyms
  { text: 'I manage a home care agency', facts: { orgType: 'care-provider' } },
  { text: 'We are a domiciliary care provider', facts: { orgType: 'care-provider' } },
  { text: 'nursing home in Kent', facts: { orgType: 'care-provider', country: 'england' } },
  { text: 'our hospice', facts: { orgType: 'care-provider' } },
  { text: 'I own a chemist', facts: { orgType: 'pharmacy' } },
  { text: "I'm a dentist", facts: { orgType: 'dental' } },
  { text: 'we are an optician in York', facts: { orgType: 'optometry', country: 'england', london: false } },
  { text: "I'm a locum GP", facts: { orgType: 'gp-locum' } },
  { text: 'sessional GP working across practices', facts: { orgType: 'gp-locum' } },
  { text: "I'm an F1 doctor starting in August", facts: { orgType: 'junior-doctor' } },
  { text: 'foundation year doctor about to start my first rotation', facts: { orgType: 'junior-doctor' } },
  { text: 'independent midwife', facts: { orgType: 'midwife' } },
  { text: 'I work for an NHS trust that already uses NHSmail', facts: { orgType: 'nhs-staff' } },
  { text: 'new starter at a GP surgery', facts: { orgType: 'nhs-staff' } },
  { text: 'we are a small charity', facts: { orgType: 'other' } },
  // number of sites, in digits and in words
  { text: 'we have three homes', facts: { sites: 3 } },
  { text: 'a group of 45', facts: { sites: 45 } },
  { text: 'a group of 45 care homes', facts: { sites: 45, orgType: 'care-provider' } },
  { text: 'twenty-five dental practices', facts: { sites: 25, orgType: 'dental' } },
  { text: 'we run over 30 homes', facts: { sites: 31 } },
  { text: 'more than 20 practices', facts: { sites: 21 } },
  { text: 'a dozen sites', facts: { sites: 12 } },
  // "a care home" says what it is, not how many: nothing about sites is assumed
  { text: 'I manage a care home', facts: { orgType: 'care-provider' }, absent: ['sites'] },
  { text: 'we run a care home and want nhsmail', facts: { orgType: 'care-provider' }, absent: ['sites'] },
  { text: 'just the one care home', facts: { sites: 1, orgType: 'care-provider' } },
  { text: 'a single site', facts: { sites: 1 } },
  // facts people give mid-check, in their own words
  { text: 'All CQC', facts: { cqcRegistered: true } },
  { text: 'the local council has commissioned us and says we need NHSmail', facts: { commissionerRequires: true } },
  { text: 'we want the NHS to run the accounts', facts: { ownIt: false, sponsor: false } },
  { text: 'we have a part-time IT person', facts: { ownIt: false } },
  { text: 'we want NAS to do it', facts: { ownIt: false, sponsor: false } },
  { text: 'south west', facts: { country: 'england' } },
  { text: "we're a nail salon, nothing to do with the NHS", facts: { orgType: 'unrelated' } },
  { text: 'we run a gym', facts: { orgType: 'unrelated' } },
  { text: "I'm a social worker at Kent County Council", facts: { orgType: 'local-authority', country: 'england' } },
  { text: 'I work for the local authority', facts: { orgType: 'local-authority' } },
  { text: 'I work at head office for a pharmacy chain', facts: { orgType: 'pharmacy', pharmacyKind: 'multiple', headOffice: true } },
  { text: 'a 40 bed nursing home', facts: { orgType: 'care-provider' }, absent: ['sites'] },
  { text: 'we provide a 24 hour service with 50 staff', facts: {}, absent: ['sites'] },
  { text: 'a care home group', facts: { orgType: 'care-provider' }, absent: ['sites'] },
  // a workplace already on NHSmail is staff of an organisation on it, whatever kind it is also named
  { text: 'i work in admin at a hospice that already uses nhsmail', facts: { orgType: 'nhs-staff' } },
  // "4" before whose it is: "for" in text speak
  { text: 'done the registration 4 our home', facts: { orgType: 'care-provider' }, absent: ['sites'] },
  { text: 'nhsmail 4 our 3 homes', facts: { orgType: 'care-provider', sites: 3 } },
  // country
  { text: 'we are in Scotland', facts: { country: 'scotland' } },
  { text: 'care home in Glasgow', facts: { country: 'scotland', orgType: 'care-provider' } },
  { text: 'based in Edinburgh', facts: { country: 'scotland' } },
  { text: 'our practice is in Cardiff', facts: { country: 'wales' } },
  { text: 'Belfast', facts: { country: 'northern-ireland' } },
  { text: 'a home in Manchester', facts: { country: 'england', london: false } },
  { text: 'in England', facts: { country: 'england' }, absent: ['london'] },
  // CQC
  { text: "we're CQC registered", facts: { cqcRegistered: true } },
  { text: 'registered with the CQC', facts: { cqcRegistered: true } },
  { text: 'we are not CQC registered', facts: { cqcRegistered: false } },
  { text: "we aren't registered with the CQC", facts: { cqcRegistered: false } },
  { text: 'non-CQC service', facts: { cqcRegistered: false } },
  { text: "we're not registered for NHSmail yet", facts: {}, absent: ['cqcRegistered'] },
  // DSPT
  { text: 'DSPT approaching standards', facts: { dspt: 'approaching' } },
  { text: 'our DSPT is standards met', facts: { dspt: 'met' } },
  { text: "we haven't done the DSPT", facts: { dspt: 'not-started' } },
  { text: 'DSPT not started', facts: { dspt: 'not-started' } },
  { text: "we've started the DSPT but not published it", facts: { dspt: 'in-progress' } },
  { text: "we haven't registered yet but our DSPT is approaching standards", facts: { dspt: 'approaching' } },
  { text: 'the project has not started', facts: {}, absent: ['dspt'] },
  // own IT and sponsor
  { text: 'we have our own IT team', facts: { ownIt: true } },
  { text: 'we have local administrators', facts: { ownIt: true } },
  { text: "we don't have a dedicated IT team", facts: { ownIt: false } },
  { text: 'no IT department', facts: { ownIt: false } },
  { text: 'our local trust is willing to sponsor us', facts: { sponsor: true } },
  { text: 'the ICB has offered to sponsor us', facts: { sponsor: true } },
  { text: "we don't have a sponsor", facts: { sponsor: false } },
  { text: 'nobody sponsors us', facts: { sponsor: false } },
  { text: 'no one has offered to sponsor us', facts: { sponsor: false } },
  // commissioner and national support
  { text: 'our commissioner requires NHSmail', facts: { commissionerRequires: true } },
  { text: "it's a condition of our contract with the council", facts: { commissionerRequires: true } },
  { text: "the commissioner doesn't require it", facts: { commissionerRequires: false } },
  // a negator is the first fact's when another follows with no "or" between ("not cqc registered" is the CQC's);
  // "or" carries it on, further than the usual four words
  { text: 'not cqc registered commissioner wants nhsmail', facts: { cqcRegistered: false, commissionerRequires: true } },
  { text: 'we dont have the dspt or an it team', facts: { ownIt: false } },
  { text: 'we support the NHS nationally', facts: { supportsNhsNationally: true } },
  // midwives and London
  { text: 'independent midwife in London', facts: { orgType: 'midwife', london: true, country: 'england' } },
  { text: 'midwife based outside London', facts: { orgType: 'midwife', london: false } },
  // pharmacy kinds
  { text: 'I run a single store pharmacy', facts: { orgType: 'pharmacy', pharmacyKind: 'single' } },
  { text: 'we are a chain of 12 pharmacies', facts: { orgType: 'pharmacy', pharmacyKind: 'multiple', sites: 12 } },
  { text: 'part of a pharmacy multiple', facts: { orgType: 'pharmacy', pharmacyKind: 'multiple' } },
  { text: "I'm a locum pharmacist", facts: { orgType: 'pharmacy', pharmacyKind: 'locum' } },
  { text: "I'm a hospital pharmacist", facts: { orgType: 'pharmacy', pharmacyKind: 'hospital' } },
  { text: 'head office wants to register all our pharmacy branches', facts: { orgType: 'pharmacy', pharmacyKind: 'multiple' }, absent: ['sites'] },
  // nothing to read
  { text: 'what is an ODS code?', facts: {}, absent: ['orgType', 'sites', 'country'] },
  { text: 'how do I get NHSmail', facts: {}, absent: ['orgType', 'sites', 'country'] },
];

describe('eligibility extractFacts()', () => {
  for (const c of CASES) {
    it(`"${c.text}"`, () => {
      const got = extractFacts(c.text, content);
      for (const [field, value] of Object.entries(c.facts)) expect(got[field as Field], field).to.equal(value);
      for (const field of c.absent ?? []) expect(got[field], `${field} should not be read`).to.equal(undefined);
    });
  }

  it('reads an organisation named as another party, doing something to "us", as not the writer\'s when the writer\'s is named too', () => {
    expect(extractFacts('the gp surgery is fed up w us ringing and wants us on nhs.net. how does a community pharmacy sign up for nhsmail', content).orgType).to.equal('pharmacy');
    expect(extractFacts('the gp surgery wants us on nhs.net, we are a dental practice', content).orgType).to.equal('dental');
    // (named alone, it may be the writer's employer)
    expect(extractFacts('the home wants us all on nhsmail', content).orgType).to.equal('care-provider');
    // (named as the writer's own, it is theirs whatever follows)
    expect(extractFacts('our gp surgery asked us to sort nhsmail for the dental practice next door', content).orgType).to.equal('nhs-staff');
  });

  it('reads what the writer was ("used to be RM at a care home") as not what they are, when what they are is named too (B114-style, dev-3)', () => {
    expect(extractFacts('used to be RM at a care home but now practising as an independent midwife in london, how do i get nhsmail', content).orgType).to.equal('midwife');
    expect(extractFacts('i used to work at a care home, now im a gp locum, how do i get nhsmail', content).orgType).to.equal('gp-locum');
    // (named alone, what they were is all there is to go on; said now, it is what they are)
    expect(extractFacts('i used to work at a care home', content).orgType).to.equal('care-provider');
    expect(extractFacts('we were a care home but now we are a hospice', content).orgType).to.equal('care-provider');
  });

  it('reads nothing from empty or huge text without failing', () => {
    expect(extractFacts('', content)).to.deep.equal({});
    expect(extractFacts('care home '.repeat(5000), content).orgType).to.equal('care-provider');
  });
});

describe('eligibility text helpers', () => {
  it('expands contractions and folds plurals', () => {
    expect(tokenize("We don't have homes").words.join(' ')).to.equal('we do not have home');
  });

  const NUMBERS: [string, number | undefined][] = [
    ['45', 45],
    ['three', 3],
    ['forty five', 45],
    ['a dozen', 12],
    ['one hundred and twenty', 120],
    ['many', undefined],
  ];
  for (const [text, value] of NUMBERS) {
    it(`reads "${text}" as ${value}`, () => {
      expect(numberAt(tokenize(text).words, 0)?.value).to.equal(value);
    });
  }
});
