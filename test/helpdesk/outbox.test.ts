// The outbox worker: at-least-once delivery in order, backoff with full jitter, Retry-After, and a webhook that is down then up.
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { backoffDelay, OutboxWorker, type Deliverer, type DeliveryResult, type Timers } from '../../helpdesk/outbox.js';
import { HelpdeskService } from '../../helpdesk/service.js';
import { LowTicketStore } from '../../helpdesk/ticketStore.js';
import { parseRetryAfter, verifySignature, webhookDeliverer } from '../../helpdesk/webhook.js';
import { sampleRequest, tempDir } from './fixtures/tickets.js';

/** The delivery time limit in these tests, told apart from retry waits. */
const TIMEOUT = 60_000;

/** Timers the test moves by hand. */
class ManualTimers implements Timers {
  now = 1_000_000;
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private ids = 0;
  /** every wait asked for except delivery time limits (TIMEOUT) */
  delays: number[] = [];
  setTimeout(fn: () => void, ms: number): unknown {
    if (ms !== TIMEOUT) this.delays.push(ms);
    const id = ++this.ids;
    this.queue.push({ at: this.now + ms, fn, id });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== h);
  }
  /** Moves time forward, firing what falls due. */
  advance(ms: number): void {
    this.now += ms;
    const due = this.queue.filter((t) => t.at <= this.now);
    this.queue = this.queue.filter((t) => t.at > this.now);
    for (const t of due) t.fn();
  }
  get pendingTimers(): number {
    return this.queue.length;
  }
}

describe('OutboxWorker', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: LowTicketStore;
  let service: HelpdeskService;
  let timers: ManualTimers;
  let worker: OutboxWorker;

  beforeEach(async () => {
    tmp = tempDir();
    store = await LowTicketStore.open(tmp.dir);
    service = new HelpdeskService(store, { channels: () => ['webhook'] });
    timers = new ManualTimers();
    worker = new OutboxWorker(store, { now: () => timers.now, timers, random: () => 1, baseDelayMs: 1000, maxDelayMs: 8000, deliveryTimeoutMs: TIMEOUT });
  });
  afterEach(async () => {
    await worker.stop();
    await store.close();
    tmp.remove();
  });

  it('computes full-jitter backoff: random up to base * 2^(n-1), capped', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, 1000, 8000, () => 1))).to.deep.equal([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffDelay(3, 1000, 8000, () => 0.5)).to.equal(2000);
    expect(backoffDelay(3, 1000, 8000, () => 0)).to.equal(50);
  });

  it('delivers each event once, in order per ticket, and forgets it', async () => {
    const seen: string[] = [];
    worker.register('webhook', async (e) => {
      seen.push(e.id);
      return { ok: true };
    });
    worker.start();
    const { ticket } = await service.file(sampleRequest());
    await service.change(ticket.ref, { status: 'in-progress' }, 'agent');
    await worker.whenIdle();
    expect(seen).to.deep.equal([`${ticket.ref}.v1.webhook`, `${ticket.ref}.v2.webhook`]);
    expect((await store.pendingEvents())).to.deep.equal([]);
  });

  it('backs off while the channel is down, then delivers everything once it is up', async () => {
    let up = false;
    const seen: string[] = [];
    worker.register('webhook', async (e): Promise<DeliveryResult> => {
      if (!up) return { ok: false, error: 'ECONNREFUSED' };
      seen.push(e.id);
      return { ok: true };
    });
    worker.start();
    const refs = (await Promise.all([1, 2, 3].map(() => service.file(sampleRequest())))).map((r) => r.ticket.ref);
    await worker.whenIdle();
    for (let i = 0; i < 4; i++) {
      timers.advance(timers.delays[timers.delays.length - 1] ?? 0);
      await worker.whenIdle();
    }
    // one failure pauses the whole channel: 1 s, 2 s, 4 s, 8 s, 8 s (capped)
    expect(timers.delays.slice(-5)).to.deep.equal([1000, 2000, 4000, 8000, 8000]);
    expect(seen).to.deep.equal([]);
    // while down, one event at a time probes the channel
    expect((await store.pendingEvents())).to.have.length(3);
    expect((await store.pendingEvents()).some((e) => e.attempts >= 4 && e.lastError === 'ECONNREFUSED')).to.equal(true);
    up = true;
    timers.advance(8000);
    await worker.whenIdle();
    expect(seen.sort()).to.deep.equal(refs.map((r) => `${r}.v1.webhook`).sort());
    expect((await store.pendingEvents())).to.deep.equal([]);
  });

  it('honours Retry-After from a 429 for the whole channel', async () => {
    const results: DeliveryResult[] = [{ ok: false, error: 'HTTP 429', retryAfterMs: 30_000 }, { ok: true }];
    let calls = 0;
    worker.register('webhook', async () => results[calls++] ?? { ok: true });
    worker.start();
    await service.file(sampleRequest());
    await worker.whenIdle();
    expect(calls).to.equal(1);
    expect(timers.delays[timers.delays.length - 1]).to.equal(30_000);
    timers.advance(29_000);
    await worker.whenIdle();
    expect(calls).to.equal(1);
    timers.advance(1_000);
    await worker.whenIdle();
    expect(calls).to.equal(2);
    expect((await store.pendingEvents())).to.deep.equal([]);
  });

  it('retries now on request, and survives a restart with the event still pending', async () => {
    worker.register('webhook', async () => ({ ok: false, error: 'HTTP 500' }));
    worker.start();
    const { ticket } = await service.file(sampleRequest());
    await worker.whenIdle();
    await worker.stop();
    await store.close();

    store = await LowTicketStore.open(tmp.dir);
    expect((await store.pendingEvents()).map((e) => e.id)).to.deep.equal([`${ticket.ref}.v1.webhook`]);
    const delivered: Deliverer = async () => ({ ok: true });
    worker = new OutboxWorker(store, { now: () => timers.now, timers, random: () => 1 });
    worker.register('webhook', delivered);
    worker.start();
    await worker.retryNow();
    await worker.whenIdle();
    expect((await store.pendingEvents())).to.deep.equal([]);
  });

  it('runs each channel on its own: a hung channel times out as a failure and never holds up another', async () => {
    service = new HelpdeskService(store, { channels: () => ['webhook', 'teams'] });
    const webhook: string[] = [];
    let allSix!: () => void;
    const webhookDone = new Promise<void>((resolve) => (allSix = resolve));
    worker.register('teams', () => new Promise<DeliveryResult>(() => undefined));
    worker.register('webhook', async (e) => {
      if (webhook.push(e.id) === 6) allSix();
      return { ok: true };
    });
    worker.start();
    const refs: string[] = [];
    for (let i = 0; i < 6; i++) refs.push((await service.file(sampleRequest())).ticket.ref);
    // the hung channel keeps the worker busy, so the signal is the webhook's sixth delivery
    await webhookDone;
    expect(webhook.sort()).to.deep.equal(refs.map((r) => `${r}.v1.webhook`).sort());
    timers.advance(TIMEOUT);
    // the timed-out attempts pause the channel, so nothing is due or under way once they are recorded
    await worker.whenIdle();
    const teams = (await store.pendingEvents()).filter((e) => e.channel === 'teams');
    expect(teams).to.have.length(6);
    expect(teams.filter((e) => e.attempts === 1 && e.lastError === 'timeout')).to.have.length(4);
  });

  it('gives up after maxAttempts and records the failure on the ticket', async () => {
    await worker.stop();
    worker = new OutboxWorker(store, { now: () => timers.now, timers, random: () => 1, maxAttempts: 2, deliveryTimeoutMs: TIMEOUT });
    worker.register('webhook', async () => ({ ok: false, error: 'HTTP 500' }));
    worker.start();
    const { ticket } = await service.file(sampleRequest());
    await worker.whenIdle();
    timers.advance(timers.delays.at(-1) ?? 0);
    await worker.whenIdle();
    expect((await store.pendingEvents())).to.deep.equal([]);
    expect((await store.get(ticket.ref))?.deliveryFailures).to.deep.equal([
      { at: new Date(timers.now).toISOString(), channel: 'webhook', event: `${ticket.ref}.v1.webhook`, attempts: 2, error: 'HTTP 500' },
    ]);
    expect(worker.givenUpCount()).to.equal(1);
  });

  it('drops an event its deliverer says can never succeed', async () => {
    worker.register('webhook', async () => ({ ok: false, error: 'gone', drop: true }));
    worker.start();
    await service.file(sampleRequest());
    await worker.whenIdle();
    expect((await store.pendingEvents())).to.deep.equal([]);
  });
});

describe('webhook delivery', () => {
  const secret = 'test-secret';
  let server: http.Server;
  let url: string;
  let received: { body: string; signature?: string; eventId?: string }[];
  let respond: (res: http.ServerResponse) => void;

  beforeEach(async () => {
    received = [];
    respond = (res) => {
      res.writeHead(204);
      res.end();
    };
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ body, signature: req.headers['x-helpdesk-signature'] as string, eventId: req.headers['x-helpdesk-event-id'] as string });
        respond(res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterEach(() => new Promise((r) => server.close(r)));

  it('posts the ticket as JSON signed with HMAC-SHA256 of the raw body', async () => {
    const tmp = tempDir();
    const store = await LowTicketStore.open(tmp.dir);
    try {
      const service = new HelpdeskService(store, { channels: () => ['webhook'] });
      const { ticket } = await service.file(sampleRequest('leaver'));
      const deliver = webhookDeliverer({ url, secret });
      const result = await deliver((await store.pendingEvents())[0]!, ticket);
      expect(result).to.deep.equal({ ok: true });
      const [got] = received;
      expect(verifySignature(secret, got!.body, got!.signature)).to.equal(true);
      expect(verifySignature('wrong', got!.body, got!.signature)).to.equal(false);
      expect(got!.eventId).to.equal(`${ticket.ref}.v1.webhook`);
      const payload = JSON.parse(got!.body);
      expect(payload).to.deep.include({ id: `${ticket.ref}.v1.webhook`, type: 'ticket.created' });
      expect(payload.ticket).to.deep.include({ ref: ticket.ref, type: 'leaver', status: 'new' });
      expect(payload.ticket).to.not.have.any.keys('requester', 'idempotencyKey', 'seq', 'version');
    } finally {
      await store.close();
      tmp.remove();
    }
  });

  it('reads 429 Retry-After, other failures, and an unreachable receiver', async () => {
    const deliver = webhookDeliverer({ url, secret, now: () => 0 });
    const ticketish = { ref: 'NHSM-000001', fields: {}, history: [] } as never;
    const event = { id: 'e', ref: 'NHSM-000001', channel: 'webhook', type: 'ticket.created', version: 1, createdAt: 'x', attempts: 0, nextAttemptAt: 0 } as const;
    respond = (res) => {
      res.writeHead(429, { 'Retry-After': '7' });
      res.end();
    };
    expect(await deliver(event, ticketish)).to.deep.equal({ ok: false, error: 'HTTP 429', retryAfterMs: 7000 });
    respond = (res) => {
      res.writeHead(500);
      res.end('boom');
    };
    expect(await deliver(event, ticketish)).to.deep.equal({ ok: false, error: 'HTTP 500' });
    const spare = http.createServer();
    await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r));
    const port = (spare.address() as AddressInfo).port;
    await new Promise((r) => spare.close(r));
    const closed = webhookDeliverer({ url: `http://127.0.0.1:${port}/hook`, secret });
    expect(await closed(event, ticketish)).to.deep.include({ ok: false, error: 'ECONNREFUSED' });
  });

  it('parses Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('120', 0)).to.equal(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:01:00 GMT', 0)).to.equal(60_000);
    expect(parseRetryAfter('soon', 0)).to.equal(undefined);
    expect(parseRetryAfter(null, 0)).to.equal(undefined);
  });
});
