import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttributeDefinition, BulkImportResponse } from '@roster/contract';
import { adminSession, createTestContext, dialects, errorOf, json, type TestContext } from '../../support.js';

const IMPORT = '/v1/users/bulk-import';

/**
 * Custom attributes as import columns: a header by key or label, or a row's `attributes`; values checked per
 * definition (a bad one fails its row naming `rows.<i>.attributes.<key>`), required ones needed, unknown keys refused;
 * written in the import's one transaction, so a failed atomic import leaves no value behind.
 */
describe.each(dialects)('importing custom attribute values on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  const define = async (auth: Record<string, string>, body: unknown) => {
    const res = await t.app.request('/v1/attributes', json(body, auth));
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as AttributeDefinition;
  };
  const setUp = async (name: string) => {
    const s = await adminSession(t, name, { preset: 'default', mfaRequired: false });
    await define(s.auth, { key: 'cost_centre', labels: { en: 'Cost centre', de: 'Kostenstelle' }, type: 'text', required: true });
    await define(s.auth, { key: 'badge', labels: { en: 'Badge' }, type: 'number' });
    await define(s.auth, { key: 'remote', labels: { en: 'Remote' }, type: 'boolean' });
    await define(s.auth, { key: 'site', labels: { en: 'Site' }, type: 'oneOf', options: ['Berlin', 'Cairo'] });
    return s;
  };
  const valuesOf = async (auth: Record<string, string>, email: string) => {
    const list = (await (await t.app.request(`/v1/users?q=${encodeURIComponent(email)}`, { headers: auth })).json()) as { items: { id: string; email: string; attributes?: unknown }[] };
    const u = list.items.find((x) => x.email === email)!;
    return (await t.app.request(`/v1/users/${u.id}/attributes`, { headers: auth })).json();
  };
  const footprint = async (tenantId: string) => ({
    users: (await t.services.db.selectFrom('users').select('id').where('tenant_id', '=', tenantId).execute()).length,
    values: (await t.services.db.selectFrom('user_attribute_values').select('user_id').where('tenant_id', '=', tenantId).execute()).length,
  });

  it('imports pasted columns headed by key or label (any language), with the values typed by their definitions', async () => {
    const s = await setUp('Import Attr Paste');
    const text = 'First name\tLast name\tEmail\tKostenstelle\tbadge\tRemote\tSite\r\nAnna\tBerg\tanna@attr.example\t4711\t12.5\tja\tcairo\r\nBo\tLind\tbo@attr.example\tK-9\t\t\t\r\n';
    const res = await t.app.request(IMPORT, json({ kind: 'technician', text, source: 'clipboard' }, s.auth));
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toMatchObject({ imported: 2, failed: 0 });
    expect(await valuesOf(s.auth, 'anna@attr.example')).toEqual({ cost_centre: '4711', badge: 12.5, remote: true, site: 'Cairo' });
    expect(await valuesOf(s.auth, 'bo@attr.example')).toEqual({ cost_centre: 'K-9' });
    // The list carries them, and sorts by them.
    const sorted = (await (await t.app.request('/v1/users?sort=attr.cost_centre&kind=technician', { headers: s.auth })).json()) as { items: { email: string }[] };
    expect(sorted.items.slice(0, 2).map((u) => u.email)).toEqual(['anna@attr.example', 'bo@attr.example']);
  });

  it('fails rows naming rows.<i>.attributes.<key> (required missing, bad values, unknown key), atomic imports write nothing', async () => {
    const s = await setUp('Import Attr Bad');
    const other = await adminSession(t, 'Import Attr Other');
    await define(other.auth, { key: 'clearance', labels: { en: 'Clearance' }, type: 'number' });
    const before = await footprint(s.tenantId);
    const rows = [
      { firstName: 'A', lastName: 'A', email: 'a@bad.example' },
      { firstName: 'B', lastName: 'B', email: 'b@bad.example', attributes: { cost_centre: 'x', badge: 'twelve' } },
      { firstName: 'C', lastName: 'C', email: 'c@bad.example', attributes: { cost_centre: 'x', site: 'Paris' } },
      { firstName: 'D', lastName: 'D', email: 'd@bad.example', attributes: { cost_centre: 'x', clearance: 3 } },
      { firstName: 'E', lastName: 'E', email: 'e@bad.example', attributes: { cost_centre: 'fine', badge: 3, remote: false } },
    ];
    const err = await errorOf(await t.app.request(IMPORT, json({ kind: 'technician', mode: 'atomic', rows }, s.auth)));
    expect(err.status).toBe(422);
    expect(err.issues?.map((i) => i.path)).toEqual([
      ['rows', 0, 'attributes', 'cost_centre'],
      ['rows', 1, 'attributes', 'badge'],
      ['rows', 2, 'attributes', 'site'],
      ['rows', 3, 'attributes', 'clearance'],
    ]);
    expect(err.issues?.[0]?.message).toBe('cost_centre is required.');
    expect(await footprint(s.tenantId)).toEqual(before);

    // Row by row: the good row is imported with its values, each bad one fails with its message.
    const res = await t.app.request(IMPORT, json({ kind: 'technician', mode: 'per-row', rows }, s.auth));
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as BulkImportResponse;
    expect(body).toMatchObject({ imported: 1, failed: 4 });
    expect(body.results[1]!.issues?.[0]).toMatchObject({ path: ['rows', 1, 'attributes', 'badge'], message: 'Must be a number.' });
    expect(await valuesOf(s.auth, 'e@bad.example')).toEqual({ cost_centre: 'fine', badge: 3, remote: false });
    expect((await footprint(other.tenantId)).values).toBe(0);
  });

  it('a dry run checks the values and writes nothing; a column named attributes.<key> maps a headerless paste', async () => {
    const s = await setUp('Import Attr Dry');
    const before = await footprint(s.tenantId);
    const text = 'Anna,Berg,anna@dry.example,4711\r\n';
    const dry = await t.app.request(`${IMPORT}?dryRun=true`, json({ kind: 'technician', text, hasHeader: false, columns: ['firstName', 'lastName', 'email', 'attributes.cost_centre'] }, s.auth));
    expect(dry.status, await dry.clone().text()).toBe(200);
    expect(await dry.json()).toMatchObject({ dryRun: true, imported: 1, failed: 0 });
    expect(await footprint(s.tenantId)).toEqual(before);
    const bad = await errorOf(await t.app.request(IMPORT, json({ kind: 'technician', text, columns: ['firstName', 'lastName', 'email', 'attributes.Cost Centre'] }, s.auth)));
    expect(bad.status).toBe(422);
    expect(bad.issues?.map((i) => i.path)).toContainEqual(['body', 'columns', 3]);
  });
});
