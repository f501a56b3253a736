// Reads helpdesk request details from what people actually type: answers inside sentences, "don't know", a
// cancel in passing, and facts given earlier (in the opening message or beside another answer).
import { findPhoneNumbersInText } from 'libphonenumber-js/min';
import { eng as englishStopWords } from 'stopword';
import type { Language } from '../knowledge/language/language.js';
import { defaultLanguage } from '../knowledge/loader.js';
import { containsSecret } from '../knowledge/redact.js';
import { normalise } from '../knowledge/language/message.js';
import { isQuestion, QUESTION_STYLES } from '../knowledge/language/question.js';
import { FIELDS_BY_TYPE, isOptional, type FieldName, type FieldValue, type TicketFields, type TicketType } from './model.js';
import { parseDate, parseUkMobile, validateField, type FieldContext, type InvalidCode } from './validators.js';

/** What one message says to the question on screen. */
export type Answer =
  /** the detail, checked and normalised; `also` holds details that came with it (a note, an old name, an email) */
  | { kind: 'value'; value: FieldValue; also: TicketFields }
  /** they do not know it or want to leave it out: null for a field the helpdesk can do without */
  | { kind: 'unknown' }
  /** they want to stop ("actually hang on, cancel that") */
  | { kind: 'cancel' }
  /** a question, a complaint or a command: never kept as the detail */
  | { kind: 'notAnswer'; why: 'question' | 'complaint' | 'command' | 'raising' }
  | { kind: 'invalid'; code: InvalidCode };

const STOP = new Set(englishStopWords);
const EMAIL_IN_TEXT = /[^\s<>()[\],;:"']+@[^\s<>()[\],;:"']+\.[a-z]{2,}/gi;
/** "Emma Clarke (was Emma Dunn)", "Emma Clarke, formerly Dunn", "Emma Clarke nee Dunn" */
const OLD_NAME = /^(.+?)\s*[,(]?\s*(?:was|previously|formerly|n[ée]e|used to be|maiden name|old name)\s*:?\s+([^)]+?)\)?\s*$/i;
/** a count written in digits or words, as the whole word */
const COUNT_WORD = /\b(\d{1,3}|[a-z]+)\b/g;

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
const lower = (s: string) => normalise(s);

/** The text without a leading "it's", "my name is", "ok so", and without closing courtesy ("thanks"). */
export function stripIntro(text: string, language: Language = defaultLanguage()): string {
  const t = clean(text);
  const low = t.toLowerCase().replace(/[’]/g, "'");
  const m = language.answers.intro.exec(low);
  let out = m ? t.slice(m[0].length) : t;
  out = out.replace(language.courtesy, '').replace(/[\s,.!]+(?:thanks|thank you|ta|cheers|please|pls|sorry)[.!]*$/i, '');
  return out.replace(/^[\s,:-]+|[\s,.!]+$/g, '');
}

/** True when the message says they want to stop the request. */
export const saysCancel = (text: string, language: Language = defaultLanguage()) => language.answers.cancel.test(lower(text));
/** True when the message says they do not know the detail, or want to skip it. */
export const saysUnknown = (text: string, language: Language = defaultLanguage()) => language.answers.unknown.test(lower(text));

/** The text without emails and phone numbers, and the commas and dashes left around them. */
function withoutContacts(text: string): string {
  let out = text.replace(EMAIL_IN_TEXT, ' ');
  for (const f of findPhoneNumbersInText(out, 'GB').reverse()) out = `${out.slice(0, f.startsAt)} ${out.slice(f.endsAt)}`;
  return out.replace(/\s*[,;-]+\s*(?=[,;-]|$)/g, '').replace(/\s+/g, ' ').trim();
}

function emails(text: string): string[] {
  return [...text.matchAll(EMAIL_IN_TEXT)].map((m) => m[0].replace(/[.]+$/, '').toLowerCase());
}

function mobiles(text: string): string[] {
  const found = findPhoneNumbersInText(text, 'GB').map((f) => text.slice(f.startsAt, f.endsAt));
  return found.map((raw) => parseUkMobile(raw)).flatMap((r) => (r.ok ? [r.value] : []));
}

function numberOf(word: string, language: Language): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  return language.unit(word) ?? language.ten(word);
}

/** "4 new senior carers", "3 more accounts": the count of accounts asked for. */
export function countInSentence(text: string, language: Language = defaultLanguage()): number | undefined {
  const t = lower(text);
  for (const m of t.matchAll(COUNT_WORD)) {
    const n = numberOf(m[1] as string, language);
    if (n === undefined || n < 1) continue;
    const before = t.slice(0, m.index).trimEnd();
    // "more than 10 accounts", "all 10 accounts", "the 10": the allowance, not the request
    if (/(?:more than|over|above|all|the|existing|our|of)$/.test(before)) continue;
    if (language.answers.people.test(t.slice((m.index ?? 0) + (m[0] as string).length).trimStart())) return n;
  }
  return undefined;
}

/**
 * How many of the site's 10 existing accounts are in use: true for all, false for not all, a number
 * when one is given ("i think 9 are, one is on maternity leave"); undefined when the text does not say.
 */
export function inUseInSentence(text: string, language: Language = defaultLanguage()): boolean | number | undefined {
  const t = lower(text).replace(/[,;]+/g, ' ,');
  const whole = t.replace(/ ,/g, '').trim();
  if (language.yes.has(whole)) return true;
  if (language.no.has(whole)) return false;
  for (const m of t.matchAll(COUNT_WORD)) {
    const n = numberOf(m[1] as string, language);
    if (n === undefined || n > 10) continue;
    const after = t.slice((m.index ?? 0) + (m[0] as string).length).trimStart();
    if (!language.answers.inUseVerbs.test(after)) continue;
    const rest = after.replace(language.answers.inUseVerbs, '').trimStart();
    if (language.answers.notInUse.test(rest)) continue;
    const before = t.slice(0, m.index);
    if (/\ball\s*$/.test(before)) return true;
    return n >= 10 ? true : n;
  }
  const first = t.split(/[\s,]+/)[0] ?? '';
  if (language.yes.has(first) || /^all (?:of them|are|in use|active)/.test(t)) return true;
  if (language.no.has(first) || /^not all\b/.test(t)) return false;
  return undefined;
}

/** A name someone typed: two or more words, none of them everyday words ("forget it I'll just ring them" is no name). */
function looksLikeName(text: string): boolean {
  const words = text.toLowerCase().split(/\s+/).map((w) => w.replace(/[^\p{L}'’-]/gu, ''));
  return words.length <= 6 && !words.some((w) => STOP.has(w.replace(/[’]/g, "'")));
}

/** An ODS code inside a sentence: a code after "ods"/"code", or one token shaped like one (V12345, FVR79, RJ1). */
function odsInSentence(text: string, ctx: FieldContext, strict: boolean): string | undefined {
  const marked = /\b(?:ods(?:\s+code)?|site\s+code|code)\s*(?:is|:|-)?\s*([A-Za-z0-9]{3,6})\b/i.exec(text);
  // a code written in letters only ("VLAXL") counts when typed in capitals after "ods code"; "what is an ods code" has none
  const marked_ = marked && (/\d/.test(marked[1] as string) || marked[1] === (marked[1] as string).toUpperCase()) ? (marked[1] as string) : undefined;
  const candidates = marked_ ? [marked_] : text.split(/[\s,;()]+/).filter((w) => /\d/.test(w) && /[A-Za-z]/.test(w) && (!strict || w === w.toUpperCase()));
  for (const c of candidates) {
    const r = validateField('odsCode', c, ctx);
    if (r.ok) return r.value as string;
  }
  return undefined;
}

/** "at Sunrise Care Home", "from Oak House": a capitalised organisation name after a place word, in an opening message. */
function organisationInSentence(text: string, language: Language): string | undefined {
  const m = /\b(?:at|from|for|with|of)\s+((?:the\s+)?[A-Z][\w'’&.-]*(?:\s+(?:[A-Z0-9&][\w'’&.-]*|of|and|the|on|in|upon)){0,6})/.exec(text);
  if (!m) return undefined;
  const name = (m[1] as string).replace(/\s+(?:of|and|the|on|in|upon)$/i, '').trim();
  const first = name.toLowerCase().replace(/^the\s+/, '').split(/\s+/)[0] ?? '';
  if (language.products.has(first) || language.days.some((d) => d.startsWith(first)) || language.months.includes(first) || first === 'nhs') return undefined;
  if (/^(?:i|i'm|im|my|we|our)$/.test(first)) return undefined;
  return name;
}

/** "I'm Jane Smith", "my name is Jane Smith", "this is Jane Smith from...": an introduced, capitalised name. */
function introducedName(text: string, language: Language): string | undefined {
  const m = new RegExp(String.raw`\b(?:${language.redaction.nameIntro})\s+((?:[A-Z][a-z'’-]+)(?:\s+[A-Z][a-z'’-]+){1,2})`).exec(text);
  return m ? m[1] : undefined;
}

/** A full name in capitals straight after a staff role ("our carer Mary Brown"): a leaver reported by someone else. */
function namedByRole(text: string, ctx: FieldContext, language: Language): string | undefined {
  const name = language.answers.namedByRole.exec(text)?.[1];
  return name && validateField('name', name, ctx).ok ? name : undefined;
}

/** What follows "moving to", "joining": null when they leave care altogether. */
function movingToInSentence(text: string, language: Language): FieldValue | undefined {
  const t = lower(text);
  const m = language.answers.movingTo.exec(t);
  if (!m) return undefined;
  const rest = clean(m[1] as string);
  if (language.notMoving.has(rest)) return null;
  // keep what they typed, with their capitals
  const at = text.toLowerCase().indexOf(rest);
  return at >= 0 ? text.slice(at, at + rest.length).trim() : rest;
}

/**
 * Every detail of this request type that the message gives, for fields not yet known: an email, a
 * mobile, a leaving date, an ODS code, an introduced name, the organisation, the count of accounts,
 * where a leaver moves to. Used on the opening message and beside every answer.
 */
export function readFacts(text: string, type: TicketType, ctx: FieldContext, skip: readonly FieldName[] = [], language: Language = defaultLanguage()): TicketFields {
  if (!text.trim() || containsSecret(text)) return {};
  const wants = (f: FieldName) => FIELDS_BY_TYPE[type].includes(f) && !skip.includes(f);
  const out: TicketFields = {};
  const found = emails(text);
  const emailField: FieldName = type === 'shared-mailbox-access' && /shared mailbox/i.test(text) && found.length === 1 ? 'sharedMailbox' : 'email';
  for (const e of found) {
    if (!wants(emailField) || out[emailField]) continue;
    const r = validateField(emailField, e, ctx);
    if (r.ok) out[emailField] = r.value;
  }
  const mobile = mobiles(text)[0];
  if (mobile && wants('mobile')) out.mobile = mobile;
  if (wants('leavingDate')) {
    const withoutEmails = text.replace(EMAIL_IN_TEXT, ' ');
    const date = parseDate(withoutEmails, ctx.today);
    if (date && validateField('leavingDate', date, ctx).ok) out.leavingDate = date;
  }
  if (wants('movingTo')) {
    const moving = movingToInSentence(text, language);
    if (moving !== undefined) out.movingTo = moving;
  }
  if (wants('odsCode')) {
    const ods = odsInSentence(text.replace(EMAIL_IN_TEXT, ' '), ctx, true);
    if (ods) out.odsCode = ods;
  }
  if (type === 'name-change' && wants('name') && wants('newName')) {
    const changed = /([A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+)+)\s*[,(]\s*(?:was|previously|formerly|n[ée]e)\s+([A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+)?)/u.exec(text);
    if (changed) {
      const r = valueFromSentence('name', changed[0], ctx, language);
      if (typeof r !== 'string') Object.assign(out, { name: r.value, ...r.also });
    }
  }
  if (wants('name') && !out.name) {
    // a leaver reported by someone else is named by their role ("our carer Mary Brown is leaving"); anyone else names themselves
    const name = ctx.forOther ? namedByRole(text, ctx, language) : introducedName(text, language);
    if (name) out.name = name;
  }
  if (wants('organisation')) {
    const org = organisationInSentence(text.replace(EMAIL_IN_TEXT, ' '), language);
    if (org) out.organisation = org;
  }
  if (wants('extraAccounts')) {
    const n = countInSentence(text, language);
    if (n !== undefined && validateField('extraAccounts', String(n), ctx).ok) out.extraAccounts = n;
  }
  if (wants('justification') && language.answers.reason.test(lower(text))) {
    const r = validateField('justification', text, ctx);
    if (r.ok) out.justification = r.value;
  }
  if (wants('mailboxSize')) {
    const clause = text.split(/[,;!?]+|\.(?=\s|$)/).find((c) => /\d+(?:\.\d+)?\s*(?:gb|mb)\b/i.test(c) || language.recoverableItems.test(lower(c)));
    if (clause) out.mailboxSize = withoutContacts(clause);
  }
  return out;
}

/** The detail a field's answer gives, read from a sentence where the field allows it. */
function valueFromSentence(field: FieldName, text: string, ctx: FieldContext, language: Language): { value: FieldValue; also: TicketFields } | InvalidCode {
  // a name or organisation typed with an email or number beside it: those are read as their own details
  const alone = ['name', 'newName', 'organisation'].includes(field) ? withoutContacts(text) : text;
  const bare = stripIntro(alone, language);
  switch (field) {
    case 'email':
    case 'sharedMailbox': {
      const found = emails(text);
      if (!found.length) break;
      const r = validateField(field, found[0] as string, ctx);
      return r.ok ? { value: r.value, also: {} } : r.code;
    }
    case 'mobile': {
      const found = mobiles(text)[0];
      if (found) return { value: found, also: {} };
      break;
    }
    case 'leavingDate': {
      const iso = parseDate(text, ctx.today);
      if (!iso) break;
      const r = validateField(field, iso, ctx);
      return r.ok ? { value: r.value, also: {} } : r.code;
    }
    case 'extraAccounts': {
      const n = countInSentence(text, language);
      if (n !== undefined) {
        const r = validateField(field, String(n), ctx);
        return r.ok ? { value: r.value, also: {} } : r.code;
      }
      break;
    }
    case 'existingInUse': {
      const v = inUseInSentence(text, language);
      if (v === undefined) return 'yesNo.unclear';
      const note = language.yes.has(lower(text)) ? null : clean(text).slice(0, 300);
      return { value: v, also: { inUseNote: note } };
    }
    case 'odsCode': {
      const code = odsInSentence(text, ctx, false);
      if (code) return { value: code, also: {} };
      break;
    }
    case 'name':
    case 'newName': {
      const old = OLD_NAME.exec(bare);
      if (old && ctx.type === 'name-change') {
        const now = clean(old[1] as string);
        const said = clean(old[2] as string);
        // "Emma Clarke (was Dunn)": the old surname with the same first name
        const before = said.includes(' ') ? said : `${now.split(' ')[0]} ${said}`;
        const current = validateField('name', before, ctx);
        const next = validateField('name', now, ctx);
        if (current.ok && next.ok) return field === 'name' ? { value: current.value, also: { newName: next.value } } : { value: next.value, also: { name: current.value } };
      }
      // "Sunrise Care Home" typed for a name: the answer to another question, not a person's name
      if (language.answers.organisation.test(lower(bare))) return 'name.organisation';
      if (!looksLikeName(bare)) return 'name.notFull';
      break;
    }
    case 'movingTo': {
      const moving = movingToInSentence(text, language);
      if (moving !== undefined) return { value: moving, also: {} };
      // "no, leaving care altogether": a no, then words that mean not moving
      const words = lower(bare).replace(/[,;]/g, ' ').split(/\s+/).filter(Boolean);
      if (language.no.has(words[0] ?? '') && (words.length === 1 || language.notMoving.has(words.slice(1).join(' ')))) return { value: null, also: {} };
      break;
    }
    default:
      break;
  }
  const r = validateField(field, bare || text, ctx);
  return r.ok ? { value: r.value, also: {} } : r.code;
}

/** Fields whose answer is the person's own words, where a complaint would otherwise pass for an answer. */
const FREE_TEXT: readonly FieldName[] = ['name', 'newName', 'organisation', 'movingTo', 'justification', 'mailboxSize', 'seniorApproval'];

/**
 * Reads one message as the answer to the question about `field`: the detail (from inside a sentence
 * where it can be), "don't know", a cancel, or something that is not an answer (a question, a complaint,
 * a command) and must not be kept.
 */
export function readAnswer(field: FieldName, text: string, ctx: FieldContext & { type: TicketType }, language: Language = defaultLanguage()): Answer {
  const t = text.trim();
  if (!t) return { kind: 'invalid', code: 'empty' };
  if (containsSecret(t)) return { kind: 'invalid', code: 'secret' };
  if (saysCancel(t, language)) return { kind: 'cancel' };
  const low = lower(t);
  const complaint = language.answers.notAnswer.test(low);
  // a bare "no" to a detail the helpdesk can do without: they have none to give
  if (isOptional(ctx.type, field) && field !== 'movingTo' && field !== 'existingInUse' && language.no.has(low)) return { kind: 'unknown' };
  // "send", "yes", "change mobile" typed where a name or organisation is asked: an instruction, not the answer
  if ((FREE_TEXT.includes(field) || field === 'odsCode') && field !== 'seniorApproval' && (language.confirm.has(low) || language.no.has(low) || language.notMoving.has(low) || language.yes.has(low)) && !(field === 'movingTo' && language.notMoving.has(low))) {
    return { kind: 'notAnswer', why: 'command' };
  }
  const read = valueFromSentence(field, t, ctx, language);
  const structured = !FREE_TEXT.includes(field);
  if (typeof read !== 'string' && (structured || !complaint) && !(FREE_TEXT.includes(field) && isQuestion(t, QUESTION_STYLES.notAnAnswer, language))) {
    // "skip" and "don't know" are never a value, even where they would pass as one (an ODS code "SKIP")
    if (!(saysUnknown(t, language) && (FREE_TEXT.includes(field) || field === 'odsCode' || field === 'seniorApproval'))) return { kind: 'value', ...read };
  }
  if (saysUnknown(t, language)) return { kind: 'unknown' };
  // "can you do it for me" while the request is being made: it is being done, and needs this detail
  if (language.raiseIt.test(low)) return { kind: 'notAnswer', why: 'raising' };
  if (complaint) return { kind: 'notAnswer', why: 'complaint' };
  if (isQuestion(t, QUESTION_STYLES.notAnAnswer, language) || isQuestion(t, QUESTION_STYLES.asksSomething, language)) return { kind: 'notAnswer', why: 'question' };
  return { kind: 'invalid', code: typeof read === 'string' ? read : 'empty' };
}

/** True when a field may be left out for this type: "don't know" then keeps null. */
export const mayBeUnknown = (type: TicketType, field: FieldName) => isOptional(type, field);
