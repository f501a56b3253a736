// Finds the knowledge-base entry a question is about, and says how sure it is (or that it is off the subject).
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import type { FaqEntry, Lexicon } from './schema.js';
import { TextAnalyzer } from './text.js';

export interface Hit {
  readonly entry: FaqEntry;
  /** combined ranking score, 0..~1.3 */
  readonly score: number;
  /** share of the question's weighted terms that the entry covers, 0..1 */
  readonly coverage: number;
}

export type SearchOutcome =
  | { readonly kind: 'answer'; readonly best: Hit; readonly others: readonly Hit[] }
  | { readonly kind: 'unsure'; readonly candidates: readonly Hit[] }
  | { readonly kind: 'offTopic'; readonly candidates: readonly Hit[]; readonly markers: readonly string[] };

/** Thresholds, measured on the dev set with `npm run bench:kb`. */
export interface SearchTuning {
  /** below this coverage the bot does not answer */
  readonly answerCoverage: number;
  /** below this coverage (or with an off-topic marker and less than markerCoverage) it refuses */
  readonly refuseCoverage: number;
  readonly markerCoverage: number;
  /** the best hit must lead the runner-up by this share of its score, unless coverage is high */
  readonly margin: number;
  readonly sureCoverage: number;
}

export const DEFAULT_TUNING: SearchTuning = {
  answerCoverage: 0.5,
  refuseCoverage: 0.2,
  markerCoverage: 0.8,
  margin: 0.04,
  sureCoverage: 0.8,
};

interface Indexed {
  readonly entry: FaqEntry;
  /** terms of title, question, phrasings and keywords */
  readonly core: ReadonlySet<string>;
  readonly answer: ReadonlySet<string>;
  /** each phrasing (and title, question) as analysed words, for the fuzzy stage */
  readonly lines: readonly string[];
}

const CANDIDATES = 12;

export class KnowledgeSearch {
  readonly analyzer: TextAnalyzer;
  private readonly docs: Indexed[] = [];
  private readonly idf = new Map<string, number>();
  private readonly entryIndex: MiniSearch<{ id: number; title: string; question: string; phrasings: string; keywords: string; answer: string }>;
  private readonly lineIndex: MiniSearch<{ id: number; doc: number; text: string }>;
  private readonly maxIdf: number;

  constructor(
    entries: readonly FaqEntry[],
    lexicon: Lexicon,
    private readonly tuning: SearchTuning = DEFAULT_TUNING,
  ) {
    this.analyzer = new TextAnalyzer(lexicon);
    for (const e of entries) {
      for (const text of [e.title, e.question, ...e.phrasings, ...e.keywords, e.answer]) this.analyzer.learn(text);
    }
    const terms = (text: string) => this.analyzer.analyze(text).terms;
    const identity = { tokenize: (s: string) => s.split(' ').filter(Boolean), processTerm: (t: string) => t };
    this.entryIndex = new MiniSearch({ fields: ['title', 'question', 'phrasings', 'keywords', 'answer'], ...identity });
    this.lineIndex = new MiniSearch({ fields: ['text'], storeFields: ['doc'], ...identity });

    const df = new Map<string, number>();
    const entryDocs = [];
    const lineDocs: { id: number; doc: number; text: string }[] = [];
    for (const [i, e] of entries.entries()) {
      const lines = [e.title, e.question, ...e.phrasings].map((l) => terms(l).join(' '));
      const keywords = e.keywords.map((k) => terms(k).join(' ')).join(' ');
      const answer = terms(e.answer.replace(/\]\([^)]*\)/g, ']'));
      const core = new Set([...lines, keywords].flatMap((l) => l.split(' ')).filter(Boolean));
      const answerSet = new Set(answer);
      for (const t of new Set([...core, ...answerSet])) df.set(t, (df.get(t) ?? 0) + 1);
      this.docs.push({ entry: e, core, answer: answerSet, lines: [e.title, e.question, ...e.phrasings] });
      entryDocs.push({
        id: i,
        title: lines[0] ?? '',
        question: lines[1] ?? '',
        phrasings: lines.slice(2).join(' '),
        keywords,
        answer: answer.join(' '),
      });
      lines.forEach((text) => lineDocs.push({ id: lineDocs.length, doc: i, text }));
    }
    const n = Math.max(entries.length, 1);
    for (const [t, count] of df) this.idf.set(t, Math.log(1 + n / count));
    this.maxIdf = Math.log(1 + n);
    this.entryIndex.addAll(entryDocs);
    this.lineIndex.addAll(lineDocs);
  }

  get size(): number {
    return this.docs.length;
  }

  /** Ranks entries for a question and decides whether to answer, offer choices, or refuse. */
  search(query: string): SearchOutcome {
    const analysis = this.analyzer.analyze(query, { correct: true });
    const terms = [...new Set(analysis.terms)];
    if (!terms.length) return { kind: 'unsure', candidates: [] };
    const hits = this.rank(terms, analysis.words.join(' '));
    const best = hits[0];
    const t = this.tuning;
    if (!best || best.coverage < t.refuseCoverage || (analysis.offTopic.length && best.coverage < t.markerCoverage)) {
      return { kind: 'offTopic', candidates: hits.slice(0, 3), markers: analysis.offTopic };
    }
    const second = hits[1];
    const clearLead = !second || best.score - second.score >= t.margin * best.score || best.coverage >= t.sureCoverage;
    if (best.coverage < t.answerCoverage || !clearLead) return { kind: 'unsure', candidates: hits.slice(0, 3) };
    return { kind: 'answer', best, others: hits.slice(1, 4) };
  }

  private weight(term: string): number {
    // A word the knowledge base has never seen still counts, a little less than the rarest known word.
    return this.idf.get(term) ?? this.maxIdf * 0.6;
  }

  private rank(terms: string[], words: string): Hit[] {
    const q = terms.join(' ');
    const byEntry = new Map<number, number>();
    const byLine = new Map<number, number>();
    const entryResults = this.entryIndex.search(q, {
      boost: { title: 2, question: 2, phrasings: 1.5, keywords: 1.5, answer: 0.4 },
      fuzzy: (term) => (term.length >= 7 ? 0.15 : false),
    });
    const topEntry = entryResults[0]?.score ?? 1;
    for (const r of entryResults.slice(0, CANDIDATES)) byEntry.set(r.id as number, r.score / topEntry);
    const lineResults = this.lineIndex.search(q, { fuzzy: (term) => (term.length >= 7 ? 0.15 : false) });
    const topLine = lineResults[0]?.score ?? 1;
    for (const r of lineResults) {
      const doc = r['doc'] as number;
      if (!byLine.has(doc)) byLine.set(doc, r.score / topLine);
      if (byLine.size >= CANDIDATES) break;
    }
    const candidates = [...new Set([...byEntry.keys(), ...byLine.keys()])];
    if (!candidates.length) return [];

    // Second stage: fuzzy match of the corrected words against each candidate's own phrasings.
    const fuse = new Fuse(
      candidates.flatMap((doc) => (this.docs[doc] as Indexed).lines.map((text) => ({ doc, text }))),
      { keys: ['text'], includeScore: true, ignoreLocation: true, threshold: 0.6, useTokenSearch: true },
    );
    const fuzzy = new Map<number, number>();
    for (const r of fuse.search(words)) {
      const s = 1 - (r.score ?? 1);
      if (s > (fuzzy.get(r.item.doc) ?? 0)) fuzzy.set(r.item.doc, s);
    }

    const total = terms.reduce((sum, term) => sum + this.weight(term), 0);
    return candidates
      .map((doc) => {
        const d = this.docs[doc] as Indexed;
        let covered = 0;
        for (const term of terms) {
          if (d.core.has(term)) covered += this.weight(term);
          else if (d.answer.has(term)) covered += this.weight(term) * 0.5;
        }
        const coverage = total ? covered / total : 0;
        const score =
          0.35 * (byEntry.get(doc) ?? 0) + 0.35 * (byLine.get(doc) ?? 0) + 0.15 * (fuzzy.get(doc) ?? 0) + 0.3 * coverage;
        return { entry: d.entry, score, coverage };
      })
      .sort((a, b) => b.score - a.score);
  }
}
