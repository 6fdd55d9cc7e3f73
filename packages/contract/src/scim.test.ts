import { describe, expect, it } from 'vitest';
import { CreateOAuthClientRequestSchema, ScimPatchSchema, ScimUserInputSchema, clientPermissions, scimBoolean, scimPrimaryEmail, tenantWideScopes } from './index.js';

describe('SCIM in the contract', () => {
  it('reads booleans as identity providers send them, and nothing else', () => {
    expect([true, false, 'True', 'FALSE', ' true '].map(scimBoolean)).toEqual([true, false, true, false, true]);
    expect(['yes', 1, null, undefined, ''].map(scimBoolean)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('takes the primary email, else the work one, else the first (Primary with a capital P too)', () => {
    expect(scimPrimaryEmail([{ value: 'home@x.example', type: 'home' }, { value: 'p@x.example', Primary: 'True' }])).toBe('p@x.example');
    expect(scimPrimaryEmail([{ value: 'home@x.example', type: 'home' }, { value: 'w@x.example', type: 'Work' }])).toBe('w@x.example');
    expect(scimPrimaryEmail([{ value: 'first@x.example' }])).toBe('first@x.example');
    expect(scimPrimaryEmail([])).toBeUndefined();
  });

  it('a SCIM user needs a userName; active may be text; other attributes pass', () => {
    const ok = ScimUserInputSchema.safeParse({ userName: ' ada ', active: 'False', addresses: [{ country: 'DE' }] });
    expect(ok.success && ok.data).toMatchObject({ userName: 'ada', active: false });
    const missing = ScimUserInputSchema.safeParse({ name: { givenName: 'Ada' } });
    expect(missing.success ? [] : missing.error.issues.map((i) => i.path)).toEqual([['userName']]);
    expect(ScimUserInputSchema.safeParse({ userName: 'a', active: 'maybe' }).success).toBe(false);
  });

  it('PatchOp op names in any case, only add, replace and remove', () => {
    const parsed = ScimPatchSchema.safeParse({ Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    expect(parsed.success && parsed.data.Operations[0]!.op).toBe('replace');
    expect(ScimPatchSchema.safeParse({ Operations: [{ op: 'move' }] }).success).toBe(false);
    expect(ScimPatchSchema.safeParse({ Operations: [] }).success).toBe(false);
  });

  it('the scim scope: end users of one organization; an app with it must be bound; the first client never has it', () => {
    expect(clientPermissions(['scim'], true).sort()).toEqual(['end_users.write', 'organizations.read', 'roles.read', 'users.read']);
    const unbound = CreateOAuthClientRequestSchema.safeParse({ name: 'IdP', scopes: ['scim'] });
    expect(unbound.success ? [] : unbound.error.issues.map((i) => i.path)).toEqual([['organizationId']]);
    expect(CreateOAuthClientRequestSchema.safeParse({ name: 'IdP', scopes: ['scim'], organizationId: '0190d6a8-0000-7000-8000-000000000001' }).success).toBe(true);
    expect(tenantWideScopes).not.toContain('scim');
  });
});
