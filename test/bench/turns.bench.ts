// Measures FAQ turns through POST /api/messages against an echo bot on the same stack, before and after 100,000 stored conversations.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { execSync, fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FileStorage } from '../../bot/storage/fileStorage.js';
import { loadDevSet } from '../fixtures/devset.js';
import { load as loadQuestions } from './faqLoad.js';
import { summarize } from './stats.js';

const CLIENTS = 16;
const TURNS_PER_CONVERSATION = 4;
/** seconds per run; each server gets ROUNDS runs per measurement, alternating with the other */
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
/**
 * Warm-up runs per server before anything is measured. The FAQ bot took about a minute of load to settle (its
 * many code paths are optimised later than the echo's one): with 3 warm-up runs its first measurement came
 * out 20-45% below its second, with 8 the two agree within the machine's noise.
 */
const WARM_RUNS = Number(process.env['BENCH_WARM_RUNS'] ?? 8);
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

interface Run {
  latencies: number[];
  seconds: number;
  failures: number;
  clientCpuSeconds: number;
  serverCpuSeconds: number;
  memory: NodeJS.MemoryUsage;
}

async function measured(server: Served, questions: string[], label: string): Promise<Run> {
  await quietDisk();
  await server.control('profile:start');
  const before = await server.usage();
  const result = await load(server.url, questions, label);
  const after = await server.usage();
  await server.control('profile:stop');
  const serverCpuSeconds = (after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system) / 1e6;
  return { ...result, serverCpuSeconds, memory: after.memory };
}

/** Several runs of one server taken together: throughput over their total time, latency over all turns. */
function combine(runs: Run[]) {
  const latencies = runs.flatMap((r) => r.latencies);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  const turnsPerSecond = latencies.length / seconds;
  const serverCpu = runs.reduce((s, r) => s + r.serverCpuSeconds, 0) / seconds;
  return {
    turns: latencies.length,
    turnsPerSecond,
    ...summarize(latencies),
    failures: runs.reduce((s, r) => s + r.failures, 0),
    serverCpu,
    cpuPerTurnMs: (1000 * serverCpu) / turnsPerSecond,
    clientCpu: runs.reduce((s, r) => s + r.clientCpuSeconds, 0) / seconds,
    memory: (runs[runs.length - 1] as Run).memory,
    perRun: runs.map((r) => r.latencies.length / r.seconds),
  };
}

/**
 * The echo bot and the FAQ bot in alternating runs, so that a slow spell of this shared machine falls on both
 * rather than on whichever happened to be measured then; returns each server's runs combined.
 */
async function compare(echo: Served, bot: Served, questions: string[], label: string) {
  const echoRuns: Run[] = [];
  const botRuns: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    echoRuns.push(await measured(echo, questions, `${label}-echo-${round}`));
    botRuns.push(await measured(bot, questions, `${label}-faq-${round}`));
  }
  return { echo: combine(echoRuns), faq: combine(botRuns) };
}

const load = (url: string, questions: string[], label: string) =>
  loadQuestions(url, questions, label, { clients: CLIENTS, seconds: SECONDS, turnsPerConversation: TURNS_PER_CONVERSATION });

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
const fmt = (r: ReturnType<typeof combine>) =>
  `${r.turnsPerSecond.toFixed(0).padStart(5)} turns/s (runs: ${r.perRun.map((t) => t.toFixed(0)).join(', ')}), p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms (${r.turns} turns, ${r.failures} failed; ` +
  `server CPU ${(100 * r.serverCpu).toFixed(0)}% of a core, ${r.cpuPerTurnMs.toFixed(2)} ms/turn; load generator ${(100 * r.clientCpu).toFixed(0)}%)`;

const questions = loadDevSet().onTopic.map((d) => d.q);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhsmail-bench-turns-'));
// The same files the bot's own storage uses; the bot process reads them on demand.
const storage = new FileStorage(path.join(dataDir, 'state'), { ttlMs: 24 * 3_600_000 });
const bot = await serve('bot', dataDir);
const echo = await serve('echo');
try {
  // Warm-up, not reported: each server runs the measured workload first, so both are measured in their steady state.
  for (let i = 0; i < WARM_RUNS; i++) {
    await load(bot.url, questions, `warm-${i}`);
    await load(echo.url, questions, `warm-${i}`);
  }
  await prefill(storage, 100);
  const { echo: echo1, faq: faq1 } = await compare(echo, bot, questions, 'first');
  const mem1 = faq1.memory;
  console.log(
    `clients ${CLIENTS}, new conversation every ${TURNS_PER_CONVERSATION} turns; each server in its own process; ` +
      `${ROUNDS} runs of ${SECONDS} s per server, echo and FAQ alternating`,
  );
  console.log(`echo bot                      : ${fmt(echo1)}`);
  console.log(`FAQ bot, ~100 stored convs    : ${fmt(faq1)}   ratio to echo ${(100 * faq1.turnsPerSecond / echo1.turnsPerSecond).toFixed(0)}% (goal >= 50%)`);
  console.log(`  bot memory: rss ${mb(mem1.rss)}, heap ${mb(mem1.heapUsed)}`);

  const t0 = performance.now();
  await prefill(storage, STORED);
  console.log(`stored ${STORED.toLocaleString('en-GB')} more conversations in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const { echo: echo2, faq: faq2 } = await compare(echo, bot, questions, 'second');
  const mem2 = faq2.memory;
  console.log(`echo bot                      : ${fmt(echo2)}`);
  console.log(`FAQ bot, ${STORED.toLocaleString('en-GB')} stored convs : ${fmt(faq2)}   ratio to echo ${(100 * faq2.turnsPerSecond / echo2.turnsPerSecond).toFixed(0)}%`);
  console.log(`  bot memory: rss ${mb(mem2.rss)}, heap ${mb(mem2.heapUsed)}`);
  console.log(
    `FAQ throughput after ${STORED.toLocaleString('en-GB')} stored vs 100: ${(100 * faq2.turnsPerSecond / faq1.turnsPerSecond).toFixed(0)}% ` +
      `(p95 ${faq1.p95.toFixed(1)} -> ${faq2.p95.toFixed(1)} ms; goal: no worse); the echo bot, which stores nothing, ` +
      `ran at ${(100 * echo2.turnsPerSecond / echo1.turnsPerSecond).toFixed(0)}% of its first figure in the same windows`,
  );
} finally {
  // Wait for both servers to exit, or the bot may still be writing state while its folder is removed.
  const exited = [echo.child, bot.child].map((c) => new Promise((r) => (c.exitCode === null ? c.once('exit', r) : r(null))));
  echo.child.disconnect();
  bot.child.disconnect();
  await Promise.all(exited);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
