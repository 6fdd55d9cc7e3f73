import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { PolicyProfile } from '@roster/contract';

export interface TenantsTable {
  id: Generated<string>;
  name: string;
  profile: ColumnType<PolicyProfile, string, string>;
  /** Branding (white-label); null where not set. Field rules in the contract (branding.ts). */
  product_name: ColumnType<string | null, string | null | undefined, string | null>;
  logo_url: ColumnType<string | null, string | null | undefined, string | null>;
  accent_color: ColumnType<string | null, string | null | undefined, string | null>;
  sender_name: ColumnType<string | null, string | null | undefined, string | null>;
  /** The base of the links in the tenant's emails, set by the operator only; null: ROSTER_PUBLIC_URL. */
  link_base_url: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<string>;
}
export type TenantRow = Selectable<TenantsTable>;
export type NewTenantRow = Insertable<TenantsTable>;
export type TenantUpdate = Updateable<TenantsTable>;
