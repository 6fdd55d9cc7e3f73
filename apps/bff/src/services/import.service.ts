import { createHash } from 'node:crypto';
import {
  BulkImportRequestSchema,
  IdempotencyKeySchema,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  defaultNotificationPreferences,
  defaultRoleOf,
  toIssues,
  type BulkImportResponse,
  type ImportMode,
  type ImportRowOutcome,
  type Issue,
} from '@roster/contract';
import type { Services } from './context.js';
import type { Db } from '../db/create-db.js';
import { canSeeOrganization, type Principal } from './principal.js';
import { tenantProfile } from './tenant-profile.js';
import { actorOf } from './context.js';
import { assertMayManage } from './policy.js';
import { ApiError, forbidden, validationFailed } from '../errors.js';
import { insertImportedRoleAssignments, listRoles } from '../db/repositories/roles.repository.js';
import { insertImportedAccessGroups, listAccessGroups } from '../db/repositories/access-groups.repository.js';
import { listOrganizations } from '../db/repositories/organizations.repository.js';
import { countSeatedTechnicians, existingIdentities, insertImportedUsers } from '../db/repositories/users.repository.js';
import { lockTenant } from '../db/repositories/admins.repository.js';
import { insertAuditEvents, insertImportedUserAuditEvents } from '../db/repositories/audit-events.repository.js';
import { claimImportKey, findImportByKey, storeImportResponse } from '../db/repositories/import-requests.repository.js';
import { insertInvitationTokens } from '../db/repositories/one-time-tokens.repository.js';
import { renderLinkEmail } from '../email/templates.js';
import { sealInvitationTokens } from '../email/outbox.js';
import { enqueueInvitationBatch } from '../db/repositories/email-outbox.repository.js';
import { uuidV7s } from '../db/uuid-v7.js';
import { generateSecrets, hashSecret } from '../auth/secrets.js';
import { analyzeAfterBulkWrite } from '../db/statistics.js';
import { prepareImportOffThread } from './import-pool.js';

type Meta = { requestId?: string | undefined; dryRun: boolean; idempotencyKey?: string | undefined };


/** The route's own body limit: the largest text (10 MB) or its rows, JSON-escaped, with room to spare. */
export const MAX_IMPORT_BODY_BYTES = 3 * MAX_IMPORT_BYTES;
export const importTooLarge = () =>
  new ApiError('payload_too_large', `An import can be at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB of text or ${MAX_IMPORT_ROWS.toLocaleString('en')} rows; split it into smaller files.`);

/**
 * `POST /v1/users/bulk-import`. The same contract code as the modal parses, maps and validates; existing users
 * are one query for the whole file; the commit is one transaction of set-based statements (users, roles,
 * groups, invitation tokens, outbox messages, audit events), so an interrupted import leaves nothing behind.
 */
export async function bulkImport(s: Services, p: Principal, body: unknown, meta: Meta): Promise<{ status: 200 | 201; body: BulkImportResponse }> {
  if (meta.idempotencyKey !== undefined) {
    const key = IdempotencyKeySchema.safeParse(meta.idempotencyKey);
    if (!key.success) throw new ApiError('bad_request', 'The Idempotency-Key header is not valid.', toIssues(key.error.issues, ['headers', 'Idempotency-Key']));
  }
  const parsed = BulkImportRequestSchema.safeParse(body);
  if (!parsed.success) throw validationFailed(toIssues(parsed.error.issues, ['body']));
  const input = parsed.data;
  if (input.text !== undefined && Buffer.byteLength(input.text, 'utf8') > MAX_IMPORT_BYTES) {
    throw new ApiError('payload_too_large', `The pasted text is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split the import into smaller files.`, [{ path: ['body', 'text'], message: `Can be at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB.` }]);
  }
  assertMayManage(p, input.kind);
  // Only a keyed import needs its fingerprint (stringifying 100,000 rows is not free).
  const requestHash = meta.idempotencyKey ? createHash('sha256').update(JSON.stringify(input)).digest('hex') : '';
  if (meta.idempotencyKey && !meta.dryRun) {
    const earlier = await findImportByKey(s.db, p.tenantId, meta.idempotencyKey);
    if (earlier) return replay(earlier, requestHash);
  }

  const tenant = await tenantProfile(s.db, p.tenantId);
  const mode: ImportMode = input.mode ?? tenant.profile.importMode;
  const defaultOrganizationId = input.kind === 'end_user' ? input.organizationId ?? null : null;
  if (input.kind === 'technician' && input.organizationId) {
    throw validationFailed([{ path: ['body', 'organizationId'], message: 'Technicians do not belong to an organization.' }]);
  }
  if (input.kind === 'technician' && p.organizationScope !== 'all') throw forbidden('You can import end users of your own organizations only.');
  const [roles, groups, organizations] = await Promise.all([
    listRoles(s.db, p.tenantId),
    listAccessGroups(s.db, p.tenantId),
    listOrganizations(s.db, p.tenantId, p.organizationScope),
  ]);
  if (defaultOrganizationId && !organizations.some((o) => o.id === defaultOrganizationId)) {
    throw validationFailed([{ path: ['body', 'organizationId'], message: 'No such organization.' }]);
  }

  // Parse, map and validate: inline for a small import, in a worker thread otherwise (import-pool.ts).
  const prepared = await prepareImportOffThread({
    kind: input.kind,
    text: input.text,
    rows: input.rows,
    source: input.source,
    columns: input.columns,
    hasHeader: input.hasHeader,
    profile: tenant.profile,
    names: { roles: roles.map((r) => r.name), groups: groups.map((g) => g.name), organizations: organizations.map((o) => o.name) },
    catalog: { roles, groups, organizations, granted: p.permissions },
    hasDefaultOrganization: defaultOrganizationId !== null,
  });
  const rowsPath = ['body', input.rows ? 'rows' : 'text'];
  switch (prepared.outcome) {
    case 'table-errors':
      throw validationFailed(prepared.messages.map((message) => ({ path: ['body', 'text'], message })), 'The text cannot be read as a table; nothing was imported.');
    case 'no-email-column':
      throw validationFailed([{ path: ['body', 'columns'], message: 'No column holds email addresses: add a header row (First name, Last name, Email…) or give the columns.' }], 'The columns cannot be recognised.');
    case 'too-many-rows':
      throw new ApiError('payload_too_large', `An import can have at most ${MAX_IMPORT_ROWS.toLocaleString('en')} rows; this one has ${prepared.rowCount.toLocaleString('en')}.`, [{ path: rowsPath, message: `Can have at most ${MAX_IMPORT_ROWS} rows.` }]);
    case 'no-rows':
      throw validationFailed([{ path: rowsPath, message: 'There are no rows to import.' }], 'There is nothing to import.');
  }
  const { results, failedEmails, rowCount } = prepared;
  const valid = results.flatMap((r, i) => (r.value ? [{ i, v: r.value }] : []));
  const cap = tenant.profile.technicianSeatCap;
  /**
   * Decides each row against the tenant's current users (one query): run on its own for a dry run, and inside the
   * commit's transaction — after its Idempotency-Key is claimed — for a commit, so a concurrent retry waits for the
   * first request and then replays its answer instead of seeing its users as duplicates.
   */
  const plan = async (db: Db) => {
    const existing = await existingIdentities(
      db,
      p.tenantId,
      valid.map((x) => x.v.emailNormalized),
      valid.flatMap((x) => (x.v.usernameNormalized ? [x.v.usernameNormalized] : [])),
    );

    const outcomes: ImportRowOutcome[] = [];
    const issues: Issue[] = [];
    const toInsert: typeof valid = [];
    for (const [i, r] of results.entries()) {
      // A large import's rows in slices: other requests get the event loop between them.
      if (i % 5_000 === 4_999) await new Promise<void>((resolve) => setImmediate(resolve));
      const rowIssues = r.issues.map((x) => ({ path: ['rows', i, x.field], message: x.message }));
      const v = r.value;
      // A row whose person already exists: skipped row by row, an error of the whole import when atomic.
      const taken =
        v && existing.emails.has(v.emailNormalized)
          ? { field: 'email', message: 'A user with this email already exists in your account (case does not matter).' }
          : v?.usernameNormalized && existing.usernames.has(v.usernameNormalized)
            ? { field: 'username', message: 'This username is already taken in your account.' }
            : null;
      if (v && taken) {
        const issue = { path: ['rows', i, taken.field], message: taken.message };
        if (mode === 'atomic') issues.push(issue);
        outcomes.push({ row: i, status: mode === 'per-row' ? 'skipped' : 'failed', email: v.email, issues: [issue] });
        continue;
      }
      if (!v) {
        issues.push(...rowIssues);
        outcomes.push({ row: i, status: 'failed', ...(failedEmails[i] !== undefined ? { email: failedEmails[i] } : {}), issues: rowIssues });
        continue;
      }
      toInsert.push({ i, v });
      outcomes.push({ row: i, status: 'imported', email: v.email });
    }

    if (mode === 'atomic' && issues.length > 0) {
      const bad = new Set(issues.map((x) => x.path[1])).size;
      throw validationFailed(issues, `${bad.toLocaleString('en')} of ${rowCount.toLocaleString('en')} rows have errors; nothing was imported.`);
    }
    const technicians = input.kind === 'technician' ? toInsert.length : 0;
    const over = cap === null || technicians === 0 ? 0 : Math.max(0, (await countSeatedTechnicians(db, p.tenantId)) + technicians - cap);
    if (over > 0 && !input.confirmAddSeats) throw seatLimit(cap!, over);
    return { outcomes, toInsert, technicians };
  };

  const summary = (outcomes: ImportRowOutcome[], imported: number): BulkImportResponse => ({
    dryRun: meta.dryRun,
    mode,
    imported,
    skipped: outcomes.filter((o) => o.status === 'skipped').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    results: outcomes,
  });

  if (meta.dryRun) {
    const { outcomes, toInsert } = await plan(s.db);
    return { status: 200, body: summary(outcomes, toInsert.length) };
  }

  type Committed = { replayed: { request_hash: string; response: unknown } } | { result: BulkImportResponse };
  const response = await s.db.transaction().execute(async (trx): Promise<Committed> => {
    if (meta.idempotencyKey) {
      const earlier = await claimImportKey(trx, p.tenantId, meta.idempotencyKey, requestHash);
      if (earlier) return { replayed: earlier };
    }
    // Seats are counted under the tenant's lock: two imports at once cannot both take the last seat.
    if (cap !== null && input.kind === 'technician') await lockTenant(trx, p.tenantId);
    const { outcomes, toInsert, technicians } = await plan(trx);
    const added = cap === null || technicians === 0 ? 0 : Math.max(0, (await countSeatedTechnicians(trx, p.tenantId)) - cap + technicians);
    const expiresAt = new Date(Date.now() + tenant.profile.invitationTtlHours * 3600_000).toISOString();
    const ids = uuidV7s(toInsert.length);
    // Invitation tokens, sealed for the outbox while PostgreSQL inserts the users (in chunks: the event loop answers).
    const allTokens = generateSecrets(toInsert.length);
    const sealing = sealInvitationTokens(s.config.signingKey, p.tenantId, ids, toInsert.map((x) => x.v.email), allTokens);
    sealing.catch(() => undefined); // awaited below; never an unhandled rejection if the insert fails first
    const lostIds = await insertImportedUsers(
      trx,
      { tenantId: p.tenantId, kind: input.kind, invitationExpiresAt: expiresAt, notificationPreferences: JSON.stringify(defaultNotificationPreferences) },
      {
        ids,
        organizationIds: toInsert.map((x) => x.v.organizationId ?? defaultOrganizationId),
        firstNames: toInsert.map((x) => x.v.firstName),
        lastNames: toInsert.map((x) => x.v.lastName),
        emails: toInsert.map((x) => x.v.email),
        emailsNormalized: toInsert.map((x) => x.v.emailNormalized),
        usernames: toInsert.map((x) => x.v.username),
        usernamesNormalized: toInsert.map((x) => x.v.usernameNormalized),
        phones: toInsert.map((x) => x.v.phone),
      },
    );
    // A user created meanwhile by someone else: atomic imports fail whole, per-row imports skip the row.
    const lost = lostIds.size === 0 ? [] : toInsert.filter((_, k) => lostIds.has(ids[k]!));
    if (lost.length > 0) {
      const lostIssues = lost.map((x) => ({ path: ['rows', x.i, 'email'], message: 'A user with this email or username was created while the import ran.' }));
      if (mode === 'atomic') throw new ApiError('conflict', 'Some users were created while the import ran; nothing was imported. Try again.', lostIssues);
      for (const [k, x] of lost.entries()) outcomes[x.i] = { row: x.i, status: 'skipped', email: x.v.email, issues: [lostIssues[k]!] };
    }
    const inserted = toInsert.map((x, k) => ({ i: x.i, v: x.v, id: ids[k]!, k })).filter((x) => !lostIds.has(x.id));
    // Every insert below checks its rows' users by foreign key: on PGlite, plan those checks for the users table as
    // it is now, not as it was when it was tiny.
    await analyzeAfterBulkWrite(trx, s.dbKind, inserted.length, ['users']);
    for (const x of inserted) outcomes[x.i] = { row: x.i, status: 'imported', userId: x.id, email: x.v.email };

    const defaultRole = defaultRoleOf(tenant.profile, input.kind, roles);
    const pairs = inserted.flatMap((x) => (x.v.roleIds.length > 0 ? x.v.roleIds : defaultRole ? [defaultRole.id] : []).map((r) => [x.id, r] as const));
    await insertImportedRoleAssignments(trx, p.tenantId, pairs.map((q) => q[0]), pairs.map((q) => q[1]));
    const groupPairs = inserted.flatMap((x) => x.v.groupIds.map((g) => [x.id, g] as const));
    await insertImportedAccessGroups(trx, p.tenantId, groupPairs.map((q) => q[0]), groupPairs.map((q) => q[1]));

    const userIds = inserted.map((x) => x.id);
    const tokens = inserted.map((x) => allTokens[x.k]!);
    await insertInvitationTokens(trx, p.tenantId, expiresAt, userIds, tokens.map(hashSecret));
    // The invitations keep their parameters (~250 bytes each) with the token sealed; the sender renders them when
    // it sends them (email/outbox.ts).
    const shared = { publicUrl: s.config.publicUrl, tenantName: tenant.name, expiresAt, language: 'en' } as const;
    await enqueueInvitationBatch(trx, p.tenantId, {
      subject: renderLinkEmail('invitation', { ...shared, firstName: '' }, null).subject,
      shared,
      userIds,
      to: inserted.map((x) => x.v.email),
      firstNames: inserted.map((x) => x.v.firstName),
      sealedTokens: await sealing.then((sealed) => inserted.map((x) => sealed[x.k]!)),
    });
    const actor = actorOf(p);
    await insertImportedUserAuditEvents(
      trx,
      { tenantId: p.tenantId, actorType: actor.actorType, actorId: actor.actorId, requestId: meta.requestId ?? null, kind: input.kind },
      {
        ids: userIds,
        emails: inserted.map((x) => x.v.email),
        firstNames: inserted.map((x) => x.v.firstName),
        lastNames: inserted.map((x) => x.v.lastName),
        organizationIds: inserted.map((x) => x.v.organizationId ?? defaultOrganizationId),
        roleIds: inserted.map((x) => x.v.roleIds),
      },
    );
    const result = summary(outcomes, inserted.length);
    await insertAuditEvents(trx, [
      {
        tenantId: p.tenantId,
        ...actor,
        action: 'users.imported',
        targetType: 'tenant',
        targetId: p.tenantId,
        after: { kind: input.kind, mode, imported: result.imported, skipped: result.skipped, failed: result.failed },
        requestId: meta.requestId,
      },
      ...(added > 0 ? [{ tenantId: p.tenantId, ...actor, action: 'seat.added', targetType: 'tenant', targetId: p.tenantId, after: { seats: added, reason: 'bulk import' }, requestId: meta.requestId }] : []),
    ]);
    if (meta.idempotencyKey) await storeImportResponse(trx, p.tenantId, meta.idempotencyKey, result);
    return { result };
  });
  if ('result' in response) {
    await analyzeAfterBulkWrite(s.db, s.dbKind, response.result.imported, ['role_assignments', 'user_access_groups', 'one_time_tokens', 'email_outbox', 'audit_events']);
  }
  return 'replayed' in response ? replay(response.replayed, requestHash) : { status: 201, body: response.result };
}

function replay(earlier: { request_hash: string; response: unknown }, requestHash: string): { status: 201; body: BulkImportResponse } {
  if (earlier.request_hash !== requestHash) {
    throw new ApiError('conflict', 'This Idempotency-Key was used for a different import.', [{ path: ['headers', 'Idempotency-Key'], message: 'Use a new key for a new import.' }]);
  }
  return { status: 201, body: earlier.response as BulkImportResponse };
}

function seatLimit(cap: number, over: number) {
  return new ApiError('seat_limit_reached', `This import needs ${over} technician seat${over === 1 ? '' : 's'} more than the ${cap} you have. Confirm adding seats (confirmAddSeats: true) to go on.`, [
    { path: ['body', 'confirmAddSeats'], message: `Confirm adding ${over} seat${over === 1 ? '' : 's'}.` },
  ]);
}
