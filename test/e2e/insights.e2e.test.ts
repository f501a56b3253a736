// Insight events recorded from real conversations over HTTP, on files and on PostgreSQL: what the report counts, and a
// scan of everything stored for the name, email, mobile, NHS number and password typed in those conversations.
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { dayOf } from '../../bot/insights/events.js';
import { FileInsightsStore } from '../../bot/insights/fileStore.js';
import { tempDir } from '../helpdesk/fixtures/tickets.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../support/postgres.js';
import { LOCKED_OUT, fileViaChat, meta, startBot, turn, type Bot, type Person } from './helpdeskHarness.js';
import { Database } from '../../bot/storage/postgres.js';
import { createLogger } from '../../bot/logger.js';

const SERVICE = 'http://127.0.0.1:1/';
const PERSONAL = ['Jane', 'Smith', 'jane.smith', '07700', '900123', '943 476 5919', '9434765919', 'Winter2024marker', 'Sunrise Care Home', 'V12345', 'Sam Helper'];
const ids = (p: Person) => [p.user, p.conversation];

function recordingSuite(name: string, env: () => Promise<{ vars: Record<string, string>; scan(bot: Bot): Promise<string> }>) {
  describe(`insights recorded from conversations over HTTP (${name})`, () => {
    let tmp: ReturnType<typeof tempDir>;
    let bot: Bot;
    let scan: (bot: Bot) => Promise<string>;
    const asker: Person = { user: 'user-asker-7f3a', conversation: 'conv-asker-7f3a' };
    const locked: Person = { user: 'user-locked-91bc', conversation: 'conv-locked-91bc' };
    const checker: Person = { user: 'user-check-55d0', conversation: 'conv-check-55d0', channelId: 'msteams' };

    before(async function () {
      const setup = await env.call(this);
      scan = setup.scan;
      tmp = tempDir('insights-e2e-');
      bot = await startBot(tmp.dir, setup.vars);
    });
    after(async () => {
      await bot?.close();
      tmp?.remove();
    });

    it('records one event per turn and per ticket change, and the report counts them', async () => {
      const answered = await turn(bot.url, SERVICE, asker, { text: 'what is nhsmail?' });
      expect(meta(answered[0])).to.include({ kind: 'answer', entryId: 'what-is-nhsmail' });
      await turn(bot.url, SERVICE, asker, { value: { action: 'feedback', entryId: 'what-is-nhsmail', helpful: false } });
      const gap = await turn(bot.url, SERVICE, asker, {
        text: 'my name is Jane Smith, email jane.smith@nhs.net, mobile 07700 900123, NHS number 943 476 5919, password Winter2024marker, can the flux capacitor wibble',
      });
      expect(['unsure', 'offTopic']).to.include(meta(gap[0])['kind']);

      const ref = await fileViaChat(bot.url, SERVICE, locked, LOCKED_OUT);
      await bot.app.deps.helpdesk.service.change(ref, { status: 'in-progress', note: 'Sam Helper is calling Jane Smith on 07700 900123' }, 'Sam Helper');

      await turn(bot.url, SERVICE, checker, { value: { action: 'start', flow: 'eligibility' } });
      const outcome = await turn(bot.url, SERVICE, checker, { value: { action: 'choose', value: 'Scotland' } });
      expect(meta(outcome[outcome.length - 1])).to.include({ kind: 'eligibility', route: 'scotland' });

      const today = dayOf(new Date());
      const report = await bot.app.deps.insights.report({ from: today, to: today });
      const [day] = report.questionsByDay;
      expect(day!.answered).to.equal(1);
      expect(day!.notSure + day!.refused).to.equal(1);
      expect(report.topEntries).to.deep.include({ entryId: 'what-is-nhsmail', title: bot.app.deps.kb.byId.get('what-is-nhsmail')!.title, asked: 1, helpful: 0, unhelpful: 1 });
      expect(report.unhelpfulEntries.map((e) => e.entryId)).to.deep.equal(['what-is-nhsmail']);
      expect(report.gapClusters).to.have.length(1);
      expect(report.gapClusters[0]!.label).to.include('flux capacitor wibble');
      expect(report.eligibility).to.deep.equal({ started: 1, finished: 1, byRoute: [{ route: 'scotland', count: 1 }] });
      expect(report.requests.byTypeAndStatus).to.deep.equal([{ type: 'locked-out', status: 'in-progress', count: 1 }]);
      expect(report.requests.firstAction.count).to.equal(1);
      // the asker was answered and filed nothing; the locked-out person began a lockout request and filed one
      expect(report.deflection).to.include({ conversations: 2, solvedWithoutTicket: 1, pending: 1 });

      const health = (await (await fetch(`${bot.url}/health`)).json()) as { insights: Record<string, number> };
      expect(health.insights).to.include({ buffered: 0, failedWrites: 0, dropped: 0 });
      expect(health.insights['written']).to.be.greaterThan(10);
    });

    it('stores none of the personal details typed, nor the raw conversation and user ids', async () => {
      await bot.app.deps.insights.recorder.flush();
      const stored = await scan(bot);
      expect(stored.length).to.be.greaterThan(1000);
      for (const secret of [...PERSONAL, ...ids(asker), ...ids(locked), ...ids(checker)]) expect(stored, secret).not.to.include(secret);
    });
  });
}

recordingSuite('files', async () => ({
  vars: {},
  scan: async (bot) => {
    const store = bot.app.deps.insights.store as FileInsightsStore;
    const files = await store.files();
    expect(files.some((f) => f.endsWith('.jsonl'))).to.equal(true);
    return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n') + fs.readdirSync(path.dirname(files[0]!)).join('\n');
  },
}));

describe('insights on PostgreSQL, end to end', () => {
  let db: TestDatabase;
  before(async function () {
    await requirePostgres(this);
    db = await createTestDatabase('insightse2e');
  });
  after(async () => {
    await db?.drop();
  });
  recordingSuite('postgres', async () => ({
    vars: { DATABASE_URL: db.url },
    scan: async () => {
      const database = new Database({ url: db.url, poolMax: 1, logger: createLogger('silent') });
      try {
        const parts: string[] = [];
        for (const table of ['insight_events', 'insight_counters', 'insight_gaps', 'insight_conversations', 'insight_tickets']) {
          const { rows } = await database.query(`SELECT * FROM ${table}`);
          parts.push(JSON.stringify(rows));
        }
        return parts.join('\n');
      } finally {
        await database.close();
      }
    },
  }));
});
