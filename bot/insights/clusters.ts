// Groups unanswered questions by similar wording, so an editor sees what to write next: the same terms the search uses
// (stemmed, synonyms folded, stop words gone) and minisearch's BM25 to find and score each question's neighbours.
import MiniSearch from 'minisearch';
import type { GapTally } from './tally.js';

export interface GapCluster {
  /** the commonest wording in the cluster */
  label: string;
  count: number;
  /** redacted wordings, commonest first */
  examples: string[];
  /** the entry most often offered as closest when these were asked; null when none was */
  closestEntryId: string | null;
}

export interface ClusterOptions {
  /** the search's terms for a text (knowledge/text.ts TextAnalyzer.analyze(...).terms) */
  terms: (text: string) => readonly string[];
  /** a question joins a cluster when its BM25 score against the cluster's first question is at least this share of that question's own */
  similarity?: number;
  /** distinct wordings clustered, commonest first (the rest are counted in no cluster) */
  maxDistinct?: number;
  maxExamples?: number;
}

interface Wording {
  key: string;
  example: string;
  count: number;
  closest: Map<string, number>;
  terms: Set<string>;
}

/** Clusters, largest first; ties by label. */
export function clusterGaps(gaps: readonly GapTally[], options: ClusterOptions): GapCluster[] {
  const similarity = options.similarity ?? 0.4;
  const byKey = new Map<string, Wording>();
  for (const g of gaps) {
    let w = byKey.get(g.key);
    if (!w) byKey.set(g.key, (w = { key: g.key, example: g.example, count: 0, closest: new Map(), terms: new Set() }));
    w.count += g.count;
    if (g.closest) w.closest.set(g.closest, (w.closest.get(g.closest) ?? 0) + g.count);
  }
  const wordings = [...byKey.values()]
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1))
    .slice(0, options.maxDistinct ?? 5_000);
  for (const w of wordings) {
    const terms = options.terms(w.example);
    w.terms = new Set(terms.length ? terms : w.key.split(' '));
  }

  const index = new MiniSearch<{ id: number; terms: string }>({
    fields: ['terms'],
    tokenize: (s) => s.split(' ').filter(Boolean),
    processTerm: (t) => t,
  });
  index.addAll(wordings.map((w, id) => ({ id, terms: [...w.terms].join(' ') })));

  const taken = new Uint8Array(wordings.length);
  const clusters: GapCluster[] = [];
  for (let i = 0; i < wordings.length; i++) {
    if (taken[i]) continue;
    taken[i] = 1;
    const seed = wordings[i]!;
    const members = [seed];
    // BM25 against the seed's own score: words most gaps share ("set up", "how do i") weigh little, rare ones decide
    const hits = index.search([...seed.terms].join(' '), { combineWith: 'OR' });
    const own = hits.find((h) => h.id === i)?.score ?? hits[0]?.score ?? 0;
    for (const hit of hits) {
      const j = hit.id as number;
      if (taken[j] || hit.score < similarity * own) continue;
      taken[j] = 1;
      members.push(wordings[j]!);
    }
    const closest = new Map<string, number>();
    for (const m of members) for (const [id, n] of m.closest) closest.set(id, (closest.get(id) ?? 0) + n);
    const best = [...closest].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    members.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
    clusters.push({
      label: seed.example,
      count: members.reduce((n, m) => n + m.count, 0),
      examples: members.slice(0, options.maxExamples ?? 5).map((m) => m.example),
      closestEntryId: best?.[0] ?? null,
    });
  }
  return clusters.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}
