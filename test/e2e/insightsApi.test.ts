// The insights API over real HTTP with a seeded source: who may read it (the helpdesk key, or Teams SSO with the
// helpdesk role, checked against stand-in Entra keys), the date range, the report as JSON and each table as CSV.
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import type { Server } from 'restify';
import { loadConfig } from '../../bot/config/config.js';
import { registerInsightsApi } from '../../bot/insights/insightsApi.js';
import { TABLE_IDS } from '../../bot/insights/tables.js';
import { createServer } from '../../bot/http/server.js';
import { ticketLabels } from '../../bot/http/pages.js';
import { createLogger } from '../../bot/logger.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import { SSO_HOST, signToken, ssoClaims, testKey } from '../fixtures/entraTokens.js';
import { SEED_DAYS, SEED_GENERATED_AT, SEED_RANGE, SEED_TOTALS, SeededInsights } from '../fixtures/insightsSeed.js';
import { startApp, type RunningApp } from './channelsHarness.js';

const APP_ID = '0f1e2d3c-4b5a-4968-8776-65544332211f';
const TENANT = '11111111-2222-4333-8444-555555555555';
const KEY = 'helpdesk-test-key-0123456789abcdef';
const r = loadKnowledge().replies;
const seedQuery = `?from=${SEED_RANGE.from}&to=${SEED_RANGE.to}`;

interface ErrorBody {
  error: { code: string; message: string };
}

describe('insights API (HTTP, seeded source)', () => {
  const key = testKey('entra-key-1');
  const source = new SeededInsights();
  let entra: http.Server;
  let running: RunningApp;

  before(async () => {
    entra = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url === `/${TENANT}/discovery/v2.0/keys` ? JSON.stringify({ keys: [key.jwk] }) : '{}');
    });
    await new Promise<void>((done) => entra.listen(0, '127.0.0.1', () => done()));
    running = await startApp(
      {
        HELPDESK_API_KEY: KEY,
        TEAMS_SSO_APP_ID: APP_ID,
        TEAMS_SSO_TENANT_ID: TENANT,
        BOT_HOST: SSO_HOST,
        ENTRA_AUTHORITY: `http://127.0.0.1:${(entra.address() as AddressInfo).port}`,
      },
      { insights: source },
    );
  });
  after(async () => {
    await running.stop();
    await new Promise<void>((done) => entra.close(() => done()));
  });

  const get = (path: string, bearer?: string) => fetch(`${running.base}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  const sso = (extra: Record<string, unknown> = {}) => signToken(key, ssoClaims(APP_ID, TENANT, Date.now(), extra));

  describe('who may read it', () => {
    for (const path of ['/api/insights', '/api/insights/questions.csv']) {
      it(`${path}: no credential is 401 asking for the helpdesk key`, async () => {
        const res = await get(path);
        expect(res.status).to.equal(401);
        expect(res.headers.get('www-authenticate')).to.equal('Bearer');
        expect(await res.json()).to.deep.equal({ error: { code: 'unauthorized', message: r.t('http.error.helpdeskKey') } });
      });

      it(`${path}: a wrong key is 401`, async () => {
        const res = await get(path, 'not-the-helpdesk-key-at-all-0000');
        expect(res.status).to.equal(401);
        expect(((await res.json()) as ErrorBody).error.code).to.equal('unauthorized');
      });

      it(`${path}: the helpdesk key is 200`, async () => {
        const res = await get(path, KEY);
        expect(res.status).to.equal(200);
        expect(res.headers.get('cache-control')).to.equal('no-store');
      });

      it(`${path}: Teams SSO with the helpdesk role is 200`, async () => {
        expect((await get(path, sso())).status).to.equal(200);
      });

      it(`${path}: a genuine Teams user without the helpdesk role is 403, saying the role is missing`, async () => {
        const res = await get(path, sso({ roles: ['Reader'] }));
        expect(res.status).to.equal(403);
        expect(await res.json()).to.deep.equal({ error: { code: 'missing_role', message: r.t('http.error.missingRole') } });
      });
    }

    const refused: [string, Record<string, unknown>][] = [
      ['from another tenant', { tid: '99999999-2222-4333-8444-555555555555' }],
      ['for another app', { aud: 'api://assistant.example.org/ffffffff-0000-4000-8000-000000000000' }],
      ['that has expired', { exp: Math.floor(Date.now() / 1000) - 3600 }],
    ];
    for (const [name, claims] of refused) {
      it(`refuses an SSO token ${name} with 401`, async () => {
        expect((await get('/api/insights', sso(claims))).status).to.equal(401);
      });
    }

    it('refuses a token signed with a key Entra never published', async () => {
      const forged = signToken(key, ssoClaims(APP_ID, TENANT, Date.now()), { signWith: testKey('entra-key-1').privateKey });
      expect((await get('/api/insights', forged)).status).to.equal(401);
    });
  });

  describe('the date range', () => {
    it('defaults to the last 30 days, today included', async () => {
      const res = await get('/api/insights', KEY);
      const body = (await res.json()) as { range: { from: string; to: string } };
      const today = new Date().toISOString().slice(0, 10);
      const from = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
      expect(body.range).to.deep.equal({ from, to: today });
      expect(source.asked.at(-1)).to.deep.equal({ from, to: today });
    });

    const bad: [string, string][] = [
      ['?from=2026-11-31', 'from is not a real date'],
      ['?from=yesterday', 'from must be a date written YYYY-MM-DD'],
      ['?from=2026-11-10&to=2026-11-01', 'from (2026-11-10) must not be after to (2026-11-01)'],
      ['?from=2024-01-01&to=2026-01-01', 'the range covers 732 days; choose at most 400'],
      ['?from=2026-01-01&from=2026-01-02', 'from must be a date written YYYY-MM-DD, given once'],
      ['?from=2026-01-01&days=7', 'only from and to may be given, not days'],
    ];
    for (const [query, problem] of bad) {
      for (const path of ['/api/insights', '/api/insights/gaps.csv']) {
        it(`${path}${query} is 400: ${problem}`, async () => {
          const res = await get(`${path}${query}`, KEY);
          expect(res.status).to.equal(400);
          expect(await res.json()).to.deep.equal({ error: { code: 'invalid_range', message: r.t('http.error.range', { problem }) } });
        });
      }
    }
  });

  describe('the report', () => {
    it('is the source report for the range asked, as JSON', async () => {
      const res = await get(`/api/insights${seedQuery}`, KEY);
      expect(res.headers.get('content-type')).to.match(/^application\/json/);
      expect(await res.json()).to.deep.equal({ range: SEED_RANGE, generatedAt: SEED_GENERATED_AT, questionsByDay: SEED_DAYS, ...SEED_TOTALS });
      expect(source.asked.at(-1)).to.deep.equal(SEED_RANGE);
    });
  });

  describe('CSV downloads', () => {
    const csv = async (id: string, query = seedQuery) => {
      const res = await get(`/api/insights/${id}.csv${query}`, KEY);
      expect(res.status, id).to.equal(200);
      return { res, rows: parse(await res.text(), { bom: true }) as string[][] };
    };

    it('offers every table as a CSV attachment named after the table and the range', async () => {
      for (const id of TABLE_IDS) {
        const { res, rows } = await csv(id);
        expect(res.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
        expect(res.headers.get('content-disposition')).to.equal(`attachment; filename="insights-${id}-${SEED_RANGE.from}-to-${SEED_RANGE.to}.csv"`);
        expect(rows.length, id).to.be.at.least(2);
      }
    });

    it('questions: one row per day of the range with the counts by outcome', async () => {
      const { rows } = await csv('questions');
      expect(rows).to.deep.equal([
        ['day', 'answered', 'notSure', 'refused', 'safety', 'solvedWithoutTicket'].map((col) => r.t(`page.insights.col.${col}`)),
        ...SEED_DAYS.map((d) => [d.day, d.answered, d.notSure, d.refused, d.safety, d.solvedWithoutTicket].map(String)),
      ]);
    });

    it('deflection: the share as a percentage with one decimal place', async () => {
      const { rows } = await csv('deflection');
      expect(rows[1]).to.deep.equal(['64', '45', '70.3', '6']);
    });

    it('gaps: examples one per line, missing closest entry empty, formulas neutralised', async () => {
      const { rows } = await csv('gaps');
      expect(rows.slice(1)).to.deep.equal([
        ['teams meeting recording', '7', 'how do I record a "teams" meeting, and keep it?\nrecording a call\nwhere does it go', 'teams-basics', 'Microsoft Teams with NHSmail'],
        ["'=cmd|calc", '2', "'@SUM(1+1) in my signature\n-what is this", '', ''],
      ]);
    });

    it('requests: types and statuses in the helpdesk words; times in hours, none where nothing was measured', async () => {
      const { rows: requests } = await csv('requests');
      expect(requests.slice(1)).to.deep.equal([
        [r.t('request.typeName.lockedOut'), r.t('ticket.status.resolved'), '8'],
        [r.t('request.typeName.lockedOut'), r.t('ticket.status.new'), '2'],
        [r.t('request.typeName.leaver'), r.t('ticket.status.inProgress'), '3'],
        [r.t('request.typeName.nameChange'), r.t('ticket.status.resolved'), '1'],
      ]);
      const { rows: times } = await csv('request-times');
      expect(times.slice(1)).to.deep.equal([
        [r.t('page.insights.firstAction'), '12', '2.3', '7.5'],
        [r.t('page.insights.resolution'), '9', '26', ''],
      ]);
    });

    it('review: entries due and stale sources with their dates', async () => {
      expect((await csv('entries-due')).rows.slice(1)).to.deep.equal([['leavers', 'When a member of staff leaves', '2025-10-01', '2026-10-01']]);
      expect((await csv('stale-sources')).rows.slice(1)).to.deep.equal([['seeds/leavers.txt', 'Leavers and joiners, "process" guide', '2025-05-01', '2026-05-01']]);
    });

    it('an unknown table is 404 naming the tables there are', async () => {
      for (const path of ['/api/insights/secrets.csv', '/api/insights/questions.json', '/api/insights/questions']) {
        const res = await get(path, KEY);
        expect(res.status, path).to.equal(404);
        expect(await res.json()).to.deep.equal({
          error: { code: 'no_such_table', message: r.t('http.error.noTable', { tables: TABLE_IDS.map((t) => `${t}.csv`).join(', ') }) },
        });
      }
    });
  });
});

// The app always records insights now, so the API without a source is served on its own server.
describe('insights API without a source', () => {
  let server: Server;
  let base: string;
  before(async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', HELPDESK_API_KEY: KEY, DATA_DIR: os.tmpdir() });
    const logger = createLogger('silent');
    const words = { t: (key: string, vars?: Readonly<Record<string, string | number>>) => r.t(key, vars), ...ticketLabels(r) };
    server = createServer({ maxBodyBytes: 64 * 1024, logger, health: () => ({ ready: true, dependencies: {}, report: {} }) }, [
      (s) => registerInsightsApi(s, { config, logger, words }),
    ]);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('answers 503 saying insights are not available, once the caller is let in', async () => {
    const res = await fetch(`${base}/api/insights`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(res.status).to.equal(503);
    expect(await res.json()).to.deep.equal({ error: { code: 'insights_unavailable', message: r.t('http.error.insightsOff') } });
    expect((await fetch(`${base}/api/insights`)).status).to.equal(401);
  });
});
