// Answers outside journeys: the safety reply first, a person when asked, then the knowledge base (several questions
// in one message, follow-ups read with the last answer), and typed feedback or a typed choice afterwards.
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { answerCard, answerMoreCard, choicesCard } from '../cards/answerCard.js';
import { escapeUserText } from '../cards/elements.js';
import { personCard } from '../cards/personCard.js';
import { COUNTRIES } from '../knowledge/eligibility/answers.js';
import type { Nation, NationReader } from '../knowledge/eligibility/nations.js';
import type { IntentMatcher } from '../knowledge/intents.js';
import type { KnowledgeContent } from '../knowledge/loader.js';
import { redact } from '../knowledge/redact.js';
import { forEveryone, type Audience, type FaqEntry } from '../knowledge/schema.js';
import type { Hit, KnowledgeSearch, SearchOutcome } from '../knowledge/search.js';
import { alternativesAsked, capParts, sentences, situationParts, splitQuestions, turnedStatements } from '../knowledge/language/split.js';
import { askingClauses, isQuestion, QUESTION_STYLES } from '../knowledge/language/question.js';
import { Message } from '../knowledge/language/message.js';
import { holdsPhrase, tokenize } from '../knowledge/language/tokenize.js';
import { Triage } from '../knowledge/triage.js';
import { sendReply, sendText } from './render.js';
import { asksToRaise } from './requestText.js';

/** What the conversation remembers between turns: the last answer (for "yes", "2" and follow-ups) and recent questions. */
export interface FaqMemory {
  lastAnswer?: { entryId: string; question: string };
  choices?: string[];
  /** the choices answer "which did you mean?" (the bot waits for a pick), rather than list an answer's related questions */
  asked?: boolean;
  /** the last few questions put to the knowledge base, redacted, newest last: a request raised after "speak to a person" carries them */
  recent?: string[];
  /** the bot has just offered to raise a request (after "speak to a person"): a typed "yes" takes the offer */
  offered?: 'request';
  /** the entry about the request just filed: a follow-up ("how long will that take?") is read with its topic */
  topic?: string;
  /** the nation the person said they are in, earlier in the conversation or in the eligibility check: it holds for later questions */
  nation?: Nation;
  /** the profession the eligibility check was told the person is (a dental practice): its own entries are preferred */
  profession?: string;
}

export interface FaqDeps {
  kb: KnowledgeContent;
  search: KnowledgeSearch;
  intents: IntentMatcher;
  memory: StatePropertyAccessor<FaqMemory>;
  /** the nation a message states, and what applies there (from the eligibility rules) */
  nations: NationReader;
}

/** What a question about joining from a nation whose routes are not England's gets when no entry is written for it. */
interface NationReply {
  nation: Nation;
  /** reply keys: why England's routes do not apply, and where to ask */
  keys: string[];
}

/** Questions kept for the note on a request, and the longest note. */
const RECENT_QUESTIONS = 3;
const RECENT_QUESTION_CHARS = 160;

/** How high in both rankings (the follow-up alone, and in context) an entry a follow-up asks about instead must stand. */
const FOLLOW_UP_TOP = 2;

/** How high the follow-up on its own must rank the entry an elided follow-up is taken to ask about ("what about for a dentist"). */
const CARRIED_TOP = 3;
/** an email address written out in an answer (the helpdesk's own is a placeholder, {email}) */
const OWN_ADDRESS = /[a-z0-9._-]+@[a-z0-9-]+\.[a-z.]+/i;
/** how close behind a short follow-up's own leader the last answer must rank to stay the topic (see staysOnTopic) */
const CONTEXT_RATIO = 0.8;
/** how close behind (a share of its score) a candidate must rank to answer for a leader the message's facts rule out */
const FITTING_RATIO = 0.8;
/** A clause asking the bot to do what the message already asked ("can you arrange that", "please could you sort this for me"). */
const DO_THAT = /^(?:(?:please|pls|so|and)\s+)?(?:(?:can|could|would|will)\s+(?:you|u)\s+)?(?:please\s+)?(?:arrange|organise|organize|sort|do|book|set\s+up|action)\s+(?:that|this|it)(?:\s+(?:up|out))?(?:\s+(?:for\s+(?:me|us|her|him|them)))?(?:\s+(?:please|pls|thanks|asap))?\W*$/i;

/**
 * How many of the question's words (all of them: "how many", "who can help" say what is asked) the entry's nearest
 * wording shares: its question, title or one of its phrasings.
 */
function nearestWording(question: string, entry: FaqEntry): number {
  const words = new Set(tokenize(question));
  let nearest = 0;
  for (const wording of wordingsOf(entry)) {
    let shared = 0;
    for (const w of wording) if (words.has(w)) shared++;
    nearest = Math.max(nearest, shared);
  }
  return nearest;
}

/** Each entry's wordings (question, title, phrasings) as sets of words, made on first use: the content does not change. */
const wordings = new WeakMap<FaqEntry, readonly ReadonlySet<string>[]>();

function wordingsOf(entry: FaqEntry): readonly ReadonlySet<string>[] {
  let sets = wordings.get(entry);
  if (!sets) {
    sets = [entry.question, entry.title, ...entry.phrasings].map((t) => new Set(tokenize(t)));
    wordings.set(entry, sets);
  }
  return sets;
}

/** What a typed answer to the request offer means: start the request with these options, or it was declined. */
export type OfferReply = { start: { summary?: string } } | { declined: true };

/** One question of several in a message, answered with confidence. */
interface ConfidentPart {
  readonly part: string;
  readonly entry: FaqEntry;
  readonly others: FaqEntry[];
}

/** One question of a message, and what decides its answer when the rest of its words say less (see searchFocused). */
interface Part {
  readonly text: string;
  readonly focus?: string;
}

export class FaqResponder {
  private readonly triage: Triage;
  /** the entries about contacts: their title or question says a `followUp.contact` phrase */
  private readonly contactEntries: ReadonlySet<string>;
  /** the search terms of `split.reach`'s words ("phone", "open"), which name no body */
  private readonly reachTerms: ReadonlySet<string>;
  /** each entry's title and question as plain words, which a typed choice is compared with */
  private readonly plainTitles: ReadonlyMap<string, readonly [string, string]>;

  constructor(private readonly deps: FaqDeps) {
    this.triage = new Triage(deps.kb.language);
    const contact = deps.kb.language.phraseWords.contact;
    const says = (text: string) => {
      const words = tokenize(text);
      return contact.some((p) => holdsPhrase(words, p));
    };
    this.contactEntries = new Set(deps.kb.entries.filter((e) => says(e.title) || says(e.question)).map((e) => e.id));
    this.reachTerms = new Set(deps.kb.language.split.reach.flatMap((w) => deps.search.analyzer.analyze(w).terms));
    this.plainTitles = new Map(deps.kb.entries.map((e) => [e.id, [tokenize(e.title).join(' '), tokenize(e.question).join(' ')]]));
  }

  /** The message without a letter's closing at its end (Language.withoutSignOff). */
  withoutSignOff(text: string): string {
    return this.deps.kb.language.withoutSignOff(text);
  }

  /**
   * The safety reply when the message is an emergency or a clinical question; true when sent. Inside a journey
   * (`clinical: false`) only emergencies interrupt, so an answer that mentions medication is still an answer.
   */
  async safetyFirst(context: TurnContext, text: string, { clinical = true } = {}): Promise<boolean> {
    const kind = this.triage.safety(text);
    if (!kind || (kind === 'clinical' && !clinical)) return false;
    const memory = await this.deps.memory.get(context, {});
    this.forgetAnswer(memory);
    await this.deps.memory.set(context, memory);
    await sendText(context, this.deps.kb.replies.t('safety.text'), { kind: 'safety', level: kind });
    return true;
  }

  /**
   * The helpdesk's phone and email when the message asks for a person; true when sent. With `offer` it also offers
   * to raise a request carrying a redacted note of the questions asked so far, taken by a button or a typed "yes".
   * `clearOnly` (inside journeys) leaves out the weak signs ("talk to", "helpline").
   */
  async person(context: TurnContext, text: string, { offer, clearOnly = false }: { offer: boolean; clearOnly?: boolean }): Promise<boolean> {
    const wants = this.triage.wantsPerson(text);
    if (!wants || (clearOnly && wants !== 'clearly')) return false;
    // "my wages are short, who do I speak to?" is not a question for the NHSmail helpdesk
    // (unless the message names NHSmail things too: "locked out of my nhs.net account... a medication chart to send to
    // the GP surgery... can I please speak to someone at the helpdesk")
    // (a marker saying only when, "been trying since dinner time", or how someone is to be reached, "can i video call
    // someone instead", says nothing of what the request is about)
    const typed = tokenize(text);
    // the whole message searched, read by several of the checks below, once
    let whole: SearchOutcome | undefined;
    const wholeSearch = () => (whole ??= this.deps.search.search(text));
    const about = this.deps.search.analyzer
      .analyze(text)
      .offTopic.filter((m) => !this.deps.search.analyzer.saysWhen(typed, tokenize(m)) && !(wants === 'clearly' && this.triage.waysOfReaching(m)));
    // (nor, asked only weakly, when the search reads the whole message as about that other thing, NHSmail's words and all:
    // "hr portal wont let me login to see my payslip, who do i contact" is for HR)
    if (about.length && (!this.deps.search.mentionsAnchor(text) || (wants === 'maybe' && wholeSearch().kind === 'offTopic'))) return false;
    // "who do I talk to about our DSPT?" is a question the knowledge base answers (as a whole, or one of its parts)
    const parts = splitQuestions(text, this.deps.kb.language);
    // (a part that only asks for a person, naming nothing NHSmail, is no question answered: "Please can I be contacted
    // by a member of staff. A carer has sent a care plan to the wrong address"; "my account is locked, can i reset it
    // myself or do i ring the helpdesk" asks about the account)
    const asksPerson = (q: string) => this.triage.wantsPerson(q) === 'clearly' && !this.deps.search.mentionsAnchor(q);
    const answered = wants === 'maybe' || parts.length > 1 ? parts.map((q) => !asksPerson(q) && this.deps.search.search(q).kind === 'answer') : [];
    if (wants === 'maybe' && answered.some(Boolean)) return false;
    // each sentence's own sign, read once for the two readings below (a message of one sentence has only the whole's)
    const said = sentences(text);
    const signs = said.length > 1 ? said.map((s) => this.triage.wantsPerson(s)) : [];
    // (or one sentence with no sign of its own, the sign in another: "third attempt at this form today, fed up. it wants a
    // CQC location ID and not sure where that lives" complains of the form and asks where the ID is)
    if (wants === 'maybe' && signs.some((sign, i) => !sign && this.deps.search.search(said[i] as string).kind === 'answer')) return false;
    // ... and read as the several questions are answered ("... or do i need to call the service desk and what is their
    // phone number": its parts, each with the one before, are a reset and the helpdesk's contacts), or as a follow-up
    // is, with the last answer ("who do i contact about it" after a pharmacy locum's account is whom to contact for that)
    const memory = await this.deps.memory.get(context, {});
    const inTurn = wants === 'maybe' || (parts.length > 1 && !answered.every(Boolean)) ? this.searchParts(this.partsOf(text, memory), memory) : [];
    // (an answer found only as a part of a message about NHSmail is none when the message, one question, is refused as a
    // whole: "can you give me an email address for your team please" asks for the service's address, not an account's)
    if (wants === 'maybe' && inTurn.some((r) => r.outcome.kind === 'answer') && !(parts.length === 1 && wholeSearch().kind === 'offTopic')) return false;
    // a weak sign naming a contact detail ("need the phone number for nhs mail support please, the link on our intranet
    // is broken"), whose message the knowledge base is unsure of, offering whom to contact, asks for the details: that
    // entry answers it ("who do i ring about this" names none, and wants someone)
    // (offered, not only first: the phone number asked for is a mobile to the search, which the password reset's
    // wordings name, so the reset may come first)
    const lead = wants === 'maybe' && this.triage.namesContactDetail(text) ? wholeSearch() : undefined;
    if (lead?.kind === 'unsure') {
      const contact = lead.candidates.find((h) => this.contactEntries.has(h.entry.id) && h.topical);
      const others = lead.candidates.filter((h) => h !== contact);
      if (contact) {
        await this.sendEntry(context, memory, contact.entry, text, others.map((h) => h.entry));
        await this.deps.memory.set(context, memory);
        return true;
      }
    }
    // "can I reset it myself or do I have to ring the helpdesk, and what's their number" asks questions the knowledge
    // base answers, each of them, alone or read as the several questions are; the helpdesk it names is one of the ways
    // asked about, not a call for a person
    // (unless a sentence of its own asks for someone: "...do we need a separate DSPT for each of our two homes? The
    // longer one I'd rather do on the phone with somebody... Can someone call me?" gets the person reply, the DSPT's
    // answer first; so does "...if my account has been deleted? And I'd like a person to check my account status")
    // (or, in a message of one sentence, a clause of its own that opens it: "could somebody email me back about a leaver,
    // one of our carers left in march and her account is still live")
    const clauses = said.length > 1 ? [] : text.split(CLAUSES);
    const opensWithRequest = clauses.length > 1 && this.triage.wantsPerson(clauses[0] as string) === 'clearly';
    const requestApart = wants === 'clearly' && (signs.includes('clearly') || opensWithRequest);
    let answeredBesides = false;
    if (parts.length > 1 && (answered.every(Boolean) || (inTurn.length > 0 && inTurn.every((r) => r.outcome.kind === 'answer' && !asksPerson(r.part))))) {
      if (!requestApart) return false;
      // (what it asks besides is answered as the answers would answer it alone, then comes the person reply)
      const besidesText = opensWithRequest ? clauses.slice(1).join(', ') : said.filter((_, i) => signs[i] !== 'clearly').join(' ');
      if (besidesText) await this.answer(context, besidesText);
      answeredBesides = true;
    }
    // "I need to ring the helpdesk but I can't remember my security answers. How will they check it's really me?": the
    // person gets the helpdesk's contacts, and first the answer to the question the message asks besides
    const besides = answeredBesides ? undefined : this.askedBesides(text);
    if (besides) await this.sendEntry(context, memory, besides.entry, text, besides.others);
    this.forgetAnswer(memory);
    if (offer) memory.offered = 'request';
    // "can someone ring me about our shared mailbox": what it is about goes in the request's note, redacted, as the
    // questions asked before do; a bare request ("put me through to the helpdesk"), or one the knowledge base reads
    // as about nothing it knows ("could somebody ring me when they get a minute"), adds nothing to it
    if (offer && this.triage.saysWhatAbout(text) && wholeSearch().kind !== 'offTopic') this.remember(memory, text);
    await this.deps.memory.set(context, memory);
    const note = offer ? this.note(memory) : undefined;
    const scotland = this.deps.nations.holds(text, memory.nation) === 'scotland';
    await sendReply(context, personCard(this.deps.kb.replies, { offer, ...(note ? { note } : {}), ...(scotland ? { scotland } : {}) }));
    return true;
  }

  /**
   * The entry answering a message that asks for a person in one sentence and asks a question in another that does not
   * ("I need to ring the helpdesk... How will they check it's really me?", "what is an ODS code? and ..., ring me on
   * 07700 900456"), or in a later clause of a message of one sentence ("ive got to ring the helpdesk about my account,
   * what security checks will they do"), when the knowledge base answers the message with confidence and the answer is
   * not whom to contact (the person reply gives that). Else undefined.
   */
  private askedBesides(text: string): { entry: FaqEntry; others: FaqEntry[] } | undefined {
    const said = sentences(text);
    // (every sentence, the one asking for a person left out below; in one sentence, the clauses after the first)
    const pieces = said.length > 1 ? said : text.split(CLAUSES).slice(1);
    // ("..., can you arrange that" asks the bot to do what the request asked, no question of its own)
    // (or a clause of it asking with a question word and its verb, after a lead-in: "without that how would they know its
    // really me"; a problem told, "cant get in at all", asks nothing)
    const { questionWords, invertedVerbs } = this.deps.kb.language;
    const asks = (s: string) => {
      const m = Message.of(s);
      return isQuestion(m, QUESTION_STYLES.notAnAnswer) || askingClauses(m).some((c) => c.some((w, i) => questionWords.has(w) && invertedVerbs.has(c[i + 1] ?? '')));
    };
    const asked = pieces.filter((s) => asks(s) && !this.triage.wantsPerson(s) && !DO_THAT.test(s.trim()));
    if (!asked.length) return undefined;
    // a message the knowledge base reads as asking whom to contact is answered by the person reply itself
    const whole = this.deps.search.search(text);
    if (whole.kind === 'answer' && this.contactEntries.has(whole.best.entry.id)) return undefined;
    // the question asked, on its own when it names an NHSmail thing ("should I have my password ready"), before the
    // whole (whose request to ring the helpdesk "about getting extra accounts" says what the call is about)
    const question = asked.join(' ');
    const own = this.deps.search.mentionsAnchor(question) ? this.deps.search.search(question) : undefined;
    const outcome = own?.kind === 'answer' && !this.contactEntries.has(own.best.entry.id) ? own : whole;
    if (outcome.kind !== 'answer' || this.contactEntries.has(outcome.best.entry.id)) return undefined;
    return { entry: outcome.best.entry, others: outcome.others.map((h) => h.entry) };
  }

  /** The reply to the request offer, when one is open and the text is "yes" or "no"; the offer closes either way. */
  async offerReply(context: TurnContext, text: string): Promise<OfferReply | undefined> {
    const memory = await this.deps.memory.get(context, {});
    if (!memory.offered) return undefined;
    delete memory.offered;
    await this.deps.memory.set(context, memory);
    const intent = this.deps.intents.match(text);
    if (intent === 'yes') return { start: this.requestOptions(memory) };
    if (intent !== 'no') return undefined;
    await sendText(context, this.deps.kb.replies.t('feedback.nothing'));
    return { declined: true };
  }

  /** Options for a request that carries the note of what was asked in this conversation (the offer's button). */
  async requestWithNote(context: TurnContext): Promise<{ summary?: string }> {
    const memory = await this.deps.memory.get(context, {});
    delete memory.offered;
    await this.deps.memory.set(context, memory);
    return this.requestOptions(memory);
  }

  /**
   * Whether the message is about another system ("locked out of the rota app"): the knowledge base refuses it for an
   * off-topic marker, NHSmail's own words weighed, so no NHSmail journey should start from its words.
   */
  aboutSomethingElse(text: string): boolean {
    const outcome = this.deps.search.search(text);
    return outcome.kind === 'offTopic' && outcome.markers.length > 0;
  }

  /** What the conversation is about now, with no answer shown ("i dont know our ods code" mid-request): a follow-up is read with it. */
  async noteTopic(context: TurnContext, entryId: string): Promise<void> {
    if (!this.deps.kb.byId.has(entryId)) return;
    const memory = await this.deps.memory.get(context, {});
    this.forgetAnswer(memory);
    memory.topic = entryId;
    await this.deps.memory.set(context, memory);
  }

  /** After a request is filed: a follow-up is read with the topic of the entry that offers that kind of request. */
  async rememberRequest(context: TurnContext, requestType: string): Promise<void> {
    const entry = this.deps.kb.entries.find((e) => e.helpdesk === requestType);
    if (entry) await this.noteTopic(context, entry.id);
  }

  /**
   * Mid-request, "and if that doesn't work?": the short card of the entry that the request's own entry names for
   * when its way fails (after a lockout's self-service reset, the helpdesk's contacts); false when it names none.
   */
  async answerFallback(context: TurnContext, requestType: string): Promise<boolean> {
    const fallback = this.deps.kb.entries.find((e) => e.helpdesk === requestType)?.fallback;
    const entry = fallback ? this.deps.kb.byId.get(fallback) : undefined;
    if (!entry) return false;
    const memory = await this.deps.memory.get(context, {});
    await this.sendEntry(context, memory, entry, entry.question, [], true);
    return true;
  }

  /**
   * Remembers the nation a message states, for later questions: it replaces one stated before, and a message that
   * denies the one remembered ("we're not in Wales") or names several clears it. Every typed message comes here.
   */
  async noteNation(context: TurnContext, text: string): Promise<void> {
    const memory = await this.deps.memory.get(context, {});
    this.nationAfter(memory, text);
    await this.deps.memory.set(context, memory);
  }

  /** The nation the person said they are in, earlier in this conversation, if any. */
  async nation(context: TurnContext): Promise<Nation | undefined> {
    return (await this.deps.memory.get(context, {})).nation;
  }

  /**
   * Remembers the kind of organisation the eligibility check was told (or forgets it, undefined), so answers prefer the
   * entries written for that profession. Only a profession some entries are written for alone is kept.
   */
  async holdProfession(context: TurnContext, orgType: string | undefined): Promise<void> {
    const memory = await this.deps.memory.get(context, {});
    const profession = orgType && this.deps.kb.lexicon.audienceWords[orgType as Audience] ? orgType : undefined;
    if (memory.profession === profession) return;
    if (profession) memory.profession = profession;
    else delete memory.profession;
    await this.deps.memory.set(context, memory);
  }

  /** Remembers a nation the eligibility check settled (the person's answer or correction there), so the answers agree. */
  async holdNation(context: TurnContext, nation: Nation): Promise<void> {
    const memory = await this.deps.memory.get(context, {});
    memory.nation = nation;
    await this.deps.memory.set(context, memory);
  }

  /** Answers (each question, when a message asks several), offers choices, or refuses; records what it could not answer. */
  async answer(context: TurnContext, question: string): Promise<void> {
    const memory = await this.deps.memory.get(context, {});
    this.remember(memory, question);
    // a fact no source gives ("how big can attachments be"): said so, with who can tell them, rather than a guess
    const gap = this.deps.search.gapFor(question);
    if (gap) {
      this.forgetAnswer(memory);
      await this.deps.memory.set(context, memory);
      const shown = redact(question).text;
      await sendText(context, this.deps.kb.replies.t(gap), { kind: 'unsure', candidates: [], question: shown, outcome: 'gap' });
      return;
    }
    // a nation stated anywhere in the message, or earlier in the conversation, holds for each of its questions
    const nation = this.nationAfter(memory, question);
    const parts = this.partsOf(question, memory);
    if (parts.length > 1 && (await this.answerParts(context, parts, memory, nation))) return;
    const outcome = this.searchInContext(question, this.lastEntry(memory), { offered: this.offered(memory), lastQuestion: memory.lastAnswer?.question, profession: memory.profession });
    await this.send(context, question, outcome, memory, nation);
  }

  /**
   * Answers only when the knowledge base is confident: questions mid-journey, and messages that would start one.
   * Returns the entry answered, else undefined. `fits` turns down an answer that does not suit the journey the
   * message starts; `lead` sends the short card that leads the journey's next step (no feedback or related buttons);
   * `anchored`: the message is known to be about NHSmail (a journey took it up), whether or not it names NHSmail.
   */
  async answerIfConfident(
    context: TurnContext,
    question: string,
    { fits, lead = false, owns, anchored = false }: { fits?: (entry: FaqEntry, part?: string) => boolean; lead?: boolean; owns?: (entry: FaqEntry) => boolean; anchored?: boolean } = {},
  ): Promise<string | undefined> {
    const memory = await this.deps.memory.get(context, {});
    // an answer about joining in England is no answer for a message from another nation: the journey goes on without it
    const nation = this.nationAfter(memory, question);
    const applies = (entry: FaqEntry, part?: string) => this.forNation(entry, nation) === entry && (!fits || fits(entry, part));
    const confident = this.confidentParts(question, memory, applies);
    const sendParts = async (found: readonly ConfidentPart[]) => {
      this.remember(memory, question);
      for (const { part, entry, others } of found) await this.sendEntry(context, memory, entry, part, others, lead);
      return found[0]?.entry.id;
    };
    // "I'm locked out, can I reset it myself, and what's the helpdesk's number?": each question gets its answer
    // before the journey goes on, not just the one the whole message ranks first.
    if (confident.length >= 2) return sendParts(confident);
    const outcome = this.searchInContext(question, this.lastEntry(memory), { lastQuestion: memory.lastAnswer?.question, profession: memory.profession, anchored });
    if (outcome.kind === 'answer' && applies(outcome.best.entry)) {
      this.remember(memory, question);
      await this.sendEntry(context, memory, outcome.best.entry, question, outcome.others.map((h) => h.entry), lead);
      return outcome.best.entry.id;
    }
    // a leader the message's own facts rule out ("our dental group owns 25 practices... are we large enough to administer
    // our own accounts": self-management is written for care providers) gives way to the first candidate close behind
    // that fits them and is about a word the message uses (the dental groups' entry)
    // (or further behind, when the learned model prefers it to the leader: "a dental group with 45 practices... is there a
    // way to do them all in one go" ranks the care groups' bulk upload first, the model the dental groups' entry)
    // (or, failing that, the journey's own topic among them: "we're a dental practice, tried the care provider portal and
    // it didnt fit us at all, how do dentists sign up" ranks the ways care providers join first, and how dental
    // practices register well behind; see Journey.ownsAnswer)
    const fitting =
      outcome.kind === 'answer'
        ? (outcome.others.find((h) => h.topical && (h.score >= FITTING_RATIO * outcome.best.score || h.learned > outcome.best.learned) && applies(h.entry)) ??
          (owns && !applies(outcome.best.entry) ? outcome.others.find((h) => h.topical && owns(h.entry) && applies(h.entry)) : undefined))
        : undefined;
    if (outcome.kind === 'answer' && fitting) {
      this.remember(memory, question);
      await this.sendEntry(context, memory, fitting.entry, question, [outcome.best, ...outcome.others].filter((h) => h !== fitting).map((h) => h.entry), lead);
      return fitting.entry.id;
    }
    // "optometrist here, how do we get nhsmail, oh and what dspt level": the whole is no one question, and the
    // toolkit level written for care providers does not suit an optometrist, but how optometrists join does
    if (confident.length) return sendParts(confident);
    // "its 3am on nights and im locked out, is there a way to unlock it myself": unsure between resetting it yourself and
    // the lockout entry, the journey's own topic among the candidates leads (see Journey.ownsAnswer)
    const candidates = outcome.kind === 'unsure' ? outcome.candidates : [];
    const own = owns ? candidates.find((h) => owns(h.entry) && applies(h.entry)) : undefined;
    if (!own) return undefined;
    this.remember(memory, question);
    await this.sendEntry(context, memory, own.entry, question, candidates.filter((h) => h !== own).map((h) => h.entry), lead);
    return own.entry.id;
  }

  /** The entry the whole message is plainly about (see plainlyAbout), in this conversation; nothing is sent. */
  async plainEntry(context: TurnContext, question: string): Promise<FaqEntry | undefined> {
    const outcome = await this.wholeOutcome(context, question);
    return outcome.kind === 'answer' && plainlyAbout(outcome) ? outcome.best.entry : undefined;
  }

  /** The entry the knowledge base answers the whole message with, in this conversation, when it is confident; nothing is sent. */
  async confidentEntry(context: TurnContext, question: string): Promise<FaqEntry | undefined> {
    const outcome = await this.wholeOutcome(context, question);
    return outcome.kind === 'answer' ? outcome.best.entry : undefined;
  }

  /** The whole message searched in this conversation (its last answer, last question and profession); nothing is sent. */
  private async wholeOutcome(context: TurnContext, question: string): Promise<SearchOutcome> {
    const memory = await this.deps.memory.get(context, {});
    return this.searchInContext(question, this.lastEntry(memory), { lastQuestion: memory.lastAnswer?.question, profession: memory.profession });
  }

  /**
   * Mid-journey, a short statement that is not an answer to the question on screen but that the last answer's related
   * entries (or its fallback) explain ("we don't have an ODS code" after how dental practices register, which led the
   * check): that entry's card, read as a follow-up to the answer. Returns the entry answered, else undefined.
   */
  async answerRelatedStatement(context: TurnContext, text: string): Promise<string | undefined> {
    const memory = await this.deps.memory.get(context, {});
    const previous = memory.lastAnswer ? this.lastEntry(memory) : undefined;
    const words = tokenize(text);
    if (!previous || !words.length || words.length > this.deps.kb.language.followUp.maxWords) return undefined;
    const outcome = this.searchInContext(text, previous, { profession: memory.profession });
    if (outcome.kind !== 'answer') return undefined;
    const entry = outcome.best.entry;
    if (entry.id === previous.id || !relatedTo(previous).includes(entry.id)) return undefined;
    this.remember(memory, text);
    await this.sendEntry(context, memory, entry, text, outcome.others.map((h) => h.entry));
    return entry.id;
  }

  /**
   * Mid-journey, an elided follow-up to the answer just given ("same for dentists?" after how opticians sign up,
   * which led the check): the last question asked again about what it names (see `carriedAnswer`), answered with
   * that entry's card (`lead`: the short card, when the journey's next step follows). Returns the entry answered.
   */
  async answerElided(context: TurnContext, text: string, { lead = false }: { lead?: boolean } = {}): Promise<string | undefined> {
    const memory = await this.deps.memory.get(context, {});
    const previous = memory.lastAnswer ? this.lastEntry(memory) : undefined;
    const outcome = previous && memory.lastAnswer && this.carriedAnswer(text, previous, memory.lastAnswer.question);
    if (!outcome) return undefined;
    this.remember(memory, text);
    await this.sendEntry(context, memory, outcome.best.entry, text, outcome.others.map((h) => h.entry), lead);
    return outcome.best.entry.id;
  }

  /**
   * After an answer that offers a helpdesk request (its "Raise a helpdesk request" button), a short message asking for
   * it ("yes please raise it", "can you log one for me"): the request the button would start, else undefined.
   */
  async requestAsked(context: TurnContext, text: string): Promise<{ requestType: string; entryId: string; about?: string } | undefined> {
    const language = this.deps.kb.language;
    // the words first: most messages ask no such thing, and need not read the conversation's memory
    if (!language.raiseIt.test(text)) return undefined;
    const words = tokenize(text);
    if (!words.length || words.length > language.followUp.maxWords || !language.raiseIt.test(words.join(' '))) return undefined;
    const memory = await this.deps.memory.get(context, {});
    const entry = memory.lastAnswer ? this.lastEntry(memory) : undefined;
    // the question answered may say whom the request is for ("one of our carers is leaving")
    const about = memory.lastAnswer?.question;
    return entry?.helpdesk ? { requestType: entry.helpdesk, entryId: entry.id, ...(about ? { about } : {}) } : undefined;
  }

  /**
   * A message that tells of a matter and asks the bot to pass it on in one go ("a carer is leaving, can you tell the
   * helpdesk"): the matter's answer, led as a journey's first step, and the request it offers, to start. Nothing is
   * sent when the message asks no such thing or its answer offers no request.
   */
  async answerRaising(context: TurnContext, text: string): Promise<{ requestType: string; entryId: string } | undefined> {
    if (!asksToRaise(text, this.deps.kb.language)) return undefined;
    const entryId = await this.answerIfConfident(context, text, { lead: true, fits: (entry) => !!entry.helpdesk });
    const requestType = entryId ? this.deps.kb.byId.get(entryId)?.helpdesk : undefined;
    return entryId && requestType ? { requestType, entryId } : undefined;
  }

  /** The text with its misspelt words put right as the search reads them ("acounts" -> "accounts"), else as typed. */
  corrected(text: string): string {
    return this.deps.search.analyzer.corrected(text);
  }

  /**
   * Whether the text names something only NHSmail questions name (the lexicon's anchor words) that `other` does not:
   * "i dont know my ods code" said to "How many dental practices are in your organisation?" is about the code.
   */
  namesOtherThing(text: string, other: string): boolean {
    const its = new Set(this.deps.search.anchorsIn(other));
    return this.deps.search.anchorsIn(text).some((a) => !its.has(a));
  }

  /**
   * Whether a message that would start a journey is rather a follow-up to the answer just given: it refers back to
   * it with a word ("she's changed her surname as well" after what happens when someone leaves) or leaves out all
   * but what changes ("same for dentists?" after how opticians sign up), and does not clearly
   * ask to start (it speaks of the writer's own need, or names a request).
   */
  async followsLastAnswer(context: TurnContext, text: string): Promise<boolean> {
    const memory = await this.deps.memory.get(context, {});
    if (!memory.lastAnswer) return false;
    const f = this.deps.kb.language.followUp;
    const words = tokenize(text);
    if (!words.length || words.length > f.maxWords) return false;
    return (words.some((w) => f.refer.includes(w)) || !!this.deps.kb.language.elision(words)) && !words.some((w) => f.starts.includes(w));
  }


  /**
   * The answers to the questions of a message that asks several: each part answered with confidence by an entry that
   * suits `fits` (given the part it answers), one per topic. Empty for a message asking one question. A part whose
   * answer does not suit is left out, not the message: the journey that follows is its answer.
   */
  private confidentParts(question: string, memory: FaqMemory, fits?: (entry: FaqEntry, part?: string) => boolean): ConfidentPart[] {
    const parts = this.partsOf(question, memory);
    if (parts.length < 2) return [];
    const found: ConfidentPart[] = [];
    for (const { part, outcome } of this.searchParts(parts, memory)) {
      if (outcome.kind !== 'answer' || (fits && !fits(outcome.best.entry, part))) continue;
      if (!found.some((f) => f.entry.id === outcome.best.entry.id)) {
        found.push({ part, entry: outcome.best.entry, others: outcome.others.map((h) => h.entry) });
      }
    }
    return found;
  }

  /** Handles "yes"/"no" after an answer or "2"/a title after choices; true if the text was used. */
  async followUp(context: TurnContext, text: string): Promise<boolean> {
    const memory = await this.deps.memory.get(context, {});
    const intent = this.deps.intents.match(text);
    if (memory.lastAnswer && (intent === 'yes' || intent === 'no')) {
      await this.feedback(context, memory.lastAnswer.entryId, intent === 'yes');
      return true;
    }
    if (memory.lastAnswer && intent === 'more') {
      await this.more(context, memory.lastAnswer.entryId);
      return true;
    }
    if (memory.choices?.length) {
      const chosen = this.pickChoice(memory.choices, text);
      if (chosen) {
        await this.sendEntry(context, memory, chosen, chosen.question);
        return true;
      }
    }
    return false;
  }

  /** The details behind an answer's "More", asked for by typing "more" after it or by a card button. */
  async more(context: TurnContext, entryId: string): Promise<void> {
    const entry = this.deps.kb.byId.get(entryId);
    if (!entry) {
      await sendText(context, this.deps.kb.replies.t('answer.noMore'));
      return;
    }
    await sendReply(context, answerMoreCard(this.deps.kb, entry));
  }

  async feedback(context: TurnContext, entryId: string, helpful: boolean): Promise<void> {
    const r = this.deps.kb.replies;
    const memory = await this.deps.memory.get(context, {});
    if (!this.deps.kb.byId.has(entryId)) {
      await sendText(context, r.t('feedback.nothing'));
      return;
    }
    delete memory.lastAnswer;
    await this.deps.memory.set(context, memory);
    await sendText(
      context,
      helpful ? r.t('feedback.thanksYes') : r.t('feedback.thanksNo', { phone: r.t('contact.phone'), email: r.t('contact.email') }),
      { kind: 'feedback', entryId, helpful },
    );
  }

  /**
   * Searches a question; a short one that refers back ("how long will that take?", "and for a pharmacy?") is searched
   * with the topic of the previous answer added first, and on its own when that finds no confident answer. A
   * follow-up may ask something new: when the topic's words only bring back the answer just given, an entry that
   * the follow-up on its own and the follow-up in context both rank high ("who could give us a hand with it" after
   * the DSPT level) is the answer. `offered`: the topics a "did you mean" just offered; `lastQuestion`: the question
   * the last answer answered; `profession`: the kind of organisation the eligibility check was told; `anchored` and
   * `scene` as KnowledgeSearch.search takes them.
   */
  private searchInContext(
    question: string,
    previous: FaqEntry | undefined,
    {
      anchored = false,
      offered = [],
      lastQuestion,
      profession,
      scene = true,
    }: { anchored?: boolean; offered?: readonly FaqEntry[]; lastQuestion?: string; profession?: string; scene?: boolean } = {},
  ): SearchOutcome {
    const fallback = previous && this.fallbackAnswer(question, previous);
    if (fallback) return fallback;
    const carried = previous && lastQuestion && this.carriedAnswer(question, previous, lastQuestion);
    if (carried) return carried;
    // a short question referring back to an answer (or to the topics just offered) about NHSmail is about NHSmail too
    // "who do we get in touch with about it": whom to contact about the last answer, however many words it takes
    const contact = previous && this.contactAnswer(question, previous);
    if (contact) return contact;
    const refers = (!!previous || offered.length > 0) && this.refersBack(question);
    // The audience the last answer was written for alone is the conversation's ("we need a mailbox for the premises
    // too" after how pharmacies register), as is the profession the eligibility check was told ("i dont know my ods
    // code" from a dental practice); but asked what something is, the entry that says what it is answers ("what is an
    // ODS code?" from a dental practice, or right after how a practice gets one, which does not say).
    const written = previous && !forEveryone(previous) ? previous.audience : [];
    const context = [...written, ...(profession ? [profession] : [])];
    const audiences = context.length && !this.deps.search.asksWhatIs(question) ? context : [];
    const alone = () => this.deps.search.search(question, { anchored: anchored || refers, audiences, scene });
    if (previous && refers) {
      // "how quick is that" after the extra-accounts answer, which gives its 5 working days: that answer again
      if (this.deps.search.statesAsked(question, previous.id)) return chosen(previous, previous);
      const own = alone();
      const related = this.relatedNext(own, [previous], false);
      if (related) return related;
      const withTopic = this.deps.search.search(`${question} ${previous.title}`);
      if (withTopic.kind === 'answer' && withTopic.best.entry.id !== previous.id) return this.ownFarAhead(own, withTopic) ?? withTopic;
      if (withTopic.kind === 'answer') {
        return this.askedNext(question, previous, withTopic, own) ?? (lastQuestion ? this.relatedAsked(question, previous, lastQuestion, own) : undefined) ?? this.relatedLeader(question, previous, own) ?? withTopic;
      }
      return own;
    }
    if (!previous && refers) {
      const own = alone();
      return this.relatedNext(own, offered, true) ?? own;
    }
    const own = alone();
    return (previous && (this.unanchoredFollowUp(question, previous, own) ?? this.tieInContext(own, previous) ?? this.staysOnTopic(question, own, previous))) ?? this.ownFallback(question, own) ?? own;
  }

  /**
   * A message that names a thing and asks for another way than it ("I can't find our CQC contact ID anywhere. Is there
   * another way to get through the registration?"): the entry the thing's own entry names for that case (its
   * `fallback`), as a follow-up saying so gets it, when the thing's entry leads or ties for the lead and the fallback is
   * among the candidates too. Else undefined.
   */
  private ownFallback(question: string, own: SearchOutcome): SearchOutcome | undefined {
    if (own.kind === 'offTopic') return undefined;
    const hits = own.kind === 'answer' ? [own.best, ...own.others] : own.candidates;
    const [first, second] = hits;
    const words = tokenize(question);
    if (!first || !this.deps.kb.language.phraseWords.alternative.some((phrase) => holdsPhrase(words, phrase))) return undefined;
    // the thing's entry leads; or, "not sure", it is the runner-up to its own fallback
    const thing = [first, ...(own.kind === 'unsure' && second ? [second] : [])].find((h) => h.entry.fallback && hits.slice(0, 3).some((o) => o.entry.id === h.entry.fallback));
    const next = thing?.entry.fallback ? this.deps.kb.byId.get(thing.entry.fallback) : undefined;
    return thing && next ? chosen(next, thing.entry) : undefined;
  }

  /**
   * A short question right after an answer, whose own leader is another entry only a little ahead of the last answer
   * (within CONTEXT_RATIO, covering no more of it): the conversation's topic is the one meant ("will emails to my old
   * address still come thru" right after changing a name, which the pharmacy's shared mailbox led on "address").
   */
  private staysOnTopic(question: string, own: SearchOutcome, previous: FaqEntry): SearchOutcome | undefined {
    if (own.kind !== 'answer' || own.best.entry.id === previous.id) return undefined;
    // ("what is an ODS code?" right after how a dental practice gets one is answered by the entry saying what it is)
    if (tokenize(question).length > this.deps.kb.language.followUp.maxWords || this.deps.search.asksWhatIs(question)) return undefined;
    const kept = own.others.slice(0, 2).find((h) => h.entry.id === previous.id);
    if (!kept || kept.score < CONTEXT_RATIO * own.best.score || kept.coverage < own.best.coverage) return undefined;
    return { kind: 'answer', best: kept, others: [own.best, ...own.others.filter((h) => h !== kept)] };
  }

  /**
   * A near tie, read in the conversation it is asked in: "how do i archive" right after what to do when a mailbox is
   * full ties that entry with what NHSmail is not for (keeping records); the last answer, when it is one of the tied
   * leaders, is the one meant (it was the topic a moment ago), else the first tied leader it lists as related. Only a
   * tie is broken so.
   */
  private tieInContext(own: SearchOutcome, previous: FaqEntry): SearchOutcome | undefined {
    if (own.kind !== 'unsure' || !own.candidates.length) return undefined;
    const [leader] = own.candidates as [Hit, ...Hit[]];
    const t = this.deps.search.tuning;
    const tied = own.candidates.filter((h) => leader.score - h.score < t.margin * leader.score && h.coverage >= t.answerCoverage);
    if (tied.length < 2) return undefined;
    const related = new Set(relatedTo(previous));
    const best = tied.find((h) => h.entry.id === previous.id) ?? tied.find((h) => related.has(h.entry.id));
    if (!best) return undefined;
    return { kind: 'answer', best, others: own.candidates.filter((h) => h !== best) };
  }

  /**
   * A short question right after an answer that names nothing only NHSmail questions name, and so would be refused as
   * off the subject, or left unsure, on its own ("will my old address still work" after changing the name on an
   * account, "how long till we hear back" after how to register): asked in a conversation about NHSmail, it is read
   * with the last answer's topic, and answered when that reading leads to the last answer, one it relates to or the entry answering what it asks
   * about anything ("how long things take"), and that entry covers enough of the question's own words. A question
   * with an off-topic marker ("whats the weather like"), or with a word the knowledge base never uses ("how long do you
   * boil an egg for"), is still refused.
   */
  private unanchoredFollowUp(question: string, previous: FaqEntry, own: SearchOutcome): SearchOutcome | undefined {
    // (or left unsure, its words the learned model's without NHSmail's: "how long till we hear back" is how long things
    // take to a model that has seen many askers waiting, but asks nothing NHSmail's on its own)
    if (own.kind === 'answer' || (own.kind === 'offTopic' && own.markers.length)) return undefined;
    const words = tokenize(question);
    if (!words.length || words.length > this.deps.kb.language.followUp.maxWords) return undefined;
    if (!isQuestion(new Message(question), QUESTION_STYLES.asksSomething) || !this.deps.search.usesKnownWords(question)) return undefined;
    const withTopic = this.deps.search.search(`${question} ${previous.title}`, { anchored: true });
    if (withTopic.kind !== 'answer') return undefined;
    const id = withTopic.best.entry.id;
    if (id !== previous.id && !relatedTo(previous).includes(id) && !this.deps.search.generalFor(question).includes(id)) return undefined;
    // the question's own words must be the entry's too: "how do i make a cup of tea" after the name change's answer
    // is not about it, however the last answer's title ranks it
    const mine = own.candidates.find((h) => h.entry.id === id);
    return mine && mine.coverage >= this.deps.search.tuning.clearCoverage ? withTopic : undefined;
  }

  /**
   * An elided follow-up that names only what changes ("what about for a dentist", "same for dentists?" after how
   * opticians sign up) asks the last question again about that: each reading of the last question with one or two of
   * its words (the ones the follow-up does not repeat) replaced by what the follow-up names is searched, and the
   * answer is the most confident one that the follow-up on its own also ranks among its first few and that is not
   * the last answer. A follow-up naming a nation is left to what applies there.
   */
  private carriedAnswer(question: string, previous: FaqEntry, lastQuestion: string): (SearchOutcome & { kind: 'answer' }) | undefined {
    const f = this.deps.kb.language.followUp;
    const words = tokenize(question);
    if (!words.length || words.length > f.maxWords) return undefined;
    const opener = this.deps.kb.language.elision(words);
    if (!opener) return undefined;
    const rest = words.slice(opener.length).join(' ');
    const analyzer = this.deps.search.analyzer;
    const named = new Set(analyzer.analyze(rest).terms);
    if (!named.size || this.deps.nations.stated(rest)) return undefined;
    const own = this.deps.search.search(rest, { anchored: true });
    const ownTop = (own.kind === 'answer' ? [own.best, ...own.others] : own.candidates).slice(0, CARRIED_TOP).map((h) => h.entry.id);
    const last = tokenize(lastQuestion);
    // the last question's words that say what it was about (not stop words, and not repeated by the follow-up)
    const replaceable = last.map((w) => analyzer.analyze(w).terms).map((terms) => terms.length > 0 && !terms.some((t) => named.has(t)));
    let best: (SearchOutcome & { kind: 'answer' }) | undefined;
    for (let i = 0; i < last.length; i++) {
      for (let j = i; j < Math.min(last.length, i + 2) && replaceable[j]; j++) {
        if (!replaceable[i]) break;
        const outcome = this.deps.search.search([...last.slice(0, i), rest, ...last.slice(j + 1)].join(' '), { anchored: true });
        if (outcome.kind !== 'answer' || outcome.best.entry.id === previous.id || !ownTop.includes(outcome.best.entry.id)) continue;
        if (!best || outcome.best.score > best.best.score) best = outcome;
      }
    }
    return best;
  }

  /**
   * The follow-up's own answer, when it leads its own ranking far ahead (the runner-up at most the clear-lead ratio of
   * its score) and the search in context, which put a third entry first, still ranks it among its first three: "is
   * that free" after what a shared mailbox is asks what NHSmail costs, and only the topic's "mailbox" beside "free"
   * made freeing up a full mailbox lead. Far ahead, at least, of the entry the context put first: "what dspt level do
   * they need" after whether home care agencies qualify asks the level, whichever third entry ranks between.
   */
  private ownFarAhead(own: SearchOutcome, inContext: SearchOutcome & { kind: 'answer' }): SearchOutcome | undefined {
    if (own.kind !== 'answer' || own.best.entry.id === inContext.best.entry.id) return undefined;
    const bar = this.deps.search.tuning.clearRatio * own.best.score;
    const rival = own.others.find((h) => h.entry.id === inContext.best.entry.id);
    if (rival ? rival.score > bar : (own.others[0]?.score ?? 0) > bar) return undefined;
    return inContext.others.slice(0, 2).some((h) => h.entry.id === own.best.entry.id) ? own : undefined;
  }

  /**
   * After an answer (or a "did you mean" list), a follow-up that refers back and that the last answer's related
   * entries explain as well as anything else: the related entry, when the follow-up's own leader is unrelated to
   * what was just said ("can we get it back after that" after the timeline to deletion: getting a deleted account
   * back, not what happens after registering). Among the two the follow-up alone ranks first, the related one
   * must cover the follow-up's words at least as well as the leader, and when the follow-up alone is answered, be close
   * behind it (not at or under the clear-lead ratio: "how do we check ours is published" after what the DSPT is stays
   * with checking the DSPT's status, far ahead of the related "do we need one"). With `offered`, the topics listed count too.
   */
  private relatedNext(own: SearchOutcome, context: readonly FaqEntry[], offered: boolean): SearchOutcome | undefined {
    const hits = own.kind === 'answer' ? [own.best, ...own.others] : own.kind === 'unsure' ? own.candidates : [];
    const leader = hits[0];
    if (!leader) return undefined;
    const shown = new Set(context.map((e) => e.id));
    const related = new Set(context.flatMap((e) => [...relatedTo(e), ...(offered ? [e.id] : [])]));
    if (shown.has(leader.entry.id) || related.has(leader.entry.id)) return undefined;
    const next = hits.slice(1, FOLLOW_UP_TOP).find((h) => related.has(h.entry.id) && (offered || !shown.has(h.entry.id)) && h.coverage >= leader.coverage);
    if (!next || (own.kind === 'answer' && next.score <= this.deps.search.tuning.clearRatio * leader.score)) return undefined;
    return { kind: 'answer', best: next, others: hits.filter((h) => h !== next) };
  }

  /**
   * "Who do I contact about it?" after an answer: the entry among the last answer's related ones that is about
   * contacts (its title or question asks whom to contact), when there is one. The follow-up refers back and may be as
   * long as one saying the last way failed ("who do we get in touch with about it" has nine words).
   */
  private contactAnswer(question: string, previous: FaqEntry): SearchOutcome | undefined {
    const f = this.deps.kb.language.followUp;
    const asked = tokenize(question);
    if (!asked.length || asked.length > f.otherwiseMaxWords || !this.pointsBack(asked)) return undefined;
    if (!this.deps.kb.language.phraseWords.contact.some((p) => holdsPhrase(asked, p))) return undefined;
    // the last answer gave an address of its own ("email nhsmail.scotland@nhs.net"): that is whom to contact
    if (OWN_ADDRESS.test(previous.answer)) return chosen(previous, previous);
    const entry = previous.related.map((id) => this.deps.kb.byId.get(id)).find((e) => !!e && this.contactEntries.has(e.id));
    return entry && chosen(entry, previous);
  }

  /**
   * A follow-up the last answer's own words do not answer ("what do i need for it" after how to register through
   * NAS): searched with the last question, an entry the last answer lists as related that is among the two runners-up
   * there (the last answer leading) and whose wording is nearer the follow-up's than the last answer's is the answer.
   * When that search leads with another entry that the follow-up alone ranks among its first few, the two agree on it
   * ("can our locum use it too" after how pharmacies sign up: the locum pharmacist's, not the GP locum's, account).
   */
  private relatedAsked(question: string, previous: FaqEntry, lastQuestion: string, own: SearchOutcome): SearchOutcome | undefined {
    const inContext = this.deps.search.search(`${question} ${lastQuestion}`, { anchored: true });
    if (inContext.kind !== 'answer') return undefined;
    if (inContext.best.entry.id !== previous.id) {
      const ownTop = (own.kind === 'answer' ? [own.best, ...own.others] : own.kind === 'unsure' ? own.candidates : []).slice(0, FOLLOW_UP_TOP);
      return ownTop.some((h) => h.entry.id === inContext.best.entry.id) ? inContext : undefined;
    }
    const related = relatedTo(previous);
    const hit = inContext.others
      .slice(0, FOLLOW_UP_TOP)
      .find((h) => related.includes(h.entry.id) && nearestWording(question, h.entry) > nearestWording(question, previous));
    return hit && { kind: 'answer', best: hit, others: [inContext.best, ...inContext.others.filter((h) => h !== hit)] };
  }

  /**
   * A follow-up whose own leader (searched alone, even short of confident) is an entry the last answer lists as related,
   * and whose own ranking does not name the last answer at all ("what if it's already gone inactive" after activating a
   * new account: reactivating it): the follow-up and the last answer's links agree on that entry, and only the last
   * answer's title put in its words brought the last answer back, so the related entry is the answer.
   */
  private relatedLeader(question: string, previous: FaqEntry, own: SearchOutcome): SearchOutcome | undefined {
    const hits = own.kind === 'answer' ? [own.best, ...own.others] : own.kind === 'unsure' ? own.candidates : [];
    if (!hits.length || hits.some((h) => h.entry.id === previous.id)) return undefined;
    // (or one level with it, within the margin a clear lead needs: "once its gone can it come back" after how long a
    // disabled account is kept ties reactivating, a lost shared mailbox and restoring a deleted account; the last
    // answer links only the last)
    const level = (1 - this.deps.search.tuning.margin) * (hits[0]?.score ?? 0);
    const related = relatedTo(previous);
    const leader = hits.find((h) => h.score >= level && related.includes(h.entry.id));
    return leader && { kind: 'answer', best: leader, others: hits.filter((h) => h !== leader) };
  }

  /**
   * The entry a follow-up asks about instead of the last answer, as an answer, if it asks something new: the
   * follow-up's own confident answer when it is a runner-up in context; else an entry in the top two of both rankings
   * whose wording is nearer the follow-up's than the last answer's ("how many staff can have it" after registering a
   * pharmacy: the follow-up alone says the general allowance, in context the pharmacy's).
   */
  private askedNext(question: string, previous: FaqEntry, inContext: SearchOutcome & { kind: 'answer' }, own: SearchOutcome): SearchOutcome | undefined {
    const ownRanked = (own.kind === 'answer' ? [own.best, ...own.others] : own.candidates).map((h) => h.entry.id);
    const runnersUp = inContext.others.map((h) => h.entry.id);
    const asAnswer = (id: string): SearchOutcome | undefined => {
      const hit = inContext.others.find((h) => h.entry.id === id);
      return hit && { kind: 'answer', best: hit, others: [inContext.best, ...inContext.others.filter((h) => h !== hit)] };
    };
    const near = (id: string) => nearestWording(question, this.deps.kb.byId.get(id) as FaqEntry) - nearestWording(question, previous);
    // the follow-up's own answer, a runner-up in context, when the follow-up names its topic: "why is it showing" after
    // hiding your mobile number names none, and only "showing", a word of the ODS code's example wordings, put it first
    if (own.kind === 'answer' && own.best.entry.id !== previous.id && runnersUp.includes(own.best.entry.id) && own.best.topical) return own;
    const next = ownRanked.find((id, i) => id !== previous.id && i < FOLLOW_UP_TOP && runnersUp.indexOf(id) >= 0 && runnersUp.indexOf(id) < FOLLOW_UP_TOP);
    return next && near(next) > 0 ? asAnswer(next) : undefined;
  }

  /**
   * The entry the last answer names for when its way fails or the person lacks what it needs (its `fallback`), as the
   * answer, when the follow-up asks that ("and if that doesn't work?", "we haven't got one, is there another way?")
   * and is not a question of its own about another topic ("what if we don't have the DSPT?").
   */
  private fallbackAnswer(question: string, previous: FaqEntry): SearchOutcome | undefined {
    const next = previous.fallback ? this.deps.kb.byId.get(previous.fallback) : undefined;
    if (!next || !this.asksOtherwise(question)) return undefined;
    const own = this.deps.search.search(question);
    if (own.kind === 'answer' && own.best.topical && own.best.entry.id !== previous.id && own.best.entry.id !== next.id) return undefined;
    return chosen(next, previous);
  }

  /** A short message that refers back and says the last way failed or something is missing ("our manager hasn't got one"). */
  private asksOtherwise(question: string): boolean {
    const f = this.deps.kb.language.followUp;
    const words = tokenize(question);
    if (!words.length || words.length > f.otherwiseMaxWords) return false;
    return this.pointsBack(words) && this.deps.kb.language.phraseWords.otherwise.some((phrase) => holdsPhrase(words, phrase));
  }

  /** Whether a short question points back, or names nothing of its own ("who do i tell"), so is about what was said. */
  private refersBack(question: string): boolean {
    const f = this.deps.kb.language.followUp;
    const words = tokenize(question);
    if (!words.length || words.length > f.maxWords) return false;
    return this.pointsBack(words) || !this.deps.search.analyzer.analyze(question).terms.length;
  }

  /** Whether the words point back to what was said before: a word such as "it" or "that", or an opener such as "and if". */
  private pointsBack(words: readonly string[]): boolean {
    const f = this.deps.kb.language.followUp;
    return words.some((w) => f.refer.includes(w)) || this.deps.kb.language.phraseWords.openers.some((o) => o.every((w, i) => words[i] === w));
  }

  /**
   * Answers each question of a message that asks several, one card per topic, and says which it could not answer.
   * False (nothing sent) when none of them has a confident answer: the message is then searched as a whole.
   */
  private async answerParts(context: TurnContext, parts: readonly Part[], memory: FaqMemory, nation: Nation | undefined): Promise<boolean> {
    const results = this.searchParts(parts, memory);
    const answered = results.filter((x) => x.outcome.kind === 'answer');
    if (!answered.length) return false;
    // One topic among the parts, and the whole message confidently about it: the rest was context, not a question.
    const topics = new Set(answered.map((x) => (x.outcome.kind === 'answer' ? x.outcome.best.entry.id : '')));
    // So too when a part the search was unsure of leads with the topic the whole message is confidently about ("is there
    // a minimum amount of use to keep accounts live, and does just logging in count"): the part after it only narrows it.
    const unsureLeads = new Set(results.flatMap((x) => (x.outcome.kind === 'unsure' ? (x.outcome.candidates[0]?.entry.id ?? []) : [])));
    // And when the whole message is plainly about one thing no part found, whether or not each part was answered apart
    // ("her nhsmail is ready but what does she need for the extra code bit at sign-in, will she need an app on her
    // phone?": multi-factor sign-in, though apart the parts read as a shared mailbox and opening NHSmail on a phone)
    const whole = this.searchInContext(parts.map((p) => p.text).join(' '), this.lastEntry(memory));
    if (whole.kind === 'answer') {
      const id = whole.best.entry.id;
      if (answered.length < results.length && ((topics.size === 1 && topics.has(id)) || unsureLeads.has(id))) return false;
      if (!topics.has(id) && plainlyAbout(whole)) return false;
      // ...or about one thing some part found, whose topic names all that every other part says, each of them asking
      // no more than what it is: that thing's entry answers them all ("who at a pharmacy does the registration and how
      // many users do they get" is the entry on who registers a pharmacy and how many users it gets, though the first
      // part alone reads as how a pharmacy registers; "what is a shared mailbox and how do i give someone access to it"
      // asks what the mailbox is, and then how to give access)
      const search = this.deps.search;
      const near = (x: (typeof answered)[number]) =>
        x.outcome.kind === 'answer' && (x.outcome.best.entry.id === id || (!search.asksWhatIs(x.part) && search.topicCovers(x.part, id)));
      if (topics.size > 1 && topics.has(id) && plainlyAbout(whole) && answered.length === results.length && answered.every(near)) return false;
    }
    // the part answered with what the whole message is plainly about comes first, whatever its place: "new manager here,
    // not sure if the last manager ever published our dspt, how can i check our status" asks the status, the toolkit's
    // yearly renewal only in passing
    // (or, when every part before the one answered with it asks nothing, whatever the whole message is about: "we've
    // decided to move our whole organisation onto nhsmail and do it ourselves. are there templates or checklists for
    // that" asks for the templates; the decision told first is their scene)
    const wholeId = whole.kind === 'answer' ? whole.best.entry.id : undefined;
    const tells = (x: (typeof results)[number]) => !isQuestion(Message.of(x.part), QUESTION_STYLES.notARequest);
    const afterTelling = results.findIndex((x) => x.outcome.kind === 'answer' && x.outcome.best.entry.id === wholeId);
    const main =
      whole.kind === 'answer' && topics.has(whole.best.entry.id) && (plainlyAbout(whole) || (afterTelling > 0 && results.slice(0, afterTelling).every(tells)))
        ? whole.best.entry.id
        : undefined;
    const leads = (x: (typeof results)[number]) => x.outcome.kind === 'answer' && x.outcome.best.entry.id === main;
    // (only past parts that ask nothing, a scene, or whose answer neither the whole message nor the learned model bears
    // out: "does nhsmail cost anything and how many accounts does each site get" is answered in the order asked, the cost
    // being close behind the accounts for the whole; "I registered our home for nhs mail on friday, how will I find out it's gone through and
    // what do I do when I hear back" answers what comes after registering first, whatever its first part found)
    const near = new Set(whole.kind === 'answer' ? whole.others.slice(0, WHOLE_NEAR).map((h) => h.entry.id) : []);
    // (an answer the learned model all but rules out for its own part, too: "we're a dental practice in wales, how do we
    // register and how do I reset my password" asks two things, each answered with the model's backing)
    const aside = (x: (typeof results)[number]) => tells(x) || (x.outcome.kind === 'answer' && !near.has(x.outcome.best.entry.id) && x.outcome.best.learned < PART_DOUBT);
    const at = results.findIndex(leads);
    const sceneFirst = main !== undefined && at > 0 && results.slice(0, at).every(aside);
    const ordered = sceneFirst ? [...results.filter(leads), ...results.filter((x) => !leads(x))] : results;
    const r = this.deps.kb.replies;
    const sent = new Set<string>();
    for (const x of ordered) {
      const { part, outcome } = x;
      const i = results.indexOf(x);
      if (outcome.kind === 'answer') {
        const others = outcome.others.map((h) => h.entry);
        const reply = this.forNation(outcome.best.entry, nation, others);
        // two parts about joining from the same nation get what applies there once
        const id = 'keys' in reply ? `nation:${reply.nation}` : reply.id;
        if (sent.has(id)) continue;
        sent.add(id);
        if ('keys' in reply) await this.sendNation(context, memory, reply);
        else await this.sendEntry(context, memory, reply, part, others.filter((e) => e.id !== reply.id));
        continue;
      }
      const candidates = outcome.candidates.map((h) => h.entry.id);
      // the part's wording (as shown) and outcome go with the reply, so insights keep it as a gap for editors
      const shown = redact(part).text;
      await sendText(context, r.t('multi.unanswered', { part: escapeUserText(shown) }), { kind: 'unsure', candidates, part: i + 1, question: shown, outcome: outcome.kind });
    }
    return true;
  }

  /**
   * The questions a message asks. A part that joins statements about different people before one question ("a carer
   * is leaving and another one got married, what do I do about their emails") becomes one part per statement, each
   * with the question, only when each is answered with confidence and by a different entry; else it stays whole.
   */
  private partsOf(question: string, memory: FaqMemory): Part[] {
    const language = this.deps.kb.language;
    // read only for a part that joins situations, which few messages have
    let anchored: boolean | undefined;
    // (what the message says it is not asking about is no part: "Not asking how to register. Just why...")
    const split = splitQuestions(this.deps.search.withoutSetAside(question), language);
    const parts = split.flatMap((part): Part[] => {
      // statements about different people before one question; or about different matters, with nothing asked, each
      // of which must be about NHSmail on its own ("im locked out and also my manager is away" is one matter)
      const situations = situationParts(part, language);
      const matters = situations ? undefined : turnedStatements(part, language);
      const each = situations ?? matters?.map((text) => ({ text, statement: undefined }));
      // a scene then a question between two ways is read by its question, when it is one of several
      const whole = { text: part, focus: split.length > 1 ? alternativesAsked(part, language) : undefined };
      if (!each) return [whole];
      const ids = each.map((s) => {
        anchored ??= this.deps.search.mentionsAnchor(question);
        const outcome = this.searchFocused(s.text, s.statement, this.lastEntry(memory), anchored && !matters);
        return outcome.kind === 'answer' ? outcome.best.entry.id : undefined;
      });
      return ids.every((id) => id !== undefined) && new Set(ids).size === ids.length ? each.map((s) => ({ text: s.text, focus: s.statement })) : [whole];
    });
    const capped = capParts(parts.map((p) => p.text), language);
    return capped.map((text, i) => (text === parts[i]?.text ? (parts[i] as Part) : { text }));
  }

  /** Searches each part of a message in the context of the part answered before it (the last answer, for the first). */
  private searchParts(parts: readonly Part[], memory: FaqMemory): { part: string; outcome: SearchOutcome }[] {
    const before = this.lastEntry(memory);
    let previous = before;
    // a part is read as part of a message about NHSmail ("... and who can help us fill it in")
    const anchored = this.deps.search.mentionsAnchor(parts.map((p) => p.text).join(' '));
    let refused: SearchOutcome | undefined;
    return parts.map(({ text, focus }, i) => {
      const partBefore = parts[i - 1]?.text;
      // "how do we register her with a GP, and how long does it take?": a short part pointing back at a part refused as
      // off the subject asks about that same thing, not about NHSmail's timescales
      if (refused && this.refersBack(text) && !this.deps.search.mentionsAnchor(text)) return { part: text, outcome: refused };
      refused = undefined;
      // a situation of its own ("a carer is leaving and another one got married, what do i do about their emails") is
      // read as partsOf found it, not as a follow-up to the one before it ("their" is the one who got married)
      const context = focus !== undefined ? before : previous;
      const outcome = (partBefore !== undefined && this.reachAsked(text, partBefore)) || this.searchFocused(text, focus, context, anchored);
      if (outcome.kind === 'answer') previous = outcome.best.entry;
      if (outcome.kind === 'offTopic' && outcome.markers.length) refused = outcome;
      return { part: text, outcome };
    });
  }

  /**
   * A later part that asks only how to reach someone (`split.reach`: "who do i phone", "whats their email", "when are
   * they open"), naming at most the body it means ("what times is the helpdesk open"): whom to contact about that
   * body, or (naming none) about the part before it. The answer is the first entry about contacts (its title or
   * question says a `followUp.contact` phrase) among that search's leaders; else the part is searched as usual, so
   * "phone" or "open" are not read as a device or a matter of timing when the message asks whom to ring.
   */
  private reachAsked(text: string, before: string): SearchOutcome | undefined {
    const language = this.deps.kb.language;
    const analyzer = this.deps.search.analyzer;
    // "the service desk's number": the body as its own words, so the lexicon knows it
    const plain = text.replace(/['’]s\b/gi, '');
    const words = tokenize(plain);
    // asked with a question word ("whats", "who", "tell me"): "can i send to a gmail address" asks about sending
    const opener = words[0] ?? '';
    if (!words.length || words.length > language.followUp.maxWords || !language.questionOpeners.has(opener) || language.invertedVerbs.has(opener)) return undefined;
    // the part says one of the words as typed ("how many" is no "number", "how long" no "times")
    if (!language.phraseWords.reach.some((w) => holdsPhrase(words, w))) return undefined;
    const named = words.filter((w) => analyzer.analyze(w).terms.some((t) => !this.reachTerms.has(t)));
    if (named.length > 3) return undefined;
    // asked as the language's first contact phrase ("who do i contact"): about the body named, else about the part
    // before; failing that, whom to contact at all
    const asked = named.length ? [named.join(' ')] : [before, ''];
    for (const about of asked) {
      const outcome = this.deps.search.search(`${language.followUp.contact[0] ?? ''} ${about}`.trim(), { anchored: true });
      const hits = outcome.kind === 'answer' ? [outcome.best, ...outcome.others] : outcome.candidates;
      const hit = hits.slice(0, CARRIED_TOP).find((h) => this.contactEntries.has(h.entry.id));
      if (hit) return { kind: 'answer', best: hit, others: hits.filter((h) => h !== hit) };
    }
    return undefined;
  }

  /**
   * A part searched whole, then decided by its focus (what sets it apart: a situation's statement, the question of a
   * scene then two ways). When the focus is answered with confidence, the entry both searches rank highest together
   * (the sum of its scores in each) is the answer: "my deputy has taken her husbands surname, what happens to their
   * email" is about the surname, which the shared question's words outweigh alone.
   */
  private searchFocused(text: string, focus: string | undefined, previous: FaqEntry | undefined, anchored: boolean): SearchOutcome {
    // a situation split out of a message is read for itself: its scene is the point, not set before the question
    const outcome = this.searchInContext(text, previous, { anchored, scene: focus === undefined });
    if (!focus) return outcome;
    const own = this.searchInContext(focus, previous, { anchored });
    if (own.kind !== 'answer') return outcome;
    const found = outcome.kind === 'answer' ? [outcome.best, ...outcome.others] : outcome.candidates;
    const mine = [own.best, ...own.others];
    const score = (id: string) => (found.find((h) => h.entry.id === id)?.score ?? 0) + (mine.find((h) => h.entry.id === id)?.score ?? 0);
    const best = mine.filter((h) => found.some((f) => f.entry.id === h.entry.id)).sort((a, b) => score(b.entry.id) - score(a.entry.id))[0];
    if (!best || (outcome.kind === 'answer' && outcome.best.entry.id === best.entry.id)) return outcome;
    if (outcome.kind === 'answer' && score(outcome.best.entry.id) >= score(best.entry.id)) return outcome;
    return { kind: 'answer', best, others: found.filter((h) => h.entry.id !== best.entry.id) };
  }

  private async send(context: TurnContext, question: string, outcome: SearchOutcome, memory: FaqMemory, nation: Nation | undefined): Promise<void> {
    if (outcome.kind === 'answer') {
      const others = outcome.others.map((h) => h.entry);
      const reply = this.forNation(outcome.best.entry, nation, others);
      if ('keys' in reply) return this.sendNation(context, memory, reply);
      return this.sendEntry(context, memory, reply, question, others.filter((e) => e.id !== reply.id));
    }
    const r = this.deps.kb.replies;
    this.forgetAnswer(memory);
    const offered = outcome.candidates.map((h) => h.entry);
    // England's ways of joining are not offered to someone from another nation; when the likeliest reading was one,
    // the question is about joining, and what applies in that nation is the answer
    const candidates = offered.filter((e) => this.forNation(e, nation) === e);
    if (outcome.kind === 'unsure' && offered[0] && candidates[0] !== offered[0]) {
      const reply = this.forNation(offered[0] as FaqEntry, nation, offered);
      if ('keys' in reply) return this.sendNation(context, memory, reply);
      return this.sendEntry(context, memory, reply, question);
    }
    // "we're based in Cardiff": a statement of where the organisation is, which no entry is about; what applies in
    // that nation is the answer (nothing needs saying for England)
    const placed = outcome.kind === 'offTopic' && !isQuestion(question, QUESTION_STYLES.asksSomething, this.deps.kb.language) ? this.deps.nations.stated(question) : undefined;
    const applies = placed && this.whatApplies(placed);
    if (applies) return 'keys' in applies ? this.sendNation(context, memory, applies) : this.sendEntry(context, memory, applies, question);
    if (outcome.kind === 'offTopic') {
      await this.deps.memory.set(context, memory);
      await sendText(context, r.t('offTopic.text'), { kind: 'offTopic' });
      return;
    }
    memory.choices = candidates.map((e) => e.id);
    memory.asked = true;
    await this.deps.memory.set(context, memory);
    await sendReply(context, choicesCard(r, candidates));
  }

  /**
   * What answers a question `entry` answers when the message states `nation`. Entries about joining give England's
   * routes: for another nation the answer is an entry written for it (Scotland's, preferring one the search ranked),
   * else what the eligibility rules say applies there. Any other entry, and every entry for England or with no
   * nation stated, stands.
   */
  private forNation(entry: FaqEntry, nation: Nation | undefined, ranked: readonly FaqEntry[] = []): FaqEntry | NationReply {
    if (!nation) return entry;
    // an entry written for another nation ("we're not in Scotland, we're in England") gives way to the next the search ranked
    if (this.forOtherNation(entry, nation)) return ranked.find((e) => !this.forOtherNation(e, nation) && this.forNation(e, nation) === e) ?? entry;
    if (!entry.joining || (entry.audience as readonly string[]).includes(nation)) return entry;
    return this.whatApplies(nation, ranked) ?? entry;
  }

  /**
   * What applies to joining in a nation whose routes are not England's: an entry written for it (preferring one the
   * search ranked), else the eligibility rules' reply for it; undefined for England.
   */
  private whatApplies(nation: Nation, ranked: readonly FaqEntry[] = []): FaqEntry | NationReply | undefined {
    const keys = this.deps.nations.replyKeys(nation);
    if (!keys) return undefined;
    const own = [...ranked, ...this.deps.kb.entries].find((e) => !e.helpdesk && (e.audience as readonly string[]).includes(nation));
    return own ?? { nation, keys };
  }

  /** Whether the entry is written for a nation (its audience names one) other than `nation`. */
  private forOtherNation(entry: FaqEntry, nation: Nation): boolean {
    return entry.audience.some((a) => a !== nation && (COUNTRIES as readonly string[]).includes(a));
  }

  /** Says, in the eligibility rules' words, that England's joining routes do not apply in the nation, and where to ask. */
  private async sendNation(context: TurnContext, memory: FaqMemory, reply: NationReply): Promise<void> {
    this.forgetAnswer(memory);
    await this.deps.memory.set(context, memory);
    const r = this.deps.kb.replies;
    await sendText(context, reply.keys.map((k) => r.t(k)).join(' '), { kind: 'nation', nation: reply.nation });
  }

  private async sendEntry(context: TurnContext, memory: FaqMemory, entry: FaqEntry, question: string, others: FaqEntry[] = [], lead = false): Promise<void> {
    const byId = this.deps.kb.byId;
    // The search's two runners-up come first: when the answer missed what was meant, they are the likeliest
    // other readings. Then the entry's own related questions, what people usually want to read next.
    const related = [...others.slice(0, 2), ...entry.related.map((id) => byId.get(id)), ...others.slice(2)]
      .filter((e): e is FaqEntry => !!e && e.id !== entry.id)
      .filter((e, i, all) => all.findIndex((x) => x.id === e.id) === i)
      .slice(0, 3);
    // Related questions are numbered in the plain-text version, so "2" can pick one there as well.
    this.forgetAnswer(memory);
    memory.lastAnswer = { entryId: entry.id, question: redact(question).text };
    // a lead card lists no related questions, so a later "2" picks nothing from it
    memory.choices = lead ? [] : related.map((e) => e.id);
    await this.deps.memory.set(context, memory);
    await sendReply(context, answerCard(this.deps.kb, entry, related, { lead }));
  }

  /** The nation that holds after this message (see `noteNation`), remembered in `memory`. */
  private nationAfter(memory: FaqMemory, text: string): Nation | undefined {
    const nation = this.deps.nations.holds(text, memory.nation);
    if (nation) memory.nation = nation;
    else delete memory.nation;
    return nation;
  }

  private forgetAnswer(memory: FaqMemory): void {
    delete memory.lastAnswer;
    delete memory.choices;
    delete memory.asked;
    delete memory.offered;
    delete memory.topic;
  }

  /** Keeps the question, redacted, among the last few asked. */
  private remember(memory: FaqMemory, question: string): void {
    const text = redact(question).text.replace(/\s+/g, ' ').trim().slice(0, RECENT_QUESTION_CHARS);
    if (!text) return;
    memory.recent = [...(memory.recent ?? []).filter((q) => q !== text), text].slice(-RECENT_QUESTIONS);
  }

  /** The note a request raised from the person offer carries: the recent questions, redacted, oldest first. */
  private note(memory: FaqMemory): string | undefined {
    const recent = memory.recent ?? [];
    return recent.length ? recent.join(' / ') : undefined;
  }

  private requestOptions(memory: FaqMemory): { summary?: string } {
    const note = this.note(memory);
    return note ? { summary: note } : {};
  }

  /** The topics a "did you mean" reply just offered (the bot waits for a pick), as context for a follow-up. */
  private offered(memory: FaqMemory): FaqEntry[] {
    if (!memory.asked || memory.lastAnswer) return [];
    return (memory.choices ?? []).map((id) => this.deps.kb.byId.get(id)).filter((e): e is FaqEntry => !!e);
  }

  private lastEntry(memory: FaqMemory): FaqEntry | undefined {
    const id = memory.lastAnswer?.entryId ?? memory.topic;
    return id ? this.deps.kb.byId.get(id) : undefined;
  }

  private pickChoice(ids: string[], text: string): FaqEntry | undefined {
    const entries = ids.map((id) => this.deps.kb.byId.get(id)).filter((e): e is FaqEntry => !!e);
    const n = tokenize(text).join(' ');
    // "2", "the second one", "option 2", "number 2 please", "the 2nd", "the last one": the words are language.yaml's `choices`
    const choices = this.deps.kb.language.choices;
    const bare = n.replace(choices.leadIns, '').replace(choices.tails, '');
    const index = /^\d$/.test(bare) ? Number(bare) - 1 : choices.last.has(bare) ? entries.length - 1 : (choices.ordinals.get(bare) ?? 0) - 1;
    if (index >= 0) return entries[index];
    return entries.find((e) => this.plainTitles.get(e.id)?.includes(n));
  }
}

/** The entries an entry points to: its related topics and its fallback. */
function relatedTo(entry: FaqEntry): string[] {
  return entry.fallback ? [...entry.related, entry.fallback] : [...entry.related];
}

/**
 * An entry chosen by what the follow-up asks of the last answer, as the answer, with the last answer as the runner-up
 * (none when the last answer is the one chosen again).
 */
function chosen(entry: FaqEntry, previous: FaqEntry): SearchOutcome {
  return {
    kind: 'answer',
    best: { entry, score: 1, coverage: 1, learned: 1, topical: true },
    others: entry.id === previous.id ? [] : [{ entry: previous, score: 0, coverage: 0, learned: 0, topical: false }],
  };
}

/** Where one sentence's clauses part (read for a request in one of them: see person and askedBesides). */
const CLAUSES = /[,;]\s*/;
/** How many of the whole message's runners-up bear out a part's answer (see answerParts). */
const WHOLE_NEAR = 2;
/** Below this the learned model all but rules out a part's answer (see answerParts). */
const PART_DOUBT = 0.1;

/** How sure a whole message's answer must be to stand for parts that each fail apart: the learned model all but sure, the runner-up well behind. */
const WHOLE_PLAIN = { learned: 0.9, ratio: 0.7 };

function plainlyAbout(outcome: SearchOutcome & { kind: 'answer' }): boolean {
  const next = outcome.others[0];
  return outcome.best.learned >= WHOLE_PLAIN.learned && (!next || next.score <= WHOLE_PLAIN.ratio * outcome.best.score);
}
