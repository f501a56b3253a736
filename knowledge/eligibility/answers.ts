// The facts the eligibility check works with: one typed object, shared by the rules, the extractor and the dialog.
import { z } from 'zod';

export const COUNTRIES = ['england', 'scotland', 'wales', 'northern-ireland'] as const;
export const ORG_TYPES = [
  'care-provider',
  'dental',
  'pharmacy',
  'optometry',
  'gp-locum',
  'junior-doctor',
  'midwife',
  'nhs-staff',
  'local-authority',
  'other',
  /** not a health or care organisation at all (a nail salon, a gym): the pages offer it nothing */
  'unrelated',
] as const;
/** Published DSPT status; `unknown` is recorded only after the user was shown where to look and still could not say. */
export const DSPT_STATUSES = ['met', 'approaching', 'in-progress', 'not-started', 'unknown'] as const;
export const PHARMACY_KINDS = ['single', 'multiple', 'locum', 'hospital'] as const;

export const MAX_SITES = 100_000;

export const AnswersSchema = z.strictObject({
  country: z.enum(COUNTRIES).optional(),
  orgType: z.enum(ORG_TYPES).optional(),
  cqcRegistered: z.boolean().optional(),
  dspt: z.enum(DSPT_STATUSES).optional(),
  /** care sites, dental practices or pharmacy stores */
  sites: z.number().int().min(1).max(MAX_SITES).optional(),
  /** own IT staff able to act as Local Administrators */
  ownIt: z.boolean().optional(),
  /** a local NHS trust, ICB/CCG or CSU is willing to sponsor */
  sponsor: z.boolean().optional(),
  /** commissioned locally, and the commissioner requires NHSmail */
  commissionerRequires: z.boolean().optional(),
  supportsNhsNationally: z.boolean().optional(),
  london: z.boolean().optional(),
  pharmacyKind: z.enum(PHARMACY_KINDS).optional(),
  /** the person works at a pharmacy chain's head office, so the chain's registration is theirs to run */
  headOffice: z.boolean().optional(),
});
export type Answers = z.infer<typeof AnswersSchema>;
export type Field = keyof Answers;
export type FieldValue = string | number | boolean;

export type FieldSpec =
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'number'; readonly min: number; readonly max: number };

/** What each field may hold; content files are checked against this at load. */
export const FIELDS: Readonly<Record<Field, FieldSpec>> = {
  country: { kind: 'enum', values: COUNTRIES },
  orgType: { kind: 'enum', values: ORG_TYPES },
  cqcRegistered: { kind: 'boolean' },
  dspt: { kind: 'enum', values: DSPT_STATUSES },
  sites: { kind: 'number', min: 1, max: MAX_SITES },
  ownIt: { kind: 'boolean' },
  sponsor: { kind: 'boolean' },
  commissionerRequires: { kind: 'boolean' },
  supportsNhsNationally: { kind: 'boolean' },
  london: { kind: 'boolean' },
  pharmacyKind: { kind: 'enum', values: PHARMACY_KINDS },
  headOffice: { kind: 'boolean' },
};
export const FIELD_NAMES = Object.keys(FIELDS) as Field[];

export function isField(name: string): name is Field {
  return Object.hasOwn(FIELDS, name);
}

/** Checks one value against its field; returns a problem description or undefined. */
export function checkFieldValue(field: Field, value: unknown): string | undefined {
  const spec = FIELDS[field];
  if (spec.kind === 'boolean') return typeof value === 'boolean' ? undefined : `${field} takes true or false`;
  if (spec.kind === 'number') {
    return typeof value === 'number' && Number.isInteger(value) && value >= spec.min && value <= spec.max
      ? undefined
      : `${field} takes a whole number from ${spec.min} to ${spec.max}`;
  }
  return typeof value === 'string' && spec.values.includes(value) ? undefined : `${field} takes one of ${spec.values.join(', ')}`;
}

/** Answers restored from storage or passed in as options: anything malformed is dropped, never trusted. */
export function cleanAnswers(input: unknown): Answers {
  if (!input || typeof input !== 'object') return {};
  const out: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(input)) {
    if (isField(k) && checkFieldValue(k, v) === undefined) out[k] = v as FieldValue;
  }
  return out as Answers;
}

/** kebab-case value -> camelCase key segment, since reply keys allow no hyphens ("care-provider" -> "careProvider"). */
export function keyPart(value: FieldValue): string {
  return String(value).replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
