// Reads the bot's replies the way tests compare them (a text back to its reply key, a card's facts, one label
// per reply), so expectations name keys and never literal wording, with one copy of each helper.
import { loadKnowledge } from '../../knowledge/loader.js';
import type { Replies } from '../../knowledge/replies.js';

/** What the helpers read from a reply, whether a botbuilder activity or JSON from an HTTP body. */
export interface ReplyLike {
  text?: string;
  summary?: string;
  channelData?: unknown;
  attachments?: { content?: unknown }[];
}

let defaultReplies: Replies | undefined;
const tables = new WeakMap<Replies, { key: string; re: RegExp }[]>();

/** Every reply as a pattern, its placeholders matching any text. */
function table(replies: Replies): { key: string; re: RegExp }[] {
  let rows = tables.get(replies);
  if (!rows) {
    const hole = new Proxy({}, { get: () => '\u0000' });
    rows = replies.keys().map((key) => ({
      key,
      re: new RegExp(`^${replies.t(key, hole).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\u0000/g, '[\\s\\S]+')}$`),
    }));
    tables.set(replies, rows);
  }
  return rows;
}

/** True when the reply's wording has letters of its own besides its placeholders. */
function hasWords(key: string, replies: Replies = (defaultReplies ??= loadKnowledge().replies)): boolean {
  return /[a-z]/i.test(replies.t(key, new Proxy({}, { get: () => '' })));
}

/** The reply key a text was made from, or the text itself when no key fits. */
export function keyOf(text = '', replies: Replies = (defaultReplies ??= loadKnowledge().replies)): string {
  return table(replies).find((t) => t.re.test(text))?.key ?? text;
}

/** The machine-readable facts a card reply carries (kind, entryId, nonce, ref...); empty for plain text. */
export function metaOf(a: ReplyLike | undefined): Record<string, unknown> {
  return (a?.channelData as { nhsmail?: Record<string, unknown> } | undefined)?.nhsmail ?? {};
}

/** The plain text of a reply, or the fallback text of its card. */
export function textOf(a: ReplyLike | undefined): string {
  const hero = (a?.attachments?.[0]?.content as { text?: string } | undefined)?.text;
  return a?.text || a?.summary || hero || '';
}

/**
 * One short label per reply for tables of cases: `answer:<entry>`, `q:<eligibility question>`,
 * `route:<eligibility outcome>`, `card:<kind>` for other cards, `text:<reply key>` for text.
 */
export function label(a: ReplyLike): string {
  const meta = metaOf(a);
  const kind = meta['kind'];
  if (kind === 'answer') return `answer:${String(meta['entryId'])}`;
  if (kind === 'eligibilityQuestion') return `q:${String(meta['questionId'])}`;
  if (kind === 'eligibility') return `route:${String(meta['route'])}`;
  // plain text that carries a kind (offTopic, safety, feedback, a part of a message left unanswered) is still named by its
  // reply key; other kinds sent as text where cards are not shown (answerMore, selfService...) keep their kind
  const textKinds = ['offTopic', 'safety', 'feedback'];
  if ((textKinds.includes(String(kind)) || meta['part'] !== undefined) && a.text && !a.attachments?.length) {
    const key = keyOf(a.text);
    if (key !== a.text && hasWords(key)) return `text:${key}`;
  }
  if (kind) return `card:${String(kind)}`;
  return `text:${keyOf(a.text ?? '')}`;
}
