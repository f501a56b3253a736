// Every knowledge-base card the bot can send (each entry's answer, the choices, the welcome) is valid and its buttons parse.
import { expect } from 'chai';
import { CardActionSchema } from '../../cards/actions.js';
import { answerCard, answerMoreCard, choicesCard } from '../../cards/answerCard.js';
import type { CardElement } from '../../cards/elements.js';
import { glossaryTermsIn } from '../../knowledge/glossary.js';
import { welcomeCard } from '../../cards/welcomeCard.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import type { FaqEntry } from '../../knowledge/schema.js';
import { cardProblems, submits } from './cardCheck.js';

const kb = loadKnowledge();
const related = (e: FaqEntry) => e.related.map((id) => kb.byId.get(id)).filter((x): x is FaqEntry => !!x);

describe('knowledge-base cards', () => {
  it('every entry renders an answer card the Adaptive Cards parser accepts, with a plain-text twin', () => {
    for (const entry of kb.entries) {
      const reply = answerCard(kb, entry, related(entry));
      expect(cardProblems(reply.card), entry.id).to.deep.equal([]);
      expect(reply.text, entry.id).to.include(entry.title).and.include(kb.sources.get(entry.source)!.title).and.not.include('.txt');
      expect(reply.meta).to.include({ kind: 'answer', entryId: entry.id });
      for (const data of submits(reply.card)) expect(CardActionSchema.safeParse(data).success, JSON.stringify(data)).to.equal(true);
    }
  });

  it('shows the source in words: title, publisher and date, never a file name', () => {
    const entry = kb.entries.find((e) => e.source === '003_9ae6f10ea5748e71.txt') as FaqEntry;
    const json = JSON.stringify(answerCard(kb, entry, []).card);
    expect(json).to.include('NHSmail for social care providers: overview (NHSmail support site, reviewed 17 September 2024)');
    expect(json).to.not.include('.txt');
  });

  /** Every element of a card body, depth first, in the order a reader meets them. */
  const flat = (els: readonly CardElement[]): CardElement[] =>
    els.flatMap((e) => [e, ...flat((e['items'] as CardElement[] | undefined) ?? [])]);
  const toggles = (body: readonly CardElement[]) =>
    flat(body)
      .filter((e) => e['type'] === 'ActionSet')
      .flatMap((e) => e['actions'] as CardElement[])
      .filter((a) => a['type'] === 'Action.ToggleVisibility');

  it('puts the answer first: the title, then the short answer, with details and jargon hidden until asked for', () => {
    for (const entry of kb.entries) {
      const { body } = answerCard(kb, entry, related(entry)).card;
      expect(body[0]!['text'], entry.id).to.equal(entry.title);
      expect(body[1]!['text'], entry.id).to.equal(entry.answer);
      const hidden = body.filter((e) => e['isVisible'] === false);
      for (const h of hidden) expect(h['type'], entry.id).to.equal('Container');
      const targets = toggles(body).flatMap((t) => t['targetElements'] as string[]);
      expect(targets.sort(), entry.id).to.deep.equal(hidden.map((h) => h['id'] as string).sort());
    }
  });

  it('has a More button exactly when there are details, revealing them, and asking the bot for them where toggling is not supported', () => {
    for (const entry of kb.entries) {
      const { card, text } = answerCard(kb, entry, []);
      const more = toggles(card.body).find((t) => t['title'] === kb.replies.t('answer.more'));
      expect(!!more, entry.id).to.equal(!!entry.more);
      if (!more) continue;
      const target = card.body.find((e) => e['id'] === (more['targetElements'] as string[])[0]);
      expect(JSON.stringify(target), entry.id).to.include(JSON.stringify(entry.more).slice(1, -1));
      expect(more['fallback'], entry.id).to.deep.include({ type: 'Action.Submit', data: { action: 'more', entryId: entry.id } });
      expect(text.endsWith(kb.replies.t('answer.moreHint')), entry.id).to.equal(true);
    }
  });

  it('offers "What does this mean?" exactly when the answer or its details use glossary terms, explaining each', () => {
    let offered = 0;
    for (const entry of kb.entries) {
      const terms = glossaryTermsIn(`${entry.answer}\n${entry.more ?? ''}`, kb.glossary);
      const { card, meta } = answerCard(kb, entry, []);
      const button = toggles(card.body).find((t) => t['title'] === kb.replies.t('answer.terms'));
      expect(!!button, entry.id).to.equal(terms.length > 0);
      expect(meta?.['terms'], entry.id).to.deep.equal(terms.map((t) => t.term));
      if (!button) continue;
      offered++;
      const target = JSON.stringify(card.body.find((e) => e['id'] === (button['targetElements'] as string[])[0]));
      for (const t of terms) expect(target, `${entry.id}: ${t.term}`).to.include(t.means);
    }
    expect(offered).to.be.greaterThan(5);
  });

  it('keeps related questions after the feedback buttons, so the first screen on a phone is the answer', () => {
    const entry = kb.byId.get('locked-out') as FaqEntry;
    const body = answerCard(kb, entry, related(entry)).card.body;
    const feedbackAt = body.findIndex((e) => e['type'] === 'ActionSet' && JSON.stringify(e).includes('"feedback"'));
    const relatedAt = body.findIndex((e) => e['text'] === kb.replies.t('answer.related'));
    expect(feedbackAt).to.be.greaterThan(1);
    expect(relatedAt).to.be.greaterThan(feedbackAt);
  });

  it('sends the details as their own reply, with the jargon explained, for every entry', () => {
    for (const entry of kb.entries) {
      const reply = answerMoreCard(kb, entry);
      expect(cardProblems(reply.card), entry.id).to.deep.equal([]);
      expect(reply.meta, entry.id).to.deep.equal({ kind: 'answerMore', entryId: entry.id });
      expect(reply.text, entry.id).to.include(entry.more ?? entry.answer);
      for (const t of glossaryTermsIn(`${entry.answer}\n${entry.more ?? ''}`, kb.glossary)) expect(reply.text, entry.id).to.include(t.means);
    }
  });

  it('offers "Raise a helpdesk request" exactly on entries the helpdesk handles', () => {
    for (const entry of kb.entries) {
      const raise = submits(answerCard(kb, entry, []).card).filter((d) => (d as { action: string }).action === 'raise');
      expect(raise.length, entry.id).to.equal(entry.helpdesk ? 1 : 0);
    }
  });

  it('renders the choices card with and without candidates, and the welcome card', () => {
    for (const reply of [choicesCard(kb.replies, kb.entries.slice(0, 3)), choicesCard(kb.replies, []), welcomeCard(kb.replies)]) {
      expect(cardProblems(reply.card)).to.deep.equal([]);
      expect(reply.text.length).to.be.greaterThan(20);
      for (const data of submits(reply.card)) expect(CardActionSchema.safeParse(data).success, JSON.stringify(data)).to.equal(true);
    }
  });
});
