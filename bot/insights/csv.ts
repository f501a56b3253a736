// One insights table as a CSV download (RFC 4180 quoting by csv-stringify), safe to open in a spreadsheet: a text cell
// that a spreadsheet would run as a formula (= + - @, or a tab or carriage return first) is prefixed with an apostrophe.
import { stringify } from 'csv-stringify/sync';
import type { Cell, InsightsTable } from './tables.js';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet shows as it is, never evaluates. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A cell as CSV text: several texts one per line, nothing as an empty cell. */
function cellText(cell: Cell): string | number {
  if (cell === null) return '';
  if (typeof cell === 'number') return cell;
  return neutralise(typeof cell === 'string' ? cell : cell.join('\n'));
}

/** The table with its column headers as the first row; a byte order mark so spreadsheets read it as UTF-8. */
export function tableCsv(table: InsightsTable): string {
  const rows = [table.columns.map((c) => neutralise(c.header)), ...table.rows.map((row) => row.map(cellText))];
  return stringify(rows, { bom: true, record_delimiter: 'windows' });
}
