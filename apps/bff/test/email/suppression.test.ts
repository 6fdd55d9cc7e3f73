import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, dialects, type TestContext, adminSession, errorOf, insertUsers, json, userRow, widgetToken } from '../support.js';
import { createMailer, deliverDue } from '../../src/email/sender.js';
import { TEST_EMAILS_PER_HOUR } from '../../src/routes/email/email.routes.js';
import { startSmtp } from './smtp-server.js';

type Suppression = { address: string; reason: string; source: string; createdAt: string };

describe.each(dialects)('the suppression list of undeliverable addresses on %s', (dialect) => {
  let t: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp?.close();
    await t?.close();
  });
  /** Every round the outbox worker would run until nothing is due, summed. */
  const deliver = async () => {
    const transport = createMailer(smtp.url);
    const total = { claimed: 0, sent: 0, failed: 0, rejected: 0, suppressed: 0 };
    try {
      for (;;) {
        const r = await deliverDue(t.services.db, transport, { from: 'Roster <no-reply@roster.test>', signingKey: t.services.config.signingKey });
        for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
        if (r.claimed === 0) return total;
      }
    } finally {
      transport.close();
    }
  };
  /** The fields an error names. */
  const fields = (e: { issues?: { path: (string | number)[] }[] }) => [...new Set((e.issues ?? []).map((i) => i.path.join('.')))];
  const due = () => sql`update email_outbox set next_attempt_at = now() where sent_at is null and failure is null`.execute(t.services.db);
  const outboxTo = (address: string) => t.services.db.selectFrom('email_outbox').selectAll().where('to_address', '=', address).orderBy('id').execute();
  const audit = (tenantId: string, action: string) => t.services.db.selectFrom('audit_events').selectAll().where('tenant_id', '=', tenantId).where('action', '=', action).orderBy('id').execute();
  const get = (path: string, auth: Record<string, string>) => t.app.request(path, { headers: auth });
  const del = (path: string, auth: Record<string, string>) => t.app.request(path, { method: 'DELETE', headers: auth });
  const post = (path: string, auth: Record<string, string>, body?: unknown) => t.app.request(path, body === undefined ? { method: 'POST', headers: auth } : json(body, auth));
  /** What an action could change: the tenant's outbox, tokens, suppression list and audit trail. */
  const snapshot = async (tenantId: string) => ({
    outbox: await t.services.db.selectFrom('email_outbox').select(['id', 'failure', 'sent_at']).where('tenant_id', '=', tenantId).orderBy('id').execute(),
    tokens: await t.services.db.selectFrom('one_time_tokens').select(['token_hash', 'used_at']).where('tenant_id', '=', tenantId).orderBy('token_hash').execute(),
    list: await t.services.db.selectFrom('email_suppressions').selectAll().where('tenant_id', '=', tenantId).orderBy('address').execute(),
    audit: (await t.services.db.selectFrom('audit_events').select('id').where('tenant_id', '=', tenantId).execute()).length,
  });

  it('a recipient refused with 550 lands on the list; later invitations to it are not sent and the API says so; removing it lets the next one through', async () => {
    const s = await adminSession(t, 'Bounce Co');
    smtp.refusals.set('gone@bounce.example', 550);
    const created = await post('/v1/users', s.auth, { kind: 'technician', firstName: 'Gwen', lastName: 'Gone', email: 'Gone@Bounce.example' });
    expect(created.status).toBe(201);
    const user = (await created.json()) as { id: string; invitation: string };
    expect(user.invitation).toBe('queued');
    // A test email to the same address, queued before anything bounced.
    expect((await post(`/v1/users/${user.id}/test-email`, s.auth)).status).toBe(202);

    // The invitation is refused for good: the address goes on the list, and the test email queued behind it is not tried.
    expect(await deliver()).toMatchObject({ sent: 0, failed: 0, rejected: 1, suppressed: 1 });
    const [invitation, test] = await outboxTo('Gone@Bounce.example');
    expect(invitation).toMatchObject({ template: 'invitation', failure: 'rejected', sent_at: null });
    expect(invitation!.last_error).toMatch(/^550 /);
    expect(String(invitation!.next_attempt_at)).toMatch(/infinity/i);
    expect(invitation!.payload).not.toHaveProperty('sealedToken');
    expect(test).toMatchObject({ template: 'test_email', failure: 'suppressed', sent_at: null });
    expect(test!.last_error).toMatch(/suppression list/);
    // Never retried.
    await sql`update email_outbox set next_attempt_at = now() where tenant_id = ${s.tenantId}`.execute(t.services.db);
    expect(await deliver()).toMatchObject({ claimed: 0 });
    expect(smtp.to('Gone@Bounce.example')).toHaveLength(0);

    const list = (await (await get('/v1/email-suppressions', s.auth)).json()) as { items: Suppression[]; nextCursor: string | null };
    expect(list.items).toEqual([{ address: 'gone@bounce.example', source: 'bounce', reason: expect.stringMatching(/^550 .*No such user here/), createdAt: expect.any(String) }]);
    expect(list.nextCursor).toBeNull();
    const page = (await (await get(`/v1/users/${user.id}`, s.auth)).json()) as { emailSuppression: unknown };
    expect(page.emailSuppression).toEqual({ source: 'bounce', reason: list.items[0]!.reason, createdAt: list.items[0]!.createdAt });
    expect(await audit(s.tenantId, 'email.suppressed')).toMatchObject([{ actor_type: 'system', target_id: user.id, after: { address: 'gone@bounce.example', source: 'bounce' } }]);

    // Resend, reset link and test email: 409 naming the address and why, and nothing changes.
    const before = await snapshot(s.tenantId);
    for (const path of [`/v1/users/${user.id}/resend-invitation`, `/v1/users/${user.id}/reset-password`, `/v1/users/${user.id}/test-email`]) {
      const refused = await errorOf(await post(path, s.auth));
      expect(refused, path).toMatchObject({ status: 409, code: 'email_suppressed' });
      expect(refused.message).toContain('Gone@Bounce.example');
      expect(refused.message).toContain('No such user here');
    }
    const address = await errorOf(await post('/v1/email-tests', s.auth, { email: 'GONE@bounce.example' }));
    expect(address).toMatchObject({ status: 409, code: 'email_suppressed', issues: [{ path: ['body', 'email'] }] });
    // An email change to a listed address is refused too (its point is the email).
    const other = (await (await post('/v1/users', s.auth, { kind: 'technician', firstName: 'Olga', lastName: 'Other', email: 'olga@bounce.example' })).json()) as { id: string };
    const moved = await errorOf(await t.app.request(`/v1/users/${other.id}`, { ...json({ email: 'gone@bounce.example' }, s.auth), method: 'PATCH' }));
    expect(moved).toMatchObject({ status: 409, code: 'email_suppressed', issues: [{ path: ['body', 'email'] }] });
    await sql`delete from email_outbox where to_address = 'olga@bounce.example'`.execute(t.services.db);
    await sql`delete from one_time_tokens where user_id = ${other.id}`.execute(t.services.db);
    await sql`delete from audit_events where target_id = ${other.id}`.execute(t.services.db);
    expect(await snapshot(s.tenantId)).toEqual(before);
    // German for a German request.
    const german = await errorOf(await t.app.request(`/v1/users/${user.id}/resend-invitation`, { method: 'POST', headers: { ...s.auth, 'accept-language': 'de' } }));
    expect(german.message).toMatch(/Sperrliste/);

    // The person fixed their mailbox; the admin removes the address (any case), audited.
    smtp.refusals.delete('gone@bounce.example');
    expect((await del('/v1/email-suppressions/GONE%40bounce.example', s.auth)).status).toBe(204);
    expect(await audit(s.tenantId, 'email.suppression_removed')).toMatchObject([{ actor_type: 'user', actor_id: s.created.rootAdmin.id, target_id: user.id, before: { address: 'gone@bounce.example', source: 'bounce' } }]);
    expect(((await (await get(`/v1/users/${user.id}`, s.auth)).json()) as { emailSuppression: unknown }).emailSuppression).toBeNull();
    expect((await errorOf(await del('/v1/email-suppressions/gone%40bounce.example', s.auth))).status).toBe(404);
    const resent = await post(`/v1/users/${user.id}/resend-invitation`, s.auth);
    expect(resent.status).toBe(200);
    expect(await deliver()).toMatchObject({ sent: 1, rejected: 0, suppressed: 0 });
    expect(smtp.to('Gone@Bounce.example').map((m) => m.subject)).toEqual(["You're invited to Bounce Co"]);
  });

  it('creates a user whose address is listed and says the invitation was held back; the import reports such rows', async () => {
    const s = await adminSession(t, 'Held Co');
    const added = await post('/v1/email-suppressions', s.auth, { email: ' Ghost@Held.example ', reason: 'Left the company' });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ address: 'ghost@held.example', source: 'admin', reason: 'Left the company' });
    expect((await post('/v1/email-suppressions', s.auth, { email: 'ghost@held.example' })).status).toBe(200);
    expect(await audit(s.tenantId, 'email.suppressed')).toMatchObject([{ actor_type: 'user', after: { address: 'ghost@held.example', source: 'admin' } }]);

    const res = await post('/v1/users', s.auth, { kind: 'technician', firstName: 'Gil', lastName: 'Ghost', email: 'ghost@held.example' });
    expect(res.status).toBe(201);
    const user = (await res.json()) as { id: string; status: string; invitation: string };
    expect(user).toMatchObject({ status: 'invited', invitation: 'suppressed' });
    const [row] = await outboxTo('ghost@held.example');
    expect(row).toMatchObject({ template: 'invitation', failure: 'suppressed', sent_at: null });
    expect(row!.payload).not.toHaveProperty('sealedToken');
    expect((await audit(s.tenantId, 'user.created')).filter((e) => e.target_id === user.id)).toMatchObject([{ after: { invitation: 'suppressed' } }]);
    expect(await deliver()).toMatchObject({ claimed: 0 });

    // The import: a listed address is imported, its row says the invitation was held back — in the dry run already.
    const body = { kind: 'technician', mode: 'per-row', rows: [{ firstName: 'Ann', lastName: 'Alive', email: 'ann@held.example' }, { firstName: 'Gus', lastName: 'Ghost', email: 'GUS@held.example' }] };
    expect((await post('/v1/email-suppressions', s.auth, { email: 'gus@held.example', reason: 'Mailbox closed' })).status).toBe(201);
    const dry = (await (await post('/v1/users/bulk-import?dryRun=true', s.auth, body)).json()) as { results: { row: number; status: string; invitation?: string }[] };
    expect(dry.results).toEqual([{ row: 0, status: 'imported', email: 'ann@held.example' }, { row: 1, status: 'imported', email: 'GUS@held.example', invitation: 'suppressed' }]);
    const imported = await post('/v1/users/bulk-import', s.auth, body);
    expect(imported.status).toBe(201);
    const answer = (await imported.json()) as { imported: number; results: { row: number; status: string; invitation?: string }[] };
    expect(answer.imported).toBe(2);
    expect(answer.results[0]).not.toHaveProperty('invitation');
    expect(answer.results[1]).toMatchObject({ status: 'imported', invitation: 'suppressed' });
    expect(await outboxTo('GUS@held.example')).toMatchObject([{ failure: 'suppressed', sent_at: null }]);
    expect((await outboxTo('GUS@held.example'))[0]!.payload).not.toHaveProperty('sealedToken');
    expect(await deliver()).toMatchObject({ sent: 1, suppressed: 0, rejected: 0 });
    expect(smtp.to('ann@held.example')).toHaveLength(1);
    expect(smtp.to('gus@held.example')).toHaveLength(0);
  });

  it('a temporary refusal (4xx) is retried later and puts nothing on the list', async () => {
    const s = await adminSession(t, 'Busy Co');
    smtp.refusals.set('busy@busy.example', 451);
    expect((await post('/v1/email-tests', s.auth, { email: 'busy@busy.example' })).status).toBe(202);
    expect(await deliver()).toMatchObject({ sent: 0, failed: 1, rejected: 0 });
    const [row] = await outboxTo('busy@busy.example');
    expect(row).toMatchObject({ failure: null, sent_at: null, attempts: 1 });
    expect(Date.parse(row!.next_attempt_at) - Date.now()).toBeGreaterThan(50_000);
    expect(await t.services.db.selectFrom('email_suppressions').selectAll().where('tenant_id', '=', s.tenantId).execute()).toEqual([]);
    smtp.refusals.delete('busy@busy.example');
    await due();
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(smtp.to('busy@busy.example')).toHaveLength(1);
  });

  it('a refusal for policy reasons (5.7.x, relaying denied) is the sending setup’s: retried, nothing listed', async () => {
    const s = await adminSession(t, 'Relay Co');
    smtp.refusals.set('far@relay.example', 554);
    smtp.messages.set('far@relay.example', '5.7.1 Relaying denied');
    expect((await post('/v1/email-tests', s.auth, { email: 'far@relay.example' })).status).toBe(202);
    expect(await deliver()).toMatchObject({ failed: 1, rejected: 0 });
    const [row] = await outboxTo('far@relay.example');
    expect(row).toMatchObject({ failure: null, sent_at: null, attempts: 1 });
    expect(row!.last_error).toMatch(/5\.7\.1 Relaying denied/);
    expect(await t.services.db.selectFrom('email_suppressions').selectAll().where('tenant_id', '=', s.tenantId).execute()).toEqual([]);
  });

  it('a test email reaches the address in the request’s language, through the outbox, audited', async () => {
    const s = await adminSession(t, 'Test Co');
    const res = await t.app.request('/v1/email-tests', json({ email: 'new.hire@test-co.example' }, { ...s.auth, 'accept-language': 'de' }));
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ to: 'new.hire@test-co.example', queuedAt: expect.any(String) });
    expect(await deliver()).toMatchObject({ sent: 1 });
    const [mail] = smtp.to('new.hire@test-co.example');
    expect(mail!.subject).toBe('Test-E-Mail von Roster');
    expect(mail!.text).toMatch(/^Hallo,/);
    expect(mail!.text).not.toMatch(/token=/);
    expect(await audit(s.tenantId, 'email.test_sent')).toMatchObject([{ target_type: 'email', after: { to: 'new.hire@test-co.example' } }]);
  });

  it('test emails are limited per tenant: the next one answers 429 with Retry-After, another tenant is not affected', async () => {
    const a = await adminSession(t, 'Limit A');
    const b = await adminSession(t, 'Limit B');
    for (let i = 0; i < TEST_EMAILS_PER_HOUR; i++) expect((await post('/v1/email-tests', a.auth, { email: `n${i}@limit.example` })).status).toBe(202);
    const limited = await post('/v1/email-tests', a.auth, { email: 'one-more@limit.example' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await outboxTo('one-more@limit.example')).toEqual([]);
    expect((await post('/v1/email-tests', b.auth, { email: 'one-more@limit.example' })).status).toBe(202);
  });

  it('keeps each tenant’s list to itself: B neither sees nor removes A’s entries, and A’s bounce does not block B', async () => {
    const a = await adminSession(t, 'Iso A');
    const b = await adminSession(t, 'Iso B');
    expect((await post('/v1/email-suppressions', a.auth, { email: 'shared@iso.example', reason: 'Bounced at A' })).status).toBe(201);
    expect(((await (await get('/v1/email-suppressions', b.auth)).json()) as { items: unknown[] }).items).toEqual([]);
    expect(((await (await get('/v1/email-suppressions?q=shared', b.auth)).json()) as { items: unknown[] }).items).toEqual([]);
    expect((await errorOf(await del('/v1/email-suppressions/shared%40iso.example', b.auth))).status).toBe(404);
    const res = await post('/v1/users', b.auth, { kind: 'technician', firstName: 'Sha', lastName: 'Red', email: 'shared@iso.example' });
    expect(((await res.json()) as { invitation: string }).invitation).toBe('queued');
    expect((await post('/v1/email-tests', b.auth, { email: 'shared@iso.example' })).status).toBe(202);
    expect(await deliver()).toMatchObject({ suppressed: 0, rejected: 0 });
    expect(smtp.to('shared@iso.example').length).toBeGreaterThanOrEqual(2);
    // A's entry is still there.
    expect(((await (await get('/v1/email-suppressions', a.auth)).json()) as { items: Suppression[] }).items.map((i) => i.address)).toEqual(['shared@iso.example']);
  });

  it('lists newest first, a page at a time, and finds addresses by a part of them', async () => {
    const s = await adminSession(t, 'Page Co');
    for (const e of ['a@page.example', 'b@page.example', 'c@other.example']) expect((await post('/v1/email-suppressions', s.auth, { email: e })).status).toBe(201);
    const first = (await (await get('/v1/email-suppressions?limit=2', s.auth)).json()) as { items: Suppression[]; nextCursor: string };
    expect(first.items.map((i) => i.address)).toEqual(['c@other.example', 'b@page.example']);
    const second = (await (await get(`/v1/email-suppressions?limit=2&cursor=${first.nextCursor}`, s.auth)).json()) as { items: Suppression[]; nextCursor: string | null };
    expect(second).toMatchObject({ items: [{ address: 'a@page.example' }], nextCursor: null });
    const found = (await (await get('/v1/email-suppressions?q=PAGE.example', s.auth)).json()) as { items: Suppression[] };
    expect(found.items.map((i) => i.address)).toEqual(['b@page.example', 'a@page.example']);
    const wildcard = (await (await get('/v1/email-suppressions?q=%25', s.auth)).json()) as { items: Suppression[] };
    expect(wildcard.items).toEqual([]);
  });

  it('refuses bad input with the field named and changes nothing', async () => {
    const s = await adminSession(t, 'Bad Co');
    const before = await snapshot(s.tenantId);
    const malformed = await errorOf(await post('/v1/email-tests', s.auth, { email: 'not-an-address' }));
    expect(malformed).toMatchObject({ status: 422, code: 'validation_failed' });
    expect(fields(malformed)).toEqual(['body.email']);
    expect(fields(await errorOf(await post('/v1/email-tests', s.auth, {})))).toEqual(['body.email']);
    expect(fields(await errorOf(await post('/v1/email-tests', s.auth, { email: 'ok@bad.example', cc: 'x@bad.example' })))).toEqual(['body.cc']);
    expect(fields(await errorOf(await post('/v1/email-tests', s.auth, { email: 42 })))).toEqual(['body.email']);
    const notOne = await errorOf(await post('/v1/email-suppressions', s.auth, { email: 'still not one' }));
    expect(notOne.status).toBe(422);
    expect(fields(notOne)).toEqual(['body.email']);
    expect(await errorOf(await post('/v1/email-suppressions', s.auth, { email: 'x@bad.example', reason: 'r'.repeat(501) }))).toMatchObject({ status: 422, issues: [{ path: ['body', 'reason'] }] });
    expect(await errorOf(await get('/v1/email-suppressions?limit=abc', s.auth))).toMatchObject({ status: 400, issues: [{ path: ['query', 'limit'] }] });
    expect(await errorOf(await get('/v1/email-suppressions?cursor=bm9wZQ', s.auth))).toMatchObject({ status: 400, issues: [{ path: ['query', 'cursor'] }] });
    expect(await errorOf(await get('/v1/email-suppressions?sort=x', s.auth))).toMatchObject({ status: 400, issues: [{ path: ['query', 'sort'] }] });
    expect(await errorOf(await del('/v1/email-suppressions/a%00b%40bad.example', s.auth))).toMatchObject({ status: 400, issues: [{ path: ['path', 'address'] }] });
    expect((await errorOf(await del('/v1/email-suppressions/nobody%40bad.example', s.auth))).status).toBe(404);
    expect((await errorOf(await post('/v1/users/00000000-0000-4000-8000-000000000000/test-email', s.auth))).status).toBe(404);
    expect(await snapshot(s.tenantId)).toEqual(before);
  });

  it('refuses callers without users.write, and changes nothing', async () => {
    const s = await adminSession(t, 'Perm Co');
    expect((await post('/v1/email-suppressions', s.auth, { email: 'kept@perm.example' })).status).toBe(201);
    const [reader] = await insertUsers(t, [userRow(s.tenantId, { email: 'reader@perm.example' })]);
    const auth = { authorization: `Bearer ${await widgetToken(t, s.access, reader!.id)}` };
    const before = await snapshot(s.tenantId);
    for (const res of [
      await get('/v1/email-suppressions', auth),
      await post('/v1/email-suppressions', auth, { email: 'x@perm.example' }),
      await del('/v1/email-suppressions/kept%40perm.example', auth),
      await post('/v1/email-tests', auth, { email: 'x@perm.example' }),
      await post(`/v1/users/${s.created.rootAdmin.id}/test-email`, auth),
    ]) {
      expect(await errorOf(res)).toMatchObject({ status: 403, code: 'forbidden' });
    }
    expect((await get('/v1/email-suppressions', {})).status).toBe(401);
    expect(await snapshot(s.tenantId)).toEqual(before);
  });
});
