// Finds the knowledge-base entry a question is about, and says how sure it is (or that it is off the subject).
import Fuse from 'fuse.js';
import { LRUCache } from 'lru-cache';
import MiniSearch from 'minisearch';
import { type ClassifierOptions, DEFAULT_CLASSIFIER, TermClassifier } from './classifier.js';
import { forEveryone, type FaqEntry, type Lexicon } from './schema.js';
import { redact } from './redact.js';
import { Message } from './language/message.js';
import { askingClauses, isQuestion, QUESTION_STYLES, saysNot } from './language/question.js';
import { phraseAt, phrasesByFirstWord, phraseSpans, type Phrases } from './language/phrases.js';
import { sentences, splitQuestions } from './language/split.js';
import { holdsPhrase, tokenize } from './language/tokenize.js';
import { intentTerm, isEnglishWord, TextAnalyzer } from './text.js';

export interface Hit {
  readonly entry: FaqEntry;
  /** combined ranking score, 0..~1.2 */
  readonly score: number;
  /** share of the question's weighted terms that the entry covers, 0..1 */
  readonly coverage: number;
  /** the learned model's probability that the question is about this entry, 0..1 (classifier.ts) */
  readonly learned: number;
  /** whether the entry's title, question or keywords (its topic, not the context its example wordings carry) name one of the question's words */
  readonly topical: boolean;
}

export type SearchOutcome =
  | { readonly kind: 'answer'; readonly best: Hit; readonly others: readonly Hit[] }
  | { readonly kind: 'unsure'; readonly candidates: readonly Hit[] }
  | { readonly kind: 'offTopic'; readonly candidates: readonly Hit[]; readonly markers: readonly string[] };

/** Thresholds, measured on the dev set with `npm run bench:kb`. */
export interface SearchTuning {
  /** below this coverage the bot does not answer */
  readonly answerCoverage: number;
  /** below this coverage it refuses as off the subject */
  readonly refuseCoverage: number;
  /** with an off-topic marker ("payroll", "dose") it refuses below this coverage */
  readonly markerCoverage: number;
  /** the best hit must lead the runner-up by this share of its score... */
  readonly margin: number;
  /** ...unless its coverage is at least this */
  readonly sureCoverage: number;
  /**
   * Below answerCoverage the bot still answers when the leader stands well clear of the runner-up: its coverage at
   * least this (some of the question's words are the user's own, not the knowledge base's) ...
   */
  readonly clearCoverage: number;
  /** ...and the runner-up's score at most this share of the leader's */
  readonly clearRatio: number;
  /** a question with no anchor word (nothing only NHSmail questions name) is refused below this coverage */
  readonly unanchoredCoverage: number;
  /** a leader in doubt (a near tie, or short of answerCoverage) that the learned model settles is answered from this coverage (1: never) */
  readonly settledCoverage: number;
}

// answerCoverage 0.45, sureCoverage 0.9 and clearRatio 0.7 (were 0.5, 0.8, 0.75) by `npm run bench:kb:calibrate`:
// more held-out phrasings and dev questions answered right with fewer answered wrong and no off-topic one answered
// (a lower bar for a clear leader; a near tie among well-covered entries, or a runner-up close behind, stays "not sure").
export const DEFAULT_TUNING: SearchTuning = {
  answerCoverage: 0.45,
  refuseCoverage: 0.2,
  markerCoverage: 0.8,
  margin: 0.04,
  sureCoverage: 0.9,
  clearCoverage: 0.3,
  clearRatio: 0.7,
  unanchoredCoverage: 0.65,
  settledCoverage: 0.4,
};

/** How the ranking signals combine; each signal is 0..1. */
export interface RankWeights {
  readonly bm25: number;
  readonly phrasing: number;
  readonly coverage: number;
  readonly fuzzy: number;
  /** the learned model's posterior probability (classifier.ts); 0 leaves the model out */
  readonly learned: number;
  /** weight of a word the knowledge base has never seen, as a share of the rarest known word's */
  readonly unknown: number;
}

export const DEFAULT_WEIGHTS: RankWeights = { bm25: 0.2, phrasing: 0.3, coverage: 0.6, fuzzy: 0.1, learned: 0.35, unknown: 0.8 };

interface Indexed {
  readonly entry: FaqEntry;
  /** terms of title, question, phrasings and keywords */
  readonly core: ReadonlySet<string>;
  /** the same with their bigrams */
  readonly coreBigrams: ReadonlySet<string>;
  readonly answer: ReadonlySet<string>;
  /** intent pseudo-terms the entry's reply (short answer or details) states: a time for "how long" */
  readonly states: ReadonlySet<string>;
  /** terms of title, question and keywords: what the entry is about */
  readonly topic: ReadonlySet<string>;
  /** what the entry's question asks is ("What is an ODS code and where...": ods), as terms; empty when it asks no such thing */
  readonly defines: ReadonlySet<string>;
  /** each of title, question and phrasings as a set of terms and bigrams, with its text */
  readonly lines: readonly { readonly text: string; readonly terms: ReadonlySet<string>; readonly norm: number }[];
}

/** how close behind (a share of the leader's score) an entry for everyone must rank to lead one for a profession not named */
const AUDIENCE_MARGIN = 0.15;
/** ...and how much less of the question it may cover (the profession the leader is written for is a topic the question lacks) */
const AUDIENCE_COVERAGE = 0.3;
/** ...and how far behind one covering all the leader does may rank and still lead it */
const AUDIENCE_EQUAL_MARGIN = 0.4;
/** ...and how close behind an entry for everyone a profession's own entry must rank to lead it in a conversation about that profession */
const CONTEXT_MARGIN = 0.25;
/** ...and how close behind (score, coverage) one for a profession the question names must rank to lead it */
const NAMED_MARGIN = 0.35;
const NAMED_COVERAGE = 0.1;
/**
 * ...or how far short of it, when the learned model prefers the profession's entry: "optometrist with a small practice -
 * is there a charge for nhsmail" is the cost's question (0.9 covered) however surely the model reads an optometrist's
 * registration (0.5)
 */
const NAMED_LEARNED_COVERAGE = 0.3;
/** ...and how far down an entry for a profession the question names may rank to lead one for a profession it does not name */
const NAMED_REACH = 5;
/** how close behind a leader about something else an entry about the question's topic must be to be offered, not refused */
const TOPICAL_RATIO = 0.8;
/** how many terms a question needs for the learned model's posterior to count in full in the ranking (see rank) */
const LEARNED_FULL_TERMS = 2;
/** how close behind the leader an entry saying what the asked-about thing is must rank to lead (see definitionFirst) */
const DEFINITION_RATIO = 0.7;
/** ...and an entry defining just what the asking clause names, from anywhere among the candidates */
const DEFINITION_FAR = 0.5;
/** when a leader stands out in a question naming nothing NHSmail (see standsOut) */
const STAND_OUT = { learned: 0.9, coverage: 0.5, ratio: 0.5 };
/**
 * a topical leader offered rather than refused though it covers little (see offeredAlone): the runner-up at most `ratio`
 * of its score, and either the learned model all but certain of it in a question naming NHSmail's own things
 * (`sureLearned`, from `sureCoverage`), or leaning to it and half the question covered (`learned`, `coverage`)
 */
const OFFER = { ratio: 0.7, sureLearned: 0.95, sureCoverage: 0.1, learned: 0.5, coverage: 0.5 };
/** Below this the learned model all but rules out a named profession's entry, which then does not lead one it is sure of (see audienceFirst). */
const EVERYONE_DOUBT = 0.3;

/** a topical leader the learned model is this sure of, covering this much, is offered rather than refused (see decide) */
const DOUBT = { learned: 0.7, coverage: 0.35 };
/** how sure the learned model must be of a leader in doubt, and how much surer than of the runners-up, to settle it (see settledByModel) */
const SETTLED = { learned: 0.5, ratio: 2 };
/** words that may end a question asked in reported order ("what the aup is and who its for", "what the toolkit is for") */
const REPORTED_END = new Set(['and', 'for', 'exactly', 'actually', 'about', 'then', 'please', 'that', 'but', 'or']);
/** "what do", "what does": a definition only when what follows is no one doing something ("what does dspt mean", not "what do i need to do") */
const DOES_ONE = new Set(['do', 'does']);
/** who may follow "what do" in a question about what someone does ("what do i need to do about my account") */
const DOERS = new Set(['i', 'we', 'you', 'they', 'he', 'she', 'staff', 'carers', 'people']);
/** words that make "what do you..." ask a meaning after all ("what do you mean by an ods code", "what does it stand for") */
const MEANING = new Set(['mean', 'means', 'meant', 'stand', 'stands', 'involve', 'involves']);

/** Whether "what do"/"what does" in the words asks what something is: not followed by someone doing something, unless a meaning is asked. */
function asksMeaning(words: readonly string[]): boolean {
  return words.some((w, i) => w === 'what' && DOES_ONE.has(words[i + 1] ?? '') && (!DOERS.has(words[i + 2] ?? '') || words.slice(i + 3, i + 6).some((v) => MEANING.has(v))));
}

/** what a thing involves, asked after "what" ("what would the role involve") */
const INVOLVES = new Set(['involve', 'involves', 'entail', 'entails']);

/** a step said to be done (see doneWith) */
const DONE_WORD = /\b(?:published|done|completed|submitted|finished)\b/i;
/** ...and words saying something is not so, not wholly so, or only said to be ("only half done", "the portal says") */
const NOT_SO = /\b(?:not|isnt|havent|hasnt|wasnt|arent|doesnt|dont|didnt|cant|wont|never|no|yet|half|halfway|partly|partially|nearly|almost|says|said|saying|shows|showing)\b|n't/i;
/** clauses of a scene (see doneWith) */
const DONE_CLAUSE = /[,.;!?]+|\s+(?:and|but|so)\s+/i;

/** a quick test for text that may say what it is not asking (see withoutSetAside) */
const NOT_OR_KNOW = /\b(?:not|isnt|dont|know|done|already)\b/i;
/** words that may open a clause before what it sets aside ("ok not asking...", "sorry, not the location id") */
const SET_ASIDE_LEADS = new Set(['ok', 'okay', 'so', 'and', 'sorry', 'no', 'well', 'but', 'um', 'erm', 'hi', 'hello']);
/** most words in a clause of "not" and what it is not, for a plainer contrast after it to set it aside ("not nhsmail, my gmail") */
const SHORT_NOT = 4;

/** question words as typed, contracted or in text-speak, opening a clause that asks (see searchCleaned) */
const TYPED_QUESTION_WORDS = new Set(['whats', 'wots', 'wats', 'wot', 'wat', 'hows', 'hw', 'whos', 'wheres', 'whr', 'wen']);
/** what one signs in to a system with, named after the system ("my rotacloud password") or before it ("password for rotacloud") */
const SIGN_IN_WORDS = new Set(['password', 'passwords', 'login', 'logins', 'account', 'accounts', 'app', 'username', 'pin', 'log', 'portal', 'system']);
/** words between such a word and the system after it */
const SYSTEM_BEFORE = new Set(['for', 'into', 'to', 'on']);
/**
 * Places on the web one signs in to that are not NHSmail's: the toolkit's own site has its own login, as a learning
 * hub, a tracker or a supplier's software do ("dspt website login not working", "password for the toolkit site", "my
 * login for the nhs learning hub"). The toolkit is one by name; the rest only with a word before naming whose they are.
 */
const OWN_SIGN_IN_PLACES = new Set(['dspt', 'toolkit']);
const NAMED_PLACES = new Set(['website', 'websites', 'site', 'hub', 'platform', 'software', 'tracker', 'toolkit', 'dspt']);
/** ...what one signs in with there (not "app", "portal" or "system": those are places of their own) */
const PLACE_SIGN_INS = new Set(['password', 'passwords', 'login', 'logins', 'account', 'username', 'log', 'logon', 'signin']);
/**
 * words before such a place that name no one else's ("each site", "the web site", "our care home site") or NHSmail's own
 * ways in ("the registration website", "the password reset site", "the nas website", "the helpdesk site")
 */
const NOT_WHOSE = new Set(['the', 'a', 'an', 'our', 'my', 'your', 'their', 'his', 'her', 'its', 'this', 'that', 'these', 'each', 'every', 'per', 'one', 'any',
  'other', 'another', 'new', 'same', 'right', 'correct', 'main', 'own', 'which', 'what', 'web', 'care', 'home', 'homes', 'practice', 'pharmacy', 'branch',
  'office', 'shop', 'store', 'registration', 'register', 'signup', 'up', 'nas', 'national', 'admin', 'administration', 'reset', 'sspr', 'service', 'help',
  'support', 'helpdesk', 'self', 'password', 'mail', 'email', 'e', 'nhsmail', 'outlook', 'for', 'to', 'on', 'in', 'of', 'at', 'and', 'or', 'is', 'it']);
/** how far a place may stand from the sign-in word it owns ("the dspt website wont let me log in") */
const PLACE_REACH = 4;
/** where a sentence's clauses part, read back from a pointer to what it points at (captured: see pointerClauses) */
const POINTER_CUTS = /(\s*[,;]\s*|\s+(?:but|and)\s+)/i;
/** words that point back to what the scene named */
const REFERS = new Set(['it', 'its', 'that', 'thats', 'this', 'they', 'theyre', 'them', 'ours', 'mine']);
/** words that point back at a thing they go before ("that role", "this code") */
const DEMONSTRATIVES = new Set(['that', 'this', 'these', 'those']);
/** a word that describes the thing after it rather than names one ("this allowed way", "that missing code") */
const PARTICIPLE = /(?:ed|ing)$/;
/** words before "this" or "that" that make it the thing asked about, not a pointer before one ("is this new") */
const COPULAS = new Set(['is', 'are', 'was', 'were', 'isnt', 'arent', 'wasnt', 'be']);

/** Whether any of the clauses points back to what the scene named ("how do i fix it", "whats that"). */
function refersBack(clauses: readonly (readonly string[])[]): boolean {
  return clauses.some((c) => c.some((w) => REFERS.has(w)));
}
/**
 * A code shaped as a care site's ODS code ("the form wants a code like V12345"), read as the ODS code it is: as typed,
 * the long number in it would be redacted, and the letter is no word.
 */
const ODS_SHAPED = /\bv\d{4,5}\b/gi;
/** Words back from an off-topic phrase that "the same as" may stand and still liken the phrase's thing to an NHSmail one */
const SAME_AS_REACH = 7;
/** NHSmail named as where something is, in a clause's words ("what is that on nhsmail", "what does it mean in nhs mail") */
const SERVICE_WHERE = /\b(?:on|in|within|inside|for)\s+(?:the\s+)?(?:nhsmail|nhs\s*mail|nhs\s*net)\b/;
/** how much more the words of the clauses that ask weigh than the scene before them */
const ASKED_STRESS = 1.5;
/** entries taken from the BM25 stage */
const CANDIDATES = 16;
/** leading candidates the fuzzy stage re-ranks */
const RERANK = 6;
/** the phrasing cosine at which a question is worded as one of an entry's own (see rank) */
const OWN_WORDING = 0.999;

/** A clause asking what a thing is, in so many words ("whats nhsmail exactly", "what actually is the dspt", "what even is this toolkit"). */
const WHAT_IS = /^(?:(?:and|so|but|ok)\s+)?(?:(?:what|wot|wat)\s+(?:actually\s+|exactly\s+|even\s+)?is|whats|wats|wots)\b/;

/**
 * A message setting NHSmail aside in so many words, as an aside of its own with more after it: ", not email,", "(our
 * normal work outlook, not the nhsmail one)", "for our company 365 login, not the nhs one,", "its our own company outlook
 * not nhs", "its not nhs.net its our own domain", "sorry not about nhs mail, ..." opening a message, "the toolkit
 * website itself, not NHSmail", "my company teams chat keeps crashing, is not nhsmail", "its their teams not nhsmail".
 * "i can get into teams but not email" says email is what fails, and "can
 * i use gmail, not nhsmail?" asks about NHSmail: neither is matched.
 */
const DISOWNS_NHSMAIL = /[,(;]\s*not\s+(?:the\s+|my\s+|our\s+|an?\s+)?(?:nhs\s?mail|nhs\.net|nhs\s+e-?mail|e-?mail|nhs(?=\s+(?:one|account|login|system)\b))(?:\s+(?:one|account|login|system|inbox))?\s*[,);]|\b(?:our own|my own|company|personal)\s+(?:[\w@.-]+[\s,]+){0,2}not\s+(?:the\s+)?(?:nhs\s?mail|nhs\.net|nhs)\b(?!\s+(?:app|login)\b)|\b(?:its|it is|thats|that is|this is)\s+not\s+(?:the\s+|my\s+|our\s+|an?\s+)?(?:nhs\s?mail|nhs\.net|nhs\s+e-?mail)\b(?:\s+(?:one|account|system|inbox))?[\s,;.]+(?:its|it is|thats|this is|we|i|our|my|it)\b|[,;]\s*(?:(?:it|this|that)\s+)?is\s+not\s+(?:the\s+)?(?:nhs\s?mail|nhs\.net)\s*(?:[,.;!]|$)|\b(?:their|our|my)\s+(?:own\s+)?(?:[\w-]+\s+){0,2}(?:teams|calendar|chat|sharepoint|onedrive)\s+not\s+(?:the\s+)?(?:nhs\s?mail|nhs\.net)\b|\bitself\W+not\s+(?:the\s+|my\s+|our\s+)?(?:nhs\s?mail|nhs\.net|nhs\s+e-?mail)\b|^\W*(?:sorry|ok|so|hi)?\W*(?:this is\s+|its\s+)?not\s+(?:about|re|regarding)\s+(?:the\s+)?(?:nhs\s?mail|nhs\.net|nhs\s+e-?mail|email)\s*[,.;:!?-]/i;

/** A pattern's alternatives: each phrase as its typed words with `between` between them (a pattern matching nothing for none). */
function alternatives(phrases: readonly (readonly string[])[], between: string): string {
  return phrases.map((p) => p.join(between)).join('|') || '(?!)';
}

/** A quick test for whether a text holds any of the phrases (each as its typed words), before they are read in full. */
function holdingAny(phrases: readonly (readonly string[])[]): RegExp {
  return new RegExp(`\\b(?:${alternatives(phrases, '\\W+')})\\b`, 'i');
}

/** Words that end who passed a question on, read back from the report word (see reportedBy). */
// (a pronoun just before the report is who passed it on, and the words before it what they talk of: "this data security
// toolkit they keep mentioning")
const REPORT_STOPS = new Set(['the', 'a', 'an', 'our', 'my', 'their', 'his', 'her', 'thing', 'that', 'this', 'and', 'but', 'so', 'i', 'we', 'is', 'are', 'was', 'its', 'it', 'which', 'who',
  'they', 'he', 'she', 'you', 'u', 'everyone', 'everybody', 'people', 'someone', 'somebody']);

/** A sentence saying who writes: "i'm a community pharmacist", "we are a dental practice", "pharmacist here" */
const WRITER_IS = /^(?:(?:hi|hello|hiya)\s+)?(?:(?:im|i am|were|we are|this is)\s+(?:a|an|the)\s+.+|.+\s+here)$/;
/** ...of at most this many words, or a bare phrase of at most WRITER_BARE ("small dom care agency") */
const WRITER_WORDS = 7;
/** words opening a first clause that tells what is happening rather than who writes ("starting fy1 in august, ...") */
const HAPPENING = new Set(['starting', 'joining', 'moving', 'leaving', 'going', 'trying', 'applying', 'registering', 'changing', 'setting', 'getting', 'just']);
const WRITER_BARE = 4;
/** kinds of care provider a writer may say they are (care providers are no audience of their own: everyone's entries are theirs) */
const PROVIDER_KINDS = ['care home', 'home care', 'care agency', 'hospice', 'supported living'];

/** Words of a clause asking where to find something ("where do we get that", "how do i find it"). */
const LOCATING = ['where', 'find'];
/** words that say whose something is: "her personal email" is someone's address, "a mail merge" no one's */
const OWNERS = new Set(['her', 'his', 'their', 'someones', 'relatives', 'familys', 'patients', 'residents', 'clients']);
/** words before another provider's name that make the address someone else's ("her personal outlook.com", "a gmail", "a physio who uses outlook.com", "a client's son on yahoo") */
const OTHERS = new Set([...OWNERS, 'a', 'an', 'uses', 'using', 'has', 'only', 'on']);
/** Words a few before a device that make it where something is done ("open outlook on the office pc"). */
const USED_ON = new Set(['on', 'from', 'using', 'via']);
/** most words from the sending word to "to" (the lexicon's sentTo) */
const SENT_REACH = 7;
/** Words a few before another thing that liken NHSmail to it ("like my bank app does") */
const LIKENED = new Set(['like', 'unlike', 'than']);
/** words for the thing asked about in "is it a...", "is that a..." */
const ONE_THING = new Set(['it', 'this', 'that']);
/** words between "is it" and what the thing is asked to be ("is it a kind of inspection") */
const KIND_OF = new Set(['a', 'an', 'some', 'kind', 'sort', 'type', 'of', 'like', 'just', 'actually', 'really', 'the', 'our', 'my', 'your', 'their', 'normal', 'usual', 'regular', 'main', 'same']);
/** NHSmail named as typed, in any of its spellings. */
const SERVICE_NAMED = /\bnhs\s?mail\b|\bnhs\.?net\b/i;

/** where clauses part, their separators kept (see withoutNhsmailFine) */
const FINE_CLAUSES = /(\s*[,;!?]+\s*|\s*\.+(?:\s+|$)|\s+(?:but|and)\s+)/i;
/** most words in a clause that says only that what the clause before named works ("... but its sorted") */
const FINE_ALONE = 4;

/** Someone's own NHSmail ("her nhs.net", "his nhsmail"): their account, as "it" would point back at it. */
const SOMEONES_NHSMAIL = /\b(?:her|his|their)\s+(?:nhs\s?mail|nhs\.net|nhs\s+net)\b/i;
/** "email" as the verb ("can i email the consultant's secretary", "how to email a gp", "ok to just email them over", "wants it emailed to her"): sending by email */
const EMAIL_VERB = /\b(?:can|could|should|may|might|do|to|i|we|you|they)\s+(?:just\s+|simply\s+|then\s+|also\s+)?e-?mail\s+(?!(?:address|addresses|account|accounts|signature|inbox|password|login)\b)\w|\be-?mail(?:ed|ing)\s+(?:to|over|across|on)\b/i;
/** an email that went somewhere is one sent there ("an email nearly went to the wrong social worker") */
const EMAIL_WENT = /\be-?mails?\b(?:\s+\w+){0,5}?\s+(?:went|gone|goes|go|got\s+sent|was\s+sent|were\s+sent)\s+(?:\w+\s+)?to\b/i;

export class KnowledgeSearch {
  readonly analyzer: TextAnalyzer;
  private readonly docs: Indexed[] = [];
  private readonly byId = new Map<string, Indexed>();
  private readonly idf = new Map<string, number>();
  /** every term some entry's title, question or keywords name: what a question can be about */
  private readonly topicTerms = new Set<string>();
  private readonly index: MiniSearch<{ id: number; title: string; question: string; phrasings: string; keywords: string }>;
  private readonly unknownWeight: number;
  /** what a question asks weighs as much as the rarest word: an answer that does not say it does not answer the question */
  private readonly intentWeight: number;
  /** naive Bayes over each entry's title, question, phrasings and keywords, one training example each */
  private readonly classifier: TermClassifier;
  /**
   * The lexicon's anchor words as the analyser makes them, each a run of terms: a phrase ("self management",
   * "deleted items") anchors a question only as a whole, not through its ordinary words ("manager", "deleted").
   */
  private readonly anchors: readonly (readonly string[])[];
  /** the lexicon's sentTo lists (whom something was sent to is no topic of its own) */
  private readonly sentTo: { verbs: ReadonlySet<string>; between: ReadonlySet<string> };
  /** the lexicon's worksSaid lists as patterns (see withoutNhsmailFine) */
  private readonly works: { fine: RegExp; word: RegExp; asks: RegExp; gets: RegExp };
  /** the anchors no other system has, as their terms joined by spaces (the lexicon's ownAnchors) */
  private readonly ownAnchors: ReadonlySet<string>;
  /** the lexicon's vagueTrouble: its words' and the service's terms, and the entries offered (see vaguelyFailing) */
  private readonly trouble: { words: ReadonlySet<string>; service: ReadonlySet<string>; offer: readonly string[] };
  /** terms of sending something ("send", "securely") and of email itself: together, what is sent is not the topic */
  private readonly sending: ReadonlySet<string>;
  /** the toolkit named, and what saying it is done names (see doneWith) */
  private readonly toolkit: ReadonlySet<string>;
  private readonly doneTerms: ReadonlySet<string>;
  /** terms that ask what a thing is for ("what is it for", "the point of it"), naming no thing of their own */
  private readonly purpose: ReadonlySet<string>;
  private readonly byEmail: ReadonlySet<string>;
  /** terms of storing something, and of a mailbox: together, what is kept in it ("medication records") is not the topic */
  private readonly storing: ReadonlySet<string>;
  private readonly inMailbox: ReadonlySet<string>;
  /** the terms of negation ("not", "without"): a topic's state, never a topic */
  private readonly negations: ReadonlySet<string>;
  /** the term of "securely": sent so, a thing is sent by secure email */
  private readonly secure: string;
  /** the term of a non-secure address ("nonsecure" and its synonyms): what another provider's address is */
  private readonly nonsecure: string | undefined;
  /** terms naming NHSmail itself: with one, off-topic markers do not refuse the question */
  private readonly service: ReadonlySet<string>;
  /** the lexicon's other providers' own mail ("hotmail keeps", "gmail spam"), as the analyser reports them among the markers */
  private readonly ownMail: ReadonlySet<string>;
  /** the lexicon's other mail providers, each as its typed words ("outlook com"): sending to one is sending by email */
  private readonly providers: readonly (readonly string[])[];
  /** the lexicon's gaps, each phrase as its typed words */
  private readonly gaps: readonly { reply: string; phrases: readonly (readonly string[])[]; with: ReadonlySet<string> }[];
  /** the lexicon's asideWords, each as its typed words, and whether a text holds one at all (read first: most do not) */
  private readonly asides: readonly (readonly string[])[];
  /** the lexicon's setAside lists, as typed words (see withoutSetAside) */
  private readonly setAside: { openers: Phrases; determiners: ReadonlySet<string>; contrasts: Phrases; strongContrasts: Phrases };
  /** the kinds of care provider, as the analyser reads them (a writer naming one: see writerOnly) */
  private readonly providerKinds: readonly (readonly string[])[];
  /** the lexicon's reportWords, each as its typed words, and whether a text holds one at all (see reportedBy) */
  private readonly reports: Phrases;
  private readonly holdsReport: RegExp;
  private readonly holdsAside: RegExp;
  /** the lexicon's definitionWords, each as its typed words */
  private readonly definitions: readonly (readonly string[])[];
  /** each profession's naming words as the analyser makes them (the lexicon's audienceWords), each a run of terms */
  private readonly audiences = new Map<string, readonly (readonly string[])[]>();
  /** every term of the professions' words, at once (see namesOnlyWho) */
  private readonly audienceTerms = new Set<string>();
  /** intent pseudo-term -> the entry that answers it about things whose own entry does not (the lexicon's `general`) */
  private readonly general = new Map<string, string>();
  /** intent pseudo-term -> the off-topic markers that, asked with it, name where NHSmail is used (the lexicon's `exempts`) */
  private readonly exempts = new Map<string, ReadonlySet<string>>();
  /** every intent's exempt markers at once: devices, set aside where something is done on them (see searchCleaned) */
  private readonly anyExempt = new Set<string>();
  /** the terms of the off-topic phrases questions have named, by phrase (the lexicon's markers: a bounded set) */
  private readonly phrases = new Map<string, readonly string[]>();
  /** outcomes of recent questions, by their normalised words; created with the cache size below */
  private readonly recent: LRUCache<string, SearchOutcome>;

  constructor(
    entries: readonly FaqEntry[],
    lexicon: Lexicon,
    readonly tuning: SearchTuning = DEFAULT_TUNING,
    readonly weights: RankWeights = DEFAULT_WEIGHTS,
    /** recent outcomes kept; 0 turns the cache off (benchmarks of the search itself) */
    private readonly cacheSize = 5000,
    /** the learned model's smoothing (bench:kb:sweep tries others) */
    learning: ClassifierOptions = DEFAULT_CLASSIFIER,
  ) {
    this.recent = new LRUCache({ max: Math.max(1, cacheSize) });
    this.analyzer = new TextAnalyzer(lexicon);
    const termsOf = (words: readonly string[]) => new Set(words.flatMap((w) => this.analyzer.analyze(w).terms));
    this.sending = termsOf(['send', 'sending', 'sent', 'securely', 'attach', 'forward']);
    this.toolkit = termsOf(['dspt', 'toolkit']);
    this.purpose = termsOf(['purpose']);
    this.doneTerms = termsOf(['dspt', 'toolkit', 'published', 'publish', 'approaching standards', 'standards met', 'completed', 'submitted']);
    this.byEmail = termsOf(['nhsmail', 'email', 'nhs.net', 'secure email']);
    this.storing = termsOf(['store', 'storing', 'stored', 'file', 'filing', 'save', 'saving', 'archive', 'keep', 'keeping']);
    this.inMailbox = termsOf(['mailbox', 'shared mailbox', 'nhsmail', 'email']);
    this.negations = termsOf(['not', 'without']);
    this.service = termsOf(['nhsmail', 'nhs.net', 'nhs mail']);
    const { providers, then } = lexicon.otherMail;
    this.ownMail = new Set(providers.flatMap((p) => then.map((w) => tokenize(`${p} ${w}`).join(' '))));
    this.providers = providers.map((p) => tokenize(p)).filter((w) => w.length > 0);
    this.secure = this.analyzer.analyze('securely').terms[0] ?? 'secur';
    this.nonsecure = this.analyzer.analyze('nonsecure').terms[0];
    for (const [name, { general, exempts }] of Object.entries(lexicon.intents)) {
      if (general) this.general.set(intentTerm(name), general);
      if (!exempts.length) continue;
      const typed = new Set(exempts.map((m) => tokenize(m).join(' ')));
      this.exempts.set(intentTerm(name), typed);
      for (const m of typed) this.anyExempt.add(m);
    }
    this.anchors = lexicon.anchorWords.map((w) => this.analyzer.analyze(w).terms).filter((t) => t.length > 0);
    this.ownAnchors = new Set(lexicon.ownAnchors.map((w) => this.analyzer.analyze(w).terms.join(' ')));
    this.trouble = { words: termsOf(lexicon.vagueTrouble.words), service: termsOf(lexicon.vagueTrouble.service), offer: lexicon.vagueTrouble.offer };
    this.sentTo = { verbs: new Set(lexicon.sentTo.verbs), between: new Set(lexicon.sentTo.between) };
    const { words, after, asks, gets } = lexicon.worksSaid;
    const any = (phrases: readonly string[]) => alternatives(phrases.map(tokenize), '\\s+');
    this.works = {
      // (not said to fail: "my nhsmail is not working", "does her old address stop working")
      fine: new RegExp(`(?<!\\b(?:${[...NOT_WORKING, 'stop', 'stops', 'quit'].join('|')})\\s+)\\b(?:${any(words)})(?:\\s+(?:${any(after)}))*\\s*[.!]*\\s*$`, 'i'),
      word: new RegExp(`\\b(?:${any(words)})\\b`, 'i'),
      asks: new RegExp(`^\\s*(?:${any(asks)})\\b`, 'i'),
      gets: new RegExp(`\\b(?:${any(gets)})\\b`, 'i'),
    };
    this.definitions = lexicon.definitionWords.map((w) => tokenize(w)).filter((w) => w.length > 0);
    this.asides = lexicon.asideWords.map((w) => tokenize(w)).filter((w) => w.length > 0);
    this.setAside = {
      openers: phrasesByFirstWord(lexicon.setAside.openers),
      determiners: new Set(lexicon.setAside.determiners.flatMap(tokenize)),
      contrasts: phrasesByFirstWord(lexicon.setAside.contrasts),
      strongContrasts: phrasesByFirstWord(lexicon.setAside.strongContrasts),
    };
    this.reports = phrasesByFirstWord(lexicon.reportWords);
    this.holdsReport = holdingAny([...this.reports.values()].flat());
    this.providerKinds = PROVIDER_KINDS.map((w) => this.analyzer.analyze(w).terms).filter((t) => t.length > 0);
    this.holdsAside = holdingAny(this.asides);
    this.gaps = lexicon.gaps.map((g) => ({ reply: g.reply, phrases: g.phrases.map((p) => tokenize(p)).filter((w) => w.length > 0), with: new Set(g.with) }));
    for (const [audience, words] of Object.entries(lexicon.audienceWords)) {
      this.audiences.set(audience, (words ?? []).map((w) => this.analyzer.analyze(w).terms).filter((t) => t.length > 0));
    }
    for (const t of [...this.audiences.values()].flat(2)) this.audienceTerms.add(t);
    for (const e of entries) {
      for (const text of [e.title, e.question, ...e.phrasings, ...e.keywords, e.answer, e.more ?? '']) this.analyzer.learn(text);
    }
    const analyse = (text: string, intents = false) => {
      const a = this.analyzer.analyze(text);
      return [...a.terms, ...TextAnalyzer.bigrams(a.terms), ...(intents ? a.intents : [])];
    };
    this.index = new MiniSearch({
      fields: ['title', 'question', 'phrasings', 'keywords'],
      tokenize: (s: string) => s.split(' ').filter(Boolean),
      processTerm: (t: string) => t,
    });

    const df = new Map<string, number>();
    const analysed = entries.map((e) => {
      const texts = [e.title, e.question, ...e.phrasings];
      // What the entry asks (its title, question or keywords asking whether someone is eligible) is part of its topic;
      // its example wordings may ask it in passing, about something else, so they carry no intent.
      const lines = texts.map((text, k) => analyse(text, k < 2));
      const keywordLines = e.keywords.map((text) => analyse(text, true));
      const keywords = keywordLines.flat();
      const core = new Set([...lines.flat(), ...keywords]);
      // the short answer and its details together: the words the whole reply uses
      const answer = new Set(this.analyzer.analyze(`${e.answer}\n${e.more ?? ''}`.replace(/\]\([^)]*\)/g, ']')).terms);
      // an entry whose short answer states what an intent asks (the lexicon's answeredBy) answers it, at half weight like any answer word
      for (const t of this.analyzer.statedIntents(e.answer)) answer.add(t);
      for (const t of new Set([...core, ...answer])) df.set(t, (df.get(t) ?? 0) + 1);
      return { entry: e, texts, lines, keywordLines, keywords, core, answer };
    });
    const n = Math.max(entries.length, 1);
    for (const [t, count] of df) this.idf.set(t, Math.log(1 + n / count));
    this.unknownWeight = Math.log(1 + n) * weights.unknown;
    this.intentWeight = Math.log(1 + n);
    // Line norms need the idf weights, so the indexed documents are built once those are known.
    const docs = analysed.map(({ entry, texts, lines, keywords, core, answer }, i) => {
      this.docs.push({
        entry,
        core: unigrams(core),
        coreBigrams: core,
        answer,
        states: new Set(this.analyzer.statedIntents(`${entry.answer}\n${entry.more ?? ''}`)),
        topic: unigrams([...(lines[0] ?? []), ...(lines[1] ?? []), ...keywords]),
        defines: this.definedBy(entry.question, entry.title),
        lines: lines.map((terms, k) => {
          const set = new Set(terms);
          return { text: texts[k] as string, terms: set, norm: Math.sqrt([...set].reduce((sum, t) => sum + this.weight(t) ** 2, 0)) };
        }),
      });
      return {
        id: i,
        title: (lines[0] ?? []).join(' '),
        question: (lines[1] ?? []).join(' '),
        phrasings: lines.slice(2).flat().join(' '),
        keywords: keywords.join(' '),
      };
    });
    this.index.addAll(docs);
    for (const d of this.docs) {
      this.byId.set(d.entry.id, d);
      for (const t of d.topic) this.topicTerms.add(t);
    }
    // Single terms only: with bigrams as well the model alone ranked fewer questions right, on the dev set and on
    // held-out phrasings (bench:kb), as pairs seen once in one phrasing outvote the words.
    // (and the questions people asked, examples.yaml: on the held-out sets the model trained on them put the right
    // entry first for 7 more of 726 questions, and answered 10 more right, than the entries' own wordings alone)
    const asked = (e: FaqEntry) => (e.asked ?? []).map((q) => this.analyzer.analyze(q).terms);
    // (and, as one class more after the entries', questions about something else: a model that knows only the entries
    // shares all its belief among them, so "how long can cooked rice be kept in the fridge" was all but sure to be how
    // long a disabled account is kept; with a class for none of them, the words it has seen off the subject take it)
    const offTopic = (lexicon.offTopicAsked ?? []).map((q) => this.analyzer.analyze(q).terms);
    const classes = analysed.map(({ entry, lines, keywordLines }) => [...lines, ...keywordLines, ...asked(entry)]);
    this.classifier = new TermClassifier(
      (offTopic.length ? [...classes, offTopic] : classes).map((c) => c.map((l) => l.filter((t) => !t.includes('_')))),
      learning,
    );
  }

  /**
   * Ranks entries for a question and decides whether to answer, offer choices, or refuse. `anchored`: the question
   * is known to be about NHSmail from around it (one part of a message that names NHSmail things), so it is judged
   * as if it named one itself. `audiences`: the professions the conversation is about (the last answer was written
   * for a pharmacy), which then count as named in the question (see audienceFirst). `scene`: a scene set before the
   * question weighs less than what it asks (false when the scene is the point: a situation split out of a message,
   * "a night nurse has quit, what do we do with their emails").
   */
  search(query: string, options: { anchored?: boolean; audiences?: readonly string[]; scene?: boolean } = {}): SearchOutcome {
    // A first sentence saying only who writes is who asks, not what ("I'm a community pharmacist. My NHSmail says I've
    // run out of space..."). When the whole message leaves the search unsure, or answers it with an entry written for
    // the writer's profession (which that sentence's words alone may have pulled: "Pharmacy technician here. My account
    // got locked... How do I get back into NHSmail?"), the rest is searched with the profession as the conversation's,
    // and its answer stands if the learned model agrees.
    const whole = this.searchWhole(query, options);
    if (whole.kind === 'offTopic') return whole;
    // (an answer written for everyone is no profession's pull: most messages stop here, before reading any sentence)
    if (whole.kind === 'answer' && !this.forProfession(whole.best.entry)) return whole;
    const who = this.writerOnly(query);
    if (!who || (whole.kind === 'answer' && !whole.best.entry.audience.some((a) => who.audiences.includes(a)))) return whole;
    const rest = this.searchWhole(who.rest, { ...options, audiences: [...(options.audiences ?? []), ...who.audiences] });
    // (only an answer the learned model agrees with: "care home in leeds. how do we get nhsmail?" without the care home
    // would answer what NHSmail is)
    if (rest.kind !== 'answer' || rest.best.learned < SETTLED.learned) return whole;
    // (nor, when the rest's answer is written for care providers rather than for all, when the model is surer still of
    // the whole message's: "head office for a pharmacy multiple here, whats the process for getting nhsmail across all
    // our branches" is the multiples' entry, not a care provider's allowance; "gp locum, do i need to keep patient emails
    // somewhere other than nhs.net" is what everyone keeps, whatever the model makes of the locum)
    if (whole.kind === 'answer' && whole.best.learned > rest.best.learned && !rest.best.entry.audience.includes('all')) return whole;
    // (nor one written for others than the writer: "gp locum, got an invite email about nhsmail, wat do i need to be
    // eligable" is the locum's own entry, not a care provider's way of joining; what every account holder does, written
    // for care providers, is theirs too: "pharmacy technician, retiring in june! does my nhs.net email just stop")
    // (even when the whole message left the search unsure: "freelance gp locum, ... how do i get one when im not
    // employed anywhere" is not a midwife's)
    const othersOnly = (e: FaqEntry) => !(forEveryone(e) && !e.joining) && !e.audience.includes('all');
    if (who.audiences.length && othersOnly(rest.best.entry) && !rest.best.entry.audience.some((a) => who.audiences.includes(a))) return whole;
    if (whole.kind === 'unsure' || rest.best.entry.id === whole.best.entry.id) return rest;
    // the profession's entry stands when it covers the rest as well as the rest's own answer does ("Pharmacist here.
    // how many accounts can we have?": the pharmacy's three users, not every site's ten)
    const own = whole.best.entry.id;
    const theirs = [rest.best, ...rest.others].find((h) => h.entry.id === own);
    return theirs && theirs.coverage >= rest.best.coverage ? whole : rest;
  }

  /**
   * A first sentence of a message saying only who writes ("I'm a community pharmacist.", "Registered manager here."):
   * the professions it names and the rest of the message, when the rest names something only NHSmail questions name.
   */
  private writerOnly(query: string): { rest: string; audiences: string[] } | undefined {
    const [first, ...more] = sentences(query);
    if (!first) return undefined;
    // (or its first clause, before a comma: "independent optician, is nhsmail free for optometry practices")
    const comma = first.indexOf(',');
    const splits: [who: string, rest: string][] = [];
    if (more.length) splits.push([first, more.join(' ')]);
    if (comma > 0) splits.push([first.slice(0, comma), [first.slice(comma + 1), ...more].join(' ')]);
    for (const [k, [who, rest]] of splits.entries()) {
      const words = tokenize(who);
      // (a clause telling what is happening says more than who: "starting fy1 in august, i assumed i sign myself up")
      if (k === splits.length - 1 && comma > 0 && HAPPENING.has(words[0] ?? '')) continue;
      // ("Small dom care agency.": a few words naming the writer's kind of organisation say it as well)
      const says = WRITER_IS.test(words.join(' ')) || words.length <= WRITER_BARE;
      if (!says || words.length > WRITER_WORDS) continue;
      const terms = this.analyzer.analyze(who).terms;
      const audiences = this.audiencesNamed(terms);
      if (!audiences.length && !this.providerKinds.some((p) => holdsPhrase(terms, p))) continue;
      if (this.mentionsAnchor(rest)) return { rest, audiences };
    }
    return undefined;
  }

  /** The message searched as typed, through the outcome cache (see search). */
  private searchWhole(query: string, { anchored = false, audiences = [], scene = true }: { anchored?: boolean; audiences?: readonly string[]; scene?: boolean } = {}): SearchOutcome {
    if (!this.cacheSize) return this.searchCleaned(this.clean(query), anchored, audiences, scene);
    // People ask the popular questions in the same words again and again; an outcome is a pure function of the
    // words. The exact text is looked up first, so a repeated question skips the redaction and tokenising too.
    const mark = `${anchored ? '\u0001' : ''}${scene ? '' : '\u0003'}${audiences.length ? `\u0002${audiences.join(',')}\u0002` : ''}`;
    const exact = `\u0000${mark}${query}`;
    const known = this.recall(exact);
    if (known) return known;
    const cleaned = this.clean(query);
    const key = mark + tokenize(cleaned).join(' ');
    const outcome = this.recall(key) ?? this.searchCleaned(cleaned, anchored, audiences, scene);
    this.keep(key, outcome);
    this.keep(exact, outcome);
    return outcome;
  }

  /**
   * The text without the clauses saying NHSmail works ("my nhsmail is fine, its my personal gmail that wont let me in";
   * "got locked out of nhsmail yesterday but its sorted. now the nhs app says too many attempts"): what works is no
   * question, and would anchor the other system's in NHSmail. A clause naming NHSmail and ending so goes, and so does one
   * of a few words ending so after it ("... but its sorted") with the clause it speaks of. The text as it came when
   * nothing is said to work, or nothing would be left.
   */
  private withoutNhsmailFine(text: string): string {
    const { fine, word, asks, gets } = this.works;
    if (!SERVICE_NAMED.test(text) || !word.test(text)) return text;
    const pieces = text.split(FINE_CLAUSES);
    // clauses at even places, separators at odd ones
    const drop = new Set<number>();
    for (let i = 0; i < pieces.length; i += 2) {
      const clause = pieces[i] as string;
      if (!SERVICE_NAMED.test(clause) || asks.test(clause)) continue;
      if (fine.test(clause)) {
        if (!gets.test(clause)) drop.add(i);
        continue;
      }
      const next = pieces[i + 2];
      const saysFine = next !== undefined && fine.test(next) && !asks.test(next) && !gets.test(next);
      if (saysFine && tokenize(next).length <= FINE_ALONE && !SERVICE_NAMED.test(next)) drop.add(i).add(i + 2);
    }
    if (!drop.size) return text;
    const kept = pieces.filter((_, i) => !drop.has(i - (i % 2)));
    const out = kept.join('').replace(/^[\s,;.!?]+/, '');
    return tokenize(out).length ? out : text;
  }

  /**
   * Contact details and secrets say nothing about the topic; left in, they would count as unknown words. A sentence
   * opening with one of the lexicon's asideWords ("Separately, ...") sets what came before aside: the text from the
   * last such sentence on.
   */
  private clean(query: string): string {
    const said = this.holdsAside.test(query) ? sentences(query) : [];
    let from = 0;
    said.forEach((s, i) => {
      const words = tokenize(s);
      if (i > 0 && this.asides.some((a) => a.every((w, k) => words[k] === w))) from = i;
    });
    const text = this.withoutSetAside(this.withoutNhsmailFine(from > 0 ? said.slice(from).join(' ') : query)).replace(ODS_SHAPED, 'ods code');
    return this.analyzer.apart(redact(text).text).replace(/\[(?:email|phone|number|postcode|name|removed)\]/g, ' ');
  }

  /**
   * The text without what it says it is not asking about (the lexicon's setAside): "not asking how to register, just why
   * the trust wants secure email" asks why the trust wants it; "not the location id, the cqc contact id" asks about the
   * contact ID. The text as it came when nothing is set aside, or when nothing would be left.
   */
  withoutSetAside(text: string): string {
    if (!NOT_OR_KNOW.test(text)) return text;
    // clauses at even places, the marks ending them at odd ones (a full stop inside "nhs.net" ends nothing)
    const pieces = text.split(/((?:[,;:!?]|\.(?!\w))+|\s+[-\u2013\u2014]+\s+)/);
    const clauses = pieces.filter((_, i) => i % 2 === 0).map((c) => tokenize(c));
    let out = '';
    clauses.forEach((words, k) => {
      // (not what a thing "itself" is set against: "the toolkit website itself, not NHSmail" says whose the question is)
      const kept = clauses[k - 1]?.at(-1) === 'itself' ? undefined : this.notAsked(words, clauses.slice(k + 1).find((c) => c.length > 0) ?? []);
      // (a clause set aside takes the mark after it along: "Not asking how to register. Just why...")
      const mark = pieces[2 * k + 1] ?? '';
      out += kept === undefined ? `${pieces[2 * k] ?? ''}${mark}` : kept === '' ? ' ' : `${kept}${mark}`;
    });
    return tokenize(out).length ? out : text;
  }

  /**
   * What is left of a clause that says what is not asked (see withoutSetAside), given the clause after it: '' when it
   * is all set aside, the words from a contrast within it on ("not asking about the dspt but about nhsmail"), or
   * undefined when it sets nothing aside.
   */
  private notAsked(words: readonly string[], next: readonly string[]): string | undefined {
    const opensWith = (ws: readonly string[], list: Phrases) => phraseAt(ws, 0, list.get(ws[0] ?? '') ?? []);
    // (after a word or two opening it: "ok not asking...", "sorry, not the...")
    const lead = words.findIndex((w) => !SET_ASIDE_LEADS.has(w));
    const rest = lead < 0 ? [] : words.slice(lead);
    const opener = opensWith(rest, this.setAside.openers);
    // (what is done is the question's condition when the clause after asks whether something "still" holds: "ive
    // already got an nhsmail account, do i still need to register")
    if (opener && next.includes('still')) return undefined;
    if (opener) {
      // (up to a contrast within it: "not asking about the dspt but about nhsmail")
      const upTo = rest.findIndex((w, k) => k >= opener.length && (w === 'but' || !!phraseAt(rest, k, this.setAside.strongContrasts.get(w) ?? [])));
      return upTo < 0 ? '' : ` ${rest.slice(upTo).join(' ')}`;
    }
    if (rest[0] !== 'not' || rest.length < 2) return undefined;
    const determined = this.setAside.determiners.has(rest[1] ?? '');
    const contrasted = (determined || rest.length <= SHORT_NOT) && !!opensWith(next, this.setAside.contrasts);
    // (NHSmail itself turned down in a few words, "not nhsmail, our care planning software...", "not email stuff", is
    // set aside whatever follows)
    const named = this.analyzer.analyze(rest.slice(1, 2).join(' ')).terms;
    const notNhsmail = rest.length <= SHORT_NOT + 1 && next.length > 0 && named.some((t) => this.service.has(t) || this.byEmail.has(t));
    return contrasted || notNhsmail || opensWith(next, this.setAside.strongContrasts) ? '' : undefined;
  }

  private recall(key: string): SearchOutcome | undefined {
    return this.recent.get(key);
  }

  private keep(key: string, outcome: SearchOutcome): void {
    this.recent.set(key, outcome);
  }

  /**
   * The terms of the clauses that ask something ("what do I do" in "our cook is leaving, what do I do"), and those
   * clauses as words.
   */
  private askedTerms(message: Message): { terms: Set<string>; clauses: readonly (readonly string[])[] } {
    // (a clause asking what something is asks about that thing, not about when or why it came: "what is the shared
    // inbox thing we got when we registered" sets the registering as its scene)
    const clauses = askingClauses(message).map((c) => {
      if (!this.holdsDefinition(c)) return c;
      const cut = c.findIndex((w, i) => i >= DEFINED_BEFORE && SCENE_OPENERS.has(w));
      return cut > 0 ? c.slice(0, cut) : c;
    });
    // a question with no clause that opens as one ("our cook is leaving on friday?") asks about all of it
    // (read with slips put right, as the whole message is: "whats the passwrod for..." asks about the password)
    const read = clauses.length ? this.readClauses(clauses, { correct: true }) : this.analyzer.analyze(message.text, { correct: true });
    const terms = new Set(read.terms);
    return { terms, clauses };
  }

  /**
   * Whether the entry's short answer states all the question asks (a time, for "how long") and the question names
   * nothing the entry does not: "how long till it's deleted" after the leaver's answer, which gives the days. The
   * house rule for "how long" (see `ownEntryFirst`) applied to the thing a follow-up points back to rather than names.
   * Only the short answer counts: the GP locum details' "e-learning in the last 12 months" says nothing of how long
   * signing up takes.
   */
  statesAsked(question: string, entryId: string): boolean {
    const d = this.byId.get(entryId);
    const analysis = this.analyzer.analyze(this.clean(question), { correct: true });
    if (!d || !analysis.intents.length) return false;
    const states = new Set(this.analyzer.statedIntents(d.entry.answer));
    if (!analysis.intents.every((i) => states.has(i))) return false;
    // words no entry is about ("usually", "till") name nothing
    return analysis.terms.every((t) => !this.topicTerms.has(t) || d.core.has(t) || d.answer.has(t));
  }

  /**
   * True when the entry's topic (its title, question and keywords) names every word the question says that some entry's
   * topic names, and what it asks: "who at a pharmacy does the registration" and "who in the pharmacy is supposed to do
   * the nhsmail registration" are within "who registers a pharmacy and how many users it gets".
   */
  topicCovers(question: string, entryId: string): boolean {
    const d = this.byId.get(entryId);
    const analysis = this.analyzer.analyze(this.clean(question), { correct: true });
    // (words no entry is about, "supposed", and the service's name, name nothing)
    const said = [...analysis.terms, ...analysis.intents].filter((t) => this.topicTerms.has(t) && !this.service.has(t));
    return !!d && said.length > 0 && said.every((t) => d.topic.has(t));
  }

  /**
   * True when every word the question says (besides what it asks, such as "how long") is one the knowledge base uses
   * somewhere, in an entry's wordings or its answer: "how long till we hear back" does, "how long do you boil an egg" not.
   */
  usesKnownWords(question: string): boolean {
    const terms = this.analyzer.analyze(this.clean(question), { correct: true }).terms;
    return terms.length > 0 && terms.every((t) => this.idf.has(t));
  }

  /** The entries answering what the question asks about anything (the lexicon's `general`: how long things take). */
  generalFor(question: string): string[] {
    return this.analyzer.analyze(question).intents.flatMap((intent) => this.general.get(intent) ?? []);
  }

  /**
   * The reply key of the lexicon's gap the text asks about ("how big can attachments be"), else undefined. A gap named
   * only in the scene set before what is asked ("we get loads of big attachments, how much storage does a mailbox
   * have") is the answer only when the knowledge base has none for the message, nor for what it asks.
   */
  gapFor(text: string): string | undefined {
    if (!this.gaps.length) return undefined;
    // the phrases are plain words: contact details, which redaction would take out, never match one
    const said = tokenize(text);
    const gaps = this.gaps.filter((g) => !g.with.size || said.some((w) => g.with.has(w)));
    const named = (words: readonly string[]) => gaps.find((g) => g.phrases.some((p) => holdsPhrase(words, p)))?.reply;
    const gap = named(said);
    if (!gap) return undefined;
    const message = Message.of(text);
    const clauses = isQuestion(message, QUESTION_STYLES.notARequest) ? askingClauses(message) : [];
    if (!clauses.length || clauses.some((c) => named(c) === gap)) return gap;
    // (nor when what is asked, on its own, has one: "...large attachments from the hospital... How much can a normal
    // NHSmail mailbox hold, and can mine be made bigger?")
    return this.search(text).kind === 'answer' || this.search(clauses.map((c) => c.join(' ')).join(', ')).kind === 'answer' ? undefined : gap;
  }

  /** True when the text asks what something is (the lexicon's definitionWords: "what is an ODS code?"). */
  asksWhatIs(text: string): boolean {
    return this.holdsDefinition(tokenize(text));
  }

  /**
   * True when the words hold one of the lexicon's definitionWords ("what is", "never heard of"), or ask what a thing of a
   * few words is in reported order ("asking what nhs.net email is and who its for", "what the aup thing is").
   */
  private holdsDefinition(words: readonly string[]): boolean {
    if (this.definitions.some((d) => holdsPhrase(words, d) && (!DOES_ONE.has(d[1] ?? '') || d.length > 2 || asksMeaning(words)))) return true;
    return words.some((w, i) => {
      if (w !== 'what') return false;
      // (what a thing would involve is what it is: "what would that role actually involve")
      if (words.slice(i + 1, i + 6).some((v) => INVOLVES.has(v))) return true;
      const j = words.findIndex((v, k) => k > i + 1 && k <= i + 4 && (v === 'is' || v === 'are'));
      return j > 0 && (j === words.length - 1 || REPORTED_END.has(words[j + 1] ?? ''));
    });
  }

  /** True when the text names something only NHSmail questions name (an anchor word of the lexicon). */
  mentionsAnchor(text: string): boolean {
    return this.namesAnchor(this.analyzer.analyze(this.clean(text), { correct: true }).terms);
  }

  /** The anchor words the text names ("ods code", "dental"), each as its analysed terms joined by spaces. */
  anchorsIn(text: string): string[] {
    const terms = this.analyzer.analyze(this.clean(text), { correct: true }).terms;
    return this.anchors.filter((anchor) => holdsPhrase(terms, anchor)).map((anchor) => anchor.join(' '));
  }

  private searchCleaned(cleaned: string, anchored: boolean, audiences: readonly string[], stressAsked = true): SearchOutcome {
    // "locked out of our care planning system, not email, after..." says in so many words that it is not about NHSmail
    if (DISOWNS_NHSMAIL.test(cleaned)) return { kind: 'offTopic', candidates: [], markers: ['not nhsmail'] };
    const analysis = this.analyzer.analyze(cleaned, { correct: true });
    // "whats the email address for the district nurses": the words asking for an address say nothing of whose it is,
    // so they anchor nothing and count neither for nor against an entry's coverage
    const lookup = new Set(analysis.lookup.terms);
    const terms = [...new Set(analysis.terms)];
    terms.push(...analysis.intents);
    // "nhsmail not working": what fails is not said, so the commonest troubles are offered
    if (this.vaguelyFailing(analysis)) return { kind: 'unsure', candidates: this.trouble.offer.flatMap((id) => this.hitFor(id)) };
    // "how long does it take": a question may ask only what the lexicon's intents read
    if (!terms.some((t) => /[a-z]/.test(t))) return { kind: 'unsure', candidates: [] };
    // nor one that only negates ("you're not helping"): "not" says nothing of a topic on its own, unless it is read as
    // part of a message about NHSmail ("what is the dspt... and what if we havent done it")
    if (!anchored && analysis.terms.length > 0 && analysis.terms.every((t) => this.negations.has(t))) return { kind: 'unsure', candidates: [] };
    // "can we send medication changes to the pharmacy by nhsmail": what is sent by email is not the topic
    // ...to an address at another provider too ("send a support plan to her personal outlook.com")
    // (someone else's: "her personal outlook.com", "a gmail address"; "my yahoo account is sending spam" is the writer's own)
    const typed = analysis.words;
    const at = (p: readonly string[], i: number, words: readonly string[] = typed) => p.every((w, k) => words[i + k] === w);
    // (the words just before a phrase, one or two back, say whose it is)
    const saidOf = (p: readonly string[], whose: ReadonlySet<string>) => typed.some((_, i) => at(p, i) && (whose.has(typed[i - 1] ?? '') || whose.has(typed[i - 2] ?? '')));
    // (or a kind of email that is someone's own: "a carer wants the MAR chart emailed to her personal email"; "a mail
    // merge" is no one's)
    const theirEmail = (m: string) => this.namesEmail(m) && saidOf(tokenize(m), OWNERS);
    const toProvider = this.providers.some((p) => saidOf(p, OTHERS)) || analysis.offTopic.some(theirEmail);
    // (the stem of "securely" and "secure email" is no sending or email of itself: "forgot security questions" sends nothing)
    const sendVerb = terms.some((t) => this.sending.has(t) && t !== this.secure);
    const sends = sendVerb || EMAIL_VERB.test(cleaned) || EMAIL_WENT.test(cleaned);
    // sent to someone's address at another provider ("they've only got a btinternet address, ok to just email them
    // over?"), it is sent to a non-secure address, whatever the question calls it
    const implied = toProvider && sends && this.nonsecure && !terms.includes(this.nonsecure) ? [this.nonsecure] : [];
    terms.push(...implied);

    const content = analysis.words.filter((w) => !this.analyzer.isStopWord(w)).join(' ');
    // "our cook is leaving on friday" reports a situation, whoever it is about and whenever it is; a question about a
    // colleague ("what time is the cook in today") asks about the colleague, so there who and when keep their weight.
    // Only the asking clauses ask: "one of our nurses is leaving next month, what do I do" reports who and when.
    const message = Message.of(cleaned);
    // (a clause that asks after a scene, with no question mark and a question word as typed, asks too: "nhs keep
    // mentioning a shared mailbox for the home, whats that exactly")
    const typedAsks = () => askingClauses(message).some((c) => TYPED_QUESTION_WORDS.has(c[0] ?? ''));
    const asking = isQuestion(message, QUESTION_STYLES.notARequest) || typedAsks() ? this.askedTerms(message) : { terms: new Set<string>(), clauses: [] };
    const asked = asking.terms;
    // (an anchor read only inside an off-topic phrase names no NHSmail thing: "a data protection officer" is no DSPT)
    const inMarkers = new Set(analysis.offTopic.flatMap((m) => (this.namesEmail(m) ? [] : this.phraseTerms(m))));
    // (NHSmail named inside a phrase the lexicon reads as something else still names it: "set up on nhsmail" is registering)
    const saysNhsmail = SERVICE_NAMED.test(cleaned);
    const named = anchored || saysNhsmail || this.namesAnchor(analysis.terms.filter((t) => !lookup.has(t) && !inMarkers.has(t)));
    // In a question about NHSmail, where the asker is counts as context even inside the question asked ("we're a dental
    // practice in wales how do we register"), unless an entry is about the place (Scotland's, London's midwives); with
    // nothing NHSmail named ("we're based in cardiff", "we're not in wales") the place is all there is to go on.
    const where = named ? analysis.where.filter((t) => !this.topicTerms.has(t)) : [];
    const aside = new Set([...analysis.whoOrWhen.filter((t) => !asked.has(t)), ...where]);
    // With nothing NHSmail named, what the statement says is all there is to go on: who and when do not rank
    // entries either ("next week" is no reason to prefer what happens next after registering)
    // "do dentists use the same portal as care homes": the question is the dentists'; care homes are what it is compared with
    const compared = this.comparedWith(cleaned);
    // "head office asking if we can pay for extra storage": who passed the question on is not what it asks
    for (const t of this.reportedBy(cleaned)) compared.add(t);
    // ...nor a step the scene says is done ("we've published our DSPT at approaching standards... how do I actually do
    // the registration online" asks how to register)
    for (const t of this.doneWith(cleaned)) compared.add(t);
    const said = (named ? analysis.terms : analysis.terms.filter((t) => !aside.has(t))).filter((t) => !compared.has(t));
    const own = said.some((t) => /[a-z]/.test(t)) ? said : analysis.terms;
    const ranked = own === analysis.terms ? terms : [...new Set(own), ...implied, ...analysis.intents];
    // a scene set before the question ("our dental practice joined last year, how big is the mailbox"): the asking
    // clause's own words are stressed
    // (someone's NHSmail stresses nothing: "our carer is leaving. what do i do about her nhs.net" asks about the leaving,
    // as "...about it" would; "what is nhsmail" asks about NHSmail)
    const theirs = SOMEONES_NHSMAIL.test(cleaned);
    const inClause = new Set([...asked].filter((t) => terms.includes(t) && !(theirs && this.service.has(t))));
    // "... asking for our ODS code. I'm the manager of a care home, what is that": a clause asking only about "it" or
    // "that" asks about what the scene names that only NHSmail questions name (NHSmail itself when nothing else is)
    // (read at most once a search: markersAsked may need it too)
    let back: Pointed | undefined;
    const pointedBack = () => (back ??= this.pointedAt(cleaned));
    // (so does one naming only what "that" or "this" points at: "...become the local administrator for nhsmail across
    // our homes. what would that role actually involve" asks about the administrator)
    // (not "this" asked about, with what is said of it after: "is this new", "is this allowed way to do it"; nor a
    // participle describing the thing after it: "that missing code")
    const points = (c: readonly string[], i: number) => DEMONSTRATIVES.has(c[i - 1] ?? '') && !COPULAS.has(c[i - 2] ?? '') && !PARTICIPLE.test(c[i] ?? '');
    const pointedWords = inClause.size ? new Set(asking.clauses.flatMap((c) => c.flatMap((w, i) => (points(c, i) ? this.analyzer.analyze(w).terms : [])))) : new Set<string>();
    const demonstrated = inClause.size > 0 && [...inClause].every((t) => pointedWords.has(t));
    // (nor does asking what it is for name a thing: "...something called the shared mailbox. What is it for")
    // (nor does NHSmail named as where the thing is: "the helpdesk mentioned a local administrator, what is that on nhsmail")
    const inService = asking.clauses.some((c) => SERVICE_WHERE.test(c.join(' ')));
    const namesThing = [...inClause].some((t) => !this.purpose.has(t) && !(inService && this.service.has(t)));
    const pointed = (!namesThing || demonstrated) && refersBack(asking.clauses) ? pointedBack().thing : [];
    const stressed = pointed.length ? new Set([...pointed, ...inClause]) : inClause;
    // (a question asking "how long" or "is it free" is left to the house rule for what it asks: see ownEntryFirst)
    const scene = stressAsked && !analysis.intents.some((i) => this.general.has(i)) && stressed.size > 0 && terms.some((t) => /[a-z]/.test(t) && !stressed.has(t) && !aside.has(t));
    const ranking = this.rank(ranked, [...new Set(TextAnalyzer.bigrams(own))], content, this.markerPairs(analysis.offTopic), aside, lookup, scene ? stressed : new Set());
    const ordered = this.topicalFirst(this.audienceFirst(this.ownEntryFirst(this.generalAsked(ranking, analysis.terms, analysis.intents), analysis.terms, analysis.intents, givesExamples(typed)), analysis.terms, audiences));
    // (read only after a scene: whether a clause asks what something is, the lexicon's definitionWords, or asks where
    // to find what it points back at: "the form is asking for an ODS code... where do we get that from" is the ODS
    // code's entry, not the form's checklist that also names it)
    // (or a statement that what it points back at is unknown: "where do i find our ods code, the form wants it and ive
    // never heard of it" asks what the code is as much as where)
    const unknownThing = () => cleaned.split(/[,.;!?]+/).some((c) => {
      const words = tokenize(c);
      return this.holdsDefinition(words) && words.some((w) => REFERS.has(w));
    });
    const defining = scene && (asking.clauses.some((c) => this.holdsDefinition(c)) || unknownThing());
    const definition = defining || (scene && pointed.length > 0 && asking.clauses.some((c) => LOCATING.some((w) => c.includes(w))) && !this.about(ordered[0], pointed));
    const alone = definition && asking.clauses.length === 1 && this.asksOnlyWhatIs(cleaned, stressed);
    const whatIs = alone && asking.clauses.every((c) => WHAT_IS.test(c.join(' ')));
    const defined = pointed.length && !namesThing ? new Set(pointed) : stressed;
    const hits = definition ? this.definitionFirst(ordered, defined, new Set(terms), { pointed: pointed.length > 0, alone, whatIs }) : ordered;
    const sendsByEmail = sends && (toProvider || terms.some((t) => this.byEmail.has(t) && t !== this.secure));
    // ...nor what is kept in it ("can we keep medication records in the shared inbox")
    const storesInMail = terms.some((t) => this.storing.has(t)) && terms.some((t) => this.inMailbox.has(t));
    // "my nhsmail password won't work on the new laptop": a question naming NHSmail itself is about NHSmail, whatever
    // other system or body it also names
    const namesNhsmail = saysNhsmail || terms.some((t) => this.service.has(t));
    // nor do NHSmail's name or sending set aside a request for someone's address: the knowledge base holds no directory
    // "how do i send a medication list securely": sending something securely is sending it by secure email
    const sendsSecurely = sendVerb && terms.includes(this.secure);
    // ...but another provider's own mail ("my hotmail keeps sending everything to junk") is no NHSmail sending
    const exempt = ((named || toProvider) && sendsByEmail) || (named && storesInMail) || sendsSecurely || namesNhsmail;
    // a marker that is itself a kind of email ("a mail merge in Word") names what the email is, not what is sent by it
    // (not someone else's: "social worker gave me her yahoo email, ok to send the assessment there")
    const theirMail = (m: string) => (toProvider && this.ownMail.has(m)) || theirEmail(m);
    const survives = (m: string) => !theirMail(m) && (this.ownMail.has(m) || (!sendsSecurely && this.namesEmail(m))) && !namesNhsmail;
    // "can I get my emails on my own laptop": asked where NHSmail is used, the laptop is where, not the topic
    // (so is a device something is done on, in a message naming an NHSmail thing: "getting 'your mailbox has exceeded
    // its quota' every time i open outlook on the office pc"; not "forgot the password for my work laptop")
    const usedOn = (m: string) => {
      const p = tokenize(m);
      return typed.some((_, i) => at(p, i) && typed.slice(Math.max(0, i - 3), i).some((w) => USED_ON.has(w)));
    };
    const placeOfUse = (m: string) => analysis.intents.some((i) => this.exempts.get(i)?.has(m)) || (named && this.anyExempt.has(m) && usedOn(m));
    // ...nor is another thing an NHSmail thing is likened to, in a message naming one ("got locked out, i assumed it
    // unlocks itself after 24 hours like my bank app does"; not "id like my payslip emailed")
    const likenedTo = (m: string) => {
      const p = tokenize(m);
      // (or "the same ... as": "is the location id the same thing as our cqc registration number")
      const sameAs = (j: number) => typed[j] === 'as' && typed.slice(Math.max(0, j - 3), j).includes('same');
      const likens = (j: number) => (LIKENED.has(typed[j] ?? '') && !(typed[j] === 'like' && LIKE_WANTS.has(typed[j - 1] ?? ''))) || sameAs(j);
      // (or asked whether the thing is one: "the data security toolkit thing, is it an inspection where someone comes out")
      const isOne = (i: number) =>
        [i - 2, i - 3, i - 4, i - 5, i - 6].some((k) => k >= 0 && typed[k] === 'is' && ONE_THING.has(typed[k + 1] ?? '') && typed.slice(k + 2, i).every((w) => KIND_OF.has(w)));
      // ("the same as" may stand further back, before what the other thing is called: "is that the same as our
      // registration number on the CQC portal")
      const sameBefore = (i: number) => {
        for (let j = Math.max(0, i - SAME_AS_REACH); j < i; j++) if (sameAs(j)) return true;
        return false;
      };
      return typed.some((_, i) => at(p, i) && ([i - 1, i - 2, i - 3].some((j) => j >= 0 && likens(j)) || sameBefore(i) || isOne(i)));
    };
    // ...nor, in such a message, one saying only when ("is there no way to sort it myself at 2am on a night shift"; "how
    // many staff do we need on a night shift" names nothing NHSmail, and stays off the subject)
    // ...nor, in such a message, whom something was emailed or sent to ("accidentally emailed a client's care plan to the
    // wrong social worker, how do we stop it happening again"): the question is about the sending
    // (in any message, when it went to the wrong one: "a carer sent a resident's care plan to the wrong social worker,
    // how can we stop that happening again" asks how not to misdirect mail, whatever it calls the mail)
    const sentTo = (m: string, wrong = false) => {
      const p = tokenize(m);
      return typed.some((_, i) => {
        if (!at(p, i)) return false;
        let to = i - 1;
        while (to >= 0 && to >= i - 3 && this.sentTo.between.has(typed[to] as string)) to--;
        if (wrong && !typed.slice(to + 1, i).includes('wrong')) return false;
        return typed[to] === 'to' && typed.slice(Math.max(0, to - SENT_REACH), to).some((w) => this.sentTo.verbs.has(w));
      });
    };
    // ...nor, in any message, another thing said to work ("locked out after holiday and cant remember the password, my
    // smartcard still works, what do i do"): what works is no question (see withoutNhsmailFine)
    // (read in the words as typed: the analysis's words have no "isnt", and "teams isnt working" is the question)
    // (read only for a message with a marker: most have none)
    let typedRaw: readonly string[] | undefined;
    const saidToWork = (m: string) => {
      const p = tokenize(m);
      // (not a phrase saying it fails itself: the marker "teams isnt" in "teams isnt working")
      if (p.some((w) => NOT_WORKING.has(w))) return false;
      const raw = (typedRaw ??= tokenize(cleaned));
      return raw.some((_, i) => {
        if (!at(p, i, raw)) return false;
        let k = i + p.length;
        while (k < raw.length && k - (i + p.length) < 2 && STILL.has(raw[k] as string)) k++;
        // (a phrase of the list opening what follows: "works", "no problem")
        return this.works.word.exec(raw.slice(k, k + 2).join(' '))?.index === 0;
      });
    };
    const found = analysis.offTopic.filter((m) => !placeOfUse(m) && !saidToWork(m) && !sentTo(m, true) && !(named && (likenedTo(m) || sentTo(m) || this.analyzer.saysWhen(typed, tokenize(m)))));
    // (sending sets markers aside only for a leader about one of the question's words: "i need to email my payslip to
    // the bank" ranks the password entry first by chance, and stays off the subject)
    const setAside = exempt && (namesNhsmail || hits[0]?.topical === true);
    // (NHSmail named only in the scene sets aside nothing the question asks about: "we get all our referrals through
    // nhsmail now, but how do i get the rota app working on my new phone")
    const askedElse = setAside && namesNhsmail ? this.askedAboutElse(asking.clauses, pointedBack).filter((m) => !placeOfUse(m)) : [];
    // (a yes/no question with no question mark, which the request reading takes for no question, still has clauses that
    // ask: "we need secure email for the new contract... is there any way to get accounts now" asks for no address)
    const askedClauses = asking.clauses.length ? asking.clauses : askingClauses(message);
    const offTopic = setAside ? [...new Set([...found.filter(survives), ...askedElse])] : this.markersAsked(found, askedClauses, pointedBack);
    const markers = [...offTopic, ...this.lookupsAsked(analysis.lookup.phrases, askedClauses), ...(namesNhsmail ? [] : this.markersAsked(this.otherSystems(typed), askedClauses, pointedBack, () => askedClauses.flatMap((c) => this.otherSystems(c))))];
    const outcome = this.decide(hits, this.notWordedBy(hits[0], markers), terms.length - analysis.intents.length, named, namesNhsmail);
    // (a message naming anything off the subject keeps its doubt: the question alone would lose that word; not one the
    // question's naming NHSmail set aside: "how long does the nhsmail helpdesk take? trying to plan round our CQC
    // inspection")
    const settle = outcome.kind === 'unsure' && stressAsked && !(namesNhsmail ? markers : analysis.offTopic).length && !analysis.lookup.phrases.length;
    return settle ? (this.askedAlone(cleaned, outcome, anchored || named, audiences) ?? outcome) : outcome;
  }

  /**
   * Another system named by a word no entry uses and English does not know, just before what one signs in with or just
   * after "for" or "into" one ("forgot my password for rotacloud", "my carebeans login", "cant log into mycarecloud"): the
   * question is about that system's account, whatever else it shares with NHSmail's. (A slip in a word of the knowledge
   * base was put right before this reading, so it names no other system.)
   */
  private otherSystems(words: readonly string[]): string[] {
    const unknown = (w: string | undefined) => !!w && w.length >= 4 && !/\d/.test(w) && !isEnglishWord(w) && !this.analyzer.isStopWord(w) && this.analyzer.analyze(w).terms.every((t) => !this.idf.has(t));
    const named = words.filter((w, i) => unknown(w) && (SIGN_IN_WORDS.has(words[i + 1] ?? '') || (SYSTEM_BEFORE.has(words[i - 1] ?? '') && words.slice(Math.max(0, i - 4), i - 1).some((v) => SIGN_IN_WORDS.has(v)))));
    return [...named, ...this.placesSignedInTo(words)];
  }

  /**
   * A place on the web named as someone else's, with a sign-in word near it: after it ("the dspt website login", "the
   * dspt website wont let me log in") or before it and "for", "to", "into" or "on" ("reset the password for the toolkit
   * site", "my login for the nhs learning hub"). Each is read as a marker naming the place.
   */
  private placesSignedInTo(words: readonly string[]): string[] {
    const signIn = (i: number) => PLACE_SIGN_INS.has(words[i] ?? '') && (words[i] !== 'log' || ['in', 'on', 'into'].includes(words[i + 1] ?? ''));
    const whose = (i: number) => {
      const place = words[i] ?? '';
      if (!NAMED_PLACES.has(place)) return undefined;
      if (OWN_SIGN_IN_PLACES.has(place)) return place;
      const owner = words[i - 1] === 'web' ? words[i - 2] : words[i - 1];
      return owner && !NOT_WHOSE.has(owner) && !/\d/.test(owner) ? `${owner} ${place}` : undefined;
    };
    const found: string[] = [];
    words.forEach((_, i) => {
      const place = whose(i);
      if (!place) return;
      const after = words.slice(i + 1, i + 1 + PLACE_REACH).findIndex((_w, k) => signIn(i + 1 + k));
      // ("for", "to"... at most PLACE_REACH words back, and the sign-in word at most three before it)
      let before = false;
      for (let j = i - 1; j >= Math.max(0, i - PLACE_REACH - 1) && !before; j--) {
        if (SYSTEM_BEFORE.has(words[j] ?? '')) before = [j - 1, j - 2, j - 3].some((k) => k >= 0 && signIn(k));
      }
      if (after >= 0 || before) found.push(place);
    });
    return found;
  }

  /**
   * The terms naming who passed the question on: the one to three words just before one of the lexicon's reportWords,
   * back to a determiner, pronoun or "thing" ("head office asking if..." -> head office; "this dspt thing the ICB keep
   * mentioning" -> ICB). Like what a question compares itself with, they are context, not what is asked.
   */
  private reportedBy(text: string): string[] {
    if (!this.holdsReport.test(text)) return [];
    const words = tokenize(text);
    return phraseSpans(words, this.reports).flatMap(({ start, end }) => {
      // back to the clause's start, a determiner or a pronoun, at most three words ("head office", "the ICB", "our RM")
      let from = start;
      while (from > 0 && start - from < 3 && !REPORT_STOPS.has(words[from - 1] ?? '')) from--;
      // ...and the report's own words ("keeps" in "keeps saying" is no keeping an account)
      return from < start ? this.analyzer.analyze(words.slice(from, end).join(' ')).terms : [];
    });
  }

  /**
   * The terms of a clause saying the toolkit is done ("we just published our DSPT", "our dental practice has the dspt
   * done"), in a message that asks something else: what is asked names neither the toolkit nor its publishing, and no
   * clause says anything is not so ("...but the portal says we havent" disputes the status, which is the question).
   */
  private doneWith(text: string): string[] {
    if (!DONE_WORD.test(text) || NOT_SO.test(text)) return [];
    const asked = askingClauses(Message.of(text));
    if (!asked.length || asked.some((c) => this.analyzer.analyze(c.join(' ')).terms.some((t) => this.doneTerms.has(t)))) return [];
    return text.split(DONE_CLAUSE).flatMap((c) => {
      if (!DONE_WORD.test(c)) return [];
      const { terms } = this.analyzer.analyze(c);
      return terms.some((t) => this.toolkit.has(t)) ? terms.filter((t) => this.doneTerms.has(t)) : [];
    });
  }

  /**
   * The terms of what a question compares its subject with ("do dentists use the same portal as care homes", "is the
   * pharmacy sign up the same as the care home one", "can we go through the national admin service like care homes
   * do", "quota exceeded on my account, is that the same as the site running out of accounts"): up to three words
   * after "same ... as" (or "same ... the"), or after a "like" that compares (not "would like", "like to"), when the
   * words before name a profession or an NHSmail thing and those after name no profession; else none.
   */
  private comparedWith(text: string): Set<string> {
    const words = tokenize(text);
    const same = words.indexOf('same');
    const as = same < 1 ? -1 : words.findIndex((w, i) => i > same && i - same <= 4 && (w === 'as' || (w === 'the' && i > same + 1)));
    const like = words.findIndex((w, i) => w === 'like' && i > 0 && !LIKE_WANTS.has(words[i - 1] ?? '') && words[i + 1] !== 'to');
    const at = as >= 0 ? same : like;
    const from = as >= 0 ? as : like;
    if (at < 1) return new Set();
    const before = this.analyzer.analyze(words.slice(0, at).join(' ')).terms;
    const after = this.analyzer.analyze(words.slice(from + 1, from + 4).join(' ')).terms;
    // (or an NHSmail thing named before it, compared with something else: "quota exceeded on my account, is that the
    // same as the site running out of accounts" asks about the full mailbox)
    // (another profession compared with is one too: "do opticians go through the same sign up portal as dentists" asks
    // the opticians' way)
    const writers = this.audiencesNamed(before);
    const others = this.audiencesNamed(after);
    const profession = writers.length > 0 && others.every((a) => !writers.includes(a));
    if (!profession && !(this.namesAnchor(before) && !others.length)) return new Set();
    return new Set(after.filter((t) => !before.includes(t)));
  }

  /** Whether the entry is written for a profession (an audience with its own audienceWords), not for everyone. */
  private forProfession(entry: FaqEntry): boolean {
    return entry.audience.some((a) => this.audiences.has(a));
  }

  /** Whether the entry is written for someone who is no profession (everyone, care providers, NHS organisations), whatever professions it also serves. */
  private forNonProfession(entry: FaqEntry): boolean {
    return entry.audience.some((a) => !this.audiences.has(a));
  }

  /** Whether a term is one few entries use (in at most about half of them): "leaver", not "account". */
  private distinctive(t: string): boolean {
    return (this.idf.get(t) ?? 0) >= Math.log(3);
  }

  /** Whether the hit's topic names none of the terms but a profession's words, the service's name and words most entries use ("account"). */
  private namesOnlyWho(hit: Hit, terms: readonly string[]): boolean {
    const d = this.byId.get(hit.entry.id);
    return !!d && terms.every((t) => !d.topic.has(t) || this.audienceTerms.has(t) || this.service.has(t) || !this.distinctive(t));
  }

  /** The audiences (professions) whose words the terms name, by the lexicon's audienceWords. */
  private audiencesNamed(terms: readonly string[]): string[] {
    return [...this.audiences].filter(([, phrases]) => phrases.some((p) => holdsPhrase(terms, p))).map(([a]) => a);
  }

  /** Whether a hit's title or question names all of the terms: the entry is about that thing (not one that lists it). */
  private about(hit: Hit | undefined, terms: readonly string[]): boolean {
    const d = hit && this.byId.get(hit.entry.id);
    return !!d && d.lines.slice(0, 2).some((line) => terms.every((t) => line.terms.has(t)));
  }

  /** Whether an off-topic marker names email itself ("mail merge", "email signature"). */
  private namesEmail(marker: string): boolean {
    return this.phraseTerms(marker).some((t) => this.byEmail.has(t));
  }

  /**
   * A message of several sentences that the search is unsure of, one of them the question ("Is there a charge for
   * NHSmail for care homes? A salesman rang offering compliant email at fifteen pounds a user... any clarity
   * appreciated."): the question alone, when the search is sure of it and its answer is among the topics the whole
   * message offered. The scene's words had pulled other entries level; they still chose the candidates.
   */
  private askedAlone(text: string, unsure: SearchOutcome & { kind: 'unsure' }, anchored: boolean, audiences: readonly string[]): SearchOutcome | undefined {
    const said = sentences(text);
    let asked = said.filter((x) => x.trimEnd().endsWith('?'));
    let scene = said.length >= 2;
    let leaderOnly = false;
    // (with no question mark, the one clause that asks, after a scene: "sorry if this is obvious but whats the phone
    // number for the nhsmail helpdesk, i want to put it on the notice board...")
    if (!asked.length) {
      const clauses = askingClauses(Message.of(text));
      const [only] = clauses;
      if (clauses.length === 1 && only) {
        asked = [only.join(' ')];
        scene = tokenize(text).length >= only.length + MIN_SCENE;
        // (a clause may lean on the scene for its topic, "...our DSPT is due again, do we actually need to bother if
        // we've already got nhsmail set up": read alone, it must agree with the whole message's leader)
        leaderOnly = true;
      }
    }
    // (a clause asking only what to do, with no word of its own, asks about the last NHSmail thing the scene names:
    // "...the pharmacy has just emailed the new MAR chart and I'm locked out of nhsmail, what do I do")
    if (scene && asked.length === 1 && !this.analyzer.analyze(asked[0] as string).terms.length) {
      const { thing, markers } = this.pointedAt(text);
      if (!thing.length || markers.length) return undefined;
      asked = [thing.join(' ')];
      leaderOnly = false;
    }
    // (naming an NHSmail thing itself: "how do i get my access back?" after a scene about another system asks about that;
    // and the only question: "what is an ODS code? and can you call me on..." asks a second)
    if (!scene || asked.length !== 1 || !this.mentionsAnchor(asked[0] as string) || splitQuestions(text).length > 1) return undefined;
    // ...but a question naming nothing besides NHSmail itself ("we're a home care agency, not a care home. Can we still
    // get NHSmail?") asks about what the scene says: alone it would be the question what NHSmail is
    if (this.analyzer.analyze(asked[0] as string, { correct: true }).terms.every((t) => this.service.has(t))) return undefined;
    const alone = this.searchCleaned(asked[0] as string, anchored, audiences);
    // (the leader, or one level with it, within the margin a clear lead needs: the whole message chose neither)
    // (so must a question alone when the learned model, reading the whole message, is all but sure of its leader: "...got
    // halfway through the toolkit... it still isnt published. Is there any point applying for nhsmail before it is?"
    // asks about the unpublished DSPT, which the question alone, without the scene, does not name)
    const lead = unsure.candidates[0]?.score ?? 0;
    const modelSure = (unsure.candidates[0]?.learned ?? 0) >= STAND_OUT.learned;
    const agrees = leaderOnly || modelSure ? unsure.candidates.filter((h) => h.score >= (1 - this.tuning.margin) * lead) : unsure.candidates;
    if (alone.kind !== 'answer' || !agrees.some((h) => h.entry.id === alone.best.entry.id)) return undefined;
    return alone;
  }

  /**
   * An intent's general entry ("how long things take", "does NHSmail cost anything") leads only a question that asks
   * what the intent reads, or names one of the entry's own topic words ("price", "turnaround"): "we're a small
   * domiciliary agency, can we get nhsmail" borrows the cost entry's example wording for small agencies, and asks
   * whether it can join. Else a topical runner-up covering as much, within GENERAL_RATIO of its score, leads it.
   */
  private generalAsked(hits: Hit[], terms: readonly string[], intents: readonly string[]): Hit[] {
    const [best] = hits;
    const d = best && this.byId.get(best.entry.id);
    if (!best || !d) return hits;
    const intent = [...this.general].find(([, id]) => id === best.entry.id)?.[0];
    if (!intent || intents.includes(intent)) return hits;
    if (terms.some((t) => d.topic.has(t) && !this.service.has(t) && this.distinctive(t))) return hits;
    const i = hits.findIndex((h, k) => k > 0 && k < 3 && h.topical && h.coverage >= best.coverage && h.score >= GENERAL_RATIO * best.score);
    return i < 0 ? hits : promoted(hits, i);
  }

  /**
   * The house rule for what a question asks ("how long"): about a thing whose own entry states it (a leaver's account
   * is deleted after 30 days), that entry answers; about a thing whose entry does not (a name change), the intent's
   * general entry ("how long things take") does. Among the three leading hits, the best one other than the general
   * entry is the thing's own when its title, question or keywords name one of the question's words; whichever of the
   * two the rule picks takes the higher of their scores. To put the own entry first, the word it names must be one the
   * general entry does not use ("leaver", not "account"): "how long do nhsmail accounts take" is a general question.
   * A leader whose topic names none of the question's words (its example wordings matched the scene: "raised a ticket
   * with the helpdesk on monday, how long will it take" is no request for extra accounts) gives way to the general
   * entry when that is topical; else the ranking stands. A general entry the rule leaves first, ahead of a thing's own
   * that states no time and covering as much, is made sure (it takes sureCoverage).
   */
  private ownEntryFirst(hits: Hit[], terms: readonly string[], intents: readonly string[], examples = false): Hit[] {
    let out = hits;
    for (const intent of intents) {
      const general = this.general.get(intent);
      const top = out.slice(0, 3);
      const g = top.findIndex((h) => h.entry.id === general);
      const gd = g >= 0 ? this.byId.get((top[g] as Hit).entry.id) : undefined;
      if (!gd) continue;
      // (the thing's own is the first whose topic names a word of the question the general entry does not use, ahead of
      // one that only ranks higher: "once someone is marked a leaver how many days until their account is gone" is the
      // leaver's, though the timeline of an unused account, which the model favours for "gone", ranks above it)
      const names = (h: Hit) => {
        const o = this.byId.get(h.entry.id);
        return !!o && terms.some((t) => !isIntent(t) && o.topic.has(t) && !gd.core.has(t));
      };
      const namer = top.findIndex((h) => h.entry.id !== general && names(h));
      const own = namer >= 0 ? namer : top.findIndex((h) => h.entry.id !== general);
      const d = own >= 0 ? this.byId.get((top[own] as Hit).entry.id) : undefined;
      if (!d) continue;
      // (a leader about nothing the question names gives way to the general entry, when that one is topical)
      const nameless = !terms.some((t) => d.topic.has(t));
      if (nameless && own > g) continue;
      // "how long do requests take, like extra accounts or a leaver's account being removed": two things named, each
      // another entry's topic, ask how long things take in general
      // (a light verb names no other thing, "get" in "how many days till an unused account gets deleted" though the
      // deleted account's title is "getting it back", nor does a count, "the 3 extra accounts"; examples given, "like X
      // or Y", are two things however the other ranks)
      const another =
        examples ||
        top.some((h) => {
          const o = this.byId.get(h.entry.id);
          return !!o && o !== d && o !== gd && terms.some((t) => !isIntent(t) && !/\d/.test(t) && !LIGHT_VERBS.has(t) && o.topic.has(t) && !d.core.has(t) && this.distinctive(t));
        });
      const states = !nameless && d.states.has(intent) && !another;
      if (states && !terms.some((t) => d.topic.has(t) && !gd.core.has(t))) continue;
      if (nameless && (top[g] as Hit).topical !== true) continue;
      const [first, second] = states ? [own, g] : [g, own];
      if (first < second) {
        // (the rule has decided between the two: the general entry, leading a thing's own that states no time and
        // covering about as much, is sure, "if i ring the helpdesk for a password reset how quick do they do it")
        if (first === 0 && !states && !nameless) {
          const lead = out[0] as Hit;
          if (lead.coverage >= (out[second] as Hit).coverage) out = [{ ...lead, coverage: Math.max(lead.coverage, this.tuning.sureCoverage) }, ...out.slice(1)];
        }
        continue;
      }
      const a = out[first] as Hit;
      const b = out[second] as Hit;
      out = [...out];
      out[second] = { ...a, score: b.score };
      out[first] = { ...b, score: a.score };
    }
    return out;
  }

  /**
   * An entry written only for professions the question names none of ("is there a limit on how many staff get an
   * account": the pharmacy's three users) does not lead an entry for everyone (how many accounts each site gets) that
   * covers nearly as much of the question (within AUDIENCE_COVERAGE), is as topical and ranks within AUDIENCE_MARGIN
   * of it: the two swap places, the one for everyone taking the leader's score. A question naming the profession ("...at our pharmacy"), or asked in a conversation
   * about it (`audiences`), keeps the ranking; in such a conversation, the profession's own entry, as topical and
   * covering as much, leads an entry for everyone within CONTEXT_MARGIN of it ("i dont know my ods code" from a dental
   * practice gets how a practice gets one); in a question naming the profession, within NAMED_MARGIN and covering
   * within NAMED_COVERAGE of it ("how many named accounts per community pharmacy": the pharmacy's three users), or
   * which the learned model prefers ("we're a chain of 60 pharmacies, is there a bulk way of registering all the
   * branches": the pharmacy chains' entry, not the care groups' bulk upload). An entry for care providers or NHS
   * organisations gives way as one for everyone does: neither is the named profession's own.
   */
  private audienceFirst(hits: Hit[], terms: readonly string[], context: readonly string[]): Hit[] {
    const [best] = hits;
    if (!best) return hits;
    // only professions count: everyone's entries are the care providers' too
    const audiences = context.filter((a) => this.audiences.has(a));
    // in a conversation about a profession, its own entry leads one for everyone it ranks close behind
    // ...and so does one the question names, further behind ("how many named accounts per community pharmacy": the
    // pharmacy's three users, not a care site's ten)
    const named = this.audiencesNamed(terms);
    if ((audiences.length || named.length) && !this.forProfession(best.entry)) {
      const i = hits.findIndex(
        (h, k) =>
          k > 0 &&
          k < 3 &&
          !forEveryone(h.entry) &&
          h.topical &&
          ((h.entry.audience.some((a) => audiences.includes(a)) && h.coverage >= best.coverage && best.score - h.score < CONTEXT_MARGIN * best.score) ||
            (h.entry.audience.some((a) => named.includes(a)) &&
              (h.coverage >= best.coverage - NAMED_COVERAGE || (h.learned > best.learned && h.coverage >= best.coverage - NAMED_LEARNED_COVERAGE)) &&
              best.score - h.score < NAMED_MARGIN * best.score &&
              // (not past a leader the learned model is all but sure of, when it all but rules out the profession's entry
              // and that entry's topic names nothing the question says but the profession and the service: "one of our
              // pharmacy technicians leaves on friday" is a leaver's question; "a dental bulk upload" the dental groups')
              !(best.learned >= STAND_OUT.learned && h.learned < EVERYONE_DOUBT && this.namesOnlyWho(h, terms)))),
      );
      return i < 0 ? hits : promoted(hits, i);
    }
    if (forEveryone(best.entry) || best.entry.audience.some((a) => audiences.includes(a))) return hits;
    // the professions the leader is written for (a trust's pharmacists: pharmacy), none of them named
    const own = best.entry.audience.flatMap((a) => this.audiences.get(a) ?? []);
    if (!own.length || own.some((w) => holdsPhrase(terms, w))) return hits;
    // ...an entry for a profession the question does name, about its topic, leads it from further down ("we're an nhs
    // dentists on the high street, how do we get going with it" is no hospital pharmacist's question)
    if (named.length) {
      const k = hits.findIndex((h, j) => j > 0 && j < NAMED_REACH && h.topical && h.entry.audience.some((a) => named.includes(a)));
      if (k > 0) return promoted(hits, k);
    }
    // ...and a runner-up written for someone who is no profession (everyone, care providers or NHS organisations,
    // whatever professions it also serves: "the home's shared mailbox" is the care providers' as well as the pharmacies')
    // (from as far behind as a named profession's, when the question names a kind of care provider: "who looks after
    // nhsmail problems for care homes" is no pharmacy's question)
    const provider = this.providerKinds.some((p) => holdsPhrase(terms, p));
    const i = hits.findIndex(
      (h, k) =>
        k > 0 &&
        k < 3 &&
        this.forNonProfession(h.entry) &&
        (h.topical || !best.topical) &&
        ((h.coverage >= best.coverage - AUDIENCE_COVERAGE && best.score - h.score < (provider ? NAMED_MARGIN : AUDIENCE_MARGIN) * best.score) ||
          // (one covering all the leader does, further behind: "who do i email for help with nhsmail, is there an
          // address" is the helpdesk's, not the pharmacy team's, though the pharmacy's wordings say "who do i email")
          (h.topical && h.coverage >= best.coverage && best.score - h.score < AUDIENCE_EQUAL_MARGIN * best.score)),
    );
    return i < 0 ? hits : promoted(hits, i);
  }

  /**
   * A leader about none of the question's words, ranked first by words its example wordings happen to share ("we can't
   * find our ODS code anywhere in our paperwork, where can we look it up": the CQC location ID's "anywhere" and
   * "paperwork"), does not lead an entry about the question's topic close behind it (within TOPICAL_RATIO) that the
   * learned model, which pools all of each entry's wordings, finds likelier: the two swap places, the topical one
   * taking the leader's score.
   */
  private topicalFirst(hits: Hit[]): Hit[] {
    const [best] = hits;
    if (!best || best.topical) return hits;
    const i = hits.findIndex((h, k) => k > 0 && k < 3 && h.topical && h.learned > best.learned && h.score >= TOPICAL_RATIO * best.score);
    return i < 0 ? hits : promoted(hits, i);
  }

  /**
   * A scene then a question asking what something is ("the NHSmail info keeps mentioning a DSPT. What actually is the
   * Data Security and Protection Toolkit?"): the entry that says what the thing asked about is (its question asks
   * "What is ...", and its topic names a word of the asking clause) leads, when it ranks among the first four within
   * DEFINITION_RATIO of the leader; the scene's words had put an entry about them first. A clause that only points
   * back ("data security and protection toolkit, never heard of it before, what is it") asks what the thing it points
   * at is, word for word: the entry defining just that thing leads from anywhere among the candidates (`pointed`), as
   * it does for a message asking nothing else than "what is" the thing in so many words (`whatIs`). `alone`: nothing
   * else is asked, so an entry defining all that is asked is sure.
   */
  private definitionFirst(hits: Hit[], asked: ReadonlySet<string>, named: ReadonlySet<string>, { pointed = false, alone = true, whatIs = false } = {}): Hit[] {
    const [best] = hits;
    const defines = (h: Hit) => {
      const d = this.byId.get(h.entry.id);
      // a word at most half the entries use ("whats the point of nhsmail" asks what no one entry defines)
      return !!d && d.defines.size > 0 && [...asked].some((t) => d.topic.has(t) && this.distinctive(t));
    };
    // an entry defining just what the asking clause names ("what is nhsmail exactly? everyone keeps going on about it"):
    // all it asks, and nothing the message does not name ("the form wants a CQC contact ID... what is it" points at the
    // contact ID; the message names the CQC too)
    const definesAll = (h: Hit) => {
      const d = this.byId.get(h.entry.id);
      return !!d && d.defines.size > 0 && [...asked].every((t) => d.defines.has(t)) && [...d.defines].every((t) => asked.has(t) || named.has(t));
    };
    // leading, it is sure whatever else the scene says, as one covering nearly all a question is (sureCoverage): what
    // is asked is all it covers, and it covers all of that (when nothing else is asked: "what is an ODS code? and can
    // the flux capacitor call me" keeps its doubt about the rest)
    const sure = (out: Hit[]) => {
      const [first] = out;
      if (!first || !alone || !definesAll(first)) return out;
      const copy = [...out];
      copy[0] = { ...first, coverage: Math.max(first.coverage, this.tuning.sureCoverage) };
      return copy;
    };
    if (!best || defines(best)) return sure(hits);
    // from anywhere among the candidates when the clause only points back ("data security and protection toolkit,
    // never heard of it before, what is it") or the message asks nothing but "what is" the thing ("new admin at a care
    // home here, what is nhsmail exactly": who is asking is no topic; "what do i do with her nhsmail" asks no such
    // thing); else from further down, within DEFINITION_FAR of the leader; else one
    // defining a rarer word of it, close behind
    let i = hits.findIndex((h, k) => k > 0 && definesAll(h) && (pointed || whatIs || h.score >= DEFINITION_FAR * best.score));
    if (i < 0) i = hits.findIndex((h, k) => k > 0 && k < 4 && defines(h) && h.score >= DEFINITION_RATIO * best.score);
    return i < 0 ? hits : sure(promoted(hits, i));
  }

  /**
   * Whether a message asks only what something is: its questions that say more than the thing (`about`) are at most
   * the one asking what it is ("data security and protection toolkit? never heard of it, what is it"), not another
   * ("what is an ODS code? and can you call me on...").
   */
  private asksOnlyWhatIs(text: string, about: ReadonlySet<string>): boolean {
    const more = splitQuestions(text).filter((part) => !this.analyzer.analyze(part).terms.every((t) => about.has(t)));
    return more.length === 0 || (more.length === 1 && askingClauses(Message.of(more[0] as string)).some((c) => this.holdsDefinition(c)));
  }

  /**
   * The terms of what a question asking "What is ..." asks about, up to its end or an "and" asking more; for another
   * question, the thing the title names in brackets ("Multi-factor authentication (MFA)": the entry says what MFA is
   * as it says how to set it up), if any; else none.
   */
  private definedBy(question: string, title = ''): Set<string> {
    // ("the Data Security and Protection Toolkit": only an "and" that asks something more ends it)
    const asked =
      /^what is\s+(.*?)(?:\s+and\s+(?:where|how|what|who|when|why|do|does|did|can|could|is|are|should|must|will)\b|[?,]|$)/i.exec(question)?.[1] ??
      /\(([^)]+)\)\s*$/.exec(title)?.[1];
    const terms = asked ? this.analyzer.analyze(asked).terms.filter((t) => !t.includes('_')) : [];
    // "What is a Local Administrator in NHSmail?" defines the administrator; "What is NHSmail?" NHSmail
    const things = terms.filter((t) => !this.service.has(t));
    return new Set(things.length ? things : terms);
  }

  /**
   * The clauses that ask (those saying what is not set aside), read as one, and whether they are about an NHSmail thing:
   * naming an anchor, or pointing back at a thing of the message's ("my laptop wont log in, how do i fix it" points at
   * the laptop, in a sentence of its own); undefined when no clause asks.
   */
  private askedAbout(all: readonly (readonly string[])[], pointedBack: () => Pointed): { asked: ReturnType<TextAnalyzer['analyze']>; about: boolean } | undefined {
    // "cant get in the back" opens with "can" but says, rather than asks ("door entry code changed? cant get in the back")
    const clauses = all.filter((c) => !saysNot(c));
    if (!clauses.length) return undefined;
    const asked = this.readClauses(clauses);
    const pointed = () => {
      const back = pointedBack();
      return back.thing.length > 0 && !back.markers.length;
    };
    return { asked, about: this.namesAnchor(asked.terms) || (refersBack(clauses) && pointed()) };
  }

  /**
   * The off-topic markers of the clauses that ask, when those clauses are about nothing of NHSmail's (askedAbout): the
   * scene before may name NHSmail, but the question is about the marker's thing.
   */
  private askedAboutElse(all: readonly (readonly string[])[], pointedBack: () => Pointed): readonly string[] {
    const read = this.askedAbout(all, pointedBack);
    if (!read || read.about) return [];
    // (and those of what they point back at: "i have an nhsmail account and a smartcard. the smartcard pin is locked
    // after 3 goes, who resets that" asks about the smartcard)
    // (not when that names NHSmail itself: "my nhsmail password wont work on the new windows laptop, how do i reset it")
    const back = refersBack(all) ? pointedBack() : undefined;
    return back && !back.nhsmail ? [...new Set([...read.asked.offTopic, ...back.markers])] : read.asked.offTopic;
  }

  /**
   * The off-topic markers that count: all of them, unless what the clauses that ask are about is an NHSmail thing they
   * name ("...just me and a laptop. Where can care providers get support to complete the DSPT?") or point back to ("Our
   * shared mailbox might be full. What can we do to clear it? The local authority officer visits next week"): then only
   * those in those clauses. The scene's laptop or visiting officer is context, not the question. `inClauses` reads the
   * markers those clauses hold: the lexicon's by default, or others read their own way (otherSystems: "what details do i
   * need for the NAS registration? i've got our capacity tracker login to hand" asks about registering).
   */
  private markersAsked(
    markers: readonly string[],
    all: readonly (readonly string[])[],
    pointedBack: () => Pointed,
    inClauses: (read: { asked: ReturnType<TextAnalyzer['analyze']> }) => readonly string[] = (read) => read.asked.offTopic,
  ): readonly string[] {
    if (!markers.length) return markers;
    const read = this.askedAbout(all, pointedBack);
    if (!read?.about) return markers;
    const held = new Set(inClauses(read));
    return markers.filter((m) => held.has(m));
  }

  /**
   * Whether a message says only that NHSmail fails, in no words of what fails or how ("nhsmail not working", "my nhs mail
   * is broken, help", "problem with my email"): every term one of the service's names or of the lexicon's vagueTrouble
   * words, with at least one of each, and no intent or off-topic marker.
   */
  private vaguelyFailing(analysis: { terms: readonly string[]; intents: readonly string[]; offTopic: readonly string[] }): boolean {
    const { words, service } = this.trouble;
    const { terms } = analysis;
    return (
      !analysis.intents.length &&
      !analysis.offTopic.length &&
      terms.some((t) => service.has(t)) &&
      terms.some((t) => words.has(t) && !service.has(t)) &&
      terms.every((t) => service.has(t) || words.has(t))
    );
  }

  /** An entry offered with nothing measured of it (a hit of no score): see vaguelyFailing. */
  private hitFor(id: string): Hit[] {
    const doc = this.byId.get(id);
    return doc ? [{ entry: doc.entry, score: 0, coverage: 0, learned: 0, topical: true }] : [];
  }

  /**
   * The address lookups a question makes: those in the clauses that ask, when some do ("we got an address for the home
   * when we registered, can you explain what the home's mailbox is for" asks for no one's address); all, when none do.
   */
  private lookupsAsked(phrases: readonly string[], clauses: readonly (readonly string[])[]): readonly string[] {
    if (!phrases.length || !clauses.length) return phrases;
    const asked = new Set(this.readClauses(clauses).lookup.phrases);
    return phrases.filter((p) => asked.has(p));
  }

  /** The clauses that ask, read as one text (askedTerms, with slips put right; markersAsked, lookupsAsked). */
  private readClauses(clauses: readonly (readonly string[])[], { correct = false } = {}): ReturnType<TextAnalyzer['analyze']> {
    return this.analyzer.analyze(clauses.map((c) => c.join(' ')).join('. '), { correct });
  }

  /**
   * What "it" or "that" points at: the anchor words (NHSmail itself only when no other is named) of the last sentence or clause naming any ("thanks, the
   * ODS code is done. Now the form wants a CQC contact ID, what is that": the contact ID), and of those the most
   * particular, whose rarest term fewest entries use ("our Local Administrator told me to use SSPR next time I forget
   * my password ... what is it": SSPR); with the off-topic markers of that sentence ("my laptop wont log in").
   */
  private pointedAt(text: string): Pointed {
    const rarity = (anchor: readonly string[]) => Math.max(...anchor.map((t) => this.idf.get(t) ?? 0));
    let service: Pointed | undefined;
    // (clause by clause back from the end, within a sentence too: "got the location id ok but it also asks for the cqc
    // contact id, whats that" points at the contact ID, the nearest named)
    // (the markers are the whole sentence's: "locked out of our care planning system, not email, after putting the wrong
    // password in, how do I reset it" still names the other system)
    for (const sentence of sentences(text).reverse()) {
      const clauses = this.pointerClauses(sentence);
      let markers: readonly string[] | undefined;
      for (const clause of clauses.reverse()) {
        const analysis = this.analyzer.analyze(clause);
        const named = this.anchors.filter((a) => holdsPhrase(analysis.terms, a));
        if (!named.length) continue;
        // (the sentence read once, for the first clause of it naming anything)
        markers ??= clauses.length === 1 ? analysis.offTopic : this.analyzer.analyze(sentence).offTopic;
        // (email named as NHSmail's is NHSmail itself: "getting nhs.net email so she can send care plans. What is it?"; "an
        // email from nhsmail" is a message)
        const nhsmailEmail = (a: readonly string[]) => a.every((t) => this.byEmail.has(t)) && analysis.terms.some((t, k) => this.service.has(t) && analysis.terms[k + 1] === a[0]);
        const things = named.filter((a) => !a.every((t) => this.service.has(t)) && !nhsmailEmail(a));
        // (a thing only NHSmail has is NHSmail's, whatever the sentence's other clauses name: "two vacancies i cant fill
        // and now the toolkit to do, is there anyone who can help us with it")
        const thing = things.sort((a, b) => rarity(b) - rarity(a))[0];
        const nhsmail = named.some((a) => a.every((t) => this.service.has(t)));
        if (thing) return { thing: [...thing], markers: this.ownAnchors.has(thing.join(' ')) ? analysis.offTopic : markers, nhsmail };
        if (!service) service = { thing: [...(named[0] as readonly string[])], markers, nhsmail: true };
      }
    }
    // with nothing else named, NHSmail itself ("everyone keeps talking about nhs mail ... what actually is it")
    return service ?? { thing: [], markers: [], nhsmail: false };
  }

  /**
   * A sentence's clauses as pointedAt reads them: cut at commas, "but" and "and", except an "and" inside a phrase the
   * lexicon reads as one thing ("the data security and protection thing" is the toolkit, not "data security" and
   * "protection").
   */
  private pointerClauses(sentence: string): string[] {
    const pieces = sentence.split(POINTER_CUTS);
    const out: string[] = [pieces[0] ?? ''];
    for (let i = 1; i + 1 < pieces.length; i += 2) {
      const cut = pieces[i] as string;
      const next = pieces[i + 1] as string;
      const last = out[out.length - 1] as string;
      if (/^\s+and\s+$/i.test(cut)) {
        const apart = new Set([...this.analyzer.analyze(last).terms, ...this.analyzer.analyze(next).terms]);
        if (this.analyzer.analyze(`${last}${cut}${next}`).terms.some((t) => !apart.has(t))) {
          out[out.length - 1] = `${last}${cut}${next}`;
          continue;
        }
      }
      out.push(next);
    }
    return out;
  }

  /** True when the terms, in order, hold one of the anchor words (all of a phrase's terms, side by side). */
  private namesAnchor(terms: readonly string[]): boolean {
    return this.anchors.some((anchor) => holdsPhrase(terms, anchor));
  }

  /**
   * Whether a leader the refusal rules turn away is still offered ("not sure", it first), standing well clear of the
   * runner-up: in a long message whose scene outweighs its question ("My deputy is moving up to run our sister project
   * in Glasgow... Will the joining process you describe work for them up there?" covers 0.18 of Scotland's entry, which
   * the learned model is sure of), or a question naming nothing only NHSmail's own that the leader half covers and the
   * model leans to ("weve got forty five care homes do we have to register every single one separately"). Measured on
   * dev set 3: no off-topic question changed reply.
   */
  private offeredAlone(best: Hit, second: Hit | undefined, anchored: boolean): boolean {
    if (!best.topical || (second && second.score > OFFER.ratio * best.score)) return false;
    if (anchored && best.learned >= OFFER.sureLearned && best.coverage >= OFFER.sureCoverage) return true;
    return best.learned >= OFFER.learned && best.coverage >= OFFER.coverage;
  }

  /**
   * A leader that stands out although the question names nothing only NHSmail questions name ("before I begin the
   * online registration, is there a list of what I'll be asked for", "we're in Scotland, does the sign up process
   * apply to us"): about the question's topic, the learned model all but sure of it (STAND_OUT.learned), covering half
   * the question, and the runner-up at most half its score. In a chat about NHSmail people leave NHSmail unsaid.
   */
  private standsOut(best: Hit, second: Hit | undefined): boolean {
    return best.topical && best.learned >= STAND_OUT.learned && best.coverage >= STAND_OUT.coverage && (!second || second.score <= STAND_OUT.ratio * best.score);
  }

  /**
   * The markers but those phrases (two words or more) the leader's own wordings use whole: "is the cqc location id the
   * same as our cqc registration number" names a marker ("cqc registration", for registering with the CQC) that the
   * location ID's entry is worded with, so the question is about it; only when the leader covers nearly all of the
   * question (sureCoverage) and the learned model is all but sure of it ("whats the best care planning software" names
   * a phrase the records entry uses in passing, and is still refused). A single word ("council", "payroll") stays a
   * marker whatever the leader says: an entry that mentions one in passing is not about it.
   */
  private notWordedBy(best: Hit | undefined, markers: readonly string[]): string[] {
    const d = best && this.byId.get(best.entry.id);
    if (!d || !markers.length || best.coverage < this.tuning.sureCoverage || best.learned < STAND_OUT.learned) return [...markers];
    return markers.filter((marker) => {
      const terms = this.phraseTerms(marker);
      return terms.length < 2 || !TextAnalyzer.bigrams(terms).every((pair) => d.coreBigrams.has(pair));
    });
  }

  /** `namesNhsmail`: the question names NHSmail itself, so it is never off the subject unless a marker says so. */
  private decide(hits: Hit[], markers: string[], termCount: number, anchored: boolean, namesNhsmail: boolean): SearchOutcome {
    const t = this.tuning;
    const [best, second] = hits;
    if (
      !best ||
      best.coverage < t.refuseCoverage ||
      // a marker in a question naming nothing NHSmail ("whats 2 plus 2", "what time is it") refuses it however well it is covered
      (markers.length && (!anchored || best.coverage < t.markerCoverage)) ||
      (!anchored && (best.coverage < t.unanchoredCoverage || !best.topical) && !this.standsOut(best, second))
    ) {
      // a question naming NHSmail itself is about NHSmail, however little the knowledge base covers it ("can we use
      // microsoft teams with nhsmail"): "not sure", with the nearest topics, rather than "I only help with NHSmail"
      // (offered, the nearest was the right one for more held-out wordings than it cost)
      if (namesNhsmail && !markers.length) return { kind: 'unsure', candidates: hits.slice(0, 3) };
      // nor is one whose leader is about a word it uses and which the learned model all but names, in words of the
      // asker's own ("we can't find the registered manager's ID, is there another way to register?"): "not sure",
      // offering it, since no marker says the question is about something else
      // (or a topical runner-up the model is that sure of, behind a topical leader: "we registered on the portal last
      // week, how long until we hear back" is about what happens after registering, or how long it takes)
      // (or the topical entries offered between them, each covering some of the question, hold that much of the model's
      // belief: "we registered through the portal last week and havent heard from anyone" is what happens after
      // registering or how long it takes, the model torn between the two)
      const offered = hits.slice(0, 3);
      const doubted = (h: Hit) => h.topical && h.learned >= DOUBT.learned && h.coverage >= DOUBT.coverage;
      const belief = () => offered.reduce((sum, h) => sum + (h.topical && h.coverage >= t.refuseCoverage ? h.learned : 0), 0);
      if (best && !markers.length && best.topical && (offered.some(doubted) || (best.coverage >= t.refuseCoverage && belief() >= DOUBT.learned))) {
        return { kind: 'unsure', candidates: offered };
      }
      // a leader about something else by chance ("whats the best way for our agency to join": the full mailbox's
      // example wordings say "agency" and "best") close ahead of an entry about the question's topic: "not sure",
      // offering that entry first, rather than refusing
      const topical = best && !markers.length && !best.topical && hits.slice(1, 3).find((h) => h.topical && h.coverage >= t.unanchoredCoverage && h.score >= TOPICAL_RATIO * best.score);
      if (topical) return { kind: 'unsure', candidates: [topical, ...hits.slice(0, 3).filter((h) => h !== topical)] };
      // (and a leader standing well clear that the model backs, however little of a long message it covers)
      if (best && !markers.length && this.offeredAlone(best, second, anchored)) return { kind: 'unsure', candidates: hits.slice(0, 3) };
      return { kind: 'offTopic', candidates: hits.slice(0, 3), markers };
    }
    // Full coverage of a one-word question ("account") says little: it still needs a lead over the rest.
    const sure = best.coverage >= t.sureCoverage && termCount > 1;
    const clearLead = !second || best.score - second.score >= t.margin * best.score || sure;
    // A leader far ahead of the rest is the topic even when the question says much in words of its own, provided
    // the question names something only NHSmail questions name (off-topic ones also win by chance on one shared word).
    const farAhead = anchored && best.coverage >= t.clearCoverage && (!second || second.score <= t.clearRatio * best.score);
    if ((best.coverage < t.answerCoverage && !farAhead) || !clearLead) {
      // (only in a question naming something only NHSmail questions name, as for farAhead)
      if (!anchored || !this.settledByModel(hits)) return { kind: 'unsure', candidates: hits.slice(0, 3) };
    }
    return { kind: 'answer', best, others: hits.slice(1, 4) };
  }

  /**
   * Whether the learned model settles a leader the ranking leaves in doubt: a near tie ("no idea what our ODS code is,
   * never heard of it before today. care home in leicester": the ODS code's entry and the dental practice's score
   * alike), or a leader just short of answerCoverage ("got a reminder saying our DSPT is due again, do we actually need
   * to bother if we've already got nhsmail set up"). The two signals agree: the leader is about a word the question
   * uses, covers settledCoverage, and the model, pooling every wording of each entry, is SETTLED.learned sure of it
   * and SETTLED.ratio times surer than of either runner-up shown. Measured on bench:kb's held-out phrasings, a floor of
   * 0.3 answered nearly as many wrongly as rightly ("whats the point of having nhs mail, we already use outlook in the
   * office": using it on the web, covering 0.31), 0.4 fourteen rightly for ten wrongly. The model never overturns the
   * ranking: picking a runner-up it prefers answered as many phrasings wrongly as rightly, so those stay "not sure".
   */
  private settledByModel(hits: readonly Hit[]): boolean {
    const [best] = hits;
    if (!best?.topical || best.learned < SETTLED.learned || best.coverage < this.tuning.settledCoverage) return false;
    return hits.slice(1, 3).every((h) => h.learned * SETTLED.ratio <= best.learned);
  }

  /**
   * The words of an off-topic phrase found in the question ("nhs number", "annual leave"), each with the phrase's
   * adjacent pairs: an entry covers such a word only when it names the whole phrase, not when it happens to use the
   * words apart ("nhs" and "number" in an entry about mobile numbers). A phrase that names an NHSmail thing (an
   * anchor word: "gmail account", "personal email") keeps its words: sending to one is an NHSmail question.
   */
  private markerPairs(markers: readonly string[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const marker of markers) {
      const terms = this.phraseTerms(marker);
      if (terms.length < 2 || this.namesAnchor(terms)) continue;
      const pairs = TextAnalyzer.bigrams(terms);
      for (const t of terms) out.set(t, [...(out.get(t) ?? []), ...pairs]);
    }
    return out;
  }

  /** A marker phrase's terms as the analyser makes them, read once per phrase (markerPairs and notWordedBy both need them). */
  private phraseTerms(phrase: string): readonly string[] {
    let terms = this.phrases.get(phrase);
    if (!terms) {
      terms = this.analyzer.analyze(phrase).terms;
      this.phrases.set(phrase, terms);
    }
    return terms;
  }

  private weight(term: string): number {
    // A word the knowledge base has never seen still counts, a little less than the rarest known word.
    if (isIntent(term)) return this.intentWeight;
    return this.idf.get(term) ?? this.unknownWeight;
  }

  /**
   * `aside`: terms that say only who or when ("our cook", "on friday"). An entry that does not use one is judged on
   * the rest of the question, so "our cook is leaving on friday" covers the leavers' entry as "leaving" alone does.
   */
  private rank(
    terms: string[],
    bigrams: string[],
    words: string,
    markerPairs: ReadonlyMap<string, string[]> = new Map(),
    aside: ReadonlySet<string> = new Set(),
    neutral: ReadonlySet<string> = new Set(),
    stressed: ReadonlySet<string> = new Set(),
  ): Hit[] {
    const query = [...terms, ...bigrams];
    const queryText = query.join(' ');
    const boost = { title: 2, question: 2, phrasings: 1.5, keywords: 1.5 };
    const results = this.index.search(queryText, { boost });
    if (!results.length) return [];
    const top = results[0]?.score ?? 1;
    const queryNorm = Math.sqrt(query.reduce((s, t) => s + this.weight(t) ** 2, 0));
    // the words of the clauses that ask weigh more than the scene set before them (see searchCleaned)
    const cw = (term: string) => this.weight(term) * (stressed.has(term) ? ASKED_STRESS : 1);
    const total = terms.reduce((sum, term) => sum + cw(term), 0);
    const w = this.weights;
    const posterior = w.learned ? this.classifier.posterior(terms) : undefined;
    // (a question of one term gives the model one draw, the term's share of each entry's wordings, not evidence of
    // what is asked: it counts half, so "who do i phone" is not the CQC contact ID's for the word "contact")
    const learnedWeight = w.learned * Math.min(1, terms.length / LEARNED_FULL_TERMS);
    // the model's surest entry, read only for a question worded as an entry's own (the entries' classes: the model's
    // last class, when it has one for none of them, is no entry)
    let favourite: number | undefined;
    const surest = () => {
      if (favourite === undefined) {
        favourite = 0;
        for (let c = 0; posterior && c < this.docs.length; c++) favourite = Math.max(favourite, posterior[c] as number);
      }
      return favourite;
    };

    // the candidates drawn with the asking clauses' stress too ("The NHSmail sign-up mentions a data security toolkit.
    // What is that exactly?" must find the toolkit's own entries among the many naming NHSmail and signing up), each
    // scored as drawn without it
    const pool = results.slice(0, CANDIDATES);
    if (stressed.size) {
      const drawn = new Set(pool.map((r) => r.id));
      const byId = new Map(results.map((r) => [r.id, r]));
      for (const b of this.index.search(queryText, { boost, boostTerm: (term) => (stressed.has(term) ? ASKED_STRESS : 1) }).slice(0, CANDIDATES)) {
        const r = byId.get(b.id);
        if (r && !drawn.has(b.id)) {
          pool.push(r);
          drawn.add(b.id);
        }
      }
      // ...and any entry saying what just the stressed words are: "Registered manager here, quite new to the role. All the
      // nhsmail info keeps mentioning the dspt, what is it" points at the toolkit, whose many entries, with the scene's
      // registering and managing, crowd its definition out of both draws
      // (not NHSmail's own, pointed at when nothing else is named: "theres a national number for nhsmail problems, whats
      // that" asks for the number; what NHSmail is, asked about, is drawn anyway)
      for (const r of results) {
        const defines = (this.docs[r.id as number] as Indexed).defines;
        if (!drawn.has(r.id) && defines.size && [...defines].every((t) => stressed.has(t)) && [...defines].some((t) => !this.service.has(t))) pool.push(r);
      }
    }
    const first = pool.map((r) => {
      const doc = r.id as number;
      const d = this.docs[doc] as Indexed;
      // An entry about the question's topic (its title, question or keywords name one of the question's words) whose
      // short answer states what the question asks ("how long": its answer gives a time) answers it in full: "how long
      // before a leaver's account is deleted" is the leaver entry's, not the entry about how long things take.
      const aboutIt = terms.some((t) => d.topic.has(t) && !isIntent(t));
      let covered = 0;
      let asked = total;
      for (const term of terms) {
        if (neutral.has(term)) {
          asked -= cw(term);
          continue;
        }
        const pairs = markerPairs.get(term);
        if (pairs && !pairs.every((p) => d.coreBigrams.has(p))) continue;
        if (d.core.has(term) || (aboutIt && isIntent(term) && d.answer.has(term))) covered += cw(term);
        else if (d.answer.has(term)) covered += cw(term) * 0.5;
        else if (aside.has(term)) asked -= cw(term);
      }
      const coverage = asked > 1e-9 ? covered / asked : 0;
      // The phrasing nearest the question, by cosine of idf-weighted term sets.
      let phrasing = 0;
      let nearest = 0;
      for (const [k, line] of d.lines.entries()) {
        let shared = 0;
        for (const t of query) if (line.terms.has(t)) shared += this.weight(t) ** 2;
        const cos = line.norm && queryNorm ? shared / (line.norm * queryNorm) : 0;
        if (cos > phrasing) {
          phrasing = cos;
          nearest = k;
        }
      }
      // (a question worded as one of the entry's own is that entry's as surely as the model is of its favourite: the
      // model pools every wording of every entry, and one entry's many askers can outvote another's own title, "which
      // care providers can get nhsmail" being how-to-join's in many askers' words)
      const likely = posterior?.[doc] ?? 0;
      const learned = phrasing >= OWN_WORDING ? Math.max(likely, surest()) : likely;
      const score = w.bm25 * (r.score / top) + w.phrasing * phrasing + w.coverage * coverage + learnedWeight * learned;
      // what the question asks is the topic of an entry whose own title, question or keywords ask it ("how long things take")
      const topical = aboutIt || terms.some((t) => isIntent(t) && d.topic.has(t));
      return { doc, score, coverage, nearest, learned, topical };
    });
    first.sort((a, b) => b.score - a.score);

    // Second stage: fuse.js matches the corrected words against each finalist's title, question and nearest phrasing.
    // It adds at most w.fuzzy to a score, so when the leader is further ahead than that it cannot change the answer.
    const lead = (first[0]?.score ?? 0) - (first[1]?.score ?? 0);
    const finalists = lead > w.fuzzy ? [] : first.slice(0, RERANK);
    const fuse = new Fuse<{ doc: number; text: string }>(
      finalists.flatMap(({ doc, nearest }) => {
        const lines = (this.docs[doc] as Indexed).lines;
        return [...new Set([0, 1, nearest])].map((k) => ({ doc, text: lines[k]?.text ?? '' }));
      }),
      { keys: ['text'], includeScore: true, ignoreLocation: true, threshold: 0.6, useTokenSearch: true },
    );
    const fuzzy = new Map<number, number>();
    for (const r of fuse.search(words)) {
      const s = 1 - (r.score ?? 1);
      if (s > (fuzzy.get(r.item.doc) ?? 0)) fuzzy.set(r.item.doc, s);
    }
    return first
      .map(({ doc, score, coverage, learned, topical }) => ({
        entry: (this.docs[doc] as Indexed).entry,
        score: score + w.fuzzy * (fuzzy.get(doc) ?? 0),
        coverage,
        learned,
        topical,
      }))
      .sort((a, b) => b.score - a.score);
  }
}

/** What "it" or "that" points at, as the anchor's terms, and the off-topic markers of the sentence naming it. */
interface Pointed {
  readonly thing: string[];
  readonly markers: readonly string[];
  /** whether the clause that names the thing names NHSmail itself too ("my nhsmail password") */
  readonly nhsmail: boolean;
}

/** Fewest words of scene around the one clause asking, for that clause to be searched alone (askedAlone) */
const MIN_SCENE = 6;
/** Words between a thing and what says it works ("my smartcard still works", "the rota app is fine") */
const STILL = new Set(['still', 'already', 'is', 'are', 'has', 'have', 'now', 'just', 'all']);
/** Words of a marker phrase that say the thing fails ("teams isnt", "printer not") */
const NOT_WORKING = new Set(['not', 'isnt', 'wont', 'doesnt', 'cant', 'arent', 'never', 'no', 'stopped']);
/** Words opening a clause of time or cause after what a definition question asks about ("...we got when we registered") */
const SCENE_OPENERS = new Set(['when', 'after', 'before', 'since', 'because', 'once', 'while', 'as']);
/** Fewest words a definition question names before such a clause ("what is the dspt when...") */
const DEFINED_BEFORE = 3;

/** Verbs, as terms, that name no thing of their own however an entry's title uses them ("getting a deleted account back") */
const LIGHT_VERBS = new Set(['get', 'put', 'us', 'make', 'take', 'go', 'have', 'do']);

/** Whether the words give examples of what they ask about, two or more: "like X or Y", "such as X and Y" (not "id like"). */
function givesExamples(words: readonly string[]): boolean {
  const at = words.findIndex((w, i) => (w === 'like' && !LIKE_WANTS.has(words[i - 1] ?? '')) || (w === 'such' && words[i + 1] === 'as') || w === 'eg');
  return at >= 0 && words.slice(at + 2).some((w) => w === 'or' || w === 'and');
}

/** How close behind an intent's general entry, not asked for, a topical runner-up must be to lead it (generalAsked). */
const GENERAL_RATIO = 0.75;

/** Words before "like" that make it wanting ("would like"), not a comparison ("like care homes do"). */
const LIKE_WANTS = new Set(['would', 'id', 'wed', 'i', 'we', 'they', 'you', 'shed', 'hed', 'theyd', 'youd', 'should', 'could', 'look', 'looks', 'seems', 'sounds', 'feel', 'feels', 'something', 'anything']);

/** The hits with the i-th put first in the leader's place, taking its score, and the leader in the i-th's. */
function promoted(hits: readonly Hit[], i: number): Hit[] {
  const [best] = hits;
  const out = [...hits];
  if (!best || i <= 0 || i >= hits.length) return out;
  out[0] = { ...(hits[i] as Hit), score: best.score };
  out[i] = { ...best, score: (hits[i] as Hit).score };
  return out;
}

function unigrams(terms: Iterable<string>): Set<string> {
  return new Set([...terms].filter((t) => !t.includes('_')));
}

/** An intent's pseudo-term: what the question asks, never its topic. */
function isIntent(term: string): boolean {
  return term.startsWith(intentTerm(''));
}
