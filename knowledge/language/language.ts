// The words in content/language.yaml made ready to match: sets, numbers and patterns built once from the lists.
import type { TicketType as RequestType } from '../../helpdesk/vocabulary.js';
import { phraseAt } from './phrases.js';
import type { LanguageFile } from './schema.js';
import { tokenize } from './tokenize.js';

/** A word or phrase as it may sit inside a regular expression. */
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const alternatives = (list: readonly string[]) => list.map(escape).join('|');
/** Longest first, so a phrase is never cut short by a shorter one it starts with. */
const longestFirst = (list: readonly string[]) => alternatives([...list].sort((a, b) => b.length - a.length));
/** "my name is" -> "[Mm]y name is": the first letter in either case, the rest as written. */
const eitherCaseFirst = (phrase: string) => {
  const first = phrase.charAt(0);
  const rest = escape(phrase.slice(1));
  return first.toUpperCase() === first ? escape(phrase) : `[${first.toUpperCase()}${first}]${rest}`;
};

/** Pattern sources for the redaction rules (lib/redact.ts builds the rules from them). */
export interface RedactionWords {
  readonly secretWords: string;
  readonly notASecret: string;
  readonly clauseEnd: string;
  /** case-sensitive after the first letter, so the name after it must be capitalised */
  readonly nameIntro: string;
}

/** Words around a number of sites; more and fewer are phrases, as lists of words. */
export interface SiteWords {
  readonly more: readonly (readonly string[])[];
  readonly fewer: readonly (readonly string[])[];
  readonly groupOf: ReadonlySet<string>;
  readonly notSites: ReadonlySet<string>;
  readonly collective: ReadonlySet<string>;
  readonly single: ReadonlySet<string>;
  readonly forWhom: ReadonlySet<string>;
}

/** Request words as patterns: each matches the phrase as whole words anywhere in lower-case text. */
export interface AnswerWords {
  readonly unknown: RegExp;
  readonly cancel: RegExp;
  readonly notAnswer: RegExp;
  /** at the start only, repeated: "ok so it's ..." */
  readonly intro: RegExp;
  readonly people: RegExp;
  readonly inUseVerbs: RegExp;
  readonly notInUse: RegExp;
  readonly reason: RegExp;
  /** captures what follows: the organisation they move to */
  readonly movingTo: RegExp;
  readonly mailbox: RegExp;
  readonly selfServiceWorked: RegExp;
  readonly selfServiceFailed: RegExp;
  readonly selfServiceNotTried: RegExp;
  readonly writerLeaving: RegExp;
  readonly someoneElse: RegExp;
  /** a word naming an organisation ("care home", "ltd"): a name with one is no person's */
  readonly organisation: RegExp;
  /** a role then a name in capitals ("carer Mary Brown"): captures the name */
  readonly namedByRole: RegExp;
  readonly nasRuns: RegExp;
  readonly ownAdmin: RegExp;
  readonly selfServiceTried: RegExp;
  readonly triedSigningIn: RegExp;
  readonly nasNamed: RegExp;
}

/**
 * The phrase lists that the several-question and follow-up readers match word by word, as words (`tokenize`), in the
 * file's order unless said otherwise: each message reads them many times (a condition at every word of a sentence).
 */
export interface PhraseWords {
  /** `split.joiners` */
  readonly joiners: readonly (readonly string[])[];
  /** `split.joiners`, longest first, so "and also" is cut before "and" */
  readonly joinersLongestFirst: readonly (readonly string[])[];
  /** `split.another` */
  readonly another: readonly (readonly string[])[];
  /** `split.another`, longest first, so "as well as" is found before "as well" */
  readonly anotherLongestFirst: readonly (readonly string[])[];
  /** `split.conditions` */
  readonly conditions: readonly (readonly string[])[];
  /** `split.reach` */
  readonly reach: readonly (readonly string[])[];
  /** `followUp.openers` */
  readonly openers: readonly (readonly string[])[];
  /** `followUp.otherwise` */
  readonly otherwise: readonly (readonly string[])[];
  /** `followUp.alternative` */
  readonly alternative: readonly (readonly string[])[];
  /** `followUp.contact` */
  readonly contact: readonly (readonly string[])[];
}

/**
 * How a pick among the topics a "did you mean" reply offered is typed ("2", "the second one", "option 2", "the last
 * one"), matched on the message's normalised words (`tokenize`, joined with spaces).
 */
export interface ChoiceWords {
  /** the lead-ins at the start, any number of them ("its the "), to be cut off before the pick is read */
  readonly leadIns: RegExp;
  /** the tails at the end, any number of them (" one please"), to be cut off too */
  readonly tails: RegExp;
  /** an ordinal word's position, counting from 1 ("second" -> 2) */
  readonly ordinals: ReadonlyMap<string, number>;
  /** words that pick the last topic offered */
  readonly last: ReadonlySet<string>;
}

/** A phrase from the list as whole words anywhere ("dont know" in "dont know it sorry"). */
const anywhere = (list: readonly string[]) => new RegExp(`(?:^|[^a-z0-9'])(?:${longestFirst(list)})(?=$|[^a-z0-9'])`);

/** most words after a letter's closing: a name, a role, an organisation ("Jane, Registered Manager, Oak House") */
const SIGN_OFF_TAIL = 6;
/** fewest words before it for it to close a letter rather than be the message ("ok thanks", "brilliant thank you") */
const SIGN_OFF_BEFORE = 3;

export class Language {
  /** "ok help please": courtesy words before or after a command, matched on its normalised words */
  readonly courtesy: RegExp;
  /** a letter's closing and what follows it to the end (see withoutSignOff) */
  readonly #signOff: RegExp;
  readonly questionOpeners: ReadonlySet<string>;
  /** words that may come before a question opener ("and when ...", "so who ...") */
  readonly questionLeadIns: ReadonlySet<string>;
  readonly clauseOpeners: ReadonlySet<string>;
  /** phrases that ask what follows them in their clause ("not sure if", "wondering whether"), as words */
  readonly indirect: readonly (readonly string[])[];
  /** phrases that ask about the thing named after them ("confused about the aup"), as words */
  readonly aboutThing: readonly (readonly string[])[];
  readonly invertedVerbs: ReadonlySet<string>;
  readonly invertedSubjects: ReadonlySet<string>;
  readonly questionWords: ReadonlySet<string>;
  /** a clause opening with one of these sets a time or condition before what it asks ("after we join nhsmail who is...") */
  readonly subordinators: ReadonlySet<string>;
  /** question words that ask who or what does something ("who looks after", "what happens") */
  readonly subjectQuestions: ReadonlySet<string>;
  readonly yes: ReadonlySet<string>;
  readonly no: ReadonlySet<string>;
  readonly confirm: ReadonlySet<string>;
  /** "change the mobile", "edit": a change verb, an optional "the"/"my", then what to change */
  readonly change: RegExp;
  readonly notSure: RegExp;
  /** `request.raiseIt` anywhere in a message */
  readonly raiseIt: RegExp;
  readonly notMoving: ReadonlySet<string>;
  /** the request words in content/language.yaml that read answers inside sentences (helpdesk/answers.ts) */
  readonly answers: AnswerWords;
  /** "recoverable items", "100 GB": the mailbox area whose clearing needs senior approval */
  readonly recoverableItems: RegExp;
  readonly fieldWords: LanguageFile['request']['fieldWords'];
  readonly typeSynonyms: Readonly<Record<RequestType, readonly string[]>>;
  readonly registerHelpdeskChannel: RegExp;
  readonly tickets: LanguageFile['tickets'];
  /** letters that sit beside digits in ordinary tokens: months, days, units */
  readonly ordinaryLetters: ReadonlySet<string>;
  readonly products: ReadonlySet<string>;
  readonly commonPassword: RegExp;
  readonly redaction: RedactionWords;
  /** January to December */
  readonly months: readonly string[];
  /** Sunday to Saturday */
  readonly days: readonly string[];
  /** "5 more accounts" -> "5": the words around a count, with the spaces before them */
  readonly countWords: RegExp;
  readonly sites: SiteWords;
  /** emergencies and clinical questions (knowledge/safety.ts reads them) */
  readonly safety: LanguageFile['safety'];
  /** asking for a person rather than the bot */
  readonly person: LanguageFile['person'];
  /** several questions in one message */
  readonly split: LanguageFile['split'];
  /** a short message that refers back to the last answer */
  readonly followUp: LanguageFile['followUp'];
  /** phrase lists of `split` and `followUp` as words, made once here rather than at each reading */
  readonly phraseWords: PhraseWords;
  /** a pick among the topics a "did you mean" reply offered */
  readonly choices: ChoiceWords;
  /** `followUp.elides` as words, longest first (see `elision`) */
  private readonly elides: readonly (readonly string[])[];
  private readonly units: ReadonlyMap<string, number>;
  private readonly tens: ReadonlyMap<string, number>;

  /**
   * The message without a letter's closing at its end: "..., could you advise? Many thanks, Jane, Registered Manager"
   * -> "..., could you advise?". Only after a sentence, clause or line ends, with at most SIGN_OFF_TAIL words and no
   * question after it, and at least SIGN_OFF_BEFORE words before it ("ok thanks" and "thanks, that's sorted" stay).
   */
  withoutSignOff(text: string): string {
    for (const m of text.matchAll(this.#signOff)) {
      // (a sentence's own end stays: "could you advise? Kind regards, Jenny" is still a question)
      const before = text.slice(0, m.index + (/^[.!?]/.test(m[0]) ? 1 : 0));
      const tail = text.slice(m.index + m[0].length);
      const after = tokenize(tail);
      // ("thanks to the new rules" gives a reason, no closing)
      if (tail.includes('?') || after.length > SIGN_OFF_TAIL || after[0] === 'to') continue;
      if (tokenize(before).length < SIGN_OFF_BEFORE) return text;
      return before.trimEnd();
    }
    return text;
  }

  constructor(file: LanguageFile) {
    this.courtesy = new RegExp(`^(?:(?:${alternatives(file.courtesy.before)})\\s+)+|(?:\\s+(?:${alternatives(file.courtesy.after)}))+$`, 'g');
    // after a sentence or clause ends, or a line breaks: the closing, then words with no question mark to the end
    this.#signOff = new RegExp(`(?:[.!?,;:\\n]|\\s-)\\s*(?:${longestFirst(file.courtesy.signOffs)})(?![a-z0-9'])`, 'gi');
    const q = file.questions;
    this.questionOpeners = new Set(q.openers);
    this.questionLeadIns = new Set(q.leadIns);
    this.clauseOpeners = new Set(q.clauseOpeners);
    this.indirect = q.indirect.map((p) => tokenize(p)).filter((p) => p.length > 0);
    this.aboutThing = q.aboutThing.map((p) => tokenize(p)).filter((p) => p.length > 0);
    this.invertedVerbs = new Set(q.invertedVerbs);
    this.invertedSubjects = new Set(q.invertedSubjects);
    this.questionWords = new Set(q.anywhere);
    this.subordinators = new Set(q.subordinators);
    this.subjectQuestions = new Set(q.subjectQuestions);
    this.units = new Map(file.numbers.units.map((w, i) => [w, i]));
    this.tens = new Map(file.numbers.tens.map((w, i) => [w, 20 + 10 * i]));
    this.yes = new Set(file.yesNo.yes);
    this.no = new Set(file.yesNo.no);
    const r = file.request;
    this.confirm = new Set(r.confirm);
    this.change = new RegExp(`^(?:${alternatives(r.changeVerbs)})(?: (?:the|my))?(?: (.+))?$`);
    this.notSure = new RegExp(`\\b(?:${alternatives(r.notSure)})\\b`, 'i');
    this.raiseIt = new RegExp(`\\b(?:${alternatives(r.raiseIt)})\\b`, 'i');
    this.notMoving = new Set(r.notMoving);
    this.answers = {
      unknown: anywhere(r.unknown),
      cancel: anywhere(r.cancelInSentence),
      notAnswer: anywhere(r.notAnswers),
      intro: new RegExp(`^(?:(?:${longestFirst(r.answerIntros)})(?:[\\s,:]+|$))+`),
      people: new RegExp(`^(?:[a-z-]+ ){0,3}?(?:${longestFirst(r.peopleWords)})\\b`),
      inUseVerbs: new RegExp(`^(?:${longestFirst(r.inUseVerbs)})\\b`),
      notInUse: new RegExp(`^(?:${longestFirst(r.notInUse)})\\b`),
      reason: anywhere(r.reasonMarkers),
      movingTo: new RegExp(`(?:^|[^a-z0-9'])(?:${longestFirst(r.movingTo)})\\s+([^,.;!?]+)`),
      mailbox: anywhere(r.mailboxWords),
      selfServiceWorked: anywhere(r.selfServiceWorked),
      selfServiceFailed: anywhere(r.selfServiceFailed),
      selfServiceNotTried: anywhere(r.selfServiceNotTried),
      writerLeaving: anywhere(r.writerLeaving),
      someoneElse: anywhere(r.someoneElse),
      organisation: anywhere(r.organisationWords),
      namedByRole: new RegExp(String.raw`(?:^|[^A-Za-z0-9'])(?:${r.staffRoles.map((w) => w.split(' ').map(eitherCaseFirst).join(' ')).sort((a, b) => b.length - a.length).join('|')})\s+([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2})(?=$|[^A-Za-z])`),
      nasRuns: anywhere(r.nasRuns),
      ownAdmin: anywhere(r.ownAdmin),
      selfServiceTried: anywhere(r.selfServiceTried),
      triedSigningIn: anywhere(r.triedSigningIn),
      nasNamed: anywhere(r.nasNamed),
    };
    this.recoverableItems = anywhere(r.recoverableItems);
    this.fieldWords = r.fieldWords;
    this.typeSynonyms = r.typeSynonyms;
    const register = file.helpdeskChannel.register.map((part, i) => {
      if (typeof part === 'string') return `${i ? ' ' : ''}${escape(part)}`;
      return `(?:${i ? ' ' : ''}(?:${alternatives(part)}))?`;
    });
    this.registerHelpdeskChannel = new RegExp(`^${register.join('')}$`, 'i');
    this.tickets = file.tickets;
    const x = file.redaction;
    const c = file.calendar;
    this.ordinaryLetters = new Set([...c.months, ...c.monthsShort, ...c.days, ...c.daysShort, ...x.units]);
    this.products = new Set(x.products);
    this.commonPassword = new RegExp(`^(?:${alternatives(x.passwordWords)})\\d+$`, 'i');
    this.redaction = {
      secretWords: longestFirst(x.secretWords),
      notASecret: longestFirst(x.notASecret),
      clauseEnd: longestFirst(x.clauseEnd),
      nameIntro: [...x.nameIntros].sort((a, b) => b.length - a.length).map(eitherCaseFirst).join('|'),
    };
    this.months = c.months;
    this.days = c.days;
    this.countWords = new RegExp(`\\s*(?:${longestFirst(file.countWords)})\\b`, 'g');
    const s = file.sites;
    const phrases = (list: readonly string[]) => list.map((p) => p.split(' '));
    this.sites = {
      more: phrases(s.more),
      fewer: phrases(s.fewer),
      groupOf: new Set(s.groupOf),
      notSites: new Set(s.notSites),
      collective: new Set(s.collective),
      single: new Set(s.single),
      forWhom: new Set(s.forWhom),
    };
    this.safety = file.safety;
    this.person = file.person;
    this.split = file.split;
    this.followUp = file.followUp;
    this.elides = file.followUp.elides.map(tokenize).sort((a, b) => b.length - a.length);
    const words = (list: readonly string[]) => list.map((p) => tokenize(p));
    this.phraseWords = {
      joiners: words(file.split.joiners),
      joinersLongestFirst: words(file.split.joiners).sort((a, b) => b.length - a.length),
      another: words(file.split.another),
      anotherLongestFirst: words(file.split.another).sort((a, b) => b.length - a.length),
      conditions: words(file.split.conditions),
      reach: words(file.split.reach),
      openers: words(file.followUp.openers),
      otherwise: words(file.followUp.otherwise),
      alternative: words(file.followUp.alternative),
      contact: words(file.followUp.contact),
    };
    const choices = file.choices;
    this.choices = {
      leadIns: new RegExp(`^(?:(?:${longestFirst(choices.leadIns)}) )+`),
      tails: new RegExp(`(?: (?:${longestFirst(choices.tails)}))+$`),
      ordinals: new Map(Object.entries(choices.ordinals)),
      last: new Set(choices.last),
    };
  }

  /** A unit word's value (zero to nineteen), if it is one. */
  /**
   * The opener of a question that leaves out all but what changes ("what about", "same for"), its longest match, when
   * the words begin with one: a follow-up in the next turn, or a later part of one message.
   */
  elision(words: readonly string[]): readonly string[] | undefined {
    return phraseAt(words, 0, this.elides);
  }

  unit(word: string): number | undefined {
    return this.units.get(word);
  }

  /** A tens word's value (twenty to ninety), if it is one. */
  ten(word: string): number | undefined {
    return this.tens.get(word);
  }

  /** A number written as a word (10 -> "ten"), if it is a unit or a round ten. */
  numberWord(n: number): string | undefined {
    for (const [word, value] of [...this.units, ...this.tens]) if (value === n) return word;
    return undefined;
  }
}
