// The shape of content/eligibility.yaml: questions, the words people type, routes and ordered rules, all as data.
import { z } from 'zod';
import { checkFieldValue, FIELDS, isField, type Field } from './answers.js';

const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case id');
const replyKey = z.string().regex(/^eligibility\.[a-zA-Z0-9.]+$/, 'expected a reply key starting "eligibility."');
const phrase = z.string().trim().min(1).max(80);
const phrases = z.array(phrase).min(1);

const Comparison = z
  .strictObject({
    gt: z.number().int().optional(),
    gte: z.number().int().optional(),
    lt: z.number().int().optional(),
    lte: z.number().int().optional(),
    /** reply keys for the reason shown when the comparison holds / does not hold */
    reasons: z.strictObject({ true: replyKey, false: replyKey }).optional(),
  })
  .refine((c) => [c.gt, c.gte, c.lt, c.lte].filter((v) => v !== undefined).length === 1, 'give exactly one of gt, gte, lt, lte');
export type Comparison = z.infer<typeof Comparison>;

const ConditionValue = z.union([z.string(), z.boolean(), z.array(z.string()).min(1), Comparison]);
export type ConditionValue = z.infer<typeof ConditionValue>;

/** field -> required value, list of accepted values, or a numeric comparison; every entry must hold. */
const Conditions = z.record(z.string(), ConditionValue).superRefine((when, ctx) => {
  for (const [field, expected] of Object.entries(when)) {
    if (!isField(field)) {
      ctx.addIssue({ code: 'custom', path: [field], message: `unknown field "${field}"` });
      continue;
    }
    const spec = FIELDS[field];
    const values = Array.isArray(expected) ? expected : typeof expected === 'object' ? undefined : [expected];
    if (spec.kind === 'number') {
      if (values) ctx.addIssue({ code: 'custom', path: [field], message: `${field} needs a comparison such as { gt: 30 }` });
    } else if (!values) {
      ctx.addIssue({ code: 'custom', path: [field], message: `${field} cannot be compared with gt/lt` });
    } else {
      for (const v of values) {
        const problem = checkFieldValue(field, v);
        if (problem) ctx.addIssue({ code: 'custom', path: [field], message: problem });
      }
    }
  }
});
export type Conditions = Partial<Record<Field, ConditionValue>>;

const Answer = z.record(z.string(), z.union([z.string(), z.boolean(), z.number()])).superRefine((set, ctx) => {
  for (const [field, value] of Object.entries(set)) {
    const problem = isField(field) ? checkFieldValue(field, value) : `unknown field "${field}"`;
    if (problem) ctx.addIssue({ code: 'custom', path: [field], message: problem });
  }
});

const Choice = z.strictObject({
  label: replyKey,
  /** the facts this choice records */
  set: Answer,
  /** extra words that pick this choice, besides the label and the field vocabulary */
  synonyms: z.array(phrase).default([]),
});

const QuestionBase = {
  id,
  prompt: replyKey,
  /** shown, with the question again, when the user says "not sure" */
  unsure: replyKey,
  /** recorded on a second "not sure", so the check can still finish: the safest assumption */
  unsureValue: Answer.optional(),
  /** said when unsureValue is recorded, and listed in the outcome as a thing to check */
  assume: replyKey.optional(),
  /** words that name this question in "change my answer about sites" */
  names: z.array(phrase).default([]),
  /** asked only when these already hold */
  when: Conditions.optional(),
};

export const QuestionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...QuestionBase, kind: z.literal('choice'), choices: z.array(Choice).min(2).max(10) }),
  z.strictObject({ ...QuestionBase, kind: z.literal('yesNo'), field: z.string() }),
  z.strictObject({ ...QuestionBase, kind: z.literal('number'), field: z.string(), hint: replyKey.optional() }),
]);
export type Question = z.infer<typeof QuestionSchema>;

const Link = z.strictObject({ url: z.url({ protocol: /^https$/ }), label: replyKey });

export const RouteSchema = z.strictObject({
  id,
  /** false for the outcomes that are not (yet) a way in: DSPT first, outside England */
  eligible: z.boolean(),
  /** the line above the title; by default "your way to NHSmail", or "not yet" for a route that is not eligible */
  heading: replyKey.optional(),
  title: replyKey,
  next: replyKey,
  link: Link.optional(),
  /** who looks after the accounts afterwards */
  admin: replyKey,
  checklist: z.array(id).default([]),
  after: z.array(replyKey).default([]),
});
export type Route = z.infer<typeof RouteSchema>;

export const RuleSchema = z.strictObject({
  route: id,
  when: Conditions.default({}),
  /** applies only when its facts are already known; never causes a question */
  onlyWhenKnown: z.boolean().default(false),
});
export type Rule = z.infer<typeof RuleSchema>;

/** value -> phrases, per field; booleans use the keys "true" and "false". */
const Vocabulary = z.record(z.string(), z.record(z.string(), phrases));

export const EligibilityFileSchema = z.strictObject({
  version: z.literal(1),
  words: z.strictObject({
    yes: phrases,
    no: phrases,
    unsure: phrases,
    back: phrases,
    /** shows the last outcome in full again, after the one-line route that followed an answer */
    showRoute: phrases,
    /** words that turn "we have an IT team" into "we have no IT team" when they come just before it */
    negators: phrases,
    /** words that mark a message as correcting an earlier answer ("actually", "wait", "I meant") */
    correction: phrases,
    /** "change my answer about ...": followed by a question's name, reopens that question */
    change: phrases,
  }),
  /** answers too vague to pick a choice ("UK" for the country): field -> the reply key that asks for more, and its phrases */
  vague: z.record(z.string(), z.strictObject({ reply: replyKey, phrases })).default({}),
  vocabulary: Vocabulary,
  /** English, Scottish, Welsh and Northern Irish places, so "in Leeds" answers the country question */
  places: z.record(z.string(), phrases),
  /** in an opening message, these fields are read only if one of their context words appears too */
  context: z.record(z.string(), phrases).default({}),
  /** fields whose value is the mention nearest a context word ("we haven't registered, but the DSPT is approaching") */
  nearContext: z.array(z.string()).default([]),
  /** words that name a site (home, branch, practice...), so "3 homes" counts sites */
  siteWords: phrases,
  /** how free text starts the check: a request phrase, or an opening that states facts and is about nothing else */
  detection: z.strictObject({ triggers: phrases, bareTriggers: phrases, detailQuestions: phrases, detailMarkers: phrases, eligibilityWords: phrases, otherTopics: phrases, joiningWords: phrases, lacks: phrases.default([]), waysAsked: phrases.default([]), detailThings: phrases.default([]), joinVerbs: phrases.default([]) }),
  questions: z.array(QuestionSchema).min(1),
  checklist: z.array(z.strictObject({ id, text: replyKey })).min(1),
  routes: z.array(RouteSchema).min(1),
  rules: z.array(RuleSchema).min(1),
});
export type EligibilityFile = z.infer<typeof EligibilityFileSchema>;
