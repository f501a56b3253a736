// Turns what people type into comparable search terms: normalise, fix typos, map synonyms, drop filler, stem.
import fs from 'node:fs';
import SearchableMap from 'minisearch/SearchableMap';
import { stemmer } from 'stemmer';
import { eng as englishStopWords } from 'stopword';
import wordListPath from 'word-list';
import { RUN_TOGETHER_MIN, RunTogether } from './language/runTogether.js';
import { casedWords, holdsPhrase, spellAnd, standsAt, tokenize } from './language/tokenize.js';
import type { Lexicon } from './schema.js';

/** a code of letters then digits, made plural ("fy1s", "f2s") */
const CODE_PLURAL = /^[a-z]+\d+s$/;

/** Words that open a noun phrase: a particle just before one is a preposition (see TextAnalyzer.separated). */
const HEADS_PHRASE = new Set(['the', 'a', 'an', 'my', 'our', 'your', 'their', 'his', 'her', 'this', 'that', 'these', 'those']);

/** The word with each pair of neighbouring letters swapped in turn ("levle" gives "level" among them): one slip of the fingers, two Levenshtein edits. */
export function* neighboursSwapped(word: string): Generator<string> {
  for (let i = 0; i + 1 < word.length; i++) yield `${word.slice(0, i)}${word[i + 1]}${word[i]}${word.slice(i + 2)}`;
}

let englishWords: Set<string> | undefined;
/** True for an ordinary English word. The dictionary is large; it is read once, on first use, and shared. */
export function isEnglishWord(word: string): boolean {
  return loadEnglishWords().has(word);
}

/**
 * Reads the English dictionary now if it is not read yet (a quarter of a second): the app does this while it starts,
 * so that the first person to write after a start does not wait for it.
 */
export function loadEnglishWords(): ReadonlySet<string> {
  englishWords ??= new Set(fs.readFileSync(wordListPath, 'utf8').split('\n'));
  return englishWords;
}

/** Whether the English dictionary has been read (for a test of start-up). */
export function englishWordsLoaded(): boolean {
  return englishWords !== undefined;
}

export interface Analysis {
  /** stemmed, canonical terms in query order (duplicates kept) */
  readonly terms: readonly string[];
  /** off-topic markers found in the text */
  readonly offTopic: readonly string[];
  /** the normalised words after typo correction, before stop words and stemming */
  readonly words: readonly string[];
  /** pseudo-terms of the lexicon's intents the text asks ("~howlong"), each once */
  readonly intents: readonly string[];
  /** terms read only from the lexicon's who-or-when phrases ("nurse" in "one of our nurses", "friday"): who or when, not what */
  readonly whoOrWhen: readonly string[];
  /** terms read only from place names ("wales", "manchester"): where the asker is, wherever the words stand */
  readonly where: readonly string[];
  /** the lexicon's address lookups the text holds ("email address for"), and the terms read only from them */
  readonly lookup: { readonly phrases: readonly string[]; readonly terms: readonly string[] };
}

/** A word typed all in lower case, not part of an address, a code or a contraction (what `corrected` and `apart` read). */
const LOWER_WORD = /(?<![\p{L}\p{N}@.'’])[a-z]+(?![\p{L}\p{N}@.'’])/gu;

/** A day of the month as typed ("20th", "1st"). */
const ORDINAL_DAY = /^(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)$/;

/** The pseudo-term of an intent: a prefix no word can carry, and no underscore (which marks a bigram). */
export function intentTerm(name: string): string {
  return `~${name}`;
}

export class TextAnalyzer {
  private readonly stopWords: Set<string>;
  private readonly phrases = new Map<string, { words: readonly string[]; canonical: string }[]>();
  private readonly markers: FirstWordIndex;
  /** sums' operators ("plus"), markers only between two numbers */
  private readonly operators: FirstWordIndex;
  private readonly numberWords: ReadonlySet<string>;
  private readonly whoOrWhen: FirstWordIndex;
  private readonly places: FirstWordIndex;
  private readonly lookups: FirstWordIndex;
  /** intent pseudo-term -> the phrases that ask it and the phrases of an answer that states it */
  private readonly intents: { term: string; asks: (readonly string[])[]; answeredBy: (readonly string[])[] }[];
  /** every intent's `asks` phrases, indexed by first word (read on every analysis), each with its intent's term */
  private readonly asks: FirstWordIndex;
  private readonly askedTerm: readonly string[];
  private readonly stems = new Map<string, string>();
  /** words the lexicon names (its synonyms' variants, "dept"): chosen by an editor, so never a slip to correct */
  private readonly lexiconWords = new Set<string>();
  private readonly known = new Map<string, number>();
  private corrector = new SearchableMap<number>();
  /** the stop words of four letters or more, that a slip of one letter is read as first ("realy" is "really", not "ready") */
  private readonly stopCorrector = new SearchableMap<true>();
  private readonly corrections = new Map<string, string>();
  /**
   * words typed without spaces, read as the words they are: a piece is a stop word, a word the lexicon names or one the
   * knowledge base uses more than once (a slip in one example wording is no word)
   */
  private readonly runTogether = new RunTogether((w) => this.stopWords.has(w) || this.lexiconWords.has(w) || (this.known.get(w) ?? 0) > 1);
  /** words of off-topic markers and of who-or-when phrases are never "corrected" into domain words (gmail is not email) */
  private readonly markerWords = new Set<string>();
  /** stop words read as a term in some company, or words read as nothing there (lexicon contextTerms) */
  private readonly contextTerms: {
    word: string;
    /** undefined: the word is read as nothing */
    term: string | undefined;
    capitals: boolean;
    when: { after?: Set<string>; before?: Set<string> }[];
    unless: Set<string>;
    unlessBefore: Set<string>;
    negated?: { by: Set<string>; term: string | undefined };
  }[];
  /** particles a two-word phrase may stand apart from its verb by ("sign them all up"), and by at most how many words */
  private readonly particles: Set<string>;
  private readonly maxGap: number;

  constructor(lexicon: Lexicon) {
    const keep = new Set(lexicon.keepWords.flatMap(tokenize));
    this.stopWords = new Set([...englishStopWords, ...lexicon.stopWords.flatMap(tokenize)].filter((w) => !keep.has(w)));
    for (const w of this.stopWords) if (w.length >= 4 && isEnglishWord(w)) this.stopCorrector.set(w, true);
    for (const [canonical, variants] of Object.entries(lexicon.synonyms)) {
      const target = tokenize(canonical).join('');
      for (const variant of variants) {
        const words = tokenize(variant);
        const first = words[0];
        if (!first) continue;
        const list = this.phrases.get(first) ?? [];
        list.push({ words, canonical: target });
        list.sort((a, b) => b.words.length - a.words.length);
        this.phrases.set(first, list);
        words.forEach((w) => {
          this.learn(w);
          this.lexiconWords.add(w);
        });
      }
    }
    const { providers, then } = lexicon.otherMail;
    const otherMail = providers.flatMap((p) => then.map((w) => `${p} ${w}`));
    // (each phrase once: a marker the lexicon lists may also be a provider's own mail, "gmail account")
    const markerPhrases = new Set([...lexicon.offTopicMarkers, ...otherMail].map((p) => tokenize(p).join(' ')).filter((p) => p.length));
    this.markers = new FirstWordIndex([...markerPhrases].map((p) => p.split(' ')));
    this.operators = new FirstWordIndex(lexicon.arithmetic.operators.map(tokenize).filter((p) => p.length));
    this.numberWords = new Set(lexicon.arithmetic.numbers.flatMap(tokenize));
    this.whoOrWhen = new FirstWordIndex(lexicon.whoOrWhen.map(tokenize).filter((p) => p.length));
    this.places = new FirstWordIndex(lexicon.places.map(tokenize).filter((p) => p.length));
    // a word meaning something else ("dentist" in "register with a dentist") is read as an address lookup's words are
    this.lookups = new FirstWordIndex([...lexicon.addressLookups, ...lexicon.otherMeanings].map(tokenize).filter((p) => p.length));
    // "december" and "friday" are not in the English word list (it has no proper nouns): left to the corrector, they
    // would become the nearest knowledge-base word ("remember")
    for (const p of [...this.whoOrWhen.phrases, ...this.places.phrases]) for (const w of p) this.markerWords.add(w);
    this.intents = Object.entries(lexicon.intents).map(([name, { asks, answeredBy }]) => ({
      term: intentTerm(name),
      asks: asks.map(tokenize).filter((p) => p.length),
      answeredBy: answeredBy.map(tokenize).filter((p) => p.length),
    }));
    this.asks = new FirstWordIndex(this.intents.flatMap((i) => i.asks));
    this.askedTerm = this.intents.flatMap((i) => i.asks.map(() => i.term));
    for (const m of [...this.markers.phrases, ...this.operators.phrases]) for (const w of m) this.markerWords.add(w);
    const set = (words: readonly string[] | undefined) => (words ? new Set(words.flatMap(tokenize)) : undefined);
    this.contextTerms = lexicon.contextTerms.map((c) => ({
      word: tokenize(c.word).join(''),
      term: c.term === undefined ? undefined : tokenize(c.term).join(''),
      capitals: c.capitals,
      when: c.when.map((w) => ({ after: set(w.after), before: set(w.before) })),
      unless: set(c.unless) ?? new Set(),
      unlessBefore: set(c.unlessBefore) ?? new Set(),
      negated: c.negated && { by: set(c.negated.by) ?? new Set(), term: c.negated.term && tokenize(c.negated.term).join('') },
    }));
    this.particles = new Set(lexicon.separable.particles.flatMap(tokenize));
    this.maxGap = lexicon.separable.maxGap;
  }

  /** Adds the words of indexed text to the vocabulary that typos are corrected towards. */
  learn(textOrWord: string): void {
    for (const w of tokenize(textOrWord)) {
      const n = (this.known.get(w) ?? 0) + 1;
      this.known.set(w, n);
      if (w.length >= 4 && !/\d/.test(w)) this.corrector.set(w, n);
    }
    this.corrections.clear();
  }

  /** Analyses indexed text (no typo correction) or a query (with it). */
  analyze(text: string, { correct = false } = {}): Analysis {
    const raw = tokenize(text).slice(0, 60);
    // a query's names ("our carer Mary Brown has left") say who, and are never "corrected" into knowledge-base words
    const names = correct ? this.namesAt(text, raw) : undefined;
    const words = correct ? raw.map((w, i) => (names?.has(i) ? w : this.correct(w))) : raw;
    const inContext = this.contextTermsAt(text, raw);
    /** particles read with a verb a few words before them ("up" in "sign them all up") */
    const taken = new Set<number>();
    /** known phrases of several words read, as [first, past last] positions ("changing jobs" is a joiner, whatever "jobs" marks) */
    const inPhrase: [number, number][] = [];
    const aside = this.positionsOf(words, this.whoOrWhen);
    for (const i of names ?? []) aside.add(i);
    // a day of the month ("on the 20th") says when (only a word opening with a digit can be one)
    for (const [i, w] of raw.entries()) if (w.charCodeAt(0) <= 57 && ORDINAL_DAY.test(w)) aside.add(i);
    const placed = this.positionsOf(words, this.places);
    const asking = this.positionsOf(words, this.lookups, noLookup);
    /** each term, and whether every word it was read from says who or when, or asks for an address */
    const read: { term: string; aside: boolean; lookup: boolean; where?: boolean }[] = [];
    for (let i = 0; i < words.length; ) {
      const word = words[i] as string;
      if (taken.has(i)) {
        i += 1;
        continue;
      }
      const match = this.phrases.get(word)?.find((p) => standsAt(words, i, p.words));
      if (match) {
        // a phrase whose canonical word is a stop word ("not sure" is "sure") says nothing about the topic either
        if (!this.stopWords.has(match.canonical)) {
          read.push({
            term: this.stem(match.canonical),
            aside: match.words.every((_, k) => aside.has(i + k)),
            lookup: match.words.every((_, k) => asking.has(i + k)),
            where: match.words.every((_, k) => placed.has(i + k)),
          });
        }
        if (match.words.length > 1) inPhrase.push([i, i + match.words.length]);
        i += match.words.length;
        continue;
      }
      const apart = this.separated(words, i);
      if (apart) {
        taken.add(apart.at);
        if (!this.stopWords.has(apart.canonical)) read.push({ term: this.stem(apart.canonical), aside: false, lookup: false });
        i += 1;
        continue;
      }
      const term = inContext.get(i);
      if (term !== undefined) {
        if (term !== null) read.push({ term: this.stem(term), aside: false, lookup: false });
      }
      else if (!this.stopWords.has(word)) read.push({ term: this.stem(word), aside: aside.has(i), lookup: asking.has(i), where: placed.has(i) });
      i += 1;
    }
    const terms = read.map((r) => r.term);
    // a term counts as who-or-when only when it is never read otherwise ("one" in "one of our nurses has only one account" is not)
    const whoOrWhen = [...new Set(terms)].filter((t) => read.every((r) => r.term !== t || r.aside));
    const where = [...new Set(terms)].filter((t) => read.every((r) => r.term !== t || r.where));
    // "Sunny" in "Sunny Care Ltd" is no weather
    const offTopic = this.findMarkers(raw, names?.size ? [...inPhrase, ...[...names].map((i) => [i, i + 1] as const)] : inPhrase);
    // one pass over the words for the intents' phrases and the lookups', in the lexicon's order
    const asked = new Set<string>();
    this.asks.each(words, (_, at) => asked.add(this.askedTerm[at] as string));
    const intents = this.intents.filter((i) => asked.has(i.term)).map((i) => i.term);
    const looked = new Set<number>();
    this.lookups.each(words, (phrase, at, i) => {
      if (!noLookup(words, i, i + phrase.length)) looked.add(at);
    });
    const lookup = {
      phrases: [...looked].sort((a, b) => a - b).map((at) => (this.lookups.phrases[at] as readonly string[]).join(' ')),
      terms: [...new Set(terms)].filter((t) => read.every((r) => r.term !== t || r.lookup)),
    };
    return { terms, offTopic, words, intents, whoOrWhen, where, lookup };
  }

  /** Whether the phrase stands in the words only inside a phrase of several words saying who or when ("on a night shift"). */
  saysWhen(words: readonly string[], phrase: readonly string[]): boolean {
    const spans: [number, number][] = [];
    this.whoOrWhen.each(words, (p, _, i) => {
      if (p.length > 1) spans.push([i, i + p.length]);
    });
    let seen = false;
    for (let i = 0; i + phrase.length <= words.length; i++) {
      if (!phrase.every((w, k) => words[i + k] === w)) continue;
      if (!spans.some(([from, to]) => from <= i && to >= i + phrase.length)) return false;
      seen = true;
    }
    return seen;
  }

  /** The intent pseudo-terms an answer states (a short answer naming "days" states how long something takes). */
  statedIntents(answer: string): string[] {
    const words = tokenize(answer);
    return this.intents.filter((i) => i.answeredBy.some((p) => holdsPhrase(words, p))).map((i) => i.term);
  }

  /** Adjacent pairs of terms ("more_10", "account_delet"): they tell apart topics that share single words. */
  static bigrams(terms: readonly string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i + 1 < terms.length; i++) out.push(`${terms[i]}_${terms[i + 1]}`);
    return out;
  }

  isStopWord(word: string): boolean {
    return this.stopWords.has(word);
  }

  private stem(word: string): string {
    let s = this.stems.get(word);
    if (s === undefined) {
      // (a code of letters and digits is kept as typed, but for a plural's "s": "fy1s" are fy1s)
      s = /\d/.test(word) ? (CODE_PLURAL.test(word) ? word.slice(0, -1) : word) : stemmer(word);
      if (this.stems.size < 50_000) this.stems.set(word, s);
    }
    return s;
  }

  /**
   * The text with each misspelt word in lower case put right ("i need 3 more acounts" -> "i need 3 more accounts"),
   * for readers that match exact words (what starts a journey). Everything else stays as typed: capitalised words
   * (names), and words beside a dot, @ or digit (addresses, codes).
   */
  corrected(text: string): string {
    return text.replace(LOWER_WORD, (w) => this.correct(w));
  }

  /**
   * The text with each word in lower case that is several known words typed without spaces written apart ("lockedout of
   * my account" is "locked out of my account", "howdoi get nhsmail" "how do i get nhsmail"): only a word that the
   * knowledge base, the lexicon and English do not know, and that the spelling corrector leaves as typed (a slip,
   * "acount", is put right rather than cut into "a count").
   */
  apart(text: string): string {
    return text.replace(LOWER_WORD, (w) => {
      if (w.length < RUN_TOGETHER_MIN || this.known.has(w) || this.lexiconWords.has(w) || isEnglishWord(w) || this.correct(w) !== w) return w;
      return this.runTogether.split(w)?.join(' ') ?? w;
    });
  }

  /**
   * A word unknown to the knowledge base and to English is replaced by the nearest known word. So is a word the
   * knowledge base has once and English not at all: an example wording typed the way people type ("registraton",
   * "counsil") must not teach the corrector that the slip is a word, or the same slip in a question is left uncorrected.
   */
  private correct(word: string): string {
    if (word.length < 4 || /\d/.test(word) || this.stopWords.has(word) || this.markerWords.has(word)) return word;
    const seen = this.known.get(word);
    if (seen !== undefined && (seen > 1 || this.lexiconWords.has(word) || isEnglishWord(word))) return word;
    const cached = this.corrections.get(word);
    if (cached !== undefined) return cached;
    const best = isEnglishWord(word) ? word : (this.spokenOrSmall(word) ?? this.nearestKnown(word));
    if (this.corrections.size > 20_000) this.corrections.clear();
    this.corrections.set(word, best);
    return best;
  }

  /**
   * A word as said rather than slipped: a "g" dropped as people say it ("goin", "workin" is that word, not the nearest
   * known one: "goin" is not "join"), or a slip of one letter from a common small word ("realy" is "really", "thier"
   * "their", not "ready").
   */
  private spokenOrSmall(word: string): string | undefined {
    if (word.endsWith('in') && isEnglishWord(`${word}g`)) return `${word}g`;
    return this.nearStopWord(word);
  }

  /** The knowledge base's word nearest the slip (the commonest of the nearest), else the word as typed. */
  private nearestKnown(word: string): string {
    let best = word;
    const maxDistance = word.length >= 8 ? 2 : 1;
    let bestDistance = Infinity;
    let bestCount = 0;
    for (const [candidate, [count, distance]] of this.corrector.fuzzyGet(word, maxDistance)) {
      if (candidate === word) continue;
      if (distance < bestDistance || (distance === bestDistance && count > bestCount)) {
        best = candidate;
        bestDistance = distance;
        bestCount = count;
      }
    }
    // Swapped neighbours ("levle", "optoins") are one slip of the fingers but two Levenshtein edits.
    if (bestDistance > 1) {
      for (const swapped of neighboursSwapped(word)) {
        const count = this.known.get(swapped);
        if (count !== undefined && count > (bestDistance === 1 ? bestCount : 0)) {
          best = swapped;
          bestDistance = 1;
          bestCount = count;
        }
      }
    }
    return best;
  }

  /** The stop word one slip of the fingers from the word (one edit, or two neighbours swapped), if any. */
  private nearStopWord(word: string): string | undefined {
    for (const swapped of neighboursSwapped(word)) if (this.stopWords.has(swapped) && swapped.length >= 4) return swapped;
    for (const [candidate] of this.stopCorrector.fuzzyGet(word, 1)) return candidate;
    return undefined;
  }

  /**
   * A two-word phrase whose particle stands a few words after its verb ("sign them all up", "locked her out"), read at
   * the verb: its canonical word and where its particle is. No other particle may come between.
   */
  private separated(words: readonly string[], i: number): { canonical: string; at: number } | undefined {
    if (!this.particles.size) return undefined;
    const phrases = this.phrases.get(words[i] as string);
    if (!phrases) return undefined;
    for (let k = 2; k <= this.maxGap + 1 && i + k < words.length; k++) {
      const w = words[i + k] as string;
      if (this.particles.has(words[i + k - 1] as string)) return undefined;
      if (!this.particles.has(w)) continue;
      // a particle heading a phrase of its own is a preposition ("get secure email in the meantime", "log it on the
      // system"), not the verb's
      if (HEADS_PHRASE.has(words[i + k + 1] as string)) return undefined;
      const p = phrases.find((p) => p.words.length === 2 && p.words[1] === w);
      return p ? { canonical: p.canonical, at: i + k } : undefined;
    }
    return undefined;
  }

  /** Positions of the lexicon's context terms ("IT" in "no IT team"), read from the words as typed; null where negated and dropped. */
  private contextTermsAt(text: string, raw: readonly string[]): Map<number, string | null> {
    const out = new Map<number, string | null>();
    if (!this.contextTerms.length) return out;
    let typed: string[] | undefined;
    for (const c of this.contextTerms) {
      for (let i = 0; i < raw.length; i++) {
        if (raw[i] !== c.word || out.has(i)) continue;
        const before = raw[i - 1];
        const after = raw[i + 1];
        if ((before !== undefined && c.unless.has(before)) || (after !== undefined && c.unlessBefore.has(after))) continue;
        let holds = c.when.some(
          (w) => (!w.after || (before !== undefined && w.after.has(before))) && (!w.before || (after !== undefined && w.before.has(after))),
        );
        if (!holds && c.capitals && /[a-z]/.test(text)) {
          // the same split as tokenize, keeping case; a message whose words do not line up (rare Unicode) is left alone
          typed ??= spellAnd(text).normalize('NFKC').replace(/['’‘`]/g, '').split(/[^A-Za-z0-9]+/).filter(Boolean);
          holds = typed[i] === c.word.toUpperCase() && typed[i]?.toLowerCase() === raw[i];
        }
        if (!holds) continue;
        const negated = c.negated && raw.slice(Math.max(0, i - 3), i).some((w) => c.negated?.by.has(w));
        out.set(i, negated ? (c.negated?.term ?? null) : (c.term ?? null));
      }
    }
    return out;
  }

  /**
   * Positions of the words typed as names: capitalised ("Mary", not "MARY" or "mary") and no word the knowledge base
   * or the lexicon uses ("Outlook", "Gmail" are theirs); opening a sentence, where every word is capitalised, also no
   * English word or followed by a name ("Priya has left", "Jane Smith has left", not "Please help"). A message typed
   * in title case throughout ("How Do I Reset My Password") names nobody by its capitals.
   */
  private namesAt(text: string, raw: readonly string[]): Set<number> {
    const out = new Set<number>();
    if (!/[A-Z][a-z]/.test(text)) return out;
    const cased = casedWords(text);
    if (cased.length < raw.length) return out;
    const titled = (w: string) => /^[A-Z][a-z]+$/.test(w);
    const letters = cased.filter((c) => /^[A-Za-z]+$/.test(c.word));
    if (letters.filter((c) => titled(c.word)).length * 2 > letters.length) return out;
    // capitalised where a sentence's first word would not be
    const capitalised = (i: number) => titled(cased[i]?.word ?? '') && !cased[i]?.opens;
    const candidate = (i: number) => {
      const c = cased[i];
      const w = raw[i] as string;
      if (!c || !titled(c.word) || c.word.toLowerCase() !== w || this.known.has(w) || this.lexiconWords.has(w) || this.stopWords.has(w)) return false;
      // an off-topic marker's word is a name only within a longer one ("Sunny Care Ltd"), not alone ("my Facebook password")
      return !this.markerWords.has(w) || capitalised(i - 1) || capitalised(i + 1);
    };
    raw.forEach((_, i) => candidate(i) && !cased[i]?.opens && out.add(i));
    // a capitalised word after a name is part of it, whatever it means alone ("Rosewood House", "Oak Care Ltd")
    raw.forEach((w, i) => out.has(i - 1) && capitalised(i) && !this.stopWords.has(w) && out.add(i));
    // a sentence's first word is a name when no English word ("Priya has left") or a name follows it ("Jane Smith")
    raw.forEach((w, i) => candidate(i) && cased[i]?.opens && (!isEnglishWord(w) || out.has(i + 1)) && out.add(i));
    return out;
  }

  /**
   * Positions of the words that are part of one of the phrases, each found wherever it occurs; `skip` leaves out a
   * phrase by the words round it (an address lookup that asks for no one's address, see `noLookup`).
   */
  private positionsOf(words: readonly string[], phrases: FirstWordIndex, skip?: (words: readonly string[], start: number, end: number) => boolean): Set<number> {
    const out = new Set<number>();
    phrases.each(words, (phrase, _, i) => {
      if (skip?.(words, i, i + phrase.length)) return;
      for (let k = 0; k < phrase.length; k++) out.add(i + k);
    });
    return out;
  }

  /**
   * Each marker the words hold, once, in the lexicon's order. A known phrase over a marker's words reads them otherwise
   * ("changing jobs"; "care notes" is a record), unless the marker holds it and says more ("nhs log in" holds "log in").
   */
  private findMarkers(words: string[], inPhrase: readonly (readonly [number, number])[]): string[] {
    const found = new Set<number>();
    this.markers.each(words, (marker, at, i) => {
      const end = i + marker.length;
      if (inPhrase.some(([from, to]) => from < end && to > i && (from < i || to > end || to - from === marker.length))) return;
      // a thing said to be missing is a fact about the asker, not what is asked ("no cqc registration, do we use the
      // registration portal")
      if (NEGATES.has(words[i - 1] ?? '')) return;
      found.add(at);
    });
    const markers = [...found].sort((a, b) => a - b).map((at) => this.markers.phrases[at]!.join(' '));
    const sums = new Set<string>();
    this.operators.each(words, (operator, _at, i) => {
      if (this.isNumber(words[i - 1]) && this.isNumber(words[i + operator.length])) sums.add(operator.join(' '));
    });
    return sums.size ? [...markers, ...sums] : markers;
  }

  /** A number in digits ("2"; the words hold no "." or ",") or in words ("seven"). */
  private isNumber(word: string | undefined): boolean {
    return word !== undefined && (/^\d+$/.test(word) || this.numberWords.has(word));
  }
}

/** Words that, just before an off-topic phrase, say the thing is missing. */
const NEGATES = new Set(['no', 'not', 'without', 'non']);

/**
 * Phrases by their first word, so finding them in a text costs its words, not its words times the phrases (the
 * off-topic markers alone are close to two hundred, and every question is read several times a turn).
 */
class FirstWordIndex {
  private readonly byFirst = new Map<string, { readonly phrase: readonly string[]; readonly at: number }[]>();

  constructor(readonly phrases: readonly (readonly string[])[]) {
    phrases.forEach((phrase, at) => {
      const first = phrase[0];
      if (first === undefined) return;
      const list = this.byFirst.get(first) ?? [];
      list.push({ phrase, at });
      this.byFirst.set(first, list);
    });
  }

  /** Calls `found` for each place a phrase occurs: the phrase, its index in `phrases`, and the word it starts at. */
  each(words: readonly string[], found: (phrase: readonly string[], at: number, start: number) => void): void {
    for (let i = 0; i < words.length; i++) {
      const candidates = this.byFirst.get(words[i] as string);
      if (!candidates) continue;
      for (const { phrase, at } of candidates) {
        if (i + phrase.length > words.length) continue;
        let k = 1;
        while (k < phrase.length && words[i + k] === phrase[k]) k++;
        if (k === phrase.length) found(phrase, at, i);
      }
    }
  }
}

/** The writer's own address, just before an address lookup's words: "if i dont use my nhs.net email for a few weeks". */
const OWN = new Set(['my', 'our']);
/** The writer or their own organisation, just after them: "they need an nhs.net address for us". */
const WRITER = new Set(['us', 'me', 'myself', 'ourselves']);
/**
 * What an address is for, a few words after them: "an email address for pharmacy nhsmail queries" is a service's; so is
 * the helpdesk's own, which the answers give ("whats the email address for the helpdesk? need to report a leaver").
 */
const MATTERS = new Set(['queries', 'query', 'questions', 'question', 'problems', 'problem', 'issues', 'issue', 'support', 'help', 'enquiries', 'enquiry', 'helpdesk', 'servicedesk']);

/** Addresses counted out, just after them: "a separate nhsmail address for each of our 3 shops" asks how many, not whose. */
const EACH = new Set(['each', 'every', 'per', 'both']);

/**
 * Whether an address lookup's words, at [start, end), ask for no one's address: the writer's or a place's own, a
 * service's, or one for each of several.
 */
function noLookup(words: readonly string[], start: number, end: number): boolean {
  // (or "own" a word or two before: "does the chemist get its own general email address for the branch")
  const owned = OWN.has(words[start - 1] ?? '') || words.slice(Math.max(0, start - 3), start).includes('own');
  return owned || WRITER.has(words[end] ?? '') || EACH.has(words[end] ?? '') || words.slice(end, end + 4).some((w) => MATTERS.has(w));
}
