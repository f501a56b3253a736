// Understands a typed or button answer to one eligibility question: the facts it gives, corrections to earlier
// answers, "not sure", "back", "change my answer about ...", or nothing.
import type { Answers, Field } from './answers.js';
import { phraseWords } from '../language/tokenize.js';
import { conditionsHold } from './decide.js';
import { factReader } from './extract.js';
import { questionFields, type EligibilityContent } from './loader.js';
import type { Question } from './schema.js';

export type Interpretation =
  | {
      readonly kind: 'answer';
      /** the facts this answer gives for the question asked */
      readonly facts: Answers;
      /** other facts stated on the way ("no, and we have 4 homes"), for fields not answered yet */
      readonly extra: Answers;
      /** new values for facts known already ("wait, actually we have 4 homes not 1") */
      readonly corrections: Answers;
      /** the whole message is the answer (a button, a label, "yes", a number); false when read out of a sentence */
      readonly exact: boolean;
    }
  | { readonly kind: 'unsure' }
  | { readonly kind: 'back' }
  /** "change my answer about sites": reopen that question, or set it straight away when the new value is given */
  | { readonly kind: 'change'; readonly questionId: string; readonly facts: Answers }
  /** too vague to answer ("UK" for the country): the reply key that asks for more */
  | { readonly kind: 'vague'; readonly reply: string }
  | { readonly kind: 'unrecognised' };

/** yes/no phrases that are a pronoun and a verb ("we have", "it is"), not a bare yes or no */
const PRONOUN_START = /^(we|i|it|they)\b/;
/**
 * The rules' phrases (the words for yes, back, unsure, each choice...) were normalised again each time an answer was
 * read, about 25 a turn on the dev questions: each text is normalised once. Kept for many times the rules' phrases.
 */
const normalised = new Map<string, string>();
const NORMALISED_KEPT = 10_000;
function norm(s: string): string {
  let n = normalised.get(s);
  if (n === undefined) {
    if (normalised.size >= NORMALISED_KEPT) normalised.clear();
    normalised.set(s, (n = phraseWords(s).join(' ')));
  }
  return n;
}
const has = (text: string, phrase: string) => ` ${text} `.includes(` ${phrase} `);

/** Choice index 1..n for the question's buttons, or label text, or synonyms: the phrases that pick each choice. */
function choicePhrases(q: Extract<Question, { kind: 'choice' }>, content: EligibilityContent, label: (key: string) => string): string[][] {
  return q.choices.map((c) => {
    const vocab = Object.entries(c.set).flatMap(([field, value]) =>
      typeof value === 'string' ? (content.vocabulary[field]?.[value] ?? []) : [],
    );
    return [label(c.label), ...c.synonyms, ...vocab].map(norm).filter(Boolean);
  });
}

function leadingWord(text: string, phrases: readonly string[]): number {
  let best = 0;
  for (const p of phrases.map(norm)) {
    if ((text === p || text.startsWith(`${p} `)) && p.split(' ').length > best) best = p.split(' ').length;
  }
  return best;
}

/**
 * Interprets `text` as the answer to `question`. `answers` are the facts known so far (extra facts never overwrite
 * them); `label` turns a reply key into the button text the user may have typed.
 */
/** The question a "change my answer about ..." message names (one that applies to the answers so far), if any. */
export function changeTarget(text: string, answers: Answers, content: EligibilityContent): Question | undefined {
  const t = norm(text);
  if (!content.words.change.map(norm).some((p) => has(t, p))) return undefined;
  let best: { q: Question; length: number } | undefined;
  for (const q of content.questions) {
    if (q.when && !conditionsHold(q.when, answers)) continue;
    for (const name of q.names.map(norm)) {
      const length = name.split(' ').length;
      if (has(t, name) && (!best || length > best.length)) best = { q, length };
    }
  }
  return best?.q;
}

/** Whether the message says it corrects something ("actually", "wait", "I meant"). */
export function soundsLikeCorrection(text: string, content: EligibilityContent): boolean {
  const t = norm(text);
  return content.words.correction.map(norm).some((p) => has(t, p));
}

/** Facts a message states that differ from the ones known (`changed`), and facts not known before (`added`). */
export function readChanges(text: string, answers: Answers, content: EligibilityContent, except: readonly Field[] = []): { changed: Answers; added: Answers } {
  const all = factReader(content).read(text) as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  const added: Record<string, unknown> = {};
  for (const [f, v] of Object.entries(all)) {
    if (except.includes(f as Field)) continue;
    const known = answers[f as Field];
    if (known === undefined) added[f] = v;
    else if (known !== v) changed[f] = v;
  }
  return { changed: changed as Answers, added: added as Answers };
}

/**
 * Interprets `text` as the answer to `question`. `answers` are the facts known so far (extra facts never overwrite
 * them, but a correction does: when the message says it corrects, or when it answers nothing else); `label` turns
 * a reply key into the button text the user may have typed.
 */
export function interpretAnswer(
  question: Question,
  text: string,
  answers: Answers,
  content: EligibilityContent,
  label: (key: string) => string,
): Interpretation {
  const t = norm(text);
  const w = content.words;
  if (!t) return { kind: 'unrecognised' };
  const reader = factReader(content);
  const target = changeTarget(text, answers, content);
  if (target) {
    const targetFields = questionFields(target);
    const facts = Object.fromEntries(Object.entries(reader.read(text, targetFields)).filter(([f]) => targetFields.includes(f as Field))) as Answers;
    return { kind: 'change', questionId: target.id, facts };
  }
  if (w.back.map(norm).some((p) => t === p || (p.includes(' ') && has(t, p)))) return { kind: 'back' };
  if (w.unsure.map(norm).some((p) => t === p || has(t, p))) return { kind: 'unsure' };

  const fields = questionFields(question);
  const changes = () => readChanges(text, answers, content, fields);
  const marked = soundsLikeCorrection(text, content);
  const short = t.split(' ').length <= 3;
  const answer = (facts: Answers, exact = short): Interpretation => {
    const c = changes();
    return { kind: 'answer', facts, extra: c.added, corrections: marked ? c.changed : {}, exact };
  };
  if (question.kind === 'choice') {
    const phrases = choicePhrases(question, content, label);
    const byIndex = /^\d{1,2}$/.test(t) ? question.choices[Number(t) - 1] : undefined;
    if (byIndex) return answer(byIndex.set as Answers, true);
    const exact = question.choices.find((_, i) => phrases[i]?.includes(t));
    if (exact) return answer(exact.set as Answers, true);
  }

  const focused = reader.read(text, fields) as Record<string, unknown>;
  const stated = Object.fromEntries(Object.entries(focused).filter(([f]) => fields.includes(f as Field))) as Answers;
  if (Object.keys(stated).length) {
    if (question.kind === 'choice') {
      const fits = question.choices.filter((c) => Object.entries(stated).every(([f, v]) => c.set[f] === v));
      if (fits.length === 1 && fits[0]) return answer(fits[0].set as Answers);
    }
    return answer(stated);
  }

  if (question.kind === 'yesNo') {
    const yes = leadingWord(t, w.yes);
    const no = leadingWord(t, w.no);
    // "we have 4 homes" at a yes/no question starts like "we have" but tells something else: not a yes
    const spoken = t.split(' ').slice(0, Math.max(yes, no)).join(' ');
    const aboutSomethingElse = () => {
      const c = changes();
      return Object.keys(c.added).length + Object.keys(c.changed).length > 0;
    };
    if ((yes || no) && !(PRONOUN_START.test(spoken) && t !== spoken && aboutSomethingElse())) return answer({ [question.field]: yes > no } as Answers, true);
  }

  if (question.kind === 'choice') {
    // a choice's phrase inside a longer answer; the longest wins, and a tie between two choices is no answer
    let best = { length: 0, index: -1, tie: false };
    choicePhrases(question, content, label).forEach((list, index) => {
      for (const p of list) {
        const length = p.split(' ').length;
        if (!has(t, p) || length < best.length) continue;
        if (length > best.length) best = { length, index, tie: false };
        else if (best.index !== index) best.tie = true;
      }
    });
    const chosen = question.choices[best.index];
    if (chosen && !best.tie) return answer(chosen.set as Answers);
  }
  const vague = fields.map((f) => content.vague[f]).find((v) => v?.phrases.map(norm).some((p) => t === p || has(t, p)));
  if (vague) return { kind: 'vague', reply: vague.reply };
  // no answer to this question, but facts for later ones ("we're a dental practice with 3 sites") or a new value
  // for an earlier one ("wait, we have 4 homes not 1")
  const later = changes();
  if (Object.keys(later.added).length || Object.keys(later.changed).length) {
    return { kind: 'answer', facts: {}, extra: later.added, corrections: later.changed, exact: false };
  }
  return { kind: 'unrecognised' };
}
