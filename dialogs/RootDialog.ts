// Routes every new message: buttons, commands and small talk, the journeys, and otherwise the knowledge base.
import type { TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { CardActionSchema, type CardAction } from '../cards/actions.js';
import { Message } from '../knowledge/language/message.js';
import type { FaqEntry } from '../knowledge/schema.js';
import type { InterruptDeps, JourneyExit } from './InterruptibleDialog.js';
import { ROOT_DIALOG, ROOT_WATERFALL } from './ids.js';
import { isSharedConversation, personalChatReply } from './ownership.js';
import { sendText } from './render.js';

export type JourneyFlow = 'eligibility' | 'request' | 'myRequests';

/** The bot's command list in the Teams manifest: each typed command does what its menu button does. */
export const TEAMS_COMMANDS: Readonly<Record<string, CardAction>> = {
  'check eligibility': { action: 'start', flow: 'eligibility' },
  'ask a question': { action: 'start', flow: 'question' },
  'raise a request': { action: 'start', flow: 'request' },
  'my requests': { action: 'start', flow: 'myRequests' },
};
const COMMANDS = new Map(Object.entries(TEAMS_COMMANDS).map(([k, v]) => [new Message(k).words.join(' '), v]));

/** A guided flow the root can start from a menu button or from what someone types. */
export interface Journey {
  readonly flow: JourneyFlow;
  readonly dialog: Dialog;
  /** options to begin with when this free text should start the journey, else undefined */
  detect(message: Message): Record<string, unknown> | undefined;
  /**
   * When a message that would start (or reopen) the journey is also answered by the knowledge base with
   * confidence: 'answer' answers it and leaves the journey to a button ("my account was deleted, can I get it
   * back?" gets the answer with "Raise a helpdesk request"); 'answerThenStart' leads with the answer's short card
   * and starts the journey in the same turn, with `answered` (the entry's id) in its options so its first step
   * does not repeat the answer ("how does a pharmacy get NHSmail?" gets the answer, then the check's next
   * question; "my mailbox is full" gets the answer, then the request's first question).
   * 'start' starts it without an answer ("I'm locked out and the reset failed"); without it, or when it returns
   * undefined, the journey starts without one too, unless `statements` says otherwise.
   */
  whenAnswerable?(message: Message, options: Record<string, unknown>): 'answer' | 'answerThenStart' | 'start' | undefined;
  /**
   * With 'answerThenStart' and no confident answer, 'answer' gives the knowledge base's reply (a "did you mean", a
   * refusal) instead of starting the journey: the journey only follows an answer (this chat's requests, listed after
   * "our requests went to the national team, how many days do these take?"). Without it, the journey starts.
   */
  readonly unanswered?: 'answer';
  /** What a message whenAnswerable leaves undecided gets when it does not follow up the last answer (undefined: the journey alone). */
  statements?(options: Record<string, unknown>): 'answerThenStart' | undefined;
  /**
   * Whether a message whenAnswerable leaves to the journey alone, which the knowledge base is plainly about (one entry
   * that suits the journey, the learned model all but sure of it, the runner-up far behind), gets that entry's answer
   * first: "large provider, 12 homes, our IT team want to run the accounts themselves as local administrators. how do
   * we apply" reads about self-management before the check asks what it still needs. None do without it.
   */
  plainAnswerFirst?(entry: FaqEntry, options: Record<string, unknown>): boolean;
  /** Whether a confident answer suits this journey (an answer that offers another kind of request does not); all do without it. */
  fitsAnswer?(entry: FaqEntry, options: Record<string, unknown>): boolean;
  /**
   * Whether an entry is the journey's own topic (a full mailbox's entries for a mailbox request): with no confident
   * answer, the first of the search's candidates that is leads, the detector and the search agreeing on it.
   */
  ownsAnswer?(entry: FaqEntry, options: Record<string, unknown>): boolean;
  /**
   * Whether an entry is about another matter than the journey altogether: when no answer suits the journey and the
   * knowledge base answers the whole message with such an entry, the journey is not started and the message goes on
   * to the next journey, or to the knowledge base ("im the admin at a dental practice, who do i ask to get one of the
   * dentists more mailbox space? we signed up through NAS" asks about a mailbox, not how to join).
   */
  otherMatter?(entry: FaqEntry): boolean;
  /**
   * The options one question of a message that asks several is judged by, when it says something of its own that
   * `fitsAnswer` reads ("... and what about a junior doctor starting with us"): else `detect` of the part, and failing
   * that the whole message's options.
   */
  partOptions?(part: Message, options: Record<string, unknown>): Record<string, unknown> | undefined;
  /**
   * The options a message asking one question about something other than what its scene sets is answered for ("one of
   * the GPs who covers our home is a locum and has no NHSmail, how does a GP locum get an account" is a GP locum's
   * question from a care home): the journey then goes on with them. Undefined when the question says nothing of its own.
   */
  questionOptions?(message: Message, options: Record<string, unknown>): Record<string, unknown> | undefined;
  /** Options that show the last outcome of this journey again in full (its "Show our route" button), if it has one. */
  showLast?(context: TurnContext): Promise<Record<string, unknown> | undefined>;
  /**
   * Options to take the journey up again when this message changes what a journey finished earlier in this
   * conversation decided ("actually we have 37 practices"); tried before `detect`.
   */
  reopen?(context: TurnContext, message: Message): Promise<Record<string, unknown> | undefined>;
  /** The journey shows personal details: in a group chat or channel it is not started, and the person is sent to a personal chat. */
  readonly personalOnly?: boolean;
}

/** A journey a message starts, and the options it begins with. */
export interface JourneyStart {
  readonly dialogId: string;
  readonly options: Record<string, unknown>;
}

/** Options the root dialog begins with: the journey to start when the message was routed already. */
export interface RootOptions {
  start?: JourneyStart;
}

/**
 * Takes a turn before any routing when it is not part of a conversation with the bot (a helpdesk
 * channel's card buttons, "register helpdesk channel", an old summary card); true when handled.
 */
export interface TurnHandler {
  handle(context: TurnContext, action: CardAction | undefined, text: string): Promise<boolean>;
}

export class RootDialog extends ComponentDialog {
  constructor(
    private readonly deps: InterruptDeps,
    private readonly journeys: readonly Journey[] = [],
    private readonly handlers: readonly TurnHandler[] = [],
  ) {
    super(ROOT_DIALOG);
    this.addDialog(new WaterfallDialog(ROOT_WATERFALL, [this.routeStep.bind(this), this.afterJourneyStep.bind(this)]));
    for (const j of journeys) this.addDialog(j.dialog);
    this.initialDialogId = ROOT_WATERFALL;
  }

  /**
   * Decides what this message is and acts on it. A message that a single reply settles (a question, a command,
   * feedback) is answered here and nothing is returned; one that starts a journey returns the journey to begin.
   * It needs no dialog context, so the bot can route a message without one when no journey is under way.
   */
  async route(context: TurnContext): Promise<JourneyStart | undefined> {
    const r = this.deps.replies;
    const typed = (context.activity.text ?? '').trim();
    if (this.handlers.length) {
      const parsed = context.activity.value === undefined ? undefined : CardActionSchema.safeParse(context.activity.value);
      const action = parsed?.success ? parsed.data : undefined;
      for (const handler of this.handlers) if (await handler.handle(context, action, typed)) return undefined;
    }
    // a message written as a letter is read without its closing: "Many thanks, Jane, Medical Education Administrator"
    // asks nothing, and its words would read as a clinical matter or a topic
    const text = this.deps.faq.withoutSignOff(typed);
    // Safety first: an emergency or a clinical question gets the safety reply and nothing else.
    if (text && (await this.deps.faq.safetyFirst(context, text))) return undefined;
    // a nation stated in any message holds for later ones, whatever this one turns out to be
    if (text) await this.deps.faq.noteNation(context, text);
    if (!text) {
      if (context.activity.value === undefined) {
        await sendText(context, r.t('input.nonText'));
        return undefined;
      }
      const action = CardActionSchema.safeParse(context.activity.value);
      if (!action.success) {
        await sendText(context, r.t('input.badAction'));
        await this.deps.menu.welcome(context);
        return undefined;
      }
      return this.onAction(context, action.data);
    }

    const offer = await this.deps.faq.offerReply(context, text);
    if (offer) return 'start' in offer ? this.begin(context, 'request', offer.start) : undefined;
    if (await this.deps.faq.person(context, text, { offer: true })) return undefined;
    if (await this.deps.faq.followUp(context, text)) return undefined;
    // "yes please raise it", "raise a request" after an answer that offers a request: that request, as its button
    // starts it, without the answer again
    const asked = await this.deps.faq.requestAsked(context, text);
    if (asked) return this.begin(context, 'request', { ...asked, answered: asked.entryId, opener: text });
    // read once: the commands, the journeys' detectors and their question tests share the same words
    const message = new Message(text);
    const command = COMMANDS.get(message.words.join(' '));
    if (command) return this.onAction(context, command);
    switch (this.deps.intents.match(text)) {
      case 'help':
        await this.deps.menu.help(context);
        return undefined;
      case 'menu':
      case 'startOver':
        await this.deps.menu.welcome(context);
        return undefined;
      case 'cancel':
        await sendText(context, r.t('cancel.nothing'));
        return undefined;
      case 'about':
        await sendText(context, r.t('about.reply'));
        return undefined;
      case 'greeting':
        await sendText(context, r.t('greeting.reply'));
        return undefined;
      case 'thanks':
        await sendText(context, r.t('thanks.reply'));
        return undefined;
      case 'yes':
      case 'no':
        await sendText(context, r.t('feedback.nothing'));
        return undefined;
      case 'more':
        // "more" with no answer just before it (an answer followed by "more" is taken by faq.followUp)
        await sendText(context, r.t('answer.noMore'));
        return undefined;
      default:
        break;
    }
    // a journey's words read as typed, then with slips put right ("i need 3 more acounts for new staff"); an opener
    // kept for its details stays as typed
    let fixed: Message | undefined;
    const detectFixed = (journey: Journey) => {
      fixed ??= new Message(this.deps.faq.corrected(text));
      if (fixed.text === text) return undefined;
      const options = journey.detect(fixed);
      return options && typeof options['opener'] === 'string' ? { ...options, opener: text } : options;
    };
    // (asked at most once, by the first journey to take the message up)
    let elsewhere: boolean | undefined;
    // (and the entry the whole message is plainly about, read at most once whichever journey asks)
    let plainOne: Promise<FaqEntry | undefined> | undefined;
    const plainEntry = () => (plainOne ??= this.deps.faq.plainEntry(context, text));
    const aboutSomethingElse = () => (elsewhere ??= this.deps.faq.aboutSomethingElse(text));
    for (const journey of this.journeys) {
      const reopened = await journey.reopen?.(context, message);
      const typedOptions = reopened ?? journey.detect(message);
      // (read with slips put right too, when that reads more facts: "comunity pharmasy wants to join nhsmail" is a
      // pharmacy; the message it judges is then the one put right)
      const fixedOptions = reopened ? undefined : detectFixed(journey);
      const useFixed = !!fixedOptions && (!typedOptions || factCount(fixedOptions) > factCount(typedOptions));
      const options = useFixed ? fixedOptions : typedOptions;
      if (!options) continue;
      // ("locked out of the rota app" is another system's lockout: the refusal, not the NHSmail lockout request)
      if (!reopened && aboutSomethingElse()) break;
      const read = useFixed && fixed ? fixed : message;
      // a remark that refers back to the answer just given is a follow-up to it, unless it clearly asks to start
      const followsUp = async () => !!journey.whenAnswerable && (await this.deps.faq.followsLastAnswer(context, text));
      const plain = async () => {
        // (not a change to what the journey decided before: "actually the council says we need NHSmail" after the check)
        if (!journey.plainAnswerFirst || (await journey.showLast?.(context))) return false;
        const entry = await plainEntry();
        return !!entry && !!journey.plainAnswerFirst?.(entry, options) && (journey.fitsAnswer?.(entry, options) ?? true) && !journey.otherMatter?.(entry);
      };
      // (a change to what the journey decided is the journey's, whatever answer came before it)
      const policy = reopened
        ? undefined
        : (journey.whenAnswerable?.(read, options) ?? ((await followsUp()) ? 'answer' : (journey.statements?.(options) ?? ((await plain()) ? 'answerThenStart' : undefined))));
      // (a statement the knowledge base is plainly about, about another matter than the journey's, is no start of it:
      // "small care home in leeds, the manager and deputy who had the shared mailbox have both left and nobody can get
      // into it now" describes the home, and is about the lost shared mailbox)
      if (!policy && !reopened && journey.otherMatter) {
        const entry = await plainEntry();
        if (entry && journey.otherMatter(entry)) continue;
      }
      if (!policy || policy === 'start') return this.start(context, journey, options);
      // each question of a message is judged with what its own part says ("im a locum gp ..., and my wife is a
      // locum pharmacist, how does she"), and with the whole message's options when it says nothing of its own
      // (a message asking one question about something other than its scene, "one of the GPs who covers our home is a
      // locum..., how does a GP locum get an account", is answered for what the question asks: see questionOptions)
      let askedOptions: Record<string, unknown> | undefined | null;
      const asked = () => (askedOptions === undefined ? (askedOptions = journey.questionOptions?.(read, options) ?? null) : askedOptions);
      // (the journey then goes on for what the answer was for)
      const answeredFor = new Map<string, Record<string, unknown>>();
      const fits = (entry: FaqEntry, part?: string) => {
        const own = part === undefined ? undefined : (journey.partOptions?.(new Message(part), options) ?? journey.detect(new Message(part)));
        if (journey.fitsAnswer?.(entry, own ?? options) ?? true) return true;
        const theirs = part === undefined ? asked() : null;
        if (!theirs || !journey.fitsAnswer?.(entry, theirs)) return false;
        answeredFor.set(entry.id, theirs);
        return true;
      };
      const owns = journey.ownsAnswer && ((entry: FaqEntry) => journey.ownsAnswer?.(entry, options) === true);
      // (a message a journey took up is about NHSmail, whatever words it uses: "red bar in outlook says im nearly out
      // of space, what should i get rid of first" is the full mailbox's, though it names no mailbox)
      const answered = await this.deps.faq.answerIfConfident(context, text, { lead: policy === 'answerThenStart', fits, owns, anchored: true });
      if (!answered && journey.otherMatter) {
        const whole = await this.deps.faq.confidentEntry(context, text);
        if (whole && journey.otherMatter(whole)) continue;
      }
      if (!answered && journey.unanswered === 'answer') {
        await this.deps.faq.answer(context, text);
        return undefined;
      }
      if (!answered) return this.start(context, journey, options);
      return policy === 'answer' ? undefined : this.start(context, journey, { ...(answeredFor.get(answered) ?? options), answered });
    }
    const raising = await this.deps.faq.answerRaising(context, text);
    if (raising) return this.begin(context, 'request', { ...raising, answered: raising.entryId, opener: text });
    await this.deps.faq.answer(context, text);
    return undefined;
  }

  /** Begins the journey the message was routed to (given by the bot when it routed already), else ends. */
  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const given = (step.options as RootOptions | undefined)?.start;
    const start = given ?? (await this.route(step.context));
    return start ? step.beginDialog(start.dialogId, start.options) : step.endDialog();
  }

  /** After a journey: route the same message again if the journey was left for another option. */
  private async afterJourneyStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const exit = (step.result ?? {}) as JourneyExit;
    if (exit.reroute) return step.replaceDialog(ROOT_WATERFALL);
    if (typeof exit.requestType === 'string') await this.deps.faq.rememberRequest(step.context, exit.requestType);
    return step.endDialog();
  }

  private async onAction(context: TurnContext, action: CardAction): Promise<JourneyStart | undefined> {
    switch (action.action) {
      case 'menu':
        await this.deps.menu.welcome(context);
        return undefined;
      case 'ask':
        await this.deps.faq.answer(context, action.question);
        return undefined;
      case 'feedback':
        await this.deps.faq.feedback(context, action.entryId, action.helpful);
        return undefined;
      case 'more':
        await this.deps.faq.more(context, action.entryId);
        return undefined;
      case 'start': {
        if (action.flow === 'question') {
          await sendText(context, this.deps.replies.t('faq.prompt'));
          return undefined;
        }
        return this.begin(context, action.flow, {});
      }
      case 'showRoute': {
        // the full outcome of the check just finished; a new check when it has been forgotten
        const journey = this.journeys.find((j) => j.showLast);
        const last = await journey?.showLast?.(context);
        return journey && last ? this.start(context, journey, last) : this.begin(context, 'eligibility', {});
      }
      case 'raise': {
        const note = action.withNote ? await this.deps.faq.requestWithNote(context) : {};
        return this.begin(context, 'request', { requestType: action.requestType, entryId: action.entryId, ...note });
      }
      case 'request':
      case 'ticket':
      case 'choose':
        // a button from a journey that has since ended (or expired), or meant for a turn handler
        await sendText(context, this.deps.replies.t('input.badAction'));
        await this.deps.menu.welcome(context);
        return undefined;
    }
  }

  /** The journey to begin, unless it is personal and this conversation is shared: then where to go instead. */
  private async start(context: TurnContext, journey: Journey, options: Record<string, unknown>): Promise<JourneyStart | undefined> {
    if (journey.personalOnly && isSharedConversation(context.activity)) {
      await sendText(context, personalChatReply(this.deps.replies, context.activity, this.deps.botAppId));
      return undefined;
    }
    return { dialogId: journey.dialog.id, options };
  }

  private async begin(context: TurnContext, flow: JourneyFlow, options: Record<string, unknown>): Promise<JourneyStart | undefined> {
    const journey = this.journeys.find((j) => j.flow === flow);
    if (journey) return this.start(context, journey, options);
    const r = this.deps.replies;
    await sendText(context, r.t('unsure.contacts', { email: r.t('contact.email'), phone: r.t('contact.phone') }));
    return undefined;
  }
}

/** How many facts a journey's options hold (the eligibility check's `facts`), to prefer the reading that found more. */
function factCount(options: Record<string, unknown>): number {
  const facts = options['facts'];
  return facts && typeof facts === 'object' ? Object.values(facts).filter((v) => v !== undefined).length : 0;
}
