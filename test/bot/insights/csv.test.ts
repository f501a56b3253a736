// Insights tables as CSV: RFC 4180 quoting that a CSV reader undoes exactly, and no cell a spreadsheet would run as a formula.
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { neutralise, tableCsv } from '../../../bot/insights/csv.js';
import type { InsightsTable } from '../../../bot/insights/tables.js';

const read = (csv: string): string[][] => parse(csv, { bom: true, relax_column_count: false });

describe('insights CSV', () => {
  const table: InsightsTable = {
    id: 'gaps',
    caption: 'Unanswered questions',
    columns: [{ header: 'Wording' }, { header: 'Questions', numeric: true }, { header: 'Examples' }, { header: 'Closest entry' }],
    rows: [
      ['plain', 3, ['one', 'two'], 'entry-a'],
      ['has, a comma', 0, ['say "hello"'], null],
      ['line one\nline two', 12, ['=HYPERLINK("http://evil.example","x")', '+1', '-2', '@SUM(A1)'], '\tTabbed'],
      ['=1+2', -4, [], '\rreturn'],
    ],
  };
  const csv = tableCsv(table);
  const rows = read(csv);

  it('starts with a byte order mark and the column headers, and ends rows with CRLF', () => {
    expect(csv.startsWith('\ufeffWording,Questions,Examples,Closest entry\r\n')).to.equal(true);
    expect(rows[0]).to.deep.equal(['Wording', 'Questions', 'Examples', 'Closest entry']);
    expect(csv.endsWith('\r\n')).to.equal(true);
  });

  it('quotes commas, quotes and newlines so a reader gets each cell back whole', () => {
    expect(rows[1]).to.deep.equal(['plain', '3', 'one\ntwo', 'entry-a']);
    expect(rows[2]).to.deep.equal(['has, a comma', '0', 'say "hello"', '']);
    expect(csv).to.include('"has, a comma",0,"say ""hello""",\r\n');
    expect(rows[3]![0]).to.equal('line one\nline two');
  });

  it('prefixes text starting with = + - @, a tab or a carriage return, so spreadsheets show it rather than run it', () => {
    expect(rows[3]![2]).to.equal(`'=HYPERLINK("http://evil.example","x")\n+1\n-2\n@SUM(A1)`);
    expect(rows[3]![3]).to.equal("'\tTabbed");
    expect(rows[4]).to.deep.equal(["'=1+2", '-4', '', "'\rreturn"]);
    for (const cell of rows.flat().filter((c) => c !== '-4')) expect(cell, cell).to.not.match(/^[=+\-@\t\r]/);
  });

  it('leaves numbers as numbers, negative ones included', () => {
    expect(rows.map((r) => r[1])).to.deep.equal(['Questions', '3', '0', '12', '-4']);
  });

  it('neutralises only what a spreadsheet would evaluate', () => {
    expect(['=x', '+x', '-x', '@x', '\tx', '\rx', 'x=1', ' =x', 'a-b'].map(neutralise)).to.deep.equal(["'=x", "'+x", "'-x", "'@x", "'\tx", "'\rx", 'x=1', ' =x', 'a-b']);
  });
});
