// The "my requests" journey: the status, history and next step of a request, shown only to the person who filed it.
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { requestsListCard, statusCard } from '../cards/ticketCards.js';
import { findRef, publicTicket } from '../helpdesk/model.js';
import type { HelpdeskService } from '../helpdesk/service.js';
import { askingClauses } from '../knowledge/language/question.js';
import { InterruptibleDialog, type InterruptDeps } from './InterruptibleDialog.js';
import type { Journey } from './RootDialog.js';
import { sendReply, sendText } from './render.js';

export const MY_REQUESTS_DIALOG = 'myRequests';
const MAIN = 'myRequests.main';

export interface MyRequestsOptions {
  ref?: string;
}

export class MyRequestsDialog extends InterruptibleDialog {
  constructor(
    interrupts: InterruptDeps,
    private readonly service: HelpdeskService,
  ) {
    super(MY_REQUESTS_DIALOG, interrupts);
    this.addDialog(new WaterfallDialog(MAIN, [this.showStep.bind(this)]));
    this.initialDialogId = MAIN;
  }

  /** One request in detail, or the list; someone else's reference gets the same reply as a missing one. */
  private async showStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const r = this.interrupts.replies;
    const { channelId, from } = step.context.activity;
    const ref = findRef((step.options as MyRequestsOptions | undefined)?.ref ?? '');
    if (ref) {
      const ticket = await this.service.getForRequester(ref, channelId, from.id);
      if (ticket) await sendReply(step.context, statusCard(r, publicTicket(ticket)));
      else await sendText(step.context, r.t('request.status.notFound', { ref }));
      return step.endDialog();
    }
    const mine = (await this.service.listForRequester(channelId, from.id)).slice(0, 10);
    if (!mine.length) await sendText(step.context, r.t('request.mine.none'));
    else await sendReply(step.context, requestsListCard(r, mine.map(publicTicket)));
    return step.endDialog();
  }
}

const MINE = /\b(?:my|our)\s+(?:helpdesk\s+)?(?:requests?|tickets?)\b/;

/** "what's the status of NHSM-000123" (any text naming a reference), "my requests". */
export function detectMyRequests(text: string): MyRequestsOptions | undefined {
  const ref = findRef(text);
  if (ref) return { ref };
  return MINE.test(text.toLowerCase()) ? {} : undefined;
}

export function myRequestsJourney(dialog: MyRequestsDialog): Journey {
  return {
    flow: 'myRequests',
    dialog,
    detect: (message) => detectMyRequests(message.text) as Record<string, unknown> | undefined,
    personalOnly: true,
    // "our LA said she'd pass our requests on to the national team; how many days do these things take?" asks how
    // long, and the knowledge base's reply to that (here "not sure") is the reply, not a list of this chat's requests
    unanswered: 'answer',
    // "we sent our request for extra accounts on monday, how long before the accounts are ready?" asks something of its
    // own besides naming the request: the answer comes first, then the requests. A reference, or a question about the
    // requests themselves ("what's the status of my request"), is for the list alone.
    whenAnswerable: (message, options) => {
      if ((options as MyRequestsOptions).ref) return undefined;
      return askingClauses(message).some((c) => !MINE.test(c.join(' '))) ? 'answerThenStart' : undefined;
    },
  };
}
