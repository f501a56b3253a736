// POST /api/directline/token: the web chat page's token, from Azure Direct Line (the secret exchanged server-side) or the local Direct Line.
import { randomBytes } from 'node:crypto';
import type { Server } from 'restify';
import { z } from 'zod';
import type { ChannelsConfig } from '../config/channelsConfig.js';
import { allowOrRefuse, type ClientRateLimiter } from '../http/clientRateLimit.js';
import { ERRORS, httpError } from '../http/errors.js';
import { safe, sendJson, sendOutcome } from '../http/server.js';
import type { Logger } from '../logger.js';
import type { DirectLineStore } from './directLineStore.js';
import type { WebChatToken } from './protocol.js';

const TokenResponseSchema = z.object({
  conversationId: z.string().min(1).max(200),
  token: z.string().min(1).max(8192),
  expires_in: z.number().int().positive(),
});

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

export interface TokenEndpointDeps {
  settings: ChannelsConfig['directLine'];
  trustProxy: boolean;
  /** the local Direct Line's store, when it is on */
  store?: DirectLineStore;
  conversationLimit: ClientRateLimiter;
  logger: Logger;
}

/** The page's one way to get a token: Azure's (exchanged here, so the secret never reaches the browser) or a local one. */
export function registerTokenEndpoint(server: Server, deps: TokenEndpointDeps): void {
  const { settings, store, logger: log } = deps;
  server.post(
    '/api/directline/token',
    safe(log, async (req, res) => {
      res.header('cache-control', 'no-store');
      if (!allowOrRefuse(deps.conversationLimit, req, res, deps.trustProxy, 'chats')) return;
      if (settings.secret) {
        const token = await exchangeSecret(settings.baseUrl, settings.secret, log);
        if (!token) return sendOutcome(res, httpError(ERRORS.directLineUpstream));
        return sendJson(res, 200, token);
      }
      if (!store) return sendOutcome(res, httpError(ERRORS.directLineUnavailable));
      const grant = await store.generate();
      sendJson(res, 200, { token: grant.token, conversationId: grant.conversationId, expiresIn: grant.expiresIn } satisfies WebChatToken);
    }),
  );
}
