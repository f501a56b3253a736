// Every route and every boundary of the eligibility rules, through the pure decide() function.
import { expect } from 'chai';
import type { Answers } from '../../knowledge/eligibility/answers.js';
import { decide, type Decision } from '../../knowledge/eligibility/decide.js';
import { defaultEligibility } from '../../knowledge/eligibility/loader.js';

const content = defaultEligibility();
const england = { country: 'england' } as const;
const care = { ...england, orgType: 'care-provider', cqcRegistered: true, dspt: 'approaching' } as const;
const dental = { ...england, orgType: 'dental' } as const;
const none = { ownIt: false, sponsor: false } as const;

interface RouteCase {
  name: string;
  answers: Answers;
  route: string;
  /** reason keys (without "eligibility.reason.") that must be given */
  because?: string[];
}

const ROUTES: RouteCase[] = [
  { name: 'Scotland, whatever else', answers: { country: 'scotland' }, route: 'scotland', because: ['country.scotland'] },
  { name: 'Scotland beats a known org type', answers: { country: 'scotland', orgType: 'pharmacy', pharmacyKind: 'single' }, route: 'scotland' },
  { name: 'Wales', answers: { country: 'wales' }, route: 'outside-england', because: ['country.wales'] },
  { name: 'Northern Ireland', answers: { country: 'northern-ireland' }, route: 'outside-england' },
  { name: 'staff of an organisation already on NHSmail', answers: { ...england, orgType: 'nhs-staff' }, route: 'existing-org', because: ['country.england', 'orgType.nhsStaff'] },

  { name: 'care: CQC, DSPT approaching, 1 site, no IT, no sponsor', answers: { ...care, sites: 1, sponsor: false }, route: 'care-nas', because: ['orgType.careProvider', 'cqcRegistered.true', 'dspt.approaching', 'sites.notGt1', 'sponsor.false'] },
  { name: 'care: DSPT standards met also qualifies', answers: { ...care, dspt: 'met', sites: 3, ...none }, route: 'care-nas', because: ['dspt.met', 'ownIt.false', 'sites.notGt30'] },
  { name: 'care: DSPT unknown after "not sure" still gives the route, with a check', answers: { ...care, dspt: 'unknown', sites: 2, ...none }, route: 'care-nas', because: ['dspt.unknown'] },
  { name: 'care: 30 sites is not bulk', answers: { ...care, sites: 30, ...none }, route: 'care-nas', because: ['sites.notGt30'] },
  { name: 'care: 31 sites is bulk upload', answers: { ...care, sites: 31, ...none }, route: 'care-bulk-upload', because: ['sites.gt30'] },
  { name: 'care: a group of 45 with no IT', answers: { ...care, sites: 45, ...none }, route: 'care-bulk-upload' },
  { name: 'care: several sites with own IT self-manage', answers: { ...care, sites: 2, ownIt: true }, route: 'care-self-management', because: ['ownIt.true'] },
  { name: 'care: 45 sites with own IT self-manage rather than bulk', answers: { ...care, sites: 45, ownIt: true }, route: 'care-self-management' },
  { name: 'care: a single site with own IT is not self-management', answers: { ...care, sites: 1, ownIt: true, sponsor: false }, route: 'care-nas', because: ['sites.notGt1'] },
  { name: 'care: sponsor', answers: { ...care, sites: 3, ownIt: false, sponsor: true }, route: 'care-local-sponsorship', because: ['sponsor.true'] },
  { name: 'care: a known sponsor decides before sites are asked', answers: { ...care, sponsor: true }, route: 'care-local-sponsorship' },
  { name: 'care: DSPT not started', answers: { ...care, dspt: 'not-started' }, route: 'care-dspt-first', because: ['dspt.notStarted'] },
  { name: 'care: DSPT started but unpublished', answers: { ...care, dspt: 'in-progress' }, route: 'care-dspt-first', because: ['dspt.inProgress'] },
  { name: 'care: DSPT missing beats a sponsor', answers: { ...care, dspt: 'not-started', sponsor: true, sites: 40 }, route: 'care-dspt-first' },
  { name: 'care: not CQC, commissioner requires NHSmail', answers: { ...england, orgType: 'care-provider', cqcRegistered: false, commissionerRequires: true }, route: 'commissioner-sponsored', because: ['cqcRegistered.false', 'commissionerRequires.true'] },
  { name: 'care: not CQC, no commissioner', answers: { ...england, orgType: 'care-provider', cqcRegistered: false, commissionerRequires: false }, route: 'access-process', because: ['cqcRegistered.false', 'commissionerRequires.false'] },
  { name: 'care: not CQC, supports the NHS nationally', answers: { ...england, orgType: 'care-provider', cqcRegistered: false, supportsNhsNationally: true }, route: 'access-process', because: ['supportsNhsNationally.true'] },
  { name: 'care: not CQC skips the DSPT', answers: { ...england, orgType: 'care-provider', cqcRegistered: false, dspt: 'not-started', commissionerRequires: true }, route: 'commissioner-sponsored' },

  { name: 'dental: one practice', answers: { ...dental, sites: 1, sponsor: false }, route: 'dental-nas', because: ['orgType.dental', 'practices.notGt20', 'sponsor.false'] },
  { name: 'dental: 20 practices with own IT is not self-management', answers: { ...dental, sites: 20, ownIt: true, sponsor: false }, route: 'dental-nas', because: ['practices.notGt20', 'practices.notGt20'] },
  { name: 'dental: 21 practices with own IT self-manage', answers: { ...dental, sites: 21, ownIt: true }, route: 'dental-self-management', because: ['practices.gt20', 'ownIt.true'] },
  { name: 'dental: 21 practices without IT', answers: { ...dental, sites: 21, ...none }, route: 'dental-nas', because: ['ownIt.false', 'practices.notGt30'] },
  { name: 'dental: 30 practices without IT is not bulk', answers: { ...dental, sites: 30, ...none }, route: 'dental-nas', because: ['practices.notGt30'] },
  { name: 'dental: 31 practices without IT is bulk', answers: { ...dental, sites: 31, ...none }, route: 'dental-bulk-upload', because: ['practices.gt30'] },
  { name: 'dental: 31 practices with own IT self-manage', answers: { ...dental, sites: 31, ownIt: true }, route: 'dental-self-management' },
  { name: 'dental: sponsor', answers: { ...dental, sites: 4, sponsor: true }, route: 'dental-local-sponsorship', because: ['sponsor.true'] },
  { name: 'dental: a known sponsor decides at once', answers: { ...dental, sponsor: true }, route: 'dental-local-sponsorship' },

  { name: 'pharmacy: single store', answers: { ...england, orgType: 'pharmacy', pharmacyKind: 'single' }, route: 'pharmacy-store', because: ['pharmacyKind.single'] },
  { name: 'pharmacy: multiple', answers: { ...england, orgType: 'pharmacy', pharmacyKind: 'multiple' }, route: 'pharmacy-multiple' },
  { name: 'pharmacy: locum', answers: { ...england, orgType: 'pharmacy', pharmacyKind: 'locum' }, route: 'pharmacy-locum' },
  { name: 'pharmacy: hospital', answers: { ...england, orgType: 'pharmacy', pharmacyKind: 'hospital' }, route: 'pharmacy-hospital' },
  { name: 'optometrist', answers: { ...england, orgType: 'optometry' }, route: 'optometry', because: ['orgType.optometry'] },
  { name: 'GP locum', answers: { ...england, orgType: 'gp-locum' }, route: 'gp-locum' },
  { name: 'junior doctor', answers: { ...england, orgType: 'junior-doctor' }, route: 'junior-doctor' },
  { name: 'midwife in London', answers: { ...england, orgType: 'midwife', london: true }, route: 'midwife-london', because: ['london.true'] },
  { name: 'midwife elsewhere', answers: { ...england, orgType: 'midwife', london: false }, route: 'midwife-regional', because: ['london.false'] },
  { name: 'other organisation, commissioner requires NHSmail', answers: { ...england, orgType: 'other', commissionerRequires: true }, route: 'commissioner-sponsored' },
  { name: 'other organisation, no commissioner', answers: { ...england, orgType: 'other', commissionerRequires: false }, route: 'access-process' },
  { name: 'other organisation supporting the NHS nationally', answers: { ...england, orgType: 'other', supportsNhsNationally: true }, route: 'access-process' },
  { name: 'pharmacy: someone at a chain\'s head office, known from what they said', answers: { ...england, orgType: 'pharmacy', pharmacyKind: 'multiple', headOffice: true }, route: 'pharmacy-head-office', because: ['headOffice.true'] },
  { name: 'a council social worker', answers: { ...england, orgType: 'local-authority' }, route: 'local-authority', because: ['orgType.localAuthority'] },
  { name: 'a nail salon, known before anything else is asked', answers: { orgType: 'unrelated' }, route: 'not-available', because: ['orgType.unrelated'] },
  { name: 'a gym in Scotland, known from what they said, is still not a health or care organisation', answers: { country: 'scotland', orgType: 'unrelated' }, route: 'not-available' },
];

interface AskCase {
  name: string;
  answers: Answers;
  ask: string;
}

const ASKS: AskCase[] = [
  { name: 'nothing known: where first', answers: {}, ask: 'country' },
  { name: 'org type known, country not', answers: { orgType: 'gp-locum' }, ask: 'country' },
  { name: 'England: what kind of organisation', answers: england, ask: 'org-type' },
  { name: 'care provider: CQC', answers: { ...england, orgType: 'care-provider' }, ask: 'cqc' },
  { name: 'CQC-registered: DSPT', answers: { ...england, orgType: 'care-provider', cqcRegistered: true }, ask: 'dspt' },
  { name: 'not CQC: the commissioner', answers: { ...england, orgType: 'care-provider', cqcRegistered: false }, ask: 'commissioner' },
  { name: 'DSPT fine: how many sites', answers: care, ask: 'sites' },
  { name: 'several sites: who runs the accounts (own IT or sponsor in one question)', answers: { ...care, sites: 3 }, ask: 'support' },
  { name: 'one site: only the sponsor is asked', answers: { ...care, sites: 1 }, ask: 'sponsor' },
  { name: 'IT known to be missing: only the sponsor is asked', answers: { ...care, sites: 5, ownIt: false }, ask: 'sponsor' },
  { name: 'dental: practices, with the dental wording', answers: dental, ask: 'sites-dental' },
  { name: 'dental over 20: own IT or sponsor', answers: { ...dental, sites: 25 }, ask: 'support' },
  { name: 'dental up to 20: sponsor only', answers: { ...dental, sites: 20 }, ask: 'sponsor' },
  { name: 'pharmacy: which kind', answers: { ...england, orgType: 'pharmacy' }, ask: 'pharmacy-kind' },
  { name: 'midwife: London?', answers: { ...england, orgType: 'midwife' }, ask: 'london' },
  { name: 'other organisation: the commissioner', answers: { ...england, orgType: 'other' }, ask: 'commissioner' },
];

const outcome = (d: Decision) => {
  if (d.kind !== 'outcome') throw new Error(`expected an outcome, got a question: ${d.question.id}`);
  return d;
};

describe('eligibility decide()', () => {
  describe('routes', () => {
    for (const c of ROUTES) {
      it(`${c.name} -> ${c.route}`, () => {
        const d = outcome(decide(c.answers, content));
        expect(d.route).to.equal(c.route);
        const keys = d.reasons.map((r) => r.key.replace(/^eligibility\.reason\./, ''));
        for (const k of c.because ?? []) expect(keys, `reasons of ${c.name}`).to.include(k);
      });
    }

    it('covers every route in the content (the catch-all only guards against gaps)', () => {
      const reached = new Set(ROUTES.map((c) => c.route));
      const missing = [...content.routes.keys()].filter((r) => !reached.has(r) && r !== 'ask-the-team');
      expect(missing).to.deep.equal([]);
    });
  });

  describe('the next question', () => {
    for (const c of ASKS) {
      it(`${c.name} -> ${c.ask}`, () => {
        const d = decide(c.answers, content);
        expect(d.kind).to.equal('ask');
        if (d.kind === 'ask') expect(d.question.id).to.equal(c.ask);
      });
    }

    it('never asks for a fact already known', () => {
      for (const c of [...ASKS, ...ROUTES]) {
        const d = decide(c.answers, content);
        if (d.kind === 'ask') expect(c.answers[d.field], c.name).to.equal(undefined);
      }
    });
  });

  describe('the outcome', () => {
    it('gives one reason per answer, each with its values filled', () => {
      const d = outcome(decide({ ...care, sites: 31, ...none }, content));
      const fields = d.reasons.map((r) => r.field);
      expect(new Set(fields).size).to.equal(fields.length);
      expect(d.reasons.find((r) => r.field === 'sites')?.vars).to.deep.equal({ n: 31, limit: 30 });
    });

    it('carries the checklist, next step, link and who administers the accounts', () => {
      const d = outcome(decide({ ...care, sites: 1, sponsor: false }, content));
      expect(d.checklist.map((c) => c.id)).to.include.members(['ods-code', 'cqc-location-id', 'cqc-contact-or-otp', 'dspt-published']);
      expect(d.nextStep.link?.url).to.match(/^https:\/\/portal\.nhs\.net\//);
      expect(d.afterwards[0]).to.equal('eligibility.route.careNas.admin');
      expect(d.afterwards).to.include('eligibility.after.allowance');
    });

    it('marks "not yet" outcomes as not eligible, and offers the secure email alternative', () => {
      const d = outcome(decide({ ...care, dspt: 'not-started' }, content));
      expect(d.eligible).to.equal(false);
      expect(d.afterwards).to.include('eligibility.after.secureEmailAlternative');
    });
  });

  describe('questions asked for a whole journey', () => {
    // How many questions the rules ask from nothing: the bare-opening budget is 6 questions (7 turns).
    const answerFor = (target: Answers) => (d: Extract<Decision, { kind: 'ask' }>): Answers => {
      const q = d.question;
      if (q.kind === 'choice') {
        const fits = q.choices.find((c) => {
          const set = Object.entries(c.set);
          const said = set.filter(([f]) => target[f as keyof Answers] !== undefined);
          return said.length > 0 && said.every(([f, v]) => target[f as keyof Answers] === v);
        });
        return (fits?.set ?? q.choices[q.choices.length - 1]?.set ?? {}) as Answers;
      }
      return { [q.field]: target[q.field as keyof Answers] } as Answers;
    };
    // (routes reached only from facts stated up front, such as "we support the NHS nationally", are left out)
    for (const c of ROUTES.filter((x) => !/known|nationally/.test(x.name))) {
      it(`${c.name}: at most 6 questions`, () => {
        let answers: Answers = {};
        let d = decide(answers, content);
        let asked = 0;
        while (d.kind === 'ask' && asked < 12) {
          answers = { ...answers, ...answerFor(c.answers)(d) };
          asked++;
          d = decide(answers, content);
        }
        expect(outcome(d).route).to.equal(c.route);
        expect(asked).to.be.at.most(6);
      });
    }
  });
});
