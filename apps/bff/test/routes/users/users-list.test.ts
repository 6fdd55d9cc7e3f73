import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { searchFold, userSortKeys, type User, type UserPage } from '@roster/contract';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, roleId, userRow, widgetToken, type TestContext } from '../../support.js';
import { insertOrganizations } from '../../../src/db/repositories/organizations.repository.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';
import { foldOfMigration } from '../../../src/db/migrations/2026-12-03T1200-search-fold-sort-ties.js';
import { textStream } from '../../../src/lib/text-stream.js';
import type { NewUserRow } from '../../../src/db/tables.js';

/** Issue 13: search without accents, sorts with a human tie-break, the first page's total, the CSV export. */

/** A CSV line's cells (RFC 4180 quotes; the export ends lines with CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  return rows;
}

/** The export's rows, after checking that the body starts with the UTF-8 byte order mark (`text()` would drop it). */
async function csvOf(res: Response): Promise<string[][]> {
  expect(res.status, await res.clone().text()).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(new TextDecoder().decode(bytes));
}

describe.each(dialects)('the users list (issue 13) on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  let b: Awaited<ReturnType<typeof adminSession>>;
  let orgs: { id: string; name: string }[];
  let ids: Map<string, string>;
  /** A co-managed user of the first organization (Jürgen Müller): sees only that organization. */
  let coManaged: { authorization: string };

  const get = (path: string, auth: Record<string, string> = a.auth, headers: Record<string, string> = {}) => t.app.request(path, { headers: { ...auth, ...headers } });
  const page = async (path: string, auth = a.auth) => {
    const res = await get(path, auth);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as UserPage;
  };
  const emails = async (path: string) => (await page(path)).items.map((u) => u.email).sort();

  /** Every page of a list, following the cursors. */
  const walk = async (path: string, auth = a.auth) => {
    const all: User[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: UserPage = await page(`${path}${cursor ? `&cursor=${cursor}` : ''}`, auth);
      all.push(...p.items);
      if (pages > 0) expect(p.total).toBeUndefined();
      cursor = p.nextCursor;
      pages += 1;
    } while (cursor && pages < 100);
    return all;
  };

  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await adminSession(t, 'Alpha');
    b = await adminSession(t, 'Beta');
    orgs = await insertOrganizations(t.services.db, a.tenantId, ['Müller & Söhne', 'Other Org']);
    const rows: NewUserRow[] = [
      userRow(a.tenantId, { first_name: 'Jürgen', last_name: 'Müller', email: 'jm@alpha.example', kind: 'end_user', organization_id: orgs[0]!.id }),
      userRow(a.tenantId, { first_name: 'AYŞE', last_name: 'YILMAZ', email: 'ay@alpha.example' }),
      userRow(a.tenantId, { first_name: 'İlkay', last_name: 'Gündoğan', email: 'ig@alpha.example', kind: 'end_user', organization_id: orgs[1]!.id }),
      userRow(a.tenantId, { first_name: 'Conceição', last_name: 'São Bento', email: 'cs@alpha.example' }),
      userRow(a.tenantId, { first_name: 'Søren', last_name: 'Ærø', email: 'sa@alpha.example' }),
      userRow(a.tenantId, { first_name: 'Rainer', last_name: 'Straße', email: 'rs@alpha.example', phone: '+4930123456' }),
      // Cells a spreadsheet would run as formulas.
      userRow(a.tenantId, { first_name: '=HYPERLINK("x")', last_name: '+SUM(1)', email: 'f1@alpha.example', username: '@cmd', username_normalized: '@cmd' }),
      userRow(a.tenantId, { first_name: '-2+3', last_name: '\tTab', email: 'f2@alpha.example', username: '\rcr', username_normalized: '\rcr' }),
    ];
    // Ties on every level: status, names (two "Ann Tie" and two "Bob Tie"), one creation instant (one statement).
    const ties = ['Ann Tie', 'Ann Tie', 'Bob Tie', 'Bob Tie', 'Ann Tieb', 'Cid Tie', 'ann tie', 'Bob Tieb', 'Ann Tie', 'Dee Tie', 'Bob Tie', 'Eve Tiec'];
    ties.forEach((name, i) => {
      const [first, last] = name.split(' ') as [string, string];
      rows.push(userRow(a.tenantId, { first_name: first, last_name: last, email: `tie${i}@alpha.example`, status: i % 3 === 0 ? 'invited' : 'active', mfa_state: i % 2 ? 'enrolled' : 'not_enrolled' }));
    });
    const inserted = await insertUsers(t, rows);
    ids = new Map(inserted.map((r) => [r.email, r.id]));
    await insertUsers(t, [userRow(b.tenantId, { first_name: 'Jürgen', last_name: 'Müller', email: 'secret@beta.example' })]);
    await assignRoles(t.services.db, a.tenantId, [
      { userId: ids.get('rs@alpha.example')!, roleId: await roleId(t, a.tenantId, 'billing') },
      { userId: ids.get('rs@alpha.example')!, roleId: await roleId(t, a.tenantId, 'user') },
    ]);
    const jm = ids.get('jm@alpha.example')!;
    await assignRoles(t.services.db, a.tenantId, [{ userId: jm, roleId: await roleId(t, a.tenantId, 'co_managed_user') }]);
    coManaged = { authorization: `Bearer ${await widgetToken(t, a.access, jm)}` };
  });
  afterAll(async () => t?.close());

  describe('search ignores case and accents', () => {
    it.each([
      ['muller', ['jm@alpha.example']],
      ['MÜLLER', ['jm@alpha.example']],
      ['jurgen', ['jm@alpha.example']],
      ['yilmaz', ['ay@alpha.example']],
      ['Yılmaz', ['ay@alpha.example']],
      ['ayse', ['ay@alpha.example']],
      ['ilkay', ['ig@alpha.example']],
      ['İLKAY', ['ig@alpha.example']],
      ['gundogan', ['ig@alpha.example']],
      ['sao', ['cs@alpha.example']],
      ['conceicao', ['cs@alpha.example']],
      ['soren', ['sa@alpha.example']],
      ['aero', ['sa@alpha.example']],
      ['strasse', ['rs@alpha.example']],
      ['STRASSE', ['rs@alpha.example']],
      ['straße', ['rs@alpha.example']],
    ])('q=%s', async (q, expected) => {
      expect(await emails(`/v1/users?q=${encodeURIComponent(q)}`)).toEqual(expected);
    });

    it('finds a renamed user by the new name only, and an imported one by its name without accents', async () => {
      const id = ids.get('cs@alpha.example')!;
      const res = await t.app.request(`/v1/users/${id}`, { ...json({ lastName: 'Weiß-Øster' }, a.auth), method: 'PATCH' });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await emails('/v1/users?q=weiss-oster')).toEqual(['cs@alpha.example']);
      expect(await emails('/v1/users?q=sao')).toEqual([]);
      expect(await emails('/v1/users?q=conceicao')).toEqual(['cs@alpha.example']);

      const imported = await t.app.request('/v1/users/bulk-import', json({ kind: 'technician', rows: [{ firstName: 'Ödön', lastName: 'Łukasz', email: 'ol@alpha.example' }] }, a.auth));
      expect(imported.status, await imported.clone().text()).toBe(201);
      expect(await emails('/v1/users?q=odon%20lukasz')).toEqual(['ol@alpha.example']);
    });

    it("the migration's copy of the fold is the contract's searchFold", () => {
      for (const s of ['Müller', 'Yılmaz İ', 'São', 'Søren Ærø', 'Straße ẞ', 'Łódź Đ Þ Œ', 'ΟΔΟΣ', 'Ｆｕｌｌ ﬁ', 'Ёлка', 'ħŧŋĸſ']) {
        expect(foldOfMigration(s), s).toBe(searchFold(s));
      }
    });
  });

  describe('sorting breaks ties by last name, first name, then id', () => {
    /** The order a person expects: the sorted column, then last name, first name (case-insensitive), then id. */
    const keyOf: Record<string, (u: User) => string> = {
      firstName: (u) => u.firstName.toLowerCase(),
      lastName: (u) => u.lastName.toLowerCase(),
      username: (u) => (u.username ?? u.email).toLowerCase(),
      status: (u) => u.status,
      mfa: (u) => u.mfaState,
      createdAt: (u) => u.createdAt,
    };
    const expectedOrder = (users: User[], sort: string, order: 'asc' | 'desc') => {
      const tie = (u: User) => (sort === 'firstName' ? [u.firstName.toLowerCase(), u.lastName.toLowerCase()] : sort === 'lastName' ? [u.lastName.toLowerCase(), u.firstName.toLowerCase()] : [keyOf[sort]!(u), u.lastName.toLowerCase(), u.firstName.toLowerCase()]);
      const sorted = [...users].sort((x, y) => {
        const kx = [...tie(x), x.id];
        const ky = [...tie(y), y.id];
        for (let i = 0; i < kx.length; i++) if (kx[i] !== ky[i]) return kx[i]! < ky[i]! ? -1 : 1;
        return 0;
      });
      return (order === 'asc' ? sorted : sorted.reverse()).map((u) => u.id);
    };

    for (const sort of userSortKeys) {
      for (const order of ['asc', 'desc'] as const) {
        it(`${sort} ${order}: pages of 5 through the ties, no gap, no duplicate, in the human order`, async () => {
          const all = await walk(`/v1/users?q=tie&limit=5&sort=${sort}&order=${order}`);
          expect(all).toHaveLength(12);
          expect(new Set(all.map((u) => u.id)).size).toBe(12);
          expect(all.map((u) => u.id)).toEqual(expectedOrder(all, sort, order));
        });
      }
    }

    it('walks the whole tenant by status with every user exactly once (no search)', async () => {
      const first = await page('/v1/users?limit=200');
      const all = await walk('/v1/users?limit=3&sort=status&order=desc');
      expect(all.map((u) => u.id).sort()).toEqual(first.items.map((u) => u.id).sort());
    });
  });

  describe('the first page carries the total', () => {
    it('exact for a tenant of a few users, with the filters applied, and only on the first page', async () => {
      const everyone = await page('/v1/users?limit=200');
      expect(everyone.total).toEqual({ count: everyone.items.length, exact: true });
      expect((await page('/v1/users?q=tie&limit=5')).total).toEqual({ count: 12, exact: true });
      expect((await page('/v1/users?q=tie&status=invited&limit=2')).total).toEqual({ count: 4, exact: true });
      expect((await page('/v1/users?q=nobody-here')).total).toEqual({ count: 0, exact: true });
      const second = await page(`/v1/users?q=tie&limit=5&cursor=${(await page('/v1/users?q=tie&limit=5')).nextCursor}`);
      expect(second.total).toBeUndefined();
    });

    it("counts only the caller's organizations", async () => {
      const p = await page('/v1/users', coManaged);
      expect(p.items.map((u) => u.email)).toEqual(['jm@alpha.example']);
      expect(p.total).toEqual({ count: 1, exact: true });
    });

    it('an estimate, labelled so, above 10,000 users', async () => {
      const c = await adminSession(t, 'Gamma');
      const rows = Array.from({ length: 10_050 }, (_, i) => userRow(c.tenantId, { first_name: `Many${i}`, last_name: 'Many', email: `many${i}@gamma.example` }));
      for (let i = 0; i < rows.length; i += 1000) await insertUsers(t, rows.slice(i, i + 1000));
      await sql`analyze users`.execute(t.services.platformDb);
      const p = await page('/v1/users?limit=10', c.auth);
      expect(p.total?.exact).toBe(false);
      expect(p.total?.count).toBeGreaterThan(10_000);
      // The estimate is kept for a minute: new statistics do not move it, while an exact count is always fresh.
      await insertUsers(t, Array.from({ length: 2000 }, (_, i) => userRow(c.tenantId, { first_name: `More${i}`, last_name: 'More', email: `more${i}@gamma.example` })));
      await sql`analyze users`.execute(t.services.platformDb);
      expect((await page('/v1/users?limit=10', c.auth)).total).toEqual(p.total);
      expect((await page('/v1/users?q=more1999@', c.auth)).total).toEqual({ count: 1, exact: true });
      expect((await page('/v1/users?q=many1234@', c.auth)).total).toEqual({ count: 1, exact: true });

      // The export reads them in batches of 1000: each user once, in the list's order.
      const res = await get('/v1/users/export?sort=firstName', c.auth);
      const lines = await csvOf(res);
      expect(lines).toHaveLength(1 + 12_051);
      const exported = lines.slice(1).map((l) => l[0]);
      expect(new Set(exported).size).toBe(12_051);
      const listed = await walk('/v1/users?limit=200&sort=firstName', c.auth);
      expect(exported).toEqual(listed.map((u) => u.id));
    }, 120_000);
  });

  describe('GET /v1/users/export', () => {
    it('answers CSV with a BOM, an English header and one row per user of the filter', async () => {
      const res = await get('/v1/users/export?q=strasse');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="users-\d{4}-\d{2}-\d{2}\.csv"$/);
      const [header, ...rows] = await csvOf(res);
      expect(header).toEqual(['ID', 'First name', 'Last name', 'Email', 'Username', 'Phone', 'Kind', 'Organization', 'Status', '2FA', 'Invitation', 'Availability', 'Roles', 'Language', 'Created', 'Last sign-in', 'Updated']);
      expect(rows).toHaveLength(1);
      const user = (await page('/v1/users?q=strasse')).items[0]!;
      expect(rows[0]).toEqual([user.id, 'Rainer', 'Straße', 'rs@alpha.example', 'rs@alpha.example', "'+4930123456", 'technician', '', 'active', 'not_enrolled', 'registered', '', 'Billing and Purchasing; User', 'en', user.createdAt, '', user.updatedAt]);
    });

    it('writes the header in the request language', async () => {
      expect(await csvOf(await get('/v1/users/export?q=nobody', a.auth, { 'accept-language': 'de-CH, en;q=0.5' }))).toEqual([['ID', 'Vorname', 'Nachname', 'E-Mail', 'Benutzername', 'Telefon', 'Art', 'Organisation', 'Status', '2FA', 'Einladung', 'Verfügbarkeit', 'Rollen', 'Sprache', 'Erstellt', 'Letzte Anmeldung', 'Geändert']]);
    });

    it('writes every cell a spreadsheet would run as a formula as text', async () => {
      const text = await (await get('/v1/users/export?q=%40alpha.example&kind=technician')).text();
      expect(text).toContain(`"'=HYPERLINK(""x"")","'+SUM(1)",f1@alpha.example,"'@cmd"`);
      expect(text).toContain(`"'-2+3","'\tTab",f2@alpha.example,"'\rcr"`);
      const f1 = parseCsv(text).find((r) => r[3] === 'f1@alpha.example')!;
      expect(f1.slice(1, 5)).toEqual(["'=HYPERLINK(\"x\")", "'+SUM(1)", 'f1@alpha.example', "'@cmd"]);
    });

    it('honours the filters and sort, the organization scope, and never shows another tenant', async () => {
      const endUsers = (await csvOf(await get('/v1/users/export?kind=end_user&sort=lastName&order=desc'))).slice(1);
      expect(endUsers.map((r) => r[3])).toEqual(['jm@alpha.example', 'ig@alpha.example']);
      expect(endUsers[0]![7]).toBe('Müller & Söhne');

      const all = await (await get('/v1/users/export')).text();
      expect(all).not.toContain('secret@beta.example');

      const scoped = (await csvOf(await get('/v1/users/export', coManaged))).slice(1);
      expect(scoped.map((r) => r[3])).toEqual(['jm@alpha.example']);
    });

    it('refuses bad query parameters (400 naming each) and callers without users.read', async () => {
      for (const [path, issue] of [
        ['/v1/users/export?status=happy', ['query', 'status']],
        ['/v1/users/export?limit=10', ['query', 'limit']],
        ['/v1/users/export?cursor=abc', ['query', 'cursor']],
        ['/v1/users/export?sort=password', ['query', 'sort']],
      ] as const) {
        const e = await errorOf(await get(path));
        expect(e.status, path).toBe(400);
        expect(e.issues!.map((i) => i.path), path).toContainEqual(issue);
      }
      expect((await t.app.request('/v1/users/export')).status).toBe(401);
      await t.services.db.updateTable('roles').set({ permissions: ['self.edit'] }).where('tenant_id', '=', b.tenantId).where('key', '=', 'root_admin').execute();
      expect((await errorOf(await get('/v1/users/export', b.auth))).status).toBe(403);
    });

    it('stops reading when the client goes away', async () => {
      let asked = 0;
      let ended = false;
      async function* pieces() {
        try {
          for (;;) {
            asked += 1;
            yield `batch ${asked}\n`;
          }
        } finally {
          ended = true;
        }
      }
      const reader = textStream(pieces(), 'header\n').getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toBe('header\n');
      expect(new TextDecoder().decode((await reader.read()).value)).toBe('batch 1\n');
      await reader.cancel();
      expect(ended).toBe(true);
      expect(asked).toBe(1);
    });
  });
});
