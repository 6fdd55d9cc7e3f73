import { forbidden } from '../errors.js';
import type { Principal } from './principal.js';

/**
 * Rules that need the target row. The route's permission is checked by the gate (middleware/gate); what depends on
 * whom or what a request acts on is decided here, and nowhere else.
 */

/** Integrations holding only `end_users.write` manage end users, never technicians (seed 002). */
export function assertMayManage(p: Principal, kind: 'technician' | 'end_user') {
  if (!p.permissions.has('users.write') && !(kind === 'end_user' && p.permissions.has('end_users.write'))) {
    throw forbidden(kind === 'technician' ? 'Technicians cannot be managed with this access.' : 'This needs the users.write permission.');
  }
}
