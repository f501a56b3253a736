// A Direct Line 3.0-compatible endpoint on the bot itself, so Web Chat works locally with no Azure,
// and the token endpoint that exchanges an Azure Direct Line secret server-side in production.
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { type Activity, type ChannelAccount, type ConversationReference } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { BotAdapter, CachingBotFrameworkAuthentication } from '../adapter/adapter.js';
import type { AppDeps } from '../app.js';
import { ClientRateLimiter, clientAddress } from '../http/clientRateLimit.js';
import { DirectLineStore, StoreFullError, type AuthResult, type QueuedActivity } from './directLineStore.js';
import { childLogger, type Logger } from '../logger.js';
import { httpError, isLoopback, type HttpOutcome } from '../http/messages.js';
import { bearerToken, safe, secretsEqual, sendJson, sendOutcome } from '../http/server.js';

export const DIRECT_LINE_PREFIX = '/v3/directline';
/** Where the adapter posts the bot's replies: the serviceUrl of every local Direct Line activity. */
export const CONNECTOR_PREFIX = `${DIRECT_LINE_PREFIX}/connector`;
export const BOT_ACCOUNT: ChannelAccount = { id: 'nhsmail-assistant', name: 'NHSmail Assistant', role: 'bot' };

const MAX_USER_TEXT = 10_000;
const MAX_VALUE_BYTES = 8 * 1024;

/** What a Direct Line client may send; anything else in the body is dropped, never passed to the bot. */
const ClientActivitySchema = z.object({
  type: z.enum(['message', 'event', 'typing']),
  text: z.string().max(MAX_USER_TEXT).optional(),
  value: z.unknown().optional(),
  name: z.string().max(100).optional(),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/)
    .optional(),
  channelData: z
    .looseObject({ clientActivityID: z.string().max(100).optional(), clientTimestamp: z.string().max(64).optional() })
    .optional(),
  attachments: z.array(z.unknown()).max(0, 'are not supported').optional(),
});

/** What a bot sends to the connector: checked loosely, the bot is trusted, the shape is not. */
const BotActivitySchema = z.looseObject({ type: z.string().min(1).max(64) });

const TokenResponseSchema = z.object({
  conversationId: z.string().min(1).max(200),
  token: z.string().min(1).max(8192),
  expires_in: z.number().int().positive(),
});

/** What /api/directline/token gives the page: a token and, for Azure, the Direct Line domain to use. */
export interface WebChatToken {
  token: string;
  conversationId: string;
  expiresIn: number;
  /** absent: the page uses its own origin's /v3/directline */
  domain?: string;
}

function authError(result: Exclude<AuthResult, { ok: true }>): HttpOutcome {
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

function grantBody(grant: { conversationId: string; token: string; expiresIn: number }) {
  return { conversationId: grant.conversationId, token: grant.token, expires_in: grant.expiresIn };
}

/**
 * Each server's connector key: a random path segment in the serviceUrl, so only the adapter (which got
 * it from the activity) can post replies, even when a reverse proxy on this machine makes every caller
 * look local.
 */
const connectorKeys = new WeakMap<Server, string>();

/** The bot's own connector address on this machine, from the address the server listens on. */
function selfServiceUrl(server: Server): string {
  const address = server.address();
  const host = address.address;
  const local = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${local}:${address.port}${CONNECTOR_PREFIX}/${connectorKeys.get(server) ?? 'off'}`;
}

/** A conversation reference for a local Direct Line conversation, as the bot would store it for proactive messages. */
export function localConversationReference(server: Server, conversationId: string): Partial<ConversationReference> {
  return {
    channelId: 'directline',
    serviceUrl: selfServiceUrl(server),
    conversation: { id: conversationId } as ConversationReference['conversation'],
    bot: BOT_ACCOUNT,
  };
}

/** The connector routes only take calls from this machine: the adapter posting to itself. */
function fromThisMachine(req: Request): boolean {
  const socket = req.socket as Socket;
  const remote = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const local = (socket.localAddress ?? '').replace(/^::ffff:/, '');
  return isLoopback(new URL(`http://${remote.includes(':') ? `[${remote}]` : remote || 'invalid'}/`)) || remote === local;
}

/** Exchanges the Azure Direct Line secret for a short-lived token; the secret never leaves the server. */
export async function exchangeSecret(baseUrl: string, secret: string, logger: Logger): Promise<WebChatToken | undefined> {
  try {
    const res = await fetch(`${baseUrl}/v3/directline/tokens/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: { id: `dl_${randomBytes(12).toString('base64url')}` } }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) {
      logger.warn({ status: res.status }, 'Direct Line refused the token request');
      return undefined;
    }
    const parsed = TokenResponseSchema.safeParse(await res.json());
    if (!parsed.success) {
      logger.warn('Direct Line token response had an unexpected shape');
      return undefined;
    }
    const { conversationId, token, expires_in } = parsed.data;
    return { token, conversationId, expiresIn: expires_in, domain: `${baseUrl}/v3/directline` };
  } catch (err) {
    logger.warn({ err: (err as Error).name }, 'Direct Line token request failed');
    return undefined;
  }
}

/**
 * Registers POST /api/directline/token (Azure secret exchange, or a local token) and, when the
 * local Direct Line is on, the Direct Line 3.0 routes under /v3/directline and the connector
 * routes the adapter posts the bot's replies to.
 */
export function registerDirectLine(server: Server, deps: AppDeps): void {
  const { config } = deps;
  const settings = config.channels.directLine;
  const log = childLogger(deps.logger, 'bot:directline');
  const store = new DirectLineStore({
    tokenTtlMs: settings.tokenTtlMs,
    conversationIdleMs: settings.idleMs,
    maxConversations: settings.maxConversations,
    unstartedMs: settings.unstartedMs,
    maxUnstarted: settings.maxUnstarted,
    maxTotalBytes: settings.queueBudgetBytes,
  });
  const conversationLimit = new ClientRateLimiter({ perMinute: settings.clientConversationsPerMin });
  const activityLimit = new ClientRateLimiter({ perMinute: settings.clientActivitiesPerMin });

  /** Takes one request from the client's allowance; false (with a 429 sent) when it has none left. */
  function allowed(limiter: ClientRateLimiter, req: Request, res: Response, message: string): boolean {
    const decision = limiter.take(clientAddress(req, config.channels.trustProxy));
    if (decision.ok) return true;
    sendOutcome(res, { ...httpError(429, 'too_many_requests', message), retryAfter: decision.retryAfterSeconds });
    return false;
  }
  const tooManyChats = 'You have opened a lot of chats in a short time. Please wait a moment and try again.';
  const tooManyMessages = 'Messages are arriving faster than we can take them. Please wait a moment and send yours again.';

  server.post(
    '/api/directline/token',
    safe(deps, async (req, res) => {
      res.header('cache-control', 'no-store');
      if (!allowed(conversationLimit, req, res, tooManyChats)) return;
      if (settings.secret) {
        const token = await exchangeSecret(settings.baseUrl, settings.secret, log);
        if (!token) return sendOutcome(res, httpError(502, 'directline_unavailable', 'The chat service is not available just now. Please try again later.'));
        return sendJson(res, 200, token);
      }
      if (!settings.local) return sendOutcome(res, httpError(503, 'directline_unavailable', 'Web chat is not configured on this server.'));
      const grant = store.generate();
      sendJson(res, 200, { token: grant.token, conversationId: grant.conversationId, expiresIn: grant.expiresIn } satisfies WebChatToken);
    }),
  );

  if (!settings.local) return;
  const connectorKey = randomBytes(18).toString('base64url');
  connectorKeys.set(server, connectorKey);
  if (!config.anonymous) log.warn('Local Direct Line enabled while MicrosoftAppId is set (DIRECT_LINE_LOCAL=true): its conversations are not authenticated.');

  // With an app id the main adapter demands Bot Framework tokens; local Direct Line turns run anonymously.
  const adapter = config.anonymous ? deps.adapter : new BotAdapter(new CachingBotFrameworkAuthentication({}));
  if (adapter !== deps.adapter) adapter.onTurnError = deps.adapter.onTurnError;
  const logic = (context: Parameters<typeof deps.bot.run>[0]) => deps.bot.run(context);

  /** Starts the conversation; false (with a 429 sent) when as many are open as the server allows. */
  function start(conversationId: string, res: Response): boolean | undefined {
    try {
      return store.start(conversationId);
    } catch (err) {
      if (!(err instanceof StoreFullError)) throw err;
      log.warn({ conversations: store.startedCount }, 'local Direct Line is full');
      sendOutcome(res, { ...httpError(429, 'too_many_conversations', 'Too many chats are open just now. Please try again in a few minutes.'), retryAfter: 60 });
      return undefined;
    }
  }

  /** Runs a turn; failures are the adapter's to report (onTurnError), so they are only logged here. */
  async function runTurn(activity: Partial<Activity>): Promise<boolean> {
    try {
      await adapter.handle('', activity as Activity, logic);
      return true;
    } catch (err) {
      log.error({ err, conversationId: activity.conversation?.id }, 'local Direct Line turn failed');
      return false;
    }
  }

  function greet(conversationId: string, userId: string): void {
    const user: ChannelAccount = { id: userId, name: 'User', role: 'user' };
    void runTurn({
      type: 'conversationUpdate',
      id: `${conversationId}|start`,
      timestamp: new Date(),
      channelId: 'directline',
      serviceUrl: selfServiceUrl(server),
      conversation: { id: conversationId } as Activity['conversation'],
      from: user,
      recipient: BOT_ACCOUNT,
      membersAdded: [BOT_ACCOUNT, user],
    });
  }

  server.post(
    `${DIRECT_LINE_PREFIX}/tokens/generate`,
    safe(deps, (req, res) => {
      res.header('cache-control', 'no-store');
      if (!allowed(conversationLimit, req, res, tooManyChats)) return;
      sendJson(res, 200, grantBody(store.generate()));
    }),
  );

  server.post(
    `${DIRECT_LINE_PREFIX}/tokens/refresh`,
    safe(deps, (req, res) => {
      const token = bearerToken(req);
      const grant = store.refresh(token);
      if (!grant) return sendOutcome(res, authError(token ? { ok: false, reason: 'expired' } : { ok: false, reason: 'missing' }));
      sendJson(res, 200, grantBody(grant));
    }),
  );

  // Start a conversation: with a token from tokens/generate it starts that one, without one a new one.
  server.post(
    `${DIRECT_LINE_PREFIX}/conversations`,
    safe(deps, (req, res) => {
      res.header('cache-control', 'no-store');
      if (!allowed(conversationLimit, req, res, tooManyChats)) return;
      const token = bearerToken(req);
      let grant: { conversationId: string; token: string; expiresIn: number; userId: string };
      if (token) {
        const auth = store.authorize(token);
        if (!auth.ok) return sendOutcome(res, authError(auth));
        grant = { conversationId: auth.conversationId, token, expiresIn: Math.floor(settings.tokenTtlMs / 1000), userId: auth.userId };
      } else {
        grant = store.generate();
      }
      const first = start(grant.conversationId, res);
      if (first === undefined) return;
      sendJson(res, first ? 201 : 200, grantBody(grant));
      if (first) greet(grant.conversationId, grant.userId);
    }),
  );

  server.get(
    `${DIRECT_LINE_PREFIX}/conversations/:conversationId`,
    safe(deps, (req, res) => {
      const token = bearerToken(req);
      const auth = store.authorize(token, String(req.params.conversationId));
      if (!auth.ok) return sendOutcome(res, authError(auth));
      sendJson(res, 200, { conversationId: auth.conversationId, token, expires_in: Math.floor(settings.tokenTtlMs / 1000) });
    }),
  );

  server.get(
    `${DIRECT_LINE_PREFIX}/conversations/:conversationId/activities`,
    safe(deps, (req, res) => {
      const auth = store.authorize(bearerToken(req), String(req.params.conversationId));
      if (!auth.ok) return sendOutcome(res, authError(auth));
      const query = (req.query ?? {}) as Record<string, unknown>;
      const watermark = typeof query.watermark === 'string' ? query.watermark : undefined;
      const page = store.since(auth.conversationId, watermark);
      if (!page) return sendOutcome(res, authError({ ok: false, reason: 'expired' }));
      res.header('cache-control', 'no-store');
      sendJson(res, 200, page);
    }),
  );

  server.post(
    `${DIRECT_LINE_PREFIX}/conversations/:conversationId/activities`,
    safe(deps, async (req, res) => {
      if (!allowed(activityLimit, req, res, tooManyMessages)) return;
      const auth = store.authorize(bearerToken(req), String(req.params.conversationId));
      if (!auth.ok) return sendOutcome(res, authError(auth));
      // A client that posts without starting first starts the conversation now, so it counts as a live one.
      if (!store.isStarted(auth.conversationId) && start(auth.conversationId, res) === undefined) return;
      const parsed = ClientActivitySchema.safeParse(req.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return sendOutcome(res, httpError(400, 'bad_argument', `Activity field "${issue?.path.join('.') || 'activity'}" ${issue?.message ?? 'is invalid'}.`));
      }
      const body = parsed.data;
      if (body.value !== undefined && Buffer.byteLength(JSON.stringify(body.value)) > MAX_VALUE_BYTES) {
        return sendOutcome(res, httpError(400, 'bad_argument', 'Activity field "value" is too large.'));
      }
      if (body.type === 'typing') return sendJson(res, 200, { id: `${auth.conversationId}|typing` });

      const channelData = body.channelData?.clientActivityID
        ? { clientActivityID: body.channelData.clientActivityID, clientTimestamp: body.channelData.clientTimestamp }
        : undefined;
      const activity = {
        type: body.type,
        ...(body.text !== undefined ? { text: body.text } : {}),
        ...(body.value !== undefined ? { value: body.value } : {}),
        ...(body.type === 'event' && body.name ? { name: body.name } : {}),
        ...(body.locale ? { locale: body.locale } : {}),
        ...(channelData ? { channelData } : {}),
        timestamp: new Date().toISOString(),
        channelId: 'directline',
        conversation: { id: auth.conversationId },
        from: { id: auth.userId, role: 'user' },
        recipient: BOT_ACCOUNT,
      };
      // Direct Line echoes the user's own activity; Web Chat marks it sent only when it comes back.
      const echoed = store.append(auth.conversationId, activity);
      if (!echoed) return sendOutcome(res, authError({ ok: false, reason: 'expired' }));
      const ok = await runTurn({ ...activity, id: echoed.id, serviceUrl: selfServiceUrl(server) } as unknown as Partial<Activity>);
      if (!ok) return sendOutcome(res, httpError(502, 'bot_error', 'The bot could not take that message. Please try again.'));
      sendJson(res, 200, { id: echoed.id });
    }),
  );

  // The connector routes: the adapter posts the bot's replies and updates here, as it would to Azure.
  const connector = `${CONNECTOR_PREFIX}/:key/v3/conversations/:conversationId/activities`;
  const fromBot = (req: Request, res: Response): { conversationId: string; activity: Omit<QueuedActivity, 'id'> } | undefined => {
    const conversationId = String(req.params.conversationId);
    if (!fromThisMachine(req) || !secretsEqual(String(req.params.key), connectorKey)) {
      sendOutcome(res, httpError(403, 'forbidden', 'The connector only takes calls from the bot itself.'));
      return undefined;
    }
    if (!store.has(conversationId)) {
      sendOutcome(res, httpError(404, 'not_found', 'No such conversation (it may have expired).'));
      return undefined;
    }
    const parsed = BotActivitySchema.safeParse(req.body);
    if (!parsed.success) {
      sendOutcome(res, httpError(400, 'bad_argument', 'The body must be an activity.'));
      return undefined;
    }
    const { serviceUrl: _internal, id: _id, ...rest } = parsed.data;
    // A proactive message replies to a synthetic activity the client never saw; Web Chat would hold it
    // back for seconds waiting for that activity, so such a replyToId is dropped.
    if (typeof rest.replyToId !== 'string' || !store.contains(conversationId, rest.replyToId)) delete rest.replyToId;
    return {
      conversationId,
      activity: {
        ...rest,
        from: rest.from ?? BOT_ACCOUNT,
        conversation: { id: conversationId },
        channelId: 'directline',
        timestamp: new Date().toISOString(),
      },
    };
  };
  const postReply = safe(deps, (req, res) => {
    const got = fromBot(req, res);
    if (!got) return;
    const stored = store.append(got.conversationId, got.activity)!;
    sendJson(res, 200, { id: stored.id });
  });
  server.post(connector, postReply);
  server.post(`${connector}/:activityId`, postReply);
  server.put(
    `${connector}/:activityId`,
    safe(deps, (req, res) => {
      const got = fromBot(req, res);
      if (!got) return;
      const activityId = String(req.params.activityId);
      if (!store.update(got.conversationId, activityId, got.activity)) {
        return sendOutcome(res, httpError(404, 'not_found', 'No such activity in this conversation.'));
      }
      sendJson(res, 200, { id: activityId });
    }),
  );
}
