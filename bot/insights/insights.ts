// Builds insights for the running bot: the store the backend chose (files or PostgreSQL), the recorder turns and tickets
// feed, the report GET /insights reads (InsightsSource), and the daily roll-up and retention purge.
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import type { FaqEntry, Source } from '../../knowledge/schema.js';
import type { KnowledgeSearch } from '../../knowledge/search.js';
import type { Config } from '../config/config.js';
import { childLogger, type Logger } from '../logger.js';
import type { Database } from '../storage/postgres.js';
import { buildReport, DAILY_METRICS } from './buildReport.js';
import { countDeflection, deflectionCounters, filingsByPerson, lastClosedDay } from './deflection.js';
import { addDays, dayOf } from './events.js';
import { FileInsightsStore } from './fileStore.js';
import { PgInsightsStore } from './pgStore.js';
import { InsightsRecorder, type RecorderOptions, type RecorderStats } from './recorder.js';
import type { DateRange, InsightsReport, InsightsSource } from './report.js';
import type { InsightsStore } from './store.js';
import type { TicketSummary } from './tally.js';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The longest range a report covers, in days. */
export const MAX_RANGE_DAYS = 3_660;
const DAY_MS = 86_400_000;

/** A range that is not two real days, in order, at most MAX_RANGE_DAYS apart. */
export class InvalidRangeError extends Error {
  constructor(reason: string) {
    super(`invalid date range: ${reason}`);
    this.name = 'InvalidRangeError';
  }
}

export function checkRange(range: DateRange): void {
  for (const day of [range.from, range.to]) {
    if (typeof day !== 'string' || !ISO_DAY.test(day) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
      throw new InvalidRangeError('days must be real dates written YYYY-MM-DD');
    }
  }
  if (range.from > range.to) throw new InvalidRangeError('from is after to');
  if ((Date.parse(range.to) - Date.parse(range.from)) / DAY_MS >= MAX_RANGE_DAYS) throw new InvalidRangeError(`more than ${MAX_RANGE_DAYS} days`);
}

/** Where insight events live: the database when there is one, else DATA_DIR/insights. */
export async function openInsightsStore(dataDir: string, database?: Database): Promise<InsightsStore> {
  return database ? new PgInsightsStore(database) : FileInsightsStore.open(path.join(dataDir, 'insights'));
}

export interface Insights extends InsightsSource {
  readonly store: InsightsStore;
  readonly recorder: InsightsRecorder;
  /** rolls up days whose deflection windows have closed and purges days past retention */
  maintain(now?: Date): Promise<void>;
  stats(): RecorderStats;
  /** starts writing batches and the daily maintenance */
  start(): void;
  /** stops the timers and writes what is buffered */
  close(): Promise<void>;
}

/** What the report reads from the knowledge base: entry titles and review dates, the sources catalogue, the search. */
export interface InsightsKnowledge {
  entries: readonly FaqEntry[];
  sources: readonly Source[];
  search: KnowledgeSearch;
}

export interface InsightsDeps extends InsightsKnowledge {
  store: InsightsStore;
  logger: Logger;
  retentionDays: number;
  now?: () => Date;
  recorder?: Omit<RecorderOptions, 'logger'>;
}

/** Clustering's terms per wording for each knowledge search: a year's unanswered wordings are mostly the same from one report to the next. */
const termsCache = new WeakMap<KnowledgeSearch, LRUCache<string, readonly string[]>>();
const TERMS_CACHED = 20_000;

function termsOf(search: KnowledgeSearch): (text: string) => readonly string[] {
  let cache = termsCache.get(search);
  if (!cache) termsCache.set(search, (cache = new LRUCache({ max: TERMS_CACHED })));
  return (text) => {
    let terms = cache.get(text);
    if (!terms) cache.set(text, (terms = search.analyzer.analyze(text, { correct: true }).terms));
    return terms;
  };
}

/** The report for a range from a store: also what `npm run kb:gaps` prints. */
export async function reportFrom(
  store: InsightsStore,
  range: DateRange,
  kb: InsightsKnowledge,
  now: Date,
): Promise<InsightsReport> {
  checkRange(range);
  const [data, requests] = await Promise.all([store.read(range, DAILY_METRICS), store.requests(range)]);
  // only conversations not yet rolled up (the last week or so) are checked against the tickets filed after them
  let firstLiveDay: string | undefined;
  for (const row of data.conversations) if (firstLiveDay === undefined || row.day < firstLiveDay) firstLiveDay = row.day;
  const tickets = firstLiveDay === undefined ? [] : await store.tickets({ from: firstLiveDay, to: addDays(range.to, 8) });
  return buildReport({
    range,
    now,
    data,
    requests,
    tickets,
    entries: kb.entries,
    sources: kb.sources,
    terms: termsOf(kb.search),
    closest: (text) => {
      const outcome = kb.search.search(text);
      return outcome.kind === 'answer' ? outcome.best.entry.id : outcome.candidates[0]?.entry.id;
    },
  });
}

export async function createInsights(deps: InsightsDeps): Promise<Insights> {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const log = childLogger(deps.logger, 'bot:insights');
  const recorder = new InsightsRecorder(store, await store.secret(), { ...deps.recorder, logger: log });
  let timer: NodeJS.Timeout | undefined;
  let maintaining: Promise<void> | undefined;

  const maintain = async (at = now()): Promise<void> => {
    await recorder.flush();
    let filings: { of: readonly TicketSummary[]; by: Map<string, number[]> } | undefined;
    const rolled = await store.rollUp(lastClosedDay(at), (_day, rows, tickets) => {
      if (filings?.of !== tickets) filings = { of: tickets, by: filingsByPerson(tickets) };
      return deflectionCounters(countDeflection(rows, filings.by, at));
    });
    const before = addDays(dayOf(at), -deps.retentionDays);
    await store.purge(before);
    log.info({ rolledUp: rolled.length, purgedBefore: before }, 'insights maintained');
  };
  const runMaintenance = () => {
    maintaining ??= maintain()
      .catch((err: unknown) => log.error({ err }, 'insights maintenance failed; it runs again tomorrow'))
      .finally(() => (maintaining = undefined));
  };

  return {
    store,
    recorder,
    maintain,
    stats: () => recorder.stats(),
    async report(range: DateRange): Promise<InsightsReport> {
      checkRange(range);
      await recorder.flush();
      return reportFrom(store, range, deps, now());
    },
    start() {
      if (timer) return;
      recorder.start();
      runMaintenance();
      timer = setInterval(runMaintenance, DAY_MS);
      timer.unref();
    },
    async close() {
      clearInterval(timer);
      timer = undefined;
      await maintaining;
      await recorder.stop();
      await store.close();
    },
  };
}

/** Insights as the app builds them from its config. */
export async function insightsFor(config: Config, logger: Logger, kb: InsightsKnowledge, database?: Database): Promise<Insights> {
  const store = await openInsightsStore(config.dataDir, database);
  return createInsights({ store, logger, retentionDays: config.insights.retentionDays, entries: kb.entries, sources: kb.sources, search: kb.search });
}
