// A lowdb adapter that writes JSON atomically (temp file, rename) to a file only its owner can read and, optionally, flushes it to disk first, coalescing bursts of writes.
import fs from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { writeFileAtomic, type AtomicWriteOptions } from '../lib/atomicWrite.js';
import { deferred, type Deferred } from '../lib/deferred.js';

export type DurableFileOptions = AtomicWriteOptions;

/**
 * Like lowdb's JSONFile, but compact, optionally fsynced, and serialising the newest data only when
 * its write starts: calls made while a write is under way share the next write and resolve with it.
 */
export class DurableJSONFile<T> implements Adapter<T> {
  private inFlight = false;
  private next?: { data: T } & Deferred<void>;

  constructor(
    readonly file: string,
    private readonly options: DurableFileOptions = {},
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    return JSON.parse(text) as T;
  }

  write(data: T): Promise<void> {
    if (!this.inFlight) return this.start(data);
    if (this.next) {
      this.next.data = data;
    } else {
      this.next = { data, ...deferred() };
    }
    return this.next.promise;
  }

  private start(data: T): Promise<void> {
    this.inFlight = true;
    const done = this.writeOnce(data);
    const after = () => {
      this.inFlight = false;
      const queued = this.next;
      this.next = undefined;
      if (queued) this.start(queued.data).then(queued.resolve, queued.reject);
    };
    done.then(after, after);
    return done;
  }

  private writeOnce(data: T): Promise<void> {
    return writeFileAtomic(this.file, JSON.stringify(data), this.options);
  }
}
