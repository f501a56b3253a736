// What a helpdesk ticket is: types, statuses, per-type fields, references and the public JSON the helpdesk sees.
import { z } from 'zod';
import type { Language } from '../knowledge/language/language.js';
import { defaultLanguage } from '../knowledge/loader.js';
import { REQUEST_FIELDS, TICKET_STATUSES, type FieldValue, type TicketStatus, type TicketType, type TicketView } from './vocabulary.js';

export * from './vocabulary.js';

/** Every field a request can carry; each type asks only for the ones in FIELDS_BY_TYPE. */
export const FIELD_NAMES = REQUEST_FIELDS;
export type FieldName = (typeof FIELD_NAMES)[number];

const CONTACT: readonly FieldName[] = ['name', 'email', 'mobile', 'organisation', 'odsCode'];

/** The fields each type carries, in the order the bot asks for them. */
export const FIELDS_BY_TYPE: Readonly<Record<TicketType, readonly FieldName[]>> = {
  'locked-out': CONTACT,
  leaver: [...CONTACT, 'leavingDate', 'movingTo'],
  'name-change': ['name', 'newName', 'email', 'mobile', 'organisation', 'odsCode'],
  'extra-accounts': [...CONTACT, 'extraAccounts', 'justification', 'existingInUse', 'inUseNote'],
  'shared-mailbox-access': [...CONTACT, 'sharedMailbox'],
  'deleted-account': CONTACT,
  'mailbox-size': ['name', 'email', 'mobile', 'organisation', 'odsCode', 'mailboxSize', 'justification', 'seniorApproval'],
};

/**
 * Fields the helpdesk can do without for each type: someone who does not know one says so and it is
 * kept as null ("not given"). The helpdesk finds an ODS code from the organisation's name, reaches people
 * by email when there is no mobile, looks up a locked-out or deleted account by name and organisation,
 * finds a site's shared mailbox, sees a mailbox's size, and checks account activity itself.
 */
export const OPTIONAL_FIELDS: Readonly<Record<TicketType, readonly FieldName[]>> = {
  'locked-out': ['email', 'mobile', 'odsCode'],
  leaver: ['mobile', 'odsCode', 'movingTo'],
  'name-change': ['mobile', 'odsCode'],
  'extra-accounts': ['mobile', 'odsCode', 'existingInUse', 'inUseNote'],
  'shared-mailbox-access': ['mobile', 'odsCode', 'sharedMailbox'],
  'deleted-account': ['email', 'mobile', 'odsCode'],
  'mailbox-size': ['mobile', 'odsCode', 'mailboxSize'],
};

/** Fields filled from another answer, never asked for ("one is on maternity leave" beside a count of accounts in use). */
export const DERIVED_FIELDS: readonly FieldName[] = ['inUseNote'];

export const isOptional = (type: TicketType, field: FieldName) => OPTIONAL_FIELDS[type].includes(field);

/** True when the words name the mailbox's recoverable-items area, whose clearing needs senior approval. */
export function mentionsRecoverableItems(text: string, language: Language = defaultLanguage()): boolean {
  return language.recoverableItems.test(text);
}

/**
 * Whether a field of this type applies given what is known so far: senior approval is needed only
 * for the recoverable-items case of a mailbox-size request.
 */
export function fieldApplies(type: TicketType, field: FieldName, fields: Partial<Record<FieldName, FieldValue>>, language: Language = defaultLanguage()): boolean {
  if (!FIELDS_BY_TYPE[type].includes(field)) return false;
  if (field === 'seniorApproval') return typeof fields.mailboxSize === 'string' && mentionsRecoverableItems(fields.mailboxSize, language);
  return true;
}

/** The fields the bot asks for, in order, given what is known so far. */
export function askedFields(type: TicketType, fields: Partial<Record<FieldName, FieldValue>> = {}): FieldName[] {
  return FIELDS_BY_TYPE[type].filter((f) => !DERIVED_FIELDS.includes(f) && fieldApplies(type, f, fields));
}

export type TicketFields = Partial<Record<FieldName, FieldValue>>;

/** Given-up deliveries kept per ticket, newest last. */
export const MAX_DELIVERY_FAILURES = 20;

/** A ticket as the helpdesk sees it (the HTTP API, the webhook, the Teams card). */
export type Ticket = TicketView<TicketFields>;

/** Who filed a ticket; kept with it but never returned by the API. */
export interface Requester {
  channelId: string;
  userId: string;
  /** the botbuilder ConversationReference, as plain JSON, for telling them about changes */
  conversation?: Record<string, unknown>;
}

/** Where a ticket's card lives in the Teams helpdesk channel, so it can be updated in place. */
export interface ChannelCardRef {
  activityId: string;
  conversationId?: string;
}

/** A ticket as stored: the public ticket plus who filed it and delivery bookkeeping. */
export interface StoredTicket extends Ticket {
  seq: number;
  /** increases with every change; outbox events name the version they announce */
  version: number;
  requester: Requester;
  idempotencyKey?: string;
  /** the conversation it was filed from, counted by the per-conversation filing limit */
  conversationId?: string;
  channelCard?: ChannelCardRef;
}

export const REF_PREFIX = 'NHSM-';

/** NHSM-000123 for sequence number 123 (more digits once past 999999). */
export function formatRef(seq: number): string {
  return `${REF_PREFIX}${String(seq).padStart(6, '0')}`;
}

const REF_IN_TEXT = /\bNHSM[\s-]?(\d{1,9})\b/i;

/** The sequence number of a reference such as "NHSM-000123" or "nhsm 123"; undefined if none. */
export function parseRef(text: string): number | undefined {
  const m = REF_IN_TEXT.exec(text);
  if (!m) return undefined;
  const seq = Number(m[1]);
  return Number.isSafeInteger(seq) && seq > 0 ? seq : undefined;
}

/** Finds a reference anywhere in a sentence and returns it in canonical form. */
export function findRef(text: string): string | undefined {
  const seq = parseRef(text);
  return seq === undefined ? undefined : formatRef(seq);
}

export const requesterKey = (channelId: string, userId: string) => `${channelId}\u0000${userId}`;

/** The public view: everything except requester identity and delivery bookkeeping. */
export function publicTicket(t: StoredTicket): Ticket {
  return {
    ref: t.ref,
    type: t.type,
    status: t.status,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    summary: t.summary,
    fields: { ...t.fields },
    ...(t.assignee ? { assignee: t.assignee } : {}),
    history: t.history.map((h) => ({ ...h })),
    ...(t.deliveryFailures?.length ? { deliveryFailures: t.deliveryFailures.map((f) => ({ ...f })) } : {}),
  };
}

/** One line for queues and notifications: the type, who, and where, in the words of content/language.yaml. */
export function summarize(type: TicketType, fields: TicketFields, language: Language = defaultLanguage()): string {
  const w = language.tickets;
  const fill = (template: string, vars: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
  const name = typeof fields.name === 'string' ? fields.name : w.unknownName;
  const organisation = typeof fields.organisation === 'string' ? fields.organisation : w.unknownOrganisation;
  const ods = typeof fields.odsCode === 'string' ? fill(w.summaryOds, { code: fields.odsCode }) : '';
  let extra = '';
  if (type === 'leaver' && fields.movingTo) extra = w.movingProvider;
  if (type === 'extra-accounts' && typeof fields.extraAccounts === 'number') extra = fill(w.moreAccounts, { count: fields.extraAccounts });
  return fill(w.summary, { title: w.titles[type], name, organisation, ods, extra }).slice(0, 200);
}

/** The history note for a change of assignee alone ("assigned to Sam", "unassigned"). */
export function assigneeNote(assignee: string | undefined, language: Language = defaultLanguage()): string {
  return assignee ? language.tickets.assigned.replace('{name}', () => assignee) : language.tickets.unassigned;
}

/** Which status may follow which; anything else is refused. */
export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['in-progress', 'waiting-on-requester', 'resolved'],
  'in-progress': ['waiting-on-requester', 'resolved'],
  'waiting-on-requester': ['in-progress', 'resolved'],
  resolved: ['in-progress'],
};

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

/** When the ticket was last resolved, if it is resolved now. */
export function resolvedAt(t: Pick<Ticket, 'status' | 'history' | 'updatedAt'>): string | undefined {
  if (t.status !== 'resolved') return undefined;
  for (let i = t.history.length - 1; i >= 0; i--) {
    const h = t.history[i];
    if (h && h.status === 'resolved') return h.at;
  }
  return t.updatedAt;
}

/** The change a helpdesk tool (or a card button) asks for. */
export const TicketPatchSchema = z
  .strictObject({
    status: z.enum(TICKET_STATUSES, { error: `status must be one of: ${TICKET_STATUSES.join(', ')}` }).optional(),
    assignee: z
      .string({ error: 'assignee must be a string, or null to unassign' })
      .trim()
      .min(1, 'assignee must not be empty (use null to unassign)')
      .max(120, 'assignee must be at most 120 characters')
      .nullable()
      .optional(),
    note: z
      .string({ error: 'note must be a string' })
      .trim()
      .min(1, 'note must not be empty')
      .max(2000, 'note must be at most 2000 characters')
      .optional(),
  })
  .refine((p) => p.status !== undefined || p.assignee !== undefined || p.note !== undefined, {
    message: 'give at least one of status, assignee or note',
  });
export type TicketPatch = z.infer<typeof TicketPatchSchema>;
