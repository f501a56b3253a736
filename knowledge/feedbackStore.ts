// Records questions the bot could not answer and answers people marked unhelpful, for editors (npm run kb:gaps).
import path from 'node:path';
import { JSONFilePreset } from 'lowdb/node';
import type { Low } from 'lowdb';
import { redact } from './redact.js';

export interface GapRecord {
  at: string;
  question: string;
  outcome: 'unsure' | 'offTopic';
  candidates: string[];
}
export interface FeedbackRecord {
  at: string;
  entryId: string;
  helpful: boolean;
  question: string;
}
interface Data {
  gaps: GapRecord[];
  feedback: FeedbackRecord[];
}

const KEEP = 20_000;

export class FeedbackStore {
  private constructor(
    private readonly db: Low<Data>,
    private readonly now: () => Date,
  ) {}

  static async open(dataDir: string, now: () => Date = () => new Date()): Promise<FeedbackStore> {
    const db = await JSONFilePreset<Data>(path.join(dataDir, 'kb-feedback.json'), { gaps: [], feedback: [] });
    db.data.gaps ??= [];
    db.data.feedback ??= [];
    return new FeedbackStore(db, now);
  }

  /** Keeps an unanswered question, with personal details removed. */
  async recordGap(question: string, outcome: GapRecord['outcome'], candidates: string[]): Promise<void> {
    const record = { at: this.now().toISOString(), question: redact(question).text, outcome, candidates };
    await this.db.update((d) => {
      d.gaps.push(record);
      if (d.gaps.length > KEEP) d.gaps.splice(0, d.gaps.length - KEEP);
    });
  }

  async recordFeedback(entryId: string, helpful: boolean, question: string): Promise<void> {
    const record = { at: this.now().toISOString(), entryId, helpful, question: redact(question).text };
    await this.db.update((d) => {
      d.feedback.push(record);
      if (d.feedback.length > KEEP) d.feedback.splice(0, d.feedback.length - KEEP);
    });
  }

  get gaps(): readonly GapRecord[] {
    return this.db.data.gaps;
  }

  get feedback(): readonly FeedbackRecord[] {
    return this.db.data.feedback;
  }
}
