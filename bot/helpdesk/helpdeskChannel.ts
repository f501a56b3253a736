// The Teams channel where helpdesk staff get new tickets as cards and act on them: registering it, and its card buttons.
import type { TurnContext } from 'botbuilder';
import type { CardAction } from '../../cards/actions.js';
import { statusKey } from '../../cards/ticketCards.js';
import { storableReference } from '../../dialogs/conversationReference.js';
import type { TurnHandler } from '../../dialogs/RootDialog.js';
import { sendText } from '../../dialogs/render.js';
import type { TicketPatch } from '../../helpdesk/model.js';
import { TransitionError, type HelpdeskService } from '../../helpdesk/service.js';
import { isRegisterHelpdeskChannel } from '../../knowledge/language/commands.js';
import type { Replies } from '../../knowledge/replies.js';
import { isServiceUrlAllowed } from '../adapter/serviceUrls.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import { allowListEntry, isTeamAllowed, isTeamsShaped, teamOf } from './allowList.js';
import { channelConversationId, type HelpdeskChannelRegistry } from './channelRegistry.js';
import type { TeamsDeliverers } from './deliverers.js';

export const TEAMS_CHANNEL = 'teams';

export interface HelpdeskChannelDeps {
  registry: HelpdeskChannelRegistry;
  service: HelpdeskService;
  /** sends the "moved" notice to the previous channel */
  deliverers: TeamsDeliverers;
  config: Config;
  replies: Replies;
  logger: Logger;
}

export class HelpdeskChannel implements TurnHandler {
  constructor(private readonly deps: HelpdeskChannelDeps) {}

  /** "register helpdesk channel" and the buttons on ticket cards. */
  async handle(context: TurnContext, action: CardAction | undefined, text: string): Promise<boolean> {
    if (isRegisterHelpdeskChannel(text)) {
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
    const conversationId = channelConversationId(a.conversation.id);
    const previous = this.deps.registry.stored;
    await this.deps.registry.set({
      reference: storableReference(a, { conversationId, withoutActivityId: true }),
      registeredAt: new Date().toISOString(),
      registeredBy: by,
      team,
    });
    this.deps.logger.warn({ by, conversationId, tenantId: team.tenantId, teamId: team.teamId }, 'helpdesk channel registered');
    await sendText(context, r.t('request.channel.registered'));
    if (previous?.reference.conversation?.id && previous.reference.conversation.id !== conversationId) {
      await this.deps.deliverers.continue(previous.reference, (ctx) => sendText(ctx, r.t('request.channel.moved'))).catch(() => undefined);
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
}
