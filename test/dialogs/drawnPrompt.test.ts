// Prompts that draw their cards when shown keep only what draws them in the conversation state, send what they sent
// when they kept the cards, and still show state written before them as it was kept.
import { expect } from 'chai';
import { ActivityTypes, CardFactory, MessageFactory, type CardAction } from 'botbuilder';
import { ListStyle, type Choice, type Dialog, type FoundChoice, type PromptOptions } from 'botbuilder-dialogs';
import { DrawnChoicePrompt, DrawnTextPrompt, type PromptDrawer } from '../../dialogs/drawnPrompt.js';
import { promptHarness } from './promptHarness.js';

const ID = 'drawn';

/** The prompt in a dialog set over MemoryStorage, so the stored state can be read back; `drawn` records each drawing. */
function harness(make: (draw: PromptDrawer) => Dialog, start: PromptOptions) {
  const drawn: boolean[] = [];
  const draw: PromptDrawer = (_context, options, retry) => {
    drawn.push(retry);
    const text = `${retry ? 'Sorry. ' : ''}Question ${(options.validations as { id: string }).id}`;
    const actions = (options.choices ?? []).flatMap((c) => (typeof c === 'object' && c.action ? [c.action as CardAction] : []));
    return actions.length ? MessageFactory.attachment(CardFactory.heroCard('', text, undefined, actions), text, undefined, 'expectingInput') : { type: ActivityTypes.Message, text };
  };
  return { ...promptHarness(make(draw), start), drawn };
}

const text = () => (draw: PromptDrawer) => new DrawnTextPrompt(ID, async (pc) => pc.recognized.value !== 'banana', draw);
const choices: Choice[] = [
  { value: 'locked-out', action: { type: 'imBack', title: 'I am locked out', value: 'I am locked out' }, synonyms: ['password'] },
  { value: 'leaver', action: { type: 'imBack', title: 'I am leaving', value: 'I am leaving' }, synonyms: ['moving'] },
];
const choice = () => (draw: PromptDrawer) => {
  const prompt = new DrawnChoicePrompt(ID, undefined, draw);
  prompt.style = ListStyle.heroCard;
  return prompt;
};

describe('drawn prompts', () => {
  it('draw only the activity a showing sends, marked as waiting for an answer as a kept one was', async () => {
    const { adapter, drawn, ended } = harness(text(), { validations: { id: 'q1' } });
    await adapter
      .send('hello')
      .assertReply((a) => expect(a).to.include({ text: 'Question q1', inputHint: 'expectingInput' }))
      .send('banana')
      .assertReply((a) => expect(a).to.include({ text: 'Sorry. Question q1', inputHint: 'expectingInput' }))
      .send('fine')
      .startTest();
    expect(drawn).to.deep.equal([false, true]);
    expect(ended).to.deep.equal(['fine']);
  });

  it('keep a retry given as text, and draw the prompt', async () => {
    const { adapter, drawn } = harness(text(), { retryPrompt: 'Yes or no?', validations: { id: 'q1' } });
    await adapter.send('hello').assertReply('Question q1').send('banana').assertReply('Yes or no?').startTest();
    expect(drawn).to.deep.equal([false]);
  });

  it('a choice prompt keeps its choices and no card, and reads typed and clicked answers against them', async () => {
    for (const [answer, value] of [
      ['I am leaving', 'leaver'],
      ['password', 'locked-out'],
      ['2', 'leaver'],
    ] as const) {
      const { adapter, memory, ended } = harness(choice(), { choices, style: ListStyle.none, validations: { id: 'type' } });
      await adapter
        .send('hello')
        .assertReply((a) => {
          expect(a.attachments?.[0]?.contentType).to.equal('application/vnd.microsoft.card.hero');
          expect(a.inputHint).to.equal('expectingInput');
        })
        .startTest();
      const stored = Object.values(memory).join('');
      expect(stored).to.include('"value":"leaver"').and.include('"title":"I am leaving"');
      expect(stored).not.to.include('attachments').and.not.to.include('Question type');
      await adapter.send('banana').assertReply((a) => expect(a.attachments?.[0]?.content.text).to.equal('Sorry. Question type')).send(answer).startTest();
      expect(ended.map((found) => (found as FoundChoice).value), answer).to.deep.equal([value]);
    }
  });

  it('show state written before them (their prompt and retry activities) as it was kept', async () => {
    for (const make of [text(), choice()]) {
      const { adapter, drawn } = harness(make, { prompt: 'Old question?', retryPrompt: 'Old retry?', choices, style: ListStyle.none, validations: { id: 'q1' } });
      await adapter.send('hello').assertReply('Old question?').send('banana').assertReply('Old retry?').startTest();
      expect(drawn).to.deep.equal([]);
    }
  });
});
