// The REST API helpdesk tools use: list, read and update tickets, behind a bearer key compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { TICKET_STATUSES, TICKET_TYPES, TicketPatchSchema, publicTicket } from '../helpdesk/model.js';
import { TransitionError } from '../helpdesk/service.js';
import { CursorError } from '../helpdesk/ticketStore.js';
import type { AppDeps } from './app.js';
import { httpError } from './messages.js';
import { safe, sendJson } from './server.js';

const REF = /^NHSM-\d{6,9}$/;

const ListQuerySchema = z.strictObject({
  status: z.enum(TICKET_STATUSES, { error: `status must be one of: ${TICKET_STATUSES.join(', ')}` }).optional(),
  type: z.enum(TICKET_TYPES, { error: `type must be one of: ${TICKET_TYPES.join(', ')}` }).optional(),
  limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be 1 to 200').max(200, 'limit must be 1 to 200').optional(),
  cursor: z.string().max(40, 'cursor is not one this API returned').optional(),
});

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** True when the Authorization header carries the configured key; hashes make the comparison constant-time. */
export function hasApiKey(header: string | undefined, apiKey: string | undefined): boolean {
  if (!apiKey || !header) return false;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) return false;
  return timingSafeEqual(sha256(m[1] as string), sha256(apiKey));
}

const firstIssue = (e: z.ZodError) => {
  const issue = e.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue?.message ?? 'invalid'}`;
};

/** Who made a change, from the optional X-Helpdesk-User header (else "helpdesk"). */
function actor(req: Request): string {
  const raw = req.header('x-helpdesk-user');
  const clean = typeof raw === 'string' ? raw.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 120) : '';
  return clean || 'helpdesk';
}

/**
 * GET /api/tickets?status=&type=&limit=&cursor=, GET /api/tickets/:ref, PATCH /api/tickets/:ref
 * ({status?, assignee?, note?}). Tickets come without requester identity. Without the key: 401.
 */
export function registerTicketApi(server: Server, deps: AppDeps): void {
  const { helpdesk, config } = deps;
  const guard = (handler: (req: Request, res: Response) => Promise<void>) =>
    safe(deps, async (req, res) => {
      res.header('Cache-Control', 'no-store');
      if (!hasApiKey(req.header('authorization'), config.helpdesk.apiKey)) {
        res.header('WWW-Authenticate', 'Bearer');
        const e = httpError(401, 'unauthorized', 'A valid helpdesk API key is required: Authorization: Bearer <key>.');
        sendJson(res, e.status, e.body);
        return;
      }
      await handler(req, res);
    });
  const notFound = (res: Response, ref: string) => {
    const e = httpError(404, 'not_found', `There is no ticket ${REF.test(ref) ? ref : 'with that reference'}.`);
    sendJson(res, e.status, e.body);
  };
  const bad = (res: Response, code: string, message: string, status = 400) => {
    const e = httpError(status, code, message);
    sendJson(res, e.status, e.body);
  };

  server.get(
    '/api/tickets',
    guard(async (req, res) => {
      const query = ListQuerySchema.safeParse(req.query ?? {});
      if (!query.success) return bad(res, 'invalid_query', firstIssue(query.error));
      try {
        const page = await helpdesk.service.list(query.data);
        sendJson(res, 200, { tickets: page.tickets.map(publicTicket), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
      } catch (e) {
        if (!(e instanceof CursorError)) throw e;
        bad(res, 'invalid_query', 'cursor: not one this API returned');
      }
    }),
  );

  server.get(
    '/api/tickets/:ref',
    guard(async (req, res) => {
      const ref = String(req.params?.ref ?? '').toUpperCase();
      const ticket = REF.test(ref) ? await helpdesk.service.get(ref) : undefined;
      if (!ticket) return notFound(res, ref);
      sendJson(res, 200, publicTicket(ticket));
    }),
  );

  server.patch(
    '/api/tickets/:ref',
    guard(async (req, res) => {
      const ref = String(req.params?.ref ?? '').toUpperCase();
      if (!REF.test(ref)) return notFound(res, ref);
      const body: unknown = req.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return bad(res, 'invalid_body', 'The body must be a JSON object such as {"status": "in-progress"}.');
      }
      const patch = TicketPatchSchema.safeParse(body);
      if (!patch.success) return bad(res, 'invalid_body', firstIssue(patch.error));
      try {
        const ticket = await helpdesk.service.change(ref, patch.data, actor(req));
        if (!ticket) return notFound(res, ref);
        sendJson(res, 200, publicTicket(ticket));
      } catch (e) {
        if (!(e instanceof TransitionError)) throw e;
        bad(res, 'invalid_transition', `status cannot change from ${e.from} to ${e.to}`);
      }
    }),
  );
}
