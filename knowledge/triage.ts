// Reads what a message needs before any search: an emergency or clinical question (the safety reply), or a person.
import { defaultLanguage } from './loader.js';
import type { Language } from './language/language.js';
import { PhraseMatcher } from './language/phrases.js';
import { tokenize } from './language/tokenize.js';

/** 'emergency': always the safety reply; 'clinical': a clinical question, not one about sending it on NHSmail. */
export type SafetyKind = 'emergency' | 'clinical';

export class Triage {
  private readonly emergency: PhraseMatcher;
  private readonly clinical: PhraseMatcher;
  private readonly nhsmailContext: ReadonlySet<string>;
  private readonly personWhole: ReadonlySet<string>;
  private readonly person: PhraseMatcher;

  constructor(language: Language = defaultLanguage()) {
    const s = language.safety;
    this.emergency = new PhraseMatcher(s.emergency);
    this.clinical = new PhraseMatcher(s.clinical);
    this.nhsmailContext = new Set(s.nhsmailContext.flatMap(tokenize));
    this.personWhole = new Set(language.person.whole.map((p) => tokenize(p).join(' ')));
    this.person = new PhraseMatcher(language.person.phrases);
  }

  /** Whether the message is an emergency or a clinical question, with typos and indirect wording tolerated. */
  safety(text: string): SafetyKind | undefined {
    const words = tokenize(text).slice(0, 80);
    if (!words.length) return undefined;
    if (this.emergency.find(this.emergency.normalise(words))) return 'emergency';
    if (!this.clinical.find(this.clinical.normalise(words))) return undefined;
    // "can I email a resident's medication list to the pharmacy?" is about NHSmail, not about the medication
    return words.some((w) => this.nhsmailContext.has(w)) ? undefined : 'clinical';
  }

  /** True when the message asks for a person ("agent", "can I speak to a real person", "is there a number I can ring"). */
  wantsPerson(text: string): boolean {
    const words = tokenize(text).slice(0, 80);
    if (!words.length) return false;
    if (this.personWhole.has(words.join(' '))) return true;
    return this.person.find(this.person.normalise(words)) !== undefined;
  }
}
