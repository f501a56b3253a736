// Sweeps the search's ranking weights (knowledge/search.ts RankWeights) and the learned model's smoothing (alpha,
// knowledge/classifier.ts) by coordinate descent and prints, for each
// combination tried, the two figures bench:kb prints for them: held-out phrasings ranked first (5-fold over the
// entries' own example wordings, the generalisation measure) and the dev sets' ranked first (search only). Validation
// and held-out question sets are never read here: they are not to be tuned on.
//
// A combination is kept only when it raises held-out phrasings ranked first without lowering the dev sets' ranked
// first or off-topic refused; ties go to the dev figure, then to answered phrasings. The neighbourhood of the result
// (each weight one step either way) is printed last, so a sharp peak shows as one: prefer a plateau of round values.
// The phrasings are dealt into 5 folds by position; a gain of a few phrasings can belong to that deal alone, so the
// start and the result are also compared with other fold counts (3, 4, 7, 10), which deal the phrasings differently.
// --folds 3,5,7 scores each combination on the sum over those fold counts (slower, less tied to one deal).
//   npm run bench:kb:sweep [-- --passes 2] [-- --from bm25=0.2,phrasing=0.3,...] [-- --folds 5]
import { performance } from 'node:perf_hooks';
import { loadKnowledge } from '../../knowledge/loader.js';
import { DEFAULT_CLASSIFIER } from '../../knowledge/classifier.js';
import { DEFAULT_TUNING, DEFAULT_WEIGHTS, KnowledgeSearch, type RankWeights } from '../../knowledge/search.js';
import { loadDevSet } from '../fixtures/devset.js';
import { accuracy, heldOutPhrasings } from './kbEval.js';
import { pct } from './stats.js';
import { arg, descend, foldsArg, gains, type Grid, neighbours, parseSetting, settingKey } from './sweep.js';

const passes = Number(arg('passes') ?? 2);
const folds = foldsArg();

/** The weights and the learned model's smoothing. */
type Setting = RankWeights & { readonly alpha: number };

/** The values tried for each setting: round steps around the hand-set defaults. */
const GRID: Grid<Setting> = {
  bm25: [0, 0.1, 0.2, 0.3, 0.4],
  phrasing: [0.1, 0.2, 0.3, 0.4, 0.5],
  coverage: [0.4, 0.5, 0.6, 0.7, 0.8],
  fuzzy: [0, 0.05, 0.1, 0.15, 0.2],
  learned: [0, 0.1, 0.15, 0.2, 0.3, 0.4],
  unknown: [0.6, 0.7, 0.8, 0.9, 1, 1.2, 1.5],
  alpha: [0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1],
};

const kb = loadKnowledge();
const dev = loadDevSet({ extended: true });

interface Figures {
  setting: Setting;
  heldRanked: number;
  heldAnswered: number;
  heldN: number;
  /** per held-out phrasing: ranked first or not */
  heldRight: boolean[];
  devRanked: number;
  devAnswered: number;
  devRefused: number;
}

const key = (w: Setting) => settingKey(GRID, w);
const seen = new Map<string, Figures>();

function evaluate(setting: Setting): Figures {
  const k = key(setting);
  const known = seen.get(k);
  if (known) return known;
  const learning = { alpha: setting.alpha };
  const deals = folds.map((k) => heldOutPhrasings(kb, { k, weights: setting, learning }));
  const held = { n: 0, ranked1: 0, answered: 0, right: [] as boolean[] };
  for (const d of deals) {
    held.n += d.n;
    held.ranked1 += d.ranked1;
    held.answered += d.answered;
    held.right.push(...d.right);
  }
  const a = accuracy(new KnowledgeSearch(kb.entries, kb.lexicon, DEFAULT_TUNING, setting, 0, learning), dev);
  const f = { setting, heldRanked: held.ranked1, heldAnswered: held.answered, heldN: held.n, heldRight: held.right, devRanked: a.ranked1, devAnswered: a.top1, devRefused: a.refused };
  seen.set(k, f);
  return f;
}

let base: Figures | undefined;
const show = (f: Figures) =>
  `${key(f.setting).padEnd(82)} phrasings ${f.heldRanked}/${f.heldN} ${pct(f.heldRanked, f.heldN)}${gains(f.heldRight, base?.heldRight)} (answered ${pct(f.heldAnswered, f.heldN)})` +
  `  dev ${f.devRanked}/${dev.onTopic.length} ${pct(f.devRanked, dev.onTopic.length)} (answered ${f.devAnswered}, off-topic refused ${f.devRefused}/${dev.offTopic.length})`;

const t0 = performance.now();
const start = evaluate(parseSetting(arg('from'), GRID, { ...DEFAULT_WEIGHTS, alpha: DEFAULT_CLASSIFIER.alpha }));
base = start;
console.log(`dev sets 1 + 2: ${dev.onTopic.length} on-topic, ${dev.offTopic.length} off-topic; phrasings held out: ${start.heldN} (${folds.join(' + ')} folds)`);
console.log(`start  ${show(start)}`);

/** Better: more held-out phrasings ranked first, never at the cost of dev ranked first or off-topic refused. */
function better(f: Figures, than: Figures): boolean {
  if (f.devRanked < start.devRanked || f.devRefused < start.devRefused) return false;
  if (f.heldRanked !== than.heldRanked) return f.heldRanked > than.heldRanked;
  if (f.devRanked !== than.devRanked) return f.devRanked > than.devRanked;
  return f.heldAnswered > than.heldAnswered;
}

const best = descend(start, passes, {
  grid: GRID,
  evaluate,
  better,
  tried: (f) => console.log(`  try  ${show(f)}`),
  settled: (pass, k, b) => console.log(`pass ${pass} ${k.padEnd(8)} -> ${show(b)}`),
});

console.log(`\nneighbourhood of the result (one grid step either way):`);
for (const n of neighbours(GRID, best.setting)) console.log(`  ${n.key.padEnd(8)} ${String(n.value).padEnd(5)} ${show(evaluate(n.setting))}`);
console.log(`\nthe same phrasings dealt into other numbers of folds (ranked first, answered):`);
for (const k of [3, 4, 7, 10]) {
  const [a, b] = [start, best].map((f) => heldOutPhrasings(kb, { k, weights: f.setting, learning: { alpha: f.setting.alpha } }));
  if (!a || !b) continue;
  console.log(`  k=${String(k).padEnd(3)} start ${a.ranked1}/${a.n}, ${a.answered}   result ${b.ranked1}/${b.n}, ${b.answered}   (${b.ranked1 - a.ranked1 >= 0 ? '+' : ''}${b.ranked1 - a.ranked1} ranked first)`);
}
console.log(`\nstart  ${show(start)}`);
console.log(`result ${show(best)}`);
console.log(`(${seen.size} combinations in ${(performance.now() - t0) / 1000 | 0} s)`);
