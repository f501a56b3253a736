// The editors' checks on the knowledge base (kb:check): reading grade, claims backed by their sources, jargon, staleness.
import fs from 'node:fs';
import path from 'node:path';
import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';
import { knownAbbreviations } from './glossary.js';
import type { Language } from './language/language.js';
import type { Evidence, FaqEntry, Glossary, Lexicon, Source } from './schema.js';
import { TextAnalyzer } from './text.js';

/** House limits, documented in the README: the short answer must read easily, the details a little less so. */
export const LIMITS = {
  answerGrade: 8,
  moreGrade: 10,
  answerSentences: 3,
  reviewAfterDays: 365,
} as const;

export type Level = 'fail' | 'warn';
export type CheckName = 'grade' | 'sentences' | 'evidence' | 'figure' | 'jargon' | 'support' | 'wording';
export interface Finding {
  readonly level: Level;
  readonly check: CheckName;
  readonly entryId: string;
  readonly message: string;
}

export interface GradeRow {
  readonly entryId: string;
  readonly part: 'answer' | 'more';
  readonly grade: number;
  readonly limit: number;
  readonly words: number;
  readonly sentences: number;
}

/** What the checks need: the content as loaded, and each source's text by source id. */
export interface CheckInput {
  readonly entries: readonly FaqEntry[];
  readonly sources: ReadonlyMap<string, Source>;
  readonly glossary: Glossary;
  readonly language: Language;
  /** the search's lexicon: example wordings are compared as the search reads them */
  readonly lexicon: Lexicon;
  /** the replies' contact details ({phone}, {email}): vetted once in replies.yaml, so not a figure to back */
  readonly contacts: Readonly<Record<string, string>>;
  readonly texts: ReadonlyMap<string, string>;
}

/** Reads every source's text file from a folder (knowledge/sources); a missing file is reported, not thrown. */
export function readSourceTexts(sources: ReadonlyMap<string, Source>, dir: string): { texts: Map<string, string>; problems: string[] } {
  const texts = new Map<string, string>();
  const problems: string[] = [];
  for (const s of sources.values()) {
    try {
      texts.set(s.id, fs.readFileSync(path.join(dir, s.text), 'utf8'));
    } catch {
      problems.push(`sources.yaml: sources (${s.id}).text: no file ${s.text} in ${path.relative(process.cwd(), dir) || dir}`);
    }
  }
  return { texts, problems };
}

/** Lower case, one space, straight quotes and hyphens: quotes are compared case- and whitespace-insensitively. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u2032]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const URL = /\bhttps?:\/\/[^\s)]+|\bwww\.[^\s)]+|\b[a-z][\w-]*(?:\.[\w-]+)*\.(?:nhs\.net|nhs\.uk|org\.uk|gov\.uk|co\.uk|com|info)\b(?:\/[^\s)]*)?/gi;

/** Markdown reduced to prose: links to their words, no emphasis, each heading, list item or line a sentence of its own. */
export function plainText(markdown: string): string {
  const units: string[] = [];
  const block = /^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*)/;
  for (const paragraph of markdown.split(/\n\s*\n/)) {
    let current: string | undefined;
    for (const line of paragraph.split('\n')) {
      if (!line.trim()) continue;
      // a heading or list item starts a unit of its own; a wrapped line carries on the one before it
      if (block.test(line) || current === undefined) {
        if (current !== undefined) units.push(current);
        current = line.replace(block, '').trim();
      } else current += ` ${line.trim()}`;
    }
    if (current !== undefined) units.push(current);
  }
  return units
    .map((u) => u.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/[*_`]+/g, '').trim())
    .filter(Boolean)
    .map((u) => u.replace(/[:;,]$/, '').replace(/([^.!?])$/, '$1.'))
    .join(' ');
}

export interface ReadingCounts {
  readonly words: number;
  readonly sentences: number;
  readonly syllables: number;
  readonly grade: number;
}

/**
 * Flesch-Kincaid grade of a text. Names and codes (NHSmail, DSPT, an email address, a number, a glossary term's
 * abbreviation) count as one short word: a reader takes them in at a glance, and syllable counters spell them out.
 */
export function readingGrade(markdown: string, glossary: Glossary): ReadingCounts {
  const names = new Set([...glossary.plain, ...glossary.terms.flatMap((t) => t.marks.filter((m) => !/\s/.test(m)))]);
  let text = plainText(markdown)
    .replace(EMAIL, 'x')
    .replace(URL, 'x')
    .replace(/\b(?:e\.g|i\.e|etc)\./gi, 'x');
  // a glossary term of several words ("Local Administrator") is one name, read as one word
  for (const phrase of phrasesOf(glossary)) text = text.replace(phrase, 'x');
  const sentences = text.split(/(?<=[.!?])\s+/).filter((s) => /[a-z0-9]/i.test(s)).length;
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.&/-]*/gu) ?? [];
  let syllables = 0;
  for (const raw of words) {
    const w = raw.replace(/[.'’]+$/, '');
    const isName = names.has(w) || /^[A-Z0-9]{2,}s?$/.test(w) || /\d/.test(w) || /^NHS/.test(w);
    syllables += isName ? 1 : Math.max(1, syllable(w));
  }
  const counts = { sentence: Math.max(1, sentences), word: Math.max(1, words.length), syllable: Math.max(1, syllables) };
  return { words: words.length, sentences: sentences, syllables, grade: Math.round(fleschKincaid(counts) * 10) / 10 };
}

const phraseCache = new WeakMap<Glossary, RegExp[]>();
function phrasesOf(glossary: Glossary): RegExp[] {
  let list = phraseCache.get(glossary);
  if (!list) {
    const phrases = glossary.terms.flatMap((t) => t.marks.filter((m) => /\s/.test(m))).sort((a, b) => b.length - a.length);
    list = phrases.map((m) => new RegExp(`(?<![\\w-])${m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'gi'));
    phraseCache.set(glossary, list);
  }
  return list;
}

/** The sentences of a short answer, as a reader counts them. */
export function sentenceCount(markdown: string): number {
  return readingGrade(markdown, { version: 1, terms: [], plain: [] }).sentences;
}

const MONTHS = '(?:january|february|march|april|may|june|july|august|september|october|november|december)';
const FIGURES: readonly RegExp[] = [
  EMAIL,
  URL,
  /\b0\d{2,4}(?: ?\d{3,4}){2}\b/g,
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)? ${MONTHS} \\d{4}\\b`, 'gi'),
  new RegExp(`\\b${MONTHS} \\d{4}\\b`, 'gi'),
  /\b\d+(?:\.\d+)? ?(?:GB|MB|TB)\b/gi,
  /\b\d+(?:\.\d+)?%/g,
  /\b\d+ (?:working |calendar )?(?:days?|weeks?|months?|years?|hours?|minutes?)\b/gi,
  /\b\d[\d,.]*\b/g,
];

/** The figures a text states: addresses, phone numbers, dates, sizes, percentages, durations, numbers. */
export function figuresIn(text: string): string[] {
  let rest = text.replace(/\[([^\]]+)\]\(([^)]*)\)/g, '$1 $2');
  const out: string[] = [];
  for (const pattern of FIGURES) {
    rest = rest.replace(pattern, (m) => {
      out.push(m.replace(/[.,]+$/, ''));
      return ' ';
    });
  }
  return out.filter((f) => f.length > 0);
}

/** Whether a figure is stated in a text: "10" also matches "ten", "30 days" also "thirty days". */
function figureFound(figure: string, haystack: string, language: Language): boolean {
  const f = normalise(figure);
  const escaped = f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`(?<![\\w])${escaped}(?![\\w])`).test(haystack)) return true;
  const lead = /^(\d+)(.*)$/.exec(f);
  if (!lead) return false;
  const word = language.numberWord(Number(lead[1]));
  if (!word) return false;
  const inWords = `${word}${lead[2]}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w])${inWords}(?![\\w])`).test(haystack);
}


/** Abbreviations (two or more capitals) a text uses, in order of first use, with whether that first use spells it out. */
export function abbreviationsIn(text: string): { abbr: string; spelt: boolean }[] {
  const plain = text.replace(EMAIL, ' ').replace(URL, ' ').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
  const seen = new Map<string, boolean>();
  for (const m of plain.matchAll(/(?<![\w@.])([A-Z]{2,})(s?)(?![\w@])/g)) {
    const abbr = m[1]!;
    if (seen.has(abbr)) continue;
    const before = plain.slice(0, m.index);
    const after = plain.slice(m.index + m[0].length);
    // "integrated care board (ICB)" or "ICB (integrated care board)"
    seen.set(abbr, (/\w\s*\($/.test(before) && /^\)/.test(after)) || /^\s*\([a-z]/i.test(after));
  }
  return [...seen].map(([abbr, spelt]) => ({ abbr, spelt }));
}

/** The text an evidence item quotes and the source it names. */
function evidenceOf(entry: FaqEntry, ev: Evidence): { source: string; quote: string } {
  return typeof ev === 'string' ? { source: entry.source, quote: ev } : ev;
}

export interface CheckReport {
  readonly grades: GradeRow[];
  readonly findings: Finding[];
  readonly staleSources: Source[];
  readonly staleEntries: FaqEntry[];
}

/**
 * Example wordings (an entry's question and phrasings) the search cannot learn from: one it reads as no words at all
 * ("take it with me" is all stop words), or as the very words of another entry's wording ("when will we get our login
 * details" on two entries), which teaches the ranking both entries for the same question.
 */
export function wordingClashes(entries: readonly FaqEntry[], lexicon: Lexicon): Finding[] {
  const analyzer = new TextAnalyzer(lexicon);
  const findings: Finding[] = [];
  const seen = new Map<string, { entryId: string; text: string }>();
  for (const entry of entries) {
    const own = new Set<string>();
    for (const text of [entry.question, ...entry.phrasings]) {
      const terms = [...new Set(analyzer.analyze(text).terms)].sort();
      if (!terms.length) {
        findings.push({ level: 'fail', check: 'wording', entryId: entry.id, message: `"${text}" has no word the search reads (all stop words)` });
        continue;
      }
      const key = terms.join(' ');
      const other = seen.get(key);
      if (other && other.entryId !== entry.id && !own.has(key)) {
        findings.push({
          level: 'fail',
          check: 'wording',
          entryId: entry.id,
          message: `"${text}" reads as the same words (${key}) as "${other.text}" of ${other.entryId}: the search cannot tell them apart`,
        });
      }
      own.add(key);
      if (!other) seen.set(key, { entryId: entry.id, text });
    }
  }
  return findings;
}

/** Runs every check on every entry; `now` decides what is stale. */
export function checkKnowledge(input: CheckInput, now: Date = new Date()): CheckReport {
  const grades: GradeRow[] = [];
  const findings: Finding[] = [];
  const known = knownAbbreviations(input.glossary);
  const contacts = new Set(Object.values(input.contacts).map(normalise));
  for (const entry of input.entries) {
    const add = (level: Level, check: CheckName, message: string) => findings.push({ level, check, entryId: entry.id, message });
    const parts: ['answer' | 'more', string, number][] = [['answer', entry.answer, LIMITS.answerGrade]];
    if (entry.more) parts.push(['more', entry.more, LIMITS.moreGrade]);

    for (const [part, text, limit] of parts) {
      const r = readingGrade(text, input.glossary);
      grades.push({ entryId: entry.id, part, grade: r.grade, limit, words: r.words, sentences: r.sentences });
      if (r.grade > limit) add('fail', 'grade', `${part}: reading grade ${r.grade} is above the limit of ${limit}`);
      for (const { abbr, spelt } of abbreviationsIn(text)) {
        if (!spelt && !known.has(abbr)) {
          add('fail', 'jargon', `${part}: "${abbr}" is neither spelt out on first use nor in glossary.yaml (for "What does this mean?")`);
        }
      }
    }
    const sentences = sentenceCount(entry.answer);
    if (sentences > LIMITS.answerSentences) {
      add('fail', 'sentences', `answer: ${sentences} sentences; the short answer has at most ${LIMITS.answerSentences} (details go in more)`);
    }

    const quotes = entry.evidence.map((ev) => evidenceOf(entry, ev));
    for (const [i, { source, quote }] of quotes.entries()) {
      const text = input.texts.get(source);
      if (text === undefined) add('fail', 'evidence', `evidence[${i}]: no text for source ${source}`);
      else if (!normalise(text).includes(normalise(quote))) {
        add('fail', 'evidence', `evidence[${i}]: quote not found in ${source}: "${quote.slice(0, 60)}${quote.length > 60 ? '…' : ''}"`);
      }
    }
    const haystack = normalise([...quotes.map((q) => q.quote), input.texts.get(entry.source) ?? ''].join('\n'));
    for (const [part, text] of parts) {
      const missing = new Set(figuresIn(text).filter((f) => !contacts.has(normalise(f)) && !figureFound(f, haystack, input.language)));
      for (const f of missing) add('fail', 'figure', `${part}: "${f}" is in neither the evidence nor the source ${entry.source}`);
    }
    if (entry.evidence.length < sentences) {
      add('warn', 'support', `${entry.evidence.length} evidence quote(s) for ${sentences} answer sentences`);
    }
  }
  findings.push(...wordingClashes(input.entries, input.lexicon));
  grades.sort((a, b) => b.grade - a.grade);
  const today = now.toISOString().slice(0, 10);
  const staleSources = [...input.sources.values()].filter((s) => s.reviewBy < today);
  const staleEntries = input.entries.filter((e) => (now.getTime() - Date.parse(e.reviewed)) / 86_400_000 > LIMITS.reviewAfterDays);
  return { grades, findings, staleSources, staleEntries };
}
