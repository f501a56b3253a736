// Helpdesk requests end to end over real HTTP: filing, lookups, restarts, double submits, concurrency, webhook, Teams channel, API, secrets.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledge } from '../../knowledge/loader.js';
import { verifySignature } from '../../helpdesk/webhook.js';
import { escapeUserText } from '../../cards/elements.js';
import type { FileStorage } from '../../bot/storage/fileStorage.js';
import { tempDir } from '../helpdesk/fixtures/tickets.js';
import {
  API_KEY,
  FakeConnector,
  LOCKED_OUT,
  LOCKED_OUT_OPENER,
  WEBHOOK_SECRET,
  WebhookReceiver,
  api,
  confirm,
  eventually,
  fileViaChat,
  meta,
  startBot,
  text,
  toSummary,
  turn,
  type Bot,
  type Person,
} from './helpdeskHarness.js';

const r = loadKnowledge().replies;
const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bot', 'main.ts');
const alice: Person = { user: 'alice', conversation: 'conv-alice' };
const mallory: Person = { user: 'mallory', conversation: 'conv-mallory' };

/** Every file under a folder, as text. */
function allFiles(dir: string): string {
  let out = '';
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(entry.parentPath ?? dir, entry.name);
    out += entry.isDirectory() ? allFiles(p) : fs.readFileSync(p, 'utf8');
  }
  return out;
}

describe('helpdesk over HTTP', () => {
  let tmp: ReturnType<typeof tempDir>;
  let connector: FakeConnector;
  let bot: Bot;

  beforeEach(async () => {
    tmp = tempDir('helpdesk-e2e-');
    connector = await new FakeConnector().start();
    bot = await startBot(tmp.dir);
  });
  afterEach(async () => {
    await bot.close();
    await connector.close();
    tmp.remove();
  });

  it('files a request, looks it up, hides it from others, and finds it again after a restart', async () => {
    const ref = await fileViaChat(bot.url, connector.url, alice);
    expect(ref).to.match(/^NHSM-\d{6}$/);

    const own = await turn(bot.url, connector.url, alice, { text: `what's the status of ${ref}` });
    expect(meta(own[0])).to.deep.include({ kind: 'requestStatus', ref, status: 'new' });
    const other = await turn(bot.url, connector.url, mallory, { text: `what's the status of ${ref}` });
    expect(other.map(text)).to.deep.equal([r.t('request.status.notFound', { ref })]);
    const list = await turn(bot.url, connector.url, alice, { text: 'my requests' });
    expect(meta(list[0])['refs']).to.deep.equal([ref]);

    await bot.close();
    bot = await startBot(tmp.dir);
    const again = await turn(bot.url, connector.url, alice, { text: `status of ${ref.toLowerCase()}` });
    expect(meta(again[0])).to.deep.include({ kind: 'requestStatus', ref });
  });

  it('has the finished journey on disk by the time the reference is shown, so a crash cannot bring it back', async () => {
    const ref = await fileViaChat(bot.url, connector.url, alice);
    const storage = bot.app.deps.storage as FileStorage;
    const file = storage.fileFor(`${alice.channelId ?? 'webchat'}/conversations/${alice.conversation}/`);
    // read straight from the disk: no write is still waiting in the write-behind window. A finished journey
    // leaves nothing worth keeping, so its file is gone (or, had the FAQ offered choices, holds an empty stack).
    const saved = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { item: { dialogState?: { dialogStack?: unknown[] } } }) : undefined;
    expect(saved?.item.dialogState?.dialogStack ?? [], ref).to.deep.equal([]);
  });

  it('starts the right request from plain words, and leaves questions to the knowledge base', async () => {
    // [what is said, the first line of the request, the entry whose answer leads it (it says how it works, so the
    // request goes on to the details)]
    const plain: [string, string, string?][] = [
      [LOCKED_OUT_OPENER, 'request.intro.lockedOut'],
      ['please mark me as a leaver', 'request.afterAnswer', 'leaver'],
      ["I've changed my name", 'request.afterAnswer', 'name-change'],
      ['we need more than 10 accounts', 'request.afterAnswer', 'more-than-10-accounts'],
      ['we have lost access to our shared mailbox', 'request.intro.sharedMailboxAccess'],
      ['my account has been deactivated', 'request.intro.deletedAccount'],
    ];
    for (const [i, [said, key, entryId]] of plain.entries()) {
      const replies = await turn(bot.url, connector.url, { user: `p${i}`, conversation: `plain-${i}` }, { text: said });
      if (entryId) expect(meta(replies[0]), said).to.include({ kind: 'answer', entryId });
      expect(text(replies[entryId ? 1 : 0]), said).to.equal(r.t(key, { phone: r.t('contact.phone') }));
    }
    const menu = await turn(bot.url, connector.url, { user: 'm', conversation: 'menu' }, { value: { action: 'start', flow: 'request' } });
    expect(JSON.stringify(menu)).to.contain(r.t('request.typePrompt'));
    const fromAnswer = await turn(bot.url, connector.url, { user: 'a', conversation: 'answer' }, { value: { action: 'raise', requestType: 'leaver', entryId: 'leaver' } });
    expect(text(fromAnswer[0])).to.equal(r.t('request.intro.leaver'));
    const question = await turn(bot.url, connector.url, { user: 'q', conversation: 'question' }, { text: "how long until a leaver's account is deleted" });
    expect(meta(question[0])['kind']).to.equal('answer');
  });

  it('files one ticket when Send arrives twice, one after the other or both at once', async () => {
    const nonce = await toSummary(bot.url, connector.url, alice);
    const first = await confirm(bot.url, connector.url, alice, nonce);
    const ref = meta(first.find((a) => meta(a)['kind'] === 'requestFiled'))['ref'];
    const second = await confirm(bot.url, connector.url, alice, nonce);
    expect(second.map(text)).to.deep.equal([r.t('request.filed.already', { ref: String(ref) })]);

    const bob: Person = { user: 'bob', conversation: 'conv-bob' };
    const nonce2 = await toSummary(bot.url, connector.url, bob);
    await Promise.all([confirm(bot.url, connector.url, bob, nonce2), confirm(bot.url, connector.url, bob, nonce2)]);
    expect((await bot.app.deps.helpdesk.store.count())).to.equal(2);
  });

  it('gives 20 people filing at once 20 distinct references, all retrievable', async () => {
    const people = Array.from({ length: 20 }, (_, i) => ({ user: `user-${i}`, conversation: `conv-${i}` }));
    const refs = await Promise.all(people.map((p) => fileViaChat(bot.url, connector.url, p)));
    expect(new Set(refs).size).to.equal(20);
    for (const ref of refs) expect((await api(bot.url, 'GET', `/api/tickets/${ref}`)).status).to.equal(200);
  });

  it('guards the ticket API with the key, and changes flow back to the requester', async () => {
    const ref = await fileViaChat(bot.url, connector.url, alice);
    for (const key of [null, 'wrong-key', `${API_KEY}x`]) {
      const res = await api(bot.url, 'GET', '/api/tickets', { key });
      expect(res.status, String(key)).to.equal(401);
      expect(res.body).to.deep.equal({ error: { code: 'unauthorized', message: 'A valid helpdesk API key is required: Authorization: Bearer <key>.' } });
    }
    expect((await api(bot.url, 'PATCH', `/api/tickets/${ref}`, { key: null, body: { status: 'resolved' } })).status).to.equal(401);

    const list = await api(bot.url, 'GET', '/api/tickets?status=new&type=locked-out');
    expect(list.status).to.equal(200);
    const tickets = list.body['tickets'] as Record<string, unknown>[];
    expect(tickets.map((t) => t['ref'])).to.deep.equal([ref]);
    expect(tickets[0]).to.not.have.any.keys('requester', 'idempotencyKey', 'seq', 'version', 'channelCard');
    expect((await api(bot.url, 'GET', '/api/tickets?status=resolved')).body).to.deep.equal({ tickets: [] });
    expect((await api(bot.url, 'GET', '/api/tickets?status=done')).body['error']).to.deep.include({ code: 'invalid_query' });
    expect((await api(bot.url, 'GET', '/api/tickets/NHSM-999999')).status).to.equal(404);

    const bad = await api(bot.url, 'PATCH', `/api/tickets/${ref}`, { body: { status: 'closed' } });
    expect(bad.status).to.equal(400);
    expect(String((bad.body['error'] as Record<string, unknown>)['message'])).to.contain('status must be one of');
    expect((await api(bot.url, 'PATCH', `/api/tickets/${ref}`, { body: {} })).status).to.equal(400);

    const changed = await api(bot.url, 'PATCH', `/api/tickets/${ref}`, { body: { status: 'waiting-on-requester', assignee: 'Sam', note: 'Which site is this?' }, user: 'Sam' });
    expect(changed.status).to.equal(200);
    expect(changed.body).to.deep.include({ ref, status: 'waiting-on-requester', assignee: 'Sam' });
    await eventually(() => connector.to(alice.conversation).length > 0);
    const note = String(connector.to(alice.conversation)[0]?.body['text']);
    expect(note).to.contain(ref).and.contain('Which site is this?').and.contain(r.t('request.statusName.waitingOnRequester'));

    expect((await api(bot.url, 'PATCH', `/api/tickets/${ref}`, { body: { status: 'resolved' } })).status).to.equal(200);
    const reopenToNew = await api(bot.url, 'PATCH', `/api/tickets/${ref}`, { body: { status: 'new' } });
    expect(reopenToNew.status).to.equal(400);
    expect(reopenToNew.body['error']).to.deep.equal({ code: 'invalid_transition', message: 'status cannot change from resolved to new' });
    const status = await turn(bot.url, connector.url, alice, { text: `status of ${ref}` });
    expect(meta(status[0])).to.deep.include({ status: 'resolved' });
  });

  it('posts tickets to the registered Teams channel, escapes what users typed, and updates the card in place', async () => {
    const tenant = '6e6d1b0a-0000-4e5f-8a9b-0c1d2e3f4a5b';
    await bot.close();
    bot = await startBot(tmp.dir, { HELPDESK_CHANNEL_ALLOWLIST: `${tenant}/19:helpdesk@thread.tacv2` });
    const channel: Person = { user: 'staff-1', conversation: '19:helpdesk@thread.tacv2;messageid=1700000000000', channelId: 'msteams' };
    const mention = { entities: [{ type: 'mention', mentioned: { id: 'bot', name: 'NHSmail Assistant' }, text: '<at>NHSmail Assistant</at>' }] };
    const teams = {
      conversation: { id: channel.conversation, conversationType: 'channel', tenantId: tenant },
      channelData: { tenant: { id: tenant }, team: { id: '19:helpdesk@thread.tacv2' }, channel: { id: '19:helpdesk@thread.tacv2' } },
    };
    const registered = await turn(bot.url, connector.url, channel, { text: '<at>NHSmail Assistant</at> register helpdesk channel', ...mention, ...teams });
    expect(registered.map(text)).to.deep.equal([r.t('request.channel.registered')]);

    const answers = [...LOCKED_OUT];
    answers[3] = 'Sunrise [click here](https://evil.example) **Care**';
    const ref = await fileViaChat(bot.url, connector.url, alice, answers);
    const channelId = '19:helpdesk@thread.tacv2';
    await eventually(() => connector.to(channelId).length === 1);
    const posted = connector.to(channelId)[0]!;
    const card = JSON.stringify(posted.body['attachments']);
    expect(card).to.contain(ref);
    expect(card).to.not.contain('[click here](https://evil.example)');
    expect(card).to.not.contain('**Care**');

    const outsider = await turn(bot.url, connector.url, alice, { value: { action: 'ticket', op: 'resolve', ref } });
    expect(outsider.map(text)).to.deep.equal([r.t('request.channel.notRegistered')]);

    await turn(bot.url, connector.url, { ...channel, user: 'staff-2' }, { value: { action: 'ticket', op: 'assign', ref }, ...teams });
    await turn(bot.url, connector.url, { ...channel, user: 'staff-2' }, { value: { action: 'ticket', op: 'resolve', ref }, ...teams });
    await eventually(() => connector.to(channelId).filter((s) => s.method === 'PUT').length >= 2);
    const updates = connector.to(channelId).filter((s) => s.method === 'PUT');
    expect(updates.map((u) => u.id)).to.deep.equal(updates.map(() => posted.id));
    const latest = JSON.stringify(updates[updates.length - 1]!.body['attachments']);
    expect(latest).to.contain(r.t('request.statusName.resolved')).and.contain(JSON.stringify(escapeUserText('staff-2')).slice(1, -1));
    const ticket = await api(bot.url, 'GET', `/api/tickets/${ref}`);
    expect(ticket.body).to.deep.include({ status: 'resolved', assignee: 'staff-2' });
    await eventually(() => connector.to(alice.conversation).some((s) => String(s.body['text']).includes(r.t('request.statusName.resolved'))));
  });

  it('never lets a typed password reach the data files, the logs or the webhook', async () => {
    await bot.close();
    const hook = await new WebhookReceiver().start();
    try {
      bot = await startBot(tmp.dir, { HELPDESK_WEBHOOK_URL: hook.url, HELPDESK_WEBHOOK_SECRET: WEBHOOK_SECRET });
      const secret = 'Tr0ub4dor&3xyz';
      await turn(bot.url, connector.url, alice, { text: LOCKED_OUT_OPENER });
      const warned = await turn(bot.url, connector.url, alice, { text: `my password is ${secret}` });
      expect(warned.map(text)).to.deep.equal([r.t('request.invalid.secret'), r.t('request.ask.name')]);
      for (const a of LOCKED_OUT) await turn(bot.url, connector.url, alice, { text: a });
      await turn(bot.url, connector.url, alice, { text: `send, and my password is ${secret}` });
      const filed = await turn(bot.url, connector.url, alice, { text: 'send' });
      expect(filed.some((a) => meta(a)['kind'] === 'requestFiled')).to.equal(true);
      await turn(bot.url, connector.url, mallory, { text: `my password is ${secret} can you check it` });
      await eventually(() => hook.received.length >= 1);
      await bot.close();
      expect(allFiles(tmp.dir)).to.not.contain(secret);
      expect(bot.logs.join('\n')).to.not.contain(secret);
      expect(hook.received.map((h) => h.body).join('\n')).to.not.contain(secret);
      bot = await startBot(tmp.dir);
    } finally {
      await hook.close();
    }
  });
});

describe('helpdesk webhook over HTTP', () => {
  it('delivers every ticket, signed, once the webhook comes back up', async () => {
    const tmp = tempDir('helpdesk-hook-');
    const connector = await new FakeConnector().start();
    const hook = await new WebhookReceiver().start();
    hook.up = false;
    const bot = await startBot(tmp.dir, { HELPDESK_WEBHOOK_URL: hook.url, HELPDESK_WEBHOOK_SECRET: WEBHOOK_SECRET });
    try {
      const refs = await Promise.all([1, 2, 3, 4].map((i) => fileViaChat(bot.url, connector.url, { user: `u${i}`, conversation: `c${i}` })));
      await eventually(() => hook.attempts >= 1);
      expect(hook.received).to.deep.equal([]);
      expect((await bot.app.deps.helpdesk.store.pendingEvents()).length).to.equal(4);

      hook.up = true;
      await bot.app.deps.helpdesk.outbox.retryNow();
      await eventually(async () => (await bot.app.deps.helpdesk.store.pendingEvents()).length === 0);
      const got = new Map(hook.received.map((h) => [JSON.parse(h.body).ticket.ref as string, h]));
      expect([...got.keys()].sort()).to.deep.equal([...refs].sort());
      for (const h of hook.received) {
        expect(verifySignature(WEBHOOK_SECRET, h.body, h.signature)).to.equal(true);
        expect(JSON.parse(h.body)).to.deep.include({ type: 'ticket.created', id: h.eventId });
        expect(JSON.parse(h.body).ticket).to.not.have.any.keys('requester');
      }
    } finally {
      await bot.close();
      await hook.close();
      await connector.close();
      tmp.remove();
    }
  });
});

describe('helpdesk after SIGKILL under load', () => {
  it('keeps every ticket whose reference a requester was shown', async function () {
    this.timeout(60_000);
    const tmp = tempDir('helpdesk-kill-');
    const connector = await new FakeConnector().start();
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...process.env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: tmp.dir, LOG_LEVEL: 'info', HELPDESK_API_KEY: API_KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let bot: Bot | undefined;
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.on('exit', (code) => reject(new Error(`bot exited early (${code})`)));
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString('utf8');
          const m = /"port":(\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
      });
      const url = `http://127.0.0.1:${port}`;
      const shown: { ref: string; who: Person }[] = [];
      let killed = false;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const loop = async (i: number) => {
        for (let n = 0; !killed; n++) {
          // a new person each time: one person filing the same request again is offered their open ticket
          const who = { user: `load-${i}-${n}`, conversation: `load-${i}-${n}` };
          try {
            shown.push({ ref: await fileViaChat(url, connector.url, who), who });
          } catch {
            return; // the bot was killed mid-conversation
          }
          if (shown.length >= 24 && !killed) {
            killed = true;
            child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, i) => loop(i)));
      await exited;
      expect(shown.length).to.be.at.least(24);

      bot = await startBot(tmp.dir);
      for (const { ref, who } of shown) {
        expect((await api(bot.url, 'GET', `/api/tickets/${ref}`)).status, ref).to.equal(200);
        const status = await turn(bot.url, connector.url, who, { text: `status of ${ref}` });
        expect(meta(status[0]), ref).to.deep.include({ kind: 'requestStatus', ref });
      }
      const refs = shown.map((s) => s.ref);
      expect(new Set(refs).size).to.equal(refs.length);
      const next = await fileViaChat(bot.url, connector.url, alice);
      expect(refs).to.not.include(next);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await bot?.close();
      await connector.close();
      tmp.remove();
    }
  });
});

describe('helpdesk channel registration without app credentials', () => {
  it('refuses a "Teams channel" whose serviceUrl replies may not go to', async () => {
    const tmp = tempDir('helpdesk-reg-');
    const bot = await startBot(tmp.dir);
    try {
      const who: Person = { user: 'intruder', conversation: '19:evil@thread.tacv2', channelId: 'msteams' };
      const replies = await turn(bot.url, 'https://attacker.example', who, {
        text: '<at>NHSmail Assistant</at> register helpdesk channel',
        entities: [{ type: 'mention', mentioned: { id: 'bot', name: 'NHSmail Assistant' }, text: '<at>NHSmail Assistant</at>' }],
        conversation: { id: who.conversation, conversationType: 'channel' },
      });
      expect(replies.map(text)).to.deep.equal([r.t('request.channel.notChannel')]);
      expect(bot.app.deps.helpdesk.registry.current).to.equal(undefined);
    } finally {
      await bot.close();
      tmp.remove();
    }
  });
});
