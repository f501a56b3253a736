// The turn retry on an eTag conflict: another instance saving the conversation mid-turn makes the turn run again on fresh state, never repeating a reply already sent.
import fs from 'node:fs';
import { expect } from 'chai';
import { TestAdapter, type Activity } from 'botbuilder';
import { STATE_CONFLICT_RETRIES, withoutTypedMention } from '../../bot/bot.js';
import type { ConversationStore } from '../../bot/storage/backend.js';
import { HttpChat, metas, startBot, type ReplyActivity, type RunningBot } from '../e2e/httpChat.js';

/**
 * Makes `times` of the store's next writes to `key` lose a race: just before each, "another instance" saves the
 * conversation (adding 1 to `other`). Returns how many such writes happened.
 */
function loseRaces(storage: ConversationStore, key: string, times: number): () => number {
  const write = storage.write.bind(storage);
  const read = storage.read.bind(storage);
  let raced = 0;
  storage.write = async (changes) => {
    const item = changes[key] as Record<string, unknown> | undefined;
    if (item && raced < times && typeof item['eTag'] === 'string' && item['eTag'] !== '*') {
      raced++;
      const current = (await read([key]))[key] as Record<string, unknown>;
      await write({ [key]: { ...current, other: Number(current['other'] ?? 0) + 1 } });
    }
    return write(changes);
  };
  return () => raced;
}

/** Counts reads of `key`: one per run of a turn (the first access to its state), plus any forced reload. */
function countReads(storage: ConversationStore, key: string): () => number {
  const read = storage.read.bind(storage);
  let reads = 0;
  storage.read = (keys) => {
    if (keys.includes(key)) reads++;
    return read(keys);
  };
  return () => reads;
}

const questionOf = (replies: readonly ReplyActivity[] | Partial<Activity>[]) =>
  metas(replies as ReplyActivity[])
    .map((m) => m['questionId'])
    .filter(Boolean);

describe('NhsMailBot: a turn that loses the state race', () => {
  let bot: RunningBot;
  beforeEach(async () => {
    bot = await startBot();
  });
  afterEach(async () => {
    await bot.close();
    fs.rmSync(bot.dataDir, { recursive: true, force: true });
  });

  it('runs an expectReplies turn again on the fresh state, and answers once', async () => {
    const chat = new HttpChat(bot.baseUrl);
    const key = `webchat/conversations/${chat.conversationId}/`;
    expect(questionOf(await chat.send('how do I get NHSmail'))).to.deep.equal(['country']);
    const storage = bot.app.deps.storage;
    const raced = loseRaces(storage, key, 1);
    const reads = countReads(storage, key);

    const replies = await chat.send('England');
    expect(raced()).to.equal(1);
    expect(reads()).to.equal(2);
    expect(questionOf(replies)).to.deep.equal(['org-type']);
    expect(replies).to.have.length(metas(replies).length);

    // the other instance's change and this turn's answer are both kept
    const stored = (await storage.read([key]))[key] as Record<string, unknown>;
    expect(stored['other']).to.equal(1);
    expect(questionOf(await chat.send('dental practice'))).to.deep.equal(['sites-dental']);
  });

  it('answers 503 with Retry-After when the race is lost every time, and keeps the winners\' state', async () => {
    const chat = new HttpChat(bot.baseUrl);
    const key = `webchat/conversations/${chat.conversationId}/`;
    await chat.send('how do I get NHSmail');
    const raced = loseRaces(bot.app.deps.storage, key, Infinity);

    const res = await chat.post('England');
    expect(res.status).to.equal(503);
    expect(res.headers.get('retry-after')).to.equal('1');
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('conversation_busy');
    expect(raced()).to.equal(STATE_CONFLICT_RETRIES + 1);
    const stored = (await bot.app.deps.storage.read([key]))[key] as Record<string, unknown>;
    expect(stored['other']).to.equal(STATE_CONFLICT_RETRIES + 1);
  });

  it('does not run a turn again once its replies have gone out: the first writer\'s state is kept', async () => {
    const adapter = new TestAdapter((context) => bot.app.deps.bot.run(context));
    const key = 'test/conversations/Convo1/';
    await adapter.receiveActivity('how do I get NHSmail');
    expect(questionOf(adapter.activeQueue.splice(0))).to.deep.equal(['country']);
    const raced = loseRaces(bot.app.deps.storage, key, 1);
    const reads = countReads(bot.app.deps.storage, key);

    await adapter.receiveActivity('England');
    expect(raced()).to.equal(1);
    expect(reads()).to.equal(1);
    expect(questionOf(adapter.activeQueue.splice(0))).to.deep.equal(['org-type']);
    const stored = (await bot.app.deps.storage.read([key]))[key] as Record<string, unknown>;
    expect(stored['other']).to.equal(1);
    // this turn's answer was dropped with its state: the journey still waits for the country
    await adapter.receiveActivity('England');
    expect(questionOf(adapter.activeQueue.splice(0))).to.deep.equal(['org-type']);
  });
});

describe('withoutTypedMention', () => {
  const cases: [string, string | undefined, string][] = [
    // the bot's own name typed as a Teams mention in web chat, any case, with a comma or colon after
    ['@NHSmail Assistant can you get someone from the helpdesk', 'NHSmail Assistant', 'can you get someone from the helpdesk'],
    ['@nhsmail assistant: what is an ods code', 'NHSmail Assistant', 'what is an ods code'],
    // someone else's name, a longer word, no name from the channel, or nothing after it: as typed
    ['@Jo can you check this', 'NHSmail Assistant', '@Jo can you check this'],
    ['@NHSmail Assistants are great', 'NHSmail Assistant', '@NHSmail Assistants are great'],
    ['@NHSmail Assistant what is an ods code', undefined, '@NHSmail Assistant what is an ods code'],
    ['@NHSmail Assistant', 'NHSmail Assistant', '@NHSmail Assistant'],
  ];
  for (const [text, name, want] of cases) it(`${JSON.stringify(text)} (${name ?? 'no name'})`, () => expect(withoutTypedMention(text, name)).to.equal(want));
});
