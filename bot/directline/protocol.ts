// The Direct Line 3.0 protocol as this bot speaks it: its paths, the bot's account, and the shapes of grants and errors.
import type { ChannelAccount } from 'botbuilder';
import { httpError, type HttpOutcome } from '../http/outcome.js';
import type { AuthResult } from './directLineStore.js';

export const DIRECT_LINE_PREFIX = '/v3/directline';
/** Where the adapter posts the bot's replies: the serviceUrl of every local Direct Line activity. */
export const CONNECTOR_PREFIX = `${DIRECT_LINE_PREFIX}/connector`;
/** What a client that asks too fast is told (429, with Retry-After). */
export const TOO_MANY_CHATS = 'You have opened a lot of chats in a short time. Please wait a moment and try again.';
export const TOO_MANY_MESSAGES = 'Messages are arriving faster than we can take them. Please wait a moment and send yours again.';
export const BOT_ACCOUNT: ChannelAccount = { id: 'nhsmail-assistant', name: 'NHSmail Assistant', role: 'bot' };

/** What /api/directline/token gives the page: a token and, for Azure, the Direct Line domain to use. */
export interface WebChatToken {
  token: string;
  conversationId: string;
  expiresIn: number;
  /** absent: the page uses its own origin's /v3/directline */
  domain?: string;
}

export function authError(result: Exclude<AuthResult, { ok: true }>): HttpOutcome {
  switch (result.reason) {
    case 'missing':
      return httpError(401, 'unauthorized', 'A Direct Line token is required (Authorization: Bearer <token>).');
    case 'unknown':
    case 'expired':
      return httpError(403, 'token_expired', 'The token has expired or is not valid. Start a new conversation.');
    case 'forbidden':
      return httpError(403, 'forbidden', 'This token is for another conversation.');
  }
}

export function grantBody(grant: { conversationId: string; token: string; expiresIn: number }) {
  return { conversationId: grant.conversationId, token: grant.token, expires_in: grant.expiresIn };
}
