// The Direct Line 3.0 protocol as this bot speaks it: its paths, the bot's account, and the shapes of grants and errors.
import type { ChannelAccount } from 'botbuilder';
import { ERRORS, httpError } from '../http/errors.js';
import type { HttpOutcome } from '../http/outcome.js';
import type { AuthResult } from './directLineStore.js';

export const DIRECT_LINE_PREFIX = '/v3/directline';
/** Where the adapter posts the bot's replies: the serviceUrl of every local Direct Line activity. */
export const CONNECTOR_PREFIX = `${DIRECT_LINE_PREFIX}/connector`;
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
      return httpError(ERRORS.unauthorized, 'directLine');
    case 'unknown':
    case 'expired':
      return httpError(ERRORS.tokenExpired);
    case 'forbidden':
      return httpError(ERRORS.forbidden, 'otherConversation');
  }
}

export function grantBody(grant: { conversationId: string; token: string; expiresIn: number }) {
  return { conversationId: grant.conversationId, token: grant.token, expires_in: grant.expiresIn };
}
