import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, base64url } from 'jose';
import {
  adminSession,
  clientToken,
  createTenantViaApi,
  deliveredMessage,
  linkToken,
  createTestContext,
  dialects,
  errorOf,
  json,
  PLATFORM_KEY,
  type TestContext,
  widgetToken,
} from '../../support.js';
import { generateSync } from 'otplib';
import { hashSecret } from '../../../src/auth/secrets.js';
import { createTenant } from '../../../src/services/tenants.service.js';

describe.each(dialects)('platform API, OAuth and widget tokens on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  const platform = { authorization: `Bearer ${PLATFORM_KEY}` };

  describe('POST /v1/platform/tenants', () => {
    it('creates a tenant with built-in roles, an invited Root Admin and a client whose secret is stored only as a hash', async () => {
      const res = await t.app.request(
        '/v1/platform/tenants',
        json({ name: 'Acme MSP', profile: 'kaseyaone', rootAdmin: { firstName: 'Ada', lastName: 'Lovelace', email: 'Ada@Acme.example' } }, platform),
      );
      expect(res.status).toBe(201);
      const body = (await res.json()) as any;
      expect(body.tenant.name).toBe('Acme MSP');
      expect(body.tenant.profile.nameMaxLength).toBe(48);
      expect(body.tenant.profile.importMode).toBe('per-row');
      expect(body.rootAdmin).toMatchObject({ firstName: 'Ada', email: 'Ada@Acme.example', status: 'invited', isRootAdmin: true, invitationStatus: 'pending' });
      expect(body.rootAdmin.roles.map((r: any) => r.name)).toEqual(['Root Admin']);
      expect(body.oauthClient.scopes).toEqual(['monitoring:read', 'management:write', 'widgets:mint']);
      const stored = await t.services.db.selectFrom('oauth_clients').selectAll().where('client_id', '=', body.oauthClient.clientId).executeTakeFirstOrThrow();
      expect(stored.secret_hash).toBe(hashSecret(body.oauthClient.clientSecret));
      expect(JSON.stringify(stored)).not.toContain(body.oauthClient.clientSecret);
      const roles = await t.services.db.selectFrom('roles').select('name').where('tenant_id', '=', body.tenant.id).orderBy('name').execute();
      // Named as seed 004 names them: Admin, no System Administrator, no Beginner.
      expect(roles.map((r) => r.name)).toEqual(['Admin', 'Billing and Purchasing', 'Co-Managed User', 'Root Admin', 'User']);
      const audit = await t.services.db.selectFrom('audit_events').select('action').where('tenant_id', '=', body.tenant.id).execute();
      expect(audit.map((a) => a.action).sort()).toEqual(['oauth_client.created', 'tenant.created', 'user.created']);
    });

    it('sends the Root Admin an invitation through the outbox (profile TTL, link from ROSTER_PUBLIC_URL); it accepts, and 2FA makes the Root Admin active', async () => {
      const res = await t.app.request(
        '/v1/platform/tenants',
        json({ name: 'Invite MSP', profile: { preset: 'ninjaone', invitationTtlHours: 48 }, rootAdmin: { firstName: 'Ida', lastName: 'Root', email: 'Ida@Invite.example' } }, { ...platform, host: 'evil.example' }),
      );
      expect(res.status).toBe(201);
      const body = (await res.json()) as any;
      const mails = await t.services.db.selectFrom('email_outbox').selectAll().where('tenant_id', '=', body.tenant.id).execute();
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ template: 'invitation', to_address: 'Ida@Invite.example', user_id: body.rootAdmin.id, sent_at: null });
      expect(mails[0]!.subject).toContain('Invite MSP');
      const delivered = await deliveredMessage(t, { id: mails[0]!.id });
      expect(delivered.text).not.toContain('evil.example');
      const token = linkToken(delivered, '/accept-invitation');
      const stored = await t.services.db.selectFrom('one_time_tokens').selectAll().where('user_id', '=', body.rootAdmin.id).execute();
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ purpose: 'invitation', token_hash: hashSecret(token), used_at: null });
      const hoursLeft = (Date.parse(stored[0]!.expires_at) - Date.now()) / 3600_000;
      expect(hoursLeft).toBeGreaterThan(47.9);
      expect(hoursLeft).toBeLessThanOrEqual(48);

      const accepted = await t.app.request('/v1/invitations/accept', json({ token, password: 'correct horse battery' }));
      expect(accepted.status).toBe(200);
      const step = (await accepted.json()) as any;
      expect(step.status).toBe('mfa_enrolment_required');
      expect(step.mfa.otpauthUri).toMatch(/^otpauth:\/\/totp\/Roster:Ida%40Invite\.example\?secret=/i);
      const confirmed = await t.app.request('/v1/invitations/confirm-mfa', json({ ticket: step.mfa.ticket, code: generateSync({ secret: step.mfa.secret }) }));
      expect(await confirmed.json()).toEqual({ status: 'active', recoveryCodes: expect.any(Array) });
      const admin = await t.services.db.selectFrom('users').select(['status', 'mfa_state', 'is_root_admin']).where('id', '=', body.rootAdmin.id).executeTakeFirstOrThrow();
      expect(admin).toEqual({ status: 'active', mfa_state: 'enrolled', is_root_admin: true });
      const again = await errorOf(await t.app.request('/v1/invitations/accept', json({ token, password: 'correct horse battery' })));
      expect(again.status).toBe(400);
    });

    it('a Root Admin created active (the demo seed) gets no invitation', async () => {
      const created = await createTenant(t.services, { name: 'Seeded', rootAdmin: { firstName: 'Dana', lastName: 'Admin', email: 'dana@seeded.example' } }, { rootAdminStatus: 'active' });
      expect(created.rootAdmin.status).toBe('active');
      expect(await t.services.db.selectFrom('email_outbox').select('id').where('tenant_id', '=', created.tenant.id).execute()).toEqual([]);
      expect(await t.services.db.selectFrom('one_time_tokens').select('id').where('tenant_id', '=', created.tenant.id).execute()).toEqual([]);
    });

    it('accepts a profile object with overrides and uses default when none is given', async () => {
      const custom = await createTenantViaApi(t, 'Custom', { preset: 'ninjaone', invitationTtlHours: 48 });
      expect(custom.tenant.profile.invitationTtlHours).toBe(48);
      expect(custom.tenant.profile.nameMaxLength).toBe(150);
      const plain = await createTenantViaApi(t, 'Plain');
      expect(plain.tenant.profile.passwordMinLength).toBe(12);
    });

    it('refuses a missing or wrong platform key', async () => {
      const body = { name: 'X', rootAdmin: { firstName: 'A', lastName: 'B', email: 'a@b.example' } };
      expect((await errorOf(await t.app.request('/v1/platform/tenants', json(body)))).status).toBe(401);
      const wrong = await errorOf(await t.app.request('/v1/platform/tenants', json(body, { authorization: 'Bearer wrong-key-wrong-key-wrong-key' })));
      expect(wrong).toMatchObject({ status: 401, code: 'invalid_token' });
    });

    it('names each invalid field with 422 and creates nothing', async () => {
      const before = await t.services.db.selectFrom('tenants').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const res = await t.app.request(
        '/v1/platform/tenants',
        json({ name: '', profile: 'nope', rootAdmin: { firstName: 'A', lastName: 'B', email: 'not-an-email' }, extra: 1 }, platform),
      );
      const err = await errorOf(res);
      expect(err.status).toBe(422);
      expect(err.code).toBe('validation_failed');
      const paths = err.issues!.map((i) => i.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.profile', 'body.extra']));
      const fieldRes = await t.app.request(
        '/v1/platform/tenants',
        json({ name: 'Y', profile: 'ninjaone', rootAdmin: { firstName: 'Anna-Lena', lastName: 'B', email: '.a@b.example' } }, platform),
      );
      const fieldErr = await errorOf(fieldRes);
      expect(fieldErr.status).toBe(422);
      expect(fieldErr.issues).toEqual(
        expect.arrayContaining([
          { path: ['body', 'rootAdmin', 'firstName'], message: 'First name may contain letters only.', code: 'name.letters_only', params: { field: 'firstName' } },
          { path: ['body', 'rootAdmin', 'email'], message: 'Email must not start or end with a dot or a hyphen.', code: 'email.edge_dot_or_hyphen' },
        ]),
      );
      const after = await t.services.db.selectFrom('tenants').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
      const invitations = await t.services.db.selectFrom('email_outbox').select('id').where('to_address', 'in', ['not-an-email', '.a@b.example']).execute();
      expect(invitations).toEqual([]);
    });

    it('answers malformed JSON with 400', async () => {
      const res = await t.app.request('/v1/platform/tenants', { method: 'POST', headers: { 'content-type': 'application/json', ...platform }, body: '{"name":' });
      expect(await errorOf(res)).toMatchObject({ status: 400, code: 'malformed_json' });
    });

    it('answers a body over the limit with 413', async () => {
      const res = await t.app.request('/v1/platform/tenants', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024), ...platform },
        body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
      });
      expect(await errorOf(res)).toMatchObject({ status: 413, code: 'payload_too_large' });
    });
  });

  describe('POST /oauth/token', () => {
    let created: Awaited<ReturnType<typeof createTenantViaApi>>;
    beforeAll(async () => {
      created = await createTenantViaApi(t, 'OAuth Co');
    });
    const form = (params: Record<string, string>, headers: Record<string, string> = {}) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(params).toString(),
    });

    it('issues a bearer token with client_secret_post and with client_secret_basic, never cached', async () => {
      const { clientId, clientSecret } = created.oauthClient;
      const post = await t.app.request('/oauth/token', form({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'monitoring:read' }));
      expect(post.status).toBe(200);
      expect(post.headers.get('cache-control')).toBe('no-store');
      const body = (await post.json()) as any;
      expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'monitoring:read' });
      const basicHeader = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
      const basic = await t.app.request('/oauth/token', form({ grant_type: 'client_credentials' }, { authorization: basicHeader }));
      expect(basic.status).toBe(200);
      expect(((await basic.json()) as any).scope).toBe('monitoring:read management:write widgets:mint');
    });

    it('answers errors as RFC 6749 §5.2 says', async () => {
      const { clientId, clientSecret } = created.oauthClient;
      const cases: [Record<string, string>, Record<string, string>, number, string][] = [
        [{ client_id: clientId, client_secret: clientSecret }, {}, 400, 'invalid_request'],
        [{ grant_type: 'password', client_id: clientId, client_secret: clientSecret }, {}, 400, 'unsupported_grant_type'],
        [{ grant_type: 'client_credentials', client_id: clientId, client_secret: 'wrong' }, {}, 401, 'invalid_client'],
        [{ grant_type: 'client_credentials', client_id: 'rc_unknown', client_secret: clientSecret }, {}, 401, 'invalid_client'],
        [{ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'admin:all' }, {}, 400, 'invalid_scope'],
        [{ grant_type: 'client_credentials' }, { authorization: 'Basic !!!' }, 401, 'invalid_client'],
      ];
      for (const [params, headers, status, error] of cases) {
        const res = await t.app.request('/oauth/token', form(params, headers));
        expect(res.status, JSON.stringify(params)).toBe(status);
        expect(((await res.json()) as any).error).toBe(error);
      }
      const basicWrong = await t.app.request('/oauth/token', form({ grant_type: 'client_credentials' }, { authorization: `Basic ${Buffer.from(`${clientId}:nope`).toString('base64')}` }));
      expect(basicWrong.status).toBe(401);
      expect(basicWrong.headers.get('www-authenticate')).toContain('Basic');
      const jsonBody = await t.app.request('/oauth/token', json({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }));
      expect(((await jsonBody.json()) as any).error).toBe('invalid_request');
    });

    it('refuses a revoked client at once, even with a token issued before', async () => {
      const other = await createTenantViaApi(t, 'Revoked Co');
      const access = await clientToken(t, other.oauthClient.clientId, other.oauthClient.clientSecret);
      const ok = await t.app.request('/v1/organizations', { headers: { authorization: `Bearer ${access}` } });
      expect(ok.status).toBe(200);
      await t.services.db.updateTable('oauth_clients').set({ revoked_at: new Date().toISOString() }).where('client_id', '=', other.oauthClient.clientId).execute();
      const refused = await t.app.request('/v1/organizations', { headers: { authorization: `Bearer ${access}` } });
      expect(refused.status).toBe(401);
      const res = await t.app.request('/oauth/token', form({ grant_type: 'client_credentials', client_id: other.oauthClient.clientId, client_secret: other.oauthClient.clientSecret }));
      expect(res.status).toBe(401);
    });

    it('rate-limits guessing with 429 and Retry-After', async () => {
      // From an address of its own: the limits live in the database, shared by every app over it (the other tests
      // here come from no address at all).
      const guesser = { incoming: { socket: { remoteAddress: '198.51.100.7' } } };
      const statuses: number[] = [];
      for (let i = 0; i < 35; i++) {
        const res = await t.app.request('/oauth/token', form({ grant_type: 'client_credentials', client_id: 'rc_guess', client_secret: `guess${i}` }), guesser);
        statuses.push(res.status);
        if (res.status === 429) {
          expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
          expect((await errorOf(res)).code).toBe('rate_limited');
        }
      }
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
    });

    it('publishes RFC 8414 metadata pointing at the token endpoint', async () => {
      const res = await t.app.request('/.well-known/oauth-authorization-server');
      const meta = (await res.json()) as any;
      expect(meta.token_endpoint).toBe('https://roster.test/oauth/token');
      expect(meta.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'client_secret_post']);
    });
  });

  describe('POST /v1/widget-tokens', () => {
    it('mints a token acting as the user, with at most 900 s', async () => {
      const s = await adminSession(t, 'Widget Co');
      const res = await t.app.request('/v1/widget-tokens', json({ actorUserId: s.created.rootAdmin.id, ttlSeconds: 120 }, { authorization: `Bearer ${s.access}` }));
      expect(res.status).toBe(201);
      const body = (await res.json()) as any;
      const lifetime = Date.parse(body.expiresAt) - Date.now();
      expect(lifetime).toBeGreaterThan(100_000);
      expect(lifetime).toBeLessThanOrEqual(121_000);
      const users = await t.app.request('/v1/users', { headers: { authorization: `Bearer ${body.token}` } });
      expect(users.status).toBe(200);
      const tooLong = await t.app.request('/v1/widget-tokens', json({ actorUserId: s.created.rootAdmin.id, ttlSeconds: 901 }, { authorization: `Bearer ${s.access}` }));
      expect(await errorOf(tooLong)).toMatchObject({ status: 422, issues: [{ path: ['body', 'ttlSeconds'] }] });
    });

    it('needs the widgets:mint scope', async () => {
      const s = await adminSession(t, 'Scope Co');
      const readOnly = await clientToken(t, s.created.oauthClient.clientId, s.created.oauthClient.clientSecret, 'monitoring:read');
      const res = await t.app.request('/v1/widget-tokens', json({ actorUserId: s.created.rootAdmin.id }, { authorization: `Bearer ${readOnly}` }));
      expect(await errorOf(res)).toMatchObject({ status: 403, code: 'forbidden' });
      const widget = await t.app.request('/v1/widget-tokens', json({ actorUserId: s.created.rootAdmin.id }, s.auth));
      expect(widget.status).toBe(403);
    });

    it("answers another tenant's user with 404, as if it did not exist", async () => {
      const a = await adminSession(t, 'Tenant A');
      const b = await adminSession(t, 'Tenant B');
      const res = await t.app.request('/v1/widget-tokens', json({ actorUserId: b.created.rootAdmin.id }, { authorization: `Bearer ${a.access}` }));
      const missing = await t.app.request('/v1/widget-tokens', json({ actorUserId: '00000000-0000-4000-8000-000000000000' }, { authorization: `Bearer ${a.access}` }));
      const e1 = await errorOf(res);
      const e2 = await errorOf(missing);
      expect(e1).toEqual(e2);
      expect(e1.status).toBe(404);
    });

    it('refuses a deactivated user, and a token minted before deactivation stops working at once', async () => {
      const s = await adminSession(t, 'Deact Co');
      await t.services.db.updateTable('users').set({ status: 'deactivated', sessions_valid_after: new Date(Date.now() + 1000).toISOString() }).where('id', '=', s.created.rootAdmin.id).execute();
      const res = await t.app.request('/v1/users', { headers: s.auth });
      expect(await errorOf(res)).toMatchObject({ status: 401, code: 'invalid_token' });
      const mint = await t.app.request('/v1/widget-tokens', json({ actorUserId: s.created.rootAdmin.id }, { authorization: `Bearer ${s.access}` }));
      expect((await errorOf(mint)).status).toBe(409);
    });

    it('a widget token dies with the OAuth client that minted it, at once; tokens of other clients live on', async () => {
      const s = await adminSession(t, 'Client Bound Co');
      const second = await t.services.db
        .insertInto('oauth_clients')
        .values({ tenant_id: s.tenantId, client_id: 'rc_second_client_bound', secret_hash: hashSecret('rs_second'), name: 'Second', scopes: ['widgets:mint'], revoked_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      const secondToken = await widgetToken(t, await clientToken(t, 'rc_second_client_bound', 'rs_second'), s.created.rootAdmin.id);
      expect((await t.app.request('/v1/users', { headers: s.auth })).status).toBe(200);
      await t.services.db.updateTable('oauth_clients').set({ revoked_at: new Date().toISOString() }).where('client_id', '=', s.created.oauthClient.clientId).execute();
      // The token was minted a moment ago and is good for minutes: the revocation ends it on the next request.
      expect(await errorOf(await t.app.request('/v1/users', { headers: s.auth }))).toMatchObject({ status: 401, code: 'invalid_token' });
      expect((await t.app.request('/v1/users', { headers: { authorization: `Bearer ${secondToken}` } })).status).toBe(200);
      await t.services.db.updateTable('oauth_clients').set({ revoked_at: new Date().toISOString() }).where('id', '=', second.id).execute();
      expect((await t.app.request('/v1/users', { headers: { authorization: `Bearer ${secondToken}` } })).status).toBe(401);
    });
  });

  describe('bad tokens', () => {
    it('refuses tampered, expired, alg:none, foreign-key and malformed tokens with one structured 401', async () => {
      const s = await adminSession(t, 'Token Co');
      const [h, p, sig] = s.token.split('.') as [string, string, string];
      const payload = JSON.parse(new TextDecoder().decode(base64url.decode(p)));
      const tampered = `${h}.${base64url.encode(JSON.stringify({ ...payload, tid: '00000000-0000-4000-8000-000000000000' }))}.${sig}`;
      const none = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${p}.`;
      const expired = await new SignJWT({ typ: 'widget', tid: s.tenantId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(s.created.rootAdmin.id)
        .setIssuer('roster')
        .setAudience('roster-bff')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 2000)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 1000)
        .sign(t.services.config.signingKey);
      const otherKey = await new SignJWT({ typ: 'widget', tid: s.tenantId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(s.created.rootAdmin.id)
        .setIssuer('roster')
        .setAudience('roster-bff')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode('x'.repeat(32)));
      for (const token of [tampered, none, expired, otherKey, 'not-a-jwt', `${s.token}x`]) {
        const res = await t.app.request('/v1/users', { headers: { authorization: `Bearer ${token}` } });
        expect(await errorOf(res), token).toEqual({ status: 401, code: 'invalid_token', message: 'The token is invalid or has expired.' });
      }
      const noHeader = await t.app.request('/v1/users');
      expect(await errorOf(noHeader)).toMatchObject({ status: 401, code: 'unauthorized' });
      const basic = await t.app.request('/v1/users', { headers: { authorization: 'Basic abc' } });
      expect((await errorOf(basic)).status).toBe(401);
    });
  });
});
