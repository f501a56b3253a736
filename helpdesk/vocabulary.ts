// The helpdesk's words for tickets (types, statuses) and the public ticket shape, free of zod and of any import, so the helpdesk tab's browser bundle can share them.

/** Request types the bot can file; the knowledge base's answers offer these, so a button and a ticket agree. */
export const TICKET_TYPES = ['locked-out', 'leaver', 'name-change', 'extra-accounts', 'shared-mailbox-access', 'deleted-account', 'mailbox-size'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

/** Every detail a helpdesk request can carry; each type asks only for some (model.ts FIELDS_BY_TYPE), and the content's per-field word lists are checked against it. */
export const REQUEST_FIELDS = [
  'name',
  'newName',
  'email',
  'mobile',
  'organisation',
  'odsCode',
  'leavingDate',
  'movingTo',
  'extraAccounts',
  'justification',
  'existingInUse',
  'inUseNote',
  'sharedMailbox',
  'mailboxSize',
  'seniorApproval',
] as const;

export const TICKET_STATUSES = ['new', 'in-progress', 'waiting-on-requester', 'resolved'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Field values after validation: text, a count, a yes, or null for an optional field left out. */
export type FieldValue = string | number | boolean | null;

export interface HistoryEntry {
  at: string;
  status: TicketStatus;
  by: string;
  note?: string;
}

/** A delivery the outbox gave up on (failed too long, or could never succeed), kept on the ticket so the helpdesk sees it. */
export interface DeliveryFailure {
  at: string;
  /** 'webhook', 'teams' or 'requester' */
  channel: string;
  /** the outbox event id (ref.vN.channel) */
  event: string;
  attempts: number;
  /** a short reason such as "HTTP 503" or "timeout", never a message body */
  error: string;
}

/** A ticket as the helpdesk sees it (the HTTP API, the webhook, the Teams card, the tab), by the fields it carries. */
export interface TicketView<Fields = Partial<Record<string, FieldValue>>> {
  ref: string;
  type: TicketType;
  status: TicketStatus;
  createdAt: string;
  updatedAt: string;
  summary: string;
  fields: Fields;
  assignee?: string;
  history: HistoryEntry[];
  /** deliveries given up on; absent when every delivery went through */
  deliveryFailures?: DeliveryFailure[];
}

/** What the helpdesk tab shows for each type and status, in the order it lists them; the server fills it from the replies. */
export interface TicketLabels {
  types: Record<TicketType, string>;
  statuses: Record<TicketStatus, string>;
}
