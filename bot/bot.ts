// The ActivityHandler: cleans what arrives, greets new conversations, runs the root dialog, saves state.
import {
  ActivityHandler,
  ActivityTypes,
  DeliveryModes,
  TurnContext,
  type Activity,
  type ConversationState,
  type InvokeResponse,
  type StatePropertyAccessor,
} from 'botbuilder';
import { ComponentDialog, DialogSet, DialogTurnStatus, type Dialog, type DialogState } from 'botbuilder-dialogs';
import type { Replies } from '../knowledge/replies.js';
import { DURABLE_TURN } from '../dialogs/render.js';
import type { FaqMemory } from '../dialogs/FaqResponder.js';
import type { Menu } from '../dialogs/Menu.js';
import type { RootDialog, RootOptions } from '../dialogs/RootDialog.js';
import { ERRORS, httpError } from './http/errors.js';
import type { Logger } from './logger.js';
import { JOURNEY_BEFORE, watchTurn, type TurnRecorderLike } from './insights/turnWatcher.js';
import { isETagConflict } from './storage/eTagConflict.js';

export const MAX_TEXT_LENGTH = 2000;

/** How many times a turn runs again when another turn (another instance) saved its conversation first. */
export const STATE_CONFLICT_RETRIES = 3;

/** The conversation state properties: the dialog stack, and the FAQ's memory of its last answer or choices. */
export const DIALOG_STATE = 'dialogState';
export const FAQ_MEMORY = 'faq';

/**
 * Whether a conversation's state is worth a file: it is while the bot waits for an answer (a journey under
 * way, the topics it offered after an unsure search, the request it offered), and for any property this list
 * does not know. An empty dialog stack is not, nor is the FAQ's memory of an answer it gave and of recent
 * questions (that lets the next message say "yes", "2" or "how long will that take?", and it stays in this
 * process's memory): a question asked with an unknown conversation id leaves no file behind.
 */
export function stateWorthKeeping(item: Readonly<Record<string, unknown>>): boolean {
  return worthKeeping(item, false);
}

/**
 * The same for state that several instances share (PostgreSQL): the FAQ's memory of its last answer and recent
 * questions is kept as well, since the follow-up ("how long will that take?") or the "yes" to a request offered
 * after "speak to a person" may land on another instance. Idle rows go with the state's time to live.
 */
export function stateWorthSharing(item: Readonly<Record<string, unknown>>): boolean {
  return worthKeeping(item, true);
}

function worthKeeping(item: Readonly<Record<string, unknown>>, shared: boolean): boolean {
  return Object.entries(item).some(([key, value]) => {
    if (key === 'eTag' || value === undefined) return false;
    if (key === DIALOG_STATE) return ((value as Partial<DialogState> | null)?.dialogStack?.length ?? 0) > 0;
    if (key === FAQ_MEMORY) {
      const memory = (value ?? {}) as FaqMemory;
      if ((memory.asked === true && (memory.choices?.length ?? 0) > 0) || !!memory.offered) return true;
      return shared && (!!memory.lastAnswer || !!memory.topic || (memory.recent?.length ?? 0) > 0);
    }
    return true;
  });
}

/** Removes control and zero-width characters and folds runs of spaces; keeps line breaks. */
export function cleanText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/**
 * The text without the bot's name typed as a mention at its start ("@NHSmail Assistant can you..."), as people used to
 * Teams write in web chat, where no mention entity marks it. Only the bot's own name, as the channel gives it.
 */
export function withoutTypedMention(text: string, botName: string | undefined): string {
  const name = botName?.trim();
  if (!name || !text.startsWith('@')) return text;
  const typed = text.slice(1, 1 + name.length);
  if (typed.toLowerCase() !== name.toLowerCase() || /[\p{L}\p{N}]/u.test(text.charAt(1 + name.length))) return text;
  return text.slice(1 + name.length).replace(/^[\s,:;-]+/, '') || text;
}

/**
 * When a conversation gets the welcome card: when a person joins a chat with the bot; in Teams, in
 * personal chat when the app is installed, and in a team or group chat only when the bot itself is
 * added (people joining a team later must not bring a card into the channel each time).
 */
export function shouldWelcome(activity: Pick<Activity, 'channelId' | 'conversation' | 'membersAdded' | 'recipient'>): boolean {
  const botId = activity.recipient?.id;
  const added = activity.membersAdded ?? [];
  const people = added.some((m) => m.id !== botId);
  if (activity.channelId !== 'msteams') return people;
  const botAdded = added.some((m) => m.id === botId);
  const type = activity.conversation?.conversationType;
  return type === 'personal' || type === undefined ? people || botAdded : botAdded;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * True when a stored dialog state can be resumed: a stack (absent is fine) of instances whose ids name dialogs
 * this bot has, down through each component dialog's own stack (kept under `state.dialogs`, as botbuilder-dialogs
 * keeps it; an inner id may also name a dialog of an outer set, as DialogContext.findDialog allows).
 */
export function isResumableDialogState(state: unknown, find: (id: string) => Dialog | undefined): boolean {
  if (state === undefined) return true;
  if (!isRecord(state) || !Array.isArray(state['dialogStack'])) return false;
  return state['dialogStack'].every((instance: unknown) => {
    if (!isRecord(instance) || typeof instance['id'] !== 'string') return false;
    const dialog = find(instance['id']);
    if (!dialog) return false;
    if (!(dialog instanceof ComponentDialog)) return true;
    const inner = isRecord(instance['state']) ? instance['state']['dialogs'] : undefined;
    return isResumableDialogState(inner, (id) => dialog.findDialog(id) ?? find(id));
  });
}

/**
 * Watches a turn for anything that leaves the bot (a reply posted to the channel, an update or a delete); the
 * buffered replies of an expectReplies turn, traces and invoke responses do not count until the turn ends.
 */
function trackDeliveries(context: TurnContext): () => boolean {
  let delivered = false;
  const buffered = context.activity.deliveryMode === DeliveryModes.ExpectReplies;
  context.onSendActivities((_ctx, activities, next) => {
    if (!buffered && activities.some((a) => a.type !== ActivityTypes.Trace && a.type !== ActivityTypes.InvokeResponse)) delivered = true;
    return next();
  });
  context.onUpdateActivity((_ctx, _activity, next) => {
    delivered = true;
    return next();
  });
  context.onDeleteActivity((_ctx, _reference, next) => {
    delivered = true;
    return next();
  });
  return () => delivered;
}

export interface BotDeps {
  conversationState: ConversationState;
  root: RootDialog;
  menu: Menu;
  replies: Replies;
  logger: Logger;
  /** writes every pending conversation state to disk; run at the end of a turn that asked for it */
  flushState?: () => Promise<void>;
  /** takes one insight event per turn, from the replies it sent */
  insights?: TurnRecorderLike;
}

export class NhsMailBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly dialogs: DialogSet;

  constructor(private readonly deps: BotDeps) {
    super();
    this.dialogState = deps.conversationState.createProperty<DialogState>(DIALOG_STATE);
    this.dialogs = new DialogSet(this.dialogState).add(deps.root);

    this.onMessage(async (context, next) => {
      if (await this.prepareMessage(context)) await this.runRoot(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      if (shouldWelcome(context.activity)) await deps.menu.welcome(context);
      await next();
    });
  }

  /**
   * Runs the turn and saves its state. When the save is refused because another turn saved the conversation
   * since this one read it, the turn runs again on the fresh state (up to STATE_CONFLICT_RETRIES times), as
   * long as nothing has left the bot yet: replies of an expectReplies turn are only buffered, so they are
   * dropped and made again. Once a reply has gone out it cannot be taken back, so the other turn's state is
   * kept and this turn's changes are dropped. Retries exhausted: the conflict is thrown (the caller answers 503).
   */
  override async run(context: TurnContext): Promise<void> {
    const delivered = trackDeliveries(context);
    const watch = this.deps.insights ? watchTurn(context, this.deps.insights) : undefined;
    const buffered = context.bufferedReplyActivities.length;
    for (let retry = 0; ; retry++) {
      await super.run(context);
      try {
        await this.deps.conversationState.saveChanges(context, false);
        break;
      } catch (err) {
        if (!isETagConflict(err)) throw err;
        const conversationId = context.activity.conversation?.id;
        if (delivered()) {
          this.deps.logger.warn({ conversationId }, "another turn saved this conversation first; replies had gone out, so its state is kept and this turn's is dropped");
          await watch?.finish(() => this.journeyUnderWay(context));
          return;
        }
        context.bufferedReplyActivities.splice(buffered);
        watch?.reset();
        if (retry >= STATE_CONFLICT_RETRIES) throw err;
        this.deps.logger.info({ conversationId, retry: retry + 1 }, 'another turn saved this conversation first; running the turn again on fresh state');
        context.turnState.delete(DURABLE_TURN);
        await this.deps.conversationState.load(context, true);
      }
    }
    if (context.turnState.get(DURABLE_TURN)) await this.deps.flushState?.();
    await watch?.finish(() => this.journeyUnderWay(context));
  }

  /** Whether the conversation is in a journey as its turn ends (its state is in memory by then). */
  private async journeyUnderWay(context: TurnContext): Promise<boolean> {
    const state = await this.dialogState.get(context).catch(() => undefined);
    return (state?.dialogStack?.length ?? 0) > 0;
  }

  /**
   * After a failed turn: true when the conversation's stored state is itself broken (it cannot be read, or its
   * dialog stack is malformed or names a dialog the bot no longer has), so every later turn would fail too.
   * Reads the state as stored, not as the failed turn left it in memory.
   */
  async hasCorruptState(context: TurnContext): Promise<boolean> {
    let state: unknown;
    try {
      await this.deps.conversationState.load(context, true);
      state = await this.dialogState.get(context);
    } catch {
      return true;
    }
    return !isResumableDialogState(state, (id) => this.dialogs.find(id));
  }

  /** Invokes this bot does not handle are refused with 400 rather than the SDK's 501. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const response = await super.onInvokeActivity(context).catch(() => undefined);
    if (response && response.status < 500) return response;
    const { status, body } = httpError(ERRORS.unsupportedInvoke, context.activity.name ?? '');
    return { status, body };
  }

  /** Strips @mentions and junk, enforces the length cap; false when the turn should not run. */
  private async prepareMessage(context: TurnContext): Promise<boolean> {
    const activity = context.activity;
    if (activity.channelId === 'msteams' && activity.conversation?.conversationType === 'channel') {
      const botId = activity.recipient?.id;
      const mentioned = (activity.entities ?? []).some((e) => e.type === 'mention' && e['mentioned']?.id === botId);
      if (!mentioned && activity.value === undefined) return false;
    }
    if (typeof activity.text === 'string') {
      if (activity.recipient?.id) TurnContext.removeRecipientMention(activity);
      activity.text = withoutTypedMention(cleanText(activity.text.replace(/<at>[^<]*<\/at>/gi, '')), activity.recipient?.name);
      if (activity.text.length > MAX_TEXT_LENGTH) {
        await context.sendActivity(
          this.deps.replies.t('input.tooLong', { length: activity.text.length, max: MAX_TEXT_LENGTH }),
        );
        return false;
      }
    } else if (activity.text !== undefined) {
      activity.text = '';
    }
    return true;
  }

  /**
   * With no journey under way, the root routes the message itself: most messages (questions, commands, feedback)
   * take one reply and leave no dialog behind, so they skip building dialog contexts. A dialog is begun only
   * when the message starts a journey, and a journey under way continues as usual.
   */
  private async runRoot(context: TurnContext): Promise<void> {
    const state = await this.dialogState.get(context, { dialogStack: [] });
    context.turnState.set(JOURNEY_BEFORE, (state.dialogStack?.length ?? 0) > 0);
    if (!state.dialogStack?.length) {
      const start = await this.deps.root.route(context);
      if (!start) return;
      const dc = await this.dialogs.createContext(context);
      await dc.beginDialog(this.deps.root.id, { start } satisfies RootOptions);
      return;
    }
    const dc = await this.dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.deps.root.id);
  }
}
