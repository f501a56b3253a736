// Reads what a message needs before any search: an emergency or clinical question (the safety reply), or a person.
import { defaultLanguage } from './loader.js';
import type { Language } from './language/language.js';
import { PhraseMatcher } from './language/phrases.js';
import { tokenize } from './language/tokenize.js';

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
  private readonly personWhole: ReadonlySet<string>;
  private readonly person: PhraseMatcher;
  private readonly personWeak: PhraseMatcher;

  constructor(language: Language = defaultLanguage()) {
    const s = language.safety;
    this.emergency = new PhraseMatcher(s.emergency);
    this.guarded = new PhraseMatcher(s.guarded);
    this.clinical = new PhraseMatcher(s.clinical);
    this.nhsmailContext = new PhraseMatcher(s.nhsmailContext);
    this.personWhole = new Set(language.person.whole.map((p) => tokenize(p).join(' ')));
    const p = language.person;
    this.person = new PhraseMatcher([...p.phrases, ...p.verbs.flatMap((v) => p.targets.map((t) => `${v} ${t}`))]);
    this.personWeak = new PhraseMatcher(p.weak);
  }

  /** Whether the message is an emergency or a clinical question, with typos and indirect wording tolerated. */
  safety(text: string): SafetyKind | undefined {
    const words = tokenize(text).slice(0, 80);
    if (!words.length) return undefined;
    if (this.emergency.find(this.emergency.normalise(words))) return 'emergency';
    // "can I email a resident's medication list to the pharmacy?" is about NHSmail, not about the medication
    const aboutNhsmail = () => this.nhsmailContext.find(words) !== undefined;
    if (this.guarded.find(this.guarded.normalise(words))) return aboutNhsmail() ? undefined : 'emergency';
    if (!this.clinical.find(this.clinical.normalise(words))) return undefined;
    return aboutNhsmail() ? undefined : 'clinical';
  }

  /**
   * Whether the message asks for a person: 'clearly' ("agent", "can I speak to a real person", "is there a number
   * I can ring"), 'maybe' ("who do I talk to about...", a person only when the knowledge base cannot answer), or not.
   */
  wantsPerson(text: string): 'clearly' | 'maybe' | undefined {
    const words = tokenize(text).slice(0, 80);
    if (!words.length) return undefined;
    if (this.personWhole.has(words.join(' '))) return 'clearly';
    if (this.person.find(this.person.normalise(words)) !== undefined) return 'clearly';
    return this.personWeak.find(this.personWeak.normalise(words)) !== undefined ? 'maybe' : undefined;
  }
}
