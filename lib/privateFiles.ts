// Data files hold names, nhs.net addresses and mobile numbers: only the bot's own user may read them (files 0600, folders 0700), whatever the umask.
import fs from 'node:fs/promises';
import path from 'node:path';

export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/** Narrows a file or folder to `mode` if it is wider (older versions made them 0644 and 0755); a missing one, or one owned by someone else, is left. */
export async function tightenMode(target: string, mode: number): Promise<void> {
  const stat = await fs.stat(target).catch(() => undefined);
  if (!stat || (stat.mode & 0o777) === mode) return;
  await fs.chmod(target, mode).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT' && e.code !== 'EPERM') throw e;
  });
}

/** Creates a folder and any missing parents, each 0700 whatever the umask, and narrows the folder itself if it already existed wider. */
export async function makePrivateDir(dir: string): Promise<void> {
  const first = await fs.mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  const dirs = [path.resolve(dir)];
  // mkdir's mode passes through the umask: set each folder it created as well
  if (first) while (dirs[dirs.length - 1] !== path.resolve(first)) dirs.push(path.dirname(dirs[dirs.length - 1]!));
  await Promise.all(dirs.map((d) => tightenMode(d, PRIVATE_DIR)));
}

/** Narrows a folder and every file and folder under it that an older version left wider. */
export async function tightenTree(dir: string): Promise<void> {
  await tightenMode(dir, PRIVATE_DIR);
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await tightenTree(p);
    else if (entry.isFile()) await tightenMode(p, PRIVATE_FILE);
  }
}
