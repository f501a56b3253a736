import { loadKnowledge } from '../knowledge/loader.js';
import { TextAnalyzer } from '../knowledge/text.js';
const kb = loadKnowledge();
const a = new TextAnalyzer(kb.lexicon);
const lines: { id: string; text: string; terms: Set<string> }[] = [];
for (const e of kb.entries) for (const t of [e.question, ...e.phrasings]) lines.push({ id: e.id, text: t, terms: new Set(a.analyze(t).terms) });
let n = 0;
for (let i = 0; i < lines.length; i++) for (let j = i + 1; j < lines.length; j++) {
  const x = lines[i]!, y = lines[j]!;
  if (x.id === y.id || !x.terms.size || !y.terms.size) continue;
  const inter = [...x.terms].filter((t) => y.terms.has(t)).length;
  const jac = inter / (x.terms.size + y.terms.size - inter);
  if (jac >= 0.75) { n++; console.log(jac.toFixed(2), `${x.id}: ${x.text}  <>  ${y.id}: ${y.text}`); }
}
console.log(n, 'pairs');
