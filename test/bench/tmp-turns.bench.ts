// Measures FAQ turns through POST /api/messages against an echo bot on the same stack, before and after 100,000 stored conversations.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { execSync, fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FileStorage } from '../../bot/fileStorage.js';
import { loadDevSet } from '../fixtures/devset.js';
import { summarize } from './stats.js';

const CLIENTS = 16;
const TURNS_PER_CONVERSATION = 4;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const STORED = Number(process.env['BENCH_STORED'] ?? 100_000);

/** Starts a server in its own process, as it would run in production; the load comes from this one. */
interface Usage {
  memory: NodeJS.MemoryUsage;
  cpu: NodeJS.CpuUsage;
}

interface Served {
  url: string;
  child: ChildProcess;
  usage(): Promise<Usage>;
  /** 'profile:start' / 'profile:stop' (profiles are written only when BENCH_PROFILE names a folder) */
  control(msg: string): Promise<void>;
}

function serve(kind: 'echo' | 'bot', dataDir?: string): Promise<Served> {
  const child = fork(fileURLToPath(new URL('./servers/serve.ts', import.meta.url)), [kind, ...(dataDir ? [dataDir] : [])], {
    execArgv: ['--import', 'tsx', '--no-deprecation', ...(process.env['BENCH_NODE_FLAGS'] ? process.env['BENCH_NODE_FLAGS'].split(' ') : [])],
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (msg) => {
      const { port } = msg as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}/api/messages`,
        child,
        usage: () =>
          new Promise((res) => {
            child.once('message', (m) => res(m as Usage));
            child.send('memory');
          }),
        control: (msg: string) =>
          new Promise<void>((res) => {
            child.once('message', () => res());
            child.send(msg);
          }),
      });
    });
  });
}

/** Runs a load and reports how busy the server process was meanwhile (share of one core). */
/** Lets the kernel write back the files earlier runs left dirty, so no run is measured against another's disk traffic. */
async function quietDisk() {
  execSync('sync');
  await new Promise((r) => setTimeout(r, 2000));
}

async function measured(server: Served, questions: string[], label: string) {
  await quietDisk();
  await server.control('profile:start');
  const before = await server.usage();
  const result = await load(server.url, questions, label);
  const after = await server.usage();
  await server.control('profile:stop');
  const seconds = result.turns / result.turnsPerSecond;
  const serverCpu = (after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system) / 1e6 / seconds;
  return { ...result, serverCpu, cpuPerTurnMs: (1000 * serverCpu) / result.turnsPerSecond, memory: after.memory };
}

/** 16 clients send questions for SECONDS, each starting a new conversation every few turns. */
async function load(url: string, questions: string[], label: string) {
  const latencies: number[] = [];
  let failures = 0;
  const end = performance.now() + SECONDS * 1000;
  let seq = 0;
  const client = async (c: number) => {
    let conversation = '';
    for (let turn = 0; performance.now() < end; turn++) {
      if (turn % TURNS_PER_CONVERSATION === 0) conversation = `${label}-${c}-${turn}-${Math.random().toString(36).slice(2)}`;
      const text = questions[seq++ % questions.length] as string;
      const t0 = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          channelId: 'webchat',
          serviceUrl: 'http://127.0.0.1:1/',
          deliveryMode: 'expectReplies',
          conversation: { id: conversation },
          from: { id: `user-${conversation}` },
          recipient: { id: 'bot' },
          text,
        }),
      });
      const body = (await res.json()) as { activities?: unknown[] };
      if (res.status !== 200 || !body.activities?.length) failures++;
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const clientCpu = (cpu.user + cpu.system) / 1e6 / seconds;
  return { turnsPerSecond: latencies.length / seconds, ...summarize(latencies), failures, turns: latencies.length, clientCpu };
}

/** Writes conversation state for `count` conversations straight into the bot's storage. */
async function prefill(storage: { write(changes: Record<string, unknown>): Promise<void> }, count: number) {
  const batch = 200;
  for (let i = 0; i < count; i += batch) {
    const changes: Record<string, unknown> = {};
    for (let k = i; k < Math.min(i + batch, count); k++) {
      changes[`webchat/conversations/stored-${k}/`] = { dialogState: { dialogStack: [] }, faq: { lastAnswer: { entryId: 'locked-out', question: 'locked out' } }, eTag: '*' };
    }
    await storage.write(changes);
  }
  await (storage as FileStorage).flush();
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const fmt = (r: Awaited<ReturnType<typeof measured>>) =>
  `${r.turnsPerSecond.toFixed(0).padStart(5)} turns/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms (${r.turns} turns, ${r.failures} failed; ` +
  `server CPU ${(100 * r.serverCpu).toFixed(0)}% of a core, ${r.cpuPerTurnMs.toFixed(2)} ms/turn; load generator ${(100 * r.clientCpu).toFixed(0)}%)`;

const questions = loadDevSet().onTopic.map((d) => d.q);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhsmail-bench-turns-'));
// The same files the bot's own storage uses; the bot process reads them on demand.
const storage = new FileStorage(path.join(dataDir, 'state'), { ttlMs: 24 * 3_600_000 });
const bot = await serve('bot', dataDir);
const echo = await serve('echo');
try {
  // Warm-up, not reported: each server runs the measured workload once, so both are measured with compiled code.
  await load(bot.url, questions, 'warm');
  await load(echo.url, questions, 'warm');
  await prefill(storage, 100);
  const r = await measured(bot, questions, `faq`);
  console.log(`faq run: ${fmt(r)} heap ${mb(r.memory.heapUsed)}`);
} finally {
  // Wait for both servers to exit, or the bot may still be writing state while its folder is removed.
  const exited = [echo.child, bot.child].map((c) => new Promise((r) => (c.exitCode === null ? c.once('exit', r) : r(null))));
  echo.child.disconnect();
  bot.child.disconnect();
  await Promise.all(exited);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
