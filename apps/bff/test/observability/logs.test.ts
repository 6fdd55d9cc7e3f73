import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { adminSession, createTestContext, deliveredMessage, dialects, insertUsers, json, linkToken, PLATFORM_KEY, userRow, widgetToken, type TestContext } from '../support.js';
import { configureLogger, log, REDACTED_KEYS } from '../../src/observability/log.js';
import { createApp } from '../../src/app.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { createMailer, deliverDue } from '../../src/email/sender.js';

/** Every line the logger writes, kept in memory (a pino destination stream). */
function capture() {
  const lines: string[] = [];
  configureLogger({ level: 'info', destination: { write: (s: string) => void lines.push(s) } });
  return {
    text: () => lines.join(''),
    entries: () => lines.flatMap((l) => l.split('\n').filter(Boolean)).map((l) => JSON.parse(l) as Record<string, any>),
  };
}

describe.each(dialects)('JSON logs on %s', (dialect) => {
  let t: TestContext;
  let logs: ReturnType<typeof capture>;
  beforeAll(async () => {
    t = await createTestContext(dialect, { webhooksAllowPrivate: true });
    logs = capture();
  });
  afterAll(async () => {
    configureLogger({ level: 'silent' });
    await t?.close();
  });

  it('a flow that creates every kind of secret logs request lines with their request ids, and none of the secrets', async () => {
    const secrets: Record<string, string> = { platformKey: PLATFORM_KEY };
    const ids: string[] = [];
    const call = async (path: string, init: RequestInit = {}, env?: object) => {
      const res = await t.app.request(path, init, env);
      ids.push(res.headers.get('x-request-id')!);
      return res;
    };

    // A tenant: its first OAuth app's secret, an access token, a widget token.
    const s = await adminSession(t, 'Secret Co');
    secrets.firstClientSecret = s.created.oauthClient.clientSecret;
    secrets.accessToken = s.access;
    secrets.widgetToken = s.token;

    // An OAuth app (client secret).
    const created = await call('/v1/oauth-clients', json({ name: 'Sync', scopes: ['monitoring:read'] }, s.auth));
    expect(created.status).toBe(201);
    const app = (await created.json()) as { clientId: string; clientSecret: string };
    secrets.clientSecret = app.clientSecret;
    // Its token through Basic authentication (the secret in a header).
    const basic = await call('/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}` }, body: 'grant_type=client_credentials' });
    expect(basic.status, await basic.clone().text()).toBe(200);
    secrets.appAccessToken = ((await basic.json()) as { access_token: string }).access_token;

    // A webhook endpoint (whsec_ secret).
    const endpoint = await call('/v1/webhook-endpoints', json({ url: 'http://127.0.0.1:9/hook' }, s.auth));
    expect(endpoint.status).toBe(201);
    secrets.webhookSecret = ((await endpoint.json()) as { secret: string }).secret;
    expect(secrets.webhookSecret).toMatch(/^whsec_/);

    // An invitation: its link's token, asked about by the link page (the token in the query string), then accepted.
    expect((await call('/v1/users', json({ kind: 'technician', firstName: 'Ivy', lastName: 'Invite', email: 'ivy@secret.example' }, s.auth))).status).toBe(201);
    secrets.invitationToken = linkToken(await deliveredMessage(t, { to: 'ivy@secret.example' }), '/accept-invitation');
    expect((await call(`/v1/public/link-status?token=${secrets.invitationToken}`)).status).toBe(200);
    expect((await call(`/v1/public/branding?token=${secrets.invitationToken}`)).status).toBe(200);

    // A sign-in with a password and a TOTP code: the session cookie, used on the next request.
    secrets.password = 'a long and secret password 42';
    const totpSecret = t.services.totp.newSecret();
    const [person] = await insertUsers(t, [userRow(s.tenantId, { email: 'tom@secret.example', password_hash: await hashPassword(secrets.password) })]);
    await t.services.db.updateTable('users').set({ mfa_state: 'enrolled', mfa_secret_encrypted: t.services.totp.encrypt(totpSecret) }).where('id', '=', person!.id).execute();
    secrets.totpSecret = totpSecret;
    secrets.totpCode = generateSync({ secret: totpSecret });
    const env = { incoming: { socket: { remoteAddress: '127.55.0.1' } } };
    const wrong = await call('/v1/auth/login', json({ tenantId: s.tenantId, login: 'tom@secret.example', password: `${secrets.password}!`, code: '123456' }), env);
    expect(wrong.status).toBe(401);
    const signedIn = await call('/v1/auth/login', json({ tenantId: s.tenantId, login: 'tom@secret.example', password: secrets.password, code: secrets.totpCode }), env);
    expect(signedIn.status).toBe(200);
    secrets.session = /roster_session=([^;]+)/.exec(signedIn.headers.get('set-cookie')!)![1]!;
    expect((await call('/v1/auth/me', { headers: { cookie: `roster_session=${secrets.session}` } })).status).toBe(200);

    // Another widget token, minted with the app's own access token.
    secrets.mintedWidgetToken = await widgetToken(t, s.access, s.created.rootAdmin.id);

    // The sender fails against an SMTP server that is not there, its password in the URL.
    secrets.smtpPassword = 'smtp-password-never-logged';
    const transport = createMailer(`smtp://mailer:${secrets.smtpPassword}@127.0.0.1:9`);
    const round = await deliverDue(t.services.platformDb, transport, { from: 'r@roster.test', signingKey: t.services.config.signingKey, batch: 1000 });
    transport.close();
    expect(round.failed).toBeGreaterThan(0);

    const text = logs.text();
    for (const [name, value] of Object.entries(secrets)) expect(text.includes(value), `${name} in the logs`).toBe(false);
    // The TOTP code is six digits: it is in no field (a timestamp may hold those digits by chance).
    expect(logs.entries().some((e) => Object.values(e).includes(secrets.totpCode))).toBe(false);

    const requests = logs.entries().filter((e) => e.msg === 'request');
    for (const id of ids) expect(requests.find((e) => e.requestId === id), `request line of ${id}`).toBeDefined();
    expect(requests.find((e) => e.route === '/v1/public/link-status')).toMatchObject({ method: 'GET', status: 200, actor: 'none' });
    expect(requests.find((e) => e.route === '/v1/auth/me')).toMatchObject({ status: 200, actor: 'session', tenantId: s.tenantId });
    expect(requests.find((e) => e.route === '/v1/webhook-endpoints' && e.method === 'POST')).toMatchObject({ status: 201, actor: 'widget', tenantId: s.tenantId });
    expect(requests.every((e) => typeof e.durationMs === 'number' && e.level === 'info' && typeof e.time === 'string')).toBe(true);
    // The sender's round and its failures are logged, without the server's credentials.
    expect(logs.entries().find((e) => e.msg === 'outbox round' && e.worker === 'email')).toMatchObject({ sent: 0 });
    expect(logs.entries().some((e) => e.msg === 'send failed' && e.worker === 'email' && typeof e.error === 'string')).toBe(true);
  });

  it('an import logs its start and finish with its row counts and duration', async () => {
    const s = await adminSession(t, 'Import Log Co');
    const res = await t.app.request('/v1/users/bulk-import', json({ kind: 'technician', text: 'First name\tLast name\tEmail\r\nXa\tOne\tx1@import-log.example\r\nXb\tTwo\tx2@import-log.example\r\n' }, s.auth));
    expect(res.status).toBe(201);
    const requestId = res.headers.get('x-request-id');
    const start = logs.entries().find((e) => e.event === 'import.start' && e.requestId === requestId);
    const finish = logs.entries().find((e) => e.event === 'import.finish' && e.requestId === requestId);
    expect(start).toMatchObject({ tenantId: s.tenantId, dryRun: false });
    expect(finish).toMatchObject({ tenantId: s.tenantId, result: 'committed', imported: 2, skipped: 0, failed: 0 });
    expect(typeof finish!.durationMs).toBe('number');
  });

  it('a 500 logs the error with its stack and request id; a secret in its message or fields is redacted', async () => {
    const secret = `rs_${'k'.repeat(43)}`;
    const app = createApp(t.services);
    app.get('/v1/boom', () => {
      throw new Error(`the secret ${secret} went wrong`);
    });
    const res = await app.request('/v1/boom');
    expect(res.status).toBe(500);
    const requestId = res.headers.get('x-request-id');
    const failure = logs.entries().find((e) => e.msg === 'request failed' && e.requestId === requestId)!;
    expect(failure.level).toBe('error');
    expect(failure.err.message).toBe('the secret [redacted] went wrong');
    expect(failure.err.stack).toMatch(/at .*logs\.test\.ts/);
    expect(logs.entries().find((e) => e.msg === 'request' && e.requestId === requestId)).toMatchObject({ route: '/v1/boom', status: 500, level: 'error' });

    // Whatever a caller puts in a line: keys of the redaction list, bearer and basic credentials, tokens in URLs.
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    log().info(
      {
        headers: { authorization: 'Bearer abc.def', cookie: 'roster_session=rss_abc' },
        nested: { deeper: { client_secret: 'plain-client-secret', newPassword: 'plain-new-password', code: '654321' } },
        note: `sent Basic dXNlcjpwYXNz to https://x.example/accept-invitation?token=plain-token-value&lang=de, then ${jwt} and whsec_QUJDREVGRw==`,
      },
      `message with Bearer plain-bearer-value`,
    );
    const text = logs.text();
    for (const leaked of ['abc.def', 'rss_abc', 'plain-client-secret', 'plain-new-password', '654321', 'dXNlcjpwYXNz', 'plain-token-value', jwt, 'whsec_QUJD', 'plain-bearer-value', secret]) {
      expect(text.includes(leaked), leaked).toBe(false);
    }
    expect(text).toContain('accept-invitation?token=[redacted]&lang=de');
    expect(REDACTED_KEYS).toEqual(expect.arrayContaining(['authorization', 'cookie', 'password', 'clientsecret', 'token', 'code']));
  });
});
