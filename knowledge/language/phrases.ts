// Finds listed phrases in what people type, tolerating a word or two between and slips of the fingers in long words.
import SearchableMap from 'minisearch/SearchableMap';
import { isEnglishWord, neighboursSwapped } from '../text.js';
import { standsAt, tokenize } from './tokenize.js';

/** Words between two words of a phrase that still count as the phrase ("not really breathing"). */
const GAP = 2;

/** Words whose reading (`normalise`) is kept; past this the kept readings are dropped and gathered afresh. */
const READINGS_KEPT = 20_000;

/** One slip of the fingers allowed from five letters, two from eight; shorter words must match exactly. */
function allowedDistance(word: string): number {
  return word.length >= 8 ? 2 : word.length >= 5 ? 1 : 0;
}

export class PhraseMatcher {
  private readonly phrases: (readonly string[])[];
  /** phrases by their first word, so a message is read once rather than once per phrase */
  private readonly byFirst = new Map<string, (readonly string[])[]>();
  private readonly vocabulary = new Set<string>();
  private readonly fuzzy = new SearchableMap<true>();
  /**
   * Each word's reading once made: a reading costs dictionary look-ups and, for a word neither listed nor English
   * ("nhsmail", "dspt"), a fuzzy search, and every message is read by several matchers, the same words again and again.
   */
  private readonly readings = new Map<string, string>();

  constructor(phrases: readonly string[]) {
    this.phrases = phrases.map(tokenize).filter((p) => p.length > 0);
    for (const p of this.phrases) {
      const list = this.byFirst.get(p[0] as string) ?? [];
      list.push(p);
      this.byFirst.set(p[0] as string, list);
      for (const w of p) {
        this.vocabulary.add(w);
        if (allowedDistance(w) > 0 && !/\d/.test(w)) this.fuzzy.set(w, true);
      }
    }
  }

  /**
   * The message's words with misspellings of phrase words put right: a word not in the lists and not an English
   * word ("breathng") becomes the nearest list word within the allowed distance; real words ("sitting") stay.
   */
  normalise(words: readonly string[]): string[] {
    return words.map((w) => {
      let reading = this.readings.get(w);
      if (reading === undefined) {
        if (this.readings.size >= READINGS_KEPT) this.readings.clear();
        reading = this.read(w);
        this.readings.set(w, reading);
      }
      return reading;
    });
  }

  /** One word as `normalise` reads it. */
  private read(w: string): string {
    if (this.vocabulary.has(w) || /\d/.test(w)) return w;
    // two letters typed the wrong way round ("humna", "tlak") is one slip, from four letters
    if (w.length >= 4 && !isEnglishWord(w)) {
      for (const swapped of neighboursSwapped(w)) if (this.vocabulary.has(swapped)) return swapped;
    }
    const max = allowedDistance(w);
    if (!max || isEnglishWord(w)) return w;
    let best = w;
    let bestDistance = Infinity;
    for (const [candidate, [, distance]] of this.fuzzy.fuzzyGet(w, max)) {
      if (distance < bestDistance && allowedDistance(candidate) >= distance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** A listed phrase found in the (normalised) words, in order with at most GAP words between, if any. */
  find(words: readonly string[]): string | undefined {
    for (const word of words) {
      const opened = this.byFirst.get(word);
      if (opened) for (const phrase of opened) if (containsPhrase(words, phrase)) return phrase.join(' ');
    }
    return undefined;
  }

  /** Where each listed phrase stands in the (normalised) words, read as `find` reads them: from its first word to after its last. */
  spans(words: readonly string[]): Span[] {
    const out: Span[] = [];
    for (let start = 0; start < words.length; start++) {
      for (const phrase of this.byFirst.get(words[start] as string) ?? []) {
        const end = phraseEnd(words, start, phrase);
        if (end !== undefined) out.push({ start, end });
      }
    }
    return out;
  }
}

/** Where the phrase, opening at `start`, ends in the words (after its last word), with at most GAP words between its words. */
function phraseEnd(words: readonly string[], start: number, phrase: readonly string[]): number | undefined {
  let at = start;
  for (let k = 1; k < phrase.length; k++) {
    let next = -1;
    for (let j = at + 1; j <= Math.min(words.length - 1, at + 1 + GAP); j++) {
      if (words[j] === phrase[k]) {
        next = j;
        break;
      }
    }
    if (next < 0) return undefined;
    at = next;
  }
  return at + 1;
}

function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  for (let start = 0; start < words.length; start++) if (words[start] === phrase[0] && phraseEnd(words, start, phrase) !== undefined) return true;
  return false;
}

/** Where a listed phrase stands in the words: from its first word to after its last. */
export interface Span {
  start: number;
  end: number;
}

/**
 * A list of phrases as words, by their first word (in the list's order within each): a message is read word by word,
 * each word against the few phrases it can open, rather than against every phrase of the list.
 */
export type Phrases = ReadonlyMap<string, readonly (readonly string[])[]>;

export function phrasesByFirstWord(list: readonly string[]): Phrases {
  const phrases = new Map<string, (readonly string[])[]>();
  for (const p of list.map((x) => tokenize(x)).filter((x) => x.length > 0)) {
    const same = phrases.get(p[0] as string);
    if (same) same.push(p);
    else phrases.set(p[0] as string, [p]);
  }
  return phrases;
}

/** Every place one of the phrases occurs in the words, word for word. */
export function phraseSpans(words: readonly string[], phrases: Phrases): Span[] {
  const out: Span[] = [];
  for (let i = 0; i < words.length; i++) {
    const opened = phrases.get(words[i] as string);
    if (opened) for (const p of opened) if (standsAt(words, i, p)) out.push({ start: i, end: i + p.length });
  }
  return out;
}

/** The words without those inside any of the spans (the words as they came when there are none). */
export function withoutSpans(words: readonly string[], spans: readonly Span[]): readonly string[] {
  return spans.length ? words.filter((_, i) => !spans.some((s) => i >= s.start && i < s.end)) : words;
}

/**
 * The first phrase of the list, in the list's order, whose words stand in the words from `at` on, word for word; none
 * when no phrase does. Where two could stand there ("and", "and also") the list's order decides: a list sorted longest
 * first finds the longer.
 */
export function phraseAt(words: readonly string[], at: number, list: readonly (readonly string[])[]): readonly string[] | undefined {
  for (const p of list) if (standsAt(words, at, p)) return p;
  return undefined;
}

/** Whether the phrase is one of the list's, word for word (not merely the start of one). */
export function isListed(phrase: readonly string[], list: readonly (readonly string[])[]): boolean {
  for (const p of list) if (p.length === phrase.length && standsAt(phrase, 0, p)) return true;
  return false;
}
