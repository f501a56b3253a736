// The web chat's Direct Line: the token endpoint always, and when the local Direct Line is on, a Direct Line
// 3.0-compatible endpoint on the bot itself (client routes, the connector the adapter replies to, the turns).
import type { TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import type { NhsMailAdapter } from '../adapter/adapter.js';
import type { Config } from '../config/config.js';
import { ClientRateLimiter } from '../http/clientRateLimit.js';
import { childLogger, type Logger } from '../logger.js';
import type { Database } from '../storage/postgres.js';
import { registerClientRoutes } from './clientRoutes.js';
import { registerConnector } from './connector.js';
import type { DirectLineStore, DirectLineStoreOptions } from './directLineStore.js';
import { MemoryDirectLineStore } from './memoryDirectLineStore.js';
import { PgDirectLineStore } from './pgDirectLineStore.js';
import { registerTokenEndpoint } from './tokens.js';
import { LocalTurns } from './turns.js';

export interface DirectLineDeps {
  config: Config;
  adapter: NhsMailAdapter;
  /** the bot's turn logic */
  logic: (context: TurnContext) => Promise<void>;
  logger: Logger;
  /** with DATABASE_URL: the shared pool, so every instance serves every conversation */
  database?: Database;
}

/** What the app holds on to: closing ends held polls and the LISTEN connection. */
export interface DirectLineHandle {
  close(): Promise<void>;
}

/**
 * Registers POST /api/directline/token (Azure secret exchange, or a local token) and, when the
 * local Direct Line is on, the Direct Line 3.0 routes under /v3/directline and the connector
 * routes the adapter posts the bot's replies to.
 */
export function registerDirectLine(server: Server, deps: DirectLineDeps): DirectLineHandle {
  const { config } = deps;
  const settings = config.channels.directLine;
  const trustProxy = config.channels.trustProxy;
  const logger = childLogger(deps.logger, 'bot:directline');
  const conversationLimit = new ClientRateLimiter({ perMinute: settings.clientConversationsPerMin });
  const limits: Partial<DirectLineStoreOptions> = {
    tokenTtlMs: settings.tokenTtlMs,
    conversationIdleMs: settings.idleMs,
    maxConversations: settings.maxConversations,
    unstartedMs: settings.unstartedMs,
    maxUnstarted: settings.maxUnstarted,
    maxTotalBytes: settings.queueBudgetBytes,
  };
  const store: DirectLineStore | undefined = !settings.local
    ? undefined
    : deps.database
      ? new PgDirectLineStore(deps.database, { ...limits, logger })
      : new MemoryDirectLineStore(limits);
  registerTokenEndpoint(server, { settings, trustProxy, store, conversationLimit, logger });
  const handle: DirectLineHandle = { close: async () => store?.close() };
  if (!store) return handle;

  if (!config.anonymous) logger.warn('Local Direct Line enabled while MicrosoftAppId is set (DIRECT_LINE_LOCAL=true): its conversations are not authenticated.');
  registerConnector(server, { store, logger });
  const turns = new LocalTurns(server, { anonymous: config.anonymous, adapter: deps.adapter, logic: deps.logic, logger });
  const activityLimit = new ClientRateLimiter({ perMinute: settings.clientActivitiesPerMin });
  registerClientRoutes(server, { settings, trustProxy, store, turns, conversationLimit, activityLimit, logger });
  return handle;
}
