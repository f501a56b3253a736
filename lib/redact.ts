// Removes personal details and anything like a secret from free text before it is stored, logged or sent: the rules, with
// the words they need passed in (knowledge/redact.ts passes the words from content/language.yaml).
import { isNhsNumber } from './nhsNumber.js';

/** The words redaction needs: alternations for its patterns, and the sets that tell an ordinary token from a password. */
export interface RedactionLanguage {
  readonly redaction: { readonly secretWords: string; readonly notASecret: string; readonly clauseEnd: string; readonly nameIntro: string };
  readonly ordinaryLetters: ReadonlySet<string>;
  readonly products: ReadonlySet<string>;
  readonly commonPassword: RegExp;
}

export interface Redaction {
  readonly text: string;
  /** kinds of thing removed, e.g. ["email", "secret"] */
  readonly removed: readonly string[];
}

type Rule = readonly [kind: string, pattern: RegExp, replacement: string];

/** The redaction rules, with the words from content/language.yaml (redaction). */
function buildRules(language: RedactionLanguage): readonly Rule[] {
  const { secretWords, notASecret, clauseEnd, nameIntro } = language.redaction;
  return [
    // "password is X", "pw: X", "security answer was Rover": up to four words after the separator
    [
      'secret',
      new RegExp(
        String.raw`\b(${secretWords})\b(\s*(?:is|was|=|:|'s)\s*)(?!(?:${notASecret})\b)([^\s'’]\S*(?:\s+(?!(?:${clauseEnd})\b)\S+){0,3})`,
        'gi',
      ),
      '$1$2[removed]',
    ],
    // "my pw abc123", "mfa code 123456": with no separator, only a token holding a digit
    ['secret', new RegExp(String.raw`\b(${secretWords})\b(\s+)(\S*\d\S*)`, 'gi'), '$1$2[removed]'],
    ['email', /\b[\w.+'-]+@[\w-]+(?:\.[\w-]+)+\b/g, '[email]'],
    // UK phone numbers in their usual forms (+44 7700 900123, 07700900123, 0333 200 1133)
    ['phone', /(?:\+\s?44\s?\(?0?\)?|\(?\b0)(?:[\s\-)]{0,2}\d){9,10}\b/g, '[phone]'],
    // NHS numbers and other long digit runs
    ['number', /\b\d(?:[\s-]?\d){8,}\b/g, '[number]'],
    ['postcode', /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi, '[postcode]'],
    // "my name is Jane Smith", "I'm Jane Smith", "this is Jane"
    ['name', new RegExp(String.raw`\b(${nameIntro})\s+((?:[A-Z][a-z'’-]+)(?:\s+[A-Z][a-z'’-]+){0,2})`, 'g'), '$1 [name]'],
  ];
}

const rulesByLanguage = new WeakMap<RedactionLanguage, readonly Rule[]>();
function rules(language: RedactionLanguage): readonly Rule[] {
  let r = rulesByLanguage.get(language);
  if (!r) rulesByLanguage.set(language, (r = buildRules(language)));
  return r;
}

/** Characters that join the parts of ordinary tokens (dates, versions, "Covid-19", "3rd-party"). */
const SEPARATORS = /[-/.:_'’]/g;
/** A token's opening brackets and quotes, its core, and its closing brackets, quotes and sentence punctuation. */
const WRAPPING = /^([(\[{<"'“‘]*)(.*?)([)\]}>"'”’.,;:?]*)$/s;

/** Web addresses and file names, which may hold any symbol. */
function isWebOrFile(core: string): boolean {
  return (
    /^(?:https?:\/\/|www\.)/i.test(core) ||
    /^(?:[a-z\d-]+\.)+(?:net|com|org|uk|gov|nhs|io)(?:\/\S*)?$/i.test(core) ||
    /\.(?:pdf|docx?|xlsx?|csv|txt|png|jpe?g|gif|pptx?|msg|eml|zip)$/i.test(core)
  );
}

/** Letters, digits and separators only: web addresses, file names, versions, ticket references, dates and products. */
function isOrdinaryToken(core: string, language: RedactionLanguage): boolean {
  if (isWebOrFile(core)) return true;
  if (/^v?\d+(?:\.\d+)+(?:[-+.]?[a-z]+\.?\d*)?$/i.test(core)) return true;
  if (/^NHSM[-\s]?\d+$/i.test(core)) return true;
  const runs = core.match(/[A-Za-z]+/g) ?? [];
  const first = runs[0]?.toLowerCase();
  if (first && language.products.has(first) && core.toLowerCase().startsWith(first)) return true;
  // "1stJanuary", "12March2024": every word, camel case split, is ordinary
  const words = runs.flatMap((run) => run.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? []).map((w) => w.toLowerCase());
  return words.every((w) => language.ordinaryLetters.has(w) || language.products.has(w));
}

/** Letters and digits only: mixed case with digits, word+year, word+digits+word, or a common password word with digits. */
function isPasswordShape(token: string, language: RedactionLanguage): boolean {
  if (token.length < 8 || token.length > 64) return false;
  if (language.commonPassword.test(token)) return true;
  const digitRuns = token.match(/\d+/g) ?? [];
  // "Care4You", "Back2Work", "Skills4Care": a 2 or 4 standing for a word, as in many care providers' names
  if (digitRuns.length === 1 && /^[A-Za-z]+[24][A-Za-z]+$/.test(token)) return false;
  if (/[A-Z]/.test(token) && /[a-z]/.test(token)) return true;
  if (/^[A-Za-z]{3,}(?:19|20)\d\d$/.test(token) && /[a-z]/.test(token)) return true;
  return /[a-z]/.test(token) && /[A-Za-z]\d+[A-Za-z]/.test(token) && (digitRuns.length > 1 || digitRuns.some((d) => d.length > 1));
}

/**
 * True when one whitespace-separated token looks like a password: a symbol among letters and digits
 * ("Hunter2!", "Tr0ub4dor&3"), or a password's shape in its letters and digits ("Winter2024marker").
 */
export function looksLikePassword(token: string, language: RedactionLanguage): boolean {
  if (token.length > 128) return false;
  const core = WRAPPING.exec(token)?.[2] ?? token;
  if (!/[A-Za-z]/.test(core) || !/\d/.test(core) || /^@|[[\]]/.test(core)) return false;
  const joined = core.replace(SEPARATORS, '');
  if (/[^A-Za-z\d]/.test(joined)) return core.length >= 8 && core.length <= 64 && !isWebOrFile(core);
  return !isOrdinaryToken(core, language) && isPasswordShape(joined, language);
}

/** Redacts emails, phone numbers, long numbers, postcodes, introduced names and secrets. */
export function redact(input: string, language: RedactionLanguage): Redaction {
  let text = input;
  const removed = new Set<string>();
  for (const [kind, pattern, replacement] of rules(language)) {
    text = text.replace(pattern, (...args: unknown[]) => {
      const match = String(args[0]);
      if (match.includes('[removed]') || match.includes('[email]')) return match;
      removed.add(kind);
      return match.replace(new RegExp(pattern.source, pattern.flags.replace('g', '')), replacement);
    });
  }
  // a standalone token shaped like a password someone pasted; what wraps it stays: "(Winter2024marker)."
  text = text.replace(/\S+/g, (token) => {
    if (!looksLikePassword(token, language)) return token;
    removed.add('secret');
    const [, before = '', , after = ''] = WRAPPING.exec(token) ?? [];
    return `${before}[removed]${after}`;
  });
  return { text, removed: [...removed] };
}

/** Ten digits, spaced or dashed as NHS numbers are written (943 476 5919); removed only when the check digit holds. */
const NHS_NUMBER = /(?<![\d+])\d{3}[\s-]?\d{3}[\s-]?\d{4}(?!\d)/g;
/** UK mobile and landline numbers (07..., 01..., 02..., +44 or 0044 with or without (0)); 03 and 08 service numbers stay. */
const PERSONAL_PHONE = /(?<![\d+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?|0)?|\(?0)[127](?:[\s)-]{0,2}\d){8,9}(?!\d)/g;

/**
 * Removes only NHS numbers (valid by the modulus 11 check) and personal UK phone numbers: for text that
 * staff write or that a ticket keeps, where everything else (names, addresses, service numbers) is meant.
 */
export function redactNumbers(input: string): Redaction {
  const removed = new Set<string>();
  const text = input
    .replace(NHS_NUMBER, (match) => {
      if (!isNhsNumber(match)) return match;
      removed.add('nhsNumber');
      return '[NHS number]';
    })
    .replace(PERSONAL_PHONE, () => {
      removed.add('phone');
      return '[phone]';
    });
  return { text, removed: [...removed] };
}

/** True when the text seems to contain a password, security answer or one-time code. */
export function containsSecret(input: string, language: RedactionLanguage): boolean {
  return redact(input, language).removed.includes('secret');
}
