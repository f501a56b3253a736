// Finds and strips passwords, security answers and codes from what people type into a request, and personal numbers from text a ticket keeps.
import { containsSecret, redact, redactNumbers } from '../knowledge/redact.js';

/**
 * The text unchanged when it holds no secret; otherwise the text as redact() leaves it (the secret
 * and, cut by the same pass, any other personal details in that text removed).
 */
export function stripSecrets(text: string): { text: string; stripped: boolean } {
  if (!containsSecret(text)) return { text, stripped: false };
  return { text: redact(text).text, stripped: true };
}

/**
 * Free text as a ticket keeps it (a staff note, the question put to a requester, a justification):
 * secrets stripped, NHS numbers and personal phone numbers removed, everything else as written.
 */
export function cleanFreeText(text: string): string {
  return redactNumbers(stripSecrets(text).text).text;
}
