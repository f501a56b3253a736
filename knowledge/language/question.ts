// One question detector for every reader of a message; its named styles keep the differences each caller relies on.
import { defaultLanguage } from '../loader.js';
import type { Language } from './language.js';
import { Message } from './message.js';
import { phraseAt } from './phrases.js';
import { BREAK } from './tokenize.js';

export interface QuestionStyle {
  /** where a question mark makes it a question: only at the end, or anywhere */
  readonly mark: 'end' | 'anywhere';
  /** three words or more, opening with a question word ("what is...", "can I...") */
  readonly opening: boolean;
  /** some clause opens with a question word or turns a verb before its subject ("..., can I get it back") */
  readonly clauses: boolean;
  /** a question word anywhere ("locked out, what now") */
  readonly anywhere: boolean;
}

/** Words pointing back at what a message named before ("where do i find it", "can anyone bring it back"). */
export const POINTERS: ReadonlySet<string> = new Set(['it', 'that', 'this', 'them', 'they', 'those', 'these']);

export const QUESTION_STYLES = {
  /** Mid-journey: typed text that reads as a question rather than an answer to the prompt on screen. */
  notAnAnswer: { mark: 'end', opening: true, clauses: false, anywhere: false },
  /** A message that starts a journey and also asks something the knowledge base may answer. */
  asksSomething: { mark: 'anywhere', opening: false, clauses: true, anywhere: false },
  /** A would-be helpdesk request that is a question about one ("how do I report a leaver"). */
  notARequest: { mark: 'anywhere', opening: true, clauses: false, anywhere: true },
} as const satisfies Record<string, QuestionStyle>;

/** True when the message asks something, in the given style. */
export function isQuestion(input: string | Message, style: QuestionStyle, language: Language = defaultLanguage()): boolean {
  const message = Message.of(input);
  if (style.mark === 'end' ? message.text.endsWith('?') : message.text.includes('?')) return true;
  if (style.opening) {
    // "and when do we get the logins": lead-ins ("and", "so") before the opener leave it a question
    const words = message.words;
    let start = 0;
    while (start < words.length - 1 && language.questionLeadIns.has(words[start] as string)) start++;
    if (words.length - start >= 3 && language.questionOpeners.has(words[start] as string) && !saysWhen(words, start)) return true;
  }
  if (style.clauses && clauseAsks(message, language)) return true;
  return style.anywhere && message.lower.split(/[^a-z0-9_]+/).some((w) => language.questionWords.has(w));
}

function clauseAsks(message: Message, language: Language): boolean {
  return askingClauses(message, language).length > 0;
}

/**
 * The clauses of a message that ask something, as words: opening with a question word, or a verb before its subject
 * ("are we"); or, asked indirectly ("not sure if we even qualify"), the words after the phrase that asks.
 */
export function askingClauses(message: Message, language: Language = defaultLanguage()): string[][] {
  return message.clauses.raw
    .join(' ')
    .split(BREAK)
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => c.split(' ').filter(Boolean))
    .flatMap((c) => {
      // (a question word just before the turned verb, after a scene of its own, starts the question: "manager asked me
      // to find our ods number for the form where do i look it up" asks "where do i look it up"; "agency nurses per hour
      // what do they charge" is all one question)
      const turned = c.findIndex((v, i) => invertedAt(c, i, language));
      const inverted = turned >= 0;
      // (one word of stress may stand between: "my manager keeps going on about nhsmail what even is it")
      const opener = STRESS.has(c[turned - 1] ?? '') ? turned - 2 : turned - 1;
      if (turned > SCENE_WORDS && language.questionWords.has(c[opener] ?? '')) return [c.slice(opener)];
      // (after a lead-in: "so what now for us", "and how do we apply")
      let at = 0;
      while (at < c.length - 1 && language.questionLeadIns.has(c[at] as string)) at++;
      // "when I first logged in it asked me to accept the AUP" says when, and asks nothing ("when do we get it" does)
      if ((language.clauseOpeners.has(c[at] ?? '') && !saysWhen(c, at)) || inverted) return [c];
      const after = indirectlyAsked(c, language) ?? askedWithin(c, language);
      return after?.length ? [after] : [];
    });
}

/**
 * A direct question inside a clause that opens otherwise ("before we pick anything what are the different ways we can
 * join", "if i forget it who do i ring"): from a question word followed by a verb and its subject or an article ("what
 * are the", "who do i"), else undefined. "i know what is needed" asks nothing.
 */
function askedWithin(clause: readonly string[], language: Language): string[] | undefined {
  for (let i = 1; i < clause.length - 2; i++) {
    const next = clause[i + 2] ?? '';
    if (language.questionWords.has(clause[i] ?? '') && language.invertedVerbs.has(clause[i + 1] ?? '') && (language.invertedSubjects.has(next) || ARTICLES.has(next))) {
      return clause.slice(i);
    }
  }
  // ...or, after a time or condition set first, one asking who or what does something: "after we join nhsmail who is
  // responsible for adding users", "once we are registered who looks after the accounts" (its subject and verb first,
  // so the question word stands at the third word or later)
  if (!language.subordinators.has(clause[0] ?? '')) return undefined;
  for (let i = 3; i < clause.length - 1; i++) {
    const verb = clause[i + 1] ?? '';
    if (language.subjectQuestions.has(clause[i] ?? '') && (language.invertedVerbs.has(verb) || THIRD_PERSON.test(verb))) return clause.slice(i);
  }
  return undefined;
}

/** a verb of the third person as typed: "looks", "happens", "deals" (not "is", read as a turned verb, nor "us") */
const THIRD_PERSON = /^[a-z]{2,}[^s]s$/;

/** words of stress between a question word and its turned verb ("what even is it", "where exactly do i find it") */
const STRESS = new Set(['even', 'exactly', 'actually', 'then', 'really', 'else']);

/** Words a clause must hold before a question word and its turned verb for them to be a scene told before the question. */
const SCENE_WORDS = 6;

const ARTICLES = new Set(['the', 'a', 'an', 'this', 'your']);

/** Subjects that, straight before a verb, make it say rather than ask ("we did it in june", "i can do it"). */
const DECLARING = new Set(['i', 'we', 'you', 'they', 'he', 'she', 'it', 'im', 'were', 'youre', 'theyre', 'hes', 'shes', 'ive', 'weve']);

/**
 * Whether the words at i are a verb before its subject ("can we", "did it"), as a question puts them, and not a
 * statement's verb after its own subject ("i'm sure we did it in june").
 */
export function invertedAt(words: readonly string[], i: number, language: Language = defaultLanguage()): boolean {
  return language.invertedVerbs.has(words[i] ?? '') && language.invertedSubjects.has(words[i + 1] ?? '') && !DECLARING.has(words[i - 1] ?? '');
}

/**
 * Whether an asking clause says rather than asks: a negated verb with no subject after it ("cant find the id", "dont
 * know what to do", "can not get in the back"), as "cant we get one" does not.
 */
export function saysNot(clause: readonly string[], language: Language = defaultLanguage()): boolean {
  return clause[1] === 'not' && !language.invertedSubjects.has(clause[2] ?? '');
}

/** Subjects that, straight after "when", make the clause say when something happens rather than ask it. */
const WHEN_SUBJECTS = new Set(['i', 'we', 'you', 'they', 'it', 'he', 'she', 'my', 'our', 'im', 'ive', 'were', 'weve']);

/**
 * Whether the words from `at` open by saying when something happens ("when I first logged in it asked me to accept the
 * AUP"), which asks nothing; "when do we get it" and "when will my account be ready" ask.
 */
export function saysWhen(words: readonly string[], at = 0): boolean {
  return words[at] === 'when' && WHEN_SUBJECTS.has(words[at + 1] ?? '');
}

/**
 * What a clause asks indirectly: after the first of its phrases that does ("wondering", "not sure") followed by "if" or
 * "whether", the words after that; followed by a question word, the words from it ("what the mailbox is for"); else
 * undefined.
 */
function indirectlyAsked(clause: readonly string[], language: Language): string[] | undefined {
  for (let i = 0; i < clause.length; i++) {
    const phrase = phraseAt(clause, i, language.indirect);
    if (!phrase) continue;
    const next = i + phrase.length;
    if (clause[next] === 'if' || clause[next] === 'whether') return clause.slice(next + 1);
    if (language.questionWords.has(clause[next] ?? '')) return clause.slice(next);
  }
  // ...or what it is confused about or does not understand, a thing named: "confused about standards met vs approaching
  // standards" (not "dont get it": the clause must name something besides a pointer)
  for (let i = 0; i < clause.length; i++) {
    const phrase = phraseAt(clause, i, language.aboutThing);
    if (!phrase) continue;
    const after = clause.slice(i + phrase.length);
    if (after.some((w) => !POINTERS.has(w) && !ABOUT_FILLER.has(w))) return after;
  }
  return undefined;
}

/** words after a phrase of confusion that name nothing ("confused about all of this", "dont get why") */
const ABOUT_FILLER = new Set(['all', 'of', 'the', 'a', 'any', 'anything', 'everything', 'stuff', 'thing', 'things', 'why', 'at', 'really', 'still', 'bit', 'me', 'you', 'now', 'please', 'pls', 'one', 'either']);
