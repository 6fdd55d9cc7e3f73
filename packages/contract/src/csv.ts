/**
 * The one way Roster writes CSV (and tab-separated text for the clipboard) that a person opens in a spreadsheet.
 *
 * Cells are neutralised against CSV/formula injection as OWASP recommends: a cell whose first character makes a
 * spreadsheet read it as a formula or a command — `=`, `+`, `-`, `@`, TAB, CR (and LF, and their full-width
 * forms `＝ ＋ － ＠`, which some spreadsheets fold to ASCII) — gets a leading `'` and is quoted, so Excel,
 * LibreOffice and Google Sheets show it as text. A cell holding the delimiter, `"`, `,`, `;`, TAB, CR or LF is
 * quoted with inner quotes doubled (RFC 4180), whatever the delimiter, so a file re-read with another
 * delimiter guess cannot split or join cells. Roster's own import strips the `'` Excel puts before a `+`, so a
 * phone number written here reads back unchanged.
 */

/** First characters that start a formula, a DDE command or a cell jump in some spreadsheet. */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;
/** Characters that require the cell to be quoted. */
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** One cell, escaped for a CSV/TSV line. `null`/`undefined` are empty cells. */
export function csvCell(value: string | number | null | undefined, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  let v = String(value);
  const formula = FORMULA_START.test(v);
  if (formula) v = `'${v}`;
  if (formula || NEEDS_QUOTES.test(v) || v.includes(delimiter)) return `"${v.replace(/"/g, '""')}"`;
  return v;
}

/** Rows of cells as CSV text: cells escaped by `csvCell`, lines ended by CRLF (what Excel writes and expects). */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>, delimiter = ','): string {
  let out = '';
  for (const row of rows) out += `${row.map((c) => csvCell(c, delimiter)).join(delimiter)}\r\n`;
  return out;
}
