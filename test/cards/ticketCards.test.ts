// Helpdesk cards: every reply key they name exists, each passes the Adaptive Cards parser, and user text on them is inert.
import { expect } from 'chai';
import { createRequire } from 'node:module';
import {
  filedCard,
  helpdeskTicketCard,
  labelKey,
  requestsListCard,
  statusCard,
  statusKey,
  summaryCard,
  typeKey,
  usedSummaryCard,
} from '../../cards/ticketCards.js';
import type { AdaptiveCardJson } from '../../cards/elements.js';
import { FIELDS_BY_TYPE, TICKET_STATUSES, TICKET_TYPES, publicTicket } from '../../helpdesk/model.js';
import { INVALID_CODES } from '../../helpdesk/validators.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import { SAMPLE_FIELDS, sampleStoredTicket } from '../helpdesk/fixtures/tickets.js';

const r = loadKnowledge().replies;
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => { parse(json: unknown, ctx: unknown): void; validateProperties(): { validationEvents: { message: string }[] } };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
};

function problems(card: AdaptiveCardJson): string[] {
  const parsed = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  parsed.parse(card, ctx);
  const out = Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message);
  return [...out, ...parsed.validateProperties().validationEvents.map((e) => e.message)];
}

describe('helpdesk cards', () => {
  it('name only reply keys that exist', () => {
    const keys = [
      ...TICKET_TYPES.flatMap((t) => ['type', 'typeName', 'intro', 'next', 'time'].map((p) => `request.${p}.${typeKey(t)}`)),
      ...TICKET_STATUSES.flatMap((s) => [`request.statusName.${statusKey(s)}`, `request.statusNext.${statusKey(s)}`]),
      ...TICKET_TYPES.flatMap((t) => FIELDS_BY_TYPE[t].map((f) => labelKey(t, f))),
      ...INVALID_CODES.map((c) => `request.invalid.${c}`),
    ];
    expect(keys.filter((k) => !r.has(k))).to.deep.equal([]);
  });

  it('pass the Adaptive Cards parser', () => {
    const ticket = publicTicket(sampleStoredTicket(7));
    const waiting = { ...ticket, status: 'waiting-on-requester' as const, history: [...ticket.history, { at: ticket.createdAt, status: 'waiting-on-requester' as const, by: 'Sam', note: 'Which site?' }] };
    const cards = [
      ...TICKET_TYPES.map((t) => summaryCard(r, t, SAMPLE_FIELDS[t], 'nonce')),
      usedSummaryCard(r, 'leaver', SAMPLE_FIELDS.leaver, 'done'),
      filedCard(r, ticket, { phone: '0333 200 1133' }),
      statusCard(r, waiting),
      requestsListCard(r, [ticket, waiting]),
      helpdeskTicketCard(r, waiting),
      helpdeskTicketCard(r, { ...ticket, status: 'resolved' }),
    ];
    for (const c of cards) expect(problems(c.card), String(c.meta?.['kind'])).to.deep.equal([]);
  });

  it('keeps user-typed text from becoming links or formatting on the helpdesk card', () => {
    const ticket = publicTicket(sampleStoredTicket(8));
    ticket.fields.organisation = 'Sunrise [click](https://evil.example) **Care** <b>home</b>';
    ticket.history.push({ at: ticket.createdAt, status: 'new', by: 'x', note: 'see www.evil.example' });
    const { card, text } = helpdeskTicketCard(r, ticket);
    const json = JSON.stringify(card);
    for (const raw of ['[click](https://evil.example)', '**Care**', '<b>', 'www.evil']) {
      expect(json, raw).to.not.contain(raw);
      expect(text, raw).to.not.contain(raw);
    }
  });
});
