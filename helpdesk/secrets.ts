// Finds and strips passwords, security answers and codes from what people type, without mistaking ticket references for them.
import { containsSecret, redact } from '../knowledge/redact.js';

// redact() treats any long token mixing letters, digits and symbols as a pasted password, which
// includes "NHSM-000123"; references are masked while checking and put back afterwards.
const REF = /\bNHSM[\s-]?\d{1,9}\b/gi;

function mask(text: string): { masked: string; refs: string[] } {
  const refs: string[] = [];
  const masked = text.replace(REF, (m) => {
    refs.push(m);
    return `NHSMREF${refs.length - 1}X`;
  });
  return { masked, refs };
}

function unmask(text: string, refs: readonly string[]): string {
  return text.replace(/NHSMREF(\d+)X/g, (m, i: string) => refs[Number(i)] ?? m);
}

/** True when the text seems to hold a password, security answer or one-time code. */
export function hasSecret(text: string): boolean {
  return containsSecret(mask(text).masked);
}

/**
 * The text unchanged when it holds no secret; otherwise the text as redact() leaves it (the secret
 * and, cut by the same pass, any other personal details in that text removed).
 */
export function stripSecrets(text: string): { text: string; stripped: boolean } {
  const { masked, refs } = mask(text);
  if (!containsSecret(masked)) return { text, stripped: false };
  return { text: unmask(redact(masked).text, refs), stripped: true };
}
