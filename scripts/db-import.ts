// npm run db:import: copies DATA_DIR (tickets, outbox, helpdesk channel, insight events) into the PostgreSQL database at DATABASE_URL.
import { loadConfig, ConfigError } from '../bot/config/config.js';
import { createLogger } from '../bot/logger.js';
import { importDataDir } from '../bot/storage/importDataDir.js';
import { Database } from '../bot/storage/postgres.js';
import { formatRef } from '../helpdesk/model.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.database) {
    console.error('DATABASE_URL is not set: say which PostgreSQL database to copy DATA_DIR into.');
    process.exit(1);
  }
  const logger = createLogger(config.logLevel === 'silent' ? 'silent' : 'info');
  const database = new Database({ url: config.database.url, poolMax: 2, logger });
  try {
    await database.migrate();
    const s = await importDataDir(config.dataDir, database);
    console.log(`Copied ${config.dataDir} into PostgreSQL (rows already there were left alone):`);
    console.log(`  tickets:          ${s.tickets.added} added of ${s.tickets.found}; new references carry on after ${formatRef(s.lastSequence)}`);
    console.log(`  pending events:   ${s.events.added} added of ${s.events.found}`);
    console.log(`  helpdesk channel: ${s.channel}`);
    const i = s.insights;
    console.log(`  insight events:   ${i.events.added} added of ${i.events.found}, ${i.days.added} of ${i.days.found} days (days copied before are left alone)`);
    console.log(`  insights key:     ${i.key === 'added' ? 'copied, so the people and conversations counted so far stay the same ones' : i.key}`);
    if (i.rejected.length) {
      console.log(`  left out ${i.rejected.length} insight line(s) that are not whole events (a write cut short, or an edit): ${i.rejected.slice(0, 10).join(', ')}${i.rejected.length > 10 ? ', …' : ''}`);
    }
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `db:import failed: ${(err as Error).message}`);
  process.exit(1);
});
