// Replaces a file in one step (a private temporary file renamed over it), so a crash leaves the old version or the new one, never half of either.
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PRIVATE_FILE } from './privateFiles.js';

/*
 * Node's callback functions rather than fs/promises: profiled under bench:turns, fs/promises' FileHandles cost the
 * event loop about twice as much per file (openFileHandle alone was 11% of a FAQ turn's main-thread time, against
 * 6% for open), and every turn of a new conversation writes one state file.
 */
const open = promisify(fs.open);
const writeFile = promisify(fs.writeFile);
const fdatasync = promisify(fs.fdatasync);
const close = promisify(fs.close);
const rename = promisify(fs.rename);
const unlink = promisify(fs.unlink);

export interface AtomicWriteOptions {
  /** flush the data and the folder to disk before the write counts as done (survives power loss, ~0.5 ms more) */
  fsync?: boolean;
}

/**
 * Writes `text` to `file` through `.<name>.tmp` beside it, readable by the bot's own user only. Writes of one file
 * must not overlap (every caller serialises its own). The temporary file is always created afresh, so one a crash
 * left behind with a wider mode is never renamed into place.
 */
export async function writeFileAtomic(file: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  await writeTemp(tmp, text, options.fsync ?? false).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
    await unlink(tmp);
    await writeTemp(tmp, text, options.fsync ?? false);
  });
  await rename(tmp, file);
  if (options.fsync) await syncDir(path.dirname(file));
}

async function writeTemp(tmp: string, text: string, fsync: boolean): Promise<void> {
  if (!fsync) return writeFile(tmp, text, { mode: PRIVATE_FILE, flag: 'wx' });
  const fd = await open(tmp, 'wx', PRIVATE_FILE);
  try {
    await writeFile(fd, text, 'utf8');
    await fdatasync(fd);
  } finally {
    await close(fd);
  }
}

/** Makes a rename in `dir` durable; some file systems refuse to fsync a folder, which is harmless. */
export async function syncDir(dir: string): Promise<void> {
  let fd: number | undefined;
  try {
    fd = await open(dir, 'r');
    await promisify(fs.fsync)(fd);
  } catch {
    // not supported here: the rename is still atomic, only not yet flushed
  } finally {
    if (fd !== undefined) await close(fd).catch(() => undefined);
  }
}
