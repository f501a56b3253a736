// Runs the conversation-state contract against both backends: files under DATA_DIR (one process) and PostgreSQL (several instances).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../bot/logger.js';
import { FileStorage } from '../../../bot/storage/fileStorage.js';
import { PgStorage } from '../../../bot/storage/pgStorage.js';
import { Database } from '../../../bot/storage/postgres.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../../support/postgres.js';
import { storageContract } from './storageContract.js';

describe('conversation state contract: FileStorage', () => {
  storageContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'state-contract-'));
    let last: FileStorage | undefined;
    return {
      async open(options) {
        await last?.flush();
        last = new FileStorage(dir, options);
        return last;
      },
      isStored: async (key) => fs.existsSync(new FileStorage(dir, { ttlMs: 1 }).fileFor(key)),
      close: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  });
});

describe('conversation state contract: PgStorage', function () {
  let db: TestDatabase;
  let database: Database;
  before(async function () {
    await requirePostgres(this);
    db = await createTestDatabase('statecontract');
    database = new Database({ url: db.url, poolMax: 4, logger: createLogger('silent') });
  });
  after(async () => {
    await database?.close();
    await db?.drop();
  });

  storageContract(async () => {
    await database.query('TRUNCATE conversation_state');
    return {
      open: async (options) => new PgStorage(database, options),
      isStored: async (key) => (await database.query('SELECT 1 FROM conversation_state WHERE key = $1', [key])).rowCount === 1,
      close: async () => undefined,
    };
  });
});
