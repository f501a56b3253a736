// Where the bot keeps its state: PostgreSQL (migrated at start) when DATABASE_URL is set, else files under DATA_DIR, which this process then locks.
import path from 'node:path';
import type { Storage } from 'botbuilder';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import { PRIVATE_FILE, tightenMode } from '../../lib/privateFiles.js';
import { lockDataDir, type DataDirLock } from './dataDirLock.js';
import { FileStorage } from './fileStorage.js';
import { PgStorage } from './pgStorage.js';
import { Database } from './postgres.js';

/** Conversation state as the bot uses it: botbuilder's Storage, plus flush (before exit, after a ticket) and the TTL sweep. */
export type ConversationStore = Storage & { flush(): Promise<void>; sweep(): Promise<number> };

export interface ConversationStoreOptions {
  /** whether an item is worth keeping durably (else it stays in this process's memory) */
  persist: (item: Readonly<Record<string, unknown>>) => boolean;
  onWriteError: (err: unknown) => void;
}

export interface Backend {
  /** the one pool every PostgreSQL store shares; undefined in file mode */
  database?: Database;
  conversationStore(options: ConversationStoreOptions): ConversationStore;
  /** releases the DATA_DIR lock or closes the pool: call last */
  close(): Promise<void>;
}

/**
 * The feedback log older versions wrote (questions people typed, redacted) and its rotated copy: nothing writes or reads
 * them now (insight events replaced them), but they are left where they are, so they are still made readable by the
 * bot's own user only, as that log did when it opened them.
 */
export const OLD_FEEDBACK_LOGS = ['kb-feedback.jsonl', 'kb-feedback.1.jsonl'] as const;

/** Opens the database and brings its schema up to date, or locks DATA_DIR (DataDirLockedError when another process has it). */
export async function openBackend(config: Config, logger: Logger): Promise<Backend> {
  const ttlMs = config.stateTtlMs;
  if (config.database) {
    const database = new Database({ ...config.database, logger });
    try {
      await database.migrate();
    } catch (err) {
      await database.close();
      throw err;
    }
    return { database, conversationStore: ({ persist }) => new PgStorage(database, { ttlMs, persist }), close: () => database.close() };
  }
  const lock: DataDirLock = await lockDataDir(config.dataDir, {
    staleMs: config.dataDirLockStaleMs,
    onCompromised: (err) => logger.error({ err, dataDir: config.dataDir }, 'the DATA_DIR lock was lost; another process may now use this folder'),
  });
  try {
    for (const name of OLD_FEEDBACK_LOGS) await tightenMode(path.join(config.dataDir, name), PRIVATE_FILE);
  } catch (err) {
    await lock.release();
    throw err;
  }
  return {
    conversationStore: ({ persist, onWriteError }) => new FileStorage(path.join(config.dataDir, 'state'), { ttlMs, persist, onWriteError }),
    close: () => lock.release(),
  };
}

/** Whether the database answers a trivial query within `ms` (a connection that hangs counts as down). */
export async function answersWithin(database: Pick<Database, 'isUp'>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([database.isUp(), late]);
  } finally {
    clearTimeout(timer);
  }
}
