// Records questions the bot could not answer and answers people marked unhelpful, for editors (npm run kb:gaps).
// An append-only JSON Lines log: each record costs one small append however long the bot has run.
import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE, makePrivateDir, tightenMode } from '../lib/privateFiles.js';
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
/** Where the bot records gaps and feedback, for either backend (files, PostgreSQL). */
export interface FeedbackRecorder {
  /** keeps an unanswered question, with personal details removed */
  recordGap(question: string, outcome: GapRecord['outcome'], candidates: string[]): Promise<void>;
  recordFeedback(entryId: string, helpful: boolean, question: string): Promise<void>;
}

type LogLine = ({ type: 'gap' } & GapRecord) | ({ type: 'feedback' } & FeedbackRecord);

export const FEEDBACK_LOG = 'kb-feedback.jsonl';
/** the previous log, kept when the current one reaches ROTATE_BYTES */
export const FEEDBACK_LOG_OLD = 'kb-feedback.1.jsonl';
const ROTATE_BYTES = 5 * 1024 * 1024;
/** recent records kept in memory for the running bot */
const RECENT = 1000;

function parseLog(text: string): LogLine[] {
  const out: LogLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const record = JSON.parse(line) as LogLine;
      if (record.type === 'gap' || record.type === 'feedback') out.push(record);
    } catch {
      // A line cut short by a crash mid-append is skipped; every other line stands on its own.
    }
  }
  return out;
}

/** Reads the current and previous logs, oldest first. */
export function readFeedbackLog(dataDir: string): { gaps: GapRecord[]; feedback: FeedbackRecord[] } {
  const lines = [FEEDBACK_LOG_OLD, FEEDBACK_LOG].flatMap((name) => {
    try {
      return parseLog(fs.readFileSync(path.join(dataDir, name), 'utf8'));
    } catch {
      return [];
    }
  });
  const strip = <T extends { type: string }>({ type: _type, ...rest }: T) => rest;
  return {
    gaps: lines.filter((l) => l.type === 'gap').map((l) => strip(l) as GapRecord),
    feedback: lines.filter((l) => l.type === 'feedback').map((l) => strip(l) as FeedbackRecord),
  };
}

export class FeedbackStore implements FeedbackRecorder {
  private readonly recentGaps: GapRecord[];
  private readonly recentFeedback: FeedbackRecord[];
  private appending: Promise<void> = Promise.resolve();
  private bytes: number;

  private constructor(
    private readonly dataDir: string,
    private readonly now: () => Date,
  ) {
    const { gaps, feedback } = readFeedbackLog(dataDir);
    this.recentGaps = gaps.slice(-RECENT);
    this.recentFeedback = feedback.slice(-RECENT);
    this.bytes = fs.existsSync(this.file) ? fs.statSync(this.file).size : 0;
  }

  static async open(dataDir: string, now: () => Date = () => new Date()): Promise<FeedbackStore> {
    // questions people typed: readable by the bot's own user only (older versions left them readable by everyone)
    await makePrivateDir(dataDir);
    for (const name of [FEEDBACK_LOG, FEEDBACK_LOG_OLD]) await tightenMode(path.join(dataDir, name), PRIVATE_FILE);
    // A crash mid-append can leave a last line without its newline; end it, so new records start on their own line.
    const file = path.join(dataDir, FEEDBACK_LOG);
    const text = await fs.promises.readFile(file, 'utf8').catch(() => '');
    if (text && !text.endsWith('\n')) await fs.promises.appendFile(file, '\n', { mode: PRIVATE_FILE });
    return new FeedbackStore(dataDir, now);
  }

  private get file(): string {
    return path.join(this.dataDir, FEEDBACK_LOG);
  }

  /** Keeps an unanswered question, with personal details removed. */
  recordGap(question: string, outcome: GapRecord['outcome'], candidates: string[]): Promise<void> {
    const record: GapRecord = { at: this.now().toISOString(), question: redact(question).text, outcome, candidates };
    remember(this.recentGaps, record);
    return this.append({ type: 'gap', ...record });
  }

  recordFeedback(entryId: string, helpful: boolean, question: string): Promise<void> {
    const record: FeedbackRecord = { at: this.now().toISOString(), entryId, helpful, question: redact(question).text };
    remember(this.recentFeedback, record);
    return this.append({ type: 'feedback', ...record });
  }

  /** The most recent unanswered questions this bot has recorded (all of them: npm run kb:gaps). */
  get gaps(): readonly GapRecord[] {
    return this.recentGaps;
  }

  get feedback(): readonly FeedbackRecord[] {
    return this.recentFeedback;
  }

  /** Appends one line; appends run one after another, and the log is rotated when it grows large. */
  private append(line: LogLine): Promise<void> {
    const text = `${JSON.stringify(line)}\n`;
    this.appending = this.appending
      .catch(() => undefined)
      .then(async () => {
        if (this.bytes + text.length > ROTATE_BYTES) {
          await fs.promises.rename(this.file, path.join(this.dataDir, FEEDBACK_LOG_OLD)).catch(() => undefined);
          this.bytes = 0;
        }
        await fs.promises.appendFile(this.file, text, { mode: PRIVATE_FILE });
        this.bytes += Buffer.byteLength(text);
      });
    return this.appending;
  }
}

function remember<T>(list: T[], record: T): void {
  list.push(record);
  if (list.length > RECENT) list.splice(0, list.length - RECENT);
}
