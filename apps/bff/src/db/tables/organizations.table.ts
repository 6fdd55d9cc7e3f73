import type { Generated, Insertable, Selectable } from 'kysely';

export interface OrganizationsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  created_at: Generated<string>;
  /** Moves when the name changes (migration 2026-12-12T1100-change-feed). */
  updated_at: Generated<string>;
}
export type OrganizationRow = Selectable<OrganizationsTable>;
export type NewOrganizationRow = Insertable<OrganizationsTable>;
