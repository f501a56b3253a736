// The dev set through POST /api/messages, one new conversation a question, scored on what the bot actually replies.
// bench:kb scores the search alone; this scores the bot as a channel sees it, journeys and all.
import { HttpChat, metas, startBot } from '../e2e/httpChat.js';
import { loadDevSet, loadValidationSet, type DevSet } from '../fixtures/devset.js';
import { pct } from './stats.js';

const verbose = process.argv.includes('--verbose');
const dev = loadDevSet();
const bot = await startBot();

/** What one reply shows: the entry answered, the topics shown with it (related or offered), and the reply kinds. */
async function ask(q: string) {
  const found = metas(await new HttpChat(bot.baseUrl).send(q));
  const answer = found.find((m) => m['kind'] === 'answer');
  const offered = found.find((m) => m['kind'] === 'unsure')?.['candidates'];
  const shown = answer ? [answer['entryId'], ...((answer['related'] as string[] | undefined) ?? [])] : ((offered as string[] | undefined) ?? []);
  return { answered: answer?.['entryId'] as string | undefined, shown: shown.slice(0, 3) as string[], kinds: found.map((m) => String(m['kind'])).join('+') || 'text' };
}

async function score(name: string, set: DevSet) {
  let answered = 0;
  let first = 0;
  let top3 = 0;
  const kinds = new Map<string, number>();
  const misses: string[] = [];
  for (const { q, expect } of set.onTopic) {
    const got = await ask(q);
    kinds.set(got.kinds, (kinds.get(got.kinds) ?? 0) + 1);
    if (got.answered === expect) answered++;
    else misses.push(`  [${got.kinds}] "${q}" -> ${got.shown.join(', ') || '(nothing)'} (want ${expect})`);
    if (got.shown[0] === expect) first++;
    if (got.shown.includes(expect)) top3++;
  }
  let refused = 0;
  const leaks: string[] = [];
  for (const { q } of set.offTopic) {
    const got = await ask(q);
    if (!got.answered) refused++;
    else leaks.push(`  "${q}" -> ${got.answered}`);
  }
  const n = set.onTopic.length;
  console.log(`\n${name} through POST /api/messages (expectReplies): ${n} on-topic, ${set.offTopic.length} off-topic, a new conversation each`);
  console.log(`top-1 (first topic shown is the expected one): ${pct(first, n)} (${first}/${n})  goal >= 90%`);
  console.log(`  answered with the expected entry           : ${pct(answered, n)} (${answered}/${n})`);
  console.log(`top-3 (expected among the first 3 shown)     : ${pct(top3, n)} (${top3}/${n})  goal >= 97%`);
  console.log(`off-topic refused (no answer card)           : ${pct(refused, set.offTopic.length)} (${refused}/${set.offTopic.length})  goal >= 90%`);
  console.log(`reply kinds: ${[...kinds].sort((a, b) => b[1] - a[1]).map(([k, c]) => `${k} ${c}`).join(', ')}`);
  if (verbose) console.log(`\nmisses:\n${misses.join('\n')}\n\nanswered off-topic:\n${leaks.join('\n')}`);
}

try {
  await score('dev set', dev);
  await score('validation set', loadValidationSet());
} finally {
  await bot.close();
}
