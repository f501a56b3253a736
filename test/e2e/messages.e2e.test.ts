// POST /api/messages over real HTTP: answers, refusals with clean 4xx bodies, Teams mentions, auth, restarts and what is recorded.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createApp, type App } from '../../bot/app.js';
import { ConfigError, loadConfig } from '../../bot/config/config.js';
import { createLogger } from '../../bot/logger.js';
import type { InsightEvent } from '../../bot/insights/events.js';
import { keyOf } from '../support/replies.js';
import { botForSuite, HttpChat, metas, startBot, type ReplyActivity } from './httpChat.js';

/** Every raw response body seen, checked at the end for leaked internals. */
const bodies: string[] = [];

interface Raw {
  status: number;
  text: string;
  json: any;
  headers: Headers;
}

async function request(url: string, init: RequestInit = {}): Promise<Raw> {
  const res = await fetch(url, init);
  const text = await res.text();
  bodies.push(text);
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

function post(baseUrl: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Raw> {
  return request(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' || Buffer.isBuffer(body) ? (body as string) : JSON.stringify(body),
  });
}

let counter = 0;
/** A valid message activity with expectReplies; override any field. */
function activity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    type: 'message',
    id: `e2e-${counter}`,
    channelId: 'webchat',
    serviceUrl: 'http://127.0.0.1:1/',
    deliveryMode: 'expectReplies',
    conversation: { id: `messages-e2e-${process.pid}-${counter}` },
    from: { id: `user-${counter}`, name: 'Tester' },
    recipient: { id: 'bot', name: 'NHSmail Assistant' },
    text: 'hello',
    ...overrides,
  };
}

/** Every insight event the running bot has written to DATA_DIR/insights (after writing what it buffered). */
async function insightEvents(app: App, dataDir: string): Promise<InsightEvent[]> {
  await app.deps.insights.recorder.flush();
  const dir = path.join(dataDir, 'insights', 'events');
  return fs
    .readdirSync(dir)
    .sort()
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line) as InsightEvent);
}

const repliesOf = (raw: Raw): ReplyActivity[] => (raw.json as { activities?: ReplyActivity[] } | undefined)?.activities ?? [];

/** Wraps the bot's turn so a test can tell whether any turn ran. */
function countTurns(app: App): { readonly count: number; restore(): void } {
  const bot = app.deps.bot;
  const original = bot.run.bind(bot);
  let count = 0;
  bot.run = async (context) => {
    count++;
    return original(context);
  };
  return {
    get count() {
      return count;
    },
    restore: () => {
      bot.run = original;
    },
  };
}

const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()) : [];

describe('POST /api/messages over HTTP', () => {
  const running = botForSuite();

  it('GET /health answers 200 {status: "ok"}', async () => {
    const res = await request(`${running().baseUrl}/health`);
    expect(res.status).to.equal(200);
    expect(res.json).to.include({ status: 'ok' });
  });

  it('returns the answer card in the body with expectReplies', async () => {
    const res = await post(running().baseUrl, activity({ text: 'what is an ods code?' }));
    expect(res.status).to.equal(200);
    const [reply] = repliesOf(res);
    expect(reply?.channelData?.nhsmail).to.include({ kind: 'answer', entryId: 'ods-code' });
    expect(reply?.attachments?.[0]?.contentType).to.equal('application/vnd.microsoft.card.adaptive');
  });

  describe('refuses bad requests with a 4xx and a JSON error', () => {
    const BAD: [name: string, body: () => unknown, status: number, mentions?: RegExp, headers?: Record<string, string>][] = [
      ['invalid JSON', () => '{"type": "message", ', 400],
      ['an empty body', () => '', 400],
      ['a JSON array', () => [activity()], 400],
      ['JSON null', () => 'null', 400],
      ['a JSON string', () => '"hello"', 400],
      ['a plain-text body', () => 'hello', 415, undefined, { 'content-type': 'text/plain' }],
      ['a 5 MB body', () => JSON.stringify(activity({ text: 'x'.repeat(5 * 1024 * 1024) })), 413],
      ['an unknown activity type', () => activity({ type: 'dance' }), 400, /"type"/],
      ['no activity type', () => activity({ type: undefined }), 400, /"type"/],
      ['no conversation', () => activity({ conversation: undefined }), 400, /conversation/],
      ['a conversation without an id', () => activity({ conversation: {} }), 400, /conversation/],
      ['no sender', () => activity({ from: undefined }), 400, /from/],
      ['a text that is not a string', () => activity({ text: { evil: true } }), 400, /text/],
    ];
    for (const [name, body, status, mentions, headers] of BAD) {
      it(`${name} -> ${status}`, async () => {
        const res = await post(running().baseUrl, body(), headers);
        expect(res.status, res.text).to.equal(status);
        expect(res.json?.error?.code, res.text).to.be.a('string');
        expect(res.json?.error?.message, res.text).to.be.a('string');
        if (mentions) expect(res.json.error.message).to.match(mentions);
      });
    }
  });

  it('answers 404 and 405 with the same JSON error shape', async () => {
    const missing = await request(`${running().baseUrl}/no-such-route`);
    expect(missing.status).to.equal(404);
    expect(missing.json?.error?.code).to.be.a('string');
    const wrongMethod = await request(`${running().baseUrl}/api/messages`);
    expect(wrongMethod.status).to.equal(405);
    expect(wrongMethod.json?.error?.code).to.be.a('string');
  });

  it('refuses a serviceUrl that is not loopback or allow-listed (403), without running a turn', async () => {
    const turns = countTurns(running().app);
    try {
      const res = await post(running().baseUrl, activity({ serviceUrl: 'https://evil.example.com', deliveryMode: undefined, text: 'what is an ods code?' }));
      expect(res.status).to.equal(403);
      expect(res.json?.error?.code).to.equal('service_url_not_allowed');
      expect(turns.count).to.equal(0);
    } finally {
      turns.restore();
    }
  });

  it('sends replies to a loopback serviceUrl when replies are not expected in the response', async () => {
    const received: { url: string; body: any }[] = [];
    const connector = http.createServer((req, res) => {
      let data = '';
      req.on('data', (chunk) => (data += chunk));
      req.on('end', () => {
        received.push({ url: req.url ?? '', body: JSON.parse(data || '{}') });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"sent-1"}');
      });
    });
    await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', () => resolve()));
    try {
      const serviceUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
      const res = await post(running().baseUrl, activity({ serviceUrl, deliveryMode: undefined, text: 'what is an ods code?' }));
      expect(res.status).to.equal(200);
      expect(received).to.have.length(1);
      expect(received[0]?.url).to.match(/^\/v3\/conversations\/[^/]+\/activities/);
      expect(received[0]?.body?.channelData?.nhsmail).to.include({ kind: 'answer', entryId: 'ods-code' });
      // A second turn for the same channel service reuses its connector client rather than building another.
      const clients = running().app.deps.adapter.authentication.clients.count;
      const again = await post(running().baseUrl, activity({ serviceUrl, deliveryMode: undefined, text: 'how do i reset my password' }));
      expect(again.status).to.equal(200);
      expect(received).to.have.length(2);
      expect(received[1]?.body?.channelData?.nhsmail).to.include({ kind: 'answer' });
      expect(running().app.deps.adapter.authentication.clients.count).to.equal(clients);
    } finally {
      connector.close();
    }
  });

  it('answers a request asked as a question, with the raise button, instead of starting to take details', async () => {
    const replies = repliesOf(await post(running().baseUrl, activity({ text: 'my account was deleted, can i get it back' })));
    expect(replies).to.have.length(1);
    expect(replies[0]?.channelData?.nhsmail).to.include({ kind: 'answer', entryId: 'restore-deleted-account' });
    expect(JSON.stringify(replies[0]?.attachments)).to.include('"action":"raise"');
    // said as a plain statement, the same need starts the request
    const statement = repliesOf(await post(running().baseUrl, activity({ text: 'my account has been deleted', conversation: { id: 'deleted-statement' } })));
    expect(statement.some((a) => a.channelData?.nhsmail?.['kind'] === 'answer')).to.equal(false);
  });

  it('answers a question about one kind of organisation and starts the eligibility check in the same reply', async () => {
    const replies = repliesOf(await post(running().baseUrl, activity({ text: 'im a gp locum how do i get nhsmail' })));
    const kinds = replies.map((a) => a.channelData?.nhsmail?.['kind']).filter(Boolean);
    expect(kinds).to.deep.equal(['answer', 'eligibilityQuestion']);
    expect(replies[0]?.channelData?.nhsmail).to.include({ entryId: 'gp-locum-registration' });
  });

  it('answers text full of control and zero-width characters', async () => {
    const text = 'im\u0000 lo\u200Bckd\u0007 out\u200D of my\uFEFF acount\u0001';
    const [reply] = repliesOf(await post(running().baseUrl, activity({ text })));
    expect(reply?.channelData?.nhsmail).to.include({ kind: 'answer', entryId: 'locked-out' });
  });

  it('asks politely for a shorter message when the text is 3,000 characters', async () => {
    const res = await post(running().baseUrl, activity({ text: 'locked out '.repeat(300).slice(0, 3000) }));
    expect(res.status).to.equal(200);
    expect(repliesOf(res).map((a) => keyOf(a.text))).to.deep.equal(['input.tooLong']);
  });

  describe('in a Teams channel', () => {
    const teams = (text: string, mentioned: boolean) =>
      activity({
        channelId: 'msteams',
        conversation: { id: `19:channel-${++counter}@thread.tacv2;messageid=${counter}`, conversationType: 'channel' },
        recipient: { id: '28:bot-id', name: 'NHSmail Assistant' },
        text,
        entities: mentioned
          ? [{ type: 'mention', text: '<at>NHSmail Assistant</at>', mentioned: { id: '28:bot-id', name: 'NHSmail Assistant' } }]
          : [],
      });

    it('stays quiet when it is not mentioned', async () => {
      const res = await post(running().baseUrl, teams('what is an ods code?', false));
      expect(res.status).to.equal(200);
      expect(repliesOf(res)).to.deep.equal([]);
    });

    it('stays quiet when someone else is mentioned', async () => {
      const other = teams('<at>Jo</at> what is an ods code?', false);
      other['entities'] = [{ type: 'mention', text: '<at>Jo</at>', mentioned: { id: '29:jo', name: 'Jo' } }];
      expect(repliesOf(await post(running().baseUrl, other))).to.deep.equal([]);
    });

    it('answers when mentioned, with the mention taken out of the question', async () => {
      const question = teams('<at>NHSmail Assistant</at> how do i hide my mobile number from the directory', true);
      const [answer] = repliesOf(await post(running().baseUrl, question));
      expect(answer?.channelData?.nhsmail).to.include({ kind: 'answer', entryId: 'hide-mobile-number' });
      // a typed "no" after it, with the mention, rates that answer
      const no = { ...question, id: 'e2e-teams-no', text: '<at>NHSmail Assistant</at> no' };
      expect(repliesOf(await post(running().baseUrl, no)).map((a) => keyOf(a.text))).to.deep.equal(['feedback.thanksNo']);
      // The question the bot keeps (one it could not answer) has no trace of the mention.
      const gap = teams('<at>NHSmail Assistant</at> can the flux capacitor wibble the teapot', true);
      expect(['unsure', 'offTopic']).to.include(repliesOf(await post(running().baseUrl, gap))[0]?.channelData?.nhsmail?.['kind']);
      const events = await insightEvents(running().app, running().dataDir);
      const [asked, rated, unanswered] = events.filter((e) => e.channel === 'msteams').slice(-3);
      expect([asked?.kind, rated?.kind, rated?.entryId, rated?.helpful]).to.deep.equal(['answer', 'feedback', 'hide-mobile-number', false]);
      expect(['unsure', 'offTopic']).to.include(unanswered?.kind);
      const kept = events.filter((e) => e.question?.includes('flux capacitor'));
      expect(kept.map((e) => e.question)).to.deep.equal(['can the flux capacitor wibble the teapot']);
      expect(JSON.stringify(events)).not.to.include('NHSmail Assistant').and.not.include('<at>');
    });
  });

  it('welcomes a person added to the conversation with the welcome card', async () => {
    const res = await post(running().baseUrl, activity({ type: 'conversationUpdate', text: undefined, membersAdded: [{ id: 'user-new' }] }));
    expect(metas(repliesOf(res))).to.deep.equal([{ kind: 'welcome' }]);
  });

  it('does not welcome the bot itself being added', async () => {
    const res = await post(running().baseUrl, activity({ type: 'conversationUpdate', text: undefined, membersAdded: [{ id: 'bot' }] }));
    expect(repliesOf(res)).to.deep.equal([]);
  });

  it('records unanswered questions (whole, or the parts of a message left unanswered) and unhelpful feedback as insight events, with contact details redacted', async () => {
    const chat = new HttpChat(running().baseUrl);
    const offTopic = 'my email is jane.smith@nhs.net and mobile 07700 900123, whats the weather tomorrow';
    expect((await chat.send(offTopic)).map((a) => keyOf(a.text))).to.deep.equal(['offTopic.text']);
    const question = 'how do i hide my mobile number 07700 900123 from the directory';
    expect(metas(await chat.send(question))[0]).to.include({ kind: 'answer', entryId: 'hide-mobile-number' });
    expect((await chat.send({ value: { action: 'feedback', entryId: 'hide-mobile-number', helpful: false } })).map((a) => keyOf(a.text))).to.deep.equal([
      'feedback.thanksNo',
    ]);
    // (a number given, not a call asked for: "ring me on ..." asks for a person, and gets the person reply)
    const several = "what is an ODS code? and what's the weather like tomorrow, my number is 07700 900456";
    expect(metas(await chat.send(several)).map((m) => m['kind'])).to.deep.equal(['answer', 'unsure']);

    const events = await insightEvents(running().app, running().dataDir);
    const stored = fs.readdirSync(path.join(running().dataDir, 'insights'), { recursive: true, encoding: 'utf8' });
    const disk = stored.map((f) => path.join(running().dataDir, 'insights', f)).filter((f) => fs.statSync(f).isFile()).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    for (const gone of ['jane.smith@nhs.net', '07700 900123', '900123', '900456']) expect(disk).to.not.include(gone);
    expect(events.some((e) => e.kind === 'offTopic' && e.question?.includes('[email]') && e.question.includes('[phone]') && e.question.includes('weather tomorrow'))).to.equal(true);
    // the rating is counted against its entry (no text is kept with it)
    expect(events.some((e) => e.kind === 'feedback' && e.entryId === 'hide-mobile-number' && e.helpful === false)).to.equal(true);
    // one turn for the message asking two questions, an answer; its unanswered part is kept, redacted, for editors
    const partly = events.find((e) => e.unansweredParts?.some((p) => p.question.includes('weather like tomorrow')));
    expect(partly).to.include({ kind: 'answer', entryId: 'ods-code' });
    expect(partly!.unansweredParts).to.have.length(1);
    expect(partly!.unansweredParts![0]!.question).to.include('[phone]').and.not.include('ODS');
    const today = new Date().toISOString().slice(0, 10);
    const report = await running().app.deps.insights.report({ from: today, to: today });
    expect(report.unhelpfulEntries.map((e) => e.entryId)).to.include('hide-mobile-number');
    expect(report.gapClusters.flatMap((c) => c.examples).some((x) => x.includes('weather like tomorrow') && x.includes('[phone]'))).to.equal(true);
  });

  // Last, so it sees the bodies of every request above (mocha runs nested suites after the tests beside them).
  describe('every response so far', () => {
    it('has no "Error:" and no stack trace in its body', () => {
      expect(bodies.length).to.be.greaterThan(20);
      for (const body of bodies) expect(body).to.not.match(/Error:|\n\s+at \S+ \(|node_modules|\.ts:\d+/);
    });
  });
});

describe('POST /api/messages with an app id (authenticated mode)', () => {
  it('refuses an activity without a token with 401, and runs no turn', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhsmail-e2e-auth-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'x',
    });
    const app = await createApp(config, createLogger('silent'));
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', () => resolve()));
    app.start();
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const turns = countTurns(app);
    try {
      const withoutToken: Record<string, string> = { 'content-type': 'application/json' };
      const withBadToken: Record<string, string> = { ...withoutToken, authorization: 'Bearer not-a-token' };
      for (const headers of [withoutToken, withBadToken]) {
        for (const deliveryMode of ['expectReplies', undefined]) {
          const res = await post(baseUrl, activity({ deliveryMode, text: 'what is an ods code?' }), headers);
          expect(res.status, `${JSON.stringify(headers)} ${deliveryMode}`).to.equal(401);
          expect(res.json?.error?.code).to.equal('unauthorized');
        }
      }
      // A well-formed JWT must be checked against the channel's signing keys. Where those cannot be fetched (no
      // network here) the answer is 503 with Retry-After; where they can, the forged signature gives 401.
      const jwtShaped = `Bearer ${[{ alg: 'RS256', typ: 'JWT' }, { iss: 'https://api.botframework.com', aud: config.auth.appId }]
        .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
        .join('.')}.c2lnbmF0dXJl`;
      const res = await post(baseUrl, activity({ text: 'what is an ods code?' }), { 'content-type': 'application/json', authorization: jwtShaped });
      expect(res.status).to.be.oneOf([401, 503]);
      if (res.status === 503) expect(res.headers.get('retry-after')).to.equal('5');
      expect(res.text).to.not.match(/Error:|at \w+ \(/);

      expect(turns.count).to.equal(0);
      await app.deps.storage.flush();
      expect(filesUnder(path.join(dataDir, 'state'))).to.deep.equal([]);
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('will not start in production without an app id', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: os.tmpdir() })).to.throw(ConfigError, /MicrosoftAppId/);
  });
});

describe('conversation state across a restart', () => {
  it('remembers the choices it offered, so "1" picks the first after the server is recreated', async () => {
    const first = await startBot();
    const conversationId = `restart-choices-${Date.now()}`;
    let offered: string[] = [];
    try {
      const replies = await new HttpChat(first.baseUrl, conversationId).send('what if an account is left alone for ages');
      const meta = metas(replies)[0];
      expect(meta).to.include({ kind: 'unsure' });
      offered = meta?.['candidates'] as string[];
      expect(offered.length).to.be.greaterThan(1);
    } finally {
      await first.close();
    }
    const second = await startBot(first.dataDir);
    try {
      const replies = await new HttpChat(second.baseUrl, conversationId).send('1');
      expect(metas(replies)[0]).to.include({ kind: 'answer', entryId: offered[0] });
    } finally {
      await second.close();
      fs.rmSync(first.dataDir, { recursive: true, force: true });
    }
  });
});
