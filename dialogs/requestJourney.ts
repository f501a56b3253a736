// How the root meets the request journey: which messages start it, and when a question is answered first.
import { isQuestion, QUESTION_STYLES } from '../knowledge/language/question.js';
import type { RequestDialog } from './RequestDialog.js';
import { detectRequest, settledByOpener } from './requestText.js';
import type { FaqResponder } from './FaqResponder.js';
import type { Journey } from './RootDialog.js';

/**
 * Requests whose first step is guidance that may settle things (self-service reset for a lockout, freeing space or
 * the 50 GB allowance for a full mailbox): the knowledge base's answer is that guidance, so it leads, and the
 * request's first question follows it.
 */
const GUIDANCE_FIRST = new Set(['locked-out', 'mailbox-size']);

export function requestJourney(dialog: RequestDialog, faq?: Pick<FaqResponder, 'requestAsked'>): Journey {
  return {
    flow: 'request',
    dialog,
    detect: (message) => detectRequest(message) as Record<string, unknown> | undefined,
    // "yes please raise it" after an answer that offers a request: that request, as its button would start it
    async reopen(context, message) {
      const asked = await faq?.requestAsked(context, message.text);
      return asked && { ...asked, answered: asked.entryId, opener: message.text };
    },
    // "My account was deleted, can I get it back?" is a question first: the answer says what can be done
    // and carries the "Raise a helpdesk request" button, rather than the bot starting to take details.
    // A lockout or a full mailbox gets its answer and then the request's first question ("Did that get you back
    // in?", "Who looks after your accounts?"), unless the opener says the guidance was tried already. "Raise a
    // request" names no type, and goes straight into the request.
    whenAnswerable: (message, options) => {
      const type = options['requestType'];
      // asked for after its answer ("can you log one for me"): the answer was given, the request starts
      if (typeof type !== 'string' || options['answered'] !== undefined) return undefined;
      if (GUIDANCE_FIRST.has(type)) return type === 'locked-out' && settledByOpener(message.text).selfServiceFailed ? undefined : 'answerThenStart';
      return isQuestion(message, QUESTION_STYLES.asksSomething) ? 'answer' : undefined;
    },
    // an answer that offers another kind of request is about something else
    fitsAnswer: (entry, options) => !entry.helpdesk || entry.helpdesk === options['requestType'],
    personalOnly: true,
  };
}
