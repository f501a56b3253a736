// Insight events in PostgreSQL, shared by every instance: each batch is inserted and folded into daily counters in one
// transaction (upserts that add), so a year's report reads grouped counters, not a million events.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Database } from '../storage/postgres.js';
import type { DateRange } from './report.js';
import { addDays, type InsightEvent } from './events.js';
import type { InsightsStore, RangeData } from './store.js';
import { tallyBatch, type ConversationDay, type GapTally, type RequestTally, type TicketSummary } from './tally.js';

/** rows per INSERT of events (one JSON parameter each) */
const EVENTS_PER_INSERT = 5_000;

/** The start of a UTC day as a timestamptz, whatever the session's time zone. */
const utcDay = (param: string) => `(${param}::date::timestamp AT TIME ZONE 'UTC')`;
const iso = (v: Date | string | null): string | null => (v === null ? null : v instanceof Date ? v.toISOString() : new Date(v).toISOString());
const byKey = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

/** A timestamptz column as ISO text in UTC, made by the server: pg's parsing of 20,000 rows of timestamps into Dates cost more than the query. */
const isoText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const TICKET_COLUMNS = `ref, type, person, ${isoText('filed_at')} AS "filedAt", status, ${isoText('status_at')} AS "statusAt",
  ${isoText('first_action_at')} AS "firstActionAt", ${isoText('resolved_at')} AS "resolvedAt"`;

/** Rows as one array per key, in the keys' order: the parameters of an `unnest($1::…[], $2::…[], …)` insert. */
const columns = <T, K extends keyof T>(rows: readonly T[], keys: readonly K[]): T[K][][] => keys.map((k) => rows.map((r) => r[k]));

/** The first day of a date's month, as a date (through timestamp, so the session's time zone plays no part). */
const monthOf = (date: string) => `date_trunc('month', (${date})::timestamp)::date`;

/** The whole months inside a range, as [first, end) days; empty (both the day after the range) when there are none. */
export function wholeMonths(range: DateRange): { first: string; end: string } {
  const after = addDays(range.to, 1);
  const first = range.from.endsWith('-01') ? range.from : `${addDays(`${range.from.slice(0, 7)}-28`, 4).slice(0, 7)}-01`;
  const end = `${after.slice(0, 7)}-01`;
  return first < end ? { first, end } : { first: after, end: after };
}

/** Adds [day, metric, n] rows to the daily counters and to their months' (rows in key order, so two instances lock them in the same order). */
async function addCounters(client: pg.PoolClient, rows: readonly (readonly [string, string, number])[]): Promise<void> {
  if (!rows.length) return;
  const params = columns(rows, [0, 1, 2] as const);
  await client.query(
    `INSERT INTO insight_counters (day, metric, n) SELECT * FROM unnest($1::date[], $2::text[], $3::bigint[])
     ON CONFLICT (day, metric) DO UPDATE SET n = insight_counters.n + excluded.n`,
    params,
  );
  await client.query(
    `INSERT INTO insight_month_counters (month, metric, n)
     SELECT ${monthOf('d')}, m, sum(n) FROM unnest($1::date[], $2::text[], $3::bigint[]) AS u(d, m, n) GROUP BY 1, 2 ORDER BY 1, 2
     ON CONFLICT (month, metric) DO UPDATE SET n = insight_month_counters.n + excluded.n`,
    params,
  );
}

/** A float8[] as PostgreSQL writes it ({1.5,2,1e-05}): JSON numbers between braces; none for NULL. */
const floats = (text: string | null): number[] => (text === null ? [] : (JSON.parse(`[${text.slice(1, -1)}]`) as number[]));

/** Stores a batch of events and folds it into the counters, inside the caller's transaction. */
async function write(client: pg.PoolClient, events: readonly InsightEvent[]): Promise<void> {
  const tally = tallyBatch(events);
  for (let i = 0; i < events.length; i += EVENTS_PER_INSERT) {
    await client.query(
      `INSERT INTO insight_events (day, kind, event)
       SELECT (e->>'day')::date, e->>'kind', e FROM jsonb_array_elements($1::jsonb) AS e`,
      [JSON.stringify(events.slice(i, i + EVENTS_PER_INSERT))],
    );
  }
  // rows in key order, so two instances adding to the same counters lock them in the same order
  const counters = [...tally.counters.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => [...k.split('\u0000'), n] as [string, string, number]);
  await addCounters(client, counters);
  const gaps = byKey(tally.gaps);
  if (gaps.length) {
    const params = columns(gaps, ['day', 'key', 'closest', 'example', 'outcome', 'count']);
    // the least example and outcome are kept, by day and by month alike, so whole months read as their days would
    await client.query(
      `INSERT INTO insight_gaps (day, key, closest, example, outcome, n)
       SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])
       ON CONFLICT (day, key, closest) DO UPDATE SET n = insight_gaps.n + excluded.n,
         example = LEAST(insight_gaps.example, excluded.example), outcome = LEAST(insight_gaps.outcome, excluded.outcome)`,
      params,
    );
    await client.query(
      `INSERT INTO insight_month_gaps (month, key, closest, example, outcome, last_day, n)
       SELECT ${monthOf('d')}, k, c, min(e), min(o), max(d), sum(n)
       FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS u(d, k, c, e, o, n)
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
       ON CONFLICT (month, key, closest) DO UPDATE SET n = insight_month_gaps.n + excluded.n,
         example = LEAST(insight_month_gaps.example, excluded.example), outcome = LEAST(insight_month_gaps.outcome, excluded.outcome),
         last_day = GREATEST(insight_month_gaps.last_day, excluded.last_day)`,
      params,
    );
  }
  const conversations = byKey(tally.conversations);
  if (conversations.length) {
    await client.query(
      `INSERT INTO insight_conversations (day, conversation, person, asked, solved_at, self_service_solved)
       SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::boolean[], $5::timestamptz[], $6::boolean[])
       ON CONFLICT (day, conversation) DO UPDATE SET
         asked = insight_conversations.asked OR excluded.asked,
         solved_at = LEAST(insight_conversations.solved_at, excluded.solved_at),
         self_service_solved = insight_conversations.self_service_solved OR excluded.self_service_solved`,
      columns(conversations, ['day', 'conversation', 'person', 'asked', 'solvedAt', 'selfServiceSolved']),
    );
  }
  const tickets = byKey(tally.tickets);
  if (tickets.length) {
    await client.query(
      `INSERT INTO insight_tickets (ref, type, person, filed_at, status, status_at, first_action_at, resolved_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[])
       ON CONFLICT (ref) DO UPDATE SET
         type = CASE WHEN excluded.status_at >= insight_tickets.status_at THEN excluded.type ELSE insight_tickets.type END,
         status = CASE WHEN excluded.status_at >= insight_tickets.status_at THEN excluded.status ELSE insight_tickets.status END,
         status_at = GREATEST(insight_tickets.status_at, excluded.status_at),
         person = CASE WHEN insight_tickets.person = '' THEN excluded.person ELSE insight_tickets.person END,
         filed_at = LEAST(insight_tickets.filed_at, excluded.filed_at),
         first_action_at = LEAST(insight_tickets.first_action_at, excluded.first_action_at),
         resolved_at = LEAST(insight_tickets.resolved_at, excluded.resolved_at)`,
      columns(tickets, ['ref', 'type', 'person', 'filedAt', 'status', 'statusAt', 'firstActionAt', 'resolvedAt']),
    );
  }
}

export class PgInsightsStore implements InsightsStore {
  readonly kind = 'postgres';
  private key?: Buffer;

  constructor(private readonly database: Database) {}

  async secret(): Promise<Buffer> {
    if (this.key) return this.key;
    await this.database.query('INSERT INTO insight_keys (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [randomBytes(32)]);
    const { rows } = await this.database.query<{ secret: Buffer }>('SELECT secret FROM insight_keys WHERE id = 1');
    this.key = rows[0]!.secret;
    return this.key;
  }

  async append(events: readonly InsightEvent[]): Promise<void> {
    if (!events.length) return;
    await this.database.transaction((client) => write(client, events));
  }

  /**
   * Takes a one-machine install's key (npm run db:import) when the database has none yet, so the people and
   * conversations hashed in its files are the same ones here. Returns whether it was taken.
   */
  async adoptSecret(key: Buffer): Promise<boolean> {
    const { rowCount } = await this.database.query('INSERT INTO insight_keys (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [key]);
    this.key = undefined;
    return Boolean(rowCount);
  }

  /** Copies one day's events from a one-machine install's files, once: a day copied before is left alone. Returns whether they were added. */
  async importDay(day: string, events: readonly InsightEvent[]): Promise<boolean> {
    return this.database.transaction(async (client) => {
      const { rowCount } = await client.query('INSERT INTO insight_imports (day, events) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING', [day, events.length]);
      if (rowCount) await write(client, events);
      return Boolean(rowCount);
    });
  }

  async read(range: DateRange, dailyMetrics: readonly string[]): Promise<RangeData> {
    const span = [range.from, range.to];
    // whole months from their monthly sums, the days before and after them from the daily rows
    const { first, end } = wholeMonths(range);
    const parts = [range.from, range.to, first, end];
    const days = `(day >= $1::date AND day < $3::date) OR (day >= $4::date AND day <= $2::date)`;
    const months = `month >= $3::date AND month < $4::date`;
    const [totals, daily, gaps, conversations] = await Promise.all([
      this.database.query<{ metric: string; n: string }>(
        `SELECT metric, sum(n)::bigint AS n FROM (
           SELECT metric, n FROM insight_counters WHERE ${days}
           UNION ALL SELECT metric, n FROM insight_month_counters WHERE ${months}
         ) AS u GROUP BY metric`,
        parts,
      ),
      this.database.query<{ day: string; metric: string; n: string }>(
        'SELECT day::text AS day, metric, n FROM insight_counters WHERE day BETWEEN $1 AND $2 AND metric = ANY($3::text[]) ORDER BY day',
        [...span, dailyMetrics],
      ),
      this.database.query<{ day: string; key: string; closest: string; example: string; outcome: GapTally['outcome']; n: string }>(
        `SELECT max(day)::text AS day, key, closest, min(example) AS example, min(outcome) AS outcome, sum(n)::bigint AS n FROM (
           SELECT day, key, closest, example, outcome, n FROM insight_gaps WHERE ${days}
           UNION ALL SELECT last_day, key, closest, example, outcome, n FROM insight_month_gaps WHERE ${months}
         ) AS u GROUP BY key, closest`,
        parts,
      ),
      this.database.query<{ day: string; conversation: string; person: string; asked: boolean; solved_at: Date | null; self_service_solved: boolean }>(
        'SELECT day::text AS day, conversation, person, asked, solved_at, self_service_solved FROM insight_conversations WHERE day BETWEEN $1 AND $2',
        span,
      ),
    ]);
    return {
      totals: new Map(totals.rows.map((r) => [r.metric, Number(r.n)])),
      daily: daily.rows.map((r) => ({ day: r.day, metric: r.metric, n: Number(r.n) })),
      gaps: gaps.rows.map((r) => ({ day: r.day, key: r.key, closest: r.closest, example: r.example, outcome: r.outcome, count: Number(r.n) })),
      conversations: conversations.rows.map((r) => ({
        day: r.day,
        conversation: r.conversation,
        person: r.person,
        asked: r.asked,
        solvedAt: iso(r.solved_at),
        selfServiceSolved: r.self_service_solved,
      })),
    };
  }

  async requests(range: DateRange): Promise<RequestTally> {
    // hours as JavaScript works them out (whole milliseconds over 3,600,000, in float8: numeric arithmetic cost more than the
    // rest of the query), sent as one float8[] per type and status: a year's ~20,000 tickets as rows cost more to send and
    // read than the rest of the report
    const hours = (at: string) => `array_agg(round(date_part('epoch', ${at} - filed_at) * 1000) / 3600000) FILTER (WHERE ${at} IS NOT NULL)::text`;
    const { rows } = await this.database.query<{ type: string; status: string; n: number; first_action: string | null; resolution: string | null }>(
      `SELECT type, status, count(*)::int AS n, ${hours('first_action_at')} AS first_action, ${hours('resolved_at')} AS resolution
       FROM insight_tickets WHERE filed_at >= ${utcDay('$1')} AND filed_at < ${utcDay('$2')} + interval '1 day' GROUP BY type, status`,
      [range.from, range.to],
    );
    const out: RequestTally = { byTypeAndStatus: [], firstActionHours: [], resolutionHours: [] };
    for (const r of rows) {
      out.byTypeAndStatus.push({ type: r.type, status: r.status, count: r.n });
      for (const h of floats(r.first_action)) out.firstActionHours.push(h);
      for (const h of floats(r.resolution)) out.resolutionHours.push(h);
    }
    return out;
  }

  async tickets(range: DateRange): Promise<TicketSummary[]> {
    const { rows } = await this.database.query<TicketSummary>(
      `SELECT ${TICKET_COLUMNS} FROM insight_tickets WHERE filed_at >= ${utcDay('$1')} AND filed_at < ${utcDay('$2')} + interval '1 day'`,
      [range.from, range.to],
    );
    return rows;
  }

  rollUp(throughDay: string, count: (day: string, rows: ConversationDay[], tickets: TicketSummary[]) => Record<string, number>): Promise<string[]> {
    return this.database.transaction(async (client: pg.PoolClient) => {
      // one instance rolls up at a time, so no day is counted twice
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('insight_rollup'))`);
      const { rows: days } = await client.query<{ day: string }>('SELECT DISTINCT day::text AS day FROM insight_conversations WHERE day <= $1 ORDER BY day', [throughDay]);
      if (!days.length) return [];
      const { rows: tickets } = await client.query<TicketSummary>(`SELECT ${TICKET_COLUMNS} FROM insight_tickets WHERE filed_at >= ${utcDay('$1')}`, [days[0]!.day]);
      for (const { day } of days) {
        const { rows } = await client.query<{ conversation: string; person: string; asked: boolean; solved_at: Date | null; self_service_solved: boolean }>(
          'SELECT conversation, person, asked, solved_at, self_service_solved FROM insight_conversations WHERE day = $1',
          [day],
        );
        const counters = Object.entries(
          count(
            day,
            rows.map((r) => ({ day, conversation: r.conversation, person: r.person, asked: r.asked, solvedAt: iso(r.solved_at), selfServiceSolved: r.self_service_solved })),
            tickets,
          ),
        ).sort(([a], [b]) => (a < b ? -1 : 1));
        await addCounters(client, counters.map(([metric, n]) => [day, metric, n]));
        await client.query('DELETE FROM insight_conversations WHERE day = $1', [day]);
      }
      return days.map((d) => d.day);
    });
  }

  async purge(beforeDay: string): Promise<void> {
    await this.database.transaction(async (client) => {
      for (const table of ['insight_events', 'insight_counters', 'insight_gaps', 'insight_conversations']) {
        await client.query(`DELETE FROM ${table} WHERE day < $1`, [beforeDay]);
      }
      await client.query(`DELETE FROM insight_tickets WHERE filed_at < ${utcDay('$1')}`, [beforeDay]);
      // months before the day's go; the day's own month is summed again from the days it keeps
      const month = monthOf('$1::date');
      const next = `(${month} + interval '1 month')::date`;
      await client.query(`DELETE FROM insight_month_counters WHERE month <= ${month}`, [beforeDay]);
      await client.query(
        `INSERT INTO insight_month_counters (month, metric, n)
         SELECT ${month}, metric, sum(n) FROM insight_counters WHERE day >= $1::date AND day < ${next} GROUP BY metric`,
        [beforeDay],
      );
      await client.query(`DELETE FROM insight_month_gaps WHERE month <= ${month}`, [beforeDay]);
      await client.query(
        `INSERT INTO insight_month_gaps (month, key, closest, example, outcome, last_day, n)
         SELECT ${month}, key, closest, min(example), min(outcome), max(day), sum(n) FROM insight_gaps WHERE day >= $1::date AND day < ${next} GROUP BY key, closest`,
        [beforeDay],
      );
    });
  }

  async close(): Promise<void> {
    // the pool is the app's, closed last by the backend
  }
}
