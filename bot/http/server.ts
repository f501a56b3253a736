// Builds the HTTP server (routes, body limits, error shape) without starting it; bot/main.ts listens.
import { createHash, timingSafeEqual } from 'node:crypto';
import restify, { type Next, type Request, type Response, type Server } from 'restify';
import type { Logger } from '../logger.js';
import { unavailableOutcome } from './unavailable.js';
import { ERRORS, HttpError, httpError, type ErrorEntry } from './errors.js';
import type { HttpOutcome } from './outcome.js';

/** Adds a feature's routes (messages, ticket API, Direct Line, pages); each takes only what it uses when it is made. */
export type RouteRegistrar = (server: Server) => void;

/** What /health and /ready report: whether the bot takes messages, each dependency it needs, and any figures. */
export interface HealthStatus {
  ready: boolean;
  /** each dependency the bot cannot work without (the database when DATABASE_URL is set); one down means 503 */
  dependencies: Record<string, 'up' | 'down'>;
  report: Record<string, unknown>;
}

/** What the server itself needs: the body limit, a logger, and what /health reports. */
export interface ServerOptions {
  maxBodyBytes: number;
  logger: Logger;
  health(): HealthStatus | Promise<HealthStatus>;
}

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

/** Wraps a handler so a thrown catalogue error is sent as it is, and any other throw becomes a logged 500 with no internal detail. */
export function safe(logger: Logger, handler: (req: Request, res: Response) => Promise<void> | void) {
  return async (req: Request, res: Response) => {
    try {
      await handler(req, res);
    } catch (err) {
      if (err instanceof HttpError) {
        if (!res.headersSent) sendOutcome(res, err.outcome);
        return;
      }
      // a store the route needs is down or restarting (PostgreSQL): 503 with Retry-After, so the caller retries
      const unavailable = unavailableOutcome(err);
      if (unavailable) {
        logger.warn({ err, path: req.path() }, 'request could not be served: a dependency is unavailable');
        if (!res.headersSent) sendOutcome(res, unavailable);
        return;
      }
      logger.error({ err, path: req.path() }, 'request handler failed');
      if (!res.headersSent) sendOutcome(res, httpError(ERRORS.internal));
    }
  };
}

/** Bodies deeper than this are refused: JSON.stringify (state, logs, Direct Line) would overflow the stack on them. */
export const MAX_JSON_DEPTH = 64;

/** JSON media types: application/json (what botbuilder's connector and Web Chat send) and application/*+json. */
function isJsonType(type: string): boolean {
  return type === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type);
}

/** The charset a Content-Type names, if any, lower-cased and unquoted. */
function charsetOf(header: string): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(header)?.[1]?.toLowerCase();
}

/** Refuses a request before anything reads its body: the connection is closed so the unread body is not drained. */
function refuse<A extends unknown[]>(res: Response, next: Next, error: ErrorEntry<A>, ...args: A): void {
  res.setHeader('connection', 'close');
  sendOutcome(res, httpError(error, ...args));
  next(false);
}

/**
 * Lets only plain JSON bodies reach restify's body reader. A compressed body is refused (restify would gunzip it
 * with no limit on the expanded size and no error handler, so a broken one killed the process), and so is any
 * body that is not JSON or is declared larger than the limit. Bodiless requests pass whatever their headers say.
 */
function bodyGate(maxBodyBytes: number) {
  return (req: Request, res: Response, next: Next): void => {
    const contentEncoding = req.headers['content-encoding'];
    if (contentEncoding !== undefined) {
      if (contentEncoding.trim().toLowerCase() !== 'identity') {
        return refuse(res, next, ERRORS.unsupportedEncoding, 'Content-Encoding');
      }
      delete req.headers['content-encoding'];
    }
    const transferEncoding = req.headers['transfer-encoding'];
    if (transferEncoding !== undefined && transferEncoding.trim().toLowerCase() !== 'chunked') {
      return refuse(res, next, ERRORS.unsupportedEncoding, 'Transfer-Encoding');
    }
    const length = Number(req.headers['content-length'] ?? 0);
    if (transferEncoding === undefined && !(length > 0)) return next();
    const charset = charsetOf(req.headers['content-type'] ?? '');
    if (!isJsonType(req.getContentType()) || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
      return refuse(res, next, ERRORS.unsupportedMediaType);
    }
    if (length > maxBodyBytes) return refuse(res, next, ERRORS.payloadTooLarge, maxBodyBytes);
    next();
  };
}

/** How deeply a parsed JSON value nests, counted without recursion and given up on past `limit`. */
export function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function depthGuard(req: Request, res: Response, next: Next): void {
  if (jsonDepth(req.body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    sendOutcome(res, httpError(ERRORS.invalidBody, { depth: MAX_JSON_DEPTH }));
    return next(false);
  }
  next();
}

/** API answers carry personal details and tokens, so nothing may cache them. */
const NO_STORE = /^\/(api|v3\/directline)(\/|$)/;

/**
 * Headers every response gets unless its handler set its own: nosniff everywhere, no-store on the APIs. Set as the
 * head is written, so a handler's own res.header() does not turn them into a repeated list.
 */
function defaultHeaders(req: Request, res: Response, next: Next): void {
  const noStore = NO_STORE.test(req.getPath());
  const writeHead = res.writeHead;
  res.writeHead = function withDefaults(this: Response, ...args: unknown[]) {
    if (!this.hasHeader('x-content-type-options')) this.setHeader('X-Content-Type-Options', 'nosniff');
    if (noStore && !this.hasHeader('cache-control')) this.setHeader('Cache-Control', 'no-store');
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response['writeHead'];
  next();
}

/** The catalogue's answer for one of restify's own errors, found by restify's code; anything unforeseen is a plain 400 or 500. */
function restifyAnswer(req: Request, err: { statusCode?: number; body?: { code?: string } }, maxBodyBytes: number): HttpOutcome {
  switch (err.body?.code) {
    case 'PayloadTooLarge':
    case 'RequestEntityTooLarge':
      return httpError(ERRORS.payloadTooLarge, maxBodyBytes);
    case 'InvalidContent':
      return httpError(ERRORS.invalidJson);
    case 'BadDigest':
      return httpError(ERRORS.badDigest);
    case 'UnsupportedMediaType':
      return httpError(ERRORS.unsupportedMediaType);
    case 'ResourceNotFound':
      return httpError(ERRORS.routeNotFound, req.getPath());
    case 'MethodNotAllowed':
      return httpError(ERRORS.methodNotAllowed, req.method ?? '');
  }
  return (err.statusCode ?? 500) >= 500 ? httpError(ERRORS.internal) : httpError(ERRORS.badRequest);
}

export function createServer(options: ServerOptions, registrars: readonly RouteRegistrar[] = []): Server {
  const { maxBodyBytes, logger } = options;
  const server = restify.createServer({ name: 'nhsmail-assistant', handleUncaughtExceptions: false });
  server.pre(defaultHeaders, bodyGate(maxBodyBytes));
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // JSON only: the form and multipart parsers of restify's bodyParser are never installed.
  server.use(restify.plugins.bodyReader({ maxBodySize: maxBodyBytes }));
  server.use(restify.plugins.jsonBodyParser({ bodyReader: true, mapParams: false }));
  server.use(depthGuard);

  // restify's own errors (bad JSON, body too large, no such route) are answered from the catalogue, in the same shape as ours.
  server.on('restifyError', (req: Request, _res: Response, err: Error & { statusCode?: number; body?: { code?: string } }, cb: () => void) => {
    const out = restifyAnswer(req, err, maxBodyBytes);
    err.statusCode = out.status;
    (err as { toJSON?: () => unknown }).toJSON = () => out.body;
    if (out.status >= 500) logger.error({ err }, 'server error');
    cb();
  });

  server.get('/health', async (_req: Request, res: Response) => {
    const { ready, dependencies, report } = await options.health();
    const down = Object.values(dependencies).includes('down');
    const status = !ready ? 'starting' : down ? 'unavailable' : 'ok';
    sendJson(res, status === 'ok' ? 200 : 503, { status, dependencies, ...report });
  });
  // For a load balancer: 200 only while this instance takes messages and everything it needs answers.
  server.get('/ready', async (_req: Request, res: Response) => {
    const { ready, dependencies } = await options.health();
    const ok = ready && !Object.values(dependencies).includes('down');
    sendJson(res, ok ? 200 : 503, { ready: ok });
  });

  for (const register of registrars) register(server);
  return server;
}
