// The feedback log: appends survive a reopen, a torn last line is skipped, and the log rotates instead of growing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { FEEDBACK_LOG, FEEDBACK_LOG_OLD, FeedbackStore, readFeedbackLog } from '../../knowledge/feedbackStore.js';

describe('FeedbackStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'feedback-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('appends redacted records that a new store and kb:gaps read back in order', async () => {
    const store = await FeedbackStore.open(dir, () => new Date('2026-11-21T10:00:00Z'));
    await store.recordGap('whats the weather, call me on 07700 900123', 'offTopic', []);
    await store.recordFeedback('locked-out', false, 'locked out, I am jane@nhs.net');
    const again = await FeedbackStore.open(dir);
    expect(again.gaps).to.deep.equal([{ at: '2026-11-21T10:00:00.000Z', question: 'whats the weather, call me on [phone]', outcome: 'offTopic', candidates: [] }]);
    expect(again.feedback[0]).to.include({ entryId: 'locked-out', helpful: false });
    expect(readFeedbackLog(dir).feedback[0]?.question).to.include('[email]');
  });

  it('keeps 200 records written at once, each on its own line', async () => {
    const store = await FeedbackStore.open(dir);
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.recordGap(`question ${i}`, 'unsure', ['a'])));
    const lines = fs.readFileSync(path.join(dir, FEEDBACK_LOG), 'utf8').trim().split('\n');
    expect(lines).to.have.length(200);
    expect(readFeedbackLog(dir).gaps.map((g) => g.question)).to.deep.equal(Array.from({ length: 200 }, (_, i) => `question ${i}`));
  });

  it('skips a line cut short by a crash, and records after it stand on their own', async () => {
    const store = await FeedbackStore.open(dir);
    await store.recordGap('first', 'unsure', []);
    fs.appendFileSync(path.join(dir, FEEDBACK_LOG), '{"type":"gap","at":"2026');
    const reopened = await FeedbackStore.open(dir);
    await reopened.recordGap('second', 'unsure', []);
    expect(readFeedbackLog(dir).gaps.map((g) => g.question)).to.deep.equal(['first', 'second']);
  });

  it('rotates the log rather than letting it grow without end', async () => {
    const store = await FeedbackStore.open(dir);
    const long = 'x'.repeat(1800);
    for (let i = 0; i < 3100; i++) await store.recordGap(`${i} ${long}`, 'unsure', []);
    expect(fs.existsSync(path.join(dir, FEEDBACK_LOG_OLD))).to.equal(true);
    expect(fs.statSync(path.join(dir, FEEDBACK_LOG)).size).to.be.lessThan(5 * 1024 * 1024);
    expect(store.gaps.length).to.be.at.most(1000);
  });
});
