// Reads and checks the knowledge content; refuses bad content with the file and field at fault.
import { describeIssue } from '../lib/zodIssues.js';
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { CONTENT_DIR } from '../lib/paths.js';
import {
  ExamplesFileSchema,
  FaqFileSchema,
  GlossarySchema,
  LexiconSchema,
  RepliesSchema,
  SourcesFileSchema,
  type FaqEntry,
  type Glossary,
  type Lexicon,
  type Source,
} from './schema.js';
import { fillContacts, Replies } from './replies.js';
import { Language } from './language/language.js';
import { LanguageFileSchema } from './language/schema.js';

export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Knowledge content is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ContentError';
  }
}

export interface KnowledgeContent {
  readonly entries: readonly FaqEntry[];
  readonly byId: ReadonlyMap<string, FaqEntry>;
  readonly lexicon: Lexicon;
  readonly replies: Replies;
  readonly language: Language;
  /** the pages answers rest on, by id (sources.yaml) */
  readonly sources: ReadonlyMap<string, Source>;
  /** jargon and its plain explanations (glossary.yaml) */
  readonly glossary: Glossary;
}

function describePath(data: unknown, issuePath: readonly PropertyKey[]): string {
  // Name entries by id where possible: "entries[12] (locked-out).phrasings".
  let out = '';
  let node: unknown = data;
  for (const key of issuePath) {
    if (typeof key === 'number') {
      node = Array.isArray(node) ? node[key] : undefined;
      const entryId = node && typeof node === 'object' && 'id' in node ? (node as { id: unknown }).id : undefined;
      out += `[${key}]${typeof entryId === 'string' ? ` (${entryId})` : ''}`;
    } else {
      node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
      out += `${out ? '.' : ''}${String(key)}`;
    }
  }
  return out || '(top level)';
}

/** Parses one YAML file against a schema; problems are collected, never thrown one by one. */
export function readYaml<S extends z.ZodType>(file: string, schema: S, problems: string[]): z.infer<S> | undefined {
  const rel = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    problems.push(`${rel}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    for (const e of doc.errors) problems.push(`${rel}: YAML error: ${e.message.split('\n')[0]}`);
    return undefined;
  }
  const data: unknown = doc.toJS();
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${rel}: ${describePath(data, issue.path)}: ${describeIssue(issue)}`);
    }
    return undefined;
  }
  return parsed.data;
}

/** An entry with {phone}, {email}... filled from the replies' contacts; any other placeholder is a content problem. */
function withContacts(entry: FaqEntry, contacts: Readonly<Record<string, string>>, file: string, problems: string[]): FaqEntry {
  const fill = (field: string, text: string) => {
    for (const [, name] of text.matchAll(/\{(\w+)\}/g)) {
      if (!(name! in contacts)) problems.push(`faq/${file}: entries (${entry.id}).${field}: unknown placeholder {${name}}`);
    }
    return fillContacts(text, contacts);
  };
  return {
    ...entry,
    title: fill('title', entry.title),
    question: fill('question', entry.question),
    phrasings: entry.phrasings.map((p) => fill('phrasings', p)),
    answer: fill('answer', entry.answer),
    ...(entry.more === undefined ? {} : { more: fill('more', entry.more) }),
    keywords: entry.keywords.map((k) => fill('keywords', k)),
  };
}

/** A question as examples.yaml's checks compare it: case and runs of spaces aside. */
const questionKey = (q: string) => q.toLowerCase().replace(/\s+/g, ' ');

/**
 * The questions of examples.yaml by the entry that answers them: an unknown entry (`entries`: every entry's file, when
 * all were read), or a question given twice, is a problem (a question labelled two ways would teach the model both).
 */
function askedOf(file: z.infer<typeof ExamplesFileSchema> | undefined, entries: ReadonlyMap<string, string> | undefined, problems: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const seen = new Map<string, number>();
  for (const [i, { q, entry }] of (file?.examples ?? []).entries()) {
    const key = questionKey(q);
    const first = seen.get(key);
    if (first !== undefined) problems.push(`examples.yaml: examples[${i}].q: the same question as examples[${first}]`);
    else seen.set(key, i);
    // (with an FAQ file unreadable, its entries' examples would all look unknown: see loadKnowledge)
    if (entries && !entries.has(entry)) problems.push(`examples.yaml: examples[${i}].entry: unknown id "${entry}"`);
    else if (out.has(entry)) out.get(entry)?.push(q);
    else out.set(entry, [q]);
  }
  return out;
}

/**
 * The questions of examples.yaml about something else than NHSmail: one given twice, or also labelled with an entry, is
 * a problem (it would teach the model both).
 */
function offTopicOf(file: z.infer<typeof ExamplesFileSchema> | undefined, problems: string[]): string[] {
  const labelled = new Map((file?.examples ?? []).map(({ q }, i) => [questionKey(q), i]));
  const seen = new Map<string, number>();
  for (const [i, q] of (file?.offTopic ?? []).entries()) {
    const key = questionKey(q);
    const first = seen.get(key);
    if (first !== undefined) problems.push(`examples.yaml: offTopic[${i}]: the same question as offTopic[${first}]`);
    else seen.set(key, i);
    const entry = labelled.get(key);
    if (entry !== undefined) problems.push(`examples.yaml: offTopic[${i}]: the same question as examples[${entry}]`);
  }
  return file?.offTopic ?? [];
}

/** Loads FAQ entries, the search lexicon and the reply texts from a content folder. */
export function loadKnowledge(dir: string = CONTENT_DIR): KnowledgeContent {
  const problems: string[] = [];
  const faqDir = path.join(dir, 'faq');
  let faqFiles: string[] = [];
  try {
    faqFiles = fs.readdirSync(faqDir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    problems.push(`${faqDir}: folder missing`);
  }
  if (!faqFiles.length && !problems.length) problems.push(`${faqDir}: no .yaml files`);

  const entries: FaqEntry[] = [];
  const origin = new Map<string, string>();
  for (const f of faqFiles) {
    const parsed = readYaml(path.join(faqDir, f), FaqFileSchema, problems);
    for (const entry of parsed?.entries ?? []) {
      const seen = origin.get(entry.id);
      if (seen) problems.push(`faq/${f}: entries (${entry.id}).id: duplicate id, also in faq/${seen}`);
      else origin.set(entry.id, f);
      entries.push(entry);
    }
  }
  // With a file unreadable, links into it would all look broken: report only the file itself.
  const allFilesRead = !problems.length;
  for (const e of allFilesRead ? entries : []) {
    if (e.fallback === e.id) problems.push(`faq/${origin.get(e.id)}: entries (${e.id}).fallback: refers to itself`);
    else if (e.fallback && !origin.has(e.fallback)) problems.push(`faq/${origin.get(e.id)}: entries (${e.id}).fallback: unknown id "${e.fallback}"`);
    for (const r of e.related) {
      if (r === e.id) problems.push(`faq/${origin.get(e.id)}: entries (${e.id}).related: refers to itself`);
      else if (!origin.has(r)) problems.push(`faq/${origin.get(e.id)}: entries (${e.id}).related: unknown id "${r}"`);
    }
  }

  const sourcesFile = readYaml(path.join(dir, 'sources.yaml'), SourcesFileSchema, problems);
  const sources = new Map<string, Source>();
  for (const s of sourcesFile?.sources ?? []) {
    if (sources.has(s.id)) problems.push(`sources.yaml: sources (${s.id}).id: duplicate id`);
    sources.set(s.id, s);
  }
  for (const e of sourcesFile && allFilesRead ? entries : []) {
    const at = `faq/${origin.get(e.id)}: entries (${e.id})`;
    if (!sources.has(e.source)) problems.push(`${at}.source: unknown source "${e.source}" (not in sources.yaml)`);
    e.evidence.forEach((ev, i) => {
      if (typeof ev !== 'string' && !sources.has(ev.source)) {
        problems.push(`${at}.evidence[${i}].source: unknown source "${ev.source}" (not in sources.yaml)`);
      }
    });
  }
  const glossary = readYaml(path.join(dir, 'glossary.yaml'), GlossarySchema, problems);
  const examples = readYaml(path.join(dir, 'examples.yaml'), ExamplesFileSchema, problems);
  const asked = askedOf(examples, allFilesRead ? origin : undefined, problems);
  const offTopicAsked = offTopicOf(examples, problems);

  const lexicon = readYaml(path.join(dir, 'lexicon.yaml'), LexiconSchema, problems);
  const repliesFile = readYaml(path.join(dir, 'replies.yaml'), RepliesSchema, problems);
  const language = readYaml(path.join(dir, 'language.yaml'), LanguageFileSchema, problems);
  const replies = repliesFile && new Replies(repliesFile.replies);
  const filled = replies ? entries.map((e) => ({ ...withContacts(e, replies.contacts, origin.get(e.id) ?? '', problems), asked: asked.get(e.id) ?? [] })) : [];
  for (const [name, intent] of Object.entries(lexicon && allFilesRead ? lexicon.intents : {})) {
    if (intent.general && !origin.has(intent.general)) problems.push(`lexicon.yaml: intents (${name}).general: unknown id "${intent.general}"`);
  }
  for (const id of lexicon && allFilesRead ? lexicon.vagueTrouble.offer : []) if (!origin.has(id)) problems.push(`lexicon.yaml: vagueTrouble.offer: unknown id "${id}"`);
  const anchorWords = new Set(lexicon?.anchorWords ?? []);
  for (const w of lexicon?.ownAnchors ?? []) if (!anchorWords.has(w)) problems.push(`lexicon.yaml: ownAnchors: "${w}" is not one of the anchorWords`);
  for (const [i, gap] of (lexicon?.gaps ?? []).entries()) {
    if (repliesFile && !(gap.reply in repliesFile.replies)) problems.push(`lexicon.yaml: gaps[${i}].reply: unknown reply "${gap.reply}" (not in replies.yaml)`);
  }
  if (problems.length || !lexicon || !replies || !language || !glossary) throw new ContentError(problems);

  return Object.freeze({
    entries: Object.freeze(filled),
    byId: new Map(filled.map((e) => [e.id, e])),
    lexicon: { ...withPlaces(lexicon, dir, problems), offTopicAsked },
    replies,
    language: new Language(language),
    sources,
    glossary,
  });
}

/** The words the code matches (content/language.yaml) on their own, without the FAQ. */
export function loadLanguage(dir: string = CONTENT_DIR): Language {
  const problems: string[] = [];
  const file = readYaml(path.join(dir, 'language.yaml'), LanguageFileSchema, problems);
  if (!file) throw new ContentError(problems);
  return new Language(file);
}

/** The reply texts (content/replies.yaml) on their own, without the FAQ. */
export function loadReplies(dir: string = CONTENT_DIR): Replies {
  const problems: string[] = [];
  const file = readYaml(path.join(dir, 'replies.yaml'), RepliesSchema, problems);
  if (!file) throw new ContentError(problems);
  return new Replies(file.replies);
}

let cachedReplies: Replies | undefined;
/** The shipped reply texts, read once on first use: for code with no content of its own to hand (the HTTP error catalogue). */
export function defaultReplies(): Replies {
  cachedReplies ??= loadReplies();
  return cachedReplies;
}

let cachedLanguage: Language | undefined;
/** The shipped words, read once on first use: what pure functions match with unless given others. */
export function defaultLanguage(): Language {
  cachedLanguage ??= loadLanguage();
  return cachedLanguage;
}

/** The parts of eligibility.yaml that name places: the nations' own words and the towns and counties in each. */
const PlacesSchema = z
  .object({
    vocabulary: z.object({ country: z.record(z.string(), z.array(z.string().min(1))).default({}) }).passthrough().optional(),
    places: z.record(z.string(), z.array(z.string().min(1))).default({}),
  })
  .passthrough();

/**
 * Where someone is, like who and when, is context and not what they ask ("we're a dental practice in wales, how do we
 * register"): the places eligibility.yaml knows (it reads the nation from them) are the lexicon's places, read as who
 * and when are even inside the question asked: an entry that does not name the place is judged on the rest of the
 * question, and one that does (Scotland's) is credited as usual. A content folder without eligibility.yaml (some tests') adds none.
 */
function withPlaces(lexicon: Lexicon, dir: string, problems: string[]): Lexicon {
  const file = path.join(dir, 'eligibility.yaml');
  if (!fs.existsSync(file)) return lexicon;
  const read = readYaml(file, PlacesSchema, problems);
  if (!read) throw new ContentError(problems);
  const places = [...Object.values(read.vocabulary?.country ?? {}), ...Object.values(read.places)].flat();
  return { ...lexicon, places: [...new Set([...lexicon.places, ...places])] };
}
