import Papa from 'papaparse';

/**
 * The two ways the import splits text into rows (used by `parseImportText`; not part of the package's API). Kept
 * apart so that the tests can hold the fast one to papaparse's answer directly.
 */

/** papaparse, with line endings made \n first: quotes, delimiters and line breaks inside quotes, blank rows dropped. */
export function parseWithPapa(text: string, delimiter: string) {
  return Papa.parse<string[]>(text.replace(/\r\n?/g, '\n'), { delimiter, newline: '\n', quoteChar: '"', skipEmptyLines: 'greedy' });
}

/**
 * Text without a quote (what a spreadsheet copies, unless a cell holds a quote or a line break) as papaparse reads
 * it — lines split at the delimiter, blank lines dropped — without papaparse's copies of the text and of every row:
 * the same rows, for the one case where row boundaries are plain. Null for anything else (a quote, a CR that does
 * not end a CRLF, a second BOM that papaparse would strip): papaparse parses it.
 */
export function splitPlainText(text: string, delimiter: string): string[][] | null {
  if (text.indexOf('"') !== -1 || text.charCodeAt(0) === 0xfeff) return null;
  const lines = text.split('\n');
  const rows: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (line.indexOf('\r') !== -1) return null;
    const cells = line.split(delimiter);
    // papaparse's skipEmptyLines 'greedy': a row whose cells are all blank is dropped.
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c]!;
      if (cell.length !== 0 && cell.trim() !== '') {
        rows.push(cells);
        break;
      }
    }
  }
  return rows;
}
