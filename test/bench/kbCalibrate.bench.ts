// Sweeps the search's decision thresholds (knowledge/search.ts SearchTuning: when to answer, when to say "not sure",
// when to refuse) and the unknown-word weight by coordinate descent, the sibling of bench:kb:sweep (which sweeps the
// ranking weights) on the same measures (kbEval.ts). Search only, in-process; validation and held-out question sets
// are never read here: they are not to be tuned on.
//
// Each setting is scored on
//   - held-out phrasings (5-fold over the entries' own example wordings): answered right, answered WRONG, not answered;
//   - the dev sets 1 + 2: on-topic answered right, answered wrong, not answered; off-topic answered.
// A wrong answer is worse than "not sure", and an off-topic question answered is as bad as a wrong answer:
//   value = answered right - W x (answered wrong + off-topic answered), W = 2 unless --wrong W.
// A setting is kept only when it raises the value with no fewer answered right, no more answered wrong (phrasings and
// dev sets alike) and no more off-topic answered than the start: a gain is answers that were "not sure" and now are
// right, never a trade. --trade drops the "no fewer answered right": a stricter setting that holds back more wrong
// answers than right ones is then kept too (the figures show what it costs).
// The neighbourhood of the result (each threshold one grid step either way) is printed last, so a sharp peak shows as
// one, and the start and the result are compared under other fold counts (3, 4, 7, 10), which deal the phrasings
// differently.
//   npm run bench:kb:calibrate [-- --dev3] [-- --passes 2] [-- --from answerCoverage=0.45,margin=0.03] [-- --wrong 3] [-- --folds 3,5,7] [-- --trade] [-- --pairs]
// --pairs also tries every pair of one-step moves from the result (two thresholds at once): one move may add a wrong
// answer that another takes away, which coordinate descent, one threshold at a time, never sees.
import { performance } from 'node:perf_hooks';
import { loadKnowledge } from '../../knowledge/loader.js';
import { DEFAULT_TUNING, DEFAULT_WEIGHTS, KnowledgeSearch, type SearchTuning } from '../../knowledge/search.js';
import { loadDevSet, loadDevSet3 } from '../fixtures/devset.js';
import { accuracy, type PhrasingFold, phrasingFolds, scoreFolds } from './kbEval.js';
import { arg, descend, foldsArg, gains, type Grid, keysOf, neighbours, parseSetting, settingKey } from './sweep.js';

const passes = Number(arg('passes') ?? 2);
const trade = process.argv.includes('--trade');
const pairs = process.argv.includes('--pairs');
const W = Number(arg('wrong') ?? 2);
if (!(W >= 2)) throw new Error('--wrong: a wrong answer weighs at least 2 "not sure"s');
const folds = foldsArg();

/** The thresholds and the unknown-word weight (the only ranking weight that moves coverage, so the decision). */
type Setting = { -readonly [K in keyof SearchTuning]: number } & { unknown: number };

/** The values tried for each setting: round steps around the hand-set defaults. */
const GRID: Grid<Setting> = {
  answerCoverage: [0.35, 0.4, 0.45, 0.5, 0.55, 0.6],
  refuseCoverage: [0.1, 0.15, 0.2, 0.25, 0.3],
  markerCoverage: [0.6, 0.7, 0.8, 0.9, 1],
  margin: [0, 0.02, 0.04, 0.06, 0.08, 0.1],
  sureCoverage: [0.6, 0.7, 0.8, 0.9, 1],
  clearCoverage: [0.2, 0.25, 0.3, 0.35, 0.4],
  clearRatio: [0.6, 0.7, 0.75, 0.8, 0.85, 0.9],
  unanchoredCoverage: [0.5, 0.55, 0.6, 0.65, 0.7, 0.75],
  settledCoverage: [0.3, 0.35, 0.4, 0.45, 0.5, 1],
  unknown: [0.6, 0.7, 0.8, 0.9, 1, 1.2],
};
const KEYS = keysOf(GRID);
const DEFAULTS: Setting = { ...DEFAULT_TUNING, unknown: DEFAULT_WEIGHTS.unknown };

const kb = loadKnowledge();
// --dev3 adds the third dev set (the blind sets of 2026-12-03's second session: short, roles, neighbours, stories, look-alikes)
const dev3 = process.argv.includes('--dev3');
const dev12 = loadDevSet({ extended: true });
const third = dev3 ? loadDevSet3() : undefined;
const dev = third ? { ...dev12, onTopic: [...dev12.onTopic, ...third.onTopic], offTopic: [...dev12.offTopic, ...third.offTopic] } : dev12;

// The thresholds are read only when a search decides, so one search per fold (and one for the dev sets) is built for
// each unknown-word weight and judged under every threshold by changing this one object in place.
const live: Setting = { ...DEFAULTS };
const builds = new Map<string, { deals: PhrasingFold[][]; devSearch: KnowledgeSearch }>();
function built(unknown: number, ks: readonly number[] = folds) {
  const id = `${unknown}|${ks.join(',')}`;
  let b = builds.get(id);
  if (!b) {
    const weights = { ...DEFAULT_WEIGHTS, unknown };
    b = { deals: ks.map((k) => phrasingFolds(kb, { k, weights, tuning: live })), devSearch: new KnowledgeSearch(kb.entries, kb.lexicon, live, weights, 0) };
    builds.set(id, b);
  }
  return b;
}

interface Figures {
  setting: Setting;
  heldN: number;
  heldRight: number;
  heldWrong: number;
  heldUnsure: number;
  /** per held-out phrasing: answered with its own entry */
  heldAnsweredRight: boolean[];
  devRight: number;
  devWrong: number;
  devUnsure: number;
  offAnswered: number;
  value: number;
}

const key = (s: Setting) => settingKey(GRID, s);
const seen = new Map<string, Figures>();

function evaluate(setting: Setting, ks: readonly number[] = folds): Figures {
  const id = `${key(setting)}|${ks.join(',')}`;
  const known = seen.get(id);
  if (known) return known;
  Object.assign(live, setting);
  const b = built(setting.unknown, ks);
  const held = { n: 0, right: 0, wrong: 0, unsure: 0, answeredRight: [] as boolean[] };
  for (const deal of b.deals) {
    const h = scoreFolds(deal);
    held.n += h.n;
    held.right += h.answered;
    held.wrong += h.answeredWrong;
    held.unsure += h.unsure;
    held.answeredRight.push(...h.answeredRight);
  }
  const a = accuracy(b.devSearch, dev);
  const devWrong = dev.onTopic.length - a.top1 - a.unsure;
  const offAnswered = dev.offTopic.length - a.refused;
  const f: Figures = {
    setting: { ...setting },
    heldN: held.n,
    heldRight: held.right,
    heldWrong: held.wrong,
    heldUnsure: held.unsure,
    heldAnsweredRight: held.answeredRight,
    devRight: a.top1,
    devWrong,
    devUnsure: a.unsure,
    offAnswered,
    value: held.right + a.top1 - W * (held.wrong + devWrong + offAnswered),
  };
  seen.set(id, f);
  return f;
}

/** Phrasings this setting answers right that the start does not, and the reverse. */
let base: Figures | undefined;
const paired = (f: Figures) => (base && base.heldN === f.heldN ? gains(f.heldAnsweredRight, base.heldAnsweredRight) : '');

const changed = (s: Setting) => {
  const d = KEYS.filter((k) => s[k] !== start.setting[k]).map((k) => `${k}=${s[k]}`);
  return d.length ? d.join(',') : '(start)';
};
const show = (f: Figures) =>
  `${changed(f.setting).padEnd(44)} value ${String(f.value).padStart(5)}` +
  `  phrasings right ${f.heldRight}${paired(f)} wrong ${f.heldWrong} unsure ${f.heldUnsure} /${f.heldN}` +
  `  dev right ${f.devRight} wrong ${f.devWrong} unsure ${f.devUnsure} /${dev.onTopic.length}, off-topic answered ${f.offAnswered}/${dev.offTopic.length}`;

const t0 = performance.now();
const start = evaluate(parseSetting(arg('from'), GRID, DEFAULTS));
base = start;
console.log(`dev sets 1 + 2: ${dev.onTopic.length} on-topic, ${dev.offTopic.length} off-topic; phrasings held out: ${start.heldN} (${folds.join(' + ')} folds); wrong weighs ${W}${trade ? '; fewer right allowed (--trade)' : ''}`);
console.log(`start: ${key(start.setting)}`);
console.log(`start  ${show(start)}`);

/**
 * Better: a higher value, never with more wrong answers (phrasings or dev) or more off-topic answered than the start,
 * nor (unless --trade) fewer answered right.
 */
function admissible(f: Figures): boolean {
  if (f.heldWrong > start.heldWrong || f.devWrong > start.devWrong || f.offAnswered > start.offAnswered) return false;
  return trade || (f.heldRight >= start.heldRight && f.devRight >= start.devRight);
}
function better(f: Figures, than: Figures): boolean {
  if (!admissible(f)) return false;
  if (f.value !== than.value) return f.value > than.value;
  return f.heldWrong + f.devWrong + f.offAnswered < than.heldWrong + than.devWrong + than.offAnswered;
}

let best = descend(start, passes, {
  grid: GRID,
  evaluate: (setting) => evaluate(setting),
  better,
  tried: (f) => console.log(`  try  ${show(f)}${admissible(f) ? '' : trade ? '  (more wrong / off-topic answered)' : '  (fewer right, more wrong or off-topic answered)'}`),
  settled: (pass, k, b) => console.log(`pass ${pass} ${k.padEnd(18)} -> ${show(b)}`),
});

if (pairs) {
  console.log(`\npairs of one-step moves from the result (admissible ones only):`);
  const moves = neighbours(GRID, best.setting).map((n) => [n.key, n.value] as const);
  const from = best;
  let tried = 0;
  for (let a = 0; a < moves.length; a++) {
    for (let b = a + 1; b < moves.length; b++) {
      const [ka, va] = moves[a] as readonly [keyof Setting, number];
      const [kb2, vb] = moves[b] as readonly [keyof Setting, number];
      if (ka === kb2) continue;
      const f = evaluate({ ...from.setting, [ka]: va, [kb2]: vb });
      tried++;
      if (admissible(f)) console.log(`  ${f.value > from.value ? 'BETTER' : 'same  '} ${show(f)}`);
      if (better(f, best)) best = f;
    }
  }
  console.log(`  (${tried} pairs tried)`);
}

console.log(`\nneighbourhood of the result (one grid step either way):`);
for (const n of neighbours(GRID, best.setting)) console.log(`  ${n.key.padEnd(18)} ${String(n.value).padEnd(5)} ${show(evaluate(n.setting))}`);
console.log(`\nthe same phrasings dealt into other numbers of folds (phrasings answered right / wrong / unsure):`);
base = undefined;
for (const k of [3, 4, 7, 10]) {
  const [a, b] = [start, best].map((f) => evaluate(f.setting, [k]));
  if (!a || !b) continue;
  console.log(`  k=${String(k).padEnd(3)} start ${a.heldRight}/${a.heldWrong}/${a.heldUnsure}   result ${b.heldRight}/${b.heldWrong}/${b.heldUnsure}   (${b.heldRight - a.heldRight >= 0 ? '+' : ''}${b.heldRight - a.heldRight} right, ${b.heldWrong - a.heldWrong >= 0 ? '+' : ''}${b.heldWrong - a.heldWrong} wrong)`);
}
base = start;
console.log(`\nstart  ${show(start)}`);
console.log(`result ${show(best)}`);
console.log(`result: ${key(best.setting)}`);
console.log(`(${seen.size} settings in ${((performance.now() - t0) / 1000) | 0} s)`);
