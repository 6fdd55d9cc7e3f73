import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profilePresets } from '@roster/contract';
import { adminSession, createTestContext, dialects, type TestContext } from '../../support.js';
import * as migration from '../../../src/db/migrations/2026-12-12T1200-ninjaone-profile-rules.js';

/** NinjaOne's notification and import rules (seeds 000, 001) as profile fields: at tenant creation and, by the migration, for existing tenants. */
describe.each(dialects)('NinjaOne profile rules on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  const profileOf = async (tenantId: string) => (await t.services.db.selectFrom('tenants').select('profile').where('id', '=', tenantId).executeTakeFirstOrThrow()).profile;

  it('a NinjaOne tenant gets notificationsNeedRole and a Roles column required of end users; others do not; the migration gives existing NinjaOne tenants the same', async () => {
    const ninja = await adminSession(t, 'Ninja Rules', 'ninjaone');
    const other = await adminSession(t, 'Default Rules');
    const kept = await adminSession(t, 'Ninja Rules Kept', { preset: 'ninjaone', notificationsNeedRole: false });
    expect(ninja.created.tenant.profile).toMatchObject({ notificationsNeedRole: true, endUserImportRequiredColumns: ['firstName', 'lastName', 'email', 'roles'] });
    expect(other.created.tenant.profile).not.toHaveProperty('notificationsNeedRole');
    expect(other.created.tenant.profile).not.toHaveProperty('endUserImportRequiredColumns');
    // Before the migration no stored profile had the fields.
    await migration.down(t.services.db);
    expect(await profileOf(ninja.tenantId)).not.toHaveProperty('notificationsNeedRole');
    await t.services.db.updateTable('tenants').set({ profile: JSON.stringify({ ...profilePresets.ninjaone, endUserImportRequiredColumns: undefined, notificationsNeedRole: false }) }).where('id', '=', kept.tenantId).execute();
    await migration.up(t.services.db);
    expect(await profileOf(ninja.tenantId)).toMatchObject({ notificationsNeedRole: true, endUserImportRequiredColumns: ['firstName', 'lastName', 'email', 'roles'] });
    expect(await profileOf(other.tenantId)).not.toHaveProperty('notificationsNeedRole');
    // A tenant that had chosen otherwise keeps its choice.
    expect(await profileOf(kept.tenantId)).toMatchObject({ notificationsNeedRole: false, endUserImportRequiredColumns: ['firstName', 'lastName', 'email', 'roles'] });
  });
});
