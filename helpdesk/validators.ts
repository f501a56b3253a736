// Checks and normalises each answer a requester types; a failure names what is wrong so the bot can say so and ask again.
import * as chrono from 'chrono-node';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { z } from 'zod';
import type { FieldName, FieldValue, TicketType } from './model.js';
import { defaultLanguage } from '../knowledge/loader.js';
import { containsSecret } from '../knowledge/redact.js';

/** Why an answer was refused; the dialog says `request.invalid.<code>` from replies.yaml. */
export const INVALID_CODES = [
  'secret',
  'empty',
  'name.tooLong',
  'name.badChars',
  'name.notFull',
  'name.organisation',
  'email.invalid',
  'email.notNhsmail',
  'mobile.invalid',
  'mobile.landline',
  'mobile.notMobile',
  'organisation.tooShort',
  'organisation.tooLong',
  'ods.invalid',
  'ods.cqcId',
  'date.invalid',
  'date.past',
  'date.tooFar',
  'count.notNumber',
  'count.tooSmall',
  'count.tooLarge',
  'justification.tooShort',
  'justification.tooLong',
  'yesNo.unclear',
  'note.tooLong',
  'approval.missing',
  'approval.who',
] as const;
export type InvalidCode = (typeof INVALID_CODES)[number];

/** Words a justification needs: why a site needs more accounts; why a mailbox needs more space. */
export const JUSTIFICATION_MIN_WORDS = 5;
export const MAILBOX_REASON_MIN_WORDS = 3;
export const justificationMinWords = (type?: TicketType) => (type === 'mailbox-size' ? MAILBOX_REASON_MIN_WORDS : JUSTIFICATION_MIN_WORDS);
export const MAX_EXTRA_ACCOUNTS = 100;
export const MAX_DAYS_AHEAD = 366;
/** a leaving date may have passed (someone left last month and nobody said): up to a year back */
export const MAX_DAYS_AGO = 366;

export interface FieldContext {
  /** today's date in England, YYYY-MM-DD; dates are checked against it */
  today: string;
  type?: TicketType;
  /** the request is about someone else (a leaver reported by their manager): names in it are theirs */
  forOther?: boolean;
}

export type Validation = { ok: true; value: FieldValue } | { ok: false; code: InvalidCode };

/** Today's date in England (Europe/London) as YYYY-MM-DD. */
export function londonDate(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
}

const fail = (ctx: z.core.$RefinementCtx, code: InvalidCode) => {
  ctx.addIssue({ code: 'custom', message: code });
  return z.NEVER;
};

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

// ---- names ---------------------------------------------------------------------------------

const NAME_CHARS = /^[\p{L}\p{M}' ’.-]+$/u;

export const nameSchema = z.string().transform((raw, ctx) => {
  const s = oneLine(raw);
  if (!s) return fail(ctx, 'empty');
  if (s.length > 100) return fail(ctx, 'name.tooLong');
  if (!NAME_CHARS.test(s)) return fail(ctx, 'name.badChars');
  const words = s.split(' ').filter((w) => /\p{L}/u.test(w));
  if (words.length < 2 || words.some((w) => w.replace(/[^\p{L}]/gu, '').length === 0)) return fail(ctx, 'name.notFull');
  return s;
});

// ---- email ---------------------------------------------------------------------------------

const emailShape = z.email();

function email(requireNhsmail: boolean) {
  return z.string().transform((raw, ctx) => {
    const s = raw.trim().replace(/^mailto:/i, '').replace(/^<|>$/g, '').toLowerCase();
    if (!s) return fail(ctx, 'empty');
    if (!emailShape.safeParse(s).success) return fail(ctx, 'email.invalid');
    if (requireNhsmail && !s.endsWith('@nhs.net')) return fail(ctx, 'email.notNhsmail');
    return s;
  });
}
/** An NHSmail address (ends @nhs.net). */
export const nhsmailSchema = email(true);
/** Any valid email address, for a contact who may not have NHSmail yet. */
export const contactEmailSchema = email(false);

// ---- UK mobile -----------------------------------------------------------------------------

/**
 * Parses a UK mobile number typed as 07700 900123, +44 7700 900123, +44 (0)7700 900123 or 0044...
 * and returns it as +447700900123. UK mobiles are 071-075, 077-079 and 07624 (Isle of Man);
 * 070 (personal numbers) and 076 (pagers) are not mobiles.
 */
export function parseUkMobile(raw: string): { ok: true; value: string } | { ok: false; code: InvalidCode } {
  const s = raw.trim();
  if (!s) return { ok: false, code: 'empty' };
  // libphonenumber-js reads the written forms (+44, 0044, 44, "(0)", spaces, dashes, an extension) into one number
  const phone = parsePhoneNumberFromString(s.replace(/\(0\)/g, ''), 'GB');
  if (!phone || phone.countryCallingCode !== '44' || phone.ext) return { ok: false, code: 'mobile.invalid' };
  const national = `0${phone.nationalNumber}`;
  if (!/^0\d{10}$/.test(national)) return { ok: false, code: 'mobile.invalid' };
  if (/^0[123]/.test(national)) return { ok: false, code: 'mobile.landline' };
  // mobile ranges by prefix: its metadata would also refuse Ofcom's drama numbers (07700 900xxx), which people and tests use
  if (!/^07(?:[1-57-9]|624)/.test(national)) return { ok: false, code: national.startsWith('07') ? 'mobile.notMobile' : 'mobile.invalid' };
  return { ok: true, value: phone.number };
}

export const mobileSchema = z.string().transform((raw, ctx) => {
  const r = parseUkMobile(raw);
  return r.ok ? r.value : fail(ctx, r.code);
});

// ---- organisation and ODS code -------------------------------------------------------------

export const organisationSchema = z.string().transform((raw, ctx) => {
  const s = oneLine(raw);
  if (!s) return fail(ctx, 'empty');
  if (s.replace(/[^\p{L}\p{N}]/gu, '').length < 2) return fail(ctx, 'organisation.tooShort');
  if (s.length > 120) return fail(ctx, 'organisation.tooLong');
  return s;
});

/** The new organisation of a leaver who moves provider; "none" and the like mean not moving (null). */
export const movingToSchema = z.string().transform((raw, ctx) => {
  const s = oneLine(raw);
  if (!s) return fail(ctx, 'empty');
  if (defaultLanguage().notMoving.has(s.replace(/[.!]+$/, '').toLowerCase())) return null;
  const r = organisationSchema.safeParse(s);
  return r.success ? r.data : fail(ctx, (r.error.issues[0]?.message ?? 'organisation.tooShort') as InvalidCode);
});

/**
 * An ODS organisation or site code: 3 to 6 letters and digits, such as a care site's V1234 or
 * VLAXL, a provider HQ's A1234 or C1234, a dental practice's V03462, a pharmacy's FVR79, a trust's
 * RJ1, or a non-NHS organisation's 8-prefixed code.
 */
export const odsCodeSchema = z.string().transform((raw, ctx) => {
  const s = raw.trim().toUpperCase().replace(/[\s-]/g, '');
  if (!s) return fail(ctx, 'empty');
  if (/^(?:CON)?1\d{6,12}$/.test(s)) return fail(ctx, 'ods.cqcId');
  // codes open with a letter, except non-NHS organisations' 8-codes ("4GB" is a size, not a code)
  if (!/^[A-Z0-9]{3,6}$/.test(s) || !(/^[A-Z]/.test(s) || s.startsWith('8'))) return fail(ctx, 'ods.invalid');
  return s;
});

// ---- dates ---------------------------------------------------------------------------------

function isoFromParts(y: number, m: number, d: number): string | undefined {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return undefined;
  return dt.toISOString().slice(0, 10);
}

function addDays(iso: string, n: number): string {
  const dt = new Date(`${iso}T00:00:00Z`);
  dt.setUTCDate(dt.getUTCDate() + n);
  return dt.toISOString().slice(0, 10);
}

/** The first date on or after `today` with this month and day (a date given without a year). */
function nextOccurrence(today: string, m: number, d: number): string | undefined {
  const y = Number(today.slice(0, 4));
  const thisYear = isoFromParts(y, m, d);
  if (thisYear && thisYear >= today) return thisYear;
  return isoFromParts(y + 1, m, d) ?? thisYear;
}

const fullYear = (y: number) => (y < 100 ? 2000 + y : y);

/**
 * Reads a date as people in England write it: 25/12/2026, 25-12-26, 2026-12-25, 25 December 2026,
 * 25th Dec, today, tomorrow, friday, next friday, or one of these inside a sentence ("friday like I said",
 * "I finish on the 5th of January", found by chrono-node's en-GB parser). Returns YYYY-MM-DD, or undefined.
 */
export function parseDate(raw: string, today: string): string | undefined {
  const exact = parseWholeDate(raw, today);
  if (exact) return exact;
  const found = chrono.en.GB.parse(raw.slice(0, 200), { instant: new Date(`${today}T12:00:00Z`), timezone: 'Europe/London' }, { forwardDate: true })[0];
  if (!found) return undefined;
  // the date as the whole answer reads it ("last friday" stays refused); else chrono's own day and month
  const inner = parseWholeDate(found.text, today);
  if (inner) return inner;
  const s = found.start;
  if (!s.isCertain('day') || !s.isCertain('month')) return undefined;
  const [y, m, d] = [s.get('year'), s.get('month'), s.get('day')] as number[];
  return s.isCertain('year') ? isoFromParts(y as number, m as number, d as number) : nextOccurrence(today, m as number, d as number);
}

/** A date that is the whole answer, in one of the forms above. */
function parseWholeDate(raw: string, today: string): string | undefined {
  const s = raw.toLowerCase().replace(/[,]/g, ' ').replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  if (s === 'today') return today;
  if (s === 'tomorrow') return addDays(today, 1);
  const inDays = /^in (\d{1,3}) days?$/.exec(s);
  if (inDays) return addDays(today, Number(inDays[1]));
  const weekday = /^(?:(this|next|on|last) )?([a-z]{3,9})$/.exec(s);
  const language = defaultLanguage();
  const target = weekday ? language.days.findIndex((d) => d.startsWith(weekday[2] as string)) : -1;
  if (target >= 0) {
    const current = new Date(`${today}T00:00:00Z`).getUTCDay();
    // "last friday": the one before today (someone who has already left)
    if (weekday?.[1] === 'last') return addDays(today, -((current - target + 7) % 7 || 7));
    return addDays(today, (target - current + 7) % 7 || 7);
  }
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(s);
  if (m) return isoFromParts(fullYear(Number(m[3])), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})[/.-](\d{1,2})$/.exec(s);
  if (m) return nextOccurrence(today, Number(m[2]), Number(m[1]));
  // 25 december 2026, 25th dec, december 25th 2026
  const words = s.replace(/(\d)(st|nd|rd|th)\b/g, '$1').replace(/\bof\b/g, ' ').replace(/\s+/g, ' ').trim();
  m = /^(?:[a-z]+day )?(\d{1,2}) ([a-z]{3,9})(?: (\d{2}|\d{4}))?$/.exec(words) ?? null;
  let day: number | undefined;
  let monthWord: string | undefined;
  let year: string | undefined;
  if (m) [day, monthWord, year] = [Number(m[1]), m[2], m[3]];
  else {
    const m2 = /^(?:[a-z]+day )?([a-z]{3,9}) (\d{1,2})(?: (\d{2}|\d{4}))?$/.exec(words);
    if (m2) [monthWord, day, year] = [m2[1], Number(m2[2]), m2[3]];
  }
  if (day === undefined || !monthWord) return undefined;
  const month = language.months.findIndex((name) => name.startsWith(monthWord));
  if (month < 0) return undefined;
  return year ? isoFromParts(fullYear(Number(year)), month + 1, day) : nextOccurrence(today, month + 1, day);
}

/** A date from a year back (someone who has already left) up to a year ahead (a leaving date). */
export function leavingDateSchema(today: string) {
  return z.string().transform((raw, ctx) => {
    if (!raw.trim()) return fail(ctx, 'empty');
    const iso = parseDate(raw, today);
    if (!iso) return fail(ctx, 'date.invalid');
    if (iso < addDays(today, -MAX_DAYS_AGO)) return fail(ctx, 'date.past');
    if (iso > addDays(today, MAX_DAYS_AHEAD)) return fail(ctx, 'date.tooFar');
    return iso;
  });
}

// ---- counts, justification, yes/no ----------------------------------------------------------

/** Words are read up to twenty: a larger count is typed in digits. */
const MAX_COUNT_WORD = 20;

/** How many more accounts: a whole number from 1 to 100, in digits or words up to twenty. */
export const countSchema = z.string().transform((raw, ctx) => {
  const language = defaultLanguage();
  const s = raw.trim().toLowerCase().replace(language.countWords, '').replace(/[.!]+$/, '').trim();
  if (!s) return fail(ctx, 'empty');
  let n: number;
  if (/^-?\d+$/.test(s)) n = Number(s);
  else {
    const word = language.unit(s) ?? language.ten(s);
    if (word === undefined || word > MAX_COUNT_WORD) return fail(ctx, 'count.notNumber');
    n = word;
  }
  if (n < 1) return fail(ctx, 'count.tooSmall');
  if (n > MAX_EXTRA_ACCOUNTS) return fail(ctx, 'count.tooLarge');
  return n;
});

export const wordCount = (s: string) => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

export function justificationSchema(minWords: number = JUSTIFICATION_MIN_WORDS) {
  return z.string().transform((raw, ctx) => {
    const s = raw.replace(/[ \t]+/g, ' ').trim();
    if (!s) return fail(ctx, 'empty');
    if (wordCount(s) < minWords) return fail(ctx, 'justification.tooShort');
    if (s.length > 1000) return fail(ctx, 'justification.tooLong');
    return s;
  });
}

/** A short note in the person's own words (what a mailbox warning says, who approved, why some accounts are idle). */
function noteSchema(max: number, code: InvalidCode) {
  return z.string().transform((raw, ctx) => {
    const s = oneLine(raw);
    if (!s || !/[\p{L}\p{N}]/u.test(s)) return fail(ctx, 'empty');
    if (s.length > max) return fail(ctx, code);
    return s;
  });
}
export const mailboxSizeSchema = noteSchema(200, 'note.tooLong');
export const inUseNoteSchema = noteSchema(300, 'note.tooLong');

/** Who at the organisation approved clearing the recoverable items: "no" or "not yet" is not an approval. */
export const seniorApprovalSchema = z.string().transform((raw, ctx) => {
  const s = oneLine(raw);
  if (!s) return fail(ctx, 'empty');
  if (parseYesNo(s) === false || /^(?:not yet|no one|nobody|none)\b/i.test(s)) return fail(ctx, 'approval.missing');
  if (s.replace(/[^\p{L}]/gu, '').length < 3 || parseYesNo(s) === true) return fail(ctx, 'approval.who');
  if (s.length > 200) return fail(ctx, 'note.tooLong');
  return s;
});

/** Reads yes or no; undefined when it is neither. */
export function parseYesNo(raw: string): boolean | undefined {
  const s = raw.trim().toLowerCase().replace(/[.!]+$/, '').replace(/\s+/g, ' ');
  const language = defaultLanguage();
  if (language.yes.has(s)) return true;
  if (language.no.has(s)) return false;
  return undefined;
}

/**
 * Whether the site's existing 10 accounts are in active use: yes (all), no (not all) or how many are.
 * Any of these is filed: the helpdesk checks activity itself and prompts for inactive accounts.
 */
export const existingInUseSchema = z.string().transform((raw, ctx) => {
  const s = raw.trim();
  if (/^\d{1,2}$/.test(s) && Number(s) <= 10) return Number(s) === 10 ? true : Number(s);
  const yes = parseYesNo(s);
  if (yes === undefined) return fail(ctx, 'yesNo.unclear');
  return yes;
});

// ---- by field ------------------------------------------------------------------------------

/** The schema that checks one field's answer, given the request type and today's date. */
export function fieldSchema(field: FieldName, ctx: FieldContext): z.ZodType<FieldValue, string> {
  switch (field) {
    case 'name':
    case 'newName':
      return nameSchema;
    case 'email':
      return ctx.type === 'extra-accounts' ? contactEmailSchema : nhsmailSchema;
    case 'mailboxSize':
      return mailboxSizeSchema;
    case 'inUseNote':
      return inUseNoteSchema;
    case 'seniorApproval':
      return seniorApprovalSchema;
    case 'sharedMailbox':
      return nhsmailSchema;
    case 'mobile':
      return mobileSchema;
    case 'organisation':
      return organisationSchema;
    case 'movingTo':
      return movingToSchema;
    case 'odsCode':
      return odsCodeSchema;
    case 'leavingDate':
      return leavingDateSchema(ctx.today);
    case 'extraAccounts':
      return countSchema;
    case 'justification':
      return justificationSchema(justificationMinWords(ctx.type));
    case 'existingInUse':
      return existingInUseSchema;
  }
}

/**
 * Checks one typed answer. An answer that holds a password, security answer or code is refused
 * whatever the field, so nothing of it is kept.
 */
export function validateField(field: FieldName, raw: string, ctx: FieldContext): Validation {
  if (containsSecret(raw)) return { ok: false, code: 'secret' };
  const r = fieldSchema(field, ctx).safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, code: (r.error.issues[0]?.message ?? 'empty') as InvalidCode };
}
