// What the report lists for review: entries reviewed over a year ago, and sources past the catalogue's reviewBy.
import { expect } from 'chai';
import { addMonths, entriesDue, sourcesDue } from '../../../bot/insights/review.js';
import { loadKnowledge } from '../../../knowledge/loader.js';
import type { FaqEntry, Source } from '../../../knowledge/schema.js';

const source = (id: string, reviewBy: string, date?: string): Source =>
  ({ id, title: `Page ${id}`, ...(date ? { date } : { undated: true }), reviewBy, text: `${id}.txt` }) as Source;

describe('insights review lists', () => {
  it('adds calendar months, the 31st of a short month falling to its last day', () => {
    expect(addMonths('2025-01-31', 1)).to.equal('2025-02-28');
    expect(addMonths('2024-11-30', 12)).to.equal('2025-11-30');
  });

  it('lists sources whose reviewBy is today or earlier, longest overdue first, an undated one as undated', () => {
    const due = sourcesDue([source('b', '2026-06-30', '2018'), source('a', '2027-03-17', '2024-09-17'), source('c', '2026-11-30')], '2026-11-30');
    expect(due).to.deep.equal([
      { source: 'b', title: 'Page b', date: '2018', reviewBy: '2026-06-30' },
      { source: 'c', title: 'Page c', date: 'undated', reviewBy: '2026-11-30' },
    ]);
  });

  it('lists entries twelve months after their review', () => {
    const entry = (id: string, reviewed: string) => ({ id, title: id, reviewed }) as FaqEntry;
    expect(entriesDue([entry('x', '2025-11-29'), entry('y', '2025-12-01')], '2026-11-30').map((e) => e.entryId)).to.deep.equal(['x']);
  });

  it('reads the real catalogue: the 2017 and 2018 pages are past their review dates on 30 November 2026', () => {
    const kb = loadKnowledge();
    const due = sourcesDue([...kb.sources.values()], '2026-11-30').map((s) => s.source);
    expect(due).to.include.members(['000_57cfdbdefa40636b.txt', '001_ac31e7c332562cc9.txt', '004_a8da6fa8d0fcb83c.txt']);
    expect(due).to.not.include('003_9ae6f10ea5748e71.txt');
  });
});
