import { checkMobilePhone, issueOf, productNameOf, SMS_CODE_MINUTES, SMS_CODE_TRIES, SMS_CODES_PER_WINDOW, SMS_RESEND_SECONDS, SMS_WINDOW_MINUTES, type SmsCodeSent } from '@roster/contract';
import { phoneMetadata } from '@roster/contract/phone-metadata';
import type { Db } from '../db/create-db.js';
import type { Meta, Services } from './context.js';
import type { Principal } from './principal.js';
import { ApiError, conflict, validationFailed } from '../errors.js';
import { tenantProfile } from './tenant-profile.js';
import { SESSION_TTL_HOURS, storeRecoveryCodes } from './auth.service.js';
import { newRecoveryCodes } from '../auth/recovery-codes.js';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import { maskedNumber, newSalt, newSmsCode, normalizeSmsCode, smsCodeHash, smsCodeMatches } from '../auth/sms-codes.js';
import { consumeOneTimeToken, countTokenTry, findLiveToken, peekOneTimeToken, recentTokens, replaceOneTimeToken, spendToken } from '../db/repositories/one-time-tokens.repository.js';
import { findCredentialState, findEnrollingUser, lockUserRow, updateUserRow } from '../db/repositories/users.repository.js';
import { insertSession } from '../db/repositories/sessions.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';
import { enqueueSms } from '../sms/outbox.js';
import { signInCodeText } from '../sms/texts.js';

/**
 * Text-message sign-in (`sms`). A code is six random digits, sent through the SMS outbox in the transaction that
 * issues it, and kept as a one-time token (`sms_code`): only its keyed hash (auth/sms-codes.ts), the number it went
 * to and the step it is for (`via`: a sign-in, an enrolment, a step-up) — one live code per person, a new one kills
 * the old. It is valid SMS_CODE_MINUTES, spent by the statement that accepts it, and burnt after SMS_CODE_TRIES
 * wrong tries. Sending is limited per person (another no sooner than SMS_RESEND_SECONDS after an unused one,
 * SMS_CODES_PER_WINDOW per SMS_WINDOW_MINUTES), counted under the person's row lock: 429 with Retry-After naming when.
 *
 * Setting the method up (an invitation, or a sign-in after a reset) proves the number: the step's ticket
 * (`sms_enrolment`), a code to the number, the code back; only then is the number the person's and the method
 * enrolled. A changed number of a person who signs in with text messages is proven again the same way: any phone
 * change (an admin's, or one's own with a step-up) sets the factor back to not enrolled (user-edit.service.ts).
 */
type Via = 'login' | 'enrolment' | 'step_up';
type Person = { id: string; tenant_id: string; language: string };
type CodeData = { via?: unknown; to?: unknown; salt?: unknown; codeHash?: unknown };

const ENROLMENT_MINUTES = { invitation: 60, login: 15 } as const;

const EXPIRED_ENROLMENT = () => new ApiError('bad_request', 'This set-up has expired. Start again.', [{ path: ['body', 'ticket'], message: 'Is invalid or has expired.' }]);
export const WRONG_SMS_CODE = 'The code is not valid or has expired. Check the newest text message, or ask for a new code.';

function rateLimited(retryAfterSeconds: number) {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new ApiError('rate_limited', `Too many codes asked for: you can ask for a new code in ${seconds} seconds.`, undefined, { 'Retry-After': String(seconds) });
}

/** The number, in E.164, if it can receive text messages; otherwise the 422 naming `path`. */
export function mobileNumber(raw: string | null | undefined, path: (string | number)[]): string {
  if (raw === undefined || raw === null || raw.trim() === '') throw validationFailed([issueOf(path, 'phone.mobile_required')]);
  const r = checkMobilePhone(raw, phoneMetadata);
  if (!r.ok) throw validationFailed([issueOf(path, r.message.id, r.message.params)]);
  return r.value;
}

const isMobile = (phone: string | null | undefined) => !!phone && checkMobilePhone(phone, phoneMetadata).ok;

/**
 * Sends a new code to `to` for `via` (pass the transaction of the change; the person's row is locked to count).
 * Throws 429 when the person has had their codes for now.
 */
export async function sendSmsCodeIn(trx: Db, s: Pick<Services, 'config'>, user: Person, to: string, via: Via): Promise<SmsCodeSent> {
  await lockUserRow(trx, user.tenant_id, user.id);
  // Another code while the last one is still unused: not before SMS_RESEND_SECONDS (a code just used is no reason to wait).
  const last = await recentTokens(trx, user.tenant_id, user.id, 'sms_code', SMS_RESEND_SECONDS, { unusedOnly: true });
  if (last.count > 0) throw rateLimited((Date.parse(last.oldest!) + SMS_RESEND_SECONDS * 1000 - Date.now()) / 1000);
  const window = await recentTokens(trx, user.tenant_id, user.id, 'sms_code', SMS_WINDOW_MINUTES * 60);
  if (window.count >= SMS_CODES_PER_WINDOW) throw rateLimited((Date.parse(window.oldest!) + SMS_WINDOW_MINUTES * 60_000 - Date.now()) / 1000);
  const code = newSmsCode();
  const salt = newSalt();
  const expiresAt = new Date(Date.now() + SMS_CODE_MINUTES * 60_000).toISOString();
  const codeHash = smsCodeHash(s.config.signingKey, { salt, tenantId: user.tenant_id, userId: user.id, code });
  await replaceOneTimeToken(trx, { tenantId: user.tenant_id, userId: user.id, purpose: 'sms_code', tokenHash: hashSecret(generateSecret()), expiresAt, data: { via, to, salt, codeHash } });
  const { branding } = await tenantProfile(trx, user.tenant_id);
  const body = signInCodeText({ code, productName: productNameOf(branding), minutes: SMS_CODE_MINUTES, language: user.language });
  await enqueueSms(trx, s.config, { tenantId: user.tenant_id, userId: user.id, to, body });
  return { to: maskedNumber(to), expiresAt, resendAfterSeconds: SMS_RESEND_SECONDS };
}

/** `sendSmsCodeIn` in a transaction of its own. */
export function sendSmsCode(s: Services, user: Person, to: string, via: Via): Promise<SmsCodeSent> {
  return s.db.transaction().execute((trx) => sendSmsCodeIn(trx, s, user, to, via));
}

/**
 * Checks a typed code against the person's live code for `via` and spends it when right (one code, one use, even
 * under concurrent tries); a wrong one counts a try against the live code (the fifth burns it). Returns the number
 * the code was sent to, or null.
 */
export async function spendSmsCode(s: Services, owner: { tenantId: string; userId: string }, via: Via, typed: string): Promise<{ to: string } | null> {
  const live = await findLiveToken(s.db, owner.tenantId, owner.userId, 'sms_code');
  const data = live?.data as CodeData | null | undefined;
  if (!live || data?.via !== via || typeof data.salt !== 'string' || typeof data.codeHash !== 'string' || typeof data.to !== 'string') return null;
  const code = normalizeSmsCode(typed);
  if (code !== null && smsCodeMatches(s.config.signingKey, { salt: data.salt, tenantId: owner.tenantId, userId: owner.userId, code }, data.codeHash) && (await spendToken(s.db, owner.tenantId, live.id))) {
    return { to: data.to };
  }
  await countTokenTry(s.db, owner.tenantId, live.id, SMS_CODE_TRIES);
  return null;
}

/**
 * The ticket of setting text messages up (an invitation's, or a sign-in's), and the first code when the number is
 * known (pass the transaction of the change).
 */
export async function issueSmsEnrolment(trx: Db, s: Pick<Services, 'config'>, user: Person & { phone: string | null }, via: 'invitation' | 'login', phone: string | null) {
  const ticket = generateSecret();
  await replaceOneTimeToken(trx, { tenantId: user.tenant_id, userId: user.id, purpose: 'sms_enrolment', tokenHash: hashSecret(ticket), expiresAt: new Date(Date.now() + ENROLMENT_MINUTES[via] * 60_000).toISOString(), data: { via } });
  const to = phone ?? (isMobile(user.phone) ? user.phone : null);
  return { ticket, sent: to ? await sendSmsCodeIn(trx, s, user, to, 'enrolment') : null };
}

/** A sign-in that needs text messages set up: its ticket, and the first code when a mobile number is on file. */
export function smsEnrolmentAtLogin(s: Services, user: Person & { phone: string | null }) {
  return s.db.transaction().execute((trx) => issueSmsEnrolment(trx, s, user, 'login', null));
}

/** Whose set-up a ticket is, while it is live and its person still sets text messages up. */
async function enrollingOwner(s: Services, ticket: string) {
  const t = await peekOneTimeToken(s.db, hashSecret(ticket), 'sms_enrolment');
  const user = t ? await findEnrollingUser(s.db, t.tenant_id, t.user_id) : undefined;
  if (!t || !user || user.sign_in_method !== 'sms' || user.mfa_state === 'enrolled' || user.status === 'deactivated' || !user.password_hash) throw EXPIRED_ENROLMENT();
  return user;
}

/**
 * `POST /v1/auth/sms/enrolment-code`: a code for the set-up of `ticket` — to the number given (a mobile number; 422
 * naming `body.phone` otherwise), or to the one on file. Asking again sends a new code (limited as every code).
 */
export async function sendEnrolmentCode(s: Services, body: { ticket: string; phone?: string | undefined }) {
  const user = await enrollingOwner(s, body.ticket);
  const to = body.phone !== undefined ? mobileNumber(body.phone, ['body', 'phone']) : isMobile(user.phone) ? user.phone! : mobileNumber(null, ['body', 'phone']);
  return sendSmsCode(s, user, to, 'enrolment');
}

/**
 * `POST /v1/invitations/confirm-sms` (`via: 'invitation'`) and `POST /v1/auth/sms/enrol` (`via: 'login'`): the code
 * proves the number → the number is the person's, text messages are enrolled, the person active, with recovery
 * codes shown once; a sign-in's set-up also signs in. A wrong code keeps the ticket (the code counts the try).
 */
export async function confirmSmsEnrolment(s: Services, body: { ticket: string; code: string }, via: 'invitation' | 'login', meta: Meta) {
  const user = await enrollingOwner(s, body.ticket);
  if (via === 'invitation' && user.status !== 'invited') throw EXPIRED_ENROLMENT();
  const proven = await spendSmsCode(s, { tenantId: user.tenant_id, userId: user.id }, 'enrolment', body.code);
  if (!proven) throw validationFailed([{ path: ['body', 'code'], message: WRONG_SMS_CODE }], 'The code is not valid.');
  const recoveryCodes = newRecoveryCodes();
  return s.db.transaction().execute(async (trx) => {
    const used = await consumeOneTimeToken(trx, hashSecret(body.ticket), 'sms_enrolment');
    if (!used || (used.data as { via?: unknown } | null)?.via !== via || used.user_id !== user.id) throw EXPIRED_ENROLMENT();
    const now = new Date().toISOString();
    await updateUserRow(trx, user.tenant_id, user.id, { phone: proven.to, mfa_state: 'enrolled', status: 'active', failed_login_count: 0, locked_until: null, invitation_expires_at: null, ...(via === 'login' ? { last_login_at: now } : {}) });
    await storeRecoveryCodes(trx, user.tenant_id, user.id, recoveryCodes);
    await insertAuditEvents(trx, [{ tenantId: user.tenant_id, actorType: 'user', actorId: user.id, action: 'user.mfa_enrolled', targetType: 'user', targetId: user.id, before: { status: user.status }, after: { status: 'active', mfaState: 'enrolled', signInMethod: 'sms' }, requestId: meta.requestId }]);
    if (via === 'invitation') return { status: 'active' as const, recoveryCodes, session: null };
    const token = generateSecret('rss_');
    const expiresAt = new Date(Date.now() + SESSION_TTL_HOURS * 3600_000).toISOString();
    await insertSession(trx, { tenantId: user.tenant_id, userId: user.id, tokenHash: hashSecret(token), expiresAt, userAgent: meta.userAgent, address: meta.address });
    await insertAuditEvents(trx, [{ tenantId: user.tenant_id, actorType: 'user', actorId: user.id, action: 'user.logged_in', targetType: 'user', targetId: user.id, after: { with: 'sms' }, requestId: meta.requestId }]);
    return { status: 'active' as const, recoveryCodes, session: { token, expiresAt, userId: user.id } };
  });
}

/** `POST /v1/auth/step-up/sms`: a code for one's own step-up, to one's enrolled number (409 for anyone else). */
export async function stepUpSmsCode(s: Services, p: Principal) {
  if (p.type !== 'user') throw new ApiError('forbidden', 'This is for people signed in, not for API clients.');
  const user = await findCredentialState(s.db, p.tenantId, p.id);
  if (!user || user.sign_in_method !== 'sms' || user.mfa_state !== 'enrolled' || !user.phone) throw conflict('You do not sign in with text messages: confirm with your password and code or security key instead.');
  return sendSmsCode(s, user, user.phone, 'step_up');
}
