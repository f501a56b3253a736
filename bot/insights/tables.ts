// The insights report as tables: the page shows them beside its charts and the API sends each one as CSV, so a number
// on screen and in a download come from the same cell. Pure (no DOM, no Node) so the browser bundle uses it too.
import type { InsightsReport } from './report.js';

/** Each table's id, also its CSV file name (/api/insights/<id>.csv), in the order the page shows them. */
export const TABLE_IDS = [
  'questions',
  'deflection',
  'top-entries',
  'unhelpful-entries',
  'gaps',
  'eligibility',
  'eligibility-routes',
  'requests',
  'request-times',
  'entries-due',
  'stale-sources',
] as const;
export type TableId = (typeof TABLE_IDS)[number];

/** A cell: text, a number, several texts (one per line), or nothing (not measured). */
export type Cell = string | number | null | readonly string[];

export interface Column {
  header: string;
  /** numbers, right-aligned on the page */
  numeric?: boolean;
}

export interface InsightsTable {
  id: TableId;
  caption: string;
  columns: Column[];
  rows: Cell[][];
}

/** The words the tables need: the page text (reply keys page.insights.*) and the ticket vocabulary's labels. */
export interface TableWords {
  t: (key: string, vars?: Readonly<Record<string, string | number>>) => string;
  types: Readonly<Record<string, string>>;
  statuses: Readonly<Record<string, string>>;
}

/** A share 0..1 as a percentage with one decimal place; null stays null. */
export const percent = (share: number | null): number | null => (share === null ? null : Math.round(share * 1000) / 10);
/** Hours with one decimal place; null stays null. */
export const hours = (h: number | null): number | null => (h === null ? null : Math.round(h * 10) / 10);

const col = (header: string, numeric = false): Column => (numeric ? { header, numeric } : { header });

/** Every table of a report, in TABLE_IDS order. */
export function insightsTables(report: InsightsReport, words: TableWords): InsightsTable[] {
  const { t } = words;
  const n = (key: string) => col(t(key), true);
  const s = (key: string) => col(t(key));
  const typeName = (type: string) => words.types[type] ?? type;
  const statusName = (status: string) => words.statuses[status] ?? status;
  const { deflection, eligibility, requests, review } = report;
  const durations = (label: string, d: InsightsReport['requests']['firstAction']): Cell[] => [label, d.count, hours(d.medianHours), hours(d.p90Hours)];

  const tables: Record<TableId, Omit<InsightsTable, 'id'>> = {
    questions: {
      caption: t('page.insights.table.questions'),
      columns: [s('page.insights.col.day'), n('page.insights.col.answered'), n('page.insights.col.notSure'), n('page.insights.col.refused'), n('page.insights.col.safety'), n('page.insights.col.solvedWithoutTicket')],
      rows: report.questionsByDay.map((d) => [d.day, d.answered, d.notSure, d.refused, d.safety, d.solvedWithoutTicket]),
    },
    deflection: {
      caption: t('page.insights.table.deflection'),
      columns: [n('page.insights.col.conversations'), n('page.insights.col.solvedWithoutTicket'), n('page.insights.col.sharePercent'), n('page.insights.col.selfServiceSolved')],
      rows: [[deflection.conversations, deflection.solvedWithoutTicket, percent(deflection.share), deflection.selfServiceSolved]],
    },
    'top-entries': {
      caption: t('page.insights.table.topEntries'),
      columns: [s('page.insights.col.entry'), s('page.insights.col.title'), n('page.insights.col.asked'), n('page.insights.col.helpful'), n('page.insights.col.unhelpful')],
      rows: report.topEntries.map((e) => [e.entryId, e.title, e.asked, e.helpful, e.unhelpful]),
    },
    'unhelpful-entries': {
      caption: t('page.insights.table.unhelpfulEntries'),
      columns: [s('page.insights.col.entry'), s('page.insights.col.title'), n('page.insights.col.unhelpful'), n('page.insights.col.helpful')],
      rows: report.unhelpfulEntries.map((e) => [e.entryId, e.title, e.unhelpful, e.helpful]),
    },
    gaps: {
      caption: t('page.insights.table.gaps'),
      columns: [s('page.insights.col.cluster'), n('page.insights.col.questions'), s('page.insights.col.examples'), s('page.insights.col.closestEntry'), s('page.insights.col.closestTitle')],
      rows: report.gapClusters.map((c) => [c.label, c.count, c.examples, c.closestEntryId, c.closestTitle]),
    },
    eligibility: {
      caption: t('page.insights.table.eligibility'),
      columns: [n('page.insights.col.started'), n('page.insights.col.finished')],
      rows: [[eligibility.started, eligibility.finished]],
    },
    'eligibility-routes': {
      caption: t('page.insights.table.eligibilityRoutes'),
      columns: [s('page.insights.col.route'), n('page.insights.col.checks')],
      rows: eligibility.byRoute.map((r) => [r.route, r.count]),
    },
    requests: {
      caption: t('page.insights.table.requests'),
      columns: [s('page.insights.col.type'), s('page.insights.col.status'), n('page.insights.col.requests')],
      rows: requests.byTypeAndStatus.map((r) => [typeName(r.type), statusName(r.status), r.count]),
    },
    'request-times': {
      caption: t('page.insights.table.requestTimes'),
      columns: [s('page.insights.col.measure'), n('page.insights.col.measured'), n('page.insights.col.medianHours'), n('page.insights.col.p90Hours')],
      rows: [durations(t('page.insights.firstAction'), requests.firstAction), durations(t('page.insights.resolution'), requests.resolution)],
    },
    'entries-due': {
      caption: t('page.insights.table.entriesDue'),
      columns: [s('page.insights.col.entry'), s('page.insights.col.title'), s('page.insights.col.reviewed'), s('page.insights.col.dueOn')],
      rows: review.entriesDue.map((e) => [e.entryId, e.title, e.reviewed, e.dueOn]),
    },
    'stale-sources': {
      caption: t('page.insights.table.staleSources'),
      columns: [s('page.insights.col.source'), s('page.insights.col.title'), s('page.insights.col.sourceDate'), s('page.insights.col.reviewBy')],
      rows: review.staleSources.map((x) => [x.source, x.title, x.date, x.reviewBy]),
    },
  };
  return TABLE_IDS.map((id) => ({ id, ...tables[id] }));
}
