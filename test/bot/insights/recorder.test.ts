// The recorder: keyed hashes instead of ids, only redacted unanswered questions, batches written off the turn, failures kept and counted.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileInsightsStore } from '../../../bot/insights/fileStore.js';
import { InsightsRecorder, type TurnRecord } from '../../../bot/insights/recorder.js';
import type { InsightEvent } from '../../../bot/insights/events.js';
import type { InsightsStore } from '../../../bot/insights/store.js';
import { createLogger } from '../../../bot/logger.js';
import type { StoredTicket } from '../../../helpdesk/model.js';

const logger = createLogger('silent');
const KEY = Buffer.alloc(32, 7);
const AT = new Date('2026-03-02T10:00:00Z');

const turn = (over: Partial<TurnRecord>): TurnRecord => ({
  at: AT,
  channelId: 'msteams',
  conversationId: 'a:1Xyz-conversation',
  userId: '29:1user-aad-id',
  metas: [{ kind: 'answer', entryId: 'reset-password' }],
  journeyBefore: false,
  journeyAfter: false,
  ...over,
});

/** A store that keeps what it is given, or refuses while `failing`. */
class MemoryStore {
  events: InsightEvent[] = [];
  failing = false;
  appends = 0;
  async append(batch: readonly InsightEvent[]) {
    this.appends++;
    if (this.failing) throw new Error('disk full');
    this.events.push(...batch);
  }
}
const recorderOn = (store: MemoryStore, options = {}) => new InsightsRecorder(store as unknown as InsightsStore, KEY, { logger, ...options });

describe('insights: the recorder', () => {
  it('keeps an unanswered question only with its NHS number, email, phone, name and password removed', async () => {
    const store = new MemoryStore();
    const recorder = recorderOn(store);
    const question = 'my name is Jane Smith, NHS number 943 476 5919, email jane.smith@nhs.net, mobile 07700 900123, Winter2024marker, how do I wibble the fax';
    recorder.recordTurn(turn({ metas: [{ kind: 'unsure', candidates: ['fax-alternatives'] }], question }));
    recorder.recordTurn(turn({ metas: [{ kind: 'offTopic' }], question: 'will it rain today? my password is Hunter2!' }));
    await recorder.flush();
    const [unsure, offTopic] = store.events;
    for (const secret of ['Jane', 'Smith', '943 476 5919', '9434765919', 'jane.smith', 'nhs.net', '07700', '900123', 'Winter2024marker']) {
      expect(unsure!.question).not.to.include(secret);
    }
    expect(unsure!.question).to.include('wibble the fax');
    expect(unsure).to.include({ kind: 'unsure', entryId: 'fax-alternatives' });
    expect(offTopic!.question).not.to.include('Hunter2');
    expect(offTopic!.question).to.include('will it rain');
  });

  it('keeps no question text for turns the knowledge base answered', async () => {
    const store = new MemoryStore();
    const recorder = recorderOn(store);
    recorder.recordTurn(turn({ question: 'how do I reset my password, I am Jane Smith' }));
    recorder.recordTurn(turn({ metas: [undefined], journeyBefore: true, question: 'Jane Smith' }));
    await recorder.flush();
    expect(store.events.map((e) => e.kind)).to.deep.equal(['answer', 'journeyStep']);
    expect(JSON.stringify(store.events)).not.to.include('Jane');
  });

  it('keeps each part of a message it could not answer, redacted, and not the message answered in part', async () => {
    const store = new MemoryStore();
    const recorder = recorderOn(store);
    recorder.recordTurn(
      turn({
        metas: [
          { kind: 'answer', entryId: 'costs' },
          { kind: 'unsure', candidates: ['fax-alternatives'], part: 2, question: 'my name is Jane Smith, how do I wibble the fax, call 07700 900123', outcome: 'unsure' },
        ],
        question: 'does it cost anything, and my name is Jane Smith, how do I wibble the fax, call 07700 900123',
      }),
    );
    await recorder.flush();
    expect(store.events).to.have.length(1);
    const [event] = store.events;
    expect(event).to.include({ kind: 'answer', entryId: 'costs' });
    expect(event!.question).to.equal(undefined);
    expect(event!.unansweredParts).to.have.length(1);
    expect(event!.unansweredParts![0]).to.include({ outcome: 'unsure', entryId: 'fax-alternatives' });
    expect(event!.unansweredParts![0]!.question).to.include('wibble the fax');
    for (const secret of ['Jane', 'Smith', '07700', '900123', 'anything']) expect(JSON.stringify(event)).not.to.include(secret);
  });

  it('replaces ids with keyed hashes: stable, unguessable without the key, and shared by a person\'s turns and tickets', async () => {
    const store = new MemoryStore();
    const recorder = recorderOn(store);
    recorder.recordTurn(turn({}));
    recorder.recordTurn(turn({}));
    recorder.filed({ ref: 'NHSM-000001', type: 'locked-out', status: 'new', createdAt: AT.toISOString(), requester: { channelId: 'msteams', userId: '29:1user-aad-id' } } as StoredTicket);
    await recorder.flush();
    const [a, b, ticket] = store.events;
    expect(JSON.stringify(store.events)).not.to.match(/1Xyz|aad-id/);
    expect(a!.conversation).to.equal(b!.conversation).and.to.match(/^[\w-]{22}$/);
    expect(ticket!.person).to.equal(a!.person);
    expect(ticket).to.include({ kind: 'ticketFiled', ref: 'NHSM-000001', requestType: 'locked-out', status: 'new', conversation: null });

    const other = new InsightsRecorder(store as unknown as InsightsStore, Buffer.alloc(32, 8), { logger });
    expect(other.personKey('msteams', '29:1user-aad-id')).not.to.equal(a!.person);
  });

  it('writes in batches: on its timer, or at once when the buffer fills', async () => {
    const store = new MemoryStore();
    const recorder = recorderOn(store, { batchSize: 3 });
    recorder.recordTurn(turn({}));
    recorder.recordTurn(turn({}));
    expect(store.appends).to.equal(0);
    recorder.recordTurn(turn({}));
    await new Promise((resolve) => setImmediate(resolve));
    await recorder.flush();
    expect(store.appends).to.equal(1);
    expect(store.events).to.have.length(3);
  });

  it('never throws into a turn: a failed write is logged once, counted, and retried with the events kept', async () => {
    const store = new MemoryStore();
    const lines: string[] = [];
    const { default: pino } = await import('pino');
    const recorder = new InsightsRecorder(store as unknown as InsightsStore, KEY, { logger: pino({ level: 'info' }, { write: (l: string) => void lines.push(l) }), maxBuffered: 3 });
    store.failing = true;
    recorder.recordTurn(turn({}));
    await recorder.flush();
    recorder.recordTurn(turn({}));
    await recorder.flush();
    expect(recorder.stats()).to.deep.equal({ buffered: 2, written: 0, dropped: 0, failedWrites: 2 });
    expect(lines.filter((l) => l.includes('could not be written'))).to.have.length(1);
    recorder.recordTurn(turn({}));
    recorder.recordTurn(turn({}));
    expect(recorder.stats()).to.include({ buffered: 3, dropped: 1 });
    store.failing = false;
    await recorder.flush();
    expect(store.events).to.have.length(3);
    expect(recorder.stats()).to.include({ buffered: 0, written: 3 });
    recorder.recordTurn(turn({ metas: null as unknown as [] }));
  });

  it('writes to files only the bot\'s user may read', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'insights-rec-'));
    try {
      const store = await FileInsightsStore.open(path.join(dir, 'insights'));
      const recorder = new InsightsRecorder(store, await store.secret(), { logger });
      recorder.recordTurn(turn({}));
      await recorder.flush();
      const files = await store.files();
      expect(files.length).to.be.greaterThan(0);
      for (const f of [...files, path.join(dir, 'insights', 'secret')]) expect(fs.statSync(f).mode & 0o777, f).to.equal(0o600);
      expect(fs.statSync(path.join(dir, 'insights')).mode & 0o777).to.equal(0o700);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
