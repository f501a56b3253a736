// How typed answers and opening messages are understood: interpretAnswer() per question, detectEligibilityRequest().
import { expect } from 'chai';
import type { Answers } from '../../knowledge/eligibility/answers.js';
import { asksBeyondJoining, detectEligibilityRequest, namesDetail, saysLacking, wantsToJoin } from '../../knowledge/eligibility/detect.js';
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

  // corrections: [question on screen, text, known answers, corrections expected ({} = none)]
  const CORRECTIONS: [string, string, Answers, Answers][] = [
    ['sponsor', 'wait, actually we have 4 homes not 1', { orgType: 'care-provider', sites: 1 }, { sites: 4 }],
    ['dspt', "actually we're in Glasgow, not Leeds", { country: 'england', orgType: 'care-provider' }, { country: 'scotland' }],
    ['pharmacy-kind', 'oops, I meant dental practice', { country: 'england', orgType: 'pharmacy' }, { orgType: 'dental' }],
    // a different value that answers nothing else is a correction even without "actually"
    ['sponsor', 'we have 4 homes', { orgType: 'care-provider', sites: 1 }, { sites: 4 }],
    // an answer that mentions another value in passing, without saying it corrects, changes nothing
    ['sponsor', 'no, not for our 4 homes', { orgType: 'care-provider', sites: 1 }, {}],
    // the same value again is no correction
    ['dspt', 'we have 3 homes, approaching', { orgType: 'care-provider', sites: 3 }, {}],
  ];
  for (const [qid, text, known, corrections] of CORRECTIONS) {
    it(`corrections at ${qid}: "${text}"`, () => {
      const q = content.questionById.get(qid);
      if (!q) throw new Error(`no question ${qid}`);
      const got = interpretAnswer(q, text, known, content, label);
      expect(got.kind).to.equal('answer');
      if (got.kind === 'answer') expect(got.corrections).to.deep.equal(corrections);
    });
  }

  const CHANGES: [onScreen: string, text: string, known: Answers, target: string, facts: Answers][] = [
    ['dspt', 'change my answer about sites', { orgType: 'care-provider', sites: 3 }, 'sites', {}],
    ['dspt', 'can I change my answer about the country?', { country: 'england' }, 'country', {}],
    ['support', 'change the number of homes to 40', { orgType: 'care-provider', sites: 3 }, 'sites', { sites: 40 }],
    ['sponsor', 'go back to the dspt', { orgType: 'care-provider', dspt: 'met' }, 'dspt', {}],
    // a dental group's sites are practices: the dental question is the one reopened
    ['sponsor', 'change my answer about practices', { orgType: 'dental', sites: 3 }, 'sites-dental', {}],
  ];
  for (const [qid, text, known, target, facts] of CHANGES) {
    it(`"${text}" reopens ${target}`, () => {
      const q = content.questionById.get(qid);
      if (!q) throw new Error(`no question ${qid}`);
      expect(interpretAnswer(q, text, known, content, label)).to.deep.equal({ kind: 'change', questionId: target, facts });
    });
  }

  it('"change my answer" with no question named is still "back"', () => {
    const q = content.questionById.get('dspt');
    if (!q) throw new Error('no dspt question');
    expect(interpretAnswer(q, 'change my answer', {}, content, label).kind).to.equal('back');
  });

  for (const text of ['UK', 'the UK', 'united kingdom', 'Britain']) {
    it(`"${text}" at the country question asks which nation`, () => {
      const q = content.questionById.get('country');
      if (!q) throw new Error('no country question');
      expect(interpretAnswer(q, text, {}, content, label)).to.deep.equal({ kind: 'vague', reply: 'eligibility.vague.country' });
    });
  }

  it('"UK - England" is England, not vague', () => {
    const q = content.questionById.get('country');
    if (!q) throw new Error('no country question');
    const got = interpretAnswer(q, 'uk - england', {}, content, label);
    expect(got.kind === 'answer' && got.facts).to.deep.equal({ country: 'england' });
  });

  const TYPED: [string, string, Answers][] = [
    ['country', 'south west', { country: 'england' }],
    ['country', 'Sheffield', { country: 'england' }],
    ['org-type', 'local authority', { orgType: 'local-authority' }],
    ['org-type', 'council', { orgType: 'local-authority' }],
    ['org-type', 'a nail salon', { orgType: 'unrelated' }],
    ['pharmacy-kind', 'head office', { pharmacyKind: 'multiple' }],
    ['support', 'a part-time IT person', { ownIt: false, sponsor: false }],
    ['support', 'we want the NHS to run the accounts', { ownIt: false, sponsor: false }],
  ];
  for (const [qid, text, facts] of TYPED) {
    it(`typed at ${qid}: "${text}"`, () => {
      const q = content.questionById.get(qid);
      if (!q) throw new Error(`no question ${qid}`);
      const got = interpretAnswer(q, text, {}, content, label);
      expect(got.kind === 'answer' && got.facts).to.deep.equal(facts);
    });
  }
});

describe('eligibility saysLacking()', () => {
  for (const text of ['our dental practice has no ods code', "we don't know our cqc location id", 'care home, we havent got a dspt yet', 'lost our one time passcode']) {
    it(`reads something missing: "${text}"`, () => expect(saysLacking(text, content)).to.equal(true));
  }
  for (const text of ["I'm a GP locum", 'we run 3 care homes in leeds', 'a nobody here knows', 'known to the council']) {
    it(`reads nothing missing: "${text}"`, () => expect(saysLacking(text, content)).to.equal(false));
  }
});

describe('eligibility namesDetail() and wantsToJoin()', () => {
  for (const text of ['find our care home ods code', 'cqc location id which one for which home', 'locked out of the shared mailbox']) {
    it(`reads a thing of its own named: "${text}"`, () => expect(namesDetail(text, content)).to.equal(true));
  }
  for (const text of ['we are a care home in leeds and need nhsmail', "I'm a GP locum", 'registering our chemist shop for nhsmail']) {
    it(`reads no thing of its own: "${text}"`, () => expect(namesDetail(text, content)).to.equal(false));
  }
  it('reads a way of joining with NHSmail named a few words on as wanting to join', () => {
    expect(wantsToJoin('registering our chemist shop for nhsmail', content)).to.equal(true);
    expect(wantsToJoin('signing up our three homes to nhs mail', content)).to.equal(true);
    // (too far apart, or no NHSmail at all, is no wish to join)
    expect(wantsToJoin('registering our chemist shop with the gphc and the council and then we will think about nhsmail', content)).to.equal(false);
    expect(wantsToJoin('registering our chemist shop', content)).to.equal(false);
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
    // "homes" alone, as managers say it, are care homes (it was refused as off the subject)
    ['we run 3 homes in leeds, cqc registered', { orgType: 'care-provider', sites: 3, cqcRegistered: true }],
    ["I'm a GP locum", { orgType: 'gp-locum' }],
    ["I'm a locum pharmacist in Bristol, how do I get NHSmail?", { pharmacyKind: 'locum' }],
    ['independent midwife in London', { orgType: 'midwife', london: true }],
    ['We are a group of 45 care homes', { sites: 45 }],
    // asking whether we may use it, with nothing more asked
    ['can we use nhsmail', {}],
    ['are we allowed to use nhsmail?', {}],
    ["we're based in cardiff, can we use nhsmail", { country: 'wales' }],
    // a CQC registration still pending is no registration ("cqc registration" alone read as registered)
    ['our cqc registration is still pending, can we register for nhsmail', { cqcRegistered: false }],
    ["we're applying to cqc at the moment, how do we get nhsmail", { cqcRegistered: false }],
    // secure email is what most people call it ("...how do we get secure email" got why providers are asked for it)
    ['we are in northern ireland how do we get secure email', { country: 'northern-ireland' }],
  ];
  for (const [text, facts] of STARTS) {
    it(`starts the check: "${text}"`, () => {
      const got = detectEligibilityRequest(text, content);
      expect(got).to.not.equal(undefined);
      expect(got).to.include(facts);
    });
  }

  const LEAVES = [
    // ...but asking more than whether we may use it is a question about using it
    'can we use nhsmail on our phones',
    'can we use nhsmail to send care plans to the gp',
    'can we use nhsmail at home',
    // an account that is running out is no request to join ("gp locum, my account is expiring" started the check)
    'gp locum, my account is expiring',
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
    // why it is asked of us, or what it is a condition for, is no wish to join
    'the hospital wont send us discharge letters unless we have nhs.net why',
    'why does the council say we need nhsmail',
    "the district nurses won't email us till we get nhsmail",
    // an account from a previous job is about keeping it, not joining
    'i have nhsmail from my old nhs job can i use it at the care home',
    // ...and so is one the writer has already, wherever it came from: they do not register again
    'i already have an nhsmail account, do i have to sign up again for the home',
    'i have nhsmail already, does the new place need to register me',
    "got nhs.net already, do i register again",
    // an employee of an organisation already on NHSmail, or someone keeping theirs, is not joining either
    'my employer already uses nhsmail, how do i get on it',
    'going to a different agency, can i keep my email',
    'moving care homes keep my nhs email',
    'im moving to a new care home can i keep the same email address',
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

describe('eligibility asksBeyondJoining()', () => {
  const content = defaultEligibility();

  it('finds nothing more in a bare request to join, however it is worded', () => {
    for (const text of ['how do I get NHSmail?', 'Can we get NHSmail?', 'am I eligible for nhsmail', 'I want to check if we can get NHSmail', 'hi, how can we sign up please?', 'how do we go about getting an nhs.net account']) {
      expect(asksBeyondJoining(text, content), text).to.equal(false);
    }
  });

  it('finds a question of its own beside the wish to join', () => {
    for (const text of ['we want nhsmail but have never done the DSPT, what now?', 'what are the different ways to join nhsmail?', 'can we get nhsmail if we are a charity?']) {
      expect(asksBeyondJoining(text, content), text).to.equal(true);
    }
  });

  it('with clauses, reads only the clauses that ask, not the description of the organisation', () => {
    expect(asksBeyondJoining('we run 4 homes in York, CQC registered, how do we get nhsmail?', content, { clauses: true })).to.equal(false);
    expect(asksBeyondJoining('we run 4 homes in York, CQC registered, could our own IT team look after the accounts?', content, { clauses: true })).to.equal(true);
    // without clauses, the description counts
    expect(asksBeyondJoining('we run 4 homes in York, CQC registered, how do we get nhsmail?', content)).to.equal(true);
  });

  it('with clauses, reads a question that only points back by what the message named before it', () => {
    expect(asksBeyondJoining('nursing home in hull, the portal wants a cqc location id, what is that and where do i find it', content, { clauses: true })).to.equal(true);
    expect(asksBeyondJoining('we run 4 homes in York, CQC registered, how do we get it?', content, { clauses: true })).to.equal(false);
    expect(asksBeyondJoining('Registered manager at our Derby home cant find her CQC contact ID, where would it be?', content, { clauses: true })).to.equal(true);
    expect(asksBeyondJoining('we run 4 homes in York, CQC registered, can we get it?', content, { clauses: true })).to.equal(false);
  });
});
