// A knowledge-base answer: the answer, where it comes from, feedback buttons, related questions and the helpdesk.
import type { Replies } from '../knowledge/replies.js';
import type { FaqEntry, Glossary, Source } from '../knowledge/schema.js';
import { sourceLine } from '../knowledge/sources.js';
import { submit } from './actions.js';
import { adaptiveCard, heading, note, numbered, textBlock, type CardElement, type CardReply } from './elements.js';

/** What an answer card needs from the knowledge base (a KnowledgeContent has it all). */
export interface AnswerKb {
  readonly replies: Replies;
  readonly sources: ReadonlyMap<string, Source>;
  readonly glossary: Glossary;
}

function entrySource(kb: AnswerKb, entry: FaqEntry): Source {
  const source = kb.sources.get(entry.source);
  // The loader refuses an entry whose source is not in sources.yaml, so this is a programming error.
  if (!source) throw new Error(`entry ${entry.id}: unknown source ${entry.source}`);
  return source;
}

export function answerCard(kb: AnswerKb, entry: FaqEntry, related: readonly FaqEntry[]): CardReply {
  const r = kb.replies;
  const source = sourceLine(r, entrySource(kb, entry));
  const body: CardElement[] = [heading(entry.title), textBlock(entry.answer), note(source)];
  if (related.length) {
    body.push(textBlock(r.t('answer.related'), { weight: 'Bolder', spacing: 'Medium' }));
    // Each related question is a tappable line rather than a button: Teams does not wrap button text.
    for (const e of related) {
      body.push({
        type: 'Container',
        spacing: 'Small',
        style: 'emphasis',
        minHeight: '32px',
        verticalContentAlignment: 'Center',
        selectAction: submit(e.question, { action: 'ask', question: e.question }),
        items: [textBlock(e.question, { weight: 'Bolder' })],
      });
    }
  }
  body.push(textBlock(r.t('answer.helpful'), { spacing: 'Medium' }));
  body.push({
    type: 'ActionSet',
    actions: [
      submit(r.t('answer.yes'), { action: 'feedback', entryId: entry.id, helpful: true }),
      submit(r.t('answer.no'), { action: 'feedback', entryId: entry.id, helpful: false }),
    ],
  });
  const actions = entry.helpdesk
    ? [submit(r.t('answer.raise'), { action: 'raise', requestType: entry.helpdesk, entryId: entry.id }, 'positive')]
    : [];
  const text = [
    `**${entry.title}**`,
    entry.answer,
    `_${source}_`,
    ...(related.length ? [`${r.t('answer.related')}:\n${numbered(related.map((e) => e.question))}`] : []),
    ...(entry.helpdesk ? [`${r.t('answer.raise')}: type *raise a request*.`] : []),
    `${r.t('answer.helpful')} ${r.t('answer.typeHint')}`,
  ].join('\n\n');
  return {
    card: adaptiveCard(body, actions),
    text,
    meta: { kind: 'answer', entryId: entry.id, title: entry.title, source: entry.source, reviewed: entry.reviewed, related: related.map((e) => e.id) },
  };
}

/** Offered when the bot is not sure: the closest topics as buttons, and the helpdesk contacts. */
export function choicesCard(r: Replies, candidates: readonly FaqEntry[]): CardReply {
  const contacts = r.t('unsure.contacts', { email: r.t('contact.email'), phone: r.t('contact.phone') });
  const lead = candidates.length ? r.t('unsure.text') : r.t('unsure.none');
  const body: CardElement[] = [textBlock(lead)];
  if (candidates.length) {
    body.push({ type: 'ActionSet', actions: candidates.map((e) => submit(e.title, { action: 'ask', question: e.question })) });
  }
  body.push(note(contacts));
  const text = [lead, ...(candidates.length ? [numbered(candidates.map((e) => e.title))] : []), contacts].join('\n\n');
  return { card: adaptiveCard(body), text, meta: { kind: 'unsure', candidates: candidates.map((e) => e.id) } };
}
