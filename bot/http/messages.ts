// POST /api/messages: checks the activity and the caller before the adapter sees it, and keeps errors inside.
import type { Activity, TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import { AuthenticationError } from 'botframework-connector';
import type { NhsMailAdapter } from '../adapter/adapter.js';
import { z } from 'zod';
import type { Config } from '../config/config.js';
import { isServiceUrlAllowed } from '../adapter/serviceUrls.js';
import { ERRORS, httpError } from './errors.js';
import { firstIssue } from '../../lib/zodIssues.js';
import type { HttpOutcome } from './outcome.js';
import { safe, sendOutcome } from './server.js';
import { unavailableOutcome } from './unavailable.js';
import type { Logger } from '../logger.js';

const ACTIVITY_TYPES = [
  'message', 'contactRelationUpdate', 'conversationUpdate', 'typing', 'endOfConversation', 'event', 'invoke',
  'deleteUserData', 'messageUpdate', 'messageDelete', 'installationUpdate', 'messageReaction', 'suggestion',
  'trace', 'handoff', 'command', 'commandResult',
] as const;

const text = (max: number) => z.string().max(max).nullish();
const id = (max = 512) => z.string().min(1).max(max);

/** A channel account (from, recipient, membersAdded...): the bot reads id, name, aadObjectId and role. */
const account = z.looseObject({ id: id(), name: text(512), aadObjectId: text(128), role: text(64) });

/** Teams' {id, name} references in channelData (tenant, team, channel); the helpdesk allow-list reads their ids. */
const teamsRef = z.looseObject({ id: id(256), name: text(512) }).nullish();

/** An entity: every one needs a type (botbuilder lower-cases it), a mention also who is mentioned. */
const entity = z
  .looseObject({ type: z.string().min(1).max(128), mentioned: z.looseObject({ id: z.string().max(512), name: text(512) }).optional() })
  .refine((e) => e.type.toLowerCase() !== 'mention' || e.mentioned !== undefined, { message: 'is required on a mention', path: ['mentioned'] });

/** Every field the bot or botbuilder reads from an incoming activity; unknown extra fields pass untouched. */
export const IncomingActivitySchema = z.looseObject({
  type: z.enum(ACTIVITY_TYPES, { error: (i) => (i.input === undefined ? 'is required' : 'is not a Bot Framework activity type') }),
  id: z.string().max(512).optional(),
  channelId: id(128),
  serviceUrl: z.string().max(2048).optional(),
  conversation: z.looseObject({
    // it goes out as the x-ms-conversation-id header on every reply, where Node refuses anything but ASCII
    id: id(1024).regex(/^[\x20-\x7e]+$/, 'must be printable ASCII'),
    conversationType: text(64),
    tenantId: text(128),
    isGroup: z.boolean().nullish(),
    name: text(512),
  }),
  from: account,
  recipient: account.optional(),
  text: text(100_000),
  textFormat: text(32),
  locale: z.string().max(64).regex(/^[A-Za-z]{1,8}([-_][A-Za-z0-9]{1,8})*$/).nullish(),
  replyToId: text(512),
  name: text(256),
  action: text(64),
  timestamp: text(64),
  localTimestamp: text(64),
  deliveryMode: z.string().max(64).optional(),
  // not nullish: botbuilder's getMentions only skips undefined and reads null.length
  entities: z.array(entity).max(100).optional(),
  membersAdded: z.array(account).max(1000).nullish(),
  membersRemoved: z.array(account).max(1000).nullish(),
  reactionsAdded: z.array(z.looseObject({ type: z.string().max(64) })).max(100).nullish(),
  reactionsRemoved: z.array(z.looseObject({ type: z.string().max(64) })).max(100).nullish(),
  attachments: z.array(z.looseObject({ contentType: z.string().min(1).max(256), contentUrl: text(2048), name: text(512) })).max(50).nullish(),
  channelData: z.looseObject({ tenant: teamsRef, team: teamsRef, channel: teamsRef, eventType: text(128) }).nullish(),
  /** card submits and invokes: any JSON, checked by the code that reads it (CardActionSchema) */
  value: z.unknown().optional(),
});

/** The first problem with an activity as the field and what is wrong with it, or undefined when it is valid. */
export function activityProblem(body: unknown): { field: string; problem: string } | undefined {
  const parsed = IncomingActivitySchema.safeParse(body, { reportInput: true });
  return parsed.success ? undefined : firstIssue(parsed.error);
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

/** What POST /api/messages needs: the settings, the adapter, and the bot's turn logic. */
export interface MessagesDeps {
  config: Config;
  adapter: NhsMailAdapter;
  logger: Logger;
  logic: (context: TurnContext) => Promise<void>;
}

/** POST /api/messages: the Bot Framework endpoint channels post activities to. */
export function registerMessages(server: Server, deps: MessagesDeps): void {
  server.post(
    '/api/messages',
    safe(deps.logger, async (req, res) => {
      sendOutcome(res, await handleActivity(deps, req.body, req.header('authorization') ?? ''));
    }),
  );
}

/** Validates and processes one incoming activity; never throws, never returns internal error text. */
export async function handleActivity(
  deps: MessagesDeps,
  body: unknown,
  authHeader: string,
): Promise<HttpOutcome> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return httpError(ERRORS.invalidActivity);
  }
  const problem = activityProblem(body);
  if (problem) return httpError(ERRORS.invalidActivity, problem.field, problem.problem);
  const activity = body as unknown as Activity;
  const expectReplies = activity.deliveryMode === 'expectReplies';
  if (expectReplies && !activity.serviceUrl) activity.serviceUrl = 'http://localhost/';
  if (!expectReplies && !isServiceUrlAllowed(deps.config, activity.serviceUrl)) {
    return httpError(ERRORS.serviceUrlNotAllowed);
  }
  try {
    const res = await deps.adapter.handle(authHeader, activity, deps.logic);
    return { status: res?.status ?? 200, body: res?.body };
  } catch (err) {
    if (isRefusedToken(err)) {
      return httpError(ERRORS.unauthorized, 'bot');
    }
    if (isNetworkError(err) || isKeysUnavailable(err)) {
      // The token could not be checked because the channel's signing keys could not be fetched: not the caller's
      // fault and not ours. Channels retry on 503. (Inside a turn, network errors go to onTurnError instead.)
      deps.logger.warn({ err, conversationId: activity.conversation?.id }, 'could not reach the identity provider to check a token');
      return httpError(ERRORS.authUnavailable);
    }
    const unavailable = unavailableOutcome(err);
    if (unavailable) {
      deps.logger.warn({ err, conversationId: activity.conversation?.id }, 'conversation state could not be read or saved; asked the caller to retry');
      return unavailable;
    }
    deps.logger.error({ err, conversationId: activity.conversation?.id }, 'activity processing failed');
    return httpError(ERRORS.internal);
  }
}
