import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod/mini';
import type { Services } from '../../services/context.js';
import { jsonBody, query } from '../../middleware/validate/validator.js';
import { landImpersonation } from '../../services/impersonation.service.js';
import { ImpersonationLandingQuerySchema } from '@roster/contract';
import { rateLimit } from '../../middleware/rate-limit/index.js';
import { credentialChange, gate, SESSION_COOKIE } from '../../middleware/gate/index.js';
import { describe, ok } from '../../openapi/describe.js';
import {
  ChangePasswordRequestSchema,
  LoginRequestSchema,
  MfaConfirmRequestSchema,
  MfaEnrolmentRequiredSchema,
  MfaEnrolmentSchema,
  MfaEnrolRequestSchema,
  MfaReEnrolmentRequestSchema,
  EnrolledSessionResponseSchema,
  WebauthnAnswerSchema,
  WebauthnChallengeSchema,
  WebauthnCredentialListSchema,
  WebauthnCredentialSchema,
  WebauthnRegistrationRequiredSchema,
  WebauthnRequiredSchema,
  RecoveryCodeCountSchema,
  RecoveryCodesSchema,
  RevokedSessionsSchema,
  RevokeSessionsRequestSchema,
  SessionListSchema,
  SessionResponseSchema,
  SmsCodeSentResponseSchema,
  SmsCodeSentSchema,
  SmsEnrolmentCodeRequestSchema,
  SmsEnrolmentRequiredSchema,
  STEP_UP_HEADER,
  StepUpRequestSchema,
  StepUpResponseSchema,
  UserSchema,
} from '@roster/contract';
import { changePassword, confirmEmailChange, confirmMfaReEnrolment, enrolAtLogin, forgotPassword, login, logout, recoveryCodeCount, regenerateRecoveryCodes, resetPassword, SESSION_TTL_HOURS, startMfaReEnrolment, stepUp } from '../../services/auth.service.js';
import { forbidden } from '../../errors.js';
import { confirmSmsEnrolment, sendEnrolmentCode, stepUpSmsCode } from '../../services/sms.service.js';
import { addOwnKey, enrolKeyAtLogin, listOwnKeys, loginWithKey, removeOwnKey, startKeyRegistration, stepUpChallenge } from '../../services/webauthn.service.js';
import type { Principal } from '../../services/principal.js';
import { getUser } from '../../services/users.service.js';
import { inTenant, inTenantOfToken } from '../../services/tenant-scopes.js';
import { listOwnSessions, revokeOwnSession, revokeOwnSessions } from '../../services/sessions.service.js';
import { socketAddress } from '../../middleware/rate-limit/index.js';
import { parseIdParam } from '../../middleware/validate/index.js';

const Id = z.uuid({ error: 'Must be an ID (a UUID).' });
export const ForgotSchema = z.strictObject({ tenantId: Id, email: z.string().check(z.maxLength(320)) });
export const ConfirmEmailSchema = z.strictObject({ token: z.string().check(z.maxLength(200)) });
export const ResetSchema = z.strictObject({ token: z.string().check(z.maxLength(200)), password: z.string().check(z.maxLength(200)) });

const stepUpHeader = { name: STEP_UP_HEADER, in: 'header' as const, required: false, description: 'A step-up token (POST /v1/auth/step-up) instead of the proof in the body', schema: { type: 'string' as const } };
const proofText = 'Fresh proof: the current password and, when a factor is enrolled, a current TOTP code (or, for text-message sign-in, the code of POST /v1/auth/step-up/sms) — or a step-up token in the Roster-Step-Up header; never a session or widget token alone (403). A person who signs in with security keys proves it with a step-up token (POST /v1/auth/step-up with the key), never with the password alone (422 naming `body.webauthn`).';

/** Self-service routes act for a person, never for an integration's client. */
function person(p: Principal) {
  if (p.type !== 'user') throw forbidden('This is for people signed in, not for API clients.');
  return p;
}

/** The fresh proof of a credential route: the Roster-Step-Up header's token, or the password and code in the body. */
const freshProof = (stepUpToken: string | undefined, body: { password?: string | undefined; code?: string | undefined }) => ({ stepUpToken, password: body.password, code: body.code });

export function authRoutes(s: Services) {
  const secure = s.config.publicUrl.startsWith('https://');
  const meta = (c: { get(key: 'requestId'): string }) => ({ requestId: c.get('requestId') });
  /** A sign-in's meta: also the browser and address the new session is started from (the sessions list). */
  const signInMeta = (c: Context) => ({ ...meta(c), userAgent: c.req.header('user-agent')?.slice(0, 512), address: socketAddress(c) });
  return new Hono()
    .post(
      '/login',
      describe({
        operationId: 'login', tag: 'Auth', summary: 'Sign in (email or username, password, TOTP or text-message code, or a recovery code) → session cookie',
        description: 'A recovery code (`recoveryCode`) stands in for the second factor once; a wrong one counts as a failed sign-in, like a wrong code. A locked account answers like a wrong password (401). The right password where 2FA is required and no factor is enrolled answers `mfa_enrolment_required`, `webauthn_registration_required` or `sms_enrolment_required` by the sign-in method (no session, no failure counted). A person who signs in with text messages: the right password without `code` sends a code to their mobile number and answers `sms_code_sent` (the number masked, when the code expires, when another may be asked for: asking again sends a new one, at most one per 30 s and 5 per 15 min, else 429 with Retry-After); the same request with `code` signs in. A text-message code is single-use, valid 5 minutes and burnt after 5 wrong tries; a wrong one counts as a failed sign-in.',
        responses: { 200: ok('Signed in (`Set-Cookie: roster_session`); or the enrolment a required second factor needs first; or, for a security key, its challenge (POST /v1/auth/webauthn/login); or, for text messages, the code sent', z.union([SessionResponseSchema, MfaEnrolmentRequiredSchema, WebauthnRequiredSchema, WebauthnRegistrationRequiredSchema, SmsCodeSentResponseSchema, SmsEnrolmentRequiredSchema])) },
        errors: [401, 429],
      }),
      rateLimit(s, { max: 30, failuresOnly: true }),
      jsonBody(LoginRequestSchema),
      async (c) => {
        const body = c.req.valid('json');
        const result = await inTenant(body.tenantId, () => login(s, body, signInMeta(c)));
        // The right password without an enrolled factor where 2FA is required: enrolment, no session yet.
        if (result.status !== 'signed_in') return c.json(result, 200);
        setCookie(c, SESSION_COOKIE, result.token, { httpOnly: true, secure, sameSite: 'Lax', path: '/', maxAge: SESSION_TTL_HOURS * 3600 });
        return c.json({ userId: result.userId, expiresAt: result.expiresAt }, 200);
      },
    )
    .post(
      '/mfa/enrol',
      describe({ operationId: 'enrolMfaAtLogin', tag: 'Auth', summary: 'Enrol the TOTP factor a sign-in asked for (its ticket and the first code) → active and signed in', responses: { 200: ok('Enrolled and signed in; `Set-Cookie: roster_session`; the recovery codes, shown this once', EnrolledSessionResponseSchema) } }),
      rateLimit(s, { max: 20, failuresOnly: true }),
      jsonBody(MfaEnrolRequestSchema),
      async (c) => {
        const body = c.req.valid('json');
        const session = await inTenantOfToken(s, body.ticket, () => enrolAtLogin(s, body, signInMeta(c)));
        setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, secure, sameSite: 'Lax', path: '/', maxAge: SESSION_TTL_HOURS * 3600 });
        return c.json({ userId: session.userId, expiresAt: session.expiresAt, recoveryCodes: session.recoveryCodes }, 200);
      },
    )
    .post(
      '/sms/enrolment-code',
      describe({ operationId: 'sendSmsEnrolmentCode', tag: 'Auth', summary: 'Setting up text-message sign-in (the ticket of an invitation or a sign-in): send a code to `phone` (a mobile number) or to the number on file', description: 'Asking again sends a new code (the old one dies), at most one per 30 s and 5 per 15 min (429 with Retry-After). A number that is not a valid mobile number, or none where none is on file, is refused with 422 naming `body.phone`.', responses: { 200: ok('The code is on its way', SmsCodeSentSchema) }, errors: [400, 422, 429] }),
      rateLimit(s, { max: 20, failuresOnly: true }),
      jsonBody(SmsEnrolmentCodeRequestSchema),
      async (c) => {
        const body = c.req.valid('json');
        return c.json(await inTenantOfToken(s, body.ticket, () => sendEnrolmentCode(s, body)), 200);
      },
    )
    .post(
      '/sms/enrol',
      describe({ operationId: 'enrolSmsAtLogin', tag: 'Auth', summary: 'Confirm the mobile number a sign-in asked for (its ticket and the code sent to it) → enrolled, active and signed in', description: 'A wrong code keeps the ticket and counts a try against the code (5 burn it): 422 naming `body.code`.', responses: { 200: ok('Enrolled and signed in; `Set-Cookie: roster_session`; the recovery codes, shown this once', EnrolledSessionResponseSchema) }, errors: [400, 422] }),
      rateLimit(s, { max: 20, failuresOnly: true }),
      jsonBody(MfaEnrolRequestSchema),
      async (c) => {
        const body = c.req.valid('json');
        const done = await inTenantOfToken(s, body.ticket, () => confirmSmsEnrolment(s, body, 'login', signInMeta(c)));
        const session = done.session!;
        setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, secure, sameSite: 'Lax', path: '/', maxAge: SESSION_TTL_HOURS * 3600 });
        return c.json({ userId: session.userId, expiresAt: session.expiresAt, recoveryCodes: done.recoveryCodes }, 200);
      },
    )
    .post(
      '/webauthn/login',
      describe({ operationId: 'loginWithWebauthn', tag: 'Auth', summary: 'Sign in with a security key or passkey: the key’s answer to the challenge of a sign-in whose password was right → session cookie', description: 'The ticket is single-use, lives 5 minutes and belongs to that sign-in. Another person’s key, a wrong origin or RP id, a replayed challenge or a counter that went back answer like a wrong password (401) and count as a failed sign-in.', responses: { 200: ok('Signed in; `Set-Cookie: roster_session`', SessionResponseSchema) }, errors: [400, 401] }),
      rateLimit(s, { max: 30, failuresOnly: true }),
      jsonBody(WebauthnAnswerSchema),
      async (c) => {
        const body = c.req.valid('json');
        const session = await inTenantOfToken(s, body.ticket, () => loginWithKey(s, body, signInMeta(c)));
        setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, secure, sameSite: 'Lax', path: '/', maxAge: SESSION_TTL_HOURS * 3600 });
        return c.json({ userId: session.userId, expiresAt: session.expiresAt }, 200);
      },
    )
    .post(
      '/webauthn/enrol',
      describe({ operationId: 'enrolWebauthnAtLogin', tag: 'Auth', summary: 'Register the security key a sign-in asked for (its ticket and the key’s answer) → active and signed in', responses: { 200: ok('Enrolled and signed in; `Set-Cookie: roster_session`; the recovery codes, shown this once', EnrolledSessionResponseSchema) }, errors: [400, 409, 422] }),
      rateLimit(s, { max: 20, failuresOnly: true }),
      jsonBody(WebauthnAnswerSchema),
      async (c) => {
        const body = c.req.valid('json');
        const session = await inTenantOfToken(s, body.ticket, () => enrolKeyAtLogin(s, body, signInMeta(c)));
        setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, secure, sameSite: 'Lax', path: '/', maxAge: SESSION_TTL_HOURS * 3600 });
        return c.json({ userId: session.userId, expiresAt: session.expiresAt, recoveryCodes: session.recoveryCodes }, 200);
      },
    )
    .get(
      '/webauthn/credentials',
      describe({ operationId: 'listMyWebauthnKeys', tag: 'Auth', summary: 'One’s own security keys and passkeys', responses: { 200: ok('The keys, oldest first', WebauthnCredentialListSchema) }, errors: [403] }),
      gate(s, []),
      async (c) => c.json(await listOwnKeys(s, person(c.get('principal'))), 200),
    )
    .post(
      '/webauthn/registration',
      describe({ operationId: 'startWebauthnRegistration', tag: 'Auth', summary: 'Start registering another security key or passkey → its options and ticket (5 minutes, single-use)', description: `${proofText} With the header the body may be empty.`, parameters: [stepUpHeader], responses: { 200: ok('The registration options', WebauthnChallengeSchema) }, errors: [403] }),
      gate(s, []),
      credentialChange,
      rateLimit(s, { max: 20, failuresOnly: true }),
      jsonBody(MfaReEnrolmentRequestSchema, { optionalWhen: 'empty' }),
      async (c) => {
        const body = c.req.valid('json');
        const proof = freshProof(c.req.header(STEP_UP_HEADER), body);
        return c.json(await startKeyRegistration(s, person(c.get('principal')), proof, meta(c)), 200);
      },
    )
    .post(
      '/webauthn/credentials',
      describe({ operationId: 'addMyWebauthnKey', tag: 'Auth', summary: 'Finish registering a security key: the key’s answer to one’s own registration ticket → the key (and, for the first key of a person who signs in with keys, the recovery codes, once)', responses: { 201: ok('Registered', z.object({ key: WebauthnCredentialSchema, recoveryCodes: z.optional(z.array(z.string())) })) }, errors: [400, 403, 409, 422] }),
      gate(s, []),
      credentialChange,
      rateLimit(s, { max: 20, failuresOnly: true }),
      jsonBody(WebauthnAnswerSchema),
      async (c) => c.json(await addOwnKey(s, person(c.get('principal')), c.req.valid('json'), meta(c)), 201),
    )
    .delete(
      '/webauthn/credentials/:id',
      describe({ operationId: 'removeMyWebauthnKey', tag: 'Auth', summary: 'Remove one of one’s own security keys (a step-up in the Roster-Step-Up header); never the last one while keys are how one signs in (409)', parameters: [stepUpHeader], responses: { 204: { description: 'Removed' } }, errors: [403, 404, 409] }),
      gate(s, []),
      credentialChange,
      async (c) => {
        await removeOwnKey(s, person(c.get('principal')), parseIdParam(c, 'id', 'Security key'), { stepUpToken: c.req.header(STEP_UP_HEADER) }, meta(c));
        return c.body(null, 204);
      },
    )
    .get(
      '/recovery-codes',
      describe({ operationId: 'countMyRecoveryCodes', tag: 'Auth', summary: 'How many unused recovery codes one has left (never the codes)', responses: { 200: ok('The count', RecoveryCodeCountSchema) }, errors: [403] }),
      gate(s, []),
      async (c) => c.json(await recoveryCodeCount(s, person(c.get('principal'))), 200),
    )
    .post(
      '/recovery-codes',
      describe({ operationId: 'regenerateMyRecoveryCodes', tag: 'Auth', summary: 'A new set of recovery codes, shown this once; the old set stops working', description: `${proofText} With the header the body may be empty. 409 while no second factor is set up.`, parameters: [stepUpHeader], responses: { 200: ok('The new codes', RecoveryCodesSchema) }, errors: [403, 409] }),
      gate(s, []),
      credentialChange,
      rateLimit(s, { max: 20, failuresOnly: true }),
      jsonBody(MfaReEnrolmentRequestSchema, { optionalWhen: 'empty' }),
      async (c) => {
        const body = c.req.valid('json');
        const proof = freshProof(c.req.header(STEP_UP_HEADER), body);
        return c.json(await regenerateRecoveryCodes(s, person(c.get('principal')), proof, meta(c)), 200);
      },
    )
    .post('/logout', describe({ operationId: 'logout', tag: 'Auth', summary: 'Sign out: ends the session of the `roster_session` cookie and clears it', responses: { 204: { description: 'Signed out' } } }), async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await logout(s, token, meta(c));
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
      return c.body(null, 204);
    })
    // A "view as" link (POST /v1/users/:id/impersonate), opened once in the browser that is to act as the user.
    .get(
      '/impersonation',
      describe({
        operationId: 'landImpersonation', tag: 'Auth',
        summary: 'Open a "view as" link: once, it sets the session cookie of the impersonated session and redirects (303) to the tenant’s landing page (the profile’s impersonationLandingUrl, else /account). Unknown, used or expired: 404 naming query.token.',
        responses: { 303: { description: 'Signed in as the user; Location is the landing page' } }, errors: [404, 422, 429],
      }),
      rateLimit(s, { max: 30, failuresOnly: true }),
      query(ImpersonationLandingQuerySchema),
      async (c) => {
        const landed = await landImpersonation(s, c.req.valid('query').token, meta(c));
        setCookie(c, SESSION_COOKIE, landed.cookie, { httpOnly: true, secure, sameSite: 'Lax', path: '/', maxAge: landed.maxAgeSeconds });
        return c.redirect(landed.landingUrl, 303);
      },
    )
    .get('/me', describe({ operationId: 'getMe', tag: 'Auth', summary: 'The signed-in user', responses: { 200: ok('The user', UserSchema) } }), gate(s, []), async (c) => {
      const p = c.get('principal');
      return c.json(await getUser(s, { ...p, organizationScope: 'all' }, p.id), 200);
    })
    .get(
      '/sessions',
      describe({ operationId: 'listMySessions', tag: 'Auth', summary: 'One’s own live sessions (self-service sign-ins); the one making the request is `current`', description: 'A widget token is not a session: with one, no session is `current`.', responses: { 200: ok('The sessions, most recently used first', SessionListSchema) }, errors: [403] }),
      gate(s, []),
      async (c) => c.json(await listOwnSessions(s, person(c.get('principal'))), 200),
    )
    .post(
      '/sessions/revoke-all',
      describe({ operationId: 'revokeMySessions', tag: 'Auth', summary: 'Sign out everywhere else: every other session ends; with `includeCurrent` this one and every widget token too', responses: { 200: ok('How many sessions ended', RevokedSessionsSchema) }, errors: [403] }),
      gate(s, []),
      jsonBody(RevokeSessionsRequestSchema, { optionalWhen: 'empty' }),
      async (c) => c.json(await revokeOwnSessions(s, person(c.get('principal')), c.req.valid('json'), meta(c)), 200),
    )
    .delete(
      '/sessions/:id',
      describe({ operationId: 'revokeMySession', tag: 'Auth', summary: 'End one of one’s own sessions (the current one too: signing out there)', responses: { 204: { description: 'Ended' } }, errors: [403, 404] }),
      gate(s, []),
      async (c) => {
        await revokeOwnSession(s, person(c.get('principal')), parseIdParam(c, 'id', 'Session'), meta(c));
        return c.body(null, 204);
      },
    )
    .post(
      '/forgot-password',
      describe({ operationId: 'forgotPassword', tag: 'Auth', summary: 'Always 202: a reset link is sent if the address has an account (at most 3 an hour per account)', responses: { 202: ok('Accepted', z.object({ status: z.literal('accepted'), message: z.string() })) } }),
      rateLimit(s, { max: 10 }),
      jsonBody(ForgotSchema),
      async (c) => {
        const body = c.req.valid('json');
        await inTenant(body.tenantId, () => forgotPassword(s, body));
        return c.json({ status: 'accepted', message: 'If the address belongs to an account, a reset link is on its way.' }, 202);
      },
    )
    .post(
      '/reset-password',
      describe({ operationId: 'resetPassword', tag: 'Auth', summary: "A new password with the reset link's token (ends every session)", responses: { 200: ok('Changed', z.object({ status: z.literal('ok') })) } }),
      rateLimit(s, { max: 20, failuresOnly: true }),
      jsonBody(ResetSchema),
      async (c) => {
        const body = c.req.valid('json');
        await inTenantOfToken(s, body.token, () => resetPassword(s, body, meta(c)));
        return c.json({ status: 'ok' }, 200);
      },
    )
    .post(
      '/change-password',
      describe({ operationId: 'changePassword', tag: 'Auth', summary: 'Change one’s own password (ends every session and kills outstanding reset and email-change links)', description: proofText, parameters: [stepUpHeader], responses: { 204: { description: 'Changed' } }, errors: [403] }),
      gate(s, []),
      credentialChange,
      rateLimit(s, { max: 20, failuresOnly: true }),
      jsonBody(ChangePasswordRequestSchema),
      async (c) => {
        const body = c.req.valid('json');
        await changePassword(s, person(c.get('principal')), body, c.req.header(STEP_UP_HEADER), meta(c));
        return c.body(null, 204);
      },
    )
    // Fresh proof for credential changes: a session cookie or a widget token alone never changes a credential.
    .post(
      '/step-up',
      describe({
        operationId: 'stepUp', tag: 'Auth', summary: 'Fresh proof from the person → a step-up token for the Roster-Step-Up header of credential changes',
        description: 'A session cookie or widget token plus the current password and, when enrolled, the factor as at sign-in: a current TOTP code (`code`), or — for a person who signs in with security keys — a key’s answer to a step-up challenge (`webauthn`: the ticket and assertion of POST /v1/auth/step-up/webauthn; its counter is checked as at sign-in). A `recoveryCode` stands in for either, once. The password alone is refused (422 naming `body.code` or `body.webauthn`); a wrong key, another person’s key, a spent ticket or a sign-in’s ticket is refused (422 naming `body.webauthn`) and counts as a failed sign-in. The token is valid 5 minutes and dies when the user’s sessions end; it covers the password, the second factor, keys, recovery codes and one’s own email.',
        responses: { 200: ok('The step-up token', StepUpResponseSchema) }, errors: [403, 422],
      }),
      gate(s, []),
      rateLimit(s, { max: 20, failuresOnly: true }),
      jsonBody(StepUpRequestSchema),
      async (c) => {
        const body = c.req.valid('json');
        return c.json(await stepUp(s, person(c.get('principal')), body, meta(c)), 200);
      },
    )
    .post(
      '/step-up/webauthn',
      describe({
        operationId: 'startWebauthnStepUp', tag: 'Auth', summary: 'The security-key challenge of a step-up (single-use, 5 minutes, for this person’s step-up only) → options for navigator.credentials.get and its ticket',
        description: 'For a person who signs in with security keys. The answer goes to POST /v1/auth/step-up as `webauthn` with the password. 409 for a person who does not sign in with keys.',
        responses: { 200: ok('The assertion options and ticket', WebauthnChallengeSchema) }, errors: [403, 409],
      }),
      gate(s, []),
      rateLimit(s, { max: 20, failuresOnly: true }),
      async (c) => c.json(await stepUpChallenge(s, person(c.get('principal'))), 200),
    )
    .post(
      '/step-up/sms',
      describe({
        operationId: 'startSmsStepUp', tag: 'Auth', summary: 'The text-message code of a step-up: sent to one’s enrolled mobile number (single-use, 5 minutes, for a step-up only)',
        description: 'For a person who signs in with text messages. The code goes to POST /v1/auth/step-up (or any route taking fresh proof in the body) as `code` with the password. At most one per 30 s and 5 per 15 min (429 with Retry-After). 409 for a person who does not sign in with text messages.',
        responses: { 200: ok('The code is on its way', SmsCodeSentSchema) }, errors: [403, 409, 429],
      }),
      gate(s, []),
      rateLimit(s, { max: 20, failuresOnly: true }),
      async (c) => c.json(await stepUpSmsCode(s, person(c.get('principal'))), 200),
    )
    .post(
      '/mfa/enrolment',
      describe({ operationId: 'startMfaReEnrolment', tag: 'Auth', summary: 'Start replacing one’s own TOTP factor → ticket, secret, otpauth URI and QR code', description: `${proofText} With the header the body may be empty.`, parameters: [stepUpHeader], responses: { 200: ok('The new factor to confirm', MfaEnrolmentSchema) }, errors: [403] }),
      gate(s, []),
      credentialChange,
      rateLimit(s, { max: 20, failuresOnly: true }),
      // The proof is in the body, or only in the Roster-Step-Up header (then the body may be empty).
      jsonBody(MfaReEnrolmentRequestSchema, { optionalWhen: 'empty' }),
      async (c) => {
        const body = c.req.valid('json');
        const proof = freshProof(c.req.header(STEP_UP_HEADER), body);
        return c.json(await startMfaReEnrolment(s, person(c.get('principal')), proof, meta(c)), 200);
      },
    )
    .post(
      '/mfa/confirm',
      describe({ operationId: 'confirmMfaReEnrolment', tag: 'Auth', summary: 'Confirm the new TOTP factor with its first code (ends every session, kills outstanding reset and email-change links)', responses: { 204: { description: 'Replaced' } }, errors: [403] }),
      gate(s, []),
      credentialChange,
      rateLimit(s, { max: 20, failuresOnly: true }),
      jsonBody(MfaConfirmRequestSchema),
      async (c) => {
        const body = c.req.valid('json');
        await confirmMfaReEnrolment(s, person(c.get('principal')), body, meta(c));
        return c.body(null, 204);
      },
    )
    .post(
      '/confirm-email',
      describe({ operationId: 'confirmEmailChange', tag: 'Auth', summary: "Confirm an email change with the link's token", responses: { 200: ok('Confirmed: the new address', z.object({ email: z.string() })) } }),
      rateLimit(s, { max: 20, failuresOnly: true }),
      jsonBody(ConfirmEmailSchema),
      async (c) => {
        const body = c.req.valid('json');
        return c.json(await inTenantOfToken(s, body.token, () => confirmEmailChange(s, body, meta(c))), 200);
      },
    );
}
