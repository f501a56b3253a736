// Recognises commands and small talk ("help", "cancel", "thanks") from typed text, using content/intents.yaml.
import path from 'node:path';
import { z } from 'zod';
import type { Language } from './language/language.js';
import { ContentError, defaultLanguage, loadLanguage, readYaml } from './loader.js';
import { CONTENT_DIR } from '../lib/paths.js';
import { tokenize } from './language/tokenize.js';

export const INTENTS = ['help', 'menu', 'startOver', 'cancel', 'greeting', 'thanks', 'yes', 'no', 'more', 'about'] as const;
export type Intent = (typeof INTENTS)[number];

const PatternSchema = z.strictObject({
  exact: z.array(z.string().min(1)).default([]),
  contains: z.array(z.string().min(1)).default([]),
});
export const IntentsFileSchema = z.strictObject({
  version: z.literal(1),
  intents: z.record(z.enum(INTENTS), PatternSchema),
});

const norm = (s: string) => (s.trim() === '?' ? '?' : tokenize(s).join(' '));

export class IntentMatcher {
  private readonly exact = new Map<string, Intent>();
  private readonly contains: [string, Intent][] = [];

  /** `language` gives the courtesy words around a command ("help please", "ok cancel"), which do not change it. */
  constructor(
    patterns: Partial<Record<Intent, { exact: string[]; contains: string[] }>>,
    private readonly language: Language = defaultLanguage(),
  ) {
    for (const [intent, p] of Object.entries(patterns) as [Intent, { exact: string[]; contains: string[] }][]) {
      for (const phrase of p.exact) this.exact.set(norm(phrase), intent);
      for (const phrase of p.contains) this.contains.push([` ${norm(phrase)} `, intent]);
    }
  }

  static load(dir: string = CONTENT_DIR): IntentMatcher {
    const problems: string[] = [];
    const data = readYaml(path.join(dir, 'intents.yaml'), IntentsFileSchema, problems);
    if (!data) throw new ContentError(problems);
    return new IntentMatcher(data.intents, loadLanguage(dir));
  }

  /** The intent a whole message expresses, if it is a command or small talk; undefined for a question. */
  match(text: string): Intent | undefined {
    const n = norm(text.replace(/[!.]+$/, ''));
    const hit = this.exact.get(n) ?? this.exact.get(n.replace(this.language.courtesy, '').trim() || n);
    if (hit) return hit;
    const padded = ` ${n} `;
    return this.contains.find(([phrase]) => padded.includes(phrase))?.[1];
  }
}
