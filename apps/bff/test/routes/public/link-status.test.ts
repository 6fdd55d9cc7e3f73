import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@roster/contract';
import { adminSession, createTestContext, deliveredMessage, dialects, json, linkToken, type TestContext } from '../../support.js';
import { hashSecret } from '../../../src/auth/secrets.js';

const PASSWORD = 'correct horse battery staple';

/**
 * `GET /v1/public/link-status` (issue 13): a link's page asks it when it opens, so an expired, used, replaced or
 * unknown link is explained before anyone types a password. It never spends the token and answers nothing but the
 * state and the kind of link.
 */
describe.each(dialects)('GET /v1/public/link-status on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  const status = async (token: string) => {
    const res = await t.app.request(`/v1/public/link-status?${new URLSearchParams({ token })}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  };
  const link = async (to: string, path: string) => linkToken(await deliveredMessage(t, { to }), path);
  const expire = (token: string) => t.services.db.updateTable('one_time_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('token_hash', '=', hashSecret(token)).execute();
  async function invite(auth: Record<string, string>, email: string) {
    const res = await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'Ivy', lastName: 'Invited', email }, auth));
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as User;
  }

  it('an invitation: valid without being spent, then used once accepted — the answer is the state and the kind, nothing else', async () => {
    const s = await adminSession(t, 'Status Co', 'atera');
    await invite(s.auth, 'ivy@status.example');
    const token = await link('ivy@status.example', '/accept-invitation');
    expect(await status(token)).toEqual({ state: 'valid', purpose: 'invitation' });
    expect(await status(token)).toEqual({ state: 'valid', purpose: 'invitation' });
    const accepted = await t.app.request('/v1/invitations/accept', json({ token, password: PASSWORD }));
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    expect(await status(token)).toEqual({ state: 'used', purpose: 'invitation' });
  });

  it('a resent invitation replaces the old link; an expired one says expired', async () => {
    const s = await adminSession(t, 'Resend Co');
    const user = await invite(s.auth, 'rex@resend.example');
    const first = await link('rex@resend.example', '/accept-invitation');
    expect((await t.app.request(`/v1/users/${user.id}/resend-invitation`, json({}, s.auth))).status).toBeLessThan(300);
    const second = await link('rex@resend.example', '/accept-invitation');
    expect(second).not.toBe(first);
    expect(await status(first)).toEqual({ state: 'replaced', purpose: 'invitation' });
    expect(await status(second)).toEqual({ state: 'valid', purpose: 'invitation' });
    await expire(second);
    expect(await status(second)).toEqual({ state: 'expired', purpose: 'invitation' });
    // What the page says is what the POST finds.
    expect((await t.app.request('/v1/invitations/accept', json({ token: second, password: PASSWORD }))).status).toBe(400);
  });

  it('an email-change link: valid, expired; a password-reset link: valid, replaced by a newer request, used once reset', async () => {
    const s = await adminSession(t, 'Reset Co', 'atera');
    const email = s.created.rootAdmin.email;
    // An active colleague's email change (the reset below ends the admin's widget token).
    const colleague = await invite(s.auth, 'cole@reset.example');
    await t.services.db.updateTable('users').set({ status: 'active' }).where('id', '=', colleague.id).execute();
    const changed = await t.app.request(`/v1/users/${colleague.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...s.auth }, body: JSON.stringify({ email: 'new-cole@reset.example' }) });
    expect(changed.status, await changed.clone().text()).toBe(200);
    const confirm = await link('new-cole@reset.example', '/confirm-email');
    expect(await status(confirm)).toEqual({ state: 'valid', purpose: 'email_change' });
    await expire(confirm);
    expect(await status(confirm)).toEqual({ state: 'expired', purpose: 'email_change' });

    expect((await t.app.request('/v1/auth/forgot-password', json({ tenantId: s.tenantId, email }))).status).toBe(202);
    const first = await link(email, '/reset-password');
    expect(await status(first)).toEqual({ state: 'valid', purpose: 'password_reset' });
    expect((await t.app.request('/v1/auth/forgot-password', json({ tenantId: s.tenantId, email }))).status).toBe(202);
    const second = await link(email, '/reset-password');
    expect(await status(first)).toEqual({ state: 'replaced', purpose: 'password_reset' });
    expect((await t.app.request('/v1/auth/reset-password', json({ token: second, password: PASSWORD }))).status).toBe(200);
    expect(await status(second)).toEqual({ state: 'used', purpose: 'password_reset' });
    // A newer link sent after this one was used does not make it "replaced": it was used.
    expect((await t.app.request('/v1/auth/forgot-password', json({ tenantId: s.tenantId, email }))).status).toBe(202);
    expect(await status(second)).toEqual({ state: 'used', purpose: 'password_reset' });

  });

  it('an unknown or truncated token, and a sign-in enrolment ticket (not a link), are unknown; no token at all is a 400', async () => {
    const s = await adminSession(t, 'Unknown Co');
    await invite(s.auth, 'una@unknown.example');
    const token = await link('una@unknown.example', '/accept-invitation');
    expect(await status('no-such-token')).toEqual({ state: 'unknown', purpose: null });
    expect(await status(token.slice(0, -1))).toEqual({ state: 'unknown', purpose: null });
    const accepted = (await (await t.app.request('/v1/invitations/accept', json({ token, password: PASSWORD }))).json()) as { mfa: { ticket: string } };
    expect(await status(accepted.mfa.ticket)).toEqual({ state: 'unknown', purpose: null });
    expect((await t.app.request('/v1/public/link-status')).status).toBe(400);
    expect((await t.app.request(`/v1/public/link-status?token=${'x'.repeat(201)}`)).status).toBe(400);
    expect((await t.app.request('/v1/public/link-status?token=a&tenantId=b')).status).toBe(400);
  });

  it('is limited per source address: 60 a minute, then 429 with Retry-After', async () => {
    const fresh = await createTestContext(dialect);
    try {
      const ask = (address: string) =>
        fresh.app.request('/v1/public/link-status?token=guess', {}, { incoming: { socket: { remoteAddress: address } } });
      for (let i = 0; i < 60; i++) expect((await ask('203.0.113.7')).status).toBe(200);
      const limited = await ask('203.0.113.7');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await ask('203.0.113.8')).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });
});
