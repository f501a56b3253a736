// The shape of a scripted conversation file, and the checks of one turn's replies and of the ticket it filed.
import { z } from 'zod';
import { loadKnowledge } from '../../knowledge/loader.js';
import type { Replies } from '../../knowledge/replies.js';
import type { ReplyActivity } from '../e2e/httpChat.js';
import { metaOf } from '../support/replies.js';

const oneOrMany = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const Expectation = z.strictObject({
  /** a reply has this meta kind (a list: each is present) */
  kind: oneOrMany.optional(),
  /** some reply's meta holds these fields, with these values */
  meta: z.record(z.string(), z.unknown()).optional(),
  /** reply keys whose text appears in a reply, placeholders matching anything */
  says: oneOrMany.optional(),
  /** substrings (case-insensitive) or /regex/flags, matched against all the turn's reply text */
  text: oneOrMany.optional(),
});
type Expectation = z.infer<typeof Expectation>;

const Turn = z.union([
  z.strictObject({ user: z.string().min(1), expect: Expectation.optional(), never: Expectation.optional() }),
  z.strictObject({ click: z.record(z.string(), z.unknown()), expect: Expectation.optional(), never: Expectation.optional() }),
]);
export type Turn = z.infer<typeof Turn>;

const ConversationSchema = z
  .strictObject({
    name: z.string().min(3),
    covers: z.array(z.string().min(1)).min(1),
    turns: z.array(Turn).min(1),
    ticket: z.strictObject({ type: z.string().min(1), fields: z.record(z.string(), z.unknown()).optional() }).optional(),
    noTicket: z.literal(true).optional(),
  })
  .refine((c) => !(c.ticket && c.noTicket), 'give ticket or noTicket, not both');
export type Conversation = z.infer<typeof ConversationSchema>;

export const ConversationFileSchema = z
  .strictObject({ version: z.literal(1), conversations: z.array(ConversationSchema).min(1) })
  .refine((f) => new Set(f.conversations.map((c) => c.name)).size === f.conversations.length, 'conversation names must be unique');

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Every piece of text a reply shows: its text, and every text, title and fact of its card. */
export function replyTexts(reply: ReplyActivity): string[] {
  const out: string[] = [];
  if (reply.text) out.push(reply.text);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && ['text', 'title', 'value', 'placeholder', 'label'].includes(key)) out.push(value);
      else if (typeof value === 'object') walk(value);
    }
  };
  for (const a of reply.attachments ?? []) walk(a.content);
  return out;
}

let replies: Replies | undefined;
const patterns = new Map<string, RegExp>();

/** The reply key's text as a pattern found anywhere in a longer text, its placeholders matching anything. */
function keyPattern(key: string): RegExp {
  let re = patterns.get(key);
  if (!re) {
    replies ??= loadKnowledge().replies;
    if (!replies.keys().includes(key)) throw new Error(`unknown reply key "${key}"`);
    const hole = new Proxy({}, { get: () => '\u0000' });
    const source = replies
      .t(key, hole)
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\s+/g, '\\s+')
      .replace(/\u0000/g, '[\\s\\S]*?');
    re = new RegExp(source);
    patterns.set(key, re);
  }
  return re;
}

function textMatcher(spec: string): (text: string) => boolean {
  const re = /^\/(.+)\/([a-z]*)$/s.exec(spec);
  if (re) {
    const pattern = new RegExp(re[1]!, re[2]);
    return (t) => pattern.test(t);
  }
  const needle = spec.toLowerCase();
  return (t) => t.toLowerCase().includes(needle);
}

function subset(actual: unknown, wanted: unknown): boolean {
  if (wanted === null || typeof wanted !== 'object') return actual === wanted || (wanted === null && actual === undefined);
  if (Array.isArray(wanted)) return Array.isArray(actual) && wanted.length === actual.length && wanted.every((w, i) => subset(actual[i], w));
  if (!actual || typeof actual !== 'object') return false;
  return Object.entries(wanted).every(([k, v]) => subset((actual as Record<string, unknown>)[k], v));
}

/** Each part of an expectation that holds for these replies, labelled, so both expect and never can report. */
function evaluate(e: Expectation, replies: readonly ReplyActivity[]): { label: string; holds: boolean }[] {
  const metas = replies.map(metaOf);
  const text = replies.flatMap(replyTexts).join('\n');
  const out: { label: string; holds: boolean }[] = [];
  for (const kind of list(e.kind)) out.push({ label: `a reply of kind ${kind}`, holds: metas.some((m) => m['kind'] === kind) });
  if (e.meta) out.push({ label: `a reply whose meta has ${JSON.stringify(e.meta)}`, holds: metas.some((m) => subset(m, e.meta)) });
  for (const key of list(e.says)) out.push({ label: `the reply "${key}"`, holds: keyPattern(key).test(text) });
  for (const spec of list(e.text)) out.push({ label: `the text ${JSON.stringify(spec)}`, holds: textMatcher(spec)(text) });
  return out;
}

/** What is wrong with one turn's replies; empty when all is as expected. */
export function checkTurn(turn: Turn, replies: readonly ReplyActivity[]): string[] {
  const seen = () =>
    `replies were: ${replies.map((r) => `[${String(metaOf(r)['kind'] ?? 'text')}] ${replyTexts(r).join(' | ').slice(0, 300)}`).join(' // ') || '(none)'}`;
  const problems = [
    ...(turn.expect ? evaluate(turn.expect, replies).filter((p) => !p.holds).map((p) => `expected ${p.label}`) : []),
    ...(turn.never ? evaluate(turn.never, replies).filter((p) => p.holds).map((p) => `did not expect ${p.label}`) : []),
  ];
  return problems.length ? [...problems, seen()] : [];
}

/** Checks the requests filed during the conversation (by their filed cards) against `ticket` / `noTicket`. */
export async function checkTicket(
  conversation: Conversation,
  replies: readonly ReplyActivity[],
  fetchTicket: (ref: string) => Promise<{ type: string; fields: Record<string, unknown> }>,
): Promise<string[]> {
  const refs = replies.map(metaOf).filter((m) => m['kind'] === 'requestFiled').map((m) => String(m['ref']));
  if (conversation.noTicket) return refs.length ? [`expected no request filed, but ${refs.join(', ')} was filed`] : [];
  if (!conversation.ticket) return [];
  if (refs.length !== 1) return [`expected exactly one request filed, got ${refs.length}`];
  const ticket = await fetchTicket(refs[0]!);
  const problems: string[] = [];
  if (ticket.type !== conversation.ticket.type) problems.push(`expected a ${conversation.ticket.type} request, got ${ticket.type}`);
  for (const [field, want] of Object.entries(conversation.ticket.fields ?? {})) {
    if (!subset(ticket.fields[field], want)) problems.push(`field ${field}: expected ${JSON.stringify(want)}, got ${JSON.stringify(ticket.fields[field])}`);
  }
  return problems;
}
