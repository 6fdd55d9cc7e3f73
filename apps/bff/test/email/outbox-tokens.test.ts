import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { User } from '@roster/contract';
import { adminSession, createTestContext, deliveredMessage, dialects, json, linkToken, type TestContext } from '../support.js';
import { hashSecret } from '../../src/auth/secrets.js';
import * as noClearTokens from '../../src/db/migrations/2026-12-02T0900-outbox-no-clear-tokens.js';

const PASSWORD = 'correct horse battery staple';

/** Every string a database reader gets from these rows: each value (JSON included), and every token-like piece of it. */
function candidates(rows: unknown[]): Set<string> {
  const out = new Set<string>();
  const visit = (v: unknown) => {
    if (typeof v === 'string') {
      out.add(v);
      for (const piece of v.match(/[A-Za-z0-9_-]{16,}/g) ?? []) out.add(piece);
      for (const piece of v.split(/[^A-Za-z0-9+/=_-]+/)) if (piece.length >= 16) out.add(piece);
      for (const m of v.matchAll(/token=([^\s"'&<]+)/g)) out.add(decodeURIComponent(m[1]!));
    } else if (v && typeof v === 'object' && !(v instanceof Date)) {
      for (const x of Object.values(v)) visit(x);
    }
  };
  rows.forEach(visit);
  return out;
}

describe.each(dialects)('no live token is readable from the database on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  // Each probe comes from its own address, so the per-address rate limits never answer for the token.
  let source = 0;
  const from = () => {
    source += 1;
    return { incoming: { socket: { remoteAddress: `127.9.${source >> 8}.${source & 255}` } } };
  };
  const post = (path: string, body: unknown) => t.app.request(path, json(body), from());

  it('after an invitation, a reset, an email change and a bulk import, no string of email_outbox or one_time_tokens is accepted by a link endpoint', async () => {
    const s = await adminSession(t, 'Vault Co');
    const create = async (body: Record<string, unknown>) => {
      const res = await t.app.request('/v1/users', json({ kind: 'technician', lastName: 'Vault', ...body }, s.auth));
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json()) as User;
    };
    await create({ firstName: 'Ivy', email: 'ivy@vault.example' }); // invitation
    const rex = await create({ firstName: 'Rex', email: 'rex@vault.example' });
    const eli = await create({ firstName: 'Eli', email: 'eli@vault.example' });
    await t.services.db.updateTable('users').set({ status: 'active' }).where('id', 'in', [rex.id, eli.id]).execute();
    expect((await post('/v1/auth/forgot-password', { tenantId: s.tenantId, email: 'rex@vault.example' })).status).toBe(202); // reset
    const patched = await t.app.request(`/v1/users/${eli.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...s.auth }, body: JSON.stringify({ email: 'eli.new@vault.example' }) });
    expect(patched.status).toBe(200); // email change
    const bulk = await t.app.request('/v1/users/bulk-import', json({ kind: 'technician', rows: [{ firstName: 'Bea', lastName: 'Bulk', email: 'bea@vault.example' }, { firstName: 'Bob', lastName: 'Bulk', email: 'bob@vault.example' }] }, s.auth));
    expect(bulk.status).toBe(201);

    const outbox = await t.services.db.selectFrom('email_outbox').selectAll().where('tenant_id', '=', s.tenantId).execute();
    const tokens = await t.services.db.selectFrom('one_time_tokens').selectAll().where('tenant_id', '=', s.tenantId).execute();
    expect(outbox.map((m) => m.template).sort()).toEqual(['email_change', 'invitation', 'invitation', 'invitation', 'invitation', 'invitation', 'invitation', 'password_reset']);
    const strings = candidates([...outbox, ...tokens]);
    expect(strings.size).toBeGreaterThan(50);
    for (const value of strings) {
      const accept = await post('/v1/invitations/accept', { token: value, password: PASSWORD });
      expect(accept.status, `accept took ${JSON.stringify(value)}`).toBeGreaterThanOrEqual(400);
      const reset = await post('/v1/auth/reset-password', { token: value, password: PASSWORD });
      expect(reset.status, `reset took ${JSON.stringify(value)}`).toBeGreaterThanOrEqual(400);
      const confirm = await post('/v1/auth/confirm-email', { token: value });
      expect(confirm.status, `confirm took ${JSON.stringify(value)}`).toBeGreaterThanOrEqual(400);
    }
    // The probes could have told: the links as delivered work, each at its own endpoint.
    expect((await post('/v1/invitations/accept', { token: linkToken(await deliveredMessage(t, { to: 'ivy@vault.example' }), '/accept-invitation'), password: PASSWORD })).status).toBe(200);
    expect((await post('/v1/invitations/accept', { token: linkToken(await deliveredMessage(t, { to: 'bea@vault.example' }), '/accept-invitation'), password: PASSWORD })).status).toBe(200);
    expect((await post('/v1/auth/reset-password', { token: linkToken(await deliveredMessage(t, { to: 'rex@vault.example' }), '/reset-password'), password: PASSWORD })).status).toBe(200);
    expect((await post('/v1/auth/confirm-email', { token: linkToken(await deliveredMessage(t, { to: 'eli.new@vault.example' }), '/confirm-email') })).status).toBe(200);
  });
});

describe.each(dialects)('outbox rows written before tokens were sealed, on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  it('the migration removes their links and expires their tokens; their users show the invitation as expired', async () => {
    const s = await adminSession(t, 'Legacy Co');
    const res = await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'Old', lastName: 'Row', email: 'old@legacy.example' }, s.auth));
    const user = (await res.json()) as User;
    // As the product wrote them before: the link in the bodies (queued and sent), the token in a bulk payload.
    const clear = 'legacyClearToken0123456789abcdefghijklmnopqr';
    await sql`update one_time_tokens set token_hash = ${hashSecret(clear)} where user_id = ${user.id}`.execute(t.services.db);
    const body = `Hello Old,\n\nAccept invitation: https://roster.test/accept-invitation?token=${clear}\n`;
    await sql`delete from email_outbox where user_id = ${user.id}`.execute(t.services.db);
    await sql`insert into email_outbox (tenant_id, user_id, template, to_address, subject, text_body, html_body, last_error, sent_at)
              values (${s.tenantId}, ${user.id}, 'invitation', 'old@legacy.example', 'Invited', ${body}, ${`<a href="https://roster.test/accept-invitation?token=${clear}">x</a>`}, null, null),
                     (${s.tenantId}, ${user.id}, 'invitation', 'old@legacy.example', 'Invited', ${body}, ${body}, null, now())`.execute(t.services.db);
    await sql`insert into email_outbox (tenant_id, user_id, template, to_address, subject, text_body, html_body, payload, last_error, sent_at)
              values (${s.tenantId}, ${user.id}, 'invitation', 'old@legacy.example', 'Invited', '', '', ${JSON.stringify({ publicUrl: 'https://roster.test', tenantName: 'Legacy Co', firstName: 'Old', expiresAt: new Date(Date.now() + 3600_000).toISOString(), language: 'en', token: clear })}::jsonb, null, null)`.execute(t.services.db);
    await sql`insert into email_outbox (tenant_id, user_id, template, to_address, subject, text_body, html_body, last_error, sent_at)
              values (${s.tenantId}, null, 'notice', 'n@legacy.example', 'Plain', 'No link here.', '<p>No link here.</p>', null, null)`.execute(t.services.db);

    // What a database reader finds today: the probe of the test above would find this token.
    expect(candidates(await t.services.db.selectFrom('email_outbox').selectAll().where('user_id', '=', user.id).execute()).has(clear)).toBe(true);
    expect((await t.services.db.selectFrom('one_time_tokens').select('token_hash').where('user_id', '=', user.id).executeTakeFirstOrThrow()).token_hash).toBe(hashSecret(clear));

    await noClearTokens.up(t.services.db);

    const rows = await t.services.db.selectFrom('email_outbox').selectAll().where('tenant_id', '=', s.tenantId).execute();
    expect(JSON.stringify(rows)).not.toContain(clear);
    const legacy = rows.filter((r) => r.user_id === user.id);
    expect(legacy).toHaveLength(3);
    for (const r of legacy) expect(`${r.text_body}${r.html_body}`).toBe('');
    for (const r of legacy.filter((x) => x.sent_at === null)) {
      expect(r.last_error).toMatch(/Not sent/);
      expect(String(r.next_attempt_at)).toMatch(/infinity/i);
    }
    // A message without a token is left as it was.
    expect(rows.find((r) => r.subject === 'Plain')).toMatchObject({ text_body: 'No link here.', last_error: null });
    expect((await t.app.request('/v1/invitations/accept', json({ token: clear, password: PASSWORD }))).status).toBe(400);
    const after = (await (await t.app.request(`/v1/users/${user.id}`, { headers: s.auth })).json()) as User;
    expect(after.invitationStatus).toBe('expired');
    // Resending gives a sealed, working link.
    expect((await t.app.request(`/v1/users/${user.id}/resend-invitation`, json({}, s.auth))).status).toBeLessThan(300);
    const token = linkToken(await deliveredMessage(t, { to: 'old@legacy.example' }), '/accept-invitation');
    expect((await t.app.request('/v1/invitations/accept', json({ token, password: PASSWORD }))).status).toBe(200);
  });
});
