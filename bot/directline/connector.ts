// The connector routes the bot's own adapter posts replies and card updates to, for local Direct Line conversations, as it would to Azure.
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { ConversationReference } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { isLoopback } from '../adapter/serviceUrls.js';
import { ERRORS, httpError } from '../http/errors.js';
import { safe, secretsEqual, sendJson, sendOutcome } from '../http/server.js';
import type { Logger } from '../logger.js';
import type { DirectLineStore, QueuedActivity } from './directLineStore.js';
import { BOT_ACCOUNT, CONNECTOR_PREFIX } from './protocol.js';

/** What a bot sends to the connector: checked loosely, the bot is trusted, the shape is not. */
const BotActivitySchema = z.looseObject({ type: z.string().min(1).max(64) });

/**
 * Each server's connector key: a random path segment in the serviceUrl, so only the adapter (which got
 * it from the activity) can post replies, even when a reverse proxy on this machine makes every caller
 * look local.
 */
const connectorKeys = new WeakMap<Server, string>();

/** The bot's own connector address on this machine, from the address the server listens on. */
export function selfServiceUrl(server: Server): string {
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

const noConversation = () => httpError(ERRORS.notFound, 'conversation');

/** The connector routes only take calls from this machine: the adapter posting to itself. */
function fromThisMachine(req: Request): boolean {
  const socket = req.socket as Socket;
  const remote = (socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const local = (socket.localAddress ?? '').replace(/^::ffff:/, '');
  return isLoopback(new URL(`http://${remote.includes(':') ? `[${remote}]` : remote || 'invalid'}/`)) || remote === local;
}

/** Registers the connector routes under a new random key; the serviceUrl of local turns carries it. */
export function registerConnector(server: Server, deps: { store: DirectLineStore; logger: Logger }): void {
  const { store } = deps;
  const connectorKey = randomBytes(18).toString('base64url');
  connectorKeys.set(server, connectorKey);
  // The connector routes: the adapter posts the bot's replies and updates here, as it would to Azure.
  const connector = `${CONNECTOR_PREFIX}/:key/v3/conversations/:conversationId/activities`;
  const fromBot = async (req: Request, res: Response): Promise<{ conversationId: string; activity: Omit<QueuedActivity, 'id'> } | undefined> => {
    const conversationId = String(req.params.conversationId);
    if (!fromThisMachine(req) || !secretsEqual(String(req.params.key), connectorKey)) {
      sendOutcome(res, httpError(ERRORS.forbidden, 'notTheBot'));
      return undefined;
    }
    if (!(await store.has(conversationId))) {
      sendOutcome(res, httpError(ERRORS.notFound, 'conversation'));
      return undefined;
    }
    const parsed = BotActivitySchema.safeParse(req.body);
    if (!parsed.success) {
      sendOutcome(res, httpError(ERRORS.badArgument));
      return undefined;
    }
    const { serviceUrl: _internal, id: _id, ...rest } = parsed.data;
    // A proactive message replies to a synthetic activity the client never saw; Web Chat would hold it
    // back for seconds waiting for that activity, so such a replyToId is dropped.
    if (typeof rest.replyToId !== 'string' || !(await store.contains(conversationId, rest.replyToId))) delete rest.replyToId;
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
  const postReply = safe(deps.logger, async (req, res) => {
    const got = await fromBot(req, res);
    if (!got) return;
    const stored = await store.append(got.conversationId, got.activity);
    if (!stored) return sendOutcome(res, noConversation());
    sendJson(res, 200, { id: stored.id });
  });
  server.post(connector, postReply);
  server.post(`${connector}/:activityId`, postReply);
  server.put(
    `${connector}/:activityId`,
    safe(deps.logger, async (req, res) => {
      const got = await fromBot(req, res);
      if (!got) return;
      const activityId = String(req.params.activityId);
      if (!(await store.update(got.conversationId, activityId, got.activity))) {
        return sendOutcome(res, httpError(ERRORS.notFound, 'activity'));
      }
      sendJson(res, 200, { id: activityId });
    }),
  );
}
