import { sql, type Kysely } from 'kysely';

/**
 * Two rules of NinjaOne's documents as profile fields (issue 14): `notificationsNeedRole` (seed 000: "You must assign
 * a technician to a role for them to receive notifications") and `endUserImportRequiredColumns` with Roles (seed 001:
 * "You must assign roles to imported users"). New tenants get them from the ninjaone preset; an existing NinjaOne
 * tenant — one whose stored profile has the preset's field limits (letters-only names ≤ 150, emails ≤ 64; stored
 * profiles carry no preset name) — gets them here, unless it already set them. Frozen in time.
 */
const NINJAONE = sql`(profile->>'nameCharset' = 'letters' and profile->>'nameMaxLength' = '150' and profile->>'emailMaxLength' = '64')`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update tenants set profile = jsonb_build_object(
      'notificationsNeedRole', true,
      'endUserImportRequiredColumns', '["firstName", "lastName", "email", "roles"]'::jsonb) || profile
     where ${NINJAONE}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`update tenants set profile = profile - 'notificationsNeedRole' - 'endUserImportRequiredColumns'`.execute(db);
}
