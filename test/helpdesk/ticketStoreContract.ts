// What every TicketStore must do, written once and run against each backend (lowdb files, PostgreSQL).
import { expect } from 'chai';
import { TICKET_TYPES } from '../../helpdesk/model.js';
import type { OutboxEvent } from '../../helpdesk/outbox.js';
import { FilingLimitError, HelpdeskService, TransitionError } from '../../helpdesk/service.js';
import { CursorError, type TicketStore } from '../../helpdesk/ticketStore.js';
import { sampleRequest } from './fixtures/tickets.js';

export interface StoreHarness {
  /** a store over empty storage, with this clock */
  open(now: () => Date): Promise<TicketStore>;
  /** the same storage, opened again (a restart, or another instance) */
  reopen(now: () => Date): Promise<TicketStore>;
  /** closes what open/reopen made and empties the storage */
  reset(): Promise<void>;
}

const LEASE = 60_000;

/** Registers the contract's cases in the current describe block. */
export function ticketStoreContract(harness: () => StoreHarness): void {
  let store: TicketStore;
  let service: HelpdeskService;
  let clock: Date;
  const now = () => clock;

  beforeEach(async () => {
    clock = new Date('2026-11-21T10:00:00Z');
    store = await harness().open(now);
    service = new HelpdeskService(store, { now, channels: () => ['webhook'] });
  });
  afterEach(async () => {
    await harness().reset();
  });

  const claimAll = (channel = 'webhook', at = clock.getTime(), limit = 100) => store.claim({ channel, limit, now: at, leaseMs: LEASE });

  it('files every type with increasing references like NHSM-000001, kept after reopening', async () => {
    const refs: string[] = [];
    for (const type of TICKET_TYPES) {
      const { ticket, created } = await service.file(sampleRequest(type));
      expect(created).to.equal(true);
      expect(ticket).to.deep.include({ status: 'new', version: 1 });
      refs.push(ticket.ref);
    }
    expect(refs).to.deep.equal(TICKET_TYPES.map((_, i) => `NHSM-00000${i + 1}`));
    const again = await harness().reopen(now);
    expect(await again.count()).to.equal(TICKET_TYPES.length);
    expect((await again.get(refs[2]!))?.type).to.equal(TICKET_TYPES[2]);
    expect(await again.get('NHSM-999999')).to.equal(undefined);
    expect(await again.get('not a ref')).to.equal(undefined);
  });

  it('gives 50 concurrent filings 50 unique increasing references', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => service.file(sampleRequest('locked-out', `u${i}`))));
    const seqs = results.map((r) => r.ticket.seq).sort((a, b) => a - b);
    expect(new Set(seqs).size).to.equal(50);
    expect(seqs[49]).to.equal(50);
    const next = await service.file(sampleRequest());
    expect(next.ticket.seq).to.equal(51);
  });

  it('files once per idempotency key, together or after reopening', async () => {
    const [a, b] = await Promise.all([service.file(sampleRequest('leaver', 'u1', 'k1')), service.file(sampleRequest('leaver', 'u1', 'k1'))]);
    expect(a.ticket.ref).to.equal(b.ticket.ref);
    expect([a.created, b.created].sort()).to.deep.equal([false, true]);
    const direct = await store.create({ ...sampleDraft(), idempotencyKey: 'k1' }, []);
    expect(direct).to.deep.include({ created: false });
    const other = await harness().reopen(now);
    expect((await other.findByIdempotencyKey('k1'))?.ref).to.equal(a.ticket.ref);
    expect(await other.findByIdempotencyKey('k2')).to.equal(undefined);
    expect(await store.count()).to.equal(1);
  });

  it('finds a requester\'s tickets, newest first, and nobody else\'s', async () => {
    await service.file(sampleRequest('name-change', 'alice'));
    await service.file(sampleRequest('leaver', 'bob'));
    await service.file(sampleRequest('leaver', 'alice'));
    expect((await store.listByRequester('test', 'alice')).map((t) => t.ref)).to.deep.equal(['NHSM-000003', 'NHSM-000001']);
    expect(await store.listByRequester('other', 'alice')).to.deep.equal([]);
  });

  it('counts a requester\'s and a conversation\'s recent filings, and the service limits on them', async () => {
    service = new HelpdeskService(store, { now, filingLimit: { max: 2, windowMs: 600_000 } });
    await service.file({ ...sampleRequest('locked-out', 'amy'), conversationId: 'c1' });
    clock = new Date(clock.getTime() + 60_000);
    await service.file({ ...sampleRequest('leaver', 'amy'), conversationId: 'c2' });
    const recent = await store.recentFilings({ channelId: 'test', userId: 'amy', conversationId: 'c1' }, new Date(clock.getTime() - 600_000));
    expect(recent.byRequester).to.deep.equal([Date.parse('2026-11-21T10:00:00Z'), Date.parse('2026-11-21T10:01:00Z')]);
    expect(recent.byConversation).to.deep.equal([Date.parse('2026-11-21T10:00:00Z')]);
    // a new service (another instance, or a restart) still sees the two filings in the store
    const other = new HelpdeskService(await harness().reopen(now), { now, filingLimit: { max: 2, windowMs: 600_000 } });
    const err = await other.file(sampleRequest('name-change', 'amy')).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(FilingLimitError);
    expect((err as FilingLimitError).retryAfterMs).to.equal(540_000);
  });

  it('lists by status and type, a page at a time', async () => {
    for (let i = 0; i < 30; i++) await service.file(sampleRequest(i % 2 ? 'leaver' : 'locked-out'));
    for (const ref of ['NHSM-000002', 'NHSM-000004', 'NHSM-000005']) await service.change(ref, { status: 'in-progress' }, 'agent');
    const leavers = await store.list({ type: 'leaver', limit: 10 });
    expect(leavers.tickets).to.have.length(10);
    expect(leavers.nextCursor).to.equal('NHSM-000020');
    const rest = await store.list({ type: 'leaver', limit: 10, cursor: leavers.nextCursor });
    expect(rest.tickets.map((t) => t.ref)[0]).to.equal('NHSM-000022');
    expect(rest.nextCursor).to.equal(undefined);
    expect((await store.list({ status: 'in-progress', type: 'leaver' })).tickets.map((t) => t.ref)).to.deep.equal(['NHSM-000002', 'NHSM-000004']);
    expect(await store.list({ cursor: 'nonsense' }).catch((e: unknown) => e)).to.be.instanceOf(CursorError);
  });

  it('changes a ticket with history and a new version, announcing each change; refuses a jump back to new', async () => {
    const { ticket } = await service.file(sampleRequest());
    clock = new Date('2026-11-21T11:00:00Z');
    const changed = await service.change(ticket.ref, { status: 'in-progress', assignee: 'Sam' }, 'Sam');
    expect(changed).to.deep.include({ status: 'in-progress', assignee: 'Sam', version: 2, updatedAt: '2026-11-21T11:00:00.000Z' });
    expect(changed?.history.map((h) => h.status)).to.deep.equal(['new', 'in-progress']);
    expect(await service.change(ticket.ref, { status: 'new' }, 'Sam').catch((e: unknown) => e)).to.be.instanceOf(TransitionError);
    // nothing to change: nothing written, no event
    expect((await service.change(ticket.ref, { assignee: 'Sam' }, 'Sam'))?.version).to.equal(2);
    expect(await store.update('NHSM-999999', () => [])).to.equal(undefined);
    expect((await store.pendingEvents()).map((e) => e.id)).to.deep.equal([`${ticket.ref}.v1.webhook`, `${ticket.ref}.v2.webhook`]);
    expect((await store.get(ticket.ref))?.version).to.equal(2);
  });

  it('claims one event per ticket and channel at a time, in order, and not while claimed', async () => {
    const a = (await service.file(sampleRequest('locked-out', 'a'))).ticket;
    await service.change(a.ref, { status: 'in-progress' }, 'agent');
    const b = (await service.file(sampleRequest('locked-out', 'b'))).ticket;
    const first = await claimAll();
    expect(first.map((e) => e.id)).to.deep.equal([`${a.ref}.v1.webhook`, `${b.ref}.v1.webhook`]);
    expect(await claimAll()).to.deep.equal([]);
    expect(await store.nextDue(['webhook'], new Set(first.map((e) => e.id)))).to.deep.equal(new Map());
    await store.markDelivered(first[0]!);
    expect((await claimAll()).map((e) => e.id)).to.deep.equal([`${a.ref}.v2.webhook`]);
    expect(await store.hasNewerEvent(first[1]!)).to.equal(false);
    expect(await store.pendingCount()).to.equal(2);
  });

  it('returns a claim to the pool when its lease runs out', async () => {
    const { ticket } = await service.file(sampleRequest());
    const t0 = clock.getTime();
    expect(await claimAll('webhook', t0)).to.have.length(1);
    expect(await claimAll('webhook', t0 + LEASE - 1)).to.deep.equal([]);
    expect(await store.nextDue(['webhook'], new Set())).to.deep.equal(new Map([['webhook', t0 + LEASE]]));
    expect((await claimAll('webhook', t0 + LEASE)).map((e) => e.id)).to.deep.equal([`${ticket.ref}.v1.webhook`]);
  });

  it('schedules a failed event, forces it on "retry now", and records a give-up on the ticket', async () => {
    const { ticket } = await service.file(sampleRequest());
    const t0 = clock.getTime();
    const [event] = await claimAll('webhook', t0);
    await store.markFailed(event!, t0 + 5000, 'HTTP 500');
    expect(await store.pendingEvents()).to.deep.equal([{ ...event!, attempts: 1, nextAttemptAt: t0 + 5000, lastError: 'HTTP 500' }]);
    expect(await claimAll('webhook', t0 + 1)).to.deep.equal([]);
    expect(await store.nextDue(['webhook', 'teams'], new Set())).to.deep.equal(new Map([['webhook', t0 + 5000]]));
    const forced = await store.claim({ channel: 'webhook', limit: 5, now: t0 + 1, leaseMs: LEASE, force: new Set([event!.id]), forcedOnly: true });
    expect(forced.map((e: OutboxEvent) => e.attempts)).to.deep.equal([1]);
    await store.markGivenUp(forced[0]!, { at: clock.toISOString(), channel: 'webhook', event: event!.id, attempts: 2, error: 'HTTP 500' });
    expect(await store.pendingEvents()).to.deep.equal([]);
    expect((await store.get(ticket.ref))?.deliveryFailures).to.deep.equal([
      { at: clock.toISOString(), channel: 'webhook', event: event!.id, attempts: 2, error: 'HTTP 500' },
    ]);
  });

  it('keeps the channel card a delivery returns, and tells of later events for the same ticket', async () => {
    const { ticket } = await service.file(sampleRequest());
    await service.change(ticket.ref, { status: 'in-progress' }, 'agent');
    const [event] = await claimAll();
    expect(await store.hasNewerEvent(event!)).to.equal(true);
    await store.markDelivered(event!, { activityId: 'act-1', conversationId: '19:c' });
    expect((await store.get(ticket.ref))?.channelCard).to.deep.equal({ activityId: 'act-1', conversationId: '19:c' });
  });

  it('purges tickets resolved before the cutoff with their pending events, and never reuses a reference', async () => {
    const old = (await service.file(sampleRequest('locked-out', 'a'))).ticket;
    const open = (await service.file(sampleRequest('locked-out', 'b'))).ticket;
    await service.change(old.ref, { status: 'resolved' }, 'agent');
    clock = new Date('2026-12-30T10:00:00Z');
    const recent = (await service.file(sampleRequest('locked-out', 'c'))).ticket;
    await service.change(recent.ref, { status: 'resolved' }, 'agent');
    expect(await store.purgeResolved(new Date('2026-12-01T00:00:00Z'))).to.equal(1);
    expect(await store.get(old.ref)).to.equal(undefined);
    expect((await store.pendingEvents()).some((e) => e.ref === old.ref)).to.equal(false);
    expect(await store.get(open.ref)).to.not.equal(undefined);
    expect(await store.get(recent.ref)).to.not.equal(undefined);
    expect(await store.purgeResolved(new Date('2027-01-30T00:00:00Z'))).to.equal(1);
    const next = await (await harness().reopen(now)).create(sampleDraft(), []);
    expect(next.ticket.seq).to.equal(4);
  });
}

function sampleDraft() {
  const req = sampleRequest();
  return { type: req.type, fields: { name: 'Jane Smith' }, summary: 'x', requester: req.requester, by: 'requester' };
}
