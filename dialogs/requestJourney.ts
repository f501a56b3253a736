// How the root meets the request journey: which messages start it, and when a question is answered first.
import { isQuestion, QUESTION_STYLES } from '../knowledge/language/question.js';
import type { TicketType } from '../helpdesk/model.js';
import type { RequestDialog } from './RequestDialog.js';
import { ANSWER_THEN_DETAILS, asksToRaise, detectRequest, settledByOpener } from './requestText.js';
import type { Journey } from './RootDialog.js';

/**
 * Requests whose first step is guidance that may settle things (self-service reset for a lockout, freeing space or
 * the 50 GB allowance for a full mailbox): the knowledge base's answer is that guidance, so it leads, and the
 * request's first question follows it.
 */
const GUIDANCE_FIRST = new Set(['locked-out', 'mailbox-size']);

export function requestJourney(dialog: RequestDialog): Journey {
  return {
    flow: 'request',
    dialog,
    detect: (message) => detectRequest(message) as Record<string, unknown> | undefined,
    // "My account was deleted, can I get it back?" is a question first: the answer says what can be done
    // and carries the "Raise a helpdesk request" button, rather than the bot starting to take details.
    // A lockout or a full mailbox gets its answer and then the request's first question ("Did that get you back
    // in?", "Who looks after your accounts?"), unless the opener says the guidance was tried already. "Raise a
    // request" names no type, and goes straight into the request.
    whenAnswerable: (message, options) => {
      const type = options['requestType'];
      if (typeof type !== 'string') return undefined;
      if (GUIDANCE_FIRST.has(type)) return type === 'locked-out' && settledByOpener(message.text).selfServiceFailed ? 'start' : 'answerThenStart';
      // "i'm leaving next month, can you tell the helpdesk": asked to pass it on, the answer leads into the request
      if (asksToRaise(message.text)) return 'answerThenStart';
      return isQuestion(message, QUESTION_STYLES.asksSomething) ? 'answer' : undefined;
    },
    // "my name has changed", "need more than 10 accounts": the entry's answer (how it works, what the helpdesk needs)
    // leads, then the request's first question; a remark following the last answer is still read as a follow-up
    statements: (options) => (ANSWER_THEN_DETAILS.has(options['requestType'] as TicketType) ? 'answerThenStart' : undefined),
    // an answer that offers another kind of request is about something else
    fitsAnswer: (entry, options) => !entry.helpdesk || entry.helpdesk === options['requestType'],
    // the request's own entries ("my mailbox is full": the full mailbox's and the mailbox size's)
    ownsAnswer: (entry, options) => entry.helpdesk === options['requestType'],
    personalOnly: true,
  };
}
