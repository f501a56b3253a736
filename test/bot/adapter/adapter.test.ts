import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { ClaimsIdentity, ConnectorFactory, type ConnectorClient } from 'botframework-connector';
import { CachingBotFrameworkAuthentication, ClientCache } from '../../../bot/adapter/adapter.js';

/** A factory that counts what it creates, and fails for service URLs containing "down". */
class CountingFactory extends ConnectorFactory {
  created: string[] = [];
  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    this.created.push(`${serviceUrl} ${audience ?? ''}`);
    if (serviceUrl.includes('down')) throw new Error('cannot create');
    return { serviceUrl, audience } as unknown as ConnectorClient; // only its identity matters here
  }
}

describe('ClientCache', () => {
  it('reuses the client for the same app id, service URL and audience', async () => {
    const cache = new ClientCache();
    const inner = new CountingFactory();
    const a = await cache.connectorFactory(inner, 'app').create('https://smba.example/', 'aud');
    const b = await cache.connectorFactory(inner, 'app').create('https://smba.example/', 'aud');
    expect(b).to.equal(a);
    expect(inner.created).to.have.length(1);
  });

  it('creates separate clients for another service URL, audience or app id', async () => {
    const cache = new ClientCache();
    const inner = new CountingFactory();
    const first = await cache.connectorFactory(inner, 'app').create('https://one.example/', 'aud');
    const others = await Promise.all([
      cache.connectorFactory(inner, 'app').create('https://two.example/', 'aud'),
      cache.connectorFactory(inner, 'app').create('https://one.example/', 'other'),
      cache.connectorFactory(inner, 'app-2').create('https://one.example/', 'aud'),
    ]);
    for (const o of others) expect(o).to.not.equal(first);
    expect(cache.count).to.equal(4);
  });

  it('does not keep a failed creation, so the next turn tries again', async () => {
    const cache = new ClientCache();
    const inner = new CountingFactory();
    for (let i = 0; i < 2; i++) {
      let error: unknown;
      await cache.connectorFactory(inner, 'app').create('https://down.example/').catch((e) => (error = e));
      expect(error).to.be.instanceOf(Error);
    }
    expect(inner.created).to.have.length(2);
    expect(cache.count).to.equal(0);
  });

  it('keeps at most its size, dropping the least recently used', async () => {
    const cache = new ClientCache(2);
    const inner = new CountingFactory();
    const f = cache.connectorFactory(inner, 'app');
    await f.create('https://a.example/');
    await f.create('https://b.example/');
    await f.create('https://a.example/'); // a is now the most recent
    await f.create('https://c.example/'); // b goes
    expect(cache.count).to.equal(2);
    await f.create('https://a.example/');
    expect(inner.created.filter((c) => c.startsWith('https://a.'))).to.have.length(1);
    await f.create('https://b.example/');
    expect(inner.created.filter((c) => c.startsWith('https://b.'))).to.have.length(2);
  });
});

describe('CachingBotFrameworkAuthentication', () => {
  const anonymous = () => new ClaimsIdentity([], 'anonymous');

  it('gives every anonymous turn the same connector client and user token client', async () => {
    const auth = new CachingBotFrameworkAuthentication({});
    const activity = { type: 'message', serviceUrl: 'http://127.0.0.1:1/', channelId: 'webchat' } as Activity;
    const first = await auth.authenticateRequest(activity, '');
    const second = await auth.authenticateRequest(activity, '');
    const [a, b] = await Promise.all([first, second].map((r) => r.connectorFactory?.create(activity.serviceUrl, r.audience)));
    expect(a).to.exist;
    expect(b).to.equal(a);
    expect(await auth.createUserTokenClient(anonymous())).to.equal(await auth.createUserTokenClient(anonymous()));
    // proactive messages (helpdesk updates) go through createConnectorFactory and share their own clients,
    // which leave retrying to the outbox
    const proactive = await auth.createConnectorFactory(first.claimsIdentity).create(activity.serviceUrl, first.audience);
    expect(proactive).to.not.equal(a);
    expect(await auth.createConnectorFactory(first.claimsIdentity).create(activity.serviceUrl, first.audience)).to.equal(proactive);
  });

  it('gives expectReplies turns one refusing client, whatever serviceUrl they name', async () => {
    const auth = new CachingBotFrameworkAuthentication({});
    const clients = await Promise.all(
      ['http://127.0.0.1:1/', 'https://attacker.example/'].map(async (serviceUrl) => {
        const activity = { type: 'message', serviceUrl, channelId: 'webchat', deliveryMode: 'expectReplies' } as Activity;
        const r = await auth.authenticateRequest(activity, '');
        return r.connectorFactory?.create(serviceUrl, r.audience);
      }),
    );
    expect(clients[0]).to.exist;
    expect(clients[1]).to.equal(clients[0]);
    expect(auth.clients.count).to.equal(1);
  });

  it('still refuses a request without a token when an app id is set', async () => {
    const auth = new CachingBotFrameworkAuthentication({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret', MicrosoftAppType: 'MultiTenant' });
    let error: unknown;
    await auth.authenticateRequest({ type: 'message', serviceUrl: 'https://smba.example/', channelId: 'msteams' } as Activity, '').catch((e) => (error = e));
    expect((error as { statusCode?: number })?.statusCode).to.equal(401);
  });
});
