// One interface for where insight events and their daily aggregates live: files under DATA_DIR or PostgreSQL.
import type { DateRange } from './report.js';
import type { InsightEvent } from './events.js';
import type { ConversationDay, GapTally, RequestTally, TicketSummary } from './tally.js';

/** What a report reads for a range of days. */
export interface RangeData {
  /** every counter summed over the range */
  totals: Map<string, number>;
  /** per-day values of the counters asked for */
  daily: { day: string; metric: string; n: number }[];
  /** unanswered questions summed over the range by words and closest entry (day: the latest asked) */
  gaps: GapTally[];
  /** conversation-days in the range not yet rolled up (their deflection is counted live) */
  conversations: ConversationDay[];
}

export interface InsightsStore {
  /** 'files' or 'postgres' */
  readonly kind: string;
  /** the key for hashing conversation and person ids, made once and kept with the data (never logged) */
  secret(): Promise<Buffer>;
  /** stores a batch of events and folds it into the daily aggregates */
  append(events: readonly InsightEvent[]): Promise<void>;
  read(range: DateRange, dailyMetrics: readonly string[]): Promise<RangeData>;
  /** requests filed on days from..to, counted (a year's tickets need not travel to be counted) */
  requests(range: DateRange): Promise<RequestTally>;
  /** tickets filed on days from..to */
  tickets(range: DateRange): Promise<TicketSummary[]>;
  /**
   * Rolls up every day up to `throughDay` that still has conversation rows: `count` gives its deflection
   * counters (from its rows and the tickets filed from the first such day on, the same array for every day),
   * which are stored, and the rows dropped.
   * Returns the days rolled up.
   */
  rollUp(throughDay: string, count: (day: string, rows: ConversationDay[], tickets: TicketSummary[]) => Record<string, number>): Promise<string[]>;
  /** drops events, aggregates and tickets of days before `day` */
  purge(beforeDay: string): Promise<void>;
  close(): Promise<void>;
}
