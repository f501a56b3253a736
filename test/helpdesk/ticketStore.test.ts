// The ticket store: durable, unique references under concurrency, idempotent filing, queries, and the outbox kept beside each ticket.
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { TICKET_TYPES } from '../../helpdesk/model.js';
import { HelpdeskService, TicketValidationError, TransitionError } from '../../helpdesk/service.js';
import { CursorError, LowTicketStore } from '../../helpdesk/ticketStore.js';
import { sampleRequest, sampleStoredTicket, tempDir } from './fixtures/tickets.js';

describe('LowTicketStore', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: LowTicketStore;
  let service: HelpdeskService;
  let clock: Date;
  const open = async (shardSize = 10) => {
    store = await LowTicketStore.open(tmp.dir, { shardSize, now: () => clock });
    service = new HelpdeskService(store, { now: () => clock, channels: () => ['webhook'] });
  };

  beforeEach(async () => {
    tmp = tempDir();
    clock = new Date('2026-11-21T10:00:00Z');
    await open();
  });
  afterEach(async () => {
    await store.close();
    tmp.remove();
  });

  it('files every type with a reference like NHSM-000001', async () => {
    for (const [i, type] of TICKET_TYPES.entries()) {
      const { ticket, created } = await service.file(sampleRequest(type));
      expect(created).to.equal(true);
      expect(ticket.ref).to.equal(`NHSM-00000${i + 1}`);
      expect(ticket.status).to.equal('new');
      expect(ticket.history).to.deep.equal([{ at: '2026-11-21T10:00:00.000Z', status: 'new', by: 'requester' }]);
    }
  });

  it('gives 100 concurrent filings 100 unique references, all on disk after reopening', async () => {
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => service.file(sampleRequest('locked-out', `u${i}`))));
    const refs = results.map((r) => r.ticket.ref);
    expect(new Set(refs).size).to.equal(100);
    await store.close();
    await open();
    expect((await store.count())).to.equal(100);
    for (const ref of refs) expect(await store.get(ref), ref).to.not.equal(undefined);
    const next = await service.file(sampleRequest());
    expect(next.ticket.ref).to.equal('NHSM-000101');
  });

  it('keeps shard files small: a filing rewrites one shard, not the whole store', async () => {
    await Promise.all(Array.from({ length: 35 }, () => service.file(sampleRequest())));
    const shards = fs.readdirSync(tmp.dir).filter((f) => f.startsWith('shard-'));
    expect(shards).to.have.length(4);
    const sizes = shards.map((f) => fs.statSync(path.join(tmp.dir, f)).size);
    expect(Math.max(...sizes)).to.be.below(20_000);
  });

  it('files once per idempotency key, even when both arrive together or after a restart', async () => {
    const [a, b] = await Promise.all([service.file(sampleRequest('leaver', 'u1', 'k1')), service.file(sampleRequest('leaver', 'u1', 'k1'))]);
    expect(a.ticket.ref).to.equal(b.ticket.ref);
    expect([a.created, b.created].sort()).to.deep.equal([false, true]);
    await store.close();
    await open();
    const again = await service.file(sampleRequest('leaver', 'u1', 'k1'));
    expect(again).to.deep.include({ created: false });
    expect(again.ticket.ref).to.equal(a.ticket.ref);
    expect((await store.count())).to.equal(1);
  });

  it('refuses a filing with a missing, unknown or invalid field', async () => {
    const missing = sampleRequest('leaver');
    delete missing.fields['leavingDate'];
    const unknown = sampleRequest('locked-out');
    unknown.fields['newName'] = 'Jane Jones';
    const invalid = sampleRequest('locked-out');
    invalid.fields['mobile'] = '0161 496 0000';
    for (const [req, problem] of [
      [missing, { field: 'leavingDate', code: 'missing' }],
      [unknown, { field: 'newName', code: 'unknown' }],
      [invalid, { field: 'mobile', code: 'mobile.landline' }],
    ] as const) {
      const err = await service.file(req).then(() => undefined, (e: unknown) => e);
      expect(err).to.be.instanceOf(TicketValidationError);
      expect((err as TicketValidationError).problems).to.deep.include(problem);
    }
    expect((await store.count())).to.equal(0);
  });

  it('strips a secret typed into a field before storing it', async () => {
    const req = sampleRequest('extra-accounts');
    req.fields['justification'] = 'We opened a second unit with twelve new night staff, my password is Hunter2! thanks';
    const { ticket } = await service.file(req);
    expect(String(ticket.fields.justification)).to.not.contain('Hunter2');
    for (const f of fs.readdirSync(tmp.dir)) expect(fs.readFileSync(path.join(tmp.dir, f), 'utf8')).to.not.contain('Hunter2');
  });

  it('shows a ticket to the person who filed it and to nobody else', async () => {
    const { ticket } = await service.file(sampleRequest('name-change', 'alice'));
    expect((await service.getForRequester(`status of ${ticket.ref.toLowerCase()}`, 'test', 'alice'))?.ref).to.equal(ticket.ref);
    expect(await service.getForRequester(ticket.ref, 'test', 'mallory')).to.equal(undefined);
    expect(await service.getForRequester(ticket.ref, 'other-channel', 'alice')).to.equal(undefined);
    expect(await service.getForRequester('NHSM-999999', 'test', 'alice')).to.equal(undefined);
    await service.file(sampleRequest('leaver', 'alice'));
    await service.file(sampleRequest('leaver', 'bob'));
    expect((await service.listForRequester('test', 'alice')).map((t) => t.ref)).to.deep.equal(['NHSM-000002', 'NHSM-000001']);
  });

  it('moves through statuses with history, refusing a jump back to new', async () => {
    const { ticket } = await service.file(sampleRequest());
    clock = new Date('2026-11-21T11:00:00Z');
    await service.change(ticket.ref, { status: 'in-progress', assignee: 'Sam' }, 'Sam');
    await service.change(ticket.ref, { status: 'waiting-on-requester', note: 'Which site is this for?' }, 'Sam');
    await service.change(ticket.ref, { note: 'chased by phone' }, 'Sam');
    const done = await service.change(ticket.ref, { status: 'resolved' }, 'Sam');
    expect(done?.status).to.equal('resolved');
    expect(done?.assignee).to.equal('Sam');
    expect(done?.history.map((h) => [h.status, h.note])).to.deep.equal([
      ['new', undefined],
      ['in-progress', undefined],
      ['waiting-on-requester', 'Which site is this for?'],
      ['waiting-on-requester', 'chased by phone'],
      ['resolved', undefined],
    ]);
    const err = await service.change(ticket.ref, { status: 'new' }, 'Sam').catch((e: unknown) => e);
    expect(err).to.be.instanceOf(TransitionError);
    expect(await service.change('NHSM-000999', { status: 'resolved' }, 'Sam')).to.equal(undefined);
  });

  it('keeps outbox events with their ticket until delivered, across restarts', async () => {
    const { ticket } = await service.file(sampleRequest());
    await service.change(ticket.ref, { status: 'in-progress' }, 'agent');
    expect((await store.pendingEvents()).map((e) => e.id)).to.deep.equal([`${ticket.ref}.v1.webhook`, `${ticket.ref}.v2.webhook`]);
    await store.markFailed((await store.pendingEvents())[0]!, 12345, 'HTTP 503');
    await store.close();
    await open();
    const [first, second] = (await store.pendingEvents());
    expect(first).to.deep.include({ id: `${ticket.ref}.v1.webhook`, attempts: 1, nextAttemptAt: 12345, lastError: 'HTTP 503' });
    await store.markDelivered(first!);
    await store.markDelivered(second!, { activityId: 'a1' });
    await store.close();
    await open();
    expect((await store.pendingEvents())).to.deep.equal([]);
    expect((await store.get(ticket.ref))?.channelCard).to.deep.equal({ activityId: 'a1' });
  });

  it('opens a bulk-imported store and carries on numbering after it', async () => {
    await store.close();
    tmp.remove();
    tmp = tempDir();
    await LowTicketStore.bulkImport(tmp.dir, 250, (seq) => sampleStoredTicket(seq), 10);
    await open();
    expect((await store.count())).to.equal(250);
    const { ticket } = await service.file(sampleRequest());
    expect(ticket.ref).to.equal('NHSM-000251');
    expect((await store.list({ status: 'resolved', limit: 200 })).tickets).to.have.length(83);
  });

  it('never reuses a reference after the newest tickets are purged', async () => {
    for (let i = 0; i < 3; i++) {
      const { ticket } = await service.file(sampleRequest());
      await service.change(ticket.ref, { status: 'resolved' }, 'agent');
    }
    clock = new Date('2027-06-01T00:00:00Z');
    expect(await store.purgeResolved(new Date('2027-01-01T00:00:00Z'))).to.equal(3);
    await store.close();
    await open();
    expect((await store.count())).to.equal(0);
    expect((await service.file(sampleRequest())).ticket.ref).to.equal('NHSM-000004');
  });
});
