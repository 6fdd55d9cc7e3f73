import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { createTestContext, dialects, type TestContext, adminSession, json, PLATFORM_KEY } from './support.js';
import { createMailer, deliverDue } from '../src/email/sender.js';
import { enqueueEmail } from '../src/db/repositories/email-outbox.repository.js';
import { invitationEmail } from '../src/email/templates.js';

/** A real SMTP server in this process: it accepts or refuses recipients as told and keeps what it receives. */
async function startSmtp() {
  const received: ParsedMail[] = [];
  let refuse = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 450 }));
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => received.push(mail))
        .then(() => callback(), callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse(on: boolean) {
      refuse = on;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

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
    expect(await deliverDue(t.services.db, transport, { from: 'Roster <no-reply@roster.test>' })).toMatchObject({ sent: 1, failed: 0 });
    expect(await deliverDue(t.services.db, transport, { from: 'Roster <no-reply@roster.test>' })).toMatchObject({ claimed: 0 });
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
    for (let round = 0; round < 5 && sent < 1; round++) sent += (await deliverDue(t.services.db, transport, { from: 'Roster <no-reply@roster.test>' })).sent;
    expect(await deliverDue(t.services.db, transport, { from: 'Roster <no-reply@roster.test>' })).toMatchObject({ claimed: 0 });
    const mails = smtp.received.filter((m) => (m.to && 'text' in m.to ? m.to.text : '') === 'rita@root-mail.example');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("You're invited to Root Mail Co");
    expect(mails[0]!.text).toMatch(/^Hello Rita,/);
    expect(mails[0]!.text).toMatch(/https:\/\/roster\.test\/accept-invitation\?token=[\w-]{40,}/);
    transport.close();
  });

  it('delivers invitations of a bulk import, rendered from their stored parameters when sent', async () => {
    const s = await adminSession(t, 'Bulk Mail Co');
    const res = await t.app.request('/v1/users/bulk-import', json({ kind: 'technician', rows: [{ firstName: 'Bo', lastName: 'Bulk', email: 'bo@bulk-mail.example' }, { firstName: 'Cy', lastName: 'Bulk', email: 'cy@bulk-mail.example' }] }, s.auth));
    expect(res.status).toBe(201);
    const transport = createMailer(smtp.url);
    let sent = 0;
    for (let round = 0; round < 5 && sent < 2; round++) sent += (await deliverDue(t.services.db, transport, { from: 'Roster <no-reply@roster.test>' })).sent;
    const bo = smtp.received.find((m) => (m.to && 'text' in m.to ? m.to.text : '') === 'bo@bulk-mail.example')!;
    expect(bo.subject).toBe("You're invited to Bulk Mail Co");
    expect(bo.text).toMatch(/^Hello Bo,/);
    expect(bo.text).toMatch(/https:\/\/roster\.test\/accept-invitation\?token=[\w-]{40,}/);
    expect(String(bo.html)).toContain('Accept invitation');
    transport.close();
  });

  it('a refused delivery is retried later with backoff, keeps the error, and is sent once when SMTP recovers', async () => {
    const s = await adminSession(t, 'Retry Co');
    await enqueueEmail(t.services.db, { tenantId: s.tenantId, userId: null, template: 'test', to: 'retry@mail.example', subject: 'Retry me', text: 'x', html: '<p>x</p>' });
    const transport = createMailer(smtp.url);
    smtp.refuse(true);
    expect(await deliverDue(t.services.db, transport, { from: 'r@roster.test' })).toMatchObject({ sent: 0, failed: 1 });
    const row = await t.services.db.selectFrom('email_outbox').selectAll().where('subject', '=', 'Retry me').executeTakeFirstOrThrow();
    expect(row.sent_at).toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/Mailbox unavailable/);
    expect(Date.parse(row.next_attempt_at) - Date.now()).toBeGreaterThan(50_000);
    expect(await deliverDue(t.services.db, transport, { from: 'r@roster.test' })).toMatchObject({ claimed: 0 }); // not due yet
    smtp.refuse(false);
    await due();
    expect(await deliverDue(t.services.db, transport, { from: 'r@roster.test' })).toMatchObject({ sent: 1 });
    expect(smtp.received.filter((m) => m.subject === 'Retry me')).toHaveLength(1);
    transport.close();
  });

  it('a closed SMTP port fails the attempt without losing the message', async () => {
    const s = await adminSession(t, 'Closed Co');
    await enqueueEmail(t.services.db, { tenantId: s.tenantId, userId: null, template: 'test', to: 'closed@mail.example', subject: 'Closed port', text: 'x', html: 'x' });
    const transport = createMailer('smtp://127.0.0.1:1');
    const r = await deliverDue(t.services.db, transport, { from: 'r@roster.test' });
    expect(r.failed).toBeGreaterThanOrEqual(1);
    const row = await t.services.db.selectFrom('email_outbox').selectAll().where('subject', '=', 'Closed port').executeTakeFirstOrThrow();
    expect(row.sent_at).toBeNull();
    expect(row.last_error).toBeTruthy();
    transport.close();
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
