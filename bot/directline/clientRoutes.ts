// The Direct Line 3.0 routes Web Chat calls on the local Direct Line: tokens, starting a conversation, posting and polling activities.
import type { Activity } from 'botbuilder';
import type { Response, Server } from 'restify';
import { z } from 'zod';
import type { ChannelsConfig } from '../config/channelsConfig.js';
import { allowOrRefuse, type ClientRateLimiter } from '../http/clientRateLimit.js';
import { ERRORS, httpError } from '../http/errors.js';
import { firstIssue } from '../../lib/zodIssues.js';
import { bearerToken, safe, sendJson, sendOutcome } from '../http/server.js';
import type { Logger } from '../logger.js';
import { StoreFullError, type DirectLineStore } from './directLineStore.js';
import { BOT_ACCOUNT, DIRECT_LINE_PREFIX, authError, grantBody } from './protocol.js';
import type { LocalTurns } from './turns.js';

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

export interface ClientRoutesDeps {
  settings: ChannelsConfig['directLine'];
  trustProxy: boolean;
  store: DirectLineStore;
  turns: LocalTurns;
  conversationLimit: ClientRateLimiter;
  activityLimit: ClientRateLimiter;
  logger: Logger;
}

export function registerClientRoutes(server: Server, deps: ClientRoutesDeps): void {
  const { settings, trustProxy, store, turns, conversationLimit, activityLimit, logger: log } = deps;

  /** Starts the conversation; false (with a 429 sent) when as many are open as the server allows. */
  async function start(conversationId: string, res: Response): Promise<boolean | undefined> {
    try {
      return await store.start(conversationId);
    } catch (err) {
      if (!(err instanceof StoreFullError)) throw err;
      log.warn({ conversations: (await store.stats()).started }, 'local Direct Line is full');
      sendOutcome(res, httpError(ERRORS.tooManyConversations));
      return undefined;
    }
  }

  server.post(
    `${DIRECT_LINE_PREFIX}/tokens/generate`,
    safe(log, async (req, res) => {
      res.header('cache-control', 'no-store');
      if (!allowOrRefuse(conversationLimit, req, res, trustProxy, 'chats')) return;
      sendJson(res, 200, grantBody(await store.generate()));
    }),
  );

  server.post(
    `${DIRECT_LINE_PREFIX}/tokens/refresh`,
    safe(log, async (req, res) => {
      const token = bearerToken(req);
      const grant = await store.refresh(token);
      if (!grant) return sendOutcome(res, authError(token ? { ok: false, reason: 'expired' } : { ok: false, reason: 'missing' }));
      sendJson(res, 200, grantBody(grant));
    }),
  );

  // Start a conversation: with a token from tokens/generate it starts that one, without one a new one.
  server.post(
    `${DIRECT_LINE_PREFIX}/conversations`,
    safe(log, async (req, res) => {
      res.header('cache-control', 'no-store');
      if (!allowOrRefuse(conversationLimit, req, res, trustProxy, 'chats')) return;
      const token = bearerToken(req);
      let grant: { conversationId: string; token: string; expiresIn: number; userId: string };
      if (token) {
        const auth = await store.authorize(token);
        if (!auth.ok) return sendOutcome(res, authError(auth));
        grant = { conversationId: auth.conversationId, token, expiresIn: Math.floor(settings.tokenTtlMs / 1000), userId: auth.userId };
      } else {
        grant = await store.generate();
      }
      const first = await start(grant.conversationId, res);
      if (first === undefined) return;
      sendJson(res, first ? 201 : 200, grantBody(grant));
      if (first) turns.greet(grant.conversationId, grant.userId);
    }),
  );

  server.get(
    `${DIRECT_LINE_PREFIX}/conversations/:conversationId`,
    safe(log, async (req, res) => {
      const token = bearerToken(req);
      const auth = await store.authorize(token, String(req.params.conversationId));
      if (!auth.ok) return sendOutcome(res, authError(auth));
      sendJson(res, 200, { conversationId: auth.conversationId, token, expires_in: Math.floor(settings.tokenTtlMs / 1000) });
    }),
  );

  server.get(
    `${DIRECT_LINE_PREFIX}/conversations/:conversationId/activities`,
    safe(log, async (req, res) => {
      const auth = await store.authorize(bearerToken(req), String(req.params.conversationId));
      if (!auth.ok) return sendOutcome(res, authError(auth));
      const query = (req.query ?? {}) as Record<string, unknown>;
      const watermark = typeof query.watermark === 'string' ? query.watermark : undefined;
      // Long-poll: with nothing new the answer waits for the next activity (from any instance) or the time limit.
      const gone = new AbortController();
      res.once('close', () => gone.abort());
      const page = await store.since(auth.conversationId, watermark, { ms: settings.longPollMs, signal: gone.signal });
      if (!page) return sendOutcome(res, authError({ ok: false, reason: 'expired' }));
      res.header('cache-control', 'no-store');
      sendJson(res, 200, page);
    }),
  );

  server.post(
    `${DIRECT_LINE_PREFIX}/conversations/:conversationId/activities`,
    safe(log, async (req, res) => {
      if (!allowOrRefuse(activityLimit, req, res, trustProxy, 'messages')) return;
      const auth = await store.authorize(bearerToken(req), String(req.params.conversationId));
      if (!auth.ok) return sendOutcome(res, authError(auth));
      // A client that posts without starting first starts the conversation now, so it counts as a live one.
      if (!(await store.isStarted(auth.conversationId)) && (await start(auth.conversationId, res)) === undefined) return;
      const parsed = ClientActivitySchema.safeParse(req.body);
      if (!parsed.success) {
        const { field, problem } = firstIssue(parsed.error);
        return sendOutcome(res, httpError(ERRORS.badArgument, field, problem));
      }
      const body = parsed.data;
      if (body.value !== undefined && Buffer.byteLength(JSON.stringify(body.value)) > MAX_VALUE_BYTES) {
        return sendOutcome(res, httpError(ERRORS.badArgument, 'value', 'is too large'));
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
      const echoed = await store.append(auth.conversationId, activity);
      if (!echoed) return sendOutcome(res, authError({ ok: false, reason: 'expired' }));
      const ok = await turns.run({ ...activity, id: echoed.id, serviceUrl: turns.serviceUrl } as unknown as Partial<Activity>);
      if (!ok) return sendOutcome(res, httpError(ERRORS.botError));
      sendJson(res, 200, { id: echoed.id });
    }),
  );
}
