// The labelled sets through POST /api/messages, one new conversation a question, scored on what the bot actually replies.
// bench:kb scores the search alone; this scores the bot as a channel sees it: safety and person replies, journeys,
// several questions in one message and follow-ups included. Dev sets are for tuning; validation sets only measured,
// so --verbose lists the misses of the dev sets only (validation misses would invite tuning to them).
import { HttpChat, metas, startBot } from '../e2e/httpChat.js';
import {
  loadDevSet,
  loadDevSet3,
  loadFollowUpSet,
  loadHeldOutSet,
  loadHeldOutSet2,
  loadHeldOutSet3,
  loadMultiSet,
  loadPersonSet,
  loadSafetySet,
  loadValidationSet,
  type DevSet,
  type FollowUpSet,
  type MultiSet,
} from '../fixtures/devset.js';
import { pct } from './stats.js';

const verbose = process.argv.includes('--verbose');
// --dev-only scores the dev sets alone: for tuning, so validation and held-out figures are not seen while choosing
// between changes (looking at them each time would tune to them as surely as reading their questions).
const devOnly = process.argv.includes('--dev-only');
/** Misses are listed for dev sets only. */
const listMisses = (set: 'dev' | 'validation' | 'heldout') => verbose && set === 'dev';
const bot = await startBot();

type Found = ReturnType<typeof metas>;

/** What one reply shows: the entries answered, the topics shown (answer and related, or offered), and the reply kinds. */
function read(found: Found) {
  const answers = found.filter((m) => m['kind'] === 'answer');
  const answer = answers[0];
  const offered = found.find((m) => m['kind'] === 'unsure')?.['candidates'];
  const shown = answer ? [answer['entryId'], ...((answer['related'] as string[] | undefined) ?? [])] : ((offered as string[] | undefined) ?? []);
  return {
    answered: answers.map((m) => m['entryId'] as string),
    shown: shown.slice(0, 3) as string[],
    kinds: found.map((m) => String(m['kind'])),
  };
}

async function ask(q: string, chat = new HttpChat(bot.baseUrl)) {
  return read(metas(await chat.send(q)));
}

const line = (label: string, hit: number, n: number, goal: string) => console.log(`${label.padEnd(46)}: ${pct(hit, n)} (${hit}/${n})${goal ? `  goal ${goal}` : ''}`);

async function scoreQuestions(name: string, set: DevSet, which: 'dev' | 'validation' | 'heldout') {
  let answered = 0;
  let first = 0;
  let notSure = 0;
  const kinds = new Map<string, number>();
  const misses: string[] = [];
  for (const { q, expect } of set.onTopic) {
    const got = await ask(q);
    const k = got.kinds.join('+') || 'text';
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
    if (got.answered[0] === expect) answered++;
    else misses.push(`  [${k}] "${q}" -> ${got.shown.join(', ') || '(nothing)'} (want ${expect})`);
    if (got.shown[0] === expect) first++;
    if (got.kinds.includes('unsure') && !got.answered.length) notSure++;
  }
  let refused = 0;
  const leaks: string[] = [];
  for (const { q } of set.offTopic) {
    const got = await ask(q);
    if (!got.answered.length) refused++;
    else leaks.push(`  "${q}" -> ${got.answered.join(', ')}`);
  }
  const n = set.onTopic.length;
  console.log(`\n${name} through POST /api/messages (expectReplies): ${n} in scope, ${set.offTopic.length} off-topic, a new conversation each`);
  line('first topic shown is the expected one', first, n, '>= 95%');
  line('answered directly with the expected entry', answered, n, '>= 90%');
  line('"not sure" replies, share of in-scope', notSure, n, '<= 5%');
  line('off-topic refused (no answer card)', refused, set.offTopic.length, '>= 97%');
  console.log(`reply kinds: ${[...kinds].sort((a, b) => b[1] - a[1]).map(([k, c]) => `${k} ${c}`).join(', ')}`);
  if (listMisses(which)) console.log(`\nmisses:\n${misses.join('\n')}\n\nanswered off-topic:\n${leaks.join('\n')}`);
}

/**
 * Share of messages whose replies include (or, for the "not" list, leave out) the given kind. The safety reply must come
 * alone (nothing else before anything else); the person reply may follow the answer to a question the message asks
 * besides ("What happens to my emails if my account is deleted? And I'd like a person to check my account", since
 * 2026-12-01): the contacts still come at once, in the same reply, as the person tests (safetySet.e2e) have always
 * counted them. How many came after an answer is printed beside it.
 */
async function scoreKind(name: string, which: 'dev' | 'validation' | 'heldout', kind: string, should: readonly { q: string }[], shouldNot: readonly { q: string }[], goal: string) {
  let hit = 0;
  let afterAnswer = 0;
  const alone = kind === 'safety';
  const wrong: string[] = [];
  for (const { q } of should) {
    const got = await ask(q);
    if (got.kinds.includes(kind) && (!alone || !got.answered.length)) {
      hit++;
      if (got.answered.length) afterAnswer++;
    } else wrong.push(`  missed: "${q}" -> ${got.kinds.join('+') || 'text'}`);
  }
  let clear = 0;
  for (const { q } of shouldNot) {
    const got = await ask(q);
    if (!got.kinds.includes(kind)) clear++;
    else wrong.push(`  wrongly: "${q}"`);
  }
  line(`${name}: answered with ${kind}`, hit, should.length, goal);
  if (!alone) console.log(`${''.padEnd(46)}  (${afterAnswer} of them after the answer to a question asked besides)`);
  if (shouldNot.length) line(`${name}: others NOT given ${kind}`, clear, shouldNot.length, '100%');
  if (listMisses(which) && wrong.length) console.log(wrong.join('\n'));
}

async function scoreMulti(name: string, which: 'dev' | 'validation' | 'heldout', cases: MultiSet['dev']) {
  let all = 0;
  let parts = 0;
  let total = 0;
  const wrong: string[] = [];
  for (const { q, expect } of cases) {
    const got = await ask(q);
    const found = expect.filter((id) => got.answered.includes(id)).length;
    parts += found;
    total += expect.length;
    if (found === expect.length) all++;
    else wrong.push(`  "${q}" -> ${got.answered.join(', ') || '(none)'} (want ${expect.join(', ')})`);
  }
  line(`${name}: every part answered`, all, cases.length, '');
  line(`${name}: parts answered`, parts, total, '');
  if (listMisses(which) && wrong.length) console.log(wrong.join('\n'));
}

async function scoreFollowUps(name: string, which: 'dev' | 'validation' | 'heldout', cases: FollowUpSet['dev']) {
  let right = 0;
  let firstRight = 0;
  const wrong: string[] = [];
  for (const c of cases) {
    const chat = new HttpChat(bot.baseUrl);
    const first = await ask(c.first, chat);
    if (first.answered[0] === c.firstExpect) firstRight++;
    const then = await ask(c.then, chat);
    if (then.answered[0] === c.expect) right++;
    else wrong.push(`  "${c.first}" (${first.answered[0] ?? first.kinds.join('+')}) / "${c.then}" -> ${then.answered[0] ?? then.kinds.join('+')} (want ${c.expect})`);
  }
  line(`${name}: follow-up answered right`, right, cases.length, '');
  line(`${name}: (its first question answered right)`, firstRight, cases.length, '');
  if (listMisses(which) && wrong.length) console.log(wrong.join('\n'));
}

try {
  await scoreQuestions('dev sets (1 + 2)', loadDevSet({ extended: true }), 'dev');
  // (the third, from the blind sets of 2026-12-03's second session, apart: the first two's figures stay comparable
  // across sessions; the first session's on-topic questions are now examples the model trains on, examples.yaml)
  await scoreQuestions('dev set 3 (blind sets B134-B151)', loadDevSet3(), 'dev');
  if (!devOnly) await scoreQuestions('validation sets (1 + 2)', loadValidationSet({ extended: true }), 'validation');
  const safety = loadSafetySet();
  const person = loadPersonSet();
  const multi = loadMultiSet();
  const followUps = loadFollowUpSet();
  const kinds = devOnly ? ([['dev', 'dev']] as const) : ([['dev', 'dev'], ['validation', 'validation']] as const);
  for (const [name, which] of kinds) {
    console.log(`\n${name}: safety, person, several questions, follow-ups`);
    const notSafety = which === 'dev' ? [...safety.notSafety, ...safety.devNotSafety] : safety.notSafety;
    await scoreKind(`${name} emergencies`, which, 'safety', safety[which], notSafety, '100%');
    const notPerson = which === 'dev' ? [...person.notPerson, ...person.devNotPerson] : person.notPerson;
    await scoreKind(`${name} person requests`, which, 'person', person[which], notPerson, '100%');
    await scoreMulti(`${name} several questions`, which, multi[which]);
    await scoreFollowUps(`${name} follow-ups`, which, followUps[which]);
  }
  // Written blind (from entries' titles and answers, before the 2026-11-30 tuning round) and never tuned on: the
  // check that what was tuned on dev carries over to questions nobody tuning has seen.
  if (!devOnly) {
    const heldOut = loadHeldOutSet();
    await scoreQuestions('held-out set (written blind, never tuned on)', heldOut.questions, 'heldout');
    await scoreKind('held-out person requests', 'heldout', 'person', heldOut.person, heldOut.notPerson, '100%');
    await scoreMulti('held-out several questions', 'heldout', heldOut.multi);
    await scoreFollowUps('held-out follow-ups', 'heldout', heldOut.followUps);
    // a second one, written blind on 2026-12-02 and only measured while other blind sets were tuned on
    await scoreQuestions('held-out set 2 (written blind, never tuned on)', loadHeldOutSet2(), 'heldout');
    // a third, written blind in three voices (a carer on a phone, an administrator, a stressed manager) on 2026-12-02
    await scoreQuestions('held-out set 3 (written blind, never tuned on)', loadHeldOutSet3(), 'heldout');
  }
} finally {
  await bot.close();
}
