// Summary-card buttons clicked after their journey ended: answered from the ticket store, never filed again.
import type { TurnContext } from 'botbuilder';
import type { CardAction } from '../cards/actions.js';
import type { HelpdeskService } from '../helpdesk/service.js';
import type { InterruptDeps } from './InterruptibleDialog.js';
import { idempotencyKey } from './RequestDialog.js';
import { sendText } from './render.js';

/**
 * A summary-card button clicked after its journey ended (a double click, a retried delivery, an old
 * card): says the reference it was filed under, or that the card is out of date. Never files.
 */
export async function handleUsedSummaryCard(
  context: TurnContext,
  action: CardAction | undefined,
  deps: { service: HelpdeskService; replies: InterruptDeps['replies'] },
): Promise<boolean> {
  if (action?.action !== 'request') return false;
  const ticket = action.op === 'confirm' ? await deps.service.store.findByIdempotencyKey(idempotencyKey(context.activity, action.nonce)) : undefined;
  const ok = ticket && ticket.requester.channelId === context.activity.channelId && ticket.requester.userId === context.activity.from.id;
  await sendText(context, ok ? deps.replies.t('request.filed.already', { ref: ticket.ref }) : deps.replies.t('request.summary.stale'));
  return true;
}
