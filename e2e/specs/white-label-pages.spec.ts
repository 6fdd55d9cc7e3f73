import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { listOutbox, readOutboxMessage, type createApp, type Services } from '@roster/bff';
import type { selfServicePages } from '@roster/portal';
import { startPagesInProcess } from '../support/pages-in-process.js';

/**
 * White-label (issue 12): a person of a branded tenant walks the self-service pages — accept the invitation, enrol
 * 2FA at sign-in, the account page, forgot and reset the password, confirm an email — and never sees the word
 * Roster: not in a page's title, text or attributes, not in the JSON those pages show, not in the authenticator's
 * issuer, not in an email. Requests go to the portal's page routes and the BFF in-process (no browser needed: what
 * is checked is what the server sends).
 */
const LINK_BASE = 'https://portal.acme-msp.example/id';
const ROSTER = /roster/i;
const branding = { productName: 'Acme Cloud', logoUrl: 'https://cdn.acme-msp.example/logo.png', accentColor: '#0a7c4a', senderName: 'Acme Support' };

/** What a person can see of a page: its markup without the scripts and style sheets (text, title, alt texts, links). */
const visible = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '');

describe('a white-labelled tenant’s self-service pages', () => {
  let host: Awaited<ReturnType<typeof startPagesInProcess>>;
  let services: Services;
  let bff: ReturnType<typeof createApp>;
  let pages: ReturnType<typeof selfServicePages>;
  let tenantId: string;
  let email: string;

  beforeAll(async () => {
    host = await startPagesInProcess({ name: 'Contoso Dental', rootAdmin: { firstName: 'Erin', lastName: 'Enduser', email: 'erin@contoso.example' }, branding, linkBaseUrl: LINK_BASE });
    ({ services, bff, pages, tenantId } = host);
    email = host.rootAdmin.email;
  });
  afterAll(async () => host?.stop());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    bff.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  /** The newest email of a template to the person, as sent; its link's path and token on the tenant's domain. */
  async function latestLink(template: string) {
    const row = (await listOutbox(services.db, tenantId)).find((m) => m.template === template && m.to_address === email)!;
    const mail = (await readOutboxMessage(services.db, services.config.signingKey, tenantId, row.id))!;
    for (const text of [mail.subject, mail.text_body, mail.html_body, mail.from_name ?? '']) expect(text).not.toMatch(ROSTER);
    expect(mail.from_name).toBe('Acme Support');
    const link = new URL(/https:\/\/\S+token=\S+/.exec(mail.text_body)![0]);
    expect(`${link.origin}${link.pathname}`.startsWith(`${LINK_BASE}/`)).toBe(true);
    return { page: `${link.pathname.slice('/id'.length)}${link.search}`, token: link.searchParams.get('token')! };
  }

  async function page(path: string, headers: Record<string, string> = {}) {
    const res = await pages.request(path, { headers });
    expect(res.status).toBe(200);
    const html = await res.text();
    const shown = visible(html);
    expect(shown, path).not.toMatch(ROSTER);
    expect(shown, path).toContain('<title>');
    expect(shown, path).toMatch(/<title>[^<]* — Acme Cloud<\/title>/);
    expect(shown, path).toContain('<img src="https://cdn.acme-msp.example/logo.png" alt="Acme Cloud">');
    expect(html, path).toContain('--accent: #0a7c4a');
    return shown;
  }

  /** A JSON answer the page shows (messages, errors); the QR code and the secret are not text a person reads. */
  async function shownJson(res: Response) {
    const body = (await res.json()) as Record<string, unknown>;
    const { qrCodeSvg: _qr, secret: _secret, ...mfa } = (body.mfa ?? {}) as Record<string, unknown>;
    expect(JSON.stringify({ ...body, mfa })).not.toMatch(ROSTER);
    return body as any;
  }

  it('accept the invitation, enrol 2FA at sign-in, the account page: branded, and the authenticator says Acme Cloud', async () => {
    const invitation = await latestLink('invitation');
    expect(await page(invitation.page)).toContain('<h1>Welcome to Acme Cloud</h1>');
    const accepted = await shownJson(await post('/v1/invitations/accept', { token: invitation.token, password: 'correct horse battery staple' }));
    expect(new URL(accepted.mfa.otpauthUri).searchParams.get('issuer')).toBe('Acme Cloud');

    await page(`/login?tenant=${tenantId}`);
    expect(await shownJson(await post('/v1/auth/login', { tenantId, login: email, password: 'wrong password' }))).toMatchObject({ error: { code: 'unauthorized' } });
    const login = await shownJson(await post('/v1/auth/login', { tenantId, login: email, password: 'correct horse battery staple' }));
    expect(login.status).toBe('mfa_enrolment_required');
    expect(login.mfa.otpauthUri).toMatch(/^otpauth:\/\/totp\/Acme%20Cloud:/);
    const enrolled = await post('/v1/auth/mfa/enrol', { ticket: login.mfa.ticket, code: generateSync({ secret: login.mfa.secret }) });
    expect(enrolled.status).toBe(200);
    const cookie = enrolled.headers.get('set-cookie')!.split(';')[0]!;

    // /account hosts <account-panel>: the brand's accent reaches it as its --roster-accent token.
    expect(await page('/account', { cookie })).toContain('<account-panel session></account-panel>');
    expect(await (await pages.request('/account', { headers: { cookie } })).text()).toContain('--roster-accent: #0a7c4a');
    const me = await bff.request('/v1/auth/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    await shownJson(me);
    expect(await shownJson(await bff.request('/v1/tenant/branding', { headers: { cookie } }))).toMatchObject({ branding: { productName: 'Acme Cloud' } });
  });

  it('forgot password, reset it, and a spent link on the email confirmation page: branded, the answers too', async () => {
    await page(`/forgot-password?tenant=${tenantId}`);
    const forgot = await post('/v1/auth/forgot-password', { tenantId, email });
    expect(forgot.status).toBe(202);
    await shownJson(forgot);
    const reset = await latestLink('password_reset');
    await page(reset.page);
    const saved = await post('/v1/auth/reset-password', { token: reset.token, password: 'an even better password' });
    expect(saved.status).toBe(200);
    await shownJson(saved);
    // The spent link still finds its tenant: the page wears its brand and explains itself without the product's name.
    await page(`/confirm-email?token=${reset.token}`);
    const spent = await shownJson(await post('/v1/auth/confirm-email', { token: reset.token }));
    expect(spent.error.code).toBe('bad_request');
  });

  it('a link of an unknown token or tenant shows the product’s own name (nothing of another tenant)', async () => {
    const res = await pages.request('/reset-password?token=unknown-token');
    expect(visible(await res.text())).toMatch(/<title>[^<]* — Roster<\/title>/);
  });
});
