import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { generateSync } from 'otplib';
import { contrastRatio, type CreateTenantResponse, type User } from '@roster/contract';
import { clientToken, createTestContext, deliveredMessage, dialects, insertUsers, json, PLATFORM_KEY, userRow, widgetToken, type TestContext } from '../support.js';
import { createMailer, deliverDue } from '../../src/email/sender.js';

const platform = { authorization: `Bearer ${PLATFORM_KEY}` };
const LINK_BASE = 'https://portal.acme-msp.example/id';
const branding = { productName: 'Acme Cloud', logoUrl: 'https://cdn.acme-msp.example/logo.png', accentColor: '#0a7c4a', senderName: 'Acme Support' };
const ROSTER = /roster/i;

/** Every link of a text: http(s) URLs up to white space. */
const linksOf = (text: string) => [...text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);

describe.each(dialects)('white-label emails and TOTP on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  async function brandedTenant(name: string, extra: Record<string, unknown> = { branding, linkBaseUrl: `${LINK_BASE}/` }) {
    const res = await t.app.request('/v1/platform/tenants', json({ name, rootAdmin: { firstName: 'Rhea', lastName: 'Root', email: `rhea@${name.toLowerCase().replace(/\W/g, '')}.example` }, ...extra }, platform));
    expect(res.status, await res.clone().text()).toBe(201);
    const created = (await res.json()) as CreateTenantResponse;
    return { created, tenantId: created.tenant.id };
  }

  /** A widget token acting as the tenant's Root Admin, made active. */
  async function adminAuth(created: CreateTenantResponse) {
    await t.services.db.updateTable('users').set({ status: 'active' }).where('id', '=', created.rootAdmin.id).execute();
    const access = await clientToken(t, created.oauthClient.clientId, created.oauthClient.clientSecret);
    return { authorization: `Bearer ${await widgetToken(t, access, created.rootAdmin.id)}` };
  }

  /** The message as it would be sent, with the From name its row keeps. */
  async function sent(to: string, template: string) {
    const row = await t.services.db.selectFrom('email_outbox').select(['id', 'from_name']).where('to_address', '=', to).where('template', '=', template).orderBy('id', 'desc').executeTakeFirstOrThrow();
    return { ...(await deliveredMessage(t, { id: row.id })), fromName: row.from_name };
  }

  /** What a white-labelled end user sees of an email: never the word Roster; every link on the tenant's domain. */
  function expectWhiteLabelled(mail: { subject: string; text: string; html: string; fromName: string | null }, what: string) {
    expect(mail.fromName, what).toBe('Acme Support');
    for (const part of ['subject', 'text', 'html'] as const) expect(mail[part], `${what} ${part}`).not.toMatch(ROSTER);
    expect(mail.text, what).toContain('Acme Cloud');
    expect(mail.html, what).toContain('src="https://cdn.acme-msp.example/logo.png" alt="Acme Cloud"');
    expect(mail.html, what).toContain('#0a7c4a');
    for (const link of linksOf(mail.text)) expect(link.startsWith(`${LINK_BASE}/`), `${what}: ${link}`).toBe(true);
    expect(linksOf(mail.text).length, what).toBeGreaterThan(0);
  }

  it('a light accent stays readable: dark text on its button, and the product name and link darkened on white', async () => {
    const { created } = await brandedTenant('Pale Brand Co', { branding: { ...branding, logoUrl: null, accentColor: '#ffd700' } });
    const mail = await sent(created.rootAdmin.email, 'invitation');
    expect(mail.html).toContain('background:#ffd700;color:#111827');
    const texts = [...mail.html.matchAll(/[;"]color:(#[0-9a-f]{6})/g)].map((m) => m[1]!);
    expect(texts.length).toBeGreaterThan(2);
    // Every colour used for text on the white card reads at 4.5:1 or more (the button's own text is checked above).
    for (const c of texts.filter((c) => c !== '#111827')) expect(contrastRatio(c, '#ffffff'), c).toBeGreaterThanOrEqual(4.5);
  });

  it('every email of a branded tenant — invitation, resend, bulk import, admin reset, forgot-password, email change, lockout — wears its brand and links to its domain', async () => {
    const { created, tenantId } = await brandedTenant('Brand Mail Co');
    expectWhiteLabelled(await sent(created.rootAdmin.email, 'invitation'), 'Root Admin invitation');
    const auth = await adminAuth(created);

    const invited = await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'Ivo', lastName: 'Invited', email: 'ivo@brandmail.example' }, { ...auth, host: 'attacker.example' }));
    expect(invited.status, await invited.clone().text()).toBe(201);
    const ivo = (await invited.json()) as User;
    expectWhiteLabelled(await sent('ivo@brandmail.example', 'invitation'), 'invitation');
    expect((await t.app.request(`/v1/users/${ivo.id}/resend-invitation`, { method: 'POST', headers: auth })).status).toBe(200);
    expectWhiteLabelled(await sent('ivo@brandmail.example', 'invitation'), 'resent invitation');

    const imported = await t.app.request('/v1/users/bulk-import', json({ kind: 'technician', text: 'First,Last,Email\nBea,Bulk,bea@brandmail.example\n' }, auth));
    expect(imported.status, await imported.clone().text()).toBe(201);
    expectWhiteLabelled(await sent('bea@brandmail.example', 'invitation'), 'bulk import invitation');

    const [active] = await insertUsers(t, [userRow(tenantId, { email: 'ada@brandmail.example', first_name: 'Ada', status: 'active' })]);
    expect((await t.app.request(`/v1/users/${active!.id}/reset-password`, { method: 'POST', headers: auth })).status).toBe(200);
    expectWhiteLabelled(await sent('ada@brandmail.example', 'password_reset'), 'admin password reset');
    await sql`delete from one_time_tokens where user_id = ${active!.id}`.execute(t.services.db); // the hourly cap counts links
    expect((await t.app.request('/v1/auth/forgot-password', json({ tenantId, email: 'ada@brandmail.example' }))).status).toBe(202);
    const forgot = await sent('ada@brandmail.example', 'password_reset');
    expectWhiteLabelled(forgot, 'forgot-password reset');
    expect(forgot.subject).toBe('Choose a new password for Acme Cloud');

    const changed = await t.app.request(`/v1/users/${active!.id}`, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ada.new@brandmail.example' }) });
    expect(changed.status, await changed.clone().text()).toBe(200);
    expectWhiteLabelled(await sent('ada.new@brandmail.example', 'email_change'), 'email change confirmation');

    for (let i = 0; i < 10; i++) await t.app.request('/v1/auth/login', json({ tenantId, login: 'ada@brandmail.example', password: 'not the password' }));
    const locked = await sent('ada@brandmail.example', 'account_locked');
    expectWhiteLabelled(locked, 'account locked');
    expect(linksOf(locked.text)).toEqual([`${LINK_BASE}/forgot-password?tenant=${tenantId}`]);
  });

  it('sends with the tenant’s sender name and the configured address; an unbranded tenant keeps the configured From and ROSTER_PUBLIC_URL', async () => {
    const received: ParsedMail[] = [];
    const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData: (stream, _s, cb) => void simpleParser(stream).then((m) => received.push(m)).then(() => cb(), cb) });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await sql`update email_outbox set sent_at = now() where sent_at is null`.execute(t.services.db);
      const branded = await brandedTenant('Smtp Brand Co');
      const plain = await brandedTenant('Smtp Plain Co', {});
      const transport = createMailer(`smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`);
      expect(await deliverDue(t.services.db, transport, { from: 'Roster <no-reply@roster.test>', signingKey: t.services.config.signingKey })).toMatchObject({ sent: 2, failed: 0 });
      transport.close();
      const to = (m: ParsedMail) => (m.to && 'text' in m.to ? m.to.text : '');
      const brandedMail = received.find((m) => to(m) === branded.created.rootAdmin.email)!;
      expect(brandedMail.from?.value).toEqual([{ name: 'Acme Support', address: 'no-reply@roster.test' }]);
      expect(brandedMail.subject).not.toMatch(ROSTER);
      expect(brandedMail.text).toContain(`${LINK_BASE}/accept-invitation?token=`);
      const plainMail = received.find((m) => to(m) === plain.created.rootAdmin.email)!;
      expect(plainMail.from?.value).toEqual([{ name: 'Roster', address: 'no-reply@roster.test' }]);
      expect(plainMail.text).toContain('https://roster.test/accept-invitation?token=');
      expect(plainMail.text).toContain('— Roster');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('a product name alone names the sender; a later link base applies to the next email', async () => {
    const { created, tenantId } = await brandedTenant('Name Only Co', { branding: { productName: 'Nimbus' } });
    const first = await sent(created.rootAdmin.email, 'invitation');
    expect(first.fromName).toBe('Nimbus');
    expect(first.text).toContain('https://roster.test/accept-invitation?token=');
    expect((await t.app.request(`/v1/platform/tenants/${tenantId}`, { method: 'PATCH', headers: { ...platform, 'content-type': 'application/json' }, body: JSON.stringify({ linkBaseUrl: 'https://go.nimbus.example' }) })).status).toBe(200);
    const auth = await adminAuth(created);
    await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'Nia', lastName: 'Next', email: 'nia@nameonly.example' }, auth));
    expect((await sent('nia@nameonly.example', 'invitation')).text).toContain('https://go.nimbus.example/accept-invitation?token=');
  });

  it('the authenticator entry is issued by the tenant’s product name, at invitation and at sign-in enrolment', async () => {
    const { created, tenantId } = await brandedTenant('Totp Brand Co');
    const token = /accept-invitation\?token=([\w-]+)/.exec((await sent(created.rootAdmin.email, 'invitation')).text)![1]!;
    const accepted = await t.app.request('/v1/invitations/accept', json({ token, password: 'correct horse battery staple' }));
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    const body = (await accepted.json()) as { mfa: { otpauthUri: string; secret: string; ticket: string } };
    expect(body.mfa.otpauthUri).toMatch(/^otpauth:\/\/totp\/Acme%20Cloud:rhea%40totpbrandco\.example\?/);
    expect(new URL(body.mfa.otpauthUri).searchParams.get('issuer')).toBe('Acme Cloud');
    expect(JSON.stringify({ ...body.mfa, qrCodeSvg: undefined, secret: undefined })).not.toMatch(ROSTER);
    // Never confirmed: the right password at sign-in starts enrolment again, under the same issuer.
    const login = await t.app.request('/v1/auth/login', json({ tenantId, login: created.rootAdmin.email, password: 'correct horse battery staple' }));
    expect(login.status, await login.clone().text()).toBe(200);
    const enrol = (await login.json()) as { status: string; mfa: { otpauthUri: string; secret: string; ticket: string } };
    expect(enrol.status).toBe('mfa_enrolment_required');
    expect(new URL(enrol.mfa.otpauthUri).searchParams.get('issuer')).toBe('Acme Cloud');
    expect(enrol.mfa.otpauthUri).not.toMatch(ROSTER);
    const done = await t.app.request('/v1/auth/mfa/enrol', json({ ticket: enrol.mfa.ticket, code: generateSync({ secret: enrol.mfa.secret }) }));
    expect(done.status, await done.clone().text()).toBe(200);
  });
});
