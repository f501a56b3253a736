// The bot's own Direct Line over real HTTP: the Web Chat protocol, isolation between conversations,
// proactive messages, bad input, and the Azure secret exchange against a stand-in Direct Line service.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { localConversationReference } from '../../bot/directline/connector.js';
import { DirectLineClient, cardOf, startApp, type RunningApp } from './channelsHarness.js';

describe('local Direct Line (HTTP)', () => {
  let running: RunningApp;
  let domain: string;
  before(async () => {
    // every test here is the same client (loopback); test/security/limits.test.ts covers the per-client limits
    // polls that expect nothing wait out the long-poll, so it is kept short here
    running = await startApp({ DIRECT_LINE_CLIENT_CONVERSATIONS_PER_MIN: '10000', DIRECT_LINE_CLIENT_ACTIVITIES_PER_MIN: '10000', DIRECT_LINE_LONG_POLL_SEC: '2' });
    domain = `${running.base}/v3/directline`;
  });
  after(() => running.stop());

  async function started(): Promise<DirectLineClient> {
    const c = new DirectLineClient(domain);
    await c.start(running.base);
    return c;
  }

  it('greets a new conversation once with the welcome card', async () => {
    const c = await started();
    const welcome = await c.waitFor((a) => a.type === 'message' && a.from.role === 'bot');
    expect((welcome.channelData?.nhsmail as { kind: string }).kind).to.equal('welcome');
    expect(cardOf(welcome)).to.have.property('type', 'AdaptiveCard');
    const again = await c.request('POST', '/conversations');
    expect(again.status).to.equal(200);
    expect(again.json.conversationId).to.equal(c.conversationId);
    expect(await c.othersBeforeMarker(), 'nothing before the answer to a later message').to.deep.equal([]);
  });

  it('echoes the user activity (with its clientActivityID) before the bot answers it', async () => {
    const c = await started();
    const res = await c.send({ type: 'message', text: 'how do I get a CQC contact ID', channelData: { clientActivityID: 'client-1' }, locale: 'en-GB' });
    expect(res.status).to.equal(200);
    const all = await c.waitFor((a) => a.replyToId === res.json.id).then(async () => {
      c.watermark = '';
      return c.poll();
    });
    const mine = all.find((a) => a.id === res.json.id)!;
    expect(mine.from.role).to.equal('user');
    expect(mine.text).to.equal('how do I get a CQC contact ID');
    expect(mine.channelData).to.deep.include({ clientActivityID: 'client-1' });
    expect(mine).to.not.have.property('serviceUrl');
    const answer = all.find((a) => a.replyToId === res.json.id)!;
    expect(all.indexOf(mine)).to.be.lessThan(all.indexOf(answer));
    expect((answer.channelData?.nhsmail as { kind: string }).kind).to.equal('answer');
    expect(answer).to.not.have.property('serviceUrl');
  });

  it('passes card button values to the bot', async () => {
    const c = await started();
    const res = await c.send({ type: 'message', value: { action: 'ask', question: 'What is the CQC location ID?' } });
    const answer = await c.waitFor((a) => a.replyToId === res.json.id);
    expect((answer.channelData?.nhsmail as { kind: string }).kind).to.equal('answer');
  });

  it('ignores the client\'s claimed user id: every activity is from the conversation\'s own user', async () => {
    const c = await started();
    const res = await c.send({ type: 'message', text: 'hello', from: { id: 'someone-else', role: 'bot' } });
    c.watermark = '';
    const mine = (await c.poll()).find((a) => a.id === res.json.id)!;
    expect(mine.from.id).to.match(/^dl_/);
    expect(mine.from.role).to.equal('user');
  });

  it('holds a poll with nothing new and answers it as soon as something arrives (long-poll, as Web Chat polls)', async () => {
    const c = await started();
    await c.waitFor((a) => a.from.role === 'bot');
    const t0 = Date.now();
    let answeredAt = 0;
    const held = c.poll().then((got) => ((answeredAt = Date.now()), got));
    await new Promise((r) => setTimeout(r, 400));
    expect(answeredAt, 'still held with nothing new').to.equal(0);
    const res = await c.send({ type: 'message', text: 'hello' });
    expect((await held).map((a) => a.id)).to.include(res.json.id);
    expect(answeredAt - t0).to.be.within(350, 2_500);
  });

  describe('isolation and tokens', () => {
    it('a token cannot read or write another conversation', async () => {
      const a = await started();
      const b = await started();
      const read = await a.request('GET', `/conversations/${b.conversationId}/activities`);
      const write = await a.request('POST', `/conversations/${b.conversationId}/activities`, { type: 'message', text: 'hi' });
      expect([read.status, write.status]).to.deep.equal([403, 403]);
      expect(read.json.error.code).to.equal('forbidden');
    });

    const refusals: [string, string | undefined, number][] = [
      ['no token', '', 401],
      ['a made-up token', 'bm90LWEtcmVhbC10b2tlbi1idXQtbG9uZy1lbm91Z2gtdG8tbG9vaw', 403],
    ];
    for (const [name, token, status] of refusals) {
      it(`refuses ${name}`, async () => {
        const c = await started();
        const res = await c.request('GET', `/conversations/${c.conversationId}/activities`, undefined, token);
        expect(res.status).to.equal(status);
        expect(res.json.error.code).to.be.a('string');
      });
    }

    it('refreshes a token for the same conversation', async () => {
      const c = await started();
      const res = await c.request('POST', '/tokens/refresh');
      expect(res.status).to.equal(200);
      expect(res.json.conversationId).to.equal(c.conversationId);
      expect(res.json.token).to.not.equal(c.token);
      expect(res.json.expires_in).to.be.greaterThan(60);
      c.token = res.json.token;
      await c.poll();
      expect((await c.request('POST', '/tokens/refresh', undefined, '')).status).to.equal(401);
    });

    it('tokens/generate then conversations starts that conversation', async () => {
      const c = new DirectLineClient(domain);
      const gen = await c.request('POST', '/tokens/generate', undefined, '');
      expect(gen.status).to.equal(200);
      c.token = gen.json.token;
      const start = await c.request('POST', '/conversations');
      expect(start.status).to.equal(201);
      expect(start.json.conversationId).to.equal(gen.json.conversationId);
    });
  });

  describe('bad input gets a 4xx, never a 5xx', () => {
    const bodies: [string, unknown, number][] = [
      ['an array', [], 400],
      ['no type', { text: 'hi' }, 400],
      ['an invoke', { type: 'invoke', name: 'x' }, 400],
      ['an attachment upload', { type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'http://x' }] }, 400],
      ['text over 10,000 characters', { type: 'message', text: 'a'.repeat(10_001) }, 400],
      ['a huge card value', { type: 'message', value: { blob: 'x'.repeat(9000) } }, 400],
      ['a bad locale', { type: 'message', text: 'hi', locale: '<script>' }, 400],
    ];
    for (const [name, body, status] of bodies) {
      it(`refuses ${name}`, async () => {
        const c = await started();
        const res = await c.request('POST', `/conversations/${c.conversationId}/activities`, body);
        expect(res.status).to.equal(status);
        expect(res.json.error.code).to.equal('bad_argument');
      });
    }

    it('answers typing without running a turn', async () => {
      const c = await started();
      await c.waitFor((a) => a.from.role === 'bot');
      expect((await c.send({ type: 'typing' })).status).to.equal(200);
      expect(await c.othersBeforeMarker()).to.deep.equal([]);
    });

    it('a bad JSON body is a 400', async () => {
      const c = await started();
      const res = await fetch(`${domain}/conversations/${c.conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
        body: '{"type":',
      });
      expect(res.status).to.equal(400);
    });
  });

  describe('connector routes (where the adapter posts replies)', () => {
    it('delivers a proactive message to the open conversation', async () => {
      const c = await started();
      await c.waitFor((a) => a.from.role === 'bot');
      const reference = localConversationReference(running.app.server, c.conversationId);
      expect(reference.serviceUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/v3\/directline\/connector\/[\w-]{24}$/);
      await running.app.deps.adapter.continueConversationAsync('', reference, async (context) => {
        await context.sendActivity('Your request NHSM-000001 is now resolved.');
      });
      const got = await c.waitFor((a) => a.text === 'Your request NHSM-000001 is now resolved.');
      expect(got.from.role).to.equal('bot');
      expect(got, 'no replyToId pointing at an activity the client never saw').to.not.have.property('replyToId');
    });

    const connectorUrl = (conversationId: string) => `${localConversationReference(running.app.server, conversationId).serviceUrl}/v3/conversations/${conversationId}/activities`;
    const post = (url: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'spoof' }) });

    it('refuses replies for a conversation that does not exist', async () => {
      expect((await post(connectorUrl('nope'))).status).to.equal(404);
    });

    it('refuses replies without the connector key, even from this machine', async () => {
      const c = await started();
      await c.waitFor((a) => a.from.role === 'bot');
      const res = await post(`${running.base}/v3/directline/connector/guessed-key-guessed-key-gue/v3/conversations/${c.conversationId}/activities`);
      expect(res.status).to.equal(403);
      expect((await post(`${running.base}/v3/directline/connector/v3/conversations/${c.conversationId}/activities`)).status).to.be.oneOf([403, 404]);
      expect(await c.poll()).to.deep.equal([]);
    });

    it('re-delivers a bot\'s update to an activity the client already has, under the same id', async () => {
      const c = await started();
      await c.waitFor((a) => a.from.role === 'bot');
      const url = connectorUrl(c.conversationId);
      const posted = (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'v1' }) })).json()) as { id: string };
      expect((await c.poll()).map((a) => a.text)).to.deep.equal(['v1']);
      const put = await fetch(`${url}/${encodeURIComponent(posted.id)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'v2', id: posted.id }),
      });
      expect(put.status).to.equal(200);
      const mine = (await c.poll()).find((a) => a.id === posted.id)!;
      expect(mine.text).to.equal('v2');
    });
  });
});

describe('Direct Line configuration', () => {
  it('is off by default when the bot has a MicrosoftAppId (real Azure)', async () => {
    const running = await startApp({ MicrosoftAppId: '6e6d1b0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b', MicrosoftAppPassword: 'x' });
    try {
      expect((await fetch(`${running.base}/v3/directline/conversations`, { method: 'POST' })).status).to.equal(404);
      const token = await fetch(`${running.base}/api/directline/token`, { method: 'POST' });
      expect(token.status).to.equal(503);
      expect(((await token.json()) as { error: { code: string } }).error.code).to.equal('directline_unavailable');
    } finally {
      await running.stop();
    }
  });

  it('can be switched off locally', async () => {
    const running = await startApp({ DIRECT_LINE_LOCAL: 'false' });
    try {
      expect((await fetch(`${running.base}/v3/directline/tokens/generate`, { method: 'POST' })).status).to.equal(404);
    } finally {
      await running.stop();
    }
  });

  describe('Azure secret exchange', () => {
    let azure: http.Server;
    let azureBase: string;
    let seen: { auth?: string; body?: string }[] = [];
    let answer: { status: number; body: string } = { status: 200, body: '' };
    before(async () => {
      azure = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c));
        req.on('end', () => {
          seen.push({ auth: req.headers.authorization, body });
          if (req.url !== '/v3/directline/tokens/generate' || req.method !== 'POST') {
            res.writeHead(404);
            res.end();
            return;
          }
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(answer.body);
        });
      });
      await new Promise<void>((r) => azure.listen(0, '127.0.0.1', () => r()));
      azureBase = `http://127.0.0.1:${(azure.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((r) => azure.close(() => r())));
    beforeEach(() => {
      seen = [];
    });

    async function withSecret(fn: (base: string) => Promise<void>) {
      const running = await startApp({ DIRECT_LINE_SECRET: 'the-secret', DIRECT_LINE_BASE_URL: azureBase });
      try {
        await fn(running.base);
      } finally {
        await running.stop();
      }
    }

    it('exchanges the secret server-side and gives the page only a token and the domain', async () => {
      answer = { status: 200, body: JSON.stringify({ conversationId: 'azure-conv', token: 'short-lived', expires_in: 3600 }) };
      await withSecret(async (base) => {
        const res = await fetch(`${base}/api/directline/token`, { method: 'POST' });
        const text = await res.text();
        expect(res.status).to.equal(200);
        expect(res.headers.get('cache-control')).to.equal('no-store');
        expect(JSON.parse(text)).to.deep.equal({ token: 'short-lived', conversationId: 'azure-conv', expiresIn: 3600, domain: `${azureBase}/v3/directline` });
        expect(text).to.not.include('the-secret');
        expect(seen[0]!.auth).to.equal('Bearer the-secret');
        expect(JSON.parse(seen[0]!.body!).user.id).to.match(/^dl_/);
        const page = await fetch(`${base}/`);
        expect(page.headers.get('content-security-policy')).to.include(`connect-src 'self' ${azureBase}`);
      });
    });

    const failures: [string, { status: number; body: string }][] = [
      ['refuses the secret', { status: 403, body: '{"error":{"code":"BadArgument","message":"secret mismatch at node 42"}}' }],
      ['answers nonsense', { status: 200, body: '<html>gateway</html>' }],
    ];
    for (const [name, upstream] of failures) {
      it(`when Azure ${name}, the page gets a polite 502 with no upstream detail`, async () => {
        answer = upstream;
        await withSecret(async (base) => {
          const res = await fetch(`${base}/api/directline/token`, { method: 'POST' });
          const text = await res.text();
          expect(res.status).to.equal(502);
          expect(JSON.parse(text).error.code).to.equal('directline_upstream_error');
          expect(text).to.not.match(/node 42|gateway|secret/);
        });
      });
    }
  });
});
