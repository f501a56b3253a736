// Every sentence the bot says lives in content/replies.yaml; code asks for it by key.
export type ReplyVars = Record<string, string | number>;

export class Replies {
  constructor(private readonly texts: Readonly<Record<string, string>>) {}

  /** The reply for a key, with {placeholders} filled; a missing key or value is a programming error. */
  t(key: string, vars: ReplyVars = {}): string {
    const text = this.texts[key];
    if (text === undefined) throw new Error(`unknown reply key "${key}"`);
    return text.replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = vars[name];
      if (v === undefined) throw new Error(`reply "${key}" needs a value for {${name}}`);
      return String(v);
    });
  }

  has(key: string): boolean {
    return key in this.texts;
  }

  keys(): string[] {
    return Object.keys(this.texts);
  }
}
