// What is due for review: knowledge entries reviewed over a year ago, and sources past their review date.
import type { FaqEntry } from '../../knowledge/schema.js';

/** An entry is due this long after it was last reviewed. */
export const REVIEW_MONTHS = 12;

/** `day` plus `months` calendar months (the 31st of a short month falls to its last day). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

/** A partial source date (YYYY or YYYY-MM) as the first day it can mean. */
const fullDay = (date: string) => (date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date);

export interface EntryDue {
  entryId: string;
  title: string;
  reviewed: string;
  dueOn: string;
}

export interface SourceDue {
  source: string;
  title: string;
  date: string;
  reviewBy: string;
}

/** Entries whose review falls due on or before `today`, longest overdue first. */
export function entriesDue(entries: readonly FaqEntry[], today: string): EntryDue[] {
  return entries
    .map((e) => ({ entryId: e.id, title: e.title, reviewed: e.reviewed, dueOn: addMonths(e.reviewed, REVIEW_MONTHS) }))
    .filter((e) => e.dueOn <= today)
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.entryId.localeCompare(b.entryId));
}

/**
 * Sources past their review date. Until the knowledge base has a sources catalogue with its own `reviewBy`, each
 * source cited by an entry is due REVIEW_MONTHS after its date (its newest date across the entries citing it);
 * its title is the first citing entry's. Swap this one function when the catalogue arrives.
 */
export function sourcesDue(entries: readonly FaqEntry[], today: string): SourceDue[] {
  const bySource = new Map<string, SourceDue>();
  for (const e of entries) {
    const date = fullDay(e.sourceDate);
    const had = bySource.get(e.source);
    if (!had || date > had.date) bySource.set(e.source, { source: e.source, title: had?.title ?? e.title, date, reviewBy: addMonths(date, REVIEW_MONTHS) });
  }
  return [...bySource.values()].filter((s) => s.reviewBy <= today).sort((a, b) => a.reviewBy.localeCompare(b.reviewBy) || a.source.localeCompare(b.source));
}
