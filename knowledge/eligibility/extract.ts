// Reads eligibility facts out of free text ("we run 3 care homes in Leeds, CQC registered"), using the vocabulary in content.
import { FIELDS, isField, MAX_SITES, type Answers, type Field, type FieldValue } from './answers.js';
import type { Language, SiteWords } from '../language/language.js';
import { BREAK, phraseWords, standsAt, clauseTokens as tokenize, type Tokens } from '../language/tokenize.js';
import { defaultLanguage } from '../loader.js';
import { defaultEligibility, type EligibilityContent } from './loader.js';

interface Match {
  readonly field: Field;
  readonly value: FieldValue;
  readonly start: number;
  readonly length: number;
  /** matched through a place name rather than a country word */
  readonly place?: boolean;
}

/** A number written in digits or words at position i ("45", "forty five", "a dozen", "a hundred"). */
export function numberAt(words: readonly string[], i: number, language: Language = defaultLanguage()): { value: number; length: number } | undefined {
  const w = words[i];
  if (w === undefined) return undefined;
  if (/^\d{1,6}$/.test(w)) return { value: Number(w), length: 1 };
  if ((w === 'a' || w === 'one') && words[i + 1] === 'dozen') return { value: 12, length: 2 };
  if (w === 'dozen') return { value: 12, length: 1 };
  let value = 0;
  let length = 0;
  const unit = w === 'a' && words[i + 1] === 'hundred' ? 1 : language.unit(w);
  const ten = language.ten(w);
  if (ten !== undefined) {
    value = ten;
    length = 1;
    const next = language.unit(words[i + 1] ?? '');
    if (next !== undefined && next > 0 && next < 10) {
      value += next;
      length = 2;
    }
  } else if (unit !== undefined) {
    value = unit;
    length = 1;
  } else return undefined;
  if (words[i + length] === 'hundred') {
    value *= 100;
    length += 1;
    const rest = words[i + length] === 'and' ? numberAt(words, i + length + 1, language) : undefined;
    if (rest && rest.value < 100) {
      value += rest.value;
      length += rest.length + 1;
    }
  }
  return { value, length };
}

function endsWithAny(words: readonly string[], end: number, options: readonly (readonly string[])[]): boolean {
  return options.some((o) => o.length <= end && standsAt(words, end - o.length, o));
}

/** Reads facts from free text with a content's vocabulary. */
export class FactReader {
  private readonly index = new Map<string, { words: string[]; field: Field; value: FieldValue; place: boolean }[]>();
  private readonly negators: string[][];
  private readonly context = new Map<Field, string[][]>();
  private readonly siteWords: Set<string>;
  /** words around a number of sites, from content/language.yaml */
  private readonly sitesAround: SiteWords;

  constructor(
    private readonly content: EligibilityContent,
    private readonly language: Language = defaultLanguage(),
  ) {
    this.sitesAround = language.sites;
    for (const [field, values] of Object.entries(content.vocabulary)) {
      if (!isField(field)) continue;
      for (const [value, phrases] of Object.entries(values)) {
        const typed: FieldValue = FIELDS[field].kind === 'boolean' ? value === 'true' : value;
        for (const p of phrases) this.add(phraseWords(p), field, typed, false);
      }
    }
    for (const [country, phrases] of Object.entries(content.places)) {
      for (const p of phrases) this.add(phraseWords(p), 'country', country, true);
    }
    this.negators = content.words.negators.map(phraseWords);
    for (const [field, words] of Object.entries(content.context)) {
      if (isField(field)) this.context.set(field, words.map(phraseWords));
    }
    this.siteWords = new Set(content.siteWords.flatMap(phraseWords));
  }

  private add(words: string[], field: Field, value: FieldValue, place: boolean) {
    const first = words[0];
    if (!first) return;
    const list = this.index.get(first) ?? [];
    list.push({ words, field, value, place });
    list.sort((a, b) => b.words.length - a.words.length);
    this.index.set(first, list);
  }

  /**
   * Facts stated in the text. With `focus`, the text answers a question about those fields: their context words
   * are not required and a bare number counts as the number of sites.
   */
  read(text: string, focus: readonly Field[] = []): Answers {
    return this.readTokens(tokenize(text.slice(0, 2000)), focus);
  }

  /**
   * Every value the text states for one field, in order, each once, leaving out the ones it denies ("we're not in
   * Scotland"): a text naming two nations ("we moved from Wales to Bristol") says more than `read`'s single pick.
   * With `denied`, only the ones it denies.
   */
  mentions(text: string, field: Field, { denied = false } = {}): FieldValue[] {
    const { words } = tokenize(text.slice(0, 2000));
    const out: FieldValue[] = [];
    for (const m of this.phraseMatches(words)) {
      if (m.field !== field || out.includes(m.value) || this.negated(words, m.start) !== denied) continue;
      out.push(m.value);
    }
    return out;
  }

  /** `read` for text already split by `tokenize`. */
  readTokens({ words, raw }: Tokens, focus: readonly Field[] = []): Answers {
    const byField = new Map<Field, Match[]>();
    for (const m of this.phraseMatches(words)) {
      if (!focus.includes(m.field) && !this.inContext(m.field, words)) continue;
      byField.set(m.field, [...(byField.get(m.field) ?? []), m]);
    }
    // an organisation named as another party, doing something to "us", is not the writer's when the writer's is named
    // too ("the gp surgery is fed up w us ringing ... how does a community pharmacy sign up"); named alone, it may be the
    // writer's employer ("the home wants us all on nhsmail")
    // (each kept only while some other kind named is left: `keep` narrows the kinds when they differ)
    const narrow = (keep: (m: Match) => boolean) => {
      const kinds = byField.get('orgType');
      const kept = kinds?.filter(keep);
      if (kinds && kept?.length && kept.length < kinds.length && new Set(kinds.map((m) => m.value)).size > 1) byField.set('orgType', kept);
    };
    narrow((m) => !otherParty(words, m));
    // ...nor one the writer says they were ("used to be RM at a care home but now practising as an independent midwife"),
    // when another is named as what they are
    narrow((m) => !pastTense(words, m));
    const best = new Map<Field, Match>();
    for (const [field, found] of byField) best.set(field, this.choose(field, found, words));
    // a workplace already on NHSmail is where the account comes from, whatever kind of organisation it is also named
    // ("i work in admin at a hospice that already uses nhsmail": its own organisation sets staff up)
    const onAlready = byField.get('orgType')?.find((m) => m.value === 'nhs-staff' && words.slice(m.start, m.start + m.length).includes('already'));
    if (onAlready) best.set('orgType', onAlready);
    const out: Record<string, FieldValue> = {};
    for (const [field, m] of best) out[field] = m.value;

    const sites = this.sites(words, raw, focus.includes('sites'));
    if (sites !== undefined) out.sites = sites;

    // What follows from what was said.
    if (out.london === true && out.country === undefined) out.country = 'england';
    const countryMatch = best.get('country');
    if (out.london === undefined && out.country === 'england' && countryMatch?.place) out.london = false;
    if (out.orgType === 'pharmacy' && out.pharmacyKind === undefined && typeof out.sites === 'number') {
      out.pharmacyKind = out.sites > 1 ? 'multiple' : 'single';
    }
    return out as Answers;
  }

  private contextStarts(field: Field, words: readonly string[]): number[] {
    const needed = this.context.get(field) ?? [];
    const starts: number[] = [];
    words.forEach((_, i) => {
      if (needed.some((p) => standsAt(words, i, p))) starts.push(i);
    });
    return starts;
  }

  private inContext(field: Field, words: readonly string[]): boolean {
    return !this.context.has(field) || this.contextStarts(field, words).length > 0;
  }

  /**
   * One value per field. Overlapping phrases are one mention, and the longest reading of it wins ("the commissioner
   * does not require"). Between mentions: the one nearest a context word ("DSPT ... approaching"), else the first,
   * since people say what they are first.
   */
  private choose(field: Field, found: Match[], words: readonly string[]): Match {
    const sorted = [...found].sort((a, b) => a.start - b.start || b.length - a.length);
    const mentions: Match[] = [];
    let end = -1;
    for (const m of sorted) {
      const last = mentions[mentions.length - 1];
      if (last && m.start < end) {
        if (m.length > last.length) mentions[mentions.length - 1] = m;
      } else mentions.push(m);
      end = Math.max(end, m.start + m.length);
    }
    const anchors = this.content.nearContext.includes(field) ? this.contextStarts(field, words) : [];
    if (!anchors.length) return mentions[0] as Match;
    const distance = (m: Match) =>
      Math.min(
        ...anchors.map((a) => {
          const [from, to] = a < m.start ? [a, m.start] : [m.start + m.length, a];
          const breaks = words.slice(from, to).filter((w) => w === BREAK).length;
          return Math.abs(to - from) + 10 * breaks;
        }),
      );
    return mentions.reduce((a, b) => (distance(b) < distance(a) ? b : a));
  }

  private phraseMatches(words: readonly string[]): Match[] {
    const out: Match[] = [];
    for (let i = 0; i < words.length; i++) {
      for (const p of this.index.get(words[i] as string) ?? []) {
        if (!standsAt(words, i, p.words)) continue;
        let value = p.value;
        if (value === true && this.negated(words, i, out)) value = false;
        out.push({ field: p.field, value, start: i, length: p.words.length, place: p.place });
      }
    }
    return out;
  }

  /**
   * A negator within the four words before position i, in the same clause ("we have no IT team"), that no fact named
   * between them has taken already ("not cqc registered commissioner wants nhsmail": the "not" is the CQC's), unless
   * "or" carries it on ("we don't have the dspt or an it team": four words further back for each "or" on the way).
   */
  private negated(words: readonly string[], i: number, before: readonly Match[] = []): boolean {
    let reach = 4;
    for (let j = i - 1; j >= Math.max(0, i - reach); j--) {
      if (words[j] === 'or' || words[j] === 'nor') reach += 4;
      if (words[j] === BREAK) return false;
      for (const n of this.negators) {
        if (!standsAt(words, j, n) || j + n.length > i || words[j + n.length] === 'sure') continue;
        const carried = (m: Match) => words.slice(m.start + m.length, i).some((w) => w === 'or' || w === 'nor');
        return !before.some((m) => m.start >= j + n.length && m.start < i && !carried(m));
      }
    }
    return false;
  }

  /** The number of sites, from "3 care homes", "a group of 45", "over 30 practices", "a dental practice". */
  private sites(words: readonly string[], raw: readonly string[], focused: boolean): number | undefined {
    const { more, fewer, groupOf, notSites, collective, single, forWhom } = this.sitesAround;
    const adjust = (value: number, at: number) => {
      if (endsWithAny(words, at, more)) return value + 1;
      if (endsWithAny(words, at, fewer)) return Math.max(1, value - 1);
      return value;
    };
    const valid = (n: number) => (n >= 1 && n <= MAX_SITES ? n : undefined);
    let bare: number | undefined;
    for (let i = 0; i < words.length; i++) {
      const num = numberAt(words, i, this.language);
      if (!num) continue;
      const after = i + num.length;
      // ("registered 4 our home": "for", typed in text speak)
      if (forWhom.has(words[after] ?? '')) continue;
      for (let k = after; k < Math.min(words.length, after + 3); k++) {
        const w = words[k] as string;
        if (w === BREAK || notSites.has(w)) break;
        if (this.siteWords.has(w)) return valid(adjust(num.value, i));
      }
      if (groupOf.has(words[i - 2] ?? '') && words[i - 1] === 'of') return valid(num.value);
      if (focused && bare === undefined && !notSites.has(words[after] ?? '')) bare = valid(adjust(num.value, i));
    }
    if (bare !== undefined) return bare;
    // "a care home", "our dental practice", "a single site": one, unless it names a group ("a care home group")
    for (let i = 0; i < words.length; i++) {
      if (!single.has(words[i] as string)) continue;
      for (let k = i + 1; k <= Math.min(words.length - 1, i + 4); k++) {
        const w = words[k] as string;
        if (w === BREAK || notSites.has(w) || numberAt(words, k, this.language)) break;
        if (this.siteWords.has(w)) {
          const typedSingular = !(raw[k] ?? '').endsWith('s');
          const following = words[k + 1] ?? '';
          if (typedSingular && !collective.has(following) && !this.siteWords.has(following)) return 1;
          break;
        }
      }
    }
    return undefined;
  }
}

/** most words from an organisation named as another party to the "us" it does something to */
const OTHER_PARTY_REACH = 6;

/** Whether a mention names "the" organisation that, in its clause, does something to "us" ("the gp surgery wants us on nhs.net"). */
function otherParty(words: readonly string[], m: Match): boolean {
  if (words[m.start - 1] !== 'the') return false;
  const after = words.slice(m.start + m.length, m.start + m.length + OTHER_PARTY_REACH);
  const end = after.indexOf(BREAK);
  return (end < 0 ? after : after.slice(0, end)).includes('us');
}

/** words saying what follows is what the writer was, not is ("used to be", "previously"), and how far back they may stand */
const PAST: readonly (readonly string[])[] = [['used', 'to'], ['previously'], ['formerly'], ['until', 'recently'], ['i', 'was'], ['we', 'were'], ['ex']];
const PAST_REACH = 8;

/** Whether a mention comes after words saying the writer was it, in the same clause ("used to be RM at a care home"). */
function pastTense(words: readonly string[], m: Match): boolean {
  for (let j = m.start - 1; j >= Math.max(0, m.start - PAST_REACH); j--) {
    if (words[j] === BREAK || words[j] === 'now') return false;
    if (PAST.some((p) => p.every((w, k) => words[j + k] === w) && j + p.length <= m.start)) return true;
  }
  return false;
}

const readers = new WeakMap<EligibilityContent, FactReader>();
/** The (cached) reader for a content set. */
export function factReader(content: EligibilityContent = defaultEligibility()): FactReader {
  let r = readers.get(content);
  if (!r) readers.set(content, (r = new FactReader(content)));
  return r;
}

/** Facts stated in free text: organisation type, sites, country, CQC, DSPT, IT, sponsor, commissioner, London... */
export function extractFacts(text: string, content: EligibilityContent = defaultEligibility()): Answers {
  return factReader(content).read(text);
}
