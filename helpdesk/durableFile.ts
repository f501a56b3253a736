// A lowdb adapter that writes JSON atomically (temp file, rename) to a file only its owner can read and, optionally, flushes it to disk first, coalescing bursts of writes.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { PRIVATE_FILE } from './privateFiles.js';

export interface DurableFileOptions {
  /** fsync the data and the folder before a write counts as done (survives power loss, ~0.5 ms more) */
  fsync?: boolean;
}

interface Waiting {
  resolve: () => void;
  reject: (e: unknown) => void;
  promise: Promise<void>;
}

/**
 * Like lowdb's JSONFile, but compact, optionally fsynced, and serialising the newest data only when
 * its write starts: calls made while a write is under way share the next write and resolve with it.
 */
export class DurableJSONFile<T> implements Adapter<T> {
  private readonly tmp: string;
  private inFlight = false;
  private next?: { data: T } & Waiting;

  constructor(
    readonly file: string,
    private readonly options: DurableFileOptions = {},
  ) {
    this.tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  }

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
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.next = { data, resolve, reject, promise };
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

  private async writeOnce(data: T): Promise<void> {
    const text = JSON.stringify(data);
    const fh = await fs.open(this.tmp, 'w', PRIVATE_FILE);
    try {
      // a temporary file left by a crash keeps its old mode; the file renamed into place must be private
      await fh.chmod(PRIVATE_FILE);
      await fh.writeFile(text, 'utf8');
      if (this.options.fsync) await fh.datasync();
    } finally {
      await fh.close();
    }
    await fs.rename(this.tmp, this.file);
    if (this.options.fsync) await syncDir(path.dirname(this.file));
  }
}

/** Makes a rename in `dir` durable; some file systems refuse to fsync a folder, which is harmless. */
export async function syncDir(dir: string): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
    // not supported here: the rename is still atomic, only not yet flushed
  } finally {
    await fh?.close().catch(() => undefined);
  }
}
