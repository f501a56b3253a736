// Without DATABASE_URL one process owns DATA_DIR: two on one folder would corrupt its files, so the second refuses to start.
import fs from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { makePrivateDir } from '../../lib/privateFiles.js';

/** The lock proper-lockfile keeps (a folder, refreshed by its holder), inside DATA_DIR so it needs no other permission. */
export const LOCK_NAME = '.lock';

/** Another live process holds DATA_DIR. */
export class DataDirLockedError extends Error {
  constructor(readonly dir: string) {
    super(
      `DATA_DIR ${dir} is in use by another NHSmail Assistant process. Only one process may use a data folder: ` +
        'stop the other one, give this one its own DATA_DIR, or set DATABASE_URL to run several instances on PostgreSQL.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLockOptions {
  /** a lock not refreshed for this long belongs to a process that died (its holder refreshes it every staleMs / 2) */
  staleMs: number;
  /** told if the lock is lost while held (its folder removed, or not refreshed within staleMs) */
  onCompromised: (err: Error) => void;
}

export interface DataDirLock {
  release(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the exclusive lock on `dir` (creating the folder). A lock held by a live process is refused as soon as
 * its holder refreshes it (within staleMs / 2); one left by a process that died (SIGKILL) is taken over once it
 * is stale, so a restart waits at most staleMs instead of failing.
 */
export async function lockDataDir(dir: string, options: DataDirLockOptions): Promise<DataDirLock> {
  await makePrivateDir(dir);
  const real = await fs.realpath(dir);
  const lockfilePath = path.join(real, LOCK_NAME);
  const deadline = Date.now() + options.staleMs + 1_000;
  let firstSeen: number | undefined;
  for (;;) {
    try {
      const release = await lockfile.lock(real, { stale: options.staleMs, realpath: false, lockfilePath, onCompromised: options.onCompromised });
      return { release: () => release().catch(() => undefined) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    }
    const refreshed = await fs.stat(lockfilePath).then((s) => s.mtimeMs, () => undefined);
    if (firstSeen !== undefined && refreshed !== undefined && refreshed !== firstSeen) throw new DataDirLockedError(dir);
    firstSeen ??= refreshed;
    if (Date.now() > deadline) throw new DataDirLockedError(dir);
    await sleep(250);
  }
}
