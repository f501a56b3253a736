// One prompt in a dialog set over MemoryStorage, driven by a TestAdapter: the prompt tests read the stored state back.
import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import { type Dialog, DialogSet, DialogTurnStatus, type PromptOptions } from 'botbuilder-dialogs';

/**
 * Starts `dialog` (a prompt) with `start` on the first message and continues it after; `memory` holds each stored
 * item as MemoryStorage keeps it (JSON text), `ended` what the prompt returned each time it ended.
 */
export function promptHarness(dialog: Dialog, start: PromptOptions) {
  const memory: Record<string, string> = {};
  const conversationState = new ConversationState(new MemoryStorage(memory));
  const dialogs = new DialogSet(conversationState.createProperty('dialogState'));
  dialogs.add(dialog);
  const ended: unknown[] = [];
  const adapter = new TestAdapter(async (context) => {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.prompt(dialog.id, start);
    else if (result.status === DialogTurnStatus.complete) ended.push(result.result);
    await conversationState.saveChanges(context);
  });
  return { adapter, memory, ended };
}
