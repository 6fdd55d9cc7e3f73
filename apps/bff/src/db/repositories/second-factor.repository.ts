import type { SignInMethod } from '@roster/contract';
import type { Db } from '../create-db.js';
import { updateUserRow } from './users.repository.js';
import { deleteRecoveryCodes } from './recovery-codes.repository.js';
import { deleteWebauthnCredentials } from './webauthn-credentials.repository.js';
import { killUserTokens } from './one-time-tokens.repository.js';

/**
 * The one place a user's second factor is wiped: the TOTP secret and its last step, the security keys, the
 * recovery codes, any text-message code or set-up in flight, and the enrolled state (and, with `method`, the sign-in method). A 2FA reset and a change of sign-in method both call it, in
 * their transaction, and end the sessions and credential links themselves.
 */
export async function clearSecondFactor(trx: Db, tenantId: string, userId: string, method?: SignInMethod) {
  await updateUserRow(trx, tenantId, userId, { mfa_state: 'not_enrolled', mfa_secret_encrypted: null, mfa_last_step: null, ...(method ? { sign_in_method: method } : {}) });
  await deleteRecoveryCodes(trx, tenantId, userId);
  await deleteWebauthnCredentials(trx, tenantId, userId);
  await killUserTokens(trx, tenantId, userId, ['sms_code', 'sms_enrolment']);
}
