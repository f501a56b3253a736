// writeFileAtomic: the file is replaced whole, private to the bot's user, even over a temporary file a crash left behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { writeFileAtomic } from '../../lib/atomicWrite.js';

describe('lib/atomicWrite', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const fsync of [false, true]) {
    describe(fsync ? 'with fsync' : 'without fsync', () => {
      it('replaces the file and leaves no temporary file', async () => {
        const file = path.join(dir, 'a.json');
        await writeFileAtomic(file, 'one', { fsync });
        await writeFileAtomic(file, 'two', { fsync });
        expect(fs.readFileSync(file, 'utf8')).to.equal('two');
        expect(fs.readdirSync(dir)).to.deep.equal(['a.json']);
      });

      it('makes the file 0600 even when a crash left a world-readable temporary file', async function () {
        if (process.platform === 'win32') this.skip();
        const file = path.join(dir, 'a.json');
        fs.writeFileSync(path.join(dir, '.a.json.tmp'), 'half', { mode: 0o644 });
        fs.chmodSync(path.join(dir, '.a.json.tmp'), 0o644);
        await writeFileAtomic(file, 'whole', { fsync });
        expect(fs.readFileSync(file, 'utf8')).to.equal('whole');
        expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
      });
    });
  }

  it('leaves the old version in place when the write fails', async () => {
    const file = path.join(dir, 'a.json');
    await writeFileAtomic(file, 'old');
    fs.mkdirSync(path.join(dir, '.a.json.tmp', 'blocker'), { recursive: true });
    let failed = false;
    await writeFileAtomic(file, 'new').catch(() => (failed = true));
    expect(failed).to.equal(true);
    expect(fs.readFileSync(file, 'utf8')).to.equal('old');
  });
});
