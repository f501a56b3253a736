// One process per DATA_DIR without DATABASE_URL: real bot processes on one folder, a second refused, a restart after SIGKILL let in.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { createApp } from '../../../bot/app.js';
import { loadConfig } from '../../../bot/config/config.js';
import { createLogger } from '../../../bot/logger.js';
import { DataDirLockedError, lockDataDir } from '../../../bot/storage/dataDirLock.js';
import { tempDir } from '../../helpdesk/fixtures/tickets.js';

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bot', 'main.ts');
const STALE_SECONDS = 2;

interface Bot {
  child: ChildProcessWithoutNullStreams;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startProcess(dataDir: string): Bot {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      DATABASE_URL: '',
      DATA_DIR_LOCK_STALE_SECONDS: String(STALE_SECONDS),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => err, exited };
}

/** Resolves with the port once the process says it listens; rejects if it exits first. */
function listening(bot: Bot): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    void bot.exited.then((code) => reject(new Error(`the bot exited (${code}): ${bot.stderr()}`)));
    bot.child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /"port":(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
  });
}

describe('DATA_DIR lock', function () {
  this.timeout(60_000);
  const running: Bot[] = [];
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('datadir-lock-');
  });
  afterEach(async () => {
    for (const bot of running.splice(0)) {
      if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
      await bot.exited;
    }
    dir.remove();
  });
  const start = (dataDir = dir.dir) => {
    const bot = startProcess(dataDir);
    running.push(bot);
    return bot;
  };

  it('refuses a second process on the same folder (exit 1, naming the folder, suggesting DATABASE_URL); a restart after SIGKILL gets in within the stale window', async () => {
    const first = start();
    const port = await listening(first);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).to.equal(200);

    const second = start();
    expect(await second.exited).to.equal(1);
    expect(second.stderr()).to.include(`DATA_DIR ${dir.dir} is in use`).and.include('DATABASE_URL');
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status, 'the first carries on').to.equal(200);

    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();
    const lock = await lockDataDir(dir.dir, { staleMs: STALE_SECONDS * 1000, onCompromised: () => undefined });
    expect(Date.now() - killedAt, 'in within the stale window').to.be.below(STALE_SECONDS * 1000 + 1_500);
    await lock.release();
    // and the whole app starts there, taking the lock that was just let go
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir.dir, PORT: '0', DATA_DIR_LOCK_STALE_SECONDS: String(STALE_SECONDS) });
    const restarted = await createApp(config, createLogger('silent'));
    await restarted.close();
  });

  it('is refused in-process too while held, and free again once released', async () => {
    const lock = await lockDataDir(dir.dir, { staleMs: 2_000, onCompromised: () => undefined });
    const err = await lockDataDir(dir.dir, { staleMs: 2_000, onCompromised: () => undefined }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(DataDirLockedError);
    await lock.release();
    const again = await lockDataDir(dir.dir, { staleMs: 2_000, onCompromised: () => undefined });
    await again.release();
  });
});
