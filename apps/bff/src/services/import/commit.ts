import { defaultNotificationPreferences, type AttributeDefinition, type ImportMode, type SignInMethod, type UserKind } from '@roster/contract';
import type { Services } from '../context.js';
import type { Db } from '../../db/create-db.js';
import type { Principal } from '../principal.js';
import { actorOf } from '../context.js';
import { ApiError } from '../../errors.js';
import { lockTenant } from '../../db/repositories/admins.repository.js';
import { insertAuditEvents, insertImportedUserAuditEvents } from '../../db/repositories/audit-events.repository.js';
import { claimImportKey, storeImportResponse } from '../../db/repositories/import-requests.repository.js';
import { insertImportedUsers } from '../../db/repositories/users.repository.js';
import { insertImportedValues } from '../../db/repositories/attributes.repository.js';
import { holdCheckedDefinitions } from '../attributes.service.js';
import { insertImportedPermissions, insertImportedRoleAssignments } from '../../db/repositories/roles.repository.js';
import { insertImportedAccessGroups, turnOffAllModules } from '../../db/repositories/access-groups.repository.js';
import { insertInvitationTokens } from '../../db/repositories/one-time-tokens.repository.js';
import { enqueueInvitationBatch } from '../../db/repositories/email-outbox.repository.js';
import { renderLinkEmail } from '../../email/templates.js';
import { suppressedNote, tenantMail } from '../../email/outbox.js';
import { analyzeAfterBulkWrite } from '../../db/statistics.js';
import type { EngineHandle } from './engine-pool.js';
import type { ImportAnswer } from './engine.js';
import { planImport, type PlanInput } from './plan.js';

export interface CommitInput extends Omit<PlanInput, 'dryRun'> {
  kind: UserKind;
  mode: ImportMode;
  requestId: string | undefined;
  idempotency: { key: string; requestHash: string } | null;
  tenantName: string;
  invitationTtlHours: number;
  /** The sign-in method of the rows that choose none: the profile's default. */
  defaultSignInMethod: SignInMethod;
  defaultOrganizationId: string | null;
  defaultRoleId: string | null;
  /** The tenant's custom attributes as the rows were checked against them. */
  attributes: readonly AttributeDefinition[];
}

export type Committed = { replayed: { request_hash: string; response: unknown } } | { answer: ImportAnswer };

/**
 * The commit: one transaction of set-based statements (users, roles, groups, invitation tokens, outbox messages,
 * audit events), so an interrupted import leaves nothing behind. The rows' columns come from the engine as array
 * literals; this module only passes them to the repositories.
 */
export async function commitImport(s: Services, p: Principal, engine: EngineHandle, a: CommitInput): Promise<Committed> {
  const committed = await s.db.transaction().execute(async (trx): Promise<Committed> => {
    if (a.idempotency) {
      const earlier = await claimImportKey(trx, p.tenantId, a.idempotency.key, a.idempotency.requestHash);
      if (earlier) return { replayed: earlier };
    }
    // Seats are counted under the tenant's lock: two imports at once cannot both take the last seat.
    if (a.seatCap !== null && a.kind === 'technician') await lockTenant(trx, p.tenantId);
    const { seatsAdded } = await planImport(trx, engine, { ...a, dryRun: false });
    return { answer: await write(s, p, trx, engine, a, seatsAdded) };
  });
  if ('answer' in committed) {
    await analyzeAfterBulkWrite(s.db, s.dbKind, committed.answer.imported, ['role_assignments', 'user_access_groups', 'user_permissions', 'user_attribute_values', 'one_time_tokens', 'email_outbox', 'audit_events']);
  }
  return committed;
}

async function write(s: Services, p: Principal, trx: Db, engine: EngineHandle, a: CommitInput, seatsAdded: number): Promise<ImportAnswer> {
  const expiresAt = new Date(Date.now() + a.invitationTtlHours * 3600_000).toISOString();
  const users = await engine.call('commitColumns', { tenantId: p.tenantId, signingKey: s.config.signingKey, defaultRoleId: a.defaultRoleId, defaultSignInMethod: a.defaultSignInMethod });
  const lostIds = await insertImportedUsers(
    trx,
    { tenantId: p.tenantId, kind: a.kind, invitationExpiresAt: expiresAt, notificationPreferences: JSON.stringify(defaultNotificationPreferences) },
    users,
  );
  const { lostIssues, columns: c, answer } = await engine.call('afterInsert', { lostIds: [...lostIds], wantJson: a.idempotency !== null });
  // A user created meanwhile by someone else: atomic imports fail whole, per-row imports skip the row (the engine did).
  if (lostIssues.length > 0 && a.mode === 'atomic') throw new ApiError('conflict', 'Some users were created while the import ran; nothing was imported. Try again.', lostIssues);
  // Every insert below checks its rows' users by foreign key: on PGlite, plan those checks for the users table as
  // it is now, not as it was when it was tiny.
  await analyzeAfterBulkWrite(trx, s.dbKind, answer.imported, ['users']);
  await insertImportedRoleAssignments(trx, p.tenantId, c.roles.userIds, c.roles.roleIds);
  await insertImportedAccessGroups(trx, p.tenantId, c.groups.userIds, c.groups.groupIds);
  await insertImportedPermissions(trx, p.tenantId, c.permissions.userIds, c.permissions.permissions);
  await turnOffAllModules(trx, p.tenantId, c.allModulesOff);
  // The values were checked against the definitions read when the import started: still so, or 409 and nothing.
  await holdCheckedDefinitions(trx, p.tenantId, a.attributes.filter((d) => c.attributeIdsUsed.includes(d.id)), (key) => ['body', 'columns', `attributes.${key}`]);
  await insertImportedValues(trx, p.tenantId, c.attributes);
  await insertInvitationTokens(trx, p.tenantId, expiresAt, c.invited.userIds, c.invited.tokenHashes);
  // The invitations keep their parameters (~250 bytes each) with the token sealed; the sender renders them when
  // it sends them (email/outbox.ts).
  const mail = await tenantMail(trx, s.config.publicUrl, p.tenantId);
  const shared = { publicUrl: mail.publicUrl, brand: mail.brand, tenantName: a.tenantName, expiresAt, language: 'en' } as const;
  await enqueueInvitationBatch(trx, p.tenantId, {
    subject: renderLinkEmail('invitation', { ...shared, firstName: '' }, null).subject,
    fromName: mail.fromName,
    shared,
    userIds: c.invited.userIds,
    to: c.invited.emails,
    firstNames: c.invited.firstNames,
    sealedTokens: c.invited.sealedTokens,
    suppressed: { rows: c.invited.suppressed, lastError: suppressedNote() },
  });
  const actor = actorOf(p);
  await insertImportedUserAuditEvents(
    trx,
    { tenantId: p.tenantId, actorType: actor.actorType, actorId: actor.actorId, requestId: a.requestId ?? null, kind: a.kind },
    { ids: c.userIds, emails: c.emails, firstNames: c.firstNames, lastNames: c.lastNames, organizationIds: c.organizationIds, roleIdLists: c.roleIdLists },
  );
  await insertAuditEvents(trx, [
    {
      tenantId: p.tenantId,
      ...actor,
      action: 'users.imported',
      targetType: 'tenant',
      targetId: p.tenantId,
      after: { kind: a.kind, mode: a.mode, imported: answer.imported, skipped: answer.skipped, failed: answer.failed },
      requestId: a.requestId,
    },
    ...(seatsAdded > 0
      ? [{ tenantId: p.tenantId, ...actor, action: 'seat.added', targetType: 'tenant', targetId: p.tenantId, after: { seats: seatsAdded, reason: 'bulk import' }, requestId: a.requestId }]
      : []),
  ]);
  if (a.idempotency) await storeImportResponse(trx, p.tenantId, a.idempotency.key, answer.json!);
  return answer;
}
