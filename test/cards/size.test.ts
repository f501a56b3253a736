// Teams refuses a message over 28 KB: the largest cards the bot can build, from worst-case content, must stay under it.
import { expect } from 'chai';
import type { TurnContext } from 'botbuilder';
import { answerCard, choicesCard } from '../../cards/answerCard.js';
import { outcomeCard, questionCard } from '../../cards/eligibilityCards.js';
import { filedCard, helpdeskTicketCard, requestsListCard, statusCard, summaryCard, usedSummaryCard } from '../../cards/ticketCards.js';
import { FIELDS_BY_TYPE, TICKET_TYPES, summarize, type Ticket, type TicketFields, type TicketType } from '../../helpdesk/model.js';
import type { CardReply } from '../../cards/elements.js';
import { welcomeCard } from '../../cards/welcomeCard.js';
import { cardActivity } from '../../dialogs/render.js';
import { decide, type Outcome } from '../../knowledge/eligibility/decide.js';
import { defaultEligibility } from '../../knowledge/eligibility/loader.js';
import { loadKnowledge } from '../../knowledge/loader.js';
import type { FaqEntry } from '../../knowledge/schema.js';

const TEAMS_MAX_BYTES = 28 * 1024;

const teams = { activity: { channelId: 'msteams' } } as unknown as TurnContext;

/** The bytes Teams receives for a reply: the whole activity as JSON, card, fallback text and channelData. */
function teamsBytes(reply: CardReply): number {
  return Buffer.byteLength(JSON.stringify(cardActivity(teams, reply)), 'utf8');
}

const longest = <T>(items: readonly T[], size: (t: T) => number, n: number): T[] => [...items].sort((a, b) => size(b) - size(a)).slice(0, n);

/** Every eligibility outcome the rules can reach, one per route. */
function everyOutcome(): Outcome[] {
  const found = new Map<string, Outcome>();
  for (const country of ['england', 'scotland', 'wales'] as const)
    for (const orgType of ['care-provider', 'dental', 'pharmacy', 'optometry', 'gp-locum', 'junior-doctor', 'midwife', 'nhs-staff', 'other'] as const)
      for (const cqcRegistered of [true, false])
        for (const dspt of ['met', 'approaching', 'in-progress', 'not-started'] as const)
          for (const sites of [1, 25, 45])
            for (const [ownIt, sponsor] of [[true, false], [false, true], [false, false]] as const)
              for (const commissionerRequires of [true, false])
                for (const london of [true, false])
                  for (const pharmacyKind of ['single', 'multiple', 'locum', 'hospital'] as const) {
                    const d = decide({ country, orgType, cqcRegistered, dspt, sites, ownIt, sponsor, commissionerRequires, london, pharmacyKind });
                    if (d.kind === 'outcome' && !found.has(d.route)) found.set(d.route, d);
                  }
  return [...found.values()];
}

/** Text at a field's length limit made of the characters escaping doubles (markdown punctuation). */
const nasty = (n: number) => '*_[](){}#+-.!|<>~`\\'.repeat(Math.ceil(n / 20)).slice(0, n);

/** Every field of a type filled at its validator's limit with escape-heavy text. */
function worstFields(type: TicketType): TicketFields {
  const values: TicketFields = {
    name: nasty(100),
    newName: nasty(100),
    email: `${'a'.repeat(54)}@nhs.net`,
    mobile: '+447700900123',
    organisation: nasty(120),
    odsCode: 'V12345',
    leavingDate: '2027-01-31',
    movingTo: nasty(120),
    extraAccounts: 100,
    justification: nasty(1000),
    existingInUse: true,
    sharedMailbox: `${'m'.repeat(54)}@nhs.net`,
  };
  return Object.fromEntries(FIELDS_BY_TYPE[type].map((f) => [f, values[f]]));
}

function worstTicket(type: TicketType, seq = 123456789): Ticket {
  const fields = worstFields(type);
  const at = '2026-11-21T09:00:00.000Z';
  return {
    ref: `NHSM-${seq}`,
    type,
    status: 'waiting-on-requester',
    createdAt: at,
    updatedAt: at,
    summary: summarize(type, fields),
    fields,
    assignee: nasty(120),
    history: Array.from({ length: 40 }, () => ({ at, status: 'waiting-on-requester' as const, by: nasty(120), note: nasty(2000) })),
  };
}

describe('card sizes stay under the Teams limit (28 KB)', () => {
  const kb = loadKnowledge();
  const r = kb.replies;
  const entries = kb.entries as readonly FaqEntry[];

  it('the largest answer card: every entry, with the three longest related questions', () => {
    const related = longest(entries, (e) => e.question.length, 4);
    const sizes = entries.map((e) => teamsBytes(answerCard(kb, e, related.filter((x) => x.id !== e.id).slice(0, 3))));
    const biggest = Math.max(...sizes);
    expect(biggest).to.be.below(TEAMS_MAX_BYTES);
  });

  it('a worst-case answer at the schema limits (600-character answer, 2,500 characters more, every glossary term, long title and related questions)', () => {
    const base = entries[0]!;
    const everyTerm = kb.glossary.terms.map((t) => t.marks[0]).join(' ');
    const huge: FaqEntry = {
      ...base,
      title: 'T'.repeat(200),
      answer: 'A\u00e9'.repeat(300),
      more: `${everyTerm} ${'M\u00e9'.repeat(1250)}`.slice(0, 2500),
      helpdesk: base.helpdesk ?? 'locked-out',
    };
    const relatedHuge = [1, 2, 3].map((i) => ({ ...base, id: `r${i}`, question: `${'Q'.repeat(300)}?` }));
    expect(teamsBytes(answerCard(kb, huge, relatedHuge))).to.be.below(TEAMS_MAX_BYTES);
  });

  it('the choices card with the three longest titles, and the welcome card', () => {
    expect(teamsBytes(choicesCard(r, longest(entries, (e) => e.title.length + e.question.length, 3)))).to.be.below(TEAMS_MAX_BYTES);
    expect(teamsBytes(welcomeCard(r))).to.be.below(TEAMS_MAX_BYTES);
  });

  it('every eligibility outcome card, and every question card with its lead and Back', () => {
    const outcomes = everyOutcome();
    expect(outcomes.length).to.be.greaterThan(5);
    for (const o of outcomes) expect(teamsBytes(outcomeCard(r, o)), o.route).to.be.below(TEAMS_MAX_BYTES);
    for (const q of defaultEligibility().questions) {
      expect(teamsBytes(questionCard(r, q, { canGoBack: true, lead: r.t('eligibility.notUnderstood') })), q.id).to.be.below(TEAMS_MAX_BYTES);
    }
  });

  for (const type of TICKET_TYPES) {
    it(`every helpdesk card for a request of type ${type} with every field at its limit in escape-heavy text`, () => {
      const ticket = worstTicket(type);
      const cards: [string, CardReply][] = [
        ['summary', summaryCard(r, type, ticket.fields, '00000000-0000-4000-8000-000000000000')],
        ['used summary', usedSummaryCard(r, type, ticket.fields, r.t('request.summary.used.filed', { ref: ticket.ref }))],
        ['filed', filedCard(r, ticket, { phone: r.t('contact.phone') })],
        ['status', statusCard(r, ticket)],
        ['helpdesk channel', helpdeskTicketCard(r, ticket)],
      ];
      for (const [name, reply] of cards) expect(teamsBytes(reply), name).to.be.below(TEAMS_MAX_BYTES);
    });
  }

  it('the list of a requester\'s ten latest requests', () => {
    const tickets = Array.from({ length: 10 }, (_, i) => worstTicket(TICKET_TYPES[i % TICKET_TYPES.length]!, 123456780 + i));
    expect(teamsBytes(requestsListCard(r, tickets))).to.be.below(TEAMS_MAX_BYTES);
  });
});
