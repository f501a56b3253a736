// Two bot instances on one PostgreSQL database, over real HTTP: a conversation started on A takes a post on B, and a
// long-poll on A answers with the reply B's turn produced, as soon as B's connector appends it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import { createAdapter } from '../../bot/adapter/adapter.js';
import { loadConfig } from '../../bot/config/config.js';
import { registerDirectLine, type DirectLineHandle } from '../../bot/directline/directLine.js';
import { createServer } from '../../bot/http/server.js';
import { createLogger } from '../../bot/logger.js';
import { Database } from '../../bot/storage/postgres.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../support/postgres.js';
import { DirectLineClient, type Activity } from './channelsHarness.js';

const logger = createLogger('silent');

interface Instance {
  base: string;
  server: Server;
  directLine: DirectLineHandle;
  database: Database;
}

/** An instance: its own server, adapter, pool and connector, an echo bot that says where it ran. */
async function instance(name: string, url: string, dataDir: string): Promise<Instance> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, PORT: '0', DATABASE_URL: url, DIRECT_LINE_LONG_POLL_SEC: '8' });
  const database = new Database({ url, poolMax: 4, logger });
  const adapter = createAdapter(config);
  const logic = async (context: TurnContext) => {
    if (context.activity.type === 'message') await context.sendActivity(`${name} heard: ${context.activity.text}`);
  };
  let directLine!: DirectLineHandle;
  const server = createServer({ maxBodyBytes: config.maxBodyBytes, logger, health: () => ({ ready: true, dependencies: {}, report: {} }) }, [
    (s) => (directLine = registerDirectLine(s, { config, adapter, logger, logic, database })),
  ]);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { base: `http://127.0.0.1:${server.address().port}`, server, directLine, database };
}

describe('local Direct Line on two instances sharing PostgreSQL (HTTP)', function () {
  let db: TestDatabase;
  let dataDir: string;
  let a: Instance;
  let b: Instance;
  before(async function () {
    await requirePostgres(this);
    db = await createTestDatabase('pgdlhttp');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhsmail-dl2-'));
    a = await instance('A', db.url, dataDir);
    b = await instance('B', db.url, dataDir);
  });
  after(async () => {
    for (const i of [a, b]) {
      if (!i) continue;
      await i.directLine.close();
      i.server.server.closeAllConnections();
      await new Promise<void>((resolve) => i.server.close(() => resolve()));
      await i.database.close();
    }
    await db?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on A, posts on B, and a poll held on A answers with B\'s reply as soon as it is appended', async () => {
    const onA = new DirectLineClient(`${a.base}/v3/directline`);
    await onA.start(a.base);
    const onB = new DirectLineClient(`${b.base}/v3/directline`);
    Object.assign(onB, { token: onA.token, conversationId: onA.conversationId });

    const t0 = Date.now();
    const held = onA.poll();
    await new Promise((r) => setTimeout(r, 300));
    const sent = await onB.send({ type: 'message', text: 'hello from the other side' });
    expect(sent.status).to.equal(200);
    let got: Activity[] = await held;
    // the echo of the user's own message may come first; the reply follows on the next (held) poll
    while (!got.some((x) => x.from.role === 'bot') && Date.now() - t0 < 5_000) got = got.concat(await onA.poll());
    expect(Date.now() - t0, 'woken, not timed out').to.be.lessThan(4_000);
    const reply = got.find((x) => x.from.role === 'bot')!;
    expect(reply.text).to.equal('B heard: hello from the other side');
    expect(reply.replyToId).to.equal(sent.json.id);
    expect(got.find((x) => x.id === sent.json.id)?.from.role).to.equal('user');
  });

  it('refreshes a token on one instance and uses it on the other; a token is refused for another conversation on either', async () => {
    const one = new DirectLineClient(`${a.base}/v3/directline`);
    await one.start(a.base);
    const refreshed = await new DirectLineClient(`${b.base}/v3/directline`).request('POST', '/tokens/refresh', undefined, one.token);
    expect(refreshed.status).to.equal(200);
    const onA = new DirectLineClient(`${a.base}/v3/directline`);
    Object.assign(onA, { token: refreshed.json.token, conversationId: one.conversationId });
    expect((await onA.send({ type: 'message', text: 'hi' })).status).to.equal(200);
    const other = new DirectLineClient(`${b.base}/v3/directline`);
    await other.start(b.base);
    const crossed = await onA.request('GET', `/conversations/${other.conversationId}/activities`);
    expect(crossed.status).to.equal(403);
  });
});
