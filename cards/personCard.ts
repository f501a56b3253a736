// The reply to someone who asks for a person: the helpdesk's phone and email, and an offer to raise a request for them.
import type { Replies } from '../knowledge/replies.js';
import { submit } from './actions.js';
import { adaptiveCard, escapeUserText, textBlock, type CardReply } from './elements.js';

/**
 * `note` is the redacted summary of what they asked earlier; `offer` false leaves the request offer out (mid-journey);
 * `scotland`: the conversation is about an organisation in Scotland, which the NHSmail pages send to its own contact.
 */
export function personCard(r: Replies, options: { note?: string; offer: boolean; scotland?: boolean }): CardReply {
  const lines = [...(options.scotland ? [r.t('person.scotland')] : []), r.t('person.text')];
  if (options.offer) lines.push(options.note ? r.t('person.offer', { summary: escapeUserText(options.note) }) : r.t('person.offerPlain'));
  const actions = options.offer ? [submit(r.t('person.offerButton'), { action: 'raise', withNote: true }, 'positive')] : [];
  return {
    card: adaptiveCard(lines.map((l) => textBlock(l)), actions),
    text: lines.join('\n\n'),
    meta: { kind: 'person', offered: options.offer, ...(options.note ? { note: true } : {}), ...(options.scotland ? { nation: 'scotland' } : {}) },
  };
}
