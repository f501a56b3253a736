// Scripted conversations as data: every test/conversations/*.yaml file is played through the real bot over HTTP,
// one new conversation (and person) each, and each turn's replies are checked against what the file expects.
// CONVERSATIONS=<fragment> plays only the files whose names contain it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parse } from 'yaml';
import { botForSuite, HttpChat, type ReplyActivity } from '../e2e/httpChat.js';
import {
  ConversationFileSchema,
  checkTurn,
  checkTicket,
  type Conversation,
} from './script.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const only = process.env['CONVERSATIONS'];
const files = fs
  .readdirSync(HERE)
  .filter((f) => f.endsWith('.yaml') && (!only || f.includes(only)))
  .sort();
const API_KEY = 'conversation-suite-helpdesk-key-0123456789';

for (const file of files) {
  const parsed = ConversationFileSchema.safeParse(parse(fs.readFileSync(path.join(HERE, file), 'utf8')));
  describe(`conversation script ${file}`, function () {
    if (!parsed.success) {
      it('is a valid script', () => expect.fail(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`));
      return;
    }
    const bot = botForSuite({ HELPDESK_API_KEY: API_KEY });
    for (const conversation of parsed.data.conversations) {
      it(conversation.name, async () => play(bot().baseUrl, conversation));
    }
  });
}

async function play(baseUrl: string, conversation: Conversation): Promise<void> {
  const chat = new HttpChat(baseUrl);
  const all: ReplyActivity[] = [];
  for (const [i, turn] of conversation.turns.entries()) {
    const replies = await chat.send('user' in turn ? turn.user : { value: turn.click });
    all.push(...replies);
    const problems = checkTurn(turn, replies);
    const said = 'user' in turn ? JSON.stringify(turn.user) : `click ${JSON.stringify(turn.click)}`;
    expect(problems, `turn ${i + 1} (${said}):\n  ${problems.join('\n  ')}`).to.deep.equal([]);
  }
  const problems = await checkTicket(conversation, all, async (ref) => {
    const res = await fetch(`${baseUrl}/api/tickets/${ref}`, { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(res.status, `GET /api/tickets/${ref}`).to.equal(200);
    return (await res.json()) as { type: string; fields: Record<string, unknown> };
  });
  expect(problems, `after the conversation:\n  ${problems.join('\n  ')}`).to.deep.equal([]);
}
