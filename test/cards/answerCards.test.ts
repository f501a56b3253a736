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

  /** The buttons that reveal part of the card in place (Action.ShowCard), by title. */
  const reveals = (body: readonly CardElement[]) =>
    body
      .filter((e) => e['type'] === 'ActionSet')
      .flatMap((e) => e['actions'] as CardElement[])
      .filter((a) => a['type'] === 'Action.ShowCard');
  const revealing = (body: readonly CardElement[], title: string) => reveals(body).find((a) => a['title'] === title);

  it('puts the answer first: the title, then the short answer, with details and jargon only behind buttons', () => {
    for (const entry of kb.entries) {
      const { card } = answerCard(kb, entry, related(entry));
      expect(card.body[0]!['text'], entry.id).to.equal(entry.title);
      expect(card.body[1]!['text'], entry.id).to.equal(entry.answer);
      const shown = JSON.stringify(card.body.filter((e) => e['type'] !== 'ActionSet'));
      if (entry.more) expect(shown, entry.id).to.not.include(JSON.stringify(entry.more).slice(1, -1));
    }
  });

  it('has a More button exactly when there are details, revealing them, and asking the bot for them where it cannot', () => {
    for (const entry of kb.entries) {
      const { card, text } = answerCard(kb, entry, []);
      const more = revealing(card.body, kb.replies.t('answer.more'));
      expect(!!more, entry.id).to.equal(!!entry.more);
      if (!more) continue;
      expect(JSON.stringify(more['card']), entry.id).to.include(JSON.stringify(entry.more).slice(1, -1));
      expect(more['fallback'], entry.id).to.deep.include({ type: 'Action.Submit', data: { action: 'more', entryId: entry.id } });
      expect(text.endsWith(kb.replies.t('answer.moreHint')), entry.id).to.equal(true);
    }
  });

  it('offers "What does this mean?" exactly when the answer or its details use glossary terms, explaining each', () => {
    let offered = 0;
    for (const entry of kb.entries) {
      const terms = glossaryTermsIn(`${entry.answer}\n${entry.more ?? ''}`, kb.glossary);
      const { card, meta } = answerCard(kb, entry, []);
      const button = revealing(card.body, kb.replies.t('answer.terms'));
      expect(!!button, entry.id).to.equal(terms.length > 0);
      expect(meta?.['terms'], entry.id).to.deep.equal(terms.map((t) => t.term));
      if (!button) continue;
      offered++;
      const inside = JSON.stringify(button['card']);
      for (const t of terms) expect(inside, `${entry.id}: ${t.term}`).to.include(t.means);
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

  it('points at the topics offered only when there are some, and gives the helpdesk either way', () => {
    const some = choicesCard(kb.replies, kb.entries.slice(0, 3)).text;
    const none = choicesCard(kb.replies, []).text;
    expect(some).to.include('If none of these fit');
    expect(none).to.not.include('none of these');
    for (const text of [some, none]) expect(text).to.include('helpdesk@nhs.net');
  });
});
