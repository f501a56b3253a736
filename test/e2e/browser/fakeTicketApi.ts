// A stand-in for the helpdesk ticket API (the ticket contract in the architecture notes), in memory, so the
// helpdesk tab can be tested in the browser on its own; the real API replaces it once the helpdesk feature is merged.
import type { Request, Response, Server } from 'restify';

type Status = 'new' | 'in-progress' | 'waiting-on-requester' | 'resolved';

export interface FakeTicket {
  ref: string;
  type: string;
  status: Status;
  createdAt: string;
  updatedAt: string;
  summary: string;
  fields: Record<string, string>;
  assignee?: string;
  history: { at: string; status: Status; by: string; note?: string }[];
}

const STATUSES: Status[] = ['new', 'in-progress', 'waiting-on-requester', 'resolved'];

export function seedTickets(): FakeTicket[] {
  const at = (m: number) => new Date(Date.UTC(2026, 10, 21, 9, m)).toISOString();
  const make = (n: number, type: string, status: Status, summary: string, fields: Record<string, string>): FakeTicket => ({
    ref: `NHSM-${String(n).padStart(6, '0')}`,
    type,
    status,
    createdAt: at(n),
    updatedAt: at(n),
    summary,
    fields,
    history: [{ at: at(n), status: 'new', by: 'NHSmail Assistant' }],
  });
  return [
    make(1, 'locked-out', 'new', 'Locked out of NHSmail; can be reached on the mobile in the directory', {
      name: 'Sam Carer',
      email: 'sam.carer@nhs.net',
      mobile: '07700 900123',
      organisation: 'Sunrise Care Home',
      odsCode: 'VNX12',
    }),
    make(2, 'leaver', 'new', 'Leaver: mark the account to be deleted in 30 days', { name: 'Alex Leaver', email: 'alex.leaver@nhs.net', organisation: 'Sunrise Care Home', odsCode: 'VNX12' }),
    make(3, 'name-change', 'in-progress', 'Name change after marriage', { name: 'Jo New', email: 'jo.old@nhs.net', organisation: 'Hillside Dental', odsCode: 'V12345' }),
    make(4, 'extra-accounts', 'resolved', 'Four more accounts for the night team', { name: 'Pat Manager', email: 'pat@nhs.net', organisation: 'Sunrise Care Home', odsCode: 'VNX12' }),
  ];
}

/** Registers GET /api/tickets, GET /api/tickets/:ref and PATCH /api/tickets/:ref behind a bearer key. */
export function registerFakeTicketApi(server: Server, key: string, tickets: FakeTicket[] = seedTickets()): FakeTicket[] {
  const authorised = (req: Request, res: Response): boolean => {
    if (req.header('authorization') === `Bearer ${key}`) return true;
    res.status(401);
    res.json({ error: { code: 'unauthorized', message: 'A valid helpdesk key is required.' } });
    return false;
  };
  const find = (req: Request, res: Response): FakeTicket | undefined => {
    const t = tickets.find((x) => x.ref === req.params.ref);
    if (!t) {
      res.status(404);
      res.json({ error: { code: 'not_found', message: 'No such ticket.' } });
    }
    return t;
  };
  server.get('/api/tickets', async (req: Request, res: Response) => {
    if (!authorised(req, res)) return;
    const q = (req.query ?? {}) as Record<string, string>;
    const list = tickets.filter((t) => (!q.status || t.status === q.status) && (!q.type || t.type === q.type));
    res.json({ tickets: list });
  });
  server.get('/api/tickets/:ref', async (req: Request, res: Response) => {
    if (!authorised(req, res)) return;
    const t = find(req, res);
    if (t) res.json(t);
  });
  server.patch('/api/tickets/:ref', async (req: Request, res: Response) => {
    if (!authorised(req, res)) return;
    const t = find(req, res);
    if (!t) return;
    const body = (req.body ?? {}) as { status?: Status; assignee?: string; note?: string };
    if (body.status !== undefined && !STATUSES.includes(body.status)) {
      res.status(400);
      res.json({ error: { code: 'bad_request', message: `status must be one of ${STATUSES.join(', ')}` } });
      return;
    }
    const now = new Date().toISOString();
    if (body.assignee) t.assignee = body.assignee;
    if (body.status) t.status = body.status;
    t.updatedAt = now;
    t.history.push({ at: now, status: t.status, by: body.assignee ?? t.assignee ?? 'helpdesk', ...(body.note ? { note: body.note } : {}) });
    res.json(t);
  });
  return tickets;
}
