// The insights page: a date range, then for each part of the report a chart (Chart.js) with its numbers as a table and a
// CSV download. Signs in like the helpdesk tab: Teams SSO inside Teams when configured, else the helpdesk key.
import { BarController, BarElement, CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import { insightsTables, percent, type Cell, type InsightsTable, type TableId } from '../../bot/insights/tables.js';
import type { TicketLabels } from '../../helpdesk/vocabulary.js';
import { pageText, type PageText } from '../shared/pageText.js';
import { $, createTabSession, setStatus } from '../shared/tabSession.js';
import { InsightsApi, InsightsError, csvUrl, type DateRange, type InsightsReport } from './api.js';
import { DARK_SERIES, SERIES, chartSpecs, type ChartId } from './charts.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

interface PageConfig {
  /** Entra app id for Teams SSO; absent: sign in with the helpdesk key */
  ssoAppId?: string;
  /** the words for ticket types and statuses, from the server's replies */
  labels?: TicketLabels;
  /** the page's words (replies page.insights.*), from the server */
  text?: PageText;
}

/** Each section of the page: its heading and the charts and tables in it. */
const SECTIONS: { id: string; title: string; figures: { chart?: ChartId; table: TableId }[] }[] = [
  { id: 'questions', title: 'page.insights.section.questions', figures: [{ chart: 'questions', table: 'questions' }, { table: 'deflection' }] },
  { id: 'entries', title: 'page.insights.section.entries', figures: [{ chart: 'top-entries', table: 'top-entries' }, { chart: 'unhelpful-entries', table: 'unhelpful-entries' }] },
  { id: 'gaps', title: 'page.insights.section.gaps', figures: [{ chart: 'gaps', table: 'gaps' }] },
  { id: 'eligibility', title: 'page.insights.section.eligibility', figures: [{ chart: 'eligibility', table: 'eligibility' }, { chart: 'eligibility-routes', table: 'eligibility-routes' }] },
  { id: 'requests', title: 'page.insights.section.requests', figures: [{ chart: 'requests', table: 'requests' }, { chart: 'request-times', table: 'request-times' }] },
  { id: 'review', title: 'page.insights.section.review', figures: [{ chart: 'entries-due', table: 'entries-due' }, { chart: 'stale-sources', table: 'stale-sources' }] },
];

/** The page's fixed words, by element id. */
const STATIC_TEXT: Record<string, string> = {
  'skip-link': 'page.insights.skip',
  'page-heading': 'page.insights.heading',
  intro: 'page.insights.intro',
  'sign-out': 'page.insights.signOut',
  'signin-title': 'page.insights.signInTitle',
  'signin-text': 'page.insights.signInText',
  'key-label': 'page.insights.keyLabel',
  'signin-button': 'page.insights.signInButton',
  'range-legend': 'page.insights.range.legend',
  'from-label': 'page.insights.range.from',
  'to-label': 'page.insights.range.to',
  apply: 'page.insights.range.apply',
};

const config = JSON.parse($('page-config').textContent ?? '{}') as PageConfig;
const t = pageText(config.text);
const labels = { types: config.labels?.types ?? {}, statuses: config.labels?.statuses ?? {} } as { types: Record<string, string>; statuses: Record<string, string> };
const state: { report?: InsightsReport; charts: Partial<Record<ChartId, Chart>> } = { charts: {} };
/** The drawn charts by id, for people inspecting the page in the browser's tools (and the browser tests). */
(window as unknown as { insightsCharts: typeof state.charts }).insightsCharts = state.charts;

const session = createTabSession({
  t,
  keys: {
    signInPrompt: 'page.insights.signInPrompt',
    enterKey: 'page.insights.enterKey',
    ssoFailed: 'page.insights.ssoFailed',
    teamsUser: 'page.insights.teamsUser',
    signInFirst: 'page.insights.error.signInFirst',
  },
  ssoAppId: config.ssoAppId,
  sections: ['insights'],
  notSignedIn: (message) => new InsightsError(401, message),
  load: () => load(rangeInAddress()),
  onTheme: () => {
    if (state.report) render(state.report);
  },
});

const api = new InsightsApi((url, init) => fetch(url, init), () => session.credential(), t);

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
};

function cellContent(cell: Cell): Node | string {
  if (cell === null) return t('page.insights.none');
  if (typeof cell === 'number') return cell.toLocaleString('en-GB');
  if (typeof cell === 'string') return cell;
  return el('ul', {}, ...cell.map((line) => el('li', {}, line)));
}

/** A table with its caption, column headers and row headers (first column), scrollable on its own on a narrow screen. */
function tableBlock(table: InsightsTable, range: DateRange): HTMLElement {
  const captionId = `caption-${table.id}`;
  const head = el('tr', {}, ...table.columns.map((c) => el('th', { scope: 'col', ...(c.numeric ? { class: 'num' } : {}) }, c.header)));
  const rows = table.rows.map((row) =>
    el('tr', {}, ...row.map((cell, i) => el(i === 0 ? 'th' : 'td', { ...(i === 0 ? { scope: 'row' } : {}), ...(table.columns[i]?.numeric ? { class: 'num' } : {}) }, cellContent(cell)))),
  );
  if (!rows.length) rows.push(el('tr', {}, el('td', { colspan: String(table.columns.length), class: 'empty' }, t('page.insights.emptyTable'))));
  const tableEl = el('table', { id: `table-${table.id}` }, el('caption', { id: captionId }, table.caption), el('thead', {}, head), el('tbody', {}, ...rows));
  const wrap = el('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-labelledby': captionId }, tableEl);
  const link = el('a', { class: 'csv', href: csvUrl(table.id, range), 'data-table': table.id }, t('page.insights.csv'), el('span', { class: 'visually-hidden' }, t('page.insights.csvOf', { caption: table.caption })));
  link.addEventListener('click', (e) => {
    e.preventDefault();
    void download(table.id, range);
  });
  return el('div', { class: 'table-block' }, wrap, link);
}

/** Fetches the CSV with the page's credential (a plain link could not send it) and saves it. */
async function download(id: TableId, range: DateRange): Promise<void> {
  try {
    const blob = await api.csv(id, range);
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: `insights-${id}-${range.from}-to-${range.to}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    setStatus(t('page.insights.downloaded'));
  } catch (err) {
    handleError(err);
  }
}

function themeColours(): { text: string; grid: string; palette: readonly string[] } {
  const css = getComputedStyle(document.body);
  const dark = document.body.dataset.theme === 'dark' || document.body.dataset.theme === 'contrast';
  return { text: css.getPropertyValue('--text').trim(), grid: css.getPropertyValue('--border').trim(), palette: dark ? DARK_SERIES : SERIES };
}

function render(report: InsightsReport): void {
  for (const chart of Object.values(state.charts)) chart?.destroy();
  for (const id of Object.keys(state.charts)) delete state.charts[id as ChartId];
  const colours = themeColours();
  Chart.defaults.color = colours.text;
  Chart.defaults.borderColor = colours.grid;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  const tables = new Map(insightsTables(report, { t, ...labels }).map((x) => [x.id, x]));
  const charts = new Map(chartSpecs(report, t, labels, colours.palette).map((c) => [c.id, c]));
  const { deflection } = report;
  const share = percent(deflection.share);
  const root = $('report');
  root.replaceChildren();
  const drawn: [HTMLCanvasElement, ChartId][] = [];
  for (const section of SECTIONS) {
    const headingId = `section-${section.id}`;
    const node = el('section', { class: 'section panel', 'aria-labelledby': headingId }, el('h2', { id: headingId }, t(section.title)));
    if (section.id === 'questions') {
      node.append(
        el(
          'p',
          { class: 'headline', id: 'deflection-headline' },
          share === null
            ? t('page.insights.deflectionNone')
            : t('page.insights.deflection', { share: share.toLocaleString('en-GB'), solved: deflection.solvedWithoutTicket, conversations: deflection.conversations }),
        ),
      );
    }
    for (const figure of section.figures) {
      const parts: HTMLElement[] = [];
      const spec = figure.chart ? charts.get(figure.chart) : undefined;
      if (spec) {
        const canvas = el('canvas', { id: `chart-${spec.id}`, role: 'img', 'aria-label': spec.summary });
        canvas.textContent = spec.summary;
        parts.push(el('div', { class: 'chart' }, canvas));
        drawn.push([canvas, spec.id]);
      }
      parts.push(tableBlock(tables.get(figure.table)!, report.range));
      node.append(el('div', { class: 'figure' }, ...parts));
    }
    root.append(node);
  }
  // drawn once in the page, so each chart measures its own box
  for (const [canvas, id] of drawn) state.charts[id] = new Chart(canvas, charts.get(id)!.config);
}

function handleError(err: unknown): void {
  if (err instanceof InsightsError && err.status === 401) return session.refused(err.message);
  if (err instanceof InsightsError && err.status === 400) {
    showRangeError(err.message);
    return;
  }
  setStatus(err instanceof InsightsError ? err.message : t('page.insights.error.generic'), true);
}

function showRangeError(message: string): void {
  $('range-error').textContent = message;
  for (const id of ['from', 'to']) $(id).setAttribute('aria-invalid', message ? 'true' : 'false');
  if (message) setStatus('');
}

/** Keeps the range in the address, so a reload or a shared link shows the same days. */
function rememberRange(range: DateRange): void {
  const url = new URL(window.location.href);
  url.searchParams.set('from', range.from);
  url.searchParams.set('to', range.to);
  window.history.replaceState(null, '', url.toString());
}

async function load(range?: DateRange): Promise<void> {
  try {
    setStatus(t('page.insights.loading'));
    const report = await api.report(range);
    state.report = report;
    session.show('insights');
    showRangeError('');
    $<HTMLInputElement>('from').value = report.range.from;
    $<HTMLInputElement>('to').value = report.range.to;
    rememberRange(report.range);
    render(report);
    setStatus(t('page.insights.showing', { from: report.range.from, to: report.range.to }));
  } catch (err) {
    handleError(err);
  }
}

function rangeInAddress(): DateRange | undefined {
  const params = new URLSearchParams(window.location.search);
  const from = params.get('from');
  const to = params.get('to');
  return from && to ? { from, to } : undefined;
}

function wire(): void {
  for (const [id, key] of Object.entries(STATIC_TEXT)) $(id).textContent = t(key);
  $('range-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const from = $<HTMLInputElement>('from').value;
    const to = $<HTMLInputElement>('to').value;
    if (!from || !to) return showRangeError(t('page.insights.range.missing'));
    if (from > to) return showRangeError(t('page.insights.range.backwards'));
    void load({ from, to });
  });
}

wire();
void session.start();
