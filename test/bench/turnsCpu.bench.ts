// The FAQ bot's work per turn as a count of instructions, which bench:turns' CPU figure (±15% run to run on a shared
// machine) cannot settle: the dev questions go through the endpoint's own handler in this process, one at a time in
// conversations of four turns, after a warm-up. Under callgrind only the measured turns are counted (start-up and
// warm-up run uninstrumented: counted, they varied by 3% run to run), less a run with no turns (the switching itself).
// What still varies is V8's optimising compiler (about an eighth of the count, ±6% of itself), so the figure is also
// given without it: on a quiet machine that one repeats within 1% (0.8% apart in one --repeat 2). On a loaded
// machine (load average 11 on 2 cores) one run counted 70% more, most likely V8's collector, which runs on time as well as work: so
// measure with nothing else running.
//
//   npm run -s bench:turns:cpu                  instructions per turn (two valgrind runs: no turns, then the turns; ~5 min)
//   npm run -s bench:turns:cpu -- --repeat 2    the same twice, to check the figure repeats
//   npm run -s bench:turns:cpu -- --keep        keeps the callgrind profiles for callgrind_annotate
//   npm run -s bench:turns:cpu -- --native      the turns at full speed in this process: ms per turn (noisy), for --cpu-prof
//   npm run -s bench:turns:cpu -- --source      the TypeScript as tsx runs it, rather than the built JavaScript
//
// The bot is measured as `npm start` runs it: the JavaScript tsc builds into dist/ (built here first; tsc is incremental).
// tsx, which runs the TypeScript directly, wraps every named function expression in a helper that keeps its name, a
// cost production never pays; --source measures that way, as this bench did until 2026-12-01 (its figures then).
//   options: --turns N (default: one pass over the dev questions), --warm N (turns before measuring, default twenty
//   passes: with two, V8 was still compiling a third of the measured count, with ten the figure still moved between
//   runs); TURNS_CPU_V8_FLAGS replaces the V8 flags below
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Activity } from 'botbuilder';
import type { MessagesDeps } from '../../bot/http/messages.js';
import { loadDevSet } from '../fixtures/devset.js';
import { turnActivity } from './faqLoad.js';

const TURNS_PER_CONVERSATION = 4;
/**
 * Under callgrind, V8 compiles and collects garbage on the main thread at fixed points rather than on background
 * threads as they get time (the same work, counted the same way), so that two runs count nearly the same. A fixed,
 * large old generation: with the default one, when the old generation was grown and collected varied between runs.
 */
const V8_FLAGS = (process.env['TURNS_CPU_V8_FLAGS'] ?? '--single-threaded --predictable-gc-schedule --max-old-space-size=2048')
  .split(' ')
  .filter(Boolean);

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} takes a whole number, not ${process.argv[at + 1]}`);
  return value;
}

const questions = loadDevSet().onTopic.map((d) => d.q);
const fromSource = process.argv.includes('--source');
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

type BotModules = Awaited<ReturnType<typeof botModules>>;

/** The bot's modules: built (dist/, as `npm start` runs them) or, with --source, the TypeScript through tsx. */
async function botModules() {
  const root = fromSource ? projectRoot : path.join(projectRoot, 'dist');
  const load = <T>(file: string) => import(pathToFileURL(path.join(root, file)).href) as Promise<T>;
  return {
    ...(await load<typeof import('../../bot/app.js')>('bot/app.js')),
    ...(await load<typeof import('../../bot/config/config.js')>('bot/config/config.js')),
    ...(await load<typeof import('../../bot/http/messages.js')>('bot/http/messages.js')),
    ...(await load<typeof import('../../bot/logger.js')>('bot/logger.js')),
  };
}

/** Builds dist/ from the TypeScript (incremental: quick when nothing changed). */
function build(): void {
  execFileSync(path.join(projectRoot, 'node_modules', '.bin', 'tsc'), ['-p', path.join(projectRoot, 'tsconfig.build.json')], { stdio: 'inherit' });
}
const turns = option('turns', questions.length);
const warm = option('warm', 20 * questions.length);

/**
 * Runs `count` turns through the endpoint's handler, in conversations named after `label`, and fails on any error
 * reply. `settle` runs after each turn: it writes what the turn stored, so that the writes do not depend on time.
 */
async function drive(
  handleActivity: BotModules['handleActivity'],
  deps: MessagesDeps,
  label: string,
  count: number,
  settle: () => Promise<void>,
): Promise<void> {
  let conversation = '';
  for (let turn = 0; turn < count; turn++) {
    if (turn % TURNS_PER_CONVERSATION === 0) conversation = `${label}-${turn / TURNS_PER_CONVERSATION}`;
    const activity = { ...turnActivity(conversation, { text: questions[turn % questions.length] as string }), id: `${label}-m-${turn}` } as Partial<Activity>;
    const outcome = await handleActivity(deps, activity, '');
    const replies = (outcome.body as { activities?: unknown[] } | undefined)?.activities;
    if (outcome.status !== 200 || !replies?.length) throw new Error(`turn ${turn} (${label}) answered ${outcome.status} with ${replies?.length ?? 0} replies`);
    await settle();
  }
}

/** Under callgrind (--child), switches counting on or off in this process. */
function counting(on: boolean): void {
  if (process.argv.includes('--child')) execFileSync('callgrind_control', [`--instr=${on ? 'on' : 'off'}`, String(process.pid)], { stdio: 'ignore' });
}

/** The bot as the server builds it, warmed up, then `measured` turns; prints ms per turn. */
async function runTurns(measured: number): Promise<void> {
  const { createApp, loadConfig, createLogger, handleActivity } = await botModules();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhsmail-bench-turns-cpu-'));
  try {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' });
    const logger = createLogger('silent');
    const app = await createApp(config, logger);
    // not app.start(): its timers (the insights' writes each second, the outbox, the state sweep) would run as often
    // as time allows, and under callgrind a turn takes a few hundred times as long. Insight events are written when
    // 500 have gathered, and once after the measured turns (about as often as a second of bench:turns' load does).
    const { adapter, bot, storage } = app.deps;
    const { insights } = app.deps as { insights?: { recorder: { flush(): Promise<void> } } }; // none in older commits
    const deps: MessagesDeps = { config, adapter, logger, logic: (context) => bot.run(context) };
    // Conversation state waits 250 ms before it is written, so that a conversation's quick turns make one write: under
    // callgrind a turn takes about that long, and how many writes a turn made varied with the machine's load. Each
    // turn's state is written after it here, the same count every run (bench:turns makes fewer, a conversation's worth).
    const settle = () => storage.flush();
    await drive(handleActivity, deps, 'warm', warm, settle);
    await insights?.recorder.flush();
    counting(true);
    const t0 = performance.now();
    await drive(handleActivity, deps, 'measured', measured, settle);
    await insights?.recorder.flush();
    const ms = performance.now() - t0;
    counting(false);
    await app.close();
    console.log(`${measured} turns after ${warm} warm-up turns: ${measured ? (ms / measured).toFixed(3) : '-'} ms/turn`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Counted {
  /** all instructions, every thread */
  total: number;
  /** of which V8's optimising compiler (TurboFan, run on the main thread here): it varies most from run to run */
  compiling: number;
}

/** Instructions this script runs under callgrind in its `measured` turns, with the switching on and off. */
function instructions(measured: number, repeat: number): Counted {
  const out = path.join(os.tmpdir(), `turns-cpu-${process.pid}-${repeat}-${measured}.callgrind`);
  const script = fileURLToPath(import.meta.url);
  const run = spawnSync(
    'valgrind',
    ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${out}`, process.execPath, ...V8_FLAGS, '--import', 'tsx', '--no-deprecation', script, '--child', '--turns', String(measured), '--warm', String(warm), ...(fromSource ? ['--source'] : [])],
    { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' }, maxBuffer: 64 * 1024 * 1024 },
  );
  const collected = /Collected : (\d+)/.exec(run.stderr ?? '');
  if (run.status !== 0 || !collected) throw new Error(`valgrind run with ${measured} turns failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const annotated = execFileSync('callgrind_annotate', ['--inclusive=yes', '--auto=no', '--threshold=100', out], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const compiling = /^\s*([\d,]+) .*v8::internal::Runtime_CompileOptimized\(/m.exec(annotated)?.[1];
  if (process.argv.includes('--keep')) console.log(`  profile: ${out}`);
  else fs.rmSync(out, { force: true });
  return { total: Number(collected[1]), compiling: Number((compiling ?? '0').replace(/,/g, '')) };
}

const mega = (n: number) => `${(n / 1e6).toFixed(2)} M`;

if (process.argv.includes('--child')) {
  await runTurns(turns);
} else if (process.argv.includes('--native')) {
  if (!fromSource) build();
  await runTurns(turns);
} else {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('valgrind is not installed: use --native for ms per turn, or install valgrind for instruction counts');
  }
  if (!fromSource) build();
  const repeat = option('repeat', 1);
  console.log(`${fromSource ? 'the TypeScript through tsx' : 'the built JavaScript (dist/)'}: ${turns} dev-question turns, ${TURNS_PER_CONVERSATION} a conversation, after ${warm} warm-up turns; instructions under callgrind, all threads`);
  for (let r = 0; r < repeat; r++) {
    const base = instructions(0, r + 1);
    const run = instructions(turns, r + 1);
    const perTurn = (run.total - base.total) / turns;
    const compiling = (run.compiling - base.compiling) / turns;
    console.log(
      `run ${r + 1}: ${mega(run.total)} in the turns, ${mega(base.total)} with none: ${mega(perTurn)} instructions per turn, ` +
        `${mega(perTurn - compiling)} besides V8's optimising compiler (${mega(compiling)})`,
    );
  }
}
