// The insights page's charts and API client without a browser: colours that meet non-text contrast, labels that fit a
// phone, summaries in words, and a client that sends the credential and turns refusals into messages to show.
import { expect } from 'chai';
import { loadKnowledge } from '../../knowledge/loader.js';
import { ticketLabels } from '../../bot/http/pages.js';
import { InsightsApi, InsightsError, csvUrl, type Fetch } from '../../web/insights/api.js';
import { CHART_IDS, DARK_SERIES, SERIES, chartSpecs, wrapLabel } from '../../web/insights/charts.js';
import { contrastRatio } from '../../web/shared/colours.js';
import { pageText } from '../../web/shared/pageText.js';
import { SEED_RANGE, SeededInsights } from '../fixtures/insightsSeed.js';

const r = loadKnowledge().replies;
const t = pageText(r.templates('page.insights.'));

describe('insights charts', () => {
  it('draws series at least 3:1 against the light panel, and the dark series against the dark and high-contrast ones', () => {
    for (const c of SERIES) expect(contrastRatio(c, '#ffffff'), c).to.be.at.least(3);
    for (const c of DARK_SERIES) {
      expect(contrastRatio(c, '#292929'), c).to.be.at.least(3);
      expect(contrastRatio(c, '#000000'), c).to.be.at.least(3);
    }
  });

  it('has one chart per chart id, each pointing at a table, with a summary that names its numbers', async () => {
    const report = await new SeededInsights().report(SEED_RANGE);
    const specs = chartSpecs(report, t, ticketLabels(r));
    expect(specs.map((s) => s.id)).to.deep.equal([...CHART_IDS]);
    const questions = specs[0]!;
    expect(questions.summary).to.equal(
      r.t('page.insights.chart.summary', {
        caption: r.t('page.insights.chart.questionsCaption', { ...SEED_RANGE }),
        items: ['Answered 63', 'Not sure 15', 'Refused 4', 'Safety reply 3', 'Solved without a request 45'].join('; '),
      }),
    );
    const empty = chartSpecs({ ...report, gapClusters: [] }, t, ticketLabels(r)).find((s) => s.id === 'gaps')!;
    expect(empty.summary).to.equal(r.t('page.insights.chart.empty', { caption: r.t('page.insights.table.gaps') }));
    expect(empty.config.data.labels).to.deep.equal([]);
  });

  it('wraps long labels into at most three short lines', () => {
    expect(wrapLabel('Resetting your NHSmail password', 14)).to.deep.equal(['Resetting your', 'NHSmail', 'password']);
    expect(wrapLabel('short', 14)).to.deep.equal(['short']);
    expect(wrapLabel('Shared mailboxes, and who can open them when they are away', 14)).to.deep.equal(['Shared', 'mailboxes, and', 'who can open…']);
    expect(wrapLabel('Supercalifragilisticexpialidocious', 10)).to.deep.equal(['Supercali…']);
  });
});

describe('insights API client', () => {
  const calls: { url: string; headers: Record<string, string> }[] = [];
  const fake = (status: number, body: unknown): Fetch => async (url, init) => {
    calls.push({ url, headers: init.headers });
    return { ok: status < 400, status, json: async () => body, blob: async () => new Blob([JSON.stringify(body)]) };
  };
  const api = (status: number, body: unknown) => new InsightsApi(fake(status, body), async () => 'the-key', t);

  it('asks for the range with the credential, or for the server default without one', async () => {
    await api(200, {}).report(SEED_RANGE);
    await api(200, {}).report();
    expect(calls.slice(-2).map((c) => c.url)).to.deep.equal([`/api/insights?from=${SEED_RANGE.from}&to=${SEED_RANGE.to}`, '/api/insights']);
    expect(calls.at(-1)!.headers.authorization).to.equal('Bearer the-key');
    expect(csvUrl('gaps', SEED_RANGE)).to.equal(`/api/insights/gaps.csv?from=${SEED_RANGE.from}&to=${SEED_RANGE.to}`);
  });

  it('turns a refused sign-in, a bad range and a server fault into messages to show', async () => {
    const failure = (status: number, body: unknown) => api(status, body).report().then(() => undefined, (e: unknown) => e as InsightsError);
    expect(await failure(401, {})).to.include({ status: 401, message: r.t('page.insights.error.signInRefused') });
    expect(await failure(400, { error: { message: 'The date range is not valid: x.' } })).to.include({ status: 400, message: 'The date range is not valid: x.' });
    expect(await failure(500, { error: { message: 'internal detail' } })).to.include({ status: 500, message: r.t('page.insights.error.server') });
    const unreachable = await new InsightsApi(() => Promise.reject(new Error('offline')), async () => 'k', t).report().catch((e: unknown) => e as InsightsError);
    expect(unreachable).to.include({ status: 0, message: r.t('page.insights.error.unreachable') });
  });
});
