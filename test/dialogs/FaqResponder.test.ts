// FaqResponder reads the follow-up and several-question phrase lists as the language made them at load, not afresh each turn.
import { expect } from 'chai';
import { ConversationState, MemoryStorage } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { FaqResponder, type FaqMemory } from '../../dialogs/FaqResponder.js';
import { Menu } from '../../dialogs/Menu.js';
import { RootDialog } from '../../dialogs/RootDialog.js';
import { defaultEligibility } from '../../knowledge/eligibility/loader.js';
import { nationReader } from '../../knowledge/eligibility/nations.js';
import { IntentMatcher } from '../../knowledge/intents.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import { KnowledgeSearch } from '../../knowledge/search.js';
import { metaOf } from '../support/replies.js';

/** A root dialog over its own knowledge content, so a test may change the content's lists once it is built. */
function client() {
  const kb = loadKnowledge();
  const intents = IntentMatcher.load();
  const conversationState = new ConversationState(new MemoryStorage());
  const faq = new FaqResponder({
    kb,
    search: new KnowledgeSearch(kb.entries, kb.lexicon),
    intents,
    memory: conversationState.createProperty<FaqMemory>('faq'),
    nations: nationReader(defaultEligibility()),
  });
  const interrupts = { intents, replies: kb.replies, menu: new Menu(kb.replies), faq };
  return { kb, test: new DialogTestClient('test', new RootDialog(interrupts, []), undefined, [], conversationState) };
}

/** The entries answered, each message in turn. */
async function answered(test: DialogTestClient, messages: readonly string[]): Promise<string[][]> {
  const all: string[][] = [];
  for (const text of messages) {
    const ids: string[] = [];
    for (let reply = await test.sendActivity(text); reply; reply = test.getNextReply()) ids.push(String(metaOf(reply)['entryId'] ?? metaOf(reply)['kind']));
    all.push(ids);
  }
  return all;
}

describe('FaqResponder: phrase lists', () => {
  const conversations: string[][] = [
    // a fallback ("doesnt work", followUp.otherwise) after an answer
    ['can i unlock my account myself', 'what if it still doesnt work'],
    // several questions: a later part asking only how to reach someone (split.reach, followUp.contact)
    ['can i reset my password myself or do i have to ring the helpdesk and whats their number'],
    // a follow-up opening as one carries on ("and if", followUp.openers) with no word pointing back
    ['how do i get an nhsmail account', 'and if we are a pharmacy'],
  ];

  for (const messages of conversations) {
    it(`answers ${JSON.stringify(messages)} the same with the file's lists emptied once the responder is built`, async () => {
      const want = await answered(client().test, messages);
      const { kb, test } = client();
      const { split, followUp } = kb.language;
      for (const list of [split.joiners, split.conditions, split.another, split.reach, followUp.openers, followUp.otherwise]) (list as string[]).length = 0;
      // the first contact phrase is the question a contact part is searched with, read as typed
      (followUp.contact as string[]).length = 1;
      expect(await answered(test, messages)).to.deep.equal(want);
    });
  }
});
