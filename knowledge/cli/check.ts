// `npm run kb:check`: validates every content file, then shows editors what needs work: reading grade, claims
// their sources do not back, unexplained jargon, and what is due for review. Exits 1 on any failure.
import path from 'node:path';
import { checkKnowledge, LIMITS, readSourceTexts, type Finding } from '../check.js';
import { loadEligibility } from '../eligibility/loader.js';
import { IntentMatcher } from '../intents.js';
import { ContentError, loadKnowledge } from '../loader.js';
import { CONTENT_DIR } from '../../lib/paths.js';

function main(): number {
  const dir = process.argv[2] ?? CONTENT_DIR;
  let kb;
  try {
    kb = loadKnowledge(dir);
    IntentMatcher.load(dir);
    const eligibility = loadEligibility(dir, kb.replies);
    console.log(
      `Knowledge content is valid: ${kb.entries.length} FAQ entries, ${kb.sources.size} sources, ${kb.glossary.terms.length} glossary terms, ` +
        `${kb.replies.keys().length} replies, ${eligibility.routes.size} eligibility routes, ${eligibility.rules.length} rules, ${eligibility.questions.length} questions.`,
    );
  } catch (err) {
    if (err instanceof ContentError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }

  const { texts, problems } = readSourceTexts(kb.sources, path.resolve(dir, '..', 'sources'));
  for (const p of problems) console.error(`FAIL ${p}`);
  const report = checkKnowledge({ ...kb, contacts: kb.replies.contacts, texts });

  console.log(`\nReading grade (Flesch-Kincaid; limits: answer ${LIMITS.answerGrade}, more ${LIMITS.moreGrade}), worst first:`);
  console.log(`  ${'grade'.padStart(5)}  ${'limit'.padStart(5)}  ${'words'.padStart(5)}  part    entry`);
  for (const g of report.grades) {
    const mark = g.grade > g.limit ? '  <- FAIL' : '';
    console.log(`  ${g.grade.toFixed(1).padStart(5)}  ${String(g.limit).padStart(5)}  ${String(g.words).padStart(5)}  ${g.part.padEnd(6)}  ${g.entryId}${mark}`);
  }
  const mean = (part: string) => {
    const xs = report.grades.filter((g) => g.part === part).map((g) => g.grade);
    return xs.length ? (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1) : '-';
  };
  console.log(`  mean grade: answers ${mean('answer')}, more ${mean('more')}`);

  const show = (level: Finding['level']) => {
    const list = report.findings.filter((f) => f.level === level);
    if (!list.length) return;
    console.log(`\n${level === 'fail' ? 'Failures' : 'Warnings'} (${list.length}):`);
    for (const f of list) console.log(`  ${level.toUpperCase()} ${f.entryId} [${f.check}] ${f.message}`);
  };
  show('fail');
  show('warn');

  if (report.staleSources.length) {
    console.log(`\n${report.staleSources.length} sources past their review date:`);
    for (const s of report.staleSources) console.log(`  ${s.id} "${s.title}" (review by ${s.reviewBy})`);
  }
  if (report.staleEntries.length) {
    console.log(`\n${report.staleEntries.length} entries not reviewed in the last ${LIMITS.reviewAfterDays} days:`);
    for (const e of report.staleEntries) console.log(`  ${e.id} (reviewed ${e.reviewed})`);
  }
  const bySource = new Map<string, number>();
  for (const e of kb.entries) bySource.set(e.source, (bySource.get(e.source) ?? 0) + 1);
  console.log('\nEntries by source:');
  for (const [source, n] of [...bySource].sort()) console.log(`  ${source} "${kb.sources.get(source)?.title}": ${n}`);

  const fails = report.findings.filter((f) => f.level === 'fail').length + problems.length;
  const warns = report.findings.length - fails + problems.length;
  const failedEntries = new Set(report.findings.filter((f) => f.level === 'fail').map((f) => f.entryId)).size;
  console.log(`\nSummary: ${kb.entries.length} entries, ${fails} failures in ${failedEntries} entries, ${warns} warnings.`);
  return fails ? 1 : 0;
}

process.exitCode = main();
