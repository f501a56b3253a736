// The REST API helpdesk tools use: list, read and update tickets, behind a bearer key compared in constant time.
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { TICKET_STATUSES, TICKET_TYPES, TicketPatchSchema, publicTicket } from '../../helpdesk/model.js';
import { TransitionError, type HelpdeskService } from '../../helpdesk/service.js';
import { CursorError } from '../../helpdesk/ticketStore.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import { helpdeskAccess } from '../auth/helpdeskAccess.js';
import { ERRORS, fail, httpError } from '../http/errors.js';
import { firstIssue } from '../../lib/zodIssues.js';
import { safe, sendJson } from '../http/server.js';

const REF = /^NHSM-\d{6,9}$/;

const ListQuerySchema = z.strictObject({
  status: z.enum(TICKET_STATUSES, { error: `status must be one of: ${TICKET_STATUSES.join(', ')}` }).optional(),
  type: z.enum(TICKET_TYPES, { error: `type must be one of: ${TICKET_TYPES.join(', ')}` }).optional(),
  limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be 1 to 200').max(200, 'limit must be 1 to 200').optional(),
  cursor: z.string().max(40, 'cursor is not one this API returned').optional(),
});

/** A ticket API problem as "<field>: <problem>", or the problem alone when it is with the whole query or body. */
function problemText(error: z.ZodError): { issue: string } {
  const { field, problem } = firstIssue(error);
  return { issue: field ? `${field}: ${problem}` : problem };
}

/** Who made a change, from the optional X-Helpdesk-User header (else "helpdesk"). */
function actor(req: Request): string {
  const raw = req.header('x-helpdesk-user');
  const clean = typeof raw === 'string' ? raw.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 120) : '';
  return clean || 'helpdesk';
}

/**
 * GET /api/tickets?status=&type=&limit=&cursor=, GET /api/tickets/:ref, PATCH /api/tickets/:ref
 * ({status?, assignee?, note?}). Tickets come without requester identity. Callers present the helpdesk key or,
 * when an Entra app is configured, a Teams SSO token with the helpdesk role; anything else: 401.
 */
export function registerTicketApi(server: Server, deps: { config: Config; service: HelpdeskService; logger: Logger }): void {
  const { service } = deps;
  // Helpdesk staff in the Teams tab sign in with Teams SSO instead of the key, when an Entra app is configured.
  const access = helpdeskAccess(deps, 'bot:tickets:sso');

  /** Who is calling: the key's holder (X-Helpdesk-User) or the SSO user; undefined when neither checks out. */
  const authorise = async (req: Request): Promise<string | 'unavailable' | undefined> => {
    const caller = await access(req);
    if (caller.ok) return caller.via === 'key' ? actor(req) : caller.name;
    return caller.reason === 'keys_unavailable' ? 'unavailable' : undefined;
  };

  const guard = (handler: (req: Request, res: Response, by: string) => Promise<void>) =>
    safe(deps.logger, async (req, res) => {
      res.header('Cache-Control', 'no-store');
      const by = await authorise(req);
      if (by === 'unavailable') fail(ERRORS.ssoUnavailable);
      if (!by) {
        res.header('WWW-Authenticate', 'Bearer');
        fail(ERRORS.unauthorized, 'helpdesk');
      }
      // a ticket store that is down or restarting is answered 503 with Retry-After by safe()
      await handler(req, res, by);
    });
  const notFound: (ref: string) => never = (ref) => fail(ERRORS.notFound, { ticket: REF.test(ref) ? ref : undefined });

  server.get(
    '/api/tickets',
    guard(async (req, res) => {
      const query = ListQuerySchema.safeParse(req.query ?? {});
      if (!query.success) fail(ERRORS.invalidQuery, problemText(query.error));
      try {
        const page = await service.list(query.data);
        sendJson(res, 200, { tickets: page.tickets.map(publicTicket), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
      } catch (e) {
        if (!(e instanceof CursorError)) throw e;
        fail(ERRORS.invalidQuery, 'cursor');
      }
    }),
  );

  server.get(
    '/api/tickets/:ref',
    guard(async (req, res) => {
      const ref = String(req.params?.ref ?? '').toUpperCase();
      const ticket = REF.test(ref) ? await service.get(ref) : undefined;
      if (!ticket) notFound(ref);
      sendJson(res, 200, publicTicket(ticket));
    }),
  );

  server.patch(
    '/api/tickets/:ref',
    guard(async (req, res, by) => {
      const ref = String(req.params?.ref ?? '').toUpperCase();
      if (!REF.test(ref)) notFound(ref);
      const body: unknown = req.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        fail(ERRORS.invalidBody, 'notTicketChange');
      }
      const patch = TicketPatchSchema.safeParse(body);
      if (!patch.success) fail(ERRORS.invalidBody, problemText(patch.error));
      try {
        const ticket = await service.change(ref, patch.data, by);
        if (!ticket) notFound(ref);
        sendJson(res, 200, publicTicket(ticket));
      } catch (e) {
        if (!(e instanceof TransitionError)) throw e;
        fail(ERRORS.invalidTransition, e.from, e.to);
      }
    }),
  );
}
