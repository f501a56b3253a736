// The one place text is split into words: plain words for search and commands, folded words in clauses for reading facts.

/**
 * "and" as text-speak types it: "&" or "+" standing alone between words ("mfa & passwords"), and a message opening with
 * "n", "&" or "+" before more words ("n after that?", "& how long"), and "n" between two words ("terms n conditions", "whats
 * nhsmail n who uses it"). A lone "n" stays itself (it is "no"), and "n ireland" is Northern Ireland; "a & e" stays.
 */
export function spellAnd(text: string): string {
  if (!/[&+]|(?:^|\s)n\s/i.test(text)) return text;
  return text
    .replace(/^\s*(?:n|&|\+)\s+(?!ireland\b)(?=[a-z0-9'’])/i, 'and ')
    .replace(/(?<=\S\S\s+)[&+](?=\s)/g, 'and')
    .replace(/(?<=[a-z0-9]{2}\s+)n(?=\s+(?!ireland\b)[a-z0-9'’])/gi, 'and');
}

/**
 * "I'd" as "I would": with its apostrophe dropped it would be "id", the word for an ODS or CQC ID ("I'd like to explain
 * our situation" asked about IDs). Typed without the apostrophe, "id" stays as typed.
 */
function spellId(text: string): string {
  return /\bi['’‘`]d\b/i.test(text) ? text.replace(/\b(i)['’‘`]d\b/gi, '$1 would') : text;
}

const SIZE = /(\d)([gmkt]b)\b/gi;

/** A size typed as one word ("50gb", "4GB") as the figure and its unit, as the knowledge base writes them ("50 GB"). */
function splitSizes(text: string): string {
  return /\d[gmkt]b/i.test(text) ? text.replace(SIZE, '$1 $2') : text;
}

/**
 * Splits text into lower-case words; punctuation, control characters and apostrophes go ("what's" -> "whats"); "&" or
 * "n" typed for "and" is "and" (`spellAnd`); "I'd" is "i would" (`spellId`); "50gb" is "50 gb".
 */
export function tokenize(text: string): readonly string[] {
  return splitSizes(spellId(spellAnd(text)).normalize('NFKC').toLowerCase())
    .replace(/['’‘`]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * The words as `tokenize` splits them with their case kept, each with whether it opens a sentence (first, or after
 * ".", "!" or "?"): "Mary" in "our carer Mary has left" is a name, "Please" in "Please help" only the first word.
 */
export function casedWords(text: string): { word: string; opens: boolean }[] {
  const out: { word: string; opens: boolean }[] = [];
  let opens = true;
  for (const [piece] of splitSizes(spellId(spellAnd(text)).normalize('NFKC').replace(/['’‘`]/g, '')).matchAll(/[A-Za-z0-9]+|[.!?]/g)) {
    if (/^[.!?]$/.test(piece)) opens = true;
    else {
      out.push({ word: piece, opens });
      opens = false;
    }
  }
  return out;
}

/** Marks a clause boundary inside a token list, so "no" in one clause never negates the next. */
export const BREAK = '|';

const CONTRACTIONS: readonly [RegExp, string][] = [
  [/\b(can)'?t\b/g, 'can not'],
  [/\bwon'?t\b/g, 'will not'],
  [/\bain'?t\b/g, 'is not'],
  [/\b(do|does|did|have|has|had|are|is|was|were|should|would|could)n'?t\b/g, '$1 not'],
  [/'re\b/g, ' are'],
  [/'ve\b/g, ' have'],
  [/'m\b/g, ' am'],
  [/'ll\b/g, ' will'],
  [/'d\b/g, ' would'],
  [/'s\b/g, ''],
];

/** Folds a word to a shared form: lower case, plural "s"/"ies" dropped, so "homes" matches "home". */
function fold(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(ch|sh|x|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

export interface Tokens {
  /** folded words, with BREAK between clauses */
  readonly words: readonly string[];
  /** the words as typed (lower case), aligned with `words` */
  readonly raw: readonly string[];
}

/** Splits text into folded words; contractions are expanded ("don't" -> "do not") and "nhs.net" is one word. */
export function clauseTokens(text: string): Tokens {
  // Most messages are plain ASCII with no apostrophe: they skip the Unicode folding and the contraction rules.
  let t = spellAnd(/^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFKC')).toLowerCase().replace(/[’‘`]/g, "'");
  if (t.includes('nhs')) t = t.replace(/\bnhs\s*\.?\s*net\b/g, ' nhsmail ').replace(/\bnhs\s+mail\b/g, ' nhsmail ');
  if (t.includes("'") || t.includes('nt')) for (const [re, to] of CONTRACTIONS) t = t.replace(re, to);
  t = t.replace(/[.,;:!?()\n]+/g, ` ${BREAK} `).replace(/\bbut\b/g, ` ${BREAK} `);
  const raw = t.split(/[^a-z0-9|]+/).filter(Boolean);
  return { words: raw.map((w) => (w === BREAK ? BREAK : fold(w))), raw };
}

/** A phrase as folded words, for matching against `clauseTokens` output. */
export function phraseWords(phrase: string): string[] {
  return clauseTokens(phrase).words.filter((w) => w !== BREAK);
}

/** True when the words hold the phrase, its words side by side. */
export function holdsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  for (let i = 0; i + phrase.length <= words.length; i++) if (standsAt(words, i, phrase)) return true;
  return false;
}

/** True when the phrase's words stand in the words from `at` on, word for word (a plain loop: it runs for every word of every message). */
export function standsAt(words: readonly string[], at: number, phrase: readonly string[]): boolean {
  if (at + phrase.length > words.length) return false;
  for (let k = 0; k < phrase.length; k++) if (words[at + k] !== phrase[k]) return false;
  return true;
}
