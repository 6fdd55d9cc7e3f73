import { describe, expect, it } from 'vitest';
import { createUserSchema, patchUserSchema, passwordRules } from './user-input.js';
import { profilePresets } from './profile.js';
import { phoneMetadata } from './phone-metadata.js';
import { toIssues } from './errors.js';

const issuesOf = (r: { success: boolean; error?: { issues: unknown[] } }) => (r.success ? [] : toIssues(r.error!.issues as never));

describe('createUserSchema', () => {
  const ninja = createUserSchema(profilePresets.ninjaone, phoneMetadata);
  const kaseya = createUserSchema(profilePresets.kaseyaone, phoneMetadata);

  it('accepts a technician and normalizes the phone to E.164', () => {
    const r = ninja.parse({ kind: 'technician', firstName: ' Jörg ', lastName: 'Meier', email: 'j@x.example', phone: "'+1 888 667 8888" });
    expect(r).toMatchObject({ firstName: 'Jörg', phone: '+18886678888' });
    expect(ninja.parse({ kind: 'technician', firstName: 'A', lastName: 'B', email: 'a@b.example', phone: '' }).phone).toBeNull();
  });

  it('refuses unknown fields one by one (no mass assignment)', () => {
    const r = ninja.safeParse({ kind: 'technician', firstName: 'A', lastName: 'B', email: 'a@b.example', status: 'active', tenantId: 'x', isRootAdmin: true });
    expect(issuesOf(r).map((i) => i.path.join('.')).sort()).toEqual(['isRootAdmin', 'status', 'tenantId']);
  });

  it('end users need an organization; availability is for technicians', () => {
    const r = ninja.safeParse({ kind: 'end_user', firstName: 'A', lastName: 'B', email: 'a@b.example', availability: 'available' });
    expect(issuesOf(r)).toEqual([
      { path: ['organizationId'], message: 'End users need an organization.', code: 'user.organization_required' },
      { path: ['availability'], message: 'Availability applies to technicians only.', code: 'user.availability_technicians_only' },
    ]);
  });

  it('kaseyaone collects no phone and checks the username', () => {
    expect(issuesOf(kaseya.safeParse({ kind: 'technician', firstName: 'A', lastName: 'B', email: 'a@b.example', phone: '+18886678888' }))).toEqual([
      { path: ['phone'], message: 'This tenant does not collect phone numbers.', code: 'phone.not_collected' },
    ]);
    expect(issuesOf(kaseya.safeParse({ kind: 'technician', firstName: 'A', lastName: 'B', email: 'a@b.example', username: 'a?b' }))[0]!.path).toEqual(['username']);
  });

  it('kaseyaone (seed 004: each user must be assigned to one role): exactly one role at creation, the issue at roleIds', () => {
    const person = { kind: 'technician', firstName: 'A', lastName: 'B', email: 'a@b.example' };
    const one = '0190a5b0-0000-7000-8000-000000000001';
    const two = '0190a5b0-0000-7000-8000-000000000002';
    expect(issuesOf(kaseya.safeParse(person))).toEqual([{ path: ['roleIds'], message: 'Choose a role: each user of this tenant has exactly one.', code: 'role.one_required' }]);
    expect(issuesOf(kaseya.safeParse({ ...person, roleIds: [one, two] }))).toEqual([
      { path: ['roleIds'], message: 'Choose only one role: each user of this tenant has exactly one.', code: 'role.only_one' },
    ]);
    expect(issuesOf(kaseya.safeParse({ ...person, roleIds: [one, one] }))).toEqual([]); // the same role twice is one role
    expect(issuesOf(kaseya.safeParse({ ...person, roleIds: [one] }))).toEqual([]);
    // Elsewhere any number; and where the profile gives new technicians a default role (Atera's Beginner), none is one.
    expect(issuesOf(ninja.safeParse({ ...person, roleIds: [one, two] }))).toEqual([]);
    expect(issuesOf(ninja.safeParse(person))).toEqual([]);
    const oneWithDefault = createUserSchema({ ...profilePresets.atera, rolesPerUser: 'one' }, phoneMetadata);
    expect(issuesOf(oneWithDefault.safeParse(person))).toEqual([]);
    expect(issuesOf(oneWithDefault.safeParse({ ...person, roleIds: [one, two] }))[0]!.code).toBe('role.only_one');
  });
});

describe('patchUserSchema and passwords', () => {
  it('refuses a username change with a clear message', () => {
    const r = patchUserSchema(profilePresets.kaseyaone, phoneMetadata).safeParse({ username: 'new' });
    expect(issuesOf(r)).toEqual([{ path: ['username'], message: 'Username cannot be changed after the user is saved.', code: 'username.immutable' }]);
  });
  it('password length follows the profile', () => {
    expect(passwordRules(profilePresets.default).safeParse('eleven-char').success).toBe(false);
    expect(passwordRules(profilePresets.default).safeParse('twelve-chars').success).toBe(true);
    expect(passwordRules(profilePresets.ninjaone).safeParse('8 chars!').success).toBe(true);
  });
});
