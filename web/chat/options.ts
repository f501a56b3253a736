// The chat page's options (from the embed snippet's data-* attributes, passed as query parameters), checked.
// DOM-free so it can be unit-tested.
import { accessibleAccent } from '../shared/colours.js';

export interface ChatOptions {
  title: string;
  accent: string;
  locale: string;
  /** inside a provider site's iframe: no page header or footer, just the widget */
  embed: boolean;
}

export const DEFAULT_LOCALE = 'en-GB';
const MAX_TITLE = 60;

/** Reads options from query parameters; anything missing or unusable falls back to the default (the title: the page's own). */
export function parseChatOptions(params: { get(name: string): string | null }, defaultTitle: string): ChatOptions {
  const title = (params.get('title') ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TITLE);
  const locale = params.get('locale') ?? '';
  return {
    title: title || defaultTitle,
    accent: accessibleAccent(params.get('accent') ?? undefined),
    locale: /^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/i.test(locale) ? locale : DEFAULT_LOCALE,
    embed: params.get('embed') === '1',
  };
}
