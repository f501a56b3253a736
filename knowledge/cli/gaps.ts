// `npm run kb:gaps`: what people asked that the bot could not answer, and answers they found unhelpful.
// With DATABASE_URL set, the records are read from PostgreSQL (where every instance writes them), else from DATA_DIR.
import path from 'node:path';
import pg from 'pg';
import { tokenize } from '../language/tokenize.js';
import { FEEDBACK_LOG, FEEDBACK_LOG_OLD, readFeedbackLog, type FeedbackRecord, type GapRecord } from '../feedbackStore.js';
import { PgFeedbackStore } from '../pgFeedbackStore.js';

async function read(): Promise<{ gaps: GapRecord[]; feedback: FeedbackRecord[]; source: string }> {
  const url = process.env['DATABASE_URL'];
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      return { ...(await new PgFeedbackStore(pool).readAll()), source: 'the kb_feedback table' };
    } finally {
      await pool.end();
    }
  }
  const dataDir = path.resolve(process.env['DATA_DIR'] ?? './data');
  return { ...readFeedbackLog(dataDir), source: `${path.join(dataDir, FEEDBACK_LOG)} or ${FEEDBACK_LOG_OLD}` };
}

async function main(): Promise<number> {
  const { gaps, feedback, source } = await read();
  if (!gaps.length && !feedback.length) {
    console.log(`No feedback recorded yet (nothing in ${source}).`);
    return 0;
  }

  // Group unanswered questions by their normalised words, most asked first.
  const groups = new Map<string, { example: string; count: number; last: string; outcome: string; candidates: string[] }>();
  for (const g of gaps) {
    const key = tokenize(g.question).join(' ');
    const group = groups.get(key) ?? { example: g.question, count: 0, last: g.at, outcome: g.outcome, candidates: g.candidates };
    group.count++;
    if (g.at > group.last) group.last = g.at;
    groups.set(key, group);
  }
  console.log(`Unanswered questions: ${gaps.length} (${groups.size} distinct)`);
  for (const g of [...groups.values()].sort((a, b) => b.count - a.count || b.last.localeCompare(a.last)).slice(0, 100)) {
    const near = g.candidates.length ? `; closest: ${g.candidates.join(', ')}` : '';
    console.log(`  ${String(g.count).padStart(3)} x  "${g.example}"  [${g.outcome}, last ${g.last.slice(0, 10)}${near}]`);
  }

  const byEntry = new Map<string, { yes: number; no: number; questions: string[] }>();
  for (const f of feedback) {
    const e = byEntry.get(f.entryId) ?? { yes: 0, no: 0, questions: [] };
    if (f.helpful) e.yes++;
    else {
      e.no++;
      if (f.question) e.questions.push(f.question);
    }
    byEntry.set(f.entryId, e);
  }
  const unhelpful = [...byEntry].filter(([, e]) => e.no > 0).sort((a, b) => b[1].no - a[1].no);
  console.log(`\nAnswers marked unhelpful: ${unhelpful.reduce((n, [, e]) => n + e.no, 0)} (helpful: ${feedback.filter((f) => f.helpful).length})`);
  for (const [id, e] of unhelpful) {
    console.log(`  ${id}: ${e.no} unhelpful, ${e.yes} helpful`);
    for (const q of e.questions.slice(-5)) console.log(`      asked: "${q}"`);
  }
  return 0;
}

process.exitCode = await main();
