import type { SessionInfo, SessionList } from '@roster/contract';
import { actorOf, type Meta, type Services } from './context.js';
import type { Principal } from './principal.js';
import { notFound } from '../errors.js';
import { assertMayEndSessions } from './policy.js';
import { visibleUser } from './users.service.js';
import { endAllSessions, listLiveSessions, revokeUserSession, revokeUserSessions } from '../db/repositories/sessions.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';
import type { Db } from '../db/create-db.js';
import { auditImpersonationsEndedBy } from './impersonation.service.js';

/**
 * A person's sessions (the self-service sign-in's cookies): listed and ended by the person themself
 * (`/v1/auth/sessions`) or by an admin on the user's page (`/v1/users/:id/sessions`). Every sign-out is audited as
 * `user.sessions_revoked` with the ids of the sessions it ended. The self-service functions take a person (the routes
 * refuse integration clients first).
 */

async function sessionsOf(db: Db, p: Principal, userId: string): Promise<SessionList> {
  const rows = await listLiveSessions(db, p.tenantId, userId);
  const items = rows.map(
    (r): SessionInfo => ({
      id: r.id,
      createdAt: r.created_at,
      lastUsedAt: r.last_used_at,
      expiresAt: r.expires_at,
      userAgent: r.user_agent,
      address: r.address,
      current: r.id === p.sessionId,
      impersonatedBy: r.impersonator_id,
    }),
  );
  return { items };
}

function auditRevoked(db: Db, p: Principal, userId: string, sessionIds: string[], scope: 'one' | 'others' | 'everywhere', meta: Meta) {
  return insertAuditEvents(db, [
    { tenantId: p.tenantId, ...actorOf(p), action: 'user.sessions_revoked', targetType: 'user', targetId: userId, after: { scope, sessionIds }, requestId: meta.requestId },
  ]);
}

/** Why a person's own request ended a "view as" session of theirs: from inside it (signing out), or from another. */
const ownEnd = (p: Principal) => (sessionId: string) => (sessionId === p.sessionId ? ('signed_out' as const) : ('ended_by_user' as const));

/** `GET /v1/auth/sessions`: the caller's live sessions, the one making the request marked `current`. */
export function listOwnSessions(s: Services, p: Principal): Promise<SessionList> {
  return sessionsOf(s.db, p, p.id);
}

/** `DELETE /v1/auth/sessions/:id`: one of the caller's own sessions (the current one too: signing out here). */
export async function revokeOwnSession(s: Services, p: Principal, sessionId: string, meta: Meta): Promise<void> {
  await s.db.transaction().execute(async (trx) => {
    if (!(await revokeUserSession(trx, p.tenantId, p.id, sessionId))) throw notFound('Session');
    await auditRevoked(trx, p, p.id, [sessionId], 'one', meta);
    await auditImpersonationsEndedBy(trx, [sessionId], actorOf(p), ownEnd(p), meta);
  });
}

/**
 * `POST /v1/auth/sessions/revoke-all`: every session but the one making the request; with `includeCurrent` every
 * session and every widget token of the person too (the gate's cut), the caller's own included.
 */
export async function revokeOwnSessions(s: Services, p: Principal, input: { includeCurrent?: boolean | undefined }, meta: Meta): Promise<{ revoked: number }> {
  return s.db.transaction().execute(async (trx) => {
    const ended = input.includeCurrent ? await endAllSessions(trx, p.tenantId, p.id) : await revokeUserSessions(trx, p.tenantId, p.id, p.sessionId);
    await auditRevoked(trx, p, p.id, ended, input.includeCurrent ? 'everywhere' : 'others', meta);
    await auditImpersonationsEndedBy(trx, ended, actorOf(p), ownEnd(p), meta);
    return { revoked: ended.length };
  });
}

/** `GET /v1/users/:id/sessions`: a user the caller may see (404 outside their organizations and tenant). */
export async function listUserSessions(s: Services, p: Principal, userId: string): Promise<SessionList> {
  const user = await visibleUser(s.db, p, userId);
  return sessionsOf(s.db, p, user.id);
}

/** `DELETE /v1/users/:id/sessions/:sessionId`: one session of a user the caller may see. */
export async function revokeUserSessionAsAdmin(s: Services, p: Principal, userId: string, sessionId: string, meta: Meta): Promise<void> {
  const user = await visibleUser(s.db, p, userId);
  assertMayEndSessions(p, user);
  await s.db.transaction().execute(async (trx) => {
    if (!(await revokeUserSession(trx, p.tenantId, user.id, sessionId))) throw notFound('Session');
    await auditRevoked(trx, p, user.id, [sessionId], 'one', meta);
    // A "view as" session is one of the user's: ending it here ends the impersonation, audited as such.
    await auditImpersonationsEndedBy(trx, [sessionId], actorOf(p), () => 'ended_by_admin', meta);
  });
}

/** `DELETE /v1/users/:id/sessions` ("sign out everywhere"): every session and widget token of the user. */
export async function endUserSessions(s: Services, p: Principal, userId: string, meta: Meta): Promise<{ revoked: number }> {
  const user = await visibleUser(s.db, p, userId);
  assertMayEndSessions(p, user);
  return s.db.transaction().execute(async (trx) => {
    const ended = await endAllSessions(trx, p.tenantId, user.id);
    await auditRevoked(trx, p, user.id, ended, 'everywhere', meta);
    await auditImpersonationsEndedBy(trx, ended, actorOf(p), () => 'ended_by_admin', meta);
    return { revoked: ended.length };
  });
}
