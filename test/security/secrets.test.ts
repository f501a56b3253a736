// Issue 9, secrets and personal details: passwords without a symbol, NHS and phone numbers in staff text, and who may read the data files.
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { ChannelRegistry } from '../../bot/helpdesk/channelRegistry.js';
import { helpdeskTicketCard } from '../../cards/ticketCards.js';
import { publicTicket } from '../../helpdesk/model.js';
import { HelpdeskService } from '../../helpdesk/service.js';
import { LowTicketStore } from '../../helpdesk/ticketStore.js';
import { validateField } from '../../helpdesk/validators.js';
import { webhookBody } from '../../helpdesk/webhook.js';
import { OLD_FEEDBACK_LOGS } from '../../bot/storage/backend.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import { sampleRequest, tempDir } from '../helpdesk/fixtures/tickets.js';
import {
  FakeConnector,
  LOCKED_OUT,
  WEBHOOK_SECRET,
  WebhookReceiver,
  api,
  confirm,
  eventually,
  fileViaChat,
  meta,
  startBot,
  text,
  turn,
  type Person,
} from '../e2e/helpdeskHarness.js';

const r = loadKnowledge().replies;
const PASSWORD = 'Winter2024marker';
const NHS_NUMBER = '943 476 5919';
const PHONE = '07700 900456';

/** Every file under a folder, as text. */
function allFiles(dir: string): string {
  let out = '';
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    out += entry.isDirectory() ? allFiles(p) : fs.readFileSync(p, 'utf8');
  }
  return out;
}

describe('security: passwords typed into a request', () => {
  it('refuses a password with no symbol in any free-text answer, as it refuses one with a symbol', () => {
    const today = '2026-11-21';
    for (const [field, answer] of [
      ['justification', `We opened a second unit and the twelve new night staff share the login ${PASSWORD} for now`],
      ['organisation', `Sunrise Care ${PASSWORD}`],
      ['movingTo', PASSWORD],
      ['name', `Jane ${PASSWORD}`],
    ] as const) {
      expect(validateField(field, answer, { today, type: field === 'movingTo' ? 'leaver' : 'extra-accounts' }), field).to.deep.equal({ ok: false, code: 'secret' });
    }
  });

  it('keeps a password out of the stored ticket, the webhook body and the Teams card when a filing carries one', async () => {
    const tmp = tempDir('secrets-service-');
    const store = await LowTicketStore.open(tmp.dir);
    try {
      const service = new HelpdeskService(store, { channels: () => ['webhook'] });
      const req = sampleRequest('extra-accounts');
      req.fields['justification'] = `We opened a second unit and twelve new night staff need accounts, their shared login is ${PASSWORD} today`;
      req.fields['organisation'] = `Sunrise Care (${PASSWORD})`;
      const { ticket } = await service.file(req);
      const event = (await store.pendingEvents()).find((e) => e.ref === ticket.ref);
      expect(event).to.not.equal(undefined);
      const seen = [JSON.stringify(ticket), webhookBody(event!, ticket), JSON.stringify(helpdeskTicketCard(r, publicTicket(ticket))), allFiles(tmp.dir)];
      for (const s of seen) expect(s).to.not.include(PASSWORD);
      expect(ticket.fields.justification).to.include('twelve new night staff');
    } finally {
      await store.close();
      tmp.remove();
    }
  });
});

describe('security: personal details in free text, over HTTP', () => {
  let tmp: ReturnType<typeof tempDir>;
  let connector: FakeConnector;
  let hook: WebhookReceiver;
  let bot: Awaited<ReturnType<typeof startBot>>;
  const alice: Person = { user: 'alice', conversation: 'conv-alice' };

  beforeEach(async () => {
    tmp = tempDir('secrets-e2e-');
    connector = await new FakeConnector().start();
    hook = await new WebhookReceiver().start();
    bot = await startBot(tmp.dir, { HELPDESK_WEBHOOK_URL: hook.url, HELPDESK_WEBHOOK_SECRET: WEBHOOK_SECRET });
  });
  afterEach(async () => {
    await bot.close();
    await hook.close();
    await connector.close();
    tmp.remove();
  });

  it('refuses the password in chat, and files the justification without NHS or phone numbers but with the contact details', async () => {
    await turn(bot.url, connector.url, alice, { text: 'we need more than 10 accounts' });
    for (const a of [...LOCKED_OUT, '15']) await turn(bot.url, connector.url, alice, { text: a });
    const refused = await turn(bot.url, connector.url, alice, {
      text: `We opened a second unit and the twelve new night staff share the login ${PASSWORD} until they have accounts`,
    });
    expect(refused.map(text).join(' ')).to.include(r.t('request.invalid.secret'));
    await turn(bot.url, connector.url, alice, {
      text: `We opened a second unit for resident ${NHS_NUMBER} and twelve new night staff start there; the manager is on ${PHONE}`,
    });
    const summary = await turn(bot.url, connector.url, alice, { text: 'yes' });
    const nonce = meta(summary[summary.length - 1])['nonce'];
    expect(nonce, JSON.stringify(summary.map(text))).to.be.a('string');
    const filed = await confirm(bot.url, connector.url, alice, String(nonce));
    const ref = String(filed.map((a) => meta(a)['ref']).find((x) => typeof x === 'string'));

    await eventually(() => hook.received.length === 1);
    const got = await api(bot.url, 'GET', `/api/tickets/${ref}`);
    const fields = got.body['fields'] as Record<string, unknown>;
    expect(fields['justification']).to.equal('We opened a second unit for resident [NHS number] and twelve new night staff start there; the manager is on [phone]');
    expect(fields).to.deep.include({ email: 'jane.smith@nhs.net', mobile: '+447700900123', odsCode: 'V12345' });
    await bot.app.deps.storage.flush();
    for (const [where, s] of [
      ['webhook', hook.received[0]!.body],
      ['api', JSON.stringify(got.body)],
      ['disk', allFiles(tmp.dir)],
    ] as const) {
      expect(s, where).to.not.include(PASSWORD);
      expect(s, where).to.not.include(NHS_NUMBER);
      expect(s, where).to.not.include(PHONE);
    }
  });

  it('keeps NHS numbers and phone numbers out of helpdesk notes (PATCH) and the question put to the requester', async () => {
    const ref = await fileViaChat(bot.url, connector.url, alice);
    const patched = await api(bot.url, 'PATCH', `/api/tickets/${ref}`, {
      body: { note: `Rang the home about resident ${NHS_NUMBER.replace(/ /g, '-')}, call back on +44 (0)7700 900456 or 0113 496 0000` },
      user: 'sam',
    });
    expect(patched.status).to.equal(200);
    // the Teams card's "Ask the requester" button makes this same change
    await bot.app.deps.helpdesk.service.change(ref, { status: 'waiting-on-requester', note: `Is ${NHS_NUMBER} the right NHS number? Ring us on 0300 303 4034` }, 'Sam');
    const got = await api(bot.url, 'GET', `/api/tickets/${ref}`);
    const notes = (got.body['history'] as { note?: string }[]).map((h) => h.note).filter(Boolean);
    expect(notes).to.deep.equal([
      'Rang the home about resident [NHS number], call back on [phone] or [phone]',
      'Is [NHS number] the right NHS number? Ring us on 0300 303 4034',
    ]);
    expect((got.body['fields'] as Record<string, unknown>)['mobile']).to.equal('+447700900123');
    const disk = allFiles(tmp.dir);
    for (const gone of ['476-5919', NHS_NUMBER, '7700 900456', '496 0000']) expect(disk).to.not.include(gone);
  });
});

describe('security: unanswered questions and ratings kept for editors', () => {
  it('keep no password, NHS number or phone number', async () => {
    const tmp = tempDir('secrets-feedback-');
    const service = 'http://127.0.0.1:1/';
    const bot = await startBot(tmp.dir);
    try {
      const person: Person = { user: 'user-gaps', conversation: 'conv-gaps' };
      const gap = await turn(bot.url, service, person, { text: `can the flux capacitor wibble the teapot ${PASSWORD} for ${NHS_NUMBER}` });
      expect(['unsure', 'offTopic']).to.include(meta(gap[0])['kind']);
      const answered = await turn(bot.url, service, person, { text: 'what is nhsmail?' });
      await turn(bot.url, service, person, { value: { action: 'feedback', entryId: meta(answered[0])['entryId'], helpful: false } });
      // a message answered in part: the part left unanswered is kept, and must be as clean
      const several = await turn(bot.url, service, person, { text: `what is an ODS code? and can the flux capacitor call me on +44 (0)7700 900456 or (0113) 496 0000, it is ${PASSWORD}` });
      expect(several.map((a) => meta(a)['kind'])).to.deep.equal(['answer', 'unsure']);
      await bot.app.deps.insights.recorder.flush();
      const kept = allFiles(path.join(tmp.dir, 'insights'));
      expect(kept).to.include('can the flux capacitor wibble the teapot').and.include('can the flux capacitor call me');
      const disk = allFiles(tmp.dir);
      for (const gone of [PASSWORD, NHS_NUMBER, '7700 900456', '496 0000']) expect(disk).to.not.include(gone);
    } finally {
      await bot.close();
      tmp.remove();
    }
  });
});

/** Every file and folder under `root` (and `root` itself) with its permission bits, as "path 0600". */
function modes(root: string): string[] {
  const out = [`${path.basename(root)}/ ${(fs.statSync(root).mode & 0o777).toString(8)}`];
  for (const entry of fs.readdirSync(root, { withFileTypes: true, recursive: true })) {
    const p = path.join(entry.parentPath, entry.name);
    out.push(`${path.relative(root, p)}${entry.isDirectory() ? '/' : ''} ${(fs.statSync(p).mode & 0o777).toString(8)}`);
  }
  return out;
}
const wrong = (list: string[]) => list.filter((l) => !(l.split(' ')[0]!.endsWith('/') ? l.endsWith(' 700') : l.endsWith(' 600')));

describe('security: data file permissions', () => {
  let umask: number;
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    umask = process.umask(0o022);
    tmp = tempDir('secrets-modes-');
  });
  afterEach(() => {
    process.umask(umask);
    tmp.remove();
  });

  it('creates every file 0600 and every folder 0700 under DATA_DIR, whatever the umask', async () => {
    const dataDir = path.join(tmp.dir, 'data');
    const connector = await new FakeConnector().start();
    const bot = await startBot(dataDir);
    try {
      await fileViaChat(bot.url, connector.url, { user: 'alice', conversation: 'conv-alice' });
      await turn(bot.url, connector.url, { user: 'bob', conversation: 'conv-bob' }, { text: 'whats the weather tomorrow' });
      // a request left half-way is the state worth a file (finished and stateless conversations keep none)
      await turn(bot.url, connector.url, { user: 'carol', conversation: 'conv-carol' }, { text: 'raise a request' });
      await bot.app.deps.insights.recorder.flush();
      await bot.app.deps.storage.flush();
    } finally {
      await bot.close();
      await connector.close();
    }
    const registry = await ChannelRegistry.open(path.join(dataDir, 'helpdesk', 'channel.json'));
    await registry.set({ reference: { conversation: { id: '19:abc@thread.tacv2' } as never }, registeredAt: new Date().toISOString(), registeredBy: 'sam' });

    const found = modes(dataDir);
    for (const expected of ['data/', 'state/', 'helpdesk/', 'helpdesk/tickets/', 'helpdesk/channel.json', 'insights/', 'insights/secret', 'insights/events/', 'insights/days/']) {
      expect(found.some((l) => l.startsWith(`${expected} `)), expected).to.equal(true);
    }
    expect(found.some((l) => /^helpdesk\/tickets\/.+\.json /.test(l)) && found.some((l) => /^state\/..\/.+\.json /.test(l)), found.join('\n')).to.equal(true);
    expect(wrong(found), found.join('\n')).to.deep.equal([]);
  });

  it('narrows files and folders an older version left readable by others when it opens them', async () => {
    const dataDir = path.join(tmp.dir, 'data');
    const first = await startBot(dataDir);
    const connector = await new FakeConnector().start();
    try {
      await fileViaChat(first.url, connector.url, { user: 'alice', conversation: 'conv-alice' });
      await first.app.deps.storage.flush();
    } finally {
      await first.close();
      await connector.close();
    }
    const stale = path.join(dataDir, 'state', 'ab', '.0123.json.tmp');
    fs.mkdirSync(path.dirname(stale), { recursive: true });
    fs.writeFileSync(stale, '{}');
    fs.writeFileSync(path.join(dataDir, 'helpdesk', 'channel.json'), '{}');
    // the feedback log older versions wrote is no longer written, but is left where it is: it is narrowed all the same
    for (const name of OLD_FEEDBACK_LOGS) fs.writeFileSync(path.join(dataDir, name), '');
    // as an older version left them
    for (const l of modes(dataDir)) {
      const [rel] = l.split(' ');
      const p = rel === 'data/' ? dataDir : path.join(dataDir, rel!);
      fs.chmodSync(p, rel!.endsWith('/') ? 0o755 : 0o644);
    }
    expect(wrong(modes(dataDir))).to.not.deep.equal([]);

    const again = await startBot(dataDir);
    await again.app.deps.storage.flush();
    await again.close();
    expect(wrong(modes(dataDir)), modes(dataDir).join('\n')).to.deep.equal([]);
  });
});
