// The "raise a helpdesk request" journey: pick the type, ask only what the helpdesk needs, confirm a summary, file it once.
import { randomUUID } from 'node:crypto';
import { CardFactory, InputHints, MessageFactory, TurnContext, type Activity, type CardAction as BotCardAction } from 'botbuilder';
import {
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
import { filedCard, labelKey, requestQuestionCard, statusKey, summaryCard, typeKey, usedSummaryCard } from '../cards/ticketCards.js';
import type { CardReply } from '../cards/elements.js';
import type { Logger } from 'pino';
import { askedFields, fieldApplies, isOptional, TICKET_TYPES, type FieldName, type TicketFields, type TicketType } from '../helpdesk/model.js';
import { readAnswer, readFacts, saysCancel, type Answer } from '../helpdesk/answers.js';
import { containsSecret } from '../knowledge/redact.js';
import { FilingLimitError, OpenDuplicateError, type HelpdeskService } from '../helpdesk/service.js';
import { justificationMinWords, MAX_EXTRA_ACCOUNTS, londonDate, type InvalidCode } from '../helpdesk/validators.js';
import { storableReference } from './conversationReference.js';
import { InterruptibleDialog, type InterruptDeps, type JourneyExit } from './InterruptibleDialog.js';
import { isOwner, isSharedConversation, ownerOf, personalChatReply, type JourneyOwner } from './ownership.js';
import { cardActivity, requireDurableState, sendReply, sendText } from './render.js';
import { DrawnChoicePrompt, DrawnTextPrompt, type PromptDrawer } from './drawnPrompt.js';
import { defaultLanguage } from '../knowledge/loader.js';
import { aboutSomeoneElse, ANSWER_THEN_DETAILS, asksWhatIf, declinesOffer, parseSummaryText, readAdminAnswer, readSelfServiceAnswer, saysNotSure, settledByOpener, typeFromText, type RequestOptions, type SummaryChoice } from './requestText.js';
import { SummaryPrompt, type SummaryValidations } from './SummaryPrompt.js';

export const REQUEST_DIALOG = 'request';
const MAIN = 'request.main';
const FIELDS = 'request.fields';
const SUMMARY = 'request.summary';
const TYPE_PROMPT = 'request.typePrompt';
const YES_NO_PROMPT = 'request.yesNoPrompt';
const TEXT_PROMPT = 'request.textPrompt';
const SUMMARY_PROMPT = 'request.summaryPrompt';
const SELF_SERVICE_PROMPT = 'request.selfServicePrompt';
const ADMIN_PROMPT = 'request.adminPrompt';
/** Where the journey keeps who began it, beside the component's own dialog stack. */
const OWNER = 'request.owner';

interface FieldsOptions {
  type: TicketType;
  fields: TicketFields;
  /** the request is for someone else (a leaver reported by their manager): the questions say "their", not "your" */
  forOther?: true;
  /** set when one detail is being changed at the summary: ask only this one */
  only?: FieldName;
}

interface SummaryOptions {
  type: TicketType;
  fields: TicketFields;
  forOther?: true;
  /** the note the journey began with (RequestOptions.summary), filed with the ticket */
  note?: string;
  /** they were shown their open ticket of this kind and chose to send this one as well */
  allowDuplicate?: boolean;
}

/** What the self-service and mailbox admin prompts keep to draw their card: the line it leads with, as a replies key. */
interface LeadValidations {
  leadKey: string;
}

interface FieldValidations {
  field: FieldName;
  type: TicketType;
  /** details already known, so a message that answers others instead ("leaving on friday") is kept, not refused */
  known?: FieldName[];
}

export interface RequestDialogDeps {
  service: HelpdeskService;
  now?: () => Date;
  /** counts how often self-service password reset was enough (no personal details) */
  logger?: Pick<Logger, 'info'>;
}

/**
 * The knowledge-base entry about a detail the request asks for: when someone does not know it, a follow-up ("where do
 * i find it") is read with that entry, not with the answer shown before the request began.
 */
export const FIELD_ENTRIES: Partial<Readonly<Record<FieldName, string>>> = { odsCode: 'ods-code' };

/** The waterfall's own memory for this journey: the type, the summary's one-time id, details read before the first question, and the note it began with. */
const vals = (step: WaterfallStepContext) => step.values as { type?: TicketType; nonce?: string; facts?: TicketFields; typed?: string; note?: string; answered?: boolean; about?: string; forOther?: true };

const asType = (v: unknown): TicketType | undefined => (TICKET_TYPES as readonly unknown[]).includes(v) ? (v as TicketType) : undefined;

export class RequestDialog extends InterruptibleDialog {
  private readonly now: () => Date;
  /** kept to draw the type's retry card when the validator refuses an answer itself */
  private readonly typePrompt: DrawnChoicePrompt;

  constructor(
    interrupts: InterruptDeps,
    private readonly deps: RequestDialogDeps,
  ) {
    super(REQUEST_DIALOG, interrupts);
    this.now = deps.now ?? (() => new Date());
    // the cards of these prompts are drawn when shown, not kept in the conversation state (see shownOptions)
    this.typePrompt = new DrawnChoicePrompt(TYPE_PROMPT, this.validateType.bind(this), this.drawType.bind(this));
    this.typePrompt.style = ListStyle.heroCard;
    const selfServiceCard = this.leadCard('request.selfService.ask', ['request.selfService.yes', 'request.selfService.no'], { kind: 'selfService', outcome: 'offered' });
    const adminCard = this.leadCard('request.mailbox.whoRuns', ['request.mailbox.nas', 'request.mailbox.ownAdmin', 'request.mailbox.notSure', 'request.mailbox.noThanks']);
    this.addDialog(this.typePrompt)
      .addDialog(new ConfirmPrompt(YES_NO_PROMPT, this.validateYesNo.bind(this), 'en-gb'))
      // its question and retry are one short line, kept as text
      .addDialog(new TextPrompt(TEXT_PROMPT, this.validateAnswer.bind(this)))
      .addDialog(new SummaryPrompt(SUMMARY_PROMPT, this.validateSummary.bind(this), this.drawSummary.bind(this)))
      .addDialog(new DrawnTextPrompt(SELF_SERVICE_PROMPT, this.validateSelfService.bind(this), selfServiceCard))
      .addDialog(new DrawnTextPrompt(ADMIN_PROMPT, this.validateAdmin.bind(this), adminCard))
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
    const activity = innerDc.context.activity;
    // an answer button stands for typing its words, so buttons and typing take one path
    const chosen = CardActionSchema.safeParse(activity.value);
    if (!activity.text && chosen.success && chosen.data.action === 'choose') activity.text = chosen.data.value;
    const text = (activity.text ?? '').trim();
    if (text && this.interrupts.intents.match(text) !== 'cancel' && saysCancel(text)) {
      // "actually hang on, cancel that", "forget it I'll just ring them"
      await innerDc.cancelAllDialogs();
      await sendText(innerDc.context, this.r.t('request.cancelled'));
      return { status: DialogTurnStatus.complete, result: { cancelled: true } satisfies JourneyExit };
    }
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
      const answer = v && this.read(v, text);
      // "can you do it for me" asks for the request being made: the prompt says so, it is no question for the knowledge base
      if (answer?.kind === 'value' || answer?.kind === 'unknown' || (answer?.kind === 'notAnswer' && answer.why === 'raising')) return true;
      // "I'm leaving on friday, moving to another care company" while asked a name gives other details of this request:
      // they are kept (storeFieldStep), not read as a follow-up to the answer that led the request
      return !!v && Object.keys(this.otherFacts(v, text)).length > 0;
    }
    if (active.id === SELF_SERVICE_PROMPT) return readSelfServiceAnswer(text) !== undefined;
    if (active.id === ADMIN_PROMPT) return readAdminAnswer(text) !== undefined || declinesOffer(text);
    if (active.id === SUMMARY_PROMPT) {
      const v = options?.validations as SummaryValidations | undefined;
      return !!v && parseSummaryText(text, v.type) !== undefined;
    }
    return false;
  }

  // ---- main flow ---------------------------------------------------------------------------

  /** Uses the type given by a button or detected in the text, else asks for it. */
  private async chooseTypeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as RequestOptions | undefined;
    vals(step).typed = typeof options?.opener === 'string' ? options.opener.slice(0, 2000) : '';
    if (typeof options?.summary === 'string' && options.summary) vals(step).note = options.summary;
    if (typeof options?.answered === 'string' && options.answered) vals(step).answered = true;
    if (typeof options?.about === 'string' && options.about) vals(step).about = options.about.slice(0, 2000);
    const type = asType(options?.requestType);
    if (type) return step.next(type);
    const choices: Choice[] = TICKET_TYPES.map((t) => ({ value: t, action: { type: 'imBack', title: this.typeTitle(t), value: this.typeTitle(t) }, synonyms: [...defaultLanguage().typeSynonyms[t]] }));
    // the choices alone are kept: the prompt recognises typed and clicked answers against them, and drawType draws the card from them
    return step.prompt(TYPE_PROMPT, { choices, style: ListStyle.none });
  }

  /** The type's card, or its retry: ChoiceFactory's hero card titles its buttons with the choice values (ticket type ids), so the card is drawn here. */
  private drawType(_context: TurnContext, options: PromptOptions, retry: boolean): Partial<Activity> {
    const actions = (options.choices ?? []).flatMap((c) => (typeof c === 'object' && c.action ? [c.action as BotCardAction] : []));
    const card = CardFactory.heroCard('', this.r.t(retry ? 'request.typeRetry' : 'request.typePrompt'), undefined, actions);
    return MessageFactory.attachment(card, undefined, undefined, InputHints.ExpectingInput);
  }

  /**
   * Says what this request involves, with guidance first where it may settle things: self-service
   * password reset for a lockout, the Local Administrator for mailbox space, signing in for a deleted account.
   */
  private async introStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const type = (typeof step.result === 'string' ? step.result : (step.result as FoundChoice).value) as TicketType;
    vals(step).type = type;
    // details already given: in the opening message, or in the words that chose the type
    const typed = [vals(step).typed, typeof step.result === 'string' ? '' : step.context.activity.text ?? ''].filter(Boolean).join('\n');
    // "one of our carers is leaving": the manager reports someone else, in the opening words or the question just answered
    if (type === 'leaver' && aboutSomeoneElse([vals(step).about, typed].filter(Boolean).join('\n'))) vals(step).forOther = true;
    vals(step).facts = readFacts(typed, type, { today: londonDate(this.now()), type, forOther: vals(step).forOther });
    const r = this.r;
    const settled = settledByOpener(typed);
    // the knowledge base's answer just said what the guidance says: the first question follows it, not the guidance again
    const answered = vals(step).answered === true;
    if (type === 'locked-out' && settled.selfServiceFailed) return step.next('notSolved');
    if (type === 'mailbox-size' && settled.admin) {
      if (!answered) await sendText(step.context, r.t('request.intro.mailboxSize'));
      return step.next(settled.admin);
    }
    if (type === 'locked-out') {
      const leadKey = answered ? 'request.selfService.afterAnswer' : 'request.selfService.offer';
      return step.prompt(SELF_SERVICE_PROMPT, { retryPrompt: r.t('request.selfService.retry'), validations: { leadKey } satisfies LeadValidations });
    }
    if (type === 'mailbox-size') {
      const leadKey = answered ? 'request.mailbox.afterAnswer' : 'request.intro.mailboxSize';
      return step.prompt(ADMIN_PROMPT, { retryPrompt: r.t('request.mailbox.whoRunsRetry'), validations: { leadKey } satisfies LeadValidations });
    }
    // after the entry's answer ("my name has changed": how a name change works), a line into the details, not the same
    // again (ANSWER_THEN_DETAILS); someone else's leaving keeps the intro (the answer speaks to the leaver, the intro to
    // their manager)
    const leadsOn = answered && !vals(step).forOther && ANSWER_THEN_DETAILS.has(type);
    await sendText(step.context, leadsOn ? r.t('request.afterAnswer') : r.t(`request.intro.${typeKey(type)}${vals(step).forOther ? 'Other' : ''}`, { phone: this.phone }));
    // details already given, or signing in already tried, answer the offer and the check
    const given = Object.keys(vals(step).facts ?? {}).length > 0;
    if (type === 'shared-mailbox-access' && !given) return step.prompt(YES_NO_PROMPT, { prompt: r.t('request.recordOffer'), retryPrompt: r.t('request.yesNoRetry') });
    if (type === 'deleted-account' && !settled.triedSigningIn) return step.prompt(YES_NO_PROMPT, { prompt: r.t('request.deletedStill'), retryPrompt: r.t('request.yesNoRetry') });
    return step.next(true);
  }

  /**
   * Draws a guidance question's card (self-service reset, who runs the accounts), leading with the line its options
   * keep (LeadValidations); its retry is a line of text the options keep.
   */
  private leadCard(askKey: string, choiceKeys: readonly string[], meta?: Record<string, unknown>): PromptDrawer {
    return (context, options) => {
      const leadKey = (options.validations as Partial<LeadValidations> | undefined)?.leadKey;
      if (typeof leadKey !== 'string') return undefined;
      const r = this.r;
      return cardActivity(context, requestQuestionCard(r, r.t(leadKey), r.t(askKey), choiceKeys.map((k) => r.t(k)), meta));
    };
  }

  /** Stops politely when the guidance was enough; otherwise asks for each detail not already given. */
  private async decideStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const type = vals(step).type as TicketType;
    const r = this.r;
    if (type === 'locked-out') {
      const solved = step.result === 'solved';
      this.deps.logger?.info({ event: 'selfServiceReset', outcome: solved ? 'solved' : 'notSolved' }, 'self-service password reset outcome');
      if (solved) {
        await sendText(step.context, r.t('request.selfService.solved'), { kind: 'selfService', outcome: 'solved' });
        return step.endDialog();
      }
      await sendText(step.context, r.t('request.intro.lockedOut', { phone: this.phone }), { kind: 'selfService', outcome: 'notSolved' });
    } else if (type === 'mailbox-size') {
      if (step.result === 'ownAdmin') {
        await sendText(step.context, r.t('request.mailbox.askLocalAdmin'));
        return step.endDialog();
      }
      if (step.result === 'declined') {
        await sendText(step.context, r.t('request.mailbox.declined'));
        return step.endDialog();
      }
      await sendText(step.context, r.t(step.result === 'notSure' ? 'request.mailbox.assumeNas' : 'request.mailbox.nasNext'));
    } else if (step.result === false) {
      await sendText(step.context, type === 'shared-mailbox-access' ? r.t('request.phoneOnly', { phone: this.phone }) : r.t('request.deletedTryFirst'));
      return step.endDialog();
    }
    const facts = vals(step).facts ?? {};
    const known = Object.keys(facts).filter((f) => f !== 'inUseNote') as FieldName[];
    if (known.length) await sendText(step.context, r.t('request.noted', { details: this.detailNames(type, known) }));
    return step.beginDialog(FIELDS, { type, fields: facts, forOther: vals(step).forOther } satisfies FieldsOptions);
  }

  /** Shows the summary to confirm, change or cancel. */
  private async summaryStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const note = vals(step).note;
    return step.replaceDialog(SUMMARY, { type: vals(step).type as TicketType, fields: step.result as TicketFields, ...(note ? { note } : {}), forOther: vals(step).forOther } satisfies SummaryOptions);
  }

  // ---- one field at a time -------------------------------------------------------------------

  /** The next detail still to ask for (the one being changed, or the first not yet known), if any. */
  private nextField(o: FieldsOptions): FieldName | undefined {
    if (o.only) return o.only in o.fields ? undefined : o.only;
    return askedFields(o.type, o.fields).find((f) => !(f in o.fields));
  }

  /** Asks for the next detail not yet known, or hands back the details once all are in. */
  private async askFieldStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const o = step.options as FieldsOptions;
    const field = this.nextField(o);
    if (!field) return step.endDialog(withoutStale(o.type, o.fields));
    const question = this.question(o.type, field, o.forOther);
    return step.prompt(TEXT_PROMPT, { prompt: question, retryPrompt: question, validations: { field, type: o.type, known: Object.keys(o.fields) as FieldName[] } satisfies FieldValidations });
  }

  /**
   * Keeps the checked, normalised answer (never the raw text), with any other details the same message
   * gave ("Emma Clarke (was Emma Dunn)", an email beside a name); "don't know" keeps null ("not given").
   */
  private async storeFieldStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const o = step.options as FieldsOptions;
    const field = this.nextField(o) as FieldName;
    const text = String(step.result ?? '');
    const answer = this.read({ field, type: o.type }, text);
    let fields: TicketFields = o.fields;
    const others = o.only ? {} : this.otherFacts({ field, type: o.type, known: Object.keys(o.fields) as FieldName[] }, text);
    if (answer.kind !== 'value' && answer.kind !== 'unknown' && Object.keys(others).length) {
      // the message answered other questions instead: keep those, say so, and ask this one again
      await sendText(step.context, this.r.t('request.noted', { details: this.detailNames(o.type, Object.keys(others) as FieldName[]) }));
      return step.replaceDialog(FIELDS, { ...o, fields: { ...others, ...fields } } satisfies FieldsOptions);
    }
    if (answer.kind === 'value') {
      const also = Object.fromEntries(Object.entries(answer.also).filter(([k]) => o.only === undefined || k === 'inUseNote')) as TicketFields;
      fields = { ...fields, [field]: answer.value, ...also };
    } else if (answer.kind === 'unknown') {
      fields = { ...fields, [field]: null };
      if (field === 'existingInUse') fields.inUseNote = null;
      // a detail of someone else's they do not know is acknowledged about them ("the helpdesk can reach them another way")
      const other = aboutTheLeaver(o.type, field, o.forOther) ? 'Other' : '';
      await sendText(step.context, this.r.t(`request.unknown${other}.${field}`, { phone: this.phone }));
      const entry = FIELD_ENTRIES[field];
      if (entry) await this.interrupts.faq.noteTopic(step.context, entry);
    } else {
      return step.replaceDialog(FIELDS, o);
    }
    if (!o.only) fields = { ...this.otherFacts({ field, type: o.type, known: Object.keys(fields) as FieldName[] }, text), ...fields };
    return step.replaceDialog(FIELDS, { ...o, fields } satisfies FieldsOptions);
  }

  /** Details for other questions in a message that answers this one ("Jane Smith, jane.smith@nhs.net"). */
  private otherFacts(v: FieldValidations, text: string): TicketFields {
    const sameKind: FieldName[] = v.field === 'email' || v.field === 'sharedMailbox' ? ['email', 'sharedMailbox'] : [];
    const skip = [...(v.known ?? []), v.field, ...sameKind];
    const found = readFacts(text, v.type, { today: londonDate(this.now()), type: v.type }, skip);
    return Object.fromEntries(Object.entries(found).filter(([f]) => fieldApplies(v.type, f as FieldName, found))) as TicketFields;
  }

  // ---- summary -----------------------------------------------------------------------------

  /** Sends the summary card with a fresh one-time id. */
  private async showSummaryStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const o = step.options as SummaryOptions;
    const nonce = randomUUID();
    vals(step).nonce = nonce;
    return step.prompt(SUMMARY_PROMPT, {
      retryPrompt: this.r.t('request.summary.typeHint'),
      validations: { nonce, type: o.type, fields: o.fields } satisfies SummaryValidations,
    });
  }

  /** The summary card, drawn from its one-time id and the details (its retry is a line of text, kept). */
  private drawSummary(context: TurnContext, options: PromptOptions): Partial<Activity> | undefined {
    const v = options.validations as SummaryValidations | undefined;
    return v?.fields && cardActivity(context, summaryCard(this.r, v.type, v.fields, v.nonce));
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
      return step.beginDialog(FIELDS, { type: o.type, fields: rest, only: choice.field, forOther: o.forOther } satisfies FieldsOptions);
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
    const fields = { ...o.fields, ...(step.result as TicketFields) };
    // a changed detail can bring in one that now applies (senior approval once the recoverable items are full)
    if (askedFields(o.type, fields).some((f) => !(f in fields))) return step.beginDialog(FIELDS, { type: o.type, fields, forOther: o.forOther } satisfies FieldsOptions);
    return step.replaceDialog(SUMMARY, { type: o.type, fields: withoutStale(o.type, fields), ...(o.note ? { note: o.note } : {}), forOther: o.forOther } satisfies SummaryOptions);
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
    // the retry card is drawn, not kept in the options
    const shown = () => this.typePrompt.shown(pc.context, pc.options, true);
    if (containsSecret(text)) return this.refuse(pc, this.r.t('request.noSecrets'), shown());
    if (saysNotSure(text)) return this.refuse(pc, this.r.t('request.typeNotSure', { phone: this.phone }), shown());
    return false;
  }

  private async validateYesNo(pc: PromptValidatorContext<boolean>): Promise<boolean> {
    if (pc.recognized.succeeded) return true;
    if (containsSecret(pc.context.activity.text ?? '')) return this.refuse(pc, this.r.t('request.noSecrets'));
    return false;
  }

  /**
   * Checks an answer for its field; a refusal says exactly what is wrong, then the question is asked again.
   * A question, complaint or command is never kept as the detail; "don't know" is taken where the helpdesk
   * can do without the detail, and otherwise gets how to find it.
   */
  private async validateAnswer(pc: PromptValidatorContext<string>): Promise<boolean> {
    const v = pc.options.validations as FieldValidations;
    if (!pc.recognized.succeeded) {
      if (CardActionSchema.safeParse(pc.context.activity.value).data?.action === 'request') return this.refuse(pc, this.r.t('request.summary.stale'));
      return false;
    }
    const answer = this.read(v, pc.recognized.value ?? '');
    if (answer.kind !== 'value' && answer.kind !== 'unknown' && answer.kind !== 'cancel' && Object.keys(this.otherFacts(v, pc.recognized.value ?? '')).length) return true;
    switch (answer.kind) {
      case 'value':
        return true;
      case 'unknown':
        return isOptional(v.type, v.field) ? true : this.refuse(pc, this.r.t(`request.unknownNeeded.${v.field}`, { phone: this.phone }));
      case 'notAnswer':
        return this.refuse(pc, this.r.t(`request.notAnswer.${answer.why}`, { phone: this.phone }));
      case 'invalid':
        return this.refuse(pc, this.invalid(answer.code, v.type));
      case 'cancel':
        return false;
    }
  }

  /** Reads "did self-service password reset work?": solved, or not solved (no method, failed, disabled or deleted). */
  private async validateSelfService(pc: PromptValidatorContext<string>): Promise<boolean> {
    const text = pc.context.activity.text ?? '';
    if (containsSecret(text)) return this.refuse(pc, this.r.t('request.noSecrets'));
    // "and if that doesn't work?" asks what happens next; it is not an answer that the reset failed
    if (asksWhatIf(text)) {
      // (a validator that replies stops the prompt's own retry, so the question is asked again here)
      await this.interrupts.faq.answerFallback(pc.context, 'locked-out');
      await sendText(pc.context, this.r.t('request.selfService.ifNot'));
      await sendText(pc.context, this.r.t('request.selfService.ask'));
      return false;
    }
    const outcome = readSelfServiceAnswer(text);
    if (!outcome) return false;
    // Not tried yet: the reset is quicker than the helpdesk, so it is offered once more, with the way to it; said again,
    // it goes to the helpdesk as a reset that did not work would (nobody is kept asking)
    const kept = pc.state as { nudged?: boolean };
    if (outcome === 'notTried' && !kept.nudged) {
      kept.nudged = true;
      await sendText(pc.context, this.r.t('request.selfService.tryFirst'));
      await sendText(pc.context, this.r.t('request.selfService.ask'));
      return false;
    }
    pc.recognized.value = outcome === 'notTried' ? 'notSolved' : outcome;
    return true;
  }

  /** Reads who runs the organisation's accounts: the national helpdesk (NAS), their own Local Administrator, or not sure. */
  private async validateAdmin(pc: PromptValidatorContext<string>): Promise<boolean> {
    const text = pc.context.activity.text ?? '';
    if (containsSecret(text)) return this.refuse(pc, this.r.t('request.noSecrets'));
    const who = declinesOffer(text) ? 'declined' : readAdminAnswer(text);
    if (!who) return false;
    pc.recognized.value = who;
    return true;
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

  /**
   * Says why an answer was refused, then asks the question again (the prompt itself stays quiet once we have
   * replied); `shown` holds the retry where the prompt draws it rather than keeping it.
   */
  private async refuse(pc: PromptValidatorContext<unknown>, why: string, shown: PromptOptions = pc.options): Promise<false> {
    await sendText(pc.context, why);
    const again = shown.retryPrompt;
    if (typeof again === 'string') await sendText(pc.context, again);
    else if (again) await pc.context.sendActivity(again);
    return false;
  }

  private typeTitle(type: TicketType): string {
    return this.r.t(`request.type.${typeKey(type)}`);
  }

  private question(type: TicketType, field: FieldName, forOther?: boolean): string {
    return this.r.t(questionKey(type, field, forOther), { min: justificationMinWords(type) });
  }

  private invalid(code: InvalidCode, type: TicketType): string {
    return this.r.t(`request.invalid.${code}`, { min: justificationMinWords(type), max: MAX_EXTRA_ACCOUNTS, phone: this.phone });
  }

  private read(v: FieldValidations, text: string): Answer {
    return readAnswer(v.field, text, { today: londonDate(this.now()), type: v.type });
  }

  /** "your email address and organisation": the details read from what they said, as the summary names them. */
  private detailNames(type: TicketType, fields: readonly FieldName[]): string {
    const names = fields.map((f) => this.r.t(labelKey(type, f)));
    return names.length > 1 ? `${names.slice(0, -1).join(', ')} ${this.r.t('request.and')} ${names[names.length - 1]}` : (names[0] ?? '');
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

/** The leaver's details a manager gives for someone else, asked about "them" (request.askOther.*). */
const ABOUT_THE_LEAVER: readonly FieldName[] = ['name', 'email', 'mobile', 'leavingDate', 'movingTo'];

/** Whether the field is asked, and a "don't know" acknowledged, about the leaver a manager reports (their details). */
function aboutTheLeaver(type: TicketType, field: FieldName, forOther: boolean | undefined): boolean {
  return !!forOther && type === 'leaver' && ABOUT_THE_LEAVER.includes(field);
}

/**
 * The question for a field, which for some types reads differently (the current name, a contact email, whose mailbox;
 * a leaver's details asked of the manager reporting them).
 */
export function questionKey(type: TicketType, field: FieldName, forOther = false): string {
  if (aboutTheLeaver(type, field, forOther)) return `request.askOther.${field}`;
  if (field === 'name' && type === 'name-change') return 'request.ask.nameCurrent';
  if (field === 'email' && type === 'extra-accounts') return 'request.ask.emailContact';
  if (field === 'email' && type === 'mailbox-size') return 'request.ask.emailMailbox';
  if (field === 'justification' && type === 'mailbox-size') return 'request.ask.mailboxReason';
  return `request.ask.${field}`;
}

/** Drops a detail that no longer applies (senior approval once the recoverable items are not the problem). */
function withoutStale(type: TicketType, fields: TicketFields): TicketFields {
  return Object.fromEntries(Object.entries(fields).filter(([f]) => fieldApplies(type, f as FieldName, fields))) as TicketFields;
}

/** The key that makes filing from one summary card happen once, whoever clicks how often. */
export function idempotencyKey(activity: Pick<Activity, 'channelId' | 'conversation'>, nonce: string): string {
  return `${activity.channelId}|${activity.conversation.id}|${nonce}`;
}
