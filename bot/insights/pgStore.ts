// Insight events in PostgreSQL, shared by every instance: each batch is inserted and folded into daily counters in one
// transaction (upserts that add), so a year's report reads grouped counters, not a million events.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Database } from '../storage/postgres.js';
import type { DateRange } from './report.js';
import type { InsightEvent } from './events.js';
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

/** A float8[] as PostgreSQL writes it ({1.5,2,1e-05}): JSON numbers between braces; none for NULL. */
const floats = (text: string | null): number[] => (text === null ? [] : (JSON.parse(`[${text.slice(1, -1)}]`) as number[]));

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
    const tally = tallyBatch(events);
    await this.database.transaction(async (client) => {
      for (let i = 0; i < events.length; i += EVENTS_PER_INSERT) {
        await client.query(
          `INSERT INTO insight_events (day, kind, event)
           SELECT (e->>'day')::date, e->>'kind', e FROM jsonb_array_elements($1::jsonb) AS e`,
          [JSON.stringify(events.slice(i, i + EVENTS_PER_INSERT))],
        );
      }
      // rows in key order, so two instances adding to the same counters lock them in the same order
      const counters = [...tally.counters.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => [...k.split('\u0000'), n] as [string, string, number]);
      if (counters.length) {
        await client.query(
          `INSERT INTO insight_counters (day, metric, n) SELECT * FROM unnest($1::date[], $2::text[], $3::bigint[])
           ON CONFLICT (day, metric) DO UPDATE SET n = insight_counters.n + excluded.n`,
          [counters.map((c) => c[0]), counters.map((c) => c[1]), counters.map((c) => c[2])],
        );
      }
      const gaps = byKey(tally.gaps);
      if (gaps.length) {
        await client.query(
          `INSERT INTO insight_gaps (day, key, closest, example, outcome, n)
           SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])
           ON CONFLICT (day, key, closest) DO UPDATE SET n = insight_gaps.n + excluded.n`,
          [gaps.map((g) => g.day), gaps.map((g) => g.key), gaps.map((g) => g.closest), gaps.map((g) => g.example), gaps.map((g) => g.outcome), gaps.map((g) => g.count)],
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
          [
            conversations.map((c) => c.day),
            conversations.map((c) => c.conversation),
            conversations.map((c) => c.person),
            conversations.map((c) => c.asked),
            conversations.map((c) => c.solvedAt),
            conversations.map((c) => c.selfServiceSolved),
          ],
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
          [
            tickets.map((t) => t.ref),
            tickets.map((t) => t.type),
            tickets.map((t) => t.person),
            tickets.map((t) => t.filedAt),
            tickets.map((t) => t.status),
            tickets.map((t) => t.statusAt),
            tickets.map((t) => t.firstActionAt),
            tickets.map((t) => t.resolvedAt),
          ],
        );
      }
    });
  }

  async read(range: DateRange, dailyMetrics: readonly string[]): Promise<RangeData> {
    const span = [range.from, range.to];
    const [totals, daily, gaps, conversations] = await Promise.all([
      this.database.query<{ metric: string; n: string }>('SELECT metric, sum(n)::bigint AS n FROM insight_counters WHERE day BETWEEN $1 AND $2 GROUP BY metric', span),
      this.database.query<{ day: string; metric: string; n: string }>(
        'SELECT day::text AS day, metric, n FROM insight_counters WHERE day BETWEEN $1 AND $2 AND metric = ANY($3::text[]) ORDER BY day',
        [...span, dailyMetrics],
      ),
      this.database.query<{ day: string; key: string; closest: string; example: string; outcome: GapTally['outcome']; n: string }>(
        `SELECT max(day)::text AS day, key, closest, min(example) AS example, min(outcome) AS outcome, sum(n)::bigint AS n
         FROM insight_gaps WHERE day BETWEEN $1 AND $2 GROUP BY key, closest`,
        span,
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
    // hours as JavaScript works them out (whole milliseconds over 3,600,000 in float8), sent as one float8[] per type and
    // status: a year's ~20,000 tickets as rows cost more to send and read than the rest of the report
    const hours = (at: string) => `array_agg((extract(epoch FROM ${at} - filed_at) * 1000)::float8 / 3600000) FILTER (WHERE ${at} IS NOT NULL)::text`;
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
        await client.query(
          `INSERT INTO insight_counters (day, metric, n) SELECT $1::date, m, n FROM unnest($2::text[], $3::bigint[]) AS u(m, n)
           ON CONFLICT (day, metric) DO UPDATE SET n = insight_counters.n + excluded.n`,
          [day, counters.map((c) => c[0]), counters.map((c) => c[1])],
        );
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
    });
  }

  async close(): Promise<void> {
    // the pool is the app's, closed last by the backend
  }
}
