// Finds and strips passwords, security answers and codes from what people type into a request.
import { containsSecret, redact } from '../knowledge/redact.js';

/**
 * The text unchanged when it holds no secret; otherwise the text as redact() leaves it (the secret
 * and, cut by the same pass, any other personal details in that text removed).
 */
export function stripSecrets(text: string): { text: string; stripped: boolean } {
  if (!containsSecret(text)) return { text, stripped: false };
  return { text: redact(text).text, stripped: true };
}
