import type { ImportMode } from '@roster/contract';
import type { Db } from '../../db/create-db.js';
import type { PgArray } from '../../db/array-literal.js';
import { countSeatedTechnicians, existingExternalIds, existingIdentities } from '../../db/repositories/users.repository.js';
import { suppressionsOf } from '../../db/repositories/email-suppressions.repository.js';
import { ApiError, validationFailed } from '../../errors.js';
import type { EngineHandle } from './engine-pool.js';

/**
 * The import's plan: which rows the tenant already has (one query for the whole file), each row's outcome (in the
 * engine), and the seats it needs. Run on its own for a dry run, and inside the commit's transaction — after its
 * Idempotency-Key is claimed and, with a seat cap, the tenant locked — for a commit, so a concurrent retry waits for
 * the first request and then replays its answer instead of seeing its users as duplicates.
 */
export interface PlanInput {
  tenantId: string;
  kind: 'technician' | 'end_user';
  mode: ImportMode;
  dryRun: boolean;
  lookup: { emails: PgArray; usernames: PgArray; externalIds: PgArray };
  seatCap: number | null;
  confirmAddSeats: boolean;
}

export async function planImport(db: Db, engine: EngineHandle, a: PlanInput): Promise<{ toInsert: number; seatsAdded: number }> {
  const existing = await existingIdentities(db, a.tenantId, a.lookup.emails, a.lookup.usernames);
  // Rows whose address is on the suppression list are imported, their invitations held back (and said so).
  const suppressed = await suppressionsOf(db, a.tenantId, a.lookup.emails);
  const externalIds = await existingExternalIds(db, a.tenantId, a.lookup.externalIds);
  const plan = await engine.call('plan', { existingEmails: [...existing.emails], existingUsernames: [...existing.usernames], existingExternalIds: [...externalIds], suppressedEmails: [...suppressed.keys()], mode: a.mode, dryRun: a.dryRun });
  if (plan.failure) throw validationFailed(plan.failure.issues, plan.failure.message);
  const technicians = a.kind === 'technician' ? plan.toInsert : 0;
  const seatsAdded = a.seatCap === null || technicians === 0 ? 0 : seatsBeyondCap(a.seatCap, await countSeatedTechnicians(db, a.tenantId), technicians);
  if (seatsAdded > 0 && !a.confirmAddSeats) throw seatLimit(a.seatCap!, seatsAdded);
  return { toInsert: plan.toInsert, seatsAdded };
}

/** The seats an import adds beyond the cap: the one seat computation of the import (the plan's and the audit's). */
export function seatsBeyondCap(cap: number, seated: number, adding: number): number {
  return Math.max(0, seated + adding - cap);
}

function seatLimit(cap: number, over: number) {
  return new ApiError('seat_limit_reached', `This import needs ${over} technician seat${over === 1 ? '' : 's'} more than the ${cap} you have. Confirm adding seats (confirmAddSeats: true) to go on.`, [
    { path: ['body', 'confirmAddSeats'], message: `Confirm adding ${over} seat${over === 1 ? '' : 's'}.` },
  ]);
}
