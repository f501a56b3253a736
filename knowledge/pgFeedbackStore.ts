// Gap and feedback records in PostgreSQL, so every instance adds to one list for editors (npm run kb:gaps).
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { redact } from './redact.js';
import type { FeedbackRecord, FeedbackRecorder, GapRecord } from './feedbackStore.js';

/** A record's identity for copying logs in: the same line imported twice is one row. */
export function recordDigest(kind: 'gap' | 'feedback', record: GapRecord | FeedbackRecord): string {
  return createHash('sha256').update(JSON.stringify([kind, record])).digest('base64url');
}

/** Appends rows to kb_feedback; personal details are removed before anything is written, as in the file log. */
export class PgFeedbackStore implements FeedbackRecorder {
  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async recordGap(question: string, outcome: GapRecord['outcome'], candidates: string[]): Promise<void> {
    await this.insert('gap', { at: this.now().toISOString(), question: redact(question).text, outcome, candidates });
  }

  async recordFeedback(entryId: string, helpful: boolean, question: string): Promise<void> {
    await this.insert('feedback', { at: this.now().toISOString(), entryId, helpful, question: redact(question).text });
  }

  /** Copies records in as they are (already redacted), once each however often it runs; returns how many were new. */
  async importRecords(gaps: readonly GapRecord[], feedback: readonly FeedbackRecord[]): Promise<number> {
    let added = 0;
    for (const g of gaps) added += await this.insert('gap', g, recordDigest('gap', g));
    for (const f of feedback) added += await this.insert('feedback', f, recordDigest('feedback', f));
    return added;
  }

  /** Every record, oldest first. */
  async readAll(): Promise<{ gaps: GapRecord[]; feedback: FeedbackRecord[] }> {
    const { rows } = await this.pool.query<{ kind: 'gap' | 'feedback'; record: GapRecord & FeedbackRecord }>('SELECT kind, record FROM kb_feedback ORDER BY at, id');
    return {
      gaps: rows.filter((r) => r.kind === 'gap').map((r) => r.record),
      feedback: rows.filter((r) => r.kind === 'feedback').map((r) => r.record),
    };
  }

  private async insert(kind: 'gap' | 'feedback', record: GapRecord | FeedbackRecord, digest?: string): Promise<number> {
    const { rowCount } = await this.pool.query('INSERT INTO kb_feedback (kind, at, record, digest) VALUES ($1, $2, $3, $4) ON CONFLICT (digest) DO NOTHING', [
      kind,
      record.at,
      record,
      digest ?? null,
    ]);
    return rowCount ?? 0;
  }
}
