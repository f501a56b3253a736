// Redaction with the words from content/language.yaml: the rules live in lib/redact.ts, the words are content.
import { LRUCache } from 'lru-cache';
import * as rules from '../lib/redact.js';
import type { Language } from './language/language.js';
import { defaultLanguage } from './loader.js';

export type { Redaction } from '../lib/redact.js';
export { redactNumbers } from '../lib/redact.js';

/** True when one whitespace-separated token looks like a password ("Hunter2!", "Winter2024marker"). */
export const looksLikePassword = (token: string, language: Language = defaultLanguage()) => rules.looksLikePassword(token, language);

/**
 * Texts whose redaction is kept, the most recently used, for each language: a turn redacts its question for the search,
 * the memory and insights. Few: the texts are what people typed, before redaction.
 */
const REDACTIONS_KEPT = 32;
const redactions = new WeakMap<Language, LRUCache<string, rules.Redaction>>();

/** Redacts emails, phone numbers, long numbers, postcodes, introduced names and secrets. */
export function redact(input: string, language: Language = defaultLanguage()): rules.Redaction {
  let kept = redactions.get(language);
  if (!kept) {
    kept = new LRUCache({ max: REDACTIONS_KEPT });
    redactions.set(language, kept);
  }
  let redaction = kept.get(input);
  if (redaction === undefined) {
    const { text, removed } = rules.redact(input, language);
    redaction = Object.freeze({ text, removed: Object.freeze(removed) });
    kept.set(input, redaction);
  }
  return redaction;
}

/** True when the text seems to contain a password, security answer or one-time code. */
export const containsSecret = (input: string, language: Language = defaultLanguage()) => rules.containsSecret(input, language);
