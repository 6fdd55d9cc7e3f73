import type { PolicyProfile } from '@roster/contract';
import type { Db } from '../db/create-db.js';
import type { Services } from './context.js';
import { replaceOneTimeToken } from '../db/repositories/one-time-tokens.repository.js';
import { updateUserRow } from '../db/repositories/users.repository.js';
import { enqueueLinkEmail } from '../email/outbox.js';
import { generateSecret, hashSecret } from '../auth/secrets.js';

/**
 * Invites a user: a new one-time token (the previous invitation link dies) valid for the profile's TTL, the
 * user's `invitation_expires_at`, and the invitation in the outbox. Callers pass their transaction, so the
 * link exists exactly when the change that needs it commits. Used by user creation, re-invitation on an email
 * change, resend, and tenant creation (the Root Admin).
 */
export async function sendInvitation(
  db: Db,
  s: Pick<Services, 'config'>,
  tenant: { name: string; profile: PolicyProfile },
  user: { id: string; tenant_id: string; email: string; first_name: string; language: string },
) {
  const token = generateSecret();
  const expiresAt = new Date(Date.now() + tenant.profile.invitationTtlHours * 3600_000).toISOString();
  await replaceOneTimeToken(db, { tenantId: user.tenant_id, userId: user.id, purpose: 'invitation', tokenHash: hashSecret(token), expiresAt });
  await updateUserRow(db, user.tenant_id, user.id, { invitation_expires_at: expiresAt });
  const params = { publicUrl: s.config.publicUrl, tenantName: tenant.name, firstName: user.first_name, expiresAt, language: user.language };
  await enqueueLinkEmail(db, s.config.signingKey, { tenantId: user.tenant_id, userId: user.id, template: 'invitation', to: user.email, params, token });
}
