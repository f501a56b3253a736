// The shape of content/language.yaml: the words and phrases the bot recognises, checked with zod when loaded.
import { z } from 'zod';
import { REQUEST_FIELDS, TICKET_TYPES } from '../../helpdesk/vocabulary.js';

const word = z.string().trim().min(1);
const lowerWord = word.refine((w) => w === w.toLowerCase(), 'must be lower case');
const lowerWords = z.array(lowerWord).min(1, 'must list at least one word');
const NOT_A_POSITION = 'must be a position: a whole number from 1';
/** a place in a list, counting from 1 */
const position = z.number({ error: NOT_A_POSITION }).int(NOT_A_POSITION).min(1, NOT_A_POSITION);
const fullRecord = <K extends readonly [string, ...string[]], V extends z.ZodType>(keys: K, value: V) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as { [P in K[number]]: V });

export const LanguageFileSchema = z.strictObject({
  version: z.literal(1),
  courtesy: z.strictObject({
    before: lowerWords,
    after: lowerWords,
    /** a letter's closing ("Many thanks, Jenny, Registered Manager"): it and what follows it are no part of the question */
    signOffs: lowerWords,
  }),
  questions: z.strictObject({
    openers: lowerWords,
    leadIns: lowerWords,
    clauseOpeners: lowerWords,
    indirect: lowerWords,
    /** a clause holding one of these asks about what follows it, a thing named ("confused about standards met") */
    aboutThing: lowerWords,
    invertedVerbs: lowerWords,
    invertedSubjects: lowerWords,
    anywhere: lowerWords,
    subordinators: lowerWords,
    subjectQuestions: lowerWords,
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
    /** after an answer that offers a helpdesk request: asking for that request ("raise it", "can you log one for me") */
    raiseIt: lowerWords,
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
    selfServiceNotTried: lowerWords,
    writerLeaving: lowerWords,
    someoneElse: lowerWords,
    organisationWords: lowerWords,
    staffRoles: lowerWords,
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
    forWhom: lowerWords,
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
    idioms: lowerWords,
    /** words saying the message is not about email at all ("sorry not about email - ..."): it names no NHSmail, whatever it says after */
    disowned: lowerWords.default([]),
    paperwork: lowerWords,
    nhsmailContext: lowerWords,
    sceneAsks: lowerWords,
    reports: lowerWords,
    /** words telling that something happened before now ("last month"): no emergency told after an NHSmail clause */
    before: lowerWords.default([]),
    /** words telling that something happened well before now ("last year"): an emergency told so, in a message about NHSmail, is history */
    longAgo: lowerWords.default([]),
    /** words telling that something is so now ("still", "again"): between such a time and the danger, it is not history */
    stillNow: lowerWords.default([]),
    sceneAskEnds: lowerWords,
    /** words after paperwork that say what it is about ("the notes for a patient who had a stroke", "a letter about a fracture") */
    paperAbout: lowerWords,
  }),
  person: z.strictObject({
    shorthand: z.array(z.string().regex(/^[a-z0-9]+( [a-z]+){1,2}$/, 'a typed word, a space, the word or two it stands for')),
    whole: lowerWords,
    filler: lowerWords,
    humans: lowerWords,
    services: lowerWords,
    verbs: lowerWords,
    frames: lowerWords,
    whether: lowerWords,
    supposes: lowerWords,
    believes: lowerWords,
    whichWay: lowerWords,
    whichWayOr: lowerWords,
    howTo: lowerWords,
    openers: lowerWords,
    determiners: lowerWords,
    possessives: lowerWords,
    contacts: lowerWords,
    addresses: lowerWords,
    asks: lowerWords,
    asksYou: lowerWords,
    numberFor: lowerWords,
    owners: lowerWords,
    ownersBack: lowerWords,
    didVerbs: lowerWords,
    serviceNames: lowerWords,
    reportedCall: lowerWords,
    helps: lowerWords,
    reachers: lowerWords,
    reachBack: lowerWords,
    bots: lowerWords,
    devices: lowerWords,
    anyoneServices: lowerWords,
    notBots: lowerWords,
    callbacks: lowerWords,
    asksProcess: lowerWords,
    callMe: lowerWords,
    callFrom: lowerWords,
    callWith: lowerWords,
    causes: lowerWords,
    anyone: lowerWords,
    anyoneWanted: lowerWords,
    anyoneVia: lowerWords,
    callGiven: lowerWords,
    takesOn: lowerWords,
    meansBy: lowerWords,
    means: lowerWords,
    asksCan: lowerWords,
    declines: lowerWords,
    resumes: lowerWords,
    doesOne: lowerWords,
    indirect: lowerWords,
    asksOf: lowerWords,
    whoAsks: lowerWords,
    whoCan: lowerWords,
    noTopic: lowerWords,
    complaints: lowerWords,
    weakAfter: lowerWords,
    weak: lowerWords,
    phrases: lowerWords,
    notPeople: lowerWords,
    /** exclamations that say nothing of what is asked ("for the love of god", "ffs"): read past, as if not typed */
    exclamations: lowerWords,
    /** reach verbs that also carry a thing ("bring it back") */
    fetches: lowerWords,
    /** words asking what someone will do that also ask for it done ("will someone call me back", "would somebody ring me") */
    willing: lowerWords,
    /** single words for a way of reaching a service, named with it ("helpdesk number", "the email of support team") */
    contactWords: lowerWords,
    /** words joining a contact detail to whose it is ("the number for support", "the email of the helpdesk") */
    forService: lowerWords,
    /** words that may stand between "for" and the service in "the number for nhs mail support" */
    serviceNaming: lowerWords,
    /** words between a person and the service they work for, who to reach still ("a person from the helpdesk") */
    whereFrom: lowerWords,
    /** words bringing in who is reached after what it is about ("discuss our eligibility with an adviser") */
    withWhom: lowerWords,
    /** words that, typed as a clause alone, can only be who to reach ("agent - locked out of nhsmail"; not "someone", "staff") */
    oneWordPeople: lowerWords,
    /** words opening what a request is about ("human please its about mfa", "agent re a leaver") */
    about: lowerWords,
    /** words by which the writer opens a request of their own ("stop sending me links i want a person") */
    writer: lowerWords,
    /** the service's own name, as typed before who to reach ("a member of the nhsmail support team") */
    ownName: lowerWords,
    /** words between "of" and that name ("one of your nhsmail team") */
    nameOpens: lowerWords,
    /** words before "to" and a verb of reaching that ask whether it must be done ("do staff need to call anyone") */
    must: lowerWords,
    /** words that ask for someone, opening a question of their own mid-sentence ("im not good with computers could someone talk me through it") */
    asksAnew: lowerWords,
    /** the last word of a role a writer introduces themselves with, before "here" ("manager here", "team leader here") */
    introduces: lowerWords,
    /** words of asking that make a call-me a request wherever it stands ("...please ring me back") */
    please: lowerWords,
    /** words between "does" and the service it asks about ("does the helpdesk", "does your team") */
    determinersBefore: lowerWords,
  }),
  split: z.strictObject({ joiners: lowerWords, another: lowerWords, tags: lowerWords, subjects: lowerWords, conditions: lowerWords, introduces: lowerWords, notSubjects: lowerWords, writer: lowerWords, referents: lowerWords, frameVerbs: lowerWords, reach: lowerWords, max: z.number().int().min(1).max(5) }),
  followUp: z.strictObject({
    refer: lowerWords,
    openers: lowerWords,
    maxWords: z.number().int().min(2).max(20),
    otherwise: lowerWords,
    alternative: lowerWords,
    otherwiseMaxWords: z.number().int().min(2).max(30),
    contact: lowerWords,
    starts: lowerWords,
    elides: lowerWords,
  }),
  choices: z.strictObject({
    leadIns: lowerWords,
    tails: lowerWords,
    /** "second": 2 */
    ordinals: z.record(lowerWord, position).refine((o) => Object.keys(o).length > 0, 'must list at least one ordinal'),
    last: lowerWords,
  }),
});
export type LanguageFile = z.infer<typeof LanguageFileSchema>;
