// Understanding what people type in the request journey: answers at the summary, request types, and plain requests.
import { FIELDS_BY_TYPE, type FieldName, type TicketType } from '../helpdesk/model.js';
import type { Language } from '../knowledge/language/language.js';
import { defaultLanguage } from '../knowledge/loader.js';
import { Message, normalise as norm } from '../knowledge/language/message.js';
import { isQuestion, QUESTION_STYLES } from '../knowledge/language/question.js';

/**
 * Requests whose entry's answer says how they work ("how a name change works", "what the helpdesk needs for more
 * accounts"): a statement asking for one gets that answer first, and the request then opens with a line into the
 * details rather than its intro. A shared mailbox nobody can open, or a deleted account, keeps its intro (a step to take
 * first); a lockout and a full mailbox lead with their guidance instead.
 */
export const ANSWER_THEN_DETAILS: ReadonlySet<TicketType> = new Set<TicketType>(['leaver', 'name-change', 'extra-accounts']);

/** What the journey was asked to start with: a type from a button or detected in the text, and the answer it came from. */
export interface RequestOptions {
  requestType?: string;
  entryId?: string;
  /** a redacted note of what the person asked before ("speak to a person"), carried onto the ticket for the helpdesk */
  summary?: string;
  /** the message that started the journey: details in it are not asked for again */
  opener?: string;
  /** the knowledge-base entry whose answer was shown just before: the request's own guidance is not said again */
  answered?: string;
  /** the question that answer answered ("one of our carers is leaving"): it may say whom the request is for */
  about?: string;
}

type SummaryOp = 'confirm' | 'change' | 'cancel';
/** What someone chose at the summary: by button or by typing. */
export interface SummaryChoice {
  op: SummaryOp | 'stale' | 'which';
  field?: FieldName;
  /** the summary card's activity id, so it can be replaced once used */
  cardId?: string;
}


/** Reads a typed answer at the summary: send, change (which detail), or nothing recognisable. */
export function parseSummaryText(text: string, type: TicketType, language: Language = defaultLanguage()): SummaryChoice | undefined {
  const t = norm(text);
  if (language.confirm.has(t)) return { op: 'confirm' };
  const m = language.change.exec(t);
  const wanted = m ? m[1] : t;
  if (!wanted) return m ? { op: 'which' } : undefined;
  let best: { field: FieldName; len: number } | undefined;
  for (const field of FIELDS_BY_TYPE[type]) {
    for (const w of language.fieldWords[field]) {
      if ((wanted === w || wanted.startsWith(`${w} `)) && (!best || w.length > best.len)) best = { field, len: w.length };
    }
  }
  if (best) return { op: 'change', field: best.field };
  return m ? { op: 'which' } : undefined;
}

/** True when someone says they do not know which request they need. */
export function saysNotSure(text: string, language: Language = defaultLanguage()): boolean {
  return language.notSure.test(text);
}

const GENERIC = /\b(?:raise|log|open|file|make|submit|create|start|put in)\s+(?:a|an)?\s*(?:new\s+)?(?:helpdesk\s+|support\s+|nhsmail\s+)?(?:request|ticket|call)\b|^(?:new\s+)?(?:helpdesk\s+)?request$/;

/** A mailbox that is full or needs space: a need, even when put as a question. */
const MAILBOX_NEED = /\bfull\b|\bout of (?:mailbox )?(?:space|storage)\b|\b(?:more|extra) (?:mailbox )?(?:space|storage)\b|\bbigger mailbox\b/;

const PLAIN: readonly [RegExp, TicketType][] = [
  // "we're locked out of the home's shared account": the team's mailbox, which no password reset opens (before lockouts)
  [/\b(?:locked\s+out\s+of|lost\s+(?:all\s+)?access\s+to|no\s+access\s+to|(?:can'?t|cannot)\s+(?:get\s+into|access|open))\s+(?:our|the|a|my)\s+(?:[a-z']+\s+){0,3}?shared\s+(?:mailbox|inbox|account|email)\b/, 'shared-mailbox-access'],
  [/\b(?:i'?m|i am|im|i've been|i have been|been|got|we're|we are|she's|he's|they're|keep getting)\s+locked out\b/, 'locked-out'],
  [/\blocked\s+out\s+of\s+(?:my|our|the|it|nhsmail|the\s+account)\b/, 'locked-out'],
  [/\b(?:reset|unlock)\s+my\s+(?:nhsmail\s+|nhs\.?net\s+|email\s+)?(?:password|account)\b/, 'locked-out'],
  [/\bi\s+(?:forgot|have forgotten|'ve forgotten|need to reset)\s+my\s+(?:nhsmail\s+|email\s+)?password\b/, 'locked-out'],
  [/\b(?:need|want)\s+a\s+password\s+reset\b|^password reset(?: please)?$/, 'locked-out'],
  // "mark me as a leaver", "please mark our carer jane smith as a leaver"
  [/\bmark\s+(?:[a-z'-]+\s+){1,5}as\s+(?:a\s+)?(?:leaver|joiner)\b/, 'leaver'],
  [/\b(?:i'?m|i am|im)\s+leaving\b/, 'leaver'],
  [/\b(?:i'?m|i am|im)\s+moving\s+to\s+(?:another|a new|a different)\s+(?:care\s+)?(?:provider|employer|organisation|care home)\b/, 'leaver'],
  [/\breport\s+(?:a|an)\s+leaver\b/, 'leaver'],
  [/\b(?:i'?ve|i have)\s+changed\s+my\s+(?:sur)?name\b/, 'name-change'],
  [/\bmy\s+(?:sur)?name\s+(?:has\s+)?changed\b/, 'name-change'],
  [/\bmy\s+(?:new\s+)?(?:sur)?name\s+is\s+now\b|\bmy\s+married\s+name\b|\bchanged\s+(?:my|her|his)\s+(?:sur)?name\b/, 'name-change'],
  [/\b(?:please\s+)?(?:change|update|correct)\s+(?:the\s+|my\s+)?(?:sur)?name\s+on\s+my\s+(?:nhsmail\s+)?account\b|^please\s+(?:change|update)\s+my\s+(?:sur)?name\b/, 'name-change'],
  [/\b(?:need|want|require|request)s?\s+(?:more than (?:10|ten)|(?:\d+|some|more|extra|additional)\s+(?:more\s+|extra\s+|additional\s+)?(?:user\s+)?)\s*accounts\b/, 'extra-accounts'],
  [/\b(?:mailbox|inbox|email|nhsmail|account)\s+(?:is\s+|'s\s+|are\s+)?(?:completely\s+|nearly\s+|almost\s+)?full\b|\bout of (?:mailbox\s+)?(?:space|storage)\b|\b(?:more|extra)\s+(?:mailbox\s+)?(?:space|storage)\b|\b(?:mailbox|storage)\s+(?:quota|limit|size)\b|\bbigger\s+mailbox\b|\brecoverable\s+items\b|\b(?:mailbox|inbox)\b[^.?!]{0,60}\b(?:is|are|'s)\b[^.?!]{0,20}\bfull\b/, 'mailbox-size'],
  [/\blost\s+(?:all\s+)?access\s+to\s+(?:our|the|a|my)\s+shared\s+mailbox\b/, 'shared-mailbox-access'],
  [/\b(?:no\s*one|nobody)\s+(?:has|with)\s+access\s+to\s+(?:our|the)\s+shared\s+mailbox\b/, 'shared-mailbox-access'],
  [/\bmy\s+(?:nhsmail\s+|nhs\.?net\s+|email\s+)?account\s+(?:has been|was|is|got|'s been)\s+(?:deleted|deactivated|disabled|suspended)\b/, 'deleted-account'],
];

/**
 * Options to start the journey when the text is a plain request ("I'm locked out", "please mark
 * me as a leaver", "raise a request"); undefined for questions, which the knowledge base answers.
 */
export function detectRequest(input: string | Message, language: Language = defaultLanguage()): RequestOptions | undefined {
  const message = Message.of(input);
  const t = message.lower;
  if (!t) return undefined;
  if (GENERIC.test(t)) return { opener: message.text };
  const type = typeFromText(t);
  // "my mailbox is full, can I get more space?" asks for the request itself; "what is the mailbox size limit?" is a question
  if (type === 'mailbox-size' && MAILBOX_NEED.test(t)) return { requestType: type, opener: message.text };
  if (isQuestion(message, QUESTION_STYLES.notARequest, language)) return undefined;
  return type ? { requestType: type, opener: message.text } : undefined;
}

/**
 * Whether self-service password reset worked ("yes I'm back in"), or not (no registered method, failed, disabled,
 * deleted), or has not been tried yet ("no, I haven't tried that").
 */
export function readSelfServiceAnswer(text: string, language: Language = defaultLanguage()): 'solved' | 'notSolved' | 'notTried' | undefined {
  const t = norm(text);
  if (!t) return undefined;
  const w = language.answers;
  // "no, i haven't tried that": not a reset that failed
  if (w.selfServiceNotTried.test(t)) return 'notTried';
  if (w.selfServiceFailed.test(t)) return 'notSolved';
  if (w.selfServiceWorked.test(t)) return 'solved';
  const first = t.split(/[\s,]+/)[0] ?? '';
  if (language.yes.has(t) || language.yes.has(first)) return 'solved';
  if (language.no.has(t) || language.no.has(first)) return 'notSolved';
  return undefined;
}

/** Whether the message asks the bot to raise a request for it ("can you tell the helpdesk for me", "log it"). */
export function asksToRaise(text: string, language: Language = defaultLanguage()): boolean {
  return language.raiseIt.test(text);
}

/**
 * Whether a leaver's request is about someone else ("one of our carers is leaving", "our cook has left, can you tell
 * them") rather than the writer ("i'm leaving", "mark me as a leaver").
 */
export function aboutSomeoneElse(text: string, language: Language = defaultLanguage()): boolean {
  const t = norm(text);
  const w = language.answers;
  return !w.writerLeaving.test(t) && w.someoneElse.test(t);
}

/** "And if that doesn't work?", "what happens if it fails": a question about what comes next, not an answer. */
const WHAT_IF = /^(?:(?:and|but|so|ok|okay|right)[ ,]+)?(?:what (?:if|happens if|then if|do i do if|do we do if)|if|suppose|say)\b/;
export function asksWhatIf(text: string): boolean {
  return WHAT_IF.test(norm(text));
}

/** "No thanks", "not now", "I'll clear some space myself": the person does not want the request offered. */
const DECLINE = /^(?:no,? thanks?|no,? thank you|no need|not now|not at the moment|not for now|(?:no,? )?that'?s all|(?:no,? )?(?:i'?m|we'?re) (?:ok|okay|fine|good)|all good|(?:no,? )?i'?ll (?:just )?(?:clear|delete|sort|tidy|free|archive|empty|manage|do it)\b)/;
export function declinesOffer(text: string): boolean {
  return DECLINE.test(norm(text));
}

/** Who runs the organisation's NHSmail accounts: the national helpdesk (NAS), its own Local Administrator, or not sure. */
export function readAdminAnswer(text: string, language: Language = defaultLanguage()): 'nas' | 'ownAdmin' | 'notSure' | undefined {
  const t = norm(text);
  if (!t) return undefined;
  const w = language.answers;
  if (saysNotSure(t, language) || w.unknown.test(t)) return 'notSure';
  if (w.ownAdmin.test(t)) return 'ownAdmin';
  if (w.nasRuns.test(t)) return 'nas';
  if (language.yes.has(t)) return 'nas';
  if (language.no.has(t)) return 'ownAdmin';
  return undefined;
}

/** The request type a sentence describes ("I'm locked out", "my surname has changed"), if any. */
export function typeFromText(text: string): TicketType | undefined {
  // an address's dots would end a sentence early ("my mailbox jane.smith@nhs.net is full")
  const t = norm(text.replace(/\S+@\S+/g, 'it'));
  return PLAIN.find(([pattern]) => pattern.test(t))?.[1];
}

/**
 * What the opening message already settles before the journey's first question: self-service reset
 * tried and failed, signing in tried, or who runs the accounts (for mailbox space).
 */
export function settledByOpener(text: string, language: Language = defaultLanguage()): { selfServiceFailed?: boolean; triedSigningIn?: boolean; admin?: 'nas' | 'ownAdmin' } {
  const t = norm(text);
  const w = language.answers;
  return {
    ...(w.selfServiceTried.test(t) && readSelfServiceAnswer(t, language) === 'notSolved' ? { selfServiceFailed: true } : {}),
    ...(w.triedSigningIn.test(t) ? { triedSigningIn: true } : {}),
    ...(w.ownAdmin.test(t) ? { admin: 'ownAdmin' as const } : w.nasNamed.test(t) ? { admin: 'nas' as const } : {}),
  };
}
