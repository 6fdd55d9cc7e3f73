/**
 * What of custom attributes needs no schema: limits, the value type and the label in a language. No zod here, so
 * `<user-table>` (up front) and the import's in-page engine use it without the attribute schemas.
 */

export const ATTRIBUTE_TEXT_MAX = 500;

/** A value on the wire: text, a number, true/false, a date `YYYY-MM-DD`, or null (no value). */
export type AttributeValue = string | number | boolean | null;

/** An attribute's label in a language, English where that language has none. */
export const attributeLabel = (d: { labels: { en: string; de?: string | undefined; ar?: string | undefined } }, language: string): string =>
  (d.labels as Record<string, string | undefined>)[language] ?? d.labels.en;
