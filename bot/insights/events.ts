// What one insight event is: a turn or a ticket change reduced to kinds, ids and keyed hashes, never a name, an address, a number or free text.
import { z } from 'zod';

/** Where the conversation happened; any channel the bot does not name is 'other'. */
export const INSIGHT_CHANNELS = ['msteams', 'webchat', 'directline', 'other'] as const;
export type InsightChannel = (typeof INSIGHT_CHANNELS)[number];

/** What a turn was (the kind of its most telling reply), or which ticket change it records. */
export const EVENT_KINDS = [
  'answer',
  'answerMore',
  'unsure',
  'offTopic',
  'safety',
  'person',
  'welcome',
  'feedback',
  'eligibilityStep',
  'eligibilityOutcome',
  'requestStep',
  'requestFiled',
  'requestStatus',
  'selfService',
  'helpdesk',
  'journeyStep',
  'other',
  'ticketFiled',
  'ticketChanged',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export type SelfServiceOutcome = 'offered' | 'solved' | 'notSolved';

export interface InsightEvent {
  /** ISO time */
  at: string;
  /** UTC day, YYYY-MM-DD */
  day: string;
  channel: InsightChannel;
  /** keyed hash of the channel and conversation id; null for a ticket change */
  conversation: string | null;
  /** keyed hash of the channel and user id (the same key a ticket's requester gets) */
  person: string | null;
  kind: EventKind;
  /** the knowledge entry answered, rated, or (for unanswered questions) the closest candidate */
  entryId?: string;
  /** the eligibility route an outcome reached */
  route?: string;
  /** the turn began an eligibility check / showed its outcome */
  eligibilityStarted?: boolean;
  eligibilityFinished?: boolean;
  requestType?: string;
  /** ticket status after a ticket change */
  status?: string;
  /** ticket reference (NHSM-000123): a number the helpdesk gave, not a personal detail */
  ref?: string;
  /** when the ticket was filed (ticket changes) */
  filedAt?: string;
  helpful?: boolean;
  selfService?: SelfServiceOutcome;
  /** unanswered questions only (unsure, offTopic): the question with personal details removed */
  question?: string;
  /**
   * A message that asked several questions, some answered: each part the knowledge base could not answer, with personal
   * details removed, and its closest entry. The turn stays one event of its own kind; each part is a gap for editors.
   */
  unansweredParts?: UnansweredPart[];
}

/** One question of a several-question message that the knowledge base could not answer. */
export interface UnansweredPart {
  /** the part's wording with personal details removed */
  question: string;
  outcome: 'unsure' | 'offTopic';
  /** the closest candidate entry, if any */
  entryId?: string;
}

export function channelOf(channelId: string | undefined): InsightChannel {
  return (INSIGHT_CHANNELS as readonly string[]).includes(channelId ?? '') ? (channelId as InsightChannel) : 'other';
}

/** The UTC day of an ISO time or Date. */
export function dayOf(at: string | Date): string {
  return (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);
}

/** `day` plus `n` days (n may be negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 20_000; d = addDays(d, 1)) out.push(d);
  return out;
}

const iso = z.string().datetime({ offset: true });
/**
 * An event as read back from a file written by an earlier run (npm run db:import): the shape above, checked, so a
 * torn or hand-edited line is reported and left out rather than folded into the counters.
 */
export const insightEventSchema = z.strictObject({
  at: iso,
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  channel: z.enum(INSIGHT_CHANNELS),
  conversation: z.string().nullable(),
  person: z.string().nullable(),
  kind: z.enum(EVENT_KINDS),
  entryId: z.string().optional(),
  route: z.string().optional(),
  eligibilityStarted: z.boolean().optional(),
  eligibilityFinished: z.boolean().optional(),
  requestType: z.string().optional(),
  status: z.string().optional(),
  ref: z.string().optional(),
  filedAt: iso.optional(),
  helpful: z.boolean().optional(),
  selfService: z.enum(['offered', 'solved', 'notSolved']).optional(),
  question: z.string().optional(),
  unansweredParts: z
    .array(z.strictObject({ question: z.string(), outcome: z.enum(['unsure', 'offTopic']), entryId: z.string().optional() }))
    .optional(),
}) satisfies z.ZodType<InsightEvent>;
