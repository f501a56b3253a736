// Which event a turn makes from the metas of its replies: the precedence table, journey steps, and the facts carried along.
import { expect } from 'chai';
import { describeTurn, META_KINDS } from '../../../bot/insights/turnKinds.js';
import { EVENT_KINDS } from '../../../bot/insights/events.js';

const idle = { journeyBefore: false, journeyAfter: false };
const inJourney = { journeyBefore: true, journeyAfter: true };

describe('insights: a turn as an event', () => {
  const cases: { name: string; metas: (Record<string, unknown> | undefined)[]; shape?: typeof idle; want: Record<string, unknown> | undefined }[] = [
    { name: 'nothing sent', metas: [], want: undefined },
    { name: 'an answer', metas: [{ kind: 'answer', entryId: 'reset-password', related: [] }], want: { kind: 'answer', entryId: 'reset-password' } },
    { name: 'not sure: the first candidate is the closest entry', metas: [{ kind: 'unsure', candidates: ['a-b', 'c-d'] }], want: { kind: 'unsure', entryId: 'a-b' } },
    { name: 'refused', metas: [{ kind: 'offTopic' }], want: { kind: 'offTopic' } },
    { name: 'what applies in another nation is an answer', metas: [{ kind: 'nation', nation: 'wales' }], want: { kind: 'answer' } },
    { name: 'feedback', metas: [{ kind: 'feedback', entryId: 'x', helpful: false }], want: { kind: 'feedback', entryId: 'x', helpful: false } },
    {
      name: 'an answer that also starts the eligibility check',
      metas: [{ kind: 'answer', entryId: 'pharmacy' }, { kind: 'eligibilityQuestion', questionId: 'sector' }],
      want: { kind: 'answer', entryId: 'pharmacy', eligibilityStarted: true },
    },
    { name: 'the next eligibility question', metas: [{ kind: 'eligibilityQuestion', questionId: 'sites' }], shape: inJourney, want: { kind: 'eligibilityStep' } },
    {
      name: 'the outcome, with its route (either spelling)',
      metas: [{ kind: 'eligibility', route: 'nas-portal' }],
      shape: inJourney,
      want: { kind: 'eligibilityOutcome', route: 'nas-portal', eligibilityFinished: true },
    },
    {
      name: 'an outcome straight away starts and finishes a check',
      metas: [{ kind: 'eligibility', routeId: 'scotland' }],
      want: { kind: 'eligibilityOutcome', route: 'scotland', eligibilityStarted: true, eligibilityFinished: true },
    },
    { name: 'a filed request wins over its summary', metas: [{ kind: 'requestSummaryUsed', type: 'leaver' }, { kind: 'requestFiled', ref: 'NHSM-000001', type: 'leaver' }], want: { kind: 'requestFiled', requestType: 'leaver' } },
    { name: 'self-service', metas: [{ kind: 'selfService', outcome: 'solved' }], shape: inJourney, want: { kind: 'selfService', selfService: 'solved' } },
    { name: 'safety wins over everything', metas: [{ kind: 'answer', entryId: 'x' }, { kind: 'safety' }], want: { kind: 'safety', entryId: 'x' } },
    { name: 'a reply without meta inside a journey is a step', metas: [undefined], shape: inJourney, want: { kind: 'journeyStep' } },
    { name: 'a reply without meta that ends a journey is a step', metas: [undefined], shape: { journeyBefore: true, journeyAfter: false }, want: { kind: 'journeyStep' } },
    { name: 'a reply without meta outside journeys', metas: [undefined], want: { kind: 'other' } },
    { name: 'an unknown meta kind', metas: [{ kind: 'somethingNew' }], want: { kind: 'other' } },
    {
      name: 'a message answered in part: still an answer, with each part left unanswered and its closest entry',
      metas: [
        { kind: 'answer', entryId: 'costs' },
        { kind: 'unsure', candidates: ['web-access', 'mfa'], part: 2, question: 'how do I wibble the fax', outcome: 'unsure' },
        { kind: 'unsure', candidates: [], part: 3, question: 'will it rain', outcome: 'offTopic' },
      ],
      want: {
        kind: 'answer',
        entryId: 'costs',
        unansweredParts: [
          { question: 'how do I wibble the fax', outcome: 'unsure', entryId: 'web-access' },
          { question: 'will it rain', outcome: 'offTopic' },
        ],
      },
    },
    { name: 'ids too long to be ids are not kept', metas: [{ kind: 'answer', entryId: 'x'.repeat(101) }], want: { kind: 'answer' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(describeTurn(c.metas, c.shape ?? idle)).to.deep.equal(c.want);
    });
  }

  it('maps every meta kind to a known event kind', () => {
    for (const [, event] of META_KINDS) expect(EVENT_KINDS).to.include(event);
  });
});
