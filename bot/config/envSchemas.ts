// The zod pieces every environment setting is built from, shared by the bot's and the channels' settings.
import { z } from 'zod';
import { describeIssue } from '../../lib/zodIssues.js';

/** "true"/"false"/"1"/"0"/"yes"/"no" (or empty, meaning false). */
export const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Trimmed text; empty counts as not set. */
export const optionalText = z
  .string()
  .transform((v) => v.trim())
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** A comma-separated list of http(s) URLs. */
export const urlList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.url({ protocol: /^https?$/ })));

/**
 * Parses the variables a schema names out of the environment: the data, or one "VARIABLE: problem" line per
 * bad value (an unset required variable says "is required").
 */
export function parseEnvironment<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv,
): { ok: true; data: z.infer<S> } | { ok: false; problems: string[] } {
  const raw = Object.fromEntries(Object.keys(schema.shape).flatMap((k) => (env[k] === undefined ? [] : [[k, env[k]]])));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? '(environment)');
      return `${name}: ${describeIssue(i)}`;
    }),
  };
}

