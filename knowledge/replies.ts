// Every sentence the bot says lives in content/replies.yaml; code asks for it by key.
export type ReplyVars = Record<string, string | number>;

const PLACEHOLDER = /\{(\w+)\}/g;
const CONTACT = 'contact.';

export class Replies {
  /** {phone}, {email}: each contact.<name> reply fills {<name>} wherever it is not given */
  readonly contacts: Readonly<Record<string, string>>;

  constructor(private readonly texts: Readonly<Record<string, string>>) {
    this.contacts = Object.fromEntries(
      Object.entries(texts)
        .filter(([key]) => key.startsWith(CONTACT))
        .map(([key, text]) => [key.slice(CONTACT.length), text]),
    );
  }

  /** The reply for a key, with {placeholders} filled; a missing key or value is a programming error. */
  t(key: string, vars: ReplyVars = {}): string {
    const text = this.texts[key];
    if (text === undefined) throw new Error(`unknown reply key "${key}"`);
    return text.replace(PLACEHOLDER, (_, name: string) => {
      const v = vars[name] ?? this.contacts[name];
      if (v === undefined) throw new Error(`reply "${key}" needs a value for {${name}}`);
      return String(v);
    });
  }

  /**
   * The replies whose keys start with a prefix, contacts filled and other {placeholders} left for the
   * page that shows them to fill.
   */
  templates(prefix: string): Record<string, string> {
    return Object.fromEntries(
      Object.entries(this.texts)
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, text]) => [key, fillContacts(text, this.contacts)]),
    );
  }

  has(key: string): boolean {
    return key in this.texts;
  }

  keys(): string[] {
    return Object.keys(this.texts);
  }
}

/** Fills {phone}, {email}... from the contacts and leaves any other placeholder as it is. */
export function fillContacts(text: string, contacts: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => contacts[name] ?? whole);
}
