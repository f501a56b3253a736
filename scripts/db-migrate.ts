// npm run db:migrate: brings the PostgreSQL schema at DATABASE_URL up to date (the bot also does this when it starts).
import { loadConfig, ConfigError } from '../bot/config/config.js';
import { createLogger } from '../bot/logger.js';
import { migrate } from '../bot/storage/postgres.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.database) {
    console.error('DATABASE_URL is not set: there is no PostgreSQL database to migrate (without it the bot keeps its data in files under DATA_DIR).');
    process.exit(1);
  }
  await migrate(config.database.url, createLogger(config.logLevel === 'silent' ? 'silent' : 'info'));
  console.log('database schema is up to date');
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `db:migrate failed: ${(err as Error).message}`);
  process.exit(1);
});
