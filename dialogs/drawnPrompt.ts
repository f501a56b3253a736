// Prompts whose cards are drawn when they are shown, not kept in the conversation state.
import { InputHints, type Activity, type TurnContext } from 'botbuilder';
import { ChoicePrompt, TextPrompt, type FoundChoice, type PromptOptions, type PromptValidator } from 'botbuilder-dialogs';

/**
 * Draws what a prompt shows from the little its options keep (`validations`; a choice prompt's `choices`), the retry
 * when `retry` is set; undefined where there is nothing to draw (the options keep that one as text, or none is sent).
 */
export type PromptDrawer = (context: TurnContext, options: PromptOptions, retry: boolean) => Partial<Activity> | string | undefined;

/**
 * The options as botbuilder's prompts read them, with the activity this showing sends. botbuilder keeps a prompt's
 * options, prompt and retry activities included, in the dialog state, which is read, hashed and written on every
 * turn, so the options keep what the card is drawn from and the card is drawn here, only the one this showing
 * needs. State written before a prompt drew its cards (`prompt` set) is shown as it was kept.
 */
export function shownOptions(context: TurnContext, options: PromptOptions, isRetry: boolean, draw: PromptDrawer): PromptOptions {
  if (options.prompt) return options;
  const retryPrompt = isRetry ? (options.retryPrompt ?? expectingInput(draw(context, options, true))) : undefined;
  // a prompt with no retry shows the prompt again
  return retryPrompt ? { ...options, retryPrompt } : { ...options, prompt: expectingInput(draw(context, options, false)) };
}

/** Marks a drawn activity as waiting for an answer, as Prompt.beginDialog marks the activities it is given. */
function expectingInput(activity: Partial<Activity> | string | undefined): Partial<Activity> | string | undefined {
  return activity && typeof activity === 'object' && typeof activity.inputHint !== 'string' ? { ...activity, inputHint: InputHints.ExpectingInput } : activity;
}

/** A text prompt that draws its cards when shown (see shownOptions). */
export class DrawnTextPrompt extends TextPrompt {
  constructor(
    id: string,
    validator: PromptValidator<string> | undefined,
    private readonly draw: PromptDrawer,
  ) {
    super(id, validator);
  }

  /** The options with what a showing sends; a validator that answers a refusal itself sends the retry from these. */
  shown(context: TurnContext, options: PromptOptions, isRetry: boolean): PromptOptions {
    return shownOptions(context, options, isRetry, this.draw);
  }

  protected override async onPrompt(context: TurnContext, state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
    await super.onPrompt(context, state, this.shown(context, options, isRetry), isRetry);
  }
}

/**
 * A choice prompt that draws its cards when shown (see shownOptions). The `choices` stay in the options: the
 * prompt recognises a typed or clicked answer against them, and the drawer can draw the buttons from them.
 */
export class DrawnChoicePrompt extends ChoicePrompt {
  constructor(
    id: string,
    validator: PromptValidator<FoundChoice> | undefined,
    private readonly draw: PromptDrawer,
  ) {
    super(id, validator);
  }

  /** The options with what a showing sends; a validator that answers a refusal itself sends the retry from these. */
  shown(context: TurnContext, options: PromptOptions, isRetry: boolean): PromptOptions {
    return shownOptions(context, options, isRetry, this.draw);
  }

  protected override async onPrompt(context: TurnContext, state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
    await super.onPrompt(context, state, this.shown(context, options, isRetry), isRetry);
  }
}
