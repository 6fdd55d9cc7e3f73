import { IdempotencyKeySchema, issueOf, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, defaultRoleOf, defaultSignInMethodOf, importTooLargeMessage, toIssues, type BulkImportResponse, type ImportMode } from '@roster/contract';
import type { Services } from '../context.js';
import type { Principal } from '../principal.js';
import { tenantProfile } from '../tenant-profile.js';
import { assertMayManage } from '../policy.js';
import { ApiError, forbidden, validationFailed } from '../../errors.js';
import { listRoles } from '../../db/repositories/roles.repository.js';
import { listAccessGroups } from '../../db/repositories/access-groups.repository.js';
import { listOrganizations } from '../../db/repositories/organizations.repository.js';
import { findImportByKey } from '../../db/repositories/import-requests.repository.js';
import { openImportEngine, type EngineHandle } from './engine-pool.js';
import type { EngineError } from './engine.js';
import { planImport } from './plan.js';
import { attributeDefinitions } from '../attributes.service.js';
import { commitImport } from './commit.js';
import { importFinished, importStarted, type ImportRows } from '../../observability/imports.js';

type Meta = { requestId?: string | undefined; dryRun: boolean; idempotencyKey?: string | undefined };

/** The route's own body limit: the largest text (10 MB) or its rows, JSON-escaped, with room to spare. */
export const MAX_IMPORT_BODY_BYTES = 3 * MAX_IMPORT_BYTES;
export const importTooLarge = () => new ApiError('payload_too_large', importTooLargeMessage);

/** A bulk import's answer: its JSON already written (UTF-8), or an earlier answer replayed for its Idempotency-Key. */
export type ImportReply = { status: 200 | 201; body: Uint8Array<ArrayBuffer> | BulkImportResponse };

/**
 * `POST /v1/users/bulk-import`, its orchestration: the request's checks in the order the API promises, the
 * tenant's catalogue, then the engine (engine.ts: the same contract code as the modal parses, maps and validates
 * every row, off the request thread for a large import), the plan (plan.ts) and, unless a dry run, the commit
 * (commit.ts).
 */
export async function bulkImport(s: Services, p: Principal, body: Uint8Array, meta: Meta): Promise<ImportReply> {
  if (meta.idempotencyKey !== undefined) {
    const key = IdempotencyKeySchema.safeParse(meta.idempotencyKey);
    if (!key.success) throw new ApiError('bad_request', 'The Idempotency-Key header is not valid.', toIssues(key.error.issues, ['headers', 'Idempotency-Key']));
  }
  const engine = openImportEngine(body);
  const watch = importStarted({ tenantId: p.tenantId, requestId: meta.requestId, dryRun: meta.dryRun, bytes: body.byteLength });
  try {
    const reply = await run(s, p, engine, meta, watch.rows);
    importFinished(watch, meta.dryRun ? 'dry_run' : reply.status === 201 && watch.rows.committed ? 'committed' : 'replayed');
    return reply;
  } catch (e) {
    importFinished(watch, 'refused', e);
    throw e;
  } finally {
    engine.end();
  }
}

async function run(s: Services, p: Principal, engine: EngineHandle, meta: Meta, rows: ImportRows): Promise<ImportReply> {
  const started = await engine.call('start', { wantRequestHash: meta.idempotencyKey !== undefined });
  if (!started.ok) throw apiError(started.error);
  const input = started.request;
  assertMayManage(p, input.kind);
  if (meta.idempotencyKey && !meta.dryRun) {
    const earlier = await findImportByKey(s.db, p.tenantId, meta.idempotencyKey);
    if (earlier) return replay(earlier, input.requestHash);
  }

  const tenant = await tenantProfile(s.db, p.tenantId);
  const mode: ImportMode = input.mode ?? tenant.profile.importMode;
  const defaultOrganizationId = input.kind === 'end_user' ? input.organizationId ?? null : null;
  if (input.kind === 'technician' && input.organizationId) {
    throw validationFailed([{ path: ['body', 'organizationId'], message: 'Technicians do not belong to an organization.' }]);
  }
  if (input.kind === 'technician' && p.organizationScope !== 'all') throw forbidden('You can import end users of your own organizations only.');
  const [roles, groups, organizations, attributes] = await Promise.all([
    listRoles(s.db, p.tenantId),
    listAccessGroups(s.db, p.tenantId),
    listOrganizations(s.db, p.tenantId, p.organizationScope),
    attributeDefinitions(s.db, p.tenantId),
  ]);
  if (defaultOrganizationId && !organizations.some((o) => o.id === defaultOrganizationId)) {
    throw validationFailed([{ path: ['body', 'organizationId'], message: 'No such organization.' }]);
  }

  const prepared = await engine.call('prepare', {
    profile: tenant.profile,
    names: { roles: roles.map((r) => r.name), groups: groups.map((g) => g.name), organizations: organizations.map((o) => o.name) },
    catalog: { roles, groups, organizations, granted: p.permissions },
    defaultOrganizationId,
    attributes,
  });
  const rowsPath = ['body', input.rowsPath];
  switch (prepared.outcome) {
    case 'table-errors':
      throw validationFailed(prepared.messages.map((m) => issueOf(['body', 'text'], m.id, m.params)), { id: 'import.unreadable' });
    case 'no-email-column':
      throw validationFailed([issueOf(['body', 'columns'], 'import.no_email_column')], { id: 'import.columns_unrecognised' });
    case 'too-many-rows':
      throw new ApiError('payload_too_large', `An import can have at most ${MAX_IMPORT_ROWS.toLocaleString('en')} rows; this one has ${prepared.rowCount.toLocaleString('en')}.`, [{ path: rowsPath, message: `Can have at most ${MAX_IMPORT_ROWS} rows.` }]);
    case 'no-rows':
      throw validationFailed([issueOf(rowsPath, 'import.no_rows')], { id: 'import.nothing' });
  }
  const plan = { tenantId: p.tenantId, kind: input.kind, mode, lookup: prepared.lookup, seatCap: tenant.profile.technicianSeatCap, confirmAddSeats: input.confirmAddSeats };

  if (meta.dryRun) {
    await planImport(s.db, engine, { ...plan, dryRun: true });
    return { status: 200, body: (await engine.call('respond', { wantJson: false })).bytes };
  }
  const defaultRole = defaultRoleOf(tenant.profile, input.kind, roles);
  const committed = await commitImport(s, p, engine, {
    ...plan,
    requestId: meta.requestId,
    idempotency: meta.idempotencyKey ? { key: meta.idempotencyKey, requestHash: input.requestHash } : null,
    tenantName: tenant.name,
    invitationTtlHours: tenant.profile.invitationTtlHours,
    defaultSignInMethod: defaultSignInMethodOf(tenant.profile),
    defaultOrganizationId,
    defaultRoleId: defaultRole?.id ?? null,
    attributes,
  });
  if ('replayed' in committed) return replay(committed.replayed, input.requestHash);
  rows.committed = { imported: committed.answer.imported, skipped: committed.answer.skipped, failed: committed.answer.failed };
  return { status: 201, body: committed.answer.bytes };
}

const apiError = (e: EngineError) => new ApiError(e.code, e.localized ?? e.message, e.issues);

function replay(earlier: { request_hash: string; response: unknown }, requestHash: string): ImportReply {
  if (earlier.request_hash !== requestHash) {
    throw new ApiError('conflict', 'This Idempotency-Key was used for a different import.', [{ path: ['headers', 'Idempotency-Key'], message: 'Use a new key for a new import.' }]);
  }
  return { status: 201, body: earlier.response as BulkImportResponse };
}
