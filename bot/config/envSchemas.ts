// The zod pieces every environment setting is built from, shared by the bot's and the channels' settings.
import { z } from 'zod';

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
