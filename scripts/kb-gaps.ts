// npm run kb:gaps: what people asked that the bot could not answer, grouped by similar wording (the same clusters GET /insights
// shows), and the answers marked unhelpful; read from PostgreSQL with DATABASE_URL, else from DATA_DIR/insights.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../bot/config/config.js';
import { addDays, dayOf } from '../bot/insights/events.js';
import { FileInsightsStore } from '../bot/insights/fileStore.js';
import { checkRange, InvalidRangeError, reportFrom } from '../bot/insights/insights.js';
import { PgInsightsStore } from '../bot/insights/pgStore.js';
import type { InsightsStore } from '../bot/insights/store.js';
import { createLogger } from '../bot/logger.js';
import { Database } from '../bot/storage/postgres.js';
import { loadKnowledge } from '../knowledge/loader.js';
import { KnowledgeSearch } from '../knowledge/search.js';

const USAGE = 'usage: npm run kb:gaps -- [--days N | --from YYYY-MM-DD --to YYYY-MM-DD]   (default: the last 90 days)';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { days: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } } });
  const today = dayOf(new Date());
  const days = values.days === undefined ? 90 : Number(values.days);
  if (!Number.isInteger(days) || days < 1) {
    console.error(`--days must be a whole number of days, 1 or more\n${USAGE}`);
    return 2;
  }
  const range = { from: values.from ?? addDays(values.to ?? today, 1 - days), to: values.to ?? today };
  checkRange(range);
  const config = loadConfig();

  let store: InsightsStore;
  let database: Database | undefined;
  if (config.database) {
    database = new Database({ url: config.database.url, poolMax: 2, logger: createLogger('silent') });
    store = new PgInsightsStore(database);
  } else {
    const dir = path.join(config.dataDir, 'insights');
    if (!fs.existsSync(dir)) {
      console.log(`Nothing recorded yet (no ${dir}).`);
      return 0;
    }
    store = await FileInsightsStore.open(dir);
  }
  try {
    const kb = loadKnowledge(config.kbDir);
    const search = new KnowledgeSearch(kb.entries, kb.lexicon);
    const report = await reportFrom(store, range, { entries: kb.entries, sources: [...kb.sources.values()], search }, new Date());
    const unanswered = report.gapClusters.reduce((n, c) => n + c.count, 0);
    console.log(`Unanswered questions ${range.from} to ${range.to} (${store.kind}): ${unanswered} in ${report.gapClusters.length} groups of similar wording`);
    for (const c of report.gapClusters) {
      console.log(`  ${String(c.count).padStart(4)} x  "${c.label}"${c.closestEntryId ? `  [closest: ${c.closestEntryId}]` : ''}`);
      for (const e of c.examples.filter((x) => x !== c.label)) console.log(`           also: "${e}"`);
    }
    console.log(`\nAnswers marked unhelpful: ${report.unhelpfulEntries.reduce((n, e) => n + e.unhelpful, 0)}`);
    for (const e of report.unhelpfulEntries) console.log(`  ${e.entryId}: ${e.unhelpful} unhelpful, ${e.helpful} helpful  (${e.title})`);
    return 0;
  } finally {
    await store.close();
    await database?.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    if (err instanceof InvalidRangeError) console.error(`${err.message}\n${USAGE}`);
    else if (err instanceof ConfigError) console.error(err.message);
    else console.error(`kb:gaps failed: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
