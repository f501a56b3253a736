// Measures the bot as several instances on PostgreSQL against the file backend: FAQ turns/s, p95 and CPU per turn with
// one, two and three instances; ticket filing p95 with up to 100,000 tickets on record; outbox delivery lag with three instances.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { HelpdeskService } from '../../helpdesk/service.js';
import { PgTicketStore } from '../../helpdesk/pgTicketStore.js';
import { loadDevSet } from '../fixtures/devset.js';
import { sampleRequest, sampleStoredTicket } from '../helpdesk/fixtures/tickets.js';
import { startBotProcess, type BotProcess } from '../support/botProcesses.js';
import { createTestDatabase, postgresReachable } from '../support/postgres.js';
import { metaOf } from '../support/replies.js';
import { load, postTurn, type LoadResult } from './faqLoad.js';
import { cpuSeconds, postgresCpuSeconds } from './procCpu.js';
import { ms, percentile, summarize } from './stats.js';

const CLIENTS = 16;
const TURNS_PER_CONVERSATION = 4;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 4);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
/** load spread over every instance before anything is measured (the turns bench found the FAQ path settles slowly) */
const WARM_SECONDS = Number(process.env['BENCH_WARM_SECONDS'] ?? 20);
const TICKET_SIZES = [1_000, 10_000, 100_000];
const SEQUENTIAL_FILINGS = 400;
const CONCURRENT_FILINGS = 100;
const LAG_FILINGS = Number(process.env['BENCH_LAG_FILINGS'] ?? 150);
const LAG_CLIENTS = 10;
const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';
const GOALS = { filingP95Ms: 20, flatRatio: 2, lagP99Ms: 5_000 };

const sleep = (millis: number) => new Promise((r) => setTimeout(r, millis));

const botsCpu = (bots: readonly BotProcess[]) => bots.reduce((s, b) => s + (cpuSeconds(b.pid) ?? 0), 0);

// ---- FAQ turns -----------------------------------------------------------------------------------

interface TurnsRow {
  setup: string;
  turnsPerSecond: number;
  p50: number;
  p95: number;
  failures: number;
  botCpuMsPerTurn: number;
  pgCpuMsPerTurn: number;
  clientCpu: number;
}

const questions = loadDevSet().onTopic.map((d) => d.q);

interface Setup {
  name: string;
  /** the instances the load goes to (and whose CPU it is charged with) */
  bots: readonly BotProcess[];
  withPostgres: boolean;
}

/**
 * Every set-up is warmed together, then measured in alternating runs (files, one, two, three instances, again),
 * so that a slow spell of this shared machine falls on all of them rather than on whichever ran then.
 */
async function measureTurns(setups: readonly Setup[]): Promise<TurnsRow[]> {
  const options = { clients: CLIENTS, seconds: SECONDS, turnsPerConversation: TURNS_PER_CONVERSATION };
  const everyInstance = [...new Set(setups.flatMap((s) => s.bots))].map((b) => `${b.url}/api/messages`);
  await load(everyInstance, questions, 'warm', { ...options, seconds: WARM_SECONDS });
  const runs = setups.map(() => ({ results: [] as LoadResult[], botCpu: 0, pgCpu: 0 }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, setup] of setups.entries()) {
      const bot0 = botsCpu(setup.bots);
      const pg0 = setup.withPostgres ? postgresCpuSeconds() : 0;
      runs[i]!.results.push(await load(setup.bots.map((b) => `${b.url}/api/messages`), questions, `${i}-${round}`, options));
      runs[i]!.botCpu += botsCpu(setup.bots) - bot0;
      runs[i]!.pgCpu += setup.withPostgres ? postgresCpuSeconds() - pg0 : 0;
    }
  }
  return setups.map((setup, i) => {
    const { results, botCpu, pgCpu } = runs[i]!;
    const latencies = results.flatMap((r) => r.latencies);
    const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
    const turns = latencies.length;
    return {
      setup: setup.name,
      turnsPerSecond: turns / seconds,
      ...summarize(latencies),
      failures: results.reduce((sum, r) => sum + r.failures, 0),
      botCpuMsPerTurn: (1000 * botCpu) / turns,
      pgCpuMsPerTurn: (1000 * pgCpu) / turns,
      clientCpu: results.reduce((sum, r) => sum + r.clientCpuSeconds, 0) / seconds,
    };
  });
}

// ---- ticket filing with many on record -----------------------------------------------------------

interface FilingRow {
  size: number;
  seedMs: number;
  p50: number;
  p95: number;
  max: number;
  concurrentP95: number;
}

/** Adds tickets up to `to` in the shape PgTicketStore writes, with one statement (resolved every third, 20,000 requesters, 90 days). */
async function seedTickets(pool: pg.Pool, from: number, to: number): Promise<void> {
  const open = sampleStoredTicket(1);
  const resolved = sampleStoredTicket(3);
  await pool.query(
    `INSERT INTO tickets (seq, ref, version, type, status, requester_key, conversation_key, idempotency_key, created_at, resolved_at, data)
     SELECT g, r.ref, 1, 'extra-accounts', r.status, '["bench","' || r.who || '"]', '["bench","' || r.conv || '"]', NULL, r.at,
            CASE WHEN r.status = 'resolved' THEN r.at END,
            (CASE WHEN r.status = 'resolved' THEN $4::jsonb ELSE $3::jsonb END) || jsonb_build_object(
              'seq', g, 'ref', r.ref, 'createdAt', r.iso, 'updatedAt', r.iso,
              'requester', jsonb_build_object('channelId', 'bench', 'userId', r.who,
                'conversation', jsonb_build_object('conversation', jsonb_build_object('id', r.conv), 'serviceUrl', 'http://127.0.0.1:1')))
     FROM generate_series($1::bigint, $2::bigint) g,
     LATERAL (SELECT 'NHSM-' || lpad(g::text, 6, '0') AS ref, CASE WHEN g % 3 = 0 THEN 'resolved' ELSE 'new' END AS status,
                     'user-' || (g % 20000) AS who, 'conv-' || (g % 20000) AS conv,
                     now() - (g % 129600) * interval '1 minute' AS at,
                     to_char((now() - (g % 129600) * interval '1 minute') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS iso) r`,
    [from, to, open, resolved],
  );
  await pool.query("SELECT setval('ticket_ref_seq', (SELECT max(seq) FROM tickets))");
  // as autovacuum would soon after a load like this; and the load's writes out of the way of the measured filings
  await pool.query('VACUUM ANALYZE tickets');
  await pool.query('CHECKPOINT');
}

async function measureFilings(url: string): Promise<FilingRow[]> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const store = new PgTicketStore(pool);
  const service = new HelpdeskService(store, { channels: () => ['webhook'] });
  const rows: FilingRow[] = [];
  try {
    for (const size of TICKET_SIZES) {
      const t0 = performance.now();
      await seedTickets(pool, (await store.count()) + 1, size);
      const seedMs = performance.now() - t0;
      for (let i = 0; i < 50; i++) await service.file(sampleRequest('extra-accounts', `warm-${size}-${i}`));
      const samples: number[] = [];
      for (let i = 0; i < SEQUENTIAL_FILINGS; i++) {
        const s = performance.now();
        await service.file(sampleRequest(i % 2 ? 'leaver' : 'extra-accounts', `seq-${size}-${i}`));
        samples.push(performance.now() - s);
      }
      const each: number[] = [];
      await Promise.all(
        Array.from({ length: CONCURRENT_FILINGS }, async (_, i) => {
          const s = performance.now();
          await service.file(sampleRequest('locked-out', `conc-${size}-${i}`));
          each.push(performance.now() - s);
        }),
      );
      rows.push({ size, seedMs, ...summarize(samples), concurrentP95: summarize(each).p95 });
    }
  } finally {
    await store.close();
    await pool.end();
  }
  return rows;
}

// ---- outbox delivery lag -------------------------------------------------------------------------

/** A webhook that answers 204 at once and notes when each event (by id) first arrived, against when it was filed. */
class LagReceiver {
  readonly lags = new Map<string, number>();
  private readonly server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const arrived = Date.now();
      const event = JSON.parse(body) as { id: string; at: string };
      if (!this.lags.has(event.id)) this.lags.set(event.id, arrived - Date.parse(event.at));
      res.writeHead(204);
      res.end();
    });
  });
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Files through chat, each turn to the next instance: a locked-out request and its Send button. */
async function fileThroughChat(urls: readonly string[], n: number): Promise<void> {
  let next = 0;
  const say = async (conversation: string, input: { text: string } | { value: unknown }) => {
    const res = await postTurn(urls[next++ % urls.length] as string, conversation, input);
    if (res.status !== 200) throw new Error(`filing turn answered ${res.status}`);
    return ((await res.json()) as { activities?: { channelData?: unknown }[] }).activities ?? [];
  };
  let started = 0;
  const client = async () => {
    while (started < n) {
      started++;
      const conversation = randomUUID();
      let replies: { channelData?: unknown }[] = [];
      for (const text of ["I'm locked out and the self-service reset didn't work", 'Jane Smith', 'jane.smith@nhs.net', '07700 900123', 'Sunrise Care Home', 'V12345']) replies = await say(conversation, { text });
      const nonce = metaOf(replies.at(-1))['nonce'];
      await say(conversation, { value: { action: 'request', op: 'confirm', nonce } });
    }
  };
  await Promise.all(Array.from({ length: LAG_CLIENTS }, client));
}

// ---- the run -------------------------------------------------------------------------------------

if (!(await postgresReachable())) {
  console.error('bench:scale needs PostgreSQL (TEST_DATABASE_URL, or postgres on 127.0.0.1:5432)');
  process.exit(1);
}
const started = performance.now();
const loadAtStart = os.loadavg()[0]!;
const turnsRows: TurnsRow[] = [];
const bots: BotProcess[] = [];
const hook = await new LagReceiver().start();
const turnsDb = await createTestDatabase('benchscale');
const ticketsDb = await createTestDatabase('benchtickets');
let filingRows: FilingRow[] = [];
let lags: number[] = [];
let lagDrainMs = 0;
try {
  // the file backend: one process, as it must be; PostgreSQL: three instances, loaded one, two and three at a time
  bots.push(await startBotProcess('bench-files', { LOG_LEVEL: 'silent' }));
  const env = { LOG_LEVEL: 'silent', DATABASE_URL: turnsDb.url, HELPDESK_WEBHOOK_URL: hook.url, HELPDESK_WEBHOOK_SECRET: WEBHOOK_SECRET };
  const onPg = await Promise.all([1, 2, 3].map((n) => startBotProcess(`bench-pg-${n}`, env)));
  bots.push(...onPg);
  turnsRows.push(
    ...(await measureTurns([
      { name: 'files, 1 instance', bots: [bots[0]!], withPostgres: false },
      ...[1, 2, 3].map((n) => ({ name: `PostgreSQL, ${n} instance${n > 1 ? 's' : ''}`, bots: onPg.slice(0, n), withPostgres: true })),
    ])),
  );
  await bots.shift()!.stop();

  const t0 = Date.now();
  await fileThroughChat(
    bots.map((b) => `${b.url}/api/messages`),
    LAG_FILINGS,
  );
  const pool = new pg.Pool({ connectionString: turnsDb.url, max: 1 });
  try {
    for (;;) {
      const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_events');
      if (rows[0]!.n === 0 || Date.now() - t0 > 120_000) break;
      await sleep(100);
    }
  } finally {
    await pool.end();
  }
  lagDrainMs = Date.now() - t0;
  lags = [...hook.lags.values()].sort((a, b) => a - b);

  filingRows = await measureFilings(ticketsDb.url);
} finally {
  await Promise.all(bots.map((b) => b.stop()));
  await hook.close();
  await turnsDb.drop();
  await ticketsDb.drop();
}

// ---- the report ----------------------------------------------------------------------------------

const files = turnsRows[0]!;
console.log(
  `\nFAQ turns: ${CLIENTS} clients, expectReplies, a new conversation every ${TURNS_PER_CONVERSATION} turns, each request to the next instance; ` +
    `${WARM_SECONDS} s warm-up over every instance, then ${ROUNDS} x ${SECONDS} s per set-up, set-ups alternating. Each instance is its own process ` +
    '(node --import tsx bot/main.ts); CPU is that of the loaded instances (/proc/<pid>/stat) and of every postgres process.',
);
console.log('set-up                   | turns/s | vs files | p50       | p95       | failed | bot CPU/turn | PostgreSQL CPU/turn | server CPU/turn | load generator');
for (const r of turnsRows) {
  console.log(
    [
      r.setup.padEnd(24),
      r.turnsPerSecond.toFixed(0).padStart(7),
      `${((100 * r.turnsPerSecond) / files.turnsPerSecond).toFixed(0)}%`.padStart(8),
      ms(r.p50).padStart(9),
      ms(r.p95).padStart(9),
      String(r.failures).padStart(6),
      ms(r.botCpuMsPerTurn).padStart(12),
      ms(r.pgCpuMsPerTurn).padStart(19),
      ms(r.botCpuMsPerTurn + r.pgCpuMsPerTurn).padStart(15),
      `${(100 * r.clientCpu).toFixed(0)}% of a core`,
    ].join(' | '),
  );
}

console.log(`\nTicket filing through HelpdeskService + PgTicketStore (${SEQUENTIAL_FILINGS} one after another, then ${CONCURRENT_FILINGS} at once; rows seeded with INSERT ... SELECT generate_series, then VACUUM ANALYZE and CHECKPOINT)`);
console.log('on record | seeded in   | p50       | p95       | max       | 100 at once: p95');
for (const r of filingRows) {
  console.log([String(r.size).padStart(9), ms(r.seedMs).padStart(11), ms(r.p50).padStart(9), ms(r.p95).padStart(9), ms(r.max).padStart(9), ms(r.concurrentP95)].join(' | '));
}

console.log(
  `\nOutbox delivery lag, three instances, webhook up: ${LAG_FILINGS} tickets filed through chat by ${LAG_CLIENTS} clients (turns spread across the instances); ` +
    `${lags.length} events received, outbox empty ${(lagDrainMs / 1000).toFixed(1)} s after the first filing began`,
);
console.log(`lag from filing to the webhook: p50 ${ms(percentile(lags, 50))}, p95 ${ms(percentile(lags, 95))}, p99 ${ms(percentile(lags, 99))}, max ${ms(lags.at(-1) ?? NaN)}`);

const first = filingRows[0];
const last = filingRows.at(-1);
const lagP99 = percentile(lags, 99);
const flat = first && last ? last.p95 / first.p95 : NaN;
const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED');
console.log('\nfigure                                             | measured            | goal');
const pgRows = turnsRows.slice(1);
for (const r of pgRows) console.log(`${`FAQ turns/s, ${r.setup}`.padEnd(50)} | ${r.turnsPerSecond.toFixed(0).padStart(5)}/s, p95 ${ms(r.p95).padStart(9)} | (files: ${files.turnsPerSecond.toFixed(0)}/s, p95 ${ms(files.p95)})`);
for (const r of turnsRows) console.log(`${`server CPU per turn, ${r.setup}`.padEnd(50)} | ${ms(r.botCpuMsPerTurn + r.pgCpuMsPerTurn).padStart(19)} | the comparable figure on 2 cores`);
if (last) console.log(`${'ticket filing p95, 100,000 on record'.padEnd(50)} | ${ms(last.p95).padStart(19)} | <= ${GOALS.filingP95Ms} ms: ${verdict(last.p95 <= GOALS.filingP95Ms)}`);
console.log(`${'filing p95 at 100,000 vs 1,000 on record'.padEnd(50)} | ${`${flat.toFixed(2)}x`.padStart(19)} | flat (<= ${GOALS.flatRatio}x): ${verdict(flat <= GOALS.flatRatio)}`);
console.log(`${'outbox delivery lag p99, 3 instances'.padEnd(50)} | ${ms(lagP99).padStart(19)} | < ${GOALS.lagP99Ms / 1000} s: ${verdict(lagP99 < GOALS.lagP99Ms && lags.length === LAG_FILINGS)}`);
console.log(
  `\nbench:scale took ${((performance.now() - started) / 1000).toFixed(0)} s on ${os.cpus().length} cores; load average ${loadAtStart.toFixed(1)} at the start, ` +
    `${os.loadavg()[0]!.toFixed(1)} at the end (above the core count, other work shared the machine and the figures are low and noisy)`,
);
