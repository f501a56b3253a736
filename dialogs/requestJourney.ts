// How the root meets the request journey: which messages start it, and when a question is answered first.
import { isQuestion, QUESTION_STYLES } from '../knowledge/language/question.js';
import type { RequestDialog } from './RequestDialog.js';
import { detectRequest } from './requestText.js';
import type { Journey } from './RootDialog.js';

export function requestJourney(dialog: RequestDialog): Journey {
  return {
    flow: 'request',
    dialog,
    detect: (message) => detectRequest(message) as Record<string, unknown> | undefined,
    // "My account was deleted, can I get it back?" is a question first: the answer says what can be done
    // and carries the "Raise a helpdesk request" button, rather than the bot starting to take details.
    // A full mailbox is different: more space is the request itself, and the journey starts with the guidance.
    whenAnswerable: (message, options) =>
      options['requestType'] !== 'mailbox-size' && isQuestion(message, QUESTION_STYLES.asksSomething) ? 'answer' : undefined,
    personalOnly: true,
  };
}
