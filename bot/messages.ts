// POST /api/messages: checks the activity and the caller before the adapter sees it, and keeps errors inside.
import type { Activity, TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { BotAdapter } from './adapter.js';
import { z } from 'zod';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

const ACTIVITY_TYPES = [
  'message', 'contactRelationUpdate', 'conversationUpdate', 'typing', 'endOfConversation', 'event', 'invoke',
  'deleteUserData', 'messageUpdate', 'messageDelete', 'installationUpdate', 'messageReaction', 'suggestion',
  'trace', 'handoff', 'command', 'commandResult',
] as const;

const account = z.looseObject({ id: z.string().min(1).max(512), name: z.string().max(512).nullish() });

export const IncomingActivitySchema = z.looseObject({
  type: z.enum(ACTIVITY_TYPES, { error: (i) => (i.input === undefined ? 'is required' : 'is not a Bot Framework activity type') }),
  id: z.string().max(512).optional(),
  channelId: z.string().min(1).max(128),
  serviceUrl: z.string().max(2048).optional(),
  conversation: z.looseObject({ id: z.string().min(1).max(1024) }),
  from: account,
  recipient: account.optional(),
  text: z.string().max(100_000).nullish(),
  deliveryMode: z.string().max(64).optional(),
});

export function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** In anonymous mode replies may only go to loopback or an allow-listed origin (no open relay). */
export function isServiceUrlAllowed(config: Config, serviceUrl: string | undefined): boolean {
  if (!config.anonymous) return true;
  if (!serviceUrl) return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return isLoopback(url) || config.serviceUrlAllowList.includes(url.origin);
}

export interface HttpOutcome {
  status: number;
  body?: unknown;
  /** seconds, sent as Retry-After */
  retryAfter?: number;
}

const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

function isNetworkError(err: unknown): boolean {
  const e = err as { name?: string; code?: string; cause?: { code?: string } };
  return e?.name === 'FetchError' || NETWORK_CODES.has(e?.code ?? '') || NETWORK_CODES.has(e?.cause?.code ?? '');
}

/** jsonwebtoken's refusals (bad signature, algorithm, audience, not yet valid), which botbuilder lets through as they are. */
const JWT_REFUSALS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

function isRefusedToken(err: unknown): boolean {
  const e = err as { name?: string; statusCode?: number };
  if (err instanceof AuthenticationError || e?.name === 'AuthenticationError') return (e.statusCode ?? 401) < 500;
  return e?.statusCode === 401 || JWT_REFUSALS.has(e?.name ?? '');
}

/** botbuilder reports channel OpenID metadata or keys it could not load as an AuthenticationError with status 500. */
function isKeysUnavailable(err: unknown): boolean {
  return err instanceof AuthenticationError && (err.statusCode ?? 0) >= 500;
}

export function httpError(status: number, code: string, message: string): HttpOutcome {
  return { status, body: { error: { code, message } } };
}

/** Validates and processes one incoming activity; never throws, never returns internal error text. */
export async function handleActivity(
  deps: { config: Config; adapter: BotAdapter; logger: Logger; logic: (context: TurnContext) => Promise<void> },
  body: unknown,
  authHeader: string,
): Promise<HttpOutcome> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return httpError(400, 'invalid_activity', 'The request body must be a JSON object (a Bot Framework activity).');
  }
  const parsed = IncomingActivitySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'activity';
    return httpError(400, 'invalid_activity', `Activity field "${field}" ${issue?.message ?? 'is invalid'}.`);
  }
  const activity = parsed.data as unknown as Activity;
  const expectReplies = activity.deliveryMode === 'expectReplies';
  if (expectReplies && !activity.serviceUrl) activity.serviceUrl = 'http://localhost/';
  if (!expectReplies && !isServiceUrlAllowed(deps.config, activity.serviceUrl)) {
    return httpError(
      403,
      'service_url_not_allowed',
      'Replies can only be sent to a loopback serviceUrl or one on SERVICE_URL_ALLOWLIST when the bot runs without MicrosoftAppId. Use deliveryMode "expectReplies" to get replies in the response.',
    );
  }
  try {
    const res = await deps.adapter.handle(authHeader, activity, deps.logic);
    return { status: res?.status ?? 200, body: res?.body };
  } catch (err) {
    if (isRefusedToken(err)) {
      return httpError(401, 'unauthorized', 'A valid Bot Framework token is required.');
    }
    if (isNetworkError(err) || isKeysUnavailable(err)) {
      // The token could not be checked because the channel's signing keys could not be fetched: not the caller's
      // fault and not ours. Channels retry on 503. (Inside a turn, network errors go to onTurnError instead.)
      deps.logger.warn({ err, conversationId: activity.conversation?.id }, 'could not reach the identity provider to check a token');
      return { ...httpError(503, 'auth_unavailable', 'The token could not be checked just now. Please retry.'), retryAfter: 5 };
    }
    deps.logger.error({ err, conversationId: activity.conversation?.id }, 'activity processing failed');
    return httpError(500, 'internal_error', 'Sorry, something went wrong processing this activity.');
  }
}
