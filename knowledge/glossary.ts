// Finds the jargon a text uses, so the answer card can explain it ("What does this mean?") and kb:check can insist on it.
import type { Glossary, GlossaryTerm } from './schema.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An abbreviation (capitals) matches in capitals only; a phrase in any case. Whole words either way. */
const isAbbreviation = (mark: string) => /^[A-Z0-9]{2,}s?$/.test(mark);

const patterns = new WeakMap<GlossaryTerm, RegExp[]>();
function marksOf(term: GlossaryTerm): RegExp[] {
  let list = patterns.get(term);
  if (!list) {
    list = term.marks.map((m) => new RegExp(`(?<![\\w@.])${escape(m)}(?![\\w@])`, isAbbreviation(m) ? '' : 'i'));
    patterns.set(term, list);
  }
  return list;
}

/** The glossary terms a text uses, in glossary order. */
export function glossaryTermsIn(text: string, glossary: Glossary): GlossaryTerm[] {
  return glossary.terms.filter((t) => marksOf(t).some((re) => re.test(text)));
}

/** Every abbreviation the glossary knows: its own marks and the plain ones everyone reads. */
export function knownAbbreviations(glossary: Glossary): Set<string> {
  return new Set([...glossary.plain, ...glossary.terms.flatMap((t) => t.marks.filter(isAbbreviation))]);
}
