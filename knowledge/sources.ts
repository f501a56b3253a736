// Shows a source the way people read it: title, publisher and date in words, with a link when the page has one.
import type { Replies } from './replies.js';
import type { Source } from './schema.js';

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A source date in words: "17 September 2024", "September 2024", "2022–23", "2017". */
export function dateInWords(date: string): string {
  const span = /^(\d{4})\/(\d{2})$/.exec(date);
  if (span) return `${span[1]}–${span[2]}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return DAY.format(new Date(`${date}T00:00:00Z`));
  if (/^\d{4}-\d{2}$/.test(date)) return MONTH.format(new Date(`${date}-01T00:00:00Z`));
  return date;
}

export interface SourceInWords {
  readonly title: string;
  /** publisher and date: "NHSmail support site, reviewed 17 September 2024" */
  readonly details: string;
  readonly url?: string;
}

/** The parts of a source line; the words around the date ("reviewed", "no date shown") come from replies.yaml. */
export function sourceInWords(r: Replies, source: Source): SourceInWords {
  const when =
    source.date === undefined
      ? r.t('source.undated')
      : source.dateKind === 'reviewed'
        ? r.t('source.reviewed', { date: dateInWords(source.date) })
        : dateInWords(source.date);
  const details = [source.publisher, when].filter(Boolean).join(', ');
  return { title: source.title, details, ...(source.url ? { url: source.url } : {}) };
}

/** Each source's line once written (the date in words costs an Intl format): every answer card shows one. */
const lines = new WeakMap<Source, { replies: Replies; line: string }>();

/** One line for people, in markdown: "Source: [title](url) (publisher, date)". */
export function sourceLine(r: Replies, source: Source): string {
  const kept = lines.get(source);
  if (kept?.replies === r) return kept.line;
  const s = sourceInWords(r, source);
  const title = s.url ? `[${s.title}](${s.url})` : s.title;
  const line = r.t('answer.source', { title, details: s.details });
  lines.set(source, { replies: r, line });
  return line;
}
