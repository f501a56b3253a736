// Measures the knowledge-base search: accuracy on the labelled dev and validation sets, refusals, and latency at two sizes.
import { performance } from 'node:perf_hooks';
import { loadKnowledge } from '../../knowledge/loader.js';
import { DEFAULT_TUNING, DEFAULT_WEIGHTS, KnowledgeSearch } from '../../knowledge/search.js';
import type { FaqEntry } from '../../knowledge/schema.js';
import { type DevSet, loadDevSet, loadValidationSet } from '../fixtures/devset.js';
import { accuracy, confusedPairs, heldOutPhrasings } from './kbEval.js';
import { ms, pct, summarize } from './stats.js';

// --verbose lists the dev set's misses only: listing the validation set's would invite tuning to them.
const verbose = process.argv.includes('--verbose');
// --confusion lists the held-out phrasings ranked wrongly, gathered into the entry pairs they confuse (the knowledge
// base's own wordings only: the way to find entries whose wordings overlap).
const confusion = process.argv.includes('--confusion');
// --dev-only leaves the validation set out: for tuning, where seeing its figure after each change would tune to it.
const devOnly = process.argv.includes('--dev-only');
const kb = loadKnowledge();
const search = new KnowledgeSearch(kb.entries, kb.lexicon);

function latency(s: KnowledgeSearch, questions: string[], rounds: number) {
  for (const q of questions.slice(0, 50)) s.search(q);
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t0 = performance.now();
      s.search(q);
      samples.push(performance.now() - t0);
    }
  }
  return summarize(samples);
}

/** A synthetic KB: the real entries plus generated ones built from the same vocabulary. */
function synthetic(size: number): FaqEntry[] {
  const words = [...new Set(kb.entries.flatMap((e) => [e.question, ...e.phrasings].join(' ').toLowerCase().split(/\W+/)))].filter((w) => w.length > 2);
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const sentence = (n: number) => Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
  const out: FaqEntry[] = [...kb.entries];
  for (let i = out.length; i < size; i++) {
    const base = kb.entries[i % kb.entries.length] as FaqEntry;
    out.push({ ...base, id: `synthetic-${i}`, title: sentence(6), question: sentence(9), phrasings: Array.from({ length: 6 }, () => sentence(7)), answer: sentence(60), related: [] });
  }
  return out;
}

const sets: [name: string, set: DevSet][] = [['dev set', loadDevSet()], ...(devOnly ? [] : [['validation set', loadValidationSet()] as [string, DevSet]])];
const questionsOf = (set: DevSet) => [...set.onTopic.map((d) => d.q), ...set.offTopic.map((d) => d.q)];
// Latency is measured with the cache of recent outcomes off: every question is searched in full.
const uncached = new KnowledgeSearch(kb.entries, kb.lexicon, DEFAULT_TUNING, DEFAULT_WEIGHTS, 0);
const t0 = performance.now();
const big = new KnowledgeSearch(synthetic(10_000), kb.lexicon, DEFAULT_TUNING, DEFAULT_WEIGHTS, 0);
const buildBig = performance.now() - t0;

console.log(`knowledge base: ${kb.entries.length} entries`);
const t1 = performance.now();
const loo = heldOutPhrasings(kb);
console.log(`\nphrasings held out (5 folds, each searched with its fold left out of the index): ${loo.n}`);
console.log(`top-1 (ranked first)     : ${loo.ranked1}/${loo.n} = ${pct(loo.ranked1, loo.n)}`);
console.log(`  of which answered      : ${loo.answered}/${loo.n} = ${pct(loo.answered, loo.n)}   (5 rebuilds in ${ms(performance.now() - t1)})`);
console.log(`answered with another entry: ${loo.answeredWrong}/${loo.n} = ${pct(loo.answeredWrong, loo.n)}   (a guess: the rest are "not sure")`);
if (confusion) {
  const pairs = confusedPairs(loo.wrong);
  console.log(`\nconfused entry pairs (held-out phrasings ranked wrongly: ${loo.wrong.length}, in ${pairs.length} pairs):`);
  for (const p of pairs) {
    console.log(`${String(p.count).padStart(3)}  ${p.a} <-> ${p.b}`);
    for (const line of p.phrasings) console.log(`       ${line}`);
  }
}
for (const [name, set] of sets) {
  const a = accuracy(search, set);
  const real = latency(uncached, questionsOf(set), 5);
  const large = latency(big, questionsOf(set), 1);
  const n = set.onTopic.length;
  console.log(`\n${name}: ${n} on-topic, ${set.offTopic.length} off-topic questions`);
  console.log(`top-1 (ranked first)     : ${a.ranked1}/${n} = ${pct(a.ranked1, n)}   (goal >= 90%)`);
  console.log(`  of which answered      : ${a.top1}/${n} = ${pct(a.top1, n)}   (the rest offer it first among choices)`);
  console.log(`top-3 (shown to the user): ${a.top3}/${n} = ${pct(a.top3, n)}   (goal >= 97%)`);
  console.log(`on-topic not answered    : ${a.unsure}/${n} = ${pct(a.unsure, n)}`);
  console.log(`off-topic refused        : ${a.refused}/${set.offTopic.length} = ${pct(a.refused, set.offTopic.length)}   (goal >= 90%)`);
  console.log(`latency (no cache) at ${kb.entries.length}: p50 ${ms(real.p50)}, p95 ${ms(real.p95)}, max ${ms(real.max)}   (goal p95 <= 5 ms)`);
  console.log(`latency (no cache) at 10k: p50 ${ms(large.p50)}, p95 ${ms(large.p95)}, max ${ms(large.max)}   (goal p95 <= 50 ms; index built in ${ms(buildBig)})`);
  if (verbose && name === 'dev set') {
    console.log(`\n${name} misses:\n${a.misses.join('\n')}`);
    console.log(`\n${name} off-topic answered:\n${a.leaks.join('\n')}`);
  }
}
