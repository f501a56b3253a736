// The conversation checker itself: an expectation that does not hold is reported, one that holds is not.
import { expect } from 'chai';
import type { ReplyActivity } from '../e2e/httpChat.js';
import { checkTicket, checkTurn, replyTexts, type Conversation } from './script.js';

const card: ReplyActivity = {
  type: 'message',
  channelData: { nhsmail: { kind: 'eligibilityQuestion', questionId: 'cqc' } },
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { body: [{ type: 'TextBlock', text: 'Is your service registered with the CQC?' }] } }],
};
const text: ReplyActivity = { type: 'message', text: "What is your name as it appears on the account now?" };

describe('conversation script checks', () => {
  const cases: [string, Parameters<typeof checkTurn>[0], number][] = [
    ['kind present', { user: 'x', expect: { kind: 'eligibilityQuestion' } }, 0],
    ['kind absent', { user: 'x', expect: { kind: 'answer' } }, 1],
    ['meta subset holds', { user: 'x', expect: { meta: { questionId: 'cqc' } } }, 0],
    ['meta value differs', { user: 'x', expect: { meta: { questionId: 'sites' } } }, 1],
    ['reply key said', { user: 'x', expect: { says: 'request.ask.nameCurrent' } }, 0],
    ['reply key not said', { user: 'x', expect: { says: 'request.ask.newName' } }, 1],
    ['text in card', { user: 'x', expect: { text: ['registered with the cqc', '/CQC\\?$/m'] } }, 0],
    ['text missing', { user: 'x', expect: { text: 'ods code' } }, 1],
    ['never holds', { user: 'x', never: { kind: 'eligibilityQuestion', says: 'request.ask.nameCurrent' } }, 2],
    ['never does not hold', { user: 'x', never: { kind: 'answer', text: 'ods' } }, 0],
  ];
  for (const [name, turn, failures] of cases) {
    it(name, () => {
      const problems = checkTurn(turn, [card, text]);
      // a failing turn also lists what was replied, as one more line
      expect(problems.length).to.equal(failures ? failures + 1 : 0);
    });
  }

  it('reads every text of a card', () => {
    expect(replyTexts(card)).to.deep.equal(['Is your service registered with the CQC?']);
  });

  it('checks the one ticket filed against the expected type and fields', async () => {
    const filed: ReplyActivity = { type: 'message', channelData: { nhsmail: { kind: 'requestFiled', ref: 'NHS-1', type: 'locked-out' } } };
    const conversation = (ticket: Conversation['ticket'], noTicket?: true): Conversation => ({ name: 'n', covers: ['c'], turns: [{ user: 'x' }], ticket, noTicket });
    const fetchTicket = async () => ({ type: 'locked-out', fields: { odsCode: null, email: 'a@nhs.net' } });
    expect(await checkTicket(conversation({ type: 'locked-out', fields: { odsCode: null } }), [filed], fetchTicket)).to.deep.equal([]);
    expect(await checkTicket(conversation({ type: 'leaver' }), [filed], fetchTicket)).to.have.length(1);
    expect(await checkTicket(conversation({ type: 'locked-out', fields: { email: 'b@nhs.net' } }), [filed], fetchTicket)).to.have.length(1);
    expect(await checkTicket(conversation(undefined, true), [filed], fetchTicket)).to.have.length(1);
    expect(await checkTicket(conversation({ type: 'locked-out' }), [], fetchTicket)).to.have.length(1);
  });
});
