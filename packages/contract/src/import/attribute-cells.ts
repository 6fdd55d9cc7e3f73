import { ATTRIBUTE_TEXT_MAX, type AttributeValue } from '../attribute-basics.js';
import type { AttributeDefinition } from '../attributes.js';
import { ruleMessage, type RuleMessage } from '../messages/index.js';
import { MAX_IMPORT_CELL_CHARS } from './limits.js';

/**
 * An import's custom attribute columns: a column headed by an attribute's key or one of its labels, or a row's
 * `attributes: {key: value}`. A cell is text (a pasted sheet) or, from the API's rows, the value itself; either
 * way it ends as the value `attributeValueSchema` accepts, or as the cell's message naming the attribute.
 */

/** What the import needs of a definition. */
export type ImportAttribute = Pick<AttributeDefinition, 'key' | 'type' | 'options' | 'required'> & { labels?: AttributeDefinition['labels'] | undefined };

/** The column (and issue field) of an attribute: `attributes.<key>`. */
export type AttributeColumn = `attributes.${string}`;
export const ATTRIBUTE_COLUMN_PREFIX = 'attributes.';
export const attributeColumn = (key: string): AttributeColumn => `attributes.${key}`;
export const isAttributeColumn = (c: string | null | undefined): c is AttributeColumn => typeof c === 'string' && c.startsWith(ATTRIBUTE_COLUMN_PREFIX);

const BOOLEAN_WORDS = new Map<string, boolean>([
  ['yes', true], ['y', true], ['true', true], ['1', true], ['ja', true], ['j', true], ['x', true],
  ['no', false], ['n', false], ['false', false], ['0', false], ['nein', false],
]);
const NUMBER = /^-?\d{1,15}(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (v: string) => {
  if (!DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};
const CONTROL = /[\p{Cc}\p{Cf}]/u;
const FORMULA = /^[=+\-@]/;

/**
 * A cell of attribute `d`: `undefined` when empty (the caller decides whether it was required), the value, or the
 * message. Text and one-of cells refuse a leading =, +, - or @ like every other text cell of an import.
 */
export function attributeCell(d: ImportAttribute, cell: AttributeValue | undefined): { value: AttributeValue } | { error: RuleMessage } | undefined {
  if (cell === null || cell === undefined) return undefined;
  const name = d.key;
  if (typeof cell === 'string') {
    if (cell.length > MAX_IMPORT_CELL_CHARS) return { error: ruleMessage('value.max_characters', { max: ATTRIBUTE_TEXT_MAX }) };
    const v = cell.normalize('NFC').trim();
    if (v === '') return undefined;
    switch (d.type) {
      case 'number':
        return NUMBER.test(v) ? { value: Number(v) } : { error: ruleMessage('value.type', { type: 'number' }) };
      case 'boolean': {
        const b = BOOLEAN_WORDS.get(v.toLowerCase());
        return b === undefined ? { error: ruleMessage('value.one_of', { values: 'yes, no' }) } : { value: b };
      }
      case 'date':
        return isDate(v) ? { value: v } : { error: ruleMessage('value.format', { format: 'date (YYYY-MM-DD)' }) };
      case 'oneOf': {
        const options = d.options ?? [];
        const exact = options.includes(v) ? v : options.find((o) => o.toLowerCase() === v.toLowerCase());
        return exact !== undefined ? { value: exact } : { error: ruleMessage('value.one_of', { values: options.join(', ') }) };
      }
      case 'text':
        if (FORMULA.test(v)) return { error: ruleMessage('import.formula', { field: name }) };
        if (v.length > ATTRIBUTE_TEXT_MAX) return { error: ruleMessage('value.max_characters', { max: ATTRIBUTE_TEXT_MAX }) };
        if (CONTROL.test(v)) return { error: ruleMessage('value.invalid') };
        return { value: v };
    }
  }
  // A JSON value from the API's rows: the type the attribute has.
  if (d.type === 'number') return typeof cell === 'number' && Number.isFinite(cell) && Math.abs(cell) < 1e15 ? { value: cell } : { error: ruleMessage('value.type', { type: 'number' }) };
  if (d.type === 'boolean') return typeof cell === 'boolean' ? { value: cell } : { error: ruleMessage('value.one_of', { values: 'yes, no' }) };
  return { error: d.type === 'date' ? ruleMessage('value.format', { format: 'date (YYYY-MM-DD)' }) : d.type === 'oneOf' ? ruleMessage('value.one_of', { values: (d.options ?? []).join(', ') }) : ruleMessage('value.type', { type: 'text' }) };
}

/** Header words of an attribute: its key and labels, folded as a header cell is (accents, case, punctuation). */
export function attributeHeaderKeys(d: ImportAttribute): string[] {
  return [d.key, ...Object.values(d.labels ?? {})].flatMap((w) => (typeof w === 'string' ? [foldHeader(w)] : [])).filter((w) => w !== '');
}

/** A header cell folded for matching ("E-Mail-Adresse" → "emailadresse", "Cost centre *" → "costcentre"). */
export function foldHeader(cell: string): string {
  return cell
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\(.*?\)|\*/g, '')
    .replace(/[^\p{L}\p{N}]/gu, '');
}
