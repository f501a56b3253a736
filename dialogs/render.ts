// Sends a card reply, or its plain-text version on channels that cannot show Adaptive Cards.
import { CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import type { CardReply } from '../cards/elements.js';

/** Channels known to render Adaptive Cards; any other channel gets the plain-text fallback. */
const CARD_CHANNELS = new Set(['msteams', 'webchat', 'directline', 'emulator', 'test', 'directlinespeech', 'omnichannel', 'skype']);

export function supportsCards(context: TurnContext): boolean {
  return CARD_CHANNELS.has(context.activity.channelId);
}

export function cardActivity(context: TurnContext, reply: CardReply): Partial<Activity> {
  const channelData = reply.meta ? { nhsmail: reply.meta } : undefined;
  if (!supportsCards(context)) {
    return { ...MessageFactory.text(reply.text), textFormat: 'markdown', channelData };
  }
  return { ...MessageFactory.attachment(CardFactory.adaptiveCard(reply.card)), summary: reply.text, channelData };
}

export async function sendReply(context: TurnContext, reply: CardReply): Promise<string | undefined> {
  const res = await context.sendActivity(cardActivity(context, reply));
  return res?.id;
}

/** Sends plain text; `meta` (channelData.nhsmail) says what the reply is, for measurement. */
export async function sendText(context: TurnContext, text: string, meta?: Record<string, unknown>): Promise<void> {
  await context.sendActivity({ ...MessageFactory.text(text), textFormat: 'markdown', ...(meta ? { channelData: { nhsmail: meta } } : {}) });
}

/** Marks a turn whose conversation state must be on disk before the turn ends (set by `requireDurableState`). */
export const DURABLE_TURN = Symbol('nhsmail.durableTurn');

/**
 * Asks for this turn's conversation state to be written through rather than behind: after a ticket is filed
 * its reference is shown, and a crash straight after must not bring back the finished journey's last step.
 */
export function requireDurableState(context: TurnContext): void {
  context.turnState.set(DURABLE_TURN, true);
}
