// npm run teams:local: the bot plus Microsoft 365 Agents Playground (a Teams-like client that runs offline),
// started together and stopped together, so anyone can try the Teams experience without Azure or a tenant.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createApp, type App } from '../bot/app.js';
import { ConfigError, loadConfig } from '../bot/config/config.js';
import { PLAYGROUND_TEAM, allowListEntry } from '../bot/helpdesk/allowList.js';
import { createLogger } from '../bot/logger.js';
import { PROJECT_ROOT } from '../lib/paths.js';

export interface TeamsLocal {
  app: App;
  botUrl: string;
  playgroundUrl: string;
  playground: ChildProcess;
  stop(): Promise<void>;
}

export interface TeamsLocalOptions {
  env?: NodeJS.ProcessEnv;
  playgroundPort?: number;
  /** where the playground's own output goes; default: this process's stderr */
  playgroundOutput?: 'inherit' | 'ignore';
}

const PLAYGROUND_BIN = path.join(PROJECT_ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`Agents Playground exited (code ${child.exitCode}) before it was ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Agents Playground did not answer on ${url} within ${timeoutMs / 1000} s`);
}

/**
 * The environment the bot starts with: the Playground's own team is allowed to hold the helpdesk channel
 * (so "register helpdesk channel" works in its General channel), unless the operator set the allow-list.
 */
export function teamsLocalEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.HELPDESK_CHANNEL_ALLOWLIST !== undefined) return env;
  return { ...env, HELPDESK_CHANNEL_ALLOWLIST: allowListEntry(PLAYGROUND_TEAM) };
}

/** Starts the bot (in this process) and the playground (a child process) pointing at it. */
export async function startTeamsLocal(options: TeamsLocalOptions = {}): Promise<TeamsLocal> {
  const env = teamsLocalEnv(options.env ?? process.env);
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  await new Promise<void>((resolve) => app.server.listen(config.port, '127.0.0.1', () => resolve()));
  app.start();
  const botUrl = `http://127.0.0.1:${app.server.address().port}`;
  const port = options.playgroundPort ?? Number(env.PLAYGROUND_PORT ?? 56150);

  const playground = spawn(
    process.execPath,
    [PLAYGROUND_BIN, '-e', `${botUrl}/api/messages`, '-c', 'msteams', '-p', String(port), '--disable-telemetry'],
    {
      // Without TEAMSAPPTESTER_BROWSER=none the playground tries to open a browser and exits silently.
      env: { ...env, TEAMSAPPTESTER_BROWSER: 'none' },
      stdio: ['ignore', options.playgroundOutput ?? 'inherit', options.playgroundOutput ?? 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => playground.once('exit', () => resolve()));
  const stop = async () => {
    if (playground.exitCode === null && playground.signalCode === null) {
      playground.kill('SIGTERM');
      const timer = setTimeout(() => playground.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await app.close();
  };
  const playgroundUrl = `http://localhost:${port}`;
  try {
    await waitForHttp(playgroundUrl, playground, 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { app, botUrl, playgroundUrl, playground, stop };
}

async function main(): Promise<void> {
  let local: TeamsLocal;
  try {
    local = await startTeamsLocal();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : `teams:local could not start: ${(err as Error).message}`);
    process.exit(1);
  }
  console.log(
    [
      '',
      `  Bot:               ${local.botUrl}/api/messages (web chat at ${local.botUrl}/)`,
      `  Agents Playground: ${local.playgroundUrl}  <- open this to chat with the bot as in Teams`,
      '  Ctrl+C stops both.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    local.stop().then(
      () => process.exit(code),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
  local.playground.once('exit', (code) => {
    if (!stopping) console.error(`Agents Playground exited (code ${code}); stopping the bot.`);
    stop(code ?? 1);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
