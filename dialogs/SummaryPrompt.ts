// The prompt behind the request summary card: a button from this card (by its one-time id) or typed text.
import type { TurnContext } from 'botbuilder';
import { Prompt, type PromptOptions, type PromptRecognizerResult, type PromptValidator } from 'botbuilder-dialogs';
import { CardActionSchema } from '../cards/actions.js';
import { FIELDS_BY_TYPE, FIELD_NAMES, type FieldName, type TicketFields, type TicketType } from '../helpdesk/model.js';
import { shownOptions, type PromptDrawer } from './drawnPrompt.js';
import { parseSummaryText, type SummaryChoice } from './requestText.js';

/** What the prompt checks a choice against (this card's one-time id and the request type), and draws the card from. */
export interface SummaryValidations {
  nonce: string;
  type: TicketType;
  /** the details the card shows; absent in state written before the card was drawn, which keeps the card itself */
  fields?: TicketFields;
}

const asField = (v: unknown): FieldName | undefined => (FIELD_NAMES as readonly unknown[]).includes(v) ? (v as FieldName) : undefined;

/**
 * Sends the summary card, drawn when shown (see shownOptions), and remembers its activity id; recognises its buttons
 * (by one-time id) and typed choices.
 */
export class SummaryPrompt extends Prompt<SummaryChoice> {
  constructor(
    id: string,
    validator: PromptValidator<SummaryChoice>,
    private readonly draw: PromptDrawer,
  ) {
    super(id, validator);
  }

  protected async onPrompt(context: TurnContext, state: Record<string, unknown>, kept: PromptOptions, isRetry: boolean): Promise<void> {
    const options = shownOptions(context, kept, isRetry, this.draw);
    if (isRetry && options.retryPrompt) {
      await context.sendActivity(options.retryPrompt);
      return;
    }
    if (options.prompt) {
      const res = await context.sendActivity(options.prompt);
      if (res?.id) state['cardId'] = res.id;
    }
  }

  protected async onRecognize(context: TurnContext, state: Record<string, unknown>, options: PromptOptions): Promise<PromptRecognizerResult<SummaryChoice>> {
    const v = options.validations as SummaryValidations;
    const cardId = typeof state['cardId'] === 'string' ? state['cardId'] : undefined;
    const value = context.activity.value as unknown;
    if (value !== undefined && !context.activity.text) {
      const action = CardActionSchema.safeParse(value);
      if (!action.success || action.data.action !== 'request') return { succeeded: false };
      if (action.data.nonce !== v.nonce) return { succeeded: true, value: { op: 'stale' } };
      const field = asField(action.data.field);
      if (action.data.op === 'change' && (!field || !FIELDS_BY_TYPE[v.type].includes(field))) return { succeeded: true, value: { op: 'which' } };
      return { succeeded: true, value: { op: action.data.op, ...(field ? { field } : {}), ...(cardId ? { cardId } : {}) } };
    }
    const parsed = parseSummaryText(context.activity.text ?? '', v.type);
    return parsed ? { succeeded: true, value: { ...parsed, ...(cardId ? { cardId } : {}) } } : { succeeded: false };
  }
}
