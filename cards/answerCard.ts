// A knowledge-base answer: the answer, where it comes from, feedback buttons, related questions and the helpdesk.
import type { Replies } from '../knowledge/replies.js';
import { glossaryTermsIn } from '../knowledge/glossary.js';
import type { FaqEntry, Glossary, GlossaryTerm, Source } from '../knowledge/schema.js';
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

// an entry's terms depend only on its text and the glossary: found once, not on every answer (every glossary
// mark's pattern tried against the whole answer)
const entryTerms = new WeakMap<FaqEntry, { glossary: Glossary; terms: readonly GlossaryTerm[] }>();

/** The glossary terms an entry's answer or details use, for "What does this mean?". */
function termsOf(kb: AnswerKb, entry: FaqEntry): readonly GlossaryTerm[] {
  let found = entryTerms.get(entry);
  if (found?.glossary !== kb.glossary) {
    found = { glossary: kb.glossary, terms: glossaryTermsIn(`${entry.answer}\n${entry.more ?? ''}`, kb.glossary) };
    entryTerms.set(entry, found);
  }
  return found.terms;
}

function termLines(terms: readonly GlossaryTerm[]): string[] {
  return terms.map((t) => `**${t.term}**: ${t.means}`);
}

/** An inline card revealed by a button, for the details or the jargon. */
function revealed(items: CardElement[]): CardElement {
  return { type: 'AdaptiveCard', body: items };
}

/**
 * A knowledge-base answer: title, the short answer, "More" and "What does this mean?" revealing the details and the
 * jargon in place (Action.ShowCard: Teams lists it among its card actions and Web Chat's Adaptive Cards renderer
 * expands it itself, where Action.ToggleVisibility reaches Web Chat 4.18 as an "unknown action"; a host without it
 * falls back to a button that asks the bot for the details), the source in words, feedback, related questions, and
 * the helpdesk.
 */
export function answerCard(kb: AnswerKb, entry: FaqEntry, related: readonly FaqEntry[], { lead = false }: { lead?: boolean } = {}): CardReply {
  const r = kb.replies;
  // Leading a journey's next step, the answer keeps its More and its plain words, but not the feedback buttons,
  // related questions or the helpdesk button: the journey's own question follows, and two sets of buttons would compete.
  if (lead) return leadCard(kb, entry);
  const source = sourceLine(r, entrySource(kb, entry));
  const terms = termsOf(kb, entry);
  const body = answerTop(kb, entry, source, terms);
  body.push(textBlock(r.t('answer.helpful'), { spacing: 'Medium' }));
  body.push({
    type: 'ActionSet',
    actions: [
      submit(r.t('answer.yes'), { action: 'feedback', entryId: entry.id, helpful: true }),
      submit(r.t('answer.no'), { action: 'feedback', entryId: entry.id, helpful: false }),
    ],
  });
  // Related questions come after the feedback, so on a phone the first screen is the answer itself.
  if (related.length) {
    body.push(textBlock(r.t('answer.related'), { weight: 'Bolder', spacing: 'Medium', size: 'Small' }));
    // Each related question is a tappable line rather than a button: Teams does not wrap button text.
    for (const e of related) {
      body.push({
        type: 'Container',
        spacing: 'Small',
        style: 'emphasis',
        minHeight: '32px',
        verticalContentAlignment: 'Center',
        selectAction: submit(e.question, { action: 'ask', question: e.question }),
        items: [textBlock(e.question, { size: 'Small' })],
      });
    }
  }
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
    ...(entry.more || terms.length ? [r.t('answer.moreHint')] : []),
  ].join('\n\n');
  return {
    card: adaptiveCard(body, actions),
    text,
    meta: {
      kind: 'answer',
      entryId: entry.id,
      title: entry.title,
      source: entry.source,
      reviewed: entry.reviewed,
      related: related.map((e) => e.id),
      hasMore: !!entry.more,
      terms: terms.map((t) => t.term),
    },
  };
}

/** "More" and "What does this mean?", each opening in place, as one row (none when the entry has neither). */
function revealButtons(kb: AnswerKb, entry: FaqEntry, terms: ReturnType<typeof termsOf>): CardElement[] {
  const r = kb.replies;
  const reveals: CardElement[] = [];
  if (entry.more) {
    reveals.push({
      type: 'Action.ShowCard',
      title: r.t('answer.more'),
      card: revealed([textBlock(entry.more)]),
      fallback: submit(r.t('answer.more'), { action: 'more', entryId: entry.id }),
    });
  }
  if (terms.length) {
    reveals.push({
      type: 'Action.ShowCard',
      title: r.t('answer.terms'),
      card: revealed(termLines(terms).map((line) => textBlock(line, { spacing: 'Small' }))),
      fallback: submit(r.t('answer.terms'), { action: 'more', entryId: entry.id }),
    });
  }
  return reveals.length ? [{ type: 'ActionSet', actions: reveals }] : [];
}

/** What every answer card opens with: the title, the short answer, More and What does this mean?, the source. */
function answerTop(kb: AnswerKb, entry: FaqEntry, source: string, terms: ReturnType<typeof termsOf>): CardElement[] {
  return [heading(entry.title), textBlock(entry.answer), ...revealButtons(kb, entry, terms), note(source)];
}

/** An answer that leads a journey's next step: only the opening every answer card has. */
function leadCard(kb: AnswerKb, entry: FaqEntry): CardReply {
  const r = kb.replies;
  const source = sourceLine(r, entrySource(kb, entry));
  const terms = termsOf(kb, entry);
  const body = answerTop(kb, entry, source, terms);
  const text = [`**${entry.title}**`, entry.answer, `_${source}_`, ...(entry.more || terms.length ? [r.t('answer.moreHint')] : [])].join('\n\n');
  return {
    card: adaptiveCard(body),
    text,
    meta: { kind: 'answer', entryId: entry.id, title: entry.title, source: entry.source, reviewed: entry.reviewed, related: [], hasMore: !!entry.more, terms: terms.map((t) => t.term), lead: true },
  };
}

/** The details behind "More" (and the plain words for the jargon), sent when someone types "more" or a host cannot toggle. */
export function answerMoreCard(kb: AnswerKb, entry: FaqEntry): CardReply {
  const r = kb.replies;
  const terms = termsOf(kb, entry);
  const source = sourceLine(r, entrySource(kb, entry));
  const details = entry.more ?? entry.answer;
  const body: CardElement[] = [heading(entry.title), textBlock(details)];
  if (terms.length) {
    body.push(textBlock(r.t('answer.terms'), { weight: 'Bolder', spacing: 'Medium' }));
    for (const line of termLines(terms)) body.push(textBlock(line, { spacing: 'Small' }));
  }
  body.push(note(source));
  const text = [
    `**${entry.title}**`,
    details,
    ...(terms.length ? [`**${r.t('answer.terms')}**\n\n${termLines(terms).join('\n\n')}`] : []),
    `_${source}_`,
  ].join('\n\n');
  return { card: adaptiveCard(body), text, meta: { kind: 'answerMore', entryId: entry.id } };
}

/** Offered when the bot is not sure: the closest topics as buttons, and the helpdesk contacts. */
export function choicesCard(r: Replies, candidates: readonly FaqEntry[]): CardReply {
  // with no topics offered, "if none of these fit" would point at nothing
  const contacts = r.t(candidates.length ? 'unsure.contacts' : 'unsure.noneContacts', { email: r.t('contact.email'), phone: r.t('contact.phone') });
  const lead = candidates.length ? r.t('unsure.text') : r.t('unsure.none');
  const body: CardElement[] = [textBlock(lead)];
  if (candidates.length) {
    body.push({ type: 'ActionSet', actions: candidates.map((e) => submit(e.title, { action: 'ask', question: e.question })) });
  }
  body.push(note(contacts));
  const text = [lead, ...(candidates.length ? [numbered(candidates.map((e) => e.title))] : []), contacts].join('\n\n');
  return { card: adaptiveCard(body), text, meta: { kind: 'unsure', candidates: candidates.map((e) => e.id) } };
}
