// Conversation state in PostgreSQL, one row per key, so any instance can take any turn; eTags make two instances writing one conversation at once detectable.
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import { ETagConflictError } from './eTagConflict.js';
import { KeyedQueue } from '../../lib/keyedQueue.js';
import type { Database } from './postgres.js';

export interface PgStorageOptions {
  /** state untouched for longer than this is treated as gone and swept away */
  ttlMs: number;
  /**
   * Whether an item is worth a row (default: every item is). One that is not writes no row (any row its key had
   * is removed) and is kept in this instance's memory only, as FileStorage keeps it, so empty state costs nothing.
   */
  persist?: (item: Readonly<Record<string, unknown>>) => boolean;
  /** how many memory-only items this instance keeps (default 2000) */
  memorySize?: number;
  now?: () => number;
}

/** An item kept in memory only (not worth a row). */
interface Remembered {
  eTag: string;
  json: string;
  touched: number;
}

const toTime = (ms: number) => new Date(ms).toISOString();

/**
 * A botbuilder Storage on the conversation_state table with botbuilder's eTag contract: a write whose eTag is
 * absent or '*' replaces what is there; any other eTag must match the stored one, or the write is refused with
 * ETagConflictError. Every write is committed when it resolves, so flush() has nothing to wait for.
 */
export class PgStorage implements Storage {
  private readonly memory: LRUCache<string, Remembered>;
  /** keys whose last read (or write) found no row, so a memory-only write for them needs no DELETE */
  private readonly noRow: LRUCache<string, true>;
  private readonly queue = new KeyedQueue();
  private readonly now: () => number;

  constructor(
    private readonly db: Pick<Database, 'query'>,
    private readonly options: PgStorageOptions,
  ) {
    const max = options.memorySize ?? 2000;
    this.memory = new LRUCache({ max });
    this.noRow = new LRUCache({ max });
    this.now = options.now ?? Date.now;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    if (!keys.length) return out;
    const { rows } = await this.db.query<{ key: string; etag: string; data: Record<string, unknown> }>(
      'SELECT key, etag, data FROM conversation_state WHERE key = ANY($1::text[]) AND updated_at >= $2',
      [keys, toTime(this.cutoff())],
    );
    const found = new Map(rows.map((r) => [r.key, r]));
    for (const key of keys) {
      const row = found.get(key);
      if (row) {
        // a row is newer than anything this instance kept in memory: another instance (or this one) wrote it since
        this.memory.delete(key);
        this.noRow.delete(key);
        out[key] = { ...row.data, eTag: row.etag };
        continue;
      }
      this.noRow.set(key, true);
      const kept = this.remembered(key);
      if (kept) out[key] = { ...(JSON.parse(kept.json) as Record<string, unknown>), eTag: kept.eTag };
    }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(Object.entries(changes).map(([key, item]) => this.queue.run(key, () => this.writeOne(key, item as Record<string, unknown>))));
  }

  private async writeOne(key: string, item: Record<string, unknown>): Promise<void> {
    const { eTag: given, ...data } = item;
    const expected = typeof given === 'string' && given !== '*' && given !== '' ? given : null;
    const kept = this.remembered(key);
    if (expected !== null && kept && kept.eTag !== expected) throw new ETagConflictError(key);
    const eTag = randomUUID();
    const touched = this.now();
    const json = JSON.stringify(data);
    if (!this.options.persist || this.options.persist(item)) {
      // Inserts, or replaces a row whose eTag matches (or that has expired); a live row with another eTag is left alone.
      const { rowCount } = await this.db.query(
        `INSERT INTO conversation_state (key, etag, data, updated_at) VALUES ($1, $2, $3::json, $4)
         ON CONFLICT (key) DO UPDATE SET etag = EXCLUDED.etag, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at
         WHERE $5::text IS NULL OR conversation_state.etag = $5 OR conversation_state.updated_at < $6`,
        [key, eTag, json, toTime(touched), expected, toTime(this.cutoff())],
      );
      if (!rowCount) throw new ETagConflictError(key);
      this.memory.delete(key);
      this.noRow.delete(key);
      return;
    }
    // Not worth a row: remove the key's row unless this instance knows it has none. The row, if any, must be the
    // version the caller read (or have expired); one another writer changed is theirs to keep.
    if (!this.noRow.has(key)) {
      const { rows } = await this.db.query<{ refused: boolean }>(
        `WITH gone AS (DELETE FROM conversation_state WHERE key = $1 AND ($2::text IS NULL OR etag = $2 OR updated_at < $3) RETURNING key)
         SELECT NOT EXISTS (SELECT 1 FROM gone) AND EXISTS (SELECT 1 FROM conversation_state WHERE key = $1) AS refused`,
        [key, expected, toTime(this.cutoff())],
      );
      if (rows[0]?.refused) throw new ETagConflictError(key);
      this.noRow.set(key, true);
    }
    this.memory.set(key, { eTag, json, touched });
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(
      keys.map((key) =>
        this.queue.run(key, async () => {
          this.memory.delete(key);
          await this.db.query('DELETE FROM conversation_state WHERE key = $1', [key]);
          this.noRow.set(key, true);
        }),
      ),
    );
  }

  /** Writes are committed as they resolve; kept for the callers FileStorage's write-behind needs. */
  flush(): Promise<void> {
    return Promise.resolve();
  }

  /** Deletes every row idle longer than the TTL (safe on every instance at once); returns how many went. */
  async sweep(): Promise<number> {
    const cutoff = this.cutoff();
    for (const [key, kept] of this.memory.entries()) if (kept.touched < cutoff) this.memory.delete(key);
    const { rowCount } = await this.db.query('DELETE FROM conversation_state WHERE updated_at < $1', [toTime(cutoff)]);
    return rowCount ?? 0;
  }

  private cutoff(): number {
    return this.now() - this.options.ttlMs;
  }

  private remembered(key: string): Remembered | undefined {
    const kept = this.memory.get(key);
    if (kept && kept.touched < this.cutoff()) {
      this.memory.delete(key);
      return undefined;
    }
    return kept;
  }
}
