// Decides whether a free-text message starts the eligibility check, and with which facts already known.
import type { Answers } from './answers.js';
import type { Language } from '../language/language.js';
import { Message } from '../language/message.js';
import { defaultLanguage } from '../loader.js';
import { askingClauses, isQuestion, POINTERS, QUESTION_STYLES } from '../language/question.js';
import { BREAK, holdsPhrase, phraseWords, standsAt } from '../language/tokenize.js';
import { factReader } from './extract.js';
import { defaultEligibility, type EligibilityContent } from './loader.js';

const SELF = /\b(i|im|we|were|our|my|us)\b/;
/** A short statement about oneself ("I'm a GP locum") is an opening; a longer one must say more than what you are. */
const SHORT_STATEMENT = 8;

/** Facts that describe the organisation, leaving out the ones only inferred ("a care home" is one site). */
export function statedFacts(facts: Answers): number {
  const inferred = new Set(['london', 'pharmacyKind']);
  return Object.keys(facts).filter((k) => !inferred.has(k) && !(k === 'sites' && facts.sites === 1)).length;
}

/** The detection patterns are fixed content: each is normalised once, not on every message. */
const patterns = new Map<string, string>();
/** The pattern's words with a space either side, for whole-word matching in the padded message. */
function patternWords(pattern: string): string {
  let words = patterns.get(pattern);
  if (words === undefined) {
    words = ` ${phraseWords(pattern).join(' ')} `;
    patterns.set(pattern, words);
  }
  return words;
}

/**
 * The facts to start the check with, or undefined when the text is not a request to check eligibility.
 * It is one when it asks to get NHSmail or to check eligibility ("am I eligible", "how do we sign up"), when it
 * describes the organisation in some detail ("we run 3 care homes in Leeds, CQC registered, ..."), or when it only
 * says what someone is ("I'm a GP locum"). A message about another topic (a password, a leaver), or a question
 * about a detail ("what is an ODS code", "how many accounts can a care home have"), is left to the knowledge base.
 */
export function detectEligibilityRequest(input: string | Message, content: EligibilityContent = defaultEligibility()): Answers | undefined {
  const message = Message.of(input);
  const text = message.text.slice(0, 2000);
  // Split once: the trigger patterns, the facts and the question test all read the same tokens.
  const tokens = message.clauses;
  const { words, t } = padded(message);
  const has = (p: string) => t.includes(patternWords(p));
  const startsWith = (p: string) => t.startsWith(patternWords(p));
  const d = content.detection;
  if (!words.length || d.otherTopics.some(has)) return undefined;
  const facts = factReader(content).readTokens(tokens);
  const described = statedFacts(facts);
  if (described >= 3 && facts.orgType) return facts;

  if (d.triggers.some(has)) {
    const aboutDetail = d.detailQuestions.some(startsWith) || d.detailMarkers.some(has);
    const forTheRoute = d.eligibilityWords.some(has) || described >= 2;
    return !aboutDetail || forTheRoute ? facts : undefined;
  }
  // "can we use nhsmail" asks to join only when its asking words say nothing more ("...on our phones" asks where it works)
  if (d.bareTriggers.some(has) && !asksBeyondJoining(message, content, { clauses: true })) return facts;
  if (isQuestion(message, QUESTION_STYLES.asksSomething) || !facts.orgType) return undefined;
  const plain = text.toLowerCase().replace(/['’]/g, '');
  if (described >= 2) return facts;
  return SELF.test(plain) && words.length <= SHORT_STATEMENT ? facts : undefined;
}

/**
 * True when a message that asks to join also asks about something beyond joining (the detection's joiningWords). With
 * `clauses`, only the clauses that ask are read ("we have 15 practices, are we big enough to self manage" asks
 * more; "we run 3 homes in Leeds, CQC registered, how do we get NHSmail" only asks the way in): the rest of a long
 * message describes the organisation, which is what the check reads.
 */
export function asksBeyondJoining(
  input: string | Message,
  content: EligibilityContent = defaultEligibility(),
  { clauses = false, language = defaultLanguage() }: { clauses?: boolean; language?: Language } = {},
): boolean {
  let known = joiningWords.get(content);
  if (!known) {
    const d = content.detection;
    known = new Set([...d.joiningWords, ...d.triggers, ...d.bareTriggers, ...d.eligibilityWords].flatMap((p) => phraseWords(p)));
    joiningWords.set(content, known);
  }
  const message = Message.of(input);
  const asking = clauses ? askingClauses(message, language) : [];
  // (a question that only points back asks about what the message named before it: "the form wants a cqc location id
  // what is that and where is it" asks about the location ID, not the way in)
  const onlyPointsBack = asking.length > 0 && asking.flat().some((w) => POINTERS.has(w)) && asking.flat().every((w) => POINTERS.has(w) || POINTING_WORDS.has(w));
  const read = asking.length && !onlyPointsBack ? asking.flat() : message.words;
  return read.some((w) => w !== BREAK && !known.has(w));
}

/**
 * True when the message says something is missing or unknown (the detection's `lacks`: "no ods code", "dont know our
 * cqc id"): a statement that starts the check but has a problem the knowledge base may answer first.
 */
export function saysLacking(input: string | Message, content: EligibilityContent = defaultEligibility()): boolean {
  return holdsAny(input, content.detection.lacks);
}

/** True when the message names the ways in without asking in so many words (the detection's `waysAsked`: "ways to join nhsmail"). */
export function namesWays(input: string | Message, content: EligibilityContent = defaultEligibility()): boolean {
  return holdsAny(input, content.detection.waysAsked);
}

/** True when the message asks for NHSmail in so many words (the detection's triggers: "need nhsmail", "sign up for nhsmail"). */
export function wantsToJoin(input: string | Message, content: EligibilityContent = defaultEligibility()): boolean {
  if (holdsAny(input, content.detection.triggers)) return true;
  // (or a way of joining with NHSmail named a few words on: "registering our chemist shop for nhsmail")
  const { words } = padded(Message.of(input));
  return content.detection.joinVerbs.some((pattern) => {
    const verb = phraseWords(pattern);
    // (read where the verb first stands)
    const at = words.findIndex((_, i) => standsAt(words, i, verb));
    const after = at < 0 ? [] : words.slice(at + verb.length, at + verb.length + JOIN_REACH);
    return SERVICE_NAMES.some((name) => holdsPhrase(after, name));
  });
}

/**
 * True when the message names a thing of its own the knowledge base answers (the detection's `detailThings`: "find our
 * care home ods code"): a short statement naming one asks about it, not only to join.
 */
export function namesDetail(input: string | Message, content: EligibilityContent = defaultEligibility()): boolean {
  return holdsAny(input, content.detection.detailThings);
}

/** Most words from a way of joining to NHSmail's name for the two to be one wish to join ("register our 3 homes for nhsmail"). */
const JOIN_REACH = 5;
/** NHSmail's names as the message's words hold them */
const SERVICE_NAMES: readonly (readonly string[])[] = [['nhsmail'], ['nhs', 'mail'], ['nhs', 'net'], ['nhs', 'email']];

/** Whether the message holds one of the patterns, as the detection's lists are matched. */
function holdsAny(input: string | Message, patterns: readonly string[]): boolean {
  const { t } = padded(Message.of(input));
  return patterns.some((p) => t.includes(patternWords(p)));
}

/** The message's words (clause breaks left out), and joined with a space either side, as the patterns are matched. */
function padded(message: Message): { words: string[]; t: string } {
  const words = message.clauses.words.filter((w) => w !== BREAK);
  return { words, t: ` ${words.join(' ')} ` };
}

/** the other words of a question that only points back ("what is that", "where do i find it", "what does it mean") */
const POINTING_WORDS = new Set(['what', 'whats', 'where', 'wheres', 'is', 'are', 'was', 'and', 'or', 'do', 'does', 'i', 'we', 'find', 'get', 'look', 'up',
  'mean', 'means', 'exactly', 'actually', 'even', 'then', 'one', 'thing',
  // ("where would it be", "where could i see it"; not "can": "can we get it" asks to join)
  'would', 'could', 'might', 'be', 'see']);

/** The joining words with the content's own patterns, built once per content. */
const joiningWords = new WeakMap<EligibilityContent, Set<string>>();
