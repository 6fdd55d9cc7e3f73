import { parseWithPapa, splitPlainText } from './split.js';
import { ruleMessage, type RuleMessage } from '../messages/index.js';

/** Pasted or uploaded text to a table of cells: the delimiter guessed, a binary file refused, quoting handled. */

export type ImportSource = 'clipboard' | 'file' | 'api';

export interface ParsedTable {
  rows: string[][];
  delimiter: string;
  /** Problems that make the row boundaries untrustworthy: nothing can be imported while there are any. */
  errors: ({ row: number } & RuleMessage)[];
}

/** Counts a candidate delimiter in the first lines, outside quotes. */
function guessDelimiter(text: string): string {
  const sample = text.slice(0, 64 * 1024);
  const counts: Record<string, number> = { '\t': 0, ';': 0, ',': 0 };
  let inQuotes = false;
  let lines = 0;
  for (let i = 0; i < sample.length && lines < 20; i++) {
    const ch = sample[i]!;
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === '\n') lines++;
    else if (!inQuotes && ch in counts) counts[ch]! += 1;
  }
  // Tab wins whenever present (spreadsheet copies); otherwise the more frequent of ; and , (European Excel uses ;).
  if (counts['\t']! > 0) return '\t';
  return counts[';']! > counts[',']! ? ';' : ',';
}

/**
 * Parses pasted or uploaded text. Clipboard text from Excel or Google Sheets is always tab-separated; files
 * and API text may be CSV, semicolon CSV or TSV. CRLF, LF and mixed endings, a BOM, quoted fields with
 * delimiters, quotes and newlines are handled; blank rows are dropped.
 */
export function parseImportText(text: string, source: ImportSource = 'api'): ParsedTable {
  const errors: ParsedTable['errors'] = [];
  let input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (input.includes('\u0000') || /[\u0001-\u0008\u000e-\u001f]{4}/.test(input.slice(0, 4096))) {
    return { rows: [], delimiter: ',', errors: [{ row: 0, ...ruleMessage('import.binary') }] };
  }
  // The delimiter is guessed from the first 64 KB of the text with its line endings made \n; 128 KB before that hold them.
  const delimiter = source === 'clipboard' ? '\t' : guessDelimiter(input.slice(0, 128 * 1024).replace(/\r\n?/g, '\n'));
  const plain = splitPlainText(input, delimiter);
  if (plain) return { rows: plain, delimiter, errors };
  const result = parseWithPapa(input, delimiter);
  for (const e of result.errors) {
    if (e.code === 'UndetectableDelimiter') continue;
    const row = (e.row ?? 0) + 1;
    errors.push({ row, ...(e.code === 'MissingQuotes' ? ruleMessage('import.unclosed_quote', { row }) : ruleMessage('import.parse_error', { row, detail: e.message })) });
  }
  return { rows: result.data, delimiter, errors };
}
