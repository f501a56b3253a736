// The one zod-issue formatter: a schema's own message stands, zod's default English becomes words a caller can act on.
import { expect } from 'chai';
import { z } from 'zod';
import { firstIssue } from '../../lib/zodIssues.js';

const Schema = z.object({
  name: z.string().max(5),
  tags: z.array(z.string()).max(1).optional(),
  count: z.number().min(1).max(9).optional(),
  code: z.string().regex(/^[a-z]+$/).optional(),
  ascii: z.string().regex(/^[a-z]+$/, 'must be lower-case letters').optional(),
  nested: z.object({ id: z.string().min(1) }).optional(),
  kind: z.enum(['a', 'b'], { error: 'kind must be a or b' }).optional(),
});

const cases: [string, unknown, { field: string; problem: string }][] = [
  ['a missing field', {}, { field: 'name', problem: 'is required' }],
  ['a null', { name: null }, { field: 'name', problem: 'must be a string, not null' }],
  ['a wrong type', { name: 3 }, { field: 'name', problem: 'must be a string' }],
  ['a long string', { name: 'abcdefg' }, { field: 'name', problem: 'is longer than 5 characters' }],
  ['a long list', { name: 'a', tags: ['x', 'y'] }, { field: 'tags', problem: 'has more than 1 items' }],
  ['a big number', { name: 'a', count: 10 }, { field: 'count', problem: 'must be at most 9' }],
  ['a small number', { name: 'a', count: 0 }, { field: 'count', problem: 'must be at least 1' }],
  ['an empty string', { name: 'a', nested: { id: '' } }, { field: 'nested.id', problem: 'must not be empty' }],
  ['a bad format', { name: 'a', code: 'A1' }, { field: 'code', problem: 'is not in the expected format' }],
  ["the schema's own words", { name: 'a', ascii: 'A1' }, { field: 'ascii', problem: 'must be lower-case letters' }],
  ["the schema's own words for an enum", { name: 'a', kind: 'c' }, { field: 'kind', problem: 'kind must be a or b' }],
];

describe('bot/http/zodIssues: firstIssue', () => {
  for (const [name, input, expected] of cases) {
    it(`words ${name}`, () => {
      const parsed = Schema.safeParse(input, { reportInput: true });
      expect(parsed.success).to.equal(false);
      expect(firstIssue(parsed.error!)).to.deep.equal(expected);
    });
  }

  it('names no field for a problem with the whole value', () => {
    expect(firstIssue(Schema.safeParse('text', { reportInput: true }).error!).field).to.equal('');
  });
});
