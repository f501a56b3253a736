// Removes personal details and anything like a secret from free text before it is stored, logged or sent.

export interface Redaction {
  readonly text: string;
  /** kinds of thing removed, e.g. ["email", "secret"] */
  readonly removed: readonly string[];
}

const SECRET_WORDS = String.raw`pass ?words?|passwd|pwd|pw|pass ?codes?|pin|security (?:answers?|questions?)|memorable (?:word|answer)|mfa code|verification code|auth(?:entication)? code|one[- ]time (?:code|passcode|password)|otp`;
const CLAUSE_END = String.raw`and|but|so|or|please|thanks|thank`;
/** words that describe a password rather than being one: "my password is wrong" */
const NOT_A_SECRET = String.raw`wrong|expired|incorrect|not|locked|reset|changed|working|broken|invalid|doesnt|isnt|wont|has|have|had|too|the same|different`;

const RULES: readonly [kind: string, pattern: RegExp, replacement: string][] = [
  // "password is X", "pw: X", "security answer was Rover": up to four words after the separator
  [
    'secret',
    new RegExp(
      String.raw`\b(${SECRET_WORDS})\b(\s*(?:is|was|=|:|'s)\s*)(?!(?:${NOT_A_SECRET})\b)([^\s'’]\S*(?:\s+(?!(?:${CLAUSE_END})\b)\S+){0,3})`,
      'gi',
    ),
    '$1$2[removed]',
  ],
  // "my pw abc123", "mfa code 123456": with no separator, only a token holding a digit
  ['secret', new RegExp(String.raw`\b(${SECRET_WORDS})\b(\s+)(\S*\d\S*)`, 'gi'), '$1$2[removed]'],
  ['email', /\b[\w.+'-]+@[\w-]+(?:\.[\w-]+)+\b/g, '[email]'],
  // UK phone numbers in their usual forms (+44 7700 900123, 07700900123, 0333 200 1133)
  ['phone', /(?:\+\s?44\s?\(?0?\)?|\(?\b0)(?:[\s\-)]{0,2}\d){9,10}\b/g, '[phone]'],
  // NHS numbers and other long digit runs
  ['number', /\b\d(?:[\s-]?\d){8,}\b/g, '[number]'],
  ['postcode', /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi, '[postcode]'],
  // "my name is Jane Smith", "I'm Jane Smith", "this is Jane"
  ['name', /\b([Mm]y name is|[Mm]y name's|[Ii] am|[Ii]'m|[Ii]m|[Tt]his is|[Cc]alled|[Nn]ame:)\s+((?:[A-Z][a-z'’-]+)(?:\s+[A-Z][a-z'’-]+){0,2})/g, '$1 [name]'],
  // A standalone token mixing letters, digits and symbols looks like a password someone pasted.
  // Ticket references (NHSM-000123) and web addresses are not secrets.
  ['secret', /(?<![\w@:/.])(?!NHSM[\s-]?\d+\b)(?!https?:\/\/)(?=\S*[A-Za-z])(?=\S*\d)(?=\S*[^\w\s])[^\s]{8,64}(?![\w@])/gi, '[removed]'],
];

/** Redacts emails, phone numbers, long numbers, postcodes, introduced names and secrets. */
export function redact(input: string): Redaction {
  let text = input;
  const removed = new Set<string>();
  for (const [kind, pattern, replacement] of RULES) {
    text = text.replace(pattern, (...args: unknown[]) => {
      const match = String(args[0]);
      if (match.includes('[removed]') || match.includes('[email]')) return match;
      removed.add(kind);
      return match.replace(new RegExp(pattern.source, pattern.flags.replace('g', '')), replacement);
    });
  }
  return { text, removed: [...removed] };
}

/** True when the text seems to contain a password, security answer or one-time code. */
export function containsSecret(input: string): boolean {
  return redact(input).removed.includes('secret');
}
