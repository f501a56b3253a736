// Bot state on disk: one small JSON file per storage key, replaced atomically, so a write costs the same at 100 or 100,000 conversations.
import { createHash, randomUUID } from 'node:crypto';
import fsCallback from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import { writeFileAtomic } from '../../lib/atomicWrite.js';
import { makePrivateDir, tightenTree } from '../../lib/privateFiles.js';
import { ETagConflictError } from './eTagConflict.js';
import { KeyedQueue } from '../../lib/keyedQueue.js';

/*
 * State files are read with node:fs's callback functions and written with writeFileAtomic (which uses them too)
 * rather than lowdb's TextFile adapter: TextFile goes through fs/promises FileHandles, which cost the event loop
 * about twice as much per file, and every turn of a new conversation reads one file and writes one. Per-key
 * ordering is FileStorage's own (one write per key at a time). Tickets keep lowdb: they are written far less
 * often and need its whole-document model.
 */

function readText(file: string): Promise<string> {
  return new Promise((resolve, reject) => fsCallback.readFile(file, 'utf8', (err, text) => (err ? reject(err) : resolve(text))));
}

/** One stored item. The item is kept as its JSON text: one stringify per write serves the file and the cache. */
interface Envelope {
  key: string;
  touched: number;
  eTag: string;
  json: string;
  /** kept in memory only (not worth a file); writing it removes any file the key had */
  memoryOnly?: boolean;
  /** whether the key has a file: true once written or read from one, false once removed, unset when unknown */
  onDisk?: boolean;
}

/** Reads a stored file; a damaged one (a crash cannot leave one: writes are atomic renames) counts as absent. */
function parseFile(text: string, key: string): Envelope | undefined {
  try {
    const data = JSON.parse(text) as { key?: unknown; touched?: unknown; item?: { eTag?: unknown } };
    if (data?.key !== key || typeof data.touched !== 'number' || typeof data.item !== 'object' || !data.item) return undefined;
    return { key, touched: data.touched, eTag: String(data.item.eTag ?? ''), json: JSON.stringify(data.item), onDisk: true };
  } catch {
    return undefined;
  }
}

/** The file format: {"key":..., "touched":..., "item":{...}} */
function fileText(env: Envelope): string {
  return `{"key":${JSON.stringify(env.key)},"touched":${env.touched},"item":${env.json}}`;
}

export interface FileStorageOptions {
  /** state untouched for longer than this is treated as gone and swept away */
  ttlMs: number;
  /** how many recently used items are kept in memory */
  cacheSize?: number;
  now?: () => number;
  /**
   * true (default): a write returns once the item is in memory and reaches the disk just after, so a turn
   * never waits on the filesystem; call flush() before exit. false: write returns once the file is renamed.
   */
  writeBehind?: boolean;
  /**
   * With writeBehind, how long a key's write waits so that quick successive turns of one conversation
   * become one file write (default 250 ms; at most this much state is lost if the process is killed).
   */
  coalesceMs?: number;
  /** told when a file write fails; the item stays pending and is tried again */
  onWriteError?: (err: unknown, key: string) => void;
  /**
   * Whether an item is worth a file (default: every item is). One that is not is kept in the memory cache
   * only, and any file its key had is removed (in the same write-behind order), so empty state costs no disk.
   */
  persist?: (item: Readonly<Record<string, unknown>>) => boolean;
}

export { ETagConflictError };

/** A botbuilder Storage keeping each key in its own file under `dir`, sharded by hash. */
export class FileStorage implements Storage {
  /** recently used items, so a turn of a live conversation reads no file */
  private readonly cache: LRUCache<string, Envelope>;
  /** shard folders known to exist, so a write costs no mkdir */
  private readonly shards = new Set<string>();
  /** items written in memory but not yet on disk (the newest version of each key) */
  private readonly pending = new Map<string, Envelope>();
  private readonly persisting = new Map<string, Promise<void>>();
  /** wakes writes that are waiting out the coalescing window (flush) */
  private readonly waiting = new Set<() => void>();
  private flushing = 0;
  private readonly queue = new KeyedQueue();
  /** keys recently found to have no file, so a memory-only write for them needs no file removal */
  private readonly absent: LRUCache<string, true>;
  private readonly now: () => number;
  private sweeping?: Promise<number>;
  /** narrows files and folders an older version left readable by others; flush() waits for it */
  private readonly tightening: Promise<void>;

  constructor(
    private readonly dir: string,
    private readonly options: FileStorageOptions,
  ) {
    this.cache = new LRUCache({ max: options.cacheSize ?? 2000 });
    this.absent = new LRUCache({ max: options.cacheSize ?? 2000 });
    this.now = options.now ?? Date.now;
    this.tightening = tightenTree(dir).catch(() => undefined);
  }

  fileFor(key: string): string {
    const hash = createHash('sha256').update(key).digest('hex');
    return path.join(this.dir, hash.slice(0, 2), `${hash.slice(2, 40)}.json`);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const env = await this.serial(key, () => this.load(key));
        if (env) out[key] = JSON.parse(env.json) as unknown;
      }),
    );
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(([key, item]) =>
        this.serial(key, async () => {
          const incoming = item as Record<string, unknown>;
          const expected = incoming['eTag'];
          if (expected && expected !== '*') {
            const current = await this.load(key);
            if (current && current.eTag !== expected) throw new ETagConflictError(key);
          }
          const eTag = randomUUID();
          const env: Envelope = { key, touched: this.now(), eTag, json: JSON.stringify({ ...incoming, eTag }) };
          const prior = this.pending.get(key) ?? this.cache.peek(key);
          this.remember(key, env);
          if (this.options.persist && !this.options.persist(incoming)) {
            env.memoryOnly = true;
            const mayHaveFile = this.pending.has(key) || (prior ? prior.onDisk !== false : !this.absent.has(key));
            if (!mayHaveFile) {
              env.onDisk = false;
              return;
            }
          }
          this.absent.delete(key);
          this.pending.set(key, env);
          const persisted = this.persist(key);
          if (this.options.writeBehind === false) await persisted;
        }),
      ),
    );
  }

  /** Resolves once every write made so far is on disk. */
  async flush(): Promise<void> {
    this.flushing++;
    try {
      await this.tightening;
      while (this.persisting.size) {
        for (const wake of this.waiting) wake();
        await Promise.all([...this.persisting.values()]);
      }
    } finally {
      this.flushing--;
    }
  }

  /** Waits out the coalescing window, unless a flush wants everything written now. */
  private coalesce(): Promise<void> {
    const ms = this.options.coalesceMs ?? 250;
    if (this.options.writeBehind === false || this.flushing || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref();
      this.waiting.add(wake);
    });
  }

  /** Writes the newest pending version of a key, one file write at a time per key. */
  private persist(key: string): Promise<void> {
    const running = this.persisting.get(key);
    if (running) return running.then(() => (this.pending.has(key) ? this.persist(key) : undefined));
    const run = (async () => {
      for (let attempt = 0; this.pending.has(key); attempt++) {
        await this.coalesce();
        const env = this.pending.get(key);
        if (!env) break;
        try {
          const file = this.fileFor(key);
          const shard = path.dirname(file);
          if (env.memoryOnly) {
            await fs.rm(file, { force: true });
          } else {
            if (!this.shards.has(shard)) {
              await makePrivateDir(shard);
              this.shards.add(shard);
            }
            await writeFileAtomic(file, fileText(env));
          }
          env.onDisk = !env.memoryOnly;
          if (this.pending.get(key) === env) this.pending.delete(key);
        } catch (err) {
          // The folder may have been removed underneath us: forget it so the next try creates it again.
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') this.shards.clear();
          this.options.onWriteError?.(err, key);
          await new Promise((r) => setTimeout(r, Math.min(30_000, 200 * 2 ** attempt)).unref());
        }
      }
    })().finally(() => this.persisting.delete(key));
    this.persisting.set(key, run);
    return run;
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(
      keys.map((key) =>
        this.serial(key, async () => {
          this.cache.delete(key);
          this.pending.delete(key);
          await this.persisting.get(key);
          await fs.rm(this.fileFor(key), { force: true });
        }),
      ),
    );
  }

  /** Deletes every file whose state has been idle longer than the TTL; returns how many went. */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<number> {
    const cutoff = this.now() - this.options.ttlMs;
    for (const [key, env] of [...this.cache.entries()]) if (env.touched < cutoff) this.cache.delete(key);
    let removed = 0;
    let shards: string[];
    try {
      shards = await fs.readdir(this.dir);
    } catch {
      return 0;
    }
    for (const shard of shards) {
      let files: string[];
      try {
        files = await fs.readdir(path.join(this.dir, shard));
      } catch {
        continue;
      }
      for (const f of files) {
        const file = path.join(this.dir, shard, f);
        const stat = await fs.stat(file).catch(() => undefined);
        if (stat && stat.mtimeMs < cutoff) {
          await fs.rm(file, { force: true });
          removed++;
        }
      }
    }
    return removed;
  }

  private async load(key: string): Promise<Envelope | undefined> {
    let env = this.pending.get(key) ?? this.cache.peek(key);
    if (!env) {
      // No file (a new conversation) or one that cannot be read counts as no state.
      const text = await readText(this.fileFor(key)).catch(() => null);
      const stored = text === null ? undefined : parseFile(text, key);
      if (!stored) {
        if (text === null) this.noteAbsent(key);
        return undefined;
      }
      env = stored;
    }
    if (this.now() - env.touched > this.options.ttlMs) {
      this.cache.delete(key);
      return undefined;
    }
    this.remember(key, env);
    return env;
  }

  private noteAbsent(key: string): void {
    this.absent.set(key, true);
  }

  private remember(key: string, env: Envelope): void {
    this.cache.set(key, env);
  }

  /** Runs operations on one key one after another, so a read never sees half of a write. */
  private serial<T>(key: string, op: () => Promise<T>): Promise<T> {
    return this.queue.run(key, op);
  }
}
