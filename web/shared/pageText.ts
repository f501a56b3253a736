// The words a page shows, from the bot's replies (put in the page's config by the server), filled in the browser.
// DOM-free so it can be unit-tested.

/** Reply key -> text, {phone} and {email} already filled by the server; other {placeholders} left for the page. */
export type PageText = Readonly<Record<string, string>>;

/** Fills a page text's {placeholders}; a key the config lacks shows as itself, so a gap is visible but harmless. */
export type Say = (key: string, vars?: Readonly<Record<string, string | number>>) => string;

export function pageText(texts: PageText = {}): Say {
  return (key, vars = {}) => {
    const text = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : undefined;
    if (text === undefined) return key;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (vars[name] === undefined ? whole : String(vars[name])));
  };
}
