// Plays scripted personas through POST /api/messages and prints, per route, whether the right route was reached, in how
// many turns, and how often a question asked for a fact the persona had already stated.
import { CORRECTING_PERSONAS, MIDWAY_PERSONAS, PERSONAS, type Persona, type Say } from '../fixtures/eligibilityPersonas.js';
import { HttpChat, metas, startBot, type ReplyActivity } from '../e2e/httpChat.js';

const MAX_TURNS = 15;
const GOALS = { facts: 4, bare: 7, midway: 4, correcting: 5 } as const;
/** the goal: median turns to the outcome when facts are given (in the opening, midway, or by correcting) */
const GOAL_WITH_FACTS = 3;
const verbose = process.argv.includes('--verbose');
/** personas whose route came as one line after an answer card (then checked against the full card) */
let brief = 0;
const ALL = [...PERSONAS, ...MIDWAY_PERSONAS, ...CORRECTING_PERSONAS];

interface Result {
  persona: Persona;
  reached?: string;
  turns: number;
  unsure: number;
  /** questions about a field the persona had already stated (in the opening, an answer, or a correction) */
  askedAgain: string[];
  transcript: string[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const words = (say: Say): string => (typeof say === 'string' ? say : say.say);
const states = (say: Say): string[] => (typeof say === 'string' ? [] : say.states);

/** The question on screen, from the last question reply's channel data: its id and the fields it asks for. */
function questionOf(replies: ReplyActivity[]): { id: string; fields: string[] } | undefined {
  const m = metas(replies).reverse().find((x) => x['kind'] === 'eligibilityQuestion');
  if (!m || typeof m['questionId'] !== 'string') return undefined;
  return { id: m['questionId'], fields: Array.isArray(m['fields']) ? m['fields'].map(String) : [] };
}

async function play(baseUrl: string, persona: Persona): Promise<Result> {
  const chat = new HttpChat(baseUrl);
  const transcript: string[] = [];
  const stated = new Set<string>(persona.stated ?? []);
  const askedAgain: string[] = [];
  let corrected = false;
  let changedMind = false;
  let say = persona.opening;
  let unsure = 0;
  for (let turn = 1; turn <= MAX_TURNS; turn++) {
    const replies = await chat.send(say);
    transcript.push(`  > ${say}`);
    let outcome = metas(replies).find((m) => m['kind'] === 'eligibility');
    if (outcome?.['brief']) {
      // an answer card, then the route in one line: the route is said, and "show our route" must give the same
      // route's full card (not counted as a turn: the person already has their route)
      const answered = metas(replies).find((m) => m['kind'] === 'answer')?.['entryId'];
      transcript.push(`  < answer ${String(answered)} + route line ${String(outcome['route'])}`);
      const full = metas(await chat.send('show our route')).find((m) => m['kind'] === 'eligibility' && !m['brief']);
      transcript.push(`  > show our route`);
      brief++;
      if (full?.['route'] !== outcome['route']) return { persona, reached: `route line ${String(outcome['route'])} but full card ${String(full?.['route'])}`, turns: turn, unsure, askedAgain, transcript };
      outcome = full;
    }
    if (outcome) {
      transcript.push(`  < outcome ${String(outcome['route'])}`);
      if (persona.afterOutcome && !changedMind) {
        changedMind = true;
        say = persona.afterOutcome.say;
        for (const f of persona.afterOutcome.states) stated.add(f);
        continue;
      }
      return { persona, reached: String(outcome['route']), turns: turn, unsure, askedAgain, transcript };
    }
    const question = questionOf(replies);
    transcript.push(`  < ${question?.id ?? (metas(replies).map((m) => m['kind']).join(',') || '(text)')}`);
    if (!question) {
      say = 'not sure';
      unsure++;
      continue;
    }
    const again = question.fields.filter((f) => stated.has(f));
    if (again.length) askedAgain.push(`${question.id} (${again.join(', ')})`);
    if (persona.corrects && !corrected && persona.corrects.at === question.id) {
      corrected = true;
      say = persona.corrects.say;
      for (const f of persona.corrects.states) stated.add(f);
      continue;
    }
    const answer = persona.says[question.id];
    if (answer === undefined) {
      say = 'not sure';
      unsure++;
      continue;
    }
    say = words(answer);
    for (const f of [...question.fields, ...states(answer)]) stated.add(f);
  }
  return { persona, turns: MAX_TURNS, unsure, askedAgain, transcript };
}

const bot = await startBot();
const results: Result[] = [];
try {
  for (const p of ALL) results.push(await play(bot.baseUrl, p));
} finally {
  await bot.close();
}

const pad = (s: string, n: number) => s.padEnd(n);
console.log(`Eligibility routes bench: ${ALL.length} personas through POST /api/messages (expectReplies)\n`);
console.log(`${pad('route', 26)}${pad('style', 11)}${pad('persona', 40)}${pad('right', 7)}turns`);
for (const r of results) {
  const ok = r.reached === r.persona.route;
  const notes = [
    ok ? '' : `  (reached ${r.reached ?? 'nothing'})`,
    r.unsure ? `  [${r.unsure} x not sure]` : '',
    r.askedAgain.length ? `  ASKED AGAIN: ${r.askedAgain.join('; ')}` : '',
  ].join('');
  console.log(`${pad(r.persona.route, 26)}${pad(r.persona.style, 11)}${pad(r.persona.name, 40)}${pad(ok ? 'yes' : 'NO', 7)}${r.turns}${notes}`);
  if (verbose || !ok || r.askedAgain.length) console.log(r.transcript.join('\n'));
}

const routes = [...new Set(ALL.map((p) => p.route))];
const rightRoutes = routes.filter((route) => results.filter((r) => r.persona.route === route).every((r) => r.reached === route));
const right = results.filter((r) => r.reached === r.persona.route).length;
console.log(`\nRoutes right: ${rightRoutes.length}/${routes.length}; personas right: ${right}/${results.length} (${Math.round((100 * right) / results.length)}%)`);
for (const style of ['facts', 'bare', 'midway', 'correcting'] as const) {
  const turns = results.filter((r) => r.persona.style === style).map((r) => r.turns);
  const m = median(turns);
  const label = { facts: 'facts in the opening', bare: 'bare opening', midway: 'facts given mid-journey', correcting: 'persona corrects itself' }[style];
  console.log(`Median turns to outcome, ${label}: ${m} (goal <= ${GOALS[style]}: ${m <= GOALS[style] ? 'met' : 'MISSED'}); max ${Math.max(...turns)}, n=${turns.length}`);
}
const withFacts = results.filter((r) => r.persona.style !== 'bare').map((r) => r.turns);
const mf = median(withFacts);
console.log(`Median turns to outcome with facts given (facts, midway, correcting): ${mf} (goal <= ${GOAL_WITH_FACTS}: ${mf <= GOAL_WITH_FACTS ? 'met' : 'MISSED'}); n=${withFacts.length}`);
console.log(`Routes given in one line after an answer card (each matched by its full card): ${brief}`);
const again = results.reduce((n, r) => n + r.askedAgain.length, 0);
console.log(`Facts asked again (a question about a field the persona had already stated): ${again} (goal 0: ${again === 0 ? 'met' : 'MISSED'})`);
