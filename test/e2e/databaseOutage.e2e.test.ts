// PostgreSQL going away and coming back under a running bot: 503 with Retry-After (never 500), /health and /ready say so, and the pool reconnects by itself.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createApp, type App } from '../../bot/app.js';
import { loadConfig } from '../../bot/config/config.js';
import { createLogger } from '../../bot/logger.js';
import { tempDir } from '../helpdesk/fixtures/tickets.js';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../support/postgres.js';
import { HttpChat, metas } from './httpChat.js';

const API_KEY = 'outage-test-key-0123456789abcdef';

/** A TCP proxy on loopback in front of the real server: cut() drops every connection and refuses new ones, restore() lets them through again. */
class CuttableProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private cut_ = false;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => {
      if (this.cut_) return client.destroy();
      const upstream = net.connect(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  cut(): void {
    this.cut_ = true;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.cut_ = false;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function getJson(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, any> };
}

describe('PostgreSQL down and back under a running bot', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let proxy: CuttableProxy;
  let app: App;
  let base: string;
  let data: ReturnType<typeof tempDir>;

  before(async function () {
    await requirePostgres(this);
    db = await createTestDatabase('outage', { migrated: false });
    const real = new URL(db.url);
    proxy = new CuttableProxy({ host: real.hostname, port: Number(real.port || 5432) });
    const viaProxy = new URL(db.url);
    viaProxy.port = String(await proxy.listen());
    data = tempDir('outage-');
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: data.dir, DATABASE_URL: viaProxy.toString(), HELPDESK_API_KEY: API_KEY });
    app = await createApp(config, createLogger('silent'));
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', () => resolve()));
    app.start();
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await app?.close();
    await proxy?.close();
    await db?.drop();
    data?.remove();
  });

  it('migrates at start, keeps conversation state in PostgreSQL, and reports the database up', async () => {
    expect(app.deps.database).to.not.equal(undefined);
    const chat = new HttpChat(base);
    expect(metas(await chat.send('how do I get NHSmail')).at(-1)).to.include({ questionId: 'country' });
    const rows = await app.deps.database!.query('SELECT key FROM conversation_state WHERE key = $1', [`webchat/conversations/${chat.conversationId}/`]);
    expect(rows.rowCount).to.equal(1);
    const health = await getJson(`${base}/health`);
    expect(health.status).to.equal(200);
    expect(health.body).to.include({ status: 'ok' }).and.have.property('knowledgeEntries');
    expect(health.body['dependencies']).to.deep.equal({ database: 'up' });
    expect((await getJson(`${base}/ready`)).status).to.equal(200);
  });

  it('answers 503 with Retry-After while it is down, says which dependency is down, and carries on once it is back', async () => {
    const chat = new HttpChat(base);
    await chat.send('how do I get NHSmail');
    proxy.cut();
    try {
      const res = await chat.post('England');
      expect(res.status).to.equal(503);
      expect(res.headers.get('retry-after')).to.equal('5');
      const body = JSON.stringify(await res.json());
      expect(body).to.include('service_unavailable').and.not.match(/ECONN|terminated|pg|postgres/i);

      const health = await getJson(`${base}/health`);
      expect(health.status).to.equal(503);
      expect(health.body).to.include({ status: 'unavailable' }).and.have.property('deliveries');
      expect(health.body['dependencies']).to.deep.equal({ database: 'down' });
      expect((await getJson(`${base}/ready`)).status).to.equal(503);
    } finally {
      proxy.restore();
    }
    // nothing restarts the pool: its next checkout connects anew
    expect(metas(await chat.send('England')).at(-1)).to.include({ questionId: 'org-type' });
    expect((await getJson(`${base}/ready`)).status).to.equal(200);
    expect((await getJson(`${base}/health`)).body['dependencies']).to.deep.equal({ database: 'up' });
  });

  it('answers 503 with Retry-After at the ticket API when a store throws pg\'s own "down" errors', async () => {
    const service = app.deps.helpdesk.service;
    const list = service.list.bind(service);
    service.list = () => Promise.reject(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
    try {
      const down = await getJson(`${base}/api/tickets`, { authorization: `Bearer ${API_KEY}` });
      expect(down.status).to.equal(503);
      expect(down.retryAfter).to.equal('5');
      expect(down.body['error'].code).to.equal('service_unavailable');
      service.list = () => Promise.reject(Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' }));
      expect((await getJson(`${base}/api/tickets`, { authorization: `Bearer ${API_KEY}` })).status, 'a bad query is a bug, not an outage').to.equal(500);
    } finally {
      service.list = list;
    }
    expect((await getJson(`${base}/api/tickets`, { authorization: `Bearer ${API_KEY}` })).status).to.equal(200);
  });

  it('answers 503 with Retry-After on the Direct Line routes while it is down, and serves them again once it is back', async () => {
    const started = await fetch(`${base}/v3/directline/conversations`, { method: 'POST' });
    expect(started.status).to.equal(201);
    const { conversationId, token } = (await started.json()) as { conversationId: string; token: string };
    const poll = () => fetch(`${base}/v3/directline/conversations/${conversationId}/activities?watermark=-1`, { headers: { authorization: `Bearer ${token}` } });
    proxy.cut();
    try {
      const down = await poll();
      expect(down.status).to.equal(503);
      expect(down.headers.get('retry-after')).to.equal('5');
      expect(JSON.stringify(await down.json())).to.include('service_unavailable').and.not.match(/ECONN|terminated|pg|postgres/i);
    } finally {
      proxy.restore();
    }
    const back = await poll();
    expect(back.status).to.equal(200);
    await back.body?.cancel();
  });
});
