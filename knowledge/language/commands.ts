// Staff commands typed to the bot, matched with the words in content/language.yaml rather than patterns in code.
import type { Language } from './language.js';
import { defaultLanguage } from '../loader.js';

/** True when the whole message asks to make this Teams channel the helpdesk channel ("register the helpdesk channel"). */
export function isRegisterHelpdeskChannel(text: string, language: Language = defaultLanguage()): boolean {
  return language.registerHelpdeskChannel.test(text);
}
