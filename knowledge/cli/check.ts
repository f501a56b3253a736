// `npm run kb:check`: validates every content file and lists entries that are due for review.
import { loadEligibility } from '../eligibility/loader.js';
import { IntentMatcher } from '../intents.js';
import { ContentError, loadKnowledge } from '../loader.js';

const REVIEW_AFTER_DAYS = 365;

function main(): number {
  const dir = process.argv[2];
  try {
    const kb = loadKnowledge(dir);
    IntentMatcher.load(dir);
    const eligibility = loadEligibility(dir, kb.replies);
    console.log(
      `Knowledge content is valid: ${kb.entries.length} FAQ entries, ${kb.replies.keys().length} replies, ` +
        `${eligibility.routes.size} eligibility routes, ${eligibility.rules.length} rules, ${eligibility.questions.length} questions.`,
    );
    const now = Date.now();
    const due = kb.entries.filter((e) => (now - Date.parse(e.reviewed)) / 86_400_000 > REVIEW_AFTER_DAYS);
    if (due.length) {
      console.log(`\n${due.length} entries not reviewed in the last ${REVIEW_AFTER_DAYS} days:`);
      for (const e of due) console.log(`  ${e.id} (reviewed ${e.reviewed})`);
    }
    const bySource = new Map<string, number>();
    for (const e of kb.entries) bySource.set(`${e.source} (${e.sourceDate})`, (bySource.get(`${e.source} (${e.sourceDate})`) ?? 0) + 1);
    console.log('\nEntries by source:');
    for (const [source, n] of [...bySource].sort()) console.log(`  ${source}: ${n}`);
    return 0;
  } catch (err) {
    if (err instanceof ContentError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

process.exitCode = main();
