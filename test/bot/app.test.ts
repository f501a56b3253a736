// The adapter's onTurnError as composed in bot/app.ts: a failing turn gets the generic reply (never the error's own
// text), is logged once without the message, and the conversation carries on, over /api/messages and Direct Line.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { TurnContext } from 'botbuilder';
import { loadKnowledge } from '../../knowledge/loader.js';
import { tempDir } from '../helpdesk/fixtures/tickets.js';
import { DirectLineClient, startApp } from '../e2e/channelsHarness.js';
import { FakeConnector, post, startBot, turn, type Bot, type Person } from '../e2e/helpdeskHarness.js';
import { keyOf } from '../support/replies.js';

const r = loadKnowledge().replies;
const INTERNAL = 'lookup failed at /srv/nhsmail/index.db';
/** What the user typed into the turn that fails: it must reach neither the reply nor the logs. */
const TYPED = 'boom, reach me on priya.natarajan@nhs.net';

/** Makes every turn whose text starts with "boom" fail, as an unexpected error inside the bot would. */
function failOnBoom(adapter: { use(m: { onTurn(c: TurnContext, next: () => Promise<void>): Promise<void> }): unknown }): void {
  adapter.use({
    onTurn: async (context, next) => {
      if (context.activity.text?.startsWith('boom')) throw new Error(INTERNAL);
      await next();
    },
  });
}

describe('onTurnError (bot/app.ts)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let connector: FakeConnector;
  let bot: Bot;
  const sam: Person = { user: 'sam', conversation: `conv-${randomUUID()}` };

  beforeEach(async () => {
    tmp = tempDir('turn-error-');
    connector = await new FakeConnector().start();
    bot = await startBot(tmp.dir);
    failOnBoom(bot.app.deps.adapter);
  });
  afterEach(async () => {
    await bot.close();
    await connector.close();
    tmp.remove();
  });

  it('answers a failing turn with error.generic only, and the next message is answered as usual', async () => {
    const failed = await turn(bot.url, connector.url, sam, { text: TYPED });
    expect(failed.map((a) => keyOf(a.text))).to.deep.equal(['error.generic']);
    expect(failed[0]!.text).to.contain(r.t('contact.phone'));
    expect(JSON.stringify(failed)).to.not.contain(INTERNAL);
    const next = await turn(bot.url, connector.url, sam, { text: 'help' });
    expect(next.map((a) => keyOf(a.text))).to.deep.equal(['help.text']);
  });

  it('logs the failure once, at error level, with the conversation id and stack but not the message', async () => {
    await turn(bot.url, connector.url, sam, { text: TYPED });
    const lines = bot.logs.map((l) => JSON.parse(l) as { level: number; msg: string; conversationId?: string; err?: { stack?: string } });
    const failures = lines.filter((l) => l.msg === 'turn failed');
    expect(failures).to.have.length(1);
    expect(failures[0]).to.deep.include({ level: 50, conversationId: sam.conversation });
    expect(failures[0]!.err?.stack).to.contain(INTERNAL);
    expect(bot.logs.join('\n')).to.not.contain('priya.natarajan');
  });

  it('posts the generic reply into an ordinary conversation and answers the channel 200', async () => {
    const res = await post(bot.url, connector.url, sam, { text: TYPED });
    expect(res.status).to.equal(200);
    expect(res.body).to.not.contain(INTERNAL);
    expect(connector.to(sam.conversation).map((s) => keyOf(String(s.body['text'])))).to.deep.equal(['error.generic']);
  });

  it('logs a warning and still answers the channel when the error reply cannot be sent either', async () => {
    const refusing = http.createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end('{}');
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', () => resolve()));
    const serviceUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
    const res = await post(bot.url, serviceUrl, sam, { text: TYPED });
    refusing.closeAllConnections();
    await new Promise((resolve) => refusing.close(resolve));
    expect(res.status).to.equal(200);
    expect(res.body).to.not.contain(INTERNAL);
    const warned = bot.logs.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.msg === 'could not send the error reply');
    expect(warned.map((l) => l.level)).to.deep.equal([40]);
  });
});

describe('onTurnError over the local Direct Line', () => {
  it('shows error.generic in the chat, answers the post 200, and the next message is answered', async () => {
    const running = await startApp();
    try {
      failOnBoom(running.app.deps.adapter);
      const c = new DirectLineClient(`${running.base}/v3/directline`);
      await c.start(running.base);
      await c.waitFor((a) => a.from.role === 'bot');
      const failed = await c.send({ type: 'message', text: TYPED });
      expect(failed.status).to.equal(200);
      const reply = await c.waitFor((a) => a.replyToId === failed.json.id);
      expect(keyOf(reply.text)).to.equal('error.generic');
      const next = await c.send({ type: 'message', text: 'help' });
      expect(keyOf((await c.waitFor((a) => a.replyToId === next.json.id)).text)).to.equal('help.text');
    } finally {
      await running.stop();
    }
  });
});
