// Reads what a message needs before any search: an emergency or clinical question (the safety reply), or a person.
import { defaultLanguage } from './loader.js';
import type { Language } from './language/language.js';
import { isListed, PhraseMatcher, phraseSpans, phrasesByFirstWord, withoutSpans, type Phrases, type Span } from './language/phrases.js';
import { Message } from './language/message.js';
import { askingClauses, POINTERS } from './language/question.js';
import { sentences } from './language/split.js';
import { RunTogether } from './language/runTogether.js';
import { BREAK, tokenize } from './language/tokenize.js';
import { isEnglishWord } from './text.js';

/** Most words after a decline ("don't want to talk to an agent") that it turns down. */
const DECLINE_REACH = 5;

/**
 * 'emergency': a person in danger (always the safety reply) or an emergency service named outside an NHSmail
 * question; 'clinical': a clinical question, not one about sending it on NHSmail.
 */
export type SafetyKind = 'emergency' | 'clinical';

export class Triage {
  private readonly emergency: PhraseMatcher;
  private readonly guarded: PhraseMatcher;
  private readonly clinical: PhraseMatcher;
  private readonly nhsmailContext: PhraseMatcher;
  private readonly idioms: Phrases;
  private readonly disowned: Phrases;
  private readonly personVocabulary: PhraseMatcher;
  /** the words a request for a person is made of (the tools in `means` left out): any other word says what it is about */
  private readonly personWords: Phrases;
  private readonly person: PhraseMatcher;
  private readonly personWeak: PhraseMatcher;
  private readonly p: PersonLists;
  /** single words that qualify a reading (the language file's ownersBack, didVerbs, serviceNames...) */
  private readonly qualifiers: Readonly<Record<Qualifier, ReadonlySet<string>>>;
  /** words after paperwork that say what it is about (the language file's safety.paperAbout) */
  private readonly paperAbout: ReadonlySet<string>;
  private readonly personFiller: ReadonlySet<string>;
  private readonly personFrames: ReadonlySet<string>;
  private readonly personOpeners: ReadonlySet<string>;
  private readonly determiners: ReadonlySet<string>;
  private readonly possessives: ReadonlySet<string>;
  private readonly owners: ReadonlySet<string>;
  private readonly howTo: ReadonlySet<string>;
  /** words opening a question about what someone does ("will", "does", "do"...: language.yaml's doesOne) */
  private readonly doesOne: ReadonlySet<string>;
  private readonly shorthand: ReadonlyMap<string, readonly string[]>;
  private readonly weakAfter: ReadonlySet<string>;
  /** exclamations read past, as if not typed ("for the love of god get me a human") */
  private readonly exclamations: Phrases;
  /** things whose names hold a word for a person ("human resources"), by first word */
  private readonly notPeople: Phrases;
  /** words for paperwork: a danger word just before one, in a message about NHSmail, names what the paper is about */
  private readonly paperwork: ReadonlySet<string>;
  /** questions that ask only what to do about what the message describes ("what do i do"), as words */
  private readonly sceneAsks: readonly (readonly string[])[];
  /** words that may close such a question ("now", "please") */
  private readonly sceneAskEnds: ReadonlySet<string>;
  /** words telling that something happened before now ("last month", "in march"): see toldAfterNhsmail */
  private readonly before: Phrases;
  /** words telling that something happened well before now ("last year"), and that it is so now ("still"): see toldAsHistory */
  private readonly longAgo: Phrases;
  private readonly stillNow: Phrases;
  /** words reporting what a message said ("says", "saying") */
  private readonly reports: Phrases;
  /** words that start a new clause of the writer's own, ending what a decline sets aside */
  private readonly resumes: ReadonlySet<string>;
  /** every word the safety and person lists name, text-speak's readings included */
  private readonly vocabulary: ReadonlySet<string>;
  /** words typed without spaces, read as the listed words they are ("canispeak", "notbreathing") */
  private readonly runTogether: RunTogether;

  constructor(private readonly language: Language = defaultLanguage()) {
    const s = language.safety;
    this.emergency = new PhraseMatcher(s.emergency);
    this.guarded = new PhraseMatcher(s.guarded);
    this.clinical = new PhraseMatcher(s.clinical);
    this.nhsmailContext = new PhraseMatcher(s.nhsmailContext);
    this.idioms = phrasesByFirstWord(s.idioms);
    this.disowned = phrasesByFirstWord(s.disowned);
    this.paperwork = new Set(s.paperwork);
    this.paperAbout = new Set(s.paperAbout);
    this.sceneAsks = s.sceneAsks.map(tokenize);
    this.sceneAskEnds = new Set(s.sceneAskEnds);
    this.reports = phrasesByFirstWord(s.reports);
    this.before = phrasesByFirstWord(s.before);
    this.longAgo = phrasesByFirstWord(s.longAgo);
    this.stillNow = phrasesByFirstWord(s.stillNow);
    const p = language.person;
    const list = phrasesByFirstWord;
    this.p = {
      // who to reach, or a contact detail, is a request when it is the whole message: "tech support pls", "phone number?"
      // ... or someone to ring me: "ring me back pls"
      whole: list([...p.whole, ...p.humans, ...p.services, ...p.contacts, ...p.callMe]),
      humans: list(p.humans),
      services: list(p.services),
      verbs: list(p.verbs),
      contacts: list(p.contacts),
      addresses: list(p.addresses),
      asks: list(p.asks),
      asksYou: list(p.asksYou),
      numberFor: list(p.numberFor),
      reachBack: list(p.reachBack),
      bots: list(p.bots),
      devices: list(p.devices),
      callMe: list(p.callMe),
      callFrom: list(p.callFrom),
      callWith: list(p.callWith),
      causes: list(p.causes),
      anyone: list(p.anyone),
      anyoneServices: list(p.anyoneServices),
      anyoneWanted: list(p.anyoneWanted),
      anyoneVia: list(p.anyoneVia),
      callGiven: list(p.callGiven),
      takesOn: list(p.takesOn),
      meansBy: list(p.meansBy),
      means: list(p.means),
      asksCan: list(p.asksCan),
      doesOne: list(p.doesOne),
      indirect: list(p.indirect),
      asksOf: list(p.asksOf),
      whoAsks: list(p.whoAsks),
      notBots: list(p.notBots),
      callbacks: list(p.callbacks),
      asksProcess: list(p.asksProcess),
      complaints: list(p.complaints),
      weak: list(p.weak),
      whether: list(p.whether),
      supposes: list(p.supposes),
      believes: list(p.believes),
      whichWay: list(p.whichWay),
      whichWayOr: list(p.whichWayOr),
      declines: list(p.declines),
    };
    this.person = new PhraseMatcher(p.phrases);
    this.personWeak = new PhraseMatcher(p.weak);
    const qualifiers = {} as Record<Qualifier, ReadonlySet<string>>;
    for (const k of QUALIFIERS) qualifiers[k] = new Set(p[k]);
    this.qualifiers = qualifiers;
    // every word the person lists name, so a slip in any of them ("somone", "reciption", "humna") is put right
    // (the words that only qualify a reading are no words a request is made of)
    const { shorthand, notPeople, exclamations, ...rest } = p;
    this.exclamations = list(exclamations);
    const lists = Object.entries(rest).filter(([k]) => !(QUALIFIERS as readonly string[]).includes(k));
    this.notPeople = list(notPeople);
    this.personVocabulary = new PhraseMatcher(lists.flatMap(([, words]) => words));
    // turning a request down ("i don't need a human") is not one of its words, nor supposing one ("if i ring"), nor
    // believing one needed ("i thought i had to ring")
    this.personWords = list(lists.filter(([k]) => !NOT_REQUEST_WORDS.has(k)).flatMap(([, words]) => words));
    this.shorthand = new Map(
      shorthand.map((pair) => {
        const [typed = '', ...said] = pair.split(' ');
        return [typed, said];
      }),
    );
    this.weakAfter = new Set(p.weakAfter);
    this.personFiller = new Set(p.filler);
    this.personFrames = new Set(p.frames);
    this.personOpeners = new Set(p.openers);
    this.determiners = new Set(p.determiners);
    this.possessives = new Set(p.possessives);
    this.owners = new Set(p.owners);
    this.howTo = new Set(p.howTo);
    this.doesOne = new Set(p.doesOne);
    this.resumes = new Set(p.resumes);
    const listed = [...Object.values(s), ...Object.values(p)].flatMap((v) => (Array.isArray(v) ? (v as string[]) : []));
    this.vocabulary = new Set(listed.flatMap(tokenize));
    this.runTogether = new RunTogether((w) => this.vocabulary.has(w));
  }

  /**
   * The words with each one typed without spaces read as the listed words it is made of ("canispeak to someone" is
   * "can i speak to someone"): only a word that is neither listed nor English, nor text-speak, and cuts exactly into
   * listed words.
   */
  private apart(words: readonly string[]): string[] {
    return words.flatMap((w) => (this.vocabulary.has(w) || this.shorthand.has(w) || isEnglishWord(w) ? [w] : (this.runTogether.split(w) ?? [w])));
  }

  /** Whether the message is an emergency or a clinical question, with typos and indirect wording tolerated. */
  safety(text: string): SafetyKind | undefined {
    const typed = this.apart(tokenize(text).slice(0, 80));
    if (!typed.length) return undefined;
    // "sorry to be a pain but..." names no clinical matter, nor "she's not moving to another home" an emergency: figures
    // of speech are set aside for the words after
    // (nor "her" owning an NHSmail thing someone: "we can't find her contact ID anywhere" is no one missing)
    const plain = this.withoutOwned(this.withoutIdioms(typed));
    // "can I email a resident's medication list to the pharmacy?" is about NHSmail, not about the medication
    // (nor one that says it is not about email: "sorry not about email - client on my call has collapsed")
    let about: boolean | undefined;
    const aboutNhsmail = () => (about ??= !phraseSpans(typed, this.disowned).length && this.namesNhsmail(plain));
    // "can I email the seizure records to the epilepsy nurse?": in a message about NHSmail, a word just before paperwork
    // names what the paper is about ("call 999 she's not breathing, her care plan says..." is about no NHSmail)
    const paperless = this.withoutPaperTopics(plain);
    const words = paperless !== plain && aboutNhsmail() ? paperless : plain;
    // (not what happened well before, in a message about NHSmail: "a carer was attacked by a client last year and she's
    // left now, how do i remove her account")
    if (this.emergency.find(this.emergency.normalise(words)) && !(aboutNhsmail() && this.toldAsHistory(text))) return 'emergency';
    // (in a message about NHSmail too, when a clause asks about one naming nothing of NHSmail: "the computer is down so
    // cant email the surgery, resident has gone grey, do we ring 999"; "do 999 call handlers use nhs.net email" does not)
    if (this.guarded.find(this.guarded.normalise(words)) && (!aboutNhsmail() || this.asksWith(this.guarded, text) || this.toldAfterNhsmail(this.guarded, text))) return 'emergency';
    if (!this.clinical.find(this.clinical.normalise(words))) return undefined;
    if (!aboutNhsmail()) return 'clinical';
    return this.asksClinically(text) || this.asksAboutClinicalScene(text) || this.toldAfterNhsmail(this.clinical, text) ? 'clinical' : undefined;
  }

  /**
   * Whether, after a clause about NHSmail, a later clause tells of one of the matcher's phrases naming nothing of
   * NHSmail, as happening now: "the mfa text isnt arriving. also albert banged his head on the wardrobe, hes on warfarin
   * and drowsy" is an NHSmail problem and then an emergency, whatever the first clause says. (Not what happened before,
   * "last month a resident had a seizure and the hospital emailed our gmail"; nor a clinical scene set before the
   * NHSmail question, "resident had a fall last night. how do i send the incident form", which the other readings judge.)
   */
  private toldAfterNhsmail(matcher: PhraseMatcher, text: string): boolean {
    const clauses = clausesOf(text);
    const first = clauses.findIndex((c) => this.namesNhsmail(this.withoutIdioms(c)));
    // (a clause giving "it" gives what the scene named, "...asked for my password, should i give it": see asksClinically)
    return first >= 0 && clauses.slice(first + 1).some((c) => this.namesApart(matcher, givingBack(c)) && !phraseSpans(c, this.before).length);
  }

  /**
   * The words without the service's own name ("nhsmail", "nhs mail") between "of" ("of the", "of your") and a service:
   * "a member of the nhsmail support team" is one of the support team. ("the nhsmail helpdesk" named alone stays as typed.)
   */
  private withoutServiceName(words: readonly string[]): readonly string[] {
    const cut = new Set<number>();
    for (const { start } of phraseSpans(words, this.p.services)) {
      let from = start;
      while (from > 0 && this.qualifiers.ownName.has(words[from - 1] as string)) from--;
      const ofIt = words[from - 1] === 'of' || (this.qualifiers.nameOpens.has(words[from - 1] ?? '') && words[from - 2] === 'of');
      if (from < start && ofIt) for (let i = from; i < start; i++) cut.add(i);
    }
    return cut.size ? words.filter((_, i) => !cut.has(i)) : words;
  }

  /**
   * Whether every emergency the message tells is told as well before now: in its clause, a longAgo phrase ("last year",
   * "in march") within HISTORY_REACH words of it, and no stillNow word between ("attacked last week and is still
   * threatening her" is now).
   */
  private toldAsHistory(text: string): boolean {
    let told = false;
    for (const clause of clausesOf(text)) {
      const words = this.emergency.normalise(this.withoutIdioms(clause));
      const dangers = this.emergency.spans(words);
      if (!dangers.length) continue;
      told = true;
      const past = phraseSpans(words, this.longAgo);
      const between = (a: Span, b: Span) => (a.end <= b.start ? words.slice(a.end, b.start) : words.slice(b.end, a.start));
      const history = (d: Span) =>
        past.some((p) => {
          const gap = between(d, p);
          return (p.start >= d.end || p.end <= d.start) && gap.length <= HISTORY_REACH && !phraseSpans(gap, this.stillNow).length;
        });
      if (!dangers.every(history)) return false;
    }
    return told;
  }

  /** Whether a clause that asks names one of the matcher's phrases and nothing of NHSmail ("do we ring 999"). */
  private asksWith(matcher: PhraseMatcher, text: string): boolean {
    return askingClauses(Message.of(text), this.language).some((clause) => this.namesApart(matcher, clause));
  }

  /** Whether the words, figures of speech set aside, name one of the matcher's phrases and nothing of NHSmail. */
  private namesApart(matcher: PhraseMatcher, words: readonly string[]): boolean {
    const plain = this.withoutIdioms(words);
    return matcher.find(matcher.normalise(plain)) !== undefined && !this.namesNhsmail(plain);
  }

  /**
   * Whether the message asks only what to do ("what do i do", "is she ok") about a scene one of whose clauses is
   * clinical and names nothing of NHSmail: "cant get through on email, resident has fallen and is bleeding from the
   * head, what do i do" asks about the fall, whatever the email. ("my email to the gp about her meds bounced, what do
   * i do" names NHSmail in the clause that is clinical, so it stays an NHSmail question.)
   */
  private asksAboutClinicalScene(text: string): boolean {
    // (what a message is reported to say is a scene of its own: "email from the hospital says her bloods showed low potassium")
    const clauses = clausesOf(text)
      .flatMap((c) => this.reportedApart(c))
      .filter((c) => c.length);
    let asked = false;
    const scene: (readonly string[])[] = [];
    for (const clause of clauses) {
      const at = this.sceneAskAt(clause);
      if (at === undefined) scene.push(clause);
      else {
        asked = true;
        if (at > 0) scene.push(clause.slice(0, at));
      }
    }
    return asked && scene.some((clause) => this.namesApart(this.clinical, clause));
  }

  /** The clause, and what it reports a message said apart from it ("came by email says new insulin dose"). */
  private reportedApart(clause: readonly string[]): (readonly string[])[] {
    const at = phraseSpans(clause, this.reports)[0];
    return at && at.start > 0 ? [clause.slice(0, at.start), clause.slice(at.end)] : [clause];
  }

  /** Where a clause's closing question about the scene starts ("...is bleeding from the head what do i do now"), if it ends so. */
  private sceneAskAt(clause: readonly string[]): number | undefined {
    let end = clause.length;
    while (end > 0 && this.sceneAskEnds.has(clause[end - 1] as string)) end--;
    for (const ask of this.sceneAsks) {
      const at = end - ask.length;
      if (at >= 0 && ask.every((w, k) => clause[at + k] === w)) return at;
    }
    return undefined;
  }

  /**
   * Whether a clause that asks is a clinical question naming nothing of NHSmail: "discharge letter came through on
   * nhsmail saying new meds, is it ok to crush amlodipine tablets" names NHSmail only in its scene.
   */
  private asksClinically(text: string): boolean {
    // (a clause giving "it" gives what the scene named, a medicine only if the scene names one: "someone rang saying they
    // were from the helpdesk and asked for my password, should i give it"; "the gp emailed the new meds on nhsmail,
    // should i give them tonight" gives the meds)
    let scene: boolean | undefined;
    // (what paper is about names no clinical scene, "she can look at the wound photos, can i give it her": see safety)
    const sceneClinical = () => (scene ??= this.clinical.find(this.clinical.normalise(givingBack(this.withoutPaperTopics(this.withoutIdioms(tokenize(text)))))) !== undefined);
    return askingClauses(Message.of(text), this.language).some((clause) => {
      const idiomless = this.withoutIdioms(clause);
      const plain = sceneClinical() ? idiomless : givingBack(idiomless);
      return this.clinical.find(this.clinical.normalise(plain)) !== undefined && !this.namesNhsmail(plain);
    });
  }

  /**
   * The words without each word just before paperwork ("the seizure records", "the wound photos"), and those after it
   * saying what it is about ("the discharge notes for a patient who had a stroke", "the letter is about a fracture"): in
   * a message about NHSmail, they name what the paper is about.
   */
  private withoutPaperTopics(words: readonly string[]): readonly string[] {
    if (!words.some((w) => this.paperwork.has(w))) return words;
    const cut = new Set<number>();
    words.forEach((w, i) => {
      if (this.paperwork.has(words[i + 1] ?? '')) cut.add(i);
      if (!this.paperwork.has(w)) return;
      // ("for", "about", "of", or "is about" after the paper, then up to PAPER_REACH words of what it is about)
      const from = this.paperAbout.has(words[i + 1] ?? '') ? i + 1 : words[i + 1] === 'is' && this.paperAbout.has(words[i + 2] ?? '') ? i + 2 : -1;
      if (from < 0) return;
      for (let k = from; k < Math.min(words.length, from + 1 + PAPER_REACH) && words[k] !== BREAK; k++) cut.add(k);
    });
    return words.filter((_, i) => !cut.has(i));
  }

  /**
   * Whether the message names a contact detail as typed ("phone number", "email address"; the person lists' contacts and
   * addresses): what a weak sign of wanting someone may be asking for instead.
   */
  namesContactDetail(text: string): boolean {
    const words = tokenize(text);
    return phraseSpans(words, this.p.contacts).length > 0 || phraseSpans(words, this.p.addresses).length > 0;
  }

  /** Whether the words name something of NHSmail's, slips of the fingers put right ("can i give my pasword to the deputy"). */
  private namesNhsmail(words: readonly string[]): boolean {
    return this.nhsmailContext.find(this.nhsmailContext.normalise(words)) !== undefined;
  }

  /**
   * The words with a possessive before an NHSmail thing cut off from the words before it: "can't find her contact ID
   * anywhere" owns the ID, and the phrase "can't find her anywhere" (a word or two may stand between a phrase's words)
   * must not read "her" as the one missing.
   */
  private withoutOwned(words: readonly string[]): readonly string[] {
    if (!words.some((w) => OWNERS.has(w))) return words;
    const things = new Set(this.nhsmailContext.spans(this.nhsmailContext.normalise(words)).map((s) => s.start));
    return words.map((w, i) => (OWNERS.has(w) && things.has(i + 1) ? BREAK : w));
  }

  /** The words with the safety list's figures of speech set aside ("drowning in paperwork", "company tablets"). */
  private withoutIdioms(words: readonly string[]): readonly string[] {
    return withoutSpans(words, phraseSpans(words, this.idioms));
  }

  /** The message's words with text-speak put into words ("gimme" is "give me") and exclamations left out. */
  private spelledOut(text: string): readonly string[] {
    const words = this.apart(tokenize(text).slice(0, 80)).flatMap((w) => this.shorthand.get(w) ?? this.shorthand.get(squeezed(w)) ?? [squeezed(w)]);
    // (exclamations read past: "ffs get me a human")
    return withoutSpans(words, phraseSpans(words, this.exclamations));
  }

  /**
   * Whether a message that asks for a person also says what about: a word that no phrase of the person lists covers
   * ("i want to speak to the helpdesk about my locked account"), not only who to reach and filler ("put me through to
   * the helpdesk").
   */
  saysWhatAbout(text: string): boolean {
    const typed = this.spelledOut(text);
    const words = this.personVocabulary.normalise(typed);
    const covered = phraseSpans(words, this.personWords);
    return words.some((w, i) => !/^\d+$/.test(w) && !covered.some((c) => i >= c.start && i < c.end));
  }

  /** Whether the phrase is a way of reaching someone, as a request for a person names one ("video call", "callback"). */
  waysOfReaching(phrase: string): boolean {
    const words = tokenize(phrase);
    return [this.p.callbacks, this.p.verbs, this.p.callWith].some((list) => isListed(words, list.get(words[0] ?? '') ?? []));
  }

  /**
   * What the message turns down ("i don't want to talk to an agent", "please don't transfer me"): each decline with up
   * to DECLINE_REACH words after it, ending before a new clause of the writer's own ("i don't want to wait, i need a
   * human now"). A decline of the bot ("i don't want a bot, a person please") turns down no person: nothing is set aside.
   */
  private declined(words: readonly string[]): Span[] {
    const declines = phraseSpans(words, this.p.declines);
    if (!declines.length) return [];
    const bots = phraseSpans(words, this.p.bots);
    const out: Span[] = [];
    for (const d of declines) {
      let end = d.end;
      while (end < words.length && end - d.end < DECLINE_REACH && !this.resumes.has(words[end] ?? '')) end++;
      if (!bots.some((b) => b.start >= d.end && b.start < end)) out.push({ start: d.start, end });
    }
    return out;
  }

  /**
   * Whether the message asks for a person: 'clearly' ("agent", "can I ring someone", "real person pls", "give me a
   * phone number", "can you get a member of staff to call me"), 'maybe' ("who do I talk to about...", "this is
   * useless": a person only when the knowledge base cannot answer), or not ("how do I add a new member of staff").
   * Read by structure: a request verb with who to reach, who to reach as the whole message, a contact detail asked
   * for, someone to call me, a complaint about the bot with someone named.
   */
  wantsPerson(text: string): 'clearly' | 'maybe' | undefined {
    // a request for a person sits in one sentence ("I can't find a contact anywhere on the portal. How do I get hold
    // of the helpdesk?" asks the way to reach it, as that question alone does): each is read, the strongest counts
    // (a sentence whose later clause opens with a question word is read from there: "deputy manager at a care home, what
    // email address do i use to contact the support desk" asks the way, as that question alone does)
    const typed = sentences(text);
    const each = typed.map((s) => this.wantsPersonIn(this.fromQuestion(s)));
    if (each.includes('clearly')) return 'clearly';
    // ...and so may one clause of it, read from its start ("one of our carers cant log in and has no laptop, can someone
    // ring her mobile instead"): a request there is one, though words before it open no request
    // (the first clause too, when it is a request whole: "human please, this is going nowhere")
    // (a clause of one word only when it is who to reach: "agent - locked out of nhsmail", not "phone, email or post")
    // (not a clause naming which of a thing before it is meant: "wheres the online registration, the national
    // administration service one"; nor an email's subject line, "Re: helpdesk - who do we contact...")
    // (nor one of a list of alternatives a "who" or "which" question asks between: "who manages the accounts day to day,
    // us, the manager, or the NHS?")
    const alternatives = (all: readonly string[]) => tokenize(all[0] ?? '').some((w) => CHOOSING.has(w));
    const clauses = typed
      .flatMap((s) => {
        if (!CLAUSE_BREAK.test(s)) return [];
        const all = s.split(CLAUSE_BREAK);
        return alternatives(all) ? all.filter((c, i) => !ALTERNATIVE.test(all[i + 1] ?? '') && !ALTERNATIVE.test(c)) : all;
      })
      .filter((c) => (tokenize(c).length >= 2 || this.oneHuman(c)) && !WHICH_ONE.test(c) && !SUBJECT_LINE.test(c));
    if (clauses.some((c) => this.wantsPersonIn(c) === 'clearly')) return 'clearly';
    return each.includes('maybe') ? 'maybe' : undefined;
  }

  /** Whether the text is one word that can only be who to reach ("agent", "human"; not "someone", "staff"). */
  private oneHuman(text: string): boolean {
    const words = this.personVocabulary.normalise(this.spelledOut(text));
    return words.length === 1 && this.qualifiers.oneWordPeople.has(words[0] as string);
  }

  /**
   * The sentence from its first later clause that opens (after openers such as "hi", "so") with a question word, or
   * with a verb asking what someone does or a time or condition.
   */
  private fromQuestion(sentence: string): string {
    const parts = sentence.split(CLAUSE_BREAK);
    // (or with a verb asking what someone does, or a time or condition: "im moving to a different care home, do i contact
    // the helpdesk to move my nhsmail over"; "gp locum, will someone email me an invite or do i have to apply";
    // "optician here, after we apply will someone ring us with the account details")
    const opensQuestion = (c: string) => {
      const words = tokenize(c);
      const first = words[0] ?? '';
      return this.howTo.has(words.find((w) => !this.personOpeners.has(w)) ?? '') || this.doesOne.has(first) || this.language.subordinators.has(first);
    };
    const k = parts.findIndex((c, i) => i > 0 && opensQuestion(c));
    // (only when what comes before says nothing of people: "this thing cant help me, who can i ring" complains first)
    return k > 0 && this.wantsPersonIn(parts.slice(0, k).join(', ')) === undefined ? parts.slice(k).join(', ') : sentence;
  }

  private wantsPersonIn(text: string): 'clearly' | 'maybe' | undefined {
    const typed = this.spelledOut(text);
    // "human resources" names no one: its words are read as one thing
    const read = this.personVocabulary.normalise(typed);
    const things = phraseSpans(read, this.notPeople);
    const thingsRead = things.length ? read.flatMap((w, i) => (things.some((t) => t.start === i) ? ['thing'] : things.some((t) => i > t.start && i < t.end) ? [] : [w])) : read;
    // "a member of the nhsmail support team" is one of the support team: the service's own name before who to reach says
    // nothing more, and would hold them out of reach of the verb
    const named = this.withoutServiceName(thingsRead);
    const l = this.p;
    // "i don't want to talk to an agent", "no need for a callback": what is turned down is no request
    const declined = this.declined(named);
    const words = withoutSpans(named, declined);
    if (!words.length) return undefined;
    // "manager here", "team leader here": who writes, saying so ("manager here, one of our carers has left...")
    // (with only words of the role before, no request's: "can i speak to a manager here" asks)
    const introduced = words.length >= 2 && words.at(-1) === 'here' && this.qualifiers.introduces.has(words.at(-2) ?? '');
    if (introduced && words.slice(0, -2).every((w) => !this.personFiller.has(w))) return undefined;
    const humans = phraseSpans(words, l.humans);
    const services = phraseSpans(words, l.services);
    // (and one word further back for whose they are: "my night staff", "our bank carers")
    const own = (t: Span) => this.possessives.has(words[t.start - 1] ?? '') || this.qualifiers.ownersBack.has(words[t.start - 2] ?? '');
    const targets = [...humans, ...services].filter((t) => !own(t));
    // who to reach is the whole message, with only filler round it: "agent", "real person pls", "i need a human"
    const whole = phraseSpans(words, l.whole);
    // the helpdesk's number ("support phone number", "helpdesk number?") is also an answer in the knowledge base
    const contacts = phraseSpans(words, l.contacts);
    const serviceNumber = (at: number) => services.some((sv) => sv.end === at);
    // ... or after it ("the phone no for support")
    // (with the service's own name between: "the number to ring for nhs mail support")
    // (or "of" it: "the email of support team")
    const forService = (at: number) => this.qualifiers.forService.has(words[at] ?? '') && services.some((sv) => sv.start > at && words.slice(at + 1, sv.start).every((w) => this.qualifiers.serviceNaming.has(w)));
    // (a way of reaching it may come between: "a number to ring for the helpdesk")
    const ways = phraseSpans(words, l.numberFor);
    const forServiceAfter = (at: number) => forService(at) || ways.some((w) => w.start === at && forService(w.end));
    // (its email address too: "the helpdesk email", "whats the email address for the helpdesk")
    const addresses = phraseSpans(words, l.addresses);
    const helpdeskNumber =
      [...contacts, ...addresses].some((c) => serviceNumber(c.start) || forServiceAfter(c.end)) ||
      words.some((w, i) => this.qualifiers.contactWords.has(w) && (serviceNumber(i) || forServiceAfter(i + 1)));
    // (the words from `from` to `to` only who to reach and filler; and, with `someone`, one of them a person, not a way
    // of reaching one: "...i need support" may ask for the answers)
    // (where a person works, between them and the service: "i want a person from the helpdesk")
    const whereFrom = (at: number) =>
      this.qualifiers.whereFrom.has(words[at] ?? '') &&
      humans.some((h) => h.end === at) &&
      services.some((sv) => sv.start > at && words.slice(at + 1, sv.start).every((w) => this.qualifiers.serviceNaming.has(w)));
    const wholeBetween = (from: number, to: number, someone = false) =>
      words.slice(from, to).every((w, k) => this.personFiller.has(w) || whereFrom(from + k) || whole.some((s) => from + k >= s.start && from + k < s.end)) &&
      (!someone || whole.some((s) => s.start >= from && s.end <= to && humans.some((h) => h.start === s.start)));
    // (what is left of a message that turns something down names a person, not only a way of reaching one: "dont want
    // the app on my personal phone" turns down the app, and its "phone" is no request)
    if (whole.length && !helpdeskNumber && wholeBetween(0, words.length, declined.length > 0)) return 'clearly';
    // ...or the writer's own request for someone ends the message, after what they complain of: "stop sending me links i
    // want a person"
    // (not the writer asking whether they must, with "do", "does", "did" or "should", not "will" or "would": "is it just a
    // case of logging in again, or do i need to contact someone")
    const asksWhether = (i: number) => this.doesOne.has(words[i - 1] ?? '') && !this.qualifiers.willing.has(words[i - 1] ?? '') && (i === 1 || words[i - 2] === 'or');
    if (!helpdeskNumber && words.some((w, i) => i > 0 && this.qualifiers.writer.has(w) && !asksWhether(i) && wholeBetween(i, words.length, true))) return 'clearly';
    // ...or opens it, before what it is about: "human please its about mfa", "agent re a leaver"
    // (not "about to": "person about to leave, what happens to her account")
    const about = words.findIndex((w, i) => i > 0 && this.qualifiers.about.has(w) && words[i + 1] !== 'to');
    const head = about > 0 ? (words[about - 1] === 'its' ? about - 1 : about) : 0;
    if (head > 0 && wholeBetween(0, head, true)) return 'clearly';
    // "will a real person check our dspt": what someone does asked, no one reached or taking this on
    const verbs = phraseSpans(words, l.verbs);
    const callMe = phraseSpans(words, l.callMe);
    const takesOn = phraseSpans(words, l.takesOn);
    const actions = [...verbs, ...callMe, ...takesOn];
    // ("does the helpdesk ever phone you first": the service reaching "you", the writer, is what it does too)
    // (or anyone unnamed doing it: "does someone ring you to check it's really you")
    const reachesYou = (a: Span, t: Span) => words[a.end] === 'you' && (services.includes(t) || humans.includes(t));
    const opensDoes = phraseSpans(words, l.doesOne).some((d) => d.start === 0);
    const asksWhatOneDoes =
      opensDoes &&
      targets.some(
        (t) =>
          t.start <= 3 &&
          words[t.end] !== undefined &&
          // (a filler word such as "phone" after it is a request, "will someone phone me", unless it is the service
          // phoning "you": "does the helpdesk phone you back if...")
          (!this.personFiller.has(words[t.end] ?? '') || actions.some((a) => a.start === t.end && reachesYou(a, t))) &&
          !actions.some((a) => a.start >= t.end && !reachesYou(a, t)),
      );
    // (not one asked about, after "whether" or "if": "our staff keep asking me whether a real person reads the emails sent
    // to the helpdesk or whether its all automated")
    const afterWhether = (sp: Span) =>
      [sp.start - 1, sp.start - 2, sp.start - 3].some((k) => k >= 0 && WHETHER.has(words[k] ?? '') && words.slice(k + 1, sp.start).every((w) => this.determiners.has(w) || REAL.has(w)));
    // (nor one met before, told of: "I spoke to a real person at the helpdesk yesterday and they told me to sign in
    // again", "a real person at the helpdesk gave me a ticket number", "a real person rang saying...")
    // (or one said to be a person: "my manager is a real person lol but she cant log in either")
    const metBefore = (sp: Span) =>
      [sp.start - 1, sp.start - 2, sp.start - 3].some(
        (k) =>
          k >= 0 &&
          (PAST_REACHED.has(words[k] ?? '') || (IS.has(words[k] ?? '') && (k > 0 || I_AM.has(words[k] ?? '')))) &&
          words.slice(k + 1, sp.start).every((w) => this.determiners.has(w) || REAL.has(w) || w === 'to' || w === 'with'),
      ) ||
      pastActAfter(words.slice(sp.end, sp.end + PAST_ACT_REACH));
    const phrased = this.person.spans(words).some((sp) => !afterWhether(sp) && !metBefore(sp));
    const asksOfIt = phraseSpans(words, l.asksOf).some((s) => s.start === 0);
    // ("do i ring you about a surname change" asks which way, as "do i ring the helpdesk or use the portal" does)
    const asksWhich = phraseSpans(words, l.whichWay).some((s) => s.start === 0);
    // (the helpdesk's number, asked about as "a number to ring for nhs mail support", is left to the answers as asked any
    // other way; asked to be given it, "send me the helpdesk contact details so we can ring them", it is a request)
    const given = () => phraseSpans(words, l.asksYou).length > 0;
    if (phrased && !asksWhatOneDoes && !asksOfIt && !asksWhich && (!helpdeskNumber || given())) return 'clearly';
    // a request verb, then who to reach a few words on: "can I ring someone", "i need to speak with the service desk";
    // asking whether one must ("do I have to ring the helpdesk or can I...") is a question the answers may cover
    // "how do i call someone on teams": who is reached with a tool, a question about the tool
    const meansBy = phraseSpans(words, l.meansBy);
    const means = phraseSpans(words, l.means);
    // ("someone from NHSmail", "someone at nhs mail" works there: from the service itself is no means, as "from the
    // nhsmail app" is)
    const fromService = (b: Span, m: Span) => (words[b.start] === 'from' || words[b.start] === 'at') && m.start === b.end && this.qualifiers.serviceNames.has(words[m.start] ?? '') && words[m.end] !== 'app';
    // (nor is a tool's word that opens a service's name: "someone in the nhsmail team" is one of the team, as "someone on
    // the nhsmail app" is reached with a tool)
    const namesService = (m: Span) => services.some((sv) => sv.start <= m.start && sv.end > m.start);
    const byMeans = (t: Span) =>
      meansBy.some((b) => b.start >= t.end && b.start - t.end <= 1 && means.some((m) => m.start >= b.end && m.start - b.end <= 2 && !fromService(b, m) && !namesService(m)));
    // (a tool after a verb, named after a word such as "on" or "via": "talk me through keeping my nhs.net account" names
    // the account, not a tool to talk with)
    const byTool = (v: Span) => means.some((m) => m.start >= v.end && m.start - v.end <= 4 && meansBy.some((b) => b.start >= v.end && b.end <= m.start && m.start - b.end <= 1));
    // only words that open a message before it: "please call someone", "can you get..."
    const opened = (at: number) => words.slice(0, at).every((w) => this.personOpeners.has(w));
    // a question word opening the message, after any openers ("hi, how do i contact the helpdesk"), asked directly or
    // not ("could you tell me how i get in touch with the helpdesk")
    const lead = words.findIndex((w) => !this.personOpeners.has(w));
    const indirect = lead < 0 ? undefined : phraseSpans(words, l.indirect).find((s) => s.start === lead);
    const asksHow = this.howTo.has(words[indirect ? indirect.end : lead] ?? '');
    const reachBack = phraseSpans(words, l.reachBack);
    let whether = false;
    let howToReach = false;
    let numberAsked = false;
    // someone named as a person ("a person", "an adviser", "human"), not only "someone", who may be anyone
    const namedAsOne = (s: Span) => s.end - s.start > 1 || this.qualifiers.oneWordPeople.has(words[s.start] ?? '');
    // an article or owner just before a span ("the helpdesk", "an adviser")
    const article = (t: Span) => this.determiners.has(words[t.start - 1] ?? '') || this.qualifiers.determinersBefore.has(words[t.start - 1] ?? '');
    for (const verb of verbs) {
      // (nor a way compared with another: "better than talking to a person", "id rather chat here than talk to a person")
      if (this.determiners.has(words[verb.start - 1] ?? '') || words[verb.start - 1] === 'than') continue;
      // (nor a noun that looks like one: "contact details for the national administration service", "contact for the
      // pharmacy nhsmail team" ask for the details, which the answers give; "contact details for your helpdesk" asks the
      // bot for its own people)
      const noun = [...contacts, ...addresses].some((c) => verb.start >= c.start && verb.start < c.end) || (words[verb.start] === 'contact' && CONTACT_NOUN_AFTER.has(words[verb.end] ?? ''));
      if (noun && !words.slice(verb.end, verb.end + 4).includes('your')) continue;
      // who the verb reaches: named within three words after it
      // (or further on, after what it is about, brought in by "with" or "to" and named as a person or the service: "i want to
      // discuss our eligibility with an adviser"; not "someone", who may be anyone sent something: "discuss a resident's
      // care with someone at the surgery")
      const namedAfter = (t: Span) =>
        t.start - verb.end <= WITH_REACH &&
        this.qualifiers.withWhom.has(words[t.start - (article(t) ? 2 : 1)] ?? '') &&
        (namedAsOne(t) || services.includes(t));
      // (not someone after a word opening a clause of its own: "who do I contact when someone needs adding")
      const reached = targets.filter(
        (t) => t.start >= verb.end && (t.start - verb.end <= 3 || namedAfter(t)) && !words.slice(verb.end, t.start).some((w) => this.language.subordinators.has(w)),
      );
      // "do I ring the helpdesk or use the portal?" opens by asking which way, as "do I have to" does
      const opensAt = (phrases: Phrases) => phraseSpans(words.slice(0, verb.start), phrases).some((s) => s.start === 0 && s.end === verb.start);
      // ...and so does "can I ring the helpdesk or is it email only?", with another way after it, of the service (not
      // "can i speak to someone or not")
      const orService = reached.length > 0 && reached.every((t) => services.includes(t)) && words.slice(verb.end).includes('or');
      // ...and so does "is it better to ring or email the helpdesk", one way of reaching it or another
      const orWay = words[verb.end] === 'or' && [...verbs, ...reachBack].some((v) => v.start === verb.end + 1);
      // (or the other way first: "do i email or phone the helpdesk")
      const orWayBefore = words[verb.start - 1] === 'or' && [...verbs, ...reachBack].some((v) => v.end === verb.start - 1);
      const opensWhichWay =
        opensAt(l.whichWay) || (orService && opensAt(l.whichWayOr)) || ((orWay || orWayBefore) && reached.length > 0 && reached.every((t) => services.includes(t)));
      // "if i ring the helpdesk, how will they know it's me" supposes the call and asks about it
      // (and so does what the writer believed or was told of the service: "i thought i had to phone the helpdesk every
      // time"; not of a human, "i thought i could speak to a person on here" wants one)
      const believes = phraseSpans(words.slice(Math.max(0, verb.start - BELIEF_REACH), verb.start), l.believes).length > 0;
      // (of a human too when someone else said to: "my boss told me to contact a person about nhsmail but i've no idea
      // whether it's our it or the national team", a weak sign the answers may settle)
      const believed = reached.length > 0 && believes && (reached.every((t) => services.includes(t)) || words[verb.start - 1] === 'to');
      const supposed = believed || phraseSpans(words.slice(0, verb.start), l.supposes).some((s) => s.end === verb.start);
      // (and so does "do staff need to call anyone when...", asked of anyone: whether it must be done)
      const mustThey = this.doesOne.has(words[0] ?? '') && words[verb.start - 1] === 'to' && this.qualifiers.must.has(words[verb.start - 2] ?? '');
      if (opensWhichWay || supposed || mustThey || phraseSpans(words.slice(Math.max(0, verb.start - 4), verb.start), l.whether).length) {
        // "do i need to speak to my manager first" asks about someone else, not about reaching the service
        if (reached.length) whether = true;
        continue;
      }
      const framed =
        opened(verb.start) ||
        words.slice(Math.max(0, verb.start - 4), verb.start).some((w) => this.personFrames.has(w));
      // ("is there a person who could phone our admin": someone who could reach us, asked for, frames it too)
      if (!framed && words.slice(Math.max(0, verb.start - 2), verb.start).includes('who') && couldReach(words, verb.start, targets.filter((t) => humans.includes(t)), 4, this.qualifiers.reachers)) return 'clearly';
      if (!framed) continue;
      // "Ringing the helpdesk to have my password reset - will it be done while I'm on the phone": the writer's own call
      // to the service, told as it opens the message, asks for no one ("talking to a human please" still does)
      if (verb.start === 0 && words[0]?.endsWith('ing') && reached.length && reached.every((t) => services.includes(t))) continue;
      // "how do I contact the service desk" asks for the way (an answer); "how do I contact a human" wants one
      // "how do i call someone on teams": the way a tool reaches people, no request to reach ours at all
      const asksWay = asksHow || phraseSpans(words, l.asksCan).some((s) => s.start === 0);
      if (reached.length && asksWay && reached.every(byMeans)) continue;
      // ... and "how do i reach your support team" asks the bot for its own people
      const yours = (t: Span) => words[t.start - 1] === 'your' || words[t.start] === 'your';
      if (reached.length && asksHow && reached.every((t) => (services.includes(t) && !yours(t)) || byMeans(t))) howToReach = true;
      else if (reached.length) return 'clearly';
      // "is there anybody I can actually talk to", "someone we could ring"
      if (couldReach(words, verb.start, targets, 4, this.qualifiers.reachers)) return 'clearly';
    }
    // "is there someone I can email", "a person we could ask"
    // (not someone's own or counted: "how many staff can we ask for nhsmail")
    const reachable = targets.filter((t) => humans.includes(t));
    for (const verb of reachBack) if (couldReach(words, verb.start, reachable, 3, this.qualifiers.reachers)) return 'clearly';
    // someone to ring me: "can you get a member of staff to call me", "could somebody ring us back"
    // "will the helpdesk call me to check who i am" asks what the service does: a question for the answers first
    const asksProcess = phraseSpans(words, l.asksProcess).some((s) => s.start === 0);
    // the word asking about someone, just before them or their article or owner ("does the helpdesk phone you back")
    const askingBefore = (t: Span) => words[t.start - (this.qualifiers.determinersBefore.has(words[t.start - 1] ?? '') ? 2 : 1)] ?? '';
    // ...and so does one asked after a time or condition ("after we submit the registration does someone phone us", "if i
    // hide my mobile number will the helpdesk still be able to contact me")
    const afterCondition = this.language.subordinators.has(words[0] ?? '') && phraseSpans(words.slice(1, PROCESS_REACH), l.doesOne).length > 0;
    // someone unnamed asked what they will do, with "does", after a condition, or with another way beside it, is a question
    // about what happens too ("will someone contact us or do we chase it", "is there anything i have to do or will someone
    // call me"; "will someone call me back" asks for a call)
    const processAt = (t: Span) => {
      const asked = askingBefore(t);
      return this.doesOne.has(asked) && (!this.qualifiers.willing.has(asked) || words.includes('or') || afterCondition);
    };
    for (const call of callMe) {
      const callers = targets.filter((t) => t.end <= call.start && call.start - t.end <= 4);
      // (so does asking it on the way: "if i email the helpdesk will they need to phone me to confirm who i am")
      const askedOn = (t: Span) => phraseSpans(words.slice(t.end, call.start), l.doesOne).length > 0;
      const asksWhatHappens = callers.length > 0 && (afterCondition || callers.every(processAt));
      if (callers.length && callers.every((t) => services.includes(t)) && (asksProcess || callers.every(askedOn))) {
        numberAsked = true;
        continue;
      }
      // (what someone unnamed will do, asked about: no sign of a request at all, so a knowledge base unsure of it offers
      // its topics rather than the helpdesk's contacts: "will someone call me to set up the two step thing or do i do it")
      if (asksWhatHappens) continue;
      if (callers.length) return 'clearly';
      if (words.slice(Math.max(0, call.start - 3), call.start).includes('you')) return 'clearly';
      if (opened(call.start)) return 'clearly';
      // (asked with a please wherever it stands: "my number is 07700 900456 please ring me back about the mfa thing")
      if (this.qualifiers.please.has(words[call.start - 1] ?? '')) return 'clearly';
    }
    // a call asked for from someone: "i would like a call from someone in your team"
    // (one had already is reported, not asked for: "we had a call from someone saying they were from nhsmail")
    const reported = (c: Span) => this.qualifiers.reportedCall.has(words[c.start - 1] ?? '');
    // (nor one asked about, what will happen: "will i get a call from the helpdesk about my request or just a ticket")
    const askedWhether = PROCESS_OPENERS.has(words[0] ?? '');
    if (!askedWhether && phraseSpans(words, l.callFrom).some((c) => !reported(c) && targets.some((t) => t.start >= c.end && t.start - c.end <= 2))) return 'clearly';
    // (the words from `from` to `to` all `anyoneVia` or a service's name: "someone at the National Administration Service to")
    const via = phraseSpans(words, l.anyoneVia);
    const between = (from: number, to: number) => {
      for (let i = from; i < to; ) {
        // (a service's whole name first: "the National Administration Service" is one, its words not all `anyoneVia`)
        const v = services.find((x) => x.start === i) ?? via.find((x) => x.start === i);
        if (!v) return false;
        i = v.end;
      }
      return true;
    };
    // someone got to act, asked of the bot: "can you get someone to look at this", "pls arrange for someone to ring us"
    // (or got, with nothing after but filler: "can you get a human on here"; or where they are from, "can you get
    // someone from the helpdesk")
    const fetched = (t: Span) => {
      for (let end = t.end; end <= words.length; end++) {
        if (end > t.end && !between(t.end, end)) continue;
        if (words[end] === 'to' || words.slice(end).every((w) => this.personFiller.has(w))) return true;
      }
      return false;
    };
    for (const cause of phraseSpans(words, l.causes)) {
      if (opened(cause.start) && targets.some((t) => t.start >= cause.end && t.start - cause.end <= 2 && fetched(t))) return 'clearly';
    }
    // someone unnamed asked to reach us or a colleague: "can someone call our manager back", "please could someone from
    // the helpdesk ring our deputy manager", "our manager wants someone to call her" (not "can anyone talk to families by
    // email", a question about NHSmail)
    const wanted = phraseSpans(words, l.anyoneWanted);
    // ...or to take this on: "can a human look at this please, the contact id keeps failing", "i want a person to sort
    // out my password" (not to help: "can anyone help me reset my password" asks how, which the answers say; nor asked
    // what someone will do: "will someone take over when our admin leaves")
    const takeOver = opensDoes ? [] : takesOn.filter((a) => !this.qualifiers.helps.has(words[a.start] ?? ''));
    const ones = [...phraseSpans(words, l.anyone), ...(asksProcess ? [] : phraseSpans(words, l.anyoneServices))];
    // (a call given to someone is reaching them: "for an advisor to give our deputy manager a call")
    const calls = phraseSpans(words, l.callGiven);
    const gives = words.flatMap((w, i) => (w === 'give' && calls.some((c) => c.start > i + 1 && c.start - i <= 5) ? [{ start: i, end: i + 1 }] : []));
    for (const one of ones) {
      // (or a question of its own, asked straight after what came before with no comma between: "im not good at this
      // could someone talk me through it"; not after a question word, "how can someone get access")
      const asksAnew = this.qualifiers.asksAnew.has(words[one.start - 1] ?? '') && one.start >= 2 && !this.howTo.has(words[one.start - 2] ?? '');
      if (!opened(one.start) && !asksAnew && !wanted.some((w) => w.end <= one.start && one.start - w.end <= 1)) continue;
      if (afterCondition || processAt(one)) continue;
      // (a thing brought back is no one reached: "my account got deleted, can anyone bring it back")
      const reachesThing = (v: Span) => this.qualifiers.fetches.has(words[v.start] ?? '') && POINTERS.has(words[v.end] ?? '');
      // (help asked of a person named as one, and wanted: "i need a person to help me register the care home", not "can
      // anyone help me reset my password")
      const helpers = namedAsOne(one) && !opensDoes && humans.some((h) => h.start >= one.start && h.start < one.end) && wanted.some((w) => w.end <= one.start && one.start - w.end <= 1) ? takesOn : takeOver;
      const reach = [...verbs, ...helpers, ...gives].find(
        (v) => v.start >= one.end && v.start - one.end <= ANYONE_REACH && between(one.end, v.start) && !this.determiners.has(words[v.start - 1] ?? '') && !reachesThing(v),
      );
      // (a tool after a verb of reaching is how someone is reached, "can anyone call someone on teams"; after one of
      // taking this on, what is sorted: "can someone remote in and fix outlook for me")
      if (reach && (!verbs.includes(reach) || !byTool(reach))) return 'clearly';
    }
    // someone to take this on, and nothing after but filler: "is a human able to take over", "a person who can sort it"
    const last = (at: number) => words.slice(at).every((w) => this.personFiller.has(w));
    // ("does the helpdesk sort it" asks what the service does, as with "will the helpdesk call me")
    // (not the service the writer writes to: "can i just email the helpdesk to sort it?" asks which way, as "can i
    // email the helpdesk" does)
    const writtenTo = (t: Span) => reachBack.some((r) => r.end <= t.start && t.start - r.end <= 1);
    // (nor what the service does, asked mid-message too: "cant remember security questions will helpdesk still help")
    const askedOfService = (t: Span) => services.includes(t) && (asksProcess || this.doesOne.has(askingBefore(t)));
    for (const act of takesOn) {
      // (not across another way offered: "do i need to ring someone or can i sort it")
      const takers = targets.filter((t) => t.end <= act.start && act.start - t.end <= 3 && !writtenTo(t) && !words.slice(t.end, act.start).includes('or'));
      // (nor what someone unnamed does, asked with "does": "is that something we do ourselves or does somebody else
      // handle it")
      // (or nothing after but the way it is done: "can a person from the helpdesk help me by email")
      const byWay = meansBy.find((b) => b.start === act.end);
      const way = byWay && means.find((m) => m.start >= byWay.end && m.start - byWay.end <= 1 && last(m.end));
      if ((last(act.end) || way) && takers.length && !takers.every((t) => askedOfService(t) || processAt(t))) return 'clearly';
    }
    // a contact detail asked for: "give me a phone number", "whats your number", "a number to ring"
    const asked = (at: number, asks: Span[]) => asks.some((a) => a.end <= at && at - a.end <= 2);
    const owned = (at: number) => words.slice(Math.max(0, at - 2), at).some((w) => this.owners.has(w));
    const asks = phraseSpans(words, l.asks);
    const asksYou = phraseSpans(words, l.asksYou);
    const numberFor = phraseSpans(words, l.numberFor);
    // what a contact detail is for: "a number to ring", "the phone no for support"
    const contactFor = numberFor.filter((f) => f.start > 0 && (words[f.start - 1] === 'number' || contacts.some((c) => c.end === f.start)));
    const contactAsked =
      contacts.some((c) => !owned(c.start) && asked(c.start, asks)) ||
      words.some((w, i) => w === 'number' && !owned(i) && (asked(i, asksYou) || numberFor.some((f) => f.start === i + 1)));
    // a call back asked for: "can i have a call back from the helpdesk", "can i get a callback"
    // (or opening the message, with nothing after but filler or the number to ring: "call back pls 07700900773")
    // (a number typed in groups, "callback 07700 900123", is one too)
    const reachedOn = (at: number) => words.slice(at).every((w) => this.personFiller.has(w) || PHONE_NUMBER.test(w) || DIGITS.test(w) || w === 'on');
    if (phraseSpans(words, l.callbacks).some((c) => asked(c.start, asks) || (opened(c.start) && reachedOn(c.end)))) return 'clearly';
    // ... or a call with someone: "can i book a call with an advisor", not one with someone on teams
    const withWhom = (c: Span) => targets.some((t) => t.start >= c.end && t.start - c.end <= 2 && !byMeans(t));
    const callsWith = phraseSpans(words, l.callWith);
    if (callsWith.some((c) => asked(c.start, asks) && withWhom(c))) return 'clearly';
    // ... or one with someone named before, the message ending on it: "is there anyone from the team i could have a quick
    // teams call with" (not someone's own: "my manager i had a call with")
    const withThem = (c: Span) =>
      !asksHow &&
      last(c.end) &&
      words.slice(0, c.start).some((w) => this.qualifiers.writer.has(w)) &&
      targets.some((t) => t.end <= c.start && humans.includes(t));
    if (callsWith.some(withThem)) return 'clearly';
    if (contactAsked) {
      // a number and nothing else ("give me a phone number", "a number for someone") wants a person; a number asked
      // about something ("is there a helpline for nhsmail problems") is a question the answers may cover first
      const said = [...asks, ...asksYou, ...contactFor, ...contacts, ...humans, ...services, ...whole];
      const bare = words.every((w, i) => w === 'number' || this.personFiller.has(w) || said.some((x) => i >= x.start && i < x.end));
      if (bare) return 'clearly';
      numberAsked = true;
    }
    // an address asked for reaching a human, whatever follows ("can you give me an email address for someone at nhsmail
    // i can write to")
    const forHuman = (at: number) => numberFor.some((f) => f.start === at && humans.some((h) => h.start >= f.start && h.end <= f.end));
    if (addresses.some((a) => !owned(a.start) && asked(a.start, asks) && forHuman(a.end))) return 'clearly';
    // ...and so is a number for reaching one, asked however ("whats the number to speak to somebody, i keep getting
    // locked out"; "the number for the helpdesk" is the answers' to give)
    const reachesHuman = (f: Span) => humans.some((h) => h.start >= f.start && h.start <= f.end + 1 && !own(h));
    if (contactAsked && words.some((w, i) => w === 'number' && !owned(i) && numberFor.some((f) => f.start === i + 1 && reachesHuman(f)))) return 'clearly';
    // the bot named with someone to reach: "no more chatbots, anyone I can phone?"
    // (a word for the bot that also names a thing, "a special computer", is the bot only turned down, "not a machine",
    // or talked to, "talking to a computer")
    const notBots = phraseSpans(words, l.notBots);
    const turnedDown = (b: Span) => notBots.some((n) => n.end <= b.start && b.start - n.end <= 2);
    // (talked to: "to" just before it, or before its article; not "told me to use this thing")
    const talkedTo = (b: Span) => words[b.start - 1] === 'to' || (this.determiners.has(words[b.start - 1] ?? '') && words[b.start - 2] === 'to');
    const devices = phraseSpans(words, l.devices);
    const bots = phraseSpans(words, l.bots).filter((b) => !devices.some((d) => d.start === b.start) || turnedDown(b) || talkedTo(b));
    // (not someone only supposed reached: "my manager said to try this chat before ringing anyone")
    const supposedReach = (t: Span) => verbs.some((v) => v.end <= t.start && t.start - v.end <= 3 && phraseSpans(words.slice(0, v.start), l.supposes).some((s) => s.end === v.start));
    // (not asked which of the two something is: "is it a person or an automated system that checks our dspt")
    // (nor asked whether it is one or the other: "whether a real person reads the emails or whether its all automated")
    const asksWhetherOne = targets.some((t) => afterWhether(t) && bots.some((b) => b.start > t.end && words.slice(t.end, b.start).includes('or')));
    const asksWhichItIs = (WHICH_OPENERS.has(words[0] ?? '') && POINTERS.has(words[1] ?? '')) || asksWhetherOne;
    if (!asksWhichItIs && targets.some((t) => !supposedReach(t)) && bots.length && words.some((w) => this.personFrames.has(w))) return 'clearly';
    // the bot turned down and a human named: "no more bots, a person this time", "not a machine, a human"
    if (humans.length && bots.some(turnedDown)) return 'clearly';
    // ...or turned down with nothing else said: "no bots please", "i dont want a bot" (said to the bot, it wants the
    // alternative, a person)
    const saidOf = (i: number) => [...bots, ...notBots].some((x) => i >= x.start && i < x.end);
    if (bots.some(turnedDown) && words.every((w, i) => saidOf(i) || this.personFiller.has(w))) return 'clearly';
    if (helpdeskNumber) return 'maybe';
    if (whether || howToReach || numberAsked || phrased) return 'maybe';
    // asking whom to reach: "who do i ring about this", "whos the best person to call"; "who should our deputy ring"
    // names someone else to do it
    const whoReaches = (v: Span) =>
      phraseSpans(words.slice(0, v.start), l.whoAsks).some(
        (w) => opened(w.start) && v.start - w.end <= 4 && (words.slice(w.end, v.start).some((x) => x === 'i' || x === 'we') || words[v.start - 1] === 'to'),
      );
    // ...but whom one can reach, with nothing after but filler, wants someone now: "who can i phone right now to get this
    // sorted" ("who can i ring about my locked account" says what about: a question for the answers first)
    const whoCan = (v: Span) =>
      phraseSpans(words.slice(0, v.start), l.whoAsks).some(
        (w) => opened(w.start) && this.qualifiers.whoCan.has(words[w.end] ?? '') && (words[w.end + 1] === 'i' || words[w.end + 1] === 'we') && v.start - w.end <= 4,
      );
    const noTopic = (v: Span) => words.slice(v.end).every((w) => this.personFiller.has(w) || this.qualifiers.noTopic.has(w));
    if (verbs.some((v) => whoCan(v) && noTopic(v))) return 'clearly';
    if (verbs.some(whoReaches)) return 'maybe';
    // a complaint about the bot: with someone named, a person at once; alone, only when nothing answers
    // so is asking whom to reach after one ("your bot cant help me, who do i call")
    if (phraseSpans(words, l.complaints).length) {
      const whoToReach = verbs.some((v) => phraseSpans(words.slice(Math.max(0, v.start - 3), v.start), l.whoAsks).length > 0);
      // (someone who did something is told of, not reached: "someone sent her to the pharmacy portal and it's no use")
      const reachable = targets.filter((t) => !this.qualifiers.didVerbs.has(words[t.end] ?? ''));
      return reachable.length || whoToReach ? 'clearly' : 'maybe';
    }
    const normalised = this.personWeak.normalise(words);
    if (this.personWeak.find(normalised) === undefined) return undefined;
    // "talk to families", "speak to my manager": the weak words name someone else, and are no sign
    const weakSpans = phraseSpans(words, l.weak);
    const someoneElse = (at: number) =>
      at < words.length && !this.weakAfter.has(words[at] ?? '') && !this.personFiller.has(words[at] ?? '') && !targets.some((t) => t.start === at);
    if (weakSpans.length && weakSpans.every((w) => someoneElse(w.end))) return undefined;
    // ...nor a call had before, told of: "had a long call with the helpdesk last month about our MFA"
    const toldOf = (w: Span) => normalised.slice(Math.max(0, w.start - REPORT_REACH), w.start).some((x) => this.qualifiers.reportedCall.has(x));
    const signs = this.personWeak.spans(normalised);
    if (signs.length && signs.every(toldOf)) return undefined;
    return 'maybe';
  }
}

/** Most words from a verb of reaching to who is reached, brought in by "with" or "to" after what it is about. */
const WITH_REACH = 6;

/** the person lists that only qualify a reading (single words: "please", "about", "writer"...), no words a request is made of */
const QUALIFIERS = ['ownersBack', 'didVerbs', 'serviceNames', 'reportedCall', 'helps', 'reachers', 'whoCan', 'noTopic', 'fetches', 'willing', 'contactWords', 'forService', 'serviceNaming', 'whereFrom', 'withWhom', 'oneWordPeople', 'about', 'writer', 'ownName', 'nameOpens', 'must', 'asksAnew', 'please', 'determinersBefore', 'introduces'] as const;
type Qualifier = (typeof QUALIFIERS)[number];
/** the person lists naming a way of reaching, a request turned down, supposed or believed: no words a request is made of */
const NOT_REQUEST_WORDS = new Set(['means', 'declines', 'resumes', 'supposes', 'believes']);

interface PersonLists {
  whole: Phrases;
  humans: Phrases;
  services: Phrases;
  verbs: Phrases;
  contacts: Phrases;
  addresses: Phrases;
  asks: Phrases;
  asksYou: Phrases;
  numberFor: Phrases;
  reachBack: Phrases;
  bots: Phrases;
  devices: Phrases;
  callMe: Phrases;
  callFrom: Phrases;
  callWith: Phrases;
  causes: Phrases;
  anyone: Phrases;
  anyoneServices: Phrases;
  anyoneWanted: Phrases;
  anyoneVia: Phrases;
  callGiven: Phrases;
  takesOn: Phrases;
  meansBy: Phrases;
  means: Phrases;
  asksCan: Phrases;
  doesOne: Phrases;
  indirect: Phrases;
  asksOf: Phrases;
  whoAsks: Phrases;
  notBots: Phrases;
  callbacks: Phrases;
  asksProcess: Phrases;
  complaints: Phrases;
  weak: Phrases;
  whether: Phrases;
  supposes: Phrases;
  believes: Phrases;
  whichWay: Phrases;
  whichWayOr: Phrases;
  declines: Phrases;
}

/**
 * "anybody I can talk to", "a person we could ask": "can" or "could" with "I" or "we" in the `within` words before the
 * verb at `verb`, and someone to reach ending at most `within` words before it.
 */
function couldReach(words: readonly string[], verb: number, who: readonly Span[], within: number, reachers: ReadonlySet<string>): boolean {
  const before = words.slice(Math.max(0, verb - within), verb);
  // (or someone who could: "is there a person who could phone our admin")
  const can = before.some((w) => w === 'can' || w === 'could') && before.some((w) => w === 'i' || w === 'we' || w === 'who');
  // only who could do it and how between them and the verb: "how many staff accounts can we ask for" names accounts
  return can && who.some((t) => t.end <= verb && verb - t.end <= within && words.slice(t.end, verb).every((w) => reachers.has(w)));
}

/** words opening a question about what will happen ("will i get a call from the helpdesk...") */
const PROCESS_OPENERS: ReadonlySet<string> = new Set(['will', 'does', 'do', 'did']);
/** words that, before a pointer, open a question asking what something is ("is it a person or...") */
const WHICH_OPENERS: ReadonlySet<string> = new Set(['is', 'was', 'are']);
/** most words between a call told of and the word saying it was had ("had a long call with the helpdesk") */
const REPORT_REACH = 3;
/** Most words from someone unnamed to the verb that reaches them, all of them `anyoneVia` or a service's name ("someone at the National Administration Service to contact him"). */
const ANYONE_REACH = 8;
/** most words after such a word that say what the paper is about */
const PAPER_REACH = 6;
/** a group of digits, part of a phone number typed in groups ("07700 900123") */
const DIGITS = /^\d{3,}$/;
/** a UK phone number as one typed word ("07700900773", "+447700900773" typed without spaces) */
const PHONE_NUMBER = /^(?:0|44)\d{9,10}$/;
/** Most words from what the writer believed or was told to the verb of reaching ("i thought that meant i have to ring") */
const BELIEF_REACH = 6;
/** most words between an emergency and the time that makes it history ("attacked by a client last year") */
const HISTORY_REACH = 5;

/** how far into a message opening with a time or condition the question about what someone does may start */
const PROCESS_REACH = 9;

/** Words owning what follows them, which may also be who a phrase is about ("find her anywhere", "her contact ID"). */
const OWNERS = new Set(['her', 'his', 'their']);
/** A clause saying which of a thing named before it is meant: "the national administration service one". */
const WHICH_ONE = /^\W*the\b.*\bone\W*$/i;
/** A clause offering the last of a list of alternatives: "..., us, the manager, or the NHS?". */
const ALTERNATIVE = /^\W*or\b/i;
/** Question words asking which of several: a list of alternatives after one is what is asked between. */
const CHOOSING = new Set(['who', 'which', 'whether']);
/** An email's subject line, a clause of its own before what is asked: "Re: helpdesk - who do we contact...". */
const SUBJECT_LINE = /^\W*(?:re|fwd?)\s*:/i;
/** Reaching someone, told as done: a person after one was met, not asked for (see wantsPersonIn). */
const PAST_REACHED = new Set(['spoke', 'talked', 'chatted', 'rang', 'phoned', 'called', 'emailed', 'met']);
/** A copula after what it describes: "she is a real person" (not opening a question: "is there a real person"). */
const IS = new Set(['is', 'was', 'are', 'were', 'im', 'shes', 'hes']);
/** Copulas that open a statement about someone ("im a real person not a bot"), not a question. */
const I_AM = new Set(['im', 'shes', 'hes']);
/** What a person met did, told after them: "a real person at the helpdesk gave me a ticket number", "a real person rang saying...". */
const PAST_ACTS = new Set(['gave', 'told', 'said', 'sent', 'reset', 'unlocked', 'fixed', 'helped', 'answered', 'explained', 'rang', 'rung', 'phoned', 'called', 'emailed', 'texted', 'messaged']);
/** How many words after a person what they did may come ("a real person at the helpdesk gave"). */
const PAST_ACT_REACH = 4;
/** Words that open a new clause of the writer's own: "i want a real person, ive called 3 times" tells what the writer did. */
const WRITER_SUBJECTS = new Set(['i', 'ive', 'im', 'id', 'we', 'weve', 'were', 'wed', 'you', 'youve', 'and', 'but']);

/** Whether the words after a person tell what that person did, before any clause of the writer's own. */
function pastActAfter(after: readonly string[]): boolean {
  for (const w of after) {
    if (WRITER_SUBJECTS.has(w)) return false;
    if (PAST_ACTS.has(w)) return true;
  }
  return false;
}
/** Words after "contact" that make it a noun: "contact for the team", "contact info". */
const CONTACT_NOUN_AFTER = new Set(['for', 'info', 'information', 'details', 'detail', 'number', 'numbers', 'email', 'address', 'addresses', 'name']);
/** words asking whether something is so ("whether a real person reads them") */
const WHETHER = new Set(['whether', 'if']);
/** ...and words saying the one asked about is real ("whether a real person") */
const REAL = new Set(['real', 'actual', 'live', 'proper']);
/** Where a clause of a sentence starts: after a comma, semicolon or dash. */
const CLAUSE_BREAK = /\s*[,;]\s*|\s+[-\u2013\u2014]+\s+|\s+but\s+/i;

/** The message's clauses, as words: split at its sentence and clause breaks (the words' BREAK marks). */
function clausesOf(text: string): (readonly string[])[] {
  return Message.of(text)
    .clauses.raw.join(' ')
    .split(BREAK)
    .map((c) => tokenize(c))
    .filter((c) => c.length);
}

/**
 * The words without "give" before a word pointing back ("should i give it" gives what the scene named, not a medicine)
 * or handing out to many ("should i give one to every carer", "give each of them"; not "give one of the residents").
 */
function givingBack(words: readonly string[]): string[] {
  const handedOut = (i: number) => HANDED_OUT.has(words[i] ?? '') && !(words[i] === 'one' && words[i + 1] === 'of');
  return words.filter((w, i) => !(w === 'give' && (POINTERS.has(words[i + 1] ?? '') || handedOut(i + 1))));
}

/** words after "give" that hand something out to many rather than dose someone */
const HANDED_OUT: ReadonlySet<string> = new Set(['one', 'each', 'every', 'everyone', 'everybody', 'all']);

/** The word with each run of one letter typed three times or more cut to one ("humannn" -> "human"). */
function squeezed(word: string): string {
  return word.replace(/([a-z])\1{2,}/g, '$1');
}
