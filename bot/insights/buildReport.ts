// Builds the insights report from what the store read for a range: pure, so seeded numbers can be checked by hand.
import type { FaqEntry, Source } from '../../knowledge/schema.js';
import { countDeflection, emptyDeflection, filingsByPerson, type DeflectionCount } from './deflection.js';
import { clusterGaps } from './clusters.js';
import { daysBetween } from './events.js';
import type { DateRange, Durations, InsightsReport, QuestionsDay } from './report.js';
import { entriesDue, sourcesDue } from './review.js';
import type { RangeData } from './store.js';
import { METRIC, type RequestTally, type TicketSummary } from './tally.js';

export interface ReportInputs {
  range: DateRange;
  now: Date;
  data: RangeData;
  /** requests filed in the range */
  requests: RequestTally;
  /** tickets filed from the first day with conversation rows to 8 days after range.to (the deflection windows still open) */
  tickets: readonly TicketSummary[];
  entries: readonly FaqEntry[];
  /** the sources catalogue, with each source's review date */
  sources: readonly Source[];
  /** the search's terms for a text, for clustering */
  terms: (text: string) => readonly string[];
  /** the entry closest to a text when no candidate was recorded (the knowledge search), if any */
  closest?: (text: string) => string | undefined;
  /** rows in the top-entries and unhelpful tables */
  topN?: number;
  /** gap clusters listed */
  maxClusters?: number;
}

/** The counters drawn per day. */
export const DAILY_METRICS = [
  METRIC.kind('answer'),
  METRIC.kind('unsure'),
  METRIC.kind('offTopic'),
  METRIC.kind('safety'),
  METRIC.deflectionConversations,
  METRIC.deflectionSolved,
  METRIC.deflectionWithoutTicket,
  METRIC.deflectionSelfService,
];

/** Linear-interpolation percentile (p in 0..1) of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (!sorted.length) return null;
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

const round2 = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

export function durations(hours: readonly number[]): Durations {
  // a typed array sorts numbers as numbers, without a comparator call per pair
  const sorted = Float64Array.from(hours).sort();
  return { count: sorted.length, medianHours: round2(percentile(sorted, 0.5)), p90Hours: round2(percentile(sorted, 0.9)) };
}

export function buildReport(input: ReportInputs): InsightsReport {
  const { range, now, data } = input;
  const topN = input.topN ?? 20;
  const titles = new Map(input.entries.map((e) => [e.id, e.title]));
  const title = (id: string) => titles.get(id) ?? id;
  const total = (metric: string) => data.totals.get(metric) ?? 0;
  const withPrefix = (prefix: string) =>
    [...data.totals].filter(([m]) => m.startsWith(prefix)).map(([m, n]) => [m.slice(prefix.length), n] as const);

  // Deflection: closed days from their rolled-up counters, the rest counted live from their conversation rows, against
  // the requests filed from the first such day on (a window opens on its row's day, so earlier requests cannot undo it).
  const perDay = new Map<string, DeflectionCount>();
  const rowsByDay = new Map<string, typeof data.conversations>();
  let firstLiveDay: string | undefined;
  for (const row of data.conversations) {
    const list = rowsByDay.get(row.day) ?? [];
    list.push(row);
    rowsByDay.set(row.day, list);
    if (firstLiveDay === undefined || row.day < firstLiveDay) firstLiveDay = row.day;
  }
  const filings = filingsByPerson(firstLiveDay === undefined ? [] : input.tickets.filter((t) => t.filedAt >= firstLiveDay));
  for (const [day, rows] of rowsByDay) perDay.set(day, countDeflection(rows, filings, now));
  const dailyValue = new Map<string, number>();
  for (const { day, metric, n } of data.daily) dailyValue.set(`${day}\u0000${metric}`, n);
  const daily = (day: string, metric: string) => dailyValue.get(`${day}\u0000${metric}`) ?? 0;

  const deflection = emptyDeflection();
  const questionsByDay: QuestionsDay[] = daysBetween(range.from, range.to).map((day) => {
    const live = perDay.get(day) ?? emptyDeflection();
    const solvedWithoutTicket = daily(day, METRIC.deflectionWithoutTicket) + live.solvedWithoutTicket;
    deflection.conversations += daily(day, METRIC.deflectionConversations) + live.conversations;
    deflection.solved += daily(day, METRIC.deflectionSolved) + live.solved;
    deflection.solvedWithoutTicket += solvedWithoutTicket;
    deflection.selfServiceSolved += daily(day, METRIC.deflectionSelfService) + live.selfServiceSolved;
    deflection.pending += live.pending;
    return {
      day,
      answered: daily(day, METRIC.kind('answer')),
      notSure: daily(day, METRIC.kind('unsure')),
      refused: daily(day, METRIC.kind('offTopic')),
      safety: daily(day, METRIC.kind('safety')),
      solvedWithoutTicket,
    };
  });

  const entryIds = new Set([...withPrefix('entry.asked:'), ...withPrefix('entry.helpful:'), ...withPrefix('entry.unhelpful:')].map(([id]) => id));
  const entryRows = [...entryIds].map((entryId) => ({
    entryId,
    title: title(entryId),
    asked: total(METRIC.asked(entryId)),
    helpful: total(METRIC.helpful(entryId)),
    unhelpful: total(METRIC.unhelpful(entryId)),
  }));
  const topEntries = entryRows
    .filter((e) => e.asked > 0)
    .sort((a, b) => b.asked - a.asked || a.entryId.localeCompare(b.entryId))
    .slice(0, topN);
  const unhelpfulEntries = entryRows
    .filter((e) => e.unhelpful > 0)
    .sort((a, b) => b.unhelpful - a.unhelpful || a.helpful - b.helpful || a.entryId.localeCompare(b.entryId))
    .slice(0, topN)
    .map(({ entryId, title: t, unhelpful, helpful }) => ({ entryId, title: t, unhelpful, helpful }));

  const gapClusters = clusterGaps(data.gaps, { terms: input.terms })
    .slice(0, input.maxClusters ?? 50)
    .map((c) => {
      const closestEntryId = c.closestEntryId ?? input.closest?.(c.label) ?? null;
      return { ...c, closestEntryId, closestTitle: closestEntryId ? title(closestEntryId) : null };
    });

  const today = now.toISOString().slice(0, 10);
  return {
    range: { ...range },
    generatedAt: now.toISOString(),
    questionsByDay,
    deflection: {
      conversations: deflection.conversations,
      solvedWithoutTicket: deflection.solvedWithoutTicket,
      share: deflection.conversations ? deflection.solvedWithoutTicket / deflection.conversations : null,
      selfServiceSolved: deflection.selfServiceSolved,
      pending: deflection.pending,
    },
    topEntries,
    unhelpfulEntries,
    gapClusters,
    eligibility: {
      started: total(METRIC.eligibilityStarted),
      finished: total(METRIC.eligibilityFinished),
      byRoute: withPrefix('route:')
        .map(([route, count]) => ({ route, count }))
        .sort((a, b) => b.count - a.count || a.route.localeCompare(b.route)),
    },
    requests: {
      byTypeAndStatus: [...input.requests.byTypeAndStatus].sort((a, b) => a.type.localeCompare(b.type) || a.status.localeCompare(b.status)),
      firstAction: durations(input.requests.firstActionHours),
      resolution: durations(input.requests.resolutionHours),
    },
    review: { entriesDue: entriesDue(input.entries, today), staleSources: sourcesDue(input.sources, today) },
  };
}
