// The shape of content/language.yaml: the words and phrases the bot recognises, checked with zod when loaded.
import { z } from 'zod';
import { REQUEST_FIELDS, TICKET_TYPES } from '../../helpdesk/vocabulary.js';

const word = z.string().trim().min(1);
const lowerWords = z.array(word.refine((w) => w === w.toLowerCase(), 'must be lower case')).min(1, 'must list at least one word');
const fullRecord = <K extends readonly [string, ...string[]], V extends z.ZodType>(keys: K, value: V) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as { [P in K[number]]: V });

export const LanguageFileSchema = z.strictObject({
  version: z.literal(1),
  courtesy: z.strictObject({ before: lowerWords, after: lowerWords }),
  questions: z.strictObject({
    openers: lowerWords,
    clauseOpeners: lowerWords,
    invertedVerbs: lowerWords,
    invertedSubjects: lowerWords,
    anywhere: lowerWords,
  }),
  numbers: z.strictObject({
    units: lowerWords.length(20, 'must list zero to nineteen, in order'),
    tens: lowerWords.length(8, 'must list twenty to ninety, in order'),
  }),
  yesNo: z.strictObject({ yes: lowerWords, no: lowerWords }),
  request: z.strictObject({
    confirm: lowerWords,
    changeVerbs: lowerWords,
    notSure: lowerWords,
    notMoving: lowerWords,
    unknown: lowerWords,
    cancelInSentence: lowerWords,
    notAnswers: lowerWords,
    answerIntros: lowerWords,
    peopleWords: lowerWords,
    inUseVerbs: lowerWords,
    notInUse: lowerWords,
    reasonMarkers: lowerWords,
    movingTo: lowerWords,
    recoverableItems: lowerWords,
    mailboxWords: lowerWords,
    selfServiceWorked: lowerWords,
    selfServiceFailed: lowerWords,
    nasRuns: lowerWords,
    selfServiceTried: lowerWords,
    triedSigningIn: lowerWords,
    nasNamed: lowerWords,
    ownAdmin: lowerWords,
    fieldWords: fullRecord(REQUEST_FIELDS, lowerWords),
    typeSynonyms: fullRecord(TICKET_TYPES, lowerWords),
  }),
  helpdeskChannel: z.strictObject({
    /** each entry is a word that must be there, or a list of words of which at most one may be there */
    register: z.array(z.union([word, lowerWords])).min(1),
  }),
  tickets: z.strictObject({
    titles: fullRecord(TICKET_TYPES, word),
    summary: word,
    summaryOds: word,
    unknownName: word,
    unknownOrganisation: word,
    movingProvider: word,
    moreAccounts: word,
    assigned: word,
    unassigned: word,
  }),
  calendar: z.strictObject({
    months: lowerWords.length(12, 'must list January to December, in order'),
    monthsShort: lowerWords,
    days: lowerWords.length(7, 'must list Sunday to Saturday, in order'),
    daysShort: lowerWords,
  }),
  countWords: lowerWords,
  sites: z.strictObject({
    more: lowerWords,
    fewer: lowerWords,
    groupOf: lowerWords,
    notSites: lowerWords,
    collective: lowerWords,
    single: lowerWords,
  }),
  redaction: z.strictObject({
    units: lowerWords,
    products: lowerWords,
    passwordWords: lowerWords,
    secretWords: lowerWords,
    notASecret: lowerWords,
    clauseEnd: lowerWords,
    nameIntros: lowerWords,
  }),
  safety: z.strictObject({
    emergency: lowerWords,
    guarded: lowerWords,
    clinical: lowerWords,
    nhsmailContext: lowerWords,
  }),
  person: z.strictObject({ whole: lowerWords, verbs: lowerWords, targets: lowerWords, weak: lowerWords, phrases: lowerWords }),
  split: z.strictObject({ joiners: lowerWords, conditions: lowerWords, max: z.number().int().min(1).max(5) }),
  followUp: z.strictObject({ refer: lowerWords, openers: lowerWords, maxWords: z.number().int().min(2).max(20) }),
});
export type LanguageFile = z.infer<typeof LanguageFileSchema>;
