import type { Rule } from '../fields.js';
import { ruleMessage, type RuleMessage } from '../messages/index.js';
import type { ImportField } from './columns.js';
import { MAX_IMPORT_CELL_CHARS } from './limits.js';

/** One cell of a row before its field rule: too long, a spreadsheet formula, blank; and the helpers of its messages. */

/** A cell's problem: its field (a custom attribute's: `attributes.<key>`) and the message (id, params and the English `message`). */
export interface ImportCellIssue extends RuleMessage {
  field: ImportField | `attributes.${string}`;
}

/** The issue of `field` saying `m`. */
export const cellIssue = (field: ImportCellIssue['field'], m: RuleMessage): ImportCellIssue => ({ field, ...m });

/** A leading =, +, - or @ (after any spaces, tabs or line breaks) makes a spreadsheet run the cell. */
const FORMULA = /^\s*[=+\-@]/;
const BLANK = /^\s*$/;
export const formulaMessage = (field: ImportField) => ruleMessage('import.formula', { field });
export const clip = (v: string) => (v.length > 40 ? `${v.slice(0, 40)}…` : v);

export function listOf(v: string | readonly string[] | null | undefined): string[] {
  if (v === null || v === undefined) return [];
  const parts = typeof v === 'string' ? v.split(/[,;|]/) : [...v];
  return parts.map((x) => x.normalize('NFC').trim()).filter((x) => x !== '');
}

/** Shared empty lists of valid rows (never mutated: a list that gains an entry is copied first). */
export const NO_ISSUES: ImportCellIssue[] = Object.freeze([]) as unknown as ImportCellIssue[];
export const NO_IDS: string[] = Object.freeze([]) as unknown as string[];

/** Text of a cell, or null after recording why it cannot be used (too long, a formula); '' when empty. */
export function cellOf(
  issues: ImportCellIssue[],
  required: ReadonlySet<ImportField>,
  field: ImportField,
  value: string | readonly string[] | null | undefined,
): string | null {
  const raw = value === null || value === undefined ? '' : typeof value === 'string' ? value : value.join(', ');
  if (raw.length > MAX_IMPORT_CELL_CHARS) {
    issues.push(cellIssue(field, ruleMessage('import.cell_too_long', { field, length: raw.length, max: MAX_IMPORT_CELL_CHARS })));
    return null;
  }
  // The common case without a regular expression: a cell starting with a visible ASCII character is not blank,
  // and a formula exactly when that character is =, +, - or @.
  const first = raw.charCodeAt(0);
  if (first > 32 && first < 127) {
    if (field !== 'phone' && (first === 61 || first === 43 || first === 45 || first === 64)) {
      issues.push(cellIssue(field, formulaMessage(field)));
      return null;
    }
    return raw;
  }
  if (BLANK.test(raw)) {
    if (required.has(field)) issues.push(cellIssue(field, ruleMessage('field.required', { field })));
    return '';
  }
  if (field !== 'phone' && FORMULA.test(raw)) {
    issues.push(cellIssue(field, formulaMessage(field)));
    return null;
  }
  return raw;
}

/** Applies a field rule; the value, or null after recording its first (most specific) message for the cell. */
export function ruled(issues: ImportCellIssue[], field: ImportField, rule: Rule, raw: string): string | null {
  const r = rule(raw);
  if (typeof r === 'string') return r;
  issues.push(cellIssue(field, r.errors[0]!));
  return null;
}
