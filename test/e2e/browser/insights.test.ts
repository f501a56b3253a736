// The insights page in Chromium over the real API with a seeded source: sign in with the helpdesk key, every chart drawn
// with the seed's numbers, every table's cells equal to the seed, a CSV download, a new date range, axe, a phone-width
// view, and screenshots in test-results/.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import { startApp, type RunningApp } from '../channelsHarness.js';
import { expectAccessible, launchChromium, realProblems as real, screenshot, type Browser } from './chromium.js';
import { SEED_DAYS, SEED_RANGE, SEED_TOTALS, SeededInsights } from '../../fixtures/insightsSeed.js';
import { loadKnowledge } from '../../../knowledge/loader.js';
import { ticketLabels } from '../../../bot/http/pages.js';
import { contrastRatio } from '../../../web/shared/colours.js';
import { startStandInEntra, type StandInEntra } from '../../fixtures/entraTokens.js';
import { TAB_HOST, openInFakeTeams, proxyTabHost } from './fakeTeamsHost.js';
import { expectWrongKeyRefused } from './tabSignIn.js';

const r = loadKnowledge().replies;
const labels = ticketLabels(r);
const KEY = 'helpdesk-test-key-0123456789';

/** What each chart must hold, worked out from the seed here rather than by the page's own code. */
const n = (x: number | null) => x;
const { topEntries, unhelpfulEntries, gapClusters, eligibility, requests, review } = SEED_TOTALS;
const EXPECTED_CHARTS: Record<string, { labels: string[]; data: (number | null)[][] }> = {
  questions: {
    labels: SEED_DAYS.map((d) => d.day),
    data: [SEED_DAYS.map((d) => d.answered), SEED_DAYS.map((d) => d.notSure), SEED_DAYS.map((d) => d.refused), SEED_DAYS.map((d) => d.safety), SEED_DAYS.map((d) => d.solvedWithoutTicket)],
  },
  'top-entries': { labels: topEntries.map((e) => e.title), data: [topEntries.map((e) => e.asked)] },
  'unhelpful-entries': { labels: unhelpfulEntries.map((e) => e.title), data: [unhelpfulEntries.map((e) => e.unhelpful), unhelpfulEntries.map((e) => e.helpful)] },
  gaps: { labels: gapClusters.map((c) => c.label), data: [gapClusters.map((c) => c.count)] },
  eligibility: { labels: [r.t('page.insights.col.started'), r.t('page.insights.col.finished')], data: [[eligibility.started, eligibility.finished]] },
  'eligibility-routes': { labels: eligibility.byRoute.map((x) => x.route), data: [eligibility.byRoute.map((x) => x.count)] },
  requests: {
    labels: [labels.types['locked-out'], labels.types.leaver, labels.types['name-change']],
    // one dataset per status, in the order the statuses first appear: resolved, new, in-progress
    data: [
      [8, 0, 1],
      [2, 0, 0],
      [0, 3, 0],
    ],
  },
  'request-times': {
    labels: [r.t('page.insights.firstAction'), r.t('page.insights.resolution')],
    data: [
      [n(requests.firstAction.medianHours), n(requests.resolution.medianHours)],
      [n(requests.firstAction.p90Hours), n(requests.resolution.p90Hours)],
    ],
  },
  // generated 2026-11-10: due 2026-10-01 is 40 days past; review by 2026-05-01 is 193 days past
  'entries-due': { labels: review.entriesDue.map((e) => e.title), data: [[40]] },
  'stale-sources': { labels: review.staleSources.map((x) => x.title), data: [[193]] },
};

const num = (x: number) => x.toLocaleString('en-GB');
const none = r.t('page.insights.none');
/** Each table's body cells as the page must show them (lists as their lines joined). */
const EXPECTED_TABLES: Record<string, string[][]> = {
  questions: SEED_DAYS.map((d) => [d.day, ...[d.answered, d.notSure, d.refused, d.safety, d.solvedWithoutTicket].map(num)]),
  deflection: [['64', '45', '70.3', '6']],
  'top-entries': topEntries.map((e) => [e.entryId, e.title, num(e.asked), num(e.helpful), num(e.unhelpful)]),
  'unhelpful-entries': unhelpfulEntries.map((e) => [e.entryId, e.title, num(e.unhelpful), num(e.helpful)]),
  gaps: gapClusters.map((c) => [c.label, num(c.count), c.examples.join('|'), c.closestEntryId ?? none, c.closestTitle ?? none]),
  eligibility: [[num(eligibility.started), num(eligibility.finished)]],
  'eligibility-routes': eligibility.byRoute.map((x) => [x.route, num(x.count)]),
  requests: requests.byTypeAndStatus.map((x) => [labels.types[x.type as keyof typeof labels.types], labels.statuses[x.status as keyof typeof labels.statuses], num(x.count)]),
  'request-times': [
    [r.t('page.insights.firstAction'), '12', '2.3', '7.5'],
    [r.t('page.insights.resolution'), '9', '26', none],
  ],
  'entries-due': review.entriesDue.map((e) => [e.entryId, e.title, e.reviewed, e.dueOn]),
  'stale-sources': review.staleSources.map((x) => [x.source, x.title, x.date, x.reviewBy]),
};

/** The charts' data as the page's Chart.js instances hold it, and how many of each canvas's pixels are painted. */
function chartsInPage(page: Page) {
  return page.evaluate(() => {
    const charts = (window as unknown as { insightsCharts: Record<string, { data: { labels: string[]; datasets: { data: (number | null)[] }[] }; canvas: HTMLCanvasElement }> }).insightsCharts;
    return Object.fromEntries(
      Object.entries(charts).map(([id, chart]) => {
        const { width, height } = chart.canvas;
        const pixels = chart.canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
        return [id, { labels: chart.data.labels, data: chart.data.datasets.map((d) => d.data), painted, label: chart.canvas.getAttribute('aria-label'), role: chart.canvas.getAttribute('role') }];
      }),
    );
  });
}

function tablesInPage(page: Page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLTableElement>('#report table')].map((table) => [
        table.id.replace(/^table-/, ''),
        {
          caption: table.caption?.textContent ?? '',
          headScopes: [...table.querySelectorAll('thead th')].map((th) => th.getAttribute('scope')),
          rowScopes: [...table.querySelectorAll('tbody tr')].map((tr) => tr.firstElementChild?.getAttribute('scope')),
          cells: [...table.tBodies[0]!.rows].map((row) =>
            [...row.cells].map((cell) => (cell.querySelector('ul') ? [...cell.querySelectorAll('li')].map((li) => li.textContent).join('|') : (cell.textContent ?? ''))),
          ),
        },
      ]),
    ),
  );
}

describe('insights page (Chromium, seeded source)', () => {
  let running: RunningApp;
  let browser: Browser;
  before(async () => {
    running = await startApp({ HELPDESK_API_KEY: KEY }, { insights: new SeededInsights() });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await running?.stop();
  });

  async function signedIn(path = `/insights?from=${SEED_RANGE.from}&to=${SEED_RANGE.to}`, colorScheme: 'light' | 'dark' = 'light') {
    const watched = await browser.newPage();
    const { page } = watched;
    await page.emulateMedia({ colorScheme });
    await page.goto(`${running.base}${path}`);
    await page.getByLabel(r.t('page.insights.keyLabel')).fill(KEY);
    await page.getByRole('button', { name: r.t('page.insights.signInButton') }).click();
    await page.locator('#status', { hasText: r.t('page.insights.showing', { from: SEED_RANGE.from, to: SEED_RANGE.to }) }).waitFor();
    return watched;
  }

  it('asks for the helpdesk key, and says when it is wrong', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${running.base}/insights`);
    expect(await page.title()).to.equal(r.t('page.insights.title'));
    await expectWrongKeyRefused(page, r.t('page.insights.keyLabel'), r.t('page.insights.error.signInRefused'));
    expect(real(problems).filter((p) => !p.includes('401'))).to.deep.equal([]);
    await page.close();
  });

  it('draws every chart with the seed, shows every table with the seed, passes axe, and saves a screenshot', async () => {
    const { page, problems } = await signedIn();
    const charts = await chartsInPage(page);
    expect(Object.keys(charts).sort()).to.deep.equal(Object.keys(EXPECTED_CHARTS).sort());
    for (const [id, expected] of Object.entries(EXPECTED_CHARTS)) {
      const chart = charts[id]!;
      expect(chart.labels, `${id} labels`).to.deep.equal(expected.labels);
      expect(chart.data, `${id} data`).to.deep.equal(expected.data);
      expect(chart.painted, `${id} is drawn`).to.be.greaterThan(500);
      expect(chart.role, id).to.equal('img');
      expect(chart.label, `${id} summary`).to.match(/\S/);
    }
    expect(charts.questions!.label).to.include(`${r.t('page.insights.col.answered')} ${SEED_DAYS.reduce((a, d) => a + d.answered, 0)}`);

    const tables = await tablesInPage(page);
    expect(Object.keys(tables).sort()).to.deep.equal(Object.keys(EXPECTED_TABLES).sort());
    for (const [id, cells] of Object.entries(EXPECTED_TABLES)) {
      const table = tables[id]!;
      expect(table.cells, `${id} cells`).to.deep.equal(cells);
      expect(table.caption, `${id} caption`).to.match(/\S/);
      expect(new Set(table.headScopes), `${id} column headers`).to.deep.equal(new Set(['col']));
      expect(new Set(table.rowScopes), `${id} row headers`).to.deep.equal(new Set(['row']));
    }
    expect(await page.locator('#deflection-headline').textContent()).to.equal(r.t('page.insights.deflection', { share: '70.3', solved: 45, conversations: 64 }));

    await expectAccessible(page);
    await screenshot(page, 'insights');
    expect(real(problems)).to.deep.equal([]);
    await page.close();
  });

  it('downloads a table as CSV with the signed-in key', async () => {
    const { page, problems } = await signedIn();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a.csv[data-table="gaps"]').click()]);
    expect(download.suggestedFilename()).to.equal(`insights-gaps-${SEED_RANGE.from}-to-${SEED_RANGE.to}.csv`);
    const file = await download.path();
    const rows = parse(await import('node:fs').then((fs) => fs.readFileSync(file)), { bom: true }) as string[][];
    expect(rows[1]).to.deep.equal(['teams meeting recording', '7', gapClusters[0]!.examples.join('\n'), 'teams-basics', 'Microsoft Teams with NHSmail']);
    expect(rows[2]![0]).to.equal("'=cmd|calc");
    expect(real(problems)).to.deep.equal([]);
    await page.close();
  });

  it('changes the range with the keyboard alone, and says what is wrong with a backwards one', async () => {
    const { page, problems } = await signedIn();
    const from = page.getByLabel(r.t('page.insights.range.from'), { exact: true });
    await from.focus();
    await from.fill('2026-11-04');
    // a date field takes Tab once per part (day, month, year); Apply comes after the two fields
    const focused = () => page.evaluate(() => document.activeElement?.id);
    for (let i = 0; i < 10 && (await focused()) !== 'apply'; i++) await page.keyboard.press('Tab');
    expect(await focused()).to.equal('apply');
    await page.keyboard.press('Enter');
    await page.locator('#status', { hasText: r.t('page.insights.showing', { from: '2026-11-04', to: SEED_RANGE.to }) }).waitFor();
    expect((await chartsInPage(page)).questions!.labels).to.deep.equal(['2026-11-04', '2026-11-05', '2026-11-06']);
    expect(new URL(page.url()).searchParams.get('from')).to.equal('2026-11-04');

    await from.fill('2026-12-01');
    await page.getByRole('button', { name: r.t('page.insights.range.apply') }).click();
    await page.locator('#range-error', { hasText: r.t('page.insights.range.backwards') }).waitFor();
    expect(await from.getAttribute('aria-invalid')).to.equal('true');
    expect(real(problems)).to.deep.equal([]);
    await page.close();
  });

  it('works 390 px wide: nothing wider than the screen but the tables, which scroll on their own', async () => {
    const { page, problems } = await signedIn();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => {
      const c = (window as unknown as { insightsCharts: Record<string, { width: number }> }).insightsCharts;
      return Object.values(c).every((chart) => chart.width <= 390);
    });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(390);
    await expectAccessible(page);
    await screenshot(page, 'insights-390');
    expect(real(problems)).to.deep.equal([]);
    await page.close();
  });

  it('draws with colours that stand out from the page: at least 3:1 against the background', async () => {
    const { page } = await signedIn();
    const found = await page.evaluate(() => {
      const charts = (window as unknown as { insightsCharts: Record<string, { data: { datasets: { backgroundColor: string }[] } }> }).insightsCharts;
      const panel = getComputedStyle(document.querySelector('.section')!).backgroundColor;
      return { colours: [...new Set(Object.values(charts).flatMap((c) => c.data.datasets.map((d) => d.backgroundColor)))], panel };
    });
    expect(found.panel).to.equal('rgb(255, 255, 255)');
    for (const colour of found.colours) expect(contrastRatio(colour, '#ffffff'), colour).to.be.at.least(3);
    await page.close();
  });

  it('follows a dark system theme: lighter series that stand out from the dark panels, and still passes axe', async () => {
    const { page, problems } = await signedIn(undefined, 'dark');
    const found = await page.evaluate(() => {
      const charts = (window as unknown as { insightsCharts: Record<string, { data: { datasets: { backgroundColor: string }[] } }> }).insightsCharts;
      return { theme: document.body.dataset.theme, colours: [...new Set(Object.values(charts).flatMap((c) => c.data.datasets.map((d) => d.backgroundColor)))] };
    });
    expect(found.theme).to.equal('dark');
    for (const colour of found.colours) expect(contrastRatio(colour, '#292929'), colour).to.be.at.least(3);
    await expectAccessible(page);
    await screenshot(page, 'insights-dark');
    expect(real(problems)).to.deep.equal([]);
    await page.close();
  });
});

describe('insights tab inside Teams (Chromium, stand-in Teams host and Entra keys)', () => {
  const user = { userDisplayName: 'Helen Helpdesk', userPrincipalName: 'helen.helpdesk@nhs.net' };
  let entra: StandInEntra;
  let running: RunningApp;
  let browser: Browser;
  before(async () => {
    entra = await startStandInEntra();
    running = await startApp({ HELPDESK_API_KEY: KEY, ...entra.env }, { insights: new SeededInsights() });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await running?.stop();
    await entra?.close();
  });

  it('signs in with Teams SSO and shows the charts, in the Teams theme', async () => {
    const { page, problems } = await browser.newPage();
    await proxyTabHost(page, running.base);
    await openInFakeTeams(page, `${TAB_HOST}/insights?inTeams=1&from=${SEED_RANGE.from}&to=${SEED_RANGE.to}`, {
      theme: 'contrast',
      ...user,
      ssoToken: entra.token(),
    });
    const tab = page.frameLocator('#tab');
    await tab.locator('#status', { hasText: r.t('page.insights.showing', { from: SEED_RANGE.from, to: SEED_RANGE.to }) }).waitFor();
    expect(await tab.locator('body').getAttribute('data-theme')).to.equal('contrast');
    expect(await tab.locator('canvas[role="img"]').count()).to.equal(Object.keys(EXPECTED_CHARTS).length);
    expect(await tab.locator('#who').textContent()).to.equal(r.t('page.insights.teamsUser', { name: user.userDisplayName }));
    expect(await tab.locator('#signin').isHidden()).to.equal(true);
    expect(real(problems)).to.deep.equal([]);
    await page.close();
  });

  it('tells a Teams user without the helpdesk role that the role is missing', async () => {
    const { page } = await browser.newPage();
    await proxyTabHost(page, running.base);
    await openInFakeTeams(page, `${TAB_HOST}/insights?inTeams=1`, { theme: 'default', ...user, ssoToken: entra.token({ roles: [] }) });
    const tab = page.frameLocator('#tab');
    await tab.locator('#status.status--error', { hasText: r.t('http.error.missingRole') }).waitFor();
    expect(await tab.locator('canvas').count()).to.equal(0);
    await page.close();
  });
});
