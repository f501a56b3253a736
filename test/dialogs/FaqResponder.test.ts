// FaqResponder reads the follow-up and several-question phrase lists as the language made them at load, not afresh each turn,
// and a "did you mean" pick with the words of language.yaml's `choices`.
import path from 'node:path';
import { expect } from 'chai';
import { ConversationState, MemoryStorage } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { FaqResponder, type FaqMemory } from '../../dialogs/FaqResponder.js';
import { Menu } from '../../dialogs/Menu.js';
import { RootDialog } from '../../dialogs/RootDialog.js';
import { defaultEligibility } from '../../knowledge/eligibility/loader.js';
import { nationReader } from '../../knowledge/eligibility/nations.js';
import { IntentMatcher } from '../../knowledge/intents.js';
import { Language } from '../../knowledge/language/language.js';
import { LanguageFileSchema, type LanguageFile } from '../../knowledge/language/schema.js';
import { loadKnowledge, readYaml } from '../../knowledge/loader.js';
import { KnowledgeSearch } from '../../knowledge/search.js';
import { CONTENT_DIR } from '../../lib/paths.js';
import { metaOf } from '../support/replies.js';

/**
 * A root dialog over its own knowledge content, so a test may change the content's lists once it is built; with
 * `language`, the content's words are those.
 */
function client(language?: Language) {
  const loaded = loadKnowledge();
  const kb = language ? { ...loaded, language } : loaded;
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

describe('FaqResponder: a "did you mean" pick', () => {
  // a question the knowledge base is not sure about: it offers choices
  const UNSURE = 'what if an account is left alone for ages';

  /** The shipped language.yaml with its `choices` words replaced. */
  function languageWith(choices: LanguageFile['choices']): Language {
    const problems: string[] = [];
    const file = readYaml(path.join(CONTENT_DIR, 'language.yaml'), LanguageFileSchema, problems);
    expect(problems).to.deep.equal([]);
    return new Language({ ...file!, choices });
  }

  /** The topics offered for UNSURE, and the entry (or reply kind) the pick then got. */
  async function pick(text: string, language?: Language): Promise<{ offered: string[]; got: string }> {
    const { test } = client(language);
    const offered = metaOf(await test.sendActivity(UNSURE))['candidates'] as string[];
    const reply = await test.sendActivity(text);
    return { offered, got: String(metaOf(reply)['entryId'] ?? metaOf(reply)['kind']) };
  }

  const other = languageWith({ leadIns: ['el', 'es'], tails: ['por favor'], ordinals: { primero: 1, segundo: 2 }, last: ['ultimo'] });

  it('picks with the shipped words', async () => {
    const second = await pick('its the second one please');
    expect(second.offered).to.have.length.within(2, 3);
    expect(second.got).to.equal(second.offered[1]);
    const last = await pick('the last one');
    expect(last.got).to.equal(last.offered[last.offered.length - 1]);
  });

  it('picks with the words the content gives it, and no longer with words it no longer lists', async () => {
    const second = await pick('es el segundo por favor', other);
    expect(second.got).to.equal(second.offered[1]);
    const first = await pick('el primero', other);
    expect(first.got).to.equal(first.offered[0]);
    const last = await pick('el ultimo', other);
    expect(last.got).to.equal(last.offered[last.offered.length - 1]);
    // a number is no word of the list: still read
    const two = await pick('el 2 por favor', other);
    expect(two.got).to.equal(two.offered[1]);
    // the shipped words are no pick: each is searched as a question of its own, not read as the topic it would pick
    for (const [text, at] of [['the second one', 1], ['the last one', -1], ['first', 0]] as const) {
      const { offered, got } = await pick(text, other);
      expect(got, text).to.not.equal(offered.at(at));
    }
  });

  it('the shipped words do not read the other words as a pick', async () => {
    const { offered, got } = await pick('es el segundo por favor');
    expect(offered).to.not.include(got);
  });
});
