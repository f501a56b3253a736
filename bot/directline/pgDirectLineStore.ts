// The local Direct Line's state in PostgreSQL, so any instance behind a load balancer can answer any poll or post;
// the instance that appends NOTIFYs (a trigger does it) and every instance's LISTEN wakes its own held polls.
import type pg from 'pg';
import type { Logger } from '../logger.js';
import { PgListener } from '../storage/pgListener.js';
import type { Database } from '../storage/postgres.js';
import { ActivityWaiters } from './activityWaiters.js';
import {
  DEFAULT_STORE_OPTIONS,
  REFRESH_GRACE_MS,
  SWEEP_EVERY_MS,
  StoreFullError,
  afterWatermark,
  newId,
  newToken,
  newUserId,
  seqOf,
  tokenKey,
  watermarkAt,
  type ActivityPage,
  type AuthResult,
  type DirectLineStats,
  type DirectLineStore,
  type DirectLineStoreOptions,
  type LongPoll,
  type QueuedActivity,
  type TokenGrant,
} from './directLineStore.js';

const CHANNEL = 'directline_activity';
/** advisory lock keys: starting a conversation (the live cap is counted under it) and the global budget's trim */
const START_LOCK = 0x446c_5374; // "DlSt"
const BUDGET_LOCK = 0x446c_4275; // "DlBu"
/** a poll marks its conversation used at most this often, so polling is mostly reads */
const TOUCH_EVERY_MS = 1_000;
const SWEEP_BATCH = 1_000;

/** Live: started (or still inside its short unstarted life) and used within the idle time; the parameters hold those limits. */
const live = (unstartedBefore = '$2', idleBefore = '$3') => `(c.started OR c.created_at > ${unstartedBefore}) AND c.last_used > ${idleBefore}`;
const LIVE = live();

/**
 * The activity's JSON text with its id filled in. The client sends the activity as JSON ending in "id":""}, and the id
 * (conversation|0000007, from the conversation's counter) is put in the same statement that takes the number, so ids
 * rise in commit order per conversation however many instances append at once.
 */
const WITH_ID = `left($4, -3) || to_json(c.id || '|' || lpad(c.seq::text, greatest(7, length(c.seq::text)), '0'))::text || '}'`;

export interface PgDirectLineStoreOptions extends DirectLineStoreOptions {
  logger: Pick<Logger, 'warn'>;
}

export class PgDirectLineStore implements DirectLineStore {
  private readonly options: PgDirectLineStoreOptions;
  private readonly waiters = new ActivityWaiters();
  private readonly listener: PgListener;
  private lastSweep = 0;

  constructor(
    private readonly db: Database,
    options: Partial<DirectLineStoreOptions> & { logger: Pick<Logger, 'warn'> },
  ) {
    this.options = { ...DEFAULT_STORE_OPTIONS, ...options };
    this.listener = new PgListener({
      connection: db.pool.options,
      channel: CHANNEL,
      onNotify: (conversationId) => this.waiters.wake(conversationId),
      onLost: () => this.waiters.wakeAll(),
      logger: options.logger,
    });
  }

  /** the clock and the two liveness limits, as $1, $2, $3 of every query that asks "live?" */
  private clock(): [Date, Date, Date] {
    const now = this.options.now();
    return [new Date(now), new Date(now - this.options.unstartedMs), new Date(now - this.options.conversationIdleMs)];
  }

  async generate(): Promise<TokenGrant & { userId: string }> {
    if (this.options.now() - this.lastSweep >= SWEEP_EVERY_MS) await this.sweep();
    const [now] = this.clock();
    const id = newId(16);
    const userId = newUserId();
    const token = newToken();
    // past the cap for unstarted conversations the oldest go (never a started one), making room for this one
    await this.db.query(
      `WITH gone AS (
         DELETE FROM directline_conversations WHERE id IN (
           SELECT id FROM directline_conversations WHERE NOT started ORDER BY created_at DESC, id OFFSET $5)
       ), made AS (
         INSERT INTO directline_conversations (id, user_id, created_at, last_used) VALUES ($1, $2, $3, $3) RETURNING id
       )
       INSERT INTO directline_tokens (hash, conversation_id, expires_at) SELECT $4, id, $6 FROM made`,
      [id, userId, now, tokenKey(token), this.options.maxUnstarted - 1, new Date(now.getTime() + this.options.tokenTtlMs)],
    );
    return { conversationId: id, token, expiresIn: this.expiresIn(), userId };
  }

  async start(conversationId: string): Promise<boolean> {
    const [now, unstartedBefore, idleBefore] = this.clock();
    return this.db.transaction(async (client) => {
      const { rows } = await client.query<{ started: boolean }>(
        `SELECT c.started FROM directline_conversations c WHERE c.id = $1 AND ${LIVE} FOR UPDATE`,
        [conversationId, unstartedBefore, idleBefore],
      );
      if (!rows[0] || rows[0].started) return false;
      // counted under one lock, so two instances starting at once cannot both take the last place
      await client.query('SELECT pg_advisory_xact_lock($1)', [START_LOCK]);
      const live = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM directline_conversations WHERE started AND last_used > $1', [idleBefore]);
      if (live.rows[0]!.n >= this.options.maxConversations) throw new StoreFullError();
      await client.query('UPDATE directline_conversations SET started = true, last_used = $2 WHERE id = $1', [conversationId, now]);
      return true;
    });
  }

  async isStarted(conversationId: string): Promise<boolean> {
    const [, unstartedBefore, idleBefore] = this.clock();
    const { rows } = await this.db.query<{ started: boolean }>(`SELECT c.started FROM directline_conversations c WHERE c.id = $1 AND ${LIVE}`, [
      conversationId,
      unstartedBefore,
      idleBefore,
    ]);
    return rows[0]?.started ?? false;
  }

  async authorize(token: string | undefined, conversationId?: string): Promise<AuthResult> {
    if (!token) return { ok: false, reason: 'missing' };
    const [now, unstartedBefore, idleBefore] = this.clock();
    const key = tokenKey(token);
    const { rows } = await this.db.query<{ conversation_id: string; user_id: string | null; valid: boolean }>(
      `SELECT t.conversation_id, c.user_id, (t.expires_at > $4 AND c.id IS NOT NULL) AS valid
         FROM directline_tokens t LEFT JOIN directline_conversations c ON c.id = t.conversation_id AND ${LIVE}
        WHERE t.hash = $1`,
      [key, unstartedBefore, idleBefore, now],
    );
    const row = rows[0];
    if (!row) return { ok: false, reason: 'unknown' };
    if (!row.valid) {
      await this.db.query('DELETE FROM directline_tokens WHERE hash = $1', [key]);
      return { ok: false, reason: 'expired' };
    }
    if (conversationId !== undefined && conversationId !== row.conversation_id) return { ok: false, reason: 'forbidden' };
    return { ok: true, conversationId: row.conversation_id, userId: row.user_id! };
  }

  async refresh(token: string | undefined): Promise<TokenGrant | undefined> {
    if (!token) return undefined;
    const [now, unstartedBefore, idleBefore] = this.clock();
    const fresh = newToken();
    // the old token keeps a short grace (never longer than it had), the new one a full life, in one statement
    const { rows } = await this.db.query<{ conversation_id: string }>(
      `WITH old AS (
         UPDATE directline_tokens t SET expires_at = least(t.expires_at, $5)
           FROM directline_conversations c
          WHERE t.hash = $1 AND t.expires_at > $4 AND c.id = t.conversation_id AND ${LIVE}
          RETURNING t.conversation_id
       )
       INSERT INTO directline_tokens (hash, conversation_id, expires_at) SELECT $6, conversation_id, $7 FROM old RETURNING conversation_id`,
      [
        tokenKey(token),
        unstartedBefore,
        idleBefore,
        now,
        new Date(now.getTime() + REFRESH_GRACE_MS),
        tokenKey(fresh),
        new Date(now.getTime() + this.options.tokenTtlMs),
      ],
    );
    const conversationId = rows[0]?.conversation_id;
    return conversationId ? { conversationId, token: fresh, expiresIn: this.expiresIn() } : undefined;
  }

  async has(conversationId: string): Promise<boolean> {
    const [, unstartedBefore, idleBefore] = this.clock();
    const { rowCount } = await this.db.query(`SELECT 1 FROM directline_conversations c WHERE c.id = $1 AND ${LIVE}`, [conversationId, unstartedBefore, idleBefore]);
    return rowCount === 1;
  }

  async append(conversationId: string, activity: Omit<QueuedActivity, 'id'>): Promise<QueuedActivity | undefined> {
    const [now, unstartedBefore, idleBefore] = this.clock();
    const { rows } = await this.db.query<{ text: string; total: string }>(
      `WITH c AS (
         UPDATE directline_conversations c SET next_seq = next_seq + 1, last_used = $5
          WHERE c.id = $1 AND ${LIVE}
          RETURNING c.id, c.next_seq - 1 AS seq
       ), added AS (
         INSERT INTO directline_activities (conversation_id, seq, activity_id, size, activity)
         SELECT c.id, c.seq, c.id || '|' || lpad(c.seq::text, greatest(7, length(c.seq::text)), '0'), octet_length(t.text), t.text
           FROM c, LATERAL (SELECT ${WITH_ID} AS text) t
         RETURNING activity AS text, size
       )
       SELECT added.text, (SELECT bytes FROM directline_totals) + added.size AS total FROM added`,
      [conversationId, unstartedBefore, idleBefore, placeholderJson(activity), now],
    );
    const row = rows[0];
    if (!row) return undefined;
    await this.keepWithinCaps(conversationId, Number(row.total));
    return JSON.parse(row.text) as QueuedActivity;
  }

  async contains(conversationId: string, activityId: string): Promise<boolean> {
    const [, unstartedBefore, idleBefore] = this.clock();
    const { rowCount } = await this.db.query(
      `SELECT 1 FROM directline_activities a JOIN directline_conversations c ON c.id = a.conversation_id
        WHERE a.conversation_id = $1 AND a.activity_id = $4 AND ${LIVE} LIMIT 1`,
      [conversationId, unstartedBefore, idleBefore, activityId],
    );
    return rowCount === 1;
  }

  async update(conversationId: string, activityId: string, activity: Omit<QueuedActivity, 'id'>): Promise<boolean> {
    const seq = seqOf(conversationId, activityId);
    if (seq === undefined) return false;
    const [now, unstartedBefore, idleBefore] = this.clock();
    // the new version goes after the watermark under the same id; the old one leaves the queue
    const { rows } = await this.db.query<{ total: string }>(
      `WITH c AS (
         UPDATE directline_conversations c SET next_seq = next_seq + 1, last_used = $5
          WHERE c.id = $1 AND ${LIVE} AND c.next_seq > $6
          RETURNING c.id, c.next_seq - 1 AS seq
       ), gone AS (
         DELETE FROM directline_activities a USING c WHERE a.conversation_id = c.id AND a.activity_id = $7
       ), added AS (
         INSERT INTO directline_activities (conversation_id, seq, activity_id, size, activity)
         SELECT c.id, c.seq, $7, octet_length(t.text), t.text FROM c, LATERAL (SELECT left($4, -3) || to_json($7::text)::text || '}' AS text) t
         RETURNING size
       )
       SELECT (SELECT bytes FROM directline_totals) + added.size AS total FROM added`,
      [conversationId, unstartedBefore, idleBefore, placeholderJson(activity), now, seq, activityId],
    );
    if (!rows[0]) return false;
    await this.keepWithinCaps(conversationId, Number(rows[0].total));
    return true;
  }

  async since(conversationId: string, watermark: string | undefined, wait?: LongPoll): Promise<ActivityPage | undefined> {
    if (!wait || wait.ms <= 0) return this.page(conversationId, watermark);
    await this.listener.ready();
    // registered before the read, so an activity appended between the read and the wait still wakes it
    const waiter = this.waiters.wait(conversationId, wait.ms, wait.signal);
    try {
      const page = await this.page(conversationId, watermark);
      if (!page || page.activities.length) return page;
      await waiter.woken;
      return wait.signal?.aborted ? page : await this.page(conversationId, watermark);
    } finally {
      waiter.cancel();
    }
  }

  /** Safe on every instance at once: each takes the expired rows no other sweep holds. */
  async sweep(): Promise<void> {
    const [now, unstartedBefore, idleBefore] = this.clock();
    this.lastSweep = now.getTime();
    let removed: number;
    do {
      const res = await this.db.query(
        `DELETE FROM directline_conversations WHERE id IN (
           SELECT c.id FROM directline_conversations c WHERE NOT (${live('$1', '$2')})
           LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED)`,
        [unstartedBefore, idleBefore],
      );
      removed = res.rowCount ?? 0;
    } while (removed === SWEEP_BATCH);
    await this.db.query(
      `DELETE FROM directline_tokens WHERE hash IN (SELECT hash FROM directline_tokens WHERE expires_at <= $1 FOR UPDATE SKIP LOCKED)`,
      [now],
    );
  }

  async stats(): Promise<DirectLineStats> {
    const [, unstartedBefore, idleBefore] = this.clock();
    const { rows } = await this.db.query<{ started: number; unstarted: number; bytes: string }>(
      `SELECT count(*) FILTER (WHERE c.started)::int AS started, count(*) FILTER (WHERE NOT c.started)::int AS unstarted,
              (SELECT bytes FROM directline_totals) AS bytes
         FROM directline_conversations c WHERE ${live('$1', '$2')}`,
      [unstartedBefore, idleBefore],
    );
    return { started: rows[0]!.started, unstarted: rows[0]!.unstarted, queuedBytes: Number(rows[0]!.bytes) };
  }

  async close(): Promise<void> {
    this.waiters.close();
    await this.listener.close();
  }

  /** polls held open on this instance (for tests and health) */
  get waiting(): number {
    return this.waiters.count;
  }

  private expiresIn(): number {
    return Math.floor(this.options.tokenTtlMs / 1000);
  }

  /** One read (one snapshot, so the watermark and the activities agree), marking the conversation used. */
  private async page(conversationId: string, watermark: string | undefined): Promise<ActivityPage | undefined> {
    const [now, unstartedBefore, idleBefore] = this.clock();
    const { rows } = await this.db.query<{ next_seq: string; activity: string | null }>(
      `WITH touched AS (
         UPDATE directline_conversations c SET last_used = $5 WHERE c.id = $1 AND ${LIVE} AND c.last_used < $6
       )
       SELECT c.next_seq, a.activity
         FROM directline_conversations c LEFT JOIN directline_activities a ON a.conversation_id = c.id AND a.seq > $4
        WHERE c.id = $1 AND ${LIVE}
        ORDER BY a.seq`,
      [conversationId, unstartedBefore, idleBefore, afterWatermark(watermark), now, new Date(now.getTime() - TOUCH_EVERY_MS)],
    );
    if (!rows[0]) return undefined;
    const activities = rows.flatMap((r) => (r.activity === null ? [] : [JSON.parse(r.activity) as QueuedActivity]));
    return { activities, watermark: watermarkAt(Number(rows[0].next_seq)) };
  }

  /**
   * The conversation's own caps (count and bytes, the newest always kept), then, when the queues together are over
   * the budget, the oldest activities of the least recently used conversations (this one last, keeping its newest).
   */
  private async keepWithinCaps(conversationId: string, total: number): Promise<void> {
    await this.ignoringDeadlock(() =>
      this.db.query(
        `DELETE FROM directline_activities a USING (
           SELECT seq, count(*) OVER w AS n, sum(size) OVER w AS bytes FROM directline_activities
            WHERE conversation_id = $1 WINDOW w AS (ORDER BY seq DESC ROWS UNBOUNDED PRECEDING)
         ) k
         WHERE a.conversation_id = $1 AND a.seq = k.seq AND k.n > 1 AND (k.n > $2 OR k.bytes > $3)`,
        [conversationId, this.options.maxActivities, this.options.maxQueueBytes],
      ),
    );
    if (total <= this.options.maxTotalBytes) return;
    // one instance trims at a time; another that finds it busy leaves it to that one
    await this.ignoringDeadlock(() =>
      this.db.transaction(async (client: pg.PoolClient) => {
        const { rows } = await client.query<{ mine: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS mine', [BUDGET_LOCK]);
        if (!rows[0]?.mine) return;
        await client.query(
          `DELETE FROM directline_activities a USING (
             SELECT r.conversation_id, r.seq FROM (
               SELECT a.conversation_id, a.seq, a.size,
                      sum(a.size) OVER (ORDER BY a.conversation_id = $1, c.last_used, a.conversation_id, a.seq ROWS UNBOUNDED PRECEDING) AS freed,
                      a.conversation_id = $1 AND a.seq = max(a.seq) OVER (PARTITION BY a.conversation_id) AS keep
                 FROM directline_activities a JOIN directline_conversations c ON c.id = a.conversation_id
             ) r, directline_totals t
             WHERE t.bytes > $2 AND r.freed - r.size < t.bytes - $2 AND NOT r.keep
           ) d
           WHERE a.conversation_id = d.conversation_id AND a.seq = d.seq`,
          [conversationId, this.options.maxTotalBytes],
        );
      }),
    );
  }

  /** Two trims racing over the same rows may deadlock; PostgreSQL ends one, and the next append trims again. */
  private async ignoringDeadlock(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      if ((err as { code?: string }).code !== '40P01') throw err;
    }
  }
}

/** The activity as JSON ending in "id":""}, for WITH_ID to fill in. */
function placeholderJson(activity: Omit<QueuedActivity, 'id'>): string {
  const { id: _ignored, ...rest } = activity as QueuedActivity;
  return JSON.stringify({ ...rest, id: '' });
}
