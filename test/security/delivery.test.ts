// Issue 9, "deliveries that fail are not delivered": failed, throttled and hung channel calls, lost state, give-up reports and outbound calls from expectReplies turns, over real HTTP.
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity, TurnContext } from 'botbuilder';
import { NhsMailAdapter, CachingBotFrameworkAuthentication } from '../../bot/adapter/adapter.js';
import { OutboundRefusedError } from '../../bot/adapter/outbound.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import { tempDir } from '../helpdesk/fixtures/tickets.js';
import {
  api,
  eventually,
  fileViaChat,
  LOCKED_OUT,
  LOCKED_OUT_OPENER,
  post,
  startBot,
  turn,
  WEBHOOK_SECRET,
  WebhookReceiver,
  type Bot,
  type Person,
} from '../e2e/helpdeskHarness.js';

const r = loadKnowledge().replies;
const GENERIC = r.t('error.generic', { phone: r.t('contact.phone') });
const CHANNEL_ID = '19:helpdesk@thread.tacv2';
const TENANT = '6e6d1b0a-0000-4e5f-8a9b-0c1d2e3f4a5b';
/** The helpdesk team is on the allow-list, as an operator would set it. */
const ALLOWED = { HELPDESK_CHANNEL_ALLOWLIST: `${TENANT}/${CHANNEL_ID}` };

type Mode = 'ok' | 'fail' | 'throttle' | 'hang';
interface Recorded {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

/** A stand-in Teams connector on loopback that records every request and can fail, throttle (429 + Retry-After) or hang. */
class StandInConnector {
  readonly requests: Recorded[] = [];
  mode: Mode = 'ok';
  retryAfter = '120';
  private ids = 0;
  private readonly server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      this.requests.push({ method: req.method ?? '', path: decodeURIComponent(req.url ?? ''), body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      if (this.mode === 'hang') return;
      if (this.mode === 'fail') {
        res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end('{}');
        return;
      }
      if (this.mode === 'throttle') {
        res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': this.retryAfter });
      res.end('{}');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `activity-${++this.ids}` }));
    });
  });
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  to(conversationId: string): Recorded[] {
    return this.requests.filter((q) => q.path.startsWith(`/v3/conversations/${conversationId}/activities`));
  }

  /** Every text the bot sent, cards included, as one string. */
  sentText(): string {
    return JSON.stringify(this.requests.map((q) => q.body));
  }
}

/** Makes the stand-in connector the registered helpdesk channel (as "register helpdesk channel" would). */
async function registerChannel(bot: Bot, connector: StandInConnector): Promise<void> {
  await bot.app.deps.helpdesk.registry.set({
    reference: {
      channelId: 'msteams',
      serviceUrl: connector.url,
      conversation: { id: CHANNEL_ID, conversationType: 'channel', isGroup: true, name: 'helpdesk' },
      bot: { id: 'bot', name: 'NHSmail Assistant' },
    },
    registeredAt: new Date().toISOString(),
    registeredBy: 'staff-1',
    team: { tenantId: TENANT, teamId: CHANNEL_ID },
  });
}

const teamsEvent = async (bot: Bot, ref: string) => (await bot.app.deps.helpdesk.store.pendingEvents()).find((e) => e.ref === ref && e.channel === 'teams');

describe('security: deliveries that fail are not delivered', function () {
  this.timeout(20_000);
  let tmp: ReturnType<typeof tempDir>;
  let connector: StandInConnector;
  let bot: Bot | undefined;
  const alice: Person = { user: 'alice', conversation: 'conv-alice' };

  beforeEach(async () => {
    tmp = tempDir('delivery-');
    connector = await new StandInConnector().start();
  });
  afterEach(async () => {
    await connector.close();
    await bot?.close();
    bot = undefined;
    tmp.remove();
  });

  it('keeps a failed Teams-channel delivery pending, posts no error into the channel, and delivers it on retry', async () => {
    bot = await startBot(tmp.dir, ALLOWED);
    await registerChannel(bot, connector);
    connector.mode = 'fail';
    const ref = await fileViaChat(bot.url, connector.url, alice);
    await eventually(async () => ((await teamsEvent(bot!, ref))?.attempts ?? 0) >= 1);
    expect(await teamsEvent(bot, ref)).to.deep.include({ lastError: 'HTTP 500' });
    expect(connector.to(CHANNEL_ID)).to.have.length(1);
    expect(connector.sentText()).to.not.contain(GENERIC.slice(0, 30));

    connector.mode = 'ok';
    await bot.app.deps.helpdesk.outbox.retryNow();
    await eventually(async () => (await teamsEvent(bot!, ref)) === undefined);
    const posts = connector.to(CHANNEL_ID);
    expect(posts).to.have.length(2);
    expect(JSON.stringify(posts[1]!.body['attachments'])).to.contain(ref);
    expect(connector.sentText()).to.not.contain(GENERIC.slice(0, 30));
  });

  it('honours a 429 Retry-After from the connector', async () => {
    bot = await startBot(tmp.dir, ALLOWED);
    await registerChannel(bot, connector);
    connector.mode = 'throttle';
    const before = Date.now();
    const ref = await fileViaChat(bot.url, connector.url, alice);
    await eventually(async () => ((await teamsEvent(bot!, ref))?.attempts ?? 0) >= 1);
    const event = (await teamsEvent(bot, ref))!;
    expect(event.lastError).to.equal('HTTP 429');
    expect(event.nextAttemptAt).to.be.at.least(before + 119_000);
    // one request: the client did not retry on its own behind the outbox's back
    expect(connector.to(CHANNEL_ID)).to.have.length(1);
  });

  it('delivers to the webhook within a couple of seconds while the Teams endpoint hangs, and counts the hang as a failure', async () => {
    const hook = await new WebhookReceiver().start();
    try {
      bot = await startBot(tmp.dir, { ...ALLOWED, HELPDESK_WEBHOOK_URL: hook.url, HELPDESK_WEBHOOK_SECRET: WEBHOOK_SECRET, HELPDESK_DELIVERY_TIMEOUT_SECONDS: '1' });
      await registerChannel(bot, connector);
      connector.mode = 'hang';
      const first = await fileViaChat(bot.url, connector.url, alice);
      await eventually(() => connector.to(CHANNEL_ID).length === 1);
      const started = Date.now();
      const second = await fileViaChat(bot.url, connector.url, { user: 'bob', conversation: 'conv-bob' });
      await eventually(() => hook.received.some((h) => h.body.includes(second)), 2000);
      expect(Date.now() - started).to.be.below(2000);
      await eventually(async () => ((await teamsEvent(bot!, first))?.attempts ?? 0) >= 1, 3000);
      expect((await teamsEvent(bot, first))?.lastError).to.equal('timeout');
    } finally {
      await hook.close();
    }
  });

  it('keeps a request half-way through when an unrelated error fails a turn', async () => {
    bot = await startBot(tmp.dir, ALLOWED);
    bot.app.deps.adapter.use({
      onTurn: async (context: TurnContext, next: () => Promise<void>) => {
        if (context.activity.text === 'boom') throw new Error('unrelated failure');
        await next();
      },
    });
    await turn(bot.url, connector.url, alice, { text: LOCKED_OUT_OPENER });
    await turn(bot.url, connector.url, alice, { text: LOCKED_OUT[0] });
    const failed = await turn(bot.url, connector.url, alice, { text: 'boom' });
    expect(failed.map((a) => a.text)).to.deep.equal([GENERIC]);
    const next = await turn(bot.url, connector.url, alice, { text: LOCKED_OUT[1] });
    expect(next.map((a) => a.text ?? a.summary)).to.include(r.t('request.ask.mobile'));
  });

  it('clears state that names a dialog the bot no longer has, so the conversation can start again', async () => {
    bot = await startBot(tmp.dir, ALLOWED);
    const storage = bot.app.deps.storage;
    const key = `webchat/conversations/${alice.conversation}/`;
    await turn(bot.url, connector.url, alice, { text: LOCKED_OUT_OPENER });
    const stored = (await storage.read([key]))[key] as { dialogState: { dialogStack: { id: string }[] } };
    stored.dialogState.dialogStack[0]!.id = 'a-dialog-removed-in-an-upgrade';
    await storage.write({ [key]: { ...stored, eTag: '*' } });
    const failed = await turn(bot.url, connector.url, alice, { text: LOCKED_OUT[0] });
    expect(failed.map((a) => a.text)).to.deep.equal([GENERIC]);
    expect((await storage.read([key]))[key]).to.equal(undefined);
    const fresh = await turn(bot.url, connector.url, alice, { text: LOCKED_OUT_OPENER });
    expect(fresh.length).to.be.greaterThan(0);
    expect(fresh.map((a) => a.text)).to.not.include(GENERIC);
  });

  it('gives up a delivery that keeps failing, logs it with the event id, and reports it on the ticket and /health', async () => {
    bot = await startBot(tmp.dir, { ...ALLOWED, HELPDESK_DELIVERY_MAX_HOURS: String(1 / 3600) });
    await registerChannel(bot, connector);
    connector.mode = 'fail';
    const ref = await fileViaChat(bot.url, connector.url, alice);
    const id = `${ref}.v1.teams`;
    await eventually(async () => ((await teamsEvent(bot!, ref))?.attempts ?? 0) >= 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await bot.app.deps.helpdesk.outbox.retryNow();
    await eventually(async () => (await teamsEvent(bot!, ref)) === undefined);
    const ticket = await api(bot.url, 'GET', `/api/tickets/${ref}`);
    const failures = ticket.body['deliveryFailures'] as { channel: string; event: string; attempts: number; error: string }[];
    expect(failures).to.have.length(1);
    expect(failures[0]).to.deep.include({ channel: 'teams', event: id, error: 'HTTP 500' });
    expect(failures[0]!.attempts).to.be.at.least(2);
    const health = (await (await fetch(`${bot.url}/health`)).json()) as { deliveries: { givenUp: number } };
    expect(health.deliveries.givenUp).to.equal(1);
    const logged = bot.logs.map((l) => JSON.parse(l) as { level: number; event?: string; msg: string }).filter((l) => l.level === 50 && l.event === id);
    expect(logged.map((l) => l.msg)).to.deep.equal(['outbox: delivery given up']);
  });

  it('makes no outbound call from an expectReplies turn: a used summary card pressed with a crafted serviceUrl', async () => {
    bot = await startBot(tmp.dir, ALLOWED);
    const attacker = await new StandInConnector().start();
    try {
      const who: Person = { user: 'carol', conversation: 'conv-carol' };
      // the journey runs the ordinary way, so the summary card has an id the bot could update
      expect((await post(bot.url, connector.url, who, { text: LOCKED_OUT_OPENER })).status).to.equal(200);
      for (const a of LOCKED_OUT) expect((await post(bot.url, connector.url, who, { text: a })).status).to.equal(200);
      const summary = connector.to(who.conversation).at(-1)!.body as { channelData?: { nhsmail?: { nonce?: string } } };
      const nonce = summary.channelData?.nhsmail?.nonce;
      expect(nonce).to.be.a('string');
      const confirm = { value: { action: 'request', op: 'confirm', nonce } };
      const filed = await turn(bot.url, attacker.url, who, confirm);
      expect(filed.length).to.be.greaterThan(0);
      const again = await turn(bot.url, attacker.url, who, confirm);
      const ref = filed.map((a) => a.channelData?.nhsmail?.['ref']).find((x) => typeof x === 'string') as string;
      expect(again.map((a) => a.text)).to.deep.equal([r.t('request.filed.already', { ref })]);
      expect(attacker.requests).to.deep.equal([]);
    } finally {
      await attacker.close();
    }
  });

  it('refuses an ordinary activity whose serviceUrl is not allowed, and sends nothing', async () => {
    bot = await startBot(tmp.dir, ALLOWED);
    const { status } = await post(bot.url, 'https://attacker.example/', alice, { text: 'hello' });
    expect(status).to.equal(403);
    expect(connector.requests).to.deep.equal([]);
  });
});

describe('security: every outbound call passes the adapter gate', function () {
  this.timeout(10_000);
  let target: StandInConnector;
  beforeEach(async () => {
    target = await new StandInConnector().start();
  });
  afterEach(() => target.close());

  const reference = (serviceUrl: string) => ({
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
    bot: { id: 'bot', name: 'bot' },
    user: { id: 'user', name: 'user' },
  });

  it('refuses send, update, delete, proactive continue and create conversation to a serviceUrl that is not allowed', async () => {
    const adapter = new NhsMailAdapter(new CachingBotFrameworkAuthentication({}, undefined, { allowed: () => false, timeoutMs: 5000 }));
    const failures: unknown[] = [];
    await adapter
      .continueConversationAsync('', reference(target.url), async (context) => {
        await context.sendActivity('hello').catch((e: unknown) => failures.push(e));
        await context.updateActivity({ id: 'a-1', type: 'message', text: 'changed' }).catch((e: unknown) => failures.push(e));
        await context.deleteActivity('a-1').catch((e: unknown) => failures.push(e));
        await context.sendActivity('again');
      })
      .catch((e: unknown) => failures.push(e));
    await adapter
      .createConversationAsync('', 'msteams', target.url, '', { isGroup: false, bot: { id: 'bot', name: 'bot' }, members: [{ id: 'user', name: 'user' }] } as never, async () => undefined)
      .catch((e: unknown) => failures.push(e));
    expect(failures).to.have.length(5);
    for (const f of failures) expect(f).to.be.instanceOf(OutboundRefusedError);
    expect(target.requests).to.deep.equal([]);
  });

  it('aborts a connector call that gets no answer, and fails the delivery turn instead of swallowing it', async () => {
    const adapter = new NhsMailAdapter(new CachingBotFrameworkAuthentication({}, undefined, { allowed: () => true, timeoutMs: 300 }));
    let turnErrors = 0;
    adapter.onTurnError = async () => {
      turnErrors++;
    };
    target.mode = 'hang';
    const started = Date.now();
    const error = await adapter.continueConversationAsync('', reference(target.url), (context) => context.sendActivity('hello').then(() => undefined)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error | undefined)?.name).to.equal('AbortError');
    expect(Date.now() - started).to.be.below(3000);
    expect(turnErrors).to.equal(0);
    expect(target.requests).to.have.length(1);
  });

  it('still sends what is allowed', async () => {
    const adapter = new NhsMailAdapter(new CachingBotFrameworkAuthentication({}, undefined, { allowed: () => true, timeoutMs: 5000 }));
    await adapter.continueConversationAsync('', reference(target.url), async (context) => {
      await context.sendActivity('hello');
    });
    expect(target.requests.map((q) => q.method)).to.deep.equal(['POST']);
    expect((target.requests[0]!.body as Partial<Activity>).text).to.equal('hello');
  });
});
