// One typed message as every reader sees it: split and normalised once per turn, on first use, then shared.
import { clauseTokens, tokenize, type Tokens } from './tokenize.js';

/** Longest text read for facts; longer messages are refused before they are routed. */
const MAX_READ = 2000;

export class Message {
  /** the text as typed, trimmed */
  readonly text: string;
  private plain?: readonly string[];
  private tokens?: Tokens;
  private folded?: string;

  constructor(private readonly typed: string) {
    this.text = typed.trim();
  }

  /** A message from text, or the message already made from it. */
  static of(input: string | Message): Message {
    return typeof input === 'string' ? new Message(input) : input;
  }

  /** Plain lower-case words, apostrophes dropped ("what's" -> "whats"): for search, commands and question openings. */
  get words(): readonly string[] {
    this.plain ??= tokenize(this.text);
    return this.plain;
  }

  /** Folded words in clauses, contractions expanded ("can't" -> "can not"): for reading facts and clause questions. */
  get clauses(): Tokens {
    this.tokens ??= clauseTokens(this.text.slice(0, MAX_READ));
    return this.tokens;
  }

  /** Lower case, one space between words, no closing full stop or exclamation mark: for matching whole answers. */
  get lower(): string {
    this.folded ??= normalise(this.typed);
    return this.folded;
  }
}

/** Lower case, curly apostrophes straight, no closing "." or "!", single spaces. */
export function normalise(text: string): string {
  return text.toLowerCase().replace(/[’]/g, "'").replace(/[.!]+$/, '').replace(/\s+/g, ' ').trim();
}
