// The eligibility question prompt keeps the question's id in the conversation state, not its cards, and still shows
// state written before it as it was kept.
import { expect } from 'chai';
import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import type { PromptOptions } from 'botbuilder-dialogs';
import { QuestionPrompt, type QuestionValidations } from '../../dialogs/QuestionPrompt.js';
import { promptHarness } from './promptHarness.js';

const ID = 'question';

/** The prompt in a dialog set over MemoryStorage, so the stored state can be read back; `drawn` records each drawing. */
function harness(start: PromptOptions) {
  const drawn: { questionId: string; retry: boolean }[] = [];
  const render = (_context: TurnContext, v: QuestionValidations, retry: boolean): Partial<Activity> => {
    drawn.push({ questionId: v.questionId, retry });
    return { type: ActivityTypes.Message, text: `${retry ? 'Sorry. ' : ''}Question ${v.questionId}${v.canGoBack ? ' (back)' : ''}` };
  };
  return { ...promptHarness(new QuestionPrompt(ID, async (pc) => pc.recognized.value !== 'banana', render), start), drawn };
}

const validations: QuestionValidations = { questionId: 'country', canGoBack: true, retryKey: 'eligibility.notUnderstood', answers: { orgType: 'dental' } };

describe('QuestionPrompt', () => {
  it('draws the question when shown and again, leading with the retry line, on an answer it cannot read', async () => {
    const { adapter, drawn, ended } = harness({ validations });
    await adapter.send('hello').assertReply('Question country (back)').send('banana').assertReply('Sorry. Question country (back)').send('England').startTest();
    expect(drawn).to.deep.equal([
      { questionId: 'country', retry: false },
      { questionId: 'country', retry: true },
    ]);
    expect(ended).to.deep.equal(['England']);
  });

  it('keeps only the question id and how to draw it in the stored state, no activity or card', async () => {
    const { adapter, memory } = harness({ validations });
    await adapter.send('hello').assertReply('Question country (back)').startTest();
    const stored = Object.values(memory).join('');
    expect(stored).to.include('"questionId":"country"');
    expect(stored).not.to.include('"prompt"').and.not.to.include('retryPrompt').and.not.to.include('attachments');
  });

  it('shows state written before it (its prompt and retry activities) as it was kept', async () => {
    const { adapter, drawn } = harness({ prompt: 'Old question?', retryPrompt: 'Old retry?', validations });
    await adapter.send('hello').assertReply('Old question?').send('banana').assertReply('Old retry?').startTest();
    expect(drawn).to.deep.equal([]);
  });
});
