// The one way a zod problem is put into words (an HTTP answer, a setting, a content file): which field, and what is wrong in words a person can act on.
import type { z } from 'zod';

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/** zod's own English ("Invalid input: expected string...", "Too big: ..."), which a schema's own message replaces. */
const ZOD_DEFAULT = /^(Invalid|Too big|Too small)\b/;

/** What is wrong with a field: the schema's own message when it gave one, else zod's problem in plain words. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : issue.input === null ? `must be ${article(issue.expected)}, not null` : `must be ${article(issue.expected)}`;
    case 'too_big':
      return issue.origin === 'array' ? `has more than ${issue.maximum} items` : issue.origin === 'string' ? `is longer than ${issue.maximum} characters` : `must be at most ${issue.maximum}`;
    case 'too_small':
      return issue.origin === 'number' ? `must be at least ${issue.minimum}` : 'must not be empty';
    case 'invalid_format':
      return 'is not in the expected format';
    default:
      return issue.message;
  }
}

/** The first problem of a failed parse: the dotted path of the field ('' for the whole value) and what is wrong. */
export function firstIssue(error: z.ZodError): { field: string; problem: string } {
  const issue = error.issues[0];
  return issue ? { field: issue.path.join('.'), problem: describeIssue(issue) } : { field: '', problem: 'is invalid' };
}
