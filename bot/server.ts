// Builds the HTTP server (routes, body limits, error shape) without starting it; bot/main.ts listens.
import { createHash, timingSafeEqual } from 'node:crypto';
import restify, { type Request, type Response, type Server } from 'restify';
import type { AppDeps } from './app.js';
import { handleActivity, httpError, type HttpOutcome } from './messages.js';

/** A route-registration function a feature adds (ticket API, Direct Line, pages). */
export type RouteRegistrar = (server: Server, deps: AppDeps) => void;

/** Sends JSON with an explicit status; the only way handlers answer, so bodies always have one shape. */
export function sendJson(res: Response, status: number, body?: unknown): void {
  if (body === undefined) {
    res.status(status);
    res.end();
    return;
  }
  res.status(status);
  res.json(body);
}

/** Sends an outcome (status, JSON body, Retry-After when it has one). */
export function sendOutcome(res: Response, out: HttpOutcome): void {
  if (out.retryAfter) res.header('Retry-After', String(out.retryAfter));
  sendJson(res, out.status, out.body);
}

/** The token of an `Authorization: Bearer <token>` header, if the request has one. */
export function bearerToken(req: Request): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec((req.header('authorization') ?? '').trim())?.[1];
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Compares a presented secret with the expected one in constant time (hashing first hides the length too). */
export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

/** Wraps a handler so an unexpected throw becomes a logged 500 with no internal detail. */
export function safe(deps: AppDeps, handler: (req: Request, res: Response) => Promise<void> | void) {
  return async (req: Request, res: Response) => {
    try {
      await handler(req, res);
    } catch (err) {
      deps.logger.error({ err, path: req.path() }, 'request handler failed');
      if (!res.headersSent) sendJson(res, 500, httpError(500, 'internal_error', 'Sorry, something went wrong.').body);
    }
  };
}

export function createServer(deps: AppDeps, registrars: readonly RouteRegistrar[] = []): Server {
  const { config } = deps;
  const server = restify.createServer({ name: 'nhsmail-assistant', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ maxBodySize: config.maxBodyBytes, mapParams: false, mapFiles: false }));

  // restify's own errors (bad JSON, body too large, no such route) get the same JSON error shape as ours.
  server.on('restifyError', (_req: Request, _res: Response, err: Error & { statusCode?: number; body?: { code?: string } }, cb: () => void) => {
    const status = err.statusCode ?? 500;
    const code = err.body?.code ?? err.name;
    const message = status >= 500 ? 'Sorry, something went wrong.' : err.message.replace(/^Invalid JSON: .*/, 'The body is not valid JSON.');
    (err as { toJSON?: () => unknown }).toJSON = () => ({ error: { code, message } });
    if (status >= 500) deps.logger.error({ err }, 'server error');
    cb();
  });

  server.get('/health', async (_req: Request, res: Response) => {
    const outbox = deps.helpdesk.outbox;
    sendJson(res, deps.ready() ? 200 : 503, {
      status: deps.ready() ? 'ok' : 'starting',
      knowledgeEntries: deps.kb.entries.length,
      // given up since start: each is logged at error level and recorded on its ticket's deliveryFailures
      deliveries: { pending: outbox.pendingCount(), givenUp: outbox.givenUpCount() },
    });
  });

  server.post(
    '/api/messages',
    safe(deps, async (req, res) => {
      const auth = req.header('authorization') ?? '';
      const out = await handleActivity(
        { config, adapter: deps.adapter, logger: deps.logger, logic: (context) => deps.bot.run(context) },
        req.body,
        auth,
      );
      sendOutcome(res, out);
    }),
  );

  for (const register of registrars) register(server, deps);
  return server;
}
