// The shape of every content file under knowledge/content, checked with zod when loaded.
import { z } from 'zod';
import { TICKET_TYPES } from '../helpdesk/vocabulary.js';

export const AUDIENCES = [
  'all',
  'care-provider',
  'dental',
  'pharmacy',
  'optometry',
  'gp-locum',
  'junior-doctor',
  'midwife',
  'nhs-organisation',
  'scotland',
] as const;
export type Audience = (typeof AUDIENCES)[number];

export const SEED_FILE = /^\d{3}_[0-9a-f]{16}\.txt$/;
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case id');
const line = (max: number) =>
  z
    .string()
    .trim()
    .min(2)
    .max(max)
    .refine((s) => !/[\n\r]/.test(s), 'must be one line');

/** A date as a source gives it: a year, a month, a day, or a span of years written 2022/23. */
export const SOURCE_DATE = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?|\/\d{2})?$/;

/** One public page the answers rest on; its text, under knowledge/sources/, is what kb:check checks quotes against. */
export const SourceSchema = z
  .strictObject({
    id: z.union([z.string().regex(SEED_FILE), id], { error: 'expected a seed file name (003_9ae6f10ea5748e71.txt) or a kebab-case id' }),
    title: line(160),
    /** who publishes the page, where the page says; left out rather than guessed */
    publisher: line(100).optional(),
    date: z.string().regex(SOURCE_DATE, 'expected YYYY, YYYY-MM, YYYY-MM-DD or a span of years such as 2022/23').optional(),
    /** what the date is: when the page was published (the default) or when it says it was last reviewed */
    dateKind: z.enum(['published', 'reviewed']).default('published'),
    /** the page shows no date: say so rather than invent one */
    undated: z.literal(true).optional(),
    url: z.url({ protocol: /^https$/, error: 'expected an https address' }).optional(),
    reviewBy: isoDay,
    text: z.string().regex(/^[\w.-]+\.txt$/, 'expected a file name under knowledge/sources/ such as nhsmail-mfa.txt'),
  })
  .refine((s) => (s.date === undefined) !== (s.undated === undefined), {
    error: 'give either a date or undated: true (never both, never neither)',
    path: ['date'],
  });
export type Source = z.infer<typeof SourceSchema>;

export const SourcesFileSchema = z.strictObject({
  version: z.literal(1),
  sources: z.array(SourceSchema).min(1),
});

/** A short verbatim passage backing an answer: a string quotes the entry's own source, an object names another. */
export const EvidenceSchema = z.union([
  z.string().trim().min(8).max(400),
  z.strictObject({ source: z.string().min(1), quote: z.string().trim().min(8).max(400) }),
]);
export type Evidence = z.infer<typeof EvidenceSchema>;

/** Markdown that makes a heading or a list: the short answer is prose, its details go in `more`. */
const BLOCK_MARKDOWN = /^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>)/m;

export const FaqEntrySchema = z.strictObject({
  id,
  title: line(100),
  question: line(200),
  phrasings: z.array(line(200)).min(5, 'needs at least 5 phrasings'),
  /** the short answer, answer first: at most 3 sentences of prose (kb:check counts them) */
  answer: z
    .string()
    .trim()
    .min(20)
    .max(600)
    .refine((s) => !BLOCK_MARKDOWN.test(s), 'the short answer is prose: no headings or lists (put details in more)'),
  /** the details behind the "More" button (markdown allowed) */
  more: z.string().trim().min(20).max(2500).optional(),
  audience: z.array(z.enum(AUDIENCES)).min(1),
  related: z.array(id).max(6).default([]),
  /**
   * the entry that says what to do when this answer's way does not work, or the person lacks what it needs: a
   * follow-up such as "and if that doesn't work?" or "we haven't got one, is there another way?" is answered with it
   */
  fallback: id.optional(),
  helpdesk: z.enum(TICKET_TYPES).nullable().default(null),
  /**
   * the entry gives a way of joining NHSmail, or what joining needs, as the pages for England give it: a question that
   * states another nation (Scotland, Wales, Northern Ireland) gets what applies there instead
   */
  joining: z.literal(true).optional(),
  /**
   * the entry is for organisations whose CQC registration is this (false: the routes for providers not registered):
   * an answer leading the eligibility check must not contradict what the person said of theirs
   */
  cqcRegistered: z.boolean().optional(),
  keywords: z.array(z.string().trim().min(2).max(40)).max(12).default([]),
  /** the id of a source in sources.yaml */
  source: z.string().min(1),
  evidence: z.array(EvidenceSchema).min(1, 'needs at least 1 evidence quote from its source'),
  reviewed: isoDay,
});
export type FaqEntry = z.infer<typeof FaqEntrySchema> & {
  /** questions people asked that this entry answers (examples.yaml, filled in by the loader): the learned model's too */
  readonly asked?: readonly string[];
};

/** Whether an entry is written for everyone: all audiences, or care providers, the people most questions come from. */
export function forEveryone(entry: Pick<FaqEntry, 'audience'>): boolean {
  return entry.audience.some((a) => a === 'all' || a === 'care-provider');
}

/** Jargon and the plain words for it: the answer card's "What does this mean?" button shows these. */
export const GlossarySchema = z.strictObject({
  version: z.literal(1),
  terms: z
    .array(
      z.strictObject({
        term: line(60),
        /** the plain explanation shown to people */
        means: z.string().trim().min(10).max(300),
        /** the words that mark the term in a text (whole words, case as written for abbreviations) */
        marks: z.array(z.string().trim().min(2).max(60)).min(1),
      }),
    )
    .min(1),
  /** abbreviations everyone knows (NHS, GP, IT): never flagged as jargon */
  plain: z.array(z.string().trim().min(2).max(20)).default([]),
});
export type Glossary = z.infer<typeof GlossarySchema>;
export type GlossaryTerm = Glossary['terms'][number];

export const FaqFileSchema = z.strictObject({
  version: z.literal(1),
  entries: z.array(FaqEntrySchema).min(1),
});

/**
 * Questions people asked, each labelled with the entry that answers it, and questions that are not about NHSmail at
 * all: training for the learned model (the second, its class for none of the entries).
 */
export const ExamplesFileSchema = z.strictObject({
  version: z.literal(1),
  examples: z.array(z.strictObject({ q: line(400), entry: id })),
  offTopic: z.array(line(400)).default([]),
});

/** Word lists that tune the search: kept as data so editors can change them. */
export const LexiconSchema = z.strictObject({
  version: z.literal(1),
  stopWords: z.array(z.string().min(1)),
  /** standard English stop words that carry meaning here ("more" than 10, "never" logged in) */
  keepWords: z.array(z.string().min(1)).default([]),
  /** canonical term -> words or phrases people use for it */
  synonyms: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)),
  /** words that mark a question as outside NHSmail (pay, weather, clinical care...) */
  offTopicMarkers: z.array(z.string().min(1)),
  /**
   * Other email providers' own mail, read as off-topic markers: each provider followed by one of `then` ("yahoo
   * says", "icloud email"). Sending to such an address ("to her gmail", "a yahoo address") names no such pair.
   */
  otherMail: z.strictObject({ providers: z.array(z.string().min(1)), then: z.array(z.string().min(1)) }).default({ providers: [], then: [] }),
  /**
   * Whom something was sent to, an off-topic marker named so being no topic of its own ("emailed a client's care plan to
   * the wrong social worker"): one of `verbs`, then within a few words "to", then only `between` words before the marker.
   */
  sentTo: z.strictObject({ verbs: z.array(z.string().min(1)), between: z.array(z.string().min(1)) }).default({ verbs: [], between: [] }),
  /**
   * NHSmail said to work ("my nhsmail is fine"): a clause naming it and ending in one of `words`, with any of `after`
   * ("now", "last month"), is set aside, unless it opens with one of `asks` ("is nhsmail ok") or holds one of `gets`
   * where it says so ("to get nhsmail sorted").
   */
  worksSaid: z
    .strictObject({ words: z.array(z.string().min(1)), after: z.array(z.string().min(1)), asks: z.array(z.string().min(1)), gets: z.array(z.string().min(1)) })
    .default({ words: [], after: [], asks: [], gets: [] }),
  /**
   * Sums ("whats 2 plus 2", "what is seven times eight"): each operator is an off-topic marker only with a number on
   * each side, in digits or one of `numbers`; "plus" also joins two questions ("... plus my mailbox says its full").
   */
  arithmetic: z.strictObject({ operators: z.array(z.string().min(1)), numbers: z.array(z.string().min(1)) }).default({ operators: [], numbers: [] }),
  /**
   * The words that name a profession's audience ("pharmacist", "dentist"): an entry written only for professions a
   * question names none of does not lead an entry for everyone that ranks close behind it (KnowledgeSearch.audienceFirst).
   */
  audienceWords: z.partialRecord(z.enum(AUDIENCES), z.array(z.string().min(1)).min(1)).default({}),
  /**
   * Words asking what something is ("what is", "what does ... mean"): such a question wants the entry that says what
   * it is, so the conversation's profession does not reorder its answers (FaqResponder.searchInContext).
   */
  definitionWords: z.array(z.string().min(1)).default([]),
  /**
   * Words opening a sentence that set what came before aside ("We're renewing our DSPT anyway. Separately, can we get
   * more storage?"): the question is read from that sentence on, with no scene (KnowledgeSearch.search).
   */
  asideWords: z.array(z.string().min(1)).default([]),
  setAside: z
    .strictObject({
      openers: z.array(z.string().min(1)),
      determiners: z.array(z.string().min(1)),
      contrasts: z.array(z.string().min(1)),
      strongContrasts: z.array(z.string().min(1)),
    })
    .default({ openers: [], determiners: [], contrasts: [], strongContrasts: [] }),
  /**
   * Words after which who passed the question on stops ("head office asking if we can pay for extra storage", "this
   * dspt thing the ICB keep mentioning"): the one to three words naming them, just before, are not what is asked.
   */
  reportWords: z.array(z.string().min(1)).default([]),
  /**
   * Questions about NHSmail whose facts no source gives ("how big can attachments be"): the phrases that ask one, and
   * the reply (a key of replies.yaml) saying the guidance does not say and who can. Without them the nearest entry was
   * answered (the mailbox's size), a guess. `with`: words one of which the message must also say for the phrases to
   * ask it ("large files" asks about a limit when sent, not in "a bigger storage option for staff who get loads of
   * large files").
   */
  gaps: z
    .array(z.strictObject({ reply: z.string().regex(/^[a-z][a-zA-Z0-9.]*$/), phrases: z.array(z.string().min(1)).min(1), with: z.array(z.string().min(1)).default([]) }))
    .default([]),
  /** words only an NHSmail question uses: a question with one may be answered on a clear lead at lower coverage */
  anchorWords: z.array(z.string().min(1)).default([]),
  /**
   * those of the anchor words that no other system has (the DSPT, the NAS portal, an ODS code; not a password or an
   * inbox): what "it" points back at, when one of these, is NHSmail's whatever else the sentence names
   */
  ownAnchors: z.array(z.string().min(1)).default([]),
  /**
   * Words that say who a message is about (a colleague named by their role, "one of our") or when ("next month",
   * "on friday"), not what it asks: an entry that does not use one is not marked down for it.
   */
  whoOrWhen: z.array(z.string().min(1)).default([]),
  /** where someone is (filled from eligibility.yaml's places by the loader): context wherever it stands in a question */
  places: z.array(z.string().min(1)).default([]),
  /**
   * Phrases that ask for someone's address ("email address for", "nhs.net address of"): the knowledge base holds no
   * directory, so such a question is refused like one with an off-topic marker, even when it names NHSmail, unless an
   * entry covers it well without the words of the phrase (which say "an address", not whose).
   */
  addressLookups: z.array(z.string().min(1)).default([]),
  /**
   * Phrases in which a word NHSmail questions use means something else: a patient registering with a dentist or a GP,
   * a pharmacy's opening times. Read like `addressLookups`: their words anchor nothing and count for no entry, and the
   * phrase refuses the question unless an entry covers the rest of it well.
   */
  otherMeanings: z.array(z.string().min(1)).default([]),
  /**
   * Stop words that carry the need in some company ("no IT team", "anyone who could help us"): read as `term` where
   * typed in capitals in a message that is not all capitals (`capitals`), or where one of `when`'s contexts holds
   * (each names the words just before and/or just after it, as typed, before typo correction), unless `unless` is the word before.
   */
  contextTerms: z
    .array(
      z.strictObject({
        word: z.string().min(1),
        /** absent: the word is read as nothing there ("2" in "need 2 register" is "to") */
        term: z.string().min(1).optional(),
        capitals: z.boolean().default(false),
        when: z.array(z.strictObject({ after: z.array(z.string().min(1)).optional(), before: z.array(z.string().min(1)).optional() })).default([]),
        /** a word just before it that cancels the reading ("help" after "you") */
        unless: z.array(z.string().min(1)).default([]),
        /** a word just after it that cancels the reading ("left" before "a note": left something, not left the job) */
        unlessBefore: z.array(z.string().min(1)).default([]),
        /** a negation up to three words before ("no IT team", "dont have an it department"): read as `negated.term` instead, or dropped without one */
        negated: z.strictObject({ by: z.array(z.string().min(1)), term: z.string().min(1).optional() }).optional(),
      }),
    )
    .default([]),
  /**
   * A message saying only that NHSmail fails, in no words of what fails ("nhsmail not working", "problem with my nhs
   * mail"): every term of it one of the service's names (`service`) or of `words`, it offers the entries of `offer`, the
   * commonest troubles, rather than the entry its few words happen to cover.
   */
  vagueTrouble: z
    .strictObject({ words: z.array(z.string().min(1)), service: z.array(z.string().min(1)), offer: z.array(z.string().min(1)).max(3) })
    .default({ words: [], service: [], offer: [] }),
  /** particles that may stand a few words after their verb ("sign them all up"): a two-word synonym ending in one is matched so too */
  separable: z.strictObject({ particles: z.array(z.string().min(1)), maxGap: z.number().int().min(1).max(4) }).default({ particles: [], maxGap: 3 }),
  /**
   * What a question asks, in words the search otherwise drops ("how long", "can a ... get"): each intent becomes a
   * pseudo-term of the question, and of the entries whose title, question or keywords ask it, or whose short answer
   * states it (`answeredBy`: "days", "months" for how long). `general`: the entry that answers the intent about
   * things whose own entry does not state it ("how long things take"); see KnowledgeSearch.ownEntryFirst. `exempts`:
   * off-topic markers that, in a question asking it, name where NHSmail is used rather than another topic ("can I get
   * my emails on my own laptop": the laptop is not the question).
   */
  intents: z
    .record(
      z.string().regex(/^[a-z]+$/),
      z.strictObject({
        asks: z.array(z.string().min(1)).min(1),
        answeredBy: z.array(z.string().min(1)).default([]),
        general: z.string().min(1).optional(),
        exempts: z.array(z.string().min(1)).default([]),
      }),
    )
    .default({}),
});
export type Lexicon = z.infer<typeof LexiconSchema> & {
  /** questions about something else than NHSmail, which the learned model trains its class for none of the entries on
   * (examples.yaml's offTopic, filled in by the loader) */
  readonly offTopicAsked?: readonly string[];
};

export const RepliesSchema = z.strictObject({
  version: z.literal(1),
  replies: z.record(z.string().regex(/^[a-z][a-zA-Z0-9.]*$/), z.string().min(1)),
});
