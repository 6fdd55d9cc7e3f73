import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { importTooLargeIssue, importTooLargeMessage, type BulkImportResponse, type Role } from '@roster/contract';
import { adminSession, createTestContext, deliveredMessage, dialects, errorOf, linkToken, insertUsers, json, roleId, userRow, widgetToken, type TestContext } from '../../support.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';
import { insertOrganizations } from '../../../src/db/repositories/organizations.repository.js';
import { hashSecret } from '../../../src/auth/secrets.js';
import { arrayLiteral } from '../../../src/db/array-literal.js';

const IMPORT = '/v1/users/bulk-import';

describe.each(dialects)('bulk import on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  /** What an import may have written for a tenant: users, role assignments, tokens, outbox messages, audit events. */
  async function footprint(tenantId: string) {
    const count = async (table: 'users' | 'role_assignments' | 'one_time_tokens' | 'email_outbox' | 'audit_events' | 'user_access_groups') =>
      Number((await t.services.db.selectFrom(table).select(({ fn }) => fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
    return {
      users: await count('users'),
      roleAssignments: await count('role_assignments'),
      tokens: await count('one_time_tokens'),
      outbox: await count('email_outbox'),
      audit: await count('audit_events'),
      groups: await count('user_access_groups'),
    };
  }

  it('imports pasted cells from Excel with German headers: users invited, roles and groups given, invitations in the outbox, audited', async () => {
    const s = await adminSession(t, 'Paste Co');
    const group = await t.app.request('/v1/access-groups', json({ name: 'RMM', modules: ['rmm'] }, s.auth));
    expect(group.status).toBe(201);
    const before = await footprint(s.tenantId);
    const text = 'Vorname\tNachname\tE-Mail\tTelefon\tRollen\tGruppen\r\nJörg\tMüller\tjoerg@paste.example\t\'+49 30 901820\tUser\tRMM\r\nAnna-Maria\tBerg\tanna@paste.example\t\tUser, Beginner\t\r\n\r\n';
    const res = await t.app.request(IMPORT, json({ kind: 'technician', text, source: 'clipboard' }, s.auth));
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as BulkImportResponse;
    expect(body).toMatchObject({ dryRun: false, mode: 'atomic', imported: 2, skipped: 0, failed: 0 });
    expect(body.results.map((r) => [r.row, r.status, r.email])).toEqual([
      [0, 'imported', 'joerg@paste.example'],
      [1, 'imported', 'anna@paste.example'],
    ]);
    const list = (await (await t.app.request('/v1/users?q=paste.example', { headers: s.auth })).json()) as { items: { email: string; status: string; phone: string | null; firstName: string; roles: { name: string }[] }[] };
    const anna = list.items.find((u) => u.email === 'anna@paste.example')!;
    expect(anna).toMatchObject({ firstName: 'Anna-Maria', status: 'invited' });
    expect(anna.roles.map((r) => r.name).sort()).toEqual(['Beginner', 'User']);
    expect(list.items.find((u) => u.email === 'joerg@paste.example')!.phone).toBe('+4930901820');
    const joergId = body.results[0]!.userId!;
    const modules = (await (await t.app.request(`/v1/users/${joergId}/modules`, { headers: s.auth })).json()) as { modules: string[] };
    expect(modules.modules).toEqual(['rmm']);
    const after = await footprint(s.tenantId);
    expect(after).toEqual({ ...before, users: before.users + 2, roleAssignments: before.roleAssignments + 3, tokens: before.tokens + 2, outbox: before.outbox + 2, audit: before.audit + 3, groups: before.groups + 1 });
    // The outbox keeps the invitation's parameters, not ~2 KB of rendered text and HTML; it is rendered when sent.
    const stored = await t.services.db.selectFrom('email_outbox').select(['id', 'text_body', 'subject']).where('tenant_id', '=', s.tenantId).where('to_address', '=', 'anna@paste.example').executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ text_body: '', subject: "You're invited to Paste Co" });
    const mail = await deliveredMessage(t, { id: stored.id });
    expect(mail.text).toMatch(/^Hello Anna-Maria,/);
    expect(mail.text).toMatch(/https:\/\/roster\.test\/accept-invitation\?token=[\w-]{40,}/);
    expect(mail.html).toContain('Accept invitation');
    const summary = await t.services.db.selectFrom('audit_events').select(['after']).where('tenant_id', '=', s.tenantId).where('action', '=', 'users.imported').executeTakeFirstOrThrow();
    expect(summary.after).toMatchObject({ imported: 2, mode: 'atomic' });
    // Each user's audit trail and invitation parameters are built in SQL from the columns: the same shapes as before.
    const annaId = body.results[1]!.userId!;
    const created = await t.services.db.selectFrom('audit_events').select(['after', 'target_type', 'actor_type']).where('tenant_id', '=', s.tenantId).where('action', '=', 'user.created').where('target_id', '=', annaId).executeTakeFirstOrThrow();
    const beginnerId = await roleId(t, s.tenantId, 'beginner');
    const userRoleId = await roleId(t, s.tenantId, 'user');
    expect(created).toMatchObject({ target_type: 'user', actor_type: 'user' });
    expect({ ...(created.after as object), roleIds: [...(created.after as { roleIds: string[] }).roleIds].sort() }).toEqual({
      id: annaId, kind: 'technician', email: 'anna@paste.example', firstName: 'Anna-Maria', lastName: 'Berg', organizationId: null, roleIds: [userRoleId, beginnerId].sort(), source: 'import',
    });
    const payload = (await t.services.db.selectFrom('email_outbox').select('payload').where('id', '=', stored.id).executeTakeFirstOrThrow()).payload as Record<string, unknown>;
    expect(Object.keys(payload).sort()).toEqual(['brand', 'expiresAt', 'firstName', 'language', 'publicUrl', 'sealedToken', 'tenantName']);
    expect(payload).toMatchObject({ firstName: 'Anna-Maria', tenantName: 'Paste Co', publicUrl: 'https://roster.test', language: 'en', brand: { productName: 'Roster', logoUrl: null, accentColor: null } });
    // The token is stored only as its hash, and sealed in the outbox: the delivered link holds it.
    const delivered = linkToken(mail, '/accept-invitation');
    const token = await t.services.db.selectFrom('one_time_tokens').select(['token_hash', 'expires_at']).where('user_id', '=', annaId).executeTakeFirstOrThrow();
    expect(token.token_hash).toBe(hashSecret(delivered));
    expect(token.token_hash).not.toContain(delivered);
    expect(JSON.stringify(payload)).not.toContain(delivered);
    expect(payload.expiresAt).toBe(new Date(token.expires_at as string | Date).toISOString());
    // Time-ordered ids (version 7), ascending in row order: the inserts append to the id indexes.
    expect(joergId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(joergId < annaId).toBe(true);
  });

  it('a row whose user appears while the import runs: an atomic import writes nothing, a per-row import skips that row only', async () => {
    const s = await adminSession(t, 'Race Co');
    // The row is left out of the users insert, as `on conflict do nothing` leaves out a user created meanwhile.
    await sql`create or replace function roster_test_race() returns trigger language plpgsql as $$ begin return null; end $$`.execute(t.services.db);
    await sql`create trigger roster_test_race before insert on users for each row when (new.email_normalized = 'late@race.example') execute function roster_test_race()`.execute(t.services.db);
    try {
      const rows = [
        { firstName: 'Early', lastName: 'Bird', email: 'early@race.example', roles: 'User' },
        { firstName: 'Late', lastName: 'Comer', email: 'late@race.example', roles: 'User' },
      ];
      const before = await footprint(s.tenantId);
      const atomic = await t.app.request(IMPORT, json({ kind: 'technician', mode: 'atomic', rows }, s.auth));
      expect(atomic.status).toBe(409);
      expect(await footprint(s.tenantId)).toEqual(before);
      const perRow = await t.app.request(IMPORT, json({ kind: 'technician', mode: 'per-row', rows }, s.auth));
      expect(perRow.status).toBe(201);
      const body = (await perRow.json()) as BulkImportResponse;
      expect(body).toMatchObject({ imported: 1, skipped: 1, failed: 0 });
      expect(body.results[0]).toMatchObject({ status: 'imported', email: 'early@race.example' });
      expect(body.results[1]).toMatchObject({ status: 'skipped', email: 'late@race.example', issues: [{ path: ['rows', 1, 'email'] }] });
      const after = await footprint(s.tenantId);
      expect(after).toEqual({ ...before, users: before.users + 1, roleAssignments: before.roleAssignments + 1, tokens: before.tokens + 1, outbox: before.outbox + 1, audit: before.audit + 2 });
      const trail = await t.services.db.selectFrom('audit_events').select(['target_id', 'after']).where('tenant_id', '=', s.tenantId).where('action', '=', 'user.created').execute();
      expect(trail.filter((r) => (r.after as { email: string }).email.endsWith('@race.example')).map((r) => r.target_id)).toEqual([body.results[0]!.userId]);
    } finally {
      await sql`drop trigger roster_test_race on users`.execute(t.services.db);
    }
  });

  it('array literals of the import keep every text as it is (quotes, backslashes, commas, braces, NULL, empty)', async () => {
    // Backslashes only before a quote or another backslash, no control characters: the JSON fast path.
    const values = ['plain', 'with "quotes"', 'a\\"', 'x\\\\', 'a,b', '{braces}', 'NULL', 'null', '', ' spaced ', 'Zoë 🙂', "O'Brien", null];
    // A backslash before a letter, a newline, a tab, a \u0001: quoted value by value.
    const others = [...values, 'back\\slash', '\\n', 'line\nbreak', 'tab\there', 'bell\u0001', '\\\nboth'];
    for (const list of [values, others]) {
      const r = await sql<{ a: (string | null)[] }>`select ${arrayLiteral(list)}::text[] as a`.execute(t.services.db);
      expect(r.rows[0]!.a).toEqual(list);
    }
    expect(arrayLiteral([])).toBe('{}');
    expect(arrayLiteral(['a', null])).toBe('{"a",null}');
  });

  it('a dry run answers exactly as the import would and writes nothing', async () => {
    const s = await adminSession(t, 'Dry Co');
    const before = await footprint(s.tenantId);
    const res = await t.app.request(`${IMPORT}?dryRun=true`, json({ kind: 'technician', rows: [{ firstName: 'Dry', lastName: 'Run', email: 'dry@dry.example' }] }, s.auth));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ dryRun: true, imported: 1, results: [{ row: 0, status: 'imported' }] });
    expect(await footprint(s.tenantId)).toEqual(before);
    const bad = await errorOf(await t.app.request(`${IMPORT}?dryRun=true`, json({ kind: 'technician', rows: [{ firstName: 'Dry', lastName: 'Run', email: 'nope' }] }, s.auth)));
    expect(bad).toMatchObject({ status: 422, issues: [{ path: ['rows', 0, 'email'], message: 'Email must look like name@example.com.' }] });
    expect((await errorOf(await t.app.request(`${IMPORT}?dryRun=maybe`, json({ kind: 'technician', rows: [] }, s.auth)))).issues).toEqual([{ path: ['query', 'dryRun'], message: 'Must be true or false.' }]);
  });

  it('atomic mode: every bad cell is named, and nothing at all is written', async () => {
    const s = await adminSession(t, 'Atomic Co');
    await insertUsers(t, [userRow(s.tenantId, { email: 'existing@atomic.example' })]);
    const helpdesk = (await (await t.app.request('/v1/roles', json({ name: 'Helpdesk', permissions: ['users.read', 'users.write', 'users.invite', 'org.access.all'] }, s.auth))).json()) as Role;
    // The importer is a Helpdesk technician: System Administrator holds permissions they lack.
    const [importer] = await insertUsers(t, [userRow(s.tenantId, { email: 'importer@atomic.example' })]);
    await assignRoles(t.services.db, s.tenantId, [{ userId: importer!.id, roleId: helpdesk.id }]);
    const auth = { authorization: `Bearer ${await widgetToken(t, s.access, importer!.id)}` };
    const before = await footprint(s.tenantId);
    const rows = [
      { firstName: 'Good', lastName: 'Row', email: 'good@atomic.example' },
      { firstName: 'Case', lastName: 'Clash', email: 'EXISTING@Atomic.example' },
      { firstName: 'Root', lastName: 'Grab', email: 'root@grab.example', roles: 'Root Admin' },
      { firstName: 'Over', lastName: 'Reach', email: 'over@atomic.example', roles: ['System Administrator'] },
      { firstName: '=HYPERLINK("http://x.example")', lastName: 'Formula', email: 'f@atomic.example' },
      { firstName: 'Bidi\u202E', lastName: 'Zero\u200Bwidth', email: 'bidi＠atomic.example' },
      { firstName: 'Twin', lastName: 'Row', email: 'GOOD@atomic.example' },
    ];
    const e = await errorOf(await t.app.request(IMPORT, json({ kind: 'technician', rows, mode: 'atomic' }, auth)));
    expect(e.status).toBe(422);
    expect(e.message).toBe('6 of 7 rows have errors; nothing was imported.');
    expect(e.issues!.map((i) => [...i.path, i.message.slice(0, 30)])).toEqual([
      ['rows', 1, 'email', 'A user with this email already'],
      ['rows', 2, 'roles', 'The Root Admin role is given o'],
      ['rows', 3, 'roles', 'You cannot grant System Admini'],
      ['rows', 4, 'firstName', 'First name starts with =, +, -'],
      ['rows', 5, 'firstName', 'First name contains an invisib'],
      ['rows', 5, 'lastName', 'Last name contains an invisibl'],
      ['rows', 5, 'email', 'Email contains a look-alike @ '],
      ['rows', 6, 'email', 'The same email as row 1 (email'],
    ]);
    expect(await footprint(s.tenantId)).toEqual(before);
  });

  it('per-row mode (Kaseya One): imported, skipped (already exists) and failed, each with its reason', async () => {
    const s = await adminSession(t, 'Kaseya Co', 'kaseyaone');
    await t.app.request('/v1/access-groups', json({ name: 'Helpdesk', modules: ['psa'] }, s.auth));
    await insertUsers(t, [userRow(s.tenantId, { email: 'taken@kaseya.example', username: 'taken', username_normalized: 'taken' })]);
    const text = [
      'Username,Email,Role,Groups,First Name,Last Name',
      'anna,anna@kaseya.example,User,Helpdesk,Anna,Berg',
      'taken2,TAKEN@kaseya.example,User,Helpdesk,Taken,Email',
      'taken,new@kaseya.example,User,Helpdesk,Taken,Username',
      'bad user,bad@kaseya.example,User,,Bad,Row',
    ].join('\n');
    const res = await t.app.request(IMPORT, json({ kind: 'technician', text }, s.auth));
    expect(res.status).toBe(201);
    const body = (await res.json()) as BulkImportResponse;
    expect(body).toMatchObject({ mode: 'per-row', imported: 1, skipped: 2, failed: 1 });
    expect(body.results.map((r) => [r.row, r.status, r.issues?.map((i) => i.path.at(-1))])).toEqual([
      [0, 'imported', undefined],
      [1, 'skipped', ['email']],
      [2, 'skipped', ['username']],
      [3, 'failed', ['username', 'groups']],
    ]);
  });

  it('Kaseya One (seed 004): a Role cell of Admin is the Admin role; each row names exactly one role; group names match exactly, with case', async () => {
    const s = await adminSession(t, 'Kaseya Roles Co', 'kaseyaone');
    await t.app.request('/v1/access-groups', json({ name: 'Helpdesk', modules: ['psa'] }, s.auth));
    const text = [
      'Username,Email,Role,Groups,First Name,Last Name',
      'ada,ada@kaseya.example,Admin,Helpdesk,Ada,Admin',
      'two,two@kaseya.example,"Admin, User",Helpdesk,Two,Roles',
      'none,none@kaseya.example,,Helpdesk,No,Role',
      'case,case@kaseya.example,User,helpdesk,Case,Group',
    ].join('\n');
    const body = (await (await t.app.request(IMPORT, json({ kind: 'technician', text }, s.auth))).json()) as BulkImportResponse;
    expect(body).toMatchObject({ mode: 'per-row', imported: 1, failed: 3 });
    expect(body.results.map((r) => [r.row, r.status, r.issues?.map((i) => `${i.path.join('.')}: ${i.message}`)])).toEqual([
      [0, 'imported', undefined],
      [1, 'failed', ['rows.1.roles: Choose only one role: each user of this tenant has exactly one.']],
      [2, 'failed', ['rows.2.roles: Roles is required.']],
      [3, 'failed', ['rows.3.groups: There is no access group named “helpdesk”.']],
    ]);
    const ada = (await (await t.app.request(`/v1/users/${body.results[0]!.userId}`, { headers: s.auth })).json()) as { roles: { name: string }[] };
    expect(ada.roles.map((r) => r.name)).toEqual(['Admin']);
    // The same rows on a tenant of the default profile: two roles and a group in another case are fine.
    const d = await adminSession(t, 'Default Roles Co');
    await t.app.request('/v1/access-groups', json({ name: 'Helpdesk', modules: ['psa'] }, d.auth));
    const rows = [{ firstName: 'Two', lastName: 'Roles', email: 'two@default.example', roles: ['System Administrator', 'User'], groups: ['helpdesk'] }];
    expect(await (await t.app.request(IMPORT, json({ kind: 'technician', rows }, d.auth))).json()).toMatchObject({ imported: 1 });
  });

  it('NinjaOne (seed 001): every imported end user needs a role — a row without one fails at Roles and nothing is imported; technicians need none', async () => {
    const s = await adminSession(t, 'Ninja Import Co', 'ninjaone');
    const [org] = await insertOrganizations(t.services.db, s.tenantId, ['Client']);
    const before = await footprint(s.tenantId);
    const text = ['First name,Last name,Email,Roles', 'Ada,Lovelace,ada@ninja-import.example,User', 'Bob,Norole,bob@ninja-import.example,'].join('\n');
    const e = await errorOf(await t.app.request(IMPORT, json({ kind: 'end_user', organizationId: org!.id, text }, s.auth)));
    expect(e).toMatchObject({ status: 422, message: '1 of 2 rows have errors; nothing was imported.' });
    expect(e.issues!.map((i) => [...i.path, i.message])).toEqual([['rows', 1, 'roles', 'Roles is required.']]);
    // No Roles column at all: every row is refused at Roles.
    const bare = await errorOf(await t.app.request(IMPORT, json({ kind: 'end_user', organizationId: org!.id, rows: [{ firstName: 'Cy', lastName: 'Bare', email: 'cy@ninja-import.example' }] }, s.auth)));
    expect(bare.issues!.map((i) => [...i.path, i.message])).toEqual([['rows', 0, 'roles', 'Roles is required.']]);
    expect(await footprint(s.tenantId)).toEqual(before);
    // With a role in every row the same import goes through, each end user holding it.
    const fixed = await t.app.request(IMPORT, json({ kind: 'end_user', organizationId: org!.id, text: text.replace(/,$/, ',User') }, s.auth));
    expect(fixed.status, await fixed.clone().text()).toBe(201);
    const body = (await fixed.json()) as BulkImportResponse;
    const bob = (await (await t.app.request(`/v1/users/${body.results[1]!.userId}`, { headers: s.auth })).json()) as { roles: { name: string }[] };
    expect(bob.roles.map((r) => r.name)).toEqual(['User']);
    // Technicians: "You do not need to assign roles to technicians when importing them into NinjaOne".
    const tech = await t.app.request(IMPORT, json({ kind: 'technician', rows: [{ firstName: 'Tess', lastName: 'Tech', email: 'tess@ninja-import.example' }] }, s.auth));
    expect(await tech.json()).toMatchObject({ imported: 1 });
  });

  it('an Idempotency-Key makes a retried import create its users and invitations exactly once', async () => {
    const s = await adminSession(t, 'Retry Co');
    const body = { kind: 'technician', rows: [{ firstName: 'Once', lastName: 'Only', email: 'once@retry.example' }, { firstName: 'Twice', lastName: 'Never', email: 'twice@retry.example' }] };
    const headers = { ...s.auth, 'idempotency-key': 'import-2026-11-28-001' };
    const before = await footprint(s.tenantId);
    const [a, b] = await Promise.all([t.app.request(IMPORT, json(body, headers)), t.app.request(IMPORT, json(body, headers))]);
    const c = await t.app.request(IMPORT, json(body, headers));
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    const [ra, rb, rc] = (await Promise.all([a.json(), b.json(), c.json()])) as BulkImportResponse[];
    expect(rb).toEqual(ra);
    expect(rc).toEqual(ra);
    const after = await footprint(s.tenantId);
    expect([after.users - before.users, after.outbox - before.outbox, after.tokens - before.tokens]).toEqual([2, 2, 2]);
    const other = await errorOf(await t.app.request(IMPORT, json({ ...body, rows: body.rows.slice(0, 1) }, headers)));
    expect(other).toMatchObject({ status: 409, issues: [{ path: ['headers', 'Idempotency-Key'] }] });
    const badKey = await errorOf(await t.app.request(IMPORT, json(body, { ...s.auth, 'idempotency-key': 'ä' })));
    expect(badKey.status).toBe(400);
    expect(badKey.issues).toEqual([{ path: ['headers', 'Idempotency-Key'], message: 'Must be 1 to 200 visible ASCII characters.' }]);
  });

  it('limits: more than 100,000 rows or 10 MB of text is 413 and names the limit', async () => {
    const s = await adminSession(t, 'Limits Co');
    const many = Array.from({ length: 100_001 }, () => ({}));
    const rows = await errorOf(await t.app.request(IMPORT, json({ kind: 'technician', rows: many }, s.auth)));
    expect(rows).toMatchObject({ status: 413, message: 'An import can have at most 100,000 rows; this one has 100,001.' });
    const text = await errorOf(await t.app.request(IMPORT, json({ kind: 'technician', text: `Email\n${'a'.repeat(10 * 1024 * 1024)}` }, s.auth)));
    expect(text).toMatchObject({ status: 413, code: 'payload_too_large', message: importTooLargeMessage, issues: [{ path: ['body', 'text'], message: importTooLargeIssue }] });
    const huge = await errorOf(await t.app.request(IMPORT, { method: 'POST', headers: { 'content-type': 'application/json', ...s.auth }, body: `{"kind":"technician","text":"${'b'.repeat(31 * 1024 * 1024)}"}` }));
    expect(huge).toMatchObject({ status: 413, code: 'payload_too_large', message: importTooLargeMessage });
    // Other routes keep their 1 MB limit.
    expect((await errorOf(await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'x'.repeat(2 * 1024 * 1024) }, s.auth)))).status).toBe(413);
  });

  it('bad requests name the field: both text and rows, unknown fields, binary text, unterminated quotes, no email column', async () => {
    const s = await adminSession(t, 'Bad Co');
    const cases: [unknown, number, (string | number)[], RegExp][] = [
      [{ kind: 'technician', rows: [], text: 'a' }, 422, ['body', 'text'], /either text/],
      [{ kind: 'technician', rows: [{ firstName: 'A', status: 'active' }] }, 422, ['body', 'rows', 0, 'status'], /./],
      [{ kind: 'robot', rows: [] }, 422, ['body', 'kind'], /./],
      // A NUL byte (a binary file) is text no database field can hold: 400, like on every route.
      [{ kind: 'technician', text: 'PK\u0003\u0004\u0000\u0000binary' }, 400, ['body', 'text'], /NUL/],
      [{ kind: 'technician', text: 'First,Last,Email\n"Anna,Berg,a@b.example\n' }, 422, ['body', 'text'], /not closed/],
      [{ kind: 'technician', text: 'Anna,Berg\nCarl,Doe\n' }, 422, ['body', 'columns'], /No column holds email/],
      [{ kind: 'technician', rows: [] }, 422, ['body', 'rows'], /no rows/],
      [{ kind: 'end_user', rows: [{ firstName: 'A', lastName: 'B', email: 'a@b.example' }] }, 422, ['rows', 0, 'organization'], /need an organization/],
    ];
    for (const [body, status, path, message] of cases) {
      const e = await errorOf(await t.app.request(IMPORT, json(body, s.auth)));
      expect({ status: e.status, path: e.issues?.[0]?.path }, JSON.stringify(body).slice(0, 80)).toEqual({ status, path });
      expect(e.issues![0]!.message).toMatch(message);
    }
    const malformed = await errorOf(await t.app.request(IMPORT, { method: 'POST', headers: { 'content-type': 'application/json', ...s.auth }, body: '{"kind":' }));
    expect(malformed.status).toBe(400);
  });

  it('permissions and tenants: end users cannot import, organizations and roles of others do not exist, seats are counted', async () => {
    const s = await adminSession(t, 'Perm Co');
    const other = await adminSession(t, 'Other Co');
    const [otherOrg] = await insertOrganizations(t.services.db, other.tenantId, ['Other Org']);
    const [mine] = await insertOrganizations(t.services.db, s.tenantId, ['Mine']);
    const e = await errorOf(await t.app.request(IMPORT, json({ kind: 'end_user', organizationId: otherOrg!.id, rows: [{ firstName: 'A', lastName: 'B', email: 'a@perm.example' }] }, s.auth)));
    expect(e).toMatchObject({ status: 422, issues: [{ path: ['body', 'organizationId'], message: 'No such organization.' }] });
    const custom = await t.app.request('/v1/roles', json({ name: 'Other Only', permissions: ['users.read'] }, other.auth));
    expect(custom.status).toBe(201);
    const role = await errorOf(await t.app.request(IMPORT, json({ kind: 'technician', rows: [{ firstName: 'A', lastName: 'B', email: 'a@perm.example', roles: 'Other Only' }] }, s.auth)));
    expect(role.issues).toEqual([{ path: ['rows', 0, 'roles'], message: 'There is no role named “Other Only”.', code: 'import.unknown_role', params: { name: 'Other Only' } }]);
    // The same address in another tenant is no duplicate here.
    await insertUsers(t, [userRow(other.tenantId, { email: 'shared@perm.example' })]);
    const ok = await t.app.request(IMPORT, json({ kind: 'end_user', organizationId: mine!.id, rows: [{ firstName: 'Sha', lastName: 'Red', email: 'shared@perm.example' }, { firstName: 'By', lastName: 'Name', email: 'byname@perm.example', organization: 'mine' }] }, s.auth));
    expect(ok.status).toBe(201);
    const endUser = (await ok.json()) as BulkImportResponse;
    const eu = await t.services.db.selectFrom('users').select(['organization_id', 'kind']).where('id', '=', endUser.results[1]!.userId!).executeTakeFirstOrThrow();
    expect(eu).toEqual({ organization_id: mine!.id, kind: 'end_user' });
    const auth = { authorization: `Bearer ${await widgetToken(t, s.access, endUser.results[0]!.userId!)}` };
    await t.services.db.updateTable('users').set({ status: 'active' }).where('id', '=', endUser.results[0]!.userId!).execute();
    expect((await errorOf(await t.app.request(IMPORT, json({ kind: 'technician', rows: [] }, auth)))).status).toBe(403);
  });

  it('a technician whose role opens one organization imports only there: another organization does not exist for them', async () => {
    const s = await adminSession(t, 'Scoped Co');
    const [orgA, orgB] = await insertOrganizations(t.services.db, s.tenantId, ['Org A', 'Org B']);
    const scoped = (await (await t.app.request('/v1/roles', json({ name: 'Org A desk', permissions: ['users.read', 'users.write', 'organizations.read'], organizationIds: [orgA!.id] }, s.auth))).json()) as Role;
    const [tech] = await insertUsers(t, [userRow(s.tenantId, { email: 'desk@scoped.example' })]);
    await assignRoles(t.services.db, s.tenantId, [{ userId: tech!.id, roleId: scoped.id }]);
    const auth = { authorization: `Bearer ${await widgetToken(t, s.access, tech!.id)}` };
    const row = { firstName: 'End', lastName: 'User', email: 'end@scoped.example' };
    const other = await errorOf(await t.app.request(IMPORT, json({ kind: 'end_user', organizationId: orgB!.id, rows: [row] }, auth)));
    expect(other).toMatchObject({ status: 422, issues: [{ path: ['body', 'organizationId'], message: 'No such organization.' }] });
    const byName = await errorOf(await t.app.request(IMPORT, json({ kind: 'end_user', rows: [{ ...row, organization: 'Org B' }] }, auth)));
    expect(byName.issues).toEqual([{ path: ['rows', 0, 'organization'], message: 'There is no organization named “Org B” that you can see.', code: 'import.unknown_organization', params: { name: 'Org B' } }]);
    expect((await errorOf(await t.app.request(IMPORT, json({ kind: 'technician', rows: [row] }, auth)))).status).toBe(403);
    const ok = await t.app.request(IMPORT, json({ kind: 'end_user', organizationId: orgA!.id, rows: [row] }, auth));
    expect(ok.status).toBe(201);
  });

  it('seats (Atera, 5): an import past the cap needs confirmAddSeats, recorded as seat.added; Beginner is given by default', async () => {
    const s = await adminSession(t, 'Seat Co', 'atera');
    const rows = Array.from({ length: 5 }, (_, i) => ({ firstName: 'Tech', lastName: `Number ${i}`, email: `tech${i}@seat.example` }));
    const e = await errorOf(await t.app.request(IMPORT, json({ kind: 'technician', rows }, s.auth)));
    expect(e).toMatchObject({ status: 409, code: 'seat_limit_reached', message: expect.stringMatching(/needs 1 technician seat more than the 5/) });
    const res = await t.app.request(IMPORT, json({ kind: 'technician', rows, confirmAddSeats: true }, s.auth));
    expect(res.status).toBe(201);
    const seat = await t.services.db.selectFrom('audit_events').select('after').where('tenant_id', '=', s.tenantId).where('action', '=', 'seat.added').executeTakeFirstOrThrow();
    expect(seat.after).toMatchObject({ seats: 1 });
    const beginner = await roleId(t, s.tenantId, 'beginner');
    const holders = await t.services.db.selectFrom('role_assignments').select(({ fn }) => fn.countAll<number>().as('n')).where('role_id', '=', beginner).executeTakeFirstOrThrow();
    expect(Number(holders.n)).toBe(5);
  });

  it.runIf(dialect === 'postgres')('the database connection killed in the middle of a commit leaves nothing; the retry with its Idempotency-Key imports exactly once', async () => {
    const s = await adminSession(t, 'Killed Co');
    // Hold the import inside its transaction (after users, roles, tokens and outbox are written) long enough to kill it.
    await sql`create or replace function roster_test_slow() returns trigger language plpgsql as $$ begin perform pg_sleep(30); return new; end $$`.execute(t.services.db);
    await sql`create trigger roster_test_slow before insert on audit_events for each row when (new.action = 'users.imported') execute function roster_test_slow()`.execute(t.services.db);
    const rows = Array.from({ length: 2_000 }, (_, i) => ({ firstName: 'Kill', lastName: `Test ${i}`, email: `kill${i}@killed.example`, roles: 'User' }));
    const request = () => t.app.request(IMPORT, json({ kind: 'technician', rows }, { ...s.auth, 'idempotency-key': 'killed-1' }));
    const before = await footprint(s.tenantId);
    try {
      const pending = request();
      let killed = 0;
      for (let i = 0; i < 200 && killed === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const r = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and wait_event = 'PgSleep'`.execute(t.services.db);
        killed = r.rows[0]?.n ?? 0;
      }
      expect(killed).toBe(1);
      // A connection the server ends is the database failing, not the request: 503 with Retry-After.
      expect((await pending).status).toBe(503);
    } finally {
      await sql`drop trigger roster_test_slow on audit_events`.execute(t.services.db);
    }
    expect(await footprint(s.tenantId)).toEqual(before);
    const retried = await request();
    expect(retried.status).toBe(201);
    const again = await request();
    expect(await again.json()).toEqual(await retried.json());
    const after = await footprint(s.tenantId);
    expect([after.users - before.users, after.tokens - before.tokens, after.outbox - before.outbox]).toEqual([2_000, 2_000, 2_000]);
  }, 60_000);

  it('an import interrupted in its last statement leaves nothing half-written', async () => {
    const s = await adminSession(t, 'Crash Co');
    await sql`create or replace function roster_test_fail() returns trigger language plpgsql as $$ begin raise exception 'disk on fire'; end $$`.execute(t.services.db);
    await sql`create trigger roster_test_fail before insert on audit_events for each row when (new.action = 'users.imported') execute function roster_test_fail()`.execute(t.services.db);
    try {
      const before = await footprint(s.tenantId);
      const rows = Array.from({ length: 300 }, (_, i) => ({ firstName: 'Crash', lastName: `Test ${i}`, email: `crash${i}@crash.example`, roles: 'User' }));
      const res = await t.app.request(IMPORT, json({ kind: 'technician', rows }, { ...s.auth, 'idempotency-key': 'crash-1' }));
      expect(res.status).toBe(500);
      expect(await footprint(s.tenantId)).toEqual(before);
      expect(await t.services.db.selectFrom('import_requests').selectAll().where('tenant_id', '=', s.tenantId).execute()).toEqual([]);
    } finally {
      await sql`drop trigger roster_test_fail on audit_events`.execute(t.services.db);
    }
  });
});
