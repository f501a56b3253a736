// Runs the real bot (bot/main.ts) as its own process on a chosen port, as a deployment runs each instance, for multi-instance tests and benches.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = path.join(ROOT, 'bot', 'main.ts');
/** lines of output kept per process, shown when something goes wrong */
const KEPT_LINES = 200;

export interface BotProcess {
  name: string;
  pid: number;
  port: number;
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** the last lines the process wrote (stdout and stderr) */
  output(): string;
  /** resolves with the exit code (or signal) once the process has gone */
  exited: Promise<number | string | null>;
  /** SIGTERM (a clean shutdown) unless told otherwise, then waits for the exit */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** A port nothing listens on just now (the kernel's choice, released at once). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `node --import tsx bot/main.ts` (not the tsx CLI, which would run the bot in a grandchild that a
 * SIGKILL of the CLI leaves running) with its own PORT and DATA_DIR and the given settings, and resolves
 * once /ready answers 200. The environment is built from scratch, so nothing of the caller's leaks in.
 */
export async function startBotProcess(name: string, env: Record<string, string>, timeoutMs = 45_000): Promise<BotProcess> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `nhsmail-${name}-`));
  const child = spawn(process.execPath, ['--import', 'tsx', '--disable-warning=DEP0111', MAIN], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? os.tmpdir(), NODE_ENV: 'test', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: String(port), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;
  const bot: BotProcess = {
    name,
    pid: child.pid ?? -1,
    port,
    url,
    dataDir,
    child,
    output: () => lines.join('\n'),
    exited,
    async stop(signal = 'SIGTERM') {
      if (!gone) child.kill(signal);
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (gone) throw new Error(`${name} exited before it was ready:\n${bot.output()}`);
    const ready = await fetch(`${url}/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return bot;
    if (Date.now() > until) {
      await bot.stop('SIGKILL');
      throw new Error(`${name} was not ready within ${timeoutMs} ms:\n${bot.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
