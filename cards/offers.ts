// Adds an offer to start a journey to an answer, so one reply answers the question and opens the way on.
import type { Replies } from '../knowledge/replies.js';
import { submit } from './actions.js';
import { textBlock, type CardReply } from './elements.js';

/** The answer with "Check eligibility" as a button, and typed as the command in its plain-text version. */
export function withEligibilityOffer(r: Replies, reply: CardReply): CardReply {
  const offer = r.t('offer.eligibility');
  return {
    card: {
      ...reply.card,
      body: [...reply.card.body, textBlock(offer, { spacing: 'Medium' })],
      actions: [...(reply.card.actions ?? []), submit(r.t('offer.eligibilityButton'), { action: 'start', flow: 'eligibility' }, 'positive')],
    },
    text: `${reply.text}\n\n${offer}`,
    meta: { ...reply.meta, offer: 'eligibility' },
  };
}
