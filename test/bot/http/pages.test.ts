// The helpdesk tab's words for ticket types and statuses come from the replies, one for each value of the model, in its order.
import { expect } from 'chai';
import { ticketLabels } from '../../../bot/http/pages.js';
import { TICKET_STATUSES, TICKET_TYPES } from '../../../helpdesk/vocabulary.js';
import { loadKnowledge } from '../../../knowledge/loader.js';

describe('bot/http/pages: ticketLabels', () => {
  const { replies } = loadKnowledge();
  const labels = ticketLabels(replies);

  it('has a label for every type and status of the model, in its order', () => {
    expect(Object.keys(labels.types)).to.deep.equal([...TICKET_TYPES]);
    expect(Object.keys(labels.statuses)).to.deep.equal([...TICKET_STATUSES]);
  });

  it('takes the words from the replies', () => {
    expect(labels.types['locked-out']).to.equal(replies.t('request.typeName.lockedOut'));
    expect(labels.statuses['waiting-on-requester']).to.equal(replies.t('ticket.status.waitingOnRequester'));
  });
});
