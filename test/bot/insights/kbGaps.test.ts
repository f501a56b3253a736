// `npm run kb:gaps` prints the report's gap clusters and unhelpful answers, from DATA_DIR or from PostgreSQL.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { dayOf, type InsightEvent } from '../../../bot/insights/events.js';
import { FileInsightsStore } from '../../../bot/insights/fileStore.js';
import { PgInsightsStore } from '../../../bot/insights/pgStore.js';
import type { InsightsStore } from '../../../bot/insights/store.js';
import { createLogger } from '../../../bot/logger.js';
import { Database } from '../../../bot/storage/postgres.js';
import { PROJECT_ROOT } from '../../../lib/paths.js';
import { createTestDatabase, requirePostgres } from '../../support/postgres.js';

const run = promisify(execFile);
const SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'kb-gaps.ts');

function seed(): InsightEvent[] {
  const at = new Date().toISOString();
  const base = { at, day: dayOf(at), channel: 'webchat' as const, conversation: 'c', person: 'p' };
  return [
    { ...base, kind: 'unsure', entryId: 'web-access', question: 'can I send a fax from nhsmail' },
    { ...base, kind: 'unsure', entryId: 'web-access', question: 'sending faxes from nhs mail' },
    { ...base, kind: 'offTopic', question: 'will it rain tomorrow' },
    { ...base, kind: 'feedback', entryId: 'mfa', helpful: false },
  ];
}

async function gapsOutput(env: Record<string, string>): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', SCRIPT, '--days', '7'], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, cwd: PROJECT_ROOT });
  return stdout;
}

function expectClusters(out: string) {
  expect(out).to.match(/Unanswered questions .*: 3 in 2 groups/);
  expect(out).to.match(/2 x {2}"can I send a fax from nhsmail" {2}\[closest: web-access\]/);
  expect(out).to.include('also: "sending faxes from nhs mail"');
  expect(out).to.match(/1 x {2}"will it rain tomorrow"/);
  expect(out).to.match(/mfa: 1 unhelpful, 0 helpful/);
}

describe('npm run kb:gaps', function () {
  this.timeout(60_000);

  it('prints the clusters from DATA_DIR, and says so when nothing was recorded', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-gaps-'));
    try {
      expect(await gapsOutput({ DATA_DIR: dir })).to.match(/^Nothing recorded yet/);
      const store: InsightsStore = await FileInsightsStore.open(path.join(dir, 'insights'));
      await store.append(seed());
      expectClusters(await gapsOutput({ DATA_DIR: dir }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints the same clusters from PostgreSQL', async function () {
    await requirePostgres(this);
    const db = await createTestDatabase('kbgaps');
    const database = new Database({ url: db.url, poolMax: 1, logger: createLogger('silent') });
    try {
      await new PgInsightsStore(database).append(seed());
      expectClusters(await gapsOutput({ DATABASE_URL: db.url }));
    } finally {
      await database.close();
      await db.drop();
    }
  });

  it('refuses a range it cannot read', async () => {
    const env = { ...process.env, DATA_DIR: os.tmpdir() };
    const err = await run(process.execPath, ['--import', 'tsx', SCRIPT, '--from', '2026-03-05', '--to', '2026-03-01'], { cwd: PROJECT_ROOT, env }).catch((e: { code: number; stderr: string }) => e);
    expect(err).to.include({ code: 1 });
    expect((err as { stderr: string }).stderr).to.include('from is after to');
  });
});
