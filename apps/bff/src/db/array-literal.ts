/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) of text values, for a parameter cast in SQL (`$1::text[]`,
 * `$1::uuid[]`). The drivers build the same text from a JS array (node-postgres with two regular expressions,
 * a type check and a concatenation per element; PGlite passes a string through): a bulk import sends ~20 arrays of
 * 100,000 values, and this builds each with one test per value and one join. Every value is quoted, so commas,
 * braces, spaces and the word NULL stay text; inside the quotes only `\` and `"` need a backslash.
 */
export function arrayLiteral(values: readonly (string | null)[]): string {
  const parts = new Array<string>(values.length);
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    parts[k] = v === null || v === undefined ? 'NULL' : SPECIAL.test(v) ? `"${v.replace(SPECIALS, '\\$&')}"` : `"${v}"`;
  }
  return `{${parts.join(',')}}`;
}
const SPECIAL = /[\\"]/;
const SPECIALS = /[\\"]/g;
