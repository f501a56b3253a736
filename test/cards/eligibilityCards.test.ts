// Every eligibility card (each question, each route's outcome) passes the Adaptive Cards parser and has a plain-text twin.
import { expect } from 'chai';
import { CardActionSchema } from '../../cards/actions.js';
import { outcomeCard, questionCard } from '../../cards/eligibilityCards.js';
import type { Answers } from '../../knowledge/eligibility/answers.js';
import { decide, type Outcome } from '../../knowledge/eligibility/decide.js';
import { defaultEligibility } from '../../knowledge/eligibility/loader.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import { cardProblems, submits } from './cardCheck.js';


const content = defaultEligibility();
const r = loadKnowledge().replies;

/** One set of answers per route, found by trying the combinations the rules care about. */
function outcomesForEveryRoute(): Map<string, Outcome> {
  const found = new Map<string, Outcome>();
  const countries = ['england', 'scotland', 'wales'] as const;
  const orgTypes = ['care-provider', 'dental', 'pharmacy', 'optometry', 'gp-locum', 'junior-doctor', 'midwife', 'nhs-staff', 'local-authority', 'other', 'unrelated'] as const;
  for (const country of countries)
    for (const orgType of orgTypes)
      for (const cqcRegistered of [true, false])
        for (const dspt of ['approaching', 'not-started'] as const)
          for (const sites of [1, 25, 45])
            for (const [ownIt, sponsor] of [[true, false], [false, true], [false, false]] as const)
              for (const commissionerRequires of [true, false])
                for (const london of [true, false])
                  for (const pharmacyKind of ['single', 'multiple', 'locum', 'hospital'] as const) {
                    const a: Answers = { country, orgType, cqcRegistered, dspt, sites, ownIt, sponsor, commissionerRequires, london, pharmacyKind, ...(pharmacyKind === 'multiple' && sites === 45 ? { headOffice: true } : {}) };
                    const d = decide(a, content);
                    if (d.kind === 'outcome' && !found.has(d.route)) found.set(d.route, d);
                  }
  return found;
}

describe('eligibility cards', () => {
  const outcomes = outcomesForEveryRoute();

  it('reaches every route but the catch-all', () => {
    expect([...content.routes.keys()].filter((id) => !outcomes.has(id) && id !== 'ask-the-team')).to.deep.equal([]);
  });

  for (const [route, outcome] of outcomes) {
    it(`outcome card for ${route} is a valid card with a full plain-text version`, () => {
      const reply = outcomeCard(r, outcome);
      expect(cardProblems(reply.card)).to.deep.equal([]);
      expect(reply.meta).to.include({ kind: 'eligibility', route });
      expect(reply.text).to.include(r.t(outcome.title));
      expect(reply.text).to.include(r.t(outcome.nextStep.key));
      for (const c of outcome.checklist) expect(reply.text).to.include(r.t(c.key));
      for (const k of outcome.afterwards) expect(reply.text).to.include(r.t(k));
      const data = submits(reply.card);
      expect(data).to.deep.include({ action: 'start', flow: 'question' });
      expect(data).to.deep.include({ action: 'start', flow: 'eligibility' });
      for (const d of data) expect(CardActionSchema.safeParse(d).success).to.equal(true);
    });
  }

  for (const q of content.questions) {
    it(`question card for ${q.id} is valid, and each button sends text the question understands`, () => {
      const reply = questionCard(r, q, { canGoBack: true, lead: r.t('eligibility.notUnderstood') });
      expect(cardProblems(reply.card)).to.deep.equal([]);
      expect(reply.text).to.include(r.t(q.prompt));
      const values = submits(reply.card).map((d) => {
        const a = CardActionSchema.parse(d);
        if (a.action !== 'choose') throw new Error('question buttons must be choose actions');
        return a.value;
      });
      expect(values).to.include(r.t('eligibility.choice.unsure'));
      expect(values).to.include(r.t('eligibility.choice.back'));
      expect(reply.meta).to.include({ kind: 'eligibilityQuestion', questionId: q.id });
    });
  }
});
