import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestContext, dialects, type TestContext, adminSession, deliveredMessage, json, linkToken, PLATFORM_KEY } from '../support.js';
import { createMailer, deliverDue, readOutboxMessage } from '../../src/email/sender.js';
import { RETRY_DELAYS_MINUTES } from '../../src/db/repositories/email-outbox.repository.js';
import { invitationEmail } from '../../src/email/templates.js';
import { enqueueEmail, enqueueLinkEmail, renderOutboxMessage } from '../../src/email/outbox.js';
import { startSmtp } from './smtp-server.js';

describe.each(dialects)('email outbox and SMTP delivery on %s', (dialect) => {
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
  const due = () => sql`update email_outbox set next_attempt_at = now() where sent_at is null`.execute(t.services.db);

  it('delivers an invitation written by POST /v1/users, with its link from ROSTER_PUBLIC_URL, exactly once', async () => {
    const s = await adminSession(t, 'Mail Co');
    const res = await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'Mia', lastName: 'Mail', email: 'mia@mail.example' }, { ...s.auth, host: 'attacker.example' }));
    expect(res.status).toBe(201);
    const transport = createMailer(smtp.url);
    expect(await deliverDue(t.services.db, transport, { from: 'Roster <no-reply@roster.test>', signingKey: t.services.config.signingKey })).toMatchObject({ sent: 1, failed: 0 });
    expect(await deliverDue(t.services.db, transport, { from: 'Roster <no-reply@roster.test>', signingKey: t.services.config.signingKey })).toMatchObject({ claimed: 0 });
    const mail = smtp.received.find((m) => m.subject?.includes('Mail Co'))!;
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('mia@mail.example');
    expect(mail.text).toMatch(/https:\/\/roster\.test\/accept-invitation\?token=[\w-]{40,}/);
    expect(mail.text).not.toContain('attacker.example');
    expect(String(mail.html)).toContain('Accept invitation');
    transport.close();
  });

  it('delivers the invitation of a new tenant’s Root Admin over SMTP, exactly once', async () => {
    const res = await t.app.request('/v1/platform/tenants', json({ name: 'Root Mail Co', rootAdmin: { firstName: 'Rita', lastName: 'Root', email: 'rita@root-mail.example' } }, { authorization: `Bearer ${PLATFORM_KEY}` }));
    expect(res.status).toBe(201);
    const transport = createMailer(smtp.url);
    let sent = 0;
    for (let round = 0; round < 5 && sent < 1; round++) sent += (await deliverDue(t.services.db, transport, { from: 'Roster <no-reply@roster.test>', signingKey: t.services.config.signingKey })).sent;
    expect(await deliverDue(t.services.db, transport, { from: 'Roster <no-reply@roster.test>', signingKey: t.services.config.signingKey })).toMatchObject({ claimed: 0 });
    const mails = smtp.received.filter((m) => (m.to && 'text' in m.to ? m.to.text : '') === 'rita@root-mail.example');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("You're invited to Root Mail Co");
    expect(mails[0]!.text).toMatch(/^Hello Rita,/);
    expect(mails[0]!.text).toMatch(/https:\/\/roster\.test\/accept-invitation\?token=[\w-]{40,}/);
    transport.close();
  });

  it('the link delivered through SMTP works; once sent the row keeps neither the token nor its ciphertext', async () => {
    const s = await adminSession(t, 'Link Co');
    const res = await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'Lia', lastName: 'Link', email: 'lia@link.example' }, s.auth));
    expect(res.status).toBe(201);
    const queued = await t.services.db.selectFrom('email_outbox').selectAll().where('to_address', '=', 'lia@link.example').executeTakeFirstOrThrow();
    // Queued: no link in the stored subject or bodies, the token only sealed.
    expect(`${queued.subject}${queued.text_body}${queued.html_body}`).not.toMatch(/token=/);
    expect(queued).toMatchObject({ text_body: '', html_body: '' });
    expect(typeof (queued.payload as { sealedToken?: unknown }).sealedToken).toBe('string');
    // The demo mailbox renders the queued message with its working link.
    const shown = (await readOutboxMessage(t.services.db, t.services.config.signingKey, s.tenantId, queued.id))!;
    expect(shown.text_body).toMatch(/https:\/\/roster\.test\/accept-invitation\?token=[\w-]{40,}/);
    expect(shown).not.toHaveProperty('payload');
    const transport = createMailer(smtp.url);
    expect(await deliverDue(t.services.db, transport, { from: 'Roster <no-reply@roster.test>', signingKey: t.services.config.signingKey })).toMatchObject({ sent: 1, failed: 0 });
    transport.close();
    const mail = smtp.received.find((m) => (m.to && 'text' in m.to ? m.to.text : '') === 'lia@link.example')!;
    const token = linkToken({ text: mail.text ?? '' }, '/accept-invitation');
    expect(String(mail.html)).toContain(`https://roster.test/accept-invitation?token=${token}`);
    // Scrubbed: the sent row holds no ciphertext, no token, no rendered link.
    const sent = await t.services.db.selectFrom('email_outbox').selectAll().where('id', '=', queued.id).executeTakeFirstOrThrow();
    expect(sent.sent_at).not.toBeNull();
    expect(sent.payload).not.toHaveProperty('sealedToken');
    expect(JSON.stringify(sent)).not.toContain(token);
    expect(JSON.stringify(sent)).not.toContain((queued.payload as { sealedToken: string }).sealedToken);
    expect(`${sent.text_body}${sent.html_body}`).toBe('');
    // What the mailbox shows of a sent message: no link.
    const after = await deliveredMessage(t, { id: queued.id });
    expect(after.text).not.toMatch(/token=/);
    expect(after.text).toContain('not kept');
    // The link from the real mail works.
    const accepted = await t.app.request('/v1/invitations/accept', json({ token, password: 'correct horse battery' }));
    expect(accepted.status, await accepted.clone().text()).toBe(200);
  });

  it('a sealed token opens only in its own row and under its own key', async () => {
    const s = await adminSession(t, 'Seal Co');
    const params = { publicUrl: 'https://roster.test', tenantName: 'Seal Co', firstName: 'Sam', expiresAt: new Date(Date.now() + 3600_000).toISOString(), language: 'en' };
    await enqueueLinkEmail(t.services.db, t.services.config, { tenantId: s.tenantId, userId: null, template: 'invitation', to: 'sam@seal.example', params, token: 'secret-token-1' });
    await enqueueLinkEmail(t.services.db, t.services.config, { tenantId: s.tenantId, userId: null, template: 'invitation', to: 'eve@seal.example', params, token: 'secret-token-2' });
    expect(linkToken(await deliveredMessage(t, { to: 'sam@seal.example' }), '/accept-invitation')).toBe('secret-token-1');
    const sam = await t.services.db.selectFrom('email_outbox').select(['id', 'payload']).where('to_address', '=', 'sam@seal.example').executeTakeFirstOrThrow();
    const eve = await t.services.db.selectFrom('email_outbox').select('id').where('to_address', '=', 'eve@seal.example').executeTakeFirstOrThrow();
    expect(JSON.stringify(sam.payload)).not.toContain('secret-token-1');
    // Someone who can write the database moves Sam's sealed token to a message addressed to them: it does not open.
    await sql`update email_outbox set payload = ${JSON.stringify(sam.payload)}::jsonb where id = ${eve.id}`.execute(t.services.db);
    await expect(deliveredMessage(t, { id: eve.id })).rejects.toThrow();
    // Another signing key opens nothing.
    const row = await t.services.db.selectFrom('email_outbox').selectAll().where('id', '=', sam.id).executeTakeFirstOrThrow();
    expect(() => renderOutboxMessage(row, new Uint8Array(32).fill(7))).toThrow();
  });

  it('refuses to store a link email without a sealed token, or any body with a token in clear', async () => {
    const s = await adminSession(t, 'Guard Co');
    const mail = invitationEmail({ publicUrl: 'https://roster.test', tenantName: 'Guard Co', firstName: 'G', token: 'clear-token', expiresAt: new Date(Date.now() + 3600_000).toISOString(), language: 'en' });
    await expect(enqueueEmail(t.services.db, { tenantId: s.tenantId, userId: null, template: 'invitation', to: 'g@guard.example', ...mail })).rejects.toThrow(/enqueueLinkEmail/);
    await expect(enqueueEmail(t.services.db, { tenantId: s.tenantId, userId: null, template: 'account_notice', to: 'g@guard.example', ...mail })).rejects.toThrow(/token in clear/);
    await expect(enqueueEmail(t.services.db, { tenantId: s.tenantId, userId: null, template: 'account_notice', to: 'g@guard.example', subject: 's', text: '', html: '', payload: { token: 'x' } })).rejects.toThrow(/token in clear/);
  });

  it('delivers invitations of a bulk import, rendered from their stored parameters when sent', async () => {
    const s = await adminSession(t, 'Bulk Mail Co');
    const res = await t.app.request('/v1/users/bulk-import', json({ kind: 'technician', rows: [{ firstName: 'Bo', lastName: 'Bulk', email: 'bo@bulk-mail.example' }, { firstName: 'Cy', lastName: 'Bulk', email: 'cy@bulk-mail.example' }] }, s.auth));
    expect(res.status).toBe(201);
    const transport = createMailer(smtp.url);
    let sent = 0;
    for (let round = 0; round < 5 && sent < 2; round++) sent += (await deliverDue(t.services.db, transport, { from: 'Roster <no-reply@roster.test>', signingKey: t.services.config.signingKey })).sent;
    const bo = smtp.received.find((m) => (m.to && 'text' in m.to ? m.to.text : '') === 'bo@bulk-mail.example')!;
    expect(bo.subject).toBe("You're invited to Bulk Mail Co");
    expect(bo.text).toMatch(/^Hello Bo,/);
    expect(bo.text).toMatch(/https:\/\/roster\.test\/accept-invitation\?token=[\w-]{40,}/);
    expect(String(bo.html)).toContain('Accept invitation');
    transport.close();
    const rows = await t.services.db.selectFrom('email_outbox').selectAll().where('to_address', 'in', ['bo@bulk-mail.example', 'cy@bulk-mail.example']).execute();
    for (const row of rows) expect(row.payload).not.toHaveProperty('sealedToken');
    const accepted = await t.app.request('/v1/invitations/accept', json({ token: linkToken({ text: bo.text ?? '' }, '/accept-invitation'), password: 'correct horse battery' }));
    expect(accepted.status).toBe(200);
  });

  it('a refused delivery is retried later with backoff, keeps the error, and is sent once when SMTP recovers', async () => {
    const s = await adminSession(t, 'Retry Co');
    await enqueueEmail(t.services.db, { tenantId: s.tenantId, userId: null, template: 'test', to: 'retry@mail.example', subject: 'Retry me', text: 'x', html: '<p>x</p>' });
    const transport = createMailer(smtp.url);
    smtp.refuse(true);
    expect(await deliverDue(t.services.db, transport, { from: 'r@roster.test', signingKey: t.services.config.signingKey })).toMatchObject({ sent: 0, failed: 1 });
    const row = await t.services.db.selectFrom('email_outbox').selectAll().where('subject', '=', 'Retry me').executeTakeFirstOrThrow();
    expect(row.sent_at).toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/Mailbox unavailable/);
    expect(Date.parse(row.next_attempt_at) - Date.now()).toBeGreaterThan(50_000);
    expect(await deliverDue(t.services.db, transport, { from: 'r@roster.test', signingKey: t.services.config.signingKey })).toMatchObject({ claimed: 0 }); // not due yet
    smtp.refuse(false);
    await due();
    expect(await deliverDue(t.services.db, transport, { from: 'r@roster.test', signingKey: t.services.config.signingKey })).toMatchObject({ sent: 1 });
    expect(smtp.received.filter((m) => m.subject === 'Retry me')).toHaveLength(1);
    transport.close();
  });

  it('a closed SMTP port fails the attempt without losing the message', async () => {
    const s = await adminSession(t, 'Closed Co');
    await enqueueEmail(t.services.db, { tenantId: s.tenantId, userId: null, template: 'test', to: 'closed@mail.example', subject: 'Closed port', text: 'x', html: 'x' });
    const transport = createMailer('smtp://127.0.0.1:1');
    const r = await deliverDue(t.services.db, transport, { from: 'r@roster.test', signingKey: t.services.config.signingKey });
    expect(r.failed).toBeGreaterThanOrEqual(1);
    const row = await t.services.db.selectFrom('email_outbox').selectAll().where('subject', '=', 'Closed port').executeTakeFirstOrThrow();
    expect(row.sent_at).toBeNull();
    expect(row.last_error).toBeTruthy();
    transport.close();
  });

  it('a link email given up after its last retry drops its sealed token', async () => {
    const s = await adminSession(t, 'Give Up Co');
    const params = { publicUrl: 'https://roster.test', firstName: 'Gus', expiresAt: new Date(Date.now() + 3600_000).toISOString(), language: 'en' };
    await enqueueLinkEmail(t.services.db, t.services.config, { tenantId: s.tenantId, userId: null, template: 'password_reset', to: 'gus@giveup.example', params, token: 'never-sent-token' });
    await sql`update email_outbox set attempts = ${RETRY_DELAYS_MINUTES.length} where to_address = 'gus@giveup.example'`.execute(t.services.db);
    const transport = createMailer('smtp://127.0.0.1:1');
    expect((await deliverDue(t.services.db, transport, { from: 'r@roster.test', signingKey: t.services.config.signingKey })).failed).toBeGreaterThanOrEqual(1);
    transport.close();
    const row = await t.services.db.selectFrom('email_outbox').selectAll().where('to_address', '=', 'gus@giveup.example').executeTakeFirstOrThrow();
    expect(row.sent_at).toBeNull();
    expect(String(row.next_attempt_at)).toMatch(/infinity/i);
    expect(row.payload).not.toHaveProperty('sealedToken');
    expect((await deliveredMessage(t, { id: row.id })).text).not.toMatch(/token=/);
  });

  it('a stopping sender (graceful shutdown) ends its round after the current send; the claims it did not use are due again, their attempt not counted', async () => {
    const s = await adminSession(t, 'Stop Mail Co');
    const rows = ['ann', 'ben', 'cal'].map((n) => ({ firstName: n, lastName: 'Stop', email: `${n}@stop-mail.example` }));
    expect((await t.app.request('/v1/users/bulk-import', json({ kind: 'technician', rows }, s.auth))).status).toBe(201);
    // Only these three are due in this round.
    await sql`update email_outbox set next_attempt_at = now() + interval '1 hour' where sent_at is null and to_address not like '%@stop-mail.example'`.execute(t.services.db);
    const transport = createMailer(smtp.url);
    let asked = 0;
    const options = { from: 'r@roster.test', signingKey: t.services.config.signingKey };
    expect(await deliverDue(t.services.db, transport, { ...options, stopping: () => asked++ > 0 })).toMatchObject({ claimed: 3, sent: 1, failed: 0 });
    const state = async () =>
      (await sql<{ sent: boolean; attempts: number; due: boolean }>`select sent_at is not null as sent, attempts, next_attempt_at <= now() as due from email_outbox where to_address like '%@stop-mail.example' order by id`.execute(t.services.db)).rows;
    const after = await state();
    expect(after.filter((r) => r.sent).map((r) => r.attempts)).toEqual([1]);
    expect(after.filter((r) => !r.sent).map((r) => ({ attempts: r.attempts, due: r.due }))).toEqual([{ attempts: 0, due: true }, { attempts: 0, due: true }]);
    expect(await deliverDue(t.services.db, transport, options)).toMatchObject({ claimed: 2, sent: 2 });
    transport.close();
    expect((await state()).map((r) => [r.sent, r.attempts])).toEqual([[true, 1], [true, 1], [true, 1]]);
  });

  it('a rolled-back change leaves no message behind', async () => {
    const s = await adminSession(t, 'Rollback Co');
    await expect(
      t.services.db.transaction().execute(async (trx) => {
        await enqueueEmail(trx, { tenantId: s.tenantId, userId: null, template: 'test', to: 'gone@mail.example', subject: 'Never', text: 'x', html: 'x' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const rows = await t.services.db.selectFrom('email_outbox').select('id').where('subject', '=', 'Never').execute();
    expect(rows).toEqual([]);
  });

  it('templates speak German for language de and escape names', () => {
    const m = invitationEmail({ publicUrl: 'https://r.example/', tenantName: 'A&B <GmbH>', firstName: '<script>x</script>', token: 'tok', expiresAt: new Date(Date.now() + 14 * 86400_000).toISOString(), language: 'de' });
    expect(m.subject).toBe('Einladung zu A&B <GmbH>');
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;');
    expect(m.text).toContain('https://r.example/accept-invitation?token=tok');
    expect(m.text).toContain('14 Tagen');
  });
});
