// What is due for review: knowledge entries reviewed over a year ago, and sources past their review date.
import type { FaqEntry, Source } from '../../knowledge/schema.js';

/** An entry is due this long after it was last reviewed. */
export const REVIEW_MONTHS = 12;

/** `day` plus `months` calendar months (the 31st of a short month falls to its last day). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

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

/** Sources in the catalogue (knowledge/content/sources.yaml) whose `reviewBy` is on or before `today`, longest overdue first. */
export function sourcesDue(sources: readonly Source[], today: string): SourceDue[] {
  return sources
    .filter((s) => s.reviewBy <= today)
    .map((s) => ({ source: s.id, title: s.title, date: s.date ?? 'undated', reviewBy: s.reviewBy }))
    .sort((a, b) => a.reviewBy.localeCompare(b.reviewBy) || a.source.localeCompare(b.source));
}
