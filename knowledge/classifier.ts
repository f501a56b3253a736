// A learned topic signal: multinomial naive Bayes over analysed terms, trained on every example wording of each entry.
//
// The nearest-phrasing cosine in search.ts compares a question with one example at a time; this model pools all of an
// entry's examples, so a new wording that borrows a word from one phrasing and a word from another still scores.
// Each training example is TF-IDF weighted and length-normalised before it is counted (Rennie et al. 2003, "Tackling
// the poor assumptions of naive Bayes text classifiers"): long phrasings and words every entry uses do not dominate.
// Written here rather than taken from npm: the libraries at hand (wink-naive-bayes-text-classifier, natural) tokenise
// or count raw words themselves and score every class in full; this works on the analyser's terms as they are and
// keeps per-term postings, so scoring costs the question's terms' postings, not terms x classes (10k entries in bench:kb).

export interface ClassifierOptions {
  /** additive smoothing of the per-class term weights */
  readonly alpha: number;
}

export const DEFAULT_CLASSIFIER: ClassifierOptions = { alpha: 0.1 };

export class TermClassifier {
  /** per term: the classes that saw it, and log P(term | class) minus the class's log P(unseen term) */
  private readonly postings = new Map<string, { readonly classes: Int32Array; readonly deltas: Float64Array }>();
  /** per class: log P(term | class) of a term the class never saw */
  private readonly unseen: Float64Array;
  readonly size: number;

  /** `examples[c]`: the example wordings of class c, each as its analysed terms. */
  constructor(examples: readonly (readonly (readonly string[])[])[], { alpha }: ClassifierOptions = DEFAULT_CLASSIFIER) {
    this.size = examples.length;
    const df = new Map<string, number>();
    let docs = 0;
    for (const cls of examples) {
      for (const ex of cls) {
        docs++;
        for (const t of new Set(ex)) df.set(t, (df.get(t) ?? 0) + 1);
      }
    }
    const vocabulary = Math.max(df.size, 1);
    const counts: Map<string, number>[] = [];
    const totals = new Float64Array(this.size);
    for (const [c, cls] of examples.entries()) {
      const sum = new Map<string, number>();
      for (const ex of cls) {
        const tf = new Map<string, number>();
        for (const t of ex) tf.set(t, (tf.get(t) ?? 0) + 1);
        const weighted = [...tf].map(([t, n]) => [t, Math.log(1 + n) * Math.log(docs / (df.get(t) ?? 1))] as const);
        const norm = Math.sqrt(weighted.reduce((s, [, w]) => s + w * w, 0));
        if (!norm) continue;
        for (const [t, w] of weighted) sum.set(t, (sum.get(t) ?? 0) + w / norm);
      }
      counts.push(sum);
      totals[c] = [...sum.values()].reduce((s, w) => s + w, 0);
    }
    this.unseen = new Float64Array(this.size);
    const lists = new Map<string, { classes: number[]; deltas: number[] }>();
    for (const [c, sum] of counts.entries()) {
      const denominator = (totals[c] as number) + alpha * vocabulary;
      const base = Math.log(alpha / denominator);
      this.unseen[c] = base;
      for (const [t, w] of sum) {
        const list = lists.get(t) ?? { classes: [], deltas: [] };
        list.classes.push(c);
        list.deltas.push(Math.log((w + alpha) / denominator) - base);
        lists.set(t, list);
      }
    }
    for (const [t, { classes, deltas }] of lists) this.postings.set(t, { classes: Int32Array.from(classes), deltas: Float64Array.from(deltas) });
  }

  /** True when the model has seen the term in some class. */
  knows(term: string): boolean {
    return this.postings.has(term);
  }

  /**
   * P(class | terms) for every class, with equal priors. Terms no class saw are left out (they say nothing about which
   * entry); with none left the posterior is flat.
   */
  posterior(terms: readonly string[]): Float64Array {
    const out = new Float64Array(this.size);
    if (!this.size) return out;
    let known = 0;
    for (const t of terms) {
      const p = this.postings.get(t);
      if (!p) continue;
      known++;
      for (let i = 0; i < p.classes.length; i++) (out[p.classes[i] as number] as number) += p.deltas[i] as number;
    }
    let max = -Infinity;
    for (let c = 0; c < this.size; c++) {
      out[c] = (out[c] as number) + known * (this.unseen[c] as number);
      if ((out[c] as number) > max) max = out[c] as number;
    }
    let sum = 0;
    for (let c = 0; c < this.size; c++) {
      out[c] = Math.exp((out[c] as number) - max);
      sum += out[c] as number;
    }
    for (let c = 0; c < this.size; c++) out[c] = (out[c] as number) / sum;
    return out;
  }
}
