// Loads content/eligibility.yaml and cross-checks it: every route, checklist item, field and reply key it names exists.
import path from 'node:path';
import { ContentError, readYaml } from '../loader.js';
import { CONTENT_DIR } from '../../lib/paths.js';
import { Replies } from '../replies.js';
import { RepliesSchema } from '../schema.js';
import { FIELDS, isField, keyPart, type Field } from './answers.js';
import { EligibilityFileSchema, type Comparison, type EligibilityFile, type Question, type Route, type Rule } from './schema.js';

export interface EligibilityContent {
  readonly words: EligibilityFile['words'];
  readonly vocabulary: EligibilityFile['vocabulary'];
  readonly places: EligibilityFile['places'];
  readonly context: EligibilityFile['context'];
  readonly vague: EligibilityFile['vague'];
  readonly nearContext: readonly Field[];
  readonly siteWords: readonly string[];
  readonly detection: EligibilityFile['detection'];
  readonly questions: readonly Question[];
  readonly questionById: ReadonlyMap<string, Question>;
  readonly routes: ReadonlyMap<string, Route>;
  readonly rules: readonly Rule[];
  /** checklist item id -> reply key */
  readonly checklist: ReadonlyMap<string, string>;
}

/** The fields a question records an answer for. */
export function questionFields(q: Question): Field[] {
  if (q.kind !== 'choice') return isField(q.field) ? [q.field] : [];
  return [...new Set(q.choices.flatMap((c) => Object.keys(c.set)))].filter(isField);
}

/** Reply keys a numeric condition shows as the reason, when it holds and when it does not. */
export function comparisonReasonKeys(field: Field, c: Comparison): { true: string; false: string } {
  if (c.reasons) return c.reasons;
  const [op, n] = Object.entries(c).find(([k, v]) => k !== 'reasons' && v !== undefined) as [string, number];
  const name = `${op}${n}`;
  return {
    true: `eligibility.reason.${field}.${name}`,
    false: `eligibility.reason.${field}.not${name[0]?.toUpperCase()}${name.slice(1)}`,
  };
}

/** Reply key for the reason an enum or yes/no answer gives. */
export function valueReasonKey(field: Field, value: string | boolean): string {
  return `eligibility.reason.${field}.${keyPart(value)}`;
}

const FILE = 'eligibility.yaml';

/** Problems between parts of valid-shaped content: unknown routes, items, fields and reply keys, a missing catch-all. */
export function checkEligibilityContent(data: EligibilityFile, replies: Replies): string[] {
  const problems: string[] = [];
  crossCheck(data, replies, problems);
  return problems;
}

function crossCheck(data: EligibilityFile, replies: Replies, problems: string[]): void {
  const at = (where: string, msg: string) => problems.push(`${FILE}: ${where}: ${msg}`);
  const needKey = (where: string, key: string) => {
    if (!replies.has(key)) at(where, `reply key "${key}" is missing from replies.yaml`);
  };
  const unique = (what: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const i of ids) {
      if (seen.has(i)) at(what, `duplicate id "${i}"`);
      seen.add(i);
    }
  };
  unique('questions', data.questions.map((q) => q.id));
  unique('routes', data.routes.map((r) => r.id));
  unique('checklist', data.checklist.map((c) => c.id));

  for (const [field, values] of Object.entries(data.vocabulary)) {
    if (!isField(field)) {
      at(`vocabulary.${field}`, `unknown field "${field}"`);
      continue;
    }
    const spec = FIELDS[field];
    const allowed = spec.kind === 'enum' ? spec.values : spec.kind === 'boolean' ? ['true', 'false'] : [];
    for (const v of Object.keys(values)) {
      if (!allowed.includes(v)) at(`vocabulary.${field}.${v}`, `not a value of ${field} (${allowed.join(', ') || 'numbers have no vocabulary'})`);
    }
  }
  for (const country of Object.keys(data.places)) {
    if (!(FIELDS.country.kind === 'enum' && FIELDS.country.values.includes(country))) at(`places.${country}`, 'not a country value');
  }
  for (const field of Object.keys(data.context)) if (!isField(field)) at(`context.${field}`, `unknown field "${field}"`);
  for (const field of data.nearContext) if (!(field in data.context)) at(`nearContext.${field}`, `"${field}" has no context words`);
  for (const [field, v] of Object.entries(data.vague)) {
    if (!isField(field)) at(`vague.${field}`, `unknown field "${field}"`);
    needKey(`vague.${field}.reply`, v.reply);
  }

  const asked = new Set<Field>();
  for (const q of data.questions) {
    const where = `questions (${q.id})`;
    needKey(`${where}.prompt`, q.prompt);
    needKey(`${where}.unsure`, q.unsure);
    if (q.unsureValue && !q.assume) at(`${where}.assume`, 'a question with an unsureValue must say what it assumes (assume)');
    if (q.assume) needKey(`${where}.assume`, q.assume);
    if (q.assume && !q.unsureValue) at(`${where}.unsureValue`, 'assume needs the unsureValue it describes');
    if (q.kind === 'number' && q.hint) needKey(`${where}.hint`, q.hint);
    if (q.kind !== 'choice') {
      if (!isField(q.field)) at(`${where}.field`, `unknown field "${q.field}"`);
      else if (FIELDS[q.field].kind !== (q.kind === 'yesNo' ? 'boolean' : 'number')) at(`${where}.field`, `${q.field} cannot be asked as ${q.kind}`);
    } else {
      q.choices.forEach((c, i) => needKey(`${where}.choices[${i}].label`, c.label));
    }
    for (const f of questionFields(q)) asked.add(f);
  }
  needKey('(yes/no questions)', 'eligibility.choice.yes');
  needKey('(yes/no questions)', 'eligibility.choice.no');

  const checklistIds = new Set(data.checklist.map((c) => c.id));
  for (const c of data.checklist) needKey(`checklist (${c.id}).text`, c.text);
  const usedChecklist = new Set<string>();
  for (const r of data.routes) {
    const where = `routes (${r.id})`;
    for (const k of [r.title, r.next, r.admin, ...r.after, ...(r.link ? [r.link.label] : []), ...(r.heading ? [r.heading] : [])]) needKey(where, k);
    for (const c of r.checklist) {
      usedChecklist.add(c);
      if (!checklistIds.has(c)) at(`${where}.checklist`, `unknown checklist item "${c}"`);
    }
  }
  for (const c of checklistIds) if (!usedChecklist.has(c)) at(`checklist (${c})`, 'not used by any route');

  const routeIds = new Set(data.routes.map((r) => r.id));
  const reached = new Set<string>();
  data.rules.forEach((rule, i) => {
    const where = `rules[${i}] (${rule.route})`;
    reached.add(rule.route);
    if (!routeIds.has(rule.route)) at(`${where}.route`, `unknown route "${rule.route}"`);
    for (const [field, expected] of Object.entries(rule.when)) {
      if (!isField(field)) continue; // reported by the schema
      if (!rule.onlyWhenKnown && !asked.has(field)) at(`${where}.when.${field}`, `no question asks for ${field}`);
      if (typeof expected === 'object' && !Array.isArray(expected)) {
        const keys = comparisonReasonKeys(field, expected);
        needKey(`${where}.when.${field}`, keys.true);
        needKey(`${where}.when.${field}`, keys.false);
      } else {
        const spec = FIELDS[field];
        const values = spec.kind === 'enum' ? spec.values : [true, false];
        for (const v of values) needKey(`${where}.when.${field}`, valueReasonKey(field, v));
      }
    }
  });
  for (const r of routeIds) if (!reached.has(r)) at(`routes (${r})`, 'no rule leads to this route');
  const last = data.rules[data.rules.length - 1];
  if (last && (Object.keys(last.when).length || last.onlyWhenKnown)) at(`rules[${data.rules.length - 1}]`, 'the last rule must have no conditions, so every journey ends');
}

/** Loads the eligibility rules; replies default to the replies.yaml in the same folder. */
export function loadEligibility(dir: string = CONTENT_DIR, replies?: Replies): EligibilityContent {
  const problems: string[] = [];
  const data = readYaml(path.join(dir, FILE), EligibilityFileSchema, problems);
  let texts = replies;
  if (!texts) {
    const r = readYaml(path.join(dir, 'replies.yaml'), RepliesSchema, problems);
    if (r) texts = new Replies(r.replies);
  }
  if (data && texts) crossCheck(data, texts, problems);
  if (problems.length || !data) throw new ContentError(problems);
  return Object.freeze({
    words: data.words,
    vocabulary: data.vocabulary,
    places: data.places,
    context: data.context,
    vague: data.vague,
    nearContext: data.nearContext.filter(isField),
    siteWords: data.siteWords,
    detection: data.detection,
    questions: data.questions,
    questionById: new Map(data.questions.map((q) => [q.id, q])),
    routes: new Map(data.routes.map((r) => [r.id, r])),
    rules: data.rules,
    checklist: new Map(data.checklist.map((c) => [c.id, c.text])),
  });
}

let cached: EligibilityContent | undefined;
/** The project's own eligibility content, loaded once. */
export function defaultEligibility(): EligibilityContent {
  cached ??= loadEligibility();
  return cached;
}
