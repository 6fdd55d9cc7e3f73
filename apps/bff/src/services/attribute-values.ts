import type { AttributeDefinition, AttributeValue } from '@roster/contract';
import type { StoredValue } from '../db/repositories/attributes.repository.js';

/** How an attribute value is stored and read back: pure, so the import's engine (a worker thread) uses it too. */

/** A wire value as stored: numbers in `value_number`; booleans as `false`/`true`, dates as `YYYY-MM-DD`, text as is. */
export function storedValue(d: Pick<AttributeDefinition, 'id' | 'type'>, v: string | number | boolean): StoredValue {
  if (d.type === 'number') return { attributeId: d.id, text: null, number: v as number };
  return { attributeId: d.id, text: String(v), number: null };
}

/** A stored value on the wire. */
export function wireValue(d: Pick<AttributeDefinition, 'type'>, v: string | number): AttributeValue {
  if (d.type === 'number') return Number(v);
  if (d.type === 'boolean') return v === 'true';
  return String(v);
}
