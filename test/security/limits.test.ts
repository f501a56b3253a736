// Limits on anonymous use, attacked over real HTTP: Direct Line floods and memory, ticket filing floods and duplicates, state files for nothing.
import { expect } from 'chai';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startApp } from '../e2e/channelsHarness.js';
import { HttpChat, metas, startBot } from '../e2e/httpChat.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import { tempDir } from '../helpdesk/fixtures/tickets.js';
import {
  FakeConnector,
  confirm,
  fileViaChat,
  meta,
  startBot as startHelpdeskBot,
  text,
  toSummary,
  type Activity,
  type Bot,
  type Person,
} from '../e2e/helpdeskHarness.js';

const r = loadKnowledge().replies;

type Json = Record<string, any>;
interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: Json;
  bytes: number;
}

const agents = new Map<string, http.Agent>();

/** One HTTP call from a chosen loopback address (127.0.0.x), so tests can play several clients. */
function call(base: string, method: string, url: string, options: { from?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const from = options.from ?? '127.0.0.1';
  let agent = agents.get(from);
  if (!agent) agents.set(from, (agent = new http.Agent({ keepAlive: true, localAddress: from, maxSockets: 32 } as http.AgentOptions)));
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${url}`,
      {
        method,
        agent,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? (JSON.parse(text) as Json) : {}, bytes: text.length });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

after(() => {
  for (const agent of agents.values()) agent.destroy();
});

const DL = '/v3/directline';

/** Starts a Direct Line conversation as Web Chat does (page token, then start) from one client address. */
async function startChat(base: string, from: string): Promise<{ token: string; conversationId: string }> {
  const grant = await call(base, 'POST', '/api/directline/token', { from });
  expect(grant.status, JSON.stringify(grant.json)).to.equal(200);
  const started = await call(base, 'POST', `${DL}/conversations`, { from, token: grant.json.token });
  expect(started.status, JSON.stringify(started.json)).to.equal(201);
  return { token: grant.json.token, conversationId: started.json.conversationId };
}

/** Posts a message and polls until the bot answers it. */
async function chat(base: string, from: string, c: { token: string; conversationId: string }, text: string): Promise<Json> {
  const posted = await call(base, 'POST', `${DL}/conversations/${c.conversationId}/activities`, { from, token: c.token, body: { type: 'message', text } });
  expect(posted.status, JSON.stringify(posted.json)).to.equal(200);
  const until = Date.now() + 5000;
  while (Date.now() < until) {
    const page = await call(base, 'GET', `${DL}/conversations/${c.conversationId}/activities`, { from, token: c.token });
    const reply = (page.json.activities as Json[]).find((a) => a.replyToId === posted.json.id);
    if (reply) return reply;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error('no reply');
}

/** Sends `count` requests, `width` at a time; returns how many got each status, and one 429 seen. */
async function flood(count: number, width: number, send: (i: number) => Promise<Answer>) {
  const statuses = new Map<number, number>();
  let refused: Answer | undefined;
  for (let i = 0; i < count; i += width) {
    const answers = await Promise.all(Array.from({ length: Math.min(width, count - i) }, (_, j) => send(i + j)));
    for (const a of answers) {
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      if (a.status === 429) refused ??= a;
    }
  }
  return { statuses, refused };
}

describe('limits on anonymous use: the local Direct Line', () => {
  it('rate-limits thousands of tokens from one client (429, Retry-After, a kind message) while another client starts and chats', async function () {
    this.timeout(60_000);
    const running = await startApp();
    try {
      const { statuses, refused } = await flood(3000, 50, (i) =>
        call(running.base, 'POST', i % 2 ? `${DL}/tokens/generate` : '/api/directline/token', { from: '127.0.0.1' }),
      );
      expect(statuses.get(200) ?? 0, 'tokens made (30 at once, a few more as the bucket refills)').to.be.within(30, 40);
      expect(statuses.get(429)).to.be.at.least(2960);
      expect([...statuses.keys()].every((s) => s < 500)).to.equal(true);
      expect(Number(refused!.headers['retry-after'])).to.be.within(1, 60);
      expect(refused!.json).to.deep.equal({
        error: { code: 'too_many_requests', message: 'You have opened a lot of chats in a short time. Please wait a moment and try again.' },
      });
      // a spoofed X-Forwarded-For does not make a new client unless the operator trusts a proxy
      const spoofed = await call(running.base, 'POST', `${DL}/tokens/generate`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(spoofed.status).to.equal(429);

      const c = await startChat(running.base, '127.0.0.2');
      const reply = await chat(running.base, '127.0.0.2', c, 'how do I reset my password');
      expect(reply.from.role).to.equal('bot');
    } finally {
      await running.stop();
    }
  });

  it('rate-limits posting activities per client', async function () {
    this.timeout(30_000);
    const running = await startApp({ DIRECT_LINE_CLIENT_ACTIVITIES_PER_MIN: '20' });
    try {
      const c = await startChat(running.base, '127.0.0.3');
      const { statuses, refused } = await flood(60, 10, () =>
        call(running.base, 'POST', `${DL}/conversations/${c.conversationId}/activities`, { from: '127.0.0.3', token: c.token, body: { type: 'typing' } }),
      );
      expect(statuses.get(200)).to.equal(20);
      expect(statuses.get(429)).to.equal(40);
      expect(Number(refused!.headers['retry-after'])).to.be.within(1, 60);
      expect(refused!.json.error.code).to.equal('too_many_requests');
    } finally {
      await running.stop();
    }
  });

  it('keys clients by the first X-Forwarded-For address only when TRUST_PROXY is set', async function () {
    this.timeout(30_000);
    const running = await startApp({ TRUST_PROXY: 'true', DIRECT_LINE_CLIENT_CONVERSATIONS_PER_MIN: '3' });
    try {
      const gen = (client: string) => call(running.base, 'POST', `${DL}/tokens/generate`, { headers: { 'x-forwarded-for': `${client}, 10.0.0.1` } });
      for (let i = 0; i < 3; i++) expect((await gen('198.51.100.7')).status).to.equal(200);
      expect((await gen('198.51.100.7')).status).to.equal(429);
      expect((await gen('198.51.100.8')).status).to.equal(200);
    } finally {
      await running.stop();
    }
  });

  it('never lets conversations that were not started lock real users out', async function () {
    this.timeout(60_000);
    // a botnet: every request from a "new" client, so only the store's own rules stand in the way
    const running = await startApp({ DIRECT_LINE_CLIENT_CONVERSATIONS_PER_MIN: '100000', DIRECT_LINE_MAX_CONVERSATIONS: '5', DIRECT_LINE_MAX_UNSTARTED: '100' });
    try {
      const { statuses } = await flood(2000, 50, () => call(running.base, 'POST', `${DL}/tokens/generate`));
      expect(statuses.get(200)).to.equal(2000);
      const c = await startChat(running.base, '127.0.0.4');
      expect((await chat(running.base, '127.0.0.4', c, 'what is nhsmail')).from.role).to.equal('bot');
    } finally {
      await running.stop();
    }
  });

  it('forgets a token whose conversation is never started after its short life', async function () {
    this.timeout(30_000);
    const running = await startApp({ DIRECT_LINE_UNSTARTED_MIN: '0.01' });
    try {
      const grant = await call(running.base, 'POST', `${DL}/tokens/generate`, { from: '127.0.0.5' });
      expect(grant.status).to.equal(200);
      await new Promise((r) => setTimeout(r, 700));
      const start = await call(running.base, 'POST', `${DL}/conversations`, { from: '127.0.0.5', token: grant.json.token });
      expect(start.status).to.equal(403);
      expect(start.json.error.code).to.equal('token_expired');
      // a started conversation is not held to that short life
      const c = await startChat(running.base, '127.0.0.5');
      await new Promise((r) => setTimeout(r, 700));
      expect((await chat(running.base, '127.0.0.5', c, 'what is nhsmail')).from.role).to.equal('bot');
    } finally {
      await running.stop();
    }
  });

  it('keeps every queue together within the memory budget, the longest-idle giving way first', async function () {
    this.timeout(60_000);
    const budget = 0.2 * 1024 * 1024;
    const running = await startApp({ DIRECT_LINE_QUEUE_BUDGET_MB: '0.2' });
    try {
      const chats = [];
      for (let i = 0; i < 8; i++) chats.push(await startChat(running.base, '127.0.0.6'));
      for (const c of chats) {
        for (let n = 0; n < 6; n++) {
          const res = await call(running.base, 'POST', `${DL}/conversations/${c.conversationId}/activities`, {
            from: '127.0.0.6',
            token: c.token,
            body: { type: 'message', text: `${n} ${'x'.repeat(9000)}` },
          });
          expect(res.status).to.equal(200);
        }
      }
      let held = 0;
      const counts: number[] = [];
      for (const c of chats) {
        const page = await call(running.base, 'GET', `${DL}/conversations/${c.conversationId}/activities`, { from: '127.0.0.6', token: c.token });
        const activities = page.json.activities as Json[];
        counts.push(activities.length);
        held += activities.reduce((sum, a) => sum + Buffer.byteLength(JSON.stringify(a)), 0);
      }
      expect(held).to.be.at.most(budget);
      expect(counts[7], 'the conversation written last keeps its activities').to.be.at.least(6);
      expect(counts[0], 'the longest idle gave way first').to.be.lessThan(counts[7]!);
    } finally {
      await running.stop();
    }
  });
});

/** Every file under a folder (none when it does not exist). */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('limits on anonymous use: conversation state on disk', () => {
  it('writes no state file for 200 questions with unknown conversation ids, yet keeps a journey under way and removes it once empty', async function () {
    this.timeout(60_000);
    const bot = await startBot();
    try {
      const questions = ['what is nhsmail', 'how do I get a CQC contact ID', 'what is the DSPT', 'how long until a leaver\'s account is deleted'];
      for (let i = 0; i < 200; i += 20) {
        const batch = await Promise.all(
          Array.from({ length: 20 }, (_, j) => new HttpChat(bot.baseUrl, `unknown-${i + j}-${Date.now()}`).send(questions[(i + j) % questions.length]!)),
        );
        for (const replies of batch) expect(metas(replies)[0]?.['kind']).to.equal('answer');
      }
      const journey = new HttpChat(bot.baseUrl, `journey-${Date.now()}`);
      await journey.send("I'm locked out");
      await bot.app.deps.storage.flush();
      const state = path.join(bot.dataDir, 'state');
      expect(filesUnder(state)).to.have.length(1);

      // the FAQ's follow-ups still work from memory: "yes" after an answer is taken as feedback
      const asker = new HttpChat(bot.baseUrl, `asker-${Date.now()}`);
      await asker.send('what is nhsmail');
      expect((await asker.send('yes')).map((a) => a.text)).to.deep.equal([r.t('feedback.thanksYes')]);

      await journey.send('cancel');
      await bot.app.deps.storage.flush();
      expect(filesUnder(state)).to.deep.equal([]);
    } finally {
      await bot.close();
      fs.rmSync(bot.dataDir, { recursive: true, force: true });
    }
  });
});

describe('limits on anonymous use: filing tickets', () => {
  let tmp: ReturnType<typeof tempDir>;
  let connector: FakeConnector;
  let bot: Bot;
  beforeEach(async () => {
    tmp = tempDir('limits-filing-');
    connector = await new FakeConnector().start();
    bot = await startHelpdeskBot(tmp.dir);
  });
  afterEach(async () => {
    await bot.close();
    await connector.close();
    tmp.remove();
  });

  const texts = (replies: Activity[]) => replies.map(text);

  it('files one ticket when 15 Sends of one summary arrive at once', async () => {
    const who: Person = { user: 'eager', conversation: 'eager-1' };
    const nonce = await toSummary(bot.url, connector.url, who);
    await Promise.all(Array.from({ length: 15 }, () => confirm(bot.url, connector.url, who, nonce)));
    expect((await bot.app.deps.helpdesk.store.count())).to.equal(1);
  });

  it('files one ticket when one person sends the same request from 15 conversations at once, offering it to the rest', async () => {
    const chats = Array.from({ length: 15 }, (_, i): Person => ({ user: 'repeat', conversation: `repeat-${i}` }));
    const nonces = await Promise.all(chats.map((who) => toSummary(bot.url, connector.url, who)));
    const answers = await Promise.all(chats.map((who, i) => confirm(bot.url, connector.url, who, nonces[i]!)));
    expect((await bot.app.deps.helpdesk.store.count())).to.equal(1);
    const ref = (await bot.app.deps.helpdesk.store.list({})).tickets[0]!.ref;
    const offered = answers.filter((replies) => texts(replies).includes(r.t('request.duplicate', { ref, status: r.t('request.statusName.new').toLowerCase() })));
    expect(offered).to.have.length(14);
    // what they typed is kept, and sending the summary shown with the offer files it after all
    const again = offered[0]!;
    const summary = again.find((a) => meta(a)['kind'] === 'requestSummary')!;
    const who = chats[answers.indexOf(again)]!;
    const filed = await confirm(bot.url, connector.url, who, String(meta(summary)['nonce']));
    expect(filed.some((a) => meta(a)['kind'] === 'requestFiled')).to.equal(true);
    expect((await bot.app.deps.helpdesk.store.count())).to.equal(2);
  });

  it('limits filing per person and per conversation, kindly, keeping what they typed', async () => {
    const person = (n: number) => [`Jane Smith${'e'.repeat(n)}`, `jane.${n}@nhs.net`, '07700 900123', 'Sunrise Care Home', 'V12345'];
    const phone = r.t('contact.phone');
    for (let n = 0; n < 5; n++) await fileViaChat(bot.url, connector.url, { user: 'busy', conversation: `busy-${n}` }, person(n));
    const who: Person = { user: 'busy', conversation: 'busy-5' };
    const nonce = await toSummary(bot.url, connector.url, who, person(5));
    const held = await confirm(bot.url, connector.url, who, nonce);
    expect(text(held[0])).to.equal(r.t('request.limited', { minutes: 10, phone }));
    expect(meta(held[1])).to.deep.include({ kind: 'requestSummary' });
    expect(JSON.stringify(held[1])).to.contain('Jane Smitheeeee');
    expect((await bot.app.deps.helpdesk.store.count())).to.equal(5);

    // one shared conversation (a group chat) is limited too, whoever files
    for (let n = 0; n < 5; n++) await fileViaChat(bot.url, connector.url, { user: `member-${n}`, conversation: 'group' }, person(10 + n));
    const member: Person = { user: 'member-9', conversation: 'group' };
    const nonce2 = await toSummary(bot.url, connector.url, member, person(20));
    expect(text((await confirm(bot.url, connector.url, member, nonce2))[0])).to.equal(r.t('request.limited', { minutes: 10, phone }));
    expect((await bot.app.deps.helpdesk.store.count())).to.equal(10);
  });
});
