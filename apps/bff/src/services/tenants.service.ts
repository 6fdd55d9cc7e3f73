import * as z from 'zod/mini';
import {
  builtInRolesOf,
  emailSchema,
  nameSchema,
  noBranding,
  profileConflicts,
  normalizeEmail,
  tenantWideScopes,
  resolveProfile,
  toIssues,
  usernameOf,
  type BrandingChange,
  type CreateTenantResponse,
  type PolicyProfile,
  type ProfileInput,
} from '@roster/contract';
import { findTenant, insertTenant } from '../db/repositories/tenants.repository.js';
import { assignRoles, insertRoles } from '../db/repositories/roles.repository.js';
import { insertUser } from '../db/repositories/users.repository.js';
import { insertOAuthClient } from '../db/repositories/oauth-clients.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';
import { hashSecret } from '../auth/secrets.js';
import { validationFailed } from '../errors.js';
import { readUser } from './users.service.js';
import { newClientCredentials } from './oauth-clients.service.js';
import { sendInvitation } from './invitations.service.js';
import type { Services } from './context.js';
import { brandingColumns, brandingOfRow, withBrandingChange } from './branding.service.js';
import type { Db } from '../db/create-db.js';

export interface CreateTenantInput {
  name: string;
  profile?: ProfileInput | undefined;
  rootAdmin: { firstName: string; lastName: string; email: string };
  branding?: BrandingChange | undefined;
  linkBaseUrl?: string | null | undefined;
}

/** The person fields every user has, by the tenant's profile. */
export function personSchema(profile: PolicyProfile) {
  return z.object({
    firstName: nameSchema(profile, 'firstName'),
    lastName: nameSchema(profile, 'lastName'),
    email: emailSchema(profile),
  });
}

/**
 * Creates a tenant with its built-in roles, its Root Admin (invited: the invitation goes to the outbox like
 * every invited user's) and a first OAuth client, in one transaction. The client secret is returned this once;
 * only its hash is kept. The demo seed creates its Root Admin active, without an invitation.
 */
export async function createTenant(
  s: Pick<Services, 'db' | 'config'>,
  input: CreateTenantInput,
  meta: { requestId?: string | undefined; rootAdminStatus?: 'invited' | 'active' } = {},
): Promise<CreateTenantResponse> {
  const profile = resolveProfile(input.profile);
  const conflicts = profileConflicts(profile);
  if (conflicts.length) throw validationFailed(conflicts.map((c) => ({ path: ['body', 'profile', c.field], message: c.message })));
  const person = personSchema(profile).safeParse(input.rootAdmin);
  if (!person.success) throw validationFailed(toIssues(person.error.issues, ['body', 'rootAdmin']));
  const admin = person.data;
  const { clientId, clientSecret } = newClientCredentials();

  return s.db.transaction().execute(async (trx) => {
    const branding = withBrandingChange(noBranding, input.branding);
    const tenant = await insertTenant(trx, { name: input.name, profile: JSON.stringify(profile), ...brandingColumns(branding, input.linkBaseUrl ?? null) });
    const tenantBranding = brandingOfRow(tenant);
    const roles = await insertRoles(
      trx,
      // The profile's built-in roles, under the names its document gives them.
      builtInRolesOf(profile).map((role) => ({
        tenant_id: tenant.id,
        key: role.key,
        name: role.name,
        description: role.description,
        permissions: [...role.permissions],
      })),
    );
    const rootRole = roles.find((r) => r.key === 'root_admin')!;
    const status = meta.rootAdminStatus ?? 'invited';
    const username = usernameOf(profile, admin.email);
    const user = await insertUser(trx, {
      tenant_id: tenant.id,
      kind: 'technician',
      organization_id: null,
      first_name: admin.firstName,
      last_name: admin.lastName,
      email: admin.email,
      email_normalized: normalizeEmail(admin.email),
      username,
      username_normalized: username ? normalizeEmail(username) : null,
      phone: null,
      availability: 'available',
      status,
      is_root_admin: true,
      password_hash: null,
      invitation_expires_at: null, // set by sendInvitation with the link's expiry
      last_login_at: null,
      locked_until: null,
    });
    await assignRoles(trx, tenant.id, [{ userId: user.id, roleId: rootRole.id }]);
    if (status === 'invited') await sendInvitation(trx, s, { name: tenant.name, profile }, user);
    const client = await insertOAuthClient(trx, {
      tenant_id: tenant.id,
      client_id: clientId,
      secret_hash: hashSecret(clientSecret),
      name: 'Default client',
      scopes: [...tenantWideScopes],
      revoked_at: null,
    });
    const rootAdmin = await readUser(trx, tenant.id, user.id);
    await insertAuditEvents(trx, [
      { tenantId: tenant.id, actorType: 'platform', actorId: null, action: 'tenant.created', targetType: 'tenant', targetId: tenant.id, after: { name: tenant.name, ...tenantBranding }, requestId: meta.requestId },
      { tenantId: tenant.id, actorType: 'platform', actorId: null, action: 'user.created', targetType: 'user', targetId: user.id, after: rootAdmin, requestId: meta.requestId },
      { tenantId: tenant.id, actorType: 'platform', actorId: null, action: 'oauth_client.created', targetType: 'oauth_client', targetId: client.id, after: { clientId, scopes: client.scopes }, requestId: meta.requestId },
    ]);
    return {
      tenant: { id: tenant.id, name: tenant.name, profile, ...tenantBranding, createdAt: tenant.created_at },
      rootAdmin,
      oauthClient: { clientId, clientSecret, scopes: client.scopes as CreateTenantResponse['oauthClient']['scopes'] },
    };
  });
}

/** Whether a tenant with this id exists (the operator's routes; on the platform path, across tenants). */
export async function tenantExists(db: Db, id: string): Promise<boolean> {
  return (await findTenant(db, id)) !== undefined;
}
