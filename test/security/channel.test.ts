// Who may touch the helpdesk, over real HTTP: channel registration only from an allow-listed team, ticket buttons only from
// the registered channel, a request belongs to who began it and is never taken in a shared conversation, staff text stays text.
import { createRequire } from 'node:module';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../bot/config/config.js';
import { PLAYGROUND_TEAM, allowListEntry } from '../../bot/helpdesk/allowList.js';
import { personalChatReply } from '../../dialogs/ownership.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import { teamsLocalEnv } from '../../scripts/teams-local.js';
import { tempDir } from '../helpdesk/fixtures/tickets.js';
import { DirectLineClient, cardOf } from '../e2e/channelsHarness.js';
import {
  FakeConnector,
  LOCKED_OUT,
  LOCKED_OUT_OPENER,
  api,
  confirm,
  eventually,
  fileViaChat,
  meta,
  startBot,
  text,
  toSummary,
  turn,
  type Activity,
  type Bot,
  type Person,
} from '../e2e/helpdeskHarness.js';

const r = loadKnowledge().replies;
const TENANT = '6e6d1b0a-0000-4e5f-8a9b-0c1d2e3f4a5b';
const TEAM_A = '19:team-a@thread.tacv2';
const TEAM_B = '19:team-b@thread.tacv2';
const TEAM_C = '19:team-c@thread.tacv2';
const BOT = { id: 'bot', name: 'NHSmail Assistant' };
const MENTION = { entities: [{ type: 'mention', mentioned: BOT, text: '<at>NHSmail Assistant</at>' }] };
const ALLOW_AB = { HELPDESK_CHANNEL_ALLOWLIST: `${TENANT}/${TEAM_A}, ${TENANT}/${TEAM_B}` };

/** A message in a Teams channel (the team's General channel, whose id is the team id), as Teams sends it. */
function inChannel(team: string, extra: Record<string, unknown> = {}, tenant = TENANT): Record<string, unknown> {
  return {
    channelId: 'msteams',
    conversation: { id: `${team};messageid=1700000000001`, conversationType: 'channel', isGroup: true, tenantId: tenant },
    channelData: { tenant: { id: tenant }, team: { id: team }, channel: { id: team } },
    ...MENTION,
    ...extra,
  };
}
const staff = (team: string): Person => ({ user: '29:staff', conversation: `${team};messageid=1700000000001`, channelId: 'msteams' });
const REGISTER = { text: '<at>NHSmail Assistant</at> register helpdesk channel' };

/** POSTs one activity without expectReplies: the bot answers through the (fake) connector, as in Teams. */
async function postNormal(bot: Bot, serviceUrl: string, activity: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', id: `n-${Math.random()}`, serviceUrl, from: { id: '29:staff', name: 'Staff' }, recipient: BOT, ...activity }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Renders markdown as Web Chat does (markdown-it with linkify and HTML on), to see whether a link to evil.example or an image would be live. */
const MarkdownIt = createRequire(import.meta.url)('markdown-it') as new (o: object) => { render(s: string): string };
const webChatMarkdown = new MarkdownIt({ breaks: false, html: true, linkify: true, typographer: true, xhtmlOut: true });
const live = (markdown: string) => /<a\b[^>]*evil|<img\b/i.test(webChatMarkdown.render(markdown));
/** Every TextBlock's text and every fact's value in a card. */
function cardTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(cardTexts);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const own = o['type'] === 'TextBlock' && typeof o['text'] === 'string' ? [o['text']] : typeof o['value'] === 'string' && 'title' in o ? [o['value']] : [];
  return [...own, ...Object.values(o).flatMap(cardTexts)];
}

describe('security: who may touch the helpdesk', () => {
  let tmp: ReturnType<typeof tempDir>;
  let connector: FakeConnector;
  let bot: Bot;
  const restart = async (env: Record<string, string> = {}) => {
    await bot?.close();
    bot = await startBot(tmp.dir, env);
  };

  beforeEach(async () => {
    tmp = tempDir('security-channel-');
    connector = await new FakeConnector().start();
  });
  afterEach(async () => {
    await bot?.close();
    await connector.close();
    tmp.remove();
  });

  describe('registering the helpdesk channel', () => {
    it('is refused to everyone on a default install (empty allow-list), and the reply says what an operator must add', async () => {
      await restart();
      const replies = await turn(bot.url, connector.url, staff(TEAM_A), { ...REGISTER, ...inChannel(TEAM_A) });
      expect(replies.map(text)).to.deep.equal([r.t('request.channel.allowListEmpty', { entry: `${TENANT}/${TEAM_A}` })]);
      expect(bot.app.deps.helpdesk.registry.stored).to.equal(undefined);
    });

    it('is refused to an anonymous expectReplies spoof and to a loopback spoof, whatever ids they claim, unless listed', async () => {
      await restart();
      const spoofs = [inChannel('19:evil@thread.tacv2'), inChannel(TEAM_A, { channelData: {} }), inChannel(TEAM_A)];
      for (const spoof of spoofs) await turn(bot.url, connector.url, staff(TEAM_A), { ...REGISTER, ...spoof });
      // loopback serviceUrl, replies through the connector
      expect(await postNormal(bot, connector.url, { ...REGISTER, ...inChannel(TEAM_A) })).to.equal(200);
      await eventually(() => connector.sent.length === 1);
      expect(connector.sent[0]!.body['text']).to.equal(r.t('request.channel.allowListEmpty', { entry: `${TENANT}/${TEAM_A}` }));
      expect(bot.app.deps.helpdesk.registry.stored).to.equal(undefined);

      await restart(ALLOW_AB);
      const cases: [string, Record<string, unknown>, string][] = [
        ['a team not on the list', inChannel(TEAM_C), r.t('request.channel.notAllowed', { entry: `${TENANT}/${TEAM_C}` })],
        ['a listed team in another tenant', inChannel(TEAM_A, {}, '11111111-2222-4333-8444-555555555555'), r.t('request.channel.notAllowed', { entry: `11111111-2222-4333-8444-555555555555/${TEAM_A}` })],
        ['no channelData', inChannel(TEAM_A, { channelData: undefined }), r.t('request.channel.noTeam')],
        ['conversation.tenantId that disagrees', inChannel(TEAM_A, { conversation: { id: TEAM_A, conversationType: 'channel', tenantId: '11111111-2222-4333-8444-555555555555' } }), r.t('request.channel.noTeam')],
        ['ids that are not Teams ids (not echoed)', inChannel('[x](https://evil.example)', {}, 'tenant'), r.t('request.channel.notAllowed', { entry: r.t('request.channel.entryPlaceholder') })],
      ];
      for (const [name, activity, reply] of cases) {
        const replies = await turn(bot.url, connector.url, staff(TEAM_A), { ...REGISTER, ...activity });
        expect(replies.map(text), name).to.deep.equal([reply]);
      }
      const loopback = await postNormal(bot, connector.url, { ...REGISTER, ...inChannel(TEAM_C) });
      expect(loopback).to.equal(200);
      expect(bot.app.deps.helpdesk.registry.stored).to.equal(undefined);
    });

    it('is refused in a Teams personal chat or group chat, even for a listed tenant and team', async () => {
      await restart(ALLOW_AB);
      for (const conversationType of ['personal', 'groupChat']) {
        const replies = await turn(bot.url, connector.url, staff(TEAM_A), {
          ...REGISTER,
          ...inChannel(TEAM_A, { conversation: { id: `a:${conversationType}`, conversationType, tenantId: TENANT } }),
        });
        expect(replies.map(text), conversationType).to.deep.equal([r.t('request.channel.notChannel')]);
      }
      expect(bot.app.deps.helpdesk.registry.stored).to.equal(undefined);
    });

    it('is accepted from a listed team, and a move is announced in the previous channel', async () => {
      await restart(ALLOW_AB);
      expect(await postNormal(bot, connector.url, { ...REGISTER, ...inChannel(TEAM_A) })).to.equal(200);
      await eventually(() => connector.sent.length === 1);
      expect(connector.sent[0]!.body['text']).to.equal(r.t('request.channel.registered'));
      expect(bot.app.deps.helpdesk.registry.current?.team).to.deep.equal({ tenantId: TENANT, teamId: TEAM_A });

      expect(await postNormal(bot, connector.url, { ...REGISTER, ...inChannel(TEAM_B) })).to.equal(200);
      await eventually(() => connector.to(TEAM_A).length === 1);
      expect(connector.to(TEAM_A)[0]!.body['text'], 'to the channel, not the old thread').to.equal(r.t('request.channel.moved'));
      expect(connector.to(`${TEAM_B};messageid=1700000000001`).map((s) => s.body['text'])).to.deep.equal([r.t('request.channel.registered')]);
      expect(bot.app.deps.helpdesk.registry.current?.reference.conversation?.id).to.equal(TEAM_B);
    });
  });

  describe('ticket card buttons', () => {
    it('are refused from a channel that is not the registered one, from a chat, and from a spoof of the registered channel in another team', async () => {
      await restart(ALLOW_AB);
      await turn(bot.url, connector.url, staff(TEAM_A), { ...REGISTER, ...inChannel(TEAM_A) });
      const ref = await fileViaChat(bot.url, connector.url, { user: 'alice', conversation: 'conv-alice' });
      const resolve = { value: { action: 'ticket', op: 'resolve', ref } };
      const refused = [r.t('request.channel.notRegistered')];
      expect((await turn(bot.url, connector.url, staff(TEAM_B), { ...resolve, ...inChannel(TEAM_B) })).map(text), 'another listed team').to.deep.equal(refused);
      expect((await turn(bot.url, connector.url, { user: 'alice', conversation: 'conv-alice' }, resolve)).map(text), 'web chat').to.deep.equal(refused);
      const spoof = inChannel(TEAM_A, { channelData: { tenant: { id: TENANT }, team: { id: TEAM_B } } });
      expect((await turn(bot.url, connector.url, staff(TEAM_A), { ...resolve, ...spoof })).map(text), 'registered id, other team').to.deep.equal(refused);
      expect((await api(bot.url, 'GET', `/api/tickets/${ref}`)).body['status']).to.equal('new');

      await turn(bot.url, connector.url, staff(TEAM_A), { ...resolve, ...inChannel(TEAM_A) });
      expect((await api(bot.url, 'GET', `/api/tickets/${ref}`)).body['status'], 'the registered channel can').to.equal('resolved');
    });

    it('are refused, and no cards are posted, once the registered team is taken off the list (logged at start)', async () => {
      await restart(ALLOW_AB);
      await turn(bot.url, connector.url, staff(TEAM_A), { ...REGISTER, ...inChannel(TEAM_A) });
      const ref = await fileViaChat(bot.url, connector.url, { user: 'alice', conversation: 'conv-alice' });
      await eventually(() => connector.to(TEAM_A).length === 1);

      await restart({ HELPDESK_CHANNEL_ALLOWLIST: `${TENANT}/${TEAM_B}` });
      expect(bot.logs.some((l) => l.includes('HELPDESK_CHANNEL_ALLOWLIST') && l.includes(TEAM_A) && l.includes('"level":40'))).to.equal(true);
      expect(bot.app.deps.helpdesk.registry.current).to.equal(undefined);
      const replies = await turn(bot.url, connector.url, staff(TEAM_A), { value: { action: 'ticket', op: 'resolve', ref }, ...inChannel(TEAM_A) });
      expect(replies.map(text)).to.deep.equal([r.t('request.channel.notRegistered')]);
      await fileViaChat(bot.url, connector.url, { user: 'bob', conversation: 'conv-bob' });
      await bot.app.deps.helpdesk.outbox.whenIdle();
      expect(connector.to(TEAM_A)).to.have.length(1);
      expect((await api(bot.url, 'GET', `/api/tickets/${ref}`)).body['status']).to.equal('new');
    });
  });

  describe('a request belongs to the person who began it', () => {
    it('is not taken in a Teams group chat or channel: the reply sends them to a personal chat and shows no details', async () => {
      await restart(ALLOW_AB);
      const groupChat = { channelId: 'msteams', conversation: { id: '19:group@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: TENANT } };
      const where = [
        ['group chat', { user: '29:sam', conversation: '19:group@thread.v2', channelId: 'msteams' }, groupChat],
        ['channel', staff(TEAM_A), inChannel(TEAM_A)],
      ] as const;
      const redirect = [personalChatReply(r, { channelId: 'msteams' }, undefined)];
      for (const [name, who, activity] of where) {
        for (const input of [{ text: "<at>NHSmail Assistant</at> I'm locked out" }, { value: { action: 'start', flow: 'request' } }, { value: { action: 'raise', requestType: 'leaver' } }, { text: '<at>NHSmail Assistant</at> my requests' }]) {
          const replies = await turn(bot.url, connector.url, who, { ...activity, ...input });
          // a general answer from the knowledge base may come first ("I'm locked out" gets the self-service reset
          // answer, the same for everyone); the request itself is only ever the redirect to a personal chat
          const general = replies.filter((a) => meta(a)['kind'] === 'answer');
          expect(general.every((a) => meta(a)['lead'] === true), `${name}: ${JSON.stringify(input)}`).to.equal(true);
          expect(replies.filter((a) => !general.includes(a)).map(text), `${name}: ${JSON.stringify(input)}`).to.deep.equal(redirect);
        }
        // answering as if the journey had started gets nowhere near a summary
        for (const answer of LOCKED_OUT) {
          const replies = await turn(bot.url, connector.url, who, { ...activity, text: `<at>NHSmail Assistant</at> ${answer}` });
          expect(replies.some((a) => meta(a)['kind'] === 'requestSummary'), name).to.equal(false);
        }
      }
      expect((await bot.app.deps.helpdesk.store.count())).to.equal(0);
    });

    it('links to a personal chat with the bot when its app id is known', () => {
      const link = personalChatReply(r, { channelId: 'msteams' }, '6e6d1b0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b');
      expect(link).to.equal(r.t('request.personalChat.link', { link: 'https://teams.microsoft.com/l/chat/0/0?users=28:6e6d1b0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b' }));
      expect(personalChatReply(r, { channelId: 'webchat' }, '6e6d1b0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b')).to.equal(r.t('request.personalChat.noLink'));
    });

    it("refuses another member's answers and Send, files nothing as theirs, and still lets the owner send", async () => {
      await restart();
      const alice: Person = { user: 'alice', conversation: 'shared-conv' };
      const mallory: Person = { user: 'mallory', conversation: 'shared-conv' };
      const nonce = await toSummary(bot.url, connector.url, alice);
      const notYours = [r.t('request.notYours')];
      expect((await confirm(bot.url, connector.url, mallory, nonce)).map(text), 'Send').to.deep.equal(notYours);
      expect((await turn(bot.url, connector.url, mallory, { text: 'change mobile' })).map(text), 'typed').to.deep.equal(notYours);
      expect((await turn(bot.url, connector.url, mallory, { text: 'cancel' })).map(text), 'cancel').to.deep.equal(notYours);
      expect((await bot.app.deps.helpdesk.store.count())).to.equal(0);

      const filed = await confirm(bot.url, connector.url, alice, nonce);
      const ref = String(filed.map((a) => meta(a)['ref']).find(Boolean));
      const ticket = await bot.app.deps.helpdesk.service.get(ref);
      expect(ticket?.requester.userId).to.equal('alice');
      expect((await bot.app.deps.helpdesk.store.count())).to.equal(1);
    });

    it('refuses a Send from another member in a Teams personal-looking chat with a different Entra id from the start', async () => {
      await restart();
      const sam: Person = { user: '29:sam', conversation: 'a:chat', channelId: 'msteams' };
      const from = { from: { id: '29:sam', aadObjectId: '00000000-0000-0000-0000-00000000000a' } };
      await turn(bot.url, connector.url, sam, { text: LOCKED_OUT_OPENER, ...from });
      let replies: Activity[] = [];
      for (const a of LOCKED_OUT) replies = await turn(bot.url, connector.url, sam, { text: a, ...from });
      const nonce = meta(replies[replies.length - 1])['nonce'];
      const other = await turn(bot.url, connector.url, sam, { value: { action: 'request', op: 'confirm', nonce }, from: { id: '29:sam', aadObjectId: '00000000-0000-0000-0000-00000000000b' } });
      expect(other.map(text)).to.deep.equal([r.t('request.notYours')]);
      expect((await bot.app.deps.helpdesk.store.count())).to.equal(0);
    });
  });

  describe('text written by helpdesk staff', () => {
    it('reaches the ticket card and the requester\'s Direct Line chat as text, never a live link or image', async () => {
      await restart(ALLOW_AB);
      await turn(bot.url, connector.url, staff(TEAM_A), { ...REGISTER, ...inChannel(TEAM_A) });
      const dl = new DirectLineClient(`${bot.url}/v3/directline`);
      await dl.start(bot.url);
      await dl.waitFor((a) => a.from.role === 'bot');
      await dl.send({ type: 'message', text: LOCKED_OUT_OPENER });
      for (const answer of LOCKED_OUT) {
        await dl.waitFor((a) => a.from.role === 'bot' && a.inputHint === 'expectingInput');
        await dl.send({ type: 'message', text: answer });
      }
      const summary = await dl.waitFor((a) => (a.channelData?.['nhsmail'] as { kind?: string } | undefined)?.kind === 'requestSummary');
      const nonce = (summary.channelData?.['nhsmail'] as { nonce: string }).nonce;
      await dl.send({ type: 'message', value: { action: 'request', op: 'confirm', nonce } });
      const receipt = await dl.waitFor((a) => (a.channelData?.['nhsmail'] as { kind?: string } | undefined)?.kind === 'requestFiled');
      const ref = (receipt.channelData?.['nhsmail'] as { ref: string }).ref;
      await eventually(() => connector.to(TEAM_A).length === 1);

      const evil = '[click](https://evil.example) ![x](https://evil.example/a.png)';
      expect(live(evil), 'the check itself sees a live link').to.equal(true);
      const assigned = await api(bot.url, 'PATCH', `/api/tickets/${ref}`, { body: { assignee: evil }, user: evil });
      expect(assigned.status).to.equal(200);
      await turn(bot.url, connector.url, staff(TEAM_A), { value: { action: 'ticket', op: 'ask', ref, question: evil }, ...inChannel(TEAM_A) });

      await eventually(() => connector.to(TEAM_A).filter((s) => s.method === 'PUT').length >= 2);
      const updates = connector.to(TEAM_A).filter((s) => s.method === 'PUT');
      const card = (updates[updates.length - 1]!.body['attachments'] as { content: unknown }[])[0]!.content;
      const json = JSON.stringify(card);
      expect(json).to.not.contain('](https://evil.example)').and.not.contain('![x]');
      const texts = cardTexts(card);
      expect(texts.some((t) => t.includes('click') && t.includes('evil'))).to.equal(true);
      for (const t of texts) expect(live(t), `${t} -> ${webChatMarkdown.render(t)}`).to.equal(false);

      const notice = await dl.waitFor((a) => a.from.role === 'bot' && typeof a.text === 'string' && a.text.includes('click'), 10_000);
      expect(notice.text).to.not.contain('](https://evil.example)');
      expect(live(String(notice.text)), webChatMarkdown.render(String(notice.text))).to.equal(false);
      const mine = await dl.send({ type: 'message', text: `status of ${ref}` });
      expect(mine.status).to.equal(200);
      const statusReply = await dl.waitFor((a) => (a.channelData?.['nhsmail'] as { kind?: string } | undefined)?.kind === 'requestStatus');
      for (const t of cardTexts(cardOf(statusReply))) expect(live(t), t).to.equal(false);
      expect(live(String(statusReply['summary'] ?? ''))).to.equal(false);
    });
  });

  describe('HELPDESK_CHANNEL_ALLOWLIST', () => {
    const problemsFor = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        return (err as ConfigError).problems;
      }
    };

    it('takes comma-separated tenantId/teamId pairs and stops start-up on anything else, naming the variable', () => {
      expect(loadConfig({ ...ALLOW_AB }).helpdesk.channelAllowList).to.deep.equal([
        { tenantId: TENANT, teamId: TEAM_A },
        { tenantId: TENANT, teamId: TEAM_B },
      ]);
      expect(loadConfig({}).helpdesk.channelAllowList).to.deep.equal([]);
      for (const bad of [TEAM_A, `${TENANT}`, `${TEAM_A}/${TENANT}`, `${TENANT}/00000000-0000-0000-0000-000000000031`, `tenant/${TEAM_A}`, `${TENANT}/${TEAM_A}/x`, `${TENANT}/${TEAM_A} , nonsense`]) {
        const problems = problemsFor({ HELPDESK_CHANNEL_ALLOWLIST: bad });
        expect(problems, bad).to.have.length(1);
        expect(problems[0], bad).to.match(/^HELPDESK_CHANNEL_ALLOWLIST: entry \d/);
      }
    });

    it("allows the Agents Playground's own team outside production only; teams:local adds it unless the operator set the list", () => {
      const playground = allowListEntry(PLAYGROUND_TEAM);
      expect(loadConfig({ HELPDESK_CHANNEL_ALLOWLIST: playground }).helpdesk.channelAllowList).to.deep.equal([PLAYGROUND_TEAM]);
      expect(problemsFor({ NODE_ENV: 'production', ALLOW_ANONYMOUS: 'true', HELPDESK_CHANNEL_ALLOWLIST: playground })[0]).to.match(/^HELPDESK_CHANNEL_ALLOWLIST:/);
      expect(teamsLocalEnv({ PORT: '0' })).to.deep.equal({ PORT: '0', HELPDESK_CHANNEL_ALLOWLIST: playground });
      expect(teamsLocalEnv({ HELPDESK_CHANNEL_ALLOWLIST: '' })).to.deep.equal({ HELPDESK_CHANNEL_ALLOWLIST: '' });
    });

    it('lets the Playground\'s General channel register under teams:local (its activity as the Playground sends it)', async () => {
      await restart({ HELPDESK_CHANNEL_ALLOWLIST: String(teamsLocalEnv({}).HELPDESK_CHANNEL_ALLOWLIST) });
      const general = '19:general-channel-id';
      const replies = await turn(bot.url, connector.url, { user: 'user-id-0', conversation: general, channelId: 'msteams' }, {
        ...REGISTER,
        ...MENTION,
        conversation: { id: general, isGroup: true, conversationType: 'channel', tenantId: PLAYGROUND_TEAM.tenantId },
        channelData: { teamsChannelId: general, teamsTeamId: PLAYGROUND_TEAM.teamId, tenant: { id: PLAYGROUND_TEAM.tenantId }, team: { id: PLAYGROUND_TEAM.teamId }, channel: { id: general } },
      });
      expect(replies.map(text)).to.deep.equal([r.t('request.channel.registered')]);
    });
  });
});
