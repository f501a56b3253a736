// Building blocks shared by every card: the envelope, text, and escaping of anything a user typed.
export type CardElement = Record<string, unknown>;
export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: CardElement[];
  actions?: CardElement[];
}

/** A card plus the plain text a channel without cards shows instead. */
export interface CardReply {
  readonly card: AdaptiveCardJson;
  readonly text: string;
  /** machine-readable facts about the reply (entry id, route...) for channelData */
  readonly meta?: Record<string, unknown>;
}

export const CARD_VERSION = '1.5';

export function adaptiveCard(body: CardElement[], actions: CardElement[] = []): AdaptiveCardJson {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body,
    ...(actions.length ? { actions } : {}),
  };
}

export function textBlock(text: string, options: CardElement = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...options };
}

export function heading(text: string): CardElement {
  return textBlock(text, { size: 'Medium', weight: 'Bolder', style: 'heading' });
}

export function note(text: string): CardElement {
  return textBlock(text, { size: 'Small', isSubtle: true, spacing: 'Small' });
}

/**
 * Makes user-typed text inert in a TextBlock: no markdown, no links, no autolinked addresses.
 * Markdown characters are backslash-escaped and URL-ish punctuation is broken with a zero-width joiner.
 */
export function escapeUserText(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`)
    .replace(/(https?|ftp|mailto|www)/gi, (m) => `${m[0]}\u2060${m.slice(1)}`)
    .replace(/@/g, '@\u2060');
}

/** Plain-text rendering of a list for channels without cards. */
export function numbered(items: readonly string[]): string {
  return items.map((s, i) => `${i + 1}. ${s}`).join('\n');
}
