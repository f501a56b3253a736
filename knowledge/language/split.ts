// Splits a message that asks several questions ("does it cost anything and how many accounts do we get?") into its questions.
import { defaultLanguage } from '../loader.js';
import type { Language } from './language.js';
import { Message } from './message.js';
import { isListed, phraseAt } from './phrases.js';
import { askingClauses, invertedAt, saysNot, saysWhen } from './question.js';
import { tokenize } from './tokenize.js';

/** Fewest words a part needs to stand as a question of its own. */
const MIN_WORDS = 2;

/**
 * The questions in a message, in order, at most `split.max` of them (any further text joins the last one). A
 * message splits after each question mark, and at a joining word ("and", "also") when a question opens after it.
 * A message with one question comes back whole, as the only item.
 */
export function splitQuestions(text: string, language: Language = defaultLanguage()): string[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  const parts: Cut[] = [];
  for (const [i, sentence] of sentences(trimmed).entries()) parts.push(...(i ? openingJoiner(sentence, language) : splitAtJoiners(sentence, language)));
  // a fragment too short to stand alone ("ok?"), or a statement ("my email is ..., what's the weather"), is context:
  // it joins the part after it, or the one before when it is last. A statement followed by a joiner that turns to
  // another matter ("my mailbox is full, also how big can it go") is a part of its own.
  const kept: string[] = [];
  let carry = '';
  const cuts = parts.map((p) => ({ ...p, text: p.text.trim() })).filter((p) => p.text);
  for (const [i, part] of cuts.entries()) {
    // a scene joined again to the question after it keeps the comma it was cut at ("I'm the manager of a care home,
    // what is that"), which says where the question starts
    const joined = carry ? `${carry}${cuts[i - 1]?.comma ? ',' : ''} ${part.text}` : part.text;
    // (nor does a tag alone: "which is it", "is that right")
    const tag = language.split.tags.includes(tokenize(part.text).join(' '));
    const alone = tokenize(joined).length >= MIN_WORDS && !tag && (asks(part.text, language) || cuts[i + 1]?.another === true);
    if (!alone) carry = joined;
    else {
      kept.push(joined);
      carry = '';
    }
  }
  if (carry && kept.length) kept[kept.length - 1] = `${kept[kept.length - 1]} ${carry}`;
  if (kept.length <= 1) return [trimmed];
  const capped = capParts(kept, language);
  return capped.map((part, i) => {
    if (!i) return part;
    const before = capped[i - 1] as string;
    return carried(elided(completed(part, before, language), before, language), before, language);
  });
}

/**
 * The sentences of a text: a question mark, exclamation mark or full stop then a space ends one ("whats an ods code.
 * another thing ..."); "nhs.net" has no space after its full stop.
 */
export function sentences(text: string): string[] {
  return text.trim().split(/(?<=[?.!])\s+/);
}

/** At most `split.max` parts: the ones after the last allowed are read together as the last. */
export function capParts(parts: readonly string[], language: Language = defaultLanguage()): string[] {
  const max = language.split.max;
  return parts.length > max ? [...parts.slice(0, max - 1), parts.slice(max - 1).join(' ')] : [...parts];
}

/**
 * A later part whose possessive ("their", "its") stands for the thing the part before ended on ("... or do I have to
 * ring the helpdesk and what's their number") names it: "what's the helpdesk's number". Only a thing named with "the"
 * near the end of the part before is carried: at the very end, or followed only by a verb and "to" ("... or does
 * the helpdesk have to"); anything else leaves the part as it is. A possessive stands before what is owned: "there"
 * typed for "their" ("whats there number") counts, "is there a way" does not (a verb or an article follows it).
 */
function carried(part: string, before: string, language: Language): string {
  const typed = typedWords(before);
  const the = typed.map((w) => w.word).lastIndexOf('the');
  if (the < 0) return part;
  // "the helpdesk", "the service desk": one or two words after "the", then at most a verb and "to"
  const trailing = new Set([...language.invertedVerbs, 'have', 'has', 'to']);
  let end = the + 1;
  while (end < typed.length && !trailing.has(typed[end]!.word)) end++;
  const size = end - the - 1;
  if (size < 1 || size > 2 || typed.length - end > 2 || typed.slice(end).some((w) => !trailing.has(w.word))) return part;
  const named = before.slice(typed[the]!.at, typed[end - 1]!.end);
  const referents = new Set(language.split.referents);
  const notOwned = new Set([...language.invertedVerbs, 'a', 'an', 'the', 'any', 'some', 'no']);
  const words = typedWords(part);
  const at = words.findIndex((w, i) => referents.has(w.word) && !!words[i + 1] && !notOwned.has(words[i + 1]!.word));
  if (at < 0) return part;
  return `${part.slice(0, words[at]!.at)}${named}'s${part.slice(words[at]!.end)}`;
}

/**
 * Statements about different people or things joined by "and", then one question for all of them: "a carer is leaving
 * and another one got married, what do I do about their emails" gives each statement with the shared question ("a
 * carer is leaving, what do I do about their emails", "another one got married, what do I do about their emails").
 * Each statement must bring in someone new (`split.introduces`: "a carer", "another one", "our cook"; after the first,
 * also the writer, `split.writer`: "and i'm getting married"); "she's left
 * and her account is still active" is one situation. Undefined when the part has not this shape. Whether each is a
 * situation of its own is for the knowledge base to say: the caller keeps them apart only when each is answered.
 */
export function situations(part: string, language: Language = defaultLanguage()): string[] | undefined {
  return situationParts(part, language)?.map((s) => s.text);
}

/**
 * The situations of a part (see `situations`), each with the statement that sets it apart from the others ("another
 * one got married"): the shared question says little about which entry answers each, the statement does.
 */
export function situationParts(part: string, language: Language = defaultLanguage()): { text: string; statement: string }[] | undefined {
  // statements joined in one sentence, then the question: a scene of several sentences ("My account was switched off.
  // I had a look at the reset page, and I don't want to lock myself out. How do I...") tells one story
  if (sentences(part).length > 2) return undefined;
  const words = typedWords(part);
  const introduces = new Set(language.split.introduces);
  const later = new Set([...introduces, ...language.split.writer]);
  // the shared question: after a comma, opening with a question word, with nothing asked before it; typed without the
  // comma, a question word ("what", "how") that opens it after the statements
  const comma = words.findIndex((w, i) => i > 0 && /[,;]/.test(part.slice(words[i - 1]!.end, w.at)) && language.clauseOpeners.has(w.word));
  const q = comma >= 0 ? comma : words.findIndex((w, i) => i > 2 && language.questionOpeners.has(w.word) && !language.invertedVerbs.has(w.word));
  if (q < 0 || words.length - q < 3) return undefined;
  const setting = part.slice(0, words[q - 1]!.end);
  if (asks(setting, language) || !introduces.has(words[0]!.word)) return undefined;
  const cut = cutStatements(part, words, language.phraseWords.joiners, later, q);
  if (!cut) return undefined;
  const statements = [...cut.statements, part.slice(words[cut.from]!.at, words[q - 1]!.end)];
  const question = part.slice(words[q]!.at).trim();
  return statements.map((s) => {
    const statement = s.replace(/[\s,;]+$/, '');
    return { text: `${statement}, ${question}`, statement };
  });
}

/**
 * Statements about different matters, each after a joiner that turns to another matter (`split.another`: "also",
 * "plus", "oh and") and opening with a subject of its own (`split.subjects`): "forgot my pw n cant get in plus my
 * mailbox says its full" gives "forgot my pw n cant get in" and "my mailbox says its full". Undefined when the part
 * asks something or has not this shape. Whether they are different matters is for the knowledge base to say: the
 * caller keeps them apart only when each is answered, by a different entry ("im locked out and also my manager is
 * away" is one matter).
 */
export function turnedStatements(part: string, language: Language = defaultLanguage()): string[] | undefined {
  if (asks(part, language)) return undefined;
  const words = typedWords(part);
  const cut = cutStatements(part, words, language.phraseWords.anotherLongestFirst, new Set(language.split.subjects), words.length);
  if (!cut) return undefined;
  return [...cut.statements.map((st) => st.replace(/[\s,;]+$/, '')), part.slice(words[cut.from]!.at).trim()];
}

/**
 * Statements joined in a part's first `end` words: cut where one of `joiners` is followed by a word of `opens` ("and
 * another", "plus my"), when both sides have at least three words (a subject and two more). The statements before
 * the last cut, as typed, and the word the last statement starts at; undefined when nothing is cut.
 */
function cutStatements(
  part: string,
  words: readonly TypedWord[],
  joiners: readonly (readonly string[])[],
  opens: ReadonlySet<string>,
  end: number,
): { statements: string[]; from: number } | undefined {
  const plain = words.map((w) => w.word);
  const statements: string[] = [];
  let from = 0;
  for (let i = 1; i < end; i++) {
    const joiner = phraseAt(plain, i, joiners);
    const next = joiner ? words[i + joiner.length] : undefined;
    if (!joiner || !next || !opens.has(next.word)) continue;
    const k = i + joiner.length;
    if (i - from < 3 || end - k < 3) continue;
    statements.push(part.slice(words[from]!.at, words[i - 1]!.end));
    from = k;
    i = k;
  }
  return statements.length ? { statements, from } : undefined;
}

/**
 * The question of a part that sets the scene and then asks which of two ways ("im locked out, can i reset it myself
 * or do i have to ring the helpdesk"): the words from the question's opening on. The scene says what went wrong; the
 * question, naming the ways, says which entry answers. Undefined when the part asks no "or" question after a scene.
 */
export function alternativesAsked(part: string, language: Language = defaultLanguage()): string | undefined {
  const words = typedWords(part);
  const subjects = new Set([...language.invertedSubjects, 'he', 'she', 'you']);
  // the question opens after a comma with a question word, or (typed without commas) with a verb and its subject
  const opens = (i: number) =>
    (/[,;]/.test(part.slice(words[i - 1]!.end, words[i]!.at)) && language.clauseOpeners.has(words[i]!.word)) ||
    (language.invertedVerbs.has(words[i]!.word) && subjects.has(words[i + 1]?.word ?? ''));
  let q = -1;
  for (let i = 2; i < words.length && q < 0; i++) if (opens(i)) q = i;
  if (q < 0) return undefined;
  // "or" between two ways, each of at least two words
  const or = words.findIndex((w, i) => i > q + 1 && w.word === 'or');
  if (or < 0 || words.length - or - 1 < 2) return undefined;
  return part.slice(words[q]!.at).trim();
}

/**
 * A question cut short after its subject ("..., and my wife is a pharmacist, how does she") asks what the part
 * before it asked: it takes the words after that part's own verb and subject ("how do i | get an account").
 */
function completed(part: string, before: string, language: Language): string {
  const subjects = new Set([...language.invertedSubjects, ...language.split.subjects, 'he', 'she', 'you']);
  const verbAndSubject = (words: readonly string[], k: number) => language.invertedVerbs.has(words[k] ?? '') && subjects.has(words[k + 1] ?? '');
  const words = tokenize(part);
  if (words.length < 2 || !verbAndSubject(words, words.length - 2)) return part;
  const typed = typedWords(before);
  const plain = typed.map((w) => w.word);
  const at = plain.findIndex((_, k) => verbAndSubject(plain, k));
  const rest = at >= 0 ? typed[at + 2] : undefined;
  if (!rest) return part;
  return `${part.replace(/[\s?.!]+$/, '')} ${before.slice(rest.at).replace(/[\s?.!]+$/, '')}${part.trimEnd().endsWith('?') ? '?' : ''}`;
}

/**
 * A later part that asks the part before's question about something else ("what about a care home", after "how many
 * users can a pharmacy have"), opening as an elided follow-up does (`followUp.elides`), is that question with its
 * subject swapped: "how many users can a care home have". The part before must ask with a verb and a subject that
 * opens with "a", "an", "our", "the" or "my" and ends at one of `split.frameVerbs`; else the part is left as it is.
 */
function elided(part: string, before: string, language: Language): string {
  const words = typedWords(part);
  const plain = words.map((w) => w.word);
  const opener = language.elision(plain);
  const determiners = new Set(['a', 'an', 'our', 'the', 'my']);
  if (!opener || words.length - opener.length < 2 || words.length - opener.length > 4 || !determiners.has(plain[opener.length] ?? '')) return part;
  const thing = part.slice(words[opener.length]!.at).replace(/[\s?.!]+$/, '');
  const typed = typedWords(before);
  const frame = new Set(language.split.frameVerbs);
  const k = typed.findIndex((w, i) => language.invertedVerbs.has(w.word) && determiners.has(typed[i + 1]?.word ?? ''));
  if (k < 0) return part;
  const end = typed.findIndex((w, i) => i > k + 2 && frame.has(w.word));
  if (end < 0 || end - (k + 1) > 4) return part;
  const asked = `${before.slice(0, typed[k + 1]!.at)}${thing} ${before.slice(typed[end]!.at)}`.replace(/[\s?.!]+$/, '');
  return `${asked}${part.trimEnd().endsWith('?') ? '?' : ''}`;
}

/** The words of a text as the language lists spell them ("what's" is "whats"), each with where it stands in the text as typed. */
function typedWords(text: string): readonly TypedWord[] {
  // "&" or "+" alone between words is typed for "and" ("is it free & do we need the dspt"), as the tokeniser reads it
  return [...text.matchAll(/[A-Za-z0-9'’]+|(?<=\S\S\s+)[&+](?=\s)/g)].map((m) => ({
    word: /^[&+]$/.test(m[0]) ? 'and' : tokenize(m[0]).join(''),
    at: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
  }));
}

/** A word as typed: its plain form, and where it stands in the text. */
interface TypedWord {
  readonly word: string;
  readonly at: number;
  readonly end: number;
}

/** A piece of a sentence, and whether it was cut off the text before it at a joiner that turns to another matter. */
interface Cut {
  readonly text: string;
  readonly another: boolean;
  /** the comma the part was cut at, if any: kept when the part is joined to the next again as its scene */
  readonly comma?: boolean;
}

/**
 * A part asks something: it ends with a question mark, or opens (after a joining word) with a question word, or
 * opens with a condition and asks after it ("if my account gets deleted can it be restored").
 */
function asks(part: string, language: Language): boolean {
  if (part.trimEnd().endsWith('?')) return true;
  const words = tokenize(part);
  const joiner = phraseAt(words, 0, language.phraseWords.joiners);
  // ("and separately how long before...": lead-ins after the joiner leave it a question)
  let from = joiner?.length ?? 0;
  while (from < words.length - 1 && language.questionLeadIns.has(words[from] ?? '')) from++;
  // a sentence ending with a full stop whose clause opens "which is" tells more of what came before ("the ICB offered
  // to sponsor us, which is great news."), as "which is better, nas or bulk upload" does not
  const stated = part.trimEnd().endsWith('.');
  if (language.questionOpeners.has(words[from] ?? '') && !saysWhen(words, from) && !(stated && relativeAt(words, from))) return true;
  // a question after a statement in the same clause ("im a locum gp how do i get an account"); "cant find the id" and
  // "dont know what to do" are statements, a negated verb with no subject after it
  if (askingClauses(new Message(part), language).some((c) => !saysNot(c, language) && !(stated && relativeAt(c, 0)))) return true;
  // typed with no comma after a negated statement: "cant log in to nhs mail can i do a self reset"
  if (words.some((_, i) => i > 2 && invertedAt(words, i, language) && words[i - 1] !== 'not')) return true;
  // a question word and its verb after a statement: "the hospital keeps saying we need it why is that", "we're a chain
  // of 40 pharmacies how do multiples get it" (whose subject is no pronoun)
  const asking = (w: string) => language.clauseOpeners.has(w) && !language.invertedVerbs.has(w);
  // ("our manager who is leaving": "which" or "who" then "is" tells more of what came before)
  if (words.some((w, i) => i > 2 && asking(w) && language.invertedVerbs.has(words[i + 1] ?? '') && !relativeAt(words, i))) return true;
  // the condition says something before the question starts ("if so, how" carries on from the part before)
  return conditionAt(words, from, language) > 0 && words.slice(from + 3).some((w) => language.clauseOpeners.has(w));
}

/** Words that open a relative clause after a statement ("..., which is great news"), with the verbs that follow them so. */
const RELATIVES = new Set(['which', 'who']);
const RELATIVE_VERBS = new Set(['is', 'are', 'was', 'were']);

/** Whether a relative clause ("which is", "who are") opens at this place. */
function relativeAt(words: readonly string[], at: number): boolean {
  return RELATIVES.has(words[at] ?? '') && RELATIVE_VERBS.has(words[at + 1] ?? '');
}

/** Words that, after a verb such as "will" or "can", make it ask as a subject does (see `opensAsked`). */
const ASKED_AFTER_VERB = new Set(['a', 'an', 'the', 'any', 'some', 'this', 'that', 'these', 'those', 'each', 'every', 'all', 'he', 'she', 'them', 'us', 'me']);

/** Whether this word, after a verb such as "will" or "can", makes it ask: a subject ("i", "she", "our") or a determiner ("a", "the"). */
function opensAsked(word: string | undefined, language: Language): boolean {
  if (!word) return false;
  return language.invertedSubjects.has(word) || language.split.subjects.includes(word) || ASKED_AFTER_VERB.has(word);
}

/** How many words a condition ("if", "as soon as") takes at this place, or 0. */
function conditionAt(words: readonly string[], at: number, language: Language): number {
  return phraseAt(words, at, language.phraseWords.conditions)?.length ?? 0;
}

/**
 * A later sentence that opens with a joining word ("... local admin do? oh and where do i find the id") is cut as
 * one joined mid-sentence is: without the joiner, which says nothing of what is asked, and marked when it turns to
 * another matter.
 */
function openingJoiner(sentence: string, language: Language): Cut[] {
  const words = typedWords(sentence);
  const joiner = phraseAt(words.map((w) => w.word), 0, language.phraseWords.joinersLongestFirst);
  const next = joiner ? words[joiner.length] : undefined;
  if (!joiner || !next) return splitAtJoiners(sentence, language);
  const another = isListed(joiner, language.phraseWords.another);
  const [first, ...rest] = splitAtJoiners(sentence.slice(next.at), language);
  return [{ text: first!.text, another }, ...rest];
}

/**
 * Splits one sentence where a joining word is followed by a question opener, or by a new subject after a part that
 * asks ("how do i get an account, and my wife is a pharmacist, how does she"), when both sides have words enough.
 */
function splitAtJoiners(sentence: string, language: Language): Cut[] {
  const joiners = language.phraseWords.joinersLongestFirst;
  // keep the typed text: cut at the typed words' positions
  const words = typedWords(sentence);
  const plain = words.map((w) => w.word);
  const another = language.phraseWords.another;
  const subjects = new Set(language.split.subjects);
  const out: Cut[] = [];
  let from = 0;
  let fromWord = 0;
  let turned = false;
  // whether the part so far opens with a condition: read again only when a cut starts a new part
  let conditional = conditionAt(plain, fromWord, language) > 0;
  for (let i = 1; i < words.length; i++) {
    // "what is the dspt, what level do we need": a comma before a question opener joins two questions as "and" does
    const comma = /[,;]/.test(sentence.slice(words[i - 1]!.end, words[i]!.at));
    const joiner = phraseAt(plain, i, joiners) ?? (comma && !conditional ? [] : undefined);
    if (!joiner) continue;
    const next = words[i + joiner.length];
    if (!next) continue;
    // a question opens after the joining word, or a condition that asks after it ("and if it gets deleted can it be
    // restored"), or a new subject after a part that asked something
    const before = sentence.slice(from, words[i]!.at);
    // "another has got engaged and will change her surname": a verb such as "will" after "and" with no subject after it
    // carries on the statement before; "and will it cost anything", "and can a pharmacy join" open a question
    // (whatever the part before asks, when what follows the verb can be no subject: "... and is at her wits end")
    const after = words[i + joiner.length + 1]?.word;
    const carriesOn =
      joiner.length > 0 &&
      language.invertedVerbs.has(next.word) &&
      ((!opensAsked(after, language) && !asks(before, language)) || language.split.notSubjects.includes(after ?? ''));
    const opens =
      (language.clauseOpeners.has(next.word) && !carriesOn) ||
      (joiner.length > 0 && conditionAt(plain, i + joiner.length, language) > 0) ||
      (joiner.length > 0 && subjects.has(next.word) && asks(before, language));
    if (!opens) continue;
    if (i - fromWord < 3 || words.length - (i + joiner.length) < 3) continue;
    out.push({ text: before.replace(/[\s,;]+$/, ''), another: turned, comma: /[,;]\s*$/.test(before) });
    turned = joiner.length > 0 && isListed(joiner, another);
    from = next.at;
    fromWord = i + joiner.length;
    conditional = conditionAt(plain, fromWord, language) > 0;
    i += joiner.length;
  }
  out.push({ text: sentence.slice(from), another: turned });
  return out;
}
