// The report from seeded events equals numbers worked out by hand, on the file backend and on PostgreSQL; the roll-up of
// closed days changes no number; retention purges old events and aggregates; the deflection rule, case by case.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countDeflection, filingsByPerson, lastClosedDay } from '../../../bot/insights/deflection.js';
import { dayOf, type InsightEvent } from '../../../bot/insights/events.js';
import { FileInsightsStore } from '../../../bot/insights/fileStore.js';
import { createInsights, InvalidRangeError, type Insights } from '../../../bot/insights/insights.js';
import { PgInsightsStore, wholeMonths } from '../../../bot/insights/pgStore.js';
import type { InsightsReport } from '../../../bot/insights/report.js';
import type { InsightsStore } from '../../../bot/insights/store.js';
import type { ConversationDay, TicketSummary } from '../../../bot/insights/tally.js';
import { createLogger } from '../../../bot/logger.js';
import { Database } from '../../../bot/storage/postgres.js';
import { loadKnowledge } from '../../../knowledge/loader.js';
import { KnowledgeSearch } from '../../../knowledge/search.js';
import { turn } from '../../support/insightEvents.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../../support/postgres.js';

const kb = loadKnowledge();
const search = new KnowledgeSearch(kb.entries, kb.lexicon);
const logger = createLogger('silent');
const NOW = new Date('2026-03-20T12:00:00Z');
const title = (id: string) => kb.byId.get(id)!.title;

const ticket = (at: string, kind: 'ticketFiled' | 'ticketChanged', ref: string, person: string, type: string, status: string, filedAt: string): InsightEvent => ({
  at,
  day: dayOf(at),
  channel: 'webchat',
  conversation: null,
  person,
  kind,
  ref,
  requestType: type,
  status,
  filedAt,
});

/** The seed the expected numbers below were worked out from (see each comment). */
const SEED: InsightEvent[] = [
  // 1 March: two answers (C1/P1 later files a request within 7 days, C2/P2 only after), not sure, refused, safety, two ratings
  turn('2026-03-01T09:00:00Z', 1, 'answer', { entryId: 'locked-out' }),
  turn('2026-03-01T10:00:00Z', 2, 'answer', { entryId: 'locked-out' }),
  turn('2026-03-01T11:00:00Z', 3, 'unsure', { entryId: 'web-access', question: 'how do i wibble the fax' }),
  turn('2026-03-01T12:00:00Z', 4, 'offTopic', { question: 'will it rain tomorrow' }),
  turn('2026-03-01T13:00:00Z', 5, 'safety'),
  turn('2026-03-01T09:05:00Z', 1, 'feedback', { entryId: 'locked-out', helpful: false }),
  turn('2026-03-01T10:05:00Z', 2, 'feedback', { entryId: 'locked-out', helpful: true }),
  // 2 March: an answer to P6 (whose request came before it), a lockout solved by self-service, a similar gap, two checks
  turn('2026-03-02T09:00:00Z', 6, 'answer', { entryId: 'what-is-nhsmail' }),
  turn('2026-03-02T09:30:00Z', 7, 'selfService', { selfService: 'solved', requestType: 'locked-out' }),
  turn('2026-03-02T10:00:00Z', 8, 'unsure', { entryId: 'web-access', question: 'how to wibble a fax' }),
  turn('2026-03-02T11:00:00Z', 9, 'eligibilityStep', { eligibilityStarted: true }),
  turn('2026-03-02T11:05:00Z', 9, 'eligibilityOutcome', { route: 'nas-portal', eligibilityFinished: true }),
  turn('2026-03-02T12:00:00Z', 10, 'eligibilityStep', { eligibilityStarted: true }),
  turn('2026-03-02T12:01:00Z', 10, 'journeyStep'),
  // 3 March: refused, and P1 again in a new conversation (their request on 5 March is within 7 days of this too)
  turn('2026-03-03T08:00:00Z', 11, 'offTopic', { question: 'what is the weather' }),
  { ...turn('2026-03-03T12:00:00Z', 12, 'answer', { entryId: 'locked-out' }), person: 'P1' },
  // tickets: first helpdesk action and resolution
  ticket('2026-03-02T08:00:00Z', 'ticketFiled', 'NHSM-000003', 'P6', 'leaver', 'new', '2026-03-02T08:00:00Z'),
  ticket('2026-03-02T18:00:00Z', 'ticketChanged', 'NHSM-000003', 'P6', 'leaver', 'new', '2026-03-02T08:00:00Z'),
  ticket('2026-03-05T10:00:00Z', 'ticketFiled', 'NHSM-000001', 'P1', 'locked-out', 'new', '2026-03-05T10:00:00Z'),
  ticket('2026-03-05T12:00:00Z', 'ticketChanged', 'NHSM-000001', 'P1', 'locked-out', 'in-progress', '2026-03-05T10:00:00Z'),
  ticket('2026-03-06T10:00:00Z', 'ticketChanged', 'NHSM-000001', 'P1', 'locked-out', 'resolved', '2026-03-05T10:00:00Z'),
  ticket('2026-03-09T11:00:00Z', 'ticketFiled', 'NHSM-000002', 'P2', 'locked-out', 'new', '2026-03-09T11:00:00Z'),
  ticket('2026-03-09T12:00:00Z', 'ticketChanged', 'NHSM-000002', 'P2', 'locked-out', 'resolved', '2026-03-09T11:00:00Z'),
];

const day = (d: string, answered: number, notSure: number, refused: number, safety: number, solvedWithoutTicket: number) => ({ day: d, answered, notSure, refused, safety, solvedWithoutTicket });

/** Checked apart from the rest: the closest entry of a refused question comes from the search. */
function withoutSearchedClosest(report: InsightsReport) {
  return { ...report, generatedAt: '', gapClusters: report.gapClusters.map((c) => (c.count > 1 ? c : { ...c, closestEntryId: '?', closestTitle: '?' })) };
}

function backendSuite(name: string, open: () => Promise<{ store: InsightsStore; scan(): Promise<string>; close(): Promise<void> }>) {
  describe(`insights report (${name})`, () => {
    let store: InsightsStore;
    let scan: () => Promise<string>;
    let closeStore: () => Promise<void>;
    let insights: Insights;
    let at = NOW;

    beforeEach(async function () {
      ({ store, scan, close: closeStore } = await open());
      at = NOW;
      insights = await createInsights({ store, logger, retentionDays: 400, entries: kb.entries, sources: [...kb.sources.values()], search, now: () => at });
      // in two batches, so the upserts that add are exercised
      await store.append(SEED.slice(0, 9));
      await store.append(SEED.slice(9));
    });
    afterEach(async () => {
      await insights.close();
      await closeStore();
    });

    it('equals the hand-worked numbers for 1-3 March', async () => {
      const report = await insights.report({ from: '2026-03-01', to: '2026-03-03' });
      expect(withoutSearchedClosest(report)).to.deep.equal({
        range: { from: '2026-03-01', to: '2026-03-03' },
        generatedAt: '',
        questionsByDay: [
          // C2 deflected (its request came 8 days later), C1 not (2 days later)
          day('2026-03-01', 2, 1, 1, 1, 1),
          // C6 deflected (its request came before the answer), C7 solved by self-service
          day('2026-03-02', 1, 1, 0, 0, 2),
          // C12 is P1, whose request came 2 days later
          day('2026-03-03', 1, 0, 1, 0, 0),
        ],
        // C1-C5, C6-C8, C11-C12 asked or began a lockout request; the checks (C9, C10) did not
        deflection: { conversations: 10, solvedWithoutTicket: 3, share: 0.3, selfServiceSolved: 1, pending: 0 },
        topEntries: [
          { entryId: 'locked-out', title: title('locked-out'), asked: 3, helpful: 1, unhelpful: 1 },
          { entryId: 'what-is-nhsmail', title: title('what-is-nhsmail'), asked: 1, helpful: 0, unhelpful: 0 },
        ],
        unhelpfulEntries: [{ entryId: 'locked-out', title: title('locked-out'), unhelpful: 1, helpful: 1 }],
        gapClusters: [
          { label: 'how do i wibble the fax', count: 2, examples: ['how do i wibble the fax', 'how to wibble a fax'], closestEntryId: 'web-access', closestTitle: title('web-access') },
          { label: 'what is the weather', count: 1, examples: ['what is the weather'], closestEntryId: '?', closestTitle: '?' },
          { label: 'will it rain tomorrow', count: 1, examples: ['will it rain tomorrow'], closestEntryId: '?', closestTitle: '?' },
        ],
        eligibility: { started: 2, finished: 1, byRoute: [{ route: 'nas-portal', count: 1 }] },
        requests: {
          byTypeAndStatus: [{ type: 'leaver', status: 'new', count: 1 }],
          firstAction: { count: 1, medianHours: 10, p90Hours: 10 },
          resolution: { count: 0, medianHours: null, p90Hours: null },
        },
        review: report.review,
      });
      for (const c of report.gapClusters.slice(1)) expect(c.closestEntryId === null || kb.byId.has(c.closestEntryId!)).to.equal(true);
    });

    it('times the helpdesk over 1-10 March: medians and 90th percentiles from the ticket history', async () => {
      const { requests, questionsByDay } = await insights.report({ from: '2026-03-01', to: '2026-03-10' });
      expect(requests).to.deep.equal({
        byTypeAndStatus: [
          { type: 'leaver', status: 'new', count: 1 },
          { type: 'locked-out', status: 'resolved', count: 2 },
        ],
        // first actions after 10 h, 2 h and 1 h; resolutions after 24 h and 1 h
        firstAction: { count: 3, medianHours: 2, p90Hours: 8.4 },
        resolution: { count: 2, medianHours: 12.5, p90Hours: 21.7 },
      });
      expect(questionsByDay).to.have.length(10);
      expect(questionsByDay[9]).to.deep.equal(day('2026-03-10', 0, 0, 0, 0, 0));
    });

    it('counts an event written late for a day already reported', async () => {
      const range = { from: '2026-03-01', to: '2026-03-01' };
      expect((await insights.report(range)).questionsByDay[0]!.answered).to.equal(2);
      await store.append([turn('2026-03-01T23:00:00Z', 13, 'answer', { entryId: 'mfa' })]);
      const again = await insights.report(range);
      expect(again.questionsByDay[0]!.answered).to.equal(3);
      expect(again.topEntries.map((e) => e.entryId)).to.deep.equal(['locked-out', 'mfa']);
    });

    it('counts a message answered in part as one answered turn, and each part left unanswered as a gap with its closest entry', async () => {
      const range = { from: '2026-03-04', to: '2026-03-04' };
      const parts = [
        { question: 'how do i wibble the fax', outcome: 'unsure' as const, entryId: 'web-access' },
        { question: 'does the moon have email', outcome: 'offTopic' as const },
      ];
      await store.append([turn('2026-03-04T09:00:00Z', 13, 'answer', { entryId: 'mfa', unansweredParts: parts })]);
      const report = await insights.report(range);
      expect(report.questionsByDay).to.deep.equal([day('2026-03-04', 1, 0, 0, 0, 1)]);
      expect(report.topEntries.map((e) => [e.entryId, e.asked])).to.deep.equal([['mfa', 1]]);
      const byLabel = new Map(report.gapClusters.map((c) => [c.label, c]));
      expect([...byLabel.keys()].sort()).to.deep.equal(['does the moon have email', 'how do i wibble the fax']);
      expect(byLabel.get('how do i wibble the fax')).to.include({ count: 1, closestEntryId: 'web-access' });
      expect(byLabel.get('does the moon have email')!.examples).to.deep.equal(['does the moon have email']);
    });

    it('counts a window still open as solved so far, and says how many are pending', async () => {
      at = new Date('2026-03-04T12:00:00Z');
      const { deflection } = await insights.report({ from: '2026-03-01', to: '2026-03-03' });
      // at this time C2's, C6's and C7's windows are open; C1 and C12 already have P1's request (seeded for 5 March)
      expect(deflection).to.include({ solvedWithoutTicket: 3, pending: 3 });
    });

    it('rolls up closed days once without changing a number, and leaves no conversation rows behind', async () => {
      const range = { from: '2026-03-01', to: '2026-03-10' };
      const before = await insights.report(range);
      await insights.maintain(NOW);
      await insights.maintain(NOW);
      const after = await insights.report(range);
      expect(after).to.deep.equal(before);
      expect((await store.read(range, [])).conversations).to.deep.equal([]);
    });

    it('purges events, aggregates and tickets older than the retention period', async () => {
      await insights.close();
      insights = await createInsights({ store, logger, retentionDays: 17, entries: kb.entries, sources: [...kb.sources.values()], search, now: () => at });
      // 17 days before 20 March is 3 March: 1 and 2 March go, with the ticket filed on 2 March
      await insights.maintain(NOW);
      const report = await insights.report({ from: '2026-03-01', to: '2026-03-10' });
      expect(report.questionsByDay.slice(0, 3).map((d) => d.answered)).to.deep.equal([0, 0, 1]);
      expect(report.eligibility.started).to.equal(0);
      expect(report.requests.byTypeAndStatus).to.deep.equal([{ type: 'locked-out', status: 'resolved', count: 2 }]);
      const stored = await scan();
      expect(stored).not.to.match(/2026-03-0[12]/);
      expect(stored).to.include('2026-03-03');
    });

    it('reads whole months as their days, before and after the oldest days are purged', async () => {
      // 1 Feb to 31 March is two whole months; 28 Feb to 31 March one month and a day; 2 to 31 March none
      const ranges = [
        { from: '2026-02-01', to: '2026-03-31' },
        { from: '2026-02-28', to: '2026-03-31' },
        { from: '2026-03-02', to: '2026-03-31' },
      ];
      const seen = async () => {
        const out = [];
        for (const range of ranges) {
          const { topEntries, unhelpfulEntries, gapClusters, eligibility } = await insights.report(range);
          out.push({ topEntries, unhelpfulEntries, gapClusters: gapClusters.map((c) => ({ ...c, closestEntryId: '', closestTitle: '' })), eligibility });
        }
        return out;
      };
      const whole = await seen();
      expect(whole[0]!.topEntries).to.deep.equal([
        { entryId: 'locked-out', title: title('locked-out'), asked: 3, helpful: 1, unhelpful: 1 },
        { entryId: 'what-is-nhsmail', title: title('what-is-nhsmail'), asked: 1, helpful: 0, unhelpful: 0 },
      ]);
      expect(whole[0]!.gapClusters.map((c) => [c.label, c.count])).to.deep.equal([
        ['how do i wibble the fax', 2],
        ['what is the weather', 1],
        ['will it rain tomorrow', 1],
      ]);
      expect(whole[0]!.eligibility).to.deep.equal({ started: 2, finished: 1, byRoute: [{ route: 'nas-portal', count: 1 }] });
      expect(whole[1]).to.deep.equal(whole[0]);
      // 2 March on: one answer from 2 March, one from 3 March
      expect(whole[2]!.topEntries.map((e) => [e.entryId, e.asked])).to.deep.equal([
        ['locked-out', 1],
        ['what-is-nhsmail', 1],
      ]);

      await insights.close();
      insights = await createInsights({ store, logger, retentionDays: 18, entries: kb.entries, sources: [...kb.sources.values()], search, now: () => at });
      // 18 days before 20 March is 2 March: 1 March goes, so every range now reads as the one from 2 March
      await insights.maintain(NOW);
      const after = await seen();
      expect(after[0]).to.deep.equal(whole[2]);
      expect(after[1]).to.deep.equal(whole[2]);
      expect(after[2]).to.deep.equal(whole[2]);
    });

    it('refuses a range that is not two real days in order', async () => {
      for (const range of [{ from: '2026-03-02', to: '2026-03-01' }, { from: '2026-02-30', to: '2026-03-01' }, { from: 'x', to: '2026-03-01' }]) {
        await insights.report(range).then(
          () => expect.fail(`accepted ${JSON.stringify(range)}`),
          (err: unknown) => expect(err).to.be.instanceOf(InvalidRangeError),
        );
      }
    });
  });
}

backendSuite('files', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'insights-report-'));
  const store = await FileInsightsStore.open(dir);
  return {
    store,
    scan: async () => (await store.files()).map((f) => `${path.basename(f)}\n${fs.readFileSync(f, 'utf8')}`).join('\n'),
    close: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});

describe('insights on PostgreSQL', () => {
  let db: TestDatabase;
  let database: Database;
  before(async function () {
    await requirePostgres(this);
    db = await createTestDatabase('insights');
  });
  after(async () => {
    await db?.drop();
  });
  backendSuite('postgres', async () => {
    // a session far from UTC: days are UTC days whatever the server's time zone
    const url = new URL(db.url);
    url.searchParams.set('options', '-c TimeZone=Pacific/Auckland');
    database = new Database({ url: url.toString(), poolMax: 4, logger });
    const { rows } = await database.query<{ tz: string }>("SELECT current_setting('TimeZone') AS tz");
    expect(rows[0]!.tz).to.equal('Pacific/Auckland');
    await database.query('TRUNCATE insight_events, insight_counters, insight_gaps, insight_month_counters, insight_month_gaps, insight_conversations, insight_tickets');
    const store = new PgInsightsStore(database);
    return {
      store,
      scan: async () => {
        const parts: string[] = [];
        for (const table of ['insight_events', 'insight_counters', 'insight_gaps', 'insight_conversations', 'insight_tickets']) {
          const { rows } = await database.query(`SELECT * FROM ${table}`);
          parts.push(JSON.stringify(rows));
        }
        return parts.join('\n');
      },
      close: () => database.close(),
    };
  });
});

describe('insights: the deflection rule', () => {
  const at = (s: string) => `2026-03-${s}:00Z`;
  const row = (person: string, solvedAt: string | null, selfServiceSolved = false): ConversationDay => ({ day: '2026-03-01', conversation: `c-${person}`, person, asked: true, solvedAt, selfServiceSolved });
  const filed = (person: string, when: string): TicketSummary => ({ ref: `R-${person}-${when}`, type: 'locked-out', person, filedAt: when, status: 'new', statusAt: when, firstActionAt: null, resolvedAt: null });
  const now = new Date('2026-03-20T00:00:00Z');
  const cases: { name: string; rows: ConversationDay[]; tickets: TicketSummary[]; want: Record<string, number> }[] = [
    { name: 'answered, no request: deflected', rows: [row('a', at('01T10:00'))], tickets: [], want: { solved: 1, solvedWithoutTicket: 1 } },
    { name: 'a request by the same person within 7 days undoes it', rows: [row('a', at('01T10:00'))], tickets: [filed('a', at('08T09:59'))], want: { solved: 1, solvedWithoutTicket: 0 } },
    { name: 'a request 7 days or more later does not', rows: [row('a', at('01T10:00'))], tickets: [filed('a', at('08T10:00'))], want: { solvedWithoutTicket: 1 } },
    { name: "someone else's request does not", rows: [row('a', at('01T10:00'))], tickets: [filed('b', at('02T10:00'))], want: { solvedWithoutTicket: 1 } },
    { name: 'a request before the answer does not', rows: [row('a', at('01T10:00'))], tickets: [filed('a', at('01T09:00'))], want: { solvedWithoutTicket: 1 } },
    { name: 'a lockout solved by self-service counts, and is counted apart', rows: [row('a', at('01T10:00'), true)], tickets: [], want: { solvedWithoutTicket: 1, selfServiceSolved: 1 } },
    { name: 'asked but not answered: in the denominator only', rows: [row('a', null)], tickets: [], want: { conversations: 1, solved: 0, solvedWithoutTicket: 0 } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(countDeflection(c.rows, filingsByPerson(c.tickets), now)).to.include(c.want);
    });
  }

  it('keeps a window open until 7 days after the answer, and closes a day only when all its windows have', () => {
    const count = countDeflection([row('a', at('13T23:00'))], new Map(), new Date('2026-03-20T22:59:00Z'));
    expect(count).to.include({ solvedWithoutTicket: 1, pending: 1 });
    expect(countDeflection([row('a', at('13T23:00'))], new Map(), new Date('2026-03-20T23:00:00Z')).pending).to.equal(0);
    expect(lastClosedDay(new Date('2026-03-21T00:00:00Z'))).to.equal('2026-03-13');
  });
});

describe('insights: the whole months PostgreSQL reads from monthly sums', () => {
  const cases: [from: string, to: string, first: string, end: string][] = [
    ['2025-12-01', '2026-11-30', '2025-12-01', '2026-12-01'],
    ['2025-12-02', '2026-11-30', '2026-01-01', '2026-12-01'],
    ['2025-12-01', '2026-11-29', '2025-12-01', '2026-11-01'],
    ['2026-01-31', '2026-03-30', '2026-02-01', '2026-03-01'],
    // none whole: both ends are the day after the range, so every day is read from the daily rows
    ['2026-02-02', '2026-03-30', '2026-03-31', '2026-03-31'],
    ['2026-02-01', '2026-02-27', '2026-02-28', '2026-02-28'],
    ['2024-02-01', '2024-02-29', '2024-02-01', '2024-03-01'],
  ];
  for (const [from, to, first, end] of cases) {
    it(`${from} to ${to}: [${first}, ${end})`, () => {
      expect(wholeMonths({ from, to })).to.deep.equal({ first, end });
    });
  }
});
