// Cards for helpdesk requests: the summary to confirm, the filing receipt, status, the requester's list, and the helpdesk channel's ticket card.
import {
  DERIVED_FIELDS,
  FIELDS_BY_TYPE,
  askedFields,
  type FieldName,
  type FieldValue,
  type Ticket,
  type TicketFields,
  type TicketStatus,
  type TicketType,
} from '../helpdesk/model.js';
import type { Replies } from '../knowledge/replies.js';
import { submit } from './actions.js';
import { adaptiveCard, escapeUserText, heading, note, textBlock, type CardElement, type CardReply } from './elements.js';

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
/** 'locked-out' -> 'lockedOut', for reply keys (which allow no hyphens). */
export const typeKey = (type: TicketType) => camel(type);
export const statusKey = (status: TicketStatus) => camel(status);

/** The reply key naming a field, which for some types reads differently (the current name, a contact email). */
export function labelKey(type: TicketType, field: FieldName): string {
  if (field === 'name' && type === 'name-change') return 'request.label.nameCurrent';
  if (field === 'email' && type === 'extra-accounts') return 'request.label.emailContact';
  if (field === 'email' && type === 'mailbox-size') return 'request.label.emailMailbox';
  if (field === 'justification' && type === 'mailbox-size') return 'request.label.mailboxReason';
  return `request.label.${field}`;
}

const LONDON_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const LONDON_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "21 Nov 2026, 10:00" in England. */
export function formatWhen(iso: string): string {
  return LONDON_TIME.format(new Date(iso));
}

/** A field's value as a person reads it: dates in words, the mobile in its usual form, yes/not moving. */
export function displayValue(r: Replies, field: FieldName, value: FieldValue | undefined): string {
  if (value === undefined) return '';
  if (value === null) return field === 'movingTo' ? r.t('request.value.notMoving') : r.t('request.value.notGiven');
  if (field === 'existingInUse') return typeof value === 'number' ? r.t('request.value.inUseCount', { count: value }) : r.t(value ? 'request.value.allInUse' : 'request.value.notAllInUse');
  if (typeof value === 'boolean') return r.t(value ? 'request.value.yes' : 'request.value.no');
  if (field === 'leavingDate' && typeof value === 'string') return LONDON_DAY.format(new Date(`${value}T12:00:00Z`));
  if (field === 'mobile' && typeof value === 'string' && /^\+447\d{9}$/.test(value)) return `0${value.slice(3, 7)} ${value.slice(7)}`;
  return String(value);
}

function facts(r: Replies, type: TicketType, fields: TicketFields): { title: string; value: string }[] {
  return FIELDS_BY_TYPE[type]
    // a note left empty says nothing: only details asked for show "not given"
    .filter((f) => f in fields && !(DERIVED_FIELDS.includes(f) && fields[f] === null))
    .map((f) => ({ title: r.t(labelKey(type, f)), value: displayValue(r, f, fields[f]) }));
}

function factSet(rows: { title: string; value: string }[]): CardElement {
  return { type: 'FactSet', facts: rows.map((f) => ({ title: f.title, value: escapeUserText(f.value) })) };
}

const factLines = (rows: { title: string; value: string }[]) => rows.map((f) => `- ${f.title}: ${escapeUserText(f.value)}`).join('\n');

/** The summary to confirm before filing, with Send, Change a detail (a list of the details), and Cancel. */
export function summaryCard(r: Replies, type: TicketType, fields: TicketFields, nonce: string): CardReply {
  const rows = [{ title: r.t('request.label.type'), value: r.t(`request.typeName.${typeKey(type)}`) }, ...facts(r, type, fields)];
  // one "Change a detail" button opening a list of the details: a button each would exceed hosts' action limits
  const change = {
    type: 'Action.ShowCard',
    title: r.t('request.summary.changeDetail'),
    card: adaptiveCard(
      [
        {
          type: 'Input.ChoiceSet',
          id: 'field',
          style: 'compact',
          label: r.t('request.summary.changeWhich'),
          value: askedFields(type, fields)[0],
          choices: askedFields(type, fields).map((f) => ({ title: r.t(labelKey(type, f)), value: f })),
        },
      ],
      [submit(r.t('request.summary.changeGo'), { action: 'request', op: 'change', nonce })],
    ),
  };
  const card = adaptiveCard(
    [heading(r.t('request.summary.title')), textBlock(r.t('request.summary.intro')), factSet(rows), note(r.t('request.summary.typeHint'))],
    [
      submit(r.t('request.summary.confirm'), { action: 'request', op: 'confirm', nonce }, 'positive'),
      change,
      submit(r.t('request.summary.cancel'), { action: 'request', op: 'cancel', nonce }, 'destructive'),
    ],
  );
  const text = [`**${r.t('request.summary.title')}**`, r.t('request.summary.intro'), factLines(rows), r.t('request.summary.typeHint')].join('\n\n');
  return { card, text, meta: { kind: 'requestSummary', type, nonce } };
}

/** The summary card once used: the same details, no buttons, and what became of it. */
export function usedSummaryCard(r: Replies, type: TicketType, fields: TicketFields, outcome: string): CardReply {
  const rows = [{ title: r.t('request.label.type'), value: r.t(`request.typeName.${typeKey(type)}`) }, ...facts(r, type, fields)];
  const card = adaptiveCard([heading(r.t('request.summary.title')), factSet(rows), textBlock(outcome, { weight: 'Bolder' })]);
  return { card, text: outcome, meta: { kind: 'requestSummaryUsed', type } };
}

/** The receipt: the reference, what happens next and how long it usually takes. */
export function filedCard(r: Replies, ticket: Ticket, vars: { phone: string }): CardReply {
  const key = typeKey(ticket.type);
  const next = r.t(`request.next.${key}`, { ...vars, ref: ticket.ref });
  const time = r.t(`request.time.${key}`, vars);
  const card = adaptiveCard([
    heading(r.t('request.filed.title', { ref: ticket.ref })),
    textBlock(r.t('request.filed.reference', { ref: ticket.ref })),
    textBlock(r.t('request.filed.nextTitle'), { weight: 'Bolder', spacing: 'Medium' }),
    textBlock(next),
    note(time),
  ]);
  const text = [`**${r.t('request.filed.title', { ref: ticket.ref })}**`, r.t('request.filed.reference', { ref: ticket.ref }), `**${r.t('request.filed.nextTitle')}**`, next, time].join('\n\n');
  return { card, text, meta: { kind: 'requestFiled', ref: ticket.ref, type: ticket.type } };
}

/** The helpdesk's latest question to the requester, if the ticket is waiting on them. */
export function pendingQuestion(ticket: Ticket): string | undefined {
  if (ticket.status !== 'waiting-on-requester') return undefined;
  for (let i = ticket.history.length - 1; i >= 0; i--) {
    const h = ticket.history[i];
    if (h?.status === 'waiting-on-requester' && h.note) return h.note;
    if (h?.status !== 'waiting-on-requester') break;
  }
  return undefined;
}

/**
 * The next step for the requester, given the ticket's status, as markdown: the helpdesk's question
 * (staff-typed) is escaped, so it reaches the requester as text, never as a link, image or formatting.
 */
export function nextStep(r: Replies, ticket: Ticket): string {
  const base = r.t(`request.statusNext.${statusKey(ticket.status)}`, { email: r.t('contact.email'), phone: r.t('contact.phone'), ref: ticket.ref });
  const question = pendingQuestion(ticket);
  return question ? `${r.t('request.statusQuestion', { question: escapeUserText(question) })} ${base}` : base;
}

/** A ticket's status for the person who filed it: status, history (without internal notes) and next step. */
export function statusCard(r: Replies, ticket: Ticket): CardReply {
  const status = r.t(`request.statusName.${statusKey(ticket.status)}`);
  const title = r.t('request.status.title', { ref: ticket.ref, status });
  const filed = r.t('request.status.filed', { type: r.t(`request.typeName.${typeKey(ticket.type)}`), date: formatWhen(ticket.createdAt) });
  const history = ticket.history
    .filter((h, i, all) => i === 0 || h.status !== all[i - 1]?.status)
    .map((h) => r.t('request.status.historyLine', { date: formatWhen(h.at), status: r.t(`request.statusName.${statusKey(h.status)}`) }));
  const next = nextStep(r, ticket);
  const card = adaptiveCard([
    heading(title),
    note(filed),
    textBlock(r.t('request.status.historyTitle'), { weight: 'Bolder', spacing: 'Medium' }),
    ...history.map((h) => textBlock(escapeUserText(h), { spacing: 'None' })),
    textBlock(r.t('request.status.nextTitle'), { weight: 'Bolder', spacing: 'Medium' }),
    textBlock(next),
  ]);
  const text = [`**${title}**`, filed, `**${r.t('request.status.historyTitle')}**\n${history.map((h) => `- ${h}`).join('\n')}`, `**${r.t('request.status.nextTitle')}**`, next].join('\n\n');
  return { card, text, meta: { kind: 'requestStatus', ref: ticket.ref, status: ticket.status } };
}

/** The requester's own tickets, newest first. */
export function requestsListCard(r: Replies, tickets: readonly Ticket[]): CardReply {
  const lines = tickets.map((t) =>
    r.t('request.mine.line', {
      ref: t.ref,
      type: r.t(`request.typeName.${typeKey(t.type)}`),
      status: r.t(`request.statusName.${statusKey(t.status)}`),
      date: formatWhen(t.updatedAt),
    }),
  );
  const card = adaptiveCard([heading(r.t('request.mine.title')), ...lines.map((l) => textBlock(l, { spacing: 'Small' })), note(r.t('request.mine.hint'))]);
  const text = [`**${r.t('request.mine.title')}**`, lines.map((l) => `- ${l}`).join('\n'), r.t('request.mine.hint')].join('\n\n');
  return { card, text, meta: { kind: 'requestList', refs: tickets.map((t) => t.ref) } };
}

/**
 * A ticket as the helpdesk channel sees it, updated in place as it changes. Everything the
 * requester typed is escaped so it cannot turn into links or formatting.
 */
export function helpdeskTicketCard(r: Replies, ticket: Ticket): CardReply {
  const status = r.t(`request.statusName.${statusKey(ticket.status)}`);
  const typeName = r.t(`request.typeName.${typeKey(ticket.type)}`);
  const lastNote = [...ticket.history].reverse().find((h) => h.note)?.note;
  const rows = [
    { title: r.t('request.label.type'), value: typeName },
    ...facts(r, ticket.type, ticket.fields),
  ];
  const body: CardElement[] = [
    heading(`${ticket.ref}: ${typeName}`),
    textBlock(`${status} · ${ticket.assignee ? r.t('request.channel.assignee', { name: escapeUserText(ticket.assignee) }) : r.t('request.channel.unassigned')}`, {
      weight: 'Bolder',
      color: ticket.status === 'resolved' ? 'Good' : 'Default',
    }),
    note(r.t('request.channel.filed', { date: formatWhen(ticket.createdAt) })),
    factSet(rows),
    ...(lastNote ? [note(r.t('request.channel.lastNote', { note: escapeUserText(lastNote) }))] : []),
  ];
  const actions =
    ticket.status === 'resolved'
      ? []
      : [
          submit(r.t('request.channel.assign'), { action: 'ticket', op: 'assign', ref: ticket.ref }),
          submit(r.t('request.channel.resolve'), { action: 'ticket', op: 'resolve', ref: ticket.ref }, 'positive'),
          {
            type: 'Action.ShowCard',
            title: r.t('request.channel.askInfo'),
            card: adaptiveCard(
              [{ type: 'Input.Text', id: 'question', isMultiline: true, maxLength: 2000, placeholder: r.t('request.channel.askPlaceholder') }],
              [submit(r.t('request.channel.askSend'), { action: 'ticket', op: 'ask', ref: ticket.ref })],
            ),
          },
        ];
  const text = [`**${ticket.ref}: ${typeName}**`, status, factLines(rows)].join('\n\n');
  return { card: adaptiveCard(body, actions), text, meta: { kind: 'helpdeskTicket', ref: ticket.ref, status: ticket.status } };
}

/** A question in the request journey with answer buttons; each button sends the same words as typing it. */
export function requestQuestionCard(r: Replies, lead: string, question: string, choices: readonly string[], meta?: Record<string, unknown>): CardReply {
  const card = adaptiveCard([
    textBlock(lead),
    textBlock(question, { weight: 'Bolder', spacing: 'Medium' }),
    { type: 'ActionSet', actions: choices.map((c) => submit(c, { action: 'choose', value: c })) },
  ]);
  const text = [lead, `**${question}**`, choices.map((c) => `- ${c}`).join('\n')].join('\n\n');
  return { card, text, ...(meta ? { meta } : {}) };
}
