import type { Generated, Selectable } from 'kysely';

export interface AttributeDefinitionsTable {
  id: Generated<string>;
  tenant_id: string;
  key: string;
  /** `{ en, de?, ar? }` */
  labels: unknown;
  type: string;
  /** The one-of list's options (JSON array); null for the other types. */
  options: unknown;
  required: Generated<boolean>;
  show_as_column: Generated<boolean>;
  position: Generated<number>;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}
export type AttributeDefinitionRow = Selectable<AttributeDefinitionsTable>;

/** A user's value of one attribute: in `value_text` or in `value_number` (migration 2026-12-14T1300). */
export interface UserAttributeValuesTable {
  tenant_id: string;
  user_id: string;
  attribute_id: string;
  value_text: string | null;
  value_number: string | number | null;
}
