// The Teams channel where helpdesk staff get new tickets as cards and act on them, and the proactive messages that keep those cards and the requesters up to date.
import path from 'node:path';
import { CardFactory, MessageFactory, TurnContext, type ConversationReference } from 'botbuilder';
import { Low } from 'lowdb';
import type { CardAction } from '../../cards/actions.js';
import { helpdeskTicketCard, nextStep, statusKey, typeKey } from '../../cards/ticketCards.js';
import type { TurnHandler } from '../../dialogs/RootDialog.js';
import { sendText } from '../../dialogs/render.js';
import { publicTicket, type StoredTicket, type TicketPatch } from '../../helpdesk/model.js';
import { DurableJSONFile } from '../../helpdesk/durableFile.js';
import type { DeliveryResult, OutboxEvent } from '../../helpdesk/outbox.js';
import { PRIVATE_FILE, makePrivateDir, tightenMode } from '../../helpdesk/privateFiles.js';
import { parseRetryAfter } from '../../helpdesk/webhook.js';
import { REQUESTER_CHANNEL, TransitionError, type HelpdeskService } from '../../helpdesk/service.js';
import type { Replies } from '../../knowledge/replies.js';
import type { NhsMailAdapter } from '../adapter/adapter.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import { allowListEntry, isTeamAllowed, isTeamsShaped, teamOf, type AllowedTeam } from './allowList.js';
import { isServiceUrlAllowed } from '../adapter/serviceUrls.js';
import { OutboundRefusedError } from '../adapter/outbound.js';

export const TEAMS_CHANNEL = 'teams';
const REGISTER = /^register (?:the |a |this )?(?:as )?(?:the )?helpdesk channel$/i;
/** Requester notifications are a courtesy: after this many failed tries they are given up. */
const NOTIFY_ATTEMPTS = 8;

interface Registration {
  reference: Partial<ConversationReference>;
  registeredAt: string;
  registeredBy: string;
  /** the channel's tenant and team when it was registered (absent in registrations made before the allow-list) */
  team?: AllowedTeam;
}

/**
 * Where the helpdesk channel is: one small lowdb file. The registration on disk is used (`current`)
 * only while its team is on HELPDESK_CHANNEL_ALLOWLIST; one whose team was taken off is kept
 * (`stored`) but gets no cards and its buttons are refused.
 */
export class ChannelRegistry {
  private constructor(
    private readonly db: Low<{ registration?: Registration }>,
    private readonly allowList: readonly AllowedTeam[],
  ) {}

  /** Opens the file with the project's own adapter, whose temporary file and result are private (lowdb's JSONFile leaves them to the umask). */
  static async open(file: string, allowList: readonly AllowedTeam[] = []): Promise<ChannelRegistry> {
    await makePrivateDir(path.dirname(file));
    await tightenMode(file, PRIVATE_FILE);
    const db = new Low<{ registration?: Registration }>(new DurableJSONFile(file, { fsync: true }), {});
    await db.read();
    return new ChannelRegistry(db, allowList);
  }

  /** The registration, if its team is still allowed. */
  get current(): Registration | undefined {
    const r = this.db.data.registration;
    return r && isTeamAllowed(this.allowList, r.team) ? r : undefined;
  }

  /** The registration on disk, allowed or not. */
  get stored(): Registration | undefined {
    return this.db.data.registration;
  }

  async set(registration: Registration): Promise<void> {
    await this.db.update((d) => {
      d.registration = registration;
    });
  }
}

/** A Teams channel conversation id without the thread part (";messageid=..."). */
export const channelConversationId = (id: string) => id.replace(/;messageid=\d+$/, '');

export interface HelpdeskChannelDeps {
  registry: ChannelRegistry;
  service: HelpdeskService;
  adapter: NhsMailAdapter;
  config: Config;
  replies: Replies;
  logger: Logger;
}

export class HelpdeskChannel implements TurnHandler {
  constructor(private readonly deps: HelpdeskChannelDeps) {}

  /** "register helpdesk channel" and the buttons on ticket cards. */
  async handle(context: TurnContext, action: CardAction | undefined, text: string): Promise<boolean> {
    if (REGISTER.test(text)) {
      await this.register(context);
      return true;
    }
    if (action?.action === 'ticket') {
      await this.onTicketAction(context, action);
      return true;
    }
    return false;
  }

  /**
   * Makes this Teams channel the helpdesk channel, if its team is on HELPDESK_CHANNEL_ALLOWLIST, and tells
   * the previous channel. Without app credentials the tenant and team are only what the caller says, so an
   * empty list (the default) refuses everyone, whatever the delivery mode or serviceUrl.
   */
  private async register(context: TurnContext): Promise<void> {
    const r = this.deps.replies;
    const a = context.activity;
    // without app credentials anyone can claim to be a Teams channel: only a serviceUrl replies may go to is accepted
    if (a.channelId !== 'msteams' || a.conversation.conversationType !== 'channel' || !isServiceUrlAllowed(this.deps.config, a.serviceUrl)) {
      await sendText(context, r.t('request.channel.notChannel'));
      return;
    }
    const team = teamOf(a);
    const by = a.from.aadObjectId ?? a.from.id;
    if (!team) {
      await sendText(context, r.t('request.channel.noTeam'));
      return;
    }
    const allowList = this.deps.config.helpdesk.channelAllowList;
    if (!isTeamAllowed(allowList, team)) {
      this.deps.logger.warn({ by, tenantId: team.tenantId, teamId: team.teamId }, 'helpdesk channel registration refused: team not on HELPDESK_CHANNEL_ALLOWLIST');
      // the ids are shown to help the operator only when they have the shape Teams gives them (nothing to inject)
      const entry = isTeamsShaped(team) ? allowListEntry(team) : r.t('request.channel.entryPlaceholder');
      await sendText(context, r.t(allowList.length ? 'request.channel.notAllowed' : 'request.channel.allowListEmpty', { entry }));
      return;
    }
    const reference = TurnContext.getConversationReference(a);
    const conversationId = channelConversationId(a.conversation.id);
    reference.conversation = { ...a.conversation, id: conversationId };
    delete reference.activityId;
    const previous = this.deps.registry.stored;
    await this.deps.registry.set({
      reference: JSON.parse(JSON.stringify(reference)) as Partial<ConversationReference>,
      registeredAt: new Date().toISOString(),
      registeredBy: by,
      team,
    });
    this.deps.logger.warn({ by, conversationId, tenantId: team.tenantId, teamId: team.teamId }, 'helpdesk channel registered');
    await sendText(context, r.t('request.channel.registered'));
    if (previous?.reference.conversation?.id && previous.reference.conversation.id !== conversationId) {
      await this.continue(previous.reference, (ctx) => sendText(ctx, r.t('request.channel.moved'))).catch(() => undefined);
    }
  }

  /** Assign to me, Resolve, Ask the requester: only from the registered channel, while its team is allowed. The card updates through the outbox. */
  private async onTicketAction(context: TurnContext, action: Extract<CardAction, { action: 'ticket' }>): Promise<void> {
    const r = this.deps.replies;
    const a = context.activity;
    const registration = this.deps.registry.current;
    const registered = registration?.reference.conversation?.id;
    const fromTeam = teamOf(a);
    if (
      a.channelId !== 'msteams' ||
      !registration ||
      !registered ||
      channelConversationId(a.conversation.id) !== registered ||
      !isTeamAllowed(this.deps.config.helpdesk.channelAllowList, fromTeam) ||
      fromTeam?.teamId !== registration.team?.teamId
    ) {
      await sendText(context, r.t('request.channel.notRegistered'));
      return;
    }
    const by = (a.from.name ?? a.from.id).slice(0, 120);
    let patch: TicketPatch;
    if (action.op === 'assign') {
      const current = await this.deps.service.get(action.ref);
      patch = { assignee: by, ...(current?.status === 'new' ? { status: 'in-progress' as const } : {}) };
    } else if (action.op === 'resolve') {
      patch = { status: 'resolved' };
    } else {
      const question = action.question?.trim();
      if (!question) {
        await sendText(context, r.t('request.channel.askEmpty'));
        return;
      }
      patch = { status: 'waiting-on-requester', note: question };
    }
    try {
      const ticket = await this.deps.service.change(action.ref, patch, by);
      if (!ticket) await sendText(context, r.t('request.channel.notFound'));
    } catch (e) {
      if (!(e instanceof TransitionError)) throw e;
      await sendText(context, r.t('request.channel.refused', { status: r.t(`request.statusName.${statusKey(e.from)}`) }));
    }
  }

  /** Outbox deliverer for the channel: posts a ticket's card, or updates the card already posted. */
  async deliverCard(_event: OutboxEvent, ticket: StoredTicket): Promise<DeliveryResult> {
    const registration = this.deps.registry.current;
    if (!registration) return { ok: true };
    if (!isServiceUrlAllowed(this.deps.config, registration.reference.serviceUrl)) return { ok: false, drop: true, error: 'serviceUrl not allowed' };
    const reply = helpdeskTicketCard(this.deps.replies, publicTicket(ticket));
    const attachments = [CardFactory.adaptiveCard(reply.card)];
    const channelId = registration.reference.conversation?.id;
    try {
      if (ticket.channelCard && ticket.channelCard.conversationId === channelId) {
        const { activityId } = ticket.channelCard;
        await this.continue(registration.reference, async (ctx) => {
          await ctx.updateActivity({ type: 'message', id: activityId, attachments, summary: reply.text });
        });
        return { ok: true };
      }
      let activityId: string | undefined;
      await this.continue(registration.reference, async (ctx) => {
        activityId = (await ctx.sendActivity({ ...MessageFactory.attachment(attachments[0]!), summary: reply.text }))?.id;
      });
      return activityId ? { ok: true, channelCard: { activityId, ...(channelId ? { conversationId: channelId } : {}) } } : { ok: true };
    } catch (e) {
      return this.failure(e);
    }
  }

  /** Outbox deliverer for the requester: tells them, in their own conversation, that their ticket's status changed. */
  async notifyRequester(event: OutboxEvent, ticket: StoredTicket): Promise<DeliveryResult> {
    const reference = ticket.requester.conversation as Partial<ConversationReference> | undefined;
    if (!reference) return { ok: true };
    // a newer change is on its way: say it once, with the latest status
    const later = this.deps.service.store.pendingEvents().some((e) => e.ref === event.ref && e.channel === REQUESTER_CHANNEL && e.version > event.version);
    if (later) return { ok: true };
    if (!isServiceUrlAllowed(this.deps.config, reference.serviceUrl)) return { ok: false, drop: true, error: 'serviceUrl not allowed' };
    if (event.attempts >= NOTIFY_ATTEMPTS) return { ok: false, drop: true, error: 'gave up' };
    const r = this.deps.replies;
    const t = publicTicket(ticket);
    const text = r.t('request.notify.changed', {
      ref: t.ref,
      type: r.t(`request.typeName.${typeKey(t.type)}`),
      status: r.t(`request.statusName.${statusKey(t.status)}`),
      next: nextStep(r, t),
    });
    try {
      await this.continue(reference, (ctx) => sendText(ctx, text));
      return { ok: true };
    } catch (e) {
      return this.failure(e);
    }
  }

  private async continue(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.deps.adapter.continueConversationAsync(this.deps.config.auth.appId ?? '', reference, logic);
  }

  /**
   * Reads a Bot Connector error (the adapter rethrows a delivery turn's error, see NhsMailAdapter.processProactive):
   * 429 and 503 wait out Retry-After, a conversation the bot was removed from and a refused serviceUrl are given
   * up, a call that timed out or failed otherwise is retried.
   */
  private failure(e: unknown): DeliveryResult {
    const err = e as { statusCode?: number; code?: string; name?: string; response?: { headers?: { get?(n: string): string | null | undefined } } };
    if (e instanceof OutboundRefusedError) return { ok: false, drop: true, error: e.reason };
    const status = err.statusCode;
    if (status === 429 || status === 503) {
      const retryAfterMs = parseRetryAfter(err.response?.headers?.get?.('retry-after'), Date.now());
      return { ok: false, error: `HTTP ${status}`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    }
    if (status === 403 || status === 404) return { ok: false, drop: true, error: `HTTP ${status}` };
    if (err.name === 'AbortError') return { ok: false, error: 'timeout' };
    return { ok: false, error: status ? `HTTP ${status}` : String(err.code ?? err.name ?? 'error').slice(0, 100) };
  }
}
