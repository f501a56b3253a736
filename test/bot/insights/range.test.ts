// The insights date range: real days, in order, at most 400 days, the last 30 days when none is given.
import { expect } from 'chai';
import { MAX_RANGE_DAYS, daysIn, parseRange } from '../../../bot/insights/range.js';

const NOW = new Date('2026-11-30T07:55:00Z');

describe('insights date range', () => {
  const good: [string, Record<string, unknown>, { from: string; to: string }][] = [
    ['no dates: the last 30 days, today included', {}, { from: '2026-11-01', to: '2026-11-30' }],
    ['both dates', { from: '2026-01-01', to: '2026-01-31' }, { from: '2026-01-01', to: '2026-01-31' }],
    ['one day', { from: '2026-02-28', to: '2026-02-28' }, { from: '2026-02-28', to: '2026-02-28' }],
    ['only to: the 30 days up to it', { to: '2026-03-31' }, { from: '2026-03-02', to: '2026-03-31' }],
    ['only from: from then to today', { from: '2026-11-20' }, { from: '2026-11-20', to: '2026-11-30' }],
    ['exactly the longest range', { from: '2025-10-27', to: '2026-11-30' }, { from: '2025-10-27', to: '2026-11-30' }],
    ['a leap day', { from: '2024-02-29', to: '2024-03-01' }, { from: '2024-02-29', to: '2024-03-01' }],
  ];
  for (const [name, query, range] of good) {
    it(`accepts ${name}`, () => {
      expect(parseRange(query, NOW)).to.deep.equal({ ok: true, range });
    });
  }

  const bad: [string, unknown, RegExp][] = [
    ['a date in another format', { from: '30/11/2026' }, /^from must be a date written YYYY-MM-DD$/],
    ['a day that does not exist', { to: '2026-02-30' }, /^to is not a real date$/],
    ['month 13', { from: '2026-13-01' }, /^from is not a real date$/],
    ['a date given twice', { from: ['2026-01-01', '2026-01-02'] }, /^from must be a date written YYYY-MM-DD, given once$/],
    ['an empty date', { from: '' }, /^from must be a date written YYYY-MM-DD$/],
    ['from after to', { from: '2026-05-02', to: '2026-05-01' }, /^from \(2026-05-02\) must not be after to \(2026-05-01\)$/],
    ['more than 400 days', { from: '2025-01-01', to: '2026-11-30' }, /^the range covers 699 days; choose at most 400$/],
    ['one day over the longest range', { from: '2025-10-26', to: '2026-11-30' }, /^the range covers 401 days/],
    ['another parameter', { from: '2026-01-01', days: '7' }, /^only from and to may be given, not days$/],
  ];
  for (const [name, query, problem] of bad) {
    it(`refuses ${name}, saying what is wrong`, () => {
      const out = parseRange(query, NOW);
      expect(out.ok).to.equal(false);
      if (!out.ok) expect(out.problem).to.match(problem);
    });
  }

  it('counts both ends of a range', () => {
    expect(daysIn({ from: '2026-11-01', to: '2026-11-30' })).to.equal(30);
    expect(MAX_RANGE_DAYS).to.equal(400);
  });
});
