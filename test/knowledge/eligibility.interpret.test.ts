// How typed answers and opening messages are understood: interpretAnswer() per question, detectEligibilityRequest().
import { expect } from 'chai';
import type { Answers } from '../../knowledge/eligibility/answers.js';
import { detectEligibilityRequest } from '../../knowledge/eligibility/detect.js';
import { interpretAnswer } from '../../knowledge/eligibility/interpret.js';
import { defaultEligibility } from '../../knowledge/eligibility/loader.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import { loadDevSet } from '../fixtures/devset.js';

const content = defaultEligibility();
const replies = loadKnowledge().replies;
const label = (k: string) => replies.t(k);

type Expected = Answers | 'unsure' | 'back' | 'unrecognised';
const ANSWERS: [questionId: string, text: string, expected: Expected][] = [
  ['country', 'England', { country: 'england' }],
  ['country', '1', { country: 'england' }],
  ['country', 'scotland', { country: 'scotland' }],
  ['country', "we're in Leeds", { country: 'england' }],
  ['country', 'Glasgow', { country: 'scotland' }],
  ['country', 'NI', { country: 'northern-ireland' }],
  ['country', 'not sure', 'unsure'],
  ['country', 'banana', 'unrecognised'],
  ['org-type', 'Care home, nursing or home care', { orgType: 'care-provider' }],
  ['org-type', 'care home', { orgType: 'care-provider' }],
  ['org-type', 'we are a domiciliary agency', { orgType: 'care-provider' }],
  ['org-type', 'chemist', { orgType: 'pharmacy' }],
  ['org-type', 'optician', { orgType: 'optometry' }],
  ['org-type', 'locum gp', { orgType: 'gp-locum' }],
  ['org-type', 'F1 doctor', { orgType: 'junior-doctor' }],
  ['org-type', 'something else', { orgType: 'other' }],
  ['org-type', '2', { orgType: 'dental' }],
  ['cqc', 'yes', { cqcRegistered: true }],
  ['cqc', 'Yes', { cqcRegistered: true }],
  ['cqc', 'yep we are', { cqcRegistered: true }],
  ['cqc', 'no', { cqcRegistered: false }],
  ['cqc', "no we're not", { cqcRegistered: false }],
  ['cqc', 'we are not registered with the CQC', { cqcRegistered: false }],
  ['cqc', "I don't know", 'unsure'],
  ['cqc', 'Not sure', 'unsure'],
  ['cqc', 'what does that mean', 'unsure'],
  ['cqc', 'back', 'back'],
  ['cqc', 'go back', 'back'],
  ['dspt', 'Approaching Standards', { dspt: 'approaching' }],
  ['dspt', 'approaching', { dspt: 'approaching' }],
  ['dspt', 'met', { dspt: 'met' }],
  ['dspt', 'standards met', { dspt: 'met' }],
  ['dspt', "haven't started", { dspt: 'not-started' }],
  ['dspt', 'not done', { dspt: 'not-started' }],
  ['dspt', 'no', { dspt: 'not-started' }],
  ['dspt', 'started but not published', { dspt: 'in-progress' }],
  ['dspt', 'no idea', 'unsure'],
  ['sites', '3', { sites: 3 }],
  ['sites', 'three', { sites: 3 }],
  ['sites', 'just one', { sites: 1 }],
  ['sites', 'about 45 homes', { sites: 45 }],
  ['sites', 'over 30', { sites: 31 }],
  ['sites', 'lots', 'unrecognised'],
  ['sites', 'not sure', 'unsure'],
  ['support', 'Our own IT team', { ownIt: true, sponsor: false }],
  ['support', 'neither', { ownIt: false, sponsor: false }],
  ['support', 'no', { ownIt: false, sponsor: false }],
  ['support', 'the local trust will sponsor us', { sponsor: true, ownIt: false }],
  ['support', "we don't have an IT team", { ownIt: false }],
  ['sponsor', 'no', { sponsor: false }],
  ['sponsor', 'yes the ICB offered', { sponsor: true }],
  ['commissioner', 'yes', { commissionerRequires: true }],
  ['london', 'no, Manchester', { london: false }],
  ['london', 'yes', { london: true }],
  ['pharmacy-kind', 'locum', { pharmacyKind: 'locum' }],
  ['pharmacy-kind', 'part of a chain', { pharmacyKind: 'multiple' }],
  ['pharmacy-kind', 'I work in a hospital', { pharmacyKind: 'hospital' }],
  ['pharmacy-kind', 'One pharmacy (single store)', { pharmacyKind: 'single' }],
];

describe('eligibility interpretAnswer()', () => {
  for (const [qid, text, expected] of ANSWERS) {
    it(`${qid}: "${text}"`, () => {
      const q = content.questionById.get(qid);
      if (!q) throw new Error(`no question ${qid}`);
      const got = interpretAnswer(q, text, {}, content, label);
      if (typeof expected === 'string') expect(got.kind).to.equal(expected);
      else {
        expect(got.kind).to.equal('answer');
        if (got.kind === 'answer') expect(got.facts).to.deep.equal(expected);
      }
    });
  }

  it('every button label picks its own choice', () => {
    for (const q of content.questions) {
      if (q.kind !== 'choice') continue;
      for (const c of q.choices) {
        const got = interpretAnswer(q, replies.t(c.label), {}, content, label);
        expect(got.kind === 'answer' && got.exact && got.facts, `${q.id}: ${c.label}`).to.deep.equal(c.set);
      }
    }
  });

  it('keeps facts given on the way, without overwriting known ones', () => {
    const q = content.questionById.get('cqc');
    if (!q) throw new Error('no cqc question');
    const got = interpretAnswer(q, 'yes, and we have 4 homes in Leeds', { country: 'england', orgType: 'care-provider' }, content, label);
    expect(got.kind).to.equal('answer');
    if (got.kind === 'answer') {
      expect(got.facts).to.deep.equal({ cqcRegistered: true });
      expect(got.extra).to.include({ sites: 4 });
      expect(got.extra).to.not.have.property('country');
    }
  });

  it('takes facts for later questions from a message that does not answer this one', () => {
    const q = content.questionById.get('cqc');
    if (!q) throw new Error('no cqc question');
    const got = interpretAnswer(q, 'we have 4 homes', { orgType: 'care-provider' }, content, label);
    expect(got.kind === 'answer' && got.extra).to.deep.equal({ sites: 4 });
  });
});

describe('eligibility detectEligibilityRequest()', () => {
  const STARTS: [string, Answers][] = [
    ['am I eligible', {}],
    ['how do we sign up', {}],
    ['how do I get NHSmail', {}],
    ['can we get nhs.net email?', {}],
    ['Which route is right for us?', {}],
    ['we run 3 care homes in Leeds, CQC registered, DSPT approaching standards', { orgType: 'care-provider', sites: 3 }],
    ["I'm a GP locum", { orgType: 'gp-locum' }],
    ["I'm a locum pharmacist in Bristol, how do I get NHSmail?", { pharmacyKind: 'locum' }],
    ['independent midwife in London', { orgType: 'midwife', london: true }],
    ['We are a group of 45 care homes', { sites: 45 }],
  ];
  for (const [text, facts] of STARTS) {
    it(`starts the check: "${text}"`, () => {
      const got = detectEligibilityRequest(text, content);
      expect(got).to.not.equal(undefined);
      expect(got).to.include(facts);
    });
  }

  const LEAVES = [
    'what is an ODS code',
    'what is an ODS code?',
    'where do I find our CQC location ID',
    "I'm a care home manager and I'm locked out",
    'a carer has left, how do I tell the helpdesk',
    'how many nhsmail accounts can a care home have',
    'care homes',
    'what are the different ways to sign up for nhsmail as a care provider',
    'how do i register a new resident with the gp',
    'is approaching standards enough?',
    'can i have two nhs.net accounts as a gp locum',
  ];
  for (const text of LEAVES) {
    it(`leaves to the knowledge base: "${text}"`, () => {
      expect(detectEligibilityRequest(text, content)).to.equal(undefined);
    });
  }

  it("takes only 'how do I get NHSmail'-style questions from the knowledge base's dev set", () => {
    // The dev set labels each question with a topic; the check may take only those about getting NHSmail.
    const joining = new Set([
      'care-provider-eligibility', 'dspt-not-done', 'scotland', 'registration-routes', 'nas-registration',
      'commissioner-sponsored', 'access-process-form', 'pharmacy-registration', 'pharmacy-multiples',
      'pharmacy-locum', 'pharmacy-hospital', 'gp-locum-registration', 'junior-doctors', 'independent-midwives',
      'dental-registration', 'optometry-registration', 'already-on-nhsmail-org', 'bulk-upload', 'self-management',
      'local-sponsorship', 'dental-groups',
    ]);
    const dev = loadDevSet();
    const stolen = dev.onTopic.filter((d) => !joining.has(d.expect) && detectEligibilityRequest(d.q, content));
    expect(stolen.map((d) => `${d.expect}: ${d.q}`)).to.deep.equal([]);
    const offTopic = dev.offTopic.filter((d) => detectEligibilityRequest(d.q, content));
    expect(offTopic.map((d) => d.q)).to.deep.equal([]);
    const taken = dev.onTopic.filter((d) => detectEligibilityRequest(d.q, content)).length;
    expect(taken / dev.onTopic.length).to.be.below(0.12);
  });
});
