// Plays scripted personas through POST /api/messages and prints, per route, whether the right route was reached and in how many turns.
import { PERSONAS, type Persona } from '../fixtures/eligibilityPersonas.js';
import { HttpChat, metas, startBot, type ReplyActivity } from '../e2e/httpChat.js';

const MAX_TURNS = 15;
const GOALS = { facts: 4, bare: 7 } as const;
const verbose = process.argv.includes('--verbose');

interface Result {
  persona: Persona;
  reached?: string;
  turns: number;
  unsure: number;
  transcript: string[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The question on screen, read from the last reply's channel data, and the answer this persona would type. */
function answerFor(persona: Persona, replies: ReplyActivity[]): { question?: string; say: string } {
  const question = metas(replies).reverse().find((m) => m['kind'] === 'eligibilityQuestion')?.['questionId'];
  if (typeof question !== 'string') return { say: 'not sure' };
  return { question, say: persona.says[question] ?? 'not sure' };
}

async function play(baseUrl: string, persona: Persona): Promise<Result> {
  const chat = new HttpChat(baseUrl);
  const transcript: string[] = [];
  let say = persona.opening;
  let unsure = 0;
  for (let turn = 1; turn <= MAX_TURNS; turn++) {
    const replies = await chat.send(say);
    transcript.push(`  > ${say}`);
    const outcome = metas(replies).find((m) => m['kind'] === 'eligibility');
    if (outcome) return { persona, reached: String(outcome['route']), turns: turn, unsure, transcript };
    const next = answerFor(persona, replies);
    transcript.push(`  < ${next.question ?? metas(replies).map((m) => m['kind']).join(',') ?? '(text)'}`);
    if (next.say === 'not sure') unsure++;
    say = next.say;
  }
  return { persona, turns: MAX_TURNS, unsure, transcript };
}

const bot = await startBot();
const results: Result[] = [];
try {
  for (const p of PERSONAS) results.push(await play(bot.baseUrl, p));
} finally {
  await bot.close();
}

const pad = (s: string, n: number) => s.padEnd(n);
console.log(`Eligibility routes bench: ${PERSONAS.length} personas through POST /api/messages (expectReplies)\n`);
console.log(`${pad('route', 26)}${pad('style', 7)}${pad('persona', 34)}${pad('right', 7)}turns`);
for (const r of results) {
  const ok = r.reached === r.persona.route;
  console.log(`${pad(r.persona.route, 26)}${pad(r.persona.style, 7)}${pad(r.persona.name, 34)}${pad(ok ? 'yes' : 'NO', 7)}${r.turns}${ok ? '' : `  (reached ${r.reached ?? 'nothing'})`}${r.unsure ? `  [${r.unsure} x not sure]` : ''}`);
  if (verbose || !ok) console.log(r.transcript.join('\n'));
}

const routes = [...new Set(PERSONAS.map((p) => p.route))];
const rightRoutes = routes.filter((route) => results.filter((r) => r.persona.route === route).every((r) => r.reached === route));
console.log(`\nRoutes right: ${rightRoutes.length}/${routes.length}; personas right: ${results.filter((r) => r.reached === r.persona.route).length}/${results.length}`);
for (const style of ['facts', 'bare'] as const) {
  const turns = results.filter((r) => r.persona.style === style).map((r) => r.turns);
  const m = median(turns);
  console.log(`Median turns to outcome, ${style === 'facts' ? 'facts in the opening' : 'bare opening'}: ${m} (goal <= ${GOALS[style]}: ${m <= GOALS[style] ? 'met' : 'MISSED'}); max ${Math.max(...turns)}, n=${turns.length}`);
}
