// Every knowledge-base card the bot can send (each entry's answer, the choices, the welcome) is valid and its buttons parse.
import { expect } from 'chai';
import { CardActionSchema } from '../../cards/actions.js';
import { answerCard, choicesCard } from '../../cards/answerCard.js';
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
