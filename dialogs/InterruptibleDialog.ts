// Base for every journey: help, cancel, menu, start over and questions to the knowledge base work at any step.
import { ComponentDialog, DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { CardActionSchema } from '../cards/actions.js';
import type { IntentMatcher } from '../knowledge/intents.js';
import type { Replies } from '../knowledge/replies.js';
import { isQuestion, QUESTION_STYLES } from '../knowledge/language/question.js';
import type { FaqResponder } from './FaqResponder.js';
import type { Menu } from './Menu.js';
import { sendText } from './render.js';

export interface InterruptDeps {
  intents: IntentMatcher;
  replies: Replies;
  menu: Menu;
  faq: FaqResponder;
  /** the bot's Microsoft App ID, when it has one: links that open a personal chat with it */
  botAppId?: string;
}

/** What a journey hands back to the root when it stops early. */
export interface JourneyExit {
  /** the root should route this same activity again (a menu button, "menu", "start over") */
  reroute?: boolean;
  cancelled?: boolean;
  /** a request journey that filed a ticket: its type, so a follow-up ("how long will that take?") is read with it */
  requestType?: string;
}

export abstract class InterruptibleDialog extends ComponentDialog {
  constructor(
    id: string,
    protected readonly interrupts: InterruptDeps,
  ) {
    super(id);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return (await this.interrupt(innerDc)) ?? super.onContinueDialog(innerDc);
  }

  /**
   * Whether the text is meant as an answer to the question now on screen. Journeys whose prompts take
   * free text (names, justifications) override this so those answers are never taken for questions.
   */
  protected async isAnswerToCurrentPrompt(_dc: DialogContext, _text: string): Promise<boolean> {
    return false;
  }

  /**
   * Whether a message that is no question in form still asks the knowledge base something, rather than the question on
   * screen: the check reads "i dont know my ods code", said to how many practices there are, as asking about the code.
   * Other journeys take such a message to their own prompt ("not sure which one" when choosing a request type).
   */
  protected async asksAboutOtherThing(_dc: DialogContext, _text: string): Promise<boolean> {
    return false;
  }

  /** "start over" inside a journey; journeys may restart themselves instead of going to the menu. */
  protected async onStartOver(innerDc: DialogContext): Promise<DialogTurnResult> {
    await innerDc.cancelAllDialogs();
    return { status: DialogTurnStatus.complete, result: { reroute: true } satisfies JourneyExit };
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const activity = innerDc.context.activity;
    const text = (activity.text ?? '').trim();
    const action = CardActionSchema.safeParse(activity.value);
    if (!text && action.success && ['menu', 'start', 'ask', 'raise', 'showRoute'].includes(action.data.action)) {
      // A button from the menu or an answer card, clicked mid-journey: leave the journey and act on it.
      await innerDc.cancelAllDialogs();
      return { status: DialogTurnStatus.complete, result: { reroute: true } satisfies JourneyExit };
    }
    if (!text && action.success && action.data.action === 'more') {
      // "More" on the answer that led this journey, where the host cannot open it in place: the details, then the question again
      await this.interrupts.faq.more(innerDc.context, action.data.entryId);
      await innerDc.repromptDialog();
      return { status: DialogTurnStatus.waiting };
    }
    if (!text) return undefined;
    // Safety first, at any step: an emergency always; a clinical question when it is not an answer to the prompt.
    const answers = await this.isAnswerToCurrentPrompt(innerDc, text);
    const asks = !answers && (isQuestion(text, QUESTION_STYLES.notAnAnswer) || (await this.asksAboutOtherThing(innerDc, text)));
    if (await this.interrupts.faq.safetyFirst(innerDc.context, text, { clinical: asks })) return { status: DialogTurnStatus.waiting };
    // only a clear request for a person, never an answer to the question on screen ("we need to talk to staff...")
    if (!answers && (await this.interrupts.faq.person(innerDc.context, text, { offer: false, clearOnly: true }))) {
      await innerDc.repromptDialog();
      return { status: DialogTurnStatus.waiting };
    }
    switch (this.interrupts.intents.match(text)) {
      case 'help':
        await this.interrupts.menu.help(innerDc.context);
        await innerDc.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      case 'cancel':
        await innerDc.cancelAllDialogs();
        await sendText(innerDc.context, this.interrupts.replies.t('cancel.done'));
        return { status: DialogTurnStatus.complete, result: { cancelled: true } satisfies JourneyExit };
      case 'menu':
        await innerDc.cancelAllDialogs();
        return { status: DialogTurnStatus.complete, result: { reroute: true } satisfies JourneyExit };
      case 'startOver':
        return this.onStartOver(innerDc);
      default:
        break;
    }
    // "same for dentists?" after the answer that led the journey: that answer's question asked about dentists is
    // answered; then the journey takes the message as it would have (a correction of what it was told), or, when
    // it is no answer to the question on screen, asks that question again
    if (await this.interrupts.faq.answerElided(innerDc.context, text, { lead: answers })) {
      if (answers) return undefined;
      await innerDc.repromptDialog();
      return { status: DialogTurnStatus.waiting };
    }
    if (asks) {
      if (await this.interrupts.faq.answerIfConfident(innerDc.context, text)) {
        await innerDc.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      }
    } else if (!answers && (await this.interrupts.faq.answerRelatedStatement(innerDc.context, text))) {
      // "we don't have an ODS code" after the answer that led the journey: a follow-up to it, then the question again
      await innerDc.repromptDialog();
      return { status: DialogTurnStatus.waiting };
    }
    return undefined;
  }
}
