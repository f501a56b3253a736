// The prompt behind each eligibility question: the card is drawn when it is shown, not kept in the conversation state.
import type { Activity, TurnContext } from 'botbuilder';
import type { PromptValidator } from 'botbuilder-dialogs';
import { DrawnTextPrompt } from './drawnPrompt.js';

/** What the prompt keeps: which question is on screen and how to draw it, a few dozen bytes rather than two cards. */
export interface QuestionValidations {
  questionId: string;
  /** whether the card offers "Back" */
  canGoBack: boolean;
  /** the line a retry leads with ("Sorry, I didn't catch that..."), as a replies key */
  retryKey: string;
  /** the answers so far, which the validator reads the reply against */
  answers: Record<string, unknown>;
}

/** Draws a question's card: `retryKey` set for the retry, which leads with that line. */
export type QuestionRenderer = (context: TurnContext, v: QuestionValidations, retry: boolean) => Partial<Activity> | undefined;

/**
 * A text prompt whose card is drawn from the question's id when it is shown or shown again: two question cards made
 * up three quarters of a conversation's stored state (see shownOptions). State written before this prompt (with its
 * activities) is shown as it was kept.
 */
export class QuestionPrompt extends DrawnTextPrompt {
  constructor(id: string, validator: PromptValidator<string>, render: QuestionRenderer) {
    super(id, validator, (context, options, retry) => {
      const v = options.validations as Partial<QuestionValidations> | undefined;
      return typeof v?.questionId === 'string' ? render(context, v as QuestionValidations, retry) : undefined;
    });
  }
}
