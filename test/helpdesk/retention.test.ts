// Retention: resolved tickets go once they have been resolved for the configured number of days, and nothing else does.
import { expect } from 'chai';
import { DAY_MS, RetentionSweeper } from '../../helpdesk/retention.js';
import { HelpdeskService } from '../../helpdesk/service.js';
import { LowTicketStore } from '../../helpdesk/ticketStore.js';
import { sampleRequest, tempDir } from './fixtures/tickets.js';

describe('RetentionSweeper', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: LowTicketStore;
  let service: HelpdeskService;
  let now: Date;
  const at = (iso: string) => (now = new Date(iso));

  beforeEach(async () => {
    tmp = tempDir();
    at('2026-01-01T09:00:00Z');
    store = await LowTicketStore.open(tmp.dir, { now: () => now, shardSize: 4 });
    service = new HelpdeskService(store, { now: () => now, channels: () => ['webhook'] });
  });
  afterEach(async () => {
    await store.close();
    tmp.remove();
  });

  it('purges tickets resolved more than 90 days ago, keeping open and recently resolved ones', async () => {
    const [old, recent, open, reopened] = await Promise.all([1, 2, 3, 4].map(() => service.file(sampleRequest()).then((r) => r.ticket.ref)));
    await service.change(old!, { status: 'resolved' }, 'agent');
    await service.change(reopened!, { status: 'resolved' }, 'agent');
    at('2026-02-15T09:00:00Z');
    await service.change(recent!, { status: 'resolved' }, 'agent');
    await service.change(reopened!, { status: 'in-progress' }, 'agent');
    const sweeper = new RetentionSweeper(store, { days: 90, now: () => now });

    at('2026-03-31T09:00:00Z'); // 89 days after the first resolutions
    expect(await sweeper.runOnce()).to.equal(0);
    at('2026-04-02T09:00:00Z'); // 91 days
    expect(await sweeper.runOnce()).to.equal(1);
    expect(await store.get(old!)).to.equal(undefined);
    expect((await store.pendingEvents()).some((e) => e.ref === old)).to.equal(false);
    for (const ref of [recent, open, reopened]) expect(await store.get(ref!), ref).to.not.equal(undefined);

    at('2026-05-20T09:00:00Z');
    expect(await sweeper.runOnce()).to.equal(1);
    expect(await store.get(recent!)).to.equal(undefined);
    expect((await store.count())).to.equal(2);

    await store.close();
    store = await LowTicketStore.open(tmp.dir, { now: () => now, shardSize: 4 });
    expect((await store.count())).to.equal(2);
  });

  it('uses the configured number of days and runs on a timer until stopped', async () => {
    const { ticket } = await service.file(sampleRequest());
    await service.change(ticket.ref, { status: 'resolved' }, 'agent');
    let tick: (() => void) | undefined;
    let cleared = false;
    const purged: number[] = [];
    const sweeper = new RetentionSweeper(store, {
      days: 7,
      now: () => now,
      setInterval: (fn) => ((tick = fn), 'handle'),
      clearInterval: (h) => (cleared = h === 'handle'),
      onPurged: (n) => purged.push(n),
    });
    expect(sweeper.cutoff().getTime()).to.equal(now.getTime() - 7 * DAY_MS);
    sweeper.start();
    await sweeper.runOnce();
    expect((await store.count())).to.equal(1);
    now = new Date(now.getTime() + 8 * DAY_MS);
    tick?.();
    await sweeper.runOnce();
    expect((await store.count())).to.equal(0);
    expect(purged).to.deep.equal([1]);
    await sweeper.stop();
    expect(cleared).to.equal(true);
  });
});
