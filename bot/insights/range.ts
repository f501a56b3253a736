// The date range the insights page asks for (?from=YYYY-MM-DD&to=YYYY-MM-DD), checked with zod: real UTC days, in order,
// no longer than the events are kept; without dates, the last 30 days.
import { z } from 'zod';
import type { DateRange } from './report.js';

/** Days shown when the page gives no range (today included). */
export const DEFAULT_RANGE_DAYS = 30;
/** The longest range one request may cover: events are kept 400 days by default (INSIGHTS_RETENTION_DAYS). */
export const MAX_RANGE_DAYS = 400;

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayOf = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
const isRealDay = (day: string): boolean => {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day;
};

/** Number of days from one day to another, both included. */
export function daysIn(range: DateRange): number {
  return dayNumber(range.to) - dayNumber(range.from) + 1;
}

const Day = (name: string) =>
  z
    .string({ error: `${name} must be a date written YYYY-MM-DD, given once` })
    .regex(ISO_DAY, `${name} must be a date written YYYY-MM-DD`)
    .refine(isRealDay, `${name} is not a real date`);

const RangeQuerySchema = z.strictObject({ from: Day('from').optional(), to: Day('to').optional() }, { error: (issue) => (issue.code === 'unrecognized_keys' ? `only from and to may be given, not ${issue.keys.join(', ')}` : undefined) });

/**
 * The range a query names: `to` defaults to today (UTC) and `from` to 29 days before `to`. Fails with a sentence naming
 * what is wrong: a date that is malformed or not real, `from` after `to`, or a range over MAX_RANGE_DAYS.
 */
export function parseRange(query: unknown, now: Date = new Date()): { ok: true; range: DateRange } | { ok: false; problem: string } {
  const parsed = RangeQuerySchema.safeParse(query ?? {});
  if (!parsed.success) return { ok: false, problem: parsed.error.issues[0]?.message ?? 'the date range is not valid' };
  const to = parsed.data.to ?? now.toISOString().slice(0, 10);
  const from = parsed.data.from ?? dayOf(dayNumber(to) - (DEFAULT_RANGE_DAYS - 1));
  const range = { from, to };
  if (from > to) return { ok: false, problem: `from (${from}) must not be after to (${to})` };
  const days = daysIn(range);
  if (days > MAX_RANGE_DAYS) return { ok: false, problem: `the range covers ${days} days; choose at most ${MAX_RANGE_DAYS}` };
  return { ok: true, range };
}
