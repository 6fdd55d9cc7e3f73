import type { AttributeDefinition, AttributeValue } from '@roster/contract';

/**
 * An attribute's value as a person reads it, in their locale: numbers grouped, dates in the local style (a date has
 * no time zone, so it is read and shown in UTC), yes/no in their words. Shared by the table's columns and the user's page.
 */
export function formatAttributeValue(d: Pick<AttributeDefinition, 'type'>, v: AttributeValue | undefined, locale: string, yesNo: readonly [string, string]): string {
  if (v === null || v === undefined) return '';
  if (d.type === 'number' && typeof v === 'number') return v.toLocaleString(locale, { maximumFractionDigits: 6 });
  if (d.type === 'boolean') return v === true ? yesNo[0] : yesNo[1];
  if (d.type === 'date' && typeof v === 'string') {
    const t = Date.parse(`${v}T00:00:00Z`);
    return Number.isNaN(t) ? v : new Date(t).toLocaleDateString(locale, { timeZone: 'UTC', dateStyle: 'medium' });
  }
  return String(v);
}
