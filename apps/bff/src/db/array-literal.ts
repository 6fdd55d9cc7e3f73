/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) of text values, for a parameter cast in SQL (`$1::text[]`,
 * `$1::uuid[]`). The drivers build the same text from a JS array (node-postgres with two regular expressions,
 * a type check and a concatenation per element; PGlite passes a string through); a bulk import sends ~25 arrays
 * of 100,000 values.
 *
 * Fast path: JSON.stringify (native) writes `["a","b\"c",null]`, which is already the literal between its brackets
 * as long as its only escapes are `\"` and `\\` (the array literal's own) — an unquoted `null` is NULL to
 * PostgreSQL. Any other escape (a control character such as a newline or tab) takes the slow path, which quotes
 * every value itself (inside the quotes only `\` and `"` need a backslash).
 */
export function arrayLiteral(values: readonly (string | null)[]): string {
  const json = JSON.stringify(values);
  if (!OTHER_ESCAPE.test(json)) return `{${json.slice(1, -1)}}`;
  const parts = new Array<string>(values.length);
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    parts[k] = v === null || v === undefined ? 'NULL' : SPECIAL.test(v) ? `"${v.replace(SPECIALS, '\\$&')}"` : `"${v}"`;
  }
  return `{${parts.join(',')}}`;
}
/** A backslash followed by anything but `"` or `\` (checked from every backslash, so `\\n` is caught too). */
const OTHER_ESCAPE = /\\[^"\\]/;
const SPECIAL = /[\\"]/;
const SPECIALS = /[\\"]/g;

/**
 * An array already written as its literal, with its length: what a bulk import's worker thread sends, so the
 * request thread passes 100,000 values on as one string instead of building them (services/import/engine.ts).
 */
export interface PgArray {
  readonly literal: string;
  readonly length: number;
}

export function pgArray(values: readonly (string | null)[]): PgArray {
  return { literal: arrayLiteral(values), length: values.length };
}

/** A column for a `$n::type[]` parameter: values, or their literal already written. */
export type ArrayParam = readonly (string | null)[] | PgArray;

export function literalOf(values: ArrayParam): string {
  return 'literal' in values ? values.literal : arrayLiteral(values);
}
