// Teams behaviour over real HTTP: @mentions stripped, unmentioned channel chatter ignored, replies in the thread,
// answers within seconds, and the manifest's commands understood.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { TEAMS_COMMANDS } from '../../dialogs/RootDialog.js';
import { packageSettings, renderManifest } from '../../scripts/package-teams.js';
import { startApp, type RunningApp } from './channelsHarness.js';

interface Posted {
  url: string;
  body: { type: string; text?: string; conversation?: { id: string }; replyToId?: string; channelData?: { nhsmail?: { kind: string } } };
}

const BOT = { id: '28:nhsmail-bot', name: 'NHSmail Assistant' };
const CHANNEL = '19:helpdesk-team@thread.tacv2';
const TENANT = '6e6d1b0a-0000-4e5f-8a9b-0c1d2e3f4a5b';

/** A stand-in for the Teams connector: records what the bot posts. */
async function fakeConnector(): Promise<{ url: string; posted: Posted[]; slowChannel: { ms: number }; close(): Promise<void> }> {
  const posted: Posted[] = [];
  /** how long posts to the helpdesk channel take to answer, to show they do not hold up a turn */
  const slowChannel = { ms: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      const url = decodeURIComponent(req.url ?? '');
      posted.push({ url, body: body ? JSON.parse(body) : {} });
      const answer = () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id: `reply-${posted.length}` }));
      };
      if (slowChannel.ms && url.includes(`/v3/conversations/${CHANNEL}/`)) setTimeout(answer, slowChannel.ms);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/teams/`,
    posted,
    slowChannel,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function channelMessage(serviceUrl: string, text: string, mention: boolean, rootId = '1700000000001', id = rootId) {
  return {
    type: 'message',
    id,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: '29:care-worker', name: 'Sam Carer', aadObjectId: '00000000-0000-0000-0000-00000000000a' },
    recipient: BOT,
    conversation: { id: `${CHANNEL};messageid=${rootId}`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
    channelData: { teamsChannelId: CHANNEL, teamsTeamId: CHANNEL, channel: { id: CHANNEL }, team: { id: CHANNEL }, tenant: { id: TENANT } },
    text: mention ? `<at>NHSmail Assistant</at> ${text}` : text,
    entities: mention ? [{ type: 'mention', mentioned: BOT, text: '<at>NHSmail Assistant</at>' }] : [],
  };
}

function personalMessage(serviceUrl: string, text: string) {
  return {
    type: 'message',
    id: `p-${Math.random()}`,
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:care-worker', name: 'Sam Carer' },
    recipient: BOT,
    conversation: { id: 'a:personal-chat-1', conversationType: 'personal', tenantId: 'tenant' },
    channelData: { tenant: { id: 'tenant' } },
    text,
  };
}

describe('Teams behaviour (HTTP)', () => {
  let running: RunningApp;
  let connector: Awaited<ReturnType<typeof fakeConnector>>;
  before(async () => {
    running = await startApp({ HELPDESK_CHANNEL_ALLOWLIST: `${TENANT}/${CHANNEL}` });
    connector = await fakeConnector();
  });
  after(async () => {
    await running.stop();
    await connector.close();
  });
  beforeEach(() => {
    connector.posted.length = 0;
  });

  async function post(activity: object): Promise<{ status: number; ms: number }> {
    const t0 = Date.now();
    const res = await fetch(`${running.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    await res.arrayBuffer();
    return { status: res.status, ms: Date.now() - t0 };
  }

  it('answers an @mention in a channel, in the thread of the message, within a few seconds', async () => {
    const { status, ms } = await post(channelMessage(connector.url, 'how do I get a CQC contact ID', true));
    expect(status).to.equal(200);
    expect(ms).to.be.below(3000);
    expect(connector.posted).to.have.length(1);
    const reply = connector.posted[0]!;
    const thread = `${CHANNEL};messageid=1700000000001`;
    expect(reply.url).to.equal(`/teams/v3/conversations/${thread}/activities/1700000000001`);
    expect(reply.body.conversation?.id).to.equal(thread);
    expect(reply.body.replyToId).to.equal('1700000000001');
    expect(reply.body.channelData?.nhsmail?.kind).to.equal('answer');
  });

  it('keeps a reply to a later message in the same thread', async () => {
    await post(channelMessage(connector.url, 'how do I get a CQC contact ID', true, '1700000000001', '1700000000999'));
    expect(connector.posted[0]!.body.conversation?.id).to.equal(`${CHANNEL};messageid=1700000000001`);
  });

  it('strips the @mention before reading the text', async () => {
    await post(channelMessage(connector.url, 'help', true));
    expect(connector.posted).to.have.length(1);
    expect(connector.posted[0]!.body.text).to.not.include('<at>');
    expect(connector.posted[0]!.body.text).to.equal(running.app.deps.kb.replies.t('help.text'));
  });

  it('ignores a channel message that does not mention the bot', async () => {
    const { status } = await post(channelMessage(connector.url, 'how do I get a CQC contact ID', false));
    expect(status).to.equal(200);
    // the turn's response comes back once everything it sends is posted; a later mentioned message shows the order
    expect(connector.posted).to.deep.equal([]);
    await post(channelMessage(connector.url, 'help', true, '1700000000002'));
    expect(connector.posted.map((p) => p.body.replyToId)).to.deep.equal(['1700000000002']);
  });

  it('answers in personal chat without a mention', async () => {
    await post(personalMessage(connector.url, 'how do I get a CQC contact ID'));
    expect(connector.posted[0]!.url).to.equal('/teams/v3/conversations/a:personal-chat-1/activities/' + connector.posted[0]!.body.replyToId);
    expect(connector.posted[0]!.body.channelData?.nhsmail?.kind).to.equal('answer');
  });

  describe('welcome card', () => {
    const added = (conversation: object, members: { id: string }[]) => ({
      type: 'conversationUpdate',
      id: `cu-${Math.random()}`,
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: '29:someone' },
      recipient: BOT,
      conversation,
      channelData: { tenant: { id: 'tenant' } },
      membersAdded: members,
    });
    const channel = { id: CHANNEL, conversationType: 'channel', isGroup: true };
    const cases: [string, object, { id: string }[], boolean][] = [
      ['when the app is installed in personal chat', { id: 'a:personal-2', conversationType: 'personal' }, [BOT], true],
      ['when the user starts a personal chat', { id: 'a:personal-3', conversationType: 'personal' }, [{ id: '29:care-worker' }], true],
      ['when the bot is added to a team', channel, [BOT], true],
      ['when someone joins a team the bot is in', channel, [{ id: '29:new-starter' }], false],
      ['when people join a group chat', { id: '19:group@thread.v2', conversationType: 'groupChat' }, [{ id: '29:a' }, { id: '29:b' }], false],
    ];
    for (const [name, conversation, members, welcomed] of cases) {
      it(`is ${welcomed ? 'sent' : 'not sent'} ${name}`, async () => {
        // the turn's response comes back once the card, if any, is posted
        await post(added(conversation, members));
        expect(connector.posted.some((p) => p.body.channelData?.nhsmail?.kind === 'welcome')).to.equal(welcomed);
      });
    }
  });

  describe('the manifest commands are understood', () => {
    it('every command in the manifest is help or one of the root dialog\'s commands', () => {
      const manifest = renderManifest(packageSettings({ MicrosoftAppId: '6e6d1b0a-1c2d-4e5f-8a9b-0c1d2e3f4a5b', BOT_HOST: 'bot.example.org' })) as {
        bots: { commandLists: { commands: { title: string }[] }[] }[];
      };
      const titles = new Set(manifest.bots[0]!.commandLists.flatMap((l) => l.commands.map((c) => c.title)));
      expect([...titles]).to.have.members(['help', ...Object.keys(TEAMS_COMMANDS), 'register helpdesk channel']);
    });

    it('"register helpdesk channel" in a channel registers it', async () => {
      await post(channelMessage(connector.url, 'register helpdesk channel', true, '1700000000777'));
      expect(connector.posted.map((p) => p.body.text)).to.include(running.app.deps.kb.replies.t('request.channel.registered'));
      expect(running.app.deps.helpdesk.registry.current?.reference.conversation?.id).to.equal(CHANNEL);
      expect(connector.posted[0]!.body.conversation?.id, 'the confirmation stays in the thread').to.equal(`${CHANNEL};messageid=1700000000777`);
    });

    const commands: [string, string][] = [
      ['help', 'help.text'],
      ['ask a question', 'faq.prompt'],
    ];
    for (const [command, key] of commands) {
      it(`"${command}" gets ${key}`, async () => {
        await post(personalMessage(connector.url, command));
        expect(connector.posted.map((p) => p.body.text)).to.include(running.app.deps.kb.replies.t(key));
      });
    }

    it('"raise a request" offers the request types as buttons titled in words', async () => {
      await post({ ...personalMessage(connector.url, 'raise a request'), conversation: { id: 'a:personal-chat-request', conversationType: 'personal' } });
      const r = running.app.deps.kb.replies;
      const hero = connector.posted
        .flatMap((p) => (p.body as { attachments?: { contentType: string; content: { text?: string; buttons?: { title: string }[] } }[] }).attachments ?? [])
        .find((a) => a.contentType === 'application/vnd.microsoft.card.hero');
      expect(hero?.content.text).to.equal(r.t('request.typePrompt'));
      expect(hero?.content.buttons?.map((b) => b.title)).to.include.members([r.t('request.type.lockedOut'), r.t('request.type.leaver'), r.t('request.type.nameChange')]);
    });

    it('"my requests" lists the requests raised from this chat', async () => {
      await post({ ...personalMessage(connector.url, 'my requests'), conversation: { id: 'a:personal-chat-mine', conversationType: 'personal' } });
      const r = running.app.deps.kb.replies;
      expect(connector.posted.map((p) => p.body.text)).to.include(r.t('request.mine.none'));
    });

    it('a request filed in Teams is answered within the turn, while the slow helpdesk delivery runs outside it', async () => {
      const r = running.app.deps.kb.replies;
      await post(channelMessage(connector.url, 'register helpdesk channel', true, '1700000000888'));
      const conversation = { id: 'a:personal-chat-filing', conversationType: 'personal' };
      const say = (text: string) => post({ ...personalMessage(connector.url, text), conversation });
      for (const text of ['raise a request', r.t('request.type.lockedOut'), r.t('request.selfService.no'), 'Sam Carer', 'sam.carer@nhs.net', '07700 900123', 'Sunrise Care Home', 'VNX12']) await say(text);
      connector.posted.length = 0;
      connector.slowChannel.ms = 4000;
      try {
        const { ms } = await say('send');
        expect(ms, 'the filing turn does not wait for the helpdesk channel').to.be.below(2000);
        expect(connector.posted.some((p) => p.body.channelData?.nhsmail?.kind === 'requestFiled'), 'the receipt is part of the turn').to.equal(true);
        expect(connector.posted.some((p) => p.url.includes(`/v3/conversations/${CHANNEL}/`)), 'the ticket card goes to the channel').to.equal(true);
      } finally {
        connector.slowChannel.ms = 0;
      }
    });

    it('"check eligibility" starts the eligibility check', async () => {
      await post({ ...personalMessage(connector.url, 'check eligibility'), conversation: { id: 'a:personal-chat-eligibility', conversationType: 'personal' } });
      expect(connector.posted.map((p) => p.body.channelData?.nhsmail?.kind)).to.include('eligibilityQuestion');
    });
  });
});
