// The insights charts as data: for each chart its Chart.js configuration, the table that holds its numbers and a text
// summary for screen readers. DOM-free (types only from Chart.js) so it can be unit-tested.
import type { ChartConfiguration, ChartDataset, Scale } from 'chart.js';
import type { InsightsReport } from '../../bot/insights/report.js';
import { TABLE_IDS, type TableId } from '../../bot/insights/tables.js';
import type { Say } from '../shared/pageText.js';

/** The only table without a chart: its one row of figures is the headline above the questions chart. */
const CHARTLESS = 'deflection' satisfies TableId;
/** Each chart is named after the table that holds its numbers. */
export type ChartId = Exclude<TableId, typeof CHARTLESS>;
/** Every table's chart, in the tables' order. */
export const CHART_IDS: readonly ChartId[] = TABLE_IDS.filter((id): id is ChartId => id !== CHARTLESS);

/**
 * Series colours, each at least 3:1 against the light background (WCAG 1.4.11, non-text contrast) and told apart by
 * position and legend too; the tables carry the exact numbers.
 */
export const SERIES = ['#005eb8', '#7c2855', '#425563', '#007f3b', '#8a4b00', '#330072'] as const;
/** The same series for the dark and high-contrast themes: each at least 3:1 against their panels. */
export const DARK_SERIES = ['#6cb4ff', '#f08fc4', '#c8d0d8', '#5fd18a', '#ffb35c', '#c4b0ff'] as const;
export type Palette = readonly string[];

export interface ChartSpec {
  id: ChartId;
  /** the table with this chart's numbers */
  table: TableId;
  config: ChartConfiguration<'bar' | 'line', (number | null)[], string>;
  /** what the chart shows, in words (its aria-label) */
  summary: string;
}

const DAY_MS = 86_400_000;
/** Whole days from one YYYY-MM-DD day to another (negative when `to` is earlier). */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
/**
 * A long category label as at most three lines of about `width` characters, the last cut short with an ellipsis, so
 * labels stay readable beside the bars on a phone; the tooltips and the table have the whole text.
 */
export function wrapLabel(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word.length > width ? `${word.slice(0, width - 1)}…` : word);
  }
  if (lines.length <= 3) return lines;
  const kept = lines.slice(0, 3);
  kept[2] = `${kept[2]!.slice(0, width - 1)}…`;
  return kept;
}

type Dataset = ChartDataset<'bar' | 'line', (number | null)[]>;
const bars = (label: string, data: (number | null)[], colour: string, extra: Partial<Dataset> = {}): Dataset =>
  ({ type: 'bar', label, data, backgroundColor: colour, borderColor: colour, borderWidth: 0, maxBarThickness: 56, ...extra }) as Dataset;

interface Layout {
  horizontal?: boolean;
  stacked?: boolean;
  /** the value axis's title */
  valueTitle: string;
  legend?: boolean;
}

function config(labels: string[], datasets: Dataset[], layout: Layout): ChartSpec['config'] {
  const valueAxis = { beginAtZero: true, stacked: layout.stacked ?? false, title: { display: true, text: layout.valueTitle }, ticks: { precision: 0 } };
  const categoryAxis = {
    stacked: layout.stacked ?? false,
    ticks: {
      autoSkip: !layout.horizontal,
      // narrower charts get narrower labels
      callback(this: Scale, value: string | number) {
        return wrapLabel(this.getLabelForValue(Number(value)), this.chart.width < 500 ? 14 : 24);
      },
    },
  };
  return {
    type: 'bar',
    data: { labels, datasets },
    options: {
      indexAxis: layout.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      // the legend keeps the datasets' order even where a line is drawn over the bars
      plugins: { legend: { display: layout.legend ?? datasets.length > 1, position: 'bottom', labels: { sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0) } } },
      scales: layout.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
    },
  };
}

const sum = (values: readonly (number | null)[]) => values.reduce<number>((a, b) => a + (b ?? 0), 0);

/** Every chart of a report, in CHART_IDS order. `labels` are the words for ticket types and statuses. */
export function chartSpecs(
  report: InsightsReport,
  t: Say,
  labels: { types: Record<string, string>; statuses: Record<string, string> },
  palette: Palette = SERIES,
): ChartSpec[] {
  const colour = (i: number) => palette[i % palette.length]!;
  const BLUE = colour(0);
  const summary = (caption: string, items: [string, number | null][]) =>
    items.length
      ? t('page.insights.chart.summary', { caption, items: items.map(([k, v]) => t('page.insights.chart.item', { label: k, value: v ?? t('page.insights.none') })).join('; ') })
      : t('page.insights.chart.empty', { caption });

  const days = report.questionsByDay;
  const outcomes = [
    [t('page.insights.col.answered'), days.map((d) => d.answered)],
    [t('page.insights.col.notSure'), days.map((d) => d.notSure)],
    [t('page.insights.col.refused'), days.map((d) => d.refused)],
    [t('page.insights.col.safety'), days.map((d) => d.safety)],
  ] as const;
  const solved = days.map((d) => d.solvedWithoutTicket);
  const questions: ChartSpec = {
    id: 'questions',
    table: 'questions',
    config: config(
      days.map((d) => d.day),
      [
        ...outcomes.map(([label, data], i) => bars(label, [...data], colour([0, 1, 2, 4][i]!), { stack: 'outcome' })),
        { type: 'line', label: t('page.insights.col.solvedWithoutTicket'), data: solved, borderColor: colour(3), backgroundColor: colour(3), pointRadius: 3, borderWidth: 2, stack: 'solved', order: -1 } as Dataset,
      ],
      { stacked: true, valueTitle: t('page.insights.col.questions') },
    ),
    summary: summary(t('page.insights.chart.questionsCaption', { from: report.range.from, to: report.range.to }), [
      ...outcomes.map(([label, data]): [string, number] => [label, sum(data)]),
      [t('page.insights.col.solvedWithoutTicket'), sum(solved)],
    ]),
  };

  const top = report.topEntries;
  const unhelpful = report.unhelpfulEntries;
  const gaps = report.gapClusters;
  const routes = report.eligibility.byRoute;
  const { byTypeAndStatus, firstAction, resolution } = report.requests;
  const types = [...new Set(byTypeAndStatus.map((r) => r.type))];
  const statuses = [...new Set(byTypeAndStatus.map((r) => r.status))];
  const countOf = (type: string, status: string) => byTypeAndStatus.filter((r) => r.type === type && r.status === status).reduce((a, r) => a + r.count, 0);
  const typeName = (type: string) => labels.types[type] ?? type;
  const statusName = (status: string) => labels.statuses[status] ?? status;
  const times = [t('page.insights.firstAction'), t('page.insights.resolution')];
  const generated = report.generatedAt.slice(0, 10);
  const due = report.review.entriesDue;
  const stale = report.review.staleSources;
  const overdue = t('page.insights.col.daysOverdue');

  return [
    questions,
    {
      id: 'top-entries',
      table: 'top-entries',
      config: config(top.map((e) => e.title), [bars(t('page.insights.col.asked'), top.map((e) => e.asked), BLUE)], { horizontal: true, valueTitle: t('page.insights.col.asked') }),
      summary: summary(t('page.insights.table.topEntries'), top.map((e) => [e.title, e.asked])),
    },
    {
      id: 'unhelpful-entries',
      table: 'unhelpful-entries',
      config: config(
        unhelpful.map((e) => e.title),
        [bars(t('page.insights.col.unhelpful'), unhelpful.map((e) => e.unhelpful), colour(1)), bars(t('page.insights.col.helpful'), unhelpful.map((e) => e.helpful), BLUE)],
        { horizontal: true, valueTitle: t('page.insights.col.marks') },
      ),
      summary: summary(t('page.insights.table.unhelpfulEntries'), unhelpful.map((e) => [e.title, e.unhelpful])),
    },
    {
      id: 'gaps',
      table: 'gaps',
      config: config(gaps.map((c) => c.label), [bars(t('page.insights.col.questions'), gaps.map((c) => c.count), colour(2))], { horizontal: true, valueTitle: t('page.insights.col.questions') }),
      summary: summary(t('page.insights.table.gaps'), gaps.map((c) => [c.label, c.count])),
    },
    {
      id: 'eligibility',
      table: 'eligibility',
      config: config([t('page.insights.col.started'), t('page.insights.col.finished')], [bars(t('page.insights.col.checks'), [report.eligibility.started, report.eligibility.finished], BLUE)], { valueTitle: t('page.insights.col.checks') }),
      summary: summary(t('page.insights.table.eligibility'), [
        [t('page.insights.col.started'), report.eligibility.started],
        [t('page.insights.col.finished'), report.eligibility.finished],
      ]),
    },
    {
      id: 'eligibility-routes',
      table: 'eligibility-routes',
      config: config(routes.map((r) => r.route), [bars(t('page.insights.col.checks'), routes.map((r) => r.count), colour(3))], { horizontal: true, valueTitle: t('page.insights.col.checks') }),
      summary: summary(t('page.insights.table.eligibilityRoutes'), routes.map((r) => [r.route, r.count])),
    },
    {
      id: 'requests',
      table: 'requests',
      config: config(
        types.map((ty) => typeName(ty)),
        statuses.map((st, i) => bars(statusName(st), types.map((ty) => countOf(ty, st)), colour(i))),
        { stacked: true, valueTitle: t('page.insights.col.requests'), legend: true },
      ),
      summary: summary(t('page.insights.table.requests'), types.map((ty) => [typeName(ty), statuses.reduce((a, st) => a + countOf(ty, st), 0)])),
    },
    {
      id: 'request-times',
      table: 'request-times',
      config: config(
        times,
        [
          bars(t('page.insights.col.medianHours'), [firstAction.medianHours, resolution.medianHours], BLUE),
          bars(t('page.insights.col.p90Hours'), [firstAction.p90Hours, resolution.p90Hours], colour(1)),
        ],
        { valueTitle: t('page.insights.hours') },
      ),
      summary: summary(t('page.insights.table.requestTimes'), [
        [`${times[0]}, ${t('page.insights.col.medianHours')}`, firstAction.medianHours],
        [`${times[0]}, ${t('page.insights.col.p90Hours')}`, firstAction.p90Hours],
        [`${times[1]}, ${t('page.insights.col.medianHours')}`, resolution.medianHours],
        [`${times[1]}, ${t('page.insights.col.p90Hours')}`, resolution.p90Hours],
      ]),
    },
    {
      id: 'entries-due',
      table: 'entries-due',
      config: config(due.map((e) => e.title), [bars(overdue, due.map((e) => daysBetween(e.dueOn, generated)), colour(4))], { horizontal: true, valueTitle: overdue }),
      summary: summary(t('page.insights.chart.overdueCaption', { caption: t('page.insights.table.entriesDue') }), due.map((e) => [e.title, daysBetween(e.dueOn, generated)])),
    },
    {
      id: 'stale-sources',
      table: 'stale-sources',
      config: config(stale.map((x) => x.title), [bars(overdue, stale.map((x) => daysBetween(x.reviewBy, generated)), colour(5))], { horizontal: true, valueTitle: overdue }),
      summary: summary(t('page.insights.chart.overdueCaption', { caption: t('page.insights.table.staleSources') }), stale.map((x) => [x.title, daysBetween(x.reviewBy, generated)])),
    },
  ];
}
