// Redaction with the words from content/language.yaml: the rules live in lib/redact.ts, the words are content.
import * as rules from '../lib/redact.js';
import type { Language } from './language/language.js';
import { defaultLanguage } from './loader.js';

export type { Redaction } from '../lib/redact.js';
export { redactNumbers } from '../lib/redact.js';

/** True when one whitespace-separated token looks like a password ("Hunter2!", "Winter2024marker"). */
export const looksLikePassword = (token: string, language: Language = defaultLanguage()) => rules.looksLikePassword(token, language);

/** Redacts emails, phone numbers, long numbers, postcodes, introduced names and secrets. */
export const redact = (input: string, language: Language = defaultLanguage()) => rules.redact(input, language);

/** True when the text seems to contain a password, security answer or one-time code. */
export const containsSecret = (input: string, language: Language = defaultLanguage()) => rules.containsSecret(input, language);
