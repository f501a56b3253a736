// Turns a batch of events into what the stores keep per day (counters, unanswered questions, conversations awaiting their
// 7-day deflection window) and per ticket, so both backends fold events the same way and a report reads days, not events.
import { tokenize } from '../../knowledge/language/tokenize.js';
import type { EventKind, InsightEvent } from './events.js';
import type { DateRange } from './report.js';
import { UNANSWERED } from './turnKinds.js';

/** Kinds that mean the person asked the knowledge base something. */
export const QUESTION_KINDS: ReadonlySet<EventKind> = new Set(['answer', 'unsure', 'offTopic', 'safety']);
export const LOCKOUT = 'locked-out';

/** Counter names; per-entry and per-route counters append ":<id>". */
export const METRIC = {
  kind: (k: EventKind) => `kind:${k}`,
  channel: (c: string) => `channel:${c}`,
  asked: (id: string) => `entry.asked:${id}`,
  helpful: (id: string) => `entry.helpful:${id}`,
  unhelpful: (id: string) => `entry.unhelpful:${id}`,
  route: (r: string) => `route:${r}`,
  eligibilityStarted: 'eligibility.started',
  eligibilityFinished: 'eligibility.finished',
  /** written once a day's 7-day windows have all closed (see deflection.ts) */
  deflectionConversations: 'deflection.conversations',
  deflectionSolved: 'deflection.solved',
  deflectionWithoutTicket: 'deflection.solvedWithoutTicket',
  deflectionSelfService: 'deflection.selfServiceSolved',
} as const;

/** Unanswered questions of one day with the same words (and the same closest entry, '' for none). */
export interface GapTally {
  day: string;
  /** the question's words, lower case, joined by spaces */
  key: string;
  /** one redacted wording as asked */
  example: string;
  outcome: 'unsure' | 'offTopic';
  closest: string;
  count: number;
}

/** A conversation's day that asked something or began a lockout request; kept until the day's deflection is rolled up. */
export interface ConversationDay {
  day: string;
  conversation: string;
  person: string;
  asked: boolean;
  /** the first answer (or self-service solve) that day; a request by the person within 7 days of it undoes the deflection */
  solvedAt: string | null;
  selfServiceSolved: boolean;
}

/** A ticket as the report needs it, folded from its filed and changed events. */
export interface TicketSummary {
  ref: string;
  type: string;
  person: string;
  filedAt: string;
  status: string;
  statusAt: string;
  /** the first change the helpdesk made */
  firstActionAt: string | null;
  /** the first time it was resolved */
  resolvedAt: string | null;
}

const HOUR_MS = 3_600_000;

/** A ticket's times in milliseconds since the epoch, null where it has none yet. */
export interface TicketTimes {
  filed: number;
  firstAction: number | null;
  resolved: number | null;
}

/**
 * Read once per summary: a year's report reads tens of thousands of tickets, and reading their times every time was
 * most of its cost. Summaries are never changed in place (mergeTicket makes a new one), so a summary's times stay right.
 */
const timesRead = new WeakMap<TicketSummary, TicketTimes>();

export function ticketTimes(t: TicketSummary): TicketTimes {
  let times = timesRead.get(t);
  if (!times) {
    times = {
      filed: Date.parse(t.filedAt),
      firstAction: t.firstActionAt ? Date.parse(t.firstActionAt) : null,
      resolved: t.resolvedAt ? Date.parse(t.resolvedAt) : null,
    };
    timesRead.set(t, times);
  }
  return times;
}

/** Requests filed on the days of a range, as the report counts them. */
export interface RequestTally {
  byTypeAndStatus: { type: string; status: string; count: number }[];
  /** hours from filing to the first helpdesk action, one for each request that had one, in no order */
  firstActionHours: number[];
  /** hours from filing to resolution, likewise */
  resolutionHours: number[];
}

export function tallyRequests(tickets: Iterable<TicketSummary>, range: DateRange): RequestTally {
  const until = `${range.to}\uffff`;
  const byTypeAndStatus = new Map<string, { type: string; status: string; count: number }>();
  const out: RequestTally = { byTypeAndStatus: [], firstActionHours: [], resolutionHours: [] };
  for (const t of tickets) {
    if (t.filedAt < range.from || t.filedAt > until) continue;
    const k = `${t.type}\u0000${t.status}`;
    const row = byTypeAndStatus.get(k) ?? { type: t.type, status: t.status, count: 0 };
    row.count++;
    byTypeAndStatus.set(k, row);
    if (!t.firstActionAt && !t.resolvedAt) continue;
    const times = ticketTimes(t);
    if (times.firstAction !== null) out.firstActionHours.push((times.firstAction - times.filed) / HOUR_MS);
    if (times.resolved !== null) out.resolutionHours.push((times.resolved - times.filed) / HOUR_MS);
  }
  out.byTypeAndStatus = [...byTypeAndStatus.values()];
  return out;
}

export interface BatchTally {
  /** "day\u0000metric" -> increment */
  counters: Map<string, number>;
  /** "day\u0000key\u0000closest" -> tally */
  gaps: Map<string, GapTally>;
  /** "day\u0000conversation" -> row */
  conversations: Map<string, ConversationDay>;
  tickets: Map<string, TicketSummary>;
}

const minTime = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a <= b ? a : b);

export function mergeConversation(a: ConversationDay, b: ConversationDay): ConversationDay {
  return { ...a, asked: a.asked || b.asked, solvedAt: minTime(a.solvedAt, b.solvedAt), selfServiceSolved: a.selfServiceSolved || b.selfServiceSolved };
}

/** Folds two summaries of one ticket, in either order: the latest status wins, first times stay first. */
export function mergeTicket(a: TicketSummary, b: TicketSummary): TicketSummary {
  const later = b.statusAt >= a.statusAt ? b : a;
  return {
    ref: a.ref,
    type: later.type,
    person: a.person || b.person,
    filedAt: minTime(a.filedAt, b.filedAt)!,
    status: later.status,
    statusAt: later.statusAt,
    firstActionAt: minTime(a.firstActionAt, b.firstActionAt),
    resolvedAt: minTime(a.resolvedAt, b.resolvedAt),
  };
}

/** A ticket event as a summary of its own; undefined for other events. */
export function ticketOf(e: InsightEvent): TicketSummary | undefined {
  if ((e.kind !== 'ticketFiled' && e.kind !== 'ticketChanged') || !e.ref || !e.requestType) return undefined;
  const status = e.status ?? 'new';
  return {
    ref: e.ref,
    type: e.requestType,
    person: e.person ?? '',
    filedAt: e.filedAt ?? e.at,
    status,
    statusAt: e.at,
    firstActionAt: e.kind === 'ticketChanged' ? e.at : null,
    resolvedAt: status === 'resolved' ? e.at : null,
  };
}

/** The conversation-day row a turn event adds to, if it asked something or began a lockout request. */
export function conversationOf(e: InsightEvent): ConversationDay | undefined {
  if (!e.conversation) return undefined;
  const lockout = e.selfService !== undefined || (e.requestType === LOCKOUT && (e.kind === 'requestStep' || e.kind === 'requestFiled'));
  const asked = QUESTION_KINDS.has(e.kind) || lockout;
  const solved = e.kind === 'answer' || e.selfService === 'solved';
  if (!asked && !solved) return undefined;
  return { day: e.day, conversation: e.conversation, person: e.person ?? e.conversation, asked: true, solvedAt: solved ? e.at : null, selfServiceSolved: e.selfService === 'solved' };
}

/** The key unanswered questions are grouped by within a day: their words as typed, lower case. */
export const gapKey = (question: string) => tokenize(question).join(' ').slice(0, 300);

export function tallyBatch(events: readonly InsightEvent[]): BatchTally {
  const t: BatchTally = { counters: new Map(), gaps: new Map(), conversations: new Map(), tickets: new Map() };
  const add = (day: string, metric: string, n = 1) => {
    const k = `${day}\u0000${metric}`;
    t.counters.set(k, (t.counters.get(k) ?? 0) + n);
  };
  const addGap = (day: string, question: string, outcome: GapTally['outcome'], entryId: string | undefined) => {
    const key = gapKey(question);
    if (!key) return;
    const closest = entryId ?? '';
    const k = `${day}\u0000${key}\u0000${closest}`;
    const had = t.gaps.get(k);
    if (had) had.count++;
    else t.gaps.set(k, { day, key, example: question, outcome, closest, count: 1 });
  };
  for (const e of events) {
    add(e.day, METRIC.kind(e.kind));
    const ticket = ticketOf(e);
    if (ticket) {
      const had = t.tickets.get(ticket.ref);
      t.tickets.set(ticket.ref, had ? mergeTicket(had, ticket) : ticket);
      continue;
    }
    add(e.day, METRIC.channel(e.channel));
    if (e.kind === 'answer' && e.entryId) add(e.day, METRIC.asked(e.entryId));
    if (e.kind === 'feedback' && e.entryId && e.helpful !== undefined) add(e.day, e.helpful ? METRIC.helpful(e.entryId) : METRIC.unhelpful(e.entryId));
    if (e.route) add(e.day, METRIC.route(e.route));
    if (e.eligibilityStarted) add(e.day, METRIC.eligibilityStarted);
    if (e.eligibilityFinished) add(e.day, METRIC.eligibilityFinished);
    if (UNANSWERED.has(e.kind) && e.question !== undefined) addGap(e.day, e.question, e.kind as GapTally['outcome'], e.entryId);
    // a message answered in part: each part left unanswered is a gap of its own (the turn is still counted once, above)
    for (const p of e.unansweredParts ?? []) addGap(e.day, p.question, p.outcome, p.entryId);
    const conversation = conversationOf(e);
    if (conversation) {
      const k = `${conversation.day}\u0000${conversation.conversation}`;
      const had = t.conversations.get(k);
      t.conversations.set(k, had ? mergeConversation(had, conversation) : conversation);
    }
  }
  return t;
}
