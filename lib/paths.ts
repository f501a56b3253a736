// Finds the project's folders (its root, the content) the same way from source (tsx) and from the compiled dist/ tree; neutral, so every folder may use it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${start}`);
    dir = up;
  }
}

export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const CONTENT_DIR = path.join(PROJECT_ROOT, 'knowledge', 'content');
