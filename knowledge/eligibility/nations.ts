// The nation a message states, and what the eligibility rules say applies there. The joining routes the knowledge
// base knows are England's: the plain answers read this so that a question about joining from Scotland, Wales or
// Northern Ireland never gets England's way in (the eligibility check reads the same facts and rules).
import type { Answers, FieldValue } from './answers.js';
import { decide } from './decide.js';
import { factReader } from './extract.js';
import { defaultEligibility, type EligibilityContent } from './loader.js';

export type Nation = NonNullable<Answers['country']>;

export interface NationReader {
  /**
   * The nation the text states (by name, adjective or a place in it), if any: one nation, not denied. A text that
   * names two ("we moved from Wales to Bristol", "not in Scotland, in England") states none for sure.
   */
  stated(text: string): Nation | undefined;
  /**
   * The nation that holds after the text, given the one `known` from earlier in the conversation: the one the text
   * states; none when it names several or denies the known one ("we're not in Wales"); else the known one.
   */
  holds(text: string, known: Nation | undefined): Nation | undefined;
  /**
   * The reply keys that say what applies in a nation whose joining routes are not England's: the rules' reason
   * for that nation, then the next step of the route they give it. Undefined for England.
   */
  replyKeys(nation: Nation): string[] | undefined;
}

export function nationReader(content: EligibilityContent = defaultEligibility()): NationReader {
  const reader = factReader(content);
  const keys = new Map<Nation, string[] | undefined>();
  // a turn reads the same message several times (noted for later questions, then for its answer): the last message's
  // nations are kept rather than read again
  let last: { text: string; named: FieldValue[]; denied?: FieldValue[] } = { text: '', named: [] };
  const read = (text: string) => {
    if (last.text !== text) last = { text, named: reader.mentions(text, 'country') };
    return last;
  };
  const denied = (text: string) => {
    const seen = read(text);
    seen.denied ??= reader.mentions(text, 'country', { denied: true });
    return seen.denied;
  };
  return {
    stated(text) {
      const { named } = read(text);
      return named.length === 1 ? (named[0] as Nation) : undefined;
    },
    holds(text, known) {
      const { named } = read(text);
      if (named.length) return named.length === 1 ? (named[0] as Nation) : undefined;
      return known && denied(text).includes(known) ? undefined : known;
    },
    replyKeys(nation) {
      if (nation === 'england') return undefined;
      if (!keys.has(nation)) {
        const decision = decide({ country: nation }, content);
        keys.set(
          nation,
          decision.kind === 'outcome' ? [...decision.reasons.filter((r) => r.field === 'country').map((r) => r.key), decision.nextStep.key] : undefined,
        );
      }
      return keys.get(nation);
    },
  };
}
