// The outbox's deliverers for Teams: the helpdesk channel's ticket cards (posted, then updated in place) and the requester's status messages.
import { CardFactory, MessageFactory, type ConversationReference, type TurnContext } from 'botbuilder';
import { helpdeskTicketCard, nextStep, statusKey, typeKey } from '../../cards/ticketCards.js';
import { sendText } from '../../dialogs/render.js';
import { publicTicket, type StoredTicket } from '../../helpdesk/model.js';
import type { DeliveryResult, OutboxEvent } from '../../helpdesk/outbox.js';
import { REQUESTER_CHANNEL, type HelpdeskService } from '../../helpdesk/service.js';
import { parseRetryAfter } from '../../helpdesk/webhook.js';
import type { Replies } from '../../knowledge/replies.js';
import type { NhsMailAdapter } from '../adapter/adapter.js';
import { OutboundRefusedError } from '../adapter/outbound.js';
import { isServiceUrlAllowed } from '../adapter/serviceUrls.js';
import type { Config } from '../config/config.js';
import type { HelpdeskChannelRegistry } from './channelRegistry.js';

/** Requester notifications are a courtesy: after this many failed tries they are given up. */
const NOTIFY_ATTEMPTS = 8;

export interface TeamsDeliverersDeps {
  registry: HelpdeskChannelRegistry;
  service: HelpdeskService;
  adapter: NhsMailAdapter;
  config: Config;
  replies: Replies;
}

export class TeamsDeliverers {
  constructor(private readonly deps: TeamsDeliverersDeps) {}

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
    if (await this.deps.service.store.hasNewerEvent(event)) return { ok: true };
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

  /** Runs `logic` in a turn of the referenced conversation; a failure is thrown to the caller (see NhsMailAdapter.processProactive). */
  async continue(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
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
