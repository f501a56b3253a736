// The shape of every content file under knowledge/content, checked with zod when loaded.
import { z } from 'zod';
import { TICKET_TYPES } from '../helpdesk/vocabulary.js';

export const AUDIENCES = [
  'all',
  'care-provider',
  'dental',
  'pharmacy',
  'optometry',
  'gp-locum',
  'junior-doctor',
  'midwife',
  'nhs-organisation',
  'scotland',
] as const;
export type Audience = (typeof AUDIENCES)[number];

export const SEED_FILE = /^\d{3}_[0-9a-f]{16}\.txt$/;
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case id');
const line = (max: number) =>
  z
    .string()
    .trim()
    .min(2)
    .max(max)
    .refine((s) => !/[\n\r]/.test(s), 'must be one line');

export const FaqEntrySchema = z.strictObject({
  id,
  title: line(100),
  question: line(200),
  phrasings: z.array(line(200)).min(5, 'needs at least 5 phrasings'),
  answer: z.string().trim().min(20).max(2000),
  audience: z.array(z.enum(AUDIENCES)).min(1),
  related: z.array(id).max(6).default([]),
  helpdesk: z.enum(TICKET_TYPES).nullable().default(null),
  keywords: z.array(z.string().trim().min(2).max(40)).max(12).default([]),
  source: z.string().regex(SEED_FILE, 'expected a seed file name such as 003_9ae6f10ea5748e71.txt'),
  sourceDate: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD'),
  reviewed: isoDay,
});
export type FaqEntry = z.infer<typeof FaqEntrySchema>;

export const FaqFileSchema = z.strictObject({
  version: z.literal(1),
  entries: z.array(FaqEntrySchema).min(1),
});

/** Word lists that tune the search: kept as data so editors can change them. */
export const LexiconSchema = z.strictObject({
  version: z.literal(1),
  stopWords: z.array(z.string().min(1)),
  /** standard English stop words that carry meaning here ("more" than 10, "never" logged in) */
  keepWords: z.array(z.string().min(1)).default([]),
  /** canonical term -> words or phrases people use for it */
  synonyms: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)),
  /** words that mark a question as outside NHSmail (pay, weather, clinical care...) */
  offTopicMarkers: z.array(z.string().min(1)),
});
export type Lexicon = z.infer<typeof LexiconSchema>;

export const RepliesSchema = z.strictObject({
  version: z.literal(1),
  replies: z.record(z.string().regex(/^[a-z][a-zA-Z0-9.]*$/), z.string().min(1)),
});
