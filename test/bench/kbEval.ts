// The search's accuracy measures, shared by bench:kb (the figures) and bench:kb:sweep (the same figures over weight
// combinations), so that the sweep optimises exactly what bench:kb reports.
import { type ClassifierOptions, DEFAULT_CLASSIFIER } from '../../knowledge/classifier.js';
import type { KnowledgeContent } from '../../knowledge/loader.js';
import { DEFAULT_TUNING, DEFAULT_WEIGHTS, KnowledgeSearch, type RankWeights, type SearchTuning } from '../../knowledge/search.js';
import type { DevSet } from '../fixtures/devset.js';

export interface Accuracy {
  /** the expected entry answered */
  top1: number;
  /** the expected entry first, answered or first among the choices offered */
  ranked1: number;
  /** the expected entry among the three shown */
  top3: number;
  /** on-topic questions not answered */
  unsure: number;
  /** off-topic questions not answered */
  refused: number;
  misses: string[];
  leaks: string[];
}

/** A labelled set searched with one search: ranked first, answered, shown, refused. */
export function accuracy(search: KnowledgeSearch, set: DevSet): Accuracy {
  let top1 = 0;
  let ranked1 = 0;
  let top3 = 0;
  let unsure = 0;
  const misses: string[] = [];
  for (const { q, expect } of set.onTopic) {
    const out = search.search(q);
    const shown = out.kind === 'answer' ? [out.best, ...out.others.slice(0, 2)] : out.candidates;
    if (out.kind === 'answer' && out.best.entry.id === expect) top1++;
    if (shown[0]?.entry.id === expect) ranked1++;
    if (shown.slice(0, 3).some((h) => h.entry.id === expect)) top3++;
    if (out.kind !== 'answer') unsure++;
    if (!(out.kind === 'answer' && out.best.entry.id === expect)) {
      misses.push(`  [${out.kind}] "${q}" -> ${shown.map((h) => `${h.entry.id}(${h.coverage.toFixed(2)}/${h.score.toFixed(2)})`).slice(0, 3).join(', ')} (want ${expect})`);
    }
  }
  let refused = 0;
  const leaks: string[] = [];
  for (const { q } of set.offTopic) {
    const out = search.search(q);
    if (out.kind !== 'answer') refused++;
    else leaks.push(`  "${q}" -> ${out.best.entry.id} (${out.best.coverage.toFixed(2)}/${out.best.score.toFixed(2)})`);
  }
  return { top1, ranked1, top3, unsure, refused, misses, leaks };
}

export interface HeldOut {
  n: number;
  ranked1: number;
  answered: number;
  /** answered with another entry than the phrasing's own (worse than "not sure") */
  answeredWrong: number;
  /** not answered: "not sure" or refused */
  unsure: number;
  /** per held-out phrasing, in a fixed order: whether it was ranked first (to pair two runs question by question) */
  right: boolean[];
  /** per held-out phrasing, in the same order: whether it was answered with its own entry */
  answeredRight: boolean[];
  /** each held-out phrasing ranked wrongly: the phrasing, its own entry and the entry ranked first (none: nothing offered) */
  wrong: { q: string; expect: string; got: string | undefined }[];
}

/** One fold of the held-out phrasings: the search rebuilt without them, and the phrasings with their own entries. */
export interface PhrasingFold {
  search: KnowledgeSearch;
  held: { q: string; expect: string }[];
}

export interface FoldOptions {
  k?: number;
  weights?: RankWeights;
  tuning?: SearchTuning;
  learning?: ClassifierOptions;
}

/**
 * The entries' phrasings dealt into `k` folds by position, each fold with a search (index, vocabulary, learned model)
 * built without that fold's phrasings. Building is the slow part; bench:kb:calibrate builds the folds once and
 * scores them under many thresholds (the tuning is read only when a search decides).
 */
export function phrasingFolds(
  kb: KnowledgeContent,
  { k = 5, weights = DEFAULT_WEIGHTS, tuning = DEFAULT_TUNING, learning = DEFAULT_CLASSIFIER }: FoldOptions = {},
): PhrasingFold[] {
  const out: PhrasingFold[] = [];
  for (let fold = 0; fold < k; fold++) {
    const held: { q: string; expect: string }[] = [];
    const entries = kb.entries.map((e) => {
      e.phrasings.forEach((q, i) => i % k === fold && held.push({ q, expect: e.id }));
      return { ...e, phrasings: e.phrasings.filter((_, i) => i % k !== fold) };
    });
    out.push({ search: new KnowledgeSearch(entries, kb.lexicon, tuning, weights, 0, learning), held });
  }
  return out;
}

/** Searches each fold's held-out phrasings with the fold's search: ranked first, answered right, answered wrong. */
export function scoreFolds(folds: readonly PhrasingFold[]): HeldOut {
  const h: HeldOut = { n: 0, ranked1: 0, answered: 0, answeredWrong: 0, unsure: 0, right: [], answeredRight: [], wrong: [] };
  for (const { search, held } of folds) {
    for (const { q, expect } of held) {
      const out = search.search(q);
      const first = out.kind === 'answer' ? out.best : out.candidates[0];
      h.n++;
      h.right.push(first?.entry.id === expect);
      if (first?.entry.id === expect) h.ranked1++;
      else h.wrong.push({ q, expect, got: first?.entry.id });
      const answeredRight = out.kind === 'answer' && out.best.entry.id === expect;
      h.answeredRight.push(answeredRight);
      if (answeredRight) h.answered++;
      else if (out.kind === 'answer') h.answeredWrong++;
      else h.unsure++;
    }
  }
  return h;
}

/**
 * A second held-out estimate that nobody tunes on: the entries' own example wordings. Each entry's phrasings are dealt
 * into `k` folds; for each fold the search (index, vocabulary, learned model) is rebuilt without that fold's phrasings,
 * and each held-out phrasing is searched. Ranked first and answered count as in accuracy() above.
 */
export function heldOutPhrasings(kb: KnowledgeContent, options: FoldOptions = {}): HeldOut {
  return scoreFolds(phrasingFolds(kb, options));
}

export interface ConfusedPair {
  /** the two entries, in id order */
  a: string;
  b: string;
  count: number;
  /** "phrasing" (its own entry -> the entry ranked first) */
  phrasings: string[];
}

/**
 * The held-out phrasings' confusions gathered into entry pairs, whichever way round (a's phrasing ranked b first, or
 * b's ranked a), most confused first. Phrasings ranked nothing count against "(none)". Only the knowledge base's own
 * wordings are used, never a labelled set.
 */
export function confusedPairs(wrong: HeldOut['wrong']): ConfusedPair[] {
  const pairs = new Map<string, ConfusedPair>();
  for (const { q, expect, got = '(none)' } of wrong) {
    const [a, b] = [expect, got].sort() as [string, string];
    const key = `${a}\u0000${b}`;
    const pair = pairs.get(key) ?? { a, b, count: 0, phrasings: [] };
    pair.count++;
    pair.phrasings.push(`"${q}" (${expect} -> ${got})`);
    pairs.set(key, pair);
  }
  return [...pairs.values()].sort((x, y) => y.count - x.count || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
}
