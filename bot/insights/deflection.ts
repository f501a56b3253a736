// Deflection: a conversation answered (or its lockout solved by self-service) with no request filed by the same person within 7 days.
import { addDays, dayOf } from './events.js';
import { METRIC, ticketTimes, type ConversationDay, type TicketSummary } from './tally.js';

export const DEFLECTION_WINDOW_MS = 7 * 86_400_000;

/**
 * The last day whose every 7-day window has closed by `now`: an answer at 23:59 on day D waits until D+7 23:59,
 * so D is closed from the start of D+8. Closed days are rolled up into counters once; later days are counted live.
 */
export function lastClosedDay(now: Date): string {
  return addDays(dayOf(now), -8);
}

export interface DeflectionCount {
  /** conversation-days that asked a question or began a lockout request */
  conversations: number;
  solved: number;
  /** solved with no request from that person within 7 days; includes `pending` */
  solvedWithoutTicket: number;
  selfServiceSolved: number;
  /** counted in solvedWithoutTicket while their 7-day window is still open (a request may yet come) */
  pending: number;
}

export const emptyDeflection = (): DeflectionCount => ({ conversations: 0, solved: 0, solvedWithoutTicket: 0, selfServiceSolved: 0, pending: 0 });

/** Each person's filing times, sorted, for the window test. */
export function filingsByPerson(tickets: readonly TicketSummary[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const t of tickets) {
    const list = out.get(t.person) ?? [];
    list.push(ticketTimes(t).filed);
    out.set(t.person, list);
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

/** Counts conversation-days by the deflection rule; a window still open at `now` is counted as deflected so far, and as pending. */
export function countDeflection(rows: Iterable<ConversationDay>, filings: ReadonlyMap<string, readonly number[]>, now: Date, into = emptyDeflection()): DeflectionCount {
  for (const row of rows) {
    if (row.asked) into.conversations++;
    if (row.selfServiceSolved) into.selfServiceSolved++;
    if (row.solvedAt === null) continue;
    into.solved++;
    const from = Date.parse(row.solvedAt);
    const until = from + DEFLECTION_WINDOW_MS;
    if ((filings.get(row.person) ?? []).some((t) => t >= from && t < until)) continue;
    into.solvedWithoutTicket++;
    if (now.getTime() < until) into.pending++;
  }
  return into;
}

/** A closed day's deflection as the counters it is kept as. */
export function deflectionCounters(count: DeflectionCount): Record<string, number> {
  return {
    [METRIC.deflectionConversations]: count.conversations,
    [METRIC.deflectionSolved]: count.solved,
    [METRIC.deflectionWithoutTicket]: count.solvedWithoutTicket,
    [METRIC.deflectionSelfService]: count.selfServiceSolved,
  };
}
