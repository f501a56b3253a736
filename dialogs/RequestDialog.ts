// The "raise a helpdesk request" journey: pick the type, ask only what the helpdesk needs, confirm a summary, file it once.
import { randomUUID } from 'node:crypto';
import { CardFactory, InputHints, MessageFactory, TurnContext, type Activity, type CardAction as BotCardAction } from 'botbuilder';
import {
  ChoicePrompt,
  ConfirmPrompt,
  Dialog,
  DialogTurnStatus,
  ListStyle,
  TextPrompt,
  WaterfallDialog,
  type Choice,
  type DialogContext,
  type DialogTurnResult,
  type FoundChoice,
  type PromptOptions,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { CardActionSchema } from '../cards/actions.js';
import { filedCard, labelKey, statusKey, summaryCard, typeKey, usedSummaryCard } from '../cards/ticketCards.js';
import type { CardReply } from '../cards/elements.js';
import { FIELDS_BY_TYPE, TICKET_TYPES, type FieldName, type TicketFields, type TicketType } from '../helpdesk/model.js';
import { containsSecret } from '../knowledge/redact.js';
import { FilingLimitError, OpenDuplicateError, type HelpdeskService } from '../helpdesk/service.js';
import { JUSTIFICATION_MIN_WORDS, MAX_EXTRA_ACCOUNTS, londonDate, validateField, type InvalidCode } from '../helpdesk/validators.js';
import { storableReference } from './conversationReference.js';
import { InterruptibleDialog, type InterruptDeps, type JourneyExit } from './InterruptibleDialog.js';
import { isOwner, isSharedConversation, ownerOf, personalChatReply, type JourneyOwner } from './ownership.js';
import { cardActivity, requireDurableState, sendReply, sendText } from './render.js';
import { defaultLanguage } from '../knowledge/loader.js';
import { parseSummaryText, saysNotSure, typeFromText, type RequestOptions, type SummaryChoice } from './requestText.js';
import { SummaryPrompt, type SummaryValidations } from './SummaryPrompt.js';

export const REQUEST_DIALOG = 'request';
const MAIN = 'request.main';
const FIELDS = 'request.fields';
const SUMMARY = 'request.summary';
const TYPE_PROMPT = 'request.typePrompt';
const YES_NO_PROMPT = 'request.yesNoPrompt';
const TEXT_PROMPT = 'request.textPrompt';
const SUMMARY_PROMPT = 'request.summaryPrompt';
/** Where the journey keeps who began it, beside the component's own dialog stack. */
const OWNER = 'request.owner';

interface FieldsOptions {
  type: TicketType;
  fields: TicketFields;
  queue: FieldName[];
}

interface SummaryOptions {
  type: TicketType;
  fields: TicketFields;
  /** the note the journey began with (RequestOptions.summary), filed with the ticket */
  note?: string;
  /** they were shown their open ticket of this kind and chose to send this one as well */
  allowDuplicate?: boolean;
}

interface FieldValidations {
  field: FieldName;
  type: TicketType;
}

export interface RequestDialogDeps {
  service: HelpdeskService;
  now?: () => Date;
}

/** The waterfall's own memory for this journey. */
const vals = (step: WaterfallStepContext) => step.values as { type?: TicketType; nonce?: string; note?: string };

const asType = (v: unknown): TicketType | undefined => (TICKET_TYPES as readonly unknown[]).includes(v) ? (v as TicketType) : undefined;

export class RequestDialog extends InterruptibleDialog {
  private readonly now: () => Date;

  constructor(
    interrupts: InterruptDeps,
    private readonly deps: RequestDialogDeps,
  ) {
    super(REQUEST_DIALOG, interrupts);
    this.now = deps.now ?? (() => new Date());
    const typePrompt = new ChoicePrompt(TYPE_PROMPT, this.validateType.bind(this));
    typePrompt.style = ListStyle.heroCard;
    this.addDialog(typePrompt)
      .addDialog(new ConfirmPrompt(YES_NO_PROMPT, this.validateYesNo.bind(this), 'en-gb'))
      .addDialog(new TextPrompt(TEXT_PROMPT, this.validateAnswer.bind(this)))
      .addDialog(new SummaryPrompt(SUMMARY_PROMPT, this.validateSummary.bind(this)))
      .addDialog(
        new WaterfallDialog(MAIN, [this.chooseTypeStep.bind(this), this.introStep.bind(this), this.decideStep.bind(this), this.summaryStep.bind(this)]),
      )
      .addDialog(new WaterfallDialog(FIELDS, [this.askFieldStep.bind(this), this.storeFieldStep.bind(this)]))
      .addDialog(new WaterfallDialog(SUMMARY, [this.showSummaryStep.bind(this), this.actOnSummaryStep.bind(this), this.afterChangeStep.bind(this)]));
    this.initialDialogId = MAIN;
  }

  private get r() {
    return this.interrupts.replies;
  }

  private get phone() {
    return this.r.t('contact.phone');
  }

  /**
   * Begins only in a personal conversation, and remembers who began it: the journey collects their
   * personal details and files a ticket in their name, so nobody else may answer or send it.
   */
  override async beginDialog(outerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    if (isSharedConversation(outerDc.context.activity)) {
      await sendText(outerDc.context, personalChatReply(this.r, outerDc.context.activity, this.interrupts.botAppId));
      return outerDc.endDialog({ cancelled: true } satisfies JourneyExit);
    }
    (outerDc.activeDialog!.state as Record<string, unknown>)[OWNER] = ownerOf(outerDc.context.activity);
    return super.beginDialog(outerDc, options);
  }

  /** Someone other than the person who began it is refused and the journey waits; one left in a shared conversation ends. */
  override async continueDialog(outerDc: DialogContext): Promise<DialogTurnResult> {
    const activity = outerDc.context.activity;
    if (isSharedConversation(activity)) {
      // begun before requests were kept to personal chats: its details must not be shown here
      await sendText(outerDc.context, personalChatReply(this.r, activity, this.interrupts.botAppId));
      return outerDc.endDialog({ cancelled: true } satisfies JourneyExit);
    }
    const owner = (outerDc.activeDialog?.state as Record<string, unknown> | undefined)?.[OWNER] as JourneyOwner | undefined;
    if (owner && !isOwner(owner, activity)) {
      await sendText(outerDc.context, this.r.t('request.notYours'));
      return Dialog.EndOfTurn;
    }
    return super.continueDialog(outerDc);
  }

  /**
   * A summary whose request was already filed means the saved conversation state lagged behind (it is
   * written after the turn, so a crash can lose the last write): the journey is over, so the message
   * goes back to the root. A Send click still reaches the prompt, which files idempotently.
   */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const active = innerDc.activeDialog;
    const text = (innerDc.context.activity.text ?? '').trim();
    if (text && active?.id === SUMMARY_PROMPT) {
      const nonce = ((active.state as { options?: PromptOptions }).options?.validations as SummaryValidations | undefined)?.nonce;
      if (nonce && (await this.deps.service.store.findByIdempotencyKey(idempotencyKey(innerDc.context.activity, nonce)))) {
        await innerDc.cancelAllDialogs();
        return { status: DialogTurnStatus.complete, result: { reroute: true } satisfies JourneyExit };
      }
    }
    return super.onContinueDialog(innerDc);
  }

  /** Free-text answers that are valid for the question on screen are answers, even if they read like questions. */
  protected override async isAnswerToCurrentPrompt(dc: DialogContext, text: string): Promise<boolean> {
    const active = dc.activeDialog;
    if (!active) return false;
    if (containsSecret(text)) return true;
    const options = (active.state as { options?: PromptOptions } | undefined)?.options;
    if (active.id === TEXT_PROMPT) {
      const v = options?.validations as FieldValidations | undefined;
      return !!v && validateField(v.field, text, { today: londonDate(this.now()), type: v.type }).ok;
    }
    if (active.id === SUMMARY_PROMPT) {
      const v = options?.validations as SummaryValidations | undefined;
      return !!v && parseSummaryText(text, v.type) !== undefined;
    }
    return false;
  }

  // ---- main flow ---------------------------------------------------------------------------

  /** Uses the type given by a button or detected in the text, else asks for it. */
  private async chooseTypeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const type = asType((step.options as RequestOptions | undefined)?.requestType);
    const note = (step.options as RequestOptions | undefined)?.summary;
    if (typeof note === 'string' && note) vals(step).note = note;
    if (type) return step.next(type);
    const choices: Choice[] = TICKET_TYPES.map((t) => ({ value: t, action: { type: 'imBack', title: this.typeTitle(t), value: this.typeTitle(t) }, synonyms: [...defaultLanguage().typeSynonyms[t]] }));
    // ChoiceFactory's hero card titles its buttons with the choice values (ticket type ids), so the card is built here.
    const card = (text: string) => {
      const activity = MessageFactory.attachment(CardFactory.heroCard('', text, undefined, choices.map((c) => c.action as BotCardAction)));
      activity.inputHint = InputHints.ExpectingInput;
      return activity;
    };
    return step.prompt(TYPE_PROMPT, { prompt: card(this.r.t('request.typePrompt')), retryPrompt: card(this.r.t('request.typeRetry')), choices, style: ListStyle.none });
  }

  /** Says what this request involves; for a lost shared mailbox or a deleted account, guidance comes first. */
  private async introStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const type = (typeof step.result === 'string' ? step.result : (step.result as FoundChoice).value) as TicketType;
    vals(step).type = type;
    await sendText(step.context, this.r.t(`request.intro.${typeKey(type)}`, { phone: this.phone }));
    if (type === 'shared-mailbox-access') return step.prompt(YES_NO_PROMPT, { prompt: this.r.t('request.recordOffer'), retryPrompt: this.r.t('request.yesNoRetry') });
    if (type === 'deleted-account') return step.prompt(YES_NO_PROMPT, { prompt: this.r.t('request.deletedStill'), retryPrompt: this.r.t('request.yesNoRetry') });
    return step.next(true);
  }

  /** Stops politely if they only needed the guidance; otherwise asks for each needed detail. */
  private async decideStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const type = vals(step).type as TicketType;
    if (step.result === false) {
      await sendText(step.context, type === 'shared-mailbox-access' ? this.r.t('request.phoneOnly', { phone: this.phone }) : this.r.t('request.deletedTryFirst'));
      return step.endDialog();
    }
    return step.beginDialog(FIELDS, { type, fields: {}, queue: [...FIELDS_BY_TYPE[type]] } satisfies FieldsOptions);
  }

  /** Shows the summary to confirm, change or cancel. */
  private async summaryStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const note = vals(step).note;
    return step.replaceDialog(SUMMARY, { type: vals(step).type as TicketType, fields: step.result as TicketFields, ...(note ? { note } : {}) } satisfies SummaryOptions);
  }

  // ---- one field at a time -------------------------------------------------------------------

  /** Asks for the next detail in the queue, or hands back the details once all are in. */
  private async askFieldStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const o = step.options as FieldsOptions;
    const field = o.queue[0];
    if (!field) return step.endDialog(o.fields);
    const question = this.question(o.type, field);
    return step.prompt(TEXT_PROMPT, { prompt: question, retryPrompt: question, validations: { field, type: o.type } satisfies FieldValidations });
  }

  /** Keeps the checked, normalised answer (never the raw text) and moves to the next detail. */
  private async storeFieldStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const o = step.options as FieldsOptions;
    const field = o.queue[0] as FieldName;
    const checked = validateField(field, String(step.result ?? ''), { today: londonDate(this.now()), type: o.type });
    if (!checked.ok) return step.replaceDialog(FIELDS, o);
    return step.replaceDialog(FIELDS, { type: o.type, fields: { ...o.fields, [field]: checked.value }, queue: o.queue.slice(1) } satisfies FieldsOptions);
  }

  // ---- summary -----------------------------------------------------------------------------

  /** Sends the summary card with a fresh one-time id. */
  private async showSummaryStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const o = step.options as SummaryOptions;
    const nonce = randomUUID();
    vals(step).nonce = nonce;
    const card = summaryCard(this.r, o.type, o.fields, nonce);
    return step.prompt(SUMMARY_PROMPT, {
      prompt: cardActivity(step.context, card) as Activity,
      retryPrompt: this.r.t('request.summary.typeHint'),
      validations: { nonce, type: o.type } satisfies SummaryValidations,
    });
  }

  /** Files it, starts changing one detail, or cancels; the used card is replaced so it cannot be used again. */
  private async actOnSummaryStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const o = step.options as SummaryOptions;
    const choice = step.result as SummaryChoice;
    const r = this.r;
    if (choice.op === 'cancel') {
      await this.replaceCard(step.context, choice.cardId, usedSummaryCard(r, o.type, o.fields, r.t('request.summary.used.cancelled')));
      await sendText(step.context, r.t('request.cancelled'));
      return step.endDialog({ cancelled: true });
    }
    if (choice.op === 'change' && choice.field) {
      const label = r.t(labelKey(o.type, choice.field)).toLowerCase();
      await this.replaceCard(step.context, choice.cardId, usedSummaryCard(r, o.type, o.fields, r.t('request.summary.used.changing', { field: label })));
      const { [choice.field]: _dropped, ...rest } = o.fields;
      return step.beginDialog(FIELDS, { type: o.type, fields: rest, queue: [choice.field] } satisfies FieldsOptions);
    }
    const activity = step.context.activity;
    let filed;
    try {
      filed = await this.deps.service.file({
        type: o.type,
        fields: o.fields,
        requester: {
          channelId: activity.channelId,
          userId: activity.from.id,
          conversation: storableReference(activity) as Record<string, unknown>,
        },
        idempotencyKey: idempotencyKey(activity, vals(step).nonce as string),
        conversationId: activity.conversation.id,
        ...(o.note ? { note: o.note } : {}),
        duplicates: o.allowDuplicate ? 'allow' : 'offer',
      });
    } catch (err) {
      if (err instanceof OpenDuplicateError) return this.offerOpenTicket(step, choice.cardId, err.ticket);
      if (err instanceof FilingLimitError) {
        await sendText(step.context, r.t('request.limited', { minutes: Math.max(1, Math.ceil(err.retryAfterMs / 60_000)), phone: this.phone }));
      } else {
        await sendText(step.context, r.t('request.failed', { phone: this.phone }));
      }
      return step.replaceDialog(SUMMARY, o);
    }
    const { ticket, created } = filed;
    requireDurableState(step.context);
    await this.replaceCard(step.context, choice.cardId, usedSummaryCard(r, o.type, o.fields, r.t('request.summary.used.filed', { ref: ticket.ref })));
    if (created) await sendReply(step.context, filedCard(r, ticket, { phone: this.phone }));
    else await sendText(step.context, r.t('request.filed.already', { ref: ticket.ref }));
    return step.endDialog({ ref: ticket.ref, requestType: o.type });
  }

  /** Points to the open ticket this request repeats; the summary comes again, and sending it now files anyway. */
  private async offerOpenTicket(step: WaterfallStepContext, cardId: string | undefined, open: { ref: string; status: Parameters<typeof statusKey>[0] }): Promise<DialogTurnResult> {
    const o = step.options as SummaryOptions;
    const r = this.r;
    await this.replaceCard(step.context, cardId, usedSummaryCard(r, o.type, o.fields, r.t('request.summary.used.duplicate', { ref: open.ref })));
    await sendText(step.context, r.t('request.duplicate', { ref: open.ref, status: r.t(`request.statusName.${statusKey(open.status)}`).toLowerCase() }));
    return step.replaceDialog(SUMMARY, { ...o, allowDuplicate: true } satisfies SummaryOptions);
  }

  /** After a detail is changed, shows the summary again with a new one-time id. */
  private async afterChangeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const o = step.options as SummaryOptions;
    return step.replaceDialog(SUMMARY, { type: o.type, fields: { ...o.fields, ...(step.result as TicketFields) }, ...(o.note ? { note: o.note } : {}) } satisfies SummaryOptions);
  }

  // ---- validators --------------------------------------------------------------------------

  private async validateType(pc: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    if (pc.recognized.succeeded) return true;
    const text = pc.context.activity.text ?? '';
    const said = typeFromText(text);
    if (said) {
      // "my account was deleted" is an answer even though it is not one of the titles
      pc.recognized.succeeded = true;
      pc.recognized.value = { value: said, index: TICKET_TYPES.indexOf(said), score: 1 };
      return true;
    }
    if (containsSecret(text)) return this.refuse(pc, this.r.t('request.noSecrets'));
    if (saysNotSure(text)) return this.refuse(pc, this.r.t('request.typeNotSure', { phone: this.phone }));
    return false;
  }

  private async validateYesNo(pc: PromptValidatorContext<boolean>): Promise<boolean> {
    if (pc.recognized.succeeded) return true;
    if (containsSecret(pc.context.activity.text ?? '')) return this.refuse(pc, this.r.t('request.noSecrets'));
    return false;
  }

  /** Checks an answer for its field; a refusal says exactly what is wrong, then the question is asked again. */
  private async validateAnswer(pc: PromptValidatorContext<string>): Promise<boolean> {
    const v = pc.options.validations as FieldValidations;
    if (!pc.recognized.succeeded) {
      if (CardActionSchema.safeParse(pc.context.activity.value).data?.action === 'request') return this.refuse(pc, this.r.t('request.summary.stale'));
      return false;
    }
    const checked = validateField(v.field, pc.recognized.value ?? '', { today: londonDate(this.now()), type: v.type });
    if (checked.ok) return true;
    return this.refuse(pc, this.invalid(checked.code));
  }

  private async validateSummary(pc: PromptValidatorContext<SummaryChoice>): Promise<boolean> {
    const choice = pc.recognized.value;
    if (!pc.recognized.succeeded || !choice) {
      if (containsSecret(pc.context.activity.text ?? '')) return this.refuse(pc, this.r.t('request.noSecrets'));
      return false;
    }
    if (choice.op === 'stale') return this.refuse(pc, this.r.t('request.summary.stale'));
    if (choice.op === 'which') {
      await sendText(pc.context, this.r.t('request.summary.which'));
      return false;
    }
    return true;
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** Says why an answer was refused, then asks the question again (the prompt itself stays quiet once we have replied). */
  private async refuse(pc: PromptValidatorContext<unknown>, why: string): Promise<false> {
    await sendText(pc.context, why);
    const again = pc.options.retryPrompt;
    if (typeof again === 'string') await sendText(pc.context, again);
    else if (again) await pc.context.sendActivity(again);
    return false;
  }

  private typeTitle(type: TicketType): string {
    return this.r.t(`request.type.${typeKey(type)}`);
  }

  private question(type: TicketType, field: FieldName): string {
    let key = `request.ask.${field}`;
    if (field === 'name' && type === 'name-change') key = 'request.ask.nameCurrent';
    if (field === 'email' && type === 'extra-accounts') key = 'request.ask.emailContact';
    return this.r.t(key, { min: JUSTIFICATION_MIN_WORDS });
  }

  private invalid(code: InvalidCode): string {
    return this.r.t(`request.invalid.${code}`, { min: JUSTIFICATION_MIN_WORDS, max: MAX_EXTRA_ACCOUNTS, phone: this.phone });
  }

  /** Replaces a used summary card where the channel can update messages; elsewhere the one-time id still guards it. */
  private async replaceCard(context: TurnContext, cardId: string | undefined, reply: CardReply): Promise<void> {
    if (!cardId) return;
    try {
      await context.updateActivity({ ...cardActivity(context, reply), id: cardId, type: 'message' });
    } catch {
      // this channel cannot update messages
    }
  }
}

/** The key that makes filing from one summary card happen once, whoever clicks how often. */
export function idempotencyKey(activity: Pick<Activity, 'channelId' | 'conversation'>, nonce: string): string {
  return `${activity.channelId}|${activity.conversation.id}|${nonce}`;
}
