// The eligibility decision: ordered rules over the answers so far give either the route or the one question still needed.
import { FIELD_NAMES, type Answers, type Field, type FieldValue } from './answers.js';
import { comparisonReasonKeys, defaultEligibility, questionFields, valueReasonKey, type EligibilityContent } from './loader.js';
import type { Comparison, ConditionValue, Question } from './schema.js';

/** One answer that decided the outcome, as a reply key with its values. */
export interface Reason {
  readonly field: Field;
  readonly key: string;
  readonly vars: Readonly<Record<string, string | number>>;
}

export interface Outcome {
  readonly kind: 'outcome';
  readonly route: string;
  /** false when the outcome is "not yet" (DSPT first) or "not this service" (outside England) */
  readonly eligible: boolean;
  /** reply key for the line above the title */
  readonly heading: string;
  readonly title: string;
  readonly reasons: readonly Reason[];
  /** checklist items: id and reply key */
  readonly checklist: readonly { readonly id: string; readonly key: string }[];
  readonly nextStep: { readonly key: string; readonly link?: { readonly url: string; readonly label: string } };
  /** reply keys: who administers the accounts, then what follows */
  readonly afterwards: readonly string[];
}

export interface Ask {
  readonly kind: 'ask';
  readonly question: Question;
  /** the fact the rules need next */
  readonly field: Field;
}

export type Decision = Outcome | Ask;

function isComparison(c: ConditionValue): c is Comparison {
  return typeof c === 'object' && !Array.isArray(c);
}

function compare(value: number, c: Comparison): { holds: boolean; limit: number } {
  if (c.gt !== undefined) return { holds: value > c.gt, limit: c.gt };
  if (c.gte !== undefined) return { holds: value >= c.gte, limit: c.gte };
  if (c.lt !== undefined) return { holds: value < c.lt, limit: c.lt };
  return { holds: value <= (c.lte as number), limit: c.lte as number };
}

/** true / false, or undefined while the field is unanswered. */
function holds(expected: ConditionValue, value: FieldValue | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (isComparison(expected)) return typeof value === 'number' && compare(value, expected).holds;
  if (Array.isArray(expected)) return expected.includes(value as string);
  return expected === value;
}

function reasonFor(field: Field, expected: ConditionValue, value: FieldValue): Reason {
  if (isComparison(expected) && typeof value === 'number') {
    const { holds: ok, limit } = compare(value, expected);
    const keys = comparisonReasonKeys(field, expected);
    return { field, key: ok ? keys.true : keys.false, vars: { n: value, limit } };
  }
  return { field, key: valueReasonKey(field, value as string | boolean), vars: {} };
}

/** Whether every condition holds with what is known now (unknown counts as not holding). */
export function conditionsHold(when: Partial<Record<Field, ConditionValue>> | undefined, answers: Answers): boolean {
  return Object.entries(when ?? {}).every(([f, expected]) => holds(expected as ConditionValue, answers[f as Field]) === true);
}

/** The question to ask for a field: one that applies now, preferring one whose facts are all still unknown. */
export function questionFor(field: Field, answers: Answers, content: EligibilityContent): Question | undefined {
  const candidates = content.questions.filter((q) => questionFields(q).includes(field) && conditionsHold(q.when, answers));
  return candidates.find((q) => questionFields(q).every((f) => answers[f] === undefined)) ?? candidates[0];
}

/**
 * Walks the rules in order. A rule that a known answer contradicts is skipped, and that answer is kept as a reason
 * (reasons are listed in the order of the fields, one per field);
 * the first rule whose conditions all hold is the outcome; the first rule still open asks for its first unknown fact.
 */
export function decide(answers: Answers, content: EligibilityContent = defaultEligibility()): Decision {
  const reasons = new Map<Field, Reason>();
  const keep = (r: Reason) => {
    if (!reasons.has(r.field)) reasons.set(r.field, r);
  };
  for (const rule of content.rules) {
    const conditions = Object.entries(rule.when) as [Field, ConditionValue][];
    const unknown: Field[] = [];
    let contradicted = false;
    for (const [field, expected] of conditions) {
      const value = answers[field];
      const result = holds(expected, value);
      if (result === undefined) unknown.push(field);
      else if (!result) {
        keep(reasonFor(field, expected, value as FieldValue));
        contradicted = true;
        break;
      }
    }
    if (contradicted) continue;
    if (unknown.length) {
      if (rule.onlyWhenKnown) continue;
      for (const field of unknown) {
        const question = questionFor(field, answers, content);
        if (question) return { kind: 'ask', question, field };
      }
      continue;
    }
    for (const [field, expected] of conditions) keep(reasonFor(field, expected, answers[field] as FieldValue));
    const route = content.routes.get(rule.route);
    if (!route) throw new Error(`eligibility rule names unknown route "${rule.route}"`);
    return {
      kind: 'outcome',
      route: route.id,
      eligible: route.eligible,
      heading: route.heading ?? (route.eligible ? 'eligibility.outcome.heading' : 'eligibility.outcome.headingNotYet'),
      title: route.title,
      reasons: [...reasons.values()].sort((a, b) => FIELD_NAMES.indexOf(a.field) - FIELD_NAMES.indexOf(b.field)),
      checklist: route.checklist.map((id) => ({ id, key: content.checklist.get(id) as string })),
      nextStep: { key: route.next, ...(route.link ? { link: route.link } : {}) },
      afterwards: [route.admin, ...route.after],
    };
  }
  throw new Error('eligibility rules ended without a catch-all rule');
}
