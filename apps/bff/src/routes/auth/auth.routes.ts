import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as z from 'zod/mini';
import type { Services } from '../../services/context.js';
import { parseJsonBody } from '../../middleware/validate/index.js';
import { rateLimit } from '../../middleware/rate-limit/index.js';
import { gate, SESSION_COOKIE } from '../../middleware/gate/index.js';
import { ChangePasswordRequestSchema, LoginRequestSchema, MfaConfirmRequestSchema, MfaEnrolRequestSchema, MfaReEnrolmentRequestSchema, STEP_UP_HEADER, StepUpRequestSchema } from '@roster/contract';
import { changePassword, confirmEmailChange, confirmMfaReEnrolment, enrolAtLogin, forgotPassword, login, logout, resetPassword, SESSION_TTL_HOURS, startMfaReEnrolment, stepUp } from '../../services/auth.service.js';
import { forbidden } from '../../errors.js';
import type { Principal } from '../../services/principal.js';
import { getUser } from '../../services/users.service.js';
import { inTenant, inTenantOfToken } from '../../services/tenant-scopes.js';

const Id = z.uuid({ error: 'Must be an ID (a UUID).' });
export const ForgotSchema = z.strictObject({ tenantId: Id, email: z.string().check(z.maxLength(320)) });
export const ConfirmEmailSchema = z.strictObject({ token: z.string().check(z.maxLength(200)) });
export const ResetSchema = z.strictObject({ token: z.string().check(z.maxLength(200)), password: z.string().check(z.maxLength(200)) });

/** Self-service routes act for a person, never for an integration's client. */
function person(p: Principal) {
  if (p.type !== 'user') throw forbidden('This is for people signed in, not for API clients.');
  return p;
}

export function authRoutes(s: Services) {
  const secure = s.config.publicUrl.startsWith('https://');
  const meta = (c: { get(key: 'requestId'): string }) => ({ requestId: c.get('requestId') });
  return new Hono()
    .post('/login', rateLimit({ max: 30, failuresOnly: true }), async (c) => {
      const body = await parseJsonBody(c, LoginRequestSchema);
      const result = await inTenant(body.tenantId, () => login(s, body, meta(c)));
      // The right password without an enrolled factor where 2FA is required: enrolment, no session yet.
      if (result.status === 'mfa_enrolment_required') return c.json(result, 200);
      setCookie(c, SESSION_COOKIE, result.token, { httpOnly: true, secure, sameSite: 'Lax', path: '/', maxAge: SESSION_TTL_HOURS * 3600 });
      return c.json({ userId: result.userId, expiresAt: result.expiresAt }, 200);
    })
    .post('/mfa/enrol', rateLimit({ max: 20, failuresOnly: true }), async (c) => {
      const body = await parseJsonBody(c, MfaEnrolRequestSchema);
      const session = await inTenantOfToken(s, body.ticket, () => enrolAtLogin(s, body, meta(c)));
      setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, secure, sameSite: 'Lax', path: '/', maxAge: SESSION_TTL_HOURS * 3600 });
      return c.json({ userId: session.userId, expiresAt: session.expiresAt }, 200);
    })
    .post('/logout', async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await logout(s, token);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
      return c.body(null, 204);
    })
    .get('/me', gate(s, []), async (c) => {
      const p = c.get('principal');
      return c.json(await getUser(s, { ...p, organizationScope: 'all' }, p.id), 200);
    })
    .post('/forgot-password', rateLimit({ max: 10 }), async (c) => {
      const body = await parseJsonBody(c, ForgotSchema);
      await inTenant(body.tenantId, () => forgotPassword(s, body));
      return c.json({ status: 'accepted', message: 'If the address belongs to an account, a reset link is on its way.' }, 202);
    })
    .post('/reset-password', rateLimit({ max: 20, failuresOnly: true }), async (c) => {
      const body = await parseJsonBody(c, ResetSchema);
      await inTenantOfToken(s, body.token, () => resetPassword(s, body, meta(c)));
      return c.json({ status: 'ok' }, 200);
    })
    .post('/change-password', gate(s, []), rateLimit({ max: 20, failuresOnly: true }), async (c) => {
      const body = await parseJsonBody(c, ChangePasswordRequestSchema);
      await changePassword(s, person(c.get('principal')), body, c.req.header(STEP_UP_HEADER), meta(c));
      return c.body(null, 204);
    })
    // Fresh proof for credential changes: a session cookie or a widget token alone never changes a credential.
    .post('/step-up', gate(s, []), rateLimit({ max: 20, failuresOnly: true }), async (c) => {
      const body = await parseJsonBody(c, StepUpRequestSchema);
      return c.json(await stepUp(s, person(c.get('principal')), body, meta(c)), 200);
    })
    .post('/mfa/enrolment', gate(s, []), rateLimit({ max: 20, failuresOnly: true }), async (c) => {
      // The proof is in the body, or only in the Roster-Step-Up header (then the body may be empty).
      const body = (await c.req.raw.clone().text()).length === 0 ? {} : await parseJsonBody(c, MfaReEnrolmentRequestSchema);
      const proof = { stepUpToken: c.req.header(STEP_UP_HEADER), password: body.password, code: body.code };
      return c.json(await startMfaReEnrolment(s, person(c.get('principal')), proof, meta(c)), 200);
    })
    .post('/mfa/confirm', gate(s, []), rateLimit({ max: 20, failuresOnly: true }), async (c) => {
      const body = await parseJsonBody(c, MfaConfirmRequestSchema);
      await confirmMfaReEnrolment(s, person(c.get('principal')), body, meta(c));
      return c.body(null, 204);
    })
    .post('/confirm-email', rateLimit({ max: 20, failuresOnly: true }), async (c) => {
      const body = await parseJsonBody(c, ConfirmEmailSchema);
      return c.json(await inTenantOfToken(s, body.token, () => confirmEmailChange(s, body, meta(c))), 200);
    });
}
